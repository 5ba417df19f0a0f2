"""``allied similarity`` and ``allied panel ... --add similarity`` on the tiny cache."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from allied.cli import main


def test_similarity_writes_every_dyad_year(tiny_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "sim.parquet"
    args = ["similarity", "--measures", "s_abs,kappa", "--years", "1948", "--out", str(out)]
    assert main(args) == 0
    table = pd.read_parquet(out)
    assert list(table.columns) == ["ccode1", "ccode2", "year", "s_abs", "kappa"]
    assert len(table) == 9
    usa_uk = table[(table.ccode1 == 2) & (table.ccode2 == 200)].iloc[0]
    assert usa_uk.s_abs == pytest.approx(-1 / 3)  # hand-computed in tests/measures


def test_similarity_csv_without_self_pairs(
    tiny_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["similarity", "--years", "1950", "--no-self"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(table) == 6 and (table.ccode1 != table.ccode2).all()


def test_panel_add_similarity(tiny_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", "dyad-years", "--years", "1948", "--add", "similarity:s_abs+pi"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table.columns) == ["ccode1", "ccode2", "year", "s_abs", "pi"]


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--measures", "sallyva"], 2, "unknown similarity measure"),
        (["--coding", "ordinal"], 2, "unknown coding"),
        (["--out", "x.xlsx"], 2, "End the file name with .parquet or .csv"),
        (["--measures", "s_abs_cinc", "--years", "1990"], 0, ""),
    ],
)
def test_similarity_errors(
    tiny_cache: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    text: str,
) -> None:
    assert main(["similarity", *args]) == code
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


def test_similarity_without_atop_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "empty"))
    assert main(["similarity"]) == 3
    assert "allied data pull" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("measures", "sources"),
    [("s_abs,kappa", "cow-states, atop;"), ("s_abs,pi_cinc", "cow-states, atop, nmc7;")],
)
def test_similarity_names_the_sources_of_its_result(
    tiny_cache: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    measures: str,
    sources: str,
) -> None:
    out = tmp_path / "sim.csv"
    assert main(["similarity", "--measures", measures, "--years", "1990", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"(sources: {sources} `allied data cite NAME` for citations)" in err
