"""Geography steps: COW direct contiguity, capital-to-capital distance, and
politically relevant dyads, following peacesciencer's rules.

Both datasets are dated spells (contiguity by month, capitals by day). A
spell stands for every year it touches; where several spells of a dyad (or
capitals of a state) touch the same year, the one in force first in the year
counts, and spells in force from the same date count in file order. This is
peacesciencer's default ``slice = "first"`` (contiguity) and
``transsum = "first"`` (capitals): it expands the spells to months or days,
sorts them by date (a stable sort) and keeps the first row of each year.
``which="last"`` keeps the last row instead, as its ``"last"`` options.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied._validation import check_choice
from allied.panel._build import dyad_years, system_spells
from allied.panel._enrich import add_majors
from allied.panel._joins import at_cells, check_panel, dyad_columns, outside_cells, state_columns
from allied.panel._panel import Panel
from allied.sources import load

__all__ = ["EARTH_RADIUS_KM", "IN_YEAR", "add_capital_distance", "add_contiguity", "filter_prd"]

#: The sphere's radius of geosphere's ``distVincentySphere`` (the WGS84 equatorial radius).
EARTH_RADIUS_KM = 6378.137
_CONTIGUITY = ("cow-contiguity", "spells")
_CAPITALS = {"cow": "cow-capitals", "gw": "gw-capitals"}
_LAND = 1


#: Which spell counts in a year several spells touch: the first or the last in force.
IN_YEAR = ("first", "last")


def _year_bounds(year: np.ndarray, *, monthly: bool) -> tuple[np.ndarray, np.ndarray]:
    """1 January and the last sampled date of each year: 1 December for monthly
    spells (contiguity, sampled on the first of each month), else 31 December."""
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    next_jan1 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]")
    dec31 = next_jan1 - np.timedelta64(1, "D")
    return jan1, (dec31 - np.timedelta64(30, "D") if monthly else dec31)


def _spell_of_year(
    keys: list[np.ndarray], start: pd.Series, end: pd.Series, *, which: str, monthly: bool
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Per (keys, year) a spell touches, the spell in force first (or last) in the year.

    Returns the keys and year of each group and the index of its spell. A
    tie (two spells in force from, or until, the same date) goes to the
    earlier spell in file order for ``"first"`` and the later for ``"last"``,
    as a stable sort by date followed by the first (last) row of each year.
    """
    first_day = start.to_numpy("datetime64[D]")
    last_day = end.to_numpy("datetime64[D]")
    first_year = first_day.astype("datetime64[Y]").astype(np.int64) + 1970
    last_year = last_day.astype("datetime64[Y]").astype(np.int64) + 1970
    spell, year = expand_ranges(first_year, last_year - first_year + 1)
    jan1, year_end = _year_bounds(year, monthly=monthly)
    if which == "first":
        date = np.maximum(first_day[spell], jan1)
    else:
        date = np.minimum(last_day[spell], year_end)
    expanded = [key[spell] for key in keys]
    order = np.lexsort((spell, date, year, *reversed(expanded)))
    grouped = [*(key[order] for key in expanded), year[order]]
    boundary = np.ones(len(order) + 1, dtype=bool)
    if len(order):
        boundary[1:-1] = np.any([column[1:] != column[:-1] for column in grouped], axis=0)
    chosen = order[boundary[:-1] if which == "first" else boundary[1:]]
    return [key[chosen] for key in expanded], year[chosen], spell[chosen]


def contiguity_years(*, which: str = "first") -> pd.DataFrame:
    """COW direct contiguity per directed dyad-year: ``code1``, ``code2``, ``year``,
    ``conttype``, the type in force in the first (``which="last"``: last) month of
    the year that the master records cover (peacesciencer's ``slice``)."""
    spells = load(*_CONTIGUITY)
    codes = [spells[c].to_numpy(np.int64) for c in ("ccode1", "ccode2")]
    (code1, code2), year, spell = _spell_of_year(
        codes, spells["start"], spells["end"], which=which, monthly=True
    )
    conttype = spells["conttype"].to_numpy(np.int64)[spell]
    return pd.DataFrame({"code1": code1, "code2": code2, "year": year, "conttype": conttype})


def _border_counts(dyads: pd.DataFrame) -> pd.DataFrame:
    """Per (state, year): ``land`` (conttype 1) and ``sea`` (2-5) borders."""
    conttype = dyads["conttype"].to_numpy()
    counts = pd.DataFrame(
        {
            "code": dyads["code1"].to_numpy(),
            "year": dyads["year"].to_numpy(),
            "land": (conttype == _LAND).astype(np.int64),
            "sea": (conttype > _LAND).astype(np.int64),
        }
    )
    return counts.groupby(["code", "year"], as_index=False, sort=False).sum()


def add_contiguity(panel: Panel, *, which: str = "first") -> Panel:
    """Join COW direct contiguity: ``conttype`` on dyad-years, ``land`` and ``sea`` on state-years.

    On dyad-years (directed or not), ``conttype`` is the dyad's contiguity
    type in the first month of the year that the master records cover: 1
    land or river border; 2, 3, 4, 5 separated by at most 12, 24, 150 or 400
    miles of water; 0 not contiguous. When the type changes during a year the
    earlier one counts (peacesciencer's default ``slice = "first"``), so a
    dyad that becomes land-contiguous in July keeps its old type that year.
    On state-years, ``land`` and ``sea`` count the state's land borders
    (type 1) and water borders (types 2-5) in the same sense, including
    partners not (yet) in the state system. Inside 1816-2016 a dyad or state
    without a record is 0 (the registry's fill); after 2016 every value is NA
    (peacesciencer's ``mry = FALSE``). G-W panels reach the COW-coded data
    through the crosswalk.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel.
    which
        ``"first"`` (default) or ``"last"``: when the type changes during a
        year, the one in force in the year's first or last month that the
        records cover (peacesciencer's ``slice``).

    Returns
    -------
    Panel
        The panel with nullable integer (``Int64``) column(s) added and
        ``cow-contiguity`` recorded.

    Notes
    -----
    peacesciencer's documentation calls ``conttype`` the lowest type of the
    dyad-year; its code takes the type in force first in the year, which is
    what its outputs hold and what this step computes.

    Data sources: Correlates of War Direct Contiguity Data v3.2, master
    records, as directed spells in peacesciencer (Miller 2022).

    References
    ----------
    .. [1] Stinnett, D. M., et al. (2002). The Correlates of War Project Direct
       Contiguity Data, Version 3. Conflict Management and Peace Science,
       19(2), 58-66. https://doi.org/10.1177/073889420201900203
    .. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_contiguity")
    dyads = contiguity_years(which=check_choice(which, IN_YEAR, argument="which"))
    if panel.is_dyadic:
        columns = dyad_columns(
            panel, dyads, ["conttype"], system="cow", source=_CONTIGUITY, integers=["conttype"]
        )
    else:
        borders = ["land", "sea"]
        counts = _border_counts(dyads)
        columns = state_columns(
            panel, counts, borders, system="cow", source=_CONTIGUITY, integers=borders
        )
    return panel.with_columns(columns, _CONTIGUITY[0])


def capital_years(system: str, *, which: str = "first") -> pd.DataFrame:
    """Per state-year: ``code``, ``year``, ``lat``, ``lng`` of the capital on the
    first (``which="last"``: last) day of the year the list covers (peacesciencer's
    ``transsum``)."""
    capitals = load(_CAPITALS[system])
    codes = [capitals.iloc[:, 0].to_numpy(np.int64)]
    (code,), year, spell = _spell_of_year(
        codes, capitals["start"], capitals["end"], which=which, monthly=False
    )
    return pd.DataFrame(
        {
            "code": code,
            "year": year,
            "lat": capitals["lat"].to_numpy()[spell],
            "lng": capitals["lng"].to_numpy()[spell],
        }
    )


def _sphere_terms(lat: np.ndarray, lng: np.ndarray) -> tuple[np.ndarray, ...]:
    """(sin latitude, cos latitude, longitude in radians) of points in degrees."""
    phi = np.radians(lat)
    return np.sin(phi), np.cos(phi), np.radians(lng)


def _vincenty_km(
    sin1: np.ndarray,
    cos1: np.ndarray,
    lam1: np.ndarray,
    sin2: np.ndarray,
    cos2: np.ndarray,
    lam2: np.ndarray,
) -> np.ndarray:
    """The Vincenty formula for a sphere, from :func:`_sphere_terms` of both points."""
    delta = lam1 - lam2
    cos_delta = np.cos(delta)
    across = np.hypot(cos2 * np.sin(delta), cos1 * sin2 - sin1 * cos2 * cos_delta)
    along = sin1 * sin2 + cos1 * cos2 * cos_delta
    distance: np.ndarray = EARTH_RADIUS_KM * np.arctan2(across, along)
    return distance


def great_circle_km(
    lat1: np.ndarray, lng1: np.ndarray, lat2: np.ndarray, lng2: np.ndarray
) -> np.ndarray:
    """Great-circle distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`
    (the Vincenty formula for a sphere, as geosphere's ``distVincentySphere``).

    Examples
    --------
    >>> round(float(great_circle_km(np.array([0.0]), np.array([0.0]),
    ...                             np.array([0.0]), np.array([1.0]))[0]), 3)
    111.319
    """
    return _vincenty_km(*_sphere_terms(lat1, lng1), *_sphere_terms(lat2, lng2))


def _dyad_distances(panel: Panel, which: str) -> np.ndarray:
    """``capdist`` for each row of a dyad-year panel (NaN where a capital is unknown).

    The trigonometry of each capital is computed once per (state, year) cell
    of the panel's grid and gathered per row; only the longitude difference
    is a per-row sine and cosine. Each pair is computed in one order (the
    lower cell first), so (A, B) and (B, A) get the same distance to the
    last bit.
    """
    name = _CAPITALS[panel.system]
    capitals = capital_years(panel.system, which=which)
    at_cell, _ = at_cells(panel, capitals, ["lat", "lng"], system=panel.system)
    at_cell[:, outside_cells(panel, name)] = np.nan
    terms = _sphere_terms(at_cell[0], at_cell[1])
    first, second = panel.grid.side_cells
    low, high = np.minimum(first, second), np.maximum(first, second)
    return _vincenty_km(*(t[low] for t in terms), *(t[high] for t in terms))


def _system_dyads(panel: Panel) -> Panel:
    """The state system's directed dyad-years over the years of state-year ``panel``."""
    grid = panel.grid
    first, last = grid.first_year, grid.first_year + grid.n_years - 1
    data_end = int(system_spells(panel.system)["end"].max().year)
    through = last if last > data_end else None
    return dyad_years(panel.system, years=(first, last), through=through)


def _minimum_distances(panel: Panel, which: str) -> dict[str, object]:
    """``mincapdist`` of each state-year: its closest capital among the states it
    shares a day of the year with."""
    dyads = _system_dyads(panel)
    code1 = dyads.frame[dyads.code_columns[0]].to_numpy()
    nearest = pd.DataFrame(
        {
            "code": code1,
            "year": dyads.frame["year"].to_numpy(),
            "mincapdist": _dyad_distances(dyads, which),
        }
    )
    table = nearest.groupby(["code", "year"], as_index=False, sort=False).min()
    name = _CAPITALS[panel.system]
    return state_columns(panel, table, ["mincapdist"], system=panel.system, source=(name, None))


def add_capital_distance(panel: Panel, *, which: str = "first") -> Panel:
    """Join the great-circle distance between capitals: ``capdist`` (km) on dyad-years,
    ``mincapdist`` (km, to the closest other capital) on state-years.

    Each state's capital in a year is the one it held on the first day of
    the year the list covers (peacesciencer's default ``transsum =
    "first"``), so a capital moved during a year counts from the next year
    (Brasília from 1961). The distance is the great circle on a sphere of
    radius 6378.137 km, as peacesciencer computes it with geosphere's
    ``distVincentySphere``. COW panels use the COW list, G-W panels the G-W
    list. NA where a capital is unknown, and after 2024.

    On state-years, ``mincapdist`` is the smallest ``capdist`` from the state
    to any state it shares a day of the year with in the panel's state
    system (peacesciencer's state-year rule); NA where none is known, where
    peacesciencer gives ``Inf``.

    Parameters
    ----------
    panel
        A dyad-year or state-year panel, COW or G-W.
    which
        ``"first"`` (default) or ``"last"``: in a year with a capital move,
        the capital of the year's first or last day that the list covers
        (peacesciencer's ``transsum``, ``"jan1"``/``"dec31"``).

    Returns
    -------
    Panel
        The panel with a float column added and ``cow-capitals`` or
        ``gw-capitals`` recorded.

    Notes
    -----
    With latitudes :math:`\\phi_1, \\phi_2` and the longitude difference
    :math:`\\Delta\\lambda`, the distance is :math:`R \\operatorname{atan2}(
    \\sqrt{(\\cos\\phi_2 \\sin\\Delta\\lambda)^2 + (\\cos\\phi_1 \\sin\\phi_2 -
    \\sin\\phi_1 \\cos\\phi_2 \\cos\\Delta\\lambda)^2}, \\sin\\phi_1 \\sin\\phi_2 +
    \\cos\\phi_1 \\cos\\phi_2 \\cos\\Delta\\lambda)`, :math:`R` = 6378.137 km.

    Data sources: capitals and capital moves compiled for peacesciencer
    (Miller 2022).

    References
    ----------
    .. [1] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_capital_distance")
    check_choice(which, IN_YEAR, argument="which")
    name = _CAPITALS[panel.system]
    if panel.is_dyadic:
        return panel.with_columns({"capdist": _dyad_distances(panel, which)}, name)
    return panel.with_columns(_minimum_distances(panel, which), name)


def filter_prd(panel: Panel) -> Panel:
    """Keep only politically relevant dyad-years: contiguous, or with a major power.

    A dyad-year is politically relevant when ``conttype`` is 1-5 (any direct
    contiguity, land or water), or when it is 0 and either state is a COW
    major power (``cowmaj1`` or ``cowmaj2`` is 1), peacesciencer's rule.
    Dyad-years whose ``conttype`` is NA (after 2016) are dropped, as in
    peacesciencer. Missing ``conttype`` or ``cowmaj1``/``cowmaj2`` columns
    are added first with :func:`add_contiguity` and :func:`add_majors`, and
    stay on the result (peacesciencer also keeps its ``prd`` column, 1 on
    every row it keeps; allied adds no such constant).

    Parameters
    ----------
    panel
        A dyad-year panel (directed or not).

    Returns
    -------
    Panel
        The same kind of panel with fewer rows (in their original order,
        index renumbered from 0).

    Data sources: as :func:`add_contiguity` and :func:`add_majors`.

    References
    ----------
    .. [1] Weede, E. (1976). Overwhelming preponderance as a pacifying
       condition among contiguous Asian dyads. Journal of Conflict
       Resolution, 20, 395-411.
    .. [2] Lemke, D., & Reed, W. (2001). The relevance of politically
       relevant dyads. Journal of Conflict Resolution, 45(1), 126-144.
    .. [3] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "filter_prd")
    panel.require(unit="dyad-year", step="filter_prd")
    if "conttype" not in panel.frame.columns:
        panel = add_contiguity(panel)
    if not {"cowmaj1", "cowmaj2"} <= set(panel.frame.columns):
        panel = add_majors(panel)
    frame = panel.frame
    contiguous = frame["conttype"].fillna(-1).to_numpy() >= 1
    not_contiguous = frame["conttype"].fillna(-1).to_numpy() == 0
    major = (frame["cowmaj1"].fillna(0).to_numpy() == 1) | (
        frame["cowmaj2"].fillna(0).to_numpy() == 1
    )
    keep = contiguous | (not_contiguous & major)
    return replace(panel, frame=frame.loc[keep].reset_index(drop=True))
