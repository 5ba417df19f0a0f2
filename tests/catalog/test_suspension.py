"""Suspended participation: a state formally listed whose cooperation was suspended."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from allied.catalog import load_catalog, members, timeline
from allied.errors import CatalogError

FRAMEWORK = {
    "id": "framework",
    "name": "Example Framework",
    "kind": "partnership_framework",
    "signed": date(1994, 1, 10),
    "status": "active",
    "description": "A made-up partnership with one suspended partner.",
    "members": [
        {"state": "FIN", "joined": date(1994, 5, 9), "role": "partner"},
        {
            "state": "RUS",
            "joined": date(1994, 6, 22),
            "suspended": date(2014, 4, 1),
            "role": "partner",
        },
    ],
    "sources": [
        {"citation": "Example source", "url": "https://example.org/f", "accessed": "2026-12-08"}
    ],
}


def write(tmp_path: Path, **changes: object) -> None:
    text = yaml.safe_dump({**FRAMEWORK, **changes}, sort_keys=False)
    (tmp_path / "framework.yaml").write_text(text, "utf-8")


def test_a_suspended_state_stops_taking_part_but_is_not_listed_as_left(tmp_path: Path) -> None:
    write(tmp_path)
    catalog = load_catalog(tmp_path)
    framework = catalog.get("framework")
    assert {m.state for m in framework.members_on(date(2014, 3, 31))} == {"FIN", "RUS"}
    assert {m.state for m in framework.members_on(date(2014, 4, 1))} == {"FIN"}
    russia = framework.members[1]
    assert framework.left(russia) == date(2014, 3, 31)
    table = members("framework", catalog=catalog).set_index("state")
    assert pd_isna(table.loc["RUS", "left"])
    assert table.loc["RUS", "suspended"] == date(2014, 4, 1)
    events = timeline("framework", catalog=catalog)
    suspended = events[events["event"] == "suspended"]
    assert suspended[["date", "state"]].values.tolist() == [[date(2014, 4, 1), "RUS"]]


def pd_isna(value: object) -> bool:
    return value is None or value != value


@pytest.mark.parametrize("suspended", [date(1994, 6, 22), date(1990, 1, 1), date(2021, 1, 1)])
def test_a_suspension_outside_the_spell_is_refused(tmp_path: Path, suspended: date) -> None:
    spell = {"state": "RUS", "joined": date(1994, 6, 22), "left": date(2020, 12, 31)}
    write(tmp_path, members=[{**spell, "suspended": suspended, "role": "partner"}])
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    message = str(info.value)
    assert "framework.yaml" in message and "suspended" in message
    assert f"suspended on {suspended}, outside its spell (1994-06-22..2020-12-31)" in message


def test_russia_is_no_pfp_partner_after_april_2014() -> None:
    """NATO foreign ministers suspended all practical cooperation with Russia on 1 April 2014
    (NBC News / Reuters, 1 April 2014; NATO, 'Relations with Russia')."""
    assert "RUS" in set(members("partnership_for_peace", on=date(2014, 3, 31))["state"])
    assert "RUS" not in set(members("partnership_for_peace", on=date(2014, 4, 1))["state"])
