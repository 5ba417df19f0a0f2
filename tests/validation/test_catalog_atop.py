"""The catalog's members and entry years against ATOP 5.1.

Source: Leeds, Ritter, Mitchell & Long (2002), Alliance Treaty Obligations and
Provisions v5.1, member-level file ``atop/atop5_1m.csv`` in ``../shared/data``.
ATOP dates a state's obligations from its signature (of the treaty or of its
accession protocol); the catalog records that as the member's ``signed`` date,
so entry years must agree. Every deliberate difference is written, with its
reason, in the arrangement's ``atop_differences``.
"""

from pathlib import Path

import pandas as pd
import pytest

from allied.catalog import compare_with_atop, load_catalog


@pytest.fixture(scope="module")
def atop(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "atop" / "atop5_1m.csv")


def covered() -> list[str]:
    return sorted(a.id for a in load_catalog() if a.atop_id is not None)


def test_enough_treaties_are_cross_checked() -> None:
    assert {
        "nato",
        "seato",
        "cento",
        "anzus",
        "rio_treaty",
        "us_rok_mutual_defense_treaty",
        "us_japan_security_treaty",
        "csto",
    } <= set(covered())


@pytest.mark.parametrize("arrangement_id", covered())
def test_members_and_entry_years_agree(atop: pd.DataFrame, arrangement_id: str) -> None:
    arrangement = load_catalog().get(arrangement_id)
    assert arrangement.atop_id in set(atop.atopid), "atop_id not in ATOP 5.1"
    disagreements = compare_with_atop(arrangement, atop)
    unexplained = [str(d) for d in disagreements if not d.explained]
    assert unexplained == []
    stale = {d.state for d in arrangement.atop_differences} - {d.state for d in disagreements}
    assert stale == set(), "atop_differences that no longer differ"


def test_nato_matches_atop_3180_exactly(atop: pd.DataFrame) -> None:
    """NATO (atopid 3180): all 29 members through 2018, with ATOP's entry years."""
    nato = load_catalog().get("nato")
    assert compare_with_atop(nato, atop) == []
    assert not nato.atop_differences
