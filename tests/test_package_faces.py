"""Every package of allied shows one face: public names in ``__init__``, private modules.

Walks every module of ``allied`` and asserts that

- a module whose name does not start with ``_`` is a package, a deprecation shim
  (:data:`DEPRECATION_SHIMS`) or a documented public module (:data:`PUBLIC_MODULES`);
- no public function has the name of the module that defines it (``voting_power``
  in ``voting_power.py`` made ``allied.models.voting_power`` either), and no package
  exports a name that is also one of its public submodules, but for a shim;
- every name in an ``__all__`` exists, and the packages whose implementation is
  private export every public name of their private modules.

The lists below are the whole set of exceptions: adding a public module, a shim or a
clash means adding it here, on purpose.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import warnings
from types import ModuleType

import pytest

import allied

#: Old module paths kept as modules whose ``__getattr__`` warns and forwards.
DEPRECATION_SHIMS = {
    "allied.measures.indicators",
    "allied.models.alliance_economics",
    "allied.models.cost_sharing",
    "allied.models.programs",
    "allied.models.voting_power",
    "allied.sharing.agreements",
    "allied.sharing.audit",
    "allied.sharing.bundles",
    "allied.sharing.decide",
    "allied.sharing.markings",
    "allied.sharing.server",
    "allied.sharing.service",
    "allied.sharing.storage",
}

#: Public modules that are not packages, documented in the README or their package.
PUBLIC_MODULES = {
    "allied.cite",
    "allied.errors",
    "allied.measures.burden",
    "allied.measures.network",
    "allied.measures.similarity",
    "allied.models.partners",
}

#: Functions that have their module's name: ``allied.cite.cite`` is the one function of a
#: top-level module that no package re-exports, so the name is never ambiguous.
SAME_NAME_LEFT = {"allied.cite.cite"}

#: Packages that export a name which is also one of their public submodules (none).
EXPORT_CLASH_LEFT: set[str] = set()

#: Packages whose implementation modules are all private and whose ``__init__`` exports
#: every name of their ``__all__``.
#: (sources/ and panel/: tests/panel/test_package_faces.py; sharing/: tests/sharing/test_layout.py.)
FACES = ("allied.models", "allied.catalog", "allied.states")


def _modules() -> dict[str, tuple[ModuleType, bool]]:
    """Every module of allied by name, with whether it is a package (no ``__main__``)."""
    found = {"allied": (allied, True)}
    for info in pkgutil.walk_packages(allied.__path__, "allied."):
        if info.name != "allied.__main__":  # runs the command line
            found[info.name] = (importlib.import_module(info.name), info.ispkg)
    return found


MODULES = _modules()


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def test_public_modules_are_packages_shims_or_documented() -> None:
    public = {
        name
        for name, (_, package) in MODULES.items()
        if not package and not any(part.startswith("_") for part in name.split("."))
    }
    assert public - DEPRECATION_SHIMS - PUBLIC_MODULES == set(), (
        "make the module private (_name.py) and export its names from the package, "
        "or document it and list it in PUBLIC_MODULES"
    )
    assert public >= (DEPRECATION_SHIMS | PUBLIC_MODULES)  # the lists name real modules


@pytest.mark.parametrize("name", sorted(DEPRECATION_SHIMS))
def test_shims_define_nothing_but_a_forwarding_getattr(name: str) -> None:
    module = MODULES[name][0]
    own = [
        attribute
        for attribute, value in vars(module).items()
        if (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == name
        and not attribute.startswith("_")  # private adapters that keep an old default
    ]
    assert own == []
    assert "deprecated" in (module.__doc__ or "").lower()
    assert callable(vars(module).get("__getattr__"))


def test_no_public_function_has_its_modules_name() -> None:
    same = {
        f"{name}.{attribute}"
        for name, (module, _) in MODULES.items()
        for attribute, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == name
        and not attribute.startswith("_")
        and attribute == _last(name)
    }
    assert same == SAME_NAME_LEFT


def test_no_package_exports_the_name_of_a_public_submodule() -> None:
    clashes = set()
    for name, (package, is_package) in MODULES.items():
        if not is_package:
            continue
        submodules = {
            _last(other)
            for other in MODULES
            if other.startswith(name + ".") and "." not in other[len(name) + 1 :]
        }
        for exported in set(getattr(package, "__all__", ())) & submodules:
            clashes.add(f"{name}.{exported}")
            # the exported object, not the old module, is what the package gives
            assert not isinstance(getattr(package, exported), ModuleType), exported
    assert clashes - DEPRECATION_SHIMS == EXPORT_CLASH_LEFT


def test_every_name_in_all_exists() -> None:
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # __all__ names no shim
        for name, (module, _) in MODULES.items():
            if name in DEPRECATION_SHIMS:  # their names warn, as they should
                continue
            for exported in getattr(module, "__all__", ()):
                assert hasattr(module, exported), f"{name}.{exported}"
                checked += 1
    assert checked > 200


def test_packages_have_all() -> None:
    packages = [name for name, (_, is_package) in MODULES.items() if is_package]
    assert "allied.models" in packages
    for name in packages:
        assert isinstance(getattr(MODULES[name][0], "__all__", None), list), name


@pytest.mark.parametrize("package", FACES)
def test_packages_export_the_names_of_their_private_modules(package: str) -> None:
    exported = set(MODULES[package][0].__all__)
    children = [
        name
        for name in MODULES
        if name.startswith(package + ".") and name not in DEPRECATION_SHIMS | PUBLIC_MODULES
    ]
    assert children
    for name in children:
        assert _last(name).startswith("_"), f"{name} should be private"
        missing = set(getattr(MODULES[name][0], "__all__", ())) - exported
        assert missing == set(), f"{package} does not export {sorted(missing)} of {name}"


def test_public_modules_of_a_face_give_the_packages_objects() -> None:
    """``allied.models.partners`` gathers names that ``allied.models`` exports too."""
    face = MODULES["allied.models"][0]
    partners = MODULES["allied.models.partners"][0]
    assert set(partners.__all__) <= set(face.__all__)
    for exported in partners.__all__:
        assert getattr(partners, exported) is getattr(face, exported), exported
