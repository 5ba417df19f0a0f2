"""The one base of analysis results: a table, a text summary, and HTML for notebooks.

Every analysis in ``allied`` returns a frozen dataclass that derives from
:class:`Result` (a similarity table, network measures, a burden table, an
equilibrium, an allocation, voting power, a program plan, a release decision).
A result implements two methods and inherits the third:

* ``to_frame()`` — the result as one :class:`pandas.DataFrame`, one row per
  unit (player, state, state-year, dyad-year …);
* ``summary()`` — what a person reads first, as plain text that reproduces
  byte for byte (no wall-clock time, no memory addresses);
* ``_repr_html_()`` — inherited: the summary above the table, which Jupyter
  shows when a result is the last expression of a cell, as statsmodels'
  ``Summary`` does.

How to add a result type: write a frozen dataclass deriving from
:class:`Result`, implement ``to_frame`` and ``summary``, and export it from its
package's ``__init__``; ``tests/test_results.py`` then checks that it shows
itself.

References
----------
Seabold, S. and Perktold, J. (2010). "statsmodels: Econometric and statistical
modeling with Python." *Proceedings of the 9th Python in Science Conference*,
92-96. doi:10.25080/Majora-92bf1922-011 (the ``Summary`` object this mirrors).
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod

import pandas as pd

__all__ = ["HTML_MAX_ROWS", "Result"]

HTML_MAX_ROWS = 60
"""Rows of ``to_frame()`` shown by ``_repr_html_``; longer tables show their
first and last rows, as pandas does."""


class Result(ABC):
    """Base of every analysis result: ``to_frame()``, ``summary()`` and ``_repr_html_()``.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Shares(Result):
    ...     shares: dict[str, float]
    ...     def to_frame(self) -> pd.DataFrame:
    ...         return pd.Series(self.shares, name="share").rename_axis("player").reset_index()
    ...     def summary(self) -> str:
    ...         return f"Shares of {len(self.shares)} players"
    >>> result = Shares({"USA": 0.6, "GBR": 0.4})
    >>> result.summary()
    'Shares of 2 players'
    >>> result._repr_html_().startswith('<div class="allied-result"><pre>Shares of 2 players</pre>')
    True
    """

    __slots__ = ()

    @abstractmethod
    def to_frame(self) -> pd.DataFrame:
        """The result as one table."""

    @abstractmethod
    def summary(self) -> str:
        """The result as text a person reads first (reproducible byte for byte)."""

    def _repr_html_(self) -> str:
        """The summary above the table, for Jupyter."""
        table = self.to_frame().to_html(
            max_rows=HTML_MAX_ROWS, index=False, border=0, classes="allied-table", na_rep="NA"
        )
        summary = html.escape(self.summary())
        return f'<div class="allied-result"><pre>{summary}</pre>{table}</div>'
