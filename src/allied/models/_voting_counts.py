"""Exact counts of winning coalitions, by size and by member: the engine of voting power.

A game here is ``criteria`` (a ``k x n`` array of non-negative integer weights,
row 0 the member count, all ones) and ``clauses`` (each a list of
``(row, quota)`` pairs): a coalition wins when, for some clause, its weight
on every listed row reaches the quota. Every engine returns the same
:class:`Counts`: ``by_size[s]``, the number N(s) of winning coalitions of
size s, and ``with_player[i][s]``, the number N+(i, s) of those that contain
player i, as Python integers. Banzhaf and Shapley-Shubik indices follow from
them exactly (:func:`allied.models.voting_power`).

Engines (:func:`count_winning` picks one):

``closed form``
    every row gives all players the same weight, so only the size matters:
    N(s) = C(n, s) and N+(i, s) = C(n-1, s-1) for winning sizes.
``brute force``
    every one of the 2^n coalitions, in chunks of 2^18 (numpy); the test
    oracle and the benchmark baseline.
``generating function``
    one weight row besides the count: coalitions counted by (size, weight)
    with a dynamic programme, O(n^2 W) for total weight W, then each
    player's counts by removing it from the polynomial.
``meet in the middle``
    split the players into halves A and B and enumerate each half's 2^(n/2)
    subsets with their weight sums. The rows but one (the *large* row, such
    as population) are few-valued and form a key; for a key of A and a key
    of B the clauses reduce to "large sum of A + large sum of B >= T", so
    the partners of every A-subset are counted with one ``searchsorted``
    per B-key group on the sorted large sums. The counts per A-subset and
    total size, multiplied by the subsets' membership bits, give N+ for the
    players of A; the same with the halves swapped gives it for B.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

Clause = Sequence[tuple[int, int]]

#: Stand-ins for minus and plus infinity in int64 threshold arithmetic.
_NEG, _POS = -(1 << 62), 1 << 62
#: The most players meet-in-the-middle enumerates (2^18 subsets per half).
MITM_MAX_PLAYERS = 36
#: The most players brute force is chosen for automatically.
BRUTE_FORCE_AUTO = 20
_CHUNK_BITS = 18


@dataclass(frozen=True)
class Counts:
    """Winning coalitions by size, in all (``by_size``) and per player (``with_player``)."""

    by_size: tuple[int, ...]
    with_player: tuple[tuple[int, ...], ...]
    method: str


def wins(sums: np.ndarray, clauses: Sequence[Clause]) -> np.ndarray:
    """Which rows of ``sums`` (coalitions x criteria) meet some clause."""
    out = np.zeros(sums.shape[0], dtype=bool)
    for clause in clauses:
        ok = np.ones(sums.shape[0], dtype=bool)
        for row, quota in clause:
            ok &= sums[:, row] >= quota
        out |= ok
    return out


def count_winning(criteria: np.ndarray, clauses: Sequence[Clause], method: str = "auto") -> Counts:
    """Exact winning-coalition counts by the cheapest engine that applies.

    ``method`` forces one: ``"closed form"``, ``"brute force"``,
    ``"generating function"`` or ``"meet in the middle"``.
    """
    used = sorted({0} | {row for clause in clauses for row, _ in clause})
    criteria = criteria[used]
    remap = {row: i for i, row in enumerate(used)}
    clauses = [[(remap[row], quota) for row, quota in clause] for clause in clauses]
    n = criteria.shape[1]
    fallback = method == "auto"
    if fallback:
        method = _choose(criteria, n)
    if method == "closed form":
        return _closed_form(criteria, clauses)
    if method == "brute force":
        return brute_force(criteria, clauses)
    if method == "generating function":
        return _generating_function(criteria, clauses)
    return _meet_in_the_middle(criteria, clauses, fallback=fallback)


def engine(criteria: np.ndarray) -> str:
    """The engine :func:`count_winning` picks for these weights (before any fallback)."""
    return _choose(criteria, criteria.shape[1])


def _choose(criteria: np.ndarray, n: int) -> str:
    if bool(np.all(criteria == criteria[:, :1])):
        return "closed form"
    if n <= BRUTE_FORCE_AUTO:
        return "brute force"
    if criteria.shape[0] == 2 and int(criteria[1].sum()) * n * n <= 2e8:
        return "generating function"
    return "meet in the middle"


# --------------------------------------------------------------------------- helpers


def _from_arrays(by_size: np.ndarray, with_player: np.ndarray, method: str) -> Counts:
    return Counts(
        by_size=tuple(int(v) for v in by_size),
        with_player=tuple(tuple(int(v) for v in row) for row in with_player),
        method=method,
    )


def _closed_form(criteria: np.ndarray, clauses: Sequence[Clause]) -> Counts:
    n = criteria.shape[1]
    sizes = np.arange(n + 1, dtype=np.int64)
    winning = wins(criteria[:, :1].T * sizes[:, None], clauses)
    by_size = [comb(n, s) if winning[s] else 0 for s in range(n + 1)]
    row = [comb(n - 1, s - 1) if s and winning[s] else 0 for s in range(n + 1)]
    return Counts(tuple(by_size), tuple(tuple(row) for _ in range(n)), "closed form")


def brute_force(criteria: np.ndarray, clauses: Sequence[Clause]) -> Counts:
    """Enumerate all 2^n coalitions in chunks of 2^18 (vectorized within a chunk)."""
    n = criteria.shape[1]
    exact_float = int(criteria.sum()) < 2**52
    weights = criteria.T.astype(np.float64 if exact_float else np.int64)
    shifts = np.arange(n, dtype=np.int64)
    by_size = np.zeros(n + 1, dtype=np.int64)
    with_player = np.zeros((n, n + 1), dtype=np.int64)
    chunk = 1 << min(n, _CHUNK_BITS)
    for start in range(0, 1 << n, chunk):
        masks = np.arange(start, start + chunk, dtype=np.int64)
        bits = ((masks[:, None] >> shifts) & 1).astype(weights.dtype)
        sums = bits @ weights
        winning = wins(sums, clauses)
        size = sums[winning, 0].astype(np.int64)
        by_size += np.bincount(size, minlength=n + 1)
        onehot = np.zeros((size.size, n + 1), dtype=weights.dtype)
        onehot[np.arange(size.size), size] = 1
        with_player += (bits[winning].T @ onehot).astype(np.int64)
    return _from_arrays(by_size, with_player, "brute force")


def _generating_function(criteria: np.ndarray, clauses: Sequence[Clause]) -> Counts:
    """Counts by (size, weight) for a count row and one weight row."""
    n = criteria.shape[1]
    weight = [int(w) for w in criteria[1]]
    total = sum(weight)
    dtype: type = np.int64 if n <= 60 else object
    full = np.zeros((n + 1, total + 1), dtype=dtype)
    full[0, 0] = 1
    reached = 0
    for w in weight:
        reached += w
        shifted = np.zeros_like(full)
        shifted[1:, w : reached + 1] = full[:-1, : reached + 1 - w]
        full = full + shifted
    grid = np.stack(
        np.meshgrid(np.arange(n + 1), np.arange(total + 1), indexing="ij"), axis=-1
    ).reshape(-1, 2)
    winning = wins(grid, clauses).reshape(n + 1, total + 1)
    by_size = np.where(winning, full, 0).sum(axis=1)
    with_player = np.zeros((n, n + 1), dtype=dtype)
    done: dict[int, np.ndarray] = {}
    for i, w in enumerate(weight):
        if w not in done:
            excluded = np.zeros_like(full)  # coalitions of the others, by (size, weight)
            excluded[0] = full[0]
            for s in range(1, n + 1):
                excluded[s] = full[s]
                excluded[s, w:] -= excluded[s - 1, : total + 1 - w]
            row = np.zeros(n + 1, dtype=dtype)
            for s in range(1, n + 1):  # i joins a coalition of s - 1 others
                row[s] = np.where(winning[s, w:], excluded[s - 1, : total + 1 - w], 0).sum()
            done[w] = row
        with_player[i] = done[w]
    return _from_arrays(by_size, with_player, "generating function")


# --------------------------------------------------------------------------- meet in the middle


@dataclass(frozen=True)
class _Half:
    """Every subset of one half: its key (few-valued sums), large sum and size."""

    keys: np.ndarray  # (distinct keys, key rows)
    inverse: np.ndarray  # subset -> key index
    large: np.ndarray  # subset -> large sum (zeros when there is no large row)
    size: np.ndarray  # subset -> number of members
    players: int


def _subsets(criteria: np.ndarray, key_rows: list[int], large_row: int | None) -> _Half:
    k, m = criteria.shape
    sums = np.zeros((1, k), dtype=np.int64)
    for j in range(m):  # subset index = sum of 2^j over its members j
        sums = np.concatenate([sums, sums + criteria[:, j]])
    keys, inverse = np.unique(sums[:, key_rows], axis=0, return_inverse=True)
    large = sums[:, large_row] if large_row is not None else np.zeros(len(sums), np.int64)
    return _Half(keys, inverse.ravel(), large, sums[:, 0], m)


def _thresholds(keys: np.ndarray, compiled: list[tuple[Clause, int | None]]) -> np.ndarray:
    """The large sum each combined key needs (``_NEG``: none, ``_POS``: cannot win)."""
    need = np.full(keys.shape[0], _POS, dtype=np.int64)
    for small, large_quota in compiled:
        ok = np.ones(keys.shape[0], dtype=bool)
        for position, quota in small:
            ok &= keys[:, position] >= quota
        need = np.where(ok, np.minimum(need, _NEG if large_quota is None else large_quota), need)
    return need


def _partner_counts(
    x: _Half, y: _Half, compiled: list[tuple[Clause, int | None]], n: int
) -> np.ndarray:
    """M[a, s]: subsets of y that, joined to subset a of x, win with s members in all."""
    order = np.lexsort((y.large, y.inverse))
    sorted_large = y.large[order]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(y.inverse, minlength=len(y.keys)))])
    y_size = np.zeros(len(y.keys), dtype=np.int64)
    y_size[y.inverse] = y.size
    rows = np.arange(len(x.inverse))
    out = np.zeros((len(x.inverse), n + 1), dtype=np.int64)
    for g, key in enumerate(y.keys):
        group = sorted_large[bounds[g] : bounds[g + 1]]
        need = _thresholds(x.keys + key, compiled)[x.inverse]
        found = group.size - np.searchsorted(group, need - x.large, side="left")
        out[rows, x.size + y_size[g]] += found
    return out


def _per_player(partners: np.ndarray, players: int) -> np.ndarray:
    """N+(j, s) for each player j of a half: partner counts summed over subsets with j."""
    bits = (np.arange(partners.shape[0])[:, None] >> np.arange(players)) & 1
    return np.asarray(bits.T @ partners)


def _meet_in_the_middle(
    criteria: np.ndarray, clauses: Sequence[Clause], *, fallback: bool = False
) -> Counts:
    k, n = criteria.shape
    half = n // 2
    distinct = [len(np.unique(criteria[row])) for row in range(k)]
    candidates = [row for row in range(1, k) if distinct[row] > 1]
    large_row = max(candidates, key=lambda row: int(criteria[row].sum())) if candidates else None
    key_rows = [row for row in range(k) if row != large_row]
    position = {row: i for i, row in enumerate(key_rows)}
    compiled: list[tuple[Clause, int | None]] = []
    for clause in clauses:
        small = [(position[row], quota) for row, quota in clause if row != large_row]
        large = [quota for row, quota in clause if row == large_row]
        compiled.append((small, max(large) if large else None))
    a = _subsets(criteria[:, :half], key_rows, large_row)
    b = _subsets(criteria[:, half:], key_rows, large_row)
    work = len(b.keys) * len(a.inverse) + len(a.keys) * len(b.inverse)
    if fallback and n <= 30 and work > (1 << n) // 4:  # too many key groups to pay off
        return brute_force(criteria, clauses)
    from_a = _partner_counts(a, b, compiled, n)
    from_b = _partner_counts(b, a, compiled, n)
    with_player = np.vstack([_per_player(from_a, a.players), _per_player(from_b, b.players)])
    return _from_arrays(from_a.sum(axis=0), with_player, "meet in the middle")
