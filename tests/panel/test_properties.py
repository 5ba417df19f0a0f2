"""Invariants: panels match a brute-force construction; joins never add or drop rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allied.errors import InputError
from allied.panel import Panel, add_catalog, dyad_years, registered_steps, state_years

_DAY0 = date(1900, 1, 1)


@st.composite
def spell_lists(draw: st.DrawFn) -> pd.DataFrame:
    """Up to five states, each with one or two non-overlapping spells in 1900-1910."""
    rows = []
    for code in draw(st.lists(st.integers(2, 990), min_size=1, max_size=5, unique=True)):
        start = draw(st.integers(0, 3000))
        for _ in range(draw(st.integers(1, 2))):
            end = start + draw(st.integers(0, 1200))
            if end > 4017:
                break
            rows.append((code, _DAY0 + timedelta(start), _DAY0 + timedelta(end)))
            start = end + draw(st.integers(1, 400))
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "start": pd.to_datetime([r[1] for r in rows]),
            "end": pd.to_datetime([r[2] for r in rows]),
            "microstate": False,
        }
    )


def _brute_force(spells: pd.DataFrame) -> set[tuple[int, int, int]]:
    """Every (a, b, year) whose spells share a day of the year, by looping over days' bounds."""
    found = set()
    rows = list(spells.itertuples(index=False))
    for a in rows:
        for b in rows:
            if a.code == b.code:
                continue
            first, last = max(a.start, b.start), min(a.end, b.end)
            if first <= last:
                found.update((a.code, b.code, year) for year in range(first.year, last.year + 1))
    return found


@settings(max_examples=150, deadline=None)
@given(spell_lists())
def test_dyad_years_equal_the_brute_force_construction(spells: pd.DataFrame) -> None:
    frame = dyad_years("cow", spells=spells).frame
    keys = list(zip(frame.ccode1, frame.ccode2, frame.year, strict=True))
    assert keys == sorted(_brute_force(spells))


#: Every step of the dataset registry (atop, nmc, nmc6, majors, gdp, milex, ideal-points ...)
#: and the catalog's.
_REGISTERED = registered_steps()
_STEPS: list[tuple[str, Callable[[Panel], Panel]]] = [
    *_REGISTERED.items(),
    ("catalog", lambda p: add_catalog(p, ["nato", "aukus"])),
]
#: Steps whose data do not fit a unit (they refuse it), and steps run after another.
_REFUSED = {
    *((name, "state-year") for name in ("wars", "mids", "cow-mids", "gml-mids", "peace-years")),
    *((name, "dyad-year") for name in ("ucdp-acd", "ucdp-onsets")),
}
_AFTER = {"peace-years": "mids"}


_THROUGH = 2024  # states alive at the end of the data are extended through this year


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.integers(1816, _THROUGH),
    length=st.integers(0, 60),
    dyadic=st.booleans(),
    directed=st.booleans(),
    step=st.sampled_from(range(len(_STEPS))),
)
def test_every_add_step_keeps_rows_and_keys(
    cache_with_nmc6: Path, first: int, length: int, dyadic: bool, directed: bool, step: int
) -> None:
    years = (first, min(first + length, _THROUGH))  # years beyond the data are an input error
    if dyadic:
        panel = dyad_years("cow", years=years, through=_THROUGH, directed=directed)
    else:
        panel = state_years("cow", years=years, through=_THROUGH)
    name, function = _STEPS[step]
    if name in _AFTER and dyadic:
        panel = _REGISTERED[_AFTER[name]](panel)
    try:
        enriched = function(panel)
    except InputError as refusal:  # a step whose data do not fit the unit says so
        assert (name, panel.unit) in _REFUSED, refusal
        return
    assert len(enriched) == len(panel)
    pd.testing.assert_frame_equal(enriched.frame[list(panel.keys)], panel.frame[list(panel.keys)])
    assert enriched.unit == panel.unit and enriched.system == panel.system
