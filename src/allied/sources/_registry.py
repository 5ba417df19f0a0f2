"""The dataset registry: what each dataset is, where it comes from, how to read it.

Entries live in ``registry.yaml`` (data, not code); parsers are named there and
resolved here, so adding a dataset is one YAML entry and one parser function.
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from allied.cite import Citation
from allied.errors import NotFoundError

__all__ = ["Dataset", "Table", "dataset", "datasets"]

Parser = Callable[..., pd.DataFrame]

#: parser name in registry.yaml → (module, function)
_PARSERS: dict[str, tuple[str, str]] = {
    "cow_state_spells": ("allied.sources._systems", "cow_state_spells"),
    "gw_state_spells": ("allied.sources._systems", "gw_state_spells"),
    "cow_majors": ("allied.sources._systems", "cow_majors"),
    "atop_members": ("allied.sources._systems", "atop_members"),
    "atop_alliances": ("allied.sources._systems", "atop_alliances"),
    "atop_state_years": ("allied.sources._systems", "atop_state_years"),
    "atop_directed_dyad_years": ("allied.sources._systems", "atop_directed_dyad_years"),
    "nmc": ("allied.sources._tables", "parse_nmc"),
    "sipri_milex": ("allied.sources._sipri", "parse_milex_workbook"),
    "sipri_trade_register": ("allied.sources._sipri", "parse_trade_register"),
    "world_bank_gdp": ("allied.sources._tables", "parse_world_bank_gdp"),
    "unga_ideal_points": ("allied.sources._tables", "parse_ideal_points"),
    "nato_expenditure": ("allied.sources._tables", "parse_nato_expenditure"),
    "nato_share_of_gdp": ("allied.sources._tables", "parse_nato_share_of_gdp"),
}

#: derived-table function in registry.yaml → (module, function)
_DERIVERS: dict[str, tuple[str, str]] = {
    "atop_member_dyad_years": ("allied.sources._systems", "derive_member_dyad_years"),
}

#: fetch name in registry.yaml → (module, function) for API-based pulls
_FETCHERS: dict[str, tuple[str, str]] = {
    "world_bank_gdp": ("allied.sources._tables", "fetch_world_bank_gdp"),
}


def _function(table: dict[str, tuple[str, str]], name: str) -> Parser:
    module, attribute = table[name]
    function: Parser = getattr(importlib.import_module(module), attribute)
    return function


@dataclass(frozen=True)
class Table:
    """One table of a dataset, read from one publisher file."""

    name: str
    files: tuple[str, ...]
    parser_name: str
    url: str | None
    sha256: dict[str, str]
    optional: bool

    def parse(self, path: Any) -> pd.DataFrame:
        """Read the publisher file at ``path`` into a typed frame."""
        return _function(_PARSERS, self.parser_name)(path)

    def matches(self, filename: str) -> bool:
        """Whether ``filename`` is one of this table's publisher file names."""
        return any(fnmatch.fnmatch(filename, pattern) for pattern in self.files)

    def known_release(self, filename: str, sha256: str) -> bool:
        """Whether the file is byte for byte the release the registry knows."""
        return self.sha256.get(filename) == sha256 or sha256 in self.sha256.values()


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
    fetch_name: str | None
    pull_help: str | None
    derived: dict[str, str]

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
            fix=f"Use one of: {', '.join([*(t.name for t in self.tables), *self.derived])}.",
        )

    def fetch(self) -> pd.DataFrame:
        """Download through the publisher's API (datasets with ``fetch`` only)."""
        assert self.fetch_name is not None
        return _function(_FETCHERS, self.fetch_name)()

    def derive(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Tables computed from the parsed ones at import (``derived`` in the registry)."""
        return {
            name: _function(_DERIVERS, function)(tables, self)
            for name, function in self.derived.items()
        }

    def citations(self) -> list[Citation]:
        """The citation the publisher asks for."""
        return [Citation(self.name, self.citation_text, url=self.homepage)]

    @property
    def coverage_text(self) -> str:
        """Coverage as ``start-end``."""
        return f"{self.coverage[0]}-{self.coverage[1]}"


def _table(name: str, entry: dict[str, Any]) -> Table:
    return Table(
        name=name,
        files=tuple(entry["files"]),
        parser_name=entry["parser"],
        url=entry.get("url"),
        sha256=dict(entry.get("sha256", {})),
        optional=bool(entry.get("optional", False)),
    )


def _dataset(name: str, entry: dict[str, Any]) -> Dataset:
    return Dataset(
        name=name,
        title=entry["title"],
        version=str(entry["version"]),
        coverage=(int(entry["coverage"][0]), int(entry["coverage"][1])),
        system=entry.get("system"),
        licence=entry["licence"],
        homepage=entry["homepage"],
        citation_text=entry["citation"]["text"],
        bibtex=entry["citation"]["bibtex"].strip(),
        tables=tuple(_table(t, e) for t, e in entry["tables"].items()),
        archive_url=entry.get("archive", {}).get("url"),
        fetch_name=entry.get("fetch"),
        pull_help=entry.get("pull_help"),
        derived=dict(entry.get("derived", {})),
    )


@cache
def _registry() -> dict[str, Dataset]:
    text = resources.files("allied.sources").joinpath("registry.yaml").read_text("utf-8")
    entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {name: _dataset(name, entry) for name, entry in entries.items()}


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
        import difflib

        close = difflib.get_close_matches(name, registry, n=3)
        hint = f"Did you mean: {', '.join(close)}? " if close else ""
        raise NotFoundError(
            f"no dataset called {name!r}",
            where="argument NAME",
            fix=f"{hint}Known datasets: {', '.join(registry)} (see `allied data list`).",
        )
    return registry[name]
