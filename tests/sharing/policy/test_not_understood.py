"""Deny what is not understood, and NATO UNCLASSIFIED follows the agreements (issue 14).

Regressions (each failed before its fix): an ISA ACS 3.0 marking with
``sci_controls: ["SI"]`` was read as plain SECRET, so S//SI with GBR and AUS among its
permitted nationalities reached GBR and AUS; other ACS controls, determinations, scopes
and fields were ignored the same way; NATO UNCLASSIFIED reached AUS and JPN, which have
no agreement covering NATO information.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from allied.sharing.policy import (
    ClassificationMarking,
    Recipient,
    UnknownMarking,
    decide,
    marking_from_definition,
    parse_markings,
)
from allied.sharing.policy._acs import (
    ACS_CONTROLS_NOT_MODELLED,
    ACS_DESCRIPTIVE_DETERMINATIONS,
)

ON = date(2025, 6, 1)
FVEY_AND_JPN = ("USA", "GBR", "AUS", "CAN", "NZL", "JPN")


# the ISA ACS 3.0 definition of test_markings.py: acs(control_set, **extension_fields)
_spec = importlib.util.spec_from_file_location(
    "_acs_markings", Path(__file__).parent / "test_markings.py"
)
assert _spec is not None and _spec.loader is not None
_markings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_markings)
acs = _markings._acs


REL_FVEY = {"classification": "S", "permitted_nationalities": ["USA", "GBR", "AUS"]}


def receivers(marking: Any, originator: str = "USA") -> set[str]:
    return {
        nation
        for nation in FVEY_AND_JPN
        if decide([marking], Recipient(nation, "TS"), on=ON, originator=originator).allowed
    }


def test_the_control_secret_rel_to_usa_gbr_aus_reaches_exactly_them() -> None:
    marking = marking_from_definition(acs(REL_FVEY))
    assert marking == ClassificationMarking(
        "S", "national", rel_to=frozenset({"USA", "GBR", "AUS"})
    )
    assert receivers(marking) == {"USA", "GBR", "AUS"}


def test_secret_si_is_not_released_to_gbr_and_aus() -> None:
    marking = marking_from_definition(acs({**REL_FVEY, "sci_controls": ["SI"]}))
    assert isinstance(marking, UnknownMarking)
    assert "sci_controls ['SI']" in marking.reason
    # the recipient model holds no SCI access: nobody is known to be read in
    assert receivers(marking) == set()
    reasons = decide([marking], Recipient("GBR", "TS"), on=ON, originator="USA").reasons
    assert reasons == (f"unknown marking {marking.ref}: {marking.reason}",)  # type: ignore[attr-defined]


@pytest.mark.parametrize("control", ACS_CONTROLS_NOT_MODELLED)
def test_every_control_the_policy_does_not_model_denies(control: str) -> None:
    marking = marking_from_definition(acs({**REL_FVEY, control: ["X"]}))
    assert isinstance(marking, UnknownMarking) and control in marking.reason
    assert receivers(marking) == set()


@pytest.mark.parametrize("control", ["x_new_control", "releasable_to"])
def test_a_control_the_schema_does_not_have_denies(control: str) -> None:
    marking = marking_from_definition(acs({**REL_FVEY, control: "anything"}))
    assert isinstance(marking, UnknownMarking) and control in marking.reason


def test_an_empty_control_list_restricts_nothing() -> None:
    marking = marking_from_definition(acs({**REL_FVEY, "sci_controls": []}))
    assert receivers(marking) == {"USA", "GBR", "AUS"}


@pytest.mark.parametrize(
    "determination",
    ["FOUO", "PUBREL", "AIS", "PII-NECESSARY-TO-UNDERSTAND-THREAT", "ORCON", "nf-ish"],
)
def test_a_formal_determination_other_than_nf_denies(determination: str) -> None:
    marking = marking_from_definition(
        acs({**REL_FVEY, "formal_determination": ["NF", determination]})
    )
    assert isinstance(marking, UnknownMarking) and determination.upper() in marking.reason


@pytest.mark.parametrize("determination", sorted(ACS_DESCRIPTIVE_DETERMINATIONS))
def test_a_determination_that_only_describes_the_content_restricts_nothing(
    determination: str,
) -> None:
    marking = marking_from_definition(acs({**REL_FVEY, "formal_determination": [determination]}))
    assert receivers(marking) == {"USA", "GBR", "AUS"}


def test_nf_is_still_noforn() -> None:
    marking = marking_from_definition(acs({"classification": "S", "formal_determination": ["NF"]}))
    assert marking == ClassificationMarking("S", "national", noforn=True)
    assert receivers(marking) == {"USA"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("further_sharing", [{"sharing_scope": "USA", "rule_effect": "permit"}]),
        ("resource_disposition", {"disposition_date": "2030-01-01T00:00:00Z"}),
        ("x_vendor_rule", {"anything": True}),
    ],
)
def test_an_extension_field_the_policy_does_not_model_denies(field: str, value: Any) -> None:
    marking = marking_from_definition(acs(REL_FVEY, **{field: value}))
    assert isinstance(marking, UnknownMarking) and field in marking.reason


@pytest.mark.parametrize("code", ["u\u017fa", "GBR\u200b", "\uff21\uff35\uff33", "nzl\u0307"])
def test_a_nationality_code_that_is_not_ascii_is_not_read(code: str) -> None:
    # str.upper() folds "u\u017fa" (long s) into "USA": read as a code, it would widen REL TO.
    marking = marking_from_definition(acs({**REL_FVEY, "permitted_nationalities": ["USA", code]}))
    assert isinstance(marking, UnknownMarking) and "permitted_nationalities" in marking.reason
    assert receivers(marking) == set()


def test_a_determination_that_is_not_ascii_is_not_read() -> None:
    marking = marking_from_definition(acs({**REL_FVEY, "formal_determination": ["\uff2e\uff26"]}))
    assert isinstance(marking, UnknownMarking) and "formal_determination" in marking.reason


@pytest.mark.parametrize(
    "scope",
    [
        {"permitted_organizations": ["USA.DHS"]},
        {"entity": ["MIL"]},
        {"shareability": ["IC"], "permitted_nationalities": ["USA", "GBR"]},
    ],
)
def test_an_access_privilege_scoped_beyond_nationalities_denies(scope: dict[str, Any]) -> None:
    privilege = {"privilege_action": "DSPLY", "privilege_scope": scope, "rule_effect": "permit"}
    marking = marking_from_definition(acs(REL_FVEY, access_privilege=[privilege]))
    assert isinstance(marking, UnknownMarking) and "is not modelled" in marking.reason


def test_an_access_privilege_scoped_to_all_organisations_is_read() -> None:
    scope = {"permitted_nationalities": ["USA", "GBR"], "permitted_organizations": ["ALL"]}
    privilege = {"privilege_action": "DSPLY", "privilege_scope": scope, "rule_effect": "permit"}
    marking = marking_from_definition(acs(REL_FVEY, access_privilege=[privilege]))
    assert receivers(marking) == {"USA", "GBR"}


UNCLASSIFIED_STATEMENT = {
    "type": "marking-definition",
    "id": "marking-definition--6d2f4a10-3c0e-4d7b-9a1f-2b3c4d5e6f70",
    "definition_type": "statement",
    "definition": {"statement": "UNCLASSIFIED"},
}


def test_a_definition_with_a_marking_extension_no_scheme_reads_denies() -> None:
    assert marking_from_definition(UNCLASSIFIED_STATEMENT) == ClassificationMarking("U", "national")
    other = "extension-definition--0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
    extended = {**UNCLASSIFIED_STATEMENT, "extensions": {other: {"extension_type": "x"}}}
    marking = marking_from_definition(extended)
    assert isinstance(marking, UnknownMarking) and other in marking.reason
    assert receivers(marking) == set()
    malformed = marking_from_definition({**UNCLASSIFIED_STATEMENT, "extensions": ["x"]})
    assert isinstance(malformed, UnknownMarking)


# --- NATO UNCLASSIFIED follows the agreements ----------------------------------------------

NATO_2025 = {
    # the 32 members of NATO on 1 June 2025 (catalog nato.yaml)
    *("ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA"),
    *("GBR", "GRC", "HRV", "HUN", "ISL", "ITA", "LTU", "LUX", "LVA", "MKD", "MNE"),
    *("NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "SWE", "TUR", "USA"),
}
# EU members in the Partnership for Peace: the other side of the NATO-EU agreement
EU_PFP_2025 = {"AUT", "IRL", "MLT"}
CANDIDATES = NATO_2025 | EU_PFP_2025 | {"AUS", "JPN", "KOR", "NZL", "CYP", "CHE", "UKR"}


def _nu_receivers(text: str, originator: str) -> set[str]:
    return {
        nation
        for nation in CANDIDATES
        if decide(
            parse_markings(text), Recipient(nation, "U"), on=ON, originator=originator
        ).allowed
    }


def test_nato_unclassified_reaches_exactly_the_nations_an_agreement_covers() -> None:
    assert len(NATO_2025) == 32
    assert _nu_receivers("NATO UNCLASSIFIED", "USA") == NATO_2025 | EU_PFP_2025
    assert _nu_receivers("NATO UNCLASSIFIED", "AUT") == NATO_2025 | {"AUT"}


def test_nato_unclassified_does_not_reach_aus_and_jpn() -> None:
    for nation in ("AUS", "JPN"):
        decision = decide(
            parse_markings("NATO UNCLASSIFIED"), Recipient(nation, "TS"), on=ON, originator="USA"
        )
        assert not decision.allowed
        assert decision.reasons == (
            f"agreement: none in force on {ON} between USA and {nation} covers NATO UNCLASSIFIED",
        )


def test_nato_unclassified_rel_to_a_nation_without_an_agreement_is_still_denied() -> None:
    assert _nu_receivers("NATO UNCLASSIFIED//REL TO USA, AUS", "USA") == {"USA"}


def test_nato_unclassified_goes_on_only_under_the_third_party_rule() -> None:
    def held(to: str) -> bool:
        marks = parse_markings("NATO UNCLASSIFIED")
        return decide(marks, Recipient(to, "U"), on=ON, originator="GBR", holder="USA").allowed

    assert held("FRA")  # NATO's agreement binds GBR, USA and FRA
    assert not held("JPN")


def test_national_unclassified_is_still_released_to_every_nation() -> None:
    assert _nu_receivers("UNCLASSIFIED", "USA") == CANDIDATES
