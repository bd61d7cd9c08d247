"""Fixtures for end-to-end tests: a real Voila server and headless Chromium via Playwright."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.chromium import launch
from support.voila import VoilaProcess

from dnkit.paths import dashboard_notebook

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
RENDER_TIMEOUT_MS = 90_000
# Console noise that is the platform's, not ours (stack_probe §8.7, §8.8).
KNOWN_NOISE = re.compile(
    r"ERR_NAME_NOT_RESOLVED|fontawesome|Unsatisfied version|Failed to load resource"
)


class VoilaServer(VoilaProcess):
    """A Voila server whose log is kept with the test artifacts."""

    def __init__(self, notebook: Path, extra: list[str] | None = None, **kwargs) -> None:
        super().__init__(notebook, extra=extra, log_dir=ARTIFACTS, **kwargs)


@pytest.fixture(scope="session")
def voila_server() -> Iterator[VoilaServer]:
    server = VoilaServer(dashboard_notebook())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page_errors():
    return []


@pytest.fixture
def make_page(browser, page_errors, request):
    """Open pages in fresh contexts; console errors are collected, screenshots kept."""
    contexts = []

    def _make(width: int = 1280, height: int = 1800, touch: bool = False):
        """``touch``: a phone or tablet (touch events, mobile viewport, a sharp screen)."""
        phone = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if touch else {}
        ctx = browser.new_context(viewport={"width": width, "height": height}, **phone)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(RENDER_TIMEOUT_MS)
        page.on("pageerror", lambda exc: page_errors.append(f"pageerror: {exc}"))
        page.on("dialog", lambda d: (page_errors.append(f"dialog: {d.message}"), d.dismiss()))

        def _console(msg):
            if msg.type == "error" and not KNOWN_NOISE.search(msg.text):
                page_errors.append(f"console: {msg.text}")

        page.on("console", _console)
        return page

    yield _make
    for i, ctx in enumerate(contexts):
        for j, page in enumerate(ctx.pages):
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}-{i}-{j}-end.png"))
                page.goto("about:blank")  # let the kernel-shutdown beacon go out
                page.wait_for_timeout(300)
            except Exception:
                pass
        ctx.close()


def wait_for_plot(page, selector: str, traces: int = 1):
    """Wait until the plotly graph div has its traces drawn (not just present: §6)."""
    page.wait_for_function(
        """([sel, n]) => { const gd = document.querySelector(sel + ' .js-plotly-plot')
              || document.querySelector(sel);
            return gd && gd.data && gd.data.length >= n && gd._fullLayout
                   && gd.querySelector('.main-svg') && gd.getBoundingClientRect().width > 0; }""",
        arg=[selector, traces],
    )


def plot_data(page, selector: str):
    return page.evaluate(
        """(sel) => { const gd = document.querySelector(sel + ' .js-plotly-plot')
              || document.querySelector(sel);
            return gd.data.map(t => ({x: Array.from(t.x || []), y: Array.from(t.y || []),
                                      name: t.name})); }""",
        selector,
    )
