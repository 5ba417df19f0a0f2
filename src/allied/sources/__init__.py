"""External datasets: the registry, pull and import, and the local cache.

Every dataset the field relies on is registered with its version, coverage,
citation, licence, official URL and the checksum of the known release
(:func:`datasets`), and with the functions that serve it, named by import
path in ``registry.yaml``: its parsers, and the panel steps that join it
(:class:`Step`, listed by :func:`allied.panel.registered_steps`).
:func:`pull` downloads a dataset from its publisher; :func:`import_dataset`
reads a file, archive or folder you already have. Either way the tables land
as Parquet in the cache (:func:`data_dir`, or ``$ALLIED_DATA_DIR``) with a
manifest, and :func:`load` reads them back.

Examples
--------
>>> dataset("nmc6").coverage
(1816, 2016)
>>> print(dataset("atop").citations()[0].text[:44])
Leeds, B. A., Ritter, J. M., Mitchell, S. M.
"""

from __future__ import annotations

import pandas as pd

from allied.sources._cache import ImportRecord, SourceFile, data_dir, load_table, read_manifest
from allied.sources._conflict import ACD_ISSUES, ACD_TYPES, RIVALRY_TYPES, TD_TYPE_COLUMNS
from allied.sources._covariates import (
    CREG_MEASURES,
    DEMOCRACY_MEASURES,
    GDPPOP_MEASURES,
    IGO_STATE_COUNTS,
    TERRITORIAL_THREAT_MEASURES,
)
from allied.sources._milex_states import sipri_milex_state_years, sipri_milex_wide
from allied.sources._registry import Dataset, Step, Table, dataset, datasets
from allied.sources._sipri_deliveries import sipri_trade_deliveries
from allied.sources._systems import OBLIGATIONS
from allied.sources._transfer import import_dataset, pull, sha256_of

__all__ = [
    "ACD_ISSUES",
    "ACD_TYPES",
    "CREG_MEASURES",
    "DEMOCRACY_MEASURES",
    "GDPPOP_MEASURES",
    "IGO_STATE_COUNTS",
    "OBLIGATIONS",
    "RIVALRY_TYPES",
    "TD_TYPE_COLUMNS",
    "TERRITORIAL_THREAT_MEASURES",
    "Dataset",
    "ImportRecord",
    "SourceFile",
    "Step",
    "Table",
    "data_dir",
    "dataset",
    "datasets",
    "import_dataset",
    "load",
    "manifest",
    "pull",
    "sha256_of",
    "sipri_milex_state_years",
    "sipri_milex_wide",
    "sipri_trade_deliveries",
    "status",
]


def load(name: str, table: str | None = None) -> pd.DataFrame:
    """A cached table of dataset ``name`` (its only table when ``table`` is None).

    Raises :class:`~allied.errors.DataNotAvailableError` (exit code 3 on the
    command line) with the pull/import command when it is not cached.
    """
    data = dataset(name)
    if table is not None and table in data.derived:
        return load_table(data.name, table)
    return load_table(data.name, data.table(table).name)


def manifest() -> dict[str, ImportRecord]:
    """The cache's manifest: one :class:`ImportRecord` per cached dataset."""
    return read_manifest()


def status() -> pd.DataFrame:
    """One row per registered dataset: what it is, and what the cache holds."""
    records = read_manifest()
    rows = []
    for data in datasets():
        record = records.get(data.name)
        rows.append(
            {
                "name": data.name,
                "title": data.title,
                "version": data.version,
                "coverage": data.coverage_text,
                "cached": record is not None,
                "rows": record.rows if record else None,
                "known_release": record.known_release if record else None,
                "imported_at": record.imported_at if record else None,
            }
        )
    table = pd.DataFrame(rows)
    table["rows"] = table["rows"].astype("Int64")
    return table
