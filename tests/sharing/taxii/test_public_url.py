"""Discovery answers from the configured public URL, never from the Host header (issue 14:
``GET /taxii2/`` with ``Host: evil.example`` answered ``api_roots:
["http://evil.example/api/"]``, which failed the first tests here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from allied.errors import InputError
from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import (
    DEFAULT_PUBLIC_URL,
    check_public_url,
    create_app,
    is_loopback,
    public_url_for,
)

EVIL = "evil.example"


@pytest.fixture
def storage(storage_url: str) -> Iterator[Storage]:
    opened = open_storage(storage_url)
    try:
        yield opened
    finally:
        opened.close()


def discover(app: TestClient, key: str, host: str) -> httpx.Response:
    return app.get("/taxii2/", headers={"Authorization": f"Bearer {key}", "Host": host})


def test_discovery_ignores_the_host_header(storage: Storage) -> None:
    key = storage.add_user("gbr", nation="GBR", clearance="S")
    app = TestClient(create_app(storage, public_url="https://taxii.coalition.example:8443/"))
    for host in (EVIL, f"{EVIL}:9000", "127.0.0.1:9000", "[::1]"):
        answer = discover(app, key, host)
        assert answer.status_code == 200
        assert EVIL not in answer.text
        assert answer.json()["api_roots"] == ["https://taxii.coalition.example:8443/api/"]
        assert answer.json()["default"] == "https://taxii.coalition.example:8443/api/"


def test_discovery_under_a_path_prefix(storage: Storage) -> None:
    key = storage.add_user("gbr", nation="GBR", clearance="S")
    app = TestClient(create_app(storage, public_url="https://gw.example/exchange"))
    assert discover(app, key, EVIL).json()["api_roots"] == ["https://gw.example/exchange/api/"]


def test_the_default_public_url_is_the_default_serve_address(storage: Storage) -> None:
    key = storage.add_user("gbr", nation="GBR", clearance="S")
    answer = discover(TestClient(create_app(storage)), key, EVIL)
    assert DEFAULT_PUBLIC_URL == "http://127.0.0.1:9000"
    assert answer.json()["api_roots"] == ["http://127.0.0.1:9000/api/"]


def test_a_live_server_answers_its_own_address_whatever_the_host(
    storage_url: str, live_server: Any
) -> None:
    setup = open_storage(storage_url)
    key = setup.add_user("gbr", nation="GBR", clearance="S")
    setup.close()
    server = live_server(storage_url)
    answer = httpx.get(
        server.discovery,
        headers={"Authorization": f"Bearer {key}", "Host": EVIL},
        timeout=30.0,
    )
    assert answer.status_code == 200 and EVIL not in answer.text
    assert answer.json()["api_roots"] == [server.api]  # http://127.0.0.1:PORT/api/
    configured = live_server(storage_url, extra=["--public-url", "https://cti.example.org"])
    answer = httpx.get(
        configured.discovery,
        headers={"Authorization": f"Bearer {key}", "Host": EVIL},
        timeout=30.0,
    )
    assert answer.json()["api_roots"] == ["https://cti.example.org/api/"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("taxii.example.org", "does not start with http:// or https://"),
        ("javascript:alert(1)", "does not start with http:// or https://"),
        ("ftp://taxii.example.org", "does not start with http:// or https://"),
        ("https://", "has no host"),
        ("https://admin:pw@taxii.example.org", "carries a user name or password"),
        ("https://taxii.example.org/?x=1", "has a query or a fragment"),
        ("https://taxii.example.org/#top", "has a query or a fragment"),
        ("https://taxii.example.org/a b", "contains spaces, control or non-ASCII"),
        ("https://taxii.exämple.org", "contains spaces, control or non-ASCII"),
        ("https://taxii.example.org:port", "is not a URL"),
    ],
)
def test_check_public_url_refuses(url: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        check_public_url(url)


def test_check_public_url_keeps_the_url_without_its_trailing_slash() -> None:
    assert check_public_url(" https://taxii.example.org:8443/x/ ") == (
        "https://taxii.example.org:8443/x"
    )
    assert public_url_for("::1", 9000, tls=True) == "https://[::1]:9000"
    assert public_url_for("10.1.2.3", 80, tls=False) == "http://10.1.2.3:80"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.5", False),
        ("taxii.example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_bad_public_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from allied.cli import main

    db = f"sqlite:///{tmp_path / 'x.db'}"
    code = main(["sharing", "serve", "--db", db, "--public-url", "evil.example"])
    err = capsys.readouterr().err
    assert code == 2 and "does not start with http:// or https://" in err
    assert "(option --public-url)" in err and "Traceback" not in err
