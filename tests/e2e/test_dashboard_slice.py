"""The first journey: open the dashboard, move the sessions slider, see the chart change."""

from conftest import ARTIFACTS, plot_data, wait_for_plot

CHART = ".dn-cost-chart"


def open_dashboard(make_page, url, **size):
    page = make_page(**size)
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app")
    page.locator(".dn-steps button", has_text="Costs").click()
    wait_for_plot(page, CHART, traces=4)
    return page


def test_dashboard_shows_title_purpose_and_not_medical_advice(make_page, voila_server, page_errors):
    page = open_dashboard(make_page, voila_server.url)
    assert "dry needling" in page.inner_text("h1").lower()
    assert "not medical advice" in page.inner_text(".dn-not-advice")
    # Full labels are visible, never truncated.
    assert page.inner_text(".dn-sessions label.widget-label") == "Number of sessions"
    assert page.inner_text(".dn-price label.widget-label") == "Price per session (low to high)"
    assert "Traceback" not in page.content()
    assert page_errors == []


def test_moving_the_sessions_slider_redraws_the_chart(make_page, voila_server, page_errors):
    page = open_dashboard(make_page, voila_server.url)
    before = plot_data(page, CHART)
    chosen = before[3]["x"][0]
    page.focus(".dn-sessions .noUi-handle")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([sel, want]) => { const gd = document.querySelector(sel + ' .js-plotly-plot')
                || document.querySelector(sel); return gd.data[3].x[0] === want; }""",
        arg=[CHART, chosen + 1],
    )
    after = plot_data(page, CHART)
    assert after[3]["y"] != before[3]["y"]  # the marker moved to a higher total
    summary = page.inner_text(".dn-cost-summary")
    assert f"{chosen + 1} sessions" in summary
    page.screenshot(path=str(ARTIFACTS / "slice-after-slider.png"))
    assert page_errors == []


def test_raising_the_high_price_widens_the_band(make_page, voila_server, page_errors):
    page = open_dashboard(make_page, voila_server.url)
    high_before = plot_data(page, CHART)[0]["y"]
    handles = page.locator(".dn-price .noUi-handle")
    handles.nth(1).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([sel, old]) => { const gd = document.querySelector(sel + ' .js-plotly-plot')
                || document.querySelector(sel); return gd.data[0].y[0] > old; }""",
        arg=[CHART, high_before[0]],
    )
    high_after = plot_data(page, CHART)[0]["y"]
    assert high_after[0] == high_before[0] + 5
    assert page_errors == []


def test_phone_width_keeps_labels_whole(make_page, voila_server, page_errors):
    page = open_dashboard(make_page, voila_server.url, width=375, height=1400)
    label = page.locator(".dn-sessions label.widget-label")
    box = label.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate(
        "el => el.scrollWidth <= el.clientWidth + 1", page.query_selector(".dn-sessions label")
    )
    page.screenshot(path=str(ARTIFACTS / "slice-375px.png"))
    assert page_errors == []
