"""Explanatory and normative models of defense collaboration.

Every public name is exported here (``from allied.models import shapley_value``);
the implementation modules are private:

- ``_alliance_economics``: the public-good model of alliances (Olson &
  Zeckhauser; Sandler) with summation, weakest-link and best-shot
  technologies (:func:`public_good_equilibrium`, :func:`best_response`).
- ``_cost_sharing``: splitting a common cost: equal, proportional, GNI
  formulas with caps, the Shapley value, the nucleolus, the airport game, and
  the core (:func:`shapley_value`, :func:`nucleolus`, :func:`core_check` ...);
  ``_cost_share_input``: the YAML input of ``allied cost-share``
  (:func:`load_cost_share`).
- ``_voting_power``: exact Banzhaf and Shapley-Shubik power under weighted,
  double-majority, unanimity and veto rules (the catalog's decision rules;
  :func:`voting_power`).
- ``_programs``: multinational program economics: learning curves, Hartley's
  square-root rule, pooled production and work-share allocation (juste retour
  or OCCAR's global balance); ``_program_spec``: program specs in YAML
  (:func:`load_program`, :func:`program_plan`).
- ``_partner_indicators``: partner-fit indicators of dyad-years, their
  registry and sources (:func:`partner_indicators`, :data:`INDICATORS`,
  :func:`dyad_indicators`, :func:`focal_indicators`).
- ``_econometrics``: econometric tests of burden sharing:
  :func:`olson_zeckhauser_test` (the exploitation hypothesis) and
  :func:`joint_product_regression` (spill-ins).
- ``_partner_weights``, ``_partner_scores``, ``_partner_ranking``: partner fit and the
  challenges of collaboration: weights with their reasons (:func:`load_weights`), scores
  that are sums of named contributions (:func:`score_dyads`), :func:`assess`,
  :func:`rank` and :func:`rank_stability`; also gathered in :mod:`allied.models.partners`.

The old module paths (``allied.models.cost_sharing``, ``.voting_power``,
``.programs``, ``.alliance_economics``) still work and warn
(:class:`DeprecationWarning`).

Every analysis returns a result object (:class:`Allocation`,
:class:`VotingPower`, :class:`ProgramPlan`, :class:`Equilibrium` ...) with
``to_frame()``, ``summary()`` and an HTML view in notebooks
(:class:`allied._results.Result`).

Examples
--------
>>> from allied.models import public_good_equilibrium, airport_shapley, voting_power
>>> public_good_equilibrium([100, 80, 60], alpha=0.5).contributions.tolist()
[40.0, 20.0, 0.0]
>>> [round(float(x), 4) for x in airport_shapley([1, 2, 3]).amounts]
[0.3333, 0.8333, 1.8333]
>>> round(float(voting_power("unsc").shapley_shubik["USA"]), 5)
0.19627
"""

from allied._moved import load_old_paths
from allied.models._alliance_economics import (
    TECHNOLOGIES,
    Equilibrium,
    Utility,
    best_response,
    public_good_equilibrium,
)
from allied.models._cost_share_input import (
    COST_SHARE_FIELDS,
    COST_SHARE_METHODS,
    CostShareSpec,
    load_cost_share,
)
from allied.models._cost_sharing import (
    MAX_EXACT_SHAPLEY,
    MAX_NUCLEOLUS,
    MAX_TABLE,
    Allocation,
    CoreCheck,
    CostGame,
    airport_game,
    airport_nucleolus,
    airport_shapley,
    core_check,
    equal_shares,
    formula_shares,
    nucleolus,
    proportional_shares,
    shapley_value,
)
from allied.models._econometrics import (
    JointProductResult,
    OlsonZeckhauserResult,
    joint_product_regression,
    olson_zeckhauser_test,
)
from allied.models._partner_backtest import (
    Finding,
    Metrics,
    ModelRun,
    ObligationBacktest,
    PartnerBacktest,
    backtest,
)
from allied.models._partner_estimated import estimated_weights
from allied.models._partner_indicators import (
    INDICATORS,
    Indicator,
    PartnerIndicators,
    dyad_indicators,
    focal_indicators,
    partner_indicators,
)
from allied.models._partner_ranking import (
    PartnerAssessment,
    PartnerRanking,
    RankStability,
    assess,
    rank,
    rank_stability,
)
from allied.models._partner_scores import PartnerScores, score_dyads
from allied.models._partner_weights import (
    PARTNER_KINDS,
    IndicatorWeight,
    PartnerWeights,
    load_weights,
)
from allied.models._program_spec import (
    Figure,
    LearningCurveSpec,
    Partner,
    ProgramSpec,
    Source,
    WorkPackage,
    load_program,
    program_ids,
    program_table,
)
from allied.models._programs import (
    CollaborationEconomics,
    LearningCurve,
    PoolingSavings,
    ProgramPlan,
    WorkSharePlan,
    collaboration_economics,
    pooling_savings,
    program_plan,
    work_share_plan,
)
from allied.models._voting_power import (
    VotingGame,
    VotingPower,
    banzhaf_index,
    double_majority_game,
    game_from_rule,
    shapley_shubik_index,
    unanimity_game,
    veto_game,
    voting_power,
    weighted_game,
)

__all__ = [
    "COST_SHARE_FIELDS",
    "COST_SHARE_METHODS",
    "INDICATORS",
    "MAX_EXACT_SHAPLEY",
    "MAX_NUCLEOLUS",
    "MAX_TABLE",
    "PARTNER_KINDS",
    "TECHNOLOGIES",
    "Allocation",
    "CollaborationEconomics",
    "CoreCheck",
    "CostGame",
    "CostShareSpec",
    "Equilibrium",
    "Figure",
    "Finding",
    "Indicator",
    "IndicatorWeight",
    "JointProductResult",
    "LearningCurve",
    "LearningCurveSpec",
    "Metrics",
    "ModelRun",
    "ObligationBacktest",
    "OlsonZeckhauserResult",
    "Partner",
    "PartnerAssessment",
    "PartnerBacktest",
    "PartnerIndicators",
    "PartnerRanking",
    "PartnerScores",
    "PartnerWeights",
    "PoolingSavings",
    "ProgramPlan",
    "ProgramSpec",
    "RankStability",
    "Source",
    "Utility",
    "VotingGame",
    "VotingPower",
    "WorkPackage",
    "WorkSharePlan",
    "airport_game",
    "airport_nucleolus",
    "airport_shapley",
    "assess",
    "backtest",
    "banzhaf_index",
    "best_response",
    "collaboration_economics",
    "core_check",
    "double_majority_game",
    "dyad_indicators",
    "equal_shares",
    "estimated_weights",
    "focal_indicators",
    "formula_shares",
    "game_from_rule",
    "joint_product_regression",
    "load_cost_share",
    "load_program",
    "load_weights",
    "nucleolus",
    "olson_zeckhauser_test",
    "partner_indicators",
    "pooling_savings",
    "program_ids",
    "program_plan",
    "program_table",
    "proportional_shares",
    "public_good_equilibrium",
    "rank",
    "rank_stability",
    "score_dyads",
    "shapley_shubik_index",
    "shapley_value",
    "unanimity_game",
    "veto_game",
    "voting_power",
    "weighted_game",
    "work_share_plan",
]

# The deprecated module paths, loaded now: importing one later would rebind the attribute
# allied.models.voting_power, the function, to the old module of that name.
load_old_paths(__name__, ["alliance_economics", "cost_sharing", "programs", "voting_power"])
