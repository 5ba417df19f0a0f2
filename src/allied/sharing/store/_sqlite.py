"""The SQLite storage: one file, WAL journal, durable commits, safe across threads.

Settings of every connection: ``journal_mode=WAL`` (readers never block the
writer), ``synchronous=FULL`` (a commit is on disk before it returns, so an
acknowledged object survives ``kill -9`` and power loss), ``foreign_keys=ON``
and a 30 s busy timeout.

Threads: each thread gets its own connection (``threading.local``); SQLite
itself serializes writers, and every write starts with ``BEGIN IMMEDIATE`` so
it takes the write lock before reading what it will change (the audit head,
the last ``date_added``). Several processes may open the same file.

References
----------
.. [1] SQLite documentation, "Write-Ahead Logging" and "PRAGMA synchronous".
   https://www.sqlite.org/wal.html ; https://www.sqlite.org/pragma.html#pragma_synchronous
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from allied.errors import InputError
from allied.sharing.store._sql import Connection, SqlStorage
from allied.sharing.store._urls import sqlite_path

__all__ = ["BUSY_TIMEOUT_S", "SqliteStorage"]

#: How long a connection waits for another writer before giving up, in seconds.
BUSY_TIMEOUT_S = 30.0

_GUARDS = (
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END""",
)


class SqliteStorage(SqlStorage):
    """The storage in one SQLite file; see the module notes."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        if not self.path.parent.is_dir():
            raise InputError(
                f"folder {str(self.path.parent)!r} does not exist",
                where=f"storage URL {url!r}",
                fix="Create the folder first, or choose a path in an existing folder.",
            )
        self._start_connections()
        self._create_schema()

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"cannot open the SQLite database {str(self.path)!r}: {exc}",
                where=f"storage URL {self.url!r}",
                fix="Check that the path is a writable SQLite file or a new file name.",
            ) from exc
        if str(mode).lower() != "wal":
            conn.close()
            raise InputError(
                f"SQLite refused WAL mode for {str(self.path)!r} (journal mode {mode})",
                where=f"storage URL {self.url!r}",
                fix="Put the database on a local file system.",
            )
        return conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _install_guards(self, conn: Connection) -> None:
        for statement in _GUARDS:
            conn.execute(statement)

    def _delete_audit_before(self, conn: Connection, before: int) -> int:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        deleted = int(conn.execute("DELETE FROM audit_log WHERE seq < ?", (before,)).rowcount)
        conn.execute(_GUARDS[1])
        return deleted

    def _integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check``: every page, index and constraint of the file."""
        try:
            rows = self._conn().execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        found = [str(row[0]) for row in rows]
        return [] if found == ["ok"] else found
