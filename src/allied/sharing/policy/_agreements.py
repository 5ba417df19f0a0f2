"""Partners, groupings with dated membership, and information-sharing agreements.

A :class:`SharingPolicy` is what :func:`allied.sharing.policy.decide` consults:

- **groupings**: the names a REL TO list may give for a group of nations,
  each backed by a catalog arrangement whose members have dates: ``FVEY``
  (``five_eyes``), ``NATO`` (``nato``), ``EU`` (``eu_csdp``: EU members as
  participants in the Common Security and Defence Policy, so Denmark counts
  from 1 July 2022 when its defence opt-out ended) and ``AUKUS`` (``aukus``:
  Australia, the United Kingdom and the United States from the leaders'
  statement of 15 September 2021);
- **agreements**: every catalog arrangement with a ``sharing:`` block (highest
  level, level equivalences, third-party rule), in force between its start and
  end. An agreement among states covers exchanges between any two of its
  members on the date (a bilateral GSOMIA, NATO's own security agreement).
  An agreement between **organisations** (``sharing.between``, such as the
  2003 NATO-EU Agreement on the Security of Information) has two sides instead
  of members; each side is the set of states that are members, on the date, of
  every arrangement listed for it, and the agreement covers an exchange only
  between a state of one side and a state of the other. The organisations'
  own information is what such an agreement protects, so it names the
  organisations' level scheme (NATO levels) without national equivalences:
  national SECRET from a NATO ally to an EU member is not covered by it, NATO
  SECRET is;
- **settings**: how unmarked objects and statement markings are treated.

References
----------
.. [1] The catalog files ``five_eyes.yaml``, ``nato.yaml``, ``eu_csdp.yaml``,
   ``aukus.yaml``, ``partnership_for_peace.yaml`` and the sharing agreements
   (``japan_rok_gsomia``, ``us_japan_gsomia``, ``us_rok_gsomia``,
   ``japan_australia_isa``, ``japan_uk_isa``, ``nato_eu_security_agreement``)
   and their sources (``allied cite``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from allied.catalog import Arrangement, Catalog, load_catalog
from allied.errors import InputError, NotFoundError

__all__ = [
    "GROUPING_ARRANGEMENTS",
    "GROUPING_TAGS",
    "Agreement",
    "Grouping",
    "SharingPolicy",
    "Side",
    "default_policy",
]

#: The groupings a REL TO list may name (tetragraphs, and AUKUS), each with the catalog
#: arrangement whose dated members it stands for.
GROUPING_ARRANGEMENTS: Mapping[str, str] = {
    "FVEY": "five_eyes",
    "NATO": "nato",
    "EU": "eu_csdp",
    "AUKUS": "aukus",
}
#: The groupings' names as a REL TO list writes them.
GROUPING_TAGS = frozenset(GROUPING_ARRANGEMENTS)

Spell = tuple[str, date, date | None]  # state, first day, last day (None: ongoing)


def _members(spells: Sequence[Spell], on: date) -> frozenset[str]:
    return frozenset(s for s, start, end in spells if start <= on and (end is None or on <= end))


def _spells(arrangement: Arrangement) -> tuple[Spell, ...]:
    return tuple((m.state, arrangement.joined(m), arrangement.left(m)) for m in arrangement.members)


@dataclass(frozen=True)
class Grouping:
    """A grouping tetragraph and the dated membership of its arrangement."""

    tag: str
    arrangement: str
    spells: tuple[Spell, ...]

    def members_on(self, on: date) -> frozenset[str]:
        """Its members on ``on``."""
        return _members(self.spells, on)


@dataclass(frozen=True)
class Side:
    """One side of an agreement between organisations.

    The states that are members, on a date, of every arrangement in
    ``arrangements`` (``("eu_csdp", "partnership_for_peace")``: the EU members
    taking part in the Partnership for Peace); ``spells`` holds each
    arrangement's membership spells, in the same order.
    """

    arrangements: tuple[str, ...]
    spells: tuple[tuple[Spell, ...], ...]

    def members_on(self, on: date) -> frozenset[str]:
        """The states on this side on ``on``."""
        return frozenset.intersection(*(_members(spells, on) for spells in self.spells))

    @property
    def states(self) -> frozenset[str]:
        """Every state that is ever on this side (on some date)."""
        return frozenset.intersection(*(frozenset(s for s, _, _ in sp) for sp in self.spells))


@dataclass(frozen=True)
class Agreement:
    """An information-sharing agreement among states, or between two organisations.

    ``start``/``end`` bound the days it is in force (both inclusive; ``end``
    ``None`` while in force); ``equivalences`` pairs levels of different
    schemes in both directions. An agreement among states has ``spells`` (its
    members) and no ``sides``; an agreement between organisations has two
    :class:`Side` and no spells of its own.
    """

    id: str
    name: str
    start: date
    end: date | None
    spells: tuple[Spell, ...]
    max_level: str
    equivalences: Mapping[str, str]
    third_party_rule: bool
    sides: tuple[Side, ...] = ()

    def in_force(self, on: date) -> bool:
        """Whether it is in force on ``on``."""
        return self.start <= on and (self.end is None or on <= self.end)

    def parties_on(self, on: date) -> frozenset[str]:
        """The states bound by it on ``on``: its members, or the states of both sides
        (empty when it is not in force)."""
        if not self.in_force(on):
            return frozenset()
        bound = _members(self.spells, on)
        for side in self.sides:
            bound |= side.members_on(on)
        return bound

    def links(self, a: str, b: str, on: date) -> bool:
        """Whether it covers an exchange between ``a`` and ``b`` on ``on``: both are
        members, or, between organisations, they are on different sides."""
        if not self.sides:
            return {a, b} <= self.parties_on(on)
        if not self.in_force(on):
            return False
        first, second = (side.members_on(on) for side in self.sides)
        return (a in first and b in second) or (a in second and b in first)

    @property
    def states(self) -> frozenset[str]:
        """Every state that is party to it on some date."""
        return frozenset(s for s, _, _ in self.spells).union(*(side.states for side in self.sides))

    @classmethod
    def from_arrangement(
        cls, arrangement: Arrangement, catalog: Catalog | None = None
    ) -> Agreement:
        """The agreement of an arrangement with a ``sharing:`` block.

        ``catalog`` (default: the embedded one) resolves the sides of an
        agreement between organisations.
        """
        terms = arrangement.sharing
        if terms is None:
            raise InputError(
                f"arrangement {arrangement.id!r} has no sharing terms",
                where=f"catalog arrangement {arrangement.id}",
                fix="Add a 'sharing:' block (max_level, third_party_rule) to its file.",
            )
        pairs: dict[str, str] = {}
        for pair in terms.equivalences:
            pairs[pair.level.value] = pair.equals.value
            pairs[pair.equals.value] = pair.level.value
        sides: tuple[Side, ...] = ()
        if terms.between is not None:
            sides = _sides(arrangement.id, terms.between, catalog or load_catalog())
        return cls(
            id=arrangement.id,
            name=arrangement.label,
            start=arrangement.start,
            end=arrangement.ended,
            spells=_spells(arrangement),
            max_level=terms.max_level.value,
            equivalences=pairs,
            third_party_rule=terms.third_party_rule,
            sides=sides,
        )


def _sides(
    agreement_id: str, between: Sequence[Sequence[str]], catalog: Catalog
) -> tuple[Side, ...]:
    sides = []
    for ids in between:
        missing = [i for i in ids if i not in catalog.by_id]
        if missing:
            raise NotFoundError(
                f"agreement {agreement_id!r} names side arrangement(s) {', '.join(missing)} "
                "that are not in the catalog",
                where=f"catalog arrangement {agreement_id}, sharing.between",
                fix="Load the agreement with a catalog that holds every arrangement it names.",
            )
        sides.append(Side(tuple(ids), tuple(_spells(catalog.by_id[i]) for i in ids)))
    return tuple(sides)


@dataclass(frozen=True, eq=False)
class SharingPolicy:
    """Groupings, agreements and settings for releasability decisions.

    Parameters
    ----------
    groupings
        Tetragraph to :class:`Grouping`.
    agreements
        Every information-sharing :class:`Agreement`.
    unmarked_as_clear
        ``False`` (the default, deny by default): an object without markings
        is withheld. ``True``: the exchange has agreed that unmarked means
        TLP:CLEAR, unclassified.
    statements_restrict
        ``True`` (the default): a statement marking, free text software
        cannot interpret, withholds the object. ``False``: the exchange treats
        statements as terms of use that do not restrict release.
    """

    groupings: Mapping[str, Grouping]
    agreements: tuple[Agreement, ...]
    unmarked_as_clear: bool = False
    statements_restrict: bool = True
    _by_party: Mapping[str, tuple[Agreement, ...]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        by_party: dict[str, list[Agreement]] = {}
        for agreement in self.agreements:
            for state in agreement.states:
                by_party.setdefault(state, []).append(agreement)
        object.__setattr__(self, "_by_party", {k: tuple(v) for k, v in by_party.items()})

    @classmethod
    def from_catalog(
        cls,
        catalog: Catalog | None = None,
        *,
        unmarked_as_clear: bool = False,
        statements_restrict: bool = True,
    ) -> SharingPolicy:
        """The policy of a catalog (default: the embedded one, cached as :func:`default_policy`)."""
        if catalog is None and not unmarked_as_clear and statements_restrict:
            return default_policy()
        catalog = catalog if catalog is not None else load_catalog()
        groupings = {}
        for tag, arrangement_id in GROUPING_ARRANGEMENTS.items():
            if arrangement_id in catalog.by_id:
                arrangement = catalog.by_id[arrangement_id]
                groupings[tag] = Grouping(tag, arrangement_id, _spells(arrangement))
        agreements = tuple(
            Agreement.from_arrangement(a, catalog)
            for a in sorted(catalog, key=lambda a: a.id)
            if a.sharing
        )
        return cls(groupings, agreements, unmarked_as_clear, statements_restrict)

    def members_of(self, grouping: str, on: date) -> frozenset[str]:
        """The members of a grouping (``FVEY``, ``NATO``, ``EU``, ``AUKUS``) on ``on``.

        Raises
        ------
        NotFoundError
            The grouping is not one of the policy's.
        """
        found = self.groupings.get(grouping)
        if found is None:
            raise NotFoundError(
                f"unknown grouping {grouping!r}",
                where="REL TO",
                fix=f"Use one of: {', '.join(sorted(self.groupings))}.",
            )
        return found.members_on(on)

    def expand(self, tokens: frozenset[str], on: date) -> frozenset[str]:
        """ISO3 codes of a REL TO list on ``on``, groupings replaced by their members."""
        out: set[str] = set()
        for token in tokens:
            out |= self.members_of(token, on) if token in self.groupings else {token}
        return frozenset(out)

    def agreements_of(self, nation: str, on: date) -> list[Agreement]:
        """The agreements in force on ``on`` to which ``nation`` is party."""
        return [a for a in self._by_party.get(nation, ()) if nation in a.parties_on(on)]

    def agreement_between(self, a: str, b: str, on: date) -> list[Agreement]:
        """The agreements in force on ``on`` that cover an exchange between ``a`` and ``b``
        (both members, or on the two sides of an agreement between organisations)."""
        return [x for x in self.agreements_of(a, on) if x.links(a, b, on)]

    def equivalences_for(self, nation: str, on: date) -> dict[str, str]:
        """Level equivalences of every agreement in force for ``nation`` on ``on``."""
        pairs: dict[str, str] = {}
        for agreement in self.agreements_of(nation, on):
            pairs.update(agreement.equivalences)
        return pairs


@cache
def default_policy() -> SharingPolicy:
    """The policy of the embedded catalog, with the default settings (cached)."""
    return SharingPolicy.from_catalog(load_catalog())
