"""The table parsers on the real files, against published figures.

Files in ``../shared/data``: COW NMC 6.0 and 7.0 (``nmc/``), World Bank WDI
NY.GDP.MKTP.CD as packaged by datasets/gdp (``worldbank/``), Bailey,
Strezhnev & Voeten's UNGA ideal points, June 2024 release (``unga/``), NATO's
2019 defence expenditure tables via the R package passport and a public
transcription of NATO's share-of-GDP table 2014-2024 (``nato/``).

Published figures are cited in each test's docstring. Press-release figures
were checked in the reports of them found with the project's search tool;
where the reference file disagrees with every published edition, the test is
a strict ``xfail`` that names both numbers.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.sources._tables import (
    NMC_COMPONENTS,
    parse_ideal_points,
    parse_nato_expenditure,
    parse_nato_share_of_gdp,
    parse_nmc,
    parse_world_bank_gdp,
)

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def nmc6(shared_data: Path) -> pd.DataFrame:
    return parse_nmc(shared_data / "nmc" / "NMC-60-abridged.csv")


@pytest.fixture(scope="module")
def nmc7(shared_data: Path) -> pd.DataFrame:
    return parse_nmc(shared_data / "nmc" / "nmc7_0_ccode_year.csv")


@pytest.fixture(scope="module")
def gdp(shared_data: Path) -> pd.DataFrame:
    return parse_world_bank_gdp(shared_data / "worldbank" / "gdp_current_usd.csv")


@pytest.fixture(scope="module")
def unga(shared_data: Path) -> pd.DataFrame:
    return parse_ideal_points(shared_data / "unga" / "IdealpointestimatesAll_Jun2024.csv")


@pytest.fixture(scope="module")
def nato(shared_data: Path) -> pd.DataFrame:
    return parse_nato_expenditure(shared_data / "nato" / "nato_defence_expenditure_2012_2019.csv")


@pytest.fixture(scope="module")
def nato_pct(shared_data: Path) -> pd.DataFrame:
    return parse_nato_share_of_gdp(shared_data / "nato" / "nato_pct_gdp_2014_2024e.csv")


def value(frame: pd.DataFrame, column: str, **keys: object) -> float:
    mask = np.logical_and.reduce([frame[k] == v for k, v in keys.items()])
    (result,) = frame.loc[mask, column].tolist()
    return float(result)


# --------------------------------------------------------------------------- NMC


def test_nmc_row_counts_and_coverage(nmc6: pd.DataFrame, nmc7: pd.DataFrame) -> None:
    """Correlates of War Project, NMC v6.0 (1816-2016) and v7.0 (1816-2022)."""
    assert len(nmc6) == 15_951 and (nmc6.year.min(), nmc6.year.max()) == (1816, 2016)
    assert len(nmc7) == 17_121 and (nmc7.year.min(), nmc7.year.max()) == (1816, 2022)


def test_nmc6_missing_codes_are_na(nmc6: pd.DataFrame) -> None:
    """NMC 6.0 codes 2,217 military expenditures (and 968 other components) as -9."""
    assert nmc6.milex.isna().sum() == 2_217
    assert nmc6[list(NMC_COMPONENTS)].isna().sum().sum() == 2_217 + 426 + 26 + 448 + 68
    assert not (nmc6[list(NMC_COMPONENTS)] == -9).any().any()


def test_nmc_known_values(nmc6: pd.DataFrame, nmc7: pd.DataFrame) -> None:
    """The first row of both releases: the United States in 1816 (milex 3,823
    thousand, then British pounds; 8,659 thousand people; CINC 0.0397)."""
    for nmc in (nmc6, nmc7):
        assert value(nmc, "milex", ccode=2, year=1816) == 3823
        assert value(nmc, "tpop", ccode=2, year=1816) == 8659
        assert value(nmc, "cinc", ccode=2, year=1816) == pytest.approx(0.039697491)


# --------------------------------------------------------------------------- World Bank


def test_world_bank_rows_and_codes(gdp: pd.DataFrame) -> None:
    """WDI NY.GDP.MKTP.CD, 1960-2023: 262 economies, of which 194 are states
    known to :mod:`allied.states`; the 68 others are aggregates (WLD, EUU, ...)
    and dependencies (PRI, HKG, ...)."""
    assert len(gdp) == 13_979
    assert (gdp.year.min(), gdp.year.max()) == (1960, 2023)
    codes = gdp.drop_duplicates("code")
    assert len(codes) == 262 and codes.iso3.notna().sum() == 194
    iso3 = dict(zip(codes.code, codes.iso3, strict=True))
    assert iso3["XKX"] == "XKX"  # Kosovo: the World Bank's code is allied.states' code
    assert pd.isna(iso3["WLD"]) and pd.isna(iso3["EUU"]) and pd.isna(iso3["PRI"])


def test_world_bank_usa_2023(gdp: pd.DataFrame) -> None:
    """United States GDP 2023: US$27,360,935 million in this file.

    That is the WDI vintage of mid-2024, which carried the Bureau of Economic
    Analysis' estimate before its comprehensive update of September 2024
    (US$27.36 trillion). WDI releases since then publish US$27.72 trillion
    (27,720,709 million; quoted as "$27.721 trillion in current prices for
    2023" from official data by World Economics,
    https://worldeconomics.com/GDP/United%20States.aspx). The test pins the
    file's vintage, so a newer download fails here and says so.
    """
    usa = value(gdp, "gdp_usd_current", code="USA", year=2023)
    assert usa == pytest.approx(27.360935e12, rel=1e-9), "a newer WDI vintage (27.72e12)?"
    assert value(gdp, "gdp_usd_current", code="WLD", year=2023) > usa


# --------------------------------------------------------------------------- UNGA


def test_unga_rows_sessions_and_years(unga: pd.DataFrame) -> None:
    """Bailey, Strezhnev & Voeten (2017), June 2024 release: 11,238 state-sessions
    of 199 states, sessions 1-78; session s opened in year 1945 + s, and the
    19th session (1964) held no recorded votes."""
    assert len(unga) == 11_238 and unga.ccode.nunique() == 199
    assert sorted(unga.session.unique()) == [s for s in range(1, 79) if s != 19]
    assert (unga.year == unga.session + 1945).all()
    assert (unga.year.min(), unga.year.max()) == (1946, 2023)
    assert 1964 not in set(unga.year)
    assert not unga.duplicated(["ccode", "session"]).any()


def test_unga_known_values(unga: pd.DataFrame) -> None:
    """First row of the file: the United States in session 1 (42 votes, ideal
    point 1.67635), China's seat not yet held by the PRC (no agreement rate)."""
    row = unga[(unga.ccode == 2) & (unga.session == 1)].iloc[0]
    assert row.votes == 42 and row.ideal_point == pytest.approx(1.67635)
    assert row.agree_usa == 1 and pd.isna(row.agree_china)
    assert (unga.ideal_point_q00 <= unga.ideal_point_q50).all()
    assert (unga.ideal_point_q50 <= unga.ideal_point_q100).all()


def test_unga_iso3_is_not_a_key(unga: pd.DataFrame) -> None:
    """The publisher's iso3c gives South Yemen (COW 680) North Yemen's YAR, and
    both Germanys DEU: join on ccode."""
    assert set(unga[unga.ccode == 680].iso3) == {"YAR"}
    assert set(unga[unga.ccode.isin([255, 260])].iso3) == {"DEU"}
    assert unga.duplicated(["iso3", "session"]).sum() == 23


# --------------------------------------------------------------------------- NATO 2012-2019


def test_nato_expenditure_rows(nato: pd.DataFrame) -> None:
    """NATO press release of 25 June 2019: 29 allies, 2012-2019; Iceland has
    no armed forces and no defence figures."""
    assert len(nato) == 232 and nato.iso3.nunique() == 29
    assert sorted(nato.year.unique()) == list(range(2012, 2020))
    iceland = nato[nato.iso3 == "ISL"]
    assert iceland.milex_usd_current.isna().all() and iceland.gdp_usd_2015.notna().all()


NATO_2019_PCT = {  # share of GDP, 2019 estimates
    "USA": 3.42, "GRC": 2.24, "EST": 2.13, "GBR": 2.13, "ROU": 2.04, "POL": 2.01,
    "LVA": 2.01, "LTU": 1.98, "TUR": 1.89, "FRA": 1.84, "LUX": 0.55, "ESP": 0.92,
    "BEL": 0.93,
}  # fmt: skip


@pytest.mark.parametrize(("iso3", "published"), NATO_2019_PCT.items())
def test_nato_2019_share_of_gdp(nato: pd.DataFrame, iso3: str, published: float) -> None:
    """NATO, Defence Expenditure of NATO Countries (2012-2019), press release
    PR/CP(2019)069 of 25 June 2019 (https://www.nato.int/cps/en/natohq/news_167080.htm),
    2019 estimates as reported by Army Recognition, "NATO 2019 budget tops at
    USD 1 trillion" (July 2019): United States 3.42%, Greece 2.24%, ..."""
    assert value(nato, "milex_share_gdp_pct", iso3=iso3, year=2019) == pytest.approx(
        published, abs=0.005
    )


def test_nato_2014_united_states(nato: pd.DataFrame) -> None:
    """Same release: the United States spent 3.73% of GDP, US$654 billion, in 2014."""
    assert value(nato, "milex_share_gdp_pct", iso3="USA", year=2014) == pytest.approx(
        3.73, abs=0.005
    )
    assert value(nato, "milex_usd_current", iso3="USA", year=2014) == pytest.approx(654e9, rel=1e-3)


def test_nato_columns_are_what_their_names_say(nato: pd.DataFrame) -> None:
    """Internal identities of the NATO tables: share of GDP and per-capita
    figures are at 2015 prices, the real change is the change of
    ``milex_usd_2015`` (not a share of GDP), and the category shares sum to 100."""
    share = nato.milex_usd_2015 / nato.gdp_usd_2015 * 100
    np.testing.assert_allclose(share, nato.milex_share_gdp_pct, rtol=1e-9)
    change = nato.groupby("iso3").milex_usd_2015.pct_change() * 100
    np.testing.assert_allclose(change.dropna(), nato.milex_real_change_pct[change.notna()])
    population = nato.gdp_usd_2015 / nato.gdp_per_capita_usd_2015
    np.testing.assert_allclose(nato.milex_usd_2015 / population, nato.milex_per_capita_usd_2015)
    categories = ["equipment_share_pct", "personnel_share_pct"]
    categories += ["infrastructure_share_pct", "other_share_pct"]
    total = nato[categories].sum(axis=1, min_count=4).dropna()
    np.testing.assert_allclose(total, 100, atol=0.01)


# --------------------------------------------------------------------------- NATO 2014-2024


def test_nato_share_rows(nato_pct: pd.DataFrame) -> None:
    """31 allies (Iceland excluded, as in NATO's tables) and 2 aggregates, 2014-2024;
    only 2024 is an estimate."""
    assert len(nato_pct) == 33 * 11
    assert nato_pct.country.nunique() == 33 and nato_pct.iso3.nunique() == 31
    assert set(nato_pct[nato_pct.iso3.isna()].country) == {"NATO Europe and Canada", "NATO Total"}
    assert set(nato_pct[nato_pct.estimate].year) == {2024}


NATO_2014_PCT = {  # share of GDP in 2014, June 2024 edition (2015 prices)
    "Poland": 1.88, "Estonia": 1.93, "United States": 3.71, "Latvia": 0.94, "Greece": 2.22,
    "Lithuania": 0.88, "Finland": 1.45, "Denmark": 1.15, "United Kingdom": 2.14,
    "Romania": 1.35, "North Macedonia": 1.09, "Norway": 1.54, "Bulgaria": 1.31,
    "Sweden": 1.06, "Germany": 1.19, "Hungary": 0.86, "Czechia": 0.94, "Türkiye": 1.45,
    "France": 1.82, "Netherlands": 1.15, "Albania": 1.35, "Montenegro": 1.50,
    "Slovak Republic": 0.98, "Croatia": 1.81, "Portugal": 1.31, "Italy": 1.14,
    "Canada": 1.01, "Belgium": 0.97, "Luxembourg": 0.37, "Slovenia": 0.97, "Spain": 0.92,
}  # fmt: skip


def test_nato_share_2014_matches_the_june_2024_release(nato_pct: pd.DataFrame) -> None:
    """NATO, Defence Expenditure of NATO Countries (2014-2024), press release of
    17 June 2024, 2014 column as charted by Graphic News from NATO and Reuters
    ("NATO allies urged to boost spending", July 2024). Every ally agrees
    within 0.035 points: differences between editions (Estonia 1.90 here,
    1.93 there; Germany 1.16 and 1.19), which the data README calls edition
    noise."""
    ours = nato_pct[nato_pct.year == 2014].set_index("country").milex_share_gdp_pct
    published = pd.Series(NATO_2014_PCT)
    assert set(published.index) == set(ours.dropna().index) - {
        "NATO Europe and Canada",
        "NATO Total",
    }
    np.testing.assert_allclose(ours[published.index], published, atol=0.035)


NATO_2024_PCT = {  # share of GDP in 2024, NATO report of April 2025
    "United Kingdom": 2.33, "Hungary": 2.13, "Czechia": 2.08, "France": 2.03, "Italy": 1.50,
    "Slovenia": 1.37, "Belgium": 1.29, "Estonia": 3.41, "Latvia": 3.39, "United States": 3.19,
    "Lithuania": 3.11, "Türkiye": 2.09, "Slovak Republic": 2.00, "Montenegro": 1.71,
    "Canada": 1.45,
}  # fmt: skip


@pytest.mark.parametrize(("country", "published"), NATO_2024_PCT.items())
def test_nato_share_2024(nato_pct: pd.DataFrame, country: str, published: float) -> None:
    """NATO's figures for 2024 published in April 2025, as listed by knews.media
    ("NATO publishes a report for 2024", 25 April 2025): Estonia 3.41%, Latvia
    3.39%, United States 3.19%, United Kingdom 2.33%, ... The file's 2024e
    column agrees within 0.05 points for these allies (to the hundredth for
    seven of them)."""
    ours = value(nato_pct, "milex_share_gdp_pct", country=country, year=2024)
    assert ours == pytest.approx(published, abs=0.05)


@pytest.mark.xfail(strict=True, reason="the transcription's 2024e disagrees with NATO")
@pytest.mark.parametrize(
    ("country", "published"),
    [("Poland", 4.07), ("Greece", 2.99), ("Albania", 2.04), ("Spain", 1.24)],
)
def test_nato_share_2024_known_disagreements(
    nato_pct: pd.DataFrame, country: str, published: float
) -> None:
    """Poland's 2024 share was 4.12% in NATO's June 2024 press release (as
    reported by Ukrainska Pravda, 18 June 2024, and Graphic News) and 4.07% in
    the April 2025 report (knews.media); the reference file has 3.79. Greece
    (3.08 / 2.99; file 2.74), Albania (2.03 / 2.04; file 1.70) and Spain
    (1.28 / 1.24; file 1.43) differ as much.
    These cannot be edition noise; the test xfails until the file is replaced
    by NATO's own table, and then passes (strict xfail fails to remind us)."""
    found = value(nato_pct, "milex_share_gdp_pct", country=country, year=2024)
    assert found == pytest.approx(published, abs=0.05)
