"""The :class:`Storage` protocol: what the exchange needs from a database.

SQLite (:class:`~allied.sharing.store.SqliteStorage`) and PostgreSQL
(:class:`~allied.sharing.store.PostgresStorage`) implement it, over the same
SQL (:mod:`allied.sharing.store._sql`), and one test suite runs on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from allied.sharing.store._records import (
    AuditEntry,
    CollectionRecord,
    Deletion,
    StatusRecord,
    StoredObject,
    UserRecord,
)

__all__ = ["SCHEMA_VERSION", "Storage"]

#: The version of the database schema this package writes (setting ``schema_version``).
#: 2 (issue 14): the ``user_keys`` table of key expiry and revocation and the
#: ``retracted_ids`` table of deleted ids and their owners. Opening a version-1 database
#: adds the tables and marks it version 2, so that an older allied, which would ignore
#: revocations and let another nation take over a deleted id, refuses to open it.
SCHEMA_VERSION = 2


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
        visible: Callable[[str, str], bool] | None = None,
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

    def delete_objects(
        self,
        collection_id: str,
        versions: Sequence[tuple[str, str]],
        *,
        nation: str,
        user: str,
    ) -> Deletion: ...

    def last_deletion(self, collection_id: str) -> int: ...

    def status(self, status_id: str) -> StatusRecord | None: ...

    def add_user(
        self,
        name: str,
        *,
        nation: str,
        clearance: str,
        can_read: Iterable[str] | None = None,
        can_write: Iterable[str] = (),
        expires: datetime | None = None,
    ) -> str: ...

    def user_for_key(self, key: str) -> UserRecord | None: ...

    def users(self) -> list[UserRecord]: ...

    def rotate_key(self, name: str, *, expires: datetime | None = None) -> str: ...

    def revoke_user(self, name: str) -> UserRecord: ...

    def append_audit(
        self,
        *,
        user: str,
        nation: str,
        action: str,
        collection: str | None,
        detail: Mapping[str, Any],
    ) -> AuditEntry: ...

    def audit_entries(self, *, after: int = 0) -> Iterator[AuditEntry]: ...

    def check_integrity(self) -> None: ...

    def drop_audit_before(self, before: int, *, anchor: str, previous: str | None) -> int: ...

    def setting(self, name: str) -> str | None: ...

    def set_setting(self, name: str, value: str) -> None: ...

    def close(self) -> None: ...
