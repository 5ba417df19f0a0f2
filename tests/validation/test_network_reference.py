"""The ATOP alliance network of 1962 against the published ATOP dyad-years.

Data sources: ATOP 5.1 member-level files (``../shared/data/atop``, imported
into a scratch cache by ``conftest.py``); the ATOP 5.1 directed dyad-year file
as packaged by peacesciencer 1.2.9 (``reference/peacesciencer_atop_alliance.csv.gz``:
``ccode1``, ``ccode2``, ``year``, ``atop_defense`` ... ``atop_consul``),
read here with pandas alone as the independent computation.

References
----------
.. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
.. [2] Miller, S. V. (2022). peacesciencer: An R package for quantitative peace
   science research. Conflict Management and Peace Science, 39(6), 755-779.
   https://doi.org/10.1177/07388942221077926
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from allied.measures.network import communities, node_measures, polarization
from allied.panel import atop_network

pytestmark = pytest.mark.shared_data

YEAR = 1962
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")


@pytest.fixture(scope="module")
def reference(shared_data: Path) -> pd.DataFrame:
    """peacesciencer's ATOP directed dyad-years of 1962."""
    frame = pd.read_csv(shared_data / "reference" / "peacesciencer_atop_alliance.csv.gz")
    return frame[frame["year"] == YEAR]


def undirected(frame: pd.DataFrame) -> set[tuple[int, int]]:
    return {
        (min(a, b), max(a, b))
        for a, b in zip(frame["ccode1"].tolist(), frame["ccode2"].tolist(), strict=True)
    }


def edge_set(graph: nx.Graph) -> set[tuple[int, int]]:
    return {(min(u, v), max(u, v)) for u, v in graph.edges}


def test_defense_network_matches_the_published_dyads(
    in_shared_cache: Path, reference: pd.DataFrame
) -> None:
    graph = atop_network(YEAR, obligation="defense").graph
    # The independent computation: an edge where atop_defense == 1 in either direction.
    expected = undirected(reference[reference["atop_defense"] == 1])
    present_in_both = undirected(reference) & edge_set(atop_network(YEAR).graph)
    assert edge_set(graph) & present_in_both == expected & present_in_both
    # and, beyond the common dyads, exactly the same network:
    assert edge_set(graph) == expected
    assert graph.number_of_edges() == len(expected) == 498
    assert graph.number_of_nodes() == len({c for pair in expected for c in pair}) == 88


@pytest.mark.parametrize("obligation", ["any", *OBLIGATIONS])
def test_every_obligation_network_matches(
    obligation: str, in_shared_cache: Path, reference: pd.DataFrame
) -> None:
    graph = atop_network(YEAR, obligation=obligation).graph
    rows = reference if obligation == "any" else reference[reference[f"atop_{obligation}"] == 1]
    assert edge_set(graph) == undirected(rows)


def test_nato_and_the_warsaw_pact_fall_apart(in_shared_cache: Path) -> None:
    graph = atop_network(YEAR, obligation="defense").graph
    blocs = communities(graph, seed=0)
    bloc_of = {state: i for i, bloc in enumerate(blocs) for state in bloc}
    usa, ussr = 2, 365
    assert bloc_of[usa] != bloc_of[ussr]
    # NATO 1962 (ATOP 3180) with the USA; the Warsaw Pact (ATOP 3285) with the USSR.
    nato = {2, 20, 200, 210, 211, 212, 220, 235, 260, 325, 350, 385, 390, 395, 640}
    warsaw = {265, 290, 310, 315, 339, 355, 360, 365}
    assert {bloc_of[s] for s in nato} == {bloc_of[usa]}
    assert {bloc_of[s] for s in warsaw} == {bloc_of[ussr]}
    result = polarization(graph, seed=0)
    assert result.ties_across < 0.1 * result.ties and result.modularity > 0.5
    measures = node_measures(graph).to_frame().set_index("node")
    assert measures.index[0] == usa and measures.loc[usa, "degree"] == 43
