"""Speed of the foundation: catalog loading, state resolution and the brief.

Each figure is printed beside a baseline measured in the same run:

- catalog: validated load (libyaml with line numbers, pydantic, cross-checks)
  against a bare pure-Python ``yaml.safe_load`` of the same files;
- states: ``lookup`` of every name and alias through the index against a
  linear scan of the state table;
- brief: building the HTML against loading the catalog it describes.

Run: ``.venv/bin/python benchmarks/bench_foundation.py``
"""

from __future__ import annotations

import statistics
import tracemalloc
from collections.abc import Callable
from datetime import date
from importlib import resources

import yaml
from _bench import timed

from allied.catalog._load import embedded_files, parse_files
from allied.report import build_brief
from allied.states import lookup, table
from allied.states._resolve import _normalize


def median_seconds(function: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    return statistics.median(timed(function, repeat)[0])


def peak_mib(function: Callable[[], object]) -> float:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    files = embedded_files()
    validated = median_seconds(lambda: parse_files(files))
    bare = median_seconds(lambda: [yaml.safe_load(text) for _, text in files])
    print(
        f"catalog: {len(files)} files, validated load {validated * 1e3:.1f} ms, "
        f"bare pure-Python yaml.safe_load {bare * 1e3:.1f} ms (x{validated / bare:.1f}), "
        f"peak {peak_mib(lambda: parse_files(files)):.1f} MiB"
    )

    states = table()
    labels = [
        label
        for row in states.itertuples()
        for label in [row.name, *row.aliases.split("|")]
        if label
    ]

    def indexed() -> None:
        for label in labels:
            lookup(label, source="name")

    def linear_scan() -> None:
        rows = [
            (r.iso3, [_normalize(x) for x in [r.name, *r.aliases.split("|")]])
            for r in states.itertuples()
        ]
        for label in labels:
            key = _normalize(label)
            next(iso3 for iso3, names in rows if key in names)

    fast, slow = median_seconds(indexed), median_seconds(linear_scan)
    print(
        f"states: {len(labels)} names, indexed lookup {len(labels) / fast:,.0f}/s, "
        f"linear scan {len(labels) / slow:,.0f}/s (x{slow / fast:.1f} faster)"
    )

    on = date(2025, 1, 1)
    brief_time = median_seconds(lambda: build_brief(on=on), repeat=3)
    size = len(build_brief(on=on).html)
    folder = resources.files("allied.report").joinpath("assets")
    assets = sum(len(f.read_bytes()) for f in folder.iterdir() if f.is_file())
    print(
        f"brief: built in {brief_time:.2f} s ({size / 1e6:.2f} MB, of which vendored assets "
        f"{assets / 1e6:.2f} MB), {brief_time / validated:.1f}x the validated catalog load"
    )


if __name__ == "__main__":
    main()
