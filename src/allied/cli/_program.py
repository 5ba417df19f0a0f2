"""``allied program``: multinational program economics from program specs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import pandas as pd
import typer

from allied.cli._output import Format, FormatOption, OutOption, emit, messages

program_app = typer.Typer(
    help="Multinational programs: cost and work shares, the square-root rule, learning-curve "
    "savings and work-share allocation.",
    no_args_is_help=True,
)


class Show(StrEnum):
    """Which table ``allied program plan`` writes."""

    PARTNERS = "partners"
    WORK_SHARES = "work-shares"
    PACKAGES = "packages"


@program_app.command("plan")
def plan_command(
    program: Annotated[
        str, typer.Argument(help="A shipped program id (see `allied program list`) or a YAML spec.")
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
) -> None:
    """Analyse a program: cost shares, work-share gaps, √N development costs, pooling, MILP.

    Prints the chosen table and, on standard error, a summary that lists the
    spec's assumptions apart from its published figures.
    """
    from allied.errors import InputError
    from allied.models.programs import program_plan

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
    emit(frame, fmt, out, title=f"{plan.spec.name}: {show.value}")
    messages.print(plan.summary(), markup=False)


@program_app.command("list")
def list_command(fmt: FormatOption = Format.TABLE, out: OutOption = None) -> None:
    """List the shipped program specs."""
    from allied.models.programs import load_program, programs

    rows = []
    for program_id in programs():
        spec = load_program(program_id)
        quantities = [p.planned_quantity.value for p in spec.partners if p.planned_quantity]
        rows.append(
            {
                "id": spec.id,
                "name": spec.name,
                "arrangement": spec.arrangement,
                "partners": ", ".join(spec.states),
                "planned_quantity": int(sum(quantities)) if quantities else None,
                "cost_share_basis": spec.cost_share_basis,
                "assumptions": len(spec.assumptions()),
                "sources": len(spec.sources),
            }
        )
    emit(pd.DataFrame(rows), fmt, out, title=f"{len(rows)} program specs")
