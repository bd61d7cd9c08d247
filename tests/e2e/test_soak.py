"""A bounded soak: many visits in turn and several at once, each doing the journey.

Every visit must become interactive within a deadline (Voila can hang for good while rendering:
stack_probe §7, §8.2; a hang is counted, and the count must be zero), the server keeps answering,
no error is logged, and the live kernel count returns to its baseline after culling (a closed
tab's kernel is otherwise never shut down: §8.3).

Short form by default (4 in turn, 2 at once); ``DNKIT_SOAK_FULL=1`` runs 20 in turn and 5 at once.
The counts seen are written to ``test-artifacts/soak-summary.json``.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.request

import pytest
from conftest import ARTIFACTS
from journey import add_provider, choose_state, open_step, wait_cost_chart
from test_hardening import kernel_pids, short_cull_server

from dnkit.paths import dashboard_notebook

pytestmark = pytest.mark.soak

FULL = os.environ.get("DNKIT_SOAK_FULL") == "1"
IN_TURN, AT_ONCE = (20, 5) if FULL else (4, 2)
INTERACTIVE_S = 60  # from navigation to the first step shown
CULL_IDLE_S, CULL_INTERVAL_S = 15, 2
# Log lines that are errors of ours, not the platform's known noise (stack_probe §8.11).
ERROR_LINE = re.compile(r"\bERROR\b|Traceback|Uncaught exception|Exception in")
NOISE = re.compile(r"KeyboardInterrupt caught in kernel")


@pytest.fixture(scope="module")
def soak_server():
    server = short_cull_server(dashboard_notebook(), idle=CULL_IDLE_S, interval=CULL_INTERVAL_S)
    yield server
    server.stop()


def answering(server, timeout: float = 10) -> bool:
    try:
        with urllib.request.urlopen(server.url + "voila/static/voila.js", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def journey(page, n: int) -> None:
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    open_step(page, "Check")
    add_provider(page, f"Soak Clinic {n} (fictional)")
    open_step(page, "Costs")
    wait_cost_chart(page)
    page.wait_for_function(
        "(n) => document.querySelector('.dn-provider-costs').innerText.includes(n)",
        arg=f"Soak Clinic {n}",
    )


def interactive(page, started: float) -> float | None:
    """Seconds until the first step shows, or None for a hang past the deadline."""
    left = max(1.0, INTERACTIVE_S - (time.monotonic() - started))
    try:
        page.wait_for_selector(".dn-app .dn-step-start", timeout=left * 1000)
    except Exception:
        return None
    return time.monotonic() - started


def leave(page) -> None:
    try:
        page.goto("about:blank")
        page.wait_for_timeout(300)
    finally:
        page.context.close()


def test_soak(browser, soak_server):
    # A quiet spell longer than the cull timeout comes first, so the warm kernel has waited in
    # the pool past it when the first visitor gets it, as after a quiet hour in production (that
    # kernel used to be culled before the visitor's page connected, and the page hung).
    time.sleep(CULL_IDLE_S + 2 * CULL_INTERVAL_S)
    baseline = len(kernel_pids(soak_server))
    times: list[float] = []
    hangs = 0
    peak = baseline
    visit = 0
    started_all = time.monotonic()

    def new_page():
        ctx = browser.new_context(viewport={"width": 1280, "height": 1800})
        page = ctx.new_page()
        page.set_default_timeout(INTERACTIVE_S * 1000)
        return page

    for _ in range(IN_TURN):
        visit += 1
        page = new_page()
        start = time.monotonic()
        page.goto(soak_server.url, wait_until="commit")
        seconds = interactive(page, start)
        if seconds is None:
            hangs += 1
        else:
            times.append(seconds)
            journey(page, visit)
        peak = max(peak, len(kernel_pids(soak_server)))
        leave(page)
        assert answering(soak_server)

    pages = []
    for _ in range(AT_ONCE):
        visit += 1
        page = new_page()
        start = time.monotonic()
        page.goto(soak_server.url, wait_until="commit")
        pages.append((visit, page, start))
    assert answering(soak_server)  # the server answers while it renders several pages
    for _n, page, start in pages:
        seconds = interactive(page, start)
        if seconds is None:
            hangs += 1
        else:
            times.append(seconds)
    peak = max(peak, len(kernel_pids(soak_server)))
    for n, page, _start in pages:
        if page.locator(".dn-app .dn-step-start").count():
            journey(page, n)
        leave(page)
    assert answering(soak_server)

    deadline = time.monotonic() + CULL_IDLE_S + 60
    while len(kernel_pids(soak_server)) > baseline and time.monotonic() < deadline:
        time.sleep(1)
    after = len(kernel_pids(soak_server))
    log = soak_server.log()
    errors = [ln for ln in log.splitlines() if ERROR_LINE.search(ln) and not NOISE.search(ln)]
    summary = {
        "form": "full" if FULL else "short",
        "visits": visit,
        "in_turn": IN_TURN,
        "at_once": AT_ONCE,
        "interactive": len(times),
        "hangs": hangs,
        "slowest_interactive_s": round(max(times), 1) if times else None,
        "median_interactive_s": round(sorted(times)[len(times) // 2], 1) if times else None,
        "kernels_baseline": baseline,
        "kernels_peak": peak,
        "kernels_after_culling": after,
        "culled": log.count("Culling 'idle' kernel"),
        "errors_logged": len(errors),
        "seconds": round(time.monotonic() - started_all, 1),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "soak-summary.json").write_text(json.dumps(summary, indent=2))
    print("soak:", json.dumps(summary))
    assert hangs == 0, summary
    assert len(times) == visit, summary
    assert errors == [], errors[:5]
    assert peak > baseline, summary  # the visits did start kernels ...
    assert after == baseline, summary  # ... and culling took them all back
