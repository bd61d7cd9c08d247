"""The dashboard's registry search, against a local fake NPI registry: found people land in
the list that Compare ranks. A registry that cannot be reached gets a clear message."""

from __future__ import annotations

import pytest
from conftest import VoilaServer
from journey import open_step
from npi_server import FakeNPIServer

from dnkit.paths import dashboard_notebook


@pytest.fixture(scope="module")
def registry():
    server = FakeNPIServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def registry_dashboard(registry, tmp_path_factory):
    cache = tmp_path_factory.mktemp("npi-cache")
    server = VoilaServer(
        dashboard_notebook(), env={"DNKIT_NPI_URL": registry.url, "DNKIT_CACHE_DIR": str(cache)}
    )
    yield server
    server.stop()


def open_search(page, url: str) -> None:
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Check")
    page.locator(".dn-find-box .jupyter-widget-Collapse-header").click()
    page.wait_for_selector(".dn-find-zip input")


def test_found_candidates_are_added_to_compare(make_page, registry_dashboard, page_errors):
    page = make_page()
    open_search(page, registry_dashboard.url)
    page.locator(".dn-find-zip input").fill("80202")
    page.locator(".dn-find-search").click()
    page.wait_for_selector(".dn-find-results table")
    assert "not a credential check" in page.inner_text(".dn-find-note").lower() or (
        "license" in page.inner_text(".dn-find-note").lower()
    )
    first = page.locator(".dn-find-choose select option").first
    name = first.inner_text().replace("\xa0", " ").split(" (")[0]
    page.locator(".dn-find-choose select").select_option(index=0)
    page.locator(".dn-find-add").click()
    page.wait_for_selector(".dn-saved-note:has-text('from the registry')")
    open_step(page, "Compare")
    page.wait_for_selector(".dn-compare")
    page.wait_for_function(
        "(n) => document.querySelector('.dn-compare').innerText.replace(/\\u00a0/g, ' ')"
        ".includes(n)",
        arg=name,
    )
    assert page_errors == []


def test_unreachable_registry_says_so_and_the_app_keeps_working(make_page, page_errors, tmp_path):
    server = VoilaServer(
        dashboard_notebook(),
        env={"DNKIT_NPI_URL": "http://127.0.0.1:9/", "DNKIT_CACHE_DIR": str(tmp_path)},
    )
    try:
        page = make_page()
        open_search(page, server.url)
        page.locator(".dn-find-zip input").fill("80202")
        page.locator(".dn-find-search").click()
        page.wait_for_selector(".dn-find .dn-message .dn-error, .dn-find .dn-message [role=alert]")
        assert "reach" in page.inner_text(".dn-find .dn-message").lower()
        open_step(page, "Costs")
        page.wait_for_selector(".dn-cost-chart .js-plotly-plot")
        assert page_errors == []
    finally:
        server.stop()
