"""What each recipient may see of a collection, computed once per collection version.

A :class:`Snapshot` holds every stored version of a collection, read once per
collection version: after a write only the objects added after the last one
held are read (``date_added`` strictly increases in commit order, so they are
exactly the new ones), and only they are checked and indexed for filtering
(:class:`~allied.sharing.stix.PreparedObjects`), once for every recipient.
Every version is decided with the nation that owns its id (the first to post
it) as originator; a version posted by another nation, which a database
written before the storage enforced ownership may hold, is left out.

A :class:`View` is one recipient's part of a snapshot: the released object
versions (redacted where granular markings deny) in serving order, and the
withheld ones with their reasons. Releasability is decided per recipient
``(nation, clearance)`` over all the versions held in a collection, and the
view is cached per ``(collection, collection_version, nation, clearance,
date)``. A write changes the collection version; the recipient's next read
then updates its newest view with the versions added since (decided alone,
for that recipient only) when that cannot change a decision already made:
each added version is the only one of a new id, not a marking definition,
and neither referenced by an older object while withheld nor referencing an
id the view withholds whole. Otherwise (a new version of an id, a marking
definition, a reference across) the view is rebuilt from the snapshot. The
TAXII filters and pagination then run over the released objects only, so a
withheld object or version is indistinguishable from an absent one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from allied.sharing.policy import Recipient, SharingPolicy
from allied.sharing.stix import PreparedObjects, filter_prepared, references, version_of
from allied.sharing.store import Storage, StoredObject, UserRecord, format_timestamp

__all__ = ["VIEW_CACHE_SIZE", "Entry", "Snapshot", "SortKey", "View", "ViewCache", "Withheld"]

#: Views kept (least recently used first out), and selections kept per view.
VIEW_CACHE_SIZE = 64

#: The order TAXII serves objects in: ``(date_added, id, version)``.
SortKey = tuple[datetime, str, str]


@dataclass(frozen=True)
class Entry:
    """One released object version, in the order TAXII serves them."""

    key: SortKey
    stored: StoredObject
    object: dict[str, Any]  # as released to this recipient (possibly redacted)

    @property
    def id(self) -> str:
        """The object's id."""
        return self.stored.id

    @property
    def version(self) -> str:
        """``modified``, else ``created``, else ``date_added`` (as TAXII reports it)."""
        return self.key[2] or format_timestamp(self.stored.date_added)


#: A withheld version: its sort key, its type and the reasons.
Withheld = tuple[SortKey, str, tuple[str, ...]]


@dataclass(frozen=True)
class View:
    """What one recipient may see of one collection version.

    ``version`` is the collection version and ``on`` the date the view was
    decided for (a read's audit entry records both).
    """

    entries: tuple[Entry, ...]
    withheld: tuple[Withheld, ...]
    redacted: Mapping[tuple[str, str], tuple[str, ...]]
    version: int = 0
    on: date | None = None
    # (match[version], match[spec_version]) -> the entries they keep, computed once
    _selections: dict[Any, tuple[Entry, ...]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    # object id -> (its released entries, its withheld versions), built on first use
    _by_id: dict[str, tuple[list[Entry], list[Withheld]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # selections of the view this one extends with `_added` (entries of new ids only, last)
    _inherited: Mapping[Any, tuple[Entry, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _added: tuple[Entry, ...] = field(default=(), repr=False, compare=False)

    def only(self, ids: frozenset[str]) -> View:
        """The part of this view about the objects ``ids``, looked up by id (not scanned).

        The index is built once per view; after that a single-object read costs
        the number of versions of that object, not the size of the collection.
        Version selection works within each object, so filtering the part
        gives the same entries as filtering the whole view.
        """
        index = self.index()
        parts = [index[i] for i in ids if i in index]
        entries = sorted((e for part in parts for e in part[0]), key=lambda e: e.key)
        withheld = sorted((w for part in parts for w in part[1]), key=lambda w: w[0])
        return View(tuple(entries), tuple(withheld), self.redacted, self.version, self.on)

    def index(self) -> Mapping[str, tuple[list[Entry], list[Withheld]]]:
        """Object id to its released entries and withheld versions (built on first use)."""
        with self._lock:
            if not self._by_id and (self.entries or self.withheld):
                for entry in self.entries:
                    self._by_id.setdefault(entry.id, ([], []))[0].append(entry)
                for item in self.withheld:
                    self._by_id.setdefault(item[0][1], ([], []))[1].append(item)
            return self._by_id

    def selected(
        self, key: Any, compute: Callable[[Sequence[Entry]], tuple[Entry, ...]]
    ) -> tuple[Entry, ...]:
        """The entries a selection ``key`` keeps: ``compute(entries)`` on first use, then
        cached. ``compute`` must select within each object (as version selection does):
        a view extended with new objects computes it over them only."""
        with self._lock:
            found = self._selections.get(key)
        if found is None:
            before = self._inherited.get(key)
            found = compute(self.entries) if before is None else before + compute(self._added)
            with self._lock:
                if len(self._selections) >= VIEW_CACHE_SIZE:
                    self._selections.clear()
                self._selections[key] = found
        return found


@dataclass(frozen=True)
class Snapshot:
    """Every stored version of a collection at one collection version."""

    version: int
    stored: tuple[StoredObject, ...]
    versions: tuple[str, ...]  # version_of each stored object, in the same order
    seen: frozenset[tuple[str, str]]  # (id, version) of every stored object
    originators: Mapping[Any, str]  # (id, version), id and id.lower() -> the id's owner
    definitions: Mapping[str, Mapping[str, Any]]
    # the stored objects, checked and indexed once for filtering (None when not filtering)
    prepared: PreparedObjects | None


def place(
    item: StoredObject,
    version: str,
    released: dict[str, Any] | None,
    reasons: tuple[str, ...] | None,
    entries: list[Entry],
    withheld: list[Withheld],
) -> None:
    """Put one stored version in ``entries`` as ``released`` or, if ``None``, in ``withheld``.

    The one place a decision becomes a view entry, for full builds and updates alike.
    """
    key = (item.date_added, item.id, version)
    if released is None:
        withheld.append((key, item.type, reasons or ("withheld",)))
    else:
        entries.append(Entry(key, item, released))


@dataclass(frozen=True)
class _Basis:
    """A recipient's newest view and the stored versions it decides: the first ``count``,
    ``last`` the last of them (the snapshots of a collection extend each other)."""

    view: View
    count: int
    last: StoredObject | None

    def precedes(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` holds the versions this view decides, then more (or none)."""
        if self.count > len(snapshot.stored):
            return False
        return self.count == 0 or snapshot.stored[self.count - 1] is self.last


def _markings(obj: Mapping[str, Any]) -> set[Any]:
    """The marking-definition ids ``obj`` is marked with, at object level or granularly."""
    found = set(obj.get("object_marking_refs") or ())
    found.update(part.get("marking_ref") for part in obj.get("granular_markings") or ())
    return found


def _alone(
    added: Sequence[StoredObject],
    index: Mapping[str, tuple[list[Entry], list[Withheld]]],
    prepared: PreparedObjects | None,
) -> bool:
    """Whether each added version can be decided without the others held: one version of
    an id not held before, not a marking definition, not marked by a conflicting one."""
    if prepared is None:  # not filtering: every version is served as stored
        return True
    ids: set[str] = set()
    for item in added:
        if item.type == "marking-definition" or item.id in index or item.id in ids:
            return False
        ids.add(item.id)
        if prepared.conflicts and not prepared.conflicts.isdisjoint(_markings(item.object)):
            return False
    return True


def _disturbs(
    entries: Sequence[Entry],
    withheld: Sequence[Withheld],
    index: Mapping[str, tuple[list[Entry], list[Withheld]]],
    prepared: PreparedObjects,
    start: int,
) -> bool:
    """Whether new decisions depend on old ones or change them: an id withheld whole
    referenced by an object held before (the first ``start``); a new object referencing
    an id the old view withholds whole (a cut, or one more reason to withhold); or a
    released one marked by such an id (a definition released only once used)."""
    if withheld:
        referrers = prepared.referrers()
        for (_, object_id, _), _, _ in withheld:
            if any(number < start for number in referrers.get(object_id, ())):
                return True
    added: list[Mapping[str, Any]] = [entry.stored.object for entry in entries]
    targets = set().union(*(_markings(obj) for obj in added))
    added.extend(prepared.items[number][1] for number in _numbers(withheld, prepared, start))
    targets.update(ref for obj in added for _, ref in references(obj))
    return any(not index[ref][0] for ref in targets if ref in index)


def _numbers(withheld: Sequence[Withheld], prepared: PreparedObjects, start: int) -> list[int]:
    """Where the withheld new versions are among ``prepared``'s items (from ``start``)."""
    keys = {(key[1], key[2]) for key, _, _ in withheld}
    return [n for n in range(start, len(prepared.items)) if prepared.items[n][0] in keys]


def _appended(
    base: View,
    entries: list[Entry],
    withheld: list[Withheld],
    redacted: Mapping[tuple[str, str], tuple[str, ...]],
    version: int,
    today: date,
) -> View:
    """``base`` with new entries and withheld versions of new ids, in serving order."""
    entries.sort(key=lambda entry: entry.key)
    withheld.sort(key=lambda item: item[0])
    all_entries = base.entries + tuple(entries)
    in_order = not (base.entries and entries and entries[0].key < base.entries[-1].key)
    if not in_order:
        all_entries = tuple(sorted(all_entries, key=lambda entry: entry.key))
    all_withheld = base.withheld + tuple(withheld)
    if base.withheld and withheld and withheld[0][0] < base.withheld[-1][0]:
        all_withheld = tuple(sorted(all_withheld, key=lambda item: item[0]))
    old = base.index()
    index = dict(old)  # the old ids' lists are shared, unchanged
    for entry in entries:
        index.setdefault(entry.id, ([], []))[0].append(entry)
    for item in withheld:
        index.setdefault(item[0][1], ([], []))[1].append(item)
    inherited: Mapping[Any, tuple[Entry, ...]] = {}
    if in_order and old.keys().isdisjoint(entry.id for entry in entries):
        # new objects served after the old ones: the old selections hold, extended
        with base._lock:
            inherited = dict(base._selections)
    return View(
        all_entries,
        all_withheld,
        redacted,
        version,
        today,
        _by_id=index,
        _inherited=inherited,
        _added=tuple(entries),
    )


class ViewCache:
    """Snapshots of collections and per-recipient views of them, safe across threads.

    Parameters
    ----------
    storage
        Where the collections are.
    filtering
        Filter per recipient (``False``: every reader sees every stored version).
    policy
        The sharing policy (default: the catalog's).
    """

    def __init__(self, storage: Storage, *, filtering: bool, policy: SharingPolicy | None) -> None:
        self.storage = storage
        self.filtering = filtering
        self.policy = policy
        self._lock = threading.RLock()
        self._snapshots: dict[str, Snapshot] = {}
        self._views: OrderedDict[tuple[str, int, str, str, date], View] = OrderedDict()
        # (collection, nation, clearance, date) -> the newest view built for that recipient,
        # the number of stored versions it decides and the last of them (see _maintained)
        self._latest: OrderedDict[tuple[str, str, str, date], _Basis] = OrderedDict()

    def snapshot(self, collection_id: str) -> Snapshot:
        """Every stored version of the collection, read once per collection version.

        Extended under the lock, so each snapshot of a collection extends the one before
        (the same stored objects, then more): the views kept up to date rely on it. A
        snapshot newer than the version read is served as it is.
        """
        version = self.storage.collection_version(collection_id)
        with self._lock:
            cached = self._snapshots.get(collection_id)
            if cached is not None and cached.version >= version:
                return cached
            if cached is not None and self.storage.last_deletion(collection_id) > cached.version:
                cached = None  # versions were deleted since: read the collection again
            snapshot = self._extended(cached, collection_id, version)
            self._snapshots[collection_id] = snapshot
            return snapshot

    def _extended(self, cached: Snapshot | None, collection_id: str, version: int) -> Snapshot:
        """``cached`` (if any) with the versions stored after its last one."""
        stored = list(cached.stored) if cached else []
        versions = list(cached.versions) if cached else []
        seen = set(cached.seen) if cached else set()
        originators: dict[Any, str] = dict(cached.originators) if cached else {}
        definitions = dict(cached.definitions) if cached else {}
        after = stored[-1].date_added if stored else None
        added: list[dict[str, Any]] = []
        for item in self.storage.objects(collection_id, added_after=after):
            key = (item.id, version_of(item.object))
            if key in seen:  # the same version posted twice: the first one counts
                continue
            if originators.setdefault(item.id.lower(), item.originator) != item.originator:
                # a version of another nation's id (in any case: RFC 4122), stored before
                # the storage refused them (ownership): never served, not even to its poster
                continue
            seen.add(key)
            stored.append(item)
            versions.append(key[1])
            added.append(item.object)
            originators[key] = item.originator
            originators.setdefault(item.id, item.originator)
            if item.type == "marking-definition":
                definitions[item.id] = item.object
        prepared = None
        if self.filtering:
            prepared = cached.prepared if cached and cached.prepared else PreparedObjects()
            prepared = prepared.extend(added, where=f"collection {collection_id!r}")
        return Snapshot(
            version,
            tuple(stored),
            tuple(versions),
            frozenset(seen),
            originators,
            definitions,
            prepared,
        )

    def view(self, user: UserRecord, collection_id: str, today: date) -> View:
        """What ``user`` may see of the collection on ``today`` (cached)."""
        snapshot = self.snapshot(collection_id)
        cache_key = (collection_id, snapshot.version, user.nation, user.clearance, today)
        if not self.filtering:
            cache_key = (collection_id, snapshot.version, "", "", today)
        with self._lock:
            view = self._views.get(cache_key)
            if view is not None:
                self._views.move_to_end(cache_key)
                return view
            view = self._maintained(snapshot, (collection_id, *cache_key[2:]), user, today)
            self._views[cache_key] = view
            while len(self._views) > VIEW_CACHE_SIZE:
                self._views.popitem(last=False)
            return view

    def _maintained(
        self, snapshot: Snapshot, latest: tuple[str, str, str, date], user: UserRecord, today: date
    ) -> View:
        """The recipient's view of ``snapshot``: its newest view updated with the versions
        added since, where that gives the same view as a rebuild, else rebuilt."""
        basis = self._latest.get(latest)
        follows = basis is None or basis.precedes(snapshot)
        view = None
        if basis is not None and follows:
            view = self._extend(basis.view, snapshot, basis.count, user, today)
        if view is None:
            view = self._build(snapshot, user, today)
        if follows:  # a read of an older snapshot (a race) keeps the newer basis
            last = snapshot.stored[-1] if snapshot.stored else None
            self._latest.pop(latest, None)
            self._latest[latest] = _Basis(view, len(snapshot.stored), last)
            while len(self._latest) > VIEW_CACHE_SIZE:
                self._latest.popitem(last=False)
        return view

    def _decide(
        self, prepared: PreparedObjects, snapshot: Snapshot, user: UserRecord, today: date
    ) -> tuple[Mapping[Any, Any], Mapping[Any, tuple[str, ...]], dict[Any, tuple[str, ...]]]:
        """Released objects, reasons withheld and redactions of ``prepared``, by key."""
        # the rules of filter_objects, indexed by the prepared keys (no reordering)
        released, reasons, cuts = filter_prepared(
            prepared,
            Recipient(user.nation, user.clearance),
            on=today,
            originators=snapshot.originators,
            definitions=snapshot.definitions,
            policy=self.policy,
            newest_governs=True,  # re-marking: the newest version decides for older ones
        )
        redacted = {key: tuple(cut) for key, cut in cuts.items() if key in released}
        return released, reasons, redacted

    def _build(self, snapshot: Snapshot, user: UserRecord, today: date) -> View:
        entries: list[Entry] = []
        withheld: list[Withheld] = []
        redacted: Mapping[tuple[str, str], tuple[str, ...]] = {}
        if snapshot.prepared is None:  # not filtering: every stored version as stored
            for item, version in zip(snapshot.stored, snapshot.versions, strict=True):
                entries.append(Entry((item.date_added, item.id, version), item, item.object))
        else:
            released, reasons, redacted = self._decide(snapshot.prepared, snapshot, user, today)
            for item, version, (key, _) in zip(
                snapshot.stored, snapshot.versions, snapshot.prepared.items, strict=True
            ):
                place(item, version, released.get(key), reasons.get(key), entries, withheld)
        entries.sort(key=lambda entry: entry.key)
        withheld.sort(key=lambda item: item[0])
        return View(tuple(entries), tuple(withheld), redacted, snapshot.version, today)

    def _extend(
        self, base: View, snapshot: Snapshot, start: int, user: UserRecord, today: date
    ) -> View | None:
        """``base`` (the view of the first ``start`` stored versions) with the versions added
        after them decided and appended, or ``None`` when they may change its decisions.

        Only new objects are decided alone: each a single version of an id not held before,
        not a marking definition, not marked by a conflicting definition. Their decision
        changes nothing already decided unless a withheld one is referenced by an object
        held before, or one references (or, released, is marked by) an id that ``base``
        withholds whole: then ``None`` (rebuild).
        """
        added = snapshot.stored[start:]
        index = base.index()
        if not _alone(added, index, snapshot.prepared):
            return None
        entries: list[Entry] = []
        withheld: list[Withheld] = []
        redacted = base.redacted
        if snapshot.prepared is None or not added:
            for item, version in zip(added, snapshot.versions[start:], strict=True):
                entries.append(Entry((item.date_added, item.id, version), item, item.object))
        else:
            prepared = PreparedObjects().extend(
                [item.object for item in added], where=f"collection {added[0].collection_id!r}"
            )
            released, reasons, cuts = self._decide(prepared, snapshot, user, today)
            for item, version, (key, _) in zip(
                added, snapshot.versions[start:], prepared.items, strict=True
            ):
                place(item, version, released.get(key), reasons.get(key), entries, withheld)
            if _disturbs(entries, withheld, index, snapshot.prepared, start):
                return None
            redacted = {**base.redacted, **cuts} if cuts else base.redacted
        return _appended(base, entries, withheld, redacted, snapshot.version, today)
