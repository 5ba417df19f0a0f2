"""Descriptive measures: foreign-policy similarity, alliance networks and burden sharing.

Measures are pure: they read no cache. The data they measure comes from the
builders of :mod:`allied.panel`, which carry their sources.

Examples
--------
Similarity of every COW dyad-year from ATOP (needs the cow-states, atop and,
for CINC weights, nmc7 datasets in the cache)::

    from allied.panel import alliance_portfolios
    from allied.measures import dyad_similarity
    result = dyad_similarity(alliance_portfolios(years="1946-2018"), ["s_abs", "kappa"])
    result.to_frame(), result.citations()
"""

from typing import TYPE_CHECKING, Any

from allied.measures._alignment import (
    MEASURES,
    SimilarityTable,
    YearPortfolios,
    add_similarity,
    dyad_similarity,
    needs_cinc,
    portfolios,
    similarity_table,
    yearly_portfolios,
)
from allied.measures.burden import (
    BURDEN_COLUMNS,
    BurdenTable,
    burden_frame,
    burden_table,
    guideline_notes,
)
from allied.measures.similarity import (
    TOP_VALUE,
    cohen_kappa,
    kappa_matrix,
    pi_matrix,
    s_matrix,
    s_score,
    scott_pi,
    tau_b,
    tau_b_matrix,
    valued_ties,
)

if TYPE_CHECKING:
    from allied.measures.network import (
        GRAPH_FORMATS,
        NodeMeasures,
        Polarization,
        StructuralEquivalence,
        communities,
        density,
        layout,
        node_measures,
        polarization,
        structural_equivalence,
        write_graph,
    )

#: Names of :mod:`allied.measures.network`, imported on first use (networkx loads then).
_NETWORK_NAMES = (
    "GRAPH_FORMATS",
    "NodeMeasures",
    "Polarization",
    "StructuralEquivalence",
    "communities",
    "density",
    "layout",
    "node_measures",
    "polarization",
    "structural_equivalence",
    "write_graph",
)


def __getattr__(name: str) -> Any:
    """The network measures, imported when first asked for."""
    if name in _NETWORK_NAMES:
        from allied.measures import network

        return getattr(network, name)
    raise AttributeError(f"module 'allied.measures' has no attribute {name!r}")


__all__ = [
    "BURDEN_COLUMNS",
    "GRAPH_FORMATS",
    "MEASURES",
    "TOP_VALUE",
    "BurdenTable",
    "NodeMeasures",
    "Polarization",
    "SimilarityTable",
    "StructuralEquivalence",
    "YearPortfolios",
    "add_similarity",
    "burden_frame",
    "burden_table",
    "cohen_kappa",
    "communities",
    "density",
    "dyad_similarity",
    "guideline_notes",
    "kappa_matrix",
    "layout",
    "needs_cinc",
    "node_measures",
    "pi_matrix",
    "polarization",
    "portfolios",
    "s_matrix",
    "s_score",
    "scott_pi",
    "similarity_table",
    "structural_equivalence",
    "tau_b",
    "tau_b_matrix",
    "valued_ties",
    "write_graph",
    "yearly_portfolios",
]
