"""Every import the README shows works, from its current home, without a deprecation warning.

The README's ``python`` blocks are parsed (not run: they need data), and each
``from allied... import name`` in them is imported with DeprecationWarning made
an error, so a moved name makes this fail until the README follows the move.
"""

from __future__ import annotations

import ast
import importlib
import re
import warnings
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _imports() -> list[tuple[str, str]]:
    """(module, name) of every ``from allied... import`` in the README's python blocks."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    found = []
    for block in blocks:
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("allied"):
                found += [(str(node.module), alias.name) for alias in node.names]
    return found


IMPORTS = _imports()


def test_the_readme_shows_imports_of_every_layer() -> None:
    modules = {module for module, _ in IMPORTS}
    assert {"allied.panel", "allied.measures", "allied.models"} <= modules


@pytest.mark.parametrize(("module", "name"), IMPORTS, ids=[f"{m}:{n}" for m, n in IMPORTS])
def test_a_readme_import_works_without_deprecation(module: str, name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert hasattr(importlib.import_module(module), name)
