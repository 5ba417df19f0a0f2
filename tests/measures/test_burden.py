"""Burden sharing: hand-worked formulas, NA handling, guidelines, the table, old names.

Every expected number below is worked out by hand in the comment beside it.
The tables from a tiny cache are in ``tests/panel/test_burden_inputs.py``; the
exploitation tests in ``tests/models/test_econometrics.py``.
"""

from __future__ import annotations

import ast
import html
import math
from datetime import date
from importlib import util

import numpy as np
import pandas as pd
import pytest

import allied.measures.burden as module
from allied import models
from allied._results import Result
from allied.errors import InputError, NotFoundError
from allied.measures import burden_frame, burden_table
from allied.panel import burden_inputs, spending_guidelines

# --------------------------------------------------------------------------- burden_frame

# Three allies in 2024: GDP 600, 300, 100 (total 1000); spending 18, 6, 1 (total 25).
THREE = pd.DataFrame(
    {
        "iso3": ["AAA", "BBB", "CCC"],
        "year": [2024, 2024, 2024],
        "gdp_usd": [600.0, 300.0, 100.0],
        "milex_usd": [18.0, 6.0, 1.0],
    }
)

NATO = spending_guidelines("nato")
"""NATO's spending guidelines, catalog data passed in (the measure reads no catalog)."""

HAGUE = date(2025, 6, 25)
"""NATO's Hague commitment was adopted on 25 June 2025: 2024 rows are measured against it
only when asked (``guidelines_on``)."""


def test_burden_share_of_gdp_shares_and_ratio() -> None:
    out = burden_frame(THREE, guidelines=NATO)
    # 18/600 = 3 %, 6/300 = 2 %, 1/100 = 1 %
    assert out["milex_pct_gdp"].tolist() == pytest.approx([3.0, 2.0, 1.0])
    # 18/25, 6/25, 1/25 and 600/1000, 300/1000, 100/1000
    assert out["milex_share"].tolist() == pytest.approx([0.72, 0.24, 0.04])
    assert out["gdp_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    # 0.72/0.6, 0.24/0.3, 0.04/0.1
    assert out["share_ratio"].tolist() == pytest.approx([1.2, 0.8, 0.4])
    assert out["milex_share"].sum() == pytest.approx(1.0)


def test_two_percent_rule_is_inclusive() -> None:
    out = burden_frame(THREE, guidelines=NATO)
    # 3 % and exactly 2 % meet the guideline, 1 % does not
    assert out["meets_2pct"].tolist() == [True, True, False]
    assert out["guideline_basis"].tolist() == ["computed"] * 3
    assert out["meets_2pct"].dtype == "boolean"


def test_hague_gaps() -> None:
    out = burden_frame(THREE, guidelines=NATO, guidelines_on=HAGUE)
    # 3.5 % of 600 = 21, less 18 = 3; of 300 = 10.5 - 6 = 4.5; of 100 = 3.5 - 1 = 2.5
    assert out["gap_3_5_usd"].tolist() == pytest.approx([3.0, 4.5, 2.5])
    # 5 % of 600 = 30 - 18 = 12; 15 - 6 = 9; 5 - 1 = 4
    assert out["gap_5_usd"].tolist() == pytest.approx([12.0, 9.0, 4.0])


def test_hague_growth_over_eleven_years() -> None:
    out = burden_frame(
        THREE, guidelines=NATO, guidelines_on=HAGUE
    )  # T = 2035 - 2024 = 11, GDP flat
    # g = (0.035 * GDP / milex) ** (1/11) - 1: (21/18), (10.5/6), (3.5/1)
    expected_3_5 = [(21 / 18) ** (1 / 11) - 1, 1.75 ** (1 / 11) - 1, 3.5 ** (1 / 11) - 1]
    assert out["growth_to_3_5_pct"].tolist() == pytest.approx(expected_3_5)
    # the same by hand, to 4 decimals: ln(7/6)/11 = 0.014014 -> 1.41 %; ln 1.75/11 -> 5.22 %
    assert out["growth_to_3_5_pct"].round(4).tolist() == [0.0141, 0.0522, 0.1206]
    expected_5 = [(30 / 18) ** (1 / 11) - 1, 2.5 ** (1 / 11) - 1, 5 ** (1 / 11) - 1]
    assert out["growth_to_5_pct"].tolist() == pytest.approx(expected_5)
    # spending grown at g for 11 years reaches exactly 3.5 % of (flat) GDP
    reached = THREE["milex_usd"] * (1 + out["growth_to_3_5_pct"]) ** 11
    assert (reached / THREE["gdp_usd"]).tolist() == pytest.approx([0.035] * 3)


def test_hague_growth_with_gdp_growth() -> None:
    out = burden_frame(THREE, guidelines=NATO, gdp_growth=0.02, guidelines_on=HAGUE)
    # (21 * 1.02**11 / 18) ** (1/11) - 1 = (21/18) ** (1/11) * 1.02 - 1
    assert out["growth_to_3_5_pct"].iloc[0] == pytest.approx((21 / 18) ** (1 / 11) * 1.02 - 1)
    assert out["growth_to_3_5_pct"].iloc[0] == pytest.approx(0.0343945, abs=1e-6)
    # a later deadline needs slower growth: T = 2040 - 2024 = 16
    later = burden_frame(THREE, guidelines=NATO, hague_year=2040, guidelines_on=HAGUE)
    assert later["growth_to_3_5_pct"].iloc[0] == pytest.approx((21 / 18) ** (1 / 16) - 1)


def test_growth_is_zero_at_target_and_na_without_time() -> None:
    rows = pd.DataFrame(
        {
            "iso3": ["AAA", "AAA", "AAA", "BBB"],
            "year": [2024, 2035, 2036, 2024],
            "gdp_usd": [100.0, 100.0, 100.0, 100.0],
            "milex_usd": [5.0, 1.0, 1.0, 3.5],
        }
    )
    out = burden_frame(rows, guidelines=NATO, guidelines_on=HAGUE)
    # 5 % already: no growth needed to reach 3.5 % nor 5 %; exactly 3.5 %: 0
    assert out["growth_to_3_5_pct"].iloc[0] == 0.0
    assert out["growth_to_5_pct"].iloc[0] == 0.0
    assert out["growth_to_3_5_pct"].iloc[3] == 0.0
    # T = 0 and T = -1: no growth rate
    assert out["growth_to_3_5_pct"].iloc[1:3].isna().all()
    # gaps still exist without a horizon: 3.5 - 1
    assert out["gap_3_5_usd"].iloc[1] == pytest.approx(2.5)
    assert out["gap_3_5_usd"].iloc[0] == 0.0


def test_above_target_needs_growth_when_gdp_grows() -> None:
    rows = pd.DataFrame({"iso3": ["A"], "year": [2024], "gdp_usd": [100.0], "milex_usd": [5.0]})
    out = burden_frame(rows, guidelines=NATO, gdp_growth=0.05, guidelines_on=HAGUE)
    # (3.5 * 1.05**11 / 5) ** (1/11) - 1 = 0.7 ** (1/11) * 1.05 - 1 = 0.0165
    assert out["growth_to_3_5_pct"].iloc[0] == pytest.approx(0.7 ** (1 / 11) * 1.05 - 1)
    assert out["growth_to_3_5_pct"].iloc[0] == pytest.approx(0.0165, abs=1e-4)


def test_nato_figure_decides_the_guideline_when_present() -> None:
    rows = THREE.assign(nato_pct_gdp=[np.nan, 1.9, 2.05])
    out = burden_frame(rows, guidelines=NATO)
    # AAA computed 3 %; BBB NATO 1.9 % (computed 2 %); CCC NATO 2.05 % (computed 1 %)
    assert out["meets_2pct"].tolist() == [True, False, True]
    assert out["guideline_basis"].tolist() == ["computed", "nato", "nato"]
    assert out["milex_pct_gdp"].tolist() == pytest.approx([3.0, 2.0, 1.0])  # unchanged


def test_equipment_guideline() -> None:
    out = burden_frame(THREE.assign(equipment_share_pct=[25.0, 20.0, np.nan]), guidelines=NATO)
    assert out["meets_20pct_equipment"].tolist()[:2] == [True, True]
    assert out["meets_20pct_equipment"].isna().tolist() == [False, False, True]
    no_data = burden_frame(THREE, guidelines=NATO)
    assert no_data["meets_20pct_equipment"].isna().all()
    assert no_data["equipment_share_pct"].isna().all()
    assert no_data["nato_pct_gdp"].isna().all()


def test_per_capita_from_population() -> None:
    out = burden_frame(THREE.assign(population=[60.0, 0.0, np.nan]), guidelines=NATO)
    # 18 / 60 = 0.3; a population of 0 or NA gives NA
    assert out["milex_per_capita_usd"].iloc[0] == pytest.approx(0.3)
    assert out["milex_per_capita_usd"].iloc[1:].isna().all()
    kept = burden_frame(THREE.assign(milex_per_capita_usd=[1.0, 2.0, 3.0]), guidelines=NATO)
    assert kept["milex_per_capita_usd"].tolist() == [1.0, 2.0, 3.0]
    assert burden_frame(THREE, guidelines=NATO)["milex_per_capita_usd"].isna().all()


def test_missing_values_stay_missing() -> None:
    rows = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD", "ISL"],
            "year": [2024] * 5,
            "gdp_usd": [600.0, 300.0, np.nan, 0.0, 100.0],
            "milex_usd": [18.0, np.nan, 5.0, 1.0, 0.0],
        }
    )
    out = burden_frame(rows, guidelines=NATO, guidelines_on=HAGUE)
    # shares are over the rows with both numbers: AAA (600, 18) and ISL (100, 0)
    assert out["milex_share"].iloc[0] == pytest.approx(1.0)  # 18 / (18 + 0)
    assert out["gdp_share"].iloc[0] == pytest.approx(600 / 700)
    assert out["gdp_share"].iloc[4] == pytest.approx(100 / 700)
    for column in ("milex_pct_gdp", "milex_share", "gdp_share", "share_ratio", "gap_3_5_usd"):
        assert out[column].iloc[1:4].isna().all(), column
    assert out["meets_2pct"].iloc[1:4].isna().all()
    assert out["guideline_basis"].iloc[1:4].isna().all()
    # a real zero (Iceland: no armed forces) is kept as a share, 0 %, but Iceland is not
    # tested: neither "below 2 %" nor a gap of 3.5 to add to the allies' shortfall
    assert out["milex_pct_gdp"].iloc[4] == 0.0
    assert out["share_ratio"].iloc[4] == 0.0
    assert out["no_armed_forces"].tolist() == [False, False, False, False, True]
    assert pd.isna(out["meets_2pct"].iloc[4]) and pd.isna(out["guideline_basis"].iloc[4])
    assert math.isnan(out["gap_3_5_usd"].iloc[4]) and math.isnan(out["gap_5_usd"].iloc[4])
    assert math.isnan(out["growth_to_3_5_pct"].iloc[4])
    assert out["gap_3_5_usd"].sum() == pytest.approx(0.035 * 600 - 18)  # AAA's 3 alone


def test_shares_are_within_each_year() -> None:
    rows = pd.concat([THREE, THREE.assign(year=2023, milex_usd=[1.0, 1.0, 2.0])])
    out = burden_frame(rows, guidelines=NATO)
    assert out.groupby("year")["milex_share"].sum().tolist() == pytest.approx([1.0, 1.0])
    # 2023: 1/4, 1/4, 2/4
    assert out["milex_share"].iloc[3:].tolist() == pytest.approx([0.25, 0.25, 0.5])


def test_rows_index_order_and_extra_columns_pass_through() -> None:
    rows = THREE.assign(name=["A", "B", "C"]).set_axis([10, 20, 30])
    before = rows.copy()
    out = burden_frame(rows, guidelines=NATO)
    assert list(out.index) == [10, 20, 30]
    assert out["name"].tolist() == ["A", "B", "C"]
    pd.testing.assert_frame_equal(rows, before)  # the input is not modified
    assert out["year"].dtype == "int64"


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (lambda f: f.drop(columns="gdp_usd"), "missing column(s) gdp_usd"),
        (lambda f: pd.concat([f, f.iloc[:1]]), "AAA 2024 appears twice"),
        (lambda f: f.assign(milex_usd=[1.0, -2.0, 3.0]), "negative"),
        (lambda f: f.assign(gdp_usd=["1", "x", "3"]), "not a finite number"),
        (lambda f: f.assign(gdp_usd=[1.0, np.inf, 3.0]), "not a finite number"),
        (lambda f: f.assign(year=[2024.5, 2024, 2024]), "not a whole year"),
    ],
)
def test_burden_frame_refuses_bad_input(change: object, text: str) -> None:
    with pytest.raises(InputError, match=None) as info:
        burden_frame(change(THREE), guidelines=NATO)  # type: ignore[operator]
    assert text in str(info.value)


def test_burden_frame_refuses_bad_parameters() -> None:
    with pytest.raises(InputError, match="gdp_growth"):
        burden_frame(THREE, guidelines=NATO, gdp_growth=-1.0)
    with pytest.raises(InputError, match="hague_year"):
        burden_frame(THREE, guidelines=NATO, hague_year=2035.5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="DataFrame"):
        burden_frame([1, 2], guidelines=NATO)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- guidelines


def test_a_guideline_applies_from_the_year_of_its_adoption() -> None:
    """NATO's 2 % guideline (agreed in 2006) and the Hague commitment (25 June 2025):
    a year before the adoption is NA, the year of adoption and later are tested."""
    rows = pd.DataFrame(
        {
            "iso3": ["USA"] * 4,
            "year": [2005, 2006, 2024, 2025],
            "gdp_usd": [100.0] * 4,
            "milex_usd": [3.0] * 4,
        }
    )
    out = burden_frame(rows, guidelines=NATO)
    assert out["meets_2pct"].isna().tolist() == [True, False, False, False]
    assert out["meets_2pct"].iloc[1] and out["guideline_basis"].iloc[1] == "computed"
    assert pd.isna(out["guideline_basis"].iloc[0])
    assert out["gap_3_5_usd"].isna().tolist() == [True, True, True, False]
    assert out["gap_3_5_usd"].iloc[3] == pytest.approx(0.5)  # 3.5 - 3
    assert out["growth_to_5_pct"].isna().tolist() == [True, True, True, False]
    # measured against the guidelines in force on a date: the day before The Hague, the day of
    before = burden_frame(rows, guidelines=NATO, guidelines_on=date(2025, 6, 24))
    assert before["gap_3_5_usd"].isna().all() and before["meets_2pct"].notna().all()
    on_the_day = burden_frame(rows, guidelines=NATO, guidelines_on=date(2025, 6, 25))
    assert on_the_day["gap_3_5_usd"].tolist() == pytest.approx([0.5] * 4)
    # a guideline known only to the year (2006) is in force from 31 December of it
    assert (
        burden_frame(rows, guidelines=NATO, guidelines_on=date(2006, 6, 1))["meets_2pct"]
        .isna()
        .all()
    )
    assert (
        burden_frame(rows, guidelines=NATO, guidelines_on=date(2006, 12, 31))["meets_2pct"]
        .notna()
        .all()
    )


def test_a_guideline_applies_only_to_the_arrangement_that_adopted_it() -> None:
    """SEATO adopted no spending guideline: NATO's 2 % and the Hague targets are NA."""
    rows = THREE.assign(year=2025)
    seato = burden_frame(rows, guidelines=spending_guidelines("seato"))
    for column in ("meets_2pct", "meets_20pct_equipment", "gap_3_5_usd", "growth_to_5_pct"):
        assert seato[column].isna().all(), column
    assert seato["guideline_basis"].isna().all()
    assert seato["milex_share"].tolist() == pytest.approx([0.72, 0.24, 0.04])  # shares stay
    nato = burden_frame(rows, guidelines=NATO)
    assert nato["meets_2pct"].tolist() == [True, True, False]
    assert burden_frame(rows, guidelines=None)["meets_2pct"].isna().all()


def test_iceland_is_left_out_of_the_tests_and_the_sums() -> None:
    """Iceland has no armed forces: its 'gap' of 3.5 % of GDP (US$ 1.17 bn on 2024 GDP of
    US$ 33.5 bn) is not added to the allies' shortfall, and it is not counted below 2 %."""
    from allied.panel import embedded_indicators

    inputs = burden_inputs("nato", source="embedded")
    table = burden_table(inputs, guidelines_on=date(2025, 6, 25))
    iceland = table.frame.set_index(["iso3", "year"]).loc[("ISL", 2024)]
    assert bool(iceland["no_armed_forces"]) and iceland["milex_usd"] == 0
    assert pd.isna(iceland["meets_2pct"]) and pd.isna(iceland["gap_3_5_usd"])
    year = table.by_year().iloc[0]
    assert (year["members"], year["no_armed_forces"], year["judged_2pct"]) == (32, 1, 31)
    assert year["meets_2pct"] == 23  # NATO's June 2024 estimates
    data = embedded_indicators().set_index("iso3").drop(index="ISL")
    data = data[data.index.isin(table.frame["iso3"])]
    expected = (0.035 * data["gdp_usd"] - data["milex_usd"]).clip(lower=0).sum()
    assert year["gap_3_5_usd"] == pytest.approx(expected)
    assert any(n.startswith("Iceland: no armed forces") for n in table.notes)


def test_deprecated_guideline_constants_come_from_the_catalog() -> None:
    expected = {
        "GUIDELINE_PCT_GDP": 2.0,
        "EQUIPMENT_GUIDELINE_PCT": 20.0,
        "HAGUE_CORE_SHARE": 0.035,
        "HAGUE_TOTAL_SHARE": 0.05,
    }
    for name, value in expected.items():
        with pytest.warns(DeprecationWarning, match="catalog data"):
            assert getattr(module, name) == pytest.approx(value)
    with pytest.raises(AttributeError):
        module.NO_SUCH_CONSTANT  # noqa: B018


def test_guidelines_argument_is_checked() -> None:
    with pytest.raises(InputError, match="not a Guideline"):
        burden_frame(THREE, guidelines=[2.0])  # type: ignore[list-item]
    with pytest.raises(NotFoundError), pytest.warns(DeprecationWarning):
        burden_frame(THREE, guidelines="no_such_arrangement")
    with pytest.raises(NotFoundError):
        spending_guidelines("no_such_arrangement")


# --------------------------------------------------------------------------- the table


def test_burden_table_measures_the_inputs_it_is_given() -> None:
    """The table is the inputs' rows through burden_frame with the inputs' guidelines, and
    carries the inputs' sources, notes and citations."""
    inputs = burden_inputs("nato", source="embedded")
    table = burden_table(inputs)
    expected = burden_frame(inputs.frame, guidelines=inputs.guidelines)
    pd.testing.assert_frame_equal(table.frame, expected)
    assert table.sources == inputs.sources and table.guidelines == inputs.guidelines
    assert table.notes[: len(inputs.notes)] == inputs.notes
    assert table.citations()[: len(inputs.data_citations)] == list(inputs.data_citations)
    assert (table.arrangement, table.source, table.membership) == (
        "nato",
        "embedded",
        "31 December of each year",
    )
    # other guidelines than the inputs': none, or those given
    untested = burden_table(inputs, guidelines=None)
    assert untested.frame["meets_2pct"].isna().all() and untested.guidelines == ()
    floor = tuple(g for g in NATO if g.id == "two_percent_gdp")
    only_floor = burden_table(inputs, guidelines=floor, guidelines_on=HAGUE)
    assert only_floor.frame["meets_2pct"].notna().sum() == 31
    assert only_floor.frame["gap_3_5_usd"].isna().all()


def test_burden_table_refuses_builder_arguments_with_inputs() -> None:
    inputs = burden_inputs("nato", source="embedded")
    with pytest.raises(InputError, match="years, source given with burden inputs"):
        burden_table(inputs, years=2024, source="sipri")
    with pytest.raises(InputError, match="needs burden inputs, not DataFrame"):
        burden_table(inputs.frame)  # type: ignore[arg-type]


def test_results_show_themselves() -> None:
    """BurdenTable is a Result: Jupyter shows its summary above its table."""
    table = burden_table(burden_inputs(states="USA, Poland", source="embedded"))
    assert isinstance(table, Result)
    shown = table._repr_html_()
    assert f"<pre>{html.escape(table.summary())}</pre>" in shown
    assert 'class="dataframe allied-table"' in shown
    assert "<td>POL</td>" in shown and "<th>milex_share</th>" in shown


def test_the_measures_read_neither_cache_nor_catalog() -> None:
    """Issue 13: measure and model modules import no allied.sources and no load_catalog."""
    for name in (
        "allied.measures.burden",
        "allied.measures._guidelines",
        "allied.models._econometrics",
    ):
        spec = util.find_spec(name)
        assert spec is not None and spec.origin is not None
        with open(spec.origin, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module is not None and not node.module.startswith("allied.sources"), (
                    name
                )
                assert "load_catalog" not in {alias.name for alias in node.names}, name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("allied.sources") for a in node.names), name


# --------------------------------------------------------------------------- old names


def test_the_old_burden_table_call_still_works_with_a_warning() -> None:
    """``burden_table("nato", source=...)`` (the README's call before issue 13) builds the
    inputs itself, with a DeprecationWarning, and gives the same table."""
    with pytest.warns(DeprecationWarning, match=r"burden_table\(allied.panel.burden_inputs"):
        old = burden_table("nato", source="embedded", guidelines_on=HAGUE)
    new = burden_table(burden_inputs("nato", source="embedded"), guidelines_on=HAGUE)
    pd.testing.assert_frame_equal(old.frame, new.frame)
    assert (old.sources, old.notes, old.citations()) == (new.sources, new.notes, new.citations())
    with pytest.warns(DeprecationWarning):
        tested = burden_table(states=["USA"], source="embedded", guidelines="nato")
    assert tested.guidelines == NATO


def test_guidelines_by_arrangement_id_still_work_with_a_warning() -> None:
    """The default of burden_frame (NATO's guidelines, read from the catalog) and an
    arrangement id are deprecated: a measure no longer reads the catalog."""
    with pytest.warns(DeprecationWarning, match=r"spending_guidelines\('nato'\)"):
        by_default = burden_frame(THREE.assign(year=2025))
    pd.testing.assert_frame_equal(
        by_default, burden_frame(THREE.assign(year=2025), guidelines=NATO)
    )
    inputs = burden_inputs(states="USA", source="embedded")
    with pytest.warns(DeprecationWarning, match="burden_table"):
        table = burden_table(inputs, guidelines="nato")
    assert table.guidelines == NATO


def test_the_econometric_tests_moved_to_models() -> None:
    for name in (
        "OlsonZeckhauserResult",
        "JointProductResult",
        "olson_zeckhauser_test",
        "joint_product_regression",
    ):
        with pytest.warns(DeprecationWarning, match=f"use allied.models.{name}"):
            assert getattr(module, name) is getattr(models, name)
