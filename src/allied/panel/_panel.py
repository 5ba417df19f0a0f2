"""The :class:`Panel`: a table that knows its unit, state system and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Concatenate, Literal, ParamSpec

import numpy as np
import pandas as pd

from allied import _validation
from allied.cite import Citation
from allied.errors import InputError
from allied.panel._lookup import PanelGrid

__all__ = [
    "SYSTEM_DATASETS",
    "Panel",
    "System",
    "Unit",
    "YearRange",
    "code_column",
    "parse_years",
]

System = Literal["cow", "gw"]
Unit = Literal["state-year", "dyad-year"]
YearRange = tuple[int, int]
P = ParamSpec("P")

_CODE_COLUMN = {"cow": "ccode", "gw": "gwcode"}
#: The registered dataset listing each state system's members.
SYSTEM_DATASETS = {"cow": "cow-states", "gw": "gw-states"}


def code_column(system: str) -> str:
    """The state-code column of a system: ``ccode`` (COW) or ``gwcode`` (G-W)."""
    if system not in _CODE_COLUMN:
        raise InputError(
            f"unknown state system {system!r}",
            where="argument system",
            fix="Use 'cow' (Correlates of War) or 'gw' (Gleditsch-Ward).",
        )
    return _CODE_COLUMN[system]


def parse_years(years: YearRange | Iterable[int] | str | None) -> YearRange | None:
    """Normalize a year selection to an inclusive ``(first, last)`` pair (``None`` stays).

    See :func:`allied._validation.parse_years`.

    Examples
    --------
    >>> parse_years("1946-2018")
    (1946, 2018)
    >>> parse_years(range(1990, 2000))
    (1990, 1999)
    >>> parse_years("2001")
    (2001, 2001)
    """
    return None if years is None else _validation.parse_years(years)


@dataclass(frozen=True)
class Panel:
    """A state-year or dyad-year table and what it is.

    Attributes
    ----------
    frame
        The rows: key columns (``ccode``/``gwcode`` or ``ccode1``, ``ccode2``,
        and ``year``) then every column the ``add_*`` steps joined on.
    unit
        ``"state-year"`` or ``"dyad-year"``.
    system
        ``"cow"`` or ``"gw"``: the state codes in the key columns.
    directed
        For dyad-years: both (A, B) and (B, A) rows, or only A < B.
    sources
        Registry names of the datasets behind the columns, in order of use.
    """

    frame: pd.DataFrame
    unit: Unit
    system: System
    directed: bool = True
    sources: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        kind = ("directed " if self.directed else "undirected ") if self.is_dyadic else ""
        columns = ", ".join(map(str, self.frame.columns))
        return f"<Panel {kind}{self.unit}, {self.system}, {len(self)} rows: {columns}>"

    @property
    def is_dyadic(self) -> bool:
        """Whether rows are dyad-years."""
        return self.unit == "dyad-year"

    @property
    def system_source(self) -> str:
        """The registered dataset of the panel's state system (``cow-states``, ``gw-states``)."""
        return SYSTEM_DATASETS[self.system]

    @property
    def code_columns(self) -> tuple[str, ...]:
        """The state-code key column(s)."""
        base = code_column(self.system)
        return (f"{base}1", f"{base}2") if self.is_dyadic else (base,)

    @property
    def keys(self) -> tuple[str, ...]:
        """All key columns."""
        return (*self.code_columns, "year")

    def with_columns(
        self,
        columns: Mapping[str, Any] | pd.DataFrame,
        source: str | tuple[str, ...] | None = None,
    ) -> Panel:
        """A new panel with ``columns`` added (same rows, same order, no copy of the old)."""
        clash = [str(name) for name in columns if name in self.frame.columns]
        if clash:
            raise InputError(
                f"the panel already has column(s) {', '.join(clash)}",
                where="add step",
                fix="Add each dataset once, or drop the columns first.",
            )
        addition = (
            columns
            if isinstance(columns, pd.DataFrame)
            else pd.DataFrame(dict(columns), copy=False)
        )
        addition.index = self.frame.index
        frame = pd.concat([self.frame, addition], axis=1)
        added = (source,) if isinstance(source, str) else (source or ())
        sources = tuple(dict.fromkeys((*self.sources, *added)))
        enriched = replace(self, frame=frame, sources=sources)
        if "grid" in self.__dict__:  # same rows and keys: the grid still holds
            enriched.__dict__["grid"] = self.__dict__["grid"]
        return enriched

    @cached_property
    def grid(self) -> PanelGrid:
        """The panel's (state, year) cells, computed once and shared by ``add_*`` steps."""
        sides = [self.frame[column].to_numpy(np.int64) for column in self.code_columns]
        return PanelGrid.of(sides, self.frame["year"].to_numpy(np.int64))

    def pipe(
        self, function: Callable[Concatenate[Panel, P], Panel], *args: P.args, **kwargs: P.kwargs
    ) -> Panel:
        """``function(self, ...)``, for chains like ``panel.pipe(add_atop).pipe(add_nmc)``."""
        return function(self, *args, **kwargs)

    def citations(self) -> list[Citation]:
        """The citations of the state system and every dataset joined on."""
        from allied.sources import dataset

        names = (self.system_source, *self.sources)
        found: list[Citation] = []
        for name in names:
            for citation in dataset(name).citations():
                if citation not in found:
                    found.append(citation)
        return found

    def require(self, *, unit: Unit | None = None, step: str) -> None:
        """Refuse an ``add_*`` step that does not fit this panel."""
        if unit is not None and self.unit != unit:
            raise InputError(
                f"{step} needs a {unit} panel, not a {self.unit} panel",
                where=f"{step}(panel)",
                fix=f"Build the panel with {'dyad_years' if unit == 'dyad-year' else 'state_years'}"
                "() first.",
            )
