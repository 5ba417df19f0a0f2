"""The brief's network section: which states the catalog ties together on its date.

What counts as a tie is a :class:`NetworkChoice`. By default the brief counts
**alliances**: the arrangements whose catalog ``obligations`` include mutual
defense or consultation (ATOP's terms, Leeds et al. 2002), and among their
members only the states those obligations bind (role ``member`` or ``party``).
Partnerships, programs, missions and organizations, and the partners,
associates and observers of an alliance, tie states that owe each other
nothing: co-membership of the Partnership for Peace or the EDA would make
Ireland one of the best-connected states of the world. Other selections
(``all``, or chosen kinds) are an explicit choice.

The graph is :func:`allied.panel.catalog_network` on the brief's
date, with Louvain communities, modularity and a deterministic layout, so the
same catalog, date and choice give the same page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from allied.catalog import (
    COLLABORATION_KINDS,
    Arrangement,
    Catalog,
    Kind,
    Membership,
    Obligation,
    Role,
)
from allied.errors import InputError
from allied.measures import network as networks
from allied.panel import catalog_network
from allied.report import _charts as charts
from allied.report._editions import catalog_label, edition
from allied.report._labels import KIND_LABELS

#: The default choice: alliances (see :data:`ALLIANCE_OBLIGATIONS`, :data:`BOUND_ROLES`).
ALLIANCES = "alliances"
#: Every arrangement and every member, whatever its role.
ALL = "all"
#: An arrangement is an alliance when its obligations include one of these.
ALLIANCE_OBLIGATIONS = frozenset({Obligation.DEFENSE, Obligation.CONSULTATION})
#: The members an alliance's obligations bind; partners, associates and observers
#: of it are not bound to each other (PfP partners are owed consultation by NATO,
#: not by one another; the US was an associate of CENTO, not a party).
BOUND_ROLES = frozenset({Role.MEMBER, Role.PARTY})
#: Seed of the network section's Louvain communities and layout.
NETWORK_SEED = 0
#: States named on the network drawing and listed in its table.
NETWORK_TOP = 12
#: States listed in the overview's "most connected" table.
MOST_CONNECTED_TOP = 15


@dataclass(frozen=True)
class NetworkChoice:
    """What the brief's network and its partner counts count as a tie.

    Attributes
    ----------
    name
        ``"alliances"``, ``"all"`` or ``"kinds"``.
    kinds
        For ``"kinds"``: the kinds of arrangement counted (every member).
    """

    name: str
    kinds: tuple[Kind, ...] = ()

    @property
    def alliances(self) -> bool:
        """Whether this is the default choice, alliances."""
        return self.name == ALLIANCES

    def counts(self, arrangement: Arrangement) -> bool:
        """Whether ``arrangement`` ties its members under this choice."""
        if not arrangement.kind.is_collaboration:
            return False
        if self.name == ALLIANCES:
            return bool(ALLIANCE_OBLIGATIONS & set(arrangement.obligations))
        return self.name == ALL or arrangement.kind in self.kinds

    def members(self, arrangement: Arrangement, on: date) -> list[Membership]:
        """The members of ``arrangement`` on ``on`` that count (bound ones for alliances)."""
        current = arrangement.members_on(on)
        return [m for m in current if not self.alliances or m.role in BOUND_ROLES]

    @property
    def what(self) -> str:
        """What is counted, in words, for the page."""
        if self.alliances:
            return (
                "alliances: the arrangements whose obligations include mutual defense or "
                "consultation, counting the states those obligations bind (members and "
                "parties, not partners, associates or observers)"
            )
        if self.name == ALL:
            return (
                "every collaboration of the catalog (not export-control regimes or arms "
                "embargoes), counting every member whatever its role"
            )
        kinds = " and ".join(KIND_LABELS[k].lower() for k in self.kinds)
        return f"{kinds}, counting every member whatever its role"

    @property
    def heading(self) -> str:
        """The section's heading."""
        return "Alliance network" if self.alliances else "Collaboration network"


def network_choice(value: str | Iterable[str] = ALLIANCES) -> NetworkChoice:
    """Read a network choice: ``"alliances"`` (default), ``"all"``, or kinds.

    Kinds are :class:`~allied.catalog.Kind` values of collaborations
    (:data:`~allied.catalog.COLLABORATION_KINDS`), as a list or comma-separated
    (``"mission,organization"``); export-control regimes and arms embargoes
    are legal limits, not ties, and are refused.

    Raises
    ------
    InputError
        An unknown or legal kind, or ``alliances``/``all`` mixed with kinds.

    Examples
    --------
    >>> network_choice().name
    'alliances'
    >>> network_choice("mission, organization").kinds
    (<Kind.MISSION: 'mission'>, <Kind.ORGANIZATION: 'organization'>)
    """
    parts = value.split(",") if isinstance(value, str) else list(value)
    words = [str(p).strip() for p in parts if str(p).strip()]
    if words in ([ALLIANCES], [ALL]):
        return NetworkChoice(words[0])
    choices = (
        f"{ALLIANCES}, {ALL}, or kinds among {', '.join(k.value for k in COLLABORATION_KINDS)}"
    )
    unknown = [w for w in words if w not in {k.value for k in COLLABORATION_KINDS}]
    if not words or unknown:
        raise InputError(
            f"unknown network choice {', '.join(unknown) or repr(value)}",
            where="network (--network)",
            fix=f"Use {choices}; kinds may be combined with commas "
            "(mission,organization), alliances and all may not.",
        )
    return NetworkChoice("kinds", tuple(dict.fromkeys(Kind(w) for w in words)))


def counted_catalog(catalog: Catalog, on: date, choice: NetworkChoice) -> Catalog:
    """The arrangements in force on ``on`` that ``choice`` counts, with only the
    members that count (an arrangement left with fewer than two is dropped)."""
    kept = {}
    for a in catalog:
        if not (a.active_on(on) and choice.counts(a)):
            continue
        members = choice.members(a, on)
        if len({m.state for m in members}) >= 2:
            kept[a.id] = a.model_copy(update={"members": members})
    return Catalog(kept, f"{catalog.origin}, {choice.name} on {on.isoformat()}")


def _network_labels(records: list[dict[str, Any]]) -> set[Any]:
    """States named on the drawing: the most connected state of each community,
    brokers (betweenness above 0) and spokes (three ties or fewer); the dense
    cores stay unlabelled (their names are in the tooltips and the table)."""
    named = {r["node"] for r in records if r["betweenness"] > 0 or r["degree"] <= 3}
    leaders: dict[int, Any] = {}
    for r in records:  # most connected first
        leaders.setdefault(int(r["community"]), r["node"])
    return named | set(leaders.values())


def network_section(
    catalog: Catalog, on: date, choice: NetworkChoice | None = None
) -> tuple[dict[str, Any] | None, charts.Spec | None]:
    """The network on ``on`` under ``choice`` (alliances by default): facts and drawing.

    ``None`` twice when no counted arrangement is in force.
    """
    choice = choice or network_choice()
    counted = counted_catalog(catalog, on, choice)
    if len(counted) == 0:
        return None, None
    network = catalog_network(on, catalog=counted)
    graph = network.graph
    measures = networks.node_measures(network, seed=NETWORK_SEED).frame
    split = networks.polarization(network, seed=NETWORK_SEED)
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in record.items()} for record in measures.to_dict("records")
    ]
    community = {n: f"bloc {i + 1}" for i, bloc in enumerate(split.blocs) for n in bloc}
    nodes, edges = _drawing(graph, records, community, counted)
    spec = charts.network(
        nodes,
        edges,
        title=f"{choice.heading}, {on.isoformat()}: {len(nodes)} states, "
        f"{len(edges)} ties (colour: Louvain community)",
    )
    facts = _facts(graph, split, records, community)
    facts.update(
        heading=choice.heading,
        what=choice.what,
        arrangements=", ".join(sorted(a.label for a in counted)),
        most_connected=_most_connected(records, counted),
        nodes=tuple(str(row["id"]) for row in nodes),
        editions=[
            edition(
                "Network ties and partner counts",
                f"{choice.what}; in force on {on.isoformat()}",
                f"{catalog_label(catalog)}; obligations in the terms of ATOP (Leeds et al. 2002)",
            )
        ],
    )
    return facts, spec


def _most_connected(records: list[dict[str, Any]], counted: Catalog) -> list[dict[str, Any]]:
    """The states with the most partners in the graph, and how many arrangements tie them."""
    memberships = Counter(state for a in counted for state in {m.state for m in a.members})
    ranked = sorted(records, key=lambda r: (-int(r["degree"]), str(r["name"])))
    return [
        {
            "name": r["name"],
            "partners": int(r["degree"]),
            "arrangements": memberships[r["node"]],
        }
        for r in ranked[:MOST_CONNECTED_TOP]
    ]


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
    graph: nx.Graph,
    split: networks.Polarization,
    records: list[dict[str, Any]],
    community: dict[Any, str],
) -> dict[str, Any]:
    """The numbers and tables of the section."""
    blocs = []
    for i, bloc in enumerate(split.blocs):
        leading = [r["name"] for r in records if r["node"] in bloc][:4]
        blocs.append({"label": f"bloc {i + 1}", "states": len(bloc), "leading": ", ".join(leading)})
    return {
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
