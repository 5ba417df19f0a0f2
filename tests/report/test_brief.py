"""The HTML brief: self-contained, deterministic, with every section."""

import json
import re
from datetime import date

import pytest

from allied.catalog import load_catalog
from allied.report import build_brief, catalog_summary

ON = date(2025, 1, 1)


@pytest.fixture(scope="module")
def brief():  # type: ignore[no-untyped-def]
    return build_brief(on=ON)


def test_no_external_resources(brief) -> None:  # type: ignore[no-untyped-def]
    assert not re.search(r"<script[^>]+src=", brief.html)
    assert not re.search(r"<link[^>]+href=", brief.html)
    assert "@import" not in brief.html
    assert "vega-lite" in brief.html.lower()


def test_deterministic(brief) -> None:  # type: ignore[no-untyped-def]
    assert build_brief(on=ON).html == brief.html


def test_map_starts_with_32_nato_members(brief) -> None:  # type: ignore[no-untyped-def]
    assert brief.map_arrangement == "nato"
    assert len(brief.map_members) == 32
    assert {"USA", "SWE", "FIN", "TUR"} <= set(brief.map_members)


def test_case_studies_and_sections(brief) -> None:  # type: ignore[no-untyped-def]
    assert brief.case_studies == ("us_rok", "australia_japan", "aukus", "nato_efp", "f35")
    for anchor in ("overview", "map", "nato", "case-us_rok", "case-f35", "sources"):
        assert f'id="{anchor}"' in brief.html
    for kind in ("bilateral_treaty", "joint_program", "information_sharing"):
        assert f'data-kind="{kind}"' in brief.html


def test_specs_are_valid_json(brief) -> None:  # type: ignore[no-untyped-def]
    specs = json.loads(re.search(r'id="specs">(.*?)</script>', brief.html, re.S).group(1))  # type: ignore[union-attr]
    assert {"overview", "nato_timeline", "cs_f35_qty", "cs_nato_efp_grid"} <= set(specs)
    nato_rows = specs["nato_timeline"]["data"]["values"]
    assert len(nato_rows) == 32


def test_summary_counts() -> None:
    summary = catalog_summary(load_catalog(), on=ON)
    assert summary.arrangements.sum() == len(load_catalog())
    assert set(summary.kind) == {
        "bilateral_treaty",
        "multilateral_alliance",
        "partnership_framework",
        "joint_program",
        "mission",
        "information_sharing",
        "organization",
    }
