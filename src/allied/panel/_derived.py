"""Where results derived from the cached datasets are kept, keyed by the cache's state.

A result that takes long to compute from the datasets (the partner-fit weights
estimated by the backtest) may be kept beside them, in the dataset cache
(:func:`allied.sources.data_dir`). Its file name carries a key of everything it
depends on: the editions and checksums of every cached dataset plus what the
caller adds (the ``allied`` version, settings), so a new import or release
computes it again instead of reading a stale copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from allied.sources import data_dir, manifest

__all__ = ["derived_path"]


def derived_path(folder: str, stem: str, depends_on: Mapping[str, object]) -> Path:
    """The file, in the dataset cache, for a result derived from the cached datasets.

    Parameters
    ----------
    folder
        A sub-folder of the cache for this kind of result (``"partners"``).
    stem
        The start of the file name (``"estimated-any"``); ``.yaml`` is added after
        the key.
    depends_on
        What else the result depends on, JSON-serializable (version, settings).

    Returns
    -------
    pathlib.Path
        ``DATA_DIR/folder/stem-KEY.yaml``; KEY is 16 hex digits of a SHA-256 over
        ``depends_on`` and every cached dataset's edition and file checksums.
    """
    datasets = {
        name: [record.version, sorted(f.sha256 for f in record.files)]
        for name, record in sorted(manifest().items())
    }
    state = {"depends_on": dict(depends_on), "datasets": datasets}
    key = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
    return data_dir() / folder / f"{stem}-{key[:16]}.yaml"
