"""Deprecated: partners and agreements are in :mod:`allied.sharing.policy`."""

from typing import Any

from allied._moved import Moved
from allied.sharing import policy

_NAMES = [
    "GROUPING_ARRANGEMENTS",
    "Agreement",
    "Grouping",
    "Recipient",
    "SharingPolicy",
    "Side",
    "convert_level",
    "default_policy",
]

_MOVED = Moved(__name__, [(policy, _NAMES)])

__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.policy`, with a DeprecationWarning."""
    return _MOVED.get(name)
