"""Arms-embargo entries fail to load with the file, line and field of each problem."""

from pathlib import Path

import pytest
from tests.catalog.test_validation import VALID, problems, write

from allied.catalog import EmbargoBody, EmbargoScope, Kind, load_catalog

EMBARGO = """\
id: ban
name: Example embargo
kind: arms_embargo
in_force: 2010-03-01
status: active
description: A made-up embargo used by the tests.
embargo:
  imposed_by: un_security_council
  targets:
    - state: FRA
      scope: partial
      covers: non-governmental forces
  instruments:
    - reference: S/RES/9999 (2010)
      date: 2010-03-01
      effect: imposed it
sources:
  - citation: Example source
    url: https://example.org/ban
    accessed: 2026-12-08
"""


def test_valid_embargo_loads_with_targets_and_no_members(tmp_path: Path) -> None:
    write(tmp_path, "ban.yaml", EMBARGO)
    ban = load_catalog(tmp_path).get("ban")
    assert ban.kind is Kind.ARMS_EMBARGO and not ban.kind.is_collaboration
    assert ban.members == []
    assert ban.embargo is not None
    assert ban.embargo.imposed_by is EmbargoBody.UN_SECURITY_COUNCIL
    assert [(t.state, t.scope) for t in ban.embargo.targets] == [("FRA", EmbargoScope.PARTIAL)]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("    - state: FRA", "    - state: FRX", 10, "embargo.targets[0].state", "'FRX'"),
        ("      scope: partial", "      scope: some", 11, "embargo.targets[0].scope", "Input"),
        (
            "  imposed_by: un_security_council",
            "  imposed_by: nato",
            8,
            "embargo.imposed_by",
            "Input should be",
        ),
        (
            "      date: 2010-03-01",
            "      date: 2009-03-01",
            15,
            "embargo.instruments[0].date",
            "outside the embargo's life",
        ),
        (
            "  instruments:\n    - reference: S/RES/9999 (2010)\n      date: 2010-03-01\n"
            "      effect: imposed it\n",
            "  instruments: []\n",
            13,
            "embargo.instruments",
            "at least 1 item",
        ),
        (
            "sources:",
            "members:\n  - state: DEU\nsources:",
            18,
            "members",
            "an arms embargo lists members",
        ),
        (
            "    - state: FRA\n      scope: partial\n      covers: non-governmental forces\n",
            "    - state: FRA\n      scope: partial\n      covers: non-governmental forces\n"
            "    - state: FRA\n      scope: full\n      covers: all arms\n",
            13,
            "embargo.targets[1].state",
            "listed twice",
        ),
    ],
)
def test_broken_embargo_is_reported_with_line(
    tmp_path: Path, old: str, new: str, line: int, field: str, message: str
) -> None:
    assert old in EMBARGO
    write(tmp_path, "ban.yaml", EMBARGO.replace(old, new))
    found = problems(tmp_path)
    assert len(found) == 1, found
    assert found[0][:3] == ("ban.yaml", line, field)
    assert message in found[0][3]


def test_embargo_without_terms_is_refused(tmp_path: Path) -> None:
    start = EMBARGO.index("embargo:\n")
    write(tmp_path, "ban.yaml", EMBARGO[:start] + EMBARGO[EMBARGO.index("sources:") :])
    assert problems(tmp_path) == [
        ("ban.yaml", 1, "embargo", "an arms embargo without 'embargo' terms")
    ]


def test_embargo_terms_on_a_collaboration_are_refused(tmp_path: Path) -> None:
    terms = EMBARGO[EMBARGO.index("embargo:\n") : EMBARGO.index("sources:")]
    write(tmp_path, "pact.yaml", VALID.replace("sources:", terms + "sources:"))
    found = problems(tmp_path)
    assert found == [
        (
            "pact.yaml",
            15,
            "embargo",
            "'embargo' terms given for an arrangement of kind 'multilateral_alliance'",
        )
    ]


@pytest.mark.parametrize(("lifted", "refused"), [("2012-01-01", False), ("2012-01-02", True)])
def test_the_lifting_act_may_fall_on_the_day_after_the_end(
    tmp_path: Path, lifted: str, refused: bool
) -> None:
    ended = EMBARGO.replace("status: active", "ended: 2011-12-31\nstatus: ended").replace(
        "      effect: imposed it\n",
        f"      effect: imposed it\n    - reference: S/RES/9998 (2011)\n      date: {lifted}\n"
        "      effect: lifted it\n",
    )
    write(tmp_path, "ban.yaml", ended)
    if refused:
        assert [p[2] for p in problems(tmp_path)] == ["embargo.instruments[1].date"]
    else:
        assert load_catalog(tmp_path).get("ban").ended.isoformat() == "2011-12-31"


def test_an_organization_takes_part_without_being_a_member(tmp_path: Path) -> None:
    org = "organizations:\n  - name: European Union\n    as_of: 1960-12-31\nmembers:"
    write(tmp_path, "pact.yaml", VALID.replace("members:", org))
    pact = load_catalog(tmp_path).get("pact")
    assert [o.name for o in pact.organizations] == ["European Union"]
    assert {m.state for m in pact.members} == {"FRA", "DEU"}


@pytest.mark.parametrize(
    ("dates", "line", "field", "message"),
    [
        ("    joined: 1960-01-01\n    as_of: 1960-12-31", 13, "organizations[0].as_of", "both"),
        ("    as_of: 1940-12-31", 12, "organizations[0].as_of", "outside the arrangement's life"),
    ],
)
def test_broken_organization_is_reported_with_line(
    tmp_path: Path, dates: str, line: int, field: str, message: str
) -> None:
    org = f"organizations:\n  - name: European Union\n{dates}\nmembers:"
    write(tmp_path, "pact.yaml", VALID.replace("members:", org))
    found = problems(tmp_path)
    assert [f[:3] for f in found] == [("pact.yaml", line, field)]
    assert message in found[0][3]


PARTIAL = "partial_members:\n  reported_count: {count}\n  reported_on: 1960-01-01\n  notes: Some.\n"


def test_a_partial_member_list_is_marked_and_loads(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("members:", PARTIAL.format(count=2) + "members:"))
    pact = load_catalog(tmp_path).get("pact")
    assert not pact.members_complete
    assert pact.partial_members is not None
    assert pact.partial_members.reported_count == 2
    write(tmp_path / "complete", "pact.yaml", VALID)
    assert load_catalog(tmp_path / "complete").get("pact").members_complete


def test_a_partial_list_longer_than_its_reported_count_is_refused(tmp_path: Path) -> None:
    """France and Germany are listed on 1960-01-01; a source counting one member contradicts it."""
    write(tmp_path, "pact.yaml", VALID.replace("members:", PARTIAL.format(count=1) + "members:"))
    found = problems(tmp_path)
    assert [f[:3] for f in found] == [("pact.yaml", 11, "partial_members.reported_count")]
    assert "2 members are listed on 1960-01-01, more than the 1 the source reports" in found[0][3]


GROUPS = """\
  groups:
    - name: Armed groups
      operates_in: [FRA]
      covers: arms of all types
"""
TARGETS = """\
  targets:
    - state: FRA
      scope: partial
      covers: non-governmental forces
"""


def test_an_embargo_on_groups_needs_no_target_state(tmp_path: Path) -> None:
    write(tmp_path, "ban.yaml", EMBARGO.replace(TARGETS, GROUPS))
    ban = load_catalog(tmp_path).get("ban")
    assert ban.embargo is not None and ban.embargo.targets == []
    assert [(g.name, g.operates_in) for g in ban.embargo.groups] == [("Armed groups", ["FRA"])]


@pytest.mark.parametrize(
    ("terms", "line", "field", "message"),
    [
        ("", 8, "embargo", "an arms embargo without targets or groups"),
        (GROUPS.replace("[FRA]", "[FRX]"), 11, "embargo.groups[0].operates_in[0]", "'FRX'"),
        (GROUPS.replace("[FRA]", "[]"), 11, "embargo.groups[0].operates_in", "at least 1 item"),
    ],
)
def test_broken_groups_are_reported_with_line(
    tmp_path: Path, terms: str, line: int, field: str, message: str
) -> None:
    assert TARGETS in EMBARGO
    write(tmp_path, "ban.yaml", EMBARGO.replace(TARGETS, terms))
    found = problems(tmp_path)
    assert [f[:3] for f in found] == [("ban.yaml", line, field)]
    assert message in found[0][3]
