"""The local dataset cache: Parquet tables plus a JSON manifest.

Layout under :func:`data_dir`::

    manifest.json            one record per dataset (see ImportRecord)
    <dataset>/<table>.parquet

Installing a dataset writes its tables into a staging folder first, then
swaps folders and rewrites the manifest atomically, so a failed import or
pull leaves the cache byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs

from allied._io import write_atomic
from allied.errors import DataNotAvailableError

__all__ = ["ImportRecord", "SourceFile", "data_dir", "install", "load_table", "read_manifest"]

_MANIFEST = "manifest.json"


def data_dir() -> Path:
    """The cache folder: ``$ALLIED_DATA_DIR``, else the platform's user data folder."""
    configured = os.environ.get("ALLIED_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("allied", appauthor=False)) / "datasets"


@dataclass(frozen=True)
class SourceFile:
    """One publisher file behind a cached table."""

    table: str
    file: str
    sha256: str
    rows: int
    known_release: bool


@dataclass(frozen=True)
class ImportRecord:
    """The manifest entry of one cached dataset."""

    name: str
    version: str
    imported_at: str
    origin: str
    files: tuple[SourceFile, ...]

    @property
    def rows(self) -> int:
        """Rows over all tables."""
        return sum(f.rows for f in self.files)

    @property
    def known_release(self) -> bool:
        """Whether every file matched the registry's checksum."""
        return all(f.known_release for f in self.files)

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImportRecord:
        """Rebuild a record written by :meth:`to_json`."""
        files = tuple(SourceFile(**f) for f in data["files"])
        return cls(**{**data, "files": files})


def read_manifest(root: Path | None = None) -> dict[str, ImportRecord]:
    """Every cached dataset's record, by name."""
    path = (root or data_dir()) / _MANIFEST
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {name: ImportRecord.from_json(entry) for name, entry in data.items()}


def _write_manifest(root: Path, records: Mapping[str, ImportRecord]) -> None:
    data = {name: records[name].to_json() for name in sorted(records)}
    write_atomic(root / _MANIFEST, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def install(record: ImportRecord, tables: Mapping[str, pd.DataFrame]) -> Path:
    """Put ``tables`` in the cache as dataset ``record.name``, all or nothing."""
    root = data_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".staging-{record.name}-{uuid.uuid4().hex}"
    target = root / record.name
    retired = root / f".retired-{record.name}-{uuid.uuid4().hex}"
    try:
        staging.mkdir()
        for name, frame in tables.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        try:
            _write_manifest(root, {**read_manifest(root), record.name: record})
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            if retired.exists():
                retired.rename(target)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    return target


def load_table(name: str, table: str) -> pd.DataFrame:
    """A cached table, or :class:`DataNotAvailableError` saying how to get it."""
    path = data_dir() / name / f"{table}.parquet"
    if not path.exists():
        cached = name in read_manifest()
        problem = f"table {table!r} was not in the imported files" if cached else "not cached"
        raise DataNotAvailableError(
            f"dataset {name!r}: {problem}",
            where=f"cache {data_dir()}",
            fix=(
                f"Run `allied data pull {name}`, or `allied data import {name} PATH` with the "
                "publisher's file or folder (see `allied data list`)."
            ),
        )
    return pd.read_parquet(path)
