"""The ``allied`` command line: thin handlers over the library."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from allied import __version__, catalog, sources, states
from allied.cite import BUILTIN, Citable, cite
from allied.cli._burden import burden_app
from allied.cli._cost_share import cost_share_command
from allied.cli._data import data_app, panel_app
from allied.cli._network import network_command
from allied.cli._options import CatalogOption, DateOption, command, day, examples
from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    emit_text,
    messages,
)
from allied.cli._partners import partners_app
from allied.cli._program import program_app
from allied.cli._sharing import sharing_app
from allied.cli._similarity import similarity_command
from allied.cli._voting import voting_power_command

app = typer.Typer(
    help="Model, measure and simulate international defense collaboration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    epilog=examples(
        "allied catalog members nato --on 1990-01-01",
        "allied brief --mkdir --out out/brief.html",
        "allied COMMAND --help      (each command's options and examples)",
    ),
)
catalog_app = typer.Typer(
    help="Query the catalog of collaboration arrangements.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
states_app = typer.Typer(
    help="State names and codes (ISO 3166, COW, Gleditsch-Ward).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(catalog_app, name="catalog")
app.add_typer(states_app, name="states")
app.add_typer(data_app, name="data")
app.add_typer(panel_app, name="panel")
app.add_typer(burden_app, name="burden")
app.add_typer(sharing_app, name="sharing")
app.add_typer(program_app, name="program")
app.add_typer(partners_app, name="partners")
command(
    app,
    "network",
    "allied network --year 1962 --obligation defense --graph nato-warsaw-1962.graphml",
    "allied network --source catalog --on 2025-01-01 --kind multilateral_alliance -f csv",
)(network_command)
command(
    app,
    "similarity",
    "allied similarity --measures s_abs,kappa --years 1946-2018 --out sim.parquet",
    "allied similarity --measures s_abs_cinc --coding binary --no-self --out sim.csv",
)(similarity_command)
command(
    app,
    "voting-power",
    "allied voting-power --rule eu-council",
    "allied voting-power --rule unsc --format csv --out unsc.csv",
)(voting_power_command)
command(
    app,
    "cost-share",
    "allied cost-share --method proportional --input examples/cost-share/f35-sustainment.yaml",
    "allied cost-share --method nucleolus --input examples/cost-share/airport-123.yaml",
)(cost_share_command)

ArrangementArgument = Annotated[
    str, typer.Argument(metavar="ARRANGEMENT", help="Arrangement id or name.")
]


def _version(value: bool) -> None:
    if value:
        print(f"allied {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """allied: defense collaboration analysis (catalog, states, briefs)."""


@command(
    catalog_app,
    "list",
    "allied catalog list --kind joint_program",
    'allied catalog list --member "South Korea" --active-on 1960-01-01 --format csv',
)
def catalog_list(
    kind: Annotated[
        str | None, typer.Option(metavar="KIND", help="Only this kind, e.g. joint_program.")
    ] = None,
    member: Annotated[
        str | None, typer.Option(metavar="STATE", help="Only arrangements with this member.")
    ] = None,
    active_on: DateOption = None,
    domain: Annotated[
        str | None, typer.Option(metavar="DOMAIN", help="Only this domain, e.g. cyber.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """List arrangements, optionally filtered."""
    when = day(active_on, "--active-on")
    target = destination(out, mkdir)
    loaded = catalog.load_catalog(catalog_dir)
    found = catalog.arrangements(
        kind=kind, member=member, active_on=when, domain=domain, catalog=loaded
    )
    frame = loaded.to_frame()
    frame = frame[frame["id"].isin([a.id for a in found])].reset_index(drop=True)
    if fmt == Format.TABLE:
        columns = ["id", "short_name", "kind", "status", "signed", "ended", "members"]
        frame = frame[columns + (["targets"] if frame["targets"].astype(bool).any() else [])]
    emit(frame, fmt, target, title=f"{len(frame)} arrangements")


@command(catalog_app, "show", "allied catalog show aukus", "allied catalog show nato --format json")
def catalog_show(
    arrangement_id: ArrangementArgument,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """Show one arrangement: facts, members and sources."""
    target = destination(out, mkdir)
    loaded = catalog.load_catalog(catalog_dir)
    a = loaded.get(arrangement_id)
    if fmt == Format.JSON:
        emit_text(
            json.dumps(a.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False),
            target,
        )
        return
    if fmt == Format.CSV:
        emit(_people_of(a, loaded), fmt, target)
        return
    facts = pd.DataFrame(
        [
            ("id", a.id),
            ("name", a.name),
            ("kind", a.kind.value),
            ("status", a.status.value),
            ("signed", a.signed),
            ("in force", a.in_force),
            ("ended", a.ended),
            ("obligations", ", ".join(o.value for o in a.obligations)),
            ("domains", ", ".join(d.value for d in a.domains)),
            ("parent", a.parent),
            ("parts", ", ".join(c.id for c in loaded.children(a.id))),
            ("between", " | ".join(catalog.sides(a.id, catalog=loaded))),
            ("ATOP id", a.atop_id),
            ("organizations", "\n".join(_organization_line(o) for o in a.organizations)),
            *_embargo_facts(a),
            ("sources", "\n".join(f"{s.citation} <{s.url}>" for s in a.sources)),
        ],
        columns=["field", "value"],
    )
    emit(facts, fmt, target, title=a.name)
    if target is None:
        people = _people_of(a, loaded)
        emit(
            people.drop(columns=["notes"], errors="ignore"),
            fmt,
            None,
            title="targets" if a.embargo is not None else "members",
        )


def _organization_line(org: catalog.OrganizationParticipation) -> str:
    """``European Union (member, as of 1985-12-31)``: an organisation taking part."""
    since = f", joined {org.joined}" if org.joined else f", as of {org.as_of}" if org.as_of else ""
    return f"{org.name} ({org.role.value}{since})"


def _embargo_facts(a: catalog.Arrangement) -> list[tuple[str, object]]:
    """The rows ``catalog show`` adds for an arms embargo: who imposed it and by which acts."""
    if a.embargo is None:
        return []
    acts = "\n".join(f"{i.date} {i.reference}: {i.effect}" for i in a.embargo.instruments)
    groups = "\n".join(
        f"{g.name} (in {', '.join(g.operates_in)}): {g.covers}" for g in a.embargo.groups
    )
    return [
        ("imposed by", a.embargo.imposed_by.label),
        ("groups", groups),
        ("instruments", acts),
        ("exceptions", a.embargo.exceptions),
    ]


def _people_of(a: catalog.Arrangement, loaded: catalog.Catalog) -> pd.DataFrame:
    """An embargo's targets, or any other arrangement's members."""
    if a.embargo is not None:
        return catalog.targets(a.id, catalog=loaded)
    return catalog.members(a.id, catalog=loaded)


@command(
    catalog_app,
    "members",
    "allied catalog members nato --on 1990-01-01",
    "allied catalog members nato --on 1990-01-01 --format json --out nato-1990.json",
)
def catalog_members(
    arrangement_id: ArrangementArgument,
    on: DateOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """List the members of an arrangement (on a date, or every spell)."""
    when = day(on)
    target = destination(out, mkdir)
    loaded = catalog.load_catalog(catalog_dir)
    a = loaded.get(arrangement_id)
    if a.embargo is not None:
        frame = catalog.targets(a.id, catalog=loaded)
        emit(frame, fmt, target, title=f"{a.label}: {len(frame)} targets")
        messages.print(
            "note: an arms embargo has no members; these are the states it restricts "
            "(`allied catalog show ID` gives its instruments and dates).",
            markup=False,
        )
        return
    frame = catalog.members(arrangement_id, on=when, catalog=loaded)
    emit(frame, fmt, target, title=f"{a.label}: {len(frame)} members")
    if parties := catalog.sides(arrangement_id, catalog=loaded):
        messages.print(
            f"note: an agreement between organisations has no member states of its own; its "
            f"parties are the members of {parties[0]} on one side and of {parties[1]} on the "
            "other (`allied catalog members ID` lists each).",
            markup=False,
        )


@command(
    catalog_app,
    "partners",
    "allied catalog partners Japan --on 2024-06-01",
    "allied catalog partners AUS --format csv --out australia.csv",
)
def catalog_partners(
    state: Annotated[str, typer.Argument(metavar="STATE", help="A state name or code.")],
    on: DateOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """List every partner of a state and the arrangements that link them."""
    when = day(on)
    target = destination(out, mkdir)
    frame = catalog.partners_of(state, on=when, catalog=catalog.load_catalog(catalog_dir))
    name = states.lookup(state).name
    emit(frame, fmt, target, title=f"partners of {name}: {frame.partner.nunique()} states")


@command(
    catalog_app,
    "embargoes",
    "allied catalog embargoes Russia --on 2024-01-01",
    "allied catalog embargoes PRK --imposed-by un_security_council --format csv",
)
def catalog_embargoes(
    state: Annotated[str, typer.Argument(metavar="STATE", help="A state name or code.")],
    on: DateOption = None,
    imposed_by: Annotated[
        str | None,
        typer.Option(metavar="BODY", help="Only un_security_council or european_union embargoes."),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """List the UN and EU arms embargoes in force against a state on a date (default today)."""
    when = day(on) or date.today()
    target = destination(out, mkdir)
    loaded = catalog.load_catalog(catalog_dir)
    frame = catalog.embargoes_on(state, on=when, imposed_by=imposed_by, catalog=loaded)
    name = states.lookup(state).name
    emit(frame, fmt, target, title=f"arms embargoes on {name}, {when.isoformat()}: {len(frame)}")
    groups = catalog.group_embargoes_in(state, on=when, imposed_by=imposed_by, catalog=loaded)
    for row in groups.itertuples():
        messages.print(
            f"note: {row.name} ({row.imposed_by}, since {row.start}) targets {row.group}; "
            f"{name} itself is not embargoed by it",
            markup=False,
        )


@command(
    catalog_app,
    "regimes",
    "allied catalog regimes USA India --on 2024-01-01",
    "allied catalog regimes CHN JPN --format json",
)
def catalog_regimes(
    state_a: Annotated[str, typer.Argument(metavar="STATE_A", help="A state name or code.")],
    state_b: Annotated[str, typer.Argument(metavar="STATE_B", help="Another state.")],
    on: DateOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """Compare two states' export-control regimes on a date (default today)."""
    when = day(on) or date.today()
    target = destination(out, mkdir)
    loaded = catalog.load_catalog(catalog_dir)
    found = catalog.export_control_mismatch(state_a, state_b, on=when, catalog=loaded)
    title = (
        f"export-control regimes, {found.state_a} and {found.state_b}, {when.isoformat()}: "
        f"{len(found.mismatched)} mismatched"
    )
    emit(found.to_frame(), fmt, target, title=title)


@command(
    catalog_app,
    "timeline",
    "allied catalog timeline f35_program",
    "allied catalog timeline aukus --format csv",
)
def catalog_timeline(
    arrangement_id: ArrangementArgument,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """List the dated events of an arrangement."""
    target = destination(out, mkdir)
    frame = catalog.timeline(arrangement_id, catalog=catalog.load_catalog(catalog_dir))
    emit(frame, fmt, target)


@command(
    catalog_app,
    "validate",
    "allied catalog validate path/to/my-catalog/",
    "allied catalog validate path/to/aukus.yaml",
)
def catalog_validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help="A folder of YAML files, or one arrangement's YAML file (checked together "
            "with the embedded catalog); default: the embedded catalog.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate catalog files; exit 2 listing every problem with its file:line and field."""
    if path is not None and path.is_file():
        found = catalog.validate_file(path)
        messages.print(f"{path}: valid ({found.id}, checked with the embedded catalog)")
        return
    loaded = catalog.load_catalog(path)
    messages.print(f"{len(loaded)} arrangements valid ({loaded.origin})")


@command(
    states_app,
    "resolve",
    'allied states resolve "Korea, South" --to cow',
    "allied states resolve Germany --to cow --on 1960-01-01",
    "allied states resolve AUS --from cow",
)
def states_resolve(
    name: Annotated[str, typer.Argument(metavar="NAME", help="A name, alias or code.")],
    to: Annotated[str, typer.Option("--to", metavar="SYSTEM", help="iso3, cow or gw.")] = "iso3",
    on: DateOption = None,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="KIND",
            help="What NAME is: auto, name, iso3, iso2, iso_numeric, cow or gw.",
        ),
    ] = "auto",
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Resolve a name or code to a code; unknown names get suggestions (exit 2)."""
    when = day(on)
    target = destination(out, mkdir)
    code = states.resolve(name, system=to, on=when, source=source)  # type: ignore[arg-type]
    state = states.lookup(name, source=source)  # type: ignore[arg-type]
    frame = pd.DataFrame(
        [
            {
                "input": name,
                "name": state.name,
                "system": to,
                "code": code,
                "iso3": state.iso3,
                "cow_code": state.cow_code,
                "gw_code": state.gw_code,
            }
        ]
    )
    if fmt == Format.TABLE and target is None:
        print(code)
        return
    emit(frame, fmt, target)


@command(
    states_app, "list", "allied states list", "allied states list --format csv --out states.csv"
)
def states_list(
    fmt: FormatOption = Format.TABLE, out: OutOption = None, mkdir: MkdirOption = False
) -> None:
    """List the embedded states with their codes and aliases."""
    target = destination(out, mkdir)
    frame = states.table()
    if fmt == Format.TABLE:
        frame = frame.drop(columns=["aliases", "iso2"])
    emit(frame, fmt, target, title=f"{len(frame)} states")


@command(app, "cite", "allied cite nato states", "allied cite atop sipri-milex --format json")
def cite_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME...",
            help="Arrangement ids, dataset names (see `allied data list`), or: allied, "
            "states, atop, map. Default: the package, the state table and every catalog source.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """Print the citations that results depend on."""
    target = destination(out, mkdir)
    loaded = catalog.load_catalog(catalog_dir)
    wanted = names or ["allied", "states", *loaded.by_id]
    citations = cite(*(_citable(n, loaded) for n in wanted))
    if fmt == Format.TABLE:
        emit_text("\n".join(c.render() for c in citations), target)
        return
    columns = ["key", "text", "url", "doi", "accessed"]
    emit(pd.DataFrame([vars(c) for c in citations], columns=columns), fmt, target)


def _citable(name: str, loaded: catalog.Catalog) -> str | Citable:
    """A built-in group name as is, a registered dataset, or a catalog arrangement."""
    if name == "allied" or name in BUILTIN:
        return name
    if name in {d.name for d in sources.datasets()}:
        return sources.dataset(name)
    return loaded.get(name)


def _brief_title(loaded: catalog.Catalog, on: date) -> str:
    """The summary table's title: the collaborations that exist by ``on`` (those the
    table counts), and the legal limits (export-control regimes, arms embargoes) the
    catalog holds beside them."""
    existing = [a for a in loaded if a.earliest <= on]
    collaborations = sum(1 for a in existing if a.kind.is_collaboration)
    title = f"Catalog: {collaborations} collaboration arrangements as of {on.isoformat()}"
    legal = len(existing) - collaborations
    if not legal:
        return title
    return f"{title} (and {legal} legal limits: export-control regimes, arms embargoes)"


@command(
    app,
    "brief",
    "allied brief --mkdir --out out/brief.html",
    "allied brief --out aukus.html --map aukus --on 2025-01-01",
    "allied brief --out all.html --network all",
    "allied brief --out pol.html --focus POL",
)
def brief_command(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE", help="The HTML file to write.")
    ] = Path("out/brief.html"),
    mkdir: MkdirOption = False,
    map_arrangement: Annotated[
        str,
        typer.Option("--map", metavar="ARRANGEMENT", help="Arrangement shown first on the map."),
    ] = "nato",
    on: DateOption = None,
    catalog_dir: CatalogOption = None,
    network: Annotated[
        str,
        typer.Option(
            "--network",
            metavar="KINDS",
            help="What the network and 'most connected states' count: alliances "
            "(arrangements with a mutual-defense or consultation obligation, and the "
            "states they bind), all (every arrangement and member), or kinds, e.g. "
            "mission,organization.",
        ),
    ] = "alliances",
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            metavar="STATE",
            help="Add a 'Partner fit' section for this state (ISO3 code or name): its best "
            "partners with their reasons and challenges (needs the datasets of `allied "
            "partners rank`; without them the section names the imports to run).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the HTML brief (offline, self-contained) and print a summary table."""
    from allied.report import build_brief  # networkx and the assets load only for the brief

    when = day(on)
    target = destination(out, mkdir)
    assert target is not None
    loaded = catalog.load_catalog(catalog_dir)
    brief = build_brief(
        loaded, map_arrangement=map_arrangement, on=when, network=network, focus=focus
    )
    target.write(brief.html)
    summary = brief.summary.drop(columns=["kind"])
    emit(
        summary,
        Format.TABLE,
        None,
        title=_brief_title(loaded, brief.on),
    )
    messages.print(
        f"wrote {out} ({len(brief.html) / 1e6:.1f} MB): map of {brief.map_arrangement} "
        f"({len(brief.map_members)} members), {len(brief.case_studies)} case studies"
    )
