r"""Partner-fit indicators: the political, economic and technological factors of a dyad-year
and the challenges in the way of collaboration, each from a named source.

:func:`partner_indicators` turns the data of :func:`allied.panel.partner_inputs`
into one column per indicator of the registry :data:`INDICATORS` (read from
``models/data/partner_indicators.yaml``: name, factor, meaning, sources, unit,
and whether it is symmetric). Every indicator that scores use has the same
value for (A, B) and (B, A); directed details end in ``_1``/``_2``. NaN is
missing (outside a source's years, or an input missing), never 0.

Definitions (year *y*; states 1 and 2):

* ``s_abs``, ``kappa``: S with absolute distances and Cohen's kappa of the two
  ATOP alliance portfolios (Signorino & Ritter 1999; Häge 2011), from
  :func:`allied.measures.add_similarity`.
* ``ideal_point_distance`` :math:`|x_1 - x_2|` of the UNGA ideal points;
  ``ideal_point_change_10y`` its value minus its value in *y* - 10.
* ``regime_similarity`` :math:`1 - |v_1 - v_2|` of V-Dem's electoral
  democracy index (``v2x_polyarchy``).
* ``capdist_log`` :math:`\log_{10}(1 + d)`, *d* the great-circle distance
  between the two capitals in km (COW capitals with their moves, as
  :func:`allied.panel.add_capital_distance`): distance lowers the chance of
  alliance (Lai & Reiter 2000), and the backtest finds it the strongest
  single predictor.
* ``shared_alliances`` (kinds ``multilateral_alliance`` and
  ``bilateral_treaty``), ``shared_partnerships``, ``shared_missions``,
  ``shared_information_sharing``, ``shared_organizations``,
  ``shared_programs`` (``joint_program``): catalog arrangements of those
  kinds both belong to on 31 December of *y*.
* ``gdp_log_sum`` :math:`\log_{10}(g_1 + g_2)` (World Bank, current US$),
  ``milex_log_sum`` :math:`\log_{10}(m_1 + m_2)` (SIPRI, constant US$),
  ``cinc_sum`` :math:`c_1 + c_2` (NMC 7.0); ``gdp_ratio_log``
  :math:`|\log_{10}(g_1 / g_2)|` and ``milex_ratio_log`` likewise (NaN when a
  military expenditure is 0: Iceland or Costa Rica have none to compare).
* ``program_saving_i`` :math:`= 1 - s_i \sqrt 2`, with cost shares
  :math:`s_i = m_i / (m_1 + m_2)`: partner *i*'s development saving in a
  two-nation program under Hartley's square-root rule, as a fraction of
  developing alone (:func:`collaboration_economics` with ``N = 2``);
  ``program_saving_min`` the smaller of the two.
* ``production_saving_i`` :math:`= 1 - \bar c(Q) / \bar c(q_i)`: partner
  *i*'s unit-cost saving when both buy on one 90 % Wright learning curve
  instead of each on its own (:func:`pooling_savings`), with a reference
  buy of 100 units split by military expenditure, each side buying at least
  one: :math:`q_i = \max(1, \mathrm{rint}(100 s_i))`, :math:`Q = q_1 + q_2`,
  :math:`\bar c(n) = C(n) / n`; ``production_saving_min`` the smaller.
* ``nato_standardization`` :math:`\min(\ell_1, \ell_2)`, with
  :math:`\ell = 2` for a NATO member on 31 December, 1 for a member of a
  catalog partnership framework whose parent is NATO (Partnership for Peace),
  0 otherwise.
* ``rivalry``: 1 if a Thompson strategic rivalry between them is ongoing in
  *y* (NaN after 2020, where the data end).
* From the windows of years *y*-9..*y* (:func:`allied.panel.add_dispute_windows`,
  :func:`allied.panel.add_arms_windows`, which define them and their
  coverage): ``mids_10y``, ``common_adversaries``,
  ``different_main_adversary``, ``years_since_dispute`` (a detail),
  ``arms_flow_log``, ``import_share_max`` (details ``import_share_1from2``,
  ``import_share_2from1``), ``arms_exports_log_1``/``_2``,
  ``supplier_similarity`` and ``supplier_dissimilarity``, as they are; and
  ``dispute_recency`` :math:`= \max(0, 1 - t/20)` of the years since the last
  dispute *t*, ``arms_exports_log_max`` the larger of the two exports.
* ``decision_cost`` :math:`= 1 - P`, *P* Coleman's power of the collectivity
  to act (winning coalitions over :math:`2^n`) of the largest catalog
  collaboration both belong to on 31 December (most members; ties by id),
  under its ``decision_rule`` (computed once per rule with
  :func:`voting_power`) or, without one, unanimity of its members that day
  (:math:`P = 2^{-n}`); 0.75 (a new bilateral under unanimity) when they
  share none.
* ``export_control_mismatch``: export-control regimes in force on
  31 December that exactly one of them takes part in. A regime whose member
  list the catalog marks partial (the Arms Trade Treaty) is left out: a
  state missing from it may still be a party.
* ``arms_embargo``: 1 if a UN arms embargo in force on 31 December targets
  either (full or partial scope: the catalog's partial ones, on China and
  Iran, restrict transfers to their governments too), or an EU one targets
  one while the other is an EU member (membership of the catalog's
  ``european_union`` entry, else of ``eu_csdp``, whose members are the EU's
  from 1999 except Denmark before 1 July 2022); else 0.

The catalog is taken as complete for what it records: a dyad-year its
entries do not mention gets 0 (never NaN) for the catalog indicators.

References
----------
.. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b. International
   Studies Quarterly, 43(1), 115-144. https://doi.org/10.1111/0020-8833.00113
.. [2] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign
   policy similarity for chance agreement. Political Analysis, 19(3), 287-305.
   https://doi.org/10.1093/pan/mpr023
.. [3] Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating dynamic state
   preferences from United Nations voting data. Journal of Conflict Resolution,
   61(2), 430-456. https://doi.org/10.1177/0022002715595700
.. [4] Hartley, K. (2008). Collaboration and European defence industrial policy.
   Defence and Peace Economics, 19(4), 303-315.
   https://doi.org/10.1080/10242690802221585
.. [5] Wright, T. P. (1936). Factors affecting the cost of airplanes. Journal of
   the Aeronautical Sciences, 3(4), 122-128. https://doi.org/10.2514/8.155
.. [6] Coleman, J. S. (1971). Control of collectivities and the power of a
   collectivity to act. In B. Lieberman (Ed.), Social Choice (pp. 269-300).
   London: Gordon and Breach.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from allied._results import Result
from allied._validation import check_years_within
from allied.catalog import Arrangement, Catalog, EmbargoBody, Kind
from allied.cite import Citation
from allied.errors import InputError, NotFoundError
from allied.measures import add_similarity
from allied.models._programs import _CITATIONS as _PROGRAM_CITATIONS
from allied.models._programs import LearningCurve
from allied.models._voting_power import voting_power
from allied.panel import (
    ARMS_WINDOW_COLUMNS,
    PartnerInputs,
    Provenance,
    dispute_window_columns,
    partner_inputs,
    partner_years,
)
from allied.states import lookup, resolve

__all__ = [
    "INDICATORS",
    "Indicator",
    "PartnerIndicators",
    "dyad_indicators",
    "focal_indicators",
    "partner_indicators",
]

#: The key columns of :attr:`PartnerIndicators.frame`, before the indicators.
KEYS = ("ccode1", "ccode2", "year", "iso1", "iso2")
#: Slope of the learning curve of ``production_saving_*`` (a 90 % Wright curve).
PRODUCTION_SLOPE = 0.9
#: Units of the reference buy split between the two by military expenditure.
REFERENCE_UNITS = 100
#: Decision cost of a new bilateral arrangement under unanimity: 1 - 2**-2.
NEW_BILATERAL_COST = 0.75
#: State-year columns read on both sides (suffixes 1 and 2).
_STATE_COLUMNS = ("v2x_polyarchy", "gdp_usd_current", "milex_usd_constant", "cinc")
#: Years after which a dispute no longer counts in ``dispute_recency``.
RECENCY_YEARS = 20
#: Columns of :func:`allied.panel.add_dispute_windows` and ``add_arms_windows`` taken as
#: they are.
WINDOW_COLUMNS = (*dispute_window_columns(), *ARMS_WINDOW_COLUMNS)
#: The columns of :attr:`PartnerInputs.frame` the indicators are computed from.
INPUT_COLUMNS = (
    *KEYS,
    "ideal_point_distance",
    "ideal_point_distance_before",
    "capdist",
    *(f"{name}{side}" for name in _STATE_COLUMNS for side in "12"),
    "ongoingrivalry",
    *WINDOW_COLUMNS,
)
#: Catalog kinds counted by each ``shared_*`` indicator.
SHARED_KINDS: dict[str, tuple[Kind, ...]] = {
    "shared_alliances": (Kind.MULTILATERAL_ALLIANCE, Kind.BILATERAL_TREATY),
    "shared_partnerships": (Kind.PARTNERSHIP_FRAMEWORK,),
    "shared_missions": (Kind.MISSION,),
    "shared_information_sharing": (Kind.INFORMATION_SHARING,),
    "shared_organizations": (Kind.ORGANIZATION,),
    "shared_programs": (Kind.JOINT_PROGRAM,),
}
#: Catalog ids whose members are the EU's, for EU arms embargoes: the first present.
EU_MEMBERSHIP = ("european_union", "eu_csdp")
_NATO = "nato"

_COLEMAN = Citation(
    "coleman_1971",
    "Coleman, James S. 1971. Control of Collectivities and the Power of a Collectivity to "
    "Act. In Social Choice, ed. Bernhardt Lieberman, 269-300. London: Gordon and Breach.",
    label="Coleman (1971)",
)
_METHODS = (
    Citation(
        "signorino_ritter_1999",
        "Signorino, Curtis S. & Jeffrey M. Ritter. 1999. Tau-b or Not Tau-b: Measuring the "
        "Similarity of Foreign Policy Positions. International Studies Quarterly 43(1): 115-144.",
        doi="10.1111/0020-8833.00113",
        label="Signorino & Ritter (1999)",
    ),
    Citation(
        "hage_2011",
        "Häge, Frank M. 2011. Choice or Circumstance? Adjusting Measures of Foreign Policy "
        "Similarity for Chance Agreement. Political Analysis 19(3): 287-305.",
        doi="10.1093/pan/mpr023",
        label="Häge (2011)",
    ),
    _PROGRAM_CITATIONS["hartley_2008"],
    _PROGRAM_CITATIONS["wright_1936"],
    _COLEMAN,
)


# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Indicator:
    """One partner-fit indicator of the registry.

    Attributes
    ----------
    name
        Its column in :attr:`PartnerIndicators.frame`.
    factor
        The factor (``political``, ``economic``, ``technological``) or the
        challenge (``distrust``, ``bureaucracy``, ``legal limits`` ...) it measures.
    meaning
        One line.
    sources
        Registry dataset names (``allied data list``) or ``catalog``.
    unit
        What a value counts or measures.
    symmetric
        The same value for (A, B) and (B, A).
    detail
        A directed detail (or raw form) that scores do not use.
    """

    name: str
    factor: str
    meaning: str
    sources: tuple[str, ...]
    unit: str
    symmetric: bool
    detail: bool = False


@cache
def _registry() -> tuple[Indicator, ...]:
    text = resources.files("allied.models").joinpath("data", "partner_indicators.yaml")
    entries = yaml.safe_load(text.read_text(encoding="utf-8"))["indicators"]
    return tuple(
        Indicator(
            name=entry["name"],
            factor=entry["factor"],
            meaning=entry["meaning"],
            sources=tuple(entry["sources"]),
            unit=str(entry["unit"]),
            symmetric=bool(entry["symmetric"]),
            detail=bool(entry.get("detail", False)),
        )
        for entry in entries
    )


INDICATORS: tuple[Indicator, ...] = _registry()
"""The registry of partner-fit indicators, in column order."""


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class PartnerIndicators(Result):
    """Partner-fit indicators of every dyad-year of a span of years.

    Attributes
    ----------
    frame
        ``ccode1``, ``ccode2``, ``year``, ``iso1``, ``iso2``, then one float64
        column per indicator of :data:`INDICATORS` (NaN = missing).
    years
        The inclusive ``(first, last)`` years.
    directed
        Both orders of each dyad, or only ``ccode1 < ccode2``.
    provenance
        The datasets (with editions) and catalog entries behind the values.
    """

    frame: pd.DataFrame
    years: tuple[int, int]
    directed: bool
    provenance: Provenance

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The registry entries of the frame's indicator columns."""
        return tuple(i for i in INDICATORS if i.name in self.frame.columns)

    def to_frame(self) -> pd.DataFrame:
        """The keys and the indicators, one row per dyad-year (a copy)."""
        return self.frame.copy()

    def summary(self) -> str:
        """Rows, years, indicators by factor, the share missing and the sources, as text."""
        shown = [i for i in self.indicators if not i.detail]
        factors: dict[str, int] = {}
        for indicator in shown:
            factors[indicator.factor] = factors.get(indicator.factor, 0) + 1
        first, last = self.years
        span = str(first) if first == last else f"{first}-{last}"
        kind = "directed" if self.directed else "non-directed"
        lines = [
            f"Partner-fit indicators: {len(self):,} {kind} dyad-years, {span}",
            f"  indicators  {len(shown)} (and {len(self.indicators) - len(shown)} details)",
            "  by factor   " + ", ".join(f"{name} {n}" for name, n in factors.items()),
            "  missing     "
            + (
                ", ".join(
                    f"{i.name} {self.frame[i.name].isna().mean():.1%}"
                    for i in shown
                    if self.frame[i.name].isna().any()
                )
                or "none"
            ),
            f"  sources     {_sources_line(self.provenance)}",
        ]
        return "\n".join(lines)

    def citations(self) -> list[Citation]:
        """The methods' references, then the datasets and catalog entries."""
        return list(dict.fromkeys([*_METHODS, *self.provenance.citations()]))


def _sources_line(provenance: Provenance) -> str:
    """The datasets with their editions, then the number of catalog entries used."""
    pairs = zip(provenance.sources, provenance.editions, strict=True)
    datasets = [(s, e) for s, e in pairs if not e.startswith("catalog")]
    used = len(provenance.sources) - len(datasets)
    text = ", ".join(f"{source} ({edition})" for source, edition in datasets)
    return f"{text}; {used} catalog entries" if used else text


# --------------------------------------------------------------------------- computing


def partner_indicators(inputs: PartnerInputs) -> PartnerIndicators:
    """Every partner-fit indicator of :data:`INDICATORS` for the dyad-years of ``inputs``.

    Parameters
    ----------
    inputs
        From :func:`allied.panel.partner_inputs`.

    Returns
    -------
    PartnerIndicators
        The keys and one float64 column per indicator (see the module notes
        for each definition).

    Raises
    ------
    InputError
        ``inputs`` is not a :class:`~allied.panel.PartnerInputs`.

    Notes
    -----
    Data sources: as ``inputs.provenance`` (COW states, ATOP 5.1, V-Dem via
    isard, UNGA ideal points, NMC 7.0, World Bank, SIPRI, strategic rivalries,
    the catalog).

    Examples
    --------
    Needs the datasets of :func:`allied.panel.partner_inputs` in the cache::

        from allied.models import partner_indicators
        from allied.panel import partner_inputs
        table = partner_indicators(partner_inputs(2018, directed=True)).to_frame()
    """
    if not isinstance(inputs, PartnerInputs):
        raise InputError(
            f"partner_indicators needs PartnerInputs, not {type(inputs).__name__}",
            where="partner_indicators(inputs)",
            fix="Build them with allied.panel.partner_inputs(years).",
        )
    missing = [c for c in INPUT_COLUMNS if c not in inputs.frame.columns]
    if missing:
        raise InputError(
            f"the inputs' frame lacks the column(s) {', '.join(missing)}",
            where="partner_indicators(inputs)",
            fix="Build the inputs with allied.panel.partner_inputs(years), which joins them.",
        )
    panel = add_similarity(inputs.panel, ["s_abs", "kappa"], portfolios=inputs.portfolios)
    frame = panel.frame
    values: dict[str, np.ndarray] = {
        "s_abs": frame["s_abs"].to_numpy(np.float64),
        "kappa": frame["kappa"].to_numpy(np.float64),
        **_political(frame),
        **_capacity(frame),
        **program_savings(
            _float(frame, "milex_usd_constant1"), _float(frame, "milex_usd_constant2")
        ),
        **production_savings(
            _float(frame, "milex_usd_constant1"), _float(frame, "milex_usd_constant2")
        ),
        "rivalry": _float(frame, "ongoingrivalry"),
        **_windows(frame),
        **_catalog_indicators(inputs),
    }
    keys = {name: frame[name] for name in KEYS}
    ordered = {i.name: values[i.name] for i in INDICATORS}
    table = pd.concat(
        [pd.DataFrame(keys).reset_index(drop=True), pd.DataFrame(ordered, copy=False)], axis=1
    )
    return PartnerIndicators(table, inputs.years, inputs.directed, inputs.provenance)


def _float(frame: pd.DataFrame, column: str) -> np.ndarray:
    values: np.ndarray = frame[column].to_numpy(np.float64, na_value=np.nan)
    return values


def _political(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    distance = _float(frame, "ideal_point_distance")
    return {
        "ideal_point_distance": distance,
        "ideal_point_change_10y": distance - _float(frame, "ideal_point_distance_before"),
        "regime_similarity": 1
        - np.abs(_float(frame, "v2x_polyarchy1") - _float(frame, "v2x_polyarchy2")),
        "capdist_log": np.log10(1 + _float(frame, "capdist")),
    }


def _windows(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The ten-year window columns as they are, and the two derived from them."""
    values = {name: _float(frame, name) for name in WINDOW_COLUMNS}
    since = values["years_since_dispute"]
    values["dispute_recency"] = np.maximum(0.0, 1 - since / RECENCY_YEARS)
    values["arms_exports_log_max"] = np.maximum(
        values["arms_exports_log_1"], values["arms_exports_log_2"]
    )
    return values


def _log_sum_and_ratio(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:math:`\\log_{10}(a + b)` (NaN unless positive) and :math:`|\\log_{10}(a / b)|`
    (NaN unless both are positive)."""
    total = first + second
    both = (first > 0) & (second > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_sum = np.where(total > 0, np.log10(np.where(total > 0, total, 1.0)), np.nan)
        # A difference of logs, not the log of a quotient: a - b is exactly -(b - a).
        logs = [np.log10(np.where(both, side, 1.0)) for side in (first, second)]
        ratio = np.where(both, np.abs(logs[0] - logs[1]), np.nan)
    return log_sum, ratio


def _capacity(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    gdp_sum, gdp_ratio = _log_sum_and_ratio(
        _float(frame, "gdp_usd_current1"), _float(frame, "gdp_usd_current2")
    )
    milex_sum, milex_ratio = _log_sum_and_ratio(
        _float(frame, "milex_usd_constant1"), _float(frame, "milex_usd_constant2")
    )
    return {
        "gdp_log_sum": gdp_sum,
        "milex_log_sum": milex_sum,
        "cinc_sum": _float(frame, "cinc1") + _float(frame, "cinc2"),
        "gdp_ratio_log": gdp_ratio,
        "milex_ratio_log": milex_ratio,
    }


def _cost_shares(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each side's share of the two budgets (NaN unless both are known and the sum positive).

    Each is its budget over the sum (not one minus the other's), so swapping the sides
    swaps the shares bit for bit.
    """
    total = first + second
    known = np.isfinite(total) & (total > 0)
    divisor = np.where(known, total, 1.0)
    return np.where(known, first / divisor, np.nan), np.where(known, second / divisor, np.nan)


def program_savings(first: np.ndarray, second: np.ndarray) -> dict[str, np.ndarray]:
    r"""Development savings of a two-nation program with cost shares by budget.

    :math:`1 - s_i \sqrt 2`: what partner *i* saves, as a fraction of
    developing alone, when the program costs :math:`D \sqrt 2` (Hartley's
    square-root rule) and *i* pays the share :math:`s_i = b_i / (b_1 + b_2)`
    of it. Equal to :func:`allied.models.collaboration_economics` with these
    shares and ``national_development_cost=1``.

    Returns ``program_saving_1``, ``program_saving_2`` and ``program_saving_min``.

    Examples
    --------
    >>> out = program_savings(np.array([3.0]), np.array([1.0]))
    >>> [round(float(out[k][0]), 4) for k in ("program_saving_1", "program_saving_2")]
    [-0.0607, 0.6464]
    """
    share1, share2 = _cost_shares(first, second)
    saving1, saving2 = 1 - share1 * math.sqrt(2), 1 - share2 * math.sqrt(2)
    return {
        "program_saving_1": saving1,
        "program_saving_2": saving2,
        "program_saving_min": np.minimum(saving1, saving2),
    }


@cache
def _average_costs(top: int) -> np.ndarray:
    """:math:`\\bar c(n) = C(n)/n` of the 90 % curve with :math:`T_1 = 1`, for n = 0..top
    (n = 0 as NaN), summed exactly by :meth:`LearningCurve.cumulative_cost`."""
    units = np.arange(top + 1)
    cumulative = LearningCurve(1.0, PRODUCTION_SLOPE).cumulative_cost(units)
    with np.errstate(invalid="ignore", divide="ignore"):
        average: np.ndarray = cumulative / units
    average[0] = np.nan
    return average


def reference_quantities(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Units each side buys of the reference buy: :math:`\\max(1, \\mathrm{rint}(100 s_i))`
    (0 where the shares are unknown)."""
    share1, share2 = _cost_shares(first, second)
    known = np.isfinite(share1)
    units = [
        np.where(known, np.maximum(1, np.rint(REFERENCE_UNITS * np.nan_to_num(s))), 0).astype(
            np.int64
        )
        for s in (share1, share2)
    ]
    return units[0], units[1]


def production_savings(first: np.ndarray, second: np.ndarray) -> dict[str, np.ndarray]:
    r"""Unit-cost savings of one pooled production line against two, quantities by budget.

    Partner *i* buys :math:`q_i` units (:func:`reference_quantities`); alone it
    pays :math:`C(q_i)` on a 90 % Wright curve, pooled :math:`q_i C(Q)/Q`. Its
    saving as a fraction of the cost alone is :math:`1 - \bar c(Q)/\bar c(q_i)`,
    equal to ``savings_pct / 100`` of :func:`allied.models.pooling_savings`.

    Returns ``production_saving_1``, ``production_saving_2`` and
    ``production_saving_min``.

    Examples
    --------
    >>> out = production_savings(np.array([1.0]), np.array([1.0]))
    >>> round(float(out["production_saving_min"][0]), 4)
    0.0956
    """
    units1, units2 = reference_quantities(first, second)
    average = _average_costs(2 * REFERENCE_UNITS + 2)
    known = units1 > 0
    pooled = average[units1 + units2]
    saving1 = np.where(known, 1 - pooled / average[np.maximum(units1, 1)], np.nan)
    saving2 = np.where(known, 1 - pooled / average[np.maximum(units2, 1)], np.nan)
    return {
        "production_saving_1": saving1,
        "production_saving_2": saving2,
        "production_saving_min": np.minimum(saving1, saving2),
    }


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True)
class _Year:
    """One year's catalog: ``members[i, k]`` is 1 when state ``i`` belongs to arrangement
    ``k`` on 31 December; ``targets`` the same for the states an embargo targets."""

    members: np.ndarray
    targets: np.ndarray


def _catalog_indicators(inputs: PartnerInputs) -> dict[str, np.ndarray]:
    """The catalog indicators of every row, year by year (matrix products over states)."""
    frame = inputs.frame
    code1, code2 = (frame[c].to_numpy(np.int64) for c in ("ccode1", "ccode2"))
    year = frame["year"].to_numpy(np.int64)
    rows = inputs.memberships
    codes = np.unique(np.concatenate([code1, code2, rows["ccode"].to_numpy(np.int64)]))
    ids = sorted(inputs.arrangements)
    at = {arrangement_id: index for index, arrangement_id in enumerate(ids)}
    plan = _Plan.of([inputs.arrangements[i] for i in ids], at)
    names = [*SHARED_KINDS, "nato_standardization", "decision_cost"]
    names += ["export_control_mismatch", "arms_embargo"]
    out = {name: np.full(len(frame), np.nan) for name in names}
    state = np.searchsorted(codes, rows["ccode"].to_numpy(np.int64))
    column = rows["arrangement"].map(at).to_numpy(np.int64)
    member = (rows["relation"] == "member").to_numpy()
    target = (rows["relation"] != "member").to_numpy()
    row_year = rows["year"].to_numpy(np.int64)
    first, second = np.searchsorted(codes, code1), np.searchsorted(codes, code2)
    for this_year in np.unique(year):
        chosen = np.flatnonzero(year == this_year)
        listed = row_year == this_year
        matrices = _Year(
            members=_matrix(len(codes), len(ids), state[listed & member], column[listed & member]),
            targets=_matrix(len(codes), len(ids), state[listed & target], column[listed & target]),
        )
        values = plan.year_values(matrices)
        a, b = first[chosen], second[chosen]
        for name, matrix in values.items():
            out[name][chosen] = matrix[a, b]
    return out


def _matrix(
    n_states: int, n_arrangements: int, state: np.ndarray, column: np.ndarray
) -> np.ndarray:
    matrix = np.zeros((n_states, n_arrangements))
    matrix[state, column] = 1.0
    return matrix


@dataclass(frozen=True)
class _Plan:
    """Which catalog columns each indicator reads, and each arrangement's decision rule."""

    kinds: dict[str, np.ndarray]
    collaborations: np.ndarray
    regimes: np.ndarray
    nato: np.ndarray
    nato_partners: np.ndarray
    un_embargoes: np.ndarray
    eu_embargoes: np.ndarray
    eu: np.ndarray
    rule_power: np.ndarray
    ids: tuple[str, ...]

    @classmethod
    def of(cls, arrangements: list[Arrangement], at: dict[str, int]) -> _Plan:
        def where(test: Callable[[Arrangement], bool]) -> np.ndarray:
            return np.array([test(a) for a in arrangements], dtype=bool)

        eu_id = next((i for i in EU_MEMBERSHIP if i in at), None)
        return cls(
            kinds={name: _of_kinds(arrangements, kinds) for name, kinds in SHARED_KINDS.items()},
            collaborations=where(lambda a: a.kind.is_collaboration),
            regimes=where(lambda a: a.kind is Kind.EXPORT_CONTROL_REGIME and a.members_complete),
            nato=where(lambda a: a.id == _NATO),
            nato_partners=where(
                lambda a: a.kind is Kind.PARTNERSHIP_FRAMEWORK and a.parent == _NATO
            ),
            un_embargoes=where(lambda a: _imposed_by(a, EmbargoBody.UN_SECURITY_COUNCIL)),
            eu_embargoes=where(lambda a: _imposed_by(a, EmbargoBody.EUROPEAN_UNION)),
            eu=where(lambda a: a.id == eu_id),
            rule_power=np.array([_rule_power(a.decision_rule) for a in arrangements]),
            ids=tuple(a.id for a in arrangements),
        )

    def year_values(self, year: _Year) -> dict[str, np.ndarray]:
        """Each catalog indicator as a states x states matrix for one year."""
        members = year.members
        values = {name: _shared(members[:, kinds]) for name, kinds in self.kinds.items()}
        level = np.maximum(
            2 * members[:, self.nato].max(axis=1, initial=0),
            members[:, self.nato_partners].max(axis=1, initial=0),
        )
        values["nato_standardization"] = np.minimum.outer(level, level)
        regimes = members[:, self.regimes]
        count = regimes.sum(axis=1)
        values["export_control_mismatch"] = count[:, None] + count[None, :] - 2 * _shared(regimes)
        values["arms_embargo"] = self._embargo(year)
        values["decision_cost"] = self._decision_cost(members)
        return values

    def _embargo(self, year: _Year) -> np.ndarray:
        un = year.targets[:, self.un_embargoes].max(axis=1, initial=0) > 0
        eu_target = year.targets[:, self.eu_embargoes].max(axis=1, initial=0) > 0
        eu_member = year.members[:, self.eu].max(axis=1, initial=0) > 0
        either = un[:, None] | un[None, :]
        across = (eu_target[:, None] & eu_member[None, :]) | (
            eu_member[:, None] & eu_target[None, :]
        )
        embargoed: np.ndarray = (either | across).astype(np.float64)
        return embargoed

    def _decision_cost(self, members: np.ndarray) -> np.ndarray:
        """1 - power to act of the largest collaboration each pair shares (0.75 if none)."""
        size = members.sum(axis=0)
        candidates = np.flatnonzero(self.collaborations & (size > 0))
        # Largest first, ties by id; written smallest first so the largest is written last.
        order = sorted(candidates, key=lambda k: (-size[k], self.ids[k]))
        cost = np.full((members.shape[0], members.shape[0]), NEW_BILATERAL_COST)
        for k in reversed(order):
            inside = np.flatnonzero(members[:, k])
            power = self.rule_power[k] if np.isfinite(self.rule_power[k]) else 2.0 ** -size[k]
            cost[np.ix_(inside, inside)] = 1 - power
        return cost


def _of_kinds(arrangements: list[Arrangement], kinds: tuple[Kind, ...]) -> np.ndarray:
    return np.array([a.kind in kinds for a in arrangements], dtype=bool)


def _shared(block: np.ndarray) -> np.ndarray:
    """Arrangements of ``block`` (states x arrangements, 0/1) each pair belongs to."""
    shared: np.ndarray = block @ block.T
    return shared


def _imposed_by(arrangement: Arrangement, body: EmbargoBody) -> bool:
    return arrangement.embargo is not None and arrangement.embargo.imposed_by is body


@cache
def _rule_power(rule: str | None) -> float:
    """Coleman's power to act of a catalog decision rule (NaN without one)."""
    if rule is None:
        return math.nan
    power = voting_power(rule)
    return float(power.winning_coalitions / 2**power.game.n)


# --------------------------------------------------------------------------- one state


def dyad_indicators(
    a: str, b: str, *, year: int, catalog: Catalog | None = None
) -> PartnerIndicators:
    """The partner-fit indicators of the directed dyad (a, b) in one year.

    Parameters
    ----------
    a, b
        Any name or code of each state (``"USA"``, ``"Australia"``).
    year
        The year; both must be members of the COW state system then.
    catalog
        The catalog to read memberships from; the embedded one by default.

    Returns
    -------
    PartnerIndicators
        One row, ``ccode1`` = a.

    Raises
    ------
    NotFoundError
        An unknown state.
    InputError
        The same state twice; a state outside the COW system that year; a
        year before 1816 or in the future.

    Examples
    --------
    Needs the datasets of :func:`allied.panel.partner_inputs`::

        dyad_indicators("USA", "AUS", year=2018).to_frame()
    """
    first, second = _state_code(a, year, "a"), _state_code(b, year, "b")
    if first == second:
        raise InputError(
            f"{a!r} and {b!r} are the same state",
            where="arguments a, b",
            fix="Give two different states.",
        )
    table = focal_indicators(a, year=year, catalog=catalog)
    chosen = table.frame[table.frame["ccode2"] == second].reset_index(drop=True)
    if chosen.empty:
        raise _not_in_system(b, year, "b")
    return PartnerIndicators(chosen, table.years, True, table.provenance)


def focal_indicators(focal: str, *, year: int, catalog: Catalog | None = None) -> PartnerIndicators:
    """The partner-fit indicators of one state against every other state of a year.

    Parameters
    ----------
    focal
        Any name or code of the state.
    year
        The year; the state must be a member of the COW state system then.
    catalog
        The catalog to read memberships from; the embedded one by default.

    Returns
    -------
    PartnerIndicators
        One directed row (focal, other) per other system member, by ``ccode2``.

    Raises
    ------
    NotFoundError
        An unknown state.
    InputError
        A state outside the COW system that year; a year before 1816 or in
        the future.

    Examples
    --------
    Needs the datasets of :func:`allied.panel.partner_inputs`::

        focal_indicators("Poland", year=2018).to_frame()
    """
    code = _state_code(focal, year, "focal")
    table = partner_indicators(partner_inputs(year, directed=True, catalog=catalog))
    chosen = table.frame[table.frame["ccode1"] == code].reset_index(drop=True)
    if chosen.empty:
        raise _not_in_system(focal, year, "focal")
    return PartnerIndicators(chosen, table.years, True, table.provenance)


def _state_code(state: str, year: int, argument: str) -> int:
    """The COW code ``state`` held on 31 December of ``year`` (the year checked first)."""
    check_years_within(
        (year, year),
        partner_years(),
        where="argument year",
        data="the COW state system (extended through this year)",
    )
    record = lookup(state)
    try:
        return int(resolve(record.iso3, system="cow", on=date(year, 12, 31)))
    except NotFoundError:
        raise _not_in_system(state, year, argument) from None


def _not_in_system(state: str, year: int, argument: str) -> InputError:
    return InputError(
        f"{state!r} was not a member of the COW state system in {year}",
        where=f"argument {argument}",
        fix="Choose a year in which it was an independent state in the COW system "
        "(`allied states list` shows its COW code; the COW system list gives its dates).",
    )


def indicator_names(*, details: bool = False) -> list[str]:
    """Names of the registry's indicators (with ``details``, the directed details too)."""
    return [i.name for i in INDICATORS if details or not i.detail]
