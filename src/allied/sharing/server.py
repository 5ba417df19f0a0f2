"""Deprecated: the TAXII 2.1 server is in :mod:`allied.sharing.taxii`."""

from typing import Any

from allied.sharing import taxii
from allied.sharing._deprecated import Moved

_NAMES = ["TaxiiJSONResponse", "accepts_taxii", "create_app", "is_taxii_content", "serve"]

_MOVED = Moved(__name__, [(taxii, _NAMES)])

__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from :mod:`allied.sharing.taxii`, with a DeprecationWarning."""
    return _MOVED.get(name)
