"""Regressions from the security review of allied.sharing: each test failed before its fix.

- a marking definition given again, with other content, under the same id
  (a later ``created``) must not redefine how objects using it are marked;
- each object version is decided with the nation that posted it as originator
  (a NOFORN version added by another nation stays in that nation);
- ISA ACS 3.0 fields of the wrong shape deny, never release to everyone;
- a fixed TLP id that also carries an ISA ACS extension is refused;
- a granular selector with a huge list index is withheld, not a 500 on every read;
- a ``limit`` or ``Content-Length`` with thousands of digits, and HTTP Basic
  credentials that are not ASCII, are client errors, not 500s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.sharing.agreements import Recipient
from allied.sharing.bundles import filter_objects
from allied.sharing.markings import (
    ACS_EXTENSION,
    MarkingError,
    UnknownMarking,
    marking_from_definition,
)
from allied.sharing.server import create_app
from allied.sharing.service import MAX_LIMIT
from allied.sharing.service import TAXII_MEDIA_TYPE as TAXII
from allied.sharing.storage import Storage, open_storage

# TLP 1.0 GREEN and WHITE (CLEAR), STIX 2.1 section 7.2.1.4
TLP_GREEN, TLP_CLEAR = (
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
)
ACS_ID = "marking-definition--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
NOFORN_ID = "marking-definition--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
MALWARE = "malware--33333333-3333-4333-8333-333333333333"
V1, V2 = "2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"
ON = datetime(2025, 6, 1, tzinfo=UTC)
# a statement that reads as one banner is that classification
NOFORN = {
    "type": "marking-definition",
    "spec_version": "2.1",
    "id": NOFORN_ID,
    "created": V1,
    "definition_type": "statement",
    "definition": {"statement": "SECRET//NOFORN"},
}


def acs_definition(control: dict[str, Any], *, ident: str = ACS_ID, created: str = V1) -> Any:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": ident,
        "created": created,
        "extensions": {
            ACS_EXTENSION: {
                "extension_type": "property-extension",
                "identifier": "isa:guide.19001.ACS3-e0c28f68-5570-434a-9764-3e8498f0a59a",
                "create_date_time": created,
                "responsible_entity_custodian": "USA.USG",
                "responsible_entity_originator": "USA.USG",
                "control_set": control,
            }
        },
    }


def malware(marking: str, *, modified: str = V1, **extra: Any) -> dict[str, Any]:
    return {
        "type": "malware",
        "spec_version": "2.1",
        "id": MALWARE,
        "created": V1,
        "modified": modified,
        "name": "Bug",
        "is_family": True,
        "object_marking_refs": [marking],
        **extra,
    }


# --- markings and filtering ----------------------------------------------------------------


def test_a_second_definition_under_the_same_id_does_not_redefine_the_marking() -> None:
    secret_noforn = acs_definition({"classification": "S", "formal_determination": ["NF"]})
    unclassified = acs_definition({"classification": "U"}, created=V2)
    result = filter_objects(
        [secret_noforn, malware(ACS_ID), unclassified],
        Recipient("GBR", "TS"),
        on=ON.date(),
        originators="USA",
    )
    assert result.objects == ()
    assert (MALWARE, V1) in result.withheld


@pytest.mark.parametrize(
    "control",
    [
        {"classification": "U", "formal_determination": "NF"},
        {"classification": "U", "permitted_nationalities": "USA"},
        {"classification": "U", "permitted_nationalities": []},
        {"classification": "U", "formal_determination": ["nf"]},
    ],
    ids=["NF-as-string", "nationalities-as-string", "no-nationalities", "lowercase-nf"],
)
def test_malformed_acs_fields_deny(control: dict[str, Any]) -> None:
    marking = marking_from_definition(acs_definition(control))
    assert isinstance(marking, UnknownMarking) or marking.noforn  # type: ignore[attr-defined]
    result = filter_objects(
        [acs_definition(control), malware(ACS_ID)],
        Recipient("GBR", "TS"),
        on=ON.date(),
        originators="USA",
    )
    assert result.objects == ()


def test_malformed_acs_privilege_scope_denies() -> None:
    definition = acs_definition({"classification": "U"})
    definition["extensions"][ACS_EXTENSION]["access_privilege"] = [
        {
            "privilege_action": "DSPLY",
            "rule_effect": "permit",
            "privilege_scope": {"permitted_nationalities": "USA"},
        }
    ]
    assert isinstance(marking_from_definition(definition), UnknownMarking)


def test_a_tlp_id_that_also_carries_an_acs_extension_is_refused() -> None:
    definition = acs_definition(
        {"classification": "TS", "formal_determination": ["NF"]}, ident=TLP_CLEAR
    )
    with pytest.raises(MarkingError):
        marking_from_definition(definition)
    result = filter_objects(
        [definition, malware(TLP_CLEAR)], Recipient("GBR", "TS"), on=ON.date(), originators="USA"
    )
    assert result.objects == ()


def test_originators_by_version_take_precedence() -> None:
    objects = [NOFORN, malware(TLP_GREEN), malware(NOFORN_ID, modified=V2)]
    originators = {MALWARE: "USA", (MALWARE, V2): "GBR"}
    to_usa = filter_objects(objects, Recipient("USA", "TS"), on=ON.date(), originators=originators)
    assert to_usa.released == ((MALWARE, V1),)
    to_gbr = filter_objects(objects, Recipient("GBR", "S"), on=ON.date(), originators=originators)
    assert (MALWARE, V2) in to_gbr.released


# --- the TAXII server ----------------------------------------------------------------------


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


def test_a_version_added_by_another_nation_is_decided_with_that_nation_as_originator(
    ex: Exchange,
) -> None:
    assert ex.post("usa", [malware(TLP_GREEN)]).json()["success_count"] == 1
    gbr_only = [NOFORN, malware(NOFORN_ID, modified=V2)]
    assert ex.post("gbr", gbr_only).json()["success_count"] == 2
    versions = ex.get("usa", f"/api/collections/intel/objects/{MALWARE}/versions/")
    assert versions.json()["versions"] == [V1]
    assert ex.get("gbr", f"/api/collections/intel/objects/{MALWARE}/versions/").json()[
        "versions"
    ] == [V1, V2]


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
