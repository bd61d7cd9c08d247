"""Figures as pure functions: domain results in, a plotly figure plus words and a table out.

One module per topic (costs, compare); :mod:`dnkit.figures.base` holds the shared shapes.
"""

from dnkit.figures.base import DASHES, PALETTE, FigureResult, Table, base_layout, money
from dnkit.figures.compare import contributions_figure, scores_figure
from dnkit.figures.costs import cost_band_figure, provider_costs_figure, routes_figure

__all__ = [
    "DASHES",
    "PALETTE",
    "FigureResult",
    "Table",
    "base_layout",
    "contributions_figure",
    "cost_band_figure",
    "money",
    "provider_costs_figure",
    "routes_figure",
    "scores_figure",
]
