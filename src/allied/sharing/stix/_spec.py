"""What STIX 2.1 requires of each object type, for deciding when a redaction must withhold.

The tables list the properties the STIX 2.1 specification marks *required* for
each type this package filters, checked against the OASIS JSON schemas that
ship with ``stix2-validator`` (``schemas-2.1``) and against the ``stix2``
reference implementation. A type that is not listed (a custom ``x-`` type)
keeps only the common properties.

References
----------
.. [1] OASIS, "STIX Version 2.1", OASIS Standard, 10 June 2021, sections 3.2
   (common properties), 4 (SDOs), 5 (SROs), 6 (SCOs) and 7 (SMOs).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
.. [2] OASIS CTI TC, "cti-stix2-json-schemas", branch stix2.1, as shipped in
   stix2-validator 3.3.2 (``stix2validator/schemas-2.1``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ANY_OF",
    "REQUIRED",
    "SCO_TYPES",
    "item_complete",
    "missing_required",
    "version_of",
]

#: Cyber-observable types (section 6): only ``id`` and ``type`` are common requirements.
SCO_TYPES: frozenset[str] = frozenset(
    {
        "artifact",
        "autonomous-system",
        "directory",
        "domain-name",
        "email-addr",
        "email-message",
        "file",
        "ipv4-addr",
        "ipv6-addr",
        "mac-addr",
        "mutex",
        "network-traffic",
        "process",
        "software",
        "url",
        "user-account",
        "windows-registry-key",
        "x509-certificate",
    }
)

_SDO_COMMON = ("id", "type", "spec_version", "created", "modified")

#: Required properties per type (sections 4 to 7 of the specification).
REQUIRED: Mapping[str, tuple[str, ...]] = {
    # SDOs (section 4)
    "attack-pattern": (*_SDO_COMMON, "name"),
    "campaign": (*_SDO_COMMON, "name"),
    "course-of-action": (*_SDO_COMMON, "name"),
    "grouping": (*_SDO_COMMON, "context", "object_refs"),
    "identity": (*_SDO_COMMON, "name"),
    "incident": (*_SDO_COMMON, "name"),
    "indicator": (*_SDO_COMMON, "pattern", "pattern_type", "valid_from"),
    "infrastructure": (*_SDO_COMMON, "name"),
    "intrusion-set": (*_SDO_COMMON, "name"),
    "location": _SDO_COMMON,
    "malware": (*_SDO_COMMON, "is_family"),
    "malware-analysis": (*_SDO_COMMON, "product"),
    "note": (*_SDO_COMMON, "content", "object_refs"),
    "observed-data": (*_SDO_COMMON, "first_observed", "last_observed", "number_observed"),
    "opinion": (*_SDO_COMMON, "opinion", "object_refs"),
    "report": (*_SDO_COMMON, "name", "published", "object_refs"),
    "threat-actor": (*_SDO_COMMON, "name"),
    "tool": (*_SDO_COMMON, "name"),
    "vulnerability": (*_SDO_COMMON, "name"),
    # SROs (section 5)
    "relationship": (*_SDO_COMMON, "relationship_type", "source_ref", "target_ref"),
    "sighting": (*_SDO_COMMON, "sighting_of_ref"),
    # SMOs (section 7): a marking definition has no ``modified``
    "marking-definition": ("id", "type", "spec_version", "created"),
    "language-content": (*_SDO_COMMON, "object_ref", "contents"),
    "extension-definition": (
        *_SDO_COMMON,
        "created_by_ref",
        "name",
        "schema",
        "version",
        "extension_types",
    ),
    # SCOs (section 6)
    "autonomous-system": ("id", "type", "number"),
    "directory": ("id", "type", "path"),
    "domain-name": ("id", "type", "value"),
    "email-addr": ("id", "type", "value"),
    "email-message": ("id", "type", "is_multipart"),
    "ipv4-addr": ("id", "type", "value"),
    "ipv6-addr": ("id", "type", "value"),
    "mac-addr": ("id", "type", "value"),
    "mutex": ("id", "type", "name"),
    "network-traffic": ("id", "type", "protocols"),
    "software": ("id", "type", "name"),
    "url": ("id", "type", "value"),
}

#: Types that need at least one property of each group (the schemas' ``anyOf``/``oneOf``).
ANY_OF: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "location": (("region", "country", "latitude"),),
    "malware-analysis": (("result", "analysis_sco_refs"),),
    "observed-data": (("objects", "object_refs"),),
    "network-traffic": (("src_ref", "dst_ref"),),
    "file": (("hashes", "name"),),
    "marking-definition": (("definition", "extensions"),),
}

_CORE = ("id", "type")


def missing_required(obj: Mapping[str, Any]) -> list[str]:
    """The required properties (or property groups) that ``obj`` lacks.

    Parameters
    ----------
    obj
        A STIX 2.1 object.

    Returns
    -------
    list of str
        Names of missing properties; a group is written ``a|b``. Empty when
        the object has every property its type requires.

    Examples
    --------
    >>> missing_required({"type": "malware", "id": "malware--1", "spec_version": "2.1",
    ...                   "created": "t", "modified": "t", "is_family": True})
    ['name']
    """
    kind = obj.get("type")
    required = REQUIRED.get(kind, _CORE) if isinstance(kind, str) else _CORE
    missing = [name for name in required if name not in obj]
    for group in ANY_OF.get(kind, ()) if isinstance(kind, str) else ():
        if not any(name in obj for name in group):
            missing.append("|".join(group))
    # malware: "name ... required if is_family is true" (section 4.11)
    if kind == "malware" and obj.get("is_family") is True and "name" not in obj:
        missing.append("name")
    return missing


def item_complete(prop: str, item: Any) -> bool:
    """Whether ``item``, an element of list property ``prop``, still has its required parts.

    ``external_references`` entries need ``source_name`` and one of
    ``external_id``, ``description`` or ``url`` (and ``external_id`` for the
    ``cve`` and ``capec`` sources); ``kill_chain_phases`` entries need
    ``kill_chain_name`` and ``phase_name`` (specification sections 2.5 and 2.7).
    Other lists have no per-item requirements here.

    Examples
    --------
    >>> item_complete("external_references", {"source_name": "cve"})
    False
    >>> item_complete("kill_chain_phases", {"kill_chain_name": "k", "phase_name": "p"})
    True
    """
    if not isinstance(item, Mapping):
        return True
    if prop == "external_references":
        if "source_name" not in item:
            return False
        if item["source_name"] in ("cve", "capec"):
            return "external_id" in item
        return any(name in item for name in ("external_id", "description", "url"))
    if prop == "kill_chain_phases":
        return "kill_chain_name" in item and "phase_name" in item
    return True


def version_of(obj: Mapping[str, Any]) -> str:
    """The version key of ``obj``: ``modified``, else ``created``, else ``""``.

    Examples
    --------
    >>> version_of({"created": "2024-01-01T00:00:00Z"})
    '2024-01-01T00:00:00Z'
    >>> version_of({"type": "ipv4-addr"})
    ''
    """
    value = obj.get("modified", obj.get("created", ""))
    return value if isinstance(value, str) else str(value)
