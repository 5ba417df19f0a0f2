"""``allied program``: multinational program economics from program specs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from allied.cli._options import command
from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    messages,
)

program_app = typer.Typer(
    help="Multinational programs: cost and work shares, the square-root rule, learning-curve "
    "savings and work-share allocation.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Show(StrEnum):
    """Which table ``allied program plan`` writes."""

    PARTNERS = "partners"
    WORK_SHARES = "work-shares"
    PACKAGES = "packages"


@command(
    program_app,
    "plan",
    "allied program plan eurofighter",
    "allied program plan examples/programs/illustrative_fighter.yaml --show work-shares",
)
def plan_command(
    program: Annotated[
        str,
        typer.Argument(
            metavar="PROGRAM",
            help="A shipped program id (see `allied program list`) or a YAML spec.",
        ),
    ],
    show: Annotated[
        Show,
        typer.Option(
            "--show",
            help="partners (shares, development and production costs), work-shares (the "
            "deviation report) or packages (the assignment); the last two need work packages.",
        ),
    ] = Show.PARTNERS,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Analyse a program: cost shares, work-share gaps, √N development costs, pooling, MILP.

    Prints the chosen table and, on standard error, a summary that lists the
    spec's assumptions apart from its published figures.
    """
    from allied.errors import InputError
    from allied.models import program_plan

    target = destination(out, mkdir)
    plan = program_plan(program)
    if show == Show.PARTNERS:
        frame = plan.to_frame()
    elif plan.work_share is None:
        raise InputError(
            f"program {plan.spec.id!r} has no work packages",
            where="option --show",
            fix="Use --show partners, or add work_packages to the spec (see examples/programs/).",
        )
    elif show == Show.WORK_SHARES:
        frame = plan.work_share.to_frame()
    else:
        frame = plan.work_share.assignment
    if fmt == Format.TABLE:
        frame = frame.round(4)
    emit(frame, fmt, target, title=f"{plan.spec.name}: {show.value}")
    messages.print(plan.summary(), markup=False)


@command(program_app, "list", "allied program list", "allied program list --format json")
def list_command(
    fmt: FormatOption = Format.TABLE, out: OutOption = None, mkdir: MkdirOption = False
) -> None:
    """List the shipped program specs."""
    from allied.models import program_table

    target = destination(out, mkdir)
    frame = program_table()
    emit(frame, fmt, target, title=f"{len(frame)} program specs")
