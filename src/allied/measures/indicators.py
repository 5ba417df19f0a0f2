"""Deprecated alias of the embedded 2024 indicators, now in the data layer.

The table is data (read from the package and checked against the catalog), so
it moved to :mod:`allied.panel`: ``indicators()`` is
:func:`allied.panel.embedded_indicators`; ``indicator_citations``,
``nato_shares``, ``NATO_EDITION`` and ``EDITIONS`` keep their names there.
Every name below still works and warns with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

from allied._moved import Moved

__all__: list[str] = []  # every name here is a deprecated alias

_PUBLIC = ("NATO_EDITION", "indicator_citations", "nato_shares")
_PRIVATE = ("COLUMNS", "EDITIONS", "NO_ARMED_FORCES", "YEAR")

__getattr__ = Moved(
    __name__,
    [("allied.panel", _PUBLIC), ("allied.panel._indicators", _PRIVATE)],
    renamed={"indicators": ("allied.panel", "embedded_indicators")},
).get
