"""The dashboard's registry search, against a local fake NPI registry that answers like the
real one: progress while pages load, one card per listing that reads well on a phone, and
'Add to my list' carries the phone and the address into the plan. A registry that cannot be
reached gets a clear message."""

from __future__ import annotations

import json

import pytest
from conftest import ARTIFACTS, VoilaServer
from journey import open_step
from support.npi_server import FakeNPIServer

from dnkit.paths import dashboard_notebook

SIZES = {"phone": (375, 812), "tablet": (768, 1024), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def registry():
    server = FakeNPIServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def registry_dashboard(registry, tmp_path_factory):
    cache = tmp_path_factory.mktemp("npi-cache")
    server = VoilaServer(
        dashboard_notebook(), env={"DNKIT_NPI_URL": registry.url, "DNKIT_CACHE": str(cache)}
    )
    yield server
    server.stop()


@pytest.fixture
def fake(registry):
    registry.reset("normal")
    registry.page_delay = 0.0
    registry.extra = 130
    yield registry
    registry.page_delay = 0.0


def open_search(page, url: str) -> None:
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Check")
    page.locator(".dn-find-box .jupyter-widget-Collapse-header").click()
    page.wait_for_selector(".dn-find-zip input")


def run_search(page, zip_code: str, profession: str = "", kind: str = "") -> None:
    page.locator(".dn-find-zip input").fill(zip_code)
    if profession:
        page.locator(".dn-find-profession select").select_option(label=profession)
    if kind:
        page.locator(".dn-find-kind select").select_option(label=kind)
    page.locator(".dn-find-search").click()


def test_found_candidates_carry_phone_and_address_into_the_plan(
    make_page, registry_dashboard, fake, page_errors, tmp_path
):
    page = make_page()
    open_search(page, registry_dashboard.url)
    run_search(page, "80203")  # Kelly McFakerton-Demo is found through her second site
    page.wait_for_selector(".dn-find-card")
    card = page.inner_text(".dn-find-card").replace("\xa0", " ")
    assert "Kelly McFakerton-Demo, DPT" in card
    assert "55 W 5th Ave, Ste 2B, Denver, CO 80203-1055" in card
    assert "Main address: 1201 NW 16th St, Apartment 3G, Boulder, CO 80302-1201" in card
    assert "1 not active in the registry" in page.inner_text(".dn-find-summary")
    assert "not prove" in page.inner_text(".dn-find-note")
    page.locator(".dn-find-card .dn-find-add").first.click()
    page.wait_for_selector(".dn-saved-note:has-text('from the registry')")
    page.wait_for_selector(".dn-find-card .dn-find-add:has-text('Added to my list')")
    open_step(page, "Compare")
    page.wait_for_selector(".dn-compare")
    page.wait_for_function(
        "() => document.querySelector('.dn-compare').innerText.replace(/\\u00a0/g, ' ')"
        ".includes('Kelly McFakerton-Demo')"
    )
    open_step(page, "Your plan")
    page.wait_for_selector(".dn-save-plan")
    with page.expect_download() as download:
        page.locator(".dn-save-plan").click()
    saved = tmp_path / "plan.json"
    download.value.save_as(saved)
    (kelly,) = json.loads(saved.read_text())["providers"]
    assert kelly["phone"] == "303-555-0214"
    assert kelly["address"] == "55 W 5th Ave, Ste 2B, Denver, CO 80203-1055"
    assert (kelly["npi"], kelly["license_state"], kelly["license_number"]) == (
        "9900000149", "CO", "PT-TEST-0014",
    )  # fmt: skip
    assert page_errors == []


def test_progress_shows_while_pages_load(make_page, registry_dashboard, fake, page_errors):
    fake.reset("paging")
    fake.extra = 60
    fake.page_delay = 1.5  # each page takes a while, as over a slow connection
    page = make_page()
    open_search(page, registry_dashboard.url)
    run_search(page, "802")  # two pages: the first leaves out 2 of its 50
    page.wait_for_selector(".dn-find-status:has-text('Asking the NPI Registry')")
    page.wait_for_selector(".dn-find-status:has-text('Reading page 2 of the results')")
    assert page.locator(".dn-find-search").is_disabled()
    page.wait_for_selector(".dn-find-status:has-text('Found 50.')")
    assert page.locator(".dn-find-card").count() == 50
    assert page_errors == []


# Every element inside the search that shows text, with its font size; every tap target with
# its box; and anything whose right edge passes the screen's.
_MEASURE = """() => {
  const root = document.querySelector('.dn-find');
  const small = [], tiny = [], wide = [];
  const width = document.documentElement.clientWidth;
  for (const el of root.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText && parseFloat(style.fontSize) < 16)
      small.push(el.tagName + ' ' + style.fontSize + ' ' + el.textContent.trim().slice(0, 30));
    if (el.matches('button, a, select, input'))
      if (box.width < 44 || box.height < 44)
        tiny.push(el.tagName + ' ' + Math.round(box.width) + 'x' + Math.round(box.height) + ' '
                  + el.textContent.trim().slice(0, 30));
    if (box.right > width + 0.5)
      wide.push(el.tagName + '.' + el.className + ' right=' + Math.round(box.right));
  }
  return {small, tiny, wide, width};
}"""


def test_result_cards_read_well_on_every_screen(make_page, registry_dashboard, fake, page_errors):
    """One search, looked at on a phone (375x812), a tablet (768) and a desktop (1280)."""
    page = make_page(*SIZES["phone"])
    open_search(page, registry_dashboard.url)
    run_search(page, "80203", profession="Chiropractor", kind="People and clinics")
    page.wait_for_selector(".dn-find-card")
    card = page.locator(".dn-find-card").first
    text = card.inner_text().replace("\xa0", " ")
    assert "Example Spine and Medicine Center of Denver (Fictional) PLLC" in text
    assert "Main specialty: Internal Medicine" in text
    assert "Authorized official: Robin MacDemo" in text
    assert page.locator(".dn-find table").count() == 0  # cards, not a wide table
    assert card.locator("a[href^='tel:']").get_attribute("href") == "tel:3035550118"
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function("(w) => document.documentElement.clientWidth <= w", arg=width)
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"find-cards-{size}.png"))
        card.screenshot(path=str(ARTIFACTS / f"find-card-{size}.png"))
        measured = page.evaluate(_MEASURE)
        assert measured["small"] == [], f"{size}: text under 16 px"
        assert measured["tiny"] == [], f"{size}: tap targets under 44x44 px"
        assert measured["wide"] == [], f"{size}: past the screen edge ({measured['width']} px)"
    assert page_errors == []


def test_acupuncturist_cards_link_the_lookup_with_its_title(
    make_page, registry_dashboard, fake, page_errors
):
    page = make_page(*SIZES["phone"])
    open_search(page, registry_dashboard.url)
    run_search(page, "80", profession="Acupuncturist")
    page.wait_for_selector(".dn-find-card")
    link = page.locator(".dn-find-card a[href^='https://help.nccaom.org']")
    assert link.inner_text().startswith("How do I find an NCCAOM-certified practitioner?")
    assert link.get_attribute("rel") == "noopener noreferrer"
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box and box["height"] >= 44
    page.screenshot(path=str(ARTIFACTS / "find-card-acupuncturist-phone.png"))
    assert page_errors == []


def test_unreachable_registry_says_so_and_the_app_keeps_working(make_page, page_errors, tmp_path):
    server = VoilaServer(
        dashboard_notebook(),
        env={"DNKIT_NPI_URL": "http://127.0.0.1:9/", "DNKIT_CACHE": str(tmp_path)},
    )
    try:
        page = make_page()
        open_search(page, server.url)
        run_search(page, "80202")
        page.wait_for_selector(".dn-find .dn-message .dn-error, .dn-find .dn-message [role=alert]")
        assert "reach" in page.inner_text(".dn-find .dn-message").lower()
        open_step(page, "Costs")
        page.wait_for_selector(".dn-cost-chart .js-plotly-plot")
        assert page_errors == []
    finally:
        server.stop()
