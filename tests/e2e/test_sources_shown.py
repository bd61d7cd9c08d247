"""Every dashboard step read as a person reads it: sources carry titles, never bare addresses.

Issue 15: no screen shows a bare web address, a spam or mirror domain, or a source without a
title. The test fills the plan (a state and a provider) so each step has rules, findings, costs
and their sources to show, then opens every step and reads all of its text, including text in
closed ``<details>``.
"""

from __future__ import annotations

import re

from journey import add_provider, choose_state, open_step, shot

from dnkit.sources import JUNK_DOMAINS, registry
from dnkit.ui.app import STEPS

# All text under a node, hidden or not, except style sheets and scripts.
TEXT_JS = """(root) => {
  const out = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const parent = walk.currentNode.parentElement;
    if (parent && !parent.closest('style, script')) out.push(walk.currentNode.textContent);
  }
  return out.join(' ');
}"""
LINKS_JS = """(root) => Array.from(root.querySelectorAll('a[href]')).map(a => ({
  href: a.href, text: a.textContent.trim(), cited: !!a.closest('.dn-sources, .dn-source')}))"""
SOURCE_ITEMS_JS = """(root) => Array.from(root.querySelectorAll('.dn-sources li'))
  .map(li => li.textContent.trim())"""
ADDRESS = re.compile(r"https?://|\bwww\.")


def _step_name(label: str) -> str:
    return label.split(". ", 1)[-1]


def test_every_step_shows_titled_sources_and_no_bare_address(make_page, voila_server, page_errors):
    page = make_page(width=1280, height=1800)
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start .dn-state select")
    choose_state(page, ".dn-state", "Colorado (CO)")
    page.wait_for_selector(".dn-first-answer:has-text('Colorado')")
    open_step(page, "Check")
    add_provider(page, "Alpha Physio (fictional)", "PT", "60", "30", "Yes", "80-120", "Course A")

    titles = {c.title.rstrip(".") for c in registry().values()}
    problems, cited_links = [], 0
    for step in STEPS:
        open_step(page, _step_name(step.label))
        root = page.locator(f".dn-step-{step.key}")
        root.wait_for(state="visible")
        page.wait_for_selector(f".dn-step-{step.key} .dn-sources li", state="attached")
        handle = root.element_handle()
        text = page.evaluate(TEXT_JS, handle)
        links = page.evaluate(LINKS_JS, handle)
        items = page.evaluate(SOURCE_ITEMS_JS, handle)
        shot(page, f"sources-shown-{step.key}")

        for found in ADDRESS.finditer(text):
            near = text[max(0, found.start() - 60) : found.end() + 60]
            problems.append(f"{step.key}: bare address in text: ...{near}")
        for domain in JUNK_DOMAINS:
            if domain in text or any(domain in link["href"] for link in links):
                problems.append(f"{step.key}: spam or mirror domain {domain}")
        for link in links:
            if ADDRESS.match(link["text"]) or not link["text"]:
                problems.append(f"{step.key}: a link shows {link['text']!r}, not a title")
            if link["cited"]:
                cited_links += 1
                if link["text"].rstrip(".") not in titles:
                    problems.append(f"{step.key}: cited link {link['text']!r} is not a title")
        for item in items:
            if not item or ADDRESS.match(item):
                problems.append(f"{step.key}: a source with no title: {item!r}")
    assert problems == [], "\n".join(problems)
    assert cited_links > 50  # the rules, findings, guide and costs all showed their sources
    assert page_errors == []
