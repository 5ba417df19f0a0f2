"""Attacks on the live TAXII server: replayed page tokens, fuzzed input, hostile patterns.

Every request goes to 127.0.0.1 with a timeout; hypothesis runs are bounded
(``max_examples``), so the module stops by itself. The anchors' defects that
these tests guard against are named in issue 7: medallion's page tokens are
not bound to the user or the collection, and it answers 500 on some bad input.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TAXII = "application/taxii+json;version=2.1"
TIMEOUT = 60.0
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
INTEL = "/api/collections/intel/objects/"
OTHER = "/api/collections/other/objects/"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def indicator(name: str, pattern: str | None = None) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid5(uuid.NAMESPACE_URL, name)}",
        "created": "2024-05-01T00:00:00.000Z",
        "modified": "2024-05-01T00:00:00.000Z",
        "name": name,
        "pattern": pattern or f"[domain-name:value = '{name}.example']",
        "pattern_type": "stix",
        "valid_from": "2024-05-01T00:00:00Z",
        "object_marking_refs": [TLP_GREEN],
    }


class Client:
    """Raw HTTP against the module's exchange, as one user."""

    def __init__(self, exchange: Any, user: str) -> None:
        self.base = exchange.server.url
        self.headers = {
            "Accept": TAXII,
            "Content-Type": TAXII,
            "Authorization": f"Bearer {exchange.keys[user]}",
        }

    def get(self, path: str, params: Any = None) -> httpx.Response:
        return httpx.get(self.base + path, params=params, headers=self.headers, timeout=TIMEOUT)

    def post(self, path: str, body: bytes) -> httpx.Response:
        return httpx.post(self.base + path, content=body, headers=self.headers, timeout=TIMEOUT)

    def post_objects(self, path: str, objects: list[Any]) -> httpx.Response:
        return self.post(path, json.dumps({"objects": objects}).encode())


@pytest.fixture(scope="module")
def clients(module_exchange: Any) -> dict[str, Client]:
    """Clients per user; 12 indicators in ``intel`` and 12 in ``other``, pushed by the admin."""
    users = {user: Client(module_exchange, user) for user in module_exchange.keys}
    for path, prefix in ((INTEL, "intel"), (OTHER, "other")):
        objects = [indicator(f"{prefix}-{i}") for i in range(12)]
        response = users["admin"].post_objects(path, objects)
        assert response.status_code == 202, response.text
        assert response.json()["success_count"] == 12
    return users


@pytest.fixture(scope="module")
def keep_alive(module_exchange: Any, clients: dict[str, Client]) -> Iterator[httpx.Client]:
    """One keep-alive connection of the admin, for the whole module."""
    with httpx.Client(
        base_url=module_exchange.server.url, headers=clients["admin"].headers, timeout=TIMEOUT
    ) as client:
        yield client


# --- page tokens -----------------------------------------------------------------------


def _first_page(client: Client, path: str) -> dict[str, Any]:
    response = client.get(path, {"limit": 5})
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    assert page["more"] is True and len(page["objects"]) == 5
    return page


def test_a_page_token_works_for_its_own_user_and_collection(clients: dict[str, Client]) -> None:
    page = _first_page(clients["admin"], INTEL)
    again = clients["admin"].get(INTEL, {"limit": 5, "next": page["next"]})
    assert again.status_code == 200
    first_ids = {o["id"] for o in page["objects"]}
    assert first_ids.isdisjoint(o["id"] for o in again.json()["objects"])


def test_a_page_token_replayed_by_another_user_is_400(clients: dict[str, Client]) -> None:
    page = _first_page(clients["admin"], INTEL)
    stolen = clients["analyst"].get(INTEL, {"limit": 5, "next": page["next"]})
    assert stolen.status_code == 400, stolen.text


def test_a_page_token_replayed_on_another_collection_is_400(clients: dict[str, Client]) -> None:
    page = _first_page(clients["admin"], INTEL)
    moved = clients["admin"].get(OTHER, {"limit": 5, "next": page["next"]})
    assert moved.status_code == 400, moved.text


def test_a_page_token_replayed_on_the_manifest_of_another_collection_is_400(
    clients: dict[str, Client],
) -> None:
    page = _first_page(clients["admin"], INTEL)
    moved = clients["admin"].get("/api/collections/other/manifest/", {"next": page["next"]})
    assert moved.status_code == 400, moved.text


def test_a_forged_page_token_is_400(clients: dict[str, Client]) -> None:
    token = _first_page(clients["admin"], INTEL)["next"]
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for forged in (flipped, token + "x", "0", "a" * 5000):
        response = clients["admin"].get(INTEL, {"limit": 5, "next": forged})
        assert response.status_code == 400, (forged, response.status_code, response.text)


# --- fuzzing: never a 500 --------------------------------------------------------------

#: Odd strings: lone UTF-16 surrogates (json.dumps writes them as "\\ud800" escapes), NUL
#: and other controls, right-to-left overrides and bidi isolates, characters outside the
#: Basic Multilingual Plane, and very long strings; mixed with ordinary text.
ODD_TEXT = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1),
    st.text(alphabet=st.sampled_from("\x00\x01\x1f\u202e\u202d\u2066\u2069\u200d\ufeff")),
    st.text(alphabet=st.characters(min_codepoint=0x10000), max_size=10),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["x", "\u202e", "\U0001f600"]),
        st.integers(10_000, 200_000),
    ),
    st.text(max_size=40),
).flatmap(
    lambda core: st.builds(lambda a, b: a + core + b, st.text(max_size=3), st.text(max_size=3))
)

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | ODD_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
STIX_TYPES = st.sampled_from(
    ["indicator", "malware", "relationship", "report", "marking-definition", "bundle", "x-evil", ""]
)
STAMPS = st.sampled_from(
    ["2024-05-01T00:00:00.000Z", "2024-13-45T99:00:00Z", "", "yesterday", "2024-05-01"]
)


@st.composite
def stix_like(draw: st.DrawFn) -> dict[str, Any]:
    """An object that looks like STIX but may break any rule: ids, stamps, refs, markings."""
    kind = draw(STIX_TYPES)
    obj: dict[str, Any] = {
        "type": kind,
        "spec_version": draw(st.sampled_from(["2.1", "2.0", "9", ""])),
        "id": draw(
            st.sampled_from([f"{kind}--{uuid.uuid4()}", "not-an-id", f"{kind}--", ""])
            | st.text(max_size=40)
            | ODD_TEXT.map(lambda odd: f"{kind}--{odd}")
        ),
        "created": draw(STAMPS | ODD_TEXT),
        "modified": draw(STAMPS | ODD_TEXT),
    }
    extra = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "object_marking_refs",
                    "granular_markings",
                    "pattern",
                    "source_ref",
                    "object_refs",
                    "extensions",
                    "name",
                    "definition",
                ]
            ),
            JSON,
            max_size=4,
        )
    )
    obj.update(extra)
    if draw(st.booleans()):
        obj.pop(draw(st.sampled_from(sorted(obj))))
    return obj


@FUZZ
@given(body=st.binary(max_size=300))
def test_random_bytes_never_give_500(clients: dict[str, Client], body: bytes) -> None:
    assert clients["admin"].post(OTHER, body).status_code < 500


@FUZZ
@given(value=JSON)
def test_random_json_never_gives_500(clients: dict[str, Client], value: Any) -> None:
    response = clients["admin"].post(OTHER, json.dumps(value).encode())
    assert response.status_code < 500, response.text


@FUZZ
@given(objects=st.lists(stix_like(), min_size=1, max_size=4))
def test_malformed_stix_never_gives_500_nor_is_stored_half(
    clients: dict[str, Client], objects: list[dict[str, Any]]
) -> None:
    response = clients["admin"].post_objects(OTHER, objects)
    assert response.status_code < 500, response.text
    if response.status_code == 400 and response.json()["title"] == "Invalid Unicode":
        assert "lone UTF-16 surrogate" in response.json()["description"]
    if response.status_code == 202:
        status = response.json()
        assert status["total_count"] == len(objects)
        assert status["success_count"] + status["failure_count"] + status["pending_count"] == len(
            objects
        )


@FUZZ
@given(
    name=ODD_TEXT,
    field=st.sampled_from(["id", "modified", "name", "pattern", "x_odd"]),
    kind=st.sampled_from(["indicator", "marking-definition"]),
)
def test_odd_unicode_never_gives_500_and_the_connection_stays_usable(
    keep_alive: httpx.Client, name: str, field: str, kind: str
) -> None:
    """Odd strings in any field, on one keep-alive connection: a 4xx or a status, and the
    next request on the same connection is answered (a 500 once reset it)."""
    obj = indicator("odd")
    obj["type"] = kind
    obj[field] = f"{kind}--{name}" if field == "id" else name
    response = keep_alive.post(OTHER, content=json.dumps({"objects": [obj]}).encode())
    assert response.status_code in (202, 400, 413), response.text
    assert keep_alive.get(OTHER, params={"limit": 1}).status_code == 200


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_does_not_allow_are_a_400_not_a_500(
    clients: dict[str, Client], number: str
) -> None:
    """Python's json reads NaN, Infinity and 1e400 (as inf); RFC 8259 has none of them.
    A marking definition with ``source_ref: NaN`` once ended in a 500 (found by hypothesis)."""
    definition = (
        '{"type": "marking-definition", "spec_version": "2.1", '
        f'"id": "marking-definition--{uuid.uuid4()}", '
        '"created": "2024-05-01T00:00:00.000Z", "modified": "2024-05-01T00:00:00.000Z", '
        f'"source_ref": {number}}}'
    )
    response = clients["admin"].post(OTHER, f'{{"objects": [{definition}]}}'.encode())
    assert response.status_code == 400, response.text
    assert "no NaN or Infinity" in response.json()["description"]


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "added_after",
                "limit",
                "next",
                "match[id]",
                "match[type]",
                "match[version]",
                "match[spec_version]",
                "match[",
                "x",
            ]
        ),
        st.text(max_size=40) | st.sampled_from(["-1", "0", "10**9", "99999999999999999999"]),
        max_size=4,
    ),
    path=st.sampled_from([INTEL, "/api/collections/intel/manifest/", f"{INTEL}x/versions/"]),
)
def test_fuzzed_query_parameters_never_give_500(
    clients: dict[str, Client], params: dict[str, str], path: str
) -> None:
    response = clients["analyst"].get(path, params)
    assert response.status_code < 500, response.text


# --- hostile patterns ------------------------------------------------------------------


def _refused(clients: dict[str, Client], obj: dict[str, Any]) -> None:
    """``obj`` is refused (a failure in the status, or 400/413/422) and not stored."""
    response = clients["admin"].post_objects(OTHER, [obj])
    assert response.status_code in (202, 400, 413, 422), response.text
    if response.status_code == 202:
        status = response.json()
        assert (status["success_count"], status["failure_count"]) == (0, 1)
        assert [f["id"] for f in status["failures"]] == [obj["id"]]
    stored = clients["admin"].get(f"{OTHER}{obj['id']}/")
    assert stored.status_code == 404, stored.text


def test_a_deeply_nested_pattern_is_refused(clients: dict[str, Client]) -> None:
    depth = 2000
    pattern = "(" * depth + "[ipv4-addr:value = '203.0.113.1']" + ")" * depth
    _refused(clients, indicator("deep-pattern", pattern))


def test_a_deep_bracket_observation_nesting_is_refused(clients: dict[str, Client]) -> None:
    depth = 400
    pattern = "[" * depth + "ipv4-addr:value = '203.0.113.1'" + "]" * depth
    _refused(clients, indicator("deep-brackets", pattern))


def test_a_huge_pattern_is_refused(clients: dict[str, Client]) -> None:
    comparisons = [
        f"[ipv4-addr:value = '10.{i // 65536}.{i // 256 % 256}.{i % 256}']" for i in range(40_000)
    ]
    pattern = " OR ".join(comparisons)  # about 1.5 MB, under the 10 MiB body limit
    _refused(clients, indicator("huge-pattern", pattern))


def test_deeply_nested_json_gives_a_client_error(clients: dict[str, Client]) -> None:
    depth = 100_000
    body = ('{"objects": [' + "[" * depth + "]" * depth + "]}").encode()
    response = clients["admin"].post(OTHER, body)
    assert 400 <= response.status_code < 500, response.text


def test_a_good_pattern_still_goes_in(clients: dict[str, Client]) -> None:
    """The control: an ordinary indicator goes in, so the refusals above mean something."""
    good = indicator("ordinary-pattern")
    response = clients["admin"].post_objects(OTHER, [good])
    assert response.status_code == 202 and response.json()["success_count"] == 1
    assert clients["admin"].get(f"{OTHER}{good['id']}/").json()["objects"] == [good]


# --- a tampered audit log --------------------------------------------------------------


def _tamper(db: str, sql: str, params: tuple[Any, ...]) -> None:
    """Run ``sql`` on the audit table after removing its append-only guard, as an intruder would."""
    if db.startswith("sqlite:"):
        import sqlite3

        lite = sqlite3.connect(db.removeprefix("sqlite:///"))
        try:
            lite.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
            lite.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
            lite.execute(sql.replace("%s", "?"), params)
            lite.commit()
        finally:
            lite.close()
        return
    import psycopg
    from psycopg import sql as pgsql

    base, _, query = db.partition("?")
    schema = dict(part.split("=", 1) for part in query.split("&") if part)["schema"]
    with psycopg.connect(base, connect_timeout=10) as conn:
        conn.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(schema)))
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        conn.execute(sql.encode(), params)


def _verify(db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from allied.cli import main

    capsys.readouterr()
    code = main(["sharing", "audit", "verify", "--db", db])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    ("kind", "sql", "problem"),
    [
        ("edit", "UPDATE audit_log SET detail = %s WHERE seq = %s", "content changed"),
        ("delete", "DELETE FROM audit_log WHERE seq = %s", "missing"),
    ],
)
def test_a_tampered_audit_log_is_detected(
    exchange: Any, capsys: pytest.CaptureFixture[str], kind: str, sql: str, problem: str
) -> None:
    admin = Client(exchange, "admin")
    analyst = Client(exchange, "analyst")
    assert (
        admin.post_objects(INTEL, [indicator(f"audited-{i}") for i in range(3)]).status_code == 202
    )
    for _ in range(3):
        assert analyst.get(INTEL).status_code == 200
    exchange.server.stop()

    code, output = _verify(exchange.db, capsys)
    assert code == 0, output
    assert "verified" in output

    from allied.sharing.store import open_storage

    storage = open_storage(exchange.db)
    try:
        entries = list(storage.audit_entries())
    finally:
        storage.close()
    reads = [e for e in entries if e.action == "read" and e.user == "analyst"]
    assert len(reads) == 3
    target = reads[1]  # in the middle of the chain
    if kind == "edit":
        released = target.detail["released"]
        forged = {**target.detail, "released": {**released, "count": released["count"] - 1}}
        _tamper(exchange.db, sql, (json.dumps(forged), target.seq))
    else:
        _tamper(exchange.db, sql, (target.seq,))

    code, output = _verify(exchange.db, capsys)
    assert code == 1, output
    assert f"entry {target.seq}" in output
    assert problem in output
