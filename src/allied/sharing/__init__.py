"""Coalition threat-intelligence sharing: releasability, STIX 2.1 filtering, TAXII 2.1.

Four rooms, each importing only the rooms before it:

- :mod:`allied.sharing.policy`: marking schemes as one registry (TLP 1.0 and
  2.0, ISA ACS 3.0, national and NATO levels), reading markings from STIX
  and text, partners, groupings and agreements from the catalog, and
  ``decide(markings, recipient, on=...)``, pure and deny by default;
- :mod:`allied.sharing.stix`: one recipient's view of STIX 2.1 objects or a
  bundle (withheld, redacted, references closed), granular selectors;
- :mod:`allied.sharing.store`: SQLite or PostgreSQL storage behind one
  protocol, users with hashed keys, and a hash-chained, append-only audit log;
- :mod:`allied.sharing.taxii`: the TAXII 2.1 server (FastAPI), the service
  that filters every read for the user's nation and clearance, paging, page
  tokens, and a push client.

The old flat modules (``allied.sharing.markings``, ``agreements``, ``decide``,
``bundles``, ``storage``, ``audit``, ``server``, ``service``) still work and
warn that they are deprecated.

Examples
--------
>>> from datetime import date
>>> from allied.sharing import Recipient, decide, parse_markings
>>> marks = parse_markings("TLP:AMBER") + parse_markings("SECRET//REL TO FVEY")
>>> decide(marks, Recipient("GBR", "S"), on=date(2025, 1, 1), originator="USA").allowed
True
>>> decide(marks, Recipient("POL", "S"), on=date(2025, 1, 1), originator="USA").allowed
False
"""

# The deprecated module ``allied.sharing.decide`` is loaded before the function
# ``decide`` takes its name here, so that importing it later leaves the name alone.
from allied.sharing import decide as _deprecated_decide  # noqa: F401
from allied.sharing.policy import (
    TLP_DEFINITIONS,
    ClassificationMarking,
    ClassificationScheme,
    Decision,
    Marking,
    MarkingError,
    MarkingScheme,
    Recipient,
    SharingPolicy,
    TlpLevel,
    TlpMarking,
    UnknownMarking,
    decide,
    default_policy,
    marking_from_definition,
    marking_schemes,
    object_markings,
    parse_markings,
    register_scheme,
    unregister_scheme,
)
from allied.sharing.stix import FilterResult, filter_bundle, filter_objects, validate_stix
from allied.sharing.store import AuditReport, Storage, open_storage, verify_audit

__all__ = [
    "TLP_DEFINITIONS",
    "AuditReport",
    "ClassificationMarking",
    "ClassificationScheme",
    "Decision",
    "FilterResult",
    "Marking",
    "MarkingError",
    "MarkingScheme",
    "Recipient",
    "SharingPolicy",
    "Storage",
    "TlpLevel",
    "TlpMarking",
    "UnknownMarking",
    "decide",
    "default_policy",
    "filter_bundle",
    "filter_objects",
    "marking_from_definition",
    "marking_schemes",
    "object_markings",
    "open_storage",
    "parse_markings",
    "register_scheme",
    "unregister_scheme",
    "validate_stix",
    "verify_audit",
]
