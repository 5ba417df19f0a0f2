"""Valued alliance ties: ATOP's five obligation flags coded as one ordinal tie.

See the table of codings in :mod:`allied.measures.similarity`, which
re-exports :func:`valued_ties` and :data:`TOP_VALUE`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import numpy as np
import numpy.typing as npt

from allied._validation import check_choice
from allied.errors import InputError
from allied.measures._similarity_checks import IntArray, check_flags

__all__ = ["TOP_VALUE", "valued_ties"]

TOP_VALUE: Final[Mapping[str, int]] = MappingProxyType({"atop": 3, "cow": 3, "binary": 1})
"""Top value of each coding: a state's tie to itself, and the range to give to S."""

_OBLIGATIONS: Final = ("defense", "offense", "neutral", "nonagg", "consul")


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
    flags = [check_flags(value, name) for value, name in zip(values, _OBLIGATIONS, strict=True)]
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
