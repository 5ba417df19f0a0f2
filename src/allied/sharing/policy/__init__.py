"""Release policy: marking schemes, partners and agreements, and ``decide``.

This room depends on nothing else in :mod:`allied.sharing`.

- **Markings** (:class:`Marking` and its kinds) are read from STIX 2.1 marking
  definitions (:func:`marking_from_definition`, :func:`object_markings`,
  :func:`granular_markings`) and from text (:func:`parse_markings`).
- **Marking schemes**: each way of marking information is one
  :class:`MarkingScheme` object in a registry (:func:`marking_schemes`): TLP
  1.0 and 2.0 (:data:`TLP`), ISA ACS 3.0 (:data:`ISA_ACS`), national levels
  (:data:`NATIONAL`) and NATO levels (:data:`NATO`). Reading, clearances
  (:func:`check_clearance`) and decisions go through it; a new scheme is one
  object, registered in ``_schemes.py`` (or with :func:`register_scheme`).
- **Partners and agreements**: :class:`Recipient`, groupings with dated
  membership and information-sharing agreements read from the catalog
  (:class:`SharingPolicy`, :func:`default_policy`).
- **Decisions**: :func:`decide`, pure and deny by default, returns a
  :class:`Decision` (a :class:`~allied._results.Result`).

Examples
--------
>>> from datetime import date
>>> marks = parse_markings("TLP:AMBER") + parse_markings("SECRET//REL TO FVEY")
>>> decide(marks, Recipient("GBR", "S"), on=date(2025, 1, 1), originator="USA").allowed
True
>>> [scheme.name for scheme in marking_schemes()]
['tlp', 'isa-acs', 'national', 'nato']
"""

from allied.sharing.policy._acs import ACS_EXTENSION, ISA_ACS, AcsScheme
from allied.sharing.policy._agreements import (
    GROUPING_ARRANGEMENTS,
    GROUPING_TAGS,
    Agreement,
    Grouping,
    SharingPolicy,
    Side,
    default_policy,
)
from allied.sharing.policy._classification import (
    NATIONAL,
    NATO,
    ClassificationMarking,
    ClassificationScheme,
)
from allied.sharing.policy._decide import Decision, Recipient, decide
from allied.sharing.policy._markings import (
    granular_markings,
    marking_from_definition,
    object_markings,
    parse_markings,
)
from allied.sharing.policy._scheme import (
    Judgement,
    Level,
    Marking,
    MarkingError,
    MarkingScheme,
    Release,
    StatementMarking,
    UnknownMarking,
    check_clearance,
    clearances,
    convert_level,
    find_level,
    get_scheme,
    marking_schemes,
    register_scheme,
    sort_markings,
    unregister_scheme,
)
from allied.sharing.policy._schemes import BUILTIN_SCHEMES
from allied.sharing.policy._tlp import (
    TLP,
    TLP2_EXTENSION,
    TLP_DEFINITIONS,
    TlpLevel,
    TlpMarking,
    TlpScheme,
)

__all__ = [
    "ACS_EXTENSION",
    "BUILTIN_SCHEMES",
    "GROUPING_ARRANGEMENTS",
    "GROUPING_TAGS",
    "ISA_ACS",
    "NATIONAL",
    "NATO",
    "TLP",
    "TLP2_EXTENSION",
    "TLP_DEFINITIONS",
    "AcsScheme",
    "Agreement",
    "ClassificationMarking",
    "ClassificationScheme",
    "Decision",
    "Grouping",
    "Judgement",
    "Level",
    "Marking",
    "MarkingError",
    "MarkingScheme",
    "Recipient",
    "Release",
    "SharingPolicy",
    "Side",
    "StatementMarking",
    "TlpLevel",
    "TlpMarking",
    "TlpScheme",
    "UnknownMarking",
    "check_clearance",
    "clearances",
    "convert_level",
    "decide",
    "default_policy",
    "find_level",
    "get_scheme",
    "granular_markings",
    "marking_from_definition",
    "marking_schemes",
    "object_markings",
    "parse_markings",
    "register_scheme",
    "sort_markings",
    "unregister_scheme",
]
