"""``allied similarity``: alliance-portfolio similarity for every dyad-year."""

from __future__ import annotations

from typing import Annotated

import typer

from allied.cli._data import PanelOutOption, table_destination, write_frame
from allied.cli._output import MkdirOption
from allied.errors import InputError


def similarity_command(
    measures: Annotated[
        str,
        typer.Option(
            "--measures",
            metavar="MEASURES",
            help="Comma-separated: s_abs, s_sq, s_abs_cinc, s_sq_cinc, kappa, kappa_cinc, "
            "pi, pi_cinc, tau_b.",
        ),
    ] = "s_abs,s_sq",
    coding: Annotated[
        str,
        typer.Option(metavar="CODING", help="Valued-tie coding: atop (0-3), cow (0-3) or binary."),
    ] = "atop",
    years: Annotated[
        str | None, typer.Option(metavar="FROM-TO", help="Years within ATOP's, e.g. 1946-2018.")
    ] = None,
    no_self: Annotated[
        bool, typer.Option("--no-self", help="Leave out self-pairs (A, A).")
    ] = False,
    out: PanelOutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Alliance-portfolio similarity (S, κ, π, τ-b) for every COW dyad-year, from ATOP."""
    from allied.measures import dyad_similarity, needs_cinc
    from allied.panel import alliance_portfolios

    target = table_destination(out, mkdir)
    names = [m.strip() for m in measures.split(",") if m.strip()]
    if not names:
        raise InputError("no measure given", where="option --measures", fix="Name at least one.")
    data = alliance_portfolios(years=years, cinc=needs_cinc(names, coding=coding))
    result = dyad_similarity(data, names, coding=coding, include_self=not no_self)
    write_frame(result.frame, target, sources=result.sources)
