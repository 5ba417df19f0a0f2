"""STIX 2.1 bundle filtering for one recipient.

:func:`filter_objects` decides every object version on its own and returns
what one recipient may see (the TAXII server, through :func:`filter_prepared`,
also applies rule 2a):

1. an object whose object-level markings deny is withheld whole, and so is an
   object that uses a marking definition the recipient cannot receive (one
   refused as contradictory, or one whose own markings deny): a consumer that
   cannot resolve an ``object_marking_refs`` entry must reject the object;
2. content under a granular marking that denies (the object's markings and
   every granular marking on the content or its ancestors, combined) is
   removed; a list item that loses a part it requires goes whole, an emptied
   list or dictionary goes too, and the object is withheld when a property
   its type requires would go. Surviving selectors are re-indexed;
2a. re-marking (:func:`filter_prepared` with ``newest_governs``): an object whose newest version
   (latest ``modified``) is withheld is withheld in every version
   (:mod:`allied.sharing.stix._remarking`), so a version re-marked from
   TLP:GREEN to TLP:RED stops the GREEN one too;
3. references are closed: relationships whose ``source_ref`` or
   ``target_ref`` and sightings whose ``sighting_of_ref``,
   ``where_sighted_refs`` or ``observed_data_refs`` point at a withheld object
   are dropped; other references to withheld objects are removed (an optional
   ``created_by_ref``, entries of ``object_refs`` and other ``*_refs`` lists),
   and the object is withheld when a required reference list becomes empty.
   This repeats until nothing changes;
4. marking definitions are released only when a released object uses them.

An identifier counts as withheld when the input holds versions of it and none
is released; references to identifiers absent from the input are left alone.
References are the ``*_ref`` and ``*_refs`` properties at any depth; the
extension-definition identifiers used as keys of ``extensions`` are not
followed. Granular markings combine with the object's markings (a granular
marking never widens what the object markings allow).
Decisions are memoised per distinct marking set (and originator) inside one
call, so a call costs one :func:`~allied.sharing.policy.decide` per distinct
marking combination plus linear work in the size of the objects.

Filtering the same objects for many recipients, or a growing set of objects
again after each addition, can start from
:class:`~allied.sharing.stix.PreparedObjects`: the input
checks, the marking signature of each object and the index of who references
whom are computed once per object version, so each filtering run is one
dictionary lookup per object without granular markings, the full rules for the
others, and the reference closure over the referrers of withheld objects only.

References
----------
.. [1] OASIS, "STIX Version 2.1", OASIS Standard, 10 June 2021, sections 3.6
   (versioning), 5 (relationship objects) and 7.2 (data markings).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

import pandas as pd

from allied._results import Result
from allied.errors import InputError
from allied.sharing.policy import (
    Decision,
    Marking,
    Recipient,
    SharingPolicy,
    UnknownMarking,
    decide,
    granular_markings,
    marking_from_definition,
    object_markings,
)
from allied.sharing.stix._prepared import Key, PreparedObjects, check_objects
from allied.sharing.stix._remarking import SUPERSEDED, superseded
from allied.sharing.stix._select import (
    Path,
    format_selector,
    parse_selector,
    references,
    remapper,
    remove_paths,
    selects,
)
from allied.sharing.stix._spec import missing_required

__all__ = [
    "DROP_WHEN_WITHHELD",
    "FilterResult",
    "Outcome",
    "filter_bundle",
    "filter_objects",
    "filter_prepared",
]

#: Reference properties whose pointing at a withheld object drops the whole object.
DROP_WHEN_WITHHELD: Mapping[str, frozenset[str]] = {
    "relationship": frozenset({"source_ref", "target_ref"}),
    "sighting": frozenset({"sighting_of_ref", "where_sighted_refs", "observed_data_refs"}),
}

# content that cannot be removed without misrepresenting how the object is marked
_UNREMOVABLE = frozenset({"object_marking_refs", "granular_markings"})


@dataclass(frozen=True)
class FilterResult(Result):
    """What one recipient may see of a set of STIX objects.

    Attributes
    ----------
    objects
        The released objects, in input order, with redactions applied. Nested
        values that were not changed are shared with the input objects.
    released
        ``(id, version)`` of each released object, in the same order.
    withheld
        ``(id, version)`` to the reasons each withheld object was withheld.
    redacted
        ``(id, version)`` of released objects that lost content to the
        selectors of what was removed (each in the coordinates of the object
        at the step that removed it).

    Notes
    -----
    The version of an object is its ``modified`` timestamp, else its
    ``created`` timestamp, else ``""`` (cyber-observables).
    """

    objects: tuple[dict[str, Any], ...]
    released: tuple[Key, ...]
    withheld: Mapping[Key, tuple[str, ...]]
    redacted: Mapping[Key, tuple[str, ...]]

    def bundle(self) -> dict[str, Any]:
        """The released objects as a STIX 2.1 bundle with a fresh UUIDv4 identifier."""
        return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": list(self.objects)}

    def summary(self) -> str:
        """How many object versions were released, withheld and redacted."""
        return (
            f"released {len(self.released)}, withheld {len(self.withheld)}, "
            f"redacted {len(self.redacted)}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per object version: ``id``, ``version``, ``outcome`` (released,
        redacted or withheld) and ``detail`` (the reasons withheld, or the
        selectors removed, separated by ``"; "``); released versions first."""
        rows = []
        for key in self.released:
            cut = self.redacted.get(key, ())
            rows.append((*key, "redacted" if cut else "released", "; ".join(cut)))
        rows += [(*key, "withheld", "; ".join(reasons)) for key, reasons in self.withheld.items()]
        return pd.DataFrame(rows, columns=["id", "version", "outcome", "detail"])


class _Withheld(Exception):  # noqa: N818 - control flow, never escapes this module
    def __init__(self, *reasons: str) -> None:
        self.reasons = reasons


class _Filter:
    """One filtering run: the recipient, the marking registry and the decision memo."""

    def __init__(
        self,
        recipient: Recipient,
        on: date,
        policy: SharingPolicy | None,
        raw_definitions: Mapping[str, Mapping[str, Any]],
        originators: Mapping[str, str] | Mapping[Key, str] | str | None,
        conflicts: Set[str] = frozenset(),
        memo: dict[Any, Decision] | None = None,
    ) -> None:
        self.recipient = recipient
        self.on = on
        self.policy = policy
        self.originators = originators
        # (markings, originator) -> the policy's decision for this recipient, date and policy
        self.memo: dict[Any, Decision] = {} if memo is None else memo
        self.markings: dict[str, Marking] = {}
        # marking definitions the recipient cannot receive -> why
        self.blocked: dict[str, str] = {}
        for ref, definition in raw_definitions.items():
            if ref in conflicts:
                reason = f"marking definition {ref} is given more than once with different content"
                self.markings[ref] = UnknownMarking(ref, reason)
                self.blocked[ref] = reason
                continue
            try:
                self.markings[ref] = marking_from_definition(definition)
            except InputError as err:
                self.markings[ref] = UnknownMarking(ref, str(err))
                self.blocked[ref] = f"marking definition {ref} is refused: {err}"
        for ref, definition in raw_definitions.items():
            # an unmarked definition only says how other content is marked: not withheld
            if ref in self.blocked or not definition.get("object_marking_refs"):
                continue
            verdict = self.judge(object_markings(definition, self.markings), self.originator(ref))
            if not verdict.allowed:
                self.blocked[ref] = f"marking definition {ref} is withheld: " + "; ".join(
                    verdict.reasons
                )

    def originator(self, object_id: str, version: str | None = None) -> str | None:
        if isinstance(self.originators, str) or self.originators is None:
            return self.originators
        return _origin(self.originators, object_id, version)

    def judge(self, markings: list[Marking], originator: str | None) -> Decision:
        key = (frozenset(markings), originator)
        verdict = self.memo.get(key)
        if verdict is None:
            verdict = decide(
                markings, self.recipient, on=self.on, originator=originator, policy=self.policy
            )
            self.memo[key] = verdict
        return verdict

    def first_pass(
        self, obj: Mapping[str, Any], originator: str | None
    ) -> tuple[dict[str, Any], list[str]]:
        """``obj`` (originated by ``originator``) after its own markings, or :class:`_Withheld`."""
        refs = obj.get("object_marking_refs") or []
        if isinstance(refs, list):
            blocked = [self.blocked[r] for r in refs if isinstance(r, str) and r in self.blocked]
            if blocked:
                raise _Withheld(*blocked)
        own = object_markings(obj, self.markings)
        if obj["type"] == "marking-definition":
            if obj["id"] in self.blocked:  # refused, or its own markings deny
                raise _Withheld(self.blocked[obj["id"]])
        else:
            verdict = self.judge(own, originator)
            if not verdict.allowed:
                raise _Withheld(*verdict.reasons)
        entries = obj.get("granular_markings")
        if not entries:
            return dict(obj), []
        at: dict[Path, list[Marking]] = defaultdict(list)
        denied: set[Path] = set()
        for entry in _granular_entries(entries):
            for selector in entry["selectors"]:
                path = _selector_path(obj, selector)
                at.setdefault(path, [])
                ref = entry.get("marking_ref")
                if isinstance(ref, str) and ref in self.blocked:
                    denied.add(path)
        for selectors, marking in granular_markings(obj, self.markings):
            for selector in selectors:
                at[_selector_path(obj, selector)].append(marking)
        reasons: list[str] = []
        for path in at:
            if path in denied:
                continue
            combined = list(own)
            for length in range(1, len(path) + 1):
                combined.extend(at.get(path[:length], ()))
            verdict = self.judge(combined, originator)
            if not verdict.allowed:
                denied.add(path)
                reasons.extend(verdict.reasons)
        if not denied:
            return dict(obj), []
        stuck = sorted({str(path[0]) for path in denied if path[0] in _UNREMOVABLE})
        if stuck:
            raise _Withheld(
                *(
                    f"granular marking on '{name}' denies and it cannot be removed"
                    for name in stuck
                ),
                *reasons,
            )
        return _cut(obj, denied, "is redacted", reasons)

    def close(
        self, obj: dict[str, Any], withheld_ids: set[str]
    ) -> tuple[dict[str, Any], list[str]]:
        """``obj`` without references to ``withheld_ids``, or :class:`_Withheld`."""
        hits = [(path, ref) for path, ref in references(obj) if ref in withheld_ids]
        if not hits:
            return obj, []
        dropping = DROP_WHEN_WITHHELD.get(obj["type"], frozenset())
        fatal = [
            f"{path[0]} references withheld object {ref}"
            for path, ref in hits
            if path[0] in dropping
        ]
        if fatal:
            raise _Withheld(*fatal)
        return _cut(obj, {path for path, _ in hits}, "references only withheld objects", [])


def _origin(originators: Mapping[Any, str], object_id: str, version: str | None) -> str | None:
    """The originator of one version (keyed ``(id, version)``), else of its identifier."""
    found = originators.get((object_id, version)) if version is not None else None
    return found if found is not None else originators.get(object_id)


def _granular_entries(entries: Any) -> list[Mapping[str, Any]]:
    """The granular-marking entries, or :class:`_Withheld` when any is malformed."""
    if not isinstance(entries, list) or not all(
        isinstance(entry, Mapping)
        and isinstance(entry.get("selectors"), list)
        and entry["selectors"]
        and ("marking_ref" in entry or "lang" in entry)
        for entry in entries
    ):
        raise _Withheld("granular_markings is malformed (each entry needs selectors and a marking)")
    return entries


def _selector_path(obj: Mapping[str, Any], selector: Any) -> Path:
    path = parse_selector(selector) if isinstance(selector, str) else None
    if path is None or not selects(obj, path):
        raise _Withheld(f"granular marking selector {selector!r} selects no content of the object")
    return path


def _cut(
    obj: Mapping[str, Any], paths: set[Path], why: str, reasons: list[str]
) -> tuple[dict[str, Any], list[str]]:
    new, removed = remove_paths(obj, paths)
    missing = missing_required(new)
    if missing:
        raise _Withheld(*(f"required property '{name}' {why}" for name in missing), *reasons)
    entries = new.get("granular_markings")
    if entries:
        remap = remapper(removed)
        kept = []
        for entry in entries:
            selectors = []
            for selector in entry.get("selectors", ()):
                moved = remap(parse_selector(selector) or ())
                if moved is not None:
                    selectors.append(format_selector(moved))
            if selectors:
                kept.append({**entry, "selectors": selectors})
        if kept:
            new["granular_markings"] = kept
        else:
            del new["granular_markings"]
    return new, [format_selector(path) for path in removed]


def filter_objects(
    objects: Sequence[Mapping[str, Any]] | PreparedObjects,
    recipient: Recipient,
    *,
    on: date,
    originators: Mapping[str, str] | Mapping[Key, str] | str | None = None,
    definitions: Mapping[str, Mapping[str, Any]] | None = None,
    policy: SharingPolicy | None = None,
) -> FilterResult:
    """Filter STIX 2.1 objects for one recipient: withhold, redact and close references.

    Parameters
    ----------
    objects
        STIX 2.1 objects; several versions of one object may be present and
        each is decided on its own. Or :class:`PreparedObjects`, checked when
        they were prepared: the result is the same, and released objects
        that were not changed are the prepared dictionaries themselves rather
        than shallow copies.
    recipient
        Who receives the objects (nation and clearance).
    on
        The date of the release, for dated memberships and agreements.
    originators
        The originating nation (ISO3) of each object by identifier (or of one
        version, keyed ``(id, version)``, which takes precedence), or one
        nation for all objects, or ``None`` when unknown.
    definitions
        Marking-definition objects by identifier that the objects may use
        besides those among ``objects`` (the fixed TLP identifiers are always
        known).
    policy
        The sharing policy; the default policy when ``None``.

    Returns
    -------
    FilterResult
        The released objects and, per version, why each other object was
        withheld and what was removed from each released one.

    Raises
    ------
    InputError
        When ``objects`` is not a list of STIX objects with ``type`` and
        ``id``, or when one object version appears twice.

    Notes
    -----
    The rules are those of the module documentation. Decisions are memoised
    per distinct set of markings and originator, so the cost is one decision
    per distinct marking combination plus linear work in the total size of
    the objects.

    References
    ----------
    .. [1] OASIS, "STIX Version 2.1", OASIS Standard, 10 June 2021, section 7.2.
       https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html

    Examples
    --------
    >>> from datetime import date
    >>> from allied.sharing.policy import Recipient
    >>> green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
    >>> red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    >>> common = {"spec_version": "2.1", "created": "2024-01-01T00:00:00.000Z",
    ...           "modified": "2024-01-01T00:00:00.000Z"}
    >>> objects = [
    ...     {"type": "malware", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
    ...      "name": "Bad", "is_family": True, "object_marking_refs": [green], **common},
    ...     {"type": "malware", "id": "malware--1b940d43-6f7f-459a-80ea-9c1f17b58abc",
    ...      "name": "Worse", "is_family": True, "object_marking_refs": [red], **common},
    ... ]
    >>> result = filter_objects(objects, Recipient("GBR"), on=date(2024, 6, 1))
    >>> [obj["name"] for obj in result.objects]
    ['Bad']
    """
    prepared = objects if isinstance(objects, PreparedObjects) else PreparedObjects.of(objects)
    current, withheld, redacted = _release(
        prepared,
        recipient,
        on=on,
        originators=originators,
        definitions=definitions,
        policy=policy,
        share=objects is prepared,
    )
    items = prepared.items
    released = tuple(key for key, _ in items if key in current)
    return FilterResult(
        objects=tuple(current[key] for key in released),
        released=released,
        withheld=MappingProxyType({key: withheld[key] for key, _ in items if key in withheld}),
        redacted=MappingProxyType(
            {key: tuple(redacted[key]) for key in released if key in redacted}
        ),
    )


class Outcome(NamedTuple):
    """What one recipient may see of prepared objects, by key: the released objects
    (unchanged ones are the prepared dictionaries themselves), the reasons of each
    withheld version, and the selectors removed from each redacted one."""

    released: dict[Key, dict[str, Any]]
    withheld: dict[Key, tuple[str, ...]]
    redacted: dict[Key, list[str]]


def filter_prepared(
    prepared: PreparedObjects,
    recipient: Recipient,
    *,
    on: date,
    originators: Mapping[str, str] | Mapping[Key, str] | str | None = None,
    definitions: Mapping[str, Mapping[str, Any]] | None = None,
    policy: SharingPolicy | None = None,
    newest_governs: bool = False,
    decisions: dict[Any, Decision] | None = None,
) -> Outcome:
    """The rules of :func:`filter_objects` over prepared objects, keyed and not ordered.

    For a caller that indexes the outcome by the prepared keys itself (the
    TAXII service, once per recipient and collection version): it saves
    putting the result in input order. The parameters are those of
    :func:`filter_objects`, and ``newest_governs``: when the prepared objects
    are the stored versions of a collection (the TAXII server), let the newest
    version of an object decide for its older ones (re-marking, rule 2a): when
    it is withheld, every version is, and references to the object are closed
    as for any withheld one. ``decisions``: a dictionary the caller keeps between
    calls for the same recipient, date and policy, in which the policy's
    decisions are remembered (so a few objects added to a collection cost only
    the decisions they need that are not in it yet).
    """
    return _release(
        prepared,
        recipient,
        on=on,
        originators=originators,
        definitions=definitions,
        policy=policy,
        share=True,
        newest_governs=newest_governs,
        decisions=decisions,
    )


def _release(
    prepared: PreparedObjects,
    recipient: Recipient,
    *,
    on: date,
    originators: Mapping[str, str] | Mapping[Key, str] | str | None,
    definitions: Mapping[str, Mapping[str, Any]] | None,
    policy: SharingPolicy | None,
    share: bool,
    newest_governs: bool = False,
    decisions: dict[Any, Decision] | None = None,
) -> Outcome:
    """The rules of :func:`filter_objects` over prepared objects, before ordering the result.

    ``share``: release unchanged objects as the prepared dictionaries, not as
    shallow copies. ``newest_governs``: apply re-marking (rule 2a).
    """
    items, signatures = prepared.items, prepared.signatures
    raw: dict[str, Mapping[str, Any]] = {}
    if definitions is not None:
        for ref, definition in definitions.items():
            if not isinstance(definition, Mapping):
                raise InputError(
                    f"marking definition {ref!r} is not a JSON object",
                    where=f"definitions[{ref!r}]",
                    fix="Pass marking-definition objects by identifier.",
                )
            raw[ref] = definition
    conflicts = set(prepared.conflicts)
    for ref, definition in prepared.definitions.items():
        if raw.get(ref, definition) != definition:
            conflicts.add(ref)
    raw.update(prepared.definitions)
    run = _Filter(recipient, on, policy, raw, originators, conflicts, decisions)

    current: dict[Key, dict[str, Any]] = {}
    withheld: dict[Key, tuple[str, ...]] = {}
    redacted: dict[Key, list[str]] = {}
    # (signature, originator) -> None (released unchanged) or the reasons withheld
    alike: dict[tuple[tuple[str, ...], str | None], tuple[str, ...] | None] = {}
    for (key, obj), signature in zip(items, signatures, strict=True):
        origin = run.originator(*key)
        if signature is not None:
            memo_key = (signature, origin)
            if memo_key in alike:
                outcome = alike[memo_key]
            else:
                try:
                    run.first_pass(obj, origin)
                    outcome = None
                except _Withheld as stop:
                    outcome = stop.reasons
                alike[memo_key] = outcome
            if outcome is None:
                current[key] = obj if share else dict(obj)  # type: ignore[assignment]
            else:
                withheld[key] = outcome
            continue
        try:
            current[key], cut = run.first_pass(obj, origin)
        except _Withheld as stop:
            withheld[key] = stop.reasons
            continue
        if cut:
            redacted[key] = cut

    # re-marking: an object whose newest version is withheld is withheld in every version
    hidden = superseded(current, withheld) if newest_governs else set()
    for key in [key for key in current if key[0].lower() in hidden]:
        del current[key]
        redacted.pop(key, None)
        withheld[key] = (SUPERSEDED,)

    # close references: an id is withheld once none of its versions is released
    live: dict[str, int] = defaultdict(int)
    for key in current:
        live[key[0]] += 1
    withheld_ids = {key[0] for key in withheld if key[0] not in live}
    referrers: Callable[[str], Iterable[Key]]
    if share:
        # Indexed once on the prepared objects as given: redaction only removes
        # content, so these are a superset of the referrers among the current
        # objects, and `close` leaves an object referencing no withheld id as it is.
        indexed = prepared.referrers() if withheld_ids else {}

        def referrers(gone: str) -> Iterable[Key]:
            return (items[index][0] for index in indexed.get(gone, ()))

    else:
        by_ref: dict[str, list[Key]] = defaultdict(list)
        for key, obj in current.items() if withheld_ids else ():
            for _, ref in references(obj):
                by_ref[ref].append(key)

        def referrers(gone: str) -> Iterable[Key]:
            return by_ref.get(gone, ())

    fresh = set(withheld_ids)
    while fresh:  # rounds: each object is revisited at most once per round
        touched = {key for gone in fresh for key in referrers(gone) if key in current}
        fresh = set()
        for key in sorted(touched):
            try:
                current[key], cut = run.close(current[key], withheld_ids)
            except _Withheld as stop:
                del current[key]
                withheld[key] = stop.reasons
                live[key[0]] -= 1
                if live[key[0]] == 0:
                    fresh.add(key[0])
                continue
            if cut:
                redacted.setdefault(key, []).extend(cut)
        withheld_ids |= fresh

    # marking definitions go only with a released object that uses them
    used: set[str] = set()
    by_id = {key[0]: obj for key, obj in current.items() if obj["type"] == "marking-definition"}
    pending: list[Mapping[str, Any]] = []

    def use(refs: Any) -> None:
        for ref in refs:
            if isinstance(ref, str) and ref not in used:
                used.add(ref)
                if ref in by_id:
                    pending.append(by_id[ref])

    signed: set[tuple[str, ...]] = set()
    for (key, _), signature in zip(items, signatures, strict=True):
        kept = current.get(key)
        if kept is None or kept["type"] == "marking-definition":
            continue
        if signature is not None:  # its marking refs are its signature: never cut
            if signature not in signed:
                signed.add(signature)
                use(signature)
        else:
            use(_marking_refs(kept))
    while pending:
        use(_marking_refs(pending.pop()))
    for key in [key for key in current if key[0] in by_id and key[0] not in used]:
        del current[key]
        withheld[key] = ("marking definition is not used by any released object",)
    return Outcome(current, withheld, redacted)


def _marking_refs(obj: Mapping[str, Any]) -> list[Any]:
    """The marking-definition ids ``obj`` uses, at object level and in granular markings."""
    refs = list(obj.get("object_marking_refs") or ())
    refs.extend(entry.get("marking_ref") for entry in obj.get("granular_markings") or ())
    return refs


def filter_bundle(
    bundle: Mapping[str, Any],
    recipient: Recipient,
    *,
    on: date,
    originator: str | None = None,
    policy: SharingPolicy | None = None,
) -> FilterResult:
    """Filter the objects of a STIX 2.1 bundle for one recipient.

    Parameters
    ----------
    bundle
        A STIX bundle: ``{"type": "bundle", "id": ..., "objects": [...]}``.
    recipient, on, policy
        As for :func:`filter_objects`.
    originator
        The nation (ISO3) that originated every object of the bundle, if known;
        for the exchange, the nation that posted it. An object whose ISA ACS
        marking declares another originator is also decided as that nation's
        information released by this one (:func:`~allied.sharing.policy.decide`),
        as the TAXII server decides it.

    Returns
    -------
    FilterResult
        As :func:`filter_objects`; :meth:`FilterResult.bundle` gives the
        filtered bundle.

    Raises
    ------
    InputError
        When ``bundle`` is not a STIX bundle.
    """
    if not isinstance(bundle, Mapping) or bundle.get("type") != "bundle":
        raise InputError(
            "not a STIX bundle",
            where="bundle.type",
            fix='Pass a JSON object with "type": "bundle" and an "objects" list.',
        )
    objects = bundle.get("objects", [])
    return filter_objects(
        _checked_list(objects), recipient, on=on, originators=originator, policy=policy
    )


def _checked_list(objects: Any) -> Sequence[Mapping[str, Any]]:
    check_objects(objects, "bundle.objects")
    return list(objects)
