"""Who may write what: an object id belongs to its originator, a marking definition never changes.

:class:`Ownership` decides each object of one ``add_objects`` call, inside the
storage's write transaction (under its single writer lock), from what the
collection held when the lock was taken, so two writers cannot both pass a
check and then both write:

- an object id belongs to the nation that first posted it (its originator):
  a new version (including a revocation) from any other nation is refused;
  ids are compared in lower case, since the UUID of an id is case-insensitive
  (RFC 4122, section 3), so changing its case does not make a new object;
- a marking definition is immutable once posted: the same id with other
  content (even with another ``created``, even from its own originator) is
  refused, and may be used by everyone by reference only;
- an object of the envelope that uses a marking definition refused in the
  same envelope (here, or by the caller before storage) is refused with it;
- an exact duplicate of a stored version is a success that stores nothing.

What a writer cannot read stays unreadable through the answer to a write:
when the version (or, for ownership and redefinitions, every version of the
id) that makes an object a duplicate or a refusal is one the writer may not
read (``visible`` says which), the status reports the object exactly as a new
object's, ``{"id", "version"}`` with no message, and the refusal is recorded
only in the audit log. The object is not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "Held",
    "Ownership",
    "Verdict",
    "Visibility",
    "WriteOutcome",
    "folded",
    "marking_refs",
]

#: Whether the writer may read the stored version ``(id, version)``.
Visibility = Callable[[str, str], bool]

NOT_OWNER = (
    "this object id belongs to another nation: only the nation that first posted it may add "
    "versions of it or revoke it (post your object under a new id)"
)
REDEFINED = (
    "a marking definition with this id is already in the collection with other content; "
    "marking definitions cannot be changed (post it under a new id)"
)
CONFLICT = (
    "another object with this id and version is already in the collection; give a new "
    "version a new 'modified' time"
)
DUPLICATE = "already in the collection; not added again"


def folded(object_id: str) -> str:
    """``object_id`` in lower case: RFC 4122 UUIDs are case-insensitive on input, so
    ``indicator--ABC...`` and ``indicator--abc...`` name one object (and one owner).

    Examples
    --------
    >>> folded("indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F")
    'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'
    """
    return object_id.lower()


def marking_refs(obj: Mapping[str, Any]) -> set[str]:
    """The marking-definition ids ``obj`` uses (object and granular markings)."""
    refs = obj.get("object_marking_refs")
    found = {ref for ref in refs if isinstance(ref, str)} if isinstance(refs, list) else set()
    granular = obj.get("granular_markings")
    if isinstance(granular, list):
        for marking in granular:
            ref = marking.get("marking_ref") if isinstance(marking, Mapping) else None
            if isinstance(ref, str):
                found.add(ref)
    return found


@dataclass
class Held:
    """What the collection holds of one id (in any case): its originator and versions."""

    originator: str
    versions: dict[str, Any] = field(default_factory=dict)  # version -> stored JSON
    added_now: set[str] = field(default_factory=set)  # versions added by this call


class Verdict(NamedTuple):
    """The decision on one object: store it or not, and what the status says.

    ``success`` and ``message`` are what the status reports; ``refusal`` is
    why an object reported as a plain success was not stored (audit only).
    """

    store: bool
    success: bool
    message: str | None = None
    refusal: str | None = None

    @property
    def duplicate(self) -> bool:
        """Whether the object is an exact duplicate of a stored version."""
        return not self.store and self.success and self.refusal is None


_ADD = Verdict(store=True, success=True)


def _concealed(reason: str) -> Verdict:
    return Verdict(store=False, success=True, refusal=reason)


def _refused(reason: str, *, hidden: bool) -> Verdict:
    return _concealed(reason) if hidden else Verdict(store=False, success=False, message=reason)


class Ownership:
    """The ownership and immutability rules over one write; see the module notes.

    Parameters
    ----------
    held
        What the collection holds of each id the envelope names, by :func:`folded` id.
    writer
        The nation of the writer (ISO3).
    visible
        Whether the writer may read a stored version (``None``: every version).
    refused_definitions
        Marking-definition ids refused before storage (their objects are refused too).
    """

    def __init__(
        self,
        held: dict[str, Held],
        *,
        writer: str,
        visible: Visibility | None,
        refused_definitions: Iterable[str] = (),
    ) -> None:
        self.held = held
        self.writer = writer
        self.visible = visible
        # refused definition id -> (message, hidden)
        self.refused: dict[str, tuple[str, bool]] = {
            ref: ("refused before storage", False) for ref in refused_definitions
        }

    def _sees(self, object_id: str, version: str) -> bool:
        held = self.held[folded(object_id)]
        if version in held.added_now or self.visible is None:
            return True
        stored_id = held.versions[version].get("id", object_id)  # as stored (its case)
        return self.visible(str(stored_id), version)

    def _sees_any(self, object_id: str) -> bool:
        versions = self.held[folded(object_id)].versions
        return any(self._sees(object_id, version) for version in versions)

    def judge_definition(self, object_id: str, version: str, document: Any) -> Verdict:
        """The verdict on a marking definition; a refusal is remembered for its users."""
        held = self.held.get(folded(object_id))
        if held is None:
            return _ADD
        if held.versions.get(version) == document:
            return self._duplicate(object_id, version)
        hidden = not self._sees_any(object_id)
        self.refused.setdefault(object_id, (REDEFINED, hidden))
        return _refused(REDEFINED, hidden=hidden)

    def judge(self, object_id: str, version: str, document: Any, obj: Mapping[str, Any]) -> Verdict:
        """The verdict on any other object (marking definitions: :meth:`judge_definition`)."""
        held = self.held.get(folded(object_id))
        if held is not None and version in held.versions:
            if held.versions[version] == document:
                return self._duplicate(object_id, version)
            return _refused(CONFLICT, hidden=not self._sees(object_id, version))
        if held is not None and held.originator != self.writer:
            return _refused(NOT_OWNER, hidden=not self._sees_any(object_id))
        return self._by_definitions(obj)

    def _duplicate(self, object_id: str, version: str) -> Verdict:
        if self._sees(object_id, version):
            return Verdict(store=False, success=True, message=DUPLICATE)
        return Verdict(store=False, success=True)

    def _by_definitions(self, obj: Mapping[str, Any]) -> Verdict:
        """Refused when it uses a refused definition (shown if any of them was shown)."""
        refused = sorted(ref for ref in marking_refs(obj) if ref in self.refused)
        if not refused:
            return _ADD
        shown = [ref for ref in refused if not self.refused[ref][1]]
        ref = (shown or refused)[0]
        reason = f"uses marking definition {ref}, which was refused in this request"
        return _refused(reason, hidden=not shown)

    def added(self, object_id: str, version: str, document: Any) -> None:
        """Record a version stored by this call (later objects of the envelope see it)."""
        held = self.held.setdefault(folded(object_id), Held(self.writer))
        held.versions[version] = document
        held.added_now.add(version)


#: One object as :func:`~allied.sharing.store.stix_identity` checked it: the
#: object, its ``(id, type, version, spec_version)`` or why it is invalid, its JSON.
Checked = tuple[Mapping[str, Any], tuple[str, str, str, str] | str, Any]
#: A row to store: id, type, version, spec_version and the JSON.
Row = tuple[str, str, str, str, Any]


def _invalid(obj: Mapping[str, Any], problem: str) -> dict[str, Any]:
    """The status failure of an object without a valid identity."""
    raw_id = obj.get("id") if isinstance(obj, Mapping) else None
    raw_version = obj.get("modified") or obj.get("created") if isinstance(obj, Mapping) else ""
    return {
        "id": raw_id if isinstance(raw_id, str) else "",
        "version": raw_version if isinstance(raw_version, str) else "",
        "message": problem,
    }


class WriteOutcome:
    """The status details and audit record of one write, as :class:`Ownership` decides it.

    Parameters
    ----------
    failures
        The failures of objects refused before storage (listed first).
    """

    def __init__(self, failures: list[dict[str, Any]]) -> None:
        self.successes: list[dict[str, Any]] = []
        self.failures = failures
        self.added: list[list[str]] = []
        self.duplicates: list[list[str]] = []
        self.concealed: list[list[str]] = []

    def decide(self, checked: list[Checked], ownership: Ownership) -> list[Row]:
        """The rows to store, in envelope order; records every object's outcome.

        Marking definitions are decided first, so an object is refused with a
        refused definition wherever the two stand in the envelope.
        """
        definitions: dict[int, Verdict] = {}
        for index, (_, identity, document) in enumerate(checked):
            if isinstance(identity, tuple) and identity[1] == "marking-definition":
                verdict = ownership.judge_definition(identity[0], identity[2], document)
                if verdict.store:
                    ownership.added(identity[0], identity[2], document)
                definitions[index] = verdict
        rows: list[Row] = []
        for index, (obj, identity, document) in enumerate(checked):
            if isinstance(identity, str):
                self.failures.append(_invalid(obj, identity))
                continue
            object_id, object_type, version, spec_version = identity
            if index in definitions:
                verdict = definitions[index]
            else:
                verdict = ownership.judge(object_id, version, document, obj)
                if verdict.store:
                    ownership.added(object_id, version, document)
            self._record(object_id, version, verdict)
            if verdict.store:
                rows.append((object_id, object_type, version, spec_version, document))
        return rows

    def _record(self, object_id: str, version: str, verdict: Verdict) -> None:
        detail: dict[str, Any] = {"id": object_id, "version": version}
        if verdict.message is not None:
            detail["message"] = verdict.message
        (self.successes if verdict.success else self.failures).append(detail)
        if verdict.store:
            self.added.append([object_id, version])
        elif verdict.duplicate:
            self.duplicates.append([object_id, version])
        elif verdict.refusal is not None:
            self.concealed.append([object_id, version, verdict.refusal])

    def audit_detail(self) -> dict[str, Any]:
        """The ``write`` audit entry's detail (without the status id)."""
        detail: dict[str, Any] = {
            "added": self.added,
            "duplicates": self.duplicates,
            "failures": [[f["id"], f["version"], f["message"]] for f in self.failures],
        }
        if self.concealed:
            detail["concealed"] = self.concealed
        return detail
