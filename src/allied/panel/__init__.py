"""Panels: state-years and dyad-years of a state system, and the steps that enrich them.

Examples
--------
Build COW directed dyad-years through 2024 with ATOP, NMC and major powers
(needs ``allied data import`` of cow-states, atop and nmc7 first)::

    from allied.panel import dyad_years, add_atop, add_nmc, add_majors
    panel = dyad_years("cow", through=2024).pipe(add_atop).pipe(add_nmc).pipe(add_majors)
    panel.frame.head()
"""

from allied.panel._arms import add_arms_transfers
from allied.panel._build import coexistence_gaps, dyad_years, state_years, system_spells
from allied.panel._burden_data import BurdenInputs, burden_inputs, spending_guidelines
from allied.panel._conflict import (
    add_cow_wars,
    add_strategic_rivalries,
    add_td_rivalries,
    add_ucdp_acd,
    add_ucdp_onsets,
)
from allied.panel._covariates import (
    add_creg_fractionalization,
    add_democracy,
    add_igos,
    add_latent_territorial_threat,
    add_sim_gdp_pop,
)
from allied.panel._derived import derived_path
from allied.panel._disputes import (
    GML_INITIATION,
    PEACESCIENCER_WHITTLING,
    WHITTLING_RULES,
    add_cow_mids,
    add_gml_mids,
    add_peace_years,
    whittle_dispute_years,
)
from allied.panel._enrich import (
    NMC_COMPONENTS,
    add_atop,
    add_catalog,
    add_gdp,
    add_ideal_points,
    add_majors,
    add_milex,
    add_nmc,
    atop_dyads,
)
from allied.panel._geography import add_capital_distance, add_contiguity, filter_prd
from allied.panel._graphs import (
    ALLIANCE_KINDS,
    OBLIGATION_CHOICES,
    StateNetwork,
    atop_network,
    catalog_network,
)
from allied.panel._indicators import (
    NATO_EDITION,
    embedded_indicators,
    indicator_citations,
    nato_shares,
)
from allied.panel._lookup import PanelGrid, prefaulted
from allied.panel._onsets import alliance_onsets, onset_years
from allied.panel._panel import Panel, System, Unit, YearRange, code_column, parse_years
from allied.panel._partner_data import PartnerInputs, partner_inputs, partner_years
from allied.panel._partner_windows import (
    ARMS_WINDOW_COLUMNS,
    add_arms_windows,
    add_dispute_windows,
    arms_windows,
    dispute_window_columns,
    dispute_windows,
    window_coverage,
)
from allied.panel._portfolios import AlliancePortfolios, alliance_portfolios
from allied.panel._provenance import Provenance
from allied.panel._steps import registered_steps

__all__ = [
    "ALLIANCE_KINDS",
    "ARMS_WINDOW_COLUMNS",
    "GML_INITIATION",
    "NATO_EDITION",
    "NMC_COMPONENTS",
    "OBLIGATION_CHOICES",
    "PEACESCIENCER_WHITTLING",
    "WHITTLING_RULES",
    "AlliancePortfolios",
    "BurdenInputs",
    "Panel",
    "PanelGrid",
    "PartnerInputs",
    "Provenance",
    "StateNetwork",
    "System",
    "Unit",
    "YearRange",
    "add_arms_transfers",
    "add_arms_windows",
    "add_atop",
    "add_capital_distance",
    "add_catalog",
    "add_contiguity",
    "add_cow_mids",
    "add_cow_wars",
    "add_creg_fractionalization",
    "add_democracy",
    "add_dispute_windows",
    "add_gdp",
    "add_gml_mids",
    "add_ideal_points",
    "add_igos",
    "add_latent_territorial_threat",
    "add_majors",
    "add_milex",
    "add_nmc",
    "add_peace_years",
    "add_sim_gdp_pop",
    "add_strategic_rivalries",
    "add_td_rivalries",
    "add_ucdp_acd",
    "add_ucdp_onsets",
    "alliance_onsets",
    "alliance_portfolios",
    "arms_windows",
    "atop_dyads",
    "atop_network",
    "burden_inputs",
    "catalog_network",
    "code_column",
    "coexistence_gaps",
    "derived_path",
    "dispute_window_columns",
    "dispute_windows",
    "dyad_years",
    "embedded_indicators",
    "filter_prd",
    "indicator_citations",
    "nato_shares",
    "onset_years",
    "parse_years",
    "partner_inputs",
    "partner_years",
    "prefaulted",
    "registered_steps",
    "spending_guidelines",
    "state_years",
    "system_spells",
    "whittle_dispute_years",
    "window_coverage",
]
