"""Partner fit and the challenges of collaboration: who is a good partner, and what is in the way.

The public face of the partner-fit models (every name here is also exported by
:mod:`allied.models`):

- :func:`assess` scores two states in a year: a *fit* score and a *challenge* score, each
  the sum of named contributions (indicator x weight), with the table behind each;
- :func:`rank` ranks every other member of the state system by fit for a focal state,
  with the three largest reasons and the main challenge of each partner;
- :func:`rank_stability` resamples the weights and reports how stable each rank is;
- the indicators come from :func:`partner_indicators` (over
  :func:`allied.panel.partner_inputs`), one row per dyad-year, or from
  :func:`dyad_indicators` and :func:`focal_indicators`; :data:`INDICATORS` is their
  registry (name, factor, meaning, sources, unit);
- :func:`score_dyads` scores any frame of indicators (a year of directed dyads in
  milliseconds), and :func:`load_weights` reads weights: the default ones in
  ``allied/models/data/partner_weights.yaml``, each with its reason, or a file in the
  same format;
- :func:`backtest` tests the indicators on the ATOP alliances that formed after 1990
  (a penalized logit trained on 1946-1990, against baselines), and
  :func:`estimated_weights` turns its coefficients into weights (``weights="estimated"``),
  estimated once per state of the data cache and kept there.

Examples
--------
Needs ``allied data import`` of the datasets of the indicators::

    from allied.models.partners import assess, rank
    assess("USA", "AUS", year=2018).fit_table
    rank("POL", year=2018, kind="defense").to_frame()
"""

from allied.models import (
    INDICATORS,
    PARTNER_KINDS,
    Indicator,
    IndicatorWeight,
    PartnerAssessment,
    PartnerBacktest,
    PartnerIndicators,
    PartnerRanking,
    PartnerScores,
    PartnerWeights,
    RankStability,
    assess,
    backtest,
    dyad_indicators,
    estimated_weights,
    focal_indicators,
    load_weights,
    partner_indicators,
    rank,
    rank_stability,
    score_dyads,
)

__all__ = [
    "INDICATORS",
    "PARTNER_KINDS",
    "Indicator",
    "IndicatorWeight",
    "PartnerAssessment",
    "PartnerBacktest",
    "PartnerIndicators",
    "PartnerRanking",
    "PartnerScores",
    "PartnerWeights",
    "RankStability",
    "assess",
    "backtest",
    "dyad_indicators",
    "estimated_weights",
    "focal_indicators",
    "load_weights",
    "partner_indicators",
    "rank",
    "rank_stability",
    "score_dyads",
]
