"""Releasability decisions: a table-driven matrix and hypothesis properties."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allied._results import Result
from allied.catalog import load_catalog
from allied.errors import InputError
from allied.sharing.policy import (
    ClassificationMarking,
    Decision,
    Marking,
    Recipient,
    SharingPolicy,
    StatementMarking,
    TlpLevel,
    TlpMarking,
    UnknownMarking,
    clearances,
    decide,
    default_policy,
    find_level,
    parse_markings,
)

ON = date(2024, 1, 1)


def _decide(
    texts: list[str], nation: str, clearance: str, originator: str | None, on: date
) -> Decision:
    markings = [m for text in texts for m in parse_markings(text)]
    return decide(markings, Recipient(nation, clearance), on=on, originator=originator)


# markings, recipient nation, clearance, originator, date, allowed, a reason that must be given
MATRIX = [
    # TLP levels (FIRST TLP 2.0 read for a coalition: nations are the organisations)
    (["TLP:CLEAR"], "GBR", "U", "USA", ON, True, "TLP:CLEAR: releasable"),
    (["TLP:WHITE"], "GBR", "U", None, ON, True, "TLP:CLEAR: releasable"),
    (["TLP:GREEN"], "JPN", "U", "USA", ON, True, "TLP:GREEN: releasable"),
    (["TLP:AMBER"], "KOR", "U", "USA", ON, True, "TLP:AMBER: releasable"),
    (["TLP:AMBER+STRICT"], "GBR", "U", "USA", ON, False, "only within the originator nation USA"),
    (["TLP:AMBER+STRICT"], "USA", "U", "USA", ON, True, "recipient is in the originator nation"),
    (["TLP:AMBER+STRICT"], "USA", "U", None, ON, False, "which is not given"),
    (["TLP:RED"], "GBR", "TS", "USA", ON, False, "TLP:RED: only within the originator nation"),
    (["TLP:GREEN", "TLP:RED"], "USA", "U", "USA", ON, True, "TLP:RED: recipient is in"),
    # classification x clearance
    (
        ["SECRET//REL TO USA, GBR"],
        "GBR",
        "U",
        "USA",
        ON,
        False,
        "clearance U does not cover SECRET",
    ),
    (
        ["SECRET//REL TO USA, GBR"],
        "GBR",
        "C",
        "USA",
        ON,
        False,
        "clearance C does not cover SECRET",
    ),
    (["SECRET//REL TO USA, GBR"], "GBR", "S", "USA", ON, True, "clearance S covers SECRET"),
    (["SECRET//REL TO USA, GBR"], "GBR", "TS", "USA", ON, True, "agreement five_eyes"),
    (["TOP SECRET//REL TO FVEY"], "GBR", "S", "USA", ON, False, "does not cover TOP SECRET"),
    (["C//REL TO USA, GBR", "TS//REL TO USA, GBR"], "GBR", "S", "USA", ON, False, "TOP SECRET"),
    (["NATO SECRET//REL TO NATO"], "DEU", "S", "USA", ON, True, "(equivalent SECRET)"),
    (["NATO SECRET//REL TO NATO"], "DEU", "NS", "USA", ON, True, "clearance NS covers NATO SECRET"),
    (["NATO SECRET//REL TO NATO"], "DEU", "C", "USA", ON, False, "does not cover NATO SECRET"),
    (["NATO RESTRICTED//REL TO NATO"], "FRA", "C", "DEU", ON, True, "(equivalent CONFIDENTIAL)"),
    (
        ["NATO RESTRICTED//REL TO AUS"],
        "AUS",
        "TS",
        "USA",
        ON,
        False,
        "no agreement in force for AUS",
    ),
    (["SECRET//REL TO USA, GBR"], "GBR", "NS", "USA", ON, True, "(equivalent NATO SECRET)"),
    (["SECRET//REL TO USA, AUS"], "AUS", "NS", "USA", ON, False, "makes SECRET equivalent"),
    # NOFORN
    (["C//NOFORN"], "GBR", "TS", "USA", ON, False, "NOFORN: only within the originator nation USA"),
    (["C//NOFORN"], "USA", "C", "USA", ON, True, "NOFORN: recipient is in the originator nation"),
    (["TLP:GREEN", "U//NOFORN"], "CAN", "U", "USA", ON, False, "NOFORN"),
    (["S//REL TO USA, GBR", "C//NOFORN"], "GBR", "TS", "USA", ON, False, "NOFORN"),
    # REL TO USA, GBR and intersections
    (["S//REL TO USA, GBR"], "FRA", "TS", "USA", ON, False, "FRA is not included"),
    (["S//REL TO USA, GBR, CAN", "S//REL TO USA, GBR"], "CAN", "S", "USA", ON, False, "CAN is not"),
    (["S//REL TO USA, GBR, CAN", "C//REL TO FVEY"], "CAN", "S", "USA", ON, True, "CAN is included"),
    (["U//REL TO USA, GBR"], "JPN", "U", "USA", ON, False, "JPN is not included"),
    (["U//REL TO USA, GBR"], "GBR", "U", None, ON, True, "GBR is included"),
    # classified without REL TO: the originator's nation only
    (["SECRET"], "GBR", "TS", "USA", ON, False, "classified without REL TO"),
    (["SECRET"], "USA", "S", "USA", ON, True, "clearance S covers SECRET"),
    (["SECRET//REL TO USA, GBR"], "GBR", "S", None, ON, False, "needs the originator nation"),
    # Five Eyes membership by date (Canada 29 Jun 1949; Australia "1956": counted from 31 Dec)
    (["TS//REL TO FVEY"], "CAN", "TS", "USA", date(1949, 6, 28), False, "CAN is not included"),
    (["TS//REL TO FVEY"], "CAN", "TS", "USA", date(1949, 6, 29), True, "agreement five_eyes"),
    (["TS//REL TO FVEY"], "AUS", "TS", "GBR", date(1956, 12, 30), False, "AUS is not included"),
    (
        ["TS//REL TO FVEY"],
        "AUS",
        "TS",
        "GBR",
        date(1956, 12, 31),
        True,
        "covers TOP SECRET GBR->AUS",
    ),
    # NATO membership by date (Sweden 7 Mar 2024)
    (["NS//REL TO NATO"], "SWE", "S", "NOR", date(2024, 3, 6), False, "SWE is not included"),
    (["NS//REL TO NATO"], "SWE", "S", "NOR", date(2024, 3, 7), True, "agreement nato"),
    # bilateral agreements: the US-Japan GSOMIA from its signature, Japan-ROK up to SECRET
    (["S//REL TO USA, JPN"], "JPN", "S", "USA", date(2007, 8, 9), False, "none in force on"),
    (["S//REL TO USA, JPN"], "JPN", "S", "USA", date(2007, 8, 10), True, "us_japan_gsomia"),
    (["S//REL TO KOR, JPN"], "JPN", "S", "KOR", date(2016, 11, 22), False, "between KOR and JPN"),
    (["S//REL TO KOR, JPN"], "JPN", "S", "KOR", date(2016, 11, 23), True, "japan_rok_gsomia"),
    (["TS//REL TO KOR, JPN"], "JPN", "TS", "KOR", ON, False, "covers TOP SECRET"),
    # the US-ROK agreement of 24 Sep 1987 (TOP SECRET), the Japan-Australia ISA in force
    # 22 Mar 2013, the Japan-UK ISA counted from 31 Jan 2014 (month known only)
    (["S//REL TO USA, KOR"], "KOR", "S", "USA", date(1987, 9, 23), False, "between USA and KOR"),
    (["S//REL TO USA, KOR"], "KOR", "S", "USA", ON, True, "agreement us_rok_gsomia"),
    (["TS//REL TO USA, KOR"], "USA", "TS", "KOR", ON, True, "covers TOP SECRET KOR->USA"),
    (["S//REL TO AUS"], "AUS", "S", "JPN", date(2013, 3, 21), False, "between JPN and AUS"),
    (["S//REL TO AUS"], "AUS", "S", "JPN", date(2013, 3, 22), True, "japan_australia_isa"),
    (["S//REL TO GBR"], "GBR", "S", "JPN", date(2014, 1, 30), False, "between JPN and GBR"),
    (["TS//REL TO JPN"], "JPN", "TS", "GBR", date(2014, 1, 31), True, "agreement japan_uk_isa"),
    # REL TO AUKUS: Australia, the UK and the US from 15 Sep 2021
    (["S//REL TO AUKUS"], "AUS", "S", "USA", date(2021, 9, 14), False, "AUS is not included"),
    (["S//REL TO AUKUS"], "AUS", "S", "USA", date(2021, 9, 15), True, "AUKUS on 2021-09-15: AUS"),
    (["S//REL TO AUKUS"], "NZL", "S", "USA", ON, False, "NZL is not included"),
    # the NATO-EU agreement (14 Mar 2003): NATO information between a NATO member and an EU
    # member in the Partnership for Peace; not national information, not Cyprus, Malta only
    # while in PfP (again from 3 Apr 2008)
    (["NS//REL TO NATO, EU"], "AUT", "NS", "USA", date(2003, 3, 13), False, "USA and AUT"),
    (["NS//REL TO NATO, EU"], "AUT", "NS", "USA", date(2003, 3, 14), True, "nato_eu_security"),
    (["S//REL TO USA, AUT"], "AUT", "S", "USA", ON, False, "between USA and AUT covers SECRET"),
    (["NS//REL TO NATO, EU"], "CYP", "NS", "USA", ON, False, "between USA and CYP"),
    (["NS//REL TO NATO, EU"], "MLT", "NS", "DEU", date(2008, 4, 2), False, "DEU and MLT"),
    (["NS//REL TO NATO, EU"], "MLT", "NS", "DEU", date(2008, 4, 3), True, "nato_eu_security"),
    (["NS//REL TO NATO, EU"], "IRL", "NS", "AUT", ON, False, "between AUT and IRL"),
]


@pytest.mark.parametrize(
    ("texts", "nation", "clearance", "originator", "on", "allowed", "reason"), MATRIX
)
def test_releasability_matrix(
    texts: list[str],
    nation: str,
    clearance: str,
    originator: str | None,
    on: date,
    allowed: bool,
    reason: str,
) -> None:
    decision = _decide(texts, nation, clearance, originator, on)
    assert decision.allowed is allowed, decision.summary()
    assert any(reason in r for r in decision.reasons), decision.summary()


def test_allowed_reasons_name_every_rule() -> None:
    decision = _decide(["TLP:AMBER", "SECRET//REL TO USA, GBR"], "GBR", "S", "USA", ON)
    assert decision == Decision(
        True,
        (
            "TLP:AMBER: releasable to the exchange's participants",
            "REL TO GBR, USA on 2024-01-01: GBR is included",
            "clearance S covers SECRET",
            "agreement five_eyes in force on 2024-01-01 covers SECRET USA->GBR",
        ),
    )
    assert decision.summary().splitlines()[0] == "ALLOWED"


def _ended_gsomia(tmp_path: Path) -> SharingPolicy:
    source = Path(__file__).parents[3] / "src/allied/catalog/data/us_japan_gsomia.yaml"
    text = source.read_text("utf-8").replace("status: active", "ended: 2010-12-31\nstatus: ended")
    (tmp_path / "us_japan_gsomia.yaml").write_text(text, "utf-8")
    return SharingPolicy.from_catalog(load_catalog(tmp_path))


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (date(2007, 8, 9), False),
        (date(2007, 8, 10), True),
        (date(2010, 12, 31), True),
        (date(2011, 1, 1), False),
    ],
)
def test_bilateral_agreement_validity_window(tmp_path: Path, on: date, allowed: bool) -> None:
    """Before signature denied, during allowed, after the end denied (an ended copy)."""
    policy = _ended_gsomia(tmp_path)
    decision = decide(
        parse_markings("S//REL TO USA, JPN"),
        Recipient("JPN", "S"),
        on=on,
        originator="USA",
        policy=policy,
    )
    assert decision.allowed is allowed, decision.summary()


def test_third_party_rule() -> None:
    """Japanese information held by the US does not go to the UK without Japan's consent."""
    gbr = Recipient("GBR", "S")
    held = decide(parse_markings("S//REL TO USA, JPN"), gbr, on=ON, originator="JPN", holder="USA")
    assert not held.allowed
    assert held.reasons[-1] == (
        "third-party rule of us_japan_gsomia: JPN information held by USA goes to GBR "
        "only with JPN's consent"
    )
    consented = decide(
        parse_markings("S//REL TO USA, JPN, GBR"), gbr, on=ON, originator="JPN", holder="USA"
    )
    assert consented.allowed and "consented by naming GBR" in consented.reasons[-1]
    # inside one agreement nobody is a third party: UK information held by the US goes to Canada
    can = decide(
        parse_markings("S//REL TO FVEY"),
        Recipient("CAN", "S"),
        on=ON,
        originator="GBR",
        holder="USA",
    )
    assert can.allowed and "among GBR, USA and CAN" in can.reasons[-1]
    # the holder itself, and the originator, are not third parties
    assert decide(
        parse_markings("S//REL TO USA, JPN"),
        Recipient("USA", "S"),
        on=ON,
        originator="JPN",
        holder="USA",
    ).allowed


def test_unknown_statement_and_unmarked() -> None:
    gbr = Recipient("GBR", "TS")
    unknown = decide(
        [
            TlpMarking(TlpLevel.CLEAR, "2.0"),
            UnknownMarking("marking-definition--x", "no definition"),
        ],
        gbr,
        on=ON,
    )
    assert unknown == Decision(False, ("unknown marking marking-definition--x: no definition",))
    statement = [StatementMarking("Copyright 2024 Example Corp")]
    assert not decide(statement, gbr, on=ON).allowed
    lenient = replace(default_policy(), statements_restrict=False)
    assert decide(statement, gbr, on=ON, policy=lenient).allowed
    assert decide([], gbr, on=ON) == Decision(
        False, ("unmarked: no markings, and the policy does not release unmarked items",)
    )
    clear = SharingPolicy.from_catalog(load_catalog(), unmarked_as_clear=True)
    assert decide([], gbr, on=ON, policy=clear).allowed


def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="'UK' is not an ISO 3166-1 alpha-3 code"):
        decide([], Recipient("GBR"), on=ON, originator="UK")
    with pytest.raises(InputError, match="must be a date"):
        decide([], Recipient("GBR"), on="2024-01-01")  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties

NATIONS = ["USA", "GBR", "CAN", "AUS", "NZL", "JPN", "KOR", "DEU", "FRA", "SWE"]
TOKENS = [*NATIONS, "FVEY", "NATO", "EU"]


def _classification(level: str, noforn: bool, rel: frozenset[str] | None) -> ClassificationMarking:
    return ClassificationMarking(level, find_level(level).scheme, noforn, rel)


marking_strategy: st.SearchStrategy[Marking] = st.one_of(
    st.builds(TlpMarking, st.sampled_from(list(TlpLevel)), st.sampled_from(["1.0", "2.0"])),
    st.builds(
        _classification,
        st.sampled_from(sorted(clearances())),
        st.booleans(),
        st.none() | st.frozensets(st.sampled_from(TOKENS), min_size=1, max_size=4),
    ),
    st.builds(UnknownMarking, st.just("marking-definition--x"), st.just("unreadable")),
    st.builds(StatementMarking, st.sampled_from(["Copyright", "Terms of use"])),
)
recipients = st.builds(Recipient, st.sampled_from(NATIONS), st.sampled_from(sorted(clearances())))
dates = st.dates(min_value=date(1946, 1, 1), max_value=date(2030, 12, 31))
nations = st.none() | st.sampled_from(NATIONS)
policies = st.sampled_from(
    [
        default_policy(),
        replace(default_policy(), statements_restrict=False),
        replace(default_policy(), unmarked_as_clear=True),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(marking_strategy, min_size=1, max_size=5),
    marking_strategy,
    recipients,
    dates,
    nations,
    nations,
    policies,
)
def test_adding_a_marking_never_widens_release(
    markings: list[Marking],
    extra: Marking,
    recipient: Recipient,
    on: date,
    originator: str | None,
    holder: str | None,
    policy: SharingPolicy,
) -> None:
    wider = decide(
        [*markings, extra], recipient, on=on, originator=originator, holder=holder, policy=policy
    )
    if wider.allowed:
        assert decide(
            markings, recipient, on=on, originator=originator, holder=holder, policy=policy
        ).allowed


@settings(max_examples=100, deadline=None)
@given(marking_strategy, recipients, dates, nations)
def test_adding_to_nothing_never_widens_when_unmarked_is_clear(
    extra: Marking, recipient: Recipient, on: date, originator: str | None
) -> None:
    policy = replace(default_policy(), unmarked_as_clear=True)
    if decide([extra], recipient, on=on, originator=originator, policy=policy).allowed:
        assert decide([], recipient, on=on, originator=originator, policy=policy).allowed


@settings(max_examples=200, deadline=None)
@given(
    st.lists(marking_strategy, max_size=6),
    st.randoms(use_true_random=False),
    recipients,
    dates,
    nations,
)
def test_order_of_markings_does_not_matter(
    markings: list[Marking],
    rng: random.Random,
    recipient: Recipient,
    on: date,
    originator: str | None,
) -> None:
    shuffled = list(markings)
    rng.shuffle(shuffled)
    assert decide(markings, recipient, on=on, originator=originator) == decide(
        shuffled, recipient, on=on, originator=originator
    )


def test_nato_eu_third_party_stays_among_its_parties() -> None:
    """NATO information an EU member holds under the NATO-EU agreement may go on to another
    EU member in the Partnership for Peace, never to Cyprus (no security agreement with NATO)."""
    markings = parse_markings("NS//REL TO NATO, EU")
    onward = decide(markings, Recipient("IRL", "NS"), on=ON, originator="USA", holder="AUT")
    assert onward.allowed, onward.summary()
    assert onward.reasons[-1] == (
        "agreement nato_eu_security_agreement in force on 2024-01-01 covers NATO SECRET among "
        "USA, AUT and IRL"
    )
    cyprus = decide(markings, Recipient("CYP", "NS"), on=ON, originator="USA", holder="AUT")
    assert not cyprus.allowed
    assert cyprus.reasons[-1] == (
        "third-party rule of nato_eu_security_agreement: USA information held by AUT goes to "
        "CYP only with USA's consent"
    )


def test_a_decision_is_a_result() -> None:
    decision = _decide(["S//NOFORN", "TLP:RED"], "GBR", "TS", "USA", ON)
    assert isinstance(decision, Result)
    assert decision.to_frame().to_dict("records") == [
        {"decision": "DENIED", "reason": "TLP:RED: only within the originator nation USA"},
        {"decision": "DENIED", "reason": "NOFORN: only within the originator nation USA"},
    ]
    html = decision._repr_html_()
    assert html.startswith('<div class="allied-result"><pre>DENIED\n  - TLP:RED')
    assert "<td>NOFORN: only within the originator nation USA</td>" in html
