"""The HTML brief: self-contained, deterministic, with every section."""

import json
import re
from datetime import date

import pytest

from allied.catalog import load_catalog
from allied.report import build_brief, catalog_summary

ON = date(2025, 1, 1)


@pytest.fixture(scope="module")
def brief():  # type: ignore[no-untyped-def]
    return build_brief(on=ON)


def test_no_external_resources(brief) -> None:  # type: ignore[no-untyped-def]
    assert not re.search(r"<script[^>]+src=", brief.html)
    assert not re.search(r"<link[^>]+href=", brief.html)
    assert "@import" not in brief.html
    assert "vega-lite" in brief.html.lower()


def test_deterministic(brief) -> None:  # type: ignore[no-untyped-def]
    assert build_brief(on=ON).html == brief.html


def test_map_starts_with_32_nato_members(brief) -> None:  # type: ignore[no-untyped-def]
    assert brief.map_arrangement == "nato"
    assert len(brief.map_members) == 32
    assert {"USA", "SWE", "FIN", "TUR"} <= set(brief.map_members)


def test_case_studies_and_sections(brief) -> None:  # type: ignore[no-untyped-def]
    assert brief.case_studies == ("us_rok", "australia_japan", "aukus", "nato_efp", "f35")
    for anchor in ("overview", "map", "nato", "case-us_rok", "case-f35", "sources"):
        assert f'id="{anchor}"' in brief.html
    for kind in ("bilateral_treaty", "joint_program", "information_sharing"):
        assert f'data-kind="{kind}"' in brief.html


def test_specs_are_valid_json(brief) -> None:  # type: ignore[no-untyped-def]
    specs = json.loads(re.search(r'id="specs">(.*?)</script>', brief.html, re.S).group(1))  # type: ignore[union-attr]
    assert {"overview", "nato_timeline", "cs_f35_qty", "cs_nato_efp_grid"} <= set(specs)
    nato_rows = specs["nato_timeline"]["data"]["values"]
    assert len(nato_rows) == 32


def test_summary_counts() -> None:
    summary = catalog_summary(load_catalog(), on=ON)
    assert summary.arrangements.sum() == sum(a.earliest <= ON for a in load_catalog())
    assert set(summary.kind) == {
        "bilateral_treaty",
        "multilateral_alliance",
        "partnership_framework",
        "joint_program",
        "mission",
        "information_sharing",
        "organization",
    }


def _specs(brief) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(re.search(r'id="specs">(.*?)</script>', brief.html, re.S).group(1))  # type: ignore[union-attr, no-any-return]


def test_network_section(brief) -> None:  # type: ignore[no-untyped-def]
    from allied.measures.network import catalog_graph
    from allied.report._network_section import counted_catalog, network_choice

    counted = counted_catalog(load_catalog(), ON, network_choice("alliances"))
    graph = catalog_graph(ON, catalog=counted)
    assert 'id="network"' in brief.html and 'href="#network"' in brief.html
    assert brief.network == "alliances"
    assert brief.network_states == tuple(sorted(graph.nodes))
    assert {"USA", "JPN", "KOR", "RUS", "BRA", "CHN"} <= set(brief.network_states)
    spec = _specs(brief)["network"]
    nodes, edges = spec["datasets"]["nodes"], spec["datasets"]["edges"]
    assert len(nodes) == graph.number_of_nodes() == len(brief.network_states)
    assert len(edges) == graph.number_of_edges()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "circle", "text"]
    usa = next(n for n in nodes if n["id"] == "USA")
    assert usa["label"] == "United States" and usa["degree"] == graph.degree("USA")
    assert all(-1 <= n["x"] <= 1 and -1 <= n["y"] <= 1 for n in nodes)
    # NATO and the CSTO are different communities.
    community = {n["id"]: n["community"] for n in nodes}
    assert community["DEU"] != community["RUS"]
    table = re.search(r'<table id="network-top">(.*?)</table>', brief.html, re.S).group(1)  # type: ignore[union-attr]
    assert "<td>United States</td>" in table
    assert table.count("<tr>") == 1 + 12  # the header and the top 12


def test_network_section_without_alliances(catalog_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from allied.catalog import load_catalog as load

    folder = tmp_path / "no-alliances"
    folder.mkdir()
    for name in ("quad.yaml", "five_eyes.yaml"):
        (folder / name).write_text((catalog_copy / name).read_text("utf-8"), "utf-8")
    brief = build_brief(load(folder), map_arrangement="quad", on=ON)
    assert "No arrangement in force on 2025-01-01 ties two states through alliances" in brief.html
    assert brief.network_states == ()
    assert "network" not in _specs(brief)


def test_burden_section_from_the_embedded_indicators(brief) -> None:  # type: ignore[no-untyped-def]
    """The offline brief shows burden sharing for the 32 allies from the embedded
    2024 indicators (NATO's June 2024 estimates: 23 allies at 2% or more)."""
    assert 'id="burden"' in brief.html and 'href="#burden"' in brief.html
    facts = re.search(r'<dl class="facts" id="burden-facts">(.*?)</dl>', brief.html, re.S)
    assert facts is not None
    text = re.sub(r"<[^>]+>", " ", facts.group(1))
    assert re.search(r"Allies\s+32", text)
    assert re.search(r"At 2% or more\s+23 ", text)
    specs = _specs(brief)
    shares = specs["burden_shares"]["layer"][1]["data"]["values"]
    assert len(shares) == 32
    assert abs(sum(r["gdp_share_pct"] for r in shares) - 100) < 0.1
    usa = next(r for r in shares if r["name"] == "United States")
    assert usa["milex_share_pct"] > usa["gdp_share_pct"]  # the US carries more than its weight
    gaps = specs["burden_gaps"]["data"]["values"]
    assert {g["target"] for g in gaps} == {"3.5%", "5%"}
    assert "burden_series" not in specs  # no NATO tables in the (empty) cache
    table = re.search(r'<table id="burden-table">(.*?)</table>', brief.html, re.S)
    assert table is not None and table.group(1).count("<tr>") == 1 + 32


def test_burden_series_when_nato_tables_are_cached(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from allied.sources import ImportRecord, SourceFile
    from allied.sources._cache import install

    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "cache"))
    shares = pd.DataFrame(
        {
            "country": ["Poland", "Poland", "Iceland"],
            "iso3": ["POL", "POL", "ISL"],
            "year": [2014, 2015, 2015],
            "milex_share_gdp_pct": [1.85, 2.22, None],
            "estimate": [False, False, False],
        }
    )
    source = SourceFile("share_of_gdp", "synthetic", "0" * 64, 3, known_release=False)
    install(
        ImportRecord("nato-expenditure", "test", "2026-01-01T00:00:00+00:00", "t", (source,)),
        {"share_of_gdp": shares},
    )
    specs = _specs(build_brief(on=ON))
    series = specs["burden_series"]["layer"][0]["data"]["values"]
    assert series == [
        {"name": "Poland", "year": 2014, "milex_pct_gdp": 1.85},
        {"name": "Poland", "year": 2015, "milex_pct_gdp": 2.22},
    ]
    rules = specs["burden_series"]["layer"][1]["data"]["values"]
    assert [r["level"] for r in rules] == [2.0, 3.5, 5.0]


def test_governance_section(brief) -> None:  # type: ignore[no-untyped-def]
    """Cost sharing and governance: F-35 common cost shares among the partners on the
    brief's date, NATO consensus against the EU Council's double majority, and
    Eurofighter's published work shares against its planned buys."""
    assert 'id="governance"' in brief.html and 'href="#governance"' in brief.html
    specs = _specs(brief)
    shares = {r["name"]: r["share_pct"] for r in specs["governance_cost"]["data"]["values"]}
    assert abs(sum(shares.values()) - 100) < 0.01
    power = specs["governance_power"]
    consensus_line = power["layer"][1]["data"]["values"][0]
    assert consensus_line["percent"] == 3.125  # 32 allies, each with a veto
    bars = power["layer"][0]["data"]["values"]
    assert len(bars) == 27 * 3
    germany = {r["measure"]: r["percent"] for r in bars if r["name"] == "Germany"}
    assert germany["Banzhaf (normalized)"] == 12.1
    assert germany["population share"] > germany["Shapley-Shubik"] > germany["Banzhaf (normalized)"]
    facts = re.search(r'<dl class="facts" id="governance-power-facts">(.*?)</dl>', brief.html, re.S)
    assert facts is not None
    assert "13.23% of all coalitions pass" in facts.group(1)
    assert "1 in 4,294,967,296 passes" in facts.group(1)
    assert 'id="governance-power-later"' not in brief.html  # both rules are dated by 2025-01-01
    work = re.search(r'<table id="governance-work-table">(.*?)</table>', brief.html, re.S)
    assert work is not None
    assert '<td>Spain</td><td class="num">87</td><td class="num">14.03</td>' in work.group(1)
    assert "(Spain)" in brief.html  # the largest gap, 1.03 points
    assert "620 aircraft the partners planned to buy" in brief.html
