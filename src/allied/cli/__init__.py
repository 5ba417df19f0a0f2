"""The ``allied`` command line.

Input errors exit with code 2 and missing data with code 3; both print a
one-paragraph message to standard error and no traceback. Usage errors (an
unknown option, a value of the wrong type, a missing argument) are input
errors too: exit code 2, and the same one-paragraph form.
"""

from __future__ import annotations

import sys

import typer
import typer.main

from allied.cli._app import app
from allied.cli._output import messages
from allied.cli._usage import usage_message
from allied.errors import AlliedError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv``).

    Returns the exit code when ``argv`` is given (for tests and embedding);
    otherwise exits the process with it.
    """
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="allied", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except AlliedError as exc:
        messages.print(f"error: {exc.message}", markup=False)
        code = exc.exit_code
    except typer.Abort:
        messages.print("aborted", markup=False)
        code = 1
    except typer.TyperException as exc:  # usage errors of the vendored click
        text, code = usage_message(exc)
        messages.print(text, markup=False)
    if argv is None:
        sys.exit(code)
    return code
