"""Shared pieces for figures: the result shape, palette, dash styles and layout.

Every chart comes with a one-sentence summary and the table it was drawn from, so that a person
who cannot see the chart (or colour) gets the same facts. Lines differ by dash style and carry
labels, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from dnkit.tables import Table

# Colour-blind-safe (Okabe-Ito) with a dash pattern each, so colour is never the only cue.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


@dataclass(frozen=True)
class FigureResult:
    """A chart with its text equivalent."""

    figure: go.Figure
    summary: str
    table: Table


INK = "#2a3f5f"
AXIS_STYLE = dict(
    gridcolor="#EBF0F8", linecolor="#EBF0F8", zerolinecolor="#EBF0F8", automargin=True
)


def base_layout(title: str, x_title: str, y_title: str) -> dict:
    """Sized to stay readable at 375 px wide: legend below the plot, compact margins.

    The legend sits at the bottom of the whole figure (``yref="container"``), so plotly keeps
    room for it below the axis title at any width. Placed a fraction of the plot's height below
    the axis (``yref="paper"``), it ran into the axis title on a phone, where the legend takes
    more rows and the plot less height.
    """
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)),
        xaxis=dict(title=dict(text=x_title), dtick=1, fixedrange=True, **AXIS_STYLE),
        yaxis=dict(
            title=dict(text=y_title),
            tickprefix="$",
            rangemode="tozero",
            fixedrange=True,
            **AXIS_STYLE,
        ),
        legend=dict(
            orientation="h", yref="container", yanchor="bottom", y=0, x=0, traceorder="normal"
        ),
        margin=dict(l=56, r=16, t=48, b=12),
        height=420,
        # A named template costs ~7 ms per figure (it is deep-copied), and the live charts build
        # one per change; these few settings give the same light look for a tenth of that.
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        font=dict(size=13, color=INK),
        hovermode="x unified",
    )
