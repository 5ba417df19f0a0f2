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
    # collaborations only: export-control regimes and arms embargoes are legal limits
    assert summary.arrangements.sum() == sum(
        a.earliest <= ON and a.kind.is_collaboration for a in load_catalog()
    )
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
    from allied.panel import catalog_network
    from allied.report._network_section import counted_catalog, network_choice

    counted = counted_catalog(load_catalog(), ON, network_choice("alliances"))
    graph = catalog_network(ON, catalog=counted).graph
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


def _burden_html(brief) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<section id="burden">.*?</section>', brief.html, re.S)
    assert found is not None
    return found.group(0)


def _burden_text(brief, element_id: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf'id="{element_id}">(.*?)</(dl|ul|table)>', _burden_html(brief), re.S)
    assert found is not None, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def test_burden_section_from_the_embedded_indicators(brief) -> None:  # type: ignore[no-untyped-def]
    """The offline brief of 1 January 2025 shows burden sharing for the 32 allies from the
    embedded 2024 indicators (NATO's June 2024 estimates: 23 of the 31 allies with armed
    forces at 2% or more). The Hague commitment (25 June 2025) is not yet adopted on that
    date: no gaps, no gap chart, and a note saying why. Iceland is not tested."""
    assert 'id="burden"' in brief.html and 'href="#burden"' in brief.html
    facts = _burden_text(brief, "burden-facts")
    assert re.search(r"Allies 32 \(31 with armed forces\)", facts)
    assert re.search(r"At 2% or more 23 of 31 tested ", facts)
    assert "Short of 3.5%" not in facts
    notes = _burden_text(brief, "burden-notes")
    assert "Hague commitment, core defence of at least 3.5% of GDP by 2035" in notes
    assert "not adopted by 2025-01-01" in notes
    assert "Iceland: no armed forces, so left out of the guideline tests" in notes
    specs = _specs(brief)
    shares = specs["burden_shares"]["layer"][1]["data"]["values"]
    assert len(shares) == 32
    assert abs(sum(r["gdp_share_pct"] for r in shares) - 100) < 0.1
    usa = next(r for r in shares if r["name"] == "United States")
    assert usa["milex_share_pct"] > usa["gdp_share_pct"]  # the US carries more than its weight
    assert "burden_gaps" not in specs
    rules = specs["burden_series"]["layer"][1]["data"]["values"]
    assert [r["level"] for r in rules] == [2.0]  # the Hague lines are not drawn yet
    table = re.search(r'<table id="burden-table">(.*?)</table>', brief.html, re.S)
    assert table is not None and table.group(1).count("<tr>") == 1 + 32
    assert "Gap to 3.5%" not in table.group(1)
    assert "Iceland (no armed forces: not tested)" in table.group(1)


def test_burden_section_after_the_hague_summit() -> None:
    """A brief dated after 25 June 2025 measures the 2024 figures against the Hague
    commitment: the shortfall sums the 31 allies with armed forces (Iceland's 3.5% of its
    US$ 33.5 bn GDP, US$ 1.17 bn, is not a shortfall), and the chart draws 2%, 3.5% and 5%."""
    from allied.panel import embedded_indicators

    brief = build_brief(on=date(2025, 7, 1))
    allies = embedded_indicators().set_index("iso3")
    allies = allies[allies.nato_pct_gdp.notna()]  # the 31 allies with armed forces
    assert len(allies) == 31
    gap_3_5 = (0.035 * allies.gdp_usd - allies.milex_usd).clip(lower=0).sum() / 1e9
    gap_5 = (0.05 * allies.gdp_usd - allies.milex_usd).clip(lower=0).sum() / 1e9
    facts = _burden_text(brief, "burden-facts")
    assert f"Short of 3.5% US$ {round(gap_3_5)} billion a year" in facts
    assert f"Short of 5% US$ {round(gap_5)} billion a year" in facts
    assert round(gap_3_5) == 432 and round(gap_5) == 1254
    specs = _specs(brief)
    gaps = specs["burden_gaps"]["data"]["values"]
    assert {g["target"] for g in gaps} == {"3.5%", "5%"}
    assert "Iceland" not in {g["name"] for g in gaps}
    rules = specs["burden_series"]["layer"][1]["data"]["values"]
    assert [r["level"] for r in rules] == [2.0, 3.5, 5.0]


def test_burden_section_uses_one_nato_edition_with_or_without_a_cache(
    brief, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, item 3: the table said Poland 4.12% (NATO, June 2024) while the chart beside
    it, drawn from the cached nato-expenditure table of another edition, said about 3.8%, and
    the chart vanished without the cache. Now the chart and the table draw on the same
    edition, and a cache with other figures changes nothing in the section."""
    import pandas as pd

    from allied.sources import ImportRecord, SourceFile
    from allied.sources._cache import install

    series = _specs(brief)["burden_series"]
    assert "17 June 2024" in series["title"]
    values = series["layer"][0]["data"]["values"]
    poland = {r["year"]: r["milex_pct_gdp"] for r in values if r["name"] == "Poland"}
    assert sorted(poland) == list(range(2014, 2025))
    table = re.search(r'<table id="burden-table">(.*?)</table>', brief.html, re.S)
    assert table is not None
    row = re.search(r"<td>Poland</td>(.*?)</tr>", table.group(1))
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells[2] == "4.12" == f"{poland[2024]:.2f}"  # NATO-reported, in table and chart
    for ally in {r["name"] for r in values}:
        in_chart = next(r for r in values if r["name"] == ally and r["year"] == 2024)
        in_table = re.search(rf"<td>{ally}</td>(.*?)</tr>", table.group(1))
        assert in_table is not None
        assert re.findall(r'<td class="num">([^<]*)</td>', in_table.group(1))[2] == (
            f"{in_chart['milex_pct_gdp']:.2f}"
        )

    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "cache"))
    shares = pd.DataFrame(
        {
            "country": ["Poland", "Poland"],
            "iso3": ["POL", "POL"],
            "year": [2014, 2024],
            "milex_share_gdp_pct": [1.86, 3.79],  # another edition's figures
            "estimate": [False, True],
        }
    )
    source = SourceFile("share_of_gdp", "synthetic", "0" * 64, 2, known_release=False)
    install(
        ImportRecord("nato-expenditure", "test", "2026-01-01T00:00:00+00:00", "t", (source,)),
        {"share_of_gdp": shares},
    )
    cached = build_brief(on=ON)
    assert _burden_html(cached) == _burden_html(brief)
    assert _specs(cached)["burden_series"] == series


def test_burden_section_lists_the_edition_of_each_quantity() -> None:
    from allied.catalog import load_catalog
    from allied.report._burden_section import burden_section

    facts, _ = burden_section(load_catalog(), date(2025, 7, 1))
    assert facts is not None
    editions = {e["quantity"]: e for e in facts["editions"]}
    nato = editions["Defence expenditure, % of GDP (NATO-reported), 2014-2024"]
    assert nato["edition"].startswith("NATO, Defence Expenditure of NATO Countries (2014-2024)")
    assert "PR/CP(2024)081" in nato["source"]
    assert "SIPRI" in editions["Military expenditure, current US$ (SIPRI), 2024"]["edition"]
    assert "July 2025" in editions["GDP, current US$, 2024"]["edition"]
    guidelines = editions["NATO spending guidelines tested"]
    assert "adopted 2025-06-25" in guidelines["edition"]
    assert "official_texts_236705" in guidelines["source"]  # The Hague Summit Declaration
    assert (
        "ISL"
        in editions["Allies without armed forces (left out of the guideline tests)"]["edition"]
    )
    assert all(set(e) == {"quantity", "edition", "source"} for e in facts["editions"])


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


def test_overview_names_the_sides_of_an_agreement_between_organisations() -> None:
    """The NATO-EU agreement's row shows its two sides, not "0" members."""
    brief = build_brief(on=date(2025, 1, 1))
    row = brief.html[brief.html.index('<tr data-id="nato_eu_security_agreement">') :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">NATO ↔ CSDP and PfP (states in both)</td>' in row
