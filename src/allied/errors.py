"""The one error hierarchy of ``allied``.

Every error says *what* is wrong, *where* (file and line, row, field or
argument) and *how to fix it*. Each class also inherits the built-in exception
it refines, so ordinary ``except ValueError`` or ``except LookupError`` clauses
keep working. The command line maps :class:`InputError` to exit code 2 and
:class:`DataNotAvailableError` to exit code 3, printing :meth:`AlliedError.message`
without a traceback.

Examples
--------
>>> err = InputError("unknown state 'Narnia'", where="argument NAME",
...                  fix="Did you mean: Nauru?")
>>> print(err)
unknown state 'Narnia' (argument NAME). Did you mean: Nauru?
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # at run time, the module __getattr__ below imports it on first use
    from allied._validation import check_choice

__all__ = [
    "AlliedError",
    "AmbiguousInputError",
    "CatalogError",
    "CatalogProblem",
    "DataNotAvailableError",
    "InputError",
    "NotFoundError",
    "check_choice",
]


class AlliedError(Exception):
    """Base class of every error raised by ``allied``.

    Parameters
    ----------
    what
        What is wrong, as a short sentence without a final period.
    where
        Where it is wrong: a file and line, a row, a field or an argument.
    fix
        How to fix it, as one or more sentences.
    """

    exit_code = 1

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The one-paragraph message: what (where). How to fix."""
        text = self.what
        if self.where:
            text += f" ({self.where})"
        text += "."
        if self.fix:
            text += f" {self.fix}"
        return text

    def __str__(self) -> str:
        return self.message


class InputError(AlliedError, ValueError):
    """The caller gave input that cannot be used: a bad argument, file or value."""

    exit_code = 2


class NotFoundError(InputError, LookupError):
    """A name or identifier given by the caller matches nothing."""


class AmbiguousInputError(InputError, LookupError):
    """A name or code given by the caller matches more than one thing."""


class DataNotAvailableError(AlliedError, LookupError):
    """Data the operation needs is not available (not imported, outside coverage)."""

    exit_code = 3


@dataclass(frozen=True)
class CatalogProblem:
    """One problem found while loading catalog files.

    Attributes
    ----------
    file
        The YAML file (its name, or the path given by the caller).
    line
        1-based line of the offending key or value, or ``None`` when unknown.
    field
        Dotted path of the field inside the file, such as ``members[3].joined``.
    problem
        What is wrong, as a sentence.
    fix
        How to fix it.
    """

    file: str
    line: int | None
    field: str
    problem: str
    fix: str = ""

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f", field '{self.field}'" if self.field else ""
        fix = f" {self.fix}" if self.fix else ""
        return f"{place}{field}: {self.problem}.{fix}"


class CatalogError(InputError):
    """The catalog files do not validate; carries every problem found.

    :attr:`what`, :attr:`where` and :attr:`fix` describe the first problem;
    :attr:`message` lists them all, one per line, and :attr:`problems` holds
    them for programs.
    """

    def __init__(self, problems: list[CatalogProblem]) -> None:
        if not problems:
            raise ValueError("CatalogError needs at least one problem")
        self.problems = list(problems)
        first = problems[0]
        line = f":{first.line}" if first.line is not None else ""
        super().__init__(
            f"invalid catalog: {first.problem}",
            where=f"{first.file}{line}, field '{first.field}'",
            fix=first.fix or "Correct the file and load the catalog again.",
        )

    @property
    def message(self) -> str:
        """The one problem, or a count followed by every problem on its own line."""
        if len(self.problems) == 1:
            return f"invalid catalog: {self.problems[0]}"
        return f"{len(self.problems)} problems in the catalog:" + "".join(
            f"\n  - {problem}" for problem in self.problems
        )


def __getattr__(name: str) -> Any:
    """:func:`check_choice`, which lives in :mod:`allied._validation` (imported on first use:
    that module imports this one)."""
    if name == "check_choice":
        from allied._validation import check_choice

        return check_choice
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
