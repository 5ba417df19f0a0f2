"""The generic dyad-year join every ``add_*`` step uses (``allied.panel._joins.dyad_columns``).

The panels are built by hand (no cache needed); the registry entry ``toy``
gives coverage 1985-1992 and a per-column fill (``onset`` 0, ``share`` none).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
import yaml

from allied.errors import InputError
from allied.panel import Panel
from allied.panel._crosswalk import translate_codes
from allied.panel._joins import dyad_columns

UseRegistry = Callable[..., None]
PARSER = "allied.sources._tables:parse_nmc"  # never called: the tables are built here

TOY = yaml.safe_dump(
    {
        "toy": {
            "title": "Toy dyad scores",
            "version": "1",
            "coverage": [1985, 1992],
            "system": "cow",
            "licence": "CC0",
            "homepage": "https://example.org/toy-dyads",
            "citation": {
                "text": "Doe, J. (2026). Toy dyad scores, a dataset for tests of the joins.",
                "bibtex": "@misc{toydyads, title = {Toy dyads}, year = {2026}}\n",
            },
            "tables": {"scores": {"files": ["toy.csv"], "parser": PARSER}},
            "fill": {"scores": {"onset": 0}},
        }
    }
)
SOURCE = ("toy", "scores")


@pytest.fixture(autouse=True)
def _toy(use_registry: UseRegistry) -> None:
    use_registry(TOY)


def _panel(rows: list[tuple[int, int, int]], *, system: str = "cow", directed: bool) -> Panel:
    base = "ccode" if system == "cow" else "gwcode"
    frame = pd.DataFrame(rows, columns=[f"{base}1", f"{base}2", "year"])
    return Panel(frame, "dyad-year", system, directed=directed)  # type: ignore[arg-type]


def _table(rows: list[tuple[int, int, int, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["code1", "code2", "year", "onset", "share"])


def _join(panel: Panel, table: pd.DataFrame, **options: object) -> dict[str, object]:
    return dyad_columns(panel, table, ["onset", "share"], system="cow", source=SOURCE, **options)  # type: ignore[arg-type]


def _values(column: object) -> list[object]:
    return [None if pd.isna(v) else v for v in pd.array(column)]


def test_a_symmetric_table_row_feeds_both_orders_of_its_dyad() -> None:
    panel = _panel([(2, 200, 1990), (200, 2, 1990), (2, 220, 1990)], directed=True)
    columns = _join(panel, _table([(2, 200, 1990, 1, 0.5)]), symmetric=True)
    assert _values(columns["onset"]) == [1.0, 1.0, 0.0]
    assert _values(columns["share"]) == [0.5, 0.5, None]


def test_a_directed_table_feeds_only_its_own_order() -> None:
    panel = _panel([(2, 200, 1990), (200, 2, 1990)], directed=True)
    columns = _join(panel, _table([(200, 2, 1990, 1, 0.25)]))
    assert _values(columns["onset"]) == [0.0, 1.0]
    assert _values(columns["share"]) == [None, 0.25]


def test_a_directed_table_on_a_non_directed_panel_gives_the_low_high_order() -> None:
    panel = _panel([(2, 200, 1990)], directed=False)
    table = _table([(2, 200, 1990, 1, 0.1), (200, 2, 1990, 0, 0.9)])
    columns = _join(panel, table)
    assert _values(columns["onset"]) == [1.0] and _values(columns["share"]) == [0.1]


def test_each_column_gets_its_own_fill_inside_coverage_and_na_outside() -> None:
    years = [1984, 1990, 1992, 1993]
    panel = _panel([(2, 200, year) for year in years], directed=False)
    columns = _join(panel, _table([(2, 200, 1984, 1, 0.3), (2, 200, 1993, 1, 0.3)]))
    assert _values(columns["onset"]) == [None, 0.0, 0.0, None]  # listed 1984/1993: outside
    assert _values(columns["share"]) == [None, None, None, None]


def test_integer_columns_come_back_as_nullable_int64() -> None:
    panel = _panel([(2, 200, 1990), (2, 200, 1991), (2, 200, 1995)], directed=False)
    columns = _join(panel, _table([(2, 200, 1990, 3, 0.5)]), integers=["onset"])
    onset = pd.Series(columns["onset"])
    assert onset.dtype == "Int64"
    assert onset.tolist()[:2] == [3, 0] and onset.isna().tolist() == [False, False, True]
    assert pd.Series(columns["share"]).dtype == np.float64


def test_integer_columns_equal_the_float_columns_with_every_missing_kind() -> None:
    # listed with a value, listed with an empty cell, unlisted (fill 0 / no fill), outside
    years = [1990, 1991, 1992, 1993, 1984]
    panel = _panel([(2, 200, y) for y in years] + [(2, 220, 1990)], directed=True)
    table = _table([(2, 200, 1990, 3, 2), (2, 200, 1991, np.nan, np.nan), (2, 200, 1984, 1, 1)])
    floats = _join(panel, table)
    integers = _join(panel, table, integers=["onset", "share"])
    for column in ("onset", "share"):
        expected = pd.array(floats[column], dtype="Float64").astype("Int64")
        pd.testing.assert_extension_array_equal(integers[column], expected)
    assert _values(integers["onset"]) == [3, None, 0, None, None, 0]
    assert _values(integers["share"]) == [2, None, None, None, None, None]


@pytest.mark.parametrize(
    ("rows", "symmetric"),
    [
        ([(2, 200, 1990, 1, 0.5), (2, 200, 1990, 0, 0.1)], False),
        ([(2, 200, 1990, 1, 0.5), (200, 2, 1990, 0, 0.1)], True),
    ],
)
def test_a_dyad_year_listed_twice_is_refused(
    rows: list[tuple[int, int, int, float, float]], symmetric: bool
) -> None:
    panel = _panel([(2, 200, 1990)], directed=False)
    with pytest.raises(InputError, match="lists a dyad-year more than once"):
        _join(panel, _table(rows), symmetric=symmetric)


def test_an_empty_table_gives_the_fill() -> None:
    panel = _panel([(2, 200, 1990)], directed=False)
    columns = _join(panel, _table([]))
    assert _values(columns["onset"]) == [0.0] and _values(columns["share"]) == [None]


def test_a_gw_panel_reads_cow_coded_data_through_the_crosswalk() -> None:
    # G-W 260 (Germany) is COW 260 to 1990 and COW 255 after unification.
    panel = _panel([(2, 260, 1989), (2, 260, 1991)], system="gw", directed=True)
    table = _table([(2, 260, 1989, 1, 0.2), (2, 255, 1991, 1, 0.7)])
    columns = _join(panel, table)
    assert _values(columns["share"]) == [0.2, 0.7]


def test_two_cow_states_sharing_one_gw_code_in_a_year_do_not_collide() -> None:
    # In 1990 COW lists West Germany (260) and unified Germany (255), both G-W 260;
    # the panel's G-W 260 reads the one COW code the crosswalk gives it that year.
    panel = _panel([(2, 260, 1990)], system="gw", directed=True)
    table = _table([(2, 255, 1990, 1, 0.1), (2, 260, 1990, 1, 0.9)])
    columns = _join(panel, table)
    (cow,) = translate_codes(np.array([260]), np.array([1990]), source="gw", target="cow")
    assert _values(columns["share"]) == [{255: 0.1, 260: 0.9}[int(cow)]]
