"""Windowed dyad inputs of the partner-fit indicators, on a hand-worked synthetic world.

Seven states (COW codes, all in the system 1900-2016): USA 2, UK 200,
France 220, Russia 365, China 710, Japan 740, Australia 900. The year worked
by hand is 2000, whose ten-year window is 1991-2000 (1990 is out).

Disputes (dispnum: sides, years):

* 1: USA-Russia 1991 (y-9: in 2000's window, out of 2001's);
* 2: USA-Russia 1990 (y-10: out of 2000's window, in 1999's);
* 3: UK-Russia 1995, 1996;
* 4: USA-China 1998 and 2000;
* 5: USA and UK against China 1999 (USA-UK is no dyad of it);
* 6: UK-France 2000;
* 7: USA-UK 1985;
* 8: France-China 1997.

MID years per state in 1991-2000 and main adversary: USA: Russia 1, China 3
(1998, 1999, 2000) -> China; UK: Russia 2, China 1, France 1 -> Russia;
France: UK 1, China 1 -> tie, lowest code UK 200; Russia: USA 1, UK 2 -> UK;
China: USA 3, UK 1, France 1 -> USA; Japan and Australia: none.

Rivalries: USA-Russia 1945-1989, China-Australia 1996-2010, Russia-China
1950-2000. Adversaries in 1991-2000: USA {365, 710}; UK {220, 365, 710};
France {200, 710}; Russia {2, 200, 710}; China {2, 200, 220, 365, 900};
Australia {710}.

Arms deliveries (TIV): USA -> Australia 100 in 1991 and 50 in 1990; UK ->
Australia 30 (1995); France -> Australia 10 (1998); unknown supplier ->
Australia 40 (1999); Australia -> USA 20 (2000); Australia -> NATO 5 (1999);
USA -> Japan 200 (1996); UK -> Japan 40 (1997); USA -> UK 60 (1997); France
-> USA 30 (1994).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import CacheBuilder
from tests.tiny_data.sipri_trade import register_text

from allied.errors import InputError
from allied.panel import (
    ARMS_WINDOW_COLUMNS,
    Panel,
    add_arms_windows,
    add_dispute_windows,
    arms_windows,
    dispute_window_columns,
    dispute_windows,
    dyad_years,
    window_coverage,
)

STATES = {2: "USA", 200: "UKG", 220: "FRN", 365: "RUS", 710: "CHN", 740: "JPN", 900: "AUL"}
#: dispnum -> (Side A states, Side B states, years)
DISPUTES = {
    1: ((2,), (365,), (1991,)),
    2: ((2,), (365,), (1990,)),
    3: ((200,), (365,), (1995, 1996)),
    4: ((2,), (710,), (1998, 2000)),
    5: ((2, 200), (710,), (1999,)),
    6: ((200,), (220,), (2000,)),
    7: ((2,), (200,), (1985,)),
    8: ((220,), (710,), (1997,)),
}
RIVALRIES = [(1, 2, 365, 1945, 1989), (2, 710, 900, 1996, 2010), (3, 365, 710, 1950, 2000)]
#: (supplier, recipient, delivery years, TIV) in SIPRI's names
DEALS = [
    ("United States", "Australia", "1991", 100),
    ("United States", "Australia", "1990", 50),
    ("United Kingdom", "Australia", "1995", 30),
    ("France", "Australia", "1998", 10),
    ("unknown supplier(s)", "Australia", "1999", 40),
    ("Australia", "United States", "2000", 20),
    ("Australia", "NATO**", "1999", 5),
    ("United States", "Japan", "1996", 200),
    ("United Kingdom", "Japan", "1997", 40),
    ("United States", "United Kingdom", "1997", 60),
    ("France", "United States", "1994", 30),
]

_PARTICIPANTS = ",".join(
    f"{name}{side}"
    for name in ("sidea", "fatality", "fatalpre", "hiact", "hostlev", "orig")
    for side in "12"
)


def _dispute_rows() -> list[tuple[int, int, int, int, int]]:
    """(dispnum, ccode1, ccode2, year, onset), both orders, sorted."""
    rows = []
    for dispnum, (side_a, side_b, years) in DISPUTES.items():
        for first in side_a:
            for second in side_b:
                for year in years:
                    onset = int(year == years[0])
                    rows += [(dispnum, first, second, year, onset)]
                    rows += [(dispnum, second, first, year, onset)]
    return sorted(rows)


def _mid_files() -> dict[str, str]:
    directed = [f"dispnum,ccode1,ccode2,year,dispongoing,disponset,{_PARTICIPANTS}"]
    whittled = [
        f"dispnum,ccode1,ccode2,year,cowmidongoing,cowmidonset,{_PARTICIPANTS},"
        "fatality,hostlev,mindur,maxdur,recip,stmon"
    ]
    participants = "1,0,0,0,0,0,3,3,3,3,1,1"
    kept = set()
    for dispnum, first, second, year, onset in _dispute_rows():
        directed.append(f"{dispnum},{first},{second},{year},1,{onset},{participants}")
        if (first, second, year) not in kept:  # one dispute per dyad-year (the first)
            kept.add((first, second, year))
            whittled.append(
                f"{dispnum},{first},{second},{year},1,{onset},{participants},0,3,1,1,0,1"
            )
    return {
        "cow_mid_ddydisps.csv": "\n".join(whittled) + "\n",
        "cow_mid_dirdisps.csv": "\n".join(directed) + "\n",
    }


def _states_file() -> str:
    header = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version"
    rows = [f"{abb},{code},{abb},1900,1,1,2016,12,31,2016" for code, abb in STATES.items()]
    return "\n".join([header, *rows]) + "\n"


def _rivalries_file() -> str:
    header = (
        "tssr_id,rivalry,ccode1,ccode2,start,end,positional,spatial,ideological,"
        "interventionary,principal,aprin"
    )
    rows = [f"{i},R{i},{a},{b},{start},{end},1,,,,," for i, a, b, start, end in RIVALRIES]
    return "\n".join([header, *rows]) + "\n"


def _register() -> str:
    lines = [
        f"{recipient},{supplier},1989,,1,,X-{n},tank,1,,{years},New,,{tiv},{tiv},{tiv}\n"
        for n, (supplier, recipient, years, tiv) in enumerate(DEALS)
    ]
    return register_text("".join(lines))


@pytest.fixture
def world(build_cache: CacheBuilder) -> Path:
    return build_cache(
        {
            "cow-states": {"states2016.csv": _states_file()},
            "cow-mids": _mid_files(),
            "tss-rivalries": {"peacesciencer__tss_rivalries.csv": _rivalries_file()},
            "sipri-trade": {"trade-register_1950-2024.csv": _register()},
        }
    )


def _frame(pairs: list[tuple[int, int]], years: list[int]) -> pd.DataFrame:
    rows = [(a, b, year) for year in years for a, b in pairs]
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"])


def _value(frame: pd.DataFrame, a: int, b: int, year: int, column: str) -> float:
    row = frame[(frame.ccode1 == a) & (frame.ccode2 == b) & (frame.year == year)]
    assert len(row) == 1, (a, b, year)
    return float(row[column].iloc[0])


PAIRS = [(a, b) for a in STATES for b in STATES if a < b]

#: Hand-worked 2000 values: (mids_10y, common_adversaries, different_main_adversary)
EXPECTED_2000 = {
    (2, 200): (0, 2, 1),
    (2, 220): (0, 1, 1),
    (2, 365): (1, 1, 1),
    (2, 710): (2, 1, 1),  # each other's main adversary: different
    (2, 900): (0, 1, 0),  # Australia's only adversary, China, is a rival (no MID)
    (200, 220): (1, 1, 1),
    (200, 365): (1, 1, 1),
    (200, 710): (1, 2, 1),
    (200, 900): (0, 1, 0),
    (220, 365): (0, 2, 0),  # both have the UK as main adversary (France by the tie)
    (220, 710): (1, 1, 1),
    (220, 900): (0, 1, 0),
    (365, 710): (0, 2, 1),
    (365, 900): (0, 1, 0),
    (710, 900): (0, 0, 0),
}


def test_every_dispute_column_of_2000_matches_the_hand_worked_values(world: Path) -> None:
    joined = add_dispute_windows(_frame(PAIRS, [2000]))
    assert len(joined) == len(PAIRS) == 21
    for (a, b), (mids, common, main) in EXPECTED_2000.items():
        assert _value(joined, a, b, 2000, "mids_10y") == mids, (a, b)
        assert _value(joined, a, b, 2000, "common_adversaries") == common, (a, b)
        assert _value(joined, a, b, 2000, "different_main_adversary") == main, (a, b)
    with_japan = joined[(joined.ccode1 == 740) | (joined.ccode2 == 740)]
    assert len(with_japan) == 6
    assert (
        (with_japan[["mids_10y", "common_adversaries", "different_main_adversary"]] == 0)
        .all()
        .all()
    )


def test_the_sparse_table_lists_exactly_the_dyads_with_a_non_zero_count(world: Path) -> None:
    table = dispute_windows("2000")
    listed = {
        (int(row.ccode1), int(row.ccode2)): (
            row.mids_10y,
            row.common_adversaries,
            row.different_main_adversary,
        )
        for row in table.itertuples()
    }
    expected = {pair: values for pair, values in EXPECTED_2000.items() if any(values)}
    assert listed == expected
    assert list(table.columns) == [
        "ccode1",
        "ccode2",
        "year",
        "mids_10y",
        "common_adversaries",
        "different_main_adversary",
    ]


def test_the_window_holds_y_minus_9_and_not_y_minus_10(world: Path) -> None:
    joined = add_dispute_windows(_frame([(2, 365)], [1999, 2000, 2001]))
    # dispute 2 (1990) is in 1999's window only; dispute 1 (1991) in 1999's and 2000's
    assert joined["mids_10y"].tolist() == [2.0, 1.0, 0.0]


def test_main_adversary_ties_go_to_the_lowest_code(world: Path) -> None:
    joined = add_dispute_windows(_frame([(2, 220), (220, 365)], [2000]))
    # France's tie UK (200) / China (710) goes to the UK: same main as Russia's, not the USA's
    assert joined["different_main_adversary"].tolist() == [1.0, 0.0]


def test_years_since_dispute_counts_as_peacesciencers_cowmidspell(world: Path) -> None:
    frame = _frame([(2, 200), (2, 365), (200, 220), (710, 900)], [2000])
    spells = add_dispute_windows(frame)["years_since_dispute"].tolist()
    # last MID years 1985, 1991; UK-France in 2000 counts the 100 years 1900-1999 before it,
    # China-Australia never: the 100 years since the dyad entered the system
    assert spells == [14.0, 8.0, 100.0, 100.0]
    after = add_dispute_windows(_frame([(200, 220)], [2001]))
    assert after["years_since_dispute"].tolist() == [0.0]


def test_directed_rows_get_the_values_of_their_dyad(world: Path) -> None:
    frame = _frame([(2, 710), (710, 2), (365, 220), (220, 365)], [2000])
    joined = add_dispute_windows(frame)
    for column in dispute_window_columns():
        values = joined[column].tolist()
        assert values[0] == values[1] and values[2] == values[3], column
    assert joined["mids_10y"].tolist()[:2] == [2.0, 2.0]


def test_outside_the_registry_coverage_values_are_missing_not_zero(world: Path) -> None:
    spans = window_coverage()
    assert spans["mids_10y"] == (1816, 2023) and spans["years_since_dispute"] == (1816, 2014)
    assert spans["common_adversaries"] == (1816, 2029)  # rivalries run to 2020
    assert spans["supplier_similarity"] == (1950, 2033)
    frame = _frame([(2, 710)], [1815, 2014, 2015, 2023, 2024, 2029, 2030])
    joined = add_dispute_windows(frame).set_index("year")
    assert joined.loc[2023, "mids_10y"] == 0 and np.isnan(joined.loc[2024, "mids_10y"])
    assert joined.loc[2029, "common_adversaries"] == 0
    assert np.isnan(joined.loc[2030, "common_adversaries"])
    assert np.isnan(joined.loc[1815, "mids_10y"]) and np.isnan(joined.loc[2024, "mids_10y"])
    assert joined.loc[2014, "years_since_dispute"] == 13  # last MID year 2000
    assert np.isnan(joined.loc[2015, "years_since_dispute"])


def test_a_panel_keeps_its_rows_and_records_the_sources(world: Path) -> None:
    panel = dyad_years("cow", directed=False, years="1999-2000")
    joined = add_dispute_windows(panel)
    assert isinstance(joined, Panel) and len(joined.frame) == len(panel.frame)
    assert {"cow-mids", "tss-rivalries"} <= set(joined.sources)
    assert joined.frame["mids_10y"].dtype == np.float64
    with pytest.raises(InputError, match="already has"):
        add_dispute_windows(joined)


def test_bad_frames_and_windows_are_refused(world: Path) -> None:
    with pytest.raises(InputError, match="lacks column"):
        add_dispute_windows(pd.DataFrame({"ccode1": [2], "year": [2000]}))
    with pytest.raises(InputError, match="ccode2 holds"):
        add_arms_windows(pd.DataFrame({"ccode1": [2], "ccode2": [None], "year": [2000]}))
    with pytest.raises(InputError, match="window must be"):
        dispute_windows("2000", window=0)


def test_a_shorter_window_names_its_column_and_counts_fewer_years(world: Path) -> None:
    joined = add_dispute_windows(_frame([(2, 365), (2, 710)], [2000]), window=2)
    assert joined["mids_2y"].tolist() == [0.0, 2.0]  # 1999-2000: USA-China's 4 and 5


ARMS_PAIRS = [(2, 900), (900, 2), (740, 900), (200, 900), (2, 200), (2, 740)]


def test_every_arms_column_of_2000_matches_the_hand_worked_values(world: Path) -> None:
    joined = add_arms_windows(_frame(ARMS_PAIRS, [2000]))
    usa_aus = joined.iloc[0]
    # flows 1991-2000: USA -> AUS 100 (1991; the 50 of 1990 is out), AUS -> USA 20
    assert usa_aus["arms_flow_log"] == pytest.approx(math.log10(121), rel=1e-12)
    # AUS received 100 + 30 + 10 + 40 (unknown supplier) = 180; the USA 20 + 30 = 50
    assert usa_aus["import_share_1from2"] == pytest.approx(20 / 50, rel=1e-12)
    assert usa_aus["import_share_2from1"] == pytest.approx(100 / 180, rel=1e-12)
    assert usa_aus["import_share_max"] == pytest.approx(100 / 180, rel=1e-12)
    # USA delivered 100 + 200 + 60; AUS 20 + 5 (to NATO)
    assert usa_aus["arms_exports_log_1"] == pytest.approx(math.log10(361), rel=1e-12)
    assert usa_aus["arms_exports_log_2"] == pytest.approx(math.log10(26), rel=1e-12)
    # suppliers without the pair: USA (France 30), AUS (UK 30, France 10)
    similarity = 30 * 10 / (30 * math.sqrt(30**2 + 10**2))
    assert usa_aus["supplier_similarity"] == pytest.approx(similarity, rel=1e-12)
    assert usa_aus["supplier_dissimilarity"] == pytest.approx(1 - similarity, rel=1e-12)


def test_a_directed_row_swaps_the_details_and_keeps_the_rest(world: Path) -> None:
    joined = add_arms_windows(_frame(ARMS_PAIRS, [2000]))
    forward, backward = joined.iloc[0], joined.iloc[1]
    for column in ("arms_flow_log", "import_share_max", "supplier_similarity"):
        assert forward[column] == backward[column]
    assert backward["import_share_1from2"] == forward["import_share_2from1"]
    assert backward["import_share_2from1"] == forward["import_share_1from2"]
    assert backward["arms_exports_log_1"] == forward["arms_exports_log_2"]


def test_supplier_similarity_leaves_only_the_pair_out(world: Path) -> None:
    joined = add_arms_windows(_frame(ARMS_PAIRS, [2000])).iloc[2:]
    japan_aus = (200 * 100 + 40 * 30) / (math.hypot(200, 40) * math.sqrt(100**2 + 30**2 + 10**2))
    uk_aus = 60 * 100 / (60 * math.hypot(100, 10))  # France's 10 stays in AUS's vector
    similarity = joined["supplier_similarity"].tolist()
    assert similarity[0] == pytest.approx(japan_aus, rel=1e-12)
    assert similarity[1] == pytest.approx(uk_aus, rel=1e-12)
    # the UK received only from the USA: nothing from a third supplier
    assert np.isnan(similarity[2])
    # the USA (AUS 20, France 30) and Japan (UK 40; the USA's 200 is left out)
    assert similarity[3] == 0.0


def test_the_arms_window_holds_y_minus_9_and_not_y_minus_10(world: Path) -> None:
    joined = add_arms_windows(_frame([(2, 900)], [1999, 2000, 2001]))
    # 1990's 50 is in 1999's window; 1991's 100 in 1999's and 2000's; AUS's 20 from 2000 on
    flows = [150, 120, 20]
    assert joined["arms_flow_log"].tolist() == pytest.approx([math.log10(1 + f) for f in flows])


def test_a_state_the_register_never_lists_has_no_imports_and_no_exports(world: Path) -> None:
    joined = add_arms_windows(_frame([(365, 710), (2, 365)], [2000]))
    assert joined["arms_flow_log"].tolist() == [0.0, 0.0]
    assert joined["arms_exports_log_1"].tolist() == [0.0, pytest.approx(math.log10(361))]
    # Russia and China received nothing: their shares are missing; the USA's share from
    # Russia is 0 (it received 50, none from Russia)
    assert np.isnan(joined["import_share_1from2"].iloc[0])
    assert np.isnan(joined["import_share_2from1"]).all()
    assert joined["import_share_1from2"].iloc[1] == 0.0
    assert joined["import_share_max"].iloc[1] == 0.0 and np.isnan(joined["import_share_max"][0])
    assert np.isnan(joined["supplier_similarity"]).all()


def test_outside_the_registers_window_coverage_every_arms_value_is_missing(world: Path) -> None:
    joined = add_arms_windows(_frame([(2, 900)], [1949, 1950, 2033, 2034]))
    assert joined[list(ARMS_WINDOW_COLUMNS)].iloc[[0, 3]].isna().all().all()
    assert joined["arms_flow_log"].tolist()[1:3] == [0.0, 0.0]


def test_the_arms_table_lists_the_pairs_with_an_active_state(world: Path) -> None:
    table = arms_windows("2000")
    pairs = set(zip(table.ccode1, table.ccode2, strict=True))
    active = {2, 200, 220, 740, 900}  # in the register and trading in 1991-2000
    assert pairs == {(a, b) for a in active for b in active if a < b}
    row = table[(table.ccode1 == 2) & (table.ccode2 == 900)].iloc[0]
    joined = add_arms_windows(_frame([(2, 900)], [2000])).iloc[0]
    for column in ARMS_WINDOW_COLUMNS:
        assert row[column] == joined[column], column
