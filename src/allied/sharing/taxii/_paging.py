"""Pagination by cursor: one page of the entries a query selects, and the envelope it goes in.

A page starts after the sort key its ``next`` token carries
(:class:`~allied.sharing.taxii._tokens.PageTokens`). Objects added while a
client pages are appended after its cursor (``date_added`` strictly
increases), so no item is served twice or skipped.

References
----------
.. [1] OASIS, "TAXII Version 2.1", OASIS Standard, 10 June 2021, sections
   "Sorting" and "Pagination".
   https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from allied.sharing.store import format_timestamp
from allied.sharing.taxii._query import Query
from allied.sharing.taxii._tokens import PageTokens, TokenBinding
from allied.sharing.taxii._views import Entry, SortKey

__all__ = ["Page", "paginate"]


@dataclass(frozen=True)
class Page:
    """One page: its entries, whether more follow, the token of the next page, and the
    sort key it started after (``None`` for a first page)."""

    entries: list[Entry]
    more: bool
    next: str | None
    after: SortKey | None

    def date_headers(self) -> dict[str, str]:
        """``X-TAXII-Date-Added-First`` and ``-Last`` of a page that is not empty."""
        if not self.entries:
            return {}
        return {
            "X-TAXII-Date-Added-First": format_timestamp(self.entries[0].key[0]),
            "X-TAXII-Date-Added-Last": format_timestamp(self.entries[-1].key[0]),
        }

    def envelope(self, name: str, items: Sequence[Any]) -> dict[str, Any]:
        """The TAXII envelope of ``items`` (the page's entries as served) under ``name``."""
        body: dict[str, Any] = {"more": self.more}
        if self.next is not None:
            body["next"] = self.next
        if items:
            body[name] = list(items)
        return body


def paginate(
    items: Sequence[Entry], query: Query, binding: TokenBinding, tokens: PageTokens
) -> Page:
    """The page of ``items`` that ``query`` asks for (after its ``next`` token, if any)."""
    cursor = None if query.next is None else tokens.cursor(query.next, binding)
    start = 0
    if cursor is not None:
        start = bisect.bisect_right(items, cursor, key=lambda entry: entry.key)
    page = list(items[start : start + query.limit])
    more = start + query.limit < len(items)
    token = tokens.issue(binding, page[-1].key) if more else None
    return Page(page, more, token, cursor)
