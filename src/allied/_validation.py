"""The one home of argument checks that every layer uses.

Each check takes the value and ``where`` it came from (``"option --input"``,
``"argument years"``, a file name), and either returns the value in the
form the caller needs or raises :class:`~allied.errors.InputError` with a
message that says what is wrong, where, and how to fix it. Checks run once,
at the public boundary (a command-line option, a library function's
argument); private helpers then trust their input.

- input files: :func:`read_text` (exists, is a file, readable, UTF-8) and
  :func:`check_input_path` (exists and is readable, for binary files and folders);
- output files: :func:`check_output_path` (not a folder; its folder exists,
  unless the caller asked to create it);
- dates: :func:`parse_date` (ISO ``YYYY-MM-DD``, with the reason a day does not exist);
- years: :func:`parse_years` and :func:`check_years_within` (a data set's coverage);
- numbers: :func:`check_number` (finite, within bounds: positive, non-negative,
  strictly between 0 and 1 ...), :func:`check_numbers` (many at once, each named)
  and :func:`check_finite_positive` (positive, with a ceiling the arithmetic needs);
- counts: :func:`check_whole` (a whole number within bounds) and
  :func:`check_whole_numbers` (an array of them);
- labelled values: :func:`check_labelled` (a mapping or Series of label to value, or
  a sequence) and :func:`check_distinct` (no label twice);
- choices: :func:`check_choice` (also importable from :mod:`allied.errors`).

Examples
--------
>>> parse_date("1990-10-03", where="option --on")
datetime.date(1990, 10, 3)
>>> parse_date("1960-02-30", where="option --on")  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
allied.errors.InputError: 1960-02-30 is not a date: February 1960 has 29 days (option --on).
Write a date that exists, as YYYY-MM-DD.
>>> check_years_within((1990, 2000), (1816, 2016), where="option --years", data="cow-states")
(1990, 2000)
"""

from __future__ import annotations

import calendar
import math
import numbers
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allied.errors import InputError

__all__ = [
    "check_choice",
    "check_distinct",
    "check_finite_positive",
    "check_input_path",
    "check_labelled",
    "check_nation",
    "check_number",
    "check_numbers",
    "check_output_path",
    "check_whole",
    "check_whole_numbers",
    "check_years_within",
    "parse_date",
    "parse_years",
    "read_text",
]

#: Inclusive (first, last) years.
YearRange = tuple[int, int]

#: How to fix a file that is not UTF-8.
UTF8_FIX = (
    "Save the file as UTF-8 (in an editor: Save As, encoding UTF-8; or convert it, "
    "e.g. `iconv -f LATIN1 -t UTF-8 OLD > NEW`)."
)


def check_input_path(path: str | Path, *, where: str, fix: str, folder: bool = False) -> Path:
    """``path`` as a :class:`~pathlib.Path` if it exists, is readable and is a file (or folder).

    Parameters
    ----------
    path
        The path the user gave.
    where
        Where it was given, e.g. ``"option --input"``.
    fix
        What to give instead, as a sentence (appended to every message).
    folder
        Expect a folder instead of a file.

    Examples
    --------
    >>> check_input_path("/no/file.yaml", where="option --input",
    ...                  fix="Give a YAML file.")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: the file '/no/file.yaml' does not exist (option --input). Give a
    YAML file.
    """
    target = Path(path)
    kind, other = ("folder", "file") if folder else ("file", "folder")
    if not target.exists():
        raise InputError(f"the {kind} {str(target)!r} does not exist", where=where, fix=fix)
    if target.is_dir() != folder:
        raise InputError(f"{str(target)!r} is a {other}, not a {kind}", where=where, fix=fix)
    if not os.access(target, os.R_OK | (os.X_OK if folder else 0)):
        raise InputError(
            f"cannot read {str(target)!r}: permission denied",
            where=where,
            fix=f"Make the {kind} readable (chmod) or copy it somewhere you can read. {fix}",
        )
    return target


def first_non_utf8(data: bytes) -> tuple[int, int, int] | None:
    """``(line, column, byte)`` of the first byte of ``data`` that is not UTF-8, or ``None``.

    Examples
    --------
    >>> first_non_utf8("a: 1\\nb: été".encode("latin-1"))
    (2, 4, 233)
    >>> first_non_utf8("b: été".encode()) is None
    True
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return line, column, data[exc.start]
    return None


def decode_utf8(data: bytes, *, name: str, where: str) -> str:
    """``data`` decoded as UTF-8 (a leading byte-order mark is dropped).

    ``name`` says what the data is in the message (``"'x.yaml'"``, ``"standard input"``).

    Text that is not UTF-8 is an :class:`InputError` naming the first bad
    byte's line and column.

    Examples
    --------
    >>> latin = "a: 1\\nb: été".encode("latin-1")
    >>> decode_utf8(latin, name="'x.yaml'", where="option -i")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: 'x.yaml' is not UTF-8 text: byte 0xe9 at line 2, column 4 is not
    valid UTF-8 (option -i). Save the file as UTF-8 (in an editor: Save As, encoding UTF-8;
    or convert it, e.g. `iconv -f LATIN1 -t UTF-8 OLD > NEW`).
    """
    bad = first_non_utf8(data)
    if bad is not None:
        line, column, byte = bad
        raise InputError(
            f"{name} is not UTF-8 text: byte 0x{byte:02x} at line {line}, "
            f"column {column} is not valid UTF-8",
            where=where,
            fix=UTF8_FIX,
        )
    return data.decode("utf-8-sig")


def read_text(path: str | Path, *, where: str, fix: str) -> str:
    """The text of a UTF-8 file, after checking it exists, is a file and is readable.

    Parameters
    ----------
    path
        The file.
    where
        Where the path was given, e.g. ``"option --input"``.
    fix
        What file to give, as a sentence (used when the path is wrong).

    Raises
    ------
    InputError
        No such file, a folder, unreadable, or not UTF-8 (with the line and
        column of the first byte that is not).
    """
    target = check_input_path(path, where=where, fix=fix)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read {str(target)!r}: {exc.strerror or exc}", where=where, fix=fix
        ) from None
    return decode_utf8(data, name=repr(str(target)), where=where)


def check_output_path(path: str | Path, *, where: str, mkdir: bool = False) -> Path:
    """``path`` as a :class:`~pathlib.Path` if a file can be written there.

    The path must not be a folder, and its folder must exist unless
    ``mkdir`` is true (then the first existing ancestor must be a folder);
    nothing is created here.

    Examples
    --------
    >>> check_output_path("/no/such/dir/out.csv", where="option --out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    allied.errors.InputError: the folder '/no/such/dir' does not exist (option --out). ...
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(
            f"{str(target)!r} is a folder, not a file",
            where=where,
            fix=f"Give a file name, e.g. {str(target / 'out')!r} (with the extension you want).",
        )
    parent = target.parent
    if not parent.exists() and not mkdir:
        raise InputError(
            f"the folder {str(parent)!r} does not exist",
            where=where,
            fix="Create it first, choose an existing folder, or add --mkdir to create it.",
        )
    ancestor = next((p for p in (parent, *parent.parents) if p.exists()), Path("."))
    if not ancestor.is_dir():
        raise InputError(
            f"{str(ancestor)!r} is a file, so nothing can be written under it",
            where=where,
            fix="Choose an output path in a folder.",
        )
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write in the folder {str(ancestor)!r}: permission denied",
            where=where,
            fix="Choose an output path in a folder you can write to.",
        )
    return target


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str, *, where: str) -> date:
    """An ISO date ``YYYY-MM-DD``; a day that does not exist is named as such.

    Examples
    --------
    >>> parse_date("2023-04-04", where="option --on")
    datetime.date(2023, 4, 4)
    >>> parse_date("2023-4-4", where="option --on")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: '2023-4-4' is not a date in the form YYYY-MM-DD (option --on).
    Write e.g. 2023-04-04.
    >>> parse_date("2023-06-31", where="option --on")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: 2023-06-31 is not a date: June has 30 days (option --on). Write a
    date that exists, as YYYY-MM-DD.
    """
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        raise InputError(
            f"{text!r} is not a date in the form YYYY-MM-DD",
            where=where,
            fix="Write e.g. 2023-04-04.",
        )
    year, month, day = (int(part) for part in match.groups())
    fix = "Write a date that exists, as YYYY-MM-DD."
    if year < 1:
        raise InputError(f"{text} is not a date: there is no year 0", where=where, fix=fix)
    if not 1 <= month <= 12:
        raise InputError(f"{text} is not a date: there is no month {month}", where=where, fix=fix)
    length = calendar.monthrange(year, month)[1]
    if not 1 <= day <= length:
        name = calendar.month_name[month]
        if month == 2:
            name = f"February {year}"
        raise InputError(f"{text} is not a date: {name} has {length} days", where=where, fix=fix)
    return date(year, month, day)


_YEARS = re.compile(r"(\d+)(?:\s*[-\N{EN DASH}]\s*(\d+))?")


def parse_years(
    years: YearRange | Iterable[int] | str | int, *, where: str = "argument years"
) -> YearRange:
    """A year selection as an inclusive ``(first, last)`` pair.

    Accepts ``"1946-2018"`` (or with an en dash), ``"2001"``, an int, a
    ``(first, last)`` pair or any iterable of years (its smallest to its largest).

    Examples
    --------
    >>> parse_years("1946-2018")
    (1946, 2018)
    >>> parse_years(range(1990, 2000))
    (1990, 1999)
    >>> parse_years("1990-2000-2010")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: cannot read years '1990-2000-2010' (argument years). Write one
    year (1990) or a range (1946-2018).
    """
    fix = "Write one year (1990) or a range (1946-2018)."
    if isinstance(years, str):
        match = _YEARS.fullmatch(years.strip())
        if match is None:
            raise InputError(f"cannot read years {years!r}", where=where, fix=fix)
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
    elif isinstance(years, int):
        if isinstance(years, bool):
            raise InputError(f"years cannot be {years!r}", where=where, fix=fix)
        first = last = years
    else:
        values = [int(value) for value in years]
        if not values:
            raise InputError("empty year selection", where=where, fix="Give years.")
        first, last = min(values), max(values)
    if first > last:
        raise InputError(
            f"years {first}-{last} run backwards", where=where, fix=f"Write {last}-{first}."
        )
    return (first, last)


def check_years_within(
    years: YearRange, coverage: YearRange, *, where: str, data: str, fix: str | None = None
) -> YearRange:
    """``years`` if every one of them lies within ``coverage``, the years ``data`` covers.

    Parameters
    ----------
    years
        The inclusive ``(first, last)`` years asked for.
    coverage
        The inclusive ``(first, last)`` years of the data (from the dataset
        registry, or the data itself).
    where
        Where the years were given.
    data
        What covers ``coverage``, for the message (``"the cow-states data"``).
    fix
        A further way out, appended to the message (e.g. ``--through``).

    Examples
    --------
    >>> check_years_within((1990, 2030), (1816, 2016), where="option --years",
    ...                    data="the cow-states data")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: years 1990-2030 reach beyond the cow-states data, which covers
    1816-2016 (option --years). Choose years within 1816-2016.
    """
    first, last = coverage
    if first <= years[0] and years[1] <= last:
        return years
    asked = f"{years[0]}" if years[0] == years[1] else f"{years[0]}-{years[1]}"
    outside = years[1] < first or years[0] > last
    verb = "are outside" if outside else "reach beyond"
    if years[0] == years[1]:
        verb = "is outside"
    label = "year" if years[0] == years[1] else "years"
    covered = f"only {first}" if first == last else f"{first}-{last}"
    advice = f"Choose years within {first}-{last}." if first < last else f"Choose {first}."
    raise InputError(
        f"{label} {asked} {verb} {data}, which covers {covered}",
        where=where,
        fix=f"{advice} {fix}" if fix else advice,
    )


# ------------------------------------------------------- numbers, counts, labels, choices
#
# The checks of a model's arguments: a number within bounds, a whole number (a count, a
# seed, decimals), whole numbers in an array (units), labelled values (a mapping of player
# to number, or a sequence), distinct labels, and a choice among names.


def _shown(value: numbers.Real) -> str:
    """A number as written in a message: ``80`` for an int, ``0.5``, ``nan``, ``inf``."""
    return str(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))


def _bound_broken(
    number: float,
    above: float | None,
    at_least: float | None,
    below: float | None,
    at_most: float | None,
) -> str | None:
    """What ``number`` must be and is not (``"positive"``, ``"at most 1"`` ...), or ``None``."""
    if above is not None and below is not None and not above < number < below:
        return f"strictly between {above:g} and {below:g}"
    if above is not None and number <= above:
        return "positive" if above == 0 else f"above {above:g}"
    if at_least is not None and number < at_least:
        return "non-negative" if at_least == 0 else f"at least {at_least:g}"
    if below is not None and number >= below:
        return f"below {below:g}"
    if at_most is not None and number > at_most:
        return f"at most {at_most:g}"
    return None


def check_number(
    value: object,
    *,
    name: str,
    fix: str,
    where: str | None = None,
    above: float | None = None,
    at_least: float | None = None,
    below: float | None = None,
    at_most: float | None = None,
) -> float:
    """``value`` as a float if it is a finite real number within the bounds given.

    Parameters
    ----------
    value
        The number given (``bool`` is not a number here).
    name
        What it is, for the message (``"price"``, ``"income of ally 'USA'"``).
    fix
        How to fix it, as a sentence.
    where
        Where it was given; by default ``"argument NAME"``.
    above, at_least, below, at_most
        Bounds: ``above=0`` asks for a positive number, ``at_least=0`` for a
        non-negative one, ``above=0, below=1`` for one strictly between 0 and 1.

    Examples
    --------
    >>> check_number(0.8, name="slope", fix="Give e.g. 0.8.", above=0, at_most=1)
    0.8
    >>> check_number(80, name="slope", fix="Give e.g. 0.8.", above=0, at_most=1)
    Traceback (most recent call last):
    ...
    allied.errors.InputError: slope must be at most 1, not 80 (argument slope). Give e.g. 0.8.
    >>> check_number("1", name="cost", fix="Give a number.")
    Traceback (most recent call last):
    ...
    allied.errors.InputError: cost is not a number: '1' (argument cost). Give a number.
    """
    where = where or f"argument {name}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} is not a number: {value!r}", where=where, fix=fix)
    try:
        number = float(value)
    except OverflowError:  # an int beyond 1.8e308
        number = math.inf
    if not math.isfinite(number):
        raise InputError(f"{name} is not finite: {_shown(value)}", where=where, fix=fix)
    broken = _bound_broken(number, above, at_least, below, at_most)
    if broken is not None:
        raise InputError(f"{name} must be {broken}, not {_shown(value)}", where=where, fix=fix)
    return number


#: Types whose values np.array converts to float64 exactly as float() does (the fast path).
_PLAIN_NUMBERS = frozenset({int, float, np.int64, np.int32, np.float64, np.float32})


def check_numbers(
    labels: Sequence[str],
    values: Sequence[object],
    *,
    name: str,
    fix: str,
    where: str,
    above: float | None = None,
    at_least: float | None = None,
    below: float | None = None,
    at_most: float | None = None,
) -> np.ndarray:
    """``values`` as a float array if each passes :func:`check_number` with the bounds given.

    ``name`` and ``where`` are templates of one entry, with ``{label!r}`` for its
    label (``"key of {label!r}"``); the message names the first value that fails.
    Plain ints and floats are checked as one array (a key of a million players
    costs no Python call per entry).

    Examples
    --------
    >>> check_numbers(["A", "B"], [1, 2.5], name="key of {label!r}", fix="",
    ...               where="argument key", at_least=0).tolist()
    [1.0, 2.5]
    >>> check_numbers(["A", "B"], [1, -2], name="key of {label!r}", fix="Give weights.",
    ...               where="argument key, entry {label!r}",
    ...               at_least=0)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: key of 'B' must be non-negative, not -2 (argument key, entry
    'B'). Give weights.
    """
    if all(type(value) in _PLAIN_NUMBERS for value in values):
        try:
            array = np.array(values, dtype=np.float64)
        except OverflowError:  # an int beyond 1.8e308: the loop below names it
            array = np.array([math.nan])
        ok = np.isfinite(array)
        for bound, holds in (
            (above, np.greater),
            (at_least, np.greater_equal),
            (below, np.less),
            (at_most, np.less_equal),
        ):
            if bound is not None:
                ok &= holds(array, bound)
        if ok.all():
            return array
    bounds = {"above": above, "at_least": at_least, "below": below, "at_most": at_most}
    return np.array(
        [
            check_number(
                value,
                name=name.format(label=label),
                where=where.format(label=label),
                fix=fix,
                **bounds,
            )
            for label, value in zip(labels, values, strict=True)
        ],
        dtype=np.float64,
    )


def _whole_kind(at_least: int, at_most: int | None) -> str:
    if at_most is not None:
        return f"a whole number from {at_least} to {at_most}"
    return {0: "a non-negative whole number", 1: "a positive whole number"}.get(
        at_least, f"a whole number of at least {at_least}"
    )


def check_whole(
    value: object,
    *,
    name: str,
    where: str,
    fix: str,
    at_least: int = 0,
    at_most: int | None = None,
    floats: bool = False,
) -> int:
    """``value`` as an int if it is a whole number from ``at_least`` to ``at_most``.

    A count, a seed, a number of decimals, an integer weight. ``floats=True``
    also takes a float that is whole (``4.0``, as pandas stores integer columns with gaps).

    Examples
    --------
    >>> check_whole(500, name="samples", where="argument samples", fix="Give 1000.", at_least=2)
    500
    >>> check_whole(1.5, name="weight of 'A'", where="argument weights", fix="Give votes.",
    ...             floats=True)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: weight of 'A' must be a non-negative whole number, not 1.5
    (argument weights). Give votes.
    """
    number: int | None = None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        pass
    elif isinstance(value, numbers.Integral):
        number = int(value)
    elif floats and float(value).is_integer():
        number = int(float(value))
    if number is None or number < at_least or (at_most is not None and number > at_most):
        raise InputError(
            f"{name} must be {_whole_kind(at_least, at_most)}, not {value!r}", where=where, fix=fix
        )
    return number


def check_whole_numbers(
    values: object, *, name: str, where: str, fix: str, at_least: int = 0
) -> np.ndarray:
    """``values`` (a number or an array) as int64 if each is a whole number >= ``at_least``.

    Examples
    --------
    >>> check_whole_numbers([1, 2.0, 3], name="x", where="argument x", fix="Give units.").tolist()
    [1, 2, 3]
    >>> check_whole_numbers(0, name="n", where="argument n", fix="Give integers >= 1.",
    ...                     at_least=1)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: n must hold whole numbers of at least 1 (argument n). Give
    integers >= 1.
    """
    array = np.asarray(values)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise InputError(f"{name} must be a whole number or an array of them", where=where, fix=fix)
    if (
        not np.all(np.isfinite(array))
        or np.any(array != np.round(array))
        or np.any(array < at_least)
    ):
        raise InputError(
            f"{name} must hold whole numbers of at least {at_least}", where=where, fix=fix
        )
    return array.astype(np.int64)


def check_distinct(labels: Sequence[str], *, what: str, where: str, fix: str) -> tuple[str, ...]:
    """``labels`` as a tuple if none appears twice (the message names the first repeated one).

    Examples
    --------
    >>> check_distinct(["USA", "GBR", "USA"], what="player", where="argument players",
    ...                fix="Name each player once.")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: player 'USA' appears more than once (argument players). Name each
    player once.
    """
    if len(set(labels)) == len(labels):
        return tuple(labels)
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise InputError(f"{what} {label!r} appears more than once", where=where, fix=fix)
        seen.add(label)
    return tuple(labels)


def check_labelled(
    values: object,
    *,
    name: str,
    where: str,
    fix: str,
    label: str = "player",
    sequences: bool = True,
) -> tuple[tuple[str, ...], list[Any]]:
    """The labels and values of a mapping or Series (or a sequence, labelled ``"1"``, ``"2"``...).

    The values are returned as given, for the caller to check each (with
    :func:`check_number` or :func:`check_whole`, naming the label). There must
    be at least one, and no label twice.

    Parameters
    ----------
    values
        A mapping or :class:`pandas.Series` of label to value, or (when
        ``sequences``) a sequence or array of values.
    name
        The argument's name (``"key"``, ``"incomes"``).
    label
        What a label stands for (``"player"``, ``"partner"``, ``"ally"``).

    Examples
    --------
    >>> check_labelled({"USA": 2443, "GBR": 138}, name="key", where="argument key", fix="")
    (('USA', 'GBR'), [2443, 138])
    >>> check_labelled([100, 80], name="incomes", where="argument incomes", fix="")
    (('1', '2'), [100, 80])
    """
    if isinstance(values, pd.Series):
        labels = [str(key) for key in values.index]
        items: list[Any] = list(values.to_numpy(dtype=object))
    elif isinstance(values, Mapping):
        labels = [str(key) for key in values]
        items = list(values.values())
    elif (
        sequences
        and isinstance(values, Sequence | np.ndarray)
        and not isinstance(values, str | bytes)
    ):
        items = (
            list(np.asarray(values, dtype=object).ravel())
            if isinstance(values, np.ndarray)
            else list(values)
        )
        labels = [str(i + 1) for i in range(len(items))]
    else:
        also = " or a sequence of numbers" if sequences else ""
        raise InputError(
            f"{name} must be a mapping of {label} to number{also}, not {type(values).__name__}",
            where=where,
            fix=fix,
        )
    if not items:
        raise InputError(f"no {name} given", where=where, fix=fix)
    return check_distinct(labels, what=label, where=where, fix=fix), items


def check_choice(
    value: str, allowed: Iterable[str], *, argument: str, label: str | None = None
) -> str:
    """``value`` if it is one of ``allowed``, else an :class:`InputError` listing them.

    Examples
    --------
    >>> check_choice("cow", ("cow", "gw"), argument="system")
    'cow'
    >>> check_choice("iso", ("cow", "gw"), argument="system")
    Traceback (most recent call last):
    ...
    allied.errors.InputError: unknown system 'iso' (argument system). Use one of: cow, gw.
    """
    choices = tuple(allowed)
    if value not in choices:
        raise InputError(
            f"unknown {label or argument} {value!r}",
            where=f"argument {argument}",
            fix=f"Use one of: {', '.join(map(str, choices))}.",
        )
    return value


def check_finite_positive(
    value: object, *, name: str, where: str, fix: str, at_most: float = math.inf
) -> float:
    """``value`` as a float if it is a finite number above 0 and at most ``at_most``.

    Examples
    --------
    >>> check_finite_positive(2, name="price", where="argument price", fix="Give a price.")
    2.0
    >>> check_finite_positive(float("inf"), name="price", where="argument price",
    ...                       fix="Give a price.")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: price is not finite: inf (argument price). Give a price.
    """
    number = check_number(value, name=name, where=where, fix=fix, above=0)
    if number > at_most:
        raise InputError(
            f"{name} {number:g} is too large: the arithmetic needs at most {at_most:g}",
            where=where,
            fix=fix,
        )
    return number


# ------------------------------------------------------------------ nation codes


_ISO3: dict[str, bool] = {}  # code -> whether it is one (at most 26**3 entries)


def _is_iso3(code: str) -> bool:
    """Whether ``code`` is the ISO 3166-1 alpha-3 code of a state of :mod:`allied.states`."""
    found = _ISO3.get(code)
    if found is None:
        from allied import states  # imported here: allied.states may use the checks above

        try:
            found = states.lookup(code, source="iso3").iso3 == code
        except InputError:
            found = False
        _ISO3[code] = found
    return found


def check_nation(value: object, *, where: str) -> str:
    """The ISO 3166-1 alpha-3 code ``value`` (surrounding spaces dropped, upper-cased).

    A nation is named by the three-letter code of a state in
    :mod:`allied.states` (``GBR``, ``USA``; also the withdrawn codes of former
    states such as ``DDR``). Anything else, including ``None``, is an
    :class:`~allied.errors.InputError`.

    Examples
    --------
    >>> check_nation(" gbr", where="argument nation")
    'GBR'
    >>> check_nation("UK", where="option --to")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: 'UK' is not an ISO 3166-1 alpha-3 code (option --to). Give the
    nation's three-letter ISO code, such as GBR or USA (`allied states list` shows them).
    """
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) == 3 and code.isalpha() and code.isascii() and _is_iso3(code):
        return code
    raise InputError(
        f"{value!r} is not an ISO 3166-1 alpha-3 code",
        where=where,
        fix="Give the nation's three-letter ISO code, such as GBR or USA "
        "(`allied states list` shows them).",
    )
