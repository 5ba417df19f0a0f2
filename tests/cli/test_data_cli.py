"""``allied data``: list, import, pull and cite, with their exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allied import sources
from allied.cli import main

STATES = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
USA,2,United States of America,1816,1,1,2016,12,31,2016
CAN,20,Canada,1920,1,10,2016,12,31,2016
UKG,200,United Kingdom,1816,1,1,2016,12,31,2016
"""

NAMES = [d.name for d in sources.datasets()]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ALLIED_DATA_DIR", str(root))
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def states_file(tmp_path: Path, text: str = STATES) -> Path:
    path = tmp_path / "download" / "states2016.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_list_table(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "data", "list")
    assert code == 0 and err == ""
    assert f"Datasets (cache: {cache})" in out
    lines = out.splitlines()
    for name in NAMES:
        row = next(line for line in lines if f" {name} " in line)
        assert "False" in row
    atop = next(line for line in lines if " atop " in line)
    assert "5.1" in atop and "1815-2018" in atop


def test_list_json_after_an_import(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "data", "import", "cow-states", str(states_file(tmp_path)))[0] == 0
    code, out, _ = run(capsys, "data", "list", "--format", "json")
    records = json.loads(out)
    assert code == 0
    assert [r["name"] for r in records] == NAMES
    by_name = {r["name"]: r for r in records}
    assert by_name["cow-states"] | {"imported_at": None} == {
        "name": "cow-states",
        "title": "Correlates of War State System Membership",
        "version": "2016",
        "coverage": "1816-2016",
        "cached": True,
        "rows": 3,
        "known_release": False,
        "imported_at": None,
    }
    assert by_name["cow-states"]["imported_at"] == sources.manifest()["cow-states"].imported_at
    for name in NAMES[1:]:
        assert by_name[name]["cached"] is False
        assert by_name[name]["rows"] is None and by_name[name]["imported_at"] is None


def test_import_reports_rows(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "data", "import", "cow-states", str(states_file(tmp_path)))
    assert code == 0 and out == ""
    assert "spells: states2016.csv, 3 rows" in err
    assert "(not the registered release)" in err
    assert f"imported cow-states 2016 into {cache}" in err
    assert (cache / "cow-states" / "spells.parquet").is_file()
    assert sources.manifest()["cow-states"].rows == 3


def test_import_of_a_bad_file_exits_2_and_names_the_row(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = states_file(tmp_path, STATES.replace(",1920,", ",19x0,"))
    code, out, err = run(capsys, "data", "import", "cow-states", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("error: cow-states: '19x0' is not an int")
    assert "(states2016.csv, row 2 (line 3), column 'styear')" in err
    assert "Traceback" not in err
    assert not cache.exists()


def test_import_of_a_missing_path_exits_2(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "data", "import", "atop", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file or folder" in err and "Traceback" not in err


def test_import_of_an_unknown_dataset_exits_2(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "data", "import", "nosuch", str(states_file(tmp_path)))
    assert code == 2 and out == ""
    assert "no dataset called 'nosuch'" in err and "allied data list" in err
    assert "Traceback" not in err
    assert not cache.exists()


def test_pull_without_a_download_exits_3(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "data", "pull", "sipri-trade")
    assert code == 3 and out == ""
    assert "error: sipri-trade cannot be pulled" in err
    assert "allied data import sipri-trade PATH" in err
    assert "Traceback" not in err


def test_pull_unreachable_mirror_exits_3(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/states2016.csv"
    code, _, err = run(capsys, "data", "pull", "cow-states", "--url", url)
    assert code == 3 and "allied data import cow-states PATH" in err
    assert "Traceback" not in err


def test_cite(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "data", "cite", "atop")
    assert code == 0
    assert out.startswith("Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).")
    assert "https://doi.org/10.1080/03050620213653" in out
    assert "Licence: Free for research use with citation (ATOP project).\n" in out
    assert out.endswith("Homepage: http://www.atopdata.org/data.html\n")


def test_cite_bibtex(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "data", "cite", "atop", "--bibtex")
    assert code == 0
    assert out.startswith("@article{leeds2002atop,\n")
    assert "doi = {10.1080/03050620213653}" in out
    assert out.endswith("}\n")
    assert out == sources.dataset("atop").bibtex + "\n"


def test_cite_unknown_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "data", "cite", "nmc")
    assert code == 2 and out == ""
    assert "Did you mean: nmc6, nmc7" in err or "Did you mean: nmc7, nmc6" in err


def test_top_level_cite_accepts_dataset_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "sipri-milex", "atop"]) == 0
    out = capsys.readouterr().out
    assert out.count("https://www.sipri.org/databases/milex") == 1
    assert "Leeds, Brett Ashley" in out  # the built-in ATOP group, not the dataset


PEACESCIENCER = ("cow-contiguity", "cow-capitals", "democracy", "cow-mids", "cow-igos")


def test_several_datasets_import_from_one_folder(
    cache: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = shared_data / "peacesciencer"
    code, out, err = run(capsys, "data", "import", ",".join(PEACESCIENCER), str(folder))
    assert code == 0 and out == ""
    for name in PEACESCIENCER:
        assert f"imported {name} " in err
    assert set(PEACESCIENCER) <= set(sources.manifest())
    assert sources.manifest()["cow-igos"].rows == 917_695 + 15_557  # dyads and state-years


def test_an_unknown_name_among_several_imports_none(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "data", "import", "cow-states,nosuch", str(states_file(tmp_path)))
    assert code == 2 and "no dataset called 'nosuch'" in err and "Traceback" not in err
    assert not cache.exists()  # cow-states, named first, was not imported either
