"""Alliance onsets against ATOP 5.1's member-level file and the treaties' signatories.

Sources: ATOP 5.1 member-level file (``../shared/data/atop/atop5_1m.csv``; Leeds et
al. 2002); the North Atlantic Treaty, signed in Washington on 4 April 1949 by Belgium,
Canada, Denmark, France, Iceland, Italy, Luxembourg, the Netherlands, Norway, Portugal,
the United Kingdom and the United States (NATO, "NATO marks 66th anniversary of the
Washington Treaty", https://www.nato.int/cps/en/natohq/news_118651.htm; International
Organization 3(2), 1949); the Southeast Asia Collective Defense Treaty, signed in
Manila on 8 September 1954 by Australia, France, New Zealand, Pakistan, the Philippines,
Thailand, the United Kingdom and the United States (FRUS 1952-54 XIII part 2, doc. 1168,
http://history.state.gov/historicaldocuments/frus1952-54v13p2/d1168).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from allied.panel import alliance_onsets

#: COW codes of the signatories (USA, CAN, UKG, NTH, BEL, LUX, FRN, POR, ITA, NOR, DEN, ICE).
NATO_FOUNDERS = (2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395)
#: COW codes of the signatories (USA, UKG, FRN, PAK, THI, PHI, AUL, NEW).
SEATO_SIGNATORIES = (2, 200, 220, 770, 800, 840, 900, 920)
NATO_ATOPID, SEATO_ATOPID = 3180, 3260


@pytest.fixture(scope="module")
def defense(shared_cache: Path) -> pd.DataFrame:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(shared_cache))
        frame = alliance_onsets("1946-2018", obligation="defense").frame
    return frame.set_index(["ccode1", "ccode2", "year"])


@pytest.fixture(scope="module")
def members(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "atop" / "atop5_1m.csv", low_memory=False)


def _defense_pairs_in_force(members: pd.DataFrame, year: int) -> set[tuple[int, int]]:
    """Pairs of members of one ATOP alliance in force in ``year`` (membership entered by
    ``year`` and not left before it) where either one has a defense obligation (as in
    ATOP's asymmetric alliances, e.g. 1400, where the UK defends Portugal), from the
    member file."""
    rows = members[
        (members["yrent"] <= year) & ((members["yrexit"] == 0) | (members["yrexit"] >= year))
    ]
    pairs: set[tuple[int, int]] = set()
    for _, group in rows.groupby("atopid"):
        bound = dict(zip(group["member"], group["defense"], strict=False))
        pairs |= {
            (a, b) for a, b in combinations(sorted(bound), 2) if bound[a] == 1 or bound[b] == 1
        }
    return pairs


def _founders(members: pd.DataFrame, atopid: int, year: int) -> tuple[int, ...]:
    rows = members[(members["atopid"] == atopid) & (members["yrent"] == year)]
    return tuple(sorted(set(rows["member"])))


def test_nato_founders_are_the_treatys_signatories_in_atop(members: pd.DataFrame) -> None:
    # Source: the North Atlantic Treaty's twelve signatories (NATO; IO 1949), ATOP 5.1.
    assert _founders(members, NATO_ATOPID, 1949) == NATO_FOUNDERS
    assert _founders(members, SEATO_ATOPID, 1954) == SEATO_SIGNATORIES


def _founding_pairs(
    defense: pd.DataFrame, members: pd.DataFrame, founders: Iterable[int], year: int
) -> tuple[list[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
    """The founders' pairs, those not in a defense pact the year before (the expected
    onsets), and those coded as onsets in ``year``."""
    before = _defense_pairs_in_force(members, year - 1)
    pairs = list(combinations(sorted(founders), 2))
    expected = {pair for pair in pairs if pair not in before}
    onsets = {pair for pair in pairs if defense.loc[(*pair, year), "onset"] == 1}
    return pairs, expected, onsets


def test_1949_defense_onsets_include_every_nato_founder_pair_not_already_allied(
    defense: pd.DataFrame, members: pd.DataFrame
) -> None:
    # Source: ATOP 5.1 member file (alliance 3180, NATO; the defense pacts in force in
    # 1948, e.g. the Brussels Treaty of March 1948 among the UK, France and Benelux).
    pairs, expected, onsets = _founding_pairs(defense, members, NATO_FOUNDERS, 1949)
    assert onsets == expected
    assert len(expected) == 55  # 66 pairs, 11 already allied (Brussels Treaty, UK-Portugal)
    assert {(200, 220), (210, 211), (200, 235)} <= set(pairs) - onsets
    assert all(defense.loc[(*pair, 1949), "at_risk"] == 1 for pair in expected)
    year = defense.xs(1949, level="year")
    assert int(year["onset"].sum()) == 57  # the NATO pairs and two more defense dyads
    assert int((year["onset"] & year["at_risk"]).sum()) == 57


def test_1954_defense_onsets_include_every_seato_pair_not_already_allied(
    defense: pd.DataFrame, members: pd.DataFrame
) -> None:
    # Source: ATOP 5.1 member file (alliance 3260, SEATO; in force in 1953: NATO,
    # ANZUS, the US-Philippines treaty).
    pairs, expected, onsets = _founding_pairs(defense, members, SEATO_SIGNATORIES, 1954)
    assert onsets == expected
    assert len(expected) == 21  # 28 pairs; allied before: NATO (3), ANZUS (3), US-PHI
    assert {(2, 900), (2, 920), (900, 920), (2, 840), (200, 220)} <= set(pairs) - onsets
    assert (770, 800) in onsets  # Pakistan-Thailand: new in SEATO


def test_onsets_never_follow_an_alliance_and_allied_dyads_are_never_at_risk(
    defense: pd.DataFrame,
) -> None:
    assert not (defense["onset"].astype(bool) & defense["allied_before"].astype(bool)).any()
    assert not (defense["at_risk"].astype(bool) & defense["allied_before"].astype(bool)).any()
    assert (defense["onset"] == (defense["allied"] & (1 - defense["allied_before"]))).all()
