"""Properties of the cost engine that must hold for any sensible input (hypothesis)."""

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from dnkit.costs import (
    LEVELS,
    InsurancePlan,
    MedicarePlan,
    Package,
    PriceRange,
    Pricing,
    cheapest_mixes,
    plan_costs,
)

EPS = 1e-6
money = st.floats(0, 400, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def prices(draw):
    a, b, c = sorted(draw(st.lists(money, min_size=3, max_size=3)))
    return PriceRange(a, b, c)


packages = st.lists(
    st.builds(Package, st.integers(1, 12), st.floats(0, 2000).map(lambda x: round(x, 2))),
    max_size=3,
)
pricing = st.builds(
    Pricing,
    prices(),
    first_visit_fee=money,
    metro_factor=st.sampled_from([1.0, 0.8, 1.2, 1.5]),
    packages=packages.map(tuple),
)
insurance = st.builds(
    InsurancePlan,
    covered=st.booleans(),
    allowed_amount=st.none() | money,
    deductible_remaining=st.floats(0, 3000).map(lambda x: round(x, 2)),
    copay=st.floats(0, 80).map(lambda x: round(x, 2)),
    coinsurance_pct=st.floats(0, 100),
    oop_max_remaining=st.none() | st.floats(0, 5000),
    visit_cap=st.none() | st.integers(0, 40),
    visits_used=st.integers(0, 40),
)
medicare = st.builds(
    MedicarePlan,
    profession=st.sampled_from(["PT", "DC", "MD", "DO", "NP", "PA", "LAc", "other"]),
    chronic_low_back_pain=st.booleans(),
    ncd_qualified=st.booleans(),
    part_b_deductible_remaining=st.floats(0, 300),
    approved_amount=st.none() | money,
    improving=st.booleans(),
    visits_used=st.integers(0, 25),
)
plans = st.builds(
    plan_costs, st.integers(1, 25), pricing, st.none() | insurance, st.none() | medicare
)


@settings(max_examples=150, deadline=None)
@given(plans)
def test_totals_never_decrease_as_sessions_grow(plan):
    for route in plan.applying():
        for a, b in itertools.pairwise(route.costs):
            for lv in LEVELS:
                assert b.total.level(lv) >= a.total.level(lv) - EPS, (route.key, lv)
                assert b.out_of_pocket.level(lv) >= a.out_of_pocket.level(lv) - EPS


@settings(max_examples=150, deadline=None)
@given(plans)
def test_low_typical_high_are_ordered_everywhere(plan):
    for route in plan.applying():
        for c in route.costs:
            for band in (c.total, c.out_of_pocket):
                assert band.low <= band.typical + EPS <= band.high + 2 * EPS, (route.key, c)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 25), pricing, insurance)
def test_out_of_pocket_stays_within_what_the_plan_allows(n_max, pr, ins):
    plan = plan_costs(n_max, pr, ins)
    route = plan.route("insurance")
    price, fee = pr.session_price(), pr.fee()
    slots = (
        0
        if not ins.covered
        else (math.inf if ins.visit_cap is None else max(0, ins.visit_cap - ins.visits_used))
    )
    for c in route.costs:
        covered = min(c.sessions, slots)
        uncovered = c.sessions - covered
        for lv in LEVELS:
            allowed = ins.allowed_amount if ins.allowed_amount is not None else price.level(lv)
            cap = math.inf if ins.oop_max_remaining is None else ins.oop_max_remaining
            bound = fee + min(cap, covered * allowed) + uncovered * price.level(lv)
            assert c.out_of_pocket.level(lv) <= bound + 0.02
            assert c.out_of_pocket.level(lv) <= c.total.level(lv) + 0.02


@settings(max_examples=150, deadline=None)
@given(plans)
def test_package_mix_is_never_worse_than_paying_per_visit(plan):
    if plan.route("package").applies:
        for pk, sp in zip(plan.route("package").costs, plan.route("self_pay").costs, strict=True):
            for lv in LEVELS:
                assert pk.total.level(lv) <= sp.total.level(lv) + EPS


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 14),
    money,
    st.lists(
        st.builds(Package, st.integers(1, 8), st.floats(0, 1200).map(lambda x: round(x, 2))),
        min_size=1,
        max_size=2,
    ),
)
def test_cheapest_mix_matches_brute_force(n_max, single, offers):
    mixes = cheapest_mixes(n_max, single, offers)
    for n in range(1, n_max + 1):
        best = math.inf
        ranges = [range(0, -(-n // p.sessions) + 1) for p in offers]
        for counts in itertools.product(*ranges):
            got = sum(k * p.sessions for k, p in zip(counts, offers, strict=True))
            cost = sum(k * p.price for k, p in zip(counts, offers, strict=True))
            best = min(best, cost + max(0, n - got) * single)
        mix = mixes[n - 1]
        assert math.isclose(mix.cost, best, abs_tol=1e-6)
        assert mix.covers() >= n
        # never worse than any single route: singles only, or one kind of package only
        assert mix.cost <= n * single + EPS
        for p in offers:
            assert mix.cost <= -(-n // p.sessions) * p.price + EPS
