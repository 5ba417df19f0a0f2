"""Published values of alliance-portfolio similarity (no shared data needed).

Source: Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b: Measuring
the similarity of foreign policy positions. International Studies Quarterly,
43(1), 115-144. https://doi.org/10.1111/0020-8833.00113 (Table 5 and the
weighted example with mixed ranges). Each case is checked with the one-pair
functions and with the matrix functions on the two portfolios stacked as rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from allied.measures.similarity import s_matrix, s_score, tau_b, tau_b_matrix


def _s_both_ways(x: list[int], y: list[int], **options: Any) -> tuple[float, float]:
    matrix = s_matrix(np.array([x, y]), **options)
    assert matrix[0, 1] == matrix[1, 0]
    return s_score(x, y, **options), float(matrix[0, 1])


def _tau_both_ways(x: list[int], y: list[int]) -> tuple[float, float]:
    return tau_b(x, y), float(tau_b_matrix(np.array([x, y]))[0, 1])


def test_table5_a_reversed_portfolios() -> None:
    """Signorino & Ritter (1999), Table 5 (a): (0,1,2,3) vs (3,2,1,0), S = -1/3, tau-b = -1."""
    x, y = [0, 1, 2, 3], [3, 2, 1, 0]
    assert _s_both_ways(x, y) == pytest.approx((-1 / 3, -1 / 3))
    assert _tau_both_ways(x, y) == pytest.approx((-1.0, -1.0))


def test_table5_b_mirrored_ends() -> None:
    """Signorino & Ritter (1999), Table 5 (b): (1,2,2,3) vs (3,2,2,1), S = 1/3, tau-b = -1."""
    x, y = [1, 2, 2, 3], [3, 2, 2, 1]
    assert _s_both_ways(x, y) == pytest.approx((1 / 3, 1 / 3))
    assert _tau_both_ways(x, y) == pytest.approx((-1.0, -1.0))


def test_table5_c_swapped_halves() -> None:
    """Signorino & Ritter (1999), Table 5 (c): (2,2,3,3) vs (3,3,2,2), S = 1/3, tau-b = -1."""
    x, y = [2, 2, 3, 3], [3, 3, 2, 2]
    assert _s_both_ways(x, y) == pytest.approx((1 / 3, 1 / 3))
    assert _tau_both_ways(x, y) == pytest.approx((-1.0, -1.0))


def test_table5_d_identical_defense_pacts() -> None:
    """Signorino & Ritter (1999), Table 5 (d): (3,3,3,3) twice, S = 1 (tau-b undefined)."""
    x = [3, 3, 3, 3]
    assert _s_both_ways(x, x) == (1.0, 1.0)
    assert np.isnan(tau_b(x, x))


def test_table5_e_many_shared_absences() -> None:
    """Signorino & Ritter (1999), Table 5 (e): ten shared 0s, then (0,3) vs (3,0): S = 2/3."""
    x = [0] * 10 + [0, 3]
    y = [0] * 10 + [3, 0]
    assert _s_both_ways(x, y) == pytest.approx((2 / 3, 2 / 3))


def test_weighted_mixed_ranges() -> None:
    """Signorino & Ritter (1999), weighted S with ranges 3 and 2: S = 0.475."""
    a = [3, 2, 3, 0, 3, 3, 1, 2]
    b = [2, 3, 0, 3, 3, 3, 1, 3]
    options = {
        "weights": [0.5, 0.4, 0.05, 0.05, 0.25, 0.25, 0.25, 0.25],
        "ranges": [3, 3, 3, 3, 2, 2, 2, 2],
    }
    assert _s_both_ways(a, b, **options) == pytest.approx((0.475, 0.475))
