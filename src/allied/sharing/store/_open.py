"""Opening the exchange's storage from a URL, and the default URL.

:func:`open_storage` picks the backend from the URL's scheme (SQLite or
PostgreSQL) and creates the schema when it is absent; the backends are
imported only when a URL asks for them (PostgreSQL's driver is not loaded for
a SQLite file). An existing SQLite file must already hold an exchange: an
empty (zero-length) file, a file that is not a SQLite database and a SQLite
database without the exchange's tables are refused unless ``init=True``, so a
truncated or mistyped database never silently becomes a new, empty exchange.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from allied.errors import DataNotAvailableError, InputError
from allied.sharing.store._protocol import Storage
from allied.sharing.store._sqlite import SqliteStorage
from allied.sharing.store._urls import redact_url, sqlite_path

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"

__all__ = ["STORAGE_ENV", "default_storage_url", "open_storage"]

#: The environment variable naming the exchange's database URL.
STORAGE_ENV = "ALLIED_SHARING_DB"


def default_storage_url() -> str:
    """``$ALLIED_SHARING_DB``, else ``sqlite:///<allied data dir>/sharing.db``.

    The data folder is :func:`allied.sources.data_dir` (``$ALLIED_DATA_DIR`` or
    the platform's user data folder).
    """
    configured = os.environ.get(STORAGE_ENV)
    if configured:
        return configured
    from allied.sources import data_dir

    return f"sqlite:///{(data_dir() / 'sharing.db').as_posix()}"


def _holds_exchange(path: Path) -> bool:
    """Whether the SQLite file at ``path`` has the exchange's ``settings.schema_version``."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'"
            ).fetchone()
            return found is not None and (
                conn.execute("SELECT 1 FROM settings WHERE name = 'schema_version'").fetchone()
                is not None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DataNotAvailableError(
            f"cannot read the SQLite database {str(path)!r}: {exc}",
            where="storage URL",
            fix="The file is damaged: restore the exchange from a backup.",
        ) from exc


def _check_sqlite_file(url: str, *, init: bool) -> None:
    """Refuse an existing file that does not hold an exchange (unless ``init``)."""
    path = sqlite_path(url)
    if not path.is_file():
        return  # a new file, or a problem SqliteStorage reports
    start = "Give the path of the exchange's database"
    fresh = "or, to start a new exchange in this file, add --init (init=True)."
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise InputError(
            f"cannot read {str(path)!r}: {exc.strerror or exc}",
            where=f"storage URL {redact_url(url)!r}",
            fix="Check the path and its permissions.",
        ) from None
    if not header:
        if init:
            return
        raise InputError(
            f"the database file {str(path)!r} is empty (0 bytes): it holds no exchange",
            where=f"storage URL {redact_url(url)!r}",
            fix=f"{start} (restore it from a backup if it was truncated), {fresh}",
        )
    if header != SQLITE_HEADER:
        raise InputError(
            f"{str(path)!r} is not a SQLite database",
            where=f"storage URL {redact_url(url)!r}",
            fix=f"{start}; a file that is not a database is never overwritten.",
        )
    if not init and not _holds_exchange(path):
        raise InputError(
            f"the SQLite database {str(path)!r} holds no exchange (no allied tables)",
            where=f"storage URL {redact_url(url)!r}",
            fix=f"{start}, {fresh}",
        )


def _open_sqlite(url: str, *, init: bool) -> SqliteStorage:
    _check_sqlite_file(url, init=init)
    try:
        return SqliteStorage(url)
    except sqlite3.DatabaseError as exc:
        raise DataNotAvailableError(
            f"cannot read the SQLite database {str(sqlite_path(url))!r}: {exc}",
            where=f"storage URL {redact_url(url)!r}",
            fix="The file is damaged: restore the exchange from a backup.",
        ) from exc


def open_storage(url: str, *, init: bool = False) -> Storage:
    """Open (creating the schema if absent) the storage at ``url``.

    Parameters
    ----------
    url
        ``sqlite:////absolute/path.db`` or ``sqlite:///relative/path.db``
        (SQLAlchemy's convention: the path follows the third slash), or
        ``postgresql://user:password@host:port/database`` (also
        ``postgres://``), optionally with ``?schema=NAME`` to keep the tables in
        their own PostgreSQL schema (created if absent).
    init
        Allow creating the exchange in an existing SQLite file that holds
        none: an empty file, or a SQLite database without the exchange's
        tables. A missing file is always created; a file that is not a SQLite
        database is always refused.

    Raises
    ------
    InputError
        Unknown scheme, unreadable SQLite path, an empty or non-database file
        (see ``init``), unreachable database, or a database written by a newer
        schema version.
    DataNotAvailableError
        A SQLite file too damaged to open.
    """
    if not isinstance(url, str) or not url.strip():
        raise InputError(
            "no database URL",
            where="storage URL",
            fix="Give sqlite:///path/to/sharing.db or postgresql://user:pw@host:5432/db.",
        )
    url = url.strip()
    if url.startswith("sqlite:"):
        return _open_sqlite(url, init=init)
    if url.startswith(("postgresql://", "postgres://")):
        from allied.sharing.store._postgres import PostgresStorage  # psycopg: only when asked for

        return PostgresStorage(url)
    raise InputError(
        f"unsupported database URL {redact_url(url)!r}",
        where="storage URL",
        fix="Use sqlite:///path/to/sharing.db or postgresql://user:pw@host:5432/db.",
    )
