"""Usage errors (unknown option or command, bad value, missing argument) as one paragraph.

Typer reports these through its copy of click; this module restates them in
the form of :class:`allied.errors.AlliedError` messages: what is wrong,
where (the option and the command), and how to fix it. An unknown option
lists the command's options, with a suggestion only when one is close.
"""

from __future__ import annotations

import difflib
import re

import typer
from typer._click.core import Context
from typer._click.exceptions import (
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

__all__ = ["usage_message"]

#: How close an unknown option or command must be to a known one to be suggested.
_SUGGEST_CUTOFF = 0.75


def usage_message(exc: typer.TyperException) -> tuple[str, int]:
    """The message to print for a usage error of the vendored click, and the exit code."""
    if isinstance(exc, NoArgsIsHelpError):  # `allied catalog` alone: the group's help
        return exc.format_message(), 2
    if not isinstance(exc, UsageError) or exc.ctx is None:
        return f"error: {exc.format_message()}", exc.exit_code
    ctx = exc.ctx
    help_hint = f"`{ctx.command_path} --help` shows the usage and examples."
    if isinstance(exc, NoSuchOption):
        what, fix = _unknown_option(exc.option_name, ctx)
    elif isinstance(exc, MissingParameter):
        what, fix = _sentence(exc.format_message()), help_hint
    elif isinstance(exc, BadParameter):
        what, fix = _bad_parameter(exc), help_hint
    elif exc.message.startswith("No such command"):
        what, fix = _unknown_command(exc.message, ctx)
    else:
        what, fix = _sentence(exc.message), help_hint
    return f"error: {what} ({ctx.command_path}). {fix}", 2


def _sentence(text: str) -> str:
    """A click message as the first part of ours: no pydantic prefix, no final period."""
    text = re.sub(r"\bValue error, ", "", text.strip()).rstrip(".")
    first_word = text.split(" ", 1)[0]
    return text if first_word.isupper() else text[:1].lower() + text[1:]


def _bad_parameter(exc: BadParameter) -> str:
    param = exc.param
    message = _sentence(exc.message)
    if param is None:
        return f"invalid value: {message}"
    if param.param_type_name == "argument":
        return (
            f"invalid value for argument {(param.metavar or param.name or '').upper()}: {message}"
        )
    name = next((o for o in param.opts if o.startswith("--")), param.opts[0])
    return f"invalid value for option {name}: {message}"


def _option_names(ctx: Context) -> list[str]:
    names: list[str] = []
    for param in ctx.command.get_params(ctx):
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            names.extend(o for o in (*param.opts, *param.secondary_opts) if o.startswith("--"))
    return names


def _unknown_option(option: str, ctx: Context) -> tuple[str, str]:
    known = _option_names(ctx)
    close = difflib.get_close_matches(option, known, n=1, cutoff=_SUGGEST_CUTOFF)
    guess = f"Did you mean {close[0]}? " if close else ""
    return (
        f"unknown option {option}",
        f"{guess}The options of `{ctx.command_path}` are: {', '.join(known)} "
        f"(`{ctx.command_path} --help` explains them).",
    )


def _unknown_command(message: str, ctx: Context) -> tuple[str, str]:
    match = re.search(r"'([^']*)'", message)
    name = match.group(1) if match else ""
    listed = getattr(ctx.command, "list_commands", None)
    known = list(listed(ctx)) if listed is not None else []
    close = difflib.get_close_matches(name, known, n=1, cutoff=_SUGGEST_CUTOFF)
    guess = f"Did you mean {close[0]!r}? " if close else ""
    return (
        f"unknown command {name!r}",
        f"{guess}The commands of `{ctx.command_path}` are: {', '.join(known)}.",
    )
