"""Regression guard: the dashboard's start stays close to the platform's floor.

A short version of ``benchmarks/run.py``: one cold visit each to the two floor notebooks (one
slider, one plotly chart) and to the dashboard, in one browser, on this machine, now. Bounds are
loose ratios (time is noisy on a shared machine) and an absolute byte budget (bytes are not):
a change that doubles the page's start time or sends plotly.js over the websocket fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ARTIFACTS

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

import harness

MB = 1_000_000
MAX_TTI_RATIO = 2.0  # dnkit / the faster floor
MAX_WS_BYTES = 2 * MB  # one FigureWidget alone sends about 5 MB


def _visit(browser, server, target, tries: int = 2) -> harness.Visit:
    """A cold visit; one retry, because Voila may hang rendering an Output (stack_probe §8.2).
    On the dashboard, the cost step is opened too: its chart must add only its own data."""
    for _ in range(tries):
        v = harness.visit(browser, server, target, deadline_s=120, open_chart=target.key == "dnkit")
        if v.ok:
            return v
    return v


def test_dashboard_start_stays_within_twice_the_floor(browser):
    targets = harness.targets()
    keys = ("figurewidget", "output", "dnkit")
    servers = {
        k: harness.Server(targets[k].notebook, harness.BEACON, ARTIFACTS, wait=False) for k in keys
    }
    try:
        for s in servers.values():
            s.wait_ready()
        visits = {k: _visit(browser, servers[k], targets[k]) for k in keys}
    finally:
        for s in servers.values():
            s.stop()
    report = {k: (round(v.tti_ms or -1), v.ws_bytes, v.error or "ok") for k, v in visits.items()}
    dn = visits["dnkit"]
    assert dn.ok, f"dashboard not interactive: {report}"
    floors = [v for k, v in visits.items() if k != "dnkit" and v.ok]
    assert floors, f"no floor page became interactive: {report}"
    # The measurement itself works: the FigureWidget floor ships plotly.js over the websocket.
    if visits["figurewidget"].ok:
        assert visits["figurewidget"].ws_bytes > 4 * MB, report
    assert dn.ws_bytes > 0, report
    assert dn.ws_bytes < MAX_WS_BYTES, f"dashboard sends {dn.ws_bytes / MB:.2f} MB: {report}"
    assert dn.open_ms is not None, f"the cost step's chart was not drawn: {report}"
    assert dn.open_ws_bytes < MAX_WS_BYTES, f"cost step sends {dn.open_ws_bytes / MB:.2f} MB"
    better = min(v.tti_ms for v in floors)
    ratio = dn.tti_ms / better
    assert ratio < MAX_TTI_RATIO, f"dashboard start is {ratio:.2f}x the floor: {report}"


def test_chart_says_so_in_words_when_the_page_has_no_plotly_js(make_page, voila_server):
    """The light chart borrows plotly.js from the page; without it, words, never a blank box."""
    page = make_page()
    page.route("**/labextensions/jupyterlab-plotly/**", lambda route: route.abort())
    page.goto(voila_server.url, wait_until="commit")
    page.locator(".dn-steps button", has_text="Costs").click()
    message = page.locator(".dn-cost-chart .dn-chart-failed")
    message.wait_for()
    assert "summary and the table show the same numbers" in message.inner_text()
    assert page.locator(".dn-cost-chart .js-plotly-plot").count() == 0
    assert "sessions" in page.inner_text(".dn-cost-summary")
