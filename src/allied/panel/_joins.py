"""Generic joins of a dataset's values onto a panel, shared by every ``add_*`` step.

A step hands over a table keyed in the dataset's own state system (``code``
and ``year`` for state-year data; ``code1``, ``code2`` and ``year`` for
dyad-year data) and the registry name of what it joins; these functions
translate the codes into the panel's system (:mod:`allied.panel._crosswalk`),
gather one value per panel row through the panel's dense grid
(:mod:`allied.panel._lookup`) and apply the registry's rules: a row the table
does not list gets the ``fill`` the registry gives that table (or column)
inside the dataset's coverage, NA without one; outside the coverage every
value is NA.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allied.errors import InputError
from allied.panel._crosswalk import translate_codes
from allied.panel._lookup import PanelGrid, per_cell, prefaulted
from allied.panel._panel import Panel
from allied.sources import dataset

__all__ = [
    "Source",
    "at_cells",
    "check_panel",
    "dyad_columns",
    "outside_cells",
    "side_suffixes",
    "state_columns",
]

#: A (dataset, table) of the registry; table None for a dataset's only table.
Source = tuple[str, str | None]


def check_panel(panel: object, step: str) -> None:
    """Refuse anything but a :class:`Panel` at the public boundary."""
    if not isinstance(panel, Panel):
        raise InputError(
            f"{step} needs a Panel, not a {type(panel).__name__}",
            where=f"{step}(panel)",
            fix="Build one with allied.panel.state_years() or dyad_years() and pass it "
            "(or use panel.pipe(...)).",
        )


def side_suffixes(panel: Panel) -> tuple[str, ...]:
    """Column suffixes per side: ``("",)`` or ``("1", "2")``."""
    return ("1", "2") if panel.is_dyadic else ("",)


def at_cells(
    panel: Panel, table: pd.DataFrame, columns: Sequence[str], *, system: str
) -> tuple[np.ndarray, np.ndarray]:
    """``columns`` of ``table`` (``code``, ``year`` in ``system``) at each cell of the
    panel's grid: an array (columns x cells), NaN where the table has no row; and
    per cell, whether the table has a row."""
    grid = panel.grid
    code, year = grid.cell_keys()
    source_code = translate_codes(code, year, source=panel.system, target=system)
    table_grid = PanelGrid.of([table["code"].to_numpy(np.int64)], table["year"].to_numpy(np.int64))
    lookup = table_grid.cells_of(source_code, year)
    on_grid = lookup >= 0
    at_cell = np.full((len(columns), grid.size), np.nan)
    for index, column in enumerate(columns):
        dense = per_cell(
            table_grid.side_cells[0], table[column].to_numpy(np.float64), table_grid.size
        )
        at_cell[index, on_grid] = dense[lookup[on_grid]]
    listed = np.zeros(table_grid.size, dtype=bool)
    listed[table_grid.side_cells[0]] = True
    found = np.zeros(grid.size, dtype=bool)
    found[on_grid] = listed[lookup[on_grid]]
    return at_cell, found


def outside_cells(panel: Panel, name: str) -> np.ndarray:
    """Per grid cell: is its year outside dataset ``name``'s coverage?"""
    first, last = dataset(name).coverage
    _, year = panel.grid.cell_keys()
    outside: np.ndarray = (year < first) | (year > last)
    return outside


def _column_fill(source: Source, column: str) -> float:
    """The registry's fill for ``column`` of ``source`` (NaN without one)."""
    name, table = source
    fill = dataset(name).fill_value(table, column)
    return np.nan if fill is None else float(fill)


def _typed(values: np.ndarray, integer: bool) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Float ``values`` as they are, or as nullable ``Int64`` (NaN → NA)."""
    if not integer:
        return values
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def state_columns(
    panel: Panel,
    table: pd.DataFrame,
    columns: Sequence[str],
    *,
    system: str,
    source: Source,
    integers: Sequence[str] = (),
    names: Sequence[str] | None = None,
) -> dict[str, object]:
    """State-year ``columns`` of ``table`` for each panel row (suffixes 1 and 2 on dyads).

    Parameters
    ----------
    table
        ``code``, ``year`` (codes of ``system``) and ``columns``; one row per state-year.
    source
        The registry (dataset, table) ``table`` comes from: its coverage and
        per-column ``fill`` decide absent rows.
    integers
        Columns returned as nullable ``Int64`` rather than float.
    names
        Output names of ``columns`` (before the side suffix); ``columns`` by default.
    """
    at_cell, found = at_cells(panel, table, columns, system=system)
    outside = outside_cells(panel, source[0])
    for index, column in enumerate(columns):
        at_cell[index, ~found & ~outside] = _column_fill(source, column)
        at_cell[index, outside] = np.nan
    result: dict[str, object] = {}
    labels = list(names or columns)
    for suffix, cells in zip(side_suffixes(panel), panel.grid.side_cells, strict=True):
        for index, column in enumerate(columns):
            result[f"{labels[index]}{suffix}"] = _typed(at_cell[index][cells], column in integers)
    return result


def _table_cube(table: pd.DataFrame, symmetric: bool) -> tuple[PanelGrid, np.ndarray]:
    """The grid of ``table``'s own (code, year) cells, and its (state 1, state 2 cell)
    cube holding each dyad-year's row index (-1 where the table lists none)."""
    years = table["year"].to_numpy(np.int64)
    codes = [table[c].to_numpy(np.int64) for c in ("code1", "code2")]
    grid = PanelGrid.of(codes, years)
    first, second = grid.side_cells
    cells = (first // grid.n_years) * grid.size + second
    rows = np.arange(len(table), dtype=np.int64)
    if symmetric:
        mirrored = (second // grid.n_years) * grid.size + first
        distinct = mirrored != cells  # a self-pair is its own mirror
        cells = np.concatenate([cells, mirrored[distinct]])
        rows = np.concatenate([rows, rows[distinct]])
    index_type = np.int32 if len(table) < 2**31 else np.int64
    cube = np.full(grid.size * len(grid.codes), -1, dtype=index_type)
    cube[cells] = rows
    if not np.array_equal(cube[cells], rows):  # a cell written twice keeps one row only
        raise InputError(
            "the dyad table lists a dyad-year more than once",
            where="dyad_columns(table)",
            fix="Whittle the table to one row per dyad-year (and with symmetric=True, "
            "list each dyad in one order only).",
        )
    return grid, cube


def _table_rows(panel: Panel, table: pd.DataFrame, system: str, symmetric: bool) -> np.ndarray:
    """Per panel row, the index of the ``table`` row of its dyad-year (-1 if none).

    ``table`` lists (code1, code2, year) in ``system``; with ``symmetric`` a
    row stands for both orders of its dyad. The panel's states are translated
    into ``system`` (each panel state-year has one code there), never the
    table's into the panel's: two of the table's states that share one code
    of the panel's system in a year (COW 255 and 260 are both G-W 260 in
    1990) would otherwise collide. A dyad-year listed twice is an error of
    the caller (whittle the table first).
    """
    table_grid, cube = _table_cube(table, symmetric)
    code, year = panel.grid.cell_keys()
    source_code = translate_codes(code, year, source=panel.system, target=system)
    cell_in_table = table_grid.cells_of(source_code, year)
    side1, side2 = (cell_in_table[cells] for cells in panel.grid.side_cells)
    found = (side1 >= 0) & (side2 >= 0)
    at = np.where(found, (side1 // table_grid.n_years) * table_grid.size + side2, 0)
    row_of: np.ndarray = np.where(found, cube[at] if len(cube) else -1, -1)
    return row_of


def dyad_columns(
    panel: Panel,
    table: pd.DataFrame,
    columns: Sequence[str],
    *,
    system: str,
    source: Source,
    symmetric: bool = False,
    integers: Sequence[str] = (),
    names: Sequence[str] | None = None,
) -> dict[str, object]:
    """Dyad-year ``columns`` of ``table`` for each row of a dyad-year panel.

    Parameters
    ----------
    table
        ``code1``, ``code2``, ``year`` (codes of ``system``) and ``columns``;
        one row per directed dyad-year (row (A, B) feeds panel row (A, B)),
        or per non-directed dyad-year with ``symmetric``.
    source
        The registry (dataset, table) ``table`` comes from: its coverage and
        per-column ``fill`` decide the dyad-years it does not list.
    symmetric
        Each row holds for both orders of its dyad (contiguity, distance,
        joint IGO memberships).
    integers
        Columns returned as nullable ``Int64`` rather than float.
    names
        Output column names; ``columns`` by default.
    """
    panel.require(unit="dyad-year", step="dyad_columns")
    row_of = _table_rows(panel, table, system, symmetric)
    found = row_of >= 0
    outside = outside_cells(panel, source[0])[panel.grid.side_cells[0]]
    listed = np.flatnonzero(found)
    decimals = [column for column in columns if column not in integers]
    block = prefaulted(len(decimals), len(panel))
    gathered: dict[str, object] = {}
    for index, column in enumerate(decimals):
        values = table[column].to_numpy(np.float64)
        if len(values):
            np.take(values, np.where(found, row_of, 0), out=block[index])
        block[index][~found] = _column_fill(source, column)
        block[index][outside] = np.nan
        gathered[column] = block[index]
    for column in (column for column in columns if column in integers):
        gathered[column] = _listed_integers(
            table[column], listed, row_of[listed], _column_fill(source, column), outside
        )
    labels = list(names or columns)
    return {labels[index]: gathered[column] for index, column in enumerate(columns)}


def _listed_integers(
    values: pd.Series, listed: np.ndarray, rows: np.ndarray, fill: float, outside: np.ndarray
) -> pd.arrays.IntegerArray:
    """A nullable ``Int64`` column written only at the ``listed`` panel rows (from
    ``values[rows]``; NA where a value is missing), ``fill`` at the others (NA when
    NaN), NA ``outside`` the coverage: its cost is that of the listed rows, which
    for event data (disputes, wars) are a small share of the panel."""
    unlisted_missing = bool(np.isnan(fill))
    data = np.full(len(outside), 0 if unlisted_missing else int(fill), dtype=np.int64)
    missing = np.full(len(outside), unlisted_missing) | outside
    source = values.to_numpy(np.float64, na_value=np.nan)[rows]
    absent = np.isnan(source)
    data[listed] = np.where(absent, 0, source).astype(np.int64)
    missing[listed] = absent | outside[listed]
    return pd.arrays.IntegerArray(data, missing)
