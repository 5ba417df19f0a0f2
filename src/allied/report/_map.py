"""The brief's map: who belongs to each arrangement on the brief's date, and what that list is.

Each view says what the map shows, from the data: how many states, in which
roles, for how many the start is unknown (spells known only as of a date), and
the arrangement's own description, which says what its member list covers
(all parties, or the largest contributors on some date).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from allied.catalog import Arrangement, Catalog, Membership, Role
from allied.report import _charts as charts
from allied.report._labels import role_label
from allied.report._spells import start_label
from allied.states import lookup, table


def asset(name: str) -> str:
    return resources.files("allied.report").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def topology_with_iso3() -> dict[str, Any]:
    """The vendored Natural Earth 1:50m topology with features keyed by ISO3."""
    topology: dict[str, Any] = json.loads(asset("countries-50m.json"))
    states = table().dropna(subset=["iso_numeric"])
    by_numeric = dict(zip(states.iso_numeric.astype(int), states.iso3, strict=True))
    states = table()
    by_name = dict(zip(states.name, states.iso3, strict=True))
    for feature in topology["objects"]["countries"]["geometries"]:
        numeric = feature.get("id")
        iso3 = by_numeric.get(int(numeric)) if numeric and numeric.isdigit() else None
        feature["id"] = iso3 or by_name.get(feature["properties"]["name"]) or numeric or ""
    return topology


def map_date(a: Arrangement, on: date) -> date:
    """The date whose members the map shows: ``on``, or the last day of an ended arrangement."""
    return on if a.ended is None or on <= a.ended else a.ended


def _rows(a: Arrangement, members: list[Membership]) -> list[dict[str, Any]]:
    return [
        {
            "id": m.state,
            "name": lookup(m.state, source="iso3").name,
            "role": m.role.value,
            "joined": start_label(a, m),
        }
        for m in members
    ]


def _plural(role: Role, count: int) -> str:
    words = role_label(role)
    if count == 1:
        return words
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def caption(a: Arrangement, members: list[Membership], when: date) -> str:
    """What the map shows for ``a`` on ``when``, generated from the membership data.

    Examples: "NATO: 32 states on 2025-01-01 (32 members)"; "UNIFIL: 11 states on
    2025-01-01 (1 host nation, 10 contributors); start unknown for 3, listed as of
    2024-11-01".
    """
    roles = Counter(m.role for m in {m.state: m for m in members}.values())
    breakdown = ", ".join(f"{n} {_plural(role, n)}" for role, n in roles.most_common())
    text = title(a, members, when) + (f" ({breakdown})" if breakdown else "")
    unknown = {m.state: m.as_of.isoformat() for m in members if m.as_of is not None}
    if unknown:
        dates = ", ".join(sorted(set(unknown.values())))
        text += f"; start unknown for {len(unknown)}, listed as of {dates}"
    return text


def title(a: Arrangement, members: list[Membership], when: date) -> str:
    """The map's title: the arrangement, how many states, and the date."""
    count = len({m.state for m in members})
    return f"{a.label}: {count} state{'s' if count != 1 else ''} on {when.isoformat()}"


def map_views(catalog: Catalog, on: date) -> dict[str, dict[str, Any]]:
    """One view per arrangement, by name: members on the map's date, caption and description."""
    views = {}
    for a in sorted(catalog, key=lambda x: x.name):
        when = map_date(a, on)
        members = a.members_on(when)
        rows = _rows(a, members)
        text = caption(a, members, when)
        views[a.id] = {
            "label": a.label if a.label == a.name else f"{a.label}: {a.name}",
            "title": title(a, members, when),
            "caption": text,
            "description": a.description,
            "members": rows,
            "legend": charts.legend_values(rows),
        }
    return views
