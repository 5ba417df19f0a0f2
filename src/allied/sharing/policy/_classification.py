"""Classification levels as marking schemes: national (U, C, S, TS) and NATO (NU .. CTS).

A :class:`ClassificationScheme` is a ladder of levels with their names; its
markings are :class:`ClassificationMarking` objects (a level and the caveats
NOFORN and REL TO), written as banners such as ``SECRET//REL TO USA, GBR`` or
``NATO SECRET``, or given as a STIX statement that reads as one banner.

Every classification scheme is judged by the same rules, over the markings of
all of them at once:

- the highest level of each scheme wins, and the recipient's clearance must
  cover it, comparing NATO and national levels through the equivalences of the
  agreements in force for the recipient's nation (a NATO level without an
  equivalent takes the next higher one that has one);
- **NOFORN** anywhere keeps the item in the originator's nation;
- **REL TO** lists are intersected, groupings (FVEY, NATO, EU, AUKUS) expanded
  to their members on the date;
- a **classified marking without REL TO** keeps the item in the originator's nation;
- **agreements**: classified information, and NATO UNCLASSIFIED (NATO's own
  information, protected like its classified levels: a scheme's
  ``agreement_floor``), goes to another nation only under an
  agreement in force on the date, directly between the originator's nation and
  the recipient's or through a grouping's agreement both belong to, or an
  agreement between organisations with the two nations on opposite sides (NATO
  and the EU), whose highest level covers the classification;
- **third-party rule**: when the holder is not the originator, the recipient is
  a third party unless one agreement covers all three; the holder may pass the
  information on only under an originator-holder agreement *without* the
  third-party rule, or with the originator's consent, which a REL TO list
  naming the recipient gives; and then under a holder-recipient agreement too.
  The holder is given to :func:`~allied.sharing.policy.decide`, or is the
  releasing nation of an item whose marking declares another originator (an ISA
  ACS 3.0 ``responsible_entity_originator``).

How to add a classification scheme (a nation's own levels): one
``ClassificationScheme(name, label, [(code, name), ...])`` object, registered
(see :mod:`allied.sharing.policy._schemes`); its levels then parse, count as
clearances and meet these rules. Agreements relate it to other schemes through
their equivalences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from allied._validation import check_nation
from allied.errors import InputError, NotFoundError
from allied.sharing.policy._agreements import GROUPING_TAGS, Agreement, SharingPolicy
from allied.sharing.policy._markings import parse_markings
from allied.sharing.policy._scheme import (
    Judgement,
    Level,
    Marking,
    MarkingScheme,
    Release,
    convert_level,
    find_level,
    get_scheme,
    syntax_fix,
)

__all__ = ["NATIONAL", "NATO", "ClassificationMarking", "ClassificationScheme"]


@dataclass(frozen=True)
class ClassificationMarking(Marking):
    """A security classification with its caveats.

    ``scheme`` is the name of the level's scheme: ``"national"`` (U, C, S, TS)
    or ``"nato"`` (NU, NR, NC, NS, CTS); ``rel_to`` holds ISO3 codes and
    grouping names as written, or ``None`` when the marking has no REL TO list;
    ``originator`` is the nation (ISO3) the marking declares created the
    information (an ISA ACS 3.0 ``responsible_entity_originator``), or ``None``.
    """

    level: str
    scheme: str
    noforn: bool = False
    rel_to: frozenset[str] | None = None
    originator: str | None = None

    @property
    def declared_originator(self) -> str | None:
        """The nation the marking declares created the information (see ``originator``)."""
        return self.originator

    @property
    def rank(self) -> int:
        """The level's rank inside its scheme."""
        return find_level(self.level).rank

    @property
    def classified(self) -> bool:
        """Whether the level is above (NATO) UNCLASSIFIED."""
        return self.rank > 0

    def sort_key(self) -> tuple[str, ...]:
        rel = "" if self.rel_to is None else ",".join(sorted(self.rel_to))
        origin = self.originator or ""
        return ("ClassificationMarking", self.scheme, self.level, str(self.noforn), rel, origin)

    def __str__(self) -> str:
        try:
            text = find_level(self.level).name
        except NotFoundError:  # its scheme is not registered
            text = self.level
        if self.noforn:
            text += "//NOFORN"
        if self.rel_to is not None:
            text += "//REL TO " + ", ".join(sorted(self.rel_to))
        if self.originator is not None:
            text += f" (originated by {self.originator})"
        return text


class ClassificationScheme(MarkingScheme):
    """A ladder of classification levels, lowest first.

    Parameters
    ----------
    name
        The scheme's name, as :attr:`ClassificationMarking.scheme` gives it.
    label
        How messages name it (``"national"``, ``"NATO"``).
    levels
        ``(code, full name)`` of each level, lowest (unclassified) first;
        banners may write a level by either.
    agreement_floor
        The rank from which information goes to another nation only under an
        agreement covering its level: 1 (the default) releases the
        unclassified level freely; 0 makes it follow the agreements like the
        classified levels (NATO UNCLASSIFIED is NATO information, released
        through NATO's agreements, not to every nation).
    """

    syntax = 'a banner such as "SECRET//REL TO USA, GBR", "S//NOFORN" or "NATO SECRET"'

    def __init__(
        self,
        name: str,
        label: str,
        levels: Sequence[tuple[str, str]],
        *,
        agreement_floor: int = 1,
    ) -> None:
        self.name = name
        self.label = label
        self.agreement_floor = agreement_floor
        self._levels = tuple(
            Level(code, full, rank, name) for rank, (code, full) in enumerate(levels)
        )
        self._words = {word: lv.code for lv in self._levels for word in (lv.code, lv.name)}

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels, lowest first."""
        return self._levels

    def owns(self, marking: Marking) -> bool:
        """Classification markings of this scheme's levels."""
        return isinstance(marking, ClassificationMarking) and marking.scheme == self.name

    def parse(self, text: str) -> Marking | None:
        """A banner: a level of this scheme, then ``//``-separated NOFORN (NF) or REL TO."""
        segments = [segment.strip() for segment in " ".join(text.upper().split()).split("//")]
        level = self._words.get(segments[0])
        if level is None:
            return None
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
                    fix="Caveats understood: NOFORN (NF) and REL TO <codes>. " + syntax_fix(),
                )
        if noforn and rel_to is not None:
            raise InputError(
                f"{text!r} is both NOFORN and REL TO", where="markings", fix="Give one of the two."
            )
        return ClassificationMarking(level, self.name, noforn, rel_to)

    def read_definition(self, definition: Mapping[str, Any]) -> Marking | None:
        """A STIX statement that reads as one banner of this scheme is that classification."""
        body = definition.get("definition")
        if definition.get("definition_type") != "statement" or not isinstance(body, Mapping):
            return None
        text = body.get("statement")
        if not isinstance(text, str):
            return None
        try:
            parsed = parse_markings(text)
        except InputError:
            return None
        return parsed[0] if len(parsed) == 1 and self.owns(parsed[0]) else None

    def judge(self, markings: Sequence[Marking], release: Release) -> Iterable[Judgement]:
        """The rules of the module notes, over the markings of every classification scheme."""
        return _classification_rules(
            [m for m in markings if isinstance(m, ClassificationMarking)], release
        )


def _rel_token(token: str, text: str) -> str:
    code = token.strip()
    if code in GROUPING_TAGS:
        return code
    if re.fullmatch(r"[A-Z]{3}", code):
        try:
            return check_nation(code, where="markings")
        except InputError:
            pass
    raise InputError(
        f"unknown country or grouping {code!r} in REL TO of {text!r}",
        where="markings",
        fix="Use ISO 3166 alpha-3 codes such as USA or GBR, or one of "
        + ", ".join(sorted(GROUPING_TAGS))
        + ".",
    )


#: National levels: UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET.
NATIONAL = ClassificationScheme(
    "national",
    "national",
    [("U", "UNCLASSIFIED"), ("C", "CONFIDENTIAL"), ("S", "SECRET"), ("TS", "TOP SECRET")],
)
#: NATO levels: NATO UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET and COSMIC TOP SECRET.
NATO = ClassificationScheme(
    "nato",
    "NATO",
    [
        ("NU", "NATO UNCLASSIFIED"),
        ("NR", "NATO RESTRICTED"),
        ("NC", "NATO CONFIDENTIAL"),
        ("NS", "NATO SECRET"),
        ("CTS", "COSMIC TOP SECRET"),
    ],
    agreement_floor=0,
)


# --------------------------------------------------------------------------- the rules


def _highest(markings: list[ClassificationMarking]) -> dict[str, str]:
    """The highest level of each scheme."""
    top: dict[str, str] = {}
    for m in markings:
        if m.scheme not in top or m.rank > find_level(top[m.scheme]).rank:
            top[m.scheme] = m.level
    return top


def _classification_rules(
    markings: list[ClassificationMarking], release: Release
) -> Iterator[Judgement]:
    nation, on, policy = release.nation, release.on, release.policy
    if any(m.noforn for m in markings):
        yield release.within_originator("NOFORN")
    if any(m.classified and m.rel_to is None and not m.noforn for m in markings):
        yield release.within_originator("classified without REL TO")
    lists = [m.rel_to for m in markings if m.rel_to is not None]
    named = bool(lists) and nation in frozenset.intersection(
        *(policy.expand(rel, on) for rel in lists)
    )
    if lists:
        allowed = frozenset.intersection(*(policy.expand(rel, on) for rel in lists))
        written = " & ".join(sorted(", ".join(sorted(rel)) for rel in set(lists)))
        if release.to_own_nation:
            yield True, f"REL TO {written}: recipient is in the originator nation"
        else:
            inside = nation in allowed
            yield (
                inside,
                f"REL TO {written} on {on}: {nation} is "
                + ("included" if inside else "not included"),
            )
    top = _highest(markings)
    for level in sorted(top.values()):
        yield from _clearance_rule(level, release)
    levels = [lv for lv in sorted(top.values()) if _needs_agreement(lv)]
    if levels and not release.to_own_nation:
        for level in levels:
            yield _agreement_rule(level, release, named)


def _needs_agreement(code: str) -> bool:
    """Whether information at level ``code`` goes to another nation only under an agreement."""
    level = find_level(code)
    scheme = get_scheme(level.scheme)
    floor = scheme.agreement_floor if isinstance(scheme, ClassificationScheme) else 1
    return level.rank >= floor


def _clearance_rule(level: str, release: Release) -> Iterator[Judgement]:
    if find_level(level).rank == 0:
        return
    clearance = find_level(release.clearance)
    name = find_level(level).name
    equivalences = release.policy.equivalences_for(release.nation, release.on)
    needed = convert_level(level, clearance.scheme, equivalences)
    if needed is None:
        yield (
            False,
            f"clearance: no agreement in force for {release.nation} on {release.on} makes "
            f"{name} equivalent to a {clearance.scheme} level",
        )
        return
    ok = clearance.rank >= find_level(needed).rank
    via = "" if needed == level else f" (equivalent {find_level(needed).name})"
    yield (
        ok,
        f"clearance {clearance.code} {'covers' if ok else 'does not cover'} {name}{via}",
    )


def _covers(agreement: Agreement, level: str) -> bool:
    ceiling = find_level(agreement.max_level)
    needed = convert_level(level, ceiling.scheme, agreement.equivalences)
    return needed is not None and find_level(needed).rank <= ceiling.rank


def _covering(policy: SharingPolicy, a: str, b: str, on: date, level: str) -> list[Agreement]:
    return [x for x in policy.agreement_between(a, b, on) if _covers(x, level)]


def _agreement_rule(level: str, release: Release, named: bool) -> Judgement:
    name = find_level(level).name
    originator, holder, to, on = release.originator, release.holder, release.nation, release.on
    if originator is None:
        return False, f"agreement: {name} needs the originator nation to find an agreement"
    if holder is not None and holder not in (originator, to):
        return _third_party_rule(level, release, originator, holder, named)
    found = _covering(release.policy, originator, to, on, level)
    if found:
        return True, f"agreement {found[0].id} in force on {on} covers {name} {originator}->{to}"
    return False, f"agreement: none in force on {on} between {originator} and {to} covers {name}"


def _third_party_rule(
    level: str, release: Release, originator: str, holder: str, named: bool
) -> Judgement:
    name = find_level(level).name
    policy, to, on = release.policy, release.nation, release.on
    received = _covering(policy, originator, holder, on, level)
    shared = [x for x in received if to in x.parties_on(on)]
    if shared:
        return (
            True,
            f"agreement {shared[0].id} in force on {on} covers {name} among "
            f"{originator}, {holder} and {to}",
        )
    open_ = [x for x in received if not x.third_party_rule]
    onward = _covering(policy, holder, to, on, level)
    if received and named and onward:
        return (
            True,
            f"third-party rule: {originator} consented by naming {to} in REL TO, and "
            f"{onward[0].id} covers {name} {holder}->{to}",
        )
    if open_ and onward:
        return (
            True,
            f"agreement {open_[0].id} has no third-party rule and {onward[0].id} "
            f"covers {name} {holder}->{to}",
        )
    if received and not open_:
        return (
            False,
            f"third-party rule of {received[0].id}: {originator} information held by "
            f"{holder} goes to {to} only with {originator}'s consent",
        )
    return (
        False,
        f"agreement: {holder} holds {originator} {name} information under no "
        f"agreement in force on {on} that lets it go on to {to}",
    )
