"""MID steps on the tiny cache: peacesciencer's whittling rules, worked by hand
(tests/tiny_data/disputes.py), and peace years counted by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.cite import cite
from allied.errors import DataNotAvailableError, InputError
from allied.panel import (
    PEACESCIENCER_WHITTLING,
    Panel,
    add_cow_mids,
    add_gml_mids,
    add_peace_years,
    dyad_years,
    state_years,
    whittle_dispute_years,
)


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index(["ccode1", "ccode2", "year"])


def test_the_default_joins_peacesciencers_whittled_dyad_years(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1985-2016").pipe(add_cow_mids)
    frame = _rows(panel.frame)
    assert frame.loc[(2, 220, 1989), "dispnum"] == 9102  # the new onset, not 9101 going on
    assert frame.loc[(2, 220, 1988), ["cowmidongoing", "cowmidonset"]].tolist() == [1, 0]
    assert frame.loc[(200, 260, 1990), "dispnum"] == 9104
    assert frame.loc[(260, 200, 1990), ["sidea1", "sidea2", "fatality"]].tolist() == [0, 1, -9]
    no_dispute = frame.loc[(2, 220, 1990)]
    assert (no_dispute.cowmidongoing, no_dispute.cowmidonset) == (0, 0)  # registry fill
    assert pd.isna(no_dispute.dispnum) and pd.isna(no_dispute.hostlev)
    after = frame.loc[(2, 220, 2015)]  # COW-MID 5.0 ends in 2014
    assert pd.isna(after.cowmidongoing) and pd.isna(after.cowmidonset)
    assert str(frame["stmon"].dtype) == "Int64" and panel.sources == ("cow-mids",)
    assert any(c.key == "cow-mids" and "MID5" in c.text for c in cite(panel))


def test_a_non_directed_panel_takes_the_ccode1_ccode2_row(tiny_cache: Path) -> None:
    panel = dyad_years("cow", directed=False, years="1990").pipe(add_cow_mids)
    frame = _rows(panel.frame)
    assert frame.loc[(2, 200, 1990), ["dispnum", "sidea1", "sidea2"]].tolist() == [9106, 1, 0]
    assert frame.loc[(200, 260, 1990), ["sidea1", "orig2"]].tolist() == [1, 1]


def test_peacesciencers_rules_on_the_directed_disputes_give_its_whittled_table(
    tiny_cache: Path,
) -> None:
    panel = dyad_years("cow", years="1985-1992")
    for step in (add_cow_mids, add_gml_mids):
        whittled = panel.pipe(step, whittle=PEACESCIENCER_WHITTLING).frame
        pd.testing.assert_frame_equal(whittled, panel.pipe(step).frame)


def test_other_rule_orders_keep_other_disputes(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990")

    def kept(whittle: object, **options: object) -> tuple[int, int]:
        frame = _rows(panel.pipe(add_cow_mids, whittle=whittle, **options).frame)
        return frame.loc[(200, 260, 1990), "dispnum"], frame.loc[(2, 200, 1990), "dispnum"]

    # hostility before fatality: 9103 (hostility 4) over 9104 (fatality unknown, hostility 3)
    assert kept(["onsets", "hostility", "first"]) == (9103, 9105)  # first in file order
    assert kept("onsets,fatality,startmonth") == (9104, 9106)
    picks = {kept(["random"], seed=seed) for seed in range(12)}
    assert picks <= {(a, b) for a in (9103, 9104) for b in (9105, 9106)} and len(picks) > 1
    assert kept(["random"], seed=7) == kept(["random"], seed=7)


def test_whittling_by_hand_on_a_small_table() -> None:
    table = pd.DataFrame(
        {
            "ccode1": [2, 2, 2, 2, 20],
            "ccode2": [200, 200, 200, 200, 2],
            "year": [1903, 1903, 1903, 1904, 1903],
            "onset": [0, 1, 1, 0, 0],
            "fatality": [3, -9, 0, 0, 0],
            "hostlev": [5, 2, 4, 1, 3],
        }
    )
    assert whittle_dispute_years(table, ["onsets", "fatality"]).index.tolist() == [1, 3, 4]
    assert whittle_dispute_years(table, ["onsets", "hostility"]).index.tolist() == [2, 3, 4]
    assert whittle_dispute_years(table, ["fatality"]).index.tolist() == [0, 3, 4]


def test_whittling_refuses_unknown_rules_seeds_and_unsettled_dyad_years(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990")
    with pytest.raises(InputError, match=r"unknown whittling rule 'severity'.*Use one of: onsets"):
        panel.pipe(add_cow_mids, whittle=["onsets", "severity"])
    with pytest.raises(InputError, match=r"'random' rule needs a seed"):
        panel.pipe(add_cow_mids, whittle=["random"])
    with pytest.raises(InputError, match=r"seed is given without"):
        panel.pipe(add_cow_mids, whittle=["onsets", "first"], seed=1)
    with pytest.raises(InputError, match=r"seed is given without whittling rules"):
        panel.pipe(add_cow_mids, seed=1)
    with pytest.raises(InputError, match=r"4 dyad-year\(s\) still list more than one dispute"):
        panel.pipe(add_cow_mids, whittle=["onsets"])
    with pytest.raises(InputError, match=r"no whittling rule"):
        panel.pipe(add_cow_mids, whittle=[])


def test_keep_selects_columns_as_peacesciencer(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990")
    added = panel.pipe(add_cow_mids, keep=["dispnum", "sidea1"]).frame.columns[3:]
    assert list(added) == ["cowmidonset", "cowmidongoing", "dispnum", "sidea1"]
    with pytest.raises(InputError, match=r"unknown add_cow_mids column 'init1'"):
        panel.pipe(add_cow_mids, keep=["init1"])
    gml = panel.pipe(add_gml_mids, keep=["hostlev"]).frame.columns[3:]
    always = ["init1", "init2", "sidea1", "sidea2", "orig1", "orig2"]
    assert list(gml) == ["gmlmidonset", "gmlmidongoing", *always, "hostlev"]


def test_gml_initiation_on_directed_panels_only(tiny_cache: Path) -> None:
    directed = dyad_years("cow", years="1990")
    frame = _rows(directed.pipe(add_gml_mids).frame)  # sidea-all-joiners
    assert frame.loc[(2, 200, 1990), ["init1", "init2"]].tolist() == [1, 1]  # UK joined late
    assert frame.loc[(200, 2, 1990), ["init1", "init2"]].tolist() == [1, 1]
    assert pd.isna(frame.loc[(2, 220, 1990), "init1"])
    strict = _rows(directed.pipe(add_gml_mids, init="sidea-orig").frame)
    assert strict.loc[(2, 200, 1990), ["init1", "init2"]].tolist() == [1, 0]
    with_joiners = _rows(directed.pipe(add_gml_mids, init="sidea-with-joiners").frame)
    assert with_joiners.loc[(200, 2, 1990), ["init1", "init2"]].tolist() == [0, 1]
    undirected = dyad_years("cow", directed=False, years="1990").pipe(add_gml_mids)
    assert "init1" not in undirected.frame.columns
    with pytest.raises(InputError, match=r"unknown initiation reading 'sidea'"):
        directed.pipe(add_gml_mids, init="sidea")


def test_state_years_are_refused_as_in_peacesciencer(tiny_cache: Path) -> None:
    with pytest.raises(InputError, match=r"add_cow_mids needs a dyad-year panel.*dyad-year data"):
        state_years("cow", years="1990").pipe(add_cow_mids)
    with pytest.raises(InputError, match=r"add_gml_mids needs a dyad-year.*participant-level"):
        state_years("cow", years="1990").pipe(add_gml_mids)


def test_peace_years_count_the_years_since_the_last_dispute_year(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1985-2016").pipe(add_cow_mids)
    usa_france = _rows(panel.pipe(add_peace_years).frame).loc[(2, 220)]
    # ongoing 1987-1989:                      1985 1986 1987 1988 1989 1990 1991 1992
    assert usa_france.loc[1985:1992, "cowmidspell"].tolist() == [0, 1, 2, 0, 0, 0, 1, 2]
    assert usa_france.loc[2014, "cowmidspell"] == 2014 - 1990
    assert usa_france.loc[[2015, 2016], "cowmidspell"].isna().all()  # outside COW-MID
    onsets = _rows(panel.pipe(add_peace_years, event="onset").frame).loc[(2, 220)]
    # onsets 1987 and 1989:
    assert onsets.loc[1985:1992, "cowmidspell"].tolist() == [0, 1, 2, 0, 1, 0, 1, 2]
    reverse = _rows(panel.pipe(add_peace_years).frame).loc[(220, 2)]
    pd.testing.assert_series_equal(reverse.cowmidspell, usa_france.cowmidspell)


def test_peace_years_for_gml_and_when_there_is_nothing_to_count(tiny_cache: Path) -> None:
    panel = dyad_years("cow", directed=False, years="1985-1992")
    both = panel.pipe(add_cow_mids).pipe(add_gml_mids, keep=[]).pipe(add_peace_years).frame
    assert both[["cowmidspell", "gmlmidspell"]].notna().all().all()
    assert (both.cowmidspell == both.gmlmidspell).all()
    with pytest.raises(InputError, match=r"no dispute columns.*--add mids,peace-years"):
        panel.pipe(add_peace_years)
    with pytest.raises(InputError, match=r"unknown spell event 'start'"):
        panel.pipe(add_cow_mids).pipe(add_peace_years, event="start")


def test_whittling_says_which_table_is_missing(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1990")
    (tiny_cache / "cow-mids" / "directed_disputes.parquet").unlink()
    assert panel.pipe(add_cow_mids).frame.dispnum.notna().any()  # the default needs no more
    with pytest.raises(DataNotAvailableError, match=r"'cow-mids'.*'directed_disputes'"):
        panel.pipe(add_cow_mids, whittle=PEACESCIENCER_WHITTLING)


def test_peace_years_do_not_depend_on_the_row_order(tiny_cache: Path) -> None:
    panel = dyad_years("cow", years="1985-2016").pipe(add_cow_mids)
    shuffled = panel.frame.sample(frac=1.0, random_state=3)
    mixed = Panel(shuffled, panel.unit, panel.system, panel.directed, panel.sources)
    expected = panel.pipe(add_peace_years).frame.cowmidspell
    got = mixed.pipe(add_peace_years).frame.cowmidspell
    pd.testing.assert_series_equal(got.sort_index(), expected)


def test_whittling_names_a_missing_rule_column_or_value() -> None:
    table = pd.DataFrame(
        {"ccode1": [2, 2], "ccode2": [20, 20], "year": [1990, 1990], "onset": [1, 1]}
    )
    with pytest.raises(InputError, match=r"rule 'hostility' needs a column 'hostlev'"):
        whittle_dispute_years(table, ["onsets", "hostility"])
    gap = table.assign(stmon=pd.array([3, None], dtype="Int64"))
    with pytest.raises(InputError, match=r"rule 'startmonth' meets a missing 'stmon'") as error:
        whittle_dispute_years(gap, ["startmonth"])
    assert "row 1" in str(error.value.where)


def test_peace_years_on_state_years_count_per_state(tiny_cache: Path) -> None:
    """A state-year conflict pair peacesciencer counts (UCDP's ongoing/onset)."""
    panel = state_years("cow", years="1985-1990")
    usa = (panel.frame.ccode == 2).to_numpy()
    ongoing = np.where(usa & (panel.frame.year == 1987).to_numpy(), 1, 0)
    marked = panel.with_columns({"ucdpongoing": ongoing, "ucdponset": ongoing})
    spells = marked.pipe(add_peace_years).frame.set_index(["ccode", "year"]).ucdpspell
    assert spells.loc[2].tolist() == [0, 1, 2, 0, 1, 2]
    assert spells.loc[200].tolist() == [0, 1, 2, 3, 4, 5]
