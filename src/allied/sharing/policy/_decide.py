"""Releasability decisions: may an item with these markings go to this recipient on this date?

:func:`decide` is pure, deterministic and deny-by-default. Every marking must
allow the release (a conjunction). Each registered marking scheme judges its
own markings (see :mod:`allied.sharing.policy._scheme`), which gives the
combination rules:

- **unknown markings** deny, and so does a marking no registered scheme owns;
- **statements** (free text) withhold unless the policy reads them as terms of use;
- **TLP** — the strictest level wins. Semantics for a coalition exchange, after
  FIRST's TLP 2.0 definitions [1]_, with a nation as the "organization":
  TLP:CLEAR (no limit), TLP:GREEN (the community) and TLP:AMBER (participants'
  organisations and their clients) are releasable to the exchange's
  participants; TLP:AMBER+STRICT ("only within the recipient's organization")
  and TLP:RED ("participants only", no further) stay within the originator's
  nation;
- **classification** (national and NATO levels, ISA ACS 3.0) — the highest
  level wins and the recipient's clearance must cover it; NOFORN, REL TO,
  classified items without REL TO, agreements in force on the date and the
  third-party rule, as :mod:`allied.sharing.policy._classification` describes.
  ``originator`` is the nation that created the information; ``holder``
  (optional) the nation that releases it now, such as the partner that pushed
  it to the exchange. Without ``holder``, the originator is taken to release
  its own information;
- the originator's own nation may always receive its information (subject to
  clearance);
- **declared originators**: a marking may say which nation created the
  information (an ISA ACS 3.0 ``responsible_entity_originator``,
  :attr:`Marking.declared_originator`). When that nation is not ``originator``,
  the item is also decided as the declared nation's information released by
  ``holder`` (else ``originator``), so the third-party rule applies; the item
  goes only where *both* decisions allow it. A declared originator therefore
  only ever narrows release: naming another nation gains the releasing nation
  nothing, and the declared nation itself receives the item only where the
  releasing nation's own decision allows it too.

An item without markings is released only when the policy says unmarked means
TLP:CLEAR (:attr:`~allied.sharing.policy.SharingPolicy.unmarked_as_clear`,
off by default); this is the one case where adding a marking can widen
release, deliberately, since an unmarked item has not been reviewed.

References
----------
.. [1] FIRST, Traffic Light Protocol (TLP) version 2.0 (2022). https://www.first.org/tlp/
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from allied._results import Result
from allied._validation import check_nation
from allied.errors import InputError
from allied.sharing.policy._agreements import SharingPolicy, default_policy
from allied.sharing.policy._scheme import (
    Marking,
    Release,
    check_clearance,
    judgements,
    sort_markings,
)

__all__ = ["Decision", "Recipient", "decide"]


@dataclass(frozen=True)
class Recipient:
    """Who receives: a nation (ISO3) and a clearance in a registered scheme (``S``, ``NS``, ...).

    Both are checked and written as codes in capitals (``"gbr"`` is ``"GBR"``).

    Examples
    --------
    >>> Recipient("GBR", "S")
    Recipient(nation='GBR', clearance='S', name=None)
    """

    nation: str
    clearance: str = "U"
    name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "nation", check_nation(self.nation, where="recipient nation"))
        clearance = check_clearance(self.clearance, where="recipient clearance")
        object.__setattr__(self, "clearance", clearance)


@dataclass(frozen=True)
class Decision(Result):
    """The outcome: ``allowed``, and the rules that decided (every failing rule
    when denied, every rule that applied when allowed).

    Examples
    --------
    >>> decision = Decision(False, ("TLP:RED: only within the originator nation USA",))
    >>> print(decision.summary())
    DENIED
      - TLP:RED: only within the originator nation USA
    >>> decision.to_frame().to_dict("records")
    [{'decision': 'DENIED', 'reason': 'TLP:RED: only within the originator nation USA'}]
    """

    allowed: bool
    reasons: tuple[str, ...]

    @property
    def verdict(self) -> str:
        """``"ALLOWED"`` or ``"DENIED"``."""
        return "ALLOWED" if self.allowed else "DENIED"

    def summary(self) -> str:
        """``ALLOWED`` or ``DENIED`` followed by the reasons, one per line."""
        return "\n".join([self.verdict, *(f"  - {reason}" for reason in self.reasons)])

    def to_frame(self) -> pd.DataFrame:
        """One row per reason: ``decision`` (ALLOWED or DENIED) and ``reason``."""
        return pd.DataFrame(
            {"decision": [self.verdict] * len(self.reasons), "reason": list(self.reasons)},
            columns=["decision", "reason"],
        )


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
        and those items are denied. When a marking declares another
        originator, the item is also decided as that nation's information
        released by ``holder`` (else by ``originator``); both must allow.
    holder
        ISO3 code of the nation releasing the information, when it is not the
        originator (the third-party rule then applies).
    policy
        Groupings, agreements and settings (default: the embedded catalog's).

    Returns
    -------
    Decision
        ``allowed`` and the reasons.

    References
    ----------
    .. [1] FIRST, Traffic Light Protocol (TLP) version 2.0 (2022). https://www.first.org/tlp/

    Examples
    --------
    >>> from allied.sharing.policy import parse_markings
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
    if originator is not None:
        originator = check_nation(originator, where="argument originator")
    if holder is not None:
        holder = check_nation(holder, where="argument holder")
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
    release = Release(recipient.nation, recipient.clearance, on, originator, holder, policy)
    for ok, reason in judgements(items, release):
        verdict.rule(ok, reason)
    for relayed, prefix in _relayed(items, release):
        for ok, reason in judgements(items, relayed):
            verdict.rule(ok, prefix + reason)
    return verdict.decision()


def _relayed(items: Sequence[Marking], release: Release) -> Iterator[tuple[Release, str]]:
    """The release as each declared originator's information, by the releasing nation,
    with the words that introduce its reasons (none when no marking declares another)."""
    releaser = release.holder or release.originator
    declared = {m.declared_originator for m in items} - {None, release.originator}
    for nation in sorted(n for n in declared if n is not None):
        nation = check_nation(nation, where="declared originator of a marking")
        by = f" released by {releaser}" if releaser else ""
        yield replace(release, originator=nation, holder=releaser), f"as {nation} information{by}: "
