"""Descriptive measures: foreign-policy similarity, alliance networks and burden sharing.

Examples
--------
Similarity of every COW dyad-year from ATOP (needs the cow-states, atop and,
for CINC weights, nmc7 datasets in the cache)::

    from allied.measures import similarity_table, add_similarity
    table = similarity_table(["s_abs", "kappa"], years="1946-2018")
"""

from allied.measures._alignment import (
    MEASURES,
    YearPortfolios,
    add_similarity,
    portfolios,
    similarity_table,
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
    "YearPortfolios",
    "add_similarity",
    "burden_frame",
    "burden_table",
    "guideline_notes",
    "portfolios",
    "similarity_table",
]
