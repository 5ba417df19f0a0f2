"""The registry of marking schemes: a new scheme is one object, and everything uses it.

Two toy schemes are registered for a test and unregistered after it:

- ``ACME``, a ladder of classification levels (a nation's own): its banners
  parse, its levels are clearances, and ``decide`` applies the classification
  rules to it (clearance, REL TO, agreements with their equivalences);
- ``EMBARGO UNTIL <date>``, a marking with a rule of its own: text, STIX
  definitions, ``decide`` and bundle filtering all follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from allied.errors import InputError, NotFoundError
from allied.sharing.policy import (
    NATIONAL,
    Agreement,
    ClassificationMarking,
    ClassificationScheme,
    Judgement,
    Marking,
    MarkingScheme,
    Recipient,
    Release,
    SharingPolicy,
    check_clearance,
    clearances,
    decide,
    get_scheme,
    marking_from_definition,
    marking_schemes,
    parse_markings,
    register_scheme,
    unregister_scheme,
)
from allied.sharing.stix import filter_objects

ON = date(2025, 6, 1)


def test_the_built_in_schemes_in_order() -> None:
    assert [scheme.name for scheme in marking_schemes()] == ["tlp", "isa-acs", "national", "nato"]
    assert clearances() == ("U", "C", "S", "TS", "NU", "NR", "NC", "NS", "CTS")
    assert get_scheme("national") is NATIONAL
    with pytest.raises(NotFoundError, match="no marking scheme 'acme'"):
        get_scheme("acme")


def test_a_scheme_that_clashes_is_refused() -> None:
    with pytest.raises(InputError, match="clashes with a registered one on national"):
        register_scheme(ClassificationScheme("national", "national", [("X", "X")]))
    with pytest.raises(InputError, match="on S"):
        register_scheme(ClassificationScheme("other", "other", [("S", "SECRET")]))
    assert [scheme.name for scheme in marking_schemes()] == ["tlp", "isa-acs", "national", "nato"]


# --------------------------------------------------------------------- a ladder of levels

ACME = ClassificationScheme(
    "acme",
    "ACME",
    [("AU", "ACME UNCLASSIFIED"), ("AC", "ACME CONFIDENTIAL"), ("AS", "ACME SECRET")],
)


@pytest.fixture
def acme() -> Iterator[ClassificationScheme]:
    register_scheme(ACME)
    try:
        yield ACME
    finally:
        unregister_scheme("acme")


def test_a_new_ladder_parses_and_counts_as_clearances(acme: ClassificationScheme) -> None:
    (marking,) = parse_markings("acme secret//REL TO USA")
    assert marking == ClassificationMarking("AS", "acme", False, frozenset({"USA"}))
    assert str(marking) == "ACME SECRET//REL TO USA"
    assert marking.rank == 2 and marking.classified
    assert Recipient("USA", "as").clearance == "AS"
    assert clearances()[-3:] == ("AU", "AC", "AS")
    with pytest.raises(InputError) as caught:
        check_clearance("X", where="argument clearance")
    assert caught.value.fix == (
        "Use a national level (U, C, S, TS), a NATO level (NU, NR, NC, NS, CTS) "
        "or an ACME level (AU, AC, AS)."
    )


def test_decide_applies_the_classification_rules_to_a_new_ladder(
    acme: ClassificationScheme,
) -> None:
    secret = parse_markings("ACME SECRET//REL TO USA, GBR")
    home = decide(secret, Recipient("USA", "AS"), on=ON, originator="USA")
    assert home.allowed
    assert "clearance AS covers ACME SECRET" in home.reasons
    low = decide(secret, Recipient("USA", "AC"), on=ON, originator="USA")
    assert low.reasons == ("clearance AC does not cover ACME SECRET",)
    abroad = decide(secret, Recipient("GBR", "TS"), on=ON, originator="USA")
    assert not abroad.allowed
    assert (
        f"clearance: no agreement in force for GBR on {ON} makes ACME SECRET equivalent "
        "to a national level" in abroad.reasons
    )
    # an agreement relating ACME SECRET to national SECRET lets it go to GBR
    pact = Agreement(
        id="acme_pact",
        name="ACME pact",
        start=date(2020, 1, 1),
        end=None,
        spells=(("USA", date(2020, 1, 1), None), ("GBR", date(2020, 1, 1), None)),
        max_level="S",
        equivalences={"AS": "S", "S": "AS"},
        third_party_rule=True,
    )
    policy = SharingPolicy({}, (pact,))
    allowed = decide(secret, Recipient("GBR", "S"), on=ON, originator="USA", policy=policy)
    assert allowed.allowed
    assert allowed.reasons[-2:] == (
        "clearance S covers ACME SECRET (equivalent SECRET)",
        f"agreement acme_pact in force on {ON} covers ACME SECRET USA->GBR",
    )


def test_an_unregistered_ladder_is_gone() -> None:
    register_scheme(ACME)
    unregister_scheme("acme")
    with pytest.raises(InputError, match="unknown classification 'ACME SECRET'"):
        parse_markings("ACME SECRET")
    with pytest.raises(InputError, match="unknown clearance 'AS'"):
        Recipient("USA", "AS")
    stray = ClassificationMarking("AS", "acme")
    assert decide([stray], Recipient("USA", "TS"), on=ON, originator="USA").reasons == (
        "unknown marking AS: no registered marking scheme decides it",
    )


# --------------------------------------------------------------------- a rule of its own


@dataclass(frozen=True)
class Embargo(Marking):
    """No release before the day after ``until``."""

    until: date

    def __str__(self) -> str:
        return f"EMBARGO UNTIL {self.until}"


class EmbargoScheme(MarkingScheme):
    name = "embargo"
    label = "embargo"
    syntax = 'an embargo such as "EMBARGO UNTIL 2025-01-01"'
    definition_label = "embargo"

    def owns(self, marking: Marking) -> bool:
        return isinstance(marking, Embargo)

    def parse(self, text: str) -> Marking | None:
        words = text.upper().split()
        return Embargo(date.fromisoformat(words[2])) if words[:2] == ["EMBARGO", "UNTIL"] else None

    def read_definition(self, definition: Mapping[str, Any]) -> Marking | None:
        if definition.get("definition_type") != "x-embargo":
            return None
        return Embargo(date.fromisoformat(definition["definition"]["until"]))

    def judge(self, markings: Sequence[Marking], release: Release) -> Iterable[Judgement]:
        last = max(m.until for m in markings if isinstance(m, Embargo))
        yield release.on > last, f"embargo until {last}: {'over' if release.on > last else 'on'}"


@pytest.fixture
def embargo() -> Iterator[MarkingScheme]:
    scheme = register_scheme(EmbargoScheme())
    try:
        yield scheme
    finally:
        unregister_scheme("embargo")


EMBARGO_ID = "marking-definition--0b1c2d3e-4f50-4617-8899-aabbccddeeff"
EMBARGO = {
    "type": "marking-definition",
    "spec_version": "2.1",
    "id": EMBARGO_ID,
    "created": "2025-01-01T00:00:00.000Z",
    "definition_type": "x-embargo",
    "definition": {"until": "2025-06-30"},
}
MALWARE = {
    "type": "malware",
    "spec_version": "2.1",
    "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
    "created": "2025-01-01T00:00:00.000Z",
    "modified": "2025-01-01T00:00:00.000Z",
    "name": "Bad",
    "is_family": True,
    "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", EMBARGO_ID],
}


def test_decide_uses_a_registered_rule(embargo: MarkingScheme) -> None:
    marks = parse_markings("TLP:GREEN; EMBARGO UNTIL 2025-06-30")
    assert marks[1] == Embargo(date(2025, 6, 30))
    gbr = Recipient("GBR")
    before = decide(marks, gbr, on=date(2025, 6, 30), originator="USA")
    assert before.reasons == ("embargo until 2025-06-30: on",)
    after = decide(marks, gbr, on=date(2025, 7, 1), originator="USA")
    assert after.allowed
    assert after.reasons == (
        "TLP:GREEN: releasable to the exchange's participants",
        "embargo until 2025-06-30: over",
    )


def test_stix_definitions_and_filtering_use_a_registered_scheme(embargo: MarkingScheme) -> None:
    assert marking_from_definition(EMBARGO) == Embargo(date(2025, 6, 30))
    objects = [EMBARGO, MALWARE]
    early = filter_objects(objects, Recipient("GBR"), on=date(2025, 6, 1), originators="USA")
    late = filter_objects(objects, Recipient("GBR"), on=date(2025, 7, 1), originators="USA")
    assert early.objects == ()
    assert [obj["id"] for obj in late.objects] == [EMBARGO_ID, MALWARE["id"]]


def test_without_its_scheme_an_embargo_denies() -> None:
    marks = [Embargo(date(2000, 1, 1))]
    assert decide(marks, Recipient("GBR"), on=ON, originator="USA").reasons == (
        "unknown marking EMBARGO UNTIL 2000-01-01: no registered marking scheme decides it",
    )
    assert marking_from_definition(EMBARGO).reason == (  # type: ignore[attr-defined]
        "not a TLP, ISA ACS 3.0 or statement marking definition"
    )
    with pytest.raises(InputError) as caught:
        parse_markings("EMBARGO UNTIL 2025-01-01")
    assert "embargo" not in (caught.value.fix or "")
