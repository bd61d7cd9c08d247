"""A lost connection is not a dead page (issue 17, point 6).

A visitor on a phone enters answers (a state, a provider, a cost), then the page loses its kernel
for real: the kernel process is killed as the kernel-memory killer does it (SIGKILL), the whole
server is stopped and started again, the network goes away, and the kernel is shut down through
the server's API. Each time the page must say so in words at the top, with no broken-link icons,
and after a reload the draft kept in the browser is offered and restores exactly.
"""

from __future__ import annotations

import json
import signal
import time
import urllib.request

import psutil
import pytest
import support.voila
from conftest import ARTIFACTS, VoilaServer
from journey import add_provider, choose_state, open_step

from dnkit.paths import dashboard_notebook
from dnkit.ui.draft import (
    CONNECTION_LOST_KEPT,
    CONNECTION_LOST_NOT_KEPT,
    OFFER,
    RELOAD_LABEL,
    STORAGE_KEY,
)

NAME = "Ålpha Physio 🌿 (fictional)"
PHONE = {"width": 375, "height": 812}
BANNER = "#dn-connection-lost"
# "Within a few seconds": the kernel's death is reported by the server as soon as its restarter
# notices (it polls every 3 s); a stopped server or a lost network after a 2.5 s grace time.
SAYS_SO_WITHIN_MS = 10_000
# What a page whose kernel is gone legitimately logs: its socket failing to reconnect.
DYING_NOISE = ("WebSocket connection to",)


def open_app(page, url: str) -> list[str]:
    """Open the dashboard; returns the list the page's kernel sockets are recorded in."""
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    page.wait_for_selector(".dn-draft-switch input")
    return sockets


def kernel_id(sockets: list[str]) -> str:
    urls = [u for u in sockets if "/api/kernels/" in u]
    assert urls, sockets
    return urls[-1].split("/api/kernels/", 1)[1].split("/", 1)[0]


def kernel_processes(server: VoilaServer, kid: str) -> list[psutil.Process]:
    """The live server's process for this visitor's kernel (found by its connection file)."""
    kids = psutil.Process(server.proc.pid).children(recursive=True)
    return [p for p in kids if any(f"kernel-{kid}.json" in arg for arg in p.cmdline())]


def stored(page) -> dict:
    return json.loads(page.evaluate("(k) => localStorage.getItem(k)", STORAGE_KEY) or "null")


def wait_stored(page, test: str, arg=None) -> None:
    """Wait until the draft in localStorage (``d``, parsed) passes ``test``."""
    page.wait_for_function(
        f"([k, arg]) => {{ const d = JSON.parse(localStorage.getItem(k) || 'null');"
        f" return !!d && ({test}); }}",
        arg=[STORAGE_KEY, arg],
    )


def enter_answers(page) -> dict:
    """A state, a provider and a cost, each confirmed by the kernel (it writes the draft)."""
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    open_step(page, "Check")
    add_provider(page, NAME, "PT", hours="60", price="80-120")
    open_step(page, "Costs")
    page.get_by_text("I have insurance", exact=True).click()
    box = page.locator(".dn-copay input")
    box.fill("30")
    box.press("Enter")
    wait_stored(
        page,
        "d.jurisdiction === 'CO' && d.costs.copay === 30 && d.providers.some(p => p.name === arg)",
        NAME,
    )
    return stored(page)


def banner_facts(page) -> dict:
    """What a person sees of the banner, and of the broken-link icons under it."""
    return page.evaluate(
        """(id) => {
        const b = document.querySelector(id);
        if (!b) return null;
        const text = b.querySelector('.dn-connection-text');
        const button = b.querySelector('button');
        const box = (e) => { const r = e.getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                    width: r.width, height: r.height}; };
        const dead = [...document.querySelectorAll('.jupyter-widgets-disconnected')];
        const icons = dead.filter((e) => {
            const s = getComputedStyle(e, '::before');
            return s.content !== 'none' && s.content !== 'normal' && s.display !== 'none';
        });
        const visible = getComputedStyle(b);
        return {
            text: text.textContent, role: b.getAttribute('role'), button: button.textContent,
            banner: box(b), textBox: box(text), buttonBox: box(button),
            fontSize: parseFloat(getComputedStyle(text).fontSize),
            buttonFontSize: parseFloat(getComputedStyle(button).fontSize),
            shown: visible.display !== 'none' && visible.visibility !== 'hidden',
            clipped: b.scrollWidth > b.clientWidth || text.scrollWidth > text.clientWidth,
            onTop: document.elementFromPoint(box(text).left + 2, box(text).top + 2) === text,
            viewport: {width: window.innerWidth, height: window.innerHeight},
            dead: dead.length, icons: icons.length,
        }; }""",
        BANNER,
    )


def assert_says_so(page, words: str, name: str) -> dict:
    """The banner is at the top, in words, readable and tappable; no icon litters the page."""
    for size in (PHONE, {"width": 768, "height": 1024}, {"width": 1280, "height": 800}):
        page.set_viewport_size(size)
        page.wait_for_timeout(200)  # the banner's height is measured again after a resize
        f = banner_facts(page)
        assert f is not None, "no banner"
        assert f["text"] == words and f["role"] == "alert" and f["button"] == RELOAD_LABEL, f
        assert f["shown"] and f["onTop"], f
        vw, vh = f["viewport"]["width"], f["viewport"]["height"]
        # At the top of the screen, across it, and nothing cut off at either edge.
        assert f["banner"]["top"] == 0 and f["banner"]["left"] == 0, f
        assert f["banner"]["width"] == vw and not f["clipped"], f
        for part in ("textBox", "buttonBox"):
            assert f[part]["left"] >= 0 and f[part]["right"] <= vw, (part, f)
            assert f[part]["top"] >= 0 and f[part]["bottom"] <= vh, (part, f)
        assert f["fontSize"] >= 16 and f["buttonFontSize"] >= 16, f
        assert f["buttonBox"]["width"] >= 44 and f["buttonBox"]["height"] >= 44, f
        assert f["icons"] == 0, f"{f['icons']} broken-link icons of {f['dead']} dead widgets"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size['width']}.png"))
    page.set_viewport_size(PHONE)
    return f


def reload_and_restore(page, before: dict) -> None:
    """The person taps Reload: the draft is offered, and Restore gives back the same plan."""
    page.locator(f"{BANNER} button").click()
    page.wait_for_selector(".dn-draft-offer", state="visible")
    assert OFFER in page.inner_text(".dn-draft-offer")
    assert page.locator(BANNER).count() == 0  # a new page, with a kernel of its own
    page.locator(".dn-draft-restore").click()
    page.wait_for_selector(".dn-draft-message .dn-ok")
    # The new kernel took the plan and wrote it back as the draft (a new saved_at says so).
    wait_stored(page, "d.saved_at !== arg", before["saved_at"])
    after = stored(page)
    assert {**after, "saved_at": ""} == {**before, "saved_at": ""}
    # And the page shows it.
    open_step(page, "Costs")
    page.get_by_text("I have insurance", exact=True).click()
    page.wait_for_function("() => document.querySelector('.dn-copay input')?.value === '30'")
    open_step(page, "Start")
    assert page.locator(".dn-state select").input_value() == "Colorado (CO)"


def stop_kernel_through_the_api(server: VoilaServer, kid: str) -> None:
    """DELETE /api/kernels/<id>, as an operator or a memory guard stops a kernel. The server asks
    for a token in a cookie and the same token in a header (it does not sign it)."""
    request = urllib.request.Request(
        f"{server.url}api/kernels/{kid}",
        method="DELETE",
        headers={"Cookie": "_xsrf=dnkit-test", "X-XSRFToken": "dnkit-test"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 204


def no_errors_but_dying_socket(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(n in e for n in DYING_NOISE)]


def test_a_kernel_killed_mid_journey_is_said_in_words_and_the_draft_restores_exactly(
    make_page, voila_server, page_errors
):
    page = make_page(**PHONE)
    sockets = open_app(page, voila_server.url)
    before = enter_answers(page)
    assert page.locator(BANNER).count() == 0  # nothing said while the kernel is there
    assert page_errors == []

    # The kernel-memory killer's way: SIGKILL to this visitor's kernel process, nothing else.
    processes = kernel_processes(voila_server, kernel_id(sockets))
    assert len(processes) == 1, processes
    killed = time.monotonic()
    processes[0].send_signal(signal.SIGKILL)
    page.wait_for_selector(BANNER, timeout=SAYS_SO_WITHIN_MS)
    took = time.monotonic() - killed
    # ipywidgets has marked the dead widgets (each would carry a broken-link icon).
    page.wait_for_function("() => !!document.querySelector('.jupyter-widgets-disconnected')")
    facts = assert_says_so(page, CONNECTION_LOST_KEPT, "connection-lost-kernel-killed")
    print(f"banner {took:.1f} s after the kill; {facts['dead']} dead widgets, 0 icons")

    reload_and_restore(page, before)
    assert no_errors_but_dying_socket(page_errors) == []


@pytest.fixture
def own_server():
    servers: list[VoilaServer] = []

    def start() -> VoilaServer:
        servers.append(VoilaServer(dashboard_notebook()))
        return servers[-1]

    yield start
    for server in servers:
        if server.proc.poll() is None:
            server.stop()


def test_a_server_stopped_and_started_again_is_said_in_words_and_the_draft_restores(
    make_page, own_server, page_errors, monkeypatch
):
    first = own_server()
    page = make_page(**PHONE)
    open_app(page, first.url)
    before = enter_answers(page)

    first.stop()  # as a restart or a redeploy does: every kernel ends, the socket closes
    stopped = time.monotonic()
    page.wait_for_selector(BANNER, timeout=SAYS_SO_WITHIN_MS)
    took = time.monotonic() - stopped
    assert_says_so(page, CONNECTION_LOST_KEPT, "connection-lost-server-stopped")
    print(f"banner {took:.1f} s after the server stopped")

    # The server comes back at the same address; the page still says what happened.
    monkeypatch.setattr(support.voila, "free_port", lambda *_a, **_k: first.port)
    second = own_server()
    assert second.url == first.url
    page.wait_for_timeout(1000)
    assert page.locator(BANNER).count() == 1
    reload_and_restore(page, before)
    assert no_errors_but_dying_socket(page_errors) == []


def test_network_gone_and_back_and_a_kernel_stopped_through_the_api(
    make_page, voila_server, page_errors
):
    page = make_page(**PHONE)
    context = page.context
    sockets = open_app(page, voila_server.url)
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    wait_stored(page, "d.jurisdiction === 'CO'")

    # The network goes: said in words; it comes back: the banner goes and the page works.
    context.set_offline(True)
    page.wait_for_selector(BANNER, timeout=SAYS_SO_WITHIN_MS)
    assert banner_facts(page)["text"] == CONNECTION_LOST_KEPT
    context.set_offline(False)
    page.wait_for_selector(BANNER, state="detached", timeout=SAYS_SO_WITHIN_MS)
    choose_state(page, ".dn-state", "Texas (TX)")
    wait_stored(page, "d.jurisdiction === 'TX'")

    # With the draft switched off, the words do not promise that anything is kept.
    page.locator(".dn-draft-switch input").uncheck()
    page.wait_for_function("(k) => localStorage.getItem(k) === null", arg=STORAGE_KEY)
    context.set_offline(True)
    page.wait_for_selector(BANNER, timeout=SAYS_SO_WITHIN_MS)
    assert_says_so(page, CONNECTION_LOST_NOT_KEPT, "connection-lost-draft-off")
    context.set_offline(False)
    page.wait_for_selector(BANNER, state="detached", timeout=SAYS_SO_WITHIN_MS)
    page.locator(".dn-draft-switch input").check()
    wait_stored(page, "d.jurisdiction === 'TX'")

    # A kernel shut down through the server's API leaves the page's socket open and silent;
    # the next thing the person does finds out, and the page says so.
    stop_kernel_through_the_api(voila_server, kernel_id(sockets))
    page.wait_for_timeout(1000)
    assert page.locator(BANNER).count() == 0  # nothing has told the page yet
    choose_state(page, ".dn-state", "Florida (FL)")
    page.wait_for_selector(BANNER, timeout=SAYS_SO_WITHIN_MS)
    assert_says_so(page, CONNECTION_LOST_KEPT, "connection-lost-kernel-shut-down")
    assert stored(page)["jurisdiction"] == "TX"  # the last answer the kernel took is kept
    assert no_errors_but_dying_socket(page_errors) == []
