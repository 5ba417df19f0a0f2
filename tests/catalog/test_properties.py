"""Invariants of the catalog queries, for any arrangement and date."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from allied.catalog import arrangements, load_catalog, members, partners_of

CATALOG = load_catalog()
IDS = sorted(CATALOG.by_id)
DATES = st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(IDS), DATES)
def test_members_on_a_date_are_within_their_spells(arrangement_id: str, on: date) -> None:
    current = members(arrangement_id, on=on)
    assert current.state.is_unique
    # a spell known only as of a date (joined empty) starts at that date
    starts = [joined or as_of for joined, as_of in zip(current.joined, current.as_of, strict=True)]
    assert all(start <= on for start in starts)
    assert all(left is None or on <= left for left in current.left)
    assert set(current.state) <= set(members(arrangement_id).state)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted({m.state for a in CATALOG for m in a.members})), DATES)
def test_partnership_is_symmetric(state: str, on: date) -> None:
    mine = partners_of(state, on=on)
    for partner, arrangement in zip(mine.partner, mine.arrangement, strict=True):
        theirs = partners_of(partner, on=on)
        assert ((theirs.partner == state) & (theirs.arrangement == arrangement)).any()


@settings(max_examples=60, deadline=None)
@given(DATES)
def test_active_filter_matches_dates(on: date) -> None:
    active = {a.id for a in arrangements(active_on=on)}
    for a in CATALOG:
        in_force = (a.in_force or a.signed) <= on and (a.ended is None or on <= a.ended)  # type: ignore[operator]
        assert (a.id in active) == in_force, a.id
