"""Catalog loading fails on broken files with the file, line and field."""

from pathlib import Path

import pytest

from allied.catalog import load_catalog
from allied.catalog._load import parse_files
from allied.errors import CatalogError, InputError

VALID = """\
id: pact
name: Example Pact
kind: multilateral_alliance
signed: 1950-01-01
in_force: 1950-06-01
status: active
description: A made-up pact used by the tests.
obligations: [defense]
domains: [land]
members:
  - state: FRA
  - state: DEU
    joined: 1955-05-06
sources:
  - citation: Example source
    url: https://example.org/pact
    accessed: 2026-11-29
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    return [(Path(p.file).name, p.line, p.field, p.problem) for p in info.value.problems]


def test_valid_fixture_loads(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID)
    catalog = load_catalog(tmp_path)
    assert [a.id for a in catalog] == ["pact"]
    assert catalog.get("pact").joined(catalog.get("pact").members[0]).isoformat() == "1950-06-01"


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("kind: multilateral_alliance", "kind: alliance", 3, "kind", "Input should be"),
        ("in_force: 1950-06-01", "in_force: 1950-02-30", 5, "in_force", "not a valid value"),
        ("in_force: 1950-06-01", "in_force: 1949-06-01", 5, "in_force", "before signature"),
        ("  - state: FRA", "  - state: FRX", 11, "members[0].state", "unknown state 'FRX'"),
        (
            "    joined: 1955-05-06",
            "    joined: 1940-05-06",
            13,
            "members[1].joined",
            "before the arrangement began",
        ),
        ("status: active", "status: active\nended: 1960-01-01", 6, "status", "ended on"),
        (
            "obligations: [defense]",
            "obligations: [defence]",
            8,
            "obligations[0]",
            "Input should be",
        ),
        (
            "    url: https://example.org/pact",
            "    url: example.org/pact",
            16,
            "sources[0].url",
            "should match pattern",
        ),
    ],
)
def test_broken_field_is_reported_with_line(
    tmp_path: Path, old: str, new: str, line: int, field: str, message: str
) -> None:
    assert old in VALID
    write(tmp_path, "pact.yaml", VALID.replace(old, new))
    (found,) = problems(tmp_path)
    assert found[:3] == ("pact.yaml", line, field)
    assert message in found[3]


def test_missing_source(tmp_path: Path) -> None:
    text = VALID[: VALID.index("sources:")]
    write(tmp_path, "pact.yaml", text)
    assert problems(tmp_path) == [("pact.yaml", 1, "sources", "required field is missing")]


def test_empty_sources(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID[: VALID.index("sources:")] + "sources: []\n")
    ((file, line, field, message),) = problems(tmp_path)
    assert (file, line, field) == ("pact.yaml", 14, "sources")
    assert "at least 1" in message


def test_membership_after_the_end(tmp_path: Path) -> None:
    text = VALID.replace("status: active", "status: ended\nended: 1970-01-01").replace(
        "    joined: 1955-05-06", "    joined: 1955-05-06\n    left: 1975-01-01"
    )
    write(tmp_path, "pact.yaml", text)
    ((_, line, field, message),) = problems(tmp_path)
    assert (line, field) == (15, "members[1].left")
    assert "after the arrangement ended" in message


def test_overlapping_spells(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("  - state: DEU", "  - state: FRA\n  - state: DEU"))
    ((_, line, field, message),) = problems(tmp_path)
    assert (line, field) == (12, "members[1].joined")
    assert "overlapping" in message


def test_misspelt_key(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("kind:", "knd:"))
    assert problems(tmp_path) == [
        ("pact.yaml", 1, "kind", "required field is missing"),
        ("pact.yaml", 3, "knd", "unknown field (a typo?)"),
    ]


def test_duplicate_ids() -> None:
    with pytest.raises(CatalogError) as info:
        parse_files([("a/pact.yaml", VALID), ("b/pact.yaml", VALID)])
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.field) == ("b/pact.yaml", 1, "id")
    assert problem.problem == "duplicate id 'pact', also used in a/pact.yaml"


def test_id_must_match_file_name(tmp_path: Path) -> None:
    write(tmp_path, "pact_copy.yaml", VALID)
    assert problems(tmp_path) == [
        ("pact_copy.yaml", 1, "id", "id 'pact' differs from the file name 'pact_copy'")
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("status: active", "status: active\nname: Again"))
    assert problems(tmp_path) == [("pact.yaml", 7, "name", "duplicate key 'name'")]


def test_unknown_parent(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("status: active", "status: active\nparent: nope"))
    assert problems(tmp_path) == [("pact.yaml", 7, "parent", "parent 'nope' is not in the catalog")]


def test_invalid_yaml(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("members:", "members: ["))
    ((file, line, _, message),) = problems(tmp_path)
    assert file == "pact.yaml" and line is not None and "not valid YAML" in message


def test_every_problem_is_listed(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", VALID.replace("FRA", "FRX").replace("DEU", "DEX"))
    assert [f[2] for f in problems(tmp_path)] == ["members[0].state", "members[1].state"]


def test_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_catalog(tmp_path / "missing")
    with pytest.raises(InputError, match=r"no \.yaml files"):
        load_catalog(tmp_path)


AS_OF = VALID.replace("    joined: 1955-05-06", "    as_of: 2024-11-01")


def test_as_of_spell_is_not_a_member_before_its_date(tmp_path: Path) -> None:
    """A contributor known only "as of" a date is not counted before it."""
    from datetime import date

    from allied.catalog import members

    write(tmp_path, "pact.yaml", AS_OF)
    catalog = load_catalog(tmp_path)
    pact = catalog.get("pact")
    assert [m.state for m in pact.members_on(date(2000, 1, 1))] == ["FRA"]
    assert [m.state for m in pact.members_on(date(2024, 11, 1))] == ["FRA", "DEU"]
    table = members("pact", catalog=catalog)
    deu = table.loc[table.state == "DEU"].iloc[0]
    assert deu["joined"] is None and deu["as_of"] == date(2024, 11, 1)


def test_as_of_and_joined_together_are_refused(tmp_path: Path) -> None:
    text = AS_OF.replace("    as_of: 2024-11-01", "    joined: 1955-05-06\n    as_of: 2024-11-01")
    write(tmp_path, "pact.yaml", text)
    found = problems(tmp_path)
    assert [(f, p) for _, _, f, p in found] == [
        ("members[1].as_of", "DEU has both 'as_of' and a start date ('joined' or 'signed')")
    ]


MILESTONE = VALID.replace(
    "members:\n",
    "milestones:\n  - date: 1960-03-01\n    event: A brigade replaces the battalion.\nmembers:\n",
)


def test_milestone_is_a_timeline_event(tmp_path: Path) -> None:
    from datetime import date

    from allied.catalog import timeline

    write(tmp_path, "pact.yaml", MILESTONE)
    events = timeline("pact", catalog=load_catalog(tmp_path))
    row = events.loc[events.event == "milestone"].iloc[0]
    assert (row.date, row.detail) == (date(1960, 3, 1), "A brigade replaces the battalion.")
    assert events.date.is_monotonic_increasing


def test_milestone_outside_the_arrangement_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", MILESTONE.replace("date: 1960-03-01", "date: 1949-03-01"))
    ((file, line, field, message),) = problems(tmp_path)
    assert (file, line, field) == ("pact.yaml", 11, "milestones[0].date")
    assert message == (
        "milestone on 1949-03-01 is outside the arrangement's life (1950-01-01..today)"
    )
