"""Citations for everything a result depends on.

:func:`cite` collects the :class:`Citation` of each object given (an
arrangement's sources, the state table, the package itself) so that
``allied cite`` can print them.

Examples
--------
>>> print(cite("states")[0].text)
Correlates of War Project. 2017. State System Membership List, v2016.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from allied.errors import NotFoundError

__all__ = ["BUILTIN", "Citable", "Citation", "cite"]


@dataclass(frozen=True)
class Citation:
    """One work to cite: its text, and where to find it."""

    key: str
    text: str
    url: str | None = None
    doi: str | None = None
    accessed: str | None = None
    label: str | None = None
    """A short name to mention the work in a line, e.g. ``Olson & Zeckhauser (1966)``."""

    @property
    def short(self) -> str:
        """The label, else the key."""
        return self.label or self.key

    def render(self) -> str:
        """The citation as one line of text (a link the text already holds is not repeated)."""
        parts = [self.text]
        if self.doi and self.doi not in self.text:
            parts.append(f"https://doi.org/{self.doi}")
        elif self.url and not self.doi and self.url not in self.text:
            parts.append(self.url)
        if self.accessed:
            parts.append(f"(accessed {self.accessed})")
        return " ".join(parts)


@runtime_checkable
class Citable(Protocol):
    """Anything that can list the citations it depends on."""

    def citations(self) -> list[Citation]:
        """The works this object's facts come from."""


def _allied() -> Citation:
    from allied import __version__

    return Citation(
        "allied",
        f"allied: a toolkit for international defense collaboration, version {__version__}.",
    )


_STATES = [
    Citation(
        "cow_states",
        "Correlates of War Project. 2017. State System Membership List, v2016.",
        url="https://correlatesofwar.org/data-sets/state-system-membership/",
    ),
    Citation(
        "gleditsch_ward",
        "Gleditsch, Kristian S. & Michael D. Ward. 1999. A Revised List of Independent "
        "States since the Congress of Vienna. International Interactions 25(4): 393-413.",
        doi="10.1080/03050629908434958",
    ),
    Citation(
        "iso3166",
        "International Organization for Standardization. ISO 3166-1: Codes for the "
        "representation of names of countries and their subdivisions.",
        url="https://www.iso.org/iso-3166-country-codes.html",
    ),
]

_ATOP = Citation(
    "atop",
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell & Andrew G. Long. "
    "2002. Alliance Treaty Obligations and Provisions, 1815-1944. International "
    "Interactions 28: 237-260. (ATOP v5.1, 2020.)",
    doi="10.1080/03050620213653",
)

_MAP = [
    Citation(
        "natural_earth",
        "Natural Earth. Admin 0 - Countries, 1:50m (public domain), as packaged by the "
        "npm package world-atlas 2.0.2.",
        url="https://www.naturalearthdata.com/",
    ),
    Citation(
        "vega_lite",
        "Satyanarayan, Arvind, Dominik Moritz, Kanit Wongsuphasawat & Jeffrey Heer. 2017. "
        "Vega-Lite: A Grammar of Interactive Graphics. IEEE TVCG 23(1): 341-350.",
        doi="10.1109/TVCG.2016.2599030",
    ),
]

BUILTIN: dict[str, list[Citation]] = {
    "states": _STATES,
    "atop": [_ATOP],
    "map": _MAP,
}


def cite(*things: str | Citable | Iterable[Citable]) -> list[Citation]:
    """The citations that the given objects depend on, without repeats.

    Parameters
    ----------
    things
        Names of built-in groups (``"allied"``, ``"states"``, ``"atop"``,
        ``"map"``), objects with a ``citations()`` method (such as a catalog
        :class:`~allied.catalog.Arrangement`, or an :class:`allied.panel.Panel`,
        which cites the registry entry of its state system and of every
        dataset its ``add_*`` steps joined on), or iterables of them.
    """
    found: list[Citation] = []
    for thing in things:
        for citation in _citations_of(thing):
            if citation not in found:
                found.append(citation)
    return found


def _citations_of(thing: str | Citable | Iterable[Citable]) -> list[Citation]:
    if isinstance(thing, str):
        if thing == "allied":
            return [_allied()]
        if thing not in BUILTIN:
            raise NotFoundError(
                f"nothing to cite under {thing!r}",
                where="argument",
                fix=f"Use one of: allied, {', '.join(BUILTIN)}, or an arrangement id.",
            )
        return BUILTIN[thing]
    if isinstance(thing, Citable):
        return thing.citations()
    return [c for item in thing for c in item.citations()]
