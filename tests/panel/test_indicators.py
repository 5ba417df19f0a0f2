"""The embedded 2024 defence-economics indicators: coverage, sources, types, published values."""

from __future__ import annotations

import io
from datetime import date
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import yaml

from allied.catalog import members
from allied.errors import InputError
from allied.panel import _indicators as module
from allied.panel import embedded_indicators, indicator_citations
from allied.panel._indicators import COLUMNS, NO_ARMED_FORCES, YEAR

CASE_STUDY_EXTRAS = {"AUS", "CHE", "ISR", "JPN", "KOR", "SGP"}
NUMBERS = ["gdp_usd", "milex_usd", "population", "nato_pct_gdp"]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return embedded_indicators().set_index("iso3")


def nato_members(on: date) -> set[str]:
    return set(members("nato", on=on).state)


def case_study_states() -> set[str]:
    """Every state of every arrangement (all spells) and dyad of the brief's case studies."""
    text = resources.files("allied.report").joinpath("case_studies.yaml").read_text("utf-8")
    states: set[str] = set()
    for study in yaml.safe_load(text):
        states |= set(study.get("dyad", []))
        for arrangement in study["arrangements"]:
            states |= set(members(arrangement).state)
    return states


# ----------------------------------------------------------------------------- coverage


def test_every_nato_member_has_a_row(table: pd.DataFrame) -> None:
    """The 32 allies at the end of 2024, and the allies of today."""
    year_end = nato_members(date(YEAR, 12, 31))
    assert len(year_end) == 32 and year_end <= set(table.index)
    assert nato_members(date.today()) <= set(table.index)


def test_every_case_study_state_has_a_row(table: pd.DataFrame) -> None:
    """US-ROK, Australia-Japan, AUKUS, NATO eFP and every F-35 participant (also
    Türkiye, removed in 2019, and the security cooperation participants Israel
    and Singapore)."""
    needed = case_study_states()
    assert {"KOR", "AUS", "JPN", "ISR", "SGP", "CHE", "TUR"} <= needed
    assert needed <= set(table.index)
    assert set(members("f35_program").state) <= set(table.index)


def test_no_other_states(table: pd.DataFrame) -> None:
    assert set(table.index) == nato_members(date(YEAR, 12, 31)) | CASE_STUDY_EXTRAS
    assert len(table) == 38


# ----------------------------------------------------------------------------- sources


def test_every_figure_has_a_source(table: pd.DataFrame) -> None:
    for column in ["gdp_source", "milex_source", "population_source"]:
        assert table[column].notna().all(), column
        assert (table[column].str.len() > 10).all(), column
    nato = nato_members(date(YEAR, 12, 31))
    assert set(table.index[table.nato_source.notna()]) == nato
    assert set(table.index[table.nato_pct_gdp.notna()]) == nato - NO_ARMED_FORCES


def test_sources_name_publication_publisher_and_year(table: pd.DataFrame) -> None:
    sources = table[[c for c in COLUMNS if c.endswith("_source")]].stack().dropna().unique()
    for text in sources:
        assert any(p in text for p in ("World Bank", "Bank of Korea", "SIPRI", "UN ", "NATO"))
        assert "2024" in text or "2025" in text, text
    assert set(table.gdp_source) == {
        "World Bank, World Development Indicators: GDP (current US$), July 2025",
        "Bank of Korea, National Accounts 2024 (preliminary), March 2025",
    }
    assert table.loc["KOR", "gdp_source"].startswith("Bank of Korea")  # WDI has no 2024 value


def test_citations_are_the_distinct_sources(table: pd.DataFrame) -> None:
    citations = indicator_citations()
    texts = set(table[[c for c in COLUMNS if c.endswith("_source")]].stack().dropna())
    assert {c.text for c in citations} == texts
    assert len({c.key for c in citations}) == len(citations) == 6
    assert all(c.url and c.url.startswith("https://") for c in citations)
    assert citations[0].key == "wdi_gdp_2025"


# ----------------------------------------------------------------------------- types


def test_types() -> None:
    frame = embedded_indicators()
    assert tuple(frame.columns) == COLUMNS
    for column in ["iso3", "name", *(c for c in COLUMNS if c.endswith("_source"))]:
        assert frame[column].dtype == "string", column
    assert frame["year"].dtype == "Int64" and (frame.year == YEAR).all()
    for column in NUMBERS:
        assert frame[column].dtype == "float64", column
    assert frame.iso3.is_unique and frame.iso3.is_monotonic_increasing
    assert (frame[["gdp_usd", "population"]] > 0).all().all()


def test_names_come_from_the_state_table(table: pd.DataFrame) -> None:
    assert table.loc["KOR", "name"] == "South Korea"
    assert table.loc["USA", "name"] == "United States"
    assert table.loc["MKD", "name"] == "North Macedonia"


def test_cached_but_callers_get_a_copy() -> None:
    first = embedded_indicators()
    first.loc[0, "gdp_usd"] = -1.0
    assert (embedded_indicators().gdp_usd > 0).all()
    assert module._table() is module._table()


def test_package_data_holds_the_csv() -> None:
    resource = resources.files("allied.panel").joinpath("data", "indicators.csv")
    assert resource.is_file()


# ----------------------------------------------------------------------------- hand checks


def burden(table: pd.DataFrame, iso3: str) -> float:
    return float(table.loc[iso3, "milex_usd"] / table.loc[iso3, "gdp_usd"] * 100)


def test_military_burden_united_states(table: pd.DataFrame) -> None:
    """SIPRI Fact Sheet (April 2025): US military expenditure US$997 billion in 2024,
    3.4% of GDP; US GDP 2024 US$29.18 trillion (BEA, as in WDI)."""
    assert table.loc["USA", "milex_usd"] == pytest.approx(997e9, rel=0.005)
    assert table.loc["USA", "gdp_usd"] == pytest.approx(29.18e12, rel=0.005)
    assert burden(table, "USA") == pytest.approx(3.4, abs=0.05)


def test_military_burden_poland(table: pd.DataFrame) -> None:
    """SIPRI: Poland spent US$38.0 billion in 2024, 4.2% of GDP; NATO's June 2024
    estimate was 4.12%."""
    assert 4.1 <= burden(table, "POL") <= 4.2
    assert table.loc["POL", "nato_pct_gdp"] == 4.12


@pytest.mark.parametrize(
    ("iso3", "share"), [("ISR", 8.8), ("JPN", 1.4), ("KOR", 2.6), ("CAN", 1.3), ("DEU", 1.9)]
)
def test_military_burden_others(table: pd.DataFrame, iso3: str, share: float) -> None:
    """SIPRI's 2024 shares of GDP (Israel 8.8%, Canada 1.3% in the fact sheet's
    reports; Japan 1.4%, South Korea 2.6%, Germany 1.9% in the database): our
    GDP figures are not SIPRI's, so within 0.2 points."""
    assert burden(table, iso3) == pytest.approx(share, abs=0.2)


FACT_SHEET = {  # US$ billion, 2024, SIPRI Fact Sheet April 2025 as reported on 28-29 April 2025
    "USA": 997, "DEU": 88.5, "GBR": 81.8, "FRA": 64.7, "JPN": 55.3, "KOR": 47.6,
    "ISR": 46.5, "POL": 38.0, "CAN": 29.3,
}  # fmt: skip


@pytest.mark.parametrize(("iso3", "billions"), FACT_SHEET.items())
def test_milex_matches_the_sipri_fact_sheet(
    table: pd.DataFrame, iso3: str, billions: float
) -> None:
    assert table.loc[iso3, "milex_usd"] == pytest.approx(billions * 1e9, rel=0.002)


NATO_JUNE_2024 = {  # 2024 estimates, PR/CP(2024)081, as reported by Ukrainska Pravda, 18 June 2024
    "POL": 4.12, "EST": 3.43, "USA": 3.38, "LVA": 3.15, "GRC": 3.08,
}  # fmt: skip


@pytest.mark.parametrize(("iso3", "share"), NATO_JUNE_2024.items())
def test_nato_share_matches_the_june_2024_release(
    table: pd.DataFrame, iso3: str, share: float
) -> None:
    assert table.loc[iso3, "nato_pct_gdp"] == share


def test_iceland_has_no_armed_forces(table: pd.DataFrame) -> None:
    """SIPRI records 0 for Iceland and NATO's tables leave it out. The list of states
    without armed forces is sourced data in allied.states, not a literal here."""
    from allied.states import without_armed_forces

    assert {s.iso3 for s in without_armed_forces() if s.covers_year(YEAR)} == NO_ARMED_FORCES
    assert NO_ARMED_FORCES & set(table.index) == {"ISL"}
    assert table.loc["ISL", "milex_usd"] == 0
    assert pd.isna(table.loc["ISL", "nato_pct_gdp"])
    assert pd.notna(table.loc["ISL", "nato_source"])


def test_per_capita_figures_are_plausible(table: pd.DataFrame) -> None:
    """GDP per head between US$5,000 and US$150,000 (Luxembourg is near the top):
    catches a figure typed in the wrong unit."""
    per_head = table.gdp_usd / table.population
    assert per_head.between(5_000, 150_000).all(), per_head[~per_head.between(5_000, 150_000)]
    assert per_head.idxmax() == "LUX"


# ----------------------------------------------------------------------------- validation


@pytest.fixture
def rows() -> list[str]:
    path = resources.files("allied.panel").joinpath("data", "indicators.csv")
    return path.read_text("utf-8").splitlines()


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def edit(lines: list[str], iso3: str, column: str, value: str) -> list[str]:
    """The file with one field of one state's row replaced (fields are CSV-quoted)."""
    frame = pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False)
    frame.loc[frame.iso3 == iso3, column] = value
    return frame.to_csv(index=False, lineterminator="\n").splitlines()


def test_the_embedded_file_reads_back(rows: list[str], tmp_path: Path) -> None:
    frame = module._read(write(tmp_path, rows))
    pd.testing.assert_frame_equal(frame, embedded_indicators())


@pytest.mark.parametrize(
    ("iso3", "column", "value", "message"),
    [
        ("USA", "iso3", "XXX", "'XXX' is not an ISO3 code"),
        ("USA", "name", "America", "the name of USA is 'United States'"),
        ("USA", "year", "2023", "the year is 2023"),
        ("USA", "gdp_usd", "-1", "gdp_usd must be a positive number"),
        ("USA", "milex_usd", "0", "milex_usd must be a positive number"),
        ("USA", "population", "", "population must be a positive number"),
        ("USA", "gdp_usd", "lots", "'lots' is not a finite number"),
        ("USA", "gdp_source", "", "the figure has no source"),
        ("USA", "milex_source", "my notes", "unknown source 'my notes'"),
        ("USA", "nato_pct_gdp", "", "a NATO member needs a positive nato_pct_gdp"),
        ("USA", "nato_source", "", "a NATO member needs a nato_source"),
        ("JPN", "nato_pct_gdp", "1.0", "nato_pct_gdp is only for NATO members"),
        ("ISL", "nato_pct_gdp", "0.1", "nato_pct_gdp is only for NATO members"),
        ("JPN", "nato_source", "NATO", "a state outside NATO has no nato_source"),
    ],
)
def test_broken_rows_are_refused(
    rows: list[str], tmp_path: Path, iso3: str, column: str, value: str, message: str
) -> None:
    path = write(tmp_path, edit(rows, iso3, column, value))
    with pytest.raises(InputError, match=message) as error:
        module._read(path)
    line = next(i for i, row in enumerate(rows) if row.startswith(f"{iso3},")) + 1
    assert f"line {line}, field {column}" in str(error.value)


def test_a_second_row_for_a_state_is_refused(rows: list[str], tmp_path: Path) -> None:
    usa = next(row for row in rows if row.startswith("USA,"))
    path = write(tmp_path, [*rows, usa])
    with pytest.raises(InputError, match=f"USA has more than one row .*line {len(rows) + 1},"):
        module._read(path)


def test_a_wrong_header_is_refused(rows: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, [rows[0].replace("milex_usd", "milex"), *rows[1:]])
    with pytest.raises(InputError, match="Use exactly these columns"):
        module._read(path)


# ----------------------------------------------------------------------------- NATO series


def test_nato_series_is_the_edition_of_the_indicators(table: pd.DataFrame) -> None:
    """NATO's 2014-2024 series of the June 2024 release: every ally with armed forces, every
    year, 2023-2024 estimates, and a 2024 column equal to the indicators' (one edition)."""
    from allied.panel import NATO_EDITION, nato_shares

    shares = nato_shares()
    allies = nato_members(date(YEAR, 12, 31)) - NO_ARMED_FORCES
    assert set(shares.iso3) == allies and len(allies) == 31
    assert sorted(set(shares.year)) == list(range(2014, 2025)) and len(shares) == 31 * 11
    assert set(shares.loc[shares.estimate, "year"]) == {2023, 2024}
    latest = shares[shares.year == YEAR].set_index("iso3").nato_pct_gdp
    assert (latest == table.loc[latest.index, "nato_pct_gdp"]).all()
    assert set(shares.nato_source) == set(table.nato_source.dropna())
    assert "17 June 2024" in NATO_EDITION
    shares.loc[0, "nato_pct_gdp"] = -1.0
    assert nato_shares().loc[0, "nato_pct_gdp"] > 0  # a fresh copy each call


def test_nato_series_is_checked_when_read(tmp_path: Path) -> None:
    """A series whose 2024 value is another edition's (Poland 3.79, NATO's August 2025
    figure) is refused: the embedded NATO figures stay one edition."""
    path = tmp_path / "shares.csv"
    text = resources.files("allied.panel").joinpath("data", "nato_share_of_gdp.csv")
    lines = text.read_text("utf-8").splitlines()
    changed = [line.replace("POL,2024,4.12", "POL,2024,3.79") for line in lines]
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"2024 differs from indicators.csv for \['POL'\]"):
        module._read_nato(path)


# ----------------------------------------------------------------------------- old names


def test_the_old_module_still_works_with_a_warning() -> None:
    """``allied.measures.indicators`` (shown in the README before issue 13) is an alias."""
    import allied.measures.indicators as old

    with pytest.warns(DeprecationWarning, match=r"use allied.panel.embedded_indicators"):
        frame = old.indicators()
    pd.testing.assert_frame_equal(frame, embedded_indicators())
    with pytest.warns(DeprecationWarning, match="allied.panel._indicators.EDITIONS"):
        assert old.EDITIONS is module.EDITIONS
    with pytest.warns(DeprecationWarning):
        from allied.measures.indicators import nato_shares

    assert nato_shares is module.nato_shares
    with pytest.raises(AttributeError):
        old.no_such_name  # noqa: B018
