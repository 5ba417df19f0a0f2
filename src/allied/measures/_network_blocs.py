"""Blocs of a network: Louvain communities, and how polarized the network is into blocs.

:func:`communities` finds blocs (Louvain, seeded); :func:`polarization`
measures how far ties stay inside given or found blocs (Newman's modularity
and assortativity) and returns a :class:`Polarization` result.

References
----------
.. [1] Newman, M. E. J. (2006). Modularity and community structure in
   networks. Proceedings of the National Academy of Sciences, 103(23),
   8577-8582. https://doi.org/10.1073/pnas.0601602103
.. [2] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008).
   Fast unfolding of communities in large networks. Journal of Statistical
   Mechanics: Theory and Experiment, P10008.
   https://doi.org/10.1088/1742-5468/2008/10/P10008
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from allied._results import Result
from allied.cite import Citation
from allied.errors import InputError
from allied.measures._network_graph import (
    GraphLike,
    canonical,
    graph_of,
    node_key,
    ordered_blocs,
    sorted_nodes,
)
from allied.panel import Provenance

__all__ = ["Polarization", "communities", "polarization"]


def communities(
    graph: GraphLike, *, seed: int = 0, weight: str | None = "weight"
) -> list[set[Any]]:
    """Louvain communities, largest first.

    Parameters
    ----------
    graph
        An undirected graph (or a :class:`~allied.panel.StateNetwork`).
    seed
        The Louvain random seed; the same graph and seed give the same
        communities (the graph is read in sorted node and edge order).
    weight
        Edge attribute used as weight (absent: 1); ``None`` ignores weights.

    Returns
    -------
    list of set
        A partition of the nodes (isolated nodes are communities of one),
        sorted by size, then by the smallest member.

    Notes
    -----
    ``networkx.community.louvain_communities`` at resolution 1: the Louvain
    method of Blondel et al. (2008), which greedily maximizes Newman's
    modularity.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. Journal of
       Statistical Mechanics: Theory and Experiment, P10008.
       https://doi.org/10.1088/1742-5468/2008/10/P10008

    Examples
    --------
    >>> graph = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5)])
    >>> communities(graph)
    [{1, 2, 3}, {4, 5}]
    """
    graph, _ = graph_of(graph, "communities")
    if len(graph) == 0:
        return []
    found = nx.community.louvain_communities(canonical(graph), weight=weight, seed=seed)
    return ordered_blocs(found)


@dataclass(frozen=True)
class Polarization(Result):
    """How far the ties of a network stay inside blocs.

    Attributes
    ----------
    blocs
        The partition, largest bloc first.
    nodes, ties
        Nodes and edges of the graph.
    ties_within, ties_across
        Edges inside one bloc, and between two blocs.
    within_share
        Share of tie weight inside blocs, :math:`\\sum_c e_{cc}` (with unit
        weights, the share of ties).
    modularity
        Newman's modularity :math:`Q` of the partition: the polarization
        index (see :func:`polarization`).
    assortativity
        Newman's assortativity coefficient :math:`r` of the bloc labels:
        :math:`Q` normalized so that 1 means no tie crosses a bloc boundary
        (NaN when every tie lies in one bloc, where it is 0/0).
    bloc_within, bloc_degree
        Per bloc: :math:`e_{cc}` (share of tie weight inside it) and
        :math:`a_c` (its share of the total degree).
    bloc_ties
        Per bloc: edges inside it.
    method
        ``"louvain"`` (blocs found with :func:`communities`) or ``"given"``.
    seed, weight
        The Louvain seed (``None`` for given blocs) and the weight attribute.
    provenance
        The sources of the network, when it was built by :mod:`allied.panel`
        (empty for a plain graph).
    """

    blocs: tuple[frozenset[Any], ...]
    nodes: int
    ties: int
    ties_within: int
    ties_across: int
    within_share: float
    modularity: float
    assortativity: float
    bloc_within: tuple[float, ...]
    bloc_degree: tuple[float, ...]
    bloc_ties: tuple[int, ...]
    method: str
    seed: int | None
    weight: str | None
    provenance: Provenance = field(default=Provenance())

    @property
    def index(self) -> float:
        """The polarization index: the modularity :math:`Q` of the blocs."""
        return self.modularity

    @property
    def n_blocs(self) -> int:
        """Number of blocs (isolated states are blocs of one)."""
        return len(self.blocs)

    def to_frame(self) -> pd.DataFrame:
        """One row per bloc: size, ties inside, :math:`e_{cc}`, :math:`a_c`, its
        term :math:`e_{cc} - a_c^2` of :math:`Q`, and its members."""
        return pd.DataFrame(
            {
                "bloc": np.arange(len(self.blocs), dtype=np.int64),
                "states": np.array([len(b) for b in self.blocs], dtype=np.int64),
                "ties_within": np.array(self.bloc_ties, dtype=np.int64),
                "within_share": np.array(self.bloc_within, dtype=np.float64),
                "degree_share": np.array(self.bloc_degree, dtype=np.float64),
                "modularity_term": np.array(self.bloc_within, dtype=np.float64)
                - np.array(self.bloc_degree, dtype=np.float64) ** 2,
                "members": [", ".join(str(n) for n in sorted(b, key=node_key)) for b in self.blocs],
            }
        )

    def summary(self) -> str:
        """The headline numbers as text."""

        def pct(count: int) -> str:
            return f"{100 * count / self.ties:.1f}%" if self.ties else "n/a"

        source = "Louvain communities" if self.method == "louvain" else "given blocs"
        seed = f", seed {self.seed}" if self.seed is not None else ""
        return "\n".join(
            [
                f"Polarization: {self.n_blocs} blocs ({source}{seed}), "
                f"{self.nodes} states, {self.ties} ties",
                f"  ties within blocs  {self.ties_within:>6} ({pct(self.ties_within)})",
                f"  ties across blocs  {self.ties_across:>6} ({pct(self.ties_across)})",
                f"  modularity Q       {self.modularity:>9.3f}  (Newman 2006; the index)",
                f"  assortativity r    {self.assortativity:>9.3f}  (Newman 2003)",
                *([f"  sources: {self.provenance.describe()}"] if self.provenance.sources else []),
            ]
        )

    def citations(self) -> list[Citation]:
        """What to cite for the network's ties (empty for a plain graph)."""
        return self.provenance.citations()


def _upper_ties(
    graph: nx.Graph, nodes: list[Any], weight: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every tie once, as node positions ``u <= v`` and weights (absent: 1)."""
    if not nodes:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, format="csr").tocoo()
    upper = matrix.row <= matrix.col
    return (
        np.asarray(matrix.row[upper], dtype=np.int64),
        np.asarray(matrix.col[upper], dtype=np.int64),
        np.asarray(matrix.data[upper], dtype=np.float64),
    )


def _check_blocs(graph: nx.Graph, blocs: Iterable[Iterable[Any]]) -> list[set[Any]]:
    given = [set(b) for b in blocs]
    seen: dict[Any, int] = {}
    for number, bloc in enumerate(given):
        for node in bloc:
            if node not in graph:
                raise InputError(
                    f"bloc {number} has {node!r}, which is not a node of the graph",
                    where="argument blocs",
                    fix="Give blocs made of the graph's nodes.",
                )
            if node in seen:
                raise InputError(
                    f"{node!r} is in blocs {seen[node]} and {number}",
                    where="argument blocs",
                    fix="Give each node exactly one bloc.",
                )
            seen[node] = number
    left_out = [n for n in sorted_nodes(graph) if n not in seen]
    if left_out:
        raise InputError(
            f"{len(left_out)} nodes are in no bloc, e.g. {left_out[0]!r}",
            where="argument blocs",
            fix="Give a partition of every node (a state alone is a bloc of one).",
        )
    return ordered_blocs(b for b in given if b)


def polarization(
    graph: GraphLike,
    *,
    blocs: Iterable[Iterable[Any]] | None = None,
    seed: int = 0,
    weight: str | None = "weight",
) -> Polarization:
    """How polarized a network is into blocs: modularity and assortativity.

    Parameters
    ----------
    graph
        An undirected graph, or a :class:`~allied.panel.StateNetwork` (whose
        sources the result cites).
    blocs
        A partition of the nodes (an iterable of sets); by default the Louvain
        communities of ``graph`` with ``seed``.
    seed
        Seed of the Louvain communities (ignored when ``blocs`` is given).
    weight
        Edge attribute used as weight (absent: 1); ``None`` counts ties.

    Returns
    -------
    Polarization
        The blocs, counts of ties inside and across them, the modularity (the
        index) and the assortativity coefficient.

    Notes
    -----
    With :math:`m` the total tie weight, :math:`e_{cc}` the share of it inside
    bloc :math:`c` and :math:`a_c` the share of all tie ends (degrees) in
    :math:`c`, the **polarization index** is Newman's (2006) modularity of
    the bloc partition,

    .. math:: Q = \\sum_c \\left(e_{cc} - a_c^2\\right),

    the share of ties inside blocs minus the share expected if ties formed at
    random with the same degrees. :math:`Q = 0` for a single bloc; for
    :math:`k` equal, mutually unconnected blocs :math:`Q = 1 - 1/k` (0.5 for
    two). Blocs found by Louvain maximize :math:`Q` locally, so :math:`Q` then
    measures how clearly the network splits at all.

    The **assortativity** coefficient of Newman (2003, eq. 2) normalizes
    :math:`Q` by its maximum for the given degree shares,

    .. math:: r = \\frac{\\sum_c e_{cc} - \\sum_c a_c^2}{1 - \\sum_c a_c^2},

    so :math:`r = 1` when no tie crosses blocs (complete polarization),
    whatever the number of blocs, and 0 when ties ignore blocs. It is NaN when
    all ties are in one bloc. With no tie at all, every share is NaN.

    These network measures stand in for the cluster-based alliance
    polarization indices of the IR literature (Wallace 1973; Rapkin,
    Thompson & Christopherson 1979), which are not reproduced here.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. Proceedings of the National Academy of Sciences, 103(23),
       8577-8582. https://doi.org/10.1073/pnas.0601602103
    .. [2] Newman, M. E. J. (2003). Mixing patterns in networks. Physical
       Review E, 67(2), 026126. https://doi.org/10.1103/PhysRevE.67.026126
    .. [3] Wallace, M. D. (1973). Alliance polarization, cross-cutting, and
       international war, 1815-1964. Journal of Conflict Resolution, 17(4),
       575-604.
    .. [4] Rapkin, D. P., Thompson, W. R., & Christopherson, J. A. (1979).
       Bipolarity and bipolarization in the Cold War era. Journal of Conflict
       Resolution, 23(2), 261-295.

    Examples
    --------
    Two separate triangles are completely polarized:

    >>> graph = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6)])
    >>> p = polarization(graph)
    >>> p.n_blocs, p.ties_across, p.modularity, p.assortativity
    (2, 0, 0.5, 1.0)
    """
    graph, provenance = graph_of(graph, "polarization")
    if blocs is None:
        partition = communities(graph, seed=seed, weight=weight)
        method, used_seed = "louvain", seed
    else:
        partition = _check_blocs(graph, blocs)
        method, used_seed = "given", None
    nodes = sorted_nodes(graph)
    position = {n: i for i, n in enumerate(nodes)}
    label = np.empty(len(nodes), dtype=np.int64)
    for number, bloc in enumerate(partition):
        label[[position[n] for n in bloc]] = number
    k = len(partition)
    u, v, w = _upper_ties(graph, nodes, weight)
    inside = label[u] == label[v]
    total = float(w.sum())
    bloc_ties = np.bincount(label[u][inside], minlength=k) if k else np.zeros(0, np.int64)
    if total > 0:
        within = np.bincount(label[u][inside], weights=w[inside], minlength=k) / total
        ends = np.bincount(
            np.concatenate([label[u], label[v]]), weights=np.concatenate([w, w]), minlength=k
        )
        degree_share = ends / (2 * total)
        expected = float(np.sum(degree_share**2))
        modularity = float(within.sum() - expected)
        assortativity = modularity / (1 - expected) if expected < 1 - 1e-12 else math.nan
        within_share = float(within.sum())
    else:
        within = np.full(k, math.nan)
        degree_share = np.full(k, math.nan)
        modularity = assortativity = within_share = math.nan
    return Polarization(
        blocs=tuple(frozenset(b) for b in partition),
        nodes=len(nodes),
        ties=len(u),
        ties_within=int(inside.sum()),
        ties_across=int(len(u) - inside.sum()),
        within_share=within_share,
        modularity=modularity,
        assortativity=assortativity,
        bloc_within=tuple(float(x) for x in within),
        bloc_degree=tuple(float(x) for x in degree_share),
        bloc_ties=tuple(int(x) for x in bloc_ties),
        method=method,
        seed=used_seed,
        weight=weight,
        provenance=provenance,
    )
