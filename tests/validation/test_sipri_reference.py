"""The SIPRI parsers on SIPRI's own files, against SIPRI's published figures.

Sources: SIPRI Military Expenditure Database 2025
(``sipri/SIPRI-Milex-data-1949-2024.xlsx``) and the SIPRI Arms Transfers
Database trade register generated 2025-03-29
(``sipri/trade-register_1950-2024.csv``), in ``../shared/data``; published
figures from the SIPRI Fact Sheet "Trends in World Military Expenditure, 2024"
(Stockholm International Peace Research Institute, April 2025), as reported
with it on 28 April 2025.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allied.sources._sipri import (
    MILEX_COLUMNS,
    MILEX_MEASURES,
    parse_milex_workbook,
    parse_trade_register,
)

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def milex(shared_data: Path) -> pd.DataFrame:
    return parse_milex_workbook(shared_data / "sipri" / "SIPRI-Milex-data-1949-2024.xlsx")


@pytest.fixture(scope="module")
def trade(shared_data: Path) -> pd.DataFrame:
    return parse_trade_register(shared_data / "sipri" / "trade-register_1950-2024.csv")


def cell(frame: pd.DataFrame, measure: str, country: str, year: int) -> pd.Series:
    rows = frame[(frame.measure == measure) & (frame.country == country) & (frame.year == year)]
    assert len(rows) == 1, f"{measure} {country} {year}"
    return rows.iloc[0]


# -- military expenditure: published figures ---------------------------------


@pytest.mark.parametrize(
    ("country", "billions", "tolerance", "estimate"),
    [
        ("United States of America", 997, 0.5, False),
        ("China", 314, 0.5, True),
        ("Russia", 149, 0.5, True),
        ("Germany", 88.5, 0.05, False),
        ("India", 86.1, 0.05, False),
        ("United Kingdom", 81.8, 0.05, False),
        ("Saudi Arabia", 80.3, 0.05, True),
        ("Israel", 46.5, 0.05, False),
    ],
)
def test_2024_spending_in_current_dollars_matches_the_fact_sheet(
    milex: pd.DataFrame, country: str, billions: float, tolerance: float, estimate: bool
) -> None:
    """SIPRI Fact Sheet "Trends in World Military Expenditure, 2024" (April 2025),
    largest spenders in US$ b. at current prices and exchange rates:
    USA 997, China [314], Russia [149], Germany 88.5, India 86.1, UK 81.8,
    Saudi Arabia [80.3], Israel 46.5 (brackets = SIPRI estimate)."""
    row = cell(milex, "current_usd", country, 2024)
    assert row.unit == "US $m., in current prices"
    assert row.value / 1000 == pytest.approx(billions, abs=tolerance)
    assert bool(row.estimate) == estimate
    assert not row.uncertain


def test_us_2024_spending_to_the_million(milex: pd.DataFrame) -> None:
    """SIPRI Fact Sheet (April 2025): US military expenditure in 2024 was $997
    billion; the workbook holds the unrounded figure, US$ 997 309 m."""
    assert cell(milex, "current_usd", "United States of America", 2024).value == 997_309


@pytest.mark.parametrize(
    ("country", "percent", "tolerance"),
    [
        ("Ukraine", 34, 0.5),
        ("Israel", 8.8, 0.05),
        ("Saudi Arabia", 7.3, 0.05),
        ("Russia", 7.1, 0.1),
        ("Poland", 4.2, 0.05),
        ("United States of America", 3.4, 0.05),
    ],
)
def test_2024_military_burden_matches_the_fact_sheet(
    milex: pd.DataFrame, country: str, percent: float, tolerance: float
) -> None:
    """SIPRI Fact Sheet (April 2025), military expenditure as a share of GDP in
    2024: Ukraine 34%, Israel 8.8%, Saudi Arabia 7.3%, Russia [7.1%], Poland
    4.2%, United States 3.4%. The workbook stores fractions formatted as
    percentages; the parser returns percent, as displayed."""
    row = cell(milex, "share_of_gdp", country, 2024)
    assert row.unit == "percentage of gross domestic product"
    assert row.value == pytest.approx(percent, abs=tolerance)


# -- military expenditure: shape, markers and colours -----------------------


def test_every_data_sheet_is_read(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025 workbook: seven country-by-year
    sheets (five from 1949, per capita and share of government spending from
    1988), 174 rows each (173 states and former states, and the European
    Union), in 14 regions or subregions."""
    assert tuple(milex.columns) == MILEX_COLUMNS
    assert set(milex.sheet) == set(MILEX_MEASURES.values())
    assert milex.groupby("measure").country.nunique().eq(174).all()
    assert len(milex) == 174 * (5 * 76 + 2 * 37) == 78_996
    assert milex.region.nunique() == 14
    assert not milex.region.isna().any()
    per_capita = milex[milex.measure == "per_capita"]
    assert (per_capita.year.min(), per_capita.year.max()) == (1988, 2024)


def test_units_state_the_price_base(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025: "Figures are in US $m., at
    constant 2023 prices and exchange rates" (sheet "Constant (2023) US$")."""
    units = milex.groupby("measure").unit.unique()
    assert list(units["constant_usd"]) == ["US $m., at constant 2023 prices and exchange rates"]
    assert list(units["per_capita"]) == ["current US$"]
    assert cell(milex, "local_currency", "Germany", 2024).unit.startswith("Euro, local currency")
    india = cell(milex, "local_currency_financial_years", "India", 2024)
    assert india.unit == "Rupees, local currency at current prices (financial year Apr-Mar)"


def test_xxx_marks_states_that_no_longer_exist(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025: "xxx" for the USSR from 1992,
    Czechoslovakia from 1993 and the European Union before its first figure
    (2022); the last USSR figure, 1990, is a SIPRI estimate (blue)."""
    for country, year in [("USSR", 1992), ("Czechoslovakia", 1993), ("European Union", 2021)]:
        row = cell(milex, "current_usd", country, year)
        assert row.not_existing and not row.unavailable and pd.isna(row.value)
    ussr = cell(milex, "current_usd", "USSR", 1990)
    assert ussr.value == pytest.approx(219_114, abs=1) and ussr.estimate
    assert cell(milex, "current_usd", "European Union", 2022).value == pytest.approx(900.3, abs=0.1)


def test_years_before_independence_are_unavailable_not_xxx(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025: Slovenia (independent 1991) has
    "..." for 1985 and 1991, not "xxx", and a blue estimate for 1992
    (US$ 281 m.)."""
    for year in (1985, 1991):
        row = cell(milex, "current_usd", "Slovenia", year)
        assert row.unavailable and not row.not_existing
    first = cell(milex, "current_usd", "Slovenia", 1992)
    assert first.value == pytest.approx(281.4, abs=0.1) and first.estimate


def test_red_figures_are_highly_uncertain(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025, sheet "Current US$": Iraq 2004
    (US$ 614 m., after "..." for 2003) and Egypt 2024 (US$ 2396 m.) are in
    red, i.e. highly uncertain."""
    iraq = cell(milex, "current_usd", "Iraq", 2004)
    assert iraq.uncertain and not iraq.estimate
    assert iraq.value == pytest.approx(613.7, abs=0.1)
    assert cell(milex, "current_usd", "Iraq", 2003).unavailable
    egypt = cell(milex, "current_usd", "Egypt", 2024)
    assert egypt.uncertain and egypt.value == pytest.approx(2396.2, abs=0.1)


def test_notes_and_state_codes(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025: the Notes column holds footnote
    symbols and numbers (United States 44; Algeria §4, adopted budget); former
    states and the EU have no ISO3 code."""
    assert cell(milex, "current_usd", "United States of America", 2024).notes == "44"
    assert cell(milex, "current_usd", "Algeria", 2024).notes == "§4"
    codes = milex.drop_duplicates("country").set_index("country").iso3
    assert codes["Russia"] == "RUS" and codes["Türkiye"] == "TUR"
    assert codes["Korea, South"] == "KOR" and codes["Congo, DR"] == "COD"
    unresolved = set(codes[codes.isna()].index)
    assert unresolved == {
        "USSR",
        "Czechoslovakia",
        "German Democratic Republic",
        "Yugoslavia",
        "Yemen, North",
        "European Union",
    }


# -- arms transfers trade register -------------------------------------------


def test_trade_register_has_every_deal(trade: pd.DataFrame) -> None:
    """SIPRI Arms Transfers Database, trade register 1950-2024 (generated
    2025-03-29): 28 349 lines after the header, of which two are the second
    halves of deals whose comment holds a line break: 28 347 deals."""
    assert len(trade) == 28_347
    assert trade.year_of_order.notna().all()
    assert set(trade.status) == {"New", "Second hand", "Second hand but modernized"}


def test_australia_f35_order(trade: pd.DataFrame) -> None:
    """SIPRI trade register: Australia ordered 72 F-35A Lightning-2 FGA aircraft
    from the United States in 2009 ('Project Air-6000'), all 72 delivered
    2014-2024, at 55 TIV per unit (3960 TIV)."""
    deal = trade[
        (trade.recipient == "Australia") & (trade.weapon_designation == "F-35A Lightning-2")
    ]
    assert len(deal) == 1
    row = deal.iloc[0]
    assert (row.supplier, row.supplier_iso3, row.recipient_iso3) == ("United States", "USA", "AUS")
    assert (row.year_of_order, row.number_ordered, row.number_delivered) == (2009, 72, 72)
    assert row.sipri_tiv_per_unit == 55 and row.sipri_tiv_for_total_order == 3960
    assert row.years_of_delivery.startswith("2014; 2018")


def test_f35_deals_and_uncertain_counts(trade: pd.DataFrame) -> None:
    """SIPRI trade register: 15 F-35 deals with deliveries by 2024, all from the
    United States (13 F-35A, 2 F-35B); Poland's 2020 order of 32 F-35A has 3
    delivered in 2024, marked '?' (uncertain)."""
    f35 = trade[trade.weapon_designation.str.startswith("F-35")]
    assert len(f35) == 15 and set(f35.supplier) == {"United States"}
    assert f35.weapon_designation.value_counts().to_dict() == {
        "F-35A Lightning-2": 13,
        "F-35B Lightning-2": 2,
    }
    poland = f35[f35.recipient == "Poland"].iloc[0]
    assert (poland.year_of_order, poland.number_ordered, poland.number_delivered) == (2020, 32, 3)
    assert poland.number_delivered_uncertain and not poland.year_of_order_uncertain


def test_deals_split_over_two_lines_are_joined(trade: pd.DataFrame) -> None:
    """SIPRI trade register (generated 2025-03-29), lines 24 453-24 454 and
    26 843-26 844: Thailand's 2008 order of 14 BTR-3 APCs from Ukraine and the
    UN's 2015 lease of 3 Hermes-900 UAVs from Israel each continue on a second
    line with the TIV columns."""
    btr = trade[
        (trade.recipient == "Thailand")
        & (trade.weapon_designation == "BTR-3")
        & (trade.weapon_description == "APC")
    ].iloc[0]
    assert btr.comments.endswith("redesign for other engines")
    assert (btr.sipri_tiv_per_unit, btr.sipri_tiv_for_total_order) == (0.25, 3.5)
    assert btr.sipri_tiv_of_delivered_weapons == 3.25
    hermes = trade[
        (trade.recipient == "United Nations**") & (trade.weapon_designation == "Hermes-900")
    ].iloc[0]
    assert hermes.sipri_tiv_for_total_order == 9 and pd.isna(hermes.recipient_iso3)


def test_non_state_parties_have_no_state_code(trade: pd.DataFrame) -> None:
    """SIPRI trade register: organizations (``**``), rebel groups (``*``),
    unknown parties and former states get no ISO3 code; Turkiye is TUR."""
    codes = dict(zip(trade.supplier, trade.supplier_iso3, strict=True))
    for name in ("NATO**", "United Nations**", "unknown supplier(s)", "Soviet Union"):
        name_codes = trade.loc[trade.recipient == name, "recipient_iso3"]
        assert pd.isna(codes.get(name, pd.NA)) and name_codes.isna().all()
    assert codes["Turkiye"] == "TUR"
    assert trade.loc[trade.recipient == "Houthi rebels (Yemen)*", "recipient_iso3"].isna().all()
