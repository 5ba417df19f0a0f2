"""Options shared by several commands, the command class, and ``--help``'s examples."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand

from allied import catalog
from allied._validation import parse_date
from allied.errors import AlliedError

#: A date option (``--on``, ``--active-on``): text parsed by :func:`day`.
DateOption = Annotated[
    str | None, typer.Option(metavar="DATE", help="Date (YYYY-MM-DD).", show_default=False)
]

#: The ``--catalog`` option of commands that read the catalog.
CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        metavar="FOLDER",
        help="A folder of catalog YAML files to use instead of the "
        f"embedded catalog (or set ${catalog.CATALOG_ENV}).",
        show_default=False,
    ),
]


def day(text: str | None, option: str = "--on") -> date | None:
    """The date given to ``option``, or ``None`` when it was not given."""
    return None if text is None else parse_date(text, where=f"option {option}")


class Command(TyperCommand):
    """A command that speaks of its own options and arguments.

    Its help names each argument by its metavar alone (Typer shows
    ``NAME <str>``; the Python type says nothing to a user). An error from the
    library about ``argument years`` names the option the user typed,
    ``option --years``, when the command has one of that name.
    """

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except AlliedError as exc:
            raise self._as_typed(exc) from None

    def _as_typed(self, exc: AlliedError) -> AlliedError:
        match = re.fullmatch(r"argument (\w+)(.*)", exc.where or "", flags=re.DOTALL)
        if match is None:
            return exc
        for param in self.params:
            if param.name == match.group(1) and param.param_type_name == "option":
                name = next((o for o in param.opts if o.startswith("--")), param.opts[0])
                typed = copy.copy(exc)
                typed.where = f"option {name}{match.group(2)}"
                return typed
        return exc

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((param.metavar or (param.name or "").upper(), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def examples(*lines: str) -> str:
    """The end of a ``--help``: a heading, then each example line as written (not rewrapped)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def command(app: typer.Typer, name: str, *example_lines: str) -> Callable[[Any], Any]:
    """Register a command of ``app`` whose ``--help`` ends with these example command lines."""
    return app.command(name, cls=Command, epilog=examples(*example_lines))
