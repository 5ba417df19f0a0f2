"""The brief's "Burden sharing" section: NATO allies' spending against their economies.

Built offline from the embedded indicators (:mod:`allied.measures.indicators`,
one sourced row per ally for the latest year), through
:func:`allied.measures.burden.burden_frame`. When the cache holds NATO's
expenditure tables (``allied data import nato-expenditure``) the section also
shows each ally's % of GDP over the years; otherwise it says how to add them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from allied.catalog import Catalog
from allied.errors import DataNotAvailableError
from allied.report import _charts as charts

#: Allies drawn in the time series (the largest spenders and the eastern flank).
SERIES_STATES = ("USA", "GBR", "FRA", "DEU", "ITA", "POL", "EST", "ESP")


def burden_section(catalog: Catalog, on: date) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Facts and chart specs of the section; ``None`` facts when NATO is not in the catalog."""
    from allied.measures.burden import burden_frame
    from allied.measures.indicators import indicators

    if "nato" not in catalog.by_id:
        return None, {}
    members = {m.state for m in catalog.get("nato").members_on(on)}
    table = indicators()
    allies = table[table["iso3"].isin(members)].copy()
    if allies.empty:
        return None, {}
    frame = burden_frame(allies)
    specs: dict[str, Any] = {
        "burden_shares": charts.share_scatter(
            _share_rows(frame), title=f"Shares of NATO's GDP and military spending, {_year(frame)}"
        ),
        "burden_gaps": charts.gap_bars(
            _gap_rows(frame), title="Extra spending a year to reach the Hague targets"
        ),
    }
    series = _series_rows()
    if series:
        specs["burden_series"] = charts.guideline_series(
            series, title="Defence expenditure as % of GDP (NATO figures)"
        )
    return _facts(frame, table, has_series=bool(series)), specs


def _year(frame: pd.DataFrame) -> int:
    return int(frame["year"].max())


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


def _series_rows() -> list[dict[str, Any]]:
    from allied.sources import load
    from allied.states import lookup

    try:
        shares = load("nato-expenditure", "share_of_gdp")
    except DataNotAvailableError:
        return []
    chosen = shares[shares["iso3"].isin(SERIES_STATES)].dropna(subset=["milex_share_gdp_pct"])
    return [
        {
            "name": lookup(str(r["iso3"]), source="iso3").name,
            "year": int(r["year"]),
            "milex_pct_gdp": round(float(r["milex_share_gdp_pct"]), 2),
        }
        for r in _records(chosen)
    ]


def _number(value: Any, scale: float, spec: str) -> str:
    """``value / scale`` formatted, or empty when missing."""
    return "" if pd.isna(value) else format(float(value) / scale, spec)


def _table_row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": r["name"],
        "milex_bn": _number(r["milex_usd"], 1e9, ",.1f"),
        "pct": _number(r["milex_pct_gdp"], 1, ".2f"),
        "nato_pct": _number(r["nato_pct_gdp"], 1, ".2f"),
        "ratio": _number(r["share_ratio"], 1, ".2f"),
        "gap_bn": _number(r["gap_3_5_usd"], 1e9, ",.1f"),
        "growth": _number(r["growth_to_3_5_pct"], 0.01, ".1f"),
    }


def _facts(frame: pd.DataFrame, table: pd.DataFrame, *, has_series: bool) -> dict[str, Any]:
    reported = frame["nato_pct_gdp"].notna()
    ordered = frame.sort_values("milex_usd", ascending=False)
    return {
        "year": _year(frame),
        "allies": len(frame),
        "meet_2pct": int(frame["meets_2pct"].fillna(False).astype(bool).sum()),
        "reported": int(reported.sum()),
        "total_bn": round(float(frame["milex_usd"].sum()) / 1e9),
        "gap_3_5_bn": round(float(frame["gap_3_5_usd"].sum()) / 1e9),
        "gap_5_bn": round(float(frame["gap_5_usd"].sum()) / 1e9),
        "has_series": has_series,
        "rows": [_table_row(r) for r in _records(ordered)],
        "sources": sorted(
            set(table["gdp_source"])
            | set(table["milex_source"])
            | set(table["nato_source"].dropna())
        ),
    }
