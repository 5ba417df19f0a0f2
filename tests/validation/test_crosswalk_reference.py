"""The dated G-W → COW translation against isard's year-by-year crosswalk.

Source: ``../shared/data/states/gw_to_cow_panel.csv`` (Miller, R package isard,
2022), built from the Gleditsch-Ward and COW state lists.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allied.panel._crosswalk import translate_codes


def test_gw_to_cow_agrees_with_isard_except_the_documented_year_end_rule(
    shared_data: Path,
) -> None:
    """Wherever isard gives both codes, ours agree, except G-W 260 in 1990:
    isard keeps West Germany's 260, ours gives the code in force on 31 December
    1990 (unified Germany, COW 255), as documented in the crosswalk module."""
    isard = pd.read_csv(shared_data / "states" / "gw_to_cow_panel.csv")
    both = isard.dropna(subset=["gwcode", "ccode"]).astype({"gwcode": int, "ccode": int})
    ours = translate_codes(both.gwcode.to_numpy(), both.year.to_numpy(), source="gw", target="cow")
    differing = both[ours != both.ccode.to_numpy()]
    assert len(both) == 17_662
    assert list(zip(differing.gwcode, differing.year, strict=True)) == [(260, 1990)]
