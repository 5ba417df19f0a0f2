"""``add_*`` steps: join a dataset's values onto a panel without changing its rows.

Each step loads its dataset from the cache, translates codes into the
panel's state system where needed (:mod:`allied.panel._crosswalk`), gathers
values through a dense grid (:mod:`allied.panel._lookup`) and records the
dataset on the panel for :func:`allied.cite`. Coverage years and fill rules
come from the dataset registry: a row a table does not list gets the value
the registry's ``fill`` gives that table inside the dataset's coverage (0
for event data), NA without one; outside the coverage a flag is NA, never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied.catalog import Arrangement, Catalog, load_catalog
from allied.errors import InputError
from allied.panel._crosswalk import iso3_code_spells, iso3_years, translate_codes
from allied.panel._joins import Source, at_cells, check_panel, outside_cells, side_suffixes
from allied.panel._lookup import nullable_int, prefaulted
from allied.panel._panel import Panel
from allied.sources import OBLIGATIONS, dataset, datasets, load, sipri_milex_wide

__all__ = [
    "NMC_COMPONENTS",
    "add_atop",
    "add_catalog",
    "add_gdp",
    "add_ideal_points",
    "add_majors",
    "add_milex",
    "add_nmc",
    "atop_dyads",
]

#: NMC columns joined by :func:`add_nmc`, in the codebook's order.
NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
#: Bit set on every listed dyad-year when dyad flags are packed (obligations use bits 0-4).
_LISTED = 1 << 7


def _filled(panel: Panel, at_cell: np.ndarray, found: np.ndarray, source: Source) -> np.ndarray:
    """``at_cell`` with the registry's fill value for ``source`` in the cells, inside
    the dataset's coverage, that its table does not list (unchanged without one)."""
    name, table = source
    fill = dataset(name).fill_value(table)
    if fill is not None:
        at_cell[:, ~found & ~outside_cells(panel, name)] = fill
    return at_cell


def _state_values(
    panel: Panel, table: pd.DataFrame, columns: Sequence[str], *, system: str, source: Source
) -> pd.DataFrame:
    """State-year ``columns`` of ``table`` (of registry ``source``) for each row
    (suffixes 1 and 2 on dyads); absent rows as the registry's fill rule says.

    Written into a single float block, so adding them to the panel copies nothing.
    """
    at_cell = _filled(panel, *at_cells(panel, table, columns, system=system), source)
    names = [f"{c}{suffix}" for suffix in side_suffixes(panel) for c in columns]
    block = prefaulted(len(names), len(panel))
    for side, cells in enumerate(panel.grid.side_cells):
        for index in range(len(columns)):
            np.take(at_cell[index], cells, out=block[side * len(columns) + index])
    return pd.DataFrame(block.T, columns=names, copy=False)


def _state_flags(
    panel: Panel, table: pd.DataFrame, columns: dict[str, str], *, system: str, source: Source
) -> dict[str, pd.arrays.IntegerArray]:
    """0/1 state-year flags (``columns``: table column → output name), per side.

    A state-year the table (of registry ``source``) does not list gets the
    registry's fill value inside the dataset's coverage (NA without one); every
    flag is NA outside the coverage.
    """
    at_cell, found = at_cells(panel, table, list(columns), system=system)
    dataset_name, table_name = source
    fill = dataset(dataset_name).fill_value(table_name)
    flags = np.where(found, np.nan_to_num(at_cell) > 0, fill or 0).astype(np.int8)
    unknown = outside_cells(panel, dataset_name)
    if fill is None:
        unknown = unknown | ~found
    result = {}
    for suffix, cells in zip(side_suffixes(panel), panel.grid.side_cells, strict=True):
        missing = unknown[cells]
        for index, name in enumerate(columns.values()):
            result[f"{name}{suffix}"] = nullable_int(flags[index][cells], missing)
    return result


def add_nmc(panel: Panel, *, version: str = "7.0") -> Panel:
    """Join COW National Material Capabilities (suffixes 1 and 2 on dyads).

    Columns ``milex`` (thousands of current US$; thousands of British pounds
    before 1914, as in the COW codebook), ``milper`` (thousands), ``irst`` (thousands of tons),
    ``pec`` (thousands of coal-ton equivalents), ``tpop`` and ``upop``
    (thousands) and ``cinc`` (share of system capabilities, 0-1). Missing
    values in the data (-9 in the abridged file) are NA.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel (COW, or G-W through the crosswalk).
    version
        An NMC release in the dataset registry (the datasets whose steps call
        ``add_nmc``): ``"7.0"`` (dataset ``nmc7``, 1816-2022) or ``"6.0"``
        (``nmc6``, 1816-2016).

    Data sources: Correlates of War Project, National Material Capabilities.

    References
    ----------
    .. [1] Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability
       distribution, uncertainty, and major power war, 1820-1965. In B.
       Russett (Ed.), Peace, War, and Numbers (pp. 19-48). Sage.
    """
    check_panel(panel, "add_nmc")
    releases = _releases(add_nmc)
    if version not in releases:
        raise InputError(
            f"unknown NMC version {version!r}",
            where="argument version",
            fix=f"Use one of: {', '.join(map(repr, sorted(releases, reverse=True)))}.",
        )
    name = releases[version]
    table = load(name).rename(columns={"ccode": "code"})
    values = _state_values(panel, table, NMC_COMPONENTS, system="cow", source=(name, None))
    return panel.with_columns(values, name)


def _releases(step: Callable[..., Panel]) -> dict[str, str]:
    """Version → name of the registered datasets with a step that calls ``step``."""
    return {
        data.version: data.name
        for data in datasets()
        for declared in data.steps
        if declared.function.endswith(f":{step.__name__}") and declared.resolve() is step
    }


def _year_rows(spells: pd.DataFrame) -> pd.DataFrame:
    """(code, year) for every year a spell touches."""
    first = spells["start"].dt.year.to_numpy()
    span = spells["end"].dt.year.to_numpy() - first + 1
    row, year = expand_ranges(first, span)
    return pd.DataFrame(
        {
            "code": spells["code"].to_numpy(np.int64)[row],
            "year": year,
        }
    ).drop_duplicates()


def add_majors(panel: Panel) -> Panel:
    """Join COW major-power status: ``cowmaj`` (``cowmaj1``, ``cowmaj2`` on dyads).

    1 if the state was a major power on any day of the year, 0 if not (the
    registry's fill for the ``majors`` table), NA after the end of the data
    (2016 in COW v2016).

    Data sources: Correlates of War Project, State System Membership v2016
    (major powers).
    """
    check_panel(panel, "add_majors")
    table = _year_rows(load("cow-states", "majors")).assign(major=1.0)
    source = ("cow-states", "majors")
    flags = _state_flags(panel, table, {"major": "cowmaj"}, system="cow", source=source)
    return panel.with_columns(flags, "cow-states")


def atop_dyads() -> pd.DataFrame:
    """ATOP directed dyad-year obligations: ``ccode1``, ``ccode2``, ``year`` and the
    five obligations (0/1), only for allied dyad-years.

    ATOP's own directed dyad-year file when it was imported, otherwise the
    dyad-years derived from the member-level file at import (see
    :func:`add_atop`). Shared by every measure built on ATOP ties.
    """
    return _atop_dyad_table()[1]


def _atop_dyad_table() -> tuple[str, pd.DataFrame]:
    """The name and rows of the ATOP dyad-year table :func:`atop_dyads` reads."""
    try:
        return "directed_dyad_years", load("atop", "directed_dyad_years")
    except LookupError:
        return "member_dyad_years", load("atop", "member_dyad_years")


def add_atop(panel: Panel) -> Panel:
    """Join ATOP alliance obligations: ``atop_defense``, ``atop_offense``,
    ``atop_neutral``, ``atop_nonagg``, ``atop_consul``.

    On dyad-years, row (A, B) holds A's obligations toward B; 0 for dyads
    without an alliance inside ATOP's years (1815-2018), NA outside them. On
    state-years, 1 if the state had that obligation toward any state (ATOP's
    state-year file).

    Notes
    -----
    Uses ATOP's directed dyad-year file when it was imported
    (``atop5_1ddyr.csv``); otherwise the dyad-years derived from the
    member-level file at import (see
    :func:`allied.sources._systems.atop_dyad_years` for the rules and the
    346 dyad-years of asymmetric alliances where the two differ).

    Data sources: ATOP 5.1 (Leeds et al. 2002).

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
       Alliance Treaty Obligations and Provisions, 1815-1944. International
       Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
    """
    check_panel(panel, "add_atop")
    names = {name: f"atop_{name}" for name in OBLIGATIONS}
    if not panel.is_dyadic:
        table = load("atop", "state_years").rename(columns={"state": "code"})
        state_flags = _state_flags(
            panel, table, names, system="cow", source=("atop", "state_years")
        )
        return panel.with_columns(state_flags, "atop")
    table_name, dyads = _atop_dyad_table()
    bits = _dyad_flags(panel, _pack(dyads), system="cow")
    return panel.with_columns(_dyad_columns(panel, bits, names, ("atop", table_name)), "atop")


def _dyad_columns(
    panel: Panel, bits: np.ndarray, names: dict[str, str], source: Source
) -> dict[str, pd.arrays.IntegerArray]:
    """One 0/1 column per bit of ``bits`` (``names``: bit i → ``names``' i-th value).

    A dyad-year the table (of registry ``source``) does not list gets the
    registry's fill value inside the dataset's coverage (NA without one); every
    flag is NA outside the coverage.
    """
    name, table = source
    fill = dataset(name).fill_value(table)
    listed = (bits & _LISTED) != 0
    missing = outside_cells(panel, name)[panel.grid.side_cells[0]]
    if fill is None:
        missing = missing | ~listed
    columns = {}
    for bit, column in enumerate(names.values()):
        values = (bits >> bit) & 1  # 0 where the table lists nothing
        columns[column] = nullable_int(np.where(listed, values, fill) if fill else values, missing)
    return columns


def _pack(dyads: pd.DataFrame) -> pd.DataFrame:
    """Obligations as one bit field per dyad-year (bit i = OBLIGATIONS[i]; bit 7 = listed)."""
    bits = _LISTED + sum(
        dyads[name].to_numpy(np.int64) << bit for bit, name in enumerate(OBLIGATIONS)
    )
    return pd.DataFrame(
        {
            "code1": dyads["ccode1"].to_numpy(np.int64),
            "code2": dyads["ccode2"].to_numpy(np.int64),
            "year": dyads["year"].to_numpy(np.int64),
            "bits": np.asarray(bits, dtype=np.int64),
        }
    )


def _dyad_flags(panel: Panel, table: pd.DataFrame, *, system: str) -> np.ndarray:
    """Gather the ``bits`` of (code1, code2, year) rows onto a dyad panel (0 if absent)."""
    grid = panel.grid
    years = table["year"].to_numpy(np.int64)
    code1 = translate_codes(
        table["code1"].to_numpy(np.int64), years, source=system, target=panel.system
    )
    code2 = translate_codes(
        table["code2"].to_numpy(np.int64), years, source=system, target=panel.system
    )
    cells = grid.dyad_cells_of(code1, code2, years)
    cube = np.zeros(grid.size * len(grid.codes), dtype=np.uint8)
    keep = cells >= 0
    np.bitwise_or.at(cube, cells[keep], table["bits"].to_numpy()[keep].astype(np.uint8))
    flags: np.ndarray = cube[grid.dyad_cells()]
    return flags


def _iso3_table(frame: pd.DataFrame, columns: Sequence[str], system: str) -> pd.DataFrame:
    """ISO3-keyed yearly values re-keyed to ``system`` codes (crosswalk by year)."""
    codes = iso3_years(system)
    values = frame[["iso3", "year", *columns]].dropna(subset=["iso3"])
    values = values.astype({"iso3": str, "year": np.int64})
    joined = values.merge(codes, on=["iso3", "year"], how="inner")
    return joined[["code", "year", *columns]].drop_duplicates(["code", "year"])


def add_gdp(panel: Panel) -> Panel:
    """Join World Bank GDP in current US$: ``gdp_usd_current`` (1 and 2 on dyads).

    Data sources: World Bank, World Development Indicators, NY.GDP.MKTP.CD.
    """
    check_panel(panel, "add_gdp")
    table = _iso3_table(load("world-bank-gdp"), ["gdp_usd_current"], panel.system)
    values = _state_values(
        panel, table, ["gdp_usd_current"], system=panel.system, source=("world-bank-gdp", None)
    )
    return panel.with_columns(values, "world-bank-gdp")


#: SIPRI measures joined by :func:`add_milex` → column name (values in US$ or %).
MILEX_COLUMNS = {
    "constant_usd": "milex_usd_constant",
    "current_usd": "milex_usd_current",
    "share_of_gdp": "milex_share_gdp_pct",
}


def add_milex(panel: Panel) -> Panel:
    """Join SIPRI military expenditure (1 and 2 suffixes on dyads).

    Columns ``milex_usd_current`` and ``milex_usd_constant`` (US$, converted
    from SIPRI's US$ millions; constant at SIPRI's price base year, see the
    dataset's ``unit`` column) and ``milex_share_gdp_pct`` (percent of GDP).
    Cells SIPRI marks unavailable or not existing are NA, and so is every
    ``0`` that stands for no figure (see the dataset's ``marking`` column); 0
    remains only where SIPRI records no military expenditure (Costa Rica,
    Iceland, Panama, Haiti 1996-2011).

    States SIPRI lists under a former name reach their codes through the
    dated crosswalk: the USSR is COW/G-W 365 (the USSR's row wins over
    Russia's for 1987-1991), the German Democratic Republic 265,
    Czechoslovakia 315, Yugoslavia 345, North Yemen COW 678 (to 1989) and
    G-W 678.

    Data sources: SIPRI Military Expenditure Database 2025.
    """
    check_panel(panel, "add_milex")
    wide = sipri_milex_wide(load("sipri-milex"), MILEX_COLUMNS).rename(columns={"state": "iso3"})
    for column in ("milex_usd_current", "milex_usd_constant"):
        wide[column] = wide[column] * 1e6
    columns = list(MILEX_COLUMNS.values())
    table = _iso3_table(wide, columns, panel.system)
    values = _state_values(
        panel, table, columns, system=panel.system, source=("sipri-milex", "expenditure")
    )
    return panel.with_columns(values, "sipri-milex")


def add_ideal_points(panel: Panel) -> Panel:
    """Join UN General Assembly ideal points: ``ideal_point`` (1 and 2 on dyads)
    and, on dyads, ``ideal_point_distance`` = |ideal_point1 - ideal_point2|.

    Session s is year 1945 + s; there was no 1964 session, so 1964 is NA.

    Data sources: Bailey, Strezhnev & Voeten, UNGA ideal points (June 2024).

    References
    ----------
    .. [1] Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating
       dynamic state preferences from United Nations voting data. Journal of
       Conflict Resolution, 61(2), 430-456. https://doi.org/10.1177/0022002715595700
    """
    check_panel(panel, "add_ideal_points")
    table = load("unga-ideal-points").rename(columns={"ccode": "code"})
    table = table.dropna(subset=["code"])
    values = _state_values(
        panel, table, ["ideal_point"], system="cow", source=("unga-ideal-points", None)
    )
    if panel.is_dyadic:
        distance = np.abs(values["ideal_point1"].to_numpy() - values["ideal_point2"].to_numpy())
        values = values.assign(ideal_point_distance=distance)
    return panel.with_columns(values, "unga-ideal-points")


def add_catalog(
    panel: Panel, arrangement_ids: Iterable[str], *, catalog: Catalog | None = None
) -> Panel:
    """Shared membership in catalog arrangements: one ``catalog_<id>`` column each.

    On state-years, 1 if the state was a member on any day of the year. On
    dyad-years, 1 if both were members on a common day of the year. 0
    otherwise: the catalog lists every member of what it records.

    Parameters
    ----------
    arrangement_ids
        Catalog ids (``"nato"``, ``"aukus"``).
    catalog
        A :class:`~allied.catalog.Catalog`; the embedded one by default.
    """
    check_panel(panel, "add_catalog")
    source = catalog or load_catalog()
    columns = {}
    for arrangement_id in arrangement_ids:
        arrangement = source.get(arrangement_id)
        spells = _membership_year_rows(arrangement, panel.system)
        column = f"catalog_{arrangement.id}"
        if panel.is_dyadic:
            table = _coexisting_pairs(spells)
            flags = _dyad_flags(panel, table, system=panel.system)
            columns[column] = nullable_int(flags, np.zeros(len(flags), bool))
        else:
            at_cell, _ = at_cells(panel, spells.assign(member=1.0), ["member"], system=panel.system)
            member = (np.nan_to_num(at_cell[0]) > 0).astype(np.int8)[panel.grid.side_cells[0]]
            columns[column] = nullable_int(member, np.zeros(len(member), bool))
    return panel.with_columns(columns)


def _membership_year_rows(arrangement: Arrangement, system: str) -> pd.DataFrame:
    """(code, year, first_day, last_day) of each membership spell in each year.

    Spells are clipped to the days each code was held, so West Germany (COW
    260) is a NATO member until 2 October 1990 and Germany (255) from 3 October.
    """
    today = pd.Timestamp.today().normalize()
    rows = [
        (m.state, pd.Timestamp(arrangement.joined(m)), pd.Timestamp(arrangement.left(m) or today))
        for m in arrangement.members
    ]
    spells = pd.DataFrame(rows, columns=["iso3", "start", "end"])
    first = spells["start"].dt.year.to_numpy()
    span = spells["end"].dt.year.to_numpy() - first + 1
    row, year = expand_ranges(first, span)
    jan1 = pd.to_datetime(pd.DataFrame({"year": year, "month": 1, "day": 1}))
    dec31 = pd.to_datetime(pd.DataFrame({"year": year, "month": 12, "day": 31}))
    expanded = pd.DataFrame(
        {
            "iso3": spells["iso3"].to_numpy()[row],
            "year": year,
            "first_day": np.maximum(spells["start"].to_numpy()[row], jan1.to_numpy()),
            "last_day": np.minimum(spells["end"].to_numpy()[row], dec31.to_numpy()),
        }
    )
    held = expanded.merge(iso3_code_spells(system), on=["iso3", "year"], how="inner")
    held["first_day"] = np.maximum(held["first_day"], held["start"])
    held["last_day"] = np.minimum(held["last_day"], held["end"])
    return held[held["first_day"] <= held["last_day"]]


def _coexisting_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """Ordered pairs of members whose spells share a day of the year, as bits=1."""
    pairs = rows.merge(rows, on="year", suffixes=("1", "2"))
    shared = np.maximum(pairs["first_day1"], pairs["first_day2"]) <= np.minimum(
        pairs["last_day1"], pairs["last_day2"]
    )
    pairs = pairs[shared & (pairs["code1"] != pairs["code2"])]
    return pd.DataFrame(
        {
            "code1": pairs["code1"].to_numpy(np.int64),
            "code2": pairs["code2"].to_numpy(np.int64),
            "year": pairs["year"].to_numpy(np.int64),
            "bits": np.ones(len(pairs), dtype=np.int64),
        }
    )
