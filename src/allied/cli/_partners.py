"""``allied partners``: partner fit and the challenges of collaboration, with their reasons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pandas as pd
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
from allied.cli._partners_backtest import backtest_command, with_progress

if TYPE_CHECKING:
    from allied.models import PartnerWeights

partners_app = typer.Typer(
    help="Partner fit and challenges: who is a good partner for a state, for which kind of "
    "alliance, and what gets in the way (scores that show their reasons).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

YearOption = Annotated[
    int,
    typer.Option("--year", "-y", metavar="YEAR", help="Year of the indicators, e.g. 2018."),
]
KindOption = Annotated[
    str,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="The obligation the weights are for: any, defense, offense, neutrality, "
        "nonaggression or consultation.",
    ),
]
WeightsOption = Annotated[
    str,
    typer.Option(
        "--weights",
        "-w",
        metavar="WEIGHTS",
        help="default (the shipped weights, each with its reason), estimated (the "
        "backtest's coefficients for --kind, estimated once and kept in the data cache: "
        "about half a minute the first time), or the path of a weights YAML file in the "
        "same format.",
    ),
]

#: The columns of a contribution table shown in the terminal (files get every column).
_SHOWN = ["indicator", "factor", "meaning", "value", "weight", "contribution", "sources"]


def _weights(text: str, kind: str) -> str | Path | PartnerWeights:
    """``--weights`` as the library takes it; the estimated ones with a progress bar (the
    backtest runs the first time)."""
    if text == "estimated":
        from allied.models import estimated_weights

        return with_progress(estimated_weights, kind=kind)
    return text if text == "default" else Path(text)


@command(
    partners_app,
    "assess",
    "allied partners assess USA AUS --year 2018",
    "allied partners assess POL DEU --year 2018 --kind defense --format csv --out pol-deu.csv",
)
def assess_command(
    a: Annotated[str, typer.Argument(metavar="A", help="A state (ISO3 code, e.g. USA).")],
    b: Annotated[str, typer.Argument(metavar="B", help="The other state (ISO3 code).")],
    year: YearOption,
    kind: KindOption = "any",
    weights: WeightsOption = "default",
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Fit and challenge of two states, each with the table of contributions behind it.

    Prints the two contribution tables (indicator, value, weight, contribution =
    weight x value) and, on standard error, both scores and the indicators missing.
    CSV and JSON hold both tables in one, with a 'score' column and the reason of
    every weight.
    """
    from allied.models import assess

    target = destination(out, mkdir)
    result = assess(a, b, year=year, kind=kind, weights=_weights(weights, kind))
    if fmt != Format.TABLE or target is not None:
        frame = result.to_frame()
        emit(_rounded(frame) if fmt == Format.TABLE else frame, fmt, target, title=None)
    else:
        for score, table, total in (
            ("Fit", result.fit_table, result.fit),
            ("Challenge", result.challenge_table, result.challenge),
        ):
            title = f"{score} {result.a}-{result.b} {result.year}: {total:.2f}"
            emit(_rounded(table[_SHOWN]), fmt, None, title=title)
    messages.print(result.summary(), markup=False)


@command(
    partners_app,
    "rank",
    "allied partners rank POL --year 2018",
    "allied partners rank POL --year 2018 --top 15 --kind defense --stability 500 --seed 1",
)
def rank_command(
    focal: Annotated[
        str, typer.Argument(metavar="FOCAL", help="The state looking for partners (ISO3 code).")
    ],
    year: YearOption,
    top: Annotated[
        int, typer.Option("--top", "-n", metavar="N", help="How many partners to show.")
    ] = 15,
    kind: KindOption = "any",
    weights: WeightsOption = "default",
    stability: Annotated[
        int | None,
        typer.Option(
            "--stability",
            metavar="DRAWS",
            help="Also resample the weights DRAWS times (each x lognormal(0, 0.5)) and show "
            "each partner's median rank, 5th-95th percentile and share of draws in the top.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", metavar="SEED", help="Seed of the weight draws.")
    ] = 0,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Rank every other state by fit for FOCAL: scores, main reasons and challenges.

    Each row names the three fit contributions that most set the partner apart
    (above the median partner's), likewise its main challenge, and the indicators
    missing for it. Ties in fit go to the lower challenge.
    """
    from allied.models import rank, rank_stability

    target = destination(out, mkdir)
    chosen = _weights(weights, kind)
    if stability is None:
        result = rank(focal, year=year, top=top, kind=kind, weights=chosen)
        frame = result.to_frame()
        summary = result.summary()
    else:
        stable = rank_stability(
            focal, year=year, draws=stability, seed=seed, top=top, kind=kind, weights=chosen
        )
        result = stable.ranking
        extra = stable.table[["ccode", "median_rank", "rank_p05", "rank_p95", "p_top"]]
        frame = result.to_frame().merge(extra, on="ccode", how="left")
        summary = f"{result.summary()}\n{stable.summary()}"
    if fmt == Format.TABLE:
        frame = _rounded(frame.drop(columns=["ccode"]))
    title = f"Partners of {result.focal} in {result.year} by fit (kind {result.kind})"
    emit(frame, fmt, target, title=title)
    messages.print(summary, markup=False)


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    numbers = frame.select_dtypes("float").columns
    return frame.round(dict.fromkeys(numbers, 3))


command(
    partners_app,
    "backtest",
    "allied partners backtest",
    "allied partners backtest --obligation defense --save-weights defense-weights.yaml",
)(backtest_command)
