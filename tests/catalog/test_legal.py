"""Legal limits on transfer: export-control mismatch and arms embargoes on real catalog entries."""

from datetime import date

import pytest

from allied.catalog import (
    COLLABORATION_KINDS,
    LEGAL_KINDS,
    Kind,
    arrangements,
    embargoes_on,
    export_control_mismatch,
    group_embargoes_in,
    members,
    partners_of,
    targets,
    timeline,
)
from allied.errors import InputError

REGIMES = ("australia_group", "mtcr", "nuclear_suppliers_group", "wassenaar")
ATT = "arms_trade_treaty"  # its list of states parties is partial (PartialMembers)


def test_every_kind_is_either_a_collaboration_or_a_legal_limit() -> None:
    assert set(COLLABORATION_KINDS) | LEGAL_KINDS == set(Kind)
    assert not set(COLLABORATION_KINDS) & LEGAL_KINDS
    assert {Kind.EXPORT_CONTROL_REGIME, Kind.ARMS_EMBARGO} == LEGAL_KINDS
    assert [a.id for a in arrangements(kind="export_control_regime")] == [ATT, *REGIMES]


@pytest.mark.parametrize(
    ("on", "india_in"),
    [
        (date(2016, 6, 26), ()),
        (date(2016, 6, 27), ("mtcr",)),
        (date(2017, 12, 6), ("mtcr",)),
        (date(2017, 12, 7), ("mtcr", "wassenaar")),
        (date(2018, 1, 18), ("mtcr", "wassenaar")),
        (date(2018, 1, 19), ("australia_group", "mtcr", "wassenaar")),
        (date(2024, 1, 1), ("australia_group", "mtcr", "wassenaar")),
    ],
)
def test_india_joins_three_regimes_and_not_the_nsg(on: date, india_in: tuple[str, ...]) -> None:
    found = export_control_mismatch("USA", "India", on=on)
    assert (found.state_a, found.state_b) == ("USA", "IND")
    assert found.both == india_in
    assert found.only_b == ()
    assert set(found.only_a) == set(REGIMES) - set(india_in)
    assert "nuclear_suppliers_group" in found.only_a
    assert found.mismatched == tuple(sorted(found.only_a))
    assert found.unknown == (ATT,)  # neither is a listed party: unknown, not "neither"


def test_mismatch_is_symmetric_and_frames_every_regime() -> None:
    """China takes part in the NSG only; Japan in all four regimes."""
    one = export_control_mismatch("CHN", "JPN", on=date(2024, 1, 1))
    other = export_control_mismatch("JPN", "CHN", on=date(2024, 1, 1))
    assert one.only_a == other.only_b == ()
    assert one.only_b == other.only_a == ("australia_group", "mtcr", "wassenaar")
    assert one.both == other.both == (ATT, "nuclear_suppliers_group")  # both listed ATT parties
    assert one.unknown == other.unknown == ()
    frame = one.to_frame()
    assert frame.regime.tolist() == [ATT, *REGIMES]
    assert frame.a_member.tolist() == [True, False, False, True, False]
    assert frame.b_member.all()
    assert frame.mismatch.tolist() == [False, True, True, False, True]
    assert "only JPN: australia_group, mtcr, wassenaar" in one.summary()


@pytest.mark.parametrize(
    ("a", "b", "on", "both", "unknown"),
    [
        ("JPN", "CHN", date(2020, 10, 3), (), (ATT,)),  # China's accession not yet in force
        ("JPN", "CHN", date(2020, 10, 4), (ATT,), ()),  # 90 days after its deposit of 6 July
        ("JPN", "USA", date(2024, 1, 1), (), (ATT,)),  # the US is not listed: unknown, not "only"
        ("USA", "RUS", date(2024, 1, 1), (), (ATT,)),  # neither listed: unknown, not "neither"
        ("JPN", "DEU", date(2014, 12, 23), (), ()),  # before the treaty's entry into force
    ],
)
def test_a_partial_member_list_is_a_match_or_unknown_never_a_mismatch(
    a: str, b: str, on: date, both: tuple[str, ...], unknown: tuple[str, ...]
) -> None:
    found = export_control_mismatch(a, b, on=on)
    assert tuple(r for r in found.both if r == ATT) == both
    assert found.unknown == unknown
    assert ATT not in found.mismatched + found.neither
    row = found.to_frame().set_index("regime").reindex([ATT])
    if unknown:
        assert row.isna().all(axis=None)
        assert f"unknown (partial member list): {ATT}" in found.summary()
    else:
        assert "unknown" not in found.summary()


def test_a_year_only_join_counts_from_31_december() -> None:
    """Bulgaria is an MTCR partner from 2004, known to the year only (as_of 2004-12-31)."""
    assert "mtcr" in export_control_mismatch("USA", "BGR", on=date(2004, 12, 30)).only_a
    assert "mtcr" in export_control_mismatch("USA", "BGR", on=date(2004, 12, 31)).both


def test_regimes_before_they_existed_are_not_counted() -> None:
    found = export_control_mismatch("USA", "GBR", on=date(1980, 1, 1))
    assert found.both == ("nuclear_suppliers_group",)
    assert found.neither == () and found.only_a == () and found.only_b == ()


def test_russia_is_under_an_eu_embargo_and_no_un_one_on_2024_01_01() -> None:
    on = date(2024, 1, 1)
    found = embargoes_on("Russia", on=on)
    assert found[["embargo", "imposed_by", "scope"]].values.tolist() == [
        ["eu_arms_embargo_russia", "EU", "full"]
    ]
    assert found.start.tolist() == [date(2014, 7, 31)]
    assert embargoes_on("RUS", on=on, imposed_by="un_security_council").empty
    assert len(embargoes_on("RUS", on=on, imposed_by="european_union")) == 1
    assert embargoes_on("RUS", on=date(2014, 7, 30)).empty


@pytest.mark.parametrize(
    ("state", "on", "expected"),
    [
        ("PRK", date(2006, 10, 13), []),
        ("PRK", date(2006, 10, 14), ["un_arms_embargo_dprk"]),
        ("LBY", date(2011, 2, 25), []),
        ("LBY", date(2011, 2, 26), ["un_arms_embargo_libya"]),
        ("CHN", date(1989, 6, 27), ["eu_arms_embargo_china"]),
        ("USA", date(2024, 1, 1), []),
        ("IRN", date(2007, 4, 22), ["un_arms_embargo_iran"]),
        ("IRN", date(2020, 10, 17), ["un_arms_embargo_iran", "eu_arms_embargo_iran"]),
        ("IRN", date(2020, 10, 18), ["eu_arms_embargo_iran"]),  # the EU kept its own
        ("IRN", date(2023, 10, 18), ["eu_arms_embargo_iran"]),  # kept past Transition Day
        ("SOM", date(2023, 11, 30), ["un_arms_embargo_somalia"]),
        ("SOM", date(2023, 12, 1), []),
        ("CAF", date(2024, 7, 29), ["un_arms_embargo_central_african_republic"]),
        ("CAF", date(2024, 7, 30), []),
        ("SSD", date(2011, 7, 17), []),
        ("SSD", date(2011, 7, 18), ["eu_arms_embargo_south_sudan"]),
        ("SSD", date(2018, 7, 13), ["eu_arms_embargo_south_sudan", "un_arms_embargo_south_sudan"]),
        ("SDN", date(1994, 3, 7), []),
        ("SDN", date(1994, 3, 8), ["eu_arms_embargo_sudan"]),
        ("PRK", date(2006, 11, 20), ["un_arms_embargo_dprk", "eu_arms_embargo_dprk"]),
        ("LBY", date(2011, 2, 28), ["un_arms_embargo_libya", "eu_arms_embargo_libya"]),
        ("ZWE", date(2002, 2, 17), []),
        ("ZWE", date(2026, 12, 8), ["eu_arms_embargo_zimbabwe"]),
        ("BLR", date(2011, 6, 19), []),
        ("BLR", date(2011, 6, 20), ["eu_arms_embargo_belarus"]),
        ("VEN", date(2017, 11, 13), ["eu_arms_embargo_venezuela"]),
        ("SYR", date(2011, 5, 8), []),
        ("SYR", date(2025, 6, 1), ["eu_arms_embargo_syria"]),
        ("MMR", date(1991, 7, 29), ["eu_arms_embargo_myanmar"]),
    ],
)
def test_embargoes_start_and_end_on_their_instruments(
    state: str, on: date, expected: list[str]
) -> None:
    assert embargoes_on(state, on=on).embargo.tolist() == expected


def test_unknown_body_is_an_input_error() -> None:
    with pytest.raises(InputError, match="un_security_council, european_union"):
        embargoes_on("RUS", on=date(2024, 1, 1), imposed_by="nato")


def test_an_embargo_has_targets_not_members() -> None:
    assert members("eu_arms_embargo_russia").empty
    assert targets("eu_arms_embargo_china")[["state", "scope"]].values.tolist() == [
        ["CHN", "partial"]
    ]
    assert targets("nato").empty
    events = timeline("un_arms_embargo_dprk")
    assert events.loc[events.event == "instrument", "detail"].str[:17].tolist() == [
        "S/RES/1718 (2006)",
        "S/RES/2270 (2016)",
    ]


def test_legal_limits_make_no_partners() -> None:
    """Fellow participants of an export-control regime are not partners; an embargo has none."""
    on = date(2024, 1, 1)
    india = partners_of("IND", on=on)
    assert not set(india.arrangement) & set(REGIMES)
    assert "ARG" not in set(india.partner)  # shares only the MTCR, Wassenaar and the AG
    russia = partners_of("RUS", on=on)
    assert not russia.arrangement.str.contains("embargo").any()


@pytest.mark.parametrize(
    ("state", "on", "on_state", "on_groups"),
    [
        ("SOM", date(2023, 11, 30), ["un_arms_embargo_somalia"], []),
        ("SOM", date(2023, 12, 1), [], ["un_arms_embargo_al_shabaab"]),
        ("CAF", date(2024, 7, 29), ["un_arms_embargo_central_african_republic"], []),
        ("CAF", date(2024, 7, 30), [], ["un_arms_embargo_car_armed_groups"]),
        ("COD", date(2003, 7, 27), [], []),
        ("COD", date(2003, 7, 28), [], ["un_arms_embargo_drc_armed_groups"]),
        (
            "LBN",
            date(2006, 9, 15),
            [],
            ["un_arms_embargo_lebanon_non_state", "eu_arms_embargo_lebanon_non_state"],
        ),
        ("YEM", date(2022, 2, 28), [], ["un_arms_embargo_houthis"]),
        ("HTI", date(2022, 10, 20), [], []),
        ("HTI", date(2022, 10, 21), [], ["un_arms_embargo_haiti"]),
        ("SDN", date(2004, 7, 30), ["eu_arms_embargo_sudan", "un_arms_embargo_darfur"], []),
    ],
)
def test_a_state_is_not_embargoed_for_the_groups_on_its_soil(
    state: str, on: date, on_state: list[str], on_groups: list[str]
) -> None:
    """Embargoes on armed groups are listed for the state they operate in, apart."""
    assert embargoes_on(state, on=on).embargo.tolist() == on_state
    assert group_embargoes_in(state, on=on).embargo.tolist() == on_groups


def test_group_embargoes_name_the_group_and_filter_by_body() -> None:
    on = date(2024, 1, 1)
    found = group_embargoes_in("Lebanon", on=on, imposed_by="european_union")
    assert found.columns.tolist() == [
        "embargo",
        "name",
        "imposed_by",
        "group",
        "covers",
        "start",
        "ended",
        "instruments",
    ]
    assert found[["embargo", "imposed_by", "start"]].values.tolist() == [
        ["eu_arms_embargo_lebanon_non_state", "EU", date(2006, 9, 15)]
    ]
    assert found.group.str.contains("Hezbollah").all()
    houthis = group_embargoes_in("YEM", on=on)
    assert houthis.instruments.tolist() == ["S/RES/2216 (2015); S/RES/2624 (2022)"]
    assert group_embargoes_in("FRA", on=on).empty
    with pytest.raises(InputError, match="un_security_council, european_union"):
        group_embargoes_in("YEM", on=on, imposed_by="nato")


def test_a_group_embargo_has_no_target_states_and_makes_no_partners() -> None:
    assert targets("un_arms_embargo_al_shabaab").empty
    somalia = partners_of("SOM", on=date(2024, 1, 1))
    assert not somalia.arrangement.str.contains("embargo").any()
