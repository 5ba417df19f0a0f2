"""Speed and memory of the covariate steps on the issue's panel (issue 15).

Non-directed COW dyad-years 1946-2014 (798,140 rows) with ``add_contiguity``,
``add_capital_distance``, ``add_democracy``, ``add_cow_mids``, ``add_igos`` and
``add_strategic_rivalries`` — the pipeline of peacesciencer's reference output
(``../shared/data/reference/``) — each run in a fresh Python process:

1. ours: ``dyad_years(...)`` and the six steps (in-process compute after
   imports, the child's peak RSS, whole-process wall time);
2. the baseline: the same six steps as plain pandas merges on the same cached
   tables (:func:`baseline_pipeline`, written from peacesciencer's documented
   rules), checked equal to ours;
3. ratios, and the issue's anchor: peacesciencer 1.2.9 in R, 15.1 s of compute
   on a 2-core machine for the same pipeline (../shared/data/peacesciencer/README.md).

Targets (issue 15): at least 10x faster than that anchor (at most 1.51 s of
compute) and peak memory under 1 GB.

Data: COW State System Membership (isard spells), COW Direct Contiguity 3.2,
Miller's capitals, isard democracy, COW IGOs 3.0, COW-MID 5.0 (Miller's dyadic
conversion) and Thompson, Sakuwa & Suhas (2021) rivalries, as packaged by
peacesciencer 1.2.9 (../shared/data/peacesciencer), imported into a temporary cache.

Run: ``.venv/bin/python benchmarks/bench_covariates.py [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from _bench import DATA, spread, temporary_cache
from bench_panels import check_baseline, compare, figures_block, measure, verdict

from allied.panel import dyad_years, registered_steps
from allied.sources import import_dataset, load

KEYS = ["ccode1", "ccode2", "year"]
YEARS = "1946-2014"
#: The reference pipeline's steps, by their ``--add`` names, in its order.
STEPS = ("contiguity", "capital-distance", "democracy", "mids", "igos", "rivalries")
IMPORTS = {
    "cow-states": "states/cow_system_spells_isard.csv",
    "cow-contiguity": "peacesciencer",
    "cow-capitals": "peacesciencer",
    "democracy": "peacesciencer",
    "cow-mids": "peacesciencer",
    "cow-igos": "peacesciencer",
    "tss-rivalries": "peacesciencer",
}
ANCHOR_SOURCE = "peacesciencer 1.2.9 in R, 2-core machine (../shared/data/peacesciencer/README.md)"
ANCHOR_COMPUTE_S = 15.1
TARGET_SPEEDUP = 10.0
TARGET_PEAK_MB = 1000.0
#: Coverage of each dataset (outside it a value is NA; inside, absent rows are filled).
CONTIGUITY_YEARS = (1816, 2016)
MID_YEARS = (1816, 2014)
RIVALRY_YEARS = (1816, 2020)
EARTH_RADIUS_KM = 6378.137  # geosphere::distVincentySphere's default, as peacesciencer uses it


def ours_pipeline() -> pd.DataFrame:
    """Ours: the panel and the six steps through the registry's step names."""
    panel = dyad_years("cow", directed=False, years=YEARS)
    steps = registered_steps()
    for name in STEPS:
        panel = steps[name](panel)
    return panel.frame


# ---------------------------------------------------------------- the baseline


def _spell_years(frame: pd.DataFrame, first: pd.Series, last: pd.Series) -> pd.DataFrame:
    """Baseline: one row per spell and year from ``first`` to ``last`` (``explode``)."""
    years = [list(range(a, b + 1)) for a, b in zip(first, last, strict=True)]
    return frame.assign(year=years).explode("year").astype({"year": np.int64})


def baseline_contiguity(dyads: pd.DataFrame) -> pd.DataFrame:
    """``conttype`` of the first month of the year (peacesciencer's ``slice = "first"``)."""
    spells = load("cow-contiguity", "spells")
    start, end = spells["start"], spells["end"]
    # R's seq(stdate, enddate, by = "1 month"): stdate plus k months while not after enddate.
    months = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month
    months = months + (end.dt.day >= start.dt.day).astype(int)
    monthly = spells.loc[spells.index.repeat(months)].copy()
    step = monthly.groupby(level=0).cumcount().to_numpy()
    month_index = monthly["start"].dt.month.to_numpy() - 1 + step
    monthly["year"] = monthly["start"].dt.year.to_numpy() + month_index // 12
    monthly["order"] = monthly["year"] * 12 + month_index % 12
    monthly = monthly.sort_values(["ccode1", "order"], kind="stable")
    first = monthly.drop_duplicates(["ccode1", "ccode2", "year"])[[*KEYS, "conttype"]]
    first = first.astype({"ccode1": np.int64, "ccode2": np.int64, "year": np.int64})
    dyads = dyads.merge(first, on=KEYS, how="left")
    inside = dyads["year"].between(*CONTIGUITY_YEARS)
    dyads["conttype"] = dyads["conttype"].astype("Float64").fillna(0).where(inside).astype("Int64")
    return dyads


def baseline_capital_distance(dyads: pd.DataFrame) -> pd.DataFrame:
    """``capdist``: Vincenty-sphere km between the capitals held first in each year."""
    capitals = load("cow-capitals", "capitals").sort_values(["ccode", "start"], kind="stable")
    yearly = _spell_years(capitals, capitals["start"].dt.year, capitals["end"].dt.year)
    yearly = yearly.drop_duplicates(["ccode", "year"])[["ccode", "year", "lat", "lng"]]
    yearly = yearly.astype({"ccode": np.int64})
    for side in ("1", "2"):
        renamed = yearly.rename(
            columns={"ccode": f"ccode{side}", "lat": f"lat{side}", "lng": f"lng{side}"}
        )
        dyads = dyads.merge(renamed, on=[f"ccode{side}", "year"], how="left")
    lat1, lat2 = np.radians(dyads["lat1"]), np.radians(dyads["lat2"])
    delta = np.radians(dyads["lng2"] - dyads["lng1"])
    across = np.hypot(
        np.cos(lat2) * np.sin(delta),
        np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(delta),
    )
    along = np.sin(lat1) * np.sin(lat2) + np.cos(lat1) * np.cos(lat2) * np.cos(delta)
    dyads["capdist"] = np.arctan2(across, along) * EARTH_RADIUS_KM
    return dyads.drop(columns=["lat1", "lng1", "lat2", "lng2"])


def baseline_democracy(dyads: pd.DataFrame) -> pd.DataFrame:
    """The four democracy measures of each side (suffixes 1 and 2)."""
    scores = load("democracy", "cow")
    measures = [c for c in scores.columns if c not in ("ccode", "year")]
    for side in ("1", "2"):
        renamed = scores.rename(
            columns={"ccode": f"ccode{side}", **{m: f"{m}{side}" for m in measures}}
        )
        dyads = dyads.merge(renamed, on=[f"ccode{side}", "year"], how="left")
    return dyads


def baseline_mids(dyads: pd.DataFrame) -> pd.DataFrame:
    """peacesciencer's whittled MID dyad-years; ongoing/onset 0 without a dispute."""
    mids = load("cow-mids", "dyad_years").astype(
        {"ccode1": np.int64, "ccode2": np.int64, "year": np.int64}
    )
    dyads = dyads.merge(mids, on=KEYS, how="left")
    inside = dyads["year"].between(*MID_YEARS)
    for column in ("cowmidongoing", "cowmidonset"):
        dyads[column] = dyads[column].astype("Float64").fillna(0).where(inside).astype("Int64")
    return dyads


def baseline_igos(dyads: pd.DataFrame) -> pd.DataFrame:
    """Joint IGO memberships: the non-directed table in both orders, merged."""
    igos = load("cow-igos", "dyads")
    swapped = igos.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    return dyads.merge(pd.concat([igos, swapped]), on=KEYS, how="left")


def baseline_rivalries(dyads: pd.DataFrame) -> pd.DataFrame:
    """Thompson et al. rivalry-years in both orders (Austria-Hungary 300 is 305 from 1919)."""
    types = ["positional", "spatial", "ideological", "interventionary"]
    spells = load("tss-rivalries", "rivalries")[
        ["tssr_id", "ccode1", "ccode2", "start", "end", *types]
    ]
    swapped = spells.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = pd.concat([spells, swapped])
    years = _spell_years(both, both["start"].astype(int), both["end"].astype(int))
    for side in ("ccode1", "ccode2"):
        years[side] = years[side].mask((years[side] == 300) & (years["year"] >= 1919), 305)
    years = years[years["year"] >= 1816].astype({"ccode1": np.int64, "ccode2": np.int64})
    years[types] = years[types].fillna(0)
    dyads = dyads.merge(years[["tssr_id", *KEYS, *types]], on=KEYS, how="left")
    inside = dyads["year"].between(*RIVALRY_YEARS)
    dyads["ongoingrivalry"] = dyads["tssr_id"].notna().astype("Int64").where(inside)
    for column in types:
        dyads[column] = dyads[column].astype("Float64").fillna(0).where(inside).astype("Int64")
    return dyads


def baseline_pipeline() -> pd.DataFrame:
    """BASELINE: the same panel, then the six steps as plain pandas merges."""
    dyads = dyad_years("cow", directed=False, years=YEARS).frame
    for step in (
        baseline_contiguity,
        baseline_capital_distance,
        baseline_democracy,
        baseline_mids,
        baseline_igos,
        baseline_rivalries,
    ):
        dyads = step(dyads)
    return dyads


__all__ = ["baseline_pipeline", "compare", "ours_pipeline"]  # what the child processes call


def main(argv: Sequence[str] | None = None) -> int:
    """Import the data into a temporary cache, measure, print the report; exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh-process runs (default 5)")
    runs = max(1, parser.parse_args(argv).runs)
    if not DATA.is_dir():
        print("skipped: ../shared/data absent")
        return 0
    started = time.perf_counter()
    module = "bench_covariates"
    with temporary_cache() as cache:
        print(f"allied covariate benchmark: {runs} runs, temporary cache {cache}")
        for name, relative in IMPORTS.items():
            import_dataset(name, DATA / relative)
        ours: list[dict[str, Any]] = []
        base: list[dict[str, Any]] = []
        for _ in range(runs):  # interleaved, so drift on the machine hits both alike
            ours.append(measure("ours_pipeline", module))
            base.append(measure("baseline_pipeline", module))
        check = check_baseline(module)
        print(f"1. ours: non-directed COW dyad-years {YEARS} + {', '.join(STEPS)}")
        figures_block("result", ours)
        print("2. baseline: the same steps as plain pandas merges (baseline_pipeline)")
        figures_block("baseline result", base)
        print(f"   baseline matches: {'yes' if check['matches'] else 'no'}")
        if not check["matches"]:
            print(f"   MISMATCH: {check['detail']}")
        report(ours, base)
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    return 0


def report(ours: list[dict[str, Any]], base: list[dict[str, Any]]) -> None:
    """Section 3: ratios (medians) and the targets."""
    ours_s = statistics.median(r["seconds"] for r in ours)
    base_s = statistics.median(r["seconds"] for r in base)
    peak = statistics.median(r["peak_mb"] for r in ours)
    print("3. comparison (medians)")
    print(f"   baseline/ours compute: x{base_s / ours_s:.1f}")
    print(
        f"   anchor ({ANCHOR_SOURCE}): {ANCHOR_COMPUTE_S} s; ours x{ANCHOR_COMPUTE_S / ours_s:.1f}"
    )
    target_s = ANCHOR_COMPUTE_S / TARGET_SPEEDUP
    print(
        f"   compute <= {target_s:.2f} s (x{TARGET_SPEEDUP:.0f} the anchor): "
        f"{spread([r['seconds'] for r in ours], 's')}, {verdict(ours_s <= target_s)}"
    )
    print(f"   peak < {TARGET_PEAK_MB:.0f} MB: {peak:.0f} MB, {verdict(peak < TARGET_PEAK_MB)}")


if __name__ == "__main__":
    sys.exit(main())
