"""Where built data comes from: its sources, their editions and what to cite.

Every builder of this package that assembles the input of a measure
(:func:`~allied.panel.alliance_portfolios`, :func:`~allied.panel.atop_network`,
:func:`~allied.panel.catalog_network`) returns its data together with a
:class:`Provenance`, resolved here from the dataset registry (or the catalog)
once, so that the measures stay pure and every result can name its sources
without reading the registry again. (The years the data covers are the
builder's own result: :attr:`Portfolios.coverage`, for instance, starts with
the later of ATOP's and the state system's first years.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from allied.catalog import Arrangement
from allied.cite import Citation
from allied.sources import dataset

__all__ = ["Provenance", "from_catalog", "registered"]


@dataclass(frozen=True)
class Provenance:
    """The sources of built data.

    Attributes
    ----------
    sources
        Names that ``allied cite`` knows, in order of use: registry datasets
        (``atop``, ``cow-states``, ``nmc7``) or catalog arrangement ids.
    editions
        The edition of each source, in the same order: the dataset's version
        (``5.1``), or the catalog it was read from.
    cited
        The works to cite, without repeats.

    Examples
    --------
    >>> states = Provenance(("cow-states",), ("2016",))
    >>> both = states + Provenance(("atop",), ("5.1",)) + states
    >>> both.sources, both.describe()
    (('cow-states', 'atop'), 'cow-states (2016), atop (5.1)')
    >>> Provenance(("anzus", "nato"), ("catalog: embedded",) * 2).describe()
    'anzus, nato (catalog: embedded)'
    """

    sources: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    cited: tuple[Citation, ...] = ()

    def __add__(self, other: Provenance) -> Provenance:
        """Both: sources in order, without repeats."""
        pairs = dict(zip(self.sources, self.editions, strict=True))
        for source, edition in zip(other.sources, other.editions, strict=True):
            pairs.setdefault(source, edition)
        return Provenance(
            tuple(pairs),
            tuple(pairs.values()),
            tuple(dict.fromkeys((*self.cited, *other.cited))),
        )

    def citations(self) -> list[Citation]:
        """The works to cite (the :class:`~allied.cite.Citable` protocol)."""
        return list(self.cited)

    def describe(self) -> str:
        """The sources with their editions, as one line of text (sources of one edition
        in a row share it)."""
        runs: list[tuple[list[str], str]] = []
        for source, edition in zip(self.sources, self.editions, strict=True):
            if runs and runs[-1][1] == edition:
                runs[-1][0].append(source)
            else:
                runs.append(([source], edition))
        return ", ".join(f"{', '.join(names)} ({edition})" for names, edition in runs)


def registered(*names: str) -> Provenance:
    """The provenance of registry datasets: their versions and citations, from the registry.

    Examples
    --------
    >>> registered("cow-states", "atop").describe()
    'cow-states (2016), atop (5.1)'
    """
    total = Provenance()
    for name in names:
        data = dataset(name)
        total += Provenance((name,), (data.version,), tuple(data.citations()))
    return total


def from_catalog(arrangements: Iterable[Arrangement], origin: str) -> Provenance:
    """The provenance of catalog arrangements: their ids, the catalog they were read from
    (``catalog: embedded``, or its folder), and their sources."""
    chosen = list(arrangements)
    edition = f"catalog: {origin}"
    return Provenance(
        tuple(a.id for a in chosen),
        (edition,) * len(chosen),
        tuple(dict.fromkeys(c for a in chosen for c in a.citations())),
    )
