"""Cost sharing: key rules, formulas with caps and ties, games, Shapley, nucleolus, core."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allied.errors import InputError
from allied.models import (
    MAX_EXACT_SHAPLEY,
    Allocation,
    CostGame,
    airport_game,
    airport_nucleolus,
    airport_shapley,
    core_check,
    equal_shares,
    formula_shares,
    nucleolus,
    proportional_shares,
    shapley_value,
)
from allied.models._cost_games import shapley_by_loop, subset_sums

NAMES = tuple("ABCDEFGHIJKLMNOPQRST")


def random_table(rng: np.random.Generator, n: int) -> np.ndarray:
    table = np.concatenate([[0.0], rng.uniform(1, 10, (1 << n) - 1)])
    table[-1] = min(table[-1], table[1 << np.arange(n)].sum())  # a non-empty imputation set
    return table


def sorted_excesses(table: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.sort((subset_sums(x) - table)[1:-1])[::-1]


# --------------------------------------------------------------------------- key rules


def test_equal_shares() -> None:
    allocation = equal_shares(["USA", "GBR", "FRA", "DEU"], cost=10)
    assert allocation.amounts.tolist() == [2.5] * 4
    assert allocation.method == "equal"
    frame = allocation.to_frame()
    assert list(frame.columns) == ["player", "amount", "share_percent"]
    assert frame["share_percent"].tolist() == [25.0] * 4


def test_proportional_shares_from_series_and_mapping() -> None:
    key = pd.Series({"A": 1.0, "B": 3.0, "C": 0.0})
    allocation = proportional_shares(key, cost=8)
    assert allocation.amounts.tolist() == [2.0, 6.0, 0.0]
    assert allocation.amount("B") == 6.0
    assert proportional_shares({"A": 1, "B": 3, "C": 0}, cost=8).amounts.tolist() == [2, 6, 0]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ({"A": -1, "B": 2}, "negative"),
        ({"A": 0, "B": 0}, "every key value is 0"),
        ({"A": "x"}, "not a number"),
        ({"A": float("nan")}, "not finite"),
        ({"A+B": 1}, r"contains '\+'"),
        ("AB", "must be a mapping"),
    ],
)
def test_proportional_bad_key(key: object, text: str) -> None:
    with pytest.raises(InputError, match=text):
        proportional_shares(key, cost=1)  # type: ignore[arg-type]


def test_bad_cost() -> None:
    with pytest.raises(InputError, match="cost must be non-negative, not -1"):
        equal_shares(["A"], cost=-1)
    with pytest.raises(InputError, match="not a number"):
        equal_shares(["A"], cost="1")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="more than once"):
        equal_shares(["A", "A"], cost=1)


def test_negative_key_names_the_entry() -> None:
    with pytest.raises(InputError) as info:
        proportional_shares({"A": 1, "B": -2}, cost=1)
    assert info.value.where == "argument key, entry 'B'"


# --------------------------------------------------------------------------- formula


def test_formula_cap_water_fills_over_rounds() -> None:
    # A at 50% is capped at 30%; B then gets 0.7 * 25/50 = 35% > 30% and is capped too.
    key = {"A": 50, "B": 25, "C": 15, "D": 10}
    allocation = formula_shares(key, cost=1, caps={"A": 0.3, "B": 0.3})
    assert allocation.amounts == pytest.approx([0.3, 0.3, 0.24, 0.16])
    assert allocation.parameters["capped"] == ["A", "B"]


def test_formula_cap_not_binding_changes_nothing() -> None:
    key = {"A": 50, "B": 30, "C": 20}
    plain = proportional_shares(key, cost=100).amounts
    assert formula_shares(key, cost=100, caps={"A": 0.6}).amounts == pytest.approx(plain)


def test_formula_equal_to_closed_form() -> None:
    """s_j = lambda g_j (j != A), s_A = s_B, sum 1."""
    key = {"USA": 50.0, "DEU": 10.0, "FRA": 8.0, "GBR": 7.0}
    allocation = formula_shares(key, cost=1, equal_to={"USA": "DEU"})
    lam = 1 / (10 + 10 + 8 + 7)
    assert allocation.amounts == pytest.approx([10 * lam, 10 * lam, 8 * lam, 7 * lam])
    assert allocation.amounts.sum() == pytest.approx(1)


def test_formula_tie_and_cap_stay_equal() -> None:
    key = {"USA": 50.0, "DEU": 30.0, "FRA": 10.0, "GBR": 10.0}
    allocation = formula_shares(key, cost=1, equal_to={"USA": "DEU"}, caps={"DEU": 0.3})
    usa, deu, fra, gbr = allocation.amounts
    assert usa == pytest.approx(deu) == pytest.approx(0.3)
    assert fra == pytest.approx(gbr) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("caps", "equal_to", "text"),
    [
        ({"A": 0.2, "B": 0.2}, None, "cannot be met"),
        ({"X": 0.2}, None, "unknown member"),
        ({"A": 0}, None, "cap of 'A' must be positive, not 0"),
        ({"A": 1.5}, None, "cap of 'A' must be at most 1, not 1.5"),
        (None, {"A": "X"}, "unknown member"),
        (None, {"A": "B", "B": "A"}, "itself tied"),
        (None, {"A": "A"}, "itself tied"),
    ],
)
def test_formula_bad_caps_and_ties(caps: object, equal_to: object, text: str) -> None:
    with pytest.raises(InputError, match=text):
        formula_shares({"A": 2, "B": 1}, cost=1, caps=caps, equal_to=equal_to)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- games


def test_from_table_accepts_tuples_frozensets_and_strings() -> None:
    game = CostGame.from_table(
        ["A", "B", "C"],
        {
            "A": 1,
            ("B",): 2,
            frozenset({"C"}): 3,
            "A+B": 2,
            ("C", "A"): 3,
            "B + C": 3,
            "C+B+A": 3,
        },
    )
    assert game.costs.tolist() == [0, 1, 2, 2, 3, 3, 3, 3]
    assert game.cost("A+C") == 3.0
    assert len(game.to_frame()) == 7


def test_from_table_names_the_first_missing_coalition() -> None:
    with pytest.raises(InputError, match=r"no cost for coalition B \(2 of 3"):
        CostGame.from_table(["A", "B"], {"A": 1})
    with pytest.raises(InputError, match="no cost for coalition A\\+B"):
        CostGame.from_table(["A", "B"], {"A": 1, "B": 2})


@pytest.mark.parametrize(
    ("costs", "text"),
    [
        ({"A": 1, "B": 2, "A+B": 3, "B+A": 3}, "more than once"),
        ({"A": 1, "B": 2, "A+X": 3}, "unknown player 'X'"),
        ({"A": 1, "B": 2, "A+A": 3}, "appears twice"),
        ({"A": 1, "B": "two", "A+B": 3}, "not a number"),
        ({"": 0, "A": 1, "B": 2, "A+B": 3}, "empty coalition"),
    ],
)
def test_from_table_bad(costs: dict[str, object], text: str) -> None:
    with pytest.raises(InputError, match=text):
        CostGame.from_table(["A", "B"], costs)  # type: ignore[arg-type]


def test_from_function_tabulates_lazily_and_zeroes_the_empty_coalition() -> None:
    game = CostGame.from_function(["A", "B", "C"], lambda rows: rows.sum(axis=1) + 5.0)
    assert game.table is None
    assert game.costs.tolist() == [0, 6, 6, 7, 6, 7, 7, 8]
    with pytest.raises(InputError, match="shape"):
        CostGame.from_function(["A"], lambda rows: np.zeros((2, 2)))
    with pytest.raises(InputError, match="failed"):
        CostGame.from_function(["A"], lambda rows: 1 / 0)


def test_airport_game_table_matches_its_function() -> None:
    requirements = [3.0, 1.0, 4.0, 1.0, 5.0]
    game = airport_game(requirements)
    masks = np.arange(32)
    expected = [max([requirements[i] for i in range(5) if m >> i & 1], default=0) for m in masks]
    assert game.costs.tolist() == expected
    other = CostGame.from_function(game.players, game.function)  # type: ignore[arg-type]
    assert other.costs.tolist() == expected


# --------------------------------------------------------------------------- Shapley


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_exact_shapley_equals_the_textbook_loop(n: int) -> None:
    table = random_table(np.random.default_rng(n), n)
    game = CostGame(players=NAMES[:n], table=table)
    assert shapley_value(game).amounts == pytest.approx(shapley_by_loop(table, n), abs=1e-12)


def test_shapley_axioms_symmetry_and_dummy() -> None:
    # C is a dummy (adds 2 to every coalition); A and B are symmetric.
    base = {(): 0, ("A",): 4, ("B",): 4, ("A", "B"): 6}
    costs = {}
    for size in (1, 2, 3):
        for coalition in itertools.combinations("ABC", size):
            without = tuple(p for p in coalition if p != "C")
            costs["+".join(coalition)] = base[without] + (2 if "C" in coalition else 0)
    value = shapley_value(CostGame.from_table(["A", "B", "C"], costs)).amounts
    assert value == pytest.approx([3, 3, 2])


def test_exact_shapley_above_the_limit_suggests_samples() -> None:
    n = MAX_EXACT_SHAPLEY + 1
    game = CostGame.from_function([f"p{i}" for i in range(n)], lambda rows: rows.sum(axis=1))
    with pytest.raises(InputError, match="samples="):
        shapley_value(game)


def test_sampled_shapley_is_reproducible_and_converges() -> None:
    requirements = np.random.default_rng(3).uniform(1, 10, 30)
    game = airport_game(list(requirements))
    first = shapley_value(game, samples=4000, seed=7)
    again = shapley_value(game, samples=4000, seed=7)
    assert first.amounts.tolist() == again.amounts.tolist()
    assert first.standard_errors is not None
    exact = airport_shapley(list(requirements)).amounts
    z = np.abs(first.amounts - exact) / first.standard_errors
    assert z.max() < 5
    assert first.amounts.sum() == pytest.approx(game.grand_cost, rel=1e-12)
    assert "standard_error" in first.to_frame().columns
    assert first.parameters["seed"] == 7 and first.parameters["samples"] == 4000


def test_sampled_shapley_without_seed_records_entropy() -> None:
    game = airport_game([1, 2, 3])
    result = shapley_value(game, samples=3)
    assert result.parameters["samples"] == 4
    assert isinstance(result.parameters["seed_entropy"], int)
    with pytest.raises(InputError, match="samples"):
        shapley_value(game, samples=1)
    with pytest.raises(InputError, match="seed"):
        shapley_value(game, samples=10, seed=-1)


def test_sampled_shapley_beyond_the_table_limit() -> None:
    """A 200-player airport game exists only as a function; sampling still works."""
    requirements = np.linspace(1, 200, 200)
    game = airport_game(list(requirements))
    result = shapley_value(game, samples=400, seed=0)
    exact = airport_shapley(list(requirements)).amounts
    assert np.abs(result.amounts - exact).max() < 6 * result.standard_errors.max()  # type: ignore[union-attr]


# --------------------------------------------------------------------------- airport closed forms


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=7))
def test_airport_shapley_equals_exact_shapley(requirements: list[int]) -> None:
    game = airport_game([float(r) for r in requirements])
    assert airport_shapley(requirements).amounts == pytest.approx(
        shapley_value(game).amounts, abs=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=7))
def test_airport_nucleolus_equals_lp_nucleolus(requirements: list[int]) -> None:
    """Littlechild's sequential algorithm against the LP sequence, ties included."""
    game = airport_game([float(r) for r in requirements])
    assert airport_nucleolus(requirements).amounts == pytest.approx(
        nucleolus(game).amounts, abs=1e-7
    )


def test_airport_closed_forms_for_a_million_players() -> None:
    requirements = np.random.default_rng(0).uniform(0, 100, 10**6)
    allocation = airport_shapley(requirements)
    assert allocation.amounts.sum() == pytest.approx(requirements.max(), rel=1e-9)
    order = np.argsort(requirements)
    assert (np.diff(allocation.amounts[order]) >= -1e-12).all()


# --------------------------------------------------------------------------- nucleolus


@pytest.mark.parametrize("seed", range(12))
def test_nucleolus_is_lexicographically_minimal(seed: int) -> None:
    """No nearby imputation has a lexicographically smaller excess vector."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    table = random_table(rng, n)
    game = CostGame(players=NAMES[:n], table=table)
    x = nucleolus(game).amounts
    assert x.sum() == pytest.approx(table[-1])
    assert (x <= table[1 << np.arange(n)] + 1e-9).all()
    reference = sorted_excesses(table, x)
    for _ in range(300):
        step = rng.normal(size=n) * 10 ** rng.uniform(-4, -1)
        y = x + step - step.mean()
        if (y > table[1 << np.arange(n)]).any():
            continue
        diff = sorted_excesses(table, y) - reference
        first = np.flatnonzero(np.abs(diff) > 1e-9)
        assert not len(first) or diff[first[0]] > 0


def test_nucleolus_errors() -> None:
    with pytest.raises(InputError, match="imputation set is empty"):
        nucleolus(CostGame.from_table(["A", "B"], {"A": 1, "B": 1, "A+B": 3}))
    big = CostGame.from_function([f"p{i}" for i in range(17)], lambda rows: rows.sum(axis=1))
    with pytest.raises(InputError, match="up to 16 players"):
        nucleolus(big)
    assert nucleolus(CostGame.from_table(["A"], {"A": 5})).amounts.tolist() == [5.0]


# --------------------------------------------------------------------------- core


def test_core_check_lists_violations_largest_first() -> None:
    game = airport_game({"A": 1, "B": 2, "C": 3})
    check = core_check(game, {"A": 2, "B": 1, "C": 0})
    assert not check.in_core
    assert check.violations["coalition"].tolist() == ["A", "A+B"]
    assert check.violations["excess"].tolist() == [1.0, 1.0]
    assert "no (2 coalitions" in check.summary()


def test_core_check_inefficient_allocation_names_the_grand_coalition() -> None:
    game = airport_game({"A": 1, "B": 2})
    check = core_check(game, [0.5, 1.0])
    assert not check.in_core
    assert check.violations["coalition"].tolist() == ["A+B"]


def test_core_check_bad_allocation() -> None:
    game = airport_game({"A": 1, "B": 2})
    with pytest.raises(InputError, match="missing: B"):
        core_check(game, {"A": 1})
    with pytest.raises(InputError, match="3 amounts for 2 players"):
        core_check(game, [1, 1, 1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=2, max_size=8))
def test_shapley_and_nucleolus_of_airport_games_are_in_the_core(requirements: list[int]) -> None:
    game = airport_game([float(r) for r in requirements])
    assert core_check(game, shapley_value(game)).in_core
    assert core_check(game, nucleolus(game)).in_core


# --------------------------------------------------------------------------- sums and rounding


def exact_sum(values: np.ndarray) -> Decimal:
    return sum((Decimal(repr(float(v))) for v in values), Decimal(0))


def assert_sums(allocation: Allocation) -> None:
    assert math.isclose(
        float(allocation.amounts.sum()), allocation.cost, rel_tol=1e-9, abs_tol=1e-9
    )
    for decimals in (0, 2, 3):
        rounded = allocation.rounded(decimals)
        assert exact_sum(rounded.amounts) == Decimal(repr(rounded.cost))
        units = rounded.amounts * 10**decimals
        assert np.allclose(units, np.round(units))
        assert np.abs(rounded.amounts - allocation.amounts).max() < 10**-decimals * 1.0000001


keys = st.dictionaries(
    st.sampled_from(NAMES[:10]),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=10,
).filter(lambda d: sum(d.values()) > 0)
costs = st.floats(0, 1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=80, deadline=None)
@given(keys, costs)
def test_key_rules_sum_to_the_cost(key: dict[str, float], cost: float) -> None:
    assert_sums(equal_shares(list(key), cost=cost))
    assert_sums(proportional_shares(key, cost=cost))
    first = next(iter(key))
    if len(key) > 1 and sum(v for k, v in key.items() if k != first) > 0:
        assert_sums(formula_shares(key, cost=cost, caps={first: 0.5}))
        second = list(key)[1]
        if key[second] > 0:
            assert_sums(formula_shares(key, cost=cost, equal_to={first: second}))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_game_rules_sum_to_the_cost(n: int, seed: int) -> None:
    table = random_table(np.random.default_rng(seed), n)
    game = CostGame(players=NAMES[:n], table=table)
    assert_sums(shapley_value(game))
    assert_sums(nucleolus(game))
    assert_sums(shapley_value(game, samples=20, seed=seed))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=50))
def test_airport_rules_sum_to_the_cost(requirements: list[float]) -> None:
    assert_sums(airport_shapley(requirements))
    assert_sums(airport_nucleolus(requirements))


def test_rounded_is_hamilton() -> None:
    allocation = proportional_shares({"A": 1, "B": 1, "C": 1, "D": 3}, cost=1)
    # quotas 16.666.., 16.666.., 16.666.., 50 cents -> floors 16, 16, 16, 50; two extra cents
    assert allocation.rounded(2).amounts.tolist() == [0.17, 0.17, 0.16, 0.5]
    assert allocation.rounded(2).parameters["decimals"] == 2
    with pytest.raises(InputError, match="decimals"):
        allocation.rounded(-1)


def test_summary_and_citations() -> None:
    allocation = nucleolus(airport_game({"A": 1, "B": 2, "C": 3}))
    text = allocation.summary()
    assert text.startswith("Cost allocation: nucleolus")
    assert "linear_programs" in text
    assert [c.key for c in allocation.citations()] == [
        "schmeidler_1969",
        "maschler_peleg_shapley_1979",
    ]
    with pytest.raises(InputError, match="unknown player"):
        allocation.amount("Z")


def test_a_subnormal_key_still_gives_the_whole_cost() -> None:
    """Found by hypothesis: with key {'A': 5e-324}, cost * key / total lost digits
    (1.5 * 5e-324 rounds to 5e-324) and A was charged 2 of a cost of 1.5."""
    assert proportional_shares({"A": 5e-324}, cost=1.5).amounts.tolist() == [1.5]
    assert proportional_shares({"A": 5e-324, "B": 5e-324}, cost=3.0).amounts.tolist() == [1.5, 1.5]


def test_game_summary_names_its_kind_players_and_grand_cost() -> None:
    assert airport_game({"A": 1, "B": 2, "C": 3}).summary() == (
        "Cost game (airport game): 3 players (A, B, C); c(N) = 3"
    )
    table = CostGame.from_table(["A", "B"], {"A": 4, "B": 6, "A+B": 8})
    assert table.summary() == "Cost game (table of coalition costs): 2 players (A, B); c(N) = 8"
    many = CostGame.from_function([f"p{i}" for i in range(30)], lambda rows: rows.sum(axis=1))
    assert many.summary() == (
        "Cost game (cost function): 30 players (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, ... p29); "
        "c(N) = 30"
    )
