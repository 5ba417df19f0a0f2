"""TLS: ``allied sharing serve --certfile --keyfile`` serves HTTPS (issue 14: "no TLS
option"), tested with a self-signed certificate made here with the ``openssl`` command
(the test skips when it is absent); and the warning for plain HTTP off loopback.

Before issue 14 ``serve`` had no --certfile/--keyfile options: every test here failed.
"""

from __future__ import annotations

import logging
import os
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from allied.cli import main
from allied.sharing.store import open_storage
from allied.sharing.taxii import PLAIN_HTTP_WARNING, serve

HOST = "127.0.0.1"
TIMEOUT = 30.0


def self_signed(folder: Path, name: str = "server") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (P-256), valid one day."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed (needed to make a test certificate)")
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class TlsServer:
    process: subprocess.Popen[bytes]
    url: str
    log: Path


@pytest.fixture
def tls_server(storage_url: str, tmp_path: Path) -> Iterator[tuple[TlsServer, str, ssl.SSLContext]]:
    cert, key = self_signed(tmp_path)
    setup = open_storage(storage_url)
    api_key = setup.add_user("gbr", nation="GBR", clearance="S")
    setup.close()
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("ab") as handle:
        process = subprocess.Popen(
            [
                sys.executable, "-c", "from allied.cli import main; main()", "sharing", "serve",
                "--db", storage_url, "--host", HOST, "--port", str(port),
                "--certfile", str(cert), "--keyfile", str(key),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=dict(os.environ),
        )  # fmt: skip
    server = TlsServer(process, f"https://{HOST}:{port}", log)
    trust = ssl.create_default_context(cafile=str(cert))
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the TLS server did not start:\n{log.read_text()}")
            try:
                httpx.get(f"{server.url}/taxii2/", verify=trust, timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield server, api_key, trust
    finally:
        process.kill()  # nothing to flush: the test only reads
        process.wait(timeout=TIMEOUT)


def test_serve_speaks_https_with_the_given_certificate(
    tls_server: tuple[TlsServer, str, ssl.SSLContext],
) -> None:
    server, key, trust = tls_server
    answer = httpx.get(
        f"{server.url}/taxii2/",
        headers={"Authorization": f"Bearer {key}"},
        verify=trust,
        timeout=TIMEOUT,
    )
    assert answer.status_code == 200
    # without a --public-url, the API root is named with https and the listening address
    assert answer.json()["api_roots"] == [f"{server.url}/api/"]
    assert answer.http_version == "HTTP/1.1" and answer.url.scheme == "https"
    # the certificate served is the one given: an untrusting client refuses it
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{server.url}/taxii2/", timeout=TIMEOUT)
    # and nothing is served in clear on the TLS port
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{server.url.replace('https', 'http')}/taxii2/", timeout=TIMEOUT)
    assert "serving" in server.log.read_text() and "plain HTTP" not in server.log.read_text()


# ------------------------------------------------------------------- serve's checks


def run_serve(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> tuple[int, str]:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    code = main(["sharing", "serve", "--db", db, "--port", str(free_port()), *extra])
    return code, capsys.readouterr().err


def test_serve_needs_both_certfile_and_keyfile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cert, key = self_signed(tmp_path)
    for extra in (["--certfile", str(cert)], ["--keyfile", str(key)]):
        code, err = run_serve(capsys, tmp_path, *extra)
        assert code == 2 and "only one of --certfile and --keyfile given" in err


def test_serve_refuses_unusable_certificates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cert, key = self_signed(tmp_path)
    _, other_key = self_signed(tmp_path, "other")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    cases = [
        (["--certfile", str(tmp_path / "none.crt"), "--keyfile", str(key)], "does not exist"),
        (["--certfile", str(cert), "--keyfile", str(other_key)], "cannot use"),
        (["--certfile", str(garbage), "--keyfile", str(key)], "cannot use"),
        (["--certfile", str(cert), "--keyfile", str(tmp_path)], "is a folder, not a file"),
    ]
    for extra, message in cases:
        code, err = run_serve(capsys, tmp_path, *extra)
        assert code == 2 and message in err and "Traceback" not in err, err


# ------------------------------------------------------------------ plain HTTP warning


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """``uvicorn.run``'s keyword arguments, recorded instead of serving."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize(
    ("host", "tls", "warned"),
    [
        ("0.0.0.0", False, True),
        ("192.0.2.10", False, True),
        ("::", False, True),
        ("127.0.0.1", False, False),
        ("::1", False, False),
        ("localhost", False, False),
        ("0.0.0.0", True, False),
    ],
)
def test_plain_http_off_loopback_is_warned(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    uvicorn_calls: list[dict[str, Any]],
    host: str,
    tls: bool,
    warned: bool,
) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'x.db'}")
    files = {"certfile": "/srv/tls/cert.pem", "keyfile": "/srv/tls/key.pem"} if tls else {}
    try:
        with caplog.at_level(logging.WARNING, logger="allied.sharing.server"):
            serve(storage, host=host, port=9443, **files)
    finally:
        storage.close()
    warning = PLAIN_HTTP_WARNING % host
    assert (warning in caplog.messages) is warned
    (call,) = uvicorn_calls
    assert call["ssl_certfile"] == files.get("certfile")
    assert call["ssl_keyfile"] == files.get("keyfile")
    assert call["proxy_headers"] is False  # the limiter counts the real peer address
