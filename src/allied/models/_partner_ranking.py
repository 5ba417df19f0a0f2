"""Who is a good partner for a state, and what gets in the way: assess, rank, rank stability.

:func:`assess` scores one pair of states in a year with the table of contributions behind
each score; :func:`rank` ranks every other member of the COW state system by fit for a focal
state; :func:`rank_stability` resamples the weights and reports how stable each rank is.
The indicators come from :func:`allied.models.partner_indicators` (which reads the cache);
the scores from :func:`allied.models.score_dyads`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from allied._results import Result
from allied._validation import check_whole
from allied.catalog import Catalog
from allied.cite import Citation
from allied.errors import InputError
from allied.models._cost_sharing import _generator
from allied.models._partner_scores import PartnerScores, ScorePart, score_dyads
from allied.models._partner_weights import WeightsSource

__all__ = [
    "PartnerAssessment",
    "PartnerRanking",
    "RankStability",
    "assess",
    "rank",
    "rank_stability",
]

_TABLE_COLUMNS = [
    "indicator",
    "factor",
    "meaning",
    "sources",
    "value",
    "weight",
    "contribution",
    "reason",
]
_REASONS = 3


@dataclass(frozen=True)
class Indicators:
    """Directed indicator rows (``ccode1`` = the state asked about), their citations and
    the datasets with their editions (one line)."""

    frame: pd.DataFrame
    cited: tuple[Citation, ...]
    editions: str = ""


def focal_rows(focal: str, year: int, catalog: Catalog | None = None) -> Indicators:
    """The indicators of ``focal`` against every other system member in ``year``.

    Raises
    ------
    InputError
        An unknown state, or one outside the COW system that year.
    DataNotAvailableError
        A dataset the indicators need is not in the cache (names the import command).
    """
    from allied.models._partner_indicators import focal_indicators

    found = focal_indicators(focal, year=year, catalog=catalog)
    return Indicators(found.frame, tuple(found.citations()), found.provenance.describe())


def dyad_row(a: str, b: str, year: int, catalog: Catalog | None = None) -> Indicators:
    """The indicators of the directed dyad (a, b) in ``year`` (one row)."""
    from allied.models._partner_indicators import dyad_indicators

    found = dyad_indicators(a, b, year=year, catalog=catalog)
    return Indicators(found.frame, tuple(found.citations()), found.provenance.describe())


def _meta() -> pd.DataFrame:
    """factor, meaning and sources of each registered indicator, by name."""
    from allied.models._partner_indicators import INDICATORS

    return pd.DataFrame(
        {
            "indicator": [i.name for i in INDICATORS],
            "factor": [i.factor for i in INDICATORS],
            "meaning": [i.meaning for i in INDICATORS],
            "sources": [", ".join(i.sources) for i in INDICATORS],
        }
    ).set_index("indicator")


def _name(iso3: object) -> str:
    from allied import states

    if not isinstance(iso3, str):  # a member without an ISO3 code (pd.NA)
        return ""
    return states.lookup(iso3, source="iso3").name


class _CitesIndicators:
    """Results whose ``cited`` field lists the works their indicators come from."""

    cited: tuple[Citation, ...]

    def citations(self) -> list[Citation]:
        """The works the indicators come from (for ``allied cite``)."""
        return list(self.cited)


# --------------------------------------------------------------------------- assess


@dataclass(frozen=True)
class PartnerAssessment(_CitesIndicators, Result):
    """The fit and challenge of one pair of states in a year, with their reasons.

    Attributes
    ----------
    a, b
        The two states (ISO3), as asked.
    year, kind
        The year of the indicators and the obligation kind of the weights.
    fit, challenge
        The two scores (NaN when no indicator of the score is known).
    fit_table, challenge_table
        One row per indicator of the score: ``indicator``, ``factor``, ``meaning``,
        ``sources``, ``value``, ``weight``, ``contribution`` (weight x value, NaN when
        the value is missing) and the weight's ``reason``; largest contribution first,
        missing ones last.
    scores
        The :class:`PartnerScores` of the dyad.
    cited
        The works the indicators come from.
    """

    a: str
    b: str
    year: int
    kind: str
    fit: float
    challenge: float
    fit_table: pd.DataFrame
    challenge_table: pd.DataFrame
    scores: PartnerScores
    cited: tuple[Citation, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """The indicators of either score that are not known for this pair."""
        tables = (self.fit_table, self.challenge_table)
        return tuple(name for t in tables for name in t.loc[t.contribution.isna(), "indicator"])

    def to_frame(self) -> pd.DataFrame:
        """Both contribution tables, one below the other, with a ``score`` column first."""
        return pd.concat(
            [
                self.fit_table.assign(score="fit"),
                self.challenge_table.assign(score="challenge"),
            ],
            ignore_index=True,
        )[["score", *_TABLE_COLUMNS]]

    def summary(self) -> str:
        """The two scores and what is missing."""
        missing = ", ".join(self.missing) or "none"
        return (
            f"{self.a}-{self.b} in {self.year} (weights '{self.scores.weights.name}', "
            f"kind {self.kind}): fit {self.fit:.2f}, challenge {self.challenge:.2f}; "
            f"missing: {missing}"
        )


def assess(
    a: str,
    b: str,
    *,
    year: int,
    kind: str = "any",
    weights: WeightsSource = "default",
    catalog: Catalog | None = None,
) -> PartnerAssessment:
    """Fit and challenge of two states in a year, each with its table of contributions.

    Parameters
    ----------
    a, b
        The two states: any name or code (``USA``, ``Australia``). The scores do not
        depend on their order.
    year
        The year of the indicators (ten-year windows end in it).
    kind
        The ATOP obligation kind the weights are for: ``any``, ``defense``, ``offense``,
        ``neutrality``, ``nonaggression``, ``consultation``.
    weights
        ``"default"``, ``"estimated"`` (the backtest's, for ``kind``), a weights YAML
        file, or :class:`PartnerWeights`.
    catalog
        The catalog the shared memberships are read from; the embedded one by default.

    Returns
    -------
    PartnerAssessment

    Raises
    ------
    InputError
        Unknown or equal states, a state that is not a member of the COW system that
        year, an unknown kind, unreadable weights.
    DataNotAvailableError
        A dataset the indicators need is not in the cache.

    Notes
    -----
    Data sources: see :func:`allied.models.partner_indicators`; weights and their reasons
    in ``allied/models/data/partner_weights.yaml``.

    Examples
    --------
    Needs ``allied data import`` of the datasets of the indicators::

        result = assess("USA", "AUS", year=2018)
        result.fit, result.challenge
        result.fit_table[["indicator", "value", "weight", "contribution"]]
    """
    year = _year(year)
    data = dyad_row(a, b, year, catalog)
    scores = score_dyads(data.frame, weights, kind=kind)
    meta = _meta()
    keys = scores.keys.iloc[0]
    return PartnerAssessment(
        a=_iso(keys.get("iso1"), a),
        b=_iso(keys.get("iso2"), b),
        year=year,
        kind=scores.kind,
        fit=float(scores.fit_part.total[0]),
        challenge=float(scores.challenge_part.total[0]),
        fit_table=_contribution_table(scores, "fit", meta),
        challenge_table=_contribution_table(scores, "challenge", meta),
        scores=scores,
        cited=data.cited,
    )


def _iso(code: object, asked: str) -> str:
    """The ISO3 code of the indicator row, or the state as asked when it has none."""
    return code if isinstance(code, str) else asked


def _year(year: object) -> int:
    return check_whole(year, name="year", where="argument year", fix="Give a year such as 2018.")


def _contribution_table(scores: PartnerScores, score: str, meta: pd.DataFrame) -> pd.DataFrame:
    part = scores.part(score)
    entries = scores.weights.for_kind(scores.kind)[0 if score == "fit" else 1]
    table = pd.DataFrame(
        {
            "indicator": list(part.names),
            "value": part.values[0],
            "weight": part.weights,
            "contribution": part.contributions[0],
            "reason": [entries[name].reason for name in part.names],
        }
    ).join(meta, on="indicator")
    table = table.sort_values(
        "contribution", ascending=False, na_position="last", kind="stable"
    ).reset_index(drop=True)
    return table[_TABLE_COLUMNS]


# --------------------------------------------------------------------------- rank


@dataclass(frozen=True)
class PartnerRanking(_CitesIndicators, Result):
    """Every other member of the state system ranked by fit for a focal state.

    Attributes
    ----------
    focal, year, kind, top
        The focal state (ISO3), the year, the obligation kind, how many rows
        ``to_frame`` and ``summary`` show.
    table
        One row per partner, best first: ``rank``, ``ccode``, ``iso3``, ``name``,
        ``fit``, ``challenge``, ``reason_1`` to ``reason_3`` (the three fit
        contributions that most exceed the median partner's, with the excess in points
        of fit, e.g. ``kappa +2.08``: what sets the partner apart), ``main_challenge``
        (likewise, the one challenge contribution) and ``missing`` (indicators not
        known).
    scores
        The :class:`PartnerScores` of the focal state's dyads, in the order of ``table``.
    cited
        The works the indicators come from.
    editions
        The datasets behind the indicators with their editions, as one line.
    """

    focal: str
    year: int
    kind: str
    top: int
    table: pd.DataFrame
    scores: PartnerScores
    cited: tuple[Citation, ...] = ()
    editions: str = ""

    def to_frame(self) -> pd.DataFrame:
        """The ``top`` best partners (:attr:`table` holds them all)."""
        return self.table.head(self.top).reset_index(drop=True)

    def summary(self) -> str:
        """The focal state, the year and the best partners."""
        best = ", ".join(self.table.iso3.fillna("?").head(self.top).astype(str))
        return (
            f"Partners of {self.focal} in {self.year} by fit (weights "
            f"'{self.scores.weights.name}', kind {self.kind}): {len(self.table)} states; "
            f"top {self.top}: {best}"
        )


def rank(
    focal: str,
    *,
    year: int,
    top: int = 15,
    kind: str = "any",
    weights: WeightsSource = "default",
    catalog: Catalog | None = None,
) -> PartnerRanking:
    """Rank every other member of the COW state system by fit for ``focal`` in ``year``.

    Parameters
    ----------
    focal
        The state looking for partners: any name or code (``POL``, ``Poland``).
    year
        The year of the indicators.
    top
        How many partners ``to_frame`` and ``summary`` show (the table holds all).
    kind, weights, catalog
        As in :func:`assess`.

    Returns
    -------
    PartnerRanking
        Partners by fit, highest first; ties broken by the lower challenge, then the
        lower COW code. A partner with no known fit indicator comes last.

    Raises
    ------
    InputError
        An unknown state or one not in the system that year, a bad ``top`` or kind.
    DataNotAvailableError
        A dataset the indicators need is not in the cache.

    Examples
    --------
    Needs ``allied data import`` of the datasets of the indicators::

        rank("POL", year=2018, top=15, kind="defense").to_frame()
    """
    year = _year(year)
    top = check_whole(top, name="top", where="argument top", fix="Give e.g. top=15.", at_least=1)
    data = focal_rows(focal, year, catalog)
    first = score_dyads(data.frame, weights, kind=kind)
    partners = first.keys.ccode2.to_numpy()
    order = _order(first.fit_part.total, first.challenge_part.total, partners)
    scores = score_dyads(data.frame.iloc[order], first.weights, kind=first.kind)
    return PartnerRanking(
        focal=str(data.frame.iso1.iloc[0]) if "iso1" in data.frame else str(focal),
        year=year,
        kind=scores.kind,
        top=top,
        table=_ranking_table(scores),
        scores=scores,
        cited=data.cited,
        editions=data.editions,
    )


def _order(fit: Any, challenge: Any, ccode: Any) -> npt.NDArray[np.intp]:
    """Rows by fit (highest first, NaN last), then challenge (lowest first), then ccode.

    Works on one ranking (1-D) or on many at once (2-D, one ranking per row).
    """
    fit = np.where(np.isnan(fit), -np.inf, fit)
    challenge = np.where(np.isnan(challenge), np.inf, challenge)
    ccode = np.broadcast_to(ccode, np.shape(fit))
    return np.lexsort((ccode, challenge, -fit), axis=-1)


def _ranking_table(scores: PartnerScores) -> pd.DataFrame:
    keys = scores.keys
    table = pd.DataFrame(
        {
            "rank": np.arange(1, len(keys) + 1),
            "ccode": keys.ccode2.to_numpy(dtype=np.int64),
            "iso3": keys.get("iso2", pd.Series(pd.NA, index=keys.index)).astype("string"),
        }
    )
    table["name"] = [_name(code) for code in table.iso3.astype(object)]
    table["fit"] = scores.fit_part.total
    table["challenge"] = scores.challenge_part.total
    largest = _largest(scores.fit_part, _REASONS)
    for i in range(_REASONS):
        table[f"reason_{i + 1}"] = largest[:, i]
    table["main_challenge"] = _largest(scores.challenge_part, 1)[:, 0]
    table["missing"] = scores.to_frame().missing.to_numpy()
    return table


def _largest(part: ScorePart, count: int) -> npt.NDArray[np.object_]:
    """Per partner, the ``count`` contributions that most exceed the median partner's,
    as ``"name +1.23"`` (the excess, in points of the score); "" where fewer exceed it.

    Measured against the median partner, a reason says what sets a partner apart: an
    indicator such as ``milex_log_sum`` contributes about ten points to every partner
    of one state, and only its difference from the median is a reason.
    """
    known = part.known.any(axis=0)
    median = np.full(len(part.names), np.nan)
    median[known] = np.nanmedian(part.contributions[:, known], axis=0)
    excess = np.where(part.known, part.contributions - median, -np.inf)
    excess = np.where(excess > 0, excess, -np.inf)
    columns = np.argsort(-excess, axis=1, kind="stable")[:, :count]
    chosen = np.take_along_axis(excess, columns, axis=1)
    names = np.array(part.names, dtype=object)[columns]
    text = np.vectorize(lambda v: f"{v:+.2f}", otypes=[object])(
        np.where(np.isfinite(chosen), chosen, 0)
    )
    labels = np.full((part.known.shape[0], count), "", dtype=object)
    labels[:, : columns.shape[1]] = np.where(np.isfinite(chosen), names + " " + text, "")
    return labels


# --------------------------------------------------------------------------- stability


@dataclass(frozen=True)
class RankStability(Result):
    """How stable each partner's rank is when the weights are resampled.

    Attributes
    ----------
    focal, year, kind, top
        As in :class:`PartnerRanking`.
    draws, spread
        Number of weight draws; the standard deviation of the log of each weight's
        multiplier (lognormal(0, spread), signs kept).
    seed
        How the draws were seeded (``{"seed": 0}`` or the entropy of a SeedSequence).
    table
        One row per partner, in the order of the default ranking: ``rank``, ``ccode``,
        ``iso3``, ``name``, ``fit``, ``median_rank``, ``rank_p05``, ``rank_p95`` and
        ``p_top`` (the share of draws in which the partner is in the top ``top``).
    ranking
        The ranking under the weights as given (:func:`rank`).
    """

    focal: str
    year: int
    kind: str
    top: int
    draws: int
    spread: float
    seed: dict[str, Any]
    table: pd.DataFrame
    ranking: PartnerRanking

    def to_frame(self) -> pd.DataFrame:
        """Every partner with its rank distribution."""
        return self.table

    def summary(self) -> str:
        """The settings and the partners that stay in the top in most draws."""
        steady = self.table[self.table.p_top >= 0.9].iso3.fillna("?").astype(str)
        return (
            f"Rank stability of {self.focal}'s partners in {self.year} (kind {self.kind}): "
            f"{self.draws} draws, weights x lognormal(0, {self.spread:g}); in the top "
            f"{self.top} in at least 90 % of draws: {', '.join(steady) or 'none'}"
        )


def rank_stability(
    focal: str,
    *,
    year: int,
    draws: int = 500,
    spread: float = 0.5,
    seed: int | np.random.SeedSequence | np.random.Generator | None = 0,
    top: int = 15,
    kind: str = "any",
    weights: WeightsSource = "default",
    catalog: Catalog | None = None,
) -> RankStability:
    """Resample the weights and report how stable each partner's rank is.

    Each draw multiplies every weight (fit and challenge) by an independent
    lognormal(0, ``spread``) factor, which keeps its sign, and ranks the partners again
    (fit, then challenge, then COW code, as :func:`rank`). All draws are one matrix
    product: a ``draws x indicators`` weight matrix times the ``indicators x partners``
    value matrix (missing values contribute nothing).

    Parameters
    ----------
    focal, year, kind, weights, catalog
        As in :func:`rank`.
    draws
        Number of weight draws (at least 1).
    spread
        Standard deviation of the log multiplier; 0.5 lets a weight range over about
        0.44x-2.3x (5th-95th percentile).
    seed
        An int, a :class:`numpy.random.SeedSequence` or a :class:`numpy.random.Generator`;
        the same seed gives the same result.
    top
        The rank a partner must reach to count as "in the top".

    Returns
    -------
    RankStability
    """
    draws = check_whole(
        draws, name="draws", where="argument draws", fix="Give e.g. 500.", at_least=1
    )
    if not (isinstance(spread, int | float) and np.isfinite(spread) and spread >= 0):
        raise InputError(
            f"spread {spread!r} is not a finite number >= 0",
            where="argument spread",
            fix="Give e.g. spread=0.5.",
        )
    base = rank(focal, year=year, top=top, kind=kind, weights=weights, catalog=catalog)
    rng, seeded = _generator(seed)
    fit = _draw_scores(base.scores.fit_part, rng, draws, spread, empty=np.nan)
    challenge = _draw_scores(base.scores.challenge_part, rng, draws, spread, empty=np.nan)
    ranks = _ranks(_order(fit, challenge, base.table.ccode.to_numpy()))
    table = base.table[["rank", "ccode", "iso3", "name", "fit"]].assign(
        median_rank=np.median(ranks, axis=0),
        rank_p05=np.percentile(ranks, 5, axis=0),
        rank_p95=np.percentile(ranks, 95, axis=0),
        p_top=(ranks <= base.top).mean(axis=0),
    )
    return RankStability(
        focal=base.focal,
        year=base.year,
        kind=base.kind,
        top=base.top,
        draws=draws,
        spread=float(spread),
        seed=seeded,
        table=table,
        ranking=base,
    )


def _draw_scores(
    part: ScorePart, rng: np.random.Generator, draws: int, spread: float, *, empty: float
) -> npt.NDArray[np.float64]:
    """``draws x dyads`` scores under resampled weights (NaN where nothing is known)."""
    multipliers = np.exp(rng.normal(0.0, spread, size=(draws, len(part.names))))
    values = np.where(part.known, part.values, 0.0)
    scores = (part.weights * multipliers) @ values.T
    scores[:, ~part.known.any(axis=1)] = empty
    return scores


def _ranks(order: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    """The rank (1 = best) of each column in each row, from the sorting order of each row."""
    ranks = np.empty(order.shape, dtype=np.int64)
    positions = np.broadcast_to(np.arange(1, order.shape[1] + 1), order.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    return ranks
