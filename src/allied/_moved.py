"""Old module paths that keep working for a while: a ``__getattr__`` that warns and forwards.

When a public module becomes private or moves (``allied.models.cost_sharing``
became ``allied.models._cost_sharing``; ``allied.sharing.markings`` went into
the ``allied.sharing.policy`` room), a small module stays at the old path::

    from allied._moved import forward

    __getattr__ = forward(__name__, "allied.models", ["shapley_value", ...])

so that ``from allied.models.cost_sharing import shapley_value`` still gives the
function, with a :class:`DeprecationWarning` that names the new import. A shim
whose names went to several homes, or whose names were replaced by something
computed, builds a :class:`Moved` itself. The module's ``dir()`` does not list
the forwarded names: tools that look at every name listed (pytest's
collection, ``inspect.getmembers``) would warn for each.

Examples
--------
>>> import warnings
>>> getattr_ = forward("old.place", "allied.errors", ["InputError"], renamed={"Bad": "InputError"})
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     getattr_("Bad").__name__, str(caught[0].message)
('InputError', 'old.place.Bad is deprecated: use allied.errors.InputError instead')
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["Moved", "forward", "load_old_paths"]

Home = ModuleType | str


class Moved:
    """The names of one deprecated module and where each went.

    Parameters
    ----------
    old
        The deprecated module's name (``"allied.sharing.markings"``).
    homes
        New module of each name (a module or its name, imported when first
        asked for), given as ``(module, names)`` pairs.
    renamed
        Old name to ``(module, new name)`` for names that also changed.
    replaced
        Names that no longer exist as such: what replaces each (for the
        warning) and a function computing the old value.
    """

    def __init__(
        self,
        old: str,
        homes: Iterable[tuple[Home, Iterable[str]]],
        *,
        renamed: Mapping[str, tuple[Home, str]] | None = None,
        replaced: Mapping[str, tuple[str, Callable[[], Any]]] | None = None,
    ) -> None:
        self.old = old
        self.targets: dict[str, tuple[Home, str]] = {
            name: (module, name) for module, names in homes for name in names
        } | dict(renamed or {})
        self.replaced = dict(replaced or {})

    def names(self) -> list[str]:
        """Every name the old module gave."""
        return sorted({*self.targets, *self.replaced})

    def get(self, name: str) -> Any:
        """``name`` from its new home, with a :class:`DeprecationWarning`."""
        if name in self.targets:
            home, target = self.targets[name]
            module = importlib.import_module(home) if isinstance(home, str) else home
            value, instead = getattr(module, target), f"{module.__name__}.{target} instead"
        elif name in self.replaced:
            instead, compute = self.replaced[name]
            value = compute()
        else:
            raise AttributeError(f"module {self.old!r} has no attribute {name!r}")
        warnings.warn(
            f"{self.old}.{name} is deprecated: use {instead}", DeprecationWarning, stacklevel=3
        )
        return value


def forward(
    old: str, new: str, names: Iterable[str], *, renamed: Mapping[str, str] | None = None
) -> Callable[[str], Any]:
    """The ``__getattr__`` of the deprecated module ``old`` whose names all went to ``new``.

    Parameters
    ----------
    old
        The deprecated module's name (its ``__name__``).
    new
        The module that now exports the names.
    names
        The names that moved unchanged.
    renamed
        Old name to new name, for names that also changed.
    """
    moved = Moved(old, [(new, names)], renamed={k: (new, v) for k, v in (renamed or {}).items()})

    def __getattr__(name: str) -> Any:  # noqa: N807 (a module's __getattr__)
        return moved.get(name)

    return __getattr__


def load_old_paths(package: str, modules: Iterable[str]) -> None:
    """Import the deprecated ``modules`` of ``package``, keeping the names they shadow.

    Importing ``package.name`` sets the attribute ``name`` of the package to the
    module. When the package already exports something else under that name (the
    function ``allied.models.voting_power`` beside the old module
    ``allied.models.voting_power``), a later import of the old path would replace
    it. Loading the old modules once, in the package's ``__init__``, and putting
    back what was there keeps the exported object: a module is imported only once.
    """
    namespace = vars(sys.modules[package])
    for name in modules:
        exported = namespace.get(name)
        importlib.import_module(f"{package}.{name}")
        if exported is not None:
            namespace[name] = exported
