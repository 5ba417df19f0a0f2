"""Storage of the coalition exchange: collections, STIX objects, statuses, users, audit log.

One :class:`Storage` protocol with two implementations that behave the same:
SQLite (the default, one file in WAL mode) and PostgreSQL (by URL, for larger
deployments). :func:`open_storage` picks one from a URL and creates the schema
when it is absent.

What is stored
--------------
- **Objects**, one row per object *version* in a collection: collection, id,
  type, version (``modified``, else ``created``, else ``""``), spec_version,
  ``date_added`` (UTC, microseconds), originating nation and the JSON.
  ``date_added`` is strictly increasing within a storage, even for objects
  added in one request: it is assigned under the single writer lock, so commit
  order equals ``date_added`` order and a client paging with ``added_after``
  never misses an object that commits later with an earlier ``date_added``.
- **Statuses**: the TAXII 2.1 status resource of every ``add_objects`` call.
  Re-adding an exact duplicate (same collection, id and version, same JSON) is
  a success that adds no row, as TAXII 2.1 section 5.5 requires [1]_ and as
  medallion does since its pull request 150 [2]_; the same id and version with
  *different* JSON is a failure.
- **Users**: name, nation, clearance and the collections they may read and
  write; the API key is stored only as its SHA-256 hash.
- **The audit log**: append-only and hash-chained (see :mod:`allied.sharing.audit`).
  ``add_objects``, ``create_collection`` and ``add_user`` append their own
  audit entry in the same transaction as the change.

References
----------
.. [1] OASIS (2021). TAXII Version 2.1, OASIS Standard, section 4.3 (status
   resource) and section 5.5 (Add Objects: "If a client publishes an exact
   duplicate of an Object already present in the Collection, the server MUST
   not return an error for that Object").
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html ;
   the clarification: https://github.com/oasis-tcs/cti-taxii2/issues/78
.. [2] oasis-open/cti-taxii-server, pull request 150, "Change re-adding objects
   to be a successful no-op instead of failure" (2022).
   https://github.com/oasis-open/cti-taxii-server/pull/150
.. [3] OASIS (2021). STIX Version 2.1, OASIS Standard, section 2.9
   (identifiers: ``object-type--UUID``, the UUID RFC 4122-compliant) and
   section 3.2 (common properties). https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

import functools
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from allied.errors import InputError
from allied.sharing.markings import LEVEL_RANKS

__all__ = [
    "CLEARANCES",
    "SCHEMA_VERSION",
    "STORAGE_ENV",
    "AuditEntry",
    "CollectionRecord",
    "StatusRecord",
    "Storage",
    "StoredObject",
    "UserRecord",
    "check_clearance",
    "check_collection_id",
    "check_nation",
    "default_storage_url",
    "open_storage",
    "redact_url",
    "select_versions",
    "stix_identity",
]

#: The environment variable naming the exchange's database URL.
STORAGE_ENV = "ALLIED_SHARING_DB"
#: The version of the database schema this module writes (setting ``schema_version``).
SCHEMA_VERSION = 1
#: Clearance levels a user may hold: national U, C, S, TS and NATO NU, NR, NC, NS, CTS
#: (the levels of :data:`allied.sharing.markings.LEVEL_RANKS`).
CLEARANCES: tuple[str, ...] = tuple(LEVEL_RANKS)

_TYPE = re.compile(r"[a-z0-9][a-z0-9-]{1,248}[a-z0-9]")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
_COLLECTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,127}")
_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


@dataclass(frozen=True)
class CollectionRecord:
    """A TAXII collection: its id (URL-safe), title and description."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class StoredObject:
    """One stored version of a STIX object in a collection.

    ``version`` is the object's ``modified``, else its ``created``, else ``""``
    (unversioned objects such as cyber observables); ``date_added`` is when the
    exchange stored it (UTC, microsecond precision, strictly increasing per
    storage); ``originator`` is the ISO3 code of the nation that pushed it.
    """

    collection_id: str
    id: str
    type: str
    version: str
    spec_version: str
    date_added: datetime
    originator: str
    object: dict[str, Any]


@dataclass(frozen=True)
class StatusRecord:
    """The TAXII 2.1 status resource of one ``add_objects`` request.

    ``successes``, ``failures`` and ``pendings`` hold status-details mappings
    (``id``, ``version`` and, where there is something to say, ``message``).
    ``collection_id`` and ``user`` say where and by whom the request was made,
    so a server can show a status only to its requester.
    """

    id: str
    status: str
    request_timestamp: datetime
    total_count: int
    success_count: int
    failure_count: int
    pending_count: int
    successes: tuple[dict[str, Any], ...]
    failures: tuple[dict[str, Any], ...]
    pendings: tuple[dict[str, Any], ...]
    collection_id: str = ""
    user: str = ""

    def to_taxii(self) -> dict[str, Any]:
        """The status resource as TAXII 2.1 JSON (section 4.3.1)."""
        return {
            "id": self.id,
            "status": self.status,
            "request_timestamp": format_timestamp(self.request_timestamp),
            "total_count": self.total_count,
            "success_count": self.success_count,
            "successes": list(self.successes),
            "failure_count": self.failure_count,
            "failures": list(self.failures),
            "pending_count": self.pending_count,
            "pendings": list(self.pendings),
        }


@dataclass(frozen=True)
class UserRecord:
    """A user of the exchange: a nation, a clearance and collection rights.

    ``can_read`` is ``None`` when the user may read every collection.
    """

    name: str
    nation: str
    clearance: str
    can_read: frozenset[str] | None
    can_write: frozenset[str] = field(default_factory=frozenset)

    def may_read(self, collection_id: str) -> bool:
        """Whether the user may read ``collection_id``."""
        return self.can_read is None or collection_id in self.can_read

    def may_write(self, collection_id: str) -> bool:
        """Whether the user may add objects to ``collection_id``."""
        return collection_id in self.can_write


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the hash-chained audit log.

    ``hash`` is SHA-256 over ``prev_hash`` followed by the canonical JSON of the
    entry without ``hash``; see :func:`allied.sharing.audit.entry_hash`.
    """

    seq: int
    time: datetime
    user: str
    nation: str
    action: str
    collection: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@runtime_checkable
class Storage(Protocol):
    """What the exchange needs from a database; SQLite and PostgreSQL implement it."""

    url: str

    def create_collection(
        self, id: str, *, title: str, description: str = ""
    ) -> CollectionRecord: ...

    def collections(self) -> list[CollectionRecord]: ...

    def collection(self, id: str) -> CollectionRecord | None: ...

    def add_objects(
        self,
        collection_id: str,
        objects: Sequence[Mapping[str, Any]],
        *,
        originator: str,
        user: str,
        rejected: Sequence[Mapping[str, Any]] = (),
    ) -> StatusRecord: ...

    def objects(
        self,
        collection_id: str,
        *,
        added_after: datetime | None = None,
        ids: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        spec_versions: Iterable[str] | None = None,
    ) -> list[StoredObject]: ...

    def collection_version(self, collection_id: str) -> int: ...

    def status(self, status_id: str) -> StatusRecord | None: ...

    def add_user(
        self,
        name: str,
        *,
        nation: str,
        clearance: str,
        can_read: Iterable[str] | None = None,
        can_write: Iterable[str] = (),
    ) -> str: ...

    def user_for_key(self, key: str) -> UserRecord | None: ...

    def users(self) -> list[UserRecord]: ...

    def append_audit(
        self,
        *,
        user: str,
        nation: str,
        action: str,
        collection: str | None,
        detail: Mapping[str, Any],
    ) -> AuditEntry: ...

    def audit_entries(self) -> Iterator[AuditEntry]: ...

    def setting(self, name: str) -> str | None: ...

    def set_setting(self, name: str, value: str) -> None: ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- validation


def format_timestamp(moment: datetime) -> str:
    """A UTC timestamp with microseconds, as TAXII and STIX write them.

    Examples
    --------
    >>> format_timestamp(datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    '2024-05-01T12:00:00.000000Z'
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def stix_identity(obj: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """``(id, type, version, spec_version)`` of a STIX 2.1 object, or an :class:`InputError`.

    The id must be ``type--UUID`` with the object's own type [3]_; ``modified``
    and ``created``, when present, must be STIX timestamps; ``spec_version``
    must be ``"2.1"``. An object without ``spec_version`` and without
    ``created`` is a cyber-observable, for which STIX 2.1 makes
    ``spec_version`` optional; it is taken as ``"2.1"``, as the ``stix2``
    library fills it in.

    Examples
    --------
    >>> stix_identity({"type": "indicator", "spec_version": "2.1",
    ...     "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    ...     "created": "2024-01-01T00:00:00Z", "modified": "2024-02-01T00:00:00.000Z"})[1:]
    ('indicator', '2024-02-01T00:00:00.000Z', '2.1')
    >>> stix_identity({"type": "indicator", "id": "indicator--1"})
    Traceback (most recent call last):
    ...
    allied.errors.InputError: id 'indicator--1' is not 'type--UUID' (object 'indicator--1'). ...
    """
    if not isinstance(obj, Mapping):
        raise InputError(
            f"a {type(obj).__name__} is not a STIX object",
            where="objects",
            fix="Send JSON objects with type and id.",
        )
    object_id, object_type = obj.get("id"), obj.get("type")
    where = f"object {object_id!r}" if isinstance(object_id, str) else "object without id"
    if not isinstance(object_type, str) or not object_type:
        raise InputError("no 'type'", where=where, fix="Give every object its STIX type.")
    if not isinstance(object_id, str) or not object_id:
        raise InputError("no 'id'", where=where, fix="Give every object an id 'type--UUID'.")
    prefix, sep, suffix = object_id.partition("--")
    if not sep or not _TYPE.fullmatch(prefix) or not _UUID.fullmatch(suffix):
        raise InputError(
            f"id {object_id!r} is not 'type--UUID'",
            where=where,
            fix="STIX 2.1 ids are the object's type, '--' and an RFC 4122 UUID.",
        )
    if prefix != object_type:
        raise InputError(
            f"id {object_id!r} does not start with the object's type {object_type!r}",
            where=where,
            fix="The id's prefix must be the object's type.",
        )
    for name in ("modified", "created"):
        value = obj.get(name)
        if value is not None and not (isinstance(value, str) and _TIMESTAMP.fullmatch(value)):
            raise InputError(
                f"{name} {value!r} is not a STIX timestamp",
                where=where,
                fix="Write timestamps as YYYY-MM-DDTHH:MM:SS[.s]Z, in UTC.",
            )
    spec_version = obj.get("spec_version")
    if spec_version is None and "created" not in obj:
        spec_version = "2.1"
    if spec_version != "2.1":
        raise InputError(
            f"spec_version {spec_version!r} is not supported",
            where=where,
            fix="This exchange stores STIX 2.1 objects (spec_version '2.1').",
        )
    version = obj.get("modified") or obj.get("created") or ""
    return object_id, object_type, str(version), "2.1"


def _check_name(value: str, pattern: re.Pattern[str], *, what: str, where: str, fix: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise InputError(f"invalid {what} {value!r}", where=where, fix=fix)
    return value


def check_collection_id(value: str, *, where: str = "argument id") -> str:
    """``value`` if it is a usable collection id (URL-safe, 1 to 128 characters)."""
    fix = "Use 1 to 128 letters, digits, '.', '_', '~' or '-', starting with a letter or digit."
    return _check_name(value, _COLLECTION_ID, what="collection id", where=where, fix=fix)


def check_user_name(value: str, *, where: str = "argument name") -> str:
    """``value`` if it is a usable user name (1 to 64 characters)."""
    fix = "Use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit."
    return _check_name(value, _USER_NAME, what="user name", where=where, fix=fix)


@functools.lru_cache(maxsize=1024)
def _is_iso3(code: str) -> bool:
    from allied import states

    try:
        return states.lookup(code, source="iso3").iso3 == code
    except InputError:
        return False


def check_nation(value: str, *, where: str = "argument nation") -> str:
    """The ISO 3166-1 alpha-3 code ``value``, upper-cased, or an :class:`InputError`.

    Examples
    --------
    >>> check_nation("gbr")
    'GBR'
    """
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) == 3 and code.isalpha() and _is_iso3(code):
        return code
    raise InputError(
        f"{value!r} is not an ISO 3166-1 alpha-3 code",
        where=where,
        fix="Give the nation's three-letter ISO code, such as GBR or USA "
        "(`allied states list` shows them).",
    )


def check_clearance(value: str, *, where: str = "argument clearance") -> str:
    """``value`` if it is one of :data:`CLEARANCES` (case-insensitive), upper-cased."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in CLEARANCES:
        raise InputError(
            f"unknown clearance {value!r}",
            where=where,
            fix="Use a national level (U, C, S, TS) or a NATO level (NU, NR, NC, NS, CTS).",
        )
    return code


def _timestamp_key(version: str) -> tuple[datetime, str]:
    text = version.rstrip("Z")
    head, _, fraction = text.partition(".")
    moment = datetime.strptime(head, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return moment, (fraction + "0" * 9)[:9]


def select_versions(
    objects: Sequence[StoredObject], versions: Iterable[str] = ("last",)
) -> list[StoredObject]:
    """The versions a TAXII ``match[version]`` filter keeps, in the input's order.

    ``versions`` holds ``"last"`` (the default of TAXII 2.1), ``"first"``,
    ``"all"`` or specific version timestamps; an object version is kept if any
    value selects it. Versions compare as instants, so ``...00Z`` and
    ``...00.000Z`` are the same instant; unversioned objects (version ``""``)
    are both first and last.

    Examples
    --------
    >>> stamp = datetime(2024, 1, 1, tzinfo=UTC)
    >>> rows = [StoredObject("c", "x--1", "x", v, "2.1", stamp, "GBR", {})
    ...         for v in ("2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    >>> [o.version for o in select_versions(rows)]
    ['2024-03-01T00:00:00Z']
    >>> [o.version for o in select_versions(rows, ["first", "2024-03-01T00:00:00.000Z"])]
    ['2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z']
    """
    wanted = set(versions)
    if "all" in wanted:
        return list(objects)
    specific = set()
    for value in wanted - {"first", "last"}:
        if not _TIMESTAMP.fullmatch(value):
            raise InputError(
                f"invalid version {value!r}",
                where="match[version]",
                fix="Use first, last, all or a timestamp such as 2024-01-01T00:00:00.000Z.",
            )
        specific.add(_timestamp_key(value))
    counts = Counter(o.id for o in objects)
    edges = bool(wanted & {"first", "last"})
    # the only version of an object is its first and its last: parse timestamps only
    # where versions are compared with each other or with a specific timestamp
    compared = [o for o in objects if o.version and (specific or counts[o.id] > 1)]
    keys = {o.version: _timestamp_key(o.version) for o in compared}
    first: dict[str, tuple[datetime, str]] = {}
    last: dict[str, tuple[datetime, str]] = {}
    for o in compared:
        key = keys[o.version]
        first[o.id] = min(first.get(o.id, key), key)
        last[o.id] = max(last.get(o.id, key), key)
    kept = []
    for o in objects:
        if not o.version or counts[o.id] == 1:
            if edges or (o.version and keys[o.version] in specific):
                kept.append(o)
            continue
        key = keys[o.version]
        if (
            ("first" in wanted and first[o.id] == key)
            or ("last" in wanted and last[o.id] == key)
            or key in specific
        ):
            kept.append(o)
    return kept


# --------------------------------------------------------------------------- opening


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


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***``.

    Examples
    --------
    >>> redact_url("postgresql://allied:secret@db:5432/x")
    'postgresql://allied:***@db:5432/x'
    """
    return re.sub(r"^([a-z0-9+]+://[^:/@]*:)[^@]*@", r"\1***@", url)


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
        from allied.sharing._sqlite import SqliteStorage

        return SqliteStorage(url)
    if url.startswith(("postgresql://", "postgres://")):
        from allied.sharing._postgres import PostgresStorage

        return PostgresStorage(url)
    raise InputError(
        f"unsupported database URL {redact_url(url)!r}",
        where="storage URL",
        fix="Use sqlite:///path/to/sharing.db or postgresql://user:pw@host:5432/db.",
    )


def new_status_id() -> str:
    """A fresh status id (a UUID 4, as TAXII suggests for resource ids)."""
    return str(uuid.uuid4())
