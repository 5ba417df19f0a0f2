"""``add_*`` steps for state covariates: democracy, IGOs, fractionalization, GDP, threat.

Each follows the rule of the peacesciencer verb of the same name (Miller
2022; R/add_*.R of peacesciencer 1.2.9): a left join of state-year values
(suffixes 1 and 2 on dyad-years, for the first and the second state), or of
the non-directed dyad-year IGO counts, onto the panel's rows. A state-year or
dyad-year the data do not list is NA, as in peacesciencer (none of these
datasets has a registry ``fill``), and every value is NA outside the dataset's
coverage. Datasets published for both state systems (democracy, simulated GDP)
join G-W panels from their own G-W table; COW-coded data join G-W panels
through the dated COW-G-W crosswalk.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allied.panel._joins import check_panel, dyad_columns, state_columns
from allied.panel._panel import Panel
from allied.sources import (
    CREG_MEASURES,
    DEMOCRACY_MEASURES,
    GDPPOP_MEASURES,
    IGO_STATE_COUNTS,
    TERRITORIAL_THREAT_MEASURES,
    load,
)

__all__ = [
    "add_creg_fractionalization",
    "add_democracy",
    "add_igos",
    "add_latent_territorial_threat",
    "add_sim_gdp_pop",
]

_CODE = {"cow": "ccode", "gw": "gwcode"}


def _join_state_years(
    panel: Panel,
    name: str,
    table_name: str | None,
    table: pd.DataFrame,
    columns: Sequence[str],
    *,
    system: str,
    integers: Sequence[str] = (),
) -> Panel:
    """``columns`` of ``table`` (``code``, ``year`` in ``system``) joined per state,
    and dataset ``name`` recorded on the panel."""
    values = state_columns(
        panel, table, columns, system=system, source=(name, table_name), integers=integers
    )
    return panel.with_columns(values, name)


def _own_system_table(panel: Panel, name: str, columns: Sequence[str]) -> Panel:
    """Join dataset ``name``'s table for the panel's own system (``cow`` or ``gw``)."""
    table = load(name, panel.system).rename(columns={_CODE[panel.system]: "code"})
    return _join_state_years(panel, name, panel.system, table, columns, system=panel.system)


def add_democracy(panel: Panel) -> Panel:
    """Join democracy estimates: ``euds``, ``aeuds``, ``polity2``, ``v2x_polyarchy``.

    On dyad-years the columns carry the suffixes 1 and 2 (``euds1``,
    ``aeuds1``, ``polity21``, ``v2x_polyarchy1``, ``euds2``, ...), as
    peacesciencer names them. COW panels read isard's COW table
    (``cw_democracy``), G-W panels its G-W table (``gw_democracy``). A
    state-year the data do not list is NA, as are the estimates a source
    lacks (Polity5 has none for microstates, V-Dem none for some small states).

    Parameters
    ----------
    panel
        A state-year or dyad-year panel (directed or not), COW or G-W.

    Returns
    -------
    Panel
        The panel with four float columns per state, and dataset
        ``democracy`` recorded.

    Notes
    -----
    ``euds`` is the extended Unified Democracy Score (a latent z-score),
    ``aeuds`` the same adjusted so that 0 is the average cut-point of the
    dichotomous democracy indicators; ``polity2`` runs from -10 to 10 and
    ``v2x_polyarchy`` (V-Dem's electoral democracy index) from 0 to 1.

    isard's documentation asks for the V-Dem v15 citation, while its build
    script (``data-raw/cw_democracy.R``) reads the V-Dem data through
    vdemdata 16 and estimates the extended UDS itself from the measures of
    democracyData 0.7.1, following Marquez's method; the values are isard's.

    Data sources: isard 0.2.0 (democracy), from Marquez's extended UDS,
    Polity5 and V-Dem.

    References
    ----------
    .. [1] Marquez, X. (2016). A quick method for extending the Unified
       Democracy Scores. https://doi.org/10.2139/ssrn.2753830
    .. [2] Pemstein, D., Meserve, S., & Melton, J. (2010). Democratic
       compromise: A latent variable analysis of ten measures of regime type.
       Political Analysis, 18(4), 426-449. https://doi.org/10.1093/pan/mpq020
    .. [3] Marshall, M. G. (2020). Polity5: Dataset users' manual v2018.
       Center for Systemic Peace.
    .. [4] Coppedge, M., Gerring, J., Knutsen, C. H., et al. (2025). V-Dem
       country-year dataset v15. https://doi.org/10.23696/vdemds25
    .. [5] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_democracy")
    return _own_system_table(panel, "democracy", DEMOCRACY_MEASURES)


def add_sim_gdp_pop(panel: Panel) -> Panel:
    """Join Fariss et al.'s simulated GDP per capita, GDP and population.

    Columns ``mrgdppc`` (GDP per capita, 2011 international dollars),
    ``pwtrgdp`` (real GDP, millions of 2017 international dollars),
    ``pwtpop`` (population, millions) and the simulations' standard
    deviations ``sd_mrgdppc``, ``sd_pwtrgdp``, ``sd_pwtpop``; suffixes 1 and 2
    on dyad-years. COW panels read isard's COW table, G-W panels its G-W
    table (the estimates are made for G-W states, so COW states outside that
    system, such as Serbia 1916-1917 or Morocco 1905-1912, are NA).

    Parameters
    ----------
    panel
        A state-year or dyad-year panel (directed or not), COW or G-W.

    Data sources: Fariss et al. (2022), as packaged by isard 0.2.0.

    References
    ----------
    .. [1] Fariss, C. J., Anders, T., Markowitz, J. N., & Barnum, M. (2022).
       New estimates of over 500 years of historic GDP and population data.
       Journal of Conflict Resolution, 66(3), 553-591.
       https://doi.org/10.1177/00220027211054432
    .. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_sim_gdp_pop")
    return _own_system_table(panel, "sim-gdp-pop", GDPPOP_MEASURES)


def add_latent_territorial_threat(panel: Panel) -> Panel:
    """Join Miller's latent external territorial threat estimates.

    Columns ``lterrthreat``, ``sd``, ``lwr``, ``upr`` and ``m_lterrthreat``,
    ``m_sd``, ``m_lwr``, ``m_upr`` (dyadic threat weighted by minimum distance
    rather than capital distance; ``lwr`` and ``upr`` bound 90% intervals), with
    suffixes 1 and 2 on dyad-years: each state's own threat that year, not a
    threat between the two. The estimates are COW-coded; G-W panels reach them
    through the crosswalk.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel (directed or not), COW or G-W.

    Data sources: Miller (2022), as packaged by peacesciencer 1.2.9.

    References
    ----------
    .. [1] Miller, S. V. (2022). A random item response model of external
       territorial threat, 1816-2010. Journal of Global Security Studies,
       7(4), ogac012.
    .. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_latent_territorial_threat")
    table = load("territorial-threat").rename(columns={"ccode": "code"})
    return _join_state_years(
        panel, "territorial-threat", None, table, TERRITORIAL_THREAT_MEASURES, system="cow"
    )


def _creg_state_years(creg: pd.DataFrame, system: str) -> pd.DataFrame:
    """One CREG row per state-year of ``system``, chosen as peacesciencer chooses it.

    Within a (code, year) listed more than once, a missing estimate takes the
    group's largest; identical rows then collapse, and of those left the row
    with the largest ``ethfrac`` (then ``relfrac``; missing last) is kept,
    on the reasoning that the more fractionalized estimate describes the
    state before its dissolution (Serbia/Yugoslavia 1991-1992,
    Russia/the Soviet Union 1991). A measure missing in every row of such a
    group stays NA (peacesciencer's ``max(na.rm = TRUE)`` would give -Inf;
    the published data have no such group).

    Returns ``code``, ``year`` and :data:`CREG_MEASURES`.
    """
    keys = [_CODE[system], "year"]
    frame = creg[[*keys, *CREG_MEASURES]].astype({key: np.int64 for key in keys})
    groups = frame.groupby(keys, sort=False)
    repeated = (groups[keys[0]].transform("size") > 1).to_numpy()
    largest = groups[list(CREG_MEASURES)].transform("max")
    filled = frame[list(CREG_MEASURES)].mask(
        frame[list(CREG_MEASURES)].isna() & repeated[:, None], largest
    )
    frame = pd.concat([frame[keys], filled], axis=1).drop_duplicates()
    order = frame.sort_values(
        [*keys, "ethfrac", "relfrac"], ascending=[True, True, False, False], na_position="last"
    )
    chosen = order.drop_duplicates(keys, keep="first")
    return chosen.rename(columns={keys[0]: "code"}).reset_index(drop=True)


def add_creg_fractionalization(panel: Panel) -> Panel:
    """Join CREG ethnic and religious fractionalization and polarization.

    Columns ``ethfrac``, ``ethpol``, ``relfrac``, ``relpol`` (0-1), with
    suffixes 1 and 2 on dyad-years. CREG lists both COW and G-W codes; the
    join uses the panel's own system. Where CREG lists a state-year twice,
    one row is kept by peacesciencer's rule (:func:`_creg_state_years`).

    Parameters
    ----------
    panel
        A state-year or dyad-year panel (directed or not), COW or G-W.

    Data sources: CREG (Nardulli et al. 2012), as packaged by peacesciencer 1.2.9.

    References
    ----------
    .. [1] Nardulli, P. F., Wong, C. J., Singh, A., Peyton, B., & Bajjalieh, J.
       (2012). The Composition of Religious and Ethnic Groups (CREG) Project.
       Cline Center for Democracy.
    .. [2] Alesina, A., Devleeschauwer, A., Easterly, W., Kurlat, S., &
       Wacziarg, R. (2003). Fractionalization. Journal of Economic Growth, 8,
       155-194.
    .. [3] Montalvo, J. G., & Reynal-Querol, M. (2005). Ethnic polarization,
       potential conflict, and civil wars. American Economic Review, 95(3),
       796-816.
    .. [4] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_creg_fractionalization")
    table = _creg_state_years(load("creg"), panel.system)
    return _join_state_years(panel, "creg", None, table, CREG_MEASURES, system=panel.system)


def add_igos(panel: Panel) -> Panel:
    """Join COW IGO memberships: joint full memberships on dyads, counts on states.

    On dyad-years (directed or not), ``dyadigos``: the number of IGOs in
    which both states were full members that year, the same for (A, B) and
    (B, A). On state-years, ``sum_igo_full``, ``sum_igo_associate``,
    ``sum_igo_observer`` (IGOs in which the state was a full member, an
    associate member, an observer) and ``sum_igo_anytype`` (their sum). All
    nullable integers. As in peacesciencer, a dyad-year or state-year the
    data do not list is NA (West Germany, East Germany, North and South
    Yemen in 1990, the year they merged), and so is every year outside
    1816-2014. The counts are COW-coded; G-W panels reach them through the
    crosswalk.

    Parameters
    ----------
    panel
        A state-year or dyad-year panel, COW or G-W.

    Data sources: COW Intergovernmental Organizations v3.0, counted by
    peacesciencer 1.2.9.

    References
    ----------
    .. [1] Pevehouse, J. C. W., Nordstrom, T., McManus, R. W., & Jamison,
       A. S. (2020). Tracking organizations in the world: The Correlates of
       War IGO version 3.0 datasets. Journal of Peace Research, 57(3),
       492-503. https://doi.org/10.1177/0022343319881175
    .. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative
       peace science research. Conflict Management and Peace Science, 39(6),
       755-779. https://doi.org/10.1177/07388942221077926
    """
    check_panel(panel, "add_igos")
    if not panel.is_dyadic:
        table = load("cow-igos", "states").rename(columns={"ccode": "code"})
        return _join_state_years(
            panel, "cow-igos", "states", table, IGO_STATE_COUNTS, system="cow",
            integers=IGO_STATE_COUNTS,
        )  # fmt: skip
    dyads = load("cow-igos", "dyads").rename(columns={"ccode1": "code1", "ccode2": "code2"})
    grid = panel.grid
    years = dyads["year"].to_numpy()
    dyads = dyads[(years >= grid.first_year) & (years < grid.first_year + grid.n_years)]
    values = dyad_columns(
        panel, dyads, ["dyadigos"], system="cow", source=("cow-igos", "dyads"),
        symmetric=True, integers=["dyadigos"],
    )  # fmt: skip
    return panel.with_columns(values, "cow-igos")
