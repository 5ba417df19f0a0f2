"""Speed of the MID steps on the issue's panel: non-directed COW dyad-years 1946-2014.

Times, in this process, over ``--runs`` runs (medians, min and max):

1. ``add_cow_mids`` on a fresh panel (its dyad grid built by the step) and on a
   panel whose grid another step already built (as in a pipeline);
2. ``add_peace_years`` after it;
3. the baseline: the same two steps as plain pandas (a left merge of
   peacesciencer's whittled table with 0 filled for ongoing/onset inside
   1816-2014, and peace years by groupby/cumsum), checked equal to ours;
4. the ``whittle=PEACESCIENCER_WHITTLING`` path (the dispute-years whittled
   here) for comparison with the default.

Data: COW State System Membership (isard spells) and COW-MID 5.0 as packaged
by peacesciencer (../shared/data), imported into a temporary cache.

Run: ``.venv/bin/python benchmarks/bench_disputes.py [--runs N]``
"""

from __future__ import annotations

import argparse
import resource

import numpy as np
import pandas as pd
from _bench import DATA, spread, temporary_cache, timed

from allied.panel import (
    PEACESCIENCER_WHITTLING,
    Panel,
    add_cow_mids,
    add_peace_years,
    dyad_years,
)
from allied.sources import import_dataset, load

KEYS = ["ccode1", "ccode2", "year"]


def baseline(panel: Panel) -> pd.DataFrame:
    """add_cow_mids + add_peace_years as plain pandas merges and groupbys."""
    table = load("cow-mids", "dyad_years")
    frame = panel.frame.merge(table, on=KEYS, how="left")
    inside = frame["year"].between(1816, 2014)
    for column in ("cowmidongoing", "cowmidonset"):
        frame[column] = frame[column].where(~(frame[column].isna() & inside), 0)
    frame = frame.sort_values(KEYS)
    event = frame["cowmidongoing"]
    dyad = frame.groupby(["ccode1", "ccode2"]).ngroup()
    after_event = event.groupby(dyad).shift(1).fillna(0).gt(0)
    spell_id = (after_event | dyad.ne(dyad.shift(1))).cumsum()
    frame["cowmidspell"] = frame.groupby(spell_id).cumcount().where(event.notna())
    return frame.sort_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with temporary_cache():
        import_dataset("cow-states", DATA / "states" / "cow_system_spells_isard.csv")
        import_dataset("cow-mids", DATA / "peacesciencer")

        def fresh() -> Panel:
            return dyad_years("cow", directed=False, years="1946-2014")

        panel = fresh()
        print(f"panel: {len(panel):,} non-directed COW dyad-years 1946-2014")
        cold, _ = timed(lambda: add_cow_mids(fresh()), runs)  # includes dyad_years
        build, _ = timed(fresh, runs)
        _ = panel.grid
        warm, with_mids = timed(lambda: add_cow_mids(panel), runs)
        spells, ours = timed(lambda: add_peace_years(with_mids), runs)
        whittled, _ = timed(lambda: add_cow_mids(panel, whittle=PEACESCIENCER_WHITTLING), runs)
        base, expected = timed(lambda: baseline(panel), runs)
        for column in ("dispnum", "cowmidonset", "stmon", "cowmidspell"):
            mine = ours.frame[column].astype("Float64").to_numpy(np.float64, na_value=np.nan)
            theirs = expected[column].astype("float64").to_numpy()
            assert np.array_equal(mine, theirs, equal_nan=True), column
        cold_step = [c - b for c, b in zip(cold, build, strict=True)]
        print(f"add_cow_mids, fresh panel (grid built): {spread(cold_step, 's', 3)}")
        print(f"add_cow_mids, grid already built:       {spread(warm, 's', 3)}")
        print(f"add_peace_years:                        {spread(spells, 's', 3)}")
        print(f"add_cow_mids(whittle=peacesciencer):    {spread(whittled, 's', 3)}")
        print(f"baseline, pandas merge + groupby:       {spread(base, 's', 3)} (equal output)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
