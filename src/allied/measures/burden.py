"""Burden sharing: who carries how much of an alliance's defence effort.

Two layers, each usable on its own:

* :func:`burden_frame` — a pure, vectorized function over one row per
  member-year (``iso3``, ``year``, ``gdp_usd``, ``milex_usd``): shares of the
  alliance's spending and GDP, and the spending guidelines the alliance
  adopted, each from its adoption on (NATO's 2 % and 20 % guidelines, the
  gap to the Hague commitment of June 2025 and the growth it takes to close
  it). The guidelines are catalog data (:class:`allied.catalog.Guideline`),
  passed in (:func:`allied.panel.spending_guidelines` reads them).
* :func:`burden_table` — :func:`burden_frame` over the member-years that
  :func:`allied.panel.burden_inputs` assembles (an arrangement's members year
  by year, or a list of states, with spending and GDP from the cache or from
  the embedded indicators); returns a :class:`BurdenTable` that names its
  sources.

Nothing here reads the dataset cache or the catalog. The exploitation tests
(``olson_zeckhauser_test``, ``joint_product_regression``) are models: see
:mod:`allied.models` (their old names here still work, with a warning).

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
>>> from allied.panel import spending_guidelines
>>> nato = spending_guidelines("nato")
>>> rows = pd.DataFrame({"iso3": ["USA", "EST"], "year": [2025, 2025],
...                      "gdp_usd": [1000.0, 100.0], "milex_usd": [30.0, 1.0]})
>>> out = burden_frame(rows, guidelines=nato)
>>> out[["milex_pct_gdp", "share_ratio", "gap_3_5_usd"]].round(3).to_numpy().tolist()
[[3.0, 1.065, 5.0], [1.0, 0.355, 2.5]]
>>> before = burden_frame(rows.assign(year=2024), guidelines=nato)  # before The Hague
>>> bool(before["gap_3_5_usd"].isna().all())
True

References
----------
.. [1] Sandler, T. (1993). The economic theory of alliances: A survey.
   Journal of Conflict Resolution, 37(3), 446-483.
.. [2] Sandler, T., & George, J. (2025). Economic theory of alliances: Sixty
   years later. Journal of Conflict Resolution.
   https://doi.org/10.1177/00220027251359626
.. [3] NATO (2014). Wales Summit Declaration, press release (2014) 120,
   5 September 2014, paragraph 14 (the 2 % and 20 % guidelines).
.. [4] NATO (2025). The Hague Summit Declaration, 25 June 2025, paragraphs
   2-3 (5 % of GDP by 2035: at least 3.5 % core defence, up to 1.5 %
   defence- and security-related).

The guidelines' own sources are in the catalog (``nato.yaml``,
``guidelines:``); :meth:`BurdenTable.citations` lists them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from allied._moved import Moved
from allied._results import Result
from allied.catalog import Guideline
from allied.cite import Citation
from allied.errors import InputError
from allied.measures._guidelines import (
    STANDARD_COLUMNS,
    GuidelinesArg,
    apply_guidelines,
    guideline_notes,
    resolve_guidelines,
)
from allied.panel import BurdenInputs, burden_inputs, spending_guidelines
from allied.states import armed_forces_absent, without_armed_forces

__all__ = ["BURDEN_COLUMNS", "BurdenTable", "burden_frame", "burden_table", "guideline_notes"]

#: Names of the constants NATO's guidelines once were: (guideline id in nato.yaml, scale).
_DEPRECATED = {
    "GUIDELINE_PCT_GDP": ("two_percent_gdp", 1.0),
    "EQUIPMENT_GUIDELINE_PCT": ("equipment_20_percent", 1.0),
    "HAGUE_CORE_SHARE": ("hague_core_3_5_percent", 0.01),
    "HAGUE_TOTAL_SHARE": ("hague_total_5_percent", 0.01),
}

#: The econometric tests, now in allied.models (deprecated aliases here).
_MOVED = Moved(
    __name__,
    [
        (
            "allied.models",
            [
                "JointProductResult",
                "OlsonZeckhauserResult",
                "joint_product_regression",
                "olson_zeckhauser_test",
            ],
        )
    ],
)


def __getattr__(name: str) -> Any:
    """The deprecated names: guideline constants (from the catalog) and the moved tests."""
    if name not in _DEPRECATED:
        return _MOVED.get(name)  # warns, or raises AttributeError for an unknown name
    guideline_id, scale = _DEPRECATED[name]
    warnings.warn(
        f"allied.measures.burden.{name} is deprecated: NATO's guidelines are catalog data "
        f"with adoption dates; use the guideline {guideline_id!r} of "
        "allied.panel.spending_guidelines('nato')",
        DeprecationWarning,
        stacklevel=2,
    )
    (found,) = (g for g in spending_guidelines("nato") if g.id == guideline_id)
    return found.threshold * scale


def _given_guidelines(guidelines: GuidelinesArg | str, caller: str) -> tuple[Guideline, ...]:
    """The guidelines passed, checked; an arrangement id still works, with a warning."""
    if not isinstance(guidelines, str):
        return resolve_guidelines(guidelines)
    warnings.warn(
        f"{caller}(guidelines={guidelines!r}) is deprecated: a measure no longer reads the "
        f"catalog; pass the guidelines, guidelines=allied.panel.spending_guidelines("
        f"{guidelines!r}), or None",
        DeprecationWarning,
        stacklevel=3,
    )
    return spending_guidelines(guidelines)  # the data layer reads the catalog


_REQUIRED = ("iso3", "year", "gdp_usd", "milex_usd")
_NUMERIC_OPTIONAL = (
    "population",
    "milex_usd_constant",
    "equipment_share_pct",
    "nato_pct_gdp",
    "milex_per_capita_usd",
)
BURDEN_COLUMNS: tuple[str, ...] = (
    "milex_pct_gdp",
    "milex_per_capita_usd",
    "milex_share",
    "gdp_share",
    "share_ratio",
    "no_armed_forces",
    "guideline_basis",
    *STANDARD_COLUMNS,
)
"""The columns :func:`burden_frame` adds (a frame with all of them is a burden frame)."""


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
    guidelines: GuidelinesArg | str = "nato",
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
        The spending guidelines to test: a sequence of
        :class:`allied.catalog.Guideline` (an arrangement's, from
        :func:`allied.panel.spending_guidelines`), or None (no test). Each
        applies from the year of its adoption (see ``guidelines_on``).
        Deprecated: an arrangement id, read from the catalog with a warning;
        so is the default, ``"nato"`` (the rows taken as NATO member-years).
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
    >>> from allied.panel import spending_guidelines
    >>> rows = pd.DataFrame({"iso3": ["A", "B", "ISL"], "year": [2025, 2025, 2025],
    ...                      "gdp_usd": [100.0, 100.0, 30.0], "milex_usd": [2.5, 1.0, 0.0],
    ...                      "nato_pct_gdp": [None, 2.1, None]})
    >>> out = burden_frame(rows, guidelines=spending_guidelines("nato"))
    >>> out["meets_2pct"].tolist(), out["guideline_basis"].tolist()
    ([True, True, <NA>], ['computed', 'nato', <NA>])
    >>> round(float(out["growth_to_3_5_pct"].iloc[0]), 4)  # (3.5 / 2.5) ** (1/10) - 1
    0.0342
    >>> round(float(out["gap_3_5_usd"].sum()), 6)  # 1.0 + 2.5; Iceland (no armed forces) left out
    3.5
    """
    frame = _checked(data, hague_year, gdp_growth)
    chosen = _given_guidelines(guidelines, "burden_frame")
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


@dataclass(frozen=True)
class BurdenTable(Result):
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
    data_citations
        The citations of the data and the membership dates, as the builder
        found them (:attr:`allied.panel.BurdenInputs.data_citations`).
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
    data_citations: tuple[Citation, ...] = field(default=())

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
        """The data's citations (datasets, catalog), then the guidelines' and unarmed states'."""
        found = list(self.data_citations)
        for guideline in self.guidelines:
            found.extend(guideline.citations(f"{self.arrangement or 'guideline'}"))
        if bool(self.frame["no_armed_forces"].any()):
            found.extend(_no_armed_forces_citations(self.frame))
        return list(dict.fromkeys(found))


def _no_armed_forces_citations(frame: pd.DataFrame) -> list[Citation]:
    """The sources of the states without armed forces in ``frame``."""
    unarmed = set(frame.loc[frame["no_armed_forces"], "iso3"].astype(str))
    return [c for spell in without_armed_forces() if spell.iso3 in unarmed for c in spell.sources]


def burden_table(
    inputs: BurdenInputs | str | None = None,
    *,
    guidelines: GuidelinesArg | str = "own",
    guidelines_on: date | None = None,
    hague_year: int | None = None,
    gdp_growth: float = 0.0,
    states: Iterable[str] | str | None = None,
    years: object = None,
    source: str | None = None,
    on: date | None = None,
    gdp: str | None = None,
) -> BurdenTable:
    """Burden-sharing indicators of an arrangement's members (or of given states).

    Parameters
    ----------
    inputs
        The member-years with their spending, GDP and sources, from
        :func:`allied.panel.burden_inputs` (which reads the cache or the
        embedded indicators). Deprecated: an arrangement id or None, with
        ``states``, ``years``, ``source``, ``on`` and ``gdp`` as
        :func:`~allied.panel.burden_inputs` takes them (it is then called for
        you, with a warning).
    guidelines
        ``"own"`` (default): the guidelines of the inputs (the arrangement's
        own, none for states given, unless the builder was told otherwise).
        Otherwise as in :func:`burden_frame`: a sequence of
        :class:`allied.catalog.Guideline`, or None.
    guidelines_on, hague_year, gdp_growth
        Passed to :func:`burden_frame`.
    states, years, source, on, gdp
        Deprecated, with an arrangement id for ``inputs``: see
        :func:`allied.panel.burden_inputs`.

    Returns
    -------
    BurdenTable
        One row per member-year of the inputs, with every column of
        :func:`burden_frame`. A guideline's columns are NA in the years
        before the arrangement adopted it, for an arrangement that did not
        adopt it, and for members without armed forces; ``notes`` says which
        and why, after the inputs' notes about the data.

    Raises
    ------
    InputError
        An invalid guideline or parameter; ``states`` … ``gdp`` given with
        inputs (they belong to :func:`allied.panel.burden_inputs`).

    Notes
    -----
    Data sources: those of the inputs (``BurdenTable.sources``);
    ``BurdenTable.citations()`` lists them with the catalog's sources and the
    guidelines'.

    Examples
    --------
    >>> from allied.panel import burden_inputs
    >>> table = burden_table(burden_inputs("nato", source="embedded"))
    >>> year = table.by_year().iloc[0]
    >>> int(year["year"]), int(year["members"]), int(year["judged_2pct"])
    (2024, 32, 31)

    From the cache (``allied data pull sipri-milex`` and ``world-bank-gdp``)::

        table = burden_table(burden_inputs("nato", years="2014-2024"))
        table.frame[["iso3", "year", "milex_pct_gdp", "nato_pct_gdp", "meets_2pct"]]
        print(table.summary())
    """
    legacy = {"states": states, "years": years, "source": source, "on": on, "gdp": gdp}
    if isinstance(inputs, BurdenInputs):
        _refuse_builder_arguments(legacy)
        chosen = (
            inputs.guidelines
            if guidelines == "own"
            else _given_guidelines(guidelines, "burden_table")
        )
    else:
        inputs = _deprecated_inputs(inputs, guidelines, legacy)
        chosen = inputs.guidelines
    result = burden_frame(
        inputs.frame,
        guidelines=chosen,
        guidelines_on=guidelines_on,
        hague_year=hague_year,
        gdp_growth=gdp_growth,
    )
    who = inputs.arrangement or "the states given"
    notes = guideline_notes(result, chosen, guidelines_on=guidelines_on, who=who)
    return BurdenTable(
        frame=result.reset_index(drop=True),
        sources=inputs.sources,
        arrangement=inputs.arrangement,
        source=inputs.source,
        membership=inputs.membership,
        hague_year=hague_year,
        gdp_growth=gdp_growth,
        notes=(*inputs.notes, *notes),
        guidelines=chosen,
        guidelines_on=guidelines_on,
        data_citations=inputs.data_citations,
    )


def _refuse_builder_arguments(legacy: dict[str, Any]) -> None:
    given = [name for name, value in legacy.items() if value is not None]
    if given:
        raise InputError(
            f"{', '.join(given)} given with burden inputs",
            where=f"argument(s) {', '.join(given)}",
            fix="Choose members, years and data when building the inputs: "
            "allied.panel.burden_inputs(..., years=...).",
        )


def _deprecated_inputs(
    arrangement: str | None, guidelines: GuidelinesArg | str, legacy: dict[str, Any]
) -> BurdenInputs:
    """The old call, burden_table("nato", years=...): the inputs built for it, with a warning."""
    if arrangement is not None and not isinstance(arrangement, str):
        raise InputError(
            f"burden_table needs burden inputs, not {type(arrangement).__name__}",
            where="argument inputs",
            fix="Build them with allied.panel.burden_inputs(...); for a frame of member-years "
            "of your own use burden_frame.",
        )
    warnings.warn(
        "burden_table(arrangement, states=, years=, source=, on=, gdp=) is deprecated: the "
        "measure no longer reads data; build the inputs and pass them, "
        "burden_table(allied.panel.burden_inputs(arrangement, years=..., source=...))",
        DeprecationWarning,
        stacklevel=3,
    )
    options = {name: value for name, value in legacy.items() if value is not None}
    return burden_inputs(arrangement, guidelines=guidelines, **options)
