"""Conflict steps on the tiny cache: rivalries, inter-state wars, UCDP conflicts and onsets.

The tiny data are in tests/tiny_data/conflict.py; tests that need other rows
import their own file of the dataset over them (``build_cache``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.errors import InputError
from allied.panel import (
    Panel,
    add_cow_mids,
    add_cow_wars,
    add_strategic_rivalries,
    add_td_rivalries,
    add_ucdp_acd,
    add_ucdp_onsets,
    dyad_years,
    state_years,
)
from allied.panel._conflict import cow_war_dyad_years, rivalry_years, ucdp_acd_state_years

CacheBuilder = Callable[[dict[str, dict[str, str]]], Path]

RIVALRY_COLUMNS = [
    "tssr_id",
    "positional",
    "spatial",
    "ideological",
    "interventionary",
    "ongoingrivalry",
]


def _values(panel: Panel, columns: list[str], **keys: int) -> list[object]:
    frame = panel.frame
    mask = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, keys
    row = frame[mask].iloc[0]
    return [None if pd.isna(row[c]) else row[c] for c in columns]


def test_a_rivalry_dyad_year_gets_its_id_and_types_in_both_orders(tiny_cache: Path) -> None:
    panel = dyad_years("cow", through=2024).pipe(add_strategic_rivalries)
    france_germany = [20, 1, 1, 0, 0, 1]  # positional and spatial; blank types are 0
    assert _values(panel, RIVALRY_COLUMNS, ccode1=220, ccode2=255, year=1900) == france_germany
    assert _values(panel, RIVALRY_COLUMNS, ccode1=255, ccode2=220, year=1900) == france_germany
    undirected = dyad_years("cow", directed=False, years="1900").pipe(add_strategic_rivalries)
    assert _values(undirected, RIVALRY_COLUMNS, ccode1=220, ccode2=255, year=1900) == (
        france_germany
    )
    assert panel.sources == ("tss-rivalries",)


def test_a_dyad_without_rivalry_is_0_through_2020_and_na_after(tiny_cache: Path) -> None:
    panel = dyad_years("cow", through=2024).pipe(add_strategic_rivalries)
    assert _values(panel, RIVALRY_COLUMNS, ccode1=2, ccode2=220, year=2020) == [None, 0, 0, 0, 0, 0]
    # After the data end (2020) every column is NA (peacesciencer: ongoingrivalry = 1).
    assert _values(panel, RIVALRY_COLUMNS, ccode1=2, ccode2=220, year=2021) == [None] * 6
    assert str(panel.frame["ongoingrivalry"].dtype) == "Int64"


def test_rivalries_count_per_state_year_by_type(tiny_cache: Path) -> None:
    panel = state_years("cow", through=2024).pipe(add_strategic_rivalries)
    columns = ["n_ideological", "n_interventionary", "n_positional", "n_spatial"]
    assert _values(panel, columns, ccode=220, year=1900) == [0, 0, 1, 1]  # France-Germany
    assert _values(panel, columns, ccode=2, year=1989) == [1, 0, 1, 0]  # US-USSR 2
    assert _values(panel, columns, ccode=2, year=1990) == [0, 0, 0, 0]
    assert _values(panel, columns, ccode=2, year=2010) == [0, 0, 1, 0]  # Russia-US
    assert _values(panel, columns, ccode=2, year=2021) == [None] * 4


TWO_SPELLS = (
    "tssr_id,rivalry,ccode1,ccode2,start,end,"
    "positional,spatial,ideological,interventionary,principal,aprin\n"
    """1,Austria (Hungary)-France,220,300,1494,1918,1,1,,,,
76,Austria (Hungary)-Yugoslavia,300,345,1903,1920,1,1,,1,,1
"""
)


def test_rivalry_years_follow_peacesciencer_for_austria_and_the_first_year(
    tiny_cache: Path, build_cache: CacheBuilder
) -> None:
    build_cache({"tss-rivalries": {"tss_rivalries.csv": TWO_SPELLS}})
    years = rivalry_years().set_index(["tssr_id", "year"])
    assert years.index.get_level_values("year").min() == 1816  # the spell starts in 1494
    assert years.loc[(76, 1918), ["code1", "code2"]].tolist() == [300, 345]
    assert years.loc[(76, 1919), ["code1", "code2"]].tolist() == [305, 345]  # Austria from 1919
    assert years.loc[(76, 1920), "interventionary"] == 1
    assert years.loc[(1, 1900), "interventionary"] == 0


def _war(panel: Panel, a: int, b: int, year: int, *columns: str) -> list[object]:
    return _values(panel, list(columns), ccode1=a, ccode2=b, year=year)


def test_a_war_dyad_year_gets_each_side_from_its_own_row(tiny_cache: Path) -> None:
    panel = dyad_years("cow").pipe(add_cow_wars)
    columns = ("cowinteronset", "cowinterongoing", "war_sidea1", "outcome1", "batdeath1", "resume")
    assert _war(panel, 2, 255, 1917, *columns) == [1, 1, 1, 1, 116516, 0]
    assert _war(panel, 255, 2, 1917, *columns) == [1, 1, 2, 2, 1773700, 0]
    assert _war(panel, 2, 255, 1918, *columns) == [0, 1, 1, 1, 116516, 0]
    # At peace inside 1816-2007: 0 for onset and ongoing, the rest NA; after 2007 all NA.
    assert _war(panel, 2, 200, 1917, *columns) == [0, 0, None, None, None, None]
    assert _war(panel, 2, 200, 2008, *columns) == [None] * 6
    undirected = dyad_years("cow", directed=False, years="1917").pipe(add_cow_wars)
    assert _war(undirected, 2, 255, 1917, "war_sidea1", "war_sidea2") == [1, 2]
    assert panel.sources == ("cow-inter-wars",)


_WAR_HEADER = (
    "warnum,ccode1,ccode2,year,cowinterongoing,cowinteronset,sidea1,sidea2,"
    "initiator1,initiator2,outcome1,outcome2,batdeath1,batdeath2,resume\n"
)
# 1917: two onsets, the second deadlier (one side unknown, -9); 1918: war 106 goes
# on (deadlier) while war 90 starts; 1916: two onsets with the same deaths; 1915: no
# deaths known in either row.
WHITTLED = _WAR_HEADER + (
    "106,2,255,1917,1,1,1,2,0,0,1,2,100,200,0\n"
    "90,2,255,1917,1,1,1,2,1,0,1,2,-9,5000,0\n"
    "106,2,255,1918,1,0,1,2,0,0,1,2,116516,1773700,0\n"
    "90,2,255,1918,1,1,2,1,0,1,2,1,10,10,0\n"
    "80,2,255,1916,1,1,1,2,0,0,1,2,50,50,0\n"
    "81,2,255,1916,1,1,2,1,0,0,2,1,60,40,1\n"
    "70,2,255,1915,1,1,1,2,0,0,,,-9,-9,0\n"
    "71,2,255,1915,1,1,2,1,0,0,,,-9,-9,1\n"
)


def test_a_dyad_year_in_two_wars_keeps_the_onset_then_the_deadlier_war(
    tiny_cache: Path, build_cache: CacheBuilder
) -> None:
    build_cache({"cow-inter-wars": {"cow_war_inter.csv": WHITTLED}})
    table = cow_war_dyad_years().set_index(["code1", "code2", "year"])
    assert len(table) == 4  # one row per dyad-year
    assert table.loc[(2, 255, 1917), "initiator1"] == 1  # war 90: 5,000 known deaths
    assert pd.isna(table.loc[(2, 255, 1917), "batdeath1"])  # -9: unknown
    assert table.loc[(2, 255, 1918), "sidea1"] == 2  # war 90's onset beats 106's later year
    assert table.loc[(2, 255, 1916), "resume"] == 0  # a tie: the first in the file
    assert table.loc[(2, 255, 1915), "resume"] == 0
    panel = dyad_years("cow", years="1915-1918").pipe(add_cow_wars)
    assert _war(panel, 2, 255, 1918, "cowinteronset", "war_sidea1") == [1, 2]


def test_wars_refuse_state_years(tiny_cache: Path) -> None:
    with pytest.raises(InputError, match="add_cow_wars does not apply to state-year panels"):
        state_years("cow").pipe(add_cow_wars)


ACD_COLUMNS = ["ucdpongoing", "ucdponset", "maxintensity", "conflict_ids"]


def test_ucdp_conflicts_reach_cow_state_years_through_the_crosswalk(tiny_cache: Path) -> None:
    panel = state_years("cow", through=2025).pipe(add_ucdp_acd)
    assert _values(panel, ACD_COLUMNS, ccode=200, year=1989) == [1, 1, 1, "315"]
    assert _values(panel, ACD_COLUMNS, ccode=200, year=1990) == [1, 0, 1, "315"]
    assert _values(panel, ACD_COLUMNS, ccode=2, year=1990) == [0, 0, None, None]
    assert _values(panel, ACD_COLUMNS, ccode=2, year=1945) == [None] * 4  # before 1946
    assert _values(panel, ACD_COLUMNS, ccode=2, year=2025) == [None] * 4  # after 2024
    assert str(panel.frame["conflict_ids"].dtype) == "string"
    assert panel.sources == ("ucdp-acd",)


@pytest.mark.parametrize(
    ("arguments", "ongoing"),
    [
        ({"type": "interstate"}, 0),
        ({"type": ["intrastate", "II"]}, 1),
        ({"issue": "government"}, 0),
        ({"issue": ["territory", "government"]}, 1),
        ({"issue": "territory", "type": "intrastate", "only_wars": True}, 0),
    ],
)
def test_ucdp_conflicts_can_be_narrowed_by_type_issue_and_intensity(
    tiny_cache: Path, arguments: dict[str, object], ongoing: int
) -> None:
    panel = add_ucdp_acd(state_years("cow", years="1989"), **arguments)  # type: ignore[arg-type]
    assert _values(panel, ["ucdpongoing"], ccode=200, year=1989) == [ongoing]


_ACD_HEADER = (
    "conflict_id,year,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,incompatibility,intensity_level,"
    "type_of_conflict,start_date,start_prec,start_date2,start_prec2,ep_end,ep_end_date\n"
)
# The US in two conflicts in 2003, conflict 420 listed twice (two supporting states).
US_2002_2003 = _ACD_HEADER + (
    "420,2003,2,200,645,,government,2,interstate,2003-03-20,1,2003-03-20,1,0,\n"
    "420,2003,2,900,645,,government,2,interstate,2003-03-20,1,2003-03-20,1,0,\n"
    "418,2002,2,,,,government,1,II,2001-10-07,1,2001-10-07,1,0,\n"
    "418,2003,2,,,,government,1,II,2001-10-07,1,2001-10-07,1,0,\n"
)


def test_a_state_year_in_several_conflicts_is_summarized_as_peacesciencer_does(
    tiny_cache: Path, build_cache: CacheBuilder
) -> None:
    build_cache({"ucdp-acd": {"ucdp_acd.csv": US_2002_2003}})
    summary = ucdp_acd_state_years().set_index(["code", "year"])
    assert summary.loc[(2, 2003)].tolist() == [1, 1, 2, "418; 420"]  # 420 starts in 2003
    assert summary.loc[(2, 2002)].tolist() == [1, 1, 1, "418"]
    panel = state_years("cow", years="2002-2003").pipe(add_ucdp_acd, type="II")
    assert _values(panel, ACD_COLUMNS, ccode=2, year=2003) == [1, 0, 1, "418"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"type": "civil war"}, "unknown type 'civil war'"),
        ({"issue": []}, "argument issue is empty"),
    ],
)
def test_ucdp_conflicts_refuse_unknown_choices(
    tiny_cache: Path, arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        add_ucdp_acd(state_years("cow", years="1990"), **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("step", [add_ucdp_acd, add_ucdp_onsets])
def test_ucdp_steps_refuse_dyad_years(tiny_cache: Path, step: Callable[[Panel], Panel]) -> None:
    with pytest.raises(InputError, match="does not apply to dyad-year panels"):
        dyad_years("cow", years="1990").pipe(step)


ONSETS = (
    "gwcode,year,sumnewconf,sumonset1,sumonset2,sumonset3,sumonset5,sumonset10\n"
    "2,1950,1,1,1,1,1,1\n"
    "260,1990,0,0,0,0,0,0\n"
)


def test_ucdp_onsets_are_0_when_unlisted_inside_1946_2017_and_na_outside(
    tiny_cache: Path, build_cache: CacheBuilder
) -> None:
    build_cache({"ucdp-onsets": {"ucdp_onsets.csv": ONSETS}})
    panel = state_years("cow", through=2020).pipe(add_ucdp_onsets)
    columns = ["sumnewconf", "sumonset1", "sumonset10"]
    assert _values(panel, columns, ccode=2, year=1950) == [1, 1, 1]
    assert _values(panel, columns, ccode=2, year=1951) == [0, 0, 0]  # unlisted: no onset
    assert _values(panel, columns, ccode=2, year=1945) == [None] * 3  # before the data
    assert _values(panel, columns, ccode=2, year=2018) == [None] * 3  # after (peacesciencer: 0)
    assert panel.sources == ("ucdp-onsets",)


TD_COLUMNS = ["rivalryno", "rivalryname", "region", "type1", "type2", "ongoingrivalry"]


def test_thompson_dreyer_rivalries_on_dyad_years_keep_their_text_columns(
    tiny_cache: Path,
) -> None:
    panel = dyad_years("cow", through=2016).pipe(add_td_rivalries)
    france_prussia = [22, "France-Prussia", "European GPs", "spatial", "positional", 1]
    assert _values(panel, TD_COLUMNS, ccode1=255, ccode2=220, year=1900) == france_prussia
    assert _values(panel, TD_COLUMNS, ccode1=2, ccode2=220, year=2010) == [None] * 5 + [0]
    assert _values(panel, TD_COLUMNS, ccode1=2, ccode2=220, year=2011) == [None] * 6
    assert str(panel.frame["type3"].dtype) == "string" and panel.sources == ("td-rivalries",)


@pytest.mark.parametrize(("across_types", "ideological"), [(1, 0), (2, 1), (3, 1)])
def test_thompson_dreyer_state_years_count_the_first_types(
    tiny_cache: Path, across_types: int, ideological: int
) -> None:
    panel = state_years("cow", years="1989").pipe(add_td_rivalries, across_types=across_types)
    columns = ["ideological", "interventionary", "positional", "spatial"]
    assert _values(panel, columns, ccode=2, year=1989) == [ideological, 0, 1, 0]


def test_thompson_dreyer_refuses_another_number_of_types(tiny_cache: Path) -> None:
    with pytest.raises(InputError, match="across_types must be 1, 2 or 3, not 4"):
        state_years("cow", years="1989").pipe(add_td_rivalries, across_types=4)


def test_wars_and_mids_fit_on_one_panel(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1917").pipe(add_cow_mids).pipe(add_cow_wars)
    assert {"sidea1", "sidea2", "war_sidea1", "war_sidea2"} <= set(panel.frame.columns)
