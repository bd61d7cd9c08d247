"""Three people's journeys, end to end, each on the screen they use (issue 16).

- A Colorado patient on her phone, whose physical therapist offered dry needling: a $30 copay,
  her deductible met. She checks two providers, sees her cost and prints the summary.
- A Virginia care navigator on a laptop, comparing three providers from a spreadsheet: each
  provider's total for six sessions, who is left out and why; she saves the plan and loads it.
- A 70-year-old in California on Medicare with chronic low back pain, on a tablet: a physical
  therapist may not dry needle there, a doctor may; what Medicare leaves her to pay.

Every dollar figure is worked out by hand in the comments. Screenshots of each step are kept in
test-artifacts/ (journey-<person>-<n>-<step>.png).
"""

from __future__ import annotations

import json
import re

from conftest import ARTIFACTS
from journey import (
    add_provider,
    answer,
    choose_state,
    open_step,
    reveal,
    shot,
    upload,
    wait_cost_chart,
)
from openpyxl import Workbook

PHONE = {"width": 375, "height": 812, "touch": True}
TABLET = {"width": 768, "height": 1024, "touch": True}
LAPTOP = {"width": 1280, "height": 800}


def start(make_page, url, **size):
    page = make_page(**size)
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start .dn-state select")
    return page


def text_of(page, css: str) -> str:
    return page.inner_text(css).replace("\xa0", " ")


def wait_text(page, css: str, words: str) -> None:
    page.wait_for_function(
        "([css, words]) => (document.querySelector(css)?.innerText || '')"
        ".replace(/\\u00a0/g, ' ').includes(words)",
        arg=[css, words],
    )


def set_text(page, css: str, value: str) -> None:
    reveal(page, css)
    box = page.locator(f"{css} input").first
    box.fill(value)
    box.press("Enter")


def test_a_colorado_patient_on_her_phone(make_page, voila_server, page_errors):
    page = start(make_page, voila_server.url, **PHONE)
    shot(page, "journey-colorado-1-opening")
    choose_state(page, ".dn-state", "Colorado (CO)")  # the profession is preset: a PT
    wait_text(page, ".dn-first-answer", "Yes: a physical therapist may dry needle in Colorado.")
    assert "Ask them first" in text_of(page, ".dn-first-answer")
    shot(page, "journey-colorado-2-answer")

    page.locator(".dn-go-vet").click()  # "Check this provider"
    page.locator(".dn-step-vet").wait_for()
    add_provider(page, "Mountain Physio (fictional)", "PT", "60", "45", "Yes", "85", "Course A")
    answer(page, "license_verified", "Yes, it is active")
    wait_text(page, ".dn-vet-banner", "0 problems")
    page.locator(".dn-save-provider").click()
    add_provider(page, "Front Range Chiro (fictional)", "DC", "30", "", "Yes", "70")
    shot(page, "journey-colorado-3-check")

    open_step(page, "Costs")
    wait_cost_chart(page)
    reveal(page, ".dn-covered")
    page.locator(".dn-covered select").select_option(label="Yes")
    set_text(page, ".dn-copay", "30")
    set_text(page, ".dn-deductible-remaining", "0")  # her deductible is met
    # Her plan pays; each visit costs her the $30 copay: 6 x $30 = $180 (no first-visit fee).
    wait_text(page, ".dn-cost-headline", "With your insurance you would pay about $180 for 6")
    shot(page, "journey-colorado-4-costs")

    open_step(page, "Your plan")
    wait_text(page, ".dn-plan-summary", "Front Range Chiro")
    summary = text_of(page, ".dn-plan-summary")
    assert "The rules in Colorado" in summary and "Questions still to ask" in summary
    assert "With your insurance you would pay about $180" in summary
    shot(page, "journey-colorado-5-plan")
    page.emulate_media(media="print")
    assert not page.locator(".dn-steps").is_visible()
    assert page.locator(".dn-plan-summary h1").is_visible()
    assert page.locator(".dn-summary-sources").is_visible()  # nothing cut off at the end
    pdf = page.pdf(path=str(ARTIFACTS / "journey-colorado-plan.pdf"), format="Letter")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 2  # two providers, two pages at most
    page.emulate_media(media="screen")
    assert page_errors == []


NAVIGATOR_ROWS = [
    ["name", "profession", "license_verified", "price_per_session", "first_visit_fee",
     "packages", "sterile_single_use_needles", "setting"],
    ["Harbor Physio (fictional)", "Physical therapist (PT)", "Yes, it is active", 80, 100,
     "6:420", "Yes", "Physical therapy clinic"],
    ["Tidewater PT (fictional)", "Physical therapist", "Not yet", 95, None, None, "Yes",
     "Sports medicine"],
    ["Bayside Chiropractic (fictional)", "Chiropractor", "yes", "60-90", None, None,
     "Not sure", "Chiropractic office"],
]  # fmt: skip


def navigator_sheet(path):
    """Her list, as a spreadsheet with the words the dashboard shows."""
    book = Workbook()
    for row in NAVIGATOR_ROWS:
        book.active.append(row)
    book.save(path)


def test_a_virginia_care_navigator_on_a_laptop(make_page, voila_server, page_errors, tmp_path):
    sheet = tmp_path / "navigator.xlsx"
    navigator_sheet(sheet)
    page = start(make_page, voila_server.url, **LAPTOP)
    choose_state(page, ".dn-state", "Virginia (VA)")
    wait_text(page, ".dn-first-answer", "Yes: a physical therapist may dry needle in Virginia.")
    assert "Training the state asks for: No number set" in text_of(page, ".dn-first-answer")
    shot(page, "journey-virginia-1-answer")

    page.locator(".dn-go-compare").click()
    page.locator(".dn-step-compare").wait_for()
    upload(page, ".dn-upload", sheet)
    wait_text(page, ".dn-load-report", "Loaded 3 providers from navigator.xlsx.")
    wait_text(page, ".dn-ranking", "Harbor Physio")
    ranking = text_of(page, ".dn-ranking")
    # Harbor: $80 a visit, $100 first visit, 6 for $420: the package and the fee = $520.
    assert "$520 for 6 sessions: a 6-session package plus the $100 first-visit fee" in ranking
    # Tidewater: $95 a visit, no packages: 6 x $95 = $570.
    assert "$570 for 6 sessions" in ranking
    # The state must-have is on: Virginia's rules say nothing found for chiropractors.
    left_out = text_of(page, ".dn-filtered")
    assert "Bayside Chiropractic" in left_out and "Not confirmed as allowed" in left_out
    assert page.locator(".dn-must-permitted input").is_checked()
    shot(page, "journey-virginia-2-compare")

    # Costs uses the first-ranked provider's own prices (Harbor: the package and the fee, $520),
    # or any saved provider's she picks (Tidewater: 6 x $95 = $570).
    open_step(page, "Costs")
    wait_text(page, ".dn-cost-headline", "$520 for 6 sessions at Harbor Physio (fictional)'s")
    page.locator(".dn-provider select").select_option(label="Tidewater PT (fictional)'s prices")
    wait_text(page, ".dn-cost-headline", "$570 for 6 sessions at Tidewater PT (fictional)'s")
    shot(page, "journey-virginia-2b-costs")

    open_step(page, "Your plan")
    wait_text(page, ".dn-plan-summary", "Tidewater PT")
    with page.expect_download() as dl:
        page.locator(".dn-save-plan").click()
    saved = tmp_path / "plan.json"
    dl.value.save_as(saved)
    plan = json.loads(saved.read_text())
    assert [p["name"] for p in plan["providers"]] == [
        "Harbor Physio (fictional)",
        "Tidewater PT (fictional)",
        "Bayside Chiropractic (fictional)",
    ]
    assert plan["providers"][1]["license_verified"] == "unknown"  # "Not yet", not "no licence"
    shot(page, "journey-virginia-3-plan")

    # The next morning: a new page, the plan file loaded back.
    page.reload(wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Your plan")
    upload(page, ".dn-load-plan", saved)
    wait_text(page, ".dn-plan", "Loaded your plan")
    open_step(page, "Compare")
    wait_text(page, ".dn-ranking", "$520 for 6 sessions")
    assert page.locator(".dn-compare-state select").input_value() == "Virginia (VA)"
    shot(page, "journey-virginia-4-loaded-back")
    assert page_errors == []


def test_a_californian_on_medicare_on_a_tablet(make_page, voila_server, page_errors):
    page = start(make_page, voila_server.url, **TABLET)
    choose_state(page, ".dn-state", "California (CA)")
    wait_text(page, ".dn-first-answer", "No: not allowed in California.")
    answer_text = text_of(page, ".dn-first-answer")
    assert "outside the license of a physical therapist" in answer_text
    assert "medical doctor" in answer_text  # who may instead
    shot(page, "journey-california-1-not-a-pt")
    page.locator(".dn-offered-by select").select_option(label="Medical doctor (MD)")
    wait_text(page, ".dn-first-answer", "Yes: a medical doctor may dry needle in California.")
    shot(page, "journey-california-2-a-doctor")

    page.locator(".dn-go-costs").click()
    wait_cost_chart(page)
    reveal(page, ".dn-medicare")
    page.locator(".dn-medicare select").select_option(label="Original Medicare")
    assert page.locator(".dn-profession select").input_value() == "Medical doctor (MD)"
    reveal(page, ".dn-chronic-low-back-pain")
    page.locator(".dn-chronic-low-back-pain input").check()
    # dnkit's usual prices, $50 to $150 a visit: 6 visits cost $300, $600 or $900. The 2026
    # Part B deductible is $283; then Medicare leaves her 20%: $283 + 20% x ($600 - $283) =
    # $346 (low: $283 + 20% x $17 = $286; high: $283 + 20% x $617 = $406).
    wait_text(page, ".dn-cost-headline", "Medicare can pay for this. You would pay about $346")
    assert "($286 to $406)" in text_of(page, ".dn-cost-headline")
    assert "does not know Medicare's price" in text_of(page, ".dn-cost-headline")
    shot(page, "journey-california-3-medicare")
    page.locator(".dn-part-b-met input").check()  # she met her deductible this year
    # 20% of $600 = $120 ($60 to $180).
    wait_text(page, ".dn-cost-headline", "about $120 ($60 to $180) for 6 sessions")
    page.locator(".dn-medicare select").select_option(label="Medicare Advantage (a Part C plan)")
    wait_text(page, ".dn-cost-headline", "A Medicare Advantage plan sets what you pay.")
    shot(page, "journey-california-4-advantage")

    open_step(page, "Your plan")
    wait_text(page, ".dn-plan-summary", "Medicare Advantage")
    summary = text_of(page, ".dn-plan-summary")
    assert re.search(r"Who does the needling: Medical doctor \(MD\)", summary)
    shot(page, "journey-california-5-plan")
    assert page_errors == []


def test_compare_without_a_state_asks_for_it_where_the_ranking_goes(
    make_page, voila_server, page_errors
):
    """A patient who goes straight to Compare on her phone: the state box and the question sit
    where the ranking will be, her providers are listed as waiting, nothing stale is said."""
    page = start(make_page, voila_server.url, **PHONE)
    open_step(page, "Compare")
    page.locator(".dn-sample-providers").click()
    wait_text(page, ".dn-ranking", "not ranked yet")
    assert "Choose your state just above" in text_of(page, ".dn-robustness")
    ranking = text_of(page, ".dn-ranking")
    assert "Your 5 providers, not ranked yet" in ranking
    assert "Example Physical Therapy (fictional)" in ranking
    assert "Add providers to compare them" not in text_of(page, ".dn-compare")
    assert not page.locator(".dn-compare-chart").is_visible()
    state = page.locator(".dn-compare-state").bounding_box()
    question = page.locator(".dn-robustness").bounding_box()
    assert 0 <= question["y"] - (state["y"] + state["height"]) < 120, (state, question)
    page.locator(".dn-compare-state").scroll_into_view_if_needed()
    shot(page, "compare-asks-for-the-state")
    page.locator(".dn-compare-state select").select_option(label="Florida (FL)")
    wait_text(page, ".dn-ranking", "1. Example Physical Therapy (fictional)")
    assert "not ranked yet" not in text_of(page, ".dn-ranking")
    assert page.locator(".dn-compare-chart").is_visible()
    assert page_errors == []
