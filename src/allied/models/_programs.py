r"""Multinational program economics: learning curves, collaboration, work share.

Three questions come up whenever nations build a weapon system together:

* **What does pooling orders save?** Wright's learning curve [1]_ makes the
  cost of unit *x* fall as :math:`T_1 x^{b}`, :math:`b = \log_2 s` for a
  slope *s* (an 80% curve costs 80% per doubling of output).
  :class:`LearningCurve` and :func:`pooling_savings`.
* **What does collaboration save on development?** Hartley's rule of thumb:
  a program shared by *N* nations costs the national development cost times
  :math:`N^{e}`, :math:`e = 1/2` (the "square-root rule") [2]_ [3]_ [4]_.
  :func:`collaboration_economics`.
* **Who builds what?** Juste retour gives each partner a work share equal to
  its cost share on every program; OCCAR replaced it with a *global balance*
  across programs and years [5]_ [6]_. :func:`work_share_plan` assigns work
  packages to capable partners' industries by a mixed-integer program
  (scipy's HiGHS) under either rule.

Program specs in YAML (:func:`load_program`, :func:`program_ids`) hold published
figures with their sources, separate from assumptions, and
:func:`program_plan` combines the three analyses for one program.

Examples
--------
>>> curve = LearningCurve(100, 0.8)
>>> round(curve.exponent, 5), round(float(curve.unit_cost(100)), 2)
(-0.32193, 22.71)
>>> round(float(curve.cumulative_cost(10)), 2)
631.54

References
----------
.. [1] Wright, T. P. (1936). Factors affecting the cost of airplanes. Journal
   of the Aeronautical Sciences, 3(4), 122-128. https://doi.org/10.2514/8.155
.. [2] Hartley, K. (2008). Collaboration and European defence industrial
   policy. Defence and Peace Economics, 19(4), 303-315.
   https://doi.org/10.1080/10242690802221585
.. [3] Hartley, K., & Braddon, D. (2014). Collaborative projects and the
   number of partner nations. Defence and Peace Economics, 25(6), 535-548.
   https://doi.org/10.1080/10242694.2014.886434
.. [4] Sandler, T., & Hartley, K. (1995). The Economics of Defense. Cambridge
   University Press.
.. [5] Convention on the establishment of the Organisation for Joint Armament
   Cooperation (OCCAR), Farnborough, 9 September 1998, Article 5 (Tractatenblad
   1999, 174). https://zoek.officielebekendmakingen.nl/trb-1999-174.html
.. [6] OCCAR. Policies & Methods: Global Balance.
   https://occar.int/about-us/policies-methods (accessed 2026-11-29)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allied._results import Result
from allied._validation import (
    check_choice,
    check_labelled,
    check_number,
    check_numbers,
    check_whole_numbers,
)
from allied.cite import Citation
from allied.errors import InputError
from allied.models import _program_milp as _milp
from allied.models._cost_sharing import proportional_shares
from allied.models._program_spec import (
    Figure,
    ProgramSpec,
    WorkPackage,
    load_program,
)

__all__ = [
    "CollaborationEconomics",
    "LearningCurve",
    "PoolingSavings",
    "ProgramPlan",
    "WorkSharePlan",
    "collaboration_economics",
    "pooling_savings",
    "program_plan",
    "work_share_plan",
]

_CITATIONS = {
    "wright_1936": Citation(
        "wright_1936",
        "Wright, T. P. 1936. Factors Affecting the Cost of Airplanes. Journal of the "
        "Aeronautical Sciences 3(4): 122-128.",
        doi="10.2514/8.155",
    ),
    "hartley_2008": Citation(
        "hartley_2008",
        "Hartley, Keith. 2008. Collaboration and European Defence Industrial Policy. "
        "Defence and Peace Economics 19(4): 303-315.",
        doi="10.1080/10242690802221585",
    ),
    "hartley_braddon_2014": Citation(
        "hartley_braddon_2014",
        "Hartley, Keith & Derek Braddon. 2014. Collaborative Projects and the Number of "
        "Partner Nations. Defence and Peace Economics 25(6): 535-548.",
        doi="10.1080/10242694.2014.886434",
    ),
    "sandler_hartley_1995": Citation(
        "sandler_hartley_1995",
        "Sandler, Todd & Keith Hartley. 1995. The Economics of Defense. Cambridge: "
        "Cambridge University Press.",
    ),
    "occar_convention": Citation(
        "occar_convention",
        "Convention on the Establishment of the Organisation for Joint Armament Cooperation "
        "(OCCAR), Farnborough, 9 September 1998, Article 5.",
        url="https://zoek.officielebekendmakingen.nl/trb-1999-174.html",
    ),
    "occar_global_balance": Citation(
        "occar_global_balance",
        "OCCAR. Policies & Methods: Global Balance.",
        url="https://occar.int/about-us/policies-methods",
        accessed="2026-11-29",
    ),
}

#: Units summed per chunk by :meth:`LearningCurve.cumulative_cost` (bounds memory).
_CHUNK = 1 << 20
#: :meth:`LearningCurve.to_frame` shows units 1, 2, 4, ... 2**_DOUBLINGS by default.
_DOUBLINGS = 10


# --------------------------------------------------------------------------- validation


def _named_numbers(values: object, name: str, fix: str) -> tuple[tuple[str, ...], np.ndarray]:
    """Labels and non-negative numbers from a mapping or Series of partner to number."""
    where = f"argument {name}"
    labels, items = check_labelled(
        values, name=name, where=where, fix=fix, label="partner", sequences=False
    )
    numbers = check_numbers(
        labels, items, name=f"{name}[{{label!r}}]", where=where, fix=fix, at_least=0
    )
    return labels, numbers


def _shares(values: object, name: str) -> tuple[tuple[str, ...], np.ndarray]:
    fix = "Give each partner's share as a fraction, the fractions summing to 1."
    labels, numbers = _named_numbers(values, name, fix)
    if abs(numbers.sum() - 1.0) > 1e-6:
        raise InputError(
            f"{name} sum to {numbers.sum():.6g}, not 1", where=f"argument {name}", fix=fix
        )
    return labels, numbers


# --------------------------------------------------------------------------- learning curves


@dataclass(frozen=True)
class LearningCurve(Result):
    r"""Wright's unit learning curve: unit *x* costs :math:`T_1 x^{b}`, :math:`b = \log_2 s`.

    Parameters
    ----------
    first_unit_cost
        :math:`T_1`, the cost of the first unit (positive).
    slope
        *s*, the cost ratio per doubling of cumulative output, in (0, 1]: an
        80% curve is ``0.8`` (1 means no learning).

    Notes
    -----
    Wright [1]_ observed that the labour to build an airframe fell by a
    constant fraction each time cumulative output doubled. With
    :math:`b = \log_2 s`,

    .. math::

        c(x) = T_1 x^{b}, \qquad C(n) = T_1 \sum_{x=1}^{n} x^{b}, \qquad
        \bar c(n) = C(n) / n,

    and a lot of units *f..l* costs :math:`C(l) - C(f-1)`. :meth:`cumulative_cost`
    sums exactly (no integral approximation), a million units at a time.

    References
    ----------
    .. [1] Wright, T. P. (1936). Factors affecting the cost of airplanes.
       Journal of the Aeronautical Sciences, 3(4), 122-128.
       https://doi.org/10.2514/8.155

    Examples
    --------
    >>> curve = LearningCurve(100, 0.8)
    >>> curve.unit_cost([1, 2, 4]).round(2).tolist()
    [100.0, 80.0, 64.0]
    >>> round(float(curve.average_cost(10)), 3), round(float(curve.lot_cost(3, 4)), 2)
    (63.154, 134.21)
    """

    first_unit_cost: float
    slope: float

    def __post_init__(self) -> None:
        first = check_number(
            self.first_unit_cost,
            name="first_unit_cost",
            fix="Give the first unit's cost, e.g. 100.",
            above=0,
        )
        slope = check_number(
            self.slope,
            name="slope",
            fix="Give the slope as a fraction in (0, 1], e.g. 0.8 for an 80% curve (not 80).",
            above=0,
            at_most=1,
        )
        object.__setattr__(self, "first_unit_cost", first)
        object.__setattr__(self, "slope", slope)

    @property
    def exponent(self) -> float:
        """:math:`b = \\log_2 s` (negative when costs fall)."""
        return math.log2(self.slope)

    def to_frame(self, units: Any = None) -> pd.DataFrame:
        """Unit, cumulative and average cost at ``units`` (default: each doubling up to 1024).

        Columns: ``unit``, ``unit_cost``, ``cumulative_cost`` (the first
        ``unit`` units) and ``average_cost``.

        Examples
        --------
        >>> LearningCurve(100, 0.8).to_frame([1, 2, 10]).round(2)
           unit  unit_cost  cumulative_cost  average_cost
        0     1     100.00           100.00        100.00
        1     2      80.00           180.00         90.00
        2    10      47.65           631.54         63.15
        """
        chosen = 2 ** np.arange(_DOUBLINGS + 1) if units is None else units
        x = _units(chosen, "units", minimum=1).ravel()
        return pd.DataFrame(
            {
                "unit": x,
                "unit_cost": self.unit_cost(x),
                "cumulative_cost": self.cumulative_cost(x),
                "average_cost": self.average_cost(x),
            }
        )

    def summary(self) -> str:
        """The curve as text: first unit cost, slope and exponent.

        Examples
        --------
        >>> print(LearningCurve(100, 0.8).summary())
        Wright learning curve
          first unit cost   100
          slope             80% (each doubling of output: unit cost x 0.8)
          exponent b        -0.32193
        """
        return "\n".join(
            [
                "Wright learning curve",
                f"  first unit cost   {self.first_unit_cost:.6g}",
                f"  slope             {100 * self.slope:g}% (each doubling of output: "
                f"unit cost x {self.slope:g})",
                f"  exponent b        {self.exponent:.5f}",
            ]
        )

    def unit_cost(self, x: Any) -> np.ndarray:
        """Cost of unit number ``x`` (1-based; a number or array)."""
        units = _units(x, "x", minimum=1)
        return np.asarray(self.first_unit_cost * units**self.exponent, dtype=np.float64)

    def cumulative_cost(self, n: Any) -> np.ndarray:
        """Total cost of the first ``n`` units (0 for ``n = 0``; a number or array)."""
        counts = _units(n, "n", minimum=0)
        return self._sums(np.zeros_like(counts), counts)

    def average_cost(self, n: Any) -> np.ndarray:
        """Average unit cost of the first ``n`` units, :math:`C(n) / n` (``n >= 1``)."""
        counts = _units(n, "n", minimum=1)
        return np.asarray(self._sums(np.zeros_like(counts), counts) / counts, dtype=np.float64)

    def lot_cost(self, first: Any, last: Any) -> np.ndarray:
        """Total cost of units ``first`` to ``last`` inclusive (arrays broadcast)."""
        low = _units(first, "first", minimum=1)
        high = _units(last, "last", minimum=0)
        low, high = np.broadcast_arrays(low, high)
        if np.any(high < low - 1):
            raise InputError(
                "last comes before first", where="arguments first, last", fix="Give first <= last."
            )
        return self._sums(low - 1, high)

    def _sums(self, before: np.ndarray, upto: np.ndarray) -> np.ndarray:
        """:math:`T_1 \\sum_{x=before+1}^{upto} x^b`, elementwise, by chunked cumulative sums."""
        flat_before, flat_upto = before.ravel(), upto.ravel()
        bounds = np.concatenate([flat_before, flat_upto])
        order = np.argsort(bounds, kind="stable")
        prefix = np.zeros(len(bounds), dtype=np.float64)
        top = int(bounds.max()) if len(bounds) else 0
        running, start, position = 0.0, 1, 0
        ranked = bounds[order]
        while position < len(ranked) and ranked[position] == 0:
            position += 1
        while start <= top:
            stop = min(start + _CHUNK - 1, top)
            partial = np.cumsum(np.arange(start, stop + 1, dtype=np.float64) ** self.exponent)
            end = int(np.searchsorted(ranked, stop, side="right"))
            if end > position:
                prefix[order[position:end]] = running + partial[ranked[position:end] - start]
                position = end
            running += float(partial[-1])
            start = stop + 1
        cost = self.first_unit_cost * (prefix[len(flat_before) :] - prefix[: len(flat_before)])
        return np.asarray(cost.reshape(upto.shape), dtype=np.float64)


def _units(value: Any, name: str, *, minimum: int) -> np.ndarray:
    return check_whole_numbers(
        value,
        name=name,
        where=f"argument {name}",
        fix=f"Give unit numbers as integers >= {minimum}, e.g. 10 or [1, 2, 3].",
        at_least=minimum,
    )


@dataclass(frozen=True, eq=False)
class PoolingSavings(Result):
    """What pooling orders on one production line saves each partner.

    Attributes
    ----------
    partners
        Partner labels, in the order given.
    quantities
        Units each partner buys (read-only array).
    cost_alone
        What each partner's units cost on its own line, :math:`C(q_i)`.
    cost_pooled
        Its part of the pooled buy at the pooled average unit cost,
        :math:`q_i \\, C(Q) / Q`.
    curve
        The learning curve used.
    """

    partners: tuple[str, ...]
    quantities: np.ndarray
    cost_alone: np.ndarray
    cost_pooled: np.ndarray
    curve: LearningCurve

    @property
    def savings(self) -> np.ndarray:
        """Each partner's saving, alone minus pooled."""
        return np.asarray(self.cost_alone - self.cost_pooled, dtype=np.float64)

    @property
    def total_alone(self) -> float:
        """Cost of every partner buying alone."""
        return float(self.cost_alone.sum())

    @property
    def total_pooled(self) -> float:
        """Cost of the pooled buy, :math:`C(Q)`."""
        return float(self.cost_pooled.sum())

    @property
    def total_savings(self) -> float:
        """What pooling saves in all."""
        return self.total_alone - self.total_pooled

    def to_frame(self) -> pd.DataFrame:
        """One row per partner.

        Columns: ``partner``, ``quantity``, ``cost_alone``, ``unit_cost_alone``
        (average, NaN for none bought), ``cost_pooled``, ``savings`` and
        ``savings_pct`` (of the cost alone).
        """
        with np.errstate(invalid="ignore", divide="ignore"):
            unit = np.where(self.quantities > 0, self.cost_alone / self.quantities, np.nan)
            pct = np.where(self.cost_alone > 0, 100 * self.savings / self.cost_alone, np.nan)
        return pd.DataFrame(
            {
                "partner": list(self.partners),
                "quantity": self.quantities.astype(np.int64),
                "cost_alone": self.cost_alone,
                "unit_cost_alone": unit,
                "cost_pooled": self.cost_pooled,
                "savings": self.savings,
                "savings_pct": pct,
            }
        )

    def summary(self) -> str:
        """The headline numbers as text."""
        total = int(self.quantities.sum())
        return "\n".join(
            [
                "Pooling orders on one learning curve (Wright 1936)",
                f"  curve             T1 = {self.curve.first_unit_cost:g}, slope = "
                f"{self.curve.slope:g} (b = {self.curve.exponent:.5f})",
                f"  units             {total} from {len(self.partners)} partners",
                f"  cost alone        {self.total_alone:.6g}",
                f"  cost pooled       {self.total_pooled:.6g} "
                f"(average unit cost {self.total_pooled / total:.6g})",
                f"  savings           {self.total_savings:.6g} "
                f"({100 * self.total_savings / self.total_alone:.2f}%)",
            ]
        )

    def citations(self) -> list[Citation]:
        """The works the model comes from (for :func:`allied.cite.cite`)."""
        return [_CITATIONS["wright_1936"]]


def pooling_savings(
    quantities: Mapping[str, float] | pd.Series, *, curve: LearningCurve
) -> PoolingSavings:
    r"""Compare each partner buying alone with one pooled buy on a learning curve.

    Parameters
    ----------
    quantities
        Units each partner buys, as a mapping (or Series) of partner to a
        whole number (0 allowed; the total must be positive).
    curve
        The :class:`LearningCurve` every line follows.

    Returns
    -------
    PoolingSavings

    Notes
    -----
    Alone, partner *i* pays :math:`C(q_i) = T_1 \sum_{x=1}^{q_i} x^{b}`. Pooled,
    the line builds :math:`Q = \sum_i q_i` units for :math:`C(Q)`, which is
    allocated by quantity, that is at the pooled average unit cost:
    :math:`q_i C(Q) / Q`. As :math:`C(q)/q` falls with *q*, every partner
    saves, the smallest buyers most in relative terms [1]_.

    References
    ----------
    .. [1] Wright, T. P. (1936). Factors affecting the cost of airplanes.
       Journal of the Aeronautical Sciences, 3(4), 122-128.
       https://doi.org/10.2514/8.155

    Examples
    --------
    >>> pooled = pooling_savings({"A": 2, "B": 2}, curve=LearningCurve(100, 0.8))
    >>> pooled.cost_alone.tolist(), pooled.cost_pooled.round(2).tolist()
    ([180.0, 180.0], [157.11, 157.11])
    """
    if not isinstance(curve, LearningCurve):
        raise InputError(
            f"curve must be a LearningCurve, not {type(curve).__name__}",
            where="argument curve",
            fix="Pass e.g. curve=LearningCurve(100, 0.8).",
        )
    labels, numbers = _named_numbers(
        quantities, "quantities", "Give each partner's units as a whole number, e.g. {'UK': 232}."
    )
    counts = _units(numbers, "quantities", minimum=0)
    total = int(counts.sum())
    if total == 0:
        raise InputError(
            "no units ordered",
            where="argument quantities",
            fix="Give at least one positive quantity.",
        )
    alone = curve.cumulative_cost(counts)
    pooled = float(curve.cumulative_cost(total)) * counts / total
    return PoolingSavings(
        labels, _frozen(counts.astype(np.float64)), _frozen(alone), _frozen(pooled), curve
    )


def _frozen(array: np.ndarray) -> np.ndarray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


# --------------------------------------------------------------------------- collaboration


@dataclass(frozen=True, eq=False)
class CollaborationEconomics(Result):
    """Development (and production) costs of a collaborative program against going alone.

    Attributes
    ----------
    partners
        Partner labels, in the order given.
    cost_shares
        Each partner's share of the common cost (sums to 1).
    national_development_cost
        :math:`D`, what one nation would pay to develop the system alone.
    collaborative_development_cost
        The program's total development cost, :math:`D N^{e}` or :math:`D (1 + p)`.
    exponent, premium
        The rule used: Hartley's exponent *e* (NaN when a premium was given) or
        the explicit collaboration premium *p* (NaN otherwise).
    production
        Pooling savings from combined quantities, or ``None``.
    """

    partners: tuple[str, ...]
    cost_shares: np.ndarray
    national_development_cost: float
    collaborative_development_cost: float
    exponent: float
    premium: float
    production: PoolingSavings | None = None

    @property
    def development_collaborative(self) -> np.ndarray:
        """Each partner's part of the collaborative development cost, :math:`s_i D N^e`."""
        return np.asarray(self.cost_shares * self.collaborative_development_cost, dtype=np.float64)

    @property
    def development_savings(self) -> np.ndarray:
        """Each partner's development saving against going alone, :math:`D - s_i D N^e`."""
        return np.asarray(
            self.national_development_cost - self.development_collaborative, dtype=np.float64
        )

    @property
    def total_savings(self) -> np.ndarray:
        """Development plus production savings per partner."""
        production = self.production.savings if self.production is not None else 0.0
        return np.asarray(self.development_savings + production, dtype=np.float64)

    def to_frame(self) -> pd.DataFrame:
        """One row per partner.

        Columns: ``partner``, ``cost_share``, ``development_alone``,
        ``development_collaborative``, ``development_savings``; with production,
        ``quantity``, ``production_alone``, ``production_pooled``,
        ``production_savings``; and ``total_savings``.
        """
        frame = pd.DataFrame(
            {
                "partner": list(self.partners),
                "cost_share": self.cost_shares,
                "development_alone": np.full(len(self.partners), self.national_development_cost),
                "development_collaborative": self.development_collaborative,
                "development_savings": self.development_savings,
            }
        )
        if self.production is not None:
            frame["quantity"] = self.production.quantities.astype(np.int64)
            frame["production_alone"] = self.production.cost_alone
            frame["production_pooled"] = self.production.cost_pooled
            frame["production_savings"] = self.production.savings
        frame["total_savings"] = self.total_savings
        return frame

    def summary(self) -> str:
        """The headline numbers as text."""
        n = len(self.partners)
        rule = (
            f"D x N^{self.exponent:g} = D x {n**self.exponent:.4g} (Hartley)"
            if math.isnan(self.premium)
            else f"D x (1 + {self.premium:g}) (explicit premium)"
        )
        lines = [
            "Collaborative development against going alone",
            f"  partners          {n}",
            f"  national cost D   {self.national_development_cost:.6g}",
            f"  collaborative     {self.collaborative_development_cost:.6g}  [{rule}]",
            f"  development saved {self.development_savings.sum():.6g} in all "
            f"(vs {n} national programs: {n * self.national_development_cost:.6g})",
        ]
        if self.production is not None:
            lines.append(
                f"  production saved  {self.production.total_savings:.6g} by pooling "
                f"{int(self.production.quantities.sum())} units"
            )
        return "\n".join(lines)

    def citations(self) -> list[Citation]:
        """The works the model comes from (for :func:`allied.cite.cite`)."""
        keys = ["hartley_2008", "hartley_braddon_2014", "sandler_hartley_1995"]
        out = [_CITATIONS[k] for k in keys]
        return out + (self.production.citations() if self.production is not None else [])


def collaboration_economics(
    cost_shares: Mapping[str, float] | pd.Series,
    *,
    national_development_cost: float,
    exponent: float = 0.5,
    premium: float | None = None,
    quantities: Mapping[str, float] | pd.Series | None = None,
    curve: LearningCurve | None = None,
) -> CollaborationEconomics:
    r"""Each partner's development cost under collaboration against going alone.

    Parameters
    ----------
    cost_shares
        Each partner's share of the common development cost, fractions that
        sum to 1 (mapping or Series of partner to share).
    national_development_cost
        :math:`D`, the cost for one nation to develop the system alone.
    exponent
        *e* in Hartley's rule :math:`D N^{e}` (0.5: the square-root rule; 0:
        no collaboration penalty; 1: no saving at all).
    premium
        Instead of the exponent, an explicit collaboration premium *p*: the
        program costs :math:`D (1 + p)` (e.g. 0.3 for a 30% penalty).
    quantities, curve
        Units each partner buys and the learning curve of production: both
        give the production savings of one combined line
        (:func:`pooling_savings`).

    Returns
    -------
    CollaborationEconomics

    Notes
    -----
    With *N* partners, the collaborative program costs :math:`D N^{e}`: more
    than one national program (duplicated management, test sites, work-share
    compromises) but far less than *N* of them. Partner *i* pays its share,
    :math:`s_i D N^{e}`, and saves :math:`D - s_i D N^{e}` against
    developing alone. With equal shares each pays :math:`D N^{e-1}`, i.e.
    :math:`D/\sqrt N` under the square-root rule: the rule of thumb Hartley
    reports for European collaboration [1]_ [3]_, whose efficiency
    Hartley and Braddon test against the number of partners [2]_.

    References
    ----------
    .. [1] Hartley, K. (2008). Collaboration and European defence industrial
       policy. Defence and Peace Economics, 19(4), 303-315.
       https://doi.org/10.1080/10242690802221585
    .. [2] Hartley, K., & Braddon, D. (2014). Collaborative projects and the
       number of partner nations. Defence and Peace Economics, 25(6),
       535-548. https://doi.org/10.1080/10242694.2014.886434
    .. [3] Sandler, T., & Hartley, K. (1995). The Economics of Defense.
       Cambridge University Press.

    Examples
    --------
    >>> eco = collaboration_economics(
    ...     {"UK": 0.25, "DE": 0.25, "IT": 0.25, "ES": 0.25}, national_development_cost=100)
    >>> eco.collaborative_development_cost, eco.development_savings.tolist()
    (200.0, [50.0, 50.0, 50.0, 50.0])
    """
    labels, shares = _shares(cost_shares, "cost_shares")
    national = check_number(
        national_development_cost,
        name="national_development_cost",
        fix="Give what one nation would pay to develop the system alone.",
        above=0,
    )
    n = len(labels)
    if premium is not None:
        if exponent != 0.5:
            raise InputError(
                "both exponent and premium given",
                where="arguments exponent, premium",
                fix="Give either Hartley's exponent or an explicit premium, not both.",
            )
        p = check_number(
            premium, name="premium", fix="Give the premium as a fraction, e.g. 0.3.", at_least=0
        )
        total, used_exponent = national * (1 + p), math.nan
    else:
        used_exponent = check_number(exponent, name="exponent", fix="Give e.g. 0.5.", at_least=0)
        total, p = national * n**used_exponent, math.nan
    production = None
    if (quantities is None) != (curve is None):
        raise InputError(
            "production savings need both quantities and curve",
            where="arguments quantities, curve",
            fix="Give both (e.g. curve=LearningCurve(100, 0.85)) or neither.",
        )
    if quantities is not None and curve is not None:
        production = pooling_savings(quantities, curve=curve)
        if production.partners != labels:
            raise InputError(
                "quantities name other partners than cost_shares (or in another order)",
                where="argument quantities",
                fix=f"Give quantities for {', '.join(labels)}, in that order.",
            )
    return CollaborationEconomics(
        labels, _frozen(shares), national, float(total), used_exponent, p, production
    )


# --------------------------------------------------------------------------- work share

MODES = ("program", "global")
OBJECTIVES = ("deviation", "cost")
_STATUS = {0: "optimal", 1: "time limit reached", 2: "infeasible", 3: "unbounded", 4: "failed"}


@dataclass(frozen=True, eq=False)
class WorkSharePlan(Result):
    """An assignment of work packages to partners' industries, and how well it balances.

    Attributes
    ----------
    assignment
        One row per package: ``package``, ``program``, ``year``,
        ``capability``, ``value``, ``partner`` and ``cost`` (NaN when unknown).
    report
        One row per partner and scope: ``scope`` (``"program"`` or
        ``"global"``), ``program`` (``"all"`` for the global balance),
        ``partner``, ``target``, ``work_value``, ``work_share``, ``deviation``
        (share minus target), ``tolerance`` (NaN where none applies) and
        ``within_tolerance``.
    status
        The solver's status: ``"optimal"`` (proven optimal to :attr:`gap`) or
        ``"time limit reached"`` (the best assignment found, not proven).
    objective
        ``"deviation"`` or ``"cost"``; ``objective_value`` is what it reached
        (the sum of absolute deviations of the balanced scopes, or the cost).
    mode, tolerance, program_tolerance
        The balance rule and its tolerances.
    gap
        The stopping gap the solver was given (``None``: HiGHS's defaults).
    objective_bound
        The solver's proven lower bound on ``objective_value`` (NaN when
        unknown): no assignment does better than this.
    """

    assignment: pd.DataFrame
    report: pd.DataFrame
    status: str
    objective: str
    objective_value: float
    mode: str
    tolerance: float
    program_tolerance: float | None
    gap: float | None
    objective_bound: float

    def to_frame(self) -> pd.DataFrame:
        """The deviation report (a copy of :attr:`report`)."""
        return self.report.copy()

    def summary(self) -> str:
        """The headline numbers as text."""
        balanced = self.report[self.report["tolerance"].notna()]
        worst = balanced.iloc[int(np.argmax(balanced["deviation"].abs().to_numpy()))]
        rule = (
            f"juste retour per program, tolerance {self.tolerance:g}"
            if self.mode == "program"
            else f"global balance across programs and years, tolerance {self.tolerance:g}"
            + (
                f" (per program {self.program_tolerance:g})"
                if self.program_tolerance is not None
                else ""
            )
        )
        return "\n".join(
            [
                "Work-share allocation (MILP, HiGHS)",
                f"  rule              {rule}",
                f"  packages          {len(self.assignment)} worth "
                f"{self.assignment['value'].sum():.6g}",
                f"  objective         {self.objective} = {self.objective_value:.6g} "
                f"({self.status}{'' if self.gap is None else f' to gap {self.gap:g}'})",
                f"  largest deviation {worst['partner']} {100 * worst['deviation']:+.2f} pp "
                f"({worst['scope']} {worst['program']})",
            ]
        )

    def citations(self) -> list[Citation]:
        """The works the balance rules come from (for :func:`allied.cite.cite`)."""
        keys = ["hartley_2008"] + (
            ["occar_convention", "occar_global_balance"] if self.mode == "global" else []
        )
        return [_CITATIONS[k] for k in keys]


def work_share_plan(
    packages: pd.DataFrame,
    *,
    partners: Mapping[str, Any],
    targets: Mapping[str, float] | pd.Series,
    tolerance: float = 0.02,
    objective: str = "deviation",
    mode: str = "program",
    program_tolerance: float | None = None,
    time_limit: float | None = 60.0,
    gap: float | None = 1e-4,
) -> WorkSharePlan:
    r"""Assign work packages to partners' industries so work shares match cost shares.

    Parameters
    ----------
    packages
        One row per work package: ``package`` (unique), ``value`` (positive)
        and ``capability`` (what building it takes); ``program`` (needed in
        "global" mode; optional otherwise, when all packages form one program)
        and ``year`` (optional, reported). Optional columns ``cost_<partner>``
        give a partner's cost of a package (for ``objective="cost"``).
    partners
        Partner to the capabilities its industry has: an iterable of strings,
        or a mapping with ``"capabilities"`` and optionally ``"costs"``
        (package to cost).
    targets
        Each partner's cost share, fractions summing to 1.
    tolerance
        The largest allowed :math:`|\text{work share} - \text{target}|`, per
        program in "program" mode, across everything in "global" mode.
    objective
        ``"deviation"``: minimise the total absolute deviation;
        ``"cost"``: minimise the total cost of the assignment (every capable
        partner needs a cost for every package).
    mode
        ``"program"`` (juste retour on every program) or ``"global"``
        (OCCAR's global balance: only the aggregate over all programs and
        years must balance).
    program_tolerance
        In "global" mode, an optional looser tolerance every single program
        must still meet.
    time_limit
        Seconds the solver may take (``None``: no limit). A feasible but
        unproven assignment is returned with status "time limit reached".
    gap
        When the solver may stop and call the assignment optimal. For the
        deviation objective, an absolute gap in share units per deviation:
        the mean absolute deviation (over partners and balanced scopes) is
        proven within about ``gap`` of the best possible; the default 1e-4
        is 0.01 percentage points. For the cost objective, the relative gap
        on the total cost (HiGHS's own default is 1e-4). ``0`` asks for an
        exact proof, which for the deviation objective can take very long on
        large problems; ``None`` leaves HiGHS's defaults (the old behaviour:
        a relative gap that never closes on a near-zero deviation).

    Returns
    -------
    WorkSharePlan

    Raises
    ------
    InputError
        Bad input, or no assignment within the tolerance: the message names a
        partner that cannot reach its target (or must exceed it) and how to
        fix it (widen the tolerance, add capabilities, split packages).

    Notes
    -----
    Binary :math:`x_{pk} = 1` when package *p* (value :math:`v_p`) goes to
    partner *k*, defined only where *k* has the capability. Every package goes
    to exactly one partner, :math:`\sum_k x_{pk} = 1`. In each balance group
    *g* (a program, or everything), partner *k*'s work share is
    :math:`w_{kg} = \sum_{p \in g} v_p x_{pk} / V_g`, and
    :math:`|w_{kg} - t_k| \le d_{kg} \le \tau`, linearised as two
    inequalities. The deviation objective is :math:`\min \sum d_{kg}`; the
    cost objective :math:`\min \sum c_{pk} x_{pk}`. The deviation's LP
    relaxation bound is 0, so with *n* deviations in the objective the solver
    minimises the constant *n* plus :math:`\sum d_{kg}` under the relative
    gap ``gap``: it stops when the best assignment is within
    ``gap`` :math:`\cdot (n + \sum d_{kg})` of its proven bound. Juste retour asks
    :math:`w = t` on each program; OCCAR's member states renounced that for
    "an overall multi-programme/multi-year balance" (Convention Art. 5) [1]_ [2]_.

    References
    ----------
    .. [1] Convention on the establishment of OCCAR, Farnborough, 9 September
       1998, Article 5. https://zoek.officielebekendmakingen.nl/trb-1999-174.html
    .. [2] OCCAR. Policies & Methods: Global Balance.
       https://occar.int/about-us/policies-methods (accessed 2026-11-29)

    Examples
    --------
    >>> packages = pd.DataFrame({"package": ["wing", "fuselage", "engine", "radar"],
    ...                          "value": [35, 25, 25, 15],
    ...                          "capability": ["aero", "aero", "propulsion", "sensors"]})
    >>> plan = work_share_plan(packages, partners={"UK": ["aero", "sensors"],
    ...     "DE": ["aero", "propulsion"]}, targets={"UK": 0.4, "DE": 0.6}, tolerance=0.0)
    >>> plan.assignment["partner"].tolist()
    ['DE', 'UK', 'DE', 'UK']
    """
    check_choice(mode, MODES, argument="mode")
    check_choice(objective, OBJECTIVES, argument="objective")
    tol = check_number(tolerance, name="tolerance", fix="Give a fraction such as 0.02.", at_least=0)
    stop = (
        None
        if gap is None
        else check_number(
            gap, name="gap", fix="Give a small fraction such as 1e-4, or None.", at_least=0
        )
    )
    prog_tol = (
        None
        if program_tolerance is None
        else check_number(
            program_tolerance, name="program_tolerance", fix="Give a fraction.", at_least=0
        )
    )
    if prog_tol is not None and mode != "global":
        raise InputError(
            "program_tolerance applies only to mode='global'",
            where="argument program_tolerance",
            fix="Use tolerance for per-program balance, or set mode='global'.",
        )
    labels, target = _shares(targets, "targets")
    frame = _check_packages(packages, mode)
    capabilities, extra_costs = _check_partners(partners, labels)
    arrays, programs_of = _problem(frame, labels, target, capabilities, extra_costs, objective)
    problem = _milp.Problem(*arrays, tuple(_groups(programs_of, mode, tol, prog_tol)))
    _diagnose(problem, labels, programs_of, mode, prog_tol)
    solution = _milp.solve(problem, objective=objective, time_limit=time_limit, gap=stop)
    if solution.status == 2 or (solution.partner_of < 0).any():
        best = _milp.solve(problem, objective="minimax", time_limit=time_limit, gap=stop)
        hint = (
            f" The smallest tolerance any assignment reaches is {best.objective:.4f}."
            if best.status == 0
            else ""
        )
        raise InputError(
            f"no assignment puts every partner within {tol:g} of its target "
            f"({_STATUS.get(solution.status, 'failed')}: packages are too lumpy for the tolerance)",
            where="argument tolerance",
            fix="Widen the tolerance, split large packages or add capabilities." + hint,
        )
    return _plan(
        frame, labels, target, problem, solution, objective, mode, tol, prog_tol, programs_of, stop
    )


def _check_packages(packages: object, mode: str) -> pd.DataFrame:
    where = "argument packages"
    if not isinstance(packages, pd.DataFrame) or packages.empty:
        raise InputError(
            "packages must be a non-empty DataFrame",
            where=where,
            fix="Give columns package, value, capability (and program, year).",
        )
    needed = ["package", "value", "capability"] + (["program"] if mode == "global" else [])
    missing = [c for c in needed if c not in packages.columns]
    if missing:
        raise InputError(
            f"packages lack column(s) {', '.join(missing)}",
            where=where,
            fix="Global balance needs a program column; every mode needs package, value, "
            "capability.",
        )
    frame = packages.reset_index(drop=True).copy()
    frame["package"] = frame["package"].astype(str)
    repeated = frame["package"][frame["package"].duplicated()]
    if len(repeated):
        raise InputError(
            f"package {repeated.iloc[0]!r} appears twice",
            where=where,
            fix="Name each package once.",
        )
    values = pd.to_numeric(frame["value"], errors="coerce")
    bad = ~(values > 0) | ~np.isfinite(values)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"package {frame['package'].iloc[row]!r} has value {frame['value'].iloc[row]!r}",
            where=f"{where}, row {row}",
            fix="Give every package a positive value.",
        )
    frame["value"] = values.astype(np.float64)
    frame["capability"] = frame["capability"].astype(str)
    frame["program"] = frame["program"].astype(str) if "program" in frame else "all"
    if "year" not in frame:
        frame["year"] = pd.NA
    return frame


def _check_partners(
    partners: object, labels: tuple[str, ...]
) -> tuple[dict[str, set[str]], dict[str, dict[str, float]]]:
    where = "argument partners"
    if not isinstance(partners, Mapping):
        raise InputError(
            "partners must be a mapping of partner to capabilities",
            where=where,
            fix="Pass e.g. {'UK': ['aero', 'sensors'], 'DE': ['propulsion']}.",
        )
    if set(map(str, partners)) != set(labels):
        raise InputError(
            "partners and targets name different partners",
            where="arguments partners, targets",
            fix="Give capabilities and a target for each of: "
            f"{', '.join(sorted(set(labels) | set(map(str, partners))))}.",
        )
    capabilities: dict[str, set[str]] = {}
    costs: dict[str, dict[str, float]] = {}
    for name, entry in partners.items():
        listed: object = entry.get("capabilities", ()) if isinstance(entry, Mapping) else entry
        if isinstance(listed, str):
            listed = [listed]
        if not isinstance(listed, Iterable):
            raise InputError(
                f"capabilities of {name!r} are not a list",
                where=where,
                fix="Give each partner a list of capability names.",
            )
        capabilities[str(name)] = {str(c) for c in listed}
        if isinstance(entry, Mapping) and entry.get("costs") is not None:
            costs[str(name)] = {str(k): float(v) for k, v in entry["costs"].items()}
    return capabilities, costs


def _problem(
    frame: pd.DataFrame,
    labels: tuple[str, ...],
    target: np.ndarray,
    capabilities: dict[str, set[str]],
    extra_costs: dict[str, dict[str, float]],
    objective: str,
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    pair_package, pair_partner, pair_cost = [], [], []
    for k, name in enumerate(labels):
        capable = np.flatnonzero(frame["capability"].isin(capabilities[name]).to_numpy())
        column = f"cost_{name}"
        cost = (
            pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64)
            if column in frame
            else np.full(len(frame), np.nan)
        )
        for package, value in extra_costs.get(name, {}).items():
            cost[frame["package"].to_numpy() == package] = value
        pair_package.append(capable)
        pair_partner.append(np.full(len(capable), k))
        pair_cost.append(cost[capable])
    packages = np.concatenate(pair_package)
    partner = np.concatenate(pair_partner)
    cost = np.concatenate(pair_cost)
    orphans = np.setdiff1d(np.arange(len(frame)), packages)
    if len(orphans):
        row = int(orphans[0])
        raise InputError(
            f"no partner has capability {frame['capability'].iloc[row]!r} for package "
            f"{frame['package'].iloc[row]!r}",
            where=f"argument packages, row {row}",
            fix="Add the capability to a partner's industry or drop the package.",
        )
    if objective == "cost" and np.isnan(cost).any():
        e = int(np.flatnonzero(np.isnan(cost))[0])
        raise InputError(
            f"no cost for partner {labels[partner[e]]!r} on package "
            f"{frame['package'].iloc[packages[e]]!r}",
            where="argument packages",
            fix=f"Add a cost_{labels[partner[e]]} column (or 'costs' in partners) for every "
            "package the partner can build, or use objective='deviation'.",
        )
    values = frame["value"].to_numpy(dtype=np.float64)
    arrays = (values, target, packages, partner, np.nan_to_num(cost))
    return arrays, frame["program"].to_numpy()


def _groups(
    programs_of: np.ndarray, mode: str, tol: float, prog_tol: float | None
) -> list[tuple[np.ndarray, float, bool]]:
    names = list(dict.fromkeys(programs_of.tolist()))
    if mode == "program":
        return [(programs_of == name, tol, True) for name in names]
    groups = [(np.ones(len(programs_of), dtype=bool), tol, True)]
    if prog_tol is not None:
        groups += [(programs_of == name, prog_tol, False) for name in names]
    return groups


def _diagnose(
    problem: _milp.Problem,
    labels: tuple[str, ...],
    programs_of: np.ndarray,
    mode: str,
    prog_tol: float | None,
) -> None:
    """Raise an InputError naming a partner that cannot meet its target, if one cannot."""
    for mask, tolerance, _ in problem.groups:
        total = problem.values[mask].sum()
        scope = "all programs" if mask.all() else f"program {programs_of[mask][0]!r}"
        capable = np.zeros(len(labels))
        np.add.at(
            capable,
            problem.pair_partner[mask[problem.pair_package]],
            problem.values[problem.pair_package[mask[problem.pair_package]]],
        )
        alone = np.zeros(len(labels))
        counts = np.bincount(problem.pair_package, minlength=len(problem.values))
        single = np.flatnonzero(mask[problem.pair_package] & (counts[problem.pair_package] == 1))
        np.add.at(alone, problem.pair_partner[single], problem.values[problem.pair_package[single]])
        for k, name in enumerate(labels):
            most, least = capable[k] / total, alone[k] / total
            goal = problem.targets[k]
            if most < goal - tolerance - 1e-12:
                raise InputError(
                    f"partner {name!r} can reach at most {100 * most:.2f}% of the work in "
                    f"{scope} (its capabilities cover no more), below its target "
                    f"{100 * goal:.2f}% - {100 * tolerance:.2f} pp",
                    where="arguments partners, tolerance",
                    fix=_fix(mode, prog_tol, f"give {name!r} more capabilities"),
                )
            if least > goal + tolerance + 1e-12:
                raise InputError(
                    f"partner {name!r} must take at least {100 * least:.2f}% of the work in "
                    f"{scope} (it alone can build some packages), above its target "
                    f"{100 * goal:.2f}% + {100 * tolerance:.2f} pp",
                    where="arguments partners, tolerance",
                    fix=_fix(mode, prog_tol, "give other partners those capabilities"),
                )


def _fix(mode: str, prog_tol: float | None, capabilities: str) -> str:
    text = f"Widen the tolerance or {capabilities}"
    if mode == "program":
        return text + "; or balance across programs with mode='global'."
    if prog_tol is not None:
        return text + "; or loosen program_tolerance."
    return text + "."


def _plan(
    frame: pd.DataFrame,
    labels: tuple[str, ...],
    target: np.ndarray,
    problem: _milp.Problem,
    solution: _milp.Solution,
    objective: str,
    mode: str,
    tol: float,
    prog_tol: float | None,
    programs_of: np.ndarray,
    gap: float | None,
) -> WorkSharePlan:
    partner_of = solution.partner_of
    cost = np.full(len(frame), np.nan)
    picked = problem.pair_partner == partner_of[problem.pair_package]
    if objective == "cost" or any(f"cost_{name}" in frame for name in labels):
        cost[problem.pair_package[picked]] = problem.pair_cost[picked]
    assignment = pd.DataFrame(
        {
            "package": frame["package"],
            "program": frame["program"],
            "year": frame["year"],
            "capability": frame["capability"],
            "value": frame["value"],
            "partner": [labels[k] for k in partner_of],
            "cost": cost,
        }
    )
    rows: list[dict[str, Any]] = []
    scopes: list[tuple[str, str, np.ndarray, float]] = []
    names = list(dict.fromkeys(programs_of.tolist()))
    per_program_tol = tol if mode == "program" else (prog_tol if prog_tol is not None else math.nan)
    if mode == "global":
        scopes.append(("global", "all", np.ones(len(frame), dtype=bool), tol))
    scopes += [("program", name, programs_of == name, per_program_tol) for name in names]
    for scope, program, mask, tolerance in scopes:
        work = np.bincount(partner_of[mask], weights=problem.values[mask], minlength=len(labels))
        share = work / work.sum()
        for k, name in enumerate(labels):
            deviation = float(share[k] - target[k])
            rows.append(
                {
                    "scope": scope,
                    "program": program,
                    "partner": name,
                    "target": float(target[k]),
                    "work_value": float(work[k]),
                    "work_share": float(share[k]),
                    "deviation": deviation,
                    "tolerance": tolerance,
                    "within_tolerance": bool(abs(deviation) <= tolerance + 1e-9)
                    if not math.isnan(tolerance)
                    else True,
                }
            )
    return WorkSharePlan(
        assignment,
        pd.DataFrame(rows),
        _STATUS.get(solution.status, "failed"),
        objective,
        solution.objective,
        mode,
        tol,
        prog_tol,
        gap,
        solution.bound,
    )


# --------------------------------------------------------------------------- program plan


@dataclass(frozen=True, eq=False)
class ProgramPlan(Result):
    """One program's economics from its spec: shares, development, production, work share.

    Attributes
    ----------
    spec
        The :class:`ProgramSpec` analysed.
    partners
        One row per partner: ``state``, ``planned_quantity``, ``cost_share``
        (by quantity or declared), ``published_work_share`` and
        ``work_share_gap`` (published minus cost share: the departure from
        juste retour), then the columns of :class:`CollaborationEconomics`
        when the spec has a development cost.
    collaboration
        Development (and production) economics, or ``None``.
    work_share
        The work-share MILP, when the spec has work packages, else ``None``.
    """

    spec: ProgramSpec
    partners: pd.DataFrame
    collaboration: CollaborationEconomics | None
    work_share: WorkSharePlan | None

    def to_frame(self) -> pd.DataFrame:
        """The per-partner table (a copy of :attr:`partners`)."""
        return self.partners.copy()

    def summary(self) -> str:
        """The headline numbers as text, assumptions listed apart from published facts."""
        spec = self.spec
        kind = "illustrative example" if spec.illustrative else "catalog program"
        basis = (
            "planned quantities" if spec.cost_share_basis == "quantity" else "declared cost shares"
        )
        lines = [
            f"{spec.name} ({spec.id}; {kind})",
            f"  partners          {len(spec.partners)}: {', '.join(spec.states)}",
            f"  cost shares       by {basis}",
        ]
        gap = self.partners["work_share_gap"].dropna()
        if len(gap):
            worst = self.partners.iloc[int(np.nanargmax(self.partners["work_share_gap"].abs()))]
            lines.append(
                f"  work share gap    largest {worst['state']} "
                f"{100 * worst['work_share_gap']:+.2f} pp (published work share minus cost share)"
            )
        body = [self.collaboration.summary()] if self.collaboration is not None else []
        if self.work_share is not None:
            body.append(self.work_share.summary())
        assumed = spec.assumptions()
        tail = ["Assumptions (not published figures):"] + [
            f"  - {field}: {text}" for field, text in assumed
        ]
        return "\n".join(lines + body + (tail if assumed else []))

    def citations(self) -> list[Citation]:
        """The spec's sources and the methods used (for :func:`allied.cite.cite`)."""
        out = self.spec.citations()
        if self.collaboration is not None:
            out += self.collaboration.citations()
        if self.work_share is not None:
            out += self.work_share.citations()
        return out


def program_plan(spec: ProgramSpec | str | Path) -> ProgramPlan:
    """Analyse a program spec: cost and work shares, √N development costs, pooling, work share.

    Parameters
    ----------
    spec
        A :class:`ProgramSpec`, a shipped program id (see :func:`program_ids`)
        or the path of a YAML spec.

    Returns
    -------
    ProgramPlan

    Notes
    -----
    Cost shares are planned quantities over their total (``cost_share_basis:
    quantity``) or the declared ``cost_share`` figures. Under juste retour a
    partner's work share equals its cost share, so ``work_share_gap`` is the
    published work share minus the cost share. Development costs follow
    :func:`collaboration_economics` (Hartley's :math:`N^e` rule or an explicit
    premium); production savings follow :func:`pooling_savings` when the
    spec has a learning curve and quantities; work packages go through
    :func:`work_share_plan` with the cost shares as targets.

    Examples
    --------
    >>> plan = program_plan("eurofighter")
    >>> (100 * plan.partners["cost_share"]).round(2).tolist()
    [37.42, 29.03, 19.52, 14.03]
    """
    if not isinstance(spec, ProgramSpec):
        spec = load_program(spec)
    states = spec.states
    quantities = [_value(p.planned_quantity) for p in spec.partners]
    shares = _cost_shares(spec, quantities)
    published = np.array([_value(p.published_work_share) for p in spec.partners])
    frame = pd.DataFrame(
        {
            "state": list(states),
            "planned_quantity": quantities,
            "cost_share": shares,
            "published_work_share": published,
            "work_share_gap": published - shares,
        }
    )
    contributions = [_value(p.development_contribution) for p in spec.partners]
    if not np.isnan(contributions).all():
        frame["development_contribution"] = contributions
    collaboration = None
    if spec.development_cost is not None:
        curve = None
        if spec.learning_curve is not None and not np.isnan(quantities).any():
            curve = LearningCurve(
                spec.learning_curve.first_unit_cost.value, spec.learning_curve.slope.value
            )
        collaboration = collaboration_economics(
            dict(zip(states, shares.tolist(), strict=True)),
            national_development_cost=spec.development_cost.value,
            exponent=_value(spec.collaboration_exponent, default=0.5),
            premium=None
            if spec.collaboration_premium is None
            else spec.collaboration_premium.value,
            quantities=dict(zip(states, quantities, strict=True)) if curve else None,
            curve=curve,
        )
        extra = collaboration.to_frame().drop(columns=["partner", "cost_share"])
        frame = pd.concat([frame, extra.drop(columns=["quantity"], errors="ignore")], axis=1)
    work = None
    if spec.work_packages:
        work = work_share_plan(
            _packages_frame(spec.work_packages),
            partners={p.state: {"capabilities": p.capabilities} for p in spec.partners},
            targets=dict(zip(states, shares.tolist(), strict=True)),
            tolerance=spec.tolerance,
            objective=spec.objective,
            mode=spec.mode,
            program_tolerance=spec.program_tolerance,
        )
        shares_of = work.report[
            work.report["scope"] == ("global" if spec.mode == "global" else "program")
        ]
        planned = shares_of.groupby("partner", sort=False)["work_value"].sum()
        frame["planned_work_share"] = (planned / planned.sum()).reindex(states).to_numpy()
    return ProgramPlan(spec, frame, collaboration, work)


def _value(figure: Figure | None, default: float = math.nan) -> float:
    return default if figure is None else float(figure.value)


def _cost_shares(spec: ProgramSpec, quantities: list[float]) -> np.ndarray:
    if spec.cost_share_basis == "declared":
        declared = np.array([_value(p.cost_share) for p in spec.partners])
        if np.isnan(declared).any():
            missing = spec.states[int(np.flatnonzero(np.isnan(declared))[0])]
            raise InputError(
                f"partner {missing} has no cost_share",
                where=f"program spec {spec.id!r}",
                fix="Give every partner a cost_share, or use cost_share_basis: quantity.",
            )
        if abs(declared.sum() - 1) > 1e-6:
            raise InputError(
                f"declared cost shares sum to {declared.sum():.6g}, not 1",
                where=f"program spec {spec.id!r}",
                fix="Make the cost_share values sum to 1.",
            )
        return declared
    counts = np.array(quantities, dtype=np.float64)
    if np.isnan(counts).any() or counts.sum() <= 0:
        raise InputError(
            "cost shares by quantity need every partner's planned_quantity",
            where=f"program spec {spec.id!r}",
            fix="Give each partner a planned_quantity, or use cost_share_basis: declared.",
        )
    by_partner = proportional_shares(dict(zip(spec.states, counts, strict=True)), cost=1.0)
    return by_partner.amounts


def _packages_frame(packages: list[WorkPackage]) -> pd.DataFrame:
    rows = []
    for p in packages:
        row: dict[str, Any] = {
            "package": p.package,
            "value": p.value,
            "capability": p.capability,
            "program": p.program if p.program is not None else "all",
            "year": p.year,
        }
        for state, cost in (p.costs or {}).items():
            row[f"cost_{state}"] = cost
        rows.append(row)
    return pd.DataFrame(rows)
