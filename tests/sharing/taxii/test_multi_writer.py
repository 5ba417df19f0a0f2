"""The multi-writer leak suite: two writing nations, six readers, exact delivered sets.

The red-team cases of issue 14, on SQLite and PostgreSQL (``storage_url``).
Six nations (USA, GBR, AUS, POL, JPN, CAN) read and write one collection at
TOP SECRET; every test asserts the exact set of objects each nation receives.
Each failed before ownership was decided in the write transaction: GBR could
version or revoke the USA's objects, a redefined marking definition was
refused while the objects using it were served, concurrent redefinitions both
got stored, and a POST named duplicates and conflicts with withheld versions.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import TAXII_MEDIA_TYPE as TAXII
from allied.sharing.taxii import TaxiiService, create_app

_spec = importlib.util.spec_from_file_location(
    "_ownership_tests", Path(__file__).parents[1] / "store" / "test_ownership.py"
)
assert _spec is not None and _spec.loader is not None
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)
V1, V2, at_once, definition, sid = (
    _helpers.V1,
    _helpers.V2,
    _helpers.at_once,
    _helpers.definition,
    _helpers.sid,
)

NATIONS = ("USA", "GBR", "AUS", "POL", "JPN", "CAN")
ON = datetime(2025, 6, 1, tzinfo=UTC)
# TLP 2.0 CLEAR, GREEN and RED (STIX 2.1 section 7.2.1.4 and the FIRST TLP 2.0 ids)
TLP_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
TLP_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
EVERYONE = frozenset(NATIONS)


def common(kind: str, name: str, marking: str, modified: str = V1) -> dict[str, Any]:
    return {
        "type": kind,
        "spec_version": "2.1",
        "id": sid(kind, name),
        "created": V1,
        "modified": modified,
        "object_marking_refs": [marking],
    }


def indicator(name: str, marking: str, *, modified: str = V1) -> dict[str, Any]:
    return {
        **common("indicator", name, marking, modified),
        "pattern": "[ipv4-addr:value = '198.51.100.7']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
    }


def malware(name: str, marking: str, *, modified: str = V1, **extra: Any) -> dict[str, Any]:
    return {**common("malware", name, marking, modified), "name": name, "is_family": False, **extra}


@dataclass
class Exchange:
    storage: Storage
    client: TestClient
    keys: dict[str, str]

    def headers(self, nation: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[nation]}", "Accept": TAXII}

    def post(self, nation: str, objects: list[dict[str, Any]]) -> dict[str, Any]:
        response = self.client.post(
            "/api/collections/intel/objects/",
            content=json.dumps({"objects": objects}),
            headers={**self.headers(nation), "Content-Type": TAXII},
        )
        assert response.status_code == 202, response.text
        return dict(response.json())

    def delivered(self, nation: str) -> set[tuple[str, str]]:
        """Every (id, version) ``nation`` receives, every version (paged to the end)."""
        found: set[tuple[str, str]] = set()
        params: dict[str, str] = {"match[version]": "all"}
        while True:
            response = self.client.get(
                "/api/collections/intel/objects/", params=params, headers=self.headers(nation)
            )
            assert response.status_code == 200, response.text
            body = response.json()
            found |= {
                (o["id"], o.get("modified", o.get("created", ""))) for o in body.get("objects", [])
            }
            if not body.get("more"):
                return found
            params = {**params, "next": body["next"]}

    def assert_delivered(self, expected: dict[str, set[tuple[str, str]]]) -> None:
        """Each nation receives exactly its expected set (default: nothing)."""
        actual = {nation: self.delivered(nation) for nation in NATIONS}
        assert actual == {nation: expected.get(nation, set()) for nation in NATIONS}


@pytest.fixture
def ex(storage_url: str) -> Iterator[Exchange]:
    storage = open_storage(storage_url)
    storage.create_collection("intel", title="Coalition")
    keys = {
        nation: storage.add_user(
            nation.lower(), nation=nation, clearance="TS", can_write=("intel",)
        )
        for nation in NATIONS
    }
    try:
        yield Exchange(storage, TestClient(create_app(storage, clock=lambda: ON)), keys)
    finally:
        storage.close()


def key(obj: dict[str, Any]) -> tuple[str, str]:
    return obj["id"], obj.get("modified", obj["created"])


def to(nations: frozenset[str] | set[str], *objects: dict[str, Any]) -> dict[str, set[Any]]:
    return {nation: {key(o) for o in objects} for nation in nations}


def merge(*parts: dict[str, set[Any]]) -> dict[str, set[Any]]:
    merged: dict[str, set[Any]] = {}
    for part in parts:
        for nation, keys in part.items():
            merged.setdefault(nation, set()).update(keys)
    return merged


def post_at_once(ex: Exchange, envelopes: dict[str, list[dict[str, Any]]]) -> None:
    """Each nation of ``envelopes`` posts its envelope through the service, all at once."""
    service = TaxiiService(ex.storage, clock=lambda: ON)

    def poster(nation: str) -> Any:
        user = ex.storage.user_for_key(ex.keys[nation])
        assert user is not None
        body = json.dumps({"objects": envelopes[nation]}).encode()
        return lambda: service.add_objects(user, "intel", body)

    at_once(*(poster(nation) for nation in envelopes))


def bare(status: dict[str, Any]) -> list[Any]:
    """What a status says about each object, without the object's own id and version."""
    return [
        sorted(set(detail) - {"id", "version"}) or ["plain"]
        for part in ("successes", "failures", "pendings")
        for detail in status[part]
    ] + [status["success_count"], status["failure_count"], status["pending_count"]]


# ----------------------------------------------------------- marking definitions


def test_a_redefinition_the_writer_cannot_see_and_its_indicator_go_nowhere(ex: Exchange) -> None:
    """GBR posts an UNCLASSIFIED definition; the USA posts the id as S//NOFORN with an
    indicator using it. The USA cannot read GBR's definition (no object it may see
    uses it), so its answer is a new object's; nothing of the USA's is stored."""
    clear = definition("d1", "UNCLASSIFIED")
    assert ex.post("GBR", [clear])["success_count"] == 1
    usa_indicator = indicator("usa-1", clear["id"])
    status = ex.post("USA", [definition("d1", "SECRET//NOFORN", created=V2), usa_indicator])
    fresh = ex.post("USA", [definition("fresh", "SECRET//NOFORN"), indicator("usa-2", TLP_RED)])
    assert bare(status) == bare(fresh) == [["plain"], ["plain"], 2, 0, 0]
    assert ex.storage.objects("intel", ids=[usa_indicator["id"]]) == []
    assert [o.originator for o in ex.storage.objects("intel", ids=[clear["id"]])] == ["GBR"]
    red = indicator("usa-2", TLP_RED)
    ex.assert_delivered(to({"USA"}, red))


def test_a_redefinition_of_a_definition_in_use_is_refused_with_its_objects(
    ex: Exchange,
) -> None:
    clear = definition("d2", "UNCLASSIFIED")
    gbr_indicator = indicator("gbr-1", clear["id"])
    assert ex.post("GBR", [clear, gbr_indicator])["success_count"] == 2
    usa_indicator = indicator("usa-3", clear["id"])
    status = ex.post("USA", [usa_indicator, definition("d2", "SECRET//NOFORN")])
    assert (status["success_count"], status["failure_count"]) == (0, 2)
    messages = {f["id"]: f["message"] for f in status["failures"]}
    assert "cannot be changed" in messages[clear["id"]]
    assert messages[usa_indicator["id"]].startswith(f"uses marking definition {clear['id']}")
    ex.assert_delivered(to(EVERYONE, clear, gbr_indicator))


def test_thirty_simultaneous_conflicting_definitions_never_store_both_or_leak(
    ex: Exchange,
) -> None:
    """Fifteen rounds of GBR (UNCLASSIFIED) and the USA (S//NOFORN) posting one new
    definition id at the same instant, each with its own indicator using it."""
    expected: list[dict[str, set[Any]]] = []
    for round_ in range(15):
        name = f"race-{round_}"
        ref = sid("marking-definition", name)
        envelopes = {
            nation: [definition(name, statement), indicator(f"{name}-{nation}", ref)]
            for nation, statement in (("GBR", "UNCLASSIFIED"), ("USA", "SECRET//NOFORN"))
        }
        post_at_once(ex, envelopes)
        stored = ex.storage.objects("intel", ids=[sid("marking-definition", name)])
        assert len(stored) == 1
        winner = stored[0].originator
        loser = "USA" if winner == "GBR" else "GBR"
        assert ex.storage.objects("intel", ids=[envelopes[loser][1]["id"]]) == []
        readers = EVERYONE if winner == "GBR" else {"USA"}
        expected.append(to(readers, *envelopes[winner]))
    ex.assert_delivered(merge(*expected))


# --------------------------------------------------------------- object versions


def usa_red_family(ex: Exchange) -> dict[str, dict[str, Any]]:
    """The USA's TLP:RED indicator and the TLP:GREEN objects built on it."""
    family = {
        "indicator": indicator("usa-red", TLP_RED),
        "malware": malware("usa-green", TLP_GREEN),
    }
    family["relationship"] = {
        **common("relationship", "usa-rel", TLP_GREEN),
        "relationship_type": "indicates",
        "source_ref": family["indicator"]["id"],
        "target_ref": family["malware"]["id"],
    }
    family["report"] = {
        **common("report", "usa-report", TLP_GREEN),
        "name": "Campaign",
        "published": V1,
        "object_refs": [family["indicator"]["id"]],
    }
    family["note"] = {
        **common("note", "usa-note", TLP_GREEN),
        "content": "seen again",
        "object_refs": [family["indicator"]["id"]],
    }
    assert ex.post("USA", list(family.values()))["success_count"] == 5
    return family


def test_a_new_version_of_another_nations_withheld_indicator_is_refused_unseen(
    ex: Exchange,
) -> None:
    """GBR posts a TLP:CLEAR "new version" under the id of the USA's TLP:RED
    indicator: refused, answered as a new object's, and the USA's relationship,
    report and note built on the indicator still reach no one else."""
    family = usa_red_family(ex)
    hijack = indicator("usa-red", TLP_CLEAR, modified=V2)
    status = ex.post("GBR", [hijack])
    fresh = ex.post("GBR", [indicator("gbr-own", TLP_CLEAR)])
    assert bare(status) == bare(fresh) == [["plain"], 1, 0, 0]
    assert status["successes"] == [{"id": hijack["id"], "version": V2}]
    assert [o.version for o in ex.storage.objects("intel", ids=[hijack["id"]])] == [V1]
    ex.assert_delivered(
        merge(
            to({"USA"}, *family.values()),
            to(EVERYONE - {"USA"}, family["malware"]),
            to(EVERYONE, indicator("gbr-own", TLP_CLEAR)),
        )
    )


def test_another_nation_cannot_revoke_or_version_an_object_it_sees(ex: Exchange) -> None:
    family = usa_red_family(ex)
    revoke = malware("usa-green", TLP_GREEN, modified=V2, revoked=True)
    reworded = malware("usa-green", TLP_CLEAR, modified=V2, description="GBR's text")
    for attempt in (revoke, reworded):
        status = ex.post("GBR", [attempt])
        assert status["failure_count"] == 1
        assert "belongs to another nation" in status["failures"][0]["message"]
    ex.assert_delivered(
        merge(to({"USA"}, *family.values()), to(EVERYONE - {"USA"}, family["malware"]))
    )
    # the originator itself may revoke
    assert ex.post("USA", [revoke])["success_count"] == 1
    assert (family["malware"]["id"], V2) in ex.delivered("AUS")


def test_racing_versions_of_one_new_id_from_two_nations_leave_one_owner(ex: Exchange) -> None:
    """Ten rounds: the USA (TLP:RED) and GBR (TLP:CLEAR) post the first versions of one
    new id at the same instant; only the winner's version exists and is served."""
    expected: list[dict[str, set[Any]]] = []
    for round_ in range(10):
        name = f"id-race-{round_}"
        envelopes = {
            "USA": indicator(name, TLP_RED, modified=V1),
            "GBR": indicator(name, TLP_CLEAR, modified=V2),
        }
        post_at_once(ex, {nation: [obj] for nation, obj in envelopes.items()})
        stored = ex.storage.objects("intel", ids=[sid("indicator", name)])
        assert len(stored) == 1
        winner = stored[0].originator
        expected.append(to({"USA"} if winner == "USA" else EVERYONE, envelopes[winner]))
    ex.assert_delivered(merge(*expected))


def test_a_probe_of_a_withheld_version_reads_as_a_new_object(ex: Exchange) -> None:
    """Item 8: an exact copy or a conflicting copy of the USA's TLP:RED indicator gets
    GBR the answer a new object gets; a visible one is named."""
    family = usa_red_family(ex)
    red = family["indicator"]
    for probe in (red, {**red, "pattern": "[ipv4-addr:value = '203.0.113.1']"}):
        status = ex.post("GBR", [probe])
        assert status["successes"] == [{"id": red["id"], "version": V1}]
        assert bare(status) == [["plain"], 1, 0, 0]
    assert ex.post("GBR", [family["malware"]])["successes"][0]["message"] == (
        "already in the collection; not added again"
    )
    ex.assert_delivered(
        merge(to({"USA"}, *family.values()), to(EVERYONE - {"USA"}, family["malware"]))
    )


def test_an_object_using_a_definition_refused_in_its_envelope_is_refused_too(
    ex: Exchange,
) -> None:
    """The TLP 1.0 WHITE id declaring RED is refused before storage; the indicator
    that uses it in the same envelope was stored and served as CLEAR (issue 14)."""
    white = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
    forged = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": white,
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "definition": {"tlp": "red"},
    }
    status = ex.post("USA", [forged, indicator("uses-forged", white)])
    assert (status["success_count"], status["failure_count"]) == (0, 2)
    assert status["failures"][1]["message"].startswith(f"uses marking definition {white}")
    ex.assert_delivered({})


_storage_spec = importlib.util.spec_from_file_location(
    "_storage_tests", Path(__file__).parents[1] / "store" / "test_storage.py"
)
assert _storage_spec is not None and _storage_spec.loader is not None
_storage_tests = importlib.util.module_from_spec(_storage_spec)
_storage_spec.loader.exec_module(_storage_tests)


@pytest.mark.parametrize("case", [str, str.upper], ids=["same-id", "upper-cased-id"])
def test_a_version_stored_by_a_non_owner_before_ownership_is_never_served(
    ex: Exchange, case: Any
) -> None:
    """A database written before ownership may hold GBR's TLP:CLEAR "new version" of the
    USA's TLP:RED indicator (put there with SQL, as the old write path stored it): it
    must not release the indicator, nor the relationship, report and note built on it."""
    family = usa_red_family(ex)
    ex.assert_delivered(  # the views are computed before the legacy row appears
        merge(to({"USA"}, *family.values()), to(EVERYONE - {"USA"}, family["malware"]))
    )
    prefix, uuid_part = family["indicator"]["id"].split("--")
    hijack_id = f"{prefix}--{case(uuid_part)}"
    legacy = {**indicator("usa-red", TLP_CLEAR, modified=V2), "id": hijack_id}
    hijack = json.dumps(legacy).replace("'", "''")
    _storage_tests.raw(
        ex.storage,
        [
            "INSERT INTO objects (collection_id, id, type, version, spec_version, "
            "date_added_us, originator, added_by, object) VALUES ('intel', "
            f"'{hijack_id}', 'indicator', '{V2}', '2.1', "
            f"9000000000000000, 'GBR', 'gbr', '{hijack}')",
            "UPDATE collections SET version = version + 1 WHERE id = 'intel'",
        ],
    )
    assert [o.originator for o in ex.storage.objects("intel", types=["indicator"])] == [
        "USA",
        "GBR",
    ]
    ex.assert_delivered(
        merge(to({"USA"}, *family.values()), to(EVERYONE - {"USA"}, family["malware"]))
    )


def test_an_upper_cased_id_of_a_withheld_indicator_is_refused_unseen(ex: Exchange) -> None:
    family = usa_red_family(ex)
    prefix, uuid_part = family["indicator"]["id"].split("--")
    hijack = {
        **indicator("usa-red", TLP_CLEAR, modified=V2),
        "id": f"{prefix}--{uuid_part.upper()}",
    }
    assert uuid_part != uuid_part.upper()
    assert bare(ex.post("GBR", [hijack])) == [["plain"], 1, 0, 0]
    ex.assert_delivered(
        merge(to({"USA"}, *family.values()), to(EVERYONE - {"USA"}, family["malware"]))
    )
