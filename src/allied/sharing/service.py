"""Deprecated: the TAXII service is in :mod:`allied.sharing.taxii`."""

from typing import Any

from allied._moved import Moved
from allied.sharing import taxii

_NAMES = [
    "DEFAULT_LIMIT",
    "DEFAULT_MAX_CONTENT_LENGTH",
    "MAX_LIMIT",
    "MAX_OBJECT_DEPTH",
    "MAX_PATTERN_DEPTH",
    "MAX_PATTERN_LENGTH",
    "STIX_MEDIA_TYPE",
    "TAXII_MEDIA_TYPE",
    "TOKEN_SECRET_SETTING",
    "TaxiiError",
    "TaxiiResponse",
    "TaxiiService",
    "pattern_problem",
]

_MOVED = Moved(__name__, [(taxii, _NAMES)])

__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.taxii`, with a DeprecationWarning."""
    return _MOVED.get(name)
