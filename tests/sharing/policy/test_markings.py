"""Markings: the TLP registry, id/level mismatches, OpenCTI and ACS 3.0 definitions, text syntax."""

from __future__ import annotations

import pytest
import stix2

from allied.errors import InputError
from allied.sharing.policy import (
    ACS_EXTENSION,
    TLP2_EXTENSION,
    TLP_DEFINITIONS,
    ClassificationMarking,
    MarkingError,
    StatementMarking,
    TlpLevel,
    TlpMarking,
    UnknownMarking,
    granular_markings,
    marking_from_definition,
    object_markings,
    parse_markings,
)

TLP1 = {
    "white": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "green": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "amber": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "red": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}
TLP2 = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
LEVEL = {
    "white": TlpLevel.CLEAR,
    "clear": TlpLevel.CLEAR,
    "green": TlpLevel.GREEN,
    "amber": TlpLevel.AMBER,
    "amber+strict": TlpLevel.AMBER_STRICT,
    "red": TlpLevel.RED,
}


def test_registry_matches_the_stix2_library_for_tlp1() -> None:
    for name, constant in [
        ("white", stix2.TLP_WHITE),
        ("green", stix2.TLP_GREEN),
        ("amber", stix2.TLP_AMBER),
        ("red", stix2.TLP_RED),
    ]:
        assert constant.id == TLP1[name]
        assert TLP_DEFINITIONS[constant.id] == TlpMarking(LEVEL[name], "1.0")
        assert marking_from_definition(dict(constant)) == TlpMarking(LEVEL[name], "1.0")


@pytest.mark.parametrize("name", list(TLP2))
def test_tlp2_definitions_of_the_oasis_extension(name: str) -> None:
    definition = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2[name],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{name.upper()}",
        "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": name}},
    }
    assert marking_from_definition(definition) == TlpMarking(LEVEL[name], "2.0")
    assert len(TLP_DEFINITIONS) == 10  # 4 TLP 1.0, 5 TLP 2.0, OpenCTI's AMBER+STRICT


def test_tlp1_red_id_declaring_white_is_refused() -> None:
    forged = {
        "type": "marking-definition",
        "id": TLP1["red"],
        "definition_type": "tlp",
        "name": "TLP:WHITE",
        "definition": {"tlp": "white"},
    }
    with pytest.raises(MarkingError, match=r"is TLP:RED but its definition\.tlp declares 'white'"):
        marking_from_definition(forged)
    assert isinstance(MarkingError("x"), InputError)


@pytest.mark.parametrize("red", [TLP1["red"], TLP2["red"]])
def test_red_id_declaring_clear_is_refused_although_stix2_accepts_it(red: str) -> None:
    forged = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": red,
        "created": "2022-10-01T00:00:00.000Z",
        "name": "TLP:CLEAR",
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": "clear"}
        },
    }
    assert stix2.parse(forged, allow_custom=True).id == red  # the defect: stix2 raises nothing
    with pytest.raises(MarkingError, match="is TLP:RED but its tlp_2_0 declares 'clear'"):
        marking_from_definition(forged)


def test_tlp_definition_under_a_custom_id_is_unknown() -> None:
    custom = {
        "id": "marking-definition--00000000-0000-4000-8000-000000000001",
        "definition_type": "tlp",
        "definition": {"tlp": "green"},
    }
    found = marking_from_definition(custom)
    assert isinstance(found, UnknownMarking) and "non-standard id" in found.reason


def test_opencti_forms() -> None:
    # OpenCTI names TLP 1.0 WHITE's id TLP:CLEAR and exports the level as the name.
    clear = {"id": TLP1["white"], "definition_type": "TLP", "name": "TLP:CLEAR"}
    assert marking_from_definition(clear) == TlpMarking(TlpLevel.CLEAR, "1.0")
    strict = {
        "id": "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37",
        "definition_type": "statement",
        "definition": {"statement": "custom"},
        "x_opencti_definition_type": "TLP",
        "x_opencti_definition": "TLP:AMBER+STRICT",
    }
    assert marking_from_definition(strict) == TlpMarking(TlpLevel.AMBER_STRICT, "2.0")
    older = {"id": TLP1["amber"], "definition_type": "tlp", "definition": {"tlp": "AMBER"}}
    assert marking_from_definition(older).level == TlpLevel.AMBER  # type: ignore[attr-defined]
    lying = {**strict, "x_opencti_definition": "TLP:GREEN"}
    with pytest.raises(MarkingError, match="TLP:AMBER\\+STRICT"):
        marking_from_definition(lying)


def _acs(control: dict, **extra: object) -> dict:  # type: ignore[type-arg]
    return {
        "type": "marking-definition",
        "id": "marking-definition--75ad3822-3fbe-4de8-ac94-f02f01bf778b",
        "extensions": {
            ACS_EXTENSION: {
                "extension_type": "property-extension",
                "identifier": "isa:guide.19001.ACS3-e0c28f68-5570-434a-9764-3e8498f0a59a",
                "create_date_time": "2021-08-14T01:08:08.432065Z",
                "responsible_entity_custodian": "USA.DHS.US-CERT",
                "policy_reference": "urn:isa:policy:acs:ns:v3.0?privdefault=deny&sharedefault=deny",
                "control_set": control,
                **extra,
            }
        },
    }


def test_acs_classification_noforn_and_nationalities() -> None:
    assert marking_from_definition(_acs({"classification": "U"})) == ClassificationMarking(
        "U", "national"
    )
    noforn = marking_from_definition(_acs({"classification": "S", "formal_determination": ["NF"]}))
    assert noforn == ClassificationMarking("S", "national", noforn=True)
    permitted = _acs(
        {"classification": "C", "permitted_nationalities": ["USA", "GBR", "AUS"]},
        access_privilege=[
            {
                "privilege_action": "DSPLY",
                "privilege_scope": {"permitted_nationalities": ["USA", "GBR"]},
                "rule_effect": "permit",
            },
            {  # another action does not limit display
                "privilege_action": "CISAUSES",
                "privilege_scope": {"permitted_nationalities": ["USA"]},
                "rule_effect": "permit",
            },
        ],
    )
    assert marking_from_definition(permitted) == ClassificationMarking(
        "C", "national", rel_to=frozenset({"USA", "GBR"})
    )
    everyone = _acs({"classification": "U", "permitted_nationalities": ["ALL"]})
    assert marking_from_definition(everyone) == ClassificationMarking("U", "national")


def test_acs_markings_that_cannot_be_read_are_unknown() -> None:
    bad_level = marking_from_definition(_acs({"classification": "SECRET"}))
    assert isinstance(bad_level, UnknownMarking) and "'SECRET'" in bad_level.reason
    deny = _acs(
        {"classification": "U"},
        access_privilege=[
            {
                "privilege_action": "ALL",
                "privilege_scope": {"permitted_nationalities": ["ALL"]},
                "rule_effect": "deny",
            }
        ],
    )
    assert isinstance(marking_from_definition(deny), UnknownMarking)


def test_statements_and_other_definitions() -> None:
    copyright_ = {
        "id": "marking-definition--11111111-1111-4111-8111-111111111111",
        "definition_type": "statement",
        "definition": {"statement": "Copyright 2024 Example Corp"},
    }
    assert marking_from_definition(copyright_) == StatementMarking("Copyright 2024 Example Corp")
    banner = {**copyright_, "definition": {"statement": "SECRET//REL TO USA, GBR"}}
    assert marking_from_definition(banner) == ClassificationMarking(
        "S", "national", rel_to=frozenset({"USA", "GBR"})
    )
    other = {
        "id": "marking-definition--22222222-2222-4222-8222-222222222222",
        "definition_type": "x",
    }
    assert isinstance(marking_from_definition(other), UnknownMarking)
    with pytest.raises(InputError, match="string 'id'"):
        marking_from_definition({"definition_type": "tlp"})


def test_object_and_granular_markings() -> None:
    custom = "marking-definition--22222222-2222-4222-8222-222222222222"
    definitions = {custom: ClassificationMarking("S", "national", noforn=True)}
    obj = {
        "object_marking_refs": [TLP2["amber"], custom, "marking-definition--missing"],
        "granular_markings": [
            {"marking_ref": TLP1["red"], "selectors": ["description"]},
            {"lang": "en", "selectors": ["name"]},
            {"selectors": ["labels"]},
        ],
    }
    found = object_markings(obj, definitions)
    assert found[:2] == [TlpMarking(TlpLevel.AMBER, "2.0"), definitions[custom]]
    assert isinstance(found[2], UnknownMarking) and found[2].ref == "marking-definition--missing"
    granular = granular_markings(obj, definitions)
    assert granular[0] == (("description",), TlpMarking(TlpLevel.RED, "1.0"))
    assert len(granular) == 2 and isinstance(granular[1][1], UnknownMarking)
    assert object_markings({}, definitions) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TLP:AMBER", TlpMarking(TlpLevel.AMBER, "2.0")),
        ("tlp:white", TlpMarking(TlpLevel.CLEAR, "1.0")),
        ("TLP:CLEAR", TlpMarking(TlpLevel.CLEAR, "2.0")),
        ("TLP:AMBER+STRICT", TlpMarking(TlpLevel.AMBER_STRICT, "2.0")),
        (
            "SECRET//REL TO USA, GBR",
            ClassificationMarking("S", "national", False, frozenset({"USA", "GBR"})),
        ),
        ("S//NOFORN", ClassificationMarking("S", "national", True, None)),
        (
            "TOP SECRET//REL TO FVEY",
            ClassificationMarking("TS", "national", False, frozenset({"FVEY"})),
        ),
        ("NATO SECRET", ClassificationMarking("NS", "nato", False, None)),
        (
            "NATO RESTRICTED//REL TO AUS",
            ClassificationMarking("NR", "nato", False, frozenset({"AUS"})),
        ),
        ("cosmic  top secret", ClassificationMarking("CTS", "nato", False, None)),
        ("U", ClassificationMarking("U", "national", False, None)),
    ],
)
def test_parse_one_marking(text: str, expected: object) -> None:
    assert parse_markings(text) == [expected]


def test_parse_several_and_render() -> None:
    found = parse_markings("TLP:RED; C//NF\nNC//REL TO NATO")
    assert [str(m) for m in found] == [
        "TLP:RED",
        "CONFIDENTIAL//NOFORN",
        "NATO CONFIDENTIAL//REL TO NATO",
    ]


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("TLP:PURPLE", "'PURPLE'"),
        ("SECRETISH", "'SECRETISH'"),
        ("SECRET//ORCON", "'ORCON'"),
        ("SECRET//REL TO USA, XYZ", "'XYZ'"),
        ("SECRET//REL TO USA, ", "''"),
        ("S//NOFORN//REL TO GBR", "both NOFORN and REL TO"),
        ("  ;  ", "no marking given"),
    ],
)
def test_bad_text_names_the_token(text: str, token: str) -> None:
    with pytest.raises(InputError, match=token.replace("+", "\\+")) as info:
        parse_markings(text)
    assert info.value.where == "markings"
