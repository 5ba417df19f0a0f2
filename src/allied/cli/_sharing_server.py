"""``allied sharing serve`` and ``allied sharing push``: run the TAXII 2.1 exchange, post to it."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path
from typing import Annotated, Any

import typer

from allied._validation import check_input_path, check_number
from allied.cli._output import messages
from allied.cli._sharing_admin import DbOption, open_db
from allied.cli._sharing_filter import read_bundle
from allied.errors import InputError
from allied.sharing.store import redact_url
from allied.sharing.taxii import (
    DEFAULT_FAILURE_WINDOW,
    DEFAULT_MAX_CONTENT_LENGTH,
    DEFAULT_MAX_FAILURES,
    DEFAULT_PUSH_TIMEOUT,
    DEFAULT_TOKEN_TTL,
    PushClient,
    check_public_url,
    public_url_for,
)


def _check_port_free(host: str, port: int) -> None:
    """An :class:`InputError` now, rather than a uvicorn traceback later, if ``port`` is taken."""
    if not 0 < port < 65536:
        raise InputError(
            f"port {port} is out of range", where="option --port", fix="Use 1 to 65535."
        )
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            where="options --host/--port",
            fix="Choose a free port (or stop the process using it) and a local address.",
        ) from None


_TLS_FIX = (
    "Give --certfile with the server's PEM certificate (chain) and --keyfile with its "
    "PEM private key, both readable and matching."
)


def _check_tls(certfile: Path | None, keyfile: Path | None) -> tuple[str, str] | None:
    """The certificate and key paths if both are given and load together; ``None`` if neither
    is; an :class:`InputError` otherwise (rather than a uvicorn traceback at start)."""
    if certfile is None and keyfile is None:
        return None
    if certfile is None or keyfile is None:
        raise InputError(
            "only one of --certfile and --keyfile given",
            where="options --certfile/--keyfile",
            fix=_TLS_FIX,
        )
    cert = check_input_path(certfile, where="option --certfile", fix=_TLS_FIX)
    key = check_input_path(keyfile, where="option --keyfile", fix=_TLS_FIX)
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise InputError(
            f"cannot use {str(cert)!r} with {str(key)!r} for TLS: {exc}",
            where="options --certfile/--keyfile",
            fix=_TLS_FIX + " A key protected by a passphrase is not supported.",
        ) from None
    return str(cert), str(key)


def serve_command(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", metavar="PORT", help="TCP port to listen on.")
    ] = 9000,
    max_content_length: Annotated[
        int,
        typer.Option(
            "--max-content-length",
            metavar="BYTES",
            help="Largest request body in bytes; larger POSTs answer 413.",
        ),
    ] = DEFAULT_MAX_CONTENT_LENGTH,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            metavar="URL",
            help="The URL clients reach the server at, e.g. https://taxii.example.org:8443; "
            "discovery names the API root under it (default: http(s)://HOST:PORT).",
            show_default=False,
        ),
    ] = None,
    certfile: Annotated[
        Path | None,
        typer.Option(
            "--certfile",
            metavar="PEM",
            help="Serve HTTPS with this certificate (chain), PEM; needs --keyfile.",
            show_default=False,
        ),
    ] = None,
    keyfile: Annotated[
        Path | None,
        typer.Option(
            "--keyfile",
            metavar="PEM",
            help="The private key of --certfile, PEM, without a passphrase.",
            show_default=False,
        ),
    ] = None,
    token_ttl: Annotated[
        float,
        typer.Option(
            "--token-ttl",
            metavar="SECONDS",
            help="How long a page token ('next') stays valid after it is issued.",
        ),
    ] = DEFAULT_TOKEN_TTL,
    max_auth_failures: Annotated[
        int,
        typer.Option(
            "--max-auth-failures",
            metavar="N",
            help="Invalid keys a source address may send within --auth-window before "
            "its requests answer 429.",
        ),
    ] = DEFAULT_MAX_FAILURES,
    auth_window: Annotated[
        float,
        typer.Option(
            "--auth-window",
            metavar="SECONDS",
            help="The window over which invalid keys are counted.",
        ),
    ] = DEFAULT_FAILURE_WINDOW,
) -> None:
    """Run the TAXII 2.1 server (one process) until Ctrl-C; logs go to standard error.

    Discovery is at PUBLIC_URL/taxii2/ and the API root at /api/. Every read
    is filtered for the reader's nation and clearance and audited. With
    --certfile and --keyfile the server speaks HTTPS only; plain HTTP on an
    address other than loopback is logged as a warning.
    """
    from allied.sharing.taxii import serve  # FastAPI and uvicorn: only to serve

    for option, value, fix in (
        ("--max-content-length", max_content_length, "Give bytes, e.g. 10485760 for 10 MiB."),
        ("--token-ttl", token_ttl, "Give seconds, e.g. 3600."),
        ("--max-auth-failures", max_auth_failures, "Give a count, e.g. 10."),
        ("--auth-window", auth_window, "Give seconds, e.g. 60."),
    ):
        check_number(value, name=option, fix=fix, where=f"option {option}", above=0)
    tls = _check_tls(certfile, keyfile)
    url = public_url_for(host, port, tls=tls is not None)
    if public_url is not None:
        url = check_public_url(public_url, where="option --public-url")
    _check_port_free(host, port)
    with open_db(db) as storage:
        storage.check_integrity()  # a damaged database is exit 3, never served
        messages.print(f"serving {redact_url(storage.url)} at {url}/taxii2/", markup=False)
        serve(
            storage,
            host=host,
            port=port,
            max_content_length=max_content_length,
            public_url=url,
            certfile=None if tls is None else tls[0],
            keyfile=None if tls is None else tls[1],
            token_ttl=token_ttl,
            max_auth_failures=max_auth_failures,
            auth_window=auth_window,
        )


def _bundle_objects(path: Path) -> list[dict[str, Any]]:
    """The objects of a STIX bundle (or TAXII envelope) file; :class:`InputError` if unusable."""
    data = read_bundle(path)
    objects = data.get("objects") if isinstance(data, dict) else None
    if not isinstance(objects, list) or not all(isinstance(obj, dict) for obj in objects):
        raise InputError(
            "not a STIX bundle: no 'objects' list of JSON objects",
            where="standard input" if str(path) == "-" else f"file {str(path)!r}",
            fix=_BUNDLE_FIX,
        )
    return objects


_BUNDLE_FIX = 'Give a STIX 2.1 bundle: {"type": "bundle", "id": ..., "objects": [...]}.'

#: The command-line option behind each argument of :class:`~allied.sharing.taxii.PushClient`.
_PUSH_OPTIONS = {"argument url": "option --url", "argument timeout": "option --timeout"}


def push_command(
    bundle: Annotated[
        Path,
        typer.Argument(
            metavar="BUNDLE",
            help="A STIX 2.1 bundle file (JSON), or - for standard input.",
            show_default=False,
        ),
    ],
    url: Annotated[
        str,
        typer.Option(
            "--url",
            metavar="URL",
            help="The collection's URL, e.g. http://127.0.0.1:9000/api/collections/ID/.",
            show_default=False,
        ),
    ],
    key: Annotated[
        str, typer.Option("--key", metavar="KEY", help="Your API key.", show_default=False)
    ],
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="Seconds to wait for the server to connect and to answer (each read).",
        ),
    ] = DEFAULT_PUSH_TIMEOUT,
) -> None:
    """Post a STIX bundle to a TAXII 2.1 collection and print the status counts.

    Uses :class:`allied.sharing.taxii.PushClient` (token authentication, as
    taxii2-client sends it). Exits 0 when every object was
    stored, 1 when the server refused some (listed on standard error), and 2
    when the file, the key or the server is wrong, or when the server does not
    answer within --timeout seconds.
    """
    try:
        client = PushClient(url, key, timeout=timeout)
    except InputError as exc:
        option = _PUSH_OPTIONS.get(exc.where or "", exc.where)
        raise InputError(exc.what, where=option, fix=exc.fix) from None
    with client:
        objects = _bundle_objects(bundle)
        try:
            status = client.push(objects)
        except InputError as exc:
            raise InputError(exc.what, where=f"--url {url}", fix=exc.fix) from None
    print(status.summary())
    for failure in status.failures:
        messages.print(
            f"failed: {failure.get('id', '?')} {failure.get('version', '')}: "
            f"{failure.get('message', '')}",
            markup=False,
        )
    if status.failure_count:
        raise typer.Exit(1)
