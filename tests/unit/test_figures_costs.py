"""Cost figures: fixed trace layout for live charts, text twins, and no colour-only cues."""

import pytest

from dnkit.costs import (
    CostBand,
    InsurancePlan,
    MedicarePlan,
    Package,
    PriceRange,
    Pricing,
    plan_costs,
)
from dnkit.figures import provider_costs_figure, routes_figure
from dnkit.figures.costs import ROUTE_TRACE, ROUTES_TRACE_COUNT

FLAT_100 = PriceRange(100, 100, 100)
INS = InsurancePlan(True, allowed_amount=100, copay=30)
MED = MedicarePlan("PT", True)


@pytest.mark.parametrize(
    ("packages", "insurance", "medicare"),
    [
        ((), None, None),
        ((Package(6, 420),), INS, MED),
        ((), INS, None),
        ((Package(3, 250),), None, MED),
    ],
)
def test_routes_figure_always_has_the_same_traces(packages, insurance, medicare):
    plan = plan_costs(
        20, Pricing(PriceRange.between(50, 150), packages=packages), insurance, medicare
    )
    fig = routes_figure(plan, 6).figure
    assert len(fig.data) == ROUTES_TRACE_COUNT == 7
    assert list(fig.data[3].x) == [6, 6]  # "your plan" marker
    for key, index in ROUTE_TRACE.items():
        trace, route = fig.data[index], plan.route(key)
        assert (len(trace.x) == 20) is route.applies
        assert trace.text[-1] == route.name  # direct label at the line's end


def test_routes_differ_by_dash_and_marker_not_only_colour():
    plan = plan_costs(6, Pricing(FLAT_100, packages=(Package(6, 420),)), INS, MED)
    fig = routes_figure(plan, 6).figure
    lines = [fig.data[i] for i in ROUTE_TRACE.values()]
    assert len({t.line.dash for t in lines}) == 4
    assert len({t.marker.symbol for t in lines}) == 4
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0
    assert len(fig.layout.title.text) <= 40


def test_routes_summary_names_the_cheapest_way():
    plan = plan_costs(6, Pricing(FLAT_100, packages=(Package(6, 420),)), INS)
    result = routes_figure(plan, 6)
    # per visit $600; package $420; insurance 6 x $30 = $180
    assert result.summary == (
        "For 6 sessions, using your insurance costs you least: about $180. "
        "Others: paying per visit $600, buying packages $420."
    )
    assert result.table.columns == ("Sessions", "Pay per visit", "Packages", "Insurance")
    assert result.table.rows[5] == ("6", "$600", "$420", "$180")


def test_routes_summary_with_self_pay_only_gives_the_range():
    result = routes_figure(plan_costs(10, Pricing(PriceRange.between(50, 150))), 4)
    assert (
        result.summary
        == "For 4 sessions, paying per visit costs you about $400, between $200 and $600."
    )
    assert result.table.rows[3] == ("4", "$400 ($200–$600)")
    assert list(result.figure.data[3].y) == [200, 600]


def test_routes_figure_with_equal_routes_says_so():
    plan = plan_costs(3, Pricing(FLAT_100), InsurancePlan(False))
    assert (
        routes_figure(plan, 3).summary
        == "For 3 sessions, every way of paying costs you about $300."
    )


def test_provider_costs_figure_sorts_escapes_and_summarises():
    items = [
        ("Clinic <b>A</b>", CostBand(6, 300, 600, 900)),
        ("Clinic B", CostBand(6, 420, 420, 420)),
    ]
    result = provider_costs_figure(items)
    bar = result.figure.data[0]
    assert len(result.figure.data) == 1
    assert list(bar.y) == ["Clinic B", "Clinic &lt;b&gt;A&lt;/b&gt;"]
    assert list(bar.error_x.array) == [0, 300] and list(bar.error_x.arrayminus) == [0, 300]
    assert result.summary == (
        "For 6 sessions, Clinic B costs least (about $420) and Clinic <b>A</b> most (about $600)."
    )
    assert result.table.rows[1] == ("Clinic <b>A</b>", "$300", "$600", "$900")


def test_provider_costs_figure_refuses_mixed_or_empty_input():
    with pytest.raises(ValueError):
        provider_costs_figure([])
    with pytest.raises(ValueError):
        provider_costs_figure([("A", CostBand(6, 1, 2, 3)), ("B", CostBand(5, 1, 2, 3))])
