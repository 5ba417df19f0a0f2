"""The TAXII 2.1 filters of a read: parsing them, and selecting the entries of a view they keep.

``added_after``, ``match[id]``, ``match[type]``, ``match[version]`` (``first``,
``last``, ``all`` or timestamps; ``last`` by default), ``match[spec_version]``
(the latest spec_version of each object by default), ``limit`` and ``next``,
as each endpoint allows. A :class:`Query` also carries a digest of its filters,
to which page tokens are bound.

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections
   "Filtering" and "URL Query Parameters".
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from allied.errors import InputError
from allied.sharing.stix import timestamp_key
from allied.sharing.store import STIX_TIMESTAMP, StoredObject, format_timestamp
from allied.sharing.taxii._http import bad_request
from allied.sharing.taxii._views import Entry, View

__all__ = [
    "DEFAULT_LIMIT",
    "ENDPOINT_FILTERS",
    "MAX_LIMIT",
    "Query",
    "parse_query",
    "parse_timestamp",
    "select",
    "select_versions",
]

#: ``limit`` when the client gives none.
DEFAULT_LIMIT = 100
#: The largest page served; a larger ``limit`` is lowered to this.
MAX_LIMIT = 1000

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
_FILTER_FIELDS = (
    "added_after",
    "match[id]",
    "match[type]",
    "match[version]",
    "match[spec_version]",
)
#: The filters each read endpoint takes (besides ``limit`` and ``next``).
ENDPOINT_FILTERS = {
    "objects": _FILTER_FIELDS,
    "manifest": _FILTER_FIELDS,
    "object": ("added_after", "match[version]", "match[spec_version]"),
    "versions": ("added_after", "match[spec_version]"),
    "delete": ("match[version]", "match[spec_version]"),
}


def parse_timestamp(text: str) -> datetime | None:
    """A TAXII timestamp (UTC, final ``Z``) as a datetime (to the microsecond), else ``None``.

    Examples
    --------
    >>> parse_timestamp("2024-05-01T10:00:00.1234567Z")
    datetime.datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=datetime.timezone.utc)
    >>> parse_timestamp("2024-05-01") is None
    True
    """
    if not _TIMESTAMP.match(text):
        return None
    if "." in text:  # datetime keeps microseconds only
        whole, fraction = text[:-1].split(".")
        text = f"{whole}.{fraction[:6]}Z"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Query:
    """The filters of one read request, checked."""

    added_after: datetime | None
    ids: frozenset[str]
    types: frozenset[str]
    versions: frozenset[str]  # "first", "last", "all" or timestamps as given
    spec_versions: frozenset[str]
    limit: int
    next: str | None
    digest: str  # of the filters (not limit or next): page tokens are bound to it


def _single_values(params: Sequence[tuple[str, str]], endpoint: str) -> dict[str, list[str]]:
    allowed = ENDPOINT_FILTERS[endpoint]
    values: dict[str, list[str]] = {}
    for name, value in params:
        if name in allowed or name in ("limit", "next"):
            values.setdefault(name, []).append(value)
    for single in ("added_after", "limit", "next"):
        if len(values.get(single, [])) > 1:
            raise bad_request(f"Repeated parameter {single}", f"Give '{single}' at most once.")
    return values


def _limit(values: dict[str, list[str]]) -> int:
    if "limit" not in values:
        return DEFAULT_LIMIT
    text = values["limit"][0].strip()
    digits = text.lstrip("0")
    if not text.isdigit() or not text.isascii() or not digits:
        raise bad_request(
            "Invalid limit",
            f"limit {text[:30]!r} is not a positive whole number; use 1 to {MAX_LIMIT}.",
        )
    # more digits than MAX_LIMIT has is above it (and int() refuses 4,300+ digits)
    return MAX_LIMIT if len(digits) > len(str(MAX_LIMIT)) else min(int(digits), MAX_LIMIT)


def parse_query(params: Sequence[tuple[str, str]], endpoint: str) -> Query:
    """The filters ``endpoint`` takes among the query ``params``; a 400 :class:`TaxiiError`
    for a repeated single parameter or a value that cannot be read."""
    allowed = ENDPOINT_FILTERS[endpoint]
    values = _single_values(params, endpoint)

    def listed(name: str) -> frozenset[str]:
        items = (part.strip() for value in values.get(name, []) for part in value.split(","))
        return frozenset(item for item in items if item)

    added_after = None
    if "added_after" in values:
        added_after = parse_timestamp(values["added_after"][0].strip())
        if added_after is None:
            raise bad_request(
                "Invalid added_after",
                f"added_after {values['added_after'][0][:60]!r} is not a timestamp such as "
                "2024-05-01T10:00:00.000Z (UTC, with a final Z).",
            )
    versions = listed("match[version]") or frozenset({"last"})
    for value in versions - {"first", "last", "all"}:
        if parse_timestamp(value) is None:
            raise bad_request(
                "Invalid match[version]",
                f"{value[:60]!r} is not 'first', 'last', 'all' or a timestamp such as "
                "2024-05-01T10:00:00.000Z.",
            )
    filters = {name: sorted(listed(name)) for name in allowed if name != "added_after"}
    filters["added_after"] = [format_timestamp(added_after)] if added_after else []
    if "match[version]" in allowed:
        filters["match[version]"] = sorted(versions)
    digest = hashlib.sha256(
        json.dumps(filters, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    return Query(
        added_after=added_after,
        ids=listed("match[id]"),
        types=listed("match[type]"),
        versions=versions,
        spec_versions=listed("match[spec_version]"),
        limit=_limit(values),
        next=values["next"][0] if "next" in values else None,
        digest=digest,
    )


def select_versions(
    objects: Sequence[StoredObject], versions: Iterable[str] = ("last",)
) -> list[StoredObject]:
    """The versions a TAXII ``match[version]`` filter keeps, in the input's order.

    ``versions`` holds ``"last"`` (the default of TAXII 2.1), ``"first"``,
    ``"all"`` or specific version timestamps; an object version is kept if any
    value selects it. Versions compare as instants, so ``...00Z`` and
    ``...00.000Z`` are the same instant; unversioned objects (version ``""``)
    are both first and last.

    Examples
    --------
    >>> from datetime import UTC
    >>> stamp = datetime(2024, 1, 1, tzinfo=UTC)
    >>> rows = [StoredObject("c", "x--1", "x", v, "2.1", stamp, "GBR", {})
    ...         for v in ("2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    >>> [o.version for o in select_versions(rows)]
    ['2024-03-01T00:00:00Z']
    >>> [o.version for o in select_versions(rows, ["first", "2024-03-01T00:00:00.000Z"])]
    ['2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z']
    """
    wanted = set(versions)
    if "all" in wanted:
        return list(objects)
    specific = set()
    for value in wanted - {"first", "last"}:
        if not STIX_TIMESTAMP.fullmatch(value):
            raise InputError(
                f"invalid version {value!r}",
                where="match[version]",
                fix="Use first, last, all or a timestamp such as 2024-01-01T00:00:00.000Z.",
            )
        specific.add(timestamp_key(value))
    counts = Counter(o.id for o in objects)
    edges = bool(wanted & {"first", "last"})
    # the only version of an object is its first and its last: parse timestamps only
    # where versions are compared with each other or with a specific timestamp
    compared = [o for o in objects if o.version and (specific or counts[o.id] > 1)]
    keys = {o.version: timestamp_key(o.version) for o in compared}
    first: dict[str, tuple[datetime, str]] = {}
    last: dict[str, tuple[datetime, str]] = {}
    for o in compared:
        key = keys[o.version]
        first[o.id] = min(first.get(o.id, key), key)
        last[o.id] = max(last.get(o.id, key), key)
    kept = []
    for o in objects:
        if not o.version or counts[o.id] == 1:
            if edges or (o.version and keys[o.version] in specific):
                kept.append(o)
            continue
        key = keys[o.version]
        if (
            ("first" in wanted and first[o.id] == key)
            or ("last" in wanted and last[o.id] == key)
            or key in specific
        ):
            kept.append(o)
    return kept


def _spec_rank(spec_version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in spec_version.split("."))


def _versions_kept(entries: Sequence[Entry], query: Query) -> tuple[Entry, ...]:
    """The entries ``match[spec_version]`` and ``match[version]`` keep, in order.

    Both select among the versions of one object, so they commute with the
    id and type filters and are computed once per view and selection.
    """
    chosen: Sequence[Entry] = entries
    if query.spec_versions:
        chosen = [e for e in chosen if e.stored.spec_version in query.spec_versions]
    elif len({e.stored.spec_version for e in chosen}) > 1:
        # only the latest spec_version of each object (with one, that is all of them)
        latest: dict[str, tuple[int, ...]] = {}
        for entry in chosen:
            rank = _spec_rank(entry.stored.spec_version)
            latest[entry.id] = max(rank, latest.get(entry.id, rank))
        chosen = [e for e in chosen if _spec_rank(e.stored.spec_version) == latest[e.id]]
    if "all" in query.versions:
        return tuple(chosen)
    kept = {id(o) for o in select_versions([e.stored for e in chosen], query.versions)}
    return tuple(entry for entry in chosen if id(entry.stored) in kept)


def select(view: View, query: Query) -> Sequence[Entry]:
    """The entries of ``view`` that pass the filters of ``query``, in serving order
    (without copying the view's selection when no filter narrows it)."""
    kept = view.selected(
        (query.versions, query.spec_versions), lambda entries: _versions_kept(entries, query)
    )
    start = 0
    if query.added_after is not None:  # entries are ordered by date_added first
        start = bisect.bisect_right(kept, query.added_after, key=lambda e: e.key[0])
    if not query.ids and not query.types:
        return kept[start:] if start else kept
    return [
        entry
        for entry in kept[start:]
        if (not query.ids or entry.id in query.ids)
        and (not query.types or entry.stored.type in query.types)
    ]
