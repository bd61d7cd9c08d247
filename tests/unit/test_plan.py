import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnkit.limits import MAX_PROVIDERS, MAX_SESSIONS
from dnkit.plan import (
    SCHEMA_VERSION,
    CostInputs,
    Plan,
    PlanLoadError,
    load_plan,
    plan_to_json,
)
from dnkit.providers import providers_to_json, read_providers, sample_providers
from dnkit.store import PlanStore


def full_plan() -> Plan:
    providers = sample_providers()[:2]
    return Plan(
        jurisdiction="co",
        concern="Neck pain <b>after</b> work",
        providers=providers,
        shortlist=[providers[0].name],
        weights={"training": 40, "cost": 30},
        costs=CostInputs(
            sessions=8,
            price_low=60,
            price_high=120,
            packages=["6:420"],
            covered="yes",
            copay=30,
        ),
        sure_start={"sure": "no", "informed": "yes"},
    )


def test_plan_round_trips_exactly():
    plan = full_plan()
    again = load_plan(plan_to_json(plan))
    assert again.model_dump(exclude={"saved_at"}) == plan.model_dump(exclude={"saved_at"})
    assert again.jurisdiction == "CO"
    assert json.loads(plan_to_json(plan))["schema_version"] == SCHEMA_VERSION


def test_providers_in_a_plan_match_the_provider_file_format():
    plan = full_plan()
    via_file = read_providers(providers_to_json(sample_providers()[:2]), "p.json").providers
    assert tuple(via_file) == plan.providers


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("", "plan.json", "empty"),
        ("{not json", "plan.json", "not valid JSON"),
        ("[1, 2]", "plan.json", "one JSON object"),
        ('{"schema_version": 99}', "schema_version", "newer dnkit"),
        ('{"schema_version": "one"}', "schema_version", "whole number"),
        ('{"jurisdiction": "Atlantis"}', "jurisdiction", "not a place"),
        ('{"costs": {"sessions": -3}}', "costs.sessions", "at least 1"),
        ('{"costs": {"sessions": 21}}', "costs.sessions", "more sessions than"),
        ('{"costs": {"coinsurance": 150}}', "costs.coinsurance", "percent from 0 to 100"),
        ('{"costs": {"first_visit_fee": 6000}}', "costs.first_visit_fee", "at most $5,000"),
        ('{"costs": {"metro_factor": 3.5}}', "costs.metro_factor", "outside 0.5 to 3"),
        ('{"costs": {"price_low": 200, "price_high": 100}}', "costs.price_low", "above high"),
        ('{"costs": {"price_low": NaN}}', "plan.json", "NaN"),
        ('{"weights": {"cost": 1e308}}', "weights", "0 to 100"),
        ('{"surprise": 1}', "surprise", "Extra inputs"),
        ('{"providers": [{"name": "A", "profession": "wizard"}]}', "providers", "provider 1"),
        ("[" * 5000 + "]" * 5000, "plan.json", "nested too deeply"),
    ],
)
def test_bad_plan_files_say_where_and_what(text, where, words):
    with pytest.raises(PlanLoadError) as err:
        load_plan(text, "plan.json")
    assert err.value.where == where
    assert words in str(err.value)


def test_binary_and_huge_files_are_refused():
    with pytest.raises(PlanLoadError, match="not a text file"):
        load_plan(b"\xff\xfe\x00\x81binary", "x.json")
    with pytest.raises(PlanLoadError, match="at most"):
        load_plan(b" " * 6_000_000, "x.json")


def test_old_schema_is_migrated():
    plan = load_plan('{"schema_version": 0, "state": "Texas", "sessions": 4}')
    assert plan.jurisdiction == "TX" and plan.costs.sessions == 4
    assert plan.schema_version == SCHEMA_VERSION


def test_store_rejects_bad_update_and_keeps_the_plan():
    store = PlanStore(full_plan())
    before = store.plan
    seen = []
    store.subscribe(lambda plan, changed: seen.append(changed))
    with pytest.raises(ValueError):
        store.update(jurisdiction="Narnia")
    assert store.plan is before and seen == []
    store.update(jurisdiction="ca")
    assert store.plan.jurisdiction == "CA" and seen == [{"jurisdiction"}]


@given(
    sessions=st.integers(1, MAX_SESSIONS),
    low=st.floats(0, 5000, allow_nan=False),
    extra=st.floats(0, 5000, allow_nan=False),
    copay=st.floats(0, 5000, allow_nan=False),
    concern=st.text(max_size=200),
)
def test_any_valid_plan_round_trips(sessions, low, extra, copay, concern):
    high = min(low + extra, 5000)
    costs = CostInputs(sessions=sessions, price_low=low, price_high=high, copay=copay)
    plan = Plan(concern=concern, costs=costs)
    again = load_plan(plan_to_json(plan))
    assert again.model_dump(exclude={"saved_at"}) == plan.model_dump(exclude={"saved_at"})


def test_values_answers_are_checked_saved_and_printed():
    from dnkit.guide import decision_frame
    from dnkit.render.summary import summary_html, summary_markdown

    first = decision_frame().values[0]
    plan = load_plan(json.dumps({"values": {first.key: "lot"}}))
    assert plan.values == {first.key: "lot"}
    assert "What matters to me" in summary_html(plan) and "a lot" in summary_markdown(plan)
    with pytest.raises(PlanLoadError) as err:
        load_plan('{"values": {"colour": "lot"}}')
    assert err.value.where == "values" and "colour" in str(err.value)
    with pytest.raises(PlanLoadError) as err:
        load_plan(json.dumps({"values": {first.key: "hugely"}}))
    assert err.value.where.startswith("values")


def test_version_1_plans_load_without_the_field_they_no_longer_need():
    v1 = {"schema_version": 1, "costs": {"has_insurance": True, "covered": "yes", "copay": 30}}
    plan = load_plan(json.dumps(v1))
    assert plan.costs.covered == "yes" and plan.costs.copay == 30
    assert plan.schema_version == SCHEMA_VERSION


def test_providers_are_typed_and_the_list_rules_are_the_plan_s_own():
    a, b, c = sample_providers()[:3]
    plan = Plan(providers=[a.model_dump(mode="json")])
    assert plan.providers == (a,)  # a dict from a file becomes a Provider once
    renamed = b.replace(name=a.name.upper())
    added = plan.add_providers([renamed, c])
    assert added.replaced == (renamed.name,) and added.added == (c.name,)
    assert [p.name for p in added.plan.providers] == [renamed.name, c.name]
    kept = plan.add_providers([renamed], replace=False)
    assert kept.kept == (renamed.name,) and kept.plan.providers == (a,)
    assert added.plan.remove_provider(c.name.lower()).providers == (renamed,)


def test_the_list_never_grows_past_its_limit():
    many = [sample_providers()[0].replace(name=f"Clinic {i}") for i in range(MAX_PROVIDERS)]
    plan = Plan().add_providers(many).plan
    with pytest.raises(ValueError, match=f"can hold {MAX_PROVIDERS}"):
        plan.add_providers([sample_providers()[1]])
    assert len(plan.add_providers(many[:3]).plan.providers) == MAX_PROVIDERS  # same names
