"""Alliance networks: measures of a graph of states, their results, and export.

The graphs come from :mod:`allied.panel` (which reads the cache or the
catalog): :func:`allied.panel.atop_network` (the ATOP alliances of a year,
nodes are COW codes) and :func:`allied.panel.catalog_network` (the catalog's
arrangements on a date, nodes are ISO3 codes), each a
:class:`~allied.panel.StateNetwork` carrying its sources. Every function here
is pure and takes such a network or any undirected :class:`networkx.Graph`:

* :func:`node_measures` (degree, strength, betweenness, eigenvector
  centrality, Louvain community) → :class:`NodeMeasures`;
* :func:`density`, :func:`communities`;
* :func:`polarization` (modularity and assortativity of a bloc partition) →
  :class:`Polarization`;
* :func:`structural_equivalence` (correlations of tie profiles) →
  :class:`StructuralEquivalence`;
* :func:`layout` (positions for drawing) and :func:`write_graph` (GraphML,
  GEXF or node-link JSON, atomically).

Results derive from :class:`allied._results.Result` (``to_frame()``,
``summary()``, HTML in notebooks) and cite the network's sources
(``citations()``) when given a :class:`~allied.panel.StateNetwork`.

Every function that draws random numbers (Louvain) takes ``seed`` (default 0),
and reads the graph in a canonical order (nodes and edges sorted), so the same
graph gives the same communities whatever order it was built in.

Examples
--------
>>> import networkx as nx
>>> graph = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
>>> round(density(graph), 3)
0.4
>>> [sorted(c) for c in communities(graph)]
[['a', 'b', 'c'], ['x', 'y']]
>>> polarization(graph).modularity
0.375

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
import warnings
from abc import abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from allied._moved import Moved
from allied._results import Result
from allied.cite import Citation
from allied.measures._network_blocs import Polarization, communities, polarization
from allied.measures._network_export import GRAPH_FORMATS, write_graph
from allied.measures._network_graph import GraphLike, graph_of, node_key, sorted_nodes
from allied.measures._network_layout import layout
from allied.panel import Provenance

if TYPE_CHECKING:
    from allied.catalog import Catalog, Kind

__all__ = [
    "GRAPH_FORMATS",
    "NodeMeasures",
    "Polarization",
    "StructuralEquivalence",
    "atop_graph",
    "catalog_graph",
    "communities",
    "density",
    "layout",
    "node_measures",
    "polarization",
    "structural_equivalence",
    "write_graph",
]

_NODE_COLUMNS = [
    "node",
    "name",
    "degree",
    "strength",
    "betweenness",
    "eigenvector",
    "community",
]
#: Rows named in the summaries of :class:`NodeMeasures` and :class:`StructuralEquivalence`.
_SUMMARY_TOP = 5


# --------------------------------------------------------------------------- results


class _FormerFrame(Result):
    """A result that its function used to return as a bare DataFrame.

    DataFrame attributes (``head``, ``set_index``, ``loc``, a column ...) and
    ``result[...]`` still reach that table, with a DeprecationWarning: use
    :meth:`to_frame` (or the table attribute) instead.
    """

    __slots__ = ()

    @abstractmethod
    def _former(self) -> pd.DataFrame:
        """The table the function used to return."""

    def _warn(self, what: str) -> None:
        name = type(self).__name__
        warnings.warn(
            f"{name}{what} is deprecated: this result was a DataFrame and is a {name} "
            "now; take its table with .to_frame()",
            DeprecationWarning,
            stacklevel=3,
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._former(), name)
        self._warn(f".{name}")
        return value

    def __getitem__(self, key: Any) -> Any:
        self._warn("[...]")
        return self._former()[key]


@dataclass(frozen=True)
class NodeMeasures(_FormerFrame):
    """Centrality and community of every node of a network (:func:`node_measures`).

    Attributes
    ----------
    frame
        One row per node, most connected first: ``node``, ``name``,
        ``degree``, ``strength``, ``betweenness``, ``eigenvector``,
        ``community``.
    ties
        Edges of the graph.
    seed, weight
        The Louvain seed and the weight attribute used.
    provenance
        The network's sources (empty for a plain graph).
    """

    frame: pd.DataFrame
    ties: int
    seed: int
    weight: str | None
    provenance: Provenance = field(default=Provenance())

    def __len__(self) -> int:
        return len(self.frame)

    def _former(self) -> pd.DataFrame:
        return self.frame

    def to_frame(self) -> pd.DataFrame:
        """A copy of the node table."""
        return self.frame.copy()

    def citations(self) -> list[Citation]:
        """What to cite for the network's ties (empty for a plain graph)."""
        return self.provenance.citations()

    def summary(self) -> str:
        """The size of the network and its most connected states."""
        blocs = int(self.frame["community"].max()) + 1 if len(self.frame) else 0
        lines = [
            f"Node measures: {len(self.frame)} states, {self.ties} ties, {blocs} Louvain "
            f"communities (seed {self.seed})",
            f"  {'most connected':<28}{'degree':>7}{'betweenness':>13}{'eigenvector':>13}"
            f"{'community':>11}",
        ]
        for row in self.frame.head(_SUMMARY_TOP).itertuples(index=False):
            lines.append(
                f"  {str(row.name)[:28]:<28}{row.degree:>7}{row.betweenness:>13.3f}"
                f"{row.eigenvector:>13.3f}{row.community:>11}"
            )
        if self.provenance.sources:
            lines.append(f"  sources: {self.provenance.describe()}")
        return "\n".join(lines)


@dataclass(frozen=True)
class StructuralEquivalence(_FormerFrame):
    """Correlations of the tie profiles of every pair of nodes (:func:`structural_equivalence`).

    Attributes
    ----------
    matrix
        Symmetric node x node table, rows and columns in sorted node order.
    weight
        The edge attribute of valued ties, or ``None`` for 0/1 ties.
    provenance
        The network's sources (empty for a plain graph).
    """

    matrix: pd.DataFrame
    weight: str | None
    provenance: Provenance = field(default=Provenance())

    def _former(self) -> pd.DataFrame:
        return self.matrix

    def to_frame(self) -> pd.DataFrame:
        """One row per node: ``node``, then its correlation with each node."""
        return self.matrix.rename_axis("node").reset_index()

    def citations(self) -> list[Citation]:
        """What to cite for the network's ties (empty for a plain graph)."""
        return self.provenance.citations()

    def pairs(self) -> pd.DataFrame:
        """Every pair once (``node1`` before ``node2``) with its correlation, highest
        first; pairs whose correlation is undefined are left out."""
        values = self.matrix.to_numpy()
        first, second = np.triu_indices(len(values), 1)
        nodes = np.array(self.matrix.index, dtype=object)
        table = pd.DataFrame(
            {"node1": nodes[first], "node2": nodes[second], "r": values[first, second]}
        )
        table = table.dropna(subset=["r"])
        return table.sort_values("r", ascending=False, kind="stable").reset_index(drop=True)

    def summary(self) -> str:
        """How many nodes, and the most equivalent pairs."""
        pairs = self.pairs()
        lines = [
            f"Structural equivalence of {len(self.matrix)} states (correlation of tie "
            f"profiles, {self.weight or 'unweighted'} ties): {len(pairs)} pairs defined",
            *(
                f"  {row.node1} and {row.node2}: r = {row.r:.3f}"
                for row in pairs.head(_SUMMARY_TOP).itertuples(index=False)
            ),
        ]
        if self.provenance.sources:
            lines.append(f"  sources: {self.provenance.describe()}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- measures


def density(graph: GraphLike) -> float:
    """The share of possible ties that exist: ``2m / (n (n - 1))``.

    Parameters
    ----------
    graph
        An undirected graph (or a :class:`~allied.panel.StateNetwork`).

    Returns
    -------
    float
        Between 0 and 1; zero for a graph with fewer than two nodes
        (networkx's convention).

    Examples
    --------
    >>> density(nx.Graph([(1, 2), (2, 3), (1, 3)]))
    1.0
    """
    graph, _ = graph_of(graph, "density")
    return float(nx.density(graph))


def _eigenvector(graph: nx.Graph, nodes: list[Any], weight: str | None) -> np.ndarray:
    """Eigenvector centrality within each connected component (max 1 in each)."""
    position = {n: i for i, n in enumerate(nodes)}
    values = np.zeros(len(nodes))
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        members = sorted(component, key=node_key)
        matrix = nx.to_numpy_array(graph, nodelist=members, weight=weight)
        np.fill_diagonal(matrix, 0.0)
        _, vectors = np.linalg.eigh(matrix)
        leading = np.abs(vectors[:, -1])
        values[[position[n] for n in members]] = leading / leading.max()
    # Drop solver noise so that structurally identical states get equal values.
    return np.round(values, 12)


def node_measures(
    graph: GraphLike, *, seed: int = 0, weight: str | None = "weight"
) -> NodeMeasures:
    """Centrality and community of every node.

    Parameters
    ----------
    graph
        An undirected graph, or a :class:`~allied.panel.StateNetwork` from
        :func:`allied.panel.atop_network` or :func:`allied.panel.catalog_network`
        (whose sources the result cites).
    seed
        Seed of the Louvain communities.
    weight
        Edge attribute for ``strength``, ``eigenvector`` and the communities
        (absent: 1); ``None`` ignores weights.

    Returns
    -------
    NodeMeasures
        Its table has one row per node, most connected first (degree, then
        strength, then node): ``node``, ``name`` (the node's ``name``
        attribute, else the node), ``degree`` (number of ties), ``strength``
        (sum of tie weights), ``betweenness``, ``eigenvector`` and
        ``community`` (0 = the largest Louvain community, as in
        :func:`communities`).

    Notes
    -----
    ``betweenness`` is networkx's normalized shortest-path betweenness,
    counting ties as unit distances (weights are tie strengths, not lengths):
    :math:`\\sum_{s \\ne v \\ne t} \\sigma_{st}(v)/\\sigma_{st}` divided by
    :math:`(n-1)(n-2)/2`.

    ``eigenvector`` is the leading eigenvector of the (weighted) adjacency
    matrix, computed **within each connected component** with
    :func:`numpy.linalg.eigh` and scaled so that the most central state of
    each component has 1; isolated nodes have 0. A single eigenvector of a
    disconnected graph would give every component but the one with the
    largest eigenvalue zero (or be undefined when two tie), so values compare
    states within a component, not across components.

    Examples
    --------
    >>> graph = nx.Graph([("a", "b"), ("a", "c"), ("a", "d")])
    >>> top = node_measures(graph).to_frame().iloc[0]
    >>> top.node, int(top.degree), float(top.betweenness)
    ('a', 3, 1.0)
    """
    graph, provenance = graph_of(graph, "node_measures")
    table = _node_table(graph, seed, weight)
    return NodeMeasures(table, graph.number_of_edges(), seed, weight, provenance)


def _node_table(graph: nx.Graph, seed: int, weight: str | None) -> pd.DataFrame:
    nodes = sorted_nodes(graph)
    if not nodes:
        return pd.DataFrame({column: [] for column in _NODE_COLUMNS}).astype(
            {
                "degree": "int64",
                "strength": "float64",
                "betweenness": "float64",
                "eigenvector": "float64",
                "community": "int64",
            }
        )
    community_of = {
        n: i for i, bloc in enumerate(communities(graph, seed=seed, weight=weight)) for n in bloc
    }
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    degree = dict(graph.degree())
    strength = dict(graph.degree(weight=weight))
    frame = pd.DataFrame(
        {
            "node": pd.Series(nodes, dtype=object),
            "name": [str(graph.nodes[n].get("name", n)) for n in nodes],
            "degree": np.array([degree[n] for n in nodes], dtype=np.int64),
            "strength": np.array([strength[n] for n in nodes], dtype=np.float64),
            "betweenness": np.array([betweenness[n] for n in nodes], dtype=np.float64),
            "eigenvector": _eigenvector(graph, nodes, weight),
            "community": np.array([community_of[n] for n in nodes], dtype=np.int64),
            "_order": np.arange(len(nodes)),
        }
    )
    frame = frame.sort_values(
        ["degree", "strength", "_order"], ascending=[False, False, True], kind="stable"
    )
    return frame.drop(columns="_order").reset_index(drop=True)


def structural_equivalence(graph: GraphLike, *, weight: str | None = None) -> StructuralEquivalence:
    """Pearson correlations between the tie profiles of every pair of nodes.

    Parameters
    ----------
    graph
        An undirected graph, or a :class:`~allied.panel.StateNetwork` (whose
        sources the result cites).
    weight
        Edge attribute for valued ties; ``None`` (default) uses 0/1 ties.

    Returns
    -------
    StructuralEquivalence
        Its ``matrix`` is a symmetric node x node table (rows and columns in
        sorted node order). Entry (i, j) is the correlation of i's and j's ties to every *other*
        state k (k not i, j); the diagonal is 1. NaN where a profile is
        constant (a state tied to none, or to all, of the others), as the
        correlation is undefined there.

    Notes
    -----
    The correlation measure of structural equivalence (Wasserman & Faust
    1994, sec. 9.3.2) on the adjacency matrix :math:`A` (self-loops
    ignored). Leaving out columns i and j drops the two entries that are
    always unequal or trivially equal (:math:`A_{ii} = 0` against
    :math:`A_{ji}`), so two states with identical sets of allies correlate
    at 1 whether or not they are allied to each other. With :math:`n' = n-2`,
    :math:`S_i = d_i - A_{ij}`, :math:`Q_i = \\sum_k A_{ik}^2 - A_{ij}^2` and
    :math:`P_{ij} = (A^2)_{ij}`,

    .. math:: r_{ij} = \\frac{n' P_{ij} - S_i S_j}
              {\\sqrt{(n' Q_i - S_i^2)(n' Q_j - S_j^2)}},

    computed for all pairs at once with matrix products.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis: Methods
       and Applications. Cambridge University Press, sec. 9.3.
       https://doi.org/10.1017/CBO9780511815478

    Examples
    --------
    The two leaves of a star are structurally equivalent:

    >>> graph = nx.Graph([("hub", "x"), ("hub", "y"), ("hub", "z")])
    >>> structural_equivalence(graph).matrix.loc["x", "y"]
    np.float64(1.0)
    """
    graph, provenance = graph_of(graph, "structural_equivalence")
    nodes = sorted_nodes(graph)
    n = len(nodes)
    adj = nx.to_numpy_array(graph, nodelist=nodes, weight=weight) if n else np.zeros((0, 0))
    np.fill_diagonal(adj, 0.0)
    if n < 3:
        result = np.full((n, n), math.nan)
    else:
        others = n - 2
        degree = adj.sum(axis=1)
        squares = (adj**2).sum(axis=1)
        products = adj @ adj
        s_i = degree[:, None] - adj
        s_j = degree[None, :] - adj
        q_i = squares[:, None] - adj**2
        q_j = squares[None, :] - adj**2
        numerator = others * products - s_i * s_j
        var_i = others * q_i - s_i**2
        var_j = others * q_j - s_j**2
        with np.errstate(invalid="ignore", divide="ignore"):
            result = numerator / np.sqrt(var_i * var_j)
        result[(var_i <= 1e-12) | (var_j <= 1e-12)] = math.nan
        result = np.clip(result, -1.0, 1.0)
    np.fill_diagonal(result, 1.0)
    matrix = pd.DataFrame(
        result, index=pd.Index(nodes, dtype=object), columns=pd.Index(nodes, dtype=object)
    )
    return StructuralEquivalence(matrix, weight, provenance)


# --------------------------------------------------------------------------- deprecated


def _deprecated_builder(old: str, new: str) -> None:
    warnings.warn(
        f"allied.measures.network.{old} is deprecated: measures no longer read the cache "
        f"or the catalog; use allied.panel.{new}(...).graph (or pass the network itself "
        "to the measures, whose results then cite its sources)",
        DeprecationWarning,
        stacklevel=3,
    )


def atop_graph(year: int, *, obligation: str = "any", include_isolates: bool = False) -> nx.Graph:
    """Deprecated: the graph of :func:`allied.panel.atop_network`."""
    from allied.panel import atop_network

    _deprecated_builder("atop_graph", "atop_network")
    return atop_network(year, obligation=obligation, include_isolates=include_isolates).graph


def catalog_graph(
    on: date,
    *,
    kind: str | Kind | Iterable[str | Kind] | None = None,
    catalog: Catalog | None = None,
) -> nx.Graph:
    """Deprecated: the graph of :func:`allied.panel.catalog_network`."""
    from allied.panel import catalog_network

    _deprecated_builder("catalog_graph", "catalog_network")
    return catalog_network(on, kind=kind, catalog=catalog).graph


#: The builders' constants, now in :mod:`allied.panel` (with a warning here).
__getattr__ = Moved(__name__, [("allied.panel", ["OBLIGATION_CHOICES", "ALLIANCE_KINDS"])]).get
