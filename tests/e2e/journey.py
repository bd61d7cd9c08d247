"""Steps of a new user's journey through the dashboard, shared by the desktop and phone tests."""

from __future__ import annotations

import re

from conftest import ARTIFACTS, wait_for_plot

from dnkit.labels import profession_label


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_step(page, label: str) -> None:
    page.locator(".dn-steps button", has_text=label).click()


REVEAL = """(css) => {
    const el = document.querySelector(css);
    if (!el || el.getClientRects().length) return false;
    const section = el.closest('.jupyter-widget-Collapse:not(.jupyter-widget-Collapse-open)');
    if (!section) return false;
    section.querySelector('.jupyter-widget-Collapse-header').click();
    return true;
}"""


def reveal(page, css: str) -> None:
    """Open the folded section (an accordion) that holds ``css``, as a person would."""
    if page.evaluate(REVEAL, css):
        page.locator(css).first.wait_for(state="visible")


def fill(page, field: str, value: str) -> None:
    reveal(page, f".dn-field-{field}")
    box = page.locator(f".dn-field-{field} input, .dn-field-{field} textarea").first
    box.fill(value)
    box.press("Tab")


def answer(page, field: str, word: str) -> None:
    reveal(page, f".dn-field-{field}")
    exact = re.compile(rf"^\s*{re.escape(word)}\s*$")
    page.locator(f".dn-field-{field} button").filter(has_text=exact).click()


def choose_state(page, css: str, label: str) -> None:
    page.locator(f"{css} select").select_option(label=label)


def add_provider(
    page,
    name: str,
    profession: str = "PT",
    hours: str = "60",
    in_person: str = "",
    sterile: str | None = None,
    price: str = "80-120",
    program: str = "",
) -> None:
    """Save a provider in the vetting step, filling only what is given."""
    page.locator(".dn-pick select").select_option(label="A new provider")
    fill(page, "name", name)
    label = profession_label(profession)
    reveal(page, ".dn-field-profession")
    page.locator(".dn-field-profession select").select_option(label=label)
    for field, value in (
        ("dn_program", program),
        ("dn_hours_total", hours),
        ("dn_hours_in_person", in_person),
        ("price_per_session", price),
    ):
        if value:
            fill(page, field, value)
    if sterile:
        answer(page, "sterile_single_use_needles", sterile)
    page.wait_for_function(
        "(n) => document.querySelector('.dn-vet-result').innerText.includes(n)", arg=name
    )
    page.locator(".dn-save-provider").click()
    page.wait_for_function(
        "(n) => document.querySelector('.dn-saved-note').innerText.includes('Saved ' + n)",
        arg=name,
    )


def wait_cost_chart(page) -> None:
    wait_for_plot(page, ".dn-cost-chart", traces=4)


def upload(page, css: str, path) -> None:
    """Choose a file through a FileUpload button, as a person would (its input is detached)."""
    with page.expect_file_chooser() as chooser:
        page.locator(css).click()
    chooser.value.set_files(str(path))
