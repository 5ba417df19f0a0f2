"""Kernels of the similarity measures: every dyad of a year in a few dense products.

The formulas are in the Notes of :func:`allied.measures.similarity.s_matrix`,
:func:`~allied.measures.similarity.kappa_matrix`,
:func:`~allied.measures.similarity.pi_matrix` and
:func:`~allied.measures.similarity.tau_b_matrix`; the one-pair versions
(:func:`agreement`, :func:`nominal_pi`) follow the published definitions
directly. Inputs are checked by :mod:`allied.measures._similarity_checks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
import numpy.typing as npt

from allied._ranges import expand_ranges
from allied.measures._similarity_checks import (
    BoolArray,
    FloatArray,
    check_portfolios,
    check_ranges,
    check_weights,
)

__all__ = [
    "MAX_TAU_LEVELS",
    "NAN",
    "absolute_distances",
    "agreement",
    "agreement_matrix",
    "integer_levels",
    "nominal_pi",
    "nominal_pi_matrix",
    "squared_distances",
    "symmetric",
    "tau_signs",
    "tau_table",
]

# Integer portfolios with at most this many distinct levels use the threshold
# (L1) and cross-tabulation (tau-b) shortcuts; others take the exact general path.
_MAX_THRESHOLDS: Final = 64
MAX_TAU_LEVELS: Final = 8
# Elements per temporary block in the general (chunked) paths: 32 MB of float64.
_BLOCK: Final = 1 << 22
NAN: Final = float("nan")


def agreement(x: FloatArray, y: FloatArray, w: FloatArray, r: FloatArray, *, pooled: bool) -> float:
    total = float(w.sum())
    qx, qy = x / r, y / r  # constant after rescaling counts as constant
    if not total > 0 or _equal_constants(qx, qy, w):
        return NAN
    u = w / total
    mx, my = float(u @ qx), float(u @ qy)
    observed = float(u @ (qx - qy) ** 2)
    spread = float(u @ (qx - mx) ** 2) + float(u @ (qy - my) ** 2)
    gap = (mx - my) ** 2
    expected = spread + (gap / 2 if pooled else gap)
    if not expected > 0:
        return NAN
    return float(np.clip(1.0 - observed / expected, -1.0, 1.0))


def nominal_pi(x: FloatArray, y: FloatArray, w: FloatArray) -> float:
    total = float(w.sum())
    if not total > 0 or _equal_constants(x, y, w):
        return NAN
    u = w / total
    _, codes = np.unique(np.concatenate([x, y]), return_inverse=True)
    shares = np.bincount(codes, weights=np.concatenate([u, u])) / 2.0
    observed = float(u @ (x != y))
    expected = 1.0 - float(shares @ shares)
    if not expected > 0:
        return NAN
    return float(np.clip(1.0 - observed / expected, -1.0, 1.0))


def _equal_constants(x: FloatArray, y: FloatArray, w: FloatArray) -> bool:
    keep = w > 0
    xs, ys = x[keep], y[keep]
    return bool(xs.size) and bool((xs == xs[0]).all()) and bool((ys == xs[0]).all())


def _constant_rows(p: FloatArray, w: FloatArray) -> tuple[BoolArray, FloatArray]:
    """Rows constant over the positive-weight columns, and their value."""
    kept = p[:, w > 0]
    first = kept[:, 0]
    return np.asarray((kept == first[:, None]).all(axis=1)), first


def _undefined(p: FloatArray, w: FloatArray) -> BoolArray:
    """Dyads of two equal constant rows: expected disagreement 0."""
    constant, value = _constant_rows(p, w)
    return np.asarray(np.outer(constant, constant) & (value[:, None] == value[None, :]))


def agreement_matrix(
    portfolios: npt.ArrayLike,
    weights: npt.ArrayLike | None,
    ranges: npt.ArrayLike,
    *,
    pooled: bool,
) -> FloatArray:
    p = check_portfolios(portfolios)
    n, m = p.shape
    w = check_weights(weights, m)
    r = check_ranges(ranges, m)
    total = float(w.sum())
    if not total > 0:
        return np.full((n, n), NAN)
    u = w / total
    q = p / r
    means = q @ u
    centred = q - means[:, None]
    variances = (centred * centred) @ u
    covariance = (centred * u) @ centred.T
    gap = (means[:, None] - means[None, :]) ** 2
    if pooled:
        gap = gap / 2.0
    numerator = 2.0 * covariance - (gap if pooled else 0.0)
    expected = variances[:, None] + variances[None, :] + gap
    undefined = _undefined(q, w)
    out = np.full((n, n), NAN)
    np.divide(numerator, expected, out=out, where=~undefined & (expected > 0))
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, np.where(np.diag(undefined), NAN, 1.0))
    return symmetric(out)


def nominal_pi_matrix(p: FloatArray, w: FloatArray) -> FloatArray:
    n, _ = p.shape
    total = float(w.sum())
    if not total > 0:
        return np.full((n, n), NAN)
    u = w / total
    categories, codes = np.unique(p, return_inverse=True)
    codes = codes.reshape(p.shape)
    shares = np.zeros((n, categories.size))
    np.add.at(shares, (np.repeat(np.arange(n), p.shape[1]), codes.ravel()), np.tile(u, n))
    if categories.size <= 32:
        observed = np.zeros((n, n))
        for c in range(categories.size):
            indicator = (codes == c).astype(np.float64)
            observed += (indicator * u) @ (1.0 - indicator).T
    else:
        observed = _blockwise(p, u, np.not_equal)
    own = (shares * shares).sum(axis=1)
    agreement = (own[:, None] + own[None, :] + 2.0 * (shares @ shares.T)) / 4.0
    expected = 1.0 - agreement
    undefined = _undefined(p, w)
    out = np.full((n, n), NAN)
    np.divide(expected - observed, expected, out=out, where=~undefined & (expected > 0))
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, np.where(np.diag(undefined), NAN, 1.0))
    return symmetric(out)


def integer_levels(p: FloatArray) -> tuple[int, int] | None:
    """(lowest, highest) value when every value is an integer; else None."""
    if p.size == 0 or not (p == np.round(p)).all():
        return None
    return int(p.min()), int(p.max())


def absolute_distances(p: FloatArray, v: FloatArray) -> FloatArray:
    """``D[i, j] = sum_k v_k |P[i, k] - P[j, k]|``."""
    n, _ = p.shape
    levels = integer_levels(p)
    if levels is None or levels[1] - levels[0] > _MAX_THRESHOLDS:
        return _blockwise(p, v, lambda a, b: np.abs(a - b))
    # Threshold indicators 1[P > t] for every level t side by side: (n, levels * m).
    thresholds = np.arange(levels[0], levels[1], dtype=np.float64)
    above = (p[:, None, :] > thresholds[None, :, None]).astype(np.float64).reshape(n, -1)
    one_way = (above * np.tile(v, thresholds.size)) @ (1.0 - above).T
    return np.asarray(one_way + one_way.T)


def squared_distances(p: FloatArray, v: FloatArray) -> FloatArray:
    """``D[i, j] = sum_k v_k (P[i, k] - P[j, k])**2``, clipped at 0."""
    centred = p - p.mean(axis=0) if p.shape[0] else p
    norms = (centred * centred) @ v
    gram = (centred * v) @ centred.T
    dist = norms[:, None] + norms[None, :] - 2.0 * gram
    return np.maximum(dist, 0.0)


def _blockwise(
    p: FloatArray,
    v: FloatArray,
    op: Callable[[FloatArray, FloatArray], npt.NDArray[np.generic]],
) -> FloatArray:
    """``D[i, j] = sum_k v_k op(P[i, k], P[j, k])`` in blocks of rows (no dyad loop)."""
    n, m = p.shape
    out = np.zeros((n, n))
    step = max(1, _BLOCK // max(n * m, 1))
    for start in range(0, n, step):
        block = op(p[start : start + step, None, :], p[None, :, :])
        out[start : start + step] = block.astype(np.float64) @ v
    return out


def tau_table(p: FloatArray, low: int, levels: int) -> tuple[FloatArray, FloatArray]:
    """Tau-b numerators and untied pair counts from level cross-tabulations.

    ``sgn(x_k - x_l) = sum_a 1[x_k = a] sgn(a - x_l)``, so over ordered pairs
    ``sum_kl sgn(x_k - x_l) sgn(y_k - y_l) = sum_ab C_ab * E_ab`` with the
    cross-tabulations ``C_ab = I_a I_b'`` and ``E = (M x M) C``,
    ``M[a, a'] = sgn(a - a')``; each unordered pair counts twice.
    """
    n, m = p.shape
    codes = (p - low).astype(np.intp)
    indicators = np.stack([(codes == a) for a in range(levels)]).astype(np.float64)
    counts = indicators.sum(axis=2)  # (levels, n)
    untied = m * (m - 1) / 2.0 - (counts * (counts - 1.0) / 2.0).sum(axis=0)
    flat = indicators.reshape(levels * n, m)
    order = np.arange(levels, dtype=np.float64)
    signs = np.sign(order[:, None] - order[None, :])
    numerator = np.zeros((n, n))
    step = max(1, _BLOCK // (4 * levels * levels * max(n, 1)))
    for start in range(0, n, step):
        rows = indicators[:, start : start + step, :]
        size = rows.shape[1]
        # table[a, i, b, j]: third states where row i has level a and row j level b.
        table = (rows.reshape(levels * size, m) @ flat.T).reshape(levels, size * levels * n)
        signed = (signs @ table).reshape(levels * size, levels, n)
        signed = np.matmul(signs, signed).reshape(levels, size, levels, n)
        product = table.reshape(levels, size, levels, n) * signed
        numerator[start : start + size] = product.sum(axis=(0, 2)) / 2.0
    return numerator, untied


def tau_signs(p: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Tau-b numerators and untied pair counts from sign vectors over column pairs."""
    n, m = p.shape
    numerator = np.zeros((n, n))
    untied = np.zeros(n)
    if m < 2:
        return numerator, untied
    counts = m - 1 - np.arange(m - 1)  # pairs (k, l > k) for each k
    ends = np.cumsum(counts)
    step = max(1, _BLOCK // max(n, 1))
    k0 = 0
    while k0 < m - 1:
        done = int(ends[k0] - counts[k0])
        k1 = min(max(int(np.searchsorted(ends, done + step, side="right")), k0 + 1), m - 1)
        source, second = expand_ranges(np.arange(k0, k1) + 1, counts[k0:k1])
        signs = np.sign(p[:, k0 + source] - p[:, second])
        numerator += signs @ signs.T
        untied += np.count_nonzero(signs, axis=1)
        k0 = k1
    return numerator, untied


def symmetric(matrix: FloatArray) -> FloatArray:
    """Average with the transpose, removing rounding asymmetry of matrix products."""
    return np.asarray((matrix + matrix.T) / 2.0)
