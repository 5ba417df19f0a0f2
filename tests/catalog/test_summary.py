"""The catalog shows itself: a summary by kind above its table (allied._results.Result)."""

from __future__ import annotations

from allied.catalog import load_catalog


def test_summary_counts_the_arrangements_of_each_kind() -> None:
    catalog = load_catalog()
    lines = catalog.summary().splitlines()
    assert lines[0] == f"Catalog (embedded): {len(catalog)} arrangements"
    counts = catalog.to_frame()["kind"].value_counts()
    shown = {line.split()[0]: int(line.split()[1]) for line in lines[1:]}
    assert shown == counts.to_dict()
    assert shown["multilateral_alliance"] >= 7  # NATO, SEATO, CENTO, Rio, CSTO, ...
