"""Decision rules as data: the shipped rules, bad rule files, and the catalog's links to them."""

from pathlib import Path

import pytest

from allied.catalog import DecisionRule, decision_rule, decision_rules, load_catalog
from allied.errors import CatalogError, InputError, NotFoundError

RULE = """\
id: trio
name: A made-up trio
description: Three members; two of them, with five of the seven votes, decide.
legal_basis: Test fixture
as_of: 2020-01-01
members: [FRA, DEU, ITA]
weights:
  votes:
    unit: votes
    as_of: 2020-01-01
    values: {FRA: 3, DEU: 3, ITA: 1}
    sources:
      - citation: Example source
        url: https://example.org/votes
        accessed: 2026-11-29
vetoes: [FRA]
win:
  - all:
      - {weight: members, at_least: 2}
      - {weight: votes, share: 0.7}
sources:
  - citation: Example source
    url: https://example.org/rule
    accessed: 2026-11-29
"""


def write(folder: Path, text: str, name: str = "trio.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(CatalogError) as info:
        decision_rule(path)
    return [(p.line, p.field, p.problem) for p in info.value.problems]


def test_shipped_rules() -> None:
    rules = decision_rules()
    assert sorted(rules) == ["eec-1958", "eu-council", "eu-council-unanimity", "nato", "unsc"]
    assert all(isinstance(rule, DecisionRule) for rule in rules.values())
    eu = rules["eu-council"]
    assert len(eu.members) == 27 and eu.weights["population"].total == 449_206_200
    assert eu.weights["population"].values["DEU"] == 83_445_000
    assert [[c.quota(27) for c in clause.all if c.weight == "members"] for clause in eu.win] == [
        [15, 15],
        [24],
    ]
    assert eu.win[0].all[2].quota(eu.weights["population"].total) == 291_984_030
    assert rules["eec-1958"].weight_of("votes") == [2, 4, 4, 4, 1, 2]
    assert rules["unsc"].vetoes == ["CHN", "FRA", "GBR", "RUS", "USA"]
    assert len(rules["unsc"].members) == 15 and len(rules["nato"].members) == 32
    assert all(rule.citations() for rule in rules.values())


def test_share_quota_is_exact() -> None:
    """0.55 is read as 11/20: 0.55 * 20 = 11 exactly (the binary float would round up to 12)."""
    condition = decision_rules()["eu-council"].win[0].all[0]
    assert condition.share == 0.55 and condition.quota(20) == 11 and condition.quota(27) == 15


def test_rule_from_file(tmp_path: Path) -> None:
    rule = decision_rule(write(tmp_path, RULE))
    assert rule.id == "trio" and rule.weight_of("members") == [1, 1, 1]
    assert rule.win[0].all[1].quota(7) == 5
    assert decision_rule(str(tmp_path / "trio.yaml")) == rule


def test_unknown_rule_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="Use one of: eec-1958, eu-council") as info:
        decision_rule("qmv")
    assert info.value.where == "argument rule"
    with pytest.raises(NotFoundError, match="no rule file"):
        decision_rule(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("ITA", "ITX", 6, "members[2]", "unknown state"),
        ("vetoes: [FRA]", "vetoes: [GBR]", 16, "vetoes[0]", "not a member"),
        ("{FRA: 3, DEU: 3, ITA: 1}", "{FRA: 3, DEU: 3}", 11, "weights.votes.values", "no votes"),
        (
            "{weight: votes, share: 0.7}",
            "{weight: vote, share: 0.7}",
            20,
            "win[0].all[1].weight",
            "unknown weight 'vote'",
        ),
        (
            "{weight: votes, share: 0.7}",
            "{weight: votes, share: 0.7, at_least: 3}",
            20,
            "win[0].all[1]",
            "exactly one of",
        ),
        (
            "{weight: members, at_least: 2}",
            "{weight: members, at_least: 4}",
            19,
            "win[0].all[0]",
            "outside 1..3",
        ),
        (
            "as_of: 2020-01-01\nmembers",
            "as_of: 2020-02-30\nmembers",
            5,
            "as_of",
            "not a valid value",
        ),
    ],
)
def test_bad_rule_file_names_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, message: str
) -> None:
    assert old in RULE
    ((found_line, found_field, problem),) = problems(write(tmp_path, RULE.replace(old, new)))
    assert (found_line, found_field) == (line, field)
    assert message in problem


def test_bad_rule_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        decision_rule(write(tmp_path, "id: [", "broken.yaml"))
    assert problems(write(tmp_path, "- a list\n", "list.yaml"))[0][2] == (
        "the file is not a YAML mapping"
    )


def test_catalog_links_to_rules() -> None:
    catalog = load_catalog()
    linked = {a.id: a.decision_rule for a in catalog if a.decision_rule}
    assert linked == {
        "nato": "nato",
        "eu_csdp": "eu-council-unanimity",
        "un_peacekeeping": "unsc",
        "unifil": "unsc",
    }
    assert set(linked.values()) <= set(decision_rules())


def test_unknown_decision_rule_in_catalog(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/allied/catalog/data/nato.yaml").read_text()
    write(tmp_path, text.replace("decision_rule: nato", "decision_rule: consensus"), "nato.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    (problem,) = info.value.problems
    assert (Path(problem.file).name, problem.field) == ("nato.yaml", "decision_rule")
    assert problem.line == text.splitlines().index("decision_rule: nato") + 1
    assert problem.problem == "decision rule 'consensus' is not known"
    assert "eu-council, eu-council-unanimity, nato, unsc" in problem.fix
