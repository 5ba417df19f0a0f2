"""Portfolios and similarity for every dyad-year, on the tiny cache (tests/conftest.py).

In 1948 the tiny system has three states (USA 2, UK 200, France 220) and no
alliance, so each portfolio is 3 on the state itself and 0 elsewhere:
x_USA = (3, 0, 0), x_UK = (0, 3, 0). By hand, with range 3 and n = 3:
S = 1 - 2 * (3 + 3 + 0) / 3 / 3 = -1/3; kappa = pi = 1 - 6 / 4 = -1/2
(observed mean squared difference 6; both means 1, both variances 2);
tau-b = (0 - 1) / sqrt(2 * 2) = -1/2 (one discordant pair, one tie each).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.errors import InputError
from allied.measures import add_similarity, portfolios, similarity_table
from allied.panel import dyad_years

_GW_SPELLS = pd.DataFrame(
    {
        "code": [2, 200],
        "start": pd.to_datetime(["1816-01-01", "1816-01-01"]),
        "end": pd.to_datetime(["1950-12-31", "1950-12-31"]),
    }
)


def _value(table: pd.DataFrame, column: str, a: int, b: int, year: int) -> float:
    row = table[(table.ccode1 == a) & (table.ccode2 == b) & (table.year == year)]
    assert len(row) == 1
    return float(row[column].iloc[0])


def test_hand_computed_values_for_1948(tiny_cache: Path) -> None:
    table = similarity_table(["s_abs", "s_sq", "kappa", "pi", "tau_b"], years="1948")
    assert len(table) == 9  # three states, self-pairs included
    assert _value(table, "s_abs", 2, 200, 1948) == pytest.approx(-1 / 3)
    assert _value(table, "s_sq", 2, 200, 1948) == pytest.approx(1 - 2 * (1 + 1) / 3)
    assert _value(table, "kappa", 2, 200, 1948) == pytest.approx(-0.5)
    assert _value(table, "pi", 2, 200, 1948) == pytest.approx(-0.5)
    assert _value(table, "tau_b", 2, 200, 1948) == pytest.approx(-0.5)
    assert _value(table, "s_abs", 2, 2, 1948) == 1.0


def test_allies_share_a_portfolio(tiny_cache: Path) -> None:
    """From 24 August 1949 the three are in one defense pact: identical rows."""
    table = similarity_table(["s_abs"], years="1950", include_self=False)
    assert len(table) == 6
    assert (table.s_abs == 1.0).all()


def test_states_that_never_meet_in_a_year_have_no_similarity(tiny_cache: Path) -> None:
    """Germany (255) left on 8 May 1945 and France (220) came back on 15 August:
    neither has a defined tie to the other, so both rows are NaN in 1945."""
    table = similarity_table(["s_abs"], years="1945")
    assert np.isnan(_value(table, "s_abs", 220, 2, 1945))
    assert np.isnan(_value(table, "s_abs", 255, 255, 1945))
    # four states now: |x_USA - x_UK| sums to 6, so S = 1 - 2 * (6 / 3) / 4 = 0
    assert _value(table, "s_abs", 2, 200, 1945) == pytest.approx(0.0)
    year = next(portfolios(years="1945"))
    assert year.codes.tolist() == [2, 200, 220, 255]
    assert year.incomplete.tolist() == [False, False, True, True]


def test_add_similarity_joins_onto_a_cow_panel(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1948-1950").pipe(add_similarity, ["s_abs", "kappa"])
    frame = panel.frame
    assert list(frame.columns) == ["ccode1", "ccode2", "year", "s_abs", "kappa"]
    assert _value(frame, "s_abs", 200, 2, 1948) == pytest.approx(-1 / 3)
    assert _value(frame, "s_abs", 200, 2, 1950) == 1.0
    binary = dyad_years("cow", years="1948").pipe(add_similarity, coding="binary")
    assert "s_abs_binary" in binary.frame.columns
    assert _value(binary.frame, "s_abs_binary", 2, 200, 1948) == pytest.approx(-1 / 3)


def test_add_similarity_is_na_outside_atop_years(tiny_cache: Path) -> None:
    frame = dyad_years("cow", years="2017-2020", through=2020).pipe(add_similarity).frame
    assert frame[frame.year > 2018].s_abs.isna().all()
    assert frame[frame.year <= 2018].s_abs.notna().all()


def test_weighted_measures_need_and_use_cinc(tiny_cache: Path) -> None:
    table = similarity_table(["s_abs_cinc"], years="1990")
    # 255 and 260 never share a day of 1990; the allies' portfolios are equal.
    assert _value(table, "s_abs_cinc", 2, 200, 1990) == 1.0
    assert np.isnan(_value(table, "s_abs_cinc", 2, 260, 1990))


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: similarity_table(["s"]), "unknown similarity measure"),
        (lambda: similarity_table(coding="ordinal"), "unknown coding"),
        (lambda: similarity_table(years="2100"), "outside ATOP"),
        (lambda: add_similarity(dyad_years("gw", spells=_GW_SPELLS)), "COW dyad-year"),
    ],
)
def test_bad_requests_are_input_errors(tiny_cache: Path, call: object, text: str) -> None:
    with pytest.raises(InputError, match=text):
        call()  # type: ignore[operator]


def test_weighted_similarity_cites_the_capabilities_data(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990").pipe(add_similarity, ["s_abs_cinc"])
    assert [c.key for c in panel.citations()] == ["cow-states", "atop", "nmc7"]
