"""Checks of what the storage is given: STIX identities, collection ids and user names.

References
----------
.. [1] OASIS (2021). STIX Version 2.1, OASIS Standard, section 2.9
   (identifiers: ``object-type--UUID``, the UUID RFC 4122-compliant) and
   section 3.2 (common properties). https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from allied.errors import InputError

__all__ = ["STIX_TIMESTAMP", "check_collection_id", "check_user_name", "stix_identity"]

_TYPE = re.compile(r"[a-z0-9][a-z0-9-]{1,248}[a-z0-9]")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
#: A STIX timestamp (UTC, ``Z``, optional fraction).
STIX_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
_COLLECTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,127}")
_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def stix_identity(obj: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """``(id, type, version, spec_version)`` of a STIX 2.1 object, or an :class:`InputError`.

    The id must be ``type--UUID`` with the object's own type [3]_; ``modified``
    and ``created``, when present, must be STIX timestamps; ``spec_version``
    must be ``"2.1"``. An object without ``spec_version`` and without
    ``created`` is a cyber-observable, for which STIX 2.1 makes
    ``spec_version`` optional; it is taken as ``"2.1"``, as the ``stix2``
    library fills it in.

    Examples
    --------
    >>> stix_identity({"type": "indicator", "spec_version": "2.1",
    ...     "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    ...     "created": "2024-01-01T00:00:00Z", "modified": "2024-02-01T00:00:00.000Z"})[1:]
    ('indicator', '2024-02-01T00:00:00.000Z', '2.1')
    >>> stix_identity({"type": "indicator", "id": "indicator--1"})
    Traceback (most recent call last):
    ...
    allied.errors.InputError: id 'indicator--1' is not 'type--UUID' (object 'indicator--1'). ...
    """
    if not isinstance(obj, Mapping):
        raise InputError(
            f"a {type(obj).__name__} is not a STIX object",
            where="objects",
            fix="Send JSON objects with type and id.",
        )
    object_id, object_type = obj.get("id"), obj.get("type")
    where = f"object {object_id!r}" if isinstance(object_id, str) else "object without id"
    if not isinstance(object_type, str) or not object_type:
        raise InputError("no 'type'", where=where, fix="Give every object its STIX type.")
    if not isinstance(object_id, str) or not object_id:
        raise InputError("no 'id'", where=where, fix="Give every object an id 'type--UUID'.")
    prefix, sep, suffix = object_id.partition("--")
    if not sep or not _TYPE.fullmatch(prefix) or not _UUID.fullmatch(suffix):
        raise InputError(
            f"id {object_id!r} is not 'type--UUID'",
            where=where,
            fix="STIX 2.1 ids are the object's type, '--' and an RFC 4122 UUID.",
        )
    if prefix != object_type:
        raise InputError(
            f"id {object_id!r} does not start with the object's type {object_type!r}",
            where=where,
            fix="The id's prefix must be the object's type.",
        )
    for name in ("modified", "created"):
        value = obj.get(name)
        if value is not None and not (isinstance(value, str) and STIX_TIMESTAMP.fullmatch(value)):
            raise InputError(
                f"{name} {value!r} is not a STIX timestamp",
                where=where,
                fix="Write timestamps as YYYY-MM-DDTHH:MM:SS[.s]Z, in UTC.",
            )
    spec_version = obj.get("spec_version")
    if spec_version is None and "created" not in obj:
        spec_version = "2.1"
    if spec_version != "2.1":
        raise InputError(
            f"spec_version {spec_version!r} is not supported",
            where=where,
            fix="This exchange stores STIX 2.1 objects (spec_version '2.1').",
        )
    version = obj.get("modified") or obj.get("created") or ""
    return object_id, object_type, str(version), "2.1"


def _check_name(value: str, pattern: re.Pattern[str], *, what: str, where: str, fix: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise InputError(f"invalid {what} {value!r}", where=where, fix=fix)
    return value


def check_collection_id(value: str, *, where: str = "argument id") -> str:
    """``value`` if it is a usable collection id (URL-safe, 1 to 128 characters)."""
    fix = "Use 1 to 128 letters, digits, '.', '_', '~' or '-', starting with a letter or digit."
    return _check_name(value, _COLLECTION_ID, what="collection id", where=where, fix=fix)


def check_user_name(value: str, *, where: str = "argument name") -> str:
    """``value`` if it is a usable user name (1 to 64 characters)."""
    fix = "Use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit."
    return _check_name(value, _USER_NAME, what="user name", where=where, fix=fix)
