"""Numeric kernels of cost sharing (``allied.models._cost_sharing``; private: inputs are trusted).

Coalitions are bitmasks: bit ``i`` of ``S`` is set when player ``i`` belongs
to ``S``, so a cost table of ``n`` players is an array of ``2**n`` numbers
with ``c[0] = 0`` (the empty coalition). Every kernel loops over players at
most, never over coalitions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import numpy as np
from scipy.optimize import linprog

#: Rows of the boolean membership matrix built at once when a cost function is tabulated.
CHUNK_ROWS = 1 << 18

CostFunction = Callable[[np.ndarray], np.ndarray]


def popcounts(n: int) -> np.ndarray:
    """Size of every coalition ``0 .. 2**n - 1`` (uint8), by doubling."""
    sizes = np.zeros(1, dtype=np.uint8)
    for _ in range(n):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes


def subset_sums(x: np.ndarray) -> np.ndarray:
    """``x(S)`` for every coalition ``S``, by doubling (one pass per player)."""
    sums = np.zeros(1, dtype=np.float64)
    for value in x:
        sums = np.concatenate([sums, sums + value])
    return sums


def membership(masks: np.ndarray, n: int) -> np.ndarray:
    """Boolean matrix: row ``k`` says which players belong to coalition ``masks[k]``."""
    bits = np.arange(n, dtype=np.int64)
    return ((masks.astype(np.int64)[:, None] >> bits[None, :]) & 1).astype(bool)


def tabulate(function: CostFunction, n: int) -> np.ndarray:
    """The cost of every coalition from a function vectorized over membership rows."""
    total = 1 << n
    table = np.empty(total, dtype=np.float64)
    for start in range(0, total, CHUNK_ROWS):
        stop = min(total, start + CHUNK_ROWS)
        rows = membership(np.arange(start, stop, dtype=np.int64), n)
        table[start:stop] = np.asarray(function(rows), dtype=np.float64).reshape(-1)
    table[0] = 0.0
    return table


def airport_table(requirements: np.ndarray) -> np.ndarray:
    """``c(S) = max_{i in S} r_i`` for every coalition, by doubling."""
    table = np.zeros(1, dtype=np.float64)
    for value in requirements:
        table = np.concatenate([table, np.maximum(table, value)])
    return table


def airport_costs(requirements: np.ndarray) -> CostFunction:
    """The airport cost function over membership rows (0 for the empty coalition)."""

    def cost(rows: np.ndarray) -> np.ndarray:
        return np.asarray(np.where(rows, requirements[None, :], 0.0).max(axis=1), dtype=np.float64)

    return cost


# --------------------------------------------------------------------------- Shapley


def shapley_exact(table: np.ndarray, n: int) -> np.ndarray:
    """Exact Shapley value from a full cost table.

    For each player ``i`` the table is viewed as ``(2**(n-1-i), 2, 2**i)``:
    the middle axis is bit ``i``, so ``c3[:, 1, :] - c3[:, 0, :]`` holds the
    marginal cost ``c(S + i) - c(S)`` of every ``S`` without ``i``, weighted
    by ``|S|! (n - |S| - 1)! / n!``.
    """
    sizes = popcounts(n)
    weights_by_size = np.array(
        [1.0 / (n * math.comb(n - 1, s)) for s in range(n)] + [0.0], dtype=np.float64
    )
    weights = weights_by_size[sizes]
    value = np.empty(n, dtype=np.float64)
    for i in range(n):
        shape = (1 << (n - 1 - i), 2, 1 << i)
        c3 = table.reshape(shape)
        w3 = weights.reshape(shape)
        value[i] = float(np.sum(w3[:, 0, :] * (c3[:, 1, :] - c3[:, 0, :])))
    return value


def shapley_by_loop(table: np.ndarray, n: int) -> np.ndarray:
    """Shapley's formula as usually written, a Python loop over every coalition.

    Not used by the library: the reference that tests and benchmarks hold
    :func:`shapley_exact` to.
    """
    value = np.zeros(n)
    for i in range(n):
        for mask in range(1 << n):
            if mask >> i & 1:
                continue
            s = bin(mask).count("1")
            weight = math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n)
            value[i] += weight * (table[mask | 1 << i] - table[mask])
    return value


def shapley_sampled(
    function: CostFunction, n: int, pairs: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Antithetic permutation sampling: the mean and standard error per player.

    Each sample is a random order and its reverse; the pair's average marginal
    costs are one observation (Castro, Gómez & Tejada 2009, with antithetic
    pairs). Returns the mean over pairs and its standard error (ddof 1).
    """
    batch = max(1, (1 << 22) // max(1, (n + 1) * n))
    observations = np.empty((pairs, n), dtype=np.float64)
    positions = np.arange(n + 1)[None, :, None]
    done = 0
    while done < pairs:
        size = min(batch, pairs - done)
        orders = np.argsort(rng.random((size, n)), axis=1)
        both = np.concatenate([orders, orders[:, ::-1]])
        ranks = np.empty_like(both)
        np.put_along_axis(ranks, both, np.arange(n)[None, :], axis=1)
        rows = ranks[:, None, :] < positions  # (2 size, n + 1, n): the first k in the order
        costs = np.asarray(function(rows.reshape(-1, n)), dtype=np.float64).reshape(2 * size, n + 1)
        costs[:, 0] = 0.0
        marginal = np.empty((2 * size, n), dtype=np.float64)
        marginal[np.arange(2 * size)[:, None], both] = np.diff(costs, axis=1)
        observations[done : done + size] = 0.5 * (marginal[:size] + marginal[size:])
        done += size
    mean = observations.mean(axis=0)
    if pairs < 2:
        return mean, np.full(n, np.nan)
    return mean, observations.std(axis=0, ddof=1) / math.sqrt(pairs)


# --------------------------------------------------------------------------- airport closed forms


def airport_shapley(requirements: np.ndarray) -> np.ndarray:
    """Littlechild & Owen (1973): each segment's cost split equally among its users."""
    n = len(requirements)
    order = np.argsort(requirements, kind="stable")
    ranked = requirements[order]
    increments = np.diff(ranked, prepend=0.0)
    users = np.arange(n, 0, -1, dtype=np.float64)  # segment k is used by n - k players
    value = np.empty(n, dtype=np.float64)
    value[order] = np.cumsum(increments / users)
    return value


def airport_nucleolus(requirements: np.ndarray) -> np.ndarray:
    """Littlechild (1974): the nucleolus of the airport game, stage by stage.

    With requirements sorted, ``c_1 <= ... <= c_n``, ``A`` the amount already
    assigned to the first ``k`` players: ``alpha = min_{k < j < n} (c_j - A) /
    (j - k + 1)``; players ``k+1 .. j*`` (``j*`` the largest minimizer) pay
    ``alpha``; repeat from ``k = j*``; the largest player pays the rest.
    """
    n = len(requirements)
    order = np.argsort(requirements, kind="stable")
    ranked = requirements[order]
    sorted_value = np.empty(n, dtype=np.float64)
    k, assigned = 0, 0.0
    while k < n - 1:
        j = np.arange(k + 1, n)  # 1-based positions k+1 .. n-1
        ratios = (ranked[j - 1] - assigned) / (j - k + 1)
        lowest = ratios.min()
        stop = int(j[np.flatnonzero(ratios <= lowest)[-1]])
        sorted_value[k:stop] = lowest
        assigned += (stop - k) * lowest
        k = stop
    sorted_value[n - 1] = ranked[n - 1] - assigned
    value = np.empty(n, dtype=np.float64)
    value[order] = sorted_value
    return value


# --------------------------------------------------------------------------- nucleolus


class EmptyImputationSetError(ValueError):
    """The stand-alone costs sum to less than the grand coalition's cost."""


def nucleolus_lp(table: np.ndarray, n: int, tolerance: float = 1e-9) -> tuple[np.ndarray, int]:
    """The nucleolus of a cost game by a sequence of linear programs (HiGHS).

    Round ``k`` solves ``min t`` subject to ``x(S) - c(S) <= t`` for the active
    coalitions, ``x(S) - c(S) = t_j`` for the coalitions fixed in earlier
    rounds, ``x(N) = c(N)`` and ``x_i <= c({i})``. Coalitions with a positive
    dual price are tight in every optimum (complementary slackness), so they
    are fixed at ``t*``; active coalitions whose membership vectors fall in the
    span of the fixed ones (and ``N``) have a determined excess and leave. The
    allocation is unique once the fixed vectors span ``R^n``.

    Returns the allocation and the number of linear programs solved.
    """
    grand = (1 << n) - 1
    standalone = table[1 << np.arange(n)]
    scale = max(1.0, float(np.abs(table).max()))
    if float(standalone.sum()) < table[grand] - tolerance * scale:
        raise EmptyImputationSetError
    if n == 1:
        return np.array([table[grand]]), 0
    masks = np.arange(1, grand, dtype=np.int64)
    matrix = membership(masks, n).astype(np.float64)
    fixed_rows: list[np.ndarray] = [np.ones(n)]
    fixed_rhs: list[float] = [float(table[grand])]
    basis = np.ones((n, 1)) / math.sqrt(n)
    active = np.ones(len(masks), dtype=bool)
    bounds = [(None, float(value)) for value in standalone] + [(None, None)]
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    rounds = 0
    while basis.shape[1] < n:
        rows = matrix[active]
        a_ub = np.hstack([rows, -np.ones((len(rows), 1))])
        b_ub = table[masks[active]]
        a_eq = np.hstack([np.array(fixed_rows), np.zeros((len(fixed_rows), 1))])
        result = linprog(
            objective,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=np.array(fixed_rhs),
            bounds=bounds,
            method="highs",
        )
        rounds += 1
        if result.status != 0:  # pragma: no cover - the imputation set was checked above
            raise RuntimeError(f"nucleolus LP failed: {result.message}")
        level = float(result.x[-1])
        duals = -np.asarray(result.ineqlin.marginals)
        tight = duals > tolerance * max(1.0, float(duals.max()))
        if not tight.any():  # pragma: no cover - the duals of the t-column sum to 1
            tight = duals >= duals.max()
        positions = np.flatnonzero(active)[tight]
        for position in positions:
            fixed_rows.append(matrix[position])
            fixed_rhs.append(float(table[masks[position]]) + level)
        active[positions] = False
        basis = _orthonormal(np.array(fixed_rows).T)
        if active.any():
            candidates = matrix[active]
            residual = candidates - (candidates @ basis) @ basis.T
            spanned = np.linalg.norm(residual, axis=1) <= 1e-9 * math.sqrt(n)
            active[np.flatnonzero(active)[spanned]] = False
    x, *_ = np.linalg.lstsq(np.array(fixed_rows), np.array(fixed_rhs), rcond=None)
    return np.asarray(x, dtype=np.float64), rounds


def _orthonormal(columns: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the column span (SVD, numerical rank)."""
    u, s, _ = np.linalg.svd(columns, full_matrices=False)
    rank = int(np.sum(s > 1e-9 * max(1.0, float(s.max()))))
    return np.asarray(u[:, :rank])


# --------------------------------------------------------------------------- rounding


def hamilton(amounts: np.ndarray, cost: float, decimals: int) -> tuple[np.ndarray, int]:
    """Largest-remainder rounding in units of ``10**-decimals``.

    Returns integer units per player (a Python-int object array) that sum
    exactly to the cost rounded half-to-even, and that total. Quotas are read
    from the floats' shortest decimal representations, so the arithmetic is
    exact.
    """
    unit = Decimal(1).scaleb(-decimals)
    total = int((Decimal(repr(float(cost))) / unit).to_integral_value(ROUND_HALF_EVEN))
    quotas = [Decimal(repr(float(a))) / unit for a in amounts]
    floors = [int(q.to_integral_value(ROUND_FLOOR)) for q in quotas]
    remainders = [q - f for q, f in zip(quotas, floors, strict=True)]
    left = total - sum(floors)
    n = len(floors)
    base, extra = divmod(left, n)
    # largest remainders first (ties: the player listed first); a negative `left`
    # gives base = -1 and takes a unit back from the smallest remainders
    ranked = sorted(range(n), key=lambda i: (-remainders[i], i))
    units = [f + base for f in floors]
    for i in ranked[:extra]:
        units[i] += 1
    return np.array(units, dtype=object), total
