"""The brief states its date and one edition per quantity, whatever the cache holds."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allied.errors import AlliedError
from allied.report import Brief, build_brief
from allied.report._editions import edition, merge_editions

ON = date(2025, 1, 1)
ScriptJson = Callable[[Brief, str], Any]


def _visible(brief: Brief) -> str:
    return re.sub(r"<script.*?</script>", "", brief.html, flags=re.S)


def _blocks(brief: Brief) -> list[tuple[str, str]]:
    """Every table and list of facts on the page, as (opening tag, text)."""
    found = re.findall(r"<(table|dl)([^>]*)>(.*?)</\1>", _visible(brief), re.S)
    return [(attrs, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))) for _, attrs, body in found]


def _editions_table(brief: Brief) -> list[tuple[str, str, str]]:
    table = re.search(r'<table id="editions-table">(.*?)</table>', brief.html, re.S)
    assert table is not None
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table.group(1))
    return [(html.unescape(q), html.unescape(e), html.unescape(s)) for q, e, s in rows]


def test_merge_keeps_one_entry_per_quantity() -> None:
    a = edition("Alliance ties", "catalog on 2025-01-01", "allied catalog")
    b = edition("Spending", "SIPRI 2025", "SIPRI")
    assert merge_editions([[a, b], [a], []]) == [a, b]


def test_merge_refuses_two_editions_of_one_quantity() -> None:
    """NATO's June 2024 and 2025 estimates of the same figure would contradict each other."""
    table = edition("NATO-reported % of GDP", "NATO, June 2024", "NATO PR/CP(2024)081")
    chart = edition("NATO-reported % of GDP", "NATO, June 2025", "NATO PR/CP(2025)")
    with pytest.raises(AlliedError, match="two editions") as raised:
        merge_editions([[table], [chart]])
    assert "NATO, June 2024" in str(raised.value) and "NATO, June 2025" in str(raised.value)
    assert "bug in allied" in str(raised.value)


def test_a_section_contradicting_another_stops_the_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    """A section that declares a second edition of a quantity another section already
    shows is an internal error, not a page."""
    import allied.report._brief as brief_module

    real = brief_module.burden_section

    def contradicting(catalog: Any, on: date) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        facts, specs = real(catalog, on)
        assert facts is not None
        clash = edition("Network ties and partner counts", "another edition", "elsewhere")
        return {**facts, "editions": [*facts.get("editions", []), clash]}, specs

    monkeypatch.setattr(brief_module, "burden_section", contradicting)
    with pytest.raises(AlliedError, match="'Network ties and partner counts' in two editions"):
        build_brief(on=ON)


def test_the_box_states_the_date_and_one_edition_per_quantity() -> None:
    brief = build_brief(on=ON)
    assert re.search(
        r'id="editions-date"><dt>Date of the brief</dt><dd>2025-01-01</dd>', brief.html
    )
    rows = _editions_table(brief)
    quantities = [q for q, _, _ in rows]
    assert len(quantities) == len(set(quantities))
    assert [(e["quantity"], e["edition"], e["source"]) for e in brief.editions] == rows
    by_quantity = {q: e for q, e, _ in rows}
    assert "memberships on 2025-01-01" in by_quantity["Arrangements, memberships and their dates"]
    assert "in force on 2025-01-01" in by_quantity["Network ties and partner counts"]
    assert "partners on 2025-01-01" in by_quantity["F-35 cost shares"]
    assert by_quantity["F-35: planning numbers (history)"] == (
        "JSF Program Office planning numbers of 2007-2011"
    )
    assert by_quantity["ATOP ids of treaties"] == "ATOP v5.1 (2020)"
    assert "world-atlas 2.0.2" in by_quantity["Country borders on the map"]
    assert "population" in " ".join(quantities) and "as of 2024-03-07" in " ".join(
        by_quantity.values()
    )
    # every section that shows figures has contributed its entries
    network = brief.html.index('id="network"')
    assert brief.html.index('id="editions"') < brief.html.index('id="overview"') < network


def _install_nato_shares(frame: pd.DataFrame) -> None:
    from allied.sources import ImportRecord, SourceFile
    from allied.sources._cache import install

    source = SourceFile("share_of_gdp", "synthetic", "0" * 64, len(frame), known_release=False)
    record = ImportRecord("nato-expenditure", "test", "2026-01-01T00:00:00+00:00", "t", (source,))
    install(record, {"share_of_gdp": frame})


def test_the_cache_may_add_a_chart_never_change_a_number(
    tiny_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script_json: ScriptJson
) -> None:
    """The same --on with and without a dataset cache: every table, list of facts,
    chart and edition the cacheless brief shows is the same in the cached one. The
    cache holds the tiny datasets and a NATO table that disagrees with the embedded
    2024 figures (Poland 3.8 % where NATO's June 2024 estimate is 4.12 %)."""
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tmp_path / "no-cache"))
    without = build_brief(on=ON)
    monkeypatch.setenv("ALLIED_DATA_DIR", str(tiny_cache))
    _install_nato_shares(
        pd.DataFrame(
            {
                "country": ["Poland", "Poland", "Germany"],
                "iso3": ["POL", "POL", "DEU"],
                "year": [2023, 2024, 2024],
                "milex_share_gdp_pct": [3.9, 3.8, 2.1],
                "estimate": [False, True, True],
            }
        )
    )
    cached = build_brief(on=ON)
    # The burden series is embedded now, so this cache adds no chart; it may add
    # some but never remove one ...
    assert set(script_json(cached, "specs")) >= set(script_json(without, "specs"))
    assert _blocks(cached) == _blocks(without)  # ... and it changed no table or fact
    plain, extra = script_json(without, "specs"), script_json(cached, "specs")
    assert {name: extra[name] for name in plain} == plain
    assert all(entry in cached.editions for entry in without.editions)
    assert cached.most_connected == without.most_connected
