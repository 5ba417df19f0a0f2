"""Econometric tests of alliance burden sharing: exploitation and joint products.

Two tests of the economic theory of alliances on burden frames (one row per
member-year, as :func:`allied.measures.burden_frame` returns, or a
:class:`allied.measures.BurdenTable`):

* :func:`olson_zeckhauser_test`: Olson and Zeckhauser's exploitation
  hypothesis, year by year: rank correlations of economic size and defence
  burden, with two specifications that do not put GDP on both sides (the
  elasticity of spending to GDP, and Alley's GDP share against the change of
  spending);
* :func:`joint_product_regression`: a member's spending on its allies'
  spending (spill-ins), its GDP and a threat, by OLS with robust errors.

Both are pure: they read nothing, and their results name the sources of the
table they were given.

References
----------
.. [1] Olson, M., Jr., & Zeckhauser, R. (1966). An economic theory of
   alliances. The Review of Economics and Statistics, 48(3), 266-279.
   https://www.jstor.org/stable/1927082
.. [2] Alley, J. (2021). Reassessing the public goods theory of alliances.
   Research & Politics (SAGE), 2021.
.. [3] Sandler, T. (1993). The economic theory of alliances: A survey.
   Journal of Conflict Resolution, 37(3), 446-483.
.. [4] Sandler, T., & George, J. (2025). Economic theory of alliances: Sixty
   years later. Journal of Conflict Resolution.
   https://doi.org/10.1177/00220027251359626
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allied._results import Result
from allied._validation import parse_years
from allied.cite import Citation
from allied.errors import InputError
from allied.measures.burden import BURDEN_COLUMNS, BurdenTable, burden_frame

__all__ = [
    "JointProductResult",
    "OlsonZeckhauserResult",
    "joint_product_regression",
    "olson_zeckhauser_test",
]

_CITATIONS = {
    "olson_zeckhauser": Citation(
        "olson_zeckhauser_1966",
        "Olson, Mancur, Jr. & Richard Zeckhauser. 1966. An Economic Theory of Alliances. "
        "The Review of Economics and Statistics 48(3): 266-279.",
        url="https://www.jstor.org/stable/1927082",
        label="Olson & Zeckhauser (1966)",
    ),
    "alley": Citation(
        "alley_2021",
        "Alley, Joshua. 2021. Reassessing the Public Goods Theory of Alliances. "
        "Research & Politics.",
        label="Alley (2021)",
    ),
    "sandler_george": Citation(
        "sandler_george_2025",
        "Sandler, Todd & Justin George. 2025. Economic Theory of Alliances: Sixty Years "
        "Later. Journal of Conflict Resolution.",
        doi="10.1177/00220027251359626",
    ),
    "sandler_1993": Citation(
        "sandler_1993",
        "Sandler, Todd. 1993. The Economic Theory of Alliances: A Survey. Journal of "
        "Conflict Resolution 37(3): 446-483.",
    ),
}


def _fmt(value: Any, spec: str = ".3f") -> str:
    return "NA" if pd.isna(value) else format(float(value), spec)


def _as_frame(data: BurdenTable | pd.DataFrame) -> pd.DataFrame:
    """A burden frame from a BurdenTable, a burden frame, or raw member-years."""
    if isinstance(data, BurdenTable):
        return data.frame
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            f"expected a BurdenTable or a DataFrame, not {type(data).__name__}",
            where="argument data",
            fix="Pass burden_table(...) or a frame with iso3, year, gdp_usd and milex_usd.",
        )
    if all(c in data.columns for c in BURDEN_COLUMNS):
        return data
    return burden_frame(data, guidelines=None)  # the tests need no guideline


def _span(years: object) -> tuple[int, int]:
    """The inclusive years asked for: a year, ``"2014-2024"``, ``(first, last)`` or years."""
    return parse_years(int(years) if isinstance(years, np.integer) else years)  # type: ignore[arg-type]


def _select_years(frame: pd.DataFrame, years: object) -> list[int]:
    present = sorted(int(y) for y in frame["year"].unique())
    if years is None:
        return present
    first, last = _span(years)
    return [y for y in present if first <= y <= last]


def _spearman_kendall(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    from scipy import stats

    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return (np.nan, np.nan, np.nan, np.nan)
    rho = stats.spearmanr(x, y)
    tau = stats.kendalltau(x, y)
    return (float(rho.statistic), float(rho.pvalue), float(tau.statistic), float(tau.pvalue))


def _elasticity(gdp: np.ndarray, milex: np.ndarray) -> tuple[float, float, float, int]:
    """OLS of log milex on log GDP with HC1 errors: slope, robust SE, p of H0 slope = 1, n."""
    import statsmodels.api as sm

    keep = (gdp > 0) & (milex > 0)
    n = int(keep.sum())
    if n < 3 or np.ptp(np.log(gdp[keep])) == 0:
        return (np.nan, np.nan, np.nan, n)
    exog = sm.add_constant(np.log(gdp[keep]))
    fitted = sm.OLS(np.log(milex[keep]), exog).fit(cov_type="HC1")
    test = fitted.t_test((np.array([[0.0, 1.0]]), np.array([1.0])))
    return (float(fitted.params[1]), float(fitted.bse[1]), float(np.squeeze(test.pvalue)), n)


@dataclass(frozen=True)
class OlsonZeckhauserResult(Result):
    """Per-year rank tests of the exploitation hypothesis, and the alternatives.

    Attributes
    ----------
    table
        One row per year: ``n`` (members with GDP and spending), ``spearman_rho``,
        ``spearman_p``, ``kendall_tau``, ``kendall_p`` (GDP vs milex/GDP, the
        Olson-Zeckhauser test; two-sided p-values), ``elasticity``,
        ``elasticity_se`` (HC1), ``elasticity_p`` (H0: elasticity = 1) and
        ``elasticity_n`` (log milex on log GDP; members with positive
        spending), and ``change_rho``, ``change_p``, ``change_n`` (Spearman
        correlation of the share of alliance GDP with the percentage change
        of spending since the year before, Alley's design; NA without the
        previous year).
    sources
        The data sources of the frame tested (empty for a plain frame).
    """

    table: pd.DataFrame
    sources: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The per-year table."""
        return self.table.copy()

    def citations(self) -> list[Citation]:
        """Olson & Zeckhauser (1966) and Alley (2021)."""
        return [_CITATIONS["olson_zeckhauser"], _CITATIONS["alley"]]

    def summary(self) -> str:
        """The tests, year by year, in words."""
        lines = [
            "Olson-Zeckhauser exploitation test: do larger allies spend a larger share of GDP?",
            "  (the hypothesis predicts rank correlation > 0 and elasticity > 1)",
        ]

        for r in self.table.to_dict("records"):
            lines.append(
                f"  {r['year']}: n={r['n']}; GDP vs milex/GDP: "
                f"Spearman rho={_fmt(r['spearman_rho'])} (p={_fmt(r['spearman_p'], '.3g')}), "
                f"Kendall tau={_fmt(r['kendall_tau'])} (p={_fmt(r['kendall_p'], '.3g')})"
            )
            lines.append(
                f"        log milex on log GDP: elasticity={_fmt(r['elasticity'])} "
                f"(HC1 SE {_fmt(r['elasticity_se'])}, p[=1]={_fmt(r['elasticity_p'], '.3g')}, "
                f"n={r['elasticity_n']}); GDP share vs % change of spending: "
                f"rho={_fmt(r['change_rho'])} (p={_fmt(r['change_p'], '.3g')}, "
                f"n={r['change_n']})"
            )
        lines.append(
            "  Caveat (Alley 2021): milex/GDP has GDP in its denominator, so ranking it against "
            "GDP puts GDP on both sides; the elasticity and change tests avoid that."
        )
        if self.sources:
            lines.append(f"  sources: {'; '.join(self.sources)}")
        return "\n".join(lines) + "\n"


def _pct_change(frame: pd.DataFrame) -> pd.Series:
    """Percentage change of spending from the previous year (constant US$ when given)."""
    value = frame["milex_usd_constant"] if "milex_usd_constant" in frame.columns else None
    if value is None or value.isna().all():
        value = frame["milex_usd"]
    previous = frame.assign(year=frame["year"] + 1, _value=value)[["iso3", "year", "_value"]]
    joined = frame[["iso3", "year"]].assign(_now=value.to_numpy())
    joined = joined.merge(previous, on=["iso3", "year"], how="left")
    before = joined["_value"].where(joined["_value"].gt(0))
    change = 100.0 * (joined["_now"] - before) / before
    return pd.Series(change.to_numpy(), index=frame.index)


def olson_zeckhauser_test(
    table_or_frame: BurdenTable | pd.DataFrame, *, years: object = None
) -> OlsonZeckhauserResult:
    """Test the exploitation hypothesis year by year.

    Olson and Zeckhauser's public-good model predicts that larger allies
    bear a disproportionate share of the common defence: across members,
    GDP and military expenditure as a share of GDP should be positively
    rank-correlated. This function computes, per year over the members with
    data, Spearman's rho and Kendall's tau (``scipy.stats``) with two-sided
    p-values and n.

    Because milex/GDP has GDP in its denominator, ranking it against GDP puts
    GDP on both sides of the test; Alley (2021) shows such ratio
    specifications give spurious or null results. Note that ranking GDP
    against ``share_ratio`` (share of alliance spending over share of
    alliance GDP) does not help: within a year ``share_ratio`` is milex/GDP
    times a constant, so its ranks are the same. Two alternatives are
    reported beside the classic test:

    * the elasticity *b* of spending with respect to GDP from an OLS of
      log milex on log GDP with HC1 robust errors; GDP appears on one side
      only, and exploitation means *b* > 1 (milex/GDP rises with GDP), so the
      p-value is of H0: *b* = 1;
    * Alley's design: the Spearman correlation between a member's share of
      the alliance's GDP and the percentage change of its spending since the
      previous year (constant US$ when available); the hypothesis predicts a
      positive correlation. It needs the previous year in the frame.

    Parameters
    ----------
    table_or_frame
        A :class:`~allied.measures.BurdenTable`, a
        :func:`~allied.measures.burden_frame` result, or raw
        member-years (passed through :func:`~allied.measures.burden_frame`).
    years
        Years to test (default: every year in the frame).

    Returns
    -------
    OlsonZeckhauserResult
        ``to_frame()`` per year; ``summary()`` in words.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"iso3": list("ABCD"), "year": 2024,
    ...                      "gdp_usd": [100.0, 50.0, 20.0, 10.0],
    ...                      "milex_usd": [4.0, 1.5, 0.4, 0.1]})
    >>> result = olson_zeckhauser_test(rows).to_frame()
    >>> result[["n", "spearman_rho", "kendall_tau"]].to_numpy().tolist()
    [[4.0, 1.0, 1.0]]

    References
    ----------
    .. [1] Olson, M., Jr., & Zeckhauser, R. (1966). An economic theory of
       alliances. The Review of Economics and Statistics, 48(3), 266-279.
       https://www.jstor.org/stable/1927082
    .. [2] Alley, J. (2021). Reassessing the public goods theory of
       alliances. Research & Politics.
    """
    sources = table_or_frame.sources if isinstance(table_or_frame, BurdenTable) else ()
    frame = _as_frame(table_or_frame)
    change = _pct_change(frame)
    rows: list[dict[str, Any]] = []
    for year in _select_years(frame, years):
        in_year = frame["year"].eq(year).to_numpy()
        gdp = frame["gdp_usd"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        milex = frame["milex_usd"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        burden = frame["milex_pct_gdp"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        ok = np.isfinite(gdp) & np.isfinite(burden) & (gdp > 0)
        rho, rho_p, tau, tau_p = _spearman_kendall(gdp[ok], burden[ok])
        slope, slope_se, slope_p, slope_n = _elasticity(gdp[ok], milex[ok])
        share = frame["gdp_share"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        delta = change.to_numpy(dtype="float64", na_value=np.nan)[in_year]
        moved = np.isfinite(share) & np.isfinite(delta)
        c_rho, c_p, _, _ = _spearman_kendall(share[moved], delta[moved])
        rows.append(
            {
                "year": year,
                "n": int(ok.sum()),
                "spearman_rho": rho,
                "spearman_p": rho_p,
                "kendall_tau": tau,
                "kendall_p": tau_p,
                "elasticity": slope,
                "elasticity_se": slope_se,
                "elasticity_p": slope_p,
                "elasticity_n": slope_n,
                "change_rho": c_rho,
                "change_p": c_p,
                "change_n": int(moved.sum()),
            }
        )
    columns = [
        "year",
        "n",
        "spearman_rho",
        "spearman_p",
        "kendall_tau",
        "kendall_p",
        "elasticity",
        "elasticity_se",
        "elasticity_p",
        "elasticity_n",
        "change_rho",
        "change_p",
        "change_n",
    ]
    return OlsonZeckhauserResult(pd.DataFrame(rows, columns=columns), sources=sources)


@dataclass(frozen=True)
class JointProductResult(Result):
    """A joint-product demand equation for military spending, fitted by OLS.

    Attributes
    ----------
    results
        The statsmodels results (HC1 covariance).
    terms
        The regressors in order: ``const``, ``spill_ins``, ``gdp``, then
        ``threat``, member and year dummies where used.
    n, r_squared
        Observations used and R².
    year_effects, state_effects
        Whether year and member fixed effects were included.
    lag
        Years between spill-ins and own spending.
    sources
        The data sources of the frame.
    """

    results: Any
    terms: tuple[str, ...]
    n: int
    r_squared: float
    year_effects: bool = False
    state_effects: bool = False
    lag: int = 0
    sources: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per term: coefficient, robust (HC1) SE, z, p-value, and R² and n."""
        frame = pd.DataFrame(
            {
                "term": list(self.terms),
                "coef": np.asarray(self.results.params, dtype="float64"),
                "robust_se": np.asarray(self.results.bse, dtype="float64"),
                "statistic": np.asarray(self.results.tvalues, dtype="float64"),
                "p_value": np.asarray(self.results.pvalues, dtype="float64"),
            }
        )
        frame["r_squared"] = self.r_squared
        frame["n"] = self.n
        return frame

    def summary(self) -> str:
        """statsmodels' summary table, as text, with the design instead of the clock.

        statsmodels prints the date and time of the call; here those two rows say the
        fixed effects and the spill-in lag, so the same fit gives the same text.
        """
        summary = self.results.summary()
        effects = [
            name
            for name, used in (("state", self.state_effects), ("year", self.year_effects))
            if used
        ]
        design = {
            "Date:": ("Fixed effects:", ", ".join(effects) or "none"),
            "Time:": ("Spill-in lag:", f"{self.lag} year{'' if self.lag == 1 else 's'}"),
        }
        for row in summary.tables[0]:
            label = str(row[0].data).strip()
            if label in design:
                row[0].data, row[1].data = design[label]
        return str(summary.as_text()) + "\n"

    def citations(self) -> list[Citation]:
        """The joint-product model's references."""
        return [_CITATIONS["sandler_1993"], _CITATIONS["sandler_george"]]


def _threat_values(frame: pd.DataFrame, threat: str | pd.Series | Mapping[int, float]) -> pd.Series:
    if isinstance(threat, str):
        if threat not in frame.columns:
            raise InputError(
                f"no column {threat!r} for the threat proxy",
                where="argument threat",
                fix=f"Use one of the frame's columns ({', '.join(map(str, frame.columns))}) "
                "or pass a Series indexed by year.",
            )
        return pd.to_numeric(frame[threat], errors="coerce").astype("float64")
    by_year = pd.Series(threat, dtype="float64")
    return frame["year"].map(by_year).astype("float64")


def _spill_ins(data: pd.DataFrame, milex: pd.Series, complete: pd.Series, lag: int) -> pd.Series:
    """Allies' total spending in year t - lag: the year's total less the member's own."""
    year = data["year"]
    total = milex.where(complete).groupby(year).sum(min_count=1)
    own = milex.where(complete).fillna(0.0)
    if lag == 0:
        return year.map(total) - own
    earlier = pd.DataFrame({"iso3": data["iso3"], "year": year + lag, "_own": own})
    before = data[["iso3", "year"]].merge(earlier, on=["iso3", "year"], how="left")["_own"]
    spill = (year - lag).map(total).to_numpy() - before.fillna(0.0).to_numpy()
    return pd.Series(spill, index=data.index, dtype="float64")


def joint_product_regression(
    frame: BurdenTable | pd.DataFrame,
    *,
    threat: str | pd.Series | Mapping[int, float] | None = None,
    lag: int = 0,
    state_effects: bool = False,
    year_effects: bool = False,
    years: object = None,
) -> JointProductResult:
    """Regress a member's spending on its allies' spending, its GDP and a threat.

    The joint-product model of alliances (Sandler 1993; Sandler & George
    2025) has each ally demand military expenditure as a function of its
    income, the spending of its allies (*spill-ins*) and the threat. This
    fits the reduced form, pooled over member-years,

    .. math:: M_{it} = \\alpha + \\beta S_{i,t-\\ell} + \\gamma Y_{it}
              + \\delta\\, \\text{threat}_t (+ \\text{effects}) + \\varepsilon_{it},
              \\qquad S_{it} = \\sum_{j \\ne i} M_{jt},

    by OLS with HC1 heteroskedasticity-robust standard errors
    (``fit(cov_type="HC1")``). Spill-ins are the total spending of the other
    rows with data in year :math:`t - \\ell`. In the pure public-good (Nash)
    model :math:`-1 < \\beta < 0` (allies' spending crowds out one's own);
    with private, ally-specific outputs (joint products) :math:`\\beta` is
    closer to 0 or positive. Variables are in US$ billions, so coefficients
    are unit-free ratios.

    Parameters
    ----------
    frame
        A :class:`~allied.measures.BurdenTable`, a
        :func:`~allied.measures.burden_frame` result, or raw
        member-years with ``iso3``, ``year``, ``gdp_usd`` and ``milex_usd``.
    threat
        None (default), a column of ``frame``, or a Series/mapping from year
        to a threat proxy (e.g. Russia's military spending for NATO, in US$;
        rescaled to billions like the other variables).
    lag
        Years between the spill-ins and own spending (0: same year; 1: the
        allies' spending of the year before, a Nash reaction with a lag).
    state_effects
        Add member fixed effects (the within-ally estimator).
    year_effects
        Add year fixed effects. Only with ``lag >= 1``: with same-year
        spill-ins, own spending + spill-ins = the year's total, which year
        effects absorb, so the regression is an identity (:math:`\\beta = -1`,
        R² = 1). A threat that varies only by year is absorbed too.
    years
        Fit on these years only (default: all); spill-ins of earlier years
        (``lag``) still come from the whole frame.

    Returns
    -------
    JointProductResult
        ``to_frame()``: coefficients, robust SEs, p-values, R², n;
        ``summary()``: statsmodels' summary text.

    Raises
    ------
    InputError
        Fewer observations than parameters, an unknown threat column, year
        effects (or a single year) with same-year spill-ins, year effects with
        a year-level threat, or a negative lag.

    Notes
    -----
    Same-year spill-ins are mechanically related to own spending (within a
    year they sum to the total), and spill-ins are endogenous in a Nash
    equilibrium. Lagged spill-ins do not escape this in a cross-section:
    spending is persistent, so across allies in one year :math:`S_{i,t-1}`
    is close to the year's total less own spending and :math:`\\beta` is
    pushed toward -1 (on NATO in 2024 with ``lag=1``: -0.998, R² = 1.000).
    Identify :math:`\\beta` from variation over time (many years,
    ``state_effects=True``), as the literature does ally by ally, or with
    instruments; read pooled coefficients as descriptive.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"iso3": list("ABCABC"), "year": [1, 1, 1, 2, 2, 2],
    ...                      "gdp_usd": [10e9, 20e9, 30e9, 11e9, 21e9, 33e9],
    ...                      "milex_usd": [1e9, 1.5e9, 2.4e9, 1.1e9, 1.6e9, 2.6e9]})
    >>> result = joint_product_regression(rows)
    >>> result.to_frame()["term"].tolist(), result.n
    (['const', 'spill_ins', 'gdp'], 6)

    References
    ----------
    .. [1] Sandler, T. (1993). The economic theory of alliances: A survey.
       Journal of Conflict Resolution, 37(3), 446-483.
    .. [2] Sandler, T., & George, J. (2025). Economic theory of alliances:
       Sixty years later. Journal of Conflict Resolution.
       https://doi.org/10.1177/00220027251359626
    """
    import statsmodels.api as sm

    sources = frame.sources if isinstance(frame, BurdenTable) else ()
    data = _as_frame(frame)
    _check_lag(lag, year_effects)
    milex, exog, keep = _regressors(data, threat, int(lag), year_effects)
    if years is not None:
        first, last = _span(years)
        keep &= data["year"].between(first, last)
    if lag == 0 and data["year"][keep].nunique() == 1:
        raise InputError(
            "with same-year spill-ins one year is an identity "
            "(own spending + spill-ins = the year's total)",
            where="arguments frame, years",
            fix="Pool several years, or use lag=1.",
        )
    y = milex[keep].astype("float64")
    x = sm.add_constant(
        _design(data[keep], exog[keep], state_effects, year_effects), has_constant="add"
    )
    _check_design(y, x)
    fitted = sm.OLS(y, x).fit(cov_type="HC1")
    return JointProductResult(
        results=fitted,
        terms=tuple(str(c) for c in x.columns),
        n=int(fitted.nobs),
        r_squared=float(fitted.rsquared),
        year_effects=year_effects,
        state_effects=state_effects,
        lag=int(lag),
        sources=sources,
    )


def _check_lag(lag: object, year_effects: bool) -> None:
    if isinstance(lag, bool) or not isinstance(lag, int | np.integer) or lag < 0:
        raise InputError(
            f"lag must be a whole number of years >= 0, not {lag!r}",
            where="argument lag",
            fix="Use 0 (same year) or 1 (previous year).",
        )
    if year_effects and lag == 0:
        raise InputError(
            "year fixed effects with same-year spill-ins make the regression an identity "
            "(own spending + spill-ins = the year's total)",
            where="arguments year_effects, lag",
            fix="Use lag=1 (spill-ins of the year before) with year effects, or state_effects.",
        )


def _regressors(
    data: pd.DataFrame, threat: Any, lag: int, year_effects: bool
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Spending (US$ bn), the regressors and the rows with every value."""
    gdp = data["gdp_usd"].where(data["gdp_usd"].gt(0)) / 1e9
    milex = data["milex_usd"] / 1e9
    complete = gdp.notna() & milex.notna()
    exog = pd.DataFrame(
        {"spill_ins": _spill_ins(data, milex, complete, lag), "gdp": gdp}, index=data.index
    )
    if threat is not None:
        values = _threat_values(data, threat) / 1e9
        if year_effects and bool(values.groupby(data["year"]).nunique().le(1).all()):
            raise InputError(
                "the threat varies only by year, so year fixed effects absorb it",
                where="arguments threat, year_effects",
                fix="Use one of them.",
            )
        exog["threat"] = values
    return milex, exog, complete & exog.notna().all(axis=1)


def _design(
    kept: pd.DataFrame, exog: pd.DataFrame, state_effects: bool, year_effects: bool
) -> pd.DataFrame:
    """The regressors with the fixed-effect dummies asked for."""
    parts = [exog]
    if state_effects:
        parts.append(pd.get_dummies(kept["iso3"], prefix="state", drop_first=True, dtype=float))
    if year_effects:
        parts.append(pd.get_dummies(kept["year"], prefix="year", drop_first=True, dtype=float))
    return pd.concat(parts, axis=1).astype("float64")


def _check_design(y: pd.Series, x: pd.DataFrame) -> None:
    if len(y) <= x.shape[1]:
        raise InputError(
            f"{len(y)} complete member-years for {x.shape[1]} parameters",
            where="argument frame",
            fix="Give more member-years with GDP, spending (and threat) values.",
        )
    if np.linalg.matrix_rank(x.to_numpy()) < x.shape[1]:
        raise InputError(
            "the regressors are collinear",
            where="argument frame",
            fix="Drop the threat or the fixed effects, or give more varied member-years.",
        )
