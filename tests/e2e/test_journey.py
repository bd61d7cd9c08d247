"""A new user's whole journey, on a desktop and on a 375 px phone screen."""

from __future__ import annotations

import json

import pytest
from conftest import ARTIFACTS, plot_data
from journey import add_provider, answer, choose_state, open_step, shot, upload, wait_cost_chart

SIZES = {"desktop": (1280, 1800), "phone": (375, 2400)}


@pytest.mark.parametrize("size", list(SIZES))
def test_whole_journey(make_page, voila_server, page_errors, tmp_path, size):
    width, height = SIZES[size]
    page = make_page(width=width, height=height)
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    assert "not medical advice" in page.inner_text(".dn-not-advice")
    shot(page, f"journey-{size}-1-opening")

    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    page.wait_for_selector(".dn-first-answer:has-text('Colorado')")
    shot(page, f"journey-{size}-2-start")

    open_step(page, "Check")
    add_provider(page, "Alpha Physio (fictional)", "PT", "60", "40", "Yes", "80-120", "Course A")
    verdict_a = page.inner_text(".dn-vet-result .dn-verdict")
    add_provider(page, "Beta Needles (fictional)", "DC", "20", "10", "No", "60", "Course B")
    page.wait_for_selector(".dn-vet-result .dn-verdict-does_not_meet")
    assert "Does not meet" in page.inner_text(".dn-vet-result .dn-verdict")
    assert verdict_a != page.inner_text(".dn-vet-result .dn-verdict")
    shot(page, f"journey-{size}-3-vet")

    open_step(page, "Compare")
    page.wait_for_selector(".dn-ranking:has-text('Alpha Physio')")
    assert "Beta Needles" in page.inner_text(".dn-compare")
    shot(page, f"journey-{size}-4-compare")

    open_step(page, "Costs")
    wait_cost_chart(page)
    before = page.inner_text(".dn-cost-summary")
    page.focus(".dn-sessions .noUi-handle")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(old) => document.querySelector('.dn-cost-summary').innerText !== old", arg=before
    )
    assert "Alpha Physio" in page.inner_text(".dn-provider-costs")
    chart = plot_data(page, ".dn-cost-chart")
    assert any(t["y"] for t in chart)
    shot(page, f"journey-{size}-5-costs")

    open_step(page, "Your plan")
    for key in ("sure", "informed", "values", "support"):
        answer(page, f"sure-end-{key}", "Yes")
    page.wait_for_selector(".dn-plan-summary:has-text('Beta Needles')")
    summary = page.inner_text(".dn-plan-summary")
    assert "Alpha Physio" in summary and "Colorado" in summary
    with page.expect_download() as dl:
        page.locator(".dn-save-plan").click()
    saved = tmp_path / "plan.json"
    dl.value.save_as(saved)
    plan = json.loads(saved.read_text())
    assert [p["name"] for p in plan["providers"]] == [
        "Alpha Physio (fictional)",
        "Beta Needles (fictional)",
    ]
    assert plan["costs"]["sessions"] == 7
    shot(page, f"journey-{size}-6-plan")
    # The browser's print shows the summary without the navigation and the buttons.
    page.emulate_media(media="print")
    assert not page.locator(".dn-steps").is_visible()
    assert not page.locator(".dn-next").is_visible()
    assert page.locator(".dn-plan-summary h1").is_visible()
    if size == "desktop":  # keep what the printer would get, as an artifact
        pdf = page.pdf(path=str(ARTIFACTS / "journey-plan-print.pdf"))
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2  # not clipped to one
    page.emulate_media(media="screen")

    # Start over in a new page and load the plan back.
    page.reload(wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Your plan")
    upload(page, ".dn-load-plan", saved)
    page.wait_for_selector(".dn-plan .dn-ok:has-text('Loaded your plan')")
    assert "Beta Needles" in page.inner_text(".dn-plan-summary")
    open_step(page, "Start")
    assert page.locator(".dn-state select").input_value() == "Colorado (CO)"
    open_step(page, "Costs")
    wait_cost_chart(page)
    assert page.locator(".dn-sessions .widget-readout").inner_text().strip() == "7"
    open_step(page, "Check")
    page.wait_for_selector(".dn-pick select option:has-text('Beta Needles')", state="attached")
    options = [
        o.replace("\xa0", " ") for o in page.locator(".dn-pick select option").all_inner_texts()
    ]
    assert "Alpha Physio (fictional)" in options and "Beta Needles (fictional)" in options
    shot(page, f"journey-{size}-7-restored")
    assert page_errors == []
