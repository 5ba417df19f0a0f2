"""The public names of each package, so that a removal is a deliberate change."""

import importlib

import allied
import allied.catalog
import allied.cite
import allied.errors
import allied.measures
import allied.measures.burden
import allied.measures.indicators
import allied.measures.network
import allied.measures.similarity
import allied.models
import allied.panel
import allied.report
import allied.sharing
import allied.sources
import allied.states

# Function and module share the names voting_power (as in networkx), so take the modules
# from the import system rather than as attributes of allied.models.
cost_sharing = importlib.import_module("allied.models.cost_sharing")
programs = importlib.import_module("allied.models.programs")
voting_power = importlib.import_module("allied.models.voting_power")


def test_public_api() -> None:
    assert set(allied.states.__all__) == {
        "CodeSystem",
        "NoArmedForces",
        "State",
        "armed_forces_absent",
        "code_spells",
        "lookup",
        "resolve",
        "search",
        "table",
        "without_armed_forces",
    }
    assert {
        "arrangements",
        "members",
        "partners_of",
        "timeline",
        "load_catalog",
        "Arrangement",
        "Kind",
        "Role",
        "Obligation",
        "Domain",
        "compare_with_atop",
    } <= set(allied.catalog.__all__)
    assert set(allied.report.__all__) == {"Brief", "build_brief", "catalog_summary", "write_brief"}
    assert {"InputError", "DataNotAvailableError", "CatalogError"} <= set(allied.errors.__all__)
    assert {"cite", "Citation"} <= set(allied.cite.__all__)
    assert {
        "datasets",
        "dataset",
        "import_dataset",
        "pull",
        "load",
        "status",
        "manifest",
        "data_dir",
    } <= set(allied.sources.__all__)
    assert {
        "Panel",
        "state_years",
        "dyad_years",
        "coexistence_gaps",
        "add_atop",
        "add_nmc",
        "add_majors",
        "add_gdp",
        "add_milex",
        "add_ideal_points",
        "add_catalog",
    } <= set(allied.panel.__all__)
    assert {"similarity_table", "add_similarity", "portfolios"} <= set(allied.measures.__all__)
    assert {"s_score", "cohen_kappa", "scott_pi", "tau_b", "s_matrix"} <= set(
        allied.measures.similarity.__all__
    )
    assert {"atop_graph", "catalog_graph", "node_measures", "polarization", "write_graph"} <= set(
        allied.measures.network.__all__
    )
    assert {"BurdenTable", "burden_frame", "burden_table"} <= set(allied.measures.burden.__all__)
    assert {"BurdenTable", "burden_frame", "burden_table"} <= set(allied.measures.__all__)
    assert {
        "BurdenInputs",
        "burden_inputs",
        "spending_guidelines",
        "embedded_indicators",
        "indicator_citations",
        "nato_shares",
    } <= set(allied.panel.__all__)
    assert {
        "OlsonZeckhauserResult",
        "JointProductResult",
        "olson_zeckhauser_test",
        "joint_product_regression",
    } <= set(allied.models.__all__)
    assert {"public_good_equilibrium", "Equilibrium"} <= set(allied.models.__all__)
    assert {
        "Allocation",
        "CostGame",
        "airport_game",
        "airport_shapley",
        "core_check",
        "equal_shares",
        "formula_shares",
        "nucleolus",
        "proportional_shares",
        "shapley_value",
    } <= set(cost_sharing.__all__)
    assert {
        "VotingGame",
        "VotingPower",
        "banzhaf_index",
        "double_majority_game",
        "game_from_rule",
        "shapley_shubik_index",
        "unanimity_game",
        "veto_game",
        "voting_power",
        "weighted_game",
    } <= set(voting_power.__all__)
    assert {
        "LearningCurve",
        "collaboration_economics",
        "load_program",
        "pooling_savings",
        "program_plan",
        "programs",
        "work_share_plan",
    } <= set(programs.__all__)
    assert {"DecisionRule", "decision_rule", "decision_rules"} <= set(allied.catalog.__all__)
    assert {
        "Recipient",
        "decide",
        "parse_markings",
        "marking_from_definition",
        "filter_bundle",
        "filter_objects",
        "open_storage",
        "verify_audit",
    } <= set(allied.sharing.__all__)
    modules = (
        allied.states,
        allied.catalog,
        allied.report,
        allied.errors,
        allied.cite,
        allied.sources,
        allied.panel,
        allied.measures,
        allied.measures.similarity,
        allied.measures.network,
        allied.measures.burden,
        allied.measures.indicators,
        allied.models,
        allied.sharing,
        cost_sharing,
        programs,
        voting_power,
    )
    for module in modules:
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
    assert allied.__version__
