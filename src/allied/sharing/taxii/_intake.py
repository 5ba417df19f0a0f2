"""What the write path refuses before storage sees it: bad JSON, hostile objects, redefinitions.

An envelope must be a JSON object with an ``objects`` list of JSON objects
(RFC 8259 JSON: no NaN or Infinity, numbers within the range of a double).
Objects that would hurt the read path (JSON nested deeper than
:data:`MAX_OBJECT_DEPTH`, marking properties of the wrong shape, patterns
refused by :func:`pattern_problem`) and marking definitions that contradict
themselves are failures in the status; the storage checks the rest (identity,
timestamps, spec_version, ownership and redefinitions, inside its write
transaction).

References
----------
.. [1] Bray, T. (ed.) (2017). "The JavaScript Object Notation (JSON) Data
   Interchange Format." RFC 8259. https://doi.org/10.17487/RFC8259
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from allied.sharing.policy import MarkingError, marking_from_definition
from allied.sharing.stix import version_of
from allied.sharing.taxii._http import bad_request

__all__ = [
    "DEFAULT_MAX_CONTENT_LENGTH",
    "MAX_OBJECT_DEPTH",
    "MAX_PATTERN_DEPTH",
    "MAX_PATTERN_LENGTH",
    "definition_problem",
    "object_problem",
    "parse_envelope",
    "pattern_problem",
    "without_contradictions",
]

#: The default largest request body, in bytes (10 MiB).
DEFAULT_MAX_CONTENT_LENGTH = 10 * 2**20
#: A STIX pattern longer than this (characters) is refused.
MAX_PATTERN_LENGTH = 10_000
#: A STIX pattern nesting brackets and parentheses deeper than this is refused.
MAX_PATTERN_DEPTH = 32
#: An object nesting JSON objects and arrays deeper than this is refused.
MAX_OBJECT_DEPTH = 64


def _refuse_constant(name: str) -> float:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON (RFC 8259); Python accepts them."""
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    """A JSON number as a float, refused when it overflows to infinity (``1e400``)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of the range of a double")
    return value


def _failure(obj: Mapping[str, Any], index: int, problem: str) -> dict[str, Any]:
    """A status failure entry for ``obj`` (the ``index``-th object of the envelope)."""
    ident = obj.get("id")
    return {
        "id": ident[:200] if isinstance(ident, str) else f"objects[{index}]",
        "version": version_of(obj)[:64],
        "message": problem,
    }


def _is_definition(obj: Mapping[str, Any]) -> bool:
    """Whether ``obj`` is a marking definition with an id (storage refuses one without)."""
    return obj.get("type") == "marking-definition" and isinstance(obj.get("id"), str)


def definition_problem(definition: Mapping[str, Any]) -> str | None:
    """Why a posted marking definition is refused on its own content, or ``None``.

    Whether it changes a definition already held is decided by the storage,
    inside the write transaction (:mod:`allied.sharing.store._ownership`).
    """
    try:
        marking_from_definition(definition)
    except MarkingError as exc:
        return f"refused marking definition: {exc.message}"
    return None


def pattern_problem(pattern: object) -> str | None:
    """Why a STIX pattern is refused before any parser sees it, or ``None``.

    A pattern longer than :data:`MAX_PATTERN_LENGTH` characters, or nesting
    brackets and parentheses (outside quoted strings) deeper than
    :data:`MAX_PATTERN_DEPTH`, is refused: such patterns make recursive
    pattern parsers exhaust the stack or the CPU.

    Examples
    --------
    >>> pattern_problem("[ipv4-addr:value = '198.51.100.1']") is None
    True
    >>> pattern_problem("(" * 40 + "[x:y = 1]" + ")" * 40)
    'pattern nests brackets and parentheses 41 deep, more than 32'
    """
    if not isinstance(pattern, str):
        return "pattern is not a string"
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"pattern is {len(pattern)} characters long, more than {MAX_PATTERN_LENGTH}"
    depth = deepest = 0
    quoted = escaped = False
    for char in pattern:
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "'":
                quoted = False
        elif char == "'":
            quoted = True
        elif char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]":
            depth -= 1
    if deepest > MAX_PATTERN_DEPTH:
        return (
            f"pattern nests brackets and parentheses {deepest} deep, more than {MAX_PATTERN_DEPTH}"
        )
    return None


def _json_depth(value: object) -> int:
    """The nesting depth of a parsed JSON value, without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def object_problem(obj: Mapping[str, Any]) -> str | None:
    """Why the server refuses a posted object before storage sees it, or ``None``.

    The storage checks identity (``type--UUID``, timestamps, spec_version);
    this checks what would hurt the read path: JSON nested too deep, marking
    properties of the wrong shape and patterns refused by :func:`pattern_problem`.
    """
    depth = _json_depth(obj)
    if depth > MAX_OBJECT_DEPTH:
        return f"object nests JSON {depth} levels deep, more than {MAX_OBJECT_DEPTH}"
    refs = obj.get("object_marking_refs", [])
    if not isinstance(refs, list) or not all(isinstance(ref, str) for ref in refs):
        return "'object_marking_refs' is not a list of marking-definition identifiers"
    granular = obj.get("granular_markings", [])
    if not isinstance(granular, list) or not all(isinstance(g, dict) for g in granular):
        return "'granular_markings' is not a list of objects"
    if "pattern" in obj:
        return pattern_problem(obj["pattern"])
    return None


def parse_envelope(body: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The objects of a TAXII envelope that may go to storage, and the status failures
    (``id``, ``version``, ``message``) of those refused here.

    Raises
    ------
    TaxiiError
        400 when the body is not JSON, or not an object with an ``objects``
        list of JSON objects.
    """
    try:
        envelope = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except (ValueError, RecursionError):
        raise bad_request(
            "Malformed JSON",
            "The request body is not valid JSON (UTF-8, RFC 8259: no NaN or Infinity, "
            "numbers within the range of a double).",
        ) from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("objects"), list):
        raise bad_request(
            "Not a TAXII envelope",
            "The body must be a JSON object with an 'objects' list of STIX objects.",
        )
    accepted: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for index, obj in enumerate(envelope["objects"]):
        if not isinstance(obj, dict):
            raise bad_request("Not a TAXII envelope", f"objects[{index}] is not a JSON object.")
        problem = object_problem(obj)
        if problem is None:
            accepted.append(obj)
        else:
            rejected.append(_failure(obj, index, problem))
    return accepted, rejected


def without_contradictions(
    objects: list[dict[str, Any]], rejected: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``objects`` less the marking definitions that contradict themselves (such as a
    TLP id declaring another level); those go to ``rejected``.

    The storage then refuses, in the same transaction as the write, every
    definition that would change one held and every object that uses a
    refused definition (these included): a definition is immutable, since a
    second one under the same id would change what every object using it may
    be released to.
    """
    kept: list[dict[str, Any]] = []
    for index, obj in enumerate(objects):
        problem = definition_problem(obj) if _is_definition(obj) else None
        if problem is None:
            kept.append(obj)
        else:
            rejected.append(_failure(obj, index, problem))
    return kept
