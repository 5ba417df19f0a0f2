"""Spending guidelines in the catalog: the schema, the checks, and NATO's entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from allied.catalog import Arrangement, GuidelineMetric, load_catalog
from allied.errors import CatalogError

PACT = {
    "id": "pact",
    "name": "Example Pact",
    "kind": "multilateral_alliance",
    "signed": date(1950, 1, 1),
    "in_force": date(1950, 6, 1),
    "status": "active",
    "description": "A made-up pact with spending guidelines.",
    "members": [{"state": "FRA"}],
    "sources": [
        {"citation": "Example source", "url": "https://example.org/pact", "accessed": "2026-11-29"}
    ],
}


def guideline(
    gid: str = "floor",
    metric: str = "defence_expenditure_pct_gdp",
    threshold: float = 2.0,
    adopted: date | int = date(1960, 1, 1),
    target: int | None = None,
) -> dict[str, object]:
    item: dict[str, object] = {
        "id": gid,
        "name": "A guideline",
        "metric": metric,
        "threshold": threshold,
        "adopted": adopted,
        "sources": [
            {
                "citation": "Example guideline source",
                "url": "https://example.org/guideline",
                "accessed": date(2026, 11, 29),
            }
        ],
    }
    if target is not None:
        item["target_year"] = target
    return item


def write(tmp_path: Path, items: tuple[dict[str, object], ...], **changes: object) -> None:
    text = yaml.safe_dump({**PACT, **changes, "guidelines": list(items)}, sort_keys=False)
    (tmp_path / "pact.yaml").write_text(text, "utf-8")


def load(tmp_path: Path, *items: dict[str, object]) -> Arrangement:
    write(tmp_path, items)
    return load_catalog(tmp_path).get("pact")


def problems(tmp_path: Path, *items: dict[str, object]) -> list[tuple[str, str]]:
    write(tmp_path, items)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    return [(p.field, p.problem) for p in info.value.problems]


def test_a_guideline_with_a_date_or_only_a_year(tmp_path: Path) -> None:
    pact = load(
        tmp_path,
        guideline(adopted=1960),
        guideline("target", adopted=date(1961, 6, 25), threshold=3.5, target=1970),
    )
    floor, target = pact.guidelines
    assert (floor.adopted, floor.adopted_year, floor.adopted_label) == (1960, 1960, "1960")
    assert floor.target_year is None and floor.metric is GuidelineMetric.DEFENCE_PCT_GDP
    # a year-only adoption counts from the last day of that year
    assert not floor.adopted_by(date(1960, 12, 30)) and floor.adopted_by(date(1960, 12, 31))
    assert target.adopted == date(1961, 6, 25) and target.adopted_by(date(1961, 6, 25))
    assert not target.adopted_by(date(1961, 6, 24))
    assert [c.key for c in target.citations("pact")] == ["pact:target:1"]


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        (
            (guideline(adopted=date(1949, 12, 31)),),
            "guidelines[0].adopted",
            "before the arrangement",
        ),
        ((guideline(adopted=1949),), "guidelines[0].adopted", "before the arrangement"),
        ((guideline(target=1959),), "guidelines[0].target_year", "before its adoption"),
        (
            (guideline(metric="equipment_pct_defence_expenditure", threshold=20, target=1970),),
            "guidelines[0].target_year",
            "only for guidelines on a share of GDP",
        ),
        ((guideline(), guideline()), "guidelines[1].id", "used twice"),
        ((guideline(), guideline("again")), "guidelines[1].threshold", "tests the same as floor"),
        ((guideline(threshold=0),), "guidelines[0].threshold", "greater than 0"),
        ((guideline(metric="pct_of_gdp"),), "guidelines[0].metric", "Input should be"),
    ],
)
def test_broken_guidelines_are_reported(
    tmp_path: Path, items: tuple[dict[str, object], ...], field: str, message: str
) -> None:
    found = problems(tmp_path, *items)
    assert any(f == field and message in p for f, p in found), found


def test_a_guideline_after_the_arrangement_ended(tmp_path: Path) -> None:
    write(tmp_path, (guideline(),), status="ended", ended=date(1955, 1, 1))
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    assert any("after the arrangement ended" in p.problem for p in info.value.problems)


def test_nato_and_seato_guidelines() -> None:
    """NATO has its four guidelines, each sourced; SEATO adopted none."""
    catalog = load_catalog()
    nato = catalog.get("nato")
    assert [g.id for g in nato.guidelines] == [
        "two_percent_gdp",
        "equipment_20_percent",
        "hague_core_3_5_percent",
        "hague_total_5_percent",
    ]
    assert all(g.sources for g in nato.guidelines)
    assert catalog.get("seato").guidelines == []
