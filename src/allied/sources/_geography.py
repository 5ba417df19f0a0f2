"""Parsers for the geography datasets: COW direct contiguity and the capitals lists.

Each parser reads one file through :func:`~allied.sources._tabular.read_table`
(typed columns, row-precise errors; ``.csv.gz`` files are read as they are)
and returns dated spells: ``start`` and ``end`` (inclusive) as dates.

Formats
-------
COW Direct Contiguity 3.2, master records (:func:`parse_contiguity_spells`)
    The directed spell file of the R package peacesciencer
    (``peacesciencer__cow_contdir.csv.gz``, its object ``cow_contdir``):
    ``ccode1, ccode2, conttype, stdate, enddate``, one row per spell of a
    contiguity relationship, both orders of each dyad. COW gives the spells
    as year-months (``YYYYMM``); peacesciencer writes them as the first day
    of the month and adds spells of ``conttype`` 0 (no contiguity) for the
    years before or between the contiguity of a dyad that is contiguous at
    some point. COW's own ``contdird.csv`` is a dyad-year file, a different
    layout that this parser does not read.
Capitals (:func:`parse_cow_capitals`, :func:`parse_gw_capitals`)
    S. V. Miller's list of capitals and capital moves (peacesciencer's
    ``cow_capitals`` and ``gw_capitals``): ``ccode`` or ``gwcode``,
    ``statenme, capital, stdate, enddate, lat, lng`` (decimal degrees), one
    row per capital of a state, ``enddate`` the day before a move.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allied.sources._tabular import ColumnType, TableSpec, bad_row, read_table

__all__ = ["parse_contiguity_spells", "parse_cow_capitals", "parse_gw_capitals"]

#: COW contiguity types: 1 land (or river) ... 5 up to 400 miles of water; 0 none.
CONTIGUITY_TYPES = range(6)

_CONTIGUITY = TableSpec(
    dataset="cow-contiguity",
    columns={
        "ccode1": "int",
        "ccode2": "int",
        "conttype": "int",
        "stdate": "date",
        "enddate": "date",
    },
    required=("ccode1", "ccode2", "conttype", "stdate", "enddate"),
)


def _capitals_spec(dataset: str, code: str) -> TableSpec:
    columns: dict[str, ColumnType] = {
        code: "int",
        "capital": "str",
        "stdate": "date",
        "enddate": "date",
        "lat": "float",
        "lng": "float",
    }
    return TableSpec(dataset=dataset, columns=columns, required=tuple(columns))


def _refuse_first(path: Path, spec: TableSpec, bad: np.ndarray, column: str, problem: str) -> None:
    """Raise for the first row flagged in ``bad`` (nothing when none is)."""
    if bad.any():
        raise bad_row(path, int(np.argmax(bad)), column, problem, spec=spec)


def _spells(frame: pd.DataFrame, path: Path, spec: TableSpec) -> pd.DataFrame:
    """``stdate``/``enddate`` as ``start``/``end``, refusing a spell that ends before it starts."""
    backwards = (frame["enddate"] < frame["stdate"]).to_numpy()
    _refuse_first(path, spec, backwards, "enddate", "the spell ends before it starts")
    return frame.rename(columns={"stdate": "start", "enddate": "end"})


def parse_contiguity_spells(path: Path) -> pd.DataFrame:
    """Read the COW Direct Contiguity 3.2 master records (peacesciencer's directed spells).

    Parameters
    ----------
    path
        ``peacesciencer__cow_contdir.csv.gz`` (or the same layout uncompressed).

    Returns
    -------
    pandas.DataFrame
        One row per spell, in file order (the order breaks ties when two
        spells of a dyad start in the same month, as in peacesciencer):

        ``ccode1``, ``ccode2`` (Int64)
            COW state codes; every spell appears in both orders.
        ``conttype`` (Int64)
            1 land or river border; 2, 3, 4, 5 separated by at most 12, 24,
            150, 400 miles of water; 0 no contiguity (peacesciencer's spells
            for a dyad's years without a contiguity record).
        ``start``, ``end`` (datetime64)
            First and last month of the spell, as the first day of the month.

    Raises
    ------
    InputError
        A column is missing, a cell is not an integer or ISO date, a
        ``conttype`` is outside 0-5, or a spell ends before it starts; the
        message names the file, row and column.

    Notes
    -----
    Data sources: Correlates of War Project, Direct Contiguity Data v3.2,
    as packaged in peacesciencer (Miller 2022).

    References
    ----------
    .. [1] Stinnett, D. M., Tir, J., Schafer, P., Diehl, P. F., & Gochman, C.
       (2002). The Correlates of War Project Direct Contiguity Data, Version 3.
       Conflict Management and Peace Science, 19(2), 58-66.
       https://doi.org/10.1177/073889420201900203
    """
    frame = read_table(path, _CONTIGUITY)
    unknown = ~frame["conttype"].isin(CONTIGUITY_TYPES).to_numpy()
    _refuse_first(path, _CONTIGUITY, unknown, "conttype", "contiguity type outside 0-5")
    return _spells(frame, path, _CONTIGUITY)


def _parse_capitals(path: Path, dataset: str, code: str) -> pd.DataFrame:
    spec = _capitals_spec(dataset, code)
    frame = read_table(path, spec)
    off_globe = ~(frame["lat"].between(-90, 90) & frame["lng"].between(-180, 180)).to_numpy()
    _refuse_first(path, spec, off_globe, "lat", "coordinates outside -90..90, -180..180")
    return _spells(frame, path, spec)[[code, "capital", "start", "end", "lat", "lng"]]


_CAPITALS_DOC = """Read the capitals and capital moves of {system} states.

    Parameters
    ----------
    path
        ``peacesciencer__{prefix}_capitals.csv.gz`` (peacesciencer's ``{prefix}_capitals``).

    Returns
    -------
    pandas.DataFrame
        One row per capital spell, in file order:

        ``{code}`` (Int64)
            The state's {system} code.
        ``capital`` (string)
        ``start``, ``end`` (datetime64)
            First and last day of the city as capital (the end is the day
            before a move).
        ``lat``, ``lng`` (float64)
            Latitude and longitude, decimal degrees (geocoded by Miller).

    Raises
    ------
    InputError
        A column is missing, a cell does not parse, a coordinate is off the
        globe, or a spell ends before it starts; the message names the file,
        row and column.

    Notes
    -----
    Data sources: the capitals list compiled for peacesciencer (Miller 2022).

    References
    ----------
    .. [1] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """


def parse_cow_capitals(path: Path) -> pd.DataFrame:
    return _parse_capitals(path, "cow-capitals", "ccode")


def parse_gw_capitals(path: Path) -> pd.DataFrame:
    return _parse_capitals(path, "gw-capitals", "gwcode")


parse_cow_capitals.__doc__ = _CAPITALS_DOC.format(
    system="Correlates of War", prefix="cow", code="ccode"
)
parse_gw_capitals.__doc__ = _CAPITALS_DOC.format(
    system="Gleditsch-Ward", prefix="gw", code="gwcode"
)
