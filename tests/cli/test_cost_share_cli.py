"""``allied cost-share``: methods, formats, the core line, and bad input (exit 2)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from allied.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cost-share"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["cost-share", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_f35_example_proportional_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "-m", "proportional", "-i", str(EXAMPLES / "f35-sustainment.yaml"), "-f", "csv"
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == ["player", "amount", "share_percent"]
    assert frame["share_percent"].round(3).tolist()[:4] == [76.993, 4.349, 3.152, 2.521]
    assert "Cost allocation: proportional" in err


def test_airport_example_nucleolus_and_core(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--method", "nucleolus", "--input", str(EXAMPLES / "airport-123.yaml"), "-f", "json"
    )
    assert code == 0, err
    records = json.loads(out)
    assert [r["amount"] for r in records] == pytest.approx([0.5, 0.75, 1.75])
    assert "in the core: yes" in err


def test_airport_method_and_shapley_agree(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "airport-123.yaml")
    _, airport, _ = run(capsys, "-m", "airport", "-i", path, "-f", "csv")
    _, shapley, _ = run(capsys, "-m", "shapley", "-i", path, "-f", "csv")
    a = pd.read_csv(io.StringIO(airport))["amount"]
    s = pd.read_csv(io.StringIO(shapley))["amount"]
    assert a.tolist() == pytest.approx(s.tolist())


def test_coalition_table_shapley_with_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "-m",
        "shapley",
        "-i",
        str(EXAMPLES / "joint-program-coalitions.yaml"),
        "--decimals",
        "2",
        "-f",
        "csv",
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert frame["amount"].tolist() == [4.25, 5.0, 2.75]
    assert "in the core: yes" in err


def test_formula_example_ties_usa_to_germany(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "-m", "formula", "-i", str(EXAMPLES / "nato-common-funding.yaml"), "-f", "csv"
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out)).set_index("player")
    assert frame.loc["USA", "amount"] == pytest.approx(frame.loc["DEU", "amount"])
    assert frame["amount"].sum() == pytest.approx(100)


def test_sampled_shapley_has_standard_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "requirements: {A: 1, B: 2, C: 3, D: 5}\n")
    args = ("-m", "shapley", "-i", str(path), "--samples", "500", "--seed", "3", "-f", "csv")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    again = run(capsys, *args)[1]
    assert out == again
    assert "standard_error" in pd.read_csv(io.StringIO(out)).columns


def test_equal_with_cost_option_and_out_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "players: [A, B, C]\n")
    out_file = tmp_path / "shares.csv"
    code, out, err = run(
        capsys,
        "-m",
        "equal",
        "-i",
        str(path),
        "--cost",
        "100",
        "--decimals",
        "2",
        "-f",
        "csv",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    assert out == ""
    frame = pd.read_csv(out_file)
    assert frame["amount"].tolist() == [33.34, 33.33, 33.33]


def test_help_documents_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for field in ("requirements", "coalitions", "equal_to", "caps", "key"):
        assert field in out


@pytest.mark.parametrize(
    ("text", "args", "where", "what"),
    [
        ("key: {USA: 10}\n", ["-m", "proportional"], "input.yaml", "no cost"),
        ("cost: 1\n", ["-m", "proportional"], "input.yaml", "needs the field 'key'"),
        (
            "cost: 1\nkey:\n  USA: 10\n  GBR: -2\n",
            ["-m", "proportional"],
            "input.yaml:4, field 'key.GBR'",
            "negative",
        ),
        (
            "cost: 1\nkey: {USA: 10, GBR: 2}\ncaps:\n  FRA: 0.1\n",
            ["-m", "formula"],
            "input.yaml:4, field 'caps.FRA'",
            "unknown member",
        ),
        (
            "coalitions:\n  A: 1\n  B: 2\n",
            ["-m", "shapley"],
            "field 'coalitions'",
            "no cost for coalition A+B",
        ),
        ("key: [1, 2\n", ["-m", "proportional"], "input.yaml:2", "not valid YAML"),
        (
            "cost: 1\nkeys: {A: 1}\n",
            ["-m", "proportional"],
            "input.yaml:2, field 'keys'",
            "unknown field",
        ),
        ("- 1\n- 2\n", ["-m", "equal"], "input.yaml", "YAML mapping"),
        (
            "requirements: {A: 1}\n",
            ["-m", "airport", "--cost", "3"],
            "option --cost",
            "does not apply",
        ),
        ("players: [A]\n", ["-m", "nucleolus"], "input.yaml", "needs a game"),
    ],
)
def test_bad_input_exits_2_naming_file_and_field(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    text: str,
    args: list[str],
    where: str,
    what: str,
) -> None:
    path = write(tmp_path, text)
    out_file = tmp_path / "out.csv"
    code, out, err = run(capsys, *args, "-i", str(path), "-o", str(out_file))
    assert code == 2, err
    assert where in err and what in err
    assert "Traceback" not in err
    assert out == "" and not out_file.exists()


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "-m", "equal", "-i", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "the file" in err and "nope.yaml' does not exist (option --input)" in err


def test_unknown_method_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "-m", "banzhaf", "-i", str(EXAMPLES / "airport-123.yaml"))
    assert code == 2
