"""STIX 2.1 content for one recipient: bundle filtering, selectors, what the spec requires.

This room depends on :mod:`allied.sharing.policy` only.

- :func:`filter_objects` and :func:`filter_bundle`: what one recipient may see
  of a set of STIX objects (withheld, redacted, references closed), as a
  :class:`FilterResult` (a :class:`~allied._results.Result`);
- :class:`PreparedObjects`: objects checked and indexed once, for filtering
  them for many recipients (the TAXII service keeps one per collection, and
  reads the :class:`Outcome` of :func:`filter_prepared` by key);
- :func:`validate_stix`: the OASIS validator's errors;
- granular-marking selectors (:func:`parse_selector`, :func:`format_selector`,
  :func:`remove_paths`, :func:`remapper`, :func:`references`) and what STIX
  2.1 requires of each type (:func:`missing_required`, :func:`version_of`).

Examples
--------
>>> from datetime import date
>>> from allied.sharing.policy import Recipient
>>> red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
>>> bundle = {"type": "bundle", "id": "bundle--1", "objects": [
...     {"type": "malware", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
...      "spec_version": "2.1", "created": "2024-01-01T00:00:00.000Z",
...      "modified": "2024-01-01T00:00:00.000Z", "name": "Bad", "is_family": True,
...      "object_marking_refs": [red]}]}
>>> filter_bundle(bundle, Recipient("GBR"), on=date(2024, 6, 1), originator="USA").summary()
'released 0, withheld 1, redacted 0'
"""

from allied.sharing.stix._filter import (
    DROP_WHEN_WITHHELD,
    FilterResult,
    Outcome,
    filter_bundle,
    filter_objects,
    filter_prepared,
)
from allied.sharing.stix._prepared import Key, PreparedObjects
from allied.sharing.stix._remarking import SUPERSEDED, timestamp_key
from allied.sharing.stix._select import (
    Path,
    format_selector,
    parse_selector,
    references,
    remapper,
    remove_paths,
    selects,
)
from allied.sharing.stix._spec import (
    ANY_OF,
    REQUIRED,
    SCO_TYPES,
    item_complete,
    missing_required,
    version_of,
)
from allied.sharing.stix._validate import validate_stix

__all__ = [
    "ANY_OF",
    "DROP_WHEN_WITHHELD",
    "REQUIRED",
    "SCO_TYPES",
    "SUPERSEDED",
    "FilterResult",
    "Key",
    "Outcome",
    "Path",
    "PreparedObjects",
    "filter_bundle",
    "filter_objects",
    "filter_prepared",
    "format_selector",
    "item_complete",
    "missing_required",
    "parse_selector",
    "references",
    "remapper",
    "remove_paths",
    "selects",
    "timestamp_key",
    "validate_stix",
    "version_of",
]
