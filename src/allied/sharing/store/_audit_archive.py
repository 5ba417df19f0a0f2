"""Archiving old audit entries to a file while the chain stays verifiable.

:func:`archive_audit` moves the entries before ``seq`` ``before`` to a JSON
lines file (every field, as ``allied sharing audit export`` writes them),
then, in one transaction, deletes them from the database and records the
*archive anchor*, ``"SEQ:HASH"`` of the last entry archived (setting
``audit_archived``). The first entry left links to that hash, so
:func:`~allied.sharing.store.verify_audit` checks the log from the anchor on;
given the archive files (:func:`read_archive`) it checks the whole chain from
the first entry, and the content of the objects the archived entries wrote.
Keep the files, and the anchor printed, outside the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from allied._io import write_atomic
from allied._results import Result
from allied._validation import check_output_path, read_text
from allied.errors import InputError
from allied.sharing.store._audit import ARCHIVE_SETTING, verify_audit
from allied.sharing.store._audit_browse import audit_record
from allied.sharing.store._protocol import Storage
from allied.sharing.store._records import AuditEntry
from allied.sharing.store._urls import redact_url

__all__ = ["ArchiveReport", "archive_audit", "read_archive"]


@dataclass(frozen=True)
class ArchiveReport(Result):
    """What :func:`archive_audit` moved: the file, how many entries, and the anchor."""

    path: str
    entries: int
    anchor: str

    def summary(self) -> str:
        """One line for people."""
        return (
            f"archived {self.entries} audit entries to {self.path}; archive anchor "
            f"{self.anchor} (keep it with the file)"
        )

    def to_frame(self) -> pd.DataFrame:
        """The report as one row: ``path``, ``entries``, ``anchor``."""
        return pd.DataFrame([{"path": self.path, "entries": self.entries, "anchor": self.anchor}])


def archive_audit(storage: Storage, *, before: int, path: str | Path) -> ArchiveReport:
    """Move the audit entries before ``before`` to the JSON lines file ``path``.

    The log must verify first, ``path`` must not exist (an archive is never
    overwritten), and at least the last entry stays in the database. The file
    is written (atomically) before anything is deleted.

    Raises
    ------
    InputError
        ``before`` out of range, nothing left to archive, ``path`` exists or
        cannot be written, or the log does not verify.
    """
    target = check_output_path(path, where="argument path")
    if target.exists():
        raise InputError(
            f"{str(target)!r} exists: an archive is never overwritten",
            where="argument path",
            fix="Give a new file name.",
        )
    report = verify_audit(storage)
    if not report.ok:
        raise InputError(
            f"the audit log does not verify: {report.summary()}",
            where=f"storage {redact_url(storage.url)}",
            fix="Investigate the damage first: only an intact log is archived.",
        )
    last = int(report.head.partition(":")[0]) if report.head else 0
    if not isinstance(before, int) or not 2 <= before <= last:
        raise InputError(
            f"cannot archive the entries before {before}: the log ends at entry {last}",
            where="argument before",
            fix=f"Give a seq from 2 to {last} (the entries before it are archived).",
        )
    previous = storage.setting(ARCHIVE_SETTING)
    entries = [entry for entry in storage.audit_entries() if entry.seq < before]
    if not entries:
        raise InputError(
            f"the entries before {before} are archived already (anchor {previous})",
            where="argument before",
            fix="Give a later seq.",
        )
    write_atomic(target, "".join(_line(entry) for entry in entries))
    anchor = f"{entries[-1].seq}:{entries[-1].hash}"
    storage.drop_audit_before(before, anchor=anchor, previous=previous)
    return ArchiveReport(str(target), len(entries), anchor)


def _line(entry: AuditEntry) -> str:
    return json.dumps(audit_record(entry), ensure_ascii=False) + "\n"


def read_archive(path: str | Path) -> Iterator[AuditEntry]:
    """The entries of an archive file written by :func:`archive_audit`, in order."""
    where = f"archive {str(path)!r}"
    text = read_text(path, where=where, fix="Give the archive file written by audit archive.")
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            record = json.loads(line)
            yield AuditEntry(
                int(record["seq"]),
                datetime.strptime(record["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
                str(record["user"]),
                str(record["nation"]),
                str(record["action"]),
                None if record["collection"] is None else str(record["collection"]),
                dict(record["detail"]),
                str(record["prev_hash"]),
                str(record["hash"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"line {number} is not an audit entry: {exc}",
                where=where,
                fix="Give the archive file unchanged, as audit archive wrote it.",
            ) from None
