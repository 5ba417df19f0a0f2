"""Opening the exchange's storage from a URL, and the default URL.

:func:`open_storage` picks the backend from the URL's scheme (SQLite or
PostgreSQL) and creates the schema when it is absent; the backends are
imported only when a URL asks for them (PostgreSQL's driver is not loaded for
a SQLite file).
"""

from __future__ import annotations

import os

from allied.errors import InputError
from allied.sharing.store._protocol import Storage
from allied.sharing.store._sqlite import SqliteStorage
from allied.sharing.store._urls import redact_url

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


def open_storage(url: str) -> Storage:
    """Open (creating the schema if absent) the storage at ``url``.

    Parameters
    ----------
    url
        ``sqlite:////absolute/path.db`` or ``sqlite:///relative/path.db``
        (SQLAlchemy's convention: the path follows the third slash), or
        ``postgresql://user:password@host:port/database`` (also
        ``postgres://``), optionally with ``?schema=NAME`` to keep the tables in
        their own PostgreSQL schema (created if absent).

    Raises
    ------
    InputError
        Unknown scheme, unreadable SQLite path, unreachable database, or a
        database written by a newer schema version.
    """
    if not isinstance(url, str) or not url.strip():
        raise InputError(
            "no database URL",
            where="storage URL",
            fix="Give sqlite:///path/to/sharing.db or postgresql://user:pw@host:5432/db.",
        )
    url = url.strip()
    if url.startswith("sqlite:"):
        return SqliteStorage(url)
    if url.startswith(("postgresql://", "postgres://")):
        from allied.sharing.store._postgres import PostgresStorage  # psycopg: only when asked for

        return PostgresStorage(url)
    raise InputError(
        f"unsupported database URL {redact_url(url)!r}",
        where="storage URL",
        fix="Use sqlite:///path/to/sharing.db or postgresql://user:pw@host:5432/db.",
    )
