"""What the exchange stores: collections, STIX object versions, statuses, users, audit entries.

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
  write; the API key is stored only as its SHA-256 hash. Its lifecycle (an
  expiry, a revocation, the last rotation) is kept beside it in ``user_keys``;
  a revoked or expired key is refused.
- **The audit log**: append-only and hash-chained (see
  :mod:`allied.sharing.store._audit`). ``add_objects``, ``create_collection``
  and ``add_user`` append their own audit entry in the same transaction as the change.

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
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "AuditEntry",
    "CollectionRecord",
    "Deletion",
    "StatusRecord",
    "StoredObject",
    "UserRecord",
    "format_timestamp",
    "new_status_id",
]


def format_timestamp(moment: datetime) -> str:
    """A UTC timestamp with microseconds, as TAXII and STIX write them.

    Examples
    --------
    >>> format_timestamp(datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    '2024-05-01T12:00:00.000000Z'
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class CollectionRecord:
    """A TAXII collection: its id (URL-safe), title and description."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Deletion:
    """The outcome of one ``delete_objects`` call.

    ``removed``: the ``[id, version]`` pairs deleted; ``not_owned``: the ids
    that belong to another nation (then nothing was deleted).
    """

    removed: list[list[str]]
    not_owned: list[str]


@dataclass(frozen=True)
class StoredObject:
    """One stored version of a STIX object in a collection.

    ``version`` is the object's ``modified``, else its ``created``, else ``""``
    (unversioned objects such as cyber observables); ``date_added`` is when the
    exchange stored it (UTC, microsecond precision, strictly increasing per
    storage); ``originator`` is the ISO3 code of the nation that pushed it
    and ``added_by`` the name of the user who did. Every version of an id has
    the same originator: the storage refuses versions from other nations.
    """

    collection_id: str
    id: str
    type: str
    version: str
    spec_version: str
    date_added: datetime
    originator: str
    object: dict[str, Any]
    added_by: str = ""


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
    #: Identifies the user's current API key without revealing it (it changes when the
    #: key is rotated); page tokens are bound to it.
    key_id: str = field(default="", compare=False)
    #: When the key stops being accepted (UTC), ``None`` for never.
    expires: datetime | None = field(default=None, compare=False)
    #: When the user was revoked (UTC), ``None`` while active.
    revoked: datetime | None = field(default=None, compare=False)

    def usable(self, now: datetime) -> bool:
        """Whether the user's key is accepted at ``now``: not revoked, not expired."""
        return self.revoked is None and (self.expires is None or now < self.expires)

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
    entry without ``hash``; see :func:`allied.sharing.store.entry_hash`.
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


def new_status_id() -> str:
    """A fresh status id (a UUID 4, as TAXII suggests for resource ids)."""
    return str(uuid.uuid4())
