"""The curated catalog of defense collaboration arrangements.

One YAML file per arrangement under ``data/`` (bilateral treaties,
multilateral alliances, partnership frameworks, joint programs, missions,
information-sharing agreements and organizations), each with members and
their dates and roles, obligations in ATOP's vocabulary, domains, parent
links, the ATOP id where ATOP codes the treaty, the decision rule its main
body decides by, dated milestones, the terms of information-sharing
arrangements (highest level, level equivalences, third-party rule), and
sources. Loading validates everything and reports each problem with its file,
line and field.

Legal limits on arms and technology transfer are recorded beside the
collaborations, as two kinds that are not collaborations
(:data:`LEGAL_KINDS`): export-control regimes (Wassenaar Arrangement, MTCR,
Nuclear Suppliers Group, Australia Group, and the Arms Trade Treaty, whose
list of states parties is partial: :class:`PartialMembers`) with their
participating states, and UN and EU arms embargoes with their target states
or non-state groups, scope and legal instruments (:class:`EmbargoTerms`).
:func:`export_control_mismatch`, :func:`embargoes_on` and
:func:`group_embargoes_in` query them for a dyad or a state on a date.

Decision rules (``rules/``, one YAML file each: EU Council qualified majority
and unanimity, NATO consensus, UN Security Council, EEC Council of 1958) are
data too: members, integer weights with their sources, veto players and the
winning condition; :func:`decision_rule` loads one by id or from a file, and
:func:`allied.models.voting_power` computes the members' voting power.

References
----------
.. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
"""

from allied.catalog._atop import AtopDisagreement, compare_with_atop
from allied.catalog._legal import (
    RegimeMismatch,
    embargoes_on,
    export_control_mismatch,
    group_embargoes_in,
)
from allied.catalog._load import validate_file
from allied.catalog._query import (
    CATALOG_ENV,
    Catalog,
    arrangements,
    load_catalog,
    members,
    partners_of,
    sides,
    targets,
    timeline,
)
from allied.catalog._rules import (
    DecisionRule,
    RuleClause,
    RuleCondition,
    RuleWeight,
    decision_rule,
    decision_rules,
)
from allied.catalog._schema import (
    COLLABORATION_KINDS,
    LEGAL_KINDS,
    Arrangement,
    AtopDifference,
    ClassificationLevel,
    Domain,
    EmbargoBody,
    EmbargoInstrument,
    EmbargoScope,
    EmbargoTarget,
    EmbargoTerms,
    Guideline,
    GuidelineMetric,
    Kind,
    LevelEquivalence,
    Membership,
    Milestone,
    NonStateTarget,
    Obligation,
    OrganizationParticipation,
    PartialMembers,
    Role,
    SharingTerms,
    Source,
    Status,
)

__all__ = [
    "CATALOG_ENV",
    "COLLABORATION_KINDS",
    "LEGAL_KINDS",
    "Arrangement",
    "AtopDifference",
    "AtopDisagreement",
    "Catalog",
    "ClassificationLevel",
    "DecisionRule",
    "Domain",
    "EmbargoBody",
    "EmbargoInstrument",
    "EmbargoScope",
    "EmbargoTarget",
    "EmbargoTerms",
    "Guideline",
    "GuidelineMetric",
    "Kind",
    "LevelEquivalence",
    "Membership",
    "Milestone",
    "NonStateTarget",
    "Obligation",
    "OrganizationParticipation",
    "PartialMembers",
    "RegimeMismatch",
    "Role",
    "RuleClause",
    "RuleCondition",
    "RuleWeight",
    "SharingTerms",
    "Source",
    "Status",
    "arrangements",
    "compare_with_atop",
    "decision_rule",
    "decision_rules",
    "embargoes_on",
    "export_control_mismatch",
    "group_embargoes_in",
    "load_catalog",
    "members",
    "partners_of",
    "sides",
    "targets",
    "timeline",
    "validate_file",
]
