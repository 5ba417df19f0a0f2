"""Vectorized expansion of ranges: one output row per element of each range."""

from __future__ import annotations

import numpy as np

__all__ = ["expand_ranges"]


def expand_ranges(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expand ranges ``first[i] .. first[i] + count[i] - 1`` into rows.

    Returns ``(source, value)``: for every output row, the index of the range
    it came from and its value. Used to turn spells into years and year
    groups into pairs, without a Python loop.

    Examples
    --------
    >>> source, value = expand_ranges(np.array([1990, 2000]), np.array([3, 2]))
    >>> source.tolist(), value.tolist()
    ([0, 0, 0, 1, 1], [1990, 1991, 1992, 2000, 2001])
    """
    source = np.repeat(np.arange(len(count)), count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    return source, first[source] + offset
