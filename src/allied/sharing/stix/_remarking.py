"""Re-marking: the newest version of an object decides whether a recipient receives any.

When the originator posts a newer version of an object under a more
restrictive marking (TLP:GREEN, then TLP:RED), the older, more releasable
versions must stop reaching the recipients who may not receive the newest
one; otherwise they would still be served as the object's "last" version.
:func:`superseded` finds, among one recipient's released and withheld
versions, the objects whose newest version is withheld: they are withheld in
every version (before references are closed, so what points at them goes
too). Versions compare as instants (``...00Z`` and ``...00.000Z`` are the same
one); ids are compared in lower case, as ownership compares them
(RFC 4122 UUIDs are case-insensitive), so a case variant of the id cannot keep
an older version out of the rule.

References
----------
.. [1] OASIS, "STIX Version 2.1", OASIS Standard, 10 June 2021, section 3.6
   "Versioning" (the newest version is the one with the latest ``modified``).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from allied.sharing.stix._prepared import Key

__all__ = ["SUPERSEDED", "superseded", "timestamp_key"]

#: Why an older version is withheld under this rule.
SUPERSEDED = "a newer version of this object is not releasable to this recipient"

_OLDEST = (datetime.min.replace(tzinfo=UTC), "")


def timestamp_key(version: str) -> tuple[datetime, str]:
    """A STIX timestamp as a sortable instant: the second, then nine fraction digits.

    Examples
    --------
    >>> timestamp_key("2024-01-01T00:00:00Z") == timestamp_key("2024-01-01T00:00:00.000Z")
    True
    >>> timestamp_key("2024-01-01T00:00:00.5Z") > timestamp_key("2024-01-01T00:00:00Z")
    True
    """
    text = version.rstrip("Z")
    head, _, fraction = text.partition(".")
    moment = datetime.strptime(head, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return moment, (fraction + "0" * 9)[:9]


def _key(version: str) -> tuple[datetime, str]:
    """The instant of ``version``; unversioned or unreadable (unchecked input): the oldest."""
    try:
        return timestamp_key(version) if version else _OLDEST
    except ValueError:
        return _OLDEST


def superseded(released: Iterable[Key], withheld: Iterable[Key]) -> set[str]:
    """The ids (in lower case) whose newest version is among ``withheld``.

    ``released`` and ``withheld`` are the ``(id, version)`` keys of one
    recipient's released and withheld versions; every version of a returned id
    is to be withheld with the reason :data:`SUPERSEDED`.

    Examples
    --------
    >>> green = ("x--1", "2024-01-01T00:00:00Z")
    >>> red = ("X--1", "2024-02-01T00:00:00.000Z")
    >>> sorted(superseded([green], [red])), sorted(superseded([red], [green]))
    (['x--1'], [])
    """
    withheld = list(withheld)
    if not withheld:
        return set()
    keys = [*released, *withheld]
    counts = Counter(object_id.lower() for object_id, _ in keys)
    # an id held in one version has it as its newest: timestamps are parsed only where
    # versions of one id are compared
    newest: dict[str, tuple[datetime, str]] = {}
    for object_id, version in keys:
        folded_id = object_id.lower()
        if counts[folded_id] > 1:
            instant = _key(version)
            if folded_id not in newest or instant > newest[folded_id]:
                newest[folded_id] = instant
    return {
        object_id.lower()
        for object_id, version in withheld
        if counts[object_id.lower()] == 1 or _key(version) == newest[object_id.lower()]
    }
