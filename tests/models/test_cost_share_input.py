"""Cost-share input files in Python (allied.models.load_cost_share), as the CLI reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from allied.errors import InputError
from allied.models import (
    COST_SHARE_METHODS,
    CostShareSpec,
    airport_nucleolus,
    load_cost_share,
    proportional_shares,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cost-share"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_f35_example_gives_the_court_of_audit_shares() -> None:
    spec = load_cost_share(EXAMPLES / "f35-sustainment.yaml")
    assert isinstance(spec, CostShareSpec) and spec.title
    allocation, core = spec.allocate("proportional")
    assert (100 * allocation.shares[:4]).round(3).tolist() == [76.993, 4.349, 3.152, 2.521]
    assert core is None  # a key, not a game
    assert allocation.amounts.sum() == pytest.approx(allocation.cost)


def test_a_game_file_gives_the_core_check() -> None:
    spec = load_cost_share(EXAMPLES / "airport-123.yaml")
    allocation, core = spec.allocate("nucleolus")
    assert allocation.amounts.tolist() == pytest.approx(airport_nucleolus([1, 2, 3]).amounts)
    assert core is not None and core.in_core
    shapley, _ = spec.allocate("airport")
    assert shapley.amounts.tolist() == pytest.approx([1 / 3, 5 / 6, 11 / 6])


def test_every_method_on_one_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cost: 90\nkey: {A: 1, B: 2, C: 6}\ncaps: {C: 0.5}\nrequirements: {A: 1, B: 2, C: 3}\n",
    )
    spec = load_cost_share(path)
    amounts = {m: spec.allocate(m)[0].amounts.tolist() for m in COST_SHARE_METHODS}
    assert amounts["equal"] == [30, 30, 30]
    assert amounts["proportional"] == pytest.approx([10, 20, 60])
    assert amounts["formula"] == pytest.approx([15, 30, 45])
    assert amounts["shapley"] == pytest.approx(amounts["airport"])
    assert amounts["nucleolus"] == pytest.approx([0.5, 0.75, 1.75])
    assert spec.allocate("proportional", cost=9)[0].amounts.tolist() == pytest.approx(
        proportional_shares({"A": 1, "B": 2, "C": 6}, cost=9).amounts
    )


@pytest.mark.parametrize(
    ("text", "method", "where", "what"),
    [
        ("cost: 1\nkey:\n  USA: 10\n  GBR: -2\n", "proportional", "input.yaml:4, field 'key.GBR'",
         "key of 'GBR' must be non-negative, not -2"),
        ("cost: x\nkey: {A: 1}\n", "proportional", "input.yaml:1, field 'cost'",
         "cost is not a number: 'x'"),
        ("cost: 1\nkey:\n  1: 5\n  2: -1\n", "proportional", "input.yaml:4, field 'key.2'",
         "must be non-negative"),
        ("cost: 1\nkey: {A: 1}\nkey: {B: 2}\n", "proportional", "input.yaml:3, field 'key'",
         "duplicate key 'key'"),
        ("coalitions:\n  A: 1\n  B: 2\n", "shapley", "input.yaml:2, field 'coalitions'",
         r"no cost for coalition A\+B"),
        ("cost: 1\nplayers: A\n", "equal", "input.yaml:2, field 'players'",
         "non-empty list of names"),
        ("key: {A: 1}\n", "proportional", "input.yaml", "no cost to share"),
        ("players: [A]\n", "nucleolus", "input.yaml", "the method nucleolus needs a game"),
    ],
)  # fmt: skip
def test_errors_name_the_file_line_and_field(
    tmp_path: Path, text: str, method: str, where: str, what: str
) -> None:
    with pytest.raises(InputError, match=what) as info:
        load_cost_share(write(tmp_path, text)).allocate(method)
    assert info.value.where is not None and info.value.where.endswith(where)


def test_options_that_do_not_apply(tmp_path: Path) -> None:
    spec = load_cost_share(write(tmp_path, "requirements: {A: 1, B: 2}\n"))
    with pytest.raises(InputError, match="cost does not apply to airport") as info:
        spec.allocate("airport", cost=3)
    assert info.value.where == "argument cost"
    with pytest.raises(InputError, match="samples apply to the method shapley only") as info:
        spec.allocate("nucleolus", samples=100)
    assert info.value.where == "argument samples"
    with pytest.raises(InputError, match="unknown method 'banzhaf'"):
        spec.allocate("banzhaf")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("- 1\n- 2\n", "the input must be a YAML mapping of fields"),
        ("", "the input must be a YAML mapping of fields"),
        ("key: [1, 2\n", "not valid YAML"),
        ("cost: 1\nkeys: {A: 1}\n", "unknown field 'keys'"),
    ],
)
def test_bad_files_are_refused_on_load(tmp_path: Path, text: str, what: str) -> None:
    with pytest.raises(InputError, match=what) as info:
        load_cost_share(write(tmp_path, text))
    assert "input.yaml" in (info.value.where or "")


def test_a_missing_file_names_the_argument(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist") as info:
        load_cost_share(tmp_path / "nope.yaml")
    assert info.value.where == "argument input_file"
