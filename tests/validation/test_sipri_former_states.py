"""SIPRI's former states and zero cells, from the workbook to panels and burden tables.

Source: SIPRI Military Expenditure Database 2025
(``sipri/SIPRI-Milex-data-1949-2024.xlsx`` in ``../shared/data``): its data
sheets and its sheet "Footnotes" (notes 37 Costa Rica, 40 Haiti, 43 Panama,
57 North Korea, 72 Czechoslovakia, 74 German Democratic Republic, 80
Yugoslavia, 83 Russia, 86 Iceland, 100 North Yemen). State codes: Correlates
of War State System Membership v2016 and Gleditsch & Ward (isard spells in
``states/``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allied.panel import add_milex, burden_inputs, state_years
from allied.sources._milex_states import ZERO_BESIDE_FIGURE, ZERO_UNNOTED
from allied.sources._sipri import parse_milex_workbook
from allied.states import code_spells

pytestmark = pytest.mark.shared_data

MILEX = ["milex_usd_current", "milex_usd_constant", "milex_share_gdp_pct"]

#: SIPRI's current US$ m. for the USSR (sheet "Current US$", row "USSR", blue:
#: SIPRI estimates) and constant (2023) US$ m. (no figure for 1987)
USSR_CURRENT = {1987: 225_021.1, 1988: 246_011.0, 1989: 218_759.7, 1990: 219_114.1}
USSR_CONSTANT = {1988: 282_701.4, 1989: 262_132.3, 1990: 221_760.3}


@pytest.fixture(scope="module")
def milex(shared_data: Path) -> pd.DataFrame:
    return parse_milex_workbook(shared_data / "sipri" / "SIPRI-Milex-data-1949-2024.xlsx")


@pytest.fixture(scope="module")
def panels(shared_cache: Path) -> dict[str, pd.DataFrame]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(shared_cache))
        return {
            "cow": state_years("cow", years="1949-2024", through=2024).pipe(add_milex).frame,
            "gw": state_years("gw", years="1949-2024", through=2024).pipe(add_milex).frame,
        }


def _series(panel: pd.DataFrame, code_column: str, code: int, column: str) -> pd.Series:
    rows = panel[panel[code_column] == code].set_index("year")[column]
    return rows / 1e6 if column.startswith("milex_usd") else rows


def _spans(years: pd.Series) -> str:
    """``1949-2016`` or ``1996-2011`` for a run of years (``a-b,c`` when broken)."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and spans[-1][1] == year - 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def test_the_workbook_zero_cells_by_meaning(milex: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database 2025: 882 cells hold 0, all in the
    four currency sheets. 615 are SIPRI's zero for states without armed forces
    (notes 37 Costa Rica 303 cells, 86 Iceland 148 from 1988, 43 Panama 100
    from 2000, 40 Haiti 64 for 1996-2011); 255 stand beside a figure in
    another sheet of the same year (current US$ of the USSR's successor row,
    the German DR, Czechoslovakia, Yugoslavia, North Yemen, North Korea, ...:
    note 57, "no figures are provided for spending in current US$"); 12 are
    Mauritania's 2007, 2010 and 2011 in every currency sheet, which no note
    explains and Mauritania has armed forces (CIA World Factbook 2007: a
    military council ruled it after the 2005 coup)."""
    marked = milex.marking.value_counts()
    assert marked["no military expenditure (SIPRI note 37)"] == 303
    assert marked["no military expenditure (SIPRI note 86)"] == 148
    assert marked["no military expenditure (SIPRI note 43)"] == 100
    assert marked["no military expenditure (SIPRI note 40)"] == 64
    assert marked[ZERO_BESIDE_FIGURE] == 255
    assert marked[ZERO_UNNOTED] == 12
    zeros = milex[milex.value == 0]
    assert len(zeros) == 615
    assert set(zeros.country) == {"Costa Rica", "Iceland", "Panama", "Haiti"}
    beside = milex[milex.marking == ZERO_BESIDE_FIGURE]
    assert beside.value.isna().all() and beside.unavailable.all()
    assert beside.measure.value_counts().to_dict() == {
        "current_usd": 251,
        "local_currency": 3,  # Australia 1949, Ghana 1967, Haiti 2012: financial years only
        "local_currency_financial_years": 1,  # Sweden 1996
    }
    unnoted = milex[milex.marking == ZERO_UNNOTED]
    assert set(unnoted.country) == {"Mauritania"} and set(unnoted.year) == {2007, 2010, 2011}


@pytest.mark.parametrize(("system", "code_column"), [("cow", "ccode"), ("gw", "gwcode")])
def test_no_system_member_spends_zero_unless_sipri_records_no_armed_forces(
    panels: dict[str, pd.DataFrame], system: str, code_column: str
) -> None:
    """Every state-year of a COW (to 2016) or G-W (to 2020) system member with
    0 spending over the whole workbook, and SIPRI's reason: Costa Rica (94) has
    no armed forces (note 37); Iceland (395) no standing army (note 86, zeros
    from 1988); Panama (95) disbanded its forces in 1990 (note 43, zeros from
    2000); Haiti (41) disbanded them in 1994 and its ministry of defence
    returned to the budget in 2012 (note 40)."""
    panel = panels[system]
    last = int(panel.year.max())
    zero = panel[(panel[MILEX] == 0).any(axis=1)]
    found = {int(code): _spans(years) for code, years in zero.groupby(code_column).year}
    assert found == {
        41: "1996-2011",  # Haiti, note 40
        94: f"1949-{last}",  # Costa Rica, note 37
        95: f"2000-{last}",  # Panama, note 43
        395: f"1988-{last}",  # Iceland, note 86
    }
    assert not (panel.milex_share_gdp_pct == 0).any()  # SIPRI gives no share for them


@pytest.mark.parametrize(("system", "code_column"), [("cow", "ccode"), ("gw", "gwcode")])
def test_the_ussr_figures_land_on_365(
    panels: dict[str, pd.DataFrame], system: str, code_column: str
) -> None:
    """SIPRI Military Expenditure Database 2025, row "USSR": US$ 225 021 m. in
    1987, 246 011 m. in 1988, 218 760 m. in 1989, 219 114 m. in 1990 (current);
    282 701, 262 132 and 221 760 m. in constant 2023 US$ for 1988-1990. Russia's
    row holds 0 for 1987-1990 and 1992 (no current US$ figure) and "..." for
    1991; its first current figure is 7 767 m. in 1993."""
    current = _series(panels[system], code_column, 365, "milex_usd_current")
    constant = _series(panels[system], code_column, 365, "milex_usd_constant")
    for year, value in USSR_CURRENT.items():
        assert current[year] == pytest.approx(value, abs=0.1), year
    for year, value in USSR_CONSTANT.items():
        assert constant[year] == pytest.approx(value, abs=0.1), year
    assert current[[1985, 1986, 1991, 1992]].isna().all()
    assert pd.isna(constant[1987])
    assert current[1993] == pytest.approx(7_766.7, abs=0.1)
    assert constant[1992] == pytest.approx(47_565.8, abs=0.1)  # Russia, constant 2023 US$


def test_the_other_former_states_land_on_their_codes(panels: dict[str, pd.DataFrame]) -> None:
    """SIPRI Military Expenditure Database 2025, constant (2023) US$ m.: German
    Democratic Republic 10 143 (1985) ... 12 438 (1989), "xxx" from 1990 (note
    74) on COW/G-W 265; Czechoslovakia 10 832 (1985) ... 9 485 (1992) and its
    only current-US$ figure, 2 334 in 1990 (note 72), on 315; North Yemen 10 016
    (1988) and 9 631 (1989) on COW and G-W 678; Yugoslavia has no US$ figure at
    all (note 80: no constant US$; current US$ cells 0), so 345 stays NA."""
    for system, column in (("cow", "ccode"), ("gw", "gwcode")):
        panel = panels[system]
        gdr = _series(panel, column, 265, "milex_usd_constant")
        assert gdr[1985] == pytest.approx(10_143.0, abs=0.1)
        assert gdr[1989] == pytest.approx(12_437.8, abs=0.1)
        assert gdr[1990:].isna().all()
        assert _series(panel, column, 265, "milex_usd_current").isna().all()
        czechoslovakia = _series(panel, column, 315, "milex_usd_constant")
        assert czechoslovakia[1985] == pytest.approx(10_831.9, abs=0.1)
        assert czechoslovakia[1992] == pytest.approx(9_485.2, abs=0.1)
        current = _series(panel, column, 315, "milex_usd_current")
        assert current[1990] == pytest.approx(2_334.3, abs=0.1)
        assert current.drop(1990).isna().all()
        yemen = _series(panel, column, 678, "milex_usd_constant")
        assert yemen[[1988, 1989]].tolist() == pytest.approx([10_015.5, 9_631.3], abs=0.1)
        yugoslavia = panel[(panel[column] == 345) & (panel.year <= 1991)]
        assert yugoslavia[MILEX].isna().all().all() and len(yugoslavia) == 43


def test_the_burden_table_reads_the_same_ussr_figures(in_shared_cache: Path) -> None:
    """The burden table's SIPRI reading (its inputs) gives Russia (RUS, COW 365) the
    USSR's figures for 1987-1990, as add_milex does: SIPRI Military Expenditure
    Database 2025, row "USSR"."""
    table = burden_inputs(states="RUS", years="1987-1992", source="sipri").frame
    rows = table.set_index("year")
    for year, value in USSR_CURRENT.items():
        assert rows.milex_usd[year] / 1e6 == pytest.approx(value, abs=0.1), year
    for year, value in USSR_CONSTANT.items():
        assert rows.milex_usd_constant[year] / 1e6 == pytest.approx(value, abs=0.1), year
    assert rows.milex_usd[[1991, 1992]].isna().all()


def test_former_state_spells_are_the_cow_and_gw_spells(shared_data: Path) -> None:
    """The crosswalk's spells of the German Democratic Republic (DDR) and South
    Yemen (YMD) are COW's (State System Membership v2016: 265 GDR 1954-03-25 to
    1990-10-02; 680 YPR 1967-11-30 to 1990-05-21) and Gleditsch & Ward's (265
    from 1949-10-05; 680 the same days), to the day."""
    cow = pd.read_csv(shared_data / "states" / "cow_system_spells_isard.csv")
    gw = pd.read_csv(shared_data / "states" / "gw_system_spells_isard.csv")
    reference = {("cow", r.ccode, r.cw_abb): (r.start, r.end) for r in cow.itertuples()} | {
        ("gw", r.gwcode, r.gw_abb): (r.start, r.end) for r in gw.itertuples()
    }
    spells = code_spells(former=True)
    former = spells[spells.iso3.isin(["DDR", "YMD"])]
    assert len(former) == 4
    for s in former.itertuples():
        dates = (s.start.date().isoformat(), s.end.date().isoformat())
        assert reference[(s.system, s.code, s.abb)] == dates, (s.iso3, s.system)
    assert not code_spells().iso3.isin(["DDR", "YMD"]).any()  # today's states only
