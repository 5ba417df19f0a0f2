"""NATO's spending guidelines in the catalog against NATO's own texts.

Each test names the NATO document its values come from; the catalog entries
(``catalog/data/nato.yaml``, ``guidelines:``) cite the same documents with
their urls. No dataset is needed.
"""

from __future__ import annotations

from datetime import date

import pytest

from allied.catalog import Guideline, GuidelineMetric, load_catalog


@pytest.fixture(scope="module")
def guidelines() -> dict[str, Guideline]:
    return {g.id: g for g in load_catalog().get("nato").guidelines}


def _cites(guideline: Guideline, url: str) -> bool:
    return any(s.url == url for s in guideline.sources)


def test_two_percent_guideline(guidelines: dict[str, Guideline]) -> None:
    """NATO, 'Funding NATO' (https://www.nato.int/cps/en/natohq/topics_67655.htm): "In 2006,
    NATO Defence Ministers agreed to commit a minimum of 2% of their Gross Domestic Product
    (GDP) to defence spending". NATO gives the year, not the meeting, so the catalog records
    the year only. Reaffirmed in the Wales Summit Declaration, press release (2014) 120,
    5 September 2014, paragraph 14."""
    two = guidelines["two_percent_gdp"]
    assert (two.metric, two.threshold) == (GuidelineMetric.DEFENCE_PCT_GDP, 2.0)
    assert two.adopted == 2006 and two.target_year is None
    assert _cites(two, "https://www.nato.int/cps/en/natohq/topics_67655.htm")
    assert _cites(two, "https://www.nato.int/cps/en/natohq/official_texts_112964.htm")
    assert "within a decade" in (two.notes or "")


def test_twenty_percent_equipment_guideline(guidelines: dict[str, Guideline]) -> None:
    """NATO, Wales Summit Declaration, press release (2014) 120, 5 September 2014,
    paragraph 14 (Defence Investment Pledge): allies below 20% of defence expenditure on
    major equipment, including related research and development, aim within a decade to
    reach 20% or more."""
    equipment = guidelines["equipment_20_percent"]
    assert equipment.metric is GuidelineMetric.EQUIPMENT_PCT_DEFENCE
    assert equipment.threshold == 20.0 and equipment.adopted == date(2014, 9, 5)
    assert _cites(equipment, "https://www.nato.int/cps/en/natohq/official_texts_112964.htm")


HAGUE = "https://www.nato.int/cps/en/natohq/official_texts_236705.htm"


def test_hague_core_commitment(guidelines: dict[str, Guideline]) -> None:
    """NATO, The Hague Summit Declaration, 25 June 2025 (summit of 24-25 June), paragraph 3:
    at least 3.5% of GDP annually, on the agreed definition of NATO defence expenditure, by
    2035; annual plans showing a credible, incremental path; a review in 2029. Spain's
    position rests on the Secretary General's letter of 22 June 2025."""
    core = guidelines["hague_core_3_5_percent"]
    assert (core.metric, core.threshold) == (GuidelineMetric.DEFENCE_PCT_GDP, 3.5)
    assert core.adopted == date(2025, 6, 25) and core.target_year == 2035
    assert _cites(core, HAGUE)
    notes = core.notes or ""
    for fact in ("annual plans", "2029", "Spain", "22 June 2025", "2.1%"):
        assert fact in notes, fact


def test_hague_total_commitment(guidelines: dict[str, Guideline]) -> None:
    """NATO, The Hague Summit Declaration, 25 June 2025, paragraphs 2-3: 5% of GDP annually
    by 2035 on core defence requirements as well as defence- and security-related spending
    (the 3.5% core and up to 1.5%)."""
    total = guidelines["hague_total_5_percent"]
    assert total.metric is GuidelineMetric.DEFENCE_AND_RELATED_PCT_GDP
    assert total.threshold == 5.0 and total.target_year == 2035
    assert total.adopted == date(2025, 6, 25) and _cites(total, HAGUE)
    assert "up to 1.5%" in (total.notes or "")
