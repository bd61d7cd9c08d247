"""Cost figures: total cost by number of sessions, as shaded ranges."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from dnkit.costs import CostBand
from dnkit.figures.base import PALETTE, FigureResult, Table, base_layout, money


def cost_band_figure(
    bands: Sequence[CostBand], selected: int, route: str = "Self-pay"
) -> FigureResult:
    """Shaded low-high band of total cost by number of sessions, typical as a dashed line.

    Always the same four traces in the same order, so a live chart can update data in place.
    """
    if not bands:
        raise ValueError("cost_band_figure needs at least one session count")
    xs = [b.sessions for b in bands]
    pick = next((b for b in bands if b.sessions == selected), bands[-1])
    colour = PALETTE[0]
    fig = go.Figure(
        data=[
            go.Scatter(
                x=xs,
                y=[b.high for b in bands],
                name=f"{route}: high",
                mode="lines",
                line=dict(color=colour, width=1),
                showlegend=False,
                hovertemplate="High: $%{y:,.0f}<extra></extra>",
            ),
            go.Scatter(
                x=xs,
                y=[b.low for b in bands],
                name=f"{route}: low to high",
                mode="lines",
                line=dict(color=colour, width=1),
                fill="tonexty",
                fillcolor="rgba(0,114,178,0.18)",
                hovertemplate="Low: $%{y:,.0f}<extra></extra>",
            ),
            go.Scatter(
                x=xs,
                y=[b.typical for b in bands],
                name=f"{route}: typical",
                mode="lines",
                line=dict(color=colour, width=2.5, dash="dash"),
                hovertemplate="Typical: $%{y:,.0f}<extra></extra>",
            ),
            go.Scatter(
                x=[pick.sessions, pick.sessions],
                y=[pick.low, pick.high],
                name=f"Your plan: {pick.sessions} sessions",
                mode="lines+markers",
                line=dict(color=PALETTE[1], width=3),
                marker=dict(symbol="diamond", size=10),
                hovertemplate="%{y:$,.0f}<extra>your plan</extra>",
            ),
        ],
        layout=base_layout(
            f"{route}: total cost by number of sessions", "Number of sessions", "Total cost"
        ),
    )
    summary = (
        f"{route}: {pick.sessions} sessions cost about {money(pick.typical)} in total, "
        f"between {money(pick.low)} and {money(pick.high)}."
    )
    table = Table(
        columns=("Sessions", "Low", "Typical", "High"),
        rows=tuple((str(b.sessions), money(b.low), money(b.typical), money(b.high)) for b in bands),
    )
    return FigureResult(fig, summary, table)
