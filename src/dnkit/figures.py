"""Figures as pure functions: domain results in, a plotly figure plus words and a table out.

Every chart comes with a one-sentence summary and the table it was drawn from, so that a person
who cannot see the chart (or colour) gets the same facts. Lines differ by dash style and carry
labels, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dnkit.costs import CostBand

# Colour-blind-safe (Okabe-Ito) with a dash pattern each, so colour is never the only cue.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class FigureResult:
    """A chart with its text equivalent."""

    figure: go.Figure
    summary: str
    table: Table


def money(amount: float) -> str:
    return f"${amount:,.0f}"


def _base_layout(title: str, x_title: str, y_title: str) -> dict:
    # Sized to stay readable at 375 px wide: legend below the plot, compact margins.
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)),
        xaxis=dict(title=dict(text=x_title), dtick=1, fixedrange=True),
        yaxis=dict(title=dict(text=y_title), tickprefix="$", rangemode="tozero", fixedrange=True),
        legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
        margin=dict(l=56, r=16, t=48, b=64),
        height=360,
        template="plotly_white",
        font=dict(size=13),
        hovermode="x unified",
    )


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
        layout=_base_layout(
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
