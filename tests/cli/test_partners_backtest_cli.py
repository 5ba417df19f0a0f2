"""``allied partners backtest``: bad input exits 2 and missing data 3, before any fit.

The command is mounted on a small typer app here (the lead wires it into the
``partners`` group at merge); the real-data run is in
tests/validation/test_partner_backtest_real.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import typer.main

from allied.cli._options import command
from allied.cli._partners_backtest import backtest_command
from allied.errors import AlliedError


def run(args: list[str]) -> int:
    """Run the command as ``allied`` does: an AlliedError becomes its exit code."""
    app = typer.Typer()
    command(app, "backtest", "allied partners backtest")(backtest_command)
    typer_app = typer.Typer()
    typer_app.add_typer(app, name="partners")
    try:
        typer.main.get_command(typer_app).main(
            args=["partners", "backtest", *args], prog_name="allied", standalone_mode=False
        )
    except AlliedError as exc:
        return exc.exit_code
    return 0


@pytest.mark.parametrize(
    "args",
    [
        ["--out", "figures.txt"],
        ["--save-weights", "weights.json"],
        ["--obligation", "defence"],
        ["--train-through", "2018"],
        ["--years", "1800-1900"],
    ],
)
def test_bad_input_exits_2(args: list[str], empty_cache: Path, tmp_path: Path) -> None:
    assert run([part.replace("figures", str(tmp_path / "f")) for part in args]) == 2
    assert not list(tmp_path.glob("f*"))


def test_missing_data_exits_3(empty_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([]) == 3
    assert capsys.readouterr().out == ""
