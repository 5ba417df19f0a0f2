"""Windowed dyad inputs of the partner-fit indicators: disputes, rivalries and arms transfers.

Year ``y``'s value of every column here sums the ``window`` years
``y - window + 1 .. y`` (ten by default: ``y-9 .. y``; ``y-10`` is out).
A column is defined (a number, possibly 0) in every year whose window
shares at least one year with its source's coverage in the dataset
registry, NaN in the others: a window that reaches past the coverage counts
what the covered years hold (:func:`window_coverage`).

Two families, each as a table and as a join onto a frame of dyad-years:

* disputes and rivalries (:func:`dispute_windows`, :func:`add_dispute_windows`):
  COW MID 5.0 disputes between the two, years since their last dispute
  year, common adversaries, different main adversaries;
* arms transfers (:func:`arms_windows`, :func:`add_arms_windows`): the SIPRI
  trade register's deliveries, spread over delivery years as
  :func:`allied.panel.add_arms_transfers` does: flows between the two, each
  one's import share from the other, each one's exports, and the similarity
  of their arms suppliers.

Everything is vectorized: sparse matrix products for common adversaries,
one (states x suppliers) matrix per year and a batched matrix product for
supplier similarity; no Python loop over dyads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd
from scipy import sparse

from allied._validation import check_whole, parse_years
from allied.errors import InputError
from allied.panel._arms import _coded_deliveries, _dyad_totals, _summed
from allied.panel._build import dyad_years, system_spells
from allied.panel._conflict import rivalry_years
from allied.panel._disputes import add_cow_mids, add_peace_years
from allied.panel._panel import Panel, YearRange
from allied.sources import dataset, load

__all__ = [
    "ARMS_WINDOW_COLUMNS",
    "add_arms_windows",
    "add_dispute_windows",
    "arms_windows",
    "dispute_window_columns",
    "dispute_windows",
    "window_coverage",
]

_MIDS = "cow-mids"
_RIVALRIES = "tss-rivalries"
_ARMS = "sipri-trade"
_STATES = "cow-states"
_KEYS = ["ccode1", "ccode2", "year"]
#: COW codes are below 1000 (990 Samoa is the largest): keys pack into one int64.
_CODE_BASE = 1000

#: The columns :func:`add_arms_windows` adds (the pair-level ones also in :func:`arms_windows`).
ARMS_WINDOW_COLUMNS = (
    "arms_flow_log",
    "import_share_1from2",
    "import_share_2from1",
    "import_share_max",
    "arms_exports_log_1",
    "arms_exports_log_2",
    "supplier_similarity",
    "supplier_dissimilarity",
)

Frame = TypeVar("Frame", pd.DataFrame, Panel)


# --- windows and coverage -------------------------------------------------------------------


def _check_window(window: object, step: str) -> int:
    return check_whole(
        window,
        name="window",
        where=f"{step}(window=...)",
        fix="Give the number of years the window spans, e.g. window=10 for y-9..y.",
        at_least=1,
        at_most=100,
    )


def _window_span(name: str, window: int) -> tuple[int, int]:
    """The years whose window ``y-window+1..y`` meets dataset ``name``'s coverage."""
    first, last = dataset(name).coverage
    return first, last + window - 1


def dispute_window_columns(window: int = 10) -> tuple[str, ...]:
    """The columns :func:`add_dispute_windows` adds, for a window of ``window`` years.

    Examples
    --------
    >>> dispute_window_columns()
    ('mids_10y', 'years_since_dispute', 'common_adversaries', 'different_main_adversary')
    """
    mids = f"mids_{_check_window(window, 'dispute_window_columns')}y"
    return (mids, "years_since_dispute", "common_adversaries", "different_main_adversary")


def window_coverage(*, window: int = 10) -> dict[str, tuple[int, int]]:
    """The first and last year in which each windowed column is defined (not NaN).

    Taken from the dataset registry's coverage: a windowed column is defined
    in year ``y`` when some year of ``y-window+1..y`` lies in its source's
    coverage; ``years_since_dispute`` (not windowed) inside COW MID's
    coverage; ``common_adversaries`` when either MIDs or rivalries cover a
    year of the window (their coverages overlap, so the span has no gap).

    Parameters
    ----------
    window
        Years in the window (10: ``y-9..y``).

    Returns
    -------
    dict
        Column name -> (first year, last year), for :func:`dispute_window_columns`
        and :data:`ARMS_WINDOW_COLUMNS`.

    Examples
    --------
    >>> window_coverage()["arms_flow_log"]  # SIPRI's register covers 1950-2024
    (1950, 2033)
    """
    window = _check_window(window, "window_coverage")
    mids, since, common, main = dispute_window_columns(window)
    mid_span = _window_span(_MIDS, window)
    rivalry_span = _window_span(_RIVALRIES, window)
    spans = {
        mids: mid_span,
        since: dataset(_MIDS).coverage,
        common: (min(mid_span[0], rivalry_span[0]), max(mid_span[1], rivalry_span[1])),
        main: mid_span,
    }
    return spans | dict.fromkeys(ARMS_WINDOW_COLUMNS, _window_span(_ARMS, window))


def _inside(years: np.ndarray, span: tuple[int, int]) -> np.ndarray:
    inside: np.ndarray = (years >= span[0]) & (years <= span[1])
    return inside


def _target_years(years: YearRange | str, spans: Sequence[tuple[int, int]]) -> YearRange | None:
    """The requested years clipped to the union of ``spans`` (None when they miss it)."""
    first, last = parse_years(years)
    first = max(first, min(span[0] for span in spans))
    last = min(last, max(span[1] for span in spans))
    return (first, last) if first <= last else None


# --- keys -----------------------------------------------------------------------------------


def _pack(low: np.ndarray, high: np.ndarray, year: np.ndarray) -> np.ndarray:
    key: np.ndarray = (year.astype(np.int64) * _CODE_BASE + low) * _CODE_BASE + high
    return key


def _rows_of(table_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Per key, the position of the same key in ``table_keys`` (unique), -1 if absent."""
    rows: np.ndarray = pd.Index(table_keys).get_indexer(keys)
    return rows


@dataclass(frozen=True)
class _Rows:
    """The dyad-years of a frame: its codes, the non-directed pair, the year."""

    code1: np.ndarray
    code2: np.ndarray
    year: np.ndarray

    @property
    def low(self) -> np.ndarray:
        low: np.ndarray = np.minimum(self.code1, self.code2)
        return low

    @property
    def high(self) -> np.ndarray:
        high: np.ndarray = np.maximum(self.code1, self.code2)
        return high


def _frame_rows(frame: pd.DataFrame | Panel, step: str) -> _Rows:
    """The keys of the frame (of a Panel's frame), or an :class:`InputError`."""
    if isinstance(frame, Panel):
        frame.require(unit="dyad-year", step=step)
        if frame.system != "cow":
            raise InputError(
                f"{step} needs COW codes; the panel is in the {frame.system!r} system",
                where=f"{step}(frame)",
                fix='Build the panel with dyad_years("cow").',
            )
        frame = frame.frame
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"{step} needs a DataFrame or a dyad-year Panel, not a {type(frame).__name__}",
            where=f"{step}(frame)",
            fix="Pass a frame with columns ccode1, ccode2, year.",
        )
    missing = [column for column in _KEYS if column not in frame.columns]
    if missing:
        raise InputError(
            f"the frame lacks column(s) {', '.join(missing)}",
            where=f"{step}(frame)",
            fix="Pass dyad-years keyed by COW codes: columns ccode1, ccode2, year.",
        )
    return _Rows(*(_key_column(frame[column], column, step) for column in _KEYS))


def _key_column(column: pd.Series, name: str, step: str) -> np.ndarray:
    numbers = column.to_numpy(np.float64, na_value=np.nan)
    upper = 9999 if name == "year" else _CODE_BASE - 1
    bad = np.isnan(numbers) | (numbers != np.round(numbers)) | (numbers < 0) | (numbers > upper)
    if bad.any():
        row = int(np.argmax(bad))
        raise InputError(
            f"{name} holds {column.iloc[row]!r}, not a COW code or year",
            where=f"{step}(frame), row {row} (position)",
            fix=f"Give whole numbers from 0 to {upper} in {name}, with no missing values.",
        )
    return numbers.astype(np.int64)


def _empty(integers: Sequence[str], decimals: Sequence[str] = ()) -> pd.DataFrame:
    """A table without rows: int64 ``integers``, float64 ``decimals``."""
    columns = {name: pd.Series(dtype=np.int64) for name in integers}
    return pd.DataFrame(columns | {name: pd.Series(dtype=np.float64) for name in decimals})


def _joined(
    frame: pd.DataFrame | Panel, values: dict[str, np.ndarray], sources: tuple[str, ...]
) -> pd.DataFrame | Panel:
    if isinstance(frame, Panel):
        return frame.with_columns(values, sources)
    clash = [name for name in values if name in frame.columns]
    if clash:
        raise InputError(
            f"the frame already has column(s) {', '.join(clash)}",
            where="add_dispute_windows/add_arms_windows(frame)",
            fix="Add each family of windows once, or drop the columns first.",
        )
    return frame.assign(**values)


# --- disputes and rivalries -----------------------------------------------------------------


def _spread(events: pd.DataFrame, window: int, targets: YearRange) -> pd.DataFrame:
    """Each event row once for every target year whose window holds it
    (``year .. year+window-1``, kept inside ``targets``), ``year`` becoming that year."""
    first, last = targets
    events = events[(events["year"] >= first - window + 1) & (events["year"] <= last)]
    rows = np.repeat(np.arange(len(events)), window)
    spread = events.iloc[rows].reset_index(drop=True)
    spread["year"] = spread["year"].to_numpy(np.int64) + np.tile(np.arange(window), len(events))
    return spread[(spread["year"] >= first) & (spread["year"] <= last)]


def _mid_dyad_disputes() -> pd.DataFrame:
    """``dispnum``, ``low``, ``high``, ``year``: every MID's non-directed dyad-years, once."""
    directed = load(_MIDS, "directed_disputes")
    first = directed["ccode1"].to_numpy(np.int64)
    second = directed["ccode2"].to_numpy(np.int64)
    frame = pd.DataFrame(
        {
            "dispnum": directed["dispnum"].to_numpy(np.int64),
            "low": np.minimum(first, second),
            "high": np.maximum(first, second),
            "year": directed["year"].to_numpy(np.int64),
        }
    )
    return frame.drop_duplicates(ignore_index=True)


def _mid_counts(disputes: pd.DataFrame, window: int, targets: YearRange) -> pd.Series:
    """Distinct MIDs per (low, high, year) over each year's window."""
    spread = _spread(disputes, window, targets).drop_duplicates()
    return spread.groupby(["low", "high", "year"]).size()


def _dispute_years(disputes: pd.DataFrame, window: int, targets: YearRange) -> pd.DataFrame:
    """``low``, ``high``, ``year``, ``n``: the years of the window with a MID between them."""
    years = disputes[["low", "high", "year"]].drop_duplicates()
    spread = _spread(years, window, targets)
    return spread.groupby(["low", "high", "year"]).size().rename("n").reset_index()


def _both_ways(pairs: pd.DataFrame, low: str = "low", high: str = "high") -> pd.DataFrame:
    """``state``, ``other`` and the other columns: each pair in both orders."""
    rest = [column for column in pairs.columns if column not in (low, high)]
    forward = pairs.rename(columns={low: "state", high: "other"})
    backward = pairs.rename(columns={high: "state", low: "other"})
    return pd.concat([forward, backward[["state", "other", *rest]]], ignore_index=True)


def _main_adversaries(dispute_years: pd.DataFrame) -> pd.DataFrame:
    """``state``, ``year``, ``other``: the state it shared most MID years with in the
    window (ties: the lowest code)."""
    both = _both_ways(dispute_years)
    ranked = both.sort_values(
        ["state", "year", "n", "other"], ascending=[True, True, False, True], kind="stable"
    )
    return ranked.drop_duplicates(["state", "year"])[["state", "year", "other"]]


def _different_mains(mains: pd.DataFrame) -> pd.Series:
    """1 for every (low, high, year) whose two states have different main adversaries."""
    pairs = mains.merge(mains, on="year", suffixes=("_1", "_2"))
    pairs = pairs[(pairs["state_1"] < pairs["state_2"]) & (pairs["other_1"] != pairs["other_2"])]
    index = pd.MultiIndex.from_arrays(
        [pairs["state_1"], pairs["state_2"], pairs["year"]], names=["low", "high", "year"]
    )
    return pd.Series(1, index=index, dtype=np.int64)


def _adversary_edges(disputes: pd.DataFrame, window: int, targets: YearRange) -> pd.DataFrame:
    """``state``, ``other``, ``year``: ``other`` was in a MID or a strategic rivalry with
    ``state`` in some year of the window (each edge once, both orders)."""
    mids = disputes[["low", "high", "year"]]
    rivals = rivalry_years()[["code1", "code2", "year"]]
    rivals = rivals.rename(columns={"code1": "low", "code2": "high"})
    events = pd.concat([mids, rivals], ignore_index=True).drop_duplicates()
    return _both_ways(_spread(events, window, targets)).drop_duplicates(ignore_index=True)


def _common_adversaries(edges: pd.DataFrame, targets: YearRange) -> pd.Series:
    """Per (low, high, year), the number of third states both have as adversaries.

    One sparse (state-year x adversary-year) incidence matrix M; M @ M.T
    counts, for two state-years of the same year, their shared adversaries.
    A state is never its own adversary, so neither of the two is counted.
    """
    codes = np.unique(edges[["state", "other"]].to_numpy(np.int64))
    n_states, n_years = len(codes), targets[1] - targets[0] + 1
    offset = (edges["year"].to_numpy(np.int64) - targets[0]) * n_states
    rows = offset + np.searchsorted(codes, edges["state"].to_numpy(np.int64))
    columns = offset + np.searchsorted(codes, edges["other"].to_numpy(np.int64))
    size = n_years * n_states
    incidence = sparse.csr_matrix(
        (np.ones(len(edges), dtype=np.int64), (rows, columns)), shape=(size, size)
    )
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    index = pd.MultiIndex.from_arrays(
        [
            codes[shared.row % n_states],
            codes[shared.col % n_states],
            targets[0] + shared.row // n_states,
        ],
        names=["low", "high", "year"],
    )
    return pd.Series(shared.data.astype(np.int64), index=index)


def dispute_windows(years: YearRange | str, *, window: int = 10) -> pd.DataFrame:
    """MIDs, common adversaries and main adversaries over each year's window, per dyad.

    Sparse: one row per non-directed dyad-year (``ccode1 < ccode2``, COW) of
    the requested years with at least one non-zero count. Inside a column's
    coverage (:func:`window_coverage`) a dyad-year without a row has 0;
    outside it the value is undefined (NaN in :func:`add_dispute_windows`).

    Columns (int64), for year ``y`` and its window ``W = y-window+1..y``:

    * ``mids_10y`` (``mids_{window}y``): the number of distinct COW MIDs in
      which the two were on opposite sides in some year of ``W``;
    * ``common_adversaries``: the number of third states C such that each of
      the two had a MID with C in some year of ``W`` or a Thompson strategic
      rivalry with C ongoing in some year of ``W`` (the two's own dispute or
      rivalry does not count: C is neither of them);
    * ``different_main_adversary``: 1 if both have a main adversary and they
      differ. A state's main adversary is the state it shared the most MID
      years with in ``W`` (a MID year: a year of ``W`` in which they were on
      opposite sides of at least one MID), ties to the lowest COW code; a
      state with no MID in ``W`` has none. Two states that are each other's
      main adversary count as different (1).

    ``years_since_dispute`` is not here: it is defined for every dyad-year,
    not only for the few with disputes; :func:`add_dispute_windows` adds it.

    Parameters
    ----------
    years
        A year or range (``"1946-2018"``, ``(1946, 2018)``).
    window
        Years in the window (10: ``y-9..y``).

    Returns
    -------
    pandas.DataFrame
        ``ccode1``, ``ccode2``, ``year`` and the three counts, sorted by the keys.

    Raises
    ------
    InputError
        Unreadable years or a window outside 1-100.
    DataNotAvailableError
        cow-mids (with its directed dispute-years) or tss-rivalries not imported.

    Notes
    -----
    Data sources: COW MID 5.0 directed dyadic dispute-years (Palmer et al.
    2022; Miller's conversion, as in peacesciencer), Thompson, Sakuwa &
    Suhas's strategic rivalries (as in peacesciencer), one row per rivalry
    year as :func:`allied.panel.add_strategic_rivalries` forms them.

    References
    ----------
    .. [1] Jones, D. M., Bremer, S. A., & Singer, J. D. (1996). Militarized
       Interstate Disputes, 1816-1992: Rationale, Coding Rules, and Empirical
       Patterns. Conflict Management and Peace Science, 15(2), 163-213.
       https://doi.org/10.1177/073889429601500203
    .. [2] Palmer, G., McManus, R. W., D'Orazio, V., Kenwick, M. R., Karstens,
       M., Bloch, C., Dietrich, N., Kahn, K., Ritter, K., & Soules, M. J.
       (2022). The MID5 Dataset, 2011-2014: Procedures, coding rules, and
       description. Conflict Management and Peace Science, 39(4), 470-482.
       https://doi.org/10.1177/0738894221995743
    .. [3] Thompson, W. R., & Dreyer, D. R. (2012). Handbook of International
       Rivalries, 1494-2010. CQ Press.
    .. [4] Thompson, W. R., Sakuwa, K., & Suhas, P. H. (2021). Analyzing
       Strategic Rivalries in World Politics. Springer.
    """
    window = _check_window(window, "dispute_windows")
    mids, _, common, main = dispute_window_columns(window)
    spans = [_window_span(_MIDS, window), _window_span(_RIVALRIES, window)]
    targets = _target_years(years, spans)
    if targets is None:
        return _empty((*_KEYS, mids, common, main))
    disputes = _mid_dyad_disputes()
    counts = {
        mids: _mid_counts(disputes, window, targets),
        common: _common_adversaries(_adversary_edges(disputes, window, targets), targets),
        main: _different_mains(_main_adversaries(_dispute_years(disputes, window, targets))),
    }
    table = pd.concat(counts, axis=1).fillna(0).astype(np.int64).sort_index()
    table.index = table.index.set_names(_KEYS)
    return table.reset_index()[[*_KEYS, mids, common, main]]


def _peace_years(rows: _Rows) -> np.ndarray:
    """Per row, the dyad's ``cowmidspell`` on the COW non-directed panel from the start of
    COW MID's coverage (NaN outside it, beyond the state system's data, and for
    dyad-years not in the COW system)."""
    spells = system_spells("cow")
    first, last = dataset(_MIDS).coverage
    first, last = max(first, spells["start"].min().year), min(last, spells["end"].max().year)
    inside = _inside(rows.year, (first, last))
    result = np.full(len(rows.year), np.nan)
    if not inside.any():
        return result
    years = (first, int(rows.year[inside].max()))
    panel = dyad_years("cow", directed=False, years=years, spells=spells)
    panel = add_peace_years(add_cow_mids(panel, keep=[]))
    frame = panel.frame
    keys = _pack(*(frame[column].to_numpy(np.int64) for column in _KEYS))
    found = _rows_of(keys, _pack(rows.low, rows.high, rows.year))
    spell = frame["cowmidspell"].to_numpy(np.float64, na_value=np.nan)
    result[found >= 0] = spell[found[found >= 0]]
    return result


def add_dispute_windows(frame: Frame, *, window: int = 10) -> Frame:
    """Join the windowed dispute columns onto dyad-years (directed or not).

    Adds, as float64: ``mids_10y`` (``mids_{window}y``),
    ``years_since_dispute``, ``common_adversaries`` and
    ``different_main_adversary`` (see :func:`dispute_windows`), the same
    for (A, B) and (B, A). The counts are 0 for a dyad-year
    :func:`dispute_windows` does not list inside their coverage and NaN
    outside it (:func:`window_coverage`).

    ``years_since_dispute`` is peacesciencer's ``cowmidspell`` for the
    dyad-year (Miller 2022; :func:`allied.panel.add_peace_years`), counted on
    the COW non-directed dyad-year panel from 1816, the start of COW MID's
    coverage (so a dispute before the frame's first year still counts): the
    number of consecutive panel years just before ``y`` without a MID year,
    0 in the year after a MID year, left-censored at the dyad's first year
    in the system. It is NaN outside COW MID's coverage (after 2014) and for
    a dyad-year that is not in the COW system.

    Parameters
    ----------
    frame
        A DataFrame with ``ccode1``, ``ccode2``, ``year`` (COW codes), or a
        COW dyad-year :class:`~allied.panel.Panel`.
    window
        Years in the window (10: ``y-9..y``).

    Returns
    -------
    pandas.DataFrame or Panel
        The frame with the four columns added (rows and order unchanged); a
        panel records cow-mids, tss-rivalries and cow-states.

    Raises
    ------
    InputError
        Missing or invalid key columns, columns already present, a bad window.
    DataNotAvailableError
        cow-mids (with directed dispute-years), tss-rivalries or cow-states not
        imported.

    References
    ----------
    .. [1] Jones, D. M., Bremer, S. A., & Singer, J. D. (1996). Militarized
       Interstate Disputes, 1816-1992. Conflict Management and Peace Science,
       15(2), 163-213. https://doi.org/10.1177/073889429601500203
    .. [2] Palmer, G., et al. (2022). The MID5 Dataset, 2011-2014. Conflict
       Management and Peace Science, 39(4), 470-482.
       https://doi.org/10.1177/0738894221995743
    .. [3] Thompson, W. R., & Dreyer, D. R. (2012). Handbook of International
       Rivalries, 1494-2010. CQ Press.
    .. [4] Miller, S. V. (2022). peacesciencer: An R Package for Quantitative
       Peace Science Research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    window = _check_window(window, "add_dispute_windows")
    rows = _frame_rows(frame, "add_dispute_windows")
    names: tuple[str, ...] = dispute_window_columns(window)
    spans = window_coverage(window=window)
    values: dict[str, np.ndarray] = {}
    if len(rows.year):
        counts = dispute_windows((int(rows.year.min()), int(rows.year.max())), window=window)
    else:
        counts = _empty((*_KEYS, *names))
    found = _rows_of(
        _pack(*(counts[column].to_numpy(np.int64) for column in _KEYS)),
        _pack(rows.low, rows.high, rows.year),
    )
    for name in names:
        if name == "years_since_dispute":
            values[name] = _peace_years(rows)
            continue
        listed = counts[name].to_numpy(np.float64)
        column = np.where(found >= 0, listed[np.maximum(found, 0)] if len(listed) else 0, 0.0)
        values[name] = np.where(_inside(rows.year, spans[name]), column, np.nan)
    return _joined(frame, values, (_MIDS, _RIVALRIES, _STATES))  # type: ignore[return-value]


# --- arms transfers -------------------------------------------------------------------------


@dataclass(frozen=True)
class _ArmsCube:
    """Window sums of the register's deliveries for consecutive target years.

    ``codes`` are the states (COW) with a delivery; index ``len(codes)`` is an
    extra state that never traded (for codes the register does not know).
    ``received[t, i, s]`` is the TIV state i received from state s over the
    window of year ``first + t``; ``imports``/``exports`` are each state's
    totals over the window, with non-state and unknown parties.
    """

    codes: np.ndarray
    first: int
    received: np.ndarray
    imports: np.ndarray
    exports: np.ndarray

    def index(self, codes: np.ndarray) -> np.ndarray:
        position = np.searchsorted(self.codes, codes)
        position = np.minimum(position, len(self.codes))
        known = position < len(self.codes)
        known[known] = self.codes[position[known]] == codes[known]
        found: np.ndarray = np.where(known, position, len(self.codes))
        return found


def _windowed(annual: np.ndarray, window: int, n_targets: int) -> np.ndarray:
    """Sums of ``window`` consecutive years along axis 0 (annual covers
    ``window - 1`` years before the first target)."""
    total = annual[0:n_targets].copy()
    for lag in range(1, window):
        total += annual[lag : lag + n_targets]
    return total


def _arms_cube(targets: YearRange, window: int) -> _ArmsCube:
    flows = _coded_deliveries("cow")
    dyads = _dyad_totals(flows)
    imports, exports = _summed(flows, "code2"), _summed(flows, "code1")
    parts = [dyads["code1"].to_numpy(np.int64), dyads["code2"].to_numpy(np.int64)]
    parts += [totals.index.get_level_values(0).to_numpy(np.int64) for totals in (imports, exports)]
    codes = np.unique(np.concatenate(parts))
    base, n_targets = targets[0] - window + 1, targets[1] - targets[0] + 1
    n_years, size = n_targets + window - 1, len(codes) + 1
    received = np.zeros((n_years, size, size))
    year = dyads["year"].to_numpy(np.int64) - base
    keep = (year >= 0) & (year < n_years)
    recipient = np.searchsorted(codes, dyads["code2"].to_numpy(np.int64))
    supplier = np.searchsorted(codes, dyads["code1"].to_numpy(np.int64))
    received[year[keep], recipient[keep], supplier[keep]] = dyads["arms_tiv"].to_numpy()[keep]
    totals = [_annual_totals(series, codes, base, n_years) for series in (imports, exports)]
    return _ArmsCube(
        codes,
        targets[0],
        _windowed(received, window, n_targets),
        _windowed(totals[0], window, n_targets),
        _windowed(totals[1], window, n_targets),
    )


def _annual_totals(totals: pd.Series, codes: np.ndarray, base: int, n_years: int) -> np.ndarray:
    """(years x states + 1) array of a (code, year) series."""
    array = np.zeros((n_years, len(codes) + 1))
    year = totals.index.get_level_values(1).to_numpy(np.int64) - base
    keep = (year >= 0) & (year < n_years)
    state = np.searchsorted(codes, totals.index.get_level_values(0).to_numpy(np.int64))
    array[year[keep], state[keep]] = totals.to_numpy(np.float64)[keep]
    return array


def _norms_without(
    cube: _ArmsCube, t: np.ndarray, i: np.ndarray, j: np.ndarray, gram: np.ndarray
) -> np.ndarray:
    """Squared norm of state i's supplier vector without supplier j: from the Gram
    diagonal where i received nothing from j, summed exactly (no cancellation) where
    it did."""
    squared: np.ndarray = gram[t, i, i].copy()
    direct = np.flatnonzero(cube.received[t, i, j] > 0)
    for chunk in np.array_split(direct, max(1, len(direct) // 8192)):
        vectors = cube.received[t[chunk], i[chunk], :].copy()
        vectors[np.arange(len(chunk)), j[chunk]] = 0.0
        squared[chunk] = np.einsum("ks,ks->k", vectors, vectors)
    return squared


def _similarity(cube: _ArmsCube, t: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine similarity of i's and j's supplier vectors, neither counted as a supplier."""
    used = np.unique(t)
    gram = np.zeros((len(cube.received), *cube.received.shape[1:]))
    gram[used] = np.matmul(cube.received[used], cube.received[used].transpose(0, 2, 1))
    # i never supplies itself and j never j, so leaving both out does not change the dot.
    dot = gram[t, i, j]
    squared_i = _norms_without(cube, t, i, j, gram)
    squared_j = _norms_without(cube, t, j, i, gram)
    defined = (squared_i > 0) & (squared_j > 0)
    similarity = np.full(len(t), np.nan)
    similarity[defined] = np.minimum(
        dot[defined] / np.sqrt(squared_i[defined] * squared_j[defined]), 1.0
    )
    return similarity


def _share(part: np.ndarray, total: np.ndarray) -> np.ndarray:
    share = np.full(len(part), np.nan)
    np.divide(part, total, out=share, where=total > 0)
    return share


def _arms_values(
    cube: _ArmsCube, code1: np.ndarray, code2: np.ndarray, year: np.ndarray, covered: np.ndarray
) -> dict[str, np.ndarray]:
    """:data:`ARMS_WINDOW_COLUMNS` for each (code1, code2, year); NaN where not ``covered``."""
    n_targets = len(cube.received)
    t = np.clip(year - cube.first, 0, max(n_targets - 1, 0))
    i, j = cube.index(code1), cube.index(code2)
    from_2, from_1 = cube.received[t, i, j], cube.received[t, j, i]
    share_1, share_2 = _share(from_2, cube.imports[t, i]), _share(from_1, cube.imports[t, j])
    similarity = _similarity(cube, t, i, j)
    values = {
        "arms_flow_log": np.log10(1.0 + (from_2 + from_1)),  # (a + b) == (b + a) exactly
        "import_share_1from2": share_1,
        "import_share_2from1": share_2,
        "import_share_max": np.fmax(share_1, share_2),
        "arms_exports_log_1": np.log10(1.0 + cube.exports[t, i]),
        "arms_exports_log_2": np.log10(1.0 + cube.exports[t, j]),
        "supplier_similarity": similarity,
        "supplier_dissimilarity": 1.0 - similarity,
    }
    return {name: np.where(covered, column, np.nan) for name, column in values.items()}


def _active_pairs(cube: _ArmsCube) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t, i, j), i < j: every pair of the register's states in each target year where
    at least one of the two delivered or received something in the window."""
    n_states = len(cube.codes)
    first, second = np.triu_indices(n_states, k=1)
    active = (cube.imports[:, :n_states] > 0) | (cube.exports[:, :n_states] > 0)
    t, pair = np.nonzero(active[:, first] | active[:, second])
    return t, first[pair], second[pair]


def arms_windows(years: YearRange | str, *, window: int = 10) -> pd.DataFrame:
    """Arms transfers over each year's window, per non-directed pair of states.

    For year ``y`` and its window ``W = y-window+1..y`` (TIV: SIPRI
    trend-indicator values, millions; deliveries spread over delivery years
    as :func:`allied.panel.add_arms_transfers` does):

    * ``arms_flow_log``: log10(1 + TIV 1 -> 2 + TIV 2 -> 1 delivered in ``W``);
    * ``import_share_1from2``: the share of everything state 1 received in
      ``W`` (from any supplier, unknown and non-state ones included) that
      came from state 2, NaN if state 1 received nothing;
      ``import_share_2from1`` the other way; ``import_share_max`` the larger
      of the two (the one defined if only one is, NaN if neither is);
    * ``arms_exports_log_1``, ``arms_exports_log_2``: log10(1 + everything
      the state delivered in ``W``, to non-state recipients too);
    * ``supplier_similarity``: cosine similarity of the two states' vectors
      of TIV received in ``W`` from each supplier state, leaving the two
      themselves out as suppliers; NaN if either received nothing from a
      third supplier state; ``supplier_dissimilarity`` = 1 - that.

    Rows: every pair ``ccode1 < ccode2`` of states that appear in the
    register in a year of the requested years inside the coverage
    (:func:`window_coverage`) in which at least one of the two delivered or
    received something in ``W``. A pair without a row inside the coverage
    traded with nobody in ``W``: flows and exports 0 (log 0), shares and
    similarity NaN.

    Parameters
    ----------
    years
        A year or range (``"1946-2018"``).
    window
        Years in the window (10: ``y-9..y``).

    Returns
    -------
    pandas.DataFrame
        ``ccode1``, ``ccode2``, ``year`` and :data:`ARMS_WINDOW_COLUMNS`.

    Raises
    ------
    InputError
        Unreadable years or a window outside 1-100.
    DataNotAvailableError
        sipri-trade (or the state crosswalk it needs) not imported.

    Notes
    -----
    *States.* SIPRI's names become COW codes as in
    :func:`allied.panel.add_arms_transfers` (the dated crosswalk; the
    Soviet Union 365, West Germany 260 through 1989, ...). Deliveries from
    or to non-state actors, organizations, unknown parties and territories
    are in no pair and no supplier vector, but in the state's import and
    export totals (the denominators of the shares).

    *Similarity.* Per year one (states x suppliers) matrix X of window TIV;
    the Gram matrix X X^T gives every pair's dot product at once. Leaving
    the pair out as suppliers does not change the dot product (no state
    supplies itself) but shortens each vector: the norm of state 1's vector
    drops state 2's column and vice versa.

    *TIV.* The trend-indicator value measures the volume of transfers of
    major conventional weapons from unit production costs, not their
    financial value.

    References
    ----------
    .. [1] Stockholm International Peace Research Institute (2025). SIPRI
       Arms Transfers Database. https://www.sipri.org/databases/armstransfers
    .. [2] SIPRI. Sources and methods (the SIPRI trend-indicator value).
       https://www.sipri.org/databases/armstransfers/sources-and-methods
    """
    window = _check_window(window, "arms_windows")
    span = _window_span(_ARMS, window)
    targets = _target_years(years, [span])
    if targets is None:
        return _empty(_KEYS, ARMS_WINDOW_COLUMNS)
    cube = _arms_cube(targets, window)
    t, first, second = _active_pairs(cube)
    code1, code2, year = cube.codes[first], cube.codes[second], cube.first + t
    values = _arms_values(cube, code1, code2, year, np.ones(len(t), dtype=bool))
    return pd.DataFrame({"ccode1": code1, "ccode2": code2, "year": year, **values})


def add_arms_windows(frame: Frame, *, window: int = 10) -> Frame:
    """Join the windowed arms-transfer columns onto dyad-years (directed or not).

    Adds :data:`ARMS_WINDOW_COLUMNS` (float64, as in :func:`arms_windows`)
    for each row's own order: ``import_share_1from2`` is ``ccode1``'s share
    from ``ccode2`` and ``arms_exports_log_1`` is ``ccode1``'s, so a
    directed row (B, A) has the details of (A, B) swapped; the other columns
    are symmetric. Inside the register's window coverage
    (:func:`window_coverage`) a state the register never lists has 0
    exports and no imports (shares and similarity NaN); every value is NaN
    outside it.

    Parameters
    ----------
    frame, window
        As in :func:`add_dispute_windows`: COW dyad-years (a DataFrame with
        ``ccode1``, ``ccode2``, ``year``, or a Panel) and the window's length.

    Returns
    -------
    pandas.DataFrame or Panel
        The frame with the columns added (rows and order unchanged); a panel
        records sipri-trade.

    Raises
    ------
    InputError
        Missing or invalid key columns, columns already present, a bad window.
    DataNotAvailableError
        sipri-trade not imported.

    Notes
    -----
    Data sources: SIPRI Arms Transfers Database, trade register (2025); see
    :func:`arms_windows` for the states, the similarity and the TIV.

    References
    ----------
    .. [1] SIPRI. Sources and methods: the SIPRI trend-indicator value.
       https://www.sipri.org/databases/armstransfers/sources-and-methods
    """
    window = _check_window(window, "add_arms_windows")
    rows = _frame_rows(frame, "add_arms_windows")
    span = _window_span(_ARMS, window)
    covered = _inside(rows.year, span)
    values = {name: np.full(len(rows.year), np.nan) for name in ARMS_WINDOW_COLUMNS}
    if covered.any():
        inside = rows.year[covered]
        cube = _arms_cube((int(inside.min()), int(inside.max())), window)
        values = _arms_values(cube, rows.code1, rows.code2, rows.year, covered)
    return _joined(frame, values, (_ARMS,))  # type: ignore[return-value]
