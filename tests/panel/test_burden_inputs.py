"""Burden inputs from a tiny cache and from the embedded indicators.

The tiny cache holds parsed SIPRI, World Bank and NATO frames (the parsers'
output shape) with round numbers, installed with ``allied.sources._cache.install``.
Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from allied.errors import DataNotAvailableError, InputError, NotFoundError
from allied.measures import BurdenTable, burden_table
from allied.panel import _burden_data as builder
from allied.panel import burden_inputs
from allied.sources import ImportRecord, SourceFile
from allied.sources._cache import install


def measured(*args: Any, **kwargs: Any) -> BurdenTable:
    """The burden table of ``burden_inputs(*args, **kwargs)``."""
    return burden_table(burden_inputs(*args, **kwargs))


def _install(name: str, tables: dict[str, pd.DataFrame]) -> None:
    files = tuple(
        SourceFile(table, "synthetic", "0" * 64, len(frame), known_release=False)
        for table, frame in tables.items()
    )
    install(ImportRecord(name, "test", "2026-01-01T00:00:00+00:00", "tests", files), tables)


_CONSTANT_UNIT = "US $m., at constant 2023 prices and exchange rates"


def _sipri_rows() -> pd.DataFrame:
    # (iso3, year, current US$ m, constant US$ m, share of GDP %, per capita US$)
    data = [
        ("USA", 2023, 900_000.0, 916_000.0, 3.36, 2700.0),
        ("USA", 2024, 997_000.0, 970_000.0, 3.4, 2900.0),
        ("FIN", 2023, 6_000.0, 6_000.0, 2.0, 1100.0),
        ("FIN", 2024, 7_000.0, 6_800.0, 2.3, 1250.0),
        ("SWE", 2023, 8_000.0, 8_000.0, 1.4, 760.0),
        ("SWE", 2024, 12_000.0, 11_700.0, 2.0, 1140.0),
        ("DEU", 2024, 88_000.0, 85_000.0, 1.9, 1040.0),
        ("ISL", 2024, 0.0, 0.0, np.nan, np.nan),
    ]
    units = {
        "current_usd": "US $m., in current prices",
        "constant_usd": _CONSTANT_UNIT,
        "share_of_gdp": "percentage of gross domestic product",
        "per_capita": "current US$",
    }
    rows = []
    for iso3, year, current, constant, share, per_capita in data:
        values = dict(zip(units, (current, constant, share, per_capita), strict=True))
        for measure, value in values.items():
            rows.append(
                {
                    "country": iso3,
                    "iso3": iso3,
                    "measure": measure,
                    "unit": units[measure],
                    "year": year,
                    "value": value,
                }
            )
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    # as the parser marks Iceland's 0 (SIPRI note 86: no standing army)
    frame["marking"] = frame["value"].eq(0).map({True: "no military expenditure", False: None})
    return frame


WORLD_BANK = pd.DataFrame(
    {
        "country": ["United States", "Finland", "Sweden", "Germany", "World"],
        "code": ["USA", "FIN", "SWE", "DEU", "WLD"],
        "iso3": ["USA", "FIN", "SWE", "DEU", None],
        "year": pd.array([2023, 2023, 2023, 2023, 2023], dtype="Int64"),
        "gdp_usd_current": [2.7e13, 3.0e11, 5.8e11, 4.5e12, 1.0e14],
    }
)

NATO_SHARE = pd.DataFrame(
    {
        "country": ["United States", "United States", "Finland", "Germany", "NATO Total"],
        "iso3": ["USA", "USA", "FIN", "DEU", None],
        "year": pd.array([2023, 2024, 2023, 2024, 2024], dtype="Int64"),
        "milex_share_gdp_pct": [3.2, 3.38, 2.45, 2.12, 2.7],
        "estimate": [False, True, False, True, True],
    }
)

NATO_DETAIL = pd.DataFrame(
    {
        "iso3": ["USA", "DEU"],
        "year": pd.array([2019, 2019], dtype="Int64"),
        "milex_usd_current": [7.3e11, 5.4e10],
        "equipment_share_pct": [28.0, 16.0],
    }
)


@pytest.fixture
def burden_cache(empty_cache: Path) -> Path:
    """SIPRI, World Bank and NATO frames for 2019, 2023 and 2024 (round numbers)."""
    _install("sipri-milex", {"expenditure": _sipri_rows()})
    _install("world-bank-gdp", {"gdp": WORLD_BANK})
    _install("nato-expenditure", {"expenditure": NATO_DETAIL, "share_of_gdp": NATO_SHARE})
    return empty_cache


def _row(table: BurdenTable, iso3: str, year: int) -> pd.Series:
    frame = table.frame
    found = frame[(frame["iso3"] == iso3) & (frame["year"] == year)]
    assert len(found) == 1, (iso3, year)
    return found.iloc[0]


def test_members_by_year_follow_the_catalog(burden_cache: Path) -> None:
    table = measured("nato", years="2022-2024")
    counts = table.frame.groupby("year").size().to_dict()
    # 30 allies at the end of 2022; Finland joined on 4 April 2023, Sweden on 7 March 2024
    assert counts == {2022: 30, 2023: 31, 2024: 32}
    in_year = table.frame.groupby("iso3")["year"].apply(list).to_dict()
    assert in_year["FIN"] == [2023, 2024]
    assert in_year["SWE"] == [2024]
    assert table.membership == "31 December of each year"
    assert table.arrangement == "nato"
    # one date for every year: today's members back in time
    fixed = measured("nato", years="2022-2024", on=date(2024, 12, 31))
    assert fixed.frame.groupby("year").size().tolist() == [32, 32, 32]
    assert fixed.membership == "2024-12-31"


def test_sipri_table_values(burden_cache: Path) -> None:
    table = measured("nato", years="2023-2024")
    usa = _row(table, "USA", 2023)
    assert usa["name"] == "United States"
    assert usa["milex_usd"] == pytest.approx(9.0e11)  # US$ 900,000 m
    assert usa["milex_usd_constant"] == pytest.approx(9.16e11)
    assert usa["milex_per_capita_usd"] == 2700.0
    assert usa["gdp_usd"] == 2.7e13
    assert usa["gdp_source"] == "world-bank"
    assert usa["milex_pct_gdp"] == pytest.approx(100 * 9e11 / 2.7e13)  # 3.33
    assert usa["sipri_pct_gdp"] == 3.36
    assert usa["nato_pct_gdp"] == 3.2  # NATO's figure beside SIPRI's
    # FIN 2023: 6e9 / 3e11 = 2 %; NATO says 2.45 % and decides the guideline
    fin = _row(table, "FIN", 2023)
    assert fin["milex_pct_gdp"] == pytest.approx(2.0)
    assert fin["meets_2pct"] and fin["guideline_basis"] == "nato"
    # 2024: no World Bank figure, GDP implied by SIPRI: 997,000 m / 3.4 %
    usa24 = _row(table, "USA", 2024)
    assert usa24["gdp_source"] == "sipri-implied"
    assert usa24["gdp_usd"] == pytest.approx(997_000e6 / 0.034)
    assert usa24["milex_pct_gdp"] == pytest.approx(3.4)
    assert bool(usa24["nato_estimate"])
    assert table.sources == ("sipri-milex", "world-bank-gdp", "nato-expenditure")
    assert any("constant 2023 prices" in note for note in table.notes)


def test_missing_data_are_na_not_zero(burden_cache: Path) -> None:
    table = measured("nato", years="2023-2024")
    fra = _row(table, "FRA", 2024)  # no figures at all in the tiny cache
    for column in ("milex_usd", "gdp_usd", "milex_pct_gdp", "nato_pct_gdp", "gap_3_5_usd"):
        assert pd.isna(fra[column]), column
    assert pd.isna(fra["meets_2pct"])
    # Iceland: SIPRI's 0 is kept, but with no GDP (share unavailable) everything else is NA
    isl = _row(table, "ISL", 2024)
    assert isl["milex_usd"] == 0.0
    assert pd.isna(isl["gdp_usd"]) and pd.isna(isl["milex_pct_gdp"])
    # Sweden in 2023 is not a member: no row
    assert not ((table.frame["iso3"] == "SWE") & (table.frame["year"] == 2023)).any()


def test_gdp_choices(burden_cache: Path) -> None:
    wb = measured(states=["USA"], years="2023-2024", gdp="world-bank")
    assert pd.isna(_row(wb, "USA", 2024)["gdp_usd"])
    implied = measured(states=["USA"], years="2023-2024", gdp="sipri")
    assert _row(implied, "USA", 2023)["gdp_usd"] == pytest.approx(900_000e6 / 0.0336)
    assert _row(implied, "USA", 2023)["gdp_source"] == "sipri-implied"
    assert "world-bank-gdp" not in implied.sources
    # with SIPRI's own GDP the computed share is SIPRI's share
    assert _row(implied, "USA", 2023)["milex_pct_gdp"] == pytest.approx(3.36)


def test_explicit_states(burden_cache: Path) -> None:
    table = measured(states="USA, Finland", years=2023)
    assert table.frame["iso3"].tolist() == ["USA", "FIN"]
    assert table.arrangement is None and table.membership == "states given"
    # shares over the two: 9e11 / (9e11 + 6e9)
    assert _row(table, "USA", 2023)["milex_share"] == pytest.approx(9e11 / 9.06e11)


def test_nato_source(burden_cache: Path) -> None:
    table = measured("nato", years="2023-2024", source="nato")
    usa = _row(table, "USA", 2023)
    # milex = NATO's 3.2 % of World Bank GDP 2.7e13
    assert usa["milex_usd"] == pytest.approx(0.032 * 2.7e13)
    assert usa["milex_pct_gdp"] == pytest.approx(3.2)
    assert usa["sipri_pct_gdp"] == 3.36  # SIPRI beside it, since it is cached
    # 2024: NATO's estimate decides the guideline even without GDP
    deu = _row(table, "DEU", 2024)
    assert pd.isna(deu["gdp_usd"]) and pd.isna(deu["milex_usd"])
    assert deu["meets_2pct"] and deu["guideline_basis"] == "nato"
    assert table.sources == ("sipri-milex", "world-bank-gdp", "nato-expenditure")


def test_nato_equipment_share(burden_cache: Path) -> None:
    # states given are no arrangement: NATO's guidelines only when asked for
    table = measured(states=["USA", "DEU"], years=2019, source="nato", guidelines="nato")
    assert table.frame["equipment_share_pct"].tolist() == [28.0, 16.0]
    assert table.frame["meets_20pct_equipment"].tolist() == [True, False]
    untested = measured(states=["USA", "DEU"], years=2019, source="nato")
    assert untested.frame["meets_20pct_equipment"].isna().all()
    assert untested.frame["meets_2pct"].isna().all() and untested.guidelines == ()
    assert any("no spending guideline applies to the states given" in n for n in untested.notes)


def test_sipri_without_nato_cached(empty_cache: Path) -> None:
    _install("sipri-milex", {"expenditure": _sipri_rows()})
    _install("world-bank-gdp", {"gdp": WORLD_BANK})
    table = measured(states=["USA"], years=2023, guidelines="nato")
    assert table.sources == ("sipri-milex", "world-bank-gdp")
    assert table.frame["nato_pct_gdp"].isna().all()
    assert table.frame["guideline_basis"].tolist() == ["computed"]


def test_uncached_data_raise(empty_cache: Path) -> None:
    with pytest.raises(DataNotAvailableError, match="sipri-milex"):
        burden_inputs("nato", years=2024)
    _install("sipri-milex", {"expenditure": _sipri_rows()})
    with pytest.raises(DataNotAvailableError, match="world-bank-gdp"):
        burden_inputs("nato", years=2024)
    with pytest.raises(DataNotAvailableError, match="nato-expenditure"):
        burden_inputs("nato", years=2024, source="nato")


def test_burden_inputs_input_errors(burden_cache: Path) -> None:
    with pytest.raises(InputError, match="neither"):
        burden_inputs(years=2024)
    with pytest.raises(InputError, match="both"):
        burden_inputs("nato", states=["USA"])
    with pytest.raises(InputError, match="unknown source"):
        burden_inputs("nato", source="imf")
    with pytest.raises(InputError, match="unknown GDP"):
        burden_inputs("nato", gdp="oecd")
    with pytest.raises(NotFoundError):
        burden_inputs("natoo")
    with pytest.raises(NotFoundError):
        burden_inputs(states=["Narnia"])
    with pytest.raises(InputError, match="cannot read years"):
        burden_inputs("nato", years="last decade")
    with pytest.raises(InputError, match="membership date"):
        burden_inputs(states=["USA"], on=date(2024, 1, 1))


def test_burden_table_summary_and_citations(burden_cache: Path) -> None:
    table = measured("nato", years="2023-2024")
    text = table.summary()
    assert "2023: 31 members" in text and "2024: 32 members" in text
    assert "sources: sipri-milex; world-bank-gdp; nato-expenditure" in text
    keys = [c.key for c in table.citations()]
    assert keys[:3] == ["sipri-milex", "world-bank-gdp", "nato-expenditure"]
    assert "nato:1" in keys  # the catalog's sources for the membership dates
    # the sources of each guideline tested, then of the members without armed forces
    assert {"nato:two_percent_gdp:1", "nato:hague_core_3_5_percent:1"} <= set(keys)
    assert keys[-2:] == ["no_armed_forces:ISL:1", "no_armed_forces:ISL:2"]
    texts = " ".join(c.text for c in table.citations())
    assert "SIPRI" in texts and "World Bank" in texts and "Hague" in texts
    by_year = table.by_year()
    assert by_year["members"].tolist() == [31, 32]
    pd.testing.assert_frame_equal(table.to_frame(), table.frame)
    assert table.to_frame() is not table.frame
    assert len(table) == 63


def test_embedded_source_uses_the_indicators(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = pd.DataFrame(
        {
            "iso3": ["USA", "GBR"],
            "name": ["United States", "United Kingdom"],
            "year": [2024, 2024],
            "gdp_usd": [2.9e13, 3.6e12],
            "milex_usd": [9.97e11, 8.2e10],
            "population": [3.4e8, 6.9e7],
            "nato_pct_gdp": [3.38, 2.33],
            "gdp_source": ["World Bank WDI", "World Bank WDI"],
            "milex_source": ["SIPRI 2025", "SIPRI 2025"],
            "nato_source": ["NATO 2024", "NATO 2024"],
        }
    )
    monkeypatch.setattr(builder, "embedded_indicators", lambda: rows.copy())
    table = measured(states=["USA", "GBR"], source="embedded")
    assert table.frame["year"].tolist() == [2024, 2024]
    assert table.sources == ("World Bank WDI", "SIPRI 2025", "NATO 2024")
    # 9.97e11 / 3.4e8 per person
    assert table.frame["milex_per_capita_usd"].iloc[0] == pytest.approx(9.97e11 / 3.4e8)
    assert [c.text for c in table.citations()][:3] == ["World Bank WDI", "SIPRI 2025", "NATO 2024"]


def test_embedded_source_real_indicators() -> None:
    table = measured("nato", source="embedded")
    assert len(table) == 32 and set(table.frame["year"]) == {2024}
    assert table.frame["milex_usd"].notna().all()
    assert table.frame["milex_share"].sum() == pytest.approx(1.0)


def test_seato_1962_is_not_tested_against_nato_guidelines(empty_cache: Path) -> None:
    """The issue's case: ``burden table --arrangement seato --years 1960-1962`` tested 1962
    SEATO against NATO's 2 % guideline and the 2025 Hague target."""
    sipri = pd.DataFrame(
        {
            "country": ["USA", "USA", "GBR", "GBR"],
            "iso3": ["USA", "USA", "GBR", "GBR"],
            "measure": ["current_usd", "share_of_gdp"] * 2,
            "unit": ["US $m., in current prices", "percentage of gross domestic product"] * 2,
            "year": pd.array([1962] * 4, dtype="Int64"),
            "value": [52_000.0, 9.0, 5_600.0, 6.9],
        }
    )
    _install("sipri-milex", {"expenditure": sipri})
    table = measured("seato", years=1962, gdp="sipri")
    usa = _row(table, "USA", 1962)
    assert usa["milex_pct_gdp"] == pytest.approx(9.0)  # the data are there ...
    assert pd.isna(usa["meets_2pct"]) and pd.isna(usa["gap_3_5_usd"])  # ... the tests are not
    assert table.guidelines == ()
    assert table.by_year()["judged_2pct"].tolist() == [0]
    assert any("no spending guideline applies to seato" in note for note in table.notes)
    assert "2% guideline not tested; gap to 3.5% not tested" in table.summary()
