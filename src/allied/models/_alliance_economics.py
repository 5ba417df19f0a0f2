r"""Voluntary contributions to a shared defense good: the economic theory of alliances.

Allies :math:`i = 1..n` with incomes :math:`m_i` buy :math:`q_i \ge 0` units of
defense at unit price :math:`p` and consume the rest privately,
:math:`x_i = m_i - p q_i`. Defense is a public good among them: every ally
enjoys the same level :math:`G`, which an *aggregation technology* makes out of
all contributions [1]_ [4]_:

=================  ============================  ======================================
technology         :math:`G`                     example
=================  ============================  ======================================
``summation``      :math:`\sum_j q_j`            deterrence bought by pooled forces
                                                 (Olson & Zeckhauser [1]_; BBV [2]_)
``weakest-link``   :math:`\min_j q_j`            a shared border or air-defense line,
                                                 as strong as its weakest sector [3]_
``best-shot``      :math:`\max_j q_j`            one decisive capability (a strike
                                                 force, an intelligence breakthrough)
                                                 that only the best effort provides [3]_
=================  ============================  ======================================

:func:`public_good_equilibrium` finds the Nash equilibrium of the
contribution game, in which each ally chooses :math:`q_i` taking the others'
contributions as given, and the Pareto-efficient level of :math:`G` to set it
against. With Cobb-Douglas preferences it uses closed forms (derived in the
function's Notes); with any other utility it iterates best responses.
:func:`best_response` gives one ally's best reply to the others.

The model underlies the *exploitation hypothesis* of Olson and Zeckhauser [1]_:
in a summation alliance the large allies spend a larger share of their income
on the common defense, the small ones free-ride, and the alliance as a whole
buys less defense than is efficient. Sandler and Hartley [4]_ survey the
theory and its tests on NATO.

Examples
--------
>>> eq = public_good_equilibrium({"USA": 100, "UK": 80, "FRA": 60})
>>> eq.contributions.tolist(), eq.total, eq.efficient_total, eq.free_riders
([40.0, 20.0, 0.0], 60.0, 120.0, ('FRA',))

References
----------
.. [1] Olson, M., & Zeckhauser, R. (1966). An economic theory of alliances.
   The Review of Economics and Statistics, 48(3), 266-279.
   https://doi.org/10.2307/1927082
.. [2] Bergstrom, T., Blume, L., & Varian, H. (1986). On the private provision
   of public goods. Journal of Public Economics, 29(1), 25-49.
   https://doi.org/10.1016/0047-2727(86)90024-1
.. [3] Hirshleifer, J. (1983). From weakest-link to best-shot: The voluntary
   provision of public goods. Public Choice, 41(3), 371-386.
   https://doi.org/10.1007/BF00141070
.. [4] Sandler, T., & Hartley, K. (1995). The Economics of Defense. Cambridge
   University Press (Cambridge Surveys of Economic Literature).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import brentq, minimize_scalar

from allied._results import Result
from allied._validation import (
    check_choice,
    check_distinct,
    check_labelled,
    check_number,
    check_numbers,
    check_whole,
)
from allied.cite import Citation
from allied.errors import InputError

__all__ = [
    "TECHNOLOGIES",
    "Equilibrium",
    "Utility",
    "best_response",
    "public_good_equilibrium",
]

#: Aggregation technologies :func:`public_good_equilibrium` understands.
TECHNOLOGIES: tuple[str, ...] = ("summation", "weakest-link", "best-shot")

#: A utility function ``U(x, G)`` of private consumption and the public good.
Utility = Callable[[float, float], float]

_DESCRIPTION = {
    "summation": "G = sum of contributions",
    "weakest-link": "G = smallest contribution",
    "best-shot": "G = largest contribution",
}

_CITATIONS = {
    "olson_zeckhauser_1966": Citation(
        "olson_zeckhauser_1966",
        "Olson, Mancur & Richard Zeckhauser. 1966. An Economic Theory of Alliances. "
        "The Review of Economics and Statistics 48(3): 266-279.",
        doi="10.2307/1927082",
    ),
    "bergstrom_blume_varian_1986": Citation(
        "bergstrom_blume_varian_1986",
        "Bergstrom, Theodore, Lawrence Blume & Hal Varian. 1986. On the Private Provision "
        "of Public Goods. Journal of Public Economics 29(1): 25-49.",
        doi="10.1016/0047-2727(86)90024-1",
    ),
    "hirshleifer_1983": Citation(
        "hirshleifer_1983",
        "Hirshleifer, Jack. 1983. From Weakest-Link to Best-Shot: The Voluntary Provision "
        "of Public Goods. Public Choice 41(3): 371-386.",
        doi="10.1007/BF00141070",
    ),
    "sandler_hartley_1995": Citation(
        "sandler_hartley_1995",
        "Sandler, Todd & Keith Hartley. 1995. The Economics of Defense. Cambridge: "
        "Cambridge University Press.",
    ),
    "samuelson_1954": Citation(
        "samuelson_1954",
        "Samuelson, Paul A. 1954. The Pure Theory of Public Expenditure. The Review of "
        "Economics and Statistics 36(4): 387-389.",
        doi="10.2307/1925895",
    ),
    "foley_1970": Citation(
        "foley_1970",
        "Foley, Duncan K. 1970. Lindahl's Solution and the Core of an Economy with Public "
        "Goods. Econometrica 38(1): 66-72.",
        doi="10.2307/1909241",
    ),
}


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class Equilibrium(Result):
    """The Nash equilibrium of voluntary contributions to a shared defense good.

    Attributes
    ----------
    names
        Ally labels, in the order given (``"1"``, ``"2"``, ... when not given).
    incomes
        Incomes :math:`m_i` (read-only array).
    contributions
        Equilibrium contributions :math:`q_i`, in units of the good
        (read-only array); ally *i* spends :math:`p q_i` of its income on it.
    total
        The level of the public good at equilibrium, :math:`G` (the sum, the
        smallest or the largest contribution, by technology).
    efficient_total
        The Pareto-efficient level of :math:`G`, where the allies' marginal
        rates of substitution add up to its marginal cost (Samuelson). With
        Cobb-Douglas preferences it is the same at every interior Pareto
        optimum; with a user-supplied utility it is the level of the Lindahl
        equilibrium from the given incomes (NaN if that cannot be found).
        See :func:`public_good_equilibrium`, Notes.
    free_riders
        Allies that contribute nothing at equilibrium and enjoy the good
        others pay for. Under summation, the allies at or below the income
        threshold of the Notes; under best-shot, every ally but the
        provider; under weakest-link, none (each ally must match the weakest
        link, so in the maximal equilibrium everyone contributes the same).
    technology
        ``summation``, ``weakest-link`` or ``best-shot``.
    alpha
        The Cobb-Douglas weight :math:`\\alpha` of the public good (NaN when a
        utility function was given instead).
    price
        The unit price :math:`p` of the good.
    utility
        ``"cobb-douglas"`` (closed forms) or ``"user"`` (best-response iteration).
    iterations
        Sweeps of best-response iteration used (0 for closed forms).
    """

    names: tuple[str, ...]
    incomes: np.ndarray
    contributions: np.ndarray
    total: float
    efficient_total: float
    free_riders: tuple[str, ...]
    technology: str
    alpha: float
    price: float
    utility: str = "cobb-douglas"
    iterations: int = 0

    @property
    def spending(self) -> np.ndarray:
        """What each ally spends on the good, :math:`p q_i`."""
        return np.asarray(self.price * self.contributions, dtype=np.float64)

    @property
    def private_consumption(self) -> np.ndarray:
        """Each ally's private consumption :math:`x_i = m_i - p q_i`."""
        return np.asarray(self.incomes - self.spending, dtype=np.float64)

    @property
    def contributors(self) -> tuple[str, ...]:
        """Allies that contribute a positive amount."""
        return tuple(n for n, q in zip(self.names, self.contributions, strict=True) if q > 0)

    @property
    def provision_ratio(self) -> float:
        """Equilibrium over efficient level, :math:`G / G^*` (below 1: underprovision)."""
        if not self.efficient_total > 0:
            return math.nan
        return self.total / self.efficient_total

    def to_frame(self) -> pd.DataFrame:
        """One row per ally, in the order given.

        Columns: ``name``; ``income`` (:math:`m_i`); ``contribution``
        (:math:`q_i`); ``share_of_total`` (:math:`q_i / \\sum_j q_j`, the ally's
        share of all the allies' spending on the good, NaN if nobody spends);
        ``share_of_income`` (:math:`p q_i / m_i`, its defense burden);
        ``free_rider`` (it contributes nothing).
        """
        spent = float(self.contributions.sum())
        share = (
            self.contributions / spent
            if spent > 0
            else np.full(len(self.names), np.nan, dtype=np.float64)
        )
        riders = set(self.free_riders)
        return pd.DataFrame(
            {
                "name": list(self.names),
                "income": np.asarray(self.incomes, dtype=np.float64),
                "contribution": np.asarray(self.contributions, dtype=np.float64),
                "share_of_total": np.asarray(share, dtype=np.float64),
                "share_of_income": self.spending / self.incomes,
                "free_rider": [name in riders for name in self.names],
            }
        )

    def summary(self) -> str:
        """The headline numbers as text (no timestamps: it reproduces byte for byte)."""
        if self.utility == "cobb-douglas":
            preferences = f"Cobb-Douglas, alpha = {self.alpha:g}"
            efficient = "Samuelson condition"
        else:
            preferences = f"user utility (best-response iteration, {self.iterations} sweeps)"
            efficient = "Lindahl level, Samuelson condition"
        riders = ", ".join(self.free_riders) if self.free_riders else "none"
        contributing = len(self.contributors)
        return "\n".join(
            [
                "Voluntary provision of a shared defense good (Nash equilibrium)",
                f"  technology        {self.technology} ({_DESCRIPTION[self.technology]})",
                f"  preferences       {preferences}",
                f"  unit price        {self.price:g}",
                f"  allies            {len(self.names)} ({contributing} contribute"
                f"{'s' if contributing == 1 else ''})",
                f"  equilibrium G     {self.total:.6g}",
                f"  efficient G       {self.efficient_total:.6g} ({efficient})",
                f"  provision ratio   {self.provision_ratio:.3f}",
                f"  free riders       {riders}",
            ]
        )

    def citations(self) -> list[Citation]:
        """The works the model and its numbers come from (for :func:`allied.cite.cite`)."""
        keys = ["olson_zeckhauser_1966", "bergstrom_blume_varian_1986", "samuelson_1954"]
        if self.technology != "summation":
            keys.append("hirshleifer_1983")
        if self.utility != "cobb-douglas":
            keys.append("foley_1970")
        keys.append("sandler_hartley_1995")
        return [_CITATIONS[key] for key in keys]


# --------------------------------------------------------------------------- validation


def _check_technology(technology: object) -> str:
    """``technology`` in the spelling of :data:`TECHNOLOGIES` (case, ``_`` and spaces forgiven)."""
    key = str(technology).strip().lower().replace("_", "-").replace(" ", "-")
    return check_choice(
        key if isinstance(technology, str) else repr(technology),
        TECHNOLOGIES,
        argument="technology",
    )


def _check_alpha(alpha: object) -> float:
    return check_number(
        alpha,
        name="alpha",
        fix="Give the weight of defense in utility as a number strictly between 0 and 1, e.g. 0.5.",
        above=0,
        below=1,
    )


#: Incomes in units of the good (income / price) must lie within 10**-300 .. 10**300,
#: their sum included: then every sum, product and ratio the solvers form stays finite
#: and above zero in double precision (whose range is about 10**±308).
_SCALE_EXPONENT = 300


def _check_scale(incomes: np.ndarray, price: float, *, where: str) -> None:
    """Refuse incomes whose size in units of the good the arithmetic cannot carry."""
    log_units = np.log10(incomes) - math.log10(price)  # logs: no overflow while checking
    fix = (
        "Measure incomes and the price in another unit (e.g. US$ billions instead of US$) "
        "so that income / price lies between 1e-300 and 1e300, their sum included."
    )
    total = float(log_units.max()) + math.log10(len(incomes))
    if total > _SCALE_EXPONENT:
        raise InputError(
            f"the incomes are too large for the arithmetic: together they buy about "
            f"1e{total:.0f} units of the good, above 1e{_SCALE_EXPONENT}",
            where=where,
            fix=fix,
        )
    smallest = float(log_units.min())
    if smallest < -_SCALE_EXPONENT:
        raise InputError(
            f"an income is too small for the arithmetic: it buys about 1e{smallest:.0f} "
            f"units of the good, below 1e-{_SCALE_EXPONENT}",
            where=where,
            fix=fix,
        )


def _check_incomes(
    incomes: object, names: Sequence[str] | None
) -> tuple[tuple[str, ...], np.ndarray]:
    where = "argument incomes"
    if names is not None and isinstance(incomes, Mapping | pd.Series):
        raise InputError(
            "names given twice: as the keys of incomes and as names",
            where="argument names",
            fix="Leave names out when incomes is a mapping (or Series) of name to income.",
        )
    labels, values = check_labelled(
        incomes,
        name="incomes",
        where=where,
        fix="Pass e.g. [100, 80, 60] or {'USA': 100, 'UK': 80}, at least one ally's income.",
        label="ally",
    )
    if names is not None:
        if isinstance(names, str) or len(names) != len(values):
            raise InputError(
                f"{len(values)} incomes but {1 if isinstance(names, str) else len(names)} names",
                where="argument names",
                fix="Give one name per income, in the same order.",
            )
        labels = check_distinct(
            [str(name) for name in names],
            what="ally name",
            where="argument names",
            fix="Give each ally a distinct name.",
        )
    numbers = check_numbers(
        labels,
        values,
        name="income of ally {label!r}",
        where=where,
        fix="Give every income as a positive number (leave out allies with none).",
        above=0,
    )
    return labels, numbers


def _check_utility(utility: object, incomes: np.ndarray, price: float) -> list[Utility]:
    n = len(incomes)
    if callable(utility):
        functions: list[Any] = [utility] * n
    elif isinstance(utility, Sequence) and not isinstance(utility, str):
        functions = list(utility)
        if len(functions) != n:
            raise InputError(
                f"{n} allies but {len(functions)} utility functions",
                where="argument utility",
                fix="Give one callable U(x, G) for all allies, or one per ally in order.",
            )
    else:
        raise InputError(
            f"utility must be a callable U(x, G) or a list of them, not {type(utility).__name__}",
            where="argument utility",
            fix="Pass e.g. lambda x, G: x ** 0.5 * G ** 0.5.",
        )
    for position, (function, income) in enumerate(zip(functions, incomes, strict=True)):
        if not callable(function):
            raise InputError(
                f"utility of ally {position + 1} is not callable",
                where="argument utility",
                fix="Give callables U(x, G) that return a number.",
            )
        try:
            value = float(function(income / 2, income / (2 * price)))
        except Exception as exc:
            raise InputError(
                f"utility of ally {position + 1} failed at x = m/2, G = m/(2p): {exc}",
                where="argument utility",
                fix="Give callables U(x, G) that take two floats and return a number.",
            ) from exc
        if not math.isfinite(value):
            raise InputError(
                f"utility of ally {position + 1} is not finite at x = m/2, G = m/(2p)",
                where="argument utility",
                fix="Give utilities that are finite when both goods are positive.",
            )
    return functions


# --------------------------------------------------------------------------- closed forms


def _summation_cobb_douglas(m: np.ndarray, alpha: float, price: float) -> np.ndarray:
    """Contributions at the (unique) Nash equilibrium, summation, Cobb-Douglas."""
    order = np.argsort(-m, kind="stable")
    ranked = m[order]
    k = np.arange(1, len(m) + 1, dtype=np.float64)
    threshold = (1 - alpha) * np.cumsum(ranked) / (alpha + k * (1 - alpha))
    # The (j+1)-th richest joins the j richest contributors iff its income
    # exceeds the j richest's threshold; once one fails, all poorer ones fail.
    joins = ranked[1:] > threshold[:-1]
    size = 1 + (len(joins) if joins.all() else int(np.argmin(joins)))
    t = threshold[size - 1]
    q = np.zeros(len(m), dtype=np.float64)
    members = order[:size]
    q[members] = np.maximum(m[members] - t, 0.0) / price
    return q


def _closed_form(
    m: np.ndarray, alpha: float, price: float, technology: str
) -> tuple[np.ndarray, float, float]:
    """Contributions, equilibrium G and efficient G*, Cobb-Douglas preferences."""
    total_income = float(m.sum())
    if technology == "summation":
        q = _summation_cobb_douglas(m, alpha, price)
        return q, float(q.sum()), alpha * total_income / price
    if technology == "weakest-link":
        level = alpha * float(m.min()) / price
        q = np.full(len(m), level, dtype=np.float64)
        return q, level, alpha * total_income / (len(m) * price)
    provider = int(np.argmax(m))
    q = np.zeros(len(m), dtype=np.float64)
    q[provider] = alpha * float(m[provider]) / price
    return q, float(q[provider]), alpha * total_income / price


def _best_response_cobb_douglas(
    income: float, others: np.ndarray, alpha: float, price: float, technology: str
) -> float:
    alone = alpha * income / price
    if technology == "summation":
        return max(0.0, alone - (1 - alpha) * float(others.sum()))
    if technology == "weakest-link":
        return min(alone, float(others.min())) if len(others) else alone
    best_other = float(others.max()) if len(others) else 0.0
    # Providing alone gives m (1-a)^(1-a) (a/p)^a, free riding m^(1-a) H^a.
    return alone if best_other < (1 - alpha) ** ((1 - alpha) / alpha) * alone else 0.0


# --------------------------------------------------------------------------- iteration


def _value(utility: Utility, x: float, g: float) -> float:
    """U(x, G), with failures and NaN read as minus infinity."""
    try:
        with np.errstate(all="ignore"):
            value = float(utility(max(x, 0.0), max(g, 0.0)))
    except (ArithmeticError, ValueError):
        return -math.inf
    return value if not math.isnan(value) else -math.inf


def _argmax(objective: Callable[[float], float], low: float, high: float) -> float:
    """Maximizer of ``objective`` on ``[low, high]``.

    Bounded Brent (:func:`scipy.optimize.minimize_scalar`) compares function
    values, so it locates a smooth maximum only to about :math:`\\sqrt{\\epsilon}`
    of the interval. Where the objective is smooth around Brent's point, the
    maximizer is polished as the root of a central-difference derivative,
    which is accurate to about :math:`10^{-11}` of the interval and makes
    best-response iteration converge to tight tolerances. The ends of the
    interval are candidates too (corner solutions), and ties go to the
    smaller contribution.
    """
    if high <= low:
        return low
    width = high - low

    def negative(q: float) -> float:
        value = objective(q)
        return -value if math.isfinite(value) else 1e300

    result = minimize_scalar(
        negative, bounds=(low, high), method="bounded", options={"xatol": 1e-12 * width}
    )
    found = float(result.x)
    step, reach = 1e-5 * width, 1e-3 * width

    def slope(q: float) -> float:
        return (objective(q + step) - objective(q - step)) / (2 * step)

    left, right = max(low + step, found - reach), min(high - step, found + reach)
    if left < right:
        try:
            left_slope, right_slope = slope(left), slope(right)
            if (
                math.isfinite(left_slope)
                and math.isfinite(right_slope)
                and left_slope > 0 > right_slope
            ):
                found = float(brentq(slope, left, right, xtol=1e-15 * width, maxiter=200))
        except (ValueError, ArithmeticError, RuntimeError):
            pass
    best, best_value = low, objective(low)
    for q in (found, high):
        value = objective(q)
        if value > best_value:
            best, best_value = q, value
    return best


def _best_response_numeric(
    utility: Utility, income: float, others: np.ndarray, price: float, technology: str
) -> float:
    cap = income / price
    if technology == "summation":
        rest = max(float(others.sum()), 0.0)
        return _argmax(lambda q: _value(utility, income - price * q, rest + q), 0.0, cap)
    if technology == "weakest-link":
        top = min(cap, float(others.min())) if len(others) else cap
        return _argmax(lambda q: _value(utility, income - price * q, q), 0.0, top)
    best_other = float(others.max()) if len(others) else 0.0
    if best_other >= cap:
        return 0.0
    q = _argmax(lambda q: _value(utility, income - price * q, q), best_other, cap)
    provide = _value(utility, income - price * q, q)
    return q if provide > _value(utility, income, best_other) else 0.0


def _iterate(
    m: np.ndarray,
    utilities: list[Utility],
    price: float,
    technology: str,
    tol: float,
    max_iter: int,
) -> tuple[np.ndarray, int]:
    """Gauss-Seidel best-response iteration, richest ally first."""
    n = len(m)
    order = np.argsort(-m, kind="stable")
    q = np.zeros(n, dtype=np.float64)
    if technology == "weakest-link":  # start from stand-alone optima: the maximal equilibrium
        empty = np.zeros(0, dtype=np.float64)
        q = np.array(
            [
                _best_response_numeric(utilities[i], float(m[i]), empty, price, technology)
                for i in range(n)
            ]
        )
    scale = float(m.max()) / price
    change = math.inf
    for sweep in range(1, max_iter + 1):
        change = 0.0
        for i in order:
            others = np.delete(q, i)
            new = _best_response_numeric(utilities[i], float(m[i]), others, price, technology)
            change = max(change, abs(new - q[i]))
            q[i] = new
        if change <= tol * scale:
            return q, sweep
    raise InputError(
        f"best-response iteration did not converge in {max_iter} iterations "
        f"(largest change in the last sweep {change:.3g}, tolerance {tol * scale:.3g})",
        where="argument utility",
        fix="Raise max_iter or tol, or check that each U(x, G) is increasing and "
        "quasi-concave, so that best responses are unique.",
    )


def _marginal_rate(utility: Utility, x: float, g: float, step_x: float) -> float:
    """MRS of the public good for the private good, U_G / U_x, by finite differences."""
    step_g = 1e-6 * g
    if x > step_x:
        u_x = (_value(utility, x + step_x, g) - _value(utility, x - step_x, g)) / (2 * step_x)
    else:
        u_x = (_value(utility, x + step_x, g) - _value(utility, x, g)) / step_x
    u_g = (_value(utility, x, g + step_g) - _value(utility, x, g - step_g)) / (2 * step_g)
    if math.isnan(u_x) or not math.isfinite(u_g):
        raise ValueError("utility not differentiable here")
    if u_x == math.inf:  # e.g. log utility at x = 0: private goods infinitely valuable
        return 0.0
    return math.inf if u_x <= 0 else u_g / u_x


def _lindahl_total(m: np.ndarray, utilities: list[Utility], price: float, technology: str) -> float:
    """The Lindahl level of G from incomes ``m`` (NaN when it cannot be found).

    At a Lindahl equilibrium ally *i* pays a personal price :math:`\\pi_i` per
    unit of G, demands the same G as everyone, and the prices cover the
    marginal cost, :math:`\\sum_i \\pi_i = c p` (c = n under weakest-link, where
    a unit of G needs a unit from every ally, else 1). Given G, ally i's price
    solves :math:`MRS_i(m_i - \\pi_i G, G) = \\pi_i`, so the condition is
    Samuelson's.
    """
    cost = price * (len(m) if technology == "weakest-link" else 1)
    top = float(m.sum()) / cost

    def personal_price(i: int, g: float) -> float:
        income = float(m[i])
        step = 1e-6 * income
        ceiling = income / g  # spends all income on its share

        def excess(pi: float) -> float:
            # Read the MRS a hair inside x > 0, where log-like utilities are finite.
            x = max(income - pi * g, 1e-9 * income)
            return _marginal_rate(utilities[i], x, g, step) - pi

        if excess(0.0) <= 0:
            return 0.0
        if excess(ceiling) >= 0:
            return ceiling
        return float(brentq(excess, 0.0, ceiling, xtol=1e-14 * ceiling, maxiter=200))

    def gap(g: float) -> float:
        return sum(personal_price(i, g) for i in range(len(m))) - cost

    try:
        low = 1e-9 * top
        if gap(low) <= 0:
            return math.nan
        high_gap = gap(top)
        if high_gap >= 0:
            return top
        return float(brentq(gap, low, top, xtol=1e-12 * top, maxiter=200))
    except (ValueError, ArithmeticError, RuntimeError):
        return math.nan


# --------------------------------------------------------------------------- public


def best_response(
    income: float,
    others: Sequence[float] | np.ndarray,
    *,
    alpha: float = 0.5,
    price: float = 1.0,
    technology: str = "summation",
    utility: Utility | None = None,
) -> float:
    r"""One ally's best contribution, given the other allies' contributions.

    Parameters
    ----------
    income
        The ally's income :math:`m_i > 0`.
    others
        The other allies' contributions :math:`q_j \ge 0` (may be empty).
    alpha, price, technology
        As in :func:`public_good_equilibrium`.
    utility
        A callable ``U(x, G)``; when given, the best response is found
        numerically and ``alpha`` is not used.

    Returns
    -------
    float
        The contribution :math:`q_i \in [0, m_i / p]` that maximizes the
        ally's utility.

    Notes
    -----
    With Cobb-Douglas utility :math:`x^{1-\alpha} G^\alpha`, let
    :math:`s_i = \alpha m_i / p` be the ally's stand-alone optimum and
    :math:`H` the others' aggregate (their sum, smallest or largest
    contribution):

    * summation: :math:`q_i = \max(0, s_i - (1 - \alpha) H)`;
    * weakest-link: :math:`q_i = \min(s_i, H)` (more than :math:`H` is wasted);
    * best-shot: :math:`q_i = s_i` if :math:`H < (1 - \alpha)^{(1-\alpha)/\alpha} s_i`,
      else 0 (providing alone beats free riding on :math:`H` only below that
      level; on a tie the ally free-rides).

    References
    ----------
    .. [1] Hirshleifer, J. (1983). From weakest-link to best-shot: The voluntary
       provision of public goods. Public Choice, 41(3), 371-386.
       https://doi.org/10.1007/BF00141070

    Examples
    --------
    >>> best_response(100, [20, 0])
    40.0
    >>> best_response(80, [30], technology="weakest-link")
    30.0
    >>> best_response(80, [50], technology="best-shot")
    0.0
    """
    income_value = check_number(
        income, name="income", fix="Give the ally's income as a positive number.", above=0
    )
    price = check_number(
        price, name="price", fix="Give the unit price of defense as a positive number.", above=0
    )
    technology = _check_technology(technology)
    try:
        rest = np.asarray(others, dtype=np.float64).ravel()
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"others must be numbers: {exc}",
            where="argument others",
            fix="Give the other allies' contributions as non-negative numbers.",
        ) from exc
    if not np.all(np.isfinite(rest)) or np.any(rest < 0):
        raise InputError(
            "others must be finite and non-negative",
            where="argument others",
            fix="Give the other allies' contributions as non-negative numbers.",
        )
    _check_scale(np.array([income_value]), price, where="arguments income, price")
    if len(rest) and float(rest.max()) * len(rest) > 10.0**_SCALE_EXPONENT:
        raise InputError(
            "the others' contributions are too large for the arithmetic: their sum is above "
            f"1e{_SCALE_EXPONENT}",
            where="argument others",
            fix="Measure contributions in a larger unit of the good.",
        )
    if utility is None:
        return _best_response_cobb_douglas(
            income_value, rest, _check_alpha(alpha), price, technology
        )
    function = _check_utility(utility, np.array([income_value]), price)[0]
    return _best_response_numeric(function, income_value, rest, price, technology)


def public_good_equilibrium(
    incomes: Sequence[float] | Mapping[str, float] | np.ndarray | pd.Series,
    *,
    alpha: float = 0.5,
    price: float = 1.0,
    technology: str = "summation",
    names: Sequence[str] | None = None,
    utility: Utility | Sequence[Utility] | None = None,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> Equilibrium:
    r"""Nash equilibrium and efficient level of voluntary contributions to alliance defense.

    Parameters
    ----------
    incomes
        Each ally's income :math:`m_i > 0` (GDP, say), as a sequence, or as a
        mapping or :class:`pandas.Series` of name to income.
    alpha
        Weight of defense in Cobb-Douglas utility
        :math:`U_i = x_i^{1-\alpha} G^\alpha`, strictly between 0 and 1
        (ignored when ``utility`` is given).
    price
        Unit price :math:`p > 0` of the defense good.
    technology
        How contributions make the good: ``"summation"`` (default),
        ``"weakest-link"`` or ``"best-shot"``.
    names
        Ally labels when ``incomes`` is a sequence (default ``"1"``, ``"2"``, ...).
    utility
        A callable ``U(x, G)`` shared by all allies, or one per ally, to use
        instead of Cobb-Douglas. It should increase in both arguments and be
        quasi-concave; the equilibrium is then found by best-response
        iteration.
    tol
        Best-response iteration stops when no contribution moves by more than
        ``tol`` times the largest affordable contribution :math:`\max_i m_i / p`
        in a sweep (a relative tolerance, so the currency unit does not matter).
    max_iter
        Most sweeps of best-response iteration (each sweep updates every ally once).

    Returns
    -------
    Equilibrium
        Contributions, the equilibrium and efficient levels of :math:`G`, and
        the free riders; ``to_frame()`` gives one row per ally.

    Raises
    ------
    InputError
        Non-positive or non-numeric incomes, ``alpha`` outside (0, 1), a
        non-positive price, an unknown technology, a bad utility; or
        best-response iteration that does not converge in ``max_iter`` sweeps.

    Notes
    -----
    **Summation, Cobb-Douglas** (Olson & Zeckhauser [1]_; Bergstrom, Blume &
    Varian [2]_; Sandler & Hartley [4]_). Ally *i* maximizes
    :math:`(1-\alpha)\ln(m_i - p q_i) + \alpha \ln(G_{-i} + q_i)` given the
    others' total :math:`G_{-i}`. The first-order condition
    :math:`\alpha (m_i - p q_i) = (1-\alpha) p (G_{-i} + q_i)` gives the best
    response

    .. math:: q_i = \max\bigl(0,\ \alpha m_i / p - (1-\alpha) G_{-i}\bigr).

    Writing :math:`G_{-i} = G - q_i`, an ally that contributes has
    :math:`q_i = m_i / p - (1-\alpha) G / \alpha`: every contributor ends up
    with the same private consumption :math:`x_i = (1-\alpha) p G / \alpha`,
    and ally *i* contributes exactly when its income exceeds that level,
    :math:`m_i > t = (1-\alpha) p G / \alpha`. Summing over the set :math:`C`
    of contributors, with :math:`k = |C|` and :math:`M_C = \sum_{i \in C} m_i`,

    .. math:: G = \frac{\alpha M_C}{p\,(\alpha + k(1-\alpha))}
              = \frac{\alpha M_C}{p\,(1 + (k-1)(1-\alpha))},
              \qquad q_i = (m_i - t_k)/p,
              \qquad t_k = \frac{(1-\alpha) M_C}{\alpha + k(1-\alpha)}.

    *Which allies contribute.* Rank incomes from the richest,
    :math:`m_{(1)} \ge m_{(2)} \ge \dots`, and let :math:`t_k` be the
    threshold when the :math:`k` richest contribute. Algebra shows
    :math:`m_{(k+1)} > t_{k+1} \iff m_{(k+1)} > t_k`, and that
    :math:`t_{k+1} \le t_k` once :math:`m_{(k+1)} \le t_k`. So :math:`C` is the
    :math:`k` richest, where :math:`k` is the first rank whose successor
    fails :math:`m_{(k+1)} > t_k`: every member then has :math:`m_i > t_k`
    (a positive contribution) and every other ally :math:`m_j \le t_k`
    (its best response is 0). The richest always contributes; allies tied
    in income are in or out together. This equilibrium is unique [2]_, and
    redistributing income among contributors that keeps :math:`C` leaves
    :math:`G` (and each contributor's private consumption) unchanged: only
    :math:`M_C` enters (neutrality; Warr 1983, Economics Letters 13, 207-211;
    [2]_). Income shares spent on defense, :math:`p q_i / m_i = 1 - t_k/m_i`,
    rise with income: the large ally bears a disproportionate burden (the
    exploitation hypothesis [1]_).

    **Efficient level** (Samuelson [5]_). At a Pareto optimum the allies'
    marginal rates of substitution add up to the marginal cost of :math:`G`.
    With Cobb-Douglas, :math:`MRS_i = \alpha x_i / ((1-\alpha) G)`, linear in
    :math:`x_i` with a slope common to all allies, so
    :math:`\sum_i MRS_i = \alpha \sum_i x_i / ((1-\alpha) G)` depends only on
    aggregate private consumption and the efficient level does not depend on
    how income is distributed (Bergstrom & Cornes 1983, Econometrica 51(6),
    1753-1766):

    * summation: a unit of G costs :math:`p`; with
      :math:`\sum_i x_i = M - pG`, :math:`\sum_i MRS_i = p` gives
      :math:`G^* = \alpha M / p`, where :math:`M = \sum_i m_i`;
    * weakest-link: efficient provision has every ally supply the same
      :math:`g` (more is wasted), so a unit of G costs :math:`n p`;
      :math:`\sum_i x_i = M - n p G` and :math:`\sum_i MRS_i = n p` give
      :math:`G^* = \alpha M / (n p)`;
    * best-shot: efficient provision has one ally supply everything, so a
      unit of G costs :math:`p` and :math:`G^* = \alpha M / p`, as under
      summation.

    These are first-best levels with income pooled across allies: when the
    poorest ally cannot pay :math:`p G^*` (weakest-link) or the provider
    cannot (best-shot), reaching them needs transfers among allies.

    **Weakest-link, Cobb-Douglas** [3]_. Supplying more than the others'
    minimum is wasted and supplying less lowers G, so the best response is
    :math:`\min(\alpha m_i / p, \min_{j \ne i} q_j)`. Every common level
    :math:`g \le \min_i \alpha m_i / p` is an equilibrium; the usual selection
    is the maximal, Pareto-dominant one, :math:`G = \min_i \alpha m_i / p`,
    with every ally contributing :math:`G`. The poorest ally sets the level.

    **Best-shot, Cobb-Douglas** [3]_. Only the largest contribution counts, so
    in equilibrium one ally provides its stand-alone optimum
    :math:`\alpha m_k / p` and the rest contribute nothing (free riding on
    :math:`H` beats providing alone when :math:`H \ge (1-\alpha)^{(1-\alpha)/\alpha}
    \alpha m_i / p`). This returns the equilibrium with the largest G, where
    the richest ally provides, :math:`G = \max_i \alpha m_i / p` (the first
    listed among equally rich allies).

    **Other utilities.** Allies update their best responses in turn, richest
    first, each maximizing :math:`U_i(m_i - p q_i, G)` over
    :math:`q_i \in [0, m_i / p]` with bounded Brent
    (:func:`scipy.optimize.minimize_scalar`), until a sweep moves no
    contribution by more than the tolerance. Summation and best-shot start
    from zero contributions, weakest-link from the stand-alone optima, so that
    the iteration reaches the selections above when preferences are
    identical. The efficient level reported is the Lindahl equilibrium's
    (Foley [6]_): personal prices :math:`\pi_i` with
    :math:`MRS_i(m_i - \pi_i G, G) = \pi_i` and :math:`\sum_i \pi_i` equal to the
    marginal cost; it meets Samuelson's condition and equals the closed forms
    above for Cobb-Douglas. It is NaN when it cannot be found.

    References
    ----------
    .. [1] Olson, M., & Zeckhauser, R. (1966). An economic theory of alliances.
       The Review of Economics and Statistics, 48(3), 266-279.
       https://doi.org/10.2307/1927082
    .. [2] Bergstrom, T., Blume, L., & Varian, H. (1986). On the private
       provision of public goods. Journal of Public Economics, 29(1), 25-49.
       https://doi.org/10.1016/0047-2727(86)90024-1
    .. [3] Hirshleifer, J. (1983). From weakest-link to best-shot: The voluntary
       provision of public goods. Public Choice, 41(3), 371-386.
       https://doi.org/10.1007/BF00141070
    .. [4] Sandler, T., & Hartley, K. (1995). The Economics of Defense.
       Cambridge University Press.
    .. [5] Samuelson, P. A. (1954). The pure theory of public expenditure.
       The Review of Economics and Statistics, 36(4), 387-389.
       https://doi.org/10.2307/1925895
    .. [6] Foley, D. K. (1970). Lindahl's solution and the core of an economy
       with public goods. Econometrica, 38(1), 66-72.
       https://doi.org/10.2307/1909241

    Examples
    --------
    >>> eq = public_good_equilibrium([100, 80, 60], names=["USA", "UK", "FRA"])
    >>> eq.to_frame()
      name  income  contribution  share_of_total  share_of_income  free_rider
    0  USA   100.0          40.0        0.666667             0.40       False
    1   UK    80.0          20.0        0.333333             0.25       False
    2  FRA    60.0           0.0        0.000000             0.00        True
    >>> eq.total, eq.efficient_total
    (60.0, 120.0)
    >>> public_good_equilibrium([100, 80, 60], technology="weakest-link").total
    30.0
    >>> public_good_equilibrium([100, 80, 60], technology="best-shot").contributions.tolist()
    [50.0, 0.0, 0.0]
    """
    labels, m = _check_incomes(incomes, names)
    price = check_number(
        price, name="price", fix="Give the unit price of defense as a positive number.", above=0
    )
    _check_scale(m, price, where="arguments incomes, price")
    technology = _check_technology(technology)
    if utility is None:
        alpha = _check_alpha(alpha)
        q, total, efficient = _closed_form(m, alpha, price, technology)
        kind, sweeps = "cobb-douglas", 0
    else:
        tol = check_number(
            tol, name="tol", fix="Give a small positive tolerance, e.g. 1e-10.", above=0
        )
        sweeps_allowed = check_whole(
            max_iter,
            name="max_iter",
            where="argument max_iter",
            fix="Give the most sweeps to allow, e.g. 10000.",
            at_least=1,
        )
        functions = _check_utility(utility, m, price)
        q, sweeps = _iterate(m, functions, price, technology, tol, sweeps_allowed)
        q[q <= tol * float(m.max()) / price] = 0.0  # zero within the tolerance
        total = _aggregate(q, technology)
        efficient = _lindahl_total(m, functions, price, technology)
        alpha, kind = math.nan, "user"
    riders = tuple(label for label, value in zip(labels, q, strict=True) if value <= 0)
    m.setflags(write=False)
    q.setflags(write=False)
    return Equilibrium(
        names=labels,
        incomes=m,
        contributions=q,
        total=float(total),
        efficient_total=float(efficient),
        free_riders=riders,
        technology=technology,
        alpha=float(alpha),
        price=price,
        utility=kind,
        iterations=sweeps,
    )


def _aggregate(q: np.ndarray, technology: str) -> float:
    if technology == "summation":
        return float(q.sum())
    if technology == "weakest-link":
        return float(q.min())
    return float(q.max())
