"""The catalog schema: one :class:`Arrangement` per YAML file.

Structure and types are checked by pydantic; rules that span fields (dates in
order, memberships inside the arrangement's life) are in :mod:`._checks` so
that each problem can be reported with its own field and line.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from allied.cite import Citation


class Kind(StrEnum):
    """The collaboration model an arrangement follows."""

    BILATERAL_TREATY = "bilateral_treaty"
    MULTILATERAL_ALLIANCE = "multilateral_alliance"
    PARTNERSHIP_FRAMEWORK = "partnership_framework"
    JOINT_PROGRAM = "joint_program"
    MISSION = "mission"
    INFORMATION_SHARING = "information_sharing"
    ORGANIZATION = "organization"


class Obligation(StrEnum):
    """Obligations in the vocabulary of ATOP (Leeds et al. 2002)."""

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NON_AGGRESSION = "non_aggression"
    CONSULTATION = "consultation"


class Domain(StrEnum):
    """Fields of collaboration."""

    LAND = "land"
    MARITIME = "maritime"
    AIR = "air"
    CYBER = "cyber"
    SPACE = "space"
    INTELLIGENCE = "intelligence"
    INDUSTRIAL = "industrial"
    NUCLEAR = "nuclear"
    RESEARCH_TECHNOLOGY = "research_technology"
    DISASTER_RESPONSE = "disaster_response"
    CLIMATE = "climate"


class Status(StrEnum):
    """Where an arrangement stands today."""

    ACTIVE = "active"
    ENDED = "ended"
    SUSPENDED = "suspended"
    PLANNED = "planned"


class Role(StrEnum):
    """A member's role in an arrangement."""

    MEMBER = "member"
    PARTY = "party"
    FRAMEWORK_NATION = "framework_nation"
    CONTRIBUTOR = "contributor"
    HOST_NATION = "host_nation"
    LEAD_NATION = "lead_nation"
    OBSERVER = "observer"
    PARTNER = "partner"
    ASSOCIATE = "associate"
    DIALOGUE_PARTNER = "dialogue_partner"
    LEVEL_1_PARTNER = "level_1_partner"
    LEVEL_2_PARTNER = "level_2_partner"
    LEVEL_3_PARTNER = "level_3_partner"
    SECURITY_COOPERATION_PARTICIPANT = "security_cooperation_participant"
    FMS_CUSTOMER = "fms_customer"


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: A decision rule's id (a file name in ``catalog/rules/`` without ``.yaml``): ``eu-council``.
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class ClassificationLevel(StrEnum):
    """A security classification level, national or NATO.

    National levels (``U``, ``C``, ``S``, ``TS``) are the common
    unclassified, confidential, secret and top-secret tiers; NATO levels are
    NATO UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET and COSMIC TOP SECRET
    (NATO security policy C-M(2002)49).
    """

    U = "U"
    C = "C"
    S = "S"
    TS = "TS"
    NU = "NU"
    NR = "NR"
    NC = "NC"
    NS = "NS"
    CTS = "CTS"

    @property
    def scheme(self) -> str:
        """``"nato"`` for the NATO levels, else ``"national"``."""
        return "nato" if self in _NATO_LEVELS else "national"


_NATO_LEVELS = frozenset(
    {
        ClassificationLevel.NU,
        ClassificationLevel.NR,
        ClassificationLevel.NC,
        ClassificationLevel.NS,
        ClassificationLevel.CTS,
    }
)


class LevelEquivalence(_Frozen):
    """Two levels of different schemes that an agreement treats as equal (NS = S)."""

    level: ClassificationLevel
    equals: ClassificationLevel


class SharingTerms(_Frozen):
    """The terms of an information-sharing arrangement, for releasability decisions.

    Attributes
    ----------
    max_level
        The highest classification the parties may exchange under it.
    equivalences
        Levels of different schemes the arrangement treats as equal, such as
        NATO SECRET and national SECRET.
    third_party_rule
        Whether information received under it may go to a third party only
        with the originator's consent.
    between
        For an agreement between organisations (NATO and the EU) rather than
        among states: its two sides, each a list of catalog arrangement ids.
        A side stands for the states that are members of *every* listed
        arrangement on the date (``[eu_csdp, partnership_for_peace]``: the EU
        members taking part in the Partnership for Peace); the agreement then
        covers exchanges between a state of one side and a state of the other,
        and the arrangement lists no ``members`` of its own.
    notes
        Where the terms come from, in a sentence or two.
    """

    max_level: ClassificationLevel
    equivalences: list[LevelEquivalence] = Field(default_factory=list)
    third_party_rule: bool
    between: list[list[Slug]] | None = None
    notes: Text | None = None


class Source(_Frozen):
    """Where the facts of an arrangement come from."""

    citation: Text
    url: Url
    accessed: date


class Membership(_Frozen):
    """One spell of one state in an arrangement.

    ``signed`` is the date the state signed the treaty or its accession
    protocol (ATOP dates obligations from it); ``joined`` is the date its
    membership took effect and defaults to the arrangement's start (entry into
    force, else signature); ``left`` empty means still a member (or until the arrangement
    ended). Both ends are inclusive. A state that left and rejoined has two
    spells.

    ``as_of`` records a spell whose start no source gives: the state is
    attested as a member (typically a mission's contributor) on that date, and
    date queries do not count it as a member before it. It excludes
    ``joined``: never write a placeholder join date for an unknown start. The
    catalog's convention: a start known to the month is ``joined`` on its first
    day (and the notes say so); a start known only to the year is ``as_of`` the
    last day of that year, the first day the state certainly took part.
    """

    state: Iso3
    signed: date | None = None
    joined: date | None = None
    as_of: date | None = None
    left: date | None = None
    role: Role = Role.MEMBER
    planned_quantity: int | None = Field(default=None, ge=0)
    notes: Text | None = None

    @property
    def start_known(self) -> bool:
        """Whether the spell's start is known (``False`` for an ``as_of`` spell)."""
        return self.as_of is None


class Milestone(_Frozen):
    """A dated change in an arrangement that is not a membership spell.

    For example the activation of a brigade that takes over a battlegroup:
    the states taking part are unchanged, but what they field is not.
    ``timeline()`` lists milestones as ``milestone`` events.
    """

    date: date
    event: Text


class AtopDifference(_Frozen):
    """A deliberate difference from ATOP's coding of the same treaty."""

    state: Iso3
    reason: Text


class Arrangement(_Frozen):
    """A collaboration arrangement: treaty, alliance, framework, program, mission.

    Attributes
    ----------
    id
        Stable identifier; equals the YAML file's name without ``.yaml``.
    kind
        The collaboration model (:class:`Kind`).
    signed, in_force, ended
        Dates of signature, entry into force and end (``ended`` empty while
        in force).
    obligations
        Alliance obligations in ATOP's vocabulary; empty for non-alliances.
    parent
        The ``id`` of the arrangement this one belongs to (NATO → eFP).
    atop_id
        The ATOP 5.1 ``atopid`` of the treaty, where ATOP codes it.
    decision_rule
        The id of the rule its main decision-making body decides by, one of
        the :func:`~allied.catalog.decision_rules` (``nato``, ``unsc``, ...).
    sharing
        For arrangements under which classified information is exchanged:
        the highest level, level equivalences and the third-party rule
        (:class:`SharingTerms`), used by :mod:`allied.sharing`.
    milestones
        Dated changes that are not joins or departures (:class:`Milestone`),
        each within the arrangement's life.
    members
        The membership spells; at least one, except for an agreement between
        organisations (``sharing.between``), whose parties are other
        arrangements.
    """

    id: Slug
    name: Text
    short_name: Text | None = None
    kind: Kind
    aliases: list[Text] = Field(default_factory=list)
    signed: date | None = None
    in_force: date | None = None
    ended: date | None = None
    status: Status
    description: Text
    obligations: list[Obligation] = Field(default_factory=list)
    domains: list[Domain] = Field(default_factory=list)
    parent: Slug | None = None
    atop_id: int | None = Field(default=None, ge=1000)
    atop_differences: list[AtopDifference] = Field(default_factory=list)
    decision_rule: RuleId | None = None
    sharing: SharingTerms | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    members: list[Membership] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)

    def citations(self) -> list[Citation]:
        """The sources of this arrangement, as citations."""
        return [
            Citation(f"{self.id}:{i}", s.citation, url=s.url, accessed=s.accessed.isoformat())
            for i, s in enumerate(self.sources, start=1)
        ]

    @property
    def start(self) -> date:
        """Entry into force, or signature when the former is not known."""
        start = self.in_force or self.signed
        assert start is not None, "validated on load"
        return start

    @property
    def earliest(self) -> date:
        """The earliest date of the arrangement (signature or entry into force)."""
        return min(d for d in (self.signed, self.in_force) if d is not None)

    @property
    def label(self) -> str:
        """The short name where there is one, else the name."""
        return self.short_name or self.name

    def joined(self, membership: Membership) -> date:
        """The effective join date of a membership spell.

        For a spell known only ``as_of`` a date, that date: queries by date
        count the state from then on, never earlier.
        """
        return membership.joined or membership.as_of or self.start

    def entered(self, membership: Membership) -> date:
        """The date a state took on the arrangement, as ATOP counts it.

        The member's own ``signed`` date; for founding members (joined at the
        start) the arrangement's signature; otherwise the join date.
        """
        if membership.signed is not None:
            return membership.signed
        if self.signed is not None and self.joined(membership) == self.start:
            return self.signed
        return self.joined(membership)

    def left(self, membership: Membership) -> date | None:
        """The effective last day of a membership spell (``None``: ongoing)."""
        return membership.left or self.ended

    def active_on(self, on: date) -> bool:
        """Whether the arrangement was in force (or signed, if not yet) on ``on``."""
        return self.start <= on and (self.ended is None or on <= self.ended)

    def members_on(self, on: date) -> list[Membership]:
        """The membership spells that cover ``on``."""
        return [
            m
            for m in self.members
            if self.joined(m) <= on and ((end := self.left(m)) is None or on <= end)
        ]
