"""The brief in the system Chromium: offline, and the map draws the right states."""

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from allied.report import write_brief

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, list[str]]]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (make test installs it with apt-get)")
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    write_brief(path, on=date(2025, 1, 1))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        tab = browser.new_page()
        requests: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(path.as_uri())
        tab.wait_for_selector("#chart-map[data-ready=nato]", timeout=30_000)
        tab.wait_for_selector("#chart-nato_timeline svg", timeout=30_000)
        yield tab, requests
        browser.close()


def test_only_file_requests(page) -> None:  # type: ignore[no-untyped-def]
    _, requests = page
    assert requests and all(url.startswith("file://") for url in requests)


def test_map_draws_exactly_the_32_nato_members(page) -> None:  # type: ignore[no-untyped-def]
    tab, _ = page
    labels = tab.eval_on_selector_all(
        '#chart-map path[aria-label^="member: "]',
        "els => els.map(e => e.getAttribute('aria-label'))",
    )
    assert len(labels) == len(set(labels)) == 32
    assert "member: United States of America" in labels
    assert "member: Sweden" in labels


def test_choosing_another_arrangement_redraws(page) -> None:  # type: ignore[no-untyped-def]
    tab, _ = page
    tab.select_option("#map-select", "aukus")
    tab.wait_for_selector("#chart-map[data-ready=aukus]", timeout=30_000)
    labels = tab.eval_on_selector_all(
        '#chart-map path[aria-label^="member: "]',
        "els => els.map(e => e.getAttribute('aria-label'))",
    )
    # Natural Earth draws Australia's Ashmore and Cartier Islands (ISO 036) apart.
    assert set(labels) == {
        "member: Australia",
        "member: Ashmore and Cartier Is.",
        "member: United Kingdom",
        "member: United States of America",
    }


def test_every_chart_renders(page) -> None:  # type: ignore[no-untyped-def]
    tab, _ = page
    tab.wait_for_selector("#chart-cs_f35_qty svg", timeout=30_000)
    # on 2025-01-01 the Hague commitment is not yet adopted: no gap chart; the series is offline
    tab.wait_for_selector("#chart-burden_series svg", timeout=30_000)
    charts = ("overview", "nato_timeline", "cs_f35_qty", "cs_nato_efp_grid", "cs_us_rok_dyad")
    governance = ("governance_cost", "governance_power", "governance_work_share")
    for chart in (*charts, "burden_shares", "burden_series", *governance, "network"):
        assert tab.locator(f"#chart-{chart} svg").count() == 1, chart


def test_network_chart_draws_every_state_and_tie(page) -> None:  # type: ignore[no-untyped-def]
    from allied.catalog import load_catalog
    from allied.panel import catalog_network
    from allied.report._network_section import counted_catalog, network_choice

    tab, _ = page
    tab.wait_for_selector('#chart-network svg path[aria-label^="state: "]', timeout=30_000)
    on = date(2025, 1, 1)
    graph = catalog_network(on, catalog=counted_catalog(load_catalog(), on, network_choice())).graph
    states = tab.eval_on_selector_all(
        '#chart-network path[aria-label^="state: "]',
        "els => els.map(e => e.getAttribute('aria-label'))",
    )
    assert len(states) == len(set(states)) == graph.number_of_nodes()
    assert "state: United States" in states and "state: Russia" in states
    assert "state: Ireland" in states  # through the EU's mutual-assistance clause
    assert tab.locator("#chart-network .mark-rule line").count() == graph.number_of_edges()
    assert tab.locator("#chart-network svg").count() == 1


def test_the_map_caption_says_what_each_view_shows(page) -> None:  # type: ignore[no-untyped-def]
    tab, _ = page
    tab.select_option("#map-select", "unifil")
    tab.wait_for_selector("#chart-map[data-ready=unifil]", timeout=30_000)
    caption = tab.inner_text("#map-caption")
    assert caption.startswith("UNIFIL: ") and " states on 2025-01-01 (" in caption
    assert "host nation" in caption and "contributors" in caption
    from allied.catalog import load_catalog

    unifil = load_catalog().get("unifil")
    assert tab.inner_text("#map-description") == unifil.description  # says what the list covers
    tab.select_option("#map-select", "nato")
    tab.wait_for_selector("#chart-map[data-ready=nato]", timeout=30_000)
    assert tab.inner_text("#map-caption") == "NATO: 32 states on 2025-01-01 (32 members)"
