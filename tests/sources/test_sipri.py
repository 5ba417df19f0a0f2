"""SIPRI parsers on small files written here in SIPRI's layouts."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.styles.colors import Color
from tests.tiny_data.sipri_trade import HEADER

from allied import sources
from allied.errors import DataNotAvailableError, InputError
from allied.sources import sipri_milex_state_years, sipri_milex_wide
from allied.sources._milex_states import ZERO_BESIDE_FIGURE, ZERO_UNNOTED
from allied.sources._sipri import (
    MILEX_COLUMNS,
    MILEX_MEASURES,
    TRADE_COLUMNS,
    parse_milex_workbook,
    parse_trade_register,
)
from allied.sources._transfer import _extract_archives

BLUE = Font(color="FF0000FF")  # an ARGB colour
RED = Font(color=Color(indexed=10))  # an indexed colour, as SIPRI's workbook uses
YEARS = [2000, 2001, 2002]

# (title line, unit line) per sheet, shortened from the 2025 workbook
HEADERS = {
    "Local currency financial years": (
        "Military expenditure by country, in local currency, 1949-2024 © SIPRI 2024",
        "Figures are in local currency at current prices and are for financial years.",
    ),
    "Local currency calendar years": (
        "Military expenditure by country, in local currency, 1949-2024 © SIPRI 2024",
        "Figures are in local currency at current prices and are for calendar years.",
    ),
    "Constant (2023) US$": (
        "Military expenditure by country, in constant (2023) US$ m., 1949-2024 © SIPRI 2024",
        "Figures are in US $m., at constant 2023 prices and exchange rates",
    ),
    "Current US$": (
        "Military expenditure by country, in millions of US$ at current prices, 1949-2024",
        "Figures are in US $m., in current prices, converted at the exchange rate for the year.",
    ),
    "Share of GDP": (
        "Military expenditure by country as percentage of gross domestic product, 1949-2024",
        "Countries are grouped by region and subregion",
    ),
    "Per capita": (
        "Military expenditure per capita  by country, 1949-2024     © SIPRI 2024",
        "Figures are in current US$",
    ),
    "Share of Govt. spending": (
        "Military expenditure by country as percentage of government spending, 1949-2024",
        "Countries are grouped by region and subregion",
    ),
}


def _meta(sheet: str, currency: str) -> tuple[list[str], list[str]]:
    """Header labels and a row's values for the columns between Country and the years."""
    if sheet == "Local currency financial years":
        return ["Currency", "Fiscal Year (Jan-Dec if not stated)", "Notes"], [currency, ""]
    if sheet == "Local currency calendar years":
        return ["Currency", "Notes"], [currency]
    return ["Notes"], []


def _country(ws: Any, sheet: str, name: str, currency: str, notes: str, cells: list[Any]) -> None:
    """Append a country row; a cell is a value or a (value, font) pair."""
    labels, meta = _meta(sheet, currency)
    ws.append([name, *meta, notes, *[c[0] if isinstance(c, tuple) else c for c in cells]])
    first = len(labels) + 2
    for offset, cell in enumerate(cells):
        target = ws.cell(row=ws.max_row, column=first + offset)
        if isinstance(cell, tuple):
            target.font = cell[1]
        if sheet.startswith("Share") and isinstance(target.value, float):
            target.number_format = "0.00%"


def _data_sheet(wb: Workbook, sheet: str, *, stray: str | None = None) -> None:
    ws = wb.create_sheet(sheet)
    title, unit = HEADERS.get(sheet, (f"Military expenditure, {sheet}", "Figures are in units"))
    legend = (
        "Figures in blue are SIPRI estimates. Figures in red indicate highly uncertain data.",
        '". ." = data unavailable. "xxx" = country did not exist or was not independent.',
    )
    for line in (title, unit, *legend, ""):
        ws.append([line])
    labels, _ = _meta(sheet, "")
    ws.append(["Country", *labels, *YEARS])
    ws.append([])
    ws.append(["Europe"])
    ws.append(["Western Europe"])
    share = sheet.startswith("Share")
    first = (0.02, BLUE) if share else (100.0, BLUE)
    _country(ws, sheet, "France", "Euro", "§", [first, "...", stray or (0.03 if share else 300.0)])
    _country(ws, sheet, "USSR", "Roubles", "", [(50.0, RED), "xxx", "xxx"])
    ws.append(["Middle East"])
    _country(ws, sheet, "Israel", "Shekels", "94", [1.0, 2.0, ". ."])


def make_workbook(
    path: Path,
    *,
    sheets: list[str] | None = None,
    stray: str | None = None,
    extra: Callable[[Workbook], None] | None = None,
) -> Path:
    """A small workbook in the layout of SIPRI-Milex-data-1949-2024.xlsx."""
    wb = Workbook()
    front = wb.active
    assert front is not None
    front.title = "Front page"
    for sheet in sheets if sheets is not None else list(MILEX_MEASURES.values()):
        _data_sheet(wb, sheet, stray=stray if sheet == "Current US$" else None)
    notes = wb.create_sheet("Footnotes")
    notes.append(["Footnotes and special notes"])
    notes.append(["§", "Figures are for the adopted budget"])
    if extra is not None:
        extra(wb)
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "SIPRI-Milex-mini.xlsx")


@pytest.fixture
def milex(workbook: Path) -> pd.DataFrame:
    return parse_milex_workbook(workbook)


def _cell(frame: pd.DataFrame, measure: str, country: str, year: int) -> pd.Series:
    row = frame[(frame.measure == measure) & (frame.country == country) & (frame.year == year)]
    assert len(row) == 1
    return row.iloc[0]


# -- military expenditure workbook ------------------------------------------


def test_milex_reads_every_data_sheet_into_one_long_table(milex: pd.DataFrame) -> None:
    assert tuple(milex.columns) == MILEX_COLUMNS
    assert set(milex.measure) == set(MILEX_MEASURES)
    assert set(milex.sheet) == set(MILEX_MEASURES.values())
    assert len(milex) == len(MILEX_MEASURES) * 3 * len(YEARS)  # 3 countries
    assert set(milex.country) == {"France", "USSR", "Israel"}


def test_milex_types(milex: pd.DataFrame) -> None:
    assert milex.year.dtype == "Int64"
    assert milex.value.dtype == "float64"
    for flag in ("unavailable", "not_existing", "estimate", "uncertain"):
        assert milex[flag].dtype == bool
    for text in ("country", "iso3", "state", "region", "sheet", "measure", "unit", "marking"):
        assert isinstance(milex[text].dtype, pd.StringDtype)


def test_milex_values_and_flags(milex: pd.DataFrame) -> None:
    france = _cell(milex, "constant_usd", "France", 2000)
    assert france.value == 100.0
    assert france.estimate and not france.uncertain
    assert france.iso3 == "FRA"
    assert france.region == "Western Europe"
    assert france.notes == "§"
    missing = _cell(milex, "constant_usd", "France", 2001)
    assert pd.isna(missing.value) and missing.unavailable and not missing.not_existing
    ussr = _cell(milex, "current_usd", "USSR", 2000)
    assert ussr.value == 50.0 and ussr.uncertain and not ussr.estimate
    gone = _cell(milex, "current_usd", "USSR", 2001)
    assert pd.isna(gone.value) and gone.not_existing and not gone.unavailable
    spaced = _cell(milex, "per_capita", "Israel", 2002)
    assert spaced.unavailable  # ". ." as in SIPRI's legend
    plain = _cell(milex, "per_capita", "Israel", 2001)
    assert plain.value == 2.0
    assert not (plain.estimate or plain.uncertain or plain.unavailable or plain.not_existing)


def test_milex_former_states_and_empty_notes_are_na(milex: pd.DataFrame) -> None:
    ussr = _cell(milex, "constant_usd", "USSR", 2000)
    assert pd.isna(ussr.iso3)  # lookup("USSR") is Russia; SIPRI lists Russia separately
    assert ussr.state == "RUS"  # the crosswalk's key: COW and G-W 365 until 1991
    assert pd.isna(ussr.notes)
    assert _cell(milex, "constant_usd", "Israel", 2000).region == "Middle East"


def test_milex_shares_are_percent_as_displayed(milex: pd.DataFrame) -> None:
    share = _cell(milex, "share_of_gdp", "France", 2000)
    assert share.value == pytest.approx(2.0)
    assert share.unit == "percentage of gross domestic product"


def test_milex_units_come_from_the_sheet_header(milex: pd.DataFrame) -> None:
    units = {
        "constant_usd": "US $m., at constant 2023 prices and exchange rates",
        "current_usd": "US $m., in current prices",
        "per_capita": "current US$",
        "share_of_government_spending": "percentage of government spending",
        "local_currency": "Euro, local currency at current prices",
        "local_currency_financial_years": "Euro, local currency at current prices",
    }
    for measure, unit in units.items():
        assert _cell(milex, measure, "France", 2000).unit == unit


def test_milex_financial_year_is_part_of_the_unit(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "fy.xlsx")
    wb = load_workbook(path)
    wb["Local currency financial years"]["C10"] = "Apr-Mar"  # France's fiscal year cell
    wb.save(path)
    row = _cell(parse_milex_workbook(path), "local_currency_financial_years", "France", 2000)
    assert row.unit == "Euro, local currency at current prices (financial year Apr-Mar)"


def test_milex_skips_text_sheets_and_reads_extra_country_year_sheets(tmp_path: Path) -> None:
    def extra(wb: Workbook) -> None:
        _data_sheet(wb, "Military personnel")

    milex = parse_milex_workbook(make_workbook(tmp_path / "x.xlsx", extra=extra))
    assert "military_personnel" in set(milex.measure)
    assert not {"Front page", "Footnotes"} & set(milex.sheet)


def test_milex_finds_a_constant_sheet_with_another_base_year(tmp_path: Path) -> None:
    sheets = [s.replace("2023", "2024") for s in MILEX_MEASURES.values()]
    milex = parse_milex_workbook(make_workbook(tmp_path / "2026.xlsx", sheets=sheets))
    assert set(milex[milex.measure == "constant_usd"].sheet) == {"Constant (2024) US$"}


def test_milex_refuses_a_truncated_workbook(workbook: Path) -> None:
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as err:
        parse_milex_workbook(workbook)
    assert "SIPRI-Milex-mini.xlsx" in str(err.value)
    assert "cannot be read as an Excel workbook" in str(err.value)


def test_milex_refuses_a_workbook_with_a_damaged_sheet(workbook: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(InputError, match=r"ParseError.*\(damaged\.xlsx\)"):
        parse_milex_workbook(damaged)


def test_milex_refuses_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "milex.xlsx"
    path.write_text("Country,2000\nFrance,1\n")
    with pytest.raises(InputError, match=r"milex\.xlsx"):
        parse_milex_workbook(path)


def test_milex_refuses_stray_text_naming_sheet_row_and_column(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "stray.xlsx", stray="n/a")
    with pytest.raises(InputError) as err:
        parse_milex_workbook(path)
    message = str(err.value)
    assert "stray.xlsx" in message
    assert "sheet 'Current US$'" in message
    assert "row 10" in message  # France
    assert "column E" in message  # 2002: Country, Notes, 2000, 2001, 2002
    assert "France, 2002" in message
    assert "'n/a'" in message


def test_milex_refuses_a_missing_sheet(tmp_path: Path) -> None:
    sheets = [s for s in MILEX_MEASURES.values() if s != "Share of GDP"]
    with pytest.raises(InputError) as err:
        parse_milex_workbook(make_workbook(tmp_path / "short.xlsx", sheets=sheets))
    assert "short.xlsx" in str(err.value)
    assert "'Share of GDP'" in str(err.value)


def test_milex_refuses_a_data_sheet_without_header_row(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "nohead.xlsx")
    wb = load_workbook(path)
    wb["Per capita"]["A6"] = "Land"
    wb.save(path)
    with pytest.raises(InputError) as err:
        parse_milex_workbook(path)
    assert "nohead.xlsx, sheet 'Per capita'" in str(err.value)
    assert "'Country'" in str(err.value)


def test_milex_refuses_figures_without_a_country(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "noname.xlsx")
    wb = load_workbook(path)
    wb["Current US$"]["A13"] = None  # Israel's name
    wb.save(path)
    with pytest.raises(InputError, match=r"noname\.xlsx, sheet 'Current US\$', row 13"):
        parse_milex_workbook(path)


# -- markings, zeros and former states ----------------------------------------

#: Footnotes in SIPRI's layout (number in column A, text in column C), quoted from
#: the 2025 workbook's sheet "Footnotes".
FOOTNOTES = {
    2: "Afghanistan: No military expenditure data is available since the Taliban retook "
    "control of Afghanistan in 2021.",
    37: "Costa Rica: Costa Rica has no armed forces and thus no military spending.",
    57: "North Korea: Due to lack of economic data, no figures are provided for spending in "
    "current US$ and constant US$.",
}
CURRENCY_SHEETS = [s for s in MILEX_MEASURES.values() if "US$" in s or s.startswith("Local")]


def _zeros(wb: Workbook) -> None:
    """Rows whose 0 cells mean different things, after France, USSR and Israel."""
    rows: list[tuple[str, str, list[Any], list[Any] | None, list[Any]]] = [
        # name, notes, US$ cells, local-currency cells (None: as US$), other cells
        ("Costa Rica", "37", [0, 0, 0], None, ["...", "...", "..."]),
        ("Korea, North", "57", [0, 0, "..."], [4000.0, 4100.0, 4200.0], ["...", "...", "..."]),
        ("Mauritania", "§", [0, 12.0, 13.0], None, ["...", 1.5, 1.6]),
        ("Afghanistan", "2", [10.0, 11.0, 0], None, ["...", "...", "..."]),
        ("Russia", "83", [0, 0, 7.0], [137.3, 138.3, 700.0], ["...", "...", 0.04]),
        ("German Democratic Republic", "74", [0, "xxx", "xxx"], [21.6, "xxx", "xxx"], ["..."] * 3),
    ]
    for sheet in MILEX_MEASURES.values():
        ws = wb[sheet]
        for name, notes, dollars, local, other in rows:
            cells = other if sheet not in CURRENCY_SHEETS else dollars
            if local is not None and sheet.startswith("Local"):
                cells = local
            _country(ws, sheet, name, "Units", notes, cells)
    for number, text in FOOTNOTES.items():
        wb["Footnotes"].append([number, None, text])


@pytest.fixture
def zeros(tmp_path: Path) -> pd.DataFrame:
    return parse_milex_workbook(make_workbook(tmp_path / "zeros.xlsx", extra=_zeros))


def test_milex_markings_say_why_a_value_is_missing(milex: pd.DataFrame) -> None:
    assert pd.isna(_cell(milex, "constant_usd", "France", 2000).marking)  # a figure
    assert _cell(milex, "constant_usd", "France", 2001).marking == "unavailable"
    assert _cell(milex, "current_usd", "USSR", 2001).marking == "not existing"
    assert _cell(milex, "per_capita", "Israel", 2002).marking == "unavailable"


def test_milex_zero_of_a_state_without_armed_forces_stays_zero_with_its_note(
    zeros: pd.DataFrame,
) -> None:
    for measure in ("constant_usd", "current_usd", "local_currency"):
        row = _cell(zeros, measure, "Costa Rica", 2000)
        assert row.value == 0.0 and not row.unavailable
        assert row.marking == "no military expenditure (SIPRI note 37)"


def test_milex_zero_beside_a_local_currency_figure_is_unavailable(zeros: pd.DataFrame) -> None:
    """North Korea: SIPRI gives local currency only ("no figures are provided for
    spending in current US$", note 57), and its current US$ cells hold 0."""
    dollars = _cell(zeros, "current_usd", "Korea, North", 2000)
    assert pd.isna(dollars.value) and dollars.unavailable
    assert dollars.marking == ZERO_BESIDE_FIGURE
    assert _cell(zeros, "local_currency", "Korea, North", 2000).value == 4000.0
    russia = _cell(zeros, "current_usd", "Russia", 2001)
    assert pd.isna(russia.value) and russia.marking == ZERO_BESIDE_FIGURE


def test_milex_zero_in_every_sheet_without_a_no_armed_forces_note_is_unavailable(
    zeros: pd.DataFrame,
) -> None:
    """Mauritania's footnote is only the adopted-budget mark; Afghanistan's note says
    "No military expenditure data is available", which is not "no armed forces"."""
    for country, year in (("Mauritania", 2000), ("Afghanistan", 2002)):
        for measure in ("constant_usd", "current_usd", "local_currency_financial_years"):
            row = _cell(zeros, measure, country, year)
            assert pd.isna(row.value) and row.unavailable, (country, measure)
            assert row.marking == ZERO_UNNOTED
    assert _cell(zeros, "current_usd", "Mauritania", 2001).value == 12.0
    assert not (zeros.value == 0).loc[zeros.country != "Costa Rica"].any()


def test_milex_former_states_get_the_key_of_the_dated_crosswalk(zeros: pd.DataFrame) -> None:
    keys = zeros.drop_duplicates("country").set_index("country")
    assert keys.state.to_dict() == {
        "France": "FRA",
        "USSR": "RUS",
        "Israel": "ISR",
        "Costa Rica": "CRI",
        "Korea, North": "PRK",
        "Mauritania": "MRT",
        "Afghanistan": "AFG",
        "Russia": "RUS",
        "German Democratic Republic": "DDR",
    }
    assert pd.isna(keys.iso3["USSR"]) and pd.isna(keys.iso3["German Democratic Republic"])


def test_state_years_take_the_former_state_row_while_it_exists(zeros: pd.DataFrame) -> None:
    """USSR and Russia are both RUS: the USSR row wins while SIPRI does not mark
    it 'xxx' (2000), Russia's row after (2001, 2002); one row per state-year."""
    rows = sipri_milex_state_years(zeros)
    assert not rows.duplicated(["state", "year", "measure"]).any()
    russia = rows[(rows.state == "RUS") & (rows.measure == "current_usd")].set_index("year")
    assert russia.country.to_dict() == {2000: "USSR", 2001: "Russia", 2002: "Russia"}
    assert russia.value[2000] == 50.0 and pd.isna(russia.value[2001])
    assert russia.value[2002] == 7.0
    wide = sipri_milex_wide(zeros, {"current_usd": "usd", "share_of_gdp": "pct"})
    rus = wide[wide.state == "RUS"].set_index("year")
    assert rus.usd.tolist()[0] == 50.0 and rus.pct[2002] == pytest.approx(4.0)
    ddr = wide[wide.state == "DDR"].set_index("year")
    assert ddr.usd.isna().all()  # its 0 stands for no conversion, then 'xxx'


def test_state_years_refuse_a_cached_table_whose_zeros_were_never_read(
    zeros: pd.DataFrame,
) -> None:
    old = zeros.drop(columns=["state", "marking"]).assign(value=lambda f: f.value.fillna(0.0))
    with pytest.raises(DataNotAvailableError, match="older release") as caught:
        sipri_milex_state_years(old)
    assert "allied data import sipri-milex" in str(caught.value)
    without_zeros = zeros.drop(columns=["state", "marking"]).dropna(subset=["value"])
    without_zeros = without_zeros[without_zeros.value != 0]
    keyed = sipri_milex_state_years(without_zeros)
    assert set(keyed.state) == {"FRA", "RUS", "ISR", "PRK", "MRT", "AFG", "DDR"}


def test_import_the_single_workbook_file(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An .xlsx is itself a zip: importing the file alone must read it, not unpack it."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "cache"))
    published = workbook.rename(tmp_path / "SIPRI-Milex-data-1949-2024.xlsx")
    renamed = tmp_path / "milex.xlsx"
    renamed.write_bytes(published.read_bytes())
    archive = tmp_path / "sipri.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(published, f"sipri/{published.name}")
    for path in (published, renamed, archive):
        record = sources.import_dataset("sipri-milex", path)
        assert record.files[0].rows == len(MILEX_MEASURES) * 3 * len(YEARS), path.name
        france = sources.load("sipri-milex")
        assert france.loc[france.country == "France", "value"].max() == 300.0


def test_a_pull_does_not_unpack_the_downloaded_workbook(workbook: Path, tmp_path: Path) -> None:
    """After a download, zip archives are extracted, but not a workbook (itself a zip)."""
    folder = tmp_path / "download"
    folder.mkdir()
    workbook.rename(folder / "SIPRI-Milex-data-1949-2024.xlsx")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as bundle:
        bundle.writestr("readme.txt", "an archive")
    _extract_archives(sources.dataset("sipri-milex"), folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "SIPRI-Milex-data-1949-2024.xlsx",
        "bundle-unpacked",
        "bundle.zip",
    ]


# -- arms transfers trade register -------------------------------------------

PREAMBLE = (
    "Transfers of major conventional arms from All countries  to All countries . Deals with\n"
    "A '?' in a column indicates uncertain data.\n"
    "\n"
    "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
)
DEALS = (
    "Australia,United States,2009,,72,,F-35A Lightning-2,FGA aircraft,72,,"
    "2014; 2018,New,Project Air-6000,55,3960,3960\n"
    "Afghanistan,Soviet Union,1978,?,508,?,D-30 122mm,towed gun,508,?,1978; 1979,New,,0.35,177.8,"
    "177.8\n"
    "NATO**,Turkiye,2019,,,,Hisar,SAM system,2,?,2020,New,,1.5,,3\n"
)


def make_register(path: Path, deals: str = DEALS, *, encoding: str = "utf-8") -> Path:
    path.write_bytes((PREAMBLE + HEADER + deals).encode(encoding))
    return path


def test_trade_register_reads_typed_deals(tmp_path: Path) -> None:
    frame = parse_trade_register(make_register(tmp_path / "trade-register.csv"))
    assert tuple(frame.columns) == TRADE_COLUMNS
    assert len(frame) == 3
    f35 = frame.iloc[0]
    assert f35.recipient == "Australia" and f35.supplier == "United States"
    assert f35.year_of_order == 2009 and not f35.year_of_order_uncertain
    assert f35.number_ordered == 72 and f35.sipri_tiv_for_total_order == 3960.0
    assert f35.years_of_delivery == "2014; 2018"
    assert (f35.recipient_iso3, f35.supplier_iso3) == ("AUS", "USA")
    assert frame.year_of_order.dtype == "Int64"
    assert frame.number_ordered.dtype == "Int64"
    assert frame.sipri_tiv_per_unit.dtype == "float64"
    assert frame.number_delivered_uncertain.dtype == bool


def test_trade_register_uncertainty_missing_values_and_non_states(tmp_path: Path) -> None:
    frame = parse_trade_register(make_register(tmp_path / "trade-register.csv"))
    soviet = frame.iloc[1]
    assert soviet.year_of_order_uncertain and soviet.number_ordered_uncertain
    assert soviet.number_delivered_uncertain
    assert pd.isna(soviet.supplier_iso3)  # a former state, not Russia
    assert pd.isna(soviet.comments)
    nato = frame.iloc[2]
    assert pd.isna(nato.number_ordered) and pd.isna(nato.sipri_tiv_for_total_order)
    assert pd.isna(nato.recipient_iso3) and nato.supplier_iso3 == "TUR"


def test_trade_register_joins_a_comment_cut_by_a_line_break(tmp_path: Path) -> None:
    deals = DEALS + (
        "Thailand,Ukraine,2008,,14,,BTR-3,APC,13,?,2010; 2012,New,Part of deal; delivery delayed\n"
        ",0.25,3.5,3.25\n"
        "Zimbabwe,China,2004,?,5,?,Type-89,APC,5,?,2004,New,ARV version,0.3,1.5,1.5\n"
    )
    frame = parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))
    assert len(frame) == 5
    thailand = frame.iloc[3]
    assert thailand.comments == "Part of deal; delivery delayed"
    assert thailand.sipri_tiv_of_delivered_weapons == 3.25
    assert frame.iloc[4].recipient == "Zimbabwe"


def test_trade_register_keeps_quoted_line_breaks(tmp_path: Path) -> None:
    deals = 'Chile,France,1990,,2,,Exocet,anti-ship missile,2,,1991,New,"first\nsecond",1,2,2\n'
    frame = parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))
    assert frame.iloc[0].comments == "first\nsecond"


def test_trade_register_reads_windows_1252(tmp_path: Path) -> None:
    deals = "Colombia,Türkiye,2020,,1,,X,ship,1,,2021,New,,1,1,1\n"
    path = make_register(tmp_path / "trade-register.csv", deals, encoding="cp1252")
    assert parse_trade_register(path).iloc[0].supplier == "Türkiye"


def test_trade_register_refuses_a_bad_number_naming_row_line_and_column(tmp_path: Path) -> None:
    deals = DEALS.replace("508,?,D-30", "5o8,?,D-30")
    with pytest.raises(InputError) as err:
        parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))
    message = str(err.value)
    assert "trade-register.csv" in message
    assert "row 2 (line 7)" in message  # 4 preamble lines, header on line 5
    assert "column 'Number ordered'" in message
    assert "'5o8'" in message


def test_trade_register_counts_lines_after_a_joined_record(tmp_path: Path) -> None:
    deals = (
        "Thailand,Ukraine,2008,,14,,BTR-3,APC,13,?,2010,New,cut\n"
        ",0.25,3.5,3.25\n"
        "Zimbabwe,China,2004,?,5,?,Type-89,APC,5,?,2004,New,,0.3,1.5,x\n"
    )
    with pytest.raises(InputError) as err:
        parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))
    assert "row 2 (line 8)" in str(err.value)
    assert "column 'SIPRI TIV of delivered weapons'" in str(err.value)


def test_trade_register_refuses_a_fractional_count(tmp_path: Path) -> None:
    deals = DEALS.replace(",72,,F-35A", ",72.5,,F-35A")
    with pytest.raises(InputError, match=r"row 1 \(line 6\), column 'Number ordered'"):
        parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))


def test_trade_register_refuses_a_bad_uncertainty_mark(tmp_path: Path) -> None:
    deals = DEALS.replace("1978,?,508", "1978,yes,508")
    with pytest.raises(InputError, match=r"row 2 \(line 7\), column 'Year of order \?'"):
        parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))


def test_trade_register_refuses_a_truncated_last_line(tmp_path: Path) -> None:
    deals = DEALS + "Zimbabwe,China,2004,?,5\n"
    with pytest.raises(InputError) as err:
        parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))
    assert "row 4 (line 9)" in str(err.value)
    assert "5 fields where the header has 16" in str(err.value)


def test_trade_register_refuses_a_missing_required_value(tmp_path: Path) -> None:
    deals = DEALS.replace("NATO**,Turkiye", ",Turkiye")
    with pytest.raises(InputError, match=r"row 3 \(line 8\), column 'Recipient'"):
        parse_trade_register(make_register(tmp_path / "trade-register.csv", deals))


def test_trade_register_refuses_a_file_without_header(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match=r"other\.csv, lines 1-2"):
        parse_trade_register(path)


def test_trade_register_refuses_a_different_header(tmp_path: Path) -> None:
    path = tmp_path / "trade-register.csv"
    path.write_text(PREAMBLE + HEADER.replace("Weapon description", "Description") + DEALS)
    with pytest.raises(InputError) as err:
        parse_trade_register(path)
    assert "line 5 (header), column 8" in str(err.value)
    assert "'Weapon description'" in str(err.value)
