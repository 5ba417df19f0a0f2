"""Weights estimated from history: the backtest's coefficients, computed once and kept.

``weights="estimated"`` in :func:`allied.models.assess`, :func:`~allied.models.rank`
and :func:`~allied.models.score_dyads` (``--weights estimated`` on the command line)
means the per-unit coefficients of the backtest's penalized logit for the kind asked
for (:func:`allied.models.backtest`, trained on 1946-1990). The backtest takes about
half a minute, so its weights are written to the dataset cache
(``partners/estimated-KIND-KEY.yaml`` under :func:`allied.sources.data_dir`), keyed by
the ``allied`` version, the indicator registry and the editions and checksums of the
cached datasets: a new import or a new release of ``allied`` estimates them again.
"""

from __future__ import annotations

from pathlib import Path

from allied import __version__
from allied.models._partner_backtest import ATOP_NAMES, Progress, backtest
from allied.models._partner_indicators import INDICATORS
from allied.models._partner_weights import PartnerWeights, load_weights
from allied.panel import derived_path

__all__ = ["estimated_weights"]

#: The training years of the estimated weights (the backtest's defaults).
ESTIMATION_YEARS, TRAIN_THROUGH = "1946-2018", 1990


def estimated_weights(kind: str = "any", *, progress: Progress | None = None) -> PartnerWeights:
    """The backtest's per-unit coefficients for ``kind``, estimated once per cache state.

    Parameters
    ----------
    kind
        ``any`` or an ATOP obligation by its kind name (``defense``, ``offense``,
        ``neutrality``, ``nonaggression``, ``consultation``). Offense and neutrality
        have too few onsets to estimate (the backtest says so).
    progress
        Called as ``progress(step, done, total)`` while the backtest runs.

    Returns
    -------
    PartnerWeights
        Named "estimated, KIND obligation, trained 1946-1990"; each weight's reason
        says where it comes from.

    Raises
    ------
    DataNotAvailableError
        A dataset of the indicators is not cached.
    InputError
        An unknown kind, or one with too few alliance onsets to estimate.

    Notes
    -----
    Data sources: those of :func:`allied.models.partner_indicators` and ATOP 5.1 for
    the onsets.
    """
    path = _stored_path(kind)
    if not path.is_file():
        obligation = ATOP_NAMES.get(kind, kind)
        result = backtest(
            years=ESTIMATION_YEARS,
            train_through=TRAIN_THROUGH,
            obligation=obligation,
            progress=progress,
        )
        result.to_weights_yaml(path, mkdir=True)
    return load_weights(path)


def _stored_path(kind: str) -> Path:
    """Where the weights of ``kind`` are kept for the present cache and ``allied``."""
    depends_on = {
        "allied": __version__,
        "indicators": [i.name for i in INDICATORS],
        "training": [ESTIMATION_YEARS, TRAIN_THROUGH],
    }
    return derived_path("partners", f"estimated-{kind}", depends_on)
