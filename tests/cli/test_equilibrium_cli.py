"""The equilibrium command (``allied burden equilibrium``): output formats and bad input.

The command is registered on a local Typer app here; when ``allied burden
equilibrium`` exists, the last tests also drive it through :func:`allied.cli.main`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from allied.cli._equilibrium import equilibrium_command, parse_incomes
from allied.cli._options import command
from allied.cli._output import Format
from allied.errors import InputError

app = typer.Typer()
# Registered as `allied burden equilibrium` is: library errors about "argument alpha" then
# name "option --alpha" (allied.cli._options.Command).
command(app, "equilibrium")(equilibrium_command)


@app.callback()
def _group() -> None:
    """A group, so that the command is invoked by name as under ``allied burden``."""


runner = CliRunner()


def invoke(*args: str) -> pd.DataFrame | None:
    result = runner.invoke(app, ["equilibrium", *args])
    assert result.exit_code == 0, result.output
    if "--format" in args or "-f" in args:
        return pd.read_csv(io.StringIO(result.stdout)) if "csv" in args else None
    return None


def test_table_and_summary() -> None:
    result = runner.invoke(app, ["equilibrium", "--incomes", "USA=100,UK=80,FRA=60"])
    assert result.exit_code == 0, result.output
    assert "USA" in result.stdout and "share_of_income" in result.stdout
    assert "0.6667" in result.stdout  # rounded for the terminal
    assert "equilibrium G     60" in result.stderr
    assert "efficient G       120" in result.stderr
    assert "free riders       FRA" in result.stderr


def test_csv_has_one_row_per_ally() -> None:
    table = invoke("--incomes", "100,80,60", "--format", "csv")
    assert table is not None
    assert list(table.columns) == [
        "name",
        "income",
        "contribution",
        "share_of_total",
        "share_of_income",
        "free_rider",
    ]
    assert table["name"].tolist() == [1, 2, 3]
    assert table["contribution"].tolist() == pytest.approx([40, 20, 0])
    assert table["free_rider"].tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("technology", "contributions"),
    [("weakest-link", [30, 30, 30]), ("best-shot", [50, 0, 0]), ("weakest_link", [30, 30, 30])],
)
def test_technologies(technology: str, contributions: list[float]) -> None:
    table = invoke("--incomes", "100,80,60", "--technology", technology, "-f", "csv")
    assert table is not None
    assert table["contribution"].tolist() == pytest.approx(contributions)


def test_alpha_and_price() -> None:
    table = invoke("--incomes", "500,300,100", "--alpha", "0.4", "--price", "2", "-f", "csv")
    assert table is not None
    assert table["contribution"].tolist() == pytest.approx([100, 0, 0])


def test_json_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "eq.json"
    result = runner.invoke(
        app, ["equilibrium", "--incomes", "USA=100,UK=80", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    records = json.loads(out.read_text())
    assert [r["name"] for r in records] == ["USA", "UK"]
    assert records[0]["free_rider"] is False
    assert f"wrote 2 rows to {out}" in result.stderr


def test_parse_incomes() -> None:
    assert parse_incomes(" 100, 80 ,60") == [100.0, 80.0, 60.0]
    assert parse_incomes("USA=100, UK = 80") == {"USA": 100.0, "UK": 80.0}
    assert parse_incomes("1e3") == [1000.0]


@pytest.mark.parametrize(
    ("args", "where", "text"),
    [
        (["--incomes", "100,abc"], "option --incomes", "not a number"),
        (["--incomes", ""], "option --incomes", "no incomes"),
        (["--incomes", "100,,60"], "option --incomes", "empty item"),
        (["--incomes", "USA=100,80"], "option --incomes", "mixed named"),
        (["--incomes", "=100"], "option --incomes", "no name"),
        (["--incomes", "USA=1,USA=2"], "option --incomes", "more than once"),
        (["--incomes", "100,inf"], "option --incomes", "not finite"),
        (["--incomes", "100,0"], "option --incomes", "must be positive"),
        (["--incomes", "100,-80"], "option --incomes", "must be positive"),
        (["--incomes", "100", "--alpha", "1"], "option --alpha", "between 0 and 1"),
        (["--incomes", "100", "--price", "0"], "option --price", "must be positive"),
        (["--incomes", "100", "--technology", "sum"], "option --technology", "unknown"),
    ],
)
def test_bad_input_raises_input_error(args: list[str], where: str, text: str) -> None:
    result = runner.invoke(app, ["equilibrium", *args])
    assert isinstance(result.exception, InputError), result.output
    assert text in result.exception.what
    assert result.exception.where == where


def test_format_choices_are_the_shared_ones() -> None:
    result = runner.invoke(app, ["equilibrium", "--incomes", "1", "-f", "xml"])
    assert result.exit_code == 2
    assert {f.value for f in Format} == {"table", "csv", "json"}


# --------------------------------------------------------------------------- allied burden


def _registered() -> bool:
    from allied.cli import app as allied_app

    root = get_command(allied_app)
    burden = getattr(root, "commands", {}).get("burden")
    return burden is not None and "equilibrium" in getattr(burden, "commands", {})


needs_burden = pytest.mark.skipif(
    not _registered(), reason="`allied burden equilibrium` is not registered yet"
)


@needs_burden
def test_allied_burden_equilibrium(capsys: pytest.CaptureFixture[str]) -> None:
    from allied.cli import main

    code = main(["burden", "equilibrium", "--incomes", "USA=100,UK=80,FRA=60", "-f", "csv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table["contribution"].tolist() == pytest.approx([40, 20, 0])
    assert "equilibrium G     60" in err


@needs_burden
@pytest.mark.parametrize(
    "args",
    [
        ["--incomes", "100,-80"],
        ["--incomes", "100", "--alpha", "1.5"],
        ["--incomes", "100", "--technology", "median"],
    ],
)
def test_allied_burden_equilibrium_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    from allied.cli import main

    assert main(["burden", "equilibrium", *args]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
