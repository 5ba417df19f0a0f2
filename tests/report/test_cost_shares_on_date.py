"""F-35 common cost shares follow the program's partners on the brief's date; the
2007-2011 planning numbers are shown as history."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from allied.catalog import Role, load_catalog
from allied.report import Brief, build_brief

ScriptJson = Callable[[Brief, str], Any]


def _table(brief: Brief, element_id: str) -> list[list[str]]:
    found = re.search(rf'<table id="{element_id}">(.*?)</table>', brief.html, re.S)
    assert found is not None, element_id
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in rows[1:]]


def _cost_chart(specs: dict[str, Any]) -> dict[str, float] | None:
    chart = specs.get("governance_cost")
    return None if chart is None else {r["name"]: r["share_pct"] for r in chart["data"]["values"]}


def test_shares_on_2025_follow_the_catalog_partners(script_json: ScriptJson) -> None:
    """On 2025-01-01 Turkey is out (removed 2019-2020) and the US plans 2,456 aircraft;
    FMS customers such as Japan are not in the partners' key."""
    brief = build_brief(on=date(2025, 1, 1))
    rows = _table(brief, "governance-cost-table")
    names = [r[0] for r in rows]
    assert names[0] == "United States" and rows[0][1:3] == ["lead nation", "2,456"]
    assert "Turkey" not in names and "Japan" not in names and "Israel" not in names
    program = load_catalog().get("f35_program")
    partners = {
        m.state: m.planned_quantity
        for m in program.members_on(date(2025, 1, 1))
        if m.role
        in {Role.LEAD_NATION, Role.LEVEL_1_PARTNER, Role.LEVEL_2_PARTNER, Role.LEVEL_3_PARTNER}
    }
    assert len(rows) == len(partners) == 8
    total = sum(q for q in partners.values() if q)
    assert f"plan {total:,} aircraft" in brief.html
    shares = {r[0]: float(r[3]) for r in rows}
    assert shares["United States"] == round(100 * 2456 / total, 3)
    assert _cost_chart(script_json(brief, "specs")) == shares
    assert abs(sum(shares.values()) - 100) < 0.01
    # the same aircraft as the F-35 case study of the same brief
    study = brief.html[brief.html.index('id="case-f35"') :]
    for name, role, planned, _ in rows:
        row = re.search(rf"<tr><td>{name}</td><td>{role}</td>.*?</tr>", study)
        assert row is not None, name
        assert f'<td class="num">{planned.replace(",", "")}</td>' in row.group(0)


def test_the_planning_basis_is_history_with_its_date() -> None:
    """Netherlands Court of Audit, 2007-2011 planning numbers: Turkey 100, US 76.993 %."""
    brief = build_brief(on=date(2025, 1, 1))
    summary = re.search(
        r'<details id="governance-cost-history">\s*<summary>(.*?)</summary>', brief.html
    )
    assert summary is not None
    assert summary.group(1).startswith(
        "History: shares by the JSF Program Office planning numbers of 2007-2011"
    )
    assert "Not the shares on 2025-01-01" in brief.html
    history = {r[0]: (r[1], r[2]) for r in _table(brief, "governance-cost-history-table")}
    assert history["Turkey"] == ("100", "3.152")
    assert history["United States"] == ("2,443", "76.993")
    assert history["Canada"] == ("80", "2.521")


def test_a_partner_without_a_planned_quantity_is_named() -> None:
    """On 2015-01-01 Turkey was a partner, but the catalog records no quantity for it."""
    brief = build_brief(on=date(2015, 1, 1))
    assert "left out for want of a planned quantity: Turkey" in brief.html
    names = [r[0] for r in _table(brief, "governance-cost-table")]
    assert "Turkey" not in names and "Japan" not in names and "United Kingdom" in names


def test_no_key_before_the_production_mou(script_json: ScriptJson) -> None:
    brief = build_brief(on=date(2005, 1, 1))
    assert 'id="governance-cost-table"' not in brief.html
    assert _cost_chart(script_json(brief, "specs")) is None
    assert "On 2005-01-01 no key by planned aircraft applies" in brief.html
    assert 'id="governance-cost-history-table"' in brief.html


def test_shares_use_what_the_catalog_says(catalog_copy: Path) -> None:
    """Change a partner's planned quantity in the catalog and its share follows."""
    path = catalog_copy / "f35_program.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    denmark = next(m for m in data["members"] if m["state"] == "DNK")
    denmark["planned_quantity"] = 27
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    catalog = load_catalog(catalog_copy)
    brief = build_brief(catalog, on=date(2025, 1, 1))
    rows = {r[0]: r for r in _table(brief, "governance-cost-table")}
    program = catalog.get("f35_program")
    total = sum(
        m.planned_quantity or 0
        for m in program.members_on(date(2025, 1, 1))
        if m.role.value in {"lead_nation", "level_1_partner", "level_2_partner", "level_3_partner"}
    )
    assert rows["Denmark"][2] == "27"
    assert float(rows["Denmark"][3]) == round(100 * 27 / total, 3)
