"""What a read records in the audit log, in constant space whatever it returns.

A read's entry does not list the object versions served: for each of the
released, withheld and redacted sets it holds their ``count`` and the
:func:`~allied.sharing.store.content_digest` (``sha256``) of the set, with the
collection version and date of the view they were taken from, the digest of
the query's filters, the page's ``limit`` and the cursor it started after.
The entry stays well under 1 KB for a page of one object or of 10,000, and the
sets can be recomputed: the view is determined by the collection version, the
date and the reader's nation and clearance (all recorded), the page by the
filters (whose digest confirms a replayed request), the cursor and the limit.
Given a claimed set, anyone can check it against the entry.

The sets, each in serving order:

- ``released``: ``[id, version]`` of each object version served;
- ``withheld``: ``[id, version, [reasons...]]`` of each version the query
  would have matched by id and type whose sort key falls in the page's window
  (after the cursor, up to the last item served, or to the end on the last
  page), so paging a whole collection covers each withheld version once;
- ``redacted``: ``[id, version, [paths...]]`` of each served version with
  granular markings cut out.
"""

from __future__ import annotations

import bisect
import hashlib
from typing import Any

from allied.sharing.store import content_digest, format_timestamp
from allied.sharing.taxii._paging import Page
from allied.sharing.taxii._query import Query
from allied.sharing.taxii._views import View

__all__ = ["MAX_AUDITED_ENDPOINT", "audited_endpoint", "read_detail", "read_sets"]

#: The longest endpoint (with its object id) recorded as given; a longer one is hashed.
MAX_AUDITED_ENDPOINT = 300


def audited_endpoint(endpoint: str) -> str:
    """``endpoint`` as recorded: as given up to 300 characters, else its hashed form.

    Examples
    --------
    >>> audited_endpoint("object:indicator--1")
    'object:indicator--1'
    >>> audited_endpoint("object:" + "x" * 400)[:14]
    'object:sha256:'
    """
    if len(endpoint) <= MAX_AUDITED_ENDPOINT:
        return endpoint
    name, _, rest = endpoint.partition(":")
    return f"{name}:{audited_id(rest, limit=0)}"


def audited_id(text: str, *, limit: int = MAX_AUDITED_ENDPOINT) -> str:
    """An id from a request as recorded: as given up to ``limit`` characters, else
    ``sha256:`` and the digest of its UTF-8 (lone surrogates kept), so an entry stays
    small whatever a client sends.

    Examples
    --------
    >>> audited_id("indicator--1")
    'indicator--1'
    >>> audited_id("x" * 400)[:7]
    'sha256:'
    """
    if len(text) <= limit:
        return text
    return f"sha256:{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}"


def read_sets(view: View, query: Query, page: Page) -> dict[str, list[list[Any]]]:
    """The ``released``, ``withheld`` and ``redacted`` sets of one response, in full.

    :func:`read_detail` records their counts and digests; this is what they
    are computed from, for whoever checks a claimed set against an entry.
    """
    low = page.after
    high = page.entries[-1].key if (page.entries and page.more) else None
    start = 0 if low is None else bisect.bisect_right(view.withheld, low, key=lambda w: w[0])
    withheld: list[list[Any]] = []
    for position in range(start, len(view.withheld)):  # the window only, not a copy of the rest
        key, kind, reasons = view.withheld[position]
        if high is not None and key > high:
            break
        if (not query.ids or key[1] in query.ids) and (not query.types or kind in query.types):
            withheld.append([key[1], key[2], list(reasons)])
    redacted = [
        [entry.id, entry.key[2], list(view.redacted[(entry.id, entry.key[2])])]
        for entry in page.entries
        if (entry.id, entry.key[2]) in view.redacted
    ]
    return {
        "released": [[entry.id, entry.version] for entry in page.entries],
        "withheld": withheld,
        "redacted": redacted,
    }


def read_detail(view: View, query: Query, page: Page) -> dict[str, Any]:
    """The constant-size audit detail of one response (see the module notes)."""
    after = page.after
    return {
        "view": {"version": view.version, "on": view.on.isoformat() if view.on else None},
        "query": query.digest,
        "limit": query.limit,
        "after": None if after is None else [format_timestamp(after[0]), after[1], after[2]],
        **{
            name: {"count": len(items), "sha256": content_digest(items)}
            for name, items in read_sets(view, query, page).items()
        },
    }
