"""Dated translation between ISO 3166, COW and Gleditsch-Ward codes.

Built from the embedded, project-written code spells of
:func:`allied.states.code_spells`, former states included (the German
Democratic Republic as ``DDR`` and South Yemen as ``YMD``, their withdrawn
ISO 3166 codes; the USSR, Czechoslovakia, Yugoslavia and North Yemen are the
earlier spells of RUS, CZE, SRB and YEM). A state-year gets the code in force on the
last day of that year that the state held a code (so unified Germany's data
for 1990 go to COW 255, not 260, and Yemen's to COW 679).

Known collisions (documented, not errors):

* G-W keeps 260 for Germany after 1990 and 678 for Yemen, where COW switches
  to 255 and 679; G-W 340 (Serbia from 2006) and 345 (Yugoslavia to 2006)
  both translate to COW 345, so in 2006 two G-W rows carry COW 345's values.
* G-W states with no COW counterpart in a year (microstates, 19th-century
  states COW does not list, Annam before 1893) get no value (NA).
* Codes of states that no longer exist (Bavaria, Hanover, ...) are the same
  in both systems and are kept as they are.

References
----------
.. [1] Gleditsch, K. S., & Ward, M. D. (1999). A revised list of independent
   states since the Congress of Vienna. International Interactions, 25(4),
   393-413. https://doi.org/10.1080/03050629908434958
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied.states import code_spells

__all__ = ["iso3_code_spells", "iso3_years", "translate_codes"]

_LAST_YEAR = 2100


@cache
def _held(system: str) -> pd.DataFrame:
    """(iso3, year, code, start, end) for every year a state held a code of ``system``."""
    spells = code_spells(former=True)
    spells = spells[spells["system"] == system]
    start = pd.to_datetime(spells["start"])
    end = pd.to_datetime(spells["end"]).fillna(pd.Timestamp(_LAST_YEAR, 12, 31))
    first = start.dt.year.to_numpy()
    span = end.dt.year.to_numpy() - first + 1
    row, year = expand_ranges(first, span)
    frame = pd.DataFrame(
        {
            "iso3": spells["iso3"].to_numpy()[row],
            "year": year,
            "code": spells["code"].to_numpy(np.int64)[row],
            "start": start.to_numpy()[row],
            "end": end.to_numpy()[row],
        }
    )
    return frame


def iso3_code_spells(system: str) -> pd.DataFrame:
    """Columns ``iso3``, ``year``, ``code``, ``start``, ``end``: every code a state
    held in a year, with the dates of that code's spell (for day-level clipping)."""
    return _held(system)


@cache
def _yearly(system: str) -> pd.DataFrame:
    """(iso3, year, code): the code in force at the end of each state-year."""
    in_force_last = (
        _held(system)
        .sort_values("end", kind="stable")
        .drop_duplicates(["iso3", "year"], keep="last")
        .drop(columns="start")
    )
    return in_force_last.drop(columns="end").sort_values(["iso3", "year"], ignore_index=True)


def iso3_years(system: str) -> pd.DataFrame:
    """Columns ``iso3``, ``year``, ``code``: the ``system`` code of each state-year.

    Examples
    --------
    >>> table = iso3_years("cow")
    >>> table[(table.iso3 == "DEU") & table.year.isin([1989, 1990])].code.tolist()
    [260, 255]
    """
    return _yearly(system)


def translate_codes(
    codes: np.ndarray, years: np.ndarray, *, source: str, target: str
) -> np.ndarray:
    """The ``target``-system code of each (``source`` code, year); -1 where none.

    Codes that :func:`allied.states.code_spells` does not know (states that no
    longer exist) are the same in both systems and pass through unchanged.
    """
    if source == target:
        return codes
    frame = pd.DataFrame({"code": codes, "year": years})
    unique = frame.drop_duplicates(ignore_index=True)
    source_table = _held(source).drop(columns=["start", "end"])
    target_table = _yearly(target)
    via = unique.merge(source_table, on=["code", "year"], how="left").merge(
        target_table.rename(columns={"code": "target"}), on=["iso3", "year"], how="left"
    )
    via = via.drop_duplicates(["code", "year"], keep="last")
    known = set(source_table["code"]) | set(target_table["code"])
    unknown = ~via["code"].isin(known)
    target_code = via["target"].fillna(-1).astype(np.int64).where(~unknown, via["code"])
    mapping = pd.Series(
        target_code.to_numpy(), index=pd.MultiIndex.from_frame(via[["code", "year"]])
    )
    index = pd.MultiIndex.from_frame(frame)
    return mapping.reindex(index).to_numpy(np.int64)
