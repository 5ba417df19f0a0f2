"""CINC recomputed from the six NMC components against the published scores.

Sources: Correlates of War Project, National Material Capabilities v6.0
(``nmc/NMC-60-abridged.csv``, 15,951 state-years, 1816-2016) and v7.0
(``nmc/nmc7_0_ccode_year.csv``, 17,121 state-years, 1816-2022), in
``../shared/data``; method of Singer, Bremer & Stuckey (1972).

Measured when these tests were written: :func:`recompute_cinc` reproduces the
published ``cinc`` on every state-year of both releases; the largest absolute
difference is 2.4e-8 (United Kingdom, 1853, in both), and 51 (v6.0) and 48
(v7.0) state-years differ by more than 1e-8, all from the published scores'
eight significant digits.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.sources._tables import NMC_COMPONENTS, parse_nmc, recompute_cinc

pytestmark = pytest.mark.shared_data

RELEASES = {
    "v6.0": ("NMC-60-abridged.csv", 15_951),
    "v7.0": ("nmc7_0_ccode_year.csv", 17_121),
}


@pytest.fixture(scope="module", params=list(RELEASES))
def release(request: pytest.FixtureRequest, shared_data: Path) -> tuple[str, pd.DataFrame]:
    name, _ = RELEASES[request.param]
    return request.param, parse_nmc(shared_data / "nmc" / name)


def test_recomputed_cinc_matches_every_published_score(
    release: tuple[str, pd.DataFrame],
) -> None:
    """Correlates of War Project, National Material Capabilities v6.0/v7.0:
    CINC from the six components equals the published score within 1e-6."""
    version, nmc = release
    assert len(nmc) == RELEASES[version][1]
    difference = (recompute_cinc(nmc) - nmc["cinc"]).abs()
    assert difference.notna().all()
    worst = nmc[["ccode", "year"]].iloc[int(np.argmax(difference.to_numpy()))].tolist()
    assert difference.max() < 1e-6, f"{version}: max {difference.max():.2e} at {worst}"
    assert worst == [200, 1853]  # the United Kingdom, 2.4e-8


def test_cinc_sums_to_one_only_in_years_without_missing_components(
    release: tuple[str, pd.DataFrame],
) -> None:
    """Correlates of War Project, National Material Capabilities v6.0/v7.0:
    CINC averages the shares a state has, so a year sums to 1 only when no
    component is missing."""
    _, nmc = release
    incomplete = nmc[list(NMC_COMPONENTS)].isna().any(axis=1).groupby(nmc["year"]).any()
    sums = nmc.groupby("year")["cinc"].sum()
    np.testing.assert_allclose(sums[~incomplete], 1.0, atol=1e-6)
    assert (sums[incomplete] - 1).abs().min() > 1e-7


def test_yearly_cinc_sum_exceeds_one_in_1860(release: tuple[str, pd.DataFrame]) -> None:
    """Correlates of War Project, National Material Capabilities v6.0/v7.0:
    the documented quirk. In 1860 the published scores sum to 1.0747 (the
    largest yearly sum in both releases), because several states lack some
    components."""
    _, nmc = release
    sums = nmc.groupby("year")["cinc"].sum()
    assert sums.idxmax() == 1860
    assert sums[1860] == pytest.approx(1.0747, abs=1e-4)
    year = nmc[nmc.year == 1860]
    assert year[list(NMC_COMPONENTS)].isna().any(axis=1).sum() > 0
    assert recompute_cinc(year).sum() == pytest.approx(sums[1860], abs=1e-6)
