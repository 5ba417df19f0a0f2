"""A declared originator (ISA ACS 3.0 ``responsible_entity_originator``) and the third-party rule.

The ACS reader takes the originating organisation's GENC trigraph as the
nation that created the information, and refuses a value that names no nation;
:func:`decide` then also decides the item as that nation's information released
by the poster, and releases it only where both decisions allow it.

References: the ``responsible_entity_originator`` field and the ``organizations``
and ``custodian`` definitions of isa-acs-3-0.json (OASIS cti-stix-common-objects,
extension-definition-specifications/acs-data-markings), whose organisations are a
trigraph followed by dot-separated codes (``USA.DHS.CISA``) or a sector code
(``CDC``, ``CIKR``, ``DIB``, ``FIN``, ``ISAC``, ``NONFED``, ``PRIVATESECTOR``).
"""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

import pytest

from allied.sharing.policy import (
    ACS_EXTENSION,
    Agreement,
    ClassificationMarking,
    MarkingError,
    Recipient,
    SharingPolicy,
    TlpLevel,
    TlpMarking,
    decide,
    marking_from_definition,
)

ON = date(2025, 6, 1)
NS = uuid.UUID("6f1c2a4e-3b5d-4e7f-9a8b-1c2d3e4f5a6b")
START = date(2020, 1, 1)


def acs_definition(
    name: str,
    level: str,
    nations: list[str] | None,
    originator: Any = None,
    *,
    noforn: bool = False,
) -> dict[str, Any]:
    """An ISA ACS 3.0 marking definition: ``level``, REL TO ``nations``, declared ``originator``."""
    control: dict[str, Any] = {"classification": level}
    if nations is not None:
        control["permitted_nationalities"] = nations
    if noforn:
        control["formal_determination"] = ["NF"]
    acs: dict[str, Any] = {
        "extension_type": "property-extension",
        "identifier": f"isa:{name}",
        "create_date_time": "2024-01-01T00:00:00Z",
        "responsible_entity_custodian": "GBR.MOD",
        "policy_reference": "urn:isa:policy:acs:ns:v3.0?privdefault=deny&sharedefault=permit",
        "control_set": control,
    }
    if originator is not None:
        acs["responsible_entity_originator"] = originator
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": f"marking-definition--{uuid.uuid5(NS, name)}",
        "created": "2024-01-01T00:00:00.000Z",
        "extensions": {ACS_EXTENSION: acs},
    }


def agreement(name: str, *members: str, third_party_rule: bool = True) -> Agreement:
    """A SECRET agreement in force from 2020 among ``members``."""
    return Agreement(
        id=name,
        name=name,
        start=START,
        end=None,
        spells=tuple((member, START, None) for member in members),
        max_level="S",
        equivalences={},
        third_party_rule=third_party_rule,
    )


USA_GBR = agreement("usa_gbr", "USA", "GBR")
GBR_AUS = agreement("gbr_aus", "GBR", "AUS")
JPN_POL = agreement("jpn_pol", "JPN", "POL")
#: The policies of the relay cases: bilateral agreements (consent by REL TO), one
#: agreement among the three, and none under which GBR may hold USA information.
POLICIES = {
    "bilateral": SharingPolicy({}, (USA_GBR, GBR_AUS, JPN_POL)),
    "trio": SharingPolicy({}, (agreement("trio", "USA", "GBR", "AUS"),)),
    "no_usa_gbr": SharingPolicy({}, (GBR_AUS, JPN_POL)),
}


@pytest.mark.parametrize(
    ("written", "nation"),
    [("USA.DHS.CISA", "USA"), ("GBR.MOD", "GBR"), ("AUS", "AUS"), (" usa.dhs.cisa ", "USA")],
)
def test_the_originator_is_the_organisations_trigraph(written: str, nation: str) -> None:
    marking = marking_from_definition(acs_definition("m", "S", ["USA", "GBR"], written))
    rel_to = frozenset({"USA", "GBR"})
    assert marking == ClassificationMarking("S", "national", False, rel_to, nation)
    assert marking.declared_originator == nation


def test_no_originator_declares_none() -> None:
    marking = marking_from_definition(acs_definition("m", "S", ["USA", "GBR"]))
    assert marking.declared_originator is None


#: Values that name no nation: sector codes of isa-acs-3-0.json, trigraphs of no state,
#: look-alikes (fullwidth letters; U+017F LATIN SMALL LETTER LONG S, which upper-cases to
#: ASCII "S"; a zero-width space), and values that are not strings.
NO_NATION = [
    "DIB",
    "PRIVATESECTOR",
    "XXX.MOD",
    "",
    "\uff35\uff33\uff21.DHS",
    "u\u017fa.DHS",
    "US\u200bA.DHS",
    "USA\u202e.DHS",
    42,
    ["USA"],
]


@pytest.mark.parametrize("written", NO_NATION, ids=repr)
def test_an_originator_that_names_no_nation_is_refused(written: Any) -> None:
    with pytest.raises(MarkingError, match=r"responsible_entity_originator .* names no nation"):
        marking_from_definition(acs_definition("m", "S", ["USA", "GBR"], written))


def _relayed(policy: SharingPolicy, nations: list[str], to: str) -> bool:
    """Whether GBR's post of USA's SECRET information REL TO ``nations`` reaches ``to``."""
    marking = marking_from_definition(acs_definition("relay", "S", nations, "USA.DHS.CISA"))
    recipient = Recipient(to, "TS")
    return decide([marking], recipient, on=ON, originator="GBR", policy=policy).allowed


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("bilateral", {"USA", "GBR", "AUS"}),  # USA's REL TO consents; GBR-AUS covers onward
        ("trio", {"USA", "GBR", "AUS"}),  # one agreement among the three: no third party
        ("no_usa_gbr", set()),  # GBR holds USA information under no agreement
    ],
)
def test_relayed_information_follows_the_third_party_rule(policy: str, expected: set[str]) -> None:
    rel_to = ["USA", "GBR", "AUS"]
    nations = ("USA", "GBR", "AUS", "CAN", "POL", "JPN")
    reached = {to for to in nations if _relayed(POLICIES[policy], rel_to, to)}
    assert reached == expected


def test_the_reasons_say_which_rule_and_which_agreement() -> None:
    marking = marking_from_definition(acs_definition("relay", "S", ["USA", "GBR", "AUS"], "USA"))
    aus = Recipient("AUS", "S")
    consent = decide([marking], aus, on=ON, originator="GBR", policy=POLICIES["bilateral"])
    assert consent.reasons[-1] == (
        "as USA information released by GBR: third-party rule: USA consented by naming AUS "
        "in REL TO, and gbr_aus covers SECRET GBR->AUS"
    )
    denied = decide([marking], aus, on=ON, originator="GBR", policy=POLICIES["no_usa_gbr"])
    assert denied.reasons == (
        "as USA information released by GBR: agreement: GBR holds USA SECRET information "
        "under no agreement in force on 2025-06-01 that lets it go on to AUS",
    )


def test_without_the_declared_originator_the_relay_would_reach_aus() -> None:
    """What the declared originator changes: the same marking without it goes to AUS."""
    marking = marking_from_definition(acs_definition("own", "S", ["USA", "GBR", "AUS"]))
    policy = POLICIES["no_usa_gbr"]
    aus = Recipient("AUS", "S")
    assert decide([marking], aus, on=ON, originator="GBR", policy=policy).allowed
    assert not _relayed(policy, ["USA", "GBR", "AUS"], "AUS")


def test_the_declared_originator_receives_it_only_where_the_poster_may_release_it() -> None:
    """Both ways: USA receives its information relayed by GBR when GBR's marking names USA
    and an agreement covers GBR->USA; not when the marking leaves USA out, nor without one."""
    assert _relayed(POLICIES["bilateral"], ["USA", "GBR", "AUS"], "USA")
    assert not _relayed(POLICIES["bilateral"], ["GBR", "AUS"], "USA")
    assert not _relayed(POLICIES["no_usa_gbr"], ["USA", "GBR", "AUS"], "USA")


def test_naming_another_originator_widens_nothing() -> None:
    """GBR names JPN, whose agreement reaches POL: POL still gets nothing (no GBR-POL one)."""
    marking = marking_from_definition(acs_definition("widen", "S", ["GBR", "POL"], "JPN"))
    policy = POLICIES["bilateral"]
    pol = Recipient("POL", "S")
    assert decide([marking], pol, on=ON, originator="JPN", policy=policy).allowed  # JPN's own
    assert not decide([marking], pol, on=ON, originator="GBR", policy=policy).allowed


NATIONS = ("USA", "GBR", "AUS", "CAN", "POL", "JPN", "KOR", "DEU")
BASES: list[list[Any]] = [
    [ClassificationMarking("S", "national", False, frozenset({"USA", "GBR", "AUS"}))],
    [ClassificationMarking("S", "national", False, frozenset({"FVEY"}))],
    [ClassificationMarking("S", "national", False, frozenset({"NATO"}))],
    [ClassificationMarking("TS", "national", False, frozenset({"USA", "JPN", "KOR"}))],
    [ClassificationMarking("S", "national", True, None)],
    [ClassificationMarking("U", "national", False, frozenset({"USA", "POL"}))],
    [ClassificationMarking("U", "national"), TlpMarking(TlpLevel.GREEN, "2.0")],
    [ClassificationMarking("U", "national"), TlpMarking(TlpLevel.RED, "2.0")],
]


@pytest.mark.parametrize("base", BASES, ids=lambda markings: " + ".join(map(str, markings)))
def test_a_declared_originator_is_exactly_the_intersection(base: list[Any]) -> None:
    """For every poster, declared nation and recipient (catalog policy): released with the
    declared originator exactly when released with the poster as originator AND as the
    declared nation's information held by the poster, so it never widens release."""
    first, *rest = base
    for poster, declared, to in itertools.product(NATIONS, NATIONS, NATIONS):
        marked = [ClassificationMarking(*_fields(first), originator=declared), *rest]
        recipient = Recipient(to, "TS")
        with_it = decide(marked, recipient, on=ON, originator=poster).allowed
        own = decide(base, recipient, on=ON, originator=poster).allowed
        relayed = decide(base, recipient, on=ON, originator=declared, holder=poster).allowed
        assert with_it == (own and relayed), (poster, declared, to)


def _fields(marking: ClassificationMarking) -> tuple[Any, ...]:
    return marking.level, marking.scheme, marking.noforn, marking.rel_to


def test_the_poster_naming_itself_changes_nothing() -> None:
    for base, to in itertools.product(BASES, NATIONS):
        first, *rest = base
        marked = [ClassificationMarking(*_fields(first), originator="USA"), *rest]
        recipient = Recipient(to, "TS")
        plain = decide(base, recipient, on=ON, originator="USA")
        assert decide(marked, recipient, on=ON, originator="USA") == plain
