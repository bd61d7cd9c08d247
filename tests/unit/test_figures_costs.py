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
from dnkit.figures.costs import EMPTY_NAME, ROUTE_TRACE, ROUTES_TRACE_COUNT

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
        # No label printed at the line's end (two ways that cost the same overprinted each
        # other); the legend names each line by its dash and marker.
        assert trace.mode == "lines+markers" and not trace.text
        assert trace.name == (route.name if route.applies else EMPTY_NAME[key])


def test_routes_differ_by_dash_and_marker_not_only_colour():
    plan = plan_costs(6, Pricing(FLAT_100, packages=(Package(6, 420),)), INS, MED)
    fig = routes_figure(plan, 6).figure
    lines = [fig.data[i] for i in ROUTE_TRACE.values()]
    assert len({t.line.dash for t in lines}) == 4
    assert len({t.marker.symbol for t in lines}) == 4
    # The legend sits at the foot of the whole figure, so plotly keeps room for it under the
    # axis title at any width (a fraction of the plot height below the axis ran into it).
    legend = fig.layout.legend
    assert legend.orientation == "h" and legend.yref == "container"
    assert (legend.y, legend.yanchor) == (0, "bottom")
    assert len(fig.layout.title.text) <= 40


def test_routes_summary_names_the_cheapest_way():
    plan = plan_costs(6, Pricing(FLAT_100, packages=(Package(6, 420),)), INS)
    result = routes_figure(plan, 6)
    # per visit $600; package $420; insurance 6 x $30 = $180
    assert result.summary == (
        "For 6 sessions, you pay the least by using your insurance: about $180. "
        "Other ways: paying per visit $600, buying packages $420."
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
    bar, names = result.figure.data
    assert list(bar.y) == [0, 1] and list(bar.x) == [420, 600]  # cheapest first
    assert list(bar.customdata) == ["Clinic B", "Clinic &lt;b&gt;A&lt;/b&gt;"]
    # Each name sits above its bar, with its total on a second line.
    assert list(names.text) == [
        "Clinic B<br>$420",
        "Clinic &lt;b&gt;A&lt;/b&gt;<br>$600 ($300–$900)",
    ]
    assert [round(y - b, 2) for y, b in zip(names.y, bar.y, strict=True)] == [-0.58, -0.58]
    assert bar.marker.pattern.fillmode == "overlay"  # the pattern on top of the colour
    assert list(bar.error_x.array) == [0, 300] and list(bar.error_x.arrayminus) == [0, 300]
    assert result.summary == (
        "For 6 sessions, Clinic B is cheapest (about $420) "
        "and Clinic <b>A</b> costs the most (about $600)."
    )
    assert result.table.rows[1] == ("Clinic <b>A</b>", "$300", "$600", "$900")


def test_provider_costs_figure_refuses_mixed_or_empty_input():
    with pytest.raises(ValueError):
        provider_costs_figure([])
    with pytest.raises(ValueError):
        provider_costs_figure([("A", CostBand(6, 1, 2, 3)), ("B", CostBand(5, 1, 2, 3))])


def test_cost_sentences_read_at_grade_8_or_below():
    from support.readability import failures

    plan = plan_costs(6, Pricing(FLAT_100, packages=(Package(6, 420),)), INS)
    texts = [
        ("routes", routes_figure(plan, 6).summary),
        ("providers", provider_costs_figure([("Clinic B", CostBand(6, 420, 420, 420)),
                                             ("Clinic A", CostBand(6, 300, 600, 900))]).summary),
    ]  # fmt: skip
    assert failures(texts) == []
