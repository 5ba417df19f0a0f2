"""Helpers shared by the benchmarks: fresh-process runs, spreads, a scratch cache."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
BENCH_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


def run_child(code: str) -> tuple[dict[str, Any], float]:
    """Run ``code`` in a fresh interpreter; its JSON (last stdout line) and the wall time."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def timed(function: Callable[[], T], runs: int) -> tuple[list[float], T]:
    """Wall times of ``runs`` calls of ``function`` in this process, and the last result."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def spread(values: Sequence[float], unit: str, digits: int = 2) -> str:
    """``median X unit (min A, max B)``."""
    return (
        f"median {statistics.median(values):.{digits}f} {unit} "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f})"
    )


def listing(values: Sequence[float]) -> str:
    """Every run's value, in run order."""
    return " ".join(f"{v:.2f}" for v in values)


@contextmanager
def temporary_cache() -> Iterator[Path]:
    """An empty ``$ALLIED_DATA_DIR`` for the whole run (inherited by children)."""
    before = os.environ.get("ALLIED_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="allied-bench-") as folder:
        os.environ["ALLIED_DATA_DIR"] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                os.environ.pop("ALLIED_DATA_DIR", None)
            else:
                os.environ["ALLIED_DATA_DIR"] = before
