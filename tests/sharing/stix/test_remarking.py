"""Re-marking (:func:`allied.sharing.stix.superseded`): which ids the newest version withholds."""

from __future__ import annotations

from typing import Any

import pytest

from allied.sharing.stix import _remarking
from allied.sharing.stix._remarking import superseded

JAN, FEB, MAR = "2024-01-01T00:00:00Z", "2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.5Z"


def test_the_ids_whose_newest_version_is_withheld() -> None:
    released = [("x--1", JAN), ("x--2", FEB), ("x--3", JAN), ("x--5", JAN)]
    withheld = [("X--1", FEB), ("x--2", JAN), ("x--4", MAR), ("x--5", "")]
    # x--1: newest (FEB, id in another case) withheld; x--2: newest released;
    # x--4: its one version withheld; x--5: the unversioned one is the oldest
    assert superseded(released, withheld) == {"x--1", "x--4"}
    assert superseded(released, []) == set()


def test_timestamps_are_parsed_only_where_versions_of_one_id_are_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    real = _remarking.timestamp_key

    def counting(version: str) -> Any:
        parsed.append(version)
        return real(version)

    monkeypatch.setattr(_remarking, "timestamp_key", counting)
    released = [(f"x--{n}", JAN) for n in range(1000)] + [("y--1", JAN)]
    withheld = [(f"w--{n}", JAN) for n in range(1000)] + [("y--1", FEB)]
    found = superseded(released, withheld)
    assert found == {f"w--{n}" for n in range(1000)} | {"y--1"}
    assert sorted(parsed) == [JAN, FEB, FEB]  # y--1's two versions, then its withheld one
