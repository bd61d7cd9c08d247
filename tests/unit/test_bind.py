"""bind(): a widget and a plan field in step both ways, with one echo guard."""

import ipywidgets as W

from dnkit.store import PlanStore
from dnkit.ui.bind import FieldMessage, bind


def test_typing_reaches_the_plan_and_the_plan_reaches_the_widget():
    store = PlanStore()
    box = W.Text()
    message = FieldMessage()
    unbind = bind(box, "value", store.field("costs.copay"), to_widget=lambda v: f"{v:g}",
                  message=message)  # fmt: skip
    assert box.value == "0"
    box.value = "$30"
    assert store.plan.costs.copay == 30
    assert box.value == "$30"  # no echo rewrites what the person typed
    store.field("costs.copay").set(12.5)  # a loaded file, another step
    assert box.value == "12.5"
    unbind()
    box.value = "99"
    assert store.plan.costs.copay == 12.5


def test_a_refused_value_stays_typed_is_explained_and_the_plan_keeps_its_value():
    store = PlanStore()
    box = W.Text()
    message = FieldMessage()
    bind(box, "value", store.field("costs.coinsurance"), to_widget=str, message=message)
    box.value = "150"
    assert box.value == "150" and store.plan.costs.coinsurance == 0
    assert "Coinsurance (%)" in message.text and message.widget.layout.display is None
    store.field("costs.coinsurance").set(20)  # the plan's value comes back; the problem is moot
    assert box.value == "20.0" and message.text == ""
    assert message.widget.layout.display == "none"


def test_a_crafted_value_of_the_wrong_kind_never_breaks_the_page():
    store = PlanStore()
    box = W.Text()
    message = FieldMessage()
    bind(box, "value", store.field("costs.sessions"), to_widget=str,
         from_widget=lambda text: {"weird": text}, message=message)  # fmt: skip
    box.value = "7"
    assert store.plan.costs.sessions == 6 and message.text
