"""What the brief's network counts: alliances by default, other kinds on request."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from allied.catalog import COLLABORATION_KINDS, Kind, load_catalog
from allied.cli import main
from allied.errors import InputError
from allied.report import Brief, build_brief, catalog_summary
from allied.report._network_section import counted_catalog, network_choice

ON = date(2025, 1, 1)


@pytest.fixture(scope="module")
def brief() -> Brief:
    return build_brief(on=ON)


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|table)>', html, re.S)
    assert found is not None, element_id
    return re.sub(r"<[^>]+>", " ", found.group(1))


def test_ireland_is_not_among_the_most_connected_states(brief: Brief) -> None:
    """CCDCOE, EDA and PfP co-membership made Ireland 2nd of "most connected states";
    it has no alliance tie but the EU's mutual-assistance clause (26 partners)."""
    assert brief.network == "alliances"
    assert brief.most_connected[0] == "United States"
    assert "Ireland" not in brief.most_connected
    assert "Ireland" not in _text(brief.html, "network-top")
    assert "Ireland" not in _text(brief.html, "most-connected")


def test_the_text_names_what_is_counted(brief: Brief) -> None:
    for element in ("most-connected-counts", "network-counts"):
        text = _text(brief.html, element)
        assert (
            "alliances: the arrangements whose obligations include mutual defense or consultation"
            in text
        )
        assert "not partners, associates or observers" in text
        for label in ("NATO", "Rio Treaty", "CSTO", "CSDP", "US-ROK Mutual Defense Treaty"):
            assert label in text
        for label in ("PfP", "EDA", "CCDCOE", "Quad", "Australia-Japan RAA", "Lancaster House"):
            assert label not in text
    assert "<h2>Alliance network</h2>" in brief.html


def test_alliances_are_arrangements_with_a_defense_or_consultation_obligation() -> None:
    counted = counted_catalog(load_catalog(), ON, network_choice())
    assert set(counted.by_id) == {
        "anzus",
        "australia_japan_joint_declaration_2022",  # consultation
        "csto",
        "eu_csdp",  # Article 42(7) TEU: defense
        "nato",
        "rio_treaty",
        "sco",  # non-aggression and consultation, as ATOP codes it
        "us_japan_security_treaty",
        "us_philippines_mutual_defense_treaty",
        "us_rok_mutual_defense_treaty",
    }  # PfP (consultation) drops out: its members are all partners, bound to NATO, not each other
    assert len(counted.get("nato").members) == 32


def test_an_associate_is_not_bound_by_an_alliance() -> None:
    """The US was an associate of CENTO, never a party to the pact."""
    on = date(1970, 1, 1)
    cento = counted_catalog(load_catalog(), on, network_choice()).get("cento")
    assert "USA" not in {m.state for m in cento.members}
    everything = counted_catalog(load_catalog(), on, network_choice("all")).get("cento")
    assert "USA" in {m.state for m in everything.members}


def test_every_arrangement_is_an_explicit_choice() -> None:
    brief = build_brief(on=ON, network="all")
    assert brief.network == "all"
    assert "Ireland" in brief.most_connected[:5]
    assert (
        "every collaboration of the catalog (not export-control regimes or arms embargoes), "
        "counting every member whatever its role" in (_text(brief.html, "most-connected-counts"))
    )
    assert "<h2>Collaboration network</h2>" in brief.html


def test_kinds_are_an_explicit_choice() -> None:
    brief = build_brief(on=ON, network=["mission"])
    text = _text(brief.html, "network-counts")
    assert "missions, counting every member whatever its role" in text
    assert "eFP" in text and "NATO," not in text
    assert set(brief.network_states) <= {
        m.state for m in load_catalog().get("nato_efp").members
    } | {m.state for m in load_catalog().get("unifil").members}


def test_network_choice_reads_words_and_refuses_others() -> None:
    assert network_choice(" all ").name == "all"
    assert network_choice("mission,organization").kinds == (Kind.MISSION, Kind.ORGANIZATION)
    for bad in ("alliance", "alliances,mission", "", "mission,spaceship"):
        with pytest.raises(InputError, match="network choice"):
            network_choice(bad)


def test_cli_brief_network_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.html"
    args = ["brief", "--on", "2025-01-01", "--network"]
    assert main([*args, "all", "--out", str(out)]) == 0
    assert "counting every member whatever its role" in out.read_text("utf-8")
    capsys.readouterr()
    assert main([*args, "spies", "--out", str(tmp_path / "no.html")]) == 2
    error = capsys.readouterr().err
    assert "unknown network choice spies" in error and "Traceback" not in error
    assert not (tmp_path / "no.html").exists()


def test_the_brief_summary_and_network_leave_legal_kinds_out() -> None:
    kinds = set(catalog_summary(load_catalog(), on=date(2024, 1, 1)).kind)
    assert kinds == {k.value for k in COLLABORATION_KINDS}
    with pytest.raises(InputError, match="unknown network choice arms_embargo"):
        network_choice("arms_embargo")
    every = network_choice("all")
    assert not every.counts(load_catalog().get("wassenaar"))
    assert every.counts(load_catalog().get("nato"))
