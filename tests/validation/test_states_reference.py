"""The embedded state codes against the COW and Gleditsch-Ward lists.

Sources: Correlates of War Project, State System Membership v2016
(``states/cow_states2016.csv``); Gleditsch & Ward (1999) as spelled out by
Miller's R package isard (``states/gw_system_spells_isard.csv``), in
``../shared/data``.
"""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from allied.states import code_spells, table


@pytest.fixture(scope="module")
def cow(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "states" / "cow_states2016.csv")


@pytest.fixture(scope="module")
def gw(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "states" / "gw_system_spells_isard.csv")


def test_cow_codes_match_cow_2016(cow: pd.DataFrame) -> None:
    """Every state in COW at the end of 2016 is in the table with its code and abbreviation."""
    alive = cow[cow.endyear == 2016].drop_duplicates("ccode")
    ours = table().dropna(subset=["cow_code"])
    ours_pairs = set(zip(ours.cow_code.astype(int), ours.cow_abb, strict=True))
    cow_pairs = set(zip(alive.ccode, alive.stateabb, strict=True))
    assert ours_pairs == cow_pairs


def test_gw_codes_match_gw_list(gw: pd.DataFrame) -> None:
    """Every G-W state alive at the end of the list is in the table, except the
    two the project does not treat as states today (Abkhazia 396, South Ossetia 397)."""
    last = gw.end.max()
    alive = gw[(gw.end == last) & ~gw.gwcode.isin([396, 397])]
    ours = table().dropna(subset=["gw_code"])
    assert set(zip(ours.gw_code.astype(int), ours.gw_abb, strict=True)) == set(
        zip(alive.gwcode, alive.gw_abb, strict=True)
    )


def test_cow_spells_are_cow_membership_spells(cow: pd.DataFrame) -> None:
    """Each embedded COW spell is one of COW's membership spells, to the day."""
    spells = code_spells()
    spells = spells[spells.system == "cow"]
    reference = {
        (r.ccode, date(r.styear, r.stmonth, r.stday)): date(r.endyear, r.endmonth, r.endday)
        for r in cow.itertuples()
    }
    for s in spells.itertuples():
        key = (s.code, s.start.date())
        assert key in reference, f"{s.iso3} COW {s.code} from {s.start.date()}"
        if not pd.isna(s.end):
            assert reference[key] == s.end.date(), f"{s.iso3} COW {s.code}"
        else:
            assert reference[key] == date(2016, 12, 31), f"{s.iso3} COW {s.code} ongoing"
