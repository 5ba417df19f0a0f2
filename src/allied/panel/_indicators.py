"""Defence-economics indicators for 2024, embedded so that burden sharing works offline.

:func:`embedded_indicators` returns a small table written by the project: one row per
state for every NATO member on 31 December 2024 (32 allies) and the other
states that the brief's case studies need (Australia, Israel, Japan,
Singapore, South Korea and Switzerland, partners of the F-35 program, AUKUS,
the Australia-Japan partnership and the US-ROK treaty), 38 rows in all. Each
row holds a handful of published 2024 figures, each with the publication it
comes from:

========================  =====================================================
column                    meaning and source
========================  =====================================================
``iso3``, ``name``        the state, as :func:`allied.states.lookup` names it
``year``                  2024, the latest year with published figures for all
``gdp_usd``               GDP, current US$: World Bank WDI (July 2025); South
                          Korea, absent there for 2024, from the Bank of Korea
``milex_usd``             military expenditure, current US$: SIPRI (its April
                          2025 fact sheet or its Military Expenditure Database
                          2025, as each row says; the same figures)
``population``            1 July 2024, UN World Population Prospects 2024
``nato_pct_gdp``          defence expenditure as % of GDP, 2024 estimate, in
                          NATO's press release of June 2024 (NATO members only)
``*_source``              the publication of each figure (publication,
                          publisher, date)
========================  =====================================================

Figures are rounded to three significant digits. Iceland has no armed
forces (:func:`allied.states.without_armed_forces`): SIPRI records its
military expenditure as 0 and NATO publishes no share for it, so its
``nato_pct_gdp`` is missing (its ``nato_source`` still names the release).

:func:`nato_shares` adds NATO's 2014-2024 series of the same release (Table 3,
31 allies); its 2024 column is checked to equal ``nato_pct_gdp`` ally by ally,
so every NATO figure here is of one edition (:data:`NATO_EDITION`; the edition
of each quantity is in :data:`EDITIONS`). The two definitions differ: SIPRI counts paramilitary
forces and uses current prices, NATO's 2024 shares are based on 2015 prices,
so ``milex_usd / gdp_usd`` and ``nato_pct_gdp`` need not agree.

The table is validated when first read (known states and their names, one row
per state, positive figures, a source for every figure, NATO shares present
exactly for NATO members) and cached; every call returns a fresh copy.
``make run`` builds the brief from it without any downloaded dataset, and
:func:`indicator_citations` lists the works to cite under it.

The table is data checked against the catalog, so it lives in the data layer
(it was ``allied.measures.indicators``, a name kept as a deprecated alias);
:func:`allied.panel.burden_inputs` with ``source="embedded"`` joins it onto
an arrangement's member-years for the burden measures.

Data sources: World Bank WDI; Bank of Korea; SIPRI Military Expenditure
Database 2025; UN World Population Prospects 2024; NATO press release
PR/CP(2024)081.

Examples
--------
>>> table = embedded_indicators()
>>> len(table), table.year.unique().tolist()
(38, [2024])
>>> usa = table.set_index("iso3").loc["USA"]
>>> round(float(usa.milex_usd / usa.gdp_usd) * 100, 1)
3.4
>>> print(indicator_citations()[0].text)
World Bank, World Development Indicators: GDP (current US$), July 2025

References
----------
.. [1] World Bank (2025). World Development Indicators, GDP (current US$),
   NY.GDP.MKTP.CD. https://data.worldbank.org/indicator/NY.GDP.MKTP.CD
.. [2] Stockholm International Peace Research Institute (2025). SIPRI
   Military Expenditure Database 2025; Trends in World Military
   Expenditure, 2024, SIPRI Fact Sheet, April 2025.
.. [3] United Nations, Department of Economic and Social Affairs, Population
   Division (2024). World Population Prospects 2024.
.. [4] NATO (2024). Defence Expenditure of NATO Countries (2014-2024), press
   release PR/CP(2024)081, 17 June 2024.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from allied.catalog import members
from allied.cite import Citation
from allied.errors import InputError, NotFoundError
from allied.states import lookup, without_armed_forces

__all__ = [
    "COLUMNS",
    "EDITIONS",
    "NATO_EDITION",
    "YEAR",
    "embedded_indicators",
    "indicator_citations",
    "nato_shares",
]

YEAR = 2024
"""The year of every figure in the table."""

COLUMNS: tuple[str, ...] = (
    "iso3",
    "name",
    "year",
    "gdp_usd",
    "milex_usd",
    "population",
    "nato_pct_gdp",
    "gdp_source",
    "milex_source",
    "population_source",
    "nato_source",
)
"""The table's columns, in order."""


@cache
def _no_armed_forces() -> frozenset[str]:
    return frozenset(spell.iso3 for spell in without_armed_forces() if spell.covers_year(YEAR))


def __getattr__(name: str) -> frozenset[str]:
    """``NO_ARMED_FORCES``: states without armed forces throughout 2024
    (:func:`allied.states.without_armed_forces`): military expenditure 0 and, for a NATO
    member (Iceland), no NATO share. Read when first asked for, not when the data layer
    is imported (it resolves state names)."""
    if name == "NO_ARMED_FORCES":
        return _no_armed_forces()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


NATO_EDITION = "NATO, Defence Expenditure of NATO Countries (2014-2024), 17 June 2024"
"""The one NATO edition of every NATO figure here: ``nato_pct_gdp`` and :func:`nato_shares`."""

EDITIONS: dict[str, str] = {
    "gdp_usd": "World Bank, World Development Indicators, July 2025 "
    "(South Korea: Bank of Korea, March 2025)",
    "milex_usd": "SIPRI, April 2025 release: Military Expenditure Database 2025 and its "
    "Fact Sheet (the same 2024 figures)",
    "population": "UN World Population Prospects 2024",
    "nato_pct_gdp": f"{NATO_EDITION} (2023 and 2024 are estimates)",
}
"""The edition of each quantity of the table, one per quantity (each row cites its source)."""

_NUMBERS = ("gdp_usd", "milex_usd", "population", "nato_pct_gdp")
_STRINGS = ("iso3", "name", *(c for c in COLUMNS if c.endswith("_source")))
_ALWAYS_SOURCED = ("gdp_source", "milex_source", "population_source")
_FILE = "indicators.csv"
_NATO_FILE = "nato_share_of_gdp.csv"
_NATO_YEARS = (2014, YEAR)

_NATO_SOURCE = "NATO PR/CP(2024)081, Defence Expenditure of NATO Countries (2014-2024), June 2024"

_SOURCES: dict[str, Citation] = {
    c.text: c
    for c in (
        Citation(
            "wdi_gdp_2025",
            "World Bank, World Development Indicators: GDP (current US$), July 2025",
            url="https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
        ),
        Citation(
            "bok_national_accounts_2024",
            "Bank of Korea, National Accounts 2024 (preliminary), March 2025",
            url="https://www.bok.or.kr/eng/main/main.do",
        ),
        Citation(
            "sipri_fact_sheet_2025",
            "SIPRI Fact Sheet, Trends in World Military Expenditure, 2024, April 2025",
            url="https://www.sipri.org/sites/default/files/2025-04/2504_fs_milex_2024.pdf",
        ),
        Citation(
            "sipri_milex_2025",
            "SIPRI Military Expenditure Database 2025 (2024 figure, current US$)",
            url="https://www.sipri.org/databases/milex",
        ),
        Citation(
            "un_wpp_2024",
            "UN World Population Prospects 2024 (1 July 2024 estimate)",
            url="https://population.un.org/wpp/",
        ),
        Citation(
            "nato_defence_expenditure_2024",
            _NATO_SOURCE,
            url="https://www.nato.int/nato_static_fl2014/assets/pdf/2024/6/pdf/"
            "240617-def-exp-2024-en.pdf",
        ),
    )
}


def embedded_indicators() -> pd.DataFrame:
    """GDP, military expenditure, population and NATO's share of GDP, 2024, per state.

    Returns
    -------
    pandas.DataFrame
        One row per state, ordered by ISO3 code, with the columns of
        :data:`COLUMNS`: ``iso3``, ``name`` and the ``*_source`` columns as
        ``string``, ``year`` as ``Int64``, ``gdp_usd``, ``milex_usd``
        (current US$), ``population`` and ``nato_pct_gdp`` (percent) as
        ``float64``. ``nato_pct_gdp`` and ``nato_source`` are missing for
        states outside NATO; ``nato_pct_gdp`` also for :data:`NO_ARMED_FORCES`.

    Notes
    -----
    The military burden of a state is ``milex_usd / gdp_usd``; NATO's own
    measure, ``nato_pct_gdp``, follows NATO's definition of defence
    expenditure and its price base, and differs from it by a few tenths of a
    point for most allies.

    Data sources: see the module docstring; :func:`indicator_citations`
    returns them as citations.

    Examples
    --------
    >>> table = embedded_indicators().set_index("iso3")
    >>> pol = table.loc["POL"]
    >>> round(float(pol.milex_usd / pol.gdp_usd) * 100, 1)
    4.2
    >>> float(pol.nato_pct_gdp)
    4.12
    """
    return _table().copy()


def indicator_citations() -> list[Citation]:
    """The publications behind :func:`embedded_indicators`, each once.

    In column order: the sources of GDP, of military expenditure, of
    population, then NATO's release; within a column, in order of first use.

    Examples
    --------
    >>> [c.key for c in indicator_citations()][:2]
    ['wdi_gdp_2025', 'bok_national_accounts_2024']
    """
    table = _table()
    sources = table[[c for c in COLUMNS if c.endswith("_source")]]
    texts = sources.to_numpy().ravel(order="F")  # column by column: GDP sources first
    seen = dict.fromkeys(t for t in texts if isinstance(t, str))
    return [_SOURCES[text] for text in seen]


def nato_shares() -> pd.DataFrame:
    """NATO's defence expenditure as % of GDP, 2014-2024, in the edition of the indicators.

    Table 3 of NATO's release of 17 June 2024 (:data:`NATO_EDITION`, press
    release PR/CP(2024)081) for the 31 allies with armed forces, rounded to
    two decimals as NATO prints them; 2023 and 2024 are estimates. Its 2024
    column is, ally by ally, the ``nato_pct_gdp`` of :func:`embedded_indicators`, so a
    chart of this series and a table of the indicators never show two values
    for one ally-year. NATO computes the shares at 2015 prices and exchange
    rates; Iceland, which has no armed forces, has no row.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``name`` (string), ``year`` (int64), ``nato_pct_gdp``
        (float64), ``estimate`` (bool), ``nato_source`` (the citation text),
        ordered by ally and year.

    Examples
    --------
    >>> shares = nato_shares()
    >>> pol = shares[shares.iso3 == "POL"].set_index("year").nato_pct_gdp
    >>> float(pol[2014]), float(pol[2024])
    (1.88, 4.12)
    """
    return _nato_table().copy()


@cache
def _nato_table() -> pd.DataFrame:
    return _embedded_file(_NATO_FILE, _read_nato)


def _read_nato(path: Path) -> pd.DataFrame:
    """Read and check a NATO series file (the embedded one, or a test's copy)."""
    raw = pd.read_csv(path, dtype={"iso3": "string"})
    frame = raw.assign(
        name=raw["iso3"].map(lambda code: lookup(str(code), source="iso3").name).astype("string"),
        year=raw["year"].astype("int64"),
        nato_pct_gdp=raw["nato_pct_gdp"].astype("float64"),
        estimate=raw["estimate"].astype(bool),
        nato_source=pd.Series(_NATO_SOURCE, index=raw.index, dtype="string"),
    )[["iso3", "name", "year", "nato_pct_gdp", "estimate", "nato_source"]]
    _check_nato(frame, path)
    return frame.sort_values(["iso3", "year"], ignore_index=True)


def _check_nato(frame: pd.DataFrame, path: Path) -> None:
    """One row per ally and year, 2014-2024, positive, and 2024 equal to the indicators."""
    allies = set(members("nato", on=date(YEAR, 12, 31)).state) - _no_armed_forces()
    expected = {(a, y) for a in allies for y in range(_NATO_YEARS[0], _NATO_YEARS[1] + 1)}
    found = list(zip(frame["iso3"], frame["year"], strict=True))
    if len(found) != len(set(found)) or set(found) != expected:
        first, last = _NATO_YEARS
        what = f"not one row per ally with armed forces and year, {first}-{last}"
        raise _problem(path, 0, "iso3", what)
    if not bool(frame["nato_pct_gdp"].gt(0).all()):
        raise _problem(path, int(frame["nato_pct_gdp"].le(0).argmax()), "nato_pct_gdp", "not > 0")
    latest = frame[frame["year"] == YEAR].set_index("iso3")["nato_pct_gdp"]
    table = _table().set_index("iso3")["nato_pct_gdp"]
    differs = [a for a in latest.index if latest[a] != table[a]]
    if differs:
        raise _problem(path, 0, "nato_pct_gdp", f"{YEAR} differs from {_FILE} for {differs}")


@cache
def _table() -> pd.DataFrame:
    return _embedded_file(_FILE, _read)


def _embedded_file(name: str, reader: Callable[[Path], pd.DataFrame]) -> pd.DataFrame:
    """``reader`` applied to the embedded data file ``name``."""
    resource = resources.files("allied.panel").joinpath("data", name)
    with resources.as_file(resource) as path:
        return reader(path)


def _read(path: Path) -> pd.DataFrame:
    """Read and check an indicators file (the embedded one, or a test's copy)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(raw.columns) != COLUMNS:
        raise InputError(
            f"the columns are {', '.join(raw.columns)}",
            where=f"{path}, header",
            fix=f"Use exactly these columns, in order: {', '.join(COLUMNS)}.",
        )
    frame = pd.DataFrame(
        {column: raw[column].str.strip().mask(raw[column].str.strip() == "") for column in COLUMNS}
    ).astype({column: "string" for column in _STRINGS})
    for column in _NUMBERS:
        frame[column] = _numbers(frame[column], column, path)
    frame["year"] = _numbers(frame["year"], "year", path).astype("Int64")
    _check(frame, path)
    return frame.sort_values("iso3", ignore_index=True)


def _numbers(column: pd.Series, name: str, path: Path) -> pd.Series:
    values = pd.to_numeric(column, errors="coerce").astype("float64")
    bad = column.notna().to_numpy() & ~np.isfinite(values.to_numpy())
    if name == "year":
        bad |= np.isfinite(values.to_numpy()) & (values.to_numpy() % 1 != 0)
    if bad.any():
        row = int(bad.argmax())
        raise _problem(path, row, name, f"{column.iloc[row]!r} is not a finite number")
    return values


def _problem(path: Path, row: int, field: str, what: str) -> InputError:
    return InputError(
        what,
        where=f"{path}, line {row + 2}, field {field}",
        fix="Correct the row from its cited publication; see allied.panel.embedded_indicators.",
    )


def _check(frame: pd.DataFrame, path: Path) -> None:
    nato = set(members("nato", on=date(YEAR, 12, 31)).state)
    for row, problem, field in _problems(frame, nato):
        raise _problem(path, row, field, problem)


def _problems(frame: pd.DataFrame, nato: set[str]) -> Iterator[tuple[int, str, str]]:
    """Every broken rule, as (row in the file, what is wrong, field)."""
    for row, iso3 in enumerate(frame["iso3"]):
        if pd.isna(iso3):
            yield row, "the ISO3 code is missing", "iso3"
            continue
        try:
            state = lookup(str(iso3), source="iso3")
        except NotFoundError:
            yield row, f"{iso3!r} is not an ISO3 code of a known state", "iso3"
            continue
        name = frame["name"].iloc[row]
        if name != state.name:
            yield row, f"the name of {iso3} is {state.name!r}, not {name!r}", "name"
    duplicated = frame["iso3"].duplicated() & frame["iso3"].notna()
    for index in duplicated.to_numpy().nonzero()[0]:
        yield int(index), f"{frame['iso3'].iloc[index]} has more than one row", "iso3"
    for index in (frame["year"] != YEAR).fillna(True).to_numpy().nonzero()[0]:
        yield int(index), f"the year is {frame['year'].iloc[index]}, not {YEAR}", "year"
    for row, iso3 in enumerate(frame["iso3"]):
        yield from _row_problems(frame.iloc[row], row, iso3 in nato)


def _row_problems(record: pd.Series, row: int, is_nato: bool) -> Iterator[tuple[int, str, str]]:
    unarmed = record["iso3"] in _no_armed_forces()
    for column in ("gdp_usd", "milex_usd", "population"):
        value = record[column]
        zero_allowed = column == "milex_usd" and unarmed
        if pd.isna(value) or value < 0 or (value == 0 and not zero_allowed):
            yield row, f"{column} must be a positive number, not {value}", column
    for column in _ALWAYS_SOURCED:
        if pd.isna(record[column]):
            yield row, "the figure has no source", column
    wants_share = is_nato and not unarmed
    share = record["nato_pct_gdp"]
    if wants_share and (pd.isna(share) or share <= 0):
        yield row, "a NATO member needs a positive nato_pct_gdp", "nato_pct_gdp"
    if not wants_share and pd.notna(share):
        what = f"nato_pct_gdp is only for NATO members with armed forces, not {share}"
        yield row, what, "nato_pct_gdp"
    if is_nato and pd.isna(record["nato_source"]):
        yield row, "a NATO member needs a nato_source", "nato_source"
    if not is_nato and pd.notna(record["nato_source"]):
        yield row, "a state outside NATO has no nato_source", "nato_source"
    for column in (c for c in COLUMNS if c.endswith("_source")):
        text = record[column]
        if pd.notna(text) and text not in _SOURCES:
            yield row, f"unknown source {text!r}; add its citation to _SOURCES", column
