"""What each recipient may see of a collection, computed once per collection version.

A :class:`Snapshot` holds every stored version of a collection, read once per
collection version: after a write only the objects added after the last one
held are read (``date_added`` strictly increases in commit order, so they are
exactly the new ones). Every version is decided with the nation that owns its
id (the first to post it) as originator; a version posted by another nation,
which a database written before the storage enforced ownership may hold, is
left out. They are checked and indexed for filtering
(:class:`~allied.sharing.stix.PreparedObjects`) once for every recipient, when
a view is built from scratch.

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

A write costs each reader the objects it adds, not the collection: successive
snapshots of a collection, and successive views of one recipient, share lists
that only grow (each snapshot or view is a :class:`Prefix` of them), with the
index by id and the version selections extended in place. A view never sees
what was added after it: its prefixes end where it ends, and its index hides
the ids added later.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, overload

from allied.sharing.policy import Recipient, SharingPolicy, default_policy
from allied.sharing.stix import PreparedObjects, filter_prepared, references, version_of
from allied.sharing.store import Storage, StoredObject, UserRecord, format_timestamp

__all__ = [
    "VIEW_CACHE_SIZE",
    "Entry",
    "Prefix",
    "Snapshot",
    "SortKey",
    "View",
    "ViewCache",
    "Withheld",
]

#: Views kept (least recently used first out), and selections kept per line of views.
VIEW_CACHE_SIZE = 64
#: Policy decisions remembered per recipient and date (forgotten all at once beyond).
DECISIONS_KEPT = 4096

#: The order TAXII serves objects in: ``(date_added, id, version)``.
SortKey = tuple[datetime, str, str]

T = TypeVar("T")


class Prefix(Sequence[T]):
    """The first ``length`` items of a list that only grows, without copying it.

    Successive snapshots and views share one list each and differ in where they
    end; items appended after a prefix was taken are outside it. Slicing gives
    a new list; a prefix equals any sequence with the same items (``()``, a
    list, a tuple).
    """

    __slots__ = ("_items", "_length")

    def __init__(self, items: list[T], length: int | None = None) -> None:
        self._items = items
        self._length = len(items) if length is None else length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, at: int) -> T: ...

    @overload
    def __getitem__(self, at: slice) -> list[T]: ...

    def __getitem__(self, at: int | slice) -> T | list[T]:
        if isinstance(at, slice):
            start, stop, step = at.indices(self._length)
            if step == 1:
                return self._items[start:stop]
            return [self._items[i] for i in range(start, stop, step)]
        if at < 0:
            at += self._length
        if not 0 <= at < self._length:
            raise IndexError("prefix index out of range")
        return self._items[at]

    def __iter__(self) -> Iterator[T]:
        return itertools.islice(self._items, self._length)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(other) == self._length and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Prefix({list(self)!r})"


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


def _entry_key(entry: Entry) -> SortKey:
    return entry.key


def _withheld_key(item: Withheld) -> SortKey:
    return item[0]


class _Selection:
    """The entries one version selection keeps, computed over the first ``upto`` entries."""

    __slots__ = ("kept", "upto")

    def __init__(self) -> None:
        self.kept: list[Entry] = []
        self.upto = 0


class _Line:
    """Successive views of one recipient: their entries and withheld versions (in serving
    order), an index by id and the version selections, all only growing.

    Each view is a prefix. The index records with each id the size (entries plus
    withheld) of the view it was added after, so an older view does not see it.
    The items a view adds are versions of new ids, served after the others, so any
    selection that works within each object extends over them alone. Grown only
    under the :class:`ViewCache` lock.
    """

    def __init__(self, entries: list[Entry], withheld: list[Withheld]) -> None:
        self.entries = entries
        self.withheld = withheld
        self.ids: dict[str, tuple[list[Entry], list[Withheld], int]] = {}
        self.selections: dict[Any, _Selection] = {}
        self.lock = threading.Lock()
        self._index(entries, withheld, -1)

    def _index(self, entries: Sequence[Entry], withheld: Sequence[Withheld], born: int) -> None:
        for entry in entries:
            self.ids.setdefault(entry.id, ([], [], born))[0].append(entry)
        for item in withheld:
            self.ids.setdefault(item[0][1], ([], [], born))[1].append(item)

    def ends_with(self, view: View) -> bool:
        """Whether nothing was added to this line after ``view``."""
        return len(self.entries) == len(view.entries) and len(self.withheld) == len(view.withheld)

    def grow(self, base: View, entries: list[Entry], withheld: list[Withheld]) -> bool:
        """Append versions of new ids after ``base`` (its last view), if they sort after
        its items; whether they did."""
        if not self.ends_with(base):
            return False
        if entries and self.entries and entries[0].key < self.entries[-1].key:
            return False
        if withheld and self.withheld and withheld[0][0] < self.withheld[-1][0]:
            return False
        self._index(entries, withheld, len(self.entries) + len(self.withheld))
        self.entries.extend(entries)
        self.withheld.extend(withheld)
        return True


class _Index(Mapping[str, tuple[list[Entry], list[Withheld]]]):
    """A view's part of its line's index: the ids added up to the view's size."""

    __slots__ = ("_ids", "_size")

    def __init__(self, ids: dict[str, tuple[list[Entry], list[Withheld], int]], size: int) -> None:
        self._ids = ids
        self._size = size

    def __getitem__(self, object_id: str) -> tuple[list[Entry], list[Withheld]]:
        entries, withheld, born = self._ids[object_id]
        if born >= self._size:
            raise KeyError(object_id)
        return entries, withheld

    def __iter__(self) -> Iterator[str]:
        return (i for i, (_, _, born) in list(self._ids.items()) if born < self._size)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class View:
    """What one recipient may see of one collection version.

    ``version`` is the collection version and ``on`` the date the view was
    decided for (a read's audit entry records both).
    """

    entries: Sequence[Entry]
    withheld: Sequence[Withheld]
    redacted: Mapping[tuple[str, str], tuple[str, ...]]
    version: int = 0
    on: date | None = None
    # the line of views this one is a prefix of (a line of its own when not given)
    _line: _Line | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._line is None:
            object.__setattr__(self, "_line", _Line(list(self.entries), list(self.withheld)))

    @property
    def line(self) -> _Line:
        """The line of views this one belongs to."""
        assert self._line is not None  # set by __post_init__
        return self._line

    def only(self, ids: frozenset[str]) -> View:
        """The part of this view about the objects ``ids``, looked up by id (not scanned).

        A single-object read costs the number of versions of that object, not the
        size of the collection. Version selection works within each object, so
        filtering the part gives the same entries as filtering the whole view.
        """
        index = self.index()
        parts = [index[i] for i in ids if i in index]
        entries = sorted((e for part in parts for e in part[0]), key=_entry_key)
        withheld = sorted((w for part in parts for w in part[1]), key=_withheld_key)
        return View(tuple(entries), tuple(withheld), self.redacted, self.version, self.on)

    def index(self) -> Mapping[str, tuple[list[Entry], list[Withheld]]]:
        """Object id to its released entries and withheld versions."""
        return _Index(self.line.ids, len(self.entries) + len(self.withheld))

    def selected(
        self, key: Any, compute: Callable[[Sequence[Entry]], Sequence[Entry]]
    ) -> Sequence[Entry]:
        """The entries a selection ``key`` keeps: ``compute(entries)`` on first use, then
        kept. ``compute`` must select within each object (as version selection does): on
        a later view of the same line it runs over the entries added since only."""
        line, length = self.line, len(self.entries)
        with line.lock:
            chosen = line.selections.get(key)
            if chosen is None:
                if len(line.selections) >= VIEW_CACHE_SIZE:
                    line.selections.clear()
                chosen = line.selections[key] = _Selection()
            if chosen.upto < length:
                chosen.kept.extend(compute(self.entries[chosen.upto : length]))
                chosen.upto = length
            kept = len(chosen.kept)
            if chosen.upto > length:  # a later view computed it: this view's part
                last = self.entries[length - 1].key if length else None
                kept = 0 if last is None else bisect.bisect_right(chosen.kept, last, key=_entry_key)
        return Prefix(chosen.kept, kept)


class _Stored:
    """A collection's stored versions as read so far, shared by its successive snapshots
    (each a prefix), growing only under the :class:`ViewCache` lock."""

    def __init__(self, collection_id: str, *, filtering: bool) -> None:
        self.collection_id = collection_id
        self.filtering = filtering
        self.stored: list[StoredObject] = []
        self.versions: list[str] = []
        self.seen: set[tuple[str, str]] = set()
        # (id, version), id and id.lower() -> the id's owner; keys are only added
        self.originators: dict[Any, str] = {}
        # replaced, never changed, when a marking definition is added
        self.definitions: Mapping[str, Mapping[str, Any]] = {}
        self.conflicts: frozenset[str] = frozenset()
        # id -> the positions (ascending) of the stored versions that reference it
        self.referrers: dict[str, list[int]] = {}
        self.lock = threading.Lock()
        self._prepared = PreparedObjects()

    def add(self, items: Sequence[StoredObject]) -> None:
        """Append the versions in ``items`` not held yet, as :meth:`ViewCache.snapshot` says."""
        for item in items:
            key = (item.id, version_of(item.object))
            if key in self.seen:  # the same version posted twice: the first one counts
                continue
            if self.originators.setdefault(item.id.lower(), item.originator) != item.originator:
                # a version of another nation's id (in any case: RFC 4122), stored before
                # the storage refused them (ownership): never served, not even to its poster
                continue
            self.seen.add(key)
            self.originators[key] = item.originator
            self.originators.setdefault(item.id, item.originator)
            for ref in {ref for _, ref in references(item.object)}:
                self.referrers.setdefault(ref, []).append(len(self.stored))
            if item.type == "marking-definition":
                if self.definitions.get(item.id, item.object) != item.object:
                    self.conflicts = self.conflicts | {item.id}
                self.definitions = {**self.definitions, item.id: item.object}
            self.stored.append(item)
            self.versions.append(key[1])

    def prepared(self, count: int) -> PreparedObjects:
        """The first ``count`` stored versions checked and indexed for filtering (extended
        from the last ones prepared, when they are a prefix)."""
        with self.lock:
            prepared = self._prepared
            if len(prepared) > count:  # an older snapshot, after a newer one was prepared
                prepared = PreparedObjects()
            if len(prepared) < count:
                objects = [item.object for item in self.stored[len(prepared) : count]]
                prepared = prepared.extend(objects, where=f"collection {self.collection_id!r}")
            if len(prepared) >= len(self._prepared):
                self._prepared = prepared
            return prepared


@dataclass(frozen=True)
class Snapshot:
    """Every stored version of a collection at one collection version (the first
    ``count`` versions read of it)."""

    version: int
    count: int
    definitions: Mapping[str, Mapping[str, Any]]
    conflicts: frozenset[str]  # ids of marking definitions stored with different content
    _stored: _Stored = field(repr=False, compare=False)

    @property
    def stored(self) -> Sequence[StoredObject]:
        """The stored versions, in the order read (``date_added``)."""
        return Prefix(self._stored.stored, self.count)

    @property
    def versions(self) -> Sequence[str]:
        """``version_of`` each stored version, in the same order."""
        return Prefix(self._stored.versions, self.count)

    @property
    def originators(self) -> Mapping[Any, str]:
        """``(id, version)``, id and ``id.lower()`` to the id's owner (it may hold the keys
        of versions added later: their values never change)."""
        return self._stored.originators

    @property
    def prepared(self) -> PreparedObjects | None:
        """The stored versions checked and indexed for filtering (``None`` when not filtering)."""
        return self._stored.prepared(self.count) if self._stored.filtering else None

    def referenced_before(self, object_id: str, start: int) -> bool:
        """Whether one of the first ``start`` stored versions references ``object_id``."""
        positions = self._stored.referrers.get(object_id)  # never empty when there
        return positions is not None and positions[0] < start


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
    ``last`` the last of them (the snapshots of a collection extend each other); and the
    policy decisions made for that recipient and date, kept from view to view."""

    view: View
    count: int
    last: StoredObject | None
    decisions: dict[Any, Any]

    def precedes(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` holds the versions this view decides, then more (or none)."""
        if self.count > snapshot.count:
            return False
        return self.count == 0 or snapshot.stored[self.count - 1] is self.last


def _markings(obj: Mapping[str, Any]) -> set[Any]:
    """The marking-definition ids ``obj`` is marked with, at object level or granularly."""
    found = set(obj.get("object_marking_refs") or ())
    found.update(part.get("marking_ref") for part in obj.get("granular_markings") or ())
    return found


def _fresh(
    added: Sequence[StoredObject], index: Mapping[str, tuple[list[Entry], list[Withheld]]]
) -> bool:
    """Whether each added version is the only one of an id not held before."""
    ids = {item.id for item in added}
    return len(ids) == len(added) and not any(object_id in index for object_id in ids)


def _alone(
    added: Sequence[StoredObject],
    index: Mapping[str, tuple[list[Entry], list[Withheld]]],
    conflicts: frozenset[str],
) -> bool:
    """Whether each added version can be decided without the others held: one version of
    an id not held before, not a marking definition, not marked by a conflicting one."""
    return _fresh(added, index) and not any(
        item.type == "marking-definition"
        or (conflicts and not conflicts.isdisjoint(_markings(item.object)))
        for item in added
    )


def _disturbs(
    entries: Sequence[Entry],
    withheld: Sequence[Withheld],
    index: Mapping[str, tuple[list[Entry], list[Withheld]]],
    snapshot: Snapshot,
    start: int,
) -> bool:
    """Whether new decisions depend on old ones or change them: an id withheld whole
    referenced by an object held before (the first ``start``); a new object referencing
    an id the old view withholds whole (a cut, or one more reason to withhold); or a
    released one marked by such an id (a definition released only once used)."""
    if any(snapshot.referenced_before(key[1], start) for key, _, _ in withheld):
        return True
    added: list[Mapping[str, Any]] = [entry.stored.object for entry in entries]
    targets = set().union(*(_markings(obj) for obj in added))
    added.extend(_withheld_objects(withheld, snapshot, start))
    targets.update(ref for obj in added for _, ref in references(obj))
    return any(not index[ref][0] for ref in targets if ref in index)


def _withheld_objects(
    withheld: Sequence[Withheld], snapshot: Snapshot, start: int
) -> list[Mapping[str, Any]]:
    """The stored objects of the withheld new versions (from position ``start``)."""
    keys = {(key[1], key[2]) for key, _, _ in withheld}
    added = zip(snapshot.stored[start:], snapshot.versions[start:], strict=True)
    return [item.object for item, version in added if (item.id, version) in keys]


def _on_line(
    line: _Line,
    sizes: tuple[int, int],
    redacted: Mapping[tuple[str, str], tuple[str, ...]],
    version: int,
    today: date,
) -> View:
    """The view made of the first ``sizes`` entries and withheld versions of ``line``."""
    entries, withheld = sizes
    return View(
        Prefix(line.entries, entries),
        Prefix(line.withheld, withheld),
        redacted,
        version,
        today,
        line,
    )


def _grown(
    base: View,
    entries: list[Entry],
    withheld: list[Withheld],
    redacted: Mapping[tuple[str, str], tuple[str, ...]],
    version: int,
    today: date,
    *,
    fresh: bool,
) -> View:
    """``base`` with new entries and withheld versions, in serving order: appended to its
    line when they are versions of new ids (``fresh``) sorting after its items (a write's
    cost, not the collection's), else put with copies of its items on a new line."""
    entries.sort(key=_entry_key)
    withheld.sort(key=_withheld_key)
    line = base.line
    if not (fresh and line.grow(base, entries, withheld)):
        line = _Line(
            sorted([*base.entries, *entries], key=_entry_key),
            sorted([*base.withheld, *withheld], key=_withheld_key),
        )
    sizes = (len(base.entries) + len(entries), len(base.withheld) + len(withheld))
    return _on_line(line, sizes, redacted, version, today)


def _as_stored(items: Sequence[StoredObject], versions: Sequence[str]) -> list[Entry]:
    """Entries serving ``items`` as stored (when not filtering)."""
    return [
        Entry((item.date_added, item.id, version), item, item.object)
        for item, version in zip(items, versions, strict=True)
    ]


class ViewCache:
    """Snapshots of collections and per-recipient views of them, safe across threads.

    Parameters
    ----------
    storage
        Where the collections are.
    filtering
        Filter per recipient (``False``: every reader sees every stored version).
    policy
        The sharing policy (default: the catalog's, loaded here when filtering, so
        that the first read does not wait for it).
    """

    def __init__(self, storage: Storage, *, filtering: bool, policy: SharingPolicy | None) -> None:
        self.storage = storage
        self.filtering = filtering
        self.policy = default_policy() if policy is None and filtering else policy
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
        """``cached`` (if any) with the versions stored after its last one, appended to the
        versions it shares with the snapshots before it."""
        if cached is not None and len(cached._stored.stored) == cached.count:
            stored = cached._stored
        else:  # no snapshot yet, or a failed read left more than the last one holds
            stored = _Stored(collection_id, filtering=self.filtering)
            stored.add(cached.stored if cached is not None else ())
        after = stored.stored[-1].date_added if stored.stored else None
        stored.add(list(self.storage.objects(collection_id, added_after=after)))
        return Snapshot(version, len(stored.stored), stored.definitions, stored.conflicts, stored)

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
        decisions = basis.decisions if basis is not None else {}
        if len(decisions) > DECISIONS_KEPT:
            decisions = {}
        view = None
        if basis is not None and follows:
            view = self._extend(basis.view, snapshot, basis.count, user, today, decisions)
        if view is None:
            view = self._build(snapshot, user, today, decisions)
        if follows:  # a read of an older snapshot (a race) keeps the newer basis
            last = snapshot.stored[-1] if snapshot.count else None
            self._latest.pop(latest, None)
            self._latest[latest] = _Basis(view, snapshot.count, last, decisions)
            while len(self._latest) > VIEW_CACHE_SIZE:
                self._latest.popitem(last=False)
        return view

    def _decide(
        self,
        prepared: PreparedObjects,
        snapshot: Snapshot,
        user: UserRecord,
        today: date,
        decisions: dict[Any, Any],
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
            decisions=decisions,  # the same recipient, date and policy as before
        )
        redacted = {key: tuple(cut) for key, cut in cuts.items() if key in released}
        return released, reasons, redacted

    def _build(
        self, snapshot: Snapshot, user: UserRecord, today: date, decisions: dict[Any, Any]
    ) -> View:
        entries: list[Entry] = []
        withheld: list[Withheld] = []
        redacted: Mapping[tuple[str, str], tuple[str, ...]] = {}
        prepared = snapshot.prepared
        if prepared is None:  # not filtering: every stored version as stored
            entries = _as_stored(snapshot.stored, snapshot.versions)
        else:
            released, reasons, redacted = self._decide(prepared, snapshot, user, today, decisions)
            for item, version, (key, _) in zip(
                snapshot.stored, snapshot.versions, prepared.items, strict=True
            ):
                place(item, version, released.get(key), reasons.get(key), entries, withheld)
        entries.sort(key=_entry_key)
        withheld.sort(key=_withheld_key)
        line = _Line(entries, withheld)
        return _on_line(line, (len(entries), len(withheld)), redacted, snapshot.version, today)

    def _extend(
        self,
        base: View,
        snapshot: Snapshot,
        start: int,
        user: UserRecord,
        today: date,
        decisions: dict[Any, Any],
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
        if self.filtering and not _alone(added, index, snapshot.conflicts):
            return None
        entries: list[Entry] = []
        withheld: list[Withheld] = []
        redacted = base.redacted
        if not self.filtering or not added:
            entries = _as_stored(added, snapshot.versions[start:])
        else:
            prepared = PreparedObjects.of(
                [item.object for item in added], where=f"collection {added[0].collection_id!r}"
            )
            released, reasons, cuts = self._decide(prepared, snapshot, user, today, decisions)
            for item, version, (key, _) in zip(
                added, snapshot.versions[start:], prepared.items, strict=True
            ):
                place(item, version, released.get(key), reasons.get(key), entries, withheld)
            if _disturbs(entries, withheld, index, snapshot, start):
                return None
            redacted = {**base.redacted, **cuts} if cuts else base.redacted
        fresh = _fresh(added, index)
        return _grown(base, entries, withheld, redacted, snapshot.version, today, fresh=fresh)
