"""Vega-Lite specifications for the brief, built from catalog tables.

Each function takes ready data (rows of plain values) and returns a Vega-Lite
v6 specification as a dict; the brief embeds them with the vendored Vega
runtime. Nothing here touches the page or the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Spec = dict[str, Any]
Rows = list[dict[str, Any]]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
KIND_COLORS = {
    "bilateral_treaty": "#1f77b4",
    "multilateral_alliance": "#d62728",
    "partnership_framework": "#2ca02c",
    "joint_program": "#ff7f0e",
    "mission": "#9467bd",
    "information_sharing": "#8c564b",
    "organization": "#7f7f7f",
}
ROLE_COLORS = {
    "member": "#1f4e9c",
    "party": "#1f4e9c",
    "host_nation": "#c0392b",
    "framework_nation": "#e67e22",
    "lead_nation": "#e67e22",
    "contributor": "#5b8fd6",
    "partner": "#27ae60",
    "level_1_partner": "#0b5345",
    "level_2_partner": "#148f77",
    "level_3_partner": "#45b39d",
    "security_cooperation_participant": "#8e44ad",
    "fms_customer": "#95a5a6",
    "associate": "#f1c40f",
    "observer": "#bdc3c7",
    "dialogue_partner": "#d5dbdb",
}


def _scale(colors: dict[str, str], present: list[str]) -> dict[str, list[str]]:
    domain = [key for key in colors if key in present]
    return {"domain": domain, "range": [colors[key] for key in domain]}


def kind_overview(rows: Rows) -> Spec:
    """Stacked bars: arrangements per collaboration model, by status.

    ``rows`` have ``kind_label`` and ``status``.
    """
    return {
        "$schema": SCHEMA,
        "description": "Arrangements in the catalog by collaboration model and status",
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "width": "container",
        "height": 200,
        "encoding": {
            "y": {"field": "kind_label", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"aggregate": "count", "title": "arrangements"},
            "color": {
                "field": "status",
                "type": "nominal",
                "title": "status",
                "scale": {
                    "domain": ["active", "ended", "suspended", "planned"],
                    "range": ["#2e7d32", "#9e9e9e", "#f9a825", "#64b5f6"],
                },
            },
        },
    }


def gantt(
    rows: Rows,
    *,
    title: str,
    label: str = "label",
    color: str = "kind",
    colors: dict[str, str] | None = None,
    height_per_row: int = 16,
    faint: tuple[str, str] | None = None,
) -> Spec:
    """Horizontal bars from ``start`` to ``end`` (ISO dates), one per row label.

    ``rows`` have ``label``, ``start``, ``end`` and the ``color`` field; rows
    keep their given order from top to bottom. ``faint`` is a ``(field,
    value)`` pair: rows whose ``field`` holds ``value`` (spells known only as
    of a date, say) are drawn faint, with a legend saying so, when there are any.
    """
    present = sorted({str(r[color]) for r in rows})
    scale = _scale(colors, present) if colors else {"scheme": "tableau20"}
    order = [r[label] for r in rows]
    encoding: Spec = {
        "y": {"field": label, "type": "nominal", "sort": order, "title": None},
        "x": {"field": "start", "type": "temporal", "title": None},
        "x2": {"field": "end"},
        "color": {
            "field": color,
            "type": "nominal",
            "title": color.replace("_", " "),
            "scale": scale,
        },
    }
    if faint is not None and any(r.get(faint[0]) == faint[1] for r in rows):
        field, value = faint
        others = sorted({str(r[field]) for r in rows} - {value})
        encoding["opacity"] = {
            "field": field,
            "type": "nominal",
            "title": field.replace("_", " "),
            "scale": {"domain": [*others, value], "range": [1.0] * len(others) + [0.35]},
        }
    return {
        "$schema": SCHEMA,
        "title": title,
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True, "cornerRadius": 2},
        "width": "container",
        "height": max(80, height_per_row * len(order)),
        "encoding": encoding,
    }


_IS_MEMBER = "isValid(datum.role)"


def world_map(topology: dict[str, Any], members: Rows, *, title: str) -> Spec:
    """A world map colouring the states in ``members`` by role.

    ``topology`` is a TopoJSON whose ``countries`` features have ISO3 ids;
    ``members`` have ``id`` (ISO3), ``name`` and ``role``. The members table
    is the named dataset ``members`` so a page can swap it for another
    arrangement's (``view.change``). Each country path carries an ARIA label,
    ``member: NAME`` or ``not a member: NAME``.
    """
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 420,
        "datasets": {"members": members},
        "data": {"values": topology, "format": {"type": "topojson", "feature": "countries"}},
        "projection": {"type": "equalEarth"},
        "transform": [
            {
                "lookup": "id",
                "from": {"data": {"name": "members"}, "key": "id", "fields": ["role", "joined"]},
            },
            {"calculate": "datum.properties.name", "as": "country"},
            {"calculate": f"{_IS_MEMBER} ? datum.role : 'not a member'", "as": "status"},
            {
                "calculate": f"({_IS_MEMBER} ? 'member: ' : 'not a member: ') + datum.country",
                "as": "aria",
            },
        ],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.3},
        "encoding": {
            "color": {
                "field": "status",
                "type": "nominal",
                "title": "role",
                "scale": {
                    "domain": [*ROLE_COLORS, "not a member"],
                    "range": [*ROLE_COLORS.values(), "#e8e8e8"],
                },
                "legend": {"orient": "bottom-left", "values": legend_values(members)},
            },
            "description": {"field": "aria"},
            "tooltip": [
                {"field": "country"},
                {"field": "status", "title": "role"},
                {"field": "joined", "title": "member since"},
            ],
        },
    }


def legend_values(members: Rows) -> list[str]:
    """The roles present in ``members`` in legend order, then 'not a member'."""
    present = {str(m["role"]) for m in members}
    return [role for role in ROLE_COLORS if role in present] + ["not a member"]


def _bars(rows: Rows, *, title: str, height: int, encoding: Spec) -> Spec:
    """A horizontal bar chart of ``rows`` with tooltips, as wide as its container."""
    return {
        "$schema": SCHEMA,
        "title": title,
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "width": "container",
        "height": height,
        "encoding": encoding,
    }


def quantity_bars(rows: Rows, *, title: str) -> Spec:
    """Bars of planned quantities per state, coloured by role.

    ``rows`` have ``name``, ``planned_quantity`` and ``role``.
    """
    present = sorted({str(r["role"]) for r in rows})
    return _bars(
        rows,
        title=title,
        height=max(120, 18 * len(rows)),
        encoding={
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "planned_quantity", "type": "quantitative", "title": "planned aircraft"},
            "color": {"field": "role", "type": "nominal", "scale": _scale(ROLE_COLORS, present)},
        },
    )


def role_matrix(rows: Rows, *, title: str) -> Spec:
    """A grid of arrangement (columns) against state (rows), coloured by role.

    ``rows`` have ``arrangement``, ``name`` and ``role``.
    """
    present = sorted({str(r["role"]) for r in rows})
    return {
        "$schema": SCHEMA,
        "title": title,
        "data": {"values": rows},
        "mark": {"type": "rect", "tooltip": True, "stroke": "white"},
        "width": "container",
        "height": max(120, 16 * len({r["name"] for r in rows})),
        "encoding": {
            "x": {
                "field": "arrangement",
                "type": "nominal",
                "title": None,
                "axis": {"labelAngle": -30},
            },
            "y": {"field": "name", "type": "nominal", "title": None, "sort": "ascending"},
            "color": {"field": "role", "type": "nominal", "scale": _scale(ROLE_COLORS, present)},
        },
    }


def network(nodes: Rows, edges: Rows, *, title: str) -> Spec:
    """A node-link drawing: ties as lines, states as points coloured by community.

    ``nodes`` have ``id``, ``name``, ``x``, ``y`` (a layout), ``degree``,
    ``community`` (a label such as ``"bloc 1"``) and ``label`` (the name to
    print beside the point, or empty); ``edges`` have ``x``, ``y``, ``x2``,
    ``y2``, ``pair`` and ``arrangements``. Each point carries the ARIA label
    ``state: NAME``.
    """
    axis = {"field": "x", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    yaxis = {"field": "y", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 520,
        "datasets": {"nodes": nodes, "edges": edges},
        "layer": [
            {
                "data": {"name": "edges"},
                "mark": {"type": "rule", "color": "#9aa7b4", "opacity": 0.35, "strokeWidth": 0.8},
                "encoding": {
                    "x": axis,
                    "y": yaxis,
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "tooltip": [
                        {"field": "pair", "title": "tie"},
                        {"field": "arrangements", "title": "through"},
                    ],
                },
            },
            {
                "data": {"name": "nodes"},
                "transform": [{"calculate": "'state: ' + datum.name", "as": "aria"}],
                "mark": {"type": "circle", "opacity": 0.9, "stroke": "#ffffff", "strokeWidth": 1},
                "encoding": {
                    "x": axis,
                    "y": yaxis,
                    "color": {
                        "field": "community",
                        "type": "nominal",
                        "title": "community",
                        "scale": {"scheme": "tableau10"},
                        "legend": {"orient": "bottom"},
                    },
                    "size": {
                        "field": "degree",
                        "type": "quantitative",
                        "title": "ties",
                        "scale": {"range": [30, 400]},
                        "legend": None,
                    },
                    "description": {"field": "aria"},
                    "tooltip": [
                        {"field": "name", "title": "state"},
                        {"field": "degree", "title": "ties"},
                        {"field": "community"},
                    ],
                },
            },
            {
                "data": {"name": "nodes"},
                "transform": [{"filter": "datum.label != ''"}],
                "mark": {
                    "type": "text",
                    "dy": -10,
                    "fontSize": 10,
                    "color": "#1d2733",
                    "aria": False,
                },
                "encoding": {"x": axis, "y": yaxis, "text": {"field": "label"}},
            },
        ],
    }


#: NATO spending guidelines drawn on the burden charts: (percent of GDP, label).
GUIDELINES = (
    (2.0, "2% guideline (2006)"),
    (3.5, "3.5% core (Hague 2025)"),
    (5.0, "5% (Hague 2025)"),
)


def share_scatter(rows: Rows, *, title: str) -> Spec:
    """Each ally's share of the alliance's GDP against its share of its spending.

    ``rows`` have ``name``, ``gdp_share_pct`` and ``milex_share_pct``. Points
    above the 45° line carry more of the spending than of the economy.
    """
    top = max(
        [float(r["gdp_share_pct"]) for r in rows] + [float(r["milex_share_pct"]) for r in rows]
    )
    diagonal = [
        {"gdp_share_pct": 0.0, "milex_share_pct": 0.0},
        {"gdp_share_pct": top, "milex_share_pct": top},
    ]
    axes = {
        "x": {
            "field": "gdp_share_pct",
            "type": "quantitative",
            "title": "share of alliance GDP (%)",
        },
        "y": {
            "field": "milex_share_pct",
            "type": "quantitative",
            "title": "share of alliance military spending (%)",
        },
    }
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 360,
        "layer": [
            {
                "data": {"values": diagonal},
                "mark": {"type": "line", "color": "#888", "strokeDash": [4, 4]},
                "encoding": axes,
            },
            {
                "data": {"values": rows},
                "mark": {"type": "point", "filled": True, "size": 60, "tooltip": True},
                "encoding": {**axes, "color": {"value": "#1f4e9c"}},
            },
            {
                "data": {"values": rows},
                "transform": [{"filter": "datum.gdp_share_pct >= 3 || datum.milex_share_pct >= 3"}],
                "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 10},
                "encoding": {**axes, "text": {"field": "name"}},
            },
        ],
    }


def _guideline_rules(guidelines: Sequence[tuple[float, str]] = GUIDELINES) -> Spec:
    values = [{"level": level, "label": label} for level, label in guidelines]
    return {
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#c0392b"},
                "encoding": {"y": {"field": "level", "type": "quantitative"}},
            },
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dy": -6,
                    "x": 4,
                    "color": "#c0392b",
                    "fontSize": 10,
                },
                "encoding": {
                    "y": {"field": "level", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
    }


def guideline_series(
    rows: Rows, *, title: str, guidelines: Sequence[tuple[float, str]] = GUIDELINES
) -> Spec:
    """Military spending as % of GDP over the years, with guideline lines.

    ``rows`` have ``name``, ``year`` and ``milex_pct_gdp``; ``guidelines`` are
    (percent of GDP, label) pairs drawn as dashed lines (default: NATO's).
    """
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 320,
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "line", "point": True, "tooltip": True},
                "encoding": {
                    "x": {"field": "year", "type": "ordinal", "title": None},
                    "y": {"field": "milex_pct_gdp", "type": "quantitative", "title": "% of GDP"},
                    "color": {"field": "name", "type": "nominal", "title": None},
                },
            },
            _guideline_rules(guidelines),
        ],
    }


def grouped_bars(
    rows: Rows,
    *,
    title: str,
    value: str,
    value_title: str,
    group: str,
    colors: dict[str, str],
    group_title: str | None = None,
    row_height: int = 9,
) -> Spec:
    """Horizontal bars of ``value`` per ``name``, one bar per ``group`` side by side.

    ``rows`` have ``name``, ``group`` and ``value`` fields; ``colors`` maps each
    group to its colour, in legend order.
    """
    return _bars(
        rows,
        title=title,
        height=max(160, row_height * len(rows)),
        encoding={
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": value, "type": "quantitative", "title": value_title},
            "color": {
                "field": group,
                "type": "nominal",
                "scale": {"domain": list(colors), "range": list(colors.values())},
                "title": group_title,
            },
            "yOffset": {"field": group},
        },
    )


def gap_bars(rows: Rows, *, title: str) -> Spec:
    """Extra spending each ally needs to reach 3.5% and 5% of GDP, in US$ billions.

    ``rows`` have ``name``, ``target`` ("3.5%" or "5%") and ``gap_usd_bn``.
    """
    return grouped_bars(
        rows,
        title=title,
        value="gap_usd_bn",
        value_title="US$ billions a year",
        group="target",
        group_title="to reach",
        colors={"3.5%": "#e67e22", "5%": "#c0392b"},
    )


def share_bars(rows: Rows, *, title: str) -> Spec:
    """Each partner's share of a common cost, in percent, largest first.

    ``rows`` have ``name``, ``share_pct`` and ``basis`` (shown in the tooltip).
    """
    return _bars(
        rows,
        title=title,
        height=max(120, 20 * len(rows)),
        encoding={
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "share_pct", "type": "quantitative", "title": "% of the cost"},
            "color": {"value": "#1f4e9c"},
            "tooltip": [
                {"field": "name", "title": "partner"},
                {"field": "share_pct", "title": "% of the cost"},
                {"field": "basis", "title": "basis"},
            ],
        },
    )


def power_bars(rows: Rows, *, title: str, equal_share_pct: float, equal_label: str) -> Spec:
    """Voting power against population under one rule, with an equal-power line.

    ``rows`` have ``name``, ``measure`` (population share, Banzhaf, Shapley-Shubik)
    and ``percent``. The rule marks ``equal_share_pct``, the power every member
    holds under a consensus rule (``equal_label`` says which).
    """
    bars = grouped_bars(
        rows,
        title=title,
        value="percent",
        value_title="% of the total",
        group="measure",
        colors=dict(zip(POWER_MEASURES, ("#bdc3c7", "#1f4e9c", "#e67e22"), strict=True)),
        row_height=7,
    )
    layered: Spec = {key: bars[key] for key in ("$schema", "title", "width", "height")}
    layered["layer"] = [
        {key: bars[key] for key in ("data", "mark", "encoding")},
        {
            "data": {"values": [{"percent": equal_share_pct, "label": equal_label}]},
            "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#c0392b", "tooltip": True},
            "encoding": {"x": {"field": "percent", "type": "quantitative"}},
        },
    ]
    return layered


#: The measures :func:`power_bars` draws, in legend order.
POWER_MEASURES = ("population share", "Banzhaf (normalized)", "Shapley-Shubik")


def contribution_bars(rows: Rows, *, title: str) -> Spec:
    """Stacked horizontal bars: each partner's fit as the sum of its contributions.

    ``rows`` have ``name``, ``rank`` (the bars' order, best first), ``indicator`` and
    ``contribution`` (weight x value; negative ones stack to the left of zero).
    """
    return _bars(
        rows,
        title=title,
        height=max(300, 24 * len({r["name"] for r in rows})),  # room for 20 legend entries
        encoding={
            "y": {
                "field": "name",
                "type": "nominal",
                "sort": {"field": "rank", "op": "min", "order": "ascending"},
                "title": None,
            },
            "x": {
                "field": "contribution",
                "type": "quantitative",
                "stack": "zero",
                "title": "contribution to fit (weight x value)",
            },
            "color": {
                "field": "indicator",
                "type": "nominal",
                "title": "indicator",
                "scale": {"scheme": "tableau20"},  # one colour for each of up to 20
            },
            "tooltip": [
                {"field": "name", "title": "partner"},
                {"field": "indicator", "title": "indicator"},
                {"field": "contribution", "title": "contribution"},
            ],
        },
    )
