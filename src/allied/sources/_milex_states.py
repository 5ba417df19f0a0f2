"""SIPRI military expenditure by state and year: former states, zeros, one value per cell.

The workbook lists states under the names they had (``USSR``, ``German
Democratic Republic``, ``Czechoslovakia``, ``Yugoslavia``, ``Yemen, North``)
beside their successors, and holds ``0`` in cells that stand for no figure.
This module gives every SIPRI row the key of the project's dated crosswalk
(:func:`allied.states.code_spells` with ``former=True``), reads what each
``0`` means, and picks the one row that stands for a state in a year.

Markings (the long table's ``marking`` column, ``<NA>`` for a plain figure):

* ``"unavailable"``: SIPRI's ``". ."`` (data unavailable);
* ``"not existing"``: SIPRI's ``"xxx"`` (the state did not exist or was not
  independent during all or part of the year);
* ``"no military expenditure (SIPRI note N)"``: a ``0`` that SIPRI means as
  zero. Its footnote N says the state has no armed forces or that they were
  disbanded (Costa Rica 37, Haiti 40, Panama 43, Iceland 86 in the 2025
  release), and no sheet has a figure other than 0 for that state and year;
* ``ZERO_BESIDE_FIGURE``: a ``0`` in one sheet where another sheet has a
  figure for the same state and year. In the 2025 release these are current
  US$ cells of states whose local-currency spending SIPRI gives without a
  dollar conversion (the USSR's successor row for 1987-1990, the German
  Democratic Republic, Czechoslovakia, Yugoslavia, North Yemen, North Korea,
  Cuba, Albania, Taiwan before 1988, ...: SIPRI's note 57 says that for North
  Korea "no figures are provided for spending in current US$"), calendar-year
  cells of financial-year spending that does not split into calendar years
  (Australia 1949, Ghana 1967, Haiti 2012) and Sweden's financial year 1996.
  Value NA and ``unavailable`` set;
* ``ZERO_UNNOTED``: a ``0`` in every sheet for a state that SIPRI does not note
  as without armed forces (Mauritania 2007, 2010, 2011). Value NA and
  ``unavailable`` set;
* ``"blank"``: an empty cell in a country's row.

References
----------
.. [1] Stockholm International Peace Research Institute (2025). SIPRI Military
   Expenditure Database 2025, sheet "Footnotes".
   https://www.sipri.org/databases/milex
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from allied.errors import DataNotAvailableError

__all__ = [
    "FORMER_STATES",
    "MARKINGS",
    "ZERO_BESIDE_FIGURE",
    "ZERO_UNNOTED",
    "mark_cells",
    "sipri_milex_state_years",
    "sipri_milex_wide",
    "state_column",
]

#: SIPRI's names of states that no longer exist (casefolded) → the crosswalk
#: key of the state they are part of: today's ISO3 code where the former state
#: is an earlier spell of a state of today in COW and G-W (USSR → RUS, COW/G-W
#: 365; Czechoslovakia → CZE, 315; Yugoslavia → SRB, 345; North Yemen → YEM,
#: COW 678 to 1990-05-21, G-W 678), otherwise its withdrawn ISO 3166 alpha-3
#: code (German DR → DDR, 265; South Yemen → YMD, 680). ``None``: no code.
FORMER_STATES: dict[str, str | None] = {
    "ussr": "RUS",
    "soviet union": "RUS",
    "czechoslovakia": "CZE",
    "yugoslavia": "SRB",
    "yemen, north": "YEM",
    "north yemen": "YEM",
    "yemen arab republic (north yemen)": "YEM",
    "german democratic republic": "DDR",
    "east germany (gdr)": "DDR",
    "german dr": "DDR",
    "yemen, south": "YMD",
    "south yemen": "YMD",
    "south vietnam": None,
}

UNAVAILABLE = "unavailable"
NOT_EXISTING = "not existing"
BLANK = "blank"
NO_MILITARY = "no military expenditure"
ZERO_BESIDE_FIGURE = (
    "0 read as unavailable: SIPRI gives a figure for this year only in other sheets"
)
ZERO_UNNOTED = (
    "0 read as unavailable: 0 in every sheet, but SIPRI does not note the state as "
    "without armed forces"
)
#: every marking but the numbered ``"no military expenditure (SIPRI note N)"``
MARKINGS = (UNAVAILABLE, NOT_EXISTING, BLANK, ZERO_BESIDE_FIGURE, ZERO_UNNOTED)

#: footnote text saying a state has no military spending (Costa Rica, Iceland,
#: Panama, Haiti in the 2025 release); not "No military expenditure data is
#: available" (Afghanistan)
_NO_MILITARY_NOTE = re.compile(
    r"\bno (?:armed forces|standing army)\b|\bforces were disbanded\b"
    r"|\bwith no military expenditure\b",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """SIPRI's country name as the tables here key it: casefolded, spaces collapsed."""
    return " ".join(name.casefold().split())


def state_key(name: str, today: str | None) -> str | None:
    """The crosswalk key of SIPRI's row ``name`` (``today``: its ISO3, if a state of today)."""
    return FORMER_STATES.get(name_key(name), today)


def state_column(names: pd.Series, iso3: pd.Series) -> pd.Series:
    """The crosswalk key of each row (SIPRI's name ``names``, today's ``iso3``)."""
    first = pd.DataFrame({"name": names, "iso3": iso3}).drop_duplicates("name")
    keys = {
        name: state_key(str(name), None if pd.isna(code) else str(code))
        for name, code in zip(first["name"], first["iso3"], strict=True)
    }
    return names.map(keys).astype("string")


def _no_military_note(notes: pd.Series, footnotes: Mapping[int, str]) -> pd.Series:
    """Per row: the number of its footnote saying the state has no military, else NA."""

    def first(text: str) -> float:
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        found = [n for n in numbers if _NO_MILITARY_NOTE.search(footnotes.get(n, ""))]
        return float(found[0]) if found else np.nan

    lookup = {text: first(text) for text in notes.dropna().unique()}
    return notes.map(lookup).astype("float64")


def mark_cells(frame: pd.DataFrame, footnotes: Mapping[int, str]) -> pd.DataFrame:
    """Add ``marking`` and turn every ``0`` that is not a zero into NA.

    ``frame`` is the parsed long table (``country``, ``year``, ``value``,
    ``unavailable``, ``not_existing``, ``notes``); ``footnotes`` maps SIPRI's
    footnote numbers to their text (sheet "Footnotes").
    """
    value = frame["value"]
    zero = value.eq(0).to_numpy()
    figure = (value.notna() & value.ne(0)).to_numpy()
    keys = [frame["country"], frame["year"]]
    has_figure = pd.Series(figure, index=frame.index).groupby(keys).transform("any").to_numpy()
    note = _no_military_note(frame["notes"], footnotes).to_numpy()
    genuine = zero & ~np.isnan(note) & ~has_figure
    unknown = zero & ~genuine
    marking = np.full(len(frame), None, dtype=object)
    rules = [  # later rules win
        (value.isna().to_numpy(), BLANK),
        (frame["not_existing"].to_numpy(bool), NOT_EXISTING),
        (frame["unavailable"].to_numpy(bool), UNAVAILABLE),
        (unknown, ZERO_UNNOTED),
        (unknown & has_figure, ZERO_BESIDE_FIGURE),
    ]
    for mask, label in rules:
        marking[mask] = label
    marking[genuine] = [f"{NO_MILITARY} (SIPRI note {n:.0f})" for n in note[genuine]]
    return frame.assign(
        value=value.mask(unknown),
        unavailable=frame["unavailable"].to_numpy() | unknown,
        marking=pd.Series(marking, index=frame.index, dtype="string"),
    )


def sipri_milex_state_years(long: pd.DataFrame) -> pd.DataFrame:
    """One row per state, year and measure of SIPRI's long table.

    Parameters
    ----------
    long
        The cached ``sipri-milex`` table (:func:`allied.sources.load`).

    Returns
    -------
    pandas.DataFrame
        The rows of ``long`` that stand for a state in a year, keyed by
        ``state`` (the crosswalk key: RUS for both SIPRI's ``USSR`` and
        ``Russia`` rows, DDR for the German Democratic Republic, ...), with
        every column of ``long``. Where a former state's row and its
        successor's both map to one state-year (the USSR and Russia for
        1987-1991), the former state's row wins unless SIPRI marks it "xxx"
        (not existing); rows without a key (the European Union) are dropped.

    Raises
    ------
    DataNotAvailableError
        The table was cached by an older release of allied and holds SIPRI's
        0 cells unread (no ``marking`` column): re-import it.

    Examples
    --------
    >>> long = pd.DataFrame({
    ...     "country": ["Russia", "USSR"], "iso3": ["RUS", None], "state": ["RUS", "RUS"],
    ...     "year": [1990, 1990],
    ...     "measure": ["current_usd"] * 2, "value": [np.nan, 219114.1],
    ...     "not_existing": [False, False], "marking": [pd.NA, pd.NA]})
    >>> sipri_milex_state_years(long)[["country", "value"]].values.tolist()
    [['USSR', 219114.1]]
    """
    long = _complete(long)
    rows = long[long["state"].notna()]
    former = rows["iso3"].isna().to_numpy(bool)  # keyed to a state, but not a state of today
    rank = np.where(rows["not_existing"].to_numpy(bool), 2, np.where(former, 0, 1))
    ordered = rows.assign(_rank=rank).sort_values("_rank", kind="stable")
    chosen = ordered.drop_duplicates(["state", "year", "measure"]).drop(columns="_rank")
    return chosen.sort_values(["state", "measure", "year"], kind="stable", ignore_index=True)


def sipri_milex_wide(long: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """``state``, ``year`` and one column per measure (``columns``: measure → name).

    Values in SIPRI's units (US$ millions, percent); NA where SIPRI gives no
    figure. Built on :func:`sipri_milex_state_years`, so each state-year has
    one value per measure.
    """
    rows = sipri_milex_state_years(long)
    rows = rows[rows["measure"].isin(list(columns))]
    wide = rows.pivot(index=["state", "year"], columns="measure", values="value")
    wide = wide.reindex(columns=list(columns)).rename(columns=dict(columns))
    wide = wide.reset_index().rename_axis(columns=None)
    return wide.astype({"state": str, "year": np.int64})


def _complete(long: pd.DataFrame) -> pd.DataFrame:
    """``long`` with ``state`` and ``not_existing``, or an error if its zeros were never read.

    A table cached by an older release lacks ``state`` (derived here from
    ``country`` and ``iso3``) and ``marking``: without the workbook's footnotes
    its zeros cannot be told apart, so such a table with zeros is refused.
    """
    if "marking" not in long.columns and long["value"].eq(0).any():
        raise DataNotAvailableError(
            "the cached sipri-milex table was imported by an older release of allied: "
            "it holds SIPRI's 0 cells unread (no marking column)",
            where="cache sipri-milex",
            fix="Import it again: `allied data import sipri-milex PATH` (or `allied data pull "
            "sipri-milex`).",
        )
    if "state" not in long.columns:
        long = long.assign(state=state_column(long["country"], long["iso3"]))
    if "not_existing" not in long.columns:
        long = long.assign(not_existing=False)
    return long
