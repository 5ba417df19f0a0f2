"""``add_arms_transfers``: hand-worked SIPRI deliveries on every kind of panel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import CacheBuilder
from tests.tiny_data.sipri_trade import register_text

from allied.cite import cite
from allied.errors import DataNotAvailableError, InputError
from allied.panel import Panel, add_arms_transfers, dyad_years, state_years


def _at(panel: Panel, column: str) -> pd.Series:
    return panel.frame.set_index(list(panel.keys))[column]


def test_directed_dyad_years_hold_what_state_1_delivered_to_state_2(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1989-1992").pipe(add_arms_transfers)
    tiv = _at(panel, "arms_tiv")
    # USA -> "Germany" 600 over 1989; 1990: West Germany (260) in 1989, and 255
    # (the code in force at the end of 1990) in 1990.
    assert tiv[(2, 260, 1989)] == 300 and tiv[(2, 255, 1990)] == 300
    assert tiv[(2, 260, 1990)] == 0
    # USA -> UK 700 over "1990; 1991; 1991; 1992": 1991 is listed twice.
    assert [tiv[(2, 200, year)] for year in (1990, 1991, 1992)] == [175, 350, 175]
    assert tiv[(200, 2, 1989)] == 20 and tiv[(200, 2, 1990)] == 20
    assert tiv[(260, 220, 1989)] == 90 and tiv[(220, 260, 1989)] == 0  # directed
    assert tiv.dtype == np.float64 and not tiv.isna().any()
    assert tiv.sum() == 300 + 300 + 700 + 40 + 90  # no delivery to or from a non-state
    assert panel.sources == ("sipri-trade",) and cite(panel)[-1].key == "sipri-trade"


def test_outside_the_registers_years_every_value_is_missing(tiny_cache: Path) -> None:
    dyads = dyad_years("cow", years="1949-1950").pipe(add_arms_transfers)
    tiv = _at(dyads, "arms_tiv")
    assert tiv.xs(1949, level="year").isna().all()
    assert (tiv.xs(1950, level="year") == 0).all()  # inside 1950-2024: nothing delivered is 0
    states = state_years("cow", years="1949-1950").pipe(add_arms_transfers).frame
    earlier = states[states.year == 1949]
    assert earlier[["arms_imports_tiv", "arms_exports_tiv"]].isna().all().all()


def test_non_directed_dyad_years_hold_both_directions(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1989-1990", directed=False).pipe(add_arms_transfers)
    to_second, to_first = _at(panel, "arms_tiv_1to2"), _at(panel, "arms_tiv_2to1")
    assert (to_second[(2, 200, 1990)], to_first[(2, 200, 1990)]) == (175, 20)
    assert (to_second[(220, 260, 1989)], to_first[(220, 260, 1989)]) == (0, 90)
    assert "arms_tiv" not in panel.frame.columns
    assert to_second.sum() + to_first.sum() == 300 + 300 + 175 + 40 + 90


def test_state_years_count_every_delivery_and_the_top_supplier_states_share(
    tiny_cache: Path,
) -> None:
    panel = state_years("cow", years="1989-1993").pipe(add_arms_transfers)
    imports, exports = _at(panel, "arms_imports_tiv"), _at(panel, "arms_exports_tiv")
    share = _at(panel, "arms_top_supplier_share")
    # USA 1989: 20 from the UK and 10 from unknown suppliers; 300 to West
    # Germany and 80 to NATO.
    assert (imports[(2, 1989)], exports[(2, 1989)]) == (30, 380)
    assert share[(2, 1989)] == pytest.approx(20 / 30)
    assert (imports[(2, 1990)], exports[(2, 1990)], share[(2, 1990)]) == (20, 475, 1.0)
    assert (imports[(220, 1989)], share[(220, 1989)]) == (90, 1.0)
    assert (exports[(260, 1989)], imports[(260, 1989)]) == (90, 300)
    # The UK in 1993: nothing delivered either way, so no share.
    assert (imports[(200, 1993)], exports[(200, 1993)]) == (0, 0)
    assert pd.isna(share[(200, 1993)])


def test_a_state_whose_arms_came_only_from_unknown_suppliers_has_no_top_supplier(
    build_cache: CacheBuilder,
) -> None:
    build_cache(
        {
            "sipri-trade": {
                "trade-register.csv": register_text(
                    "United States,unknown supplier(s),1988,,,,,APC,10,?,1989,New,,1,,10\n"
                )
            }
        }
    )
    panel = state_years("cow", spells=_spells({2: ("USA", 1816, None)}), years="1989")
    row = panel.pipe(add_arms_transfers).frame.iloc[0]
    assert (row.arms_imports_tiv, row.arms_top_supplier_share) == (10, 0)


def _spells(states: dict[int, tuple[str, int, int | None]]) -> pd.DataFrame:
    """State-system spells: code -> (abbreviation, first year, last year or None)."""
    return pd.DataFrame(
        {
            "code": list(states),
            "abb": [abb for abb, _, _ in states.values()],
            "name": [abb for abb, _, _ in states.values()],
            "start": pd.to_datetime([f"{first}-01-01" for _, first, _ in states.values()]),
            "end": pd.to_datetime([f"{last or 2024}-12-31" for _, _, last in states.values()]),
            "microstate": False,
        }
    )


FORMER = (
    # the D-30 deal of SIPRI's register: 508 guns, 177.8 TIV over 14 delivery years
    "Afghanistan,Soviet Union,1978,?,508,?,D-30 122mm,towed gun,508,?,"
    + "; ".join(str(year) for year in range(1978, 1992))
    + ",New,,0.35,177.8,177.8\n"
    "Afghanistan,Russia,1992,,10,,BTR-80,APC,10,,1992; 1993,Second hand,,0.5,5,5\n"
    "East Germany (GDR),Soviet Union,1987,,20,,MiG-29,FGA aircraft,20,,1989,New,,12,240,240\n"
    "South Vietnam,United States,1964,,60,,UH-1H,helicopter,60,,1965; 1966,New,,1.2,72,72\n"
    "Afghanistan,Czechoslovakia,1989,,6,,L-39,trainer aircraft,6,,1990; 1993,New,,2,12,12\n"
    "Afghanistan,Mujahedin (Afghanistan)*,1990,,2,,T-55,tank,2,,1991,Second hand,,1,2,2\n"
)


@pytest.fixture
def former_states(build_cache: CacheBuilder) -> Path:
    """A cache whose register names former states, South Vietnam and a rebel group."""
    return build_cache({"sipri-trade": {"trade-register.csv": register_text(FORMER)}})


COW_SPELLS = {
    2: ("USA", 1816, None),
    265: ("GDR", 1954, 1990),
    315: ("CZE", 1945, 1992),
    316: ("CZR", 1993, None),
    365: ("RUS", 1816, None),
    700: ("AFG", 1919, None),
    817: ("RVN", 1954, 1975),
}


def test_former_states_reach_their_dated_codes(former_states: Path) -> None:
    panel = dyad_years("cow", spells=_spells(COW_SPELLS), years="1965-1993")
    tiv = _at(panel.pipe(add_arms_transfers), "arms_tiv")
    # The hand-worked order: 177.8 TIV over its 14 delivery years is 12.7 a year.
    assert tiv.loc[(365, 700, list(range(1978, 1992)))].to_numpy() == pytest.approx([12.7] * 14)
    assert tiv[(365, 700, 1992)] == 2.5 and tiv[(365, 700, 1993)] == 2.5  # Russia, same code
    assert tiv[(365, 265, 1989)] == 240  # the Soviet Union to East Germany
    assert tiv[(2, 817, 1965)] == 36  # South Vietnam, COW 817
    # Czechoslovakia delivered in 1990 as COW 315; its 1993 delivery is the Czech
    # Republic's (the crosswalk key CZE holds 316 from 1993).
    assert tiv[(315, 700, 1990)] == 6 and tiv[(316, 700, 1993)] == 6
    assert tiv.sum() == pytest.approx(177.8 + 5 + 240 + 72 + 12)  # not the Mujahedin's 2


def test_state_totals_count_deliveries_from_non_state_suppliers(former_states: Path) -> None:
    panel = state_years("cow", spells=_spells(COW_SPELLS), years="1991")
    row = panel.pipe(add_arms_transfers).frame.set_index("ccode").loc[700]
    assert row.arms_imports_tiv == pytest.approx(12.7 + 2)
    assert row.arms_top_supplier_share == pytest.approx(12.7 / 14.7)


def test_gw_panels_use_gw_codes_of_the_same_states(former_states: Path) -> None:
    gw = {code: spell for code, spell in COW_SPELLS.items() if code != 316}
    panel = dyad_years("gw", spells=_spells(gw), years="1989-1993").pipe(add_arms_transfers)
    tiv = _at(panel, "arms_tiv")
    assert tiv[(365, 700, 1990)] == pytest.approx(12.7) and tiv[(365, 265, 1989)] == 240
    assert tiv[(315, 700, 1990)] == 6


def test_a_panel_is_required_and_the_register_must_be_cached(empty_cache: Path) -> None:
    with pytest.raises(InputError, match="add_arms_transfers needs a Panel"):
        add_arms_transfers(pd.DataFrame())  # type: ignore[arg-type]
    panel = state_years("cow", spells=_spells({2: ("USA", 1816, None)}), years="1990")
    with pytest.raises(DataNotAvailableError, match="sipri-trade"):
        add_arms_transfers(panel)
