"""One behaviour suite for both storage backends (SQLite, and PostgreSQL when configured).

``storage_url`` (tests/sharing/conftest.py) gives each test an empty SQLite
file in its tmp_path, or a fresh PostgreSQL schema of
``$ALLIED_TEST_POSTGRES_URL`` (that parameter is skipped when the variable is
unset). Tampering goes through a separate raw connection, as an attacker with
database access would.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from allied.errors import InputError, NotFoundError
from allied.sharing.store import (
    ANCHOR_SETTING,
    GENESIS_HASH,
    SCHEMA_VERSION,
    PostgresStorage,
    SqliteStorage,
    Storage,
    UserRecord,
    entry_hash,
    open_storage,
    verify_audit,
)
from allied.sharing.taxii import select_versions

NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")


def sid(kind: str, n: int) -> str:
    return f"{kind}--{uuid.uuid5(NS, f'{kind}{n}')}"


def indicator(
    n: int, *, modified: str = "2024-01-01T00:00:00.000Z", **extra: Any
) -> dict[str, Any]:
    obj = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": sid("indicator", n),
        "created": "2024-01-01T00:00:00.000Z",
        "modified": modified,
        "pattern": f"[ipv4-addr:value = '10.0.0.{n}']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
    }
    obj.update(extra)
    return obj


def malware(n: int) -> dict[str, Any]:
    return {
        "type": "malware",
        "spec_version": "2.1",
        "id": sid("malware", n),
        "created": "2024-02-01T00:00:00.000Z",
        "modified": "2024-02-01T00:00:00.000Z",
        "name": f"m{n}",
        "is_family": False,
    }


def observable(n: int) -> dict[str, Any]:
    """A cyber-observable without spec_version and without created/modified."""
    return {"type": "ipv4-addr", "id": sid("ipv4-addr", n), "value": f"192.0.2.{n}"}


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    store = open_storage(storage_url)
    store.create_collection("intel", title="Intel", description="shared")
    try:
        yield store
    finally:
        store.close()


def raw(store: Storage, statements: Sequence[str]) -> list[tuple[Any, ...]]:
    """Run SQL on a separate connection, bypassing the storage; rows of the last statement."""
    rows: list[tuple[Any, ...]] = []
    if isinstance(store, SqliteStorage):
        conn = sqlite3.connect(store.path, isolation_level=None)
        try:
            for statement in statements:
                rows = list(conn.execute(statement).fetchall())
        finally:
            conn.close()
        return rows
    import psycopg

    assert isinstance(store, PostgresStorage)
    with psycopg.connect(store._conninfo, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{store.schema}"')
        for statement in statements:
            cursor = conn.execute(statement)
            rows = list(cursor.fetchall()) if cursor.description else []
    return rows


def drop_guards(store: Storage) -> list[str]:
    if isinstance(store, SqliteStorage):
        return ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
    return ["DROP TRIGGER audit_log_no_change ON audit_log"]


# --------------------------------------------------------------------------- schema


def test_schema_is_versioned_and_survives_reopening(storage: Storage) -> None:
    assert storage.setting("schema_version") == str(SCHEMA_VERSION)
    storage.add_objects("intel", [indicator(1)], originator="USA", user="u")
    again = open_storage(storage.url)
    try:
        assert [c.id for c in again.collections()] == ["intel"]
        assert [o.id for o in again.objects("intel")] == [sid("indicator", 1)]
    finally:
        again.close()


def test_a_version_1_database_is_upgraded_so_older_allied_refuses_it(storage: Storage) -> None:
    """Version 2 added key revocation (user_keys) and retracted ids: an allied that
    predates it would accept revoked keys, so the upgrade marks the database version 2."""
    raw(
        storage,
        [
            "DROP TABLE user_keys",
            "DROP TABLE retracted_ids",
            "UPDATE settings SET value = '1' WHERE name = 'schema_version'",
        ],
    )
    again = open_storage(storage.url)
    try:
        assert again.setting("schema_version") == "2" == str(SCHEMA_VERSION)
        assert raw(again, ["SELECT COUNT(*) FROM user_keys"]) == [(0,)]
        assert raw(again, ["SELECT COUNT(*) FROM retracted_ids"]) == [(0,)]
    finally:
        again.close()


def test_settings_round_trip_and_protected_names(storage: Storage) -> None:
    assert storage.setting("page_token_secret") is None
    storage.set_setting("page_token_secret", "abc")
    storage.set_setting("page_token_secret", "def")
    assert storage.setting("page_token_secret") == "def"
    with pytest.raises(InputError, match="maintained by the storage"):
        storage.set_setting(ANCHOR_SETTING, "1:" + "0" * 64)


# --------------------------------------------------------------------------- collections


def test_collections(storage: Storage) -> None:
    record = storage.create_collection("alerts", title=" Alerts ")
    assert (record.id, record.title, record.description) == ("alerts", "Alerts", "")
    assert [c.id for c in storage.collections()] == ["alerts", "intel"]
    assert storage.collection("intel") is not None
    assert storage.collection("intel").description == "shared"  # type: ignore[union-attr]
    assert storage.collection("nope") is None
    with pytest.raises(InputError, match="already exists"):
        storage.create_collection("intel", title="again")
    with pytest.raises(InputError, match="invalid collection id"):
        storage.create_collection("a b/c", title="bad")
    with pytest.raises(InputError, match="empty collection title"):
        storage.create_collection("x", title=" ")


def test_unknown_collection_is_not_found(storage: Storage) -> None:
    with pytest.raises(NotFoundError, match="no collection 'nope'"):
        storage.add_objects("nope", [indicator(1)], originator="USA", user="u")
    with pytest.raises(NotFoundError):
        storage.objects("nope")
    with pytest.raises(NotFoundError):
        storage.collection_version("nope")


# --------------------------------------------------------------------------- objects


def test_add_and_list_objects_in_order(storage: Storage) -> None:
    first = storage.add_objects(
        "intel", [indicator(1), malware(1), observable(1)], originator="gbr", user="alice"
    )
    second = storage.add_objects("intel", [indicator(2)], originator="USA", user="bob")
    assert (first.status, first.total_count, first.success_count, first.failure_count) == (
        "complete",
        3,
        3,
        0,
    )
    assert second.success_count == 1
    stored = storage.objects("intel")
    assert [o.id for o in stored] == [
        sid("indicator", 1),
        sid("malware", 1),
        sid("ipv4-addr", 1),
        sid("indicator", 2),
    ]
    stamps = [o.date_added for o in stored]
    assert all(a < b for a, b in itertools.pairwise(stamps))  # strictly increasing
    assert all(s.tzinfo is not None and s.utcoffset() == timedelta(0) for s in stamps)
    ind, _mal, obs, ind2 = stored
    assert (ind.type, ind.version, ind.spec_version, ind.originator) == (
        "indicator",
        "2024-01-01T00:00:00.000Z",
        "2.1",
        "GBR",
    )
    assert ind.object == indicator(1)
    assert (obs.version, obs.spec_version) == ("", "2.1")
    assert ind2.originator == "USA"


def test_every_filter(storage: Storage) -> None:
    storage.add_objects("intel", [indicator(1), malware(1)], originator="USA", user="u")
    storage.add_objects("intel", [indicator(2), observable(1)], originator="USA", user="u")
    everything = storage.objects("intel")
    cut = everything[1].date_added
    assert [o.id for o in storage.objects("intel", added_after=cut)] == [
        sid("indicator", 2),
        sid("ipv4-addr", 1),
    ]
    latest = everything[-1].date_added
    assert storage.objects("intel", added_after=latest) == []
    assert storage.objects("intel", added_after=cut - timedelta(microseconds=1))[0].id == (
        sid("malware", 1)
    )
    assert [o.id for o in storage.objects("intel", ids=[sid("indicator", 2), "x--y"])] == [
        sid("indicator", 2)
    ]
    assert [o.type for o in storage.objects("intel", types=["indicator"])] == [
        "indicator",
        "indicator",
    ]
    assert len(storage.objects("intel", types=["indicator", "malware"])) == 3
    assert len(storage.objects("intel", spec_versions=["2.1"])) == 4
    assert storage.objects("intel", spec_versions=["2.0"]) == []
    assert storage.objects("intel", ids=[]) == []
    combined = storage.objects(
        "intel",
        added_after=cut,
        types=["indicator"],
        ids=[sid("indicator", 1), sid("indicator", 2)],
    )
    assert [o.id for o in combined] == [sid("indicator", 2)]
    with pytest.raises(InputError, match="naive datetime"):
        storage.objects("intel", added_after=datetime(2024, 1, 1))


def test_versions_are_rows_and_select_versions(storage: Storage) -> None:
    v1 = indicator(1, modified="2024-01-01T00:00:00.000Z")
    v2 = indicator(1, modified="2024-03-01T00:00:00.000Z")
    v3 = indicator(1, modified="2024-02-01T00:00:00.000Z")
    storage.add_objects("intel", [v1, v2], originator="USA", user="u")
    storage.add_objects("intel", [v3, observable(1)], originator="USA", user="u")
    rows = storage.objects("intel", ids=[sid("indicator", 1)])
    assert [o.version[:10] for o in rows] == ["2024-01-01", "2024-03-01", "2024-02-01"]
    every = storage.objects("intel")
    assert [o.version[:10] for o in select_versions(every)] == ["2024-03-01", ""]
    assert [o.version[:10] for o in select_versions(every, ["first"])] == ["2024-01-01", ""]
    assert len(select_versions(every, ["all"])) == 4
    assert [o.version for o in select_versions(every, ["2024-02-01T00:00:00Z"])] == [
        "2024-02-01T00:00:00.000Z"
    ]
    with pytest.raises(InputError, match="invalid version"):
        select_versions(every, ["yesterday"])


def test_duplicates_are_successes_without_new_rows(storage: Storage) -> None:
    status = storage.add_objects("intel", [indicator(1), indicator(1)], originator="USA", user="u")
    assert (status.success_count, status.failure_count) == (2, 0)
    assert "message" not in status.successes[0]
    assert status.successes[1]["message"] == "already in the collection; not added again"
    version_before = storage.collection_version("intel")
    again = storage.add_objects("intel", [indicator(1)], originator="USA", user="u")
    assert (again.success_count, again.failure_count) == (1, 0)
    assert again.successes[0]["message"].startswith("already in the collection")
    assert len(storage.objects("intel")) == 1
    assert storage.collection_version("intel") == version_before  # nothing new stored
    changed = storage.add_objects(
        "intel", [indicator(1, pattern="[x:y = 'z']")], originator="USA", user="u"
    )
    assert (changed.success_count, changed.failure_count) == (0, 1)
    assert "already in the collection" in changed.failures[0]["message"]
    assert storage.objects("intel")[0].object == indicator(1)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"type": "indicator", "spec_version": "2.1"}, "no 'id'"),
        ({"id": sid("indicator", 9), "spec_version": "2.1"}, "no 'type'"),
        ({"type": "indicator", "id": "indicator--1234", "spec_version": "2.1"}, "not 'type--UUID'"),
        ({**indicator(9), "id": sid("malware", 9)}, "does not start with the object's type"),
        ({**indicator(9), "spec_version": "2.0"}, "spec_version '2.0' is not supported"),
        ({k: v for k, v in indicator(9).items() if k != "spec_version"}, "spec_version None"),
        ({**indicator(9), "modified": "yesterday"}, "modified 'yesterday' is not a STIX timestamp"),
        ({**indicator(9), "when": datetime(2024, 1, 1, tzinfo=UTC)}, "not JSON"),
    ],
)
def test_invalid_objects_are_failures(storage: Storage, bad: dict[str, Any], message: str) -> None:
    status = storage.add_objects("intel", [bad, indicator(1)], originator="USA", user="u")
    assert (status.total_count, status.success_count, status.failure_count) == (2, 1, 1)
    assert message in status.failures[0]["message"]
    assert [o.id for o in storage.objects("intel")] == [sid("indicator", 1)]


def test_rejected_objects_count_as_failures(storage: Storage) -> None:
    rejected = [{"id": sid("indicator", 7), "version": "v", "message": "pattern too deep"}]
    status = storage.add_objects(
        "intel", [indicator(1)], originator="USA", user="u", rejected=rejected
    )
    assert (status.total_count, status.success_count, status.failure_count) == (2, 1, 1)
    assert status.failures == (
        {"id": sid("indicator", 7), "version": "v", "message": "pattern too deep"},
    )


def test_originator_must_be_iso3(storage: Storage) -> None:
    with pytest.raises(InputError, match="not an ISO 3166-1 alpha-3 code"):
        storage.add_objects("intel", [indicator(1)], originator="UK", user="u")


def test_status_is_persisted(storage: Storage) -> None:
    status = storage.add_objects(
        "intel", [indicator(1), {"type": "x"}], originator="USA", user="alice"
    )
    assert storage.status(status.id) == status
    assert (status.collection_id, status.user) == ("intel", "alice")
    assert status.to_taxii()["failures"][0]["id"] == ""
    again = open_storage(storage.url)
    try:
        assert again.status(status.id) == status
    finally:
        again.close()
    assert storage.status(str(uuid.uuid4())) is None


def test_collection_version_increments_on_writes(storage: Storage) -> None:
    assert storage.collection_version("intel") == 0
    storage.add_objects("intel", [indicator(1)], originator="USA", user="u")
    assert storage.collection_version("intel") == 1
    storage.add_objects("intel", [indicator(2), malware(1)], originator="USA", user="u")
    assert storage.collection_version("intel") == 2
    storage.add_objects("intel", [{"type": "x"}], originator="USA", user="u")
    assert storage.collection_version("intel") == 2


def test_date_added_strictly_increasing_under_concurrent_writers(storage: Storage) -> None:
    errors: list[BaseException] = []

    def push(worker: int) -> None:
        try:
            for batch in range(3):
                objects = [indicator(1000 * worker + 10 * batch + i) for i in range(5)]
                storage.add_objects("intel", objects, originator="USA", user=f"w{worker}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = storage.objects("intel")
    assert len(stored) == 6 * 3 * 5
    stamps = [o.date_added for o in stored]
    assert all(a < b for a, b in itertools.pairwise(stamps))
    assert verify_audit(storage).ok


# --------------------------------------------------------------------------- users


def test_users_keys_are_returned_once_and_stored_hashed(storage: Storage) -> None:
    storage.create_collection("alerts", title="Alerts")
    key = storage.add_user(
        "alice", nation="gbr", clearance="s", can_read=["intel"], can_write=["intel"]
    )
    other = storage.add_user("bob", nation="USA", clearance="NS", can_read=[])
    assert len(key) == 43 and key != other  # token_urlsafe(32): 43 characters
    assert storage.user_for_key(key) == UserRecord(
        "alice", "GBR", "S", frozenset({"intel"}), frozenset({"intel"})
    )
    bob = storage.user_for_key(other)
    assert bob is not None and bob.can_read == frozenset() and bob.can_write == frozenset()
    assert storage.user_for_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert storage.user_for_key("") is None
    reader = storage.add_user("carol", nation="FRA", clearance="C", can_read=None)
    carol = storage.user_for_key(reader)
    assert carol is not None and carol.can_read is None and carol.may_read("alerts")
    assert [u.name for u in storage.users()] == ["alice", "bob", "carol"]
    rows = raw(storage, ["SELECT * FROM users"])
    dumped = repr(rows) + repr(raw(storage, ["SELECT * FROM audit_log"]))
    dumped += repr(raw(storage, ["SELECT * FROM settings"]))
    for secret in (key, other, reader):
        assert secret not in dumped
        assert hashlib.sha256(secret.encode()).hexdigest() in repr(rows)


def test_user_validation(storage: Storage) -> None:
    storage.add_user("alice", nation="GBR", clearance="S")
    with pytest.raises(InputError, match="user 'alice' already exists"):
        storage.add_user("alice", nation="USA", clearance="U")
    with pytest.raises(InputError, match="'UK' is not an ISO 3166-1 alpha-3 code"):
        storage.add_user("dave", nation="UK", clearance="S")
    with pytest.raises(InputError, match="unknown clearance 'SECRET'"):
        storage.add_user("dave", nation="GBR", clearance="SECRET")
    with pytest.raises(NotFoundError, match="no collection 'alerts'"):
        storage.add_user("dave", nation="GBR", clearance="S", can_write=["alerts"])
    with pytest.raises(InputError, match="invalid user name"):
        storage.add_user("a b", nation="GBR", clearance="S")
    assert [u.name for u in storage.users()] == ["alice"]


# --------------------------------------------------------------------------- audit


def test_audit_chain_and_automatic_entries(storage: Storage) -> None:
    storage.add_user("alice", nation="GBR", clearance="S", can_read=["intel"])
    status = storage.add_objects("intel", [indicator(1), indicator(1)], originator="USA", user="w")
    read = storage.append_audit(
        user="alice",
        nation="GBR",
        action="read",
        collection="intel",
        detail={"released": [(sid("indicator", 1), "v")], "withheld": []},
    )
    entries = list(storage.audit_entries())
    assert [e.action for e in entries] == ["collection-added", "user-added", "write", "read"]
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert entries[3] == read
    assert read.detail == {"released": [[sid("indicator", 1), "v"]], "withheld": []}
    write = entries[2]
    assert (write.user, write.nation, write.collection) == ("w", "USA", "intel")
    assert write.detail["status"] == status.id
    assert write.detail["added"] == [[sid("indicator", 1), "2024-01-01T00:00:00.000Z"]]
    canonical = json.dumps(indicator(1), sort_keys=True, separators=(",", ":"))
    assert write.detail["sha256"] == [hashlib.sha256(canonical.encode()).hexdigest()]
    assert write.detail["duplicates"] == [[sid("indicator", 1), "2024-01-01T00:00:00.000Z"]]
    assert entries[1].detail["name"] == "alice"
    assert read.hash == entry_hash(
        seq=4,
        time=read.time,
        user="alice",
        nation="GBR",
        action="read",
        collection="intel",
        detail=read.detail,
        prev_hash=entries[2].hash,
    )
    report = verify_audit(storage)
    assert (report.ok, report.entries, report.first_bad, report.head) == (
        True,
        4,
        None,
        f"4:{read.hash}",
    )
    assert report.objects == 1
    assert report.summary() == "audit log verified: 4 entries, 1 object version unchanged"
    assert verify_audit(storage, anchor=f"2:{entries[1].hash}").ok


def test_audit_is_append_only_in_the_database(storage: Storage) -> None:
    storage.append_audit(user="a", nation="GBR", action="read", collection="intel", detail={})
    with pytest.raises(Exception, match="append-only"):
        raw(storage, ["UPDATE audit_log SET nation = 'FRA'"])
    with pytest.raises(Exception, match="append-only"):
        raw(storage, ["DELETE FROM audit_log"])
    if isinstance(storage, PostgresStorage):
        with pytest.raises(Exception, match="append-only"):
            raw(storage, ["TRUNCATE audit_log"])
    assert [e.nation for e in storage.audit_entries()] == ["", "GBR"]
    assert verify_audit(storage).ok


def _log(storage: Storage, n: int) -> None:
    for i in range(n):
        storage.append_audit(
            user=f"u{i}", nation="GBR", action="read", collection="intel", detail={"i": i}
        )


def test_changed_content_is_detected(storage: Storage) -> None:
    _log(storage, 4)  # entries 2..5 after collection-added
    raw(
        storage, [*drop_guards(storage), "UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 3"]
    )
    report = verify_audit(storage)
    assert (report.ok, report.first_bad) == (False, 3)
    assert report.problem is not None and report.problem.startswith("content changed")
    assert report.summary().startswith("audit log tampered at entry 3: content changed")


def test_rewritten_entry_with_recomputed_hash_breaks_the_next_link(storage: Storage) -> None:
    _log(storage, 3)
    entry = next(e for e in storage.audit_entries() if e.seq == 2)
    forged = entry_hash(
        seq=2,
        time=entry.time,
        user="mallory",
        nation=entry.nation,
        action=entry.action,
        collection=entry.collection,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
    )
    raw(
        storage,
        [
            *drop_guards(storage),
            f"UPDATE audit_log SET user_name = 'mallory', hash = '{forged}' WHERE seq = 2",
        ],
    )
    report = verify_audit(storage)
    assert (report.ok, report.first_bad) == (False, 3)
    assert report.problem is not None and report.problem.startswith("broken link")


def test_deleted_middle_entry_is_a_gap(storage: Storage) -> None:
    _log(storage, 4)
    raw(storage, [*drop_guards(storage), "DELETE FROM audit_log WHERE seq = 3"])
    report = verify_audit(storage)
    assert (report.ok, report.first_bad) == (False, 3)
    assert report.problem == "gap in the sequence: entry 3 is missing (deleted)"


def test_deleted_tail_is_detected_by_the_anchor(storage: Storage) -> None:
    _log(storage, 4)
    raw(storage, [*drop_guards(storage), "DELETE FROM audit_log WHERE seq >= 4"])
    report = verify_audit(storage)
    assert (report.ok, report.entries, report.first_bad) == (False, 3, 4)
    assert report.problem is not None and "tail deleted" in report.problem


def test_external_anchor_catches_a_full_rewrite(storage: Storage) -> None:
    _log(storage, 2)
    head = verify_audit(storage).head
    assert head is not None
    # Rewrite everything consistently (chain and anchor), as someone with write access could.
    raw(storage, [*drop_guards(storage), "DELETE FROM audit_log", "DELETE FROM settings"])
    rewritten = open_storage(storage.url, init=True)  # reinstalls the guards
    try:
        _log(rewritten, 3)
        assert verify_audit(rewritten).ok  # the internal anchor was rewritten too
        report = verify_audit(rewritten, anchor=head)
        assert (report.ok, report.first_bad) == (False, 3)
        assert report.problem == "the hash differs from the external anchor"
        with pytest.raises(Exception, match="append-only"):
            raw(rewritten, ["DELETE FROM audit_log"])
    finally:
        rewritten.close()


def test_concurrent_appends_never_fork_the_chain(storage: Storage) -> None:
    def append(worker: int) -> None:
        for i in range(15):
            storage.append_audit(
                user=f"w{worker}", nation="GBR", action="read", collection="intel", detail={"i": i}
            )

    threads = [threading.Thread(target=append, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = list(storage.audit_entries())
    assert [e.seq for e in entries] == list(range(1, 8 * 15 + 2))
    assert verify_audit(storage) == verify_audit(storage)
    assert verify_audit(storage).ok
