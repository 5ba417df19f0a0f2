"""Re-marking: the newest version of an object decides whether a recipient receives any.

When the originator posts a newer version of an object under a more
restrictive marking (TLP:GREEN, then TLP:RED), the older, more releasable
versions must stop reaching the recipients who may not receive the newest
one; otherwise they would still be served as the object's "last" version.
:func:`withhold_superseded` applies that rule to one recipient's released and
withheld versions: an object whose newest version is withheld is withheld in
every version. Versions compare as instants (``...00Z`` and ``...00.000Z``
are the same one); ids are compared in lower case, as ownership compares them
(RFC 4122 UUIDs are case-insensitive), so a case variant of the id cannot keep
an older version out of the rule.

References
----------
.. [1] OASIS, "STIX Version 2.1", OASIS Standard, 10 June 2021, section 3.6
   "Versioning" (the newest version is the one with the latest ``modified``).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allied.sharing.taxii._views import Entry, Withheld

__all__ = ["SUPERSEDED", "timestamp_key", "withhold_superseded"]

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
    return timestamp_key(version) if version else _OLDEST  # unversioned: the oldest


def withhold_superseded(
    entries: Sequence[Entry], withheld: Sequence[Withheld]
) -> tuple[list[Entry], list[Withheld]]:
    """``entries`` without the objects whose newest version is in ``withheld``.

    Their released versions join ``withheld`` with the reason
    :data:`SUPERSEDED`; both lists keep their order.
    """
    if not withheld:
        return list(entries), list(withheld)
    newest: dict[str, tuple[datetime, str]] = {}
    for item_key in (*(entry.key for entry in entries), *(item[0] for item in withheld)):
        object_id, version = item_key[1].lower(), _key(item_key[2])
        if object_id not in newest or version > newest[object_id]:
            newest[object_id] = version
    hidden = {
        item[0][1].lower() for item in withheld if _key(item[0][2]) == newest[item[0][1].lower()]
    }
    kept = [entry for entry in entries if entry.id.lower() not in hidden]
    moved = [
        (entry.key, entry.stored.type, (SUPERSEDED,))
        for entry in entries
        if entry.id.lower() in hidden
    ]
    return kept, sorted([*withheld, *moved], key=lambda item: item[0])
