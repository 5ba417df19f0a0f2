"""Marking definitions and originators in filtering (regressions of the security review).

Each test failed before its fix:

- a marking definition given again, with other content, under the same id
  (a later ``created``) must not redefine how objects using it are marked;
- ISA ACS 3.0 fields of the wrong shape deny, never release to everyone;
- a fixed TLP id that also carries an ISA ACS extension is refused;
- each object version is decided with the nation that posted it as originator
  (a NOFORN version added by another nation stays in that nation).

The same rules at the TAXII server are in tests/sharing/taxii/test_hostile_input.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from allied.sharing.policy import (
    ACS_EXTENSION,
    MarkingError,
    Recipient,
    UnknownMarking,
    marking_from_definition,
)
from allied.sharing.stix import filter_objects

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
