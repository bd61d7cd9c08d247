"""The costs step without a browser: controls bound to the plan; chart, words and table drawn
from the plan."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnkit.money import money
from dnkit.plan import CostInputs, Plan, load_plan
from dnkit.providers import Provider
from dnkit.render.summary import summary_markdown
from dnkit.store import PlanStore
from dnkit.ui.costs import CostsView
from dnkit.ui.draft import DraftKeeper


def trace(view, i):
    t = view.chart.widget.data[i]
    return t if isinstance(t, dict) else t.to_plotly_json()


@pytest.fixture
def view():
    return CostsView()


def test_starts_with_self_pay_and_seven_traces(view):
    assert len(view.chart.widget.data) == 7
    assert list(trace(view, 0)["y"])[:2] == [150, 300]
    assert list(trace(view, 3)["x"]) == [6, 6]
    assert list(trace(view, 5)["x"]) == []  # insurance not set yet
    assert "For 6 sessions, paying per visit costs you about $600" in view.summary.value
    assert "<table" in view.table.value
    assert ">Requirements Related to Surprise Billing; Part II" in view.sources.value


def test_every_control_has_a_visible_label_and_a_place_for_its_message(view):
    for field, control in view.controls.items():
        assert control.description and control.style.description_width == "initial"
        assert field in view.messages


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


def test_a_refused_value_is_explained_under_its_box_and_changes_nothing(view):
    view.covered.value = "yes"
    good = list(trace(view, 5)["y"])
    saved = view.store.plan.costs
    view.coinsurance.value = "150"
    shown = view.messages["coinsurance"].text
    assert 'role="alert"' in shown and "Coinsurance (%)" in shown
    assert view.coinsurance.value == "150"  # what the person typed stays in the box
    assert view.store.plan.costs == saved and list(trace(view, 5)["y"]) == good
    view.coinsurance.value = "10"
    assert view.messages["coinsurance"].text == ""
    assert view.store.plan.costs.coinsurance == 10


@pytest.mark.parametrize(
    ("control", "typed", "words"),
    [("metro_factor", "3.5", "outside 0.5 to 3"), ("first_visit_fee", "6000", "at most $5,000")],
)
def test_values_the_engine_once_took_and_the_plan_refused_are_refused_visibly(
    view, control, typed, words
):
    chart_before = list(trace(view, 0)["y"])
    saved = view.store.plan.costs
    view.controls[control].value = typed
    assert words in view.messages[control].text
    assert view.store.plan.costs == saved and list(trace(view, 0)["y"]) == chart_before


def test_medicare_with_a_pt_and_with_a_doctor(view):
    view.medicare.value = "Original Medicare"
    assert list(trace(view, 6)["y"])[5] == 600
    assert "physical therapist" in view.notes.value
    assert view.headline.value.startswith(
        '<p class="dn-headline" role="status"><strong>Medicare does not pay for dry needling '
        "by a physical therapist. You would pay the clinic: about $600"
    )
    view.profession.value = "MD"
    view.clbp.value = True
    # The year's full deductible until the person says: $283, then 20% of the rest.
    assert list(trace(view, 6)["y"])[5] == pytest.approx(283 + 0.2 * (600 - 283))
    assert "$283" in view.notes.value
    view.part_b_met.value = True
    assert list(trace(view, 6)["y"])[5] == 120
    view.medicare.value = "Medicare Advantage (a Part C plan)"
    assert "Ask your plan" in view.headline.value
    assert view.store.plan.costs.medicare_advantage and not view.store.plan.costs.medicare


def test_packages_and_a_typical_price_from_the_plan(view):
    view.packages.value = "6:420"
    assert list(trace(view, 4)["y"])[5] == 420
    assert view.store.plan.costs.packages == ("6:420",)
    view.store.field("costs.price_low", "costs.price_high", "costs.price_typical").set(
        (60, 500, 70)
    )
    assert view.price.max >= 500 and view.price.value == (60, 500)
    assert trace(view, 2)["y"][0] == 70


def test_provider_prices_show_words_and_a_table():
    clinic = Provider(name="Clinic A", profession="PT", price_per_session="80-100")
    store = PlanStore(Plan(providers=[clinic], costs=CostInputs(sessions=4)))
    view = CostsView(store)
    assert "For 4 sessions, Clinic A costs about $360" in view.providers.value
    store.update(providers=[])
    assert view.providers.value == ""


def test_a_plan_loaded_elsewhere_shows_in_the_controls(view):
    view.store.replace(Plan(costs=CostInputs(covered="no", visit_cap=20, copay=12.5)))
    assert view.covered.value == "no" and view.visit_cap.value == "20"
    assert view.copay.value == "12.5" and view.medicare.value == "No Medicare"


def test_a_view_built_again_on_the_same_store_leaves_no_listeners_behind():
    store = PlanStore()
    first = CostsView(store)
    count = store.listener_count
    assert count > 0
    for _ in range(3):
        first.close()
        first = CostsView(store)
    assert store.listener_count == count
    first.close()
    assert store.listener_count == 0


# What a person may type into each box: good values, typos, markup, absurd numbers.
TYPED = st.one_of(
    st.integers(-50, 12_000).map(str),
    st.floats(-10, 10_000, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["", "$1,200", "abc", "nan", "inf", "1e308", "<b>5</b>", "6:420", "0"]),
)
TEXT_BOXES = (
    "first_visit_fee",
    "metro_factor",
    "packages",
    "allowed_amount",
    "deductible_remaining",
    "copay",
    "coinsurance",
    "oop_max_remaining",
    "visit_cap",
    "visits_used",
    "part_b_deductible_remaining",
    "approved_amount",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.sampled_from(TEXT_BOXES), TYPED),
            st.tuples(st.just("sessions"), st.integers(1, 20)),
            st.tuples(st.just("covered"), st.sampled_from(["unknown", "yes", "no"])),
            st.tuples(
                st.just("medicare"),
                st.sampled_from(
                    ["No Medicare", "Original Medicare", "Medicare Advantage (a Part C plan)"]
                ),
            ),
            st.tuples(st.just("profession"), st.sampled_from(["PT", "MD", "DC", "NP"])),
            st.tuples(st.just("chronic_low_back_pain"), st.booleans()),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_chart_plan_draft_and_summary_always_show_the_same_numbers(steps):
    """Whatever is typed, valid or not: the chart, the plan, the browser draft and the printed
    summary agree, and each refused value leaves a message under its own box."""
    store = PlanStore()
    view = CostsView(store)
    draft = DraftKeeper(store)
    for field, value in steps:
        view.controls[field].value = value
    costs = store.plan.costs
    # The draft in the browser is the plan (nothing is kept before the first change).
    if draft.storage.saved:
        assert load_plan(draft.storage.saved).costs == costs
    else:
        assert costs == CostInputs()
    # The summary prints the plan's numbers for the planned sessions.
    lines = summary_markdown(store.plan).splitlines()
    plan = store.plan.cost_plan(20)
    n = costs.sessions
    for route in plan.applying():
        typical = route.at(n).out_of_pocket.typical
        assert any(line.startswith(f"| {route.name} | {money(typical)} |") for line in lines)
    # The chart shows the plan's numbers too (trace 2: pay per visit, typical).
    expected = [c.out_of_pocket.typical for c in plan.route("self_pay").costs]
    assert list(trace(view, 2)["y"]) == pytest.approx(expected)
    assert list(trace(view, 3)["x"]) == [n, n]
    # Every box whose text differs from the plan shows why.
    for field in TEXT_BOXES:
        box = view.controls[field].value
        saved = getattr(costs, field)
        if box.strip() and saved in (None, 0, ()) and box not in ("0", "0.00", "-0.00"):
            try:
                CostInputs.model_validate({**dict(costs), field: box})
            except ValueError:
                assert view.messages[field].text, (field, box)
    json.dumps(store.plan.model_dump(mode="json"))  # the plan always saves


def test_costs_use_the_saved_provider_s_own_prices():
    """Six sessions at $80, a $100 first visit and a 6-for-$420 package: $520, not $580."""
    alpha = Provider(
        name="Alpha Physio (fictional)", profession="PT", price_per_session="80",
        first_visit_fee=100, packages="6:420",
    )  # fmt: skip
    beta = Provider(name="Beta Clinic (fictional)", profession="PT", price_per_session="95")
    store = PlanStore(Plan(jurisdiction="CO", providers=[beta, alpha], must_haves={}))
    view = CostsView(store)
    first = store.plan.cost_provider()
    assert view.whose.value == "__auto__" and first is not None  # dnkit's pick: first-ranked
    view.whose.value = alpha.name
    assert store.plan.costs.provider == alpha.name
    expected = "about $520 for 6 sessions at Alpha Physio (fictional)&#x27;s prices"
    assert expected in view.headline.value
    assert "Prices from Alpha Physio (fictional)" in view.prices_note.value
    assert view.typed_prices.layout.display == "none"  # the typed prices are not in use
    assert list(trace(view, 4)["y"])[5] == 520  # the package line, at 6 sessions
    view.whose.value = ""  # "Prices I type in"
    assert view.typed_prices.layout.display is None
    assert "about $600 ($300 to $900) for 6 sessions" in view.headline.value
    store.replace(store.plan.remove_provider(alpha.name))  # the chosen provider is gone
    assert store.plan.costs.provider == ""  # the typed prices stay chosen


def test_dnkit_s_choice_of_prices_says_what_it_is_now():
    """With no saved provider's price, 'Let dnkit choose' means the prices typed below: the
    label says so, and names the first-ranked provider once one has a price."""
    store = PlanStore(Plan(jurisdiction="CO", must_haves={}))
    view = CostsView(store)
    assert view.whose.label == "Let dnkit choose (the prices below, for now)"
    priced = Provider(name="Alpha Physio (fictional)", profession="PT", price_per_session="80")
    store.update(providers=[priced])
    assert view.whose.value == "__auto__"
    assert view.whose.label == "Let dnkit choose (your first-ranked provider)"
    view.close()


def test_a_provider_the_must_haves_leave_out_is_never_the_cheapest():
    """Virginia: a chiropractor is not confirmed as allowed there. His lower price is listed
    apart with the reason, and the cheapest named is one who meets the must-haves."""
    harbor = Provider(name="Harbor Physio (fictional)", profession="PT", price_per_session="80")
    bayside = Provider(name="Bayside Chiro (fictional)", profession="DC", price_per_session="60")
    store = PlanStore(Plan(jurisdiction="VA", providers=[harbor, bayside]))
    view = CostsView(store)
    shown = view.providers.value
    kept, apart = shown.split("Left out by your must-haves")
    assert "Harbor Physio (fictional) costs about" in kept and "Bayside" not in kept
    assert "Bayside Chiro (fictional)</strong>: about $360." in apart
    assert "Not confirmed as allowed" in apart
    store.update(must_haves={})  # the person turns the state must-have off: both compared
    assert "Bayside Chiro (fictional) is cheapest" in view.providers.value
    assert "Left out" not in view.providers.value
    view.close()


def test_one_price_is_said_once():
    store = PlanStore(Plan(costs=CostInputs(price_low="95", price_high="95")))
    view = CostsView(store)
    assert "about $570." in view.summary.value and "between" not in view.summary.value
    view.close()
