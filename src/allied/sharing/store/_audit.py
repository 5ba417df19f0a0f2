"""The exchange's audit log: append-only, hash-chained, verifiable.

Every entry holds ``seq`` (1, 2, 3, ... without gaps), the UTC time, the user
and nation, the action (``"read"``, ``"write"``, ``"delete"``,
``"delete-refused"``, ``"user-added"``, ``"collection-added"``), the
collection, a JSON ``detail``,
``prev_hash`` (the previous entry's ``hash``; 64 zeros for the first entry)
and ``hash = sha256(prev_hash + canonical JSON of the entry without hash)``.
Canonical JSON is :func:`canonical_json`: sorted keys, no whitespace, UTF-8.

The chain covers content: a ``"write"`` entry lists the ``[id, version]`` of
each object version it stored (``added``) and, in the same order, the SHA-256
of its canonical JSON (``sha256``, :func:`content_digest`), so an object edited
in the database (a TLP:RED marking turned into TLP:CLEAR) or inserted there
fails :func:`verify_audit`. A read entry has a constant size whatever it
returns: the count and the :func:`content_digest` of the released, withheld and
redacted ``[id, version]`` sets, the collection version and date of the view
they were taken from, and the digest of the query's filters.

Protection in depth:

- the database refuses ``UPDATE`` and ``DELETE`` on the log (SQLite triggers,
  PostgreSQL triggers, also on ``TRUNCATE``);
- appends are serialized by the storage's writer lock, so the chain never forks;
- the storage keeps an *anchor*, the setting ``audit_head`` = ``"SEQ:HASH"`` of
  the last entry, written in the same transaction as each append.

What :func:`verify_audit` detects and what it cannot (it first checks the
database's own integrity, :meth:`~allied.sharing.store.Storage.check_integrity`):

- a changed field of any entry (its hash no longer matches its content);
- a changed ``prev_hash`` or a rewritten entry whose hash was recomputed (the
  next entry's link breaks);
- deleted or inserted entries in the middle (a gap or repeat in ``seq``, or a
  broken link);
- deleted entries at the end (the last entry is not the anchor);
- a stored object version whose JSON changed since its ``"write"`` entry, or
  that no ``"write"`` entry records (a version a ``"delete"`` entry removed and
  that is back in the database is recorded by none); *not* a deleted object row
  (the ``"delete"`` entry of a retraction names what it removed, and its hash);
- *not* a consistent rewrite of the whole chain together with the anchor by
  someone with write access to the database: that needs an anchor kept
  elsewhere. :attr:`AuditReport.head` is ``"SEQ:HASH"`` of the last entry;
  record it outside the database (a ticket, a signed e-mail) and pass it back
  as ``anchor=`` (CLI: ``--anchor``) to prove that the log up to that entry is
  unchanged.

References
----------
.. [1] Schneier, B., & Kelsey, J. (1999). Secure audit logs to support computer
   forensics. ACM Transactions on Information and System Security, 2(2),
   159-176. https://doi.org/10.1145/317087.317089
.. [2] Crosby, S. A., & Wallach, D. S. (2009). Efficient data structures for
   tamper-evident logging. USENIX Security Symposium, 317-334.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pandas as pd

from allied._results import Result
from allied.errors import InputError
from allied.sharing.store._protocol import Storage
from allied.sharing.store._records import AuditEntry, format_timestamp

__all__ = [
    "ANCHOR_SETTING",
    "ARCHIVE_SETTING",
    "GENESIS_HASH",
    "AuditReport",
    "canonical_json",
    "content_digest",
    "entry_hash",
    "verify_audit",
]

#: ``prev_hash`` of the first entry.
GENESIS_HASH = "0" * 64
#: The setting holding ``"SEQ:HASH"`` of the last entry.
ANCHOR_SETTING = "audit_head"
#: The setting holding ``"SEQ:HASH"`` of the last entry moved to an archive file.
ARCHIVE_SETTING = "audit_archived"


def canonical_json(value: Any) -> bytes:
    """``value`` as canonical JSON bytes: sorted keys, no spaces, UTF-8, no NaN.

    Examples
    --------
    >>> canonical_json({"b": [1, "é"], "a": None})
    b'{"a":null,"b":[1,"\\xc3\\xa9"]}'
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``value``.

    A ``"write"`` entry records it for each object version it stored (its
    ``sha256`` list, in the order of ``added``), and a read entry for the set
    of ``[id, version]`` pairs it released: given a claimed set, anyone can
    check it against the entry.

    Examples
    --------
    >>> content_digest([["indicator--1", "2024-01-01T00:00:00.000Z"]])[:16]
    '79ad54f3de816571'
    """
    return hashlib.sha256(canonical_json(value)).hexdigest()


def normalize_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """``detail`` as it reads back from JSON (tuples become lists, keys strings)."""
    try:
        loaded = json.loads(canonical_json(dict(detail)))
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"audit detail is not JSON: {exc}",
            where="argument detail",
            fix="Use strings, numbers, booleans, None, lists and string-keyed mappings.",
        ) from exc
    return dict(loaded)


def entry_hash(
    *,
    seq: int,
    time: datetime,
    user: str,
    nation: str,
    action: str,
    collection: str | None,
    detail: Mapping[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of ``prev_hash`` followed by the canonical JSON of the entry.

    Examples
    --------
    >>> from datetime import UTC
    >>> h = entry_hash(seq=1, time=datetime(2024, 1, 1, tzinfo=UTC), user="u",
    ...                nation="GBR", action="read", collection="c", detail={},
    ...                prev_hash=GENESIS_HASH)
    >>> len(h), h == entry_hash(seq=1, time=datetime(2024, 1, 1, tzinfo=UTC), user="u",
    ...     nation="GBR", action="read", collection="c", detail={}, prev_hash=GENESIS_HASH)
    (64, True)
    """
    body = {
        "seq": seq,
        "time": format_timestamp(time),
        "user": user,
        "nation": nation,
        "action": action,
        "collection": collection,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(body)).hexdigest()


def _recomputed(entry: AuditEntry) -> str:
    return entry_hash(
        seq=entry.seq,
        time=entry.time,
        user=entry.user,
        nation=entry.nation,
        action=entry.action,
        collection=entry.collection,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
    )


@dataclass(frozen=True)
class AuditReport(Result):
    """The result of :func:`verify_audit`.

    Attributes
    ----------
    ok
        Whether the whole log verified.
    entries
        How many entries were read.
    first_bad
        The ``seq`` of the first entry found wrong (for a gap: the first
        missing ``seq``), or ``None``.
    problem
        What is wrong there, as a sentence, or ``None``.
    head
        ``"SEQ:HASH"`` of the last entry read (``None`` for an empty log):
        record it outside the database to detect a later rewrite.
    objects
        How many stored object versions were found identical to the content
        their ``"write"`` entry hashed (versions written before entries
        carried hashes are not counted).
    """

    ok: bool
    entries: int
    first_bad: int | None
    problem: str | None
    head: str | None = None
    objects: int = 0

    def summary(self) -> str:
        """One line for people."""
        if self.ok:
            plural = "" if self.objects == 1 else "s"
            content = f", {self.objects} object version{plural} unchanged" if self.objects else ""
            return f"audit log verified: {self.entries} entries{content}"
        if self.first_bad is None:
            return f"audit log tampered: {self.problem}"
        return f"audit log tampered at entry {self.first_bad}: {self.problem}"

    def to_frame(self) -> pd.DataFrame:
        """The report as one row: ``ok``, ``entries``, ``first_bad``, ``problem``, ``head``,
        ``objects``."""
        row = {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad": self.first_bad,
            "problem": self.problem,
            "head": self.head,
            "objects": self.objects,
        }
        frame = pd.DataFrame([row], columns=list(row))
        return frame.astype({"first_bad": "Int64"})


def _parse_anchor(anchor: str, *, where: str) -> tuple[int, str]:
    seq_text, sep, digest = anchor.strip().partition(":")
    if not sep or not seq_text.isdigit() or len(digest) != 64:
        raise InputError(
            f"invalid audit anchor {anchor!r}",
            where=where,
            fix="Give the 'SEQ:HASH' printed by `allied sharing audit verify`.",
        )
    return int(seq_text), digest.lower()


#: (collection, id, version) -> (seq of the write entry, sha256 or None for old entries)
_Recorded = dict[tuple[str, str, str], tuple[int, str | None]]


def verify_audit(
    storage: Storage,
    *,
    anchor: str | None = None,
    archives: Sequence[Iterable[AuditEntry]] = (),
) -> AuditReport:
    """Check the database, recompute the audit chain, then the stored objects' content.

    Parameters
    ----------
    storage
        The exchange's storage.
    anchor
        ``"SEQ:HASH"`` recorded earlier outside the database (from
        :attr:`AuditReport.head`); the entry ``SEQ`` must still have that hash.
    archives
        The entries moved out of the database by
        :func:`~allied.sharing.store.archive_audit`, oldest archive first
        (:func:`~allied.sharing.store.read_archive` reads a file). With them
        the chain is checked from its first entry and the content of objects
        written by archived entries too; without them, from the archive
        anchor (setting ``audit_archived``), and objects whose write entry is
        archived are not checked.

    Returns
    -------
    AuditReport
        ``ok`` with the number of entries and of object versions checked, or
        the first bad ``seq`` and what is wrong with it. An object version
        whose stored JSON no longer hashes to what its ``"write"`` entry
        recorded (edited in the database), or that no ``"write"`` entry
        records (inserted in the database), fails the report.

    Raises
    ------
    DataNotAvailableError
        The database itself is damaged (:meth:`Storage.check_integrity`).
    """
    external = _parse_anchor(anchor, where="argument anchor") if anchor is not None else None
    storage.check_integrity()
    recorded: _Recorded = {}
    archived = storage.setting(ARCHIVE_SETTING)
    start = _Start(1, GENESIS_HASH)
    if archived is not None and not archives:
        seq, digest = _parse_anchor(archived, where=f"setting {ARCHIVE_SETTING}")
        start = _Start(seq + 1, digest, partial=True)
        if external is not None and external[0] <= seq:
            raise InputError(
                f"the anchor's entry {external[0]} is archived (entries up to {seq} are)",
                where="argument anchor",
                fix="Give the archive files too (--archive FILE for each, oldest first).",
            )
    entries = itertools.chain(*archives, _checked_archive_end(archives, archived, storage))
    report = _verify_chain(storage, entries, start, external, recorded)
    return _verify_content(storage, recorded, report, start.partial) if report.ok else report


@dataclass(frozen=True)
class _Start:
    """Where the chain checked starts: its first ``seq`` and the ``prev_hash`` it links to."""

    seq: int
    link: str
    partial: bool = False  # earlier entries are archived and not given


def _checked_archive_end(
    archives: Sequence[Iterable[AuditEntry]], archived: str | None, storage: Storage
) -> Iterator[AuditEntry]:
    """The database's entries (the archives must end where the database's anchor says)."""
    if archives and archived is None:
        raise InputError(
            "archives given, but this database has archived no audit entries",
            where="argument archives",
            fix="Verify without archive files, or give the database they were archived from.",
        )
    return storage.audit_entries()


def _record_write(entry: AuditEntry, recorded: _Recorded) -> None:
    """Remember the content hash of each object version a ``"write"`` entry added."""
    added = entry.detail.get("added")
    removed = entry.detail.get("removed")
    if entry.action == "delete" and entry.collection is not None and isinstance(removed, list):
        for pair in removed:  # a row put back after its deletion is recorded by no entry
            if isinstance(pair, list) and len(pair) >= 2:
                recorded.pop((entry.collection, str(pair[0]), str(pair[1])), None)
        return
    if entry.action != "write" or entry.collection is None or not isinstance(added, list):
        return
    digests = entry.detail.get("sha256")
    if not isinstance(digests, list) or len(digests) != len(added):
        digests = [None] * len(added)  # written before entries carried hashes
    for pair, digest in zip(added, digests, strict=True):
        if isinstance(pair, list) and len(pair) >= 2:
            key = (entry.collection, str(pair[0]), str(pair[1]))
            recorded[key] = (entry.seq, None if digest is None else str(digest))


def _verify_content(
    storage: Storage, recorded: _Recorded, chain: AuditReport, partial: bool
) -> AuditReport:
    """``chain`` with the count of object versions checked, or the first one changed.

    ``partial``: entries are archived and not given, so a version no entry
    records may have been written by one of them and is not checked.
    """
    checked = 0
    for record in storage.collections():
        for item in storage.objects(record.id):
            found = recorded.get((record.id, item.id, item.version))
            where = (
                f"{item.type} {item.id} version {item.version or '(none)'} "
                f"in collection {record.id!r}"
            )
            if found is None and partial:
                continue
            if found is None:
                problem = f"{where} is recorded by no write entry (inserted in the database)"
                return replace(chain, ok=False, first_bad=None, problem=problem)
            seq, digest = found
            if digest is None:
                continue
            if content_digest(item.object) != digest:
                problem = (
                    f"{where} was changed after this entry stored it "
                    "(its content no longer matches the recorded sha256)"
                )
                return replace(chain, ok=False, first_bad=seq, problem=problem)
            checked += 1
    return replace(chain, objects=checked)


def _verify_chain(
    storage: Storage,
    entries: Iterable[AuditEntry],
    start: _Start,
    external: tuple[int, str] | None,
    recorded: _Recorded,
) -> AuditReport:
    """The hash chain's report; fills ``recorded`` from the ``"write"`` entries."""
    stored = storage.setting(ANCHOR_SETTING)
    count = 0
    previous: AuditEntry | None = None
    expected_seq = start.seq
    external_seen = False

    def bad(seq: int, problem: str) -> AuditReport:
        head = f"{previous.seq}:{previous.hash}" if previous else None
        return AuditReport(False, count, seq, problem, head)

    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                missing = (
                    f"entry {expected_seq} is missing"
                    if entry.seq == expected_seq + 1
                    else f"entries {expected_seq} to {entry.seq - 1} are missing"
                )
                return bad(expected_seq, f"gap in the sequence: {missing} (deleted)")
            return bad(
                expected_seq,
                f"sequence out of order: expected entry {expected_seq}, found entry {entry.seq}",
            )
        link = previous.hash if previous else start.link
        if entry.prev_hash != link:
            what = (
                f"entry {entry.seq - 1}"
                if previous
                else ("the archive anchor" if start.partial else "the genesis value")
            )
            return bad(
                entry.seq,
                f"broken link: prev_hash does not match the hash of {what} "
                "(an earlier entry was rewritten, or this link was changed)",
            )
        if _recomputed(entry) != entry.hash:
            return bad(
                entry.seq, "content changed: the stored hash does not match the entry's fields"
            )
        if external and entry.seq == external[0]:
            external_seen = True
            if entry.hash != external[1]:
                return bad(entry.seq, "the hash differs from the external anchor")
        _record_write(entry, recorded)
        previous = entry
        expected_seq += 1
    head = f"{previous.seq}:{previous.hash}" if previous else None
    if external and not external_seen:
        return AuditReport(
            False,
            count,
            external[0],
            f"the external anchor's entry {external[0]} is missing (entries deleted)",
            head,
        )
    if stored is None:
        if previous is not None:
            return AuditReport(False, count, previous.seq, "the anchor setting is missing", head)
        return AuditReport(True, 0, None, None, None)
    anchor_seq, anchor_hash = _parse_anchor(stored, where=f"setting {ANCHOR_SETTING}")
    last_seq = previous.seq if previous else start.seq - 1
    if anchor_seq > last_seq:
        return AuditReport(
            False,
            count,
            last_seq + 1,
            f"entries {last_seq + 1} to {anchor_seq} are missing: the log ends before "
            "its anchor (tail deleted)",
            head,
        )
    if anchor_seq < last_seq or previous is None or previous.hash != anchor_hash:
        return AuditReport(
            False,
            count,
            last_seq,
            f"the last entry does not match the anchor {anchor_seq}:{anchor_hash[:12]}...",
            head,
        )
    return AuditReport(True, count, None, None, head)
