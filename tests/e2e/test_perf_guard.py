"""Regression guard: the dashboard's start stays close to the platform's floor, and its first
page stays light, compressed and cached (issue 18).

A short version of ``benchmarks/run.py``: one cold visit each to the two floor notebooks (one
slider, one plotly chart) and to the dashboard, in one browser, on this machine, now. Bounds are
loose ratios (time is noisy on a shared machine) and absolute byte budgets (bytes are not):
a change that doubles the page's start time, sends plotly.js over the websocket or with the
first page, or drops compression or cache lifetimes fails.
"""

from __future__ import annotations

import re
import sys
import urllib.request
from pathlib import Path

from conftest import ARTIFACTS, wait_for_plot

from dnkit.render.first_screen import FIRST_QUESTION, PURPOSE, TITLE
from dnkit.web import PLOTLY_PATH

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
    page.route(f"**/{PLOTLY_PATH}", lambda route: route.abort())
    page.goto(voila_server.url, wait_until="commit")
    page.locator(".dn-steps button", has_text="Costs").click()
    message = page.locator(".dn-cost-chart .dn-chart-failed")
    message.wait_for()
    assert "summary and the table show the same numbers" in message.inner_text()
    assert page.locator(".dn-cost-chart .js-plotly-plot").count() == 0
    assert "sessions" in page.inner_text(".dn-cost-summary")


# ------------------------------------------------------------------ light, compressed, cached
FIRST_PAGE_BUDGET = 2.0 * MB  # compressed, until the first step is interactive (target 2.5 MB)
REPEAT_BUDGET = 0.3 * MB
YEAR = 365 * 24 * 3600
READY = ".dn-app.dn-widgets .dn-steps button"


class Traffic:
    """Every response of a page: URL, status, bytes on the wire, and the headers that matter."""

    def __init__(self, page) -> None:
        self.rows: list[dict] = []
        page.on("requestfinished", self._add)

    def _add(self, request) -> None:
        response = request.response()
        if response is None or not request.url.startswith("http://127.0.0.1"):
            return
        sizes = request.sizes()
        self.rows.append(
            {
                "url": request.url,
                "status": response.status,
                "wire": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "body": sizes["responseBodySize"],
                "encoding": response.header_value("content-encoding") or "",
                "cache": response.header_value("cache-control") or "",
                "type": (response.header_value("content-type") or "").split(";")[0],
            }
        )

    def total(self) -> int:
        return sum(r["wire"] for r in self.rows)


def _max_age(cache_control: str) -> int:
    m = re.search(r"max-age=(\d+)", cache_control)
    return int(m.group(1)) if m else 0


def test_first_page_is_light_compressed_cached_and_loads_no_plotly(make_page, voila_server):
    page = make_page(width=375, height=812)
    traffic = Traffic(page)
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(READY)
    page.wait_for_timeout(500)
    first = list(traffic.rows)
    report = "\n".join(
        f"{r['wire']:>8} {r['encoding']:4} {r['cache'][:40]:40} {r['url']}" for r in first
    )

    assert not [r for r in first if "plotly" in r["url"]], f"plotly.js on the first page:\n{report}"
    assert traffic.total() < FIRST_PAGE_BUDGET, f"{traffic.total() / MB:.2f} MB:\n{report}"
    text = [
        r
        for r in first
        if r["status"] == 200
        and r["body"] > 2048
        and (
            r["type"].startswith("text/")
            or r["type"] in ("application/javascript", "application/json")
        )
    ]
    assert text, report
    assert all(r["encoding"] == "gzip" for r in text), report
    scripts = [r for r in first if r["url"].endswith(".js") or ".js?" in r["url"]]
    assert scripts and all(
        "immutable" in r["cache"] and _max_age(r["cache"]) >= YEAR for r in scripts
    ), report
    page_itself = next(r for r in first if r["url"] == voila_server.url)
    assert "no-store" in page_itself["cache"]  # the page holds this visitor's kernel id

    # A repeat visit in the same browser downloads almost nothing.
    before = len(traffic.rows)
    page.goto("about:blank")
    page.wait_for_timeout(300)
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(READY)
    page.wait_for_timeout(500)
    again = sum(r["wire"] for r in traffic.rows[before:])
    assert again < REPEAT_BUDGET, f"repeat visit {again / MB:.3f} MB"

    # The first chart fetches plotly.js's partial bundle, once, compressed and cached for a year.
    page.locator(".dn-steps button", has_text="Costs").click()
    wait_for_plot(page, ".dn-cost-chart", traces=1)
    plotly = [r for r in traffic.rows if "plotly" in r["url"]]
    assert [r["url"] for r in plotly] == [voila_server.url + PLOTLY_PATH]
    assert plotly[0]["encoding"] == "gzip" and "immutable" in plotly[0]["cache"]
    assert plotly[0]["wire"] < 0.6 * MB  # the full plotly.js is 4.8 MB, 1.4 MB compressed


def test_first_screen_words_are_in_the_html_and_show_without_javascript(browser, voila_server):
    req = urllib.request.Request(voila_server.url, headers={"Accept-Encoding": "identity"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        html = resp.read().decode()
    for words in (TITLE, PURPOSE, FIRST_QUESTION, "not medical advice"):
        assert words.replace("'", "&#x27;") in html or words in html, words
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.goto(voila_server.url, wait_until="load")
        for words in (TITLE, FIRST_QUESTION):
            box = page.get_by_text(words, exact=True).first.bounding_box()
            assert box and box["y"] + box["height"] <= 812, f"{words!r} not on the first screen"
            # Drawn where it stands, not clipped away by a box around it: the element a person
            # would touch at the middle of the words is (inside) the words' own element.
            on_top = page.get_by_text(words, exact=True).first.evaluate(
                """(el) => {
                     const r = el.getBoundingClientRect();
                     return el.contains(document.elementFromPoint(r.x + r.width / 2,
                                                                  r.y + r.height / 2));
                   }"""
            )
            assert on_top, f"{words!r} is in the page but hidden behind or clipped by another box"
        assert page.locator(".dn-not-advice").is_visible()
        page.screenshot(path=str(ARTIFACTS / "first-screen-no-javascript-375.png"))
    finally:
        context.close()


def test_widgets_take_over_without_the_page_jumping(make_page, voila_server):
    page = make_page(width=375, height=812)
    page.add_init_script(
        """window.__shift = 0; new PerformanceObserver((list) => {
             for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
           }).observe({ type: "layout-shift", buffered: true });"""
    )
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(READY)
    page.wait_for_timeout(1000)
    shift = page.evaluate("window.__shift")
    # Measured 0.003; 0.1 is the web's "poor" line, and a take-over that moved the app's box
    # (0.099 here, 0.098 under Lighthouse) slipped under it, so the guard sits at half of it.
    assert shift < 0.05, f"layout shift {shift:.3f}"
    # The header is drawn once; the waiting copy of the question is gone.
    assert page.locator("h1").count() == 1
    assert not page.locator(".dn-first-wait").is_visible()
    page.screenshot(path=str(ARTIFACTS / "first-screen-widgets-375.png"))
