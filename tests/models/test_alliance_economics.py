"""Voluntary contributions to a shared defense good: closed forms, iteration, invariants."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from allied.cite import cite
from allied.errors import InputError
from allied.models import (
    TECHNOLOGIES,
    Equilibrium,
    best_response,
    public_good_equilibrium,
)


def cobb_douglas(alpha: float) -> Callable[[float, float], float]:
    """U(x, G) = x^(1-alpha) G^alpha, as a plain callable for the iteration."""
    return lambda x, g: x ** (1 - alpha) * g**alpha


# --------------------------------------------------------------------------- closed forms


def test_names_from_a_mapping_a_series_or_names() -> None:
    by_map = public_good_equilibrium({"USA": 100, "UK": 80, "FRA": 60})
    by_series = public_good_equilibrium(pd.Series([100, 80, 60], index=["USA", "UK", "FRA"]))
    by_names = public_good_equilibrium([100, 80, 60], names=["USA", "UK", "FRA"])
    default = public_good_equilibrium(np.array([100.0, 80.0, 60.0]))
    for eq in (by_map, by_series, by_names):
        assert eq.names == ("USA", "UK", "FRA")
        assert eq.free_riders == ("FRA",)
        assert eq.contributors == ("USA", "UK")
    assert default.names == ("1", "2", "3") and default.free_riders == ("3",)


def test_to_frame_one_row_per_ally_in_order() -> None:
    frame = public_good_equilibrium([60, 100, 80], names=["FRA", "USA", "UK"]).to_frame()
    assert list(frame.columns) == [
        "name",
        "income",
        "contribution",
        "share_of_total",
        "share_of_income",
        "free_rider",
    ]
    assert frame["name"].tolist() == ["FRA", "USA", "UK"]
    assert frame["contribution"].tolist() == pytest.approx([0, 40, 20])
    assert frame["share_of_total"].tolist() == pytest.approx([0, 2 / 3, 1 / 3])
    assert frame["share_of_income"].tolist() == pytest.approx([0, 0.4, 0.25])
    assert frame["free_rider"].tolist() == [True, False, False]


def test_share_of_income_uses_spending_at_the_price() -> None:
    """With p = 2 each unit costs 2: contributions halve, spending and shares do not change."""
    cheap = public_good_equilibrium([100, 80, 60])
    dear = public_good_equilibrium([100, 80, 60], price=2.0)
    assert dear.contributions.tolist() == pytest.approx([20, 10, 0])
    assert dear.total == pytest.approx(30) and dear.efficient_total == pytest.approx(60)
    assert dear.to_frame()["share_of_income"].tolist() == pytest.approx(
        cheap.to_frame()["share_of_income"].tolist()
    )
    assert dear.private_consumption.tolist() == pytest.approx([60, 60, 60])


def test_summary_and_result_is_frozen() -> None:
    eq = public_good_equilibrium({"USA": 100, "UK": 80, "FRA": 60})
    text = eq.summary()
    assert "summation" in text and "alpha = 0.5" in text
    assert "equilibrium G     60" in text and "efficient G       120" in text
    assert "provision ratio   0.500" in text and "free riders       FRA" in text
    assert text == public_good_equilibrium({"USA": 100, "UK": 80, "FRA": 60}).summary()
    with pytest.raises(dataclasses.FrozenInstanceError):
        eq.total = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        eq.contributions[0] = 1.0
    assert eq.provision_ratio == pytest.approx(0.5)


def test_single_ally_has_no_free_rider_problem() -> None:
    """One ally: G = alpha m / p is both its choice and the efficient level."""
    for technology in TECHNOLOGIES:
        eq = public_good_equilibrium([90], alpha=0.4, price=3, technology=technology)
        assert eq.total == pytest.approx(12) and eq.efficient_total == pytest.approx(12)
        assert eq.free_riders == ()


def test_equal_incomes_all_contribute() -> None:
    """n equal allies: G = alpha n m / (p (alpha + n (1 - alpha))), each G / n."""
    n, m, alpha = 4, 50.0, 0.3
    eq = public_good_equilibrium([m] * n, alpha=alpha)
    expected = alpha * n * m / (alpha + n * (1 - alpha))
    assert eq.total == pytest.approx(expected)
    assert eq.contributions.tolist() == pytest.approx([expected / n] * n)
    assert eq.free_riders == ()


def test_technology_spellings() -> None:
    assert public_good_equilibrium([1, 2], technology="Weakest_Link").technology == "weakest-link"
    assert public_good_equilibrium([1, 2], technology=" best shot").technology == "best-shot"


def test_best_shot_ties_go_to_the_first_listed() -> None:
    eq = public_good_equilibrium([70, 90, 90], technology="best-shot")
    assert eq.contributions.tolist() == pytest.approx([0, 45, 0])
    assert eq.free_riders == ("1", "3")


def test_equilibrium_is_citable() -> None:
    keys = [c.key for c in cite(public_good_equilibrium([1, 2], technology="best-shot"))]
    assert keys[:3] == ["olson_zeckhauser_1966", "bergstrom_blume_varian_1986", "samuelson_1954"]
    assert "hirshleifer_1983" in keys and "sandler_hartley_1995" in keys
    dois = {c.doi for c in cite(public_good_equilibrium([1, 2]))}
    assert {"10.2307/1927082", "10.1016/0047-2727(86)90024-1"} <= dois


# --------------------------------------------------------------------------- best responses


def test_best_response_closed_forms() -> None:
    assert best_response(100, [20, 0]) == 40.0
    assert best_response(60, [40, 20]) == 0.0
    assert best_response(80, [30, 40], technology="weakest-link") == 30.0
    assert best_response(50, [30, 40], technology="weakest-link") == 25.0
    assert best_response(80, [50], technology="best-shot") == 0.0
    assert best_response(100, [], technology="best-shot") == 50.0
    # Providing 50 alone beats free riding on H exactly when H < 0.5 * 50 = 25 (alpha = 0.5).
    assert best_response(100, [24.9], technology="best-shot") == 50.0
    assert best_response(100, [25.0], technology="best-shot") == 0.0


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_numeric_best_response_matches_closed_form(technology: str) -> None:
    utility = cobb_douglas(0.3)
    for others in ([], [5.0], [10.0, 2.0], [40.0, 1.0]):
        exact = best_response(100, others, alpha=0.3, price=2, technology=technology)
        numeric = best_response(100, others, price=2, technology=technology, utility=utility)
        assert numeric == pytest.approx(exact, abs=1e-7)


# --------------------------------------------------------------------------- iteration


@pytest.mark.parametrize("technology", TECHNOLOGIES)
@pytest.mark.parametrize(
    ("incomes", "alpha", "price"),
    [([100, 80, 60], 0.5, 1.0), ([300, 120, 90, 40, 10], 0.2, 2.5), ([7, 7, 7], 0.7, 0.5)],
)
def test_iteration_reproduces_the_cobb_douglas_closed_form(
    technology: str, incomes: list[float], alpha: float, price: float
) -> None:
    exact = public_good_equilibrium(incomes, alpha=alpha, price=price, technology=technology)
    found = public_good_equilibrium(
        incomes, price=price, technology=technology, utility=cobb_douglas(alpha)
    )
    scale = max(incomes) / price
    assert found.contributions == pytest.approx(exact.contributions, abs=1e-7 * scale)
    assert found.total == pytest.approx(exact.total, rel=1e-7)
    assert found.efficient_total == pytest.approx(exact.efficient_total, rel=1e-6)
    assert found.free_riders == exact.free_riders
    assert found.utility == "user" and found.iterations >= 1 and math.isnan(found.alpha)
    assert "user utility" in found.summary()


def test_iteration_with_one_utility_per_ally() -> None:
    """Two allies, U_i = x^(1-a_i) G^(a_i), a = (0.5, 0.25), m = (100, 200), p = 1.

    Best responses q1 = 50 - q2 / 2 and q2 = 50 - 3 q1 / 4 cross at q1 = 40, q2 = 20.
    """
    eq = public_good_equilibrium(
        [100, 200], utility=[cobb_douglas(0.5), cobb_douglas(0.25)], names=["A", "B"]
    )
    assert eq.contributions.tolist() == pytest.approx([40, 20], abs=1e-6)
    assert eq.total == pytest.approx(60, rel=1e-8)


def test_quasilinear_utility() -> None:
    """U = x + 20 ln G: everyone wants G = 20, the Samuelson level is 3 x 20 / p = 60.

    Under weakest-link a unit of G costs 3p, so the efficient level is 60 / 3 = 20.
    """

    def utility(x: float, g: float) -> float:
        return x + 20 * math.log(g)

    summation = public_good_equilibrium([100, 80, 60], utility=utility)
    assert summation.total == pytest.approx(20, rel=1e-7)
    assert summation.efficient_total == pytest.approx(60, rel=1e-6)
    weakest = public_good_equilibrium([100, 80, 60], utility=utility, technology="weakest-link")
    assert weakest.total == pytest.approx(20, rel=1e-7)
    assert weakest.efficient_total == pytest.approx(20, rel=1e-6)


def test_log_utility_is_cobb_douglas_in_disguise() -> None:
    eq = public_good_equilibrium([100, 80, 60], utility=lambda x, g: math.log(x) + math.log(g))
    assert eq.contributions.tolist() == pytest.approx([40, 20, 0], abs=1e-6)
    assert eq.efficient_total == pytest.approx(120, rel=1e-6)


def test_iteration_scale_free() -> None:
    """Incomes in dollars rather than billions give the same shares."""
    eq = public_good_equilibrium([1e12, 8e11, 6e11], utility=cobb_douglas(0.5))
    assert (eq.contributions / 1e10).tolist() == pytest.approx([40, 20, 0], abs=1e-6)
    assert eq.free_riders == ("3",)


def test_no_convergence_names_the_iteration_count() -> None:
    with pytest.raises(InputError, match="did not converge in 3 iterations") as info:
        public_good_equilibrium([100] * 10, utility=cobb_douglas(0.1), max_iter=3)
    assert info.value.where == "argument utility"
    assert "max_iter" in (info.value.fix or "")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "where", "text"),
    [
        ({"incomes": [100, 0]}, "argument incomes", "must be positive"),
        ({"incomes": [100, -5]}, "argument incomes", "must be positive"),
        ({"incomes": [100, math.nan]}, "argument incomes", "income of ally '2' is not finite"),
        ({"incomes": [100, math.inf]}, "argument incomes", "income of ally '2' is not finite"),
        ({"incomes": [100, "80"]}, "argument incomes", "not a number"),
        ({"incomes": [True, 2]}, "argument incomes", "not a number"),
        ({"incomes": []}, "argument incomes", "no incomes"),
        ({"incomes": "100,80"}, "argument incomes", "sequence of numbers"),
        ({"incomes": 100}, "argument incomes", "sequence of numbers"),
        ({"incomes": [1, 2], "alpha": 0}, "argument alpha", "strictly between 0 and 1"),
        ({"incomes": [1, 2], "alpha": 1}, "argument alpha", "strictly between 0 and 1"),
        ({"incomes": [1, 2], "alpha": 1.5}, "argument alpha", "strictly between 0 and 1"),
        ({"incomes": [1, 2], "alpha": math.nan}, "argument alpha", "alpha is not finite: nan"),
        ({"incomes": [1, 2], "alpha": "half"}, "argument alpha", "alpha is not a number"),
        ({"incomes": [1, 2], "price": 0}, "argument price", "must be positive"),
        ({"incomes": [1, 2], "price": -1}, "argument price", "must be positive"),
        ({"incomes": [1, 2], "price": math.inf}, "argument price", "price is not finite: inf"),
        ({"incomes": [1, 2], "technology": "sum"}, "argument technology", "unknown technology"),
        ({"incomes": [1, 2], "technology": 3}, "argument technology", "unknown technology"),
        ({"incomes": [1, 2], "names": ["a"]}, "argument names", "2 incomes but 1 names"),
        ({"incomes": [1, 2], "names": ["a", "a"]}, "argument names", "more than once"),
        ({"incomes": {"a": 1}, "names": ["a"]}, "argument names", "names given twice"),
        ({"incomes": [1, 2], "utility": 3}, "argument utility", "callable"),
        ({"incomes": [1, 2], "utility": [math.hypot]}, "argument utility", "2 allies but 1"),
        ({"incomes": [1, 2], "utility": lambda x: x}, "argument utility", "failed"),
        ({"incomes": [1, 2], "utility": lambda x, g: math.nan}, "argument utility", "not finite"),
        ({"incomes": [1, 2], "utility": math.hypot, "tol": 0}, "argument tol", "positive"),
        ({"incomes": [1, 2], "utility": math.hypot, "max_iter": 0}, "argument max_iter", "whole"),
    ],
)
def test_bad_input_names_the_argument(kwargs: dict[str, Any], where: str, text: str) -> None:
    incomes = kwargs.pop("incomes")
    with pytest.raises(InputError, match=text) as info:
        public_good_equilibrium(incomes, **kwargs)
    assert info.value.where == where
    assert info.value.fix
    assert isinstance(info.value, ValueError)


def test_best_response_bad_input() -> None:
    with pytest.raises(InputError, match="non-negative"):
        best_response(100, [-1.0])
    with pytest.raises(InputError, match="income must be positive"):
        best_response(0, [1.0])
    with pytest.raises(InputError, match="unknown technology"):
        best_response(10, [1.0], technology="median")


# --------------------------------------------------------------------------- properties

incomes_lists = st.lists(
    st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=8,
)
alphas = st.floats(min_value=0.05, max_value=0.95)
prices = st.floats(min_value=0.1, max_value=10.0)
technologies = st.sampled_from(TECHNOLOGIES)


def _solve(incomes: list[float], alpha: float, price: float, technology: str) -> Equilibrium:
    return public_good_equilibrium(incomes, alpha=alpha, price=price, technology=technology)


@given(incomes_lists, alphas, prices, technologies)
def test_contributions_are_affordable(
    incomes: list[float], alpha: float, price: float, technology: str
) -> None:
    eq = _solve(incomes, alpha, price, technology)
    m = np.array(incomes)
    assert np.all(eq.contributions >= 0)
    assert np.all(eq.contributions <= m / price * (1 + 1e-12))
    assert np.all(eq.private_consumption >= -1e-9 * m)


@given(incomes_lists, alphas, prices, technologies)
def test_equilibrium_never_exceeds_the_efficient_level(
    incomes: list[float], alpha: float, price: float, technology: str
) -> None:
    eq = _solve(incomes, alpha, price, technology)
    assert eq.total <= eq.efficient_total * (1 + 1e-12)
    assert 0 < eq.provision_ratio <= 1 + 1e-12


@given(incomes_lists, alphas, prices, technologies)
def test_each_contribution_is_a_best_response(
    incomes: list[float], alpha: float, price: float, technology: str
) -> None:
    eq = _solve(incomes, alpha, price, technology)
    q = eq.contributions
    for i, income in enumerate(incomes):
        others = np.delete(q, i)
        reply = best_response(income, others, alpha=alpha, price=price, technology=technology)
        assert reply == pytest.approx(q[i], rel=1e-9, abs=1e-9 * max(incomes) / price)


@given(incomes_lists, alphas, prices)
def test_summation_contributors_are_the_richest_and_consume_alike(
    incomes: list[float], alpha: float, price: float
) -> None:
    eq = _solve(incomes, alpha, price, "summation")
    m = np.array(incomes)
    giving = eq.contributions > 0
    assert giving.any()  # the richest always contributes
    if (~giving).any():
        assert m[giving].min() > m[~giving].max()
    # Every contributor keeps the same private consumption (1 - alpha) p G / alpha.
    level = (1 - alpha) * price * eq.total / alpha
    assert eq.private_consumption[giving] == pytest.approx(np.full(giving.sum(), level), rel=1e-9)
    assert np.all(m[~giving] <= level * (1 + 1e-12))


@given(incomes_lists, alphas, prices)
def test_summation_exploitation_of_the_great_by_the_small(
    incomes: list[float], alpha: float, price: float
) -> None:
    """Olson-Zeckhauser: the share of income spent on defense never falls with income."""
    frame = _solve(incomes, alpha, price, "summation").to_frame().sort_values("income")
    shares = frame["share_of_income"].to_numpy()
    assert np.all(np.diff(shares) >= -1e-12)


@given(
    incomes_lists,
    alphas,
    prices,
    st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=8, max_size=8),
)
@settings(suppress_health_check=[HealthCheck.filter_too_much])
def test_summation_neutrality(
    incomes: list[float], alpha: float, price: float, weights: list[float]
) -> None:
    """Warr / BBV neutrality: moving income among contributors, keeping the set, keeps G.

    Each contributor's income is t + s_i with t = (1 - alpha) p G / alpha the common private
    consumption and s_i > 0; we hand the total surplus sum(s_i) out again in other shares.
    """
    before = _solve(incomes, alpha, price, "summation")
    giving = before.contributions > 0
    assume(giving.sum() >= 2)
    t = (1 - alpha) * price * before.total / alpha
    m = np.array(incomes)
    surplus = float((m[giving] - t).sum())
    share = np.array(weights[: giving.sum()])
    moved = m.copy()
    moved[giving] = t + surplus * share / share.sum()
    after = _solve(moved.tolist(), alpha, price, "summation")
    assert after.total == pytest.approx(before.total, rel=1e-9)
    assert np.array_equal(after.contributions > 0, giving)
    assert after.private_consumption[giving] == pytest.approx(
        before.private_consumption[giving], rel=1e-9
    )


@given(incomes_lists, alphas, technologies, st.randoms(use_true_random=False))
def test_relabelling_allies_permutes_the_result(
    incomes: list[float], alpha: float, technology: str, random: Any
) -> None:
    assume(technology != "best-shot" or len(set(incomes)) == len(incomes))  # tie rule: order
    order = list(range(len(incomes)))
    random.shuffle(order)
    eq = _solve(incomes, alpha, 1.0, technology)
    shuffled = _solve([incomes[i] for i in order], alpha, 1.0, technology)
    assert shuffled.contributions == pytest.approx(eq.contributions[order], rel=1e-12)
    assert shuffled.total == pytest.approx(eq.total, rel=1e-12)


@given(incomes_lists, alphas, prices)
def test_weakest_link_equal_and_best_shot_single(
    incomes: list[float], alpha: float, price: float
) -> None:
    weakest = _solve(incomes, alpha, price, "weakest-link")
    assert np.all(weakest.contributions == weakest.total) and weakest.free_riders == ()
    best = _solve(incomes, alpha, price, "best-shot")
    assert (best.contributions > 0).sum() == 1
    assert best.total == pytest.approx(alpha * max(incomes) / price)
    assert len(best.free_riders) == len(incomes) - 1


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(min_value=1.0, max_value=1000.0), min_size=1, max_size=5),
    st.floats(min_value=0.2, max_value=0.8),
    technologies,
)
def test_iteration_agrees_with_closed_form(
    incomes: list[float], alpha: float, technology: str
) -> None:
    exact = _solve(incomes, alpha, 1.0, technology)
    found = public_good_equilibrium(incomes, technology=technology, utility=cobb_douglas(alpha))
    assert found.total == pytest.approx(exact.total, rel=1e-6)
    assert found.contributions == pytest.approx(exact.contributions, abs=1e-6 * max(incomes))
