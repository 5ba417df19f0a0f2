"""Partner scores on synthetic indicator frames: sums, symmetry, missing values, weights files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allied.errors import InputError
from allied.models._partner_scores import score_dyads
from allied.models._partner_weights import IndicatorWeight, PartnerWeights, load_weights

FIT = ("s_abs", "regime_similarity", "common_adversaries", "milex_log_sum")
CHALLENGE = ("mids_10y", "rivalry", "ideal_point_distance", "arms_embargo")
NAMES = (*FIT, *CHALLENGE, "kappa")


def _weights(fit: dict[str, float], challenge: dict[str, float]) -> PartnerWeights:
    return PartnerWeights(
        "test",
        {n: IndicatorWeight(w, "test") for n, w in fit.items()},
        {n: IndicatorWeight(w, "test") for n, w in challenge.items()},
    )


WEIGHTS = _weights(
    {"s_abs": 2.9, "regime_similarity": 3.1, "common_adversaries": 0.5, "milex_log_sum": 0.32},
    {"mids_10y": 0.5, "rivalry": 1.0, "ideal_point_distance": 0.9, "arms_embargo": 2.0},
)


def _frame(rows: int = 200, seed: int = 1, directed: bool = False) -> pd.DataFrame:
    """Non-directed dyads (ccode1 < ccode2), values drawn at random, about 15 % missing."""
    rng = np.random.default_rng(seed)
    pairs = set()
    while len(pairs) < rows:
        a, b = sorted(rng.choice(np.arange(2, 999), size=2, replace=False).tolist())
        pairs.add((a, b))
    ccode1, ccode2 = np.array(sorted(pairs)).T
    frame = pd.DataFrame({"ccode1": ccode1, "ccode2": ccode2, "year": 2018})
    for name in NAMES:
        values = rng.gamma(2.0, 0.7, size=rows) * (1e6 if name == "milex_log_sum" else 1)
        values[rng.random(rows) < 0.15] = np.nan
        frame[name] = values
    if directed:
        swapped = frame.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
        frame = pd.concat([frame, swapped], ignore_index=True)
    return frame


# --------------------------------------------------------------------------- scores


def test_each_contribution_is_weight_times_value_and_the_score_is_their_sum() -> None:
    frame = _frame()
    scores = score_dyads(frame, WEIGHTS)
    wide = scores.contributions("fit")
    for row in range(len(frame)):
        known = [float(wide.loc[row, n]) for n in FIT if not math.isnan(frame.loc[row, n])]
        expected = [WEIGHTS.fit[n].weight * frame.loc[row, n] for n in FIT]
        assert [wide.loc[row, n] for n in FIT] == pytest.approx(expected, nan_ok=True)
        total = 0.0
        for value in known:  # left to right, as documented
            total += value
        assert scores.fit.iloc[row] == (
            total if known else pytest.approx(float("nan"), nan_ok=True)
        )


def test_the_long_table_sums_to_the_scores_exactly() -> None:
    scores = score_dyads(_frame(), WEIGHTS)
    for score in ("fit", "challenge"):
        long = scores.contributions(score, long=True)
        assert len(long) == len(scores.keys) * 4
        known = long[long.known]
        sums = known.groupby(["ccode1", "ccode2"], sort=False)["contribution"].agg(
            lambda s: sum(s.tolist(), 0.0)
        )
        totals = scores.to_frame().set_index(["ccode1", "ccode2"])[score].dropna()
        assert (sums.reindex(totals.index) == totals).all()


def test_a_missing_indicator_contributes_nothing_and_is_named() -> None:
    frame = pd.DataFrame(
        {
            "ccode1": [2, 2],
            "ccode2": [20, 365],
            "year": 2018,
            "s_abs": [0.8, np.nan],
            "regime_similarity": [0.9, np.nan],
            "common_adversaries": [1.0, np.nan],
            "milex_log_sum": [11.0, np.nan],
            "mids_10y": [0.0, 3.0],
            "rivalry": [0.0, np.nan],
            "ideal_point_distance": [np.nan, 2.0],
            "arms_embargo": [0.0, 0.0],
        }
    )
    table = score_dyads(frame, WEIGHTS).to_frame()
    assert table.fit.iloc[0] == pytest.approx(2.9 * 0.8 + 3.1 * 0.9 + 0.5 + 0.32 * 11)
    assert math.isnan(table.fit.iloc[1])  # nothing known: NA, not 0
    assert table.challenge.iloc[1] == pytest.approx(0.5 * 3 + 0.9 * 2)
    assert table.missing.tolist() == [
        "ideal_point_distance",
        "s_abs, regime_similarity, common_adversaries, milex_log_sum, rivalry",
    ]
    assert table.fit_used.tolist() == [4, 0]
    assert table.challenge_used.tolist() == [3, 3]


def test_scores_do_not_depend_on_the_order_of_states_or_rows() -> None:
    frame = _frame(directed=True)
    scores = score_dyads(frame, WEIGHTS).to_frame()
    keyed = scores.assign(
        low=np.minimum(scores.ccode1, scores.ccode2), high=np.maximum(scores.ccode1, scores.ccode2)
    )
    forward = keyed[keyed.ccode1 < keyed.ccode2].set_index(["low", "high"]).sort_index()
    backward = keyed[keyed.ccode1 > keyed.ccode2].set_index(["low", "high"]).sort_index()
    pd.testing.assert_frame_equal(
        forward[["fit", "challenge", "missing"]], backward[["fit", "challenge", "missing"]]
    )
    shuffled = frame.sample(frac=1.0, random_state=3)
    again = score_dyads(shuffled, WEIGHTS).to_frame().set_index(["ccode1", "ccode2"]).sort_index()
    first = scores.set_index(["ccode1", "ccode2"]).sort_index()
    pd.testing.assert_frame_equal(first, again)


def test_infinite_values_count_as_missing() -> None:
    frame = _frame(rows=3)
    frame.loc[0, "milex_log_sum"] = -np.inf  # log10(0): no spending on either side
    table = score_dyads(frame, WEIGHTS)
    assert "milex_log_sum" in table.to_frame().missing.iloc[0]
    assert np.isfinite(table.fit.iloc[0]) or table.to_frame().fit_used.iloc[0] == 0


def test_a_kind_override_replaces_the_base_weight() -> None:
    weights = PartnerWeights(
        "test",
        {"common_adversaries": IndicatorWeight(0.5, "base")},
        {},
        kinds={"defense": {"fit": {"common_adversaries": IndicatorWeight(1.0, "threat")}}},
    )
    frame = pd.DataFrame(
        {"ccode1": [2], "ccode2": [20], "year": [2018], "common_adversaries": [3.0]}
    )
    assert score_dyads(frame, weights).fit.iloc[0] == 1.5
    assert score_dyads(frame, weights, kind="defense").fit.iloc[0] == 3.0
    assert score_dyads(frame, weights, kind="nonaggression").fit.iloc[0] == 1.5


def test_bad_arguments_say_what_and_where() -> None:
    frame = _frame(rows=3)
    with pytest.raises(InputError, match=r"unknown kind 'alliance'.*argument kind"):
        score_dyads(frame, WEIGHTS, kind="alliance")
    with pytest.raises(InputError, match=r"lacks column.*rivalry"):
        score_dyads(frame.drop(columns="rivalry"), WEIGHTS)


# --------------------------------------------------------------------------- weights files


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "weights.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
name: test
fit:
  s_abs: {weight: 1.0, reason: "aligned"}
challenge:
  rivalry: {weight: 2, reason: "threat"}
kinds:
  defense:
    fit:
      s_abs: {weight: 3.0, reason: "more"}
"""


def test_a_weights_file_loads_with_its_overrides(tmp_path: Path) -> None:
    weights = load_weights(_write(tmp_path, GOOD), indicators=NAMES)
    assert weights.fit["s_abs"] == IndicatorWeight(1.0, "aligned")
    assert weights.challenge["rivalry"].weight == 2.0
    fit, _ = weights.for_kind("defense")
    assert fit["s_abs"].weight == 3.0
    assert weights.to_frame().shape == (3, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace("s_abs: {weight: 1.0", "s_ab: {weight: 1.0"),
            r"unknown indicator 's_ab'.*:3, field 'fit.s_ab'.*Use one of: s_abs, ",
        ),
        (
            GOOD.replace("weight: 2,", "weight: two,"),
            r"weight 'two' is not a finite number.*:5, field 'challenge.rivalry.weight'",
        ),
        (GOOD.replace("weight: 2,", "weight: .nan,"), r"not a finite number.*:5"),
        (
            GOOD.replace('reason: "threat"', 'reason: ""'),
            r"expected text.*:5, field 'challenge.rivalry.reason'",
        ),
        (
            GOOD.replace("  defense:", "  alliance:"),
            r"unknown key 'alliance'.*:8, field 'kinds.alliance'.*defense",
        ),
        (GOOD.replace("name: test\n", ""), r"missing key 'name'.*:1"),
        (GOOD + "colour: red\n", r"unknown key 'colour'.*:10"),
        (
            GOOD.replace("{weight: 1.0, ", "{weight: 1.0, note: x, "),
            r"unknown key 'note'.*:3, field 'fit.s_abs.note'",
        ),
        (
            GOOD.replace(
                "      s_abs: {weight: 3.0", "      s_abs: {reason: x}\n      kappa: {weight: 3.0"
            ),
            r"missing key 'weight'.*:9, field 'kinds.defense.fit.s_abs'",
        ),
        ("name: x\nfit: [1, 2]\n", r"fit is not a mapping.*:2"),
        ("name: x\n", r"no weights"),
        (
            "name: x\nfit:\n  s_abs: {weight: 1, reason: a}\n  s_abs: {weight: 2, reason: b}\n",
            r"duplicate key 's_abs'.*:4",
        ),
    ],
)
def test_weights_errors_name_the_file_line_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        load_weights(path, indicators=NAMES)
    assert str(path) in str(caught.value)


def test_a_missing_weights_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="argument weights"):
        load_weights(tmp_path / "absent.yaml", indicators=NAMES)


# --------------------------------------------------------------------------- rank, stability

# Real COW codes with their ISO3 (the ranking names partners through allied.states).
STATES = {
    2: "USA",
    20: "CAN",
    200: "GBR",
    220: "FRA",
    255: "DEU",
    290: "POL",
    365: "RUS",
    370: "BLR",
}


def _year(seed: int = 5) -> pd.DataFrame:
    """Every non-directed dyad of the eight states in 2018, random values, some missing."""
    rng = np.random.default_rng(seed)
    codes = sorted(STATES)
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1 :]]
    frame = pd.DataFrame(pairs, columns=["ccode1", "ccode2"]).assign(year=2018)
    frame["iso1"] = frame.ccode1.map(STATES)
    frame["iso2"] = frame.ccode2.map(STATES)
    for name in NAMES:
        frame[name] = rng.random(len(frame)) * 3
    frame.loc[frame.ccode2 == 370, "s_abs"] = np.nan
    return frame


@pytest.fixture
def synthetic_year(monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    """The ranking reads this year instead of the cache: directed rows, focal first."""
    from allied.models import _partner_ranking

    frame = _year()
    swapped = frame.rename(
        columns={"ccode1": "ccode2", "ccode2": "ccode1", "iso1": "iso2", "iso2": "iso1"}
    )
    directed = pd.concat([frame, swapped], ignore_index=True)

    def focal_rows(focal: str, year: int, catalog: object = None) -> object:
        rows = directed[directed.iso1 == focal].sort_values("ccode2", ignore_index=True)
        return _partner_ranking.Indicators(rows, ())

    monkeypatch.setattr(_partner_ranking, "focal_rows", focal_rows)
    return frame


def test_rank_orders_partners_by_fit_then_challenge(synthetic_year: pd.DataFrame) -> None:
    from allied.models._partner_ranking import rank

    ranking = rank("POL", year=2018, top=4, weights=WEIGHTS)
    table = ranking.table
    assert sorted(table.iso3) == sorted(set(STATES.values()) - {"POL"})
    assert (np.diff(table.fit.to_numpy()) <= 0).all()
    assert table["rank"].tolist() == list(range(1, 8))
    assert len(ranking.to_frame()) == 4
    dyads = score_dyads(synthetic_year, WEIGHTS).to_frame()
    usa = dyads[(dyads.ccode1 == 2) & (dyads.ccode2 == 290)].iloc[0]
    row = table[table.iso3 == "USA"].iloc[0]
    assert (row.fit, row.challenge, row["name"]) == (usa.fit, usa.challenge, "United States")
    contributions = score_dyads(synthetic_year, WEIGHTS).contributions("fit")
    poland = contributions[(contributions.ccode1 == 290) | (contributions.ccode2 == 290)]
    usa = poland[poland.ccode1 == 2][list(FIT)].iloc[0]
    excess = (usa - poland[list(FIT)].median()).sort_values(ascending=False)
    expected = [f"{n} {excess[n]:+.2f}" if excess[n] > 0 else "" for n in excess.index[:3]]
    assert [row.reason_1, row.reason_2, row.reason_3] == expected
    assert row.reason_1  # the best partner stands out somewhere
    assert "s_abs" in table[table.iso3 == "BLR"].iloc[0].missing


def test_reasons_are_what_sets_a_partner_apart() -> None:
    """A reason is the excess over the median partner: a level every partner shares is
    none, and a partner with nothing above the median has none."""
    from allied.models._partner_ranking import _largest
    from allied.models._partner_scores import ScorePart

    frame = pd.DataFrame(
        {
            "ccode1": 290,
            "ccode2": [2, 20, 200],
            "year": 2018,
            "gdp_log_sum": [12.0, 11.9, 11.8],  # large for all: no reason
            "s_abs": [0.9, 0.5, np.nan],
            "kappa": [0.1, 0.1, 0.1],
        }
    )
    weights = {n: IndicatorWeight(1.0, "t") for n in ("gdp_log_sum", "s_abs", "kappa")}
    labels = _largest(ScorePart.compute(frame, weights), 2)
    assert labels.tolist() == [  # medians: s_abs 0.7 (of two known), gdp_log_sum 11.9
        ["s_abs +0.20", "gdp_log_sum +0.10"],
        ["", ""],
        ["", ""],
    ]


def test_ties_in_fit_go_to_the_lower_challenge_then_the_lower_code() -> None:
    from allied.models._partner_ranking import _order

    fit = np.array([1.0, 2.0, 1.0, 1.0, np.nan])
    challenge = np.array([0.5, 9.0, 0.2, 0.5, 0.0])
    codes = np.array([40, 50, 60, 30, 10])
    assert _order(fit, challenge, codes).tolist() == [1, 2, 3, 0, 4]


def test_rank_stability_is_reproducible_for_a_seed(synthetic_year: pd.DataFrame) -> None:
    from allied.models._partner_ranking import rank_stability

    first = rank_stability("POL", year=2018, draws=300, seed=7, top=3, weights=WEIGHTS).table
    again = rank_stability("POL", year=2018, draws=300, seed=7, top=3, weights=WEIGHTS).table
    other = rank_stability("POL", year=2018, draws=300, seed=8, top=3, weights=WEIGHTS).table
    pd.testing.assert_frame_equal(first, again)
    assert not first[["median_rank", "p_top"]].equals(other[["median_rank", "p_top"]])
    assert first.p_top.sum() == pytest.approx(3.0)  # three partners are in the top 3 each draw
    assert ((first.rank_p05 <= first.median_rank) & (first.median_rank <= first.rank_p95)).all()


def test_rank_stability_without_spread_keeps_the_ranking(synthetic_year: pd.DataFrame) -> None:
    from allied.models._partner_ranking import rank_stability

    table = rank_stability("POL", year=2018, draws=20, spread=0.0, top=2, weights=WEIGHTS).table
    assert table.median_rank.tolist() == table["rank"].astype(float).tolist()
    assert table.p_top.tolist() == [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_rank_stability_draws_match_a_loop_over_draws(synthetic_year: pd.DataFrame) -> None:
    from allied.models._partner_ranking import _order, rank, rank_stability

    result = rank_stability("POL", year=2018, draws=50, seed=3, top=3, weights=WEIGHTS)
    base = rank("POL", year=2018, top=3, weights=WEIGHTS)
    rng = np.random.default_rng(3)
    ranks = []
    fit_part, challenge_part = base.scores.fit_part, base.scores.challenge_part
    fit_draws = np.exp(rng.normal(0, 0.5, size=(50, len(fit_part.names))))
    challenge_draws = np.exp(rng.normal(0, 0.5, size=(50, len(challenge_part.names))))
    for d in range(50):  # one ranking per draw, the slow way
        fit = np.nansum(fit_part.values * fit_part.weights * fit_draws[d], axis=1)
        challenge = np.nansum(
            challenge_part.values * challenge_part.weights * challenge_draws[d], axis=1
        )
        order = _order(fit, challenge, base.table.ccode.to_numpy())
        rank_of = np.empty(len(order), dtype=int)
        rank_of[order] = np.arange(1, len(order) + 1)
        ranks.append(rank_of)
    expected = np.median(np.array(ranks), axis=0)
    assert result.table.median_rank.tolist() == expected.tolist()


# --------------------------------------------------------------------------- on the tiny cache


def test_assess_reads_the_indicators_and_explains_each_contribution(tiny_cache: Path) -> None:
    from allied.models import INDICATORS, assess

    result = assess("USA", "GBR", year=1990)
    weights = load_weights()
    assert (result.a, result.b) == ("USA", "GBR")
    for table, total, entries in (
        (result.fit_table, result.fit, weights.fit),
        (result.challenge_table, result.challenge, weights.challenge),
    ):
        assert sorted(table.indicator) == sorted(entries)
        known = table[table.contribution.notna()]
        assert (known.contribution == known.weight * known.value).all()
        assert total == pytest.approx(known.contribution.sum(), rel=1e-12)
        registry = {i.name: i for i in INDICATORS}
        row = table.iloc[0]
        assert row.meaning == registry[row.indicator].meaning
        assert row.sources == ", ".join(registry[row.indicator].sources)
    again = assess("GBR", "USA", year=1990)
    assert (again.fit, again.challenge) == (result.fit, result.challenge)
    assert set(result.missing) == set(
        result.to_frame().query("contribution != contribution").indicator
    )
    assert "signorino_ritter_1999" in {c.key for c in result.citations()}


def test_rank_on_the_tiny_cache_agrees_with_assess(tiny_cache: Path) -> None:
    from allied.models import assess, rank

    ranking = rank("USA", year=1990, kind="defense")
    table = ranking.table
    assert sorted(table.ccode) == [200, 220, 255, 260]
    assert table.set_index("ccode").iso3.to_dict() == {
        200: "GBR",
        220: "FRA",
        255: "DEU",
        260: "DEU",
    }
    for row in table[table.ccode != 260].itertuples():  # "DEU" on 31 December 1990 is 255
        pair = assess("USA", row.iso3, year=1990, kind="defense")
        assert (row.fit, row.challenge) == (pair.fit, pair.challenge)
    assert ranking.kind == "defense" and ranking.summary().startswith("Partners of USA in 1990")


def test_assess_names_a_state_without_an_iso3_code_as_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from allied.models import _partner_ranking

    frame = _year().head(1).assign(iso1=pd.NA)  # e.g. a nineteenth-century German state

    def dyad_row(a: str, b: str, year: int, catalog: object = None) -> object:
        return _partner_ranking.Indicators(frame, ())

    monkeypatch.setattr(_partner_ranking, "dyad_row", dyad_row)
    meta = pd.DataFrame(columns=["indicator", "factor", "meaning", "sources"])
    monkeypatch.setattr(_partner_ranking, "_meta", lambda: meta.set_index("indicator"))
    result = _partner_ranking.assess("Hesse Electoral", "CAN", year=2018, weights=WEIGHTS)
    assert (result.a, result.b) == ("Hesse Electoral", "CAN")


def test_an_indicator_weighted_in_both_scores_is_named_missing_once() -> None:
    weights = PartnerWeights(
        name="both",
        fit={"ideal_point_distance": IndicatorWeight(-1.0, "apart: worse partners")},
        challenge={"ideal_point_distance": IndicatorWeight(0.9, "apart: in the way")},
    )
    frame = pd.DataFrame(
        {"ccode1": [2], "ccode2": [20], "year": 2018, "ideal_point_distance": [np.nan]}
    )
    assert score_dyads(frame, weights).to_frame().missing.tolist() == ["ideal_point_distance"]
