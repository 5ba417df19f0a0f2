"""``delete_objects`` on both backends: ownership, all or none, tombstones, audit, caches.

Each test failed before retraction existed (the storage had no way to delete).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from allied.sharing.store import Storage, open_storage, verify_audit
from allied.sharing.taxii import TaxiiService

_spec = importlib.util.spec_from_file_location(
    "_ownership_helpers", Path(__file__).parent / "test_ownership.py"
)
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _own
_spec.loader.exec_module(_own)
V1, V2, indicator, stored = _own.V1, _own.V2, _own.indicator, _own.stored
# TLP 2.0 GREEN (STIX 2.1 section 7.2.1.4)
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    store = open_storage(storage_url)
    store.create_collection("intel", title="Intel")
    try:
        yield store
    finally:
        store.close()


def test_the_originator_deletes_and_one_audit_entry_names_what_went(storage: Storage) -> None:
    first, second = indicator("a"), indicator("a", modified=V2)
    storage.add_objects("intel", [first, second], originator="USA", user="usa")
    before = storage.collection_version("intel")
    deletion = storage.delete_objects(
        "intel", [(first["id"], V1), (first["id"], V2)], nation="USA", user="usa"
    )
    assert (deletion.removed, deletion.not_owned) == ([[first["id"], V1], [first["id"], V2]], [])
    assert stored(storage, first["id"]) == []
    assert storage.collection_version("intel") == before + 1
    assert storage.last_deletion("intel") == before + 1
    (entry,) = [e for e in storage.audit_entries() if e.action == "delete"]
    assert (entry.nation, entry.user, entry.collection) == ("USA", "usa", "intel")
    assert entry.detail["removed"] == [[first["id"], V1], [first["id"], V2]]
    assert len(entry.detail["sha256"]) == 2
    assert verify_audit(storage).ok


def test_another_nation_deletes_nothing_not_even_its_own_in_the_same_call(
    storage: Storage,
) -> None:
    usa, gbr = indicator("usa"), indicator("gbr")
    storage.add_objects("intel", [usa], originator="USA", user="usa")
    storage.add_objects("intel", [gbr], originator="GBR", user="gbr")
    deletion = storage.delete_objects(
        "intel", [(gbr["id"], V1), (usa["id"].upper(), V1)], nation="GBR", user="gbr"
    )
    assert (deletion.removed, deletion.not_owned) == ([], [usa["id"].upper()])
    assert stored(storage, usa["id"]) == [(V1, "USA")]
    assert stored(storage, gbr["id"]) == [(V1, "GBR")]
    assert storage.last_deletion("intel") == 0
    assert [e for e in storage.audit_entries() if e.action == "delete"] == []


def test_a_version_already_gone_is_skipped_and_nothing_is_audited(storage: Storage) -> None:
    first = indicator("b")
    storage.add_objects("intel", [first], originator="USA", user="usa")
    storage.delete_objects("intel", [(first["id"], V1)], nation="USA", user="usa")
    again = storage.delete_objects("intel", [(first["id"], V1)], nation="USA", user="usa")
    assert (again.removed, again.not_owned) == ([], [])
    assert len([e for e in storage.audit_entries() if e.action == "delete"]) == 1


def test_a_deleted_id_keeps_its_owner_in_any_case(storage: Storage) -> None:
    first = indicator("c")
    storage.add_objects("intel", [first], originator="USA", user="usa")
    storage.delete_objects("intel", [(first["id"], V1)], nation="USA", user="usa")
    taken = {**indicator("c", modified=V2), "id": "indicator--" + first["id"][11:].upper()}
    status = storage.add_objects("intel", [taken], originator="GBR", user="gbr")
    # no version is left for GBR to see: answered as a new object's success, not stored
    assert (status.success_count, status.failure_count) == (1, 0)
    assert stored(storage, first["id"]) == []
    last_write = [e for e in storage.audit_entries() if e.action == "write"][-1]
    assert "belongs to another nation" in last_write.detail["concealed"][0][2]
    assert storage.add_objects("intel", [first], originator="USA", user="usa").success_count == 1
    assert stored(storage, first["id"]) == [(V1, "USA")]
    assert verify_audit(storage).ok


def test_a_view_cached_before_a_deletion_by_another_process_is_read_again(
    storage: Storage, storage_url: str
) -> None:
    kept, gone = indicator("kept", marks=(TLP_GREEN,)), indicator("gone", marks=(TLP_GREEN,))
    storage.add_objects("intel", [kept, gone], originator="USA", user="usa")
    key = storage.add_user("usa", nation="USA", clearance="TS", can_read=("intel",))
    user = storage.user_for_key(key)
    assert user is not None
    service = TaxiiService(storage, clock=lambda: datetime(2025, 6, 1, tzinfo=UTC))
    assert len(service.view(user, "intel").entries) == 2
    other = open_storage(storage_url)  # another server process on the same database
    try:
        other.delete_objects("intel", [(gone["id"], V1)], nation="USA", user="usa")
    finally:
        other.close()
    assert [e.id for e in service.view(user, "intel").entries] == [kept["id"]]
