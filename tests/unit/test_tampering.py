"""Tampered widget messages, headless: any synced trait can be set from the browser, and a
disabled button can still be clicked (jupyter_anchors §1.4).

Each case sets a trait straight on the widget, as a crafted comm message would. ipywidgets may
refuse a wrong-typed value (TraitError), which is fine; anything else must be handled by the
view: a message in the view, no exception, and a plan that is still valid and unchanged by the bad
value.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

import ipywidgets as W
import pytest
import traitlets

from dnkit.plan import Plan
from dnkit.providers import sample_providers
from dnkit.store import PlanStore
from dnkit.ui.app import STEPS, DashboardApp
from dnkit.ui.costs import CostsView
from dnkit.ui.plan_view import PlanView
from dnkit.ui.start import StartView
from dnkit.ui.vet import NEW, VetView

BAD_TEXT = ["nan", "NaN", "-1", "1e308", "inf", "<img src=x onerror=alert(1)>", "\x00", "9" * 400]


def fresh_store() -> PlanStore:
    store = PlanStore()
    store.update(
        jurisdiction="CO",
        concern="neck",
        providers=[sample_providers()[0]],
    )
    return store


def assert_valid(store: PlanStore) -> None:
    plan = store.plan
    assert Plan.model_validate(plan.model_dump()) == plan
    plan.costs.to_domain()  # the cost engine accepts what was saved


def tamper(widget: W.Widget, trait: str, value: Any) -> bool:
    """Set a trait as a crafted message would; False when ipywidgets refused it."""
    try:
        setattr(widget, trait, value)
    except traitlets.TraitError:
        return False
    return True


def upload_value(name: str, content: bytes) -> tuple[dict, ...]:
    return (
        {
            "name": name,
            "type": "application/octet-stream",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.now(UTC),
        },
    )


# ------------------------------------------------------------------------------ the app


def test_every_step_builds_and_navigation_refuses_unknown_steps():
    app = DashboardApp()
    for step in STEPS:
        app.show(step.key)
    before = app.store.plan
    assert not tamper(app.nav, "value", "admin")
    assert app.nav.value == "plan"
    assert not tamper(app.stack, "selected_index", "x")
    assert app.store.plan == before


def test_disabled_navigation_buttons_do_nothing_when_clicked():
    app = DashboardApp()
    assert app.back.disabled
    app.back.click()  # fired by a crafted message although disabled
    assert app.nav.value == "start"
    app.show("plan")
    assert app.next.disabled
    app.next.click()
    assert app.nav.value == "plan"
    assert_valid(app.store)


# ------------------------------------------------------------------------------ start


def test_start_refuses_unknown_states_and_professions_and_bounds_the_texts():
    store = fresh_store()
    view = StartView(store)
    for value in ("ZZ", "Atlantis", 5):
        assert not tamper(view.state, "value", value)
    assert store.plan.jurisdiction == "CO"
    assert tamper(view.state, "value", None)  # no selection: the same as "Choose your state"
    assert store.plan.jurisdiction is None
    assert_valid(store)
    assert tamper(view.concern, "value", "x" * 100_000)
    assert len(store.plan.concern) == 500
    assert tamper(view.concern, "value", "<img src=x onerror=alert(1)>")
    assert store.plan.concern == "<img src=x onerror=alert(1)>"  # kept as text
    for value in ("Wizard", 7):
        assert not tamper(view.profession, "value", value)
    assert store.plan.offered_by == "PT"
    assert tamper(view.name, "value", "<b>x</b>" * 200)
    assert len(store.plan.offered_by_name) <= 500
    store.update(jurisdiction="CO")
    assert "<b>x</b>" not in view.answer.value
    assert_valid(store)


def test_start_answers_for_the_state_and_the_profession_and_leads_on():
    store = fresh_store()
    opened = []
    view = StartView(store, go=opened.append)
    assert "Yes" in view.answer.value and "Colorado" in view.answer.value
    view.profession.value = "DC"
    assert store.plan.offered_by == "DC" and store.plan.costs.profession == "DC"
    store.update(jurisdiction="CA")
    assert "No" in view.answer.value and "California" in view.answer.value
    for button in view.ways:
        button.click()
    assert opened == ["vet", "compare", "costs"]


# ------------------------------------------------------------------------------ vetting


@pytest.mark.parametrize(
    "field",
    [
        "dn_hours_total",
        "dn_hours_in_person",
        "supervised_sessions",
        "years_licensed",
        "years_dry_needling",
        "first_visit_fee",
        "distance_miles",
        "price_per_session",
        "packages",
        "license_state",
    ],
)
@pytest.mark.parametrize("value", BAD_TEXT)
def test_vet_form_rejects_bad_text_and_a_disabled_save_saves_nothing(field, value):
    store = fresh_store()
    before = store.plan
    view = VetView(store)
    view.form.controls["name"].value = "Tampered (fictional)"
    assert tamper(view.form.controls[field], "value", value)
    assert view.save.disabled
    assert 'role="alert"' in view.message.value
    view.save.click()  # the crafted click on the disabled button
    assert store.plan == before
    assert 'role="alert"' in view.message.value
    assert_valid(store)


def test_vet_dropdowns_and_toggles_refuse_values_not_offered():
    store = fresh_store()
    before = store.plan
    view = VetView(store)
    for widget, value in (
        (view.state, "ZZ"),
        (view.pick, "Someone not saved"),
        (view.form.controls["profession"], "Wizard"),
        (view.form.controls["setting"], "spaceship"),
        (view.form.controls["sterile_single_use_needles"], "definitely"),
    ):
        assert not tamper(widget, "value", value)
    # None (no button chosen) gets through ipywidgets; the form reads it as a bad answer.
    assert tamper(view.form.controls["sterile_single_use_needles"], "value", None)
    assert view.save.disabled and 'role="alert"' in view.message.value
    view.save.click()
    for box in view.form.technique_boxes.values():
        assert not tamper(box, "value", "yes")
    assert store.plan == before
    assert_valid(store)


def test_vet_remove_clicked_while_disabled_removes_nothing():
    store = fresh_store()
    view = VetView(store)
    assert view.pick.value == NEW and view.remove.disabled
    view.remove.click()
    assert len(store.plan.providers) == 1
    assert_valid(store)


def test_vet_save_with_markup_keeps_it_as_text():
    store = fresh_store()
    view = VetView(store)
    view.form.controls["name"].value = "<img src=x onerror=alert(1)>"
    view.save.click()
    assert "<img src=x onerror=alert(1)>" in [p.name for p in store.plan.providers]
    assert "<img" not in view.saved_note.value and "<img" not in view.result.value
    assert_valid(store)


# ------------------------------------------------------------------------------ costs


def test_sessions_slider_is_clamped_and_refuses_wrong_types():
    store = fresh_store()
    view = CostsView(store)
    assert tamper(view.sessions, "value", 10**9)
    assert view.sessions.value == view.sessions.max
    assert store.plan.costs.sessions == view.sessions.max
    assert tamper(view.sessions, "value", -5)
    assert store.plan.costs.sessions == 1
    for value in ("x", float("nan"), None):
        assert not tamper(view.sessions, "value", value)
    assert_valid(store)


@pytest.mark.parametrize(
    "value", [(float("nan"), 50.0), (50.0, float("nan")), (-5.0, 1e308), (1e308, -1.0), ("a", "b")]
)
def test_price_slider_tampering_keeps_the_last_good_plan(value):
    store = fresh_store()
    view = CostsView(store)
    before = store.plan.costs
    if tamper(view.price, "value", value):
        low, high = view.price.value
        if low != low or high != high:  # NaN got through the slider: the domain refuses it
            assert store.plan.costs == before
            assert 'role="alert"' in view.messages["price_low"].text
    assert_valid(store)


COST_TEXT_FIELDS = [
    "first_visit_fee",
    "metro_factor",
    "allowed_amount",
    "deductible_remaining",
    "copay",
    "coinsurance",
    "oop_max_remaining",
    "visit_cap",
    "visits_used",
    "part_b_deductible_remaining",
    "approved_amount",
    "medicare_visits_used",
]


@pytest.mark.parametrize("field", COST_TEXT_FIELDS)
@pytest.mark.parametrize("value", BAD_TEXT)
def test_cost_text_boxes_reject_bad_values_with_a_message(field, value):
    store = fresh_store()
    view = CostsView(store)
    view.covered.value = "yes"
    view.medicare.value = "Original Medicare"
    before = store.plan.costs
    assert tamper(view.controls[field], "value", value)
    assert_valid(store)
    shown = view.messages[field].text  # the refusal is explained under the box itself
    if value == "<img src=x onerror=alert(1)>":
        assert "<img" not in shown
    if value in ("nan", "NaN", "inf", "-1", "<img src=x onerror=alert(1)>", "\x00"):
        assert store.plan.costs == before
        assert 'role="alert"' in shown


def test_cost_dropdowns_and_checkboxes_refuse_values_not_offered():
    store = fresh_store()
    view = CostsView(store)
    before = store.plan
    for widget, value in (
        (view.covered, "maybe"),
        (view.profession, "Wizard"),
        (view.medicare, "yes"),
        (view.part_b_met, "yes"),
        (view.clbp, [1]),
    ):
        assert not tamper(widget, "value", value)
    assert store.plan == before
    assert_valid(store)


# ------------------------------------------------------------------------------ plan upload


GARBAGE = [
    b"",
    b"\x00\xff" * 500,
    b"PK\x03\x04" + bytes(range(256)),
    b"{" * 200_000,
    b'{"schema_version": 1, "jurisdiction": "ZZ"}',
    b'{"schema_version": 1, "costs": {"sessions": 1e999}}',
    b"<img src=x onerror=alert(1)>",
    b"x" * 6_000_000,
]


@pytest.mark.parametrize("content", GARBAGE, ids=lambda c: f"{len(c)}B-{c[:8]!r}")
def test_plan_upload_with_garbage_bytes_changes_nothing(content):
    store = fresh_store()
    before = store.plan
    view = PlanView(store)
    assert tamper(view.upload, "value", upload_value("plan.json", content))
    assert store.plan == before
    assert "Could not load plan.json" in view.message.value
    assert "<img" not in view.message.value
    assert_valid(store)


def test_plan_upload_with_a_malformed_value_changes_nothing():
    store = fresh_store()
    before = store.plan
    view = PlanView(store)
    for value in ("garbage", (1, 2), ({"name": "x"},)):
        # ipywidgets refuses a value that is not a list of files
        with contextlib.suppress(traitlets.TraitError, KeyError):
            view.upload.value = value
    assert store.plan == before
    assert_valid(store)


def test_refresh_clicked_many_times_is_harmless():
    store = fresh_store()
    view = PlanView(store)
    for _ in range(5):
        view.refresh.click()
    assert view.message.value == ""
    assert_valid(store)


# ------------------------------------------------------------------------------ compare upload


def test_compare_upload_with_garbage_bytes_changes_nothing():
    from dnkit.ui.compare_view import CompareView

    store = fresh_store()
    before = store.plan
    view = CompareView(store)
    for content in GARBAGE:
        assert tamper(view.upload, "value", upload_value("providers.csv", content))
        assert store.plan == before
        assert "<img" not in view.load_report.value + view.message.value
    assert_valid(store)
