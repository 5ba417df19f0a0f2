"""What a read records in the audit log: the versions released, withheld and redacted.

Withheld versions are those the query would have matched by id and type whose
sort key falls in the page's window (after the cursor, up to the last item
served, or to the end on the last page): paging a whole collection reports
each withheld version exactly once. They are grouped by their reasons:
``{"reasons": [...], "objects": [[id, version], ...]}``.
"""

from __future__ import annotations

import bisect
from typing import Any

from allied.sharing.taxii._paging import Page
from allied.sharing.taxii._query import Query
from allied.sharing.taxii._views import View

__all__ = ["read_detail"]


def read_detail(view: View, query: Query, page: Page) -> dict[str, Any]:
    """``released``, ``withheld`` and ``redacted`` of one response, for its audit entry."""
    low = page.after
    high = page.entries[-1].key if (page.entries and page.more) else None
    start = 0 if low is None else bisect.bisect_right(view.withheld, low, key=lambda w: w[0])
    withheld: dict[tuple[str, ...], list[list[str]]] = {}  # reasons -> [id, version]s
    for key, kind, reasons in view.withheld[start:]:
        if high is not None and key > high:
            break
        if (not query.ids or key[1] in query.ids) and (not query.types or kind in query.types):
            withheld.setdefault(reasons, []).append([key[1], key[2]])
    redacted = {
        f"{entry.id}@{entry.key[2]}": list(view.redacted[(entry.id, entry.key[2])])
        for entry in page.entries
        if (entry.id, entry.key[2]) in view.redacted
    }
    return {
        "released": [[entry.id, entry.version] for entry in page.entries],
        "withheld": [
            {"reasons": list(reasons), "objects": objects} for reasons, objects in withheld.items()
        ],
        "redacted": redacted,
    }
