"""A cache imported once per session from ../shared/data (skips when absent)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from allied.sources import import_dataset

_IMPORTS = {
    "cow-states": "states",
    "gw-states": "states",
    "atop": "atop",
    "nmc6": "nmc/NMC-60-abridged.csv",
    "nmc7": "nmc/nmc7_0_ccode_year.csv",
}


@pytest.fixture(scope="session")
def shared_cache(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """State systems, ATOP and NMC imported from the shared folder into a scratch cache."""
    cache = tmp_path_factory.mktemp("shared-cache")
    previous = os.environ.get("ALLIED_DATA_DIR")
    os.environ["ALLIED_DATA_DIR"] = str(cache)
    try:
        for name, relative in _IMPORTS.items():
            import_dataset(name, shared_data / relative)
        yield cache
    finally:
        if previous is None:
            os.environ.pop("ALLIED_DATA_DIR", None)
        else:
            os.environ["ALLIED_DATA_DIR"] = previous


@pytest.fixture
def in_shared_cache(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``ALLIED_DATA_DIR`` at the session's shared cache for one test."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(shared_cache))
    return shared_cache
