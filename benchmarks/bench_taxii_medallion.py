"""Reads against medallion 3.0.0: one full pass of 100-object pages over the same collection.

Workload (issue 14, item 10): the collection of :mod:`bench_taxii` (``--objects``
indicators with its mix of TLP, REL TO FVEY, NATO SECRET and NOFORN markings, and
the marking definitions they use), read in full with ``limit=100`` and ``next`` by
one recipient, ``gbr`` (GBR, SECRET), from:

- **allied**: ``create_app`` under uvicorn, filtering every read for the recipient,
  over SQLite, and over PostgreSQL when ``--postgres`` (default
  ``$ALLIED_TEST_POSTGRES_URL``) names a database (a fresh schema, dropped
  afterwards); one untimed pass builds the recipient's view, then the median of
  ``--runs`` timed passes;
- **medallion 3.0.0** (the OASIS TAXII 2.1 reference server, Flask's server) with
  its memory backend, loaded from a data file holding the same objects and their
  manifest, on 127.0.0.1. It does not filter: every reader receives every object.

medallion's first request of a pass filters and sorts the whole collection and keeps
the rest for ``next`` (later pages cost little), and its sort is a nested loop over
the manifest and the objects that parses a timestamp at each step
(``sort_and_paginate`` in ``medallion/filters/basic_filter.py``: about n^2/2
``strptime`` calls), so a pass costs quadratic time. Full passes over smaller
collections (``--fit``) are timed first. When they predict the pass over
``--objects`` within ``--cap`` seconds, that pass is timed in full (abandoned at the
cap); otherwise the figure is **extrapolated**, and the output says so: the lower
of the quadratic from the largest ``--fit`` size and a power law ``t = a n^b``
fitted by least squares on logarithms (printed with its exponent), so the ratio to
allied errs low.

Target: allied's pass at least 100 times faster than medallion's. medallion is not a
dependency of allied; install it into your own virtual environment only
(``.venv/bin/pip install medallion==3.0.0``); without it the script says so and
exits with status 3. No assertions: the figures go in the issue's note. Run:
``.venv/bin/python benchmarks/bench_taxii_medallion.py [--objects N] [--runs N] [--cap S]``
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from bench_taxii import HOST, TAXII, _free_port, build, server, workload
from bench_taxii_mixed import POSTGRES_ENV, postgres_database

from allied.sharing.stix import version_of

MEDALLION = "3.0.0"
TARGET_RATIO = 100.0
PAGE = 100
RECIPIENT = "gbr"
API_ROOT = "bench"
COLLECTION = "bench"
USER, PASSWORD = "bench", "bench-password"
ADDED = "2024-06-01T00:00:00.{:06d}Z"  # a distinct date_added per object, in posting order


def medallion_missing() -> str | None:
    """Why medallion cannot be benchmarked here (not installed, another version), or ``None``."""
    try:
        installed = importlib.metadata.version("medallion")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed == MEDALLION:
        return None
    found = "is not installed" if installed is None else f"{installed} is installed"
    return (
        f"medallion {MEDALLION} is needed for this benchmark and {found}. It is not a "
        f"dependency of allied: install it into your own virtual environment only, with "
        f"`.venv/bin/pip install medallion=={MEDALLION}`."
    )


def medallion_config(objects: Sequence[Mapping[str, Any]], folder: Path) -> Path:
    """A medallion configuration with a memory-backend data file holding ``objects``."""
    manifest = [
        {
            "id": obj["id"],
            "date_added": ADDED.format(number),
            "version": version_of(obj),
            "media_type": "application/stix+json;version=2.1",
        }
        for number, obj in enumerate(objects)
    ]
    data = {
        "/discovery": {
            "title": "medallion benchmark",
            "default": f"http://{HOST}/{API_ROOT}/",
            "api_roots": [f"http://{HOST}/{API_ROOT}/"],
        },
        API_ROOT: {
            "information": {
                "title": "benchmark",
                "versions": [TAXII],
                "max_content_length": 10 * 2**20,
            },
            "status": [],
            "collections": [
                {
                    "id": COLLECTION,
                    "title": "Benchmark collection",
                    "can_read": True,
                    "can_write": False,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": list(objects),
                    "manifest": manifest,
                }
            ],
        },
    }
    store = folder / f"medallion-data-{len(objects)}.json"
    store.write_text(json.dumps(data), encoding="utf-8")
    config = folder / f"medallion-{len(objects)}.json"
    backend = {
        "module": "medallion.backends.memory_backend",
        "module_class": "MemoryBackend",
        "filename": str(store),
    }
    settings = {"backend": backend, "users": {USER: PASSWORD}, "taxii": {"max_page_size": PAGE}}
    config.write_text(json.dumps(settings), encoding="utf-8")
    return config


def answers(url: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether medallion at ``url`` answers its discovery request within ``seconds``."""
    for _ in range(int(seconds / 0.2)):
        if process.poll() is not None:
            return False
        try:
            headers = {"Accept": TAXII}
            response = httpx.get(f"{url}/taxii2/", headers=headers, auth=(USER, PASSWORD))
            return response.is_success
        except httpx.TransportError:
            time.sleep(0.2)
    return False


@contextmanager
def medallion_server(config: Path, log: Path) -> Iterator[str]:
    """medallion over ``config`` in its own process; yields its base URL, kills it afterwards."""
    port = _free_port()
    code = "from medallion.scripts.run import main; main()"
    command = [sys.executable, "-c", code, "--host", HOST, "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--log-level", "ERROR", str(config)], stdout=out, stderr=out
        )
    url = f"http://{HOST}:{port}"
    try:
        if not answers(url, process, 120):
            raise RuntimeError(f"medallion did not start:\n{log.read_text()}")
        yield url
    finally:
        process.send_signal(signal.SIGKILL)  # it may still be sorting an abandoned request
        process.wait(timeout=30)


def one_pass(client: httpx.Client, path: str) -> tuple[float, int]:
    """Seconds to GET every object of ``path`` in pages of ``PAGE``, and the objects received."""
    params: dict[str, Any] = {"limit": PAGE}
    received = 0
    start = time.perf_counter()
    while True:
        response = client.get(path, params=params)
        response.raise_for_status()
        page = response.json()
        received += len(page.get("objects", []))
        if not page.get("more"):
            return time.perf_counter() - start, received
        params = {"limit": PAGE, "next": page["next"]}


def allied_passes(db: str, count: int, runs: int, folder: Path) -> tuple[list[float], int]:
    """Timed warm passes of ``RECIPIENT`` over allied's filtering server on ``db``."""
    keys = build(db, count)
    headers = {"Accept": TAXII, "Authorization": f"Bearer {keys[RECIPIENT]}"}
    path = "/api/collections/bench/objects/"
    with (
        server(db, filtering=True, log=folder / "allied.log") as url,
        httpx.Client(base_url=url, headers=headers, timeout=600) as client,
    ):
        one_pass(client, path)  # builds the recipient's view
        timed = [one_pass(client, path) for _ in range(runs)]
    return [seconds for seconds, _ in timed], timed[-1][1]


def medallion_pass(count: int, folder: Path, cap: float) -> tuple[float, int] | None:
    """One full pass over a medallion collection of ``count`` objects; ``None`` past ``cap``."""
    config = medallion_config(workload(count), folder)
    headers = {"Accept": TAXII}
    path = f"/{API_ROOT}/collections/{COLLECTION}/objects/"
    with (
        medallion_server(config, folder / f"medallion-{count}.log") as url,
        httpx.Client(base_url=url, headers=headers, auth=(USER, PASSWORD), timeout=cap) as client,
    ):
        try:
            return one_pass(client, path)
        except httpx.TimeoutException:
            return None


def power_law(sizes: Sequence[int], seconds: Sequence[float]) -> tuple[float, float]:
    """``(a, b)`` of ``t = a n^b`` fitted by least squares on ``log t = log a + b log n``."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in seconds]
    slope, intercept = statistics.linear_regression(xs, ys)
    return math.exp(intercept), slope


def medallion_figure(count: int, fit: Sequence[int], folder: Path, cap: float) -> tuple[float, str]:
    """medallion's pass over ``count`` objects, measured when the smaller passes predict it
    within ``cap`` seconds (and it ends within them), else extrapolated (the lower of the
    quadratic and the fitted power law); and how the figure was obtained."""
    times = []
    for size in fit:
        small = medallion_pass(size, folder, cap)
        if small is None:
            raise RuntimeError(f"medallion's pass over {size:,} objects took over {cap:.0f} s")
        times.append(small[0])
        print(f"  medallion, {size:,} objects: {small[0]:.2f} s per pass")
    a, b = power_law(fit, times)
    quadratic = times[-1] * (count / fit[-1]) ** 2
    predicted = min(quadratic, a * count**b)
    if predicted <= cap:
        measured = medallion_pass(count, folder, cap)
        if measured is not None:
            return measured[0], f"measured ({measured[1]:,} objects received)"
    how = (
        f"EXTRAPOLATED, not measured (over the {cap:.0f} s cap): the lower of "
        f"{quadratic:.0f} s (quadratic from {fit[-1]:,} objects) and {a * count**b:.0f} s "
        f"(t = {a:.3g} n^{b:.2f} fitted to {', '.join(f'{n:,}' for n in fit)} objects)"
    )
    return predicted, how


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000, help="indicators in the collection")
    parser.add_argument("--runs", type=int, default=5, help="timed passes of allied per backend")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds for medallion's pass")
    parser.add_argument(
        "--fit",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1_000, 2_000],
        help="collection sizes to extrapolate medallion from (comma-separated)",
    )
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV, ""), help="base URL")
    args = parser.parse_args(argv)
    missing = medallion_missing()
    if missing is not None:
        print(missing, file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory(prefix="allied-bench-medallion-") as name:
        folder = Path(name)
        print(
            f"one pass of {PAGE}-object pages over {args.objects:,} indicators and their marking "
            f"definitions, recipient {RECIPIENT} (GBR, SECRET); allied: median of {args.runs} "
            "warm passes, filtering; medallion: memory backend, no filtering; load average "
            + " ".join(f"{load:.1f}" for load in os.getloadavg())
        )
        allied: dict[str, tuple[list[float], int]] = {
            "SQLite": allied_passes(
                f"sqlite:///{folder / 'exchange.db'}", args.objects, args.runs, folder
            )
        }
        if args.postgres:
            with postgres_database(args.postgres) as (url, _):
                allied["PostgreSQL"] = allied_passes(url, args.objects, args.runs, folder)
        for backend, (seconds, received) in allied.items():
            print(
                f"allied ({backend}): {statistics.median(seconds):.3f} s per pass "
                f"(min {min(seconds):.3f}, max {max(seconds):.3f}; {received:,} objects received)"
            )
        slow, how = medallion_figure(args.objects, args.fit, folder, args.cap)
        print(f"medallion {MEDALLION} (memory): {slow:.1f} s per pass, {how}")
        for backend, (seconds, _) in allied.items():
            ratio = slow / statistics.median(seconds)
            verdict = "target met" if ratio >= TARGET_RATIO else "target missed"
            print(
                f"ratio medallion / allied ({backend}): {ratio:,.0f}x; "
                f"target at least {TARGET_RATIO:.0f}x: {verdict}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
