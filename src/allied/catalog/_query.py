"""The :class:`Catalog` and its queries."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TypeVar

import pandas as pd

from allied._results import Result
from allied._validation import check_choice
from allied.catalog._load import embedded_files, folder_files, parse_files
from allied.catalog._schema import Arrangement, Domain, Kind
from allied.errors import NotFoundError
from allied.states import lookup

CATALOG_ENV = "ALLIED_CATALOG_DIR"


_E = TypeVar("_E", Kind, Domain)


def _enum_value(enum: type[_E], value: str | _E, argument: str) -> _E:
    return enum(check_choice(value, [e.value for e in enum], argument=argument))


@dataclass(frozen=True)
class Catalog(Result):
    """A validated set of arrangements, keyed by id.

    Build one with :func:`load_catalog`; the module-level query functions use
    the embedded catalog (or ``$ALLIED_CATALOG_DIR``) unless given another.
    """

    by_id: dict[str, Arrangement]
    origin: str

    def __iter__(self) -> Iterator[Arrangement]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, arrangement_id: str) -> Arrangement:
        """The arrangement with this id or one of its names; the error suggests ids."""
        found = self.by_id.get(arrangement_id) or self._by_name(arrangement_id)
        if found is not None:
            return found
        import difflib

        close = difflib.get_close_matches(arrangement_id.lower(), list(self.by_id), n=3, cutoff=0.4)
        hint = f"Did you mean: {', '.join(close)}? " if close else ""
        raise NotFoundError(
            f"no arrangement {arrangement_id!r} in the catalog",
            where=f"catalog {self.origin}",
            fix=hint + "`allied catalog list` shows every id.",
        )

    def _by_name(self, text: str) -> Arrangement | None:
        wanted = text.casefold()
        for arrangement in self:
            labels = {arrangement.name, arrangement.short_name or "", *arrangement.aliases}
            if wanted in {label.casefold() for label in labels}:
                return arrangement
        return None

    def children(self, arrangement_id: str) -> list[Arrangement]:
        """Arrangements whose parent is ``arrangement_id``."""
        return [a for a in self if a.parent == arrangement_id]

    def to_frame(self) -> pd.DataFrame:
        """One row per arrangement with its main facts.

        ``members`` counts the listed member states and ``members_complete``
        says whether that list is complete (``False`` for a partial list, the
        Arms Trade Treaty's); ``targets`` are an embargo's target states and
        ``groups_in`` the states where the non-state groups it targets operate.
        """
        return pd.DataFrame([_summary_row(a) for a in self])

    def summary(self) -> str:
        """Where the catalog comes from and how many arrangements of each kind it holds.

        Examples
        --------
        >>> print(load_catalog().summary())  # doctest: +ELLIPSIS
        Catalog (embedded): ... arrangements
          arms_embargo ...
          bilateral_treaty ...
        """
        kinds = Counter(a.kind.value for a in self)
        width = max((len(kind) for kind in kinds), default=0)
        return "\n".join(
            [f"Catalog ({self.origin}): {len(self)} arrangements"]
            + [f"  {kind:<{width}}  {count}" for kind, count in sorted(kinds.items())]
        )


def _summary_row(a: Arrangement) -> dict[str, object]:
    return {
        "id": a.id,
        "name": a.name,
        "short_name": a.short_name,
        "kind": a.kind.value,
        "status": a.status.value,
        "signed": a.signed,
        "in_force": a.in_force,
        "ended": a.ended,
        "members": len({m.state for m in a.members}),
        "members_complete": a.members_complete,
        "targets": ",".join(t.state for t in a.embargo.targets) if a.embargo else "",
        "groups_in": ",".join(sorted({s for g in a.embargo.groups for s in g.operates_in}))
        if a.embargo
        else "",
        "obligations": ",".join(o.value for o in a.obligations),
        "domains": ",".join(d.value for d in a.domains),
        "parent": a.parent,
        "atop_id": a.atop_id,
    }


def load_catalog(directory: str | Path | None = None) -> Catalog:
    """Load and validate a catalog.

    Parameters
    ----------
    directory
        A folder of ``<id>.yaml`` files. ``None`` takes ``$ALLIED_CATALOG_DIR``
        if set, else the catalog embedded in the package.

    Raises
    ------
    CatalogError
        Listing every problem with its file, line and field.

    Examples
    --------
    >>> catalog = load_catalog()
    >>> catalog.get("nato").kind.value
    'multilateral_alliance'
    """
    if directory is None:
        directory = os.environ.get(CATALOG_ENV) or None
    if directory is None:
        return _embedded()
    path = Path(directory)
    return Catalog(parse_files(folder_files(path)), str(path))


@cache
def _embedded() -> Catalog:
    return Catalog(parse_files(embedded_files()), "embedded")


def _iso3(state: str) -> str:
    return lookup(state).iso3


def arrangements(
    *,
    kind: str | Kind | None = None,
    member: str | None = None,
    active_on: date | None = None,
    domain: str | Domain | None = None,
    catalog: Catalog | None = None,
) -> list[Arrangement]:
    """Arrangements that match every filter given.

    Parameters
    ----------
    kind
        A :class:`~allied.catalog.Kind` value such as ``"joint_program"``.
    member
        A state (any name or code); with ``active_on``, it must be a member on
        that date, else at any time.
    active_on
        Only arrangements in force on this date.
    domain
        A :class:`~allied.catalog.Domain` value such as ``"cyber"``.

    Examples
    --------
    >>> [a.id for a in arrangements(kind="bilateral_treaty", member="South Korea")][:1]
    ['us_rok_mutual_defense_treaty']
    """
    catalog = catalog or load_catalog()
    wanted_kind = _enum_value(Kind, kind, "kind") if kind is not None else None
    wanted_domain = _enum_value(Domain, domain, "domain") if domain is not None else None
    iso3 = _iso3(member) if member is not None else None
    found = []
    for a in catalog:
        if wanted_kind is not None and a.kind != wanted_kind:
            continue
        if wanted_domain is not None and wanted_domain not in a.domains:
            continue
        if active_on is not None and not a.active_on(active_on):
            continue
        if iso3 is not None:
            spells = a.members if active_on is None else a.members_on(active_on)
            if iso3 not in {m.state for m in spells}:
                continue
        found.append(a)
    return found


_MEMBER_COLUMNS = [
    "state",
    "name",
    "role",
    "joined",
    "as_of",
    "left",
    "suspended",
    "planned_quantity",
    "notes",
]


def members(
    arrangement_id: str, *, on: date | None = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """The members of an arrangement, one row per membership spell.

    Parameters
    ----------
    arrangement_id
        The arrangement's id (or name).
    on
        Only the members on this date; ``None`` lists every spell ever.

    Returns
    -------
    pandas.DataFrame
        Columns ``state`` (ISO3), ``name``, ``role``, ``joined`` (the
        effective start; empty when no source gives it), ``as_of`` (for such
        a spell, the date from which membership is attested), ``left`` (empty
        while a member), ``suspended`` (the day the arrangement suspended the
        state's participation, if it did: date queries stop counting it
        then), ``planned_quantity`` and ``notes``, ordered by start
        (known or attested) then name.

    Examples
    --------
    >>> nato = members("nato", on=date(2024, 12, 31))
    >>> len(nato), nato.state.iloc[-1]
    (32, 'SWE')
    """
    a = (catalog or load_catalog()).get(arrangement_id)
    spells = a.members if on is None else a.members_on(on)
    rows = [
        {
            "state": m.state,
            "name": lookup(m.state, source="iso3").name,
            "role": m.role.value,
            "joined": a.joined(m) if m.start_known else None,
            "as_of": m.as_of,
            "left": m.left or a.ended,
            "suspended": m.suspended,
            "planned_quantity": m.planned_quantity,
            "notes": m.notes,
            "_start": a.joined(m),
        }
        for m in spells
    ]
    frame = pd.DataFrame(rows, columns=[*_MEMBER_COLUMNS, "_start"])
    frame["planned_quantity"] = frame["planned_quantity"].astype("Int64")
    frame = frame.sort_values(["_start", "name"], kind="stable").reset_index(drop=True)
    return frame.drop(columns="_start")


_TARGET_COLUMNS = ["state", "name", "scope", "covers"]


def targets(arrangement_id: str, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """The states an arms embargo applies to, and how far.

    An embargo has targets, not members (:func:`members` of an embargo is
    empty); other arrangements have no targets.

    Returns
    -------
    pandas.DataFrame
        Columns ``state`` (ISO3), ``name``, ``scope`` (``full`` or
        ``partial``) and ``covers``, in the order of the catalog entry.

    Examples
    --------
    >>> targets("un_arms_embargo_dprk").state.tolist()
    ['PRK']
    """
    a = (catalog or load_catalog()).get(arrangement_id)
    rows = [
        {
            "state": t.state,
            "name": lookup(t.state, source="iso3").name,
            "scope": t.scope.value,
            "covers": t.covers,
        }
        for t in (a.embargo.targets if a.embargo else [])
    ]
    return pd.DataFrame(rows, columns=_TARGET_COLUMNS)


def sides(arrangement_id: str, *, catalog: Catalog | None = None) -> tuple[str, ...]:
    """The two sides of an agreement between organisations, as readable labels.

    An agreement such as the NATO-EU security agreement has no member states
    of its own (``sharing.between``): each side is the states that belong to
    every arrangement listed for it. Other arrangements have no sides: ``()``.

    Examples
    --------
    >>> sides("nato_eu_security_agreement")
    ('NATO', 'CSDP and PfP (states in both)')
    >>> sides("nato")
    ()
    """
    catalog = catalog or load_catalog()
    a = catalog.get(arrangement_id)
    if a.sharing is None or a.sharing.between is None:
        return ()
    labels = []
    for side in a.sharing.between:
        names = [catalog.get(member).label for member in side]
        both = "both" if len(names) == 2 else "all"
        labels.append(names[0] if len(names) == 1 else f"{' and '.join(names)} (states in {both})")
    return tuple(labels)


_PARTNER_COLUMNS = ["partner", "partner_name", "arrangement", "arrangement_name", "kind", "role"]


def partners_of(
    state: str, *, on: date | None = None, catalog: Catalog | None = None
) -> pd.DataFrame:
    """Every partner of a state on a date, and through which arrangements.

    Only collaborations count (:data:`~allied.catalog.COLLABORATION_KINDS`):
    fellow participants of an export-control regime are not partners, and an
    arms embargo has no members.

    Parameters
    ----------
    state
        Any name or code of the state.
    on
        The date; ``None`` means today.

    Returns
    -------
    pandas.DataFrame
        One row per (partner, arrangement): ``partner`` (ISO3),
        ``partner_name``, ``arrangement`` (id), ``arrangement_name``, ``kind``
        and the partner's ``role``; sorted by partner then arrangement.

    Examples
    --------
    >>> p = partners_of("Australia", on=date(2024, 6, 1))
    >>> {"quad", "australia_japan_reciprocal_access_agreement"} <= set(
    ...     p.loc[p.partner == "JPN", "arrangement"])
    True
    """
    iso3 = _iso3(state)
    when = on or date.today()
    rows = []
    for a in catalog or load_catalog():
        if not a.kind.is_collaboration or not a.active_on(when):
            continue
        current = a.members_on(when)
        if iso3 not in {m.state for m in current}:
            continue
        for m in current:
            if m.state != iso3:
                rows.append(
                    {
                        "partner": m.state,
                        "partner_name": lookup(m.state, source="iso3").name,
                        "arrangement": a.id,
                        "arrangement_name": a.name,
                        "kind": a.kind.value,
                        "role": m.role.value,
                    }
                )
    frame = pd.DataFrame(rows, columns=_PARTNER_COLUMNS)
    return (
        frame.drop_duplicates().sort_values(["partner_name", "arrangement"]).reset_index(drop=True)
    )


_TIMELINE_COLUMNS = ["date", "event", "state", "detail"]


def timeline(arrangement_id: str, *, catalog: Catalog | None = None) -> pd.DataFrame:
    """The dated events of an arrangement: signature, entry into force, joins
    (``as_of`` for a spell known only from a date), suspensions, departures, child
    arrangements, milestones, an embargo's legal instruments and end.

    Examples
    --------
    >>> t = timeline("nato")
    >>> t.iloc[0][["date", "event"]].tolist()
    [datetime.date(1949, 4, 4), 'signed']
    """
    catalog = catalog or load_catalog()
    a = catalog.get(arrangement_id)
    events: list[dict[str, object]] = []
    for field in ("signed", "in_force", "ended"):
        when = getattr(a, field)
        if when is not None:
            events.append({"date": when, "event": field, "state": None, "detail": a.name})
    for m in a.members:
        name = lookup(m.state, source="iso3").name
        events.append(
            {
                "date": a.joined(m),
                "event": "joined" if m.start_known else "as_of",
                "state": m.state,
                "detail": f"{name} ({m.role.value})",
            }
        )
        if m.left is not None:
            events.append({"date": m.left, "event": "left", "state": m.state, "detail": name})
        if m.suspended is not None:
            events.append(
                {"date": m.suspended, "event": "suspended", "state": m.state, "detail": name}
            )
    for child in catalog.children(a.id):
        events.append(
            {"date": child.earliest, "event": "child", "state": None, "detail": child.name}
        )
    for milestone in a.milestones:
        events.append(
            {"date": milestone.date, "event": "milestone", "state": None, "detail": milestone.event}
        )
    for instrument in a.embargo.instruments if a.embargo else []:
        detail = f"{instrument.reference}: {instrument.effect}"
        events.append(
            {"date": instrument.date, "event": "instrument", "state": None, "detail": detail}
        )
    order = {
        "signed": 0,
        "in_force": 1,
        "child": 2,
        "milestone": 3,
        "instrument": 3,
        "joined": 4,
        "as_of": 5,
        "suspended": 6,
        "left": 7,
        "ended": 8,
    }
    events.sort(key=lambda e: (e["date"], order[str(e["event"])], str(e["detail"])))
    return pd.DataFrame(events, columns=_TIMELINE_COLUMNS)
