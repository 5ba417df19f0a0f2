"""The layout of ``allied.sharing``: four rooms, imports in one direction, no loop.

Every ``import`` in the package's source is read with :mod:`ast`, wherever it
stands (module level, inside a function, under ``TYPE_CHECKING``), and becomes
an edge from the importing module to the module imported. Then:

- the graph of modules has no cycle (before the rooms, ``storage`` imported
  the backends in ``open_storage`` and the backends imported ``storage``);
- a room imports only the rooms before it (policy: none; stix: policy;
  store: policy; taxii: policy, stix and store), and only through their
  package (``allied.sharing.store``, never ``allied.sharing.store._sql``);
- no room imports the package's top level (the deprecated flat modules);
- every module inside a room is private (``_name.py``) and every room
  exports its public names;
- the command line uses only public modules of ``allied.sharing``.
"""

from __future__ import annotations

import ast
import functools
import importlib
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

import allied.sharing

SRC = Path(allied.sharing.__file__).parent
CLI = SRC.parent / "cli"
ROOMS = ("policy", "stix", "store", "taxii")
ALLOWED = {
    "policy": set(),
    "stix": {"policy"},
    "store": {"policy"},
    "taxii": {"policy", "stix", "store"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def _imports(path: Path) -> Iterator[str]:
    """Every module of ``allied`` that ``path`` imports, anywhere in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("allied"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("allied"):
            assert node.level == 0, f"{path}: relative import"
            module = str(node.module)
            for alias in node.names:
                # `from package import submodule` depends on the submodule
                full = f"{module}.{alias.name}"
                yield full if full in MODULES else module


@functools.cache
def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        for target in _imports(path):
            if target in MODULES and target != name:
                graph.add_edge(name, target)
    return graph


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[2] in ROOMS else None


def test_the_modules_import_each_other_without_a_loop() -> None:
    cycles = list(nx.simple_cycles(_graph()))
    assert cycles == []


def test_the_scan_sees_imports_inside_functions() -> None:
    """The import of a backend inside ``open_storage`` counts (it made the old loop)."""
    assert ("allied.sharing.store._open", "allied.sharing.store._postgres") in _graph().edges


def test_rooms_import_only_the_rooms_before_them_through_their_package() -> None:
    wrong = []
    for source, target in _graph().edges:
        here, there = _room(source), _room(target)
        if here is None or here == there:
            continue
        if there is None:
            wrong.append(f"{source} -> {target}: a room imports the package's top level")
        elif there not in ALLOWED[here]:
            wrong.append(f"{source} -> {target}: {here} may not import {there}")
        elif target != f"allied.sharing.{there}":
            wrong.append(f"{source} -> {target}: not through allied.sharing.{there}")
    assert wrong == []


def test_every_room_is_used_as_allowed() -> None:
    """The directions above are the real ones (each allowed pair is used)."""
    used = {
        (_room(source), _room(target))
        for source, target in _graph().edges
        if _room(source) is not None and _room(source) != _room(target)
    }
    assert used == {(here, there) for here, theirs in ALLOWED.items() for there in theirs}


@pytest.mark.parametrize("room", ROOMS)
def test_modules_in_a_room_are_private_and_the_room_exports_its_names(room: str) -> None:
    names = [path.name for path in (SRC / room).glob("*.py")]
    assert [name for name in names if not name.startswith("_")] == []
    package = importlib.import_module(f"allied.sharing.{room}")
    assert package.__all__
    for name in package.__all__:
        assert getattr(package, name) is not None, f"{room}.{name}"


def test_the_command_line_uses_only_public_sharing_modules() -> None:
    private = [
        f"{path.name}: {target}"
        for path in sorted(CLI.glob("_sharing*.py"))
        for target in _imports(path)
        if target.startswith("allied.sharing")
        and any(part.startswith("_") for part in target.split(".")[2:])
    ]
    assert private == []
