"""``allied sharing push`` against a live server in a thread, and ``serve``'s argument checks.

The server runs in-process under uvicorn on 127.0.0.1 and a free port; the
push goes through taxii2-client like any partner's would. (Live tests of
``allied sharing serve`` as a child process are in tests/sharing/.)
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from allied.cli import main
from allied.sharing.store import Storage, open_storage
from allied.sharing.taxii import create_app

GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def malware(n: int) -> dict[str, Any]:
    return {
        "type": "malware",
        "spec_version": "2.1",
        "id": f"malware--{n:08d}-0000-4000-8000-000000000000",
        "created": "2024-01-01T00:00:00.000Z",
        "modified": "2024-01-01T00:00:00.000Z",
        "name": f"Bug {n}",
        "is_family": True,
        "object_marking_refs": [GREEN],
    }


class Live:
    def __init__(self, storage: Storage, url: str, keys: dict[str, str]) -> None:
        self.storage, self.url, self.keys = storage, url, keys

    def collection(self, cid: str = "intel") -> str:
        return f"{self.url}/api/collections/{cid}/"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    storage = open_storage(f"sqlite:///{tmp_path / 'exchange.db'}")
    storage.create_collection("intel", title="Shared indicators")
    storage.create_collection("hidden", title="Not for readers")
    keys = {
        "writer": storage.add_user(
            "writer", nation="GBR", clearance="S", can_read=None, can_write=("intel",)
        ),
        "reader": storage.add_user("reader", nation="FRA", clearance="S", can_read=("intel",)),
    }
    port = free_port()
    app = create_app(storage, max_content_length=4000)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start within 30 s"
        time.sleep(0.02)
    yield Live(storage, f"http://127.0.0.1:{port}", keys)
    server.should_exit = True
    thread.join(timeout=30)
    storage.close()


def bundle_file(tmp_path: Path, objects: list[dict[str, Any]], name: str = "b.json") -> Path:
    path = tmp_path / name
    bundle = {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000001"}
    path.write_text(json.dumps({**bundle, "objects": objects}), encoding="utf-8")
    return path


def push(path: Path | str, url: str, key: str) -> int:
    return main(["sharing", "push", str(path), "--url", url, "--key", key])


def test_push_stores_the_bundle_and_prints_counts(
    live: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = push(
        bundle_file(tmp_path, [malware(1), malware(2)]), live.collection(), live.keys["writer"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "complete, total 2, succeeded 2, failed 0, pending 0" in out
    assert [o.id for o in live.storage.objects("intel")] == [malware(1)["id"], malware(2)["id"]]


def test_push_reports_refused_objects_with_exit_1(
    live: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {**malware(3), "id": "malware--not-a-uuid"}
    code = push(bundle_file(tmp_path, [malware(4), bad]), live.collection(), live.keys["writer"])
    captured = capsys.readouterr()
    assert code == 1
    assert "succeeded 1, failed 1" in captured.out
    assert "failed: malware--not-a-uuid" in captured.err


@pytest.mark.parametrize(
    ("user", "collection", "message"),
    [
        ("nobody", "intel", "the server refused the API key (HTTP 401"),
        ("reader", "intel", "this key may not add objects to the collection"),
        ("reader", "hidden", "no such collection, or not one this key may see (HTTP 404"),
    ],
)
def test_push_refused_by_the_server_exits_2(
    live: Live,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    user: str,
    collection: str,
    message: str,
) -> None:
    key = live.keys.get(user, "not-a-key")
    code = push(bundle_file(tmp_path, [malware(5)]), live.collection(collection), key)
    assert code == 2
    assert message in capsys.readouterr().err


def test_push_of_a_too_large_bundle_exits_2(
    live: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    objects = [malware(n) for n in range(40)]  # about 10 kB, the server takes 4000 bytes
    code = push(bundle_file(tmp_path, objects), live.collection(), live.keys["writer"])
    assert code == 2
    err = capsys.readouterr().err
    assert "larger than the server accepts (HTTP 413" in err
    assert live.storage.objects("intel") == []


def test_push_to_an_unreachable_server_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/api/collections/intel/"
    assert push(bundle_file(tmp_path, [malware(6)]), url, "key") == 2
    assert "cannot reach the server" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "not JSON"),
        ('{"type": "bundle"}', "not a STIX bundle"),
        ("[1, 2]", "not a STIX bundle"),
    ],
)
def test_push_of_a_bad_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "bundle.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert push(path, "http://127.0.0.1:9/api/collections/x/", "key") == 2
    assert message in capsys.readouterr().err


def test_push_needs_an_http_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert push(bundle_file(tmp_path, [malware(7)]), "ftp://example/", "key") == 2
    assert "is not an http(s) URL" in capsys.readouterr().err


def test_serve_refuses_a_taken_port(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'x.db'}"
        code = main(["sharing", "serve", "--db", db, "--port", str(port)])
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-content-length", "0"], "--max-content-length must be positive, not 0"),
        (["--token-ttl", "nan"], "--token-ttl is not finite"),
        (["--auth-window", "-1"], "--auth-window must be positive, not -1"),
        (["--port", "70000"], "port 70000 is out of range"),
    ],
)
def test_serve_checks_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert main(["sharing", "serve", "--db", db, *args]) == 2
    assert message in capsys.readouterr().err


def test_push_of_a_file_that_is_not_utf8_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"objects": ["\xe9"]}')
    assert push(path, "http://127.0.0.1:9/api/collections/x/", "key") == 2
    assert "not UTF-8 text" in capsys.readouterr().err


def test_push_to_a_server_that_never_answers_times_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A socket on 127.0.0.1 that accepts connections and never answers: exit 2 after --timeout."""
    accepted: list[socket.socket] = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        stop = threading.Event()

        def accept() -> None:  # hold every connection open, read nothing, send nothing
            while not stop.is_set():
                try:
                    accepted.append(listener.accept()[0])
                except TimeoutError:
                    continue
                except OSError:
                    return

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{port}/api/collections/intel/"
        start = time.monotonic()
        try:
            code = main(
                [
                    "sharing", "push", str(bundle_file(tmp_path, [malware(7)])),
                    "--url", url, "--key", "key", "--timeout", "0.5",
                ]
            )  # fmt: skip
        finally:
            stop.set()
            thread.join(timeout=5)
            for conn in accepted:
                conn.close()
    elapsed = time.monotonic() - start
    assert code == 2
    assert "did not answer within 0.5 s" in capsys.readouterr().err
    assert accepted, "the client never connected"
    assert elapsed < 20


@pytest.mark.parametrize("value", ["0", "-1", "nan"])
def test_push_refuses_a_timeout_that_is_not_positive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    url = f"http://127.0.0.1:{free_port()}/api/collections/intel/"
    code = main(
        ["sharing", "push", str(bundle_file(tmp_path, [malware(8)])), "--url", url,
         "--key", "k", "--timeout", value]
    )  # fmt: skip
    assert code == 2
    assert "--timeout" in capsys.readouterr().err
