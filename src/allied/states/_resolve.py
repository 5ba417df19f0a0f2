"""Loading the embedded state table and resolving names and codes."""

from __future__ import annotations

import csv
import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import pandas as pd

from allied._validation import check_choice
from allied.errors import AmbiguousInputError, InputError, NotFoundError

CodeSystem = Literal["iso3", "cow", "gw"]
SourceSystem = Literal["auto", "name", "iso3", "iso2", "iso_numeric", "cow", "gw"]

_SYSTEMS: tuple[str, ...] = ("iso3", "cow", "gw")
_SOURCES: tuple[str, ...] = ("auto", "name", "iso3", "iso2", "iso_numeric", "cow", "gw")


@dataclass(frozen=True)
class State:
    """One of today's states with its codes in every system.

    ``cow_code``/``gw_code`` are the codes that apply today; earlier codes are
    in :func:`code_spells`. A code is ``None`` where the system does not list
    the state.
    """

    iso3: str
    iso2: str
    iso_numeric: int | None
    name: str
    cow_code: int | None
    cow_abb: str | None
    gw_code: int | None
    gw_abb: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class _CodeSpell:
    iso3: str
    system: str
    code: int
    abb: str
    start: date
    end: date | None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


def _normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = "".join(ch if ch.isalnum() else " " for ch in plain.replace("'", ""))
    return " ".join(kept.split())


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("allied.states").joinpath("data", name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def _states() -> tuple[State, ...]:
    return tuple(
        State(
            iso3=row["iso3"],
            iso2=row["iso2"],
            iso_numeric=_int_or_none(row["iso_numeric"]),
            name=row["name"],
            cow_code=_int_or_none(row["cow_code"]),
            cow_abb=row["cow_abb"] or None,
            gw_code=_int_or_none(row["gw_code"]),
            gw_abb=row["gw_abb"] or None,
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in _read_csv("states.csv")
    )


@cache
def _spells(file: str = "code_spells.csv") -> tuple[_CodeSpell, ...]:
    return tuple(
        _CodeSpell(
            iso3=row["iso3"],
            system=row["system"],
            code=int(row["code"]),
            abb=row["abb"],
            start=date.fromisoformat(row["start"]),
            end=date.fromisoformat(row["end"]) if row["end"] else None,
        )
        for row in _read_csv(file)
    )


@dataclass(frozen=True)
class _Index:
    """Lookup tables from every kind of key to the states it may denote."""

    by_source: dict[str, dict[str, frozenset[str]]]
    by_iso3: dict[str, State]
    names: dict[str, str]  # normalized name or alias -> display form


@cache
def _index() -> _Index:
    by_source: dict[str, defaultdict[str, set[str]]] = {
        source: defaultdict(set) for source in _SOURCES if source != "auto"
    }
    names: dict[str, str] = {}
    for state in _states():
        for label in (state.name, *state.aliases):
            by_source["name"][_normalize(label)].add(state.iso3)
            names[_normalize(label)] = label
        by_source["iso3"][state.iso3.casefold()].add(state.iso3)
        by_source["iso2"][state.iso2.casefold()].add(state.iso3)
        if state.iso_numeric is not None:
            by_source["iso_numeric"][str(state.iso_numeric)].add(state.iso3)
    for spell in _spells():
        by_source[spell.system][str(spell.code)].add(spell.iso3)
        by_source[spell.system][spell.abb.casefold()].add(spell.iso3)
    frozen = {
        source: {key: frozenset(v) for key, v in keys.items()} for source, keys in by_source.items()
    }
    return _Index(frozen, {s.iso3: s for s in _states()}, names)


_PRIMARY = ["name", "iso3"]
_SECONDARY = [s for s in _SOURCES if s not in (*_PRIMARY, "auto")]


def _candidates(key: str, source: str) -> dict[str, set[str]]:
    """Map each matching state's ISO3 to the kinds of key it matched as.

    With ``source="auto"``, names, aliases and ISO3 codes come first: only
    when none of them matches are the other codes tried.
    """
    if source != "auto":
        return _matches(key, [source])
    return _matches(key, _PRIMARY) or _matches(key, _SECONDARY)


def _matches(key: str, sources: list[str]) -> dict[str, set[str]]:
    index = _index()
    matches: dict[str, set[str]] = defaultdict(set)
    for src in sources:
        lookup_key = _normalize(key) if src == "name" else key.strip().casefold()
        if src == "iso_numeric":
            lookup_key = lookup_key.lstrip("0") or "0"
        for iso3 in index.by_source[src].get(lookup_key, frozenset()):
            matches[iso3].add(src)
    return matches


def _suggestions(key: str, limit: int = 3) -> list[str]:
    names = _index().names
    close = difflib.get_close_matches(_normalize(key), list(names), n=limit * 3, cutoff=0.5)
    seen: list[str] = []
    for normalized in close:
        label = names[normalized]
        state = _by_label(label)
        shown = state.name if label == state.name else f"{label} ({state.name})"
        if shown not in seen:
            seen.append(shown)
    return seen[:limit]


def _by_label(label: str) -> State:
    (iso3,) = _index().by_source["name"][_normalize(label)]
    return _index().by_iso3[iso3]


def lookup(name_or_code: str | int, *, source: SourceSystem = "auto") -> State:
    """Find the state that a name, alias or code denotes.

    Parameters
    ----------
    name_or_code
        A common name or alias (any case, accents optional), an ISO 3166-1
        alpha-3, alpha-2 or numeric code, or a COW or G-W code or abbreviation.
    source
        What kind of key ``name_or_code`` is. ``"auto"`` tries names, aliases
        and ISO3 codes first, then the other codes (ISO alpha-2 and numeric,
        COW and G-W codes and abbreviations), and raises
        :class:`~allied.errors.AmbiguousInputError` if those disagree. So
        ``"AUS"`` is Australia (ISO3) unless ``source="cow"`` asks for COW's
        Austria, and ``840`` (ISO's United States, COW's Philippines) needs a
        ``source``.

    Returns
    -------
    State
        The state's record.

    Raises
    ------
    NotFoundError
        Nothing matches; the message suggests the closest names.
    AmbiguousInputError
        The key matches more than one state; the message says how to choose.

    Examples
    --------
    >>> lookup("Korea, South").iso3
    'KOR'
    >>> lookup(255, source="cow").name
    'Germany'
    >>> lookup("AUS", source="cow").name
    'Austria'
    """
    check_choice(source, _SOURCES, argument="source")
    key = str(name_or_code).strip()
    if not key:
        raise InputError(
            "empty state name", where="argument name_or_code", fix="Give a name or code."
        )
    matches = _candidates(key, source)
    if not matches:
        hints = _suggestions(key)
        fix = f"Did you mean: {'; '.join(hints)}?" if hints else "Check the spelling."
        raise NotFoundError(
            f"unknown state {key!r}",
            where=f"looked up as {source}",
            fix=fix + " `allied states list` shows every name and code.",
        )
    if len(matches) > 1:
        options = "; ".join(
            f"{_index().by_iso3[iso3].name} (as {', '.join(sorted(srcs))})"
            for iso3, srcs in sorted(matches.items())
        )
        raise AmbiguousInputError(
            f"{key!r} denotes more than one state: {options}",
            where=f"looked up as {source}",
            fix="Say which kind of code it is with source= (CLI: --from), "
            "for example source='iso3' or source='cow'.",
        )
    (iso3,) = matches
    return _index().by_iso3[iso3]


def _code_on(state: State, system: str, on: date) -> int:
    spells = [s for s in _spells() if s.iso3 == state.iso3 and s.system == system]
    for spell in spells:
        if spell.covers(on):
            return spell.code
    known = ", ".join(
        f"{s.code} {s.start.isoformat()}..{s.end.isoformat() if s.end else ''}" for s in spells
    )
    raise NotFoundError(
        f"{state.name} had no {system.upper()} code on {on.isoformat()}",
        where="argument on",
        fix=f"Its {system.upper()} spells are: {known or 'none'}. Choose a date inside one.",
    )


def resolve(
    name_or_code: str | int,
    *,
    system: CodeSystem = "iso3",
    on: date | None = None,
    source: SourceSystem = "auto",
) -> str | int:
    """Resolve a name or code to the state's code in ``system``.

    Parameters
    ----------
    name_or_code
        Any name, alias or code that :func:`lookup` accepts.
    system
        The code system wanted: ``"iso3"`` (a string), ``"cow"`` or ``"gw"``
        (integers).
    on
        For COW and G-W, the date on which the code must apply; ``None`` means
        the code in use today. Germany, for example, is COW 260 on 1960-01-01
        and COW 255 after reunification.
    source
        What kind of key ``name_or_code`` is; see :func:`lookup`.

    Returns
    -------
    str or int
        The ISO3 code, or the COW or G-W numeric code.

    Raises
    ------
    NotFoundError
        Unknown state, or the state has no code in ``system`` (on ``on``).
    AmbiguousInputError
        The key denotes more than one state.

    Examples
    --------
    >>> resolve("ROK")
    'KOR'
    >>> resolve("Germany", system="cow", on=date(1960, 1, 1))
    260
    >>> resolve("Serbia", system="gw")
    340
    """
    check_choice(system, _SYSTEMS, argument="system")
    state = lookup(name_or_code, source=source)
    if system == "iso3":
        return state.iso3
    if on is not None:
        return _code_on(state, system, on)
    code = state.cow_code if system == "cow" else state.gw_code
    if code is None:
        raise NotFoundError(
            f"{state.name} has no {system.upper()} code",
            where="argument system",
            fix="Use system='iso3', or a state that the system lists.",
        )
    return code


def search(text: str, *, limit: int = 5) -> list[State]:
    """States whose name or alias is closest to ``text``, best first.

    Examples
    --------
    >>> [s.name for s in search("Swedn", limit=1)]
    ['Sweden']
    """
    names = _index().names
    close = difflib.get_close_matches(_normalize(text), list(names), n=limit * 4, cutoff=0.0)
    found: list[State] = []
    for normalized in close:
        state = _by_label(names[normalized])
        if state not in found:
            found.append(state)
    return found[:limit]


def table() -> pd.DataFrame:
    """The embedded state table, one row per state, with nullable integer codes.

    Examples
    --------
    >>> t = table()
    >>> t.loc[t.iso3 == "USA", ["cow_code", "gw_code"]].iloc[0].tolist()
    [2, 2]
    """
    frame = pd.DataFrame(
        [
            {
                "iso3": s.iso3,
                "iso2": s.iso2,
                "iso_numeric": s.iso_numeric,
                "name": s.name,
                "cow_code": s.cow_code,
                "cow_abb": s.cow_abb,
                "gw_code": s.gw_code,
                "gw_abb": s.gw_abb,
                "aliases": "|".join(s.aliases),
            }
            for s in _states()
        ]
    )
    for column in ("iso_numeric", "cow_code", "gw_code"):
        frame[column] = frame[column].astype("Int64")
    return frame


def code_spells(*, former: bool = False) -> pd.DataFrame:
    """Dated COW and G-W code spells of today's states (``end`` NaT = ongoing).

    Parameters
    ----------
    former
        Also the spells of states that no longer exist and are not part of
        any of today's states' spells (``data/former_code_spells.csv``): the
        German Democratic Republic (COW and G-W 265) and South Yemen (680),
        keyed by their withdrawn ISO 3166-1 alpha-3 codes ``DDR`` and ``YMD``.
        Predecessors that continue in a state's own spells need no entry: the
        USSR is Russia's COW/G-W 365, Czechoslovakia the Czech Republic's
        315, Yugoslavia Serbia's 345, North Yemen Yemen's 678. The
        :func:`lookup` and :func:`table` of today's states do not include
        the former ones.

    Examples
    --------
    >>> spells = code_spells(former=True)
    >>> spells.loc[spells.iso3 == "DDR", ["system", "code"]].values.tolist()
    [['cow', 265], ['gw', 265]]
    """
    rows = _spells() + (_spells("former_code_spells.csv") if former else ())
    frame = pd.DataFrame([vars(s) for s in rows])
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame
