"""``allied network``: an alliance network (ATOP year or catalog date), its measures and export."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from allied import catalog
from allied.cli._options import CatalogOption, day
from allied.cli._output import (
    Format,
    FormatOption,
    MkdirOption,
    OutOption,
    destination,
    emit,
    messages,
)
from allied.errors import InputError

if TYPE_CHECKING:  # networkx takes 0.2 s to import: only the network command pays for it
    from allied.panel import StateNetwork


class Source(StrEnum):
    """Where the network comes from."""

    ATOP = "atop"
    CATALOG = "catalog"


class Obligation(StrEnum):
    """ATOP ties: any alliance, or one obligation (see ``allied.panel.OBLIGATION_CHOICES``)."""

    ANY = "any"
    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRAL = "neutral"
    NONAGG = "nonagg"
    CONSUL = "consul"


def _refuse(option: str, source: Source, fix: str) -> None:
    raise InputError(
        f"{option} does not apply to --source {source.value}",
        where=f"option {option}",
        fix=fix,
    )


def _build(
    source: Source,
    year: int | None,
    obligation: str,
    include_isolates: bool,
    on: date | None,
    kinds: list[str] | None,
    catalog_dir: Path | None,
) -> tuple[StateNetwork, str]:
    """The network and a label for it; options that do not fit the source are input errors."""
    from allied.panel import atop_network, catalog_network

    if source == Source.ATOP:
        if on is not None:
            _refuse("--on", source, "ATOP networks are yearly: use --year.")
        if kinds:
            _refuse("--kind", source, "Filter ATOP ties with --obligation.")
        if catalog_dir is not None:
            _refuse("--catalog", source, "Use --source catalog to read a catalog folder.")
        if year is None:
            raise InputError(
                "--year is required with --source atop",
                where="option --year",
                fix="Add --year YEAR (ATOP 5.1 covers 1815-2018), or use --source catalog.",
            )
        built = atop_network(year, obligation=obligation, include_isolates=include_isolates)
        kind = "alliance" if obligation == "any" else obligation
        return built, f"ATOP {year} {kind} network"
    if year is not None:
        _refuse("--year", source, "The catalog network is of one date: use --on YYYY-MM-DD.")
    if obligation != "any":
        _refuse("--obligation", source, "Filter catalog arrangements with --kind.")
    if include_isolates:
        _refuse("--include-isolates", source, "Catalog networks list members only.")
    when = on if on is not None else date.today()
    loaded = catalog.load_catalog(catalog_dir)
    built = catalog_network(when, kind=kinds or None, catalog=loaded)
    what = ", ".join(kinds) if kinds else "all collaborations"
    return built, f"catalog network on {when.isoformat()} ({what})"


def network_command(
    source: Annotated[
        Source, typer.Option("--source", help="atop (a year of ATOP) or catalog (a date).")
    ] = Source.ATOP,
    year: Annotated[
        int | None,
        typer.Option(metavar="YEAR", help="ATOP year (1815-2018); required with --source atop."),
    ] = None,
    obligation: Annotated[
        Obligation,
        typer.Option(help="ATOP tie: any alliance, or defense/offense/neutral/nonagg/consul."),
    ] = Obligation.ANY,
    include_isolates: Annotated[
        bool,
        typer.Option(
            "--include-isolates",
            help="ATOP: also list COW system members without a tie (needs cow-states).",
        ),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Catalog date (YYYY-MM-DD); default today."),
    ] = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", metavar="KIND", help="Catalog: only this kind (repeat for several)."
        ),
    ] = None,
    top: Annotated[
        int, typer.Option(min=0, metavar="N", help="Show the N states with most ties (0: all).")
    ] = 20,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed of the Louvain communities.")] = 0,
    fmt: FormatOption = Format.TABLE,
    out: OutOption = None,
    graph_file: Annotated[
        Path | None,
        typer.Option(
            "--graph", metavar="FILE", help="Write the graph to FILE (.graphml, .gexf or .json)."
        ),
    ] = None,
    mkdir: MkdirOption = False,
    catalog_dir: CatalogOption = None,
) -> None:
    """Alliance network of a year (ATOP) or a date (catalog): centrality, communities,
    polarization; optionally export the graph."""
    from allied.measures import network

    if graph_file is not None and graph_file.suffix.lower() not in network.GRAPH_FORMATS:
        raise InputError(
            f"unknown graph format {graph_file.suffix or graph_file.name!r}",
            where="option --graph",
            fix=f"Use a file name ending in {', '.join(network.GRAPH_FORMATS)}.",
        )
    when = day(on)
    target = destination(out, mkdir)
    graph_target = destination(graph_file, mkdir, option="--graph")
    built, label = _build(
        source, year, obligation.value, include_isolates, when, kinds, catalog_dir
    )
    graph = built.graph
    table = network.node_measures(built, seed=seed).frame
    split = network.polarization(built, seed=seed)
    if graph_target is not None:
        graph_target.make_folder()
        network.write_graph(graph, graph_target.path)
        messages.print(
            f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
            f"to {graph_file}"
        )
    shown = table if top == 0 else table.head(top)
    if fmt == Format.TABLE:
        shown = shown.round({"strength": 3, "betweenness": 4, "eigenvector": 4})
    title = f"{label}: top {len(shown)} of {len(table)} states by degree"
    emit(shown, fmt, target, title=title)
    messages.print(
        f"{label}: {graph.number_of_nodes()} states, {graph.number_of_edges()} ties, "
        f"density {network.density(graph):.3f}, {split.n_blocs} communities "
        f"(Louvain, seed {seed}), polarization (modularity Q) {split.modularity:.3f}, "
        f"ties across blocs {split.ties_across}"
    )
    if split.provenance.sources:
        messages.print(
            f"sources: {split.provenance.describe()}; `allied cite NAME` for citations",
            markup=False,
        )
