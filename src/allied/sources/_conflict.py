"""Parsers for conflict data: strategic rivalries, COW inter-state wars, UCDP conflicts.

Each parser reads one CSV through :func:`~allied.sources._tabular.read_table`
(typed columns, row-precise errors; only an empty cell is missing) and returns
the file's rows as a typed frame. The files are the CSV exports of the data
bundled in the R package peacesciencer 1.2.9 (Miller 2022), which converts the
publishers' releases into the forms below; plain ``.csv`` and gzip-compressed
``.csv.gz`` are both read.

Formats
-------
Thompson, Sakuwa & Suhas (2021) strategic rivalries (:func:`parse_tss_rivalries`)
    One row per rivalry spell, 1494-2020: ``tssr_id``, ``rivalry`` (name),
    ``ccode1`` < ``ccode2`` (COW codes), ``start``, ``end`` (years, both in
    the spell), then 1 or empty for the rivalry's types ``positional``,
    ``spatial``, ``ideological``, ``interventionary`` and for ``principal``
    and ``aprin`` (asymmetric principal rivalry).
Thompson & Dreyer (2012) strategic rivalries (:func:`parse_td_rivalries`)
    One row per rivalry, 1494-2010: ``rivalryno``, ``rivalryname``,
    ``ccode1`` < ``ccode2``, ``styear``, ``endyear``, ``region`` and
    ``type1``, ``type2``, ``type3`` (the rivalry's types, most important
    first: ``positional``, ``spatial``, ``ideological``, ``interventionary``;
    ``type1`` always given).
COW inter-state wars 4.0, dyadic (:func:`parse_cow_war_inter`)
    Miller's directed dyadic war-year form of Sarkees & Wayman (2010): both
    orders of each pair of opposing participants, per war-year: ``warnum``,
    ``ccode1``, ``ccode2``, ``year``, ``cowinterongoing`` (always 1),
    ``cowinteronset``, ``sidea1``, ``sidea2`` (1 side A, 2 side B),
    ``initiator1``, ``initiator2``, ``outcome1``, ``outcome2`` (COW outcome
    codes, empty for resumed phases), ``batdeath1``, ``batdeath2`` (battle
    deaths, -9 unknown), ``resume`` (1 for a war's resumed phase).
UCDP Armed Conflict Dataset 25.1 (:func:`parse_ucdp_acd`)
    One row per conflict-year and pair of G-W codes (peacesciencer splits
    UCDP's comma-separated sides into rows): ``conflict_id``, ``year``,
    ``gwno_a`` (the government on side A), ``gwno_a_2nd``, ``gwno_b``,
    ``gwno_b_2nd``, ``incompatibility`` (``territory``, ``government``,
    ``both``), ``intensity_level`` (1 minor, 2 war), ``type_of_conflict``
    (``extrasystemic``, ``interstate``, ``intrastate``, ``II``:
    internationalized intrastate), ``start_date``, ``start_prec``,
    ``start_date2``, ``start_prec2``, ``ep_end``, ``ep_end_date``.
UCDP onsets 19.1 (:func:`parse_ucdp_onsets`)
    One row per G-W state-year, 1946-2017: ``gwcode``, ``year``,
    ``sumnewconf`` (new conflicts) and ``sumonset1``, ``sumonset2``,
    ``sumonset3``, ``sumonset5``, ``sumonset10`` (new conflict episodes after
    at least 1, 2, 3, 5, 10 years without one).

Each dataset's registry entry cites its original source and the packaging
(``allied data cite NAME``); the steps that join them are in
:mod:`allied.panel._conflict`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allied.sources._tabular import ColumnType, TableSpec, bad_row, read_table

__all__ = [
    "ACD_ISSUES",
    "ACD_TYPES",
    "RIVALRY_TYPES",
    "TD_TYPE_COLUMNS",
    "parse_cow_war_inter",
    "parse_td_rivalries",
    "parse_tss_rivalries",
    "parse_ucdp_acd",
    "parse_ucdp_onsets",
]

#: The four rivalry types of Thompson, Sakuwa & Suhas (2021), in peacesciencer's order.
RIVALRY_TYPES = ("positional", "spatial", "ideological", "interventionary")
#: UCDP ``type_of_conflict`` values, as peacesciencer writes them.
ACD_TYPES = ("extrasystemic", "interstate", "intrastate", "II")
#: UCDP ``incompatibility`` values, as peacesciencer writes them.
ACD_ISSUES = ("territory", "government", "both")

_ONLY_EMPTY = ("",)


def _spec(dataset: str, columns: dict[str, ColumnType], required: tuple[str, ...]) -> TableSpec:
    return TableSpec(dataset, columns, required=required, na_values=_ONLY_EMPTY)


def _check_values(
    path: Path, frame: pd.DataFrame, column: str, allowed: tuple[object, ...], spec: TableSpec
) -> None:
    """Refuse the first non-missing cell of ``column`` outside ``allowed``."""
    values = frame[column]
    bad = (values.notna() & ~values.isin(allowed)).to_numpy()
    if bad.any():
        index = int(np.argmax(bad))
        shown = ", ".join(map(str, allowed))
        problem = f"'{values.iloc[index]}' is not one of {shown}"
        raise bad_row(path, index, column, problem, spec=spec)


_TSS = _spec(
    "tss-rivalries",
    {
        "tssr_id": "int",
        "rivalry": "str",
        "ccode1": "int",
        "ccode2": "int",
        "start": "int",
        "end": "int",
        **dict.fromkeys((*RIVALRY_TYPES, "principal", "aprin"), "int"),
    },
    ("tssr_id", "ccode1", "ccode2", "start", "end"),
)


def parse_tss_rivalries(path: Path) -> pd.DataFrame:
    """Read Thompson, Sakuwa & Suhas's (2021) strategic rivalries (peacesciencer's form).

    Parameters
    ----------
    path
        ``tss_rivalries`` as CSV (``peacesciencer__tss_rivalries.csv.gz``).

    Returns
    -------
    pandas.DataFrame
        One row per rivalry spell, in file order: ``tssr_id``, ``rivalry``,
        ``ccode1``, ``ccode2``, ``start``, ``end`` (Int64 years) and the
        flags ``positional``, ``spatial``, ``ideological``,
        ``interventionary``, ``principal``, ``aprin`` (Int64: 1, or NA where
        the source leaves the type blank).

    Raises
    ------
    InputError
        A cell of the wrong type, a flag other than 0 or 1, a spell ending
        before it starts, or two spells of one dyad that share a year (which
        would give a dyad-year two rivalries; the published data have none).

    References
    ----------
    .. [1] Thompson, W. R., Sakuwa, K., & Suhas, P. H. (2021). Analyzing
       Strategic Rivalries in World Politics: Types of Rivalry, Regional
       Variation, and Escalation/De-escalation. Springer.
    """
    frame = read_table(path, _TSS)
    for column in (*RIVALRY_TYPES, "principal", "aprin"):
        _check_values(path, frame, column, (0, 1), _TSS)
    _check_spells(path, frame, ("start", "end"), _TSS)
    return frame


def _check_spells(
    path: Path, frame: pd.DataFrame, bounds: tuple[str, str], spec: TableSpec
) -> None:
    """Refuse a spell that ends before it starts, and two spells of one (unordered)
    dyad that share a year (a dyad-year would have two rivalries)."""
    start, end = (frame[column].to_numpy(np.int64) for column in bounds)
    backwards = end < start
    if backwards.any():
        problem = "the spell ends before it starts"
        raise bad_row(path, int(np.argmax(backwards)), bounds[1], problem, spec=spec)
    first, second = (frame[c].to_numpy(np.int64) for c in ("ccode1", "ccode2"))
    low, high = np.minimum(first, second), np.maximum(first, second)
    order = np.lexsort((start, high, low))
    same_dyad = (low[order][1:] == low[order][:-1]) & (high[order][1:] == high[order][:-1])
    overlap = same_dyad & (start[order][1:] <= end[order][:-1])
    if overlap.any():
        later = int(order[1:][np.argmax(overlap)])
        problem = "this spell shares a year with another spell of the same dyad"
        raise bad_row(path, later, bounds[0], problem, spec=spec)


#: The type columns of Thompson & Dreyer (2012): a rivalry's types, most important first.
TD_TYPE_COLUMNS = ("type1", "type2", "type3")
_TD = _spec(
    "td-rivalries",
    {
        "rivalryno": "int",
        "rivalryname": "str",
        "ccode1": "int",
        "ccode2": "int",
        "styear": "int",
        "endyear": "int",
        "region": "str",
        **dict.fromkeys(TD_TYPE_COLUMNS, "str"),
    },
    ("rivalryno", "ccode1", "ccode2", "styear", "endyear", "type1"),
)


def parse_td_rivalries(path: Path) -> pd.DataFrame:
    """Read Thompson & Dreyer's (2012) strategic rivalries (peacesciencer's form).

    Parameters
    ----------
    path
        ``td_rivalries`` as CSV (``peacesciencer__td_rivalries.csv.gz``).

    Returns
    -------
    pandas.DataFrame
        One row per rivalry, in file order: ``rivalryno``, ``ccode1``,
        ``ccode2``, ``styear``, ``endyear`` (Int64), ``rivalryname``,
        ``region`` and ``type1`` to ``type3`` (strings; a type is one of
        ``positional``, ``spatial``, ``ideological``, ``interventionary``,
        NA where the rivalry has fewer).

    Raises
    ------
    InputError
        A cell of the wrong type, an unknown rivalry type, a spell ending
        before it starts, or two spells of one dyad that share a year.

    References
    ----------
    .. [1] Thompson, W. R., & Dreyer, D. R. (2012). Handbook of International
       Rivalries, 1494-2010. CQ Press.
    """
    frame = read_table(path, _TD)
    for column in TD_TYPE_COLUMNS:
        _check_values(path, frame, column, RIVALRY_TYPES, _TD)
    _check_spells(path, frame, ("styear", "endyear"), _TD)
    return frame


_WAR_FLAGS = ("cowinterongoing", "cowinteronset", "initiator1", "initiator2", "resume")
_WARS = _spec(
    "cow-inter-wars",
    {
        "warnum": "int",
        "ccode1": "int",
        "ccode2": "int",
        "year": "int",
        **dict.fromkeys(_WAR_FLAGS[:2], "int"),
        "sidea1": "int",
        "sidea2": "int",
        **dict.fromkeys(_WAR_FLAGS[2:4], "int"),
        "outcome1": "int",
        "outcome2": "int",
        "batdeath1": "int",
        "batdeath2": "int",
        "resume": "int",
    },
    (
        "warnum",
        "ccode1",
        "ccode2",
        "year",
        *_WAR_FLAGS,
        "sidea1",
        "sidea2",
        "batdeath1",
        "batdeath2",
    ),
)


def parse_cow_war_inter(path: Path) -> pd.DataFrame:
    """Read the COW inter-state war data 4.0 in Miller's directed dyad-year form.

    Parameters
    ----------
    path
        ``cow_war_inter`` as CSV (``peacesciencer__cow_war_inter.csv.gz``).

    Returns
    -------
    pandas.DataFrame
        One row per war, ordered pair of opposing participants and year, in
        file order, every column Int64 as in the file (``batdeath1``,
        ``batdeath2`` keep the source's -9 for unknown; ``outcome1``,
        ``outcome2`` are NA for resumed phases).

    References
    ----------
    .. [1] Sarkees, M. R., & Wayman, F. W. (2010). Resort to War: A Data
       Guide to Inter-State, Extra-State, Intra-State, and Non-State Wars,
       1816-2007. CQ Press.
    """
    frame = read_table(path, _WARS)
    for column in _WAR_FLAGS:
        _check_values(path, frame, column, (0, 1), _WARS)
    for column in ("sidea1", "sidea2"):
        _check_values(path, frame, column, (1, 2), _WARS)
    return frame


_ACD = _spec(
    "ucdp-acd",
    {
        "conflict_id": "int",
        "year": "int",
        "gwno_a": "int",
        "gwno_a_2nd": "int",
        "gwno_b": "int",
        "gwno_b_2nd": "int",
        "incompatibility": "str",
        "intensity_level": "int",
        "type_of_conflict": "str",
        "start_date": "date",
        "start_prec": "int",
        "start_date2": "date",
        "start_prec2": "int",
        "ep_end": "int",
        "ep_end_date": "date",
    },
    ("conflict_id", "year", "gwno_a", "incompatibility", "intensity_level", "type_of_conflict"),
)


def parse_ucdp_acd(path: Path) -> pd.DataFrame:
    """Read the UCDP/PRIO Armed Conflict Dataset 25.1 (peacesciencer's form).

    Parameters
    ----------
    path
        ``ucdp_acd`` as CSV (``peacesciencer__ucdp_acd.csv.gz``).

    Returns
    -------
    pandas.DataFrame
        The file's rows in file order: integer columns as Int64 (the
        ``*_2nd`` and ``gwno_b`` codes NA where empty), ``incompatibility``
        and ``type_of_conflict`` as strings, dates as datetime64.

    References
    ----------
    .. [1] Gleditsch et al. (2002), Journal of Peace Research 39(5), and Davies
       et al. (2025), Journal of Peace Research 62(4): in full with
       ``allied data cite ucdp-acd`` and in :func:`allied.panel.add_ucdp_acd`.
    """
    frame = read_table(path, _ACD)
    _check_values(path, frame, "incompatibility", ACD_ISSUES, _ACD)
    _check_values(path, frame, "type_of_conflict", ACD_TYPES, _ACD)
    _check_values(path, frame, "intensity_level", (1, 2), _ACD)
    return frame


_ONSET_COUNTS = ("sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10")
_ONSETS = _spec(
    "ucdp-onsets",
    {"gwcode": "int", "year": "int", **dict.fromkeys(_ONSET_COUNTS, "int")},
    ("gwcode", "year", *_ONSET_COUNTS),
)


def parse_ucdp_onsets(path: Path) -> pd.DataFrame:
    """Read the UCDP onset data 19.1 as peacesciencer summarizes them per state-year.

    Parameters
    ----------
    path
        ``ucdp_onsets`` as CSV (``peacesciencer__ucdp_onsets.csv.gz``).

    Returns
    -------
    pandas.DataFrame
        One row per G-W state-year: ``gwcode``, ``year`` and the six counts
        (Int64), in file order.

    Raises
    ------
    InputError
        A negative count, or a state-year listed twice.

    References
    ----------
    .. [1] Pettersson, T., Högbladh, S., & Öberg, M. (2019). Organized
       violence, 1989-2018 and peace agreements. Journal of Peace Research,
       56(4), 589-603. https://doi.org/10.1177/0022343319856046
    """
    frame = read_table(path, _ONSETS)
    for column in _ONSET_COUNTS:
        negative = (frame[column] < 0).to_numpy()
        if negative.any():
            problem = "a count cannot be negative"
            raise bad_row(path, int(np.argmax(negative)), column, problem, spec=_ONSETS)
    twice = frame.duplicated(["gwcode", "year"]).to_numpy()
    if twice.any():
        problem = "this state-year is listed twice"
        raise bad_row(path, int(np.argmax(twice)), "year", problem, spec=_ONSETS)
    return frame
