"""The partner-fit backtest on synthetic data: onset coding, leakage, metrics, baselines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from allied.errors import InputError
from allied.models import PartnerBacktest, backtest
from allied.models._partner_backtest import (
    BLOCK_YEARS,
    calibration_line,
    calibration_table,
    drift_table,
    fit_backtest,
    forward_folds,
    metrics,
)
from allied.panel import alliance_onsets

FEATURES = ["signal", "noise", "gappy", "s_abs"]
CUT = 1985


def synthetic(seed: int = 3, dyads: int = 250) -> pd.DataFrame:
    """Dyad-years at risk 1946-2000 whose onsets follow a known logit of ``signal``."""
    rng = np.random.default_rng(seed)
    years = np.arange(1946, 2001)
    dyad = np.repeat(np.arange(dyads), len(years))
    n = len(dyad)
    frame = pd.DataFrame(
        {
            "ccode1": dyad // 50 + 2,
            "ccode2": dyad % 50 + 100,
            "year": np.tile(years, dyads),
            "signal": rng.normal(size=n),
            "noise": rng.normal(size=n),
            "gappy": rng.normal(size=n),
            "s_abs": rng.uniform(-1, 1, n),
            "capdist_log": rng.normal(3.5, 0.4, n),
            "regime_similarity": rng.uniform(size=n),
            "common_adversaries": rng.poisson(0.5, n).astype(float),
            "arms_flow_log": rng.exponential(0.3, n),
        }
    )
    frame.loc[rng.uniform(size=n) < 0.3, "gappy"] = np.nan
    friction = frame["gappy"].fillna(0.0)
    log_odds = (
        -1.5
        + 1.5 * frame["signal"]
        - 0.6 * friction
        + 0.5 * frame["s_abs"]
        - 0.8 * frame["capdist_log"]
    )
    frame["onset"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-log_odds))).astype(np.int8)
    return frame


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return synthetic()


@pytest.fixture(scope="module")
def fitted(data: pd.DataFrame):  # type: ignore[no-untyped-def]
    return fit_backtest(data, FEATURES, obligation="any", train_through=CUT)


# ------------------------------------------------------------------------ onset coding


def test_onsets_follow_the_rule_on_the_tiny_cache(tiny_cache: Path) -> None:
    # Tiny ATOP: NATO (3180) with USA, UK, France from 1949; West Germany 1955-1990
    # (its first system year, 1955); Germany (255) from 3 Oct 1990, the day it re-enters.
    frame = alliance_onsets("1946-2016", obligation="defense").frame.set_index(
        ["ccode1", "ccode2", "year"]
    )
    columns = ["allied", "allied_before", "onset", "at_risk"]

    def row(a: int, b: int, year: int) -> list[int]:
        return frame.loc[(a, b, year), columns].tolist()

    assert row(2, 200, 1948) == [0, 0, 0, 1]
    assert row(2, 200, 1949) == [1, 0, 1, 1]  # a NATO founder pair: onset, at risk
    assert row(2, 200, 1950) == [1, 1, 0, 0]  # allied the year before: not at risk
    assert row(2, 220, 1946) == [0, 0, 0, 1]  # France re-entered in Aug 1945
    assert row(2, 260, 1955) == [1, 0, 1, 0]  # a new state's first year: not at risk
    assert row(200, 260, 1956) == [1, 1, 0, 0]
    assert row(2, 255, 1990) == [1, 0, 1, 0]  # Germany's first year back
    assert row(2, 260, 1990) == [1, 1, 0, 0]
    assert (2, 255, 1946) not in frame.index  # Germany absent 1946-1989
    assert int(frame["onset"].sum()) == 3 + 3 + 3  # 1949, 1955 (GFR), 1990 (Germany): 3 pairs each
    assert int((frame["onset"] & frame["at_risk"]).sum()) == 3


def test_onsets_reject_years_before_atop_and_unknown_obligations(tiny_cache: Path) -> None:
    with pytest.raises(InputError, match="ATOP"):
        alliance_onsets("1815-1900")
    with pytest.raises(InputError, match="obligation"):
        alliance_onsets("1946-1950", obligation="defence")


# ------------------------------------------------------------------------ the design


def test_folds_validate_a_later_block_on_earlier_years_only() -> None:
    years = np.repeat(np.arange(1946, 1991), 3)
    folds = forward_folds(years)
    assert len(folds) == 3
    for fit_rows, check_rows in folds:
        assert years[fit_rows].max() < years[check_rows].min()
        assert np.ptp(years[check_rows]) == BLOCK_YEARS - 1
    assert years[folds[-1][1]].tolist()[-1] == 1990


def corrupted_after(frame: pd.DataFrame, cut: int, seed: int) -> pd.DataFrame:
    """``frame`` with every feature of the years after ``cut`` shuffled, scaled or blanked."""
    rng = np.random.default_rng(seed)
    result = frame.copy()
    later = (result["year"] > cut).to_numpy()
    for column in [*FEATURES, "capdist_log", "regime_similarity"]:
        values = result.loc[later, column].to_numpy()
        values = rng.permutation(values) * 100.0 + 7.0
        values[rng.uniform(size=len(values)) < 0.2] = np.nan
        result.loc[later, column] = values
    result.loc[later, "onset"] = rng.permutation(result.loc[later, "onset"].to_numpy())
    return result


def test_corrupting_the_test_years_leaves_the_training_fit_bit_identical(
    data: pd.DataFrame, fitted
) -> None:  # type: ignore[no-untyped-def]
    other = fit_backtest(
        corrupted_after(data, CUT, seed=11), FEATURES, obligation="any", train_through=CUT
    )
    for name in ("model", "without_distance", "s_abs", "capital_distance"):
        ours, theirs = fitted.model(name), other.model(name)
        assert ours.c == theirs.c
        assert ours.intercept == theirs.intercept
        pd.testing.assert_frame_equal(ours.coefficients, theirs.coefficients, check_exact=True)
    pd.testing.assert_frame_equal(fitted.cross_validation, other.cross_validation, check_exact=True)
    pd.testing.assert_frame_equal(fitted.imbalance, other.imbalance, check_exact=True)
    assert fitted.model("constant").intercept == other.model("constant").intercept
    # ... while the test figures do change
    assert fitted.model("model").test.roc_auc != other.model("model").test.roc_auc


def test_the_model_finds_the_signal_and_beats_every_baseline(fitted) -> None:  # type: ignore[no-untyped-def]
    model = fitted.model("model")
    per_unit = model.coefficients.set_index("feature")["per_unit"]
    assert per_unit["signal"] == pytest.approx(1.5, abs=0.25)
    assert abs(per_unit["noise"]) < 0.2
    assert per_unit["gappy"] == pytest.approx(-0.6, abs=0.25)
    assert ("missingindicator_gappy" in per_unit.index) == model.missing_flags
    assert fitted.beats_baselines
    assert model.test.roc_auc > 0.8


def test_coefficients_convert_back_to_the_original_scale(data: pd.DataFrame, fitted) -> None:  # type: ignore[no-untyped-def]
    table = fitted.model("model").coefficients.set_index("feature")
    train = data.loc[data["year"] <= CUT]
    assert table.loc["noise", "center"] == pytest.approx(train["noise"].mean())
    assert table.loc["noise", "scale"] == pytest.approx(train["noise"].std(ddof=0))
    assert table.loc["signal", "per_unit"] == pytest.approx(
        table.loc["signal", "standardized"] / train["signal"].std(ddof=0)
    )


def test_baselines_are_fitted_the_same_way_and_the_constant_is_the_base_rate(
    data: pd.DataFrame, fitted
) -> None:  # type: ignore[no-untyped-def]
    names = ["model", "without_distance", "s_abs", "capital_distance", "constant"]
    assert [m.name for m in fitted.models] == names
    assert fitted.model("model").features == (*FEATURES, "capdist_log")
    assert fitted.model("without_distance").features == tuple(FEATURES)
    assert fitted.model("s_abs").features == ("s_abs",)
    assert fitted.model("capital_distance").features == ("capdist_log",)
    train, test = data[data["year"] <= CUT], data[data["year"] > CUT]
    rate = train["onset"].mean()
    constant = fitted.model("constant")
    assert constant.intercept == pytest.approx(np.log(rate / (1 - rate)))
    assert constant.test.roc_auc == 0.5
    assert constant.test.brier == pytest.approx(((test["onset"] - rate) ** 2).mean())
    assert constant.test.rows == len(test)
    assert constant.test.onsets == int(test["onset"].sum())


def test_metrics_equal_scikit_learn_on_a_known_case() -> None:
    outcome = np.array([0, 0, 1, 1])
    predicted = np.array([0.1, 0.4, 0.35, 0.8])
    result = metrics(outcome, predicted)
    assert result.roc_auc == 0.75 == roc_auc_score(outcome, predicted)
    assert result.pr_auc == pytest.approx(5 / 6) and result.pr_auc == average_precision_score(
        outcome, predicted
    )
    assert result.brier == pytest.approx(0.158125)
    assert result.brier == brier_score_loss(outcome, predicted)


def test_calibration_of_calibrated_and_of_overconfident_predictions() -> None:
    rng = np.random.default_rng(5)
    probability = rng.uniform(0.01, 0.3, 200_000)
    outcome = (rng.uniform(size=len(probability)) < probability).astype(int)
    intercept, slope = calibration_line(outcome, probability)
    assert intercept == pytest.approx(0, abs=0.03) and slope == pytest.approx(1, abs=0.03)
    log_odds = np.log(probability / (1 - probability))
    doubled = 1 / (1 + np.exp(-2 * log_odds))  # log-odds twice too far: slope 1/2
    assert calibration_line(outcome, doubled)[1] == pytest.approx(0.5, abs=0.03)
    table = calibration_table(outcome, probability)
    assert table["rows"].tolist() == [20_000] * 10
    assert table["predicted"].is_monotonic_increasing
    assert np.allclose(table["observed"], table["predicted"], atol=0.01)


def test_balanced_class_weights_are_miscalibrated_on_the_training_rows(fitted) -> None:  # type: ignore[no-untyped-def]
    table = fitted.imbalance.set_index("class_weight")
    rate = table.loc["none", "observed_rate"]
    assert table.loc["none", "mean_predicted"] == pytest.approx(rate, rel=0.02)
    assert table.loc["balanced", "mean_predicted"] > 3 * rate


def test_findings_recover_the_signs_they_test(data: pd.DataFrame) -> None:
    frame = data.copy()
    rng = np.random.default_rng(9)
    log_odds = (
        -3.0
        + 2.0 * frame["regime_similarity"]
        - 1.0 * frame["capdist_log"]
        + 0.4 * (frame["common_adversaries"])
    )
    frame["onset"] = (rng.uniform(size=len(frame)) < 1 / (1 + np.exp(-log_odds))).astype(np.int8)
    run = fit_backtest(frame, FEATURES, obligation="any", train_through=CUT)
    found = {f.variable: f for f in run.findings}
    assert all(found[name].holds for name in ("regime_similarity", "capdist_log"))
    assert found["common_adversaries"].holds
    assert found["arms_flow_log"].holds  # no effect in the data, none found
    assert run.findings_rows == len(frame)


def test_weights_yaml_holds_per_unit_coefficients_and_challenges(fitted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = PartnerBacktest(
        runs=(fitted,),
        indicators=("signal", "noise", "gappy", "s_abs"),
        excluded={},
        drift=pd.DataFrame(),
        challenge=frozenset({"s_abs", "gappy"}),
        years=(1946, 2000),
        train_through=CUT,
        seed=0,
    )
    path = result.to_weights_yaml(tmp_path / "w.yaml")
    document = yaml.safe_load(path.read_text())
    per_unit = fitted.model("model").coefficients.set_index("feature")["per_unit"]
    assert document["name"] == "estimated, any obligation, trained 1946-1985"
    assert document["fit"]["signal"]["weight"] == float(per_unit["signal"])
    assert set(document["fit"]) == set(result.indicators)
    assert set(document["challenge"]) == {"s_abs", "gappy"}
    assert document["challenge"]["gappy"]["weight"] == -float(per_unit["gappy"]) > 0
    assert document["challenge"]["s_abs"]["weight"] == 0.0  # s_abs raised the chance
    assert all(entry["reason"] for entry in document["fit"].values())
    assert "model" in result.summary() and len(result.to_frame()) == 5


def test_backtest_rejects_a_cut_without_test_or_training_years() -> None:
    with pytest.raises(InputError, match="train_through"):
        backtest(train_through=2018)
    with pytest.raises(InputError, match="train_through"):
        backtest(train_through=1960)
    with pytest.raises(InputError, match="obligation"):
        backtest(obligation="defence")


def test_drift_table_counts_missing_nonzero_and_the_most_common_value() -> None:
    frame = pd.DataFrame({"a": [0, 0, 1, np.nan, 2, np.nan], "year": [1, 1, 1, 1, 2, 2]})
    table = drift_table(frame, ["a"], frame["year"].to_numpy() == 1).iloc[0]
    assert table["missing_train"] == 0.25 and table["missing_test"] == 0.5
    assert table["nonzero_train"] == pytest.approx(1 / 3) and table["nonzero_test"] == 1.0
    assert table["mode_train"] == pytest.approx(2 / 3)


def test_an_obligation_with_too_few_onsets_is_not_backtested(data: pd.DataFrame) -> None:
    from allied.models._partner_backtest import MIN_ONSETS, _too_few_onsets

    assert _too_few_onsets(data, CUT) == ""
    later = data.assign(onset=np.where(data["year"] > CUT, 0, data["onset"]))
    assert _too_few_onsets(later, CUT).endswith(
        "and 0 in the test years (fewer than 10): nothing to fit or to judge"
    )
    assert MIN_ONSETS == 10
