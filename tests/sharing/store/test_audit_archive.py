"""Archiving old audit entries keeps the chain verifiable (both backends)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sharing.store.test_audit_content import TLP_CLEAR, TLP_RED
from tests.sharing.store.test_storage import drop_guards, indicator, raw, sid

from allied.errors import InputError
from allied.sharing.store import (
    ARCHIVE_SETTING,
    Storage,
    archive_audit,
    open_storage,
    read_archive,
    verify_audit,
)


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    """7 entries: collection-added, a write of a RED indicator (2), 4 reads, a write (7)."""
    with contextlib.closing(open_storage(storage_url)) as store:
        store.create_collection("intel", title="Intel")
        writes = ([indicator(1, object_marking_refs=[TLP_RED])], [], [], [], [], [indicator(2)])
        for i, objects in enumerate(writes):
            if objects:
                store.add_objects("intel", objects, originator="USA", user="usa")
            else:
                store.append_audit(
                    user="gbr", nation="GBR", action="read", collection="intel", detail={"i": i}
                )
        yield store


def test_archive_moves_old_entries_and_the_rest_verifies_from_the_anchor(
    storage: Storage, tmp_path: Path
) -> None:
    entries = list(storage.audit_entries())
    path = tmp_path / "audit-1.jsonl"
    report = archive_audit(storage, before=5, path=path)
    assert (report.entries, report.anchor) == (4, f"4:{entries[3].hash}")
    assert storage.setting(ARCHIVE_SETTING) == report.anchor
    assert [e.seq for e in storage.audit_entries()] == [5, 6, 7]
    assert [json.loads(line)["seq"] for line in path.read_text().splitlines()] == [1, 2, 3, 4]
    assert list(read_archive(path)) == entries[:4]
    partial = verify_audit(storage)
    assert (partial.ok, partial.entries, partial.objects) == (True, 3, 1)  # object 1: archived
    whole = verify_audit(storage, archives=[list(read_archive(path))])
    assert (whole.ok, whole.entries, whole.objects) == (True, 7, 2)
    assert whole.head == partial.head == f"7:{entries[6].hash}"
    # the guard is back: the log is still append-only
    with pytest.raises(Exception, match="append-only"):
        raw(storage, ["DELETE FROM audit_log"])


def test_archives_chain_one_after_another(storage: Storage, tmp_path: Path) -> None:
    archive_audit(storage, before=3, path=tmp_path / "a.jsonl")
    archive_audit(storage, before=6, path=tmp_path / "b.jsonl")
    assert [e.seq for e in storage.audit_entries()] == [6, 7]
    files = [list(read_archive(tmp_path / name)) for name in ("a.jsonl", "b.jsonl")]
    assert verify_audit(storage, archives=files).entries == 7
    skipped = verify_audit(storage, archives=files[1:])  # the first archive is missing
    assert (skipped.ok, skipped.first_bad) == (False, 1)
    assert skipped.problem is not None and "entries 1 to 2 are missing" in skipped.problem


def test_an_edited_archive_is_detected(storage: Storage, tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    archive_audit(storage, before=5, path=path)
    lines = path.read_text().splitlines()
    record = json.loads(lines[2])
    record["user"] = "mallory"
    lines[2] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    report = verify_audit(storage, archives=[list(read_archive(path))])
    assert (report.ok, report.first_bad) == (False, 3)
    assert report.problem is not None and report.problem.startswith("content changed")


def test_deleting_the_first_entry_left_is_detected(storage: Storage, tmp_path: Path) -> None:
    archive_audit(storage, before=5, path=tmp_path / "audit.jsonl")
    raw(storage, [*drop_guards(storage), "DELETE FROM audit_log WHERE seq = 5"])
    report = verify_audit(storage)
    assert (report.ok, report.first_bad) == (False, 5)
    assert report.problem == "gap in the sequence: entry 5 is missing (deleted)"


def test_an_object_written_by_an_archived_entry_is_checked_with_the_archive(
    storage: Storage, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    archive_audit(storage, before=5, path=path)
    raw(storage, [f"UPDATE objects SET object = REPLACE(object, '{TLP_RED}', '{TLP_CLEAR}')"])
    report = verify_audit(storage, archives=[list(read_archive(path))])
    assert (report.ok, report.first_bad) == (False, 2)
    assert report.problem is not None and sid("indicator", 1) in report.problem


def test_archive_refusals(storage: Storage, tmp_path: Path) -> None:
    taken = tmp_path / "taken.jsonl"
    taken.write_text("keep me\n")
    with pytest.raises(InputError, match="never overwritten"):
        archive_audit(storage, before=3, path=taken)
    assert taken.read_text() == "keep me\n"
    for before in (1, 8):
        with pytest.raises(InputError, match="the log ends at entry 7"):
            archive_audit(storage, before=before, path=tmp_path / f"x{before}.jsonl")
    archive_audit(storage, before=4, path=tmp_path / "a.jsonl")
    with pytest.raises(InputError, match="archived already"):
        archive_audit(storage, before=3, path=tmp_path / "b.jsonl")
    with pytest.raises(InputError, match="is archived"):
        verify_audit(storage, anchor=f"2:{'0' * 64}")
    with pytest.raises(InputError, match="is maintained by the storage"):
        storage.set_setting(ARCHIVE_SETTING, "1:" + "0" * 64)
    assert [e.seq for e in storage.audit_entries()] == [4, 5, 6, 7]


def test_cli_archive_then_verify_with_and_without_the_file(
    storage: Storage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from allied.cli import main

    path = tmp_path / "old" / "audit.jsonl"
    archive = ["audit", "archive", "--before", "5", "--out", str(path), "--mkdir"]
    code = main(["sharing", *archive, "--db", storage.url])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith(f"archived 4 audit entries to {path}")
    assert main(["sharing", "audit", "verify", "--db", storage.url]) == 0
    assert capsys.readouterr().out.startswith("audit log verified: 3 entries")
    argv = ["sharing", "audit", "verify", "--db", storage.url, "--archive", str(path)]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("audit log verified: 7 entries")
    assert main([*argv[:-1], str(tmp_path / "none.jsonl")]) == 2
    assert "Traceback" not in capsys.readouterr().err
