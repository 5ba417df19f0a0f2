"""Alliance-portfolio similarity for every dyad-year: a table, or columns on a panel.

A state's alliance portfolio in a year is its vector of valued ties
(:func:`allied.measures.similarity.valued_ties`) toward every member of the
COW state system that year, its tie to itself being the top value. Row (A, B)
of ATOP's directed dyad-years is A's obligations toward B, so portfolios are
directed rows of the year's tie matrix.

The data comes from :func:`allied.panel.alliance_portfolios`, which reads the
cache; everything here is a pure function of what it returns:
:func:`yearly_portfolios` forms each year's portfolios, :func:`dyad_similarity`
measures every directed dyad-year (a :class:`SimilarityTable` that cites its
sources) and :func:`add_similarity` joins the measures onto a dyad-year panel.

Mid-year entries and exits
--------------------------
A state that shares the year with another state but not a single day (one
left before the other entered; peacesciencer's "false" dyads, see
:func:`allied.panel.coexistence_gaps`) has no defined tie to it, so its
portfolio is incomplete that year and every similarity involving it is NaN
(its self-pair included). This is the rule of Miller's fpsim data, which
these results reproduce.

How to add a similarity measure: write its one-year function of the
portfolio matrix in :mod:`allied.measures.similarity` and add one entry to
:data:`MEASURES`; the table, the panel step and ``allied similarity`` follow.

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

import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from allied._results import Result
from allied._validation import check_choice
from allied.cite import Citation
from allied.errors import InputError
from allied.measures import similarity
from allied.panel import (
    AlliancePortfolios,
    Panel,
    PanelGrid,
    Provenance,
    YearRange,
    alliance_portfolios,
    prefaulted,
)

__all__ = [
    "MEASURES",
    "SimilarityTable",
    "YearPortfolios",
    "add_similarity",
    "dyad_similarity",
    "needs_cinc",
    "portfolios",
    "similarity_table",
    "yearly_portfolios",
]

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


_SIGNORINO_RITTER = Citation(
    "signorino_ritter_1999",
    "Signorino, Curtis S. & Jeffrey M. Ritter. 1999. Tau-b or Not Tau-b: Measuring the "
    "Similarity of Foreign Policy Positions. International Studies Quarterly 43(1): 115-144.",
    doi="10.1111/0020-8833.00113",
    label="Signorino & Ritter (1999)",
)
_HAGE = Citation(
    "hage_2011",
    "Häge, Frank M. 2011. Choice or Circumstance? Adjusting Measures of Foreign Policy "
    "Similarity for Chance Agreement. Political Analysis 19(3): 287-305.",
    doi="10.1093/pan/mpr023",
    label="Häge (2011)",
)
_BUENO_DE_MESQUITA = Citation(
    "bueno_de_mesquita_1975",
    "Bueno de Mesquita, Bruce. 1975. Measuring Systemic Polarity. Journal of Conflict "
    "Resolution 19(2): 187-216.",
    doi="10.1177/002200277501900201",
    label="Bueno de Mesquita (1975)",
)

#: Measure name → the method's reference (every name of :data:`MEASURES` has one).
MEASURE_CITATIONS: dict[str, Citation] = {
    "s_abs": _SIGNORINO_RITTER,
    "s_sq": _SIGNORINO_RITTER,
    "s_abs_cinc": _SIGNORINO_RITTER,
    "s_sq_cinc": _SIGNORINO_RITTER,
    "kappa": _HAGE,
    "kappa_cinc": _HAGE,
    "pi": _HAGE,
    "pi_cinc": _HAGE,
    "tau_b": _BUENO_DE_MESQUITA,
}

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
    when the data was built with weights.
    """

    year: int
    codes: np.ndarray
    ties: np.ndarray
    incomplete: np.ndarray
    top: float
    cinc: np.ndarray | None


@dataclass(frozen=True)
class SimilarityTable(Result):
    """Alliance-portfolio similarity of every directed dyad-year, and what it comes from.

    Attributes
    ----------
    frame
        ``ccode1``, ``ccode2``, ``year`` and one column per measure, sorted
        by the keys.
    measures
        The measures, in column order (names of :data:`MEASURES`).
    coding
        The valued-tie coding (``atop``, ``cow`` or ``binary``).
    years
        The inclusive ``(first, last)`` years, or ``None`` for none.
    include_self
        Whether the self-pairs (A, A) are rows.
    provenance
        The datasets behind the table (the COW system, ATOP, and NMC for the
        weighted measures), with their editions and citations.
    """

    frame: pd.DataFrame
    measures: tuple[str, ...]
    coding: str
    years: YearRange | None
    include_self: bool
    provenance: Provenance

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def sources(self) -> tuple[str, ...]:
        """Registry names of the datasets behind the table, in order of use."""
        return self.provenance.sources

    def citations(self) -> list[Citation]:
        """What to cite for these numbers: each measure's method, then the datasets'
        citations from the registry."""
        methods = dict.fromkeys(MEASURE_CITATIONS[m] for m in self.measures)
        return [*methods, *self.provenance.citations()]

    def to_frame(self) -> pd.DataFrame:
        """A copy of the dyad-year table."""
        return self.frame.copy()

    def summary(self) -> str:
        """Rows, years and, per measure, how many values exist and their range."""
        span = "no years" if self.years is None else _span(self.years)
        selves = "self-pairs included" if self.include_self else "no self-pairs"
        lines = [
            f"Alliance-portfolio similarity: {len(self.frame):,} directed dyad-years, {span} "
            f"(coding {self.coding}, {selves})",
            f"  {'measure':<12}{'values':>12}{'missing':>10}{'mean':>9}{'min':>9}{'max':>9}",
        ]
        for name in self.measures:
            values = self.frame[name]
            missing = int(values.isna().sum())
            lines.append(
                f"  {name:<12}{len(values) - missing:>12,}{missing:>10,}"
                f"{values.mean():>9.3f}{values.min():>9.3f}{values.max():>9.3f}"
            )
        lines.append(f"  sources: {self.provenance.describe()}")
        return "\n".join(lines)


def _span(years: YearRange) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _check_names(measures: Sequence[str], coding: str) -> None:
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise InputError(
            f"unknown similarity measure(s) {', '.join(unknown)}",
            where="argument measures",
            fix=f"Use any of: {', '.join(MEASURES)}.",
        )
    check_choice(coding, similarity.TOP_VALUE, argument="coding")


def needs_cinc(measures: Sequence[str], *, coding: str = "atop") -> bool:
    """Whether any of ``measures`` weighs third states by CINC, after checking the names.

    The data of a weighted measure must be built with
    ``allied.panel.alliance_portfolios(cinc=True)``.

    Raises
    ------
    InputError
        An unknown measure (see :data:`MEASURES`) or coding.

    Examples
    --------
    >>> needs_cinc(["s_abs", "kappa_cinc"]), needs_cinc(["tau_b"], coding="binary")
    (True, False)
    """
    _check_names(measures, coding)
    return any(MEASURES[m][0] for m in measures)


def _check_data(data: object, weighted: bool, function: str) -> AlliancePortfolios:
    if not isinstance(data, AlliancePortfolios):
        raise InputError(
            f"{function} needs the data of allied.panel.alliance_portfolios(), "
            f"not a {type(data).__name__}",
            where=f"{function}(portfolios)",
            fix="Build it with allied.panel.alliance_portfolios(years=...).",
        )
    if weighted and data.cinc is None:
        raise InputError(
            "the *_cinc measures weigh third states by CINC, but the portfolios have none",
            where=f"{function}(portfolios)",
            fix="Build the portfolios with allied.panel.alliance_portfolios(cinc=True).",
        )
    return data


def _tie_values(data: AlliancePortfolios, coding: str) -> pd.DataFrame:
    dyads = data.obligations
    return pd.DataFrame(
        {
            "ccode1": dyads["ccode1"].to_numpy(),
            "ccode2": dyads["ccode2"].to_numpy(),
            "year": dyads["year"].to_numpy(),
            "value": similarity.valued_ties(**data.flags(), coding=coding),
        }
    )


def yearly_portfolios(
    portfolios: AlliancePortfolios, *, coding: str = "atop"
) -> Iterator[YearPortfolios]:
    """Each year's alliance portfolios of every COW system member.

    Parameters
    ----------
    portfolios
        The data, from :func:`allied.panel.alliance_portfolios`.
    coding
        ``"atop"`` (ordinal 0-3, default), ``"cow"`` or ``"binary"``; see
        :func:`allied.measures.similarity.valued_ties`.

    Yields
    ------
    YearPortfolios
        One per year, in order: the codes (sorted), the tie matrix with the
        top value on the diagonal, the states with an incomplete portfolio,
        and the CINC weights when the data has them.

    Examples
    --------
    The United States and the United Kingdom in a defense pact, France alone
    (built from frames; :func:`allied.panel.alliance_portfolios` reads ATOP):

    >>> import pandas as pd
    >>> from allied.panel import AlliancePortfolios
    >>> members = pd.DataFrame({"ccode": [2, 200, 220], "year": 1950})
    >>> pact = pd.DataFrame({"ccode1": [2, 200], "ccode2": [200, 2], "year": 1950,
    ...                      "defense": 1, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1})
    >>> year = next(yearly_portfolios(AlliancePortfolios.from_frames(members, pact)))
    >>> year.codes.tolist(), year.ties.tolist()
    ([2, 200, 220], [[3.0, 3.0, 0.0], [3.0, 3.0, 0.0], [0.0, 0.0, 3.0]])
    """
    check_choice(coding, similarity.TOP_VALUE, argument="coding")
    data = _check_data(portfolios, False, "yearly_portfolios")
    return _by_year(data, _tie_values(data, coding), float(similarity.TOP_VALUE[coding]))


def _by_year(data: AlliancePortfolios, ties: pd.DataFrame, top: float) -> Iterator[YearPortfolios]:
    member_groups = dict(tuple(data.members.groupby("year")))
    tie_groups = dict(tuple(ties.groupby("year")))
    gap_groups = dict(tuple(data.gaps.groupby("year")))
    weights = data.cinc
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


def dyad_similarity(
    portfolios: AlliancePortfolios,
    measures: Sequence[str] = ("s_abs", "s_sq"),
    *,
    coding: str = "atop",
    include_self: bool = True,
) -> SimilarityTable:
    """Alliance-portfolio similarity for every directed COW dyad-year of the data.

    Parameters
    ----------
    portfolios
        The data, from :func:`allied.panel.alliance_portfolios` (with
        ``cinc=True`` for the weighted measures).
    measures
        Names of :data:`MEASURES`: ``s_abs``, ``s_sq`` (Signorino-Ritter S,
        absolute or squared distance, range = the coding's top value),
        ``*_cinc`` (weighted by third states' CINC), ``kappa``, ``pi``
        (Häge), ``tau_b``.
    coding
        ``"atop"`` (default), ``"cow"`` or ``"binary"``; see
        :func:`allied.measures.similarity.valued_ties`.
    include_self
        Keep the self-pairs (A, A).

    Returns
    -------
    SimilarityTable
        ``ccode1``, ``ccode2``, ``year`` and one column per measure, sorted by
        the keys, NaN for states with an incomplete portfolio; with the
        datasets to cite.

    Raises
    ------
    InputError
        An unknown measure or coding; a weighted measure on data without CINC.

    Notes
    -----
    Each year's measures are a few dense products of its (n, n) portfolio
    matrix (see :mod:`allied.measures.similarity`), with one BLAS thread: the
    matrices are about 200 x 200, where threads only contend. Data sources:
    COW State System Membership v2016 (extended to ATOP's last year), ATOP
    5.1, COW NMC 7.0 for CINC weights.

    References
    ----------
    .. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b:
       Measuring the similarity of foreign policy positions. International
       Studies Quarterly, 43(1), 115-144.
       https://doi.org/10.1111/0020-8833.00113
    .. [2] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
       foreign policy similarity for chance agreement. Political Analysis,
       19(3), 287-305. https://doi.org/10.1093/pan/mpr023

    Examples
    --------
    The United States and the United Kingdom in a defense pact, France alone:
    the allies' portfolios are equal, France's the opposite of theirs.

    >>> import pandas as pd
    >>> from allied.panel import AlliancePortfolios
    >>> members = pd.DataFrame({"ccode": [2, 200, 220], "year": 1950})
    >>> pact = pd.DataFrame({"ccode1": [2, 200], "ccode2": [200, 2], "year": 1950,
    ...                      "defense": 1, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 0})
    >>> result = dyad_similarity(AlliancePortfolios.from_frames(members, pact), ["s_abs"],
    ...                          include_self=False)
    >>> result.to_frame().head(3)
       ccode1  ccode2  year  s_abs
    0       2     200  1950    1.0
    1       2     220  1950   -1.0
    2     200       2  1950    1.0

    With the cache (``allied data import`` of cow-states and atop), the data
    of every year is ``allied.panel.alliance_portfolios()``, and
    ``result.citations()`` lists ATOP and the COW state system.
    """
    weighted = needs_cinc(measures, coding=coding)
    data = _check_data(portfolios, weighted, "dyad_similarity")
    with _one_blas_thread():
        yearly = [
            (year, _year_measures(year, measures))
            for year in yearly_portfolios(data, coding=coding)
        ]
    table = _stacked(yearly, measures)
    if not include_self:
        table = table[table["ccode1"] != table["ccode2"]].reset_index(drop=True)
    return SimilarityTable(
        table, tuple(measures), coding, data.years, include_self, data.provenance(weighted=weighted)
    )


def _stacked(
    yearly: list[tuple[YearPortfolios, dict[str, np.ndarray]]], measures: Sequence[str]
) -> pd.DataFrame:
    """One row per directed dyad of every year's matrices, keys first."""
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
    return pd.concat([pd.DataFrame({k: v}, copy=False) for k, v in columns.items()], axis=1)


def _one_blas_thread() -> threadpool_limits:
    """Matrix products here are ~200 x 200: BLAS threads only contend on small machines."""
    return threadpool_limits(limits=1, user_api="blas")


def add_similarity(
    panel: Panel,
    measures: Sequence[str] = ("s_abs",),
    *,
    coding: str = "atop",
    portfolios: AlliancePortfolios | None = None,
) -> Panel:
    """Join alliance-portfolio similarity onto a COW dyad-year panel.

    Parameters
    ----------
    panel
        A COW dyad-year :class:`~allied.panel.Panel`.
    measures
        Names of :data:`MEASURES`, as in :func:`dyad_similarity`.
    coding
        The valued-tie coding; a coding other than ``"atop"`` is appended to
        the column names (``s_abs_binary``).
    portfolios
        The data, from :func:`allied.panel.alliance_portfolios` with
        ``clip=True`` for the panel's years (and ``cinc=True`` for the
        weighted measures). Leaving it out reads the cache here, which is
        deprecated.

    Returns
    -------
    Panel
        The panel with one column per measure: NA outside the years of
        ``portfolios`` (ATOP's are 1816-2018) and for states with incomplete
        portfolios (see the module notes); ``atop`` (and ``nmc7``) recorded
        among its sources.

    Raises
    ------
    InputError
        The panel is not a COW dyad-year panel; an unknown measure or coding;
        a weighted measure on data without CINC.

    Examples
    --------
    Needs ``allied data import`` of cow-states and atop::

        from allied.panel import alliance_portfolios, dyad_years
        panel = dyad_years("cow", years="1946-2020", through=2020)
        data = alliance_portfolios(years=(1946, 2020), clip=True)
        panel = panel.pipe(add_similarity, ["s_abs", "kappa"], portfolios=data)
    """
    weighted = needs_cinc(measures, coding=coding)
    if not isinstance(panel, Panel) or not panel.is_dyadic or panel.system != "cow":
        raise InputError(
            "add_similarity needs a COW dyad-year Panel",
            where="add_similarity(panel)",
            fix="Build it with allied.panel.dyad_years('cow', ...): alliance portfolios "
            "are built in the COW system that ATOP uses.",
        )
    grid = panel.grid
    years = grid.first_year, grid.first_year + grid.n_years - 1
    if portfolios is None:
        _deprecated("add_similarity(panel, measures) without portfolios", "add_similarity")
        portfolios = alliance_portfolios(years=years, cinc=weighted, clip=True)
    data = _check_data(portfolios, weighted, "add_similarity")
    cubes = {m: np.full(grid.size * len(grid.codes), np.nan) for m in measures}
    with _one_blas_thread():
        for year in yearly_portfolios(data, coding=coding):
            if years[0] <= year.year <= years[1]:
                _fill(cubes, grid, year, _year_measures(year, measures))
    cells = grid.dyad_cells()
    block = prefaulted(len(measures), len(panel))
    for index, name in enumerate(measures):
        np.take(cubes[name], cells, out=block[index])
    suffix = "" if coding == "atop" else f"_{coding}"
    names = [f"{m}{suffix}" for m in measures]
    used = data.ties_provenance + (data.weights_provenance if weighted else Provenance())
    return panel.with_columns(pd.DataFrame(block.T, columns=names, copy=False), used.sources)


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


# --------------------------------------------------------------------------- deprecated


def _deprecated(what: str, instead: str) -> None:
    replacements = {
        "add_similarity": "pass portfolios=allied.panel.alliance_portfolios(years=..., clip=True)",
        "dyad_similarity": "call allied.measures.dyad_similarity("
        "allied.panel.alliance_portfolios(years=...), measures), a SimilarityTable "
        "whose .frame is this table",
        "yearly_portfolios": "call allied.measures.yearly_portfolios("
        "allied.panel.alliance_portfolios(years=...))",
    }
    warnings.warn(
        f"allied.measures.{what} is deprecated: measures no longer read the cache; "
        f"{replacements[instead]}",
        DeprecationWarning,
        stacklevel=3,
    )


def similarity_table(
    measures: Sequence[str] = ("s_abs", "s_sq"),
    *,
    coding: str = "atop",
    years: YearRange | str | None = None,
    include_self: bool = True,
) -> pd.DataFrame:
    """Deprecated: :func:`dyad_similarity` of :func:`allied.panel.alliance_portfolios`.

    Returns the table (``ccode1``, ``ccode2``, ``year``, one column per
    measure) of ``dyad_similarity(alliance_portfolios(years=years, cinc=...),
    measures, coding=coding, include_self=include_self)``.
    """
    _deprecated("similarity_table", "dyad_similarity")
    data = alliance_portfolios(years=years, cinc=needs_cinc(measures, coding=coding))
    return dyad_similarity(data, measures, coding=coding, include_self=include_self).frame


def portfolios(
    *, coding: str = "atop", years: YearRange | str | None = None, cinc: bool = False
) -> Iterator[YearPortfolios]:
    """Deprecated: :func:`yearly_portfolios` of :func:`allied.panel.alliance_portfolios`."""
    _deprecated("portfolios", "yearly_portfolios")
    check_choice(coding, similarity.TOP_VALUE, argument="coding")
    return yearly_portfolios(alliance_portfolios(years=years, cinc=cinc), coding=coding)
