"""Contiguity and capital distance against R's peacesciencer, and beyond its years.

Sources: ``../shared/data/reference/peacesciencer_cow_dy_1946_1989_enriched.csv.gz``
and ``peacesciencer_cow_sy_1946_2014_enriched.csv.gz``, the output of
peacesciencer 1.2.9 (Miller 2022, doi:10.1177/07388942221077926) with
``add_contiguity()`` and ``add_capital_distance()`` on panels built from the
isard spells; the inputs are peacesciencer's exports of COW Direct Contiguity
3.2 (Stinnett et al. 2002) and its capitals lists in ``../shared/data/peacesciencer/``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.panel import add_capital_distance, add_contiguity, dyad_years, state_years
from allied.sources import load

_READ = {"keep_default_na": False, "na_values": [""]}


@pytest.fixture(scope="module")
def dyad_reference(shared_data: Path) -> pd.DataFrame:
    path = shared_data / "reference" / "peacesciencer_cow_dy_1946_1989_enriched.csv.gz"
    return pd.read_csv(path, usecols=["ccode1", "ccode2", "year", "conttype", "capdist"], **_READ)


def test_dyad_years_1946_1989_equal_peacesciencer_conttype_and_capdist(
    in_peacesciencer_cache: Path, dyad_reference: pd.DataFrame
) -> None:
    """peacesciencer_cow_dy_1946_1989_enriched.csv.gz: 352,124 non-directed dyad-years."""
    panel = dyad_years("cow", directed=False, years="1946-1989")
    frame = panel.pipe(add_contiguity).pipe(add_capital_distance).frame
    keys = ["ccode1", "ccode2", "year"]
    pd.testing.assert_frame_equal(frame[keys], dyad_reference[keys])
    assert frame.conttype.dtype == "Int64" and not frame.conttype.isna().any()
    np.testing.assert_array_equal(frame.conttype.to_numpy(np.int64), dyad_reference.conttype)
    np.testing.assert_allclose(frame.capdist, dyad_reference.capdist, rtol=0, atol=1e-6)
    assert frame.capdist.isna().sum() == dyad_reference.capdist.isna().sum() == 0


def test_state_years_1946_2014_equal_peacesciencer_land_and_sea(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """peacesciencer_cow_sy_1946_2014_enriched.csv.gz: 10,128 state-years."""
    path = shared_data / "reference" / "peacesciencer_cow_sy_1946_2014_enriched.csv.gz"
    reference = pd.read_csv(path, usecols=["ccode", "year", "land", "sea"], **_READ)
    frame = state_years("cow", years="1946-2014").pipe(add_contiguity).frame
    pd.testing.assert_frame_equal(
        frame[["ccode", "year", "land", "sea"]], reference, check_dtype=False
    )


@pytest.fixture(scope="module")
def recent(peacesciencer_cache: Path) -> pd.DataFrame:
    """Directed COW dyad-years 2015-2018 (beyond both references), states extended to 2018."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(peacesciencer_cache))
        panel = dyad_years("cow", years="2015-2018", through=2018)
        enriched = panel.pipe(add_contiguity).pipe(add_capital_distance)
    return enriched.frame.set_index(["ccode1", "ccode2", "year"])


@pytest.mark.parametrize(
    ("dyad", "conttype"),
    [
        ((2, 20), 1),  # USA-Canada: land border
        ((20, 2), 1),
        ((2, 365), 2),  # USA-Russia: the Bering Strait, type 2 (12 miles) in COW 3.2 from 1959
        ((2, 70), 1),  # USA-Mexico: the Rio Grande
        ((200, 220), 3),  # United Kingdom-France: the Strait of Dover
        ((2, 200), 0),  # USA-United Kingdom: not contiguous
    ],
)
def test_known_borders_in_2015_and_2016(
    recent: pd.DataFrame, dyad: tuple[int, int], conttype: int
) -> None:
    """COW Direct Contiguity 3.2 master records (peacesciencer__cow_contdir.csv.gz)."""
    assert recent.loc[(*dyad, 2015), "conttype"] == conttype
    assert recent.loc[(*dyad, 2016), "conttype"] == conttype
    assert pd.isna(recent.loc[(*dyad, 2017), "conttype"])  # the data end in 2016


def _haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine on peacesciencer's sphere (R = 6378.137 km), written independently."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6378.137 * math.asin(math.sqrt(h))


def test_washington_ottawa_from_the_capitals_list(
    in_peacesciencer_cache: Path, recent: pd.DataFrame
) -> None:
    """peacesciencer__cow_capitals.csv.gz coordinates of Washington D.C. and Ottawa."""
    capitals = load("cow-capitals").set_index("capital")
    washington, ottawa = capitals.loc["Washington D.C."], capitals.loc["Ottawa"]
    expected = _haversine_km(washington.lat, washington.lng, ottawa.lat, ottawa.lng)
    for year in (2015, 2016, 2018):
        assert recent.loc[(2, 20, year), "capdist"] == pytest.approx(expected, abs=1e-6)
    assert 700 < expected < 760  # about 735 km, as in the 1946-1989 reference


def test_a_capital_move_counts_from_the_next_year(in_peacesciencer_cache: Path) -> None:
    """Brazil (140): Rio de Janeiro, then Brasília from 21 April 1960 (the capitals list)."""
    capitals = load("cow-capitals")
    brazil = capitals[capitals.ccode == 140].set_index("capital")
    move = brazil.loc["Brasilia", "start"] if "Brasilia" in brazil.index else None
    assert move is not None and move.year == 1960
    frame = dyad_years("cow", years="1959-1961").pipe(add_capital_distance).frame
    usa = frame[(frame.ccode1 == 2) & (frame.ccode2 == 140)].set_index("year").capdist
    washington = capitals[capitals.ccode == 2].iloc[0]
    for year, city in ((1960, "Rio de Janeiro"), (1961, "Brasilia")):
        place = brazil.loc[city]
        expected = _haversine_km(washington.lat, washington.lng, place.lat, place.lng)
        assert usa[year] == pytest.approx(expected, abs=1e-6)


def test_gw_dyad_years_read_contiguity_through_the_crosswalk(in_peacesciencer_cache: Path) -> None:
    """G-W codes differ from COW's for unified Yemen (G-W 678, COW 679 from 1990)."""
    frame = dyad_years("gw", years="2000", directed=False).pipe(add_contiguity).frame
    indexed = frame.set_index(["gwcode1", "gwcode2"]).conttype
    assert indexed[(670, 678)] == 1  # Saudi Arabia-Yemen, COW 670-679
    assert not frame.conttype.isna().any()


def _peacesciencer_rule(
    spells: pd.DataFrame, keys: list[str], unit: str, which: str
) -> pd.DataFrame:
    """peacesciencer's algorithm written out: every month (``unit="M"``) or day of
    each spell, a stable sort by keys and date, then the first or last row per year."""
    start = spells["start"].to_numpy(f"datetime64[{unit}]")
    end = spells["end"].to_numpy(f"datetime64[{unit}]")
    count = (end - start).astype(np.int64) + 1
    spell = np.repeat(np.arange(len(spells)), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    dates = start[spell] + offset.astype(f"timedelta64[{unit}]")
    expanded = pd.DataFrame({"spell": spell, "date": dates.astype("datetime64[D]")})
    expanded = expanded.join(spells[keys], on="spell").assign(year=expanded.date.dt.year)
    expanded = expanded.sort_values([*keys, "date"], kind="stable")
    grouped = expanded.groupby([*keys, "year"], sort=True)
    chosen = grouped.head(1) if which == "first" else grouped.tail(1)
    return chosen.sort_values([*keys, "year"]).reset_index(drop=True)


@pytest.mark.parametrize("which", ["first", "last"])
def test_the_spell_of_each_year_is_peacesciencers_for_both_slices(
    in_peacesciencer_cache: Path, which: str
) -> None:
    """peacesciencer R/add_contiguity.R (.contmonths, slice) on peacesciencer__cow_contdir."""
    from allied.panel._geography import contiguity_years

    spells = load("cow-contiguity", "spells")
    expected = _peacesciencer_rule(spells, ["ccode1", "ccode2"], "M", which)
    ours = contiguity_years(which=which).sort_values(["code1", "code2", "year"])
    np.testing.assert_array_equal(ours.code1, expected.ccode1)
    np.testing.assert_array_equal(ours.code2, expected.ccode2)
    np.testing.assert_array_equal(ours.year, expected.year)
    np.testing.assert_array_equal(ours.conttype, spells.conttype.to_numpy()[expected.spell])


@pytest.mark.parametrize("which", ["first", "last"])
def test_the_capital_of_each_year_is_peacesciencers_for_both_transsums(
    in_peacesciencer_cache: Path, which: str
) -> None:
    """peacesciencer R/add_capital_distance.R (.capdays, transsum) on the COW capitals."""
    from allied.panel._geography import capital_years

    capitals = load("cow-capitals")
    moved = capitals[capitals.ccode.duplicated(keep=False)].reset_index(drop=True)
    expected = _peacesciencer_rule(moved, ["ccode"], "D", which)
    ours = capital_years("cow", which=which)
    ours = ours[ours.code.isin(moved.ccode)].sort_values(["code", "year"])
    np.testing.assert_array_equal(ours.code, expected.ccode)
    np.testing.assert_array_equal(ours.year, expected.year)
    np.testing.assert_array_equal(ours.lat, moved.lat.to_numpy()[expected.spell])
    np.testing.assert_array_equal(ours.lng, moved.lng.to_numpy()[expected.spell])
