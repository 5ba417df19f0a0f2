"""The ``allied`` command line.

Input errors exit with code 2 and missing data with code 3; both print a
one-paragraph message to standard error and no traceback. Usage errors
(unknown option, bad date) are reported by Typer, also with exit code 2.
"""

from __future__ import annotations

import sys

from allied.cli._app import app
from allied.cli._output import messages
from allied.errors import AlliedError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv``).

    Returns the exit code when ``argv`` is given (for tests and embedding);
    otherwise exits the process with it.
    """
    try:
        app(args=argv, prog_name="allied")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except AlliedError as exc:
        messages.print(f"error: {exc.message}", markup=False)
        code = exc.exit_code
    if argv is None:
        sys.exit(code)
    return code
