"""Deprecated: bundle filtering is in :mod:`allied.sharing.stix`."""

from typing import Any

from allied._moved import Moved
from allied.sharing import stix

_NAMES = [
    "DROP_WHEN_WITHHELD",
    "FilterResult",
    "PreparedObjects",
    "filter_bundle",
    "filter_objects",
    "validate_stix",
]

_MOVED = Moved(__name__, [(stix, _NAMES)])

__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.stix`, with a DeprecationWarning."""
    return _MOVED.get(name)
