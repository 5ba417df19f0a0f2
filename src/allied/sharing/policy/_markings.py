"""Reading markings: from STIX 2.1 marking definitions, objects and text, through the registry.

A :class:`~allied.sharing.policy.Marking` is what releasability decisions
(:func:`~allied.sharing.policy.decide`) read. Markings come from STIX 2.1
marking-definition objects (:func:`marking_from_definition`,
:func:`object_markings`, :func:`granular_markings`) or from text on the
command line (:func:`parse_markings`). Each is read by the first registered
marking scheme that recognises it (TLP, ISA ACS 3.0, national and NATO
levels; see :mod:`allied.sharing.policy._schemes`); a STIX statement that no
scheme reads is a :class:`~allied.sharing.policy.StatementMarking`, and
anything else an :class:`~allied.sharing.policy.UnknownMarking`, which denies.

References
----------
.. [1] OASIS, STIX Version 2.1, section 7.2 "Data Markings" (2021).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from allied.errors import InputError
from allied.sharing.policy._scheme import (
    Marking,
    StatementMarking,
    UnknownMarking,
    definition_kinds,
    fixed_definition,
    marking_schemes,
    read_extensions,
    syntax_fix,
)

__all__ = ["granular_markings", "marking_from_definition", "object_markings", "parse_markings"]


def marking_from_definition(definition: Mapping[str, Any]) -> Marking:
    """The :class:`~allied.sharing.policy.Marking` a STIX 2.1 marking-definition object stands for.

    TLP definitions (STIX 2.1 ``definition_type: tlp``, the TLP 2.0 extension,
    OpenCTI's forms), ISA ACS 3.0 extension definitions and statement markings
    (a statement that reads as one classification banner is that
    classification) are understood, and so is whatever another registered
    scheme reads; anything else, and a definition carrying a marking extension no
    registered scheme reads (it may restrict release in ways not modelled), is an
    :class:`~allied.sharing.policy.UnknownMarking`.

    Raises
    ------
    MarkingError
        The id is one of :data:`~allied.sharing.policy.TLP_DEFINITIONS` but a
        field declares another TLP level (stix2 accepts a TLP:RED id that
        declares itself CLEAR; this does not) or carries an ISA ACS 3.0
        extension, or the definition declares two different TLP levels.
    InputError
        ``definition`` is not a mapping with a string ``id``.

    Examples
    --------
    >>> marking_from_definition({"type": "marking-definition",
    ...     "id": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    ...     "definition_type": "tlp", "definition": {"tlp": "green"}})
    TlpMarking(level=<TlpLevel.GREEN: 1>, version='1.0')
    """
    if not isinstance(definition, Mapping) or not isinstance(definition.get("id"), str):
        raise InputError(
            "a marking definition must be a JSON object with a string 'id'",
            where="marking-definition",
            fix="Give a STIX 2.1 marking-definition object.",
        )
    ref: str = definition["id"]
    unread = _unread_extensions(definition.get("extensions"))
    if unread is not None:
        return UnknownMarking(ref, unread)
    for scheme in marking_schemes():
        found = scheme.read_definition(definition)
        if found is not None:
            return found
    body = definition.get("definition")
    if (
        definition.get("definition_type") == "statement"
        and isinstance(body, Mapping)
        and isinstance(body.get("statement"), str)
    ):
        return StatementMarking(body["statement"])
    return UnknownMarking(ref, f"not a {definition_kinds()} marking definition")


def _unread_extensions(extensions: object) -> str | None:
    """Why a definition's ``extensions`` make it unknown: an extension no registered
    scheme reads may restrict release in a way the policy does not model."""
    if extensions is None:
        return None
    if not isinstance(extensions, Mapping):
        return "its extensions are not a JSON object"
    unread = sorted(str(key) for key in extensions if key not in read_extensions())
    if unread:
        return f"marking extension(s) {', '.join(unread)} are not modelled by any marking scheme"
    return None


def object_markings(obj: Mapping[str, Any], definitions: Mapping[str, Marking]) -> list[Marking]:
    """The markings of ``obj``'s ``object_marking_refs``.

    The ids a registered scheme fixes (the TLP ids) are always known; other
    refs are looked up in ``definitions`` (marking-definition id to
    :class:`~allied.sharing.policy.Marking`) and are an unknown marking when absent.
    """
    refs = obj.get("object_marking_refs") or []
    if not isinstance(refs, list):
        return [UnknownMarking(str(refs), "object_marking_refs is not a list")]
    return [_resolve(ref, definitions) for ref in refs]


def _resolve(ref: object, definitions: Mapping[str, Marking]) -> Marking:
    if not isinstance(ref, str):
        return UnknownMarking(repr(ref), "a marking reference is not a string")
    found = fixed_definition(ref) or definitions.get(ref)
    return found if found is not None else UnknownMarking(ref, "no marking definition with this id")


def granular_markings(
    obj: Mapping[str, Any], definitions: Mapping[str, Marking]
) -> list[tuple[tuple[str, ...], Marking]]:
    """``(selectors, marking)`` for each entry of ``obj``'s ``granular_markings``.

    Entries that carry a ``lang`` instead of a ``marking_ref`` are language
    tags, not markings, and are skipped; malformed entries are unknown markings.
    """
    entries = obj.get("granular_markings") or []
    if not isinstance(entries, list):
        return [((), UnknownMarking("granular_markings", "granular_markings is not a list"))]
    out: list[tuple[tuple[str, ...], Marking]] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            out.append(((), UnknownMarking("granular_markings", "an entry is not an object")))
            continue
        raw = entry.get("selectors")
        selectors = tuple(s for s in raw if isinstance(s, str)) if isinstance(raw, list) else ()
        if "marking_ref" in entry:
            out.append((selectors, _resolve(entry["marking_ref"], definitions)))
        elif "lang" not in entry:
            out.append((selectors, UnknownMarking("granular_markings", "no marking_ref")))
    return out


def parse_markings(text: str) -> list[Marking]:
    """Markings written as text: TLP names and classification banners.

    Several markings are separated by ``;`` or new lines. A TLP marking is
    ``TLP:`` and a name of TLP 2.0 (CLEAR, GREEN, AMBER, AMBER+STRICT, RED) or
    TLP 1.0 (WHITE) in any case. A banner is a level (``U``, ``C``, ``S``, ``TS``
    or their names; ``NATO UNCLASSIFIED`` .. ``COSMIC TOP SECRET`` or ``NU``
    .. ``CTS``) followed by ``//``-separated caveats: ``NOFORN`` (or ``NF``)
    and ``REL TO`` a comma-separated list of ISO3 codes and the groupings
    FVEY, NATO, EU and AUKUS. Each marking is read by the first registered
    scheme whose syntax it follows.

    Raises
    ------
    InputError
        Naming the token that cannot be read.

    Examples
    --------
    >>> parse_markings("TLP:AMBER+STRICT; SECRET//REL TO USA, GBR")  # doctest: +ELLIPSIS
    [TlpMarking(level=<TlpLevel.AMBER_STRICT: 3>, ...), ClassificationMarking(level='S', ...)]
    >>> str(parse_markings("S//NOFORN")[0])
    'SECRET//NOFORN'
    """
    parts = [part.strip() for part in re.split(r"[;\n]", text)]
    if not any(parts):
        raise InputError("no marking given", where="markings", fix=syntax_fix())
    return [_parse_one(part) for part in parts if part]


def _parse_one(text: str) -> Marking:
    for scheme in marking_schemes():
        found = scheme.parse(text)
        if found is not None:
            return found
    first = " ".join(text.upper().split()).split("//")[0].strip()
    raise InputError(
        f"unknown classification {first!r} in {text!r}", where="markings", fix=syntax_fix()
    )
