"""Legal limits on arms and technology transfer: export-control regimes and arms embargoes.

Queries for a dyad or a state on a date, over the catalog's
``export_control_regime`` and ``arms_embargo`` entries:
:func:`export_control_mismatch` (the regimes one state takes part in and the
other does not, and those whose partial member list cannot tell),
:func:`embargoes_on` (the UN and EU arms embargoes in force against a state) and
:func:`group_embargoes_in` (those on non-state groups operating in it, which do
not target the state).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pandas as pd

from allied._results import Result
from allied._validation import check_choice
from allied.catalog._query import Catalog, load_catalog
from allied.catalog._schema import Arrangement, EmbargoBody, EmbargoTerms, Kind
from allied.states import lookup


def _iso3(state: str) -> str:
    return lookup(state).iso3


def _regimes_on(catalog: Catalog, on: date) -> list[Arrangement]:
    return sorted(
        (a for a in catalog if a.kind is Kind.EXPORT_CONTROL_REGIME and a.active_on(on)),
        key=lambda a: a.id,
    )


@dataclass(frozen=True)
class RegimeMismatch(Result):
    """Which export-control regimes two states take part in on a date.

    Attributes
    ----------
    state_a, state_b
        The two states (ISO3).
    on
        The date.
    only_a, only_b
        Ids of the regimes in force on ``on`` that one state takes part in
        and the other does not.
    both, neither
        Ids of the regimes both, or neither, take part in.
    unknown
        Ids of the regimes whose member list is partial
        (:class:`~allied.catalog.PartialMembers`, the Arms Trade Treaty) and
        that do not list both states on ``on``: a state missing from such a
        list may be a member the catalog has not recorded, so the regime is
        neither a mismatch nor a match.
    """

    state_a: str
    state_b: str
    on: date
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    both: tuple[str, ...]
    neither: tuple[str, ...]
    unknown: tuple[str, ...] = ()

    @property
    def mismatched(self) -> tuple[str, ...]:
        """The regimes exactly one of the two takes part in, sorted."""
        return tuple(sorted(self.only_a + self.only_b))

    def to_frame(self) -> pd.DataFrame:
        """One row per regime: ``regime``, ``a_member``, ``b_member``, ``mismatch``.

        The three flags are pandas nullable booleans: missing (``<NA>``) for a
        regime in :attr:`unknown`, where the catalog's partial list cannot say.
        """
        in_a, in_b = set(self.only_a) | set(self.both), set(self.only_b) | set(self.both)
        regimes = sorted(self.only_a + self.only_b + self.both + self.neither + self.unknown)
        known = [r not in self.unknown for r in regimes]
        frame = pd.DataFrame(
            {
                "regime": regimes,
                "a_member": pd.array([r in in_a for r in regimes], dtype="boolean"),
                "b_member": pd.array([r in in_b for r in regimes], dtype="boolean"),
            }
        )
        unknown = ~pd.Series(known, dtype="boolean")
        frame.loc[unknown, ["a_member", "b_member"]] = pd.NA
        return frame.assign(mismatch=frame.a_member != frame.b_member)

    def summary(self) -> str:
        """The mismatch in words."""
        return "\n".join(
            [
                f"Export-control regimes of {self.state_a} and {self.state_b} on {self.on}",
                f"  only {self.state_a}: {', '.join(self.only_a) or '-'}",
                f"  only {self.state_b}: {', '.join(self.only_b) or '-'}",
                f"  both: {', '.join(self.both) or '-'}",
                f"  neither: {', '.join(self.neither) or '-'}",
                *(
                    [f"  unknown (partial member list): {', '.join(self.unknown)}"]
                    if self.unknown
                    else []
                ),
            ]
        )


def export_control_mismatch(
    a: str, b: str, *, on: date, catalog: Catalog | None = None
) -> RegimeMismatch:
    """The export-control regimes one state takes part in and the other does not.

    A legal limit on arms and technology transfer between two states: a
    regime's participants relax controls among themselves and apply them to
    outsiders, so a state outside a regime its partner belongs to faces
    tighter licensing for the items that regime controls.

    Parameters
    ----------
    a, b
        Any name or code of each state.
    on
        The date. A participant whose start the sources give only to the year
        counts from 31 December of that year (the catalog's ``as_of``
        convention), never earlier.
    catalog
        The catalog to read; the embedded one by default.

    Returns
    -------
    RegimeMismatch
        ``only_a``, ``only_b``, ``both``, ``neither`` and ``unknown``, each a
        tuple of regime ids (``wassenaar``, ``mtcr``,
        ``nuclear_suppliers_group``, ``australia_group``,
        ``arms_trade_treaty``) in force on ``on``. A regime whose member list
        is partial (the Arms Trade Treaty) is ``both`` when it lists both
        states and ``unknown`` otherwise, never a mismatch.

    Examples
    --------
    >>> m = export_control_mismatch("USA", "India", on=date(2024, 1, 1))
    >>> m.only_a, m.only_b
    (('nuclear_suppliers_group',), ())
    """
    first, second = _iso3(a), _iso3(b)
    groups: dict[tuple[bool, bool] | None, list[str]] = {
        (True, False): [],
        (False, True): [],
        (True, True): [],
        (False, False): [],
        None: [],
    }
    for regime in _regimes_on(catalog or load_catalog(), on):
        current = {m.state for m in regime.members_on(on)}
        listed = (first in current, second in current)
        certain = regime.members_complete or listed == (True, True)
        groups[listed if certain else None].append(regime.id)
    return RegimeMismatch(
        first,
        second,
        on,
        only_a=tuple(groups[(True, False)]),
        only_b=tuple(groups[(False, True)]),
        both=tuple(groups[(True, True)]),
        neither=tuple(groups[(False, False)]),
        unknown=tuple(groups[None]),
    )


_EMBARGO_COLUMNS = [
    "embargo",
    "name",
    "imposed_by",
    "scope",
    "covers",
    "start",
    "ended",
    "instruments",
]
#: The columns of :func:`group_embargoes_in`: ``group`` in place of ``scope``.
_GROUP_COLUMNS = [c if c != "scope" else "group" for c in _EMBARGO_COLUMNS]


def _embargoes_in_force(
    catalog: Catalog | None, on: date, imposed_by: str | EmbargoBody | None
) -> Iterator[tuple[Arrangement, EmbargoTerms]]:
    """The arms embargoes in force on ``on`` with their terms, of one body if ``imposed_by``."""
    body = (
        EmbargoBody(check_choice(imposed_by, [b.value for b in EmbargoBody], argument="imposed_by"))
        if imposed_by is not None
        else None
    )
    for a in catalog or load_catalog():
        if a.embargo is None or not a.active_on(on):
            continue
        if body is None or a.embargo.imposed_by is body:
            yield a, a.embargo


def _embargo_row(a: Arrangement, terms: EmbargoTerms, **detail: str) -> dict[str, object]:
    """One row of an embargo table: the embargo's facts around ``detail`` (scope, covers...)."""
    return {
        "embargo": a.id,
        "name": a.name,
        "imposed_by": terms.imposed_by.label,
        **detail,
        "start": a.start,
        "ended": a.ended,
        "instruments": "; ".join(i.reference for i in terms.instruments),
    }


def _by_start(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["start", "embargo"]).reset_index(drop=True)


def embargoes_on(
    state: str,
    *,
    on: date,
    imposed_by: str | EmbargoBody | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The arms embargoes in force against a state on a date.

    An embargo on non-state groups operating in the state (armed groups in the
    DR Congo, Al-Shabaab in Somalia) does not target the state and is not
    listed: :func:`group_embargoes_in` lists those.

    Parameters
    ----------
    state
        Any name or code of the state.
    on
        The date; an embargo applies from its start to its end, both inclusive.
    imposed_by
        ``"un_security_council"`` or ``"european_union"`` to keep one body's
        embargoes; ``None`` keeps both.
    catalog
        The catalog to read; the embedded one by default.

    Returns
    -------
    pandas.DataFrame
        One row per embargo: ``embargo`` (id), ``name``, ``imposed_by``
        (``UN`` or ``EU``), ``scope`` (``full`` or ``partial``), ``covers``,
        ``start``, ``ended`` (empty while in force) and ``instruments`` (the
        references of its legal acts, ``; ``-separated), sorted by start.

    Examples
    --------
    >>> e = embargoes_on("Russia", on=date(2024, 1, 1))
    >>> e[["embargo", "imposed_by", "scope"]].values.tolist()
    [['eu_arms_embargo_russia', 'EU', 'full']]
    """
    iso3 = _iso3(state)
    rows = [
        _embargo_row(a, terms, scope=target.scope.value, covers=target.covers)
        for a, terms in _embargoes_in_force(catalog, on, imposed_by)
        for target in terms.targets
        if target.state == iso3
    ]
    return _by_start(rows, _EMBARGO_COLUMNS)


def group_embargoes_in(
    state: str,
    *,
    on: date,
    imposed_by: str | EmbargoBody | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The arms embargoes in force on non-state groups operating in a state.

    The state itself is not embargoed by them (it is not in
    :func:`embargoes_on`): they restrict transfers to armed groups, entities
    or individuals on its territory, and so bear on any transfer into it.

    Parameters
    ----------
    state, on, imposed_by, catalog
        As for :func:`embargoes_on`; ``state`` is where the groups operate.

    Returns
    -------
    pandas.DataFrame
        One row per embargo and group: ``embargo`` (id), ``name``,
        ``imposed_by`` (``UN`` or ``EU``), ``group`` (as the instruments name
        it), ``covers``, ``start``, ``ended`` and ``instruments``, sorted by
        start.

    Examples
    --------
    >>> g = group_embargoes_in("Somalia", on=date(2024, 1, 1))
    >>> g.embargo.tolist()
    ['un_arms_embargo_al_shabaab']
    >>> embargoes_on("Somalia", on=date(2024, 1, 1)).empty
    True
    """
    iso3 = _iso3(state)
    rows = [
        _embargo_row(a, terms, group=group.name, covers=group.covers)
        for a, terms in _embargoes_in_force(catalog, on, imposed_by)
        for group in terms.groups
        if iso3 in group.operates_in
    ]
    return _by_start(rows, _GROUP_COLUMNS)
