"""``allied panel`` on the tiny cache: files written, values, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from allied.cli import main
from allied.panel import add_atop, add_nmc, dyad_years, registered_steps, state_years

STEPS = registered_steps()


def test_dyad_years_to_parquet_equals_the_api(tiny_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "dyads.parquet"
    code = main(
        [
            "panel",
            "dyad-years",
            "--system",
            "cow",
            "--through",
            "2020",
            "--add",
            "atop,nmc",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    written = pd.read_parquet(out)
    expected = dyad_years("cow", through=2020).pipe(add_atop).pipe(add_nmc).frame
    pd.testing.assert_frame_equal(written, expected)


def test_state_years_csv_on_stdout(tiny_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", "state-years", "--years", "1990", "--add", "majors,catalog:nato"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == ["ccode", "year", "cowmaj", "catalog_nato"]
    assert frame.set_index("ccode").loc[2, "cowmaj"] == 1
    assert frame.set_index("ccode").loc[260, "catalog_nato"] == 1


def test_undirected_years_window(tiny_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "u.csv"
    assert (
        main(["panel", "dyad-years", "--undirected", "--years", "1950-1951", "--out", str(out)])
        == 0
    )
    frame = pd.read_csv(out)
    assert (frame.ccode1 < frame.ccode2).all()
    assert sorted(set(frame.year)) == [1950, 1951]


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--add", "cinc"], 2, "unknown dataset to add: 'cinc'"),
        (["--out", "dyads.txt"], 2, "End the file name with .parquet or .csv"),
        (["--system", "iso"], 2, "unknown state system"),
        (["--add", "nmc6"], 3, "allied data pull nmc6"),
    ],
)
def test_errors_exit_with_a_message_and_write_nothing(
    tiny_cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    text: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["panel", "dyad-years", *args]) == code
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err
    assert not (tmp_path / "dyads.txt").exists()


#: Steps for dyad-years only (their data are dyadic, as in peacesciencer), and steps that
#: need another step's columns first.
DYAD_ONLY = {"wars", "mids", "cow-mids", "gml-mids", "peace-years"}
AFTER = {"peace-years": "mids"}


@pytest.mark.parametrize("name", STEPS)
def test_every_registry_step_is_an_add_name_equal_to_the_api(
    cache_with_nmc6: Path, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "sy.parquet"
    unit, build = ("dyad-years", dyad_years) if name in DYAD_ONLY else ("state-years", state_years)
    names = [AFTER[name], name] if name in AFTER else [name]
    add = ",".join(names)
    assert main(["panel", unit, "--years", "1990", "--add", add, "--out", str(out)]) == 0
    expected = build("cow", years="1990")
    for step in names:
        expected = expected.pipe(STEPS[step])
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected.frame)


def test_dispute_steps_on_state_years_exit_2_saying_why(
    tiny_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["panel", "state-years", "--years", "1990", "--add", "mids"]) == 2
    err = capsys.readouterr().err
    assert "add_cow_mids needs a dyad-year panel" in err and "Traceback" not in err
    assert main(["panel", "dyad-years", "--years", "1990", "--add", "peace-years"]) == 2
    assert "--add mids,peace-years" in capsys.readouterr().err


def test_a_step_that_does_not_fit_the_unit_exits_2_with_its_reason(
    tiny_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["panel", "state-years", "--years", "1990", "--add", "wars"]) == 2
    err = capsys.readouterr().err
    assert "add_cow_wars does not apply to state-year panels" in err and "Traceback" not in err


def test_help_and_errors_list_the_registry_steps_and_the_special_forms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listing = ", ".join([*STEPS, "catalog:ID[+ID…]", "similarity[:MEASURE+…]"])
    assert listing.startswith("majors, atop, nmc6, nmc, milex, arms-transfers, gdp, ideal-points, ")
    assert main(["panel", "dyad-years", "--help"]) == 0
    # Compared without whitespace: the help wraps long step names at their hyphens.
    unwrapped = "".join(capsys.readouterr().out.split())
    assert "".join(f"Comma-separated datasets to join: {listing}.".split()) in unwrapped
    assert main(["panel", "state-years", "--add", "cinc"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"Use any of: {', '.join(STEPS)}, catalog:ID[+ID…] (e.g. catalog:nato), or " in err
    assert "similarity[:MEASURE+…] (e.g. similarity:s_abs+kappa)." in err


def test_no_registry_step_is_hidden_by_a_special_form() -> None:
    assert not [name for name in STEPS if name.startswith(("similarity", "catalog"))]


def test_the_report_names_the_state_system_and_each_dataset(
    tiny_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sy.csv"
    assert main(["panel", "state-years", "--add", "gdp,majors", "--out", str(out)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "(sources: cow-states, world-bank-gdp; `allied data cite NAME` for citations)" in err
