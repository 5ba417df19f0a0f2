"""Alliance portfolios from ATOP, and similarity for every dyad-year.

A state's alliance portfolio in a year is its vector of valued ties
(:func:`allied.measures.similarity.valued_ties`) toward every member of the
COW state system that year, its tie to itself being the top value. Row (A, B)
of ATOP's directed dyad-years is A's obligations toward B, so portfolios are
directed rows of the year's tie matrix.

Mid-year entries and exits
--------------------------
A state that shares the year with another state but not a single day (one
left before the other entered; peacesciencer's "false" dyads, see
:func:`allied.panel.coexistence_gaps`) has no defined tie to it, so its
portfolio is incomplete that year and every similarity involving it is NaN
(its self-pair included). This is the rule of Miller's fpsim data, which
these results reproduce.

Data sources: ATOP 5.1 (Leeds et al. 2002); COW State System Membership
v2016, extended through ATOP's last year for states alive at its end; COW
National Material Capabilities for CINC weights.

References
----------
.. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b: Measuring
   the similarity of foreign policy positions. International Studies
   Quarterly, 43(1), 115-144. https://doi.org/10.1111/0020-8833.00113
.. [2] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
   foreign policy similarity for chance agreement. Political Analysis, 19(3),
   287-305. https://doi.org/10.1093/pan/mpr023
.. [3] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from allied._validation import check_years_within
from allied.errors import InputError, check_choice
from allied.measures import similarity
from allied.panel import Panel, atop_dyads, coexistence_gaps, parse_years, state_years
from allied.panel._lookup import PanelGrid, prefaulted
from allied.panel._panel import YearRange
from allied.sources import dataset, load
from allied.sources._systems import OBLIGATIONS

__all__ = ["MEASURES", "YearPortfolios", "add_similarity", "portfolios", "similarity_table"]

KEYS = ("ccode1", "ccode2", "year")


def _s(distance: str, weighted: bool) -> Callable[[YearPortfolios], np.ndarray]:
    def measure(year: YearPortfolios) -> np.ndarray:
        weights = year.cinc if weighted else None
        return similarity.s_matrix(year.ties, distance=distance, weights=weights, ranges=year.top)

    return measure


def _chance(function_name: str, weighted: bool) -> Callable[[YearPortfolios], np.ndarray]:
    def measure(year: YearPortfolios) -> np.ndarray:
        function = getattr(similarity, function_name)
        result: np.ndarray = function(
            year.ties, weights=year.cinc if weighted else None, ranges=year.top
        )
        return result

    return measure


def _tau_b(year: YearPortfolios) -> np.ndarray:
    result: np.ndarray = similarity.tau_b_matrix(year.ties)
    return result


#: Measure name → (needs CINC weights, function of one year's portfolios).
MEASURES: dict[str, tuple[bool, Callable[[YearPortfolios], np.ndarray]]] = {
    "s_abs": (False, _s("absolute", weighted=False)),
    "s_sq": (False, _s("squared", weighted=False)),
    "s_abs_cinc": (True, _s("absolute", weighted=True)),
    "s_sq_cinc": (True, _s("squared", weighted=True)),
    "kappa": (False, _chance("kappa_matrix", weighted=False)),
    "kappa_cinc": (True, _chance("kappa_matrix", weighted=True)),
    "pi": (False, _chance("pi_matrix", weighted=False)),
    "pi_cinc": (True, _chance("pi_matrix", weighted=True)),
    "tau_b": (False, _tau_b),
}


@dataclass(frozen=True)
class YearPortfolios:
    """One year's portfolios: ``ties[i, k]`` is state ``codes[i]``'s tie toward ``codes[k]``.

    ``incomplete[i]`` marks states with an undefined tie (no common day with
    some system member); ``cinc`` holds each state's CINC (0 where missing)
    when weights were asked for.
    """

    year: int
    codes: np.ndarray
    ties: np.ndarray
    incomplete: np.ndarray
    top: float
    cinc: np.ndarray | None


def _check_names(measures: Sequence[str], coding: str) -> None:
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise InputError(
            f"unknown similarity measure(s) {', '.join(unknown)}",
            where="argument measures",
            fix=f"Use any of: {', '.join(MEASURES)}.",
        )
    check_choice(coding, similarity.TOP_VALUE, argument="coding")


def _tie_values(coding: str) -> pd.DataFrame:
    dyads = atop_dyads()
    values = similarity.valued_ties(
        *(dyads[name].to_numpy() for name in OBLIGATIONS), coding=coding
    )
    return pd.DataFrame(
        {
            "ccode1": dyads["ccode1"].to_numpy(),
            "ccode2": dyads["ccode2"].to_numpy(),
            "year": dyads["year"].to_numpy(),
            "value": values,
        }
    )


def _cinc_table(version: str = "nmc7") -> pd.DataFrame:
    return load(version)[["ccode", "year", "cinc"]].dropna()


def portfolios(
    *, coding: str = "atop", years: YearRange | str | None = None, cinc: bool = False
) -> Iterator[YearPortfolios]:
    """Yearly alliance portfolios of every COW system member in ATOP's years.

    Parameters
    ----------
    coding
        ``"atop"`` (ordinal 0-3, default), ``"cow"`` or ``"binary"``; see
        :func:`allied.measures.similarity.valued_ties`.
    years
        Years to build (default: all of ATOP's, 1816-2018).
    cinc
        Also attach each state's CINC (COW NMC 7.0) as weights.
    """
    _check_names([], coding)
    first, last = dataset("atop").coverage
    first = max(first, 1816)
    chosen = parse_years(years)
    span = (first, last) if chosen is None else chosen
    check_years_within(span, (first, last), where="argument years", data="ATOP")
    members = state_years("cow", years=span, through=last).frame
    gaps = coexistence_gaps("cow", years=span, through=last)
    ties = _tie_values(coding)
    weights = _cinc_table() if cinc else None
    yield from _by_year(members, gaps, ties, weights, float(similarity.TOP_VALUE[coding]))


def _by_year(
    members: pd.DataFrame,
    gaps: pd.DataFrame,
    ties: pd.DataFrame,
    weights: pd.DataFrame | None,
    top: float,
) -> Iterator[YearPortfolios]:
    member_groups = dict(tuple(members.groupby("year")))
    tie_groups = dict(tuple(ties.groupby("year")))
    gap_groups = dict(tuple(gaps.groupby("year")))
    weight_groups = dict(tuple(weights.groupby("year"))) if weights is not None else {}
    empty = ties.iloc[:0]
    for year, group in member_groups.items():
        codes = np.sort(group["ccode"].to_numpy())
        matrix = np.zeros((len(codes), len(codes)))
        np.fill_diagonal(matrix, top)
        _place(matrix, codes, tie_groups.get(year, empty))
        incomplete = np.isin(codes, gap_groups[year]["code1"]) if year in gap_groups else None
        cinc = None
        if weights is not None:
            table = weight_groups.get(year)
            cinc = np.zeros(len(codes))
            if table is not None:
                _, index = _positions(codes, table["ccode"].to_numpy())
                cinc[index[index >= 0]] = table["cinc"].to_numpy()[index >= 0]
        yield YearPortfolios(
            int(str(year)),
            codes,
            matrix,
            incomplete if incomplete is not None else np.zeros(len(codes), bool),
            top,
            cinc,
        )


def _positions(codes: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each value in sorted ``codes`` (-1 if absent)."""
    index = np.searchsorted(codes, values)
    index = np.minimum(index, len(codes) - 1)
    found = codes[index] == values
    return found, np.where(found, index, -1)


def _place(matrix: np.ndarray, codes: np.ndarray, ties: pd.DataFrame) -> None:
    found1, row = _positions(codes, ties["ccode1"].to_numpy())
    found2, column = _positions(codes, ties["ccode2"].to_numpy())
    keep = found1 & found2
    matrix[row[keep], column[keep]] = ties["value"].to_numpy()[keep]


def _year_measures(year: YearPortfolios, measures: Sequence[str]) -> dict[str, np.ndarray]:
    """Each measure's (n, n) matrix, NaN in the rows and columns of incomplete states."""
    result = {}
    for name in measures:
        matrix = MEASURES[name][1](year).astype(np.float64, copy=True)
        matrix[year.incomplete, :] = np.nan
        matrix[:, year.incomplete] = np.nan
        result[name] = matrix
    return result


def similarity_table(
    measures: Sequence[str] = ("s_abs", "s_sq"),
    *,
    coding: str = "atop",
    years: YearRange | str | None = None,
    include_self: bool = True,
) -> pd.DataFrame:
    """Alliance-portfolio similarity for every directed COW dyad-year in ATOP's years.

    Returns ``ccode1``, ``ccode2``, ``year`` and one column per measure
    (:data:`MEASURES`: ``s_abs``, ``s_sq`` (Signorino-Ritter S, absolute or
    squared distance, range = the coding's top value), ``*_cinc`` (weighted
    by third states' CINC), ``kappa``, ``pi`` (Häge), ``tau_b``), sorted by
    the keys, self-pairs included unless ``include_self=False``.

    Data sources: ATOP 5.1, COW state system v2016 (extended to 2018), COW NMC
    7.0 for CINC weights.
    """
    _check_names(measures, coding)
    weighted = any(MEASURES[m][0] for m in measures)
    with _one_blas_thread():
        yearly = [
            (year, _year_measures(year, measures))
            for year in portfolios(coding=coding, years=years, cinc=weighted)
        ]
    sizes = np.array([len(year.codes) ** 2 for year, _ in yearly], dtype=np.int64)
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    columns: dict[str, np.ndarray] = {key: np.empty(total, np.int64) for key in KEYS}
    columns |= {name: np.empty(len(columns["year"])) for name in measures}
    for (year, values), end, size in zip(yearly, ends, sizes, strict=True):
        rows = slice(int(end - size), int(end))
        columns["ccode1"][rows] = np.repeat(year.codes, len(year.codes))
        columns["ccode2"][rows] = np.tile(year.codes, len(year.codes))
        columns["year"][rows] = year.year
        for name, matrix in values.items():
            columns[name][rows] = matrix.ravel()
    table = pd.concat([pd.DataFrame({k: v}, copy=False) for k, v in columns.items()], axis=1)
    if not include_self:
        table = table[table["ccode1"] != table["ccode2"]].reset_index(drop=True)
    return table


def _one_blas_thread() -> threadpool_limits:
    """Matrix products here are ~200 x 200: BLAS threads only contend on small machines."""
    return threadpool_limits(limits=1, user_api="blas")


def add_similarity(
    panel: Panel, measures: Sequence[str] = ("s_abs",), *, coding: str = "atop"
) -> Panel:
    """Join alliance-portfolio similarity onto a COW dyad-year panel.

    One column per measure (named as in :func:`similarity_table`, with
    ``_<coding>`` appended for a coding other than ``"atop"``); NA outside
    ATOP's years (1816-2018) and for states with incomplete portfolios (see
    the module notes).

    Data sources: ATOP 5.1 (Leeds et al. 2002); COW NMC 7.0 for CINC weights.
    """
    _check_names(measures, coding)
    if not isinstance(panel, Panel) or not panel.is_dyadic or panel.system != "cow":
        raise InputError(
            "add_similarity needs a COW dyad-year Panel",
            where="add_similarity(panel)",
            fix="Build it with allied.panel.dyad_years('cow', ...): alliance portfolios "
            "are built in the COW system that ATOP uses.",
        )
    grid = panel.grid
    years = grid.first_year, grid.first_year + grid.n_years - 1
    weighted = any(MEASURES[m][0] for m in measures)
    suffix = "" if coding == "atop" else f"_{coding}"
    cubes = {m: np.full(grid.size * len(grid.codes), np.nan) for m in measures}
    first, last = dataset("atop").coverage
    if years[1] >= max(first, 1816) and years[0] <= last:
        span = (max(years[0], 1816), min(years[1], last))
        with _one_blas_thread():
            for year in portfolios(coding=coding, years=span, cinc=weighted):
                _fill(cubes, grid, year, _year_measures(year, measures))
    cells = grid.dyad_cells()
    block = prefaulted(len(measures), len(panel))
    for index, name in enumerate(measures):
        np.take(cubes[name], cells, out=block[index])
    names = [f"{m}{suffix}" for m in measures]
    sources = ("atop", "nmc7") if weighted else ("atop",)
    return panel.with_columns(pd.DataFrame(block.T, columns=names, copy=False), sources)


def _fill(
    cubes: dict[str, np.ndarray],
    grid: PanelGrid,
    year: YearPortfolios,
    values: dict[str, np.ndarray],
) -> None:
    """Write one year's matrices into the panel's (state, state, year) cubes."""
    cells = grid.cells_of(year.codes, np.full(len(year.codes), year.year))
    on_grid = cells >= 0
    rank = cells[on_grid] // grid.n_years
    offset = year.year - grid.first_year
    target = (rank[:, None] * len(grid.codes) + rank[None, :]) * grid.n_years + offset
    for name, matrix in values.items():
        cubes[name][target] = matrix[np.ix_(on_grid, on_grid)]
