"""Partner-fit indicators: the registry, symmetry, NaN for missing inputs, exact values.

Two kinds of input: the tiny cache of conftest.py (1990: the United States, the
United Kingdom, France, West Germany to 2 October and Germany from 3 October) read
by ``partner_inputs``, and
hand-built :class:`PartnerInputs` whose every value is written in the test.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from allied.catalog import Arrangement
from allied.cite import cite
from allied.errors import InputError, NotFoundError
from allied.models import (
    INDICATORS,
    PartnerIndicators,
    collaboration_economics,
    dyad_indicators,
    focal_indicators,
    partner_indicators,
    pooling_savings,
    unanimity_game,
    voting_power,
)
from allied.models._partner_indicators import (
    REFERENCE_UNITS,
    _log_sum_and_ratio,
    production_savings,
    program_savings,
    reference_quantities,
)
from allied.models._programs import LearningCurve
from allied.panel import AlliancePortfolios, Panel, PartnerInputs, Provenance, partner_inputs

SCORED = [i.name for i in INDICATORS if not i.detail]


# --------------------------------------------------------------------------- the registry


def test_the_registry_names_each_indicator_once_with_a_factor_meaning_and_sources() -> None:
    names = [i.name for i in INDICATORS]
    assert len(names) == len(set(names))
    assert all(i.factor and i.meaning and i.sources and i.unit for i in INDICATORS)
    assert {i.name for i in INDICATORS if not i.symmetric} == {
        *("program_saving_1", "program_saving_2"),
        *("production_saving_1", "production_saving_2"),
        *("import_share_1from2", "import_share_2from1"),
        *("arms_exports_log_1", "arms_exports_log_2"),
    }


def test_every_registered_source_is_a_dataset_or_the_catalog() -> None:
    from allied.sources import datasets

    known = {d.name for d in datasets()} | {"catalog"}
    assert {s for i in INDICATORS for s in i.sources} <= known


# --------------------------------------------------------------------------- tiny cache


@pytest.fixture
def tiny_1990(tiny_cache: Path) -> PartnerIndicators:
    return partner_indicators(partner_inputs(1990, directed=True))


def _at(table: PartnerIndicators, a: int, b: int) -> pd.Series:
    frame = table.frame
    row = frame[(frame["ccode1"] == a) & (frame["ccode2"] == b)]
    assert len(row) == 1
    return row.iloc[0]


def test_partner_inputs_build_the_enriched_panel_and_catalog_rows(tiny_cache: Path) -> None:
    inputs = partner_inputs("1990", directed=False)
    frame = inputs.frame
    # Five states, but West Germany (260) and Germany (255) never coexisted: 9 dyads.
    assert len(frame) == 9 and (frame["ccode1"] < frame["ccode2"]).all()
    usa_gbr = frame[(frame["ccode1"] == 2) & (frame["ccode2"] == 200)].iloc[0]
    assert (usa_gbr["iso1"], usa_gbr["iso2"]) == ("USA", "GBR")
    assert usa_gbr["ideal_point_distance"] == pytest.approx(3.11 - 1.5)
    assert math.isnan(usa_gbr["ideal_point_distance_before"])  # no ideal points for 1980
    nato = inputs.memberships.query("arrangement == 'nato' and year == 1990")
    # Germany's membership goes to the code it held on 31 December 1990: 255.
    assert {2, 200, 220, 255} <= set(nato["ccode"]) and 260 not in set(nato["ccode"])
    assert inputs.years == (1990, 1990) and not inputs.directed
    assert "nato" in inputs.provenance.sources and "atop" in inputs.provenance.sources


def test_every_scored_indicator_is_the_same_for_both_orders(tiny_1990: PartnerIndicators) -> None:
    frame = tiny_1990.frame.set_index(["ccode1", "ccode2"])
    mirrored = frame.copy()
    mirrored.index = mirrored.index.swaplevel().rename(frame.index.names)
    mirrored = mirrored.loc[frame.index]
    pd.testing.assert_frame_equal(frame[SCORED], mirrored[SCORED])
    details = [("program_saving_1", "program_saving_2")]
    details += [("production_saving_1", "production_saving_2")]
    details += [("import_share_1from2", "import_share_2from1")]
    details += [("arms_exports_log_1", "arms_exports_log_2")]
    for one, two in details:
        pd.testing.assert_series_equal(frame[one], mirrored[two], check_names=False)


def test_the_tiny_year_has_its_hand_worked_values(tiny_1990: PartnerIndicators) -> None:
    usa_gbr = _at(tiny_1990, 2, 200)
    assert usa_gbr["regime_similarity"] == pytest.approx(1 - abs(0.863 - 0.816))
    assert usa_gbr["cinc_sum"] == pytest.approx(0.141448 + 0.03)
    assert usa_gbr["nato_standardization"] == 2  # both NATO members on 31 Dec 1990
    assert usa_gbr["shared_alliances"] == 1  # NATO (the WEU has no US)
    # NATO is their largest shared arrangement; its rule is unanimity of its 32 Allies.
    assert usa_gbr["decision_cost"] == pytest.approx(1 - 2.0**-32)
    # Germany's 1990 GDP goes to the code it held at the end of the year, 255.
    usa_deu = _at(tiny_1990, 2, 255)
    assert usa_deu["gdp_log_sum"] == pytest.approx(math.log10(5963144000000 + 1771671206875))
    assert usa_deu["gdp_ratio_log"] == pytest.approx(math.log10(5963144000000 / 1771671206875))
    usa_frg = _at(tiny_1990, 2, 260)
    # West Germany holds NATO membership until 2 October 1990, so on 31 December it
    # belongs to nothing: no shared arrangement, a new bilateral's decision cost.
    assert (usa_frg["nato_standardization"], usa_frg["decision_cost"]) == (0, 0.75)


def test_a_missing_input_gives_nan_never_zero(tiny_1990: PartnerIndicators) -> None:
    usa_frg = _at(tiny_1990, 2, 260)
    assert math.isnan(usa_frg["ideal_point_distance"])  # no 1990 ideal point for 260
    gbr_frg = _at(tiny_1990, 200, 260)
    # The tiny SIPRI file has no constant-dollar figure for either.
    for name in ("milex_log_sum", "milex_ratio_log", "program_saving_min"):
        assert math.isnan(gbr_frg[name])
    assert math.isnan(gbr_frg["gdp_log_sum"])  # no World Bank GDP for the UK


def test_years_after_atop_have_no_similarity_and_future_years_are_refused(
    tiny_cache: Path,
) -> None:
    table = partner_indicators(partner_inputs(2020))
    assert table.frame["s_abs"].isna().all() and table.frame["kappa"].isna().all()
    assert (table.frame["rivalry"].notna()).all()  # rivalries reach 2020
    with pytest.raises(InputError, match="future"):
        partner_inputs(2999)


def test_a_result_shows_cites_and_copies_itself(tiny_1990: PartnerIndicators) -> None:
    text = tiny_1990.summary()
    assert text.startswith("Partner-fit indicators: 18 directed dyad-years, 1990")
    assert "catalog entries" in text
    keys = {c.key for c in cite(tiny_1990)}
    assert {"signorino_ritter_1999", "hage_2011", "coleman_1971", "hartley_2008"} <= keys
    copy = tiny_1990.to_frame()
    copy.loc[0, "s_abs"] = 99.0
    assert tiny_1990.frame.loc[0, "s_abs"] != 99.0


def test_dyad_and_focal_indicators_resolve_names_and_refuse_bad_states(tiny_cache: Path) -> None:
    one = dyad_indicators("United States", "United Kingdom", year=1990)
    assert len(one) == 1 and one.frame.loc[0, "ccode2"] == 200
    assert one.frame.loc[0, "regime_similarity"] == pytest.approx(1 - abs(0.863 - 0.816))
    focal = focal_indicators("USA", year=1990)
    assert focal.frame["ccode2"].tolist() == [200, 220, 255, 260]
    with pytest.raises(NotFoundError, match="unknown state"):
        dyad_indicators("USA", "Atlantis", year=1990)
    with pytest.raises(InputError, match="same state"):
        dyad_indicators("USA", "United States", year=1990)
    with pytest.raises(InputError, match="not a member of the COW state system in 1990"):
        focal_indicators("Andorra", year=1990)
    with pytest.raises(InputError, match="year 1700 is outside the COW state system"):
        focal_indicators("USA", year=1700)


def test_partner_indicators_refuses_anything_but_inputs() -> None:
    with pytest.raises(InputError, match="PartnerInputs"):
        partner_indicators(pd.DataFrame())  # type: ignore[arg-type]


def test_partner_indicators_names_the_input_columns_it_lacks() -> None:
    inputs = _hand_inputs()
    thinner = dataclasses.replace(
        inputs, panel=Panel(inputs.frame.drop(columns="cinc2"), "dyad-year", "cow")
    )
    with pytest.raises(InputError, match=r"lacks the column\(s\) cinc2"):
        partner_indicators(thinner)


# --------------------------------------------------------------------------- hand-built


def _arrangement(identifier: str, kind: str, **fields: Any) -> Arrangement:
    return Arrangement.model_validate(
        {
            "id": identifier,
            "name": identifier,
            "kind": kind,
            "in_force": "1950-01-01",
            "status": "active",
            "description": "test",
            "sources": [
                {"citation": "test", "url": "https://example.org", "accessed": "2026-01-01"}
            ],
            **fields,
        }
    )


def _embargo(identifier: str, body: str, target: str) -> Arrangement:
    terms = {
        "imposed_by": body,
        "targets": [{"state": target, "scope": "full", "covers": "arms"}],
        "instruments": [{"reference": "x", "date": "1950-01-01", "effect": "imposed"}],
    }
    return _arrangement(identifier, "arms_embargo", embargo=terms)


ARRANGEMENTS = {
    a.id: a
    for a in [
        _arrangement("nato", "multilateral_alliance", members=[{"state": "USA"}]),
        _arrangement("pfp", "partnership_framework", parent="nato", members=[{"state": "USA"}]),
        _arrangement("eu_csdp", "partnership_framework", members=[{"state": "FRA"}]),
        _arrangement("club", "organization", members=[{"state": "USA"}]),
        _arrangement("regime_a", "export_control_regime", members=[{"state": "USA"}]),
        _arrangement("regime_b", "export_control_regime", members=[{"state": "USA"}]),
        _embargo("un_on_c", "un_security_council", "USA"),
        _embargo("eu_on_c", "european_union", "USA"),
    ]
}
# States 1, 2, 3, 4 in 2000 (the memberships are given as rows; the arrangements' own
# member lists are not read).
MEMBERSHIPS = pd.DataFrame(
    [
        (1, "nato"),
        (2, "nato"),
        (3, "pfp"),
        (4, "eu_csdp"),
        (1, "club"),
        (2, "club"),
        (3, "club"),
        (1, "regime_a"),
        (1, "regime_b"),
        (2, "regime_a"),
        (3, "eu_csdp"),
    ],
    columns=["ccode", "arrangement"],
).assign(year=2000, relation="member")
TARGETS = pd.DataFrame(
    {"ccode": [3], "year": [2000], "arrangement": ["eu_on_c"], "relation": ["full"]}
)

STATE = pd.DataFrame(
    {
        "ccode": [1, 2, 3, 4],
        "ideal_point": [1.0, 1.5, np.nan, -0.5],
        "ideal_point_before": [1.2, 1.0, 0.0, 0.0],
        "v2x_polyarchy": [0.9, 0.8, 0.2, np.nan],
        "gdp_usd_current": [1e12, 1e11, 1e10, 1e9],
        "milex_usd_constant": [3e10, 1e10, 0.0, np.nan],
        "cinc": [0.1, 0.05, 0.01, 0.002],
    }
).set_index("ccode")


#: Window columns taken as they are (one value for every dyad here).
WINDOWS = {
    "mids_10y": 2.0,
    "common_adversaries": 1.0,
    "different_main_adversary": 0.0,
    "arms_flow_log": 1.5,
    "import_share_1from2": 0.2,
    "import_share_2from1": 0.4,
    "import_share_max": 0.4,
    "supplier_similarity": 0.7,
    "supplier_dissimilarity": 0.3,
}
EXPORTS = {1: 999.0, 2: 99.0, 3: 0.0, 4: 9.0}


def _hand_inputs(extra_rows: pd.DataFrame | None = None) -> PartnerInputs:
    codes = [(a, b) for a in STATE.index for b in STATE.index if a != b]
    frame = pd.DataFrame(codes, columns=["ccode1", "ccode2"]).assign(year=2000)
    frame["iso1"] = frame["ccode1"].map({1: "USA", 2: "GBR", 3: "FRA", 4: "DEU"})
    frame["iso2"] = frame["ccode2"].map({1: "USA", 2: "GBR", 3: "FRA", 4: "DEU"})
    for side in ("1", "2"):
        values = STATE.loc[frame[f"ccode{side}"]].reset_index(drop=True)
        for column in ("v2x_polyarchy", "gdp_usd_current", "milex_usd_constant", "cinc"):
            frame[f"{column}{side}"] = values[column].to_numpy()
    ideal = [STATE.loc[frame[f"ccode{s}"], "ideal_point"].to_numpy() for s in "12"]
    before = [STATE.loc[frame[f"ccode{s}"], "ideal_point_before"].to_numpy() for s in "12"]
    frame["ideal_point_distance"] = np.abs(ideal[0] - ideal[1])
    frame["ideal_point_distance_before"] = np.abs(before[0] - before[1])
    frame["capdist"] = [999.0 if {a, b} == {1, 2} else 99.0 for a, b in codes]
    frame["ongoingrivalry"] = pd.array(
        [1 if {a, b} == {1, 3} else 0 for a, b in codes], dtype="Int64"
    )
    for name, value in WINDOWS.items():
        frame[name] = value
    frame["years_since_dispute"] = [5.0 if {a, b} == {1, 3} else np.nan for a, b in codes]
    frame["arms_exports_log_1"] = np.log10(1 + frame["ccode1"].map(EXPORTS))
    frame["arms_exports_log_2"] = np.log10(1 + frame["ccode2"].map(EXPORTS))
    members = pd.DataFrame({"ccode": STATE.index, "year": 2000})
    ties = pd.DataFrame(
        {"ccode1": [1, 2], "ccode2": [2, 1], "year": [2000, 2000], "defense": [1, 1]}
    ).assign(offense=0, neutral=0, nonagg=0, consul=0)
    rows = pd.concat([MEMBERSHIPS, TARGETS, *([] if extra_rows is None else [extra_rows])])
    return PartnerInputs(
        panel=Panel(frame, "dyad-year", "cow", directed=True),
        portfolios=AlliancePortfolios.from_frames(members, ties),
        memberships=rows.reset_index(drop=True),
        arrangements=ARRANGEMENTS,
        years=(2000, 2000),
        directed=True,
        provenance=Provenance(),
    )


@pytest.fixture(scope="module")
def hand() -> PartnerIndicators:
    return partner_indicators(_hand_inputs())


def _pair(table: PartnerIndicators, a: int, b: int) -> pd.Series:
    frame = table.frame
    return frame[(frame["ccode1"] == a) & (frame["ccode2"] == b)].iloc[0]


def test_hand_case_political_and_economic_values(hand: PartnerIndicators) -> None:
    one_two = _pair(hand, 1, 2)
    assert one_two["ideal_point_distance"] == pytest.approx(0.5)
    assert one_two["ideal_point_change_10y"] == pytest.approx(0.5 - 0.2)
    assert one_two["regime_similarity"] == pytest.approx(0.9)
    assert one_two["capdist_log"] == 3.0  # log10(1 + 999 km)
    assert _pair(hand, 1, 3)["capdist_log"] == 2.0
    assert one_two["gdp_log_sum"] == pytest.approx(math.log10(1.1e12))
    assert one_two["gdp_ratio_log"] == pytest.approx(1.0)
    assert one_two["milex_log_sum"] == pytest.approx(math.log10(4e10))
    assert one_two["milex_ratio_log"] == pytest.approx(math.log10(3))
    assert one_two["cinc_sum"] == pytest.approx(0.15)
    assert one_two["program_saving_1"] == pytest.approx(1 - 0.75 * math.sqrt(2))
    assert one_two["program_saving_min"] == one_two["program_saving_1"]
    assert one_two["s_abs"] == pytest.approx(1.0)  # identical portfolios
    # A state with no military expenditure: no ratio to take, but its share is 0.
    one_three = _pair(hand, 1, 3)
    assert math.isnan(one_three["milex_ratio_log"])
    assert one_three["program_saving_2"] == pytest.approx(1.0)
    assert one_three["rivalry"] == 1 and _pair(hand, 1, 4)["rivalry"] == 0
    assert math.isnan(_pair(hand, 1, 4)["milex_log_sum"])  # 4's expenditure unknown
    assert math.isnan(_pair(hand, 1, 3)["ideal_point_distance"])


def test_hand_case_window_values(hand: PartnerIndicators) -> None:
    one_three, one_two = _pair(hand, 1, 3), _pair(hand, 1, 2)
    for name, value in WINDOWS.items():
        assert one_three[name] == value
    assert one_three["dispute_recency"] == pytest.approx(1 - 5 / 20)
    assert math.isnan(one_two["dispute_recency"])  # years since dispute unknown
    assert one_three["arms_exports_log_max"] == pytest.approx(3.0)
    assert _pair(hand, 3, 4)["arms_exports_log_max"] == pytest.approx(1.0)


def test_hand_case_catalog_values(hand: PartnerIndicators) -> None:
    one_two, one_three = _pair(hand, 1, 2), _pair(hand, 1, 3)
    assert one_two["shared_alliances"] == 1 and one_two["shared_organizations"] == 1
    assert one_two["nato_standardization"] == 2
    assert one_three["nato_standardization"] == 1  # 3 is a partner through pfp
    assert _pair(hand, 1, 4)["nato_standardization"] == 0
    assert one_two["export_control_mismatch"] == 1  # regime_b: 1 only
    assert one_three["export_control_mismatch"] == 2
    assert _pair(hand, 3, 4)["export_control_mismatch"] == 0
    # The EU embargo on 3 binds 4, an EU member, and no one else.
    assert _pair(hand, 3, 4)["arms_embargo"] == 1
    assert one_three["arms_embargo"] == 0 and one_two["arms_embargo"] == 0
    # The largest shared arrangement: club (3 members) for 1-2 and 1-3 under unanimity;
    # 3 and 4 share eu_csdp (2 members); 2 and 4 share nothing.
    assert one_two["decision_cost"] == pytest.approx(1 - 2.0**-3)
    assert one_three["decision_cost"] == pytest.approx(1 - 2.0**-3)
    assert _pair(hand, 3, 4)["decision_cost"] == pytest.approx(1 - 2.0**-2)
    assert _pair(hand, 2, 4)["decision_cost"] == 0.75


def test_a_un_embargo_on_one_state_applies_with_everyone() -> None:
    un = pd.DataFrame(
        {"ccode": [4], "year": [2000], "arrangement": ["un_on_c"], "relation": ["partial"]}
    )
    table = partner_indicators(_hand_inputs(un))
    frame = table.frame
    with_four = (frame["ccode1"] == 4) | (frame["ccode2"] == 4)
    assert (frame.loc[with_four, "arms_embargo"] == 1).all()


def test_unanimity_power_to_act_is_the_voting_modules() -> None:
    for n in (2, 3, 7):
        power = voting_power(unanimity_game(n))
        assert power.winning_coalitions / 2**n == 2.0**-n


# --------------------------------------------------------------------------- program economics

BUDGETS = [(3e10, 1e10), (1.0, 1.0), (6.5e11, 5.0e10), (2.0e9, 7.3e8), (1e12, 1e6)]


@pytest.mark.parametrize(("first", "second"), BUDGETS)
def test_program_savings_equal_collaboration_economics(first: float, second: float) -> None:
    total = first + second
    economics = collaboration_economics(
        {"A": first / total, "B": second / total}, national_development_cost=1.0
    )
    closed = program_savings(np.array([first]), np.array([second]))
    assert closed["program_saving_1"][0] == pytest.approx(economics.development_savings[0])
    assert closed["program_saving_2"][0] == pytest.approx(economics.development_savings[1])


@pytest.mark.parametrize(("first", "second"), BUDGETS)
def test_production_savings_equal_pooling_savings(first: float, second: float) -> None:
    units1, units2 = reference_quantities(np.array([first]), np.array([second]))
    assert units1[0] >= 1 and units2[0] >= 1
    assert abs(units1[0] + units2[0] - REFERENCE_UNITS) <= 1
    pooled = pooling_savings(
        {"A": int(units1[0]), "B": int(units2[0])}, curve=LearningCurve(1.0, 0.9)
    ).to_frame()
    closed = production_savings(np.array([first]), np.array([second]))
    assert closed["production_saving_1"][0] == pytest.approx(pooled["savings_pct"][0] / 100)
    assert closed["production_saving_2"][0] == pytest.approx(pooled["savings_pct"][1] / 100)


def test_economic_indicators_are_exactly_the_same_in_both_orders() -> None:
    """Bit for bit, not within rounding: scores must not depend on the order of the states."""
    rng = np.random.default_rng(16)
    first, second = 10 ** rng.uniform(6, 12, 2000), 10 ** rng.uniform(6, 12, 2000)
    names = ["program_saving_min", "production_saving_min"]
    forward = {**program_savings(first, second), **production_savings(first, second)}
    backward = {**program_savings(second, first), **production_savings(second, first)}
    for name in names:
        np.testing.assert_array_equal(forward[name], backward[name])
    ratio = _log_sum_and_ratio(first, second)
    np.testing.assert_array_equal(ratio[0], _log_sum_and_ratio(second, first)[0])
    np.testing.assert_array_equal(ratio[1], _log_sum_and_ratio(second, first)[1])
