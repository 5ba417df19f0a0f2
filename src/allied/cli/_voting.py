"""``allied voting-power``: Banzhaf and Shapley-Shubik indices under a decision rule."""

from __future__ import annotations

from typing import Annotated

import typer

from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    messages,
)


def voting_power_command(
    rule: Annotated[
        str,
        typer.Option(
            "--rule",
            "-r",
            metavar="RULE",
            help="A decision rule id (eu-council, eu-council-unanimity, nato, unsc, eec-1958) "
            "or a rule's YAML file.",
            show_default=False,
        ),
    ],
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Exact voting power of each member under a decision rule.

    Prints one row per member (weights, normalized and absolute Banzhaf,
    Shapley-Shubik, swings) and, on standard error, the rule and its number of
    winning coalitions.
    """
    from allied.models import voting_power

    target = destination(out, mkdir)
    power = voting_power(rule)  # an error about "argument rule" names --rule (cli._options)
    frame = power.to_frame()
    if fmt == Format.TABLE:
        frame = frame.round({"banzhaf": 6, "banzhaf_absolute": 6, "shapley_shubik": 6})
    emit(frame, fmt, target, title=f"Voting power: {power.name}")
    messages.print(
        f"{power.name}: {power.winning_coalitions:,} winning coalitions of "
        f"{2**power.game.n:,} ({power.method}, exact)",
        markup=False,
    )
