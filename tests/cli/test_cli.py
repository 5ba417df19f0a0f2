"""The command line: output formats, files and exit codes."""

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest

from allied import __version__
from allied.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"allied {__version__}\n", "")


def test_resolve_prints_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "states", "resolve", "Korea, South") == (0, "KOR\n", "")
    assert run(capsys, "states", "resolve", "ROK", "--to", "cow")[1] == "732\n"
    assert (
        run(capsys, "states", "resolve", "Germany", "--to", "cow", "--on", "1960-01-01")[1]
        == "260\n"
    )


def test_resolve_unknown_exits_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "states", "resolve", "Narnia")
    assert code == 2 and out == ""
    assert "unknown state 'Narnia'" in err and "Did you mean" in err
    assert "Traceback" not in err


def test_resolve_ambiguous_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "states", "resolve", "840")
    assert code == 2 and "more than one state" in err and "--from" in err
    assert run(capsys, "states", "resolve", "840", "--from", "cow")[1] == "PHL\n"
    assert run(capsys, "states", "resolve", "AUS", "--from", "cow")[1] == "AUT\n"


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "members", "nato", "--on", "1949-02-30")
    assert code == 2 and "1949-02-30" in err


def test_members_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "members", "nato", "--on", "2000-01-01", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 19
    assert rows[0] == {
        "state": "BEL",
        "name": "Belgium",
        "role": "member",
        "joined": "1949-08-24",
        "as_of": "",
        "left": "",
        "suspended": "",
        "planned_quantity": "",
        "notes": "",
    }


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list", "--kind", "joint_program", "--format", "json")
    records = json.loads(out)
    assert code == 0
    assert {"f35_program", "gcap"} <= {r["id"] for r in records}
    assert all(r["kind"] == "joint_program" for r in records)
    assert records[0]["signed"] is None or len(records[0]["signed"]) == 10


def test_list_table_and_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list", "--member", "Japan")
    assert code == 0 and "us_japan_security_treaty" in out
    code, out, err = run(capsys, "catalog", "list", "--kind", "alliance")
    assert code == 2 and out == "" and "multilateral_alliance" in err


def test_partners_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "catalog", "partners", "Australia", "-f", "json", "--on", "2024-06-01"
    )
    assert code == 0 and "JPN" in {r["partner"] for r in json.loads(out)}
    code, out, _ = run(capsys, "catalog", "show", "aukus", "-f", "json")
    assert code == 0 and json.loads(out)["id"] == "aukus"
    code, out, _ = run(capsys, "catalog", "show", "AUKUS")
    assert code == 0 and "Australia" in out


def test_unknown_arrangement_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "show", "natoo")
    assert code == 2 and "Did you mean: nato" in err


def test_out_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sub" / "members.json"
    args = ["catalog", "members", "aukus", "-f", "json", "--out", str(target)]
    code, out, err = run(capsys, *args)  # the folder "sub" does not exist: refused
    assert code == 2 and "does not exist" in err and "--mkdir" in err
    assert not (tmp_path / "sub").exists()
    code, out, err = run(capsys, *args, "--mkdir")
    assert code == 0 and out == "" and "wrote 3 rows" in err
    assert {r["state"] for r in json.loads(target.read_text())} == {"AUS", "GBR", "USA"}


def test_cite(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cite", "nato", "states")
    assert code == 0
    assert "North Atlantic Treaty" in out and "Correlates of War" in out
    assert run(capsys, "cite", "nope")[0] == 2


def test_broken_catalog_exits_2_and_writes_nothing(
    tmp_path: Path, catalog_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nato = catalog_copy / "nato.yaml"
    nato.write_text(nato.read_text().replace("in_force: 1949-08-24", "in_force: 1949-02-30"))
    brief = tmp_path / "brief.html"
    brief.write_text("previous")
    code, out, err = run(capsys, "brief", "--catalog", str(catalog_copy), "--out", str(brief))
    assert code == 2 and out == ""
    assert err.startswith("error: invalid catalog: ")
    assert "nato.yaml:7, field 'in_force': '1949-02-30' is not a valid value" in err
    assert brief.read_text() == "previous"
    code, _, err = run(capsys, "catalog", "validate", str(catalog_copy))
    assert code == 2 and "1949-02-30" in err


def test_validate_embedded(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "validate")
    assert code == 0 and "arrangements valid" in err


def test_brief_writes_file_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "brief.html"
    code, out, err = run(capsys, "brief", "--out", str(target), "--on", "2025-01-01")
    assert code == 0 and target.stat().st_size > 1_000_000
    assert "Multilateral alliances" in out and "map of nato (32 members)" in err
    # The title counts what the table counts; the legal limits are named apart.
    title = re.search(r"Catalog: (\d+) collaboration arrangements as of 2025-01-01", out)
    rows = re.findall(r"│ [A-Z][\w -]+? +│ +(\d+) │", out)
    assert title is not None and int(title.group(1)) == sum(map(int, rows)) > 40
    assert "legal limits: export-control regimes, arms embargoes" in " ".join(out.split())


def test_missing_data_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from allied.cli import _app
    from allied.errors import DataNotAvailableError

    def unavailable(*args: object, **kwargs: object) -> None:
        raise DataNotAvailableError(
            "ATOP 5.1 is not in the cache",
            where="dataset atop",
            fix="Run `allied data import atop PATH`.",
        )

    monkeypatch.setattr(_app.states, "table", unavailable)
    code, out, err = run(capsys, "states", "list")
    assert (code, out) == (3, "")
    assert err == (
        "error: ATOP 5.1 is not in the cache (dataset atop). Run `allied data import atop PATH`.\n"
    )


def test_make_run_writes_the_brief_in_a_fresh_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's quick start: `make run` writes out/brief.html although out/ is not there."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n\t\$\(BIN\)/allied (.+)$", makefile, flags=re.MULTILINE)
    assert recipe is not None
    args = shlex.split(recipe.group(1))
    monkeypatch.chdir(tmp_path)
    without = [a for a in args if a != "--mkdir"]
    code, _, err = run(capsys, *without)  # refused at once: no folder made behind your back
    assert (
        code == 2 and "the folder 'out' does not exist" in err and not (tmp_path / "out").exists()
    )
    code, _, err = run(capsys, *args)
    assert code == 0 and (tmp_path / "out" / "brief.html").stat().st_size > 1_000_000


def test_validate_one_file_with_the_embedded_catalog(
    tmp_path: Path, catalog_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "catalog", "validate", str(catalog_copy / "aukus.yaml"))
    assert code == 0 and "aukus.yaml: valid (aukus, checked with the embedded catalog)" in err
    draft = tmp_path / "aukus.yaml"  # its parent link is checked against the embedded catalog
    draft.write_text((catalog_copy / "aukus.yaml").read_text() + "parent: no_such_thing\n")
    code, _, err = run(capsys, "catalog", "validate", str(draft))
    assert code == 2 and "no_such_thing" in err and "aukus.yaml" in err


def test_mkdir_creates_the_folders_of_every_output(
    tmp_path: Path, tiny_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "a" / "b" / "sy.csv"
    code, _, _ = run(capsys, "panel", "state-years", "--years", "1990", "--mkdir", "-o", str(table))
    assert code == 0 and table.read_text().startswith("ccode,year\n")
    graph, nodes = tmp_path / "g" / "atop.graphml", tmp_path / "n" / "nodes.csv"
    args = ["network", "--year", "1950", "--graph", str(graph), "-o", str(nodes), "-f", "csv"]
    assert run(capsys, *args)[0] == 2 and not graph.parent.exists()  # checked before any work
    assert run(capsys, *args, "--mkdir")[0] == 0
    assert graph.read_text().startswith("<graphml") and nodes.read_text().startswith("node,")


def test_unknown_option_lists_the_options_and_suggests_only_close_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "catalog", "members", "nato", "--colour")
    assert code == 2 and out == ""
    assert err == (
        "error: unknown option --colour (allied catalog members). The options of "
        "`allied catalog members` are: --on, --format, --out, --mkdir, --catalog, --help "
        "(`allied catalog members --help` explains them).\n"
    )
    code, _, err = run(capsys, "catalog", "members", "nato", "--verbose")
    assert code == 2 and "Did you mean" not in err
    code, _, err = run(capsys, "catalog", "members", "nato", "--of", "2000-01-01")
    assert code == 2 and "Did you mean --on? " in err
    code, _, err = run(capsys, "catalog", "members", "nato", "--catalgo", "x")
    assert code == 2 and "Did you mean --catalog? " in err
