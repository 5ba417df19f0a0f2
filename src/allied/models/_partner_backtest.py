"""Backtest of partner fit: do last year's indicators predict the alliances that formed?

The outcome is a new ATOP alliance between two states
(:func:`allied.panel.alliance_onsets`): among non-directed dyad-years at risk
(both states in the system the year before, not allied then), ``onset`` = 1
when they share an alliance with the obligation this year. The features are
the partner indicators (:func:`allied.models.partner_indicators`) of the year
before, so nothing of the onset year enters its prediction.

The design, with the reasons:

* **Training and test years.** A penalized logit is fitted on the onset years
  up to ``train_through`` (1990) and judged on the years after (1991-2018):
  a forecast of the post-Cold-War years from the Cold War's.
* **Preprocessing fitted on training rows only** (a scikit-learn
  ``Pipeline``): median imputation, with or without a missing flag per
  indicator that is missing in training (``SimpleImputer(add_indicator=...)``),
  then standardization (``StandardScaler``). Medians, scales and the flags' set
  are the training rows', so the test years cannot leak into them. Most
  missingness here comes from the sources' coverage (World Bank GDP from 1960,
  SIPRI milex gaps, UN membership for ideal points), so a flag partly encodes
  the era: whether flags are used is chosen with the penalty.
* **Distance is always in the model.** Log capital distance
  (:data:`DISTANCE`, the ``capdist_log`` indicator) is the strongest single
  predictor of a new alliance (Lai & Reiter 2000). The first version of the
  indicators lacked it and lost to distance alone on the test years: the
  missing factor. It is now a partner indicator, and the ``without_distance``
  fit, reported beside the model, shows what it adds.
* **Flags and penalty chosen by forward-chaining cross-validation**: the training years
  are cut into blocks of :data:`BLOCK_YEARS` consecutive years; each fold fits
  on every block before one and scores that block by log loss (a proper
  scoring rule, so the choice favours calibrated probabilities). Blocks of
  years rather than random rows, because a dyad's years are strongly
  dependent (random folds would validate a dyad on its own neighbouring
  years); forward rather than grouped k-fold, because the test itself
  forecasts forward and a fold that trains on the 1980s to predict the 1950s
  would reward hindsight.
* **No class weights.** Onsets are rare (about 0.2 % of dyad-years at risk for
  any obligation); ``class_weight="balanced"`` would multiply the predicted
  probabilities far above the observed rates. The result reports, on the
  training rows, the mean predicted probability of both fits against the
  observed rate (:attr:`ObligationBacktest.imbalance`), the evidence for this
  choice. Ranking metrics (ROC-AUC, PR-AUC) do not need reweighting.
* **Baselines fitted the same way** (same pipeline and cross-validation):
  alliance-portfolio similarity alone (``s_abs``), log capital distance alone,
  and a constant (the training base rate).
* **Metrics on the test years**: ROC-AUC, PR-AUC (average precision), Brier
  score, a calibration table by deciles of predicted probability, and the
  calibration intercept (calibration-in-the-large: a logit of the outcome with
  the model's log-odds as offset) and slope (a logit of the outcome on the
  model's log-odds), as in Van Calster et al. (2019).

References
----------
.. [1] Lai, B., & Reiter, D. (2000). Democracy, Political Similarity, and
   International Alliances, 1816-1992. Journal of Conflict Resolution, 44(2),
   203-227. https://doi.org/10.1177/0022002700044002003
.. [2] Van Calster, B., McLernon, D. J., van Smeden, M., Wynants, L., &
   Steyerberg, E. W. (2019). Calibration: the Achilles heel of predictive
   analytics. BMC Medicine, 17, 230.
   https://doi.org/10.1186/s12916-019-1466-7
.. [3] Pedregosa, F., et al. (2011). Scikit-learn: Machine Learning in Python.
   Journal of Machine Learning Research, 12, 2825-2830.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allied._results import Result
from allied._validation import check_choice, check_whole
from allied.errors import InputError

__all__ = [
    "Finding",
    "Metrics",
    "ModelRun",
    "ObligationBacktest",
    "PartnerBacktest",
    "backtest",
]

#: Length of the blocks of consecutive training years the cross-validation folds are made of.
BLOCK_YEARS = 5
#: Forward-chaining folds: the last ``FOLDS`` blocks of the training years are validated in turn.
FOLDS = 3
#: Missing-value strategies tried by the cross-validation: median imputation with a missing
#: flag per indicator (``SimpleImputer(add_indicator=True)``), or without flags.
MISSING_FLAGS: tuple[bool, ...] = (True, False)
#: Inverse L2 penalties tried by the cross-validation.
C_GRID: tuple[float, ...] = (0.0001, 0.001, 0.01, 0.1, 1.0)
#: The indicator the model always holds: log10(1 + capital distance in km) of the year
#: before. Without it the other indicators lose to distance alone on the test years (the
#: ``without_distance`` run shows it).
DISTANCE = "capdist_log"
#: The baselines the model must beat.
BASELINES: tuple[str, ...] = ("s_abs", "capital_distance", "constant")
#: Fewest onsets in the training and in the test years for an obligation to be backtested.
MIN_ONSETS = 10
#: Decile bins of the calibration table.
CALIBRATION_BINS = 10

#: Progress callback: (step description, steps done, steps in all).
Progress = Callable[[str, int, int], None]

#: The classic findings of Lai & Reiter (2000) after 1945 (column, label, expected sign).
#: ``0`` = no effect expected (significance at 5 % breaks it).
FINDINGS: tuple[tuple[str, str, int], ...] = (
    ("regime_similarity", "regime similarity raises the chance of alliance", 1),
    ("capdist_log", "distance lowers it", -1),
    ("common_adversaries", "common threats raise it", 1),
    ("arms_flow_log", "trade does not matter (stand-in: SIPRI arms flows, not trade)", 0),
)
#: Significance level of the findings' tests.
ALPHA = 0.05


@dataclass(frozen=True)
class Metrics:
    """Test-year performance of one model."""

    roc_auc: float
    pr_auc: float
    brier: float
    calibration_intercept: float
    calibration_slope: float
    rows: int
    onsets: int


@dataclass(frozen=True)
class ModelRun:
    """One fitted model (the indicator model or a baseline) and its test figures.

    ``coefficients``: one row per pipeline input (indicators, then missing
    flags ``missingindicator_NAME``) with ``standardized`` (the fitted
    coefficient), ``per_unit`` (the coefficient per unit of the indicator's
    original scale: standardized / scale), ``center`` (the training mean
    after imputation) and ``scale`` (its standard deviation).
    """

    name: str
    features: tuple[str, ...]
    c: float | None
    missing_flags: bool
    intercept: float
    coefficients: pd.DataFrame
    test: Metrics
    calibration: pd.DataFrame


@dataclass(frozen=True)
class Finding:
    """One classic finding tested with an unpenalized logit (dyad-clustered errors)."""

    variable: str
    claim: str
    expected: int
    coefficient: float
    std_error: float
    p_value: float

    @property
    def holds(self) -> bool:
        """Whether the data agree: the expected sign at 5 %, or (no effect expected) p >= 5 %."""
        if self.expected == 0:
            return bool(self.p_value >= ALPHA)
        return bool(self.p_value < ALPHA and np.sign(self.coefficient) == self.expected)


@dataclass(frozen=True)
class ObligationBacktest:
    """The backtest of one obligation: the model, its baselines, the findings, the evidence."""

    obligation: str
    train_years: tuple[int, int]
    test_years: tuple[int, int]
    train_rows: int
    train_onsets: int
    models: tuple[ModelRun, ...]
    cross_validation: pd.DataFrame
    imbalance: pd.DataFrame
    findings: tuple[Finding, ...]
    findings_rows: int

    def model(self, name: str) -> ModelRun:
        """The fitted model called ``name`` (``"model"``, ``"s_abs"``, ...)."""
        return next(run for run in self.models if run.name == name)

    @property
    def beats_baselines(self) -> bool:
        """Whether the model's test ROC-AUC and PR-AUC beat every baseline's."""
        ours = self.model("model").test
        return all(
            ours.roc_auc > run.test.roc_auc and ours.pr_auc > run.test.pr_auc
            for run in self.models
            if run.name in BASELINES
        )


#: ATOP obligation → kind name of the weights YAML (partner scores).
KIND_NAMES = {
    "any": "any",
    "defense": "defense",
    "offense": "offense",
    "neutral": "neutrality",
    "nonagg": "nonaggression",
    "consul": "consultation",
}
#: Kind name of the partner scores → ATOP obligation (either name is taken).
ATOP_NAMES = {kind: atop for atop, kind in KIND_NAMES.items()}


@dataclass(frozen=True)
class PartnerBacktest(Result):
    """Backtests of partner fit against the alliances that formed, one per obligation.

    Attributes
    ----------
    runs
        One :class:`ObligationBacktest` per obligation.
    indicators
        The indicators the model used.
    excluded
        Indicators left out, with the reason.
    drift
        Per candidate indicator, the share missing and the share nonzero in
        the training and in the test rows (the evidence for leaving out the
        catalog-based ones).
    challenge
        The indicators whose role is a challenge (larger = more in the way).
    years, train_through, seed, sources
        The run's parameters and the datasets behind it.
    skipped
        Obligations not backtested, with the reason (too few onsets in the
        training or the test years).
    """

    runs: tuple[ObligationBacktest, ...]
    indicators: tuple[str, ...]
    excluded: Mapping[str, str]
    drift: pd.DataFrame
    challenge: frozenset[str]
    years: tuple[int, int]
    train_through: int
    seed: int
    sources: tuple[str, ...] = field(default=())
    skipped: Mapping[str, str] = field(default_factory=dict)

    def run(self, obligation: str) -> ObligationBacktest:
        """The backtest of one obligation (ATOP name: ``any``, ``defense`` ...)."""
        return next(run for run in self.runs if run.obligation == obligation)

    def to_frame(self) -> pd.DataFrame:
        """One row per obligation and model: test metrics and the chosen penalty."""
        rows = [
            {
                "obligation": run.obligation,
                "model": model.name,
                "c": model.c,
                "missing_flags": model.missing_flags,
                **vars(model.test),
                "beats_baselines": run.beats_baselines if model.name == "model" else None,
            }
            for run in self.runs
            for model in run.models
        ]
        return pd.DataFrame(rows)

    def findings_frame(self) -> pd.DataFrame:
        """The classic findings, one row per obligation and variable."""
        rows = [
            {
                "obligation": run.obligation,
                "variable": finding.variable,
                "claim": finding.claim,
                "coefficient": finding.coefficient,
                "std_error": finding.std_error,
                "p_value": finding.p_value,
                "holds": finding.holds,
            }
            for run in self.runs
            for finding in run.findings
        ]
        return pd.DataFrame(rows)

    def summary(self) -> str:
        """The metrics table, the calibration of the model and the findings, as text."""
        lines = [
            f"Partner-fit backtest: trained {self.years[0]}-{self.train_through}, "
            f"tested {self.train_through + 1}-{self.years[1]}, seed {self.seed}",
            f"Indicators ({len(self.indicators)}): {', '.join(self.indicators)}",
        ]
        lines += [f"Left out: {name}: {why}" for name, why in self.excluded.items()]
        lines += [f"Not backtested: {name}: {why}" for name, why in self.skipped.items()]
        for run in self.runs:
            lines += ["", *_run_lines(run)]
        return "\n".join(lines)

    def weights(self, obligation: str) -> dict[str, dict[str, dict[str, object]]]:
        """The estimated weights of one obligation (``fit`` and ``challenge`` blocks)."""
        run = self.run(obligation)
        model = run.model("model")
        per_unit = model.coefficients.set_index("feature")["per_unit"]
        trained = f"{run.train_years[0]}-{run.train_years[1]}"
        fit = {
            name: {
                "weight": float(per_unit[name]),
                "reason": f"per-unit logit coefficient, {obligation} onsets {trained}",
            }
            for name in self.indicators
        }
        # a left-out alias is a linear transform of a fitted indicator: its coefficient follows
        coefficients = {name: float(per_unit[name]) for name in self.indicators}
        coefficients |= {
            alias: sign * coefficients[source]
            for alias, (source, sign) in LINEAR_ALIASES.items()
            if source in coefficients
        }
        challenge = {
            name: {
                "weight": max(0.0, -coefficient),
                "reason": f"max(0, -coefficient) of the {obligation} logit {trained}: "
                "what lowered the chance of a new alliance",
            }
            for name, coefficient in coefficients.items()
            if name in self.challenge
        }
        return {"fit": fit, "challenge": challenge}

    def to_weights_yaml(self, path: str | Path, *, mkdir: bool = False) -> Path:
        """Write the estimated weights in the format of ``partner_weights.yaml``.

        The first run gives the top-level ``fit`` and ``challenge``; every
        other obligation goes under ``kinds`` (by its kind name: neutrality,
        nonaggression, consultation for ATOP's neutral, nonagg, consul).
        """
        import yaml

        from allied._io import write_atomic

        first = self.runs[0]
        trained = f"{first.train_years[0]}-{first.train_years[1]}"
        document: dict[str, object] = {
            "name": f"estimated, {KIND_NAMES[first.obligation]} obligation, trained {trained}",
            **self.weights(first.obligation),
        }
        if len(self.runs) > 1:
            document["kinds"] = {
                KIND_NAMES[run.obligation]: self.weights(run.obligation) for run in self.runs[1:]
            }
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        return write_atomic(path, text, mkdir=mkdir)


def _run_lines(run: ObligationBacktest) -> list[str]:
    """The text block of one obligation's backtest."""
    lines = [
        f"Obligation {run.obligation}: {run.train_rows} training dyad-years at risk "
        f"({run.train_onsets} onsets); test {run.test_years[0]}-{run.test_years[1]}: "
        f"{run.model('model').test.rows} ({run.model('model').test.onsets} onsets)",
        f"  {'model':<18}{'C':>8}{'flags':>6}{'ROC-AUC':>9}{'PR-AUC':>9}{'Brier':>10}"
        f"{'cal.int':>9}{'cal.slope':>10}",
    ]
    for model in run.models:
        test = model.test
        c = "-" if model.c is None else f"{model.c:g}"
        lines.append(
            f"  {model.name:<18}{c:>8}{'yes' if model.missing_flags else 'no':>6}"
            f"{test.roc_auc:>9.3f}{test.pr_auc:>9.4f}"
            f"{test.brier:>10.6f}{test.calibration_intercept:>9.2f}{test.calibration_slope:>10.2f}"
        )
    verdict = "beats" if run.beats_baselines else "does NOT beat"
    lines.append(f"  The model {verdict} every baseline on ROC-AUC and PR-AUC.")
    lines.append("  Calibration of the model (deciles): mean predicted / observed / rows")
    for row in run.model("model").calibration.itertuples():
        lines.append(f"    {row.predicted:.5f} / {row.observed:.5f} / {row.rows}")
    lines.append(
        f"  Classic findings (Lai & Reiter 2000), unpenalized logit, {run.findings_rows} "
        "dyad-years, dyad-clustered errors:"
    )
    tested = {finding.variable for finding in run.findings}
    lines += [
        f"    {claim}: not tested ({column} is not in the data)"
        for column, claim, _ in FINDINGS
        if column not in tested
    ]
    for finding in run.findings:
        verdict = "holds" if finding.holds else "does not hold"
        lines.append(
            f"    {finding.claim}: coef {finding.coefficient:+.4f} "
            f"(p = {finding.p_value:.3g}) {verdict}"
        )
    return lines


# ----------------------------------------------------------------------------- fitting


def fit_backtest(
    data: pd.DataFrame,
    features: Sequence[str],
    *,
    obligation: str,
    train_through: int,
    seed: int = 0,
    missing_flags: bool | None = None,
    progress: Progress | None = None,
) -> ObligationBacktest:
    """Fit and test the indicator model and its baselines on one outcome.

    Parameters
    ----------
    data
        Dyad-years at risk: ``ccode1``, ``ccode2``, ``year`` (the onset year),
        ``onset`` (0/1), the ``features`` (values of year - 1), ``s_abs``,
        ``capdist_log`` and the columns of :data:`FINDINGS`.
    features
        The indicator columns of the model.
    obligation
        A label for the outcome.
    train_through
        Last training year; later years are the test.
    seed
        Seed of the solver (the fits are deterministic; recorded for provenance).
    missing_flags
        Median imputation with (``True``) or without (``False``) a missing
        flag per indicator; ``None`` (default): the cross-validation chooses.
    progress
        Called with (step, done, total) as the fits go.

    Returns
    -------
    ObligationBacktest
    """
    years = data["year"].to_numpy()
    train = years <= train_through
    test = ~train
    outcome = data["onset"].to_numpy(np.int8)
    specs = [
        ("model", (*features, *([DISTANCE] if DISTANCE not in features else []))),
        ("without_distance", tuple(column for column in features if column != DISTANCE)),
        ("s_abs", ("s_abs",)),
        ("capital_distance", (DISTANCE,)),
    ]
    total = len(specs) + 2
    report = progress or (lambda step, done, total: None)
    models: list[ModelRun] = []
    scores = None
    for done, (name, columns) in enumerate(specs):
        report(f"{obligation}: fitting {name}", done, total)
        # without_distance shows what distance adds: the model's own setting, no new search
        fixed = (models[0].missing_flags, models[0].c) if name == "without_distance" else None
        options = MISSING_FLAGS if missing_flags is None else (missing_flags,)
        run, cv = _fit_model(name, data, columns, outcome, (train, test), seed, options, fixed)
        models.append(run)
        if name == "model":
            scores = cv
    models.append(_constant_model(outcome, train, test))
    report(f"{obligation}: classic findings", len(specs), total)
    findings, findings_rows = _findings(data, outcome)
    report(f"{obligation}: done", total, total)
    assert scores is not None
    model_columns = list(specs[0][1])
    return ObligationBacktest(
        obligation=obligation,
        train_years=(int(years[train].min()), int(train_through)),
        test_years=(int(train_through) + 1, int(years.max())),
        train_rows=int(train.sum()),
        train_onsets=int(outcome[train].sum()),
        models=tuple(models),
        cross_validation=scores,
        imbalance=_imbalance(data, model_columns, outcome, train, models[0], seed),
        findings=findings,
        findings_rows=findings_rows,
    )


def _preprocessing(flags: bool = True) -> Any:
    """Median imputation (with a missing flag per column missing in the fit when
    ``flags``), then standardization."""
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(
        SimpleImputer(strategy="median", add_indicator=flags, keep_empty_features=True),
        StandardScaler(),
    )


def _logit(c: float, seed: int, class_weight: str | None = None) -> Any:
    """The L2-penalized logit."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight=class_weight, max_iter=1000, random_state=seed)


def _pipeline(c: float, seed: int, *, flags: bool = True, class_weight: str | None = None) -> Any:
    """Preprocessing then the logit, as one scikit-learn ``Pipeline``."""
    from sklearn.pipeline import Pipeline

    return Pipeline([("prepare", _preprocessing(flags)), ("logit", _logit(c, seed, class_weight))])


def forward_folds(years: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Forward-chaining folds over blocks of :data:`BLOCK_YEARS` training years.

    Fold k validates the k-th of the last :data:`FOLDS` blocks on a fit to
    every earlier block (row indices into ``years``).
    """
    block = (years - years.min()) // BLOCK_YEARS
    blocks = np.unique(block)
    return [
        (np.flatnonzero(block < last), np.flatnonzero(block == last))
        for last in blocks[-FOLDS:]
        if (block < last).any()
    ]


def _choose_setting(
    x: np.ndarray, y: np.ndarray, years: np.ndarray, seed: int, options: Sequence[bool]
) -> tuple[tuple[bool, float], pd.DataFrame]:
    """The missing flags (on or off) and C of :data:`C_GRID` with the lowest mean
    validation log loss over the forward folds, and every setting's loss.

    Each fold's preprocessing is fitted on the fold's fitting rows only (it
    does not depend on C, so it is fitted once per fold and flag setting).
    """
    from sklearn.metrics import log_loss

    settings = [(flags, c) for flags in options for c in C_GRID]
    losses: dict[tuple[bool, float], list[float]] = {setting: [] for setting in settings}
    for fit_rows, check_rows in forward_folds(years):
        for flags in options:
            prepare = _preprocessing(flags).fit(x[fit_rows])
            x_fit, x_check = prepare.transform(x[fit_rows]), prepare.transform(x[check_rows])
            logit = _logit(C_GRID[0], seed).set_params(warm_start=True)
            for c in C_GRID:  # ascending: each fit starts from the more penalized one
                predicted = logit.set_params(C=c).fit(x_fit, y[fit_rows]).predict_proba(x_check)
                predicted = predicted[:, 1]
                losses[flags, c].append(log_loss(y[check_rows], predicted, labels=[0, 1]))
    mean_losses = [float(np.mean(losses[setting])) for setting in settings]
    table = pd.DataFrame(
        {
            "missing_flags": [flags for flags, _ in settings],
            "c": [c for _, c in settings],
            "log_loss": mean_losses,
        }
    )
    return settings[int(np.argmin(mean_losses))], table


def _fit_model(
    name: str,
    data: pd.DataFrame,
    columns: Sequence[str],
    outcome: np.ndarray,
    rows: tuple[np.ndarray, np.ndarray],
    seed: int,
    options: Sequence[bool],
    fixed: tuple[bool, float | None] | None = None,
) -> tuple[ModelRun, pd.DataFrame]:
    """Choose the missing flags (among ``options``) and C unless ``fixed``, fit on
    the training rows, score the test rows (``rows``: training and test masks)."""
    train, test = rows
    x = data[list(columns)].to_numpy(np.float64)
    x_train, y_train = x[train], outcome[train]
    if fixed is None:
        years = data["year"].to_numpy()[train]
        (flags, c), scores = _choose_setting(x_train, y_train, years, seed, options)
    else:
        flags, c = fixed[0], fixed[1] or 1.0
        scores = pd.DataFrame(columns=["missing_flags", "c", "log_loss"])
    pipeline = _pipeline(c, seed, flags=flags).fit(x_train, y_train)
    predicted = pipeline.predict_proba(x[test])[:, 1]
    run = ModelRun(
        name=name,
        features=tuple(columns),
        c=c,
        missing_flags=flags,
        intercept=float(pipeline[-1].intercept_[0]),
        coefficients=_coefficients(pipeline, columns),
        test=metrics(outcome[test], predicted),
        calibration=calibration_table(outcome[test], predicted),
    )
    return run, scores


def _coefficients(pipeline: Any, columns: Sequence[str]) -> pd.DataFrame:
    """Fitted coefficients, standardized and per unit of the original scale."""
    imputer, scaler = pipeline["prepare"][0], pipeline["prepare"][1]
    logit = pipeline["logit"]
    names = imputer.get_feature_names_out(list(columns))
    standardized = logit.coef_[0]
    return pd.DataFrame(
        {
            "feature": [str(name) for name in names],
            "standardized": standardized,
            "per_unit": standardized / scaler.scale_,
            "center": scaler.mean_,
            "scale": scaler.scale_,
        }
    )


def _constant_model(outcome: np.ndarray, train: np.ndarray, test: np.ndarray) -> ModelRun:
    """The training base rate, predicted for every test row."""
    rate = float(outcome[train].mean())
    predicted = np.full(int(test.sum()), rate)
    return ModelRun(
        name="constant",
        features=(),
        c=None,
        missing_flags=False,
        intercept=float(np.log(rate / (1 - rate))),
        coefficients=pd.DataFrame(
            columns=["feature", "standardized", "per_unit", "center", "scale"]
        ),
        test=metrics(outcome[test], predicted),
        calibration=calibration_table(outcome[test], predicted),
    )


def metrics(outcome: np.ndarray, predicted: np.ndarray) -> Metrics:
    """ROC-AUC, PR-AUC (average precision), Brier score and calibration intercept/slope.

    The calibration intercept is calibration-in-the-large: the intercept of a
    logit of ``outcome`` with ``logit(predicted)`` as offset (0 when the mean
    prediction matches the rate); the slope is the coefficient of a logit of
    ``outcome`` on ``logit(predicted)`` (1 when the spread is right; NaN for a
    constant prediction). See Van Calster et al. (2019).
    """
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    intercept, slope = calibration_line(outcome, predicted)
    return Metrics(
        roc_auc=float(roc_auc_score(outcome, predicted)),
        pr_auc=float(average_precision_score(outcome, predicted)),
        brier=float(brier_score_loss(outcome, predicted)),
        calibration_intercept=intercept,
        calibration_slope=slope,
        rows=len(outcome),
        onsets=int(outcome.sum()),
    )


def calibration_line(outcome: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Calibration intercept (in the large) and slope of predicted probabilities."""
    import statsmodels.api as sm

    clipped = np.clip(predicted, 1e-12, 1 - 1e-12)
    log_odds = np.log(clipped / (1 - clipped))
    ones = np.ones((len(outcome), 1))
    intercept = sm.GLM(outcome, ones, family=sm.families.Binomial(), offset=log_odds).fit()
    if np.ptp(log_odds) == 0:
        return float(intercept.params[0]), float("nan")
    slope = sm.GLM(outcome, sm.add_constant(log_odds), family=sm.families.Binomial()).fit()
    return float(intercept.params[0]), float(slope.params[1])


def calibration_table(outcome: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """Mean predicted probability and observed rate by decile of the prediction.

    Rows are ranked by prediction (ties in row order) and cut into
    :data:`CALIBRATION_BINS` groups of equal size.
    """
    order = np.argsort(predicted, kind="stable")
    decile = np.empty(len(predicted), dtype=np.int64)
    decile[order] = np.arange(len(predicted)) * CALIBRATION_BINS // max(len(predicted), 1)
    frame = pd.DataFrame({"decile": decile + 1, "predicted": predicted, "observed": outcome})
    table = frame.groupby("decile").agg(
        predicted=("predicted", "mean"), observed=("observed", "mean"), rows=("observed", "size")
    )
    return table.reset_index()


def _imbalance(
    data: pd.DataFrame,
    columns: Sequence[str],
    outcome: np.ndarray,
    train: np.ndarray,
    model: ModelRun,
    seed: int,
) -> pd.DataFrame:
    """Training-row calibration of the model with and without balanced class weights."""
    x = data.loc[train, list(columns)].to_numpy(np.float64)
    y = outcome[train]
    rows = []
    for weights in (None, "balanced"):
        pipeline = _pipeline(
            model.c or 1.0, seed, flags=model.missing_flags, class_weight=weights
        ).fit(x, y)
        predicted = pipeline.predict_proba(x)[:, 1]
        intercept, slope = calibration_line(y, predicted)
        rows.append(
            {
                "class_weight": weights or "none",
                "mean_predicted": float(predicted.mean()),
                "observed_rate": float(y.mean()),
                "calibration_intercept": intercept,
                "calibration_slope": slope,
            }
        )
    return pd.DataFrame(rows)


def _findings(data: pd.DataFrame, outcome: np.ndarray) -> tuple[tuple[Finding, ...], int]:
    """Unpenalized logit of onset on the :data:`FINDINGS` columns, dyad-clustered errors.

    Only the columns ``data`` has enter (the others are reported as not tested).
    """
    import statsmodels.api as sm

    tested = [(column, claim, sign) for column, claim, sign in FINDINGS if column in data]
    columns = [column for column, _, _ in tested]
    if not columns:
        return (), 0
    complete = data[columns].notna().all(axis=1).to_numpy()
    x = sm.add_constant(data.loc[complete, columns].astype(np.float64))
    groups = data.loc[complete, "ccode1"].to_numpy(np.int64) * 1000 + data.loc[
        complete, "ccode2"
    ].to_numpy(np.int64)
    fitted = sm.Logit(outcome[complete], x).fit(
        disp=0, method="newton", maxiter=100, cov_type="cluster", cov_kwds={"groups": groups}
    )
    findings = tuple(
        Finding(
            variable=column,
            claim=claim,
            expected=expected,
            coefficient=float(fitted.params[column]),
            std_error=float(fitted.bse[column]),
            p_value=float(fitted.pvalues[column]),
        )
        for column, claim, expected in tested
    )
    return findings, int(complete.sum())


def drift_table(data: pd.DataFrame, columns: Iterable[str], train: np.ndarray) -> pd.DataFrame:
    """Share missing and share nonzero of each column in the training and the test rows,
    and the share of known training values at the most common one (``mode_train``)."""
    rows = []
    for column in columns:
        values = data[column].to_numpy(np.float64)
        row: dict[str, object] = {"indicator": column}
        for label, rows_of in (("train", train), ("test", ~train)):
            part = values[rows_of]
            known = part[~np.isnan(part)]
            row[f"missing_{label}"] = float(np.isnan(part).mean()) if len(part) else np.nan
            row[f"nonzero_{label}"] = float((known != 0).mean()) if len(known) else np.nan
        known = values[train][~np.isnan(values[train])]
        counts = np.unique(known, return_counts=True)[1]
        row["mode_train"] = float(counts.max() / len(known)) if len(known) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- the data

#: Factors of the registry that are opportunities; every other factor names a challenge.
FIT_FACTORS = frozenset({"political", "economic", "technological"})
#: Indicators left out of the default model because another one carries the same information.
ALIASES = {
    "supplier_dissimilarity": "1 - supplier_similarity: the same information, perfectly collinear",
    "years_since_dispute": "the raw form of dispute_recency (NaN before a first dispute)",
}
#: Aliases that are ``sign`` x a fitted indicator plus a constant (their per-unit coefficient).
LINEAR_ALIASES = {"supplier_dissimilarity": ("supplier_similarity", -1.0)}
#: Why the catalog-based indicators are left out of the default model.
CATALOG_REASON = (
    "catalog-based: the catalog is curated for current arrangements, so its values before "
    "1991 rest on the few it records: nonzero in {train:.2%} of training dyad-years at risk "
    "and {test:.2%} of test ones, {mode:.2%} of training ones at the most common value "
    "(see drift)"
)


def backtest(
    *,
    years: tuple[int, int] | str = "1946-2018",
    train_through: int = 1990,
    obligation: str = "any",
    indicators: Sequence[str] | None = None,
    seed: int = 0,
    missing_flags: bool | None = None,
    progress: Progress | None = None,
) -> PartnerBacktest:
    """Backtest partner fit on the ATOP alliances that formed, 1946-2018 by default.

    Parameters
    ----------
    years
        Onset years, trained and tested (``"1946-2018"``); the indicators of
        the year before each are read.
    train_through
        Last training year (1990); the test is the years after.
    obligation
        ``"any"``, an ATOP obligation (``defense``, ``offense``, ``neutral``,
        ``nonagg``, ``consul``, or by the kind names of the partner scores:
        ``neutrality``, ``nonaggression``, ``consultation``) or ``"all"``
        (each of the six in turn).
    indicators
        The indicators of the model; by default every symmetric, non-detail
        indicator of the registry that is not catalog-based or an alias
        (the reasons are in :attr:`PartnerBacktest.excluded`).
    seed
        Recorded with the result (the fits are deterministic).
    missing_flags
        Missing flags on (``True``) or off (``False``) for every model;
        ``None`` (default): chosen by the forward cross-validation on the
        training years.
    progress
        Called with (step, done, total) on the long steps.

    Returns
    -------
    PartnerBacktest

    Notes
    -----
    See the module notes for the design. Data sources: ATOP 5.1 (the
    outcome and S), COW states and capitals, and every dataset behind the
    partner indicators (:func:`allied.models.partner_indicators`).

    References
    ----------
    .. [1] Lai, B., & Reiter, D. (2000). Democracy, Political Similarity, and
       International Alliances, 1816-1992. Journal of Conflict Resolution,
       44(2), 203-227. https://doi.org/10.1177/0022002700044002003
    """
    from allied.panel import OBLIGATION_CHOICES, alliance_onsets, onset_years

    span = onset_years(years)
    cut = _check_cut(train_through, span)
    seed = check_whole(seed, name="seed", where="argument seed", fix="Give a whole number >= 0.")
    if obligation == "all":
        obligations: tuple[str, ...] = OBLIGATION_CHOICES
    else:
        atop_name = ATOP_NAMES.get(obligation, obligation)
        obligations = (check_choice(atop_name, OBLIGATION_CHOICES, argument="obligation"),)
    report = progress or (lambda step, done, total: None)
    total = 2 + len(obligations)
    report("building the indicators of the years before", 0, total)
    features, sources = _lagged_features(span)
    report("coding alliance onsets", 1, total)
    runs = []
    skipped: dict[str, str] = {}
    chosen: tuple[str, ...] = ()
    excluded: dict[str, str] = {}
    drift = pd.DataFrame()
    for done, name in enumerate(obligations, start=2):
        onsets = alliance_onsets(span, obligation=name).frame
        data = onsets.loc[onsets["at_risk"] == 1].merge(
            features, on=["ccode1", "ccode2", "year"], how="left", validate="one_to_one"
        )
        del onsets
        if done == total - 1:
            features = features.iloc[:0]  # the last obligation: free the memory before fitting
        too_few = _too_few_onsets(data, cut)
        if too_few:
            skipped[name] = too_few
            continue
        if not chosen:
            chosen, excluded, drift = _choose_indicators(data, indicators, cut)
        report(f"fitting {name}", done, total)
        runs.append(
            fit_backtest(
                data,
                chosen,
                obligation=name,
                train_through=cut,
                seed=seed,
                missing_flags=missing_flags,
            )
        )
    report("done", total, total)
    if not runs:
        raise InputError(
            f"cannot backtest {obligation} onsets: {'; '.join(skipped.values())}",
            where="argument obligation",
            fix="Choose another obligation (any, defense, nonagg, consul have enough) "
            "or other years.",
        )
    return PartnerBacktest(
        runs=tuple(runs),
        indicators=chosen,
        excluded=excluded,
        drift=drift,
        challenge=frozenset(i.name for i in _registry() if i.factor not in FIT_FACTORS),
        years=span,
        train_through=cut,
        seed=seed,
        sources=sources,
        skipped=skipped,
    )


def _too_few_onsets(data: pd.DataFrame, cut: int) -> str:
    """Why ``data`` cannot be backtested (fewer than :data:`MIN_ONSETS` onsets in the
    training or the test years), or an empty string."""
    train = (data["year"] <= cut).to_numpy()
    onsets = data["onset"].to_numpy()
    fitted, judged = int(onsets[train].sum()), int(onsets[~train].sum())
    if min(fitted, judged) >= MIN_ONSETS:
        return ""
    return (
        f"{fitted} onsets in the training years and {judged} in the test years "
        f"(fewer than {MIN_ONSETS}): nothing to fit or to judge"
    )


def _check_cut(train_through: int, span: tuple[int, int]) -> int:
    """``train_through`` if it leaves enough training blocks and at least one test year."""
    lowest = span[0] + BLOCK_YEARS * (FOLDS + 1) - 1
    if not lowest <= train_through < span[1]:
        raise InputError(
            f"train_through {train_through} leaves no test years or too few training years",
            where="argument train_through",
            fix=f"Choose a year from {lowest} to {span[1] - 1} (the cross-validation needs "
            f"{FOLDS + 1} blocks of {BLOCK_YEARS} training years).",
        )
    return int(train_through)


def _registry() -> tuple[Any, ...]:
    """The indicator registry (:data:`allied.models.INDICATORS`)."""
    from allied.models._partner_indicators import INDICATORS

    return INDICATORS


def _lagged_features(span: tuple[int, int]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The symmetric indicators of year t - 1, keyed by year t."""
    from allied.models._partner_indicators import partner_indicators
    from allied.panel import partner_inputs

    before = (span[0] - 1, span[1] - 1)
    inputs = partner_inputs(before, directed=False)
    symmetric = [i.name for i in _registry() if i.symmetric and not i.detail]
    frame = partner_indicators(inputs).frame[["ccode1", "ccode2", "year", *symmetric]]
    frame["year"] = frame["year"] + 1
    return frame, tuple(dict.fromkeys((*inputs.panel.sources, "atop")))


def _choose_indicators(
    data: pd.DataFrame, requested: Sequence[str] | None, cut: int
) -> tuple[tuple[str, ...], dict[str, str], pd.DataFrame]:
    """The model's indicators, the ones left out (with the reason) and the drift table."""
    registry = {i.name: i for i in _registry()}
    candidates = [i.name for i in registry.values() if i.symmetric and not i.detail]
    train = data["year"].to_numpy() <= cut
    drift = drift_table(data, candidates, train).set_index("indicator")
    if requested is not None:
        return _checked_request(requested, candidates), {}, drift.reset_index()
    excluded: dict[str, str] = {}
    for name in candidates:
        if name in ALIASES:
            excluded[name] = ALIASES[name]
        elif "catalog" in registry[name].sources:
            row = drift.loc[name]
            excluded[name] = CATALOG_REASON.format(
                train=row["nonzero_train"], test=row["nonzero_test"], mode=row["mode_train"]
            )
        elif drift.loc[name, "missing_train"] == 1.0:
            excluded[name] = "missing in every training dyad-year"
    chosen = tuple(name for name in candidates if name not in excluded)
    return chosen, excluded, drift.reset_index()


def _checked_request(requested: Sequence[str], candidates: Sequence[str]) -> tuple[str, ...]:
    """The requested indicators if each is a symmetric, non-detail indicator."""
    unknown = [name for name in requested if name not in candidates]
    if unknown or not requested:
        raise InputError(
            f"cannot use {', '.join(unknown) or 'an empty list'} as backtest indicators",
            where="argument indicators",
            fix=f"Name symmetric, non-detail indicators: {', '.join(candidates)}.",
        )
    return tuple(dict.fromkeys(requested))
