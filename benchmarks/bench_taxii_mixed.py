"""Speed of the TAXII 2.1 exchange under mixed load: 80 % reads, 20 % writes, 20 clients.

Workload (issue 14, item 9): the collection of :mod:`bench_taxii` (``--objects``
indicators marked TLP:CLEAR to SECRET//NOFORN), served by a live server on
127.0.0.1 to ``--clients`` concurrent clients (threads, one HTTP connection
each). Each request is, at random (seeded), a read (80 %: the first page of
``limit=100`` objects, by one of the three recipients of :mod:`bench_taxii`
in turn) or a write (20 %: one new indicator, marked per the workload's mix,
posted by the USA writer). Every write changes the collection version, so
the next read of each recipient finds its cached view out of date.

Two servers run over the same database in turn: one filters every read per
recipient, the baseline serves everything (``filtering=False``). Each phase
starts a server, warms it with one read per recipient (timed apart and
printed: a fresh server builds each view from scratch on its first read, the
cold case of :mod:`bench_taxii`, which a server running for days pays once),
then stops by itself after ``--requests`` requests or ``--seconds`` seconds,
whichever comes first; ``--cold`` times the first reads with the phase
instead. Phases alternate (baseline, filtering) ``--rounds`` times so that
drift on the machine hits both alike. For each server: requests per second
(median over rounds), p50/p95/p99 latency over every request, the database's
growth per request (SQLite: the database and WAL files; PostgreSQL:
``pg_database_size``), and the seconds of the warm-up reads (median). Then the
ratio filtered/unfiltered throughput (target: at least 0.8).

SQLite always; PostgreSQL too when ``--postgres URL`` or
``$ALLIED_TEST_POSTGRES_URL`` is given (the run uses a fresh schema of that
database, dropped afterwards). No assertions: the figures go in the issue's
note. Run:
``.venv/bin/python benchmarks/bench_taxii_mixed.py [--requests N] [--seconds S]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from bench_taxii import (
    MIX,
    NS,
    RECIPIENTS,
    TAXII,
    TIMEOUT,
    _marking_ref,
    build,
    server,
)

TARGET_RATIO = 0.8
WRITE_SHARE = 0.2
POSTGRES_ENV = "ALLIED_TEST_POSTGRES_URL"
WRITTEN = itertools.count()  # numbers the indicators written, across phases: each one is new


@dataclass
class Phase:
    """One server's phase: wall seconds, per-request latencies, database growth in bytes."""

    seconds: float
    latencies: list[float]
    grown: int

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds


def _indicator(number: int, marking: str) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid5(NS, f'mixed-{number}-{os.getpid()}')}",
        "created": "2024-03-01T00:00:00.000Z",
        "modified": "2024-03-01T00:00:00.000Z",
        "pattern": f"[domain-name:value = 'mixed{number}.example']",
        "pattern_type": "stix",
        "valid_from": "2024-03-01T00:00:00Z",
        "object_marking_refs": [_marking_ref(marking)],
    }


class Load:
    """The requests of one phase, shared by the client threads (bounded count and time)."""

    def __init__(self, url: str, keys: dict[str, str], requests: int, seconds: float) -> None:
        self.url, self.keys = url, keys
        self.left, self.deadline = requests, time.monotonic() + seconds
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.cycle = [name for name, share in MIX.items() for _ in range(round(share * 100))]

    def take(self) -> int | None:
        """A request number, or ``None`` once the count or the time is spent."""
        with self.lock:
            if self.left <= 0 or time.monotonic() > self.deadline or self.errors:
                return None
            self.left -= 1
            return self.left

    def run_client(self, seed: int) -> None:
        chooser = random.Random(seed)
        readers = list(RECIPIENTS)
        with httpx.Client(base_url=self.url, timeout=TIMEOUT) as client:
            while (number := self.take()) is not None:
                if chooser.random() < WRITE_SHARE:
                    marking = self.cycle[chooser.randrange(len(self.cycle))]
                    send = self._write(client, _indicator(next(WRITTEN), marking))
                else:
                    send = self._read(client, readers[number % len(readers)])
                before = time.perf_counter()
                response = send()
                elapsed = time.perf_counter() - before
                with self.lock:
                    if response.status_code >= 300:
                        self.errors.append(f"{response.status_code}: {response.text[:200]}")
                    self.latencies.append(elapsed)

    def _read(self, client: httpx.Client, reader: str) -> Callable[[], httpx.Response]:
        headers = {"Accept": TAXII, "Authorization": f"Bearer {self.keys[reader]}"}
        return lambda: client.get(
            "/api/collections/bench/objects/", params={"limit": 100}, headers=headers
        )

    def _write(self, client: httpx.Client, obj: dict[str, Any]) -> Callable[[], httpx.Response]:
        headers = {
            "Accept": TAXII,
            "Content-Type": TAXII,
            "Authorization": f"Bearer {self.keys['writer']}",
        }
        body = json.dumps({"objects": [obj]})
        return lambda: client.post("/api/collections/bench/objects/", content=body, headers=headers)


def warm_up(url: str, keys: dict[str, str]) -> float:
    """Seconds of one first-page read per recipient (a fresh server builds its views)."""
    start = time.perf_counter()
    with httpx.Client(base_url=url, timeout=TIMEOUT) as client:
        for reader in RECIPIENTS:
            headers = {"Accept": TAXII, "Authorization": f"Bearer {keys[reader]}"}
            response = client.get(
                "/api/collections/bench/objects/", params={"limit": 100}, headers=headers
            )
            response.raise_for_status()
    return time.perf_counter() - start


def run_phase(
    url: str, keys: dict[str, str], size: Callable[[], int], args: argparse.Namespace
) -> Phase:
    """``args.clients`` threads against ``url`` until the phase's count or time is spent."""
    load = Load(url, keys, args.requests, args.seconds)
    threads = [
        threading.Thread(target=load.run_client, args=(seed,)) for seed in range(args.clients)
    ]
    before, start = size(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if load.errors:
        raise RuntimeError(f"{len(load.errors)} requests failed, first: {load.errors[0]}")
    return Phase(seconds, load.latencies, size() - before)


def quantile(values: Sequence[float], q: int) -> float:
    """The ``q``-th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@contextmanager
def sqlite_database(folder: Path) -> Iterator[tuple[str, Callable[[], int]]]:
    """A SQLite database in ``folder`` and a function giving its size on disk (with WAL)."""
    path = folder / "exchange.db"

    def size() -> int:
        return sum(p.stat().st_size for p in folder.glob("exchange.db*"))

    yield f"sqlite:///{path}", size


@contextmanager
def postgres_database(base: str) -> Iterator[tuple[str, Callable[[], int]]]:
    """A fresh schema of the PostgreSQL database ``base`` (dropped afterwards), and its size."""
    import psycopg

    schema = f"bench_mixed_{uuid.uuid4().hex[:12]}"
    url = f"{base}{'&' if '?' in base else '?'}schema={schema}"  # open_storage creates it

    def size() -> int:
        with psycopg.connect(base) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert row is not None
        return int(row[0])

    try:
        yield url, size
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def bench_backend(
    name: str, db: str, size: Callable[[], int], folder: Path, args: argparse.Namespace
) -> float:
    """Build the collection in ``db``, run the phases, print the figures; the ratio."""
    start = time.perf_counter()
    keys = build(db, args.objects)
    print(
        f"{name}: {args.objects:,} indicators built in {time.perf_counter() - start:.1f} s; "
        f"{args.clients} clients, {1 - WRITE_SHARE:.0%} reads (limit=100) / "
        f"{WRITE_SHARE:.0%} writes, at most {args.requests:,} requests or "
        f"{args.seconds:.0f} s per phase, {args.rounds} rounds"
    )
    phases: dict[str, list[Phase]] = {"baseline": [], "filtering": []}
    warm: dict[str, list[float]] = {mode: [] for mode in phases}
    for number in range(args.rounds):
        for mode in phases:
            log = folder / f"{name}-{mode}-{number}.log"
            with server(db, filtering=mode == "filtering", log=log) as url:
                if not args.cold:
                    warm[mode].append(warm_up(url, keys))
                phases[mode].append(run_phase(url, keys, size, args))
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms", "bytes/req", "warm-up s")
    print(f"  {'server':10} " + " ".join(f"{c:>9}" for c in columns))
    rates = {}
    for mode, runs in phases.items():
        latencies = [value * 1e3 for phase in runs for value in phase.latencies]
        rates[mode] = statistics.median(phase.per_second for phase in runs)
        grown = sum(phase.grown for phase in runs) / sum(len(p.latencies) for p in runs)
        first = f"{statistics.median(warm[mode]):9.2f}" if warm[mode] else f"{'timed':>9}"
        print(
            f"  {mode:10} {rates[mode]:9.1f} {quantile(latencies, 50):9.1f} "
            f"{quantile(latencies, 95):9.1f} {quantile(latencies, 99):9.1f} {grown:9,.0f} {first}"
        )
    print(
        "  req/s per round: "
        + "; ".join(
            f"{mode} " + " ".join(f"{phase.per_second:.1f}" for phase in runs)
            for mode, runs in phases.items()
        )
    )
    ratio = rates["filtering"] / rates["baseline"]
    verdict = "target met" if ratio >= TARGET_RATIO else "target missed"
    print(f"  filtered/unfiltered throughput: {ratio:.2f} (target >= {TARGET_RATIO}): {verdict}")
    return ratio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000, help="indicators to start with")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=2_000, help="requests per phase, at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds per phase, at most")
    parser.add_argument("--rounds", type=int, default=2, help="phases per server (alternating)")
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV, ""), help="base URL")
    parser.add_argument(
        "--cold", action="store_true", help="time each server's first reads with its phase"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="allied-bench-mixed-") as name:
        folder = Path(name)
        with sqlite_database(folder) as (db, size):
            bench_backend("SQLite", db, size, folder, args)
        if args.postgres:
            with postgres_database(args.postgres) as (db, size):
                bench_backend("PostgreSQL", db, size, folder, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
