"""Learning curves, collaboration economics, the work-share MILP and program specs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allied.errors import InputError, NotFoundError
from allied.models import (
    LearningCurve,
    collaboration_economics,
    load_program,
    pooling_savings,
    program_ids,
    program_plan,
    program_table,
    work_share_plan,
)

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "examples" / "programs" / "illustrative_fighter.yaml"
)


# --------------------------------------------------------------------------- learning curves


def test_cumulative_cost_equals_a_plain_sum() -> None:
    curve = LearningCurve(250, 0.85)
    n = [0, 1, 7, 1000, 3]
    expected = [sum(250 * x**curve.exponent for x in range(1, k + 1)) for k in n]
    assert curve.cumulative_cost(n).tolist() == pytest.approx(expected, rel=1e-12)


def test_cumulative_cost_across_chunks() -> None:
    curve = LearningCurve(1, 0.9)
    n = (1 << 20) + 5  # crosses one chunk boundary
    direct = float(np.sum(np.arange(1, n + 1, dtype=np.float64) ** curve.exponent))
    assert float(curve.cumulative_cost(n)) == pytest.approx(direct, rel=1e-12)
    assert float(curve.lot_cost(3, n)) == pytest.approx(direct - 1 - 2**curve.exponent, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    slope=st.floats(0.5, 1.0),
    first=st.integers(1, 500),
    length=st.integers(0, 500),
)
def test_lots_add_up(slope: float, first: int, length: int) -> None:
    curve = LearningCurve(10, slope)
    last = first + length
    whole = float(curve.cumulative_cost(last))
    parts = float(curve.cumulative_cost(first - 1)) + float(curve.lot_cost(first, last))
    assert parts == pytest.approx(whole, rel=1e-10)
    assert float(curve.average_cost(last)) <= 10 + 1e-9


def test_no_learning_is_linear() -> None:
    curve = LearningCurve(3, 1.0)
    assert curve.exponent == 0
    assert float(curve.cumulative_cost(10)) == 30


@pytest.mark.parametrize(
    ("first", "slope", "match"),
    [(0, 0.8, "first_unit_cost must be positive"), (100, 80, "slope must be at most 1"),
     (100, 0, "slope must be positive"), ("100", 0.8, "first_unit_cost is not a number")],
)  # fmt: skip
def test_bad_curves(first: object, slope: object, match: str) -> None:
    with pytest.raises(InputError, match=match):
        LearningCurve(first, slope)  # type: ignore[arg-type]


def test_bad_unit_numbers() -> None:
    curve = LearningCurve(100, 0.8)
    with pytest.raises(InputError, match="whole numbers of at least 1"):
        curve.unit_cost(0)
    with pytest.raises(InputError, match="whole numbers"):
        curve.cumulative_cost(2.5)
    with pytest.raises(InputError, match="last comes before first"):
        curve.lot_cost(5, 3)


def test_pooling_savings() -> None:
    curve = LearningCurve(100, 0.8)
    pooled = pooling_savings({"A": 1, "B": 3, "C": 0}, curve=curve)
    assert pooled.cost_alone.tolist() == pytest.approx([100, 100 + 80 + 100 * 3**curve.exponent, 0])
    total = float(curve.cumulative_cost(4))
    assert pooled.cost_pooled.tolist() == pytest.approx([total / 4, 3 * total / 4, 0])
    assert pooled.total_pooled == pytest.approx(total)
    assert (pooled.savings[:2] > 0).all() and pooled.savings[2] == 0
    frame = pooled.to_frame()
    assert np.isnan(frame["unit_cost_alone"].iloc[2])
    assert "savings" in pooled.summary()
    with pytest.raises(InputError, match="no units ordered"):
        pooling_savings({"A": 0}, curve=curve)


# --------------------------------------------------------------------------- collaboration


def test_square_root_rule() -> None:
    eco = collaboration_economics({"A": 0.5, "B": 0.3, "C": 0.2}, national_development_cost=10.0)
    assert eco.collaborative_development_cost == pytest.approx(10 * 3**0.5)
    assert eco.development_collaborative.tolist() == pytest.approx(
        [5 * 3**0.5, 3 * 3**0.5, 2 * 3**0.5]
    )
    assert eco.development_savings.sum() == pytest.approx(30 - 10 * 3**0.5)
    assert "Hartley" in eco.summary()


def test_premium_and_production() -> None:
    curve = LearningCurve(1, 0.85)
    eco = collaboration_economics(
        {"A": 0.6, "B": 0.4},
        national_development_cost=100,
        premium=0.3,
        quantities={"A": 60, "B": 40},
        curve=curve,
    )
    assert eco.collaborative_development_cost == pytest.approx(130)
    frame = eco.to_frame()
    assert frame["development_collaborative"].tolist() == pytest.approx([78, 52])
    assert frame["total_savings"].tolist() == pytest.approx(
        (frame["development_savings"] + frame["production_savings"]).tolist()
    )
    assert "explicit premium" in eco.summary()


def test_collaboration_errors() -> None:
    with pytest.raises(InputError, match=r"sum to 0.9"):
        collaboration_economics({"A": 0.5, "B": 0.4}, national_development_cost=1)
    with pytest.raises(InputError, match="both exponent and premium"):
        collaboration_economics({"A": 1.0}, national_development_cost=1, exponent=0.7, premium=0.1)
    with pytest.raises(InputError, match="need both quantities and curve"):
        collaboration_economics({"A": 1.0}, national_development_cost=1, quantities={"A": 3})
    with pytest.raises(InputError, match="other partners"):
        collaboration_economics(
            {"A": 1.0},
            national_development_cost=1,
            quantities={"B": 3},
            curve=LearningCurve(1, 0.9),
        )


# --------------------------------------------------------------------------- work share


def _packages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "package": ["wing", "body", "engine", "radar", "tail"],
            "value": [30, 25, 20, 15, 10],
            "capability": ["aero", "aero", "engine", "sensors", "aero"],
            "cost_A": [10, 9, np.nan, 5, 4],
            "cost_B": [12, 8, 7, np.nan, 3],
        }
    )


def test_cost_objective_picks_the_cheapest_balanced_assignment() -> None:
    partners = {"A": ["aero", "sensors"], "B": ["aero", "engine"]}
    plan = work_share_plan(
        _packages(), partners=partners, targets={"A": 0.5, "B": 0.5}, objective="cost",
        tolerance=0.1,
    )  # fmt: skip
    # A must build radar, B engine; balance within 10 pp leaves A 40-60 of 100:
    # cheapest: A wing (10) + radar (5) + tail? -> shares checked, cost is the brute minimum
    assignment = plan.assignment.set_index("package")["partner"].to_dict()
    assert assignment["radar"] == "A" and assignment["engine"] == "B"
    assert plan.objective_value == pytest.approx(plan.assignment["cost"].sum())
    best = min(
        10 * a + 12 * (1 - a) + 9 * b + 8 * (1 - b) + 4 * c + 3 * (1 - c) + 5 + 7
        for a in (0, 1)
        for b in (0, 1)
        for c in (0, 1)
        if abs((30 * a + 25 * b + 10 * c + 15) / 100 - 0.5) <= 0.1
    )
    assert plan.objective_value == pytest.approx(best)


def test_cost_objective_needs_costs() -> None:
    frame = _packages().drop(columns=["cost_B"])
    with pytest.raises(InputError, match="no cost for partner 'B'"):
        work_share_plan(
            frame,
            partners={"A": ["aero", "sensors"], "B": ["aero", "engine"]},
            targets={"A": 0.5, "B": 0.5},
            objective="cost",
        )


def test_costs_in_partner_mapping() -> None:
    partners = {
        "A": {"capabilities": ["aero", "sensors"], "costs": {"wing": 1, "body": 1, "tail": 1,
                                                          "radar": 1}},
        "B": {"capabilities": ["aero", "engine"], "costs": {"wing": 9, "body": 9, "tail": 9,
                                                         "engine": 1}},
    }  # fmt: skip
    plan = work_share_plan(
        _packages().drop(columns=["cost_A", "cost_B"]),
        partners=partners,
        targets={"A": 0.8, "B": 0.2},
        objective="cost",
        tolerance=0.0,
    )
    assert plan.assignment["partner"].tolist() == ["A", "A", "B", "A", "A"]
    assert plan.objective_value == pytest.approx(5)


def test_capability_and_target_diagnostics() -> None:
    partners = {"A": ["aero"], "B": ["aero", "engine", "sensors"]}
    with pytest.raises(InputError, match=r"partner 'A' can reach at most 65.00%") as info:
        work_share_plan(_packages(), partners=partners, targets={"A": 0.8, "B": 0.2})
    assert "more capabilities" in (info.value.fix or "")
    with pytest.raises(InputError, match="no partner has capability 'engine'"):
        work_share_plan(
            _packages(), partners={"A": ["aero"], "B": ["sensors"]}, targets={"A": 0.5, "B": 0.5}
        )


def test_global_mode_with_program_tolerance() -> None:
    packages = pd.DataFrame(
        {
            "package": list("abcdef"),
            "value": [50, 30, 20, 50, 30, 20],
            "capability": ["x", "y", "y", "x", "y", "z"],
            "program": ["P1"] * 3 + ["P2"] * 3,
        }
    )
    plan = work_share_plan(
        packages,
        partners={"A": ["x", "y"], "B": ["y", "z"]},
        targets={"A": 0.5, "B": 0.5},
        tolerance=0.0,
        mode="global",
        program_tolerance=0.2,
    )
    report = plan.to_frame()
    assert set(report["scope"]) == {"global", "program"}
    assert report["within_tolerance"].all()
    assert (report.loc[report["scope"] == "program", "deviation"].abs() <= 0.2 + 1e-9).all()
    assert "global balance" in plan.summary()
    assert any(c.key == "occar_convention" for c in plan.citations())


def test_work_share_argument_errors() -> None:
    partners = {"A": ["aero", "sensors"], "B": ["aero", "engine"]}
    targets = {"A": 0.5, "B": 0.5}
    with pytest.raises(InputError, match="unknown mode"):
        work_share_plan(_packages(), partners=partners, targets=targets, mode="yearly")
    with pytest.raises(InputError, match="lack column"):
        work_share_plan(_packages(), partners=partners, targets=targets, mode="global")
    with pytest.raises(InputError, match="only to mode='global'"):
        work_share_plan(_packages(), partners=partners, targets=targets, program_tolerance=0.1)
    with pytest.raises(InputError, match="different partners"):
        work_share_plan(_packages(), partners={"A": ["aero"]}, targets=targets)
    bad = _packages().assign(value=[30, -1, 20, 15, 10])
    with pytest.raises(InputError, match="row 1"):
        work_share_plan(bad, partners=partners, targets=targets)
    with pytest.raises(InputError, match="gap must be non-negative"):
        work_share_plan(_packages(), partners=partners, targets=targets, gap=-1e-4)


def test_large_deviation_problem_is_proven_optimal_to_the_gap() -> None:
    """200 packages, 4 partners: the LP bound of the total deviation is 0, so HiGHS's relative
    gap alone never closes; with the offset and ``gap`` the solver proves its answer."""
    rng = np.random.default_rng(2)
    capabilities = ["airframe", "propulsion", "avionics", "assembly", "systems"]
    partners = {
        f"P{k}": sorted(rng.choice(capabilities, size=4, replace=False).tolist()) for k in range(4)
    }
    packages = pd.DataFrame(
        {
            "package": [f"wp{i}" for i in range(200)],
            "value": rng.integers(5, 100, size=200).astype(float),
            "capability": rng.choice(capabilities, size=200),
        }
    )
    targets = dict(zip(partners, rng.dirichlet(np.full(4, 4.0)).tolist(), strict=True))
    plan = work_share_plan(packages, partners=partners, targets=targets, tolerance=0.01)
    assert plan.status == "optimal" and plan.gap == 1e-4  # not "time limit reached" (60 s)
    deviation = plan.report["deviation"].abs()
    assert deviation.sum() == pytest.approx(plan.objective_value, abs=1e-9)
    # proven: within gap * (4 deviations + objective) of the solver's lower bound
    assert 0 <= plan.objective_bound <= plan.objective_value
    assert plan.objective_value - plan.objective_bound <= 1e-4 * (4 + plan.objective_value) + 1e-9
    assert deviation.max() < 1e-3  # every partner within 0.1 pp of its target
    assert "optimal to gap 0.0001" in plan.summary()


# --------------------------------------------------------------------------- specs


def test_shipped_specs_match_the_catalog() -> None:
    from allied import catalog

    loaded = catalog.load_catalog()
    assert program_ids() == ["a400m", "eurofighter", "f35", "gcap"]
    for program_id in program_ids():
        spec = load_program(program_id)
        members = {m.state for m in loaded.get(spec.arrangement or "").members}
        assert set(spec.states) <= members
        for field, figure in spec.figures():
            assert figure.published == (figure.source is not None), field
            if figure.source is not None:
                assert spec.sources[figure.source].accessed.isoformat() == "2026-11-29"
        assert all(str(c.accessed) == "2026-11-29" for c in spec.citations())


def test_illustrative_example_plan() -> None:
    plan = program_plan(EXAMPLE)
    assert plan.spec.illustrative
    assert plan.work_share is not None and plan.work_share.status == "optimal"
    report = plan.work_share.to_frame()
    assert report["within_tolerance"].all()
    assert plan.to_frame()["planned_work_share"].sum() == pytest.approx(1.0)
    text = plan.summary()
    assert "illustrative example" in text and "Assumptions (not published figures)" in text


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_spec_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "id: demo\nname: Demo\npartners:\n  - state: GBR\n    planned_quantity:\n      value: 3\n",
    )
    with pytest.raises(InputError, match="exactly one of 'source'") as info:
        load_program(path)
    assert info.value.where == f"{path}:6, field 'partners[0].planned_quantity'"
    path = _write(
        tmp_path,
        "id: demo\nname: Demo\npartners:\n  - state: GBR\n    planned_quantity:\n"
        "      value: 3\n      source: nowhere\n",
    )
    with pytest.raises(InputError, match="unknown source 'nowhere'") as info:
        load_program(path)
    assert info.value.where == f"{path}:7, field 'partners[0].planned_quantity.source'"
    path = _write(tmp_path, "id: demo\nname: Demo\narrangement: gcap\npartners:\n  - state: FRA\n")
    with pytest.raises(InputError, match="not a member of catalog arrangement 'gcap'") as info:
        load_program(path)
    assert info.value.where == f"{path}:5, field 'partners[0].state'"
    path = _write(tmp_path, "id: demo\nname: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_program(path)
    with pytest.raises(NotFoundError, match="unknown program 'typhoon'"):
        load_program("typhoon")


def test_declared_shares_must_sum_to_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "id: demo\nname: Demo\ncost_share_basis: declared\npartners:\n"
        "  - state: GBR\n    cost_share: {value: 0.5, assumption: guess}\n"
        "  - state: ITA\n    cost_share: {value: 0.4, assumption: guess}\n",
    )
    with pytest.raises(InputError, match=r"sum to 0.9"):
        program_plan(path)


def test_learning_curve_table_and_summary() -> None:
    curve = LearningCurve(100, 0.8)
    table = curve.to_frame()
    assert table["unit"].tolist() == [2**k for k in range(11)]
    # each doubling costs 80% per unit; the first 1024 units sum exactly
    assert table["unit_cost"].tolist() == pytest.approx([100 * 0.8**k for k in range(11)])
    assert table["cumulative_cost"].iloc[-1] == pytest.approx(
        sum(100 * x ** np.log2(0.8) for x in range(1, 1025))
    )
    assert (table["average_cost"] * table["unit"]).tolist() == pytest.approx(
        table["cumulative_cost"].tolist()
    )
    assert curve.to_frame(10)["cumulative_cost"].round(2).tolist() == [631.54]
    assert "80% (each doubling of output: unit cost x 0.8)" in curve.summary()
    assert "exponent b        -0.32193" in curve.summary()
    with pytest.raises(InputError, match="units must hold whole numbers of at least 1"):
        curve.to_frame([0, 1])


def test_program_table_lists_the_shipped_specs() -> None:
    table = program_table().set_index("id")
    assert table.index.tolist() == program_ids()
    assert table.loc["eurofighter", "partners"] == "GBR, DEU, ITA, ESP"
    assert table.loc["eurofighter", "planned_quantity"] == 232 + 180 + 121 + 87
    spec = load_program("f35")
    assert table.loc["f35", "sources"] == len(spec.sources)
    assert table.loc["f35", "assumptions"] == len(spec.assumptions())
