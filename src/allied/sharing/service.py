"""The TAXII 2.1 service between the HTTP routes and the storage.

:class:`TaxiiService` does everything the routes in :mod:`allied.sharing.server`
do not: authentication by API key, which collections a user may see, the
TAXII filters (``added_after``, ``match[id|type|version|spec_version]``),
per-recipient releasability filtering through
:func:`allied.sharing.bundles.filter_objects` (before pagination, with a
cache), signed page tokens, the write path with its limits, and the audit of
every read and write. It speaks plain Python (dicts, headers, status codes)
and raises :class:`TaxiiError` for every refusal; the routes only translate.

Releasability is decided per recipient ``(nation, clearance)`` over all the
versions held in a collection, and the result is cached per ``(collection,
collection_version, nation, clearance, date)``: a write changes the
collection version and so invalidates the entries of that collection. The
TAXII filters and pagination then run over the released objects only, so a
withheld object or version is indistinguishable from an absent one: it is
not counted, not paginated, and its id answers 404.

Pagination is by cursor. A page token carries the sort key ``(date_added,
id, version)`` of the last item served and is HMAC-SHA256-signed with a
secret kept in the storage settings (``taxii_page_token_secret``), so tokens
survive restarts. The token is bound to the user, the collection, the
endpoint (with the object id) and a digest of the filter parameters; any
other use answers 400. Objects added while a client pages are appended after
its cursor (``date_added`` strictly increases), so no item is served twice or
skipped.

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections
   "Sorting", "Pagination", "Filtering", "Error Message", "Get Objects",
   "Add Objects", "Get Object Versions", "Get Object Manifests", "Status
   Resource". https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import hmac
import json
import math
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from allied.sharing._stix_spec import version_of
from allied.sharing.agreements import Recipient
from allied.sharing.audit import canonical_json
from allied.sharing.bundles import PreparedObjects, _release
from allied.sharing.markings import MarkingError, marking_from_definition
from allied.sharing.storage import format_timestamp, select_versions

if TYPE_CHECKING:
    from allied.sharing.agreements import SharingPolicy
    from allied.sharing.storage import (
        CollectionRecord,
        Storage,
        StoredObject,
        UserRecord,
    )

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_MAX_CONTENT_LENGTH",
    "MAX_LIMIT",
    "MAX_OBJECT_DEPTH",
    "MAX_PATTERN_DEPTH",
    "MAX_PATTERN_LENGTH",
    "STIX_MEDIA_TYPE",
    "TAXII_MEDIA_TYPE",
    "TaxiiError",
    "TaxiiResponse",
    "TaxiiService",
    "pattern_problem",
]

#: The TAXII 2.1 media type of every response.
TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
#: The media type of the STIX 2.1 objects a collection holds.
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
#: ``limit`` when the client gives none.
DEFAULT_LIMIT = 100
#: The largest page served; a larger ``limit`` is lowered to this.
MAX_LIMIT = 1000
#: The default largest request body, in bytes (10 MiB).
DEFAULT_MAX_CONTENT_LENGTH = 10 * 2**20
#: A STIX pattern longer than this (characters) is refused.
MAX_PATTERN_LENGTH = 10_000
#: A STIX pattern nesting brackets and parentheses deeper than this is refused.
MAX_PATTERN_DEPTH = 32
#: An object nesting JSON objects and arrays deeper than this is refused.
MAX_OBJECT_DEPTH = 64
#: The storage setting that holds the page-token secret.
TOKEN_SECRET_SETTING = "taxii_page_token_secret"

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
_VIEW_CACHE_SIZE = 64
_FILTER_FIELDS = (
    "added_after",
    "match[id]",
    "match[type]",
    "match[version]",
    "match[spec_version]",
)
_ENDPOINT_FILTERS = {
    "objects": _FILTER_FIELDS,
    "manifest": _FILTER_FIELDS,
    "object": ("added_after", "match[version]", "match[spec_version]"),
    "versions": ("added_after", "match[spec_version]"),
}


class TaxiiError(Exception):
    """A refused request: an HTTP status and a TAXII error message.

    Parameters
    ----------
    http_status
        The HTTP status code (400, 401, 403, 404, 406, 413, 415, ...).
    title
        A short, human-readable summary.
    description
        What is wrong and how to fix it.
    headers
        Extra response headers (``WWW-Authenticate`` on 401).
    """

    def __init__(
        self,
        http_status: int,
        title: str,
        description: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{http_status} {title}: {description}")
        self.http_status = http_status
        self.title = title
        self.description = description
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The TAXII 2.1 error message (``title``, ``description``, ``http_status``)."""
        return {
            "title": self.title,
            "description": self.description,
            "http_status": str(self.http_status),
        }


@dataclass(frozen=True)
class TaxiiResponse:
    """What a route sends: a JSON body, a status code and extra headers."""

    body: dict[str, Any]
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Entry:
    """One released object version, in the order TAXII serves them."""

    key: tuple[datetime, str, str]  # (date_added, id, version)
    stored: StoredObject
    object: dict[str, Any]  # as released to this recipient (possibly redacted)

    @property
    def id(self) -> str:
        return self.stored.id

    @property
    def version(self) -> str:
        """``modified``, else ``created``, else ``date_added`` (as TAXII reports it)."""
        return self.key[2] or format_timestamp(self.stored.date_added)


@dataclass(frozen=True)
class _View:
    """What one recipient may see of one collection version."""

    entries: tuple[_Entry, ...]
    withheld: tuple[tuple[tuple[datetime, str, str], str, tuple[str, ...]], ...]
    redacted: Mapping[tuple[str, str], tuple[str, ...]]
    # (match[version], match[spec_version]) -> the entries they keep, computed once
    selections: dict[tuple[frozenset[str], frozenset[str]], tuple[_Entry, ...]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class _Snapshot:
    version: int
    stored: tuple[StoredObject, ...]
    versions: tuple[str, ...]  # version_of each stored object, in the same order
    seen: frozenset[tuple[str, str]]  # (id, version) of every stored object
    originators: Mapping[Any, str]  # (id, version) -> the nation that posted it; id -> the first
    definitions: Mapping[str, Mapping[str, Any]]
    # the stored objects, checked and indexed once for filtering (None when not filtering)
    prepared: PreparedObjects | None


@dataclass(frozen=True)
class _Query:
    added_after: datetime | None
    ids: frozenset[str]
    types: frozenset[str]
    versions: frozenset[str]  # "first", "last", "all" or timestamps as given
    spec_versions: frozenset[str]
    limit: int
    next: str | None
    digest: str


def _parse_timestamp(text: str) -> datetime | None:
    if not _TIMESTAMP.match(text):
        return None
    if "." in text:  # datetime keeps microseconds only
        whole, fraction = text[:-1].split(".")
        text = f"{whole}.{fraction[:6]}Z"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _refuse_constant(name: str) -> float:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON (RFC 8259); Python accepts them."""
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    """A JSON number as a float, refused when it overflows to infinity (``1e400``)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of the range of a double")
    return value


def _bad_request(title: str, description: str) -> TaxiiError:
    return TaxiiError(400, title, description)


def _failure(obj: Mapping[str, Any], index: int, problem: str) -> dict[str, Any]:
    """A status failure entry for ``obj`` (the ``index``-th object of the envelope)."""
    ident = obj.get("id")
    return {
        "id": ident[:200] if isinstance(ident, str) else f"objects[{index}]",
        "version": version_of(obj)[:64],
        "message": problem,
    }


def _is_definition(obj: Mapping[str, Any]) -> bool:
    """Whether ``obj`` is a marking definition with an id (storage refuses one without)."""
    return obj.get("type") == "marking-definition" and isinstance(obj.get("id"), str)


def _definition_problem(definition: Mapping[str, Any], known: dict[str, bytes]) -> str | None:
    """Why a posted marking definition is refused, or ``None``; records it in ``known``."""
    try:
        marking_from_definition(definition)
    except MarkingError as exc:
        return f"refused marking definition: {exc.message}"
    content = canonical_json(definition)
    first = known.setdefault(str(definition["id"]), content)
    if first != content:
        return (
            "a marking definition with this id is already in the collection with other "
            "content; marking definitions cannot be changed (post it under a new id)"
        )
    return None


def pattern_problem(pattern: object) -> str | None:
    """Why a STIX pattern is refused before any parser sees it, or ``None``.

    A pattern longer than :data:`MAX_PATTERN_LENGTH` characters, or nesting
    brackets and parentheses (outside quoted strings) deeper than
    :data:`MAX_PATTERN_DEPTH`, is refused: such patterns make recursive
    pattern parsers exhaust the stack or the CPU.

    Examples
    --------
    >>> pattern_problem("[ipv4-addr:value = '198.51.100.1']") is None
    True
    >>> pattern_problem("(" * 40 + "[x:y = 1]" + ")" * 40)
    'pattern nests brackets and parentheses 41 deep, more than 32'
    """
    if not isinstance(pattern, str):
        return "pattern is not a string"
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"pattern is {len(pattern)} characters long, more than {MAX_PATTERN_LENGTH}"
    depth = deepest = 0
    quoted = escaped = False
    for char in pattern:
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "'":
                quoted = False
        elif char == "'":
            quoted = True
        elif char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]":
            depth -= 1
    if deepest > MAX_PATTERN_DEPTH:
        return (
            f"pattern nests brackets and parentheses {deepest} deep, more than {MAX_PATTERN_DEPTH}"
        )
    return None


def _json_depth(value: object) -> int:
    """The nesting depth of a parsed JSON value, without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _object_problem(obj: Mapping[str, Any]) -> str | None:
    """Why the server refuses a posted object before storage sees it, or ``None``.

    The storage checks identity (``type--UUID``, timestamps, spec_version);
    this checks what would hurt the read path: JSON nested too deep, marking
    properties of the wrong shape and patterns refused by :func:`pattern_problem`.
    """
    depth = _json_depth(obj)
    if depth > MAX_OBJECT_DEPTH:
        return f"object nests JSON {depth} levels deep, more than {MAX_OBJECT_DEPTH}"
    refs = obj.get("object_marking_refs", [])
    if not isinstance(refs, list) or not all(isinstance(ref, str) for ref in refs):
        return "'object_marking_refs' is not a list of marking-definition identifiers"
    granular = obj.get("granular_markings", [])
    if not isinstance(granular, list) or not all(isinstance(g, dict) for g in granular):
        return "'granular_markings' is not a list of objects"
    if "pattern" in obj:
        return pattern_problem(obj["pattern"])
    return None


def _spec_rank(spec_version: str) -> tuple[int, ...]:
    parts = []
    for part in spec_version.split("."):
        parts.append(int(part) if part.isdigit() else -1)
    return tuple(parts)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TaxiiService:
    """TAXII 2.1 behaviour over a :class:`~allied.sharing.storage.Storage`.

    Parameters
    ----------
    storage
        Where collections, objects, users, statuses, settings and the audit
        log live.
    max_content_length
        The largest request body in bytes; larger ones answer 413.
    filtering
        Filter every read per recipient (the default). ``False`` serves every
        object to every reader and exists only as the benchmark baseline.
    policy
        The sharing policy for releasability decisions (default: the one
        built from the catalog).
    title
        The title of the server and its API root.
    clock
        Returns the current time (UTC); releasability is decided on its date.

    References
    ----------
    .. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021.
       https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
    """

    def __init__(
        self,
        storage: Storage,
        *,
        max_content_length: int = DEFAULT_MAX_CONTENT_LENGTH,
        filtering: bool = True,
        policy: SharingPolicy | None = None,
        title: str = "allied coalition exchange",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if max_content_length < 1:
            raise ValueError("max_content_length must be a positive number of bytes")
        self.storage = storage
        self.max_content_length = max_content_length
        self.filtering = filtering
        self.policy = policy
        self.title = title
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._snapshots: dict[str, _Snapshot] = {}
        self._views: OrderedDict[tuple[str, int, str, str, date], _View] = OrderedDict()
        self._secret = self._token_secret()

    # ------------------------------------------------------------------ auth

    def authenticate(self, authorization: str | None) -> UserRecord:
        """The user of an ``Authorization`` header, else a 401 :class:`TaxiiError`.

        Accepted: ``Bearer KEY``, ``Token KEY`` (taxii2-client's ``TokenAuth``)
        and HTTP Basic with the API key as the password (any user name).
        """
        challenge = {"WWW-Authenticate": 'Bearer realm="taxii", Basic realm="taxii"'}
        if not authorization or not authorization.strip():
            raise TaxiiError(
                401,
                "Authentication required",
                "Send your API key as 'Authorization: Bearer KEY' (or Token KEY, "
                "or HTTP Basic with the key as the password).",
                headers=challenge,
            )
        scheme, _, credentials = authorization.strip().partition(" ")
        scheme, credentials = scheme.lower(), credentials.strip()
        key = ""
        if scheme in ("bearer", "token"):
            key = credentials
        elif scheme == "basic":
            try:
                decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):  # binascii.Error, non-ASCII text
                decoded = ""
            key = decoded.partition(":")[2]
        user = self.storage.user_for_key(key) if key else None
        if user is None:
            raise TaxiiError(
                401,
                "Invalid credentials",
                "The API key is unknown or malformed. Ask the exchange operator for a key "
                "('allied sharing users add').",
                headers=challenge,
            )
        return user

    # -------------------------------------------------------- server & roots

    def discovery(self, base_url: str) -> TaxiiResponse:
        """The discovery resource: one API root, ``<base_url>api/``."""
        root = base_url.rstrip("/") + "/api/"
        return TaxiiResponse(
            {
                "title": self.title,
                "description": "Coalition threat-intelligence exchange: every reader receives "
                "exactly the objects its nation and clearance may see.",
                "default": root,
                "api_roots": [root],
            }
        )

    def api_root(self) -> TaxiiResponse:
        """The API root resource (``versions`` and ``max_content_length``)."""
        return TaxiiResponse(
            {
                "title": self.title,
                "description": "Collections filtered per recipient nation and clearance.",
                "versions": [TAXII_MEDIA_TYPE],
                "max_content_length": self.max_content_length,
            }
        )

    # ----------------------------------------------------------- collections

    @staticmethod
    def _visible(user: UserRecord, collection_id: str) -> bool:
        return user.may_read(collection_id) or user.may_write(collection_id)

    def _collection_resource(self, user: UserRecord, record: CollectionRecord) -> dict[str, Any]:
        resource: dict[str, Any] = {"id": record.id, "title": record.title}
        if record.description:
            resource["description"] = record.description
        resource["can_read"] = user.may_read(record.id)
        resource["can_write"] = user.may_write(record.id)
        resource["media_types"] = [STIX_MEDIA_TYPE]
        return resource

    def collections(self, user: UserRecord) -> TaxiiResponse:
        """The collections ``user`` may read or write; the others are not listed."""
        found = [
            self._collection_resource(user, record)
            for record in self.storage.collections()
            if self._visible(user, record.id)
        ]
        return TaxiiResponse({"collections": found} if found else {})

    def _find(self, user: UserRecord, collection_id: str) -> CollectionRecord:
        record = (
            self.storage.collection(collection_id) if self._visible(user, collection_id) else None
        )
        if record is None:
            raise TaxiiError(
                404,
                "Collection not found",
                f"There is no collection {collection_id[:100]!r} that you may see. "
                "List yours at GET /api/collections/.",
            )
        return record

    def collection(self, user: UserRecord, collection_id: str) -> TaxiiResponse:
        """One collection resource; 404 for a collection ``user`` may not see."""
        return TaxiiResponse(self._collection_resource(user, self._find(user, collection_id)))

    def _find_readable(self, user: UserRecord, collection_id: str) -> CollectionRecord:
        record = self._find(user, collection_id)
        if not user.may_read(collection_id):
            raise TaxiiError(
                403,
                "Reading not permitted",
                f"You may add objects to collection {collection_id!r} but not read it.",
            )
        return record

    # ---------------------------------------------------------------- views

    def _snapshot(self, collection_id: str) -> _Snapshot:
        """Every stored version of the collection, read once per collection version.

        After a write only the objects added after the last one held are read:
        ``date_added`` strictly increases in commit order, so they are exactly
        the new ones. Only they are checked and indexed for filtering
        (:class:`~allied.sharing.bundles.PreparedObjects`), once for every
        recipient.
        """
        version = self.storage.collection_version(collection_id)
        with self._lock:
            cached = self._snapshots.get(collection_id)
        if cached is not None and cached.version == version:
            return cached
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
            seen.add(key)
            stored.append(item)
            versions.append(key[1])
            added.append(item.object)
            originators[key] = item.originator  # each version is its poster's
            originators.setdefault(item.id, item.originator)
            if item.type == "marking-definition":
                definitions[item.id] = item.object
        prepared = None
        if self.filtering:
            prepared = cached.prepared if cached and cached.prepared else PreparedObjects()
            prepared = prepared.extend(added, where=f"collection {collection_id!r}")
        snapshot = _Snapshot(
            version,
            tuple(stored),
            tuple(versions),
            frozenset(seen),
            originators,
            definitions,
            prepared,
        )
        with self._lock:
            self._snapshots[collection_id] = snapshot
        return snapshot

    def _view(self, user: UserRecord, collection_id: str) -> _View:
        snapshot = self._snapshot(collection_id)
        today = self._clock().astimezone(UTC).date()
        cache_key = (collection_id, snapshot.version, user.nation, user.clearance, today)
        if not self.filtering:
            cache_key = (collection_id, snapshot.version, "", "", today)
        with self._lock:
            view = self._views.get(cache_key)
            if view is not None:
                self._views.move_to_end(cache_key)
                return view
            view = self._build_view(snapshot, user, today)
            self._views[cache_key] = view
            while len(self._views) > _VIEW_CACHE_SIZE:
                self._views.popitem(last=False)
            return view

    def _build_view(self, snapshot: _Snapshot, user: UserRecord, today: date) -> _View:
        entries: list[_Entry] = []
        withheld: list[tuple[tuple[datetime, str, str], str, tuple[str, ...]]] = []
        redacted: Mapping[tuple[str, str], tuple[str, ...]] = {}
        if snapshot.prepared is None:  # not filtering: every stored version as stored
            for item, version in zip(snapshot.stored, snapshot.versions, strict=True):
                entries.append(_Entry((item.date_added, item.id, version), item, item.object))
        else:
            # the rules of filter_objects, indexed by the prepared keys (no reordering)
            released, reasons, cuts = _release(
                snapshot.prepared,
                Recipient(user.nation, user.clearance),
                on=today,
                originators=snapshot.originators,
                definitions=snapshot.definitions,
                policy=self.policy,
                share=True,
            )
            redacted = {key: tuple(cut) for key, cut in cuts.items() if key in released}
            for item, version, (key, _) in zip(
                snapshot.stored, snapshot.versions, snapshot.prepared.items, strict=True
            ):
                obj = released.get(key)
                if obj is None:
                    why = reasons[key] or ("withheld",)
                    withheld.append(((item.date_added, item.id, version), item.type, why))
                else:
                    entries.append(_Entry((item.date_added, item.id, version), item, obj))
        entries.sort(key=lambda entry: entry.key)
        withheld.sort(key=lambda item: item[0])
        return _View(tuple(entries), tuple(withheld), redacted)

    # -------------------------------------------------------------- queries

    def _query(self, params: Sequence[tuple[str, str]], endpoint: str) -> _Query:
        allowed = _ENDPOINT_FILTERS[endpoint]
        values: dict[str, list[str]] = {}
        for name, value in params:
            if name in allowed or name in ("limit", "next"):
                values.setdefault(name, []).append(value)
        for single in ("added_after", "limit", "next"):
            if len(values.get(single, [])) > 1:
                raise _bad_request(f"Repeated parameter {single}", f"Give '{single}' at most once.")

        def listed(name: str) -> frozenset[str]:
            items = (part.strip() for value in values.get(name, []) for part in value.split(","))
            return frozenset(item for item in items if item)

        added_after = None
        if "added_after" in values:
            added_after = _parse_timestamp(values["added_after"][0].strip())
            if added_after is None:
                raise _bad_request(
                    "Invalid added_after",
                    f"added_after {values['added_after'][0][:60]!r} is not a timestamp such as "
                    "2024-05-01T10:00:00.000Z (UTC, with a final Z).",
                )
        versions = listed("match[version]") or frozenset({"last"})
        for value in versions - {"first", "last", "all"}:
            if _parse_timestamp(value) is None:
                raise _bad_request(
                    "Invalid match[version]",
                    f"{value[:60]!r} is not 'first', 'last', 'all' or a timestamp such as "
                    "2024-05-01T10:00:00.000Z.",
                )
        limit = DEFAULT_LIMIT
        if "limit" in values:
            text = values["limit"][0].strip()
            digits = text.lstrip("0")
            if not text.isdigit() or not text.isascii() or not digits:
                raise _bad_request(
                    "Invalid limit",
                    f"limit {text[:30]!r} is not a positive whole number; use 1 to {MAX_LIMIT}.",
                )
            # more digits than MAX_LIMIT has is above it (and int() refuses 4,300+ digits)
            limit = MAX_LIMIT if len(digits) > len(str(MAX_LIMIT)) else min(int(digits), MAX_LIMIT)
        filters = {name: sorted(listed(name)) for name in allowed if name != "added_after"}
        filters["added_after"] = [format_timestamp(added_after)] if added_after else []
        if "match[version]" in allowed:
            filters["match[version]"] = sorted(versions)
        digest = hashlib.sha256(
            json.dumps(filters, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        return _Query(
            added_after=added_after,
            ids=listed("match[id]"),
            types=listed("match[type]"),
            versions=versions,
            spec_versions=listed("match[spec_version]"),
            limit=limit,
            next=values["next"][0] if "next" in values else None,
            digest=digest,
        )

    @staticmethod
    def _versions_kept(entries: Sequence[_Entry], query: _Query) -> tuple[_Entry, ...]:
        """The entries ``match[spec_version]`` and ``match[version]`` keep, in order.

        Both select among the versions of one object, so they commute with the
        id and type filters and are computed once per view and selection.
        """
        chosen: Sequence[_Entry] = entries
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

    def _select(self, view: _View, query: _Query) -> list[_Entry]:
        """The entries of ``view`` that pass the TAXII filters, in serving order."""
        selection = (query.versions, query.spec_versions)
        with self._lock:
            kept = view.selections.get(selection)
        if kept is None:
            kept = self._versions_kept(view.entries, query)
            with self._lock:
                if len(view.selections) >= _VIEW_CACHE_SIZE:
                    view.selections.clear()
                view.selections[selection] = kept
        start = 0
        if query.added_after is not None:  # entries are ordered by date_added first
            start = bisect.bisect_right(kept, query.added_after, key=lambda e: e.key[0])
        if not query.ids and not query.types:
            return list(kept[start:])
        return [
            entry
            for entry in kept[start:]
            if (not query.ids or entry.id in query.ids)
            and (not query.types or entry.stored.type in query.types)
        ]

    # --------------------------------------------------------------- tokens

    def _token_secret(self) -> bytes:
        secret = self.storage.setting(TOKEN_SECRET_SETTING)
        if not secret:
            self.storage.set_setting(TOKEN_SECRET_SETTING, secrets.token_hex(32))
            secret = self.storage.setting(TOKEN_SECRET_SETTING) or ""
        return secret.encode("ascii")

    def _token(
        self, user: UserRecord, collection_id: str, endpoint: str, query: _Query, last: _Entry
    ) -> str:
        payload = json.dumps(
            {
                "v": 1,
                "u": user.name,
                "c": collection_id,
                "e": endpoint,
                "f": query.digest,
                "k": [format_timestamp(last.key[0]), last.id, last.key[2]],
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        signature = hmac.new(self._secret, payload, hashlib.sha256).digest()
        return f"{_b64(payload)}.{_b64(signature)}"

    def _cursor(
        self, user: UserRecord, collection_id: str, endpoint: str, query: _Query
    ) -> tuple[datetime, str, str] | None:
        if query.next is None:
            return None
        invalid = _bad_request(
            "Invalid next token",
            "The 'next' token was not issued by this server for this user, collection, "
            "endpoint and filters. Repeat the request without 'next' to start again.",
        )
        payload_text, _, signature_text = query.next.strip().partition(".")
        try:
            payload, signature = _unb64(payload_text), _unb64(signature_text)
        except (binascii.Error, ValueError):
            raise invalid from None
        expected = hmac.new(self._secret, payload, hashlib.sha256).digest()
        if not payload or not hmac.compare_digest(expected, signature):
            raise invalid
        data = json.loads(payload)
        bound = (data.get("u"), data.get("c"), data.get("e"), data.get("f"))
        if bound != (user.name, collection_id, endpoint, query.digest):
            raise invalid
        moment, ident, version = data["k"]
        when = _parse_timestamp(moment)
        if when is None:
            raise invalid
        return (when, str(ident), str(version))

    def _paginate(
        self,
        user: UserRecord,
        collection_id: str,
        endpoint: str,
        query: _Query,
        items: list[_Entry],
    ) -> tuple[list[_Entry], bool, str | None, tuple[datetime, str, str] | None]:
        """One page of ``items``: (page, more, next token, cursor it started after)."""
        cursor = self._cursor(user, collection_id, endpoint, query)
        start = 0
        if cursor is not None:
            start = bisect.bisect_right(items, cursor, key=lambda entry: entry.key)
        page = items[start : start + query.limit]
        more = start + query.limit < len(items)
        token = self._token(user, collection_id, endpoint, query, page[-1]) if more else None
        return page, more, token, cursor

    # ---------------------------------------------------------------- reads

    @staticmethod
    def _date_headers(page: Sequence[_Entry]) -> dict[str, str]:
        if not page:
            return {}
        return {
            "X-TAXII-Date-Added-First": format_timestamp(page[0].key[0]),
            "X-TAXII-Date-Added-Last": format_timestamp(page[-1].key[0]),
        }

    def _audit_read(
        self,
        user: UserRecord,
        collection_id: str,
        endpoint: str,
        view: _View,
        query: _Query,
        page: Sequence[_Entry],
        cursor: tuple[datetime, str, str] | None,
        more: bool,
    ) -> None:
        """Record the release decisions of one response.

        Withheld versions are those the query would have matched by id and
        type whose sort key falls in this page's window (after the cursor, up
        to the last item served, or to the end on the last page): paging a
        whole collection reports each withheld version exactly once. They are
        grouped by their reasons: ``{"reasons": [...], "objects": [[id,
        version], ...]}``.
        """
        low = cursor
        high = page[-1].key if (page and more) else None
        start = 0 if low is None else bisect.bisect_right(view.withheld, low, key=lambda w: w[0])
        withheld: dict[tuple[str, ...], list[list[str]]] = {}  # reasons -> [id, version]s
        for key, kind, reasons in view.withheld[start:]:
            if high is not None and key > high:
                break
            if (not query.ids or key[1] in query.ids) and (not query.types or kind in query.types):
                withheld.setdefault(reasons, []).append([key[1], key[2]])
        redacted = {
            f"{entry.id}@{entry.key[2]}": list(view.redacted[(entry.id, entry.key[2])])
            for entry in page
            if (entry.id, entry.key[2]) in view.redacted
        }
        self.storage.append_audit(
            user=user.name,
            nation=user.nation,
            action="read",
            collection=collection_id,
            detail={
                "endpoint": endpoint,
                "filtering": self.filtering,
                "clearance": user.clearance,
                "released": [[entry.id, entry.version] for entry in page],
                "withheld": [
                    {"reasons": list(reasons), "objects": objects}
                    for reasons, objects in withheld.items()
                ],
                "redacted": redacted,
            },
        )

    def _read(
        self,
        user: UserRecord,
        collection_id: str,
        params: Sequence[tuple[str, str]],
        endpoint: str,
        object_id: str | None = None,
    ) -> tuple[list[_Entry], bool, str | None]:
        self._find_readable(user, collection_id)
        query = self._query(params, endpoint)
        if endpoint == "versions":
            query = replace(query, versions=frozenset({"all"}))
        view = self._view(user, collection_id)
        bound = endpoint
        if object_id is not None:
            bound = f"{endpoint}:{object_id}"
            query = replace(query, ids=frozenset({object_id}))
            if not any(entry.id == object_id for entry in view.entries):
                # absent, or withheld in every version: the same answer
                self._audit_read(user, collection_id, bound, view, query, [], None, False)
                raise TaxiiError(
                    404,
                    "Object not found",
                    f"Collection {collection_id!r} holds no object {object_id[:100]!r} "
                    "that you may see.",
                )
        items = self._select(view, query)
        page, more, token, cursor = self._paginate(user, collection_id, bound, query, items)
        self._audit_read(user, collection_id, bound, view, query, page, cursor, more)
        return page, more, token

    @staticmethod
    def _envelope(name: str, items: list[Any], more: bool, token: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"more": more}
        if token is not None:
            body["next"] = token
        if items:
            body[name] = items
        return body

    def get_objects(
        self,
        user: UserRecord,
        collection_id: str,
        params: Sequence[tuple[str, str]],
        object_id: str | None = None,
    ) -> TaxiiResponse:
        """GET .../objects/: an envelope of the released objects that pass the filters.

        With ``object_id``, GET .../objects/{id}/: the released versions of
        that object, 404 when none is released to ``user``.
        """
        endpoint = "objects" if object_id is None else "object"
        page, more, token = self._read(user, collection_id, params, endpoint, object_id)
        body = self._envelope("objects", [entry.object for entry in page], more, token)
        return TaxiiResponse(body, headers=self._date_headers(page))

    def get_versions(
        self,
        user: UserRecord,
        collection_id: str,
        object_id: str,
        params: Sequence[tuple[str, str]],
    ) -> TaxiiResponse:
        """GET .../objects/{id}/versions/: the versions of one object ``user`` may see."""
        page, more, token = self._read(user, collection_id, params, "versions", object_id)
        body = self._envelope("versions", [entry.version for entry in page], more, token)
        return TaxiiResponse(body, headers=self._date_headers(page))

    def get_manifest(
        self, user: UserRecord, collection_id: str, params: Sequence[tuple[str, str]]
    ) -> TaxiiResponse:
        """GET .../manifest/: one manifest record per released object version."""
        page, more, token = self._read(user, collection_id, params, "manifest")
        records = [
            {
                "id": entry.id,
                "date_added": format_timestamp(entry.key[0]),
                "version": entry.version,
                "media_type": f"application/stix+json;version={entry.stored.spec_version}",
            }
            for entry in page
        ]
        return TaxiiResponse(
            self._envelope("objects", records, more, token), headers=self._date_headers(page)
        )

    # --------------------------------------------------------------- writes

    def check_can_write(self, user: UserRecord, collection_id: str) -> None:
        """404 if ``user`` may not see the collection, 403 if it may not add to it."""
        self._find(user, collection_id)
        if not user.may_write(collection_id):
            raise TaxiiError(
                403,
                "Writing not permitted",
                f"You may read collection {collection_id!r} but not add objects to it.",
            )

    def add_objects(self, user: UserRecord, collection_id: str, body: bytes) -> TaxiiResponse:
        """POST .../objects/: store an envelope's objects; answers a status resource (202).

        The envelope must be a JSON object with an ``objects`` list of JSON
        objects (else 400). Objects that are not well-formed STIX (no typed
        UUID id, bad timestamps, marking references that are not lists of ids,
        JSON nested deeper than :data:`MAX_OBJECT_DEPTH`, a pattern refused by
        :func:`pattern_problem`) are reported as failures in the status; the
        others are stored in one transaction, and the response is sent only
        after it committed.
        """
        self.check_can_write(user, collection_id)
        if len(body) > self.max_content_length:
            raise TaxiiError(
                413,
                "Request too large",
                f"The body has {len(body)} bytes; this API root accepts at most "
                f"{self.max_content_length}. Split the envelope into smaller ones.",
            )
        try:
            envelope = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
        except (ValueError, RecursionError):
            raise _bad_request(
                "Malformed JSON",
                "The request body is not valid JSON (UTF-8, RFC 8259: no NaN or Infinity, "
                "numbers within the range of a double).",
            ) from None
        if not isinstance(envelope, dict) or not isinstance(envelope.get("objects"), list):
            raise _bad_request(
                "Not a TAXII envelope",
                "The body must be a JSON object with an 'objects' list of STIX objects.",
            )
        accepted: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        for index, obj in enumerate(envelope["objects"]):
            if not isinstance(obj, dict):
                raise _bad_request(
                    "Not a TAXII envelope", f"objects[{index}] is not a JSON object."
                )
            problem = _object_problem(obj)
            if problem is None:
                accepted.append(obj)
            else:
                rejected.append(_failure(obj, index, problem))
        accepted = self._without_redefinitions(collection_id, accepted, rejected)
        status = self.storage.add_objects(
            collection_id, accepted, originator=user.nation, user=user.name, rejected=rejected
        )
        return TaxiiResponse(status.to_taxii(), status=202)

    def _without_redefinitions(
        self,
        collection_id: str,
        objects: list[dict[str, Any]],
        rejected: list[dict[str, Any]],
    ) -> list[dict[str, Any]]:
        """``objects`` less the marking definitions that contradict themselves or
        redefine one already in the collection (or earlier in the envelope); those
        go to ``rejected``.

        A marking definition is immutable: a second one under the same id with other
        content would change what every object using it may be released to (the
        read side withholds such objects anyway; refusing the write keeps one
        partner from blocking another's objects).
        """
        ids = sorted({o["id"] for o in objects if _is_definition(o)})
        if not ids:
            return objects
        known = {
            stored.id: canonical_json(stored.object)
            for stored in self.storage.objects(collection_id, ids=ids)
        }
        kept: list[dict[str, Any]] = []
        for index, obj in enumerate(objects):
            problem = _definition_problem(obj, known) if _is_definition(obj) else None
            if problem is None:
                kept.append(obj)
            else:
                rejected.append(_failure(obj, index, problem))
        return kept

    # --------------------------------------------------------------- status

    def status(self, user: UserRecord, status_id: str) -> TaxiiResponse:
        """GET /api/status/{id}/: only for the user who posted; 404 for anyone else."""
        status = self.storage.status(status_id)
        if status is None or status.user != user.name:
            raise TaxiiError(
                404,
                "Status not found",
                f"There is no status {status_id[:100]!r} of a request you made.",
            )
        return TaxiiResponse(status.to_taxii())
