"""Ownership decided by the storage, inside its write transaction, on both backends.

Each test failed before ownership was added (any nation could add a version of
any id, marking definitions were compared outside the storage, and a
duplicate or conflict always named itself).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from allied.sharing.store import Storage, open_storage

V1, V2 = "2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"
NS = uuid.UUID("8d3c9a38-2c7a-4d55-9d0c-1f0f4c1b2a6e")


def sid(kind: str, name: str) -> str:
    return f"{kind}--{uuid.uuid5(NS, name)}"


def definition(name: str, statement: str, *, created: str = V1) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": sid("marking-definition", name),
        "created": created,
        "definition_type": "statement",
        "definition": {"statement": statement},
    }


def indicator(name: str, *, modified: str = V1, marks: tuple[str, ...] = ()) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": sid("indicator", name),
        "created": V1,
        "modified": modified,
        "pattern": "[ipv4-addr:value = '198.51.100.7']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
    }
    if marks:
        obj["object_marking_refs"] = list(marks)
    return obj


def at_once(*calls: Callable[[], object]) -> None:
    """Run ``calls`` in threads released together by a barrier; wait for all."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        call()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    store = open_storage(storage_url)
    store.create_collection("intel", title="Intel")
    try:
        yield store
    finally:
        store.close()


def stored(storage: Storage, object_id: str) -> list[tuple[str, str]]:
    """(version, originator) of every stored version of ``object_id``."""
    return [(o.version, o.originator) for o in storage.objects("intel", ids=[object_id])]


def test_only_the_originating_nation_adds_versions(storage: Storage) -> None:
    first = indicator("a")
    storage.add_objects("intel", [first], originator="USA", user="usa")
    status = storage.add_objects(
        "intel", [indicator("a", modified=V2)], originator="GBR", user="gbr"
    )
    assert (status.success_count, status.failure_count) == (0, 1)
    assert "belongs to another nation" in status.failures[0]["message"]
    revoke = {**indicator("a", modified=V2), "revoked": True}
    assert storage.add_objects("intel", [revoke], originator="GBR", user="g").failure_count == 1
    assert storage.add_objects("intel", [revoke], originator="USA", user="u2").success_count == 1
    assert stored(storage, first["id"]) == [(V1, "USA"), (V2, "USA")]
    # each version records the user who posted it
    assert [o.added_by for o in storage.objects("intel")] == ["usa", "u2"]


def test_a_definition_never_changes_even_for_its_originator(storage: Storage) -> None:
    clear = definition("d", "UNCLASSIFIED")
    storage.add_objects("intel", [clear], originator="GBR", user="g")
    for nation in ("GBR", "USA"):
        secret = definition("d", "SECRET//NOFORN", created=V2)
        status = storage.add_objects(
            "intel", [indicator(nation, marks=(secret["id"],)), secret], originator=nation, user="x"
        )
        assert (status.success_count, status.failure_count) == (0, 2)
        messages = sorted(f["message"] for f in status.failures)
        assert "cannot be changed" in messages[0]
        assert messages[1].startswith("uses marking definition " + clear["id"])
    assert stored(storage, clear["id"]) == [(V1, "GBR")]
    assert storage.objects("intel", types=["indicator"]) == []
    # the same definition again is a duplicate; using it by reference is anyone's right
    status = storage.add_objects(
        "intel", [clear, indicator("u", marks=(clear["id"],))], originator="USA", user="u"
    )
    assert (status.success_count, status.failure_count) == (2, 0)
    assert status.successes[0]["message"] == "already in the collection; not added again"


def test_objects_using_a_definition_refused_before_storage_are_refused(
    storage: Storage,
) -> None:
    ref = sid("marking-definition", "forged")
    refused = {"id": ref, "version": V1, "message": "refused marking definition: contradicts"}
    status = storage.add_objects(
        "intel",
        [indicator("x", marks=(ref,)), indicator("y")],
        originator="USA",
        user="u",
        rejected=[refused],
    )
    assert [f["id"] for f in status.failures] == [ref, sid("indicator", "x")]
    assert [s["id"] for s in status.successes] == [sid("indicator", "y")]


def test_a_refusal_over_versions_the_writer_cannot_read_reads_as_a_new_objects_success(
    storage: Storage,
) -> None:
    """Item 8: the answer over a withheld version names nothing; the audit keeps the truth."""
    red = indicator("red")
    storage.add_objects("intel", [red], originator="USA", user="u")
    probes = [
        red,  # exact duplicate
        {**red, "pattern": "[ipv4-addr:value = '203.0.113.9']"},  # same version, other content
        indicator("red", modified=V2),  # a new version of another nation's id
    ]
    fresh = storage.add_objects("intel", [indicator("new")], originator="GBR", user="g")
    for probe in probes:
        status = storage.add_objects(
            "intel", [probe], originator="GBR", user="g", visible=lambda i, v: False
        )
        assert status.failures == ()
        assert status.successes == ({"id": probe["id"], "version": probe["modified"]},)
        assert set(status.successes[0]) == set(fresh.successes[0])
    assert stored(storage, red["id"]) == [(V1, "USA")]
    writes = [e.detail for e in storage.audit_entries() if e.action == "write"][-2:]
    assert writes[0]["concealed"][0][:2] == [red["id"], V1]
    assert "belongs to another nation" in writes[1]["concealed"][0][2]
    # the same probes by a writer who may read the version are named
    status = storage.add_objects("intel", probes[1:], originator="GBR", user="g")
    assert status.failure_count == 2


def test_racing_first_versions_of_one_id_from_two_nations_leave_one_owner(
    storage: Storage,
) -> None:
    """Twenty rounds of USA and GBR posting a new id at the same instant."""
    for round_ in range(20):
        name = f"race{round_}"
        at_once(
            *(
                lambda nation=nation, modified=modified, name=name: storage.add_objects(
                    "intel", [indicator(name, modified=modified)], originator=nation, user="x"
                )
                for nation, modified in (("USA", V1), ("GBR", V2))
            )
        )
        versions = stored(storage, sid("indicator", name))
        assert len(versions) == 1, versions


def test_changing_the_case_of_an_id_does_not_make_a_new_object(storage: Storage) -> None:
    """RFC 4122 section 3: UUIDs are case-insensitive on input, so GBR's upper-cased id
    names the USA's object, and the index on the folded id finds it."""
    usa = indicator("case")
    storage.add_objects("intel", [usa], originator="USA", user="u")
    upper = {
        **indicator("case", modified=V2),
        "id": usa["id"].upper().replace("INDICATOR", "indicator"),
    }
    status = storage.add_objects("intel", [upper], originator="GBR", user="g")
    assert status.failure_count == 1
    assert "belongs to another nation" in status.failures[0]["message"]
    assert [o.id for o in storage.objects("intel")] == [usa["id"]]
    assert storage.add_objects("intel", [upper], originator="USA", user="u").success_count == 1
