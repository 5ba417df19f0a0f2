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

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

import numpy as np
import numpy.typing as npt

from allied._ranges import expand_ranges
from allied.errors import InputError, check_choice

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

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

TOP_VALUE: Final[Mapping[str, int]] = MappingProxyType({"atop": 3, "cow": 3, "binary": 1})
"""Top value of each coding: a state's tie to itself, and the range to give to S."""

_DISTANCES: Final = ("absolute", "squared")
_OBLIGATIONS: Final = ("defense", "offense", "neutral", "nonagg", "consul")
# Integer portfolios with at most this many distinct levels use the threshold
# (L1) and cross-tabulation (tau-b) shortcuts; others take the exact general path.
_MAX_THRESHOLDS: Final = 64
_MAX_TAU_LEVELS: Final = 8
# Elements per temporary block in the general (chunked) paths: 32 MB of float64.
_BLOCK: Final = 1 << 22
_NAN: Final = float("nan")


# --------------------------------------------------------------------------- codings


def valued_ties(
    defense: npt.ArrayLike,
    offense: npt.ArrayLike,
    neutral: npt.ArrayLike,
    nonagg: npt.ArrayLike,
    consul: npt.ArrayLike,
    *,
    coding: str = "atop",
) -> IntArray:
    """Code ATOP obligation flags as one valued (ordinal) alliance tie.

    Parameters
    ----------
    defense, offense, neutral, nonagg, consul
        0/1 (or boolean) arrays of equal shape: whether the dyad shares a
        defense, offense, neutrality, non-aggression or consultation pledge
        (the ATOP dyad-year obligation columns).
    coding
        ``"atop"`` (default), ``"cow"`` or ``"binary"``; see Notes.

    Returns
    -------
    numpy.ndarray
        ``int64`` ties of the same shape, from 0 (no tie) to
        ``TOP_VALUE[coding]``.

    Raises
    ------
    InputError
        When ``coding`` is unknown, a flag holds something other than 0/1
        (including missing values), or the shapes differ.

    Notes
    -----
    The strongest obligation decides:

    * ``"atop"``, the ATOP ordinal ranking [1]_: 3 defense or offense;
      2 neutrality or consultation; 1 non-aggression; 0 none.
    * ``"cow"``, the Correlates of War alliance types as rescaled by
      Signorino and Ritter [2]_ and Häge [3]_ (defense 3,
      neutrality/non-aggression 2, entente 1): 3 defense or offense;
      2 neutrality or non-aggression; 1 consultation; 0 none. ATOP has no
      entente; its consultation pledge (consult in a crisis) is the closest
      obligation, and an offense pledge counts as a defense pact.
    * ``"binary"``: 1 for any obligation, 0 for none.

    A state's tie to itself is the top value (:data:`TOP_VALUE`), which the
    caller sets on the diagonal of a year's portfolio matrix.

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
       Alliance Treaty Obligations and Provisions, 1815-1944. International
       Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
    .. [2] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b:
       Measuring the similarity of foreign policy positions. International
       Studies Quarterly, 43(1), 115-144.
       https://doi.org/10.1111/0020-8833.00113
    .. [3] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of
       foreign policy similarity for chance agreement. Political Analysis,
       19(3), 287-305. https://doi.org/10.1093/pan/mpr023

    Examples
    --------
    >>> flags = dict(defense=[1, 0, 0, 0, 0], offense=[0, 0, 0, 0, 0],
    ...              neutral=[0, 1, 0, 0, 0], nonagg=[1, 1, 1, 0, 0],
    ...              consul=[0, 0, 0, 1, 0])
    >>> valued_ties(**flags).tolist()
    [3, 2, 1, 2, 0]
    >>> valued_ties(**flags, coding="cow").tolist()
    [3, 2, 2, 1, 0]
    >>> valued_ties(**flags, coding="binary").tolist()
    [1, 1, 1, 1, 0]
    """
    check_choice(coding, TOP_VALUE, argument="coding")
    values = (defense, offense, neutral, nonagg, consul)
    flags = [_flags(value, name) for value, name in zip(values, _OBLIGATIONS, strict=True)]
    for flag, name in zip(flags[1:], _OBLIGATIONS[1:], strict=True):
        if flag.shape != flags[0].shape:
            raise InputError(
                f"{name} has shape {flag.shape} but defense has shape {flags[0].shape}",
                where=f"argument {name}",
                fix="Give the five obligation flags for the same dyads, in the same order.",
            )
    d, o, n, a, c = flags
    alliance = d | o
    if coding == "atop":
        ties = np.where(alliance, 3, np.where(n | c, 2, np.where(a, 1, 0)))
    elif coding == "cow":
        ties = np.where(alliance, 3, np.where(n | a, 2, np.where(c, 1, 0)))
    else:
        ties = alliance | n | a | c
    return np.asarray(ties, dtype=np.int64)


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
    xs, ys, w, r = _pair(x, y, weights, ranges)
    squared = _distance(distance) == "squared"
    gap = np.abs(xs - ys)
    _check_gap(gap, r)
    total = float(w.sum())
    if not total > 0:
        return _NAN
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
    xs, ys, w, r = _pair(x, y, weights, ranges)
    return _agreement(xs, ys, w, r, pooled=False)


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
    xs, ys, w, r = _pair(x, y, weights, ranges)
    if nominal:
        return _nominal_pi(xs, ys, w)
    return _agreement(xs, ys, w, r, pooled=True)


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
    xs = _vector(x, "x")
    ys = _vector(y, "y")
    _same_length(xs, ys)
    first, second = np.triu_indices(xs.size, 1)
    sx = np.sign(xs[first] - xs[second])
    sy = np.sign(ys[first] - ys[second])
    untied = float(np.count_nonzero(sx)) * float(np.count_nonzero(sy))
    if untied == 0:
        return _NAN
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
    p = _portfolios(portfolios)
    n, m = p.shape
    squared = _distance(distance) == "squared"
    w = _weights(weights, m)
    r = _ranges(ranges, m)
    _check_spread(p, r)
    total = float(w.sum())
    if not total > 0:
        return np.full((n, n), _NAN)
    dist = _squared_distances(p, w / (r * r)) if squared else _absolute_distances(p, w / r)
    out = 1.0 - 2.0 * dist / total
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, 1.0)
    return _symmetric(out)


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
    return _agreement_matrix(portfolios, weights, ranges, pooled=False)


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
        p = _portfolios(portfolios)
        w = _weights(weights, p.shape[1])
        _ranges(ranges, p.shape[1])
        return _nominal_pi_matrix(p, w)
    return _agreement_matrix(portfolios, weights, ranges, pooled=True)


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
    p = _portfolios(portfolios)
    n = p.shape[0]
    levels = _integer_levels(p)
    if levels is not None and levels[1] - levels[0] + 1 <= _MAX_TAU_LEVELS:
        numerator, untied = _tau_table(p, levels[0], levels[1] - levels[0] + 1)
    else:
        numerator, untied = _tau_signs(p)
    denominator = np.sqrt(np.outer(untied, untied))
    out = np.full((n, n), _NAN)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, np.where(untied > 0, 1.0, _NAN))
    return _symmetric(out)


# --------------------------------------------------------------------------- validation


def _flags(values: npt.ArrayLike, name: str) -> BoolArray:
    array = np.asarray(values)
    if array.dtype == np.bool_:
        return array
    try:
        numbers = array.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{name} must hold 0 or 1, not {array.dtype} values",
            where=f"argument {name}",
            fix="Give the ATOP obligation flag as 0/1 integers or booleans.",
        ) from exc
    bad = ~((numbers == 0) | (numbers == 1))
    if bad.any():
        position = int(np.flatnonzero(bad.ravel())[0])
        raise InputError(
            f"{name} must hold 0 or 1, found {array.ravel()[position]!r} at position {position}",
            where=f"argument {name}",
            fix="Give the ATOP obligation flag as 0/1; code a missing flag before coding ties.",
        )
    return np.asarray(numbers == 1)


def _vector(values: npt.ArrayLike, name: str) -> FloatArray:
    array = _floats(values, name)
    if array.ndim != 1:
        raise InputError(
            f"{name} must be one portfolio (1-D), not an array of shape {array.shape}",
            where=f"argument {name}",
            fix="Pass one state's ties; use the *_matrix functions for all dyads at once.",
        )
    _finite(array, name)
    return array


def _portfolios(values: npt.ArrayLike) -> FloatArray:
    array = _floats(values, "portfolios")
    if array.ndim != 2:
        raise InputError(
            f"portfolios must be a 2-D matrix (states x third states), not shape {array.shape}",
            where="argument portfolios",
            fix="Stack one portfolio per row.",
        )
    _finite(array, "portfolios")
    return array


def _floats(values: npt.ArrayLike, name: str) -> FloatArray:
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{name} must hold numbers",
            where=f"argument {name}",
            fix="Code ties as numbers, e.g. with valued_ties().",
        ) from exc


def _finite(array: FloatArray, name: str) -> None:
    bad = ~np.isfinite(array)
    if bad.any():
        place = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"{name} holds a missing or infinite value at index {place}",
            where=f"argument {name}",
            fix="Similarity needs a value for every third state: drop the third states "
            "without data, or code them as no tie if that is what the source means.",
        )


def _same_length(x: FloatArray, y: FloatArray) -> None:
    if x.shape != y.shape:
        raise InputError(
            f"x has {x.size} elements but y has {y.size}",
            where="argument y",
            fix="Give two portfolios over the same third states, in the same order.",
        )


def _pair(
    x: npt.ArrayLike, y: npt.ArrayLike, weights: npt.ArrayLike | None, ranges: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    xs = _vector(x, "x")
    ys = _vector(y, "y")
    _same_length(xs, ys)
    return xs, ys, _weights(weights, xs.size), _ranges(ranges, xs.size)


def _weights(weights: npt.ArrayLike | None, size: int) -> FloatArray:
    if weights is None:
        return np.ones(size)
    w = _floats(weights, "weights")
    if w.shape != (size,):
        raise InputError(
            f"weights has shape {w.shape}, expected ({size},): one weight per third state",
            where="argument weights",
            fix="Give one non-negative weight per third state, in portfolio order.",
        )
    _finite(w, "weights")
    if (w < 0).any():
        position = int(np.flatnonzero(w < 0)[0])
        raise InputError(
            f"weights must be non-negative, found {w[position]:g} at index {position}",
            where="argument weights",
            fix="Use non-negative weights such as capability shares.",
        )
    return w


def _ranges(ranges: npt.ArrayLike, size: int) -> FloatArray:
    r = _floats(ranges, "ranges")
    if r.ndim == 0:
        r = np.full(size, float(r))
    elif r.shape != (size,):
        raise InputError(
            f"ranges has shape {r.shape}, expected a scalar or ({size},)",
            where="argument ranges",
            fix="Give one theoretical range, or one per third state.",
        )
    if not (np.isfinite(r) & (r > 0)).all():
        raise InputError(
            "ranges must be positive and finite",
            where="argument ranges",
            fix="Give the theoretical range of the coding, e.g. TOP_VALUE['atop'] (3).",
        )
    return r


def _distance(distance: str) -> str:
    return check_choice(distance, _DISTANCES, argument="distance")


def _check_gap(gap: FloatArray, r: FloatArray) -> None:
    over = gap > r * (1.0 + 1e-12)
    if over.any():
        k = int(np.flatnonzero(over)[0])
        raise InputError(
            f"x and y differ by {gap[k]:g} at index {k}, more than its range {r[k]:g}",
            where="argument ranges",
            fix="Give the theoretical range of the coding (3 for 'atop' and 'cow', "
            "1 for 'binary'); it must cover every value.",
        )


def _check_spread(p: FloatArray, r: FloatArray) -> None:
    if p.shape[0] == 0:
        return
    _check_gap(p.max(axis=0) - p.min(axis=0), r)


# --------------------------------------------------------------------------- kernels


def _agreement(
    x: FloatArray, y: FloatArray, w: FloatArray, r: FloatArray, *, pooled: bool
) -> float:
    total = float(w.sum())
    qx, qy = x / r, y / r  # constant after rescaling counts as constant
    if not total > 0 or _equal_constants(qx, qy, w):
        return _NAN
    u = w / total
    mx, my = float(u @ qx), float(u @ qy)
    observed = float(u @ (qx - qy) ** 2)
    spread = float(u @ (qx - mx) ** 2) + float(u @ (qy - my) ** 2)
    gap = (mx - my) ** 2
    expected = spread + (gap / 2 if pooled else gap)
    if not expected > 0:
        return _NAN
    return float(np.clip(1.0 - observed / expected, -1.0, 1.0))


def _nominal_pi(x: FloatArray, y: FloatArray, w: FloatArray) -> float:
    total = float(w.sum())
    if not total > 0 or _equal_constants(x, y, w):
        return _NAN
    u = w / total
    _, codes = np.unique(np.concatenate([x, y]), return_inverse=True)
    shares = np.bincount(codes, weights=np.concatenate([u, u])) / 2.0
    observed = float(u @ (x != y))
    expected = 1.0 - float(shares @ shares)
    if not expected > 0:
        return _NAN
    return float(np.clip(1.0 - observed / expected, -1.0, 1.0))


def _equal_constants(x: FloatArray, y: FloatArray, w: FloatArray) -> bool:
    keep = w > 0
    xs, ys = x[keep], y[keep]
    return bool(xs.size) and bool((xs == xs[0]).all()) and bool((ys == xs[0]).all())


def _constant_rows(p: FloatArray, w: FloatArray) -> tuple[BoolArray, FloatArray]:
    """Rows constant over the positive-weight columns, and their value."""
    kept = p[:, w > 0]
    first = kept[:, 0]
    return np.asarray((kept == first[:, None]).all(axis=1)), first


def _undefined(p: FloatArray, w: FloatArray) -> BoolArray:
    """Dyads of two equal constant rows: expected disagreement 0."""
    constant, value = _constant_rows(p, w)
    return np.asarray(np.outer(constant, constant) & (value[:, None] == value[None, :]))


def _agreement_matrix(
    portfolios: npt.ArrayLike,
    weights: npt.ArrayLike | None,
    ranges: npt.ArrayLike,
    *,
    pooled: bool,
) -> FloatArray:
    p = _portfolios(portfolios)
    n, m = p.shape
    w = _weights(weights, m)
    r = _ranges(ranges, m)
    total = float(w.sum())
    if not total > 0:
        return np.full((n, n), _NAN)
    u = w / total
    q = p / r
    means = q @ u
    centred = q - means[:, None]
    variances = (centred * centred) @ u
    covariance = (centred * u) @ centred.T
    gap = (means[:, None] - means[None, :]) ** 2
    if pooled:
        gap = gap / 2.0
    numerator = 2.0 * covariance - (gap if pooled else 0.0)
    expected = variances[:, None] + variances[None, :] + gap
    undefined = _undefined(q, w)
    out = np.full((n, n), _NAN)
    np.divide(numerator, expected, out=out, where=~undefined & (expected > 0))
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, np.where(np.diag(undefined), _NAN, 1.0))
    return _symmetric(out)


def _nominal_pi_matrix(p: FloatArray, w: FloatArray) -> FloatArray:
    n, _ = p.shape
    total = float(w.sum())
    if not total > 0:
        return np.full((n, n), _NAN)
    u = w / total
    categories, codes = np.unique(p, return_inverse=True)
    codes = codes.reshape(p.shape)
    shares = np.zeros((n, categories.size))
    np.add.at(shares, (np.repeat(np.arange(n), p.shape[1]), codes.ravel()), np.tile(u, n))
    if categories.size <= 32:
        observed = np.zeros((n, n))
        for c in range(categories.size):
            indicator = (codes == c).astype(np.float64)
            observed += (indicator * u) @ (1.0 - indicator).T
    else:
        observed = _blockwise(p, u, np.not_equal)
    own = (shares * shares).sum(axis=1)
    agreement = (own[:, None] + own[None, :] + 2.0 * (shares @ shares.T)) / 4.0
    expected = 1.0 - agreement
    undefined = _undefined(p, w)
    out = np.full((n, n), _NAN)
    np.divide(expected - observed, expected, out=out, where=~undefined & (expected > 0))
    np.clip(out, -1.0, 1.0, out=out)
    np.fill_diagonal(out, np.where(np.diag(undefined), _NAN, 1.0))
    return _symmetric(out)


def _integer_levels(p: FloatArray) -> tuple[int, int] | None:
    """(lowest, highest) value when every value is an integer; else None."""
    if p.size == 0 or not (p == np.round(p)).all():
        return None
    return int(p.min()), int(p.max())


def _absolute_distances(p: FloatArray, v: FloatArray) -> FloatArray:
    """``D[i, j] = sum_k v_k |P[i, k] - P[j, k]|``."""
    n, _ = p.shape
    levels = _integer_levels(p)
    if levels is None or levels[1] - levels[0] > _MAX_THRESHOLDS:
        return _blockwise(p, v, lambda a, b: np.abs(a - b))
    # Threshold indicators 1[P > t] for every level t side by side: (n, levels * m).
    thresholds = np.arange(levels[0], levels[1], dtype=np.float64)
    above = (p[:, None, :] > thresholds[None, :, None]).astype(np.float64).reshape(n, -1)
    one_way = (above * np.tile(v, thresholds.size)) @ (1.0 - above).T
    return np.asarray(one_way + one_way.T)


def _squared_distances(p: FloatArray, v: FloatArray) -> FloatArray:
    """``D[i, j] = sum_k v_k (P[i, k] - P[j, k])**2``, clipped at 0."""
    centred = p - p.mean(axis=0) if p.shape[0] else p
    norms = (centred * centred) @ v
    gram = (centred * v) @ centred.T
    dist = norms[:, None] + norms[None, :] - 2.0 * gram
    return np.maximum(dist, 0.0)


def _blockwise(
    p: FloatArray,
    v: FloatArray,
    op: Callable[[FloatArray, FloatArray], npt.NDArray[np.generic]],
) -> FloatArray:
    """``D[i, j] = sum_k v_k op(P[i, k], P[j, k])`` in blocks of rows (no dyad loop)."""
    n, m = p.shape
    out = np.zeros((n, n))
    step = max(1, _BLOCK // max(n * m, 1))
    for start in range(0, n, step):
        block = op(p[start : start + step, None, :], p[None, :, :])
        out[start : start + step] = block.astype(np.float64) @ v
    return out


def _tau_table(p: FloatArray, low: int, levels: int) -> tuple[FloatArray, FloatArray]:
    """Tau-b numerators and untied pair counts from level cross-tabulations.

    ``sgn(x_k - x_l) = sum_a 1[x_k = a] sgn(a - x_l)``, so over ordered pairs
    ``sum_kl sgn(x_k - x_l) sgn(y_k - y_l) = sum_ab C_ab * E_ab`` with the
    cross-tabulations ``C_ab = I_a I_b'`` and ``E = (M x M) C``,
    ``M[a, a'] = sgn(a - a')``; each unordered pair counts twice.
    """
    n, m = p.shape
    codes = (p - low).astype(np.intp)
    indicators = np.stack([(codes == a) for a in range(levels)]).astype(np.float64)
    counts = indicators.sum(axis=2)  # (levels, n)
    untied = m * (m - 1) / 2.0 - (counts * (counts - 1.0) / 2.0).sum(axis=0)
    flat = indicators.reshape(levels * n, m)
    order = np.arange(levels, dtype=np.float64)
    signs = np.sign(order[:, None] - order[None, :])
    numerator = np.zeros((n, n))
    step = max(1, _BLOCK // (4 * levels * levels * max(n, 1)))
    for start in range(0, n, step):
        rows = indicators[:, start : start + step, :]
        size = rows.shape[1]
        # table[a, i, b, j]: third states where row i has level a and row j level b.
        table = (rows.reshape(levels * size, m) @ flat.T).reshape(levels, size * levels * n)
        signed = (signs @ table).reshape(levels * size, levels, n)
        signed = np.matmul(signs, signed).reshape(levels, size, levels, n)
        product = table.reshape(levels, size, levels, n) * signed
        numerator[start : start + size] = product.sum(axis=(0, 2)) / 2.0
    return numerator, untied


def _tau_signs(p: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Tau-b numerators and untied pair counts from sign vectors over column pairs."""
    n, m = p.shape
    numerator = np.zeros((n, n))
    untied = np.zeros(n)
    if m < 2:
        return numerator, untied
    counts = m - 1 - np.arange(m - 1)  # pairs (k, l > k) for each k
    ends = np.cumsum(counts)
    step = max(1, _BLOCK // max(n, 1))
    k0 = 0
    while k0 < m - 1:
        done = int(ends[k0] - counts[k0])
        k1 = min(max(int(np.searchsorted(ends, done + step, side="right")), k0 + 1), m - 1)
        source, second = expand_ranges(np.arange(k0, k1) + 1, counts[k0:k1])
        signs = np.sign(p[:, k0 + source] - p[:, second])
        numerator += signs @ signs.T
        untied += np.count_nonzero(signs, axis=1)
        k0 = k1
    return numerator, untied


def _symmetric(matrix: FloatArray) -> FloatArray:
    """Average with the transpose, removing rounding asymmetry of matrix products."""
    return np.asarray((matrix + matrix.T) / 2.0)
