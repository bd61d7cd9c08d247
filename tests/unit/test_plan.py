import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnkit.plan import (
    SCHEMA_VERSION,
    CostInputs,
    Plan,
    PlanLoadError,
    PlanStore,
    load_plan,
    plan_to_json,
)
from dnkit.providers import providers_to_json, read_providers, sample_providers


def full_plan() -> Plan:
    providers = [p.model_dump(mode="json") for p in sample_providers()[:2]]
    return Plan(
        jurisdiction="co",
        concern="Neck pain <b>after</b> work",
        providers=providers,
        shortlist=[providers[0]["name"]],
        weights={"training": 40, "cost": 30},
        costs=CostInputs(
            sessions=8,
            price_low=60,
            price_high=120,
            packages=["6:420"],
            has_insurance=True,
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
    assert [p.model_dump(mode="json") for p in via_file] == plan.providers


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("", "plan.json", "empty"),
        ("{not json", "plan.json", "not valid JSON"),
        ("[1, 2]", "plan.json", "one JSON object"),
        ('{"schema_version": 99}', "schema_version", "newer dnkit"),
        ('{"schema_version": "one"}', "schema_version", "whole number"),
        ('{"jurisdiction": "Atlantis"}', "jurisdiction", "not a place"),
        ('{"costs": {"sessions": -3}}', "costs.sessions", "greater than or equal to 1"),
        ('{"costs": {"coinsurance": 150}}', "costs.coinsurance", "less than or equal to 100"),
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
    sessions=st.integers(1, 60),
    low=st.floats(0, 5000, allow_nan=False),
    copay=st.floats(0, 5000, allow_nan=False),
    concern=st.text(max_size=200),
)
def test_any_valid_plan_round_trips(sessions, low, copay, concern):
    plan = Plan(concern=concern, costs=CostInputs(sessions=sessions, price_low=low, copay=copay))
    again = load_plan(plan_to_json(plan))
    assert again.model_dump(exclude={"saved_at"}) == plan.model_dump(exclude={"saved_at"})


def test_values_answers_are_checked_saved_and_printed():
    from dnkit.guide import decision_frame
    from dnkit.summary import summary_html, summary_markdown

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
