"""Econometric tests of burden sharing: Olson-Zeckhauser and the joint-product regression.

Expected values are worked by hand or recomputed with scipy and statsmodels directly.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from allied._results import Result
from allied.errors import InputError
from allied.measures import burden_frame
from allied.models import (
    JointProductResult,
    OlsonZeckhauserResult,
    joint_product_regression,
    olson_zeckhauser_test,
)

# Three allies in 2024: GDP 600, 300, 100; spending 18, 6, 1.
THREE = pd.DataFrame(
    {
        "iso3": ["AAA", "BBB", "CCC"],
        "year": [2024, 2024, 2024],
        "gdp_usd": [600.0, 300.0, 100.0],
        "milex_usd": [18.0, 6.0, 1.0],
    }
)


def test_olson_zeckhauser_perfect_ranks() -> None:
    rows = pd.DataFrame(
        {
            "iso3": list("ABCD"),
            "year": 2024,
            "gdp_usd": [100.0, 50.0, 20.0, 10.0],
            # burdens 4 %, 3 %, 2 %, 1 %: larger allies spend a larger share
            "milex_usd": [4.0, 1.5, 0.4, 0.1],
        }
    )
    result = olson_zeckhauser_test(rows)
    assert isinstance(result, OlsonZeckhauserResult)
    row = result.to_frame().iloc[0]
    assert row["n"] == 4
    assert row["spearman_rho"] == pytest.approx(1.0)
    assert row["kendall_tau"] == pytest.approx(1.0)
    # Kendall's exact two-sided p for n = 4 and tau = 1: 2 / 4! = 1/12
    assert row["kendall_p"] == pytest.approx(2 / 24)
    assert row["elasticity"] > 1  # log milex rises faster than log GDP


def test_olson_zeckhauser_matches_scipy_and_counts_n() -> None:
    gdp = np.array([2.7e13, 4.5e12, 3.1e12, 2.2e12, 8.4e11, 5.9e11, 3.0e11, 4.0e10])
    burden = np.array([3.4, 1.9, 2.3, 1.5, 4.1, 2.0, 2.4, 3.4])
    rows = pd.DataFrame(
        {
            "iso3": [f"S{i}" for i in range(8)] + ["NA1"],
            "year": 2024,
            "gdp_usd": [*gdp, np.nan],
            "milex_usd": [*(gdp * burden / 100), 1e9],
        }
    )
    row = olson_zeckhauser_test(rows).to_frame().iloc[0]
    assert row["n"] == 8  # the row without GDP is left out
    rho = stats.spearmanr(gdp, burden)
    tau = stats.kendalltau(gdp, burden)
    assert row["spearman_rho"] == pytest.approx(rho.statistic)
    assert row["spearman_p"] == pytest.approx(rho.pvalue)
    assert row["kendall_tau"] == pytest.approx(tau.statistic)
    assert row["kendall_p"] == pytest.approx(tau.pvalue)
    # the elasticity is the OLS slope of log milex on log GDP
    slope = np.polyfit(np.log(gdp), np.log(gdp * burden / 100), 1)[0]
    assert row["elasticity"] == pytest.approx(slope)
    assert row["elasticity_n"] == 8


def test_share_ratio_ranks_equal_burden_ranks() -> None:
    """Why the alternative is not GDP vs share_ratio: within a year it is milex/GDP times
    a constant, so its rank correlation with GDP is the Olson-Zeckhauser statistic."""
    rows = pd.DataFrame(
        {
            "iso3": list("ABCDE"),
            "year": 2024,
            "gdp_usd": [100.0, 60.0, 30.0, 20.0, 5.0],
            "milex_usd": [2.0, 2.4, 0.3, 0.5, 0.2],
        }
    )
    out = burden_frame(rows, guidelines=None)
    ratio = stats.spearmanr(out["gdp_usd"], out["share_ratio"]).statistic
    burden = stats.spearmanr(out["gdp_usd"], out["milex_pct_gdp"]).statistic
    assert ratio == pytest.approx(burden)


def test_change_test_needs_the_previous_year() -> None:
    rows = pd.DataFrame(
        {
            "iso3": list("ABCDABCD"),
            "year": [2023] * 4 + [2024] * 4,
            "gdp_usd": [100.0, 50.0, 20.0, 10.0] * 2,
            "milex_usd": [2.0, 1.0, 0.4, 0.2, 2.2, 1.05, 0.41, 0.2],
        }
    )
    table = olson_zeckhauser_test(rows).to_frame()
    assert table["change_n"].tolist() == [0, 4]
    assert math.isnan(table["change_rho"].iloc[0])
    # changes: +10 %, +5 %, +2.5 %, 0 %, ranked like the GDP shares: rho = 1
    assert table["change_rho"].iloc[1] == pytest.approx(1.0)
    only = olson_zeckhauser_test(rows, years=2024).to_frame()
    assert only["year"].tolist() == [2024] and only["change_n"].tolist() == [4]


def test_olson_zeckhauser_small_and_summary() -> None:
    rows = THREE.iloc[:2]
    result = olson_zeckhauser_test(rows)
    assert math.isnan(result.to_frame()["spearman_rho"].iloc[0])  # n = 2
    text = result.summary()
    assert "2024: n=2" in text and "Alley 2021" in text and "NA" in text
    assert [c.key for c in result.citations()] == ["olson_zeckhauser_1966", "alley_2021"]


# Three allies over three years; spending and GDP chosen by hand.
PANEL = pd.DataFrame(
    {
        "iso3": list("ABCABCABC"),
        "year": [2001] * 3 + [2002] * 3 + [2003] * 3,
        "gdp_usd": [10e9, 20e9, 30e9, 11e9, 21e9, 33e9, 12e9, 23e9, 34e9],
        "milex_usd": [1.0e9, 1.5e9, 2.4e9, 1.1e9, 1.6e9, 2.6e9, 1.3e9, 1.6e9, 2.9e9],
    }
)


def test_joint_product_regression_matches_a_hand_built_design() -> None:
    import statsmodels.api as sm

    result = joint_product_regression(PANEL)
    assert isinstance(result, JointProductResult)
    # spill-ins: the year's total less own spending, e.g. A in 2001: 1.5 + 2.4 = 3.9 (bn)
    totals = PANEL.groupby("year")["milex_usd"].transform("sum")
    spill = (totals - PANEL["milex_usd"]) / 1e9
    assert spill.iloc[0] == pytest.approx(3.9)
    x = sm.add_constant(pd.DataFrame({"spill_ins": spill, "gdp": PANEL["gdp_usd"] / 1e9}))
    expected = sm.OLS(PANEL["milex_usd"] / 1e9, x).fit(cov_type="HC1")
    frame = result.to_frame()
    assert frame["term"].tolist() == ["const", "spill_ins", "gdp"]
    assert frame["coef"].tolist() == pytest.approx(expected.params.tolist())
    assert frame["robust_se"].tolist() == pytest.approx(expected.bse.tolist())
    assert frame["p_value"].tolist() == pytest.approx(expected.pvalues.tolist())
    assert result.r_squared == pytest.approx(expected.rsquared)
    assert result.n == 9 and frame["n"].tolist() == [9, 9, 9]
    assert "OLS Regression Results" in result.summary()
    assert "HC1" in result.summary()


@pytest.mark.filterwarnings("ignore:omni_normtest is not valid")  # 6 observations with lag=1
def test_joint_product_summary_reproduces() -> None:
    """statsmodels prints the date and time of the call; the summary of a Result shows the
    design there instead, so the same fit gives the same text (allied._results.Result)."""
    result = joint_product_regression(PANEL, lag=1, state_effects=True)
    text = result.summary()
    assert "Date:" not in text and "Time:" not in text
    assert re.search(r"^Fixed effects:\s+state   Prob \(F-statistic\):", text, re.MULTILINE)
    assert re.search(r"^Spill-in lag:\s+1 year   Log-Likelihood:", text, re.MULTILINE)
    plain = joint_product_regression(PANEL).summary()
    assert re.search(r"^Fixed effects:\s+none ", plain, re.MULTILINE)
    assert re.search(r"^Spill-in lag:\s+0 years ", plain, re.MULTILINE)


def test_joint_product_threat_and_lag() -> None:
    russia = {2001: 50e9, 2002: 60e9, 2003: 65e9}
    result = joint_product_regression(PANEL, threat=pd.Series(russia))
    assert result.to_frame()["term"].tolist() == ["const", "spill_ins", "gdp", "threat"]
    as_column = joint_product_regression(
        PANEL.assign(russia=PANEL["year"].map(russia)), threat="russia"
    )
    assert as_column.to_frame()["coef"].tolist() == pytest.approx(
        result.to_frame()["coef"].tolist()
    )
    lagged = joint_product_regression(PANEL, lag=1, year_effects=True)
    # 2001 has no earlier year: 6 observations (2002, 2003); A's lagged spill-ins in 2002 are
    # B + C in 2001 = 3.9 bn
    assert lagged.n == 6 and lagged.lag == 1
    assert lagged.to_frame()["term"].tolist() == ["const", "spill_ins", "gdp", "year_2003"]
    effects = joint_product_regression(PANEL, state_effects=True)
    assert effects.to_frame()["term"].tolist() == [
        "const",
        "spill_ins",
        "gdp",
        "state_B",
        "state_C",
    ]


def test_joint_product_refusals() -> None:
    with pytest.raises(InputError, match="identity"):
        joint_product_regression(PANEL, year_effects=True)
    with pytest.raises(InputError, match="identity"):
        joint_product_regression(PANEL[PANEL["year"] == 2001])
    with pytest.raises(InputError, match="no column"):
        joint_product_regression(PANEL, threat="russia")
    with pytest.raises(InputError, match="varies only by year"):
        joint_product_regression(
            PANEL, threat={2001: 1.0, 2002: 2.0, 2003: 3.0}, lag=1, year_effects=True
        )
    with pytest.raises(InputError, match="lag"):
        joint_product_regression(PANEL, lag=-1)
    with pytest.raises(InputError, match="parameters"):
        joint_product_regression(PANEL.iloc[:3], lag=1)


def test_results_show_themselves() -> None:
    """Both results are Results: Jupyter shows the summary above the table."""
    for result in (olson_zeckhauser_test(PANEL), joint_product_regression(PANEL)):
        assert isinstance(result, Result)
        shown = result._repr_html_()
        assert f"<pre>{html.escape(result.summary())}</pre>" in shown
        assert 'class="dataframe allied-table"' in shown
        for column in result.to_frame().columns:
            assert f"<th>{column}</th>" in shown
    assert "<td>spill_ins</td>" in joint_product_regression(PANEL)._repr_html_()
