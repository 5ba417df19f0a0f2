"""Published values of multinational program economics, each test naming its source.

Sources
-------
- Wright, T. P. (1936). Factors affecting the cost of airplanes. Journal of the
  Aeronautical Sciences, 3(4), 122-128. https://doi.org/10.2514/8.155
- Netherlands Court of Audit (Algemene Rekenkamer), Joint Strike Fighter dossier, "The
  financial aspects of participation" (planning numbers 2007-2011), accessed 2026-11-29.
- StrategyPage (2 January 2005) for the Eurofighter planned buys; Brockhaus Enzyklopaedie
  and the UK Defence Journal (9 September 2025) for the published production work shares.
- Airbus Military press release of 27 May 2003 (A400M launch quantities).
- FlightGlobal, 20 June 2025 (Edgewing owned 33.3% by each GCAP partner's industry).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from allied.errors import InputError
from allied.models import (
    LearningCurve,
    load_program,
    program_plan,
    work_share_plan,
)


def test_wright_80_percent_curve() -> None:
    """Wright (1936), doi:10.2514/8.155: an 80% curve from T1 = 100.

    b = log2(0.8) = -0.32193; unit 100 costs 100 * 100^b = 22.71; the first ten units
    cost 100 (1 + 0.8 + 0.7021 + 0.64 + ...) = 631.54 in total.
    """
    curve = LearningCurve(100, 0.8)
    assert curve.exponent == pytest.approx(-0.32193, abs=5e-6)
    assert float(curve.unit_cost(100)) == pytest.approx(22.71, abs=5e-3)
    assert float(curve.cumulative_cost(10)) == pytest.approx(631.54, abs=5e-3)
    assert float(curve.average_cost(10)) == pytest.approx(63.154, abs=5e-4)


def test_eurofighter_work_shares_from_orders() -> None:
    """StrategyPage (2005) planned buys UK 232, Germany 180, Italy 121, Spain 87 (620):
    quantity shares 37.42 / 29.03 / 19.52 / 14.03 %.

    Published production shares (Brockhaus): UK 37.5, Germany 30, Italy 19.5, Spain 13;
    NETMA sets the UK share at 37% (UK Defence Journal, 2025). The issue quotes
    37 / 29 / 19.5 / 14. Every published figure lies within 1.1 pp of the quantity share.
    """
    plan = program_plan("eurofighter")
    frame = plan.to_frame()
    assert frame["state"].tolist() == ["GBR", "DEU", "ITA", "ESP"]
    assert (100 * frame["cost_share"]).round(2).tolist() == [37.42, 29.03, 19.52, 14.03]
    assert frame["published_work_share"].tolist() == [0.375, 0.30, 0.195, 0.13]
    assert (100 * frame["work_share_gap"]).round(2).tolist() == [0.08, 0.97, -0.02, -1.03]
    assert np.abs(100 * frame["cost_share"] - [37, 29, 19.5, 14]).max() < 0.5
    assert abs(100 * frame["cost_share"].iloc[0] - 37) < 0.5  # NETMA's 37% for the UK


def test_f35_sustainment_shares_by_planned_aircraft() -> None:
    """Netherlands Court of Audit, JSF planning numbers 2007-2011: US 2443, UK 138,
    Australia 100, Canada 80, Denmark 48, Italy 131, Netherlands 85, Norway 48, Turkey 100
    give 76.993 / 4.349 / 3.152 / 2.521 / 1.513 / 4.129 / 2.679 / 1.513 / 3.152 %.

    (The Court prints Canada as 2,251%, evidently transposed digits: 80 / 3173 = 2.521%.)
    """
    spec = load_program("f35")
    assert {p.planned_quantity.source for p in spec.partners if p.planned_quantity} == {
        "rekenkamer_jsf"
    }
    frame = program_plan(spec).to_frame()
    assert frame["planned_quantity"].sum() == 3173
    expected = [76.993, 4.349, 3.152, 2.521, 1.513, 4.129, 2.679, 1.513, 3.152]
    assert frame["state"].tolist() == [
        "USA", "GBR", "AUS", "CAN", "DNK", "ITA", "NLD", "NOR", "TUR",
    ]  # fmt: skip
    assert (100 * frame["cost_share"]).round(3).tolist() == expected
    assert frame["cost_share"].sum() == pytest.approx(1.0)


def test_f35_sdd_contributions() -> None:
    """Flight International (June 2002): Italy US$1bn and the Netherlands US$800m as Level 2
    partners; the UK the sole Level 1 partner with the largest contribution."""
    frame = program_plan("f35").to_frame().set_index("state")
    assert frame.loc["ITA", "development_contribution"] == 1.0
    assert frame.loc["NLD", "development_contribution"] == 0.8
    assert frame["development_contribution"].idxmax() == "GBR"


def test_a400m_launch_and_amended_quantities() -> None:
    """Airbus Military (27 May 2003): 180 aircraft - Germany 60, France 50, Spain 27, UK 25,
    Turkey 10, Belgium 7, Luxembourg 1; 2011 amendment (Airforce Technology): Germany 53,
    UK 22, 170 firm."""
    spec = load_program("a400m")
    initial = {p.state: p.initial_quantity.value for p in spec.partners if p.initial_quantity}
    planned = {p.state: p.planned_quantity.value for p in spec.partners if p.planned_quantity}
    assert initial == {"DEU": 60, "FRA": 50, "ESP": 27, "GBR": 25, "TUR": 10, "BEL": 7, "LUX": 1}
    assert sum(initial.values()) == 180
    assert planned["DEU"] == 53 and planned["GBR"] == 22 and sum(planned.values()) == 170


def test_gcap_equal_thirds() -> None:
    """FlightGlobal (20 June 2025): BAE Systems, Leonardo and JAIEC each hold 33.3% of
    Edgewing; government cost shares are an assumption (equal thirds), labelled as such."""
    spec = load_program("gcap")
    assert [p.published_work_share.value for p in spec.partners] == [0.333] * 3
    assert all(p.cost_share.assumption for p in spec.partners)
    assert program_plan(spec).to_frame()["development_collaborative"].tolist() == pytest.approx(
        [3**0.5 / 3] * 3
    )


# --------------------------------------------------------------------------- MILP oracle


def _brute_force(values, capable, targets, tolerance):  # type: ignore[no-untyped-def]
    """Smallest total |share - target| over every capable assignment (None if none fits)."""
    best = None
    for choice in itertools.product(*capable):
        work = np.zeros(len(targets))
        for value, partner in zip(values, choice, strict=True):
            work[partner] += value
        deviation = np.abs(work / sum(values) - targets)
        if deviation.max() <= tolerance + 1e-12:
            total = float(deviation.sum())
            best = total if best is None else min(best, total)
    return best


def test_milp_matches_brute_force() -> None:
    """A 3-partner, 8-package case whose optimum is checked against all 3^8 assignments."""
    values = [17, 23, 9, 31, 12, 8, 26, 14]
    caps = ["a", "b", "a", "c", "b", "c", "a", "b"]
    partners = {"X": ["a", "b"], "Y": ["b", "c"], "Z": ["a", "c"]}
    targets = {"X": 0.45, "Y": 0.35, "Z": 0.20}
    names = list(partners)
    capable = [[k for k, n in enumerate(names) if c in partners[n]] for c in caps]
    packages = pd.DataFrame(
        {"package": [f"p{i}" for i in range(8)], "value": values, "capability": caps}
    )
    for tolerance in (0.05, 0.1, 1.0):
        expected = _brute_force(values, capable, np.array(list(targets.values())), tolerance)
        plan = work_share_plan(packages, partners=partners, targets=targets, tolerance=tolerance)
        assert expected is not None
        assert plan.objective_value == pytest.approx(expected, abs=1e-9)
        assert plan.report["deviation"].abs().sum() == pytest.approx(expected, abs=1e-9)
        assert plan.status == "optimal"


def test_global_balance_feasible_where_juste_retour_is_not() -> None:
    """OCCAR Convention Art. 5 / OCCAR 'Global Balance': balance across programs, not within.

    A builds only program P1's airframes, B only P2's engines: per program each partner would
    take all or nothing, but across both programs each takes exactly half.
    """
    packages = pd.DataFrame(
        {
            "package": ["p1_wing", "p1_body", "p2_engine", "p2_nozzle"],
            "value": [60, 40, 70, 30],
            "capability": ["airframe", "airframe", "engine", "engine"],
            "program": ["P1", "P1", "P2", "P2"],
            "year": [2026, 2027, 2026, 2027],
        }
    )
    kwargs = {"partners": {"A": ["airframe"], "B": ["engine"]}, "targets": {"A": 0.5, "B": 0.5}}
    with pytest.raises(InputError, match=r"partner 'A' must take at least 100.00%") as info:
        work_share_plan(packages, tolerance=0.05, mode="program", **kwargs)
    assert "mode='global'" in (info.value.fix or "")
    plan = work_share_plan(packages, tolerance=0.0, mode="global", **kwargs)
    report = plan.to_frame()
    overall = report[report["scope"] == "global"].set_index("partner")
    assert overall["work_share"].tolist() == [0.5, 0.5]
    per_program = report[report["scope"] == "program"]
    assert sorted(per_program["work_share"].tolist()) == [0.0, 0.0, 1.0, 1.0]


def test_infeasible_tolerance_explains_the_fix() -> None:
    """Lumpy packages: no split reaches 50/50 within 1 pp; the error says which tolerance
    would work (brute force: the best split is 45/55, so 0.05)."""
    packages = pd.DataFrame(
        {"package": ["a", "b", "c"], "value": [45, 35, 20], "capability": ["x", "x", "x"]}
    )
    with pytest.raises(InputError, match=r"no assignment puts every partner within 0.01") as info:
        work_share_plan(
            packages,
            partners={"A": ["x"], "B": ["x"]},
            targets={"A": 0.5, "B": 0.5},
            tolerance=0.01,
        )
    assert "0.0500" in (info.value.fix or "")
