"""The catalog schema: one :class:`Arrangement` per YAML file.

Structure and types are checked by pydantic; rules that span fields (dates in
order, memberships inside the arrangement's life) are in :mod:`._checks` so
that each problem can be reported with its own field and line.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from allied.cite import Citation


class Kind(StrEnum):
    """The collaboration model an arrangement follows, or the legal limit it records.

    Seven kinds are collaborations. Two record legal limits on arms and
    technology transfer, which are not collaborations and are left out
    wherever memberships are counted as ties between partners
    (:attr:`is_collaboration`):

    * ``export_control_regime``: a multilateral export-control regime
      (Wassenaar Arrangement, MTCR, Nuclear Suppliers Group, Australia
      Group), its participating states as ``members``;
    * ``arms_embargo``: an arms embargo imposed by the UN Security Council or
      the EU, with ``embargo`` terms (its target states or non-state groups,
      scope and legal instruments) and no members: its targets are
      restricted, not partners.
    """

    BILATERAL_TREATY = "bilateral_treaty"
    MULTILATERAL_ALLIANCE = "multilateral_alliance"
    PARTNERSHIP_FRAMEWORK = "partnership_framework"
    JOINT_PROGRAM = "joint_program"
    MISSION = "mission"
    INFORMATION_SHARING = "information_sharing"
    ORGANIZATION = "organization"
    EXPORT_CONTROL_REGIME = "export_control_regime"
    ARMS_EMBARGO = "arms_embargo"

    @property
    def is_collaboration(self) -> bool:
        """Whether members of this kind of arrangement collaborate (not a legal limit)."""
        return self not in LEGAL_KINDS


#: The kinds that record legal limits on transfers rather than collaborations.
LEGAL_KINDS: frozenset[Kind] = frozenset({Kind.EXPORT_CONTROL_REGIME, Kind.ARMS_EMBARGO})
#: The kinds that are collaborations, in the order of :class:`Kind`.
COLLABORATION_KINDS: tuple[Kind, ...] = tuple(k for k in Kind if k not in LEGAL_KINDS)


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


class EmbargoBody(StrEnum):
    """Who imposed an arms embargo."""

    UN_SECURITY_COUNCIL = "un_security_council"
    EUROPEAN_UNION = "european_union"

    @property
    def label(self) -> str:
        """``UN`` or ``EU``."""
        return "UN" if self is EmbargoBody.UN_SECURITY_COUNCIL else "EU"


class EmbargoScope(StrEnum):
    """How far an embargo reaches into a target state.

    * ``full``: every transfer of arms and related materiel to the state
      (its government included), whatever exemptions the instrument lists;
    * ``partial``: only some recipients in the state (non-governmental
      forces, named groups, a region) or only some categories of arms.
    """

    FULL = "full"
    PARTIAL = "partial"


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


class EmbargoTarget(_Frozen):
    """One state an arms embargo applies to, and how far.

    Attributes
    ----------
    state
        The target state (ISO3).
    scope
        ``full`` or ``partial`` (:class:`EmbargoScope`).
    covers
        What is embargoed in that state, in a sentence (``arms and related
        materiel of all types``; ``non-governmental entities and individuals
        operating in the territory``).
    """

    state: Iso3
    scope: EmbargoScope
    covers: Text


class NonStateTarget(_Frozen):
    """Armed groups, entities or individuals an embargo applies to, not a state.

    A UN embargo on the armed groups operating in the Democratic Republic of
    the Congo, on Al-Shabaab or on the Houthis restricts transfers to those
    recipients, not to the state where they operate: the state is not
    embargoed, and :func:`~allied.catalog.embargoes_on` does not list it;
    :func:`~allied.catalog.group_embargoes_in` does.

    Attributes
    ----------
    name
        The groups as the instruments name them (``Al-Shabaab``; ``armed groups
        and associated individuals``).
    operates_in
        The states where they operate (ISO3), at least one.
    covers
        What is embargoed, in a sentence.
    """

    name: Text
    operates_in: list[Iso3] = Field(min_length=1)
    covers: Text


class EmbargoInstrument(_Frozen):
    """A legal act that imposed, changed or ended an embargo."""

    reference: Text
    date: date
    effect: Text


class EmbargoTerms(_Frozen):
    """The terms of an arms embargo (an arrangement of kind ``arms_embargo``).

    Attributes
    ----------
    imposed_by
        The UN Security Council or the EU (:class:`EmbargoBody`).
    targets
        The states it applies to (:class:`EmbargoTarget`).
    groups
        The non-state groups it applies to (:class:`NonStateTarget`); an
        embargo has at least one target or one group.
    instruments
        The resolutions or Council decisions that imposed, changed or ended
        it (:class:`EmbargoInstrument`), at least one, each dated within the
        embargo's life; the act that lifted it may fall on the day after
        ``ended`` (the last day in force).
    exceptions
        Exemptions the instruments provide, in a few sentences.

    Notes
    -----
    The embargo applies from the arrangement's start (``in_force``, else
    ``signed``) to its ``ended`` date, both inclusive.
    """

    imposed_by: EmbargoBody
    targets: list[EmbargoTarget] = Field(default_factory=list)
    groups: list[NonStateTarget] = Field(default_factory=list)
    instruments: list[EmbargoInstrument] = Field(min_length=1)
    exceptions: Text | None = None


class Source(_Frozen):
    """Where the facts of an arrangement come from."""

    citation: Text
    url: Url
    accessed: date


def _citations(key: str, sources: list[Source]) -> list[Citation]:
    """``sources`` as citations keyed ``{key}:1``, ``{key}:2``, ..."""
    return [
        Citation(f"{key}:{i}", s.citation, url=s.url, accessed=s.accessed.isoformat())
        for i, s in enumerate(sources, start=1)
    ]


class GuidelineMetric(StrEnum):
    """What a spending guideline measures.

    * ``defence_expenditure_pct_gdp``: defence expenditure (NATO's definition)
      as a percentage of GDP;
    * ``equipment_pct_defence_expenditure``: major equipment, with the
      research and development devoted to it, as a percentage of defence
      expenditure;
    * ``defence_and_related_pct_gdp``: core defence expenditure together with
      defence- and security-related spending (infrastructure, resilience) as a
      percentage of GDP.
    """

    DEFENCE_PCT_GDP = "defence_expenditure_pct_gdp"
    EQUIPMENT_PCT_DEFENCE = "equipment_pct_defence_expenditure"
    DEFENCE_AND_RELATED_PCT_GDP = "defence_and_related_pct_gdp"

    @property
    def of_gdp(self) -> bool:
        """Whether the metric is a share of GDP."""
        return self is not GuidelineMetric.EQUIPMENT_PCT_DEFENCE


#: A year between 1800 and 2200, for facts known only to the year.
Year = Annotated[int, Field(ge=1800, le=2200, strict=True)]


class Guideline(_Frozen):
    """A spending guideline an arrangement adopted: a floor, or a target by a year.

    Attributes
    ----------
    id
        Identifier, unique within the arrangement (``two_percent_gdp``).
    name
        Its usual name.
    metric
        What it measures (:class:`GuidelineMetric`).
    threshold
        The level, in percent of the metric (2.0 for 2 % of GDP).
    adopted
        When the arrangement adopted it: a date, or only a year where no
        source gives the day.
    target_year
        For a target to reach by a year (the Hague commitment, 2035): that
        year. Empty for a standing floor tested every year (2 % of GDP).
    notes
        Conditions, reviews, exceptions, in a few sentences.
    sources
        Where each fact comes from.

    Notes
    -----
    A guideline applies to the arrangement's member-years from the year of
    its adoption on (:meth:`adopted_by`), never before, and to no other
    arrangement.
    """

    id: Slug
    name: Text
    metric: GuidelineMetric
    threshold: float = Field(gt=0, le=100)
    adopted: date | Year
    target_year: Year | None = None
    notes: Text | None = None
    sources: list[Source] = Field(min_length=1)

    @property
    def adopted_year(self) -> int:
        """The year of adoption."""
        return self.adopted.year if isinstance(self.adopted, date) else self.adopted

    @property
    def adopted_label(self) -> str:
        """The adoption as written: ``2025-06-25``, or ``2006`` when only the year is known."""
        return self.adopted.isoformat() if isinstance(self.adopted, date) else str(self.adopted)

    def adopted_by(self, on: date) -> bool:
        """Whether the guideline had been adopted on ``on``.

        A guideline known only by its year counts from 31 December of that
        year (the first day it had certainly been adopted).
        """
        if isinstance(self.adopted, date):
            return self.adopted <= on
        return on >= date(self.adopted, 12, 31)

    def citations(self, prefix: str) -> list[Citation]:
        """The guideline's sources, keyed ``{prefix}:{id}:{n}``."""
        return _citations(f"{prefix}:{self.id}", self.sources)


class Membership(_Frozen):
    """One spell of one state in an arrangement.

    ``signed`` is the date the state signed the treaty or its accession
    protocol (ATOP dates obligations from it); ``joined`` is the date its
    membership took effect and defaults to the arrangement's start (entry into
    force, else signature); ``left`` empty means still a member (or until the arrangement
    ended). Both ends are inclusive. A state that left and rejoined has two
    spells.

    ``suspended`` is the day the arrangement suspended all practical
    cooperation with a state that stays formally listed (NATO and Russia in
    the Partnership for Peace from 1 April 2014): from that day date queries
    no longer count the state as taking part, and ``left`` stays empty unless
    the state formally left.

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
    suspended: date | None = None
    role: Role = Role.MEMBER
    planned_quantity: int | None = Field(default=None, ge=0)
    notes: Text | None = None

    @property
    def start_known(self) -> bool:
        """Whether the spell's start is known (``False`` for an ``as_of`` spell)."""
        return self.as_of is None


class OrganizationParticipation(_Frozen):
    """An international organisation taking part in an arrangement beside its states.

    The European Union in the Australia Group, the European Commission as an
    observer of the Nuclear Suppliers Group. It is not a member state: member
    counts, partner and mismatch queries read ``members`` only. Its start
    follows :class:`Membership`: ``joined`` when a source gives it, else
    ``as_of`` the date it is attested (never both), else the arrangement's
    start.
    """

    name: Text
    role: Role = Role.MEMBER
    joined: date | None = None
    as_of: date | None = None
    notes: Text | None = None


class Milestone(_Frozen):
    """A dated change in an arrangement that is not a membership spell.

    For example the activation of a brigade that takes over a battlegroup:
    the states taking part are unchanged, but what they field is not.
    ``timeline()`` lists milestones as ``milestone`` events.
    """

    date: date
    event: Text


class PartialMembers(_Frozen):
    """A member list known to be incomplete: the parties the sources gave, not all of them.

    Attributes
    ----------
    reported_count
        How many members the cited source reports on ``reported_on``.
    reported_on
        The date that count refers to.
    notes
        Why the list is partial, which members it holds and how a query
        should read it, in a few sentences.

    Notes
    -----
    A state listed among the ``members`` is a member from its join date; a
    state that is not listed may be a member the catalog has not recorded, so
    queries about the arrangement count it as unknown, never as a non-member
    (:func:`~allied.catalog.export_control_mismatch` reports such a regime
    under ``unknown``).
    """

    reported_count: int = Field(ge=1)
    reported_on: date
    notes: Text


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
    guidelines
        Spending guidelines the arrangement adopted (:class:`Guideline`),
        tested by :mod:`allied.measures.burden` from their adoption on.
    organizations
        International organisations that take part beside the member states
        (:class:`OrganizationParticipation`); not counted as members.
    embargo
        For an arms embargo (kind ``arms_embargo``, and only then): who
        imposed it, on whom, how far and by which acts (:class:`EmbargoTerms`).
    partial_members
        Set when the ``members`` are known to be incomplete
        (:class:`PartialMembers`): the count the source reports and the date
        of that count. Empty (the default) means the list is complete.
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
    guidelines: list[Guideline] = Field(default_factory=list)
    embargo: EmbargoTerms | None = None
    organizations: list[OrganizationParticipation] = Field(default_factory=list)
    members: list[Membership] = Field(default_factory=list)
    partial_members: PartialMembers | None = None
    sources: list[Source] = Field(min_length=1)

    @property
    def members_complete(self) -> bool:
        """Whether ``members`` lists every member (no :class:`PartialMembers` note)."""
        return self.partial_members is None

    def citations(self) -> list[Citation]:
        """The sources of this arrangement, as citations."""
        return _citations(self.id, self.sources)

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
        """The last day the state takes part in a spell (``None``: ongoing).

        The earliest of the spell's own end, the arrangement's end and the day
        before its participation was suspended.
        """
        ends = [membership.left, self.ended]
        if membership.suspended is not None:
            ends.append(membership.suspended - timedelta(days=1))
        known = [end for end in ends if end is not None]
        return min(known) if known else None

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
