"""Deprecated: the storage is in :mod:`allied.sharing.store`.

``check_nation`` is :func:`allied._validation.check_nation`, ``check_clearance``
and ``CLEARANCES`` come from the registry of marking schemes
(:func:`allied.sharing.policy.check_clearance`, :func:`allied.sharing.policy.clearances`),
and ``select_versions`` (a TAXII filter) is :func:`allied.sharing.taxii.select_versions`.
"""

from typing import Any

from allied import _validation
from allied._moved import Moved
from allied.sharing import policy, store, taxii


def _check_nation(value: str, *, where: str = "argument nation") -> str:
    return _validation.check_nation(value, where=where)


def _check_clearance(value: str, *, where: str = "argument clearance") -> str:
    return policy.check_clearance(value, where=where)


_MOVED = Moved(
    __name__,
    [
        (
            store,
            [
                "SCHEMA_VERSION",
                "STORAGE_ENV",
                "AuditEntry",
                "CollectionRecord",
                "StatusRecord",
                "Storage",
                "StoredObject",
                "UserRecord",
                "check_collection_id",
                "check_user_name",
                "default_storage_url",
                "format_timestamp",
                "new_status_id",
                "open_storage",
                "redact_url",
                "stix_identity",
            ],
        ),
        (taxii, ["select_versions"]),
    ],
    replaced={
        "CLEARANCES": ("allied.sharing.policy.clearances()", policy.clearances),
        "check_nation": ("allied._validation.check_nation", lambda: _check_nation),
        "check_clearance": ("allied.sharing.policy.check_clearance", lambda: _check_clearance),
    },
)


__all__ = _MOVED.names()


def __getattr__(name: str) -> Any:
    """Each name from its new home, with a DeprecationWarning."""
    return _MOVED.get(name)
