"""The Learn notebook in a real browser: the table, explained terms, and the SURE check."""

from pathlib import Path

import pytest
from conftest import ARTIFACTS, VoilaServer

NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "01-learn.ipynb"
KEYS = ("sure", "informed", "values", "support")


@pytest.fixture(scope="module")
def learn_server():
    server = VoilaServer(NOTEBOOK)
    yield server
    server.stop()


def open_learn(make_page, url, **size):
    page = make_page(**size)
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-learn .dn-compare")
    return page


def answer(page, key: str, word: str) -> None:
    page.locator(f".dn-field-sure-start-{key} button", has_text=word).click()


def test_comparison_table_has_header_cells(make_page, learn_server, page_errors):
    page = open_learn(make_page, learn_server.url)
    table = page.locator(".dn-compare")
    cols = table.locator("thead th[scope=col]").all_inner_texts()
    assert cols == ["Topic", "Dry needling", "Acupuncture", "Sources"]
    rows = table.locator("tbody th[scope=row]").all_inner_texts()
    assert "Training hours" in rows and "How it is billed" in rows
    assert "Traceback" not in page.content()
    assert page_errors == []


def test_notice_sources_and_review_date_are_shown(make_page, learn_server, page_errors):
    page = open_learn(make_page, learn_server.url)
    notice = page.inner_text(".dn-learn .dn-not-advice")
    assert "not medical advice" in notice and "December 3, 2026" in notice
    sources = page.inner_text(".dn-learn-comparison .dn-sources")
    assert "Date of source:" in sources
    assert "No one funds dnkit" in page.inner_text(".dn-learn-about")
    assert page_errors == []


def test_glossary_term_is_explained_where_it_appears(make_page, learn_server, page_errors):
    page = open_learn(make_page, learn_server.url)
    term = page.locator(".dn-compare abbr.dn-term", has_text="trigger points").first
    assert term.get_attribute("title").startswith("A tight, sore knot in a muscle.")
    note = page.locator(".dn-learn-comparison details.dn-terms")
    assert not note.locator("dd").first.is_visible()
    note.locator("summary").click()  # opens by click or keyboard; no script needed
    assert note.locator("dt", has_text="trigger point").is_visible()
    assert "knot in a muscle" in note.locator("dt:has-text('trigger point') + dd").inner_text()
    assert page_errors == []


def test_answering_the_sure_check_shows_the_score(make_page, learn_server, page_errors):
    page = open_learn(make_page, learn_server.url)
    score = page.locator(".dn-sure-start .dn-sure-score")
    assert "Answer all four" in score.inner_text()
    for key in KEYS[:3]:
        answer(page, key, "Yes")
    answer(page, "support", "No")
    page.wait_for_selector(".dn-sure-start .dn-sure-score:has-text('3 out of 4')")
    assert "talk it through" in score.inner_text()
    assert "Your answer to question 4: No." in page.inner_text(".dn-sure-start")
    answer(page, "support", "Yes")
    page.wait_for_selector(".dn-sure-start .dn-sure-score:has-text('4 out of 4')")
    assert "ready" in score.inner_text()
    page.screenshot(path=str(ARTIFACTS / "learn-sure-answered.png"))
    assert page_errors == []


def test_phone_width_keeps_the_table_and_questions_readable(make_page, learn_server, page_errors):
    page = open_learn(make_page, learn_server.url, width=375, height=1400)
    for css in (".dn-sure-start h3", ".dn-sure-start .dn-sure-q", ".dn-learn-decision h3"):
        box = page.locator(css).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, css
    # Nothing is cut off: no part of the view is wider than its box (the wide table scrolls).
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('.dn-learn .widget-html')]
                 .filter(el => el.scrollWidth > el.clientWidth + 1).length"""
    )
    assert too_wide == 0
    page.screenshot(path=str(ARTIFACTS / "learn-375px.png"), full_page=False)
    assert page_errors == []
