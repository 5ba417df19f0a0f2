"""Vectorized joins onto panels: dense grids instead of hash merges.

A panel's :class:`PanelGrid` numbers its distinct (state, year) cells once:
each row's side(s) point at a cell. A dataset is joined by computing one
value per cell (a small array: states x years) and gathering it for every
row, so each column costs one integer gather over the panel, with no sort,
no hash table and no change to the panel's rows or order. Dyad-level data
use the cube (cell of state 1, state 2) in the same way.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["PanelGrid", "nullable_int", "per_cell", "prefaulted", "rank_lookup"]


def rank_lookup(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct non-negative integer ``values`` (sorted) and a table value → rank (-1 if absent).

    A scatter into a presence table instead of a sort: state codes are small.
    """
    valid = values[values >= 0]
    size = int(valid.max()) + 1 if len(valid) else 1
    present = np.zeros(size, dtype=bool)
    present[valid] = True
    distinct = np.flatnonzero(present)
    table = np.full(size, -1, dtype=np.int64)
    table[distinct] = np.arange(len(distinct))
    return distinct, table


def _ranks(table: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``table[values]``, -1 for values outside the table."""
    inside = (values >= 0) & (values < len(table))
    ranks: np.ndarray = np.where(inside, table[np.where(inside, values, 0)], -1)
    return ranks


@dataclass(frozen=True)
class PanelGrid:
    """The (state, year) cells of a panel and, per side, each row's cell."""

    codes: np.ndarray
    first_year: int
    n_years: int
    side_cells: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, sides: list[np.ndarray], years: np.ndarray) -> PanelGrid:
        """The grid of a panel whose rows have state codes ``sides`` and ``years``."""
        codes, table = rank_lookup(np.concatenate(sides) if len(sides) > 1 else sides[0])
        first = int(years.min()) if len(years) else 0
        n_years = int(years.max()) - first + 1 if len(years) else 1
        offset = years - first
        index_type = np.int32 if len(codes) ** 2 * n_years < 2**31 else np.int64
        cells = tuple((table[side] * n_years + offset).astype(index_type) for side in sides)
        return cls(codes, first, n_years, cells)

    @property
    def size(self) -> int:
        """Number of (state, year) cells."""
        return len(self.codes) * self.n_years

    def cell_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """(code, year) of every cell, in cell order."""
        code = np.repeat(self.codes, self.n_years)
        year = np.tile(np.arange(self.first_year, self.first_year + self.n_years), len(self.codes))
        return code, year

    def cells_of(self, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
        """Cell of each (code, year) given in this grid's system; -1 where off the grid."""
        _, table = rank_lookup(self.codes) if len(self.codes) else (None, np.zeros(1, np.int64))
        rank = _ranks(table, codes)
        offset = years - self.first_year
        valid = (rank >= 0) & (offset >= 0) & (offset < self.n_years)
        cells: np.ndarray = np.where(valid, rank * self.n_years + offset, -1)
        return cells

    def dyad_cells(self) -> np.ndarray:
        """Each dyad row's cell in the (state 1, state 2, year) cube."""
        first, second = self.side_cells
        cube: np.ndarray = first // self.n_years
        cube *= self.size
        cube += second
        return cube

    def dyad_cells_of(self, code1: np.ndarray, code2: np.ndarray, years: np.ndarray) -> np.ndarray:
        """Cube cell of each (code1, code2, year); -1 where off the grid."""
        first, second = self.cells_of(code1, years), self.cells_of(code2, years)
        valid = (first >= 0) & (second >= 0)
        cube: np.ndarray = np.where(valid, (first // self.n_years) * self.size + second, -1)
        return cube


def per_cell(cell_index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """A length-``size`` float array with ``values`` at ``cell_index`` (NaN elsewhere)."""
    dense = np.full(size, np.nan)
    keep = cell_index >= 0
    dense[cell_index[keep]] = values[keep]
    return dense


def nullable_int(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """A pandas nullable ``Int8`` column: ``values``, NA where ``missing``."""
    return pd.arrays.IntegerArray(values.astype(np.int8), missing.astype(bool))


def prefaulted(rows: int, columns: int) -> np.ndarray:
    """An uninitialised float64 array (rows x columns) whose pages are already mapped.

    Joining NMC onto 2.2 million dyad-years writes 250 MB of fresh memory. On
    virtual machines the page faults of first touch then cost more than the
    join itself, and vary widely from run to run. On Linux the memory is mapped
    with ``MAP_POPULATE``, so the kernel faults the pages in with one call;
    elsewhere this is ``np.empty``.
    """
    size = rows * columns * 8
    populate = getattr(mmap, "MAP_POPULATE", None)
    if populate is None or size < _PREFAULT_MIN_BYTES:
        return np.empty((rows, columns))
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | populate
    buffer = mmap.mmap(-1, size, flags=flags)
    return np.frombuffer(buffer, dtype=np.float64).reshape(rows, columns)


_PREFAULT_MIN_BYTES = 1 << 24
