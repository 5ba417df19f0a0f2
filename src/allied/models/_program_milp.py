"""The work-share assignment as a mixed-integer linear program (scipy's HiGHS).

Private: :func:`allied.models.work_share_plan` validates the input
and calls :func:`solve`, which trusts it.

Variables, in order: one binary :math:`x_{pk}` per package *p* and partner
*k* that has the package's capability (pairs without it are left out), then
one continuous deviation :math:`d_{kg} \\ge 0` per partner and balance group
*g* (a program in "program" mode; all programs and years together in
"global" mode, plus one group per program when a per-program tolerance is
given). With :math:`v_p` the package values, :math:`V_g` a group's total and
:math:`t_k` the targets:

.. math::

    \\sum_k x_{pk} = 1 \\quad \\forall p, \\qquad
    \\Bigl|\\frac{1}{V_g} \\sum_{p \\in g} v_p x_{pk} - t_k\\Bigr| \\le d_{kg} \\le \\tau_g,

written as two linear rows per :math:`(k, g)`. The objective is
:math:`\\sum d_{kg}` over the balanced groups ("deviation") or
:math:`\\sum c_{pk} x_{pk}` ("cost").

Stopping gap. The deviation's LP relaxation bound is 0 and its optimum is
near 0, so HiGHS's relative gap (scaled by the near-zero objective) never
closes and its default absolute gap (1e-6) would need the bound to rise to
the optimum, which the relaxation cannot show: every large problem ran to its
time limit. A last continuous variable fixed to 1 with cost *n*, the number of
deviations in the objective (1 for "minimax"), adds the constant *n*; with
``mip_rel_gap`` = *gap* HiGHS then stops once
:math:`\\text{incumbent} - \\text{bound} \\le \\textit{gap}\\,(n + \\text{incumbent})`,
that is when the mean deviation is within about *gap* of the best possible.
The cost objective keeps no offset and uses *gap* as its relative gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


@dataclass(frozen=True)
class Problem:
    """A validated work-share problem in arrays.

    ``pair_package``/``pair_partner`` index the capable pairs; ``groups`` lists,
    per balance group, a boolean mask over packages, its tolerance and whether
    its deviation counts in the objective.
    """

    values: np.ndarray  # (P,)
    targets: np.ndarray  # (K,)
    pair_package: np.ndarray  # (E,)
    pair_partner: np.ndarray  # (E,)
    pair_cost: np.ndarray  # (E,) NaN when unknown
    groups: tuple[tuple[np.ndarray, float, bool], ...]


@dataclass(frozen=True)
class Solution:
    """The solver's answer: the partner of each package (-1 if none) and the status.

    ``objective`` is the objective reached and ``bound`` the solver's lower
    bound on it (NaN when unknown), both without the constant offset.
    """

    partner_of: np.ndarray
    status: int
    message: str
    objective: float
    bound: float


def solve(
    problem: Problem,
    *,
    objective: str,
    time_limit: float | None = None,
    gap: float | None = None,
) -> Solution:
    """Solve the MILP; ``partner_of`` is filled only when a solution was found.

    ``objective`` is ``"deviation"``, ``"cost"`` or ``"minimax"``: the last
    adds one variable :math:`\\tau \\ge d_{kg}` for every deviation, ignores
    the groups' tolerances and minimises :math:`\\tau`, the smallest common
    tolerance any assignment reaches. ``gap`` is the stopping gap (see the
    module notes); ``None`` leaves HiGHS's defaults and adds no offset.
    """
    n_pairs = len(problem.pair_package)
    n_partners = len(problem.targets)
    n_packages = len(problem.values)
    n_dev = n_partners * len(problem.groups)
    minimax = objective == "minimax"
    n_vars = n_pairs + n_dev + (1 if minimax else 0) + 1  # the last: the constant offset
    rows: list[np.ndarray] = [problem.pair_package]  # each package to exactly one partner
    cols: list[np.ndarray] = [np.arange(n_pairs)]
    data: list[np.ndarray] = [np.ones(n_pairs)]
    lower: list[np.ndarray] = [np.ones(n_packages)]
    upper: list[np.ndarray] = [np.ones(n_packages)]
    row = n_packages
    dev_upper = np.empty(n_dev)
    dev_cost = np.zeros(n_dev)
    for g, (mask, tolerance, counts) in enumerate(problem.groups):
        pairs = np.flatnonzero(mask[problem.pair_package])
        weight = problem.values[problem.pair_package[pairs]] / problem.values[mask].sum()
        partner = problem.pair_partner[pairs]
        block = slice(g * n_partners, (g + 1) * n_partners)
        dev_index = n_pairs + np.arange(n_dev)[block]
        dev_upper[block] = np.inf if minimax else tolerance
        dev_cost[block] = 1.0 if counts else 0.0
        for sign in (1.0, -1.0):  # sign * (share_k - t_k) - d_kg <= 0
            rows += [row + partner, row + np.arange(n_partners)]
            cols += [pairs, dev_index]
            data += [sign * weight, -np.ones(n_partners)]
            lower.append(np.full(n_partners, -np.inf))
            upper.append(sign * problem.targets)
            row += n_partners
    if minimax:  # d_kg - tau <= 0
        rows += [row + np.arange(n_dev), row + np.arange(n_dev)]
        cols += [n_pairs + np.arange(n_dev), np.full(n_dev, n_vars - 2)]
        data += [np.ones(n_dev), -np.ones(n_dev)]
        lower.append(np.full(n_dev, -np.inf))
        upper.append(np.zeros(n_dev))
        row += n_dev
    matrix = coo_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(row, n_vars),
    ).tocsr()
    c = np.zeros(n_vars)
    if objective == "cost":
        c[:n_pairs] = problem.pair_cost
    elif minimax:
        c[-2] = 1.0
    else:
        c[n_pairs : n_pairs + n_dev] = dev_cost
    offset = 0.0 if gap is None or objective == "cost" else (1.0 if minimax else dev_cost.sum())
    c[-1] = offset
    integrality = np.zeros(n_vars)
    integrality[:n_pairs] = 1
    low = np.zeros(n_vars)
    low[-1] = 1.0  # the offset variable is fixed to 1
    high = np.concatenate([np.ones(n_pairs), dev_upper, [np.inf] if minimax else [], [1.0]])
    options: dict[str, float] = {}
    if time_limit is not None:
        options["time_limit"] = time_limit
    if gap is not None:
        options["mip_rel_gap"] = gap
    result = milp(
        c,
        constraints=LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper)),
        integrality=integrality,
        bounds=Bounds(low, high),
        options=options,
    )
    partner_of = np.full(n_packages, -1, dtype=np.int64)
    if result.x is not None:
        chosen = result.x[:n_pairs] > 0.5
        partner_of[problem.pair_package[chosen]] = problem.pair_partner[chosen]
    value = float(result.fun) - offset if result.fun is not None else float("nan")
    bound = getattr(result, "mip_dual_bound", None)
    bound = float(bound) - offset if bound is not None else float("nan")
    return Solution(partner_of, int(result.status), str(result.message), value, bound)
