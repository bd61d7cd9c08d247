"""Bad files through the dashboard's uploads in the browser: a clear message for each, the plan
unchanged by a failed load, markup shown as text (no dialog, no injected element), and files above
the size limits refused with a message that says so.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from journey import choose_state, open_step, shot, upload

BAD = Path(__file__).parents[1] / "data" / "bad"
PROVIDERS = Path(__file__).parents[1] / "data" / "providers"
PAYLOAD_TEXT = "<img src=x onerror=alert(1)>"
# Anything a payload could have injected into the page.
INJECTED = "img[src='x'], iframe, svg[onload], [onerror], [onmouseover], a[href^='javascript']"


def _generator():
    spec = importlib.util.spec_from_file_location("bad_generate", BAD / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploads")
    six_mb = folder / "six_mb_plan.json"
    six_mb.write_text('{"concern": "' + "x" * 6_000_000 + '"}')
    return {
        "six_mb_plan": six_mb,
        "six_mb_csv": gen.big_csv(folder / "six_mb.csv", 6),
        "rows": gen.many_rows_csv(folder / "ten_thousand.csv"),
        "binary": gen.binary_as_csv(folder / "binary.csv"),
    }


def assert_nothing_injected(page) -> None:
    assert page.locator(INJECTED).count() == 0


def test_bad_plan_files_leave_the_plan_unchanged(make_page, voila_server, page_errors, big_files):
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    page.wait_for_selector(".dn-first-answer :text('Colorado')")
    open_step(page, "Your plan")
    page.wait_for_selector(".dn-plan-summary:has-text('Colorado')")
    cases = {
        "plan_truncated.json": "is not valid JSON",
        "plan_wrong_types.json": "costs.sessions",
        "plan_newer.json": "newer dnkit",
        "plan_nan.json": "contains NaN",
        "plan_huge_numbers.json": "must be a finite number",
    }
    files = [(BAD / name, fragment) for name, fragment in cases.items()]
    files.append((big_files["six_mb_plan"], "a plan file is at most 5,000,000 bytes"))
    files.append((big_files["binary"], "not a text file"))
    for path, fragment in files:
        upload(page, ".dn-load-plan", path)
        alert = page.locator(".dn-plan .dn-error", has_text=f"Could not load {path.name}")
        alert.wait_for()
        text = alert.inner_text()
        assert fragment in text and "Nothing was changed" in text
        assert "Colorado" in page.inner_text(".dn-plan-summary")
    shot(page, "bad-uploads-plan")

    upload(page, ".dn-load-plan", BAD / "plan_markup.json")
    page.wait_for_selector(".dn-plan .dn-ok:has-text('Loaded your plan')")
    page.wait_for_selector(f".dn-plan-summary:has-text('{PAYLOAD_TEXT}')")
    assert_nothing_injected(page)
    page.wait_for_timeout(500)
    assert page_errors == []  # no alert() dialog opened, no script error


def test_bad_provider_files_in_compare(make_page, voila_server, page_errors, big_files):
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Compare")
    page.wait_for_selector(".dn-upload")
    report = page.locator(".dn-load-report")

    refusals = [
        (PROVIDERS / "empty.csv", "is empty"),
        (PROVIDERS / "header_only.csv", "no provider rows"),
        (BAD / "pipe_delimited.csv", "no column names dnkit knows"),
        (big_files["binary"], "binary data"),
        (big_files["six_mb_csv"], "is larger than 5 MB"),
        (big_files["rows"], "can hold 50 providers"),
    ]
    for path, fragment in refusals:
        upload(page, ".dn-upload", path)
        report.locator(".dn-error", has_text=path.name).wait_for()
        page.wait_for_function(
            "(f) => document.querySelector('.dn-load-report').innerText.includes(f)", arg=fragment
        )
        assert "nothing was loaded" in report.inner_text().lower()

    upload(page, ".dn-upload", BAD / "partial_load.csv")
    page.wait_for_function(
        "() => document.querySelector('.dn-load-report').innerText.includes('Loaded 2 providers')"
    )
    text = report.inner_text()
    for where in ("row 2", "row 3", "row 4", "row 6", "favourite_colour"):
        assert where in text
    shot(page, "bad-uploads-partial")

    upload(page, ".dn-upload", BAD / "markup_every_field.csv")
    page.wait_for_function(
        "() => document.querySelector('.dn-load-report').innerText.includes('Loaded 1 provider')"
    )
    page.wait_for_function(
        "(t) => document.querySelector('.dn-compare').innerText.includes(t)", arg=PAYLOAD_TEXT
    )
    assert_nothing_injected(page)
    open_step(page, "Check")
    choose_state(page, ".dn-vet-state", "Colorado (CO)")
    page.locator(".dn-pick select").select_option(label=PAYLOAD_TEXT)
    page.wait_for_selector(f".dn-vet-result:has-text('{PAYLOAD_TEXT}')")
    assert_nothing_injected(page)
    shot(page, "bad-uploads-markup")
    page.wait_for_timeout(500)
    assert page_errors == []


def test_a_file_above_the_websocket_limit_loads_nothing_and_the_page_keeps_working(
    make_page, voila_server, page_errors, tmp_path
):
    """Tornado closes the kernel socket for a message above websocket_max_message_size; the
    page reconnects, nothing is loaded, and the same kernel keeps serving the page."""
    huge = tmp_path / "huge_plan.json"
    huge.write_text('{"concern": "' + "x" * 20_000_000 + '"}')
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Your plan")
    page.wait_for_selector(".dn-plan-summary")
    upload(page, ".dn-load-plan", huge)
    page.wait_for_timeout(3000)
    assert page.locator(".dn-plan .dn-ok").count() == 0  # nothing was loaded
    open_step(page, "Start")
    choose_state(page, ".dn-state", "Colorado (CO)")
    page.wait_for_selector(".dn-first-answer :text('Colorado')")
    open_step(page, "Your plan")
    page.wait_for_selector(".dn-plan-summary:has-text('Colorado')")
    assert "Kernel restarted" not in voila_server.log()


def test_a_twelve_megabyte_upload_gets_the_size_message(make_page, voila_server, tmp_path):
    """Above tornado's 10 MiB default but under dnkit's websocket limit: the app's own
    size check answers, so the visitor learns why nothing was loaded."""
    big = tmp_path / "twelve_mb_plan.json"
    big.write_text('{"concern": "' + "x" * 12_000_000 + '"}')
    page = make_page()
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    open_step(page, "Your plan")
    page.wait_for_selector(".dn-plan-summary")
    upload(page, ".dn-load-plan", big)
    alert = page.locator(".dn-plan .dn-error", has_text="Could not load twelve_mb_plan.json")
    alert.wait_for(timeout=60_000)
    assert "a plan file is at most 5,000,000 bytes" in alert.inner_text()
