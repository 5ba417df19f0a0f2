"""The audit chain covers stored content, the database's integrity and what a file holds.

Issue 14 found that changing a stored object from TLP:RED to TLP:CLEAR directly
in the database passed ``audit verify``, that a SQLite file with corrupted
middle pages made ``audit verify`` die with a raw ``sqlite3.DatabaseError``, and
that a zero-length file silently became a new, empty exchange. Each is tested
here on both backends where the backend has the problem (files are SQLite's).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sharing.store.test_storage import indicator, raw, sid

from allied.errors import DataNotAvailableError, InputError
from allied.sharing.store import (
    SqliteStorage,
    Storage,
    content_digest,
    open_storage,
    verify_audit,
)

# TLP 1.0 RED (STIX 2.1 section 7.2.1.4) and TLP 2.0 CLEAR, as the other sharing tests use them
TLP_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
TLP_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    store = open_storage(storage_url)
    store.create_collection("intel", title="Intel")
    try:
        yield store
    finally:
        store.close()


def _write_red(storage: Storage) -> int:
    """Store a TLP:RED indicator and a second object; the seq of the write entry."""
    red = indicator(1, object_marking_refs=[TLP_RED])
    storage.add_objects("intel", [red, indicator(2)], originator="USA", user="usa")
    return max(entry.seq for entry in storage.audit_entries() if entry.action == "write")


def test_content_digest_is_sha256_of_canonical_json() -> None:
    value = {"b": [1, "é"], "a": None}
    expected = hashlib.sha256('{"a":null,"b":[1,"é"]}'.encode()).hexdigest()
    assert content_digest(value) == expected


def test_intact_objects_verify(storage: Storage) -> None:
    _write_red(storage)
    report = verify_audit(storage)
    assert (report.ok, report.objects) == (True, 2)
    assert report.summary() == "audit log verified: 2 entries, 2 object versions unchanged"


def test_red_changed_to_clear_in_the_database_is_detected(storage: Storage) -> None:
    write_seq = _write_red(storage)
    raw(storage, [f"UPDATE objects SET object = REPLACE(object, '{TLP_RED}', '{TLP_CLEAR}')"])
    stored = storage.objects("intel", ids=[sid("indicator", 1)])[0].object
    assert stored["object_marking_refs"] == [TLP_CLEAR]  # the edit took effect
    report = verify_audit(storage)
    assert (report.ok, report.first_bad) == (False, write_seq)
    assert report.problem == (
        f"indicator {sid('indicator', 1)} version 2024-01-01T00:00:00.000Z in collection "
        "'intel' was changed after this entry stored it (its content no longer matches the "
        "recorded sha256)"
    )


def test_an_object_inserted_in_the_database_is_detected(storage: Storage) -> None:
    _write_red(storage)
    forged = json.dumps(indicator(9), sort_keys=True, separators=(",", ":")).replace("'", "''")
    raw(
        storage,
        [
            "INSERT INTO objects (collection_id, id, type, version, spec_version, date_added_us, "
            "originator, added_by, object) VALUES ('intel', "
            f"'{sid('indicator', 9)}', 'indicator', '2024-01-01T00:00:00.000Z', '2.1', "
            f"9999999999999999, 'USA', 'usa', '{forged}')"
        ],
    )
    report = verify_audit(storage)
    assert (report.ok, report.first_bad) == (False, None)
    assert report.problem is not None and sid("indicator", 9) in report.problem
    assert "recorded by no write entry" in report.problem
    assert report.summary().startswith("audit log tampered: indicator ")


def test_a_sound_database_passes_the_integrity_check(storage: Storage) -> None:
    _write_red(storage)
    storage.check_integrity()  # raises on damage


# ----------------------------------------------------------------- damaged SQLite files


def _damaged_file(tmp_path: Path) -> str:
    """A SQLite exchange of many pages whose middle pages are overwritten with garbage."""
    url = f"sqlite:///{tmp_path / 'sharing.db'}"
    store = open_storage(url)
    store.create_collection("intel", title="Intel")
    for start in range(0, 400, 100):
        store.add_objects(
            "intel",
            [indicator(n, description="x" * 500) for n in range(start, start + 100)],
            originator="USA",
            user="usa",
        )
    assert isinstance(store, SqliteStorage)
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / "sharing.db"
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 20
    for number in range(pages // 3, pages // 3 + 6):  # six pages in the middle
        data[number * page : (number + 1) * page] = b"\xa5" * page
    path.write_bytes(bytes(data))
    return url


def test_corrupted_middle_pages_are_a_clear_error(tmp_path: Path) -> None:
    url = _damaged_file(tmp_path)
    with pytest.raises(DataNotAvailableError) as caught:
        store = open_storage(url)
        try:
            verify_audit(store)
        finally:
            store.close()
    assert caught.value.exit_code == 3
    assert "damaged" in caught.value.what or "malformed" in caught.value.what
    assert caught.value.fix is not None and "backup" in caught.value.fix


def test_cli_reports_corruption_with_exit_3_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from allied.cli import main

    url = _damaged_file(tmp_path)
    capsys.readouterr()
    code = main(["sharing", "audit", "verify", "--db", url])
    err = capsys.readouterr().err
    assert code == 3
    assert "Traceback" not in err and "backup" in err


def test_serve_refuses_a_damaged_database_with_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged database once served 200s; the server now checks integrity before it
    listens (the port is never opened)."""
    import socket

    from allied.cli import main

    url = _damaged_file(tmp_path)
    with socket.socket() as probe:  # a free port, which the server must not open
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    import allied.sharing.taxii

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a damaged database was served")

    monkeypatch.setattr(allied.sharing.taxii, "serve", never)  # a regression fails, not hangs
    capsys.readouterr()
    code = main(["sharing", "serve", "--db", url, "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 3
    assert "damaged" in err and "Traceback" not in err and "serving" not in err


# ------------------------------------------------------ empty and non-database files


def test_an_empty_file_is_refused_unless_init(tmp_path: Path) -> None:
    path = tmp_path / "sharing.db"
    path.touch()
    with pytest.raises(InputError, match=r"is empty \(0 bytes\)") as caught:
        open_storage(f"sqlite:///{path}")
    assert caught.value.fix is not None and "--init" in caught.value.fix
    assert path.stat().st_size == 0  # not initialized
    store = open_storage(f"sqlite:///{path}", init=True)
    try:
        store.create_collection("intel", title="Intel")
    finally:
        store.close()
    reopened = open_storage(f"sqlite:///{path}")  # an exchange now: no --init needed
    try:
        assert [c.id for c in reopened.collections()] == ["intel"]
    finally:
        reopened.close()


@pytest.mark.parametrize("init", [False, True])
def test_a_file_that_is_not_a_database_is_refused_even_with_init(
    tmp_path: Path, init: bool
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("minutes of the coalition meeting\n" * 50)
    before = path.read_bytes()
    with pytest.raises(InputError, match="is not a SQLite database"):
        open_storage(f"sqlite:///{path}", init=init)
    assert path.read_bytes() == before


def test_a_foreign_sqlite_database_is_refused_unless_init(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE inventory (item TEXT)")
    with pytest.raises(InputError, match="holds no exchange"):
        open_storage(f"sqlite:///{path}")
    open_storage(f"sqlite:///{path}", init=True).close()


def test_a_new_file_is_still_created(tmp_path: Path) -> None:
    store = open_storage(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert verify_audit(store).ok
    finally:
        store.close()


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from allied.cli import main

    capsys.readouterr()
    code = main(["sharing", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty (0 bytes)"), (b"not a database at all", "is not a SQLite database")],
)
def test_cli_refuses_empty_and_non_database_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "sharing.db"
    path.write_bytes(content)
    db = f"sqlite:///{path}"
    for args in (["audit", "verify"], ["collections", "add", "intel", "--title", "Intel"]):
        code, output = _cli(capsys, *args, "--db", db)
        assert code == 2 and message in output and "Traceback" not in output
    assert path.read_bytes() == content


def test_cli_init_starts_an_exchange_in_an_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sharing.db"
    path.touch()
    db = f"sqlite:///{path}"
    code, output = _cli(
        capsys, "collections", "add", "intel", "--title", "Intel", "--init", "--db", db
    )
    assert code == 0, output
    code, output = _cli(capsys, "audit", "verify", "--db", db)
    assert (code, output.splitlines()[0]) == (0, "audit log verified: 1 entries")
