"""The PostgreSQL storage (psycopg 3), for deployments larger than one SQLite file.

The URL is libpq's (``postgresql://user:password@host:port/database``) plus an
optional ``schema=NAME`` query parameter that keeps the tables in their own
schema (created if absent; the tests give each test its own). Each thread gets
its own autocommit connection; a write is ``BEGIN ... COMMIT`` holding a
transaction-scoped advisory lock on the schema, which serializes writers
exactly like SQLite's ``BEGIN IMMEDIATE`` (the audit chain cannot fork and
``date_added`` follows commit order). Commits are durable with PostgreSQL's
default ``synchronous_commit = on``.

The audit log refuses ``UPDATE``, ``DELETE`` and ``TRUNCATE`` through
triggers that raise.

References
----------
.. [1] PostgreSQL 15 documentation, "Advisory Locks" (section 13.3.5) and
   "CREATE TRIGGER". https://www.postgresql.org/docs/15/explicit-locking.html
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from allied.errors import InputError
from allied.sharing.store._sql import Connection, SqlStorage
from allied.sharing.store._urls import redact_url

__all__ = ["CONNECT_TIMEOUT_S", "PostgresStorage", "split_schema"]

#: Seconds to wait for the server when connecting.
CONNECT_TIMEOUT_S = 10

_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_GUARDS = (
    """CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP; END $$""",
    """CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()""",
    """CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()""",
)


def split_schema(url: str) -> tuple[str, str | None]:
    """``url`` without its ``schema=`` query parameter, and that schema.

    Examples
    --------
    >>> split_schema("postgresql://u:p@h:5432/db?schema=t1&sslmode=disable")
    ('postgresql://u:p@h:5432/db?sslmode=disable', 't1')
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    rest = [(key, value) for key, value in query if key != "schema"]
    schema = schemas[-1] if schemas else None
    if schema is not None and not _SCHEMA.fullmatch(schema):
        raise InputError(
            f"invalid schema name {schema!r}",
            where=f"storage URL {redact_url(url)!r}",
            fix="Use lower-case letters, digits and '_', starting with a letter or '_'.",
        )
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


class PostgresStorage(SqlStorage):
    """The storage in a PostgreSQL database; see the module notes."""

    placeholder = "%s"

    def __init__(self, url: str) -> None:
        self.url = url
        self._conninfo, self.schema = split_schema(url)
        self._start_connections()
        self._create_schema()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(
                self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.Error as exc:
            raise InputError(
                f"cannot connect to PostgreSQL at {redact_url(self.url)!r}: "
                f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}",
                where="storage URL",
                fix="Check the host, port, database, user and password, and that the "
                "server is running.",
            ) from exc
        if self.schema is not None:
            name = sql.Identifier(self.schema)
            # another process may create it at the same moment
            with contextlib.suppress(psycopg.errors.UniqueViolation):
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(name))
            conn.execute(sql.SQL("SET search_path TO {}").format(name))
        return conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        conn = self._conn()
        assert isinstance(conn, psycopg.Connection)
        with conn.transaction():
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext(coalesce(current_schema(), '') "
                "|| '.allied.sharing'))"
            )
            yield conn

    def _install_guards(self, conn: Connection) -> None:
        for statement in _GUARDS:
            conn.execute(statement)

    def _delete_audit_before(self, conn: Connection, before: int) -> int:
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        deleted = int(conn.execute("DELETE FROM audit_log WHERE seq < %s", (before,)).rowcount)
        conn.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
        return deleted

    def _integrity_problems(self) -> list[str]:
        """Read every row of every table of the schema; a damaged page raises on reading."""
        conn = self._conn()
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        ).fetchall()
        problems = []
        for (table,) in tables:
            query = sql.SQL("SELECT count(*), sum(octet_length(t::text)) FROM {} AS t")
            try:
                conn.execute(query.format(sql.Identifier(table))).fetchone()
            except psycopg.Error as exc:
                problems.append(f"table {table}: {str(exc).strip() or type(exc).__name__}")
        return problems
