"""The audit chain's hashing and :func:`verify_audit` on hand-built logs.

The database side (triggers, tampering through SQL on both backends) is in
test_storage.py; here a small in-memory log lets each kind of damage be built
exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from allied._results import Result
from allied.errors import InputError
from allied.sharing.store import (
    ANCHOR_SETTING,
    GENESIS_HASH,
    AuditEntry,
    AuditReport,
    canonical_json,
    entry_hash,
    normalize_detail,
    verify_audit,
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


class Log:
    """An audit log in memory: entries and the anchor setting, as a storage exposes them."""

    def __init__(self, entries: list[AuditEntry], anchor: str | None) -> None:
        self.entries = entries
        self.anchor = anchor

    def audit_entries(self) -> Iterator[AuditEntry]:
        return iter(self.entries)

    def setting(self, name: str) -> str | None:
        return self.anchor if name == ANCHOR_SETTING else None

    def check_integrity(self) -> None:
        """A log in memory is never damaged."""

    def collections(self) -> list[Any]:
        return []  # no stored objects: verify_audit checks the chain only


def chain(n: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        fields: dict[str, Any] = {
            "seq": seq,
            "time": T0 + timedelta(seconds=seq),
            "user": f"user{seq}",
            "nation": "GBR",
            "action": "read",
            "collection": "intel",
            "detail": {"released": [["indicator--x", "v"]], "n": seq},
            "prev_hash": prev,
        }
        digest = entry_hash(**fields)
        entries.append(AuditEntry(**fields, hash=digest))
        prev = digest
    return entries


def log(entries: list[AuditEntry], anchor: str | None = "last") -> Any:
    if anchor == "last":
        anchor = f"{entries[-1].seq}:{entries[-1].hash}" if entries else None
    return Log(entries, anchor)


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": [True, None, "é"]}) == b'{"a":[true,null,"\xc3\xa9"],"b":1}'
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_entry_hash_is_sha256_of_prev_hash_and_canonical_entry() -> None:
    fields: dict[str, Any] = {
        "seq": 1,
        "time": T0,
        "user": "u",
        "nation": "GBR",
        "action": "read",
        "collection": None,
        "detail": {"k": [1, 2]},
        "prev_hash": GENESIS_HASH,
    }
    body = (
        b'{"action":"read","collection":null,"detail":{"k":[1,2]},"nation":"GBR",'
        b'"prev_hash":"' + GENESIS_HASH.encode() + b'","seq":1,'
        b'"time":"2024-05-01T12:00:00.000000Z","user":"u"}'
    )
    assert entry_hash(**fields) == hashlib.sha256(GENESIS_HASH.encode() + body).hexdigest()
    for name, other in [
        ("seq", 2),
        ("time", T0 + timedelta(microseconds=1)),
        ("user", "v"),
        ("nation", "USA"),
        ("action", "write"),
        ("collection", "intel"),
        ("detail", {"k": [2, 1]}),
        ("prev_hash", "1" * 64),
    ]:
        assert entry_hash(**{**fields, name: other}) != entry_hash(**fields), name


def test_normalize_detail() -> None:
    assert normalize_detail({"pairs": (("a", "b"),)}) == {"pairs": [["a", "b"]]}
    assert normalize_detail({1: "x"}) == {"1": "x"}
    with pytest.raises(InputError, match="audit detail is not JSON"):
        normalize_detail({"when": T0})


def test_intact_and_empty_logs_verify() -> None:
    entries = chain(5)
    assert verify_audit(log(entries)) == AuditReport(True, 5, None, None, f"5:{entries[4].hash}")
    assert verify_audit(log([], anchor=None)) == AuditReport(True, 0, None, None, None)


@pytest.mark.parametrize(
    ("damage", "first_bad", "problem"),
    [
        (lambda e: e.__setitem__(2, replace(e[2], nation="FRA")), 3, "content changed"),
        (lambda e: e.__setitem__(2, replace(e[2], time=T0)), 3, "content changed"),
        (lambda e: e.__setitem__(0, replace(e[0], prev_hash="f" * 64)), 1, "broken link"),
        (lambda e: e.pop(1), 2, "gap in the sequence: entry 2 is missing"),
        (lambda e: [e.pop(1), e.pop(1)], 2, "gap in the sequence: entries 2 to 3 are missing"),
        (lambda e: e.insert(2, e[1]), 3, "sequence out of order: expected entry 3, found entry 2"),
    ],
)
def test_damage_is_located(damage: Any, first_bad: int, problem: str) -> None:
    entries = chain(5)
    anchor = f"5:{entries[4].hash}"
    damage(entries)
    report = verify_audit(log(entries, anchor=anchor))
    assert (report.ok, report.first_bad) == (False, first_bad)
    assert report.problem is not None and report.problem.startswith(problem)


def test_rewritten_entry_breaks_the_following_link() -> None:
    entries = chain(4)
    anchor = f"4:{entries[3].hash}"
    forged = replace(entries[1], user="mallory")
    fields = ("seq", "time", "user", "nation", "action", "collection", "detail", "prev_hash")
    entries[1] = replace(forged, hash=entry_hash(**{k: getattr(forged, k) for k in fields}))
    report = verify_audit(Log(entries, anchor))
    assert (report.ok, report.first_bad) == (False, 3)
    assert report.problem is not None
    assert "prev_hash does not match the hash of entry 2" in report.problem


def test_anchor_checks() -> None:
    entries = chain(4)
    tail_cut = verify_audit(Log(entries[:2], f"4:{entries[3].hash}"))
    assert (tail_cut.ok, tail_cut.first_bad, tail_cut.entries) == (False, 3, 2)
    assert tail_cut.problem is not None and "tail deleted" in tail_cut.problem
    extra = verify_audit(Log(entries, f"3:{entries[2].hash}"))
    assert (extra.ok, extra.first_bad) == (False, 4)
    assert extra.problem is not None and "does not match the anchor" in extra.problem
    missing = verify_audit(Log(entries, None))
    assert (missing.ok, missing.problem) == (False, "the anchor setting is missing")
    everything_gone = verify_audit(Log([], f"4:{entries[3].hash}"))
    assert (everything_gone.ok, everything_gone.first_bad) == (False, 1)


def test_external_anchor() -> None:
    entries = chain(4)
    assert verify_audit(log(entries), anchor=f"2:{entries[1].hash}").ok
    wrong = verify_audit(log(entries), anchor=f"2:{entries[2].hash}")
    assert (wrong.ok, wrong.first_bad, wrong.problem) == (
        False,
        2,
        "the hash differs from the external anchor",
    )
    beyond = verify_audit(log(entries[:1]), anchor=f"2:{entries[1].hash}")
    assert (beyond.ok, beyond.first_bad) == (False, 2)
    with pytest.raises(InputError, match="invalid audit anchor"):
        verify_audit(log(entries), anchor="2-abc")


def test_the_report_is_a_result() -> None:
    entries = chain(3)
    entries[1] = replace(entries[1], nation="FRA")
    report = verify_audit(log(entries))
    assert isinstance(report, Result)
    assert report.summary() == (
        "audit log tampered at entry 2: content changed: the stored hash does not match "
        "the entry's fields"
    )
    frame = report.to_frame()
    assert frame.to_dict("records") == [
        {
            "ok": False,
            "entries": 2,
            "first_bad": 2,
            "problem": report.problem,
            "head": f"1:{entries[0].hash}",
            "objects": 0,
        }
    ]
    assert report._repr_html_().startswith('<div class="allied-result"><pre>audit log tampered')
