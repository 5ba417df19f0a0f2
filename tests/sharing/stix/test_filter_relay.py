"""Filtering content whose ISA ACS marking declares another originator (the third-party rule).

A granular ACS marking that names another nation's organisation in
``responsible_entity_originator`` makes only the content it marks a relay: that
content is removed for a recipient the relay may not reach, and the rest of the
object is released. Before the originator was read, the marked content went to
every nation the poster's agreements reach.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

from allied.sharing.policy import Recipient
from allied.sharing.stix import filter_objects

_path = Path(__file__).parents[1] / "policy" / "test_declared_originator.py"
_spec = importlib.util.spec_from_file_location("_declared_originator_tests", _path)
assert _spec is not None and _spec.loader is not None
_policy_tests = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _policy_tests
_spec.loader.exec_module(_policy_tests)
acs_definition, POLICIES = _policy_tests.acs_definition, _policy_tests.POLICIES

ON = date(2025, 6, 1)
OWN = acs_definition("gbr-own", "S", ["USA", "GBR", "AUS"])
RELAY = acs_definition("usa-relay", "S", ["USA", "GBR", "AUS"], "USA.NSA")
MALWARE: dict[str, Any] = {
    "type": "malware",
    "spec_version": "2.1",
    "id": "malware--6a2f8c1e-4b3d-4e5f-8a9b-0c1d2e3f4a5b",
    "created": "2024-01-01T00:00:00.000Z",
    "modified": "2024-01-01T00:00:00.000Z",
    "name": "Relay",
    "is_family": False,
    "description": "what USA told GBR",
    "object_marking_refs": [OWN["id"]],
    "granular_markings": [{"marking_ref": RELAY["id"], "selectors": ["description"]}],
}


def _released(policy: str, nation: str) -> list[dict[str, Any]]:
    result = filter_objects(
        [OWN, RELAY, MALWARE],
        Recipient(nation, "S"),
        on=ON,
        originators="GBR",
        policy=POLICIES[policy],
    )
    return [obj for obj in result.objects if obj["type"] == "malware"]


def test_only_the_relayed_part_is_cut_where_the_relay_may_not_go() -> None:
    # no USA-GBR agreement: AUS receives GBR's object without USA's description
    (cut,) = _released("no_usa_gbr", "AUS")
    assert "description" not in cut and "granular_markings" not in cut
    assert cut["name"] == "Relay"
    # USA's REL TO consents and GBR-AUS covers the onward release: AUS receives all of it
    (whole,) = _released("bilateral", "AUS")
    assert whole["description"] == "what USA told GBR"
