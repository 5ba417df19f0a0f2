"""The dataset registry: what each dataset is, where it comes from, how to read it.

Entries live in ``registry.yaml`` (data, not code). An entry names the
functions that serve its dataset by import path
(``"allied.sources._tables:parse_nmc"``): the parser of each table, the
functions deriving tables at import, the fetcher of API pulls, and the panel
steps that join it (``allied panel ... --add NAME``). So adding a dataset is one
entry and one parser, plus an ``add_*`` function to join it onto panels;
nothing else lists datasets, parsers or steps.

The file is checked as it is read: every required field present, every
function reference of the form ``package.module:function``, step names unique.
A reference is imported when first used; one naming a module or function that
does not exist fails with the dataset and field that name it.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from allied.cite import Citation
from allied.errors import InputError, NotFoundError

__all__ = ["Dataset", "Step", "Table", "dataset", "datasets", "resolve"]

Parser = Callable[..., pd.DataFrame]
#: A table's fill: one number for every column, or one per named column.
Fill = int | float | dict[str, int | float]

#: The registry files read, in order (tests add one holding a toy dataset).
_FILES: tuple[Traversable | Path, ...] = (resources.files("allied.sources") / "registry.yaml",)
_REFERENCE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*")
_STEP_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def resolve(reference: str, *, where: str) -> Callable[..., Any]:
    """The function a registry reference ``"package.module:function"`` names.

    Raises :class:`~allied.errors.InputError` naming ``where`` (the registry
    file, entry and field) when the module or the function does not exist.

    Examples
    --------
    >>> resolve("allied.sources._tables:parse_nmc", where="example").__name__
    'parse_nmc'
    """
    module_name, _, attribute = reference.partition(":")
    fix = "Correct the reference in the registry (package.module:function), or define it."
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise InputError(
            f"{reference!r} names module {module_name!r}, which cannot be imported ({exc})",
            where=where,
            fix=fix,
        ) from exc
    function = getattr(module, attribute, None)
    if not callable(function):
        raise InputError(
            f"{reference!r}: module {module_name!r} has no function {attribute!r}",
            where=where,
            fix=fix,
        )
    return function  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Table:
    """One table of a dataset, read from one publisher file."""

    name: str
    files: tuple[str, ...]
    parser: str
    url: str | None
    sha256: dict[str, str]
    optional: bool
    where: str = field(default="", compare=False, repr=False)

    def parse(self, path: Any) -> pd.DataFrame:
        """Read the publisher file at ``path`` into a typed frame."""
        parser: Parser = resolve(self.parser, where=f"{self.where}, field parser")
        return parser(path)

    def matches(self, filename: str) -> bool:
        """Whether ``filename`` is one of this table's publisher file names."""
        return any(fnmatch.fnmatch(filename, pattern) for pattern in self.files)

    def known_release(self, filename: str, sha256: str) -> bool:
        """Whether the file is byte for byte the release the registry knows."""
        return self.sha256.get(filename) == sha256 or sha256 in self.sha256.values()


@dataclass(frozen=True)
class Step:
    """A panel step the registry declares for a dataset.

    ``allied panel ... --add NAME`` calls ``function(panel, **arguments)``:
    an ``add_*`` function of :mod:`allied.panel` that joins dataset
    ``dataset`` onto the panel and records it there.
    """

    name: str
    dataset: str
    function: str
    arguments: dict[str, Any]
    where: str = field(default="", compare=False, repr=False)

    def resolve(self) -> Callable[..., Any]:
        """The ``add_*`` function (imported on first use)."""
        return resolve(self.function, where=f"{self.where}, field function")

    def __call__(self, panel: Any) -> Any:
        """``function(panel, **arguments)``: the panel with the dataset joined on."""
        return self.resolve()(panel, **self.arguments)


@dataclass(frozen=True)
class Dataset:
    """A registered external dataset."""

    name: str
    title: str
    version: str
    coverage: tuple[int, int]
    system: str | None
    licence: str
    homepage: str
    citation_text: str
    bibtex: str
    tables: tuple[Table, ...]
    archive_url: str | None
    fetcher: str | None
    pull_help: str | None
    derived: dict[str, str]
    fill: dict[str, Fill] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()
    where: str = field(default="", compare=False, repr=False)

    def table(self, name: str | None = None) -> Table:
        """The named table (or the only one)."""
        if name is None and len(self.tables) == 1:
            return self.tables[0]
        for table in self.tables:
            if table.name == name:
                return table
        problem = "has several tables" if name is None else f"has no table {name!r}"
        raise NotFoundError(
            f"dataset {self.name!r} {problem}",
            where="argument table",
            fix=f"Use one of: {', '.join(self.table_names)}.",
        )

    @property
    def table_names(self) -> tuple[str, ...]:
        """Every table of the dataset: parsed, then derived."""
        return (*(t.name for t in self.tables), *self.derived)

    def fetch(self) -> pd.DataFrame:
        """Download through the publisher's API (datasets with ``fetch`` only)."""
        assert self.fetcher is not None
        fetcher: Callable[[], pd.DataFrame] = resolve(self.fetcher, where=f"{self.where}, fetch")
        return fetcher()

    def derive(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Tables computed from the parsed ones at import (``derived`` in the registry)."""
        return {
            name: resolve(function, where=f"{self.where}, derived {name}")(tables, self)
            for name, function in self.derived.items()
        }

    def fill_value(self, table: str | None = None, column: str | None = None) -> int | float | None:
        """What a row that ``table`` does not list stands for inside the coverage years.

        The registry's ``fill`` (0 for event data: no alliance, not a major
        power), or None when an absent row is missing (NA). A table's fill may
        name columns (``{cowmidonset: 0, cowmidongoing: 0}``): then only those
        are filled, and ``column`` picks one. Outside the coverage every value
        is NA.

        Examples
        --------
        >>> dataset("atop").fill_value("state_years"), dataset("nmc7").fill_value()
        (0, None)
        """
        value = self.fill.get(self.table(table).name if table is None else table)
        if isinstance(value, dict):
            return value.get(column) if column is not None else None
        return value

    def citations(self) -> list[Citation]:
        """The citation the publisher asks for."""
        return [Citation(self.name, self.citation_text, url=self.homepage)]

    @property
    def coverage_text(self) -> str:
        """Coverage as ``start-end``."""
        return f"{self.coverage[0]}-{self.coverage[1]}"


def _required(entry: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in entry or entry[key] in (None, ""):
        raise InputError(
            f"missing field {key!r}",
            where=where,
            fix=f"Give the entry a {key!r} (see the fields described at the top of the file).",
        )
    return entry[key]


def _reference(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _REFERENCE.fullmatch(value):
        raise InputError(
            f"{value!r} is not a function reference",
            where=where,
            fix="Name the function as package.module:function, e.g. "
            "allied.sources._tables:parse_nmc.",
        )
    return value


def _table(name: str, entry: Mapping[str, Any], where: str) -> Table:
    where = f"{where}, table {name!r}"
    return Table(
        name=name,
        files=tuple(_required(entry, "files", where)),
        parser=_reference(_required(entry, "parser", where), f"{where}, field parser"),
        url=entry.get("url"),
        sha256=dict(entry.get("sha256", {})),
        optional=bool(entry.get("optional", False)),
        where=where,
    )


def _step(dataset: str, name: str, entry: str | Mapping[str, Any], where: str) -> Step:
    """A step from ``NAME: "module:function"`` or ``NAME: {function, arguments}``."""
    where = f"{where}, step {name!r}"
    if isinstance(entry, str):
        entry = {"function": entry}
    if not _STEP_NAME.fullmatch(str(name)):
        raise InputError(
            f"step name {name!r} is not a lower-case word",
            where=where,
            fix="Name steps like 'nmc' or 'ideal-points' (letters, digits, hyphens).",
        )
    arguments = entry.get("arguments", {})
    if not isinstance(arguments, Mapping):
        raise InputError(
            "arguments must be a mapping", where=where, fix="Write arguments: {NAME: VALUE}."
        )
    function = _reference(_required(entry, "function", where), f"{where}, field function")
    return Step(name, dataset, function, dict(arguments), where)


def _derived(entry: Mapping[str, Any], tables: tuple[Table, ...], where: str) -> dict[str, str]:
    derived = {
        name: _reference(function, f"{where}, derived {name!r}")
        for name, function in entry.get("derived", {}).items()
    }
    clash = sorted(set(derived) & {t.name for t in tables})
    if clash:
        raise InputError(
            f"derived table(s) {', '.join(clash)} shadow parsed tables",
            where=f"{where}, field derived",
            fix="Give each derived table a name of its own.",
        )
    return derived


def _fill(entry: Mapping[str, Any], names: tuple[str, ...], where: str) -> dict[str, Fill]:
    fill = dict(entry.get("fill", {}))
    for table, value in fill.items():
        values = value.values() if isinstance(value, dict) else [value]
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        if table not in names or not numbers:
            raise InputError(
                f"fill {table}: {value!r} is not a number (or COLUMN: NUMBER map) for one "
                "of the dataset's tables",
                where=f"{where}, field fill",
                fix=f"Use TABLE: NUMBER or TABLE: {{COLUMN: NUMBER}} with TABLE one of: "
                f"{', '.join(names)}.",
            )
    return fill


def _coverage(entry: Mapping[str, Any], where: str) -> tuple[int, int]:
    coverage = _required(entry, "coverage", where)
    years = coverage if isinstance(coverage, list) else []
    if len(years) != 2 or not all(type(year) is int for year in years) or years[0] > years[1]:
        raise InputError(
            f"coverage {coverage!r} is not [first year, last year]",
            where=f"{where}, field coverage",
            fix="Write coverage: [FIRST, LAST], e.g. [1816, 2016].",
        )
    return years[0], years[1]


def _dataset(name: str, entry: Mapping[str, Any], where: str) -> Dataset:
    where = f"{where}, dataset {name!r}"
    if not isinstance(entry, Mapping):
        raise InputError(
            "the entry is not a mapping of fields",
            where=where,
            fix="Indent the entry's fields (title: ..., tables: ...) under its name.",
        )
    citation = _required(entry, "citation", where)
    tables = tuple(_table(t, e, where) for t, e in _required(entry, "tables", where).items())
    derived = _derived(entry, tables, where)
    return Dataset(
        name=name,
        title=_required(entry, "title", where),
        version=str(_required(entry, "version", where)),
        coverage=_coverage(entry, where),
        system=entry.get("system"),
        licence=_required(entry, "licence", where),
        homepage=_required(entry, "homepage", where),
        citation_text=_required(citation, "text", f"{where}, citation"),
        bibtex=_required(citation, "bibtex", f"{where}, citation").strip(),
        tables=tables,
        archive_url=entry.get("archive", {}).get("url"),
        fetcher=_reference(entry["fetch"], f"{where}, fetch") if "fetch" in entry else None,
        pull_help=entry.get("pull_help"),
        derived=derived,
        fill=_fill(entry, (*(t.name for t in tables), *derived), where),
        steps=tuple(_step(name, s, e, where) for s, e in entry.get("steps", {}).items()),
        where=where,
    )


def _read(file: Traversable | Path) -> dict[str, Dataset]:
    where = str(file)
    entries = yaml.load(
        file.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    return {name: _dataset(name, entry, where) for name, entry in entries.items()}


def _check_unique(registry: Mapping[str, Dataset], more: Mapping[str, Dataset]) -> None:
    """Refuse a dataset name or step name that an earlier entry already has."""
    for name, data in more.items():
        if name in registry:
            raise InputError(
                f"dataset {name!r} is registered twice",
                where=f"{data.where} and {registry[name].where}",
                fix="Give the new dataset a name of its own.",
            )
    declared = {s.name: s for d in registry.values() for s in d.steps}
    for data in more.values():
        for step in data.steps:
            if step.name in declared:
                raise InputError(
                    f"step {step.name!r} is declared twice",
                    where=f"{step.where} and {declared[step.name].where}",
                    fix="Give each step a name of its own.",
                )
            declared[step.name] = step


@cache
def _registry() -> dict[str, Dataset]:
    registry: dict[str, Dataset] = {}
    for file in _FILES:
        more = _read(file)
        _check_unique(registry, more)
        registry |= more
    return registry


def datasets() -> list[Dataset]:
    """Every registered dataset, in registry order.

    Examples
    --------
    >>> [d.name for d in datasets()][:3]
    ['cow-states', 'gw-states', 'atop']
    """
    return list(_registry().values())


def dataset(name: str) -> Dataset:
    """The registered dataset called ``name``.

    Examples
    --------
    >>> dataset("atop").version
    '5.1'
    """
    registry = _registry()
    if name not in registry:
        close = difflib.get_close_matches(name, registry, n=3)
        hint = f"Did you mean: {', '.join(close)}? " if close else ""
        raise NotFoundError(
            f"no dataset called {name!r}",
            where="argument NAME",
            fix=f"{hint}Known datasets: {', '.join(registry)} (see `allied data list`).",
        )
    return registry[name]
