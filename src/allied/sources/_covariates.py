"""Parsers for state covariates: democracy, IGOs, fractionalization, GDP, threat, EDA.

Most of these datasets reach researchers through the R packages peacesciencer
(1.2.9) and isard (0.2.0) of Steven V. Miller, which ship them as R objects;
``allied`` reads them as CSV exports of those objects, either under the
object's name (``cw_democracy.csv``, written by ``write.csv`` or
``readr::write_csv``) or under the export names of the peacesciencer folder
(``isard__cw_democracy.csv.gz``, gzip-compressed). Missing values are empty
cells (``NA`` is read as missing too). Every parser reads through
:func:`~allied.sources._tabular.read_table` (typed columns, row-precise
errors), refuses a damaged gzip stream, a cut-short last row, a repeated key
and values outside the measure's range, and returns the columns under the
packager's names.

Formats
-------
Democracy, COW and G-W (:func:`parse_democracy_cow`, :func:`parse_democracy_gw`)
    isard ``cw_democracy`` / ``gw_democracy``: ``ccode`` or ``gwcode``,
    ``year``, ``euds``, ``aeuds``, ``polity2``, ``v2x_polyarchy``.
COW IGOs 3.0 (:func:`parse_igo_dyads`, :func:`parse_igo_states`)
    peacesciencer ``cow_igo_ndy`` (``ccode1 < ccode2``, ``year``,
    ``dyadigos``) and ``cow_igo_sy`` (``ccode``, ``year``, ``sum_igo_full``,
    ``sum_igo_associate``, ``sum_igo_observer``, ``sum_igo_anytype``).
CREG fractionalization (:func:`parse_creg`)
    ``ccode``, ``gwcode``, ``creg_ccode``, ``year``, ``ethfrac``,
    ``ethpol``, ``relfrac``, ``relpol``; a few state-years appear twice.
Simulated GDP and population (:func:`parse_gdppop_cow`, :func:`parse_gdppop_gw`)
    isard ``cw_gdppop`` / ``gw_gdppop``: code, ``year``, ``mrgdppc``,
    ``sd_mrgdppc``, ``pwtrgdp``, ``sd_pwtrgdp``, ``pwtpop``, ``sd_pwtpop``.
Latent territorial threat (:func:`parse_territorial_threat`)
    peacesciencer ``terrthreat``: ``ccode``, ``year``, ``lterrthreat``,
    ``sd``, ``lwr``, ``upr`` and the same four with an ``m_`` prefix.
HIEF (:func:`parse_hief`)
    peacesciencer ``hief``: ``ccode``, ``gwcode``, ``year``, ``efindex``.
Archigos yearly summaries (:func:`parse_archigos_summaries`)
    peacesciencer ``archigossums``: ``gwcode``, ``year``,
    ``leadertransition``, ``irregular``, ``n_leaders``, ``jan1obsid``,
    ``dec31obsid``.
COW national trade (:func:`parse_cow_trade`)
    peacesciencer ``cow_trade_sy``: ``ccode``, ``year``, ``imports``,
    ``exports``.
EDA defence data (:func:`parse_eda_defence`)
    The European Defence Agency's member-state table: ``PMS`` (participating
    Member State, an English name), ``Year``, ``Total Defence Expenditure``,
    ``Defence Equipment Procurement Expenditure``, ``Defence R&D
    Expenditure``, ``Defence Investment`` (EUR million), ``GDP (MRD)`` (EUR
    billion) and ``Total Defence Expenditure as % of GDP`` (a fraction, 0.0085
    for 0.85 %).
"""

from __future__ import annotations

import csv
import gzip
import zlib
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from allied.errors import InputError
from allied.sources._tables import _iso3_of, _reject_duplicates
from allied.sources._tabular import ColumnType, TableSpec, bad_row, read_table

__all__ = [
    "CREG_MEASURES",
    "DEMOCRACY_MEASURES",
    "GDPPOP_MEASURES",
    "IGO_STATE_COUNTS",
    "TERRITORIAL_THREAT_MEASURES",
    "parse_archigos_summaries",
    "parse_cow_trade",
    "parse_creg",
    "parse_democracy_cow",
    "parse_democracy_gw",
    "parse_eda_defence",
    "parse_gdppop_cow",
    "parse_gdppop_gw",
    "parse_hief",
    "parse_igo_dyads",
    "parse_igo_states",
    "parse_territorial_threat",
]

#: isard's democracy estimates, in its column order.
DEMOCRACY_MEASURES = ("euds", "aeuds", "polity2", "v2x_polyarchy")
#: peacesciencer's state-year IGO counts, in its column order.
IGO_STATE_COUNTS = ("sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype")
#: CREG's fractionalization and polarization estimates.
CREG_MEASURES = ("ethfrac", "ethpol", "relfrac", "relpol")
#: Fariss et al.'s simulated GDP per capita, GDP and population, with their SDs.
GDPPOP_MEASURES = ("mrgdppc", "sd_mrgdppc", "pwtrgdp", "sd_pwtrgdp", "pwtpop", "sd_pwtpop")
#: Miller's territorial threat estimates (``m_``: dyads weighted by minimum distance).
TERRITORIAL_THREAT_MEASURES = (
    "lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd", "m_lwr", "m_upr",
)  # fmt: skip

_CODE = {"cow": "ccode", "gw": "gwcode"}
#: (lowest, highest) a measure can take; None for no bound on that side.
Bounds = Mapping[str, tuple[float | None, float | None]]


# --------------------------------------------------------------------------- reading


def _open_text(path: Path) -> IO[str]:
    """``path`` opened as UTF-8 text, decompressed when its name ends in ``.gz``."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _damaged(path: Path, spec: TableSpec, exc: Exception) -> InputError:
    return InputError(
        f"{spec.dataset}: the file cannot be read ({type(exc).__name__}: {exc})",
        where=str(path),
        fix="The file is damaged, cut short or not what its name says (a .gz name needs "
        "gzip content): copy it again from its source and import it again.",
    )


def _check_last_row(path: Path, spec: TableSpec, rows: int) -> None:
    """Refuse a file whose last row has fewer fields than its header (cut short)."""
    with _open_text(path) as handle:
        header = next(csv.reader([handle.readline()]), [])
        last = deque(handle, maxlen=1)
    fields = next(csv.reader([last[0]]), []) if last else header
    if rows and len(fields) < len(header):
        problem = f"the last row has {len(fields)} of {len(header)} fields (truncated file?)"
        raise bad_row(path, rows - 1, header[len(fields)], problem, spec=spec)


def _read(path: Path, spec: TableSpec) -> pd.DataFrame:
    """:func:`read_table` with a complete last row, damaged files as :class:`InputError`."""
    try:
        frame = read_table(path, spec)
        _check_last_row(path, spec, len(frame))
    except (EOFError, OSError, zlib.error) as exc:
        raise _damaged(path, spec, exc) from exc
    return frame


def _check_bounds(frame: pd.DataFrame, bounds: Bounds, path: Path, spec: TableSpec) -> None:
    """Refuse the first value outside its measure's range."""
    for column, (low, high) in bounds.items():
        values = frame[column].to_numpy(np.float64, na_value=np.nan)
        outside = (values < (-np.inf if low is None else low)) | (
            values > (np.inf if high is None else high)
        )
        if outside.any():
            row = int(np.argmax(outside))
            problem = f"{values[row]:g} is outside [{low}, {high}]"
            raise bad_row(path, row, column, problem, spec=spec)


def _state_years(
    path: Path,
    dataset: str,
    keys: Sequence[str],
    measures: Mapping[str, ColumnType],
    bounds: Bounds,
    *,
    unique: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A keyed table: ``keys`` (required, int64), then ``measures``; one row per
    ``unique`` (``keys`` by default), values within ``bounds``."""
    columns: dict[str, ColumnType] = dict.fromkeys(keys, "int")
    columns.update(measures)
    spec = TableSpec(dataset, columns, required=tuple(keys), encoding="utf-8")
    frame = _read(path, spec)
    _check_bounds(frame, bounds, path, spec)
    if unique != ():
        check = list(unique or keys)
        _reject_duplicates(frame, check, path, spec, column=check[-1])
    # the keys are never empty: plain int64, which the cache stores and joins read as is
    return frame[list(columns)].astype(dict.fromkeys(keys, np.int64))


def _floats(names: Sequence[str]) -> dict[str, ColumnType]:
    return dict.fromkeys(names, "float")


# --------------------------------------------------------------------------- democracy

_DEMOCRACY_BOUNDS: Bounds = {"polity2": (-10, 10), "v2x_polyarchy": (0, 1)}


def _democracy(path: Path, system: str) -> pd.DataFrame:
    keys = (_CODE[system], "year")
    return _state_years(path, "democracy", keys, _floats(DEMOCRACY_MEASURES), _DEMOCRACY_BOUNDS)


def parse_democracy_cow(path: Path) -> pd.DataFrame:
    """Read isard's democracy estimates for Correlates of War states (``cw_democracy``).

    Parameters
    ----------
    path
        ``cw_democracy.csv`` or the peacesciencer export ``isard__cw_democracy.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        One row per state-year: ``ccode``, ``year`` (int64), and float64
        ``euds`` (the extended Unified Democracy Score, a latent z-score),
        ``aeuds`` (the same adjusted so that 0 is the average cut-point of
        the dichotomous democracy indicators), ``polity2`` (Polity5, -10 to
        10) and ``v2x_polyarchy``
        (V-Dem's electoral democracy index, 0 to 1); NA where a source has
        no estimate.

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, ``polity2`` or
        ``v2x_polyarchy`` lies outside its range, a state-year appears twice,
        or the file is damaged or cut short; the message names file, row and
        column.

    Notes
    -----
    Data sources: isard 0.2.0 (Miller), from Marquez's extended UDS,
    Polity5 and V-Dem v15.

    References
    ----------
    .. [1] Marquez, X. (2016). A quick method for extending the Unified
       Democracy Scores. https://doi.org/10.2139/ssrn.2753830
    .. [2] Pemstein, D., Meserve, S., & Melton, J. (2010). Democratic
       compromise: A latent variable analysis of ten measures of regime type.
       Political Analysis, 18(4), 426-449.
    .. [3] Marshall, M. G. (2020). Polity5: Dataset users' manual v2018.
       Center for Systemic Peace.
    .. [4] Coppedge, M., Gerring, J., Knutsen, C. H., et al. (2025). V-Dem
       country-year dataset v15. https://doi.org/10.23696/vdemds25
    """
    return _democracy(path, "cow")


def parse_democracy_gw(path: Path) -> pd.DataFrame:
    """Read isard's democracy estimates for Gleditsch-Ward states (``gw_democracy``).

    As :func:`parse_democracy_cow`, keyed by ``gwcode`` instead of ``ccode``
    (``gw_democracy.csv`` or ``isard__gw_democracy.csv.gz``).

    Notes
    -----
    Data sources: isard 0.2.0 (Miller), from Marquez's extended UDS,
    Polity5 and V-Dem v15.

    References
    ----------
    .. [1] Marquez, X. (2016). A quick method for extending the Unified
       Democracy Scores. https://doi.org/10.2139/ssrn.2753830
    """
    return _democracy(path, "gw")


# --------------------------------------------------------------------------- IGOs


def parse_igo_dyads(path: Path) -> pd.DataFrame:
    """Read peacesciencer's non-directed dyad-year COW IGO counts (``cow_igo_ndy``).

    Parameters
    ----------
    path
        ``cow_igo_ndy.csv`` or ``peacesciencer__cow_igo_ndy.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode1``, ``ccode2``, ``year``, ``dyadigos`` (int64): the number of
        IGOs in which both states were full members that year; one row per
        non-directed dyad-year (each dyad once, in either order).

    Raises
    ------
    InputError
        A column is missing, a cell is not an integer or is empty, a count is
        negative, a dyad-year appears twice (in either order), or the file is
        damaged or cut short.

    Notes
    -----
    Data sources: COW Intergovernmental Organizations v3.0, summed per dyad
    by peacesciencer (members coded below 0, missing or not yet existing
    IGOs, count as no joint membership).

    References
    ----------
    .. [1] Pevehouse, J. C. W., Nordstrom, T., McManus, R. W., & Jamison,
       A. S. (2020). Tracking organizations in the world: The Correlates of
       War IGO version 3.0 datasets. Journal of Peace Research, 57(3), 492-503.
    """
    keys = ("ccode1", "ccode2", "year", "dyadigos")
    frame = _state_years(path, "cow-igos", keys, {}, {"dyadigos": (0, None)}, unique=())
    code1, code2 = frame["ccode1"], frame["ccode2"]
    pairs = pd.DataFrame(
        {"low": np.minimum(code1, code2), "high": np.maximum(code1, code2), "year": frame["year"]}
    )
    spec = TableSpec("cow-igos", dict.fromkeys(keys, "int"))
    _reject_duplicates(pairs, ["low", "high", "year"], path, spec, column="ccode2")
    return frame


def parse_igo_states(path: Path) -> pd.DataFrame:
    """Read peacesciencer's state-year COW IGO counts (``cow_igo_sy``).

    Parameters
    ----------
    path
        ``cow_igo_sy.csv`` or ``peacesciencer__cow_igo_sy.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``year`` and, all int64, ``sum_igo_full``,
        ``sum_igo_associate``, ``sum_igo_observer`` (the IGOs in which the
        state was a full member, an associate member, an observer) and
        ``sum_igo_anytype`` (their sum); one row per state-year.

    Raises
    ------
    InputError
        A column is missing, a cell is not an integer or is empty, a count is
        negative, a state-year appears twice, or the file is damaged or cut short.

    Notes
    -----
    Data sources: COW Intergovernmental Organizations v3.0, counted per state
    by peacesciencer.

    References
    ----------
    .. [1] Pevehouse, J. C. W., Nordstrom, T., McManus, R. W., & Jamison,
       A. S. (2020). Tracking organizations in the world: The Correlates of
       War IGO version 3.0 datasets. Journal of Peace Research, 57(3), 492-503.
    """
    keys = ("ccode", "year", *IGO_STATE_COUNTS)
    bounds = dict.fromkeys(IGO_STATE_COUNTS, (0, None))
    return _state_years(path, "cow-igos", keys, {}, bounds, unique=("ccode", "year"))


# --------------------------------------------------------------------------- CREG, HIEF


def parse_creg(path: Path) -> pd.DataFrame:
    """Read the CREG fractionalization and polarization estimates (peacesciencer ``creg``).

    Parameters
    ----------
    path
        ``creg.csv`` or ``peacesciencer__creg.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``gwcode``, ``creg_ccode`` (the code CREG itself used),
        ``year`` (int64) and ``ethfrac``, ``ethpol``, ``relfrac``, ``relpol``
        (float64, 0-1: ethnic and religious fractionalization and
        polarization), as published: a few state-years appear twice (Serbia
        and Yugoslavia, Russia and the Soviet Union); ``add_creg_fractionalization``
        keeps one as peacesciencer does.

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, an estimate lies outside
        0-1, a (creg_ccode, year) appears twice, or the file is damaged.

    Notes
    -----
    Data sources: Composition of Religious and Ethnic Groups (CREG) project,
    Cline Center for Democracy, as packaged by peacesciencer.

    References
    ----------
    .. [1] Nardulli, P. F., Wong, C. J., Singh, A., Peyton, B., & Bajjalieh, J.
       (2012). The Composition of Religious and Ethnic Groups (CREG) Project.
       Cline Center for Democracy.
    .. [2] Alesina, A., Devleeschauwer, A., Easterly, W., Kurlat, S., &
       Wacziarg, R. (2003). Fractionalization. Journal of Economic Growth, 8,
       155-194.
    .. [3] Montalvo, J. G., & Reynal-Querol, M. (2005). Ethnic polarization,
       potential conflict, and civil wars. American Economic Review, 95(3), 796-816.
    """
    keys = ("ccode", "gwcode", "creg_ccode", "year")
    bounds = dict.fromkeys(CREG_MEASURES, (0, 1))
    unique = ("ccode", "gwcode", "creg_ccode", "year")
    return _state_years(path, "creg", keys, _floats(CREG_MEASURES), bounds, unique=unique)


def parse_hief(path: Path) -> pd.DataFrame:
    """Read the Historical Index of Ethnic Fractionalization (peacesciencer ``hief``).

    Parameters
    ----------
    path
        ``hief.csv`` or ``peacesciencer__hief.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``gwcode``, ``year`` (int64) and ``efindex`` (float64,
        0-1: the index of ethnic fractionalization), as published: peacesciencer's file repeats 24
        state-years with the same value and lists Russia (365) in 1991 twice
        (0.691 and 0.286, the Soviet Union's and Russia's index).

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, ``efindex`` lies outside
        0-1, or the file is damaged or cut short.

    Notes
    -----
    Data sources: HIEF (Dražanová 2020), as packaged by peacesciencer.

    References
    ----------
    .. [1] Dražanová, L. (2020). Introducing the Historical Index of Ethnic
       Fractionalization (HIEF) dataset: Accounting for longitudinal changes
       in ethnic diversity. Journal of Open Humanities Data, 6, 6.
       https://doi.org/10.5334/johd.16
    """
    keys = ("ccode", "gwcode", "year")
    return _state_years(path, "hief", keys, {"efindex": "float"}, {"efindex": (0, 1)}, unique=())


# --------------------------------------------------------------------------- GDP, threat


def _gdppop(path: Path, system: str) -> pd.DataFrame:
    keys = (_CODE[system], "year")
    bounds = dict.fromkeys(GDPPOP_MEASURES, (0, None))
    return _state_years(path, "sim-gdp-pop", keys, _floats(GDPPOP_MEASURES), bounds)


def parse_gdppop_cow(path: Path) -> pd.DataFrame:
    """Read Fariss et al.'s simulated GDP and population for COW states (isard ``cw_gdppop``).

    Parameters
    ----------
    path
        ``cw_gdppop.csv`` or ``isard__cw_gdppop.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``year`` (int64) and float64 ``mrgdppc`` (GDP per capita,
        constant 2011 international dollars, from the Maddison Project),
        ``pwtrgdp`` (expenditure-side real GDP, millions of 2017 international
        dollars, from the Penn World Table), ``pwtpop`` (population, millions)
        and the simulations' standard deviation of each (``sd_`` prefix).

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, a value is negative, a
        state-year appears twice, or the file is damaged or cut short.

    Notes
    -----
    Data sources: Fariss, Anders, Markowitz & Barnum (2022), as packaged by
    isard 0.2.0.

    References
    ----------
    .. [1] Fariss, C. J., Anders, T., Markowitz, J. N., & Barnum, M. (2022).
       New estimates of over 500 years of historic GDP and population data.
       Journal of Conflict Resolution, 66(3), 553-591.
    """
    return _gdppop(path, "cow")


def parse_gdppop_gw(path: Path) -> pd.DataFrame:
    """Read Fariss et al.'s simulated GDP and population for G-W states (isard ``gw_gdppop``).

    As :func:`parse_gdppop_cow`, keyed by ``gwcode`` (``gw_gdppop.csv`` or
    ``isard__gw_gdppop.csv.gz``).

    References
    ----------
    .. [1] Fariss, C. J., Anders, T., Markowitz, J. N., & Barnum, M. (2022).
       New estimates of over 500 years of historic GDP and population data.
       Journal of Conflict Resolution, 66(3), 553-591.
    """
    return _gdppop(path, "gw")


def parse_territorial_threat(path: Path) -> pd.DataFrame:
    """Read Miller's latent external territorial threat estimates (peacesciencer ``terrthreat``).

    Parameters
    ----------
    path
        ``terrthreat.csv`` or ``peacesciencer__terrthreat.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``year`` (int64) and float64 ``lterrthreat`` (the latent
        estimate), ``sd`` (its posterior standard deviation), ``lwr`` and
        ``upr`` (the bounds of its 90% interval), all from dyadic data
        weighted by capital distance, and the same four with the ``m_``
        prefix, weighted by the minimum distance between the states instead
        (NA where that version has no estimate).

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, a standard deviation is
        negative, a state-year appears twice, or the file is damaged.

    Notes
    -----
    Data sources: Miller (2022), as packaged by peacesciencer.

    References
    ----------
    .. [1] Miller, S. V. (2022). A random item response model of external
       territorial threat, 1816-2010. Journal of Global Security Studies,
       7(4), ogac012.
    """
    keys = ("ccode", "year")
    bounds = {"sd": (0, None), "m_sd": (0, None)}
    return _state_years(
        path, "territorial-threat", keys, _floats(TERRITORIAL_THREAT_MEASURES), bounds
    )


# --------------------------------------------------------------------------- Archigos, trade


def parse_archigos_summaries(path: Path) -> pd.DataFrame:
    """Read peacesciencer's yearly summaries of Archigos leader turnover (``archigossums``).

    Parameters
    ----------
    path
        ``archigossums.csv`` or ``peacesciencer__archigossums.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``gwcode``, ``year``, ``leadertransition`` (1 if the leader on 1
        January differs from the leader on 31 December), ``irregular`` (1 if
        such a transition involved an irregular exit), ``n_leaders`` (leaders
        in office during the year) as int64, and ``jan1obsid``, ``dec31obsid``
        (Archigos leader-spell ids, string); one row per G-W state-year.

    Raises
    ------
    InputError
        A column is missing or empty, a flag is not 0 or 1, a state-year
        appears twice, or the file is damaged or cut short.

    Notes
    -----
    Data sources: Archigos 4.1 (Goemans, Gleditsch & Chiozza), summarised by
    peacesciencer.

    References
    ----------
    .. [1] Goemans, H. E., Gleditsch, K. S., & Chiozza, G. (2009). Introducing
       Archigos: A dataset of political leaders. Journal of Peace Research,
       46(2), 269-283.
    """
    keys = ("gwcode", "year", "leadertransition", "irregular", "n_leaders")
    ids: dict[str, ColumnType] = {"jan1obsid": "str", "dec31obsid": "str"}
    bounds = {"leadertransition": (0, 1), "irregular": (0, 1), "n_leaders": (1, None)}
    return _state_years(path, "archigos-summaries", keys, ids, bounds, unique=("gwcode", "year"))


def parse_cow_trade(path: Path) -> pd.DataFrame:
    """Read the COW National Trade state-year totals (peacesciencer ``cow_trade_sy``).

    Parameters
    ----------
    path
        ``cow_trade_sy.csv`` or ``peacesciencer__cow_trade_sy.csv.gz``.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``year`` (int64), ``imports`` and ``exports`` (float64,
        millions of current US dollars; NA where COW has no figure).

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, a value is negative, a
        state-year appears twice, or the file is damaged or cut short.

    Notes
    -----
    Data sources: Correlates of War Project Trade Data Set v4.0, as packaged
    by peacesciencer.

    References
    ----------
    .. [1] Barbieri, K., & Keshk, O. M. G. (2016). Correlates of War Project
       Trade Data Set Codebook, Version 4.0. https://correlatesofwar.org
    .. [2] Barbieri, K., Keshk, O. M. G., & Pollins, B. (2009). Trading data:
       Evaluating our assumptions and coding rules. Conflict Management and
       Peace Science, 26(5), 471-491.
    """
    trade = ("imports", "exports")
    bounds = dict.fromkeys(trade, (0, None))
    return _state_years(path, "cow-trade", ("ccode", "year"), _floats(trade), bounds)


# --------------------------------------------------------------------------- EDA

#: EDA column → tidy name (money in EUR million unless the name says otherwise).
EDA_COLUMNS = {
    "Total Defence Expenditure": "defence_expenditure_eur_million",
    "Defence Equipment Procurement Expenditure": "equipment_procurement_eur_million",
    "Defence R&D Expenditure": "defence_rnd_eur_million",
    "Defence Investment": "defence_investment_eur_million",
    "GDP (MRD)": "gdp_eur_billion",
    "Total Defence Expenditure as % of GDP": "defence_share_gdp_pct",
}


def parse_eda_defence(path: Path) -> pd.DataFrame:
    """Read the European Defence Agency's defence data of its member states.

    Parameters
    ----------
    path
        The EDA member-state table (``eda_defence_data_*_member_states.csv``):
        ``PMS``, ``Year`` and the six indicators listed in the module docstring.

    Returns
    -------
    pandas.DataFrame
        One row per member state and year: ``state`` (EDA's English name),
        ``iso3`` (string; resolved through :mod:`allied.states`), ``year``
        (Int64), ``defence_expenditure_eur_million``,
        ``equipment_procurement_eur_million``, ``defence_rnd_eur_million``,
        ``defence_investment_eur_million`` (procurement plus R&D; EUR
        million), ``gdp_eur_billion`` and ``defence_share_gdp_pct`` (percent:
        EDA's fraction times 100). NA where EDA reports no figure (two R&D
        cells in the 2005-2021 file).

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, a value is negative, a
        state-year appears twice, a state name is not a known state, or the
        file is cut short.

    Notes
    -----
    Data sources: European Defence Agency, defence data collected yearly
    from the Ministries of Defence of the Agency's member states. The file
    does not say whether amounts are in current or constant prices.
    """
    columns: dict[str, ColumnType] = {"PMS": "str", "Year": "int", **_floats(tuple(EDA_COLUMNS))}
    spec = TableSpec("eda-defence", columns, required=("PMS", "Year"), encoding="utf-8-sig")
    frame = _read(path, spec)
    _check_bounds(frame, dict.fromkeys(EDA_COLUMNS, (0, None)), path, spec)
    _reject_duplicates(frame, ["PMS", "Year"], path, spec, column="Year")
    iso3 = _iso3_of(frame["PMS"], source="name")
    unknown = iso3.isna().to_numpy()
    if unknown.any():
        row = int(np.argmax(unknown))
        problem = f"{frame['PMS'].iloc[row]!r} is not a state allied knows"
        raise bad_row(path, row, "PMS", problem, spec=spec)
    tidy = frame.rename(columns={"PMS": "state", "Year": "year", **EDA_COLUMNS})
    tidy.insert(1, "iso3", iso3)
    tidy["defence_share_gdp_pct"] = tidy["defence_share_gdp_pct"] * 100
    return tidy[["state", "iso3", "year", *EDA_COLUMNS.values()]]
