"""Speed of the cost-sharing rules: exact Shapley, the airport closed form, the nucleolus.

Figures, each beside a baseline measured in the same run:

1. exact Shapley value of a cost game: the textbook Python loop over
   coalitions and our vectorized enumeration at 14 players (same game, values
   compared), then ours at 20 players (target from issue 6: under 5 s);
2. the airport game with 10^6 players in closed form (target: under 1 s),
   against the generic exact Shapley at 20 players, with both compared on
   that game;
3. the nucleolus (sequence of HiGHS linear programs) at 10 to 12 players,
   for an airport game (checked against Littlechild's closed form) and a
   random cost table.

No data is needed. Run: ``.venv/bin/python benchmarks/bench_cost_sharing.py [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from functools import partial

import numpy as np
from _bench import spread, timed

from allied.models import (
    CostGame,
    airport_game,
    airport_nucleolus,
    airport_shapley,
    nucleolus,
    shapley_value,
)
from allied.models._cost_games import shapley_by_loop

TARGET_SHAPLEY_20_S, TARGET_AIRPORT_S = 5.0, 1.0
BASELINE_PLAYERS = 14


def verdict(times: Sequence[float], target: float) -> str:
    """``target (< T s): target met (M s)`` for the median ``M``."""
    median = statistics.median(times)
    met = "target met" if median < target else "target missed"
    return f"   target (< {target:g} s): {met} ({median:.3f} s)"


def economies_of_scale(n: int) -> CostGame:
    """A cost game with a fixed cost and concave variable costs: 5 + sqrt(sum of sizes)."""
    sizes = np.linspace(1, 10, n)
    return CostGame.from_function(
        [f"p{i}" for i in range(n)],
        lambda rows: 5.0 * rows.any(axis=1) + np.sqrt(rows @ sizes),
    )


def shapley_figures(runs: int) -> None:
    small = economies_of_scale(BASELINE_PLAYERS)
    table = np.asarray(small.costs)
    start = time.perf_counter()
    reference = shapley_by_loop(table, BASELINE_PLAYERS)
    loop = time.perf_counter() - start
    ours, result = timed(lambda: shapley_value(small), runs)
    agree = np.abs(result.amounts - reference).max()
    print(f"1. exact Shapley, {BASELINE_PLAYERS} players ({1 << BASELINE_PLAYERS:,} coalitions)")
    print(f"   baseline (Python loop over coalitions)  {loop:.2f} s")
    print(f"   ours (vectorized enumeration)           {spread(ours, 's', 4)}")
    print(
        f"   ratio baseline/ours: x{loop / statistics.median(ours):.0f}; "
        f"largest difference {agree:.1e}"
    )
    total, build, solve = [], [], []
    for _ in range(runs):
        game = economies_of_scale(20)
        start = time.perf_counter()
        game.costs  # noqa: B018 - tabulate the 2^20 coalitions
        middle = time.perf_counter()
        value = shapley_value(game)
        end = time.perf_counter()
        build.append(middle - start)
        solve.append(end - middle)
        total.append(end - start)
    error = abs(float(value.amounts.sum()) - game.grand_cost)
    print(f"   ours, 20 players ({1 << 20:,} coalitions): {spread(total, 's', 3)}")
    print(
        f"     tabulating the cost function {statistics.median(build):.3f} s, "
        f"Shapley {statistics.median(solve):.3f} s; |sum - c(N)| = {error:.1e}"
    )
    print(verdict(total, TARGET_SHAPLEY_20_S))


def airport_figures(runs: int) -> None:
    rng = np.random.default_rng(1973)
    requirements = rng.uniform(0, 100, 10**6)
    ours, result = timed(lambda: airport_shapley(requirements), runs)
    gap = abs(float(result.amounts.sum()) - requirements.max()) / requirements.max()
    print("2. airport game, Littlechild-Owen closed form")
    print(f"   ours, 10^6 players          {spread(ours, 's', 3)}; relative |sum - c(N)| {gap:.1e}")
    small = rng.uniform(0, 100, 20)
    generic, exact = timed(lambda: shapley_value(airport_game(list(small))), runs)
    closed = airport_shapley(small).amounts
    difference = np.abs(exact.amounts - closed).max()
    print(f"   baseline: generic exact Shapley, 20 players  {spread(generic, 's', 3)}")
    print(f"   closed form vs generic at 20 players: largest difference {difference:.1e}")
    nucleolus_times, _ = timed(lambda: airport_nucleolus(requirements), 1)
    print(f"   airport nucleolus (Littlechild 1974), 10^6 players: {nucleolus_times[0]:.3f} s")
    print(verdict(ours, TARGET_AIRPORT_S))


def nucleolus_figures(runs: int) -> None:
    rng = np.random.default_rng(1969)
    print("3. nucleolus by linear programs (HiGHS)")
    for n in (10, 11, 12):
        requirements = rng.uniform(1, 100, n)
        game = airport_game(list(requirements))
        times, result = timed(partial(nucleolus, game), runs)
        gap = np.abs(result.amounts - airport_nucleolus(requirements).amounts).max()
        table = np.concatenate([[0.0], rng.uniform(1, 10, (1 << n) - 1)])
        table[-1] = min(table[-1], table[1 << np.arange(n)].sum())
        random_game = CostGame(players=tuple(f"p{i}" for i in range(n)), table=table)
        random_times, random_result = timed(partial(nucleolus, random_game), runs)
        print(
            f"   {n} players: airport game {spread(times, 's', 3)} "
            f"({result.parameters['linear_programs']} LPs, vs closed form {gap:.1e}); "
            f"random table {spread(random_times, 's', 3)} "
            f"({random_result.parameters['linear_programs']} LPs)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args(argv).runs
    print(f"allied cost-sharing benchmark: {runs} runs")
    shapley_figures(runs)
    airport_figures(runs)
    nucleolus_figures(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
