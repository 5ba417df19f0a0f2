"""The HTML brief: one self-contained page that opens offline.

:func:`build_brief` assembles tables and Vega-Lite specs from the catalog as
it stands on the brief's date and renders them with the vendored Vega runtime
and world topology inlined, so the file makes no network request.
:func:`write_brief` writes it atomically.

A brief states its date and, in its "Date and editions" box, the edition of
every quantity it shows; each quantity comes from one edition (a second one is
an error, see :mod:`allied.report._editions`). Only a dataset the cache holds
may add a chart, never change a number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from allied import __version__
from allied._io import write_atomic
from allied.catalog import Arrangement, Catalog, Status, load_catalog, sides
from allied.cite import Citation, cite
from allied.errors import InputError
from allied.report import _charts as charts
from allied.report._burden_section import burden_section
from allied.report._case_studies import case_studies, membership_gantt
from allied.report._editions import catalog_edition, edition, merge_editions, section_editions
from allied.report._governance_section import governance_section
from allied.report._labels import KIND_LABELS
from allied.report._map import asset, map_date, map_views, topology_with_iso3
from allied.report._network_section import ALLIANCES, NetworkChoice, network_choice, network_section
from allied.report._partners_section import partners_section


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
        The date of the brief: memberships on that date.
    case_studies
        The ids of the case studies shown.
    network_states
        The ISO3 codes drawn in the network section (sorted).
    network
        What the network counts: ``"alliances"`` (the default), ``"all"`` or
        ``"kinds"`` (see :func:`~allied.report.network_choice`).
    most_connected
        The names of the states with the most partners under that choice,
        most connected first.
    editions
        The "Date and editions" box: one ``{"quantity", "edition", "source"}``
        entry per quantity the brief shows.
    partners
        With ``focus``: the ISO3 codes of the focal state's best partners in the
        "Partner fit" section, best first (empty without the section or its data).
    """

    html: str
    summary: pd.DataFrame
    map_arrangement: str
    map_members: tuple[str, ...]
    on: date
    case_studies: tuple[str, ...] = field(default=())
    network_states: tuple[str, ...] = field(default=())
    network: str = ALLIANCES
    most_connected: tuple[str, ...] = field(default=())
    editions: tuple[dict[str, str], ...] = field(default=())
    partners: tuple[str, ...] = field(default=())

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically and return the path."""
        return write_atomic(path, self.html)


def catalog_summary(catalog: Catalog, *, on: date) -> pd.DataFrame:
    """Collaborations per model as known on ``on`` (not the legal kinds): how many were
    signed or in force by then, how many in force on ``on``, how many distinct
    states had been members by then, and the earliest start.

    Examples
    --------
    >>> s = catalog_summary(load_catalog(), on=date(2025, 1, 1))
    >>> int(s.loc[s.kind == "multilateral_alliance", "arrangements"].iloc[0]) >= 5
    True
    >>> "joint_program" in set(catalog_summary(load_catalog(), on=date(1950, 1, 1)).kind)
    False
    """
    rows = []
    for kind, label in KIND_LABELS.items():
        if not kind.is_collaboration:
            continue
        group = [a for a in catalog if a.kind == kind and a.earliest <= on]
        if not group:
            continue
        rows.append(
            {
                "kind": kind.value,
                "model": label,
                "arrangements": len(group),
                "in_force": sum(a.active_on(on) for a in group),
                "member_states": len(
                    {m.state for a in group for m in a.members if a.joined(m) <= on}
                ),
                "earliest": min(a.earliest for a in group).isoformat(),
            }
        )
    return pd.DataFrame(rows)


def dated_catalog(catalog: Catalog, on: date) -> Catalog:
    """The collaborations of ``catalog`` signed or in force by ``on``: what a brief of
    that date shows.

    Legal limits (export-control regimes, arms embargoes; see
    :data:`allied.catalog.LEGAL_KINDS`) are not collaborations: the brief's
    overview, network and map leave them out.
    """
    known = {a.id: a for a in catalog if a.kind.is_collaboration and a.earliest <= on}
    return Catalog(known, catalog.origin)


def _status_on(a: Arrangement, on: date) -> str:
    """The arrangement's status on ``on``: an end after ``on`` is not yet known then."""
    if a.ended is not None and on < a.ended:
        return Status.ACTIVE.value
    return a.status.value


def _members_cell(a: Arrangement, catalog: Catalog, on: date) -> int | str:
    """The number of member states on ``on``, or the two sides of an agreement
    between organisations (which has no member states of its own)."""
    if parties := sides(a.id, catalog=catalog):
        return " ↔ ".join(parties)
    return len({m.state for m in a.members_on(map_date(a, on))})


def _arrangement_rows(group: list[Arrangement], catalog: Catalog, on: date) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "short": a.short_name or "",
            "status": _status_on(a, on),
            "start": a.earliest.isoformat(),
            "ended": a.ended.isoformat() if a.ended and a.ended <= on else "",
            "members": _members_cell(a, catalog, on),
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
                {"kind": kind.value, "label": label, "rows": _arrangement_rows(group, catalog, on)}
            )
    chart = charts.kind_overview(
        [{"kind_label": KIND_LABELS[a.kind], "status": _status_on(a, on)} for a in catalog]
    )
    return groups, chart


def _script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    return json.dumps(value, separators=(",", ":"), default=str).replace("</", "<\\/")


def _citations(catalog: Catalog) -> list[Citation]:
    return cite("allied", "states", "atop", "map", catalog)


def _map_edition() -> dict[str, str]:
    borders = cite("map")[0]
    return edition("Country borders on the map", borders.text, "Natural Earth (public domain)")


def _first_on_map(catalog: Catalog, map_arrangement: str, on: date) -> Arrangement:
    """The arrangement the map opens on; refused when it starts after the brief's date."""
    first = catalog.get(map_arrangement)
    if first.earliest > on:
        raise InputError(
            f"{first.label} starts on {first.earliest.isoformat()}, after the brief's date "
            f"{on.isoformat()}",
            where="map arrangement (--map)",
            fix="Choose an arrangement that existed on that date, or a later date (--on).",
        )
    return first


def build_brief(
    catalog: Catalog | None = None,
    *,
    map_arrangement: str = "nato",
    on: date | None = None,
    network: str | Iterable[str] | NetworkChoice = ALLIANCES,
    focus: str | None = None,
) -> Brief:
    """Assemble the brief for ``catalog`` as of ``on``.

    Parameters
    ----------
    catalog
        The catalog to describe; the embedded one by default.
    map_arrangement
        The arrangement whose members the map colours when the page opens
        (any other can be chosen on the page); it must have begun by ``on``.
    on
        The date of the brief; today by default. The brief shows the
        arrangements signed or in force by then and their members on that
        date. The same catalog, date and choices give the same HTML, byte for
        byte, and the same numbers whatever the dataset cache holds.
    network
        What the network section and the "most connected states" count:
        ``"alliances"`` (default: arrangements whose obligations include
        mutual defense or consultation, and the states they bind), ``"all"``
        (every arrangement, every member), or kinds of arrangement, as a list
        or comma-separated (``"mission,organization"``).
    focus
        A state (name or code) for a "Partner fit" section: its best partners in the
        last year the alliance data covers up to ``on``, with their reasons and
        challenges (:func:`allied.models.rank`). The section reads the dataset cache;
        without the data it says which imports would enable it. ``None``: no section.

    Raises
    ------
    InputError
        An unknown map arrangement, network choice or focus state, or a map
        arrangement that begins after ``on``.
    """
    on = on or date.today()
    choice = network if isinstance(network, NetworkChoice) else network_choice(network)
    full_catalog = catalog = catalog or load_catalog()
    first = _first_on_map(catalog, map_arrangement, on)
    catalog = dated_catalog(catalog, on)
    groups, overview_chart = _overview(catalog, on)
    studies, specs, study_editions = case_studies(catalog, on)
    specs["overview"] = overview_chart
    if "nato" in catalog.by_id:
        specs["nato_timeline"] = membership_gantt(
            catalog.get("nato"), on, "NATO members by date of accession (colour: year joined)"
        )
    network_facts, network_spec = network_section(catalog, on, choice)
    if network_spec is not None:
        specs["network"] = network_spec
    burden_facts, burden_specs = burden_section(catalog, on)
    specs.update(burden_specs)
    governance_facts, governance_specs = governance_section(catalog, on)
    specs.update(governance_specs)
    partners_facts: dict[str, Any] | None = None
    if focus is not None:
        # the whole catalog: the legal limits (export-control regimes, arms embargoes) are
        # no collaborations, but they are challenges of partner fit
        partners_facts, partners_specs = partners_section(focus, on, full_catalog)
        specs.update(partners_specs)
    views = map_views(catalog, on)
    map_spec = charts.world_map({}, views[first.id]["members"], title=views[first.id]["title"])
    editions = merge_editions(
        [
            [catalog_edition(catalog, on), _map_edition()],
            study_editions,
            section_editions(network_facts),
            section_editions(burden_facts),
            section_editions(governance_facts),
            section_editions(partners_facts),
        ]
    )
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("allied.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    html = environment.get_template("brief.html.j2").render(
        version=__version__,
        on=on.isoformat(),
        editions=editions,
        summary=catalog_summary(catalog, on=on).to_dict("records"),
        groups=groups,
        studies=studies,
        has_nato="nato" in catalog.by_id,
        map_first=first.id,
        map_views=views,
        citations=_citations(catalog),
        vega=asset("vega.min.js"),
        vega_lite=asset("vega-lite.min.js"),
        vega_embed=asset("vega-embed.min.js"),
        specs_json=_script_json(specs),
        map_spec_json=_script_json(map_spec),
        map_views_json=_script_json(views),
        topology_json=_script_json(topology_with_iso3()),
        choice=choice,
        network=network_facts,
        burden=burden_facts,
        governance=governance_facts,
        partners=partners_facts,
    )
    most_connected = network_facts["most_connected"] if network_facts else []
    return Brief(
        html=html,
        summary=catalog_summary(catalog, on=on),
        map_arrangement=first.id,
        map_members=tuple(m["id"] for m in views[first.id]["members"]),
        on=on,
        case_studies=tuple(s["id"] for s in studies),
        network_states=network_facts["nodes"] if network_facts else (),
        network=choice.name,
        most_connected=tuple(r["name"] for r in most_connected),
        editions=tuple(editions),
        partners=tuple(r["iso3"] for r in (partners_facts or {}).get("rows", [])),
    )


def write_brief(
    path: str | Path,
    catalog: Catalog | None = None,
    *,
    map_arrangement: str = "nato",
    on: date | None = None,
    network: str | Iterable[str] | NetworkChoice = ALLIANCES,
    focus: str | None = None,
) -> Brief:
    """Build the brief (see :func:`build_brief`) and write it to ``path`` atomically."""
    brief = build_brief(
        catalog, map_arrangement=map_arrangement, on=on, network=network, focus=focus
    )
    brief.write(path)
    return brief
