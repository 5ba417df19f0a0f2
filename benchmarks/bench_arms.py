"""Speed of ``add_arms_transfers`` on COW panels 1950-2024, beside a plain pandas merge.

Figures (in-process wall time of the step alone, the panel built and its grid
computed before the clock starts; median of ``--runs``):

1. directed COW dyad-years 1950-2024 (states extended through 2024);
2. non-directed COW dyad-years 1950-2024;
3. COW state-years 1950-2024;
4. the baseline for (1): the same spread deliveries summed per dyad-year with
   pandas and merged onto the panel's key columns (``DataFrame.merge``),
   checked equal to ours.

Both read the cached trade register and spread it the same way
(:func:`allied.sources.sipri_trade_deliveries`); they differ in how the
dyad-year totals reach the panel rows.

Data: SIPRI Arms Transfers Database, trade register exported 2025-03-29;
COW State System Membership v2016 (isard spells) in ``../shared/data``.

Run: ``.venv/bin/python benchmarks/bench_arms.py [--runs N]``
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from _bench import DATA, spread, temporary_cache, timed

from allied.panel import Panel, add_arms_transfers, dyad_years, state_years
from allied.sources import import_dataset, load, sipri_trade_deliveries
from allied.states import code_spells

YEARS = "1950-2024"
THROUGH = 2024
#: the register's coverage: 0 inside it where nothing was delivered
FIRST, LAST = 1950, 2024


def baseline(panel: Panel) -> pd.Series:
    """``arms_tiv`` for a directed COW panel by pandas merges alone."""
    deliveries = sipri_trade_deliveries(load("sipri-trade"))
    spells = code_spells(former=True)
    cow = spells[spells.system == "cow"].copy()
    cow["first"] = pd.to_datetime(cow.start).dt.year
    cow["last"] = pd.to_datetime(cow.end).dt.year.fillna(2100).astype(int)
    years = pd.DataFrame({"year": np.arange(FIRST, LAST + 1)})
    held = cow.merge(years, how="cross")
    held = held[(held.year >= held["first"]) & (held.year <= held["last"])]
    held = held.sort_values("end", na_position="last").drop_duplicates(
        ["iso3", "year"], keep="last"
    )
    south_vietnam = pd.DataFrame({"iso3": "RVN", "year": range(1954, 1976), "code": 817})
    codes = pd.concat([held[["iso3", "year", "code"]], south_vietnam])
    for side in ("supplier", "recipient"):
        named = deliveries[side] == "South Vietnam"
        deliveries[f"{side}_state"] = deliveries[f"{side}_state"].mask(named, "RVN")
    coded = deliveries.merge(
        codes.rename(columns={"iso3": "supplier_state", "code": "ccode1"}),
        on=["supplier_state", "year"],
    ).merge(
        codes.rename(columns={"iso3": "recipient_state", "code": "ccode2"}),
        on=["recipient_state", "year"],
    )
    coded = coded[coded.ccode1 != coded.ccode2]
    totals = coded.groupby(["ccode1", "ccode2", "year"], as_index=False)["tiv"].sum()
    merged = panel.frame[["ccode1", "ccode2", "year"]].merge(
        totals, on=["ccode1", "ccode2", "year"], how="left"
    )
    return merged["tiv"].fillna(0.0).rename("arms_tiv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with temporary_cache():
        import_dataset("cow-states", DATA / "states" / "cow_system_spells_isard.csv")
        import_dataset("sipri-trade", DATA / "sipri" / "trade-register_1950-2024.csv")
        panels = {
            "directed COW dyad-years": dyad_years("cow", years=YEARS, through=THROUGH),
            "non-directed COW dyad-years": dyad_years(
                "cow", years=YEARS, through=THROUGH, directed=False
            ),
            "COW state-years": state_years("cow", years=YEARS, through=THROUGH),
        }
        results = {}
        for name, panel in panels.items():
            _ = panel.grid  # shared by every step: not the step's own cost
            seconds, results[name] = timed(lambda p=panel: add_arms_transfers(p), runs)
            print(f"add_arms_transfers, {name} ({len(panel):,} rows): {spread(seconds, 's', 3)}")
        directed = panels["directed COW dyad-years"]
        seconds, merged = timed(lambda: baseline(directed), runs)
        print(f"baseline pandas merges, directed COW dyad-years: {spread(seconds, 's', 3)}")
        ours = results["directed COW dyad-years"].frame["arms_tiv"].to_numpy()
        np.testing.assert_allclose(merged.to_numpy(), ours, rtol=0, atol=1e-9)
        print("baseline output equal to add_arms_transfers: yes")


if __name__ == "__main__":
    main()
