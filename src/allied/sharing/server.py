"""Deprecated: the TAXII 2.1 server is in :mod:`allied.sharing.taxii`."""

from typing import Any

from allied._moved import Moved
from allied.sharing import taxii

_NAMES = ["TaxiiJSONResponse", "accepts_taxii", "create_app", "is_taxii_content", "serve"]

_MOVED = Moved(__name__, [(taxii, _NAMES)])

__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.taxii`, with a DeprecationWarning."""
    return _MOVED.get(name)
