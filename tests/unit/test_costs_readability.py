"""Every sentence the cost planner shows a person reads at grade 8 or below (two formulas)."""

import tomllib
from importlib.resources import files

import pytest
from support.readability import problem

from dnkit.costs import InsurancePlan, MedicarePlan, Package, PriceRange, Pricing, plan_costs


def _texts(node, path=""):
    skip = {"source", "sources", "url", "title", "date"}
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in skip:
                yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")
    elif isinstance(node, str) and len(node.split()) >= 6:
        yield path, node


DATA = list(_texts(tomllib.loads((files("dnkit") / "data" / "cost_defaults.toml").read_text())))


@pytest.mark.parametrize(("where", "text"), DATA, ids=[w for w, _ in DATA])
def test_cost_data_texts_are_plain(where, text):
    assert problem(text) is None, f"{where}: {problem(text)}: {text}"


def test_cost_sentences_for_a_full_plan_are_plain():
    plan = plan_costs(
        12,
        Pricing(PriceRange.between(50, 150), first_visit_fee=120, packages=(Package(6, 420),)),
        InsurancePlan(covered=True, deductible_remaining=500, copay=30, coinsurance_pct=20),
        MedicarePlan("MD", chronic_low_back_pain=True, part_b_deductible_remaining=200),
    )
    texts = [*plan.crossovers, *plan.notes, *(n for r in plan.routes for n in r.notes)]
    bad = [f"{problem(t)}: {t}" for t in texts if len(t.split()) >= 6 and problem(t)]
    assert bad == [], "\n".join(bad)
