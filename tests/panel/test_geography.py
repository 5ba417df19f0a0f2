"""Geography steps on the tiny cache (tests/tiny_data/geography.py): contiguity,
capital distance and politically relevant dyads."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.cli import main
from allied.errors import InputError
from allied.panel import (
    Panel,
    add_capital_distance,
    add_contiguity,
    add_majors,
    dyad_years,
    filter_prd,
    state_years,
)
from allied.sources._geography import parse_contiguity_spells, parse_cow_capitals

R_KM = 6378.137
PARIS, LONDON, BONN = (48.8588897, 2.3200410), (51.5073219, -0.1276474), (50.7352621, 7.1024635)
WASHINGTON = (38.8950368, -77.0365427)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """An independent great-circle distance (haversine) on the same sphere."""
    (lat1, lng1), (lat2, lng2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * R_KM * math.asin(math.sqrt(h))


def _by_keys(panel: Panel) -> pd.DataFrame:
    return panel.frame.set_index(list(panel.keys))


def test_conttype_is_the_type_in_force_first_in_the_year_in_both_orders(tiny_cache: Path) -> None:
    frame = _by_keys(dyad_years("cow", through=2018).pipe(add_contiguity))
    assert frame.conttype.dtype == "Int64"
    assert frame.loc[(200, 255, 1890), "conttype"] == 0  # type 4 only from July 1890
    assert frame.loc[(255, 200, 1891), "conttype"] == 4
    assert frame.loc[(200, 220, 1900), "conttype"] == frame.loc[(220, 200, 1900), "conttype"] == 3
    assert frame.loc[(220, 260, 1990), "conttype"] == 1
    assert frame.loc[(2, 200, 1900), "conttype"] == 0  # no record inside 1816-2016: the fill
    assert pd.isna(frame.loc[(200, 220, 2017), "conttype"])  # after the data: NA


def test_which_last_takes_the_spell_in_force_at_the_end_of_the_year(tiny_cache: Path) -> None:
    dyads = _by_keys(dyad_years("cow", years="1890-1990").pipe(add_contiguity, which="last"))
    assert dyads.loc[(200, 255, 1890), "conttype"] == 4
    states = _by_keys(state_years("cow", years="1890").pipe(add_contiguity, which="last"))
    assert states.loc[(200, 1890), ["land", "sea"]].tolist() == [0, 2]
    distances = _by_keys(dyad_years("cow", years="1990").pipe(add_capital_distance, which="last"))
    berlin = (52.5170365, 13.3888599)  # West Germany's capital from July 1990 (tiny data)
    assert distances.loc[(220, 260, 1990), "capdist"] == pytest.approx(
        haversine_km(PARIS, berlin), abs=1e-6
    )
    with pytest.raises(InputError, match=r"unknown which 'middle'.*Use one of: first, last"):
        dyad_years("cow", years="1990").pipe(add_capital_distance, which="middle")


def test_state_years_count_land_and_sea_borders(tiny_cache: Path) -> None:
    frame = _by_keys(state_years("cow").pipe(add_contiguity))
    assert frame.loc[(220, 1960), ["land", "sea"]].tolist() == [1, 1]  # West Germany; the UK
    assert frame.loc[(200, 1890), ["land", "sea"]].tolist() == [0, 1]  # France only
    assert frame.loc[(200, 1891), ["land", "sea"]].tolist() == [0, 2]  # and Germany
    assert frame.loc[(2, 1950), ["land", "sea"]].tolist() == [0, 0]
    assert frame.land.dtype == "Int64"


def test_capdist_is_the_great_circle_between_the_first_capitals_of_the_year(
    tiny_cache: Path,
) -> None:
    panel = dyad_years("cow", years="1950-1991").pipe(add_capital_distance)
    frame = _by_keys(panel)
    assert panel.sources == ("cow-capitals",)
    assert frame.loc[(2, 200, 1950), "capdist"] == pytest.approx(
        haversine_km(WASHINGTON, LONDON), abs=1e-6
    )
    assert frame.loc[(220, 260, 1990), "capdist"] == pytest.approx(  # Bonn on 1 January
        haversine_km(PARIS, BONN), abs=1e-6
    )
    # both orders of every pair are one computation: equal to the last bit
    flipped = frame["capdist"].rename_axis(["ccode2", "ccode1", "year"])
    flipped = flipped.reorder_levels(["ccode1", "ccode2", "year"]).reindex(frame.index)
    assert frame["capdist"].equals(flipped)


def test_state_years_get_the_distance_to_the_closest_capital(tiny_cache: Path) -> None:
    frame = _by_keys(state_years("cow", years="1960").pipe(add_capital_distance))
    expected = min(haversine_km(PARIS, c) for c in (LONDON, BONN, WASHINGTON))
    assert frame.loc[(220, 1960), "mincapdist"] == pytest.approx(expected, abs=1e-6)


def test_a_gw_panel_uses_the_gw_capitals(tiny_cache: Path) -> None:
    frame = pd.DataFrame({"gwcode1": [200], "gwcode2": [220], "year": [2000]})
    panel = Panel(frame, "dyad-year", "gw").pipe(add_capital_distance)
    assert panel.sources == ("gw-capitals",)
    assert panel.frame.capdist[0] == pytest.approx(haversine_km(LONDON, PARIS), abs=1e-6)


def test_filter_prd_keeps_contiguous_dyads_and_those_of_a_major_power(tiny_cache: Path) -> None:
    panel = dyad_years("cow", directed=False, years="1850")
    kept = filter_prd(panel)
    pairs = list(zip(kept.frame.ccode1, kept.frame.ccode2, strict=True))
    # USA not yet a major power: it is relevant only to the UK; France-Germany by land
    assert pairs == [(2, 200), (200, 220), (200, 255), (220, 255)]
    assert len(panel) == 6 and kept.frame.index.tolist() == [0, 1, 2, 3]
    assert {"conttype", "cowmaj1", "cowmaj2"} <= set(kept.frame.columns)
    assert kept.sources == ("cow-contiguity", "cow-states")


def test_filter_prd_reuses_columns_already_there_and_drops_na_contiguity(
    tiny_cache: Path,
) -> None:
    panel = dyad_years("cow", through=2018, years="2016-2017").pipe(add_majors)
    kept = filter_prd(panel.pipe(add_contiguity))
    assert set(kept.frame.year) == {2016}  # conttype is NA after 2016
    assert kept.frame.equals(filter_prd(panel).frame)


def test_filter_prd_refuses_state_years(tiny_cache: Path) -> None:
    with pytest.raises(InputError, match="filter_prd needs a dyad-year panel"):
        filter_prd(state_years("cow", years="1990"))


def test_the_cli_prd_option_filters_after_the_steps(
    tiny_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["panel", "dyad-years", "--undirected", "--years", "1850", "--add", "capital-distance"]
    assert main([*args, "--prd"]) == 0
    written = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"conttype": "Int64"})
    panel = dyad_years("cow", directed=False, years="1850").pipe(add_capital_distance)
    expected = filter_prd(panel).frame
    pd.testing.assert_frame_equal(written, expected, check_dtype=False)
    assert len(written) == 4


@pytest.mark.parametrize(
    ("line", "column", "problem"),
    [
        ("2,20,7,1920-01-01,2016-12-01", "conttype", "contiguity type outside 0-5"),
        ("2,20,1,1920-01-01,1919-12-01", "enddate", "the spell ends before it starts"),
        ("2,20,1,1920-01-01,", "enddate", "missing required value"),
    ],
)
def test_bad_contiguity_rows_are_refused_with_row_and_column(
    tmp_path: Path, line: str, column: str, problem: str
) -> None:
    path = tmp_path / "cow_contdir.csv"
    path.write_text(
        f"ccode1,ccode2,conttype,stdate,enddate\n2,20,1,1920-01-01,2016-12-01\n{line}\n"
    )
    with pytest.raises(InputError, match=problem) as error:
        parse_contiguity_spells(path)
    assert error.value.where == f"cow_contdir.csv, row 2 (line 3), column '{column}'"


def test_capitals_off_the_globe_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "cow_capitals.csv"
    header = "ccode,statenme,capital,stdate,enddate,lat,lng\n"
    path.write_text(header + "2,USA,Washington,1816-01-01,2024-12-31,138.9,-77.0\n")
    with pytest.raises(InputError, match="coordinates outside"):
        parse_cow_capitals(path)


def test_great_circle_of_a_degree_along_the_equator() -> None:
    from allied.panel._geography import great_circle_km

    one = great_circle_km(*(np.array([v]) for v in (0.0, 0.0, 0.0, 1.0)))
    assert one[0] == pytest.approx(R_KM * math.pi / 180, abs=1e-9)
