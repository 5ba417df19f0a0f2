"""Rendering tables for the terminal, CSV and JSON, to stdout or a file."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from allied._io import make_folder, write_atomic
from allied._validation import check_output_path


class Format(StrEnum):
    """Output formats of data commands."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


#: The ``--format`` option of data commands.
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, csv or json.")
]
#: The ``--out`` option of commands that write one table.
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="FILE", help="Write to this file instead of standard output."
    ),
]
#: The ``--mkdir`` flag that lets ``--out`` (and ``--graph``) create missing folders.
MkdirOption = Annotated[
    bool,
    typer.Option(
        "--mkdir", help="Create the output file's folder if it does not exist (else an error)."
    ),
]


@dataclass(frozen=True)
class Destination:
    """A checked output file, and whether its folder may be created."""

    path: Path
    mkdir: bool = False

    def write(self, content: str | bytes) -> Path:
        """Write ``content`` atomically."""
        return write_atomic(self.path, content, mkdir=self.mkdir)

    def make_folder(self) -> None:
        """Create the file's folder if allowed (for writers that take a path)."""
        if self.mkdir:
            make_folder(self.path)


def destination(out: Path | None, mkdir: bool, *, option: str = "--out") -> Destination | None:
    """``out`` checked before any work (see :func:`allied._validation.check_output_path`)."""
    if out is None:
        return None
    return Destination(check_output_path(out, where=f"option {option}", mkdir=mkdir), mkdir)


messages = Console(stderr=True, highlight=False, soft_wrap=True)


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def frame_to_json(frame: pd.DataFrame) -> str:
    """Records as JSON, with ISO dates and nulls for missing values."""
    records = [
        {column: _plain(value) for column, value in row.items()} for row in frame.to_dict("records")
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV with a header row; missing values are empty."""
    return str(frame.to_csv(index=False, date_format="%Y-%m-%d"))


def _rich_table(frame: pd.DataFrame, title: str | None) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*("" if _plain(v) is None else str(_plain(v)) for v in row))
    return table


def emit(
    frame: pd.DataFrame, fmt: Format, out: Destination | None, *, title: str | None = None
) -> None:
    """Write ``frame`` as ``fmt`` to ``out`` (atomically) or to stdout."""
    if fmt == Format.JSON:
        text = frame_to_json(frame)
    elif fmt == Format.CSV:
        text = frame_to_csv(frame)
    else:
        width = None if out is None and sys.stdout.isatty() else 160
        console = Console(record=True, width=width, highlight=False)
        with console.capture() as capture:
            console.print(_rich_table(frame, title))
        text = capture.get()
    if out is None:
        print(text, end="")
    else:
        out.write(text)
        messages.print(f"wrote {len(frame)} rows to {out.path}", markup=False)


def emit_text(text: str, out: Destination | None) -> None:
    """Write plain text to ``out`` (atomically) or to stdout."""
    if out is None:
        print(text, end="" if text.endswith("\n") else "\n")
    else:
        out.write(text if text.endswith("\n") else text + "\n")
        messages.print(f"wrote {out.path}", markup=False)
