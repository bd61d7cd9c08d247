"""Measure Voila pages in headless Chromium: time to interactive, bytes, latency, memory.

Shared by ``benchmarks/run.py`` (the full benchmark) and ``tests/e2e/test_perf_guard.py`` (the
short regression guard). All timings are taken inside the page with ``performance.now()``, which
counts from the navigation start, so Playwright's own round trips never add to them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # the test tooling: tests/support

from support.chromium import launch  # noqa: E402
from support.voila import BEACON as BEACON  # noqa: E402  (re-exported for run.py)
from support.voila import PLAIN_PAGE, VoilaProcess  # noqa: E402

PREHEAT = ["--preheat_kernel=True", "--pool_size=1"]


@dataclass(frozen=True)
class Target:
    """A page to measure: what makes its first view interactive, and where its chart is."""

    key: str
    label: str
    notebook: Path
    ready: tuple[str, ...]  # controls of the first view; all visible = interactive
    chart: str  # the chart widget; the plotly graph div is it or inside it
    traces: int  # traces the chart has once drawn
    control: str  # slider handle for the latency test; arrow keys move it one step
    chart_first: bool = True  # the chart is part of the first view
    open_button: str = ""  # button to click (selector, text) to reach the chart's view
    open_text: str = ""


def targets() -> dict[str, Target]:
    from dnkit.paths import dashboard_notebook

    floor = {
        "ready": (".bench-slider .noUi-handle",),
        "chart": ".bench-chart",
        "traces": 3,
        "control": ".bench-slider .noUi-handle",
    }
    return {
        "figurewidget": Target(
            "figurewidget",
            "FigureWidget floor",
            BENCH / "floor_figurewidget.ipynb",
            **floor,
        ),
        "output": Target("output", "Output floor", BENCH / "floor_output.ipynb", **floor),
        # The dashboard opens on step 1 (Start: the first question, no chart). The cost
        # chart is built when its step is first opened; latency is measured there.
        "dnkit": Target(
            "dnkit",
            "dnkit dashboard",
            dashboard_notebook(),
            ready=(".dn-steps button", ".dn-next", ".dn-start"),
            chart=".dn-cost-chart",
            traces=4,
            control=".dn-sessions .noUi-handle",
            chart_first=False,
            open_button=".dn-steps button",
            open_text="Costs",
        ),
    }


FLOORS = ("figurewidget", "output")

# Installed before any page script. Polls for readiness and records the moment in-page;
# arms one latency measurement at a time (keydown -> chart data changed -> painted).
PAGE_SCRIPT = """
(() => {
  const cfg = __CFG__;
  const b = (window.__bench = { tti: null, lat: null });
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const graph = () => {
    const c = document.querySelector(cfg.chart);
    if (!c) return null;
    return c.classList.contains("js-plotly-plot") ? c : c.querySelector(".js-plotly-plot");
  };
  const signature = () => {
    const gd = graph();
    if (!gd || !gd.data) return null;
    return JSON.stringify(
      gd.data.map((t) => [t.x ? Array.from(t.x) : null, t.y ? Array.from(t.y) : null]),
    );
  };
  const drawn = () => {
    const gd = graph();
    return Boolean(gd && gd.data && gd.data.length >= cfg.traces && gd._fullLayout &&
      gd.querySelector(".main-svg") && visible(gd));
  };
  const ready = () =>
    cfg.ready.every((sel) => visible(document.querySelector(sel))) &&
    (!cfg.chartFirst || drawn());
  b.drawn = drawn;
  // Click on the step button -> its chart drawn.
  b.armOpen = () => {
    const open = (b.open = { t0: null, drawn: null });
    window.addEventListener("click", () => { if (open.t0 === null) open.t0 = performance.now(); },
                            { capture: true, once: true });
    const iv = setInterval(() => {
      if (open.t0 !== null && drawn()) { open.drawn = performance.now(); clearInterval(iv); }
    }, 5);
  };
  const poll = setInterval(() => {
    if (b.tti === null && ready()) {
      b.tti = performance.now();
      clearInterval(poll);
    }
  }, 10);
  b.staticBytes = (until) => {
    let transfer = 0, body = 0, count = 0;
    for (const e of performance.getEntriesByType("navigation").concat(
      performance.getEntriesByType("resource"))) {
      if (e.responseEnd > until) continue;
      transfer += e.transferSize || 0;
      body += e.encodedBodySize || 0;
      count += 1;
    }
    return { transfer, body, count };
  };
  b.arm = () => {
    const lat = (b.lat = { t0: null, data: null, paint: null });
    const before = signature();
    const onKey = () => { if (lat.t0 === null) lat.t0 = performance.now(); };
    window.addEventListener("keydown", onKey, { capture: true, once: true });
    let mo = null, iv = null;
    const check = () => {
      if (lat.data !== null || lat.t0 === null) return;
      const now = signature();
      if (now === null || now === before) return;
      lat.data = performance.now();
      clearInterval(iv);
      if (mo) mo.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { lat.paint = performance.now(); }));
    };
    iv = setInterval(check, 2);
    mo = new MutationObserver(check);
    mo.observe(document.querySelector(cfg.chart) || document.body,
               { subtree: true, childList: true, attributes: true });
  };
})();
"""


def page_script(target: Target) -> str:
    cfg = {
        "ready": list(target.ready),
        "chart": target.chart,
        "traces": target.traces,
        "chartFirst": target.chart_first,
    }
    return PAGE_SCRIPT.replace("__CFG__", json.dumps(cfg))


class Server(VoilaProcess):
    """One server for one notebook, with helpers to find its kernels: the dashboard is served
    by ``dnkit dashboard`` (``pool`` warm kernels), a floor by plain Voila's own page."""

    def __init__(
        self,
        notebook: Path,
        extra: list[str] | None = None,
        log_dir: Path | None = None,
        wait: bool = True,
        pool: int = 0,
    ):
        from dnkit.paths import dashboard_notebook

        floor = notebook.resolve() != dashboard_notebook().resolve()
        super().__init__(
            notebook,
            extra=[*(PLAIN_PAGE if floor else []), *(extra or [])],
            env={"PYTHONDONTWRITEBYTECODE": "1"},
            log_dir=log_dir or Path(tempfile.mkdtemp(prefix="dnkit-bench-")),
            wait=False,
            pool=pool,
        )
        self.ps = psutil.Process(self.proc.pid)
        if wait:
            self.wait_ready()

    def pools_filled(self) -> int:
        return self.log().count("is filled with")

    def kernels(self) -> list[psutil.Process]:
        try:
            return [
                p for p in self.ps.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())
            ]
        except psutil.Error:
            return []

    def kernel_rss(self, kernel_id: str) -> int | None:
        for p in self.kernels():
            try:
                if kernel_id in " ".join(p.cmdline()):
                    return int(p.memory_info().rss)
            except psutil.Error:
                continue
        return None

    def server_rss(self) -> int:
        return int(self.ps.memory_info().rss)

    def cpu_busy(self, interval: float = 0.5) -> float:
        procs = [self.ps, *self.ps.children(recursive=True)]
        for p in procs:
            with contextlib.suppress(psutil.Error):
                p.cpu_percent(None)
        time.sleep(interval)
        total = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.cpu_percent(None)
        return total

    def wait_quiet(self, cap_s: float = 60, threshold: float = 15.0) -> None:
        """Wait until this server and its kernels are idle (a pool refill has finished)."""
        end = time.monotonic() + cap_s
        calm = 0
        while time.monotonic() < end and calm < 2:
            calm = calm + 1 if self.cpu_busy() < threshold else 0

    def wait_pool(self, filled: int, cap_s: float = 120) -> None:
        """Wait until the pool was (re)filled ``filled`` times and its kernel ran the notebook."""
        end = time.monotonic() + cap_s
        while self.pools_filled() < filled and time.monotonic() < end:
            time.sleep(0.25)
        self.wait_quiet(cap_s=max(5.0, end - time.monotonic()))


@dataclass
class Visit:
    """What one page view measured. Times in ms from navigation start; bytes as counted."""

    target: str
    ok: bool = False
    error: str = ""
    tti_ms: float | None = None
    ws_recv: int = 0
    ws_sent: int = 0
    static_transfer: int = 0
    static_body: int = 0
    static_count: int = 0
    static_transfer_repeat: int | None = None  # a second visit in the same browser (cached)
    kernel_rss: int | None = None
    open_ms: float | None = None  # click on the chart's step -> chart drawn (dnkit only)
    open_ws_bytes: int = 0  # kernel websocket bytes that opening the step cost
    kernel_rss_opened: int | None = None
    latency_data_ms: list[float] = field(default_factory=list)
    latency_paint_ms: list[float] = field(default_factory=list)
    lost_updates: int = 0
    page_errors: list[str] = field(default_factory=list)

    @property
    def ws_bytes(self) -> int:
        return self.ws_recv + self.ws_sent


class _Sockets:
    """Counts the bytes of kernel websocket frames (both directions) of one page."""

    def __init__(self, page) -> None:
        self.recv = 0
        self.sent = 0
        self.kernel_id = ""
        page.on("websocket", self._on)

    def _on(self, ws) -> None:
        m = re.search(r"/api/kernels/([0-9a-f-]{36})/channels", ws.url)
        if not m:
            return
        self.kernel_id = m.group(1)
        ws.on("framereceived", lambda p: self._add("recv", p))
        ws.on("framesent", lambda p: self._add("sent", p))

    def _add(self, side: str, payload: Any) -> None:
        n = len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)
        setattr(self, side, getattr(self, side) + n)


class Page:
    """A fresh browser context (empty cache) with the measuring script on one target."""

    def __init__(self, browser, target: Target, width: int = 1280, height: int = 1800):
        self.target = target
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.add_init_script(page_script(target))
        self.page = self.context.new_page()
        self.sockets = _Sockets(self.page)
        self.visit = Visit(target.key)
        self._step = 1
        self.page.on("pageerror", lambda exc: self.visit.page_errors.append(str(exc)))

    def start(self, url: str) -> None:
        """Begin navigating without waiting (so many pages can start at once)."""
        self.page.evaluate("(u) => { window.location.href = u; }", url)

    def wait_interactive(self, timeout_s: float) -> bool:
        try:
            self.page.wait_for_function(
                "() => window.__bench && window.__bench.tti !== null",
                timeout=max(1.0, timeout_s) * 1000,
                polling=50,
            )
        except Exception as exc:  # playwright TimeoutError or a closed page
            self.visit.error = f"not interactive: {type(exc).__name__}"
            return False
        v = self.visit
        v.ws_recv, v.ws_sent = self.sockets.recv, self.sockets.sent
        v.tti_ms = float(self.page.evaluate("window.__bench.tti"))
        st = self.page.evaluate("(t) => window.__bench.staticBytes(t)", v.tti_ms)
        v.static_transfer, v.static_body, v.static_count = st["transfer"], st["body"], st["count"]
        v.ok = True
        return True

    def open_chart(self, timeout_s: float = 90) -> bool:
        """Reach the chart: click its step's button if it is not on the first view."""
        t = self.target
        if t.chart_first:
            return True
        before = self.sockets.recv + self.sockets.sent
        self.page.evaluate("window.__bench.armOpen()")
        self.page.locator(t.open_button, has_text=t.open_text).first.click()
        try:
            self.page.wait_for_function(
                "() => window.__bench.open.drawn !== null", timeout=timeout_s * 1000, polling=20
            )
        except Exception as exc:
            self.visit.error = f"chart step did not open: {type(exc).__name__}"
            return False
        o = self.page.evaluate("window.__bench.open")
        self.visit.open_ms = o["drawn"] - o["t0"]
        self.page.wait_for_timeout(300)
        self.visit.open_ws_bytes = self.sockets.recv + self.sockets.sent - before
        return True

    def measure_latency(self, presses: int, timeout_s: float = 20) -> None:
        """Press arrow keys on the slider; each press must change the chart's data."""
        if presses <= 0:
            return
        page = self.page
        page.focus(self.target.control)
        for _ in range(presses):
            now, lo, hi = page.evaluate(
                """(sel) => { const h = document.querySelector(sel);
                     return ['aria-valuenow', 'aria-valuemin', 'aria-valuemax']
                       .map(a => parseFloat(h.getAttribute(a))); }""",
                self.target.control,
            )
            # Sweep up to the maximum, then down to the minimum, and so on.
            if now >= hi:
                self._step = -1
            elif now <= lo:
                self._step = 1
            key = "ArrowRight" if self._step > 0 else "ArrowLeft"
            page.evaluate("window.__bench.arm()")
            page.keyboard.press(key)
            try:
                page.wait_for_function(
                    "() => window.__bench.lat.paint !== null", timeout=timeout_s * 1000, polling=20
                )
            except Exception:
                self.visit.lost_updates += 1
                continue
            lat = page.evaluate("window.__bench.lat")
            self.visit.latency_data_ms.append(lat["data"] - lat["t0"])
            self.visit.latency_paint_ms.append(lat["paint"] - lat["t0"])
            page.wait_for_timeout(150)  # let the rest of the page settle before the next press

    def repeat_static(self, url: str, deadline_s: float) -> int | None:
        """Static bytes of a second visit in this context (the HTTP cache is warm)."""
        self.page.goto("about:blank")
        self.page.wait_for_timeout(400)
        self.page.goto(url, wait_until="commit")
        try:
            self.page.wait_for_function(
                "() => window.__bench && window.__bench.tti !== null",
                timeout=deadline_s * 1000,
                polling=50,
            )
        except Exception:
            return None
        tti = self.page.evaluate("window.__bench.tti")
        return int(self.page.evaluate("(t) => window.__bench.staticBytes(t)", tti)["transfer"])

    def close(self) -> None:
        try:
            self.page.goto("about:blank")  # lets the kernel-shutdown beacon go out
            self.page.wait_for_timeout(400)
        except Exception:
            pass
        self.context.close()


def visit(
    browser,
    server: Server,
    target: Target,
    presses: int = 0,
    deadline_s: float = 150,
    open_chart: bool = True,
    repeat: bool = False,
) -> Visit:
    """One page view: time to interactive, bytes, kernel memory; then (unless ``open_chart`` is
    false) open the chart's view and measure ``presses`` slider changes. With ``repeat``, load
    the page once more in the same browser to see what its cache saves."""
    p = Page(browser, target)
    try:
        p.start(server.url)
        if p.wait_interactive(deadline_s):
            p.visit.kernel_rss = server.kernel_rss(p.sockets.kernel_id)
            if open_chart and p.open_chart():
                p.visit.kernel_rss_opened = server.kernel_rss(p.sockets.kernel_id)
                p.measure_latency(presses)
            if repeat:
                p.visit.static_transfer_repeat = p.repeat_static(server.url, deadline_s)
    finally:
        p.close()
    return p.visit


def crowd(browser, server: Server, target: Target, n: int, deadline_s: float = 300) -> dict:
    """``n`` visitors open the page at once; TTI of each and memory per visitor."""
    server_before = server.server_rss()
    pages = [Page(browser, target) for _ in range(n)]
    try:
        for p in pages:
            p.start(server.url)
        end = time.monotonic() + deadline_s
        for p in pages:
            if p.wait_interactive(end - time.monotonic()):
                p.visit.kernel_rss = server.kernel_rss(p.sockets.kernel_id)
        server_after = server.server_rss()
    finally:
        for p in pages:
            p.close()
    visits = [p.visit for p in pages]
    ok = [v for v in visits if v.ok]
    kernels = [v.kernel_rss for v in ok if v.kernel_rss]
    per_visitor = (sum(kernels) + max(0, server_after - server_before)) / max(1, len(ok))
    return {
        "visitors": n,
        "ok": len(ok),
        "tti_ms": [v.tti_ms for v in ok],
        "kernel_rss": kernels,
        "server_rss_growth": server_after - server_before,
        "memory_per_visitor": per_visitor,
        "errors": [v.error for v in visits if not v.ok],
    }


def launch_browser(playwright):
    return launch(playwright)


# ------------------------------------------------------------------ import time


def import_time_ms(modules: list[str], runs: int = 5) -> dict[str, Any]:
    """Cumulative import time of ``modules`` (``python -X importtime``), and what they pull in."""
    totals: list[float] = []
    heavy: dict[str, list[float]] = {}
    stmt = "import " + ", ".join(modules)
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", stmt],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        ).stderr
        total, children = parse_importtime(out)
        totals.append(total / 1000)
        for name, us in children.items():
            heavy.setdefault(name, []).append(us / 1000)
    biggest = sorted(((statistics.median(v), k) for k, v in heavy.items()), reverse=True)[:6]
    return {
        "modules": modules,
        "runs_ms": totals,
        "median_ms": statistics.median(totals),
        "pulled_in_ms": {k: round(v, 1) for v, k in biggest},
    }


_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def parse_importtime(stderr: str) -> tuple[float, dict[str, float]]:
    """Sum of top-level ``dnkit`` entries (µs), and what the first non-dnkit imports under them
    cost, by top-level package. ``-X importtime`` prints children before their parent."""
    pending: dict[int, list[tuple[str, int, list]]] = {}
    roots: list[tuple[str, int, list]] = []
    for line in stderr.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        cumulative, depth, name = int(m.group(2)), len(m.group(3)) // 2, m.group(4)
        node = (name, cumulative, pending.pop(depth + 1, []))
        (roots if depth == 0 else pending.setdefault(depth, [])).append(node)

    def ours(name: str) -> bool:
        return name == "dnkit" or name.startswith("dnkit.")

    children: dict[str, float] = {}

    def walk(node: tuple[str, int, list]) -> None:
        for child in node[2]:
            if ours(child[0]):
                walk(child)
            else:
                top = child[0].split(".")[0]
                children[top] = children.get(top, 0.0) + child[1]

    total = 0.0
    for root in roots:
        if ours(root[0]):
            total += root[1]
            walk(root)
    return total, children


def existing_modules(names: list[str]) -> list[str]:
    import importlib.util

    return [n for n in names if importlib.util.find_spec(n) is not None]
