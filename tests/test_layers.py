"""The layers of DESIGN.md hold: data flows upward, and packages import each other without loops.

Every ``import`` and ``from ... import`` statement of ``src/allied`` is read (at
module level and inside functions), and each is reduced to the packages it
joins. A package may import only from its own layer or the layers below, and
the packages above the foundation form no loop. (The foundation's modules are
small and import each other lazily where needed: ``_validation.check_nation``
reads the state table, which uses ``_validation``'s date and choice checks.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SOURCE = Path(__file__).resolve().parents[1] / "src" / "allied"

#: Package (or top-level module) → layer, from the bottom up (DESIGN.md, "Layers").
LAYERS = {
    **dict.fromkeys(
        ["allied", "__version__", "errors", "cite", "_validation", "_results", "_moved"], 0
    ),
    **dict.fromkeys(["_io", "_ranges", "_yaml", "states"], 0),
    **dict.fromkeys(["catalog", "sources", "panel"], 1),
    **dict.fromkeys(["measures", "models", "scenarios", "sharing"], 2),
    **dict.fromkeys(["report", "web", "cli", "__main__"], 3),
}


def _package(module: str) -> str:
    """``allied.panel._build`` → ``panel``; ``allied.errors`` → ``errors``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports() -> list[tuple[str, str, str]]:
    """(importing package, imported package, ``file:line``) of every import of allied."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        module = ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts)
        source = _package(module.removesuffix(".__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "allied":
                targets = [f"allied.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("allied."):
                targets = [str(node.module)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("allied.")]
            else:
                continue
            place = f"{path.relative_to(SOURCE)}:{node.lineno}"
            found += [(source, _package(target), place) for target in targets]
    return found


IMPORTS = _imports()


def test_every_package_has_a_layer() -> None:
    packages = {p for edge in IMPORTS for p in edge[:2]}
    assert {"panel", "measures", "sharing", "cli"} <= packages
    assert packages - set(LAYERS) == set()


def test_no_package_imports_from_a_layer_above_it() -> None:
    upward = [
        f"{place}: {source} imports {target}"
        for source, target, place in IMPORTS
        if LAYERS[target] > LAYERS[source]
    ]
    assert upward == []


def test_the_packages_above_the_foundation_import_each_other_without_a_loop() -> None:
    graph = nx.DiGraph(
        (source, target)
        for source, target, _ in IMPORTS
        if source != target and min(LAYERS[source], LAYERS[target]) > 0
    )
    assert {"panel", "measures", "models", "sharing", "report", "cli"} <= set(graph)
    assert list(nx.simple_cycles(graph)) == []


def test_measures_and_models_take_their_data_from_the_panel_builders() -> None:
    """Analysis reads data only through allied.panel (which carries the sources)."""
    reads = [
        f"{place}: {source} imports sources"
        for source, target, place in IMPORTS
        if source in ("measures", "models") and target == "sources"
    ]
    assert reads == []


def test_no_package_imports_a_private_module_of_another() -> None:
    """Packages meet at their faces: ``allied.panel``, never ``allied.panel._lookup``."""
    reaching = []
    for path in sorted(SOURCE.rglob("*.py")):
        module = ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts)
        source = _package(module.removesuffix(".__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("allied."):
                parts = str(node.module).split(".")
                private = len(parts) > 2 and parts[2].startswith("_")
                private |= len(parts) == 2 and any(a.name.startswith("_") for a in node.names)
                if private and parts[1] != source:
                    reaching.append(f"{path.relative_to(SOURCE)}:{node.lineno} {node.module}")
    assert reaching == []
