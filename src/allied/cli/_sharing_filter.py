"""``allied sharing filter``: the part of a STIX 2.1 bundle that one nation may see."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from allied.cli._output import OutOption, messages
from allied.errors import InputError


def _read_bundle(path: Path) -> Any:
    """The parsed JSON of a bundle file, or of standard input when ``path`` is ``-``.

    Unreadable files and malformed JSON are :class:`InputError`; text that is
    not UTF-8 raises :class:`UnicodeDecodeError`.
    """
    where = "standard input" if str(path) == "-" else f"file {str(path)!r}"
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read the bundle: {exc.strerror}",
            where=where,
            fix="Give the path of a STIX 2.1 bundle (JSON), or - for standard input.",
        ) from None
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
            help="STIX 2.1 bundle (JSON file, or - for standard input).", show_default=False
        ),
    ],
    to: Annotated[
        str, typer.Option("--to", help="Recipient nation (ISO3, e.g. GBR).", show_default=False)
    ],
    clearance: Annotated[
        str, typer.Option(help="Recipient clearance: U, C, S, TS or NU, NR, NC, NS, CTS.")
    ] = "U",
    originator: Annotated[
        str | None, typer.Option(help="Nation (ISO3) that created the bundle's objects.")
    ] = None,
    on: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Date of release (YYYY-MM-DD); default today."),
    ] = None,
    out: OutOption = None,
) -> None:
    """Filter a STIX 2.1 bundle for one recipient and print the bundle it may receive.

    Objects whose markings deny are withheld, fields under denying granular
    markings are removed, and references to withheld objects are dropped. The
    filtered bundle goes to stdout (or --out); a count and every withheld
    object with its reasons go to stderr.
    """
    from allied._io import write_atomic
    from allied.sharing.agreements import Recipient
    from allied.sharing.bundles import filter_bundle

    try:
        recipient = Recipient(to.strip().upper(), clearance.strip().upper())
    except InputError as exc:
        option = "--to" if "nation" in exc.what else "--clearance"
        raise InputError(exc.what, where=f"option {option}", fix=exc.fix) from None
    result = filter_bundle(
        _read_bundle(bundle),
        recipient,
        on=on.date() if on is not None else date.today(),
        originator=originator.strip().upper() if originator else None,
    )
    text = json.dumps(result.bundle(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)
    messages.print(
        f"{recipient.nation} ({recipient.clearance}): released {len(result.released)}, "
        f"withheld {len(result.withheld)}, redacted {len(result.redacted)}",
        markup=False,
    )
    for (object_id, version), reasons in result.withheld.items():
        messages.print(f"  withheld {object_id} {version}: {'; '.join(reasons)}", markup=False)
