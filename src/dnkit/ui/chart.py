"""One live chart per view, updated in place so it redraws without flicker.

Built from a complete figure (a FigureWidget filled after creation renders empty in Voila, see
shared research stack_probe §8.1) and later changed only through ``batch_update``.
"""

from __future__ import annotations

import plotly.graph_objects as go

_TRACE_FIELDS = ("x", "y", "name")


class LiveChart:
    """Holds a FigureWidget whose traces keep their number and order between updates."""

    def __init__(self, figure: go.Figure) -> None:
        self.widget = go.FigureWidget(figure)
        self.widget.layout.autosize = True

    def update(self, figure: go.Figure) -> None:
        """Copy the new figure's trace data and title into the live widget."""
        if len(figure.data) != len(self.widget.data):
            raise ValueError(
                f"live chart has {len(self.widget.data)} traces, new figure has {len(figure.data)}"
            )
        with self.widget.batch_update():
            for live, new in zip(self.widget.data, figure.data, strict=True):
                for field in _TRACE_FIELDS:
                    setattr(live, field, getattr(new, field))
            self.widget.layout.title.text = figure.layout.title.text
