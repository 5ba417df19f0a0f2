"""`allied catalog` on the legal kinds: embargo targets, embargoes on a state, regime mismatch."""

from __future__ import annotations

import csv
import io
import json

import pytest
from tests.cli.test_network_cli import run


def test_members_of_an_embargo_lists_its_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalog", "members", "un_arms_embargo_dprk", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["state"], r["scope"]) for r in rows] == [("PRK", "full")]
    assert "an arms embargo has no members" in err


def test_show_an_embargo_gives_its_body_and_instruments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "catalog", "show", "eu_arms_embargo_russia", "-f", "csv")
    assert code == 0
    assert [r["state"] for r in csv.DictReader(io.StringIO(out))] == ["RUS"]
    code, out, _ = run(capsys, "catalog", "show", "eu_arms_embargo_russia", "-f", "json")
    terms = json.loads(out)["embargo"]
    assert terms["imposed_by"] == "european_union"
    assert terms["instruments"][0]["reference"] == "Council Decision 2014/512/CFSP"


def test_list_shows_targets_only_for_embargoes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list", "--kind", "arms_embargo", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"]: r["targets"] for r in rows}["un_arms_embargo_libya"] == "LBY"
    assert {r["id"]: r["groups_in"] for r in rows}["un_arms_embargo_al_shabaab"] == "SOM"
    code, out, _ = run(capsys, "catalog", "list", "--kind", "export_control_regime", "-f", "csv")
    regimes = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"]: (r["members"], r["members_complete"]) for r in regimes} == {
        "arms_trade_treaty": ("101", "False"),  # a partial list of states parties (101 of 116)
        "australia_group": ("42", "True"),
        "mtcr": ("35", "True"),
        "nuclear_suppliers_group": ("48", "True"),
        "wassenaar": ("42", "True"),
    }


def test_embargoes_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "embargoes", "Russia", "--on", "2024-01-01", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["embargo"], r["imposed_by"]) for r in rows] == [("eu_arms_embargo_russia", "EU")]
    code, out, _ = run(
        capsys,
        "catalog",
        "embargoes",
        "RUS",
        "--on",
        "2024-01-01",
        "--imposed-by",
        "un_security_council",
        "-f",
        "csv",
    )
    assert code == 0 and list(csv.DictReader(io.StringIO(out))) == []


def test_embargoes_on_groups_are_a_note_not_a_row(capsys: pytest.CaptureFixture[str]) -> None:
    """UN resolution 1701 (11 August 2006) and EU Common Position 2006/625/CFSP restrict arms
    to non-state actors in Lebanon; Lebanon itself is under no arms embargo."""
    code, out, err = run(capsys, "catalog", "embargoes", "LBN", "--on", "2024-01-01", "-f", "csv")
    assert code == 0 and list(csv.DictReader(io.StringIO(out))) == []
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 2
    assert notes[0].startswith("note: UN arms embargo on non-state actors in Lebanon (UN, since")
    assert all(n.endswith("Lebanon itself is not embargoed by it") for n in notes)


def test_show_lists_an_embargo_s_groups(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "un_arms_embargo_houthis")
    assert code == 0
    groups = out[out.index("groups") : out.index("instruments")]
    assert "The Houthis" in groups and "(in YEM)" in groups


def test_regimes_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "catalog", "regimes", "USA", "IND", "--on", "2024-01-01", "-f", "csv"
    )
    assert code == 0
    rows = {r["regime"]: r["mismatch"] for r in csv.DictReader(io.StringIO(out))}
    assert rows == {
        "arms_trade_treaty": "",  # neither is a listed party of a partial list: unknown
        "australia_group": "False",
        "mtcr": "False",
        "nuclear_suppliers_group": "True",
        "wassenaar": "False",
    }


def test_show_names_the_organizations_taking_part(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "australia_group", "-f", "json")
    assert code == 0
    assert json.loads(out)["organizations"] == [
        {
            "name": "European Union",
            "role": "member",
            "as_of": "1985-12-31",
            "notes": "Represented by the European Commission; the Australia Group dates its "
            "participation from 1985, the year only, hence as_of 31 December 1985.",
        }
    ]
    code, out, _ = run(capsys, "catalog", "show", "nuclear_suppliers_group")
    assert code == 0 and "European Commission (observer, as of 2008-08-21)" in out
