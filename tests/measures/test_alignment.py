"""Portfolios and similarity for every dyad-year, on the tiny cache (tests/conftest.py).

In 1948 the tiny system has three states (USA 2, UK 200, France 220) and no
alliance, so each portfolio is 3 on the state itself and 0 elsewhere:
x_USA = (3, 0, 0), x_UK = (0, 3, 0). By hand, with range 3 and n = 3:
S = 1 - 2 * (3 + 3 + 0) / 3 / 3 = -1/3; kappa = pi = 1 - 6 / 4 = -1/2
(observed mean squared difference 6; both means 1, both variances 2);
tau-b = (0 - 1) / sqrt(2 * 2) = -1/2 (one discordant pair, one tie each).

The data comes from ``allied.panel.alliance_portfolios`` (the cache); the
measures are pure functions of it. The old calls that read the cache inside
the measures still work, with a DeprecationWarning (end of the file).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.errors import InputError
from allied.measures import (
    SimilarityTable,
    add_similarity,
    dyad_similarity,
    needs_cinc,
    portfolios,
    similarity_table,
    yearly_portfolios,
)
from allied.panel import AlliancePortfolios, alliance_portfolios, dyad_years

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


def _table(measures: list[str], years: str, **options: object) -> pd.DataFrame:
    data = alliance_portfolios(years=years, cinc=needs_cinc(measures))
    return dyad_similarity(data, measures, **options).to_frame()  # type: ignore[arg-type]


def test_hand_computed_values_for_1948(tiny_cache: Path) -> None:
    table = _table(["s_abs", "s_sq", "kappa", "pi", "tau_b"], "1948")
    assert len(table) == 9  # three states, self-pairs included
    assert _value(table, "s_abs", 2, 200, 1948) == pytest.approx(-1 / 3)
    assert _value(table, "s_sq", 2, 200, 1948) == pytest.approx(1 - 2 * (1 + 1) / 3)
    assert _value(table, "kappa", 2, 200, 1948) == pytest.approx(-0.5)
    assert _value(table, "pi", 2, 200, 1948) == pytest.approx(-0.5)
    assert _value(table, "tau_b", 2, 200, 1948) == pytest.approx(-0.5)
    assert _value(table, "s_abs", 2, 2, 1948) == 1.0


def test_allies_share_a_portfolio(tiny_cache: Path) -> None:
    """From 24 August 1949 the three are in one defense pact: identical rows."""
    table = _table(["s_abs"], "1950", include_self=False)
    assert len(table) == 6
    assert (table.s_abs == 1.0).all()


def test_states_that_never_meet_in_a_year_have_no_similarity(tiny_cache: Path) -> None:
    """Germany (255) left on 8 May 1945 and France (220) came back on 15 August:
    neither has a defined tie to the other, so both rows are NaN in 1945."""
    table = _table(["s_abs"], "1945")
    assert np.isnan(_value(table, "s_abs", 220, 2, 1945))
    assert np.isnan(_value(table, "s_abs", 255, 255, 1945))
    # four states now: |x_USA - x_UK| sums to 6, so S = 1 - 2 * (6 / 3) / 4 = 0
    assert _value(table, "s_abs", 2, 200, 1945) == pytest.approx(0.0)
    year = next(yearly_portfolios(alliance_portfolios(years="1945")))
    assert year.codes.tolist() == [2, 200, 220, 255]
    assert year.incomplete.tolist() == [False, False, True, True]


def test_add_similarity_joins_onto_a_cow_panel(tiny_cache: Path) -> None:
    data = alliance_portfolios(years="1948-1950")
    panel = dyad_years("cow", years="1948-1950").pipe(
        add_similarity, ["s_abs", "kappa"], portfolios=data
    )
    frame = panel.frame
    assert list(frame.columns) == ["ccode1", "ccode2", "year", "s_abs", "kappa"]
    assert _value(frame, "s_abs", 200, 2, 1948) == pytest.approx(-1 / 3)
    assert _value(frame, "s_abs", 200, 2, 1950) == 1.0
    binary = dyad_years("cow", years="1948").pipe(add_similarity, coding="binary", portfolios=data)
    assert "s_abs_binary" in binary.frame.columns
    assert _value(binary.frame, "s_abs_binary", 2, 200, 1948) == pytest.approx(-1 / 3)


def test_add_similarity_is_na_outside_atop_years(tiny_cache: Path) -> None:
    data = alliance_portfolios(years="2017-2020", clip=True)
    assert data.years == (2017, 2018)
    panel = dyad_years("cow", years="2017-2020", through=2020)
    frame = panel.pipe(add_similarity, portfolios=data).frame
    assert frame[frame.year > 2018].s_abs.isna().all()
    assert frame[frame.year <= 2018].s_abs.notna().all()


def test_add_similarity_leaves_years_the_data_does_not_have_empty(tiny_cache: Path) -> None:
    """Data of 1950 only: the panel's 1948 and 1949 rows stay NA, 1950 is filled."""
    frame = (
        dyad_years("cow", years="1948-1950")
        .pipe(add_similarity, portfolios=alliance_portfolios(years="1950"))
        .frame
    )
    assert frame[frame.year < 1950].s_abs.isna().all()
    assert (frame[frame.year == 1950].s_abs == 1.0).all()


def test_weighted_measures_need_and_use_cinc(tiny_cache: Path) -> None:
    table = _table(["s_abs_cinc"], "1990")
    # 255 and 260 never share a day of 1990; the allies' portfolios are equal.
    assert _value(table, "s_abs_cinc", 2, 200, 1990) == 1.0
    assert np.isnan(_value(table, "s_abs_cinc", 2, 260, 1990))


def test_weighted_measures_refuse_data_without_cinc(tiny_cache: Path) -> None:
    data = alliance_portfolios(years="1990")
    with pytest.raises(InputError, match=r"alliance_portfolios\(cinc=True\)"):
        dyad_similarity(data, ["s_abs_cinc"])
    with pytest.raises(InputError, match="CINC"):
        dyad_years("cow", years="1990").pipe(add_similarity, ["kappa_cinc"], portfolios=data)


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: needs_cinc(["s"]), "unknown similarity measure"),
        (lambda: needs_cinc(["s_abs"], coding="ordinal"), "unknown coding"),
        (lambda: alliance_portfolios(years="2100"), "outside ATOP"),
        (
            lambda: add_similarity(
                dyad_years("gw", spells=_GW_SPELLS), portfolios=alliance_portfolios(years="1948")
            ),
            "COW dyad-year",
        ),
        (lambda: dyad_similarity(pd.DataFrame(), ["s_abs"]), "alliance_portfolios"),
        (lambda: yearly_portfolios(alliance_portfolios(years="1948"), coding="x"), "coding"),
    ],
)
def test_bad_requests_are_input_errors(tiny_cache: Path, call: object, text: str) -> None:
    with pytest.raises(InputError, match=text):
        call()  # type: ignore[operator]


# ----------------------------------------------------------------- results and citations


def test_weighted_similarity_cites_the_capabilities_data(tiny_cache: Path) -> None:
    data = alliance_portfolios(years="1990", cinc=True)
    panel = dyad_years("cow", years="1990").pipe(add_similarity, ["s_abs_cinc"], portfolios=data)
    assert [c.key for c in panel.citations()] == ["cow-states", "atop", "nmc7"]
    assert panel.sources == ("atop", "nmc7")


def test_the_table_cites_only_what_its_measures_used(tiny_cache: Path) -> None:
    """Data built with CINC: the weighted measure cites NMC, an unweighted one does not."""
    data = alliance_portfolios(years="1990", cinc=True)
    weighted = dyad_similarity(data, ["s_abs", "s_abs_cinc"])
    assert weighted.sources == ("cow-states", "atop", "nmc7")
    assert [c.key for c in weighted.citations()] == [
        "signorino_ritter_1999",
        "cow-states",
        "atop",
        "nmc7",
    ]
    assert "Leeds" in weighted.citations()[2].text
    methods = dyad_similarity(data, ["kappa", "tau_b", "s_sq"]).citations()
    assert [c.key for c in methods][:3] == [
        "hage_2011",
        "bueno_de_mesquita_1975",
        "signorino_ritter_1999",
    ]

    plain = dyad_similarity(data, ["s_abs"])
    assert plain.sources == ("cow-states", "atop")
    assert plain.provenance.editions == ("2016", "5.1")


def test_every_measure_names_its_method() -> None:
    """Adding a measure to MEASURES without its reference fails here."""
    from allied.measures._alignment import MEASURE_CITATIONS, MEASURES

    assert set(MEASURE_CITATIONS) == set(MEASURES)
    assert MEASURE_CITATIONS["kappa_cinc"].doi == "10.1093/pan/mpr023"  # Häge (2011)


def test_similarity_table_shows_itself(tiny_cache: Path) -> None:
    result = dyad_similarity(alliance_portfolios(years="1948"), ["s_abs", "tau_b"])
    assert isinstance(result, SimilarityTable) and len(result) == 9
    assert result.to_frame().equals(result.frame) and result.to_frame() is not result.frame
    lines = result.summary().splitlines()
    assert lines[0] == (
        "Alliance-portfolio similarity: 9 directed dyad-years, 1948 "
        "(coding atop, self-pairs included)"
    )
    # s_abs: 1 on the three self-pairs, -1/3 on the six others: mean 1/9.
    assert lines[2].split() == ["s_abs", "9", "0", "0.111", "-0.333", "1.000"]
    assert lines[-1] == "  sources: cow-states (2016), atop (5.1)"
    html = result._repr_html_()
    assert html.startswith('<div class="allied-result"><pre>Alliance-portfolio similarity')
    assert "<th>tau_b</th>" in html


def test_data_of_ones_own_needs_no_cache(empty_cache: Path) -> None:
    """Frames given directly: two allies and a third state, by hand S = 1 and -1."""
    members = pd.DataFrame({"ccode": [2, 200, 220], "year": 1950})
    pact = pd.DataFrame(
        {"ccode1": [2, 200], "ccode2": [200, 2], "year": 1950}
        | {"defense": 1, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 0}
    )
    data = AlliancePortfolios.from_frames(members, pact)
    table = dyad_similarity(data, ["s_abs", "kappa"]).to_frame()
    assert _value(table, "s_abs", 2, 200, 1950) == 1.0
    assert _value(table, "s_abs", 200, 220, 1950) == -1.0
    # kappa: x = (3, 3, 0), y = (0, 0, 3): D_o = 9, D_e = s_x² + s_y² + (2 - 1)² = 2 + 2 + 1.
    assert _value(table, "kappa", 2, 220, 1950) == pytest.approx(1 - 9 / 5)


# ----------------------------------------------------------------- deprecated calls


def test_similarity_table_still_works_with_a_warning(tiny_cache: Path) -> None:
    with pytest.warns(DeprecationWarning, match="dyad_similarity"):
        old = similarity_table(["s_abs", "kappa_cinc"], years="1948-1950", include_self=False)
    assert isinstance(old, pd.DataFrame)
    new = _table(["s_abs", "kappa_cinc"], "1948-1950", include_self=False)
    pd.testing.assert_frame_equal(old, new)
    with pytest.warns(DeprecationWarning), pytest.raises(InputError, match="unknown coding"):
        similarity_table(coding="ordinal")


def test_portfolios_still_works_with_a_warning(tiny_cache: Path) -> None:
    with pytest.warns(DeprecationWarning, match="yearly_portfolios"):
        year = next(portfolios(years="1945", cinc=True))
    assert year.codes.tolist() == [2, 200, 220, 255]
    assert year.incomplete.tolist() == [False, False, True, True]
    assert year.cinc is not None and len(year.cinc) == 4


def test_add_similarity_without_data_still_works_with_a_warning(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="2017-2020", through=2020)
    with pytest.warns(DeprecationWarning, match="portfolios=allied.panel.alliance_portfolios"):
        old = panel.pipe(add_similarity, ["s_abs", "s_abs_cinc"])
    data = alliance_portfolios(years="2017-2020", cinc=True, clip=True)
    new = panel.pipe(add_similarity, ["s_abs", "s_abs_cinc"], portfolios=data)
    pd.testing.assert_frame_equal(old.frame, new.frame)
    assert old.sources == new.sources == ("atop", "nmc7")
