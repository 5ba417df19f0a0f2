r"""Alliance-portfolio (foreign-policy) similarity: S, Cohen's kappa, Scott's pi, tau-b.

A state's *portfolio* is the vector of its ties to every state of the system
in one year (its tie to itself included, at the top value). Two states are
similar when their portfolios are: they ally with the same states, and with
the same kind of commitment.

Valued ties
-----------
:func:`valued_ties` turns the five ATOP obligation flags of a dyad into one
ordinal tie:

==========  =========================================  ============================
coding      value                                      source
==========  =========================================  ============================
``atop``    3 defense or offense; 2 neutrality or      ATOP ordinal ranking of
            consultation; 1 non-aggression; 0 none     obligations [4]_
``cow``     3 defense or offense; 2 neutrality or      COW alliance types (defense
            non-aggression; 1 consultation; 0 none     3, neutrality/non-aggression
                                                       2, entente 1) as rescaled by
                                                       Signorino & Ritter [1]_ and
                                                       Häge [3]_
``binary``  1 any obligation; 0 none                   [1]_, [3]_
==========  =========================================  ============================

For ``cow``, ATOP's offense pledge counts as a defense pact and ATOP's
consultation pledge stands in for the COW *entente* (a promise to consult in
a crisis). :data:`TOP_VALUE` holds the top value of each coding: the value of a
state's tie to itself and the theoretical range to give to S.

Measures
--------
For portfolios :math:`x, y` over third states :math:`k = 1..m`, weights
:math:`w_k \ge 0` (all 1 when not given) and theoretical ranges :math:`r_k`:

* Signorino and Ritter's S [1]_, with :math:`\delta_k = |x_k - y_k| / r_k`
  (absolute) or :math:`((x_k - y_k) / r_k)^2` (squared):

  .. math:: S = 1 - 2 \sum_k w_k \delta_k \Big/ \sum_k w_k \in [-1, 1].

* Häge's chance-corrected agreement [3]_, quadratic (squared-distance)
  versions: :math:`1 - D_o / D_e` with observed disagreement
  :math:`D_o = \sum_k w_k (x_k - y_k)^2 / \sum_k w_k` and the disagreement
  :math:`D_e` expected if the two values of each third state were drawn
  independently from the portfolios' marginal distributions. Cohen's kappa
  draws each state's value from *its own* distribution,
  :math:`D_e = s_x^2 + s_y^2 + (\bar x - \bar y)^2`; Scott's pi draws both from
  the *pooled* distribution, :math:`D_e = s_x^2 + s_y^2 + (\bar x - \bar y)^2 / 2`
  (weighted means :math:`\bar x` and population variances :math:`s_x^2`).
  The nominal pi uses :math:`1[x_k \ne y_k]` and :math:`D_e = 1 - \sum_c p_c^2`
  over the pooled category shares :math:`p_c`.

* Kendall's tau-b, Bueno de Mesquita's alliance-portfolio measure [2]_,
  criticised in [1]_.

Each measure exists for one pair (:func:`s_score`, :func:`cohen_kappa`,
:func:`scott_pi`, :func:`tau_b`) and for every dyad of one year at once
(:func:`s_matrix`, :func:`kappa_matrix`, :func:`pi_matrix`,
:func:`tau_b_matrix`), where a few dense matrix products replace the loop
over dyads.

Undefined values
----------------
A measure that is undefined for a pair is NaN, never 0: S when the weights sum
to 0; kappa and pi when the expected disagreement is 0 (both portfolios
constant and equal, over the third states with positive weight); tau-b when a
portfolio is constant (no untied pair). Bad input (lengths that differ,
negative or non-finite weights, values outside the range given to S, an
unknown option) raises :class:`~allied.errors.InputError` naming the argument.

References
----------
.. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b: Measuring
   the similarity of foreign policy positions. International Studies
   Quarterly, 43(1), 115-144. https://doi.org/10.1111/0020-8833.00113
.. [2] Bueno de Mesquita, B. (1975). Measuring systemic polarity. Journal of
   Conflict Resolution, 19(2), 187-216.
   https://doi.org/10.1177/002200277501900201 ; Bueno de Mesquita, B.
   (1981). The War Trap. New Haven: Yale University Press.
.. [3] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
   foreign policy similarity for chance agreement. Political Analysis, 19(3),
   287-305. https://doi.org/10.1093/pan/mpr023
.. [4] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653

Examples
--------
>>> import numpy as np
>>> portfolios = np.array([[3, 3, 0, 1], [3, 3, 0, 0], [0, 1, 3, 3]])
>>> s_matrix(portfolios).round(3)
array([[ 1.   ,  0.833, -0.667],
       [ 0.833,  1.   , -0.833],
       [-0.667, -0.833,  1.   ]])
>>> round(s_score(portfolios[0], portfolios[1]), 3)
0.833
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from allied.measures._similarity_checks import (
    FloatArray,
    check_distance,
    check_gap,
    check_pair,
    check_portfolios,
    check_ranges,
    check_same_length,
    check_spread,
    check_vector,
    check_weights,
)
from allied.measures._similarity_kernels import (
    MAX_TAU_LEVELS,
    NAN,
    absolute_distances,
    agreement,
    agreement_matrix,
    integer_levels,
    nominal_pi,
    nominal_pi_matrix,
    squared_distances,
    symmetric,
    tau_signs,
    tau_table,
)
from allied.measures._ties import TOP_VALUE, valued_ties

__all__ = [
    "TOP_VALUE",
    "cohen_kappa",
    "kappa_matrix",
    "pi_matrix",
    "s_matrix",
    "s_score",
    "scott_pi",
    "tau_b",
    "tau_b_matrix",
    "valued_ties",
]


# --------------------------------------------------------------------------- one pair


def s_score(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    distance: str = "absolute",
    weights: npt.ArrayLike | None = None,
    ranges: npt.ArrayLike = 3.0,
) -> float:
    r"""Signorino and Ritter's S: the similarity of two foreign-policy portfolios.

    Parameters
    ----------
    x, y
        The two portfolios: one value per third state, same length and order.
    distance
        ``"absolute"`` (default, as in [1]_) or ``"squared"``.
    weights
        Non-negative weight of each third state (such as its capability
        share); all 1 when not given.
    ranges
        The *theoretical* range of each third state's values, a scalar or one
        per third state: 3 for the ``atop`` and ``cow`` codings, 1 for
        ``binary`` (see :data:`TOP_VALUE`). Never the observed range.

    Returns
    -------
    float
        S in [-1, 1]: 1 for identical portfolios; NaN when the weights sum
        to 0.

    Raises
    ------
    InputError
        When the lengths differ, a weight is negative or not finite, a range
        is not positive, ``distance`` is unknown, or a difference exceeds its
        range.

    Notes
    -----
    .. math::

        S = 1 - 2 \frac{\sum_k w_k \delta_k}{\sum_k w_k}, \qquad
        \delta_k = \frac{|x_k - y_k|}{r_k} \text{ or }
        \left(\frac{x_k - y_k}{r_k}\right)^2 .

    S is undefined (NaN) when :math:`\sum_k w_k = 0`.

    References
    ----------
    .. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b:
       Measuring the similarity of foreign policy positions. International
       Studies Quarterly, 43(1), 115-144.
       https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> round(s_score([0, 1, 2, 3], [3, 2, 1, 0]), 4)
    -0.3333
    >>> round(s_score([0, 1, 2, 3], [3, 2, 1, 0], distance="squared"), 4)
    -0.1111
    >>> s_score([1, 0], [0, 0], ranges=1, weights=[0, 2])
    1.0
    """
    xs, ys, w, r = check_pair(x, y, weights, ranges)
    squared = check_distance(distance) == "squared"
    gap = np.abs(xs - ys)
    check_gap(gap, r)
    total = float(w.sum())
    if not total > 0:
        return NAN
    delta = gap / r
    if squared:
        delta = delta * delta
    return float(np.clip(1.0 - 2.0 * float(w @ delta) / total, -1.0, 1.0))


def cohen_kappa(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    ranges: npt.ArrayLike = 3.0,
) -> float:
    r"""Cohen's kappa (quadratic): agreement of two portfolios beyond chance.

    Parameters
    ----------
    x, y
        The two portfolios: one value per third state, same length and order.
    weights
        Non-negative weight of each third state; all 1 when not given.
    ranges
        Range of each third state's values, a scalar or one per third state.
        A scalar cancels out; per-element ranges rescale each value to
        :math:`x_k / r_k` first.

    Returns
    -------
    float
        Kappa in [-1, 1]: 1 for identical (non-constant) portfolios, 0 for
        agreement at chance level; NaN when undefined (see Notes).

    Raises
    ------
    InputError
        When the lengths differ, a weight is negative or not finite, or a
        range is not positive.

    Notes
    -----
    Häge's [1]_ kappa with squared distances:

    .. math::

        \kappa = 1 - \frac{D_o}{D_e}, \qquad
        D_o = \frac{\sum_k w_k (x_k - y_k)^2}{\sum_k w_k}, \qquad
        D_e = s_x^2 + s_y^2 + (\bar x - \bar y)^2,

    with weighted means :math:`\bar x = \sum_k w_k x_k / \sum_k w_k` and
    population variances :math:`s_x^2 = \sum_k w_k (x_k - \bar x)^2 / \sum_k w_k`.
    :math:`D_e` is the expected squared disagreement when each state's value
    for a third state is drawn independently from its *own* marginal
    distribution, so a state's propensity to form ties is taken into
    account. Unweighted, :math:`N D_e = \sum x^2 + \sum y^2 - 2 \sum x \sum y / N`,
    the denominator of Häge's replication code. Weights extend the
    published (unweighted) measure.

    Kappa is undefined (NaN) when :math:`D_e = 0`, that is when both
    portfolios are constant and equal over the third states with positive
    weight (after division by per-element ranges, so ``x = (3, 2)`` with
    ``ranges = (6, 4)`` is constant), and when the weights sum to 0.

    References
    ----------
    .. [1] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
       foreign policy similarity for chance agreement. Political Analysis,
       19(3), 287-305. https://doi.org/10.1093/pan/mpr023
    .. [2] Cohen, J. (1968). Weighted kappa: Nominal scale agreement with
       provision for scaled disagreement or partial credit. Psychological
       Bulletin, 70(4), 213-220. https://doi.org/10.1037/h0026256

    Examples
    --------
    >>> round(cohen_kappa([3, 0, 0, 0], [3, 1, 0, 0]), 4)
    0.9231
    >>> cohen_kappa([3, 3, 3], [3, 3, 3])
    nan
    """
    xs, ys, w, r = check_pair(x, y, weights, ranges)
    return agreement(xs, ys, w, r, pooled=False)


def scott_pi(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    ranges: npt.ArrayLike = 3.0,
    nominal: bool = False,
) -> float:
    r"""Scott's pi: agreement of two portfolios beyond chance, pooled marginals.

    Parameters
    ----------
    x, y
        The two portfolios: one value per third state, same length and order.
    weights
        Non-negative weight of each third state; all 1 when not given.
    ranges
        Range of each third state's values, a scalar or one per third state.
        A scalar cancels out; per-element ranges rescale each value to
        :math:`x_k / r_k` first. Ignored when ``nominal``.
    nominal
        Treat values as unordered categories (disagreement 1 when they
        differ) instead of squared distances.

    Returns
    -------
    float
        Pi in [-1, 1]: 1 for identical (non-constant) portfolios; NaN when
        undefined (see Notes).

    Raises
    ------
    InputError
        When the lengths differ, a weight is negative or not finite, or a
        range is not positive.

    Notes
    -----
    Häge's [1]_ pi with squared distances:

    .. math::

        \pi = 1 - \frac{D_o}{D_e}, \qquad
        D_o = \frac{\sum_k w_k (x_k - y_k)^2}{\sum_k w_k}, \qquad
        D_e = \frac{\sum_k w_k [(x_k - m)^2 + (y_k - m)^2]}{\sum_k w_k}
            = s_x^2 + s_y^2 + \tfrac12 (\bar x - \bar y)^2,

    with :math:`m = (\bar x + \bar y) / 2`: the expected squared disagreement
    when both values are drawn from the *pooled* distribution of the two
    portfolios. Unweighted, :math:`N D_e = \sum x^2 + \sum y^2 - (\sum x + \sum y)^2 / 2N`,
    the denominator of Häge's replication code.

    Nominal (Scott [2]_): :math:`D_o = \sum_k w_k 1[x_k \ne y_k] / \sum_k w_k`
    and :math:`D_e = 1 - \sum_c p_c^2`, where :math:`p_c` is the pooled
    weighted share of category :math:`c` in :math:`x` and :math:`y`. For 0/1
    ties both versions give the same value. Weights extend the published
    (unweighted) measure.

    Pi is undefined (NaN) when :math:`D_e = 0`, that is when both portfolios
    are constant and equal over the third states with positive weight (after
    division by per-element ranges, except for the nominal pi), and when the
    weights sum to 0.

    References
    ----------
    .. [1] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
       foreign policy similarity for chance agreement. Political Analysis,
       19(3), 287-305. https://doi.org/10.1093/pan/mpr023
    .. [2] Scott, W. A. (1955). Reliability of content analysis: The case of
       nominal scale coding. Public Opinion Quarterly, 19(3), 321-325.
       https://doi.org/10.1086/266577

    Examples
    --------
    >>> round(scott_pi([3, 0, 0, 0], [3, 1, 0, 0]), 4)
    0.9223
    >>> round(scott_pi([3, 0, 0, 0], [3, 1, 0, 0], nominal=True), 4)
    0.5294
    """
    xs, ys, w, r = check_pair(x, y, weights, ranges)
    if nominal:
        return nominal_pi(xs, ys, w)
    return agreement(xs, ys, w, r, pooled=True)


def tau_b(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    r"""Kendall's tau-b of two portfolios, Bueno de Mesquita's similarity measure.

    Parameters
    ----------
    x, y
        The two portfolios: one value per third state, same length and order.

    Returns
    -------
    float
        Tau-b in [-1, 1]; NaN when either portfolio is constant.

    Raises
    ------
    InputError
        When the lengths differ or a value is not finite.

    Notes
    -----
    Over the :math:`m(m-1)/2` pairs of third states :math:`k < l`,

    .. math::

        \tau_b = \frac{\sum_{k<l} \operatorname{sgn}(x_k - x_l)
                        \operatorname{sgn}(y_k - y_l)}
                      {\sqrt{(n_0 - n_x)(n_0 - n_y)}},

    where :math:`n_0 = m(m-1)/2` and :math:`n_x, n_y` count the pairs tied in
    :math:`x` and in :math:`y`. Bueno de Mesquita [1]_ computes it from the
    cross-tabulation of the two states' alliance commitments; Signorino and
    Ritter [2]_ show why it measures association rather than similarity
    (portfolios that differ everywhere can still score 1). Tau-b is undefined
    (NaN) when a portfolio is constant, because every pair is tied. It is
    unweighted.

    References
    ----------
    .. [1] Bueno de Mesquita, B. (1975). Measuring systemic polarity. Journal
       of Conflict Resolution, 19(2), 187-216.
       https://doi.org/10.1177/002200277501900201 ; Bueno de Mesquita, B.
       (1981). The War Trap. New Haven: Yale University Press.
    .. [2] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b:
       Measuring the similarity of foreign policy positions. International
       Studies Quarterly, 43(1), 115-144.
       https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> tau_b([1, 2, 2, 3], [3, 2, 2, 1])
    -1.0
    >>> tau_b([0, 0, 0], [0, 1, 3])
    nan
    """
    xs = check_vector(x, "x")
    ys = check_vector(y, "y")
    check_same_length(xs, ys)
    first, second = np.triu_indices(xs.size, 1)
    sx = np.sign(xs[first] - xs[second])
    sy = np.sign(ys[first] - ys[second])
    untied = float(np.count_nonzero(sx)) * float(np.count_nonzero(sy))
    if untied == 0:
        return NAN
    return float(np.clip(float(sx @ sy) / np.sqrt(untied), -1.0, 1.0))


# --------------------------------------------------------------------------- all dyads


def s_matrix(
    portfolios: npt.ArrayLike,
    *,
    distance: str = "absolute",
    weights: npt.ArrayLike | None = None,
    ranges: npt.ArrayLike = 3.0,
) -> FloatArray:
    r"""Signorino and Ritter's S for every dyad of one year.

    Parameters
    ----------
    portfolios
        Matrix P of shape (n states, m third states); row i is state i's
        portfolio.
    distance, weights, ranges
        As in :func:`s_score`; ``weights`` and ``ranges`` (if not a scalar)
        have one entry per column.

    Returns
    -------
    numpy.ndarray
        Symmetric (n, n) matrix with ``M[i, j] == s_score(P[i], P[j], ...)``;
        all NaN when the weights sum to 0.

    Raises
    ------
    InputError
        As :func:`s_score`; also when P is not 2-D or holds a non-finite
        value, or a column spans more than its range.

    Notes
    -----
    The weighted distance is computed without a loop over dyads. With
    :math:`v_k = w_k / r_k`, the absolute distance of integer portfolios is a
    sum of weighted Hamming distances between threshold indicators
    :math:`B_t = 1[P > t]`, since :math:`|a - b| = \sum_t |1[a>t] - 1[b>t]|`;
    each is :math:`X + X^\top` with :math:`X = B_t \operatorname{diag}(v) (1 - B_t)^\top`.
    The indicators of all levels (3 for the ``atop`` coding) are placed side
    by side, so this is one matrix product with inner dimension 3m; it is
    exact for unit weights and 0 for identical rows. Non-integer values (or
    more than 64 levels) take an exact blockwise computation of
    :math:`|P_i - P_j| v`. The squared distance is
    :math:`a_i + a_j - 2 (C \operatorname{diag}(v) C^\top)_{ij}` with
    column-centred values :math:`C` and :math:`v_k = w_k / r_k^2`. See
    :func:`s_score` for the measure.

    References
    ----------
    .. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b:
       Measuring the similarity of foreign policy positions. International
       Studies Quarterly, 43(1), 115-144.
       https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> s_matrix([[0, 1, 2, 3], [3, 2, 1, 0]]).round(4)
    array([[ 1.    , -0.3333],
           [-0.3333,  1.    ]])
    """
    p = check_portfolios(portfolios)
    n, m = p.shape
    squared = check_distance(distance) == "squared"
    w = check_weights(weights, m)
    r = check_ranges(ranges, m)
    check_spread(p, r)
    total = float(w.sum())
    if not total > 0:
        return np.full((n, n), NAN)
    dist = squared_distances(p, w / (r * r)) if squared else absolute_distances(p, w / r)
    out = 1.0 - 2.0 * dist / total
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, 1.0)
    return symmetric(out)


def kappa_matrix(
    portfolios: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    ranges: npt.ArrayLike = 3.0,
) -> FloatArray:
    r"""Cohen's kappa (quadratic, Häge) for every dyad of one year.

    Parameters
    ----------
    portfolios
        Matrix P of shape (n states, m third states); row i is state i's
        portfolio.
    weights, ranges
        As in :func:`cohen_kappa`, one entry per column.

    Returns
    -------
    numpy.ndarray
        Symmetric (n, n) matrix with ``M[i, j] == cohen_kappa(P[i], P[j], ...)``;
        NaN for dyads of two equal constant rows (and on the diagonal for a
        constant row).

    Raises
    ------
    InputError
        As :func:`cohen_kappa`; also when P is not 2-D or holds a non-finite
        value.

    Notes
    -----
    With weighted row means :math:`\bar x_i`, variances :math:`s_i^2` and
    covariances :math:`c_{ij} = \sum_k u_k (x_{ik} - \bar x_i)(x_{jk} - \bar x_j)`
    (:math:`u = w / \sum w`, one matrix product for all dyads),
    :math:`D_e - D_o = 2 c_{ij}`, so

    .. math:: \kappa_{ij} = \frac{2 c_{ij}}{s_i^2 + s_j^2 + (\bar x_i - \bar x_j)^2},

    which avoids the cancellation in :math:`1 - D_o / D_e`. See
    :func:`cohen_kappa` for the measure and when it is undefined.

    References
    ----------
    .. [1] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
       foreign policy similarity for chance agreement. Political Analysis,
       19(3), 287-305. https://doi.org/10.1093/pan/mpr023

    Examples
    --------
    >>> kappa_matrix([[3, 0, 0, 0], [3, 1, 0, 0], [3, 3, 3, 3]]).round(4)
    array([[1.    , 0.9231, 0.    ],
           [0.9231, 1.    , 0.    ],
           [0.    , 0.    ,    nan]])
    """
    return agreement_matrix(portfolios, weights, ranges, pooled=False)


def pi_matrix(
    portfolios: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    ranges: npt.ArrayLike = 3.0,
    nominal: bool = False,
) -> FloatArray:
    r"""Scott's pi (Häge) for every dyad of one year.

    Parameters
    ----------
    portfolios
        Matrix P of shape (n states, m third states); row i is state i's
        portfolio.
    weights, ranges, nominal
        As in :func:`scott_pi`, one weight or range per column.

    Returns
    -------
    numpy.ndarray
        Symmetric (n, n) matrix with ``M[i, j] == scott_pi(P[i], P[j], ...)``;
        NaN for dyads of two equal constant rows.

    Raises
    ------
    InputError
        As :func:`scott_pi`; also when P is not 2-D or holds a non-finite
        value.

    Notes
    -----
    Squared distances: with the row moments of :func:`kappa_matrix`,

    .. math:: \pi_{ij} = \frac{2 c_{ij} - (\bar x_i - \bar x_j)^2 / 2}
                              {s_i^2 + s_j^2 + (\bar x_i - \bar x_j)^2 / 2}.

    Nominal: with the indicator matrix :math:`I_c = 1[P = c]` of each
    distinct value, :math:`D_o = \sum_c (I_c \operatorname{diag}(u)) (1 - I_c)^\top`
    and the category shares :math:`F = [I_c u]_c` give
    :math:`\sum_c p_c^2 = (f_i + f_j + 2 (F F^\top)_{ij}) / 4` with
    :math:`f_i = \sum_c F_{ic}^2`: one matrix product per distinct value
    (blockwise comparison beyond 32 values). See :func:`scott_pi`.

    References
    ----------
    .. [1] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
       foreign policy similarity for chance agreement. Political Analysis,
       19(3), 287-305. https://doi.org/10.1093/pan/mpr023

    Examples
    --------
    >>> pi_matrix([[3, 0, 0, 0], [3, 1, 0, 0]]).round(4)
    array([[1.    , 0.9223],
           [0.9223, 1.    ]])
    """
    if nominal:
        p = check_portfolios(portfolios)
        w = check_weights(weights, p.shape[1])
        check_ranges(ranges, p.shape[1])
        return nominal_pi_matrix(p, w)
    return agreement_matrix(portfolios, weights, ranges, pooled=True)


def tau_b_matrix(portfolios: npt.ArrayLike) -> FloatArray:
    r"""Kendall's tau-b for every dyad of one year.

    Parameters
    ----------
    portfolios
        Matrix P of shape (n states, m third states); row i is state i's
        portfolio.

    Returns
    -------
    numpy.ndarray
        Symmetric (n, n) matrix with ``M[i, j] == tau_b(P[i], P[j])``; NaN in
        the rows and columns of constant portfolios.

    Raises
    ------
    InputError
        When P is not 2-D or holds a non-finite value.

    Notes
    -----
    The denominator depends on one row only: :math:`n_0 - n_i` untied pairs
    of row i. For integer portfolios with at most 8 levels :math:`a`, the
    numerator (concordant minus discordant pairs) comes from the
    cross-tabulations :math:`C_{ab} = I_a I_b^\top` of the level indicators
    :math:`I_a = 1[P = a]`, all computed in one product of the stacked
    indicators:

    .. math::

        N_c - N_d = \sum_{a,b} C_{ab} \Big(\sum_{a'>a,\,b'>b} C_{a'b'}
                    - \sum_{a'>a,\,b'<b} C_{a'b'}\Big).

    Other portfolios use :math:`\operatorname{sgn}(P_{ik} - P_{il})` over the
    pairs of columns, in blocks: tau-b is the cosine similarity of these sign
    vectors. See :func:`tau_b`.

    References
    ----------
    .. [1] Bueno de Mesquita, B. (1975). Measuring systemic polarity. Journal
       of Conflict Resolution, 19(2), 187-216.
       https://doi.org/10.1177/002200277501900201
    .. [2] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b:
       Measuring the similarity of foreign policy positions. International
       Studies Quarterly, 43(1), 115-144.
       https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> tau_b_matrix([[0, 1, 2, 3], [3, 2, 1, 0], [1, 1, 1, 1]])
    array([[ 1., -1., nan],
           [-1.,  1., nan],
           [nan, nan, nan]])
    """
    p = check_portfolios(portfolios)
    n = p.shape[0]
    levels = integer_levels(p)
    if levels is not None and levels[1] - levels[0] + 1 <= MAX_TAU_LEVELS:
        numerator, untied = tau_table(p, levels[0], levels[1] - levels[0] + 1)
    else:
        numerator, untied = tau_signs(p)
    denominator = np.sqrt(np.outer(untied, untied))
    out = np.full((n, n), NAN)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, np.where(untied > 0, 1.0, NAN))
    return symmetric(out)
