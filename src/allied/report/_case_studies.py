"""The brief's case studies and membership charts, as the catalog stands on the brief's date.

Member tables and gantt charts show the spells that started by ``on``; a
spell known only as of a date says "as of DATE" in tables and is drawn faint
in charts, never shown as a join date.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from allied.catalog import Arrangement, Catalog, Role
from allied.report import _charts as charts
from allied.report._editions import edition, planned_units_edition
from allied.report._labels import role_label
from allied.report._spells import AS_OF, left_on, spells_by, start_label, start_note
from allied.states import lookup


def _name(iso3: str) -> str:
    return lookup(iso3, source="iso3").name


def membership_gantt(a: Arrangement, on: date, title: str) -> charts.Spec:
    """One bar per spell that started by ``on``, coloured by the year it began."""
    rows = [
        {
            "label": _name(m.state),
            "start": a.joined(m).isoformat(),
            "end": (left_on(a, m, on) or on).isoformat(),
            "wave": str(a.joined(m).year),
            "role": m.role.value,
            "since": start_label(a, m),
            "start_note": start_note(m),
        }
        for m in spells_by(a, on)
    ]
    return charts.gantt(
        rows, title=title, color="wave", height_per_row=14, faint=("start_note", AS_OF)
    )


def _shared_periods(
    a: Arrangement, first: str, second: str, on: date
) -> list[tuple[date, date, bool]]:
    """The periods in which both states were members of ``a`` (until ``on``), and
    whether the start of each is known (not a spell known only as of a date)."""
    periods = []
    for x in (m for m in spells_by(a, on) if m.state == first):
        for y in (m for m in spells_by(a, on) if m.state == second):
            start = max(a.joined(x), a.joined(y))
            end = min(left_on(a, x, on) or on, left_on(a, y, on) or on)
            if start <= end:
                periods.append((start, end, x.start_known and y.start_known))
    return periods


def _dyad_gantt(dyad: list[str], catalog: Catalog, on: date) -> charts.Spec:
    """Bars for every period in which the two states shared an arrangement."""
    first, second = dyad
    rows = [
        {
            "label": a.label,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "kind": a.kind.value,
            "start_note": "joined" if known else AS_OF,
        }
        for a in sorted(catalog, key=lambda x: x.earliest)
        for start, end, known in _shared_periods(a, first, second, on)
    ]
    names = " and ".join(_name(code) for code in dyad)
    return charts.gantt(
        rows,
        title=f"Arrangements joining {names}",
        color="kind",
        colors=charts.KIND_COLORS,
        faint=("start_note", AS_OF),
    )


def _child_members(child: Arrangement, on: date) -> list[Any]:
    """A part's members on ``on``, or on its last day if it ended before."""
    when = on if child.ended is None or on <= child.ended else child.ended
    return child.members_on(when)


def _children_matrix(parent_id: str, catalog: Catalog, on: date) -> charts.Spec:
    rows = [
        {"arrangement": child.label, "name": _name(m.state), "role": m.role.value}
        for child in sorted(catalog.children(parent_id), key=lambda x: x.label)
        for m in _child_members(child, on)
    ]
    parent = catalog.get(parent_id)
    return charts.role_matrix(
        rows, title=f"{parent.label}: who contributes where, {on.isoformat()}"
    )


def _quantities(a: Arrangement, on: date) -> charts.Spec:
    """Planned units per state on ``on``; the lead nation's (much larger) order is in the title."""
    rows, leads = [], []
    for m in a.members_on(on):
        if m.planned_quantity is None:
            continue
        if m.role == Role.LEAD_NATION:
            leads.append(f"{_name(m.state)} {m.planned_quantity:,}")
            continue
        rows.append(
            {"name": _name(m.state), "planned_quantity": m.planned_quantity, "role": m.role.value}
        )
    lead_note = f" (lead nation, not drawn: {'; '.join(leads)})" if leads else ""
    return charts.quantity_bars(
        rows, title=f"{a.label}: planned units by member on {on.isoformat()}{lead_note}"
    )


def member_table(a: Arrangement, on: date) -> list[dict[str, Any]]:
    """The rows of an arrangement's member table on ``on``."""
    return [
        {
            "name": _name(m.state),
            "state": m.state,
            "role": role_label(m.role),
            "joined": start_label(a, m),
            "start_known": m.start_known,
            "left": left.isoformat() if (left := left_on(a, m, on)) else "",
            "planned_quantity": "" if m.planned_quantity is None else m.planned_quantity,
            "notes": m.notes or "",
        }
        for m in spells_by(a, on)
    ]


def _study_charts(
    study: dict[str, Any], catalog: Catalog, on: date
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The charts a study asks for, by id, and the editions of their figures."""
    specs: dict[str, Any] = {}
    editions: list[dict[str, str]] = []
    if "dyad" in study:
        specs[f"cs_{study['id']}_dyad"] = _dyad_gantt(study["dyad"], catalog, on)
    if "children_of" in study:
        specs[f"cs_{study['id']}_grid"] = _children_matrix(study["children_of"], catalog, on)
    if "quantities_of" in study:
        program = catalog.get(study["quantities_of"])
        specs[f"cs_{study['id']}_qty"] = _quantities(program, on)
        editions.append(planned_units_edition(catalog, program))
    return specs, editions


def _atop_editions(arrangements: list[Arrangement]) -> list[dict[str, str]]:
    if not any(a.atop_id for a in arrangements):
        return []
    return [
        edition(
            "ATOP ids of treaties",
            "ATOP v5.1 (2020)",
            "Leeds et al., Alliance Treaty Obligations and Provisions",
        )
    ]


def case_studies(
    catalog: Catalog, on: date
) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, str]]]:
    """The case studies whose arrangements the catalog holds: pages, chart specs, editions."""
    studies: list[dict[str, Any]] = []
    specs: dict[str, Any] = {}
    editions: list[dict[str, str]] = []
    for study in _case_study_definitions():
        if not all(a in catalog.by_id for a in study["arrangements"]):
            continue
        study_specs, study_editions = _study_charts(study, catalog, on)
        specs.update(study_specs)
        arrangements = [catalog.get(a) for a in study["arrangements"]]
        arrangements += [
            c
            for a in arrangements
            for c in catalog.children(a.id)
            if c.id not in study["arrangements"]
        ]
        editions += study_editions + _atop_editions(arrangements)
        studies.append(
            {
                **study,
                "charts": list(study_specs),
                "items": [
                    {"a": a, "members": member_table(a, on), "children": catalog.children(a.id)}
                    for a in arrangements
                ],
            }
        )
    return studies, specs, editions


@cache
def _case_study_definitions() -> list[dict[str, Any]]:
    text = resources.files("allied.report").joinpath("case_studies.yaml").read_text("utf-8")
    loaded: list[dict[str, Any]] = yaml.safe_load(text)
    return loaded
