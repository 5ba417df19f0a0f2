"""The limit on failed authentications per source address (issue 14: "no lockout or rate
limit (2,000 wrong keys in 2 s)").

Before issue 14 every wrong key answered 401 at once, however many came from
one address: the server tests here failed then (no 429 ever).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import DEFAULT_FAILURE_WINDOW, DEFAULT_MAX_FAILURES, FailureLimiter
from allied.sharing.taxii import create_app as make_app

COLLECTIONS = "/api/collections/"


class Ticks:
    """Monotonic seconds the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    opened = open_storage(storage_url)
    opened.create_collection("intel", title="Shared indicators")
    try:
        yield opened
    finally:
        opened.close()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def wrong(n: int) -> dict[str, str]:
    return bearer(f"guess-{n:06d}-" + "x" * 30)


def client(storage: Storage, limiter: FailureLimiter, source: str = "127.0.0.1") -> TestClient:
    return TestClient(make_app(storage, limiter=limiter), client=(source, 40000))


# ----------------------------------------------------------------------- the server


def test_a_source_with_too_many_wrong_keys_gets_429_even_with_a_right_key(
    storage: Storage,
) -> None:
    key = storage.add_user("gbr", nation="GBR", clearance="S", can_read=None)
    ticks = Ticks()
    limiter = FailureLimiter(max_failures=5, window=60.0, clock=ticks)
    attacker = client(storage, limiter)
    statuses = [attacker.get(COLLECTIONS, headers=wrong(n)).status_code for n in range(5)]
    assert statuses == [401] * 5
    refused = attacker.get(COLLECTIONS, headers=bearer(key))
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.json()["http_status"] == "429" and "60 s" in refused.json()["description"]
    # the write path is limited too
    posted = attacker.post(
        f"{COLLECTIONS}intel/objects/",
        content=b'{"objects": []}',
        headers={**bearer(key), "Content-Type": "application/taxii+json;version=2.1"},
    )
    assert posted.status_code == 429
    # another address is not affected
    assert client(storage, limiter, "192.0.2.7").get(COLLECTIONS, headers=bearer(key)).is_success
    ticks.now += 30
    assert attacker.get(COLLECTIONS, headers=bearer(key)).headers["Retry-After"] == "30"
    ticks.now += 30  # the oldest failure leaves the window
    assert attacker.get(COLLECTIONS, headers=bearer(key)).status_code == 200


def test_the_default_limit_stops_a_burst_of_guesses(storage: Storage) -> None:
    """A bounded burst of 40 wrong keys from 127.0.0.1 (the red team sent 2,000 in 2 s)."""
    storage.add_user("gbr", nation="GBR", clearance="S", can_read=None)
    app = TestClient(make_app(storage), client=("127.0.0.1", 40000))
    statuses = [app.get(COLLECTIONS, headers=wrong(n)).status_code for n in range(40)]
    assert statuses == [401] * DEFAULT_MAX_FAILURES + [429] * (40 - DEFAULT_MAX_FAILURES)
    assert (DEFAULT_MAX_FAILURES, DEFAULT_FAILURE_WINDOW) == (10, 60.0)


def test_basic_and_token_schemes_count_as_failures_too(storage: Storage) -> None:
    limiter = FailureLimiter(max_failures=2, window=60.0)
    app = client(storage, limiter)
    basic = base64.b64encode(b"anyone:not-a-key").decode()
    assert app.get(COLLECTIONS, headers={"Authorization": f"Basic {basic}"}).status_code == 401
    assert app.get(COLLECTIONS, headers={"Authorization": "Token nope"}).status_code == 401
    assert app.get(COLLECTIONS, headers={"Authorization": "Token nope"}).status_code == 429


def test_requests_without_credentials_are_not_counted(storage: Storage) -> None:
    """Clients send one request before they are challenged; that is not a guess."""
    key = storage.add_user("gbr", nation="GBR", clearance="S", can_read=None)
    app = client(storage, FailureLimiter(max_failures=2, window=60.0))
    for _ in range(5):
        assert app.get(COLLECTIONS).status_code == 401
    assert app.get(COLLECTIONS, headers=bearer(key)).status_code == 200


# ---------------------------------------------------------------------- the limiter


def test_the_limiter_keeps_a_bounded_number_of_sources() -> None:
    ticks = Ticks()
    limiter = FailureLimiter(max_failures=3, window=60.0, max_sources=100, clock=ticks)
    for n in range(1000):
        limiter.failed(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter) == 100
    # the most recent sources are the ones kept
    assert limiter.retry_after("10.0.3.231") is None  # one failure only
    for _ in range(3):
        limiter.failed("10.0.3.231")
    assert limiter.retry_after("10.0.3.231") == 60
    assert len(limiter) == 100


def test_the_limiter_keeps_at_most_max_failures_moments_per_source() -> None:
    ticks = Ticks()
    limiter = FailureLimiter(max_failures=4, window=60.0, clock=ticks)
    for _ in range(10_000):
        limiter.failed("198.51.100.1")
    stored: Any = limiter._failures["198.51.100.1"]
    assert len(stored) == 4


def test_the_limiter_forgets_failures_outside_the_window() -> None:
    ticks = Ticks()
    limiter = FailureLimiter(max_failures=2, window=10.0, clock=ticks)
    limiter.failed("a")
    ticks.now += 6
    limiter.failed("a")
    assert limiter.retry_after("a") == 4
    ticks.now += 4
    assert limiter.retry_after("a") is None  # the first failure left the window
    limiter.failed("a")
    assert limiter.retry_after("a") == 6
    ticks.now += 100
    assert limiter.retry_after("a") is None and len(limiter) == 0


@pytest.mark.parametrize(
    "options", [{"max_failures": 0}, {"window": 0.0}, {"max_sources": 0}, {"window": -1.0}]
)
def test_the_limiter_refuses_bounds_that_are_not_positive(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        FailureLimiter(**options)


def test_an_ipv6_host_is_counted_by_its_64_network() -> None:
    """One host usually holds a whole /64: counting single IPv6 addresses would let it
    make 2**64 times as many guesses."""
    limiter = FailureLimiter(max_failures=3, window=60.0)
    for n in range(3):
        limiter.failed(f"2001:db8:1:2::{n + 1:x}")
    assert limiter.retry_after("2001:db8:1:2:ffff::9") is not None
    assert limiter.retry_after("2001:db8:1:3::1") is None  # another network
    assert len(limiter) == 1
    for _ in range(3):
        limiter.failed("::ffff:192.0.2.1")  # IPv4-mapped: counted as the IPv4 address
    assert limiter.retry_after("192.0.2.1") is not None


def test_the_server_counts_ipv6_clients_by_network(storage: Storage) -> None:
    key = storage.add_user("gbr", nation="GBR", clearance="S", can_read=None)
    limiter = FailureLimiter(max_failures=3, window=60.0)
    for n in range(3):
        app = client(storage, limiter, f"2001:db8:aa:bb::{n + 1:x}")
        assert app.get(COLLECTIONS, headers=wrong(n)).status_code == 401
    fresh = client(storage, limiter, "2001:db8:aa:bb::ffff")
    assert fresh.get(COLLECTIONS, headers=bearer(key)).status_code == 429


def test_a_live_server_limits_guesses_from_127_0_0_1_as_configured(
    storage: Storage, storage_url: str, live_server: Any
) -> None:
    """Over real HTTP, a bounded burst: 3 wrong keys, then 429 for a right one too."""
    key = storage.add_user("gbr", nation="GBR", clearance="S", can_read=None)
    server = live_server(storage_url, extra=["--max-auth-failures", "3", "--auth-window", "600"])
    url = f"{server.api}collections/"
    statuses = [httpx.get(url, headers=wrong(n), timeout=30.0).status_code for n in range(3)]
    assert statuses == [401, 401, 401]
    refused = httpx.get(url, headers=bearer(key), timeout=30.0)
    assert refused.status_code == 429 and 590 <= int(refused.headers["Retry-After"]) <= 600


def test_a_live_servers_page_tokens_expire_after_token_ttl(
    storage: Storage, storage_url: str, live_server: Any
) -> None:
    key = storage.add_user("gbr", nation="GBR", clearance="S", can_read=None)
    green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
    created = "2024-01-01T00:00:00.000Z"
    objects = [
        {"type": "malware", "spec_version": "2.1", "id": f"malware--{n:08d}-0000-4000-8000-"
         "000000000000", "created": created, "modified": created, "name": "x",
         "is_family": True, "object_marking_refs": [green]}
        for n in range(2)
    ]  # fmt: skip
    storage.add_objects("intel", objects, originator="GBR", user="gbr")
    server = live_server(storage_url, extra=["--token-ttl", "1"])
    url = f"{server.api}collections/intel/objects/"
    first = httpx.get(url, params={"limit": 1}, headers=bearer(key), timeout=30.0).json()
    time.sleep(1.5)
    late = httpx.get(url, params={"next": first["next"]}, headers=bearer(key), timeout=30.0)
    assert late.status_code == 400 and late.json()["title"] == "Expired next token"


@pytest.mark.parametrize(
    ("option", "value"),
    [("--token-ttl", "0"), ("--max-auth-failures", "0"), ("--auth-window", "-5"),
     ("--token-ttl", "nan")],
)  # fmt: skip
def test_serve_refuses_limits_that_are_not_positive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    from allied.cli import main

    code = main(["sharing", "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", option, value])
    err = capsys.readouterr().err
    assert code == 2 and f"{option} " in err
    assert (f"must be positive, not {value}" in err) or (value == "nan" and "not finite" in err)
