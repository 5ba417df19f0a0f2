"""The brief's "Burden sharing" section: NATO allies' spending against their economies.

Built offline, and only, from the embedded indicators (one sourced row per
ally for 2024, assembled by :func:`allied.panel.burden_inputs` with
``source="embedded"``, which also names their sources and editions) and
NATO's series of the same edition (:func:`allied.panel.nato_shares`, NATO's
release of 17 June 2024), measured by :func:`allied.measures.burden_table`.
Nothing here reads the dataset cache, so the same date gives the same section
with or without one, and every NATO figure (table and chart) comes from one
edition.

The guidelines are NATO's as the catalog dates them, tested as adopted by
the brief's date (``guidelines_on``): the Hague commitment of 25 June 2025
is absent from a brief dated before it. Allies without armed forces
(Iceland) are left out of the tests and of the sums of gaps, and the section
says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from allied.catalog import Arrangement, Catalog, Guideline
from allied.measures import burden_table, guideline_notes
from allied.panel import NATO_EDITION, BurdenInputs, burden_inputs, nato_shares
from allied.report import _charts as charts
from allied.states import without_armed_forces

#: Allies drawn in the time series (the largest spenders and the eastern flank).
SERIES_STATES = ("USA", "GBR", "FRA", "DEU", "ITA", "POL", "EST", "ESP")


def burden_section(catalog: Catalog, on: date) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Facts and chart specs of the section; ``None`` facts when NATO is not in the catalog."""
    if "nato" not in catalog.by_id:
        return None, {}
    nato = catalog.get("nato")
    inputs = burden_inputs(nato.id, source="embedded", on=on, catalog=catalog)
    if not len(inputs):
        return None, {}
    members = set(inputs.frame["iso3"])
    in_force = tuple(g for g in inputs.guidelines if g.adopted_by(on) and g.metric.of_gdp)
    frame = burden_table(inputs, guidelines_on=on).frame
    year = int(frame["year"].max())
    specs: dict[str, Any] = {
        "burden_shares": charts.share_scatter(
            _share_rows(frame), title=f"Shares of NATO's GDP and military spending, {year}"
        ),
        "burden_series": charts.guideline_series(
            _series_rows(members),
            title=f"Defence expenditure as % of GDP, NATO-reported ({_nato_edition()})",
            guidelines=_guideline_lines(in_force),
        ),
    }
    gaps = _gap_rows(frame)
    if gaps:
        specs["burden_gaps"] = charts.gap_bars(
            gaps, title="Extra spending a year to reach the Hague targets"
        )
    return _facts(frame, inputs, nato, in_force, on), specs


def _nato_edition() -> str:
    return NATO_EDITION.removeprefix("NATO, ")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _share_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "name": r["name"],
            "gdp_share_pct": round(100 * float(r["gdp_share"]), 2),
            "milex_share_pct": round(100 * float(r["milex_share"]), 2),
        }
        for r in _records(frame)
    ]


def _gap_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for r in _records(frame):
        for target, column in (("3.5%", "gap_3_5_usd"), ("5%", "gap_5_usd")):
            gap = r[column]
            if pd.notna(gap) and float(gap) > 0:
                rows.append(
                    {"name": r["name"], "target": target, "gap_usd_bn": round(float(gap) / 1e9, 2)}
                )
    return rows


def _series_rows(members: set[str]) -> list[dict[str, Any]]:
    """NATO's series, in the edition of the table's NATO figures, for the allies drawn."""
    shares = nato_shares()
    chosen = shares[shares["iso3"].isin(set(SERIES_STATES) & members)]
    return [
        {"name": r["name"], "year": int(r["year"]), "milex_pct_gdp": float(r["nato_pct_gdp"])}
        for r in _records(chosen)
    ]


def _guideline_lines(guidelines: tuple[Guideline, ...]) -> list[tuple[float, str]]:
    """(level, label) of each guideline on a share of GDP, for the chart's dashed lines."""
    lines = []
    for g in guidelines:
        if not g.metric.of_gdp:
            continue
        kind = f"target {g.target_year}" if g.target_year else "guideline"
        lines.append((g.threshold, f"{g.threshold:g}% ({kind}, adopted {g.adopted_year})"))
    return lines


def _number(value: Any, scale: float, spec: str) -> str:
    """``value / scale`` formatted, or empty when missing."""
    return "" if pd.isna(value) else format(float(value) / scale, spec)


def _table_row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": r["name"],
        "no_armed_forces": bool(r["no_armed_forces"]),
        "milex_bn": _number(r["milex_usd"], 1e9, ",.1f"),
        "pct": _number(r["milex_pct_gdp"], 1, ".2f"),
        "nato_pct": _number(r["nato_pct_gdp"], 1, ".2f"),
        "ratio": _number(r["share_ratio"], 1, ".2f"),
        "gap_bn": _number(r["gap_3_5_usd"], 1e9, ",.1f"),
        "growth": _number(r["growth_to_3_5_pct"], 0.01, ".1f"),
    }


def _sum_bn(frame: pd.DataFrame, column: str) -> int | None:
    """The column's sum in US$ billions, or None when no ally was tested."""
    total = frame[column].sum(min_count=1)
    return None if pd.isna(total) else round(float(total) / 1e9)


def _facts(
    frame: pd.DataFrame,
    inputs: BurdenInputs,
    nato: Arrangement,
    in_force: tuple[Guideline, ...],
    on: date,
) -> dict[str, Any]:
    judged = frame["meets_2pct"].notna()
    unarmed = frame.loc[frame["no_armed_forces"], "name"].astype(str).tolist()
    return {
        "year": int(frame["year"].max()),
        "allies": len(frame),
        "tested": int((~frame["no_armed_forces"]).sum()),
        "no_armed_forces": sorted(unarmed),
        "judged_2pct": int(judged.sum()),
        "meet_2pct": int(frame["meets_2pct"].fillna(False).astype(bool).sum())
        if bool(judged.any())
        else None,
        "reported": int(frame["nato_pct_gdp"].notna().sum()),
        "total_bn": round(float(frame["milex_usd"].sum()) / 1e9),
        "gap_3_5_bn": _sum_bn(frame, "gap_3_5_usd"),
        "gap_5_bn": _sum_bn(frame, "gap_5_usd"),
        "guidelines": [_guideline_fact(g) for g in in_force],
        "not_yet": [_guideline_fact(g) for g in nato.guidelines if not g.adopted_by(on)],
        "notes": _notes(frame, inputs, on),
        "rows": [_table_row(r) for r in _records(frame.sort_values("milex_usd", ascending=False))],
        "editions": _editions(frame, inputs, nato, in_force),
        "sources": sorted(
            set(frame["gdp_source"]) | set(frame["milex_source"]) | set(frame["nato_source"])
        ),
    }


def _notes(frame: pd.DataFrame, inputs: BurdenInputs, on: date) -> list[str]:
    """Why a guideline or an ally is not tested (the equipment guideline has no data here)."""
    shown = tuple(g for g in inputs.guidelines if g.metric.of_gdp)
    return list(guideline_notes(frame, shown, guidelines_on=on, who="NATO"))


def _guideline_fact(guideline: Guideline) -> dict[str, Any]:
    return {"name": guideline.name, "adopted": guideline.adopted_label}


def _editions(
    frame: pd.DataFrame, inputs: BurdenInputs, nato: Arrangement, in_force: tuple[Guideline, ...]
) -> list[dict[str, str]]:
    """One edition per quantity the section shows, with the sources it cites (the builder's)."""
    editions_of = inputs.editions

    def cited(column: str) -> str:
        return "; ".join(sorted({str(v) for v in frame[column].dropna()}))

    year = int(frame["year"].max())
    editions = [
        {
            "quantity": f"Defence expenditure, % of GDP (NATO-reported), 2014-{year}",
            "edition": editions_of["nato_pct_gdp"],
            "source": cited("nato_source"),
        },
        {
            "quantity": f"Military expenditure, current US$ (SIPRI), {year}",
            "edition": editions_of["milex_usd"],
            "source": cited("milex_source"),
        },
        {
            "quantity": f"GDP, current US$, {year}",
            "edition": editions_of["gdp_usd"],
            "source": cited("gdp_source"),
        },
    ]
    unarmed = set(frame.loc[frame["no_armed_forces"], "iso3"].astype(str))
    if unarmed:
        editions.append(_unarmed_edition(unarmed))
    if in_force:
        editions.append(
            {
                "quantity": "NATO spending guidelines tested",
                "edition": "; ".join(f"{g.name}, adopted {g.adopted_label}" for g in in_force),
                "source": "; ".join(
                    dict.fromkeys(c.render() for g in in_force for c in g.citations(nato.id))
                ),
            }
        )
    return editions


def _unarmed_edition(unarmed: set[str]) -> dict[str, str]:
    spells = [s for s in without_armed_forces() if s.iso3 in unarmed]
    return {
        "quantity": "Allies without armed forces (left out of the guideline tests)",
        "edition": "allied.states.without_armed_forces: " + ", ".join(s.iso3 for s in spells),
        "source": "; ".join(c.render() for s in spells for c in s.sources),
    }
