"""``allied sharing decide``: may an item with these markings go to this recipient?"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from allied.cli._options import day
from allied.errors import InputError
from allied.sharing.policy import Recipient, decide, parse_markings

#: The option that gave each part of a recipient (the ``where`` of its errors).
RECIPIENT_OPTIONS = {"recipient nation": "--to", "recipient clearance": "--clearance"}


class DecideFormat(StrEnum):
    """Output formats of ``allied sharing decide``."""

    TABLE = "table"
    JSON = "json"


def _option_error(exc: InputError, option: str) -> InputError:
    return InputError(exc.what, where=f"option {option}", fix=exc.fix)


def decide_command(
    markings: Annotated[
        list[str],
        typer.Option(
            "--markings",
            "-m",
            metavar="MARKING",
            help='A marking: "TLP:AMBER", "SECRET//REL TO USA, GBR", "S//NOFORN", '
            '"NATO SECRET" (repeatable; ";" separates several in one value).',
            show_default=False,
        ),
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="ISO3", help="Recipient nation (ISO3, e.g. GBR).", show_default=False
        ),
    ],
    clearance: Annotated[
        str,
        typer.Option(
            metavar="LEVEL", help="Recipient clearance: U, C, S, TS or NU, NR, NC, NS, CTS."
        ),
    ] = "U",
    originator: Annotated[
        str | None,
        typer.Option(metavar="ISO3", help="Nation (ISO3) that created the information."),
    ] = None,
    holder: Annotated[
        str | None,
        typer.Option(
            metavar="ISO3",
            help="Nation (ISO3) releasing it, when not the originator (third-party rule).",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Date of release (YYYY-MM-DD); default today."),
    ] = None,
    fmt: Annotated[
        DecideFormat, typer.Option("--format", "-f", help="Output format: table or json.")
    ] = DecideFormat.TABLE,
) -> None:
    """Decide whether an item with these markings may be released to a nation.

    Prints ALLOWED or DENIED with the rules that decided; exits 0 when
    allowed, 1 when denied and 2 for bad input.
    """
    release_day = day(on)
    parsed = []
    for text in markings:
        try:
            parsed.extend(parse_markings(text))
        except InputError as exc:
            raise _option_error(exc, "--markings") from None
    try:
        recipient = Recipient(to, clearance)
    except InputError as exc:
        raise _option_error(exc, RECIPIENT_OPTIONS[exc.where or ""]) from None
    when = release_day if release_day is not None else date.today()
    try:
        decision = decide(
            parsed,
            recipient,
            on=when,
            originator=originator,
            holder=holder,
        )
    except InputError as exc:
        option = (exc.where or "").removeprefix("argument ")
        raise _option_error(exc, f"--{option}") from None
    if fmt == DecideFormat.JSON:
        record = {
            "decision": "ALLOWED" if decision.allowed else "DENIED",
            "allowed": decision.allowed,
            "reasons": list(decision.reasons),
            "markings": [str(m) for m in parsed],
            "recipient": {"nation": recipient.nation, "clearance": recipient.clearance},
            "originator": originator.upper() if originator else None,
            "holder": holder.upper() if holder else None,
            "on": when.isoformat(),
        }
        print(json.dumps(record, indent=2, ensure_ascii=False))
    else:
        print(decision.summary())
    if not decision.allowed:
        raise typer.Exit(1)
