"""COW-MID and GML MID steps against peacesciencer (../shared/data; skips without it).

Sources:
- ``reference/peacesciencer_cow_dy_1946_1989_enriched.csv.gz``: peacesciencer
  1.2.9's non-directed COW dyad-years 1946-1989 after ``add_cow_mids()``.
- ``peacesciencer/peacesciencer__cow_mid_ddydisps.csv.gz`` and
  ``..._gml_mid_ddydisps.csv.gz``: the whittled directed dyad-years
  peacesciencer joins (read here with pandas alone), for the years the
  reference does not cover.
- ``peacesciencer/..._cow_mid_dirdisps.csv.gz``, ``..._cow_mid_disps.csv.gz``,
  ``..._gml_dirdisp.csv.gz``: the directed dispute-years peacesciencer's
  data-raw scripts whittle into those tables.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.panel import (
    PEACESCIENCER_WHITTLING,
    Panel,
    add_cow_mids,
    add_gml_mids,
    add_peace_years,
    dyad_years,
)

MID_COLUMNS = [
    "dispnum",
    "cowmidongoing",
    "cowmidonset",
    "sidea1",
    "sidea2",
    "fatality1",
    "fatality2",
    "fatalpre1",
    "fatalpre2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
    "fatality",
    "hostlev",
    "mindur",
    "maxdur",
    "recip",
    "stmon",
]
KEYS = ["ccode1", "ccode2", "year"]


def _read(path: Path) -> pd.DataFrame:
    """A peacesciencer export as its README says to read it."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _as_float(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return np.column_stack(
        [frame[c].astype("Float64").to_numpy(np.float64, na_value=np.nan) for c in columns]
    )


def test_cow_mids_on_non_directed_1946_1989_equal_peacesciencers_reference(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """Every MID column of peacesciencer's enriched non-directed COW dyad-years."""
    reference = _read(shared_data / "reference" / "peacesciencer_cow_dy_1946_1989_enriched.csv.gz")
    panel = dyad_years("cow", directed=False, years="1946-1989").pipe(add_cow_mids)
    frame = panel.frame
    assert len(frame) == len(reference) == 352_124
    assert np.array_equal(frame[KEYS].to_numpy(), reference[KEYS].to_numpy())
    assert list(frame.columns[3:]) == MID_COLUMNS
    ours, theirs = _as_float(frame, MID_COLUMNS), _as_float(reference, MID_COLUMNS)
    for index, column in enumerate(MID_COLUMNS):
        assert np.array_equal(ours[:, index], theirs[:, index], equal_nan=True), column
    assert int(frame.cowmidonset.sum()) == int(reference.cowmidonset.sum()) > 1000


def _check_against_dyad_years(
    panel: Panel, table: pd.DataFrame, columns: list[str], coverage: tuple[int, int]
) -> None:
    """Panel rows listed in ``table`` carry its values; the others 0/NA inside
    ``coverage``; everything NA after it."""
    onset, ongoing = columns[2], columns[1]
    merged = panel.frame.merge(table, on=KEYS, how="left", suffixes=("", "_file"), indicator=True)
    listed = (merged["_merge"] == "both").to_numpy()
    inside = merged["year"].between(*coverage).to_numpy()
    ours = _as_float(merged, columns)
    theirs = _as_float(merged, [f"{c}_file" for c in columns])
    assert np.array_equal(ours[listed], theirs[listed])
    unlisted = ~listed & inside
    assert (ours[unlisted][:, [1, 2]] == 0).all()  # ongoing, onset: no dispute
    assert np.isnan(np.delete(ours[unlisted], [1, 2], axis=1)).all()
    assert np.isnan(ours[~inside]).all()
    assert listed.sum() > 1000 and merged[onset].notna().sum() == inside.sum()
    assert merged[ongoing].sum() == listed.sum()


def test_cow_mids_on_directed_1816_1945_and_1990_2016_follow_the_ddydisps_file(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """Years outside the reference: each directed dyad-year gets the row of
    peacesciencer's whittled ``cow_mid_ddydisps`` (0/NA without one, NA after 2014)."""
    table = _read(shared_data / "peacesciencer" / "peacesciencer__cow_mid_ddydisps.csv.gz")
    for years in ("1816-1945", "1990-2016"):
        panel = dyad_years("cow", years=years).pipe(add_cow_mids)
        _check_against_dyad_years(panel, table, MID_COLUMNS, (1816, 2014))
    undirected = dyad_years("cow", directed=False, years="1990-2014").pipe(add_cow_mids)
    _check_against_dyad_years(undirected, table, MID_COLUMNS, (1816, 2014))


def test_gml_mids_follow_the_gml_ddydisps_file_and_end_in_2010(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    table = _read(shared_data / "peacesciencer" / "peacesciencer__gml_mid_ddydisps.csv.gz")
    columns = [c for c in table.columns if c not in KEYS]
    assert columns[1:3] == ["gmlmidongoing", "gmlmidonset"]
    undirected = dyad_years("cow", directed=False, years="1816-2012").pipe(add_gml_mids)
    assert list(undirected.frame.columns[3:]) == columns
    _check_against_dyad_years(undirected, table, columns, (1816, 2010))
    directed = dyad_years("cow", years="1946-2010").pipe(add_gml_mids)
    _check_against_dyad_years(directed, table, columns, (1816, 2010))
    # peacesciencer's default reading, "sidea-all-joiners": Side A, or a joiner
    on_a_or_joined = (directed.frame.sidea1 == 1) | (directed.frame.orig1 == 0)
    assert (directed.frame.init1.dropna() == on_a_or_joined[directed.frame.init1.notna()]).all()


@pytest.mark.parametrize(
    ("name", "directed_file", "dyad_file"),
    [
        ("cow-mids", "peacesciencer__cow_mid_dirdisps.csv.gz", "peacesciencer__cow_mid_ddydisps"),
        ("gml-mids", "peacesciencer__gml_dirdisp.csv.gz", "peacesciencer__gml_mid_ddydisps"),
    ],
)
def test_peacesciencers_rules_on_its_dispute_years_rebuild_its_whittled_table(
    in_peacesciencer_cache: Path, shared_data: Path, name: str, directed_file: str, dyad_file: str
) -> None:
    """The whittle= path with PEACESCIENCER_WHITTLING reproduces the shipped table
    on a directed panel over each dataset's whole coverage."""
    step = add_cow_mids if name == "cow-mids" else add_gml_mids
    panel = dyad_years("cow", years="1816-2014")
    shipped = panel.pipe(step).frame
    whittled = panel.pipe(step, whittle=PEACESCIENCER_WHITTLING).frame
    pd.testing.assert_frame_equal(whittled, shipped)
    dispute_years = _read(shared_data / "peacesciencer" / directed_file)
    duplicated = dispute_years.duplicated(KEYS, keep=False)
    assert duplicated.sum() > 500  # the whittling had work to do
    assert shipped.dispnum.notna().sum() > 8000


def _peace_years_by_loop(ongoing: np.ndarray) -> list[int]:
    """stevemisc's ps_btscs count, as its loop: 0 first, +1 after a peaceful
    year, 0 after an event year (an event year counts the peace before it)."""
    spells, run = [0], 0
    for previous, current in itertools.pairwise(ongoing):
        if previous == 0:
            run += 1
            spells.append(run)
            if current != 0:
                run = 0
        else:
            run = 0
            spells.append(0)
    return spells


def test_peace_years_on_real_dyads_equal_the_loop_and_a_hand_count(
    in_peacesciencer_cache: Path,
) -> None:
    panel = dyad_years("cow", directed=False, years="1946-2016").pipe(add_cow_mids)
    frame = panel.pipe(add_peace_years).frame
    disputed = frame.groupby(["ccode1", "ccode2"]).cowmidongoing.transform("max") == 1
    sample = frame[disputed]
    dyads = sample[["ccode1", "ccode2"]].drop_duplicates().iloc[::5]
    assert len(dyads) > 100
    for code1, code2 in dyads.itertuples(index=False):
        rows = sample[(sample.ccode1 == code1) & (sample.ccode2 == code2)]
        inside = rows[rows.year <= 2014]
        expected = _peace_years_by_loop(inside.cowmidongoing.to_numpy(np.int64))
        assert inside.cowmidspell.tolist() == expected, (code1, code2)
        assert rows[rows.year > 2014].cowmidspell.isna().all()


def test_peace_years_of_usa_cuba_counted_by_hand(in_peacesciencer_cache: Path) -> None:
    """USA-Cuba (2, 40) dispute years in cow_mid_ddydisps since 1946: 1960-1962 (onsets
    1960, 1962), 1971, 1974, 1976, 1977, 1979, 1981, 1983, 1987, 1990, 1996."""
    panel = dyad_years("cow", directed=False, years="1946-2016").pipe(add_cow_mids)
    spells = panel.pipe(add_peace_years).frame.set_index(KEYS).loc[(2, 40), "cowmidspell"]
    by_hand = {1946: 0, 1959: 13, 1960: 14, 1961: 0, 1962: 0, 1963: 0, 1970: 7, 1971: 8}
    by_hand |= {1972: 0, 1974: 2, 1977: 0, 1978: 0, 1987: 3, 1988: 0, 1990: 2, 1996: 5}
    by_hand |= {1997: 0, 2014: 17}
    assert {year: spells[year] for year in by_hand} == by_hand
    assert spells[[2015, 2016]].isna().all()
    onsets = panel.pipe(add_peace_years, event="onset").frame.set_index(KEYS).cowmidspell
    assert onsets.loc[(2, 40)].loc[1960:1963].tolist() == [14, 0, 1, 0]


def test_a_gw_panel_gets_the_cow_coded_disputes_through_the_crosswalk(
    in_peacesciencer_cache: Path,
) -> None:
    cow = dyad_years("cow", years="1950-1960").pipe(add_cow_mids).frame.set_index(KEYS)
    gw = dyad_years("gw", years="1950-1960").pipe(add_cow_mids).frame
    gw = gw.rename(columns={"gwcode1": "ccode1", "gwcode2": "ccode2"}).set_index(KEYS)
    usa_ussr = (2, 365, 1958)  # the same codes in both systems
    assert gw.loc[usa_ussr, "dispnum"] == cow.loc[usa_ussr, "dispnum"]
    assert gw.cowmidonset.sum() > 0.9 * cow.cowmidonset.sum()
