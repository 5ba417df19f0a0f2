"""Argument checks of the similarity measures (:mod:`allied.measures.similarity`).

Each check takes what the user gave and either returns it as the array the
kernels need or raises :class:`~allied.errors.InputError` naming the argument
(lengths that differ, negative or non-finite weights, values outside the
range given to S, an unknown option). The public functions call them once;
the kernels (:mod:`allied.measures._similarity_kernels`) trust their input.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from allied._validation import check_choice
from allied.errors import InputError

__all__ = [
    "BoolArray",
    "FloatArray",
    "IntArray",
    "as_floats",
    "check_distance",
    "check_finite",
    "check_flags",
    "check_gap",
    "check_pair",
    "check_portfolios",
    "check_ranges",
    "check_same_length",
    "check_spread",
    "check_vector",
    "check_weights",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_DISTANCES: Final = ("absolute", "squared")


def check_flags(values: npt.ArrayLike, name: str) -> BoolArray:
    array = np.asarray(values)
    if array.dtype == np.bool_:
        return array
    try:
        numbers = array.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{name} must hold 0 or 1, not {array.dtype} values",
            where=f"argument {name}",
            fix="Give the ATOP obligation flag as 0/1 integers or booleans.",
        ) from exc
    bad = ~((numbers == 0) | (numbers == 1))
    if bad.any():
        position = int(np.flatnonzero(bad.ravel())[0])
        raise InputError(
            f"{name} must hold 0 or 1, found {array.ravel()[position]!r} at position {position}",
            where=f"argument {name}",
            fix="Give the ATOP obligation flag as 0/1; code a missing flag before coding ties.",
        )
    return np.asarray(numbers == 1)


def check_vector(values: npt.ArrayLike, name: str) -> FloatArray:
    array = as_floats(values, name)
    if array.ndim != 1:
        raise InputError(
            f"{name} must be one portfolio (1-D), not an array of shape {array.shape}",
            where=f"argument {name}",
            fix="Pass one state's ties; use the *_matrix functions for all dyads at once.",
        )
    check_finite(array, name)
    return array


def check_portfolios(values: npt.ArrayLike) -> FloatArray:
    array = as_floats(values, "portfolios")
    if array.ndim != 2:
        raise InputError(
            f"portfolios must be a 2-D matrix (states x third states), not shape {array.shape}",
            where="argument portfolios",
            fix="Stack one portfolio per row.",
        )
    check_finite(array, "portfolios")
    return array


def as_floats(values: npt.ArrayLike, name: str) -> FloatArray:
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{name} must hold numbers",
            where=f"argument {name}",
            fix="Code ties as numbers, e.g. with valued_ties().",
        ) from exc


def check_finite(array: FloatArray, name: str) -> None:
    bad = ~np.isfinite(array)
    if bad.any():
        place = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"{name} holds a missing or infinite value at index {place}",
            where=f"argument {name}",
            fix="Similarity needs a value for every third state: drop the third states "
            "without data, or code them as no tie if that is what the source means.",
        )


def check_same_length(x: FloatArray, y: FloatArray) -> None:
    if x.shape != y.shape:
        raise InputError(
            f"x has {x.size} elements but y has {y.size}",
            where="argument y",
            fix="Give two portfolios over the same third states, in the same order.",
        )


def check_pair(
    x: npt.ArrayLike, y: npt.ArrayLike, weights: npt.ArrayLike | None, ranges: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    xs = check_vector(x, "x")
    ys = check_vector(y, "y")
    check_same_length(xs, ys)
    return xs, ys, check_weights(weights, xs.size), check_ranges(ranges, xs.size)


def check_weights(weights: npt.ArrayLike | None, size: int) -> FloatArray:
    if weights is None:
        return np.ones(size)
    w = as_floats(weights, "weights")
    if w.shape != (size,):
        raise InputError(
            f"weights has shape {w.shape}, expected ({size},): one weight per third state",
            where="argument weights",
            fix="Give one non-negative weight per third state, in portfolio order.",
        )
    check_finite(w, "weights")
    if (w < 0).any():
        position = int(np.flatnonzero(w < 0)[0])
        raise InputError(
            f"weights must be non-negative, found {w[position]:g} at index {position}",
            where="argument weights",
            fix="Use non-negative weights such as capability shares.",
        )
    return w


def check_ranges(ranges: npt.ArrayLike, size: int) -> FloatArray:
    r = as_floats(ranges, "ranges")
    if r.ndim == 0:
        r = np.full(size, float(r))
    elif r.shape != (size,):
        raise InputError(
            f"ranges has shape {r.shape}, expected a scalar or ({size},)",
            where="argument ranges",
            fix="Give one theoretical range, or one per third state.",
        )
    if not (np.isfinite(r) & (r > 0)).all():
        raise InputError(
            "ranges must be positive and finite",
            where="argument ranges",
            fix="Give the theoretical range of the coding, e.g. TOP_VALUE['atop'] (3).",
        )
    return r


def check_distance(distance: str) -> str:
    return check_choice(distance, _DISTANCES, argument="distance")


def check_gap(gap: FloatArray, r: FloatArray) -> None:
    over = gap > r * (1.0 + 1e-12)
    if over.any():
        k = int(np.flatnonzero(over)[0])
        raise InputError(
            f"x and y differ by {gap[k]:g} at index {k}, more than its range {r[k]:g}",
            where="argument ranges",
            fix="Give the theoretical range of the coding (3 for 'atop' and 'cow', "
            "1 for 'binary'); it must cover every value.",
        )


def check_spread(p: FloatArray, r: FloatArray) -> None:
    if p.shape[0] == 0:
        return
    check_gap(p.max(axis=0) - p.min(axis=0), r)
