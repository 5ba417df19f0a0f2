"""Shared fixtures: the reference data folder and a scratch catalog."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that use it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded catalog folder."""
    source = resources.files("allied.catalog").joinpath("data")
    target = tmp_path / "catalog"
    shutil.copytree(str(source), target)
    return target
