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

__all__ = [
    "BURDEN_COLUMNS",
    "MEASURES",
    "BurdenTable",
    "SimilarityTable",
    "YearPortfolios",
    "add_similarity",
    "burden_frame",
    "burden_table",
    "dyad_similarity",
    "guideline_notes",
    "needs_cinc",
    "portfolios",
    "similarity_table",
    "yearly_portfolios",
]
