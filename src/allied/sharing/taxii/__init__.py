"""The TAXII 2.1 exchange: server routes, the service behind them, paging, tokens, a push client.

This room depends on :mod:`allied.sharing.policy`, :mod:`allied.sharing.stix`
and :mod:`allied.sharing.store`.

- :func:`create_app` and :func:`serve`: the TAXII 2.1 server (FastAPI), thin
  routes over :class:`TaxiiService`, which authenticates, filters every read
  for the reader's nation and clearance (:class:`ViewCache`), applies the TAXII
  filters (:func:`parse_query`, :func:`select_versions`), pages with signed
  tokens (:func:`paginate`, :class:`PageTokens`), checks what is posted
  (:func:`pattern_problem`) and audits every read and write;
- :class:`PushClient`: posts a bundle's objects to a TAXII 2.1 collection, with
  a timeout on every request, and returns the :class:`PushStatus` (a
  :class:`~allied._results.Result`).

The server names (``create_app``, ``serve``, ``TaxiiJSONResponse``) are
imported with FastAPI on first use.

Examples
--------
>>> import tempfile
>>> from allied.sharing.store import open_storage
>>> with tempfile.TemporaryDirectory() as folder:
...     storage = open_storage(f"sqlite:///{folder}/exchange.db")
...     key = storage.add_user("gbr", nation="GBR", clearance="S")
...     service = TaxiiService(storage)
...     user = service.authenticate(f"Bearer {key}")
...     body = service.api_root().body
...     storage.close()
>>> user.nation, body["versions"]
('GBR', ['application/taxii+json;version=2.1'])
"""

from typing import TYPE_CHECKING, Any

from allied.sharing.taxii._auth import (
    DEFAULT_FAILURE_WINDOW,
    DEFAULT_MAX_FAILURES,
    FailureLimiter,
    authenticate,
)
from allied.sharing.taxii._client import PushClient, PushStatus
from allied.sharing.taxii._http import (
    DEFAULT_PUSH_TIMEOUT,
    STIX_MEDIA_TYPE,
    TAXII_MEDIA_TYPE,
    TaxiiError,
    TaxiiResponse,
    accepts_taxii,
    is_taxii_content,
)
from allied.sharing.taxii._intake import (
    DEFAULT_MAX_CONTENT_LENGTH,
    MAX_OBJECT_DEPTH,
    MAX_PATTERN_DEPTH,
    MAX_PATTERN_LENGTH,
    pattern_problem,
)
from allied.sharing.taxii._paging import Page, paginate
from allied.sharing.taxii._public_url import (
    DEFAULT_PUBLIC_URL,
    check_public_url,
    is_loopback,
    public_url_for,
)
from allied.sharing.taxii._query import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Query,
    parse_query,
    parse_timestamp,
    select,
    select_versions,
)
from allied.sharing.taxii._service import TaxiiService
from allied.sharing.taxii._tokens import (
    DEFAULT_TOKEN_TTL,
    TOKEN_SECRET_SETTING,
    PageTokens,
    TokenBinding,
)
from allied.sharing.taxii._views import Entry, Snapshot, View, ViewCache

if TYPE_CHECKING:
    from allied.sharing.taxii._server import (
        PLAIN_HTTP_WARNING,
        TaxiiJSONResponse,
        create_app,
        serve,
    )

__all__ = [
    "DEFAULT_FAILURE_WINDOW",
    "DEFAULT_LIMIT",
    "DEFAULT_MAX_CONTENT_LENGTH",
    "DEFAULT_MAX_FAILURES",
    "DEFAULT_PUBLIC_URL",
    "DEFAULT_PUSH_TIMEOUT",
    "DEFAULT_TOKEN_TTL",
    "MAX_LIMIT",
    "MAX_OBJECT_DEPTH",
    "MAX_PATTERN_DEPTH",
    "MAX_PATTERN_LENGTH",
    "PLAIN_HTTP_WARNING",
    "STIX_MEDIA_TYPE",
    "TAXII_MEDIA_TYPE",
    "TOKEN_SECRET_SETTING",
    "Entry",
    "FailureLimiter",
    "Page",
    "PageTokens",
    "PushClient",
    "PushStatus",
    "Query",
    "Snapshot",
    "TaxiiError",
    "TaxiiJSONResponse",
    "TaxiiResponse",
    "TaxiiService",
    "TokenBinding",
    "View",
    "ViewCache",
    "accepts_taxii",
    "authenticate",
    "check_public_url",
    "create_app",
    "is_loopback",
    "is_taxii_content",
    "paginate",
    "parse_query",
    "parse_timestamp",
    "pattern_problem",
    "public_url_for",
    "select",
    "select_versions",
    "serve",
]

_SERVER = frozenset({"PLAIN_HTTP_WARNING", "TaxiiJSONResponse", "create_app", "serve"})


def __getattr__(name: str) -> Any:
    """The server's names, imported with FastAPI on first use."""
    if name in _SERVER:
        from allied.sharing.taxii import _server

        return getattr(_server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
