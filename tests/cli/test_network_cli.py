"""``allied network``: the node table, the summary line, graph files and exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from allied.cli import main

# Real COW codes: a NATO-like alliance (USA, UK, France) and a Warsaw-Pact-like
# one (USSR, Poland, the GDR), both with defense obligations, in ATOP 5.1's
# member-file format.
STATES = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
USA,2,United States of America,1816,1,1,2016,12,31,2016
UKG,200,United Kingdom,1816,1,1,2016,12,31,2016
FRN,220,France,1816,1,1,2016,12,31,2016
GDR,265,German Democratic Republic,1954,3,25,1990,10,2,2016
POL,290,Poland,1918,11,3,2016,12,31,2016
RUS,365,Russia,1816,1,1,2016,12,31,2016
"""
_HEADER = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    "defense,offense,neutral,nonagg,consul"
)
MEMBERS = (
    _HEADER
    + """
3180,2,1949,8,24,0,0,,0,1,0,0,0,1
3180,200,1949,8,24,0,0,,0,1,0,0,0,1
3180,220,1949,8,24,0,0,,0,1,0,0,0,1
3285,365,1955,5,14,1991,7,1,0,1,0,0,0,0
3285,290,1955,5,14,1991,7,1,0,1,0,0,0,0
3285,265,1955,5,14,1990,10,2,0,1,0,0,0,0
"""
)
ALLIANCES = "atopid,begyr,asymm\n3180,1949,0\n3285,1955,0\n"
STATE_YEARS = "state,year,atopally,defense,offense,neutral,nonagg,consul\n2,1962,1,1,0,0,0,1\n"


@pytest.fixture
def network_cache(build_cache: Callable[[dict[str, dict[str, str]]], Path]) -> Path:
    """A cache holding the tiny COW system and ATOP files above."""
    atop = {"atop5_1m.csv": MEMBERS, "atop5_1a.csv": ALLIANCES, "atop5_1sy.csv": STATE_YEARS}
    return build_cache({"cow-states": {"states2016.csv": STATES}, "atop": atop})


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_and_summary(network_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "network", "--year", "1962", "--obligation", "defense")
    assert code == 0
    assert "ATOP 1962 defense network: top 6 of 6 states by degree" in out
    assert "United States" in out and "German Democratic Republic" in out
    assert "6 states, 6 ties, density 0.400, 2 communities" in err
    assert "polarization (modularity Q) 0.500" in err and "ties across blocs 0" in err


def test_csv_top_and_out(
    network_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "network", "--year", "1962", "--top", "2", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2
    assert list(rows[0]) == [
        "node",
        "name",
        "degree",
        "strength",
        "betweenness",
        "eigenvector",
        "community",
    ]
    target = tmp_path / "nodes.json"
    code, out, err = run(capsys, "network", "--year", "1962", "-f", "json", "--out", str(target))
    records = json.loads(target.read_text("utf-8"))
    assert code == 0 and out == "" and len(records) == 6
    assert {r["node"] for r in records} == {2, 200, 220, 265, 290, 365}
    assert f"wrote 6 rows to {target}" in err


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_writes_the_graph(
    suffix: str, network_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"atop1962{suffix}"
    code, _, err = run(capsys, "network", "--year", "1962", "--graph", str(target))
    assert code == 0 and f"wrote 6 nodes and 6 edges to {target}" in err
    if suffix == ".graphml":
        back = nx.read_graphml(target, node_type=int)
    elif suffix == ".gexf":
        back = nx.read_gexf(target, node_type=int)
    else:
        back = nx.node_link_graph(json.loads(target.read_text("utf-8")), edges="edges")
    assert sorted(back.nodes) == [2, 200, 220, 265, 290, 365]
    assert back.number_of_edges() == 6 and back.has_edge(2, 200) and not back.has_edge(2, 365)


def test_bad_graph_suffix_exits_2_before_writing(
    network_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "nodes.csv"
    code, out, err = run(
        capsys,
        "network",
        "--year",
        "1962",
        "--graph",
        str(tmp_path / "g.txt"),
        "--out",
        str(out_file),
    )
    assert code == 2 and out == ""
    assert "unknown graph format '.txt'" in err and ".graphml, .gexf, .json" in err
    assert "Traceback" not in err
    assert not out_file.exists() and not (tmp_path / "g.txt").exists()


def test_input_errors_exit_2(network_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "network", "--year", "2019")
    assert code == 2 and "outside ATOP's coverage, 1815-2018" in err
    code, _, err = run(capsys, "network")
    assert code == 2 and "--year is required" in err
    code, _, err = run(capsys, "network", "--source", "catalog", "--year", "1962")
    assert code == 2 and "--year does not apply to --source catalog" in err
    code, _, err = run(capsys, "network", "--year", "1962", "--on", "2025-01-01")
    assert code == 2 and "--on does not apply" in err
    code, _, _ = run(capsys, "network", "--year", "1962", "--obligation", "alliance")
    assert code == 2


def test_missing_cache_exits_3(empty_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "network", "--year", "1962")
    assert code == 3 and out == ""
    assert "dataset 'atop': not cached" in err and "allied data import atop" in err
    assert "Traceback" not in err


def test_catalog_source_without_any_cache(
    empty_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nato.gexf"
    code, out, err = run(
        capsys,
        "network",
        "--source",
        "catalog",
        "--on",
        "2025-01-01",
        "--kind",
        "multilateral_alliance",
        "--kind",
        "bilateral_treaty",
        "--top",
        "0",
        "-f",
        "csv",
        "--graph",
        str(target),
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["node"] == "USA"
    assert "catalog network on 2025-01-01 (multilateral_alliance, bilateral_treaty)" in err
    assert f"{len(rows)} states" in err
    assert nx.read_gexf(target).has_edge("USA", "JPN")
    assert not empty_cache.exists()


def test_catalog_source_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "network", "--source", "catalog", "--kind", "alliance")
    assert code == 2 and "unknown kind 'alliance'" in err


def test_sources_come_from_the_result(
    network_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "network", "--year", "1962")
    assert code == 0
    assert "sources: atop (5.1); `allied cite NAME` for citations" in err
    code, _, err = run(capsys, "network", "--year", "1962", "--include-isolates")
    assert "sources: atop (5.1), cow-states (2016);" in err
    code, _, err = run(
        capsys, "network", "--source", "catalog", "--on", "2025-01-01", "--kind", "bilateral_treaty"
    )
    assert code == 0
    line = next(text for text in err.splitlines() if text.startswith("sources:"))
    assert "us_japan_security_treaty" in line and "(catalog: embedded);" in line
    code, _, err = run(capsys, "network", "--source", "catalog", "--on", "1800-01-01")
    assert code == 0 and "sources:" not in err and "0 states" in err


def test_catalog_network_counts_collaborations_not_legal_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export-control regimes and embargoes are not ties unless asked for by --kind."""
    target = tmp_path / "all.gexf"
    code, _, err = run(
        capsys, "network", "--source", "catalog", "--on", "2024-01-01", "--graph", str(target)
    )
    assert code == 0
    assert "catalog network on 2024-01-01 (all collaborations)" in err
    sources = next(text for text in err.splitlines() if text.startswith("sources:"))
    assert "nato" in sources and "wassenaar" not in sources and "mtcr" not in sources
    graph = nx.read_gexf(target)
    assert graph.has_edge("USA", "GBR") and not graph.has_edge("IND", "ARG")
    code, _, err = run(
        capsys, "network", "--source", "catalog", "--on", "2024-01-01", "--kind", "mtcr"
    )
    assert code == 2 and "unknown kind 'mtcr'" in err
    target = tmp_path / "regimes.gexf"
    code, _, _ = run(
        capsys,
        "network",
        "--source",
        "catalog",
        "--on",
        "2024-01-01",
        "--kind",
        "export_control_regime",
        "--graph",
        str(target),
    )
    assert code == 0 and nx.read_gexf(target).has_edge("IND", "ARG")
