"""Weights of the partner-fit and challenge scores: the YAML format, its loader and errors.

A weights file names, for each score (``fit``, ``challenge``), the indicators it adds up
with their ``weight`` and the ``reason`` for it, and may override some of them per ATOP
obligation kind (``kinds``). The default weights ship in
``allied/models/data/partner_weights.yaml``; the backtest writes estimated weights in the
same format. Every error names the file, the line and the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from allied._results import Result
from allied._validation import check_choice, read_text
from allied._yaml import Location, format_location, load_input, place
from allied.errors import InputError

__all__ = ["PARTNER_KINDS", "IndicatorWeight", "PartnerWeights", "load_weights"]

#: The obligation kinds a score can be asked for: ``any`` (the base weights) and ATOP's
#: obligations.
PARTNER_KINDS = ("any", "defense", "offense", "neutrality", "nonaggression", "consultation")
#: The two scores of a dyad.
SCORES = ("fit", "challenge")

_TOP_KEYS = ("name", "description", "references", "fit", "challenge", "kinds")
_ENTRY_KEYS = ("weight", "reason")
_DEFAULT_FILE = "partner_weights.yaml"


@dataclass(frozen=True)
class IndicatorWeight:
    """The weight of one indicator in one score, and the reason for it."""

    weight: float
    reason: str


Weights = Mapping[str, IndicatorWeight]


@dataclass(frozen=True)
class PartnerWeights(Result):
    """Weights of the fit and challenge scores, with a reason for each, as read from YAML.

    Attributes
    ----------
    name
        What the weights are (``default``, or how estimated ones were trained).
    fit, challenge
        Indicator name -> :class:`IndicatorWeight`, for obligation kind ``any``.
    kinds
        Overrides per obligation kind: kind -> score -> indicator -> weight.
    description, references
        Free text and the works the reasons cite.
    file
        The file the weights were read from.
    """

    name: str
    fit: Weights
    challenge: Weights
    kinds: Mapping[str, Mapping[str, Weights]] = field(default_factory=dict)
    description: str = ""
    references: tuple[str, ...] = ()
    file: str = ""

    def for_kind(self, kind: str = "any") -> tuple[dict[str, IndicatorWeight], ...]:
        """``(fit, challenge)`` weights for an obligation kind: the base, then its overrides.

        Examples
        --------
        >>> weights = load_weights()
        >>> base, _ = weights.for_kind("any")
        >>> defense, _ = weights.for_kind("defense")
        >>> defense["common_adversaries"].weight > base["common_adversaries"].weight
        True
        """
        kind = check_choice(kind, PARTNER_KINDS, argument="kind")
        overrides = self.kinds.get(kind, {})
        return tuple({**getattr(self, score), **overrides.get(score, {})} for score in SCORES)

    def to_frame(self) -> pd.DataFrame:
        """One row per weight: ``kind``, ``score``, ``indicator``, ``weight``, ``reason``."""
        rows = [
            (kind, score, name, entry.weight, entry.reason)
            for kind, scores in (
                ("any", {s: getattr(self, s) for s in SCORES}),
                *self.kinds.items(),
            )
            for score, entries in scores.items()
            for name, entry in entries.items()
        ]
        return pd.DataFrame(rows, columns=["kind", "score", "indicator", "weight", "reason"])

    def summary(self) -> str:
        """The name, the number of weights per score and the kinds overridden."""
        kinds = ", ".join(self.kinds) or "none"
        return (
            f"Partner weights '{self.name}': {len(self.fit)} fit and "
            f"{len(self.challenge)} challenge indicators; overrides for kinds: {kinds}"
        )


#: What :func:`load_weights` accepts: ``"default"``, a YAML path, or loaded weights.
WeightsSource = str | Path | PartnerWeights


def load_weights(
    source: WeightsSource = "default", *, indicators: tuple[str, ...] | None = None
) -> PartnerWeights:
    """Weights of the partner scores: the shipped default, a YAML file, or loaded weights.

    Parameters
    ----------
    source
        ``"default"`` (``allied/models/data/partner_weights.yaml``), the path of a YAML
        file in the same format (the backtest writes estimated weights in it), or a
        :class:`PartnerWeights`, returned as is.
    indicators
        The indicator names a file may weight; by default the registry of
        :func:`allied.models.partner_indicators` (:data:`allied.models.INDICATORS`)
        without its directed details, which scores never use.

    Returns
    -------
    PartnerWeights

    Raises
    ------
    InputError
        The file does not exist or is not valid: a missing or unknown key, a weight that
        is not a finite number, an empty reason, an unknown kind, or an indicator that is
        not in the registry (the message lists the valid names), each with file, line
        and field.

    Examples
    --------
    >>> weights = load_weights()
    >>> weights.name, weights.fit["regime_similarity"].weight
    ('default', 3.1)
    """
    if isinstance(source, PartnerWeights):
        return source
    valid = indicators if indicators is not None else _registry_names()
    if isinstance(source, str) and source == "default":
        text = (
            resources.files("allied.models")
            .joinpath("data", _DEFAULT_FILE)
            .read_text(encoding="utf-8")
        )
        return _parse(text, _DEFAULT_FILE, valid)
    if not isinstance(source, str | Path):
        raise InputError(
            "weights must be 'default', a YAML path or PartnerWeights, "
            f"not {type(source).__name__}",
            where="argument weights",
            fix="Give 'default' or the path of a weights YAML file.",
        )
    fix = "Give 'default' or the path of a weights YAML file (same format as the default)."
    text = read_text(Path(source), where="argument weights", fix=fix)
    return _parse(text, str(source), valid)


def _registry_names() -> tuple[str, ...]:
    """The indicators a score may weight: the registry's, without its directed details."""
    from allied.models._partner_indicators import indicator_names

    return tuple(indicator_names())


@cache
def _parse(text: str, file: str, valid: tuple[str, ...]) -> PartnerWeights:
    data, lines = load_input(text, file)
    reader = _Reader(file, lines, valid)
    root = reader.mapping(data, (), _TOP_KEYS, required=("name",))
    weights = PartnerWeights(
        name=reader.text(root["name"], ("name",)),
        fit=reader.entries(root.get("fit", {}), ("fit",)),
        challenge=reader.entries(root.get("challenge", {}), ("challenge",)),
        kinds=reader.kinds(root.get("kinds", {})),
        description=reader.text(root.get("description", ""), ("description",), empty=True),
        references=reader.references(root.get("references", [])),
        file=file,
    )
    if not weights.fit and not weights.challenge:
        raise reader.error(
            (), "no weights", "Give at least one indicator under 'fit' or 'challenge'."
        )
    return weights


@dataclass(frozen=True)
class _Reader:
    """Checks parts of a weights file, raising :class:`InputError` at their line."""

    file: str
    lines: dict[Location, int]
    valid: tuple[str, ...]

    def error(self, location: Location, what: str, fix: str) -> InputError:
        line = None
        probe = location
        while line is None:
            line = self.lines.get(probe)
            if not probe:
                break
            probe = probe[:-1]
        return InputError(
            what, where=place(self.file, line or 1, format_location(location)), fix=fix
        )

    def mapping(
        self,
        value: Any,
        location: Location,
        allowed: tuple[str, ...],
        *,
        required: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        where = format_location(location) or "the file"
        if not isinstance(value, dict):
            raise self.error(
                location, f"{where} is not a mapping", "Write it as 'key: value' lines."
            )
        for key in value:
            if key not in allowed:
                raise self.error(
                    (*location, key), f"unknown key {key!r}", f"Use one of: {', '.join(allowed)}."
                )
        for key in required:
            if key not in value:
                raise self.error(location, f"missing key {key!r}", f"Add '{key}:' to {where}.")
        return value

    def text(self, value: Any, location: Location, *, empty: bool = False) -> str:
        if not isinstance(value, str) or not (empty or value.strip()):
            raise self.error(location, f"expected text, got {value!r}", "Write a non-empty string.")
        return value.strip()

    def entries(self, value: Any, location: Location) -> dict[str, IndicatorWeight]:
        if value is None:
            return {}
        names = self.mapping(value, location, tuple(value) if isinstance(value, dict) else ())
        return {
            self.indicator(name, location): self.entry(names[name], (*location, name))
            for name in names
        }

    def indicator(self, name: Any, location: Location) -> str:
        if name not in self.valid:
            raise self.error(
                (*location, name),
                f"unknown indicator {name!r}",
                f"Use one of: {', '.join(self.valid)}.",
            )
        return str(name)

    def entry(self, value: Any, location: Location) -> IndicatorWeight:
        entry = self.mapping(value, location, _ENTRY_KEYS, required=_ENTRY_KEYS)
        weight = entry["weight"]
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
        ):
            raise self.error(
                (*location, "weight"),
                f"weight {weight!r} is not a finite number",
                "Give a number such as 0.5 (negative lowers the score).",
            )
        reason = self.text(entry["reason"], (*location, "reason"))
        return IndicatorWeight(float(weight), reason)

    def kinds(self, value: Any) -> dict[str, dict[str, dict[str, IndicatorWeight]]]:
        kinds = self.mapping(value or {}, ("kinds",), PARTNER_KINDS[1:])
        return {
            kind: {
                score: self.entries(entries, ("kinds", kind, score))
                for score, entries in self.mapping(overrides, ("kinds", kind), SCORES).items()
            }
            for kind, overrides in kinds.items()
        }

    def references(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(
                ("references",), "references is not a list", "Write one '- text' line per work."
            )
        return tuple(self.text(item, ("references", i)) for i, item in enumerate(value))
