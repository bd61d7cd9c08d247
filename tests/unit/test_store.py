"""The plan store: field-level access, changes checked before they land, precise notices."""

import pytest

from dnkit.errors import PlanInputError
from dnkit.plan import Plan
from dnkit.providers import sample_providers
from dnkit.store import PlanStore


def test_a_field_reads_sets_and_tells_only_on_a_real_change():
    store = PlanStore()
    state = store.field("jurisdiction")
    seen = []
    unsubscribe = state.subscribe(seen.append)
    state.set("co")
    assert state.value == "CO" and seen == ["CO"]
    state.set("Colorado")  # the same place: nothing changed, nobody is told
    store.update(concern="neck")  # another field: this subscriber is not told
    assert seen == ["CO"]
    unsubscribe()
    state.set("CA")
    assert seen == ["CO"] and store.plan.jurisdiction == "CA"


def test_a_refused_change_names_the_field_and_changes_nothing():
    store = PlanStore(Plan(jurisdiction="CO"))
    before = store.plan
    told = []
    store.subscribe(lambda plan, changed: told.append(changed))
    for path, value, where in (
        ("jurisdiction", "Narnia", "jurisdiction"),
        ("costs.copay", -5, "costs.copay"),
        ("costs.metro_factor", "3.5", "costs.metro_factor"),
        ("costs.first_visit_fee", 6000, "costs.first_visit_fee"),
        ("weights.cost", 500, "weights"),
    ):
        with pytest.raises(PlanInputError) as err:
            store.field(path).set(value)
        assert err.value.field == where
    assert store.plan is before and told == []


def test_several_fields_change_together_or_not_at_all():
    store = PlanStore()
    price = store.field("costs.price_low", "costs.price_high")
    price.set((60, 90))
    assert price.value == (60, 90)
    with pytest.raises(PlanInputError) as err:
        price.set((200, 100))  # low above high: refused as a whole
    assert err.value.field == "costs.price_low" and price.value == (60, 90)


def test_unknown_paths_are_refused_at_once():
    store = PlanStore()
    with pytest.raises((PlanInputError, KeyError, AttributeError)):
        store.field("costs.nothing")
    with pytest.raises(PlanInputError):
        store.set({"surprise": 1})


def test_a_listener_that_changes_the_plan_leaves_everyone_with_the_latest_value():
    store = PlanStore()
    seen = []
    # The first subscriber reacts to a state by setting the sessions; the second watches them.
    store.field("jurisdiction").subscribe(lambda _v: store.update(concern="from listener"))
    store.field("concern").subscribe(seen.append)
    store.update(jurisdiction="CO")
    assert seen == ["from listener"] and store.plan.concern == "from listener"


def test_dict_fields_set_and_clear_keys():
    store = PlanStore()
    assert store.plan.must_haves == {"permitted": True}  # on until the person turns it off
    store.field("must_haves.sterile_needles").set(True)
    assert store.plan.must_haves == {"permitted": True, "sterile_needles": True}
    store.field("must_haves.permitted").set(None)  # None: not set
    assert store.plan.must_haves == {"sterile_needles": True}


def test_replace_puts_a_whole_plan_in_place_and_tells_what_changed():
    store = PlanStore()
    told = []
    store.subscribe(lambda plan, changed: told.append(changed))
    store.replace(Plan(jurisdiction="TX", providers=sample_providers()[:1]))
    assert told == [frozenset({"jurisdiction", "providers"})]
    with pytest.raises(TypeError):
        store.replace({"jurisdiction": "TX"})  # type: ignore[arg-type]


def test_every_step_rebuilt_on_the_same_store_leaves_no_listeners_behind():
    from dnkit.ui.app import STEPS, DashboardApp

    store = PlanStore()
    app = DashboardApp(store)
    for step in STEPS:
        app.show(step.key)
    count = store.listener_count
    for _ in range(3):
        app.close()
        assert store.listener_count == 0
        app = DashboardApp(store)
        for step in STEPS:
            app.show(step.key)
    assert store.listener_count == count
