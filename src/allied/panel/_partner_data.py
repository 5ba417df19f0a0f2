"""The inputs of the partner-fit indicators: an enriched COW dyad-year panel and the catalog.

:func:`partner_inputs` builds, for a span of years, everything
:func:`allied.models.partner_indicators` turns into indicators, without
computing any of them:

* the COW dyad-years (directed or not) with ATOP obligations, democracy
  (V-Dem's electoral democracy index among others), the distance between
  capitals (COW capitals, moves by date), UNGA ideal points (and
  their distance ten years before), NMC capabilities, World Bank GDP, SIPRI
  military expenditure and Thompson's strategic rivalries, each an ``add_*``
  step of this package, and the windows of years y-9..y of disputes,
  rivalries and arms transfers (:mod:`allied.panel._partner_windows`);
* the alliance portfolios of the same years (ATOP), from which the models
  layer joins S and kappa (the similarity measures are a layer above this
  one);
* who belongs to which catalog arrangement on 31 December of each year (COW
  codes through the dated ISO3 crosswalk), and whom each arms embargo in
  force that day targets.

Years after the end of the COW state system (2016) extend the states alive
then (``through``); each dataset is NA outside its own coverage (ATOP ends in
2018, NMC 7.0 in 2022, the World Bank GDP in 2023 ...), so a recent year has
fewer indicators rather than an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from allied._ranges import expand_ranges
from allied.catalog import Arrangement, Catalog, load_catalog
from allied.cite import Citation
from allied.errors import InputError
from allied.panel._build import dyad_years
from allied.panel._conflict import add_strategic_rivalries
from allied.panel._covariates import add_democracy
from allied.panel._crosswalk import iso3_code_spells, iso3_years
from allied.panel._enrich import add_atop, add_gdp, add_ideal_points, add_milex, add_nmc
from allied.panel._geography import add_capital_distance
from allied.panel._panel import Panel, YearRange, parse_years
from allied.panel._partner_windows import add_arms_windows, add_dispute_windows
from allied.panel._portfolios import AlliancePortfolios, alliance_portfolios
from allied.panel._provenance import Provenance, from_catalog, registered
from allied.sources import dataset

__all__ = ["CHANGE_YEARS", "PartnerInputs", "catalog_rows", "partner_inputs", "partner_years"]

#: The lag of ``ideal_point_distance_before``: the 10-year change of the distance.
CHANGE_YEARS = 10
#: ``relation`` of a catalog row: a member, or the target of an embargo's full or partial scope.
RELATIONS = ("member", "full", "partial")
_SYSTEM = "cow-states"


@dataclass(frozen=True)
class PartnerInputs:
    """The data the partner-fit indicators of a span of years are computed from.

    Attributes
    ----------
    panel
        The COW dyad-year :class:`~allied.panel.Panel`: keys ``ccode1``,
        ``ccode2``, ``year``; ``iso1``, ``iso2`` (ISO3 of the code held that
        year, NA for states without one); the columns of :func:`add_atop`,
        :func:`add_democracy`, :func:`add_capital_distance`,
        :func:`add_ideal_points` (with
        ``ideal_point_distance_before``, the distance ten years earlier),
        :func:`add_nmc`, :func:`add_gdp`, :func:`add_milex`,
        :func:`add_strategic_rivalries`, and the ten-year windows of
        :func:`add_dispute_windows` (COW MIDs and rivalries) and
        :func:`add_arms_windows` (SIPRI arms transfers).
    portfolios
        The alliance portfolios of the years (clipped to ATOP's), from which
        S and kappa are measured.
    memberships
        ``ccode``, ``year``, ``arrangement``, ``relation``: each state that
        belongs to a catalog arrangement on 31 December of a year
        (``member``), or that an arms embargo in force that day targets
        (``full`` or ``partial``, the embargo's scope in that state).
    arrangements
        The catalog arrangements, by id (kind, parent, decision rule, embargo
        terms).
    years
        The inclusive ``(first, last)`` years.
    directed
        Both orders of each dyad, or only ``ccode1 < ccode2``.
    provenance
        The datasets (with editions) and catalog entries behind the data.
    """

    panel: Panel
    portfolios: AlliancePortfolios
    memberships: pd.DataFrame
    arrangements: dict[str, Arrangement]
    years: YearRange
    directed: bool
    provenance: Provenance

    @property
    def frame(self) -> pd.DataFrame:
        """The enriched dyad-year frame."""
        return self.panel.frame

    def __len__(self) -> int:
        return len(self.panel)

    def citations(self) -> list[Citation]:
        """The works to cite: the datasets and catalog entries used."""
        return self.provenance.citations()


def partner_inputs(
    years: YearRange | str | int | Iterable[int],
    *,
    directed: bool = False,
    through: int | None = None,
    catalog: Catalog | None = None,
) -> PartnerInputs:
    """Read and join everything the partner-fit indicators of ``years`` need.

    Parameters
    ----------
    years
        A year, ``"1946-2018"``, ``(first, last)`` or an iterable of years
        (its first to its last).
    directed
        Both orders of every dyad (about 37,000 rows a year today) or only
        ``ccode1 < ccode2`` (default).
    through
        Extend the states alive at the end of the COW system data (2016)
        through this year; by default the last year asked for when it is
        later than 2016 (so 2018 or 2022 work), else nothing.
    catalog
        The catalog whose memberships are read; the embedded one by default.

    Returns
    -------
    PartnerInputs

    Raises
    ------
    InputError
        Years before the state system's first, or in the future.
    DataNotAvailableError
        A dataset the steps read is not in the cache (``allied data import``).

    Notes
    -----
    Data sources: COW State System Membership v2016; ATOP 5.1; isard 0.2.0
    (V-Dem); Bailey, Strezhnev & Voeten UNGA ideal points; COW NMC 7.0; World
    Bank WDI; SIPRI Military Expenditure Database; Thompson, Sakuwa & Suhas
    strategic rivalries; COW MID 5.0; the SIPRI Arms Transfers Database; the
    allied catalog.

    Examples
    --------
    Needs the datasets above in the cache::

        from allied.panel import partner_inputs
        inputs = partner_inputs(2018, directed=True)
        len(inputs)  # 37,830 directed dyads
    """
    span = _year_span(years)
    extend = _through(span, through)
    panel = dyad_years("cow", directed=directed, years=span, through=extend)
    panel = panel.pipe(add_atop).pipe(add_democracy).pipe(add_capital_distance)
    panel = panel.pipe(add_ideal_points)
    panel = panel.pipe(add_nmc).pipe(add_gdp).pipe(add_milex).pipe(add_strategic_rivalries)
    panel = panel.pipe(add_dispute_windows).pipe(add_arms_windows)
    panel = panel.with_columns(
        {"ideal_point_distance_before": _distance_years_before(panel, CHANGE_YEARS)}
    )
    panel = panel.with_columns(_iso_columns(panel))
    chosen = catalog or load_catalog()
    memberships = catalog_rows(chosen, span)
    used = [a for a in chosen if a.id in set(memberships["arrangement"])]
    provenance = registered(_SYSTEM, *panel.sources) + from_catalog(used, chosen.origin)
    return PartnerInputs(
        panel=panel,
        portfolios=alliance_portfolios(years=span, clip=True),
        memberships=memberships,
        arrangements={a.id: a for a in chosen},
        years=span,
        directed=directed,
        provenance=provenance,
    )


def partner_years() -> YearRange:
    """The years :func:`partner_inputs` accepts: from the COW system's first year (in the
    dataset registry) to this year (the states alive in 2016 extended through it).

    Examples
    --------
    >>> partner_years()[0]
    1816
    """
    return dataset(_SYSTEM).coverage[0], date.today().year


def _year_span(years: YearRange | str | int | Iterable[int]) -> YearRange:
    span = parse_years(str(years) if isinstance(years, int) else years)
    if span is None:
        raise InputError(
            "no years given",
            where="argument years",
            fix="Give a year or a span: 2018, '1946-2018'.",
        )
    return span


def _through(span: YearRange, through: int | None) -> int | None:
    """``through`` as given, else the last year when it lies after the COW system's data."""
    if through is not None:
        return through
    last = dataset(_SYSTEM).coverage[1]
    if span[1] <= last:
        return None
    this_year = date.today().year
    if span[1] > this_year:
        raise InputError(
            f"the years reach {span[1]}, which is in the future (this is {this_year})",
            where="argument years",
            fix=f"Ask for years up to {this_year}; each dataset covers its own years "
            "(ATOP to 2018, NMC to 2022 ...) and is NA after them.",
        )
    return span[1]


def _distance_years_before(panel: Panel, lag: int) -> np.ndarray:
    """The UNGA ideal-point distance of each dyad ``lag`` years before its year (NaN where
    either state has no ideal point then, or outside the data)."""
    frame = panel.frame
    earlier = Panel(
        pd.DataFrame(
            {
                "ccode1": frame["ccode1"].to_numpy(np.int64),
                "ccode2": frame["ccode2"].to_numpy(np.int64),
                "year": frame["year"].to_numpy(np.int64) - lag,
            }
        ),
        "dyad-year",
        "cow",
        directed=panel.directed,
    )
    distance: np.ndarray = add_ideal_points(earlier).frame["ideal_point_distance"].to_numpy()
    return distance


def _iso_columns(panel: Panel) -> dict[str, object]:
    """``iso1``, ``iso2``: the ISO3 code of the state holding each COW code that year."""
    held = iso3_code_spells("cow").sort_values("end", kind="stable")
    held = held.drop_duplicates(["code", "year"], keep="last")
    lookup = pd.Series(
        held["iso3"].to_numpy(object),
        index=pd.MultiIndex.from_arrays([held["code"].to_numpy(np.int64), held["year"]]),
    )
    year = panel.frame["year"].to_numpy(np.int64)
    columns: dict[str, object] = {}
    for side in ("1", "2"):
        keys = pd.MultiIndex.from_arrays([panel.frame[f"ccode{side}"].to_numpy(np.int64), year])
        columns[f"iso{side}"] = pd.array(lookup.reindex(keys).to_numpy(object), dtype="string")
    return columns


def catalog_rows(catalog: Catalog, years: YearRange) -> pd.DataFrame:
    """Who belongs to (or is targeted by) each catalog arrangement on 31 December of each year.

    Returns ``ccode``, ``year``, ``arrangement``, ``relation`` (``member``,
    or an embargo target's scope ``full``/``partial``): one row per state,
    year and arrangement (a state that both left and rejoined within a year
    counts once). ISO3 codes become the COW code held at the end of the year;
    states without one (microstates COW does not list) are left out.
    """
    spells = pd.DataFrame(
        [row for arrangement in catalog for row in _spells(arrangement)],
        columns=["iso3", "start", "end", "arrangement", "relation"],
    )
    # The first 31 December on or after a start is that of its own year.
    first = spells["start"].map(lambda start: start.year).to_numpy(np.int64)
    last = spells["end"].map(lambda end: _last_year(end, years[1])).to_numpy(np.int64)
    first, last = np.maximum(first, years[0]), np.minimum(last, years[1])
    row, year = expand_ranges(first, np.maximum(last - first + 1, 0))
    rows = pd.DataFrame(
        {
            "iso3": spells["iso3"].to_numpy(object)[row],
            "year": year,
            "arrangement": spells["arrangement"].to_numpy(object)[row],
            "relation": spells["relation"].to_numpy(object)[row],
        }
    )
    coded = rows.merge(iso3_years("cow"), on=["iso3", "year"], how="inner")
    coded = coded.drop_duplicates(["code", "year", "arrangement"]).rename(columns={"code": "ccode"})
    return coded[["ccode", "year", "arrangement", "relation"]].sort_values(
        ["year", "arrangement", "ccode"], ignore_index=True
    )


def _spells(arrangement: Arrangement) -> list[tuple[str, date, date | None, str, str]]:
    """(iso3, first day, last day or None, id, relation) of each member or embargo target."""
    if arrangement.embargo is not None:
        return [
            (t.state, arrangement.start, arrangement.ended, arrangement.id, t.scope.value)
            for t in arrangement.embargo.targets
        ]
    return [
        (m.state, arrangement.joined(m), arrangement.left(m), arrangement.id, "member")
        for m in arrangement.members
    ]


def _last_year(end: date | None, open_end: int) -> int:
    """The last year whose 31 December falls on or before ``end`` (``open_end`` if none)."""
    if end is None or pd.isna(end):
        return open_end
    return end.year if (end.month, end.day) == (12, 31) else end.year - 1
