"""Authentication of TAXII requests by API key.

Accepted: ``Authorization: Bearer KEY``, ``Token KEY`` (taxii2-client's
``TokenAuth``) and HTTP Basic with the API key as the password (any user
name); the storage keeps only each key's SHA-256 hash.
"""

from __future__ import annotations

import base64

from allied.sharing.store import Storage, UserRecord
from allied.sharing.taxii._http import TaxiiError

__all__ = ["CHALLENGE", "authenticate", "key_of"]

#: The ``WWW-Authenticate`` header of every 401.
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="taxii", Basic realm="taxii"'}


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


def authenticate(storage: Storage, authorization: str | None) -> UserRecord:
    """The user of an ``Authorization`` header, else a 401 :class:`TaxiiError`."""
    if not authorization or not authorization.strip():
        raise TaxiiError(
            401,
            "Authentication required",
            "Send your API key as 'Authorization: Bearer KEY' (or Token KEY, "
            "or HTTP Basic with the key as the password).",
            headers=CHALLENGE,
        )
    key = key_of(authorization)
    user = storage.user_for_key(key) if key else None
    if user is None:
        raise TaxiiError(
            401,
            "Invalid credentials",
            "The API key is unknown or malformed. Ask the exchange operator for a key "
            "('allied sharing users add').",
            headers=CHALLENGE,
        )
    return user
