"""Page tokens: signed cursors bound to who asked, where and with which filters.

A page token carries the sort key ``(date_added, id, version)`` of the last
item served and is HMAC-SHA256-signed with a secret kept in the storage
settings (:data:`TOKEN_SECRET_SETTING`), so tokens survive restarts. It is
bound to the user, the collection, the endpoint (with the object id) and a
digest of the filter parameters; any other use answers 400.

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
from dataclasses import dataclass

from allied.sharing.store import Storage, format_timestamp
from allied.sharing.taxii._http import bad_request
from allied.sharing.taxii._query import parse_timestamp
from allied.sharing.taxii._views import SortKey

__all__ = ["TOKEN_SECRET_SETTING", "PageTokens", "TokenBinding"]

#: The storage setting that holds the page-token secret.
TOKEN_SECRET_SETTING = "taxii_page_token_secret"


@dataclass(frozen=True)
class TokenBinding:
    """What a token is valid for: a user, a collection, an endpoint and a filter digest."""

    user: str
    collection: str
    endpoint: str  # "objects", "manifest", "object:<id>", "versions:<id>"
    filters: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageTokens:
    """Issues and reads the ``next`` tokens of one exchange.

    The secret is read from ``storage`` (created there on first use).
    """

    def __init__(self, storage: Storage) -> None:
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
                "v": 1,
                "u": binding.user,
                "c": binding.collection,
                "e": binding.endpoint,
                "f": binding.filters,
                "k": [format_timestamp(last[0]), last[1], last[2]],
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
        bound = (data.get("u"), data.get("c"), data.get("e"), data.get("f"))
        if bound != (binding.user, binding.collection, binding.endpoint, binding.filters):
            raise invalid
        moment, ident, version = data["k"]
        when = parse_timestamp(moment)
        if when is None:
            raise invalid
        return (when, str(ident), str(version))
