"""What the embedded catalog must hold, and the query API over it."""

import re
from datetime import date

import pytest

from allied.catalog import Kind, arrangements, load_catalog, members, partners_of, timeline
from allied.errors import InputError, NotFoundError

REQUIRED = [
    "nato",
    "seato",
    "cento",
    "partnership_for_peace",
    "aukus",
    "aukus_pillar_1",
    "aukus_pillar_2",
    "nato_efp",
    "f35_program",
    "us_rok_mutual_defense_treaty",
    "australia_japan_joint_declaration_2007",
    "australia_japan_reciprocal_access_agreement",
    "eu_csdp",
    "pesco",
    "un_peacekeeping",
    "us_japan_security_treaty",
    "anzus",
    "rio_treaty",
    "five_eyes",
    "quad",
    "csto",
    "sco",
    "joint_expeditionary_force",
    "eurofighter",
    "a400m",
    "gcap",
    "fcas",
    "occar",
    "european_defence_agency",
    "japan_rok_gsomia",
    "nato_ccdcoe",
]
EFP_FRAMEWORK = {
    "nato_efp_estonia": ("EST", "GBR"),
    "nato_efp_latvia": ("LVA", "CAN"),
    "nato_efp_lithuania": ("LTU", "DEU"),
    "nato_efp_poland": ("POL", "USA"),
    "nato_efp_romania": ("ROU", "FRA"),
    "nato_efp_bulgaria": ("BGR", "ITA"),
    "nato_efp_hungary": ("HUN", "HUN"),
    "nato_efp_slovakia": ("SVK", "CZE"),
}


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog()


def test_size_kinds_and_sources(catalog) -> None:  # type: ignore[no-untyped-def]
    assert len(catalog) >= 40
    assert {a.kind for a in catalog} == set(Kind)
    for a in catalog:
        assert a.sources and all(s.url.startswith("http") for s in a.sources), a.id
        # an agreement between organisations has sides (sharing.between), not members;
        # an arms embargo has target states or non-state groups, never members
        if a.embargo is not None:
            assert (a.embargo.targets or a.embargo.groups) and not a.members, a.id
        else:
            assert a.members or (a.sharing and a.sharing.between), a.id


@pytest.mark.parametrize("arrangement_id", REQUIRED)
def test_required_arrangement_present(catalog, arrangement_id: str) -> None:  # type: ignore[no-untyped-def]
    assert arrangement_id in catalog.by_id


def test_nato_accessions() -> None:
    """NATO's accession dates (NATO, 'NATO member countries')."""
    today = members("nato", on=date(2025, 1, 1))
    assert len(today) == 32
    joined = dict(zip(today.state, today.joined, strict=True))
    assert joined["USA"] == date(1949, 8, 24)
    assert joined["DEU"] == date(1955, 5, 6)
    assert joined["ESP"] == date(1982, 5, 30)
    assert joined["MKD"] == date(2020, 3, 27)
    assert joined["FIN"] == date(2023, 4, 4)
    assert joined["SWE"] == date(2024, 3, 7)
    assert len(members("nato", on=date(1990, 1, 1))) == 16


def test_seato_life() -> None:
    seato = load_catalog().get("seato")
    assert seato.signed == date(1954, 9, 8)
    assert seato.ended is not None and seato.ended.year == 1977


def test_efp_battlegroups() -> None:
    catalog = load_catalog()
    children = {c.id for c in catalog.children("nato_efp")}
    assert children == set(EFP_FRAMEWORK)
    for battlegroup, (host, framework) in EFP_FRAMEWORK.items():
        roles = members(battlegroup).groupby("role").state.apply(set).to_dict()
        # A host that is also the framework nation (Hungary) is listed once, as framework.
        assert host in roles.get("host_nation", set()) or host == framework, battlegroup
        assert framework in roles["framework_nation"], battlegroup
        assert roles.get("contributor"), battlegroup


def test_f35_partner_levels() -> None:
    f35 = members("f35_program")
    level = dict(zip(f35.state, f35.role, strict=False))
    assert level["GBR"] == "level_1_partner"
    assert level["ITA"] == level["NLD"] == "level_2_partner"
    assert {level[s] for s in ("AUS", "CAN", "DNK", "NOR")} == {"level_3_partner"}
    turkey = f35[f35.state == "TUR"].iloc[0]
    assert turkey.left is not None and turkey.left.year == 2019
    assert f35.planned_quantity.notna().sum() >= 8


def test_aukus_pillars() -> None:
    catalog = load_catalog()
    assert {c.id for c in catalog.children("aukus")} == {"aukus_pillar_1", "aukus_pillar_2"}
    assert set(members("aukus").state) == {"AUS", "GBR", "USA"}


def test_us_rok_treaty() -> None:
    treaty = load_catalog().get("us_rok_mutual_defense_treaty")
    assert (treaty.signed, treaty.in_force) == (date(1953, 10, 1), date(1954, 11, 17))
    assert {m.state for m in treaty.members} == {"USA", "KOR"}


def test_arrangements_filters() -> None:
    programs = arrangements(kind="joint_program")
    assert {"f35_program", "eurofighter", "a400m", "gcap", "fcas"} <= {a.id for a in programs}
    cyber = {a.id for a in arrangements(domain="cyber")}
    assert "nato_ccdcoe" in cyber
    korea_1960 = {a.id for a in arrangements(member="South Korea", active_on=date(1960, 1, 1))}
    assert "us_rok_mutual_defense_treaty" in korea_1960
    assert "seato" in {a.id for a in arrangements(active_on=date(1960, 1, 1))}
    assert "seato" not in {a.id for a in arrangements(active_on=date(1990, 1, 1))}


def test_arrangements_bad_filters() -> None:
    with pytest.raises(InputError, match=r"unknown kind 'alliance'.*multilateral_alliance"):
        arrangements(kind="alliance")
    with pytest.raises(NotFoundError, match="Narnia"):
        arrangements(member="Narnia")


def test_members_every_spell_and_on_date() -> None:
    everyone = members("nato")
    assert list(everyone.columns) == [
        "state",
        "name",
        "role",
        "joined",
        "as_of",
        "left",
        "suspended",
        "planned_quantity",
        "notes",
    ]
    assert everyone.joined.is_monotonic_increasing
    with pytest.raises(NotFoundError, match="Did you mean: nato"):
        members("natoo")


def test_partners_of() -> None:
    p = partners_of("Japan", on=date(2024, 6, 1))
    assert {"USA", "AUS", "IND"} <= set(p.partner)
    via = set(p.loc[p.partner == "AUS", "arrangement"])
    assert {"quad", "australia_japan_reciprocal_access_agreement"} <= via
    assert "JPN" not in set(p.partner)
    assert p.equals(partners_of("JPN", on=date(2024, 6, 1)))


def test_timeline() -> None:
    t = timeline("nato")
    assert t.date.is_monotonic_increasing
    events = set(zip(t.event, t.state, strict=True))
    assert ("joined", "SWE") in events
    assert "child" in set(t.event)


UNIFIL_TOP_TEN_2024 = {"IDN", "ITA", "IND", "GHA", "NPL", "MYS", "FRA", "ESP", "CHN", "IRL"}


def test_unifil_contributors_on_a_date_before_2006() -> None:
    """France, Ireland, Nepal, Italy, Ghana and India served in 2000 (issue 12, item 2)."""
    on = members("unifil", on=date(2000, 1, 1))
    assert set(on.state) == {"LBN", "FRA", "IRL", "NPL", "ITA", "GHA", "IND"}
    assert len(members("unifil", on=date(1979, 1, 1))) == 5  # LBN, FRA, NOR, IRL, NPL


def test_unifil_first_deployments() -> None:
    spells = members("unifil")
    starts = {s: (j, a) for s, j, a in zip(spells.state, spells.joined, spells.as_of, strict=True)}
    assert starts["FRA"] == (date(1978, 3, 23), None)
    assert starts["IRL"] == (date(1978, 5, 13), None)
    assert starts["ITA"] == (date(1979, 7, 3), None)
    assert starts["IND"] == (date(1998, 11, 1), None)
    assert starts["ESP"] == (date(2006, 9, 15), None)
    assert starts["GHA"] == (None, date(1979, 12, 31))  # "since 1979": month not published
    nepal = spells.loc[spells.state == "NPL"]
    assert list(nepal.left) == [date(2000, 1, 1), None]  # away 2000-2006
    assert set(members("unifil", on=date(2003, 1, 1)).state) == {
        "LBN", "FRA", "IRL", "ITA", "GHA", "IND",
    }  # fmt: skip


def test_unifil_today_is_the_ten_largest_contributors_and_the_host() -> None:
    today = members("unifil", on=date(2025, 1, 1))
    assert set(today.state) == UNIFIL_TOP_TEN_2024 | {"LBN"}
    description = load_catalog().get("unifil").description
    assert "ten largest troop contributors" in description
    assert "not the full list" in description


def test_un_peacekeeping_lists_contributors_as_of_the_ranking_not_members() -> None:
    spells = members("un_peacekeeping")
    assert set(spells.as_of) == {date(2023, 11, 30)}
    assert spells.joined.isna().all()
    assert members("un_peacekeeping", on=date(2023, 11, 29)).empty
    assert len(members("un_peacekeeping", on=date(2023, 11, 30))) == 10
    assert "no membership of its own" in load_catalog().get("un_peacekeeping").description


def _starts_of_events(catalog, arrangement) -> set[date]:  # type: ignore[no-untyped-def]
    return {arrangement.start} | {child.start for child in catalog.children(arrangement.id)}


def test_no_contributors_share_a_placeholder_join_date(catalog) -> None:  # type: ignore[no-untyped-def]
    """Three or more contributors joining on one day that is neither the
    arrangement's start nor a child's start is the mark of a data-collection
    date written as a join date (UNIFIL's 2024-11-01, Hungary's 2022-08-01)."""
    from collections import Counter

    for a in catalog:
        shared = Counter(
            m.joined for m in a.members if m.role.value == "contributor" and m.joined is not None
        )
        suspicious = {
            day: n
            for day, n in shared.items()
            if n >= 3 and day not in _starts_of_events(catalog, a)
        }
        assert not suspicious, (a.id, suspicious)


UNKNOWN_START = re.compile(
    r"\b(start|arrival|accession)\b[^.;]*\bnot (published|verified|known|found|taken from a source)"
    r"|placeholder|approximat",
    re.IGNORECASE,
)


def test_a_spell_whose_start_is_unknown_has_no_join_date(catalog) -> None:  # type: ignore[no-untyped-def]
    """Notes that say a start is not published must come with ``as_of`` (or
    the arrangement's own start, when a source says "from the start")."""
    found = {
        (a.id, m.state)
        for a in catalog
        for m in a.members
        if m.notes and UNKNOWN_START.search(m.notes) and m.joined is not None
    }
    assert found == set()


def test_as_of_spells_are_never_counted_before_their_date(catalog) -> None:  # type: ignore[no-untyped-def]
    for a in catalog:
        for m in (m for m in a.members if m.as_of is not None):
            day_before = date.fromordinal(m.as_of.toordinal() - 1)
            earlier = [s for s in a.members_on(day_before) if s.state == m.state]
            assert all(s.as_of != m.as_of for s in earlier), (a.id, m.state)
            assert m in a.members_on(m.as_of)


def test_forward_land_forces_and_the_lithuania_brigade() -> None:
    catalog = load_catalog()
    assert catalog.get("Forward Land Forces").id == "nato_efp"
    assert catalog.get("FLF").id == "nato_efp"
    for child in catalog.children("nato_efp"):
        assert "Forward Land Forces" in child.name, child.id
    events = timeline("nato_efp_lithuania")
    milestones = events.loc[events.event == "milestone"]
    assert list(milestones.date) == [date(2023, 12, 18), date(2025, 4, 1), date(2025, 5, 22)]
    assert "Panzerbrigade 45" in milestones.detail.iloc[1]
    germany = members("nato_efp_lithuania", on=date(2025, 6, 1)).set_index("state").loc["DEU"]
    assert germany.role == "framework_nation"
    assert "Panzerbrigade 45" in germany.notes


def test_efp_contributors_known_only_from_a_date() -> None:
    hungary = members("nato_efp_hungary", on=date(2022, 8, 4))
    assert set(hungary.state) == {"HUN"}
    assert set(members("nato_efp_hungary", on=date(2022, 8, 5)).state) == {
        "HUN", "HRV", "ITA", "TUR", "USA", "MNE",
    }  # fmt: skip
    efp = members("nato_efp").set_index("state")
    assert efp.loc["PRT", "as_of"] == date(2024, 7, 1)
    assert efp.loc["TUR", "as_of"] == date(2022, 8, 5)


def _states(arrangement_id: str, on: date) -> set[str]:
    return set(members(arrangement_id, on=on).state)


def test_sharing_agreements_dates_and_parties() -> None:
    catalog = load_catalog()
    expected = {
        "us_rok_gsomia": (date(1987, 9, 24), date(1987, 9, 24), {"KOR", "USA"}, "TS"),
        "japan_australia_isa": (date(2012, 5, 17), date(2013, 3, 22), {"AUS", "JPN"}, "TS"),
        "japan_uk_isa": (None, date(2014, 1, 31), {"GBR", "JPN"}, "TS"),
    }
    for arrangement_id, (signed, in_force, parties, level) in expected.items():
        a = catalog.get(arrangement_id)
        assert a.kind == Kind.INFORMATION_SHARING, arrangement_id
        assert (a.signed, a.in_force) == (signed, in_force), arrangement_id
        assert {m.state for m in a.members} == parties, arrangement_id
        assert a.sharing is not None and a.sharing.max_level.value == level
        assert a.sharing.third_party_rule, arrangement_id
    nato_eu = catalog.get("nato_eu_security_agreement")
    assert (nato_eu.signed, nato_eu.in_force, nato_eu.members) == (date(2003, 3, 14), None, [])
    assert nato_eu.sharing is not None
    assert nato_eu.sharing.between == [["nato"], ["eu_csdp", "partnership_for_peace"]]


def test_past_hosts_of_nato_nuclear_sharing() -> None:
    assert {"CAN", "GRC", "GBR"} <= _states("nato_nuclear_sharing", date(1970, 1, 1))
    assert "CAN" not in _states("nato_nuclear_sharing", date(1963, 6, 1))  # only as of 31 Dec
    assert "CAN" in _states("nato_nuclear_sharing", date(1984, 1, 1))
    assert "CAN" not in _states("nato_nuclear_sharing", date(1984, 1, 2))
    assert "GBR" in _states("nato_nuclear_sharing", date(1991, 12, 31))
    assert "GBR" not in _states("nato_nuclear_sharing", date(1992, 1, 2))
    assert "GRC" in _states("nato_nuclear_sharing", date(2001, 6, 20))
    assert "GRC" not in _states("nato_nuclear_sharing", date(2001, 6, 21))
    assert _states("nato_nuclear_sharing", date(2025, 1, 1)) == {
        "USA",
        "BEL",
        "DEU",
        "ITA",
        "NLD",
        "TUR",
    }


def test_japan_philippines_reciprocal_access_agreement() -> None:
    raa = load_catalog().get("japan_philippines_reciprocal_access_agreement")
    assert (raa.signed, raa.in_force) == (date(2024, 7, 8), date(2025, 9, 11))
    assert raa.kind == Kind.BILATERAL_TREATY and raa.obligations == []
    assert _states(raa.id, date(2025, 9, 10)) == set()
    assert _states(raa.id, date(2025, 9, 11)) == {"JPN", "PHL"}
    assert "PHL" in set(partners_of("JPN", on=date(2025, 10, 1)).partner)


def test_eu_safe_and_edip() -> None:
    catalog = load_catalog()
    safe = catalog.get("eu_safe")
    assert (safe.signed, safe.in_force) == (date(2025, 5, 27), date(2025, 5, 29))
    assert _states("eu_safe", date(2025, 9, 8)) == set()  # applicants attested from 9 Sep 2025
    applicants = _states("eu_safe", date(2025, 9, 9))
    assert len(applicants) == 19 and {"POL", "FRA", "HUN", "DNK"} <= applicants
    assert not {"DEU", "NLD", "SWE", "AUT", "IRL", "LUX", "MLT", "SVN"} & applicants
    edip = catalog.get("eu_edip")
    assert (edip.signed, edip.in_force) == (date(2025, 12, 16), date(2025, 12, 30))
    assert _states("eu_edip", date(2025, 12, 30)) == _states("eu_csdp", date(2025, 12, 30))
    assert len(_states("eu_edip", date(2025, 12, 30))) == 27


def test_f35_and_gcap_after_2025() -> None:
    f35 = members("f35_program")
    quantity = dict(zip(f35.state, f35.planned_quantity, strict=True))
    assert quantity["USA"] == 2456 and quantity["GBR"] == 138
    assert quantity["CHE"] == 30  # cut from 36 to stay within CHF 6 bn (Dec 2025 / Mar 2026)
    assert quantity["DNK"] == 43 and quantity["BEL"] == 45
    assert "TUR" not in _states("f35_program", date(2025, 12, 31))
    assert "SAU" not in set(f35.state)  # no signed LOA
    gcap = load_catalog().get("gcap")
    assert gcap.signed == date(2023, 12, 14) and gcap.in_force is None
    assert {m.state for m in gcap.members} == {"GBR", "ITA", "JPN"}
    assert "Edgewing" in gcap.description and "20 June 2025" in gcap.description


def test_an_agreement_between_organisations_names_its_sides() -> None:
    """The NATO-EU agreement has no member states of its own; its sides are named."""
    from allied.catalog import sides

    assert sides("nato_eu_security_agreement") == ("NATO", "CSDP and PfP (states in both)")
    assert sides("five_eyes") == ()
