"""Browsing the audit log: select entries by user, nation, action, collection and time.

:func:`find_audit_entries` selects, :func:`audit_frame` tabulates (one row per
entry, its detail summarized), and :func:`audit_record` gives an entry as the
plain mapping exports write (JSON lines keep every field, so an exported log
can be re-hashed with :func:`~allied.sharing.store.entry_hash`);
:func:`audit_entry` reads one entry by its ``seq``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd

from allied._validation import check_nation
from allied.errors import InputError, NotFoundError
from allied.sharing.store._audit import canonical_json
from allied.sharing.store._protocol import Storage
from allied.sharing.store._records import AuditEntry, format_timestamp

__all__ = [
    "AuditSelection",
    "audit_entry",
    "audit_frame",
    "audit_record",
    "describe_detail",
    "find_audit_entries",
]

#: The columns of :func:`audit_frame`.
AUDIT_COLUMNS = ["seq", "time", "user", "nation", "action", "collection", "detail"]


@dataclass(frozen=True)
class AuditSelection:
    """Which audit entries to keep; ``None`` keeps every value.

    ``since`` and ``until`` are UTC dates, both inclusive (``until`` keeps the
    whole day).
    """

    user: str | None = None
    nation: str | None = None
    action: str | None = None
    collection: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.nation is not None:
            object.__setattr__(self, "nation", check_nation(self.nation, where="argument nation"))
        if self.since and self.until and self.since > self.until:
            raise InputError(
                f"since {self.since} is after until {self.until}",
                where="arguments since, until",
                fix="Give since on or before until.",
            )

    def keeps(self, entry: AuditEntry) -> bool:
        """Whether ``entry`` matches every criterion given."""
        wanted = (
            (self.user, entry.user),
            (self.nation, entry.nation),
            (self.action, entry.action),
            (self.collection, entry.collection),
        )
        if any(value is not None and value != found for value, found in wanted):
            return False
        if self.since and entry.time < datetime.combine(self.since, time(), UTC):
            return False
        end = self.until and datetime.combine(self.until + timedelta(days=1), time(), UTC)
        return not (end and entry.time >= end)


def find_audit_entries(
    storage: Storage, selection: AuditSelection | None = None, *, last: int | None = None
) -> list[AuditEntry]:
    """The entries ``selection`` keeps, by ``seq``; with ``last``, only the last ones."""
    if last is not None and last < 1:
        raise InputError(
            f"last must be at least 1, not {last}", where="argument last", fix="Give 1 or more."
        )
    chosen = selection or AuditSelection()
    kept: deque[AuditEntry] = deque(maxlen=last)
    kept.extend(entry for entry in storage.audit_entries() if chosen.keeps(entry))
    return list(kept)


def _count(value: Any) -> int:
    if isinstance(value, dict):
        return int(value.get("count", 0))
    return len(value) if isinstance(value, list) else 0


def describe_detail(entry: AuditEntry) -> str:
    """A short line about an entry's detail, for listings.

    Examples
    --------
    >>> from allied.sharing.store import GENESIS_HASH
    >>> entry = AuditEntry(3, datetime(2024, 1, 1, tzinfo=UTC), "u", "GBR", "write", "c",
    ...                    {"added": [["x", "v"]], "duplicates": [], "failures": []},
    ...                    GENESIS_HASH, GENESIS_HASH)
    >>> describe_detail(entry)
    'added 1, duplicates 0, failures 0'
    """
    detail = entry.detail
    if entry.action == "read":
        endpoint = _shown(str(detail.get("endpoint", "")))
        return (
            f"{endpoint}: released {_count(detail.get('released'))}, "
            f"withheld {_count(detail.get('withheld'))}"
        )
    if entry.action == "write":
        return ", ".join(
            f"{name} {_count(detail.get(name))}" for name in ("added", "duplicates", "failures")
        )
    text = _shown(canonical_json(detail).decode("utf-8"))
    return text if len(text) <= 120 else text[:119] + "\N{HORIZONTAL ELLIPSIS}"


def _shown(text: str) -> str:
    """``text`` for a terminal: details hold ids from requests' paths (reads, refused
    deletions), so a character that is not printable (controls, bidirectional
    overrides) is shown as its escape."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def audit_record(entry: AuditEntry) -> dict[str, Any]:
    """Every field of ``entry`` as plain JSON values (time as a TAXII timestamp)."""
    return {
        "seq": entry.seq,
        "time": format_timestamp(entry.time),
        "user": entry.user,
        "nation": entry.nation,
        "action": entry.action,
        "collection": entry.collection,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def audit_frame(entries: list[AuditEntry], *, full: bool = False) -> pd.DataFrame:
    """One row per entry: ``seq``, ``time``, ``user``, ``nation``, ``action``,
    ``collection`` and ``detail`` (summarized; with ``full``, the canonical JSON
    of the detail and the ``prev_hash`` and ``hash`` columns)."""
    rows: list[dict[str, Any]] = []
    for entry in entries:
        row = audit_record(entry)
        if full:
            row["detail"] = canonical_json(entry.detail).decode("utf-8")
        else:
            row["detail"] = describe_detail(entry)
            del row["prev_hash"], row["hash"]
        rows.append(row)
    columns = [*AUDIT_COLUMNS, "prev_hash", "hash"] if full else AUDIT_COLUMNS
    return pd.DataFrame(rows, columns=columns).astype({"seq": "int64"})


def audit_entry(storage: Storage, seq: int) -> AuditEntry:
    """The entry ``seq``, read by its key; a :class:`~allied.errors.NotFoundError` if absent."""
    found = next(storage.audit_entries(after=seq - 1), None)
    if found is None or found.seq != seq:
        raise NotFoundError(
            f"no audit entry {seq}",
            where="argument seq",
            fix="List the entries with `allied sharing audit list`.",
        )
    return found
