"""The service's per-recipient views after each write equal those of a fresh service.

The TAXII service keeps one :class:`~allied.sharing.stix.PreparedObjects` per
collection and extends it after each write instead of filtering the whole
collection from scratch (:class:`~allied.sharing.taxii.ViewCache`). Over
generated bundles appended in random batches, by two nations in turn, every
reader's view after each write must equal the view of a service that rebuilds
everything.
"""

from __future__ import annotations

import importlib.util
import itertools
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allied.sharing.policy import default_policy
from allied.sharing.stix import _filter as filter_module
from allied.sharing.store import UserRecord, open_storage
from allied.sharing.taxii import TaxiiService
from allied.sharing.taxii import _views as view_cache
from allied.sharing.taxii._query import Query, select

_spec = importlib.util.spec_from_file_location(
    "_bundle_properties", Path(__file__).parents[1] / "stix" / "test_filter_properties.py"
)
assert _spec is not None and _spec.loader is not None
props = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(props)


def _views(service: TaxiiService, user: UserRecord) -> tuple[Any, ...]:
    view = service.view(user, "c")
    return (
        [(e.key, e.object) for e in view.entries],
        list(view.withheld),
        dict(view.redacted),
    )


READERS = (("USA", "TS"), ("GBR", "S"), ("FRA", "S"), ("JPN", "U"))


@st.composite
def service_case(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    return props.batches(draw, draw(props.bundles()))


@given(batches=service_case())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_service_views_after_each_write_equal_a_full_rebuild(
    batches: list[list[dict[str, Any]]],
) -> None:
    clock: Callable[[], datetime] = lambda: datetime(2024, 6, 1, tzinfo=UTC)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="allied-filter-cache-") as folder:
        storage = open_storage(f"sqlite:///{Path(folder) / 'x.db'}")
        try:
            storage.create_collection("c", title="C")
            for nation, level in READERS:
                storage.add_user(nation.lower(), nation=nation, clearance=level, can_read=("c",))
            users = {user.name: user for user in storage.users()}
            cached = TaxiiService(storage, clock=clock)
            for number, batch in enumerate(batches):
                if batch:
                    storage.add_objects("c", batch, originator=("USA", "GBR")[number % 2], user="x")
                fresh = TaxiiService(storage, clock=clock)
                for user in users.values():
                    assert _views(cached, user) == _views(fresh, user)
        finally:
            storage.close()


# -- item 9 of issue 14: a write updates each cached view with the new versions only --

CLOCK: Callable[[], datetime] = lambda: datetime(2024, 6, 1, tzinfo=UTC)  # noqa: E731
GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"


@st.composite
def interleaved(draw: st.DrawFn) -> list[tuple[list[dict[str, Any]], list[int]]]:
    """Batches of a generated bundle, each followed by the readers (indices) that read."""
    batches = props.batches(draw, draw(props.bundles()))
    readers = st.lists(st.integers(0, len(READERS) - 1), max_size=len(READERS))
    return [(batch, draw(readers)) for batch in batches]


@contextmanager
def _opened(storage_url: str) -> Iterator[tuple[Any, str, dict[str, UserRecord]]]:
    """The storage, a new collection in it and one reader per READERS entry (closed after)."""
    storage = open_storage(storage_url)
    try:
        collection = f"c{uuid.uuid4().hex[:8]}"
        storage.create_collection(collection, title="C")
        for nation, level in READERS:
            name = f"{nation.lower()}-{collection}"
            storage.add_user(name, nation=nation, clearance=level, can_read=(collection,))
        yield (
            storage,
            collection,
            {u.name: u for u in storage.users() if u.name.endswith(collection)},
        )
    finally:
        storage.close()


SELECTIONS = [
    Query(None, frozenset(), frozenset(), frozenset(v), frozenset(s), 100, None, "")
    for v in (("last",), ("first",), ("all",), ("first", "last"))
    for s in ((), ("2.1",))
]


def _view_of(service: TaxiiService, user: UserRecord, collection: str) -> tuple[Any, ...]:
    """Everything a read relies on: entries, withheld, redactions, index, version selections."""
    view = service.view(user, collection)
    return (
        [(e.key, e.object) for e in view.entries],
        list(view.withheld),
        dict(view.redacted),
        sorted((i, [e.key for e in p[0]], p[1]) for i, p in view.index().items()),
        [[e.key for e in select(view, query)] for query in SELECTIONS],
    )


def _assert_as_rebuilt(service: TaxiiService, users: Iterable[UserRecord], collection: str) -> None:
    """Each user's view kept by ``service`` equals the view a new service builds afresh."""
    fresh = TaxiiService(service.storage, clock=CLOCK)
    for user in users:
        assert _view_of(service, user, collection) == _view_of(fresh, user, collection)


@given(steps=interleaved())
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_views_kept_up_to_date_over_interleaved_writes_and_reads_equal_fresh_ones(
    storage_url: str, steps: list[tuple[list[dict[str, Any]], list[int]]]
) -> None:
    with _opened(storage_url) as (storage, collection, users):
        readers = sorted(users.values(), key=lambda u: u.name)
        cached = TaxiiService(storage, clock=CLOCK)
        for number, (batch, reading) in enumerate(steps):
            if batch:
                nation = ("USA", "GBR")[number % 2]
                storage.add_objects(collection, batch, originator=nation, user="x")
            fresh = TaxiiService(storage, clock=CLOCK)
            for index in reading:  # some readers skip some writes: several batches at once
                got = _view_of(cached, readers[index], collection)
                assert got == _view_of(fresh, readers[index], collection)
        _assert_as_rebuilt(cached, readers, collection)


def _indicator(number: int, marking: str, *, modified: str = "2024-01-01T00:00:00.000Z") -> Any:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.UUID(int=number)}",
        "created": "2024-01-01T00:00:00.000Z",
        "modified": modified,
        "pattern": f"[ipv4-addr:value = '198.51.100.{number % 250}']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
        "object_marking_refs": [marking],
    }


def test_a_write_of_new_objects_decides_only_them_for_each_cached_view(
    storage_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(
            collection, [_indicator(n, GREEN) for n in range(1, 301)], originator="USA", user="x"
        )
        service = TaxiiService(storage, clock=CLOCK)
        before = {name: len(service.view(user, collection).entries) for name, user in users.items()}
        decided: list[int] = []
        real = view_cache.filter_prepared

        def counting(prepared: Any, *args: Any, **kwargs: Any) -> Any:
            decided.append(len(prepared.items))
            return real(prepared, *args, **kwargs)

        monkeypatch.setattr(view_cache, "filter_prepared", counting)
        storage.add_objects(
            collection, [_indicator(1000, GREEN), _indicator(1001, RED)], originator="USA", user="x"
        )
        after = {name: service.view(user, collection) for name, user in users.items()}
        assert decided == [2] * len(users)  # not 302 per reader
        for name, view in after.items():  # GREEN reaches every reader, RED only the USA
            gained = 2 if name.startswith("usa") else 1
            assert len(view.entries) == before[name] + gained
        _assert_as_rebuilt(service, users.values(), collection)


def test_an_object_posted_after_a_reference_to_it_updates_the_referrer(storage_url: str) -> None:
    with _opened(storage_url) as (storage, collection, users):
        target = _indicator(7, RED)
        relationship = {
            "type": "relationship",
            "spec_version": "2.1",
            "id": f"relationship--{uuid.UUID(int=8)}",
            "created": "2024-01-01T00:00:00.000Z",
            "modified": "2024-01-01T00:00:00.000Z",
            "relationship_type": "indicates",
            "source_ref": target["id"],
            "target_ref": f"malware--{uuid.UUID(int=9)}",
            "object_marking_refs": [GREEN],
        }
        storage.add_objects(collection, [relationship], originator="USA", user="x")
        service = TaxiiService(storage, clock=CLOCK)
        gbr = next(u for u in users.values() if u.nation == "GBR")
        assert [e.id for e in service.view(gbr, collection).entries] == [relationship["id"]]
        storage.add_objects(collection, [target], originator="USA", user="x")
        # the relationship now points at an object withheld from GBR: withheld with it
        assert service.view(gbr, collection).entries == ()
        _assert_as_rebuilt(service, users.values(), collection)


def test_a_new_version_re_marking_an_object_gives_the_view_of_a_rebuild(storage_url: str) -> None:
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(collection, [_indicator(3, GREEN)], originator="USA", user="x")
        service = TaxiiService(storage, clock=CLOCK)
        for user in users.values():
            assert len(service.view(user, collection).entries) == 1
        later = _indicator(3, RED, modified="2024-02-01T00:00:00.000Z")
        storage.add_objects(collection, [later], originator="USA", user="x")
        _assert_as_rebuilt(service, users.values(), collection)


def test_concurrent_reads_and_writes_see_one_line_of_snapshots(storage_url: str) -> None:
    """Each snapshot extends the one before with the same stored objects (the views kept
    up to date rely on it), whatever the threads' interleaving; views still equal fresh."""
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(  # a larger snapshot takes longer to extend: threads overlap
            collection, [_indicator(n, GREEN) for n in range(1, 2001)], originator="USA", user="x"
        )
        service = TaxiiService(storage, clock=CLOCK)
        seen: list[Any] = []

        def read(user: UserRecord) -> None:
            for _ in range(25):
                seen.append(service._views.snapshot(collection))
                service.view(user, collection)

        def write() -> None:
            for number in range(25):
                marking = (GREEN, RED)[number % 2]
                storage.add_objects(
                    collection, [_indicator(5000 + number, marking)], originator="USA", user="x"
                )

        threads = [threading.Thread(target=read, args=(u,)) for u in [*users.values()] * 2]
        threads.append(threading.Thread(target=write))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        line = sorted(seen, key=lambda snapshot: len(snapshot.stored))
        for older, newer in itertools.pairwise(line):
            assert all(a is b for a, b in zip(older.stored, newer.stored, strict=False))
        _assert_as_rebuilt(service, users.values(), collection)


# -- a write costs each reader the objects it adds: views share lists that only grow --


def _released(service: TaxiiService, user: UserRecord, collection: str) -> list[str]:
    return [entry.id for entry in service.view(user, collection).entries]


def test_a_view_after_1000_writes_equals_a_view_built_from_scratch(
    storage_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One indicator per write, GREEN (every reader) or RED (the USA only), each reader
    reading after each write: the kept views extend one line per reader, never rebuilt,
    and end with exactly the released sets of a view built afresh."""
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(
            collection, [_indicator(n, GREEN) for n in range(1, 51)], originator="USA", user="x"
        )
        service = TaxiiService(storage, clock=CLOCK)
        first = {name: service.view(user, collection) for name, user in users.items()}
        built: list[int] = []
        real_build = view_cache.ViewCache._build

        def counting(self: Any, snapshot: Any, *args: Any) -> Any:
            built.append(snapshot.count)
            return real_build(self, snapshot, *args)

        monkeypatch.setattr(view_cache.ViewCache, "_build", counting)
        for number in range(100, 1100):
            marking = RED if number % 3 == 0 else GREEN
            storage.add_objects(
                collection, [_indicator(number, marking)], originator="USA", user="x"
            )
            for user in users.values():
                service.view(user, collection)
        assert built == []  # every view was the one before with the write's object appended
        green = {_indicator(n, GREEN)["id"] for n in (*range(1, 51), *range(100, 1100)) if n % 3}
        green |= {_indicator(n, GREEN)["id"] for n in range(1, 51)}
        everything = green | {_indicator(n, RED)["id"] for n in range(102, 1100, 3)}
        monkeypatch.undo()
        fresh = TaxiiService(storage, clock=CLOCK)
        for name, user in users.items():
            kept = service.view(user, collection)
            assert kept.line is first[name].line  # grown in place, not copied
            expected = everything if user.nation == "USA" else green
            assert set(_released(service, user, collection)) == expected
            assert len(kept.entries) == len(expected)
            assert _view_of(service, user, collection) == _view_of(fresh, user, collection)


def test_an_older_view_keeps_exactly_its_objects_after_its_line_grows(storage_url: str) -> None:
    """A view taken before a write still serves, indexes and selects only what it held,
    even when the selection was first computed by the newer view."""
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(
            collection, [_indicator(n, GREEN) for n in range(1, 6)], originator="USA", user="x"
        )
        service = TaxiiService(storage, clock=CLOCK)
        gbr = next(u for u in users.values() if u.nation == "GBR")
        old = service.view(gbr, collection)
        added = [_indicator(6, GREEN), _indicator(7, RED)]
        storage.add_objects(collection, added, originator="USA", user="x")
        new = service.view(gbr, collection)
        assert new.line is old.line
        ids = [_indicator(n, GREEN)["id"] for n in range(1, 7)]
        query = SELECTIONS[0]  # match[version]=last
        assert [e.id for e in select(new, query)] == [
            _indicator(n, GREEN)["id"] for n in range(1, 7)
        ]
        assert [e.id for e in select(old, query)] == [
            _indicator(n, GREEN)["id"] for n in range(1, 6)
        ]
        assert len(old.entries) == 5 and old.withheld == ()
        assert [item[0][1] for item in new.withheld] == [added[1]["id"]]
        for object_id in (added[0]["id"], added[1]["id"]):
            assert object_id not in old.index()
            assert old.only(frozenset({object_id})).entries == ()
        assert added[0]["id"] in new.index() and added[1]["id"] in new.index()
        assert sorted(old.index()) == sorted(ids[:5])


def test_writes_between_the_pages_of_a_paged_read_keep_paging_consistent(
    storage_url: str,
) -> None:
    """Objects posted while a reader pages come after its cursor: every released object
    is served once, in order, and nothing withheld appears."""
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(
            collection, [_indicator(n, GREEN) for n in range(1, 11)], originator="USA", user="x"
        )
        service = TaxiiService(storage, clock=CLOCK)
        gbr = next(u for u in users.values() if u.nation == "GBR")
        served: list[str] = []
        params: list[tuple[str, str]] = [("limit", "3")]
        for number in itertools.count(20):
            body = service.get_objects(gbr, collection, params).body
            served.extend(obj["id"] for obj in body.get("objects", []))
            if not body["more"]:
                break
            if number < 24:  # a GREEN and a RED object between two pages
                batch = [_indicator(2 * number, GREEN), _indicator(2 * number + 1, RED)]
                storage.add_objects(collection, batch, originator="USA", user="x")
            params = [("limit", "3"), ("next", body["next"])]
        expected = [_indicator(n, GREEN)["id"] for n in (*range(1, 11), *range(40, 48, 2))]
        assert served == expected


def test_a_write_of_known_markings_asks_the_policy_nothing(
    storage_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Policy decisions are kept per recipient and date from view to view: objects with
    markings already decided cost no new decision."""
    with _opened(storage_url) as (storage, collection, users):
        storage.add_objects(
            collection, [_indicator(1, GREEN), _indicator(2, RED)], originator="USA", user="x"
        )
        service = TaxiiService(storage, clock=CLOCK)
        for user in users.values():
            service.view(user, collection)
        asked: list[Any] = []
        real = filter_module.decide

        def counting(*args: Any, **kwargs: Any) -> Any:
            asked.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(filter_module, "decide", counting)
        for number in range(3, 9):
            marking = (GREEN, RED)[number % 2]
            storage.add_objects(
                collection, [_indicator(number, marking)], originator="USA", user="x"
            )
            for user in users.values():
                assert len(service.view(user, collection).entries) > 0
        assert asked == []
        _assert_as_rebuilt(service, users.values(), collection)


def test_a_prefix_is_the_first_items_of_its_list() -> None:
    items = [1, 2, 3, 4]
    prefix = view_cache.Prefix(items, 3)
    items.append(5)
    assert (len(prefix), list(prefix), prefix[-1], prefix[1:], prefix[::-1]) == (
        3,
        [1, 2, 3],
        3,
        [2, 3],
        [3, 2, 1],
    )
    assert prefix == (1, 2, 3) and prefix == [1, 2, 3] and prefix != (1, 2, 3, 4)
    assert view_cache.Prefix(items, 0) == ()
    with pytest.raises(IndexError):
        prefix[3]


def test_a_filtering_cache_loads_the_catalog_policy_before_the_first_read(
    storage_url: str,
) -> None:
    with _opened(storage_url) as (storage, _, _):
        filtering = view_cache.ViewCache(storage, filtering=True, policy=None)
        assert filtering.policy is default_policy()
        assert view_cache.ViewCache(storage, filtering=False, policy=None).policy is None
