"""Spells known only as of a date: said so on the map, in tables and charts, and not
counted before their date. The fixtures are a scratch catalog with such spells."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from allied.catalog import load_catalog
from allied.report import Brief, build_brief
from allied.report._spells import AS_OF

ScriptJson = Callable[[Brief, str], Any]

MISSION = """\
id: test_mission
name: Test Observer Mission
short_name: TOM
kind: mission
in_force: 1990-05-01
status: active
description: >-
  A mission made up for this test. Members are its four largest contributors in
  figures reported for November 2024, plus the host.
members:
  - {state: LBN, role: host_nation}
  - {state: ITA, role: contributor, joined: 1991-01-01}
  - {state: IND, role: contributor, as_of: 2024-11-01}
  - {state: GHA, role: contributor, as_of: 2024-11-01}
  - {state: NPL, role: contributor, as_of: 2024-11-01}
sources:
  - {citation: "Made up for a test", url: "https://example.org/mission", accessed: 2026-12-07}
"""


def _attest_only(path: Path, state: str, as_of: str) -> None:
    """Replace ``state``'s start in the YAML file at ``path`` by ``as_of``."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    for member in data["members"]:
        if member["state"] == state:
            member.pop("joined", None)
            member.pop("signed", None)
            member["as_of"] = date.fromisoformat(as_of)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture
def folder(catalog_copy: Path, tmp_path: Path) -> Path:
    """NATO (Sweden known only as of its accession day), the eFP (Iceland known only
    as of 1 March 2018) and a made-up mission with three contributors known as of
    November 2024."""
    target = tmp_path / "as-of"
    target.mkdir()
    for source in catalog_copy.glob("nato*.yaml"):
        if source.stem != "nato_eu_security_agreement":  # its sides include the EU
            shutil.copy(source, target / source.name)
    _attest_only(target / "nato.yaml", "SWE", "2024-03-07")
    _attest_only(target / "nato_efp.yaml", "ISL", "2018-03-01")
    (target / "test_mission.yaml").write_text(MISSION, "utf-8")
    return target


def test_the_map_says_what_it_shows(folder: Path, script_json: ScriptJson) -> None:
    brief = build_brief(load_catalog(folder), map_arrangement="test_mission", on=date(2025, 1, 1))
    view = script_json(brief, "map-views")["test_mission"]
    assert view["caption"] == (
        "TOM: 5 states on 2025-01-01 (4 contributors, 1 host nation); "
        "start unknown for 3, listed as of 2024-11-01"
    )
    joined = {row["id"]: row["joined"] for row in view["members"]}
    assert joined == {
        "LBN": "1990-05-01",
        "ITA": "1991-01-01",
        "IND": "as of 2024-11-01",
        "GHA": "as of 2024-11-01",
        "NPL": "as of 2024-11-01",
    }
    caption = re.search(r'<p id="map-caption">(.*?)</p>', brief.html, re.S)
    description = re.search(r'<p id="map-description" class="muted">(.*?)</p>', brief.html, re.S)
    assert caption is not None and html.unescape(caption.group(1)) == view["caption"]
    assert description is not None
    assert "four largest contributors in figures reported for November 2024" in description.group(1)
    assert script_json(brief, "map-views")["nato"]["caption"] == (
        "NATO: 32 states on 2025-01-01 (32 members); start unknown for 1, listed as of 2024-03-07"
    )


def test_spells_known_as_of_a_date_do_not_count_before_it(
    folder: Path, script_json: ScriptJson
) -> None:
    brief = build_brief(load_catalog(folder), map_arrangement="test_mission", on=date(2024, 6, 1))
    assert set(brief.map_members) == {"LBN", "ITA"}
    assert script_json(brief, "map-views")["test_mission"]["caption"] == (
        "TOM: 2 states on 2024-06-01 (1 host nation, 1 contributor)"
    )
    row = re.search(r'<tr data-id="test_mission">(.*?)</tr>', brief.html, re.S)
    assert row is not None and '<td class="num">2</td>' in row.group(1)
    nato = [r["label"] for r in script_json(brief, "specs")["nato_timeline"]["data"]["values"]]
    assert "Sweden" in nato  # NATO's Sweden spell is attested from 2024-03-07


def test_member_tables_and_gantt_charts_mark_them(folder: Path, script_json: ScriptJson) -> None:
    brief = build_brief(load_catalog(folder), on=date(2025, 1, 1))
    efp = brief.html[brief.html.index('id="case-nato_efp"') :]
    iceland = re.search(r"<tr><td>Iceland</td><td>contributor</td>(<td[^>]*>[^<]*</td>)", efp)
    assert iceland is not None
    assert iceland.group(1) == (
        '<td class="as-of" title="start unknown: a member as of this date">as of 2018-03-01</td>'
    )
    timeline = script_json(brief, "specs")["nato_timeline"]
    sweden = next(r for r in timeline["data"]["values"] if r["label"] == "Sweden")
    assert sweden["start_note"] == AS_OF and sweden["since"] == "as of 2024-03-07"
    finland = next(r for r in timeline["data"]["values"] if r["label"] == "Finland")
    assert finland["start_note"] == "joined" and finland["since"] == "2023-04-04"
    opacity = timeline["encoding"]["opacity"]
    assert opacity["field"] == "start_note"
    assert opacity["scale"] == {"domain": ["joined", AS_OF], "range": [1.0, 0.35]}


def test_charts_without_such_spells_are_unchanged(script_json: ScriptJson) -> None:
    brief = build_brief(on=date(2025, 1, 1))
    timeline = script_json(brief, "specs")["nato_timeline"]
    assert "opacity" not in timeline["encoding"]
    treaty = brief.html[brief.html.index("<h3>Mutual Defense Treaty between the United") :]
    assert 'class="as-of"' not in treaty[: treaty.index("</table>")]
    hungary = brief.html[brief.html.index("<h3>NATO Forward Land Forces battlegroup Hungary") :]
    assert 'class="as-of"' in hungary[: hungary.index("</table>")]  # four contributors


def test_later_spells_and_departures_are_not_shown(folder: Path) -> None:
    """A brief of 2025-01-01 does not list Sweden's eFP battalion of 2025-01-18."""
    brief = build_brief(load_catalog(folder), on=date(2025, 1, 1))
    latvia = brief.html[brief.html.index("<h3>NATO Multinational Brigade Latvia") :]
    latvia = latvia[: latvia.index("</table>")]
    assert "<td>Denmark</td>" in latvia and "<td>Sweden</td>" not in latvia
    early = build_brief(load_catalog(folder), on=date(2018, 1, 1))
    estonia = early.html[early.html.index("<h3>NATO Forward Land Forces battlegroup Estonia") :]
    estonia = estonia[: estonia.index("</table>")]
    assert "<td>Belgium</td>" not in estonia  # its rotation began in 2019
    assert "2017-12-01" in estonia  # France's first rotation had ended
    assert "<h3>NATO Forward Land Forces battlegroup Romania" not in early.html  # set up in 2022
