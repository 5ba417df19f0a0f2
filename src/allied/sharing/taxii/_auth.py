"""Authentication of TAXII requests by API key, and the limit on failed attempts.

Accepted: ``Authorization: Bearer KEY``, ``Token KEY`` (taxii2-client's
``TokenAuth``) and HTTP Basic with the API key as the password (any user
name); the storage keeps only each key's SHA-256 hash. A key that is unknown,
revoked (``allied sharing users revoke``), replaced (``rotate-key``) or past
its expiry answers 401.

Failed attempts are counted per source (:class:`FailureLimiter`): an IPv4
address, or the /64 network of an IPv6 address (one host usually holds a whole
/64, so counting single IPv6 addresses would let it try 2**64 times as often):
after ``max_failures`` failures within ``window`` seconds, every request from
that address answers 429 with ``Retry-After`` until the oldest of those
failures leaves the window, whatever key it carries, so guessing keys costs
time. The memory used is bounded: at most ``max_sources`` addresses are
tracked (the least recently failing is forgotten first), each with at most
``max_failures`` moments.
"""

from __future__ import annotations

import base64
import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime

from allied.sharing.store import Storage, UserRecord
from allied.sharing.taxii._http import TaxiiError

__all__ = [
    "CHALLENGE",
    "DEFAULT_FAILURE_WINDOW",
    "DEFAULT_MAX_FAILURES",
    "FailureLimiter",
    "authenticate",
    "key_of",
    "source_of",
]

#: The ``WWW-Authenticate`` header of every 401.
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="taxii", Basic realm="taxii"'}
#: Failed authentications a source may make within :data:`DEFAULT_FAILURE_WINDOW`.
DEFAULT_MAX_FAILURES = 10
#: The window, in seconds, over which failures are counted.
DEFAULT_FAILURE_WINDOW = 60.0
#: The most source addresses tracked at once.
DEFAULT_MAX_SOURCES = 10_000


def key_of(authorization: str) -> str:
    """The API key of an ``Authorization`` header (``""`` when it carries none).

    Examples
    --------
    >>> key_of("Bearer abc"), key_of("Basic " + base64.b64encode(b"me:abc").decode())
    ('abc', 'abc')
    """
    scheme, _, credentials = authorization.strip().partition(" ")
    scheme, credentials = scheme.lower(), credentials.strip()
    if scheme in ("bearer", "token"):
        return credentials
    if scheme == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):  # binascii.Error, non-ASCII text
            decoded = ""
        return decoded.partition(":")[2]
    return ""


def source_of(address: str) -> str:
    """What failures are counted under: an IPv4 address (also when IPv4-mapped), the /64
    network of an IPv6 address, or ``address`` itself when it is not an IP address.

    Examples
    --------
    >>> source_of("2001:db8:1:2:aaaa::1"), source_of("::ffff:192.0.2.1"), source_of("test")
    ('2001:db8:1:2::/64', '192.0.2.1', 'test')
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


class FailureLimiter:
    """Counts failed authentications per source address and refuses a source with too many.

    Parameters
    ----------
    max_failures
        Failures allowed within ``window`` seconds; the next request answers 429.
    window
        Seconds over which failures are counted.
    max_sources
        The most addresses tracked; beyond it the least recently failing one is dropped.
    clock
        Monotonic seconds (default :func:`time.monotonic`).

    Examples
    --------
    >>> now = [0.0]
    >>> limiter = FailureLimiter(max_failures=2, window=10.0, clock=lambda: now[0])
    >>> limiter.failed("10.0.0.1"); limiter.failed("10.0.0.1")
    >>> limiter.retry_after("10.0.0.1"), limiter.retry_after("10.0.0.2")
    (10, None)
    >>> now[0] = 10.5
    >>> limiter.retry_after("10.0.0.1") is None
    True
    """

    def __init__(
        self,
        *,
        max_failures: int = DEFAULT_MAX_FAILURES,
        window: float = DEFAULT_FAILURE_WINDOW,
        max_sources: int = DEFAULT_MAX_SOURCES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_failures < 1 or max_sources < 1 or not window > 0:
            raise ValueError("max_failures, max_sources and window must be positive")
        self.max_failures = max_failures
        self.window = window
        self.max_sources = max_sources
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many source addresses are tracked."""
        return len(self._failures)

    def _recent(self, source: str, now: float) -> deque[float] | None:
        """The failures of ``source`` still in the window (the entry is dropped when none)."""
        moments = self._failures.get(source)
        if moments is None:
            return None
        while moments and moments[0] <= now - self.window:
            moments.popleft()
        if not moments:
            del self._failures[source]
            return None
        return moments

    def retry_after(self, source: str) -> int | None:
        """Seconds until ``source`` (an address, see :func:`source_of`) may try again,
        ``None`` if it may now."""
        source = source_of(source)
        with self._lock:
            now = self._clock()
            moments = self._recent(source, now)
            if moments is None or len(moments) < self.max_failures:
                return None
            return max(1, math.ceil(moments[0] + self.window - now))

    def failed(self, source: str) -> None:
        """Record one failed authentication from ``source`` (an address)."""
        source = source_of(source)
        with self._lock:
            now = self._clock()
            moments = self._recent(source, now)
            if moments is None:
                moments = deque(maxlen=self.max_failures)
                self._failures[source] = moments
                while len(self._failures) > self.max_sources:
                    self._failures.popitem(last=False)
            self._failures.move_to_end(source)
            moments.append(now)


def _unauthorized(title: str, description: str) -> TaxiiError:
    return TaxiiError(401, title, description, headers=CHALLENGE)


def _user_of(storage: Storage, authorization: str | None, now: datetime) -> UserRecord:
    """The user of an ``Authorization`` header at ``now``, else a 401 :class:`TaxiiError`."""
    if not authorization or not authorization.strip():
        raise _unauthorized(
            "Authentication required",
            "Send your API key as 'Authorization: Bearer KEY' (or Token KEY, "
            "or HTTP Basic with the key as the password).",
        )
    key = key_of(authorization)
    user = storage.user_for_key(key) if key else None
    if user is None or not user.usable(now):
        raise _unauthorized(
            "Invalid credentials",
            "The API key is unknown, malformed, revoked, replaced or expired. Ask the "
            "exchange operator for a key ('allied sharing users add' or 'rotate-key').",
        )
    return user


def authenticate(
    storage: Storage,
    authorization: str | None,
    *,
    now: datetime,
    source: str | None = None,
    limiter: FailureLimiter | None = None,
) -> UserRecord:
    """The user of an ``Authorization`` header, else a 401 :class:`TaxiiError`.

    With a ``limiter`` and a ``source`` address, a source over its limit
    answers 429 (with ``Retry-After``) before its key is looked at, and every
    401 counts against it. A request without credentials at all is not
    counted (clients send one before they are challenged).
    """
    if limiter is not None and source is not None:
        wait = limiter.retry_after(source)
        if wait is not None:
            raise TaxiiError(
                429,
                "Too many failed authentications",
                f"This address sent {limiter.max_failures} invalid API keys within "
                f"{limiter.window:g} s. Try again in {wait} s with a valid key.",
                headers={"Retry-After": str(wait)},
            )
    try:
        return _user_of(storage, authorization, now)
    except TaxiiError:
        if limiter is not None and source is not None and (authorization or "").strip():
            limiter.failed(source)
        raise
