"""``allied data`` (the dataset cache) and ``allied panel`` (state- and dyad-years)."""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from allied import panel as panels
from allied import sources
from allied.cli._options import command
from allied.cli._output import (
    Destination,
    Format,
    FormatOption,
    MkdirOption,
    destination,
    emit,
    emit_text,
    messages,
)
from allied.errors import InputError

data_app = typer.Typer(
    help="External datasets: list, pull, import and cite (cached as Parquet).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
panel_app = typer.Typer(
    help="Build state-year and dyad-year panels from the cached datasets.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="Dataset name (see `allied data list`).")
]


@command(data_app, "list", "allied data list", "allied data list --format json")
def data_list(fmt: FormatOption = Format.TABLE) -> None:
    """What datasets exist, which are cached, and their versions."""
    table = sources.status()
    if fmt == Format.TABLE:
        table = table.drop(columns=["title"])
    emit(table, fmt, None, title=f"Datasets (cache: {sources.data_dir()})")


def _describe(record: sources.ImportRecord) -> None:
    for file in record.files:
        note = "" if file.known_release else "  [yellow](not the registered release)[/yellow]"
        messages.print(f"  {file.table}: {file.file}, {file.rows:,} rows{note}")
    messages.print(f"imported {record.name} {record.version} into {sources.data_dir()}")


@command(
    data_app,
    "import",
    "allied data import atop ~/Downloads/ATOP_5.1.zip",
    "allied data import nmc7 NMC-70-abridged.csv",
    "allied data import sipri-milex SIPRI-Milex-data-1949-2024.xlsx",
    "allied data import cow-contiguity,cow-capitals,democracy,cow-mids,cow-igos,tss-rivalries "
    "peacesciencer-exports/",
)
def data_import(
    names: Annotated[
        str,
        typer.Argument(
            metavar="NAMES",
            help="Dataset name, or several separated by commas, each found in PATH "
            "(see `allied data list`).",
        ),
    ],
    path: Annotated[
        Path,
        typer.Argument(metavar="PATH", help="The publisher's file, zip archive or folder."),
    ],
) -> None:
    """Import datasets from a file, archive or folder in the publisher's format.

    Each dataset is imported whole or not at all, in the order given; all
    names are checked before the first import.
    """
    chosen = [name.strip() for name in names.split(",") if name.strip()]
    if not chosen:
        raise InputError(
            f"no dataset named in {names!r}",
            where="argument NAMES",
            fix="Name one dataset or several separated by commas (see `allied data list`).",
        )
    for name in chosen:
        sources.dataset(name)  # an unknown name stops everything before any import
    for name in chosen:
        with messages.status(f"reading {name} from {path} …"):
            record = sources.import_dataset(name, path)
        _describe(record)


@command(
    data_app,
    "pull",
    "allied data pull sipri-milex",
    "allied data pull atop --url https://mirror.example/atop.zip",
)
def data_pull(
    name: NameArgument,
    url: Annotated[
        str | None,
        typer.Option(metavar="URL", help="Download from this mirror URL instead (still verified)."),
    ] = None,
) -> None:
    """Download a dataset from its publisher, verify its checksum and import it."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    with Progress(
        *columns,
        TransferSpeedColumn(),
        console=messages,
        transient=True,
        disable=not messages.is_terminal,
    ) as bar:
        task = bar.add_task(f"downloading {name}", total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        record = sources.pull(name, url=url, progress=advance)
    _describe(record)


@command(data_app, "cite", "allied data cite atop", "allied data cite nmc7 --bibtex")
def data_cite(
    name: NameArgument,
    bibtex: Annotated[bool, typer.Option("--bibtex", help="Print BibTeX.")] = False,
) -> None:
    """Print how to cite a dataset (and its licence)."""
    data = sources.dataset(name)
    if bibtex:
        emit_text(data.bibtex + "\n", None)
        return
    emit_text(f"{data.citation_text}\nLicence: {data.licence}\nHomepage: {data.homepage}\n", None)


#: The ``--add`` forms beside the registry's steps.
_SPECIAL_STEPS = (
    "catalog:ID[+ID…] (e.g. catalog:nato)",
    "similarity[:MEASURE+…] (e.g. similarity:s_abs+kappa)",
)


def _similarity_step(measures: list[str]) -> Callable[[panels.Panel], panels.Panel]:
    """Join similarity: the builder reads the portfolios, the pure measure joins them."""
    from allied.measures import add_similarity, needs_cinc

    def step(panel: panels.Panel) -> panels.Panel:
        data = None
        if panel.is_dyadic and panel.system == "cow":  # else add_similarity says what is wrong
            grid = panel.grid
            years = (grid.first_year, grid.first_year + grid.n_years - 1)
            cinc = needs_cinc(measures)
            data = panels.alliance_portfolios(years=years, cinc=cinc, clip=True)
        return add_similarity(panel, measures, portfolios=data)

    return step


def _step(name: str) -> Callable[[panels.Panel], panels.Panel]:
    if name.startswith("similarity"):
        chosen = [m for m in name.removeprefix("similarity").lstrip(":").split("+") if m]
        return _similarity_step(chosen or ["s_abs"])
    if name.startswith("catalog:"):
        ids = [i for i in name.removeprefix("catalog:").split("+") if i]
        return lambda p: panels.add_catalog(p, ids)
    steps = panels.registered_steps()
    if name not in steps:
        raise InputError(
            f"unknown dataset to add: {name!r}",
            where="option --add",
            fix=f"Use any of: {', '.join(steps)}, {_SPECIAL_STEPS[0]}, or {_SPECIAL_STEPS[1]}.",
        )
    return steps[name]


class _Steps:
    """Progress over panel steps, shown once the work has taken more than a second."""

    def __init__(self, total: int) -> None:
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=messages,
            transient=True,
            disable=not messages.is_terminal,  # no bar (nor its blank line) in logs and pipes
        )
        self.task = self.bar.add_task("building panel", total=total)
        self.timer = threading.Timer(_SHOW_PROGRESS_AFTER_S, self.bar.start)
        self.timer.daemon = True
        self.timer.start()

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        self.bar.update(self.task, description=label)
        yield
        self.bar.advance(self.task)

    def close(self) -> None:
        self.timer.cancel()
        self.bar.stop()


_SHOW_PROGRESS_AFTER_S = 1.0


def table_destination(out: Path | None, mkdir: bool) -> Destination | None:
    """The checked ``--out`` of a command that writes .parquet or .csv."""
    if out is not None and out.suffix.lower() not in (".parquet", ".csv"):
        raise InputError(
            f"cannot tell the output format from {out.name!r}",
            where="option --out",
            fix="End the file name with .parquet or .csv.",
        )
    return destination(out, mkdir)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV through Arrow's writer (about ten times faster than pandas'); NA is empty."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = io.BytesIO()
    pa_csv.write_csv(table, sink, write_options=pa_csv.WriteOptions(quoting_header="none"))
    return sink.getvalue()


def _write(frame: pd.DataFrame, out: Destination | None) -> None:
    if out is None:
        sys.stdout.buffer.write(_csv_bytes(frame))
        sys.stdout.flush()
    elif out.path.suffix.lower() == ".parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        out.write(buffer.getvalue())
    else:
        out.write(_csv_bytes(frame))


def _report(frame: pd.DataFrame, out: Destination, sources: tuple[str, ...]) -> None:
    messages.print(
        f"wrote {len(frame):,} rows, {frame.shape[1]} columns, to {out.path} "
        f"(sources: {', '.join(dict.fromkeys(sources))}; "
        "`allied data cite NAME` for citations)",
        markup=False,
    )


def write_frame(frame: pd.DataFrame, out: Destination | None, *, sources: tuple[str, ...]) -> None:
    """Write a table as .parquet or .csv (atomically), or CSV to stdout, and say so."""
    _write(frame, out)
    if out is not None:
        _report(frame, out, sources)


def _build(
    builder: Callable[..., panels.Panel],
    add: str,
    out: Destination | None,
    *,
    prd: bool = False,
    **options: object,
) -> None:
    names = [name.strip() for name in add.split(",") if name.strip()]
    steps = [_step(name) for name in names]
    if prd:  # after the --add steps, so that it reuses their conttype/cowmaj columns
        names.append("prd")
        steps.append(panels.filter_prd)
    progress = _Steps(len(steps) + 2)
    try:
        with progress.step("building rows"):
            result = builder(**options)
        for name, step in zip(names, steps, strict=True):
            with progress.step(f"adding {name}"):
                result = step(result)
        with progress.step(f"writing {out.path if out else 'CSV'}"):
            _write(result.frame, out)
    finally:
        progress.close()
    if out is not None:
        _report(result.frame, out, (result.system_source, *result.sources))


SystemOption = Annotated[
    str, typer.Option("--system", metavar="SYSTEM", help="State system: cow or gw.")
]
AddOption = Annotated[
    str,
    typer.Option(
        "--add",
        metavar="DATASETS",
        help="Comma-separated datasets to join: "
        + ", ".join([*panels.registered_steps(), "catalog:ID[+ID…]", "similarity[:MEASURE+…]"])
        + ".",
    ),
]
YearsOption = Annotated[
    str | None,
    typer.Option(
        "--years",
        metavar="FROM-TO",
        help="Years to keep, e.g. 1946-2018 (within the state system's data, or up to --through).",
    ),
]
ThroughOption = Annotated[
    int | None,
    typer.Option(
        "--through", metavar="YEAR", help="Extend states alive at the end of the data to this year."
    ),
]
PanelOutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="FILE", help="Write .parquet or .csv (default: CSV on stdout)."
    ),
]


@command(
    panel_app,
    "dyad-years",
    "allied panel dyad-years --system cow --through 2024 --add atop,nmc,majors --out dyads.parquet",
    "allied panel dyad-years --add atop,similarity:s_abs+kappa --years 1946-2016 --out dyads.csv",
)
def panel_dyad_years(
    system: SystemOption = "cow",
    add: AddOption = "",
    years: YearsOption = None,
    through: ThroughOption = None,
    undirected: Annotated[bool, typer.Option(help="Only A < B rows.")] = False,
    prd: Annotated[
        bool,
        typer.Option(
            "--prd",
            help="Keep only politically relevant dyads (contiguous, or one a major power; "
            "adds conttype, cowmaj1, cowmaj2 unless --add gave them).",
        ),
    ] = False,
    out: PanelOutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """Dyad-years of a state system, with datasets joined on."""
    _build(
        panels.dyad_years,
        add,
        table_destination(out, mkdir),
        prd=prd,
        system=system,
        directed=not undirected,
        years=years,
        through=through,
    )


@command(
    panel_app,
    "state-years",
    "allied panel state-years --system gw --add nmc,gdp,milex --years 1990-2020 --out sy.parquet",
    "allied panel state-years --add catalog:nato+eu_csdp --through 2024 --out sy.csv",
)
def panel_state_years(
    system: SystemOption = "cow",
    add: AddOption = "",
    years: YearsOption = None,
    through: ThroughOption = None,
    out: PanelOutOption = None,
    mkdir: MkdirOption = False,
) -> None:
    """State-years of a state system, with datasets joined on."""
    target = table_destination(out, mkdir)
    _build(panels.state_years, add, target, system=system, years=years, through=through)
