"""The public URL of the exchange: what discovery answers are built from.

Discovery (``GET /taxii2/``) names the API root by an absolute URL. Building
it from the request's ``Host`` header would let any client (or a poisoned
cache in front of the server) make the server advertise an address of the
client's choosing, so the server is told its public URL instead
(``allied sharing serve --public-url``, default from ``--host`` and
``--port``).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from allied.errors import InputError

__all__ = ["DEFAULT_PUBLIC_URL", "check_public_url", "is_loopback", "public_url_for"]

#: The public URL when none is configured: the default ``serve`` address.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:9000"

_FIX = "Give the URL clients use to reach the server, e.g. https://taxii.example.org:8443."


def check_public_url(url: str, *, where: str = "argument public_url") -> str:
    """``url`` without a trailing slash, if it is an absolute http(s) URL with a host and
    no credentials, query or fragment; else an :class:`InputError`.

    Examples
    --------
    >>> check_public_url("https://taxii.example.org:8443/exchange/")
    'https://taxii.example.org:8443/exchange'
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise InputError(f"{url!r} is not a URL", where=where, fix=_FIX) from None
    problem = None
    if parts.scheme not in ("http", "https"):
        problem = "does not start with http:// or https://"
    elif not parts.hostname:
        problem = "has no host"
    elif parts.username is not None or parts.password is not None:
        problem = "carries a user name or password"
    elif parts.query or parts.fragment:
        problem = "has a query or a fragment"
    elif not url.strip().isascii() or any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        problem = "contains spaces, control or non-ASCII characters"
    if problem is not None:
        raise InputError(f"public URL {url!r} {problem}", where=where, fix=_FIX)
    return url.strip().rstrip("/")


def public_url_for(host: str, port: int, *, tls: bool) -> str:
    """The URL of a server listening on ``host`` and ``port`` (IPv6 in brackets).

    Examples
    --------
    >>> public_url_for("127.0.0.1", 9000, tls=False), public_url_for("::1", 8443, tls=True)
    ('http://127.0.0.1:9000', 'https://[::1]:8443')
    """
    name = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{name}:{port}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost`` (only this machine can connect).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
