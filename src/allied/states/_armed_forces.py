"""States without armed forces: sourced spells, read from ``data/no_armed_forces*.csv``.

A handful of states keep no armed forces at all (Iceland, Costa Rica, Panama,
Liechtenstein, Andorra). Their military expenditure is a genuine zero or is
not published, and a spending guideline (NATO's 2 % of GDP) does not apply
to them: measures that test guidelines or add up shortfalls leave them out.

``data/no_armed_forces.csv`` holds one spell per row (``iso3``, ``since``,
``until``, ``basis``; an empty ``since`` means for as long as the state has
existed, an empty ``until`` means still so); ``data/no_armed_forces_sources.csv``
holds the sources, one per row, each with its url and the date it was read.
The list is not exhaustive: it holds the states whose absence of armed forces
a source confirms.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from allied._validation import parse_date
from allied.cite import Citation
from allied.errors import InputError

__all__ = ["NoArmedForces", "armed_forces_absent", "without_armed_forces"]

_SPELLS = "no_armed_forces.csv"
_SOURCES = "no_armed_forces_sources.csv"


@dataclass(frozen=True)
class NoArmedForces:
    """A spell during which a state kept no armed forces.

    Attributes
    ----------
    iso3
        The state.
    since, until
        First and last day of the spell, both inclusive; ``None``: for as
        long as the state has existed, and still so.
    basis
        What the sources establish, in a sentence.
    sources
        The sources, as citations.
    """

    iso3: str
    since: date | None
    until: date | None
    basis: str
    sources: tuple[Citation, ...]

    def full_years(self) -> tuple[int, int]:
        """The first and last calendar years wholly inside the spell (open ends: ±10⁶)."""
        first = -(10**6) if self.since is None else _first_full_year(self.since)
        last = 10**6 if self.until is None else _last_full_year(self.until)
        return first, last

    def covers_year(self, year: int) -> bool:
        """Whether the whole calendar year ``year`` lies inside the spell."""
        first, last = self.full_years()
        return first <= year <= last


def without_armed_forces() -> tuple[NoArmedForces, ...]:
    """The sourced spells of states without armed forces, ordered by ISO3 code.

    Examples
    --------
    >>> [s.iso3 for s in without_armed_forces()]
    ['AND', 'CRI', 'ISL', 'LIE', 'PAN']
    >>> panama = without_armed_forces()[-1]
    >>> panama.since, panama.covers_year(1990), panama.covers_year(1991)
    (datetime.date(1990, 2, 10), False, True)
    """
    return _spells()


def armed_forces_absent(iso3: pd.Series, year: pd.Series) -> np.ndarray:
    """Per row: whether the state kept no armed forces for the whole of that year.

    Parameters
    ----------
    iso3, year
        ISO3 codes and integer years, aligned row by row.

    Returns
    -------
    numpy.ndarray
        Booleans, one per row. A year in which armed forces were abolished
        (Panama, 1990) or created is not a year without them.

    Examples
    --------
    >>> import pandas as pd
    >>> armed_forces_absent(pd.Series(["ISL", "PAN", "PAN", "USA"]),
    ...                     pd.Series([2024, 1990, 1991, 2024])).tolist()
    [True, False, True, False]
    """
    codes = iso3.astype(str).to_numpy()
    years = pd.to_numeric(year).to_numpy(dtype="int64")
    absent = np.zeros(len(codes), dtype=bool)
    for spell in _spells():
        rows = codes == spell.iso3
        if not rows.any():
            continue
        first, last = spell.full_years()
        absent |= rows & (years >= first) & (years <= last)
    return absent


def _first_full_year(since: date) -> int:
    return since.year if (since.month, since.day) == (1, 1) else since.year + 1


def _last_full_year(until: date) -> int:
    return until.year if (until.month, until.day) == (12, 31) else until.year - 1


def _read(name: str) -> list[dict[str, str]]:
    with resources.files("allied.states").joinpath("data", name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _date(text: str, where: str) -> date | None:
    return parse_date(text, where=where) if text.strip() else None


@cache
def _spells() -> tuple[NoArmedForces, ...]:
    from allied.states._resolve import lookup

    sources: dict[str, list[Citation]] = {}
    for number, row in enumerate(_read(_SOURCES), start=2):
        citation = Citation(
            f"no_armed_forces:{row['iso3']}:{len(sources.get(row['iso3'], [])) + 1}",
            row["citation"],
            url=row["url"],
            accessed=row["accessed"],
        )
        if not (row["citation"].strip() and row["url"].startswith("http") and row["accessed"]):
            raise InputError(
                "a source needs a citation, a url and the date it was read",
                where=f"states/data/{_SOURCES}, line {number}",
                fix="Fill in citation, url and accessed.",
            )
        sources.setdefault(row["iso3"], []).append(citation)
    spells = []
    for number, row in enumerate(_read(_SPELLS), start=2):
        where = f"states/data/{_SPELLS}, line {number}"
        iso3 = lookup(row["iso3"], source="iso3").iso3
        if iso3 not in sources:
            raise InputError(
                f"{iso3} has no source", where=where, fix=f"Add its sources to {_SOURCES}."
            )
        spells.append(
            NoArmedForces(
                iso3=iso3,
                since=_date(row["since"], f"{where}, field since"),
                until=_date(row["until"], f"{where}, field until"),
                basis=row["basis"].strip(),
                sources=tuple(sources[iso3]),
            )
        )
    unused = set(sources) - {s.iso3 for s in spells}
    if unused:
        raise InputError(
            f"sources for {', '.join(sorted(unused))} but no spell",
            where=f"states/data/{_SOURCES}",
            fix=f"Add the spell to {_SPELLS} or remove the sources.",
        )
    return tuple(sorted(spells, key=lambda s: (s.iso3, s.since or date.min)))
