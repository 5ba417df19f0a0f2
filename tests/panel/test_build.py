"""State-year and dyad-year construction on hand-made spells."""

from __future__ import annotations

import pandas as pd
import pytest

from allied.errors import InputError
from allied.panel import dyad_years, parse_years, state_years


def _spells(rows: list[tuple[int, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "abb": "X",
            "name": "X",
            "start": pd.to_datetime([r[1] for r in rows]),
            "end": pd.to_datetime([r[2] for r in rows]),
            "microstate": False,
        }
    )


# A: all along; B: 1920-06-01 to 1930-03-10; C: from 1930-06-01. B and C share
# the year 1930 but never a day of it, so (B, C, 1930) must not exist.
SPELLS = _spells(
    [
        (10, "1919-01-01", "1931-12-31"),
        (20, "1920-06-01", "1930-03-10"),
        (30, "1930-06-01", "1931-12-31"),
    ]
)


def test_state_years_cover_every_year_a_spell_touches() -> None:
    panel = state_years("cow", spells=SPELLS)
    frame = panel.frame
    assert panel.unit == "state-year" and panel.system == "cow"
    assert list(frame.columns) == ["ccode", "year"]
    assert frame[frame.ccode == 20].year.tolist() == list(range(1920, 1931))
    assert frame[frame.ccode == 30].year.tolist() == [1930, 1931]
    assert len(frame) == 13 + 11 + 2


def test_dyads_that_never_share_a_day_are_dropped() -> None:
    frame = dyad_years("cow", spells=SPELLS).frame
    keys = set(zip(frame.ccode1, frame.ccode2, frame.year, strict=True))
    assert (20, 30, 1930) not in keys and (30, 20, 1930) not in keys
    assert (10, 20, 1930) in keys and (10, 30, 1930) in keys
    # 10-20 over 1920-1930 (11 years), 10-30 over 1930-1931 (2): both directions
    assert len(frame) == 2 * (11 + 2)
    assert frame.equals(frame.sort_values(["ccode1", "ccode2", "year"], ignore_index=True))


def test_undirected_keeps_the_lower_code_first() -> None:
    frame = dyad_years("cow", spells=SPELLS, directed=False).frame
    assert (frame.ccode1 < frame.ccode2).all()
    assert len(frame) == 11 + 2


def test_through_extends_states_alive_at_the_end_of_the_data() -> None:
    frame = dyad_years("cow", spells=SPELLS, through=1935).frame
    # 10 and 30 end on the last date of the data, so they run to 1935; 20 does not.
    assert frame[(frame.ccode1 == 10) & (frame.ccode2 == 30)].year.tolist() == list(
        range(1930, 1936)
    )
    assert frame.year.max() == 1935


def test_years_select_a_window() -> None:
    frame = dyad_years("cow", spells=SPELLS, years="1925-1926").frame
    assert sorted(set(frame.year)) == [1925, 1926]
    assert len(frame) == 4


def test_gw_panels_carry_microstate_flags() -> None:
    spells = SPELLS.assign(microstate=[False, True, False])
    frame = dyad_years("gw", spells=spells).frame
    assert list(frame.columns) == ["gwcode1", "gwcode2", "year", "microstate1", "microstate2"]
    row = frame[(frame.gwcode1 == 10) & (frame.gwcode2 == 20)].iloc[0]
    assert (row.microstate1, row.microstate2) == (0, 1)
    assert state_years("gw", spells=spells).frame.microstate.sum() == 11


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: dyad_years("iso", spells=SPELLS), "unknown state system"),
        (lambda: dyad_years("cow", spells=SPELLS, years="1990-1980"), "run backwards"),
        (lambda: dyad_years("cow", spells=SPELLS, years="soon"), "cannot read years"),
        (lambda: dyad_years("cow", spells=SPELLS, through=1920), "before the end of the data"),
        (lambda: state_years("cow", spells=SPELLS, years="1950"), "outside the state system"),
    ],
)
def test_bad_arguments_say_what_and_how(call: object, text: str) -> None:
    with pytest.raises(InputError, match=text) as caught:
        call()  # type: ignore[operator]
    assert caught.value.fix


def test_parse_years_accepts_ranges_and_en_dashes() -> None:
    assert parse_years("1946\N{EN DASH}2018") == (1946, 2018)
    assert parse_years((1990, 1995)) == (1990, 1995)
    assert parse_years(None) is None
