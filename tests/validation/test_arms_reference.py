"""``add_arms_transfers`` against SIPRI's own figures for the 2025 release (data 1950-2024).

Data: SIPRI Arms Transfers Database, trade register exported 29 March 2025
(``sipri/trade-register_1950-2024.csv`` in ``../shared/data``); COW state
system v2016 extended through 2024 and Gleditsch-Ward (isard spells in
``states/``).

The register export gives each deal's TIV of delivered weapons and its
delivery years, not the TIV of each year, so ``add_arms_transfers`` spreads
a deal's TIV equally over its delivery years. Totals over all of a deal's
delivery years are SIPRI's to the last decimal (first test). SIPRI's
published five-year figures come from its per-year delivery records; with
the even spread the shares of global exports in 2020-24 differ from the
published ones by (percentage points, measured on this release): USA
-0.85, France +0.23, Russia +0.16, China +0.04, Germany +0.01. The tests
below allow each published figure its rounding plus :data:`SPREAD_PP`
for that; the 2015-19 shares match within rounding alone.

No published table of yearly TIV totals by exporter for this release was
found (SIPRI's TIV tables are generated on request at armstrade.sipri.org),
so yearly totals are not compared here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allied.panel import add_arms_transfers, dyad_years, state_years
from allied.sources import load, sipri_trade_deliveries
from allied.sources._sipri import parse_trade_register

pytestmark = pytest.mark.shared_data

#: COW codes of the five largest exporters of 2020-24, in SIPRI's order
TOP_FIVE = {"USA": 2, "France": 220, "Russia": 365, "China": 710, "Germany": 255}

#: what spreading a deal evenly over its delivery years may move a five-year
#: share, beyond the published figure's rounding (percentage points)
SPREAD_PP = 0.5

FACT_SHEET = (
    "George, M., Djokic, K., Hussain, Z., Wezeman, P. D. & Wezeman, S. T., 'Trends in "
    "International Arms Transfers, 2024', SIPRI Fact Sheet, March 2025, "
    "https://www.sipri.org/publications/2025/sipri-fact-sheets/trends-international-arms-"
    "transfers-2024 (text also at https://www.sipri.org/uk/node/7510)"
)
PRESS_RELEASE = (
    "SIPRI press release of 10 March 2025 on the new arms transfers data, as reprinted at "
    "https://old.infosec.pub/post/28818841 and reported by https://voz.us/en/society/250310/"
    "21985/u-s-increases-its-lead-as-the-world-s-largest-arms-exporter.html (2025-03-10)"
)
STATISTA = (
    "Statista (A. Fleck), chart of SIPRI data, 'Who sells the most weapons', March 2025, "
    "reprinted at https://www.zerohedge.com/military/war-racket (2025-03-20) and "
    "https://aheadoftheherd.com/who-sells-the-most-weapons-2"
)


@pytest.fixture(scope="module")
def panel(shared_cache: Path) -> pd.DataFrame:
    """COW state-years 1950-2024 with the arms columns."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(shared_cache))
        return state_years("cow", years="1950-2024", through=2024).pipe(add_arms_transfers).frame


@pytest.fixture(scope="module")
def world(shared_cache: Path) -> pd.Series:
    """Every delivery's TIV per year, non-state parties included: SIPRI's global volume."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(shared_cache))
        return sipri_trade_deliveries(load("sipri-trade")).groupby("year")["tiv"].sum()


def _exports(panel: pd.DataFrame, code: int, first: int, last: int) -> float:
    rows = panel[(panel.ccode == code) & panel.year.between(first, last)]
    return float(rows.arms_exports_tiv.sum())


def _share_pct(panel: pd.DataFrame, world: pd.Series, code: int, first: int, last: int) -> float:
    return 100 * _exports(panel, code, first, last) / float(world.loc[first:last].sum())


def _change_pct(before: float, after: float) -> float:
    return 100 * (after / before - 1)


def test_exports_over_all_years_equal_the_registers_tiv_delivered(
    panel: pd.DataFrame, shared_data: Path
) -> None:
    """Source: the trade register itself, column 'SIPRI TIV of delivered weapons'
    (SIPRI's figure per deal), summed by supplier name; the Soviet Union and Russia
    are both COW 365."""
    register = parse_trade_register(shared_data / "sipri" / "trade-register_1950-2024.csv")
    delivered = register.groupby("supplier")["sipri_tiv_of_delivered_weapons"].sum()
    expected = {
        2: delivered["United States"],
        220: delivered["France"],
        365: delivered["Soviet Union"] + delivered["Russia"],
        710: delivered["China"],
    }
    for code, total in expected.items():
        assert _exports(panel, code, 1950, 2024) == pytest.approx(total, abs=1e-6), code


def test_german_exports_over_all_years_equal_the_registers_on_gw_codes(
    shared_cache: Path, shared_data: Path
) -> None:
    """Source: the trade register, as above. SIPRI's "Germany" is West Germany before
    1990: G-W 260 from 1949 (COW has no West Germany before 1955); East Germany is 265."""
    register = parse_trade_register(shared_data / "sipri" / "trade-register_1950-2024.csv")
    delivered = register.groupby("supplier")["sipri_tiv_of_delivered_weapons"].sum()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(shared_cache))
        gw = state_years("gw", years="1950-2024", through=2024).pipe(add_arms_transfers).frame
    exports = gw.groupby("gwcode").arms_exports_tiv.sum()
    assert exports[260] == pytest.approx(delivered["Germany"], abs=1e-6)
    assert exports[265] == pytest.approx(delivered["East Germany (GDR)"], abs=1e-6)


@pytest.mark.parametrize(
    ("name", "published"),
    [("USA", 43.0), ("France", 9.6), ("Russia", 7.8), ("China", 5.9), ("Germany", 5.6)],
)
def test_shares_of_global_exports_2020_24_match_sipri(
    panel: pd.DataFrame, world: pd.Series, name: str, published: float
) -> None:
    """Source: SIPRI Fact Sheet 'Trends in International Arms Transfers, 2024' (March
    2025, FACT_SHEET: USA 43 %) and SIPRI's press release of 10 March 2025
    (PRESS_RELEASE: France 9.6 %, Russia 7.8 %, China 5.9 %, Germany 5.6 %): shares of
    global exports of major arms, 2020-24."""
    rounding = 0.5 if published == round(published) else 0.05
    share = _share_pct(panel, world, TOP_FIVE[name], 2020, 2024)
    assert abs(share - published) <= rounding + SPREAD_PP, (name, share)


def test_the_five_largest_exporters_of_2020_24_in_sipris_order(
    panel: pd.DataFrame, world: pd.Series
) -> None:
    """Source: SIPRI Fact Sheet 'Trends in International Arms Transfers, 2024' (March
    2025, FACT_SHEET) and PRESS_RELEASE: 'The five largest arms exporters in 2020-24 were
    the United States, France, Russia, China and Germany' (quoted at
    https://lemmy.melissandre.dev/post/75071)."""
    recent = panel[panel.year.between(2020, 2024)]
    ranking = recent.groupby("ccode").arms_exports_tiv.sum().nlargest(5)
    assert ranking.index.tolist() == list(TOP_FIVE.values())


@pytest.mark.parametrize(("name", "published"), [("USA", 35.0), ("France", 8.6), ("Russia", 21.0)])
def test_shares_of_global_exports_2015_19_match_sipri_within_rounding(
    panel: pd.DataFrame, world: pd.Series, name: str, published: float
) -> None:
    """Source: Statista's chart of SIPRI's March 2025 data (STATISTA, 2025-03-20):
    shares of global exports in 2015-19, USA 35 %, France 8.6 %, Russia 21 %."""
    rounding = 0.5 if published == round(published) else 0.05
    share = _share_pct(panel, world, TOP_FIVE[name], 2015, 2019)
    assert abs(share - published) <= rounding, (name, share)


@pytest.mark.parametrize(
    ("name", "published"), [("USA", 21.0), ("France", 11.0), ("Russia", -64.0)]
)
def test_change_in_exports_from_2015_19_to_2020_24(
    panel: pd.DataFrame, name: str, published: float
) -> None:
    """Source: SIPRI Fact Sheet 'Trends in International Arms Transfers, 2024' (March
    2025, FACT_SHEET: Russia -64 %) and SIPRI's press release of 10 March 2025
    (PRESS_RELEASE: USA +21 %, France +11 %).

    A change of two five-year sums moves with both, so the spread allowance is
    five times a share's (measured: USA +19.5, France +13.1, Russia -63.0)."""
    code = TOP_FIVE[name]
    change = _change_pct(_exports(panel, code, 2015, 2019), _exports(panel, code, 2020, 2024))
    assert abs(change - published) <= 0.5 + 5 * SPREAD_PP, (name, change)


@pytest.mark.parametrize(("first", "published"), [(2015, -0.6), (2010, 3.9), (1980, -35.0)])
def test_global_volume_of_2020_24_against_earlier_periods(
    world: pd.Series, first: int, published: float
) -> None:
    """Source: SIPRI Fact Sheet 'Trends in International Arms Transfers, 2024' (March
    2025, FACT_SHEET), section II 'Global trends': the volume in 2020-24 was 0.6 per
    cent lower than in 2015-19, 3.9 per cent higher than in 2010-14 and 'around 35 per
    cent lower' than in 1980-84 (measured: -1.2, +3.6, -35.7)."""
    change = _change_pct(float(world.loc[first : first + 4].sum()), float(world.loc[2020:].sum()))
    assert abs(change - published) <= 0.05 + 2 * SPREAD_PP, (first, change)


def test_non_directed_dyads_hold_the_directed_values_both_ways(shared_cache: Path) -> None:
    """Source: the trade register (as in the first test); COW dyad-years 1950-2024.
    Each non-directed row (A < B) holds the directed rows (A, B) and (B, A)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(shared_cache))
        directed = dyad_years("cow", years="1950-2024", through=2024).pipe(add_arms_transfers)
        pairs = dyad_years("cow", years="1950-2024", through=2024, directed=False)
        pairs = pairs.pipe(add_arms_transfers).frame
    tiv = directed.frame.set_index(["ccode1", "ccode2", "year"])["arms_tiv"]
    forward = tiv.reindex(pd.MultiIndex.from_frame(pairs[["ccode1", "ccode2", "year"]]))
    backward = tiv.reindex(pd.MultiIndex.from_frame(pairs[["ccode2", "ccode1", "year"]]))
    assert (forward.to_numpy() == pairs.arms_tiv_1to2.to_numpy()).all()
    assert (backward.to_numpy() == pairs.arms_tiv_2to1.to_numpy()).all()
    assert tiv.sum() == pytest.approx(pairs.arms_tiv_1to2.sum() + pairs.arms_tiv_2to1.sum())
