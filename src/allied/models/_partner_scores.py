"""Partner-fit and challenge scores of dyads: named contributions that add up to the score.

A dyad's *fit* is the sum of ``weight x value`` over the fit indicators of
:mod:`allied.models._partner_indicators` that are known for it; its *challenge* is the same
sum over the challenge indicators (larger = more in the way). The weights come from a YAML
file with a reason for each (:func:`allied.models.load_weights`). Everything is a matrix
operation over the rows of the indicator frame: a year of directed dyads (about 37,000 rows)
is scored in a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from allied._results import Result
from allied._validation import check_choice
from allied.errors import InputError
from allied.models._partner_weights import (
    PARTNER_KINDS,
    SCORES,
    IndicatorWeight,
    PartnerWeights,
    WeightsSource,
    load_weights,
)

__all__ = ["PartnerScores", "score_dyads"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

KEYS = ("ccode1", "ccode2", "year")
_OPTIONAL_KEYS = ("iso1", "iso2")


@dataclass(frozen=True)
class ScorePart:
    """One score of every dyad: its indicators, weights, values and contributions.

    ``values`` and ``contributions`` are ``(dyads, indicators)`` arrays (NaN = missing);
    ``total`` is the score: the known contributions added left to right, NaN when no
    indicator is known.
    """

    names: tuple[str, ...]
    weights: FloatArray
    values: FloatArray
    contributions: FloatArray
    known: BoolArray
    total: FloatArray

    @classmethod
    def compute(cls, frame: pd.DataFrame, weights: dict[str, IndicatorWeight]) -> ScorePart:
        """Weight the columns of ``frame`` named in ``weights``."""
        names = tuple(weights)
        vector = np.array([weights[n].weight for n in names], dtype=np.float64)
        values = frame.loc[:, list(names)].to_numpy(dtype=np.float64, na_value=np.nan)
        known = np.isfinite(values)
        contributions = np.where(known, values * vector, np.nan)
        total = np.zeros(len(frame), dtype=np.float64)
        for column in range(len(names)):  # left to right, so the sum is reproducible exactly
            total += np.where(known[:, column], contributions[:, column], 0.0)
        total[~known.any(axis=1)] = np.nan
        return cls(names, vector, values, contributions, known, total)

    def missing_text(self, *others: ScorePart) -> npt.NDArray[np.object_]:
        """Per dyad, the indicators not known here or in ``others``, each named once,
        comma-separated ("" when none)."""
        known: dict[str, BoolArray] = {}
        for part in (self, *others):
            for column, name in enumerate(part.names):
                known.setdefault(name, part.known[:, column])
        text = np.full(self.known.shape[0], "", dtype=object)
        for name, column_known in known.items():
            gap = np.where(text == "", "", ", ")
            text = np.where(column_known, text, text + gap + name)
        return text


@dataclass(frozen=True)
class PartnerScores(Result):
    """Fit and challenge scores of dyads, with the contributions they add up from.

    Attributes
    ----------
    keys
        ``ccode1``, ``ccode2``, ``year`` (and ``iso1``, ``iso2`` when the indicators had
        them), one row per dyad, in the order of the indicator frame.
    fit, challenge
        The two parts: indicators, weights, values, contributions, which are known.
    kind
        The obligation kind whose weights were used.
    weights
        The weights.

    Notes
    -----
    ``fit = sum_i w_i x_i`` over the fit indicators known for the dyad, added left to right
    in the order of :meth:`contributions`, so summing a row of that table in its order gives
    the score exactly; likewise ``challenge``. A missing indicator (NaN) contributes nothing
    and is named in ``to_frame()``'s ``missing`` column; a dyad with no known indicator has
    a NaN score. Every indicator is symmetric in the two states, so the scores of (A, B) and
    (B, A) are equal.
    """

    keys: pd.DataFrame
    fit_part: ScorePart
    challenge_part: ScorePart
    kind: str
    weights: PartnerWeights

    @property
    def fit(self) -> pd.Series:
        """The fit score of each dyad."""
        return pd.Series(self.fit_part.total, index=self.keys.index, name="fit")

    @property
    def challenge(self) -> pd.Series:
        """The challenge score of each dyad."""
        return pd.Series(self.challenge_part.total, index=self.keys.index, name="challenge")

    def part(self, score: str) -> ScorePart:
        """The ``"fit"`` or ``"challenge"`` part."""
        check_choice(score, SCORES, argument="score")
        return self.fit_part if score == "fit" else self.challenge_part

    def contributions(self, score: str = "fit", *, long: bool = False) -> pd.DataFrame:
        """The contributions of one score: wide (one column per indicator) or long.

        Parameters
        ----------
        score
            ``"fit"`` or ``"challenge"``.
        long
            One row per dyad and indicator (``indicator``, ``value``, ``weight``,
            ``contribution``, ``known``) instead of one column per indicator.
        """
        part = self.part(score)
        if not long:
            table = pd.DataFrame(
                part.contributions, columns=list(part.names), index=self.keys.index
            )
            return pd.concat([self.keys, table], axis=1)
        rows, columns = part.values.shape
        keys = self.keys.loc[self.keys.index.repeat(columns)].reset_index(drop=True)
        detail = pd.DataFrame(
            {
                "indicator": np.tile(np.array(part.names, dtype=object), rows),
                "value": part.values.ravel(),
                "weight": np.tile(part.weights, rows),
                "contribution": part.contributions.ravel(),
                "known": part.known.ravel(),
            }
        )
        return pd.concat([keys, detail], axis=1)

    def to_frame(self) -> pd.DataFrame:
        """One row per dyad: keys, ``fit``, ``challenge``, how many indicators each used,
        and the ``missing`` ones (comma-separated)."""
        fit, challenge = self.fit_part, self.challenge_part
        return self.keys.assign(
            fit=fit.total,
            challenge=challenge.total,
            fit_used=fit.known.sum(axis=1),
            challenge_used=challenge.known.sum(axis=1),
            missing=fit.missing_text(challenge),
        )

    def summary(self) -> str:
        """How many dyads, with which weights, and the score ranges."""
        return (
            f"Partner scores of {len(self.keys):,} dyads (weights '{self.weights.name}', "
            f"kind {self.kind}): fit over {len(self.fit_part.names)} indicators, "
            f"challenge over {len(self.challenge_part.names)}"
        )


def _weights_for(weights: WeightsSource, kind: str) -> PartnerWeights:
    """Loaded weights; ``"estimated"``: the backtest's for ``kind`` (estimated once, kept)."""
    if isinstance(weights, str) and weights == "estimated":
        from allied.models._partner_estimated import estimated_weights

        return estimated_weights(kind)
    return load_weights(weights)


def score_dyads(
    indicators: Any, weights: WeightsSource = "default", *, kind: str = "any"
) -> PartnerScores:
    """Fit and challenge scores of every dyad of an indicator frame, with contributions.

    Parameters
    ----------
    indicators
        The frame of :func:`allied.models.partner_indicators` (a
        :class:`~allied.models.PartnerIndicators` or its ``.frame``): keys ``ccode1``,
        ``ccode2``, ``year`` and one float column per indicator, NaN where missing.
        Directed or not; any row order.
    weights
        ``"default"``, ``"estimated"`` (the backtest's coefficients for ``kind``,
        estimated on first use and kept in the dataset cache:
        :func:`allied.models.estimated_weights`), the path of a weights YAML file,
        or :class:`PartnerWeights`.
    kind
        The obligation kind: one of ``any``, ``defense``, ``offense``, ``neutrality``,
        ``nonaggression``, ``consultation`` (the kind's overrides replace base weights).

    Returns
    -------
    PartnerScores

    Raises
    ------
    InputError
        An unknown kind, weights that cannot be read, or a frame without the keys or an
        indicator column the weights use.

    Notes
    -----
    ``fit = sum_i w_i x_i`` over the known fit indicators, ``challenge`` likewise; the sum
    of a row of :meth:`PartnerScores.contributions` in its order equals the score exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2018],
    ...                       "regime_similarity": [0.9], "rivalry": [float("nan")]})
    >>> from allied.models import PartnerWeights, IndicatorWeight
    >>> weights = PartnerWeights("example", {"regime_similarity": IndicatorWeight(2.0, "why")},
    ...                          {"rivalry": IndicatorWeight(1.0, "why")})
    >>> scores = score_dyads(frame, weights)
    >>> row = scores.to_frame().iloc[0]
    >>> float(row.fit), float(row.challenge), row.missing
    (1.8, nan, 'rivalry')
    """
    kind = check_choice(kind, PARTNER_KINDS, argument="kind")
    loaded = _weights_for(weights, kind)
    frame = getattr(indicators, "frame", indicators)
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"indicators must be a DataFrame or PartnerIndicators, not {type(indicators).__name__}",
            where="argument indicators",
            fix="Pass allied.models.partner_indicators(...) or its .frame.",
        )
    fit_weights, challenge_weights = loaded.for_kind(kind)
    _check_columns(frame, (*KEYS, *fit_weights, *challenge_weights))
    keys = frame.loc[:, [c for c in (*KEYS, *_OPTIONAL_KEYS) if c in frame.columns]].reset_index(
        drop=True
    )
    return PartnerScores(
        keys=keys,
        fit_part=ScorePart.compute(frame, fit_weights),
        challenge_part=ScorePart.compute(frame, challenge_weights),
        kind=kind,
        weights=loaded,
    )


def _check_columns(frame: pd.DataFrame, needed: tuple[str, ...]) -> None:
    absent = [c for c in dict.fromkeys(needed) if c not in frame.columns]
    if absent:
        raise InputError(
            f"the indicator frame lacks column(s) {', '.join(absent)}",
            where="argument indicators",
            fix="Pass the frame of allied.models.partner_indicators, or weights that use "
            "only the columns it has.",
        )
