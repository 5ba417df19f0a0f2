"""Hostile and odd input at the TAXII server: refused or decided right, never a 500.

Regressions of the security review; each test failed before its fix:

- a partner cannot declassify another nation's objects by posting a second
  marking definition under the same id, and such a redefinition (or a TLP id
  that declares another level, or a definition without an id) is a failure
  in the status, not stored;
- each object version is decided with the nation that posted it as originator;
- a granular selector with a huge list index is withheld, not a 500 on every read;
- a ``limit`` or ``Content-Length`` with thousands of digits, and HTTP Basic
  credentials that are not ASCII, are client errors, not 500s.

The marking definitions and objects are those of tests/sharing/stix/test_marking_definitions.py.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import MAX_LIMIT, create_app
from allied.sharing.taxii import TAXII_MEDIA_TYPE as TAXII

_spec = importlib.util.spec_from_file_location(
    "_marking_definitions", Path(__file__).parents[1] / "stix" / "test_marking_definitions.py"
)
assert _spec is not None and _spec.loader is not None
defs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(defs)

ACS_ID, MALWARE, NOFORN, ON = defs.ACS_ID, defs.MALWARE, defs.NOFORN, defs.ON
NOFORN_ID, TLP_GREEN, V1, V2 = defs.NOFORN_ID, defs.TLP_GREEN, defs.V1, defs.V2
acs_definition, malware = defs.acs_definition, defs.malware


class Exchange:
    def __init__(self, storage: Storage, keys: dict[str, str]) -> None:
        self.storage = storage
        self.keys = keys
        self.client = TestClient(create_app(storage, clock=lambda: ON))

    def headers(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[user]}", "Content-Type": TAXII}

    def post(self, user: str, objects: list[Any]) -> Any:
        body = json.dumps({"objects": objects})
        return self.client.post(
            "/api/collections/intel/objects/", content=body, headers=self.headers(user)
        )

    def get(self, user: str, path: str = "/api/collections/intel/objects/", **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(user))


@pytest.fixture
def ex(tmp_path: Path) -> Iterator[Exchange]:
    storage = open_storage(f"sqlite:///{tmp_path / 'exchange.db'}")
    storage.create_collection("intel", title="Shared indicators")
    keys = {
        nation.lower(): storage.add_user(
            nation.lower(), nation=nation, clearance="TS", can_read=None, can_write=("intel",)
        )
        for nation in ("USA", "GBR")
    }
    yield Exchange(storage, keys)
    storage.close()


def test_a_partner_cannot_declassify_another_nations_objects_by_redefining_a_marking(
    ex: Exchange,
) -> None:
    secret_noforn = acs_definition({"classification": "S", "formal_determination": ["NF"]})
    assert ex.post("usa", [secret_noforn, malware(ACS_ID)]).json()["success_count"] == 2
    assert ex.post("gbr", [acs_definition({"classification": "U"}, created=V2)]).status_code == 202
    response = ex.get("gbr", **{"match[version]": "all"})
    assert response.status_code == 200
    assert response.json().get("objects", []) == []
    missing = ex.get("gbr", f"/api/collections/intel/objects/{MALWARE}/")
    assert missing.status_code == 404


def test_a_version_of_another_nations_object_is_refused_with_a_failure_it_may_see(
    ex: Exchange,
) -> None:
    """Ownership: GBR, which reads the USA's malware, is told its version is refused."""
    assert ex.post("usa", [malware(TLP_GREEN)]).json()["success_count"] == 1
    status = ex.post("gbr", [NOFORN, malware(NOFORN_ID, modified=V2)]).json()
    assert (status["success_count"], status["failure_count"]) == (1, 1)
    assert status["failures"][0]["id"] == MALWARE
    assert "belongs to another nation" in status["failures"][0]["message"]
    for reader in ("usa", "gbr"):
        path = f"/api/collections/intel/objects/{MALWARE}/versions/"
        assert ex.get(reader, path).json()["versions"] == [V1]


def test_a_huge_selector_index_is_withheld_not_a_500_for_every_reader(ex: Exchange) -> None:
    huge = malware(
        TLP_GREEN,
        labels=["a"],
        granular_markings=[
            {"marking_ref": TLP_GREEN, "selectors": ["labels.[" + "9" * 5000 + "]"]}
        ],
    )
    assert ex.post("usa", [huge]).status_code == 202
    response = ex.get("gbr")
    assert response.status_code == 200, response.text
    assert response.json().get("objects", []) == []


def test_a_limit_with_thousands_of_digits_is_the_largest_page(ex: Exchange) -> None:
    response = ex.get("gbr", limit="1" * 5000)
    assert response.status_code == 200, response.text
    assert ex.get("gbr", limit="0" * 50 + "7").status_code == 200
    assert ex.get("gbr", limit="0" * 50).status_code == 400
    assert MAX_LIMIT == 1000


def test_basic_credentials_that_are_not_ascii_are_401(ex: Exchange) -> None:
    response = ex.client.get(
        "/api/collections/", headers={"Authorization": "Basic \u00e9\u00e9".encode("latin-1")}
    )
    assert response.status_code == 401


def test_a_content_length_with_thousands_of_digits_is_413(ex: Exchange) -> None:
    response = ex.client.post(
        "/api/collections/intel/objects/",
        content=b"{}",
        headers={**ex.headers("usa"), "Content-Length": "9" * 5000},
    )
    assert response.status_code == 413


def test_a_redefined_marking_is_refused_at_write_and_the_originals_stay_released(
    ex: Exchange,
) -> None:
    """A second marking definition under an id already in the collection is a
    failure in the status (not stored), so it cannot block the objects that use
    the original; an identical re-post is still a success (TAXII duplicates)."""
    clear = acs_definition({"classification": "U"})
    assert ex.post("usa", [clear, malware(ACS_ID)]).json()["success_count"] == 2
    status = ex.post("gbr", [acs_definition({"classification": "S"}, created=V2)]).json()
    assert (status["success_count"], status["failure_count"]) == (0, 1)
    assert "cannot be changed" in status["failures"][0]["message"]
    assert ex.post("gbr", [clear]).json()["success_count"] == 1
    released = ex.get("gbr").json().get("objects", [])
    assert sorted(o["type"] for o in released) == ["malware", "marking-definition"]


def test_a_self_contradicting_tlp_definition_is_refused_at_write(ex: Exchange) -> None:
    """The TLP 1.0 RED id declaring itself WHITE (stix2 accepts it) is not stored."""
    forged = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "definition": {"tlp": "white"},
    }
    status = ex.post("usa", [forged]).json()
    assert status["failure_count"] == 1
    assert status["failures"][0]["message"].startswith("refused marking definition")


def test_a_marking_definition_without_an_id_is_a_failure_not_a_500(ex: Exchange) -> None:
    """Found by the fuzzer: the redefinition check must not assume an id."""
    status = ex.post("usa", [{"type": "marking-definition", "spec_version": "2.1"}])
    assert status.status_code == 202, status.text
    assert status.json()["failure_count"] == 1
