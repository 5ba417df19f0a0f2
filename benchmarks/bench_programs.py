"""Speed of program economics: the work-share MILP and exact learning-curve sums.

Figures, each beside a baseline measured in the same run:

1. the work-share MILP (scipy.optimize.milp, HiGHS) on a small case that brute-force
   enumeration of every capable assignment can also solve, with the two optima compared
   (agreement) and the two times;
2. the MILP at scale: 4 partners x 200 packages, juste retour per program, and 4 partners x
   3 programs x 5 years (300 packages) under OCCAR's global balance; each solved with the
   default stopping gap (``gap=1e-4``: mean deviation proven within 0.01 pp of the best
   possible) against the baseline ``gap=None`` (HiGHS's own relative gap, which never closes
   on a near-zero deviation, so the solve runs to the time limit), with status, deviation
   and the ratio of times;
3. ``LearningCurve.cumulative_cost`` for 10^7 units against a plain Python loop over 10^5
   units (extrapolated linearly to 10^7), with the ratio.

No data files are needed; the packages are drawn from a seeded generator.

Run: ``.venv/bin/python benchmarks/bench_programs.py [--runs N]``
"""

from __future__ import annotations

import argparse
import itertools
import statistics
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from _bench import listing, spread, timed

from allied.models import LearningCurve, WorkSharePlan, work_share_plan

CAPABILITIES = ("airframe", "propulsion", "avionics", "assembly", "systems")
#: Seconds HiGHS may spend at scale. Without the stopping gap (the baseline) the total
#: absolute deviation's LP bound of 0 is never closed, so those solves always take this long.
LIMIT = 5.0


def make_case(
    n_partners: int, n_packages: int, *, programs: int = 1, years: int = 1, seed: int = 0
) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, float]]:
    """Random packages, partners with 4 of 5 capabilities each, and random targets."""
    rng = np.random.default_rng(seed)
    names = [f"P{k}" for k in range(n_partners)]
    partners = {
        name: sorted(rng.choice(CAPABILITIES, size=4, replace=False).tolist()) for name in names
    }
    covered = sorted({c for caps in partners.values() for c in caps})
    weights = rng.dirichlet(np.full(n_partners, 4.0))
    packages = pd.DataFrame(
        {
            "package": [f"wp{i}" for i in range(n_packages)],
            "value": rng.integers(5, 100, size=n_packages).astype(float),
            "capability": rng.choice(covered, size=n_packages),
            "program": [f"prog{i % programs}" for i in range(n_packages)],
            "year": [2026 + (i // programs) % years for i in range(n_packages)],
        }
    )
    return packages, partners, dict(zip(names, weights.tolist(), strict=True))


def brute_force(
    packages: pd.DataFrame, partners: dict[str, list[str]], targets: dict[str, float], tol: float
) -> float:
    """Smallest total |share - target| over every capable assignment (one program)."""
    names = list(partners)
    values = packages["value"].to_numpy()
    options = [
        [k for k, n in enumerate(names) if cap in partners[n]] for cap in packages["capability"]
    ]
    goal = np.array([targets[n] for n in names])
    choices = np.array(list(itertools.product(*options)), dtype=np.int8)  # (assignments, packages)
    work = np.zeros((len(choices), len(names)))
    for k in range(len(names)):
        work[:, k] = ((choices == k) * values).sum(axis=1)
    deviation = np.abs(work / values.sum() - goal)
    feasible = deviation.max(axis=1) <= tol + 1e-12
    return float(deviation[feasible].sum(axis=1).min()) if feasible.any() else float("nan")


def _quality(plan: WorkSharePlan) -> str:
    scope = "global" if plan.mode == "global" else "program"
    balanced = plan.report[plan.report["scope"] == scope]
    return (
        f"{plan.status}; total |deviation| {plan.objective_value:.2e} (bound "
        f"{plan.objective_bound:.1e}), largest "
        f"{balanced['deviation'].abs().max():.2e} (tolerance {plan.tolerance:g})"
    )


def at_scale(title: str, solve: Callable[[float | None], WorkSharePlan], runs: int) -> None:
    """Print one large case solved with the default gap and with the baseline (no gap)."""
    new_s, new = timed(lambda: solve(1e-4), runs)
    old_s, old = timed(lambda: solve(None), runs)
    print(f"   {title}")
    print(f"      gap 1e-4 (ours)     {spread(new_s, 's', 3)}")
    print(f"         {_quality(new)}")
    print(f"      gap None (baseline) {spread(old_s, 's', 3)}")
    print(f"         {_quality(old)}")
    print(f"      ratio baseline/ours: x{statistics.median(old_s) / statistics.median(new_s):.0f}")


def python_loop_cumulative(curve: LearningCurve, n: int) -> float:
    total = 0.0
    for x in range(1, n + 1):
        total += curve.first_unit_cost * x**curve.exponent
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args(argv).runs
    print(f"allied program-economics benchmark: {runs} runs each")

    packages, partners, targets = make_case(3, 13, seed=1)
    tol = 0.15
    milp_s, plan = timed(
        lambda: work_share_plan(packages, partners=partners, targets=targets, tolerance=tol), runs
    )
    brute_s, best = timed(lambda: brute_force(packages, partners, targets, tol), runs)
    ours = plan.objective_value
    print("1. small case: 3 partners x 13 packages (brute force enumerates every assignment)")
    print(f"   MILP         {spread(milp_s, 's', 4)}   runs: {listing(milp_s)}")
    print(f"   brute force  {spread(brute_s, 's', 4)}   runs: {listing(brute_s)}")
    print(
        f"   optimum: MILP {ours:.6f}, brute force {best:.6f} -> "
        f"{'agree' if abs(ours - float(best)) < 1e-9 else 'DISAGREE'}"
    )
    print(f"   ratio brute/MILP: x{statistics.median(brute_s) / statistics.median(milp_s):.1f}")

    print(f"2. MILP at scale (time limit {LIMIT:g} s; brute force would need >= 3^200 assignments)")
    packages, partners, targets = make_case(4, 200, seed=2)
    at_scale(
        "program mode, 4 partners x 200 packages",
        lambda gap: work_share_plan(
            packages, partners=partners, targets=targets, tolerance=0.01, time_limit=LIMIT, gap=gap
        ),
        runs,
    )
    packages, partners, targets = make_case(4, 300, programs=3, years=5, seed=3)
    at_scale(
        "global mode, 4 partners x 3 programs x 5 years (300 packages)",
        lambda gap: work_share_plan(
            packages,
            partners=partners,
            targets=targets,
            tolerance=0.005,
            mode="global",
            program_tolerance=0.05,
            time_limit=LIMIT,
            gap=gap,
        ),
        runs,
    )

    curve = LearningCurve(100, 0.85)
    ours_s, total = timed(lambda: curve.cumulative_cost(10**7), runs)
    loop_s, _ = timed(lambda: python_loop_cumulative(curve, 10**5), runs)
    per_unit = statistics.median(loop_s) / 10**5
    print("3. cumulative cost of 10^7 units on an 85% curve")
    print(f"   ours         {spread(ours_s, 's', 3)}   total {float(total):.6e}")
    print(
        f"   Python loop  {spread(loop_s, 's', 3)} for 10^5 units "
        f"-> {per_unit * 10**7:.2f} s extrapolated to 10^7"
    )
    print(f"   ratio loop/ours at 10^7: x{per_unit * 10**7 / statistics.median(ours_s):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
