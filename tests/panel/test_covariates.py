"""State covariate steps on the tiny cache (tests/tiny_data/covariates.py): names,
values, NA rules, systems and errors, following peacesciencer's R/add_*.R."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.panel.test_enrich import _row

from allied.errors import DataNotAvailableError, InputError
from allied.panel import (
    Panel,
    add_creg_fractionalization,
    add_democracy,
    add_igos,
    add_latent_territorial_threat,
    add_sim_gdp_pop,
    dyad_years,
    state_years,
)
from allied.panel._joins import dyad_columns
from allied.sources import ImportRecord, load
from allied.sources._cache import install


def _gw_panel(directed: bool = True) -> Panel:
    spells = pd.DataFrame(
        {
            "code": [2, 200, 260],
            "abb": ["USA", "UKG", "GFR"],
            "name": ["United States", "United Kingdom", "Germany"],
            "start": pd.to_datetime(["1816-01-01", "1816-01-01", "1949-09-21"]),
            "end": pd.to_datetime(["2016-12-31"] * 3),
            "microstate": [False] * 3,
        }
    )
    return dyad_years("gw", spells=spells, directed=directed, years="1989-1990")


def test_democracy_on_dyads_carries_peacesciencer_names_and_each_sides_values(
    tiny_cache: Path,
) -> None:
    panel = dyad_years("cow", years="1989-1990").pipe(add_democracy)
    added = list(panel.frame.columns[3:])
    assert added == [
        *("euds1", "aeuds1", "polity21", "v2x_polyarchy1"),
        *("euds2", "aeuds2", "polity22", "v2x_polyarchy2"),
    ]
    row = _row(panel, ccode1=2, ccode2=260, year=1990)
    assert (row.euds1, row.polity21, row.v2x_polyarchy1) == (1.366680, 10, 0.863)
    assert np.isnan(row.euds2) and np.isnan(row.aeuds2)  # the file's empty cells
    assert row.v2x_polyarchy2 == 0.892
    assert _row(panel, ccode1=260, ccode2=2, year=1990).euds2 == 1.366680
    assert panel.sources == ("democracy",)


def test_democracy_on_state_years_and_its_gw_table_for_gw_panels(tiny_cache: Path) -> None:
    states = state_years("cow", years="1989-1990").pipe(add_democracy)
    assert list(states.frame.columns[-4:]) == ["euds", "aeuds", "polity2", "v2x_polyarchy"]
    assert _row(states, ccode=2, year=1990).euds == 1.366680
    assert np.isnan(_row(states, ccode=255, year=1990).v2x_polyarchy)
    gw = _gw_panel().pipe(add_democracy)
    # isard's G-W file, not the COW file through the crosswalk: its own estimates
    assert _row(gw, gwcode1=2, gwcode2=260, year=1990).euds1 == 1.468416
    assert _row(gw, gwcode1=2, gwcode2=260, year=1990).euds2 == 1.710149


def test_a_gw_panel_without_the_gw_table_says_how_to_get_it(tiny_cache: Path) -> None:
    record = ImportRecord("democracy", "test", "2026-01-01", "tests", ())
    install(record, {"cow": load("democracy", "cow")})
    assert state_years("cow", years="1990").pipe(add_democracy).sources == ("democracy",)
    with pytest.raises(DataNotAvailableError, match=r"table 'gw' was not in the imported"):
        _gw_panel().pipe(add_democracy)


def test_igos_on_dyads_are_symmetric_and_missing_where_unlisted(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1989-1990").pipe(add_igos)
    assert list(panel.frame.columns[3:]) == ["dyadigos"]
    assert str(panel.frame.dyadigos.dtype) == "Int64"
    assert _row(panel, ccode1=2, ccode2=200, year=1990).dyadigos == 63
    assert _row(panel, ccode1=200, ccode2=2, year=1990).dyadigos == 63
    assert _row(panel, ccode1=260, ccode2=220, year=1989).dyadigos == 93
    # West Germany 1990 is not in the counts: NA, not 0 (peacesciencer's left join)
    assert pd.isna(_row(panel, ccode1=2, ccode2=260, year=1990).dyadigos)
    undirected = dyad_years("cow", directed=False, years="1990").pipe(add_igos)
    assert _row(undirected, ccode1=200, ccode2=255, year=1990).dyadigos == 85


def test_igos_outside_1816_2014_are_missing(tiny_cache: Path) -> None:
    panel = dyad_years("cow", directed=False, through=2016, years="2014-2016").pipe(add_igos)
    assert panel.frame.dyadigos.isna().all()
    states = state_years("cow", through=2016, years="2015-2016").pipe(add_igos)
    assert states.frame[["sum_igo_full", "sum_igo_anytype"]].isna().all().all()


def test_igos_on_state_years_count_by_membership_type(tiny_cache: Path) -> None:
    panel = state_years("cow", years="1989-1990").pipe(add_igos)
    names = ["sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype"]
    assert list(panel.frame.columns[-4:]) == names
    assert _row(panel, ccode=220, year=1990)[names].tolist() == [116, 1, 0, 117]
    assert pd.isna(_row(panel, ccode=260, year=1990).sum_igo_full)
    assert panel.sources == ("cow-igos",)


def test_igos_reach_gw_panels_through_the_crosswalk(tiny_cache: Path) -> None:
    gw = _gw_panel().pipe(add_igos)
    assert _row(gw, gwcode1=260, gwcode2=200, year=1989).dyadigos == 84


def test_creg_keeps_one_row_per_state_year_as_peacesciencer(tiny_cache: Path) -> None:
    states = state_years("cow", years="1989-1990").pipe(add_creg_fractionalization)
    assert list(states.frame.columns[-4:]) == ["ethfrac", "ethpol", "relfrac", "relpol"]
    # COW 255 in 1990 is listed twice; the row without ethnic estimates takes the
    # other's (the group maximum), so the more fractionalized religion row is kept.
    germany = _row(states, ccode=255, year=1990)
    assert (germany.ethfrac, germany.ethpol) == (0.135733, 0.251756)
    assert (germany.relfrac, germany.relpol) == (0.640000, 0.890000)
    france = _row(states, ccode=220, year=1990)  # a single row keeps its gaps
    assert np.isnan(france.ethfrac) and france.relfrac == 0.329743
    gw = _gw_panel().pipe(add_creg_fractionalization)  # CREG's own G-W codes
    assert _row(gw, gwcode1=2, gwcode2=260, year=1990).ethfrac2 == 0.135733


def test_sim_gdp_pop_and_territorial_threat_columns(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1989").pipe(add_sim_gdp_pop)
    gdp = ["mrgdppc", "sd_mrgdppc", "pwtrgdp", "sd_pwtrgdp", "pwtpop", "sd_pwtpop"]
    assert list(panel.frame.columns[3:]) == [f"{c}1" for c in gdp] + [f"{c}2" for c in gdp]
    assert _row(panel, ccode1=200, ccode2=2, year=1989).pwtpop2 == 251.777
    threat = state_years("cow", years="1989-1990").pipe(add_latent_territorial_threat)
    assert list(threat.frame.columns[-8:]) == [
        *("lterrthreat", "sd", "lwr", "upr"),
        *("m_lterrthreat", "m_sd", "m_lwr", "m_upr"),
    ]
    assert _row(threat, ccode=200, year=1990).lterrthreat == 0.067444
    assert np.isnan(_row(threat, ccode=260, year=1989).m_lterrthreat)
    assert np.isnan(_row(threat, ccode=220, year=1990).lterrthreat)  # not listed


@pytest.mark.parametrize(
    "step",
    [add_democracy, add_igos, add_creg_fractionalization, add_sim_gdp_pop],
)
def test_a_step_refuses_what_is_not_a_panel(step: object) -> None:
    with pytest.raises(InputError, match="needs a Panel"):
        step(pd.DataFrame())  # type: ignore[operator]


def test_a_dyad_table_listing_a_dyad_year_twice_is_refused(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990")
    twice = pd.DataFrame({"code1": [2, 200], "code2": [200, 2], "year": [1990, 1990], "n": [1, 2]})
    with pytest.raises(ValueError, match="more than once"):
        dyad_columns(
            panel, twice, ["n"], system="cow", source=("cow-igos", "dyads"), symmetric=True
        )
    once = dyad_columns(panel, twice[:1], ["n"], system="cow", source=("cow-igos", "dyads"))
    assert int(np.nansum(once["n"])) == 1
