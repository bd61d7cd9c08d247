"""The draft survives a reload: kept in the browser's localStorage, offered back, restored exactly.

Runs against the real dashboard, which places a DraftKeeper at the top of the app.
"""

from __future__ import annotations

import json

import pytest
from journey import add_provider, choose_state, open_step, shot

from dnkit.ui.draft import OFFER, STORAGE_KEY

NAME = "Ålpha Physio 🌿 (fictional)"


@pytest.fixture(scope="module")
def draft_server(voila_server):
    return voila_server


def stored(page) -> str | None:
    return page.evaluate("(k) => window.localStorage.getItem(k)", STORAGE_KEY)


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    page.wait_for_selector(".dn-draft-switch input")


def test_draft_survives_a_reload_and_is_restored_exactly(make_page, draft_server, page_errors):
    page = make_page()
    open_app(page, draft_server.url)
    assert page.locator(".dn-draft-offer").is_hidden()
    assert page.locator(".dn-draft-switch").inner_text().strip() == "Keep a draft in this browser"

    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    open_step(page, "Check")
    add_provider(page, NAME, "PT", hours="60", price="80-120")
    page.wait_for_function(
        "([k, n]) => (localStorage.getItem(k) || '').includes(n)", arg=[STORAGE_KEY, NAME]
    )
    before = json.loads(stored(page))
    assert before["jurisdiction"] == "CO"

    page.reload(wait_until="commit")
    page.wait_for_selector(".dn-draft-offer", state="visible")
    assert OFFER in page.inner_text(".dn-draft-offer")
    shot(page, "draft-offered")
    page.locator(".dn-draft-restore").click()
    page.wait_for_selector(".dn-draft-message .dn-ok")
    assert page.locator(".dn-draft-offer").is_hidden()

    open_step(page, "Check")
    # ipywidgets writes option labels with no-break spaces, and uses the label as the value.
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('.dn-pick select option')]"
        ".some(o => o.textContent.replace(/\\u00a0/g, ' ') === n)",
        arg=NAME,
    )
    assert page.locator(".dn-vet-state select").input_value() == "Colorado (CO)"
    open_step(page, "Start")
    page.wait_for_selector(".dn-state select")
    assert page.locator(".dn-state select").input_value() == "Colorado (CO)"
    page.wait_for_function(
        "([k, n]) => (localStorage.getItem(k) || '').includes(n)", arg=[STORAGE_KEY, NAME]
    )
    after = json.loads(stored(page))
    before.pop("saved_at")
    after.pop("saved_at")
    assert after == before  # restored exactly, and kept as the draft again
    shot(page, "draft-restored")
    assert page_errors == []


def test_switched_off_nothing_is_kept_or_offered(make_page, draft_server, page_errors):
    page = make_page()
    open_app(page, draft_server.url)
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Texas (TX)")
    page.wait_for_function("(k) => !!localStorage.getItem(k)", arg=STORAGE_KEY)

    page.locator(".dn-draft-switch input").uncheck()
    page.wait_for_function("(k) => localStorage.getItem(k) === null", arg=STORAGE_KEY)
    choose_state(page, ".dn-state", "Florida (FL)")  # a change after switching off
    page.wait_for_timeout(500)
    assert stored(page) is None

    page.reload(wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    # The browser remembers the choice: the switch comes back off, and nothing is offered.
    page.wait_for_function("() => !document.querySelector('.dn-draft-switch input').checked")
    assert page.locator(".dn-draft-offer").is_hidden()
    assert stored(page) is None

    # Switching on again keeps a draft; the clear button removes it.
    page.locator(".dn-draft-switch input").check()
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    page.wait_for_function(
        "(k) => (localStorage.getItem(k) || '').includes('\"CO\"')", arg=STORAGE_KEY
    )
    page.locator(".dn-draft-clear").click()
    page.wait_for_function("(k) => localStorage.getItem(k) === null", arg=STORAGE_KEY)
    page.reload(wait_until="commit")
    page.wait_for_selector(".dn-draft-switch input:checked")
    page.wait_for_timeout(1000)
    assert page.locator(".dn-draft-offer").is_hidden()
    assert page_errors == []
