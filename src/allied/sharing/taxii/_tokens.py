"""Page tokens: signed cursors bound to who asked, where and with which filters.

A page token carries the sort key ``(date_added, id, version)`` of the last
item served and is HMAC-SHA256-signed with a secret kept in the storage
settings (:data:`TOKEN_SECRET_SETTING`), so tokens survive restarts. It is
bound to the user and the API key it was issued under, the collection, the
endpoint (with the object id) and a digest of the filter parameters; any other
use answers 400. A token also expires: it is refused (400) once
``ttl`` seconds (default :data:`DEFAULT_TOKEN_TTL`) have passed since it was
issued, and a token issued under a key that has since been rotated is refused
(a revoked or expired key is refused before its tokens are read).

References
----------
.. [1] Krawczyk, H., Bellare, M. and Canetti, R. (1997). "HMAC: Keyed-Hashing
   for Message Authentication." RFC 2104. https://doi.org/10.17487/RFC2104
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from allied.sharing.store import Storage, format_timestamp
from allied.sharing.taxii._http import bad_request
from allied.sharing.taxii._query import parse_timestamp
from allied.sharing.taxii._views import SortKey

__all__ = ["DEFAULT_TOKEN_TTL", "TOKEN_SECRET_SETTING", "PageTokens", "TokenBinding"]

#: The storage setting that holds the page-token secret.
TOKEN_SECRET_SETTING = "taxii_page_token_secret"
#: Seconds a page token stays valid after it is issued (one hour).
DEFAULT_TOKEN_TTL = 3600


@dataclass(frozen=True)
class TokenBinding:
    """What a token is valid for: a user and its key, a collection, an endpoint and a
    filter digest."""

    user: str
    collection: str
    endpoint: str  # "objects", "manifest", "object:<id>", "versions:<id>"
    filters: str
    key: str = ""  # the key id of UserRecord.key_id


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageTokens:
    """Issues and reads the ``next`` tokens of one exchange.

    The secret is read from ``storage`` (created there on first use). A token
    is valid for ``ttl`` seconds after it is issued, as told by ``clock``
    (default: the system clock, UTC).
    """

    def __init__(
        self,
        storage: Storage,
        *,
        ttl: float = DEFAULT_TOKEN_TTL,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not ttl > 0:
            raise ValueError("the page-token ttl must be a positive number of seconds")
        self.ttl = ttl
        self._clock = clock or (lambda: datetime.now(UTC))
        secret = storage.setting(TOKEN_SECRET_SETTING)
        if not secret:
            storage.set_setting(TOKEN_SECRET_SETTING, secrets.token_hex(32))
            secret = storage.setting(TOKEN_SECRET_SETTING) or ""
        self._secret = secret.encode("ascii")

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()

    def issue(self, binding: TokenBinding, last: SortKey) -> str:
        """A token for the page after ``last``, valid only for ``binding``."""
        payload = json.dumps(
            {
                "v": 2,
                "u": binding.user,
                "c": binding.collection,
                "e": binding.endpoint,
                "f": binding.filters,
                "k": [format_timestamp(last[0]), last[1], last[2]],
                "i": binding.key,
                "t": self._clock().timestamp(),
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def cursor(self, token: str, binding: TokenBinding) -> SortKey:
        """The sort key ``token`` continues after; a 400 :class:`TaxiiError` unless this
        exchange issued it for ``binding``."""
        invalid = bad_request(
            "Invalid next token",
            "The 'next' token was not issued by this server for this user, collection, "
            "endpoint and filters. Repeat the request without 'next' to start again.",
        )
        payload_text, _, signature_text = token.strip().partition(".")
        try:
            payload, signature = _unb64(payload_text), _unb64(signature_text)
        except (binascii.Error, ValueError):
            raise invalid from None
        if not payload or not hmac.compare_digest(self._sign(payload), signature):
            raise invalid
        data = json.loads(payload)
        bound = (data.get("u"), data.get("i"), data.get("c"), data.get("e"), data.get("f"))
        wanted = (binding.user, binding.key, binding.collection, binding.endpoint)
        if bound != (*wanted, binding.filters):
            raise invalid
        self._check_age(data.get("t"))
        moment, ident, version = data["k"]
        when = parse_timestamp(moment)
        if when is None:
            raise invalid
        return (when, str(ident), str(version))

    def _check_age(self, issued: object) -> None:
        """A 400 :class:`TaxiiError` unless ``issued`` (POSIX seconds) is within the ttl."""
        if not isinstance(issued, int | float) or isinstance(issued, bool):
            issued = float("-inf")  # a token of an earlier format: treat it as expired
        age = self._clock().timestamp() - issued
        if not age <= self.ttl:
            raise bad_request(
                "Expired next token",
                f"'next' tokens are valid for {self.ttl:g} s after they are issued. "
                "Repeat the request without 'next' to start again.",
            )
