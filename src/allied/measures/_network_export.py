"""Writing a network to GraphML, GEXF or node-link JSON, atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from allied._io import write_atomic
from allied.errors import InputError
from allied.measures._network_graph import GraphLike, graph_of

__all__ = ["GRAPH_FORMATS", "write_graph"]

#: File suffixes :func:`write_graph` understands.
GRAPH_FORMATS: tuple[str, ...] = (".graphml", ".gexf", ".json")


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


def write_graph(graph: GraphLike, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` in the format its suffix names, atomically.

    Parameters
    ----------
    graph
        An undirected graph (or a :class:`~allied.panel.StateNetwork`: its graph
        is written).
    path
        The file; its suffix names the format (:data:`GRAPH_FORMATS`).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        The suffix is not one of ``.graphml``, ``.gexf``, ``.json``.

    Notes
    -----
    ``.graphml`` (GraphML) and ``.gexf`` (GEXF 1.2, for Gephi) store list
    attributes such as ``arrangements`` as comma-joined text; ``.json`` is
    networkx node-link JSON (``networkx.node_link_data(graph, edges="edges")``),
    which keeps lists. Read them back with ``networkx.read_graphml``,
    ``networkx.read_gexf`` or ``networkx.node_link_graph(data, edges="edges")``.
    The file is written to a temporary file and renamed, so a failed write
    leaves any previous file as it was.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> written = write_graph(nx.Graph([("USA", "CAN")]), folder / "pair.graphml")
    >>> sorted(nx.read_graphml(written).nodes)
    ['CAN', 'USA']
    """
    graph, _ = graph_of(graph, "write_graph")
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
