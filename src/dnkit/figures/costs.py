"""Cost figures: what you pay by number of sessions for each way of paying, and the planned
course at each provider."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go

from dnkit.costs import CostBand, CostPlan
from dnkit.figures.base import PALETTE, FigureResult, Table, base_layout
from dnkit.money import money

ROUTE_STYLE = {
    "self_pay": dict(colour=PALETTE[0], dash="solid", symbol="circle"),
    "package": dict(colour=PALETTE[2], dash="dash", symbol="square"),
    "insurance": dict(colour=PALETTE[3], dash="dot", symbol="triangle-up"),
    "medicare": dict(colour=PALETTE[4], dash="dashdot", symbol="x"),
}
EMPTY_NAME = {
    "self_pay": "Pay per visit",
    "package": "Packages: no offer entered",
    "insurance": "Insurance: not set",
    "medicare": "Medicare: not set",
}
# Index of each route's line in routes_figure; 0-2 are the pay-per-visit band and 3 "your plan".
ROUTE_TRACE = {"self_pay": 2, "package": 4, "insurance": 5, "medicare": 6}
ROUTES_TRACE_COUNT = 7


def _range_text(band: CostBand) -> str:
    if abs(band.high - band.low) < 0.5:
        return money(band.typical)
    return f"{money(band.typical)} ({money(band.low)}–{money(band.high)})"


def routes_figure(plan: CostPlan, selected: int) -> FigureResult:
    """What you pay out of pocket by number of sessions, one line per way of paying.

    Always seven traces in the same order (pay-per-visit high, low, typical; "your plan";
    packages; insurance; Medicare), so a live chart can update them in place; a route that does
    not apply keeps its trace, empty.
    """
    base = plan.route("self_pay")
    if not base.costs:
        raise ValueError("routes_figure needs at least one session count")
    xs = [c.sessions for c in base.costs]
    n = selected if any(c.sessions == selected for c in base.costs) else xs[-1]
    applying = plan.applying()
    at_n = [(r, r.at(n)) for r in applying]
    lows = [c.out_of_pocket.low for _, c in at_n if c]
    highs = [c.out_of_pocket.high for _, c in at_n if c]
    band_colour = ROUTE_STYLE["self_pay"]["colour"]
    traces = [
        go.Scatter(
            x=xs,
            y=[c.out_of_pocket.high for c in base.costs],
            name="Pay per visit: high",
            mode="lines",
            line=dict(color=band_colour, width=1),
            showlegend=False,
            hovertemplate="Pay per visit, high: $%{y:,.0f}<extra></extra>",
        ),
        go.Scatter(
            x=xs,
            y=[c.out_of_pocket.low for c in base.costs],
            name="Pay per visit: low to high",
            mode="lines",
            line=dict(color=band_colour, width=1),
            fill="tonexty",
            fillcolor="rgba(0,114,178,0.12)",
            hovertemplate="Pay per visit, low: $%{y:,.0f}<extra></extra>",
        ),
    ]
    for key in ("self_pay", "marker", "package", "insurance", "medicare"):
        if key == "marker":
            traces.append(
                go.Scatter(
                    x=[n, n],
                    y=[min(lows), max(highs)],
                    name=f"Your plan: {n} sessions",
                    mode="lines+markers",
                    line=dict(color=PALETTE[1], width=3),
                    marker=dict(symbol="diamond", size=10),
                    hovertemplate="%{y:$,.0f}<extra>your plan</extra>",
                )
            )
            continue
        route, style = plan.route(key), ROUTE_STYLE[key]
        costs = route.costs if route.applies else ()
        traces.append(
            go.Scatter(
                x=[c.sessions for c in costs],
                y=[c.out_of_pocket.typical for c in costs],
                name=route.name if route.applies else EMPTY_NAME[key],
                # No label at the line's end: two ways that cost about the same (Medicare for
                # a physical therapist is paying per visit) would print their names on top of
                # each other. The legend names each line by its dash and marker.
                mode="lines+markers",
                line=dict(color=style["colour"], width=2.5, dash=style["dash"]),
                marker=dict(symbol=style["symbol"], size=7),
                hovertemplate=f"{route.name}: $%{{y:,.0f}}<extra></extra>",
            )
        )
    fig = go.Figure(
        data=traces, layout=base_layout("What you pay, by way of paying", "Sessions", "You pay")
    )
    # Let plotly space the session ticks: one per session crowds a 375 px wide screen.
    fig.update_xaxes(dtick=None, tick0=1, rangemode="normal")
    summary = _routes_summary(n, at_n)
    routes = list(applying)
    table = Table(
        columns=("Sessions", *(r.name for r in routes)),
        rows=tuple(
            (str(x), *(_range_text(r.costs[i].out_of_pocket) for r in routes))
            for i, x in enumerate(xs)
        ),
    )
    return FigureResult(fig, summary, table)


ROUTE_PHRASE = {
    "self_pay": "paying per visit",
    "package": "buying packages",
    "insurance": "using your insurance",
    "medicare": "using Medicare",
}


def _routes_summary(n: int, at_n) -> str:
    parts = [(r, c) for r, c in at_n if c is not None]
    if len(parts) == 1:
        _, c = parts[0]
        band = c.out_of_pocket
        low, high = money(band.low), money(band.high)
        spread = "" if band.high - band.low < 0.5 else f", between {low} and {high}"
        return f"For {n} sessions, paying per visit costs you about {money(band.typical)}{spread}."
    best_cost = min(c.out_of_pocket.typical for _, c in parts)
    best = [r for r, c in parts if abs(c.out_of_pocket.typical - best_cost) < 0.5]
    others = ", ".join(
        f"{ROUTE_PHRASE[r.key]} {money(c.out_of_pocket.typical)}" for r, c in parts if r not in best
    )
    if len(best) == len(parts):
        return f"For {n} sessions, every way of paying costs you about {money(best_cost)}."
    lead = " and ".join(ROUTE_PHRASE[r.key] for r in best)
    return (
        f"For {n} sessions, you pay the least by {lead}: about {money(best_cost)}. "
        f"Other ways: {others}."
    )


NAME_LIMIT = 40  # characters of a name on the chart; the full name is in the hover and table


def _short(name: str) -> str:
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1] + "…"


def provider_costs_figure(items: Sequence[tuple[str, CostBand]]) -> FigureResult:
    """Cost of the planned sessions at each provider: bars at the typical cost, whiskers low-high.

    Two traces: the bars (cheapest at the top, one row each), then the names, written above
    each bar so a phone keeps its width for the bars. Names are escaped because plotly renders
    some HTML. Each bar's total is written after its whisker.
    """
    if not items:
        raise ValueError("provider_costs_figure needs at least one provider")
    sessions = {band.sessions for _, band in items}
    if len(sessions) != 1:
        raise ValueError("every provider's cost must be for the same number of sessions")
    n = sessions.pop()
    ordered = sorted(items, key=lambda it: it[1].typical)
    names = [html.escape(name, quote=False) for name, _ in ordered]
    bands = [band for _, band in ordered]
    rows = list(range(len(bands)))
    top = max(b.high for b in bands) or 1.0
    fig = go.Figure(
        data=[
            go.Bar(
                x=[b.typical for b in bands],
                y=rows,
                width=0.4,
                orientation="h",
                name=f"{n} sessions, typical",
                marker=dict(
                    color=PALETTE[0],
                    pattern=dict(shape="/", fillmode="overlay", fgcolor="#ffffff", solidity=0.3),
                ),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=[b.high - b.typical for b in bands],
                    arrayminus=[b.typical - b.low for b in bands],
                    color="#333333",
                ),
                text=[_range_text(b) for b in bands],
                textposition="none",
                customdata=names,
                hovertemplate="%{customdata}: %{text}<extra></extra>",
            ),
            go.Scatter(
                x=[0.0] * len(bands),
                y=[r - 0.58 for r in rows],
                mode="text",
                # Name, then the total on its own line: together they would not fit a phone.
                text=[
                    f"{_short(name)}<br>{_range_text(b)}"
                    for name, b in zip(names, bands, strict=True)
                ],
                textposition="middle right",
                hoverinfo="skip",
                showlegend=False,
                cliponaxis=False,
            ),
        ],
        layout=base_layout(f"Cost of {n} sessions by provider", "Total cost", ""),
    )
    fig.update_layout(
        xaxis=dict(dtick=None, tickprefix="$", rangemode="tozero", range=[0, top * 1.08]),
        yaxis=dict(
            autorange=False,
            range=[len(bands) - 0.5, -1.1],
            showticklabels=False,
            showgrid=False,
            zeroline=False,
            tickprefix="",
        ),
        height=max(220, 110 + 80 * len(bands)),
        showlegend=False,
        hovermode="closest",
    )
    cheap, dear = ordered[0], ordered[-1]
    if len(ordered) == 1:
        summary = f"For {n} sessions, {cheap[0]} costs about {_range_text(cheap[1])}."
    else:
        summary = (
            f"For {n} sessions, {cheap[0]} is cheapest (about {money(cheap[1].typical)}) "
            f"and {dear[0]} costs the most (about {money(dear[1].typical)})."
        )
    table = Table(
        columns=("Provider", "Low", "Typical", "High"),
        rows=tuple((name, money(b.low), money(b.typical), money(b.high)) for name, b in ordered),
    )
    return FigureResult(fig, summary, table)
