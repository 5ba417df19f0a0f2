"""Every module the package imports is installed by a plain install (``make run``).

``make run`` installs ``allied`` without extras, so a command that imports a
package only the ``dev`` extra brings (as ``allied sharing push`` did with
taxii2-client) ends in ``ModuleNotFoundError`` for users. This test reads every
import statement under ``src/allied`` (at module level and inside functions,
but not those under ``if TYPE_CHECKING:``) and checks that its distribution is
a runtime requirement of ``allied`` or one of theirs.
"""

from __future__ import annotations

import ast
import contextlib
import re
import sys
from importlib import metadata
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "allied"


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _runtime(requirements: list[str] | None) -> list[str]:
    return [_name(r) for r in requirements or [] if "extra ==" not in r]


def _runtime_closure(root: str) -> set[str]:
    """Distributions a plain install of ``root`` brings: its requirements, theirs, and so on."""
    seen: set[str] = set()
    todo = _runtime(metadata.requires(root))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        with contextlib.suppress(metadata.PackageNotFoundError):  # an optional one
            todo.extend(_runtime(metadata.requires(name)))
    return seen


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:``."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines.update(child.lineno for child in ast.walk(node) if hasattr(child, "lineno"))
    return lines


def _imports() -> dict[str, list[str]]:
    """Top-level module imported -> the files (and lines) that import it."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            if node.lineno in skip:
                continue
            for module in modules:
                top = module.split(".")[0]
                found.setdefault(top, []).append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_import_is_a_runtime_dependency() -> None:
    closure = _runtime_closure("allied")
    distributions = metadata.packages_distributions()
    missing = {}
    for module, places in _imports().items():
        if module == "allied" or module in sys.stdlib_module_names:
            continue
        names = {_name(d) for d in distributions.get(module, [])}
        if not names & closure:
            missing[module] = places
    assert missing == {}, "imported but not installed by `make run` (pyproject dependencies)"


def test_push_client_is_a_runtime_dependency() -> None:
    """``allied sharing push`` and the README's pull step need taxii2-client."""
    assert "taxii2-client" in _runtime(metadata.requires("allied"))
