"""The shared argument checks (allied._validation) and the atomic write that uses them."""

from __future__ import annotations

import math
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from allied._io import write_atomic
from allied._validation import (
    check_choice,
    check_distinct,
    check_finite_positive,
    check_input_path,
    check_labelled,
    check_number,
    check_numbers,
    check_output_path,
    check_whole,
    check_whole_numbers,
    check_years_within,
    parse_date,
    parse_years,
    read_text,
)
from allied.errors import InputError
from allied.models import public_good_equilibrium


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1960-02-30", "1960-02-30 is not a date: February 1960 has 29 days"),
        ("1900-02-29", "1900-02-29 is not a date: February 1900 has 28 days"),
        ("2023-04-31", "2023-04-31 is not a date: April has 30 days"),
        ("2023-00-10", "there is no month 0"),
        ("0000-01-01", "there is no year 0"),
        ("2023/04/01", "is not a date in the form YYYY-MM-DD"),
        ("yesterday", "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_date_that_does_not_exist_says_why(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_date(text, where="option --on")
    assert caught.value.where == "option --on" and "Value error" not in str(caught.value)


def test_dates_that_exist() -> None:
    assert parse_date(" 2000-02-29 ", where="x").isoformat() == "2000-02-29"
    assert parse_date("9999-12-31", where="x").year == 9999


def test_years() -> None:
    assert parse_years("1946\N{EN DASH}2018") == (1946, 2018)
    assert parse_years(2001) == (2001, 2001)
    assert parse_years([1999, 1990, 1995]) == (1990, 1999)
    for bad in ("1990-2000-2010", "1990-", "-5", "nineteen"):
        with pytest.raises(InputError, match="cannot read years"):
            parse_years(bad)
    with pytest.raises(InputError, match="run backwards"):
        parse_years("2000-1990")
    with pytest.raises(InputError, match="years cannot be True"):
        parse_years(True)


@pytest.mark.parametrize(
    ("years", "phrase"),
    [
        ((1990, 99_999_999_999), "years 1990-99999999999 reach beyond X, which covers 1816-2016"),
        ((1700, 1800), "years 1700-1800 are outside X, which covers 1816-2016"),
        ((1800, 1800), "year 1800 is outside X"),
        ((1815, 2016), "reach beyond"),
    ],
)
def test_years_outside_the_coverage(years: tuple[int, int], phrase: str) -> None:
    with pytest.raises(InputError, match=phrase):
        check_years_within(years, (1816, 2016), where="option --years", data="X")
    assert check_years_within((1816, 2016), (1816, 2016), where="w", data="X") == (1816, 2016)


def test_finite_positive_numbers() -> None:
    assert check_finite_positive(np.float32(2.5), name="n", where="w", fix="f") == 2.5
    for bad in (0, -1):
        with pytest.raises(InputError, match="n must be positive"):
            check_finite_positive(bad, name="n", where="w", fix="f")
    for bad in (math.nan, math.inf):
        with pytest.raises(InputError, match="n is not finite"):
            check_finite_positive(bad, name="n", where="w", fix="f")
    with pytest.raises(InputError, match="n is not a number: '2'"):
        check_finite_positive("2", name="n", where="w", fix="f")
    with pytest.raises(InputError, match="n 2e\\+06 is too large"):
        check_finite_positive(2e6, name="n", where="w", fix="f", at_most=1e6)


@pytest.mark.parametrize(
    ("value", "bounds", "message"),
    [
        (True, {}, "x is not a number: True"),
        ("1", {}, "x is not a number: '1'"),
        (math.nan, {}, "x is not finite: nan"),
        (-math.inf, {"at_least": 0}, "x is not finite: -inf"),
        (0, {"above": 0}, "x must be positive, not 0"),
        (-0.5, {"at_least": 0}, "x must be non-negative, not -0.5"),
        (1, {"above": 0, "below": 1}, "x must be strictly between 0 and 1, not 1"),
        (1.5, {"above": 0, "at_most": 1}, "x must be at most 1, not 1.5"),
        (2, {"at_least": 3}, "x must be at least 3, not 2"),
        (3, {"above": 3}, "x must be above 3, not 3"),
        (5, {"below": 5}, "x must be below 5, not 5"),
    ],
)
def test_check_number_says_which_bound(
    value: object, bounds: dict[str, float], message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        check_number(value, name="x", fix="Give one.", **bounds)
    assert info.value.where == "argument x"
    assert info.value.fix == "Give one."


def test_check_number_returns_a_float() -> None:
    assert check_number(np.int64(3), name="x", fix="", above=0, below=4) == 3.0
    assert check_number(0, name="x", fix="", at_least=0, at_most=0) == 0.0
    assert check_number(0.5, name="x", fix="", where="option --x") == 0.5


@pytest.mark.parametrize(
    ("value", "bounds", "message"),
    [
        (1.0, {}, "a non-negative whole number, not 1.0"),
        (-1, {}, "a non-negative whole number, not -1"),
        (0, {"at_least": 1}, "a positive whole number, not 0"),
        (1, {"at_least": 2}, "a whole number of at least 2, not 1"),
        (13, {"at_most": 12}, "a whole number from 0 to 12, not 13"),
        (True, {}, "not True"),
        (2.5, {"floats": True}, "not 2.5"),
    ],
)
def test_check_whole(value: object, bounds: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_whole(value, name="n", where="argument n", fix="", **bounds)
    assert check_whole(np.int64(4), name="n", where="w", fix="") == 4
    assert check_whole(4.0, name="n", where="w", fix="", floats=True) == 4


def test_check_whole_numbers() -> None:
    assert check_whole_numbers(np.array([[1.0, 2]]), name="x", where="w", fix="").tolist() == [
        [1, 2]
    ]
    for bad in ([1, 2.5], [0, 1], [np.nan]):
        with pytest.raises(InputError, match="x must hold whole numbers of at least 1"):
            check_whole_numbers(bad, name="x", where="w", fix="", at_least=1)
    with pytest.raises(InputError, match="must be a whole number or an array of them"):
        check_whole_numbers(["1"], name="x", where="w", fix="")


def test_check_labelled_and_distinct() -> None:
    series = pd.Series([3, 4], index=["A", "B"])
    assert check_labelled(series, name="key", where="w", fix="") == (("A", "B"), [3, 4])
    assert check_labelled(np.array([5, 6]), name="key", where="w", fix="") == (("1", "2"), [5, 6])
    with pytest.raises(InputError, match="no key given"):
        check_labelled({}, name="key", where="w", fix="")
    with pytest.raises(InputError, match="key must be a mapping of partner to number, not list"):
        check_labelled([1], name="key", where="w", fix="", label="partner", sequences=False)
    with pytest.raises(InputError, match="or a sequence of numbers, not str"):
        check_labelled("AB", name="key", where="w", fix="")
    with pytest.raises(InputError, match="player 'A' appears more than once"):
        check_labelled(pd.Series([1, 2], index=["A", "A"]), name="key", where="w", fix="")
    assert check_distinct(["A", "B"], what="ally", where="w", fix="") == ("A", "B")


def test_check_choice_lives_here_and_in_errors() -> None:
    import allied.errors

    assert allied.errors.check_choice is check_choice
    assert "check_choice" in allied.errors.__all__
    with pytest.raises(InputError, match="unknown system 'iso'"):
        check_choice("iso", ("cow", "gw"), argument="system")
    with pytest.raises(AttributeError):
        allied.errors.no_such_check  # noqa: B018


def test_input_files(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes("\ufeffname: Türkiye\n".encode())  # a byte-order mark is dropped
    assert read_text(good, where="w", fix="f") == "name: Türkiye\n"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nname: Türkiye\n".encode("latin-1"))
    with pytest.raises(InputError, match="byte 0xfc at line 2, column 8 is not valid UTF-8"):
        read_text(latin, where="w", fix="f")
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_text(tmp_path, where="w", fix="f")
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_input_path(good, where="w", fix="f", folder=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_input(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("a: 1\n")
    secret.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_text(secret, where="w", fix="f")


def test_output_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder, not a file"):
        check_output_path(tmp_path, where="option --out")
    with pytest.raises(InputError, match=r"does not exist .* add --mkdir"):
        check_output_path(tmp_path / "a" / "b" / "x.csv", where="option --out")
    assert check_output_path(tmp_path / "a" / "b" / "x.csv", where="w", mkdir=True).name == "x.csv"
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match="is a file, so nothing can be written under it"):
        check_output_path(blocker / "x.csv", where="w", mkdir=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing created


def test_write_atomic_creates_folders_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.txt"
    with pytest.raises(InputError, match=r"the folder .*new' does not exist"):
        write_atomic(target, "x")
    assert not (tmp_path / "new").exists()
    write_atomic(target, "x", mkdir=True)
    assert target.read_text() == "x"
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path, "x")


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("incomes", "price", "phrase"),
    [
        ([1e308, 1e308], 1.0, "too large for the arithmetic: together they buy about 1e308"),
        (
            [1e299, 1e299, 1e299, 1e299, 1e299, 1e299, 1e299, 1e299, 1e299, 1e299, 1e299],
            1.0,
            "too large",
        ),  # each is fine; their sum is not
        ([1.0, 2.0], 1e-320, "too large"),
        ([1e-320, 1.0], 1.0, "an income is too small for the arithmetic"),
    ],
)
def test_equilibrium_refuses_what_the_arithmetic_cannot_carry(
    incomes: list[float], price: float, phrase: str
) -> None:
    with pytest.raises(InputError, match=phrase) as caught:
        public_good_equilibrium(incomes, price=price)
    assert caught.value.where == "arguments incomes, price"


@pytest.mark.filterwarnings("error")
def test_equilibrium_at_the_edges_of_the_range_stays_finite() -> None:
    big = public_good_equilibrium([4e299, 2e299])
    small = public_good_equilibrium([4e-299, 2e-299])
    for result in (big, small):
        assert math.isfinite(result.total) and math.isfinite(result.efficient_total)
        assert result.total > 0
    assert big.efficient_total == pytest.approx(3e299)


def test_check_numbers_names_the_first_bad_entry() -> None:
    labels = ["A", "B", "C"]
    assert check_numbers(labels, [1, np.float64(2.5), 3], name="{label!r}", fix="", where="w",
                         above=0, below=4).tolist() == [1.0, 2.5, 3.0]  # fmt: skip
    assert check_numbers(labels, [Fraction(1, 2), np.int16(2), 3], name="{label!r}", fix="",
                         where="w").tolist() == [0.5, 2.0, 3.0]  # fmt: skip
    cases = [
        ([1, "2", 3], "key of 'B' is not a number: '2'"),
        ([1, True, 3], "key of 'B' is not a number: True"),
        ([1, 2, math.inf], "key of 'C' is not finite: inf"),
        ([1, -2, -3], "key of 'B' must be non-negative, not -2"),
    ]
    for values, message in cases:
        with pytest.raises(InputError, match=message) as info:
            check_numbers(labels, values, name="key of {label!r}", fix="",
                          where="argument key, entry {label!r}", at_least=0)  # fmt: skip
        assert info.value.where == f"argument key, entry {message.split(chr(39))[1]!r}"


def test_an_int_too_large_for_a_float_is_not_finite() -> None:
    with pytest.raises(InputError, match="x is not finite: 1000"):
        check_number(10**400, name="x", fix="")
    with pytest.raises(InputError, match="key of 'B' is not finite"):
        check_numbers(["A", "B"], [1, 10**400], name="key of {label!r}", fix="", where="w")
