"""Parsers for the tabular reference datasets: capabilities, GDP, UN votes, NATO.

Each parser reads one publisher's CSV through :func:`~allied.sources._tabular.read_table`
(typed columns, row-precise errors), checks that the last row is complete, and
returns a tidy frame whose column names are snake_case and carry units.

Formats
-------
COW National Material Capabilities (:func:`parse_nmc`)
    One row per state-year. The official abridged CSV of NMC 6.0 has the
    columns ``stateabb, ccode, year, milex, milper, irst, pec, tpop, upop,
    cinc, version`` and codes missing values as ``-9``. The NMC 7.0
    ccode-year file (as redistributed by peacesciencer) drops ``stateabb``
    and ``version`` and leaves missing cells empty. The format is detected
    from the header.
World Bank GDP, current US$ (:func:`parse_world_bank_gdp`)
    Indicator ``NY.GDP.MKTP.CD`` of the World Development Indicators, either
    long (``Country Name, Country Code, Year, Value``; one row per
    observation, as packaged by datasets/gdp) or the World Bank's own wide
    download ``API_NY.GDP.MKTP.CD_DS2_en_csv_v2_*.csv``: four preamble lines
    (data source and last-updated date, each followed by a blank line), then
    ``Country Name, Country Code, Indicator Name, Indicator Code, 1960, ...``
    with a trailing comma on every line. The format is detected from the
    header. Both list aggregates (``WLD``, ``EUU``, income groups) and
    dependencies beside states.
UN General Assembly ideal points (:func:`parse_ideal_points`)
    Bailey, Strezhnev & Voeten's Dataverse CSV: an unnamed row-number column,
    ``ccode, session, NVotesAll, IdealPointAll``, posterior quantiles
    ``QO%All`` (sic, the letter O: the 0% quantile) to ``Q100%All``,
    ``iso3c, Countryname`` and agreement rates with six states
    (``USAgree`` ... ``IsraelAgree``). One row per state-session.
NATO defence expenditure (:func:`parse_nato_expenditure`)
    The press-release tables of 2019 (2012-2019, 2018-2019 estimates) as
    packaged by the R package passport: ``country_stanag`` (NATO STANAG 1059
    three-letter codes, which for these allies are ISO 3166-1 alpha-3),
    ``year`` and twelve indicator columns with labels such as ``Defense
    expenditure (USD, 2015 prices)``.
NATO defence expenditure as a share of GDP (:func:`parse_nato_share_of_gdp`)
    A wide table: ``Country`` (allies and the aggregates ``NATO Europe and
    Canada`` and ``NATO Total``), then one column per year, ``2014`` ...
    ``2023``, and ``2024e`` for the estimate.

Wide files are melted to long form; their empty cells are dropped, so a long
table lists the observations that exist.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from allied.errors import DataNotAvailableError, InputError
from allied.sources._tabular import ColumnType, TableSpec, bad_row, read_table
from allied.states import lookup

__all__ = [
    "NMC_COMPONENTS",
    "WB_GDP_INDICATOR",
    "fetch_world_bank_gdp",
    "parse_ideal_points",
    "parse_nato_expenditure",
    "parse_nato_share_of_gdp",
    "parse_nmc",
    "parse_world_bank_gdp",
    "recompute_cinc",
]

_KeyKind = Literal["iso3", "name"]
_ENCODING = "utf-8-sig"  # World Bank downloads start with a byte-order mark

NMC_COMPONENTS: tuple[str, ...] = ("milex", "milper", "irst", "pec", "tpop", "upop")
"""The six NMC capability components, in the publisher's column order."""

WB_GDP_INDICATOR = "NY.GDP.MKTP.CD"
"""The World Development Indicators code of GDP in current US dollars."""


# --------------------------------------------------------------------------- helpers


def _first_rows(path: Path, count: int) -> list[list[str]]:
    """The first ``count`` rows of ``path`` as CSV fields (fewer if the file is shorter)."""
    try:
        with path.open(encoding=_ENCODING, newline="") as handle:
            return [[field.strip() for field in row] for row in islice(csv.reader(handle), count)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(
            f"cannot read {path.name} ({exc})",
            where=str(path),
            fix="Check the path, and that the file is the publisher's CSV.",
        ) from exc


def _header(path: Path, line: int = 0) -> list[str]:
    """The fields of line ``line`` (0-based) of ``path``; [] if the file is shorter."""
    rows = _first_rows(path, line + 1)
    return rows[line] if len(rows) > line else []


def _find_header(path: Path, first_field: str, *, within: int = 10) -> int:
    """Index of the first of ``within`` lines whose first field is ``first_field`` (else 0)."""
    starts = [row[0] if row else "" for row in _first_rows(path, within)]
    return starts.index(first_field) if first_field in starts else 0


def _check_last_row(path: Path, spec: TableSpec, rows: int) -> None:
    """Refuse a file whose last data row has fewer fields than its header (cut short)."""
    lines = path.read_text(encoding=spec.encoding).rstrip("\r\n").splitlines()
    if rows == 0 or len(lines) <= spec.header_line + 1:
        return
    header = next(csv.reader([lines[spec.header_line]]))
    last = next(csv.reader([lines[-1]]), [])
    if len(last) < len(header):
        raise bad_row(
            path,
            rows - 1,
            header[len(last)],
            f"the last row has {len(last)} of {len(header)} fields (truncated file?)",
            spec=spec,
        )


def _read(path: Path, spec: TableSpec) -> pd.DataFrame:
    """:func:`read_table`, then the last-row completeness check."""
    _first_rows(path, 1)  # a missing or unreadable file becomes an InputError
    frame = read_table(path, spec)
    _check_last_row(path, spec, len(frame))
    return frame


def _first(mask: npt.ArrayLike) -> int | None:
    """Position of the first True in ``mask``, or None."""
    values = np.asarray(mask, dtype=bool)
    return int(np.argmax(values)) if values.any() else None


def _reject_duplicates(
    frame: pd.DataFrame, keys: list[str], path: Path, spec: TableSpec, *, column: str
) -> None:
    row = _first(frame.duplicated(keys))
    if row is not None:
        key = ", ".join(f"{k}={frame[k].iloc[row]}" for k in keys)
        raise bad_row(path, row, column, f"duplicate row for {key}", spec=spec)


def _reject_negative(
    frame: pd.DataFrame, columns: Sequence[str], path: Path, spec: TableSpec
) -> None:
    negative = frame[list(columns)].lt(0).to_numpy()
    row = _first(negative.any(axis=1))
    if row is not None:
        column = columns[int(np.argmax(negative[row]))]
        value = frame[column].iloc[row]
        raise bad_row(path, row, column, f"negative value {value}", spec=spec)


def _state_iso3(key: str, source: _KeyKind) -> str | None:
    """The ISO3 code of the state ``key`` denotes, or None (aggregates, dependencies)."""
    try:
        return lookup(key, source=source).iso3
    except LookupError:
        return None


def _iso3_of(keys: pd.Series, *, source: _KeyKind) -> pd.Series:
    """ISO3 code per key, looked up once per distinct key; NA where no state matches."""
    known = {key: _state_iso3(str(key), source) for key in keys.dropna().unique()}
    return keys.map(known).astype("string")


# --------------------------------------------------------------------------- NMC


def _nmc_spec(header: list[str]) -> TableSpec:
    components: dict[str, ColumnType] = {name: "float" for name in NMC_COMPONENTS}
    if "stateabb" in header:  # NMC 6.0 abridged: -9 for missing, every cell filled
        columns: dict[str, ColumnType] = {
            "stateabb": "str", "ccode": "int", "year": "int",
            **components, "cinc": "float", "version": "int",
        }  # fmt: skip
        return TableSpec("nmc", columns, required=tuple(columns), encoding=_ENCODING)
    columns = {"ccode": "int", "year": "int", **components, "cinc": "float"}
    return TableSpec("nmc", columns, required=("ccode", "year", "cinc"), encoding=_ENCODING)


def parse_nmc(path: Path) -> pd.DataFrame:
    """Read a COW National Material Capabilities file (NMC 6.0 abridged or NMC 7.0).

    Parameters
    ----------
    path
        The official abridged CSV of NMC 6.0 (``NMC-60-abridged.csv``) or the
        NMC 7.0 ccode-year file; the format is detected from the header.

    Returns
    -------
    pandas.DataFrame
        One row per state-year, in file order:

        ``ccode`` (Int64)
            Correlates of War state code.
        ``year`` (Int64)
        ``milex`` (float64)
            Military expenditure, thousands of current British pounds for
            1816-1913 and thousands of current US dollars from 1914 on (the
            NMC codebook's convention; compare values within a year only).
        ``milper`` (float64)
            Military personnel, thousands.
        ``irst`` (float64)
            Iron and steel production, thousands of tons.
        ``pec`` (float64)
            Primary energy consumption, thousands of coal-ton equivalents.
        ``tpop``, ``upop`` (float64)
            Total and urban population, thousands.
        ``cinc`` (float64)
            Composite Index of National Capability as published.

        Missing components are NA (NMC 6.0's ``-9`` is converted), never -9.

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, a value is negative, a
        state-year appears twice, or the file is truncated; the message names
        the file, row and column.

    See Also
    --------
    recompute_cinc : CINC from the six components.

    Notes
    -----
    Data sources: Correlates of War Project, National Material Capabilities
    v6.0 (1816-2016) and v7.0 (1816-2022).

    References
    ----------
    .. [1] Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability
       distribution, uncertainty, and major power war, 1820-1965. In
       B. Russett (Ed.), *Peace, War, and Numbers* (pp. 19-48). Sage.
    .. [2] Singer, J. D. (1988). Reconstructing the Correlates of War dataset
       on material capabilities of states, 1816-1985. *International
       Interactions*, 14(2), 115-132. https://doi.org/10.1080/03050628808434695
    .. [3] Correlates of War Project. National Material Capabilities, v6.0
       and v7.0. https://correlatesofwar.org/data-sets/national-material-capabilities/
    """
    spec = _nmc_spec(_header(path))
    frame = _read(path, spec)
    components = frame[list(NMC_COMPONENTS)]
    frame[list(NMC_COMPONENTS)] = components.mask(components == -9)
    _reject_negative(frame, [*NMC_COMPONENTS, "cinc"], path, spec)
    _reject_duplicates(frame, ["ccode", "year"], path, spec, column="year")
    return frame[["ccode", "year", *NMC_COMPONENTS, "cinc"]]


def recompute_cinc(frame: pd.DataFrame) -> pd.Series:
    """The Composite Index of National Capability from the six NMC components.

    Parameters
    ----------
    frame
        State-years with ``year`` and the columns of :data:`NMC_COMPONENTS`
        (as returned by :func:`parse_nmc`), missing values as NA.

    Returns
    -------
    pandas.Series
        ``cinc`` (float64), aligned with ``frame``'s index; NA for a
        state-year without any component.

    Raises
    ------
    InputError
        A column is missing, or a component is negative (``-9`` codes must be
        NA first; :func:`parse_nmc` does that).

    Notes
    -----
    For each year :math:`t` and component :math:`k`, state :math:`i`'s share
    is :math:`s_{ikt} = x_{ikt} / \\sum_j x_{jkt}`, the sum running over the
    states with a value of :math:`k` in year :math:`t`. CINC is the mean of the
    state's non-missing shares,
    :math:`\\mathrm{CINC}_{it} = \\frac{1}{|K_{it}|} \\sum_{k \\in K_{it}} s_{ikt}`.
    Because a state with missing components averages fewer shares, the CINC
    of a year need not sum to 1. A component whose yearly total is zero gives
    no share.

    Data sources: Correlates of War Project, National Material Capabilities.

    References
    ----------
    .. [1] Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability
       distribution, uncertainty, and major power war, 1820-1965. In
       B. Russett (Ed.), *Peace, War, and Numbers* (pp. 19-48). Sage.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [1900, 1900], "milex": [3.0, 1.0],
    ...     "milper": [1.0, 1.0], "irst": [1.0, None], "pec": [2.0, 2.0],
    ...     "tpop": [1.0, 3.0], "upop": [1.0, 1.0]})
    >>> recompute_cinc(frame).round(4).tolist()
    [0.5833, 0.5]
    """
    _require_columns(frame, ["year", *NMC_COMPONENTS])
    values = frame[list(NMC_COMPONENTS)].astype("float64")
    if values.lt(0).to_numpy().any():
        raise InputError(
            "negative capability component",
            where="argument frame",
            fix="Replace the -9 missing codes with NA, or read the file with parse_nmc().",
        )
    totals = values.groupby(frame["year"]).transform("sum")
    shares = values / totals.where(totals > 0)
    return shares.mean(axis=1, skipna=True).rename("cinc")


def _require_columns(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            where="argument frame",
            fix="Pass the frame returned by parse_nmc().",
        )


# --------------------------------------------------------------------------- World Bank


_WB_LONG: dict[str, ColumnType] = {
    "Country Name": "str",
    "Country Code": "str",
    "Year": "int",
    "Value": "float",
}


def parse_world_bank_gdp(path: Path) -> pd.DataFrame:
    """Read World Bank GDP in current US dollars (WDI ``NY.GDP.MKTP.CD``).

    Parameters
    ----------
    path
        Either the long CSV (``Country Name, Country Code, Year, Value``) or
        the World Bank's wide download
        ``API_NY.GDP.MKTP.CD_DS2_en_csv_v2_*.csv``; detected from the header.

    Returns
    -------
    pandas.DataFrame
        One row per economy-year with a value, economies in file order:

        ``country`` (string)
            The World Bank's name of the economy.
        ``code`` (string)
            The World Bank's three-letter code (aggregates included).
        ``iso3`` (string)
            The ISO3 code of the state ``code`` denotes, NA for aggregates
            (``WLD``, ``EUU``, income groups) and for dependencies that
            :mod:`allied.states` does not list (``PRI``, ``HKG``, ...).
            Kosovo keeps the World Bank's ``XKX``, which is also its code in
            :mod:`allied.states`.
        ``year`` (Int64)
        ``gdp_usd_current`` (float64)
            GDP at purchaser's prices, current US dollars.

    Raises
    ------
    InputError
        The file is neither format, a wide file holds another indicator, a
        value is not a number, an economy-year appears twice, or the file is
        truncated; the message names the file, row and column.

    See Also
    --------
    fetch_world_bank_gdp : the same table from the World Bank API.

    Notes
    -----
    Data sources: World Bank, World Development Indicators, NY.GDP.MKTP.CD
    (CC BY 4.0).

    References
    ----------
    .. [1] World Bank. World Development Indicators: GDP (current US$),
       NY.GDP.MKTP.CD. https://data.worldbank.org/indicator/NY.GDP.MKTP.CD
    """
    header_line = _find_header(path, "Country Name")
    header = _header(path, header_line)
    if "Indicator Code" in header:
        frame = _wb_wide(path, header_line, header)
    else:
        spec = TableSpec("world_bank_gdp", _WB_LONG, required=tuple(_WB_LONG), encoding=_ENCODING)
        frame = _read(path, spec)
        _reject_duplicates(frame, ["Country Code", "Year"], path, spec, column="Year")
    return _wb_frame(frame["Country Name"], frame["Country Code"], frame["Year"], frame["Value"])


def _wb_wide(path: Path, header_line: int, header: list[str]) -> pd.DataFrame:
    """The wide download, checked and melted to the long file's columns."""
    years = [name for name in header if re.fullmatch(r"\d{4}", name)]
    columns: dict[str, ColumnType] = {
        "Country Name": "str",
        "Country Code": "str",
        "Indicator Code": "str",
        **{year: "float" for year in years},
    }
    spec = TableSpec(
        "world_bank_gdp",
        columns,
        required=("Country Code", "Indicator Code"),
        header_line=header_line,
        encoding=_ENCODING,
    )
    if not years:
        raise InputError(
            "world_bank_gdp: no year columns",
            where=f"{path.name}, header",
            fix="Is this the WDI download?",
        )
    frame = _read(path, spec)
    row = _first(frame["Indicator Code"] != WB_GDP_INDICATOR)
    if row is not None:
        found = frame["Indicator Code"].iloc[row]
        raise bad_row(
            path, row, "Indicator Code", f"indicator {found}, not {WB_GDP_INDICATOR}", spec=spec
        )
    _reject_duplicates(frame, ["Country Code"], path, spec, column="Country Code")
    return _melt_years(frame, ["Country Name", "Country Code"], years, "Year", "Value")


def _melt_years(
    frame: pd.DataFrame, ids: list[str], years: list[str], year_name: str, value_name: str
) -> pd.DataFrame:
    """Wide year columns to rows, in file order, rows without a value dropped."""
    long = frame.melt(
        id_vars=ids, value_vars=years, var_name=year_name, value_name=value_name, ignore_index=False
    )
    long = long.sort_index(kind="stable").dropna(subset=[value_name])
    return long.reset_index(drop=True)


def _wb_frame(
    country: pd.Series, code: pd.Series, year: pd.Series, value: pd.Series
) -> pd.DataFrame:
    codes = code.astype("string").reset_index(drop=True)
    return pd.DataFrame(
        {
            "country": country.astype("string").reset_index(drop=True),
            "code": codes,
            "iso3": _iso3_of(codes, source="iso3"),
            "year": pd.to_numeric(year).astype("Int64").reset_index(drop=True),
            "gdp_usd_current": value.astype("float64").reset_index(drop=True),
        }
    )


def fetch_world_bank_gdp() -> pd.DataFrame:
    """Download World Bank GDP in current US dollars through the World Bank API.

    Needs the internet; uses :func:`wbgapi.data.fetch` on the World Development
    Indicators (database 2), every economy and year, skipping empty values.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`parse_world_bank_gdp`: ``country``, ``code``,
        ``iso3``, ``year``, ``gdp_usd_current``, sorted by code and year.

    Raises
    ------
    DataNotAvailableError
        The API cannot be reached, answers with an error or returns nothing.

    Notes
    -----
    Data sources: World Bank, World Development Indicators, NY.GDP.MKTP.CD
    (CC BY 4.0), through the ``wbgapi`` package.

    References
    ----------
    .. [1] World Bank. World Development Indicators: GDP (current US$),
       NY.GDP.MKTP.CD. https://data.worldbank.org/indicator/NY.GDP.MKTP.CD
    """
    import wbgapi

    try:
        records = list(
            wbgapi.data.fetch(
                WB_GDP_INDICATOR, labels=True, numericTimeKeys=True, skipBlanks=True, db=2
            )
        )
    except (OSError, wbgapi.APIError) as exc:
        raise _api_unavailable(str(exc)) from exc
    if not records:
        raise _api_unavailable("the API returned no observations")
    flat = pd.json_normalize(records)
    missing = {"economy.id", "economy.value", "time.value", "value"} - set(flat.columns)
    if missing:
        raise _api_unavailable(f"unexpected response, without {', '.join(sorted(missing))}")
    flat = flat.sort_values(["economy.id", "time.value"], kind="stable")
    return _wb_frame(flat["economy.value"], flat["economy.id"], flat["time.value"], flat["value"])


def _api_unavailable(reason: str) -> DataNotAvailableError:
    return DataNotAvailableError(
        f"World Bank GDP could not be downloaded: {reason}",
        where=f"World Bank API, indicator {WB_GDP_INDICATOR}",
        fix="Check the internet connection and try again, or download "
        f"API_{WB_GDP_INDICATOR}_DS2_en_csv_v2_*.csv and read it with parse_world_bank_gdp().",
    )


# --------------------------------------------------------------------------- UNGA


_QUANTILES = {"QO%All": "00", "Q5%All": "05", "Q10%All": "10", "Q50%All": "50",
              "Q90%All": "90", "Q95%All": "95", "Q100%All": "100"}  # fmt: skip
_AGREEMENT = {"USAgree": "usa", "RUSSAgree": "russia", "BrazilAgree": "brazil",
              "ChinaAgree": "china", "IndiaAgree": "india", "IsraelAgree": "israel"}  # fmt: skip
_UNGA_NAMES = {
    "ccode": "ccode",
    "iso3c": "iso3",
    "Countryname": "country",
    "session": "session",
    "NVotesAll": "votes",
    "IdealPointAll": "ideal_point",
    **{source: f"ideal_point_q{q}" for source, q in _QUANTILES.items()},
    **{source: f"agree_{state}" for source, state in _AGREEMENT.items()},
}
_UNGA_TYPES: dict[str, ColumnType] = {
    "ccode": "int", "iso3c": "str", "Countryname": "str", "session": "int", "NVotesAll": "int",
    "IdealPointAll": "float", **dict.fromkeys([*_QUANTILES, *_AGREEMENT], "float"),
}  # fmt: skip
_UNGA_FIRST_SESSION_YEAR = 1945


def parse_ideal_points(path: Path) -> pd.DataFrame:
    """Read the UN General Assembly ideal points of Bailey, Strezhnev & Voeten.

    Parameters
    ----------
    path
        The Harvard Dataverse CSV of ideal points estimated from all votes
        (``IdealpointestimatesAll_*.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per state-session, in file order (the unnamed row-number
        column is dropped):

        ``ccode`` (Int64)
            Correlates of War state code; the key to join on.
        ``iso3`` (string)
            As published (``iso3c``); historical states keep codes such as
            ``YUG``, ``CSK``, ``DDR``, and both German and both Yemeni codes
            share one ISO3 code, so it is not unique within a session.
        ``country`` (string)
            The publisher's name.
        ``session`` (Int64)
            UN General Assembly session, 1 = 1946.
        ``year`` (Int64)
            ``1945 + session``, the calendar year in which the session opened.
            There is no 1964 row: the 19th session (1964-65) held no recorded
            votes.
        ``votes`` (Int64)
            Number of votes the state cast (``NVotesAll``).
        ``ideal_point`` (float64)
            Posterior mean ideal point (``IdealPointAll``).
        ``ideal_point_q00``, ``_q05``, ``_q10``, ``_q50``, ``_q90``, ``_q95``, ``_q100`` (float64)
            Quantiles of the posterior draws (``_q00`` and ``_q100`` are
            their minimum and maximum).
        ``agree_usa``, ``agree_russia``, ``agree_brazil``, ``agree_china``,
        ``agree_india``, ``agree_israel`` (float64)
            Share of votes in which the state voted like that state; NA where
            that state did not vote (China before its 1971 seating, Israel
            before its 1949 admission).

    Raises
    ------
    InputError
        A column is missing, a cell is not a number, a state-session appears
        twice, or the file is truncated; the message names the file, row and
        column.

    Notes
    -----
    Data sources: Bailey, Strezhnev & Voeten, United Nations General Assembly
    Voting Data, Harvard Dataverse (June 2024 release, sessions 1-78).

    References
    ----------
    .. [1] Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating
       dynamic state preferences from United Nations voting data. *Journal of
       Conflict Resolution*, 61(2), 430-456.
       https://doi.org/10.1177/0022002715595700
    .. [2] Voeten, E., Strezhnev, A., & Bailey, M. United Nations General
       Assembly Voting Data. Harvard Dataverse.
       https://doi.org/10.7910/DVN/LEJUQZ
    """
    required = [name for name in _UNGA_TYPES if name not in _AGREEMENT]
    spec = TableSpec("unga_ideal_points", _UNGA_TYPES, required=required, encoding=_ENCODING)
    frame = _read(path, spec)
    _reject_duplicates(frame, ["ccode", "session"], path, spec, column="session")
    frame = frame.rename(columns=_UNGA_NAMES)
    frame.insert(4, "year", (frame["session"] + _UNGA_FIRST_SESSION_YEAR).astype("Int64"))
    return frame


# --------------------------------------------------------------------------- NATO


_NATO_NAMES = {
    "Defense expenditure (USD, current prices)": "milex_usd_current",
    "Defense expenditure (USD, 2015 prices)": "milex_usd_2015",
    "Defense expenditure (% real GDP)": "milex_share_gdp_pct",
    "Defense expenditure annual real change (% GDP)": "milex_real_change_pct",
    "Real GDP (2015 prices)": "gdp_usd_2015",
    "GDP per capita (USD)": "gdp_per_capita_usd_2015",
    "Defence expenditure per capita (USD)": "milex_per_capita_usd_2015",
    "Military personnel": "military_personnel",
    "Equipment expenditure (%)": "equipment_share_pct",
    "Personnel expenditure (%)": "personnel_share_pct",
    "Infrastructure expenditure (%)": "infrastructure_share_pct",
    "Other expenditure (%)": "other_share_pct",
}
_NATO_TYPES: dict[str, ColumnType] = {
    "country_stanag": "str",
    "year": "int",
    **dict.fromkeys(_NATO_NAMES, "float"),
    "Military personnel": "int",
}


def parse_nato_expenditure(path: Path) -> pd.DataFrame:
    """Read NATO's defence expenditure tables of 2019, as packaged by passport.

    Parameters
    ----------
    path
        ``nato_defence_expenditure_2012_2019.csv``: the tables of NATO's 2019
        press release on defence expenditure (2012-2019) in the layout of the
        R package passport.

    Returns
    -------
    pandas.DataFrame
        One row per ally-year (2018 and 2019 are estimates), in file order:

        ``iso3`` (string)
            ISO3 code of the ally (the file's STANAG codes, checked against
            :mod:`allied.states`).
        ``year`` (Int64)
        ``milex_usd_current`` (float64)
            Defence expenditure, US dollars, current prices and exchange rates.
        ``milex_usd_2015`` (float64)
            Defence expenditure, US dollars, 2015 prices and exchange rates.
        ``milex_share_gdp_pct`` (float64)
            Defence expenditure as a percentage of GDP (both at 2015 prices).
        ``milex_real_change_pct`` (float64)
            Annual real change of defence expenditure, percent (passport labels
            it "% GDP", but it is the change of ``milex_usd_2015`` over the
            previous year).
        ``gdp_usd_2015`` (float64)
            Real GDP, US dollars at 2015 prices and exchange rates.
        ``gdp_per_capita_usd_2015``, ``milex_per_capita_usd_2015`` (float64)
            GDP and defence expenditure per capita, US dollars at 2015 prices.
        ``military_personnel`` (Int64)
            Military personnel, persons (not thousands).
        ``equipment_share_pct``, ``personnel_share_pct``,
        ``infrastructure_share_pct``, ``other_share_pct`` (float64)
            Shares of defence expenditure by category, percent; they sum to 100.

        Iceland, which has no armed forces, has NA defence figures.

    Raises
    ------
    InputError
        A column is missing, a code is not a state's ISO3 code, a cell is not
        a number, an ally-year appears twice, or the file is truncated; the
        message names the file, row and column.

    Notes
    -----
    Data sources: NATO, Defence Expenditure of NATO Countries (2012-2019),
    press release of 25 June 2019, via the R package passport.

    References
    ----------
    .. [1] NATO (2019). Defence Expenditure of NATO Countries (2012-2019).
       Press release PR/CP(2019)069.
       https://www.nato.int/cps/en/natohq/news_167080.htm
    .. [2] NATO. Information on defence expenditures.
       https://www.nato.int/cps/en/natohq/topics_49198.htm
    """
    spec = TableSpec(
        "nato_expenditure",
        _NATO_TYPES,
        required=("country_stanag", "year", "Real GDP (2015 prices)", "GDP per capita (USD)"),
        encoding=_ENCODING,
    )
    frame = _read(path, spec)
    iso3 = _iso3_of(frame["country_stanag"], source="iso3")
    row = _first(iso3.isna())
    if row is not None:
        code = frame["country_stanag"].iloc[row]
        raise bad_row(path, row, "country_stanag", f"'{code}' is not an ISO3 state code", spec=spec)
    _reject_duplicates(frame, ["country_stanag", "year"], path, spec, column="year")
    frame = frame.rename(columns=_NATO_NAMES).drop(columns="country_stanag")
    frame.insert(0, "iso3", iso3)
    return frame


def parse_nato_share_of_gdp(path: Path) -> pd.DataFrame:
    """Read NATO's table of defence expenditure as a share of GDP, per ally and year.

    Parameters
    ----------
    path
        A wide CSV: ``Country``, then one column per year (``2014`` ...), a
        trailing ``e`` marking an estimate (``2024e``).

    Returns
    -------
    pandas.DataFrame
        One row per country-year with a value, countries in file order:

        ``country`` (string)
            As in the file, including the aggregates ``NATO Europe and
            Canada`` and ``NATO Total``.
        ``iso3`` (string)
            The ally's ISO3 code; NA for the aggregates (names starting with
            "NATO").
        ``year`` (Int64)
        ``milex_share_gdp_pct`` (float64)
            Defence expenditure as a percentage of GDP.
        ``estimate`` (bool)
            True for estimates (the ``2024e`` column).

    Raises
    ------
    InputError
        There is no ``Country`` or year column, a name is neither an ally nor a
        NATO aggregate, a cell is not a number, a country appears twice, or
        the file is truncated; the message names the file, row and column.

    Notes
    -----
    Data sources: NATO, Defence Expenditure of NATO Countries (2014-2024),
    press releases. The reference copy is a public transcription; its 2024
    column differs from the June 2024 press release (see the validation
    tests).

    References
    ----------
    .. [1] NATO. Defence Expenditure of NATO Countries (2014-2024), press
       releases. https://www.nato.int/cps/en/natohq/topics_49198.htm
    """
    header = _header(path)
    years = [name for name in header if re.fullmatch(r"\d{4}e?", name)]
    columns: dict[str, ColumnType] = {"Country": "str", **dict.fromkeys(years, "float")}
    spec = TableSpec("nato_share_of_gdp", columns, required=("Country",), encoding=_ENCODING)
    frame = _read(path, spec)
    if not years:
        raise InputError(
            "nato_share_of_gdp: no year columns",
            where=f"{path.name}, header",
            fix="Expected columns Country, 2014, 2015, ... (an estimate as 2024e).",
        )
    _reject_duplicates(frame, ["Country"], path, spec, column="Country")
    frame["iso3"] = _ally_iso3(frame["Country"], path, spec)
    long = _melt_years(frame, ["Country", "iso3"], years, "column", "milex_share_gdp_pct")
    return pd.DataFrame(
        {
            "country": long["Country"].astype("string"),
            "iso3": long["iso3"].astype("string"),
            "year": long["column"].str[:4].astype("int64").astype("Int64"),
            "milex_share_gdp_pct": long["milex_share_gdp_pct"].astype("float64"),
            "estimate": long["column"].str.endswith("e").astype(bool),
        }
    )


def _ally_iso3(names: pd.Series, path: Path, spec: TableSpec) -> pd.Series:
    """ISO3 code per ally name; NA for NATO aggregates; an error for anything else."""
    iso3 = _iso3_of(names, source="name")
    aggregate = names.str.startswith("NATO").fillna(False).astype(bool)
    row = _first(iso3.isna() & ~aggregate)
    if row is not None:
        raise bad_row(path, row, "Country", f"'{names.iloc[row]}' is not a state's name", spec=spec)
    return iso3.where(~aggregate, pd.NA)
