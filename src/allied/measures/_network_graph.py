"""What every network measure shares: the graph it accepts, and a canonical order.

Measures accept an undirected :class:`networkx.Graph`, or a
:class:`~allied.panel.StateNetwork` from :mod:`allied.panel` (whose sources
their results then cite). They read the graph in a canonical order (nodes and
edges sorted), so that functions drawing random numbers (Louvain, spring
layout) depend on the graph alone, not on the order it was built in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

import networkx as nx
import numpy as np

from allied.errors import InputError
from allied.panel import Provenance, StateNetwork

__all__ = [
    "GraphLike",
    "canonical",
    "graph_of",
    "node_key",
    "ordered_blocs",
    "sorted_nodes",
]

#: What a network measure accepts: a graph, or a network built by :mod:`allied.panel`.
GraphLike: TypeAlias = nx.Graph | StateNetwork


def node_key(node: Any) -> tuple[int, float, str]:
    """A total order over node labels: numbers first (by value), then text."""
    if isinstance(node, int | float | np.integer | np.floating) and not isinstance(node, bool):
        return (0, float(node), "")
    return (1, 0.0, str(node))


def sorted_nodes(graph: nx.Graph) -> list[Any]:
    """The nodes in :func:`node_key` order."""
    return sorted(graph.nodes, key=node_key)


def canonical(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose nodes and edges are inserted in sorted order.

    networkx algorithms that draw random numbers (Louvain, spring layout)
    depend on insertion order; reading a canonical copy makes them depend on
    the graph alone.
    """
    ordered = nx.Graph()
    ordered.graph.update(graph.graph)
    ordered.add_nodes_from((n, graph.nodes[n]) for n in sorted_nodes(graph))
    edges = []
    for u, v, data in graph.edges(data=True):
        a, b = (u, v) if node_key(u) <= node_key(v) else (v, u)
        edges.append((node_key(a), node_key(b), a, b, data))
    edges.sort(key=lambda e: (e[0], e[1]))
    ordered.add_edges_from((a, b, data) for _, _, a, b, data in edges)
    return ordered


def graph_of(graph: object, function: str) -> tuple[nx.Graph, Provenance]:
    """The undirected simple graph a measure was given, and its provenance (if any).

    Raises
    ------
    InputError
        Anything but an undirected simple :class:`networkx.Graph` or a
        :class:`~allied.panel.StateNetwork` holding one.
    """
    provenance = Provenance()
    if isinstance(graph, StateNetwork):
        provenance = graph.provenance
        graph = graph.graph
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        raise InputError(
            f"{function} needs an undirected networkx.Graph, not a {type(graph).__name__}",
            where=f"{function}(graph)",
            fix="Build one with allied.panel.atop_network() or catalog_network(), or convert "
            "with networkx.Graph(graph).",
        )
    return graph, provenance


def ordered_blocs(blocs: Iterable[Iterable[Any]]) -> list[set[Any]]:
    """Blocs as sets, largest first, then by their smallest member."""
    as_sets = [set(b) for b in blocs]
    return sorted(as_sets, key=lambda b: (-len(b), min(node_key(n) for n in b)))
