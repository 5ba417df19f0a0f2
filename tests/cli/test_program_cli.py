"""``allied program plan`` and ``allied program list`` through :func:`allied.cli.main`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from allied.cli import main

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "examples" / "programs" / "illustrative_fighter.yaml"
)


def test_plan_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["program", "plan", "eurofighter", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    frame = pd.read_csv(io.StringIO(captured.out))
    assert frame["state"].tolist() == ["GBR", "DEU", "ITA", "ESP"]
    assert (100 * frame["cost_share"]).round(2).tolist() == [37.42, 29.03, 19.52, 14.03]
    assert "Assumptions (not published figures)" in captured.err


def test_plan_table_and_json_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["program", "plan", "f35"]) == 0
    assert "0.7699" in capsys.readouterr().out
    out = tmp_path / "plan.json"
    assert main(["program", "plan", "gcap", "-f", "json", "-o", str(out)]) == 0
    records = json.loads(out.read_text())
    assert [r["state"] for r in records] == ["GBR", "ITA", "JPN"]


def test_plan_work_shares_of_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["program", "plan", str(EXAMPLE), "--show", "work-shares", "-f", "csv"]) == 0
    report = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(report["scope"]) == {"global", "program"}
    assert report["within_tolerance"].all()
    assert main(["program", "plan", str(EXAMPLE), "--show", "packages", "-f", "csv"]) == 0
    assignment = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(assignment) == 12 and assignment["partner"].notna().all()


def test_errors_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["program", "plan", "f35", "--show", "packages"]) == 2
    assert "has no work packages" in capsys.readouterr().err
    assert main(["program", "plan", "typhoon"]) == 2
    err = capsys.readouterr().err
    assert "unknown program 'typhoon'" in err and "Traceback" not in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: Bad\npartners: []\n", encoding="utf-8")
    assert main(["program", "plan", str(bad)]) == 2
    assert f"{bad}:3" in capsys.readouterr().err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["program", "list", "-f", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert frame["id"].tolist() == ["a400m", "eurofighter", "f35", "gcap"]
    assert frame.set_index("id").loc["f35", "planned_quantity"] == 3173
