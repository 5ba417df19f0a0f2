"""States without armed forces: sourced spells, whole-year rule, checks on the data files."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from allied.errors import InputError
from allied.states import _armed_forces, armed_forces_absent, without_armed_forces


def test_the_listed_states_and_their_spells() -> None:
    spells = {s.iso3: s for s in without_armed_forces()}
    assert set(spells) == {"AND", "CRI", "ISL", "LIE", "PAN"}
    assert spells["ISL"].since is None and spells["ISL"].until is None
    assert spells["CRI"].since == date(1948, 12, 1)  # army abolished after the civil war
    assert spells["PAN"].since == date(1990, 2, 10)
    assert spells["LIE"].since == date(1868, 2, 12)
    for spell in spells.values():
        assert spell.basis and spell.sources
        for source in spell.sources:
            assert source.url and source.url.startswith("https://") and source.accessed


def test_a_year_counts_only_when_the_whole_of_it_is_without_armed_forces() -> None:
    iso3 = pd.Series(["CRI", "CRI", "PAN", "PAN", "ISL", "ISL", "USA", "LIE"])
    year = pd.Series([1948, 1949, 1990, 1991, 1950, 2024, 2024, 1868])
    assert armed_forces_absent(iso3, year).tolist() == [
        False,  # Costa Rica abolished its army on 1 December 1948
        True,
        False,  # Panama on 10 February 1990
        True,
        True,
        True,
        False,
        False,  # Liechtenstein on 12 February 1868
    ]
    assert armed_forces_absent(pd.Series([], dtype=str), pd.Series([], dtype=int)).tolist() == []


def _with_spell_row(row: dict[str, str], replace_first: bool):  # type: ignore[no-untyped-def]
    """A reader of the data files whose spells file has ``row`` added (or as its first row)."""
    real = _armed_forces._read

    def fake(name: str) -> list[dict[str, str]]:
        rows = real(name)
        if name == "no_armed_forces.csv":
            if replace_first:
                rows[0] = {**rows[0], **row}
            else:
                rows.append(row)
        return rows

    return fake


@pytest.mark.parametrize(
    ("row", "replace_first", "message"),
    [
        ({"iso3": "MCO", "since": "", "until": "", "basis": "made up"}, False, "MCO has no source"),
        ({"since": "1993-02-30"}, True, "not a date"),
    ],
)
def test_broken_data_files_are_refused(
    monkeypatch: pytest.MonkeyPatch, row: dict[str, str], replace_first: bool, message: str
) -> None:
    monkeypatch.setattr(_armed_forces, "_read", _with_spell_row(row, replace_first))
    _armed_forces._spells.cache_clear()
    try:
        with pytest.raises(InputError, match=message):
            without_armed_forces()
    finally:
        _armed_forces._spells.cache_clear()
