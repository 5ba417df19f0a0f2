"""Parsers for militarized interstate dispute (MID) data: COW-MID 5.0 and GML MID 2.2.1.

Each parser reads one file through :func:`~allied.sources._tabular.read_table`
(typed columns, row-precise errors) and keeps the columns the panel steps of
:mod:`allied.panel._disputes` use, under the file's own names.

Formats
-------
Directed dyadic dispute-years (:func:`cow_mid_directed_disputes`, :func:`gml_directed_disputes`)
    One row per dispute, ordered pair of states on opposite sides, and year of
    the dispute: ``dispnum, ccode1, ccode2, year``, ongoing and onset flags
    (``dispongoing, disponset`` in COW-MID; ``midongoing, midonset`` in GML)
    and each side's participant summary (``sidea1/2, fatality1/2,
    fatalpre1/2, hiact1/2, hostlev1/2, orig1/2``). GML's file also carries the
    dispute-level ``fatality, hostlev, mindur, maxdur, recip, stmon``; for
    COW-MID these come from the dispute-level table. A dyad-year may appear
    more than once (several disputes that year). Miller (2021) converted the
    participant-level files (MIDB 5.0; GML's participant file) to this form,
    as packaged by peacesciencer (``cow_mid_dirdisps``, ``gml_dirdisp``).
Dyad-years, whittled (:func:`cow_mid_dyad_years`, :func:`gml_mid_dyad_years`)
    The directed dispute-years whittled by peacesciencer to one dispute per
    directed dyad-year (``cow_mid_ddydisps``, ``gml_mid_ddydisps``): the same
    participant columns, ``cowmidongoing, cowmidonset`` (``gmlmid...``) and
    the dispute-level columns. A dyad-year listed twice is refused.
Disputes (:func:`cow_mid_disputes`, :func:`gml_mid_disputes`)
    The dispute-level file (COW's ``MIDA 5.0.csv``, or its abbreviation in
    peacesciencer): ``dispnum, styear, stmon, outcome, settle, fatality,
    mindur, maxdur, hiact, hostlev, recip``; other columns are ignored.

References
----------
.. [1] Palmer, G., McManus, R. W., D'Orazio, V., Kenwick, M. R., Karstens, M.,
   Bloch, C., Dietrich, N., Kahn, K., Ritter, K., & Soules, M. J. (2022). The
   MID5 Dataset, 2011-2014: Procedures, coding rules, and description.
   Conflict Management and Peace Science, 39(4), 470-482.
   https://doi.org/10.1177/0738894221995743
.. [2] Gibler, D. M., Miller, S. V., & Little, E. K. (2016). An Analysis of the
   Militarized Interstate Dispute (MID) Dataset, 1816-2001. International
   Studies Quarterly, 60(4), 719-730. https://doi.org/10.1093/isq/sqw045
.. [3] Miller, S. V. (2021). How to (Meticulously) Convert Participant-Level
   Dispute Data to Dyadic Dispute-Year Data in R.
   https://svmiller.com/blog/2021/05/convert-cow-mid-data-to-dispute-year/
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allied.errors import InputError
from allied.sources._tables import _reject_duplicates
from allied.sources._tabular import ColumnType, TableSpec, read_table

__all__ = [
    "DISPUTE_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "cow_mid_directed_disputes",
    "cow_mid_disputes",
    "cow_mid_dyad_years",
    "gml_directed_disputes",
    "gml_mid_disputes",
    "gml_mid_dyad_years",
]

#: Each side's participant summary, as the dyadic files name it.
PARTICIPANT_COLUMNS = (
    "sidea1",
    "sidea2",
    "fatality1",
    "fatality2",
    "fatalpre1",
    "fatalpre2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
)
#: Dispute-level columns of the dispute file.
DISPUTE_COLUMNS = (
    "dispnum",
    "styear",
    "stmon",
    "outcome",
    "settle",
    "fatality",
    "mindur",
    "maxdur",
    "hiact",
    "hostlev",
    "recip",
)
_KEYS = ("dispnum", "ccode1", "ccode2", "year")
#: Dispute-level columns of the whittled dyad-year files, in each file's order.
_COW_DYAD_LEVEL = ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")
_GML_DYAD_LEVEL = ("fatality", "hostlev", "recip", "mindur", "maxdur", "stmon")


def _spec(dataset: str, columns: tuple[str, ...]) -> TableSpec:
    """Every column an integer that may never be empty (as in the published files)."""
    kinds: dict[str, ColumnType] = dict.fromkeys(columns, "int")
    return TableSpec(dataset, kinds, required=columns)


def _read(path: Path, spec: TableSpec) -> pd.DataFrame:
    """:func:`read_table` on a plain or gzip-compressed CSV (every column required,
    so a truncated last row is refused as a missing value)."""
    try:
        return read_table(path, spec)
    except (EOFError, OSError) as exc:  # a cut or corrupt .gz, an unreadable file
        raise InputError(
            f"{spec.dataset}: cannot read {path.name} ({exc})",
            where=str(path),
            fix="Export or copy the file again (a compressed file must be complete).",
        ) from exc


def _dyadic(path: Path, dataset: str, columns: tuple[str, ...], *, unique: bool) -> pd.DataFrame:
    spec = _spec(dataset, columns)
    frame = _read(Path(path), spec)
    if unique:
        keys = ["ccode1", "ccode2", "year"]
        _reject_duplicates(frame, keys, Path(path), spec, column="year")
    return frame


def cow_mid_directed_disputes(path: Path) -> pd.DataFrame:
    """COW-MID 5.0 directed dyadic dispute-years (``cow_mid_dirdisps``)."""
    columns = (*_KEYS, "dispongoing", "disponset", *PARTICIPANT_COLUMNS)
    return _dyadic(path, "cow-mids", columns, unique=False)


def cow_mid_dyad_years(path: Path) -> pd.DataFrame:
    """COW-MID 5.0 directed dyad-years, one dispute each (``cow_mid_ddydisps``)."""
    columns = (*_KEYS, "cowmidongoing", "cowmidonset", *PARTICIPANT_COLUMNS, *_COW_DYAD_LEVEL)
    return _dyadic(path, "cow-mids", columns, unique=True)


def gml_directed_disputes(path: Path) -> pd.DataFrame:
    """GML MID 2.2.1 directed dyadic dispute-years (``gml_dirdisp``)."""
    columns = (*_KEYS, "midongoing", "midonset", *PARTICIPANT_COLUMNS, *_GML_DYAD_LEVEL)
    return _dyadic(path, "gml-mids", columns, unique=False)


def gml_mid_dyad_years(path: Path) -> pd.DataFrame:
    """GML MID 2.2.1 directed dyad-years, one dispute each (``gml_mid_ddydisps``)."""
    columns = (*_KEYS, "gmlmidongoing", "gmlmidonset", *PARTICIPANT_COLUMNS, *_GML_DYAD_LEVEL)
    return _dyadic(path, "gml-mids", columns, unique=True)


def _disputes(path: Path, dataset: str) -> pd.DataFrame:
    spec = _spec(dataset, DISPUTE_COLUMNS)
    frame = _read(Path(path), spec)
    _reject_duplicates(frame, ["dispnum"], Path(path), spec, column="dispnum")
    return frame


def cow_mid_disputes(path: Path) -> pd.DataFrame:
    """COW-MID 5.0 dispute-level data (``MIDA 5.0.csv`` or peacesciencer's ``cow_mid_disps``)."""
    return _disputes(path, "cow-mids")


def gml_mid_disputes(path: Path) -> pd.DataFrame:
    """GML MID 2.2.1 dispute-level data (peacesciencer's ``gml_mid_disps``)."""
    return _disputes(path, "gml-mids")
