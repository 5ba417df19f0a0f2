"""The brief's "Partner fit" section for one focal state (``allied brief --focus POL``).

Ranks every other member of the state system by fit for the focal state
(:func:`allied.models.rank`, default weights, any obligation) in the last year the
alliance data (ATOP) covers up to the brief's date, and shows the best partners with
their main reasons, a stacked bar chart of the ten best partners' fit contributions
(with the same numbers as text), the largest challenges with them, and the sources.
The indicators read the dataset cache: when a dataset they need is not there, the
section says which ``allied data import`` commands would enable it instead of
failing the brief.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from allied.catalog import Catalog
from allied.cite import Citation
from allied.errors import DataNotAvailableError
from allied.report import _charts as charts
from allied.report._editions import edition

#: Partners in the table, in the chart, and challenges listed.
TABLE_ROWS = 15
CHART_ROWS = 10
CHALLENGE_ROWS = 8


def partners_section(
    focus: str, on: date, catalog: Catalog
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Facts and chart specs of the section for ``focus`` (a name or code).

    Raises
    ------
    InputError
        An unknown state, or one that was not a member of the state system that year.
    """
    from allied import states
    from allied.models import rank

    year = section_year(on)
    focal = states.lookup(focus).iso3  # an unknown state is an input error, data or not
    try:
        ranking = rank(focal, year=year, top=TABLE_ROWS, catalog=catalog)
    except DataNotAvailableError as exc:
        return _unavailable(focal, year, exc), {}
    table = ranking.table
    contributions = ranking.scores.contributions("fit", long=True)
    challenges = ranking.scores.contributions("challenge", long=True)
    facts = {
        "focal": ranking.focal,
        "name": _name(ranking.focal),
        "year": year,
        "weights": ranking.scores.weights.name,
        "partners": len(table),
        "rows": [_row(r) for r in table.head(TABLE_ROWS).to_dict("records")],
        "chart_text": _chart_text(table, contributions),
        "challenges": _challenges(table, challenges),
        "sources": _sources(ranking.citations(), catalog),
        "editions": [
            edition(
                f"Partner fit and challenge scores for {ranking.focal}, {year}",
                f"{ranking.editions}; weights '{ranking.scores.weights.name}'",
                "; ".join(c.short for c in ranking.citations()),
            )
        ],
        "unavailable": None,
    }
    title = f"Fit contributions of {ranking.focal}'s ten best partners, {year}"
    return facts, {
        "partners_fit": charts.contribution_bars(_bars(table, contributions), title=title)
    }


def section_year(on: date) -> int:
    """The last year up to the brief's date that the alliance data (ATOP) covers."""
    from allied.sources import dataset

    return min(on.year, dataset("atop").coverage[1])


def _sources(citations: list[Citation], catalog: Catalog) -> list[str]:
    """The methods and datasets in full; the catalog's entries as one line (each entry's
    sources are in the brief's list of sources, hundreds of them)."""
    ids = {a.id for a in catalog}
    entries: set[str] = set()
    lines = []
    for citation in citations:
        entry = citation.key.split(":")[0]
        if entry in ids:
            entries.add(entry)
        else:
            lines.append(citation.render())
    if entries:
        lines.append(
            f"the {len(entries)} allied catalog entries the indicators read, each with its "
            "own sources in the list of sources below"
        )
    return lines


def _name(iso3: str) -> str:
    from allied import states

    return states.lookup(iso3, source="iso3").name


def _row(r: Mapping[Any, Any]) -> dict[str, Any]:
    reasons = [str(r[f"reason_{i}"]) for i in (1, 2, 3) if r[f"reason_{i}"]]
    return {
        "rank": int(r["rank"]),
        "iso3": "" if pd.isna(r["iso3"]) else str(r["iso3"]),
        "name": r["name"] or str(r["iso3"]),
        "fit": _number(r["fit"]),
        "challenge": _number(r["challenge"]),
        "reasons": "; ".join(reasons),
        "main_challenge": str(r["main_challenge"]),
        "missing": str(r["missing"]),
    }


def _number(value: Any) -> str:
    return "" if pd.isna(value) else f"{float(value):.2f}"


def _best(table: pd.DataFrame, long: pd.DataFrame, rows: int) -> pd.DataFrame:
    """Known contributions of the ``rows`` best partners, with their names and ranks."""
    best = table.head(rows)[["rank", "ccode", "name"]]
    known = long[long.known].rename(columns={"ccode2": "ccode"})
    return known.merge(best, on="ccode")


def _bars(table: pd.DataFrame, long: pd.DataFrame) -> list[dict[str, Any]]:
    chosen = _best(table, long, CHART_ROWS)
    return [
        {
            "name": r["name"],
            "rank": int(r["rank"]),
            "indicator": r["indicator"],
            "contribution": round(float(r["contribution"]), 3),
        }
        for r in chosen.to_dict("records")
    ]


def _chart_text(table: pd.DataFrame, long: pd.DataFrame) -> list[str]:
    """The chart as sentences: each partner's fit and its contributions, largest first."""
    chosen = _best(table, long, CHART_ROWS).sort_values(
        ["rank", "contribution"], ascending=[True, False]
    )
    fits = dict(zip(table.ccode, table.fit, strict=True))
    lines = []
    for (rank, ccode, name), group in chosen.groupby(["rank", "ccode", "name"], sort=True):
        parts = ", ".join(
            f"{i} {c:+.2f}" for i, c in zip(group.indicator, group.contribution, strict=True)
        )
        lines.append(f"{rank}. {name}: fit {fits[ccode]:.2f} = {parts}")
    return lines


def _challenges(table: pd.DataFrame, long: pd.DataFrame) -> list[dict[str, Any]]:
    """The largest challenge contributions with the best partners, largest first."""
    chosen = _best(table, long, TABLE_ROWS)
    chosen = chosen[chosen.contribution > 0].sort_values(
        ["contribution", "rank"], ascending=[False, True]
    )
    meanings = {i.name: i.meaning for i in _registry()}
    return [
        {
            "name": r["name"],
            "indicator": r["indicator"],
            "meaning": meanings.get(r["indicator"], ""),
            "value": f"{float(r['value']):.3g}",
            "contribution": f"{float(r['contribution']):.2f}",
        }
        for r in chosen.head(CHALLENGE_ROWS).to_dict("records")
    ]


def _registry() -> tuple[Any, ...]:
    from allied.models import INDICATORS

    return tuple(INDICATORS)


def needed_datasets() -> list[str]:
    """The registry datasets the indicators read, in the registry's order."""
    names = ["cow-states"]
    names += [s for i in _registry() for s in i.sources if s != "catalog"]
    return list(dict.fromkeys(names))


def _unavailable(focal: str, year: int, exc: DataNotAvailableError) -> dict[str, Any]:
    """What the section says instead of the ranking: the imports that would enable it."""
    from allied.sources import manifest

    cached = set(manifest())
    missing = [name for name in needed_datasets() if name not in cached]
    return {
        "focal": focal,
        "name": _name(focal),
        "year": year,
        "unavailable": {
            "message": exc.message,
            "commands": [f"allied data import {name} PATH" for name in missing],
        },
        "editions": [],
    }
