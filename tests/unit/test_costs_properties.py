"""Properties of the cost engine that must hold for any sensible input (hypothesis)."""

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from support.strategies import insurance, money, plans, pricing

from dnkit.costs import (
    LEVELS,
    Package,
    cheapest_mixes,
    plan_costs,
)
from dnkit.limits import MAX_SESSIONS

EPS = 1e-6


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
@given(st.integers(1, MAX_SESSIONS), pricing, insurance)
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
