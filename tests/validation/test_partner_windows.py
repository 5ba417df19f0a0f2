"""The partner-fit windows on the real data, recomputed here from the raw files.

Sources (``../shared/data``; the tests skip without it):

- ``peacesciencer/peacesciencer__cow_mid_dirdisps.csv.gz``: COW MID 5.0 directed
  dyadic dispute-years (Palmer et al. 2022; Miller's conversion, as packaged in
  peacesciencer 1.2.9), read here with pandas alone;
- ``peacesciencer/peacesciencer__tss_rivalries.csv.gz``: Thompson, Sakuwa &
  Suhas (2021) strategic rivalries, as packaged in peacesciencer;
- ``sipri/trade-register_1950-2024.csv``: the SIPRI Arms Transfers Database
  trade register (export of 29 March 2025), read here with ``pandas.read_csv``
  and SIPRI's own supplier and recipient names.

Each expected value is counted by plain Python over those rows (sets,
counters, per-deal shares of the delivery-year lists), not by the code under
test.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.panel import add_arms_windows, add_dispute_windows, arms_windows, dispute_windows

pytestmark = pytest.mark.shared_data

MIDS_FILE = "peacesciencer/peacesciencer__cow_mid_dirdisps.csv.gz"
RIVALRIES_FILE = "peacesciencer/peacesciencer__tss_rivalries.csv.gz"
REGISTER_FILE = "sipri/trade-register_1950-2024.csv"
#: SIPRI names that the COW crosswalk gives one code (the Soviet Union and Russia 365,
#: Yugoslavia and Serbia 345); every other state supplier has a name of its own.
SAME_STATE = {"Soviet Union": "Russia", "Yugoslavia": "Serbia"}


@pytest.fixture(autouse=True)
def _real_data(partner_windows_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads the session's cache of the real datasets."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(partner_windows_cache))


@pytest.fixture(scope="module")
def mids(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / MIDS_FILE, usecols=["dispnum", "ccode1", "ccode2", "year"])


@pytest.fixture(scope="module")
def rivalries(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / RIVALRIES_FILE, usecols=["ccode1", "ccode2", "start", "end"])


@pytest.fixture(scope="module")
def register(shared_data: Path) -> pd.DataFrame:
    """One row per deal: recipient, supplier, delivery-year list, TIV delivered."""
    path = shared_data / REGISTER_FILE
    with path.open(encoding="latin-1") as lines:
        header = next(n for n, line in enumerate(lines) if line.startswith("Recipient,Supplier"))
    table = pd.read_csv(path, skiprows=header, encoding="latin-1", keep_default_na=False)
    table = table.rename(
        columns={"Year(s) of delivery": "years", "SIPRI TIV of delivered weapons": "tiv"}
    )
    table = table[(table["tiv"] != "") & (table["years"] != "")]
    return table.assign(tiv=table["tiv"].astype(float))


# --- disputes, by hand -----------------------------------------------------------------------


def _window(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame[(frame.year >= year - 9) & (frame.year <= year)]


def _mids_between(mids: pd.DataFrame, a: int, b: int, year: int) -> int:
    rows = _window(mids, year)
    return rows[(rows.ccode1 == a) & (rows.ccode2 == b)].dispnum.nunique()


def _adversaries(mids: pd.DataFrame, rivalries: pd.DataFrame, state: int, year: int) -> set[int]:
    rows = _window(mids, year)
    found = set(rows[rows.ccode1 == state].ccode2)
    ongoing = rivalries[(rivalries.start <= year) & (rivalries.end >= year - 9)]
    found |= set(ongoing[ongoing.ccode1 == state].ccode2)
    found |= set(ongoing[ongoing.ccode2 == state].ccode1)
    return found


def _main_adversary(mids: pd.DataFrame, state: int, year: int) -> int | None:
    rows = _window(mids, year)
    own = rows[rows.ccode1 == state]
    years_with = Counter(other for other, _ in set(zip(own.ccode2, own.year, strict=True)))
    if not years_with:
        return None
    most = max(years_with.values())
    return min(other for other, count in years_with.items() if count == most)


def _expected(
    mids: pd.DataFrame, rivalries: pd.DataFrame, a: int, b: int, year: int
) -> tuple[int, int, int]:
    common = _adversaries(mids, rivalries, a, year) & _adversaries(mids, rivalries, b, year)
    main_a, main_b = _main_adversary(mids, a, year), _main_adversary(mids, b, year)
    different = int(main_a is not None and main_b is not None and main_a != main_b)
    return _mids_between(mids, a, b, year), len(common - {a, b}), different


def _joined(pairs: list[tuple[int, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(pairs, columns=["ccode1", "ccode2", "year"])
    return add_dispute_windows(frame)


COUNTS = ["mids_10y", "common_adversaries", "different_main_adversary"]


def test_greece_turkey_2000_as_counted_from_cow_mids_and_tss_rivalries(
    mids: pd.DataFrame, rivalries: pd.DataFrame
) -> None:
    """COW MID 5.0 (peacesciencer's cow_mid_dirdisps) and Thompson et al. (2021)."""
    row = _joined([(350, 640, 2000)]).iloc[0]
    expected = _expected(mids, rivalries, 350, 640, 2000)
    assert tuple(row[COUNTS]) == expected
    assert expected[0] == 8  # MID 5.0 lists eight Greek-Turkish disputes active in 1991-2000
    assert (
        row["years_since_dispute"]
        == 2000
        - mids[(mids.ccode1 == 350) & (mids.ccode2 == 640) & (mids.year < 2000)].year.max()
        - 1
    )


def test_india_pakistan_are_each_others_main_adversary(
    mids: pd.DataFrame, rivalries: pd.DataFrame
) -> None:
    """COW MID 5.0: India's and Pakistan's MID years 1996-2005 (most with each other)."""
    row = _joined([(750, 770, 2005)]).iloc[0]
    assert _main_adversary(mids, 750, 2005) == 770 and _main_adversary(mids, 770, 2005) == 750
    assert tuple(row[COUNTS]) == _expected(mids, rivalries, 750, 770, 2005)
    assert row["different_main_adversary"] == 1  # they differ: each is the other's


def test_a_sample_of_dyad_years_matches_the_count_from_the_raw_rows(
    mids: pd.DataFrame, rivalries: pd.DataFrame
) -> None:
    """COW MID 5.0 and Thompson et al. (2021), 60 dyad-years listed in the sparse table
    and 20 that are not (all their counts 0), 1950-2014."""
    table = dispute_windows("1950-2014")
    listed = table.sample(60, random_state=16)[["ccode1", "ccode2", "year"]]
    generator = np.random.default_rng(16)
    codes = np.unique(mids.ccode1)
    unlisted = [
        (int(a), int(b), int(year))
        for a, b, year in zip(
            generator.choice(codes, 400),
            generator.choice(codes, 400),
            generator.integers(1950, 2015, 400),
            strict=True,
        )
        if a < b
    ]
    keys = set(zip(table.ccode1, table.ccode2, table.year, strict=True))
    unlisted = [key for key in unlisted if key not in keys][:20]
    pairs = [tuple(map(int, row)) for row in listed.itertuples(index=False)] + unlisted
    joined = _joined(pairs)
    for (a, b, year), row in zip(pairs, joined.itertuples(index=False), strict=True):
        got = (row.mids_10y, row.common_adversaries, row.different_main_adversary)
        assert got == _expected(mids, rivalries, a, b, year), (a, b, year)
    assert (joined.iloc[60:][COUNTS] == 0).all().all()
    assert (joined.iloc[:60][COUNTS].sum(axis=1) > 0).all()


def test_years_since_dispute_after_the_last_mid_year(mids: pd.DataFrame) -> None:
    """COW MID 5.0: the last MID year of each dyad before 2010 (all in the system
    throughout since 1946); NaN after 2014, where MID 5.0 ends."""
    pairs = [(2, 365), (2, 710), (350, 640), (750, 770), (2, 40), (2, 20)]
    joined = _joined([(a, b, 2010) for a, b in pairs] + [(2, 365, 2015)])
    for (a, b), spell in zip(pairs, joined.years_since_dispute, strict=False):
        rows = mids[(mids.ccode1 == a) & (mids.ccode2 == b) & (mids.year < 2010)]
        assert spell == 2010 - rows.year.max() - 1, (a, b)
    assert np.isnan(joined.years_since_dispute.iloc[-1])
    assert joined.loc[joined.ccode2 == 20, "mids_10y"].iloc[0] == 0  # USA-Canada


# --- arms, by hand ---------------------------------------------------------------------------


def _in_window(register: pd.DataFrame, year: int) -> pd.Series:
    """TIV each deal delivered in year-9..year: its TIV times the share of its
    delivery-year entries that fall in the window."""
    entries = register["years"].str.split(";")
    inside = entries.map(lambda years: sum(year - 9 <= int(y) <= year for y in years))
    return register["tiv"] * inside / entries.map(len)


def _imports_by_supplier(register: pd.DataFrame, recipient: str, year: int) -> pd.Series:
    tiv = _in_window(register, year)
    rows = register["Recipient"] == recipient
    return tiv[rows].groupby(register.loc[rows, "Supplier"].replace(SAME_STATE)).sum()


def _state_suppliers(imports: pd.Series, leave_out: set[str]) -> pd.Series:
    names = imports.index.to_series()
    state = ~names.str.endswith("*") & ~names.str.startswith("unknown")
    return imports[state & ~names.isin(leave_out)]


def _cosine(first: pd.Series, second: pd.Series) -> float:
    both = pd.concat([first, second], axis=1).fillna(0.0)
    a, b = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    return float(a @ b / math.sqrt((a @ a) * (b @ b)))


def test_usa_australia_2018_arms_as_summed_from_the_sipri_register(register: pd.DataFrame) -> None:
    """SIPRI trade register (2025 export): USA-Australia deliveries 2009-2018."""
    row = add_arms_windows(pd.DataFrame({"ccode1": [900], "ccode2": [2], "year": [2018]})).iloc[0]
    aus = _imports_by_supplier(register, "Australia", 2018)
    usa = _imports_by_supplier(register, "United States", 2018)
    flow = aus["United States"] + usa.get("Australia", 0.0)
    assert row["arms_flow_log"] == pytest.approx(math.log10(1 + flow), rel=1e-9)
    assert row["import_share_1from2"] == pytest.approx(aus["United States"] / aus.sum(), rel=1e-9)
    assert row["import_share_2from1"] == pytest.approx(usa["Australia"] / usa.sum(), rel=1e-9)
    us_exports = _in_window(register, 2018)[register["Supplier"] == "United States"].sum()
    assert row["arms_exports_log_2"] == pytest.approx(math.log10(1 + us_exports), rel=1e-9)
    pair = {"United States", "Australia"}
    similarity = _cosine(_state_suppliers(aus, pair), _state_suppliers(usa, pair))
    assert row["supplier_similarity"] == pytest.approx(similarity, rel=1e-9)
    # plausibility: Australia arms itself mostly from the USA
    assert row["import_share_1from2"] > 0.5 > row["import_share_2from1"]


def test_greece_turkey_2000_suppliers_as_summed_from_the_sipri_register(
    register: pd.DataFrame,
) -> None:
    """SIPRI trade register: Greece's and Turkiye's suppliers 1991-2000 (both NATO
    members arming from the USA and Germany: a high similarity)."""
    row = add_arms_windows(pd.DataFrame({"ccode1": [350], "ccode2": [640], "year": [2000]}))
    greece = _imports_by_supplier(register, "Greece", 2000)
    turkey = _imports_by_supplier(register, "Turkiye", 2000)
    pair = {"Greece", "Turkiye"}
    similarity = _cosine(_state_suppliers(greece, pair), _state_suppliers(turkey, pair))
    assert row["supplier_similarity"].iloc[0] == pytest.approx(similarity, rel=1e-9)
    assert similarity > 0.8


def test_the_usa_exported_most_in_2009_2018() -> None:
    """Wezeman, P. D., Fleurant, A., Kuimova, A., Tian, N. & Wezeman, S. T., 'Trends in
    International Arms Transfers, 2018', SIPRI Fact Sheet, March 2019 (copy at
    https://www.scribd.com/document/401746332/6): the five largest exporters of 2014-18
    were the USA, Russia, France, Germany and China, US exports 36 % of the world's in
    2014-18 after 30 % in 2009-13. Over 2009-2018 the USA, then Russia, lead here too."""
    table = arms_windows("2018")
    exports = pd.concat(
        [
            table.set_index("ccode1")["arms_exports_log_1"],
            table.set_index("ccode2")["arms_exports_log_2"],
        ]
    )
    by_state = exports.groupby(level=0).max().sort_values(ascending=False)
    assert by_state.index[:2].tolist() == [2, 365]  # the USA, then Russia
