"""Parsers for SIPRI's military expenditure workbook and arms-transfers register.

:func:`parse_milex_workbook` turns every country-by-year sheet of the SIPRI
Military Expenditure Database workbook into one tidy long table, keeping
SIPRI's markers ("..." unavailable, "xxx" not existing) and font colours
(blue = SIPRI estimate, red = highly uncertain) as flags.
:func:`parse_trade_register` reads the trade-register CSV export of the SIPRI
Arms Transfers Database into one typed row per deal.

Both refuse a file they cannot read faithfully with
:class:`~allied.errors.InputError`, naming the file, the sheet (workbook), the
row and the column.

Notes
-----
What the 2025 releases look like (``SIPRI-Milex-data-1949-2024.xlsx``;
``trade-register_1950-2024.csv``, generated 2025-03-29):

* Workbook sheets read: "Local currency financial years", "Local currency
  calendar years", "Constant (2023) US$", "Current US$", "Share of GDP",
  "Per capita" (from 1988), "Share of Govt. spending" (from 1988). Each has a
  few lines of header text, a ``Country`` row with the years, then region and
  subregion rows (a name and nothing else) followed by their countries.
  Sheets skipped because they have no ``Country`` row: "Front page" (empty),
  "Regional totals" (region by year, where red means something else) and
  "Footnotes" (text), which is read for the notes that say a state has no
  armed forces (see below).
* 882 cells hold ``0``, all in the four currency sheets. Only 615 are zeros:
  Costa Rica, Iceland, Panama and Haiti 1996-2011, whose footnotes say they
  have no armed forces. The others stand for no figure: current US$ cells of
  states whose spending SIPRI gives only in local currency (Soviet-bloc states
  before 1990, North Korea, Taiwan before 1988, ...), calendar-year cells of
  financial-year spending, and Mauritania 2007, 2010-2011. They are read as
  unavailable (NA), with the reason in ``marking``
  (:mod:`allied.sources._milex_states`).
* Former states have their own rows (USSR, German Democratic Republic,
  Czechoslovakia, Yugoslavia, "Yemen, North"; no South Yemen); Russia's row
  for 1987-1990 holds the USSR's local-currency spending in today's roubles
  (1/1000 of the USSR row's) and 0 in current US$.
* Font colours are indexed colours of the workbook's palette: index 12 =
  ``0000FF`` (blue, estimate), index 10 = ``FF0000`` (red, highly uncertain),
  index 8 = ``000000`` (black, on markers and text); most numbers carry no
  colour. Only numbers are flagged: a few "..." cells are blue or red too,
  and a marker is not a figure.
* The legend says ``". ."`` but the cells hold ``"..."``; both are accepted.
  "xxx" marks states after they ceased to exist (USSR from 1992, ...) and the
  European Union before 2022; years before a state's independence hold
  "..." (Slovenia 1985).
* Share sheets store fractions formatted as percentages (``0.00%``); values
  are returned as displayed, in percent.
* The trade register has 11 preamble lines; the uncertainty columns (``?``)
  have a blank header; two deals have a line break inside their unquoted
  comment and are joined back into one record.

References
----------
.. [1] Stockholm International Peace Research Institute (2025). SIPRI Military
   Expenditure Database 2025. https://www.sipri.org/databases/milex
.. [2] Stockholm International Peace Research Institute (2025). SIPRI Arms
   Transfers Database. https://www.sipri.org/databases/armstransfers
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from allied.errors import InputError
from allied.sources._milex_states import FORMER_STATES, mark_cells, name_key, state_column
from allied.sources._tabular import TableSpec, bad_row
from allied.states import lookup

__all__ = [
    "MILEX_COLUMNS",
    "MILEX_MEASURES",
    "TRADE_COLUMNS",
    "parse_milex_workbook",
    "parse_trade_register",
]

MILEX_DATASET = "sipri-milex"
TRADE_DATASET = "sipri-trade"

#: measure key → sheet name in the 2025 release. A four-digit year in a name
#: matches any year, so "Constant (2024) US$" of a later release is found too.
MILEX_MEASURES: dict[str, str] = {
    "local_currency_financial_years": "Local currency financial years",
    "local_currency": "Local currency calendar years",
    "constant_usd": "Constant (2023) US$",
    "current_usd": "Current US$",
    "share_of_gdp": "Share of GDP",
    "per_capita": "Per capita",
    "share_of_government_spending": "Share of Govt. spending",
}

#: where each measure's unit is stated in its sheet's header text (one group)
_UNIT_PATTERNS: dict[str, str] = {
    "local_currency_financial_years": r"figures are in (local currency at current prices)",
    "local_currency": r"figures are in (local currency at current prices)",
    "constant_usd": r"figures are in (US ?\$ ?m\.?, at constant \d{4} prices and exchange rates)",
    "current_usd": r"figures are in (US ?\$ ?m\.?, in current prices)",
    "share_of_gdp": r"(percentage of gross domestic product)",
    "per_capita": r"figures are in (current US ?\$)",
    "share_of_government_spending": r"(percentage of government spending)",
}

#: the columns of :func:`parse_milex_workbook`, in order
MILEX_COLUMNS: tuple[str, ...] = (
    "country",
    "iso3",
    "state",
    "region",
    "sheet",
    "measure",
    "unit",
    "year",
    "value",
    "unavailable",
    "not_existing",
    "estimate",
    "uncertain",
    "marking",
    "notes",
)

_UNAVAILABLE = frozenset({"..", "...", "…"})
_NOT_EXISTING = "xxx"
_HEADER_SEARCH_ROWS = 40

#: names SIPRI reports separately from the state that succeeded them (their
#: crosswalk keys are in :data:`~allied.sources._milex_states.FORMER_STATES`);
#: :func:`allied.states.lookup` maps some to the successor (USSR → RUS), so
#: their ``iso3`` (today's state) stays NA
_FORMER_STATES = frozenset(FORMER_STATES)

#: SIPRI spellings that :func:`allied.states.lookup` does not know → ISO3
_SIPRI_NAMES = {"congo": "COG"}

#: exceptions openpyxl and zipfile raise on a file that is not a readable xlsx
_BROKEN_XLSX: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    EOFError,
    OSError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    ValueError,
    TypeError,
)


# --------------------------------------------------------------------------
# shared


@cache
def _iso3(name: str) -> str | None:
    """ISO3 of today's state called ``name``, or ``None`` for anything else."""
    key = name_key(name)
    if not key or key in _FORMER_STATES or key.endswith("*"):  # SIPRI: * non-state, ** org.
        return None
    try:
        return lookup(_SIPRI_NAMES.get(key, name)).iso3
    except (InputError, LookupError):
        return None


def _iso3_column(names: pd.Series) -> pd.Series:
    codes = {name: _iso3(name) for name in names.dropna().unique()}
    return names.map(codes).astype("string")


# --------------------------------------------------------------------------
# military expenditure workbook


@dataclass(frozen=True)
class _Layout:
    """Where things are in one data sheet (0-based indexes, 1-based rows)."""

    header_row: int
    years: dict[int, int]  # column index → year
    notes: int | None
    currency: int | None
    fiscal_year: int | None
    unit: str


@dataclass
class _Columns:
    """The output columns of one sheet, filled cell by cell."""

    country: list[str] = field(default_factory=list)
    region: list[str | None] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    unavailable: list[bool] = field(default_factory=list)
    not_existing: list[bool] = field(default_factory=list)
    estimate: list[bool] = field(default_factory=list)
    uncertain: list[bool] = field(default_factory=list)
    notes: list[str | None] = field(default_factory=list)


@dataclass(frozen=True)
class _Sheet:
    """One worksheet read into memory."""

    title: str
    rows: list[tuple[Any, ...]]
    palette: Sequence[str]
    path: Path

    def where(self, row: int | None = None, column: int | None = None, label: str = "") -> str:
        """``file, sheet 'x', row r (label), column C`` for messages."""
        text = f"{self.path.name}, sheet '{self.title}'"
        if row is not None:
            text += f", row {row}"
        if column is not None:
            text += f", column {get_column_letter(column + 1)}"
        return f"{text} ({label})" if label else text


def parse_milex_workbook(path: Path) -> pd.DataFrame:
    """Read the SIPRI Military Expenditure Database workbook into a long table.

    Every sheet with SIPRI's country-by-year layout is read: the seven of
    :data:`MILEX_MEASURES` (all required) and any other sheet with a
    ``Country`` header row. Sheets without one (front page, regional totals,
    footnotes) are skipped.

    Parameters
    ----------
    path
        The workbook as published (``SIPRI-Milex-data-1949-2024.xlsx``).

    Returns
    -------
    pandas.DataFrame
        One row per country, sheet and year, with the columns
        :data:`MILEX_COLUMNS`: ``country`` (SIPRI's spelling), ``iso3`` (today's
        state; ``<NA>`` for former states and the European Union), ``state``
        (the key of the dated COW/G-W crosswalk: ``iso3``, or for a former
        state its successor's ISO3 where COW and G-W continue its code, USSR
        → RUS, Czechoslovakia → CZE, Yugoslavia → SRB, North Yemen → YEM, else
        its withdrawn ISO 3166 code, German DR → DDR; ``<NA>`` for the EU),
        ``region`` (the nearest region or subregion row above the country),
        ``sheet``, ``measure`` (key of :data:`MILEX_MEASURES`), ``unit`` (from
        the sheet's header text; for local currency prefixed with the
        currency and, in the financial-year sheet, followed by the financial
        year when one is stated), ``year`` (Int64), ``value`` (float64, NA
        where the cell has no number; shares in percent, as the sheets display
        the fractions they store), the flags
        ``unavailable`` ("..." or a 0 that stands for no figure),
        ``not_existing`` ("xxx"), ``estimate`` (blue figure), ``uncertain``
        (red figure), ``marking`` (why a value is missing or 0: "unavailable",
        "not existing", "no military expenditure (SIPRI note N)" or the reason
        a 0 was read as unavailable; ``<NA>`` for a plain figure; see
        :mod:`allied.sources._milex_states`), and ``notes`` (the footnote
        symbols and numbers of the sheet's Notes column, or NA).

    Raises
    ------
    InputError
        The file is not a readable xlsx workbook, lacks one of the data
        sheets, a data sheet has no ``Country`` header row with years, or a
        data cell holds text that is not one of SIPRI's markers.

    References
    ----------
    .. [1] Stockholm International Peace Research Institute (2025). SIPRI
       Military Expenditure Database 2025. https://www.sipri.org/databases/milex
    """
    path = Path(path)
    sheets = _read_workbook(path)
    measures = _match_measures(sheets, path)
    frames = []
    for sheet in sheets:
        measure = measures.get(sheet.title)
        layout = _layout(sheet, measure)
        if layout is None:
            continue
        frames.append(_sheet_frame(sheet, layout, measure or _snake(sheet.title)))
    frame = mark_cells(pd.concat(frames, ignore_index=True), _footnotes(sheets))
    return frame[list(MILEX_COLUMNS)]


def _footnotes(sheets: list[_Sheet]) -> dict[int, str]:
    """Footnote number → text, from the sheet "Footnotes" (a number, then the text
    in the next non-empty cell of the row)."""
    notes: dict[int, str] = {}
    for sheet in sheets:
        if sheet.title.strip().casefold() != "footnotes":
            continue
        for row in sheet.rows:
            number = _text(_cell(row, 0))
            text = next((t for t in map(_text, row[1:]) if t), "")
            if re.fullmatch(r"\d+(\.0)?", number) and text:
                notes[int(float(number))] = text
    return notes


def _read_workbook(path: Path) -> list[_Sheet]:
    """Every worksheet's cells, or :class:`InputError` if the file is not an xlsx."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except _BROKEN_XLSX as exc:
        raise _not_xlsx(path, exc) from exc
    try:
        palette = _palette(workbook)
        sheets = []
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # trust the cells, not the stored <dimension>
            rows = list(worksheet.iter_rows())
            sheets.append(_Sheet(worksheet.title, rows, palette, path))
        return sheets
    except _BROKEN_XLSX as exc:
        raise _not_xlsx(path, exc) from exc
    finally:
        workbook.close()


def _not_xlsx(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"{MILEX_DATASET}: the file cannot be read as an Excel workbook "
        f"({type(exc).__name__}: {exc})",
        where=path.name,
        fix=(
            "The file is damaged, truncated or not an .xlsx workbook: download "
            "SIPRI-Milex-data-*.xlsx again from https://www.sipri.org/databases/milex "
            f"(or run `allied data pull {MILEX_DATASET}`)."
        ),
    )


def _palette(workbook: Workbook) -> Sequence[str]:
    """The workbook's indexed colours (its own palette if it has one)."""
    colours = getattr(workbook, "_colors", None)
    return list(colours) if colours else list(COLOR_INDEX)


def _sheet_pattern(name: str) -> re.Pattern[str]:
    pattern = re.sub(r"\d{4}", r"\\d{4}", re.escape(name))
    return re.compile(rf"\s*{pattern}\s*", re.IGNORECASE)


def _match_measures(sheets: list[_Sheet], path: Path) -> dict[str, str]:
    """Sheet title → measure, or :class:`InputError` naming the missing sheets."""
    found: dict[str, str] = {}
    missing = []
    for measure, name in MILEX_MEASURES.items():
        pattern = _sheet_pattern(name)
        title = next((s.title for s in sheets if pattern.fullmatch(s.title)), None)
        if title is None:
            missing.append(name)
        else:
            found[title] = measure
    if missing:
        raise InputError(
            f"{MILEX_DATASET}: the workbook lacks the data sheet(s) "
            + ", ".join(f"'{name}'" for name in missing),
            where=f"{path.name}, sheets " + ", ".join(f"'{s.title}'" for s in sheets),
            fix=(
                "Is this the SIPRI Military Expenditure Database workbook? Download "
                "it again from https://www.sipri.org/databases/milex."
            ),
        )
    return found


def _snake(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


def _text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    return "" if value is None else str(value).strip()


def _cell(row: tuple[Any, ...], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


# -- layout ----------------------------------------------------------------


def _layout(sheet: _Sheet, measure: str | None) -> _Layout | None:
    """Find the header row; ``None`` for a sheet that is not a data sheet."""
    for number, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1):
        if _text(_cell(row, 0)).casefold() == "country":
            years = _year_columns(row)
            if years:
                return _layout_from(sheet, number, row, years, measure)
    if measure is None:
        return None
    last = min(len(sheet.rows), _HEADER_SEARCH_ROWS)
    raise InputError(
        f"{MILEX_DATASET}: no header row with 'Country' and the years",
        where=f"{sheet.where()}, rows 1-{last}, column A",
        fix=(
            "The sheet does not have SIPRI's layout (a row starting with 'Country' "
            "followed by the years). Download the workbook again from "
            "https://www.sipri.org/databases/milex."
        ),
    )


def _year_columns(row: tuple[Any, ...]) -> dict[int, int]:
    years = {}
    for index, cell in enumerate(row):
        text = _text(cell)
        if re.fullmatch(r"\d{4}(\.0)?", text) and 1900 <= int(float(text)) <= 2100:
            years[index] = int(float(text))
    return years


def _layout_from(
    sheet: _Sheet, number: int, row: tuple[Any, ...], years: dict[int, int], measure: str | None
) -> _Layout:
    labels = {index: _text(cell).casefold() for index, cell in enumerate(row) if index not in years}

    def column(test: str) -> int | None:
        return next((i for i, label in labels.items() if label.startswith(test)), None)

    return _Layout(
        header_row=number,
        years=years,
        notes=column("notes"),
        currency=column("currency"),
        fiscal_year=column("fiscal year"),
        unit=_unit(sheet.rows[: number - 1], measure),
    )


def _unit(header_rows: list[tuple[Any, ...]], measure: str | None) -> str:
    """The unit as the sheet's header text states it (else its title line)."""
    lines = [" ".join(_text(_cell(row, 0)).split()) for row in header_rows]
    lines = [line for line in lines if line]
    pattern = _UNIT_PATTERNS.get(measure or "")
    if pattern:
        match = re.search(pattern, " ".join(lines), re.IGNORECASE)
        if match:
            return match.group(1)
    title = lines[0] if lines else ""
    return re.sub(r"\s*©.*$", "", title)


# -- rows and cells ----------------------------------------------------------


def _sheet_frame(sheet: _Sheet, layout: _Layout, measure: str) -> pd.DataFrame:
    columns = _Columns()
    region: str | None = None
    for number, row in enumerate(sheet.rows[layout.header_row :], start=layout.header_row + 1):
        name = _text(_cell(row, 0))
        notes = _text(_cell(row, layout.notes)) or None
        if not _has_data(row, layout) and notes is None:
            region = name or region
            continue
        if not name:
            raise InputError(
                f"{MILEX_DATASET}: figures in a row without a country name",
                where=sheet.where(number, 0),
                fix="Put the country name in column A or remove the stray figures.",
            )
        _add_country(columns, sheet, layout, number, row, name, region, notes)
    return _frame(columns, sheet.title, measure)


def _has_data(row: tuple[Any, ...], layout: _Layout) -> bool:
    return any(_text(_cell(row, index)) for index in layout.years)


def _add_country(
    columns: _Columns,
    sheet: _Sheet,
    layout: _Layout,
    number: int,
    row: tuple[Any, ...],
    name: str,
    region: str | None,
    notes: str | None,
) -> None:
    unit = _row_unit(row, layout)
    for index, year in layout.years.items():
        try:
            value, unavailable, not_existing, colour = _parse_cell(_cell(row, index), sheet.palette)
        except _UnknownTextError as exc:
            raise _bad_cell(sheet.where(number, index, f"{name}, {year}"), str(exc)) from None
        columns.country.append(name)
        columns.region.append(region)
        columns.unit.append(unit)
        columns.year.append(year)
        columns.value.append(value)
        columns.unavailable.append(unavailable)
        columns.not_existing.append(not_existing)
        columns.estimate.append(colour == "blue")
        columns.uncertain.append(colour == "red")
        columns.notes.append(notes)


def _row_unit(row: tuple[Any, ...], layout: _Layout) -> str:
    currency = " ".join(_text(_cell(row, layout.currency)).split())
    fiscal_year = " ".join(_text(_cell(row, layout.fiscal_year)).split())
    unit = f"{currency}, {layout.unit}" if currency else layout.unit
    return f"{unit} (financial year {fiscal_year})" if fiscal_year else unit


class _UnknownTextError(Exception):
    """A data cell's text is neither a number nor one of SIPRI's markers."""


def _parse_cell(cell: Any, palette: Sequence[str]) -> tuple[float, bool, bool, str | None]:
    """``(value, unavailable, not_existing, colour)`` of one data cell."""
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        scale = 100.0 if "%" in str(cell.number_format or "") else 1.0
        return float(value) * scale, False, False, _colour(cell, palette)
    text = "" if value is None else str(value).strip()
    if text.replace(" ", "") in _UNAVAILABLE:
        return math.nan, True, False, None
    if text.casefold() == _NOT_EXISTING:
        return math.nan, False, True, None
    if text:
        raise _UnknownTextError(text)
    return math.nan, False, False, None


def _bad_cell(where: str, text: str) -> InputError:
    return InputError(
        f"{MILEX_DATASET}: the cell holds {text!r}, which is neither a number nor "
        "one of SIPRI's markers ('...' unavailable, 'xxx' not existing)",
        where=where,
        fix="Correct the cell or download the workbook again from SIPRI.",
    )


def _colour(cell: Any, palette: Sequence[str]) -> str | None:
    """``"blue"``, ``"red"`` or ``None`` for the font colour of ``cell``."""
    colour = getattr(getattr(cell, "font", None), "color", None)
    if colour is None:
        return None
    rgb: object = None
    if colour.type == "indexed" and 0 <= colour.indexed < len(palette):
        rgb = palette[colour.indexed]
    elif colour.type == "rgb":
        rgb = colour.rgb
    return _hue(rgb) if isinstance(rgb, str) else None


def _hue(argb: str) -> str | None:
    """Blue or red when that channel dominates an ``(AA)RRGGBB`` code."""
    try:
        red, green, blue = (int(argb[-6:][i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    if blue >= 0x80 and red < 0x80 and green < 0x80:
        return "blue"
    if red >= 0x80 and green < 0x80 and blue < 0x80:
        return "red"
    return None


def _frame(columns: _Columns, title: str, measure: str) -> pd.DataFrame:
    country = pd.Series(columns.country, dtype="string")
    iso3 = _iso3_column(country)
    size = len(country)
    return pd.DataFrame(
        {
            "country": country,
            "iso3": iso3,
            "state": state_column(country, iso3),
            "region": pd.Series(columns.region, dtype="string"),
            "sheet": pd.Series([title] * size, dtype="string"),
            "measure": pd.Series([measure] * size, dtype="string"),
            "unit": pd.Series(columns.unit, dtype="string"),
            "year": pd.Series(columns.year, dtype="Int64"),
            "value": pd.Series(columns.value, dtype="float64"),
            "unavailable": pd.Series(columns.unavailable, dtype=bool),
            "not_existing": pd.Series(columns.not_existing, dtype=bool),
            "estimate": pd.Series(columns.estimate, dtype=bool),
            "uncertain": pd.Series(columns.uncertain, dtype=bool),
            "notes": pd.Series(columns.notes, dtype="string"),
        }
    )


# --------------------------------------------------------------------------
# arms transfers trade register

_Kind = Literal["str", "int", "float", "flag"]


@dataclass(frozen=True)
class _Field:
    header: str  # as in the export; "" for the '?' uncertainty columns
    name: str
    kind: _Kind


_TRADE_FIELDS: tuple[_Field, ...] = (
    _Field("Recipient", "recipient", "str"),
    _Field("Supplier", "supplier", "str"),
    _Field("Year of order", "year_of_order", "int"),
    _Field("", "year_of_order_uncertain", "flag"),
    _Field("Number ordered", "number_ordered", "int"),
    _Field("", "number_ordered_uncertain", "flag"),
    _Field("Weapon designation", "weapon_designation", "str"),
    _Field("Weapon description", "weapon_description", "str"),
    _Field("Number delivered", "number_delivered", "int"),
    _Field("", "number_delivered_uncertain", "flag"),
    _Field("Year(s) of delivery", "years_of_delivery", "str"),
    _Field("status", "status", "str"),
    _Field("Comments", "comments", "str"),
    _Field("SIPRI TIV per unit", "sipri_tiv_per_unit", "float"),
    _Field("SIPRI TIV for total order", "sipri_tiv_for_total_order", "float"),
    _Field("SIPRI TIV of delivered weapons", "sipri_tiv_of_delivered_weapons", "float"),
)
_TRADE_REQUIRED = ("recipient", "supplier", "year_of_order")
_WIDTH = len(_TRADE_FIELDS)

#: the trade register's typed columns, in order
TRADE_COLUMNS: tuple[str, ...] = (
    *(f.name for f in _TRADE_FIELDS),
    "recipient_iso3",
    "supplier_iso3",
)


@dataclass(frozen=True)
class _Record:
    line: int  # physical line (1-based) where the record starts
    fields: list[str]


def parse_trade_register(path: Path) -> pd.DataFrame:
    """Read a SIPRI Arms Transfers Database trade-register CSV export.

    Parameters
    ----------
    path
        The CSV file exported from SIPRI's trade register
        (``trade-register_1950-2024.csv``): a preamble, the header row
        ``Recipient,Supplier,...`` and one line per deal.

    Returns
    -------
    pandas.DataFrame
        One row per deal with the columns of the export, snake-cased:
        ``recipient``, ``supplier``, ``year_of_order`` (Int64),
        ``year_of_order_uncertain`` (bool, the ``?`` column beside it),
        ``number_ordered`` (Int64, NA where SIPRI has no figure),
        ``number_ordered_uncertain``, ``weapon_designation``,
        ``weapon_description``, ``number_delivered`` (Int64),
        ``number_delivered_uncertain``, ``years_of_delivery`` (text such as
        ``"2019; 2020"``), ``status``, ``comments``, ``sipri_tiv_per_unit``,
        ``sipri_tiv_for_total_order``, ``sipri_tiv_of_delivered_weapons``
        (float64, millions of SIPRI trend-indicator values), then
        ``recipient_iso3`` and ``supplier_iso3`` (today's state, ``<NA>`` for
        former states, non-state actors and organizations).

    Raises
    ------
    InputError
        No header row, a header that differs from SIPRI's, a record with the
        wrong number of fields, or a value that does not fit its column
        (message names the file, the row, the line and the column).

    References
    ----------
    .. [1] Stockholm International Peace Research Institute (2025). SIPRI Arms
       Transfers Database. https://www.sipri.org/databases/armstransfers
    """
    path = Path(path)
    lines = list(io.StringIO(_decode(path), newline=""))  # keeps line ends for csv
    header = _header_line(lines, path)
    records = _join_split(list(_records(lines[header + 1 :], header + 2)))
    spec = TableSpec(dataset=TRADE_DATASET, columns={}, header_line=header)
    register = _Register(path, spec, records)
    _check_widths(register)
    frame = _typed(register)
    frame["recipient_iso3"] = _iso3_column(frame["recipient"])
    frame["supplier_iso3"] = _iso3_column(frame["supplier"])
    return frame


def _decode(path: Path) -> str:
    """The file's text: UTF-8 if it is, else Windows-1252 (SIPRI's export)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{TRADE_DATASET}: the file cannot be read ({exc})",
            where=str(path),
            fix="Check the path and the file's permissions.",
        ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{TRADE_DATASET}: the file is neither UTF-8 nor Windows-1252 text",
            where=f"{path.name}, byte {exc.start}",
            fix="Export the trade register from SIPRI again as CSV.",
        ) from exc


def _header_line(lines: list[str], path: Path) -> int:
    """Index of the header line; checks it names SIPRI's columns in order."""
    index = next(
        (i for i, line in enumerate(lines) if line.casefold().startswith("recipient,supplier")),
        None,
    )
    if index is None:
        raise InputError(
            f"{TRADE_DATASET}: no header line starting 'Recipient,Supplier'",
            where=f"{path.name}, lines 1-{len(lines)}",
            fix="Is this SIPRI's trade-register CSV export? Export it again as CSV.",
        )
    names = next(csv.reader([lines[index]]))
    for position, expected in enumerate(_TRADE_FIELDS):
        got = names[position].strip() if position < len(names) else None
        if got is None or got.casefold() != expected.header.casefold():
            raise InputError(
                f"{TRADE_DATASET}: header column {position + 1} is {got!r}, "
                f"expected {expected.header!r}",
                where=f"{path.name}, line {index + 1} (header), column {position + 1}",
                fix="Expected the columns: "
                + ", ".join(repr(f.header) for f in _TRADE_FIELDS)
                + ". Export the trade register from SIPRI again.",
            )
    return index


def _records(lines: list[str], first_line: int) -> Iterator[_Record]:
    """Non-blank CSV records with the physical line each starts on."""
    reader = csv.reader(lines)
    consumed = 0
    for fields in reader:
        start = first_line + consumed
        consumed = reader.line_num
        if any(f.strip() for f in fields):
            yield _Record(start, fields)


def _join_split(records: list[_Record]) -> list[_Record]:
    """Join a record cut by a line break in its unquoted last text field.

    SIPRI's export does not quote comments; a comment with a line break
    leaves a short record followed by the rest of it, and together they
    make exactly one full record.
    """
    joined: list[_Record] = []
    index = 0
    while index < len(records):
        record = records[index]
        following = records[index + 1] if index + 1 < len(records) else None
        if (
            following is not None
            and len(record.fields) < _WIDTH
            and len(record.fields) + len(following.fields) - 1 == _WIDTH
        ):
            text = f"{record.fields[-1]} {following.fields[0]}".strip()
            record = _Record(record.line, [*record.fields[:-1], text, *following.fields[1:]])
            index += 1
        joined.append(record)
        index += 1
    return joined


@dataclass(frozen=True)
class _Register:
    """The file being read, for messages that name its rows and lines."""

    path: Path
    spec: TableSpec
    records: list[_Record]

    def error(self, index: int, column: str, problem: str) -> InputError:
        """An :class:`InputError` at record ``index`` (0-based), column ``column``."""
        # bad_row counts lines as header_line + index + 2; a joined record before
        # this one moves the physical line, so give it the offset that hits it.
        offset = self.records[index].line - index - 2
        spec = replace(self.spec, header_line=offset)
        return bad_row(self.path, index, column, problem, spec=spec)


def _check_widths(register: _Register) -> None:
    for index, record in enumerate(register.records):
        count = len(record.fields)
        if count != _WIDTH:
            column = _header_of(_TRADE_FIELDS[min(count, _WIDTH - 1)].name)
            problem = f"{count} fields where the header has {_WIDTH} (truncated or misquoted line)"
            raise register.error(index, column, problem)


def _typed(register: _Register) -> pd.DataFrame:
    names = [f.name for f in _TRADE_FIELDS]
    fields = [r.fields for r in register.records]
    text = pd.DataFrame(fields, columns=names, dtype="string")
    frame = pd.DataFrame(
        {f.name: _convert(text[f.name].str.strip(), f, register) for f in _TRADE_FIELDS}
    )
    for name in _TRADE_REQUIRED:
        _refuse_first(frame[name].isna().to_numpy(dtype=bool), name, "empty value", register)
    return frame


def _header_of(name: str) -> str:
    """The column's header in the file; ``'Number ordered ?'`` for a '?' column."""
    position = [f.name for f in _TRADE_FIELDS].index(name)
    column = _TRADE_FIELDS[position]
    return column.header or f"{_TRADE_FIELDS[position - 1].header} ?"


def _refuse_first(bad: np.ndarray[Any, Any], name: str, problem: str, register: _Register) -> None:
    if bad.any():
        index = int(np.argmax(bad))
        raise register.error(index, _header_of(name), problem)


def _convert(text: pd.Series, column: _Field, register: _Register) -> pd.Series:
    empty = (text == "").to_numpy(dtype=bool)
    if column.kind == "str":
        return text.mask(empty)
    if column.kind == "flag":
        bad = ~text.isin(["", "?"]).to_numpy(dtype=bool)
        _refuse_first(bad, column.name, _shown(text, bad, "is not '?' or empty"), register)
        return (text == "?").astype(bool)
    numbers = pd.to_numeric(text.mask(empty), errors="coerce").astype("float64")
    values = numbers.to_numpy()
    bad = np.isnan(values) & ~empty
    if column.kind == "float":
        _refuse_first(bad, column.name, _shown(text, bad, "is not a number"), register)
        return numbers
    bad |= ~np.isnan(values) & (values % 1 != 0)
    _refuse_first(bad, column.name, _shown(text, bad, "is not a whole number"), register)
    return numbers.astype("Int64")


def _shown(text: pd.Series, bad: np.ndarray[Any, Any], problem: str) -> str:
    """``"'abc' is not a number"`` for the first bad value (or just the problem)."""
    return f"{text.iloc[int(np.argmax(bad))]!r} {problem}" if bad.any() else problem
