"""The brief's "Date and editions" box: one edition for every quantity it shows.

Each section of the brief returns, with its facts, the list of quantities it
shows and the edition each comes from (``facts["editions"]``, a list of
``{"quantity", "edition", "source"}`` dicts). :func:`merge_editions` takes
their union for the box at the top of the page and refuses a brief in which
one quantity would come from two editions: that is a contradiction the reader
could not resolve (NATO's 2024 and 2025 estimates of the same ally's spending
side by side, say), so it is a bug in ``allied``, not something to render.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from allied.catalog import Arrangement, Catalog
from allied.errors import AlliedError

#: The keys of one entry of the box.
EDITION_KEYS = ("quantity", "edition", "source")


def edition(quantity: str, edition: str, source: str) -> dict[str, str]:
    """One entry of the box: a quantity the brief shows, its edition and its source."""
    return {"quantity": quantity, "edition": edition, "source": source}


def section_editions(facts: Mapping[str, Any] | None) -> list[dict[str, str]]:
    """The ``editions`` a section's facts declare (none for an absent section)."""
    if not facts:
        return []
    return [{key: str(entry[key]) for key in EDITION_KEYS} for entry in facts.get("editions", [])]


def merge_editions(groups: Iterable[Iterable[Mapping[str, str]]]) -> list[dict[str, str]]:
    """The union of the sections' editions, first seen first, without repeats.

    Raises
    ------
    AlliedError
        When one quantity comes with two different editions or sources: the
        brief would contradict itself.

    Examples
    --------
    >>> a = [edition("Alliance ties", "catalog on 2025-01-01", "allied catalog")]
    >>> [e["quantity"] for e in merge_editions([a, a])]
    ['Alliance ties']
    """
    merged: dict[str, dict[str, str]] = {}
    for group in groups:
        for entry in group:
            current = {key: str(entry[key]) for key in EDITION_KEYS}
            seen = merged.setdefault(current["quantity"], current)
            if seen != current:
                raise AlliedError(
                    f"the brief would show {current['quantity']!r} in two editions: "
                    f"{seen['edition']} ({seen['source']}) and "
                    f"{current['edition']} ({current['source']})",
                    where="allied.report, the sections' editions",
                    fix="This is a bug in allied: every quantity of a brief must come from "
                    "one edition. Please report it with the command that built the brief.",
                )
    return list(merged.values())


def _latest_access(arrangements: Iterable[Arrangement]) -> str:
    return max(s.accessed for a in arrangements for s in a.sources).isoformat()


def catalog_label(catalog: Catalog) -> str:
    """The catalog, as the box names it: the embedded one of this version, or a folder."""
    from allied import __version__

    if catalog.origin == "embedded":
        return f"allied {__version__} catalog"
    return f"catalog folder {Path(catalog.origin).name}"


def catalog_edition(catalog: Catalog, on: date) -> dict[str, str]:
    """The edition of the catalog's arrangements, memberships and dates on ``on``."""
    return edition(
        "Arrangements, memberships and their dates",
        f"{catalog_label(catalog)}, memberships on {on.isoformat()} "
        f"(sources accessed up to {_latest_access(catalog)})",
        "each arrangement's own sources (listed with it)",
    )


def planned_units_edition(catalog: Catalog, arrangement: Arrangement) -> dict[str, str]:
    """The edition of an arrangement's planned units (the catalog does not date them)."""
    return edition(
        f"{arrangement.label}: planned units per state",
        f"{catalog_label(catalog)}: each state's latest plan, sources accessed up to "
        f"{_latest_access([arrangement])} (changes of plan are not dated)",
        f"catalog entry {arrangement.id} and its sources",
    )
