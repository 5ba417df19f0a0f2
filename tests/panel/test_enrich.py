"""``add_*`` steps on the tiny cache of conftest.py: values, NA rules, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.errors import DataNotAvailableError, InputError
from allied.panel import (
    Panel,
    add_atop,
    add_catalog,
    add_gdp,
    add_ideal_points,
    add_majors,
    add_milex,
    add_nmc,
    dyad_years,
    state_years,
)
from allied.sources import ImportRecord
from allied.sources._cache import install
from allied.sources._milex_states import state_column


def _row(panel: Panel, **keys: int) -> pd.Series:
    frame = panel.frame
    mask = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


def test_add_atop_codes_obligations_zero_and_na(tiny_cache: Path) -> None:
    panel = dyad_years("cow", through=2020).pipe(add_atop)
    usa_frg = _row(panel, ccode1=2, ccode2=260, year=1960)
    assert (usa_frg.atop_defense, usa_frg.atop_consul, usa_frg.atop_offense) == (1, 1, 0)
    # Germany 255 joins the alliance on 1990-10-03, the day it re-enters the system.
    assert _row(panel, ccode1=255, ccode2=2, year=1990).atop_defense == 1
    # France and the US before the alliance: inside ATOP's years, so 0, not NA.
    assert _row(panel, ccode1=2, ccode2=220, year=1900).atop_defense == 0
    # After ATOP's last year (2018): NA.
    assert pd.isna(_row(panel, ccode1=2, ccode2=220, year=2019).atop_defense)
    assert panel.sources == ("atop",)


def test_add_atop_on_state_years_uses_the_state_year_file(tiny_cache: Path) -> None:
    panel = state_years("cow").pipe(add_atop)
    assert _row(panel, ccode=2, year=1950).atop_defense == 1
    assert _row(panel, ccode=200, year=1950).atop_defense == 0


def test_add_nmc_suffixes_and_missing_values(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990").pipe(add_nmc)
    row = _row(panel, ccode1=2, ccode2=200, year=1990)
    assert row.milex1 == 289_755_000 and row.milex2 == 38_000_000
    assert row.cinc1 == pytest.approx(0.141448)
    assert pd.isna(row.upop2)  # empty in the file
    assert pd.isna(_row(panel, ccode1=2, ccode2=220, year=1990).milex2)  # no row for France
    components = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    expected = [f"{c}{side}" for side in "12" for c in components]
    assert list(panel.frame.columns) == ["ccode1", "ccode2", "year", *expected]


def test_add_majors_is_zero_or_one_inside_coverage_and_na_after(tiny_cache: Path) -> None:
    panel = state_years("cow", through=2018).pipe(add_majors)
    assert _row(panel, ccode=2, year=1897).cowmaj == 0
    assert _row(panel, ccode=2, year=1898).cowmaj == 1  # major from 13 August 1898
    assert _row(panel, ccode=220, year=1900).cowmaj == 0
    assert pd.isna(_row(panel, ccode=2, year=2017).cowmaj)


def test_add_gdp_translates_iso3_to_the_code_in_force(tiny_cache: Path) -> None:
    panel = state_years("cow", years="1989-1990").pipe(add_gdp)
    # Unified Germany's 1990 GDP goes to COW 255 (in force on 31 December 1990), not 260.
    assert _row(panel, ccode=255, year=1990).gdp_usd_current == pytest.approx(1.771671206875e12)
    assert pd.isna(_row(panel, ccode=260, year=1990).gdp_usd_current)
    assert _row(panel, ccode=260, year=1989).gdp_usd_current == pytest.approx(1.4e12)


def test_add_catalog_marks_shared_membership(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1948-1950").pipe(add_catalog, ["nato"])
    assert _row(panel, ccode1=2, ccode2=200, year=1949).catalog_nato == 1
    assert _row(panel, ccode1=2, ccode2=200, year=1948).catalog_nato == 0
    states = state_years("cow", years="1949").pipe(add_catalog, ["nato", "aukus"])
    assert _row(states, ccode=220, year=1949).catalog_nato == 1
    assert _row(states, ccode=220, year=1949).catalog_aukus == 0


def test_gw_panels_get_cow_data_through_the_crosswalk(tiny_cache: Path) -> None:
    spells = pd.DataFrame(
        {
            "code": [2, 260],
            "abb": ["USA", "GFR"],
            "name": ["United States", "Germany"],
            "start": pd.to_datetime(["1816-01-01", "1949-09-21"]),
            "end": pd.to_datetime(["2016-12-31", "2016-12-31"]),
            "microstate": [False, False],
        }
    )
    panel = dyad_years("gw", spells=spells, years="1990-1991").pipe(add_atop)
    # G-W 260 is COW 260 in 1990 (until 2 October) and COW 255 from 1991: both allied.
    assert _row(panel, gwcode1=2, gwcode2=260, year=1991).atop_defense == 1
    assert _row(panel, gwcode1=2, gwcode2=260, year=1990).atop_defense == 1


def test_adding_twice_is_refused(tiny_cache: Path) -> None:
    panel = state_years("cow").pipe(add_majors)
    with pytest.raises(InputError, match="already has column"):
        panel.pipe(add_majors)


def test_uncached_dataset_says_how_to_get_it(tiny_cache: Path) -> None:
    with pytest.raises(DataNotAvailableError, match="allied data pull nmc6"):
        state_years("cow").pipe(add_nmc, version="6.0")


def test_add_milex_converts_sipri_millions_and_keeps_percent(tiny_cache: Path) -> None:
    panel = state_years("cow", years="1990").pipe(add_milex)
    usa = _row(panel, ccode=2, year=1990)
    assert usa.milex_usd_current == pytest.approx(325_129.3e6)
    assert usa.milex_usd_constant == pytest.approx(758_217.3e6)
    assert usa.milex_share_gdp_pct == pytest.approx(5.6)
    assert _row(panel, ccode=255, year=1990).milex_usd_current == pytest.approx(42_000e6)
    assert pd.isna(_row(panel, ccode=200, year=1990).milex_usd_current)


SOVIET_BLOC_STATES = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
GMY,255,Germany,1990,10,3,2016,12,31,2016
GFR,260,German Federal Republic,1955,5,5,1990,10,2,2016
GDR,265,German Democratic Republic,1954,3,25,1990,10,2,2016
CZE,315,Czechoslovakia,1945,5,10,1992,12,31,2016
CZR,316,Czech Republic,1993,1,1,2016,12,31,2016
RUS,365,Russia,1816,1,1,2016,12,31,2016
"""


def _sipri_cells(*cells: tuple[str, str | None, str, int, float, str | None]) -> pd.DataFrame:
    """The parser's long table for (country, iso3, measure, year, value, marking)."""
    frame = pd.DataFrame(cells, columns=["country", "iso3", "measure", "year", "value", "marking"])
    return frame.assign(
        state=state_column(frame["country"], frame["iso3"]),
        not_existing=frame["marking"].eq("not existing"),
    )


def test_add_milex_takes_former_states_through_the_dated_crosswalk(
    build_cache: Callable[[dict[str, dict[str, str]]], Path],
) -> None:
    """SIPRI's USSR row is COW 365 until it ends (Russia's row after), the German
    DR's is 265 and Czechoslovakia's 315; a 0 read as no figure stays NA."""
    build_cache({"cow-states": {"states2016.csv": SOVIET_BLOC_STATES}})
    no_figure = "0 read as unavailable: SIPRI gives a figure for this year only in other sheets"
    long = _sipri_cells(
        ("USSR", None, "current_usd", 1989, 218_759.7, None),
        ("USSR", None, "current_usd", 1990, 219_114.1, None),
        ("USSR", None, "current_usd", 1992, np.nan, "not existing"),
        ("Russia", "RUS", "current_usd", 1989, np.nan, no_figure),
        ("Russia", "RUS", "current_usd", 1990, np.nan, no_figure),
        ("Russia", "RUS", "current_usd", 1992, np.nan, no_figure),
        ("Russia", "RUS", "current_usd", 1993, 7_766.7, None),
        ("German Democratic Republic", None, "constant_usd", 1989, 12_437.8, None),
        ("German Democratic Republic", None, "constant_usd", 1990, np.nan, "not existing"),
        ("Czechoslovakia", None, "current_usd", 1990, 2_334.3, None),
        ("Czechia", "CZE", "current_usd", 1993, 815.6, None),
    )
    install(
        ImportRecord("sipri-milex", "test", "2026-01-01T00:00:00+00:00", "tests", ()),
        {"expenditure": long},
    )
    panel = state_years("cow", years="1989-1993").pipe(add_milex)
    soviet = panel.frame[panel.frame.ccode == 365].set_index("year").milex_usd_current / 1e6
    assert soviet[1989] == pytest.approx(218_759.7) and soviet[1990] == pytest.approx(219_114.1)
    assert soviet[[1991, 1992]].isna().all() and soviet[1993] == pytest.approx(7_766.7)
    assert _row(panel, ccode=265, year=1989).milex_usd_constant == pytest.approx(12_437.8e6)
    assert pd.isna(_row(panel, ccode=265, year=1990).milex_usd_constant)
    assert _row(panel, ccode=315, year=1990).milex_usd_current == pytest.approx(2_334.3e6)
    assert _row(panel, ccode=316, year=1993).milex_usd_current == pytest.approx(815.6e6)
    assert not (panel.frame.filter(like="milex") == 0).any().any()


def test_add_ideal_points_and_their_distance_on_dyads(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1989-1990").pipe(add_ideal_points)
    row = _row(panel, ccode1=2, ccode2=200, year=1990)
    assert (row.ideal_point1, row.ideal_point2) == (3.11, 1.5)
    assert row.ideal_point_distance == pytest.approx(1.61)
    assert pd.isna(_row(panel, ccode1=2, ccode2=200, year=1989).ideal_point_distance)


def test_a_plain_frame_is_refused(tiny_cache: Path) -> None:
    frame = state_years("cow").frame
    with pytest.raises(InputError, match="add_nmc needs a Panel"):
        add_nmc(frame)  # type: ignore[arg-type]


def test_panel_cites_every_dataset_behind_it(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990").pipe(add_atop).pipe(add_nmc)
    keys = [c.key for c in panel.citations()]
    assert keys == ["cow-states", "atop", "nmc7"]
    assert "dyad-year" in repr(panel)
