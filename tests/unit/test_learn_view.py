"""The Learn view without a browser: real widgets on a real PlanStore.

The step opens on the summary; every part is closed until opened ("Your choice" is an Accordion
because it holds the values buttons); the buttons stay bound to the plan.
"""

from __future__ import annotations

import re

import ipywidgets as W
import pytest

from dnkit import guide
from dnkit.store import PlanStore
from dnkit.ui.learn import (
    AFTER_DECISION,
    START_TITLE,
    SURE_BOX_TITLE,
    LearnView,
    SureCheck,
    ValuesCheck,
)
from dnkit.ui.page import PageHelper


@pytest.fixture
def store() -> PlanStore:
    return PlanStore()


def html_of(widget: W.Widget) -> str:
    if isinstance(widget, W.HTML):
        return widget.value
    return "".join(html_of(c) for c in getattr(widget, "children", ()))


def test_the_dashboard_step_opens_on_the_summary_with_every_part_closed(store):
    view = LearnView(store, show_sure=False, show_notice=False, with_style=False)
    header, hint, decision, *parts = view.widget.children
    assert header.value.startswith(f"<h2>{guide.load().title}</h2>")
    assert '<section class="dn-learn-summary" id="dn-learn-summary"' in header.value
    assert "dn-not-advice" not in header.value and view.sure is None
    assert "Tap or click a part to open it." in hint.value
    assert isinstance(decision, W.Accordion) and decision.selected_index is None
    assert decision.titles == (guide.SECTION_TITLES["decision"],)
    assert [p._dom_classes[0] for p in parts] == [f"dn-learn-{k}" for k in AFTER_DECISION]
    for key, part in zip(AFTER_DECISION, parts, strict=True):
        assert part.value.startswith(f'<details class="dn-guide-section dn-guide-{key}"')
        assert not re.findall(r"<details[^>]*\bopen\b", part.value)
    assert not any(isinstance(c, PageHelper) for c in view.widget.children)  # the app has one


def test_your_choice_holds_the_options_then_the_values_buttons_then_its_sources(store):
    view = LearnView(store, show_sure=False, with_style=False)
    (content,) = view.decision.children
    body, values, footer = content.children
    assert 'id="dn-learn-decision"' in body.value and "Try dry needling" in body.value
    assert '<h3 class="dn-visually-hidden">Your choice</h3>' in body.value  # for screen readers
    assert values is view.values.widget
    assert "Sources for this part (" in footer.value and 'href="#dn-learn-summary"' in footer.value
    assert footer.value.index("dn-sources-more") < footer.value.index("dn-back-link")


def test_the_notebook_view_carries_the_note_the_sure_check_and_its_own_page_helper(store):
    view = LearnView(store)
    kids = view.widget.children
    assert "<style>" in kids[0].value and "dn-app" in view.widget._dom_classes
    assert "dn-not-advice" in kids[1].value  # the note, above the summary
    assert kids[1].value.index("dn-not-advice") < kids[1].value.index("dn-learn-summary")
    assert isinstance(kids[2], W.Accordion) and kids[2].selected_index is None  # on demand
    assert kids[2].children == (view.sure.widget,) and kids[2].titles == (SURE_BOX_TITLE,)
    assert isinstance(kids[-1], PageHelper)  # links open the parts here too


def test_values_buttons_are_bound_to_the_plan(store):
    view = LearnView(store, with_style=False)
    view.values.buttons["cost"].value = "lot"
    assert store.plan.values["cost"] == "lot"
    store.update(values={**store.plan.values, "needles": "little"})
    assert view.values.buttons["needles"].value == "little"
    view.close()


def test_the_sure_check_keeps_its_sources_on_demand(store):
    check = SureCheck(store, "sure_start", START_TITLE)
    html = html_of(check.widget)
    assert START_TITLE in html
    n = len(guide.load().sure_sources)
    assert f"<summary>Sources for this part ({n})</summary>" in html
    check.buttons["sure"].value = "yes"
    assert store.plan.sure_start.sure == "yes"
    check.close()


def test_values_check_asks_every_prompt(store):
    check = ValuesCheck(store)
    assert set(check.buttons) == {v.key for v in guide.decision_frame().values}
    check.close()
