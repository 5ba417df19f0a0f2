"""STIX objects checked and indexed once, for filtering them for many recipients.

:class:`PreparedObjects` holds what does not depend on the recipient: the
input checks of :func:`~allied.sharing.stix.filter_objects`, the version key
and marking signature of each object, the marking definitions among them, and
which objects reference each identifier. The TAXII service keeps one per
collection and extends it after each write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from typing import Any

from allied.errors import InputError
from allied.sharing.stix._select import references
from allied.sharing.stix._spec import version_of

__all__ = ["Key", "PreparedObjects", "check_objects"]

#: ``(id, version)`` of one object version.
Key = tuple[str, str]


def check_objects(
    objects: Any, where: str, *, start: int = 0, seen: Set[Key] = frozenset()
) -> list[tuple[Key, Mapping[str, Any]]]:
    """``(key, object)`` pairs of a list of STIX objects, or an :class:`InputError`.

    ``start`` numbers the first element in messages; ``seen`` holds the keys
    of objects checked before (a key among them is a duplicate too).
    """
    if isinstance(objects, str | bytes | Mapping) or not isinstance(objects, Sequence):
        raise InputError(
            f"expected a list of STIX objects, got {type(objects).__name__}",
            where=where,
            fix="Pass a list of STIX 2.1 objects (dictionaries with 'type' and 'id').",
        )
    items: list[tuple[Key, Mapping[str, Any]]] = []
    fresh: set[Key] = set()
    for index, obj in enumerate(objects, start):
        place = f"{where}[{index}]"
        if not isinstance(obj, Mapping):
            raise InputError(
                f"a STIX object must be a JSON object, got {type(obj).__name__}",
                where=place,
                fix="Give every element as a dictionary with 'type' and 'id'.",
            )
        kind, object_id = obj.get("type"), obj.get("id")
        if not isinstance(kind, str) or not isinstance(object_id, str):
            raise InputError(
                "a STIX object needs string 'type' and 'id' properties",
                where=place,
                fix="Add 'type' and 'id' (such as 'indicator--<uuid>') to the object.",
            )
        if not object_id.startswith(f"{kind}--"):
            raise InputError(
                f"identifier {object_id!r} does not start with its type '{kind}--'",
                where=f"{place}.id",
                fix="Use an identifier of the form '<type>--<uuid>'.",
            )
        key = (object_id, version_of(obj))
        if key in fresh or key in seen:
            raise InputError(
                f"object {object_id} version {key[1] or '(unversioned)'} appears twice",
                where=place,
                fix="Give each version of an object once.",
            )
        fresh.add(key)
        items.append((key, obj))
    return items


def _signature(obj: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The object marking refs that alone decide ``obj``, or ``None`` when more does.

    An object that is not a marking definition and has no granular markings
    is released unchanged or withheld whole, by its ``object_marking_refs``
    (and its originator) only: two such objects with the same refs and
    originator are decided alike.
    """
    if obj["type"] == "marking-definition" or obj.get("granular_markings"):
        return None
    refs = obj.get("object_marking_refs") or ()
    if isinstance(refs, list) and all(type(ref) is str for ref in refs):
        return tuple(refs)
    return None if refs else ()


class PreparedObjects:
    """STIX objects checked once, for filtering them repeatedly with
    :func:`~allied.sharing.stix.filter_objects`.

    Holds what does not depend on the recipient: the input checks of
    :func:`~allied.sharing.stix.filter_objects` (run once per object, by :meth:`of` and
    :meth:`extend`), the version key and marking signature of each object,
    the marking definitions among them, and which objects reference each
    identifier. :meth:`extend` returns a new instance with more objects and
    leaves this one as it is, so an instance can be shared between threads.

    The objects are not copied: they must not be changed once prepared, and
    :func:`~allied.sharing.stix.filter_objects` releases unchanged objects as the very dictionaries
    given here.

    Examples
    --------
    >>> from datetime import date
    >>> from allied.sharing.policy import Recipient
    >>> from allied.sharing.stix import filter_objects
    >>> green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
    >>> common = {"spec_version": "2.1", "created": "2024-01-01T00:00:00.000Z",
    ...           "modified": "2024-01-01T00:00:00.000Z", "is_family": True}
    >>> prepared = PreparedObjects.of([{"type": "malware", "name": "Bad",
    ...     "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
    ...     "object_marking_refs": [green], **common}])
    >>> more = prepared.extend([{"type": "malware", "name": "Worse",
    ...     "id": "malware--1b940d43-6f7f-459a-80ea-9c1f17b58abc", **common}])
    >>> len(prepared), len(more)
    (1, 2)
    >>> [obj["name"] for obj in filter_objects(more, Recipient("GBR"), on=date(2024, 6, 1)).objects]
    ['Bad']
    """

    __slots__ = ("_conflicts", "_definitions", "_keys", "_referrers", "items", "signatures")

    def __init__(self) -> None:
        self.items: tuple[tuple[Key, Mapping[str, Any]], ...] = ()
        self.signatures: tuple[tuple[str, ...] | None, ...] = ()
        self._keys: frozenset[Key] = frozenset()
        # identifier -> indices of the objects that reference it (at any depth);
        # built on first use, then extended with the objects added
        self._referrers: dict[str, tuple[int, ...]] | None = None
        self._definitions: dict[str, Mapping[str, Any]] = {}
        # marking-definition ids held in versions of different content (never trusted)
        self._conflicts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, objects: Sequence[Mapping[str, Any]], *, where: str = "objects") -> PreparedObjects:
        """``objects`` prepared; an :class:`InputError` as
        :func:`~allied.sharing.stix.filter_objects` raises."""
        return cls().extend(objects, where=where)

    @property
    def definitions(self) -> Mapping[str, Mapping[str, Any]]:
        """The marking definitions among the objects, by id (the last version given)."""
        return self._definitions

    @property
    def conflicts(self) -> frozenset[str]:
        """Ids of marking definitions held in versions of different content (never trusted)."""
        return self._conflicts

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, key: object) -> bool:
        """Whether an ``(id, version)`` key is held."""
        return key in self._keys

    def extend(
        self, objects: Sequence[Mapping[str, Any]], *, where: str = "objects"
    ) -> PreparedObjects:
        """A new instance holding these objects and then ``objects`` (checked here).

        Raises
        ------
        InputError
            When ``objects`` is not a list of STIX objects with ``type`` and
            ``id``, or when an object version appears twice (in ``objects``,
            or in ``objects`` and this instance).
        """
        added = check_objects(objects, where, start=len(self.items), seen=self._keys)
        new = PreparedObjects()
        new.items = self.items + tuple(added)
        new.signatures = self.signatures + tuple(_signature(obj) for _, obj in added)
        new._keys = self._keys | {key for key, _ in added}
        definitions = dict(self._definitions)
        conflicts = set(self._conflicts)
        for _, obj in added:
            if obj["type"] == "marking-definition":
                if definitions.get(obj["id"], obj) != obj:
                    conflicts.add(obj["id"])
                definitions[obj["id"]] = obj
        new._definitions = definitions
        new._conflicts = frozenset(conflicts)
        if self._referrers is not None:
            new._referrers = _index_referrers(added, len(self.items), self._referrers)
        return new

    def referrers(self) -> Mapping[str, tuple[int, ...]]:
        """Identifier to the indices (in :attr:`items`) of the objects that reference it."""
        if self._referrers is None:  # a race computes it twice, alike: harmless
            self._referrers = _index_referrers(self.items, 0, {})
        return self._referrers


def _index_referrers(
    items: Sequence[tuple[Key, Mapping[str, Any]]],
    start: int,
    before: Mapping[str, tuple[int, ...]],
) -> dict[str, tuple[int, ...]]:
    """``before`` with the references of ``items`` (numbered from ``start``) added."""
    grown: dict[str, list[int]] = defaultdict(list)
    for index, (_, obj) in enumerate(items, start):
        for ref in {ref for _, ref in references(obj)}:
            grown[ref].append(index)
    merged = dict(before)
    for ref, indices in grown.items():
        merged[ref] = merged.get(ref, ()) + tuple(indices)
    return merged
