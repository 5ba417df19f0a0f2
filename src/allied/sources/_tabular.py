"""Reading publishers' tables with row-precise errors.

Every parser in :mod:`allied.sources` reads through :func:`read_table`, which
checks the header, converts each column to its declared type and refuses the
file at the first bad cell, naming the file, the row (1-based data row and
physical line) and the column. A truncated last line shows up as a missing
required value and is refused the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from allied.errors import InputError

ColumnType = Literal["int", "float", "str", "date"]

__all__ = ["ColumnType", "TableSpec", "bad_row", "read_table"]


@dataclass(frozen=True)
class TableSpec:
    """The expected shape of a publisher's CSV file.

    Parameters
    ----------
    dataset
        Registry name, used in messages (``"atop"``).
    columns
        Column name → type, for every column the parser uses.
    required
        Columns that may never be empty; a truncated row fails here.
    na_values
        Cell texts that mean "missing" (besides the empty cell).
    header_line
        Number of preamble lines before the header row.
    rest
        Type of every column not named in ``columns`` (kept when set,
        dropped when ``None``).
    """

    dataset: str
    columns: Mapping[str, ColumnType]
    required: Iterable[str] = ()
    na_values: tuple[str, ...] = ("", "NA")
    header_line: int = 0
    encoding: str = "utf-8"
    rest: ColumnType | None = None


def bad_row(path: Path, index: int, column: str, problem: str, *, spec: TableSpec) -> InputError:
    """An :class:`InputError` pointing at data row ``index`` (0-based) of ``path``."""
    line = index + spec.header_line + 2
    return InputError(
        f"{spec.dataset}: {problem}",
        where=f"{path.name}, row {index + 1} (line {line}), column '{column}'",
        fix=(
            f"The file does not look like the published {spec.dataset} release: "
            "download it again from the publisher and import it again "
            "(`allied data list` shows where each dataset comes from)."
        ),
    )


def read_table(path: Path, spec: TableSpec) -> pd.DataFrame:
    """Read ``path`` as described by ``spec``, typed, or raise :class:`InputError`."""
    try:
        frame = pd.read_csv(
            path,
            skiprows=spec.header_line,
            dtype=str,
            keep_default_na=False,
            index_col=False,
            encoding=spec.encoding,
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{spec.dataset}: the file cannot be read as CSV ({exc})",
            where=str(path),
            fix="Check that the file is the publisher's CSV and not truncated or re-saved.",
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(
            f"{spec.dataset}: the file is empty", where=str(path), fix="Import the full file."
        ) from exc
    missing = [name for name in spec.columns if name not in frame.columns]
    if missing:
        raise InputError(
            f"{spec.dataset}: missing column(s) {', '.join(missing)}",
            where=f"{path.name}, header",
            fix=f"Expected columns: {', '.join(spec.columns)}. Is this the right file?",
        )
    kinds = dict(spec.columns)
    if spec.rest is not None:
        kinds.update({name: spec.rest for name in frame.columns if name not in kinds})
    typed = {name: _convert(frame[name], kind, path, spec) for name, kind in kinds.items()}
    result = pd.DataFrame(typed)
    for name in spec.required:
        empty = result[name].isna().to_numpy()
        if empty.any():
            raise bad_row(path, int(np.argmax(empty)), name, "missing required value", spec=spec)
    return result


def _convert(column: pd.Series, kind: ColumnType, path: Path, spec: TableSpec) -> pd.Series:
    text = column.str.strip()
    missing = text.isin(spec.na_values) | text.isna()
    if kind == "str":
        return text.where(~missing, None).astype("string")
    if kind == "date":
        values = pd.to_datetime(text.where(~missing), errors="coerce", format="%Y-%m-%d")
    else:
        values = pd.to_numeric(text.where(~missing), errors="coerce")
    bad = (values.isna() & ~missing).to_numpy()
    if bad.any():
        index = int(np.argmax(bad))
        article = "an" if kind == "int" else "a"
        problem = f"'{text.iloc[index]}' is not {article} {kind}"
        raise bad_row(path, index, str(column.name), problem, spec=spec)
    if kind == "int":
        fractional = (values.notna() & (values % 1 != 0)).to_numpy()
        if fractional.any():
            index = int(np.argmax(fractional))
            raise bad_row(
                path, index, str(column.name), f"'{text.iloc[index]}' is not an int", spec=spec
            )
        return values.astype("Int64")
    return values.astype("float64") if kind == "float" else values
