"""The Traffic Light Protocol as a marking scheme: TLP 1.0 and 2.0, and OpenCTI's forms.

STIX 2.1 (section 7.2.1.4) fixes the ids of the four TLP 1.0 marking
definitions; the OASIS CTI TC's TLP 2.0 extension
(``extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d``) fixes the ids
of the five TLP 2.0 ones. OpenCTI reuses the TLP 1.0 WHITE id for TLP:CLEAR and
has its own fixed id for TLP:AMBER+STRICT. A definition that uses a known TLP
id but declares another level (through ``definition_type`` ``tlp``, the TLP 2.0
extension's ``tlp_2_0``, OpenCTI's ``name`` or ``x_opencti_definition``) is
refused with :class:`~allied.sharing.policy.MarkingError`; a TLP definition
under any other id does not follow the specification and is an
:class:`~allied.sharing.policy.UnknownMarking`.

Release, after FIRST's TLP 2.0 definitions [3]_ with a nation as the
"organization": the strictest level wins; TLP:CLEAR, GREEN and AMBER go to the
exchange's participants, TLP:AMBER+STRICT and RED stay in the originator's nation.

References
----------
.. [1] OASIS, STIX Version 2.1, section 7.2.1.4 "TLP Marking Object" (2021).
   https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html
.. [2] OASIS CTI TC, cti-stix-common-objects, extension-definition-specifications/tlp-2.0
   (marking-definition.json). https://github.com/oasis-open/cti-stix-common-objects
.. [3] FIRST, Traffic Light Protocol (TLP) version 2.0 (2022). https://www.first.org/tlp/
.. [4] OpenCTI, opencti-graphql/src/schema/identifier.js (static TLP marking ids) and
   stix-2-1-converter (marking export). https://github.com/OpenCTI-Platform/opencti
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from allied.errors import InputError
from allied.sharing.policy._acs import ACS_EXTENSION
from allied.sharing.policy._scheme import (
    Judgement,
    Marking,
    MarkingError,
    MarkingScheme,
    Release,
    UnknownMarking,
    syntax_fix,
)

__all__ = ["TLP", "TLP2_EXTENSION", "TLP_DEFINITIONS", "TlpLevel", "TlpMarking", "TlpScheme"]

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"


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
class TlpMarking(Marking):
    """A TLP marking; ``version`` is ``"1.0"`` or ``"2.0"``."""

    level: TlpLevel
    version: str

    def __str__(self) -> str:
        return self.level.label


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


def _fixed(ref: str, known: TlpMarking, definition: Mapping[str, Any]) -> TlpMarking:
    """``known``, the level of a fixed TLP id, unless the definition says otherwise."""
    extensions = definition.get("extensions")
    if isinstance(extensions, Mapping) and ACS_EXTENSION in extensions:
        raise MarkingError(
            f"marking definition {ref} is {known.level.label} but also carries an "
            "ISA ACS 3.0 marking",
            where=f"marking-definition {ref}, field extensions",
            fix="Give the ACS marking its own marking-definition id.",
        )
    for field, value in _declared_tlp(definition):
        if _tlp_name(value) != known.level:
            raise MarkingError(
                f"marking definition {ref} is {known.level.label} but its {field} "
                f"declares {value!r}",
                where=f"marking-definition {ref}, field {field}",
                fix=f"Use the id of the declared level, or declare {known.level.label}.",
            )
    return known


class TlpScheme(MarkingScheme):
    """TLP 1.0 and 2.0: the fixed definitions, ``TLP:NAME`` text, and the strictest level wins."""

    name = "tlp"
    label = "TLP"
    syntax = 'a TLP name ("TLP:AMBER", "TLP:AMBER+STRICT", "TLP:WHITE")'
    definition_label = "TLP"
    extension_ids = frozenset({TLP2_EXTENSION})

    @property
    def definitions(self) -> Mapping[str, Marking]:
        """:data:`TLP_DEFINITIONS`."""
        return TLP_DEFINITIONS

    def owns(self, marking: Marking) -> bool:
        """TLP markings."""
        return isinstance(marking, TlpMarking)

    def parse(self, text: str) -> Marking | None:
        """``TLP:`` and a TLP 2.0 or 1.0 name, in any case."""
        words = " ".join(text.upper().split())
        if not words.startswith("TLP"):
            return None
        name = words.removeprefix("TLP").lstrip(":").strip()
        found = _TLP_NAMES.get(name.replace(" ", ""))
        if found is None:
            raise InputError(
                f"unknown TLP level {name!r} in {text!r}", where="markings", fix=syntax_fix()
            )
        return TlpMarking(*found)

    def read_definition(self, definition: Mapping[str, Any]) -> Marking | None:
        """A fixed TLP id (checked against what the definition declares), or a TLP
        definition under another id (unknown: it does not follow the specification)."""
        ref: str = definition["id"]
        known = TLP_DEFINITIONS.get(ref)
        if known is not None:
            return _fixed(ref, known, definition)
        declared = _declared_tlp(definition)
        if not declared:
            return None
        if len({_tlp_name(value) for _, value in declared}) > 1:
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

    def judge(self, markings: Sequence[Marking], release: Release) -> Iterable[Judgement]:
        """The strictest level: up to AMBER to the participants, else the originator's nation."""
        level = max(m.level for m in markings if isinstance(m, TlpMarking))
        if level <= TlpLevel.AMBER:
            return [(True, f"{level.label}: releasable to the exchange's participants")]
        return [release.within_originator(level.label)]


#: The TLP scheme.
TLP = TlpScheme()
