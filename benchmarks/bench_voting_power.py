"""Speed of exact voting power: EU Council double majority, UN Security Council, NATO.

Figures, each beside a baseline measured in the same run and checked to agree:

1. ours: exact Banzhaf and Shapley-Shubik for the EU-27 double majority
   (2^27 coalitions, ``voting_power("eu-council")``, meet-in-the-middle
   counting), in fresh processes: compute time and whole-process wall time
   (target from issue 6: under 2 s on 2 cores);
2. the baseline: brute-force enumeration of every coalition in numpy chunks
   (the test oracle), on the full EU-27 (``--full-baseline``; about 40 s) or by
   default on its 22 most populous members with the same rule shape, where the
   fast path is timed too; the counts must be identical;
3. the UN Security Council (15 members, 5 vetoes) and NATO consensus (32
   members): ours against brute force (NATO's 2^32 coalitions: brute force
   timed on 22 members and extrapolated).

No data files are needed. Run: ``.venv/bin/python benchmarks/bench_voting_power.py [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _bench import BENCH_DIR, listing, run_child, spread

from allied.models import (
    VotingGame,
    double_majority_game,
    game_from_rule,
    unanimity_game,
    voting_power,
)
from allied.models import _voting_counts as engine

TARGET_S = 2.0

_CHILD = """
import json, sys, time
sys.path.insert(0, {bench_dir!r})
import {module} as bench
start = time.perf_counter()
power = bench.ours()
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "winning": power.winning_coalitions}}))
"""


def ours() -> Any:
    """What a user calls: every index for the EU Council rule."""
    return voting_power("eu-council")


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


def counted(game: VotingGame, method: str) -> tuple[engine.Counts, float]:
    _, criteria, clauses = game._arrays()
    return timed(lambda: engine.count_winning(criteria, clauses, method))


def same(a: engine.Counts, b: engine.Counts) -> str:
    return "identical" if (a.by_size, a.with_player) == (b.by_size, b.with_player) else "DIFFER"


def eu_subset(members: int) -> VotingGame:
    rule = game_from_rule("eu-council")
    population = dict(list(zip(rule.players, rule.weights["population"], strict=True))[:members])
    return double_majority_game(population, min_members=round(15 / 27 * members))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full-baseline", action="store_true", help="brute force on all 27")
    args = parser.parse_args(argv)
    print(f"allied voting-power benchmark: {args.runs} runs")
    code = _CHILD.format(bench_dir=str(BENCH_DIR), module=Path(__file__).stem)
    results = [run_child(code) for _ in range(args.runs)]
    compute = [r[0]["seconds"] for r in results]
    walls = [r[1] for r in results]
    print("1. ours: EU Council QMV, 27 members, 2^27 coalitions, exact Banzhaf and Shapley-Shubik")
    print(f"   compute        {spread(compute, 's', 3)}   runs: {listing(compute)}")
    print(f"   whole process  {spread(walls, 's')}   runs: {listing(walls)}")
    print(f"   winning coalitions: {results[0][0]['winning']:,}")
    best = statistics.median(compute)
    print(
        f"   target (< {TARGET_S:.0f} s compute): {'target met' if best < TARGET_S else 'missed'}"
        " (the whole process adds the imports of pandas, pydantic and the catalog)"
    )

    eu = game_from_rule("eu-council")
    fast, fast_s = counted(eu, "meet in the middle")
    if args.full_baseline:
        slow, slow_s = counted(eu, "brute force")
        print(f"2. baseline: brute force over all 2^27 coalitions: {slow_s:.1f} s")
        print(
            f"   meet in the middle {fast_s:.3f} s; ratio x{slow_s / fast_s:.0f}; "
            f"{same(fast, slow)}"
        )
    else:
        sub = eu_subset(22)
        slow, slow_s = counted(sub, "brute force")
        fast22, fast22_s = counted(sub, "meet in the middle")
        scaled = slow_s * 2**5
        print("2. baseline: brute force on the 22 most populous members (2^22 coalitions)")
        print(
            f"   brute force {slow_s:.2f} s, meet in the middle {fast22_s:.3f} s: "
            f"{same(fast22, slow)}"
        )
        print(
            f"   brute force scaled to 2^27: ~{scaled:.0f} s; ratio to ours x{scaled / fast_s:.0f}"
        )
        print("   (run with --full-baseline to enumerate all 2^27; about 40 s on 2 cores)")

    unsc = game_from_rule("unsc")
    (ours_unsc, ours_s), (slow_unsc, slow_s) = (
        counted(unsc, "meet in the middle"),
        counted(unsc, "brute force"),
    )
    _, api_s = timed(lambda: voting_power("unsc"))
    print(f"3. UNSC: voting_power {api_s * 1e3:.1f} ms (auto: brute force, 2^15)")
    print(
        f"   meet in the middle {ours_s * 1e3:.1f} ms, brute force {slow_s * 1e3:.1f} ms: "
        f"{same(ours_unsc, slow_unsc)}"
    )
    nato, nato_s = timed(lambda: voting_power("nato"))
    small = unanimity_game(22)
    closed, _ = counted(small, "closed form")
    brute, brute_s = counted(small, "brute force")
    print(
        f"   NATO consensus (32): voting_power {nato_s * 1e3:.1f} ms ({nato.method}); "
        f"brute force on 22 members {brute_s:.2f} s (~{brute_s * 2**10:.0f} s for 32), "
        f"{same(closed, brute)} on 22"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
