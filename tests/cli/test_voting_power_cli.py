"""``allied voting-power``: output formats, the summary line, and bad rules (exit 2)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from allied.cli import app, main

runner = CliRunner()


def test_table_and_stderr_line() -> None:
    result = runner.invoke(app, ["voting-power", "--rule", "eec-1958"])
    assert result.exit_code == 0, result.output
    assert "LUX" in result.stdout and "shapley_shubik" in result.stdout
    assert "0.238095" in result.stdout
    assert "EEC Council of Ministers, qualified majority (1958): 14 winning coalitions" in (
        result.stderr
    )


def test_csv_one_row_per_member() -> None:
    result = runner.invoke(app, ["voting-power", "--rule", "unsc", "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns) == [
        "player",
        "veto",
        "banzhaf",
        "banzhaf_absolute",
        "shapley_shubik",
        "swings",
    ]
    assert len(table) == 15 and table["veto"].sum() == 5
    assert table["shapley_shubik"].iloc[0] == pytest.approx(421 / 2145)
    assert "848 winning coalitions of 32,768" in result.stderr


def test_json_to_file(tmp_path: Path) -> None:
    out = tmp_path / "eu.json"
    result = runner.invoke(app, ["voting-power", "-r", "eu-council", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text())
    assert len(records) == 27 and records[0]["player"] == "DEU"
    assert records[0]["population"] == 83_445_000
    assert sum(r["banzhaf"] for r in records) == pytest.approx(1.0)
    assert "17,762,668 winning coalitions" in result.stderr


def test_rule_file(tmp_path: Path) -> None:
    path = tmp_path / "trio.yaml"
    text = (Path(__file__).parents[2] / "src/allied/catalog/rules/eec-1958.yaml").read_text()
    path.write_text(text.replace("at_least: 12", "at_least: 9"), encoding="utf-8")
    result = runner.invoke(app, ["voting-power", "--rule", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(io.StringIO(result.stdout))["banzhaf"].iloc[4] > 0  # LUX matters now


def test_unknown_rule_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voting-power", "--rule", "qmv"]) == 2
    err = capsys.readouterr().err
    assert "no decision rule 'qmv' (option --rule)" in err
    assert "eu-council, eu-council-unanimity, nato, unsc" in err
    assert "Traceback" not in err


def test_bad_rule_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    text = (Path(__file__).parents[2] / "src/allied/catalog/rules/unsc.yaml").read_text()
    path.write_text(text.replace("vetoes: [CHN,", "vetoes: [XXX,"), encoding="utf-8")
    assert main(["voting-power", "--rule", str(path)]) == 2
    err = capsys.readouterr().err
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("vetoes"))) + 1
    assert f"bad.yaml:{line}, field 'vetoes[0]'" in err and "not a member" in err
    assert "Traceback" not in err
