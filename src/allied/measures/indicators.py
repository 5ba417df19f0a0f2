"""Deprecated alias of the embedded 2024 indicators, now in the data layer.

The table is data (read from the package and checked against the catalog), so
it moved to :mod:`allied.panel`: ``indicators()`` is
:func:`allied.panel.embedded_indicators`; ``indicator_citations``,
``nato_shares``, ``NATO_EDITION`` and ``EDITIONS`` keep their names there.
Every name below still works and warns with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__: list[str] = []  # every name here is a deprecated alias

#: The old names of this module.
_OLD = (
    "COLUMNS",
    "EDITIONS",
    "NATO_EDITION",
    "NO_ARMED_FORCES",
    "YEAR",
    "indicator_citations",
    "indicators",
    "nato_shares",
)

#: Old name here -> name in allied.panel._indicators.
_MOVED = {name: name for name in _OLD} | {"indicators": "embedded_indicators"}


def __getattr__(name: str) -> Any:
    """The moved names, with a deprecation warning."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from allied.panel import _indicators

    new = _MOVED[name]
    public = "allied.panel" if new in _PUBLIC else "allied.panel._indicators"
    warnings.warn(
        f"allied.measures.indicators.{name} is deprecated: the embedded indicators are data "
        f"and moved to the data layer; use {public}.{new}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_indicators, new)


_PUBLIC = frozenset({"embedded_indicators", "indicator_citations", "nato_shares", "NATO_EDITION"})
