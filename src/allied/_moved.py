"""Old module paths that keep working for a while: a ``__getattr__`` that warns and forwards.

When a public module becomes private (``allied.models.cost_sharing`` became
``allied.models._cost_sharing``, its names exported from :mod:`allied.models`),
a small module stays at the old path::

    from allied._moved import forward

    __getattr__ = forward(__name__, "allied.models", ["shapley_value", ...])

so that ``from allied.models.cost_sharing import shapley_value`` still gives the
function, with a :class:`DeprecationWarning` that names the new import. The
module's ``dir()`` does not list the forwarded names: tools that look at every
name listed (pytest's collection, ``inspect.getmembers``) would warn for each.

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
from typing import Any

__all__ = ["forward", "load_old_paths"]


def forward(
    old: str, new: str, names: Iterable[str], *, renamed: Mapping[str, str] | None = None
) -> Callable[[str], Any]:
    """The ``__getattr__`` of the deprecated module ``old``.

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
    targets = {name: name for name in names} | dict(renamed or {})

    def __getattr__(name: str) -> Any:  # noqa: N807 (a module's __getattr__)
        if name not in targets:
            raise AttributeError(f"module {old!r} has no attribute {name!r}")
        target = targets[name]
        warnings.warn(
            f"{old}.{name} is deprecated: use {new}.{target} instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new), target)

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
