"""``allied sharing serve`` and ``allied sharing push``: run the TAXII 2.1 exchange, post to it."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated, Any

import typer
from requests.adapters import HTTPAdapter

from allied.cli._output import messages
from allied.cli._sharing_admin import DbOption, open_db
from allied.cli._sharing_filter import read_bundle
from allied.errors import InputError
from allied.sharing.service import DEFAULT_MAX_CONTENT_LENGTH


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
) -> None:
    """Run the TAXII 2.1 server (one process) until Ctrl-C; logs go to standard error.

    Discovery is at http://HOST:PORT/taxii2/ and the API root at /api/. Every
    read is filtered for the reader's nation and clearance and audited.
    """
    from allied.sharing.server import serve
    from allied.sharing.storage import redact_url

    if max_content_length < 1:
        raise InputError(
            f"--max-content-length {max_content_length} is not positive",
            where="option --max-content-length",
            fix="Give a number of bytes, e.g. 10485760 for 10 MiB.",
        )
    _check_port_free(host, port)
    with open_db(db) as storage:
        messages.print(
            f"serving {redact_url(storage.url)} at http://{host}:{port}/taxii2/", markup=False
        )
        serve(storage, host=host, port=port, max_content_length=max_content_length)


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


#: Seconds ``allied sharing push`` waits for the server to connect and to answer each read.
DEFAULT_PUSH_TIMEOUT = 60.0


class _TimeoutAdapter(HTTPAdapter):
    """A requests adapter that puts ``timeout`` on every request sent without one."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


_BUNDLE_FIX = 'Give a STIX 2.1 bundle: {"type": "bundle", "id": ..., "objects": [...]}.'

_HTTP_FIXES = {
    401: ("the server refused the API key", "Check --key (given by 'allied sharing users add')."),
    403: (
        "this key may not add objects to the collection",
        "Ask the operator for write access ('allied sharing users add ... --write ID').",
    ),
    404: (
        "no such collection, or not one this key may see",
        "Check --url: http://HOST:PORT/api/collections/ID/ (GET /api/collections/ lists yours).",
    ),
    406: ("the server does not speak TAXII 2.1", "Point --url at a TAXII 2.1 collection."),
    413: (
        "the bundle is larger than the server accepts",
        "Split it into smaller bundles (the API root's max_content_length is the limit).",
    ),
    415: ("the server does not accept TAXII 2.1 envelopes", "Point --url at a TAXII 2.1 server."),
}


def _http_error(exc: Any, url: str) -> InputError:
    response = exc.response
    code = getattr(response, "status_code", 0)
    what, fix = _HTTP_FIXES.get(code, (f"the server answered HTTP {code}", "See the server log."))
    try:
        body = response.json()
        detail = f": {body['title']} - {body['description']}"
    except (ValueError, KeyError, TypeError, AttributeError):
        detail = ""
    return InputError(f"{what} (HTTP {code}{detail})", where=f"--url {url}", fix=fix)


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

    Uses taxii2-client (token authentication). Exits 0 when every object was
    stored, 1 when the server refused some (listed on standard error), and 2
    when the file, the key or the server is wrong, or when the server does not
    answer within --timeout seconds.
    """
    import requests
    from taxii2client.common import TokenAuth
    from taxii2client.exceptions import AccessError, TAXIIServiceException
    from taxii2client.v21 import Collection

    if not url.startswith(("http://", "https://")):
        raise InputError(
            f"{url!r} is not an http(s) URL",
            where="option --url",
            fix="Give http://HOST:PORT/api/collections/ID/.",
        )
    if not timeout > 0:  # also refuses NaN
        raise InputError(
            f"--timeout {timeout} is not a positive number of seconds",
            where="option --timeout",
            fix="Give the seconds to wait for the server, e.g. --timeout 60.",
        )
    objects = _bundle_objects(bundle)
    try:
        with Collection(url, auth=TokenAuth(key)) as collection:
            # taxii2-client sets no timeout and requests has none by default: a
            # server that accepts the connection but never answers would hang us
            adapter = _TimeoutAdapter(timeout)
            collection._conn.session.mount("http://", adapter)
            collection._conn.session.mount("https://", adapter)
            status = collection.add_objects({"objects": objects})
    except requests.HTTPError as exc:
        raise _http_error(exc, url) from None
    except requests.Timeout:
        raise InputError(
            f"the server did not answer within {timeout:g} s",
            where=f"--url {url}",
            fix="Check that the server is up and not overloaded, or raise --timeout. "
            "If the bundle was sent, the server may have stored it: pushing it again "
            "is harmless (versions already held are not added twice).",
        ) from None
    except requests.RequestException as exc:
        raise InputError(
            f"cannot reach the server: {type(exc).__name__}",
            where=f"--url {url}",
            fix="Start it with 'allied sharing serve' and check the host and port.",
        ) from None
    except AccessError:
        what, fix = _HTTP_FIXES[403]
        raise InputError(what, where=f"--url {url}", fix=fix) from None
    except TAXIIServiceException as exc:
        raise InputError(
            f"not a TAXII 2.1 collection: {exc}",
            where=f"--url {url}",
            fix="Point --url at http://HOST:PORT/api/collections/ID/.",
        ) from None
    print(
        f"status {status.id}: {status.status}, total {status.total_count}, "
        f"succeeded {status.success_count}, failed {status.failure_count}, "
        f"pending {status.pending_count}"
    )
    for failure in status.failures or ():
        messages.print(
            f"failed: {failure.get('id', '?')} {failure.get('version', '')}: "
            f"{failure.get('message', '')}",
            markup=False,
        )
    if status.failure_count:
        raise typer.Exit(1)
