"""Speed and memory of alliance-portfolio similarity for every ATOP dyad-year.

Figures, each beside a baseline measured in the same run:

1. ours: S absolute, S squared, CINC-weighted S, Häge's κ and π for all COW
   directed dyad-years 1816-2018 (``dyad_similarity`` of
   ``alliance_portfolios``, reading the cache included), in fresh processes:
   compute time, peak RSS, whole-process wall time (target from issue 4:
   under 5 s wall and 2 GB on 2 cores);
2. the baseline: a straightforward loop calling the one-pair functions for
   every dyad of a sample of years, timed per dyad and extrapolated to all
   dyad-years, with the ratio;
3. the floor: the per-year cost of the dense n x n matrix products the
   measures reduce to, summed over the years, against our compute time.

Data: COW State System Membership v2016, ATOP 5.1 (Leeds et al. 2002), COW
National Material Capabilities 7.0, from ``../shared/data``, imported into a
temporary cache.

Run: ``.venv/bin/python benchmarks/bench_similarity.py [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from _bench import BENCH_DIR, DATA, listing, run_child, spread, temporary_cache
from threadpoolctl import threadpool_limits

from allied.measures import SimilarityTable, dyad_similarity, yearly_portfolios
from allied.measures.similarity import cohen_kappa, s_score, scott_pi
from allied.panel import alliance_portfolios
from allied.sources import import_dataset

MEASURES = ["s_abs", "s_sq", "s_abs_cinc", "kappa", "pi"]
SAMPLE_YEARS = (1900, 1960, 2010)
IMPORTS = {"cow-states": "states", "atop": "atop", "nmc7": "nmc/nmc7_0_ccode_year.csv"}
TARGET_WALL_S, TARGET_PEAK_MB = 5.0, 2000.0

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {bench_dir!r})
import {module} as bench
start = time.perf_counter()
table = bench.ours()
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "rows": len(table),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def ours() -> SimilarityTable:
    """Every measure for every dyad-year, as a user would call it."""
    return dyad_similarity(alliance_portfolios(cinc=True), MEASURES)


def baseline_seconds_per_dyad() -> tuple[float, int]:
    """A per-dyad loop over the sample years with the one-pair functions."""
    dyads, seconds = 0, 0.0
    data = alliance_portfolios(years=(min(SAMPLE_YEARS), max(SAMPLE_YEARS)), cinc=True)
    for year in yearly_portfolios(data):
        if year.year not in SAMPLE_YEARS:
            continue
        start = time.perf_counter()
        for i in range(len(year.codes)):
            for j in range(len(year.codes)):
                x, y = year.ties[i], year.ties[j]
                s_score(x, y)
                s_score(x, y, distance="squared")
                s_score(x, y, weights=year.cinc)
                cohen_kappa(x, y)
                scott_pi(x, y)
        seconds += time.perf_counter() - start
        dyads += len(year.codes) ** 2
    return seconds / dyads, dyads


def floor_seconds(products_per_measure: int = 1, repeats: int = 5) -> float:
    """Sum over years of the time of one n x n float64 product per measure."""
    total = 0.0
    with threadpool_limits(limits=1, user_api="blas"):
        for year in yearly_portfolios(alliance_portfolios()):
            matrix = year.ties.astype(np.float64)
            best = min(_timed_product(matrix) for _ in range(repeats))
            total += best * products_per_measure * len(MEASURES)
    return total


def _timed_product(matrix: np.ndarray) -> float:
    start = time.perf_counter()
    _ = matrix @ matrix.T
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args(argv).runs
    if not DATA.is_dir():
        print("skipped: ../shared/data absent")
        return 0
    with temporary_cache():
        for name, relative in IMPORTS.items():
            import_dataset(name, DATA / relative)
        print(f"allied similarity benchmark: {runs} runs, measures {', '.join(MEASURES)}")
        code = _CHILD.format(bench_dir=str(BENCH_DIR), module=Path(__file__).stem)
        results = [(*run_child(code),) for _ in range(runs)]
        compute = [r[0]["seconds"] for r in results]
        walls = [r[1] for r in results]
        peaks = [r[0]["peak_mb"] for r in results]
        rows = results[0][0]["rows"]
        print(f"1. ours: {rows:,} directed dyad-years 1816-2018 (self-pairs included)")
        print(f"   compute        {spread(compute, 's')}   runs: {listing(compute)}")
        print(f"   whole process  {spread(walls, 's')}   runs: {listing(walls)}")
        print(f"   peak RSS       {spread(peaks, 'MB', 0)}")
        per_dyad, sampled = baseline_seconds_per_dyad()
        print(f"2. baseline: per-dyad loop over {sampled:,} dyad-years ({SAMPLE_YEARS})")
        print(f"   {per_dyad * 1e6:.0f} µs per dyad-year → {per_dyad * rows:.0f} s for all")
        print(f"   ratio baseline/ours: x{per_dyad * rows / statistics.median(compute):.0f}")
        floor = floor_seconds()
        print(f"3. floor: one n x n product per measure per year, summed: {floor:.3f} s")
        print(f"   ours/floor: x{statistics.median(compute) / floor:.0f}")
        wall, peak = statistics.median(walls), statistics.median(peaks)
        met = wall < TARGET_WALL_S and peak < TARGET_PEAK_MB
        print(
            f"   target (< {TARGET_WALL_S:.0f} s wall, < {TARGET_PEAK_MB:.0f} MB): "
            f"{'target met' if met else 'target missed'} ({wall:.2f} s, {peak:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
