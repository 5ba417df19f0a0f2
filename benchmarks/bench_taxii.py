"""Speed of the TAXII 2.1 exchange: per-recipient filtering against no filtering.

Workload (issue 7): a SQLite collection of 10,000 indicators with a realistic
mix of markings (TLP:CLEAR, GREEN, AMBER, RED; SECRET REL TO FVEY; NATO
SECRET; SECRET//NOFORN), read in full with ``limit=1000`` paging by three
recipients with different rights:

- ``usa``: USA, TOP SECRET;
- ``gbr``: GBR, SECRET (FVEY, NATO);
- ``pol``: POL, NATO SECRET (NATO, not FVEY).

Two servers run side by side over the same database, each in its own process
(uvicorn over ``allied.sharing.taxii.create_app``): one filters every read per recipient
(what the exchange does), the baseline serves everything to everyone
(``filtering=False``). Both write an audit entry per request. For each
recipient and server the script prints objects delivered per second, the
collection's objects per second (10,000 divided by the time to page through
it), p95 and median latency per request, the median latency of a pass's first
request, and the filtering cost: the loss of
collection throughput against the baseline (target: under 25%).

- **warm**: the server's snapshot and per-recipient view are cached (one
  warm-up pass, then ``--runs`` timed passes);
- **cold**: before each timed pass, one object is posted to the collection,
  so the first read after a write rebuilds the snapshot (and, when filtering,
  the recipient's view).

Passes alternate between the two servers, so that whatever else runs on the
machine slows both alike.

Then the audit log's growth: the bytes each read entry stores (its text
columns in UTF-8 and 8 bytes per integer), per request and per object served
(issue 14: a read is audited in constant space, under 1 KB), and the median
latency of a single-object GET (``.../objects/{id}/``, looked up by id in the
cached view).

No assertions: the figures go in the issue's note. Run:
``.venv/bin/python benchmarks/bench_taxii.py [--runs N] [--objects N]``
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from allied.sharing.store import AuditEntry, canonical_json, open_storage

TARGET_COST = 0.25
TAXII = "application/taxii+json;version=2.1"
HOST = "127.0.0.1"
TIMEOUT = 120.0
NS = uuid.UUID("0b6a3c4e-9f1d-4e5a-8c2b-7d6e5f4a3b21")
# TLP 2.0 ids fixed by the OASIS TLP 2.0 extension.
TLP = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
STATEMENTS = {
    "rel-fvey": "SECRET//REL TO FVEY",
    "nato-secret": "NATO SECRET",
    "noforn": "SECRET//NOFORN",
}
# share of the collection per marking (sums to 1)
MIX = {
    "clear": 0.30,
    "green": 0.25,
    "amber": 0.15,
    "red": 0.05,
    "rel-fvey": 0.10,
    "nato-secret": 0.10,
    "noforn": 0.05,
}
RECIPIENTS = {"usa": ("USA", "TS"), "gbr": ("GBR", "S"), "pol": ("POL", "NS")}


def _statement(name: str) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": f"marking-definition--{uuid.uuid5(NS, name)}",
        "created": "2024-01-01T00:00:00.000Z",
        "definition_type": "statement",
        "definition": {"statement": STATEMENTS[name]},
    }


def _marking_ref(name: str) -> str:
    return TLP.get(name) or f"marking-definition--{uuid.uuid5(NS, name)}"


def workload(count: int) -> list[dict[str, Any]]:
    """The marking definitions and ``count`` indicators marked per ``MIX``, interleaved."""
    cycle = [name for name, share in MIX.items() for _ in range(round(share * 100))]
    objects = [_statement(name) for name in STATEMENTS]
    for i in range(count):
        objects.append(
            {
                "type": "indicator",
                "spec_version": "2.1",
                "id": f"indicator--{uuid.uuid5(NS, f'bench-{i}')}",
                "created": "2024-01-01T00:00:00.000Z",
                "modified": "2024-01-01T00:00:00.000Z",
                "name": f"C2 node {i}",
                "pattern": f"[ipv4-addr:value = '10.{i // 65536}.{i // 256 % 256}.{i % 256}']",
                "pattern_type": "stix",
                "valid_from": "2024-01-01T00:00:00Z",
                "object_marking_refs": [_marking_ref(cycle[i % len(cycle)])],
            }
        )
    return objects


def build(db: str, count: int) -> dict[str, str]:
    """Create the collection, the recipients (and a writer) in ``db``; their API keys."""
    storage = open_storage(db)
    try:
        storage.create_collection("bench", title="Benchmark collection")
        keys = {
            name: storage.add_user(name, nation=nation, clearance=level, can_read=("bench",))
            for name, (nation, level) in RECIPIENTS.items()
        }
        keys["writer"] = storage.add_user(
            "writer", nation="USA", clearance="TS", can_read=("bench",), can_write=("bench",)
        )
        objects = workload(count)
        for start in range(0, len(objects), 1000):
            storage.add_objects(
                "bench", objects[start : start + 1000], originator="USA", user="writer"
            )
        return keys
    finally:
        storage.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(db: str, *, filtering: bool, log: Path) -> Iterator[str]:
    """A server process over ``db``; yields its base URL, kills it afterwards."""
    port = _free_port()
    code = (
        "import uvicorn; from allied.sharing.taxii import create_app; "
        "from allied.sharing.store import open_storage; "
        f"app = create_app(open_storage({db!r}), filtering={filtering}); "
        f"uvicorn.run(app, host={HOST!r}, port={port}, log_level='warning')"
    )
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=out)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()}")
            try:
                httpx.get(f"{url}/taxii2/", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Pass:
    """One full paging pass: seconds, objects delivered, per-request latencies."""

    seconds: float
    objects: int
    latencies: list[float]


def page_through(client: httpx.Client, key: str) -> Pass:
    """GET every object of the collection with ``limit=1000``."""
    headers = {"Accept": TAXII, "Authorization": f"Bearer {key}"}
    params: dict[str, Any] = {"limit": 1000}
    latencies: list[float] = []
    delivered = 0
    start = time.perf_counter()
    while True:
        before = time.perf_counter()
        response = client.get("/api/collections/bench/objects/", params=params, headers=headers)
        latencies.append(time.perf_counter() - before)
        response.raise_for_status()
        page = response.json()
        delivered += len(page.get("objects", []))
        if not page.get("more"):
            break
        params = {"limit": 1000, "next": page["next"]}
    return Pass(time.perf_counter() - start, delivered, latencies)


_written = 0


def write_one(client: httpx.Client, key: str) -> None:
    """POST one new TLP:CLEAR indicator, so the next read is cold."""
    global _written
    _written += 1
    obj = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid5(NS, f'cold-{_written}-{os.getpid()}')}",
        "created": "2024-02-01T00:00:00.000Z",
        "modified": "2024-02-01T00:00:00.000Z",
        "pattern": f"[domain-name:value = 'cold{_written}.example']",
        "pattern_type": "stix",
        "valid_from": "2024-02-01T00:00:00Z",
        "object_marking_refs": [TLP["clear"]],
    }
    headers = {"Accept": TAXII, "Content-Type": TAXII, "Authorization": f"Bearer {key}"}
    response = client.post(
        "/api/collections/bench/objects/", content=json.dumps({"objects": [obj]}), headers=headers
    )
    response.raise_for_status()


def p95(values: Sequence[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


@dataclass
class Figures:
    delivered_per_s: float
    collection_per_s: float
    p95_ms: float
    median_ms: float
    first_ms: float
    pages: float


def summarize(passes: Sequence[Pass], size: int) -> Figures:
    """Medians over passes; latency quantiles over every request of every pass."""
    latencies = [value for p in passes for value in p.latencies]
    return Figures(
        delivered_per_s=statistics.median(p.objects / p.seconds for p in passes),
        collection_per_s=size / statistics.median(p.seconds for p in passes),
        p95_ms=p95(latencies) * 1e3,
        median_ms=statistics.median(latencies) * 1e3,
        first_ms=statistics.median(p.latencies[0] for p in passes) * 1e3,
        pages=statistics.mean(len(p.latencies) for p in passes),
    )


def measure(
    urls: dict[str, str], keys: dict[str, str], recipient: str, *, cold: bool, runs: int
) -> dict[str, list[Pass]]:
    """``runs`` passes on each server, alternating, so that drift hits both alike."""
    clients = {mode: httpx.Client(base_url=url, timeout=TIMEOUT) for mode, url in urls.items()}
    passes: dict[str, list[Pass]] = {mode: [] for mode in urls}
    try:
        if not cold:
            for client in clients.values():
                page_through(client, keys[recipient])  # warm-up: builds the cached view
        for _ in range(runs):
            for mode, client in clients.items():
                if cold:
                    write_one(client, keys["writer"])
                passes[mode].append(page_through(client, keys[recipient]))
    finally:
        for client in clients.values():
            client.close()
    return passes


def entry_bytes(entry: AuditEntry) -> int:
    """The bytes an audit row stores: its text columns in UTF-8, 8 per integer column."""
    texts = (entry.user, entry.nation, entry.action, entry.collection or "")
    text_bytes = sum(len(text.encode()) for text in texts) + len(canonical_json(entry.detail))
    return text_bytes + len(entry.prev_hash) + len(entry.hash) + 2 * 8


def audit_growth(db: str) -> str:
    """Audit bytes of the read entries: per request (mean, max) and per object served."""
    storage = open_storage(db)
    try:
        reads = [entry for entry in storage.audit_entries() if entry.action == "read"]
    finally:
        storage.close()
    sizes = [entry_bytes(entry) for entry in reads]
    served = sum(int(entry.detail["released"]["count"]) for entry in reads)
    return (
        f"audit: {len(reads):,} read entries, {statistics.mean(sizes):,.0f} bytes per request "
        f"(max {max(sizes):,}), {sum(sizes) / max(served, 1):.3f} bytes per object served "
        f"({served:,} objects)"
    )


def single_object_ms(url: str, key: str, count: int, requests: int = 200) -> float:
    """Median latency of GET .../objects/{id}/ over ``requests`` ids of the collection."""
    headers = {"Accept": TAXII, "Authorization": f"Bearer {key}"}
    latencies = []
    with httpx.Client(base_url=url, timeout=TIMEOUT) as client:
        for n in range(requests):
            object_id = f"indicator--{uuid.uuid5(NS, f'bench-{n * count // requests}')}"
            before = time.perf_counter()
            response = client.get(f"/api/collections/bench/objects/{object_id}/", headers=headers)
            latencies.append(time.perf_counter() - before)
            if response.status_code not in (200, 404):  # 404: withheld from this recipient
                response.raise_for_status()
    return statistics.median(latencies) * 1e3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed passes per figure")
    parser.add_argument("--objects", type=int, default=10_000, help="indicators in the collection")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="allied-bench-taxii-") as folder:
        root = Path(folder)
        db = f"sqlite:///{root / 'exchange.db'}"
        start = time.perf_counter()
        keys = build(db, args.objects)
        print(
            f"allied TAXII benchmark: {args.objects:,} indicators (SQLite, WAL), limit=1000, "
            f"{args.runs} passes per figure; built in {time.perf_counter() - start:.1f} s"
        )
        print("mix: " + ", ".join(f"{name} {share:.0%}" for name, share in MIX.items()))
        size = args.objects + len(STATEMENTS)
        results: dict[tuple[str, bool, str], Figures] = {}
        with (
            server(db, filtering=True, log=root / "filtering.log") as filtered,
            server(db, filtering=False, log=root / "baseline.log") as baseline,
        ):
            urls = {"filtering": filtered, "baseline": baseline}
            for cold in (False, True):
                for recipient in RECIPIENTS:
                    passes = measure(urls, keys, recipient, cold=cold, runs=args.runs)
                    for mode, timed in passes.items():
                        results[(recipient, cold, mode)] = summarize(timed, size)
            single = single_object_ms(filtered, keys["gbr"], args.objects)
        header = (
            f"{'':5} {'recipient':9} {'server':10} {'pages':>5} {'delivered/s':>12} "
            f"{'collection/s':>13} {'p95 ms':>8} {'median ms':>10} {'first ms':>9} {'cost':>7}"
        )
        worst = 0.0
        for cold in (False, True):
            print(("cold (first read after a write)" if cold else "warm (cached view)") + ":")
            print(header)
            for recipient in RECIPIENTS:
                base = results[(recipient, cold, "baseline")]
                for mode in ("filtering", "baseline"):
                    f = results[(recipient, cold, mode)]
                    cost = 1 - f.collection_per_s / base.collection_per_s
                    if mode == "filtering":
                        worst = max(worst, cost)
                    shown = f"{cost:+7.1%}" if mode == "filtering" else ""
                    print(
                        f"{'':5} {recipient:9} {mode:10} {f.pages:5.0f} "
                        f"{f.delivered_per_s:12,.0f} {f.collection_per_s:13,.0f} "
                        f"{f.p95_ms:8.1f} {f.median_ms:10.1f} {f.first_ms:9.1f} {shown:>7}"
                    )
        verdict = "target met" if worst < TARGET_COST else "target missed"
        print(
            f"filtering cost (loss of collection throughput against the baseline), worst case: "
            f"{worst:.1%}; target under {TARGET_COST:.0%}: {verdict}"
        )
        print(f"single-object GET (gbr, filtering, by id): median {single:.2f} ms")
        print(audit_growth(db))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
