"""Partner-fit indicators against dyad-years worked by hand from the publishers' files.

Three dyad-years (United States-Australia 2018, Poland-Germany 2010,
Greece-Turkey 2000) from :func:`allied.models.dyad_indicators`, each indicator
recomputed here from the raw files in ``../shared/data`` (never through the
cache or the library's parsers), each test naming its source; then
plausibility checks on facts an analyst knows. Every test skips when the data
folder is absent.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.catalog import Kind, load_catalog
from allied.models import (
    INDICATORS,
    PartnerIndicators,
    focal_indicators,
    partner_indicators,
    voting_power,
)
from allied.models._partner_indicators import (
    NEW_BILATERAL_COST,
    PRODUCTION_SLOPE,
    REFERENCE_UNITS,
    SHARED_KINDS,
)
from allied.panel import partner_inputs

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@dataclass(frozen=True)
class Case:
    """A dyad-year and the names its states go by in each file."""

    iso: tuple[str, str]
    cow: tuple[int, int]
    year: int
    sipri_milex: tuple[str, str]
    sipri_trade: tuple[str, str]


CASES = [
    Case(("USA", "AUS"), (2, 900), 2018, ("United States of America", "Australia"),
         ("United States", "Australia")),
    Case(("POL", "DEU"), (290, 255), 2010, ("Poland", "Germany"), ("Poland", "Germany")),
    Case(("GRC", "TUR"), (350, 640), 2000, ("Greece", "Türkiye"), ("Greece", "Turkiye")),
]  # fmt: skip
IDS = ["USA-AUS-2018", "POL-DEU-2010", "GRC-TUR-2000"]


@pytest.fixture(scope="module")
def years(partner_cache: Path) -> Iterator[dict[int, PartnerIndicators]]:
    """The directed indicators of 2000, 2010 and 2018, computed once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(partner_cache))
        yield {
            year: partner_indicators(partner_inputs(year, directed=True))
            for year in sorted({case.year for case in CASES})
        }


def _row(years: dict[int, PartnerIndicators], case: Case) -> pd.Series:
    frame = years[case.year].frame
    chosen = frame[(frame["ccode1"] == case.cow[0]) & (frame["ccode2"] == case.cow[1])]
    assert len(chosen) == 1
    return chosen.iloc[0]


# --------------------------------------------------------------------------- raw files


@cache
def _csv(relative: str, **options: object) -> pd.DataFrame:
    return pd.read_csv(SHARED / relative, **options)  # type: ignore[call-overload, no-any-return]


def _gdp(iso: str, year: int) -> float:
    table = _csv("worldbank/gdp_current_usd.csv")
    rows = table[(table["Country Code"] == iso) & (table["Year"] == year)]
    return float(rows["Value"].iloc[0])


@cache
def _milex_sheet() -> pd.DataFrame:
    return pd.read_excel(SHARED / "sipri/SIPRI-Milex-data-1949-2024.xlsx", "Constant (2023) US$",
                         header=5)  # fmt: skip


def _milex(country: str, year: int) -> float:
    """SIPRI military expenditure in constant (2023) US$ (the sheet is in US$ m)."""
    sheet = _milex_sheet()
    return float(sheet.loc[sheet["Country"] == country, year].iloc[0]) * 1e6


def _cinc(ccode: int, year: int) -> float:
    table = _csv("nmc/nmc7_0_ccode_year.csv")
    return float(table[(table["ccode"] == ccode) & (table["year"] == year)]["cinc"].iloc[0])


def _ideal_point(ccode: int, year: int) -> float:
    table = _csv("unga/IdealpointestimatesAll_Jun2024.csv")
    rows = table[(table["ccode"] == ccode) & (table["session"] == year - 1945)]
    return float(rows["IdealPointAll"].iloc[0])


def _polyarchy(ccode: int, year: int) -> float:
    table = _csv("peacesciencer/isard__cw_democracy.csv.gz")
    return float(
        table[(table["ccode"] == ccode) & (table["year"] == year)]["v2x_polyarchy"].iloc[0]
    )


def _rivals(ccode: int, first: int, last: int) -> set[int]:
    """States in a Thompson strategic rivalry with ``ccode`` ongoing in some year first..last."""
    table = _csv("peacesciencer/peacesciencer__tss_rivalries.csv.gz")
    table = table[(table["start"] <= last) & (table["end"] >= first)]
    return set(table.loc[table["ccode1"] == ccode, "ccode2"]) | set(
        table.loc[table["ccode2"] == ccode, "ccode1"]
    )


def _dispute_years(ccode: int, first: int, last: int) -> pd.DataFrame:
    """COW MID dispute-years (directed, opposite sides) of ``ccode`` in first..last."""
    table = _csv("peacesciencer/peacesciencer__cow_mid_dirdisps.csv.gz")
    chosen = table[(table["ccode1"] == ccode) & table["year"].between(first, last)]
    return chosen[["dispnum", "ccode2", "year"]]


def _main_adversary(ccode: int, first: int, last: int) -> int | None:
    """The state ``ccode`` shared the most MID years with (ties: lowest code)."""
    years = _dispute_years(ccode, first, last).drop_duplicates(["ccode2", "year"])
    if years.empty:
        return None
    counts = years.groupby("ccode2").size()
    return int(counts[counts == counts.max()].index.min())


@cache
def _deliveries() -> pd.DataFrame:
    """SIPRI deals spread over their delivery years, equal shares per listed year."""
    register = _csv("sipri/trade-register_1950-2024.csv", skiprows=11, encoding="latin-1")
    register = register.dropna(subset=["SIPRI TIV of delivered weapons", "Year(s) of delivery"])
    rows = []
    for deal in register.itertuples(index=False):
        listed = [int(y) for y in str(deal[10]).split(";")]
        for year in listed:
            rows.append((deal[1], deal[0], year, float(deal[15]) / len(listed)))
    return pd.DataFrame(rows, columns=["supplier", "recipient", "year", "tiv"])


def _tiv(first: int, last: int, *, supplier: str | None = None, recipient: str | None = None
         ) -> float:  # fmt: skip
    rows = _deliveries()
    rows = rows[rows["year"].between(first, last)]
    if supplier is not None:
        rows = rows[rows["supplier"] == supplier]
    if recipient is not None:
        rows = rows[rows["recipient"] == recipient]
    return float(rows["tiv"].sum())


def _supplier_vector(recipient: str, leave_out: set[str], first: int, last: int) -> pd.Series:
    rows = _deliveries()
    rows = rows[rows["year"].between(first, last) & (rows["recipient"] == recipient)]
    states = ~rows["supplier"].str.endswith("*") & ~rows["supplier"].str.startswith("unknown")
    rows = rows[states & ~rows["supplier"].isin(leave_out)]
    return rows.groupby("supplier")["tiv"].sum()


# --------------------------------------------------------------------------- each source


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gdp_indicators_from_the_world_bank_file(years: dict, case: Case) -> None:
    """World Bank WDI NY.GDP.MKTP.CD (worldbank/gdp_current_usd.csv)."""
    row = _row(years, case)
    first, second = (_gdp(iso, case.year) for iso in case.iso)
    assert row["gdp_log_sum"] == pytest.approx(math.log10(first + second))
    assert row["gdp_ratio_log"] == pytest.approx(abs(math.log10(first / second)))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_milex_indicators_and_savings_from_the_sipri_workbook(years: dict, case: Case) -> None:
    """SIPRI Military Expenditure Database 2025, sheet 'Constant (2023) US$'."""
    row = _row(years, case)
    first, second = (_milex(name, case.year) for name in case.sipri_milex)
    assert row["milex_log_sum"] == pytest.approx(math.log10(first + second))
    assert row["milex_ratio_log"] == pytest.approx(abs(math.log10(first / second)))
    shares = (first / (first + second), second / (first + second))
    development = [1 - share * math.sqrt(2) for share in shares]
    assert row["program_saving_1"] == pytest.approx(development[0])
    assert row["program_saving_min"] == pytest.approx(min(development))
    units = [max(1, round(REFERENCE_UNITS * share)) for share in shares]

    def average(n: int) -> float:  # Wright: unit x costs x**log2(slope)
        return sum(x ** math.log2(PRODUCTION_SLOPE) for x in range(1, n + 1)) / n

    production = [1 - average(sum(units)) / average(n) for n in units]
    assert row["production_saving_2"] == pytest.approx(production[1])
    assert row["production_saving_min"] == pytest.approx(min(production))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cinc_sum_from_nmc_7(years: dict, case: Case) -> None:
    """COW National Material Capabilities 7.0 (nmc/nmc7_0_ccode_year.csv), which runs to 2022."""
    row = _row(years, case)
    assert row["cinc_sum"] == pytest.approx(sum(_cinc(c, case.year) for c in case.cow))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_ideal_point_distance_and_change_from_the_unga_file(years: dict, case: Case) -> None:
    """Bailey, Strezhnev & Voeten, IdealpointestimatesAll_Jun2024.csv (session = year - 1945)."""
    row = _row(years, case)

    def distance(year: int) -> float:
        return abs(_ideal_point(case.cow[0], year) - _ideal_point(case.cow[1], year))

    assert row["ideal_point_distance"] == pytest.approx(distance(case.year))
    assert row["ideal_point_change_10y"] == pytest.approx(
        distance(case.year) - distance(case.year - 10)
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_regime_similarity_from_v_dem_polyarchy(years: dict, case: Case) -> None:
    """V-Dem v2x_polyarchy as isard 0.2.0 packages it (isard__cw_democracy.csv.gz)."""
    row = _row(years, case)
    first, second = (_polyarchy(c, case.year) for c in case.cow)
    assert row["regime_similarity"] == pytest.approx(1 - abs(first - second))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_capital_distance_from_the_cow_capitals(years: dict, case: Case) -> None:
    """Capitals of peacesciencer 1.2.9 (peacesciencer__cow_capitals.csv.gz: the capital held
    on 1 January), great-circle distance by the spherical law of cosines on geosphere's
    sphere of radius 6378.137 km."""
    capitals = pd.read_csv(SHARED / "peacesciencer" / "peacesciencer__cow_capitals.csv.gz")
    first_day = f"{case.year}-01-01"
    held = capitals[(capitals.stdate <= first_day) & (capitals.enddate >= first_day)]
    (lat1, lng1), (lat2, lng2) = (
        np.radians(held.loc[held.ccode == code, ["lat", "lng"]].iloc[0].to_numpy(float))
        for code in case.cow
    )
    cosine = np.sin(lat1) * np.sin(lat2) + np.cos(lat1) * np.cos(lat2) * np.cos(lng1 - lng2)
    kilometres = 6378.137 * np.arccos(cosine)
    row = _row(years, case)
    assert row["capdist_log"] == pytest.approx(math.log10(1 + kilometres), rel=1e-9)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_s_abs_equals_fpsim(years: dict, case: Case) -> None:
    """Miller's fpsim S (sallyva) from ATOP 5.1 (reference/fpsim_atop51_s_unweighted.csv.gz)."""
    table = _csv("reference/fpsim_atop51_s_unweighted.csv.gz")
    chosen = table[
        (table["ccode1"] == case.cow[0])
        & (table["ccode2"] == case.cow[1])
        & (table["year"] == case.year)
    ]
    assert _row(years, case)["s_abs"] == pytest.approx(float(chosen["sallyva"].iloc[0]), abs=1e-6)


def _members(year: int) -> list[int]:
    """COW system members in ``year`` (states alive at the end of 2016 extended through it)."""
    spells = _csv("states/cow_states2016.csv")
    alive = (spells["styear"] <= year) & (
        (spells["endyear"] >= year) | ((spells["endyear"] == 2016) & (year > 2016))
    )
    return sorted(set(spells.loc[alive, "ccode"]))


def _portfolio(ccode: int, year: int, members: list[int]) -> np.ndarray:
    """ATOP valued ties of ``ccode`` to each member: 3 defense/offense, 2 neutrality or
    consultation, 1 non-aggression, 0 none; 3 to itself."""
    ties = _csv("reference/peacesciencer_atop_alliance.csv.gz")
    rows = ties[(ties["ccode1"] == ccode) & (ties["year"] == year)].set_index("ccode2")
    value = np.select(
        [
            (rows["atop_defense"] + rows["atop_offense"]) > 0,
            (rows["atop_neutral"] + rows["atop_consul"]) > 0,
            rows["atop_nonagg"] > 0,
        ],
        [3, 2, 1],
        0,
    )
    tie = pd.Series(value, index=rows.index).reindex(members, fill_value=0)
    tie[ccode] = 3
    return tie.to_numpy(np.float64)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_kappa_by_hand_from_atop_dyad_years(years: dict, case: Case) -> None:
    """Häge's (2011) kappa, 1 - observed / expected quadratic disagreement, of the two ATOP 5.1
    portfolios (reference/peacesciencer_atop_alliance.csv.gz, ATOP's directed dyad-years)."""
    members = _members(case.year)
    first, second = (_portfolio(c, case.year, members) for c in case.cow)
    observed = np.mean((first - second) ** 2)
    expected = np.mean(np.subtract.outer(first, second) ** 2)
    assert _row(years, case)["kappa"] == pytest.approx(1 - observed / expected)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rivalry_from_thompson_rivalries(years: dict, case: Case) -> None:
    """Thompson, Sakuwa & Suhas strategic rivalries (peacesciencer__tss_rivalries.csv.gz)."""
    ongoing = case.cow[1] in _rivals(case.cow[0], case.year, case.year)
    assert _row(years, case)["rivalry"] == float(ongoing)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_dispute_windows_from_cow_mids(years: dict, case: Case) -> None:
    """COW MID 5.0 directed dispute-years (peacesciencer__cow_mid_dirdisps.csv.gz), which end in
    2014 (so a 2018 window holds 2009-2014), and the rivalries for common adversaries."""
    row, (a, b), last = _row(years, case), case.cow, case.year
    first = last - 9
    own = _dispute_years(a, first, last)
    assert row["mids_10y"] == own.loc[own["ccode2"] == b, "dispnum"].nunique()
    adversaries = [
        set(_dispute_years(c, first, last)["ccode2"]) | _rivals(c, first, last) for c in (a, b)
    ]
    assert row["common_adversaries"] == len((adversaries[0] & adversaries[1]) - {a, b})
    mains = [_main_adversary(c, first, last) for c in (a, b)]
    different = None not in mains and mains[0] != mains[1]
    assert row["different_main_adversary"] == float(different)


def test_years_since_dispute_and_recency_from_cow_mids(years: dict) -> None:
    """COW MID 5.0 (peacesciencer__cow_mid_dirdisps.csv.gz): Greece and Turkey's last MID year
    before 2000; no value after 2014, where the data end."""
    greece_turkey, usa_aus = _row(years, CASES[2]), _row(years, CASES[0])
    disputes = _dispute_years(350, 1816, 1999)
    last = int(disputes.loc[disputes["ccode2"] == 640, "year"].max())
    assert greece_turkey["years_since_dispute"] == 2000 - last - 1
    assert greece_turkey["dispute_recency"] == pytest.approx(max(0, 1 - (2000 - last - 1) / 20))
    assert math.isnan(usa_aus["years_since_dispute"]) and math.isnan(usa_aus["dispute_recency"])


def test_arms_windows_of_usa_and_australia_from_the_trade_register(years: dict) -> None:
    """SIPRI Arms Transfers Database trade register (trade-register_1950-2024.csv), deals spread
    equally over their delivery years, 2009-2018."""
    row, (usa, aus) = _row(years, CASES[0]), CASES[0].sipri_trade
    flow = _tiv(2009, 2018, supplier=usa, recipient=aus) + _tiv(
        2009, 2018, supplier=aus, recipient=usa
    )
    assert row["arms_flow_log"] == pytest.approx(math.log10(1 + flow))
    shares = [
        _tiv(2009, 2018, supplier=aus, recipient=usa) / _tiv(2009, 2018, recipient=usa),
        _tiv(2009, 2018, supplier=usa, recipient=aus) / _tiv(2009, 2018, recipient=aus),
    ]
    assert row["import_share_1from2"] == pytest.approx(shares[0])
    assert row["import_share_2from1"] == pytest.approx(shares[1])
    assert row["import_share_max"] == pytest.approx(max(shares))
    assert row["arms_exports_log_1"] == pytest.approx(
        math.log10(1 + _tiv(2009, 2018, supplier=usa))
    )
    assert row["arms_exports_log_max"] == row["arms_exports_log_1"]
    vectors = [_supplier_vector(r, {usa, aus}, 2009, 2018) for r in (usa, aus)]
    both = pd.concat(vectors, axis=1).fillna(0.0).to_numpy()
    cosine = both[:, 0] @ both[:, 1] / np.linalg.norm(both[:, 0]) / np.linalg.norm(both[:, 1])
    assert row["supplier_similarity"] == pytest.approx(cosine)
    assert row["supplier_dissimilarity"] == pytest.approx(1 - cosine)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_catalog_indicators_from_the_catalog_entries(years: dict, case: Case) -> None:
    """The allied catalog's entries (each citing its sources), read arrangement by arrangement
    on 31 December: shared memberships by kind, NATO level, the largest shared arrangement's
    decision cost, export-control regimes."""
    row, on = _row(years, case), date(case.year, 12, 31)
    shared = {}
    for arrangement in load_catalog():
        members = {m.state for m in arrangement.members_on(on)}
        if set(case.iso) <= members and arrangement.kind.is_collaboration:
            shared[arrangement.id] = (arrangement, len(members))
    for name, kinds in SHARED_KINDS.items():
        assert row[name] == sum(a.kind in kinds for a, _ in shared.values()), name
    largest = min(shared.values(), key=lambda pair: (-pair[1], pair[0].id), default=None)
    if largest is None:
        expected = NEW_BILATERAL_COST
    elif largest[0].decision_rule is not None:
        power = voting_power(largest[0].decision_rule)
        expected = 1 - power.winning_coalitions / 2**power.game.n
    else:
        expected = 1 - 2.0 ** -largest[1]
    assert row["decision_cost"] == pytest.approx(expected)
    regimes = [
        a for a in load_catalog() if a.kind is Kind.EXPORT_CONTROL_REGIME and a.members_complete
    ]
    mismatch = sum(
        (case.iso[0] in {m.state for m in a.members_on(on)})
        != (case.iso[1] in {m.state for m in a.members_on(on)})
        for a in regimes
    )
    assert row["export_control_mismatch"] == mismatch


# --------------------------------------------------------------------------- plausibility


def test_the_united_states_and_britain_have_the_closest_portfolios_of_the_usa(
    years: dict,
) -> None:
    """ATOP 5.1: in 2018 Britain's alliance portfolio is among the United States' closest (both
    in NATO and the Rio-era web of US pacts)."""
    usa = years[2018].frame[years[2018].frame["ccode1"] == 2]
    britain = float(usa.loc[usa["ccode2"] == 200, "s_abs"].iloc[0])
    assert britain >= usa["s_abs"].quantile(0.75)


def test_india_and_pakistan_had_disputes_in_the_decade_to_2010(years: dict) -> None:
    """COW MID 5.0: India and Pakistan, MIDs 4277, 4561, 4566 and 4585 in 2001-2010."""
    frame = years[2010].frame
    row = frame[(frame["ccode1"] == 750) & (frame["ccode2"] == 770)].iloc[0]
    assert row["mids_10y"] == 4 and row["rivalry"] == 1


def test_russia_lacks_only_the_australia_group_of_the_us_regimes_in_2018(years: dict) -> None:
    """Australia Group participants (DFAT, https://www.dfat.gov.au/publications/minisite/
    theaustraliagroupnet/site/en/participants.html): the United States since 1985, Russia
    never; both take part in Wassenaar, the MTCR and the NSG (catalog entries)."""
    frame = years[2018].frame
    row = frame[(frame["ccode1"] == 2) & (frame["ccode2"] == 365)].iloc[0]
    assert row["export_control_mismatch"] == 1


def test_a_partial_member_list_makes_no_mismatch(years: dict) -> None:
    """Britain has been an Arms Trade Treaty party since 24 December 2014 (UN Treaty Collection,
    chapter XXVI-8); the United States signed but never ratified. The catalog's ATT list is
    partial, so it is left out: both take part in Wassenaar, the MTCR, the NSG and the
    Australia Group, and their 2018 mismatch is 0."""
    att = load_catalog().get("arms_trade_treaty")
    listed = {m.state for m in att.members_on(date(2018, 12, 31))}
    assert "GBR" in listed and "USA" not in listed and not att.members_complete
    frame = years[2018].frame
    row = frame[(frame["ccode1"] == 2) & (frame["ccode2"] == 200)].iloc[0]
    assert row["export_control_mismatch"] == 0


def test_north_korea_is_under_arms_embargo_with_every_partner(partner_cache: Path) -> None:
    """UN Security Council resolution 1718 (14 October 2006), in force in 2018 (catalog entry
    un_arms_embargo_dprk)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(partner_cache))
        table = focal_indicators("North Korea", year=2018)
    assert len(table) > 190 and (table.frame["arms_embargo"] == 1).all()


def test_every_symmetric_indicator_is_bit_for_bit_the_same_in_both_orders(
    partner_cache: Path,
) -> None:
    """All datasets above, 1960 (where a sum of TIV taken in two orders once differed in its
    last bit, for Guatemala-Nicaragua): scores must not depend on the order of the states."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(partner_cache))
        frame = partner_indicators(partner_inputs(1960, directed=True)).frame
    keyed = frame.set_index(["ccode1", "ccode2"])
    mirrored = keyed.copy()
    mirrored.index = mirrored.index.swaplevel().rename(keyed.index.names)
    mirrored = mirrored.loc[keyed.index]
    symmetric = [i.name for i in INDICATORS if i.symmetric]
    pd.testing.assert_frame_equal(keyed[symmetric], mirrored[symmetric], check_exact=True)
