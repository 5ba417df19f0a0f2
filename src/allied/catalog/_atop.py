"""Cross-checking the catalog against ATOP's member-level file."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from allied.catalog._schema import Arrangement
from allied.errors import InputError, NotFoundError
from allied.states import lookup

ATOP_MEMBER_COLUMNS = ("atopid", "member", "yrent")


@dataclass(frozen=True)
class AtopDisagreement:
    """One way the catalog and ATOP disagree about a member of a treaty.

    ``catalog_year`` or ``atop_year`` is ``None`` when the state is missing on
    that side; otherwise both are given and differ.
    """

    arrangement: str
    state: str
    catalog_year: int | None
    atop_year: int | None
    explained: bool

    def __str__(self) -> str:
        side = (
            "not in ATOP"
            if self.atop_year is None
            else "not in the catalog"
            if self.catalog_year is None
            else f"entered {self.catalog_year} in the catalog, {self.atop_year} in ATOP"
        )
        return f"{self.arrangement}: {self.state} {side}"


def _atop_entries(atop_members: pd.DataFrame, atop_id: int) -> dict[str, int]:
    missing = [c for c in ATOP_MEMBER_COLUMNS if c not in atop_members.columns]
    if missing:
        raise InputError(
            f"the ATOP member table lacks columns {missing}",
            where="argument atop_members",
            fix="Pass ATOP 5.1's member-level file (atop5_1m.csv).",
        )
    rows = atop_members.loc[atop_members["atopid"] == atop_id]
    first: dict[str, int] = {}
    for code, year in zip(rows["member"], rows["yrent"], strict=True):
        try:
            iso3 = lookup(int(code), source="cow").iso3
        except NotFoundError:
            iso3 = f"COW{int(code)}"  # a state that no longer exists
        first[iso3] = min(int(year), first.get(iso3, int(year)))
    return first


def compare_with_atop(
    arrangement: Arrangement, atop_members: pd.DataFrame, *, last_year: int = 2018
) -> list[AtopDisagreement]:
    """Where the catalog's members and entry years differ from ATOP's.

    The catalog's entry date of a member is :meth:`Arrangement.entered` (its
    signature of the treaty or accession protocol, as ATOP dates obligations).
    ATOP's is the first ``yrent`` of the state over all phases, with COW codes
    mapped to today's states (West Germany 260 and Germany 255 are both DEU).
    Members that entered after ``last_year`` (the end of ATOP's coverage) are
    not compared. A disagreement is *explained* when the arrangement's
    ``atop_differences`` names the state.

    Data sources: ATOP 5.1 member-level file (Leeds et al. 2002).

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
       Alliance Treaty Obligations and Provisions, 1815-1944. International
       Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
    """
    if arrangement.atop_id is None:
        return []
    atop = _atop_entries(atop_members, arrangement.atop_id)
    catalog: dict[str, int] = {}
    for member in arrangement.members:
        year = arrangement.entered(member).year
        if year <= last_year:
            catalog[member.state] = min(year, catalog.get(member.state, year))
    explained = {d.state for d in arrangement.atop_differences}
    found = []
    for state in sorted(set(atop) | set(catalog)):
        ours, theirs = catalog.get(state), atop.get(state)
        if ours != theirs:
            found.append(AtopDisagreement(arrangement.id, state, ours, theirs, state in explained))
    return found
