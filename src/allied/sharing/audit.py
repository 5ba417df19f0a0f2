"""Deprecated: the audit chain is in :mod:`allied.sharing.store`."""

from typing import Any

from allied._moved import Moved
from allied.sharing import store

_NAMES = [
    "ANCHOR_SETTING",
    "GENESIS_HASH",
    "AuditReport",
    "canonical_json",
    "entry_hash",
    "normalize_detail",
    "verify_audit",
]

_MOVED = Moved(__name__, [(store, _NAMES)])

__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.store`, with a DeprecationWarning."""
    return _MOVED.get(name)
