"""The ``allied`` command line: thin handlers over the library."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from allied import __version__, catalog, sources, states
from allied.cite import Citable, cite
from allied.cli._burden import burden_app
from allied.cli._cost_share import cost_share_command
from allied.cli._data import data_app, panel_app
from allied.cli._network import network_command
from allied.cli._output import Format, FormatOption, OutOption, emit, emit_text, messages
from allied.cli._program import program_app
from allied.cli._sharing import sharing_app
from allied.cli._similarity import similarity_command
from allied.cli._voting import voting_power_command

app = typer.Typer(
    help="Model, measure and simulate international defense collaboration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(
    help="Query the catalog of collaboration arrangements.", no_args_is_help=True
)
states_app = typer.Typer(
    help="State names and codes (ISO 3166, COW, Gleditsch-Ward).", no_args_is_help=True
)
app.add_typer(catalog_app, name="catalog")
app.add_typer(states_app, name="states")
app.add_typer(data_app, name="data")
app.add_typer(panel_app, name="panel")
app.add_typer(burden_app, name="burden")
app.add_typer(sharing_app, name="sharing")
app.add_typer(program_app, name="program")
app.command("network")(network_command)
app.command("similarity")(similarity_command)
app.command("voting-power")(voting_power_command)
app.command("cost-share")(cost_share_command)

DateOption = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date (YYYY-MM-DD).")
]
ArrangementArgument = Annotated[str, typer.Argument(help="Arrangement id or name.")]
CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        help="A folder of catalog YAML files to use instead of the "
        f"embedded catalog (or set ${catalog.CATALOG_ENV}).",
        show_default=False,
    ),
]


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


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


@catalog_app.command("list")
def catalog_list(
    kind: Annotated[str | None, typer.Option(help="Only this kind, e.g. joint_program.")] = None,
    member: Annotated[str | None, typer.Option(help="Only arrangements with this member.")] = None,
    active_on: DateOption = None,
    domain: Annotated[str | None, typer.Option(help="Only this domain, e.g. cyber.")] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    catalog_dir: CatalogOption = None,
) -> None:
    """List arrangements, optionally filtered."""
    loaded = catalog.load_catalog(catalog_dir)
    found = catalog.arrangements(
        kind=kind, member=member, active_on=_day(active_on), domain=domain, catalog=loaded
    )
    frame = loaded.to_frame()
    frame = frame[frame["id"].isin([a.id for a in found])].reset_index(drop=True)
    if fmt == Format.TABLE:
        frame = frame[["id", "short_name", "kind", "status", "signed", "ended", "members"]]
    emit(frame, fmt, out, title=f"{len(frame)} arrangements")


@catalog_app.command("show")
def catalog_show(
    arrangement_id: ArrangementArgument,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    catalog_dir: CatalogOption = None,
) -> None:
    """Show one arrangement: facts, members and sources."""
    loaded = catalog.load_catalog(catalog_dir)
    a = loaded.get(arrangement_id)
    if fmt == Format.JSON:
        emit_text(
            json.dumps(a.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False),
            out,
        )
        return
    if fmt == Format.CSV:
        emit(catalog.members(a.id, catalog=loaded), fmt, out)
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
            ("ATOP id", a.atop_id),
            ("sources", "\n".join(f"{s.citation} <{s.url}>" for s in a.sources)),
        ],
        columns=["field", "value"],
    )
    emit(facts, fmt, out, title=a.name)
    if out is None:
        emit(
            catalog.members(a.id, catalog=loaded).drop(columns=["notes"]),
            fmt,
            None,
            title="members",
        )


@catalog_app.command("members")
def catalog_members(
    arrangement_id: ArrangementArgument,
    on: DateOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    catalog_dir: CatalogOption = None,
) -> None:
    """List the members of an arrangement (on a date, or every spell)."""
    loaded = catalog.load_catalog(catalog_dir)
    frame = catalog.members(arrangement_id, on=_day(on), catalog=loaded)
    emit(frame, fmt, out, title=f"{loaded.get(arrangement_id).label}: {len(frame)} members")


@catalog_app.command("partners")
def catalog_partners(
    state: Annotated[str, typer.Argument(help="A state name or code.")],
    on: DateOption = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    catalog_dir: CatalogOption = None,
) -> None:
    """List every partner of a state and the arrangements that link them."""
    frame = catalog.partners_of(state, on=_day(on), catalog=catalog.load_catalog(catalog_dir))
    name = states.lookup(state).name
    emit(frame, fmt, out, title=f"partners of {name}: {frame.partner.nunique()} states")


@catalog_app.command("timeline")
def catalog_timeline(
    arrangement_id: ArrangementArgument,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    catalog_dir: CatalogOption = None,
) -> None:
    """List the dated events of an arrangement."""
    frame = catalog.timeline(arrangement_id, catalog=catalog.load_catalog(catalog_dir))
    emit(frame, fmt, out)


@catalog_app.command("validate")
def catalog_validate(
    folder: Annotated[
        Path | None, typer.Argument(help="Folder of YAML files; default: the embedded catalog.")
    ] = None,
) -> None:
    """Validate catalog files; exit 2 with file:line and field on the first problem."""
    loaded = catalog.load_catalog(folder)
    messages.print(f"{len(loaded)} arrangements valid ({loaded.origin})")


@states_app.command("resolve")
def states_resolve(
    name: Annotated[str, typer.Argument(help="A name, alias or code.")],
    to: Annotated[str, typer.Option("--to", help="iso3, cow or gw.")] = "iso3",
    on: DateOption = None,
    source: Annotated[
        str,
        typer.Option(
            "--from", help="What NAME is: auto, name, iso3, iso2, iso_numeric, cow or gw."
        ),
    ] = "auto",
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
) -> None:
    """Resolve a name or code to a code; unknown names get suggestions (exit 2)."""
    code = states.resolve(name, system=to, on=_day(on), source=source)  # type: ignore[arg-type]
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
    if fmt == Format.TABLE and out is None:
        print(code)
        return
    emit(frame, fmt, out)


@states_app.command("list")
def states_list(fmt: FormatOption = Format.TABLE, out: OutOption = None) -> None:
    """List the embedded states with their codes and aliases."""
    frame = states.table()
    if fmt == Format.TABLE:
        frame = frame.drop(columns=["aliases", "iso2"])
    emit(frame, fmt, out, title=f"{len(frame)} states")


@app.command("cite")
def cite_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Arrangement ids, dataset names (see `allied data list`), or: allied, "
            "states, atop, map. Default: the package, the state table and every catalog source."
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    catalog_dir: CatalogOption = None,
) -> None:
    """Print the citations that results depend on."""
    loaded = catalog.load_catalog(catalog_dir)
    wanted = names or ["allied", "states", *loaded.by_id]
    citations = cite(*(_citable(n, loaded) for n in wanted))
    if fmt == Format.TABLE:
        emit_text("\n".join(c.render() for c in citations), out)
        return
    emit(pd.DataFrame([vars(c) for c in citations]), fmt, out)


def _citable(name: str, loaded: catalog.Catalog) -> str | Citable:
    """A built-in group name as is, a registered dataset, or a catalog arrangement."""
    if name in ("allied", "states", "atop", "map"):
        return name
    if name in {d.name for d in sources.datasets()}:
        return sources.dataset(name)
    return loaded.get(name)


@app.command("brief")
def brief_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
        "out/brief.html"
    ),
    map_arrangement: Annotated[
        str, typer.Option("--map", help="Arrangement shown first on the map.")
    ] = "nato",
    on: DateOption = None,
    catalog_dir: CatalogOption = None,
    network: Annotated[
        str,
        typer.Option(
            "--network",
            help="What the network and 'most connected states' count: alliances "
            "(arrangements with a mutual-defense or consultation obligation, and the "
            "states they bind), all (every arrangement and member), or kinds, e.g. "
            "mission,organization.",
        ),
    ] = "alliances",
) -> None:
    """Write the HTML brief (offline, self-contained) and print a summary table."""
    from allied.report import build_brief  # networkx and the assets load only for the brief

    loaded = catalog.load_catalog(catalog_dir)
    brief = build_brief(loaded, map_arrangement=map_arrangement, on=_day(on), network=network)
    brief.write(out)
    summary = brief.summary.drop(columns=["kind"])
    emit(
        summary,
        Format.TABLE,
        None,
        title=f"Catalog: {len(loaded)} arrangements as of {brief.on.isoformat()}",
    )
    messages.print(
        f"wrote {out} ({len(brief.html) / 1e6:.1f} MB): map of {brief.map_arrangement} "
        f"({len(brief.map_members)} members), {len(brief.case_studies)} case studies"
    )
