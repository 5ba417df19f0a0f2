"""Durability: ``kill -9`` the server during ingestion; every acknowledged object survives.

A thread posts small envelopes in a loop and records the ids that the server
acknowledged (202 with the id among the status ``successes``). Once enough
envelopes are acknowledged the server gets SIGKILL while the thread is still
posting, then it is started again on the same database (SQLite in WAL mode,
and PostgreSQL) and every acknowledged object must be there. Each envelope is
one transaction, so it is present entirely or not at all.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

import httpx

TAXII = "application/taxii+json;version=2.1"
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
PER_ENVELOPE = 5
KILL_AFTER = 40  # acknowledged envelopes before the kill
MAX_ENVELOPES = 2_000  # the writer stops by itself after this many
WAIT = 120.0  # seconds to wait for KILL_AFTER acknowledgements before giving up


def _indicator(envelope: int, item: int) -> dict[str, Any]:
    name = f"durable-{envelope}-{item}"
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid5(uuid.NAMESPACE_DNS, name)}",
        "created": "2024-06-01T00:00:00.000Z",
        "modified": "2024-06-01T00:00:00.000Z",
        "name": name,
        "pattern": f"[domain-name:value = '{name}.example']",
        "pattern_type": "stix",
        "valid_from": "2024-06-01T00:00:00Z",
        "object_marking_refs": [TLP_GREEN],
    }


class Writer(threading.Thread):
    """Posts envelopes until stopped, the server dies, or MAX_ENVELOPES are sent."""

    def __init__(self, url: str, key: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.headers = {"Accept": TAXII, "Content-Type": TAXII, "Authorization": f"Bearer {key}"}
        self.acknowledged: dict[int, list[str]] = {}
        self.sent: dict[int, list[str]] = {}
        self.refused: list[tuple[int, int, str]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=10.0) as client:
            for n in range(MAX_ENVELOPES):
                if self.stop.is_set():
                    return
                objects = [_indicator(n, i) for i in range(PER_ENVELOPE)]
                self.sent[n] = [o["id"] for o in objects]
                try:
                    response = client.post(
                        self.url, content=json.dumps({"objects": objects}), headers=self.headers
                    )
                except httpx.TransportError:
                    return  # the server is gone
                if response.status_code == 202:
                    self.acknowledged[n] = [s["id"] for s in response.json()["successes"]]
                else:
                    self.refused.append((n, response.status_code, response.text[:200]))


def test_every_acknowledged_object_survives_kill_9(exchange: Any, live_server: Any) -> None:
    server = exchange.server
    writer = Writer(server.collection("intel") + "objects/", exchange.keys["admin"])
    writer.start()
    deadline = time.monotonic() + WAIT
    while len(writer.acknowledged) < KILL_AFTER and writer.is_alive():
        assert time.monotonic() < deadline, f"only {len(writer.acknowledged)} acknowledged"
        time.sleep(0.01)
    assert writer.is_alive()  # still posting: the kill lands mid-ingestion
    server.kill()
    writer.stop.set()
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert writer.refused == []
    assert len(writer.acknowledged) >= KILL_AFTER
    assert all(len(ids) == PER_ENVELOPE for ids in writer.acknowledged.values())

    again = live_server(exchange.db)
    headers = {"Accept": TAXII, "Authorization": f"Bearer {exchange.keys['admin']}"}
    with httpx.Client(base_url=again.url, headers=headers, timeout=30.0) as client:
        for ids in writer.acknowledged.values():
            for oid in ids:
                response = client.get(f"/api/collections/intel/objects/{oid}/")
                assert response.status_code == 200, (oid, response.status_code)
                assert [o["id"] for o in response.json()["objects"]] == [oid]
        stored: set[str] = set()
        params: dict[str, Any] = {"limit": 1000}
        while True:
            page = client.get("/api/collections/intel/objects/", params=params).json()
            stored.update(o["id"] for o in page.get("objects", []))
            if not page.get("more"):
                break
            params = {"limit": 1000, "next": page["next"]}
    acknowledged = {oid for ids in writer.acknowledged.values() for oid in ids}
    assert acknowledged <= stored
    # whatever was in flight at the kill is all there or not there at all
    for ids in writer.sent.values():
        assert len(stored.intersection(ids)) in (0, PER_ENVELOPE)
    assert stored <= {oid for ids in writer.sent.values() for oid in ids}
