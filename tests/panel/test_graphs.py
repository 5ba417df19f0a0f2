"""allied.panel.atop_network and catalog_network: the graphs, their sources, their errors.

The measures of these graphs are tested in tests/measures/test_network.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from allied.catalog import Catalog, load_catalog
from allied.errors import DataNotAvailableError, InputError
from allied.measures import network
from allied.measures.network import communities, density, node_measures, polarization, write_graph
from allied.panel import (
    ALLIANCE_KINDS,
    OBLIGATION_CHOICES,
    StateNetwork,
    atop_network,
    catalog_network,
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


# ----------------------------------------------------------------- atop_network


def test_atop_network_any(atop_cache: Path) -> None:
    graph = atop_network(1962).graph
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


def test_atop_network_edge_attributes_merge_both_directions(atop_cache: Path) -> None:
    graph = atop_network(1962).graph
    assert graph.edges[2, 200]["obligations"] == ["defense", "consul"]
    assert graph.edges[2, 200]["defense"] is True and graph.edges[2, 200]["offense"] is False
    # Only the USA holds the offense obligation toward Japan: the edge still has it.
    assert graph.edges[740, 2]["obligations"] == ["offense", "consul"]


def test_atop_network_obligation_filters(atop_cache: Path) -> None:
    defense = atop_network(1962, obligation="defense").graph
    assert sorted(defense.nodes) == [2, 200, 220, 265, 290, 365]
    assert len(defense.edges) == 6
    offense = atop_network(1962, obligation="offense").graph
    assert edges(offense) == {(2, 740)}  # one direction is enough
    assert len(atop_network(1962, obligation="neutral").graph) == 0


def test_atop_network_years_follow_membership(atop_cache: Path) -> None:
    assert sorted(atop_network(1950).graph.nodes) == [2, 200, 220]
    assert sorted(atop_network(1995).graph.nodes) == [2, 200, 220, 740]  # the pact ended in 1991


def test_atop_network_node_names(atop_cache: Path) -> None:
    graph = atop_network(1962).graph
    assert graph.nodes[2] == {"name": "United States", "abb": "USA", "iso3": "USA"}
    assert graph.nodes[365]["name"] == "Russia"
    # No state of today: COW's own name from the cached spells.
    assert graph.nodes[265] == {"name": "German Democratic Republic", "abb": "GDR"}


def test_atop_network_isolates(atop_cache: Path) -> None:
    graph = atop_network(1962, include_isolates=True).graph
    assert 20 in graph and graph.degree(20) == 0
    assert graph.nodes[20]["name"] == "Canada"
    assert len(graph) == 8 and len(graph.edges) == 7
    # 2018 is past the COW spells (2016): states alive at the end are extended.
    assert 20 in atop_network(2018, include_isolates=True).graph


def test_atop_network_outside_coverage(atop_cache: Path) -> None:
    for year in (1814, 2019):
        with pytest.raises(InputError, match="1815-2018"):
            atop_network(year)
    with pytest.raises(InputError, match="whole number"):
        atop_network("1962")  # type: ignore[arg-type]


def test_atop_network_unknown_obligation(atop_cache: Path) -> None:
    with pytest.raises(InputError, match="defense, offense"):
        atop_network(1962, obligation="alliance")


def test_atop_network_without_cache(empty_cache: Path) -> None:
    with pytest.raises(DataNotAvailableError, match="allied data import atop"):
        atop_network(1962)


# ----------------------------------------------------------------- catalog_network


def test_catalog_network_alliances() -> None:
    graph = catalog_network(date(2025, 1, 1), kind="multilateral_alliance").graph
    assert graph.nodes["USA"]["name"] == "United States"
    assert graph.edges["USA", "CAN"] == {"arrangements": ["nato"], "weight": 1}
    assert graph.edges["BRA", "USA"]["arrangements"] == ["rio_treaty"]
    assert not graph.has_edge("RUS", "USA")
    nato = [m for m in graph if graph.has_edge(m, "BEL")] + ["BEL"]
    assert len(nato) == 32  # NATO's 32 members (no other alliance of Belgium's)


def test_catalog_network_weights_count_arrangements() -> None:
    graph = catalog_network(date(2025, 1, 1)).graph
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


def test_catalog_network_several_kinds_and_errors() -> None:
    alliances = catalog_network(date(2025, 1, 1), kind=ALLIANCE_KINDS).graph
    assert alliances.has_edge("JPN", "USA") and alliances.has_edge("CAN", "USA")
    assert alliances.graph["kinds"] == "bilateral_treaty,multilateral_alliance"
    with pytest.raises(InputError, match="unknown kind 'alliance'"):
        catalog_network(date(2025, 1, 1), kind="alliance")
    with pytest.raises(InputError, match="must be a date"):
        catalog_network("2025-01-01")  # type: ignore[arg-type]


def test_catalog_network_before_any_arrangement() -> None:
    graph = catalog_network(date(1800, 1, 1)).graph
    assert len(graph) == 0
    assert node_measures(graph).frame.empty
    assert communities(graph) == []
    result = polarization(graph)
    assert result.n_blocs == 0 and math.isnan(result.modularity)


def test_catalog_network_needs_no_cache(empty_cache: Path) -> None:
    assert len(catalog_network(date(1990, 1, 1), kind="multilateral_alliance").graph) > 10


def test_obligation_choices() -> None:
    assert OBLIGATION_CHOICES == ("any", "defense", "offense", "neutral", "nonagg", "consul")


# ----------------------------------------------------------------- sources


def test_atop_network_cites_atop_and_its_coverage(atop_cache: Path) -> None:
    built = atop_network(1962)
    assert isinstance(built, StateNetwork)
    assert built.provenance.sources == ("atop",) and built.provenance.editions == ("5.1",)
    assert built.coverage == (1815, 2018)
    assert [c.key for c in built.citations()] == ["atop"]
    assert "Alliance Treaty Obligations and Provisions" in built.citations()[0].text
    with_isolates = atop_network(1962, include_isolates=True)
    assert with_isolates.provenance.sources == ("atop", "cow-states")


def test_catalog_network_cites_its_arrangements() -> None:
    built = catalog_network(date(2025, 1, 1), kind="multilateral_alliance")
    assert "nato" in built.provenance.sources and "rio_treaty" in built.provenance.sources
    assert set(built.provenance.editions) == {"catalog: embedded"}
    assert built.coverage is None
    nato = load_catalog().get("nato").citations()
    assert nato and all(c in built.citations() for c in nato)
    assert built.provenance.sources == tuple(sorted(built.provenance.sources))


def test_an_empty_catalog_gives_an_empty_network() -> None:
    """An empty catalog was falsy, so catalog_graph read the embedded one instead."""
    built = catalog_network(date(2025, 1, 1), catalog=Catalog({}, "nothing"))
    assert len(built.graph) == 0 and built.provenance.sources == ()
    assert built.graph.graph["catalog"] == "nothing"


# ----------------------------------------------------------------- export of ATOP graphs


def test_write_atop_graph_with_int_nodes(atop_cache: Path, tmp_path: Path) -> None:
    graph = atop_network(1962).graph
    back = nx.read_graphml(write_graph(graph, tmp_path / "atop.graphml"), node_type=int)
    assert edges(back) == edges(graph)
    assert back.edges[2, 200]["obligations"] == "defense,consul"
    assert back.edges[2, 200]["defense"] is True
    gexf = nx.read_gexf(write_graph(graph, tmp_path / "atop.gexf"), node_type=int)
    assert edges(gexf) == edges(graph)
    built = json.loads(write_graph(atop_network(1962), tmp_path / "n.json").read_text("utf-8"))
    assert {n["id"] for n in built["nodes"]} == set(graph.nodes)


# ----------------------------------------------------------------- the former builders


def test_atop_graph_still_works_with_a_warning(atop_cache: Path) -> None:
    with pytest.warns(DeprecationWarning, match=r"allied.panel.atop_network\(...\).graph"):
        old = network.atop_graph(1962, obligation="defense")
    new = atop_network(1962, obligation="defense").graph
    assert isinstance(old, nx.Graph)
    assert edges(old) == edges(new) and dict(old.nodes(data=True)) == dict(new.nodes(data=True))
    assert old.graph == new.graph


def test_catalog_graph_still_works_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="catalog_network"):
        old = network.catalog_graph(date(2025, 1, 1), kind="bilateral_treaty")
    new = catalog_network(date(2025, 1, 1), kind="bilateral_treaty").graph
    assert edges(old) == edges(new) and old.edges["JPN", "USA"] == new.edges["JPN", "USA"]


def test_the_builders_constants_moved_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="allied.panel.OBLIGATION_CHOICES"):
        assert network.OBLIGATION_CHOICES is OBLIGATION_CHOICES
    with pytest.warns(DeprecationWarning, match="allied.panel.ALLIANCE_KINDS"):
        assert network.ALLIANCE_KINDS is ALLIANCE_KINDS
    with pytest.raises(AttributeError):
        network.NO_SUCH_NAME  # noqa: B018


def test_catalog_network_leaves_legal_limits_out_unless_asked() -> None:
    """Fellow participants of an export-control regime share no tie by default."""
    on = date(2025, 1, 1)
    graph = catalog_network(on).graph
    assert not graph.has_edge("IND", "ARG")  # they share only the MTCR, Wassenaar and the AG
    assert "export_control_regime" not in graph.graph["kinds"]
    regimes = catalog_network(on, kind="export_control_regime").graph
    assert regimes.edges["IND", "ARG"]["arrangements"] == ["australia_group", "mtcr", "wassenaar"]
