"""The third-party rule on the server, from the originator an ISA ACS marking declares.

A version whose ACS marking names another nation in ``responsible_entity_originator``
is decided as that nation's information released by the poster, and also with the
poster as originator; it goes only where both allow. Exact delivered sets per nation
on SQLite and PostgreSQL (``storage_url``), under three agreement policies. Before the
server read the declared originator, every version was decided with its poster as
originator only: AUS received GBR's relay of USA information under no agreement
letting GBR hold it, and a definition naming no nation was stored and used.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allied.sharing.policy import Recipient, SharingPolicy
from allied.sharing.stix import filter_bundle
from allied.sharing.store import open_storage
from allied.sharing.taxii import create_app


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


_policy_tests = _load(
    "_declared_originator_tests",
    Path(__file__).parents[1] / "policy" / "test_declared_originator.py",
)
acs_definition, POLICIES, NO_NATION = (
    _policy_tests.acs_definition,
    _policy_tests.POLICIES,
    _policy_tests.NO_NATION,
)
_multi_writer = _load("_multi_writer_tests", Path(__file__).parent / "test_multi_writer.py")
sid, key, Exchange = _multi_writer.sid, _multi_writer.key, _multi_writer.Exchange

NATIONS = ("USA", "GBR", "AUS", "POL", "JPN", "CAN")
ON = datetime(2025, 6, 1, tzinfo=UTC)
V1 = "2024-01-01T00:00:00.000Z"
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"

# GBR relays USA information to USA, GBR and AUS; USA is left out of the second
RELAY = acs_definition("relay", "S", ["USA", "GBR", "AUS"], "USA.DHS.CISA")
NARROW = acs_definition("narrow", "S", ["GBR", "AUS"], "USA.DHS.CISA")
# GBR names JPN, whose agreement with POL would reach POL, to widen release: it does not
WIDEN = acs_definition("widen", "S", ["GBR", "POL"], "JPN.MOD")
# GBR's own information, marked like RELAY but without a declared originator
OWN = acs_definition("own", "S", ["USA", "GBR", "AUS"])
# USA's own definition (USA posts it); GBR uses it by reference for a relay
USA_DEF = acs_definition("usa-def", "S", ["USA", "GBR", "AUS", "CAN"], "USA.DHS.CISA")


def indicator(name: str, marking: str) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": sid("indicator", name),
        "created": V1,
        "modified": V1,
        "object_marking_refs": [marking],
        "pattern": "[ipv4-addr:value = '198.51.100.9']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
    }


RELAYED = indicator("relayed", RELAY["id"])
NARROWED = indicator("narrowed", NARROW["id"])
WIDENED = indicator("widened", WIDEN["id"])
OWNED = indicator("owned", OWN["id"])
USA_OWN = indicator("usa-own", USA_DEF["id"])
BY_REFERENCE = indicator("by-reference", USA_DEF["id"])
USA_POSTS = [USA_DEF, USA_OWN]
GBR_POSTS = [RELAY, RELAYED, NARROW, NARROWED, WIDEN, WIDENED, OWN, OWNED, BY_REFERENCE]


@pytest.fixture
def exchange(storage_url: str) -> Iterator[Callable[[SharingPolicy], Any]]:
    """``start(policy)``: an exchange over an empty database of each backend, where each
    nation of ``NATIONS`` reads and writes at TOP SECRET."""
    storage = open_storage(storage_url)
    try:
        storage.create_collection("intel", title="Coalition")
        keys = {
            n: storage.add_user(n, nation=n, clearance="TS", can_write=("intel",)) for n in NATIONS
        }

        def start(policy: SharingPolicy) -> Any:
            app = create_app(storage, policy=policy, clock=lambda: ON)
            return Exchange(storage, TestClient(app), keys)

        yield start
    finally:
        storage.close()


def expected(sets: dict[str, tuple[dict[str, Any], ...]]) -> dict[str, set[tuple[str, str]]]:
    """Each nation's delivered set: the objects given, with the definitions they use."""
    everything = {obj["id"]: obj for obj in USA_POSTS + GBR_POSTS}
    result = {}
    for nation in NATIONS:
        objects = sets.get(nation, ())
        used = {ref for obj in objects for ref in obj["object_marking_refs"]}
        result[nation] = {key(obj) for obj in objects} | {key(everything[ref]) for ref in used}
    return result


CASES = {
    # USA-GBR and GBR-AUS (each with the third-party rule), JPN-POL
    "bilateral": {
        "USA": (USA_OWN, RELAYED, OWNED, BY_REFERENCE),
        "GBR": (USA_OWN, RELAYED, NARROWED, OWNED, BY_REFERENCE),
        # AUS: USA's REL TO consents and GBR-AUS covers the onward release; USA's own
        # post does not reach AUS (no USA-AUS agreement), GBR's relay of it does
        "AUS": (RELAYED, NARROWED, OWNED, BY_REFERENCE),
    },
    # one agreement among USA, GBR and AUS
    "trio": {
        "USA": (USA_OWN, RELAYED, OWNED, BY_REFERENCE),
        "GBR": (USA_OWN, RELAYED, NARROWED, OWNED, BY_REFERENCE),
        "AUS": (USA_OWN, RELAYED, NARROWED, OWNED, BY_REFERENCE),
    },
    # GBR-AUS and JPN-POL: GBR holds USA information under no agreement, so no relay
    # goes anywhere (GBR's own copy included); GBR's own information still reaches AUS
    "no_usa_gbr": {"USA": (USA_OWN,), "GBR": (OWNED,), "AUS": (OWNED,)},
}


@pytest.mark.parametrize("policy", sorted(CASES))
def test_relays_reach_exactly_the_nations_the_third_party_rule_allows(
    exchange: Callable[[SharingPolicy], Any], policy: str
) -> None:
    ex = exchange(POLICIES[policy])
    assert ex.post("USA", USA_POSTS)["success_count"] == len(USA_POSTS)
    assert ex.post("GBR", GBR_POSTS)["success_count"] == len(GBR_POSTS)
    actual = {nation: ex.delivered(nation) for nation in NATIONS}
    assert actual == expected(CASES[policy])
    # the widening attempt reaches nobody, POL least of all
    assert all(key(WIDENED) not in found for found in actual.values())


@pytest.mark.parametrize("policy", sorted(CASES))
def test_the_offline_filter_gives_the_servers_answer(
    exchange: Callable[[SharingPolicy], Any], policy: str
) -> None:
    """The same bundle, posted by GBR: ``filter_bundle(originator="GBR")`` releases to each
    nation exactly what the server delivers."""
    ex = exchange(POLICIES[policy])
    posted = [*GBR_POSTS, USA_DEF]
    ex.post("GBR", posted)
    bundle = {"type": "bundle", "id": sid("bundle", "relay"), "objects": posted}
    for nation in NATIONS:
        offline = filter_bundle(
            bundle,
            Recipient(nation, "TS"),
            on=ON.date(),
            originator="GBR",
            policy=POLICIES[policy],
        )
        assert set(offline.released) == ex.delivered(nation), nation


@pytest.mark.parametrize("written", NO_NATION, ids=repr)
def test_an_originator_naming_no_nation_is_a_failure_in_the_status(
    exchange: Callable[[SharingPolicy], Any], written: Any
) -> None:
    """The definition and the object using it fail (202, never a 4xx or 500); nothing of
    them is stored or served, and the rest of the envelope is."""
    ex = exchange(POLICIES["bilateral"])
    bad = acs_definition("bad", "S", ["USA", "GBR", "AUS"], written)
    using = indicator("uses-bad", bad["id"])
    green = indicator("green", TLP_GREEN)
    status = ex.post("GBR", [bad, using, green])
    assert (status["success_count"], status["failure_count"]) == (1, 2)
    failures = {failure["id"]: failure["message"] for failure in status["failures"]}
    assert set(failures) == {bad["id"], using["id"]}
    assert "responsible_entity_originator" in failures[bad["id"]]
    assert "names no nation" in failures[bad["id"]]
    for nation in NATIONS:
        assert ex.delivered(nation) == {key(green)}
    # posted later, an object using the refused id finds no definition: withheld
    ex.post("GBR", [indicator("later", bad["id"])])
    assert all(ex.delivered(nation) == {key(green)} for nation in NATIONS)
