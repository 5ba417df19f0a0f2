"""Shared fixtures for the sharing tests: storage backends and a live TAXII server.

``storage_url`` is parametrized over the two storage backends: SQLite in the
test's own folder, and PostgreSQL from ``$ALLIED_TEST_POSTGRES_URL`` (skipped
when unset) in a fresh schema that is dropped afterwards, so every test sees an
empty database. ``live_server`` starts ``allied sharing serve`` as a child
process on 127.0.0.1 and a free port, waits until it answers, and stops it at
teardown. ``taxii_connection`` gives a ``taxii2-client`` connection that
authenticates with an API key and never waits longer than a bound.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from requests.adapters import HTTPAdapter

HOST = "127.0.0.1"
HTTP_TIMEOUT = 30.0  # seconds, on every HTTP call the tests make
START_TIMEOUT = 60.0  # seconds for a server to start answering
POSTGRES_ENV = "ALLIED_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
TAXII = "application/taxii+json;version=2.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _with_schema(url: str, schema: str) -> str:
    """``url`` with ``schema=<schema>`` in its query (``open_storage`` keeps its tables there)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"]
    query.append(("schema", schema))
    return urlunsplit(parts._replace(query=urlencode(query)))


def postgres_base_url() -> str:
    """``$ALLIED_TEST_POSTGRES_URL``, or skip the test when it is unset."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is unset (make test sets it and starts PostgreSQL)")
    return url


def new_database(backend: str, folder: Path) -> tuple[str, Callable[[], None]]:
    """A URL of an empty database of ``backend`` and a function that removes it.

    SQLite: ``sqlite:////abs/path/sharing.db`` in ``folder``; PostgreSQL: a new
    schema of ``$ALLIED_TEST_POSTGRES_URL`` (created by ``open_storage``, dropped here).
    """
    if backend == "sqlite":
        return f"sqlite:///{folder / 'sharing.db'}", lambda: None
    import psycopg

    base = postgres_base_url()
    schema = f"allied_test_{uuid.uuid4().hex[:12]}"

    def drop() -> None:
        with psycopg.connect(base, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    return _with_schema(base, schema), drop


@pytest.fixture(params=BACKENDS)
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once per backend: SQLite in tmp_path, PostgreSQL in a fresh schema."""
    url, drop = new_database(request.param, tmp_path)
    try:
        yield url
    finally:
        drop()


@dataclass
class LiveServer:
    """One ``allied sharing serve`` child process and where it answers."""

    url: str
    db: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def api(self) -> str:
        """The API root URL (with its trailing slash)."""
        return f"{self.url}/api/"

    @property
    def discovery(self) -> str:
        """The discovery URL."""
        return f"{self.url}/taxii2/"

    def collection(self, collection_id: str) -> str:
        """The URL of one collection (with its trailing slash)."""
        return f"{self.api}collections/{collection_id}/"

    def output(self) -> str:
        """What the server wrote to standard output and error so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL, as ``kill -9`` would, and reap the process."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=HTTP_TIMEOUT)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within 10 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def serve_command(db: str, port: int, extra: Sequence[str] = ()) -> list[str]:
    """The ``allied sharing serve`` command line, run by this interpreter."""
    return [
        sys.executable,
        "-c",
        "from allied.cli import main; main()",
        "sharing",
        "serve",
        "--db",
        db,
        "--host",
        HOST,
        "--port",
        str(port),
        *extra,
    ]


def start_server(
    db: str, log: Path, *, extra: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> LiveServer:
    """Start ``allied sharing serve`` on a free port and wait until it answers HTTP."""
    port = free_port()
    handle = log.open("ab")
    process = subprocess.Popen(
        serve_command(db, port, extra),
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    handle.close()
    server = LiveServer(f"http://{HOST}:{port}", db, process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{server.output()}")
        try:
            httpx.get(server.discovery, timeout=1.0)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"server did not answer within {START_TIMEOUT} s:\n{server.output()}")


ServerFactory = Callable[..., LiveServer]


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[ServerFactory]:
    """A function ``start(db_url, *, extra=(), env=None) -> LiveServer``; stopped at teardown."""
    started: list[LiveServer] = []

    def start(
        db: str, *, extra: Sequence[str] = (), env: Mapping[str, str] | None = None
    ) -> LiveServer:
        server = start_server(db, tmp_path / f"server-{len(started)}.log", extra=extra, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


class _TimeoutAdapter(HTTPAdapter):
    """A requests adapter that puts a timeout on every request without one."""

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = HTTP_TIMEOUT
        return super().send(request, **kwargs)


def taxii_connection(key: str) -> Any:
    """A ``taxii2-client`` connection sending ``Authorization: Token <key>``, with timeouts."""
    from taxii2client.common import TokenAuth, _HTTPConnection

    conn = _HTTPConnection(auth=TokenAuth(key), version="2.1")
    adapter = _TimeoutAdapter()
    conn.session.mount("http://", adapter)
    conn.session.mount("https://", adapter)
    return conn


@pytest.fixture(scope="module")
def taxii_connections() -> Iterator[Callable[[str], Any]]:
    """A function ``connect(api_key)`` giving taxii2-client connections, closed at teardown."""
    opened: list[Any] = []

    def connect(key: str) -> Any:
        conn = taxii_connection(key)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()


def bearer(key: str) -> dict[str, str]:
    """The Authorization header for an API key."""
    return {"Authorization": f"Bearer {key}"}


@dataclass(frozen=True)
class Exchange:
    """A running server over a database holding two collections and three users.

    ``keys`` maps a user name to its API key:

    - ``admin``: USA, TOP SECRET, reads every collection, writes ``intel`` and ``other``;
    - ``analyst``: GBR, SECRET, reads ``intel`` only, writes nothing;
    - ``outsider``: POL, SECRET, reads and writes ``other`` only (``intel`` is invisible).
    """

    server: LiveServer
    db: str
    keys: Mapping[str, str]


USERS: dict[str, dict[str, Any]] = {
    "admin": {
        "nation": "USA",
        "clearance": "TS",
        "can_read": None,
        "can_write": ("intel", "other"),
    },
    "analyst": {"nation": "GBR", "clearance": "S", "can_read": ("intel",), "can_write": ()},
    "outsider": {
        "nation": "POL",
        "clearance": "S",
        "can_read": ("other",),
        "can_write": ("other",),
    },
}


def seed_users(db: str) -> dict[str, str]:
    """Create the ``intel`` and ``other`` collections and the users of ``USERS``; their keys."""
    from allied.sharing.store import open_storage

    storage = open_storage(db)
    try:
        storage.create_collection("intel", title="Coalition intelligence", description="shared")
        storage.create_collection("other", title="Other", description="for POL only")
        return {
            name: storage.add_user(name, **{k: v for k, v in spec.items() if v is not None})
            for name, spec in USERS.items()
        }
    finally:
        storage.close()


@pytest.fixture
def exchange(storage_url: str, live_server: ServerFactory) -> Exchange:
    """The server of ``Exchange`` on each backend, with no objects yet."""
    keys = seed_users(storage_url)
    return Exchange(live_server(storage_url), storage_url, keys)


@pytest.fixture(scope="module", params=BACKENDS)
def module_exchange(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Exchange]:
    """``exchange`` shared by every test of one module, once per backend (tests must not clash)."""
    folder = tmp_path_factory.mktemp(f"exchange-{request.param}")
    url, drop = new_database(request.param, folder)
    server = None
    try:
        keys = seed_users(url)
        server = start_server(url, folder / "server.log")
        yield Exchange(server, url, keys)
    finally:
        if server is not None:
            server.stop()
        drop()
