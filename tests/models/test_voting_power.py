"""Voting power: games, exact indices, and every counting engine against brute force."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allied.errors import InputError, NotFoundError
from allied.models import (
    VotingPower,
    banzhaf_index,
    double_majority_game,
    game_from_rule,
    shapley_shubik_index,
    unanimity_game,
    veto_game,
    voting_power,
    weighted_game,
)
from allied.models import _voting_counts as engine

ENGINES = ["brute force", "meet in the middle", "generating function"]


def counts(game, method):  # type: ignore[no-untyped-def]
    _, criteria, clauses = game._arrays()
    return engine.count_winning(criteria, clauses, method)


def test_weighted_game_and_wins() -> None:
    game = weighted_game({"A": 3, "B": 2, "C": 1}, quota=4)
    assert game.players == ("A", "B", "C") and game.describe() == "votes >= 4"
    assert game.wins(["A", "B"]) and game.wins({"A", "C"}) and not game.wins(["B", "C"])
    with pytest.raises(InputError, match="unknown players"):
        game.wins(["D"])


def test_share_quota_rounds_up_exactly() -> None:
    assert weighted_game([1] * 20, quota=0.55).clauses == ((("votes", 11),),)
    assert weighted_game([1] * 27, quota=Fraction(55, 100)).clauses == ((("votes", 15),),)
    assert weighted_game([1, 1, 1], quota=1.0).clauses == ((("votes", 3),),)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: weighted_game({"A": 1.5}, quota=1), "whole number"),
        (lambda: weighted_game({"A": -1}, quota=1), "whole number"),
        (lambda: weighted_game({}, quota=1), "no weights"),
        (lambda: weighted_game([1, 2], quota=4), "outside 1..3"),
        (lambda: weighted_game([1, 2], quota=0), "outside 1..3"),
        (lambda: weighted_game([1, 2], quota=1.5), "share in"),
        (lambda: weighted_game("12", quota=1), "must be a mapping of player to number or a seq"),
        (lambda: veto_game(3, vetoes=["9"], quota=2), "veto players"),
        (lambda: unanimity_game(["A", "A"]), "player 'A' appears more than once"),
        (lambda: double_majority_game([5, 3], blocking_minority=3), "blocking_minority"),
        (lambda: voting_power(42), "expected a VotingGame"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        call()


def test_small_weighted_game_by_hand() -> None:
    """(3, 2, 1), quota 4: winning {A,B}, {A,C}, {A,B,C}; swings A 3, B 1, C 1.

    Orders: A is pivotal in 4 of 6 (second in 4 orders... B A C, C A B, B C A? no: B+C = 3
    loses, A pivots last), so SS = (4/6, 1/6, 1/6).
    """
    power = voting_power(weighted_game({"A": 3, "B": 2, "C": 1}, quota=4))
    assert power.swings.tolist() == [3, 1, 1] and power.winning_coalitions == 3
    assert power.exact["banzhaf"] == (Fraction(3, 5), Fraction(1, 5), Fraction(1, 5))
    assert power.exact["banzhaf_absolute"] == (Fraction(3, 4), Fraction(1, 4), Fraction(1, 4))
    assert power.exact["shapley_shubik"] == (Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))
    assert banzhaf_index(power.game).tolist() == pytest.approx([0.6, 0.2, 0.2])
    assert shapley_shubik_index(power.game).tolist() == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_unanimity_with_32_players_is_closed_form() -> None:
    power = voting_power("nato")
    assert power.method == "closed form" and power.winning_coalitions == 1
    assert set(power.exact["banzhaf"]) == {Fraction(1, 32)}
    assert set(power.exact["shapley_shubik"]) == {Fraction(1, 32)}
    assert set(power.exact["banzhaf_absolute"]) == {Fraction(1, 2**31)}
    big = voting_power(unanimity_game(200))
    assert big.exact["shapley_shubik"][0] == Fraction(1, 200)


def test_double_majority_game_matches_the_eu_rule() -> None:
    rule = game_from_rule("eu-council")
    population = dict(zip(rule.players, rule.weights["population"], strict=True))
    game = double_majority_game(population, min_members=15)
    assert game.clauses == rule.clauses
    assert voting_power(game).exact == voting_power(rule).exact


def test_eu_council_fast_path_agrees_with_brute_force_on_fewer_members() -> None:
    """The EU-27 populations of the 20 largest members, same rule shape (15 of 20 is 75%)."""
    rule = game_from_rule("eu-council")
    population = dict(list(zip(rule.players, rule.weights["population"], strict=True))[:20])
    game = double_majority_game(population, min_members=11)
    fast, slow = counts(game, "meet in the middle"), counts(game, "brute force")
    assert (fast.by_size, fast.with_player) == (slow.by_size, slow.with_player)
    assert fast.method == "meet in the middle"


def test_eu_council_result() -> None:
    power = voting_power("eu-council")
    assert isinstance(power, VotingPower) and power.method == "meet in the middle"
    assert sum(power.exact["banzhaf"]) == 1 and sum(power.exact["shapley_shubik"]) == 1
    assert power.winning_coalitions == 17_762_668
    assert power.banzhaf.idxmax() == "DEU" and power.banzhaf.idxmin() == "MLT"
    frame = power.to_frame()
    assert list(frame.columns) == [
        "player",
        "population",
        "banzhaf",
        "banzhaf_absolute",
        "shapley_shubik",
        "swings",
    ]
    assert len(frame) == 27 and frame["population"].sum() == 449_206_200
    text = power.summary()
    assert "17,762,668 of 134,217,728" in text and "meet in the middle" in text
    assert "Council of the EU" in text
    keys = [c.key for c in power.citations()]
    assert keys[:2] == ["banzhaf_1965", "shapley_shubik_1954"] and "eu-council:1" in keys


def test_veto_column_and_rule_errors() -> None:
    frame = voting_power("unsc").to_frame()
    assert frame["veto"].tolist() == [True] * 5 + [False] * 10
    with pytest.raises(NotFoundError):
        voting_power("qmv")


def test_too_many_players_for_exact_counting() -> None:
    weights = {str(i): 10**6 + i for i in range(40)}
    game = double_majority_game(weights)
    with pytest.raises(InputError, match="out of reach"):
        voting_power(game)


def test_generating_function_with_many_players() -> None:
    """60 players with votes 1..3: symmetric players get equal power; sums are exact."""
    weights = {f"p{i}": 1 + i % 3 for i in range(60)}
    power = voting_power(weighted_game(weights, quota=0.6))
    assert power.method == "generating function"
    assert sum(power.exact["shapley_shubik"]) == 1 and sum(power.exact["banzhaf"]) == 1
    assert power.banzhaf["p2"] > power.banzhaf["p1"] > power.banzhaf["p0"] > 0
    assert power.exact["banzhaf"][0] == power.exact["banzhaf"][3]


def test_generating_function_beyond_int64() -> None:
    power = voting_power(weighted_game([1] * 40 + [2] * 30, quota=51))
    assert power.method == "generating function" and sum(power.exact["shapley_shubik"]) == 1


@st.composite
def weighted_games(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(2, 11))
    weights = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    weights[0] = weights[0] or 1
    quota = draw(st.integers(1, sum(weights)))
    return weighted_game(weights, quota=quota)


@st.composite
def double_majorities(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(2, 12))
    population = draw(st.lists(st.integers(1, 10**8), min_size=n, max_size=n))
    share = draw(st.sampled_from([0.5, 0.55, 0.6, 2 / 3, 0.72]))
    blocking = draw(st.one_of(st.none(), st.integers(1, n)))
    vetoes = draw(
        st.lists(st.sampled_from([str(i + 1) for i in range(n)]), max_size=2, unique=True)
    )
    game = double_majority_game(
        population, member_share=share, population_share=0.65, blocking_minority=blocking
    )
    if vetoes:
        game = game.__class__(
            game.players,
            {**game.weights, "veto": tuple(int(p in vetoes) for p in game.players)},
            tuple((*clause, ("veto", len(vetoes))) for clause in game.clauses),
            game.name,
            tuple(vetoes),
        )
    return game


@settings(max_examples=60, deadline=None)
@given(weighted_games())
def test_engines_agree_on_weighted_games(game) -> None:  # type: ignore[no-untyped-def]
    oracle = counts(game, "brute force")
    for method in ENGINES[1:]:
        found = counts(game, method)
        assert (found.by_size, found.with_player) == (oracle.by_size, oracle.with_player)
    power = voting_power(game)
    assert sum(power.exact["shapley_shubik"]) == 1 and sum(power.exact["banzhaf"]) == 1
    assert all(value >= 0 for value in power.exact["banzhaf"])


@settings(max_examples=60, deadline=None)
@given(double_majorities())
def test_meet_in_the_middle_agrees_on_multi_criteria_games(game) -> None:  # type: ignore[no-untyped-def]
    oracle = counts(game, "brute force")
    found = counts(game, "meet in the middle")
    assert (found.by_size, found.with_player) == (oracle.by_size, oracle.with_player)
    power = voting_power(game)
    assert sum(power.exact["shapley_shubik"]) == 1 and sum(power.exact["banzhaf"]) == 1


def test_series_are_labelled() -> None:
    series = banzhaf_index("eec-1958")
    assert isinstance(series, pd.Series) and series.index.name == "player"
    assert series.name == "banzhaf"
    assert np.isclose(shapley_shubik_index("eec-1958").sum(), 1.0)
