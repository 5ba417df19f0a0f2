"""Vectorized joins onto panels: dense grids instead of hash merges.

State-year values sit in a dense array indexed by (rank of code, year);
dyad-year values in a cube indexed by (rank of code1, rank of code2, year).
Joining is then one integer gather per column, with no sort, no hash table
and no change to the panel's rows or order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["DyadGrid", "StateGrid", "nullable_int"]


@dataclass(frozen=True)
class StateGrid:
    """Dense (code, year) cells covering a set of codes and a span of years."""

    codes: np.ndarray
    first_year: int
    n_years: int

    @classmethod
    def covering(cls, codes: np.ndarray, years: np.ndarray) -> StateGrid:
        """A grid over the distinct non-negative ``codes`` and the span of ``years``."""
        distinct = pd.unique(codes[codes >= 0])
        distinct.sort()
        first, last = (int(years.min()), int(years.max())) if len(years) else (0, 0)
        return cls(distinct, first, last - first + 1)

    @property
    def size(self) -> int:
        """Number of (code, year) cells."""
        return len(self.codes) * self.n_years

    def cells(self, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
        """Cell of each (code, year); -1 where the code or year is off the grid."""
        lookup = np.full(int(max(self.codes.max(initial=0), codes.max(initial=0))) + 2, -1)
        lookup[self.codes] = np.arange(len(self.codes))
        rank = lookup[np.where(codes >= 0, codes, -1)]
        offset = years - self.first_year
        valid = (rank >= 0) & (offset >= 0) & (offset < self.n_years)
        cells: np.ndarray = np.where(valid, rank * self.n_years + offset, -1)
        return cells

    def scatter(self, cells: np.ndarray, values: np.ndarray, fill: float = np.nan) -> np.ndarray:
        """A dense array of the grid holding ``values`` at ``cells`` (others ``fill``)."""
        dense = np.full(self.size, fill, dtype=np.result_type(values.dtype, type(fill)))
        keep = cells >= 0
        dense[cells[keep]] = values[keep]
        return dense


def gather(dense: np.ndarray, cells: np.ndarray, fill: float = np.nan) -> np.ndarray:
    """``dense[cells]`` with ``fill`` where a cell is -1."""
    values: np.ndarray = dense[np.maximum(cells, 0)]
    if (cells < 0).any():
        values = values.astype(np.result_type(values.dtype, type(fill)), copy=False)
        values[cells < 0] = fill
    return values


@dataclass(frozen=True)
class DyadGrid:
    """Dense (code1, code2, year) cells: a state grid squared in the codes."""

    states: StateGrid

    @property
    def size(self) -> int:
        """Number of (code1, code2, year) cells."""
        return len(self.states.codes) ** 2 * self.states.n_years

    def cells(self, code1: np.ndarray, code2: np.ndarray, years: np.ndarray) -> np.ndarray:
        """Cell of each (code1, code2, year); -1 where off the grid."""
        cell1 = self.states.cells(code1, years)
        cell2 = self.states.cells(code2, years)
        n_codes, n_years = len(self.states.codes), self.states.n_years
        rank1 = cell1 // n_years
        valid = (cell1 >= 0) & (cell2 >= 0)
        return np.where(valid, rank1 * (n_codes * n_years) + cell2, -1)


def nullable_int(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """A pandas nullable ``Int8`` column: ``values``, NA where ``missing``."""
    return pd.arrays.IntegerArray(values.astype(np.int8), missing.astype(bool))
