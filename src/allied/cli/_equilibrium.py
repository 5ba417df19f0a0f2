"""``allied burden equilibrium``: voluntary contributions to a shared defense good."""

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
from allied.errors import InputError

_INCOMES_FIX = 'Give numbers separated by commas, e.g. "100,80,60" or "USA=100,UK=80,FRA=60".'


def parse_incomes(text: str) -> list[float] | dict[str, float]:
    """Incomes from ``"100,80,60"`` (a list) or ``"USA=100,UK=80"`` (name to income).

    Examples
    --------
    >>> parse_incomes("100, 80,60")
    [100.0, 80.0, 60.0]
    >>> parse_incomes("USA=100,UK=80")
    {'USA': 100.0, 'UK': 80.0}
    """
    where = "option --incomes"
    items = [item.strip() for item in text.split(",")]
    if not any(items):
        raise InputError("no incomes given", where=where, fix=_INCOMES_FIX)
    if "" in items:
        raise InputError(f"empty item in {text!r}", where=where, fix=_INCOMES_FIX)
    named = ["=" in item for item in items]
    if any(named) and not all(named):
        raise InputError(
            f"mixed named and unnamed incomes in {text!r}",
            where=where,
            fix="Name every ally (USA=100,UK=80) or none (100,80).",
        )
    pairs: list[tuple[str, str]] = []
    for item in items:
        if "=" in item:
            name, _, value = item.partition("=")
            name = name.strip()
            if not name:
                raise InputError(f"no name before '=' in {item!r}", where=where, fix=_INCOMES_FIX)
            pairs.append((name, value.strip()))
        else:
            pairs.append(("", item))
    numbers: list[float] = []
    for _, value in pairs:  # the library checks that each is finite and positive
        try:
            numbers.append(float(value))
        except ValueError:
            raise InputError(
                f"income {value!r} is not a number", where=where, fix=_INCOMES_FIX
            ) from None
    if not all(named):
        return numbers
    names = [name for name, _ in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError(
            f"ally {repeated[0]!r} named more than once",
            where=where,
            fix="Give each ally once.",
        )
    return dict(zip(names, numbers, strict=True))


def equilibrium_command(
    incomes: Annotated[
        str,
        typer.Option(
            "--incomes",
            metavar="INCOMES",
            help='Allies\' incomes, comma-separated: "100,80,60" or "USA=100,UK=80,FRA=60".',
            show_default=False,
        ),
    ],
    alpha: Annotated[
        float,
        typer.Option(
            metavar="WEIGHT",
            help="Weight of defense in Cobb-Douglas utility, strictly between 0 and 1.",
        ),
    ] = 0.5,
    price: Annotated[
        float, typer.Option(metavar="PRICE", help="Unit price of the defense good.")
    ] = 1.0,
    technology: Annotated[
        str,
        typer.Option(
            metavar="TECHNOLOGY",
            help="How contributions make the good: summation, weakest-link or best-shot.",
        ),
    ] = "summation",
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Nash equilibrium of allies' voluntary defense contributions, and the efficient level.

    Prints one row per ally (income, contribution, share of the total, share of
    income, free rider) and a summary on standard error.
    """
    from allied.models import public_good_equilibrium

    target = destination(out, mkdir)
    # The library checks every value; its errors about "argument incomes" (alpha, price,
    # technology) name the option --incomes (...) instead (cli._options.Command).
    equilibrium = public_good_equilibrium(
        parse_incomes(incomes), alpha=alpha, price=price, technology=technology
    )
    frame = equilibrium.to_frame()
    if fmt == Format.TABLE:
        frame = frame.round({"contribution": 6, "share_of_total": 4, "share_of_income": 4})
    emit(frame, fmt, target, title=f"Nash equilibrium, {equilibrium.technology}")
    messages.print(equilibrium.summary(), markup=False)
