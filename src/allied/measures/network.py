"""Alliance networks: yearly ATOP graphs, catalog graphs, their measures and export.

Two ways to build an undirected :class:`networkx.Graph` of states:

* :func:`atop_graph` — the ATOP dyad-years of one year (nodes are COW codes),
  from the local cache (``allied data import atop ...``);
* :func:`catalog_graph` — the embedded catalog on one date (nodes are ISO3
  codes), which needs no cache at all.

Pure functions measure any such graph: :func:`node_measures` (degree,
strength, betweenness, eigenvector centrality, Louvain community),
:func:`density`, :func:`communities`, :func:`polarization` (modularity and
assortativity of a bloc partition) and :func:`structural_equivalence`
(correlations of tie profiles). :func:`write_graph` exports GraphML, GEXF or
node-link JSON, atomically.

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

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from allied._io import write_atomic
from allied.catalog import Catalog, Kind, load_catalog
from allied.errors import DataNotAvailableError, InputError
from allied.sources import dataset, load
from allied.sources._systems import OBLIGATIONS
from allied.states import code_spells, lookup

__all__ = [
    "ALLIANCE_KINDS",
    "GRAPH_FORMATS",
    "OBLIGATION_CHOICES",
    "Polarization",
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

#: Values of ``obligation`` in :func:`atop_graph`: ``any`` alliance tie, or one of
#: ATOP's five obligations.
OBLIGATION_CHOICES: tuple[str, ...] = ("any", *OBLIGATIONS)

#: File suffixes :func:`write_graph` understands.
GRAPH_FORMATS: tuple[str, ...] = (".graphml", ".gexf", ".json")

_NODE_COLUMNS = [
    "node",
    "name",
    "degree",
    "strength",
    "betweenness",
    "eigenvector",
    "community",
]


# --------------------------------------------------------------------------- ordering


def _node_key(node: Any) -> tuple[int, float, str]:
    """A total order over node labels: numbers first (by value), then text."""
    if isinstance(node, int | float | np.integer | np.floating) and not isinstance(node, bool):
        return (0, float(node), "")
    return (1, 0.0, str(node))


def _sorted_nodes(graph: nx.Graph) -> list[Any]:
    return sorted(graph.nodes, key=_node_key)


def _canonical(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose nodes and edges are inserted in sorted order.

    networkx algorithms that draw random numbers (Louvain, spring layout)
    depend on insertion order; reading a canonical copy makes them depend on
    the graph alone.
    """
    ordered = nx.Graph()
    ordered.graph.update(graph.graph)
    ordered.add_nodes_from((n, graph.nodes[n]) for n in _sorted_nodes(graph))
    edges = []
    for u, v, data in graph.edges(data=True):
        a, b = (u, v) if _node_key(u) <= _node_key(v) else (v, u)
        edges.append((_node_key(a), _node_key(b), a, b, data))
    edges.sort(key=lambda e: (e[0], e[1]))
    ordered.add_edges_from((a, b, data) for _, _, a, b, data in edges)
    return ordered


def _check_graph(graph: object, function: str) -> None:
    """Refuse anything but an undirected simple networkx graph."""
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        raise InputError(
            f"{function} needs an undirected networkx.Graph, not a {type(graph).__name__}",
            where=f"{function}(graph)",
            fix="Build one with atop_graph() or catalog_graph(), or convert with "
            "networkx.Graph(graph).",
        )


# --------------------------------------------------------------------------- graphs


def _check_year(year: object) -> int:
    first, last = dataset("atop").coverage
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise InputError(
            f"year must be a whole number, not {year!r}",
            where="argument year",
            fix=f"Give a year in ATOP's coverage, {first}-{last}.",
        )
    if not first <= int(year) <= last:
        raise InputError(
            f"year {year} is outside ATOP's coverage, {first}-{last}",
            where="argument year",
            fix=f"Choose a year from {first} to {last}; for later years use "
            "catalog_graph() (`allied network --source catalog --on DATE`).",
        )
    return int(year)


def _check_obligation(obligation: str) -> str:
    if obligation not in OBLIGATION_CHOICES:
        raise InputError(
            f"unknown obligation {obligation!r}",
            where="argument obligation",
            fix=f"Use one of: {', '.join(OBLIGATION_CHOICES)}.",
        )
    return obligation


def _atop_dyads() -> tuple[pd.DataFrame, str]:
    """ATOP's own directed dyad-years if imported, else those derived from members."""
    try:
        return load("atop", "directed_dyad_years"), "directed_dyad_years"
    except LookupError:
        return load("atop", "member_dyad_years"), "member_dyad_years"


def _cow_labels(codes: Sequence[int], year: int) -> dict[int, dict[str, str]]:
    """``name``, ``abb`` (and ``iso3`` where known) for COW codes in ``year``.

    First the embedded state table: the COW code spell in force in ``year``
    (else any spell of the code) gives the abbreviation and the ISO3 code, whose
    state gives the name. Codes of states that no longer exist (COW 265, the
    German Democratic Republic) take COW's own name and abbreviation from the
    cached ``cow-states`` spells when those are imported; otherwise the code.
    """
    spells = code_spells()
    cow = spells[spells["system"] == "cow"]
    touching = (cow["start"].dt.year <= year) & (
        cow["end"].isna() | (cow["end"].dt.year.fillna(year) >= year)
    )
    ordered = pd.concat([cow[touching], cow[~touching]]).drop_duplicates("code")
    embedded = {
        int(code): (str(iso3), str(abb))
        for code, iso3, abb in zip(ordered["code"], ordered["iso3"], ordered["abb"], strict=True)
    }
    labels: dict[int, dict[str, str]] = {}
    for code in codes:
        if code in embedded:
            iso3, abb = embedded[code]
            labels[code] = {"name": lookup(iso3, source="iso3").name, "abb": abb, "iso3": iso3}
    missing = [code for code in codes if code not in labels]
    if missing:
        labels |= _cached_cow_labels(missing, year)
    for code in codes:
        labels.setdefault(code, {"name": str(code), "abb": str(code)})
    return labels


def _cached_cow_labels(codes: Sequence[int], year: int) -> dict[int, dict[str, str]]:
    try:
        spells = load("cow-states", "spells")
    except DataNotAvailableError:
        return {}
    spells = spells[spells["code"].isin(codes)]
    touching = (spells["start"].dt.year <= year) & (spells["end"].dt.year >= year)
    ordered = pd.concat([spells[touching], spells[~touching]]).drop_duplicates("code")
    return {
        int(code): {"name": str(name), "abb": str(abb)}
        for code, name, abb in zip(ordered["code"], ordered["name"], ordered["abb"], strict=True)
    }


def atop_graph(year: int, *, obligation: str = "any", include_isolates: bool = False) -> nx.Graph:
    """The ATOP alliance network of one year.

    Parameters
    ----------
    year
        A year inside ATOP's coverage (1815-2018 for ATOP 5.1, from the dataset
        registry).
    obligation
        ``"any"`` (the two states share an ATOP alliance that year, whatever its
        obligations) or one of ``"defense"``, ``"offense"``, ``"neutral"``,
        ``"nonagg"``, ``"consul"``: a tie where either state has that
        obligation toward the other.
    include_isolates
        Also add every COW system member of the year without a tie (from the
        cached ``cow-states`` spells, extended through ATOP's last year like
        peacesciencer's ``mry``). By default the nodes are the states with at
        least one tie.

    Returns
    -------
    networkx.Graph
        Nodes are COW codes with ``name`` and ``abb`` attributes (and ``iso3``
        where the embedded state table knows the state); each edge has
        ``obligations`` (the list of obligations either state holds toward the
        other) and one boolean attribute per obligation. The graph attributes record
        ``source``, ``year``, ``obligation`` and the ATOP ``table`` used.

    Raises
    ------
    InputError
        The year is outside ATOP's coverage, or the obligation is unknown.
    DataNotAvailableError
        ATOP (or, with ``include_isolates``, ``cow-states``) is not in the cache.

    Notes
    -----
    Uses ATOP's own directed dyad-year file when it was imported
    (``atop5_1ddyr.csv``), otherwise the dyad-years derived from the
    member-level file at import, like :func:`allied.panel.add_atop`. The two
    directions of a dyad are merged: the edge's obligations are the union of
    A's toward B and B's toward A. Node names come from the embedded state
    table (so COW 260, West Germany, is named "Germany" with abbreviation
    "GFR"); codes of extinct states take COW's name from the cached
    ``cow-states`` spells when imported, else the code.

    Data sources: ATOP 5.1 (Leeds et al. 2002); COW State System Membership
    v2016 (with ``include_isolates``).

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. graph. (2002).
       Alliance Treaty Obligations and Provisions, 1815-1944. International
       Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
    """
    year = _check_year(year)
    obligation = _check_obligation(obligation)
    dyads, table = _atop_dyads()
    rows = dyads[dyads["year"].to_numpy() == year]
    code1 = rows["ccode1"].to_numpy(np.int64)
    code2 = rows["ccode2"].to_numpy(np.int64)
    pairs = pd.DataFrame(
        {
            "low": np.minimum(code1, code2),
            "high": np.maximum(code1, code2),
            **{name: rows[name].to_numpy(np.int64) for name in OBLIGATIONS},
        }
    )
    merged = pairs.groupby(["low", "high"], sort=True)[list(OBLIGATIONS)].max().reset_index()
    if obligation != "any":
        merged = merged[merged[obligation].to_numpy() > 0]
    codes = set(merged["low"].tolist()) | set(merged["high"].tolist())
    if include_isolates:
        codes |= _system_members(year)
    labels = _cow_labels(sorted(codes), year)
    graph = nx.Graph(source="atop", year=year, obligation=obligation, table=table)
    graph.add_nodes_from((code, labels[code]) for code in sorted(codes))
    flags = merged[list(OBLIGATIONS)].to_numpy() > 0
    names = np.array(OBLIGATIONS)
    graph.add_edges_from(
        (
            int(low),
            int(high),
            {
                "obligations": names[row].tolist(),
                **{name: bool(flag) for name, flag in zip(OBLIGATIONS, row, strict=True)},
            },
        )
        for low, high, row in zip(merged["low"], merged["high"], flags, strict=True)
    )
    return graph


def _system_members(year: int) -> set[int]:
    from allied.panel import state_years

    last = dataset("atop").coverage[1]
    panel = state_years("cow", years=(year, year), through=last)
    return {int(code) for code in panel.frame["ccode"]}


#: Kinds that :func:`catalog_graph` reads as alliances (used by the brief).
ALLIANCE_KINDS: tuple[Kind, ...] = (Kind.MULTILATERAL_ALLIANCE, Kind.BILATERAL_TREATY)


def _kinds(kind: str | Kind | Iterable[str | Kind] | None) -> frozenset[Kind]:
    if kind is None:
        return frozenset(Kind)
    wanted = [kind] if isinstance(kind, str | Kind) else list(kind)
    kinds = set()
    for value in wanted:
        try:
            kinds.add(Kind(value))
        except ValueError:
            raise InputError(
                f"unknown kind {value!r}",
                where="argument kind",
                fix=f"Use one of: {', '.join(k.value for k in Kind)}.",
            ) from None
    return frozenset(kinds)


def catalog_graph(
    on: date,
    *,
    kind: str | Kind | Iterable[str | Kind] | None = None,
    catalog: Catalog | None = None,
) -> nx.Graph:
    """The network of states that share an arrangement of the catalog on a date.

    Parameters
    ----------
    on
        The date: arrangements in force then, and their members then.
    kind
        Only arrangements of this :class:`~allied.catalog.Kind` (or of any of
        several kinds); every kind by default.
    catalog
        The catalog; the embedded one (or ``$ALLIED_CATALOG_DIR``) by default.

    Returns
    -------
    networkx.Graph
        Nodes are ISO3 codes with a ``name`` attribute: every member, on
        ``on``, of a matching arrangement in force. An edge joins two states
        that are members of at least one common arrangement, with
        ``arrangements`` (the list of ids, sorted) and ``weight`` (how many).
        The graph attributes record ``source``, ``on``, ``kinds`` and ``catalog``.

    Notes
    -----
    Every membership role counts (partners, contributors, observers), as in
    :func:`allied.catalog.partners_of`. Pairs are enumerated per arrangement
    with :func:`numpy.triu_indices` and grouped once, so the cost grows with
    the arrangements, not with a loop over dyads.

    Examples
    --------
    >>> graph = catalog_graph(date(2025, 1, 1), kind="multilateral_alliance")
    >>> graph.edges["USA", "CAN"]["arrangements"], graph.edges["USA", "BRA"]["arrangements"]
    (['nato'], ['rio_treaty'])
    >>> graph.nodes["AUS"]["name"]
    'Australia'
    """
    if isinstance(on, datetime):
        on = on.date()
    if not isinstance(on, date):
        raise InputError(
            f"on must be a date, not {on!r}",
            where="argument on",
            fix="Pass a datetime.date, e.g. date(2025, 1, 1).",
        )
    kinds = _kinds(kind)
    loaded = catalog or load_catalog()
    chosen = sorted((a for a in loaded if a.kind in kinds and a.active_on(on)), key=lambda a: a.id)
    members = [sorted({m.state for m in a.members_on(on)}) for a in chosen]
    states = sorted({state for group in members for state in group})
    index = {state: i for i, state in enumerate(states)}
    first: list[np.ndarray] = []
    second: list[np.ndarray] = []
    which: list[np.ndarray] = []
    for position, group in enumerate(members):
        codes = np.array([index[s] for s in group], dtype=np.int64)
        i, j = np.triu_indices(len(codes), 1)
        first.append(codes[i])
        second.append(codes[j])
        which.append(np.full(len(i), position, dtype=np.int64))
    pairs = pd.DataFrame(
        {
            "u": np.concatenate(first) if first else np.empty(0, np.int64),
            "v": np.concatenate(second) if second else np.empty(0, np.int64),
            "a": np.concatenate(which) if which else np.empty(0, np.int64),
        }
    )
    ids = np.array([a.id for a in chosen], dtype=object)
    grouped = pairs.groupby(["u", "v"], sort=True)["a"].agg(list)
    first_side = grouped.index.get_level_values("u").to_numpy(np.int64)
    second_side = grouped.index.get_level_values("v").to_numpy(np.int64)
    graph = nx.Graph(
        source="catalog",
        on=on.isoformat(),
        kinds=",".join(sorted(k.value for k in kinds)),
        catalog=loaded.origin,
    )
    graph.add_nodes_from((s, {"name": lookup(s, source="iso3").name}) for s in states)
    graph.add_edges_from(
        (
            states[u],
            states[v],
            {"arrangements": ids[sorted(found)].tolist(), "weight": len(found)},
        )
        for u, v, found in zip(first_side, second_side, grouped.to_list(), strict=True)
    )
    return graph


# --------------------------------------------------------------------------- measures


def density(graph: nx.Graph) -> float:
    """The share of possible ties that exist: ``2m / (n (n - 1))``.

    Zero for a graph with fewer than two nodes (networkx's convention).

    Examples
    --------
    >>> density(nx.Graph([(1, 2), (2, 3), (1, 3)]))
    1.0
    """
    _check_graph(graph, "density")
    return float(nx.density(graph))


def communities(graph: nx.Graph, *, seed: int = 0, weight: str | None = "weight") -> list[set[Any]]:
    """Louvain communities, largest first.

    Parameters
    ----------
    graph
        An undirected graph.
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
    _check_graph(graph, "communities")
    if len(graph) == 0:
        return []
    found = nx.community.louvain_communities(_canonical(graph), weight=weight, seed=seed)
    return _ordered_blocs(found)


def _ordered_blocs(blocs: Iterable[Iterable[Any]]) -> list[set[Any]]:
    as_sets = [set(b) for b in blocs]
    return sorted(as_sets, key=lambda b: (-len(b), min(_node_key(n) for n in b)))


def _eigenvector(graph: nx.Graph, nodes: list[Any], weight: str | None) -> np.ndarray:
    """Eigenvector centrality within each connected component (max 1 in each)."""
    position = {n: i for i, n in enumerate(nodes)}
    values = np.zeros(len(nodes))
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        members = sorted(component, key=_node_key)
        matrix = nx.to_numpy_array(graph, nodelist=members, weight=weight)
        np.fill_diagonal(matrix, 0.0)
        _, vectors = np.linalg.eigh(matrix)
        leading = np.abs(vectors[:, -1])
        values[[position[n] for n in members]] = leading / leading.max()
    # Drop solver noise so that structurally identical states get equal values.
    return np.round(values, 12)


def node_measures(graph: nx.Graph, *, seed: int = 0, weight: str | None = "weight") -> pd.DataFrame:
    """Centrality and community of every node.

    Parameters
    ----------
    graph
        An undirected graph (from :func:`atop_graph`, :func:`catalog_graph` or
        your own).
    seed
        Seed of the Louvain communities.
    weight
        Edge attribute for ``strength``, ``eigenvector`` and the communities
        (absent: 1); ``None`` ignores weights.

    Returns
    -------
    pandas.DataFrame
        One row per node, most connected first (degree, then strength, then
        node): ``node``, ``name`` (the node's ``name`` attribute, else the
        node), ``degree`` (number of ties), ``strength`` (sum of tie weights),
        ``betweenness``, ``eigenvector`` and ``community`` (0 = the largest
        Louvain community, as in :func:`communities`).

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
    >>> top = node_measures(graph).iloc[0]
    >>> top.node, int(top.degree), float(top.betweenness)
    ('a', 3, 1.0)
    """
    _check_graph(graph, "node_measures")
    nodes = _sorted_nodes(graph)
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


@dataclass(frozen=True)
class Polarization:
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
                "members": [
                    ", ".join(str(n) for n in sorted(b, key=_node_key)) for b in self.blocs
                ],
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
            ]
        )


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
    left_out = [n for n in _sorted_nodes(graph) if n not in seen]
    if left_out:
        raise InputError(
            f"{len(left_out)} nodes are in no bloc, e.g. {left_out[0]!r}",
            where="argument blocs",
            fix="Give a partition of every node (a state alone is a bloc of one).",
        )
    return _ordered_blocs(b for b in given if b)


def polarization(
    graph: nx.Graph,
    *,
    blocs: Iterable[Iterable[Any]] | None = None,
    seed: int = 0,
    weight: str | None = "weight",
) -> Polarization:
    """How polarized a network is into blocs: modularity and assortativity.

    Parameters
    ----------
    graph
        An undirected graph.
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
    _check_graph(graph, "polarization")
    if blocs is None:
        partition = communities(graph, seed=seed, weight=weight)
        method, used_seed = "louvain", seed
    else:
        partition = _check_blocs(graph, blocs)
        method, used_seed = "given", None
    nodes = _sorted_nodes(graph)
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
    )


def structural_equivalence(graph: nx.Graph, *, weight: str | None = None) -> pd.DataFrame:
    """Pearson correlations between the tie profiles of every pair of nodes.

    Parameters
    ----------
    graph
        An undirected graph.
    weight
        Edge attribute for valued ties; ``None`` (default) uses 0/1 ties.

    Returns
    -------
    pandas.DataFrame
        A symmetric node x node matrix (rows and columns in sorted node order).
        Entry (i, j) is the correlation of i's and j's ties to every *other*
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
    >>> structural_equivalence(graph).loc["x", "y"]
    np.float64(1.0)
    """
    _check_graph(graph, "structural_equivalence")
    nodes = _sorted_nodes(graph)
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
    return pd.DataFrame(
        result, index=pd.Index(nodes, dtype=object), columns=pd.Index(nodes, dtype=object)
    )


def _component_layout(component: nx.Graph, seed: int, weight: str | None) -> np.ndarray:
    """Positions of one connected component, centred, within [-1, 1].

    ``component`` must be canonical (nodes in sorted order): the rows follow
    its node order, and a subgraph view iterates its nodes in set order, which
    changes with Python's hash seed.
    """
    if len(component) == 1:
        return np.zeros((1, 2))
    positions = nx.spring_layout(component, seed=seed, weight=weight, method="energy")
    xy = np.array([positions[n] for n in component.nodes], dtype=np.float64)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    extent = float(np.abs(xy).max())
    return xy / extent if extent > 0 else xy


def layout(graph: nx.Graph, *, seed: int = 0, weight: str | None = "weight") -> pd.DataFrame:
    """Deterministic 2-D positions for drawing ``graph``.

    Parameters
    ----------
    graph
        An undirected graph.
    seed
        Seed of the layout's random start; the same graph and seed give the
        same positions (the graph is read in sorted order).
    weight
        Edge attribute pulling tied states together (absent: 1).

    Returns
    -------
    pandas.DataFrame
        ``node``, ``x`` and ``y`` in [-1, 1] (rounded to 4 decimals), in
        sorted node order.

    Notes
    -----
    Each connected component is laid out on its own with
    ``networkx.spring_layout`` (``method="energy"``, a Fruchterman-Reingold
    energy minimized with scipy) in a square whose side grows with the square
    root of its size, and the squares are packed in rows, largest first. A
    single spring layout of a disconnected graph pushes the components to the
    corners and leaves the middle empty.

    Examples
    --------
    >>> positions = layout(nx.path_graph(3))
    >>> positions.equals(layout(nx.path_graph(3))), list(positions.columns)
    (True, ['node', 'x', 'y'])
    """
    _check_graph(graph, "layout")
    ordered = _canonical(graph)
    nodes = list(ordered.nodes)
    if not nodes:
        return pd.DataFrame({"node": pd.Series([], dtype=object), "x": [], "y": []})
    components = sorted(
        (sorted(c, key=_node_key) for c in nx.connected_components(ordered)),
        key=lambda c: (-len(c), _node_key(c[0])),
    )
    sides = [math.sqrt(len(c)) + 0.6 for c in components]
    width = max(sides[0], 1.3 * math.sqrt(sum(side**2 for side in sides)))
    position = {n: i for i, n in enumerate(nodes)}
    xy = np.zeros((len(nodes), 2))
    x = y = row_height = 0.0
    for members, side in zip(components, sides, strict=True):
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y - row_height, 0.0
        inner = _component_layout(_canonical(ordered.subgraph(members)), seed, weight)
        centre = np.array([x + side / 2, y - side / 2])
        xy[[position[n] for n in members]] = centre + inner * (side - 0.6) / 2
        x += side
        row_height = max(row_height, side)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    extent = float(np.abs(xy).max())
    if extent > 0:
        xy /= extent
    return pd.DataFrame(
        {
            "node": pd.Series(nodes, dtype=object),
            "x": np.round(xy[:, 0], 4) + 0.0,
            "y": np.round(xy[:, 1], 4) + 0.0,
        }
    )


# --------------------------------------------------------------------------- export


def _scalar(value: Any) -> Any:
    """A value GraphML and GEXF can store: lists become comma-joined text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


def _flat(graph: nx.Graph) -> nx.Graph:
    flat = nx.Graph()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for a, b, data in graph.edges(data=True):
        flat.add_edge(a, b, **{k: _scalar(v) for k, v in data.items() if v is not None})
    return flat


def write_graph(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` in the format its suffix names, atomically.

    ``.graphml`` (GraphML) and ``.gexf`` (GEXF 1.2, for Gephi) store list
    attributes such as ``arrangements`` as comma-joined text; ``.json`` is
    networkx node-link JSON (``networkx.node_link_data(graph, edges="edges")``),
    which keeps lists. Read them back with ``networkx.read_graphml``,
    ``networkx.read_gexf`` or ``networkx.node_link_graph(data, edges="edges")``.

    Raises
    ------
    InputError
        The suffix is not one of ``.graphml``, ``.gexf``, ``.json``.
    """
    _check_graph(graph, "write_graph")
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".graphml":
        text = "\n".join(nx.generate_graphml(_flat(graph))) + "\n"
    elif suffix == ".gexf":
        text = "\n".join(nx.generate_gexf(_flat(graph))) + "\n"
    elif suffix == ".json":
        data = nx.node_link_data(graph, edges="edges")
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_scalar) + "\n"
    else:
        raise InputError(
            f"unknown graph format {suffix or target.name!r}",
            where=f"output {str(target)!r}",
            fix=f"Use a file name ending in {', '.join(GRAPH_FORMATS)}.",
        )
    return write_atomic(target, text)
