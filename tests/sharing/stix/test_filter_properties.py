"""Properties of STIX bundle filtering over generated bundles (hypothesis).

Generated bundles hold identities, indicators, malware, relationships,
sightings, reports and notes, some in two versions, marked with TLP 1.0 and
2.0, ISA ACS 3.0 (SECRET REL TO USA, GBR and SECRET NOFORN) and an unknown
marking, at object level and on single fields and list items, with references
among them and to objects outside the bundle. For every recipient:

- references stay closed: a released object references no object that the
  input holds and the output does not (markings included), and every granular
  selector still selects content;
- filtering never adds objects, properties or list items;
- the output passes stix2-validator;
- a recipient with a higher clearance in the same nation gets a superset;
- the order of the input does not matter.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allied.sharing.policy import Recipient
from allied.sharing.stix import FilterResult, filter_objects, validate_stix

ON = date(2024, 6, 1)
T0 = "2024-03-01T09:00:00.000Z"
T1 = "2024-04-01T09:00:00.000Z"
ACS = "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce"
ISA_REL = "marking-definition--7a1c2e0b-9d3f-4c55-8e21-3b6f0d4a5c71"
ISA_NF = "marking-definition--c4e8b2d6-1f0a-4b39-9a7e-5d2c6f8e0b13"
UNKNOWN = "marking-definition--0f3e6a9c-2b7d-4e18-a5c4-9e1d7b3f6a28"  # never defined
MARKINGS = (
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",  # TLP 2.0 CLEAR
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",  # TLP 2.0 GREEN
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",  # TLP 2.0 AMBER
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",  # TLP 2.0 AMBER+STRICT
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",  # TLP 2.0 RED
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",  # TLP 1.0 GREEN
    ISA_REL,
    ISA_NF,
    UNKNOWN,
)
OUTSIDE = "identity--5b1bde0e-0bc5-46c6-9b4e-0f1a3b2d9e77"  # referenced, never in a bundle
NATIONS = ("USA", "GBR", "FRA", "AUS", "JPN")
CLEARANCES = ("U", "S", "TS")


def _acs(ref: str, *, nations: list[str] | None = None, noforn: bool = False) -> dict[str, Any]:
    ext: dict[str, Any] = {
        "extension_type": "property-extension",
        "identifier": f"isa:guide.19001.ACS3-{ref.split('--')[1]}",
        "create_date_time": "2024-02-27T14:00:00.000Z",
        "responsible_entity_custodian": "USA.DHS.CISA",
        "authority_reference": ["urn:isa:authority:misa"],
        "policy_reference": "urn:isa:policy:acs:ns:v3.0?privdefault=deny&sharedefault=deny",
        "control_set": {"classification": "S", "formal_determination": ["NF"] if noforn else []},
    }
    if nations:
        ext["access_privilege"] = [
            {
                "privilege_action": "DSPLY",
                "rule_effect": "permit",
                "privilege_scope": {"permitted_nationalities": nations},
            }
        ]
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": ref,
        "created": "2024-02-27T14:00:00.000Z",
        "extensions": {ACS: ext},
    }


DEFINITIONS = [_acs(ISA_REL, nations=["USA", "GBR"]), _acs(ISA_NF, noforn=True)]
KINDS = ("identity", "malware", "indicator", "relationship", "sighting", "report", "note")


def _uuid(index: int) -> str:
    return f"{index:08x}-7c1d-4e2a-9b3c-5d6e7f8a9b0c"


@st.composite
def bundles(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A list of valid STIX 2.1 objects with markings and references among them."""
    objects: list[dict[str, Any]] = list(copy.deepcopy(DEFINITIONS))
    identities: list[str] = []
    sdos: list[str] = []
    for index in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(KINDS))
        if kind in ("relationship", "sighting", "report", "note") and not sdos:
            kind = "malware"
        obj: dict[str, Any] = {
            "type": kind,
            "spec_version": "2.1",
            "id": f"{kind}--{_uuid(index)}",
            "created": T0,
            "modified": T0,
            "object_marking_refs": draw(
                st.lists(st.sampled_from(MARKINGS), min_size=1, max_size=2, unique=True)
            ),
        }
        refs = sdos + identities + [OUTSIDE]
        if kind == "identity":
            obj.update(name=f"Org {index}", identity_class="organization")
        elif kind == "malware":
            obj.update(name=f"FAMILY{index}", is_family=draw(st.booleans()))
        elif kind == "indicator":
            obj.update(
                pattern=f"[ipv4-addr:value = '198.51.100.{index}']",
                pattern_type="stix",
                valid_from="2024-01-01T00:00:00Z",
            )
        elif kind == "relationship":
            obj.update(
                relationship_type="related-to",
                source_ref=draw(st.sampled_from(sdos)),
                target_ref=draw(st.sampled_from(refs)),
            )
        elif kind == "sighting":
            obj["sighting_of_ref"] = draw(st.sampled_from(sdos))
            if identities and draw(st.booleans()):
                obj["where_sighted_refs"] = draw(
                    st.lists(st.sampled_from(identities), min_size=1, max_size=2, unique=True)
                )
        else:
            targets = draw(st.lists(st.sampled_from(refs), min_size=1, max_size=4, unique=True))
            if kind == "report":
                obj.update(name=f"Report {index}", published=T0, object_refs=targets)
            else:
                obj.update(content=f"Note {index}", object_refs=targets)
        if identities and kind != "identity" and draw(st.booleans()):
            obj["created_by_ref"] = draw(st.sampled_from(identities))
        if draw(st.booleans()):
            obj["description"] = f"About object {index}."
        if draw(st.booleans()):
            obj["labels"] = [f"label-{n}" for n in range(draw(st.integers(1, 3)))]
        selectable = [name for name in ("description", "name") if name in obj]
        selectable += [f"labels.[{n}]" for n in range(len(obj.get("labels", [])))]
        selectable += [f"object_refs.[{n}]" for n in range(len(obj.get("object_refs", [])))]
        if selectable and draw(st.booleans()):
            obj["granular_markings"] = [
                {"marking_ref": marking, "selectors": selectors}
                for marking, selectors in draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(MARKINGS),
                            st.lists(
                                st.sampled_from(selectable), min_size=1, max_size=2, unique=True
                            ),
                        ),
                        min_size=1,
                        max_size=3,
                    )
                )
            ]
        objects.append(obj)
        if kind == "identity":
            identities.append(obj["id"])
        elif kind in ("malware", "indicator"):
            sdos.append(obj["id"])
        if draw(st.integers(0, 4)) == 0:  # a second version, marked afresh
            later = copy.deepcopy(obj)
            later["modified"] = T1
            later["object_marking_refs"] = [draw(st.sampled_from(MARKINGS))]
            objects.append(later)
    return objects


recipients = st.builds(Recipient, st.sampled_from(NATIONS), st.sampled_from(CLEARANCES))
originators = st.sampled_from(("USA", "GBR"))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def batches(draw: st.DrawFn, objects: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``objects`` cut into consecutive batches at generated points (for tests that append)."""
    cuts = sorted(
        [*draw(st.lists(st.integers(0, len(objects)), max_size=4, unique=True)), len(objects)]
    )
    out, start = [], 0
    for cut in cuts:
        out.append(objects[start:cut])
        start = cut
    return out


def _refs(value: Any, top: bool = True) -> Iterator[str]:
    """Every ``*_ref``/``*_refs`` identifier in value, markings included."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_ref") and isinstance(item, str):
                yield item
            elif key.endswith("_refs") and isinstance(item, list):
                yield from (ref for ref in item if isinstance(ref, str))
            else:
                yield from _refs(item, False)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item, False)


def _selects(obj: dict[str, Any], selector: str) -> bool:
    node: Any = obj
    for part in selector.split("."):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(node, list) or index >= len(node):
                return False
            node = node[index]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def _contained(out: Any, given_: Any) -> bool:
    """``out`` is ``given_`` with some properties and list items taken away."""
    if isinstance(out, dict):
        return isinstance(given_, dict) and all(
            key in given_ and (key == "granular_markings" or _contained(value, given_[key]))
            for key, value in out.items()
        )
    if isinstance(out, list):
        if not isinstance(given_, list):
            return False
        position = 0
        for item in out:
            while position < len(given_) and not _contained(item, given_[position]):
                position += 1
            if position == len(given_):
                return False
            position += 1
        return True
    return bool(out == given_)


def _run(objects: list[dict[str, Any]], recipient: Recipient, originator: str) -> FilterResult:
    return filter_objects(objects, recipient, on=ON, originators=originator)


Case = tuple[list[dict[str, Any]], FilterResult]


@st.composite
def filtered(draw: st.DrawFn) -> Case:
    """A generated bundle and what a generated recipient receives of it."""
    objects = draw(bundles())
    return objects, _run(objects, draw(recipients), draw(originators))


@given(objects=bundles())
@settings(max_examples=30, deadline=None)
def test_generated_bundles_are_valid_stix(objects: list[dict[str, Any]]) -> None:
    assert validate_stix(objects) == []


@given(case=filtered())
@SETTINGS
def test_references_stay_closed(case: Case) -> None:
    objects, result = case
    present = {obj["id"] for obj in objects}
    released = {obj["id"] for obj in result.objects}
    for obj in result.objects:
        for ref in _refs(obj):
            assert ref not in present or ref in released, (obj["id"], ref)
        for entry in obj.get("granular_markings", []):
            assert all(_selects(obj, selector) for selector in entry["selectors"])


@given(case=filtered())
@SETTINGS
def test_filtering_never_adds(case: Case) -> None:
    objects, result = case
    given_ = {(obj["id"], obj.get("modified", obj["created"])): obj for obj in objects}
    assert set(result.released) <= set(given_)
    assert set(result.released).isdisjoint(result.withheld)
    assert len(result.released) + len(result.withheld) == len(objects)
    for key, obj in zip(result.released, result.objects, strict=True):
        assert _contained(obj, given_[key])
        before = given_[key].get("granular_markings", [])
        after = obj.get("granular_markings", [])
        assert len(after) <= len(before)
        assert {e["marking_ref"] for e in after} <= {e["marking_ref"] for e in before}


@given(case=filtered())
@settings(max_examples=30, deadline=None)
def test_filtered_output_passes_stix2_validator(case: Case) -> None:
    _, result = case
    assert validate_stix(result.bundle()) == []


@given(objects=bundles(), nation=st.sampled_from(NATIONS), originator=originators)
@SETTINGS
def test_higher_clearance_releases_a_superset(
    objects: list[dict[str, Any]], nation: str, originator: str
) -> None:
    released = [
        set(_run(objects, Recipient(nation, clearance), originator).released)
        for clearance in CLEARANCES
    ]
    assert released[0] <= released[1] <= released[2]


@given(objects=bundles(), recipient=recipients, originator=originators, seed=st.randoms())
@SETTINGS
def test_input_order_does_not_matter(
    objects: list[dict[str, Any]], recipient: Recipient, originator: str, seed: Any
) -> None:
    shuffled = list(objects)
    seed.shuffle(shuffled)
    first = _run(objects, recipient, originator)
    second = _run(shuffled, recipient, originator)
    assert dict(zip(first.released, first.objects, strict=True)) == dict(
        zip(second.released, second.objects, strict=True)
    )
    assert first.withheld.keys() == second.withheld.keys()
