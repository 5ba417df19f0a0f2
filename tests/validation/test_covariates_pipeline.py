"""peacesciencer's two reference pipelines, rebuilt from the registry's steps, column for column.

Sources: ``../shared/data/reference/peacesciencer_cow_dy_1946_1989_enriched.csv.gz``
(``create_dyadyears(system = "cow", directed = FALSE, subset_years = 1946:2014)``
piped through ``add_contiguity()``, ``add_capital_distance()``,
``add_democracy()``, ``add_cow_mids()``, ``add_igos()``,
``add_strategic_rivalries()``, kept for 1946-1989) and
``peacesciencer_cow_sy_1946_2014_enriched.csv.gz`` (``create_stateyears()`` with
``add_contiguity()``, ``add_democracy()``, ``add_igos()``, ``add_nmc()``), the
outputs of peacesciencer 1.2.9 (Miller 2022, doi:10.1177/07388942221077926);
the script is in ``../shared/data/peacesciencer/README.md``. Each family of
steps has its own, finer tests beside this one (``test_geography_reference``,
``test_covariates_reference``, ``test_disputes_reference``,
``test_conflict_reference``); this one checks the whole pipelines as a user
runs them (``allied panel ... --add`` names), with every reference column and
no other.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allied.panel import Panel, dyad_years, registered_steps, state_years

_READ = {"keep_default_na": False, "na_values": [""]}
#: The steps of each reference pipeline, by their ``--add`` names, in its order.
DYAD_STEPS = ("contiguity", "capital-distance", "democracy", "mids", "igos", "rivalries")
STATE_STEPS = ("contiguity", "democracy", "igos", "nmc")


def _through(panel: Panel, names: tuple[str, ...]) -> pd.DataFrame:
    steps = registered_steps()
    for name in names:
        panel = steps[name](panel)
    return panel.frame


def _assert_equal_columns(ours: pd.DataFrame, reference: pd.DataFrame) -> None:
    """Every reference column: codes and counts exactly, scores within 1e-6, NA where NA."""
    for column in reference.columns:
        expected = reference[column]
        got = ours[column]
        missing = expected.isna().to_numpy()
        np.testing.assert_array_equal(got.isna().to_numpy(), missing, err_msg=column)
        if pd.api.types.is_integer_dtype(expected) or got.dtype == "Int64":
            np.testing.assert_array_equal(
                got[~missing].to_numpy(np.int64), expected[~missing].to_numpy(np.int64), column
            )
        else:
            np.testing.assert_allclose(
                got[~missing].to_numpy(np.float64),
                expected[~missing].to_numpy(np.float64),
                rtol=0,
                atol=1e-6,
                err_msg=column,
            )


def test_non_directed_dyad_years_1946_1989_equal_peacesciencer(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """peacesciencer_cow_dy_1946_1989_enriched.csv.gz: 352,124 rows x 41 columns."""
    path = shared_data / "reference" / "peacesciencer_cow_dy_1946_1989_enriched.csv.gz"
    reference = pd.read_csv(path, **_READ)
    ours = _through(dyad_years("cow", directed=False, years="1946-1989"), DYAD_STEPS)
    assert list(ours.columns) == list(reference.columns)
    assert len(ours) == len(reference) == 352_124
    _assert_equal_columns(ours, reference)


def test_state_years_1946_2014_equal_peacesciencer(
    in_peacesciencer_cache: Path, shared_data: Path
) -> None:
    """peacesciencer_cow_sy_1946_2014_enriched.csv.gz: 10,128 rows (cw_name aside)."""
    path = shared_data / "reference" / "peacesciencer_cow_sy_1946_2014_enriched.csv.gz"
    reference = pd.read_csv(path, **_READ).drop(columns="cw_name")
    ours = _through(state_years("cow", years="1946-2014"), STATE_STEPS)
    assert list(ours.columns) == list(reference.columns)
    assert len(ours) == len(reference) == 10_128
    _assert_equal_columns(ours, reference)
