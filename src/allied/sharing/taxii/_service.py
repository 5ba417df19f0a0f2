"""The TAXII 2.1 service between the HTTP routes and the storage.

:class:`TaxiiService` does everything the routes in
:mod:`allied.sharing.taxii._server` do not, by putting together the parts of
this room: authentication by API key (:mod:`~allied.sharing.taxii._auth`),
which collections a user may see, per-recipient releasability filtering
before pagination, with a cache (:mod:`~allied.sharing.taxii._views`), the
TAXII filters (:mod:`~allied.sharing.taxii._query`), pagination with signed
page tokens (:mod:`~allied.sharing.taxii._paging`,
:mod:`~allied.sharing.taxii._tokens`), the write path with its limits
(:mod:`~allied.sharing.taxii._intake`), and the audit of every read and write.
It speaks plain Python (dicts, headers, status codes) and raises
:class:`~allied.sharing.taxii.TaxiiError` for every refusal; the routes only
translate. A withheld object or version is indistinguishable from an absent
one: it is not counted, not paginated, and its id answers 404.

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections
   "Sorting", "Pagination", "Filtering", "Error Message", "Get Objects",
   "Add Objects", "Delete An Object", "Get Object Versions", "Get Object
   Manifests", "Status Resource". https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from allied.sharing.policy import SharingPolicy
from allied.sharing.store import CollectionRecord, Storage, UserRecord, format_timestamp
from allied.sharing.taxii._auth import FailureLimiter, authenticate
from allied.sharing.taxii._http import (
    STIX_MEDIA_TYPE,
    TAXII_MEDIA_TYPE,
    TaxiiError,
    TaxiiResponse,
    refuse_lone_surrogates,
)
from allied.sharing.taxii._intake import (
    DEFAULT_MAX_CONTENT_LENGTH,
    parse_envelope,
    without_contradictions,
)
from allied.sharing.taxii._paging import Page, paginate
from allied.sharing.taxii._public_url import DEFAULT_PUBLIC_URL, check_public_url
from allied.sharing.taxii._query import Query, parse_query, select
from allied.sharing.taxii._read_audit import audited_endpoint, audited_id, read_detail
from allied.sharing.taxii._tokens import DEFAULT_TOKEN_TTL, PageTokens, TokenBinding
from allied.sharing.taxii._views import Entry, View, ViewCache, Withheld

__all__ = ["TaxiiService"]


class TaxiiService:
    """TAXII 2.1 behaviour over a :class:`~allied.sharing.store.Storage`.

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
        Returns the current time (UTC); releasability is decided on its date,
        keys expire and page tokens age by it.
    public_url
        The URL clients reach the server at (scheme, host, port, optional
        path); discovery names the API root under it, never under the
        request's ``Host`` header. Default ``http://127.0.0.1:9000``.
    token_ttl
        Seconds a page token stays valid.
    limiter
        Counts failed authentications per source address (default: a
        :class:`~allied.sharing.taxii.FailureLimiter` with its defaults).

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
        public_url: str = DEFAULT_PUBLIC_URL,
        token_ttl: float = DEFAULT_TOKEN_TTL,
        limiter: FailureLimiter | None = None,
    ) -> None:
        if max_content_length < 1:
            raise ValueError("max_content_length must be a positive number of bytes")
        self.storage = storage
        self.max_content_length = max_content_length
        self.filtering = filtering
        self.policy = policy
        self.title = title
        self._clock = clock or (lambda: datetime.now(UTC))
        self.public_url = check_public_url(public_url)
        self.limiter = limiter if limiter is not None else FailureLimiter()
        self._views = ViewCache(storage, filtering=filtering, policy=policy)
        self._tokens = PageTokens(storage, ttl=token_ttl, clock=self._clock)

    def authenticate(self, authorization: str | None, source: str | None = None) -> UserRecord:
        """The user of an ``Authorization`` header, else a 401 :class:`TaxiiError`
        (429 when ``source``, the client's address, failed too often).

        Accepted: ``Bearer KEY``, ``Token KEY`` (taxii2-client's ``TokenAuth``)
        and HTTP Basic with the API key as the password (any user name); the
        key must not be revoked, replaced or expired.
        """
        return authenticate(
            self.storage,
            authorization,
            now=self._clock(),
            source=source,
            limiter=self.limiter,
        )

    # -------------------------------------------------------- server & roots

    def discovery(self) -> TaxiiResponse:
        """The discovery resource: one API root, ``<public_url>/api/``."""
        root = self.public_url + "/api/"
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

    # ---------------------------------------------------------------- reads

    def view(self, user: UserRecord, collection_id: str) -> View:
        """What ``user`` may see of the collection today (by the service's clock), cached."""
        return self._views.view(user, collection_id, self._clock().astimezone(UTC).date())

    def _audit_read(
        self,
        user: UserRecord,
        collection_id: str,
        endpoint: str,
        view: View,
        query: Query,
        page: Page,
    ) -> None:
        """Record the release decisions of one response in the audit log."""
        self.storage.append_audit(
            user=user.name,
            nation=user.nation,
            action="read",
            collection=collection_id,
            detail={
                "endpoint": audited_endpoint(endpoint),
                "filtering": self.filtering,
                "clearance": user.clearance,
                **read_detail(view, query, page),
            },
        )

    def _read(
        self,
        user: UserRecord,
        collection_id: str,
        params: Sequence[tuple[str, str]],
        endpoint: str,
        object_id: str | None = None,
    ) -> Page:
        self._find_readable(user, collection_id)
        query = parse_query(params, endpoint)
        if endpoint == "versions":
            query = replace(query, versions=frozenset({"all"}))
        bound = endpoint
        if object_id is not None:
            bound = f"{endpoint}:{object_id}"
            query = replace(query, ids=frozenset({object_id}))
        view = self.view(user, collection_id)
        if query.ids:  # looked up by id in the view's index, not scanned
            view = view.only(query.ids)
        if object_id is not None and not view.entries:
            # absent, or withheld in every version: the same answer
            self._audit_read(user, collection_id, bound, view, query, Page([], False, None, None))
            raise TaxiiError(
                404,
                "Object not found",
                f"Collection {collection_id!r} holds no object {object_id[:100]!r} "
                "that you may see.",
            )
        binding = TokenBinding(user.name, collection_id, bound, query.digest, user.key_id)
        page = paginate(select(view, query), query, binding, self._tokens)
        self._audit_read(user, collection_id, bound, view, query, page)
        return page

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
        page = self._read(user, collection_id, params, endpoint, object_id)
        body = page.envelope("objects", [entry.object for entry in page.entries])
        return TaxiiResponse(body, headers=page.date_headers())

    def get_versions(
        self,
        user: UserRecord,
        collection_id: str,
        object_id: str,
        params: Sequence[tuple[str, str]],
    ) -> TaxiiResponse:
        """GET .../objects/{id}/versions/: the versions of one object ``user`` may see."""
        page = self._read(user, collection_id, params, "versions", object_id)
        body = page.envelope("versions", [entry.version for entry in page.entries])
        return TaxiiResponse(body, headers=page.date_headers())

    def get_manifest(
        self, user: UserRecord, collection_id: str, params: Sequence[tuple[str, str]]
    ) -> TaxiiResponse:
        """GET .../manifest/: one manifest record per released object version."""
        page = self._read(user, collection_id, params, "manifest")
        records = [
            {
                "id": entry.id,
                "date_added": format_timestamp(entry.key[0]),
                "version": entry.version,
                "media_type": f"application/stix+json;version={entry.stored.spec_version}",
            }
            for entry in page.entries
        ]
        return TaxiiResponse(page.envelope("objects", records), headers=page.date_headers())

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
        JSON nested deeper than :data:`~allied.sharing.taxii.MAX_OBJECT_DEPTH`,
        a pattern refused by :func:`~allied.sharing.taxii.pattern_problem`, a
        marking definition that contradicts itself) are reported as failures in
        the status; the others go to the storage, which decides ownership in
        the same transaction as the write (a version of another nation's
        object, a changed marking definition and the objects using a refused
        definition are failures) and stores the rest. The response is sent
        only after the commit. A duplicate or refusal caused by a stored
        version ``user`` may not read is answered exactly as a new object's
        success (and stores nothing), so a POST cannot probe what is withheld.
        """
        self.check_can_write(user, collection_id)
        if len(body) > self.max_content_length:
            raise TaxiiError(
                413,
                "Request too large",
                f"The body has {len(body)} bytes; this API root accepts at most "
                f"{self.max_content_length}. Split the envelope into smaller ones.",
            )
        refuse_lone_surrogates(body)  # 400 before anything stores, hashes or echoes it
        accepted, rejected = parse_envelope(body)
        accepted = without_contradictions(accepted, rejected)
        status = self.storage.add_objects(
            collection_id,
            accepted,
            originator=user.nation,
            user=user.name,
            rejected=rejected,
            visible=self._readable_by(user, collection_id),
        )
        return TaxiiResponse(status.to_taxii(), status=202)

    def _readable_by(self, user: UserRecord, collection_id: str) -> Callable[[str, str], bool]:
        """Whether ``user`` may read a stored version ``(id, version)`` today.

        The storage asks only when an object of the envelope meets a stored one
        (inside its write transaction); the view is then computed once.
        """
        if not user.may_read(collection_id):
            return lambda object_id, version: False
        readable: list[Mapping[str, tuple[list[Entry], list[Withheld]]]] = []

        def visible(object_id: str, version: str) -> bool:
            if not readable:  # the view's index by id: a lookup, not a set of the whole view
                readable.append(self.view(user, collection_id).index())
            part = readable[0].get(object_id)
            return part is not None and any(entry.stored.version == version for entry in part[0])

        return visible

    # ----------------------------------------------------------- retraction

    def delete_object(
        self,
        user: UserRecord,
        collection_id: str,
        object_id: str,
        params: Sequence[tuple[str, str]],
    ) -> TaxiiResponse:
        """DELETE .../objects/{id}/: retract versions of an object of ``user``'s nation.

        Deletes the versions of ``object_id`` that ``user`` may see and that
        ``match[version]`` (default: every version, as TAXII 2.1 says) and
        ``match[spec_version]`` select (``limit`` and ``next`` mean nothing here and
        are ignored); answers 200 with an empty JSON object.
        Only the originating nation may delete (any of its users with write
        access): when the object belongs to another nation the answer is 403
        if ``user`` may read the collection and sees the object, else 404, as
        for an object that does not exist or is withheld, so a DELETE cannot
        probe what is withheld. Marking definitions cannot be deleted (403):
        other nations' objects may use them. The storage decides ownership
        and deletes in one transaction with a ``"delete"`` audit entry.
        """
        self.check_can_write(user, collection_id)
        params = [(name, value) for name, value in params if name not in ("limit", "next")]
        query = parse_query(params, "delete")
        if not any(name == "match[version]" for name, _ in params):
            query = replace(query, versions=frozenset({"all"}))
        view = self.view(user, collection_id).only(frozenset({object_id}))
        chosen = select(view, query)
        try:
            return self._delete_chosen(user, collection_id, object_id, chosen)
        except TaxiiError as refusal:
            self._audit_refused_delete(user, collection_id, object_id, refusal)
            raise

    def _delete_chosen(
        self, user: UserRecord, collection_id: str, object_id: str, chosen: Sequence[Any]
    ) -> TaxiiResponse:
        """Delete the ``chosen`` view entries of ``object_id``, or the refusal to raise."""
        if chosen and chosen[0].stored.type == "marking-definition":
            raise TaxiiError(
                403,
                "Deleting not permitted",
                "Marking definitions cannot be deleted: objects of other nations may use "
                "them. Post new objects with another marking instead.",
            )
        deletion = self.storage.delete_objects(
            collection_id,
            [(entry.id, entry.stored.version) for entry in chosen],
            nation=user.nation,
            user=user.name,
        )
        if deletion.not_owned and user.may_read(collection_id):
            raise TaxiiError(
                403,
                "Deleting not permitted",
                f"Object {object_id[:100]!r} was posted by another nation; only the nation "
                "that posted an object may delete it.",
            )
        if not deletion.removed:
            raise TaxiiError(
                404,
                "Object not found",
                f"Collection {collection_id!r} holds no version of {object_id[:100]!r} that "
                "your nation posted, you may see and the match parameters select.",
            )
        return TaxiiResponse({})

    def _audit_refused_delete(
        self, user: UserRecord, collection_id: str, object_id: str, refusal: TaxiiError
    ) -> None:
        """Record a refused DELETE (``"delete-refused"``): who asked for which id (as reads
        record it) and what they were answered, so that probing for withheld objects
        leaves a trace."""
        self.storage.append_audit(
            user=user.name,
            nation=user.nation,
            action="delete-refused",
            collection=collection_id,
            detail={"object_id": audited_id(object_id), "status": refusal.http_status},
        )

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
