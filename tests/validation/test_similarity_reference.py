"""Alliance-portfolio S for every dyad-year against Miller's fpsim data.

Source: ``../shared/data/reference/fpsim_atop51_s_unweighted.csv.gz``,
unweighted Signorino-Ritter S from ATOP 5.1 valued portfolios (``sallyva``:
absolute distance, ``sallyvs``: squared), directed, self-pairs included, NaN
for states with a mid-year entry or exit; computed by S. V. Miller's fpsim
project (2025). ATOP's directed dyad-year coding is taken from
``peacesciencer_atop_alliance.csv.gz`` (peacesciencer's copy of ATOP 5.1's
``atop5_1ddyr.csv``), renamed to ATOP's own column names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.measures import add_similarity, dyad_similarity
from allied.panel import alliance_portfolios, dyad_years

KEYS = ["ccode1", "ccode2", "year"]


@pytest.fixture(scope="module")
def fpsim(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "reference" / "fpsim_atop51_s_unweighted.csv.gz")


def test_s_reproduces_fpsim_on_every_row(
    atop_coded_cache: Path, fpsim: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,004,351 directed dyad-years 1816-2018 (self-pairs included): the same rows,
    the same missing values, and S within 1e-6 everywhere else."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(atop_coded_cache))
    ours = dyad_similarity(alliance_portfolios(), ["s_abs", "s_sq"]).frame
    assert len(ours) == len(fpsim) == 2_004_351
    np.testing.assert_array_equal(ours[KEYS].to_numpy(), fpsim[KEYS].to_numpy())
    assert (ours.s_abs.isna() == fpsim.sallyva.isna()).all()
    assert int(fpsim.sallyva.isna().sum()) == 7_492
    present = fpsim.sallyva.notna()
    assert np.abs(ours.s_abs[present] - fpsim.sallyva[present]).max() < 1e-6
    assert np.abs(ours.s_sq[present] - fpsim.sallyvs[present]).max() < 1e-6


def test_add_similarity_puts_the_same_values_on_a_panel(
    atop_coded_cache: Path, fpsim: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the COW dyad-year panel (no self-pairs), add_similarity equals fpsim's S
    for 1960-1965, and is NA after ATOP's last year."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(atop_coded_cache))
    data = alliance_portfolios(years="1960-1965")
    panel = dyad_years("cow", years="1960-1965").pipe(
        add_similarity, ["s_abs", "s_sq"], portfolios=data
    )
    joined = panel.frame.merge(fpsim, on=KEYS, how="left")
    assert len(joined) == len(panel)
    np.testing.assert_allclose(joined.s_abs, joined.sallyva, atol=1e-6)
    np.testing.assert_allclose(joined.s_sq, joined.sallyvs, atol=1e-6)
    late_data = alliance_portfolios(years="2017-2020", clip=True)
    late = dyad_years("cow", years="2017-2020", through=2020).pipe(
        add_similarity, portfolios=late_data
    )
    assert late.frame[late.frame.year > 2018].s_abs.isna().all()
    assert late.frame[late.frame.year <= 2018].s_abs.notna().any()
