"""Conflict steps against peacesciencer's own output and against the raw files it bundles.

Sources: peacesciencer 1.2.9's non-directed COW dyad-years 1946-1989 after
``add_strategic_rivalries()``
(``../shared/data/reference/peacesciencer_cow_dy_1946_1989_enriched.csv.gz``),
and the data files peacesciencer bundles (``../shared/data/peacesciencer/``):
Thompson, Sakuwa & Suhas (2021) and Thompson & Dreyer (2012) rivalries, COW inter-state wars 4.0
(Sarkees & Wayman 2010), UCDP ACD 25.1 and UCDP onsets 19.1. Outside the
reference's years the steps are checked against the raw files, read here
independently of allied's parsers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allied.panel import (
    Panel,
    add_cow_wars,
    add_strategic_rivalries,
    add_td_rivalries,
    add_ucdp_acd,
    add_ucdp_onsets,
    dyad_years,
    state_years,
)

pytestmark = pytest.mark.shared_data

RIVALRY_COLUMNS = [
    "tssr_id",
    "positional",
    "spatial",
    "ideological",
    "interventionary",
    "ongoingrivalry",
]
_FILES = {
    "tss-rivalries": "peacesciencer__tss_rivalries.csv.gz",
    "td-rivalries": "peacesciencer__td_rivalries.csv.gz",
    "cow-inter-wars": "peacesciencer__cow_war_inter.csv.gz",
    "ucdp-acd": "peacesciencer__ucdp_acd.csv.gz",
    "ucdp-onsets": "peacesciencer__ucdp_onsets.csv.gz",
}


def _raw(shared_data: Path, name: str) -> pd.DataFrame:
    path = shared_data / "peacesciencer" / _FILES[name]
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _row(panel: Panel, columns: list[str], *keys: int) -> list[object]:
    frame = panel.frame.set_index(list(panel.keys))
    row = frame.loc[keys, columns]
    return [None if pd.isna(value) else value for value in row]


def test_rivalries_equal_peacesciencer_on_cow_dyad_years_1946_1989(
    shared_data: Path, in_peacesciencer_cache: Path
) -> None:
    """Source: peacesciencer 1.2.9, peacesciencer_cow_dy_1946_1989_enriched.csv.gz."""
    reference = pd.read_csv(
        shared_data / "reference" / "peacesciencer_cow_dy_1946_1989_enriched.csv.gz",
        keep_default_na=False,
        na_values=[""],
        usecols=["ccode1", "ccode2", "year", *RIVALRY_COLUMNS],
    )
    panel = dyad_years("cow", directed=False, years="1946-1989").pipe(add_strategic_rivalries)
    ours = panel.frame[["ccode1", "ccode2", "year", *RIVALRY_COLUMNS]]
    assert len(ours) == len(reference) == 352_124
    merged = reference.merge(ours, on=["ccode1", "ccode2", "year"], suffixes=("_ps", ""))
    assert len(merged) == len(reference)
    for column in RIVALRY_COLUMNS:
        theirs, mine = merged[f"{column}_ps"], merged[column].astype("float64")
        assert (theirs.isna() == mine.isna()).all(), column
        assert (theirs[theirs.notna()] == mine[theirs.notna()]).all(), column
    assert int(merged["ongoingrivalry"].sum()) == 2_320


def _rivalry_years(raw: pd.DataFrame, bounds: tuple[str, str] = ("start", "end")) -> pd.DataFrame:
    """Every (ccode1, ccode2, year) of the raw spells, both orders, from 1816."""
    key, (first, last) = raw.columns[0], bounds
    rows = [
        (getattr(spell, key), a, b, year)
        for spell in raw.itertuples()
        for year in range(max(getattr(spell, first), 1816), getattr(spell, last) + 1)
        for a, b in ((spell.ccode1, spell.ccode2), (spell.ccode2, spell.ccode1))
    ]
    years = pd.DataFrame(rows, columns=[key, "ccode1", "ccode2", "year"])
    for side in ("ccode1", "ccode2"):  # peacesciencer: Austria-Hungary is Austria from 1919
        years.loc[(years[side] == 300) & (years["year"] >= 1919), side] = 305
    return years


@pytest.mark.parametrize("years", [(1816, 1945), (1990, 2016)])
def test_every_rivalry_year_of_the_raw_file_and_only_those_are_ongoing(
    shared_data: Path, in_peacesciencer_cache: Path, years: tuple[int, int]
) -> None:
    """Source: tss_rivalries (Thompson, Sakuwa & Suhas 2021), years the reference lacks."""
    panel = dyad_years("cow", years=years).pipe(add_strategic_rivalries)
    expected = _rivalry_years(_raw(shared_data, "tss-rivalries"))
    frame = panel.frame[["ccode1", "ccode2", "year", "tssr_id", "ongoingrivalry"]]
    found = frame.merge(expected, on=["ccode1", "ccode2", "year"], suffixes=("", "_raw"))
    assert (found["tssr_id"] == found["tssr_id_raw"]).all()
    assert int(frame["ongoingrivalry"].sum()) == len(found) > 1_000
    assert (frame["tssr_id"].isna() == (frame["ongoingrivalry"] == 0)).all()


def test_known_rivalries_outside_the_reference_years(in_peacesciencer_cache: Path) -> None:
    """Source: tss_rivalries rows 30 (Britain-US 1816-1904), 107 (India-Pakistan
    1947-2020), 246 (Russia-US 2007-2020), as in the raw file."""
    panel = dyad_years("cow", through=2020).pipe(add_strategic_rivalries)
    assert _row(panel, RIVALRY_COLUMNS, 2, 200, 1850) == [30, 1, 1, 0, 0, 1]
    assert _row(panel, RIVALRY_COLUMNS, 200, 2, 1905) == [None, 0, 0, 0, 0, 0]
    assert _row(panel, RIVALRY_COLUMNS, 770, 750, 2020) == [107, 1, 1, 0, 0, 1]
    assert _row(panel, RIVALRY_COLUMNS, 365, 2, 2015) == [246, 1, 0, 0, 0, 1]
    gw = dyad_years("gw", years="2015").pipe(add_strategic_rivalries)  # through the crosswalk
    assert _row(gw, RIVALRY_COLUMNS, 2, 365, 2015) == [246, 1, 0, 0, 0, 1]


def test_rivalry_counts_per_state_year_equal_the_raw_spells(
    shared_data: Path, in_peacesciencer_cache: Path
) -> None:
    """Source: tss_rivalries; counts of ongoing rivalries by type, 1990-2016."""
    raw = _raw(shared_data, "tss-rivalries").fillna(0)
    years = _rivalry_years(raw).merge(raw.drop(columns=["ccode1", "ccode2"]), on="tssr_id")
    kinds = ["ideological", "interventionary", "positional", "spatial"]
    expected = years.groupby(["ccode1", "year"])[kinds].sum().add_prefix("n_")
    panel = state_years("cow", years="1990-2016").pipe(add_strategic_rivalries)
    frame = panel.frame.set_index(["ccode", "year"])
    inside = expected.index.intersection(frame.index)
    assert len(inside) > 1_000
    for column in expected.columns:
        assert (frame.loc[inside, column].astype(int) == expected.loc[inside, column]).all()
    outside = frame.index.difference(expected.index)
    assert (frame.loc[outside, list(expected.columns)] == 0).all().all()


def test_thompson_dreyer_rivalry_years_equal_the_raw_file(
    shared_data: Path, in_peacesciencer_cache: Path
) -> None:
    """Source: td_rivalries (Thompson & Dreyer 2012), directed COW dyad-years 1816-2010."""
    raw = _raw(shared_data, "td-rivalries")
    expected = _rivalry_years(raw, ("styear", "endyear"))
    panel = dyad_years("cow", years="1816-2010").pipe(add_td_rivalries)
    frame = panel.frame[["ccode1", "ccode2", "year", "rivalryno", "type1", "ongoingrivalry"]]
    found = frame.merge(expected, on=["ccode1", "ccode2", "year"], suffixes=("", "_raw"))
    assert (found["rivalryno"] == found["rivalryno_raw"]).all() and len(found) > 5_000
    assert int(frame["ongoingrivalry"].sum()) == len(found)
    assert (frame["type1"].isna() == (frame["ongoingrivalry"] == 0)).all()
    # Russia-United States 1 (99): positional, then ideological.
    assert _row(panel, ["rivalryno", "type1", "type2"], 365, 2, 1962) == [
        99,
        "positional",
        "ideological",
    ]


def test_thompson_dreyer_state_year_counts_equal_the_raw_file(
    shared_data: Path, in_peacesciencer_cache: Path
) -> None:
    """Source: td_rivalries; rivalries per state-year counted on their first two types."""
    raw = _raw(shared_data, "td-rivalries")
    years = _rivalry_years(raw, ("styear", "endyear")).merge(
        raw[["rivalryno", "type1", "type2"]], on="rivalryno"
    )
    kinds = ["ideological", "interventionary", "positional", "spatial"]
    for kind in kinds:
        years[kind] = ((years["type1"] == kind) | (years["type2"] == kind)).astype(int)
    expected = years.groupby(["ccode1", "year"])[kinds].sum()
    panel = state_years("cow", years="1946-2010").pipe(add_td_rivalries, across_types=2)
    frame = panel.frame.set_index(["ccode", "year"])
    inside = expected.index.intersection(frame.index)
    assert len(inside) > 1_000
    for kind in kinds:
        assert (frame.loc[inside, kind].astype(int) == expected.loc[inside, kind]).all(), kind
    assert (frame.loc[frame.index.difference(expected.index), kinds] == 0).all().all()


WAR_COLUMNS = [
    "cowinteronset",
    "cowinterongoing",
    "war_sidea1",
    "war_sidea2",
    "outcome1",
    "batdeath1",
]


def test_the_korean_war_in_1950_is_as_in_the_raw_file(in_peacesciencer_cache: Path) -> None:
    """Source: cow_war_inter (Sarkees & Wayman 2010), war 151, USA (2) and North Korea (731)."""
    panel = dyad_years("cow", years="1950-1951").pipe(add_cow_wars)
    assert _row(panel, WAR_COLUMNS, 2, 731, 1950) == [1, 1, 1, 2, 6, 54487]
    assert _row(panel, WAR_COLUMNS, 731, 2, 1950) == [1, 1, 2, 1, 6, 316579]
    assert _row(panel, WAR_COLUMNS, 2, 731, 1951)[:2] == [0, 1]
    assert _row(panel, WAR_COLUMNS, 2, 200, 1950) == [0, 0, None, None, None, None]


def test_a_dyad_year_in_three_wars_keeps_the_war_that_starts(in_peacesciencer_cache: Path) -> None:
    """Source: cow_war_inter; USA-North Vietnam (2, 816) 1970 is in wars 163 and 170
    (going on) and 176 (starting, outcome 4); peacesciencer keeps the onset."""
    panel = dyad_years("cow", years="1968-1970").pipe(add_cow_wars)
    columns = ["cowinteronset", "outcome1", "batdeath1"]
    assert _row(panel, columns, 2, 816, 1970) == [1, 4, 125]
    assert _row(panel, columns, 2, 816, 1969) == [0, 2, 58153]  # two ongoing: the deadlier
    assert _row(panel, columns, 2, 816, 1968) == [1, 2, 375]  # war 170 starts


def test_every_war_dyad_year_of_the_raw_file_is_ongoing(
    shared_data: Path, in_peacesciencer_cache: Path
) -> None:
    """Source: cow_war_inter; directed COW dyad-years 1816-2007."""
    raw = _raw(shared_data, "cow-inter-wars")
    expected = raw.drop_duplicates(["ccode1", "ccode2", "year"])
    panel = dyad_years("cow", years="1816-2007").pipe(add_cow_wars)
    frame = panel.frame
    found = frame.merge(expected[["ccode1", "ccode2", "year"]], on=["ccode1", "ccode2", "year"])
    assert (found["cowinterongoing"] == 1).all() and len(found) > 1_500
    assert int(frame["cowinterongoing"].sum()) == len(found)
    assert frame["cowinterongoing"].notna().all()


def test_ucdp_conflicts_per_state_year_equal_the_raw_file(
    shared_data: Path, in_peacesciencer_cache: Path
) -> None:
    """Source: ucdp_acd 25.1 (Gleditsch et al. 2002; Davies et al. 2025); G-W state-years."""
    raw = _raw(shared_data, "ucdp-acd")
    panel = state_years("gw", years="1946-2020").pipe(add_ucdp_acd)
    frame = panel.frame.set_index(["gwcode", "year"])
    active = raw.groupby(["gwno_a", "year"])["intensity_level"].max()
    inside = active.index.intersection(frame.index)
    assert len(inside) > 1_500
    assert (frame.loc[inside, "ucdpongoing"] == 1).all()
    assert (frame.loc[inside, "maxintensity"] == active.loc[inside]).all()
    assert (frame.loc[frame.index.difference(active.index), "ucdpongoing"] == 0).all()
    first = raw.groupby(["conflict_id", "gwno_a"])["year"].min()
    onsets = first.reset_index().groupby(["gwno_a", "year"]).size().index
    assert (frame.loc[onsets.intersection(frame.index), "ucdponset"] == 1).all()
    assert int(frame["ucdponset"].sum()) == len(onsets.intersection(frame.index))
    # The United States against al-Qaida (conflict 418) from 2001, and Iraq 2003 (420).
    assert _row(panel, ["ucdponset", "conflict_ids"], 2, 2001) == [1, "418"]
    assert _row(panel, ["ucdpongoing", "conflict_ids"], 2, 2003) == [1, "418; 420"]


def test_ucdp_conflicts_on_cow_state_years_follow_the_crosswalk(
    in_peacesciencer_cache: Path,
) -> None:
    """Source: ucdp_acd 25.1; the UK (COW and G-W 200) in Northern Ireland (conflict 315)."""
    panel = state_years("cow", years="1971-1991").pipe(add_ucdp_acd, type="intrastate")
    assert _row(panel, ["ucdpongoing", "conflict_ids"], 200, 1991) == [1, "315"]
    assert panel.frame["ucdpongoing"].notna().all()


def test_ucdp_onsets_equal_the_raw_file(shared_data: Path, in_peacesciencer_cache: Path) -> None:
    """Source: ucdp_onsets 19.1 (Pettersson et al. 2019); G-W state-years 1946-2017."""
    raw = _raw(shared_data, "ucdp-onsets").set_index(["gwcode", "year"])
    panel = state_years("gw", years="1946-2020").pipe(add_ucdp_onsets)
    frame = panel.frame.set_index(["gwcode", "year"])
    inside = raw.index.intersection(frame.index)
    assert len(inside) > 9_000
    for column in raw.columns:
        assert (frame.loc[inside, column] == raw.loc[inside, column]).all(), column
    assert frame.loc[(2, 1950), "sumonset1"] == 1  # the Korean War
    after = frame.index.get_level_values("year") > 2017
    assert frame.loc[after, list(raw.columns)].isna().all().all()
    assert frame.loc[~after, list(raw.columns)].notna().all().all()  # unlisted: 0
