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
    assert summary.arrangements.sum() == len(load_catalog())
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
    from allied.measures.network import ALLIANCE_KINDS, catalog_graph

    graph = catalog_graph(ON, kind=ALLIANCE_KINDS)
    assert 'id="network"' in brief.html and 'href="#network"' in brief.html
    assert brief.network_states == tuple(sorted(graph.nodes))
    assert {"USA", "JPN", "KOR", "RUS", "BRA"} <= set(brief.network_states)
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
    assert "No alliance or bilateral treaty of the catalog is in force" in brief.html
    assert brief.network_states == ()
    assert "network" not in _specs(brief)
