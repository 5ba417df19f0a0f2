"""The faces of the data packages: private modules, public names from ``__init__``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

PACKAGES = ["allied.sources", "allied.panel"]


@pytest.mark.parametrize("name", PACKAGES)
def test_modules_are_private_and_the_package_exports_its_public_names(name: str) -> None:
    package = importlib.import_module(name)
    modules = [info.name for info in pkgutil.iter_modules(package.__path__)]
    assert modules and all(module.startswith("_") for module in modules), modules
    for exported in package.__all__:
        value = getattr(package, exported)
        assert not exported.startswith("_")
        if inspect.isfunction(value) or inspect.isclass(value):
            module = value.__module__
            assert module == name or module.startswith(f"{name}._"), (exported, module)
            assert exported != module.rpartition(".")[2].lstrip("_"), exported


def test_the_registry_types_and_step_lookup_are_public() -> None:
    import allied.panel
    import allied.sources

    assert {"Dataset", "Step", "Table", "OBLIGATIONS"} <= set(allied.sources.__all__)
    assert "registered_steps" in allied.panel.__all__
    assert allied.sources.OBLIGATIONS == ("defense", "offense", "neutral", "nonagg", "consul")
