"""Membership spells as a brief dated ``on`` shows them.

A brief describes the catalog on its date: a spell that starts after ``on`` is
not shown, a departure after ``on`` is not yet known, and a spell whose start
no source gives (:attr:`~allied.catalog.Membership.as_of`) reads "as of DATE",
never as a join date.
"""

from __future__ import annotations

from datetime import date

from allied.catalog import Arrangement, Membership
from allied.states import lookup

#: How a gantt bar or table row marks a spell with a known start, and one known
#: only as of a date.
JOINED, AS_OF = "joined", "as of (start unknown)"


def spells_by(a: Arrangement, on: date) -> list[Membership]:
    """The spells of ``a`` that started on or before ``on``, by start then state name."""
    started = [m for m in a.members if a.joined(m) <= on]
    return sorted(started, key=lambda m: (a.joined(m), lookup(m.state, source="iso3").name))


def start_label(a: Arrangement, m: Membership) -> str:
    """The spell's start for a reader: its date, or "as of DATE" when the start is unknown."""
    start = a.joined(m).isoformat()
    return start if m.start_known else f"as of {start}"


def start_note(m: Membership) -> str:
    """:data:`JOINED` or :data:`AS_OF`, for a chart's legend."""
    return JOINED if m.start_known else AS_OF


def left_on(a: Arrangement, m: Membership, on: date) -> date | None:
    """The spell's last day if it ended by ``on``; ``None`` while it lasts on ``on``."""
    left = a.left(m)
    return left if left is not None and left <= on else None
