"""``allied burden``: burden-sharing tables, exploitation tests and the public-good equilibrium."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import pandas as pd
import typer

from allied._validation import parse_years
from allied.cli._equilibrium import equilibrium_command
from allied.cli._options import command, day
from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    emit_text,
    messages,
)
from allied.errors import InputError

burden_app = typer.Typer(
    help="Burden sharing: spending against economic weight, NATO guidelines, the Hague "
    "targets, exploitation tests.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Source(StrEnum):
    """Where spending and GDP come from."""

    SIPRI = "sipri"
    NATO = "nato"
    EMBEDDED = "embedded"


class Gdp(StrEnum):
    """Which GDP series divides spending."""

    AUTO = "auto"
    WORLD_BANK = "world-bank"
    SIPRI = "sipri"


ArrangementOption = Annotated[
    str | None,
    typer.Option(
        "--arrangement",
        "-a",
        metavar="ARRANGEMENT",
        help="Catalog arrangement id or name, e.g. nato.",
    ),
]
StatesOption = Annotated[
    str | None,
    typer.Option(
        "--states",
        metavar="STATES",
        help="Instead of an arrangement: ISO3 codes or names, comma-separated.",
    ),
]
SourceOption = Annotated[
    Source,
    typer.Option(
        "--source",
        help="sipri (SIPRI + World Bank), nato (NATO's % of GDP + World Bank) or embedded "
        "(the project's 2024 indicators, no cache needed).",
    ),
]
GdpOption = Annotated[
    Gdp,
    typer.Option(
        "--gdp",
        help="GDP: auto (World Bank; SIPRI-implied where it has none, for --source sipri), "
        "world-bank, or sipri (implied by SIPRI's share of GDP).",
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Members on this date for every year (default: members on 31 December of each year).",
    ),
]

_SHOWN = [
    "iso3",
    "name",
    "year",
    "milex_bn",
    "milex_pct_gdp",
    "nato_pct_gdp",
    "share_ratio",
    "meets_2pct",
    "gap_3_5_bn",
    "growth_to_3_5_pct",
]


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a person reads, rounded: US$ billions and percentages."""
    shown = frame.assign(
        milex_bn=frame["milex_usd"] / 1e9,
        gap_3_5_bn=frame["gap_3_5_usd"] / 1e9,
        growth_to_3_5_pct=100 * frame["growth_to_3_5_pct"],
    )[_SHOWN]
    return shown.round(
        {
            "milex_bn": 2,
            "milex_pct_gdp": 2,
            "nato_pct_gdp": 2,
            "share_ratio": 2,
            "gap_3_5_bn": 2,
            "growth_to_3_5_pct": 1,
        }
    )


@command(
    burden_app,
    "table",
    "allied burden table --arrangement nato --source embedded",
    "allied burden table --arrangement nato --years 2014-2024 --format csv --out nato.csv",
)
def burden_table_command(
    arrangement: ArrangementOption = None,
    states: StatesOption = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            metavar="FROM-TO",
            help="Years within the source's data, e.g. 2014-2024 (default: all).",
        ),
    ] = None,
    source: SourceOption = Source.SIPRI,
    gdp: GdpOption = Gdp.AUTO,
    on: OnOption = None,
    guidelines_on: Annotated[
        str | None,
        typer.Option(
            "--guidelines-on",
            metavar="DATE",
            help="Test every year against the guidelines adopted by this date (default: each "
            "year against those adopted by then, e.g. the Hague commitment from 2025).",
        ),
    ] = None,
    hague_year: Annotated[
        int | None,
        typer.Option(
            "--hague-year",
            metavar="YEAR",
            help="Year the Hague targets are due (default: each target's own year, 2035).",
        ),
    ] = None,
    gdp_growth: Annotated[
        float,
        typer.Option(
            "--gdp-growth",
            metavar="RATE",
            help="Assumed annual GDP growth to then (0.02 = 2%).",
        ),
    ] = 0.0,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Members' spending against their GDP: shares, NATO's 2% and 20% guidelines, Hague gaps.

    A guideline is tested only for the arrangement that adopted it and from its adoption
    (NATO's 2% from 2006, the Hague commitment from 2025); members without armed forces
    (Iceland) are left out of the tests. The notes printed below the table say what was
    not tested and why. The table format shows the main columns (US$ bn, growth in % a
    year); csv and json carry every column of allied.measures.burden_frame.

    Example: allied burden table -a nato --source embedded --guidelines-on 2025-06-25
    """
    from allied.measures import burden_table
    from allied.panel import burden_inputs

    when = day(on)
    target = destination(out, mkdir)
    inputs = burden_inputs(
        arrangement, states=states, years=years, source=source.value, gdp=gdp.value, on=when
    )
    table = burden_table(
        inputs,
        guidelines_on=day(guidelines_on, "--guidelines-on"),
        hague_year=hague_year,
        gdp_growth=gdp_growth,
    )
    frame = table.to_frame()
    who = inputs.arrangement or "states given"
    if fmt == Format.TABLE:
        emit(_display(frame), fmt, target, title=f"Burden sharing: {who} ({inputs.source})")
    else:
        emit(frame, fmt, target)
    messages.print(
        f"{len(frame)} member-years; members on {inputs.membership}; "
        f"sources: {'; '.join(inputs.sources)} (`allied data cite NAME` for citations)",
        markup=False,
    )
    for note in table.notes:
        messages.print(f"note: {note}", markup=False)


@command(
    burden_app,
    "test",
    "allied burden test --arrangement nato --year 2024",
    "allied burden test --arrangement nato --years 2014-2024 --format csv",
)
def exploitation_test_command(
    arrangement: ArrangementOption = None,
    states: StatesOption = None,
    year: Annotated[
        int | None, typer.Option("--year", metavar="YEAR", help="The year to test.")
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years", metavar="FROM-TO", help="Instead of --year: a range, e.g. 2014-2024."
        ),
    ] = None,
    source: SourceOption = Source.SIPRI,
    gdp: GdpOption = Gdp.AUTO,
    on: OnOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Olson-Zeckhauser exploitation test, with specifications free of GDP on both sides.

    Per year: Spearman and Kendall rank correlation of GDP and milex/GDP, the log-log
    elasticity of spending to GDP (HC1), and Alley's GDP-share vs spending-change test.
    """
    from allied.measures import burden_table
    from allied.models import olson_zeckhauser_test
    from allied.panel import BurdenInputs, burden_inputs

    if (year is None) == (years is None):
        raise InputError(
            "give either --year or --years",
            where="options --year, --years",
            fix="For example --year 2024, or --years 2014-2024.",
        )
    when = day(on)
    target = destination(out, mkdir)
    span = parse_years(year if year is not None else str(years), where="option --years")

    def inputs_from(first: int) -> BurdenInputs:
        return burden_inputs(
            arrangement,
            states=states,
            years=(first, span[1]),
            source=source.value,
            gdp=gdp.value,
            on=when,
        )

    try:  # from the year before the first, for the percentage change of spending
        inputs = inputs_from(span[0] - 1)
    except InputError:  # no year before the data's first: the years asked (or why not)
        inputs = inputs_from(span[0])
    result = olson_zeckhauser_test(burden_table(inputs), years=span)
    if fmt == Format.TABLE:
        emit_text(result.summary(), target)
    else:
        emit(result.to_frame(), fmt, target)
    messages.print(
        f"sources: {'; '.join(inputs.sources)}; "
        f"methods: {', '.join(c.short for c in result.citations())}",
        markup=False,
    )


command(
    burden_app,
    "equilibrium",
    "allied burden equilibrium --incomes 100,80,60 --alpha 0.5",
    "allied burden equilibrium --incomes USA=100,UK=80 --technology weakest-link",
)(equilibrium_command)
