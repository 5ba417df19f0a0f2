"""The TAXII server's read side and the offline ``filter_bundle`` release the same objects
to each nation, on both backends, for what the policy does not understand (issue 14).

Objects posted by the USA: an ISA ACS 3.0 SECRET marking with ``sci_controls: ["SI"]``
(not modelled: denied to everyone), the same marking without SCI (released to USA, GBR
and AUS), NATO UNCLASSIFIED (released only under an agreement: NATO members and the EU
members of the Partnership for Peace, not AUS or JPN), a marking-definition id that is
stored nowhere (unknown: denied), an ACS marking with a FOUO determination (not
modelled: denied), UNCLASSIFIED with a marking extension no scheme reads (denied) and
TLP:GREEN (the control). Each failed before its fix: S//SI reached
GBR and AUS, and NATO UNCLASSIFIED reached AUS and JPN.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.sharing.policy import ACS_EXTENSION, Recipient
from allied.sharing.stix import filter_bundle
from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import TAXII_MEDIA_TYPE, create_app

ON = datetime(2025, 6, 1, tzinfo=UTC)
V1 = "2025-05-01T00:00:00.000Z"
NATIONS = ("USA", "GBR", "AUS", "JPN", "FRA", "AUT")
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
SI_DEF = "marking-definition--1b6e5c1a-5e0b-4f7e-9a43-0c1d2e3f4a51"
REL_DEF = "marking-definition--1b6e5c1a-5e0b-4f7e-9a43-0c1d2e3f4a52"
FOUO_DEF = "marking-definition--1b6e5c1a-5e0b-4f7e-9a43-0c1d2e3f4a53"
NU_DEF = "marking-definition--1b6e5c1a-5e0b-4f7e-9a43-0c1d2e3f4a54"
NOWHERE_DEF = "marking-definition--1b6e5c1a-5e0b-4f7e-9a43-0c1d2e3f4a55"
EXT_DEF = "marking-definition--1b6e5c1a-5e0b-4f7e-9a43-0c1d2e3f4a56"
OTHER_EXTENSION = "extension-definition--0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"


def _acs(ident: str, control: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": ident,
        "created": V1,
        "extensions": {
            ACS_EXTENSION: {
                "extension_type": "property-extension",
                "identifier": f"isa:guide.19001.ACS3-{ident[-12:]}",
                "create_date_time": V1,
                "responsible_entity_custodian": "USA.USG",
                "control_set": control,
            }
        },
    }


REL = {"classification": "S", "permitted_nationalities": ["USA", "GBR", "AUS"]}
DEFINITIONS = [
    _acs(SI_DEF, {**REL, "sci_controls": ["SI"]}),
    _acs(REL_DEF, REL),
    _acs(FOUO_DEF, {**REL, "formal_determination": ["FOUO"]}),
    {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": NU_DEF,
        "created": V1,
        "definition_type": "statement",
        "definition": {"statement": "NATO UNCLASSIFIED"},
    },
    {  # UNCLASSIFIED, with a marking extension no scheme reads
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": EXT_DEF,
        "created": V1,
        "definition_type": "statement",
        "definition": {"statement": "UNCLASSIFIED"},
        "extensions": {OTHER_EXTENSION: {"extension_type": "property-extension", "rule": 1}},
    },
]


def _indicator(number: int, marking: str) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--00000000-0000-4000-8000-{number:012d}",
        "created": V1,
        "modified": V1,
        "name": f"marked {marking[-2:]}",
        "pattern": f"[domain-name:value = 'n{number}.example']",
        "pattern_type": "stix",
        "valid_from": "2025-05-01T00:00:00Z",
        "object_marking_refs": [marking],
    }


SI, REL_TO, FOUO, NU, NOWHERE, GREEN, EXTENDED = (
    _indicator(n, ref)
    for n, ref in enumerate((SI_DEF, REL_DEF, FOUO_DEF, NU_DEF, NOWHERE_DEF, TLP_GREEN, EXT_DEF))
)
INDICATORS = [SI, REL_TO, FOUO, NU, NOWHERE, GREEN, EXTENDED]
EXPECTED = {
    "USA": {REL_TO["id"], NU["id"], GREEN["id"]},
    "GBR": {REL_TO["id"], NU["id"], GREEN["id"]},
    "AUS": {REL_TO["id"], GREEN["id"]},
    "JPN": {GREEN["id"]},
    "FRA": {NU["id"], GREEN["id"]},
    "AUT": {NU["id"], GREEN["id"]},
}


class Exchange:
    def __init__(self, storage: Storage) -> None:
        storage.create_collection("intel", title="Shared indicators")
        self.keys = {
            nation: storage.add_user(
                nation.lower(),
                nation=nation,
                clearance="TS",
                can_read=None,
                can_write=("intel",) if nation == "USA" else (),
            )
            for nation in NATIONS
        }
        self.client = TestClient(create_app(storage, clock=lambda: ON))

    def headers(self, nation: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[nation]}", "Content-Type": TAXII_MEDIA_TYPE}

    def post(self, objects: list[dict[str, Any]]) -> Any:
        body = json.dumps({"objects": objects})
        path = "/api/collections/intel/objects/"
        return self.client.post(path, content=body, headers=self.headers("USA"))

    def served(self, nation: str) -> set[str]:
        path = "/api/collections/intel/objects/"
        response = self.client.get(path, params={"limit": 1000}, headers=self.headers(nation))
        assert response.status_code == 200, response.text
        page = response.json()
        assert page.get("more") is False
        return {o["id"] for o in page.get("objects", []) if o["type"] != "marking-definition"}


@pytest.fixture
def exchange(storage_url: str) -> Iterator[Exchange]:
    storage = open_storage(storage_url)
    try:
        ex = Exchange(storage)
        response = ex.post(DEFINITIONS + INDICATORS)
        assert response.status_code == 202, response.text
        assert response.json()["success_count"] == len(DEFINITIONS) + len(INDICATORS)
        yield ex
    finally:
        storage.close()


def _offline(nation: str) -> set[str]:
    bundle = {"type": "bundle", "id": "bundle--1", "objects": DEFINITIONS + INDICATORS}
    result = filter_bundle(bundle, Recipient(nation, "TS"), on=ON.date(), originator="USA")
    return {o["id"] for o in result.objects if o["type"] != "marking-definition"}


@pytest.mark.parametrize("nation", NATIONS)
def test_the_server_and_filter_bundle_release_exactly_the_same_objects(
    exchange: Exchange, nation: str
) -> None:
    assert _offline(nation) == EXPECTED[nation]
    assert exchange.served(nation) == EXPECTED[nation]


def test_secret_si_reaches_no_one_and_nato_unclassified_not_aus_or_jpn(
    exchange: Exchange,
) -> None:
    receivers = {n for n in NATIONS if SI["id"] in exchange.served(n)}
    assert receivers == set()
    assert {n for n in NATIONS if NU["id"] in exchange.served(n)} == {"USA", "GBR", "FRA", "AUT"}
    assert {n for n in NATIONS if NOWHERE["id"] in exchange.served(n)} == set()
    assert {n for n in NATIONS if EXTENDED["id"] in exchange.served(n)} == set()
