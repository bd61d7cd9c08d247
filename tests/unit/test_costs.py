"""Worked examples for the cost routes, each computed by hand in the comment beside it."""

import math

import pytest

from dnkit.costs import (
    CostInputError,
    InsurancePlan,
    MedicarePlan,
    Package,
    PriceRange,
    Pricing,
    cheapest_mixes,
    compare_in_words,
    cost_facts,
    default_price,
    parse_amount,
    parse_count,
    parse_covered,
    parse_packages,
    parse_price,
    parse_sessions,
    plan_costs,
)

FLAT_100 = PriceRange(100, 100, 100)


def oop(plan, key, n):
    c = plan.route(key).at(n).out_of_pocket
    return (c.low, c.typical, c.high)


def typical_oops(plan, key):
    return [c.out_of_pocket.typical for c in plan.route(key).costs]


def test_self_pay_six_sessions_at_50_to_150():
    plan = plan_costs(6, Pricing(PriceRange.between(50, 150)))
    # 6 x $50 = $300, 6 x $100 = $600, 6 x $150 = $900
    assert oop(plan, "self_pay", 6) == (300, 600, 900)
    assert plan.route("self_pay").at(6).total == plan.route("self_pay").at(6).out_of_pocket


def test_first_visit_fee_is_added_once():
    plan = plan_costs(3, Pricing(FLAT_100, first_visit_fee=120))
    # $120 + 3 x $100 = $420
    assert oop(plan, "self_pay", 3) == (420, 420, 420)
    assert any("first-visit fee" in n for n in plan.notes)


def test_six_for_420_package_against_100_sessions():
    plan = plan_costs(12, Pricing(FLAT_100, packages=(Package(6, 420),)))
    pk = typical_oops(plan, "package")
    # 1-4 sessions: singles ($100 each) beat the $420 package; 5: the package (1 spare);
    # 6: $420; 7: $420 + $100; 11-12: two packages, $840.
    assert pk[:7] == [100, 200, 300, 400, 420, 420, 520]
    assert pk[10:] == [840, 840]
    assert plan.route("package").at(6).detail == "1 × 6-session package"
    assert "1 spare" in plan.route("package").at(5).detail
    assert plan.crossovers[0] == (
        "From 5 sessions on, the 6-session package is cheaper than paying per visit. "
        "For fewer sessions, they cost the same."
    )


def test_package_never_cheaper_says_so():
    plan = plan_costs(4, Pricing(FLAT_100, packages=(Package(6, 900),)))
    assert (
        plan.crossovers[0]
        == "For 1 to 4 sessions, buying packages and paying per visit cost you the same."
    )


def test_cheapest_mix_uses_a_bigger_package_when_it_pays():
    mixes = cheapest_mixes(10, 100, [Package(6, 420), Package(10, 650)])
    # 8 sessions: 6-pack + 2 singles = $620 beats the 10-pack at $650
    assert mixes[7].cost == 620
    # 9 sessions: 6-pack + 3 singles = $720, so the 10-pack ($650, 1 spare) wins
    assert mixes[8].cost == 650 and mixes[8].describe() == "1 × 10-session package (1 spare)"


def test_deductible_then_coinsurance():
    ins = InsurancePlan(True, allowed_amount=100, deductible_remaining=250, coinsurance_pct=20)
    plan = plan_costs(4, Pricing(FLAT_100), ins)
    # visit 1: $100 (deductible), 2: $100, 3: $50 to the deductible + 20% of $50 = $60,
    # 4: 20% of $100 = $20  -> running totals 100, 200, 260, 280
    assert typical_oops(plan, "insurance") == [100, 200, 260, 280]
    assert plan.route("insurance").milestone("deductible met") == 3
    assert plan.route("insurance").at(4).total.typical == 400


def test_copay_only():
    ins = InsurancePlan(True, allowed_amount=90, copay=30)
    plan = plan_costs(6, Pricing(FLAT_100), ins)
    # $30 a visit: 6 x $30 = $180, while the plan counts 6 x $90 = $540 in all
    assert oop(plan, "insurance", 6) == (180, 180, 180)
    assert plan.route("insurance").at(6).total.typical == 540


def test_visit_cap_reached():
    ins = InsurancePlan(True, allowed_amount=100, copay=30, visit_cap=20, visits_used=18)
    plan = plan_costs(6, Pricing(PriceRange(80, 100, 120)), ins)
    # 2 visits left at $30, then 4 at the clinic's price: 60 + 4 x 80/100/120
    assert oop(plan, "insurance", 6) == (380, 460, 540)
    assert plan.route("insurance").milestone("not covered from") == 3
    assert any("2 more visits" in n for n in plan.route("insurance").notes)


def test_visit_cap_already_used_up():
    ins = InsurancePlan(True, allowed_amount=100, copay=30, visit_cap=20, visits_used=20)
    plan = plan_costs(3, Pricing(FLAT_100), ins)
    assert typical_oops(plan, "insurance") == [100, 200, 300]


def test_out_of_pocket_maximum_reached():
    ins = InsurancePlan(True, allowed_amount=100, coinsurance_pct=50, oop_max_remaining=120)
    plan = plan_costs(5, Pricing(FLAT_100), ins)
    # $50, $50, then only $20 left under the maximum, then nothing
    assert typical_oops(plan, "insurance") == [50, 100, 120, 120, 120]
    assert plan.route("insurance").milestone("out-of-pocket maximum") == 3


def test_not_covered_pays_the_clinic_price():
    plan = plan_costs(6, Pricing(PriceRange.between(50, 150)), InsurancePlan(False, copay=10))
    assert oop(plan, "insurance", 6) == (300, 600, 900)
    assert plan.route("insurance").notes[0].startswith("Your plan does not pay")


def test_insurance_costs_more_than_cash_until_the_deductible_is_met():
    # The plan's allowed amount ($120) is above the cash price ($100); deductible $360.
    ins = InsurancePlan(True, allowed_amount=120, deductible_remaining=360)
    plan = plan_costs(6, Pricing(FLAT_100), ins)
    # running: 120/240/360/360 against cash 100/200/300/400
    assert typical_oops(plan, "insurance")[:4] == [120, 240, 360, 360]
    assert (
        "Insurance costs you more than paying cash until your deductible is met at session 3."
        in plan.crossovers
    )
    assert (
        "From 4 sessions on, using your insurance is cheaper than paying per visit. "
        "For fewer sessions, paying per visit is cheaper." in plan.crossovers
    )


def test_unknown_coverage_leaves_insurance_out_and_says_why():
    plan = plan_costs(3, Pricing(FLAT_100), None)
    ins = plan.route("insurance")
    assert not ins.applies and ins.costs == ()
    assert "20560" in ins.notes[0]


def test_medicare_with_a_physical_therapist_pays_nothing():
    med = MedicarePlan("PT", chronic_low_back_pain=True, part_b_deductible_remaining=0)
    plan = plan_costs(6, Pricing(PriceRange.between(50, 150)), medicare=med)
    assert oop(plan, "medicare", 6) == (300, 600, 900)
    assert "physical therapist" in plan.route("medicare").notes[0]
    assert any("30.3.3" in s.title for s in plan.route("medicare").sources)


def test_medicare_with_a_doctor_for_chronic_low_back_pain():
    med = MedicarePlan(
        "md", chronic_low_back_pain=True, part_b_deductible_remaining=40, approved_amount=100
    )
    plan = plan_costs(14, Pricing(FLAT_100), medicare=med)
    got = typical_oops(plan, "medicare")
    # visit 1: $40 deductible + 20% of $60 = $52; visits 2-12: 20% of $100 = $20 each
    assert got[0] == 52 and got[11] == 52 + 11 * 20
    # not marked improving: visits 13 and 14 are past the 12-visit limit, $100 each
    assert got[13] == 272 + 200
    improving = plan_costs(
        14, Pricing(FLAT_100), medicare=MedicarePlan(**{**med.__dict__, "improving": True})
    )
    assert typical_oops(improving, "medicare")[13] == 272 + 40


def test_medicare_yearly_limit_counts_visits_used():
    med = MedicarePlan(
        "DO",
        True,
        part_b_deductible_remaining=0,
        approved_amount=100,
        improving=True,
        visits_used=18,
    )
    plan = plan_costs(4, Pricing(FLAT_100), medicare=med)
    assert typical_oops(plan, "medicare") == [20, 40, 140, 240]


@pytest.mark.parametrize(
    ("kwargs", "covered"),
    [
        (dict(profession="NP", chronic_low_back_pain=True), False),
        (dict(profession="NP", chronic_low_back_pain=True, ncd_qualified=True), True),
        (dict(profession="LAc", chronic_low_back_pain=True, ncd_qualified=True), True),
        (dict(profession="MD", chronic_low_back_pain=False), False),
        (dict(profession="DC", chronic_low_back_pain=True), False),
        (dict(profession="other", chronic_low_back_pain=True, ncd_qualified=True), False),
    ],
)
def test_medicare_eligibility(kwargs, covered):
    med = MedicarePlan(**kwargs, part_b_deductible_remaining=0)
    plan = plan_costs(2, Pricing(FLAT_100), medicare=med)
    assert (typical_oops(plan, "medicare")[0] < 100) is covered


def test_medicare_answers_the_person_s_case_first():
    pricing = Pricing(FLAT_100)
    pt = plan_costs(6, pricing, medicare=MedicarePlan("PT", True))
    assert pt.headline(6) == (
        "Medicare does not pay for dry needling by a physical therapist. "
        "You would pay the clinic: about $600 for 6 sessions."
    )
    md = plan_costs(6, pricing, medicare=MedicarePlan("MD", True))  # deductible not said
    # $600 in all: the $283 deductible, then 20% of $317 = $63.40: $346.
    assert md.headline(6).startswith("Medicare can pay for this. You would pay about $346")
    met = plan_costs(6, pricing, medicare=MedicarePlan("MD", True, part_b_deductible_remaining=0))
    assert "about $120 for 6 sessions" in met.headline(6)  # 20% of $600
    known = plan_costs(6, pricing, medicare=MedicarePlan("MD", True, approved_amount=60))
    assert "does not know Medicare's price" not in known.headline(6)
    assert "does not know Medicare's price" in md.headline(6)
    advantage = plan_costs(6, pricing, medicare=MedicarePlan("MD", True, advantage=True))
    assert not advantage.route("medicare").applies
    assert advantage.headline(6).startswith("A Medicare Advantage plan sets what you pay.")


def test_metro_factor_defaults_to_no_change_and_is_marked_unconfirmed():
    assert Pricing(FLAT_100).metro_factor == 1.0
    facts = cost_facts()
    # no regional price was found, so nothing is cited for one, and the note says so
    assert facts.metro.sources == () and "no trusted source" in facts.metro.text
    plan = plan_costs(
        6, Pricing(FLAT_100, first_visit_fee=100, metro_factor=1.2, packages=(Package(6, 420),))
    )
    # price and fee scaled: $120 + 6 x $120; the package stays $420 (+ the $120 fee)
    assert oop(plan, "self_pay", 6)[1] == pytest.approx(840)
    assert oop(plan, "package", 6)[1] == pytest.approx(540)
    assert any("UNCONFIRMED" in s.label() for s in plan.route("self_pay").sources)


def test_good_faith_estimate_is_on_the_self_pay_route_with_its_source():
    route = plan_costs(1, Pricing(FLAT_100)).route("self_pay")
    assert any("$400" in n and "Good Faith Estimate" in n for n in route.notes)
    assert any(s.id == "fr-2021-surprise-billing" and s.tier == "A" for s in route.sources)
    assert cost_facts().gfe_threshold == 400


def test_routes_keep_their_order_and_absent_ones_are_empty():
    plan = plan_costs(3, Pricing(FLAT_100))
    assert [r.key for r in plan.routes] == ["self_pay", "package", "insurance", "medicare"]
    assert [r.applies for r in plan.routes] == [True, False, False, False]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: PriceRange(-5, 10, 20), "price_low"),
        (lambda: PriceRange.between(150, 50), "price_low"),
        (lambda: PriceRange(50, 200, 150), "price_typical"),
        (lambda: PriceRange.between(50, math.nan), "price_high"),
        (lambda: PriceRange.between(50, 1e9), "price_high"),
        (lambda: plan_costs(0, Pricing(FLAT_100)), "sessions"),
        (lambda: plan_costs(1000, Pricing(FLAT_100)), "sessions"),
        (lambda: InsurancePlan(True, coinsurance_pct=120), "coinsurance"),
        (lambda: InsurancePlan(True, coinsurance_pct=-1), "coinsurance"),
        (lambda: InsurancePlan(True, copay=math.inf), "copay"),
        (lambda: InsurancePlan(True, deductible_remaining=-100), "deductible_remaining"),
        (lambda: InsurancePlan(True, allowed_amount=-1), "allowed_amount"),
        (
            lambda: InsurancePlan(True, oop_max_remaining=math.nan),
            "oop_max_remaining",
        ),
        (lambda: InsurancePlan(True, visit_cap=-1), "visit_cap"),
        (lambda: InsurancePlan(True, visits_used=2.5), "visits_used"),
        (lambda: Pricing(FLAT_100, first_visit_fee=-1), "first_visit_fee"),
        (lambda: Pricing(FLAT_100, metro_factor=10), "metro_factor"),
        (lambda: Pricing(FLAT_100, metro_factor=0), "metro_factor"),
        (lambda: Package(0, 100), "packages"),
        (lambda: Package(6, -1), "packages"),
        (lambda: MedicarePlan("plumber"), "profession"),
        (
            lambda: MedicarePlan("MD", True, part_b_deductible_remaining=-1),
            "part_b_deductible_remaining",
        ),
    ],
)
def test_bad_input_names_the_field(make, field):
    with pytest.raises(CostInputError) as err:
        make()
    assert err.value.field == field
    assert str(err.value).startswith(field + ":")


def test_parsers():
    assert parse_packages("6:420; 10:$650") == (Package(6, 420), Package(10, 650))
    assert parse_packages("  ") == ()
    assert parse_amount("", "copay") is None and parse_amount("$1,200", "copay") == 1200
    assert parse_count("20", "visit_cap") == 20 and parse_count(" ", "visit_cap") is None
    assert parse_price("50-150") == PriceRange(50, 100, 150)
    assert parse_price("75") == PriceRange(75, 75, 75)
    assert parse_price("50-150", typical=90) == PriceRange(50, 90, 150)
    assert parse_sessions("1-12") == (1, 12) and parse_sessions("6") == (6, 6)
    assert [parse_covered(t) for t in ("yes", "No", "not sure")] == [True, False, None]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: parse_packages("6-420"), "packages"),
        (lambda: parse_amount("ten", "copay"), "copay"),
        (lambda: parse_amount("nan", "copay"), "copay"),
        (lambda: parse_count("2.5", "visit_cap"), "visit_cap"),
        (lambda: parse_price("cheap"), "price_low"),
        (lambda: parse_price("150-50"), "price_low"),
        (lambda: parse_sessions("0"), "sessions"),
        (lambda: parse_sessions("12-1"), "sessions"),
        (lambda: parse_covered("maybe"), "covered"),
    ],
)
def test_parsers_name_the_field(call, field):
    with pytest.raises(CostInputError) as err:
        call()
    assert err.value.field == field


def test_compare_in_words_shapes():
    assert compare_in_words("A", [1, 1], "B", [2, 2]) == "For 1 to 2 sessions, A is cheaper than B."
    assert compare_in_words("A", [3], "B", [2]) == "For 1 session, B is cheaper than A."
    mixed = compare_in_words("A", [1, 3, 1], "B", [2, 2, 2])
    assert mixed == (
        "For 1 session, A is cheaper than B. For 2 sessions, B is cheaper. "
        "For 3 sessions, A is cheaper."
    )


def test_six_sessions_at_50_to_150_cost_300_to_900():
    route = plan_costs(6, Pricing(PriceRange.between(50, 150))).route("self_pay")
    band = route.at(6).out_of_pocket
    assert (band.low, band.typical, band.high) == (300, 600, 900)


def test_default_price_is_sourced_and_marked_unconfirmed():
    d = default_price()
    assert (d.price.low, d.price.high) == (50, 150)
    assert not d.source.confirmed
    assert "UNCONFIRMED" in d.source.label()
