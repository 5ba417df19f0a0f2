"""Coalition threat-intelligence sharing: releasability, STIX 2.1 filtering, TAXII 2.1.

- :mod:`~allied.sharing.markings`: TLP 1.0 and 2.0 marking definitions with their
  fixed STIX ids (a definition whose id and level disagree is refused), OpenCTI's
  names, the ISA ACS 3.0 marking extension, national and NATO classification
  levels, and banner text such as ``SECRET//REL TO USA, GBR``.
- :mod:`~allied.sharing.agreements`: recipients, groupings with dated
  membership (FVEY, NATO, EU, AUKUS) and information-sharing agreements, read from
  the catalog.
- :mod:`~allied.sharing.decide`: ``decide(markings, recipient, on=...)``, pure
  and deny by default.
- :mod:`~allied.sharing.bundles`: one recipient's view of a STIX 2.1 bundle.
- :mod:`~allied.sharing.storage`, :mod:`~allied.sharing.audit`: SQLite or
  PostgreSQL storage behind one protocol, users with hashed keys, and a
  hash-chained, append-only audit log.
- :mod:`~allied.sharing.server`: the TAXII 2.1 server (FastAPI), which filters
  every read for the user's nation and clearance.

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

from allied.sharing.agreements import Recipient, SharingPolicy, default_policy
from allied.sharing.audit import AuditReport, verify_audit
from allied.sharing.bundles import FilterResult, filter_bundle, filter_objects, validate_stix
from allied.sharing.decide import Decision, decide
from allied.sharing.markings import (
    TLP_DEFINITIONS,
    ClassificationMarking,
    Marking,
    MarkingError,
    TlpLevel,
    TlpMarking,
    UnknownMarking,
    marking_from_definition,
    object_markings,
    parse_markings,
)
from allied.sharing.storage import Storage, open_storage

__all__ = [
    "TLP_DEFINITIONS",
    "AuditReport",
    "ClassificationMarking",
    "Decision",
    "FilterResult",
    "Marking",
    "MarkingError",
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
    "object_markings",
    "open_storage",
    "parse_markings",
    "validate_stix",
    "verify_audit",
]
