"""Measures are pure: no measure module imports allied.sources or reads the catalog.

Data assembly lives in allied.panel (builders that carry their sources); a
measure takes frames, arrays or graphs. This reads every import statement of
src/allied/measures, at module level and inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "allied"
MEASURES = SOURCE / "measures"
MODELS = SOURCE / "models"


def _reads(path: Path) -> list[str]:
    """``file:line`` of each import of allied.sources and each use of load_catalog."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.startswith("allied.sources") or (
                node.module == "allied" and "sources" in names
            ):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
            if "load_catalog" in names:
                found.append(f"{path.name}:{node.lineno} imports load_catalog")
        elif isinstance(node, ast.Import):
            found += [
                f"{path.name}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if alias.name.startswith("allied.sources")
            ]
    return found


def test_no_measure_module_reads_the_cache_or_the_catalog() -> None:
    modules = sorted(MEASURES.glob("*.py"))
    assert {"similarity.py", "_alignment.py", "network.py", "burden.py"} <= {
        p.name for p in modules
    }
    reads = [place for path in modules for place in _reads(path)]
    assert reads == []


def test_no_model_module_reads_the_cache_or_the_catalog() -> None:
    """Models, like measures, take their data as arguments (econometric tests included)."""
    modules = sorted(MODELS.glob("*.py"))
    assert "_econometrics.py" in {p.name for p in modules}
    reads = [place for path in modules for place in _reads(path)]
    assert reads == []
