"""``allied sharing users|collections|audit`` through :func:`allied.cli.main`."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from allied.cli import main
from allied.sharing.store import STORAGE_ENV, open_storage


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sharing.db'}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sharing", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_collections_add_and_list(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "collections", "add", "intel", "--title", "Intel", "--db", db)[0] == 0
    code, _, err = run(
        capsys,
        "collections",
        "add",
        "alerts",
        "--title",
        "Alerts",
        "--description",
        "Hot",
        "--db",
        db,
    )
    assert code == 0 and "added collection alerts (Alerts)" in err
    code, out, _ = run(capsys, "collections", "list", "--db", db, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"id": "alerts", "title": "Alerts", "description": "Hot"},
        {"id": "intel", "title": "Intel", "description": ""},
    ]
    code, _, err = run(capsys, "collections", "add", "intel", "--title", "Again", "--db", db)
    assert code == 2 and "collection 'intel' already exists" in err


def test_users_add_prints_the_key_once(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "collections", "add", "intel", "--title", "Intel", "--db", db)
    code, out, err = run(
        capsys,
        "users", "add", "alice", "--nation", "gbr", "--clearance", "S",
        "--read", "intel", "--write", "intel", "--db", db,
    )  # fmt: skip
    assert code == 0
    key = out.strip()
    assert out == key + "\n" and len(key) == 43
    assert "added user alice (GBR, clearance S; reads: intel; writes: intel; key expires: " in err
    assert "shown only this once" in err and key not in err
    storage = open_storage(db)
    try:
        user = storage.user_for_key(key)
    finally:
        storage.close()
    assert user is not None
    assert (user.name, user.nation, user.clearance) == ("alice", "GBR", "S")
    assert (user.can_read, user.can_write) == (frozenset({"intel"}), frozenset({"intel"}))
    code, out, _ = run(capsys, "users", "add", "bob", "--nation", "USA", "--clearance", "ns",
                       "--read-all", "--db", db)  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "users", "list", "--db", db, "--format", "json")
    assert code == 0 and key not in out
    listed = json.loads(out)
    for row in listed:  # the lifecycle columns are tested in test_sharing_users_cli.py
        assert row.pop("key_id") and row.pop("expires") and row.pop("revoked") == ""
    assert listed == [
        {
            "name": "alice",
            "nation": "GBR",
            "clearance": "S",
            "can_read": "intel",
            "can_write": "intel",
        },
        {"name": "bob", "nation": "USA", "clearance": "NS", "can_read": "*", "can_write": ""},
    ]


GBR_S = ["--nation", "GBR", "--clearance", "S"]
UK_S = ["--nation", "UK", "--clearance", "S"]
GBR_SECRET = ["--nation", "GBR", "--clearance", "SECRET"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (GBR_S, "user 'alice' already exists (argument NAME)"),
        (UK_S, "'UK' is not an ISO 3166-1 alpha-3 code (option --nation)"),
        (GBR_SECRET, "unknown clearance 'SECRET' (option --clearance)"),
        ([*GBR_S, "--read", "nope"], "no collection 'nope' (option --read)"),
        ([*GBR_S, "--write", "intel,"], "empty collection id"),
        ([*GBR_S, "--read", "intel", "--read-all"], "both --read and --read-all"),
    ],
)
def test_users_add_bad_input_exits_2(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run(capsys, "collections", "add", "intel", "--title", "Intel", "--db", db)
    run(capsys, "users", "add", "alice", "--nation", "GBR", "--clearance", "S", "--db", db)
    name = "alice" if "already exists" in message else "carol"
    code, out, err = run(capsys, "users", "add", name, *args, "--db", db)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_audit_verify_intact_then_tampered(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "collections", "add", "intel", "--title", "Intel", "--db", db)
    run(capsys, "users", "add", "alice", "--nation", "GBR", "--clearance", "S", "--db", db)
    code, out, err = run(capsys, "audit", "verify", "--db", db)
    assert (code, out) == (0, "audit log verified: 2 entries\n")
    head = err.split()[1]
    assert head.startswith("2:") and len(head) == 66
    assert run(capsys, "audit", "verify", "--db", db, "--anchor", head)[0] == 0
    assert run(capsys, "audit", "verify", "--db", db, "--anchor", "2:abc")[0] == 2
    conn = sqlite3.connect(tmp_path / "sharing.db", isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET nation = 'FRA' WHERE seq = 2")
    conn.close()
    code, out, _ = run(capsys, "audit", "verify", "--db", db)
    assert code == 1
    assert out == (
        "audit log tampered at entry 2: content changed: the stored hash does not match "
        "the entry's fields\n"
    )


def test_bad_database_urls_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "audit", "verify", "--db", "postgresql://allied:secret@127.0.0.1:1/nowhere"
    )
    assert code == 2
    assert "cannot connect to PostgreSQL at 'postgresql://allied:***@127.0.0.1:1/nowhere'" in err
    assert "secret" not in err
    code, _, err = run(capsys, "collections", "list", "--db", "mysql://x/y")
    assert code == 2 and "unsupported database URL" in err
    missing = f"sqlite:///{tmp_path / 'no' / 'such' / 'sharing.db'}"
    code, _, err = run(capsys, "collections", "list", "--db", missing)
    assert code == 2 and "does not exist" in err


def test_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(STORAGE_ENV, raising=False)
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "data"))
    assert run(capsys, "collections", "add", "intel", "--title", "Intel")[0] == 0
    assert (tmp_path / "data" / "sharing.db").is_file()
    monkeypatch.setenv(STORAGE_ENV, f"sqlite:///{tmp_path / 'env.db'}")
    assert run(capsys, "collections", "add", "env", "--title", "From env")[0] == 0
    code, out, _ = run(capsys, "collections", "list", "--format", "csv")
    assert (code, out.splitlines()) == (0, ["id,title,description", "env,From env,"])


# ------------------------------------------------------- key lifecycle (issue 14)


def _add(capsys: pytest.CaptureFixture[str], db: str, name: str, *extra: str) -> str:
    code, out, err = run(capsys, "users", "add", name, *GBR_S, "--read-all", *extra, "--db", db)
    assert code == 0, err
    return out.strip()


def _listed(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, dict[str, str]]:
    code, out, _ = run(capsys, "users", "list", "--db", db, "--format", "json")
    assert code == 0
    return {row["name"]: row for row in json.loads(out)}


def _user_of(db: str, key: str) -> Any:
    storage = open_storage(db)
    try:
        return storage.user_for_key(key)
    finally:
        storage.close()


def test_users_add_sets_a_default_expiry_of_365_days(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.now(UTC)
    key = _add(capsys, db, "alice")
    user = _user_of(db, key)
    assert user is not None and user.expires is not None
    assert before + timedelta(days=365) <= user.expires <= datetime.now(UTC) + timedelta(days=365)
    row = _listed(capsys, db)["alice"]
    assert row["expires"] == user.expires.isoformat().replace("+00:00", "Z")
    assert row["revoked"] == "" and row["key_id"] == user.key_id and len(user.key_id) == 16


def test_users_add_expires_options(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    never = _user_of(db, _add(capsys, db, "never", "--expires", "never"))
    assert never is not None and never.expires is None
    dated = _user_of(db, _add(capsys, db, "dated", "--expires", "2099-06-30"))
    assert dated is not None and dated.expires == datetime(2099, 6, 30, tzinfo=UTC)
    assert _listed(capsys, db)["never"]["expires"] == ""


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        ("2020-01-01", "is not in the future (option --expires)"),
        ("0d", "--expires 0d is not in the future"),
        ("tomorrow", "'tomorrow' is not an expiry (option --expires)"),
        ("2027-02-30", "2027-02-30 is not a date: February 2027 has 28 days"),
    ],
)
def test_users_add_refuses_a_bad_expiry(
    db: str, capsys: pytest.CaptureFixture[str], expires: str, message: str
) -> None:
    code, out, err = run(capsys, "users", "add", "x", *GBR_S, "--expires", expires, "--db", db)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_users_rotate_key_replaces_the_key(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    old = _add(capsys, db, "alice")
    old_id = _listed(capsys, db)["alice"]["key_id"]
    code, out, err = run(capsys, "users", "rotate-key", "alice", "--expires", "30d", "--db", db)
    assert code == 0, err
    new = out.strip()
    assert out == new + "\n" and len(new) == 43 and new != old
    assert "new key for user alice" in err and new not in err
    assert _user_of(db, old) is None
    rotated = _user_of(db, new)
    assert rotated is not None and rotated.name == "alice" and rotated.key_id != old_id
    assert rotated.expires is not None
    assert rotated.expires - datetime.now(UTC) < timedelta(days=30, seconds=5)
    assert _listed(capsys, db)["alice"]["key_id"] == rotated.key_id


def test_users_revoke_refuses_the_key_for_good(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    key = _add(capsys, db, "alice")
    other = _add(capsys, db, "bob")
    code, _, err = run(capsys, "users", "revoke", "alice", "--db", db)
    assert code == 0 and "revoked user alice (GBR) at " in err
    assert _user_of(db, key) is None
    assert _user_of(db, other) is not None  # only alice
    row = _listed(capsys, db)["alice"]
    assert row["revoked"].endswith("Z") and row["revoked"][:4].isdigit()
    code, _, err = run(capsys, "users", "revoke", "alice", "--db", db)
    assert code == 2 and "user 'alice' was revoked on" in err and "(argument NAME)" in err
    code, out, err = run(capsys, "users", "rotate-key", "alice", "--db", db)
    assert code == 2 and out == "" and "was revoked" in err


@pytest.mark.parametrize("command", ["revoke", "rotate-key"])
def test_users_lifecycle_commands_name_an_unknown_user(
    db: str, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = run(capsys, "users", command, "nobody", "--db", db)
    assert code in (2, 3) and out == "" and "no user 'nobody'" in err and "Traceback" not in err
