"""``--help`` of every command: examples that parse, and types that read as words.

The assertion on types is structural: every option that takes a value names
it with an explicit upper-case metavar (``DATE``, ``FILE``, ``FROM-TO``) or
lists its choices (``<table|csv|json>``); every argument has a metavar; a flag
shows no type. The rendered help is then checked for the Python and click
type names that would otherwise appear (``<str>``, ``<bool>``, ``TEXT`` ...).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from allied._validation import parse_date
from allied.cli import app, main

ROOT = Path(__file__).resolve().parents[2]
ROOT_COMMAND = typer.main.get_command(app)
METAVAR = re.compile(r"[A-Z][A-Z0-9]*(?:[-_:.][A-Z0-9]+)*(?:\.\.\.)?")
TYPE_NAMES = re.compile(
    r"<(?:str|int|float|bool|path|file|dir|datetime|%Y-%m-%d|list\[[^\]]*\])>"
    r"|\b(?:TEXT|INTEGER|FLOAT|BOOLEAN)\b"
)


def _leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    children = getattr(command, "commands", None)
    if not children:
        yield path, command
        return
    for name, child in children.items():
        yield from _leaves(child, (*path, name))


LEAVES = dict(_leaves(ROOT_COMMAND))
IDS = [" ".join(path) for path in LEAVES]


def _help(capsys: pytest.CaptureFixture[str], *path: str) -> str:
    assert main([*path, "--help"]) == 0
    return capsys.readouterr().out


def _examples(text: str) -> list[str]:
    _, _, tail = text.partition("Examples:\n")
    return [line.strip() for line in tail.splitlines() if line.strip().startswith("allied ")]


@pytest.mark.parametrize("path", LEAVES, ids=IDS)
def test_help_shows_examples_of_the_command(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    examples = _examples(_help(capsys, *path))
    assert examples, "no Examples section"
    assert all(shlex.split(e)[1 : 1 + len(path)] == list(path) for e in examples)


@pytest.mark.parametrize("path", LEAVES, ids=IDS)
def test_every_example_parses(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    """Each example's options exist and its values convert (dates too); nothing runs."""
    for example in _examples(_help(capsys, *path)):
        words = shlex.split(example)[1 + len(path) :]
        ctx = LEAVES[path].make_context(" ".join(("allied", *path)), words)
        for name in ("on", "active_on"):
            if ctx.params.get(name) is not None:
                parse_date(ctx.params[name], where=name)


@pytest.mark.parametrize("path", LEAVES, ids=IDS)
def test_types_read_as_words(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    command = LEAVES[path]
    ctx = command.make_context("allied", [], resilient_parsing=True)
    for param in command.get_params(ctx):
        label = f"{' '.join(path)} {param.opts[0] if param.opts else param.name}"
        if getattr(param, "is_flag", False):
            assert not param.metavar, label
        elif getattr(param.type_descriptor, "is_choice", False):
            assert param.metavar is None, label  # shows its choices
        else:
            assert param.metavar is not None and METAVAR.fullmatch(param.metavar), label
    text = _help(capsys, *path)
    assert TYPE_NAMES.search(text) is None, TYPE_NAMES.search(text)


def test_groups_list_their_commands(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    assert "catalog" in text and "sharing" in text and "<bool>" not in text
    assert main(["sharing"]) == 2  # a group alone prints its help
    assert "users" in capsys.readouterr().err


def test_date_help_names_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "catalog", "members")
    assert re.search(r"--on DATE\s+Date \(YYYY-MM-DD\)", text)
    assert re.search(r"-o, --out FILE\s", text)
    assert re.search(r"--mkdir\s+Create the output file's folder", text)
    assert "ARRANGEMENT  Arrangement id or name." in text
