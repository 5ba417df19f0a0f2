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
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allied.sharing.store import UserRecord, open_storage
from allied.sharing.taxii import TaxiiService

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
