"""Data markings: TLP 1.0 and 2.0, OpenCTI's TLP forms, ISA ACS 3.0, NATO and national levels.

A :class:`Marking` is what releasability decisions (:func:`allied.sharing.decide.decide`)
read. Markings come from STIX 2.1 marking-definition objects
(:func:`marking_from_definition`, :func:`object_markings`, :func:`granular_markings`)
or from text on the command line (:func:`parse_markings`).

Traffic Light Protocol
    STIX 2.1 (section 7.2.1.4) fixes the ids of the four TLP 1.0 marking
    definitions; the OASIS CTI TC's TLP 2.0 extension
    (``extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d``) fixes the
    ids of the five TLP 2.0 ones. OpenCTI reuses the TLP 1.0 WHITE id for
    TLP:CLEAR and has its own fixed id for TLP:AMBER+STRICT. A definition that
    uses a known TLP id but declares another level (through ``definition_type``
    ``tlp``, the TLP 2.0 extension's ``tlp_2_0``, OpenCTI's ``name`` or
    ``x_opencti_definition``) is refused with :class:`MarkingError`; a TLP
    definition under any other id does not follow the specification and is an
    :class:`UnknownMarking`.
ISA ACS 3.0
    The STIX 2.1 ACS marking extension
    (``extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce``, schema
    ``isa-acs-3-0.json`` in oasis-open/cti-stix-common-objects). Read here:
    ``control_set.classification`` (U, C, S, TS), ``control_set.formal_determination``
    containing ``NF`` (NOFORN), the permitted nationalities of
    ``control_set.permitted_nationalities`` and of every ``access_privilege``
    that permits the ``DSPLY`` or ``ALL`` action (``ALL`` means no
    restriction; codes are GENC trigraphs, which equal ISO 3166 alpha-3 for the
    states in :mod:`allied.states`). An ``access_privilege`` that *denies* a
    display is not interpreted and makes the marking unknown (deny). Other
    fields (caveats, sensitivity, further sharing, entity and organisation
    scopes) govern handling inside a nation and are not used.
Classification
    National levels U, C, S, TS and NATO levels NU, NR, NC, NS, CTS, each with a
    rank inside its scheme; caveats NOFORN and REL TO (ISO3 codes and the
    groupings FVEY, NATO, EU and AUKUS).

References
----------
.. [1] OASIS, STIX Version 2.1, section 7.2.1.4 "TLP Marking Object" (2021).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
.. [2] OASIS CTI TC, cti-stix-common-objects, extension-definition-specifications/tlp-2.0
   (marking-definition.json) and acs-data-markings (isa-acs-3-0.json).
   https://github.com/oasis-open/cti-stix-common-objects
.. [3] FIRST, Traffic Light Protocol (TLP) version 2.0 (2022). https://www.first.org/tlp/
.. [4] OpenCTI, opencti-graphql/src/schema/identifier.js (static TLP marking ids) and
   stix-2-1-converter (marking export). https://github.com/OpenCTI-Platform/opencti
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from allied.errors import InputError

__all__ = [
    "ACS_EXTENSION",
    "GROUPING_ARRANGEMENTS",
    "GROUPING_TAGS",
    "LEVEL_NAMES",
    "LEVEL_RANKS",
    "TLP2_EXTENSION",
    "TLP_DEFINITIONS",
    "ClassificationMarking",
    "Marking",
    "MarkingError",
    "StatementMarking",
    "TlpLevel",
    "TlpMarking",
    "UnknownMarking",
    "granular_markings",
    "level_scheme",
    "marking_from_definition",
    "object_markings",
    "parse_markings",
    "sort_markings",
]

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
ACS_EXTENSION = "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce"

#: Rank of each level inside its scheme (national U < C < S < TS; NATO NU < NR < NC < NS < CTS).
LEVEL_RANKS: Mapping[str, int] = {
    "U": 0,
    "C": 1,
    "S": 2,
    "TS": 3,
    "NU": 0,
    "NR": 1,
    "NC": 2,
    "NS": 3,
    "CTS": 4,
}
#: Full names of the levels.
LEVEL_NAMES: Mapping[str, str] = {
    "U": "UNCLASSIFIED",
    "C": "CONFIDENTIAL",
    "S": "SECRET",
    "TS": "TOP SECRET",
    "NU": "NATO UNCLASSIFIED",
    "NR": "NATO RESTRICTED",
    "NC": "NATO CONFIDENTIAL",
    "NS": "NATO SECRET",
    "CTS": "COSMIC TOP SECRET",
}
_NATO = frozenset({"NU", "NR", "NC", "NS", "CTS"})
#: The groupings a REL TO list may name (tetragraphs, and AUKUS), each with the catalog
#: arrangement whose dated members it stands for (see :mod:`allied.sharing.agreements`).
GROUPING_ARRANGEMENTS: Mapping[str, str] = {
    "FVEY": "five_eyes",
    "NATO": "nato",
    "EU": "eu_csdp",
    "AUKUS": "aukus",
}
#: The groupings' names as a REL TO list writes them.
GROUPING_TAGS = frozenset(GROUPING_ARRANGEMENTS)


def level_scheme(level: str) -> str:
    """``"nato"`` or ``"national"`` for a level code such as ``"NS"`` or ``"S"``."""
    return "nato" if level in _NATO else "national"


class MarkingError(InputError):
    """A marking definition that contradicts itself (a TLP id that declares another level)."""


class TlpLevel(IntEnum):
    """TLP levels from least to most restrictive (TLP 1.0 WHITE is CLEAR)."""

    CLEAR = 0
    GREEN = 1
    AMBER = 2
    AMBER_STRICT = 3
    RED = 4

    @property
    def label(self) -> str:
        """``"TLP:AMBER+STRICT"`` and so on."""
        return "TLP:" + self.name.replace("_", "+")


@dataclass(frozen=True)
class Marking:
    """Base class of every marking."""

    def sort_key(self) -> tuple[str, ...]:
        """A key that orders markings the same way in every run."""
        return (type(self).__name__, repr(self))


@dataclass(frozen=True)
class TlpMarking(Marking):
    """A TLP marking; ``version`` is ``"1.0"`` or ``"2.0"``."""

    level: TlpLevel
    version: str

    def __str__(self) -> str:
        return self.level.label


@dataclass(frozen=True)
class ClassificationMarking(Marking):
    """A security classification with its caveats.

    ``scheme`` is ``"national"`` (U, C, S, TS) or ``"nato"`` (NU, NR, NC, NS, CTS);
    ``rel_to`` holds ISO3 codes and grouping names as written, or ``None``
    when the marking has no REL TO list.
    """

    level: str
    scheme: str
    noforn: bool = False
    rel_to: frozenset[str] | None = None

    @property
    def rank(self) -> int:
        """The level's rank inside its scheme."""
        return LEVEL_RANKS[self.level]

    @property
    def classified(self) -> bool:
        """Whether the level is above (NATO) UNCLASSIFIED."""
        return self.rank > 0

    def sort_key(self) -> tuple[str, ...]:
        rel = "" if self.rel_to is None else ",".join(sorted(self.rel_to))
        return ("ClassificationMarking", self.scheme, self.level, str(self.noforn), rel)

    def __str__(self) -> str:
        text = LEVEL_NAMES[self.level]
        if self.noforn:
            text += "//NOFORN"
        if self.rel_to is not None:
            text += "//REL TO " + ", ".join(sorted(self.rel_to))
        return text


@dataclass(frozen=True)
class StatementMarking(Marking):
    """A STIX statement marking (free text such as a copyright or terms of use)."""

    text: str

    def __str__(self) -> str:
        return f"statement {self.text!r}"


@dataclass(frozen=True)
class UnknownMarking(Marking):
    """A marking that could not be read; it always denies release."""

    ref: str
    reason: str

    def __str__(self) -> str:
        return f"unknown marking {self.ref}"


def _tlp(level: TlpLevel, version: str) -> TlpMarking:
    return TlpMarking(level, version)


#: The fixed STIX ids of the TLP marking definitions (TLP 1.0, TLP 2.0, OpenCTI's AMBER+STRICT).
TLP_DEFINITIONS: Mapping[str, TlpMarking] = {
    # STIX 2.1 section 7.2.1.4 (TLP 1.0)
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": _tlp(TlpLevel.CLEAR, "1.0"),
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": _tlp(TlpLevel.GREEN, "1.0"),
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": _tlp(TlpLevel.AMBER, "1.0"),
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": _tlp(TlpLevel.RED, "1.0"),
    # OASIS TLP 2.0 extension (cti-stix-common-objects, tlp-2.0/marking-definition.json)
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": _tlp(TlpLevel.CLEAR, "2.0"),
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": _tlp(TlpLevel.GREEN, "2.0"),
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": _tlp(TlpLevel.AMBER, "2.0"),
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": _tlp(TlpLevel.AMBER_STRICT, "2.0"),
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": _tlp(TlpLevel.RED, "2.0"),
    # OpenCTI's TLP:AMBER+STRICT (identifier.js MARKING_TLP_AMBER_STRICT)
    "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37": _tlp(TlpLevel.AMBER_STRICT, "2.0"),
}

#: TLP names, with TLP 1.0's WHITE and OpenCTI's spellings, to (level, version).
_TLP_NAMES: Mapping[str, tuple[TlpLevel, str]] = {
    "CLEAR": (TlpLevel.CLEAR, "2.0"),
    "WHITE": (TlpLevel.CLEAR, "1.0"),
    "GREEN": (TlpLevel.GREEN, "2.0"),
    "AMBER": (TlpLevel.AMBER, "2.0"),
    "AMBER+STRICT": (TlpLevel.AMBER_STRICT, "2.0"),
    "AMBER_STRICT": (TlpLevel.AMBER_STRICT, "2.0"),
    "RED": (TlpLevel.RED, "2.0"),
}


def _tlp_name(value: object) -> TlpLevel | None:
    if not isinstance(value, str):
        return None
    key = value.strip().upper().removeprefix("TLP:").strip()
    found = _TLP_NAMES.get(key)
    return None if found is None else found[0]


def _declared_tlp(definition: Mapping[str, Any]) -> list[tuple[str, object]]:
    """Every (field, value) in ``definition`` that declares a TLP level."""
    declared: list[tuple[str, object]] = []
    kind = definition.get("definition_type")
    if isinstance(kind, str) and kind.lower() == "tlp":
        body = definition.get("definition")
        if isinstance(body, Mapping):
            for key in ("tlp", "TLP"):
                if key in body:
                    declared.append((f"definition.{key}", body[key]))
        elif body is not None:
            declared.append(("definition", body))
        if "name" in definition:  # OpenCTI exports the level only as the name
            declared.append(("name", definition["name"]))
    extensions = definition.get("extensions")
    if isinstance(extensions, Mapping):
        tlp2 = extensions.get(TLP2_EXTENSION)
        if isinstance(tlp2, Mapping) and "tlp_2_0" in tlp2:
            declared.append(("tlp_2_0", tlp2["tlp_2_0"]))
            if "name" in definition:
                declared.append(("name", definition["name"]))
    x_kind = definition.get("x_opencti_definition_type")
    if isinstance(x_kind, str) and x_kind.upper() == "TLP":
        declared.append(("x_opencti_definition", definition.get("x_opencti_definition")))
    return declared


def marking_from_definition(definition: Mapping[str, Any]) -> Marking:
    """The :class:`Marking` a STIX 2.1 marking-definition object stands for.

    TLP definitions (STIX 2.1 ``definition_type: tlp``, the TLP 2.0 extension,
    OpenCTI's forms), ISA ACS 3.0 extension definitions and statement markings
    are understood; anything else is an :class:`UnknownMarking`.

    Raises
    ------
    MarkingError
        The id is one of :data:`TLP_DEFINITIONS` but a field declares another
        TLP level (stix2 accepts a TLP:RED id that declares itself CLEAR; this
        does not) or carries an ISA ACS 3.0 extension, or the definition
        declares two different TLP levels.
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
    declared = _declared_tlp(definition)
    levels = {field: _tlp_name(value) for field, value in declared}
    known = TLP_DEFINITIONS.get(ref)
    extensions = definition.get("extensions")
    if known is not None:
        if isinstance(extensions, Mapping) and ACS_EXTENSION in extensions:
            raise MarkingError(
                f"marking definition {ref} is {known.level.label} but also carries an "
                "ISA ACS 3.0 marking",
                where=f"marking-definition {ref}, field extensions",
                fix="Give the ACS marking its own marking-definition id.",
            )
        for field, value in declared:
            if levels[field] != known.level:
                raise MarkingError(
                    f"marking definition {ref} is {known.level.label} but its {field} "
                    f"declares {value!r}",
                    where=f"marking-definition {ref}, field {field}",
                    fix=f"Use the id of the declared level, or declare {known.level.label}.",
                )
        return known
    if declared:
        distinct = {level for level in levels.values()}
        if len(distinct) > 1:
            raise MarkingError(
                f"marking definition {ref} declares different TLP levels "
                f"({', '.join(f'{f}={v!r}' for f, v in declared)})",
                where=f"marking-definition {ref}",
                fix="Declare one TLP level.",
            )
        return UnknownMarking(
            ref,
            "a TLP marking definition under a non-standard id (STIX 2.1 and the TLP 2.0 "
            "extension fix the ids of TLP definitions)",
        )
    if isinstance(extensions, Mapping) and isinstance(extensions.get(ACS_EXTENSION), Mapping):
        return _acs_marking(ref, extensions[ACS_EXTENSION])
    kind = definition.get("definition_type")
    body = definition.get("definition")
    if kind == "statement" and isinstance(body, Mapping) and isinstance(body.get("statement"), str):
        return _statement(body["statement"])
    return UnknownMarking(ref, "not a TLP, ISA ACS 3.0 or statement marking definition")


def _statement(text: str) -> Marking:
    """A statement that reads as one classification banner is that classification."""
    try:
        parsed = parse_markings(text)
    except InputError:
        return StatementMarking(text)
    if len(parsed) == 1 and isinstance(parsed[0], ClassificationMarking):
        return parsed[0]
    return StatementMarking(text)


def _nationalities(codes: object) -> frozenset[str] | bool | None:
    """Permitted nationalities: ``None`` when absent or ``ALL``, ``False`` when malformed."""
    if codes is None:
        return None
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        return False  # not a non-empty list of codes: not interpreted (deny)
    upper = frozenset(code.strip().upper() for code in codes)
    return None if "ALL" in upper else upper


def _acs_marking(ref: str, acs: Mapping[str, Any]) -> Marking:
    control = acs.get("control_set")
    if not isinstance(control, Mapping):
        return UnknownMarking(ref, "ISA ACS 3.0 marking without a control_set")
    level = control.get("classification")
    if level not in ("U", "C", "S", "TS"):
        return UnknownMarking(ref, f"ISA ACS 3.0 classification {level!r} is not U, C, S or TS")
    determinations = control.get("formal_determination") or []
    if not isinstance(determinations, list) or not all(isinstance(d, str) for d in determinations):
        return UnknownMarking(ref, "ISA ACS 3.0 formal_determination is not a list of codes")
    noforn = "NF" in {d.strip().upper() for d in determinations}
    permitted: list[frozenset[str]] = []
    nationalities = _nationalities(control.get("permitted_nationalities"))
    if nationalities is False:
        return UnknownMarking(ref, "ISA ACS 3.0 permitted_nationalities is not a list of codes")
    if isinstance(nationalities, frozenset):
        permitted.append(nationalities)
    privileges = acs.get("access_privilege") or []
    if not isinstance(privileges, list):
        return UnknownMarking(ref, "ISA ACS 3.0 access_privilege is not a list")
    for privilege in privileges:
        if not isinstance(privilege, Mapping):
            return UnknownMarking(ref, "ISA ACS 3.0 access_privilege is not an object")
        if privilege.get("privilege_action") not in ("DSPLY", "ALL"):
            continue
        if privilege.get("rule_effect") != "permit":
            return UnknownMarking(ref, "ISA ACS 3.0 rules that deny display are not interpreted")
        scope = privilege.get("privilege_scope") or {}
        if not isinstance(scope, Mapping):
            return UnknownMarking(ref, "ISA ACS 3.0 privilege_scope is not an object")
        codes = _nationalities(scope.get("permitted_nationalities"))
        if codes is False:
            return UnknownMarking(ref, "ISA ACS 3.0 permitted_nationalities is not a list of codes")
        if isinstance(codes, frozenset):
            permitted.append(codes)
    rel_to = frozenset.intersection(*permitted) if permitted else None
    return ClassificationMarking(level, "national", noforn, rel_to)


def object_markings(obj: Mapping[str, Any], definitions: Mapping[str, Marking]) -> list[Marking]:
    """The markings of ``obj``'s ``object_marking_refs``.

    The TLP ids of :data:`TLP_DEFINITIONS` are always known; other refs are
    looked up in ``definitions`` (marking-definition id to :class:`Marking`)
    and are an :class:`UnknownMarking` when absent.
    """
    refs = obj.get("object_marking_refs") or []
    if not isinstance(refs, list):
        return [UnknownMarking(str(refs), "object_marking_refs is not a list")]
    return [_resolve(ref, definitions) for ref in refs]


def _resolve(ref: object, definitions: Mapping[str, Marking]) -> Marking:
    if not isinstance(ref, str):
        return UnknownMarking(repr(ref), "a marking reference is not a string")
    found = TLP_DEFINITIONS.get(ref) or definitions.get(ref)
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


# ------------------------------------------------------------------ text syntax

_LEVEL_WORDS: Mapping[str, str] = {
    "U": "U",
    "UNCLASSIFIED": "U",
    "C": "C",
    "CONFIDENTIAL": "C",
    "S": "S",
    "SECRET": "S",
    "TS": "TS",
    "TOP SECRET": "TS",
    "NU": "NU",
    "NATO UNCLASSIFIED": "NU",
    "NR": "NR",
    "NATO RESTRICTED": "NR",
    "NC": "NC",
    "NATO CONFIDENTIAL": "NC",
    "NS": "NS",
    "NATO SECRET": "NS",
    "CTS": "CTS",
    "COSMIC TOP SECRET": "CTS",
}
_FIX = (
    'Write a TLP name ("TLP:AMBER", "TLP:AMBER+STRICT", "TLP:WHITE") or a banner such as '
    '"SECRET//REL TO USA, GBR", "S//NOFORN" or "NATO SECRET"; separate markings with ";".'
)


def parse_markings(text: str) -> list[Marking]:
    """Markings written as text: TLP names and classification banners.

    Several markings are separated by ``;`` or new lines. A TLP marking is
    ``TLP:`` and a name of TLP 2.0 (CLEAR, GREEN, AMBER, AMBER+STRICT, RED) or
    TLP 1.0 (WHITE) in any case. A banner is a level (``U``, ``C``, ``S``, ``TS``
    or their names; ``NATO UNCLASSIFIED`` .. ``COSMIC TOP SECRET`` or ``NU``
    .. ``CTS``) followed by ``//``-separated caveats: ``NOFORN`` (or ``NF``)
    and ``REL TO`` a comma-separated list of ISO3 codes and the groupings
    FVEY, NATO, EU and AUKUS.

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
        raise InputError("no marking given", where="markings", fix=_FIX)
    return [_parse_one(part) for part in parts if part]


def _parse_one(text: str) -> Marking:
    words = " ".join(text.upper().split())
    if words.startswith("TLP"):
        name = words.removeprefix("TLP").lstrip(":").strip()
        found = _TLP_NAMES.get(name.replace(" ", ""))
        if found is None:
            raise InputError(f"unknown TLP level {name!r} in {text!r}", where="markings", fix=_FIX)
        return TlpMarking(*found)
    segments = [segment.strip() for segment in words.split("//")]
    level = _LEVEL_WORDS.get(segments[0])
    if level is None:
        raise InputError(
            f"unknown classification {segments[0]!r} in {text!r}", where="markings", fix=_FIX
        )
    noforn = False
    rel_to: frozenset[str] | None = None
    for segment in segments[1:]:
        if segment in ("NOFORN", "NF"):
            noforn = True
        elif segment.startswith("REL TO") or segment.startswith("REL "):
            codes = segment.removeprefix("REL").strip().removeprefix("TO").strip()
            listed = frozenset(_rel_token(token, text) for token in codes.split(","))
            rel_to = listed if rel_to is None else rel_to & listed
        else:
            raise InputError(
                f"unknown caveat {segment!r} in {text!r}",
                where="markings",
                fix="Caveats understood: NOFORN (NF) and REL TO <codes>. " + _FIX,
            )
    if noforn and rel_to is not None:
        raise InputError(
            f"{text!r} is both NOFORN and REL TO", where="markings", fix="Give one of the two."
        )
    return ClassificationMarking(level, level_scheme(level), noforn, rel_to)


def _rel_token(token: str, text: str) -> str:
    code = token.strip()
    if code in GROUPING_TAGS:
        return code
    if re.fullmatch(r"[A-Z]{3}", code):
        from allied.states import lookup

        try:
            if lookup(code, source="iso3").iso3 == code:
                return code
        except InputError:
            pass
    raise InputError(
        f"unknown country or grouping {code!r} in REL TO of {text!r}",
        where="markings",
        fix="Use ISO 3166 alpha-3 codes such as USA or GBR, or one of "
        + ", ".join(sorted(GROUPING_TAGS))
        + ".",
    )


def sort_markings(markings: Iterable[Marking]) -> list[Marking]:
    """Distinct markings in a fixed order (for order-independent decisions)."""
    return sorted(set(markings), key=lambda m: m.sort_key())
