"""Descriptive measures: foreign-policy similarity and alliance networks.

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

__all__ = ["MEASURES", "YearPortfolios", "add_similarity", "portfolios", "similarity_table"]
