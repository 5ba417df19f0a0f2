"""Rules that span fields or files, each reported with its own field and line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from itertools import pairwise

from allied._yaml import Location
from allied.catalog._schema import Arrangement, Guideline, Kind, Membership, Status
from allied.errors import AmbiguousInputError, NotFoundError
from allied.states import lookup

Finding = tuple[Location, str, str]  # location, problem, fix


def check_arrangement(arrangement: Arrangement) -> Iterator[Finding]:
    """Every rule about one arrangement on its own."""
    yield from _check_dates(arrangement)
    yield from _check_status(arrangement)
    yield from _check_members(arrangement)
    yield from _check_sharing(arrangement)
    yield from _check_milestones(arrangement)
    yield from _check_guidelines(arrangement)
    yield from _check_embargo(arrangement)
    yield from _check_organizations(arrangement)
    yield from _check_partial_members(arrangement)


def _check_dates(a: Arrangement) -> Iterator[Finding]:
    if a.signed is None and a.in_force is None:
        yield ("signed",), "neither 'signed' nor 'in_force' is given", "Give at least one date."
        return
    if a.signed and a.in_force and a.in_force < a.signed:
        yield (
            ("in_force",),
            f"entry into force {a.in_force} is before signature {a.signed}",
            "Check both dates against the source.",
        )
    if a.ended and a.ended < a.earliest:
        yield ("ended",), f"end {a.ended} is before the start {a.earliest}", "Check the dates."


def _check_status(a: Arrangement) -> Iterator[Finding]:
    if a.ended is not None and a.ended <= date.today() and a.status != Status.ENDED:
        yield (
            ("status",),
            f"status is {a.status.value!r} but the arrangement ended on {a.ended}",
            "Set status: ended, or remove 'ended'.",
        )
    if a.status == Status.ENDED and a.ended is None:
        yield ("ended",), "status is 'ended' but no 'ended' date is given", "Add the end date."


def _check_organizations(a: Arrangement) -> Iterator[Finding]:
    """An organisation's start is known or attested, not both, and within the arrangement's life."""
    for index, org in enumerate(a.organizations):
        where: Location = ("organizations", index)
        if org.joined is not None and org.as_of is not None:
            yield (
                (*where, "as_of"),
                f"{org.name} has both 'joined' and 'as_of'",
                "Keep 'joined' when a source gives the start; 'as_of' only when it does not.",
            )
        start = org.joined or org.as_of
        if start is not None and (start < a.earliest or (a.ended and start > a.ended)):
            field = "joined" if org.joined is not None else "as_of"
            yield (
                (*where, field),
                f"{org.name} takes part from {start}, outside the arrangement's life "
                f"{a.earliest}..{a.ended or 'in force'}",
                "Check the date against the source and the arrangement's dates.",
            )


def _check_partial_members(a: Arrangement) -> Iterator[Finding]:
    """A partial list never holds more members than its source counts on that date."""
    partial = a.partial_members
    if partial is None:
        return
    listed = len({m.state for m in a.members_on(partial.reported_on)})
    if listed > partial.reported_count:
        yield (
            ("partial_members", "reported_count"),
            f"{listed} members are listed on {partial.reported_on}, more than the "
            f"{partial.reported_count} the source reports",
            "Check the join dates and the count against the source.",
        )


def _check_embargo(a: Arrangement) -> Iterator[Finding]:
    """An arms embargo has embargo terms and targets, never members; nothing else has terms."""
    if a.kind is not Kind.ARMS_EMBARGO:
        if a.embargo is not None:
            yield (
                ("embargo",),
                f"'embargo' terms given for an arrangement of kind {a.kind.value!r}",
                "Only an arms embargo (kind: arms_embargo) has embargo terms; remove them "
                "or change the kind.",
            )
        return
    if a.embargo is None:
        yield (
            ("embargo",),
            "an arms embargo without 'embargo' terms",
            "Add embargo: with imposed_by, targets and instruments.",
        )
    if a.members:
        yield (
            ("members",),
            "an arms embargo lists members",
            "An embargo restricts its targets; list them under embargo.targets, not members.",
        )
    if a.embargo is None:
        return
    if not a.embargo.targets and not a.embargo.groups:
        yield (
            ("embargo",),
            "an arms embargo without targets or groups",
            "List the states it applies to under embargo.targets, or the non-state groups "
            "under embargo.groups (name, operates_in, covers).",
        )
    for index, group in enumerate(a.embargo.groups):
        for place, state in enumerate(group.operates_in):
            yield from _check_state(state, ("embargo", "groups", index, "operates_in", place))
    seen: set[str] = set()
    for index, target in enumerate(a.embargo.targets):
        where: Location = ("embargo", "targets", index, "state")
        yield from _check_state(target.state, where)
        if target.state in seen:
            yield where, f"{target.state} is listed twice as a target", "List each target once."
        seen.add(target.state)
    # the act that lifts an embargo takes effect on its adoption: the day after `ended`
    last = a.ended + timedelta(days=1) if a.ended is not None else None
    for index, instrument in enumerate(a.embargo.instruments):
        if instrument.date < a.earliest or (last is not None and instrument.date > last):
            yield (
                ("embargo", "instruments", index, "date"),
                f"instrument {instrument.reference} dated {instrument.date}, outside the "
                f"embargo's life {a.earliest}..{last or 'in force'}",
                "Check the instrument's date and the embargo's signed/in_force/ended dates "
                "(a lifting act may fall on the day after 'ended', the last day in force).",
            )


def _check_members(a: Arrangement) -> Iterator[Finding]:
    if a.kind is Kind.ARMS_EMBARGO:
        return
    if not a.members and (a.sharing is None or a.sharing.between is None):
        yield (
            ("members",),
            "no members are listed",
            "List at least one member state; only an agreement between organisations "
            "(sharing.between) has none.",
        )
    spells: dict[str, list[tuple[date, date | None, int]]] = defaultdict(list)
    for index, member in enumerate(a.members):
        where: Location = ("members", index)
        yield from _check_state(member.state, (*where, "state"))
        joined, left = a.joined(member), a.left(member)
        if member.as_of is not None and (member.joined or member.signed) is not None:
            yield (
                (*where, "as_of"),
                f"{member.state} has both 'as_of' and a start date ('joined' or 'signed')",
                "Use 'joined' when a source gives the start; keep 'as_of' only for a spell "
                "whose start is unknown.",
            )
        if joined < a.earliest:
            yield (
                (*where, "joined"),
                f"{member.state} joined on {joined}, before the arrangement began on {a.earliest}",
                "Check the join date, or the arrangement's signed/in_force dates.",
            )
        if member.signed is not None and not a.earliest <= member.signed <= joined:
            yield (
                (*where, "signed"),
                f"{member.state} signed on {member.signed}, outside {a.earliest}..{joined} "
                "(the arrangement's start to the member's join date)",
                "Check the signature and join dates.",
            )
        if left is not None and left < joined:
            yield (
                (*where, "left"),
                f"{member.state} left on {left} before joining on {joined}",
                ("Swap or correct the dates."),
            )
        if a.ended and member.left and member.left > a.ended:
            yield (
                (*where, "left"),
                f"{member.state} left on {member.left}, after the arrangement ended on {a.ended}",
                "A membership cannot outlast the arrangement.",
            )
        yield from _check_suspension(member, joined, (*where, "suspended"))
        spells[member.state].append((joined, left, index))
    yield from _check_overlaps(spells)


def _check_suspension(member: Membership, joined: date, where: Location) -> Iterator[Finding]:
    """A suspension falls after the spell began and no later than its formal end."""
    suspended = member.suspended
    if suspended is None:
        return
    if suspended <= joined or (member.left is not None and suspended > member.left):
        yield (
            where,
            f"{member.state}'s participation was suspended on {suspended}, outside its spell "
            f"({joined}..{member.left or 'ongoing'})",
            "A suspension falls after the join date and no later than 'left'; check both dates.",
        )


def _check_sharing(a: Arrangement) -> Iterator[Finding]:
    if a.sharing is None:
        return
    yield from _check_sides(a)
    seen: set[str] = set()
    for index, pair in enumerate(a.sharing.equivalences):
        where: Location = ("sharing", "equivalences", index)
        if pair.level.scheme == pair.equals.scheme:
            yield (
                (*where, "equals"),
                f"{pair.level.value} and {pair.equals.value} are levels of the same scheme",
                "An equivalence pairs a NATO level (NU, NR, NC, NS, CTS) with a national "
                "one (U, C, S, TS).",
            )
        for level in (pair.level, pair.equals):
            if level.value in seen:
                yield (
                    (*where, "level"),
                    f"level {level.value} appears in more than one equivalence",
                    "Give each level at most one equivalent.",
                )
            seen.add(level.value)


def _check_milestones(a: Arrangement) -> Iterator[Finding]:
    for index, milestone in enumerate(a.milestones):
        if milestone.date < a.earliest or (a.ended is not None and milestone.date > a.ended):
            end = a.ended.isoformat() if a.ended else "today"
            yield (
                ("milestones", index, "date"),
                f"milestone on {milestone.date} is outside the arrangement's life "
                f"({a.earliest}..{end})",
                "Check the milestone's date, or the arrangement's dates.",
            )


def _check_sides(a: Arrangement) -> Iterator[Finding]:
    between = a.sharing.between if a.sharing is not None else None
    if between is None:
        return
    if len(between) != 2 or not all(between):
        yield (
            ("sharing", "between"),
            f"'between' has {len(between)} side(s); an agreement between organisations has two",
            "Give two non-empty lists of arrangement ids, one per side, such as "
            "[[nato], [eu_csdp, partnership_for_peace]].",
        )
    if a.members:
        yield (
            ("members",),
            "an agreement between organisations ('sharing.between') also lists member states",
            "Remove 'members': its parties are the members of the arrangements in 'between'.",
        )


def _check_guidelines(a: Arrangement) -> Iterator[Finding]:
    ids: set[str] = set()
    tests: dict[tuple[object, ...], str] = {}
    for index, guideline in enumerate(a.guidelines):
        where: Location = ("guidelines", index)
        if guideline.id in ids:
            yield (*where, "id"), f"guideline id {guideline.id!r} is used twice", "Rename one."
        ids.add(guideline.id)
        yield from _check_adoption(a, guideline, where)
        yield from _check_target(guideline, where)
        test = (guideline.metric, guideline.threshold, guideline.target_year is None)
        if test in tests:
            yield (
                (*where, "threshold"),
                f"{guideline.id} tests the same as {tests[test]} ({guideline.metric.value}, "
                f"{guideline.threshold:g}%)",
                "Keep one guideline per metric, threshold and kind (floor or target).",
            )
        tests.setdefault(test, guideline.id)


def _check_adoption(a: Arrangement, guideline: Guideline, where: Location) -> Iterator[Finding]:
    adopted = guideline.adopted
    early = adopted < a.earliest if isinstance(adopted, date) else adopted < a.earliest.year
    if early:
        yield (
            (*where, "adopted"),
            f"{guideline.id} adopted {guideline.adopted_label}, before the arrangement "
            f"began on {a.earliest}",
            "Check the adoption date against the source.",
        )
    if a.ended is not None and guideline.adopted_year > a.ended.year:
        yield (
            (*where, "adopted"),
            f"{guideline.id} adopted {guideline.adopted_label}, after the arrangement "
            f"ended on {a.ended}",
            "Check the adoption date.",
        )


def _check_target(guideline: Guideline, where: Location) -> Iterator[Finding]:
    if guideline.target_year is None:
        return
    if guideline.target_year < guideline.adopted_year:
        yield (
            (*where, "target_year"),
            f"{guideline.id}: target year {guideline.target_year} is before its adoption "
            f"({guideline.adopted_label})",
            "Check the target year.",
        )
    if not guideline.metric.of_gdp:
        yield (
            (*where, "target_year"),
            f"{guideline.id}: a target year is only for guidelines on a share of GDP",
            "Remove target_year, or use a metric that is a share of GDP.",
        )


def _check_overlaps(spells: Mapping[str, list[tuple[date, date | None, int]]]) -> Iterator[Finding]:
    for state, periods in spells.items():
        periods = sorted(periods, key=lambda p: p[0])
        for (_, end, _), (start, _, index) in pairwise(periods):
            if end is None or start <= end:
                yield (
                    ("members", index, "joined"),
                    f"{state} is listed twice with overlapping membership",
                    "Merge the entries, or give the earlier one a 'left' date.",
                )


def _check_state(code: str, where: Location) -> Iterator[Finding]:
    try:
        state = lookup(code, source="iso3")
    except (NotFoundError, AmbiguousInputError) as exc:
        yield where, f"unknown state {code!r}", exc.fix or ""
        return
    if state.iso3 != code:  # pragma: no cover - lookup by iso3 returns the same code
        yield where, f"{code!r} is not an ISO3 code", f"Write {state.iso3}."


def check_links(
    arrangements: Mapping[str, Arrangement],
    unparsed: AbstractSet[str] = frozenset(),
    rules: AbstractSet[str] | None = None,
) -> Iterator[tuple[str, Finding]]:
    """Rules across files: parents exist, no cycles, a child lives within its parent,
    the sides of an agreement between organisations exist, and a ``decision_rule``
    names one of ``rules`` (not checked when ``None``).

    Parents in ``unparsed`` (files that failed on their own) are not reported
    again as missing.
    """
    for arrangement_id, arrangement in arrangements.items():
        yield from _check_side_links(arrangement_id, arrangement, arrangements, unparsed)
        rule = arrangement.decision_rule
        if rules is not None and rule is not None and rule not in rules:
            yield (
                arrangement_id,
                (
                    ("decision_rule",),
                    f"decision rule {rule!r} is not known",
                    f"Use one of: {', '.join(sorted(rules))} "
                    "(the files in allied/catalog/rules/, without .yaml).",
                ),
            )
        parent_id = arrangement.parent
        if parent_id is None:
            continue
        parent = arrangements.get(parent_id)
        if parent is None and parent_id in unparsed:
            continue
        if parent is None:
            yield (
                arrangement_id,
                (
                    ("parent",),
                    f"parent {parent_id!r} is not in the catalog",
                    "Use the id (file name without .yaml) of an existing arrangement.",
                ),
            )
            continue
        if _has_cycle(arrangement_id, arrangements):
            yield arrangement_id, (("parent",), "parent links form a cycle", "Remove one link.")
        elif arrangement.earliest < parent.earliest:
            yield (
                arrangement_id,
                (
                    ("signed",),
                    f"starts on {arrangement.earliest}, before its parent {parent_id!r} "
                    f"began on {parent.earliest}",
                    "Check the dates or the parent.",
                ),
            )


def _check_side_links(
    arrangement_id: str,
    arrangement: Arrangement,
    arrangements: Mapping[str, Arrangement],
    unparsed: AbstractSet[str],
) -> Iterator[tuple[str, Finding]]:
    sides = arrangement.sharing.between if arrangement.sharing is not None else None
    for index, side in enumerate(sides or []):
        for position, side_id in enumerate(side):
            if side_id in unparsed:
                continue
            if side_id not in arrangements or side_id == arrangement_id:
                yield (
                    arrangement_id,
                    (
                        ("sharing", "between", index, position),
                        f"side arrangement {side_id!r} is not another arrangement of the catalog",
                        "Use the id (file name without .yaml) of an existing arrangement.",
                    ),
                )


def _has_cycle(start: str, arrangements: Mapping[str, Arrangement]) -> bool:
    seen = {start}
    current = arrangements[start].parent
    while current is not None and current in arrangements:
        if current in seen:
            return True
        seen.add(current)
        current = arrangements[current].parent
    return False
