"""The TAXII 2.1 server of the coalition exchange (FastAPI), thin routes over the service.

Every route authenticates, checks the media types and hands the work to
:class:`~allied.sharing.taxii.TaxiiService`; responses are
``application/taxii+json;version=2.1`` and every error carries a TAXII error
message (``title``, ``description``, ``http_status``).

=========================================  ===========================================
Route                                      Answers
=========================================  ===========================================
``GET  /taxii2/``                          discovery (one API root, ``<public URL>/api/``)
``GET  /api/``                             API root (``versions``, ``max_content_length``)
``GET  /api/collections/``                 the collections the user may read or write
``GET  /api/collections/{cid}/``           one collection (404 if the user may not see it)
``GET  /api/collections/{cid}/objects/``   envelope (``more``, ``next``, ``objects``)
``POST /api/collections/{cid}/objects/``   status resource, 202, after the commit
``GET  .../objects/{oid}/``                envelope of one object's versions (404 if none visible)
``DELETE .../objects/{oid}/``              200 ``{}``: the originator's versions deleted
``GET  .../objects/{oid}/versions/``       versions resource
``GET  /api/collections/{cid}/manifest/``  manifest records
``GET  /api/status/{sid}/``                status resource (404 unless the user posted it)
=========================================  ===========================================

``DELETE`` of an object (optional in TAXII 2.1) is offered to the nation that
posted it (:meth:`~allied.sharing.taxii.TaxiiService.delete_object`); other
``DELETE`` requests answer 405. Reads take
``added_after``, ``match[id]``, ``match[type]``, ``match[version]`` (``first``,
``last``, ``all`` or timestamps; default ``last``), ``match[spec_version]``,
``limit`` (default 100, at most 1000) and ``next`` (with or without
``limit``), as each endpoint allows.

Media types: a request may send ``Accept: application/taxii+json;version=2.1``,
``application/taxii+json`` (no version: this server's only version),
``*/*``, ``application/*`` or no ``Accept`` at all; anything else answers 406.
A POST body must be ``Content-Type: application/taxii+json`` (with or without
``version=2.1``), else 415; a body larger than ``max_content_length`` answers
413, whether its ``Content-Length`` says so or its streamed bytes do. A body
whose JSON strings hold a lone UTF-16 surrogate (``"\\ud800"``) answers 400
``Invalid Unicode`` before the service sees it; other odd Unicode (NUL, RTL
overrides, characters outside the Basic Multilingual Plane, very long strings)
is ordinary text, stored or refused per object like any other.

Authentication: ``Authorization: Bearer KEY``, ``Authorization: Token KEY``
(taxii2-client's ``TokenAuth``) or HTTP Basic with the key as the password
(taxii2-client's ``user``/``password``); without valid credentials, 401 with
``WWW-Authenticate``. A revoked, replaced or expired key answers 401; a source
address that sent too many invalid keys answers 429 with ``Retry-After``
(:class:`~allied.sharing.taxii.FailureLimiter`).

Discovery names the API root under the configured public URL
(``public_url``), never under the request's ``Host`` header.

TLS: ``serve(..., certfile=..., keyfile=...)`` (uvicorn's ``ssl_certfile``
and ``ssl_keyfile``) serves HTTPS; serving plain HTTP on an address other than
loopback logs a warning.

Starting the server from Python
-------------------------------
In-process, for tests (no socket)::

    from fastapi.testclient import TestClient
    from allied.sharing.store import open_storage
    from allied.sharing.taxii import create_app

    storage = open_storage(f"sqlite:///{tmp_path}/exchange.db")
    storage.create_collection("intel", title="Shared indicators")
    key = storage.add_user("gbr-analyst", nation="GBR", clearance="S",
                           can_read=None, can_write=("intel",))
    client = TestClient(create_app(storage))
    client.get("/api/collections/", headers={"Authorization": f"Bearer {key}"})

As a real HTTP server on 127.0.0.1 (blocks; use a thread or, better, a
subprocess that can be killed)::

    from allied.sharing.store import open_storage
    from allied.sharing.taxii import serve
    serve(open_storage("sqlite:////tmp/exchange.db"), host="127.0.0.1", port=9000)

or from the shell / ``subprocess.Popen``::

    allied sharing serve --db sqlite:////tmp/exchange.db --host 127.0.0.1 --port 9000

then point taxii2-client at it::

    from taxii2client.common import TokenAuth
    from taxii2client.v21 import Collection
    coll = Collection("http://127.0.0.1:9000/api/collections/intel/", auth=TokenAuth(key))
    coll.get_objects()

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections on
   media types and content negotiation, discovery, API roots, collections,
   objects, manifests, versions and status.
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from allied.sharing.policy import SharingPolicy
from allied.sharing.store import Storage, UserRecord
from allied.sharing.taxii._auth import (
    DEFAULT_FAILURE_WINDOW,
    DEFAULT_MAX_FAILURES,
    FailureLimiter,
)
from allied.sharing.taxii._http import (
    TAXII_MEDIA_TYPE,
    TaxiiError,
    TaxiiResponse,
    accepts_taxii,
    is_taxii_content,
)
from allied.sharing.taxii._intake import DEFAULT_MAX_CONTENT_LENGTH
from allied.sharing.taxii._public_url import DEFAULT_PUBLIC_URL, is_loopback, public_url_for
from allied.sharing.taxii._service import TaxiiService
from allied.sharing.taxii._tokens import DEFAULT_TOKEN_TTL

__all__ = ["PLAIN_HTTP_WARNING", "TaxiiJSONResponse", "create_app", "serve"]

log = logging.getLogger("allied.sharing.server")


class TaxiiJSONResponse(JSONResponse):
    """A JSON response with the TAXII 2.1 media type.

    A string that cannot be encoded as UTF-8 (a lone surrogate echoed from
    input) is written as a JSON escape rather than failing the response.
    """

    media_type = TAXII_MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        """``content`` as UTF-8 JSON; ASCII with escapes if a string is not Unicode text."""
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, allow_nan=False, separators=(",", ":")).encode("ascii")


def _check_accept(request: Request) -> None:
    if not accepts_taxii(request.headers.get("accept")):
        raise TaxiiError(
            406,
            "Not acceptable",
            f"This server answers only {TAXII_MEDIA_TYPE}; send that (or "
            "application/taxii+json, or */*) in the Accept header.",
        )


def _service(request: Request) -> TaxiiService:
    service: TaxiiService = request.app.state.taxii
    return service


ServiceDep = Annotated[TaxiiService, Depends(_service)]


def _source(request: Request) -> str | None:
    """The client's address (the peer of the connection; proxy headers are not trusted)."""
    return request.client.host if request.client is not None else None


def _user(request: Request, service: ServiceDep) -> UserRecord:
    return service.authenticate(request.headers.get("authorization"), _source(request))


UserDep = Annotated[Any, Depends(_user)]


def _render(answer: TaxiiResponse) -> TaxiiJSONResponse:
    return TaxiiJSONResponse(answer.body, status_code=answer.status, headers=dict(answer.headers))


def _params(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing with 413 as soon as it exceeds ``limit`` bytes."""
    too_large = TaxiiError(
        413,
        "Request too large",
        f"This API root accepts bodies of at most {limit} bytes (its max_content_length). "
        "Split the envelope into smaller ones.",
    )
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise TaxiiError(400, "Invalid Content-Length", "Content-Length is not a number.")
        if len(declared.strip().lstrip("0")) > len(str(limit)) or int(declared) > limit:
            raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _routes() -> APIRouter:
    router = APIRouter(dependencies=[Depends(_check_accept)])

    @router.get("/taxii2/")
    def discovery(service: ServiceDep, user: UserDep) -> TaxiiJSONResponse:
        return _render(service.discovery())

    @router.get("/api/")
    def api_root(service: ServiceDep, user: UserDep) -> TaxiiJSONResponse:
        return _render(service.api_root())

    @router.get("/api/collections/")
    def collections(service: ServiceDep, user: UserDep) -> TaxiiJSONResponse:
        return _render(service.collections(user))

    @router.get("/api/collections/{cid}/")
    def collection(cid: str, service: ServiceDep, user: UserDep) -> TaxiiJSONResponse:
        return _render(service.collection(user, cid))

    @router.get("/api/collections/{cid}/objects/")
    def get_objects(
        cid: str, request: Request, service: ServiceDep, user: UserDep
    ) -> TaxiiJSONResponse:
        return _render(service.get_objects(user, cid, _params(request)))

    @router.post("/api/collections/{cid}/objects/")
    async def add_objects(cid: str, request: Request, service: ServiceDep) -> TaxiiJSONResponse:
        user = await run_in_threadpool(
            service.authenticate, request.headers.get("authorization"), _source(request)
        )
        await run_in_threadpool(service.check_can_write, user, cid)
        if not is_taxii_content(request.headers.get("content-type")):
            raise TaxiiError(
                415,
                "Unsupported media type",
                "Send the envelope with 'Content-Type: application/taxii+json;version=2.1'.",
            )
        body = await _read_body(request, service.max_content_length)
        return _render(await run_in_threadpool(service.add_objects, user, cid, body))

    @router.get("/api/collections/{cid}/objects/{oid}/")
    def get_object(
        cid: str, oid: str, request: Request, service: ServiceDep, user: UserDep
    ) -> TaxiiJSONResponse:
        return _render(service.get_objects(user, cid, _params(request), oid))

    @router.delete("/api/collections/{cid}/objects/{oid}/")
    def delete_object(
        cid: str, oid: str, request: Request, service: ServiceDep, user: UserDep
    ) -> TaxiiJSONResponse:
        return _render(service.delete_object(user, cid, oid, _params(request)))

    @router.get("/api/collections/{cid}/objects/{oid}/versions/")
    def get_versions(
        cid: str, oid: str, request: Request, service: ServiceDep, user: UserDep
    ) -> TaxiiJSONResponse:
        return _render(service.get_versions(user, cid, oid, _params(request)))

    @router.get("/api/collections/{cid}/manifest/")
    def get_manifest(
        cid: str, request: Request, service: ServiceDep, user: UserDep
    ) -> TaxiiJSONResponse:
        return _render(service.get_manifest(user, cid, _params(request)))

    @router.get("/api/status/{sid}/")
    def status(sid: str, service: ServiceDep, user: UserDep) -> TaxiiJSONResponse:
        return _render(service.status(user, sid))

    return router


def _error(
    status: int, title: str, description: str, headers: dict[str, str] | None = None
) -> TaxiiJSONResponse:
    return _render(
        TaxiiResponse(TaxiiError(status, title, description).body(), status, headers or {})
    )


async def _on_taxii_error(request: Request, exc: Exception) -> TaxiiJSONResponse:
    assert isinstance(exc, TaxiiError)
    return _render(TaxiiResponse(exc.body(), exc.http_status, exc.headers))


async def _on_http_error(request: Request, exc: Exception) -> TaxiiJSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed"}
    description = {
        404: "There is no TAXII endpoint at this URL; start from GET /taxii2/.",
        405: f"{request.method} is not supported here (only objects can be deleted, at "
        ".../objects/{object-id}/).",
    }
    return _error(
        exc.status_code,
        titles.get(exc.status_code, "HTTP error"),
        description.get(exc.status_code, str(exc.detail)),
        dict(exc.headers or {}),
    )


async def _on_validation_error(request: Request, exc: Exception) -> TaxiiJSONResponse:
    return _error(400, "Invalid request", "The request parameters are not valid.")


async def _on_unexpected(request: Request, exc: Exception) -> TaxiiJSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "Internal error", "The server failed; the error has been logged.")


def create_app(
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
) -> FastAPI:
    """The TAXII 2.1 application over ``storage``.

    Parameters
    ----------
    storage
        An open :class:`~allied.sharing.store.Storage` (SQLite or PostgreSQL).
    max_content_length
        The largest request body in bytes (413 above it), as advertised by the API root.
    filtering
        Per-recipient filtering of every read (default). ``False`` serves
        everything to every reader: only the benchmark baseline uses it.
    policy
        The sharing policy (default: built from the catalog).
    title
        The title of the discovery resource and the API root.
    clock
        The current UTC time (default: the system clock); releasability is
        decided for its date, keys expire and page tokens age by it.
    public_url
        The URL clients reach the server at; discovery names the API root
        ``<public_url>/api/`` (never from the ``Host`` header).
    token_ttl
        Seconds a page token stays valid after it is issued.
    limiter
        The limit on failed authentications per source address (default:
        :class:`~allied.sharing.taxii.FailureLimiter` with its defaults).

    Returns
    -------
    FastAPI
        The application; serve it with uvicorn (one worker) or a TestClient.

    References
    ----------
    .. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021.
       https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
    """
    app = FastAPI(title=title, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.taxii = TaxiiService(
        storage,
        max_content_length=max_content_length,
        filtering=filtering,
        policy=policy,
        title=title,
        clock=clock,
        public_url=public_url,
        token_ttl=token_ttl,
        limiter=limiter,
    )
    app.include_router(_routes())
    app.add_exception_handler(TaxiiError, _on_taxii_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
    return app


def serve(
    storage: Storage,
    *,
    host: str = "127.0.0.1",
    port: int = 9000,
    max_content_length: int = DEFAULT_MAX_CONTENT_LENGTH,
    filtering: bool = True,
    public_url: str | None = None,
    certfile: str | None = None,
    keyfile: str | None = None,
    token_ttl: float = DEFAULT_TOKEN_TTL,
    max_auth_failures: int = DEFAULT_MAX_FAILURES,
    auth_window: float = DEFAULT_FAILURE_WINDOW,
) -> None:
    """Serve ``storage`` over HTTP, or HTTPS with ``certfile`` and ``keyfile``, with uvicorn
    until interrupted (blocks).

    One worker process (the view cache lives in it); the server and access
    logs go to standard error. The caller opens and closes ``storage``.
    ``public_url`` defaults to ``http(s)://host:port``. A source address
    that fails ``max_auth_failures`` authentications within ``auth_window``
    seconds answers 429 until the window passes. Plain HTTP on an
    address other than loopback logs a warning: keys and objects would cross
    the network in clear.

    References
    ----------
    .. [1] Uvicorn, "Settings" (``--ssl-keyfile``, ``--ssl-certfile``; ``uvicorn.run``
       takes the same names with underscores). https://www.uvicorn.org/settings/
    """
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    logging_config: dict[str, Any] = {
        **LOGGING_CONFIG,
        "handlers": {
            name: {**handler, "stream": "ext://sys.stderr"}
            for name, handler in LOGGING_CONFIG["handlers"].items()
        },
    }
    tls = certfile is not None
    app = create_app(
        storage,
        max_content_length=max_content_length,
        filtering=filtering,
        public_url=public_url or public_url_for(host, port, tls=tls),
        token_ttl=token_ttl,
        limiter=FailureLimiter(max_failures=max_auth_failures, window=auth_window),
    )
    logging.basicConfig(stream=sys.stderr, level=logging.INFO)
    if not tls and not is_loopback(host):
        log.warning(PLAIN_HTTP_WARNING, host)
    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=1,
        log_config=logging_config,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        proxy_headers=False,
    )


#: Logged when serving plain HTTP on an address other than loopback.
PLAIN_HTTP_WARNING = (
    "serving plain HTTP on %s, which is not a loopback address: API keys and objects "
    "cross the network unencrypted. Give --certfile and --keyfile to serve HTTPS."
)
