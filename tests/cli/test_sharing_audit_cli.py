"""``allied sharing audit list|show|export``: browsing the audit log from the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from allied.cli import main
from allied.sharing.store import entry_hash, open_storage

INDICATOR = {
    "type": "indicator",
    "spec_version": "2.1",
    "id": "indicator--11111111-1111-4111-8111-111111111111",
    "created": "2024-01-01T00:00:00.000Z",
    "modified": "2024-01-01T00:00:00.000Z",
    "pattern": "[ipv4-addr:value = '198.51.100.7']",
    "pattern_type": "stix",
    "valid_from": "2024-01-01T00:00:00Z",
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    """An exchange with 4 entries: collection-added, 2 user-added (GBR, USA), write (USA)."""
    url = f"sqlite:///{tmp_path / 'sharing.db'}"
    storage = open_storage(url)
    try:
        storage.create_collection("intel", title="Intel")
        storage.add_user("alice", nation="GBR", clearance="S", can_read=["intel"])
        storage.add_user("bob", nation="USA", clearance="TS", can_write=["intel"])
        storage.add_objects("intel", [INDICATOR], originator="USA", user="bob")
    finally:
        storage.close()
    return url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["sharing", "audit", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_filters_by_nation_and_action(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--db", db, "--nation", "usa", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["seq"], r["action"], r["user"]) for r in rows] == [
        (3, "user-added", "admin"),
        (4, "write", "bob"),
    ]
    assert rows[1]["detail"] == "added 1, duplicates 0, failures 0"
    code, out, _ = run(capsys, "list", "--db", db, "--action", "write", "--format", "json")
    assert [r["seq"] for r in json.loads(out)] == [4]
    code, out, _ = run(capsys, "list", "--db", db, "--last", "2", "--format", "json")
    assert [r["seq"] for r in json.loads(out)] == [3, 4]
    code, out, _ = run(capsys, "list", "--db", db, "--user", "bob", "--format", "json")
    assert [r["seq"] for r in json.loads(out)] == [4]


def test_list_by_day(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    today = datetime.now(UTC).date().isoformat()
    code, out, _ = run(capsys, "list", "--db", db, "--since", today, "--format", "json")
    assert code == 0 and len(json.loads(out)) == 4
    code, out, _ = run(capsys, "list", "--db", db, "--until", "2020-01-01", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_show_prints_one_entry_in_full(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "4", "--db", db)
    assert code == 0
    entry = json.loads(out)
    assert (entry["seq"], entry["action"], entry["nation"]) == (4, "write", "USA")
    assert entry["detail"]["added"] == [[INDICATOR["id"], INDICATOR["modified"]]]
    assert len(entry["detail"]["sha256"]) == 1 and len(entry["hash"]) == 64


def test_export_jsonl_re_hashes_to_the_chain(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "audit.jsonl"
    code, _, err = run(capsys, "export", "--db", db, "--out", str(target), "--mkdir")
    assert code == 0 and "wrote 4 audit entries" in err
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4]
    previous = "0" * 64
    for line in lines:
        assert line["prev_hash"] == previous
        time = datetime.strptime(line["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        recomputed = entry_hash(
            seq=line["seq"],
            time=time,
            user=line["user"],
            nation=line["nation"],
            action=line["action"],
            collection=line["collection"],
            detail=line["detail"],
            prev_hash=line["prev_hash"],
        )
        assert recomputed == line["hash"]
        previous = line["hash"]


def test_export_csv_to_stdout(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--db", db, "--format", "csv", "--nation", "GBR")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["seq"], r["action"]) for r in rows] == [("2", "user-added")]
    assert json.loads(rows[0]["detail"])["name"] == "alice" and len(rows[0]["hash"]) == 64


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["list", "--nation", "XXZ"], 2, "--nation"),
        (["list", "--since", "2024-02-30"], 2, "February 2024 has 29 days"),
        (["list", "--since", "2024-03-01", "--until", "2024-02-01"], 2, "is after until"),
        (["show", "99"], 2, "no audit entry 99"),
        (["export", "--out", "/no/such/folder/audit.jsonl"], 2, "does not exist"),
    ],
)
def test_bad_input_exits_2_without_a_traceback(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, *args, "--db", db)
    assert got == code and out == ""
    assert message in err and "Traceback" not in err


def test_list_shows_no_control_characters_from_a_request_path(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    storage = open_storage(db)
    try:  # what a GET .../objects/<ESC>[2J.../ records: the object id as it came
        storage.append_audit(
            user="alice",
            nation="GBR",
            action="read",
            collection="intel",
            detail={"endpoint": "object:\x1b[2Jx", "released": {"count": 0}},
        )
    finally:
        storage.close()
    code, out, _ = run(capsys, "list", "--db", db, "--action", "read", "--format", "csv")
    assert code == 0 and "\x1b" not in out
    assert "object:\\u001b[2Jx: released 0, withheld 0" in out


def test_list_shows_no_bidirectional_override_from_a_refused_delete(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    storage = open_storage(db)
    try:  # what DELETE .../objects/<RLO>exe.pdf/ records when refused
        storage.append_audit(
            user="bob",
            nation="USA",
            action="delete-refused",
            collection="intel",
            detail={"object_id": "indicator--\u202efdp.exe", "status": 404},
        )
    finally:
        storage.close()
    code, out, _ = run(capsys, "list", "--db", db, "--action", "delete-refused", "--format", "csv")
    assert code == 0 and "\u202e" not in out
    assert '{"object_id":"indicator--\\u202efdp.exe","status":404}' in out.replace('""', '"')
