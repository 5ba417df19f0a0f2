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
- numbers: :func:`check_finite_positive` (finite, positive, and within a bound);
- choices: :func:`check_choice` (defined in :mod:`allied.errors`, re-exported here).

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
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from allied.errors import InputError, check_choice

__all__ = [
    "check_choice",
    "check_finite_positive",
    "check_input_path",
    "check_nation",
    "check_output_path",
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
    allied.errors.InputError: price must be a finite positive number, not inf (argument price).
    Give a price.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a number, not {value!r}", where=where, fix=fix)
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise InputError(
            f"{name} must be a finite positive number, not {number!r}", where=where, fix=fix
        )
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
