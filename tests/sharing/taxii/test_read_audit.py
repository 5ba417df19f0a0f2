"""Reads are audited in constant space, and a single-object read is looked up by id.

Issue 14 measured about 75 bytes of audit log per object served (every read
listed every released ``[id, version]``) and a single-object GET that scanned
the reader's whole view. Both backends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.sharing.store.test_storage import indicator, raw, sid

from allied.sharing.store import Storage, UserRecord, open_storage
from allied.sharing.taxii import Entry, TaxiiError, TaxiiService, parse_query
from allied.sharing.taxii._paging import Page
from allied.sharing.taxii._read_audit import read_detail

ON = datetime(2025, 6, 1, tzinfo=UTC)
TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
TLP_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
MANY = 10_000


def _digest(items: list[Any]) -> str:
    text = json.dumps(items, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _fill(storage: Storage, count: int) -> None:
    """``count`` indicators, every tenth TLP:RED (withheld from FRA), the rest TLP:GREEN."""
    objects = [
        indicator(n, object_marking_refs=[TLP_RED if n % 10 == 0 else TLP_GREEN])
        for n in range(count)
    ]
    for start in range(0, count, 2_500):
        storage.add_objects("intel", objects[start : start + 2_500], originator="GBR", user="gbr")


@pytest.fixture
def exchange(storage_url: str) -> Iterator[tuple[Storage, TaxiiService, UserRecord]]:
    storage = open_storage(storage_url)
    storage.create_collection("intel", title="Intel")
    key = storage.add_user("fra", nation="FRA", clearance="S", can_read=["intel"])
    user = storage.user_for_key(key)
    assert user is not None
    try:
        yield storage, TaxiiService(storage, clock=lambda: ON), user
    finally:
        storage.close()


def _row_bytes(storage: Storage, seq: int) -> int:
    """The bytes the audit row ``seq`` stores: its text columns in UTF-8, 8 per integer."""
    [row] = raw(
        storage,
        [
            "SELECT seq, time_us, user_name, nation, action, collection_id, detail, prev_hash, "
            f"hash FROM audit_log WHERE seq = {seq}"
        ],
    )
    return sum(8 if isinstance(v, int) else len(str(v or "").encode()) for v in row)


def _last_seq(storage: Storage) -> int:
    return max(entry.seq for entry in storage.audit_entries())


def test_auditing_a_read_of_10000_objects_stores_under_1_kb(
    exchange: tuple[Storage, TaxiiService, UserRecord],
) -> None:
    storage, service, user = exchange
    _fill(storage, MANY)
    view = service.view(user, "intel")
    released = list(view.entries)
    assert len(released) == MANY - MANY // 10
    page = Page(released, False, None, None)
    entry = storage.append_audit(
        user=user.name,
        nation=user.nation,
        action="read",
        collection="intel",
        detail=read_detail(view, parse_query([], "objects"), page),
    )
    pairs = [[e.id, e.version] for e in released]
    assert entry.detail["released"] == {"count": len(pairs), "sha256": _digest(pairs)}
    assert entry.detail["withheld"]["count"] == MANY // 10
    assert entry.detail["view"] == {"version": 4, "on": "2025-06-01"}
    assert _row_bytes(storage, entry.seq) < 1024


def test_every_page_of_a_full_pass_is_audited_in_under_1_kb(
    exchange: tuple[Storage, TaxiiService, UserRecord],
) -> None:
    storage, service, user = exchange
    _fill(storage, 3_000)
    params = [("limit", "1000")]
    served: list[list[str]] = []
    while True:
        body = service.get_objects(user, "intel", params).body
        served += [[obj["id"], obj["modified"]] for obj in body.get("objects", [])]
        seq = _last_seq(storage)
        assert _row_bytes(storage, seq) < 1024
        if not body["more"]:
            break
        params = [("limit", "1000"), ("next", body["next"])]
    reads = [e for e in storage.audit_entries() if e.action == "read"]
    assert len(served) == 2_700 and len(reads) == 3
    assert sum(r.detail["released"]["count"] for r in reads) == 2_700
    assert sum(r.detail["withheld"]["count"] for r in reads) == 300  # each exactly once
    assert reads[0].detail["released"]["sha256"] == _digest(served[:1000])


def test_a_huge_object_id_in_the_path_is_audited_in_under_1_kb(
    exchange: tuple[Storage, TaxiiService, UserRecord],
) -> None:
    storage, service, user = exchange
    _fill(storage, 10)
    with pytest.raises(TaxiiError):
        service.get_objects(user, "intel", [], object_id="indicator--" + "a" * 20_000)
    entry = next(e for e in storage.audit_entries() if e.action == "read")
    assert entry.detail["endpoint"].startswith("object:sha256:")
    assert _row_bytes(storage, entry.seq) < 1024


def test_a_single_object_read_is_looked_up_by_id_not_scanned(
    exchange: tuple[Storage, TaxiiService, UserRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    storage, service, user = exchange
    _fill(storage, 2_000)
    first = service.get_objects(user, "intel", [], object_id=sid("indicator", 1)).body
    assert [obj["id"] for obj in first["objects"]] == [sid("indicator", 1)]
    reads = 0
    original = Entry.id

    def counted(entry: Entry) -> str:
        nonlocal reads
        reads += 1
        return str(original.fget(entry))  # type: ignore[attr-defined]

    monkeypatch.setattr(Entry, "id", property(counted))
    second = service.get_objects(user, "intel", [], object_id=sid("indicator", 7)).body
    assert [obj["id"] for obj in second["objects"]] == [sid("indicator", 7)]
    assert reads < 20  # the view holds 1,800 released entries: none is looked at
    with pytest.raises(TaxiiError) as withheld:
        service.get_objects(user, "intel", [], object_id=sid("indicator", 10))  # TLP:RED
    assert withheld.value.http_status == 404


def test_match_id_through_the_index_equals_filtering_the_whole_view(
    exchange: tuple[Storage, TaxiiService, UserRecord],
) -> None:
    storage, service, user = exchange
    _fill(storage, 50)
    newer = indicator(3, modified="2024-06-01T00:00:00.000Z", object_marking_refs=[TLP_GREEN])
    storage.add_objects("intel", [newer], originator="GBR", user="gbr")
    wanted = [sid("indicator", n) for n in (3, 4, 10, 77)]
    for versions in ("last", "first", "all"):
        params = [("match[id]", ",".join(wanted)), ("match[version]", versions)]
        body = service.get_objects(user, "intel", params).body
        got = [(obj["id"], obj["modified"]) for obj in body["objects"]]
        every = service.get_objects(user, "intel", [("match[version]", versions)]).body
        expected = [(o["id"], o["modified"]) for o in every["objects"] if o["id"] in wanted]
        assert got == expected and got
