"""``allied sharing decide``: ALLOWED/DENIED, reasons, exit codes 0/1/2, JSON output."""

from __future__ import annotations

import json

import pytest

from allied.cli import main


def test_allowed_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["sharing", "decide", "--markings", "SECRET//REL TO USA, GBR", "--to", "GBR",
         "--clearance", "S", "--originator", "USA", "--on", "2024-01-01"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines() == [
        "ALLOWED",
        "  - REL TO GBR, USA on 2024-01-01: GBR is included",
        "  - clearance S covers SECRET",
        "  - agreement five_eyes in force on 2024-01-01 covers SECRET USA->GBR",
    ]


def test_denied_exits_1_with_every_failing_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["sharing", "decide", "-m", "TLP:AMBER+STRICT", "-m", "S//NOFORN", "--to", "gbr",
         "--originator", "usa", "--on", "2024-01-01"]
    )  # fmt: skip
    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "DENIED",
        "  - TLP:AMBER+STRICT: only within the originator nation USA",
        "  - NOFORN: only within the originator nation USA",
        "  - clearance U does not cover SECRET",
    ]


def test_five_eyes_by_date_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sharing", "decide", "-m", "TS//REL TO FVEY", "--to", "CAN", "--clearance", "TS",
            "--originator", "USA", "--format", "json", "--on"]  # fmt: skip
    assert main([*args, "1949-06-28"]) == 1
    before = json.loads(capsys.readouterr().out)
    assert before["decision"] == "DENIED" and before["allowed"] is False
    assert "REL TO FVEY on 1949-06-28: CAN is not included" in before["reasons"]
    assert main([*args, "1949-06-29"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["allowed"] is True and after["on"] == "1949-06-29"
    assert after["markings"] == ["TOP SECRET//REL TO FVEY"]
    assert after["recipient"] == {"nation": "CAN", "clearance": "TS"}


def test_holder_applies_the_third_party_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["sharing", "decide", "-m", "S//REL TO USA, JPN", "--to", "GBR", "--clearance", "S",
         "--originator", "JPN", "--holder", "USA", "--on", "2024-01-01"]
    )  # fmt: skip
    assert code == 1
    assert "third-party rule of us_japan_gsomia" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-m", "SECRET//ORCON", "--to", "GBR"],
            "unknown caveat 'ORCON' in 'SECRET//ORCON' (option --markings)",
        ),
        (["-m", "S//REL TO USA, XYZ", "--to", "GBR"], "unknown country or grouping 'XYZ'"),
        (["-m", "TLP:AMBER", "--to", "UK"], "'UK' is not an ISO 3166-1 alpha-3 code (option --to)"),
        (["-m", "TLP:AMBER", "--to", "GBR", "--clearance", "SECRET"], "(option --clearance)"),
        (
            ["-m", "TLP:AMBER", "--to", "GBR", "--originator", "XX"],
            "'XX' is not an ISO 3166-1 alpha-3 code (option --originator)",
        ),
    ],
)
def test_bad_input_exits_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sharing", "decide", *args]) == 2
    assert message in capsys.readouterr().err


def test_bad_date_and_missing_options_exit_2() -> None:
    assert main(["sharing", "decide", "-m", "TLP:AMBER", "--to", "GBR", "--on", "2024-13-01"]) == 2
    assert main(["sharing", "decide", "--to", "GBR"]) == 2


def _decide(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["sharing", "decide", *args])
    return code, capsys.readouterr().out.splitlines()


# Issue 12: Japan -> Australia SECRET (2012 ISA, in force 22 Mar 2013) and US -> Korea SECRET
# (1987 GSOMIA): allowed today, denied the day before each agreement took effect.
ISSUE_EXAMPLES = [
    ("AUS", "JPN", "2026-12-07", 0, "agreement japan_australia_isa in force on 2026-12-07 "
     "covers SECRET JPN->AUS"),
    ("KOR", "USA", "2026-12-07", 0, "agreement us_rok_gsomia in force on 2026-12-07 "
     "covers SECRET USA->KOR"),
    ("AUS", "JPN", "2013-03-21", 1, "agreement: none in force on 2013-03-21 between JPN and AUS "
     "covers SECRET"),
    ("KOR", "USA", "1987-09-23", 1, "agreement: none in force on 1987-09-23 between USA and KOR "
     "covers SECRET"),
]  # fmt: skip


@pytest.mark.parametrize(("to", "originator", "on", "exit_code", "reason"), ISSUE_EXAMPLES)
def test_issue_examples_by_date(
    to: str,
    originator: str,
    on: str,
    exit_code: int,
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = _decide(
        capsys, "-m", f"SECRET//REL TO {to}", "--to", to, "--originator", originator,
        "--clearance", "S", "--on", on,
    )  # fmt: skip
    assert code == exit_code
    assert out[0] == ("ALLOWED" if exit_code == 0 else "DENIED")
    assert out[-1] == f"  - {reason}"


def test_issue_example_today_without_clearance(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's literal command (no --on, no --clearance): the recipient is uncleared (U),
    and that is now the only reason for the denial."""
    code, out = _decide(capsys, "-m", "SECRET//REL TO AUS", "--to", "AUS", "--originator", "JPN")
    assert (code, out) == (1, ["DENIED", "  - clearance U does not cover SECRET"])


@pytest.mark.parametrize("nation", ["AUS", "GBR", "USA", "NZL"])
def test_rel_to_aukus_by_date(nation: str, capsys: pytest.CaptureFixture[str]) -> None:
    """REL TO AUKUS is Australia, the UK and the US from 15 Sep 2021, and nobody before."""
    args = ["-m", "SECRET//REL TO AUKUS", "--to", nation, "--clearance", "S",
            "--originator", "GBR" if nation == "USA" else "USA", "--on"]  # fmt: skip
    code, out = _decide(capsys, *args, "2021-09-15")
    included = nation != "NZL"
    assert code == (0 if included else 1)
    verdict = "included" if included else "not included"
    assert f"  - REL TO AUKUS on 2021-09-15: {nation} is {verdict}" in out
    code, out = _decide(capsys, *args, "2021-09-14")
    assert code == 1
    assert f"  - REL TO AUKUS on 2021-09-14: {nation} is not included" in out
