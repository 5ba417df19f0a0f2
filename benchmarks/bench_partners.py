"""Speed and memory of partner fit: scoring a year of directed dyads, and the backtest.

Figures, each beside a baseline or target measured in the same run:

1. scoring every directed COW dyad of one year (about 37,000 rows; target from
   issue 16: under 1 s): the indicator build (``partner_inputs`` +
   ``partner_indicators``) and the scoring (``score_dyads`` with the default
   weights: both scores and their contribution tables), timed apart.
   Baseline: a naive row-wise ``DataFrame.apply`` adding weight x value over
   the known indicators of both scores, over a sample of rows, extrapolated
   to the year and labelled so;
2. the full backtest (``allied.models.backtest``, obligation ``any``, every
   non-directed dyad-year at risk 1946-2018) in fresh processes: wall time
   and peak RSS (target from issue 16: under 60 s and 2 GB).

Data: every dataset the partner indicators read (COW states and capitals,
ATOP 5.1, V-Dem via isard, UNGA ideal points, NMC 7.0, World Bank GDP, SIPRI
milex and trade register, MIDs, rivalries), from an existing cache:
``--cache FOLDER`` or ``$ALLIED_DATA_DIR`` (``allied data import`` them first).

Run: ``.venv/bin/python benchmarks/bench_partners.py [--runs N] [--year 2018]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from _bench import BENCH_DIR, listing, run_child, spread, timed

from allied.errors import DataNotAvailableError

TARGET_SCORE_S = 1.0
TARGET_WALL_S, TARGET_PEAK_MB = 60.0, 2000.0
SAMPLE_ROWS = 2_000

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {bench_dir!r})
import {module} as bench
start = time.perf_counter()
result = bench.full_backtest()
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "rows": result.runs[0].train_rows
                  + result.runs[0].model("model").test.rows,
                  "auc": result.runs[0].model("model").test.roc_auc,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def full_backtest():  # type: ignore[no-untyped-def]
    """The backtest a user runs with ``allied partners backtest``."""
    from allied.models import backtest

    return backtest(years="1946-2018", train_through=1990, obligation="any")


def indicator_frame(year: int) -> pd.DataFrame:
    """Every directed dyad's indicators in ``year``."""
    from allied.models import partner_indicators
    from allied.panel import partner_inputs

    return partner_indicators(partner_inputs(year, directed=True)).frame


def default_scorer() -> tuple[Callable[[pd.DataFrame], object], dict[str, float]]:
    """``score_dyads`` with the default weights, and those weights (fit and challenge)
    as one name -> weight mapping for the baseline."""
    from allied.models import load_weights, score_dyads

    weights = load_weights("default")
    fit, challenge = weights.for_kind("any")
    flat = {name: w.weight for name, w in fit.items()}
    flat |= {f"{name} ": w.weight for name, w in challenge.items()}  # same column, 2nd score
    return (lambda frame: score_dyads(frame, weights)), flat


def naive_seconds_per_row(frame: pd.DataFrame, weights: dict[str, float]) -> float:
    """A row-wise ``apply`` summing weight x value over the non-missing indicators."""
    sample = frame.head(SAMPLE_ROWS)

    def row_score(row: pd.Series) -> float:
        values = {name: row[name.strip()] for name in weights}
        return sum(w * values[n] for n, w in weights.items() if not pd.isna(values[n]))

    start = time.perf_counter()
    sample.apply(row_score, axis=1)
    return (time.perf_counter() - start) / len(sample)


def bench_scoring(year: int, runs: int) -> None:
    """Figure 1: the indicator build and the scoring of one year's directed dyads."""
    build, frame = timed(lambda: indicator_frame(year), runs)
    score, weights = default_scorer()
    scoring, _ = timed(lambda: score(frame), max(runs, 5))
    print(f"1. scoring every directed dyad of {year}: {len(frame):,} rows")
    print(f"   indicator build  {spread(build, 's')}   runs: {listing(build)}")
    print("   scoring (score_dyads, default weights: fit, challenge, contributions)")
    print(f"                    {spread(scoring, 's', 4)}")
    per_row = naive_seconds_per_row(frame, weights)
    naive = per_row * len(frame)
    print(f"   baseline: row-wise apply over {SAMPLE_ROWS:,} rows, {per_row * 1e6:.0f} µs a row")
    print(f"             -> {naive:.2f} s for the year (extrapolated)")
    print(f"   ratio baseline/ours: x{naive / statistics.median(scoring):.0f}")
    total = statistics.median(build) + statistics.median(scoring)
    verdict = "target met" if statistics.median(scoring) < TARGET_SCORE_S else "target missed"
    print(f"   target (scoring < {TARGET_SCORE_S:.0f} s): {verdict}; build + scoring {total:.2f} s")


def bench_backtest(runs: int) -> None:
    """Figure 2: the full backtest in fresh processes."""
    code = _CHILD.format(bench_dir=str(BENCH_DIR), module=Path(__file__).stem)
    results = [run_child(code) for _ in range(runs)]
    compute = [r[0]["seconds"] for r in results]
    walls = [r[1] for r in results]
    peaks = [r[0]["peak_mb"] for r in results]
    first = results[0][0]
    print(f"2. backtest, obligation any, 1946-2018: {first['rows']:,} dyad-years at risk")
    print(f"   compute        {spread(compute, 's')}   runs: {listing(compute)}")
    print(f"   whole process  {spread(walls, 's')}   runs: {listing(walls)}")
    print(f"   peak RSS       {spread(peaks, 'MB', 0)}   (test ROC-AUC {first['auc']:.3f})")
    wall, peak = statistics.median(walls), statistics.median(peaks)
    met = wall < TARGET_WALL_S and peak < TARGET_PEAK_MB
    print(
        f"   target (< {TARGET_WALL_S:.0f} s wall, < {TARGET_PEAK_MB:.0f} MB): "
        f"{'target met' if met else 'target missed'} ({wall:.1f} s, {peak:.0f} MB)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2018)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.cache is not None:
        os.environ["ALLIED_DATA_DIR"] = str(args.cache)
    print(f"allied partners benchmark: {args.runs} runs, cores: {os.cpu_count()}")
    try:
        bench_scoring(args.year, args.runs)
    except DataNotAvailableError as exc:
        print(f"skipped: {exc.message} (give --cache FOLDER or set $ALLIED_DATA_DIR)")
        return 0
    bench_backtest(args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
