"""Panels against R's peacesciencer, row for row.

Source: ``../shared/data/reference/``, the output of peacesciencer 1.2.9
(Miller 2022, doi:10.1177/07388942221077926) built from the isard state-system
spells in ``../shared/data/states/``: ``create_dyadyears()`` with ``mry``
through 2024, its dropped "false" dyads, and its ATOP 5.1 directed dyad-year
alliance data (``add_atop_alliance()``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.panel import add_atop, add_nmc, dyad_years, state_years
from allied.sources import load
from allied.sources._systems import OBLIGATIONS

ATOP_COLUMNS = [f"atop_{name}" for name in OBLIGATIONS]


@pytest.fixture(scope="module")
def cow_reference(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "reference" / "peacesciencer_cow_ddy.csv.gz")


@pytest.fixture(scope="module")
def atop_reference(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "reference" / "peacesciencer_atop_alliance.csv.gz")


def test_cow_dyad_years_equal_peacesciencer_row_for_row(
    in_shared_cache: Path, cow_reference: pd.DataFrame
) -> None:
    """peacesciencer_cow_ddy.csv.gz: 2,214,930 directed COW dyad-years, 1816-2024."""
    frame = dyad_years("cow", through=2024).frame
    assert len(frame) == 2_214_930
    assert (frame.year.min(), frame.year.max()) == (1816, 2024)
    pd.testing.assert_frame_equal(frame, cow_reference)


def test_gw_dyad_years_equal_peacesciencer_row_for_row(
    in_shared_cache: Path, shared_data: Path
) -> None:
    """peacesciencer_gw_ddy.csv.gz: 2,599,466 G-W dyad-years with microstate flags."""
    reference = pd.read_csv(shared_data / "reference" / "peacesciencer_gw_ddy.csv.gz")
    frame = dyad_years("gw", through=2024).frame
    assert len(frame) == 2_599_466
    pd.testing.assert_frame_equal(frame, reference)


@pytest.mark.parametrize("system", ["cow", "gw"])
def test_dropped_dyads_are_exactly_peacesciencers_false_dyads(
    in_shared_cache: Path, shared_data: Path, system: str
) -> None:
    """peacesciencer_false_{cow,gw}_dyads.csv: 60 and 40 dyad-years that a year-level
    merge creates but whose states never coexisted on a day."""
    code = "ccode" if system == "cow" else "gwcode"
    states = state_years(system, through=2024).frame[[code, "year"]]
    merged = states.merge(states, on="year", suffixes=("1", "2"))
    merged = merged[merged[f"{code}1"] != merged[f"{code}2"]]
    ours = dyad_years(system, through=2024).frame
    keys = [f"{code}1", f"{code}2", "year"]
    dropped = merged.merge(ours[keys], on=keys, how="left", indicator=True)
    dropped = dropped[dropped["_merge"] == "left_only"][keys]
    false = pd.read_csv(shared_data / "reference" / f"peacesciencer_false_{system}_dyads.csv")
    expected = {60: "cow", 40: "gw"}
    assert expected[len(false)] == system
    assert set(map(tuple, dropped.to_numpy())) == set(map(tuple, false[keys].to_numpy()))


def test_add_atop_from_member_file_differs_only_on_asymmetric_alliances(
    in_shared_cache: Path, atop_reference: pd.DataFrame
) -> None:
    """peacesciencer_atop_alliance.csv.gz (ATOP 5.1 directed dyad-years, 273,296 rows).

    Derived from ATOP's member-level file, every listed dyad-year is allied and
    the obligations agree except on 346 rows, all in alliances ATOP codes
    asymmetric (``asymm == 1`` in atop5_1a.csv), which ATOP hand-corrects in
    its dyadic files (codebook 5.1, section 2.7).
    """
    derived = load("atop", "member_dyad_years")
    keys = ["ccode1", "ccode2", "year"]
    assert len(derived) == len(atop_reference) == 273_296
    assert (derived[keys].to_numpy() == atop_reference[keys].to_numpy()).all()
    differs = derived[list(OBLIGATIONS)].to_numpy() != atop_reference[ATOP_COLUMNS].to_numpy()
    rows = differs.any(axis=1)
    assert rows.sum() == 346
    members = load("atop", "members")
    asymmetric = set(load("atop", "alliances").query("asymm == 1").atopid)
    asym_pairs = members[members.atopid.isin(asymmetric)][["atopid", "member"]]
    pairs = asym_pairs.merge(asym_pairs, on="atopid")
    asym_dyads = set(zip(pairs.member_x, pairs.member_y, strict=True))
    different = derived[rows]
    assert all(
        (a, b) in asym_dyads for a, b in zip(different.ccode1, different.ccode2, strict=True)
    )


def test_add_atop_with_atops_own_dyadic_file_reproduces_peacesciencer(
    atop_reference: pd.DataFrame, atop_coded_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ATOP's directed dyad-year file imported (here rebuilt in ATOP's own
    column names from peacesciencer's copy of it), ``add_atop`` reproduces
    peacesciencer on every dyad-year it lists, 0 on all other dyad-years in
    1816-2018 and NA after 2018."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(atop_coded_cache))
    frame = dyad_years("cow", through=2024).pipe(add_atop).frame
    listed = frame.merge(atop_reference, on=["ccode1", "ccode2", "year"], suffixes=("", "_ps"))
    # 267,402 of the 273,296 ATOP dyad-years fall on COW system dyad-years; the
    # others involve a state outside the COW system that year (peacesciencer's
    # left join drops them in the same way).
    assert len(listed) == 267_402
    for column in ATOP_COLUMNS:
        assert (listed[column].to_numpy() == listed[f"{column}_ps"].to_numpy()).all(), column
    inside = frame[frame.year <= 2018]
    assert int(inside[ATOP_COLUMNS].sum().sum()) == int(
        listed[ATOP_COLUMNS].astype(int).sum().sum()
    )
    assert inside[ATOP_COLUMNS].notna().all().all()
    assert frame[frame.year > 2018][ATOP_COLUMNS].isna().all().all()


def test_add_atop_zero_inside_and_na_outside_atop_years(in_shared_cache: Path) -> None:
    """ATOP 5.1 covers 1815-2018: non-allied dyad-years are 0 there, NA after."""
    frame = dyad_years("cow", years="2015-2020", through=2024).pipe(add_atop).frame
    inside = frame[frame.year <= 2018]
    assert inside.atop_defense.notna().all()
    assert (inside.atop_defense == 0).any()
    assert frame[frame.year > 2018].atop_defense.isna().all()


@pytest.mark.parametrize("version", ["6.0", "7.0"])
def test_add_nmc_carries_the_published_values(
    in_shared_cache: Path, shared_data: Path, version: str
) -> None:
    """NMC values on a dyad panel equal the published file's for both sides
    (COW National Material Capabilities v6.0 abridged / v7.0)."""
    file = "NMC-60-abridged.csv" if version == "6.0" else "nmc7_0_ccode_year.csv"
    published = pd.read_csv(shared_data / "nmc" / file).replace(-9, np.nan)
    frame = dyad_years("cow", years="1990-1991").pipe(add_nmc, version=version).frame
    usa_uk = frame[(frame.ccode1 == 2) & (frame.ccode2 == 200) & (frame.year == 1991)].iloc[0]
    usa = published[(published.ccode == 2) & (published.year == 1991)].iloc[0]
    uk = published[(published.ccode == 200) & (published.year == 1991)].iloc[0]
    for component in ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc"):
        assert usa_uk[f"{component}1"] == pytest.approx(usa[component])
        assert usa_uk[f"{component}2"] == pytest.approx(uk[component])
