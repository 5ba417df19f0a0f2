"""Export-control regimes and arms embargoes in the catalog against published figures.

Each test names the source of its figures (read with the sources cited in the
catalog entry, accessed 2026-12-08).
"""

from datetime import date, timedelta

import pytest

from allied.catalog import embargoes_on, group_embargoes_in, load_catalog

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
    UN resolution 1970 (2011): Libya from 26 Feb 2011; SIPRI: the EU implemented it by
    Council Decision 2011/137 of 28 February 2011, and the DPRK one by Common Position
    2006/795/CFSP (20 November 2006, before the UN's widening of 2016)."""
    expected = {
        "PRK": ["un_arms_embargo_dprk", "eu_arms_embargo_dprk"],
        "RUS": ["eu_arms_embargo_russia"],
        "CHN": ["eu_arms_embargo_china"],
        "LBY": ["un_arms_embargo_libya", "eu_arms_embargo_libya"],
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


def test_eu_embargoes_start_on_their_acts_and_are_in_force() -> None:
    """Start of each EU embargo as its sources date it: Hansard, 10 March 1994 (Foreign
    Affairs Council agreed the Sudan embargo on 8 March 1994); EUR-Lex, Common Position
    2002/145/CFSP of 18 February 2002 (Zimbabwe); UK European Scrutiny Committee and SIPRI
    (Iran: Common Position 2007/246/CFSP, GAERC of 23 April 2007); Common Position
    2009/573/CFSP recital 1 (DPRK: 20 November 2006); Decision 2014/449/CFSP recital 1
    (South Sudan: Decision 2011/423/CFSP of 18 July 2011); SIPRI (Libya: 28 February 2011).
    GRIP / Council (Iran kept past 18 October 2023; Zimbabwe renewed to 20 February 2027)
    for 'in force' on 8 December 2026."""
    starts = {
        "SDN": ("eu_arms_embargo_sudan", date(1994, 3, 8)),
        "ZWE": ("eu_arms_embargo_zimbabwe", date(2002, 2, 18)),
        "IRN": ("eu_arms_embargo_iran", date(2007, 4, 23)),
        "PRK": ("eu_arms_embargo_dprk", date(2006, 11, 20)),
        "SSD": ("eu_arms_embargo_south_sudan", date(2011, 7, 18)),
        "LBY": ("eu_arms_embargo_libya", date(2011, 2, 28)),
    }
    for state, (embargo, start) in starts.items():
        found = embargoes_on(state, on=TODAY, imposed_by="european_union")
        assert found.embargo.tolist() == [embargo], state
        assert found.start.tolist() == [start], state
        assert found.scope.tolist() == ["full"], state


ATT_DEPOSITS_AFTER_ENTRY_INTO_FORCE = {
    # state: (deposit, entry into force for it as a source states it, or None)
    "BLZ": (date(2015, 3, 19), date(2015, 6, 17)),  # UNTS 52373: date of effect
    "BRB": (date(2015, 5, 20), date(2015, 8, 18)),  # UNTS 52373
    "BEN": (date(2016, 11, 7), date(2017, 2, 5)),  # UNTS 52373
    "AFG": (date(2020, 7, 29), date(2020, 10, 27)),  # UNTS 52373
    "AND": (date(2022, 12, 2), date(2023, 3, 2)),  # UNTS 52373
    "CAN": (date(2019, 6, 19), date(2019, 9, 17)),  # Amnesty Canada: a party on 17 Sept 2019
    "CHN": (date(2020, 7, 6), date(2020, 10, 4)),  # Global Times; Dutch treaty database
    "BRA": (date(2018, 8, 14), date(2018, 11, 12)),  # MTDSG XXVI-8; Dutch treaty database
    "BWA": (date(2019, 6, 7), date(2019, 9, 5)),  # MTDSG (accession 7 Jun 2019); Dutch DB
    "CHE": (date(2015, 1, 30), date(2015, 4, 30)),  # Swiss SR 0.518.61: deposit, in force
    "LBN": (date(2019, 5, 9), None),  # Control Arms: deposited Thursday 9 May 2019
    "MUS": (date(2015, 7, 23), None),  # Control Arms: accession 23 July 2015
    "COL": (date(2024, 10, 15), date(2025, 1, 13)),  # Dutch treaty database
    "CAF": (date(2015, 10, 7), date(2016, 1, 5)),  # Dutch treaty database
    "TCD": (date(2015, 3, 25), None),  # UN status table (Al-Ayyam's reproduction)
    "LBR": (date(2015, 4, 21), date(2015, 7, 20)),  # Control Arms; Saferworld: party 20 Jul
    "SUR": (date(2018, 10, 19), None),  # Parliamentarians for Global Action: the 98th
    "MOZ": (date(2018, 12, 14), None),  # UN press DC/3795: the 100th, ratified that day
    "NAM": (date(2020, 4, 28), None),  # Control Arms; PGA: deposited 28 April 2020
}


@pytest.mark.parametrize("state", sorted(ATT_DEPOSITS_AFTER_ENTRY_INTO_FORCE))
def test_att_enters_into_force_for_a_later_party_90_days_after_deposit(state: str) -> None:
    """Arms Trade Treaty, article 22(2) (Cambridge commentary): for a state depositing after
    entry into force, 90 days after its deposit; UNTS registration 52373 gives the date of
    effect for Belize, Barbados, Benin, Afghanistan and Andorra, Amnesty Canada Canada's."""
    deposit, stated = ATT_DEPOSITS_AFTER_ENTRY_INTO_FORCE[state]
    att = CATALOG.get("arms_trade_treaty")
    (spell,) = [m for m in att.members if m.state == state]
    assert att.joined(spell) == deposit + timedelta(days=90)
    if stated is not None:
        assert att.joined(spell) == stated


def test_att_seychelles_is_a_party_from_31_january_2016() -> None:
    """Seychelles Nation, 12 February 2016: ratified in November 2015, the treaty came into
    effect for Seychelles on 31 January 2016 (the day of deposit is not given)."""
    att = CATALOG.get("arms_trade_treaty")
    (spell,) = [m for m in att.members if m.state == "SYC"]
    assert att.joined(spell) == date(2016, 1, 31)
    assert "SYC" not in current("arms_trade_treaty", date(2016, 1, 30))
    assert "SYC" in current("arms_trade_treaty", date(2016, 1, 31))


def test_att_founding_parties_are_parties_from_24_december_2014() -> None:
    """Croatian MFA, 2 April 2014 (eighteen states deposited together); Cambridge commentary
    on article 22 (the eight joint deposits of 25 September 2014 passed fifty; in force 24
    December 2014); UNTS 52373 (ratifications of 2013-2014 take effect on 24/12/2014);
    Control Arms, 'Momentum picks up' (Serbia's deposit of 5 December 2014)."""
    april_2014 = {"HRV", "BGR", "DNK", "SLV", "EST", "FIN", "FRA", "DEU", "HUN", "IRL", "ITA"}
    april_2014 |= {"LVA", "MLT", "ROU", "SVK", "SVN", "ESP", "GBR"}
    september_2014 = {"ARG", "BHS", "BIH", "CZE", "PRT", "SEN", "LCA", "URY"}
    assert len(april_2014) == 18
    assert not current("arms_trade_treaty", date(2014, 12, 23))
    on_entry = current("arms_trade_treaty", date(2014, 12, 24))
    assert april_2014 | september_2014 <= on_entry
    assert "SRB" in on_entry  # Control Arms: Serbia deposited on 5 December 2014, the 55th
    assert "BLZ" not in on_entry


def test_att_partial_list_stays_within_the_depositary_counts() -> None:
    """UN Treaty Collection status pages: 69 parties as at 1 July 2015, 116 as at 15 May
    2025; Control Arms: 61 ratifications by entry into force (24 December 2014). The
    catalog's list is partial (PartialMembers), so it never exceeds them; the United States,
    which signed in 2013 but never ratified (Arms Control Association), is not listed."""
    att = CATALOG.get("arms_trade_treaty")
    assert not att.members_complete
    assert att.partial_members is not None
    assert (att.partial_members.reported_count, att.partial_members.reported_on) == (
        116,
        date(2025, 5, 15),
    )
    assert 55 <= len(current("arms_trade_treaty", date(2014, 12, 24))) <= 61
    assert len(current("arms_trade_treaty", date(2015, 7, 1))) <= 69
    assert len(current("arms_trade_treaty", date(2025, 5, 15))) <= 116
    assert "USA" not in {m.state for m in att.members}


def test_att_parties_in_force_as_the_dutch_treaty_database_dates_them() -> None:
    """Overheid.nl treaty database, 'Wapenhandelsverdrag: Partijen en gegevens' (date of
    entry into force per party): Japan and Iceland 24-12-2014; Greece 29-05-2016;
    Kazakhstan 08-03-2018; Philippines 22-06-2022; Gabon 20-12-2022."""
    expected = {
        "JPN": date(2014, 12, 24),
        "ISL": date(2014, 12, 24),
        "GRC": date(2016, 5, 29),
        "KAZ": date(2018, 3, 8),
        "PHL": date(2022, 6, 22),
        "GAB": date(2022, 12, 20),
    }
    att = CATALOG.get("arms_trade_treaty")
    joined = {m.state: att.joined(m) for m in att.members}
    assert {state: joined[state] for state in expected} == expected


def test_un_group_embargoes_start_on_their_resolutions() -> None:
    """UN Digital Library (resolution 1493 adopted 28 July 2003); SIPRI 'Developments in 2006'
    (resolution 1701, 11 August 2006; EU Common Position 2006/625/CFSP, 15 September 2006);
    UN press SC/11859 (resolution 2216, 14 April 2015); UN press SC/15374 (resolution 2653,
    21 October 2022); Xinhua (resolution 2713 with 2714 on 1 December 2023); UN press SC/15780
    (resolution 2745, 30 July 2024) - each on groups, none on the state."""
    starts = {
        ("COD", "un_arms_embargo_drc_armed_groups"): date(2003, 7, 28),
        ("LBN", "un_arms_embargo_lebanon_non_state"): date(2006, 8, 11),
        ("LBN", "eu_arms_embargo_lebanon_non_state"): date(2006, 9, 15),
        ("YEM", "un_arms_embargo_houthis"): date(2015, 4, 14),
        ("HTI", "un_arms_embargo_haiti"): date(2022, 10, 21),
        ("SOM", "un_arms_embargo_al_shabaab"): date(2023, 12, 1),
        ("CAF", "un_arms_embargo_car_armed_groups"): date(2024, 7, 30),
    }
    for (state, embargo), start in starts.items():
        found = group_embargoes_in(state, on=date(2025, 1, 1)).set_index("embargo")
        assert found.loc[embargo, "start"] == start, embargo
        assert embargoes_on(state, on=date(2025, 1, 1)).empty, state


def test_car_armed_groups_embargo_runs_to_31_july_2026() -> None:
    """UN press SC/16131, 29 July 2025: resolution 2789 extends the sanctions on non-State
    armed groups in the Central African Republic until 31 July 2026."""
    terms = CATALOG.get("un_arms_embargo_car_armed_groups").embargo
    assert terms is not None
    (instrument,) = [i for i in terms.instruments if i.reference == "S/RES/2789 (2025)"]
    assert instrument.date == date(2025, 7, 29)
    assert "31 July 2026" in instrument.effect


def test_darfur_is_a_partial_un_embargo_on_sudan_from_30_july_2004() -> None:
    """Resolution 1591 (2005) recalls resolution 1556 (2004) of 30 July 2004; Hansard, 24 July
    2007: the UN embargo reaches the Government of Sudan in Darfur only; European Parliament
    answer E-002569/2024 (February 2025): it still applies only to Darfur."""
    found = embargoes_on("Sudan", on=date(2025, 2, 11), imposed_by="un_security_council")
    assert found[["embargo", "scope", "start"]].values.tolist() == [
        ["un_arms_embargo_darfur", "partial", date(2004, 7, 30)]
    ]
    assert embargoes_on("SDN", on=date(2004, 7, 29), imposed_by="un_security_council").empty
