"""Alliance onsets: the non-directed dyad-years in which two states form a new ATOP alliance.

The outcome of the partner-fit backtest (:func:`allied.models.backtest`). For
each non-directed COW dyad-year (``ccode1 < ccode2``) of the years asked for:

* ``allied`` = 1 if in year *t* the two share an ATOP alliance carrying the
  obligation (``"any"``: at least one of defense, offense, neutrality,
  non-aggression or consultation), in either direction: a dyad counts as
  allied when ATOP's directed dyad-years give A that obligation toward B or
  B toward A (asymmetric alliances, where only one side is bound, count);
* ``allied_before`` = 1 if they shared one in *t - 1*;
* ``onset`` = 1 if ``allied`` and not ``allied_before``;
* ``at_risk`` = 1 if the dyad was a dyad of the state system in *t - 1*
  (both states members on a common day of that year, as
  :func:`allied.panel.dyad_years` defines dyad-years) and did not share such
  an alliance in *t - 1*.

A state's first year in the system (and a state's first year back after an
interruption such as occupation) puts each of its dyads outside the risk
set: nothing about the pair was observed in *t - 1*, so a new state that
enters the system already allied (e.g. by a treaty signed at independence)
has ``onset`` = 1 but ``at_risk`` = 0, and the backtest, which models only
dyad-years at risk, leaves it out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allied._validation import check_choice, check_years_within, parse_years
from allied.panel._build import dyad_years
from allied.panel._enrich import atop_dyads
from allied.panel._graphs import OBLIGATION_CHOICES
from allied.panel._panel import Panel, YearRange
from allied.sources import OBLIGATIONS, dataset

__all__ = ["alliance_onsets", "onset_years"]

# Keys packed into one integer: (ccode1 * _CODES + ccode2) * _YEARS + year.
_CODES, _YEARS = 1_000, 10_000


def alliance_onsets(years: YearRange | str = "1946-2018", *, obligation: str = "any") -> Panel:
    """New ATOP alliances between two states, by non-directed COW dyad-year.

    Parameters
    ----------
    years
        The onset years, e.g. ``"1946-2018"``; the year before the first is
        read too, so the first year must come after ATOP's first (1815).
    obligation
        ``"any"`` (default) or one ATOP obligation: ``"defense"``,
        ``"offense"``, ``"neutral"``, ``"nonagg"``, ``"consul"``.

    Returns
    -------
    Panel
        Undirected COW dyad-years (``ccode1 < ccode2``) of ``years`` with
        ``allied``, ``allied_before``, ``onset`` and ``at_risk`` (int8 0/1).

    Notes
    -----
    ``onset`` = ``allied``(t) and not ``allied``(t-1); ``at_risk`` = the
    dyad existed in t-1 and was not allied then (see the module notes for
    states entering the system). The onset rate among the dyad-years at
    risk is the hazard of a new alliance.

    Data sources: ATOP 5.1 directed dyad-years (Leeds et al. 2002), COW
    State System Membership v2016.

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
       Alliance Treaty Obligations and Provisions, 1815-1944. International
       Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
    """
    check_choice(obligation, OBLIGATION_CHOICES, argument="obligation")
    first, last = onset_years(years)
    states_end = dataset("cow-states").coverage[1]
    panel = dyad_years(
        "cow",
        directed=False,
        years=(first - 1, last),
        through=last if last > states_end else None,
    )
    frame = panel.frame
    keys = _packed(frame["ccode1"], frame["ccode2"], frame["year"])
    allied_keys = _allied_keys(obligation)
    allied = np.isin(keys, allied_keys)
    allied_before = np.isin(keys - 1, allied_keys)
    existed_before = np.isin(keys - 1, keys)
    keep = frame["year"].to_numpy() >= first
    result = frame.loc[keep, ["ccode1", "ccode2", "year"]].reset_index(drop=True)
    result["allied"] = allied[keep].astype(np.int8)
    result["allied_before"] = allied_before[keep].astype(np.int8)
    result["onset"] = (allied & ~allied_before)[keep].astype(np.int8)
    result["at_risk"] = (existed_before & ~allied_before)[keep].astype(np.int8)
    return Panel(result, "dyad-year", "cow", directed=False, sources=(*panel.sources, "atop"))


def onset_years(years: YearRange | str) -> YearRange:
    """``years`` as ``(first, last)`` if ATOP can code their onsets: every year and the
    one before the first within ATOP's coverage (the dataset registry's).

    Examples
    --------
    >>> onset_years("1946-2018")
    (1946, 2018)
    """
    first_atop, last_atop = dataset("atop").coverage
    return check_years_within(
        parse_years(years), (first_atop + 1, last_atop), where="argument years", data="ATOP"
    )


def _packed(code1: pd.Series, code2: pd.Series, year: pd.Series) -> np.ndarray:
    """One int64 per (ccode1, ccode2, year); the previous year's key is one less."""
    packed: np.ndarray = (
        code1.to_numpy(np.int64) * _CODES + code2.to_numpy(np.int64)
    ) * _YEARS + year.to_numpy(np.int64)
    return packed


def _allied_keys(obligation: str) -> np.ndarray:
    """Packed non-directed keys of the dyad-years whose states share ``obligation``."""
    dyads = atop_dyads()
    names = list(OBLIGATIONS) if obligation == "any" else [obligation]
    holds = dyads[names].to_numpy().max(axis=1) > 0
    dyads = dyads.loc[holds]
    low = np.minimum(dyads["ccode1"], dyads["ccode2"])
    high = np.maximum(dyads["ccode1"], dyads["ccode2"])
    return np.unique(_packed(low, high, dyads["year"]))
