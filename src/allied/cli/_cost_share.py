"""``allied cost-share``: split a common cost by a key, a formula or a cooperative game.

The input file's format, its reading and the methods are the library's
(:func:`allied.models.load_cost_share`, :meth:`allied.models.CostShareSpec.allocate`);
this command parses the options and prints the table, the summary and the core line.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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


class Method(StrEnum):
    """Cost-sharing rules of ``allied cost-share`` (:data:`allied.models.COST_SHARE_METHODS`)."""

    EQUAL = "equal"
    PROPORTIONAL = "proportional"
    FORMULA = "formula"
    SHAPLEY = "shapley"
    NUCLEOLUS = "nucleolus"
    AIRPORT = "airport"


def cost_share_command(
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            "-m",
            help="equal, proportional (to key), formula (key with caps / equal_to), shapley, "
            "nucleolus, or airport (Littlechild-Owen closed form).",
            show_default=False,
        ),
    ],
    input_file: Annotated[
        Path,
        typer.Option(
            "--input",
            "-i",
            metavar="FILE",
            help="YAML file: cost, players, key, caps, equal_to, requirements, coalitions "
            "(format above).",
            show_default=False,
        ),
    ],
    cost: Annotated[
        float | None,
        typer.Option(
            "--cost", metavar="AMOUNT", help="Total to share (equal, proportional, formula)."
        ),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option("--samples", metavar="N", help="Shapley by sampling this many random orders."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", metavar="SEED", help="Seed of the sampler.")
    ] = None,
    decimals: Annotated[
        int | None,
        typer.Option(
            "--decimals",
            metavar="N",
            help="Round amounts to this many places; they still sum exactly to the cost.",
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Split a common cost: equal, proportional, formula, Shapley, nucleolus or airport.

    Prints one row per player (amount, share_percent, and standard_error when
    sampled), then a summary and, when the file describes a game, whether the
    result is in its core.

    \b
    Input YAML (only what the method needs):
      title: F-35 sustainment         # optional
      cost: 1000000                   # equal, proportional, formula (or --cost)
      players: [USA, GBR]             # equal (else the names of key/requirements)
      key: {USA: 2443, GBR: 138}      # proportional, formula (non-negative)
      caps: {USA: 0.16}               # formula: largest share, in (0, 1]
      equal_to: {USA: DEU}            # formula: USA pays what DEU pays
      requirements: {A: 1, B: 2}      # airport; shapley/nucleolus of the airport game
      coalitions: {A: 1, B: 2, A+B: 2}  # shapley/nucleolus: every non-empty coalition
    Example files: examples/cost-share/*.yaml
    """
    from allied.models import load_cost_share

    target = destination(out, mkdir)
    spec = load_cost_share(input_file)
    allocation, core = spec.allocate(method.value, cost=cost, samples=samples, seed=seed)
    shown = allocation if decimals is None else allocation.rounded(decimals)
    frame = shown.to_frame()
    if fmt == Format.TABLE:
        frame = frame.round({"share_percent": 3})
    emit(frame, fmt, target, title=spec.title or f"Cost shares: {allocation.method}")
    messages.print(shown.summary(), markup=False)
    if core is not None:  # the unrounded amounts: cents are not a violation
        messages.print(core.summary(), markup=False)
