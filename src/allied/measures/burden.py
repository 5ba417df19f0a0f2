"""Burden sharing: who carries how much of an alliance's defence effort.

Three layers, each usable on its own:

* :func:`burden_frame` — a pure, vectorized function over one row per
  member-year (``iso3``, ``year``, ``gdp_usd``, ``milex_usd``): shares of the
  alliance's spending and GDP, and the spending guidelines the alliance
  adopted, each from its adoption on (NATO's 2 % and 20 % guidelines, the
  gap to the Hague commitment of June 2025 and the growth it takes to close
  it). The guidelines are catalog data (:class:`allied.catalog.Guideline`).
* :func:`burden_table` — the members of a catalog arrangement (or a list of
  states) year by year, with spending and GDP from the cache (SIPRI and the
  World Bank, or NATO's own tables) or from the embedded indicators, passed
  through :func:`burden_frame`; returns a :class:`BurdenTable` that names its
  sources.
* Exploitation tests: :func:`olson_zeckhauser_test` (rank correlations of
  economic size and defence burden, with a specification that does not put
  GDP on both sides) and :func:`joint_product_regression` (a member's
  spending on its allies' spending, its GDP and a threat).

Formulas
--------
For member *i* in year *t*, with military expenditure :math:`M_{it}` and GDP
:math:`Y_{it}` (current US$):

* ``milex_pct_gdp`` :math:`= 100\\, M_{it} / Y_{it}`.
* ``milex_share`` :math:`= M_{it} / \\sum_j M_{jt}`, ``gdp_share``
  :math:`= Y_{it} / \\sum_j Y_{jt}`, both over the rows of year *t* that have
  both numbers (so the two shares are over the same members), and
  ``share_ratio`` = milex_share / gdp_share: above 1 a member carries more
  than its economic weight.
* Guidelines (NATO's, in the catalog's ``nato.yaml``) are tested on a
  member-year only from the year the arrangement adopted them (or those
  adopted by ``guidelines_on``), and never for a state without armed forces
  (Iceland); elsewhere their columns are NA. See
  :mod:`allied.measures._guidelines` for the rule.
* ``meets_2pct``: NATO's guideline of 2 % of GDP (agreed by defence
  ministers in 2006, reaffirmed in the Wales pledge of 2014), on NATO's
  reported figure ``nato_pct_gdp`` where the row has one, otherwise on
  ``milex_pct_gdp``; ``guideline_basis`` says which (``"nato"`` or
  ``"computed"``). ``meets_20pct_equipment``: at least 20 % of defence
  expenditure on major equipment (``equipment_share_pct``; Wales, 2014); NA
  without it.
* Hague commitment (25 June 2025): 5 % of GDP a year by 2035, of which at
  least 3.5 % on core defence (NATO's definition of defence expenditure) and
  up to 1.5 % on defence- and security-related spending. ``gap_3_5_usd``
  :math:`= \\max(0, 0.035\\, Y_{it} - M_{it})`, ``gap_5_usd`` likewise with
  0.05.
* ``growth_to_3_5_pct`` and ``growth_to_5_pct``: the constant annual growth
  rate *g* of nominal military spending that reaches the target share *s* in
  the target year (2035, or ``hague_year``) when GDP grows at ``gdp_growth`` a
  year,

  .. math:: g = \\left(\\frac{s\\, Y_{it} (1 + \\gamma)^T}{M_{it}}\\right)^{1/T} - 1,
            \\qquad T = \\text{target year} - t,

  floored at 0 (no growth needed: with :math:`\\gamma = 0` that is exactly
  "already at or above the target"); NA when :math:`T \\le 0` or
  :math:`M_{it} = 0` (no finite growth rate starts from nothing). The rate is
  a fraction: 0.05 means 5 % a year.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"iso3": ["USA", "EST"], "year": [2025, 2025],
...                      "gdp_usd": [1000.0, 100.0], "milex_usd": [30.0, 1.0]})
>>> out = burden_frame(rows)
>>> out[["milex_pct_gdp", "share_ratio", "gap_3_5_usd"]].round(3).to_numpy().tolist()
[[3.0, 1.065, 5.0], [1.0, 0.355, 2.5]]
>>> bool(burden_frame(rows.assign(year=2024))["gap_3_5_usd"].isna().all())  # before The Hague
True

References
----------
.. [1] Olson, M., Jr., & Zeckhauser, R. (1966). An economic theory of
   alliances. The Review of Economics and Statistics, 48(3), 266-279.
   https://www.jstor.org/stable/1927082
.. [2] Alley, J. (2021). Reassessing the public goods theory of alliances.
   Research & Politics (SAGE), 2021.
.. [3] Sandler, T. (1993). The economic theory of alliances: A survey.
   Journal of Conflict Resolution, 37(3), 446-483.
.. [4] Sandler, T., & George, J. (2025). Economic theory of alliances: Sixty
   years later. Journal of Conflict Resolution.
   https://doi.org/10.1177/00220027251359626
.. [5] NATO (2014). Wales Summit Declaration, press release (2014) 120,
   5 September 2014, paragraph 14 (the 2 % and 20 % guidelines).
.. [6] NATO (2025). The Hague Summit Declaration, 25 June 2025, paragraphs
   2-3 (5 % of GDP by 2035: at least 3.5 % core defence, up to 1.5 %
   defence- and security-related).

The guidelines' own sources are in the catalog (``nato.yaml``,
``guidelines:``); :meth:`BurdenTable.citations` lists them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied._validation import check_years_within
from allied.catalog import Guideline
from allied.cite import Citation
from allied.errors import DataNotAvailableError, InputError, check_choice
from allied.measures._guidelines import (
    STANDARD_COLUMNS,
    GuidelinesArg,
    apply_guidelines,
    guideline_notes,
    resolve_guidelines,
)
from allied.states import armed_forces_absent

__all__ = [
    "BurdenTable",
    "JointProductResult",
    "OlsonZeckhauserResult",
    "burden_frame",
    "burden_table",
    "guideline_notes",
    "joint_product_regression",
    "olson_zeckhauser_test",
]

#: Names of the constants NATO's guidelines once were: (guideline id in nato.yaml, scale).
_DEPRECATED = {
    "GUIDELINE_PCT_GDP": ("two_percent_gdp", 1.0),
    "EQUIPMENT_GUIDELINE_PCT": ("equipment_20_percent", 1.0),
    "HAGUE_CORE_SHARE": ("hague_core_3_5_percent", 0.01),
    "HAGUE_TOTAL_SHARE": ("hague_total_5_percent", 0.01),
}


def __getattr__(name: str) -> float:
    """The deprecated guideline constants, read from the catalog with a warning."""
    if name not in _DEPRECATED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    guideline_id, scale = _DEPRECATED[name]
    warnings.warn(
        f"allied.measures.burden.{name} is deprecated: NATO's guidelines are catalog data "
        f"with adoption dates; use the guideline {guideline_id!r} of "
        "allied.catalog.load_catalog().get('nato').guidelines",
        DeprecationWarning,
        stacklevel=2,
    )
    (found,) = (g for g in resolve_guidelines("nato") if g.id == guideline_id)
    return found.threshold * scale


Source = Literal["sipri", "nato", "embedded"]
GdpChoice = Literal["auto", "world-bank", "sipri"]

_SOURCES: tuple[str, ...] = ("sipri", "nato", "embedded")
_GDP_CHOICES: tuple[str, ...] = ("auto", "world-bank", "sipri")
_REQUIRED = ("iso3", "year", "gdp_usd", "milex_usd")
_NUMERIC_OPTIONAL = (
    "population",
    "milex_usd_constant",
    "equipment_share_pct",
    "nato_pct_gdp",
    "milex_per_capita_usd",
)
_ADDED = (
    "milex_pct_gdp",
    "milex_per_capita_usd",
    "milex_share",
    "gdp_share",
    "share_ratio",
    "no_armed_forces",
    "guideline_basis",
    *STANDARD_COLUMNS,
)

_CITATIONS = {
    "olson_zeckhauser": Citation(
        "olson_zeckhauser_1966",
        "Olson, Mancur, Jr. & Richard Zeckhauser. 1966. An Economic Theory of Alliances. "
        "The Review of Economics and Statistics 48(3): 266-279.",
        url="https://www.jstor.org/stable/1927082",
    ),
    "alley": Citation(
        "alley_2021",
        "Alley, Joshua. 2021. Reassessing the Public Goods Theory of Alliances. "
        "Research & Politics.",
    ),
    "sandler_george": Citation(
        "sandler_george_2025",
        "Sandler, Todd & Justin George. 2025. Economic Theory of Alliances: Sixty Years "
        "Later. Journal of Conflict Resolution.",
        doi="10.1177/00220027251359626",
    ),
    "sandler_1993": Citation(
        "sandler_1993",
        "Sandler, Todd. 1993. The Economic Theory of Alliances: A Survey. Journal of "
        "Conflict Resolution 37(3): 446-483.",
    ),
}


# --------------------------------------------------------------------------- burden_frame


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """``frame[column]`` as float64, or an InputError naming the first bad row."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    bad = values.isna() & raw.notna()
    bad |= np.isinf(values.to_numpy(dtype="float64", na_value=np.nan))
    if bool(bad.any()):
        row = int(np.argmax(bad.to_numpy()))
        raise InputError(
            f"column {column!r} holds {raw.iloc[row]!r}, not a finite number",
            where=f"row {row} (iso3={frame['iso3'].iloc[row]}, year={frame['year'].iloc[row]})",
            fix="Give numbers; leave missing values empty (NA), never 0.",
        )
    negative = values < 0
    if bool(negative.any()):
        row = int(np.argmax(negative.to_numpy()))
        raise InputError(
            f"column {column!r} is negative ({values.iloc[row]})",
            where=f"row {row} (iso3={frame['iso3'].iloc[row]}, year={frame['year'].iloc[row]})",
            fix="Spending, GDP, population and shares cannot be negative.",
        )
    return values


def _checked(data: pd.DataFrame, hague_year: int | None, gdp_growth: float) -> pd.DataFrame:
    """The input's columns checked and typed; an InputError on the first problem."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            f"burden_frame needs a pandas DataFrame, not {type(data).__name__}",
            where="argument data",
            fix="Pass one row per member-year with iso3, year, gdp_usd and milex_usd.",
        )
    missing = [c for c in _REQUIRED if c not in data.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            where="argument data",
            fix="Give one row per member-year with iso3, year, gdp_usd and milex_usd "
            "(current US$).",
        )
    if hague_year is not None and (
        isinstance(hague_year, bool) or not isinstance(hague_year, int | np.integer)
    ):
        raise InputError(
            f"hague_year must be a year, not {hague_year!r}",
            where="argument hague_year",
            fix="Use an integer such as 2035.",
        )
    if not np.isfinite(gdp_growth) or gdp_growth <= -1:
        raise InputError(
            f"gdp_growth {gdp_growth!r} is not a growth rate above -1",
            where="argument gdp_growth",
            fix="Give the annual GDP growth as a fraction, e.g. 0.02 for 2 % a year.",
        )
    frame = data.copy()
    years = pd.to_numeric(frame["year"], errors="coerce")
    if bool(years.isna().any()) or bool((years != np.floor(years)).any()):
        row = int(np.argmax((years.isna() | (years != np.floor(years))).to_numpy()))
        raise InputError(
            f"year {frame['year'].iloc[row]!r} is not a whole year",
            where=f"row {row}, column 'year'",
            fix="Give integer years.",
        )
    frame["year"] = years.astype("int64")
    if bool(frame["iso3"].isna().any()):
        row = int(np.argmax(frame["iso3"].isna().to_numpy()))
        raise InputError("a row has no iso3 code", where=f"row {row}", fix="Give every row a code.")
    duplicated = frame.duplicated(["iso3", "year"])
    if bool(duplicated.any()):
        row = int(np.argmax(duplicated.to_numpy()))
        raise InputError(
            f"{frame['iso3'].iloc[row]} {frame['year'].iloc[row]} appears twice",
            where=f"row {row}",
            fix="Give one row per member-year.",
        )
    for column in (*_REQUIRED[2:], *_NUMERIC_OPTIONAL):
        if column in frame.columns:
            frame[column] = _numeric(frame, column)
    return frame


def burden_frame(
    data: pd.DataFrame,
    *,
    guidelines: GuidelinesArg = "nato",
    guidelines_on: date | None = None,
    hague_year: int | None = None,
    gdp_growth: float = 0.0,
) -> pd.DataFrame:
    """Burden-sharing indicators for one row per member-year.

    Parameters
    ----------
    data
        One row per member-year: ``iso3``, ``year``, ``gdp_usd`` and
        ``milex_usd`` (current US$), and optionally ``population``,
        ``milex_usd_constant``, ``equipment_share_pct`` (share of defence
        expenditure on major equipment, percent) and ``nato_pct_gdp`` (NATO's
        reported defence expenditure as % of GDP). Other columns pass
        through. Missing values are NA (a 0 is a real zero).
    guidelines
        The spending guidelines to test: an arrangement id (``"nato"``, the
        default: the rows are taken as NATO member-years), a sequence of
        :class:`allied.catalog.Guideline`, or None (no test). Each applies
        from the year of its adoption (see ``guidelines_on``).
    guidelines_on
        Test every row against the guidelines adopted by this date instead
        (for example 2024 spending against the Hague commitment of 2025).
    hague_year
        Instead of each target's own year (2035 for the Hague commitment),
        the year by which the targets are to be met.
    gdp_growth
        Assumed annual growth of nominal GDP from each row's year to the
        target year, as a fraction (0.02 = 2 % a year).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` (same rows, same order and index, ``year`` as
        int64) with ``nato_pct_gdp`` and ``equipment_share_pct`` (NA when not
        given) and the columns ``milex_pct_gdp``, ``milex_per_capita_usd``
        (milex / population when there is a population column; an existing
        column is kept otherwise), ``milex_share``, ``gdp_share``,
        ``share_ratio``, ``no_armed_forces``, ``guideline_basis``,
        ``meets_2pct``, ``meets_20pct_equipment``, ``gap_3_5_usd``,
        ``gap_5_usd``, ``growth_to_3_5_pct`` and ``growth_to_5_pct`` (NA
        where the guideline does not apply), and the test columns of any
        other guideline given. See the module docstring for each formula.

    Raises
    ------
    InputError
        A required column is missing; a value is not a finite number or is
        negative; an (iso3, year) appears twice; a parameter is invalid.

    Notes
    -----
    Shares are computed within each year over the rows given (the caller
    chooses the members) that have both GDP and spending; rows missing either
    have NA shares. GDP of 0 counts as missing for every ratio. A state
    without armed forces (:func:`allied.states.armed_forces_absent`: Iceland)
    keeps its shares but is not tested against any guideline
    (``no_armed_forces`` is True), so it adds nothing to a sum of gaps. The
    Hague gaps compare ``milex_usd`` with the targets: the 3.5 % is defined
    on NATO's definition of defence expenditure, so pass NATO-based spending
    to measure it exactly; the 5 % target also counts up to 1.5 % of
    defence-related spending (infrastructure, resilience) that military
    expenditure data do not cover, so ``gap_5_usd`` is an upper bound.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"iso3": ["A", "B", "ISL"], "year": [2025, 2025, 2025],
    ...                      "gdp_usd": [100.0, 100.0, 30.0], "milex_usd": [2.5, 1.0, 0.0],
    ...                      "nato_pct_gdp": [None, 2.1, None]})
    >>> out = burden_frame(rows)
    >>> out["meets_2pct"].tolist(), out["guideline_basis"].tolist()
    ([True, True, <NA>], ['computed', 'nato', <NA>])
    >>> round(float(out["growth_to_3_5_pct"].iloc[0]), 4)  # (3.5 / 2.5) ** (1/10) - 1
    0.0342
    >>> round(float(out["gap_3_5_usd"].sum()), 6)  # 1.0 + 2.5; Iceland (no armed forces) left out
    3.5
    """
    frame = _checked(data, hague_year, gdp_growth)
    chosen = resolve_guidelines(guidelines)
    gdp = frame["gdp_usd"].where(frame["gdp_usd"].gt(0))
    milex = frame["milex_usd"]
    for column in ("nato_pct_gdp", "equipment_share_pct"):
        if column not in frame.columns:
            frame[column] = np.nan

    frame["milex_pct_gdp"] = 100.0 * milex / gdp
    if "population" in frame.columns:
        population = frame["population"].where(frame["population"].gt(0))
        frame["milex_per_capita_usd"] = milex / population
    elif "milex_per_capita_usd" not in frame.columns:
        frame["milex_per_capita_usd"] = np.nan

    complete = gdp.notna() & milex.notna()
    by_year = frame["year"]
    milex_total = milex.where(complete).groupby(by_year).transform("sum")
    gdp_total = gdp.where(complete).groupby(by_year).transform("sum")
    frame["milex_share"] = (milex / milex_total.where(milex_total.gt(0))).where(complete)
    frame["gdp_share"] = (gdp / gdp_total).where(complete)
    frame["share_ratio"] = frame["milex_share"] / frame["gdp_share"]
    frame["no_armed_forces"] = armed_forces_absent(frame["iso3"], frame["year"])

    reported = frame["nato_pct_gdp"].notna()
    pct = frame["nato_pct_gdp"].where(reported, frame["milex_pct_gdp"])
    basis = pd.Series(np.where(reported, "nato", "computed"), index=frame.index, dtype="string")
    frame["guideline_basis"] = basis.where(pct.notna())
    return apply_guidelines(
        frame,
        chosen,
        pct=pct,
        gdp=gdp,
        guidelines_on=guidelines_on,
        hague_year=hague_year,
        gdp_growth=gdp_growth,
    )


# --------------------------------------------------------------------------- burden_table


def _billions(value: Any) -> str:
    return "NA" if pd.isna(value) else f"US$ {float(value) / 1e9:,.1f} bn"


def _fmt(value: Any, spec: str = ".3f") -> str:
    return "NA" if pd.isna(value) else format(float(value), spec)


@dataclass(frozen=True)
class BurdenTable:
    """Burden-sharing indicators of an alliance's members, year by year.

    Attributes
    ----------
    frame
        One row per member-year: ``iso3``, ``name``, ``year``, the data
        columns of the source (``gdp_usd``, ``gdp_source``, ``milex_usd``, …,
        ``sipri_pct_gdp``, ``nato_pct_gdp``) and every column of
        :func:`burden_frame`.
    sources
        Registry names of the cached datasets used (``sipri-milex``,
        ``world-bank-gdp``, ``nato-expenditure``), or for the embedded
        indicators the citation of each figure's source.
    arrangement
        The catalog id of the arrangement, or None for an explicit state list.
    source
        ``"sipri"``, ``"nato"`` or ``"embedded"``.
    membership
        How members were chosen: ``"31 December of each year"``, a date, or
        ``"states given"``.
    hague_year, gdp_growth
        As passed to :func:`burden_frame` (``hague_year`` None: each
        target's own year).
    notes
        Facts about the numbers that a reader needs (units, price base year,
        the GDP rule, which guideline was not tested where and why, the
        members without armed forces left out of the tests).
    guidelines
        The guidelines tested (the arrangement's own; none for states given).
    guidelines_on
        The date whose guidelines every year was tested against, or None (each
        year against the guidelines adopted by then).
    """

    frame: pd.DataFrame
    sources: tuple[str, ...]
    arrangement: str | None
    source: str = "sipri"
    membership: str = "31 December of each year"
    hague_year: int | None = None
    gdp_growth: float = 0.0
    notes: tuple[str, ...] = field(default=())
    guidelines: tuple[Guideline, ...] = field(default=())
    guidelines_on: date | None = None

    def __len__(self) -> int:
        return len(self.frame)

    def to_frame(self) -> pd.DataFrame:
        """A copy of the member-year table."""
        return self.frame.copy()

    def by_year(self) -> pd.DataFrame:
        """Per year: members, members with data, totals, allies at 2 %, Hague gaps.

        ``no_armed_forces`` counts the members left out of the tests;
        ``judged_2pct`` the members tested against the 2 % guideline (0 where
        it does not apply); the gaps sum the members tested (NA when none was).
        """
        frame = self.frame
        with_data = frame["milex_usd"].notna() & frame["gdp_usd"].notna()
        grouped = frame.assign(
            with_data=with_data,
            meets=frame["meets_2pct"].fillna(False).astype(bool),
            judged=frame["meets_2pct"].notna(),
        ).groupby("year")
        table = pd.DataFrame(
            {
                "members": grouped.size(),
                "with_data": grouped["with_data"].sum(),
                "no_armed_forces": grouped["no_armed_forces"].sum(),
                "milex_usd": grouped["milex_usd"].sum(min_count=1),
                "gdp_usd": grouped["gdp_usd"].sum(min_count=1),
                "judged_2pct": grouped["judged"].sum(),
                "meets_2pct": grouped["meets"].sum(),
                "gap_3_5_usd": grouped["gap_3_5_usd"].sum(min_count=1),
                "gap_5_usd": grouped["gap_5_usd"].sum(min_count=1),
            }
        )
        return table.reset_index()

    def summary(self) -> str:
        """A plain-text account: what, which members, the yearly totals, the sources."""
        who = self.arrangement or "the states given"
        years = self.frame["year"]
        span = "no years"
        if len(years):
            first, last = int(years.min()), int(years.max())
            span = str(first) if first == last else f"{first}-{last}"
        lines = [
            f"Burden sharing: {who}, {span} ({self.source} data; members on {self.membership})",
        ]
        for row in self.by_year().to_dict("records"):
            total = _billions(row["milex_usd"])
            two = (
                f"{row['meets_2pct']} of {row['judged_2pct']} at >= 2% of GDP"
                if row["judged_2pct"]
                else "2% guideline not tested"
            )
            gap = (
                "gap to 3.5% not tested"
                if pd.isna(row["gap_3_5_usd"])
                else f"gap to 3.5% {_billions(row['gap_3_5_usd'])}"
            )
            lines.append(
                f"  {row['year']}: {row['members']} members, {row['with_data']} with data; "
                f"military spending {total}; {two}; {gap}"
            )
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.append(f"  sources: {'; '.join(self.sources)}")
        return "\n".join(lines) + "\n"

    def citations(self) -> list[Citation]:
        """The datasets (registry citations), the catalog and the guidelines used."""
        from allied.catalog import load_catalog
        from allied.sources import datasets

        registered = {d.name: d for d in datasets()}
        found: list[Citation] = []
        for number, name in enumerate(self.sources, start=1):
            if name in registered:
                found.extend(registered[name].citations())
            else:
                found.append(Citation(f"indicators:{number}", name))
        if self.arrangement is not None:
            found.extend(load_catalog().get(self.arrangement).citations())
        for guideline in self.guidelines:
            found.extend(guideline.citations(f"{self.arrangement or 'guideline'}"))
        if bool(self.frame["no_armed_forces"].any()):
            found.extend(_no_armed_forces_citations(self.frame))
        unique: list[Citation] = []
        for citation in found:
            if citation not in unique:
                unique.append(citation)
        return unique


def _no_armed_forces_citations(frame: pd.DataFrame) -> list[Citation]:
    """The sources of the states without armed forces in ``frame``."""
    from allied.states import without_armed_forces

    unarmed = set(frame.loc[frame["no_armed_forces"], "iso3"].astype(str))
    return [c for spell in without_armed_forces() if spell.iso3 in unarmed for c in spell.sources]


def _year_span(years: object, coverage: tuple[int, int]) -> tuple[int, int]:
    """The inclusive year range asked for, or the data's coverage."""
    from allied.panel import parse_years

    if years is None:
        return coverage
    if isinstance(years, int | np.integer) and not isinstance(years, bool):
        return (int(years), int(years))
    span = parse_years(cast(Any, years))
    assert span is not None
    return span


def _state_codes(states: Iterable[str] | str) -> list[str]:
    """ISO3 codes of the states given (names or codes), in order, without repeats."""
    from allied.states import lookup

    items = [s.strip() for s in states.split(",")] if isinstance(states, str) else list(states)
    items = [s for s in items if s]
    if not items:
        raise InputError("no state given", where="argument states", fix="Name at least one state.")
    return list(dict.fromkeys(lookup(s).iso3 for s in items))


def _member_years(
    arrangement: str | None,
    states: Iterable[str] | str | None,
    span: tuple[int, int],
    on: date | None,
) -> tuple[pd.DataFrame, str, str | None]:
    """(iso3, year) rows, the membership rule, and the arrangement's id."""
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
        codes = _state_codes(states)
        frame = pd.DataFrame(
            {"iso3": np.repeat(codes, len(all_years)), "year": np.tile(all_years, len(codes))}
        )
        return frame, "states given", None
    if states is not None:
        raise InputError(
            "both an arrangement and states given",
            where="arguments arrangement, states",
            fix="Give one: the arrangement's members, or an explicit list of states.",
        )
    from allied.catalog import load_catalog

    a = load_catalog().get(arrangement)
    if on is not None:
        codes = sorted({m.state for m in a.members_on(on)})
        frame = pd.DataFrame(
            {"iso3": np.repeat(codes, len(all_years)), "year": np.tile(all_years, len(codes))}
        )
        return frame, on.isoformat(), a.id
    # A state counts in year y when it is a member on 31 December of y.
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
    return frame.reset_index(drop=True), "31 December of each year", a.id


def _optional(name: str, table: str | None = None) -> pd.DataFrame | None:
    """A cached table, or None when the dataset is not cached."""
    from allied.sources import load

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
    from allied.sources import sipri_milex_wide

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
    from allied.sources import load

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
    from allied.sources import load

    if required:
        share: pd.DataFrame | None = load("nato-expenditure", "share_of_gdp")
        detail = _optional("nato-expenditure", "expenditure")
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


def _names(codes: pd.Series) -> pd.Series:
    from allied.states import lookup

    names = {code: lookup(code, source="iso3").name for code in codes.unique()}
    return codes.map(names).astype("string")


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


def _embedded(skeleton: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The embedded indicators joined on the member-years, and their source citations."""
    from allied.measures.indicators import indicators  # written beside this module

    table = indicators()
    table = table.assign(iso3=table["iso3"].astype(str), year=table["year"].astype("int64"))
    frame = skeleton.merge(table, on=["iso3", "year"], how="left", validate="one_to_one")
    cited = [c for c in frame.columns if c.endswith("_source")]
    sources = tuple(
        dict.fromkeys(str(v) for c in cited for v in frame[c].dropna().unique() if str(v))
    )
    return frame, sources


def burden_table(
    arrangement: str | None = None,
    *,
    states: Iterable[str] | str | None = None,
    years: object = None,
    source: str = "sipri",
    on: date | None = None,
    gdp: str = "auto",
    guidelines: GuidelinesArg | Literal["own"] = "own",
    guidelines_on: date | None = None,
    hague_year: int | None = None,
    gdp_growth: float = 0.0,
) -> BurdenTable:
    """Burden-sharing indicators of an arrangement's members (or of given states).

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
        sourced indicators (:func:`allied.measures.indicators.indicators`),
        no cache needed.
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
        (NATO's 2 % and 20 % guidelines and Hague commitment; SEATO none), and
        none for states given. Otherwise as in :func:`burden_frame` (an
        arrangement id such as ``"nato"`` to test states given against NATO's
        guidelines, a sequence of guidelines, or None).
    guidelines_on, hague_year, gdp_growth
        Passed to :func:`burden_frame`.

    Returns
    -------
    BurdenTable
        One row per member-year (NA where a dataset has no value, never 0),
        with NATO's reported % of GDP (``nato_pct_gdp``, when the
        ``nato-expenditure`` dataset is cached) beside SIPRI's
        (``sipri_pct_gdp``), and every column of :func:`burden_frame`. A
        guideline's columns are NA in the years before the arrangement
        adopted it, for an arrangement that did not adopt it, and for members
        without armed forces; ``notes`` says which and why.

    Raises
    ------
    InputError
        Unknown arrangement, state, source or GDP choice; both or neither of
        arrangement and states; ``on`` with states; unreadable years.
    DataNotAvailableError
        A dataset the source needs is not cached (``allied data pull`` or
        ``import`` it).

    Notes
    -----
    Data sources: SIPRI Military Expenditure Database 2025; World Bank WDI
    NY.GDP.MKTP.CD; NATO, Defence Expenditure of NATO Countries (2019 and
    2025 releases); or the embedded indicators. ``BurdenTable.citations()``
    lists the ones used. Supplementary datasets (NATO's tables for
    ``source="sipri"``, SIPRI's share of GDP for ``source="nato"``) are joined
    when cached and left out (all NA) otherwise; ``sources`` says which.

    Examples
    --------
    Needs the cache (``allied data pull sipri-milex`` and ``world-bank-gdp``)::

        table = burden_table("nato", years="2014-2024")
        table.frame[["iso3", "year", "milex_pct_gdp", "nato_pct_gdp", "meets_2pct"]]
        print(table.summary())
    """
    check_choice(source, _SOURCES, argument="source")
    check_choice(gdp, _GDP_CHOICES, argument="gdp", label="GDP choice")
    coverage = _coverage(source)
    span = check_years_within(
        _year_span(years, coverage), coverage, where="argument years", data=f"source {source!r}"
    )
    skeleton, membership, arrangement_id = _member_years(arrangement, states, span, on)
    if source == "embedded":
        frame, sources = _embedded(skeleton)
        notes = ["embedded indicators: each figure's source is in its *_source column"]
    else:
        frame, sources, notes = _from_cache(skeleton, source, gdp)
    chosen = resolve_guidelines(arrangement_id if guidelines == "own" else guidelines)
    result = burden_frame(
        _ordered(frame),
        guidelines=chosen,
        guidelines_on=guidelines_on,
        hague_year=hague_year,
        gdp_growth=gdp_growth,
    )
    notes.extend(
        guideline_notes(
            result, chosen, guidelines_on=guidelines_on, who=arrangement_id or "the states given"
        )
    )
    return BurdenTable(
        frame=result.reset_index(drop=True),
        sources=sources,
        arrangement=arrangement_id,
        source=source,
        membership=membership,
        hague_year=hague_year,
        gdp_growth=gdp_growth,
        notes=tuple(notes),
        guidelines=chosen,
        guidelines_on=guidelines_on,
    )


def _coverage(source: str) -> tuple[int, int]:
    """The years a source can cover: its dataset's, or the embedded indicators'."""
    if source == "embedded":
        from allied.measures.indicators import indicators

        known = indicators()["year"].astype("int64")
        return (int(known.min()), int(known.max()))
    from allied.sources import dataset

    return dataset("sipri-milex" if source == "sipri" else "nato-expenditure").coverage


def _from_cache(
    skeleton: pd.DataFrame, source: str, gdp: str
) -> tuple[pd.DataFrame, tuple[str, ...], list[str]]:
    """Join the cached datasets of ``source`` onto the member-years."""
    from allied.sources import load

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


def _gdp_note(gdp: str, source: str) -> str:
    if gdp == "sipri":
        return "SIPRI-implied (IMF WEO vintage used by SIPRI)"
    if gdp == "auto" and source == "sipri":
        return "World Bank, SIPRI-implied where the World Bank has none"
    return "World Bank"


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Names filled in, the value columns present, and the usual column order."""
    if "name" not in frame.columns or frame["name"].isna().any():
        frame["name"] = _names(frame["iso3"])
    for column in ("gdp_usd", "milex_usd"):
        if column not in frame.columns:
            frame[column] = np.nan
    ordered = [c for c in _ORDER if c in frame.columns]
    return frame[ordered + [c for c in frame.columns if c not in ordered]]


# --------------------------------------------------------------------------- exploitation tests


def _as_frame(data: BurdenTable | pd.DataFrame) -> pd.DataFrame:
    """A burden frame from a BurdenTable, a burden frame, or raw member-years."""
    if isinstance(data, BurdenTable):
        return data.frame
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            f"expected a BurdenTable or a DataFrame, not {type(data).__name__}",
            where="argument data",
            fix="Pass burden_table(...) or a frame with iso3, year, gdp_usd and milex_usd.",
        )
    if all(c in data.columns for c in _ADDED):
        return data
    return burden_frame(data)


def _select_years(frame: pd.DataFrame, years: object) -> list[int]:
    present = sorted(int(y) for y in frame["year"].unique())
    if years is None:
        return present
    first, last = _year_span(years, (min(present, default=0), max(present, default=0)))
    return [y for y in present if first <= y <= last]


def _spearman_kendall(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    from scipy import stats

    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return (np.nan, np.nan, np.nan, np.nan)
    rho = stats.spearmanr(x, y)
    tau = stats.kendalltau(x, y)
    return (float(rho.statistic), float(rho.pvalue), float(tau.statistic), float(tau.pvalue))


def _elasticity(gdp: np.ndarray, milex: np.ndarray) -> tuple[float, float, float, int]:
    """OLS of log milex on log GDP with HC1 errors: slope, robust SE, p of H0 slope = 1, n."""
    import statsmodels.api as sm

    keep = (gdp > 0) & (milex > 0)
    n = int(keep.sum())
    if n < 3 or np.ptp(np.log(gdp[keep])) == 0:
        return (np.nan, np.nan, np.nan, n)
    exog = sm.add_constant(np.log(gdp[keep]))
    fitted = sm.OLS(np.log(milex[keep]), exog).fit(cov_type="HC1")
    test = fitted.t_test((np.array([[0.0, 1.0]]), np.array([1.0])))
    return (float(fitted.params[1]), float(fitted.bse[1]), float(np.squeeze(test.pvalue)), n)


@dataclass(frozen=True)
class OlsonZeckhauserResult:
    """Per-year rank tests of the exploitation hypothesis, and the alternatives.

    Attributes
    ----------
    table
        One row per year: ``n`` (members with GDP and spending), ``spearman_rho``,
        ``spearman_p``, ``kendall_tau``, ``kendall_p`` (GDP vs milex/GDP, the
        Olson-Zeckhauser test; two-sided p-values), ``elasticity``,
        ``elasticity_se`` (HC1), ``elasticity_p`` (H0: elasticity = 1) and
        ``elasticity_n`` (log milex on log GDP; members with positive
        spending), and ``change_rho``, ``change_p``, ``change_n`` (Spearman
        correlation of the share of alliance GDP with the percentage change
        of spending since the year before, Alley's design; NA without the
        previous year).
    sources
        The data sources of the frame tested (empty for a plain frame).
    """

    table: pd.DataFrame
    sources: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The per-year table."""
        return self.table.copy()

    def citations(self) -> list[Citation]:
        """Olson & Zeckhauser (1966) and Alley (2021)."""
        return [_CITATIONS["olson_zeckhauser"], _CITATIONS["alley"]]

    def summary(self) -> str:
        """The tests, year by year, in words."""
        lines = [
            "Olson-Zeckhauser exploitation test: do larger allies spend a larger share of GDP?",
            "  (the hypothesis predicts rank correlation > 0 and elasticity > 1)",
        ]

        for r in self.table.to_dict("records"):
            lines.append(
                f"  {r['year']}: n={r['n']}; GDP vs milex/GDP: "
                f"Spearman rho={_fmt(r['spearman_rho'])} (p={_fmt(r['spearman_p'], '.3g')}), "
                f"Kendall tau={_fmt(r['kendall_tau'])} (p={_fmt(r['kendall_p'], '.3g')})"
            )
            lines.append(
                f"        log milex on log GDP: elasticity={_fmt(r['elasticity'])} "
                f"(HC1 SE {_fmt(r['elasticity_se'])}, p[=1]={_fmt(r['elasticity_p'], '.3g')}, "
                f"n={r['elasticity_n']}); GDP share vs % change of spending: "
                f"rho={_fmt(r['change_rho'])} (p={_fmt(r['change_p'], '.3g')}, "
                f"n={r['change_n']})"
            )
        lines.append(
            "  Caveat (Alley 2021): milex/GDP has GDP in its denominator, so ranking it against "
            "GDP puts GDP on both sides; the elasticity and change tests avoid that."
        )
        if self.sources:
            lines.append(f"  sources: {'; '.join(self.sources)}")
        return "\n".join(lines) + "\n"


def _pct_change(frame: pd.DataFrame) -> pd.Series:
    """Percentage change of spending from the previous year (constant US$ when given)."""
    value = frame["milex_usd_constant"] if "milex_usd_constant" in frame.columns else None
    if value is None or value.isna().all():
        value = frame["milex_usd"]
    previous = frame.assign(year=frame["year"] + 1, _value=value)[["iso3", "year", "_value"]]
    joined = frame[["iso3", "year"]].assign(_now=value.to_numpy())
    joined = joined.merge(previous, on=["iso3", "year"], how="left")
    before = joined["_value"].where(joined["_value"].gt(0))
    change = 100.0 * (joined["_now"] - before) / before
    return pd.Series(change.to_numpy(), index=frame.index)


def olson_zeckhauser_test(
    table_or_frame: BurdenTable | pd.DataFrame, *, years: object = None
) -> OlsonZeckhauserResult:
    """Test the exploitation hypothesis year by year.

    Olson and Zeckhauser's public-good model predicts that larger allies
    bear a disproportionate share of the common defence: across members,
    GDP and military expenditure as a share of GDP should be positively
    rank-correlated. This function computes, per year over the members with
    data, Spearman's rho and Kendall's tau (``scipy.stats``) with two-sided
    p-values and n.

    Because milex/GDP has GDP in its denominator, ranking it against GDP puts
    GDP on both sides of the test; Alley (2021) shows such ratio
    specifications give spurious or null results. Note that ranking GDP
    against ``share_ratio`` (share of alliance spending over share of
    alliance GDP) does not help: within a year ``share_ratio`` is milex/GDP
    times a constant, so its ranks are the same. Two alternatives are
    reported beside the classic test:

    * the elasticity *b* of spending with respect to GDP from an OLS of
      log milex on log GDP with HC1 robust errors; GDP appears on one side
      only, and exploitation means *b* > 1 (milex/GDP rises with GDP), so the
      p-value is of H0: *b* = 1;
    * Alley's design: the Spearman correlation between a member's share of
      the alliance's GDP and the percentage change of its spending since the
      previous year (constant US$ when available); the hypothesis predicts a
      positive correlation. It needs the previous year in the frame.

    Parameters
    ----------
    table_or_frame
        A :class:`BurdenTable`, a :func:`burden_frame` result, or raw
        member-years (passed through :func:`burden_frame`).
    years
        Years to test (default: every year in the frame).

    Returns
    -------
    OlsonZeckhauserResult
        ``to_frame()`` per year; ``summary()`` in words.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"iso3": list("ABCD"), "year": 2024,
    ...                      "gdp_usd": [100.0, 50.0, 20.0, 10.0],
    ...                      "milex_usd": [4.0, 1.5, 0.4, 0.1]})
    >>> result = olson_zeckhauser_test(rows).to_frame()
    >>> result[["n", "spearman_rho", "kendall_tau"]].to_numpy().tolist()
    [[4.0, 1.0, 1.0]]

    References
    ----------
    .. [1] Olson, M., Jr., & Zeckhauser, R. (1966). An economic theory of
       alliances. The Review of Economics and Statistics, 48(3), 266-279.
       https://www.jstor.org/stable/1927082
    .. [2] Alley, J. (2021). Reassessing the public goods theory of
       alliances. Research & Politics.
    """
    sources = table_or_frame.sources if isinstance(table_or_frame, BurdenTable) else ()
    frame = _as_frame(table_or_frame)
    change = _pct_change(frame)
    rows: list[dict[str, Any]] = []
    for year in _select_years(frame, years):
        in_year = frame["year"].eq(year).to_numpy()
        gdp = frame["gdp_usd"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        milex = frame["milex_usd"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        burden = frame["milex_pct_gdp"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        ok = np.isfinite(gdp) & np.isfinite(burden) & (gdp > 0)
        rho, rho_p, tau, tau_p = _spearman_kendall(gdp[ok], burden[ok])
        slope, slope_se, slope_p, slope_n = _elasticity(gdp[ok], milex[ok])
        share = frame["gdp_share"].to_numpy(dtype="float64", na_value=np.nan)[in_year]
        delta = change.to_numpy(dtype="float64", na_value=np.nan)[in_year]
        moved = np.isfinite(share) & np.isfinite(delta)
        c_rho, c_p, _, _ = _spearman_kendall(share[moved], delta[moved])
        rows.append(
            {
                "year": year,
                "n": int(ok.sum()),
                "spearman_rho": rho,
                "spearman_p": rho_p,
                "kendall_tau": tau,
                "kendall_p": tau_p,
                "elasticity": slope,
                "elasticity_se": slope_se,
                "elasticity_p": slope_p,
                "elasticity_n": slope_n,
                "change_rho": c_rho,
                "change_p": c_p,
                "change_n": int(moved.sum()),
            }
        )
    columns = [
        "year",
        "n",
        "spearman_rho",
        "spearman_p",
        "kendall_tau",
        "kendall_p",
        "elasticity",
        "elasticity_se",
        "elasticity_p",
        "elasticity_n",
        "change_rho",
        "change_p",
        "change_n",
    ]
    return OlsonZeckhauserResult(pd.DataFrame(rows, columns=columns), sources=sources)


@dataclass(frozen=True)
class JointProductResult:
    """A joint-product demand equation for military spending, fitted by OLS.

    Attributes
    ----------
    results
        The statsmodels results (HC1 covariance).
    terms
        The regressors in order: ``const``, ``spill_ins``, ``gdp``, then
        ``threat``, member and year dummies where used.
    n, r_squared
        Observations used and R².
    year_effects, state_effects
        Whether year and member fixed effects were included.
    lag
        Years between spill-ins and own spending.
    sources
        The data sources of the frame.
    """

    results: Any
    terms: tuple[str, ...]
    n: int
    r_squared: float
    year_effects: bool = False
    state_effects: bool = False
    lag: int = 0
    sources: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per term: coefficient, robust (HC1) SE, z, p-value, and R² and n."""
        frame = pd.DataFrame(
            {
                "term": list(self.terms),
                "coef": np.asarray(self.results.params, dtype="float64"),
                "robust_se": np.asarray(self.results.bse, dtype="float64"),
                "statistic": np.asarray(self.results.tvalues, dtype="float64"),
                "p_value": np.asarray(self.results.pvalues, dtype="float64"),
            }
        )
        frame["r_squared"] = self.r_squared
        frame["n"] = self.n
        return frame

    def summary(self) -> str:
        """statsmodels' summary table, as text."""
        return str(self.results.summary().as_text()) + "\n"

    def citations(self) -> list[Citation]:
        """The joint-product model's references."""
        return [_CITATIONS["sandler_1993"], _CITATIONS["sandler_george"]]


def _threat_values(frame: pd.DataFrame, threat: str | pd.Series | Mapping[int, float]) -> pd.Series:
    if isinstance(threat, str):
        if threat not in frame.columns:
            raise InputError(
                f"no column {threat!r} for the threat proxy",
                where="argument threat",
                fix=f"Use one of the frame's columns ({', '.join(map(str, frame.columns))}) "
                "or pass a Series indexed by year.",
            )
        return pd.to_numeric(frame[threat], errors="coerce").astype("float64")
    by_year = pd.Series(threat, dtype="float64")
    return frame["year"].map(by_year).astype("float64")


def _spill_ins(data: pd.DataFrame, milex: pd.Series, complete: pd.Series, lag: int) -> pd.Series:
    """Allies' total spending in year t - lag: the year's total less the member's own."""
    year = data["year"]
    total = milex.where(complete).groupby(year).sum(min_count=1)
    own = milex.where(complete).fillna(0.0)
    if lag == 0:
        return year.map(total) - own
    earlier = pd.DataFrame({"iso3": data["iso3"], "year": year + lag, "_own": own})
    before = data[["iso3", "year"]].merge(earlier, on=["iso3", "year"], how="left")["_own"]
    spill = (year - lag).map(total).to_numpy() - before.fillna(0.0).to_numpy()
    return pd.Series(spill, index=data.index, dtype="float64")


def joint_product_regression(
    frame: BurdenTable | pd.DataFrame,
    *,
    threat: str | pd.Series | Mapping[int, float] | None = None,
    lag: int = 0,
    state_effects: bool = False,
    year_effects: bool = False,
    years: object = None,
) -> JointProductResult:
    """Regress a member's spending on its allies' spending, its GDP and a threat.

    The joint-product model of alliances (Sandler 1993; Sandler & George
    2025) has each ally demand military expenditure as a function of its
    income, the spending of its allies (*spill-ins*) and the threat. This
    fits the reduced form, pooled over member-years,

    .. math:: M_{it} = \\alpha + \\beta S_{i,t-\\ell} + \\gamma Y_{it}
              + \\delta\\, \\text{threat}_t (+ \\text{effects}) + \\varepsilon_{it},
              \\qquad S_{it} = \\sum_{j \\ne i} M_{jt},

    by OLS with HC1 heteroskedasticity-robust standard errors
    (``fit(cov_type="HC1")``). Spill-ins are the total spending of the other
    rows with data in year :math:`t - \\ell`. In the pure public-good (Nash)
    model :math:`-1 < \\beta < 0` (allies' spending crowds out one's own);
    with private, ally-specific outputs (joint products) :math:`\\beta` is
    closer to 0 or positive. Variables are in US$ billions, so coefficients
    are unit-free ratios.

    Parameters
    ----------
    frame
        A :class:`BurdenTable`, a :func:`burden_frame` result, or raw
        member-years with ``iso3``, ``year``, ``gdp_usd`` and ``milex_usd``.
    threat
        None (default), a column of ``frame``, or a Series/mapping from year
        to a threat proxy (e.g. Russia's military spending for NATO, in US$;
        rescaled to billions like the other variables).
    lag
        Years between the spill-ins and own spending (0: same year; 1: the
        allies' spending of the year before, a Nash reaction with a lag).
    state_effects
        Add member fixed effects (the within-ally estimator).
    year_effects
        Add year fixed effects. Only with ``lag >= 1``: with same-year
        spill-ins, own spending + spill-ins = the year's total, which year
        effects absorb, so the regression is an identity (:math:`\\beta = -1`,
        R² = 1). A threat that varies only by year is absorbed too.
    years
        Fit on these years only (default: all); spill-ins of earlier years
        (``lag``) still come from the whole frame.

    Returns
    -------
    JointProductResult
        ``to_frame()``: coefficients, robust SEs, p-values, R², n;
        ``summary()``: statsmodels' summary text.

    Raises
    ------
    InputError
        Fewer observations than parameters, an unknown threat column, year
        effects (or a single year) with same-year spill-ins, year effects with
        a year-level threat, or a negative lag.

    Notes
    -----
    Same-year spill-ins are mechanically related to own spending (within a
    year they sum to the total), and spill-ins are endogenous in a Nash
    equilibrium. Lagged spill-ins do not escape this in a cross-section:
    spending is persistent, so across allies in one year :math:`S_{i,t-1}`
    is close to the year's total less own spending and :math:`\\beta` is
    pushed toward -1 (on NATO in 2024 with ``lag=1``: -0.998, R² = 1.000).
    Identify :math:`\\beta` from variation over time (many years,
    ``state_effects=True``), as the literature does ally by ally, or with
    instruments; read pooled coefficients as descriptive.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"iso3": list("ABCABC"), "year": [1, 1, 1, 2, 2, 2],
    ...                      "gdp_usd": [10e9, 20e9, 30e9, 11e9, 21e9, 33e9],
    ...                      "milex_usd": [1e9, 1.5e9, 2.4e9, 1.1e9, 1.6e9, 2.6e9]})
    >>> result = joint_product_regression(rows)
    >>> result.to_frame()["term"].tolist(), result.n
    (['const', 'spill_ins', 'gdp'], 6)

    References
    ----------
    .. [1] Sandler, T. (1993). The economic theory of alliances: A survey.
       Journal of Conflict Resolution, 37(3), 446-483.
    .. [2] Sandler, T., & George, J. (2025). Economic theory of alliances:
       Sixty years later. Journal of Conflict Resolution.
       https://doi.org/10.1177/00220027251359626
    """
    import statsmodels.api as sm

    sources = frame.sources if isinstance(frame, BurdenTable) else ()
    data = _as_frame(frame)
    _check_lag(lag, year_effects)
    milex, exog, keep = _regressors(data, threat, int(lag), year_effects)
    if years is not None:
        first, last = _year_span(years, (0, 0))
        keep &= data["year"].between(first, last)
    if lag == 0 and data["year"][keep].nunique() == 1:
        raise InputError(
            "with same-year spill-ins one year is an identity "
            "(own spending + spill-ins = the year's total)",
            where="arguments frame, years",
            fix="Pool several years, or use lag=1.",
        )
    y = milex[keep].astype("float64")
    x = sm.add_constant(
        _design(data[keep], exog[keep], state_effects, year_effects), has_constant="add"
    )
    _check_design(y, x)
    fitted = sm.OLS(y, x).fit(cov_type="HC1")
    return JointProductResult(
        results=fitted,
        terms=tuple(str(c) for c in x.columns),
        n=int(fitted.nobs),
        r_squared=float(fitted.rsquared),
        year_effects=year_effects,
        state_effects=state_effects,
        lag=int(lag),
        sources=sources,
    )


def _check_lag(lag: object, year_effects: bool) -> None:
    if isinstance(lag, bool) or not isinstance(lag, int | np.integer) or lag < 0:
        raise InputError(
            f"lag must be a whole number of years >= 0, not {lag!r}",
            where="argument lag",
            fix="Use 0 (same year) or 1 (previous year).",
        )
    if year_effects and lag == 0:
        raise InputError(
            "year fixed effects with same-year spill-ins make the regression an identity "
            "(own spending + spill-ins = the year's total)",
            where="arguments year_effects, lag",
            fix="Use lag=1 (spill-ins of the year before) with year effects, or state_effects.",
        )


def _regressors(
    data: pd.DataFrame, threat: Any, lag: int, year_effects: bool
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Spending (US$ bn), the regressors and the rows with every value."""
    gdp = data["gdp_usd"].where(data["gdp_usd"].gt(0)) / 1e9
    milex = data["milex_usd"] / 1e9
    complete = gdp.notna() & milex.notna()
    exog = pd.DataFrame(
        {"spill_ins": _spill_ins(data, milex, complete, lag), "gdp": gdp}, index=data.index
    )
    if threat is not None:
        values = _threat_values(data, threat) / 1e9
        if year_effects and bool(values.groupby(data["year"]).nunique().le(1).all()):
            raise InputError(
                "the threat varies only by year, so year fixed effects absorb it",
                where="arguments threat, year_effects",
                fix="Use one of them.",
            )
        exog["threat"] = values
    return milex, exog, complete & exog.notna().all(axis=1)


def _design(
    kept: pd.DataFrame, exog: pd.DataFrame, state_effects: bool, year_effects: bool
) -> pd.DataFrame:
    """The regressors with the fixed-effect dummies asked for."""
    parts = [exog]
    if state_effects:
        parts.append(pd.get_dummies(kept["iso3"], prefix="state", drop_first=True, dtype=float))
    if year_effects:
        parts.append(pd.get_dummies(kept["year"], prefix="year", drop_first=True, dtype=float))
    return pd.concat(parts, axis=1).astype("float64")


def _check_design(y: pd.Series, x: pd.DataFrame) -> None:
    if len(y) <= x.shape[1]:
        raise InputError(
            f"{len(y)} complete member-years for {x.shape[1]} parameters",
            where="argument frame",
            fix="Give more member-years with GDP, spending (and threat) values.",
        )
    if np.linalg.matrix_rank(x.to_numpy()) < x.shape[1]:
        raise InputError(
            "the regressors are collinear",
            where="argument frame",
            fix="Drop the threat or the fixed effects, or give more varied member-years.",
        )
