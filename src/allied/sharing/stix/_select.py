"""Granular-marking selectors: parse, resolve, remove content and re-index what remains.

A selector (STIX 2.1 section 7.2.3.1) is a ``.``-separated path whose
components are property names or zero-based list indices written ``[n]``,
rooted at the object that carries the ``granular_markings`` property; it must
select content that is present. Removing a list item shifts the items after
it, so selectors that survive a removal are re-indexed.

References
----------
.. [1] OASIS, "STIX Version 2.1", OASIS Standard, 10 June 2021, section 7.2.3
   (granular markings) and 7.2.3.1 (selector syntax).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

import bisect
import copy
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from allied.sharing.stix._spec import item_complete

__all__ = [
    "Path",
    "format_selector",
    "parse_selector",
    "references",
    "remapper",
    "remove_paths",
    "selects",
]

Path = tuple[str | int, ...]

_INDEX = re.compile(r"\[([0-9]{1,9})\]")  # ASCII digits, bounded: no list is longer
_MARKING_PROPS = frozenset({"object_marking_refs", "granular_markings"})


def parse_selector(text: str) -> Path | None:
    """The path of a selector, or ``None`` when it does not follow the syntax.

    Examples
    --------
    >>> parse_selector("external_references.[0].url")
    ('external_references', 0, 'url')
    >>> parse_selector("labels.[x]") is None
    True
    """
    path: list[str | int] = []
    for part in text.split("."):
        match = _INDEX.fullmatch(part)
        if match:
            path.append(int(match.group(1)))
        elif part and "[" not in part and "]" not in part:
            path.append(part)
        else:
            return None
    return tuple(path)


def format_selector(path: Path) -> str:
    """The selector text of ``path``.

    Examples
    --------
    >>> format_selector(("labels", 1))
    'labels.[1]'
    """
    return ".".join(f"[{part}]" if isinstance(part, int) else part for part in path)


def selects(obj: Any, path: Path) -> bool:
    """Whether ``path`` selects content present in ``obj``."""
    node = obj
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def _get(obj: Any, path: Path) -> Any:
    for part in path:
        obj = obj[part]
    return obj


def _under(path: Path, roots: set[Path]) -> bool:
    return any(path[:n] in roots for n in range(1, len(path) + 1))


def _close(obj: Mapping[str, Any], paths: Iterable[Path]) -> set[Path]:
    """The removal set in ``obj``'s coordinates, grown to keep what remains valid.

    A list item that loses a part it requires goes whole; a list or dictionary
    that loses every element goes too (STIX lists must not be empty).
    """
    removed = {path for path in paths if path}
    while True:
        roots = {path for path in removed if not _under(path[:-1], removed)}
        grown: set[Path] = set()
        children: dict[Path, set[str | int]] = defaultdict(set)
        for path in roots:
            children[path[:-1]].add(path[-1])
        for parent, parts in children.items():
            if not parent:
                continue
            container = _get(obj, parent)
            if len(parts) >= len(container):
                grown.add(parent)
            elif len(parent) == 2 and isinstance(parent[1], int) and isinstance(container, Mapping):
                # an item of a list property losing one of its required parts
                rest = {key: value for key, value in container.items() if key not in parts}
                if not item_complete(str(parent[0]), rest):
                    grown.add(parent)
        if grown <= removed:
            return roots
        removed |= grown


def _sort_key(path: Path) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in path)


def remove_paths(
    obj: Mapping[str, Any], paths: Iterable[Path]
) -> tuple[dict[str, Any], list[Path]]:
    """A copy of ``obj`` without the content at ``paths``, and what was removed.

    Removing a list item drops the whole item when it would lack a required
    part, and removing the last element of a list or dictionary drops the
    container. ``obj`` is not changed; only the touched top-level properties
    are copied.

    Returns
    -------
    tuple
        The new object, and the removed paths in ``obj``'s coordinates (sorted,
        none below another).

    Examples
    --------
    >>> obj = {"labels": ["a", "b"], "name": "n"}
    >>> new, gone = remove_paths(obj, [("labels", 0), ("labels", 1)])
    >>> new, gone
    ({'name': 'n'}, [('labels',)])
    """
    removed = _close(obj, paths)
    new = dict(obj)
    for key in {str(path[0]) for path in removed if len(path) > 1}:
        new[key] = copy.deepcopy(obj[key])
    ordered = sorted(removed, key=_sort_key, reverse=True)
    for path in ordered:
        del _get(new, path[:-1])[path[-1]]
    ordered.reverse()
    return new, ordered


def remapper(removed: Iterable[Path]) -> Callable[[Path], Path | None]:
    """A function giving a path after ``removed`` went: ``None`` if it went, else re-indexed.

    Paths are in the coordinates of the object before the removal; each call
    costs a set lookup per prefix and a binary search per list index.

    Examples
    --------
    >>> remap = remapper([("labels", 0), ("external_references", 1, "url")])
    >>> remap(("labels", 2)), remap(("labels", 0, "x")), remap(("external_references", 1))
    (('labels', 1), None, ('external_references', 1))
    """
    gone = set(removed)
    indices: dict[Path, list[int]] = defaultdict(list)
    for path in gone:
        if isinstance(path[-1], int):
            indices[path[:-1]].append(path[-1])
    for found in indices.values():
        found.sort()

    def remap(path: Path) -> Path | None:
        if any(path[:length] in gone for length in range(1, len(path) + 1)):
            return None
        new = list(path)
        for depth, part in enumerate(path):
            if isinstance(part, int) and path[:depth] in indices:
                new[depth] = part - bisect.bisect_left(indices[path[:depth]], part)
        return tuple(new)

    return remap


def references(obj: Any, prefix: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every identifier reference in ``obj``: ``(path, id)`` for ``*_ref`` and ``*_refs``.

    Marking references (``object_marking_refs``, ``granular_markings``) are
    not included: they are handled as markings.

    Examples
    --------
    >>> list(references({"created_by_ref": "identity--1", "object_refs": ["a--1"]}))
    [(('created_by_ref',), 'identity--1'), (('object_refs', 0), 'a--1')]
    """
    if isinstance(obj, dict | Mapping):
        for key, value in obj.items():
            if not prefix and key in _MARKING_PROPS:
                continue
            kind = type(value)
            if kind is str:
                if key.endswith("_ref"):
                    yield (*prefix, key), value
            elif kind is list and key.endswith("_refs"):
                for index, item in enumerate(value):
                    if type(item) is str:
                        yield (*prefix, key, index), item
            elif kind is dict or kind is list or isinstance(value, Mapping):
                yield from references(value, (*prefix, key))
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            if type(item) is not str:
                yield from references(item, (*prefix, index))
