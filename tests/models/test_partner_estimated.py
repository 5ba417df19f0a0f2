"""Estimated weights are the backtest's, computed once per state of the cache and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from allied.models import _partner_estimated
from allied.models._partner_estimated import estimated_weights

WEIGHTS_FILE = """name: estimated, {kind} obligation, trained 1946-1990
fit:
  regime_similarity: {{weight: 0.5, reason: per-unit logit coefficient}}
challenge:
  rivalry: {{weight: 0.25, reason: minus the coefficient}}
"""


class _Fitted:
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def to_weights_yaml(self, path: Path, *, mkdir: bool = False) -> Path:
        path.parent.mkdir(parents=True, exist_ok=mkdir)
        path.write_text(WEIGHTS_FILE.format(kind=self.kind), "utf-8")
        return path


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the backtests run (each writes the weights file of its obligation)."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path))
    calls: list[str] = []

    def fake_backtest(**arguments: object) -> _Fitted:
        calls.append(str(arguments["obligation"]))
        assert arguments["years"] == "1946-2018" and arguments["train_through"] == 1990
        return _Fitted(str(arguments["obligation"]))

    monkeypatch.setattr(_partner_estimated, "backtest", fake_backtest)
    return calls


def test_the_backtest_runs_once_and_its_weights_are_kept(runs: list[str], tmp_path: Path) -> None:
    first = estimated_weights("consultation")
    second = estimated_weights("consultation")
    assert runs == ["consul"]  # the kind name maps to ATOP's obligation, run once
    assert first == second
    assert first.fit["regime_similarity"].weight == 0.5
    kept = list((tmp_path / "partners").glob("estimated-consultation-*.yaml"))
    assert len(kept) == 1


def test_each_kind_and_each_state_of_the_cache_gets_its_own_estimate(
    runs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    estimated_weights("any")
    estimated_weights("defense")
    monkeypatch.setattr(_partner_estimated, "__version__", "999.0")
    estimated_weights("any")
    assert runs == ["any", "defense", "any"]
    assert len(list((tmp_path / "partners").glob("estimated-any-*.yaml"))) == 2
