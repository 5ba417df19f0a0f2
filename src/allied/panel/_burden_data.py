"""Burden inputs: an arrangement's member-years with spending and GDP, and their sources.

:func:`burden_inputs` is the data half of a burden-sharing table. It takes the
members of a catalog arrangement year by year (or a list of states), joins
military expenditure and GDP from the cache (SIPRI and the World Bank, or
NATO's own tables) or from the embedded 2024 indicators, and returns a
:class:`BurdenInputs`: the frame, the datasets (or publications) and their
editions, the years the source covers, the arrangement's spending guidelines
and the citations. :func:`allied.measures.burden_table` measures it without
reading anything.

Examples
--------
Offline, from the embedded indicators:

>>> from allied.panel import burden_inputs
>>> inputs = burden_inputs("nato", source="embedded")
>>> len(inputs), inputs.coverage, inputs.membership
(32, (2024, 2024), '31 December of each year')
>>> [g.id for g in inputs.guidelines][:2]
['two_percent_gdp', 'equipment_20_percent']

From the cache (``allied data pull sipri-milex`` and ``world-bank-gdp``)::

    from allied.measures import burden_table
    table = burden_table(burden_inputs("nato", years="2014-2024"))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied._validation import check_choice, check_years_within, parse_years
from allied.catalog import Arrangement, Catalog, Guideline, load_catalog
from allied.cite import Citation
from allied.errors import DataNotAvailableError, InputError
from allied.panel._indicators import EDITIONS, embedded_indicators
from allied.sources import dataset, datasets, load, sipri_milex_wide
from allied.states import lookup

__all__ = ["SOURCES", "BurdenInputs", "burden_inputs", "spending_guidelines"]

SOURCES: tuple[str, ...] = ("sipri", "nato", "embedded")
"""Where spending and GDP can come from (see :func:`burden_inputs`)."""

_GDP_CHOICES: tuple[str, ...] = ("auto", "world-bank", "sipri")

#: The usual column order of the frame; other columns follow.
_ORDER = (
    "iso3",
    "name",
    "year",
    "gdp_usd",
    "gdp_source",
    "milex_usd",
    "milex_usd_constant",
    "sipri_pct_gdp",
    "nato_pct_gdp",
    "nato_estimate",
    "equipment_share_pct",
    "population",
)


@dataclass(frozen=True)
class BurdenInputs:
    """The member-years a burden table measures, and where every number comes from.

    Attributes
    ----------
    frame
        One row per member-year, ordered by year then ISO3 code for an
        arrangement (in the order given for states): ``iso3``, ``name``,
        ``year``, ``gdp_usd`` and ``gdp_source`` (``world-bank`` or
        ``sipri-implied``), ``milex_usd`` (current US$), and as the source
        has them ``milex_usd_constant``, ``milex_per_capita_usd``,
        ``sipri_pct_gdp``, ``nato_pct_gdp``, ``nato_estimate``,
        ``equipment_share_pct``, ``population`` and each figure's
        ``*_source`` (embedded indicators). NA where a dataset has no value.
    source
        ``"sipri"``, ``"nato"`` or ``"embedded"``.
    sources
        Registry names of the cached datasets used (``sipri-milex``,
        ``world-bank-gdp``, ``nato-expenditure``), or for the embedded
        indicators the publication of each figure, in order of use.
    arrangement
        The catalog id of the arrangement, or None for states given.
    membership
        How members were chosen: ``"31 December of each year"``, a date, or
        ``"states given"``.
    years
        The inclusive years of the frame.
    coverage
        The inclusive years the source covers (its registry entry, or the
        embedded indicators' year).
    guidelines
        The spending guidelines to test: the arrangement's own unless asked
        otherwise (none for states given).
    notes
        Facts about the data a reader needs (price base, the GDP rule).
    editions
        The edition of each source: a cached dataset's registry version by
        its name, or for the embedded indicators the edition of each quantity
        by column.
    data_citations
        The datasets' citations (registry entries, or each publication of
        the embedded indicators), then the catalog's for the membership.
    """

    frame: pd.DataFrame
    source: str
    sources: tuple[str, ...]
    arrangement: str | None
    membership: str
    years: tuple[int, int]
    coverage: tuple[int, int]
    guidelines: tuple[Guideline, ...] = ()
    notes: tuple[str, ...] = ()
    editions: Mapping[str, str] = field(default_factory=dict)
    data_citations: tuple[Citation, ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    def citations(self) -> list[Citation]:
        """The citations of the data and of the membership dates."""
        return list(self.data_citations)


def spending_guidelines(
    arrangement: str, *, catalog: Catalog | None = None
) -> tuple[Guideline, ...]:
    """The spending guidelines an arrangement adopted, from the catalog.

    Examples
    --------
    >>> [g.id for g in spending_guidelines("nato")]
    ['two_percent_gdp', 'equipment_20_percent', 'hague_core_3_5_percent', 'hague_total_5_percent']
    >>> spending_guidelines("seato")
    ()
    """
    return tuple((catalog or load_catalog()).get(arrangement).guidelines)


def burden_inputs(
    arrangement: str | None = None,
    *,
    states: Iterable[str] | str | None = None,
    years: object = None,
    source: str = "sipri",
    on: date | None = None,
    gdp: str = "auto",
    guidelines: str | Sequence[Guideline] | None = "own",
    catalog: Catalog | None = None,
) -> BurdenInputs:
    """Spending and GDP of an arrangement's members (or of given states), year by year.

    Parameters
    ----------
    arrangement
        A catalog id or name (``"nato"``). Its members count in a year when
        they are members on 31 December of that year (so Finland, which
        joined NATO on 4 April 2023, counts from 2023, and Sweden, 7 March
        2024, from 2024), unless ``on`` fixes one date for every year.
    states
        Instead of an arrangement: states (ISO3 codes or names, a list or a
        comma-separated string), every year.
    years
        ``"2014-2024"``, a year, ``(first, last)`` or an iterable of years
        (its first to its last); default: the coverage of the source's
        dataset (the years of the indicators for ``source="embedded"``).
    source
        ``"sipri"``: SIPRI military expenditure in current and constant US$
        and per capita (``sipri-milex``) with GDP from the World Bank
        (``world-bank-gdp``). ``"nato"``: NATO's reported defence expenditure
        as % of GDP (2014-2024, 2024 an estimate) and the equipment share of
        its 2012-2019 tables (``nato-expenditure``); ``milex_usd`` is then
        NATO's % times World Bank GDP. ``"embedded"``: the project's own
        sourced indicators (:func:`allied.panel.embedded_indicators`), no
        cache needed.
    on
        One membership date for all years (e.g. today's members back in time).
    gdp
        ``"auto"`` (default): World Bank GDP; for ``source="sipri"``, a year
        or state the World Bank file lacks (such as 2024) gets the GDP
        implied by SIPRI (current US$ / share of GDP, i.e. the IMF GDP SIPRI
        uses). ``"world-bank"``: World Bank only (NA outside it).
        ``"sipri"``: SIPRI-implied only. ``gdp_source`` records the choice
        per row.
    guidelines
        ``"own"`` (default): the spending guidelines the arrangement adopted
        (NATO's 2 % and 20 % guidelines and Hague commitment; SEATO none),
        none for states given; another arrangement's id (``"nato"``, to test
        states given against NATO's guidelines); a sequence of
        :class:`allied.catalog.Guideline`; or None.
    catalog
        The catalog to read members and guidelines from (default: the
        package's, or ``$ALLIED_CATALOG_DIR``).

    Returns
    -------
    BurdenInputs
        The member-years (NA where a dataset has no value, never 0), with
        NATO's reported % of GDP (``nato_pct_gdp``, when the
        ``nato-expenditure`` dataset is cached) beside SIPRI's
        (``sipri_pct_gdp``), the sources and their citations.

    Raises
    ------
    InputError
        Unknown source or GDP choice; both or neither of arrangement and
        states; ``on`` with states; unreadable years or years outside the
        source's coverage.
    NotFoundError
        Unknown arrangement or state.
    DataNotAvailableError
        A dataset the source needs is not cached (``allied data pull`` or
        ``import`` it).

    Notes
    -----
    Data sources: SIPRI Military Expenditure Database 2025; World Bank WDI
    NY.GDP.MKTP.CD; NATO, Defence Expenditure of NATO Countries (2019 and
    2025 releases); or the embedded indicators. Supplementary datasets
    (NATO's tables for ``source="sipri"``, SIPRI's share of GDP for
    ``source="nato"``) are joined when cached and left out (all NA)
    otherwise; ``sources`` says which.

    Examples
    --------
    >>> inputs = burden_inputs(states="USA, Poland", source="embedded")
    >>> inputs.frame[["iso3", "year"]].to_numpy().tolist(), inputs.guidelines
    ([['USA', 2024], ['POL', 2024]], ())
    >>> inputs.sources[0]
    'World Bank, World Development Indicators: GDP (current US$), July 2025'
    """
    check_choice(source, SOURCES, argument="source")
    check_choice(gdp, _GDP_CHOICES, argument="gdp", label="GDP choice")
    coverage = _coverage(source)
    span = check_years_within(
        _year_span(years, coverage), coverage, where="argument years", data=f"source {source!r}"
    )
    skeleton, membership, found = _member_years(arrangement, states, span, on, catalog)
    if source == "embedded":
        frame, sources = _embedded(skeleton)
        notes = ["embedded indicators: each figure's source is in its *_source column"]
        editions = dict(EDITIONS)
    else:
        frame, sources, notes = _from_cache(skeleton, source, gdp)
        editions = {name: dataset(name).version for name in sources}
    return BurdenInputs(
        frame=_ordered(frame).reset_index(drop=True),
        source=source,
        sources=sources,
        arrangement=None if found is None else found.id,
        membership=membership,
        years=span,
        coverage=coverage,
        guidelines=_chosen_guidelines(guidelines, found, catalog),
        notes=tuple(notes),
        editions=editions,
        data_citations=_data_citations(sources, found),
    )


def _chosen_guidelines(
    guidelines: str | Sequence[Guideline] | None, found: Arrangement | None, catalog: Catalog | None
) -> tuple[Guideline, ...]:
    """The guidelines asked for: the arrangement's own, another's, those given, or none."""
    if guidelines is None:
        return ()
    if guidelines == "own":
        return () if found is None else tuple(found.guidelines)
    if isinstance(guidelines, str):
        return spending_guidelines(guidelines, catalog=catalog)
    return tuple(guidelines)  # burden_frame checks that each is a Guideline


def _data_citations(sources: tuple[str, ...], found: Arrangement | None) -> tuple[Citation, ...]:
    """Registry citations of the datasets (or the publications themselves), then the catalog's."""
    registered = {d.name: d for d in datasets()}
    cited: list[Citation] = []
    for number, name in enumerate(sources, start=1):
        if name in registered:
            cited.extend(registered[name].citations())
        else:
            cited.append(Citation(f"indicators:{number}", name))
    if found is not None:
        cited.extend(found.citations())
    return tuple(cited)


def _year_span(years: object, coverage: tuple[int, int]) -> tuple[int, int]:
    """The inclusive year range asked for, or the data's coverage."""
    if years is None:
        return coverage
    if isinstance(years, np.integer):
        years = int(years)
    return parse_years(years)  # type: ignore[arg-type]  # parse_years says what it cannot read


def _coverage(source: str) -> tuple[int, int]:
    """The years a source can cover: its dataset's, or the embedded indicators'."""
    if source == "embedded":
        known = embedded_indicators()["year"].astype("int64")
        return (int(known.min()), int(known.max()))
    return dataset("sipri-milex" if source == "sipri" else "nato-expenditure").coverage


def _state_codes(states: Iterable[str] | str) -> list[str]:
    """ISO3 codes of the states given (names or codes), in order, without repeats."""
    items = [s.strip() for s in states.split(",")] if isinstance(states, str) else list(states)
    items = [s for s in items if s]
    if not items:
        raise InputError("no state given", where="argument states", fix="Name at least one state.")
    return list(dict.fromkeys(lookup(s).iso3 for s in items))


def _every_year(codes: list[str], years: np.ndarray) -> pd.DataFrame:
    """Each state in every year, state by state."""
    return pd.DataFrame({"iso3": np.repeat(codes, len(years)), "year": np.tile(years, len(codes))})


def _member_years(
    arrangement: str | None,
    states: Iterable[str] | str | None,
    span: tuple[int, int],
    on: date | None,
    catalog: Catalog | None,
) -> tuple[pd.DataFrame, str, Arrangement | None]:
    """(iso3, year) rows, the membership rule, and the arrangement."""
    first, last = span
    all_years = np.arange(first, last + 1, dtype=np.int64)
    if arrangement is None:
        if states is None:
            raise InputError(
                "neither an arrangement nor states given",
                where="arguments arrangement, states",
                fix="Name an arrangement (e.g. 'nato') or list states (ISO3 codes or names).",
            )
        if on is not None:
            raise InputError(
                "a membership date applies to an arrangement, not to states given",
                where="arguments on, states",
                fix="Drop the date, or name an arrangement instead of states.",
            )
        return _every_year(_state_codes(states), all_years), "states given", None
    if states is not None:
        raise InputError(
            "both an arrangement and states given",
            where="arguments arrangement, states",
            fix="Give one: the arrangement's members, or an explicit list of states.",
        )
    a = (catalog or load_catalog()).get(arrangement)
    if on is not None:
        codes = sorted({m.state for m in a.members_on(on)})
        return _every_year(codes, all_years), on.isoformat(), a
    return _year_end_members(a, first, last), "31 December of each year", a


def _year_end_members(a: Arrangement, first: int, last: int) -> pd.DataFrame:
    """A state counts in year y when it is a member on 31 December of y."""
    state = np.array([m.state for m in a.members], dtype=object)
    start = np.array([a.joined(m).year for m in a.members], dtype=np.int64)
    ends = [a.left(m) for m in a.members]
    end = np.array(
        [
            last if e is None else (e.year if (e.month, e.day) == (12, 31) else e.year - 1)
            for e in ends
        ],
        dtype=np.int64,
    )
    start = np.maximum(start, first)
    end = np.minimum(end, last)
    count = np.clip(end - start + 1, 0, None)
    source, year = expand_ranges(start, count)
    frame = pd.DataFrame({"iso3": state[source].astype(str), "year": year.astype(np.int64)})
    frame = frame.drop_duplicates(["iso3", "year"]).sort_values(["year", "iso3"])
    return frame.reset_index(drop=True)


def _embedded(skeleton: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The embedded indicators joined on the member-years, and their source citations."""
    table = embedded_indicators()
    table = table.assign(iso3=table["iso3"].astype(str), year=table["year"].astype("int64"))
    frame = skeleton.merge(table, on=["iso3", "year"], how="left", validate="one_to_one")
    cited = [c for c in frame.columns if c.endswith("_source")]
    sources = tuple(
        dict.fromkeys(str(v) for c in cited for v in frame[c].dropna().unique() if str(v))
    )
    return frame, sources


def _from_cache(
    skeleton: pd.DataFrame, source: str, gdp: str
) -> tuple[pd.DataFrame, tuple[str, ...], list[str]]:
    """Join the cached datasets of ``source`` onto the member-years."""
    used: list[str] = []
    notes: list[str] = []
    frame = skeleton
    if source == "sipri":
        long = load("sipri-milex")
        frame = _join(frame, _sipri_wide(long))
        used.append("sipri-milex")
        notes.append(f"milex_usd_constant: SIPRI, {_constant_base(long)}")
        share, detail = _nato_tables(required=False)
    else:
        share, detail = _nato_tables(required=True)
        sipri = _optional("sipri-milex")
        if sipri is not None:
            wide = _sipri_wide(sipri)
            frame = _join(frame, wide[["iso3", "year", "sipri_pct_gdp", "gdp_usd_sipri"]])
            used.append("sipri-milex")
    if gdp != "sipri":
        frame = _join(frame, _world_bank())
        used.append("world-bank-gdp")
    elif "gdp_usd_sipri" not in frame.columns:
        load("sipri-milex")  # raises DataNotAvailableError with the fix
    frame = _join(_join(frame, share), detail)
    if share is not None or detail is not None:
        used.append("nato-expenditure")
    frame = _choose_gdp(frame, gdp, source)
    if source == "nato":
        frame["milex_usd"] = frame["nato_pct_gdp"] / 100.0 * frame["gdp_usd"]
        notes.append("milex_usd = NATO's % of GDP x GDP (NATO's definition of defence spending)")
    notes.append(f"GDP: {_gdp_note(gdp, source)}")
    return frame, tuple(dict.fromkeys(used)), notes


def _optional(name: str, table: str | None = None) -> pd.DataFrame | None:
    """A cached table, or None when the dataset is not cached."""
    try:
        return load(name, table)
    except DataNotAvailableError:
        return None


def _sipri_wide(long: pd.DataFrame) -> pd.DataFrame:
    """SIPRI's long table → iso3, year and the measures burden tables use.

    One row per state-year (:func:`allied.sources.sipri_milex_wide`): a former
    state's row stands for its successor's code in its years (the USSR for RUS
    1987-1991), and a 0 that stands for no figure is NA.
    """
    measures = {
        "current_usd": "milex_usd",
        "constant_usd": "milex_usd_constant",
        "per_capita": "milex_per_capita_usd",
        "share_of_gdp": "sipri_pct_gdp",
    }
    wide = sipri_milex_wide(long, measures).rename(columns={"state": "iso3"})
    wide = wide.dropna(subset=list(measures.values()), how="all").reset_index(drop=True)
    for column in ("milex_usd", "milex_usd_constant"):
        wide[column] = wide[column] * 1e6  # SIPRI publishes US$ millions
    share = wide["sipri_pct_gdp"].where(wide["sipri_pct_gdp"].gt(0))
    wide["gdp_usd_sipri"] = wide["milex_usd"] / (share / 100.0)
    return wide


def _constant_base(long: pd.DataFrame) -> str:
    """SIPRI's constant-price unit, e.g. 'US$ at constant 2023 prices and exchange rates'."""
    units = long.loc[long["measure"] == "constant_usd", "unit"].dropna().unique()
    found = re.search(r"constant (\d{4}) prices", " ".join(map(str, units)))
    return f"US$ at constant {found.group(1)} prices" if found else "US$ at constant prices"


def _world_bank() -> pd.DataFrame:
    gdp = load("world-bank-gdp")
    gdp = gdp.dropna(subset=["iso3", "gdp_usd_current"])
    out = pd.DataFrame(
        {
            "iso3": gdp["iso3"].astype(str),
            "year": gdp["year"].astype("int64"),
            "gdp_usd_wb": gdp["gdp_usd_current"].astype("float64"),
        }
    )
    return out.drop_duplicates(["iso3", "year"])


def _nato_tables(required: bool) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """NATO's % of GDP (2014-) and its 2012-2019 table, or Nones when not cached."""
    share: pd.DataFrame | None
    if required:
        share = load("nato-expenditure", "share_of_gdp")
    else:
        share = _optional("nato-expenditure", "share_of_gdp")
    detail = _optional("nato-expenditure", "expenditure")
    share_out = None
    if share is not None:
        share = share.dropna(subset=["iso3"])
        share_out = pd.DataFrame(
            {
                "iso3": share["iso3"].astype(str),
                "year": share["year"].astype("int64"),
                "nato_pct_gdp": share["milex_share_gdp_pct"].astype("float64"),
                "nato_estimate": share["estimate"].astype("boolean"),
            }
        )
    detail_out = None
    if detail is not None:
        detail_out = pd.DataFrame(
            {
                "iso3": detail["iso3"].astype(str),
                "year": detail["year"].astype("int64"),
                "equipment_share_pct": detail["equipment_share_pct"].astype("float64"),
            }
        )
    return share_out, detail_out


def _join(frame: pd.DataFrame, other: pd.DataFrame | None) -> pd.DataFrame:
    if other is None:
        return frame
    return frame.merge(other, on=["iso3", "year"], how="left", validate="one_to_one")


def _choose_gdp(frame: pd.DataFrame, gdp: str, source: str) -> pd.DataFrame:
    """``gdp_usd`` and ``gdp_source`` from the World Bank and/or SIPRI-implied GDP."""
    wb = frame.get("gdp_usd_wb", pd.Series(np.nan, index=frame.index))
    implied = frame.get("gdp_usd_sipri", pd.Series(np.nan, index=frame.index))
    if gdp == "world-bank" or (gdp == "auto" and source != "sipri"):
        chosen, label = wb, np.full(len(frame), "world-bank", dtype=object)
    elif gdp == "sipri":
        chosen, label = implied, np.full(len(frame), "sipri-implied", dtype=object)
    else:
        chosen = wb.where(wb.notna(), implied)
        label = np.where(wb.notna(), "world-bank", "sipri-implied").astype(object)
    frame["gdp_usd"] = chosen.astype("float64")
    frame["gdp_source"] = pd.Series(label, index=frame.index, dtype="string").where(chosen.notna())
    return frame.drop(columns=[c for c in ("gdp_usd_wb", "gdp_usd_sipri") if c in frame])


def _gdp_note(gdp: str, source: str) -> str:
    if gdp == "sipri":
        return "SIPRI-implied (IMF WEO vintage used by SIPRI)"
    if gdp == "auto" and source == "sipri":
        return "World Bank, SIPRI-implied where the World Bank has none"
    return "World Bank"


def _names(codes: pd.Series) -> pd.Series:
    names = {code: lookup(code, source="iso3").name for code in codes.unique()}
    return codes.map(names).astype("string")


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Names filled in, the value columns present, and the usual column order."""
    if "name" not in frame.columns or frame["name"].isna().any():
        frame["name"] = _names(frame["iso3"])
    for column in ("gdp_usd", "milex_usd"):
        if column not in frame.columns:
            frame[column] = np.nan
    ordered = [c for c in _ORDER if c in frame.columns]
    return frame[ordered + [c for c in frame.columns if c not in ordered]]
