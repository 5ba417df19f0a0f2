"""Alliance networks: measures of graphs, their results, layout and export.

The graphs' builders (allied.panel.atop_network, catalog_network) are tested in
tests/panel/test_graphs.py.
"""

from __future__ import annotations

import json
import math
import random
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from allied.errors import InputError
from allied.measures import network
from allied.measures.network import (
    NodeMeasures,
    Polarization,
    StructuralEquivalence,
    communities,
    density,
    layout,
    node_measures,
    polarization,
    structural_equivalence,
    write_graph,
)
from allied.panel import Provenance, StateNetwork, catalog_network


def edges(graph: nx.Graph) -> set[tuple[object, object]]:
    return {tuple(sorted(e)) for e in graph.edges}  # type: ignore[misc]


# ----------------------------------------------------------------- public names


def test_public_names() -> None:
    assert set(network.__all__) == {
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
    }
    for name in network.__all__:
        assert hasattr(network, name), name


# ----------------------------------------------------------------- measures


def test_density_by_hand() -> None:
    graph = nx.Graph([(1, 2), (2, 3), (1, 3)])
    graph.add_node(4)
    assert density(graph) == 0.5  # 3 ties of 6 possible
    assert density(nx.Graph()) == 0.0


def test_node_measures_on_a_weighted_path() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=2)
    graph.add_edge("b", "c")
    graph.nodes["b"]["name"] = "Bee"
    frame = node_measures(graph).to_frame().set_index("node")
    assert list(node_measures(graph).to_frame().columns) == [
        "node",
        "name",
        "degree",
        "strength",
        "betweenness",
        "eigenvector",
        "community",
    ]
    assert frame.loc["b", "name"] == "Bee" and frame.loc["a", "name"] == "a"
    assert frame.degree.to_dict() == {"b": 2, "a": 1, "c": 1}
    assert frame.strength.to_dict() == {"b": 3.0, "a": 2.0, "c": 1.0}
    # b lies on the one shortest path between the two others; normalized by 1.
    assert frame.betweenness.to_dict() == {"b": 1.0, "a": 0.0, "c": 0.0}
    assert node_measures(graph).to_frame().node.tolist() == ["b", "a", "c"]


def test_eigenvector_by_hand_and_against_networkx() -> None:
    path = nx.path_graph(3)  # leading eigenvector (1, sqrt 2, 1)
    values = node_measures(path, weight=None).to_frame().set_index("node").eigenvector
    assert values[1] == pytest.approx(1.0) and values[0] == pytest.approx(1 / math.sqrt(2))
    graph = nx.gnp_random_graph(15, 0.4, seed=3)
    assert nx.is_connected(graph)
    expected = nx.eigenvector_centrality_numpy(graph)
    top = max(expected.values())
    ours = node_measures(graph, weight=None).to_frame().set_index("node").eigenvector
    for node, value in expected.items():
        assert ours[node] == pytest.approx(value / top, abs=1e-9)


def test_eigenvector_per_component() -> None:
    graph = nx.Graph([(1, 2), (2, 3), (1, 3), (10, 11)])
    graph.add_node(20)
    values = node_measures(graph).to_frame().set_index("node").eigenvector
    assert values.to_dict() == {1: 1.0, 2: 1.0, 3: 1.0, 10: 1.0, 11: 1.0, 20: 0.0}


def test_communities_are_sorted_and_reproducible() -> None:
    edges = [(u, v) for u in range(5) for v in range(u + 1, 5)]
    edges += [(u, v) for u in range(10, 13) for v in range(u + 1, 13)] + [(4, 10)]
    expected = [{0, 1, 2, 3, 4}, {10, 11, 12}]
    assert communities(nx.Graph(edges)) == expected
    shuffled = list(edges)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert communities(nx.Graph(shuffled)) == expected
    frame = node_measures(nx.Graph(edges)).to_frame().set_index("node")
    assert frame.community[0] == 0 and frame.community[11] == 1


def test_polarization_two_disconnected_cliques() -> None:
    graph = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    result = polarization(graph)
    assert result.n_blocs == 2 and result.method == "louvain" and result.seed == 0
    assert (result.ties, result.ties_within, result.ties_across) == (12, 12, 0)
    assert result.within_share == 1.0
    assert result.modularity == pytest.approx(0.5)  # 1 - 2 x (1/2)^2
    assert result.index == result.modularity
    assert result.assortativity == pytest.approx(1.0)  # fully polarized


def test_polarization_one_clique() -> None:
    result = polarization(nx.complete_graph(5))
    assert result.n_blocs == 1 and result.ties_across == 0
    assert result.modularity == pytest.approx(0.0)
    assert math.isnan(result.assortativity)  # 0/0: nothing to polarize


def test_polarization_given_blocs_by_hand() -> None:
    # A 4-cycle split into two adjacent pairs: 2 of 4 ties inside, a_c = 1/2.
    graph = nx.cycle_graph(4)
    result = polarization(graph, blocs=[{0, 1}, {2, 3}])
    assert result.method == "given" and result.seed is None
    assert (result.ties_within, result.ties_across) == (2, 2)
    assert result.modularity == pytest.approx(0.5 - 0.5)
    assert result.assortativity == pytest.approx(0.0)
    frame = result.to_frame()
    assert frame.states.tolist() == [2, 2]
    assert frame.within_share.tolist() == [0.25, 0.25]
    assert frame.degree_share.tolist() == [0.5, 0.5]
    assert frame.modularity_term.sum() == pytest.approx(result.modularity)
    text = result.summary()
    assert "2 blocs (given blocs)" in text and "modularity Q" in text


def test_polarization_matches_networkx_modularity() -> None:
    graph = nx.gnp_random_graph(30, 0.2, seed=7)
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = 1 + (u + v) % 3
    blocs = [set(range(0, 10)), set(range(10, 22)), set(range(22, 30))]
    for weight in ("weight", None):
        expected = nx.community.modularity(graph, blocs, weight=weight)
        assert polarization(graph, blocs=blocs, weight=weight).modularity == pytest.approx(expected)
    graph.add_edge(0, 0, weight=2)  # a self-loop counts once, both ends in its bloc
    graph.add_edge(0, 29, weight=0)  # a tie of weight 0 is still a tie
    result = polarization(graph, blocs=blocs)
    assert result.ties == graph.number_of_edges()
    assert result.modularity == pytest.approx(nx.community.modularity(graph, blocs))
    louvain = polarization(graph)
    assert louvain.modularity == pytest.approx(
        nx.community.modularity(graph, [set(b) for b in louvain.blocs])
    )


def test_polarization_rejects_bad_blocs() -> None:
    graph = nx.path_graph(4)
    with pytest.raises(InputError, match="not a node"):
        polarization(graph, blocs=[{0, 1}, {2, 3, 9}])
    with pytest.raises(InputError, match="blocs 0 and 1"):
        polarization(graph, blocs=[{0, 1, 2}, {2, 3}])
    with pytest.raises(InputError, match="in no bloc"):
        polarization(graph, blocs=[{0, 1}])


def test_structural_equivalence_by_hand() -> None:
    star = nx.Graph([("hub", "x"), ("hub", "y"), ("hub", "z")])
    matrix = structural_equivalence(star).matrix
    assert list(matrix.index) == ["hub", "x", "y", "z"]
    assert matrix.loc["x", "y"] == pytest.approx(1.0)  # both tied to the hub only
    assert math.isnan(matrix.loc["hub", "x"])  # the hub is tied to both others: constant
    assert matrix.loc["hub", "hub"] == 1.0
    pairs = structural_equivalence(nx.Graph([("a", "b"), ("c", "d")])).matrix
    assert pairs.loc["a", "c"] == pytest.approx(-1.0)  # a has b, c has d
    assert math.isnan(pairs.loc["a", "b"])  # neither is tied to c or d


def test_structural_equivalence_against_a_loop() -> None:
    graph = nx.gnp_random_graph(12, 0.35, seed=1)
    matrix = structural_equivalence(graph).matrix.to_numpy()
    adjacency = nx.to_numpy_array(graph, nodelist=sorted(graph))
    assert np.allclose(matrix, matrix.T, equal_nan=True)
    for i in range(12):
        for j in range(12):
            if i == j:
                continue
            keep = [k for k in range(12) if k not in (i, j)]
            x, y = adjacency[i, keep], adjacency[j, keep]
            if x.std() == 0 or y.std() == 0:
                assert math.isnan(matrix[i, j])
            else:
                assert matrix[i, j] == pytest.approx(np.corrcoef(x, y)[0, 1])


def test_measures_refuse_other_inputs() -> None:
    with pytest.raises(InputError, match=r"undirected networkx\.Graph"):
        density(nx.DiGraph([(1, 2)]))
    with pytest.raises(InputError, match="not a list"):
        node_measures([(1, 2)])  # type: ignore[arg-type]


def test_layout_is_deterministic_and_bounded() -> None:
    graph = nx.disjoint_union(nx.complete_graph(6), nx.path_graph(3))
    graph.add_node(100)
    first = layout(graph, seed=3)
    assert first.equals(layout(graph, seed=3))
    assert first.node.tolist() == sorted(graph.nodes)
    assert first[["x", "y"]].abs().to_numpy().max() == pytest.approx(1.0)
    assert len(first.drop_duplicates(["x", "y"])) == len(graph)


# ----------------------------------------------------------------- results


def _built(graph: nx.Graph) -> StateNetwork:
    return StateNetwork(graph, Provenance(("mine",), ("2026",)))


def test_node_measures_show_themselves() -> None:
    graph = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("x", "y")])
    graph.nodes["a"]["name"] = "Alpha"
    result = node_measures(graph)
    assert isinstance(result, NodeMeasures) and len(result) == 6 and result.ties == 4
    assert result.to_frame().equals(result.frame) and result.to_frame() is not result.frame
    lines = result.summary().splitlines()
    assert lines[0] == "Node measures: 6 states, 4 ties, 2 Louvain communities (seed 0)"
    # a lies on the 3 shortest paths among b, c, d, of (6 - 1)(6 - 2) / 2 = 10 pairs
    assert lines[2].split() == ["Alpha", "3", "0.300", "1.000", "0"]
    assert len(lines) == 2 + 5  # the five most connected, no sources for a plain graph
    assert result.citations() == []
    assert "<th>betweenness</th>" in result._repr_html_()


def test_results_cite_the_network_they_measure() -> None:
    built = _built(nx.Graph([(1, 2), (2, 3), (3, 4)]))
    for result in (
        node_measures(built),
        polarization(built),
        structural_equivalence(built),
    ):
        assert result.provenance.sources == ("mine",)
        assert result.summary().splitlines()[-1] == "  sources: mine (2026)"
    plain = node_measures(built.graph)
    assert plain.frame.equals(node_measures(built).frame)
    assert density(built) == density(built.graph) and communities(built) == communities(built.graph)
    assert layout(built).equals(layout(built.graph))


def test_catalog_network_results_cite_its_arrangements() -> None:
    built = catalog_network(date(2025, 1, 1), kind="multilateral_alliance")
    cited = polarization(built).citations()
    assert cited == built.citations() and cited


def test_polarization_is_a_result() -> None:
    result = polarization(nx.cycle_graph(4), blocs=[{0, 1}, {2, 3}])
    assert isinstance(result, Polarization) and result.citations() == []
    html = result._repr_html_()
    assert html.startswith('<div class="allied-result"><pre>Polarization: 2 blocs')
    assert "<th>modularity_term</th>" in html


def test_structural_equivalence_shows_itself() -> None:
    star = nx.Graph([("hub", "x"), ("hub", "y"), ("hub", "z")])
    result = structural_equivalence(star)
    assert isinstance(result, StructuralEquivalence)
    frame = result.to_frame()
    assert list(frame.columns) == ["node", "hub", "x", "y", "z"]
    assert frame.set_index("node").loc["x", "y"] == pytest.approx(1.0)
    # the three leaves pair at 1; the hub's profile is constant, so its pairs are undefined
    assert result.pairs().to_dict("list") == {
        "node1": ["x", "x", "y"],
        "node2": ["y", "z", "z"],
        "r": [1.0, 1.0, 1.0],
    }
    lines = result.summary().splitlines()
    assert lines[0] == (
        "Structural equivalence of 4 states (correlation of tie profiles, unweighted ties): "
        "3 pairs defined"
    )
    assert lines[1] == "  x and y: r = 1.000"


def test_results_that_were_frames_still_answer_as_frames_with_a_warning() -> None:
    graph = nx.Graph([("a", "b"), ("a", "c")])
    result = node_measures(graph)
    with pytest.warns(DeprecationWarning, match=r"NodeMeasures\.head is deprecated"):
        head = result.head(1)
    assert head.node.tolist() == ["a"]
    with pytest.warns(DeprecationWarning, match=r"\.to_frame\(\)"):
        assert result["degree"].tolist() == [2, 1, 1]
    matrix = structural_equivalence(nx.path_graph(4))
    with pytest.warns(DeprecationWarning, match="StructuralEquivalence.loc"):
        assert matrix.loc[0, 3] == matrix.matrix.loc[0, 3]
    with pytest.raises(AttributeError):
        result.no_such_column  # noqa: B018
    with pytest.raises(AttributeError):
        result._private  # noqa: B018


# ----------------------------------------------------------------- export


@pytest.fixture
def example() -> nx.Graph:
    graph = catalog_network(date(2025, 1, 1), kind="bilateral_treaty").graph
    graph.add_node("XYZ")  # an isolated node without attributes
    return graph


def test_write_graphml_round_trip(example: nx.Graph, tmp_path: Path) -> None:
    path = write_graph(example, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(example.nodes) and edges(back) == edges(example)
    assert back.nodes["JPN"]["name"] == "Japan"
    assert back.edges["JPN", "USA"]["arrangements"] == "us_japan_security_treaty"
    assert back.graph["source"] == "catalog"


def test_write_gexf_round_trip(example: nx.Graph, tmp_path: Path) -> None:
    back = nx.read_gexf(write_graph(example, tmp_path / "g.gexf"))
    assert set(back.nodes) == set(example.nodes) and edges(back) == edges(example)
    assert back.edges["JPN", "USA"]["weight"] == 1


def test_write_json_round_trip(example: nx.Graph, tmp_path: Path) -> None:
    path = write_graph(example, tmp_path / "g.json")
    back = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    assert set(back.nodes) == set(example.nodes) and edges(back) == edges(example)
    assert back.edges["JPN", "USA"]["arrangements"] == ["us_japan_security_treaty"]
    assert back.graph["on"] == "2025-01-01"


def test_write_graph_unknown_suffix(example: nx.Graph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown graph format '\.csv'"):
        write_graph(example, tmp_path / "g.csv")
    with pytest.raises(InputError, match=r"\.graphml, \.gexf, \.json"):
        write_graph(example, tmp_path / "graph")
    assert list(tmp_path.iterdir()) == []


def test_write_graph_is_atomic(example: nx.Graph, tmp_path: Path) -> None:
    target = tmp_path / "g.json"
    target.write_text("previous", encoding="utf-8")
    write_graph(example, target)
    assert json.loads(target.read_text("utf-8"))["nodes"]
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


_LAYOUT_IN_A_FRESH_INTERPRETER = """
import json, networkx as nx
from allied.measures.network import layout
graph = nx.Graph()
graph.add_edges_from([("USA", c) for c in ("GBR", "FRA", "DEU", "ITA", "CAN", "NOR")])
graph.add_edges_from([("GBR", "FRA"), ("DEU", "ITA")])
graph.add_edges_from([("AUS", "JPN"), ("JPN", "KOR"), ("KOR", "PHL"), ("PHL", "NZL")])
print(json.dumps(layout(graph, seed=7).to_dict(orient="records")))
"""


def test_layout_is_the_same_under_every_hash_seed() -> None:
    """Positions do not depend on Python's hash seed (a subgraph view iterates its
    nodes in set order, which once put each component's rows on the wrong nodes)."""
    import os
    import subprocess
    import sys

    outputs = set()
    for hash_seed in ("1", "2", "3", "4", "5"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", _LAYOUT_IN_A_FRESH_INTERPRETER],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    rows = {row["node"]: (row["x"], row["y"]) for row in json.loads(outputs.pop())}
    assert len(rows) == 12
