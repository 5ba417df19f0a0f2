"""What a marking scheme is, the release it judges, and the registry of schemes.

A :class:`MarkingScheme` is one way of marking information (TLP, ISA ACS 3.0,
national classification levels, NATO levels, ...), as *one object*: it says
which :class:`Marking` objects are its own (:meth:`~MarkingScheme.owns`), how it
reads them from text (:meth:`~MarkingScheme.parse`) and from STIX 2.1 marking
definitions (:meth:`~MarkingScheme.read_definition`, with any fixed definition
ids in :attr:`~MarkingScheme.definitions`), which classification levels it has
(:attr:`~MarkingScheme.levels`), and how a release of its markings is judged
(:meth:`~MarkingScheme.judge`).

The registry holds the schemes in order: text and definitions are read by the
first scheme that recognises them, and :func:`judgements` (what
:func:`~allied.sharing.policy.decide` applies) judges each scheme's markings in
that order. Schemes whose class shares one ``judge`` are judged in one call, so
the national and NATO classification schemes meet in the same rules. A marking
that no registered scheme owns is judged by itself
(:meth:`Marking.unowned_rule`): a STIX statement by the policy, anything else
denies.

The built-in schemes are registered by :mod:`allied.sharing.policy._schemes`;
:func:`register_scheme` and :func:`unregister_scheme` change the registry at run
time (at start-up: decisions already cached elsewhere are not recomputed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from allied.errors import InputError, NotFoundError
from allied.sharing.policy._agreements import SharingPolicy

__all__ = [
    "Judgement",
    "Level",
    "Marking",
    "MarkingError",
    "MarkingScheme",
    "Release",
    "StatementMarking",
    "UnknownMarking",
    "check_clearance",
    "clearances",
    "convert_level",
    "definition_kinds",
    "find_level",
    "fixed_definition",
    "get_scheme",
    "judgements",
    "marking_schemes",
    "read_extensions",
    "register_scheme",
    "scheme_owning",
    "sort_markings",
    "syntax_fix",
    "unregister_scheme",
]

#: One rule's outcome: whether it allows the release, and the reason as a sentence.
Judgement = tuple[bool, str]


class MarkingError(InputError):
    """A refused marking definition: it contradicts itself (a TLP id that declares another
    level) or names an originator that is no nation (ISA ACS 3.0)."""


@dataclass(frozen=True)
class Marking:
    """Base class of every marking."""

    def sort_key(self) -> tuple[str, ...]:
        """A key that orders markings the same way in every run."""
        return (type(self).__name__, repr(self))

    @property
    def declared_originator(self) -> str | None:
        """The nation (ISO3) the marking says created the information it marks, or ``None``.

        :func:`~allied.sharing.policy.decide` then also decides the item as that
        nation's information relayed by the releasing one (the third-party rule).
        """
        return None

    def unowned_rule(self, policy: SharingPolicy) -> Judgement:
        """How this marking is judged when no registered scheme owns it: it denies."""
        return False, f"unknown marking {self}: no registered marking scheme decides it"


@dataclass(frozen=True)
class StatementMarking(Marking):
    """A STIX statement marking (free text such as a copyright or terms of use)."""

    text: str

    def __str__(self) -> str:
        return f"statement {self.text!r}"

    def unowned_rule(self, policy: SharingPolicy) -> Judgement:
        """Free text withholds, unless the policy reads statements as terms of use."""
        restrict = policy.statements_restrict
        return not restrict, f"statement {self.text!r}: " + (
            "free text is not interpreted, so it withholds (policy statements_restrict)"
            if restrict
            else "terms of use, not a release restriction (policy)"
        )


@dataclass(frozen=True)
class UnknownMarking(Marking):
    """A marking that could not be read; it always denies release."""

    ref: str
    reason: str

    def __str__(self) -> str:
        return f"unknown marking {self.ref}"

    def unowned_rule(self, policy: SharingPolicy) -> Judgement:
        """Deny, naming why the marking could not be read."""
        return False, f"unknown marking {self.ref}: {self.reason}"


def sort_markings(markings: Iterable[Marking]) -> list[Marking]:
    """Distinct markings in a fixed order (for order-independent decisions)."""
    return sorted(set(markings), key=lambda m: m.sort_key())


@dataclass(frozen=True)
class Level:
    """A classification level: its code (``S``), full name (``SECRET``), its rank
    inside its scheme (0 for the unclassified level) and the scheme's name.
    ``words`` are further ways a banner may write it."""

    code: str
    name: str
    rank: int
    scheme: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Release:
    """The release a scheme judges: to a nation with a clearance, on a date.

    ``originator`` is the nation that created the information and ``holder``
    the one releasing it, when not the originator (``None``: not given);
    ``policy`` holds the groupings, agreements and settings.
    """

    nation: str
    clearance: str
    on: date
    originator: str | None
    holder: str | None
    policy: SharingPolicy

    @property
    def to_own_nation(self) -> bool:
        """Whether the recipient is in the originator's nation."""
        return self.originator is not None and self.nation == self.originator

    def within_originator(self, rule: str) -> Judgement:
        """``rule`` keeps the item in the originator's nation: allowed only there."""
        if self.originator is None:
            return False, f"{rule}: only within the originator nation, which is not given"
        if self.to_own_nation:
            return True, f"{rule}: recipient is in the originator nation {self.originator}"
        return False, f"{rule}: only within the originator nation {self.originator}"


class MarkingScheme:
    """One way of marking information, registered with :func:`register_scheme`.

    A subclass (or instance) sets :attr:`name` and :attr:`label` and overrides
    what it needs; every default recognises nothing and denies.

    Examples
    --------
    A scheme of "no release before a date" markings, judged on its own:

    >>> @dataclass(frozen=True)
    ... class Embargo(Marking):
    ...     until: date
    >>> class EmbargoScheme(MarkingScheme):
    ...     name, label = "embargo", "embargo"
    ...     def owns(self, marking: Marking) -> bool:
    ...         return isinstance(marking, Embargo)
    ...     def judge(self, markings, release):
    ...         last = max(m.until for m in markings)
    ...         yield release.on > last, f"embargo until {last}"
    """

    #: The registry key, as a marking names its scheme (``"national"``, ``"nato"``, ``"tlp"``).
    name: str = ""
    #: How messages name the scheme (``"TLP"``, ``"ISA ACS 3.0"``).
    label: str = ""
    #: How the text syntax is described in messages (``None``: the scheme reads no text).
    syntax: str | None = None
    #: How messages name the marking definitions it reads (``None``: none of its own).
    definition_label: str | None = None
    #: The STIX extension-definition ids of the marking extensions it reads (a marking
    #: definition carrying an extension no registered scheme reads is an unknown marking).
    extension_ids: frozenset[str] = frozenset()

    @property
    def levels(self) -> tuple[Level, ...]:
        """The classification levels of the scheme, lowest first (none by default)."""
        return ()

    @property
    def definitions(self) -> Mapping[str, Marking]:
        """STIX marking-definition ids whose meaning the scheme fixes (none by default)."""
        return {}

    def owns(self, marking: Marking) -> bool:
        """Whether ``marking`` is one of this scheme's (judged by :meth:`judge`)."""
        return False

    def parse(self, text: str) -> Marking | None:
        """The marking ``text`` writes in this scheme's syntax, else ``None``.

        Raises :class:`~allied.errors.InputError` for text that is this
        scheme's but wrong (an unknown TLP name).
        """
        return None

    def read_definition(self, definition: Mapping[str, Any]) -> Marking | None:
        """The marking a STIX 2.1 marking definition stands for in this scheme, else ``None``.

        ``definition`` is a mapping with a string ``id``. Raises
        :class:`MarkingError` for a definition that is this scheme's but
        contradicts itself.
        """
        return None

    def judge(self, markings: Sequence[Marking], release: Release) -> Iterable[Judgement]:
        """The rules that decide whether items with ``markings`` (all this scheme's,
        and of every scheme whose class shares this method) may go out in ``release``."""
        return [
            (False, f"{marking}: the {self.label} scheme does not release") for marking in markings
        ]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


# --------------------------------------------------------------------------- the registry

_SCHEMES: dict[str, MarkingScheme] = {}
_LEVELS: dict[str, Level] = {}
_FIXED: dict[str, Marking] = {}


def _replace(schemes: dict[str, MarkingScheme]) -> None:
    """Put ``schemes`` in place with their indexes, each replaced whole rather than
    changed, so that a decision running in another thread never iterates a dict that
    changes under it."""
    global _SCHEMES, _LEVELS, _FIXED
    _SCHEMES = schemes
    _LEVELS = {lv.code: lv for scheme in _SCHEMES.values() for lv in scheme.levels}
    _FIXED = {ref: m for scheme in _SCHEMES.values() for ref, m in scheme.definitions.items()}


def register_scheme(scheme: MarkingScheme) -> MarkingScheme:
    """Add ``scheme`` after the registered ones and return it.

    Raises
    ------
    InputError
        The scheme has no name, its name is taken, or one of its level codes
        or fixed definition ids is another registered scheme's.
    """
    if not isinstance(scheme, MarkingScheme) or not scheme.name:
        raise InputError(
            f"{scheme!r} is not a named marking scheme",
            where="argument scheme",
            fix="Give a MarkingScheme with a name.",
        )
    clashes = sorted(
        {scheme.name} & set(_SCHEMES)
        | {lv.code for lv in scheme.levels} & set(_LEVELS)
        | set(scheme.definitions) & set(_FIXED)
    )
    if clashes:
        raise InputError(
            f"marking scheme {scheme.name!r} clashes with a registered one on "
            + ", ".join(clashes),
            where="argument scheme",
            fix="Choose names, level codes and definition ids no registered scheme uses "
            "(unregister_scheme removes one).",
        )
    _replace({**_SCHEMES, scheme.name: scheme})
    return scheme


def unregister_scheme(name: str) -> MarkingScheme:
    """Remove the scheme ``name`` from the registry and return it."""
    scheme = get_scheme(name)
    _replace({key: value for key, value in _SCHEMES.items() if key != name})
    return scheme


def marking_schemes() -> tuple[MarkingScheme, ...]:
    """The registered schemes, in the order they read and judge."""
    return tuple(_SCHEMES.values())


def get_scheme(name: str) -> MarkingScheme:
    """The registered scheme ``name``; a :class:`~allied.errors.NotFoundError` if none."""
    found = _SCHEMES.get(name)
    if found is None:
        raise NotFoundError(
            f"no marking scheme {name!r}",
            where="argument name",
            fix=f"Use one of: {', '.join(_SCHEMES)}.",
        )
    return found


def scheme_owning(marking: Marking) -> MarkingScheme | None:
    """The first registered scheme that owns ``marking``, or ``None``."""
    return next((scheme for scheme in _SCHEMES.values() if scheme.owns(marking)), None)


def fixed_definition(ref: str) -> Marking | None:
    """The marking of a definition id fixed by a registered scheme (the TLP ids), or ``None``."""
    return _FIXED.get(ref)


def find_level(code: str) -> Level:
    """The registered classification level ``code`` (``"S"``, ``"NS"``).

    Raises
    ------
    NotFoundError
        No registered scheme has that level.
    """
    found = _LEVELS.get(code)
    if found is None:
        raise NotFoundError(
            f"no classification level {code!r}",
            where="argument code",
            fix=f"Use one of: {', '.join(_LEVELS)}.",
        )
    return found


def clearances() -> tuple[str, ...]:
    """The codes of every registered classification level, scheme by scheme, lowest first."""
    return tuple(_LEVELS)


def _scheme_levels(scheme: str) -> list[Level]:
    return sorted((lv for lv in _LEVELS.values() if lv.scheme == scheme), key=lambda lv: lv.rank)


def check_clearance(value: object, *, where: str) -> str:
    """``value`` as a registered level code (surrounding spaces dropped, upper-cased).

    Examples
    --------
    >>> check_clearance(" ns", where="argument clearance")
    'NS'
    >>> check_clearance("SECRET", where="option --clearance")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    allied.errors.InputError: unknown clearance 'SECRET' (option --clearance). Use a national
    level (U, C, S, TS) or a NATO level (NU, NR, NC, NS, CTS).
    """
    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in _LEVELS:
        ladders = [
            f"{_article(scheme.label)} {scheme.label} level "
            f"({', '.join(lv.code for lv in scheme.levels)})"
            for scheme in _SCHEMES.values()
            if scheme.levels
        ]
        raise InputError(
            f"unknown clearance {value!r}",
            where=where,
            fix=f"Use {_either(ladders)}.",
        )
    return code


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


def _either(items: Sequence[str]) -> str:
    return items[0] if len(items) < 2 else ", ".join(items[:-1]) + " or " + items[-1]


def syntax_fix() -> str:
    """How to write markings as text, from the registered schemes' syntaxes."""
    syntaxes = list(dict.fromkeys(s.syntax for s in _SCHEMES.values() if s.syntax))
    return f'Write {_either(syntaxes)}; separate markings with ";".'


def read_extensions() -> frozenset[str]:
    """The extension-definition ids of every marking extension a registered scheme reads."""
    return frozenset().union(*(scheme.extension_ids for scheme in _SCHEMES.values()))


def definition_kinds() -> str:
    """The kinds of marking definition the registered schemes read, and STIX statements."""
    labels = [s.definition_label for s in _SCHEMES.values() if s.definition_label]
    return _either([*labels, "statement"])


def convert_level(level: str, scheme: str, equivalences: Mapping[str, str]) -> str | None:
    """``level`` expressed in ``scheme`` through ``equivalences``, rounding up.

    A level without an equivalent takes that of the lowest higher level that
    has one (NATO RESTRICTED with only NC = C known needs C); ``None`` when
    nothing at or above ``level`` has an equivalent.

    Examples
    --------
    >>> convert_level("NR", "national", {"NC": "C", "C": "NC"})
    'C'
    """
    own = find_level(level)
    if own.scheme == scheme:
        return level
    for candidate in _scheme_levels(own.scheme):
        if candidate.rank >= own.rank and candidate.code in equivalences:
            return equivalences[candidate.code]
    return None


def judgements(markings: Sequence[Marking], release: Release) -> Iterator[Judgement]:
    """Every rule that decides ``markings`` (distinct, in :func:`sort_markings` order).

    First each marking that no registered scheme owns, judged by itself; then
    the markings of each scheme, in registry order, schemes whose class shares
    one ``judge`` together.
    """
    owners = [(marking, scheme_owning(marking)) for marking in markings]
    for marking, owner in owners:
        if owner is None:
            yield marking.unowned_rule(release.policy)
    groups: dict[Any, tuple[MarkingScheme, list[Marking]]] = {}
    for scheme in _SCHEMES.values():
        mine = [marking for marking, owner in owners if owner is scheme]
        if mine:
            groups.setdefault(type(scheme).judge, (scheme, []))[1].extend(mine)
    for scheme, mine in groups.values():
        yield from scheme.judge(mine, release)
