"""``allied partners backtest``: partner fit against the ATOP alliances that formed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from allied.cli._data import _Steps
from allied.cli._output import Destination, MkdirOption, destination, frame_to_csv, messages
from allied.errors import InputError

if TYPE_CHECKING:
    from allied.models import PartnerBacktest

_T = TypeVar("_T")

ObligationOption = Annotated[
    str,
    typer.Option(
        metavar="OBLIGATION",
        help="any, defense, offense, neutral, nonagg, consul (ATOP obligations; neutrality, "
        "nonaggression, consultation as in --kind also work) or all.",
    ),
]


def backtest_command(
    years: Annotated[
        str, typer.Option(metavar="FROM-TO", help="Onset years, trained and tested.")
    ] = "1946-2018",
    train_through: Annotated[
        int, typer.Option("--train-through", metavar="YEAR", help="Last training year.")
    ] = 1990,
    obligation: ObligationOption = "any",
    save_weights: Annotated[
        Path | None,
        typer.Option(
            "--save-weights",
            metavar="FILE",
            help="Write the estimated weights to FILE.yaml (the format of partner_weights.yaml).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write the figures: .csv (metrics table) or .json (metrics, calibration, "
            "findings, indicators left out).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed recorded with the run.")] = 0,
    missing_flags: Annotated[
        bool | None,
        typer.Option(
            "--missing-flags/--no-missing-flags",
            help="Missing-value flags on or off (default: chosen by cross-validation).",
            show_default=False,
        ),
    ] = None,
    mkdir: MkdirOption = False,
) -> None:
    """Backtest partner fit: does last year's fit predict a new ATOP alliance?

    Fits a penalized logit on the partner indicators up to --train-through and
    reports ROC-AUC, PR-AUC, Brier score and calibration on the later years
    against baselines (portfolio similarity alone, capital distance alone, a
    constant), with the classic findings of Lai & Reiter (2000).
    """
    from allied.models import backtest

    target = _figures_destination(out, mkdir)
    weights = _weights_destination(save_weights, mkdir)
    result = with_progress(
        backtest,
        years=years,
        train_through=train_through,
        obligation=obligation,
        seed=seed,
        missing_flags=missing_flags,
    )
    print(result.summary())
    if weights is not None:
        result.to_weights_yaml(weights.path, mkdir=weights.mkdir)
        messages.print(f"wrote weights to {weights.path}", markup=False)
    if target is not None:
        target.write(_figures(result, target.path))
        messages.print(f"wrote figures to {target.path}", markup=False)


def with_progress(work: Callable[..., _T], **arguments: Any) -> _T:
    """``work(**arguments, progress=...)`` with a progress bar on the terminal (shown once
    the work has taken more than a second; none in logs and pipes)."""
    steps = _Steps(1)
    try:
        return work(
            **arguments,
            progress=lambda step, done, total: steps.bar.update(
                steps.task, description=step, completed=done, total=total
            ),
        )
    finally:
        steps.close()


def _figures_destination(out: Path | None, mkdir: bool) -> Destination | None:
    """The checked ``--out`` (.csv or .json)."""
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        raise InputError(
            f"cannot tell the output format from {out.name!r}",
            where="option --out",
            fix="End the file name with .csv or .json.",
        )
    return destination(out, mkdir)


def _weights_destination(path: Path | None, mkdir: bool) -> Destination | None:
    """The checked ``--save-weights`` (.yaml or .yml)."""
    if path is not None and path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            f"weights are written as YAML, not {path.name!r}",
            where="option --save-weights",
            fix="End the file name with .yaml.",
        )
    return destination(path, mkdir, option="--save-weights")


def _figures(result: PartnerBacktest, path: Path) -> str:
    """The figures as CSV (the metrics table) or JSON (everything a report needs)."""
    if path.suffix.lower() == ".csv":
        return frame_to_csv(result.to_frame())
    calibration = {
        run.obligation: run.model("model").calibration.to_dict("records") for run in result.runs
    }
    document = {
        "years": list(result.years),
        "train_through": result.train_through,
        "seed": result.seed,
        "indicators": list(result.indicators),
        "excluded": dict(result.excluded),
        "skipped": dict(result.skipped),
        "metrics": json.loads(result.to_frame().to_json(orient="records")),
        "calibration": json.loads(json.dumps(calibration, default=float)),
        "findings": json.loads(result.findings_frame().to_json(orient="records")),
        "sources": list(result.sources),
    }
    return json.dumps(document, indent=2) + "\n"
