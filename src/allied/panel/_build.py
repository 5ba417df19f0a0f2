"""Building state-year and dyad-year panels from dated membership spells.

The rules are peacesciencer's (Miller 2022):

* a state is in the panel in every year that any of its spells touches;
* a dyad-year exists when both states are in the system that year *and*
  their spells overlap on at least one day of it (a state that left on
  10 March and one that entered on 1 June never coexisted, so that dyad-year
  is dropped);
* with ``through=YEAR``, spells still running at the end of the data (the
  latest end date in the list) are extended to 31 December of ``YEAR``
  (peacesciencer's ``mry`` option).

Everything is vectorized: no Python loop over states, dyads or years.

References
----------
.. [1] Miller, S. V. (2022). peacesciencer: An R package for quantitative
   peace science research. Conflict Management and Peace Science, 39(6),
   755-779. https://doi.org/10.1177/07388942221077926
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied._validation import check_years_within
from allied.errors import InputError
from allied.panel._panel import (
    SYSTEM_DATASETS,
    Panel,
    System,
    YearRange,
    code_column,
    parse_years,
)

__all__ = ["coexistence_gaps", "dyad_years", "state_years", "system_spells"]

# State-year keys pack (code, year) into one int64.
_YEAR_BASE = 10_000


def system_spells(system: System, *, through: int | None = None) -> pd.DataFrame:
    """The cached membership spells of ``system`` (``cow-states``/``gw-states``).

    With ``through``, spells still running at the end of the data are extended
    to 31 December of that year.
    """
    from allied.sources import load

    code_column(system)
    return _extend(load(SYSTEM_DATASETS[system], "spells"), through)


def _extend(spells: pd.DataFrame, through: int | None) -> pd.DataFrame:
    if through is None:
        return spells
    last = spells["end"].max()
    this_year = date.today().year
    if through > this_year:
        raise InputError(
            f"through={through} is in the future (this is {this_year})",
            where="argument through",
            fix=f"Use a year from {last.year} to {this_year}: states are extended through "
            "years that have happened.",
        )
    if through < last.year:
        raise InputError(
            f"through={through} is before the end of the data ({last.date()})",
            where="argument through",
            fix=f"Use a year from {last.year} on, or leave it out.",
        )
    extended = spells["end"].where(spells["end"] != last, pd.Timestamp(through, 12, 31))
    return spells.assign(end=extended)


@dataclass(frozen=True)
class _StateYears:
    """One row per (spell, year): the days of that year the spell covers."""

    code: np.ndarray
    year: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray
    microstate: np.ndarray

    @property
    def partial(self) -> np.ndarray:
        """Rows whose spell covers only part of the year."""
        jan1 = (self.year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
        next_jan1 = (self.year - 1969).astype("datetime64[Y]").astype("datetime64[D]")
        return (self.first_day > jan1) | (self.last_day < next_jan1.astype(np.int64) - 1)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a diff: faster than hashing here)."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _days(dates: pd.Series) -> np.ndarray:
    return dates.to_numpy().astype("datetime64[D]").astype(np.int64)


def _state_year_spells(spells: pd.DataFrame, years: YearRange | None) -> _StateYears:
    start, end = _days(spells["start"]), _days(spells["end"])
    first_year = spells["start"].dt.year.to_numpy()
    span = spells["end"].dt.year.to_numpy() - first_year + 1
    spell, year = expand_ranges(first_year, span)
    if years is not None:
        keep = (year >= years[0]) & (year <= years[1])
        spell, year = spell[keep], year[keep]
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    dec31 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64) - 1
    order = np.argsort(year, kind="stable")
    spell, year = spell[order], year[order]
    return _StateYears(
        code=spells["code"].to_numpy(np.int64)[spell],
        year=year,
        first_day=np.maximum(start[spell], jan1[order]),
        last_day=np.minimum(end[spell], dec31[order]),
        microstate=spells["microstate"].to_numpy(bool)[spell],
    )


def state_years(
    system: System = "cow",
    *,
    years: YearRange | str | None = None,
    through: int | None = None,
    spells: pd.DataFrame | None = None,
) -> Panel:
    """Every state-year of a state system.

    Parameters
    ----------
    system
        ``"cow"`` or ``"gw"``; the spells come from the cached ``cow-states``
        or ``gw-states`` dataset unless ``spells`` is given.
    years
        Keep only these years (``(1946, 2018)`` or ``"1946-2018"``).
    through
        Extend states alive at the end of the data through this year.
    spells
        Membership spells (``code``, ``start``, ``end``, ``microstate``)
        to use instead of the cache.

    Returns
    -------
    Panel
        ``ccode``/``gwcode`` and ``year`` (plus ``microstate`` for G-W),
        sorted by code and year.

    Data sources: Correlates of War State System Membership v2016; Gleditsch &
    Ward (1999), as spells (isard).
    """
    table = _spells_for(system, spells, through)
    rows = _selected_rows(table, parse_years(years))
    key = _sorted_unique(rows.code * _YEAR_BASE + rows.year)
    code, year = np.divmod(key, _YEAR_BASE)
    columns: dict[str, np.ndarray] = {code_column(system): code, "year": year}
    if system == "gw":
        columns["microstate"] = _microstate_flags(table).reindex(code).to_numpy(np.int64)
    return Panel(pd.DataFrame(columns), "state-year", system)


def _selected_rows(spells: pd.DataFrame, years: YearRange | None) -> _StateYears:
    """The state-year rows of ``spells`` in ``years``.

    Years outside the spells' coverage (first start to last end) are an input error.
    """
    if years is not None:
        first, last = spells["start"].min(), spells["end"].max()
        check_years_within(
            years,
            (first.year, last.year),
            where="argument years",
            data=f"the state system's data (spells from {first.date()} to {last.date()})",
            fix=(
                f"To extend states alive at the end of the data, give through={years[1]} "
                "(--through)."
                if last.year < years[1] <= date.today().year
                else None
            ),
        )
    return _state_year_spells(spells, years)


def _microstate_flags(spells: pd.DataFrame) -> pd.Series:
    """Whether each G-W code is a microstate (any of its spells flagged)."""
    flags = pd.Series(spells["microstate"].to_numpy(bool), index=spells["code"].to_numpy())
    return flags.groupby(level=0).max()


def _spells_for(system: System, spells: pd.DataFrame | None, through: int | None) -> pd.DataFrame:
    code_column(system)
    if spells is None:
        return system_spells(system, through=through)
    table = spells if "microstate" in spells else spells.assign(microstate=False)
    return _extend(table, through)


def coexistence_gaps(
    system: System = "cow",
    *,
    years: YearRange | str | None = None,
    through: int | None = None,
    spells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pairs of states in the system in the same year but on no common day of it.

    These are the dyad-years :func:`dyad_years` leaves out (peacesciencer's
    "false" dyads), as ``code1``, ``code2``, ``year`` (both orders).

    Examples
    --------
    >>> import pandas as pd
    >>> spells = pd.DataFrame({"code": [1, 2], "start": pd.to_datetime(["1900-01-01",
    ...     "1900-06-01"]), "end": pd.to_datetime(["1900-03-01", "1901-12-31"])})
    >>> coexistence_gaps("cow", spells=spells).to_numpy().tolist()
    [[1, 2, 1900], [2, 1, 1900]]
    """
    table = _spells_for(system, spells, through)
    gaps = _never_coexisting(_selected_rows(table, parse_years(years)))
    return gaps[["code1", "code2", "year"]].reset_index(drop=True)


def _never_coexisting(rows: _StateYears) -> pd.DataFrame:
    """(code1, code2, year) of states present in the same year but on no common day.

    Only states present for part of a year can miss each other, so only pairs
    of partial state-years (a few hundred over two centuries) are compared.
    """
    partial = rows.partial
    part = pd.DataFrame(
        {
            "code": rows.code[partial],
            "year": rows.year[partial],
            "first": rows.first_day[partial],
            "last": rows.last_day[partial],
        }
    )
    pairs = part.merge(part, on="year", suffixes=("1", "2"))
    pairs = pairs[pairs["code1"] != pairs["code2"]]
    pairs = pairs.assign(
        shared=np.maximum(pairs["first1"], pairs["first2"])
        <= np.minimum(pairs["last1"], pairs["last2"])
    )
    coexist = pairs.groupby(["code1", "code2", "year"])["shared"].any().reset_index()
    return coexist[~coexist["shared"]]


def _dyad_cube(rows: _StateYears, *, directed: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """The (state 1, state 2, year) cells of every dyad-year, as a boolean cube.

    Built by broadcasting yearly presence (a state x year matrix) against
    itself, then clearing the diagonal, the pairs that never shared a day and,
    when undirected, the lower triangle. Returns the cube, the distinct codes
    (the cube's first two axes, ascending) and the first year.
    """
    codes, rank = np.unique(rows.code, return_inverse=True)
    first_year = int(rows.year.min())
    n_codes, n_years = len(codes), int(rows.year.max()) - first_year + 1
    present = np.zeros((n_codes, n_years), dtype=bool)
    present[rank, rows.year - first_year] = True
    cube = present[:, None, :] & present[None, :, :]
    cube[np.arange(n_codes), np.arange(n_codes), :] = False
    if not directed:
        cube &= np.triu(np.ones((n_codes, n_codes), dtype=bool), k=1)[:, :, None]
    apart = _never_coexisting(rows)
    cube[
        np.searchsorted(codes, apart["code1"].to_numpy()),
        np.searchsorted(codes, apart["code2"].to_numpy()),
        apart["year"].to_numpy() - first_year,
    ] = False
    return cube, codes, first_year


def _cube_keys(cube: np.ndarray, codes: np.ndarray, first_year: int) -> dict[str, np.ndarray]:
    """(code1, code2, year) of the cube's set cells, in memory order: sorted by all three."""
    n_codes, n_years = len(codes), cube.shape[2]
    per_state = cube.reshape(n_codes, -1).sum(axis=1)
    per_pair = cube.reshape(n_codes * n_codes, n_years).sum(axis=1)
    years = np.arange(first_year, first_year + n_years, dtype=np.int64)
    return {
        "code1": np.repeat(codes.astype(np.int64), per_state),
        "code2": np.repeat(np.tile(codes.astype(np.int64), n_codes), per_pair),
        "year": np.broadcast_to(years, cube.shape)[cube],
    }


def dyad_years(
    system: System = "cow",
    *,
    directed: bool = True,
    years: YearRange | str | None = None,
    through: int | None = None,
    spells: pd.DataFrame | None = None,
) -> Panel:
    """Every dyad-year of a state system, as peacesciencer's ``create_dyadyears``.

    Parameters
    ----------
    system
        ``"cow"`` or ``"gw"``.
    directed
        Both (A, B) and (B, A) (default), or only A < B.
    years, through, spells
        As in :func:`state_years`.

    Returns
    -------
    Panel
        ``ccode1``, ``ccode2``, ``year`` (``gwcode1``, ``gwcode2``, ``year``,
        ``microstate1``, ``microstate2`` for G-W), sorted by the keys.

    Notes
    -----
    Dyad-years whose states share the year but never a day of it are dropped
    (computed from the spells' dates). See the module notes for the rules.

    Data sources: as :func:`state_years`.

    References
    ----------
    .. [1] Miller, S. V. (2022). peacesciencer. Conflict Management and Peace
       Science, 39(6), 755-779. https://doi.org/10.1177/07388942221077926
    """
    table = _spells_for(system, spells, through)
    rows = _selected_rows(table, parse_years(years))
    base = code_column(system)
    if len(rows.year):
        keys = _cube_keys(*_dyad_cube(rows, directed=directed))
    else:
        keys = {name: np.zeros(0, dtype=np.int64) for name in ("code1", "code2", "year")}
    columns = {f"{base}1": keys["code1"], f"{base}2": keys["code2"], "year": keys["year"]}
    if system == "gw":
        flags = _microstate_flags(table)
        columns["microstate1"] = flags.reindex(keys["code1"]).to_numpy(np.int64)
        columns["microstate2"] = flags.reindex(keys["code2"]).to_numpy(np.int64)
    # One frame per column: pandas then keeps each array as its own block (no copy).
    frame = pd.concat([pd.DataFrame({k: v}, copy=False) for k, v in columns.items()], axis=1)
    return Panel(frame, "dyad-year", system, directed=directed)
