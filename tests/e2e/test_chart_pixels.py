"""Every chart the dashboard draws, as a person sees it, at phone, tablet and laptop widths.

* Rendered pixels: a chart whose plot area is almost all background draws nothing a person can
  see (a white hatch on a transparent bar did exactly that), so it fails; the legend's swatches
  must not be blank either, and the comparison's bars must show colour under their patterns.
* Text: no two labels of a chart overprint each other, and none runs off the screen.

The screenshots are decoded in the browser itself (an image on a canvas), so the test reads the
pixels Chromium painted, not the traces plotly was given.
"""

from __future__ import annotations

import base64

import pytest
from conftest import ARTIFACTS, wait_for_plot
from journey import choose_state, open_step, wait_cost_chart

WIDTHS = (375, 768, 1280)
COMPARE = ".dn-compare-chart"
COSTS = ".dn-cost-chart"
# A pixel is "ink" when some channel differs from the plot's background by more than this
# (the light grid lines, #EBF0F8 on white, differ by 20 and do not count).
INK_STEP = 24
# Share of the plot area, text left out, that must be drawn on (bars or lines). Measured: the
# comparison's bars cover about a fifth of it and the cost lines and band about a third; the
# broken chart (white hatch on transparent bars) drew on under 0.5%.
MIN_PLOT_INK = 0.03
MIN_BAR_SWATCH_INK = 0.1  # share of a bar's legend swatch box that must be drawn on
MIN_LINE_SWATCH_INK = 0.04  # a line's swatch is a thin stroke across its box

PIXELS_JS = """
async ([b64, rects, step, masks]) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  return rects.map(([x, y, w, h]) => {
    x = Math.max(0, Math.round(x)); y = Math.max(0, Math.round(y));
    w = Math.min(Math.round(w), img.width - x); h = Math.min(Math.round(h), img.height - y);
    if (w <= 0 || h <= 0) return {ink: 0, colour: 0, pixels: 0};
    const d = ctx.getImageData(x, y, w, h).data;
    // The background is the most common colour of the area.
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    let bg = 0, most = -1;
    for (const [key, n] of counts) if (n > most) { most = n; bg = key; }
    const br = bg >> 16, bgG = (bg >> 8) & 255, bb = bg & 255;
    // Pixels under text (names, tick labels) are left out: text is not what a chart draws.
    const masked = (i) => {
      const px = x + (i / 4) % w, py = y + Math.floor(i / 4 / w);
      return masks.some(([mx, my, mw, mh]) => px >= mx && px < mx + mw && py >= my && py < my + mh);
    };
    let ink = 0, colour = 0, n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (masks.length && masked(i)) continue;
      n++;
      const r = d[i], g = d[i + 1], b = d[i + 2];
      if (Math.max(Math.abs(r - br), Math.abs(g - bgG), Math.abs(b - bb)) > step) ink++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
    }
    return {ink: ink / Math.max(n, 1), colour: colour / Math.max(n, 1), pixels: n};
  });
}
"""

GEOMETRY_JS = """
(sel) => {
  const gd = document.querySelector(sel + " .js-plotly-plot");
  const box = gd.getBoundingClientRect();
  const size = gd._fullLayout._size;
  // A legend item's swatch is drawn left of its text, over the item's full height.
  const swatches = Array.from(gd.querySelectorAll(".legend .traces")).map((t) => {
    const item = t.getBoundingClientRect();
    const text = t.querySelector(".legendtext").getBoundingClientRect();
    const trace = t.__data__ && t.__data__[0] && t.__data__[0].trace;
    return {
      name: t.querySelector(".legendtext").textContent,
      bar: !!trace && trace.type === "bar",
      box: [item.x - box.x, item.y - box.y, text.x - item.x, item.height],
    };
  });
  const texts = Array.from(gd.querySelectorAll("svg text")).map((t) => {
    const r = t.getBoundingClientRect();
    return [r.x - box.x - 1, r.y - box.y - 1, r.width + 2, r.height + 2];
  });
  return {plot: [size.l, size.t, size.w, size.h], swatches, texts};
}
"""

TEXT_BOXES_JS = """
(sel) => {
  const gd = document.querySelector(sel + " .js-plotly-plot");
  const out = [];
  for (const t of gd.querySelectorAll("svg text")) {
    const words = (t.textContent || "").trim();
    if (!words) continue;
    const style = getComputedStyle(t);
    if (style.display === "none" || style.visibility === "hidden" || +style.opacity === 0) continue;
    if (t.closest(".hoverlayer")) continue;  // hover labels appear only under a pointer
    const r = t.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    out.push({words, x: r.x, y: r.y, w: r.width, h: r.height,
              kind: (t.getAttribute("class") || "") + " " +
                    (t.parentNode.getAttribute("class") || "")});
  }
  return out;
}
"""


def show_compare_chart(page) -> None:
    """The comparison after "Try with example providers", as a new visitor would see it (in
    Florida, where the examples are licensed, so the state check can run whatever its default)."""
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Florida (FL)")
    page.wait_for_selector(".dn-first-answer:has-text('Florida')")
    open_step(page, "Compare")
    page.locator(".dn-sample-providers").click()
    page.wait_for_selector(".dn-ranking:has-text('Example Physical Therapy')")
    wait_for_plot(page, COMPARE, traces=2)
    page.wait_for_function(
        """(sel) => { const gd = document.querySelector(sel + ' .js-plotly-plot');
             return gd.data[1].x && gd.data[1].x.length > 0
                    && gd.querySelectorAll('.barlayer .point').length > 0; }""",
        arg=COMPARE,
    )


def show_cost_chart(page) -> None:
    open_step(page, "Costs")
    wait_cost_chart(page)


def _enter(page, css: str, value: str) -> None:
    box = page.locator(f"{css} input")
    box.fill(value)
    box.press("Enter")


def show_every_way_to_pay(page) -> None:
    """The cost chart with all four ways of paying: $100 first visit, 6 sessions for $420, a
    $30 copay, and Medicare with a physical therapist (which pays nothing, so its line lies on
    paying per visit: the case where labels at the lines' ends printed over each other)."""
    show_cost_chart(page)
    # The example providers are saved, so Costs uses the first one's prices until the person
    # chooses to type her own.
    page.locator(".dn-provider select").select_option(label="Prices I type in")
    _enter(page, ".dn-first-visit-fee", "100")
    _enter(page, ".dn-packages", "6:420")
    page.get_by_text("I have insurance", exact=True).click()
    page.locator(".dn-covered select").select_option(label="Yes")
    _enter(page, ".dn-copay", "30")
    page.get_by_text("I have Medicare", exact=True).click()
    page.locator(".dn-medicare select").select_option(label="Original Medicare")
    page.wait_for_function(
        """(sel) => { const gd = document.querySelector(sel + ' .js-plotly-plot');
             return [4, 5, 6].every((i) => gd.data[i].x && gd.data[i].x.length === 20); }""",
        arg=COSTS,
    )


CHARTS = {"compare": COMPARE, "costs": COSTS, "costs-every-way": COSTS}


def chart_pixels(page, selector: str, name: str):
    plot = page.locator(f"{selector} .js-plotly-plot")
    plot.scroll_into_view_if_needed()
    png = plot.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    geometry = page.evaluate(GEOMETRY_JS, selector)
    b64 = base64.b64encode(png).decode()
    (plot,) = page.evaluate(PIXELS_JS, [b64, [geometry["plot"]], INK_STEP, geometry["texts"]])
    rects = [s["box"] for s in geometry["swatches"]]
    swatches = page.evaluate(PIXELS_JS, [b64, rects, INK_STEP, []])
    return plot, list(zip(geometry["swatches"], swatches, strict=True))


def _overlap(a: dict, b: dict) -> float:
    """How far two boxes overlap, in pixels, on the axis where they overlap least."""
    dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return min(dx, dy)


def label_problems(page, selector: str, width: int) -> list[str]:
    """Text labels of the chart that overprint each other or run off the screen."""
    boxes = page.evaluate(TEXT_BOXES_JS, selector)
    assert len(boxes) >= 5, boxes  # title, axis ticks, legend and labels are all text
    clashes = [
        f"{a['words']!r} overlaps {b['words']!r} by {_overlap(a, b):.0f} px"
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if _overlap(a, b) > 1.0  # more than a pixel: glyphs would overprint
    ]
    off = [f"{b['words']!r} runs off the screen" for b in boxes
           if b["x"] < -1 or b["x"] + b["w"] > width + 1]  # fmt: skip
    return clashes + off


def pixel_problems(page, selector: str, chart: str, width: int) -> list[str]:
    """What a person would not see: a blank plot area, grey bars, blank legend swatches."""
    plot, swatches = chart_pixels(page, selector, f"chart-pixels-{chart}-{width}")
    out = []
    if plot["pixels"] < 5_000:
        out.append(f"plot area is only {plot['pixels']} px")
    if plot["ink"] < MIN_PLOT_INK:
        out.append(f"plot area is almost all background: {plot}")
    if chart == "compare" and plot["colour"] < MIN_PLOT_INK:
        out.append(f"bars show no colour under their patterns: {plot}")
    if not swatches:
        out.append("no legend")
    for swatch, stats in swatches:
        floor = MIN_BAR_SWATCH_INK if swatch["bar"] else MIN_LINE_SWATCH_INK
        if stats["ink"] < floor:
            out.append(f"blank legend swatch for {swatch['name']!r}: {stats}")
    return out


def chart_problems(page, chart: str, width: int) -> list[str]:
    selector = CHARTS[chart]
    page.locator(f"{selector} .js-plotly-plot").scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # plotly finishes drawing in the next frames
    page.screenshot(path=str(ARTIFACTS / f"chart-{chart}-{width}.png"))
    problems = pixel_problems(page, selector, chart, width) + label_problems(page, selector, width)
    return [f"{chart} chart at {width} px: {p}" for p in problems]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_is_drawn_and_no_labels_overlap(make_page, voila_server, page_errors, width):
    """Each chart the dashboard draws, at this width: pixels drawn, swatches filled, no two
    labels overprinting, none off the screen. One visit walks through all of them."""
    page = make_page(width=width, height=900)
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app")
    show_compare_chart(page)
    problems = chart_problems(page, "compare", width)
    show_cost_chart(page)
    problems += chart_problems(page, "costs", width)
    show_every_way_to_pay(page)
    problems += chart_problems(page, "costs-every-way", width)
    assert problems == [], "\n".join(problems)
    assert page_errors == []


def test_a_chart_survives_a_change_of_width(make_page, voila_server, page_errors):
    """A phone turned sideways: the comparison drawn at 375 px must still show at 768 px."""
    page = make_page(width=375, height=900)
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app")
    show_compare_chart(page)
    gd = f"{COMPARE} .js-plotly-plot"
    page.set_viewport_size({"width": 768, "height": 900})
    page.wait_for_function(
        "(s) => document.querySelector(s)._fullLayout.width > 500", arg=gd, timeout=15_000
    )
    page.wait_for_timeout(500)
    height = page.evaluate("(s) => document.querySelector(s).getBoundingClientRect().height", gd)
    assert height > 300, f"the chart is {height} px tall after the page got wider"
