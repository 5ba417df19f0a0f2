"""The prepared (cached, incrementally extended) filtering path gives what the full path gives.

:class:`~allied.sharing.stix.PreparedObjects` checks and indexes objects
once, and the TAXII service extends it after each write instead of filtering
the whole collection from scratch. These tests check, over generated bundles
appended in random batches, that the result is exactly that of
:func:`~allied.sharing.stix.filter_objects` on the plain list (which checks
every object again). (That the service's views after each write equal a full
rebuild is in tests/sharing/taxii/test_views.py.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allied.errors import InputError
from allied.sharing.policy import Recipient
from allied.sharing.stix import FilterResult, PreparedObjects, filter_objects, filter_prepared

_spec = importlib.util.spec_from_file_location(
    "_bundle_properties", Path(__file__).with_name("test_filter_properties.py")
)
assert _spec is not None and _spec.loader is not None
props = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(props)

ON = props.ON
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(left: FilterResult, right: FilterResult) -> None:
    assert left.released == right.released
    assert list(left.objects) == list(right.objects)
    assert dict(left.withheld) == dict(right.withheld)
    assert dict(left.redacted) == dict(right.redacted)


@st.composite
def appended(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]], int]:
    objects = draw(props.bundles())
    batches = props.batches(draw, objects)
    # after which batch the reference index is first built (then extended incrementally)
    indexed_after = draw(st.integers(0, len(batches)))
    return objects, batches, indexed_after


@given(
    case=appended(),
    recipient=props.recipients,
    originator=st.sampled_from(("USA", "GBR")),
    per_object=st.booleans(),
)
@SETTINGS
def test_prepared_in_batches_equals_the_full_path(
    case: tuple[list[dict[str, Any]], list[list[dict[str, Any]]], int],
    recipient: Recipient,
    originator: str,
    per_object: bool,
) -> None:
    objects, batches, indexed_after = case
    originators: dict[str, str] | str = originator
    if per_object:  # alternate originators per object id
        originators = {
            obj["id"]: ("USA", "GBR")[n % 2] for n, obj in enumerate(objects) if "id" in obj
        }
    prepared = PreparedObjects()
    for number, batch in enumerate(batches):
        if number == indexed_after:
            prepared.referrers()
        prepared = prepared.extend(batch)
        held = [obj for done in batches[: number + 1] for obj in done]
        full = filter_objects(held, recipient, on=ON, originators=originators)
        fast = filter_objects(prepared, recipient, on=ON, originators=originators)
        _same(fast, full)
        keyed = filter_prepared(prepared, recipient, on=ON, originators=originators)
        assert keyed.released == dict(zip(full.released, full.objects, strict=True))
        assert keyed.withheld == dict(full.withheld)
        cut = {key: tuple(cut) for key, cut in keyed.redacted.items() if key in keyed.released}
        assert cut == dict(full.redacted)


def test_prepared_objects_are_released_as_given_and_lists_are_copied() -> None:
    green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
    obj = {
        "type": "malware",
        "spec_version": "2.1",
        "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
        "created": "2024-01-01T00:00:00.000Z",
        "modified": "2024-01-01T00:00:00.000Z",
        "name": "Bad",
        "is_family": True,
        "object_marking_refs": [green],
    }
    recipient = Recipient("GBR")
    shared = filter_objects(PreparedObjects.of([obj]), recipient, on=ON)
    copied = filter_objects([obj], recipient, on=ON)
    assert shared.objects[0] is obj
    assert copied.objects[0] == obj and copied.objects[0] is not obj


def test_extend_checks_only_what_it_adds_and_refuses_duplicates() -> None:
    objects = props.DEFINITIONS
    prepared = PreparedObjects.of(objects[:1])
    with pytest.raises(InputError, match="appears twice"):
        prepared.extend(objects[:1])
    with pytest.raises(InputError, match=r"objects\[1\]"):
        prepared.extend([{"type": "indicator"}])
    assert len(prepared) == 1 and len(prepared.extend(objects[1:])) == 2
    assert (objects[0]["id"], objects[0]["created"]) in prepared
