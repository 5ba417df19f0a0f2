"""``allied sharing filter``: the part of a STIX 2.1 bundle that one nation may see."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from allied._validation import decode_utf8, read_text
from allied.cli._options import day
from allied.cli._output import MkdirOption, OutOption, destination, messages
from allied.cli._sharing_decide import RECIPIENT_OPTIONS
from allied.errors import InputError
from allied.sharing.policy import Recipient
from allied.sharing.stix import filter_bundle

_BUNDLE_FIX = "Give the path of a STIX 2.1 bundle (JSON), or - for standard input."


def read_bundle(path: Path) -> Any:
    """The parsed JSON of a bundle file, or of standard input when ``path`` is ``-``.

    A missing, unreadable or non-UTF-8 file, or malformed JSON, is an
    :class:`InputError` naming the file (and the line and column).
    """
    if str(path) == "-":
        where = "standard input"
        text = decode_utf8(sys.stdin.buffer.read(), name=where, where="argument BUNDLE -")
    else:
        where = f"file {str(path)!r}"
        text = read_text(path, where="argument BUNDLE", fix=_BUNDLE_FIX)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the bundle is not JSON: {exc.msg}",
            where=f"{where}, line {exc.lineno} column {exc.colno}",
            fix="Give a STIX 2.1 bundle as JSON.",
        ) from None


def filter_command(
    bundle: Annotated[
        Path,
        typer.Argument(
            metavar="BUNDLE",
            help="STIX 2.1 bundle (JSON file, or - for standard input).",
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
        typer.Option(metavar="ISO3", help="Nation (ISO3) that created the bundle's objects."),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Date of release (YYYY-MM-DD); default today."),
    ] = None,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Filter a STIX 2.1 bundle for one recipient and print the bundle it may receive.

    Objects whose markings deny are withheld, fields under denying granular
    markings are removed, and references to withheld objects are dropped. The
    filtered bundle goes to stdout (or --out); a count and every withheld
    object with its reasons go to stderr.
    """
    release_day = day(on)
    target = destination(out, mkdir)
    try:
        recipient = Recipient(to, clearance)
    except InputError as exc:
        option = RECIPIENT_OPTIONS[exc.where or ""]
        raise InputError(exc.what, where=f"option {option}", fix=exc.fix) from None
    result = filter_bundle(
        read_bundle(bundle),
        recipient,
        on=release_day if release_day is not None else date.today(),
        originator=originator.strip().upper() if originator else None,
    )
    text = json.dumps(result.bundle(), indent=2, ensure_ascii=False) + "\n"
    if target is None:
        sys.stdout.write(text)
    else:
        target.write(text)
    messages.print(
        f"{recipient.nation} ({recipient.clearance}): released {len(result.released)}, "
        f"withheld {len(result.withheld)}, redacted {len(result.redacted)}",
        markup=False,
    )
    for (object_id, version), reasons in result.withheld.items():
        messages.print(f"  withheld {object_id} {version}: {'; '.join(reasons)}", markup=False)
