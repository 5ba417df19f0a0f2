"""Militarized interstate disputes on dyad-years, and peace years since the last one.

:func:`add_cow_mids` and :func:`add_gml_mids` follow peacesciencer's
``add_cow_mids()`` and ``add_gml_mids()`` (Miller 2022): a directed
dyad-year gets the one dispute that peacesciencer's whittling rules keep for
it. By default that is the pre-whittled dyad-year table peacesciencer ships
(``cow_mid_ddydisps``, ``gml_mid_ddydisps``); with ``whittle=`` the directed
dispute-years are whittled here, by the rules given, in the order given
(:data:`WHITTLING_RULES`; :data:`PEACESCIENCER_WHITTLING` reproduces the
shipped table). :func:`add_peace_years` counts, per dyad, the years since
the last dispute year, as peacesciencer's ``add_peace_years()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allied._validation import check_choice
from allied.errors import InputError
from allied.panel._joins import check_panel, dyad_columns
from allied.panel._panel import Panel
from allied.sources import load

__all__ = [
    "GML_INITIATION",
    "PEACESCIENCER_WHITTLING",
    "WHITTLING_RULES",
    "add_cow_mids",
    "add_gml_mids",
    "add_peace_years",
    "whittle_dispute_years",
]

#: Each whittling rule: the dispute-level column it compares, and whether the
#: highest (+1) or the lowest (-1) value is kept. "first" keeps a dyad-year's
#: first row in the table's order (peacesciencer's ``whittle_conflicts_jds``),
#: "random" one row drawn with ``seed``.
_SCORED_RULES = {
    "onsets": ("onset", 1),
    "fatality": ("fatality", 1),
    "hostility": ("hostlev", 1),
    "mindur": ("mindur", 1),
    "maxdur": ("maxdur", 1),
    "reciprocation": ("recip", 1),
    "startmonth": ("stmon", -1),
}
#: Every rule ``whittle=`` accepts.
WHITTLING_RULES = (*_SCORED_RULES, "first", "random")
#: peacesciencer's rules, in its order, as it built ``cow_mid_ddydisps`` and
#: ``gml_mid_ddydisps`` (its data-raw scripts); "first" ends the GML chain.
PEACESCIENCER_WHITTLING = (
    "onsets",
    "fatality",
    "hostility",
    "mindur",
    "maxdur",
    "reciprocation",
    "startmonth",
    "first",
)
#: GML's three readings of who initiated a dispute (directed dyad-years).
GML_INITIATION = ("sidea-all-joiners", "sidea-with-joiners", "sidea-orig")
#: CoW-MID's "fatality unknown" code, ranked between none (0) and 1-25 deaths.
_UNKNOWN_FATALITY, _UNKNOWN_RANK = -9, 0.5
_DYAD_YEAR = ["ccode1", "ccode2", "year"]


@dataclass(frozen=True)
class _Mids:
    """One MID dataset: its registry name and what its columns are called."""

    dataset: str
    ongoing: str  # in the whittled dyad-years (and on the panel)
    onset: str
    renamed: dict[str, str]  # directed dispute-years' ongoing/onset -> the names above
    dispute_table: bool  # COW: dispute-level columns come from the dispute table


def _mids(dataset: str, prefix: str, directed_prefix: str, *, dispute_table: bool) -> _Mids:
    """``prefix``ongoing/onset in the whittled table, ``directed_prefix``... before."""
    renamed = {f"{directed_prefix}{kind}": f"{prefix}{kind}" for kind in ("ongoing", "onset")}
    return _Mids(dataset, f"{prefix}ongoing", f"{prefix}onset", renamed, dispute_table)


_COW = _mids("cow-mids", "cowmid", "disp", dispute_table=True)
_GML = _mids("gml-mids", "gmlmid", "mid", dispute_table=False)
#: The dispute-level columns the rules compare, in COW-MID's dyad-year table order.
_DISPUTE_LEVEL = tuple(column for column, _ in _SCORED_RULES.values() if column != "onset")


def _check_rules(whittle: Sequence[str] | str, seed: int | None, step: str) -> tuple[str, ...]:
    """The whittling rules as a tuple, or an :class:`InputError`."""
    rules = (
        tuple(r.strip() for r in whittle.split(",")) if isinstance(whittle, str) else tuple(whittle)
    )
    if not rules:
        raise InputError(
            "no whittling rule given",
            where=f"{step}(whittle=...)",
            fix=f"Name rules among {', '.join(WHITTLING_RULES)}, or leave whittle=None "
            "for peacesciencer's pre-whittled table.",
        )
    for rule in rules:
        check_choice(rule, WHITTLING_RULES, argument="whittle", label="whittling rule")
    if ("random" in rules) != (seed is not None):
        problem = (
            "the 'random' rule needs a seed"
            if seed is None
            else "seed is given without the 'random' rule"
        )
        raise InputError(
            problem,
            where=f"{step}(whittle=..., seed=...)",
            fix="Pass seed=<int> with the 'random' rule (the same seed gives the same picks); "
            "leave seed out otherwise.",
        )
    return rules


def _group_best(groups: np.ndarray, score: np.ndarray, n_groups: int) -> np.ndarray:
    """Per row: is ``score`` the highest of its group?"""
    best = np.full(n_groups, -np.inf)
    np.maximum.at(best, groups, score)
    kept: np.ndarray = score == best[groups]
    return kept


def _first_of_group(groups: np.ndarray) -> np.ndarray:
    """Per row: is it the first row of its group (in the current order)?"""
    kept = np.zeros(len(groups), dtype=bool)
    kept[np.unique(groups, return_index=True)[1]] = True
    return kept


def _scores(table: pd.DataFrame, rule: str) -> np.ndarray:
    """What ``rule`` ranks each row of ``table`` by (higher is kept), or an InputError."""
    column, sign = _SCORED_RULES[rule]
    if column not in table.columns:
        raise InputError(
            f"the whittling rule {rule!r} needs a column {column!r}, which the table lacks",
            where="whittle_dispute_years(table)",
            fix=f"Add {column!r} (for MIDs, from the dispute-level table) or drop the rule.",
        )
    score = table[column].to_numpy(np.float64, na_value=np.nan)
    if np.isnan(score).any():
        row = int(np.argmax(np.isnan(score)))
        raise InputError(
            f"the whittling rule {rule!r} meets a missing {column!r}",
            where=f"whittle_dispute_years(table), row {row} (position)",
            fix="Fill or drop the rows with a missing value first (peacesciencer's rule would "
            "silently drop the whole dyad-year).",
        )
    if rule == "fatality":
        score = np.where(score == _UNKNOWN_FATALITY, _UNKNOWN_RANK, score)
    ranked: np.ndarray = sign * score
    return ranked


def _rule_mask(
    rule: str, table: pd.DataFrame, rows: np.ndarray, groups: np.ndarray, draws: np.random.Generator
) -> np.ndarray:
    """Which of ``rows`` (positions in ``table``; their group ids ``groups``) ``rule`` keeps."""
    if rule == "first":
        return _first_of_group(groups)
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    score = draws.random(len(rows)) if rule == "random" else _scores(table, rule)[rows]
    return _group_best(groups, score, n_groups)


def whittle_dispute_years(
    table: pd.DataFrame, rules: Sequence[str], *, seed: int | None = None
) -> pd.DataFrame:
    """Whittle dyadic dispute-years to at most one dispute per dyad-year.

    Each rule keeps, within every dyad-year (``ccode1``, ``ccode2``,
    ``year``), the rows that score best on it, and leaves dyad-years with a
    single row alone; rules apply one after another, in the order given.

    Parameters
    ----------
    table
        Dyadic dispute-years: ``ccode1``, ``ccode2``, ``year`` and the
        columns the rules read: ``onset`` (1 in the dispute's first year for
        the dyad), ``fatality`` (-9 unknown), ``hostlev``, ``mindur``,
        ``maxdur``, ``recip``, ``stmon``.
    rules
        Names from :data:`WHITTLING_RULES`: ``onsets`` (keep onsets where a
        dyad-year has onsets and continuing disputes), ``fatality`` (highest
        dispute-level fatality, unknown ranked between none and 1-25 deaths),
        ``hostility`` (highest hostility level), ``mindur`` and ``maxdur``
        (longest minimum, then maximum duration), ``reciprocation``
        (reciprocated first), ``startmonth`` (earliest start month), ``first``
        (the first row in ``table``'s order) and ``random`` (one row drawn
        with ``seed``).
    seed
        Seed of the ``random`` rule (required with it, refused without it).

    Returns
    -------
    pandas.DataFrame
        The rows of ``table`` that survive, in ``table``'s order.

    Raises
    ------
    InputError
        An unknown rule, a seed mismatch, or dyad-years still listing more
        than one dispute after the last rule (end with ``first`` or
        ``random`` to settle them).

    References
    ----------
    .. [1] Miller, S. V. (2021). How {peacesciencer} Coerces Dispute-Year Data
       into Dyad-Year Data.
       http://svmiller.com/peacesciencer/articles/coerce-dispute-year-dyad-year.html
    .. [2] Miller, S. V. (2022). peacesciencer: An R Package for Quantitative
       Peace Science Research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926

    Examples
    --------
    >>> disputes = pd.DataFrame({"ccode1": [2, 2], "ccode2": [200, 200], "year": [1903, 1903],
    ...                          "onset": [0, 1], "hostlev": [3, 2]})
    >>> whittle_dispute_years(disputes, ["onsets"]).index.tolist()
    [1]
    >>> whittle_dispute_years(disputes, ["hostility"]).index.tolist()
    [0]
    """
    checked = _check_rules(rules, seed, "whittle_dispute_years")
    groups = table.groupby(_DYAD_YEAR, sort=False).ngroup().to_numpy()
    draws = np.random.default_rng(seed)
    rows = np.arange(len(table))
    for rule in checked:
        rows = rows[_rule_mask(rule, table, rows, groups[rows], draws)]
    left = len(rows) - len(np.unique(groups[rows]))
    if left:
        raise InputError(
            f"{left} dyad-year(s) still list more than one dispute after the rules "
            f"{', '.join(checked)}",
            where="whittle",
            fix="End the rules with 'first' (peacesciencer's last resort) or 'random' "
            "(with a seed).",
        )
    return table.iloc[rows]


def _whittled(mids: _Mids, rules: tuple[str, ...], seed: int | None) -> pd.DataFrame:
    """The directed dispute-years of ``mids`` whittled by ``rules``, named as its
    pre-whittled dyad-year table."""
    directed = load(mids.dataset, "directed_disputes").rename(columns=mids.renamed)
    if mids.dispute_table:
        disputes = load(mids.dataset, "disputes")[["dispnum", *_DISPUTE_LEVEL]]
        directed = directed.merge(disputes, on="dispnum", how="left", validate="many_to_one")
    scored = directed.assign(onset=directed[mids.onset])
    return whittle_dispute_years(scored, rules, seed=seed).drop(columns="onset")


def _kept_columns(
    mids: _Mids,
    table: pd.DataFrame,
    keep: Sequence[str] | None,
    step: str,
    *,
    always: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """The columns to join: every column by default; with ``keep``,
    onset, ongoing, ``always`` and the ``keep`` columns, in peacesciencer's order.

    Every column is every column of ``table`` (the whittled dyad-years, in
    their order) but the dyad-year keys.
    """
    every = tuple(c for c in table.columns if c not in _DYAD_YEAR)
    if keep is None:
        return every
    names = [keep] if isinstance(keep, str) else list(keep)
    for name in names:
        check_choice(name, every, argument="keep", label=f"{step} column")
    return tuple(dict.fromkeys((mids.onset, mids.ongoing, *always, *names)))


def _gml_initiation(table: pd.DataFrame, init: str) -> pd.DataFrame:
    """``init1``, ``init2``: did the side's state initiate, under reading ``init``."""
    flags = {}
    for side in ("1", "2"):
        on_a = table[f"sidea{side}"].to_numpy() == 1
        originator = table[f"orig{side}"].to_numpy() == 1
        if init == "sidea-orig":
            flag = on_a & originator
        elif init == "sidea-with-joiners":  # Side A originators and joiners: all of Side A
            flag = on_a
        else:  # sidea-all-joiners: Side A, and every joiner on either side
            flag = on_a | ~originator
        flags[f"init{side}"] = flag.astype(np.int64)
    return table.assign(**flags)


def _add_mids(
    panel: Panel,
    mids: _Mids,
    step: str,
    *,
    keep: Sequence[str] | None,
    whittle: Sequence[str] | str | None,
    seed: int | None,
    init: str | None = None,
) -> Panel:
    check_panel(panel, step)
    _refuse_state_years(panel, step, mids)
    if whittle is None:
        if seed is not None:
            raise InputError(
                "seed is given without whittling rules",
                where=f"{step}(seed=...)",
                fix="Pass whittle=[..., 'random'] with the seed, or leave seed out.",
            )
        table = load(mids.dataset, "dyad_years")
    else:
        table = _whittled(mids, _check_rules(whittle, seed, step), seed)
    always: tuple[str, ...] = ()
    if init is not None and panel.directed:
        table = _gml_initiation(table, init)
        always = ("init1", "init2", "sidea1", "sidea2", "orig1", "orig2")
    columns = _kept_columns(mids, table, keep, step, always=always)
    table = table.rename(columns={"ccode1": "code1", "ccode2": "code2"})
    values = dyad_columns(
        panel, table, columns, system="cow", source=(mids.dataset, "dyad_years"), integers=columns
    )
    return panel.with_columns(values, mids.dataset)


def _refuse_state_years(panel: Panel, step: str, mids: _Mids) -> None:
    if panel.is_dyadic:
        return
    why = (
        "GML's state-year summaries need its participant-level file, which allied does not register"
        if mids is _GML
        else "peacesciencer's add_cow_mids() is for dyad-year data only"
    )
    raise InputError(
        f"{step} needs a dyad-year panel, not a state-year panel ({why})",
        where=f"{step}(panel)",
        fix="Build the panel with dyad_years() first.",
    )


def add_cow_mids(
    panel: Panel,
    *,
    keep: Sequence[str] | None = None,
    whittle: Sequence[str] | str | None = None,
    seed: int | None = None,
) -> Panel:
    """Join Correlates of War MID 5.0 disputes onto dyad-years, one dispute per dyad-year.

    Columns ``dispnum``, ``cowmidongoing``, ``cowmidonset``, each side's
    participant summary (``sidea1``, ``sidea2``, ``fatality1``, ``fatality2``,
    ``fatalpre1``, ``fatalpre2``, ``hiact1``, ``hiact2``, ``hostlev1``,
    ``hostlev2``, ``orig1``, ``orig2``) and the dispute-level ``fatality``,
    ``hostlev``, ``mindur``, ``maxdur``, ``recip``, ``stmon``, all nullable
    integers. Row (A, B) gets the dispute kept for the directed dyad-year
    (A, B), with side 1 = A; a non-directed panel (A < B only) gets the
    (A, B) row, as peacesciencer's join does. ``cowmidongoing`` and
    ``cowmidonset`` are 0 for a dyad-year without a dispute inside 1816-2014
    (the registry's fill), the other columns NA; every column is NA outside
    1816-2014.

    Parameters
    ----------
    panel
        A dyad-year panel (directed or not; COW, or G-W through the code
        crosswalk). State-years are refused, as in peacesciencer.
    keep
        Only these columns besides ``cowmidonset`` and ``cowmidongoing``
        (which are always joined), as peacesciencer's ``keep``.
    whittle
        ``None`` (default): peacesciencer's pre-whittled ``cow_mid_ddydisps``.
        Otherwise rules from :data:`WHITTLING_RULES` (a sequence, or a
        comma-separated string), applied in order to the directed
        dispute-years (``cow_mid_dirdisps`` with the dispute-level columns of
        ``cow_mid_disps``); see :func:`whittle_dispute_years`.
        :data:`PEACESCIENCER_WHITTLING` gives the pre-whittled table again.
    seed
        Seed of the ``random`` rule.

    Returns
    -------
    Panel
        The panel with the columns added and ``cow-mids`` recorded.

    Raises
    ------
    InputError
        A state-year panel, an unknown ``keep`` column or rule, a seed
        without the ``random`` rule (or the rule without one).
    DataNotAvailableError
        cow-mids (or, for ``whittle``, its directed dispute-years and dispute
        tables) not imported.

    Notes
    -----
    peacesciencer's whittling order (Miller 2021): keep onsets over
    continuing disputes; then the highest fatality level (-9, unknown, ranks
    between 0 and 1); the highest hostility level; the longest minimum, then
    maximum duration; reciprocated disputes; the earliest start month.

    Data sources: Correlates of War MID 5.0 (Palmer et al. 2022), as directed
    dyadic dispute-years (Miller 2021) packaged by peacesciencer.

    References
    ----------
    .. [1] Palmer, G., McManus, R. W., D'Orazio, V., Kenwick, M. R., Karstens,
       M., Bloch, C., Dietrich, N., Kahn, K., Ritter, K., & Soules, M. J.
       (2022). The MID5 Dataset, 2011-2014: Procedures, coding rules, and
       description. Conflict Management and Peace Science, 39(4), 470-482.
       https://doi.org/10.1177/0738894221995743
    .. [2] Miller, S. V. (2021). How {peacesciencer} Coerces Dispute-Year Data
       into Dyad-Year Data.
       http://svmiller.com/peacesciencer/articles/coerce-dispute-year-dyad-year.html
    .. [3] Miller, S. V. (2022). peacesciencer: An R Package for Quantitative
       Peace Science Research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    return _add_mids(panel, _COW, "add_cow_mids", keep=keep, whittle=whittle, seed=seed)


def add_gml_mids(
    panel: Panel,
    *,
    keep: Sequence[str] | None = None,
    whittle: Sequence[str] | str | None = None,
    seed: int | None = None,
    init: str = "sidea-all-joiners",
) -> Panel:
    """Join Gibler-Miller-Little MID 2.2.1 disputes onto dyad-years, one per dyad-year.

    The columns of :func:`add_cow_mids`, with ``gmlmidongoing`` and
    ``gmlmidonset`` (0 without a dispute inside 1816-2010, NA outside) and
    the dispute-level columns in GML's order (``fatality``, ``hostlev``,
    ``recip``, ``mindur``, ``maxdur``, ``stmon``). On directed panels also
    ``init1``, ``init2`` (1 if the side's state initiated, under ``init``),
    as peacesciencer's ``add_gml_mids()``.

    Parameters
    ----------
    panel
        A dyad-year panel (directed or not). State-years are refused: GML's
        state-year summaries need its participant-level file, which is not
        registered.
    keep
        Only these columns besides ``gmlmidonset`` and ``gmlmidongoing``
        (on directed panels also ``init1``, ``init2``, ``sidea1``,
        ``sidea2``, ``orig1``, ``orig2``, as in peacesciencer).
    whittle, seed
        As in :func:`add_cow_mids`, on ``gml_dirdisp``; None (default) uses
        peacesciencer's pre-whittled ``gml_mid_ddydisps``.
    init
        Who initiated (directed panels): ``"sidea-all-joiners"`` (default:
        Side A, and any state that joined after the onset),
        ``"sidea-with-joiners"`` (Side A, originators and joiners) or
        ``"sidea-orig"`` (Side A originators only).

    Returns
    -------
    Panel
        The panel with the columns added and ``gml-mids`` recorded.

    Raises
    ------
    InputError
        A state-year panel, an unknown ``keep`` column, rule or ``init``, a
        seed without the ``random`` rule (or the rule without one).
    DataNotAvailableError
        gml-mids (or, for ``whittle``, its directed dispute-years) not imported.

    Notes
    -----
    Data sources: GML MID 2.2.1 (Gibler, Miller & Little 2016), as directed
    dyadic dispute-years packaged by peacesciencer.

    References
    ----------
    .. [1] Gibler, D. M., Miller, S. V., & Little, E. K. (2016). An Analysis of
       the Militarized Interstate Dispute (MID) Dataset, 1816-2001.
       International Studies Quarterly, 60(4), 719-730.
       https://doi.org/10.1093/isq/sqw045
    .. [2] Miller, S. V. (2022). peacesciencer: An R Package for Quantitative
       Peace Science Research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_choice(init, GML_INITIATION, argument="init", label="initiation reading")
    return _add_mids(panel, _GML, "add_gml_mids", keep=keep, whittle=whittle, seed=seed, init=init)


#: Conflict columns peace years are counted for: (ongoing/onset prefix, spell column).
_SPELL_PREFIXES = ("cowmid", "gmlmid", "cowinter", "ucdp", "cowintra")


def _unit_keys(units: Sequence[np.ndarray]) -> np.ndarray:
    """One non-negative int64 per unit (state or ordered dyad), increasing with the codes."""
    key = np.zeros(len(units[0]), dtype=np.int64)
    for codes in units:
        key = key * (int(codes.max()) + 1 if len(codes) else 1) + codes
    return key


def _spells(
    units: Sequence[np.ndarray], year: np.ndarray, event: np.ndarray
) -> pd.arrays.IntegerArray:
    """Per row, the number of the unit's rows just before it without an event.

    Rows with a missing ``event`` are left out of the count (and get NA); a
    unit's first counted row gets 0 (left-censored, as peacesciencer). Rows
    are taken in (unit, year) order: as they come when the panel is sorted
    so (panels are built so), else after one sort.
    """
    unit = _unit_keys(units)
    span = int(year.max() - year.min()) + 1 if len(year) else 1
    key = unit * span + (year - (year.min() if len(year) else 0))
    counted = np.flatnonzero(~np.isnan(event))
    in_order = bool(np.all(key[1:] > key[:-1]))
    order = counted if in_order else counted[np.argsort(key[counted], kind="stable")]
    position = np.arange(len(order))
    unit, happened = unit[order], event[order] > 0
    restart = np.ones(len(order), dtype=bool)  # a unit's first row, or the row after an event
    restart[1:] = (unit[1:] != unit[:-1]) | happened[:-1]
    base = np.maximum.accumulate(np.where(restart, position, 0))
    values = np.zeros(len(event), dtype=np.int64)
    values[order] = position - base
    missing = np.ones(len(event), dtype=bool)
    missing[order] = False
    return pd.arrays.IntegerArray(values, missing)


def add_peace_years(panel: Panel, *, event: str = "ongoing") -> Panel:
    """Count peace years: per dyad (or state), the years since its last conflict year.

    For each conflict dataset on the panel, found by its ongoing/onset column
    pair (``cowmidongoing``/``cowmidonset`` from :func:`add_cow_mids`,
    ``gmlmid...`` from :func:`add_gml_mids`; also ``cowinter...``, ``ucdp...``
    and ``cowintra...`` as peacesciencer names them), adds ``cowmidspell``,
    ``gmlmidspell`` (``cowinterspell``, ``ucdpspell``, ``cowintraspell``): the
    number of consecutive panel years just before this one without an event.

    Parameters
    ----------
    panel
        A panel with conflict columns (run a MID step first on dyad-years).
    event
        ``"ongoing"`` (default, as peacesciencer's ``add_peace_years()`` and
        ``add_spells()``: a year with a dispute under way ends the spell) or
        ``"onset"`` (only a year with a new dispute ends it; peacesciencer's
        ``add_spells(conflict_event_type = "onset")``).

    Returns
    -------
    Panel
        The panel with the spell columns (nullable integers) added.

    Raises
    ------
    InputError
        No conflict columns on the panel, or an unknown ``event``.

    Notes
    -----
    The count follows stevemisc's ``ps_btscs()``, which peacesciencer calls:
    within each unit (a state; a dyad, ``(A, B)`` and ``(B, A)`` apart) in
    year order, its first panel year is 0 (years before the panel are not looked at:
    left-censored), each year after a year without an event adds 1, and the
    year after an event year is 0 again; the event year itself counts the
    peaceful years before it. Years where the event column is missing
    (outside the dataset's coverage) get NA and are skipped in the count.

    References
    ----------
    .. [1] Miller, S. V. (2022). peacesciencer: An R Package for Quantitative
       Peace Science Research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_peace_years")
    check_choice(event, ("ongoing", "onset"), argument="event", label="spell event")
    columns = panel.frame.columns
    present = [p for p in _SPELL_PREFIXES if {f"{p}ongoing", f"{p}onset"} <= set(columns)]
    if not present:
        raise InputError(
            "the panel has no dispute columns to count peace years from",
            where="add_peace_years(panel)",
            fix="Add disputes first: panel.pipe(add_cow_mids).pipe(add_peace_years) "
            "(or add_gml_mids; on the command line --add mids,peace-years).",
        )
    frame = panel.frame
    units = [frame[c].to_numpy(np.int64) for c in panel.code_columns]
    year = frame["year"].to_numpy(np.int64)
    spells = {
        f"{prefix}spell": _spells(
            units, year, frame[f"{prefix}{event}"].to_numpy(np.float64, na_value=np.nan)
        )
        for prefix in present
    }
    return panel.with_columns(spells)
