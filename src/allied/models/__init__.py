"""Explanatory and normative models of defense collaboration.

- :mod:`~allied.models.alliance_economics`: the public-good model of alliances
  (Olson & Zeckhauser; Sandler) with summation, weakest-link and best-shot
  technologies.
- :mod:`~allied.models.cost_sharing`: splitting a common cost: equal,
  proportional, GNI formulas with caps, the Shapley value, the nucleolus, the
  airport game, and the core.
- :mod:`~allied.models.voting_power`: exact Banzhaf and Shapley-Shubik power
  under weighted, double-majority, unanimity and veto rules (the catalog's
  decision rules).
- econometric tests of burden sharing: :func:`olson_zeckhauser_test` (the
  exploitation hypothesis) and :func:`joint_product_regression` (spill-ins).
- :mod:`~allied.models.programs`: multinational program economics: learning
  curves, Hartley's square-root rule, pooled production and work-share
  allocation (juste retour or OCCAR's global balance).

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

from allied.models._econometrics import (
    JointProductResult,
    OlsonZeckhauserResult,
    joint_product_regression,
    olson_zeckhauser_test,
)
from allied.models.alliance_economics import (
    TECHNOLOGIES,
    Equilibrium,
    best_response,
    public_good_equilibrium,
)
from allied.models.cost_sharing import (
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
from allied.models.programs import (
    CollaborationEconomics,
    LearningCurve,
    PoolingSavings,
    ProgramPlan,
    ProgramSpec,
    WorkSharePlan,
    collaboration_economics,
    load_program,
    pooling_savings,
    program_plan,
    work_share_plan,
)
from allied.models.voting_power import (
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
    "TECHNOLOGIES",
    "Allocation",
    "CollaborationEconomics",
    "CoreCheck",
    "CostGame",
    "Equilibrium",
    "JointProductResult",
    "LearningCurve",
    "OlsonZeckhauserResult",
    "PoolingSavings",
    "ProgramPlan",
    "ProgramSpec",
    "VotingGame",
    "VotingPower",
    "WorkSharePlan",
    "airport_game",
    "airport_nucleolus",
    "airport_shapley",
    "banzhaf_index",
    "best_response",
    "collaboration_economics",
    "core_check",
    "double_majority_game",
    "equal_shares",
    "formula_shares",
    "game_from_rule",
    "joint_product_regression",
    "load_program",
    "nucleolus",
    "olson_zeckhauser_test",
    "pooling_savings",
    "program_plan",
    "proportional_shares",
    "public_good_equilibrium",
    "shapley_shubik_index",
    "shapley_value",
    "unanimity_game",
    "veto_game",
    "voting_power",
    "weighted_game",
    "work_share_plan",
]
