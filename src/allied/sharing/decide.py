"""Releasability decisions: may an item with these markings go to this recipient on this date?

:func:`decide` is pure, deterministic and deny-by-default. Every marking must
allow the release (a conjunction), which gives the combination rules:

- **unknown markings** deny;
- **TLP** — the strictest level wins. Semantics for a coalition exchange, after
  FIRST's TLP 2.0 definitions [1]_, with a nation as the "organization":
  TLP:CLEAR (no limit), TLP:GREEN (the community) and TLP:AMBER (participants'
  organisations and their clients) are releasable to the exchange's
  participants; TLP:AMBER+STRICT ("only within the recipient's organization")
  and TLP:RED ("participants only", no further) stay within the originator's
  nation;
- **classification** — the highest level wins: the recipient's clearance must
  cover every level, comparing NATO and national levels through the
  equivalences of the agreements in force for the recipient's nation (a NATO
  level without an equivalent takes the next higher one that has one);
- **NOFORN** anywhere keeps the item in the originator's nation;
- **REL TO** lists are intersected, groupings (FVEY, NATO, EU, AUKUS) expanded
  to their members on the date;
- a **classified marking without REL TO** keeps the item in the originator's
  nation;
- **agreements** — classified information goes to another nation only under an
  agreement in force on the date, directly between the originator's nation and
  the recipient's or through a grouping's agreement both belong to, or an
  agreement between organisations with the two nations on opposite sides (NATO
  and the EU), whose highest level covers the classification;
- **third-party rule** — ``originator`` is the nation that created the
  information; ``holder`` (optional) the nation that releases it now, such as
  the partner that pushed it to the exchange. When the holder is not the
  originator, the recipient is a third party unless one agreement covers all
  three; the holder may pass the information on only under an
  originator-holder agreement *without* the third-party rule, or with the
  originator's consent, which a REL TO list naming the recipient gives; and
  then under a holder-recipient agreement too. Without ``holder``, the
  originator is taken to release its own information;
- the originator's own nation may always receive its information (subject to
  clearance).

An item without markings is released only when the policy says unmarked means
TLP:CLEAR (:attr:`~allied.sharing.agreements.SharingPolicy.unmarked_as_clear`,
off by default); this is the one case where adding a marking can widen
release, deliberately, since an unmarked item has not been reviewed.

References
----------
.. [1] FIRST, Traffic Light Protocol (TLP) version 2.0 (2022). https://www.first.org/tlp/
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from allied.errors import InputError
from allied.sharing.agreements import (
    Agreement,
    Recipient,
    SharingPolicy,
    convert_level,
    default_policy,
)
from allied.sharing.markings import (
    LEVEL_NAMES,
    LEVEL_RANKS,
    ClassificationMarking,
    Marking,
    StatementMarking,
    TlpLevel,
    TlpMarking,
    UnknownMarking,
    level_scheme,
    sort_markings,
)

__all__ = ["Decision", "decide"]


@dataclass(frozen=True)
class Decision:
    """The outcome: ``allowed``, and the rules that decided (every failing rule
    when denied, every rule that applied when allowed)."""

    allowed: bool
    reasons: tuple[str, ...]

    def summary(self) -> str:
        """``ALLOWED`` or ``DENIED`` followed by the reasons, one per line."""
        head = "ALLOWED" if self.allowed else "DENIED"
        return "\n".join([head, *(f"  - {reason}" for reason in self.reasons)])


class _Verdict:
    def __init__(self) -> None:
        self.allow: list[str] = []
        self.deny: list[str] = []

    def rule(self, ok: bool, reason: str) -> None:
        target = self.allow if ok else self.deny
        if reason not in target:
            target.append(reason)

    def decision(self) -> Decision:
        return Decision(not self.deny, tuple(self.deny or self.allow))


def _check_nation(code: str | None, argument: str) -> None:
    if code is None:
        return
    from allied.states import lookup

    try:
        ok = lookup(code, source="iso3").iso3 == code
    except InputError:
        ok = False
    if not ok:
        raise InputError(
            f"unknown nation {code!r}",
            where=f"argument {argument}",
            fix="Give an ISO 3166 alpha-3 code in capitals, such as USA.",
        )


def decide(
    markings: Iterable[Marking],
    recipient: Recipient,
    *,
    on: date,
    originator: str | None = None,
    holder: str | None = None,
    policy: SharingPolicy | None = None,
) -> Decision:
    """Whether an item with ``markings`` may be released to ``recipient`` on ``on``.

    Parameters
    ----------
    markings
        The item's markings (order and repetition do not matter).
    recipient
        Nation and clearance of the receiver.
    on
        The date of release; groupings and agreements are taken as of it.
    originator
        ISO3 code of the nation that created the information; needed for
        AMBER+STRICT, RED, NOFORN and classified items. ``None``: unknown,
        and those items are denied.
    holder
        ISO3 code of the nation releasing the information, when it is not the
        originator (the third-party rule then applies).
    policy
        Groupings, agreements and settings (default: the embedded catalog's).

    Returns
    -------
    Decision
        ``allowed`` and the reasons.

    Examples
    --------
    >>> from allied.sharing.markings import parse_markings
    >>> d = decide(parse_markings("SECRET//REL TO USA, GBR"), Recipient("GBR", "S"),
    ...            on=date(2024, 1, 1), originator="USA")
    >>> d.allowed
    True
    >>> decide(parse_markings("S//NOFORN"), Recipient("GBR", "TS"),
    ...        on=date(2024, 1, 1), originator="USA").reasons
    ('NOFORN: only within the originator nation USA',)
    """
    if not isinstance(on, date):
        raise InputError(f"on must be a date, got {on!r}", where="argument on", fix="Give a date.")
    _check_nation(originator, "originator")
    _check_nation(holder, "holder")
    policy = policy if policy is not None else default_policy()
    items = sort_markings(markings)
    verdict = _Verdict()
    if not items:
        verdict.rule(
            policy.unmarked_as_clear,
            "unmarked: treated as TLP:CLEAR by the exchange's policy"
            if policy.unmarked_as_clear
            else "unmarked: no markings, and the policy does not release unmarked items",
        )
        return verdict.decision()
    for item in items:
        if isinstance(item, UnknownMarking):
            verdict.rule(False, f"unknown marking {item.ref}: {item.reason}")
        elif isinstance(item, StatementMarking):
            verdict.rule(
                not policy.statements_restrict,
                f"statement {item.text!r}: "
                + (
                    "free text is not interpreted, so it withholds (policy statements_restrict)"
                    if policy.statements_restrict
                    else "terms of use, not a release restriction (policy)"
                ),
            )
    tlps = [m.level for m in items if isinstance(m, TlpMarking)]
    if tlps:
        _tlp_rule(max(tlps), recipient, originator, verdict)
    classified = [m for m in items if isinstance(m, ClassificationMarking)]
    if classified:
        _classification_rules(classified, recipient, on, originator, holder, policy, verdict)
    return verdict.decision()


def _own_nation_rule(rule: str, recipient: Recipient, originator: str | None, v: _Verdict) -> None:
    if originator is None:
        v.rule(False, f"{rule}: only within the originator nation, which is not given")
    elif recipient.nation == originator:
        v.rule(True, f"{rule}: recipient is in the originator nation {originator}")
    else:
        v.rule(False, f"{rule}: only within the originator nation {originator}")


def _tlp_rule(level: TlpLevel, recipient: Recipient, originator: str | None, v: _Verdict) -> None:
    if level <= TlpLevel.AMBER:
        v.rule(True, f"{level.label}: releasable to the exchange's participants")
    else:
        _own_nation_rule(level.label, recipient, originator, v)


def _highest(markings: list[ClassificationMarking]) -> dict[str, str]:
    """The highest level of each scheme."""
    top: dict[str, str] = {}
    for m in markings:
        if m.scheme not in top or m.rank > LEVEL_RANKS[top[m.scheme]]:
            top[m.scheme] = m.level
    return top


def _classification_rules(
    markings: list[ClassificationMarking],
    recipient: Recipient,
    on: date,
    originator: str | None,
    holder: str | None,
    policy: SharingPolicy,
    v: _Verdict,
) -> None:
    own = originator is not None and recipient.nation == originator
    if any(m.noforn for m in markings):
        _own_nation_rule("NOFORN", recipient, originator, v)
    if any(m.classified and m.rel_to is None and not m.noforn for m in markings):
        _own_nation_rule("classified without REL TO", recipient, originator, v)
    lists = [m.rel_to for m in markings if m.rel_to is not None]
    named = bool(lists) and recipient.nation in frozenset.intersection(
        *(policy.expand(rel, on) for rel in lists)
    )
    if lists:
        allowed = frozenset.intersection(*(policy.expand(rel, on) for rel in lists))
        written = " & ".join(sorted(", ".join(sorted(rel)) for rel in set(lists)))
        if own:
            v.rule(True, f"REL TO {written}: recipient is in the originator nation")
        else:
            inside = recipient.nation in allowed
            v.rule(
                inside,
                f"REL TO {written} on {on}: {recipient.nation} is "
                + ("included" if inside else "not included"),
            )
    top = _highest(markings)
    for level in sorted(top.values()):
        _clearance_rule(level, recipient, on, policy, v)
    levels = [lv for lv in sorted(top.values()) if LEVEL_RANKS[lv] > 0]
    if levels and not own:
        for level in levels:
            _agreement_rule(level, recipient, on, originator, holder, named, policy, v)


def _clearance_rule(
    level: str, recipient: Recipient, on: date, policy: SharingPolicy, v: _Verdict
) -> None:
    if LEVEL_RANKS[level] == 0:
        return
    clearance = recipient.clearance
    scheme = level_scheme(clearance)
    needed = convert_level(level, scheme, policy.equivalences_for(recipient.nation, on))
    if needed is None:
        v.rule(
            False,
            f"clearance: no agreement in force for {recipient.nation} on {on} makes "
            f"{LEVEL_NAMES[level]} equivalent to a {scheme} level",
        )
        return
    ok = LEVEL_RANKS[clearance] >= LEVEL_RANKS[needed]
    via = "" if needed == level else f" (equivalent {LEVEL_NAMES[needed]})"
    v.rule(
        ok,
        f"clearance {clearance} {'covers' if ok else 'does not cover'} {LEVEL_NAMES[level]}{via}",
    )


def _covers(agreement: Agreement, level: str) -> bool:
    needed = convert_level(level, level_scheme(agreement.max_level), agreement.equivalences)
    return needed is not None and LEVEL_RANKS[needed] <= LEVEL_RANKS[agreement.max_level]


def _covering(policy: SharingPolicy, a: str, b: str, on: date, level: str) -> list[Agreement]:
    return [x for x in policy.agreement_between(a, b, on) if _covers(x, level)]


def _agreement_rule(
    level: str,
    recipient: Recipient,
    on: date,
    originator: str | None,
    holder: str | None,
    named: bool,
    policy: SharingPolicy,
    v: _Verdict,
) -> None:
    name = LEVEL_NAMES[level]
    if originator is None:
        v.rule(False, f"agreement: {name} needs the originator nation to find an agreement")
        return
    to = recipient.nation
    if holder is not None and holder not in (originator, to):
        _third_party_rule(level, recipient, on, originator, holder, named, policy, v)
        return
    found = _covering(policy, originator, to, on, level)
    if found:
        v.rule(True, f"agreement {found[0].id} in force on {on} covers {name} {originator}->{to}")
    else:
        v.rule(
            False,
            f"agreement: none in force on {on} between {originator} and {to} covers {name}",
        )


def _third_party_rule(
    level: str,
    recipient: Recipient,
    on: date,
    originator: str,
    holder: str,
    named: bool,
    policy: SharingPolicy,
    v: _Verdict,
) -> None:
    name = LEVEL_NAMES[level]
    to = recipient.nation
    shared = [x for x in _covering(policy, originator, holder, on, level) if to in x.parties_on(on)]
    if shared:
        v.rule(
            True,
            f"agreement {shared[0].id} in force on {on} covers {name} among "
            f"{originator}, {holder} and {to}",
        )
        return
    received = _covering(policy, originator, holder, on, level)
    open_ = [x for x in received if not x.third_party_rule]
    onward = _covering(policy, holder, to, on, level)
    if received and named and onward:
        v.rule(
            True,
            f"third-party rule: {originator} consented by naming {to} in REL TO, and "
            f"{onward[0].id} covers {name} {holder}->{to}",
        )
    elif open_ and onward:
        v.rule(
            True,
            f"agreement {open_[0].id} has no third-party rule and {onward[0].id} "
            f"covers {name} {holder}->{to}",
        )
    elif received and not open_:
        v.rule(
            False,
            f"third-party rule of {received[0].id}: {originator} information held by "
            f"{holder} goes to {to} only with {originator}'s consent",
        )
    else:
        v.rule(
            False,
            f"agreement: {holder} holds {originator} {name} information under no "
            f"agreement in force on {on} that lets it go on to {to}",
        )
