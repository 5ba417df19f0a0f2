"""Networks of states: the ATOP alliance network of a year, the catalog's on a date.

Two builders return a :class:`StateNetwork`, an undirected
:class:`networkx.Graph` of states with the sources it was built from:

* :func:`atop_network` — the ATOP dyad-years of one year (nodes are COW codes),
  from the local cache (``allied data import atop ...``);
* :func:`catalog_network` — the catalog's arrangements in force on one date
  (nodes are ISO3 codes), which needs no cache at all.

The measures of :mod:`allied.measures.network` take either the network or its
graph; given the network, their results cite its sources.

networkx takes a fifth of a second to import, so it is imported by the
builders, not with :mod:`allied.panel`.

References
----------
.. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. International
   Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from allied.catalog import COLLABORATION_KINDS, Catalog, Kind, load_catalog
from allied.cite import Citation
from allied.errors import DataNotAvailableError, InputError
from allied.panel._build import state_years
from allied.panel._provenance import Provenance, from_catalog, registered
from allied.sources import OBLIGATIONS, dataset, load
from allied.states import code_spells, lookup

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ALLIANCE_KINDS",
    "OBLIGATION_CHOICES",
    "StateNetwork",
    "atop_network",
    "catalog_network",
]

#: Values of ``obligation`` in :func:`atop_network`: ``any`` alliance tie, or one of
#: ATOP's five obligations.
OBLIGATION_CHOICES: tuple[str, ...] = ("any", *OBLIGATIONS)

#: Kinds that :func:`catalog_network` reads as alliances.
ALLIANCE_KINDS: tuple[Kind, ...] = (Kind.MULTILATERAL_ALLIANCE, Kind.BILATERAL_TREATY)


@dataclass(frozen=True)
class StateNetwork:
    """A graph of states and where it comes from.

    Attributes
    ----------
    graph
        Undirected; nodes are state codes (COW codes for ATOP, ISO3 codes for
        the catalog) with a ``name`` attribute.
    provenance
        The datasets (``atop``, ``cow-states``) or catalog arrangements behind
        the ties, with their editions and citations.
    coverage
        The years the source covers (ATOP's, from the dataset registry), or
        ``None`` for the catalog, which is dated.
    """

    graph: nx.Graph
    provenance: Provenance
    coverage: tuple[int, int] | None = None

    def citations(self) -> list[Citation]:
        """What to cite for the ties (the :class:`~allied.cite.Citable` protocol)."""
        return self.provenance.citations()


# --------------------------------------------------------------------------- ATOP


def _check_year(year: object) -> int:
    first, last = dataset("atop").coverage
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise InputError(
            f"year must be a whole number, not {year!r}",
            where="argument year",
            fix=f"Give a year in ATOP's coverage, {first}-{last}.",
        )
    if not first <= int(year) <= last:
        raise InputError(
            f"year {year} is outside ATOP's coverage, {first}-{last}",
            where="argument year",
            fix=f"Choose a year from {first} to {last}; for later years use "
            "catalog_network() (`allied network --source catalog --on DATE`).",
        )
    return int(year)


def _check_obligation(obligation: str) -> str:
    if obligation not in OBLIGATION_CHOICES:
        raise InputError(
            f"unknown obligation {obligation!r}",
            where="argument obligation",
            fix=f"Use one of: {', '.join(OBLIGATION_CHOICES)}.",
        )
    return obligation


def _atop_dyads() -> tuple[pd.DataFrame, str]:
    """ATOP's own directed dyad-years if imported, else those derived from members."""
    try:
        return load("atop", "directed_dyad_years"), "directed_dyad_years"
    except LookupError:
        return load("atop", "member_dyad_years"), "member_dyad_years"


def _cow_labels(codes: Sequence[int], year: int) -> dict[int, dict[str, str]]:
    """``name``, ``abb`` (and ``iso3`` where known) for COW codes in ``year``.

    First the embedded state table: the COW code spell in force in ``year``
    (else any spell of the code) gives the abbreviation and the ISO3 code, whose
    state gives the name. Codes of states that no longer exist (COW 265, the
    German Democratic Republic) take COW's own name and abbreviation from the
    cached ``cow-states`` spells when those are imported; otherwise the code.
    """
    spells = code_spells()
    cow = spells[spells["system"] == "cow"]
    touching = (cow["start"].dt.year <= year) & (
        cow["end"].isna() | (cow["end"].dt.year.fillna(year) >= year)
    )
    ordered = pd.concat([cow[touching], cow[~touching]]).drop_duplicates("code")
    embedded = {
        int(code): (str(iso3), str(abb))
        for code, iso3, abb in zip(ordered["code"], ordered["iso3"], ordered["abb"], strict=True)
    }
    labels: dict[int, dict[str, str]] = {}
    for code in codes:
        if code in embedded:
            iso3, abb = embedded[code]
            labels[code] = {"name": lookup(iso3, source="iso3").name, "abb": abb, "iso3": iso3}
    missing = [code for code in codes if code not in labels]
    if missing:
        labels |= _cached_cow_labels(missing, year)
    for code in codes:
        labels.setdefault(code, {"name": str(code), "abb": str(code)})
    return labels


def _cached_cow_labels(codes: Sequence[int], year: int) -> dict[int, dict[str, str]]:
    try:
        spells = load("cow-states", "spells")
    except DataNotAvailableError:
        return {}
    spells = spells[spells["code"].isin(codes)]
    touching = (spells["start"].dt.year <= year) & (spells["end"].dt.year >= year)
    ordered = pd.concat([spells[touching], spells[~touching]]).drop_duplicates("code")
    return {
        int(code): {"name": str(name), "abb": str(abb)}
        for code, name, abb in zip(ordered["code"], ordered["name"], ordered["abb"], strict=True)
    }


def _system_members(year: int) -> set[int]:
    last = dataset("atop").coverage[1]
    panel = state_years("cow", years=(year, year), through=last)
    return {int(code) for code in panel.frame["ccode"]}


def atop_network(
    year: int, *, obligation: str = "any", include_isolates: bool = False
) -> StateNetwork:
    """The ATOP alliance network of one year.

    Parameters
    ----------
    year
        A year inside ATOP's coverage (1815-2018 for ATOP 5.1, from the dataset
        registry).
    obligation
        ``"any"`` (the two states share an ATOP alliance that year, whatever its
        obligations) or one of ``"defense"``, ``"offense"``, ``"neutral"``,
        ``"nonagg"``, ``"consul"``: a tie where either state has that
        obligation toward the other.
    include_isolates
        Also add every COW system member of the year without a tie (from the
        cached ``cow-states`` spells, extended through ATOP's last year like
        peacesciencer's ``mry``). By default the nodes are the states with at
        least one tie.

    Returns
    -------
    StateNetwork
        The graph: nodes are COW codes with ``name`` and ``abb`` attributes
        (and ``iso3`` where the embedded state table knows the state); each
        edge has ``obligations`` (the list of obligations either state holds
        toward the other) and one boolean attribute per obligation; the graph
        attributes record ``source``, ``year``, ``obligation`` and the ATOP
        ``table`` used. Its provenance is ATOP (and ``cow-states`` with
        ``include_isolates``), its coverage ATOP's years.

    Raises
    ------
    InputError
        The year is outside ATOP's coverage, or the obligation is unknown.
    DataNotAvailableError
        ATOP (or, with ``include_isolates``, ``cow-states``) is not in the cache.

    Notes
    -----
    Uses ATOP's own directed dyad-year file when it was imported
    (``atop5_1ddyr.csv``), otherwise the dyad-years derived from the
    member-level file at import, like :func:`allied.panel.add_atop`. The two
    directions of a dyad are merged: the edge's obligations are the union of
    A's toward B and B's toward A. Node names come from the embedded state
    table (so COW 260, West Germany, is named "Germany" with abbreviation
    "GFR"); codes of extinct states take COW's name from the cached
    ``cow-states`` spells when imported, else the code.

    Data sources: ATOP 5.1 (Leeds et al. 2002); COW State System Membership
    v2016 (with ``include_isolates``).

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
       Alliance Treaty Obligations and Provisions, 1815-1944. International
       Interactions, 28(3), 237-260. https://doi.org/10.1080/03050620213653

    Examples
    --------
    Needs ``allied data import atop`` (and cow-states)::

        from allied.measures.network import node_measures
        network = atop_network(1962, obligation="defense")
        node_measures(network).to_frame().head(), network.citations()
    """
    import networkx as nx

    year = _check_year(year)
    obligation = _check_obligation(obligation)
    dyads, table = _atop_dyads()
    merged = _merged_ties(dyads[dyads["year"].to_numpy() == year], obligation)
    codes = set(merged["low"].tolist()) | set(merged["high"].tolist())
    if include_isolates:
        codes |= _system_members(year)
    labels = _cow_labels(sorted(codes), year)
    graph = nx.Graph(source="atop", year=year, obligation=obligation, table=table)
    graph.add_nodes_from((code, labels[code]) for code in sorted(codes))
    flags = merged[list(OBLIGATIONS)].to_numpy() > 0
    names = np.array(OBLIGATIONS)
    graph.add_edges_from(
        (
            int(low),
            int(high),
            {
                "obligations": names[row].tolist(),
                **{name: bool(flag) for name, flag in zip(OBLIGATIONS, row, strict=True)},
            },
        )
        for low, high, row in zip(merged["low"], merged["high"], flags, strict=True)
    )
    used = registered("atop", "cow-states") if include_isolates else registered("atop")
    return StateNetwork(graph, used, dataset("atop").coverage)


def _merged_ties(rows: pd.DataFrame, obligation: str) -> pd.DataFrame:
    """One row per undirected dyad (``low``, ``high``): the union of both directions'
    obligations, only dyads with ``obligation`` unless it is ``any``."""
    code1 = rows["ccode1"].to_numpy(np.int64)
    code2 = rows["ccode2"].to_numpy(np.int64)
    pairs = pd.DataFrame(
        {
            "low": np.minimum(code1, code2),
            "high": np.maximum(code1, code2),
            **{name: rows[name].to_numpy(np.int64) for name in OBLIGATIONS},
        }
    )
    merged = pairs.groupby(["low", "high"], sort=True)[list(OBLIGATIONS)].max().reset_index()
    if obligation != "any":
        merged = merged[merged[obligation].to_numpy() > 0]
    return merged


# --------------------------------------------------------------------------- catalog


def _kinds(kind: str | Kind | Iterable[str | Kind] | None) -> frozenset[Kind]:
    if kind is None:
        return frozenset(COLLABORATION_KINDS)
    wanted = [kind] if isinstance(kind, str | Kind) else list(kind)
    kinds = set()
    for value in wanted:
        try:
            kinds.add(Kind(value))
        except ValueError:
            raise InputError(
                f"unknown kind {value!r}",
                where="argument kind",
                fix=f"Use one of: {', '.join(k.value for k in Kind)}.",
            ) from None
    return frozenset(kinds)


def _check_date(on: object) -> date:
    if isinstance(on, datetime):
        return on.date()
    if not isinstance(on, date):
        raise InputError(
            f"on must be a date, not {on!r}",
            where="argument on",
            fix="Pass a datetime.date, e.g. date(2025, 1, 1).",
        )
    return on


def catalog_network(
    on: date,
    *,
    kind: str | Kind | Iterable[str | Kind] | None = None,
    catalog: Catalog | None = None,
) -> StateNetwork:
    """The network of states that share an arrangement of the catalog on a date.

    Parameters
    ----------
    on
        The date: arrangements in force then, and their members then.
    kind
        Only arrangements of this :class:`~allied.catalog.Kind` (or of any of
        several kinds); every collaboration by default (the legal kinds,
        export-control regimes and arms embargoes, only when asked for).
    catalog
        The catalog; the embedded one (or ``$ALLIED_CATALOG_DIR``) by default.

    Returns
    -------
    StateNetwork
        The graph: nodes are ISO3 codes with a ``name`` attribute, every
        member, on ``on``, of a matching arrangement in force. An edge joins
        two states that are members of at least one common arrangement, with
        ``arrangements`` (the list of ids, sorted) and ``weight`` (how many).
        The graph attributes record ``source``, ``on``, ``kinds`` and
        ``catalog``. Its provenance is the arrangements counted, with their
        sources.

    Raises
    ------
    InputError
        ``on`` is not a date, or a kind is unknown.

    Notes
    -----
    Every membership role counts (partners, contributors, observers), as in
    :func:`allied.catalog.partners_of`. Pairs are enumerated per arrangement
    with :func:`numpy.triu_indices` and grouped once, so the cost grows with
    the arrangements, not with a loop over dyads.

    Examples
    --------
    >>> network = catalog_network(date(2025, 1, 1), kind="multilateral_alliance")
    >>> graph = network.graph
    >>> graph.edges["USA", "CAN"]["arrangements"], graph.edges["USA", "BRA"]["arrangements"]
    (['nato'], ['rio_treaty'])
    >>> graph.nodes["AUS"]["name"]
    'Australia'
    >>> "nato" in network.provenance.sources
    True
    """
    import networkx as nx

    on = _check_date(on)
    kinds = _kinds(kind)
    loaded = load_catalog() if catalog is None else catalog
    chosen = sorted((a for a in loaded if a.kind in kinds and a.active_on(on)), key=lambda a: a.id)
    members = [sorted({m.state for m in a.members_on(on)}) for a in chosen]
    states = sorted({state for group in members for state in group})
    grouped = _shared_arrangements(members, states)
    ids = np.array([a.id for a in chosen], dtype=object)
    graph = nx.Graph(
        source="catalog",
        on=on.isoformat(),
        kinds=",".join(sorted(k.value for k in kinds)),
        catalog=loaded.origin,
    )
    graph.add_nodes_from((s, {"name": lookup(s, source="iso3").name}) for s in states)
    graph.add_edges_from(
        (
            states[u],
            states[v],
            {"arrangements": ids[sorted(found)].tolist(), "weight": len(found)},
        )
        for u, v, found in zip(
            grouped.index.get_level_values("u").to_numpy(np.int64),
            grouped.index.get_level_values("v").to_numpy(np.int64),
            grouped.to_list(),
            strict=True,
        )
    )
    return StateNetwork(graph, from_catalog(chosen, loaded.origin))


def _shared_arrangements(members: list[list[str]], states: list[str]) -> pd.Series:
    """For each pair of states (positions ``u < v``), the arrangements they share."""
    index = {state: i for i, state in enumerate(states)}
    first: list[np.ndarray] = []
    second: list[np.ndarray] = []
    which: list[np.ndarray] = []
    for position, group in enumerate(members):
        codes = np.array([index[s] for s in group], dtype=np.int64)
        i, j = np.triu_indices(len(codes), 1)
        first.append(codes[i])
        second.append(codes[j])
        which.append(np.full(len(i), position, dtype=np.int64))
    pairs = pd.DataFrame(
        {
            "u": np.concatenate(first) if first else np.empty(0, np.int64),
            "v": np.concatenate(second) if second else np.empty(0, np.int64),
            "a": np.concatenate(which) if which else np.empty(0, np.int64),
        }
    )
    return pairs.groupby(["u", "v"], sort=True)["a"].agg(list)
