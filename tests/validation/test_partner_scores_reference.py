"""Partner scores of 2018 from the publishers' files, read as a defence analyst would.

Sources: the datasets of ``partner_cache`` (ATOP 5.1, COW MIDs, Thompson rivalries, UNGA
ideal points, V-Dem via isard, SIPRI milex and trade register, World Bank GDP, NMC 7.0)
and the catalog's dated memberships: NATO's members on 31 December 2018 (Poland's 28
allies), the EU arms embargoes on Russia and Belarus, ANZUS, Five Eyes and the F-35
program. With the default weights, Poland's allies must lead its ranking and Russia and
Belarus must stand out by their challenges, named.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from allied import catalog
from allied.models import PartnerRanking, assess, rank


@pytest.fixture(scope="module")
def poland(partner_cache: Path) -> Iterator[PartnerRanking]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(partner_cache))
        yield rank("POL", year=2018)


def _nato_allies() -> set[str]:
    members = catalog.members("nato", on=date(2018, 12, 31))
    return set(members["state"]) - {"POL"}


def test_poland_s_best_partners_are_its_nato_allies(poland: PartnerRanking) -> None:
    allies = _nato_allies()
    assert len(allies) == 28
    top = poland.table.head(15)
    assert set(top.iso3) <= allies  # every one of the fifteen best is a NATO ally
    assert {"USA", "DEU", "GBR", "FRA"} <= set(poland.table.head(10).iso3)


def test_russia_and_belarus_rank_low_with_their_challenges_named(poland: PartnerRanking) -> None:
    table = poland.table.set_index("iso3")
    for state in ("RUS", "BLR"):
        assert table.loc[state, "rank"] > 30
        assert table.loc[state, "main_challenge"].startswith("arms_embargo")  # EU embargo
        assert table.loc[state, "challenge"] > table.head(15)["challenge"].max()


def test_usa_australia_2018_shares_what_the_catalog_records(partner_cache: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(partner_cache))
        result = assess("USA", "AUS", year=2018)
    values = result.fit_table.set_index("indicator")["value"]
    assert values["shared_alliances"] == 1  # ANZUS
    assert values["shared_information_sharing"] == 1  # Five Eyes
    assert values["shared_programs"] == 1  # the F-35 program
    assert result.challenge_table.set_index("indicator").loc["arms_embargo", "value"] == 0
    known = result.fit_table.dropna(subset=["contribution"])
    assert result.fit == pytest.approx(known.contribution.sum(), rel=1e-12)
