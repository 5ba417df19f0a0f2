"""The exchange's storage: one protocol, SQLite and PostgreSQL, and the hash-chained audit log.

This room depends on :mod:`allied.sharing.policy` only (for clearances).

- :class:`Storage`: what the exchange needs from a database (collections, STIX
  object versions, TAXII statuses, users with hashed API keys, settings, the
  audit log); :class:`SqliteStorage` (one file, WAL, durable commits) and
  :class:`PostgresStorage` implement it over the same SQL;
- :func:`open_storage` picks one from a URL (:func:`default_storage_url`:
  ``$ALLIED_SHARING_DB``, else ``sharing.db`` in the allied data folder);
- the records it returns (:class:`StoredObject`, :class:`StatusRecord`,
  :class:`UserRecord`, :class:`CollectionRecord`, :class:`AuditEntry`) and the
  checks of what it is given (:func:`stix_identity`, :func:`check_collection_id`,
  :func:`check_user_name`);
- the audit chain: :func:`verify_audit` returns an :class:`AuditReport` (a
  :class:`~allied._results.Result`); :func:`entry_hash`,
  :func:`canonical_json` and :func:`content_digest` define the hashes;
  :func:`find_audit_entries` (with an :class:`AuditSelection`),
  :func:`audit_entry`, :func:`audit_frame` and :func:`audit_record` browse it;
  :func:`archive_audit` moves old entries to a file behind an anchor and
  :func:`read_archive` reads them back for :func:`verify_audit`.

``PostgresStorage`` is imported on first use, so the PostgreSQL driver is not
loaded for a SQLite file.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     storage = open_storage(f"sqlite:///{folder}/exchange.db")
...     record = storage.create_collection("intel", title="Shared indicators")
...     report = verify_audit(storage)
...     storage.close()
>>> report.summary()
'audit log verified: 1 entries'
"""

from typing import TYPE_CHECKING, Any

from allied.sharing.store._audit import (
    ANCHOR_SETTING,
    ARCHIVE_SETTING,
    GENESIS_HASH,
    AuditReport,
    canonical_json,
    content_digest,
    entry_hash,
    normalize_detail,
    verify_audit,
)
from allied.sharing.store._audit_archive import ArchiveReport, archive_audit, read_archive
from allied.sharing.store._audit_browse import (
    AuditSelection,
    audit_entry,
    audit_frame,
    audit_record,
    describe_detail,
    find_audit_entries,
)
from allied.sharing.store._checks import (
    STIX_TIMESTAMP,
    check_collection_id,
    check_user_name,
    stix_identity,
)
from allied.sharing.store._open import STORAGE_ENV, default_storage_url, open_storage
from allied.sharing.store._protocol import SCHEMA_VERSION, Storage
from allied.sharing.store._records import (
    AuditEntry,
    CollectionRecord,
    Deletion,
    StatusRecord,
    StoredObject,
    UserRecord,
    format_timestamp,
    new_status_id,
)
from allied.sharing.store._sqlite import SqliteStorage
from allied.sharing.store._urls import redact_url, sqlite_path

if TYPE_CHECKING:
    from allied.sharing.store._postgres import PostgresStorage

__all__ = [
    "ANCHOR_SETTING",
    "ARCHIVE_SETTING",
    "GENESIS_HASH",
    "SCHEMA_VERSION",
    "STIX_TIMESTAMP",
    "STORAGE_ENV",
    "ArchiveReport",
    "AuditEntry",
    "AuditReport",
    "AuditSelection",
    "CollectionRecord",
    "Deletion",
    "PostgresStorage",
    "SqliteStorage",
    "StatusRecord",
    "Storage",
    "StoredObject",
    "UserRecord",
    "archive_audit",
    "audit_entry",
    "audit_frame",
    "audit_record",
    "canonical_json",
    "check_collection_id",
    "check_user_name",
    "content_digest",
    "default_storage_url",
    "describe_detail",
    "entry_hash",
    "find_audit_entries",
    "format_timestamp",
    "new_status_id",
    "normalize_detail",
    "open_storage",
    "read_archive",
    "redact_url",
    "sqlite_path",
    "stix_identity",
    "verify_audit",
]


def __getattr__(name: str) -> Any:
    """:class:`PostgresStorage`, imported with its driver on first use."""
    if name == "PostgresStorage":
        from allied.sharing.store._postgres import PostgresStorage

        return PostgresStorage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
