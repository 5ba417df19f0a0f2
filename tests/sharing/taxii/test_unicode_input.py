"""Odd Unicode at the live TAXII server, on both backends: a 4xx with a message or a
per-object failure, never a 500, and the connection stays usable.

Regressions of issue 14 (each failed before its fix): ``POST .../objects/`` with a lone
surrogate (``"\\ud800"`` in JSON) in an id, in ``modified`` or in the name of a marking
definition answered 500 (``UnicodeEncodeError`` in canonical JSON) and the next request
on that connection was reset. Other odd text (NUL, right-to-left overrides, characters
outside the Basic Multilingual Plane, very long strings) is stored and served back as
posted, or refused per object.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from allied.sharing.taxii._http import lone_surrogate_path
from allied.sharing.taxii._server import TaxiiJSONResponse

TAXII = "application/taxii+json;version=2.1"
TIMEOUT = 60.0
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
OTHER = "/api/collections/other/objects/"
STAMP = "2024-05-01T00:00:00.000Z"


def indicator(**extra: Any) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid4()}",
        "created": STAMP,
        "modified": STAMP,
        "pattern": "[domain-name:value = 'odd.example']",
        "pattern_type": "stix",
        "valid_from": "2024-05-01T00:00:00Z",
        "object_marking_refs": [TLP_GREEN],
        **extra,
    }


def statement_definition(name: str) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": f"marking-definition--{uuid.uuid4()}",
        "created": STAMP,
        "name": name,
        "definition_type": "statement",
        "definition": {"statement": "Copyright 2024 Example"},
    }


@pytest.fixture
def session(module_exchange: Any) -> Iterator[httpx.Client]:
    """One keep-alive HTTP client of the admin (USA, writes ``other``)."""
    headers = {
        "Accept": TAXII,
        "Content-Type": TAXII,
        "Authorization": f"Bearer {module_exchange.keys['admin']}",
    }
    with httpx.Client(
        base_url=module_exchange.server.url, headers=headers, timeout=TIMEOUT
    ) as client:
        yield client


def _post(client: httpx.Client, objects: list[dict[str, Any]]) -> httpx.Response:
    # json.dumps writes a lone surrogate as the escape "\ud800", as an attacker would send it
    return client.post(OTHER, content=json.dumps({"objects": objects}).encode("ascii"))


LONE = "\ud800"
CASES = {
    "id": (lambda: indicator(id=f"indicator--{LONE}"), "objects[1].id"),
    "modified": (lambda: indicator(modified=LONE), "objects[1].modified"),
    "definition name": (lambda: statement_definition(LONE), "objects[1].name"),
    "low before high": (lambda: indicator(name="\udc00\ud800"), "objects[1].name"),
    "property name": (lambda: indicator(**{f"x_{LONE}": 1}), "a property name in objects[1]"),
    "nested": (
        lambda: indicator(external_references=[{"source_name": LONE}]),
        "objects[1].external_references[0].source_name",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_lone_surrogate_is_a_400_naming_where_and_the_connection_stays_usable(
    session: httpx.Client, case: str
) -> None:
    make, where = CASES[case]
    good = indicator(name=f"control {case}")
    response = _post(session, [good, make()])
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["title"] == "Invalid Unicode"
    assert body["description"].startswith(f"{where} holds a lone UTF-16 surrogate")
    assert response.headers.get("connection", "").lower() != "close"
    # the whole envelope is refused: its good object is not stored either
    assert session.get(f"{OTHER}{good['id']}/").status_code == 404
    # the next request on the same client is answered
    after = _post(session, [good])
    assert after.status_code == 202, after.text
    assert after.json()["success_count"] == 1


def test_a_surrogate_pair_is_a_character_outside_the_bmp_and_round_trips(
    session: httpx.Client,
) -> None:
    obj = indicator(name="\U0001d11e clef \U0001f600")  # json.dumps writes both as pairs
    body = json.dumps({"objects": [obj]}).encode("ascii")
    assert b"\\ud834\\udd1e" in body
    response = session.post(OTHER, content=body)
    assert response.status_code == 202 and response.json()["success_count"] == 1
    served = session.get(f"{OTHER}{obj['id']}/").json()["objects"]
    assert [o["name"] for o in served] == ["\U0001d11e clef \U0001f600"]


ODD_TEXT = {
    "nul": "a\x00b",
    "rtl override": "\u202egnp.exe",
    "bidi isolates and joiners": "\u2066x\u2069\u200d\ufeff",
    "non-bmp": "\U0001f600" * 50,
    "long": "x" * 200_000,
    "control characters": "".join(chr(c) for c in range(1, 32)),
}


@pytest.mark.parametrize("kind", sorted(ODD_TEXT))
def test_odd_text_is_stored_and_served_back_exactly(session: httpx.Client, kind: str) -> None:
    text = ODD_TEXT[kind]
    obj = indicator(name=text, description=text, **{"x_odd": {text[:50]: text}})
    response = _post(session, [obj])
    assert response.status_code == 202, response.text
    assert response.json()["success_count"] == 1, response.text
    served = session.get(f"{OTHER}{obj['id']}/")
    assert served.status_code == 200
    assert served.json()["objects"] == [obj]


@pytest.mark.parametrize("field", ["id", "modified", "type"])
@pytest.mark.parametrize("kind", ["nul", "rtl override", "non-bmp"])
def test_odd_text_in_identity_fields_is_a_failure_in_the_status(
    session: httpx.Client, field: str, kind: str
) -> None:
    obj = indicator(**{field: ODD_TEXT[kind]})
    response = _post(session, [obj])
    assert response.status_code == 202, response.text
    status = response.json()
    assert (status["success_count"], status["failure_count"]) == (0, 1)
    assert session.get(OTHER).status_code == 200


def test_lone_surrogate_path_finds_the_first_bad_string() -> None:
    assert lone_surrogate_path({"objects": [{"id": "ok"}, {"name": ["x", LONE]}]}) == (
        "objects[1].name[1]"
    )
    assert lone_surrogate_path({"a b": LONE}) == '["a b"]'
    assert lone_surrogate_path({"ok": ["\U0001f600", "\x00", "\u202e"]}) is None


def test_a_response_echoing_a_lone_surrogate_escapes_it_rather_than_failing() -> None:
    assert TaxiiJSONResponse({"id": f"x--{LONE}", "n": "é"}).body == (
        b'{"id":"x--\\ud800","n":"\\u00e9"}'
    )
    assert TaxiiJSONResponse({"n": "é"}).body == '{"n":"é"}'.encode()


def test_the_service_refuses_a_lone_surrogate_from_python_callers_too(storage_url: str) -> None:
    """TaxiiService.add_objects called from Python (no HTTP route in front) answers 400,
    not a UnicodeEncodeError from the audit's canonical JSON."""
    from allied.sharing.store import open_storage
    from allied.sharing.taxii import TaxiiError, TaxiiService

    storage = open_storage(storage_url)
    try:
        storage.create_collection("intel", title="Intel")
        key = storage.add_user("usa", nation="USA", clearance="TS", can_write=["intel"])
        user = storage.user_for_key(key)
        assert user is not None
        body = json.dumps({"objects": [statement_definition("\ud800")]}).encode()
        with pytest.raises(TaxiiError) as refused:
            TaxiiService(storage).add_objects(user, "intel", body)
        assert refused.value.http_status == 400 and refused.value.title == "Invalid Unicode"
        assert "objects[0].name" in refused.value.description
        assert [e.action for e in storage.audit_entries() if e.action == "write"] == []
    finally:
        storage.close()
