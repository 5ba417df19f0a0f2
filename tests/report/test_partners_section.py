"""The brief's "Partner fit" section (``allied brief --focus``)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from allied.cli import main
from allied.errors import InputError
from allied.models import rank
from allied.report import build_brief

from .conftest import ScriptJson

#: The tiny cache holds 1990: the section ranks the partners of that year.
ON = date(1990, 12, 31)


def test_without_focus_there_is_no_section(tiny_cache: Path) -> None:
    brief = build_brief(on=ON)
    assert 'id="partners"' not in brief.html and "Partner fit" not in brief.html
    assert brief.partners == ()


def test_the_section_ranks_partners_with_reasons_chart_and_sources(
    tiny_cache: Path, script_json: ScriptJson
) -> None:
    brief = build_brief(on=ON, focus="USA")
    ranking = rank("USA", year=1990)
    assert brief.partners == tuple(ranking.table.iso3)
    html = brief.html
    assert '<a href="#partners">Partner fit for United States</a>' in html
    section = html[html.index('<section id="partners">') :]
    section = section[: section.index("</section>")]
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]+)</td>", section)
    assert [name for _, name in rows] == ranking.table.name.tolist()
    best = ranking.table.iloc[0]
    assert f'<td class="num">{best.fit:.2f}</td>' in section
    spec = script_json(brief, "specs")["partners_fit"]
    bars = spec["data"]["values"]
    assert {b["name"] for b in bars} == set(ranking.table.name)
    first = [b for b in bars if b["rank"] == 1]
    assert sum(b["contribution"] for b in first) == pytest.approx(best.fit, abs=0.01)
    assert spec["encoding"]["x"]["stack"] == "zero"
    assert 'aria-describedby="partners-chart-text"' in section
    assert f"1. {best['name']}: fit {best.fit:.2f} = " in section  # the chart as text
    assert "Signorino" in section  # sources
    # the catalog entries behind the indicators are one line; their own sources are in the
    # brief's list of sources, not repeated here
    entries = {c.key.split(":")[0] for c in ranking.citations() if ":" in c.key}
    assert f"the {len(entries)} allied catalog entries the indicators read" in section
    nato_source = next(c for c in ranking.citations() if c.key.startswith("nato:"))
    assert nato_source.text not in section and nato_source.text in html
    assert any(
        e["quantity"] == "Partner fit and challenge scores for USA, 1990" for e in brief.editions
    )


def test_without_the_data_the_section_names_the_imports(empty_cache: Path) -> None:
    brief = build_brief(on=ON, focus="POL")
    section = brief.html[brief.html.index('<section id="partners">') :]
    section = section[: section.index("</section>")]
    assert "not in the local cache" in section
    for name in ("cow-states", "atop", "sipri-trade"):
        assert f"<code>allied data import {name} PATH</code>" in section
    assert brief.partners == ()


def test_an_unknown_focus_is_an_input_error(empty_cache: Path) -> None:
    with pytest.raises(InputError, match="Narnia"):
        build_brief(on=ON, focus="Narnia")


def test_brief_command_focus(tiny_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert main(["brief", "--out", str(out), "--on", "1990-12-31", "--focus", "USA"]) == 0
    assert 'id="partners-table"' in out.read_text(encoding="utf-8")
    assert main(["brief", "--out", str(out), "--on", "1990-12-31", "--focus", "Narnia"]) == 2
