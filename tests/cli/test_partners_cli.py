"""``allied partners assess`` and ``allied partners rank`` through :func:`allied.cli.main`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.cli import main

STATES = {2: "USA", 200: "GBR", 255: "DEU", 290: "POL", 365: "RUS"}
WEIGHTS = """\
name: cli test
fit:
  s_abs: {weight: 2.0, reason: "aligned portfolios"}
  regime_similarity: {weight: 3.0, reason: "similar regimes ally (Lai & Reiter 2000)"}
challenge:
  rivalry: {weight: 1.0, reason: "threat"}
  arms_embargo: {weight: 2.0, reason: "legal bar"}
"""
#: s_abs and regime_similarity of each partner with Poland; RUS: rivalry and embargo.
VALUES = {
    "USA": (0.8, 0.9, 0, 0),
    "GBR": (0.9, 0.85, 0, 0),
    "DEU": (0.9, 0.95, 0, 0),
    "RUS": (0.5, 0.4, 1, 1),
}


def _directed() -> pd.DataFrame:
    """Directed rows of the five states (values symmetric; only POL's rows vary)."""
    rows = []
    for a, iso_a in STATES.items():
        for b, iso_b in STATES.items():
            if a == b:
                continue
            other = iso_b if iso_a == "POL" else iso_a
            s_abs, regime, rivalry, embargo = VALUES.get(other, (0.6, 0.6, 0, 0))
            rows.append(
                {
                    "ccode1": a,
                    "ccode2": b,
                    "year": 2018,
                    "iso1": iso_a,
                    "iso2": iso_b,
                    "s_abs": s_abs,
                    "regime_similarity": regime,
                    "rivalry": rivalry,
                    "arms_embargo": embargo,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def weights_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A weights file, and indicators read from a frame instead of the cache."""
    from allied.models import _partner_ranking

    frame = _directed()

    def focal_rows(focal: str, year: int, catalog: object = None) -> object:
        return _partner_ranking.Indicators(frame[frame.iso1 == focal].reset_index(drop=True), ())

    def dyad_row(a: str, b: str, year: int, catalog: object = None) -> object:
        chosen = frame[(frame.iso1 == a) & (frame.iso2 == b)].reset_index(drop=True)
        return _partner_ranking.Indicators(chosen, ())

    monkeypatch.setattr(_partner_ranking, "focal_rows", focal_rows)
    monkeypatch.setattr(_partner_ranking, "dyad_row", dyad_row)
    path = tmp_path / "weights.yaml"
    path.write_text(WEIGHTS, encoding="utf-8")
    return path


def test_rank_csv(weights_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["partners", "rank", "POL", "--year", "2018", "-w", str(weights_file), "-f", "csv"]
    assert main(args) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert table.iso3.tolist() == ["DEU", "GBR", "USA", "RUS"]
    assert table.fit.round(6).tolist() == [4.65, 4.35, 4.3, 2.2]
    assert table.challenge.tolist() == [0.0, 0.0, 0.0, 3.0]
    russia = table.iloc[-1]
    assert russia.main_challenge == "arms_embargo +2.00"  # above the median partner's 0
    assert "Partners of POL in 2018" in captured.err


def test_rank_with_stability_and_top(
    weights_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["partners", "rank", "POL", "--year", "2018", "-w", str(weights_file)]
    assert main([*args, "--top", "2", "--stability", "50", "--seed", "1", "-f", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["iso3"] for r in records] == ["DEU", "GBR"]
    assert {"median_rank", "rank_p05", "rank_p95", "p_top"} <= set(records[0])
    assert 0 < records[0]["p_top"] <= 1


def test_assess_table_and_file(
    weights_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["partners", "assess", "POL", "RUS", "--year", "2018", "-w", str(weights_file)]) == 0
    )
    captured = capsys.readouterr()
    assert "Fit POL-RUS 2018: 2.20" in captured.out
    assert "Challenge POL-RUS 2018: 3.00" in captured.out
    assert "regime_similarity" in captured.out and "arms_embargo" in captured.out
    out = tmp_path / "pol-rus.csv"
    args = ["partners", "assess", "POL", "RUS", "-y", "2018", "-w", str(weights_file)]
    assert main([*args, "-f", "csv", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert table.score.tolist() == ["fit", "fit", "challenge", "challenge"]
    assert table.contribution.tolist() == pytest.approx([1.2, 1.0, 2.0, 1.0])
    assert (
        table.loc[table.indicator == "regime_similarity", "reason"]
        .item()
        .endswith("(Lai & Reiter 2000)")
    )
    assert np.isclose(table.weight * table.value, table.contribution).all()


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["rank", "POL", "--year", "2018", "--kind", "alliance"], "unknown kind 'alliance'"),
        (["rank", "POL", "--year", "2018", "--top", "0"], "option --top"),
        (["rank", "POL", "--year", "2018", "--weights", "absent.yaml"], "option --weights"),
        (["assess", "POL", "--year", "2018"], "missing argument 'B'"),
    ],
)
def test_bad_input_exits_2(
    weights_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    assert main(["partners", *args]) == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


def test_a_bad_weights_file_names_its_line(
    weights_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weights_file.write_text(WEIGHTS.replace("rivalry:", "rivalri:"), encoding="utf-8")
    args = ["partners", "rank", "POL", "--year", "2018", "--weights", str(weights_file)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{weights_file}:6, field 'challenge.rivalri'" in err.replace("\n", "")


def test_uncached_data_exits_3(empty_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "rank", "POL", "--year", "2018"]) == 3
    err = capsys.readouterr().err
    assert "allied data import" in err and "Traceback" not in err


def test_an_unknown_state_exits_2_before_reading_data(
    empty_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["partners", "assess", "POL", "Narnia", "--year", "2018"]) == 2
    err = capsys.readouterr().err
    assert "Narnia" in err and "Traceback" not in err


def test_rank_with_estimated_weights_runs_the_backtest_once(
    weights_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--weights estimated`` takes the backtest's weights for the kind, kept in the cache."""
    from allied.models import _partner_estimated

    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "cache"))
    runs: list[str] = []

    class Fitted:
        def to_weights_yaml(self, path: Path, *, mkdir: bool = False) -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            text = WEIGHTS.replace("name: cli test", "name: estimated, defense obligation")
            path.write_text(text, encoding="utf-8")
            return path

    def fake_backtest(**arguments: object) -> Fitted:
        runs.append(str(arguments["obligation"]))
        return Fitted()

    monkeypatch.setattr(_partner_estimated, "backtest", fake_backtest)
    args = ["partners", "rank", "POL", "--year", "2018", "-w", "estimated", "-k", "defense"]
    for _ in range(2):
        assert main([*args, "-f", "csv"]) == 0
        captured = capsys.readouterr()
        assert pd.read_csv(io.StringIO(captured.out)).iso3.tolist() == ["DEU", "GBR", "USA", "RUS"]
        assert "weights 'estimated, defense obligation'" in captured.err
    assert runs == ["defense"]
