"""Democracy and IGO steps against R's peacesciencer, and against the raw data beyond it.

Sources: ``../shared/data/reference/peacesciencer_cow_dy_1946_1989_enriched.csv.gz``
and ``peacesciencer_cow_sy_1946_2014_enriched.csv.gz``, the output of
peacesciencer 1.2.9 (Miller 2022, doi:10.1177/07388942221077926) after
``add_democracy()`` (isard 0.2.0: Marquez's extended UDS, Polity5, V-Dem v15)
and ``add_igos()`` (COW IGOs 3.0, Pevehouse et al. 2020), on panels built from
the isard state-system spells; and, for years those files do not cover, the
isard and peacesciencer data files themselves in ``../shared/data/peacesciencer/``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.panel import add_democracy, add_igos, dyad_years, state_years
from allied.sources import DEMOCRACY_MEASURES, IGO_STATE_COUNTS

DYAD_DEMOCRACY = [f"{m}{side}" for side in ("1", "2") for m in DEMOCRACY_MEASURES]


def _read(path: Path) -> pd.DataFrame:
    """A peacesciencer CSV export, read as its README says (empty cells are missing)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _assert_columns_equal(mine: pd.DataFrame, reference: pd.DataFrame, columns: list[str]) -> None:
    """Same values within 1e-6, missing exactly where the reference is missing."""
    for column in columns:
        ours = mine[column].astype("float64").to_numpy()
        theirs = reference[column].astype("float64").to_numpy()
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs), err_msg=column)
        both = ~np.isnan(theirs)
        np.testing.assert_allclose(ours[both], theirs[both], rtol=0, atol=1e-6, err_msg=column)


def test_non_directed_cow_dyad_years_1946_1989_equal_peacesciencer(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """peacesciencer_cow_dy_1946_1989_enriched.csv.gz: 352,124 non-directed COW
    dyad-years; euds1 ... v2x_polyarchy2 (add_democracy) and dyadigos (add_igos)."""
    reference = _read(shared_data / "reference" / "peacesciencer_cow_dy_1946_1989_enriched.csv.gz")
    panel = dyad_years("cow", directed=False, years="1946-1989").pipe(add_democracy).pipe(add_igos)
    frame = panel.frame
    assert len(frame) == len(reference) == 352_124
    keys = ["ccode1", "ccode2", "year"]
    pd.testing.assert_frame_equal(frame[keys], reference[keys])
    _assert_columns_equal(frame, reference, [*DYAD_DEMOCRACY, "dyadigos"])
    assert frame.polity21.isna().sum() == 30_819 and frame.v2x_polyarchy2.isna().sum() == 4_074
    assert str(frame.dyadigos.dtype) == "Int64"
    assert panel.sources == ("democracy", "cow-igos")


def test_cow_state_years_1946_2014_equal_peacesciencer(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """peacesciencer_cow_sy_1946_2014_enriched.csv.gz: 10,128 COW state-years; euds,
    aeuds, polity2, v2x_polyarchy and the four sum_igo_* counts (NA for the German and
    Yemeni states of 1990, which the IGO data do not list)."""
    reference = _read(shared_data / "reference" / "peacesciencer_cow_sy_1946_2014_enriched.csv.gz")
    frame = state_years("cow", years="1946-2014").pipe(add_democracy).pipe(add_igos).frame
    pd.testing.assert_frame_equal(frame[["ccode", "year"]], reference[["ccode", "year"]])
    _assert_columns_equal(frame, reference, [*DEMOCRACY_MEASURES, *IGO_STATE_COUNTS])
    missing = frame[frame.sum_igo_full.isna()]
    assert sorted(zip(missing.ccode, missing.year, strict=True)) == [
        (260, 1990),
        (265, 1990),
        (678, 1990),
        (680, 1990),
    ]


@pytest.mark.parametrize(
    ("system", "file"),
    [("cow", "isard__cw_democracy.csv.gz"), ("gw", "isard__gw_democracy.csv.gz")],
)
def test_democracy_2015_2020_equals_the_isard_file(
    in_peacesciencer_cache: Path, shared_data: Path, system: str, file: str
) -> None:
    """Years the references do not reach: every state-year 2015-2020 (COW states
    extended through 2020) carries isard 0.2.0's own values, G-W from the G-W file."""
    code = {"cow": "ccode", "gw": "gwcode"}[system]
    raw = _read(shared_data / "peacesciencer" / file)
    panel = state_years(system, through=2020, years="2015-2020").pipe(add_democracy).frame
    expected = panel[[code, "year"]].merge(raw, on=[code, "year"], how="left")
    _assert_columns_equal(panel, expected, list(DEMOCRACY_MEASURES))
    usa = panel[(panel[code] == 2) & (panel.year == 2020)].iloc[0]
    row = raw[(raw[code] == 2) & (raw.year == 2020)].iloc[0]
    assert (usa.polity2, usa.v2x_polyarchy) == (row.polity2, row.v2x_polyarchy)
    assert panel.euds.notna().mean() > 0.95  # the extended UDS covers nearly every state


def test_igo_counts_before_and_after_the_references(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """COW IGOs 3.0 in 1900 and 1990-2014 equal peacesciencer's data files: the
    United States and the United Kingdom in 1900, and every non-directed dyad-year
    of 1990-2014 (NA where the file has no row)."""
    dyads = _read(shared_data / "peacesciencer" / "peacesciencer__cow_igo_ndy.csv.gz")
    states = _read(shared_data / "peacesciencer" / "peacesciencer__cow_igo_sy.csv.gz")
    early = dyad_years("cow", years="1900").pipe(add_igos).frame.set_index(["ccode1", "ccode2"])
    listed = dyads[(dyads.ccode1 == 2) & (dyads.ccode2 == 200) & (dyads.year == 1900)]
    assert early.loc[(2, 200), "dyadigos"] == early.loc[(200, 2), "dyadigos"]
    assert early.loc[(2, 200), "dyadigos"] == listed.dyadigos.item()
    uk = state_years("cow", years="1900").pipe(add_igos).frame.set_index("ccode").loc[200]
    expected = states[(states.ccode == 200) & (states.year == 1900)].iloc[0]
    assert [uk[c] for c in IGO_STATE_COUNTS] == [expected[c] for c in IGO_STATE_COUNTS]
    late = dyad_years("cow", directed=False, years="1990-2014").pipe(add_igos).frame
    joined = late[["ccode1", "ccode2", "year"]].merge(
        dyads, on=["ccode1", "ccode2", "year"], how="left"
    )
    _assert_columns_equal(late, joined, ["dyadigos"])
