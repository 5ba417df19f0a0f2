"""allied.measures.similarity: codings, errors, undefined cases, matrix = pairwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from allied.errors import InputError
from allied.measures import _similarity_kernels
from allied.measures.similarity import (
    TOP_VALUE,
    cohen_kappa,
    kappa_matrix,
    pi_matrix,
    s_matrix,
    s_score,
    scott_pi,
    tau_b,
    tau_b_matrix,
    valued_ties,
)

# --------------------------------------------------------------------------- codings

# One dyad per column: defense, offense, neutral, nonagg, consul.
_FLAGS: dict[str, Any] = {
    "defense": [1, 0, 0, 0, 0, 0, 1, 0],
    "offense": [0, 1, 0, 0, 0, 0, 0, 0],
    "neutral": [0, 0, 1, 0, 0, 0, 1, 0],
    "nonagg": [0, 0, 0, 1, 0, 0, 1, 1],
    "consul": [0, 0, 0, 0, 1, 0, 1, 1],
}


def test_atop_coding() -> None:
    ties = valued_ties(**_FLAGS)
    assert ties.dtype == np.int64
    assert ties.tolist() == [3, 3, 2, 1, 2, 0, 3, 2]


def test_cow_coding_maps_consultation_to_entente() -> None:
    assert valued_ties(**_FLAGS, coding="cow").tolist() == [3, 3, 2, 2, 1, 0, 3, 2]


def test_binary_coding() -> None:
    assert valued_ties(**_FLAGS, coding="binary").tolist() == [1, 1, 1, 1, 1, 0, 1, 1]


def test_top_values() -> None:
    assert dict(TOP_VALUE) == {"atop": 3, "cow": 3, "binary": 1}
    for coding, top in TOP_VALUE.items():
        assert valued_ties(1, 1, 1, 1, 1, coding=coding) == top


def test_codings_accept_booleans_and_keep_shape() -> None:
    grid: dict[str, Any] = {
        name: np.array(values, dtype=bool).reshape(2, 4) for name, values in _FLAGS.items()
    }
    assert valued_ties(**grid).tolist() == [[3, 3, 2, 1], [2, 0, 3, 2]]


def test_unknown_coding() -> None:
    with pytest.raises(InputError, match="coding"):
        valued_ties(**_FLAGS, coding="atop5")


@pytest.mark.parametrize("bad", [2, np.nan, -1])
def test_flags_must_be_zero_or_one(bad: float) -> None:
    flags: dict[str, Any] = dict(_FLAGS)
    flags["neutral"] = [0, 0, bad, 0, 0, 0, 0, 0]
    with pytest.raises(InputError, match="neutral") as info:
        valued_ties(**flags)
    assert "argument neutral" in str(info.value)


def test_flags_of_different_shapes() -> None:
    flags: dict[str, Any] = dict(_FLAGS)
    flags["consul"] = [0, 1]
    with pytest.raises(InputError, match="consul"):
        valued_ties(**flags)


# --------------------------------------------------------------------------- errors


def test_lengths_must_match() -> None:
    with pytest.raises(InputError, match="argument y"):
        s_score([0, 1, 2], [0, 1])
    for function in (cohen_kappa, scott_pi, tau_b):
        with pytest.raises(InputError, match="argument y"):
            function([0, 1, 2], [0, 1])


def test_weights_are_checked() -> None:
    with pytest.raises(InputError, match="argument weights"):
        s_score([0, 1], [1, 1], weights=[1, -0.5])
    with pytest.raises(InputError, match="argument weights"):
        cohen_kappa([0, 1], [1, 1], weights=[1, 1, 1])
    with pytest.raises(InputError, match="argument weights"):
        s_matrix([[0, 1], [1, 1]], weights=[1, np.nan])
    with pytest.raises(InputError, match="argument weights"):
        pi_matrix([[0, 1], [1, 1]], weights=[1, -1], nominal=True)


def test_unknown_distance() -> None:
    with pytest.raises(InputError, match="argument distance"):
        s_score([0, 1], [1, 1], distance="euclidean")
    with pytest.raises(InputError, match="argument distance"):
        s_matrix([[0, 1], [1, 1]], distance="euclidean")


def test_ranges_are_checked() -> None:
    for ranges in (0, -3, np.inf, [3, 3, 3]):
        with pytest.raises(InputError, match="argument ranges"):
            s_score([0, 1], [1, 1], ranges=ranges)
    with pytest.raises(InputError, match="argument ranges"):
        kappa_matrix([[0, 1], [1, 1]], ranges=[3, 0])


def test_values_beyond_the_range_are_refused() -> None:
    """A range smaller than the data (e.g. 1 for the atop coding) would push S below -1."""
    with pytest.raises(InputError, match="more than its range"):
        s_score([0, 3], [3, 0], ranges=1)
    with pytest.raises(InputError, match="argument ranges"):
        s_matrix([[0, 3], [3, 0]], ranges=[3, 2])


def test_non_finite_values_are_refused() -> None:
    with pytest.raises(InputError, match="argument x"):
        s_score([0, np.nan], [1, 1])
    with pytest.raises(InputError, match="argument portfolios"):
        tau_b_matrix(np.array([[0, 1], [np.inf, 1]]))
    with pytest.raises(InputError, match="argument portfolios"):
        s_matrix([["a", "b"]])


def test_shapes_are_checked() -> None:
    with pytest.raises(InputError, match="1-D"):
        s_score([[0, 1]], [[1, 1]])
    with pytest.raises(InputError, match="2-D"):
        kappa_matrix([0, 1, 2])


# --------------------------------------------------------------------------- undefined


def test_s_is_nan_without_weight() -> None:
    assert np.isnan(s_score([0, 3], [3, 0], weights=[0, 0]))
    assert np.isnan(s_score([], []))
    assert np.isnan(s_matrix([[0, 3], [3, 0]], weights=[0, 0])).all()


def test_kappa_and_pi_are_nan_for_equal_constant_portfolios() -> None:
    assert np.isnan(cohen_kappa([3, 3, 3], [3, 3, 3]))
    assert np.isnan(scott_pi([3, 3, 3], [3, 3, 3]))
    assert np.isnan(scott_pi([3, 3, 3], [3, 3, 3], nominal=True))
    assert np.isnan(cohen_kappa([3, 3], [3, 3], weights=[0, 0]))


def test_zero_weight_elements_do_not_count() -> None:
    # Constant over the positive-weight third states: undefined.
    assert np.isnan(cohen_kappa([3, 0, 3], [3, 2, 3], weights=[1, 0, 1]))
    matrix = kappa_matrix([[3, 0, 3], [3, 2, 3], [0, 1, 3]], weights=[1, 0, 1])
    assert np.isnan(matrix[0, 1]) and np.isnan(matrix[0, 0])
    assert matrix[2, 2] == 1.0
    assert s_score([3, 0], [3, 3], weights=[1, 0]) == 1.0


def test_constant_but_different_portfolios_are_defined() -> None:
    """Both constant, different values: D_e = (x̄ - ȳ)² > 0, so kappa is 0 and pi -1."""
    assert cohen_kappa([3, 3, 3], [0, 0, 0]) == 0.0
    assert scott_pi([3, 3, 3], [0, 0, 0]) == pytest.approx(-1.0)
    assert kappa_matrix([[3, 3, 3], [0, 0, 0]])[0, 1] == 0.0


def test_tau_b_is_nan_for_a_constant_portfolio() -> None:
    assert np.isnan(tau_b([1, 1, 1], [0, 1, 2]))
    assert np.isnan(tau_b([1], [2]))
    matrix = tau_b_matrix([[1, 1, 1], [0, 1, 2], [2, 1, 0]])
    assert np.isnan(matrix[0]).all() and np.isnan(matrix[:, 0]).all()
    assert matrix[1, 2] == -1.0


def test_matrices_of_no_states() -> None:
    empty = np.zeros((0, 4))
    for function in (s_matrix, kappa_matrix, pi_matrix, tau_b_matrix):
        assert function(empty).shape == (0, 0)


# --------------------------------------------------------------------------- formulas


def _hage_stata(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Kappa and pi as in Häge's replication code (msim-data11-simmeasures.do)."""
    n = x.size
    ssd = ((x - y) ** 2).sum()
    ss1, ss2, s1, s2 = (x * x).sum(), (y * y).sum(), x.sum(), y.sum()
    kappa = 1 - ssd / (ss1 + ss2 - (2 / n) * s1 * s2)
    pi = 1 - ssd / (ss1 + ss2 - (s1 + s2) ** 2 / (n * 2))
    return float(kappa), float(pi)


def _table_kappa(x: np.ndarray, y: np.ndarray, levels: np.ndarray) -> float:
    """Cohen's weighted kappa from the cross-table with squared weights (as R fpsim::cohenk)."""
    observed = (x[:, None] == levels)[:, :, None] & (y[:, None] == levels)[:, None, :]
    o = observed.mean(axis=0)
    e = np.outer(o.sum(axis=1), o.sum(axis=0))
    w = (levels[:, None] - levels[None, :]) ** 2
    return float(1 - (w * o).sum() / (w * e).sum())


def test_kappa_and_pi_match_hage_replication_code() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        x, y = rng.integers(0, 4, (2, 12)).astype(float)
        if np.ptp(x) == 0 and np.ptp(y) == 0:
            continue
        kappa, pi = _hage_stata(x, y)
        assert cohen_kappa(x, y) == pytest.approx(kappa, abs=1e-12)
        assert scott_pi(x, y) == pytest.approx(pi, abs=1e-12)
        assert cohen_kappa(x, y) == pytest.approx(_table_kappa(x, y, np.arange(4.0)), abs=1e-12)


def test_weighted_kappa_equals_replicated_observations() -> None:
    """Integer weights act as repeated third states."""
    x, y, w = np.array([3, 0, 1, 2]), np.array([3, 1, 1, 0]), np.array([2, 1, 3, 1])
    xr, yr = np.repeat(x, w), np.repeat(y, w)
    assert cohen_kappa(x, y, weights=w) == pytest.approx(cohen_kappa(xr, yr), abs=1e-12)
    assert scott_pi(x, y, weights=w) == pytest.approx(scott_pi(xr, yr), abs=1e-12)
    assert scott_pi(x, y, weights=w, nominal=True) == pytest.approx(
        scott_pi(xr, yr, nominal=True), abs=1e-12
    )
    assert s_score(x, y, weights=w) == pytest.approx(s_score(xr, yr), abs=1e-12)


def test_nominal_pi_is_scotts_pi() -> None:
    """Scott (1955): (p_o - p_e) / (1 - p_e) with pooled category shares."""
    x, y = np.array([3, 0, 0, 2, 1, 0]), np.array([3, 1, 0, 2, 0, 0])
    p_o = np.mean(x == y)
    shares = np.array([np.mean(np.r_[x, y] == c) for c in range(4)])
    p_e = (shares**2).sum()
    assert scott_pi(x, y, nominal=True) == pytest.approx((p_o - p_e) / (1 - p_e))


def test_binary_nominal_and_squared_pi_agree() -> None:
    x, y = np.array([1, 0, 0, 1, 1, 0, 0]), np.array([1, 1, 0, 0, 1, 0, 0])
    assert scott_pi(x, y, ranges=1, nominal=True) == pytest.approx(scott_pi(x, y, ranges=1))


def test_scalar_range_cancels_in_kappa_and_pi() -> None:
    x, y = [3, 0, 1, 2], [3, 1, 1, 0]
    assert cohen_kappa(x, y, ranges=3) == pytest.approx(cohen_kappa(x, y, ranges=7))
    assert scott_pi(x, y, ranges=3) == pytest.approx(scott_pi(x, y, ranges=1))


def test_squared_distance() -> None:
    assert s_score([0, 3], [3, 3], distance="squared") == pytest.approx(0.0)
    assert s_score([0, 1], [1, 1], distance="squared") == pytest.approx(1 - 2 * (1 / 9) / 2)


def test_tau_b_matches_scipy() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        x, y = rng.integers(0, 4, (2, 15))
        if np.ptp(x) == 0 or np.ptp(y) == 0:
            continue
        assert tau_b(x, y) == pytest.approx(kendalltau(x, y).statistic, abs=1e-12)
    matrix = tau_b_matrix(rng.integers(0, 4, (6, 20)))
    assert np.isfinite(matrix).any()


def test_tau_b_matrix_matches_scipy_on_non_integer_values() -> None:
    rng = np.random.default_rng(5)
    portfolios = rng.normal(size=(5, 9)).round(1)
    matrix = tau_b_matrix(portfolios)
    for i in range(5):
        for j in range(5):
            expected = kendalltau(portfolios[i], portfolios[j]).statistic
            assert matrix[i, j] == pytest.approx(expected, abs=1e-12)


# --------------------------------------------------------------------------- matrix = pairwise


def _pairwise(function: Callable[..., float], portfolios: np.ndarray, **options: Any) -> np.ndarray:
    n = portfolios.shape[0]
    return np.array(
        [[function(portfolios[i], portfolios[j], **options) for j in range(n)] for i in range(n)]
    )


def _check_all(portfolios: np.ndarray, weights: np.ndarray | None, ranges: Any) -> None:
    cases: list[tuple[Callable[..., np.ndarray], Callable[..., float], dict[str, Any]]] = [
        (s_matrix, s_score, {"distance": "absolute", "weights": weights, "ranges": ranges}),
        (s_matrix, s_score, {"distance": "squared", "weights": weights, "ranges": ranges}),
        (kappa_matrix, cohen_kappa, {"weights": weights, "ranges": ranges}),
        (pi_matrix, scott_pi, {"weights": weights, "ranges": ranges}),
        (pi_matrix, scott_pi, {"weights": weights, "nominal": True}),
        (tau_b_matrix, tau_b, {}),
    ]
    n = portfolios.shape[0]
    for matrix_function, pair_function, options in cases:
        matrix = matrix_function(portfolios, **options)
        assert matrix.shape == (n, n)
        expected = _pairwise(pair_function, portfolios, **options)
        np.testing.assert_allclose(matrix, expected, atol=1e-9, equal_nan=True)
        np.testing.assert_array_equal(matrix, matrix.T)
        finite = matrix[np.isfinite(matrix)]
        assert ((finite >= -1.0) & (finite <= 1.0)).all()
    s = s_matrix(portfolios, weights=weights, ranges=ranges)
    if weights is None or weights.sum() > 0:
        assert np.isfinite(s).all()
    # Identical portfolios: S is 1, kappa and pi are 1 where defined.
    doubled = np.vstack([portfolios, portfolios])
    for function in (s_matrix, kappa_matrix, pi_matrix):
        twins = np.diag(function(doubled, weights=weights, ranges=ranges), k=n)
        twins = twins[np.isfinite(twins)]
        np.testing.assert_allclose(twins, 1.0, atol=1e-9)


_LEVELS = st.sampled_from([0.0, 1.0, 2.0, 3.0])
_REALS = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.25, 3.0])
_WEIGHT = st.one_of(st.just(0.0), st.floats(0.01, 10.0))


@st.composite
def _years(draw: st.DrawFn, values: st.SearchStrategy[float]) -> tuple[Any, ...]:
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 8))
    cells = draw(st.lists(values, min_size=n * m, max_size=n * m))
    portfolios = np.array(cells).reshape(n, m)
    weights = draw(st.one_of(st.none(), st.lists(_WEIGHT, min_size=m, max_size=m)))
    ranges = draw(
        st.one_of(st.just(3.0), st.lists(st.sampled_from([3.0, 4.0, 6.0]), min_size=m, max_size=m))
    )
    return (
        portfolios,
        None if weights is None else np.array(weights),
        ranges if isinstance(ranges, float) else np.array(ranges),
    )


@settings(max_examples=80, deadline=None)
@given(_years(_LEVELS))
def test_matrices_equal_pairwise_on_integer_ties(year: tuple[Any, ...]) -> None:
    _check_all(*year)


@settings(max_examples=40, deadline=None)
@given(_years(_REALS))
def test_matrices_equal_pairwise_on_real_values(year: tuple[Any, ...]) -> None:
    _check_all(*year)


def test_general_paths_in_small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many levels (no threshold or cross-table shortcut), tiny blocks: still exact."""
    monkeypatch.setattr(_similarity_kernels, "_BLOCK", 16)
    rng = np.random.default_rng(11)
    many = rng.integers(0, 100, (7, 12)).astype(float)
    _check_all(many, rng.random(12), 100.0)
    few = rng.integers(0, 4, (7, 12)).astype(float)
    _check_all(few, None, 3.0)


def test_many_nominal_categories() -> None:
    rng = np.random.default_rng(2)
    portfolios = rng.integers(0, 60, (5, 40)).astype(float)
    expected = _pairwise(scott_pi, portfolios, nominal=True)
    np.testing.assert_allclose(pi_matrix(portfolios, nominal=True), expected, atol=1e-12)


def test_diagonal_is_one_and_matrices_take_data_frames() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([[3, 0, 1], [0, 3, 3], [3, 3, 0]], index=[2, 200, 365])
    for function in (s_matrix, kappa_matrix, pi_matrix, tau_b_matrix):
        assert np.diag(function(frame)).tolist() == [1.0, 1.0, 1.0]


def test_constant_after_per_element_ranges_is_undefined() -> None:
    """(3, 2) over ranges (6, 4) is (0.5, 0.5): constant, found by hypothesis."""
    assert np.isnan(cohen_kappa([3, 2], [3, 2], ranges=[6, 4]))
    assert np.isnan(scott_pi([3, 2], [3, 2], ranges=[6, 4]))
    assert scott_pi([3, 2], [3, 2], ranges=[6, 4], nominal=True) == 1.0
    matrix = kappa_matrix([[0, 0], [3, 2]], ranges=[6, 4])
    assert np.isnan(matrix[1, 1]) and matrix[0, 1] == 0.0
