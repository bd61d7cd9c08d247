"""Edge cases found by the bad-input and tampering work, each once a real bug."""

from __future__ import annotations

import json

import pytest

from dnkit.plan import PlanLoadError, load_plan
from dnkit.providers import read_providers
from dnkit.store import PlanStore
from dnkit.ui.app import DashboardApp
from dnkit.ui.costs import CostsView
from dnkit.ui.plan_view import PlanView


def test_a_number_too_long_to_read_is_a_problem_not_a_crash():
    text = '[{"name": "Huge (fictional)", "profession": "PT", "dn_hours_total": ' + "9" * 5000
    result = read_providers(text + "}]", "huge.json")
    assert result.providers == []
    assert [p.source for p in result.problems] == ["huge.json"]
    assert "too long" in result.problems[0].message


@pytest.mark.parametrize("field", ["sessions", "copay", "coinsurance", "visit_cap"])
def test_true_is_not_a_number_in_a_plan(field):
    with pytest.raises(PlanLoadError) as err:
        load_plan(json.dumps({"costs": {field: True}}), "plan.json")
    assert err.value.where == f"costs.{field}"


def test_a_plan_with_unusable_packages_is_refused():
    with pytest.raises(PlanLoadError) as err:
        load_plan('{"schema_version": 1, "costs": {"packages": ["6:1e999", "not a package"]}}')
    assert err.value.where.startswith("costs.packages")
    assert "package 1" in str(err.value)


def test_messages_do_not_repeat_their_field_name():
    with pytest.raises(PlanLoadError) as err:
        load_plan('{"jurisdiction": "Atlantis"}')
    assert str(err.value).count("jurisdiction:") == 1
    with pytest.raises(PlanLoadError) as err:
        load_plan('{"providers": [{"name": "A", "profession": "wizard"}]}')
    assert "Value error" not in str(err.value)


def test_nav_cleared_by_a_crafted_message_does_not_raise():
    app = DashboardApp()
    app.nav.value = None
    assert app.stack.selected_index == 0


@pytest.mark.parametrize("text", ["x", "6:1e999", "6:nan", "0:100", "<img src=x onerror=alert(1)>"])
def test_a_bad_package_typed_in_costs_is_not_saved(text):
    store = PlanStore()
    view = CostsView(store)
    before = store.plan.costs
    view.packages.value = text
    assert store.plan.costs == before
    assert 'role="alert"' in view.messages["packages"].text  # refused where it was typed
    store.plan.costs.to_domain()


def test_every_step_sits_under_the_not_medical_advice_note_with_the_review_date():
    from dnkit import NOT_MEDICAL_ADVICE
    from dnkit.render.first_screen import reviewed

    app = DashboardApp()
    header = app.widget.children[0].value
    assert NOT_MEDICAL_ADVICE.split(".")[1].strip() in header  # "It is not medical advice"
    assert reviewed() in header  # when the facts were last checked
    assert app.stack in app.widget.children  # every step shows below that header


def test_the_plan_summary_waits_while_its_step_is_hidden():
    from dnkit.providers import sample_providers

    app = DashboardApp()
    app.show("plan")
    summary = next(v for v in app.views if isinstance(v, PlanView)).summary
    app.show("costs")
    app.store.update(providers=[sample_providers()[0]])
    assert sample_providers()[0].name not in summary.value  # not drawn while hidden
    app.show("plan")
    assert sample_providers()[0].name in summary.value  # drawn when shown again
