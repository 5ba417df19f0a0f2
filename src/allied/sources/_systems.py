"""Parsers for state-system membership lists and the ATOP alliance files.

State lists come in several published layouts; all are read into one shape,
one row per membership spell: ``code`` (COW or G-W number), ``abb``, ``name``,
``start``, ``end`` (dates) and ``microstate`` (G-W only; ``False`` for COW).

References
----------
.. [1] Correlates of War Project (2017). State System Membership List, v2016.
.. [2] Gleditsch, K. S., & Ward, M. D. (1999). A revised list of independent
   states since the Congress of Vienna. International Interactions, 25(4),
   393-413. https://doi.org/10.1080/03050629908434958
.. [3] Miller, S. V. (2022). isard: Tools for state system membership data
   (R package), the spell files peacesciencer builds its panels from.
.. [4] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. ATOP codebook version 5.1 (2020).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied.errors import InputError
from allied.sources._tabular import ColumnType, TableSpec, read_table

__all__ = [
    "OBLIGATIONS",
    "atop_alliances",
    "atop_directed_dyad_years",
    "atop_dyad_years",
    "atop_members",
    "atop_state_years",
    "cow_majors",
    "cow_state_spells",
    "derive_member_dyad_years",
    "gw_state_spells",
]

#: ATOP's five obligation types, in the codebook's order.
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")

_SPELL_COLUMNS = ["code", "abb", "name", "start", "end", "microstate"]


def _header(path: Path) -> set[str]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return {name.strip().strip('"') for name in handle.readline().split(",")}


def _dates_from_parts(frame: pd.DataFrame, prefix: str, path: Path) -> pd.Series:
    parts = {"year": frame[f"{prefix}year"], "month": frame[f"{prefix}month"]}
    parts["day"] = frame[f"{prefix}day"]
    dates = pd.to_datetime(pd.DataFrame(parts), errors="coerce")
    bad = dates.isna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(
            "impossible date",
            where=f"{path.name}, row {row + 1} (line {row + 2}), columns '{prefix}year/month/day'",
            fix="Correct the date or re-download the publisher's file.",
        )
    return dates


def _spells(frame: pd.DataFrame, renames: dict[str, str]) -> pd.DataFrame:
    frame = frame.rename(columns=renames)
    if "microstate" not in frame:
        frame["microstate"] = False
    frame["microstate"] = frame["microstate"].astype(bool)
    frame["code"] = frame["code"].astype("int64")
    return frame[_SPELL_COLUMNS].sort_values(["code", "start"], ignore_index=True)


def _check_order(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    reversed_rows = (frame["end"] < frame["start"]).to_numpy().nonzero()[0]
    if len(reversed_rows):
        row = frame.iloc[int(reversed_rows[0])]
        raise InputError(
            f"spell of state {row['code']} ends before it starts",
            where=f"{path.name}, state {row['code']}",
            fix="Check the start and end dates of that spell.",
        )
    return frame


def cow_state_spells(path: Path) -> pd.DataFrame:
    """COW state-system membership spells.

    Reads the official ``states2016.csv`` (year, month and day columns) or the
    isard/peacesciencer ``cw_system`` spell file (``start``/``end`` dates).
    """
    if "styear" in _header(path):
        cols: dict[str, ColumnType] = {"ccode": "int", "stateabb": "str", "statenme": "str"}
        cols |= {f"{p}{part}": "int" for p in ("st", "end") for part in ("year", "month", "day")}
        frame = read_table(path, TableSpec("cow-states", cols, required=cols))
        frame["start"] = _dates_from_parts(frame, "st", path)
        frame["end"] = _dates_from_parts(frame, "end", path)
        renames = {"ccode": "code", "stateabb": "abb", "statenme": "name"}
    else:
        cols = {"ccode": "int", "cw_abb": "str", "cw_name": "str", "start": "date", "end": "date"}
        frame = read_table(path, TableSpec("cow-states", cols, required=cols))
        renames = {"ccode": "code", "cw_abb": "abb", "cw_name": "name"}
    return _check_order(_spells(frame, renames), path)


def gw_state_spells(path: Path) -> pd.DataFrame:
    """Gleditsch-Ward membership spells.

    Reads the isard spell file (with its ``microstate`` flag) or
    peacesciencer's ``gw_states.csv`` (independent states only, so every
    ``microstate`` is ``False``).
    """
    if "microstate" in _header(path):
        cols: dict[str, ColumnType] = {"gwcode": "int", "gw_abb": "str", "gw_name": "str"}
        cols |= {"microstate": "int", "start": "date", "end": "date"}
        renames = {"gwcode": "code", "gw_abb": "abb", "gw_name": "name"}
    else:
        cols = {"gwcode": "int", "stateabb": "str", "statename": "str"}
        cols |= {"startdate": "date", "enddate": "date"}
        renames = {
            "gwcode": "code",
            "stateabb": "abb",
            "statename": "name",
            "startdate": "start",
            "enddate": "end",
        }
    frame = read_table(path, TableSpec("gw-states", cols, required=cols))
    return _check_order(_spells(frame, renames), path)


def cow_majors(path: Path) -> pd.DataFrame:
    """COW major-power spells: ``code``, ``start``, ``end``."""
    cols: dict[str, ColumnType] = {"ccode": "int"}
    cols |= {f"{p}{part}": "int" for p in ("st", "end") for part in ("year", "month", "day")}
    frame = read_table(path, TableSpec("cow-states", cols, required=cols))
    result = pd.DataFrame(
        {
            "code": frame["ccode"].astype("int64"),
            "start": _dates_from_parts(frame, "st", path),
            "end": _dates_from_parts(frame, "end", path),
        }
    )
    return _check_order(result, path)


_ATOP_MEMBER_COLUMNS: dict[str, ColumnType] = {
    "atopid": "int",
    "member": "int",
    "yrent": "int",
    "moent": "int",
    "yrexit": "int",
    "moexit": "int",
    "phase": "int",
    **dict.fromkeys(OBLIGATIONS, "int"),
}


def atop_members(path: Path) -> pd.DataFrame:
    """ATOP member-level file: one row per member per alliance phase.

    ``yrexit == 0`` means in force at the end of the data; missing entry or
    exit days (blank in the file) stay NA.
    """
    spec = TableSpec(
        "atop",
        {**_ATOP_MEMBER_COLUMNS, "dayent": "float", "dayexit": "float"},
        required=_ATOP_MEMBER_COLUMNS,
        rest="float",
    )
    return read_table(path, spec)


def atop_alliances(path: Path) -> pd.DataFrame:
    """ATOP alliance-level file (one row per alliance, 134 provisions)."""
    columns: dict[str, ColumnType] = {"atopid": "int", "begyr": "int", "asymm": "int"}
    return read_table(path, TableSpec("atop", columns, required=columns, rest="float"))


def atop_state_years(path: Path) -> pd.DataFrame:
    """ATOP state-year file."""
    columns: dict[str, ColumnType] = {"state": "int", "year": "int", "atopally": "int"}
    columns |= dict.fromkeys(OBLIGATIONS, "int")
    return read_table(path, TableSpec("atop", columns, required=columns, rest="float"))


def atop_directed_dyad_years(path: Path) -> pd.DataFrame:
    """ATOP directed dyad-year file (``atop5_1ddyr.csv``).

    ``stateA``'s obligations toward ``stateB`` in ``year``, with ATOP's hand
    corrections for asymmetric multilateral alliances (codebook section 2.7).
    Returned as ``ccode1``, ``ccode2``, ``year`` and the five obligations.
    """
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline().strip().split(",")
    lower = {name.strip('"').lower(): name.strip('"') for name in header}
    columns: dict[str, ColumnType] = {
        lower.get(key, key): "int" for key in ("statea", "stateb", "year", *OBLIGATIONS)
    }
    frame = read_table(path, TableSpec("atop", columns, required=columns))
    frame.columns = ["ccode1", "ccode2", "year", *OBLIGATIONS]
    return frame


def _member_spells(members: pd.DataFrame, end_of_data: int) -> pd.DataFrame:
    """Member rows of states with COW codes, with entry/exit as yyyymmdd numbers.

    Open-ended rows (``yrexit == 0``) run to 31 December of ``end_of_data``;
    a missing day counts as the first (entry) or last (exit) of its month.
    Codes of four digits or more are not COW states (ATOP's France-Annam
    alliance) and are left out, as ATOP's own dyadic files do.
    """
    rows = members[members["member"] < 1000]
    open_ended = rows["yrexit"] == 0
    exit_year = rows["yrexit"].where(~open_ended, end_of_data)
    exit_month = rows["moexit"].where(~open_ended, 12)
    exit_day = rows["dayexit"].where(~open_ended, 31).fillna(31)
    return pd.DataFrame(
        {
            "atopid": rows["atopid"].to_numpy(np.int64),
            "member": rows["member"].to_numpy(np.int64),
            "phase": rows["phase"].to_numpy(np.int64),
            "first_year": rows["yrent"].to_numpy(np.int64),
            "last_year": exit_year.to_numpy(np.int64),
            "enter": (
                rows["yrent"] * 10_000 + rows["moent"] * 100 + rows["dayent"].fillna(1)
            ).to_numpy(np.int64),
            "exit": (exit_year * 10_000 + exit_month * 100 + exit_day).to_numpy(np.int64),
            **{name: rows[name].to_numpy(np.int8) for name in OBLIGATIONS},
        }
    )


def atop_dyad_years(members: pd.DataFrame, *, end_of_data: int) -> pd.DataFrame:
    """Directed dyad-year obligations derived from ATOP's member-level file.

    Row (A, B, year) holds A's obligations in alliances that A and B both
    belong to that year; memberships still open (``yrexit == 0``) run through
    ``end_of_data``, the last year of the registry's coverage for ``atop``.
    The rules follow the ATOP codebook (v5.1, sections 2.6-2.7): pairs of
    members whose memberships never overlap (one joined after the other
    left, same-day handovers included) are dropped; within one alliance the
    phase entered last in a year gives that year's obligations; across
    alliances an obligation holds if any alliance has it.

    ATOP's own directed dyad-year file also applies hand corrections for
    asymmetric multilateral alliances (e.g. two members defending a third but
    not each other), which the member-level file cannot express. Against
    that file (as packaged by peacesciencer) this derivation matches every
    dyad-year's presence and differs in obligations on 346 of 273,296 rows,
    all in alliances that ATOP codes ``asymm == 1``. Import
    ``atop5_1ddyr.csv`` with the other ATOP files to use ATOP's own coding.

    References
    ----------
    .. [1] Leeds, B. A. (2022). Alliance Treaty Obligations and Provisions
       (ATOP) Codebook, version 5.1, sections 2.6-2.7. http://www.atopdata.org
    """
    spells = _member_spells(members, end_of_data)
    pairs = spells.merge(spells, on="atopid", suffixes=("_a", "_b"))
    overlapping = np.maximum(pairs["enter_a"], pairs["enter_b"]) < np.minimum(
        pairs["exit_a"], pairs["exit_b"]
    )
    pairs = pairs[(pairs["member_a"] != pairs["member_b"]) & overlapping]
    first = np.maximum(pairs["first_year_a"].to_numpy(), pairs["first_year_b"].to_numpy())
    last = np.minimum(pairs["last_year_a"].to_numpy(), pairs["last_year_b"].to_numpy())
    span = last - first + 1
    entered = np.maximum(pairs["enter_a"].to_numpy(), pairs["enter_b"].to_numpy())
    row, year = expand_ranges(first, span)
    expanded = pd.DataFrame(
        {
            "atopid": pairs["atopid"].to_numpy()[row],
            "ccode1": pairs["member_a"].to_numpy()[row],
            "ccode2": pairs["member_b"].to_numpy()[row],
            "year": year,
            "entered": entered[row],
            **{name: pairs[f"{name}_a"].to_numpy()[row] for name in OBLIGATIONS},
        }
    )
    latest_phase = expanded.sort_values("entered", kind="stable").drop_duplicates(
        ["atopid", "ccode1", "ccode2", "year"], keep="last"
    )
    combined = latest_phase.groupby(["ccode1", "ccode2", "year"], sort=True)[list(OBLIGATIONS)]
    return combined.max().reset_index()


def derive_member_dyad_years(tables: Mapping[str, pd.DataFrame], data: Any) -> pd.DataFrame:
    """The ``member_dyad_years`` table stored at ATOP import (see :func:`atop_dyad_years`)."""
    return atop_dyad_years(tables["members"], end_of_data=data.coverage[1])
