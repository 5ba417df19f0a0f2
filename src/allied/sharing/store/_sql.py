"""The SQL logic shared by the SQLite and PostgreSQL storages.

Both backends run the same statements (``?`` placeholders, rewritten to
``%s`` for psycopg) over the same tables; a subclass supplies connections,
the write transaction with its lock, and the append-only triggers. Every write
is one transaction under a single writer lock (SQLite ``BEGIN IMMEDIATE``;
PostgreSQL ``pg_advisory_xact_lock``), so ``date_added`` and the audit chain
advance in commit order and never fork.

Timestamps are stored as integer microseconds since the Unix epoch (UTC) in
both backends, and JSON as text, so the two behave identically (ordering,
precision, the exact JSON returned).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

from allied._validation import check_nation
from allied.errors import DataNotAvailableError, InputError, NotFoundError
from allied.sharing.policy import check_clearance
from allied.sharing.store._audit import (
    ANCHOR_SETTING,
    ARCHIVE_SETTING,
    GENESIS_HASH,
    canonical_json,
    content_digest,
    entry_hash,
    normalize_detail,
)
from allied.sharing.store._checks import check_collection_id, check_user_name, stix_identity
from allied.sharing.store._ownership import Held, Ownership, Visibility, WriteOutcome, folded
from allied.sharing.store._protocol import SCHEMA_VERSION
from allied.sharing.store._records import (
    AuditEntry,
    CollectionRecord,
    Deletion,
    StatusRecord,
    StoredObject,
    UserRecord,
    new_status_id,
)
from allied.sharing.store._urls import redact_url

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LAST_ADDED = "last_date_added_us"
_CHUNK = 500  # ids per IN (...) list
_AUDIT_PAGE = 1000

#: Tables and indexes, in SQL both SQLite and PostgreSQL accept.
TABLES = (
    """CREATE TABLE IF NOT EXISTS settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS collections (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        version BIGINT NOT NULL DEFAULT 0,
        created_us BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS objects (
        collection_id TEXT NOT NULL REFERENCES collections (id),
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        version TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        date_added_us BIGINT NOT NULL,
        originator TEXT NOT NULL,
        added_by TEXT NOT NULL,
        object TEXT NOT NULL,
        PRIMARY KEY (collection_id, id, version))""",
    """CREATE INDEX IF NOT EXISTS objects_by_date_added
        ON objects (collection_id, date_added_us, id, version)""",
    """CREATE TABLE IF NOT EXISTS statuses (
        id TEXT PRIMARY KEY,
        collection_id TEXT NOT NULL REFERENCES collections (id),
        user_name TEXT NOT NULL,
        status TEXT NOT NULL,
        request_us BIGINT NOT NULL,
        total_count INTEGER NOT NULL,
        success_count INTEGER NOT NULL,
        failure_count INTEGER NOT NULL,
        pending_count INTEGER NOT NULL,
        successes TEXT NOT NULL,
        failures TEXT NOT NULL,
        pendings TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        nation TEXT NOT NULL,
        clearance TEXT NOT NULL,
        can_read TEXT,
        can_write TEXT NOT NULL,
        created_us BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit_log (
        seq BIGINT PRIMARY KEY,
        time_us BIGINT NOT NULL,
        user_name TEXT NOT NULL,
        nation TEXT NOT NULL,
        action TEXT NOT NULL,
        collection_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    # -- ownership (issue 14): the owner of an id is looked up in any case (RFC 4122
    # UUIDs are case-insensitive); created on open, so existing databases get it too
    """CREATE INDEX IF NOT EXISTS objects_by_folded_id
        ON objects (collection_id, lower(id))""",
)

#: The key lifecycle of each user (issue 14), a block of its own: when the key expires,
#: when the user was revoked, when the key was last rotated. A user without a row here
#: (created before this table existed) has a key that never expires and is not revoked.
KEY_LIFECYCLE_TABLES = (
    """CREATE TABLE IF NOT EXISTS user_keys (
        user_name TEXT PRIMARY KEY REFERENCES users (name),
        expires_us BIGINT,
        revoked_us BIGINT,
        rotated_us BIGINT)""",
)


#: Retraction (issue 14), a block of its own: one row per object id of which versions
#: were deleted, naming its originator, so the id stays owned by the nation that first
#: posted it after every version is gone, and the collection version of the last
#: deletion, so a cached snapshot read before it is read again from the start.
RETRACTION_TABLES = (
    """CREATE TABLE IF NOT EXISTS retracted_ids (
        collection_id TEXT NOT NULL REFERENCES collections (id),
        folded_id TEXT NOT NULL,
        originator TEXT NOT NULL,
        collection_version BIGINT NOT NULL,
        PRIMARY KEY (collection_id, folded_id))""",
)


class Connection(Protocol):
    """The part of a DB-API connection both drivers offer."""

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...


def now_us() -> int:
    """The current UTC time in integer microseconds since the epoch."""
    return time.time_ns() // 1000


def to_us(moment: datetime) -> int:
    """``moment`` (timezone-aware) in integer microseconds since the epoch."""
    if moment.tzinfo is None:
        raise InputError(
            f"naive datetime {moment.isoformat()}",
            where="argument added_after",
            fix="Give a timezone-aware datetime, e.g. datetime(..., tzinfo=UTC).",
        )
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(value: int) -> datetime:
    """The UTC datetime of integer microseconds since the epoch."""
    return _EPOCH + timedelta(microseconds=int(value))


def key_hash(key: str) -> str:
    """SHA-256 (hex) of an API key.

    The keys are 256-bit random tokens (``secrets.token_urlsafe(32)``), so an
    unsalted, unkeyed hash cannot be reversed by guessing: there is nothing to
    guess with fewer than 2**255 tries on average. A keyed hash (a pepper) would
    add nothing while the pepper lives in the same database.
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_id(digest: str) -> str:
    """A short identifier of the key whose SHA-256 hash is ``digest``, safe to show and to
    put in page tokens (a hash of the hash, with a label: it tells nothing about the key)."""
    return hashlib.sha256(f"allied-key-id:{digest}".encode("ascii")).hexdigest()[:16]


def _future_us(moment: datetime | None) -> int | None:
    """``moment`` in microseconds, or ``None``; an :class:`InputError` unless it is
    timezone-aware and in the future."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise InputError(
            f"naive expiry {moment.isoformat()}",
            where="argument expires",
            fix="Give a timezone-aware datetime, e.g. datetime(2027, 1, 1, tzinfo=UTC).",
        )
    value = to_us(moment)
    if value <= now_us():
        raise InputError(
            f"expiry {moment.astimezone(UTC).isoformat()} is not in the future",
            where="argument expires",
            fix="Give a later date, or none for a key that does not expire.",
        )
    return value


def _audit_time(value: int | None) -> str | None:
    """Microseconds as ISO 8601 UTC text for the audit log, ``None`` kept."""
    return None if value is None else from_us(value).isoformat().replace("+00:00", "Z")


def _json_list(values: Iterable[str] | None) -> str | None:
    return None if values is None else json.dumps(sorted(set(values)))


def _json_dumps(value: Any) -> str:
    return canonical_json(value).decode("utf-8")


class SqlStorage:
    """A :class:`~allied.sharing.store.Storage` over a DB-API connection per thread."""

    url: str
    #: The placeholder of the driver: ``?`` (sqlite3) or ``%s`` (psycopg).
    placeholder = "?"

    # -- connections: one per thread -------------------------------------------------

    def _start_connections(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Any] = []
        self._closed = False

    def _conn(self) -> Connection:
        """This thread's connection, opened on first use."""
        if self._closed:
            raise InputError("the storage is closed", where=self._display_url, fix="Open it again.")
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(conn, "closed", False) is True:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._open.append(conn)
        return cast(Connection, conn)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            self._closed = True
            for conn in self._open:
                conn.close()
            self._open.clear()

    @property
    def _display_url(self) -> str:
        return redact_url(self.url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._display_url!r})"

    # -- supplied by the backends --------------------------------------------------

    def _connect(self) -> Any:
        """A new connection, configured."""
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Connection]:
        """A transaction holding the storage's single writer lock."""
        raise NotImplementedError

    def _install_guards(self, conn: Connection) -> None:
        """Create the triggers that refuse UPDATE and DELETE on the audit log."""
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------------

    def _sql(self, query: str) -> str:
        return query if self.placeholder == "?" else query.replace("?", self.placeholder)

    def _run(self, conn: Connection, query: str, params: Sequence[Any] = ()) -> Any:
        return conn.execute(self._sql(query), tuple(params))

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._run(self._conn(), query, params).fetchall())

    def _create_schema(self) -> None:
        with self._write() as conn:
            for statement in (*TABLES, *KEY_LIFECYCLE_TABLES, *RETRACTION_TABLES):
                self._run(conn, statement)
            self._install_guards(conn)
            found = self._run(
                conn, "SELECT value FROM settings WHERE name = 'schema_version'"
            ).fetchone()
            if found is None or int(found[0]) < SCHEMA_VERSION:  # new, or upgraded above
                self._put_setting(conn, "schema_version", str(SCHEMA_VERSION))
            elif int(found[0]) > SCHEMA_VERSION:
                raise InputError(
                    f"the database has schema version {found[0]}, newer than this "
                    f"version of allied understands ({SCHEMA_VERSION})",
                    where=f"storage {self.url}",
                    fix="Upgrade allied, or use another database.",
                )

    def _put_setting(self, conn: Connection, name: str, value: str) -> None:
        self._run(
            conn,
            "INSERT INTO settings (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    def _get_setting(self, conn: Connection, name: str) -> str | None:
        row = self._run(conn, "SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def _exists(self, conn: Connection, table: str, value: str) -> bool:
        key = {"collections": "id", "users": "name"}[table]
        query = f"SELECT 1 FROM {table} WHERE {key} = ?"
        return self._run(conn, query, (value,)).fetchone() is not None

    def _refuse_taken(self, conn: Connection, table: str, value: str, *, argument: str) -> None:
        if self._exists(conn, table, value):
            label = {"collections": "collection", "users": "user"}[table]
            raise InputError(
                f"{label} {value!r} already exists",
                where=f"argument {argument}",
                fix=f"Choose another {argument}; `allied sharing {table} list` shows them.",
            )

    def _require_collection(
        self, conn: Connection, collection_id: str, *, argument: str = "collection_id"
    ) -> None:
        if not self._exists(conn, "collections", collection_id):
            raise NotFoundError(
                f"no collection {collection_id!r}",
                where=f"argument {argument}",
                fix="Create it with `allied sharing collections add`, or list them with "
                "`allied sharing collections list`.",
            )

    # -- settings --------------------------------------------------------------------

    def setting(self, name: str) -> str | None:
        """The value of setting ``name``, or ``None``."""
        return self._get_setting(self._conn(), name)

    def set_setting(self, name: str, value: str) -> None:
        """Set ``name`` to ``value`` (the audit anchor cannot be set this way)."""
        if name in (ANCHOR_SETTING, ARCHIVE_SETTING, _LAST_ADDED, "schema_version"):
            raise InputError(
                f"setting {name!r} is maintained by the storage",
                where="argument name",
                fix="Choose another setting name.",
            )
        with self._write() as conn:
            self._put_setting(conn, name, value)

    # -- collections -----------------------------------------------------------------

    def create_collection(self, id: str, *, title: str, description: str = "") -> CollectionRecord:
        """Create the collection ``id``; an :class:`InputError` if it exists."""
        check_collection_id(id)
        if not isinstance(title, str) or not title.strip():
            raise InputError("empty collection title", where="argument title", fix="Give a title.")
        with self._write() as conn:
            self._refuse_taken(conn, "collections", id, argument="id")
            self._run(
                conn,
                "INSERT INTO collections (id, title, description, version, created_us) "
                "VALUES (?, ?, ?, 0, ?)",
                (id, title.strip(), description, now_us()),
            )
            self._append_audit(
                conn,
                user="admin",
                nation="",
                action="collection-added",
                collection=id,
                detail={"title": title.strip(), "description": description},
            )
        return CollectionRecord(id, title.strip(), description)

    def collections(self) -> list[CollectionRecord]:
        """Every collection, by id."""
        rows = self._rows("SELECT id, title, description FROM collections ORDER BY id")
        return [CollectionRecord(*row) for row in rows]

    def collection(self, id: str) -> CollectionRecord | None:
        """The collection ``id``, or ``None``."""
        rows = self._rows("SELECT id, title, description FROM collections WHERE id = ?", (id,))
        return CollectionRecord(*rows[0]) if rows else None

    def collection_version(self, collection_id: str) -> int:
        """A counter that increases with every ``add_objects`` that stored a row."""
        rows = self._rows("SELECT version FROM collections WHERE id = ?", (collection_id,))
        if not rows:
            self._require_collection(self._conn(), collection_id)
        return int(rows[0][0])

    # -- objects ---------------------------------------------------------------------

    def _by_folded_id(
        self, conn: Connection, select: str, column: str, collection_id: str, ids: list[str]
    ) -> list[tuple[Any, ...]]:
        """The rows of ``select`` (``SELECT ... FROM table``) in the collection whose
        ``column`` is one of ``ids`` in lower case, queried ``_CHUNK`` ids at a time."""
        wanted = sorted({folded(object_id) for object_id in ids})
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = (
                f"{select} WHERE collection_id = ? AND {column} IN ({', '.join('?' * len(chunk))})"
            )
            rows.extend(self._run(conn, query, (collection_id, *chunk)).fetchall())
        return rows

    def _held(self, conn: Connection, collection_id: str, ids: list[str]) -> dict[str, Held]:
        """What the collection holds of ``ids`` in any case, by :func:`folded` id: each
        id's originator (the nation of its first stored version) and its versions."""
        # no ORDER BY: with one, SQLite prefers the date index and reads the collection
        rows = self._by_folded_id(
            conn,
            "SELECT date_added_us, id, version, originator, object FROM objects",
            "lower(id)",
            collection_id,
            ids,
        )
        found: dict[str, Held] = {}
        for _, object_id, version, nation, text in sorted(rows, key=lambda row: row[0]):
            held = found.setdefault(folded(object_id), Held(nation))
            held.versions[version] = json.loads(text)
        for folded_id, nation in self._retracted_owners(conn, collection_id, ids):
            found.setdefault(folded_id, Held(nation))  # every version deleted: still owned
        return found

    def add_objects(
        self,
        collection_id: str,
        objects: Sequence[Mapping[str, Any]],
        *,
        originator: str,
        user: str,
        rejected: Sequence[Mapping[str, Any]] = (),
        visible: Visibility | None = None,
    ) -> StatusRecord:
        """Store ``objects`` in one transaction and return the persisted status.

        Returns only after the commit, so every object reported as a success is
        durable. Invalid objects are failures with a message; an exact
        duplicate of a stored version is a success with a message and adds no
        row; the same id and version with other content is a failure. The
        ownership rules of :mod:`allied.sharing.store._ownership` are decided
        in the same transaction: a version of an id first posted by another
        nation, a marking definition that changes one held, and any object
        using a definition refused in the same call are failures.
        ``rejected`` are status-details (``id``, ``version``, ``message``) of
        objects the caller refused before storage: they are counted as
        failures, listed first (the objects using a marking definition among
        them are refused too). ``visible(id, version)`` says whether the
        writer may read a stored version (``None``: every one): a duplicate or
        refusal caused by versions the writer may not read is reported exactly
        as a new object's success, and stores nothing. The call appends one
        ``"write"`` audit entry (``detail``: status id, added and duplicate
        ``[id, version]`` pairs, ``sha256``: the
        :func:`~allied.sharing.store.content_digest` of each added version,
        failures as ``[id, version, message]``, and
        ``concealed`` refusals as ``[id, version, reason]`` when there are any)
        in the same transaction.
        """
        originator = check_nation(originator, where="argument originator")
        request_us = now_us()
        checked: list[tuple[Mapping[str, Any], tuple[str, str, str, str] | str, Any]] = []
        for obj in objects:
            try:
                found = stix_identity(obj)
                document = json.loads(_json_dumps(obj))
            except InputError as exc:
                checked.append((obj, exc.message, None))
            except (TypeError, ValueError) as exc:
                checked.append((obj, f"not JSON: {exc}", None))
            else:
                checked.append((obj, found, document))
        failures: list[dict[str, Any]] = [
            {
                "id": str(detail.get("id", "")),
                "version": str(detail.get("version", "")),
                "message": str(detail.get("message", "refused")),
            }
            for detail in rejected
        ]
        status_id = new_status_id()
        with self._write() as conn:
            self._require_collection(conn, collection_id)
            ids = sorted({k[0] for _, k, _ in checked if isinstance(k, tuple)})
            ownership = Ownership(
                self._held(conn, collection_id, ids),
                writer=originator,
                visible=visible,
                refused_definitions=[
                    f["id"] for f in failures if f["id"].startswith("marking-definition--")
                ],
            )
            outcome = WriteOutcome(failures)
            rows = outcome.decide(checked, ownership)
            last = int(self._get_setting(conn, _LAST_ADDED) or 0)
            stamped: list[tuple[Any, ...]] = []
            for object_id, object_type, version, spec_version, document in rows:
                last = max(now_us(), last + 1)
                stamped.append(
                    (
                        collection_id,
                        object_id,
                        object_type,
                        version,
                        spec_version,
                        last,
                        originator,
                        user,
                        _json_dumps(document),
                    )
                )
            if stamped:
                self._insert_objects(conn, stamped)
                self._put_setting(conn, _LAST_ADDED, str(last))
                self._run(
                    conn,
                    "UPDATE collections SET version = version + 1 WHERE id = ?",
                    (collection_id,),
                )
            total = len(checked) + len(rejected)
            self._run(
                conn,
                "INSERT INTO statuses (id, collection_id, user_name, status, request_us, "
                "total_count, success_count, failure_count, pending_count, successes, "
                "failures, pendings) VALUES (?, ?, ?, 'complete', ?, ?, ?, ?, 0, ?, ?, '[]')",
                (
                    status_id,
                    collection_id,
                    user,
                    request_us,
                    total,
                    len(outcome.successes),
                    len(outcome.failures),
                    _json_dumps(outcome.successes),
                    _json_dumps(outcome.failures),
                ),
            )
            self._append_audit(
                conn,
                user=user,
                nation=originator,
                action="write",
                collection=collection_id,
                detail={
                    "status": status_id,
                    **outcome.audit_detail(),
                    # content_digest of each added version, in the order of "added"
                    "sha256": [content_digest(row[4]) for row in rows],
                },
            )
        return StatusRecord(
            id=status_id,
            status="complete",
            request_timestamp=from_us(request_us),
            total_count=total,
            success_count=len(outcome.successes),
            failure_count=len(outcome.failures),
            pending_count=0,
            successes=tuple(outcome.successes),
            failures=tuple(outcome.failures),
            pendings=(),
            collection_id=collection_id,
            user=user,
        )

    # -- retraction (issue 14) ----------------------------------------------------------

    def _retracted_owners(
        self, conn: Connection, collection_id: str, ids: list[str]
    ) -> list[tuple[str, str]]:
        """``(folded id, originator)`` of the ``ids`` that had versions deleted."""
        select = "SELECT folded_id, originator FROM retracted_ids"
        rows = self._by_folded_id(conn, select, "folded_id", collection_id, ids)
        return [(str(folded_id), str(nation)) for folded_id, nation in rows]

    def delete_objects(
        self,
        collection_id: str,
        versions: Sequence[tuple[str, str]],
        *,
        nation: str,
        user: str,
    ) -> Deletion:
        """Delete the stored object versions ``(id, version)`` of ``nation``, all or none.

        Decided in one write transaction: when any of the ids belongs to
        another nation (its originator, :mod:`allied.sharing.store._ownership`)
        nothing is deleted and :attr:`Deletion.not_owned` names them; a version
        no longer stored (deleted meanwhile) is skipped. Each id keeps its
        originator after its last version is gone (a version from another
        nation stays refused), the collection version increases, and one
        ``"delete"`` audit entry (``detail``: ``removed`` ``[id, version]``
        pairs and the ``sha256`` of each removed version's content) is
        appended in the same transaction when anything was deleted.
        """
        nation = check_nation(nation, where="argument nation")
        with self._write() as conn:
            self._require_collection(conn, collection_id)
            held = self._held(conn, collection_id, sorted({pair[0] for pair in versions}))
            owner = {name: found.originator for name, found in held.items()}
            not_owned = sorted({i for i, _ in versions if owner.get(folded(i), nation) != nation})
            if not_owned:
                return Deletion([], not_owned)
            removed = [
                [object_id, version]
                for object_id, version in versions
                if self._run(
                    conn,
                    "DELETE FROM objects WHERE collection_id = ? AND id = ? AND version = ?",
                    (collection_id, object_id, version),
                ).rowcount
            ]
            if removed:
                self._record_deletion(conn, collection_id, removed, held, nation=nation, user=user)
        return Deletion(removed, [])

    def _record_deletion(
        self,
        conn: Connection,
        collection_id: str,
        removed: list[list[str]],
        held: dict[str, Held],
        *,
        nation: str,
        user: str,
    ) -> None:
        """The tombstones, the collection version and the audit entry of a deletion."""
        self._run(
            conn, "UPDATE collections SET version = version + 1 WHERE id = ?", (collection_id,)
        )
        row = self._run(conn, "SELECT version FROM collections WHERE id = ?", (collection_id,))
        version = int(row.fetchone()[0])
        for folded_id in sorted({folded(object_id) for object_id, _ in removed}):
            self._run(
                conn,
                "INSERT INTO retracted_ids (collection_id, folded_id, originator, "
                "collection_version) VALUES (?, ?, ?, ?) ON CONFLICT (collection_id, folded_id) "
                "DO UPDATE SET collection_version = excluded.collection_version",
                (collection_id, folded_id, nation, version),
            )
        digests = [
            content_digest(held[folded(object_id)].versions[object_version])
            for object_id, object_version in removed
        ]
        detail = {"removed": removed, "sha256": digests}
        self._append_audit(
            conn, user=user, nation=nation, action="delete", collection=collection_id, detail=detail
        )

    def last_deletion(self, collection_id: str) -> int:
        """The collection version of the last deletion in the collection (0: none)."""
        rows = self._rows(
            "SELECT max(collection_version) FROM retracted_ids WHERE collection_id = ?",
            (collection_id,),
        )
        return int(rows[0][0] or 0)

    def _insert_objects(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        query = self._sql(
            "INSERT INTO objects (collection_id, id, type, version, spec_version, "
            "date_added_us, originator, added_by, object) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        cursor = getattr(conn, "cursor")()  # noqa: B009 - both drivers have executemany here
        cursor.executemany(query, rows)

    def objects(
        self,
        collection_id: str,
        *,
        added_after: datetime | None = None,
        ids: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        spec_versions: Iterable[str] | None = None,
    ) -> list[StoredObject]:
        """Every stored version matching the filters, by ``(date_added, id, version)``.

        ``added_after`` keeps versions added strictly after it; ``ids``,
        ``types`` and ``spec_versions`` keep versions whose field is one of the
        values (an empty iterable matches nothing). Version selection
        (``match[version]``) is :func:`~allied.sharing.taxii.select_versions`.
        """
        conn = self._conn()
        self._require_collection(conn, collection_id)
        where = ["collection_id = ?"]
        params: list[Any] = [collection_id]
        if added_after is not None:
            where.append("date_added_us > ?")
            params.append(to_us(added_after))
        for column, values in (("id", ids), ("type", types), ("spec_version", spec_versions)):
            if values is None:
                continue
            wanted = sorted(set(values))
            if not wanted:
                return []
            where.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
        rows = self._run(
            conn,
            "SELECT collection_id, id, type, version, spec_version, date_added_us, "
            f"originator, object, added_by FROM objects WHERE {' AND '.join(where)} "
            "ORDER BY date_added_us, id, version",
            params,
        ).fetchall()
        return [
            StoredObject(c, i, t, v, s, from_us(d), o, json.loads(text), by)
            for c, i, t, v, s, d, o, text, by in rows
        ]

    def status(self, status_id: str) -> StatusRecord | None:
        """The status resource ``status_id``, or ``None``."""
        rows = self._rows(
            "SELECT id, status, request_us, total_count, success_count, failure_count, "
            "pending_count, successes, failures, pendings, collection_id, user_name "
            "FROM statuses WHERE id = ?",
            (status_id,),
        )
        if not rows:
            return None
        sid, state, request_us, total, ok, failed, pending, succ, fail, pend, cid, user = rows[0]
        return StatusRecord(
            id=sid,
            status=state,
            request_timestamp=from_us(request_us),
            total_count=int(total),
            success_count=int(ok),
            failure_count=int(failed),
            pending_count=int(pending),
            successes=tuple(json.loads(succ)),
            failures=tuple(json.loads(fail)),
            pendings=tuple(json.loads(pend)),
            collection_id=cid,
            user=user,
        )

    # -- users -----------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        *,
        nation: str,
        clearance: str,
        can_read: Iterable[str] | None = None,
        can_write: Iterable[str] = (),
        expires: datetime | None = None,
    ) -> str:
        """Create user ``name`` and return its new API key (shown once; only its hash is kept).

        ``can_read`` ``None`` means every collection; the collections named must
        exist. ``expires`` (timezone-aware, in the future) is when the key stops
        being accepted; ``None`` for never. An :class:`InputError` if the name is taken.
        """
        check_user_name(name)
        nation = check_nation(nation, where="argument nation")
        clearance = check_clearance(clearance, where="argument clearance")
        expires_us = _future_us(expires)
        read = None if can_read is None else sorted(set(can_read))
        write = sorted(set(can_write))
        key = secrets.token_urlsafe(32)
        with self._write() as conn:
            self._refuse_taken(conn, "users", name, argument="name")
            for argument, wanted in (("can_read", read or []), ("can_write", write)):
                for collection_id in wanted:
                    self._require_collection(conn, collection_id, argument=argument)
            self._run(
                conn,
                "INSERT INTO users (name, key_hash, nation, clearance, can_read, can_write, "
                "created_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    key_hash(key),
                    nation,
                    clearance,
                    _json_list(read),
                    _json_list(write),
                    now_us(),
                ),
            )
            self._run(
                conn,
                "INSERT INTO user_keys (user_name, expires_us) VALUES (?, ?)",
                (name, expires_us),
            )
            self._append_audit(
                conn,
                user="admin",
                nation=nation,
                action="user-added",
                collection=None,
                detail={
                    "name": name,
                    "clearance": clearance,
                    "can_read": read,
                    "can_write": write,
                    "expires": _audit_time(expires_us),
                },
            )
        return key

    _USER_COLUMNS = (
        "SELECT u.name, u.nation, u.clearance, u.can_read, u.can_write, u.key_hash, "
        "k.expires_us, k.revoked_us FROM users u LEFT JOIN user_keys k ON k.user_name = u.name"
    )

    @staticmethod
    def _user(row: Sequence[Any]) -> UserRecord:
        name, nation, clearance, can_read, can_write, digest, expires_us, revoked_us = row
        read = None if can_read is None else frozenset(json.loads(can_read))
        return UserRecord(
            name,
            nation,
            clearance,
            read,
            frozenset(json.loads(can_write)),
            key_id=key_id(str(digest)),
            expires=None if expires_us is None else from_us(expires_us),
            revoked=None if revoked_us is None else from_us(revoked_us),
        )

    def user_for_key(self, key: str) -> UserRecord | None:
        """The user whose API key is ``key``, or ``None`` (also when revoked or expired).

        The key is hashed and the hash looked up through the unique index, so
        the time taken does not depend on how much of a guess matches a key;
        the hash found is compared again in constant time.
        """
        if not isinstance(key, str):
            return None
        digest = key_hash(key)
        rows = self._rows(f"{self._USER_COLUMNS} WHERE u.key_hash = ?", (digest,))
        if not rows or not hmac.compare_digest(str(rows[0][5]), digest):
            return None
        user = self._user(rows[0])
        return user if user.usable(from_us(now_us())) else None

    def users(self) -> list[UserRecord]:
        """Every user, by name, revoked and expired ones included (never their keys)."""
        return [self._user(row) for row in self._rows(f"{self._USER_COLUMNS} ORDER BY u.name")]

    # -- key lifecycle (issue 14) -------------------------------------------------------

    def _active_user(self, conn: Connection, name: str) -> UserRecord:
        """User ``name`` inside a write; :class:`NotFoundError` if unknown, :class:`InputError`
        if revoked."""
        row = self._run(conn, f"{self._USER_COLUMNS} WHERE u.name = ?", (name,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no user {name!r}",
                where="argument name",
                fix="`allied sharing users list` shows the users.",
            )
        user = self._user(row)
        if user.revoked is not None:
            raise InputError(
                f"user {name!r} was revoked on {_audit_time(to_us(user.revoked))}",
                where="argument name",
                fix="A revoked user stays revoked; add a new user with `allied sharing users add`.",
            )
        return user

    def _set_lifecycle(self, conn: Connection, name: str, column: str, value: int | None) -> None:
        self._run(
            conn,
            "INSERT INTO user_keys (user_name) VALUES (?) ON CONFLICT (user_name) DO NOTHING",
            (name,),
        )
        self._run(conn, f"UPDATE user_keys SET {column} = ? WHERE user_name = ?", (value, name))

    def _audit_admin(
        self, conn: Connection, user: UserRecord, action: str, detail: Mapping[str, Any]
    ) -> None:
        """Audit an administrator's ``action`` on ``user`` (its name first in the detail)."""
        self._append_audit(
            conn,
            user="admin",
            nation=user.nation,
            action=action,
            collection=None,
            detail={"name": user.name, **detail},
        )

    def rotate_key(self, name: str, *, expires: datetime | None = None) -> str:
        """Give user ``name`` a new API key and return it (shown once).

        The old key, and every page token issued under it, stops working at
        once. ``expires`` (timezone-aware, in the future) is the new key's
        expiry, ``None`` for never. A :class:`NotFoundError` for an unknown
        user, an :class:`InputError` for a revoked one.
        """
        expires_us = _future_us(expires)
        key = secrets.token_urlsafe(32)
        with self._write() as conn:
            user = self._active_user(conn, name)
            self._run(conn, "UPDATE users SET key_hash = ? WHERE name = ?", (key_hash(key), name))
            self._set_lifecycle(conn, name, "expires_us", expires_us)
            self._set_lifecycle(conn, name, "rotated_us", now_us())
            self._audit_admin(conn, user, "user-key-rotated", {"expires": _audit_time(expires_us)})
        return key

    def revoke_user(self, name: str) -> UserRecord:
        """Revoke user ``name`` for good: its key is refused from now on; returns the record.

        A :class:`NotFoundError` for an unknown user, an :class:`InputError` if
        it is already revoked.
        """
        with self._write() as conn:
            user = self._active_user(conn, name)
            moment = now_us()
            self._set_lifecycle(conn, name, "revoked_us", moment)
            self._audit_admin(conn, user, "user-revoked", {})
        return replace(user, revoked=from_us(moment))

    # -- audit -----------------------------------------------------------------------

    def _append_audit(
        self,
        conn: Connection,
        *,
        user: str,
        nation: str,
        action: str,
        collection: str | None,
        detail: Mapping[str, Any],
    ) -> AuditEntry:
        """Append an entry inside the caller's write transaction (which holds the lock)."""
        body = normalize_detail(detail)
        head = self._get_setting(conn, ANCHOR_SETTING)
        if head is None:
            seq, prev_hash = 1, GENESIS_HASH
        else:
            last_seq, _, prev_hash = head.partition(":")
            seq = int(last_seq) + 1
        moment = from_us(now_us())
        digest = entry_hash(
            seq=seq,
            time=moment,
            user=user,
            nation=nation,
            action=action,
            collection=collection,
            detail=body,
            prev_hash=prev_hash,
        )
        self._run(
            conn,
            "INSERT INTO audit_log (seq, time_us, user_name, nation, action, collection_id, "
            "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                to_us(moment),
                user,
                nation,
                action,
                collection,
                _json_dumps(body),
                prev_hash,
                digest,
            ),
        )
        self._put_setting(conn, ANCHOR_SETTING, f"{seq}:{digest}")
        return AuditEntry(seq, moment, user, nation, action, collection, body, prev_hash, digest)

    def append_audit(
        self,
        *,
        user: str,
        nation: str,
        action: str,
        collection: str | None,
        detail: Mapping[str, Any],
    ) -> AuditEntry:
        """Append one entry to the audit log (serialized with every other write)."""
        if not isinstance(action, str) or not action:
            raise InputError("empty audit action", where="argument action", fix="Name the action.")
        with self._write() as conn:
            return self._append_audit(
                conn, user=user, nation=nation, action=action, collection=collection, detail=detail
            )

    def drop_audit_before(self, before: int, *, anchor: str, previous: str | None) -> int:
        """Delete the audit entries before ``before`` (archived by the caller); how many.

        In one write transaction: the archive anchor (setting
        ``audit_archived``) must still be ``previous`` and becomes ``anchor``
        (``"SEQ:HASH"`` of entry ``before - 1``), and the append-only guard is
        lifted for this delete only. Used by
        :func:`~allied.sharing.store.archive_audit`, which writes the file first.
        """
        with self._write() as conn:
            if self._get_setting(conn, ARCHIVE_SETTING) != previous:
                raise InputError(
                    "the audit log was archived by someone else meanwhile",
                    where=f"storage {self._display_url}",
                    fix="Run the archive again.",
                )
            seq, _, digest = anchor.partition(":")
            row = self._run(conn, "SELECT hash FROM audit_log WHERE seq = ?", (int(seq),))
            found = row.fetchone()
            if int(seq) != before - 1 or found is None or str(found[0]) != digest:
                raise InputError(
                    f"the archive anchor {anchor[:20]}... is not entry {before - 1} of the log",
                    where="argument anchor",
                    fix="Give SEQ:HASH of the last entry archived.",
                )
            deleted = self._delete_audit_before(conn, before)
            self._put_setting(conn, ARCHIVE_SETTING, anchor)
        return deleted

    def _delete_audit_before(self, conn: Connection, before: int) -> int:
        """Delete entries before ``before`` past the append-only guard, inside ``conn``'s
        transaction (the guard is back when it commits)."""
        raise NotImplementedError

    def check_integrity(self) -> None:
        """Raise :class:`~allied.errors.DataNotAvailableError` if the database reports damage.

        SQLite runs ``PRAGMA integrity_check``; PostgreSQL reads every row of
        every table of the schema (a damaged page raises as it is read).
        """
        problems = self._integrity_problems()
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise DataNotAvailableError(
                f"the database is damaged: {'; '.join(problems[:3])}{more}",
                where=f"storage {self._display_url}",
                fix="Stop the server, keep the damaged database for investigation, and "
                "restore the exchange from a backup: nothing read from it can be trusted, "
                "and its audit log cannot be verified.",
            )

    def _integrity_problems(self) -> list[str]:
        """What the database reports as damaged (empty when sound)."""
        raise NotImplementedError

    def audit_entries(self, *, after: int = 0) -> Iterator[AuditEntry]:
        """Every audit entry by ``seq`` (those after ``seq`` ``after``), read in pages of 1,000."""
        while True:
            rows = self._rows(
                "SELECT seq, time_us, user_name, nation, action, collection_id, detail, "
                "prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                (after, _AUDIT_PAGE),
            )
            for seq, time_us, user, nation, action, collection, detail, prev, digest in rows:
                yield AuditEntry(
                    int(seq),
                    from_us(time_us),
                    user,
                    nation,
                    action,
                    collection,
                    json.loads(detail),
                    prev,
                    digest,
                )
            if len(rows) < _AUDIT_PAGE:
                return
            after = int(rows[-1][0])
