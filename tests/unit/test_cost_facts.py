"""The sourced facts behind the cost planner: Medicare, the Good Faith Estimate, insurance.

Each fact cites the registry; numbers in sentences come from the data beside them.
"""

import re
import tomllib
from importlib.resources import files

import pytest

from dnkit.costs import MedicarePlan, PriceRange, Pricing, cost_facts, plan_costs

RAW = tomllib.loads((files("dnkit") / "data" / "cost_defaults.toml").read_text("utf-8"))
MED = cost_facts().medicare


def test_the_2026_part_b_deductible_is_283_dollars_with_its_year_and_federal_register_source():
    assert (MED.part_b_deductible, MED.part_b_deductible_year) == (283, 2026)
    (source,) = MED.part_b_deductible_sources
    assert source.id == "fr-2025-part-b" and source.tier == "A"
    assert source.publisher == "Federal Register (CMS)" and source.date == "2025-11-19"
    assert "In 2026, the deductible is $283." in MED.notes["limits"]
    assert source in MED.sources


def test_until_the_person_says_the_engine_uses_the_year_s_full_deductible_and_says_so():
    med = MedicarePlan("MD", chronic_low_back_pain=True)
    route = plan_costs(3, Pricing(PriceRange(100, 100, 100)), medicare=med).route("medicare")
    # $100 a visit: the first $283 is the deductible, then 20% of the last $17 = $3.40.
    assert route.at(3).out_of_pocket.typical == pytest.approx(286.40)
    assert any("full Part B deductible for 2026: $283" in n for n in route.notes)


def test_chronic_low_back_pain_is_defined_as_the_ncd_defines_it():
    text = MED.notes["clbp"]
    assert "12 weeks or more" in text and MED.clbp_min_weeks == 12
    assert "disease in the rest of the body" in text
    assert "surgery" in text and "pregnant" in text


def test_who_may_bill_includes_clinical_nurse_specialists_and_never_pts_or_chiropractors():
    assert "clinical nurse specialists" in MED.notes["conditional"]
    assert "ACAOM" in MED.notes["conditional"] and "license" in MED.notes["conditional"]
    assert "never pays a PT or a chiropractor" in MED.notes["not_listed"]
    assert "Medicare never pays for dry needling by a physical therapist" in MED.notes["pt"]


def test_codes_active_means_payable_only_when_covered():
    text = MED.notes["codes"]
    assert "20560 and 20561" in text and "active [UNCONFIRMED]" in text
    assert "only means it pays them when the visit is covered" in text
    assert "never pays them to a PT or a chiropractor" in text


def test_medicare_advantage_has_a_note_marked_where_the_rule_was_not_read():
    text = MED.notes["advantage"]
    assert "Medicare Advantage" in text and "[UNCONFIRMED]" in text
    route = plan_costs(
        2,
        Pricing(PriceRange(100, 100, 100)),
        medicare=MedicarePlan("MD", chronic_low_back_pain=True, part_b_deductible_remaining=0),
    ).route("medicare")
    assert text in route.notes and MED.notes["codes"] in route.notes


def test_good_faith_estimate_threshold_comes_from_the_rule_and_the_rest_is_marked():
    gfe = cost_facts().good_faith_estimate
    assert cost_facts().gfe_threshold == 400 and "$400 or more" in gfe.text
    assert [c.id for c in gfe.sources] == ["fr-2021-surprise-billing", "cms-no-surprises"]
    assert re.search(r"120 days.*\$25 \[UNCONFIRMED\]\.$", gfe.text)


def test_insurance_note_cites_payer_policies_not_a_mirror():
    ids = [c.id for c in cost_facts().insurance.sources]
    assert "apta-cpt-2020" in ids and "amerihealth-2020" in ids
    assert all(c.tier in ("A", "B") for c in cost_facts().insurance.sources)


def test_numbers_in_the_medicare_texts_come_from_the_data():
    numbers = {f"{v:g}" for v in RAW["medicare"].values() if isinstance(v, int | float)}
    codes = {"20560", "20561"}
    for name, text in MED.notes.items():
        for n in re.findall(r"\d[\d,]*", text):
            assert n.replace(",", "") in numbers | codes, f"{name}: {n} is not from the data"
    raw_notes = " ".join(v for k, v in RAW["medicare"].items() if k.startswith("note_"))
    for value in ("12", "90", "8", "20", "283", "2026"):
        assert not re.search(rf"(?<![\w{{]){value}(?![\w}}])", raw_notes), value


def test_the_medicare_route_says_its_limits_from_the_data():
    route = plan_costs(
        3,
        Pricing(PriceRange(100, 100, 100)),
        medicare=MedicarePlan("MD", chronic_low_back_pain=True, part_b_deductible_remaining=0),
    ).route("medicare")
    text = " ".join(route.notes)
    assert f"It pays {MED.extra_visits_if_improving} more only if" in text
    assert f"The first {MED.initial_visits} visits must fall within {MED.initial_days} days" in text
