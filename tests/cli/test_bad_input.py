"""Bad input to every command: exit 2 (3 for missing data), one paragraph, no traceback, no file.

Each row is (the command line, the input files it needs, the expected exit
code, a phrase of the message). Every row runs in a fresh working folder that
holds only its input files, and the test checks that the folder is exactly as
it was afterwards: nothing written, no folder created. Add rows with each new
command (``test_every_command_has_a_row`` fails until you do).

Rows marked ``MAIN`` are bugs reproduced on main before the fix (issue 12,
"Bad input that still escapes", and the ones found while auditing every
command): they failed there with a traceback, exit 0, a written file or a
misleading message.
"""

from __future__ import annotations

import io
import shlex
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pytest
import typer.main

from allied.cli import app, main

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = (ROOT / "tests" / "sharing" / "fixtures" / "coalition_bundle.json").read_bytes()
AUKUS = resources.files("allied.catalog").joinpath("data", "aukus.yaml").read_bytes()

#: Text in Latin-1, not UTF-8: "café" with the byte 0xe9.
LATIN = {
    "latin.yaml": b"title: caf\xe9\ncost: 10\nkey: {A: 1, B: 2}\n",
    "latin.json": b'{"type": "bundle", "id": "bundle--caf\xe9", "objects": []}',
    "latin.csv": b"ccode,year\n2,1990\n\xe9,1991\n",
}
FOLDER = None  # an input that is an (empty) folder
MAIN = True  # the row failed on main


@dataclass(frozen=True)
class Row:
    """One bad command line (``argv``) and what it must do."""

    argv: tuple[str, ...]
    code: int
    phrase: str
    files: dict[str, bytes | None] = field(default_factory=dict)
    failed_on_main: bool = False
    cache: str = "tiny"  # "tiny" (tests/conftest.py) or "empty"


def row(
    command: str,
    code: int,
    phrase: str,
    files: dict[str, bytes | None] | None = None,
    *,
    main_bug: bool = False,
    cache: str = "tiny",
) -> Row:
    return Row(tuple(shlex.split(command)), code, phrase, files or {}, main_bug, cache)


def latin(name: str) -> dict[str, bytes | None]:
    """The input file ``name`` holding the Latin-1 text of its kind."""
    return {name: LATIN["latin" + Path(name).suffix]}


ROWS = [
    # the root
    row("--colour", 2, "unknown option --colour (allied)", main_bug=MAIN),
    row("catalg list", 2, "Did you mean 'catalog'?", main_bug=MAIN),
    # catalog
    row("catalog list --colour", 2, "options of `allied catalog list` are: --kind", main_bug=MAIN),
    row("catalog list --formt csv", 2, "Did you mean --format?", main_bug=MAIN),
    row(
        "catalog list --active-on 1960-02-30",
        2,
        "1960-02-30 is not a date: February 1960 has 29 days (option --active-on)",
        main_bug=MAIN,
    ),
    row(
        "catalog list --catalog cat",
        2,
        "aukus.yaml:1: not UTF-8 text: byte 0xe9 at column 11",
        {"cat/aukus.yaml": LATIN["latin.yaml"]},
        main_bug=MAIN,
    ),
    row(
        "catalog list --catalog aukus.yaml",
        2,
        "is a file, not a folder (catalog path)",
        {"aukus.yaml": AUKUS},
        main_bug=MAIN,
    ),
    row("catalog list --catalog nowhere", 2, "'nowhere' does not exist"),
    row(
        "catalog show nato --out outdir",
        2,
        "'outdir' is a folder",
        {"outdir": FOLDER},
        main_bug=MAIN,
    ),
    row("catalog show nato --out missing/nato.txt", 2, "add --mkdir", main_bug=MAIN),
    row(
        "catalog members nato --out outdir -f csv",
        2,
        "'outdir' is a folder, not a file (option --out)",
        {"outdir": FOLDER},
        main_bug=MAIN,
    ),
    row(
        "catalog members nato --on 1960-02-30",
        2,
        "1960-02-30 is not a date: February 1960 has 29 days (option --on)",
        main_bug=MAIN,
    ),
    row(
        "catalog members nato --on 1960-2-3", 2, "not a date in the form YYYY-MM-DD", main_bug=MAIN
    ),
    row("catalog partners Narnia", 2, "unknown state 'Narnia'"),
    row("catalog embargoes Narnia", 2, "unknown state 'Narnia'"),
    row(
        "catalog embargoes PRK --imposed-by nobody",
        2,
        "unknown imposed_by 'nobody' (option --imposed-by)",
    ),
    row("catalog regimes USA Narnia", 2, "unknown state 'Narnia'"),
    row(
        "catalog regimes USA IND --on 2023-02-29",
        2,
        "2023-02-29 is not a date: February 2023 has 28 days (option --on)",
    ),
    row("catalog timeline natoo", 2, "Did you mean: nato"),
    row("catalog timeline", 2, "missing argument 'ARRANGEMENT'", main_bug=MAIN),
    row("catalog validate a b", 2, "unexpected extra argument", main_bug=MAIN),
    row(
        "catalog validate draft/aukus.yaml",
        2,
        "draft/aukus.yaml:1, field 'nickname': unknown field",
        {"draft/aukus.yaml": b"nickname: x\n" + AUKUS},
        main_bug=MAIN,
    ),
    row(
        "catalog validate latin.yaml",
        2,
        "'latin.yaml' is not UTF-8 text: byte 0xe9 at line 1, column 11",
        latin("latin.yaml"),
        main_bug=MAIN,
    ),
    # states
    row("states resolve Narnia", 2, "Did you mean"),
    row("states resolve Germany --on 2000-13-01", 2, "there is no month 13", main_bug=MAIN),
    row(
        "states list --out missing/states.csv",
        2,
        "the folder 'missing' does not exist",
        main_bug=MAIN,
    ),
    # cite and brief
    row("cite --out outdir", 2, "'outdir' is a folder", {"outdir": FOLDER}, main_bug=MAIN),
    row("cite nope", 2, "Did you mean"),
    row("brief --out missing/brief.html", 2, "add --mkdir to create it", main_bug=MAIN),
    row("brief --out outdir", 2, "is a folder", {"outdir": FOLDER}, main_bug=MAIN),
    row("brief --on 2025-02-29 --out b.html", 2, "February 2025 has 28 days", main_bug=MAIN),
    row("brief --network bogus --out b.html", 2, "unknown network choice bogus"),
    row("brief --network all,mission --out b.html", 2, "alliances and all may not"),
    # data
    row("data list --format xml", 2, "invalid value for option --format", main_bug=MAIN),
    row("data import nmc7 latin.csv", 2, "latin.csv", latin("latin.csv")),
    row("data import nmc7 nowhere.csv", 2, "no such file or folder"),
    row("data import cow-states,nope nowhere", 2, "no dataset called 'nope'"),
    row("data import , nowhere", 2, "no dataset named in ','", main_bug=MAIN),
    row("data pull nope", 2, "no dataset called 'nope'", main_bug=MAIN),
    row("data cite nope", 2, "no dataset called 'nope'"),
    # panel
    row(
        "panel state-years --years 1990-99999999999 --out sy.csv",
        2,
        "years 1990-99999999999 reach beyond the state system's data",
        main_bug=MAIN,
    ),
    row("panel state-years --years 1700-1800", 2, "which covers 1816-2016", main_bug=MAIN),
    row("panel state-years --out missing/sy.csv", 2, "'missing' does not exist", main_bug=MAIN),
    row("panel state-years --out sy.txt", 2, "End the file name with .parquet or .csv"),
    row("panel state-years", 3, "dataset 'cow-states': not cached", cache="empty", main_bug=MAIN),
    row(
        "panel dyad-years --years 1990-2000-3000",
        2,
        "cannot read years '1990-2000-3000'",
        main_bug=MAIN,
    ),
    row(
        "panel dyad-years --through 99999999", 2, "through=99999999 is in the future", main_bug=MAIN
    ),
    row("panel dyad-years --add atop,nmcc", 2, "unknown dataset to add: 'nmcc'"),
    row("panel state-years --add wars --out sy.csv", 2, "does not apply to state-year panels"),
    row("panel state-years --add mids --out sy.csv", 2, "needs a dyad-year panel"),
    row("panel dyad-years --add ucdp-onsets --out dy.csv", 2, "does not apply to dyad-year panels"),
    row("panel dyad-years --add peace-years --out dy.csv", 2, "--add mids,peace-years"),
    row("panel dyad-years --add contiguity --out dy.csv", 3, "not cached", cache="empty"),
    row("panel state-years --prd", 2, "unknown option --prd"),
    # similarity and network
    row(
        "similarity --years 1900-99999999 --out sim.csv",
        2,
        "reach beyond ATOP, which covers 1816-2018",
        main_bug=MAIN,
    ),
    row("similarity --out missing/sim.csv", 2, "'missing' does not exist", main_bug=MAIN),
    row(
        "network --year 1962 --graph g.graphml --out outdir",
        2,
        "'outdir' is a folder",
        {"outdir": FOLDER},
        main_bug=MAIN,
    ),
    row("network --year 1962 --graph missing/g.graphml", 2, "add --mkdir", main_bug=MAIN),
    row("network --source catalog --on 2025-02-30", 2, "February 2025 has 28 days", main_bug=MAIN),
    row("network --year 99999", 2, "outside ATOP's coverage"),
    row("network --year 1962.5", 2, "invalid value for option --year", main_bug=MAIN),
    # burden
    row(
        "burden table -a nato --years 1900-1901",
        2,
        "years 1900-1901 are outside source 'sipri', which covers 1949-2024",
        main_bug=MAIN,
    ),
    row(
        "burden table -a nato --years 1900-1901 --source nato",
        2,
        "which covers 2012-2024",
        main_bug=MAIN,
    ),
    row("burden table -a nato --years 2024 --source nato", 3, "not cached", cache="empty"),
    row("burden table -a nato --out missing/b.csv", 2, "'missing' does not exist", main_bug=MAIN),
    row(
        "burden table -a nato --source embedded --guidelines-on 2025-02-30",
        2,
        "February 2025 has 28 days (option --guidelines-on)",
    ),
    row("burden test -a nato --year 1900", 2, "year 1900 is outside source 'sipri'", main_bug=MAIN),
    row(
        "burden equilibrium --incomes 1e308,1e308",
        2,
        "the incomes are too large for the arithmetic",
        main_bug=MAIN,
    ),
    row(
        "burden equilibrium --incomes 1,2 --price 1e-320",
        2,
        "too large for the arithmetic",
        main_bug=MAIN,
    ),
    row(
        "burden equilibrium --incomes 1e-320,1 --price 1",
        2,
        "an income is too small for the arithmetic",
        main_bug=MAIN,
    ),
    row("burden equilibrium --incomes 1,x", 2, "income 'x' is not a number"),
    # cost sharing, voting power, programs
    row(
        "cost-share -m proportional --input latin.yaml",
        2,
        "'latin.yaml' is not UTF-8 text: byte 0xe9 at line 1, column 11 is not valid UTF-8 "
        "(option --input). Save the file as UTF-8",
        latin("latin.yaml"),
        main_bug=MAIN,
    ),
    row("cost-share -m equal --input outdir", 2, "outdir", {"outdir": FOLDER}),
    row("cost-share -m equal", 2, "missing option '--input'", main_bug=MAIN),
    row("cost-share -m banzhaf -i x.yaml", 2, "invalid value for option --method", main_bug=MAIN),
    row(
        "cost-share -m proportional --input examples/cost-share/f35-sustainment.yaml --out outdir",
        2,
        "'outdir' is a folder",
        {
            "outdir": FOLDER,
            "examples/cost-share/f35-sustainment.yaml": (
                ROOT / "examples" / "cost-share" / "f35-sustainment.yaml"
            ).read_bytes(),
        },
        main_bug=MAIN,
    ),
    row("voting-power --rule latin.yaml", 2, "UTF-8", latin("latin.yaml")),
    row(
        "voting-power --rule nato --out outdir", 2, "is a folder", {"outdir": FOLDER}, main_bug=MAIN
    ),
    row("program plan latin.yaml", 2, "is not UTF-8 text", latin("latin.yaml"), main_bug=MAIN),
    row("program plan nope", 2, "unknown program 'nope'"),
    row("program list --out missing/p.csv", 2, "'missing' does not exist", main_bug=MAIN),
    # partners
    row("partners assess POL Narnia --year 1990", 2, "unknown state 'Narnia'"),
    row("partners assess USA GBR --year 1700", 2, "year 1700 is outside"),
    row("partners assess USA GBR --year 1990 --out missing/a.csv", 2, "does not exist"),
    row("partners rank USA --year 1990 --kind alliance", 2, "unknown kind 'alliance'"),
    row("partners rank USA --year 1990 --top 0", 2, "option --top"),
    row("partners rank USA --year 1990 --weights latin.yaml", 2, "UTF-8", latin("latin.yaml")),
    row(
        "partners rank USA --year 1990 --weights w.yaml",
        2,
        "unknown indicator 'trust' (w.yaml:3, field 'fit.trust')",
        {"w.yaml": b"name: mine\nfit:\n  trust: {weight: 1, reason: a}\n"},
    ),
    row("partners rank POL --year 2018", 3, "allied data import", cache="empty"),
    row("partners backtest --obligation alliance", 2, "unknown obligation 'alliance'"),
    row("partners backtest --train-through 2030", 2, "leaves no test years"),
    row("partners backtest --years 1700-1800", 2, "outside ATOP, which covers 1816-2018"),
    row("partners backtest --out figures.txt", 2, "End the file name with .csv or .json"),
    row("partners backtest --save-weights w.txt", 2, "End the file name with .yaml"),
    row("partners backtest", 3, "allied data import", cache="empty"),
    # sharing
    row(
        'sharing decide -m "TLP:AMBER" --to GBR --on 1960-02-30',
        2,
        "February 1960 has 29 days",
        main_bug=MAIN,
    ),
    row('sharing decide -m "SECRET//REL TO NARNIA" --to GBR', 2, "NARNIA"),
    row(
        "sharing filter latin.json --to GBR",
        2,
        "'latin.json' is not UTF-8 text: byte 0xe9 at line 1, column 38",
        latin("latin.json"),
        main_bug=MAIN,
    ),
    row(
        "sharing filter bundle.json --to GBR --out outdir",
        2,
        "is a folder",
        {"bundle.json": BUNDLE, "outdir": FOLDER},
        main_bug=MAIN,
    ),
    row(
        "sharing filter bundle.json --to GBR --out missing/gbr.json",
        2,
        "add --mkdir",
        {"bundle.json": BUNDLE},
        main_bug=MAIN,
    ),
    row("sharing serve --port 99999", 2, "port 99999 is out of range"),
    row(
        "sharing push latin.json --url http://127.0.0.1:9/api/collections/x/ --key k",
        2,
        "not UTF-8 text",
        latin("latin.json"),
    ),
    row(
        "sharing push nowhere.json --url http://127.0.0.1:9/api/collections/x/ --key k",
        2,
        "nowhere.json",
    ),
    row(
        "sharing users add ann --nation USA --clearance S --read a --read-all",
        2,
        "both --read and --read-all given",
    ),
    row("sharing users list --db bogus://x", 2, "unsupported database URL"),
    row("sharing users rotate-key ann --expires tomorrow", 2, "'tomorrow' is not an expiry"),
    row("sharing users revoke ann --db bogus://x", 2, "unsupported database URL"),
    row(
        "sharing collections add c --title T --db sqlite:///missing/x.db",
        2,
        "folder 'missing' does not exist",
    ),
    row(
        "sharing collections list --out outdir", 2, "is a folder", {"outdir": FOLDER}, main_bug=MAIN
    ),
    row("sharing audit verify --db sqlite:///missing/x.db", 2, "does not exist"),
    row("sharing audit list --nation XXZ", 2, "'XXZ' is not an ISO 3166-1 alpha-3 code"),
    row("sharing audit show 3 --db sqlite:///missing/x.db", 2, "does not exist"),
    row("sharing audit export --since 2024-02-30", 2, "February 2024 has 29 days"),
    row("sharing audit archive --before 2 --out missing/a.jsonl", 2, "does not exist"),
]


def _tree(folder: Path) -> dict[str, tuple[bool, int, int]]:
    """Every path below ``folder``: whether a folder, its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.is_dir(), path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


def _setup(folder: Path, files: dict[str, bytes | None]) -> None:
    for name, content in files.items():
        path = folder / name
        if content is None:
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


@pytest.mark.filterwarnings("error")  # an overflow warning is an escape too
@pytest.mark.parametrize("case", ROWS, ids=[" ".join(r.argv) for r in ROWS])
def test_bad_input(
    case: Row,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    request.getfixturevalue("tiny_cache" if case.cache == "tiny" else "empty_cache")
    work = tmp_path / "work"
    work.mkdir()
    _setup(work, case.files)
    monkeypatch.chdir(work)
    monkeypatch.setenv("ALLIED_SHARING_DB", f"sqlite:///{work}/missing/sharing.db")
    before = _tree(work)
    code = main(list(case.argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == case.code, err
    assert case.phrase in err
    assert err.startswith("error: ") and err.count("\n") == 1, "one paragraph on one line"
    assert _tree(work) == before, "nothing written, no folder created"


def _command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    children = getattr(command, "commands", None)
    if not children:
        return [prefix]
    paths: list[tuple[str, ...]] = []
    for name, child in children.items():
        paths.extend(_command_paths(child, (*prefix, name)))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_every_command_has_a_row() -> None:
    assert len(COMMANDS) >= 34
    missing = [
        " ".join(path) for path in COMMANDS if not any(r.argv[: len(path)] == path for r in ROWS)
    ]
    assert missing == []


@pytest.mark.parametrize("command", ["filter", "push"])
def test_non_utf8_on_standard_input(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-`` reads the bundle from standard input, with the same checks as a file."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(LATIN["latin.json"])))
    options = (
        ["--to", "GBR"] if command == "filter" else ["--url", "http://127.0.0.1:9/", "--key", "k"]
    )
    assert main(["sharing", command, "-", *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: standard input is not UTF-8 text: byte 0xe9 at line 1")
