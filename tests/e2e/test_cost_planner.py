"""Journey: a person with insurance enters their plan and sees the chart and the words change."""

from conftest import ARTIFACTS, plot_data, wait_for_plot

CHART = ".dn-cost-chart"
INSURANCE = 5  # trace index of the insurance line in the routes figure

TRACE_MATCHES = """([sel, i, n, want]) => {
    const gd = document.querySelector(sel + ' .js-plotly-plot') || document.querySelector(sel);
    const t = gd && gd.data && gd.data[i];
    if (!t || !t.x || t.x.length !== 20) return false;
    return want === null || Array.from(t.y)[n - 1] === want; }"""


def wait_for_text(page, css: str, text: str) -> None:
    page.wait_for_function(
        "([css, text]) => (document.querySelector(css)?.innerText || '').includes(text)",
        arg=[css, text],
    )


def set_text(page, css: str, value: str) -> None:
    box = page.locator(f"{css} input")
    box.fill(value)
    box.press("Enter")


def test_insurance_inputs_change_the_chart_and_summary(make_page, voila_server, page_errors):
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app")
    page.locator(".dn-steps button", has_text="Costs").click()
    wait_for_plot(page, CHART, traces=7)
    before = plot_data(page, CHART)
    assert before[INSURANCE]["x"] == []  # not set until the person says whether it is covered
    assert "paying per visit costs you about $600" in page.inner_text(".dn-cost-summary")

    page.get_by_text("I have insurance", exact=True).click()
    page.locator(".dn-covered select").select_option(label="Yes")
    set_text(page, ".dn-copay", "30")
    page.wait_for_function(TRACE_MATCHES, arg=[CHART, INSURANCE, 6, 180])
    # The chart is drawn first and its words follow it.
    wait_for_text(page, ".dn-cost-summary", "you pay the least by using your insurance: about $180")

    # A $500 deductible: $100 a visit until it is met at visit 5, then the $30 copay.
    set_text(page, ".dn-deductible-remaining", "500")
    page.wait_for_function(TRACE_MATCHES, arg=[CHART, INSURANCE, 6, 530])
    wait_for_text(page, ".dn-cost-summary", "until your deductible is met at session 5")
    assert "$530" in page.inner_text(".dn-cost-table")

    # A bad value is explained under its own box and leaves the last good chart.
    set_text(page, ".dn-coinsurance", "150")
    alert = page.locator('.dn-field-message [role="alert"]', has_text="Coinsurance")
    alert.wait_for()
    assert page.locator(".dn-coinsurance input").input_value() == "150"  # kept as typed
    assert plot_data(page, CHART)[INSURANCE]["y"][5] == 530
    page.screenshot(path=str(ARTIFACTS / "cost-planner-insurance.png"), full_page=True)
    assert page_errors == []
