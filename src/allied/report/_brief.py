"""The HTML brief: one self-contained page that opens offline.

:func:`build_brief` assembles tables and Vega-Lite specs from the catalog and
renders them with the vendored Vega runtime and world topology inlined, so the
file makes no network request. :func:`write_brief` writes it atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import yaml

from allied import __version__
from allied._io import write_atomic
from allied.catalog import (
    Arrangement,
    Catalog,
    Kind,
    Membership,
    Role,
    load_catalog,
    partners_of,
)
from allied.cite import Citation, cite
from allied.report import _charts as charts
from allied.report._burden_section import burden_section
from allied.report._governance_section import governance_section
from allied.report._network_section import network_section
from allied.states import lookup, table

KIND_LABELS = {
    Kind.MULTILATERAL_ALLIANCE: "Multilateral alliances",
    Kind.BILATERAL_TREATY: "Bilateral treaties",
    Kind.PARTNERSHIP_FRAMEWORK: "Partnership frameworks",
    Kind.JOINT_PROGRAM: "Joint armament programs",
    Kind.MISSION: "Missions",
    Kind.INFORMATION_SHARING: "Information-sharing agreements",
    Kind.ORGANIZATION: "Organizations",
}


@dataclass(frozen=True)
class Brief:
    """A rendered brief and the numbers a reader sees first.

    Attributes
    ----------
    html
        The complete, self-contained HTML page.
    summary
        Arrangements per collaboration model (see :func:`catalog_summary`).
    map_arrangement
        The id of the arrangement whose members the map shows first.
    map_members
        The ISO3 codes that the map colours for it.
    on
        The date for which memberships are shown.
    case_studies
        The ids of the case studies shown.
    network_states
        The ISO3 codes drawn in the network section (sorted).
    """

    html: str
    summary: pd.DataFrame
    map_arrangement: str
    map_members: tuple[str, ...]
    on: date
    case_studies: tuple[str, ...] = field(default=())
    network_states: tuple[str, ...] = field(default=())

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically and return the path."""
        return write_atomic(path, self.html)


def catalog_summary(catalog: Catalog, *, on: date) -> pd.DataFrame:
    """Arrangements per collaboration model: how many, how many in force on
    ``on``, how many distinct member states ever, and the earliest start.

    Examples
    --------
    >>> s = catalog_summary(load_catalog(), on=date(2025, 1, 1))
    >>> int(s.loc[s.kind == "multilateral_alliance", "arrangements"].iloc[0]) >= 5
    True
    """
    rows = []
    for kind, label in KIND_LABELS.items():
        group = [a for a in catalog if a.kind == kind]
        if not group:
            continue
        rows.append(
            {
                "kind": kind.value,
                "model": label,
                "arrangements": len(group),
                "in_force": sum(a.active_on(on) for a in group),
                "member_states": len({m.state for a in group for m in a.members}),
                "earliest": min(a.earliest for a in group).isoformat(),
            }
        )
    return pd.DataFrame(rows)


def _asset(name: str) -> str:
    return resources.files("allied.report").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def _topology_with_iso3() -> dict[str, Any]:
    """The vendored Natural Earth 1:50m topology with features keyed by ISO3."""
    topology: dict[str, Any] = json.loads(_asset("countries-50m.json"))
    states = table().dropna(subset=["iso_numeric"])
    by_numeric = dict(zip(states.iso_numeric.astype(int), states.iso3, strict=True))
    states = table()
    by_name = dict(zip(states.name, states.iso3, strict=True))
    for feature in topology["objects"]["countries"]["geometries"]:
        numeric = feature.get("id")
        iso3 = by_numeric.get(int(numeric)) if numeric and numeric.isdigit() else None
        feature["id"] = iso3 or by_name.get(feature["properties"]["name"]) or numeric or ""
    return topology


def _members_for_map(a: Arrangement, on: date) -> list[dict[str, Any]]:
    when = on if a.active_on(on) or a.ended is None else a.ended
    return [
        {
            "id": m.state,
            "name": lookup(m.state, source="iso3").name,
            "role": m.role.value,
            "joined": a.joined(m).isoformat(),
        }
        for m in a.members_on(when)
    ]


def _map_views(catalog: Catalog, on: date) -> dict[str, dict[str, Any]]:
    views = {}
    for a in sorted(catalog, key=lambda x: x.name):
        rows = _members_for_map(a, on)
        as_of = on if a.active_on(on) or a.ended is None else a.ended
        views[a.id] = {
            "label": a.label if a.label == a.name else f"{a.label}: {a.name}",
            "title": f"{a.label}: {len(rows)} states as of {as_of.isoformat()}",
            "members": rows,
            "legend": charts.legend_values(rows),
        }
    return views


def _arrangement_rows(group: list[Arrangement], on: date) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "short": a.short_name or "",
            "status": a.status.value,
            "start": a.earliest.isoformat(),
            "ended": a.ended.isoformat() if a.ended else "",
            "members": len(a.members_on(on))
            if a.active_on(on)
            else len({m.state for m in a.members}),
            "domains": ", ".join(d.value.replace("_", " ") for d in a.domains),
            "obligations": ", ".join(o.value.replace("_", " ") for o in a.obligations),
        }
        for a in sorted(group, key=lambda x: x.earliest)
    ]


def _overview(catalog: Catalog, on: date) -> tuple[list[dict[str, Any]], charts.Spec]:
    groups = []
    for kind, label in KIND_LABELS.items():
        group = [a for a in catalog if a.kind == kind]
        if group:
            groups.append(
                {"kind": kind.value, "label": label, "rows": _arrangement_rows(group, on)}
            )
    chart = charts.kind_overview(
        [{"kind_label": KIND_LABELS[a.kind], "status": a.status.value} for a in catalog]
    )
    return groups, chart


def _sorted_spells(a: Arrangement) -> list[Membership]:
    return sorted(a.members, key=lambda m: (a.joined(m), lookup(m.state, source="iso3").name))


def _membership_gantt(a: Arrangement, on: date, title: str) -> charts.Spec:
    rows = [
        {
            "label": lookup(m.state, source="iso3").name,
            "start": a.joined(m).isoformat(),
            "end": (a.left(m) or on).isoformat(),
            "wave": str(a.joined(m).year),
            "role": m.role.value,
        }
        for m in _sorted_spells(a)
    ]
    return charts.gantt(rows, title=title, color="wave", height_per_row=14)


def _shared_periods(a: Arrangement, first: str, second: str, on: date) -> list[tuple[date, date]]:
    """The periods in which both states were members of ``a`` (until ``on``)."""
    periods = []
    for x in (m for m in a.members if m.state == first):
        for y in (m for m in a.members if m.state == second):
            start = max(a.joined(x), a.joined(y))
            end = min(a.left(x) or on, a.left(y) or on)
            if start <= end:
                periods.append((start, end))
    return periods


def _dyad_gantt(dyad: list[str], catalog: Catalog, on: date) -> charts.Spec:
    """Bars for every period in which the two states shared an arrangement."""
    first, second = dyad
    rows = [
        {"label": a.label, "start": start.isoformat(), "end": end.isoformat(), "kind": a.kind.value}
        for a in sorted(catalog, key=lambda x: x.earliest)
        for start, end in _shared_periods(a, first, second, on)
    ]
    names = " and ".join(lookup(code, source="iso3").name for code in dyad)
    return charts.gantt(
        rows, title=f"Arrangements joining {names}", color="kind", colors=charts.KIND_COLORS
    )


def _children_matrix(parent_id: str, catalog: Catalog, on: date) -> charts.Spec:
    rows = []
    for child in sorted(catalog.children(parent_id), key=lambda x: x.label):
        for m in child.members_on(on) if child.active_on(on) else child.members:
            rows.append(
                {
                    "arrangement": child.label,
                    "name": lookup(m.state, source="iso3").name,
                    "role": m.role.value,
                }
            )
    parent = catalog.get(parent_id)
    return charts.role_matrix(
        rows, title=f"{parent.label}: who contributes where, {on.isoformat()}"
    )


def _quantities(a: Arrangement) -> charts.Spec:
    """Planned units per partner; the lead nation's (much larger) order is in the title."""
    rows, leads = [], []
    for m in _sorted_spells(a):
        if m.planned_quantity is None:
            continue
        name = lookup(m.state, source="iso3").name
        if m.role == Role.LEAD_NATION:
            leads.append(f"{name} {m.planned_quantity:,}")
            continue
        rows.append({"name": name, "planned_quantity": m.planned_quantity, "role": m.role.value})
    lead_note = f" (lead nation, not drawn: {'; '.join(leads)})" if leads else ""
    return charts.quantity_bars(rows, title=f"{a.label}: planned units by partner{lead_note}")


def _member_table(a: Arrangement) -> list[dict[str, Any]]:
    return [
        {
            "name": lookup(m.state, source="iso3").name,
            "state": m.state,
            "role": m.role.value.replace("_", " "),
            "joined": a.joined(m).isoformat(),
            "left": left.isoformat() if (left := a.left(m)) else "",
            "planned_quantity": "" if m.planned_quantity is None else m.planned_quantity,
            "notes": m.notes or "",
        }
        for m in _sorted_spells(a)
    ]


def _case_studies(catalog: Catalog, on: date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    studies: list[dict[str, Any]] = []
    specs: dict[str, Any] = {}
    for study in _case_study_definitions():
        if not all(a in catalog.by_id for a in study["arrangements"]):
            continue
        chart_ids = []
        if "dyad" in study:
            specs[f"cs_{study['id']}_dyad"] = _dyad_gantt(study["dyad"], catalog, on)
            chart_ids.append(f"cs_{study['id']}_dyad")
        if "children_of" in study:
            specs[f"cs_{study['id']}_grid"] = _children_matrix(study["children_of"], catalog, on)
            chart_ids.append(f"cs_{study['id']}_grid")
        if "quantities_of" in study:
            specs[f"cs_{study['id']}_qty"] = _quantities(catalog.get(study["quantities_of"]))
            chart_ids.append(f"cs_{study['id']}_qty")
        arrangements = [catalog.get(a) for a in study["arrangements"]]
        arrangements += [
            c
            for a in arrangements
            for c in catalog.children(a.id)
            if c.id not in study["arrangements"]
        ]
        studies.append(
            {
                **study,
                "charts": chart_ids,
                "items": [
                    {"a": a, "members": _member_table(a), "children": catalog.children(a.id)}
                    for a in arrangements
                ],
            }
        )
    return studies, specs


@cache
def _case_study_definitions() -> list[dict[str, Any]]:
    text = resources.files("allied.report").joinpath("case_studies.yaml").read_text("utf-8")
    loaded: list[dict[str, Any]] = yaml.safe_load(text)
    return loaded


def _script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    return json.dumps(value, separators=(",", ":"), default=str).replace("</", "<\\/")


def _citations(catalog: Catalog) -> list[Citation]:
    return cite("allied", "states", "atop", "map", catalog)


def build_brief(
    catalog: Catalog | None = None, *, map_arrangement: str = "nato", on: date | None = None
) -> Brief:
    """Assemble the brief for ``catalog`` as of ``on``.

    Parameters
    ----------
    catalog
        The catalog to describe; the embedded one by default.
    map_arrangement
        The arrangement whose members the map colours when the page opens
        (any other can be chosen on the page).
    on
        The date for memberships; today by default. The same catalog and date
        give the same HTML, byte for byte.
    """
    catalog = catalog or load_catalog()
    on = on or date.today()
    first = catalog.get(map_arrangement)
    groups, overview_chart = _overview(catalog, on)
    studies, specs = _case_studies(catalog, on)
    specs["overview"] = overview_chart
    if "nato" in catalog.by_id:
        specs["nato_timeline"] = _membership_gantt(
            catalog.get("nato"), on, "NATO members by date of accession (colour: year joined)"
        )
    network_facts, network_spec = network_section(catalog, on)
    if network_spec is not None:
        specs["network"] = network_spec
    burden_facts, burden_specs = burden_section(catalog, on)
    specs.update(burden_specs)
    governance_facts, governance_specs = governance_section()
    specs.update(governance_specs)
    views = _map_views(catalog, on)
    map_spec = charts.world_map({}, views[first.id]["members"], title=views[first.id]["title"])
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("allied.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    html = environment.get_template("brief.html.j2").render(
        version=__version__,
        on=on.isoformat(),
        summary=catalog_summary(catalog, on=on).to_dict("records"),
        groups=groups,
        studies=studies,
        has_nato="nato" in catalog.by_id,
        map_first=first.id,
        map_views=views,
        citations=_citations(catalog),
        vega=_asset("vega.min.js"),
        vega_lite=_asset("vega-lite.min.js"),
        vega_embed=_asset("vega-embed.min.js"),
        specs_json=_script_json(specs),
        map_spec_json=_script_json(map_spec),
        map_views_json=_script_json(views),
        topology_json=_script_json(_topology_with_iso3()),
        partners=_partner_counts(catalog, on),
        network=network_facts,
        burden=burden_facts,
        governance=governance_facts,
    )
    return Brief(
        html=html,
        summary=catalog_summary(catalog, on=on),
        map_arrangement=first.id,
        map_members=tuple(m["id"] for m in views[first.id]["members"]),
        on=on,
        case_studies=tuple(s["id"] for s in studies),
        network_states=network_facts["nodes"] if network_facts else (),
    )


def _partner_counts(catalog: Catalog, on: date) -> list[dict[str, Any]]:
    """States with the most partners through the catalog's arrangements on ``on``."""
    codes = sorted({m.state for a in catalog for m in a.members_on(on) if a.active_on(on)})
    counts: list[tuple[int, str, int]] = []
    for code in codes:
        partners = partners_of(code, on=on, catalog=catalog)
        counts.append(
            (
                int(partners.partner.nunique()),
                lookup(code, source="iso3").name,
                int(partners.arrangement.nunique()),
            )
        )
    counts.sort(key=lambda r: (-r[0], r[1]))
    return [{"name": n, "partners": p, "arrangements": k} for p, n, k in counts[:15]]


def write_brief(
    path: str | Path,
    catalog: Catalog | None = None,
    *,
    map_arrangement: str = "nato",
    on: date | None = None,
) -> Brief:
    """Build the brief and write it to ``path`` atomically."""
    brief = build_brief(catalog, map_arrangement=map_arrangement, on=on)
    brief.write(path)
    return brief
