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
        (["-m", "TLP:AMBER", "--to", "UK"], "unknown nation 'UK' (option --to)"),
        (["-m", "TLP:AMBER", "--to", "GBR", "--clearance", "SECRET"], "(option --clearance)"),
        (
            ["-m", "TLP:AMBER", "--to", "GBR", "--originator", "XX"],
            "unknown nation 'XX' (option --originator)",
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
