"""Figures as pure functions: domain results in, a plotly figure plus words and a table out.

One module per topic (costs, compare); :mod:`dnkit.figures.base` holds the shared shapes.
"""

from dnkit.figures.base import DASHES, PALETTE, FigureResult, Table, base_layout
from dnkit.figures.compare import contributions_figure, scores_figure
from dnkit.figures.costs import provider_costs_figure, routes_figure

__all__ = [
    "DASHES",
    "PALETTE",
    "FigureResult",
    "Table",
    "base_layout",
    "contributions_figure",
    "provider_costs_figure",
    "routes_figure",
    "scores_figure",
]
