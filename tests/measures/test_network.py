"""Alliance networks: graphs from a tiny ATOP cache and the catalog, measures, export."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from allied.errors import DataNotAvailableError, InputError
from allied.measures import network
from allied.measures.network import (
    atop_graph,
    catalog_graph,
    communities,
    density,
    layout,
    node_measures,
    polarization,
    structural_equivalence,
    write_graph,
)

# A tiny COW system and ATOP 5.1-format member file (real codes): a NATO-like
# alliance (USA, UK, France; defense and consultation), a Warsaw-Pact-like one
# (USSR, Poland, the GDR; defense) and an asymmetric US-Japan treaty in which
# only the USA has an offense obligation. Canada is in the system, allied to no one.
STATES = """stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
USA,2,United States of America,1816,1,1,2016,12,31,2016
CAN,20,Canada,1920,1,10,2016,12,31,2016
UKG,200,United Kingdom,1816,1,1,2016,12,31,2016
FRN,220,France,1816,1,1,2016,12,31,2016
GDR,265,German Democratic Republic,1954,3,25,1990,10,2,2016
POL,290,Poland,1918,11,3,2016,12,31,2016
RUS,365,Russia,1816,1,1,2016,12,31,2016
JPN,740,Japan,1952,4,28,2016,12,31,2016
"""
_HEADER = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    "defense,offense,neutral,nonagg,consul"
)
MEMBERS = (
    _HEADER
    + """
3180,2,1949,8,24,0,0,,0,1,0,0,0,1
3180,200,1949,8,24,0,0,,0,1,0,0,0,1
3180,220,1949,8,24,0,0,,0,1,0,0,0,1
3285,365,1955,5,14,1991,7,1,0,1,0,0,0,0
3285,290,1955,5,14,1991,7,1,0,1,0,0,0,0
3285,265,1955,5,14,1990,10,2,0,1,0,0,0,0
3300,2,1960,1,19,0,0,,0,0,1,0,0,1
3300,740,1960,1,19,0,0,,0,0,0,0,0,1
"""
)
ALLIANCES = "atopid,begyr,asymm\n3180,1949,0\n3285,1955,0\n3300,1960,1\n"
STATE_YEARS = "state,year,atopally,defense,offense,neutral,nonagg,consul\n2,1962,1,1,1,0,0,1\n"


@pytest.fixture
def atop_cache(build_cache: Callable[[dict[str, dict[str, str]]], Path]) -> Path:
    """A cache holding the tiny COW system and ATOP files above."""
    atop = {"atop5_1m.csv": MEMBERS, "atop5_1a.csv": ALLIANCES, "atop5_1sy.csv": STATE_YEARS}
    return build_cache({"cow-states": {"states2016.csv": STATES}, "atop": atop})


def edges(graph: nx.Graph) -> set[tuple[object, object]]:
    return {tuple(sorted(e)) for e in graph.edges}  # type: ignore[misc]


# ----------------------------------------------------------------- public names


def test_public_names() -> None:
    assert set(network.__all__) == {
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
    }
    for name in network.__all__:
        assert hasattr(network, name), name


# ----------------------------------------------------------------- atop_graph


def test_atop_graph_any(atop_cache: Path) -> None:
    graph = atop_graph(1962)
    assert sorted(graph.nodes) == [2, 200, 220, 265, 290, 365, 740]
    assert edges(graph) == {
        (2, 200),
        (2, 220),
        (200, 220),
        (265, 290),
        (265, 365),
        (290, 365),
        (2, 740),
    }
    assert density(graph) == pytest.approx(7 / 21)
    assert graph.graph["year"] == 1962 and graph.graph["obligation"] == "any"
    assert graph.graph["table"] == "member_dyad_years"


def test_atop_graph_edge_attributes_merge_both_directions(atop_cache: Path) -> None:
    graph = atop_graph(1962)
    assert graph.edges[2, 200]["obligations"] == ["defense", "consul"]
    assert graph.edges[2, 200]["defense"] is True and graph.edges[2, 200]["offense"] is False
    # Only the USA holds the offense obligation toward Japan: the edge still has it.
    assert graph.edges[740, 2]["obligations"] == ["offense", "consul"]


def test_atop_graph_obligation_filters(atop_cache: Path) -> None:
    defense = atop_graph(1962, obligation="defense")
    assert sorted(defense.nodes) == [2, 200, 220, 265, 290, 365]
    assert len(defense.edges) == 6
    offense = atop_graph(1962, obligation="offense")
    assert edges(offense) == {(2, 740)}  # one direction is enough
    assert len(atop_graph(1962, obligation="neutral")) == 0


def test_atop_graph_years_follow_membership(atop_cache: Path) -> None:
    assert sorted(atop_graph(1950).nodes) == [2, 200, 220]
    assert sorted(atop_graph(1995).nodes) == [2, 200, 220, 740]  # the pact ended in 1991


def test_atop_graph_node_names(atop_cache: Path) -> None:
    graph = atop_graph(1962)
    assert graph.nodes[2] == {"name": "United States", "abb": "USA", "iso3": "USA"}
    assert graph.nodes[365]["name"] == "Russia"
    # No state of today: COW's own name from the cached spells.
    assert graph.nodes[265] == {"name": "German Democratic Republic", "abb": "GDR"}


def test_atop_graph_isolates(atop_cache: Path) -> None:
    graph = atop_graph(1962, include_isolates=True)
    assert 20 in graph and graph.degree(20) == 0
    assert graph.nodes[20]["name"] == "Canada"
    assert len(graph) == 8 and len(graph.edges) == 7
    # 2018 is past the COW spells (2016): states alive at the end are extended.
    assert 20 in atop_graph(2018, include_isolates=True)


def test_atop_graph_outside_coverage(atop_cache: Path) -> None:
    for year in (1814, 2019):
        with pytest.raises(InputError, match="1815-2018"):
            atop_graph(year)
    with pytest.raises(InputError, match="whole number"):
        atop_graph("1962")  # type: ignore[arg-type]


def test_atop_graph_unknown_obligation(atop_cache: Path) -> None:
    with pytest.raises(InputError, match="defense, offense"):
        atop_graph(1962, obligation="alliance")


def test_atop_graph_without_cache(empty_cache: Path) -> None:
    with pytest.raises(DataNotAvailableError, match="allied data import atop"):
        atop_graph(1962)


# ----------------------------------------------------------------- catalog_graph


def test_catalog_graph_alliances() -> None:
    graph = catalog_graph(date(2025, 1, 1), kind="multilateral_alliance")
    assert graph.nodes["USA"]["name"] == "United States"
    assert graph.edges["USA", "CAN"] == {"arrangements": ["nato"], "weight": 1}
    assert graph.edges["BRA", "USA"]["arrangements"] == ["rio_treaty"]
    assert not graph.has_edge("RUS", "USA")
    nato = [m for m in graph if graph.has_edge(m, "BEL")] + ["BEL"]
    assert len(nato) == 32  # NATO's 32 members (no other alliance of Belgium's)


def test_catalog_graph_weights_count_arrangements() -> None:
    graph = catalog_graph(date(2025, 1, 1))
    for _, _, data in graph.edges(data=True):
        assert data["weight"] == len(data["arrangements"]) >= 1
        assert data["arrangements"] == sorted(data["arrangements"])
    assert graph.edges["AUS", "USA"]["arrangements"] == [
        "anzus",
        "aukus",
        "aukus_pillar_1",
        "aukus_pillar_2",
        "f35_program",
        "five_eyes",
        "quad",
    ]
    assert graph.edges["AUS", "USA"]["weight"] == 7


def test_catalog_graph_several_kinds_and_errors() -> None:
    alliances = catalog_graph(date(2025, 1, 1), kind=network.ALLIANCE_KINDS)
    assert alliances.has_edge("JPN", "USA") and alliances.has_edge("CAN", "USA")
    assert alliances.graph["kinds"] == "bilateral_treaty,multilateral_alliance"
    with pytest.raises(InputError, match="unknown kind 'alliance'"):
        catalog_graph(date(2025, 1, 1), kind="alliance")
    with pytest.raises(InputError, match="must be a date"):
        catalog_graph("2025-01-01")  # type: ignore[arg-type]


def test_catalog_graph_before_any_arrangement() -> None:
    graph = catalog_graph(date(1800, 1, 1))
    assert len(graph) == 0
    assert node_measures(graph).empty
    assert communities(graph) == []
    result = polarization(graph)
    assert result.n_blocs == 0 and math.isnan(result.modularity)


def test_catalog_graph_needs_no_cache(empty_cache: Path) -> None:
    assert len(catalog_graph(date(1990, 1, 1), kind="multilateral_alliance")) > 10


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
    frame = node_measures(graph).set_index("node")
    assert list(node_measures(graph).columns) == [
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
    assert node_measures(graph).node.tolist() == ["b", "a", "c"]


def test_eigenvector_by_hand_and_against_networkx() -> None:
    path = nx.path_graph(3)  # leading eigenvector (1, sqrt 2, 1)
    values = node_measures(path, weight=None).set_index("node").eigenvector
    assert values[1] == pytest.approx(1.0) and values[0] == pytest.approx(1 / math.sqrt(2))
    graph = nx.gnp_random_graph(15, 0.4, seed=3)
    assert nx.is_connected(graph)
    expected = nx.eigenvector_centrality_numpy(graph)
    top = max(expected.values())
    ours = node_measures(graph, weight=None).set_index("node").eigenvector
    for node, value in expected.items():
        assert ours[node] == pytest.approx(value / top, abs=1e-9)


def test_eigenvector_per_component() -> None:
    graph = nx.Graph([(1, 2), (2, 3), (1, 3), (10, 11)])
    graph.add_node(20)
    values = node_measures(graph).set_index("node").eigenvector
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
    frame = node_measures(nx.Graph(edges)).set_index("node")
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
    matrix = structural_equivalence(star)
    assert list(matrix.index) == ["hub", "x", "y", "z"]
    assert matrix.loc["x", "y"] == pytest.approx(1.0)  # both tied to the hub only
    assert math.isnan(matrix.loc["hub", "x"])  # the hub is tied to both others: constant
    assert matrix.loc["hub", "hub"] == 1.0
    pairs = structural_equivalence(nx.Graph([("a", "b"), ("c", "d")]))
    assert pairs.loc["a", "c"] == pytest.approx(-1.0)  # a has b, c has d
    assert math.isnan(pairs.loc["a", "b"])  # neither is tied to c or d


def test_structural_equivalence_against_a_loop() -> None:
    graph = nx.gnp_random_graph(12, 0.35, seed=1)
    matrix = structural_equivalence(graph).to_numpy()
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


# ----------------------------------------------------------------- export


@pytest.fixture
def example() -> nx.Graph:
    graph = catalog_graph(date(2025, 1, 1), kind="bilateral_treaty")
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


def test_write_atop_graph_with_int_nodes(atop_cache: Path, tmp_path: Path) -> None:
    graph = atop_graph(1962)
    back = nx.read_graphml(write_graph(graph, tmp_path / "atop.graphml"), node_type=int)
    assert edges(back) == edges(graph)
    assert back.edges[2, 200]["obligations"] == "defense,consul"
    assert back.edges[2, 200]["defense"] is True
    gexf = nx.read_gexf(write_graph(graph, tmp_path / "atop.gexf"), node_type=int)
    assert edges(gexf) == edges(graph)


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
