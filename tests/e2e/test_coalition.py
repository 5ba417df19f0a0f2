"""Issue 7, "done when": a coalition of five nations stood up on one machine, as in the README.

The walk-through, command for command (the shell version is in the README):

1. ``allied sharing collections add coalition --title ... --db URL``;
2. ``allied sharing users add NAME --nation N --clearance C --read coalition
   [--write coalition] --db URL`` for the USA, GBR, AUS, POL and JPN (each
   prints its API key once);
3. ``allied sharing serve --db URL --port PORT`` (a child process here);
4. the USA pushes tests/sharing/fixtures/coalition_bundle.json with
   ``allied sharing push BUNDLE --url .../collections/coalition/ --key KEY``;
5. each nation pulls the collection through ``taxii2-client`` and receives
   exactly what it may see (the sets below, worked out by hand from the rules
   and cross-checked against :func:`allied.sharing.policy.decide`);
6. ``allied sharing audit verify --db URL`` exits 0.

Every request goes to 127.0.0.1 with a timeout; the server is stopped at the end.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from requests.adapters import HTTPAdapter

from allied.cli import main
from allied.sharing.policy import Recipient, decide, marking_from_definition, object_markings

BUNDLE = Path(__file__).resolve().parents[1] / "sharing" / "fixtures" / "coalition_bundle.json"
TIMEOUT = 30.0

# (user name, nation, clearance): national levels, except Poland's NATO SECRET.
NATIONS = {
    "USA": ("usa-cybercom", "TS"),
    "GBR": ("gbr-ncsc", "S"),
    "AUS": ("aus-asd", "S"),
    "POL": ("pol-cyber", "NS"),
    "JPN": ("jpn-nisc", "S"),
}

# The bundle's objects, by what they are (ids as written in the fixture).
IDENTITY = "identity--8fc9e4e4-6fd6-47ad-bcff-18ab6040e83a"  # TLP:CLEAR
MD_ACS_FVEY = (
    "marking-definition--22c9d75d-8165-436a-8232-3d31ff12ff55"  # ACS S, USA GBR CAN AUS NZL
)
MD_ACS_NOFORN = "marking-definition--2448974c-5db8-48a1-a7d7-470610272b0f"  # ACS S, NF
MD_REL_FVEY = "marking-definition--136c90b4-c28a-4357-a83e-bc7b07e124ee"  # "SECRET//REL TO FVEY"
MD_NATO = "marking-definition--3bdee48a-3f12-44e0-8024-25dbd453cc03"  # "NATO SECRET//REL TO NATO"
MD_USA_JPN = "marking-definition--4c33027e-23fc-4d07-a471-30a66e437e14"  # "SECRET//REL TO USA, JPN"
GREEN = "indicator--cca77fd5-703e-4003-8f32-e69f21cf0e9f"  # TLP:GREEN
AMBER = "indicator--b2ff9f25-9c96-4bd3-99d6-3e42373a347a"  # TLP:AMBER
RED = "indicator--40d6b097-8415-479d-a42c-02477bc470f4"  # TLP:RED
STRICT = "indicator--3aa8e36b-258a-4023-baa0-412eaac9e58b"  # TLP:AMBER+STRICT
GRANULAR = "indicator--8996d43e-b93e-41a5-aaed-42381d4096db"  # GREEN, description under TLP:RED
REL_FVEY = "indicator--eff67adb-0e8d-4011-801c-1357e04d949a"  # SECRET//REL TO FVEY
REL_USA_JPN = "indicator--736f9fda-d17c-49e0-a825-aa66affd3e82"  # SECRET//REL TO USA, JPN
MALWARE = "malware--dde659db-932f-46ca-b058-be13d58bc3c2"  # ACS S REL TO FVEY + TLP:AMBER
INTRUSION_SET = "intrusion-set--0985c0c5-3591-4c5d-8acd-47181698085b"  # NATO SECRET REL TO NATO
NOTE = "note--0339a7f0-b633-4747-b70f-e8040ea6bad3"  # ACS S NOFORN
R_FVEY_MALWARE = "relationship--1e0c947b-f641-4b60-9276-15fb51f5a99b"  # REL_FVEY indicates MALWARE
R_GREEN_ISET = "relationship--d205c126-91f5-4feb-bc2d-81e1238a911b"  # GREEN indicates INTRUSION_SET
R_RED_MALWARE = "relationship--9e64a02a-81fa-440a-918b-58274265e85d"  # RED indicates MALWARE
R_ISET_MALWARE = "relationship--f5ac5736-553b-4e08-ad45-9482be98af76"  # INTRUSION_SET uses MALWARE
REPORT = "report--bc75f497-e485-4029-8e0b-c99f43fdcf8e"  # TLP:GREEN, refs six objects

# Objects decided by their own markings alone; the USA (originator, TOP SECRET) sees all.
#   CLEAR, GREEN, AMBER: every participant (TLP 2.0: the community / participants' organisations).
#   RED, AMBER+STRICT, NOFORN: the originator's nation only.
#   REL TO FVEY (S): GBR and AUS (FVEY members; S clearance; the Five Eyes agreement covers TS).
#   NATO SECRET REL TO NATO: GBR (S = NS under NATO's equivalences) and POL (cleared NS);
#     AUS and JPN are not NATO members.
#   REL TO USA, JPN (S): JPN (US-Japan GSOMIA covers TOP SECRET).
OWN_MARKINGS = {
    IDENTITY: {"USA", "GBR", "AUS", "POL", "JPN"},
    GREEN: {"USA", "GBR", "AUS", "POL", "JPN"},
    AMBER: {"USA", "GBR", "AUS", "POL", "JPN"},
    GRANULAR: {"USA", "GBR", "AUS", "POL", "JPN"},
    RED: {"USA"},
    STRICT: {"USA"},
    NOTE: {"USA"},
    REL_FVEY: {"USA", "GBR", "AUS"},
    MALWARE: {"USA", "GBR", "AUS"},
    INTRUSION_SET: {"USA", "GBR", "POL"},
    REL_USA_JPN: {"USA", "JPN"},
    REPORT: {"USA", "GBR", "AUS", "POL", "JPN"},
}
# Relationships (all TLP:GREEN) go where both ends go; marking definitions go with
# a released object that uses them.
DERIVED = {
    R_FVEY_MALWARE: {"USA", "GBR", "AUS"},
    R_GREEN_ISET: {"USA", "GBR", "POL"},
    R_RED_MALWARE: {"USA"},
    R_ISET_MALWARE: {"USA", "GBR"},
    MD_ACS_FVEY: {"USA", "GBR", "AUS"},
    MD_REL_FVEY: {"USA", "GBR", "AUS"},
    MD_NATO: {"USA", "GBR", "POL"},
    MD_USA_JPN: {"USA", "JPN"},
    MD_ACS_NOFORN: {"USA"},
}
EXPECTED = {
    nation: {oid for table in (OWN_MARKINGS, DERIVED) for oid, to in table.items() if nation in to}
    for nation in NATIONS
}
# The report keeps only the references a nation may follow.
REPORT_REFS = {
    "USA": {GREEN, AMBER, GRANULAR, MALWARE, INTRUSION_SET, NOTE},
    "GBR": {GREEN, AMBER, GRANULAR, MALWARE, INTRUSION_SET},
    "AUS": {GREEN, AMBER, GRANULAR, MALWARE},
    "POL": {GREEN, AMBER, GRANULAR, INTRUSION_SET},
    "JPN": {GREEN, AMBER, GRANULAR},
}


def test_the_hand_computed_sets_are_what_decide_says() -> None:
    objects = json.loads(BUNDLE.read_text(encoding="utf-8"))["objects"]
    assert {o["id"] for o in objects} == set(OWN_MARKINGS) | set(DERIVED)
    assert {n: len(ids) for n, ids in EXPECTED.items()} == {
        "USA": 21,
        "GBR": 14,
        "AUS": 10,
        "POL": 8,
        "JPN": 7,
    }
    definitions = {
        o["id"]: marking_from_definition(o) for o in objects if o["type"] == "marking-definition"
    }
    today = datetime.now(UTC).date()
    by_id = {o["id"]: o for o in objects}
    for oid, nations in OWN_MARKINGS.items():
        markings = object_markings(by_id[oid], definitions)
        for nation, (_, clearance) in NATIONS.items():
            decision = decide(markings, Recipient(nation, clearance), on=today, originator="USA")
            assert decision.allowed == (nation in nations), (oid, nation, decision.reasons)


# --- the walk-through ------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """``allied ARGS`` in this process; its standard output (it must exit 0)."""
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


class _Timeout(HTTPAdapter):
    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["timeout"] = kwargs.get("timeout") or TIMEOUT
        return super().send(request, **kwargs)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A database URL and the base URL of ``allied sharing serve`` running over it."""
    db = f"sqlite:///{tmp_path / 'coalition.db'}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = ["sharing", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    code = "from allied.cli import main; main()"
    server = subprocess.Popen([sys.executable, "-c", code, *command], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                httpx.get(f"{base}/taxii2/", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield db, base
    finally:
        server.terminate()
        server.wait(timeout=TIMEOUT)
        log.close()


def _pull(collection_url: str, key: str) -> list[dict[str, Any]]:
    """Every object of the collection, through taxii2-client, five per page."""
    from taxii2client.common import TokenAuth, _HTTPConnection
    from taxii2client.v21 import Collection, as_pages

    conn = _HTTPConnection(auth=TokenAuth(key), version="2.1")
    conn.session.mount("http://", _Timeout())
    try:
        collection = Collection(collection_url, conn=conn)
        assert collection.can_read
        return [
            o
            for page in as_pages(collection.get_objects, per_request=5)
            for o in page.get("objects", [])
        ]
    finally:
        conn.close()


def test_a_coalition_of_five_nations(
    served: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, base = served
    out = _run(
        capsys, "sharing", "collections", "add", "coalition", "--title", "GLASS HARBOR", "--db", db
    )
    keys: dict[str, str] = {}
    for nation, (user, clearance) in NATIONS.items():
        write = ["--write", "coalition"] if nation == "USA" else []
        out = _run(
            capsys,
            "sharing", "users", "add", user, "--nation", nation, "--clearance", clearance,
            "--read", "coalition", *write, "--db", db,
        )  # fmt: skip
        keys[nation] = out.strip().splitlines()[-1]
    assert len(set(keys.values())) == len(NATIONS)

    url = f"{base}/api/collections/coalition/"
    out = _run(capsys, "sharing", "push", str(BUNDLE), "--url", url, "--key", keys["USA"])
    assert "total 21, succeeded 21, failed 0" in out

    for nation in NATIONS:
        objects = _pull(url, keys[nation])
        ids = [o["id"] for o in objects]
        assert len(ids) == len(set(ids)), nation
        assert set(ids) == EXPECTED[nation], nation
        by_id = {o["id"]: o for o in objects}
        assert set(by_id[REPORT]["object_refs"]) == REPORT_REFS[nation], nation
        # the description under TLP:RED stays with the originator
        assert ("description" in by_id[GRANULAR]) == (nation == "USA"), nation
        assert by_id[GRANULAR]["pattern"] == "[url:value = 'http://update-portal.example/b.php']"

    # a nation that is not a user gets nothing at all
    anonymous = httpx.get(url + "objects/", timeout=TIMEOUT)
    assert anonymous.status_code == 401

    out = _run(capsys, "sharing", "audit", "verify", "--db", db)
    assert "verified" in out
