"""Export-control regimes and arms embargoes in the catalog against published figures.

Each test names the source of its figures (read with the sources cited in the
catalog entry, accessed 2026-12-08).
"""

from datetime import date

import pytest

from allied.catalog import embargoes_on, load_catalog

CATALOG = load_catalog()
TODAY = date(2026, 12, 8)


def current(arrangement_id: str, on: date = TODAY) -> set[str]:
    return {m.state for m in CATALOG.get(arrangement_id).members_on(on)}


@pytest.mark.parametrize(
    ("regime", "count", "source"),
    [
        ("wassenaar", 42, "wassenaar.org / NTI: 42 participating states (India the 42nd, 2017)"),
        ("mtcr", 35, "mtcr.info: India 'formally is the 35th member of the Regime' (2016)"),
        ("nuclear_suppliers_group", 48, "NSG: 48 participating governments"),
        ("australia_group", 42, "australiagroup.net: 42 countries and the European Union"),
    ],
)
def test_participant_counts_match_the_official_figures(
    regime: str, count: int, source: str
) -> None:
    assert len(current(regime)) == count, source


def test_wassenaar_founders_and_growth() -> None:
    """US BIS, 'Members and Criteria for Membership' (archived 15 Oct 2004): 33 members;
    Croatian MFA (29 June 2005): 'adopted in 1996 by 33 founding countries'; IANSA (Feb
    2012): Mexico the 41st on 25 January 2012."""
    assert len(current("wassenaar", date(1996, 7, 12))) == 33
    assert len(current("wassenaar", date(2004, 10, 15))) == 33
    assert len(current("wassenaar", date(2012, 1, 24))) == 40
    assert len(current("wassenaar", date(2012, 1, 25))) == 41
    assert "MEX" in current("wassenaar", date(2012, 1, 25))


def test_india_in_three_regimes_not_the_nsg() -> None:
    """mtcr.info (India the 35th partner, 27 June 2016); Wikipedia, Wassenaar Arrangement
    (India the 42nd participating state, 7 December 2017); Wikipedia, Australia Group
    (India incorporated on 19 January 2018); IBTimes, 27 June 2016 (India excluded from the
    48-member NSG)."""
    assert "IND" in current("mtcr", date(2016, 6, 27))
    assert "IND" not in current("mtcr", date(2016, 6, 26))
    assert "IND" in current("wassenaar", date(2017, 12, 7))
    assert "IND" in current("australia_group", date(2018, 1, 19))
    assert "IND" not in current("nuclear_suppliers_group")


def test_mtcr_founders_are_the_g7() -> None:
    """Wikipedia, Missile Technology Control Regime: established in April 1987 by the G7."""
    founders = {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    assert current("mtcr", date(1987, 4, 1)) == founders


def test_nsg_members_that_are_not_in_the_mtcr() -> None:
    """Wikipedia lists (NSG participating governments; MTCR partners): China, Belarus,
    Kazakhstan and others take part in the NSG but are not MTCR partners."""
    only_nsg = current("nuclear_suppliers_group") - current("mtcr")
    assert {"CHN", "BLR", "KAZ", "SRB", "MEX", "CYP", "MLT"} <= only_nsg
    assert not current("mtcr") - current("nuclear_suppliers_group") - {"IND"}


def test_embargoes_in_force_as_grip_lists_them() -> None:
    """GRIP arms embargo database (embargo.grip.org): DPRK under UN (and EU) arms embargo
    since 2006; Russia under EU arms embargo since July 2014; China under EU arms embargo
    since June 1989; Venezuela since November 2017; Myanmar since 1990 - each 'ongoing'.
    UN resolution 1970 (2011): Libya from 26 Feb 2011."""
    expected = {
        "PRK": ["un_arms_embargo_dprk"],
        "RUS": ["eu_arms_embargo_russia"],
        "CHN": ["eu_arms_embargo_china"],
        "LBY": ["un_arms_embargo_libya"],
        "VEN": ["eu_arms_embargo_venezuela"],
        "MMR": ["eu_arms_embargo_myanmar"],
    }
    for state, embargoes in expected.items():
        assert embargoes_on(state, on=TODAY).embargo.tolist() == embargoes, state


def test_ended_un_embargoes_end_as_their_resolutions_say() -> None:
    """Resolution 2231 (2015): the arms restrictions on Iran terminated on 18 October 2020
    (Republic World, 18 October 2020); resolution 2714 (1 December 2023) fully lifted the
    Somalia embargo of resolution 733 (23 January 1992); resolution 2745 (Tuesday 30 July
    2024) lifted the CAR embargo of resolution 2127 (5 December 2013)."""
    spans = {
        "un_arms_embargo_iran": (date(2007, 3, 24), date(2020, 10, 17)),
        "un_arms_embargo_somalia": (date(1992, 1, 23), date(2023, 11, 30)),
        "un_arms_embargo_central_african_republic": (date(2013, 12, 5), date(2024, 7, 29)),
    }
    for embargo, (start, end) in spans.items():
        a = CATALOG.get(embargo)
        assert (a.start, a.ended) == (start, end), embargo


def test_un_embargoes_in_force_on_2024_01_01() -> None:
    """SIPRI / UN sources cited per entry: of the UN embargoes the catalog holds, those on
    North Korea (2006), Libya (2011), South Sudan (2018, renewed yearly; resolution 2781 of
    2025 to 31 May 2026) and the CAR (until July 2024) were in force on 1 January 2024."""
    on = date(2024, 1, 1)
    found = {
        state
        for state in ("PRK", "LBY", "SSD", "CAF", "SOM", "IRN", "RUS", "CHN")
        if not embargoes_on(state, on=on, imposed_by="un_security_council").empty
    }
    assert found == {"PRK", "LBY", "SSD", "CAF"}


def test_eu_embargo_on_syria_outlasts_the_lifting_of_economic_sanctions() -> None:
    """Deutschlandfunk, 20 May 2025: the EU lifts its economic sanctions on Syria; the arms
    embargo stays in force. Council Decision 2011/273/CFSP of 9 May 2011 imposed it."""
    assert embargoes_on("SYR", on=date(2025, 5, 28)).embargo.tolist() == ["eu_arms_embargo_syria"]
    assert embargoes_on("SYR", on=date(2011, 5, 9)).start.tolist() == [date(2011, 5, 9)]


def test_nsg_had_45_participants_in_august_2008() -> None:
    """Al Jazeera, 21 August 2008, 'Nuclear Suppliers Group facts': a 45-nation group (the
    45 listed), the European Commission an observer."""
    assert len(current("nuclear_suppliers_group", date(2008, 8, 21))) == 45
    observers = CATALOG.get("nuclear_suppliers_group").organizations
    assert [(o.name, o.role.value) for o in observers] == [("European Commission", "observer")]


def test_australia_group_had_42_members_with_mexico_in_2013() -> None:
    """Wikipedia, Australia Group (2016 revision): with Mexico on 12 August 2013 it had 42
    members, the European Commission among them; Asian Legal Review, 26 September 2013:
    Mexico admitted to the 42-member group."""
    states = current("australia_group", date(2013, 8, 12))
    organizations = CATALOG.get("australia_group").organizations
    assert "MEX" in states and "MEX" not in current("australia_group", date(2013, 8, 11))
    assert len(states) + len(organizations) == 42
    assert [o.name for o in organizations] == ["European Union"]
