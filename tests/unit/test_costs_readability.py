"""Every sentence the cost planner shows a person reads at grade 8 or below (two formulas)."""

import re
import tomllib
from importlib.resources import files

import pytest
from support.readability import problem

from dnkit.costs import (
    InsurancePlan,
    MedicarePlan,
    Package,
    PriceRange,
    Pricing,
    cost_facts,
    default_price,
    plan_costs,
)

RAW = tomllib.loads((files("dnkit") / "data" / "cost_defaults.toml").read_text("utf-8"))


def _filled() -> list[tuple[str, str]]:
    """The data texts as a person reads them: placeholders filled from the numbers."""
    facts = cost_facts()
    texts = [
        ("price_per_session.note", default_price().note),
        ("metro_factor.note", facts.metro.text),
        ("good_faith_estimate.note", facts.good_faith_estimate.text),
        ("insurance.note", facts.insurance.text),
    ]
    texts += [(f"medicare.note_{k}", v) for k, v in facts.medicare.notes.items()]
    return texts


DATA = _filled()


def test_every_text_in_the_data_is_checked_once_filled():
    raw_notes = [f"{t}.{k}" for t, v in RAW.items() for k in v if k.startswith("note")]
    assert sorted(raw_notes) == sorted(w for w, _ in DATA)
    for where, text in DATA:
        assert not re.search(r"\{\w+\}", text), f"{where}: a placeholder was not filled"


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
