"""Speed and memory of the panels: cold import, the peacesciencer pipeline, the CLI.

Figures, each beside a baseline measured in the same run:

1. cold import of every dataset from ``../shared/data`` into an empty cache;
2. ours: COW directed dyad-years 1816-2024 with ATOP, NMC 7.0 and major
   powers (``dyad_years`` + ``add_atop`` + ``add_nmc`` + ``add_majors``), each
   run in a fresh Python process: in-process compute time (after imports),
   the child's peak RSS, and the whole-process wall time seen by the parent;
   plus the G-W dyad-years;
3. the same panel through the command line, written to Parquet;
4. the baseline: the same pipeline as plain pandas merges (written below,
   :func:`baseline_pipeline`), measured the same way and checked against ours;
5. ratios baseline/ours, and the anchor from issue 3 (peacesciencer in R).

Everything runs against a temporary cache (``$ALLIED_DATA_DIR``), so the
user's own cache is neither read nor touched. Children import pandas, pyarrow
and allied before the clock starts, so "compute" is the pipeline alone
(reading the cached Parquet tables included); "whole process" is everything.

Data: Correlates of War State System Membership v2016 and National Material
Capabilities 7.0 (COW Project); ATOP 5.1 (Leeds et al. 2002); Gleditsch & Ward
(1999) via isard; SIPRI, World Bank WDI, Bailey, Strezhnev & Voeten (2017) and
NATO for the import figures (see ../shared/data/README.md).

Run: ``.venv/bin/python benchmarks/bench_panels.py [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _bench import BENCH_DIR, DATA, listing, run_child, spread, temporary_cache

from allied.panel import add_atop, add_majors, add_nmc, dyad_years
from allied.sources import import_dataset, load

#: Extend states alive at the end of the data through this year (peacesciencer's ``mry``).
THROUGH = 2024
KEYS = ["ccode1", "ccode2", "year"]
#: ATOP 5.1 coverage: 0 for unallied dyads inside it, NA outside.
ATOP_YEARS = (1815, 2018)
#: Last year of COW major-power status (v2016): NA after it.
MAJORS_LAST = 2016
NMC_COMPONENTS = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
OBLIGATIONS = ["defense", "offense", "neutral", "nonagg", "consul"]

#: The anchor from issue 3: peacesciencer 1.2.9 in R on this kind of machine,
#: create_dyadyears() + add_atop_alliance() + add_nmc() + add_cow_majors().
ANCHOR_SOURCE = "peacesciencer 1.2.9 in R on this kind of machine, as measured for issue 3"
ANCHOR_COMPUTE_S = 6.1
ANCHOR_WHOLE_S = 7.9
ANCHOR_PEAK_MB = 1700.0
#: Targets from issue 3.
TARGET_COMPUTE_S = 0.6
TARGET_PEAK_MB = 1000.0

#: Dataset → path under ../shared/data, in import order.
IMPORTS: dict[str, str] = {
    "cow-states": "states",
    "gw-states": "states",
    "atop": "atop",
    "nmc6": "nmc/NMC-60-abridged.csv",
    "nmc7": "nmc/nmc7_0_ccode_year.csv",
    "sipri-milex": "sipri",
    "sipri-trade": "sipri",
    "world-bank-gdp": "worldbank",
    "unga-ideal-points": "unga",
    "nato-expenditure": "nato",
}

# A child process: import everything, then time one builder of this module.
_MEASURE = """
import json, resource, sys, time
sys.path.insert(0, {bench_dir!r})
import pyarrow.parquet
import {module} as bench
start = time.perf_counter()
frame = bench.{builder}()
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak_mb,
                  "rows": len(frame), "columns": frame.shape[1]}}))
"""

# A child process that builds both panels and compares them (not timed).
_CHECK = """
import json, sys
sys.path.insert(0, {bench_dir!r})
import {module} as bench
matches, detail = bench.compare(bench.ours_pipeline(), bench.baseline_pipeline())
print(json.dumps({{"matches": matches, "detail": detail}}))
"""


# ---------------------------------------------------------------- what is measured


def ours_pipeline() -> pd.DataFrame:
    """Ours: COW directed dyad-years through 2024 with ATOP, NMC 7.0 and major powers."""
    panel = dyad_years("cow", through=THROUGH).pipe(add_atop).pipe(add_nmc).pipe(add_majors)
    return panel.frame


def gw_dyads() -> pd.DataFrame:
    """Ours: G-W directed dyad-years through 2024 (no additions)."""
    return dyad_years("gw", through=THROUGH).frame


def _years_of(spells: pd.DataFrame) -> pd.DataFrame:
    """Baseline: one row per spell and year it touches (``explode`` over year ranges)."""
    years = [
        list(range(first, last + 1))
        for first, last in zip(spells["start"].dt.year, spells["end"].dt.year, strict=True)
    ]
    return spells.assign(year=years).explode("year").astype({"year": np.int64})


def baseline_pipeline() -> pd.DataFrame:
    """BASELINE: the same pipeline as straightforward pandas merges.

    State-years from the cached COW spells (states alive at the end of the
    data extended to 31 December 2024), a self-merge on year for the dyads,
    a row-wise overlap check for states that never shared a day of the year,
    then left merges of ATOP, NMC 7.0 (twice) and major powers (twice).
    """
    spells = load("cow-states", "spells")[["code", "start", "end"]]
    last = spells["end"].max()
    spells = spells.assign(
        end=spells["end"].mask(spells["end"] == last, pd.Timestamp(THROUGH, 12, 31))
    )
    states = _years_of(spells)
    jan1 = pd.to_datetime(states["year"].astype(str) + "-01-01")
    dec31 = pd.to_datetime(states["year"].astype(str) + "-12-31")
    states = pd.DataFrame(
        {
            "ccode": states["code"],
            "year": states["year"],
            "first_day": np.maximum(states["start"], jan1),
            "last_day": np.minimum(states["end"], dec31),
        }
    )

    dyads = states.merge(states, on="year", suffixes=("1", "2"))
    dyads = dyads[dyads["ccode1"] != dyads["ccode2"]]
    overlap = np.maximum(dyads["first_day1"], dyads["first_day2"]) <= np.minimum(
        dyads["last_day1"], dyads["last_day2"]
    )
    dyads = dyads.loc[overlap, KEYS].drop_duplicates().sort_values(KEYS, ignore_index=True)

    atop = load("atop", "member_dyad_years").rename(columns={o: f"atop_{o}" for o in OBLIGATIONS})
    dyads = dyads.merge(atop, on=KEYS, how="left")
    inside = dyads["year"].between(*ATOP_YEARS)
    for obligation in OBLIGATIONS:
        column = f"atop_{obligation}"
        dyads[column] = dyads[column].fillna(0).where(inside).astype("Int8")

    nmc = load("nmc7")[["ccode", "year", *NMC_COMPONENTS]].astype(
        {"ccode": np.int64, "year": np.int64}
    )
    for side in ("1", "2"):
        renamed = nmc.rename(columns={"ccode": f"ccode{side}"})
        dyads = dyads.merge(renamed, on=[f"ccode{side}", "year"], how="left")
        dyads = dyads.rename(columns={c: f"{c}{side}" for c in NMC_COMPONENTS})

    majors = _years_of(load("cow-states", "majors"))[["code", "year"]].drop_duplicates()
    majors = majors.assign(cowmaj=1)
    for side in ("1", "2"):
        renamed = majors.rename(columns={"code": f"ccode{side}", "cowmaj": f"cowmaj{side}"})
        dyads = dyads.merge(renamed, on=[f"ccode{side}", "year"], how="left")
        column = f"cowmaj{side}"
        dyads[column] = dyads[column].fillna(0).where(dyads["year"] <= MAJORS_LAST).astype("Int8")
    return dyads


def compare(ours: pd.DataFrame, baseline: pd.DataFrame) -> tuple[bool, str]:
    """Whether the two panels hold the same keys and values; else what differs first."""
    only_ours = [c for c in ours.columns if c not in baseline.columns]
    only_baseline = [c for c in baseline.columns if c not in ours.columns]
    if only_ours or only_baseline:
        return False, f"columns differ: only ours {only_ours}, only baseline {only_baseline}"
    a = ours.sort_values(KEYS, ignore_index=True)
    b = baseline[list(ours.columns)].sort_values(KEYS, ignore_index=True)
    if len(a) != len(b) or not a[KEYS].equals(b[KEYS]):
        joined = a[KEYS].merge(b[KEYS], on=KEYS, how="outer", indicator=True)
        counts = joined["_merge"].value_counts()
        first = joined[joined["_merge"] != "both"].head(3).to_dict("records")
        return False, (
            f"keys differ: ours {len(a):,} rows, baseline {len(b):,}; "
            f"only ours {counts.get('left_only', 0):,}, only baseline "
            f"{counts.get('right_only', 0):,}; e.g. {first}"
        )
    try:
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
    except AssertionError as error:
        for column in a.columns:
            try:
                pd.testing.assert_series_equal(a[column], b[column], check_dtype=False)
            except AssertionError:
                x, y = a[column].astype("Float64"), b[column].astype("Float64")
                same = (x == y).fillna(False) | (x.isna() & y.isna())
                differing = np.flatnonzero(~same.to_numpy(bool))
                example = a.loc[differing[:1], KEYS].to_dict("records") if len(differing) else []
                values = (
                    f"ours {x.iloc[differing[0]]}, baseline {y.iloc[differing[0]]}"
                    if len(differing)
                    else "values equal within tolerance per row"
                )
                return False, (
                    f"first differing column: {column} ({len(differing):,} rows differ; "
                    f"e.g. at {example}: {values})"
                )
        return False, str(error).splitlines()[0]
    return True, ""


# ---------------------------------------------------------------- measuring


def measure(builder: str, module: str = Path(__file__).stem) -> dict[str, Any]:
    """One fresh-process run of ``builder`` (a function of benchmark ``module``): compute s,
    peak MB, whole-process s, shape."""
    code = _MEASURE.format(bench_dir=str(BENCH_DIR), module=module, builder=builder)
    figures, wall = run_child(code)
    return {**figures, "wall": wall}


def check_baseline(module: str = Path(__file__).stem) -> dict[str, Any]:
    """In a fresh process: does ``module``'s baseline equal its ``ours_pipeline``?"""
    check, _ = run_child(_CHECK.format(bench_dir=str(BENCH_DIR), module=module))
    return check


# ---------------------------------------------------------------- report


def cold_import() -> None:
    """Section 1: import every dataset into the empty cache."""
    print("1. cold import into an empty cache (in this process)")
    total_s, total_rows = 0.0, 0
    for name, relative in IMPORTS.items():
        start = time.perf_counter()
        record = import_dataset(name, DATA / relative)
        seconds = time.perf_counter() - start
        total_s += seconds
        total_rows += record.rows
        print(f"   {name:<18} {seconds:6.2f} s  {record.rows:>10,} rows  from {relative}")
    print(f"   {'total':<18} {total_s:6.2f} s  {total_rows:>10,} rows")


def figures_block(label: str, results: list[dict[str, Any]]) -> None:
    """Compute, peak memory and whole-process lines of one pipeline's runs."""
    first = results[0]
    print(f"   {label}: {first['rows']:,} rows x {first['columns']} columns")
    compute = [r["seconds"] for r in results]
    print(f"   compute        {spread(compute, 's')}   runs: {listing(compute)}")
    print(f"   peak RSS       {spread([r['peak_mb'] for r in results], 'MB', 0)}")
    walls = [r["wall"] for r in results]
    print(f"   whole process  {spread(walls, 's')}   runs: {listing(walls)}")


def cli_run(out: Path) -> float:
    """One ``allied panel dyad-years`` run writing Parquet; its wall time."""
    allied = Path(sys.executable).with_name("allied")
    command = [
        str(allied), "panel", "dyad-years", "--system", "cow", "--through", str(THROUGH),
        "--add", "atop,nmc,majors", "--out", str(out),
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"allied CLI failed ({done.returncode}):\n{done.stderr}")
    return wall


def verdict(holds: bool) -> str:
    """``target met`` or ``target missed``."""
    return "target met" if holds else "target missed"


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement against a temporary cache and print the report; exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh-process runs (default 5)")
    runs = max(1, parser.parse_args(argv).runs)
    if not DATA.is_dir():
        print("skipped: ../shared/data absent")
        return 0
    started = time.perf_counter()
    with temporary_cache() as cache:
        print(f"allied panel benchmark: {runs} runs, temporary cache {cache}, data {DATA}")
        cold_import()

        ours: list[dict[str, Any]] = []
        base: list[dict[str, Any]] = []
        gw: list[dict[str, Any]] = []
        cli: list[float] = []
        out = cache / "dyads.parquet"
        for _ in range(runs):  # interleaved, so drift on the machine hits all alike
            ours.append(measure("ours_pipeline"))
            base.append(measure("baseline_pipeline"))
            gw.append(measure("gw_dyads"))
            cli.append(cli_run(out))
        check = check_baseline()

        print(
            f"2. ours: COW directed dyad-years 1816-{THROUGH} + add_atop + add_nmc + "
            "add_majors (fresh process per run)"
        )
        figures_block("result", ours)
        gw_compute = [r["seconds"] for r in gw]
        print(
            f"   G-W: dyad_years('gw', through={THROUGH}) {gw[0]['rows']:,} rows, "
            f"compute {spread(gw_compute, 's')}"
        )

        print("3. CLI: allied panel dyad-years --system cow --through 2024 --add atop,nmc,majors")
        print(f"   whole process  {spread(cli, 's')}   runs: {listing(cli)}")
        print(f"   Parquet file   {out.stat().st_size / 1e6:.1f} MB")

        print("4. baseline: plain pandas merges (baseline_pipeline in this file), same pipeline")
        figures_block("baseline result", base)
        print(f"   baseline matches: {'yes' if check['matches'] else 'no'}")
        if not check["matches"]:
            print(f"   MISMATCH: {check['detail']}")

        med = {
            name: {k: statistics.median(r[k] for r in rows) for k in ("seconds", "peak_mb", "wall")}
            for name, rows in (("ours", ours), ("base", base))
        }
        ours_med, base_med = med["ours"], med["base"]
        cli_med = statistics.median(cli)
        print("5. comparison (medians)")
        print(
            f"   baseline/ours: compute x{base_med['seconds'] / ours_med['seconds']:.1f}, "
            f"peak memory x{base_med['peak_mb'] / ours_med['peak_mb']:.2f}, "
            f"whole process x{base_med['wall'] / ours_med['wall']:.1f}"
        )
        print(
            f"   anchor ({ANCHOR_SOURCE}): {ANCHOR_COMPUTE_S} s compute, "
            f"{ANCHOR_WHOLE_S} s whole process, {ANCHOR_PEAK_MB / 1000:.1f} GB peak"
        )
        print(
            f"   speed-up vs anchor: compute x{ANCHOR_COMPUTE_S / ours_med['seconds']:.1f}, "
            f"whole process x{ANCHOR_WHOLE_S / ours_med['wall']:.1f} "
            f"(CLI with Parquet output x{ANCHOR_WHOLE_S / cli_med:.1f}), "
            f"peak memory x{ANCHOR_PEAK_MB / ours_med['peak_mb']:.1f} lower"
        )
        print(
            f"   compute <= {TARGET_COMPUTE_S} s: median {ours_med['seconds']:.2f} s, "
            f"{verdict(ours_med['seconds'] <= TARGET_COMPUTE_S)}"
        )
        print(
            f"   peak < 1 GB ({TARGET_PEAK_MB:.0f} MB): median {ours_med['peak_mb']:.0f} MB, "
            f"{verdict(ours_med['peak_mb'] < TARGET_PEAK_MB)}"
        )
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
