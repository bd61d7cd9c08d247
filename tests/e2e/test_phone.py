"""A patient on a phone (375 x 812, touch) walks every step: what she sees is measured.

Issue 17's figures: body text at 16 px or more (85% of the characters or more) and nothing under
14 px; every button, input, select, toggle and check box (with its label) at least 44 x 44 px;
nothing past the edge of the screen; no web address shown as text; the Learn step at most four
screens tall before a section is opened; "Next" lands on the next step's top; and the first
screen answers a Colorado and a California patient within three taps, without scrolling.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ARTIFACTS
from journey import open_step

from dnkit.ui.app import STEPS

W, H = 375, 812
SIZES = {"phone": (375, 812), "tablet": (768, 1024), "laptop": (1280, 800)}

AUDIT = (Path(__file__).parent / "phone_audit.js").read_text()


def open_dashboard(make_page, url, size="phone"):
    width, height = SIZES[size]
    page = make_page(width=width, height=height, touch=size != "laptop")
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start .dn-state select")
    return page


@pytest.mark.parametrize(("state", "words"), [("Colorado (CO)", "Yes"), ("California (CA)", "No")])
def test_the_first_screen_answers_within_three_taps(make_page, voila_server, state, words):
    page = open_dashboard(make_page, voila_server.url)
    # Tap the state box, tap the state: two taps (the profession is preset, and shown).
    page.locator(".dn-state select").select_option(label=state)
    answer = page.locator(".dn-first-answer .dn-answer")
    answer.wait_for()
    box = answer.bounding_box()
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= H, box  # all of it, without scrolling
    text = answer.inner_text()
    assert text.startswith(f"\u2713 {words}") or text.startswith(f"\u2717 {words}")
    assert "physical therapist" in text
    if words == "Yes":
        assert "Training the state asks for" in text and "Ask them first" in text
    else:
        assert "outside the license" in text and "ask the state board" in text
    page.screenshot(path=str(ARTIFACTS / f"phone-first-answer-{state[-3:-1]}.png"))


def test_every_step_reads_well_and_can_be_tapped_on_a_phone(make_page, voila_server, page_errors):
    page = open_dashboard(make_page, voila_server.url)
    page.locator(".dn-state select").select_option(label="Colorado (CO)")
    page.locator(".dn-first-answer .dn-answer").wait_for()
    figures, problems = {}, []
    for i, step in enumerate(STEPS):
        open_step(page, step.label)
        page.locator(f".dn-step-{step.key}").wait_for(state="visible")
        page.wait_for_timeout(800)  # let the step finish drawing
        page.evaluate("window.scrollTo(0, 0)")
        m = page.evaluate(AUDIT)
        figures[step.key] = {
            "screens": round(m["height"] / H, 1),
            "text_16px_or_more": round(m["share16"], 3),
            "chars_under_14px": m["under14"],
            "tap_targets_under_44px": f"{len(m['tiny'])}/{m['targets']}",
            "cut_off": m["cutCount"],
            "addresses_as_text": len(m["urls"]),
        }
        page.screenshot(path=str(ARTIFACTS / f"phone-step{i + 1}-{step.key}.png"), full_page=True)
        if m["share16"] < 0.85:
            problems.append(f"{step.key}: only {m['share16']:.0%} of the text is 16 px or more")
        if m["under14"]:
            problems.append(f"{step.key}: text under 14 px: {m['smallText']}")
        if m["tiny"]:
            problems.append(f"{step.key}: tap targets under 44 px: {m['tiny'][:6]}")
        if m["inputs"]:
            problems.append(f"{step.key}: inputs under 16 px (phones zoom in): {m['inputs'][:3]}")
        if m["cutCount"]:
            problems.append(f"{step.key}: past the screen's edge: {m['cut']}")
        if m["urls"]:
            problems.append(f"{step.key}: web addresses as text: {m['urls'][:3]}")
        if step.key == "learn" and m["height"] > 4 * H:
            problems.append(f"learn: {m['height'] / H:.1f} screens before a section is opened")
    (ARTIFACTS / "phone-figures.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures, indent=1))
    assert problems == [], "\n".join(problems)
    assert page_errors == []


def test_next_and_the_step_buttons_land_on_the_top_of_the_step(make_page, voila_server):
    page = open_dashboard(make_page, voila_server.url)
    for step in STEPS[1:]:
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")  # at the end
        page.get_by_role("button", name="Next").first.click()
        heading = page.locator(f".dn-step-{step.key} h2").first
        heading.wait_for()
        page.wait_for_function(
            """(sel) => { const h = document.querySelector(sel);  // re-drawn as the step opens
                if (!h) return false;
                const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < 200; }""",
            arg=f".dn-step-{step.key} h2",
        )
        # The step bar stays on screen, above the step's heading (not over it).
        bar = page.locator(".dn-stepbar").bounding_box()
        top = heading.bounding_box()["y"]
        assert bar["y"] >= -1 and bar["y"] + bar["height"] <= top + 1, (bar, top)
        assert page.inner_text(".dn-where") == f"Step {STEPS.index(step) + 1} of 6: {step.label}"
    open_step(page, "Start")
    page.wait_for_function(  # the heading may be re-drawn as the step opens: wait for it
        "() => { const h = document.querySelector('.dn-step-start h2');"
        " return h !== null && h.getBoundingClientRect().top >= 0; }"
    )


@pytest.mark.parametrize("size", ["tablet", "laptop"])
def test_every_step_fits_a_tablet_and_a_laptop(make_page, voila_server, page_errors, size):
    """The same walk at 768 px (touch) and 1280 px: each step's heading opens on the first
    screen under the step bar, nothing is cut off at the edge, no text is under 14 px, and the
    screenshots of every step are kept for a person to look at."""
    _width, height = SIZES[size]
    page = open_dashboard(make_page, voila_server.url, size)
    page.locator(".dn-state select").select_option(label="Colorado (CO)")
    page.locator(".dn-first-answer .dn-answer").wait_for()
    problems = []
    for i, step in enumerate(STEPS):
        open_step(page, step.label)
        heading = page.locator(f".dn-step-{step.key} h2").first
        heading.wait_for(state="visible")
        page.wait_for_timeout(800)
        top = heading.bounding_box()
        if not (top["y"] >= 0 and top["y"] + top["height"] <= height):
            problems.append(f"{step.key}: its heading is not on the first screen ({top})")
        page.screenshot(path=str(ARTIFACTS / f"{size}-step{i + 1}-{step.key}.png"))
        page.evaluate("window.scrollTo(0, 0)")
        m = page.evaluate(AUDIT)
        if m["cutCount"]:
            problems.append(f"{step.key}: past the screen's edge: {m['cut']}")
        if m["under14"]:
            problems.append(f"{step.key}: text under 14 px: {m['smallText']}")
        if size == "tablet" and m["tiny"]:
            problems.append(f"{step.key}: tap targets under 44 px: {m['tiny'][:6]}")
    assert problems == [], "\n".join(problems)
    assert page_errors == []
