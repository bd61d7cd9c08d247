"""Accessibility: axe-core checks each step of the dashboard against WCAG 2 A and AA rules,
and the steps can be reached with the keyboard alone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from journey import open_step

STEPS = ["Learn", "Start", "Check", "Compare", "Costs", "Your plan"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def test_every_step_passes_axe_wcag_aa(make_page, voila_server, page_errors, axe):
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    problems = []
    for step in STEPS:
        open_step(page, step)
        page.wait_for_selector(f".dn-steps button.mod-active:has-text('{step}')")
        page.wait_for_timeout(500)  # let the step's widgets finish drawing
        result = axe.run(page, context=".dn-app", options=AXE_OPTIONS)
        for v in result.response["violations"]:
            targets = [n["target"] for n in v["nodes"]][:3]
            problems.append(f"{step}: {v['id']} ({v['impact']}): {v['help']} at {targets}")
    assert problems == [], "\n".join(problems)
    assert page_errors == []


def test_steps_can_be_opened_with_the_keyboard(make_page, voila_server, page_errors):
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start .dn-state select")
    page.locator(".dn-steps button", has_text="Learn").focus()
    page.keyboard.press("Tab")  # the next step button
    assert page.evaluate("document.activeElement.innerText").strip().endswith("Check")
    page.keyboard.press("Space")
    page.wait_for_selector(".dn-app .dn-step-vet .dn-field-name input")
    # The new step's heading takes the focus, so the keyboard carries on inside the step.
    page.wait_for_function(
        "() => document.activeElement.closest('.dn-step-vet') && "
        "document.activeElement.tagName === 'H2'"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.dn-step-vet')")
    assert page_errors == []
