"""The brief's "Alliance network" section: the catalog's treaty alliances as a graph.

Drawn from :func:`allied.measures.network.catalog_graph` on the brief's date,
with Louvain communities, modularity and a deterministic layout, so the same
catalog and date give the same page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from allied.catalog import Catalog, Kind
from allied.measures import network as networks
from allied.report import _charts as charts

#: Kinds drawn in the brief's network section: treaty alliances (multilateral
#: alliances and bilateral treaties), not frameworks, programs or missions.
NETWORK_KINDS = networks.ALLIANCE_KINDS
#: Seed of the network section's Louvain communities and layout.
NETWORK_SEED = 0
#: States named on the network drawing and listed in its table.
NETWORK_TOP = 12

_KIND_NAMES = {
    Kind.MULTILATERAL_ALLIANCE: "multilateral alliances",
    Kind.BILATERAL_TREATY: "bilateral treaties",
}


def _network_labels(records: list[dict[str, Any]]) -> set[Any]:
    """States named on the drawing: the most connected state of each community,
    brokers (betweenness above 0) and spokes (three ties or fewer); the dense
    cores stay unlabelled (their names are in the tooltips and the table)."""
    named = {r["node"] for r in records if r["betweenness"] > 0 or r["degree"] <= 3}
    leaders: dict[int, Any] = {}
    for r in records:  # most connected first
        leaders.setdefault(int(r["community"]), r["node"])
    return named | set(leaders.values())


def network_section(catalog: Catalog, on: date) -> tuple[dict[str, Any] | None, charts.Spec | None]:
    """The alliance network on ``on``: facts for the page and the drawing's spec.

    Treaty alliances only (:data:`NETWORK_KINDS`): frameworks, programs,
    missions and organizations would tie most of Europe to everyone and hide
    the blocs. ``None`` twice when no such arrangement is in force.
    """
    graph = networks.catalog_graph(on, kind=NETWORK_KINDS, catalog=catalog)
    if graph.number_of_nodes() == 0:
        return None, None
    measures = networks.node_measures(graph, seed=NETWORK_SEED)
    split = networks.polarization(graph, seed=NETWORK_SEED)
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in record.items()} for record in measures.to_dict("records")
    ]
    community = {n: f"bloc {i + 1}" for i, bloc in enumerate(split.blocs) for n in bloc}
    nodes, edges = _drawing(graph, records, community, catalog)
    spec = charts.network(
        nodes,
        edges,
        title=f"Treaty alliance network, {on.isoformat()}: {len(nodes)} states, "
        f"{len(edges)} ties (colour: Louvain community)",
    )
    facts = _facts(graph, split, records, community)
    facts["nodes"] = tuple(str(row["id"]) for row in nodes)
    return facts, spec


def _drawing(
    graph: nx.Graph,
    records: list[dict[str, Any]],
    community: dict[Any, str],
    catalog: Catalog,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Node and edge rows of the drawing, at the positions of a seeded layout."""
    drawn: pd.DataFrame = networks.layout(graph, seed=NETWORK_SEED)
    xy: dict[str, tuple[float, float]] = {
        str(node): (x, y)
        for node, x, y in zip(drawn.node, drawn.x.tolist(), drawn.y.tolist(), strict=True)
    }
    named = _network_labels(records)
    nodes = [
        {
            "id": r["node"],
            "name": r["name"],
            "x": xy[r["node"]][0],
            "y": xy[r["node"]][1],
            "degree": int(r["degree"]),
            "community": community[r["node"]],
            "label": r["name"] if r["node"] in named else "",
        }
        for r in sorted(records, key=lambda r: str(r["node"]))
    ]
    names = {row["id"]: row["name"] for row in nodes}
    edges = [
        {
            "x": xy[u][0],
            "y": xy[u][1],
            "x2": xy[v][0],
            "y2": xy[v][1],
            "pair": f"{names[u]} and {names[v]}",
            "arrangements": ", ".join(catalog.get(a).label for a in data["arrangements"]),
        }
        for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
    ]
    return nodes, edges


def _facts(
    graph: nx.Graph, split: Any, records: list[dict[str, Any]], community: dict[Any, str]
) -> dict[str, Any]:
    """The numbers and tables of the section."""
    blocs = []
    for i, bloc in enumerate(split.blocs):
        leading = [r["name"] for r in records if r["node"] in bloc][:4]
        blocs.append({"label": f"bloc {i + 1}", "states": len(bloc), "leading": ", ".join(leading)})
    return {
        "kinds": " and ".join(_KIND_NAMES[k] for k in NETWORK_KINDS),
        "states": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "density": f"{networks.density(graph):.3f}",
        "communities": split.n_blocs,
        "modularity": f"{split.modularity:.3f}",
        "assortativity": f"{split.assortativity:.3f}",
        "across": split.ties_across,
        "blocs": blocs,
        "top": [
            {
                "name": r["name"],
                "degree": int(r["degree"]),
                "strength": int(r["strength"]),
                "betweenness": f"{r['betweenness']:.3f}",
                "community": community[r["node"]],
            }
            for r in records[:NETWORK_TOP]
        ],
    }
