"""Deterministic 2-D positions for drawing a network (the brief's network chart).

The layout does not depend on Python's hash seed: each component is laid out
on a canonical copy of its subgraph (a subgraph view iterates small node sets
in set order, which once put positions on the wrong nodes).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from allied.measures._network_graph import GraphLike, canonical, graph_of, node_key

__all__ = ["layout"]


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


def layout(graph: GraphLike, *, seed: int = 0, weight: str | None = "weight") -> pd.DataFrame:
    """Deterministic 2-D positions for drawing ``graph``.

    Parameters
    ----------
    graph
        An undirected graph (or a :class:`~allied.panel.StateNetwork`).
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
    graph, _ = graph_of(graph, "layout")
    ordered = canonical(graph)
    nodes = list(ordered.nodes)
    if not nodes:
        return pd.DataFrame({"node": pd.Series([], dtype=object), "x": [], "y": []})
    components = sorted(
        (sorted(c, key=node_key) for c in nx.connected_components(ordered)),
        key=lambda c: (-len(c), node_key(c[0])),
    )
    sides = [math.sqrt(len(c)) + 0.6 for c in components]
    width = max(sides[0], 1.3 * math.sqrt(sum(side**2 for side in sides)))
    position = {n: i for i, n in enumerate(nodes)}
    xy = np.zeros((len(nodes), 2))
    x = y = row_height = 0.0
    for members, side in zip(components, sides, strict=True):
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y - row_height, 0.0
        inner = _component_layout(canonical(ordered.subgraph(members)), seed, weight)
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
