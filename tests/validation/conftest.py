"""Caches imported once per session from ../shared/data (skip when it is absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from allied.sources import import_dataset

_IMPORTS = {
    "cow-states": "states",
    "gw-states": "states",
    "atop": "atop",
    "nmc6": "nmc/NMC-60-abridged.csv",
    "nmc7": "nmc/nmc7_0_ccode_year.csv",
    "sipri-milex": "sipri",
    "sipri-trade": "sipri/trade-register_1950-2024.csv",
    "world-bank-gdp": "worldbank/gdp_current_usd.csv",
    "nato-expenditure": "nato",
}

#: ATOP's directed dyad-year columns (codebook 5.1, section 2.7).
ATOP_DDYR_COLUMNS = [
    "stateA",
    "stateB",
    "year",
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "consul",
]


def _scratch_cache(cache: Path, imports: dict[str, Path]) -> Path:
    """Import ``imports`` (dataset → publisher path) into ``cache``, leaving the env as it was."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIED_DATA_DIR", str(cache))
        for name, path in imports.items():
            import_dataset(name, path)
    return cache


@pytest.fixture(scope="session")
def shared_cache(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The state systems, ATOP, NMC, SIPRI (milex, trade register), World Bank GDP and NATO's
    tables."""
    imports = {name: shared_data / relative for name, relative in _IMPORTS.items()}
    return _scratch_cache(tmp_path_factory.mktemp("shared-cache"), imports)


@pytest.fixture
def in_shared_cache(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``ALLIED_DATA_DIR`` at the session's shared cache for one test."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(shared_cache))
    return shared_cache


@pytest.fixture(scope="session")
def atop_coded_cache(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """COW states and ATOP 5.1 with ATOP's directed dyad-year file, rebuilt in ATOP's own
    column names from peacesciencer's copy of it (``peacesciencer_atop_alliance.csv.gz``)."""
    root = tmp_path_factory.mktemp("atop-coded")
    folder = root / "atop"
    folder.mkdir()
    for name in ("atop5_1m.csv", "atop5_1a.csv", "atop5_1sy.csv"):
        (folder / name).symlink_to(shared_data / "atop" / name)
    reference = pd.read_csv(shared_data / "reference" / "peacesciencer_atop_alliance.csv.gz")
    reference.columns = ATOP_DDYR_COLUMNS
    reference.to_csv(folder / "atop5_1ddyr.csv", index=False)
    imports = {"cow-states": shared_data / "states", "atop": folder}
    return _scratch_cache(root / "cache", imports)


#: Datasets imported from ``../shared/data/peacesciencer`` (issue 15), with the state systems
#: and NMC 7.0 that peacesciencer's reference pipelines use.
_PEACESCIENCER_IMPORTS = {
    "cow-states": "states/cow_system_spells_isard.csv",
    "gw-states": "states/gw_system_spells_isard.csv",
    "nmc7": "nmc/nmc7_0_ccode_year.csv",
    **dict.fromkeys(
        [
            *("cow-contiguity", "cow-capitals", "gw-capitals", "democracy", "cow-igos"),
            *("cow-mids", "gml-mids", "tss-rivalries", "td-rivalries", "cow-inter-wars"),
            *("ucdp-acd", "ucdp-onsets"),
        ],
        "peacesciencer",
    ),
}


@pytest.fixture(scope="session")
def peacesciencer_cache(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The state systems, NMC 7.0 and peacesciencer's covariate datasets, imported once."""
    imports = {name: shared_data / relative for name, relative in _PEACESCIENCER_IMPORTS.items()}
    return _scratch_cache(tmp_path_factory.mktemp("peacesciencer-cache"), imports)


@pytest.fixture
def in_peacesciencer_cache(peacesciencer_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``ALLIED_DATA_DIR`` at the session's peacesciencer cache for one test."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(peacesciencer_cache))
    return peacesciencer_cache


#: Datasets the partner-fit indicators read beyond the shared cache's (issue 16).
_PARTNER_IMPORTS = {
    "unga-ideal-points": "unga/IdealpointestimatesAll_Jun2024.csv",
    **dict.fromkeys(["democracy", "tss-rivalries", "cow-mids", "cow-capitals"], "peacesciencer"),
}


@pytest.fixture(scope="session")
def partner_cache(
    shared_cache: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The shared cache with UN ideal points, democracy, strategic rivalries, COW MIDs and
    capitals."""
    cache = tmp_path_factory.mktemp("partner-cache") / "cache"
    shutil.copytree(shared_cache, cache)
    imports = {name: shared_data / relative for name, relative in _PARTNER_IMPORTS.items()}
    return _scratch_cache(cache, imports)


#: The datasets of the partner-fit windows (issue 16): the COW system (peacesciencer's
#: spells), COW MIDs and Thompson et al.'s rivalries (peacesciencer's exports) and the SIPRI
#: trade register.
_PARTNER_WINDOW_IMPORTS = {
    "cow-states": "states/cow_system_spells_isard.csv",
    "cow-mids": "peacesciencer",
    "tss-rivalries": "peacesciencer",
    "sipri-trade": "sipri/trade-register_1950-2024.csv",
}


@pytest.fixture(scope="session")
def partner_windows_cache(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The COW system, COW MIDs, strategic rivalries and the SIPRI register, imported once
    (tests point ``ALLIED_DATA_DIR`` at it themselves)."""
    folder = tmp_path_factory.mktemp("partner-windows-cache")
    return _scratch_cache(
        folder, {name: shared_data / path for name, path in _PARTNER_WINDOW_IMPORTS.items()}
    )
