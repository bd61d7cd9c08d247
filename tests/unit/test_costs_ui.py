"""The cost planner view without a browser: controls in, chart data, words and table out."""

import pytest

from dnkit.costs import PriceRange
from dnkit.ui.costs import CostPlannerView


def trace(view, i):
    t = view.chart.widget.data[i]
    return t if isinstance(t, dict) else t.to_plotly_json()


@pytest.fixture
def view():
    return CostPlannerView(sessions=6)


def test_starts_with_self_pay_and_seven_traces(view):
    assert len(view.chart.widget.data) == 7
    assert list(trace(view, 0)["y"])[:2] == [150, 300]
    assert list(trace(view, 3)["x"]) == [6, 6]
    assert list(trace(view, 5)["x"]) == []  # insurance not set yet
    assert "For 6 sessions, paying per visit costs you about $600" in view.summary.value
    assert "<table" in view.table.value and "healthinsurancefaqs.com" in view.sources.value


def test_every_control_has_a_visible_label(view):
    for control in view._controls():
        assert control.description and control.style.description_width == "initial"


def test_insurance_inputs_redraw_in_place(view):
    chart = view.chart.widget
    view.covered.value = "yes"
    view.copay.value = "30"
    assert view.chart.widget is chart
    assert list(trace(view, 5)["y"])[:6] == [30, 60, 90, 120, 150, 180]
    assert "you pay the least by using your insurance: about $180" in view.summary.value
    view.deductible.value = "500"
    # $100 a visit until the $500 deductible is met at visit 5, then the $30 copay
    assert list(trace(view, 5)["y"])[5] == 530


def test_bad_value_names_the_field_and_keeps_the_last_good_chart(view):
    view.covered.value = "yes"
    good = list(trace(view, 5)["y"])
    view.coinsurance.value = "150"
    assert 'role="alert"' in view.message.value and "Coinsurance (%)" in view.message.value
    assert list(trace(view, 5)["y"]) == good
    view.coinsurance.value = "10"
    assert view.message.value == ""


def test_medicare_with_a_pt_and_with_a_doctor(view):
    view.medicare.value = True
    assert list(trace(view, 6)["y"])[5] == 600
    assert "physical therapist" in view.notes.value
    view.profession.value = "MD"
    view.clbp.value = True
    assert "Part B deductible" in view.message.value
    view.part_b.value = "0"
    assert view.message.value == "" and list(trace(view, 6)["y"])[5] == 120


def test_packages_and_set_price(view):
    view.packages.value = "6:420"
    assert list(trace(view, 4)["y"])[5] == 420
    view.set_price(PriceRange(60, 70, 500))
    assert view.price.max >= 500
    assert view.state()["price"] == {"low": 60, "typical": 70, "high": 500}
    assert trace(view, 2)["y"][0] == 70


def test_provider_prices_show_words_and_a_table():
    view = CostPlannerView(sessions=4, provider_prices=[("Clinic A", PriceRange(80, 90, 100))])
    assert "For 4 sessions, Clinic A costs about $360" in view.providers.value
    view.set_provider_prices([])
    assert view.providers.value == ""


def test_state_holds_the_inputs_as_typed(view):
    view.covered.value = "no"
    view.visit_cap.value = "20"
    state = view.state()
    assert state["sessions"] == 6 and state["insurance"]["covered"] == "no"
    assert state["insurance"]["visit_cap"] == "20" and state["medicare"]["enabled"] is False
