"""The old flat modules of :mod:`allied.sharing`, kept as deprecation shims.

``allied.sharing`` was 14 flat modules; it is now four rooms (``policy``,
``stix``, ``taxii``, ``store``). The old public modules (``markings``,
``agreements``, ``decide``, ``bundles``, ``storage``, ``audit``, ``server``,
``service``) still give every name they gave, from its new home, with a
:class:`DeprecationWarning` that names the new path.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["Moved"]


class Moved:
    """The names of one deprecated module and where each went.

    Parameters
    ----------
    old
        The deprecated module's name (``"allied.sharing.markings"``).
    homes
        New module of each name, given as ``(module, names)`` pairs.
    replaced
        Names that no longer exist as such: what replaces each (for the
        warning) and a function computing the old value.
    """

    def __init__(
        self,
        old: str,
        homes: Iterable[tuple[ModuleType, Iterable[str]]],
        replaced: Mapping[str, tuple[str, Callable[[], Any]]] | None = None,
    ) -> None:
        self.old = old
        self.homes = {name: module for module, names in homes for name in names}
        self.replaced = dict(replaced or {})

    def names(self) -> list[str]:
        """Every name the old module gave."""
        return sorted({*self.homes, *self.replaced})

    def get(self, name: str) -> Any:
        """``name`` from its new home, with a :class:`DeprecationWarning`."""
        if name in self.homes:
            home = self.homes[name]
            value, instead = getattr(home, name), f"{home.__name__}.{name}"
        elif name in self.replaced:
            instead, compute = self.replaced[name]
            value = compute()
        else:
            raise AttributeError(f"module {self.old!r} has no attribute {name!r}")
        warnings.warn(
            f"{self.old}.{name} is deprecated: use {instead}", DeprecationWarning, stacklevel=3
        )
        return value
