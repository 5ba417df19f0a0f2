"""The data alliance portfolios are formed from: system members, ATOP ties, CINC weights.

A state's alliance portfolio in a year is its valued tie toward every member
of the COW state system that year (:mod:`allied.measures.similarity`). This
builder reads what those portfolios need from the cache, for a span of years:

* the COW system members of each year (``cow-states``, extended through
  ATOP's last year for states alive at the end of the spells);
* the pairs of members that share a year but not a single day of it (one
  left before the other entered: peacesciencer's "false" dyads, see
  :func:`allied.panel.coexistence_gaps`), whose tie is undefined that year;
* ATOP's directed dyad-year obligations (row (A, B): A's obligations toward B);
* with ``cinc=True``, each state's CINC from COW National Material
  Capabilities 7.0, the weights of the weighted measures.

The measures (:func:`allied.measures.dyad_similarity`,
:func:`allied.measures.add_similarity`) turn them into portfolios and
similarities without reading anything.

Data sources: COW State System Membership v2016; ATOP 5.1 (Leeds et al.
2002); COW National Material Capabilities 7.0 for CINC weights.

References
----------
.. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
.. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative peace
   science research. Conflict Management and Peace Science, 39(6), 755-779.
   https://doi.org/10.1177/07388942221077926
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allied._validation import check_years_within
from allied.panel._build import coexistence_gaps, state_years
from allied.panel._enrich import atop_dyads
from allied.panel._panel import YearRange, parse_years
from allied.panel._provenance import Provenance, registered
from allied.sources import OBLIGATIONS, dataset, load

__all__ = ["AlliancePortfolios", "alliance_portfolios", "portfolio_coverage"]

_SYSTEM, _TIES, _WEIGHTS = "cow-states", "atop", "nmc7"


@dataclass(frozen=True)
class AlliancePortfolios:
    """What the alliance portfolios of a span of years are formed from.

    Attributes
    ----------
    members
        ``ccode`` and ``year`` of every COW system member in the years.
    gaps
        ``code1``, ``code2``, ``year``: members sharing a year but no day of
        it (both orders).
    obligations
        ATOP's allied directed dyad-years in the years: ``ccode1``,
        ``ccode2``, ``year`` and the five obligations (0/1).
    cinc
        ``ccode``, ``year``, ``cinc`` (missing values dropped), or ``None``
        when built without weights.
    years
        The inclusive ``(first, last)`` years built; ``None`` when no year was
        left (``clip=True`` outside the coverage).
    coverage
        The years portfolios exist for: from the later of ATOP's and the COW
        system's first years to ATOP's last, all from the dataset registry
        (:func:`portfolio_coverage`); for frames of one's own, their years.
    system_provenance, ties_provenance
        ``cow-states`` and ``atop``, with their editions and citations.
    weights_provenance
        ``nmc7`` when built with weights (else empty): cited only by the
        weighted measures.
    """

    members: pd.DataFrame
    gaps: pd.DataFrame
    obligations: pd.DataFrame
    cinc: pd.DataFrame | None
    years: YearRange | None
    coverage: YearRange | None
    system_provenance: Provenance
    ties_provenance: Provenance
    weights_provenance: Provenance

    @classmethod
    def from_frames(
        cls,
        members: pd.DataFrame,
        obligations: pd.DataFrame,
        *,
        gaps: pd.DataFrame | None = None,
        cinc: pd.DataFrame | None = None,
        provenance: Provenance | None = None,
    ) -> AlliancePortfolios:
        """Portfolio data from frames of one's own, without the cache.

        Parameters
        ----------
        members
            ``ccode`` and ``year`` of each state in the system.
        obligations
            ``ccode1``, ``ccode2``, ``year`` and the five ATOP obligations
            (0/1) of the allied directed dyad-years.
        gaps
            ``code1``, ``code2``, ``year`` of members sharing a year but no
            day (none by default).
        cinc
            ``ccode``, ``year``, ``cinc``, for the weighted measures.
        provenance
            Where the frames come from (nothing by default).

        Examples
        --------
        >>> members = pd.DataFrame({"ccode": [2, 200], "year": [1950, 1950]})
        >>> pact = pd.DataFrame({"ccode1": [2], "ccode2": [200], "year": [1950], "defense": [1],
        ...                      "offense": [0], "neutral": [0], "nonagg": [0], "consul": [0]})
        >>> data = AlliancePortfolios.from_frames(members, pact)
        >>> data.years, len(data)
        ((1950, 1950), 1)
        """
        years = members["year"]
        span = (int(years.min()), int(years.max())) if len(years) else None
        return cls(
            members=members,
            gaps=gaps if gaps is not None else _nothing(cinc=False)[1],
            obligations=obligations,
            cinc=cinc,
            years=span,
            coverage=span,
            system_provenance=provenance or Provenance(),
            ties_provenance=Provenance(),
            weights_provenance=Provenance(),
        )

    def __len__(self) -> int:
        """Number of years built."""
        return 0 if self.years is None else self.years[1] - self.years[0] + 1

    def flags(self) -> dict[str, np.ndarray]:
        """The five obligation columns by name (``defense`` ... ``consul``), as arrays."""
        return {name: self.obligations[name].to_numpy() for name in OBLIGATIONS}

    def provenance(self, *, weighted: bool = False) -> Provenance:
        """The system and ATOP, and with ``weighted`` the CINC data: what a result cites."""
        used = self.system_provenance + self.ties_provenance
        return used + self.weights_provenance if weighted else used


def portfolio_coverage() -> YearRange:
    """The years alliance portfolios exist for, from the dataset registry.

    ATOP starts in 1815 but the COW state system in 1816, so the first year is
    the later of the two; the last is ATOP's (states alive at the end of the
    COW spells are extended through it).

    Examples
    --------
    >>> portfolio_coverage()
    (1816, 2018)
    """
    first, last = dataset(_TIES).coverage
    return max(first, dataset(_SYSTEM).coverage[0]), last


def alliance_portfolios(
    *, years: YearRange | str | None = None, cinc: bool = False, clip: bool = False
) -> AlliancePortfolios:
    """Read what the alliance portfolios of every COW system member need, year by year.

    Parameters
    ----------
    years
        The years, e.g. ``"1946-2018"`` or ``(1946, 2018)``; all of
        :func:`portfolio_coverage` by default.
    cinc
        Also read each state's CINC (COW NMC 7.0): the weights of the
        ``*_cinc`` measures.
    clip
        Leave out the years outside the coverage instead of refusing them (for
        joining onto a panel whose years reach beyond ATOP's); with no year
        left, nothing is read and the result is empty.

    Returns
    -------
    AlliancePortfolios
        The members, coexistence gaps, obligations (and CINC) of the years,
        the coverage and the provenance.

    Raises
    ------
    InputError
        The years reach outside the coverage (without ``clip``).
    DataNotAvailableError
        ``cow-states``, ``atop`` (or, with ``cinc``, ``nmc7``) is not in the
        cache.

    Notes
    -----
    Data sources: COW State System Membership v2016; ATOP 5.1 (its own
    directed dyad-year file when imported, else the dyad-years derived from
    its member file, see :func:`allied.panel.atop_dyads`); COW National
    Material Capabilities 7.0 for CINC.

    Examples
    --------
    Needs ``allied data import`` of cow-states and atop (and nmc7 for CINC)::

        from allied.panel import alliance_portfolios
        from allied.measures import dyad_similarity
        result = dyad_similarity(alliance_portfolios(years="1946-2018"), ["s_abs", "kappa"])
    """
    coverage = portfolio_coverage()
    chosen = parse_years(years)
    span = coverage if chosen is None else chosen
    if clip:
        span = (max(span[0], coverage[0]), min(span[1], coverage[1]))
    else:
        check_years_within(span, coverage, where="argument years", data="ATOP")
    if span[0] > span[1]:
        members, gaps, obligations, weights = _nothing(cinc)
    else:
        members = state_years("cow", years=span, through=coverage[1]).frame
        gaps = coexistence_gaps("cow", years=span, through=coverage[1])
        obligations = _within(atop_dyads(), span)
        weights = (
            _within(load(_WEIGHTS)[["ccode", "year", "cinc"]].dropna(), span) if cinc else None
        )
    return AlliancePortfolios(
        members=members,
        gaps=gaps,
        obligations=obligations,
        cinc=weights,
        years=span if span[0] <= span[1] else None,
        coverage=coverage,
        system_provenance=registered(_SYSTEM),
        ties_provenance=registered(_TIES),
        weights_provenance=registered(_WEIGHTS) if cinc else Provenance(),
    )


def _within(table: pd.DataFrame, span: YearRange) -> pd.DataFrame:
    """The rows of ``table`` in the years of ``span`` (the table itself when all are)."""
    years = table["year"].to_numpy()
    inside = (years >= span[0]) & (years <= span[1])
    return table if inside.all() else table[inside].reset_index(drop=True)


def _nothing(cinc: bool) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Members, gaps, obligations and CINC of no year."""
    none = np.zeros(0, np.int64)
    members = pd.DataFrame({"ccode": none, "year": none})
    gaps = pd.DataFrame({"code1": none, "code2": none, "year": none})
    keys = {"ccode1": none, "ccode2": none, "year": none}
    obligations = pd.DataFrame({**keys, **{name: none for name in OBLIGATIONS}})
    weights = pd.DataFrame({"ccode": none, "year": none, "cinc": np.zeros(0)}) if cinc else None
    return members, gaps, obligations, weights
