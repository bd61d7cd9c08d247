"""One live chart per view, light to load and redrawn in place.

A plotly ``FigureWidget`` sends the whole plotly.js bundle (about 5 MB) over the kernel websocket
for every chart on every visit, and four of them on one page broke widget loading (shared
research: jupyter_anchors §1.5). Re-showing a ``go.Figure`` in an ``Output`` is light but slow to
repaint and can hang Voila (stack_probe §8.2). :class:`PlotlyChart` does neither: it sends only
the figure's JSON and draws it with one plotly.js per page, updating with ``Plotly.react``. That
plotly.js is fetched when the first chart is shown, never with the first page: a partial bundle
that dnkit serves (:mod:`dnkit.web`), or, in JupyterLab, the jupyterlab-plotly extension's. See
``benchmarks/``.

The figure is complete when the chart is built (a FigureWidget filled afterwards renders empty
in Voila: stack_probe §8.1); afterwards only :meth:`LiveChart.update` changes it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

import anywidget
import plotly.graph_objects as go
import traitlets

from dnkit.web import PLOTLY_PATH

Backend = Literal["auto", "plotly", "figurewidget"]
BACKEND_ENV = "DNKIT_CHART"

# Responsive, no plotly logo, and only the modebar buttons a patient may want.
CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        "zoom2d",
        "pan2d",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "resetScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "sendDataToCloud",
        "editInChartStudio",
    ],
    "showSendToCloud": False,
    "showEditInChartStudio": False,
}


class PlotlyChart(anywidget.AnyWidget):
    """A small widget that draws plotly JSON with the page's own plotly.js.

    ``data`` is the list of trace dicts and ``plot_layout`` the layout dict of a figure, as in
    ``json.loads(fig.to_json())`` (the name ``layout`` is taken: it is every DOM widget's CSS
    layout). ``plotly_url`` is the script to load when the page has no plotly.js yet (relative
    to the page's base URL: dnkit's partial bundle). If no plotly.js can be had, the widget says
    so in words.
    """

    _esm = Path(__file__).with_name("_chart.js")
    data = traitlets.List().tag(sync=True)
    plot_layout = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict().tag(sync=True)
    plotly_url = traitlets.Unicode(PLOTLY_PATH).tag(sync=True)

    @classmethod
    def from_figure(cls, figure: go.Figure, **kwargs: Any) -> PlotlyChart:
        spec = figure_json(figure)
        return cls(data=spec["data"], plot_layout=spec["layout"], config=dict(CONFIG), **kwargs)


def figure_json(figure: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON (numpy arrays become plotly's base64 typed arrays)."""
    spec = json.loads(figure.to_json())
    spec.setdefault("data", [])
    spec.setdefault("layout", {})
    return spec


def _title(layout: dict[str, Any]) -> str:
    title = layout.get("title")
    if isinstance(title, dict):
        return str(title.get("text") or "")
    return str(title or "")


def choose_backend(backend: Backend = "auto") -> Literal["plotly", "figurewidget"]:
    """``auto`` is the light widget unless ``DNKIT_CHART=figurewidget`` asks for plotly's own."""
    if backend == "auto":
        backend = "figurewidget" if os.environ.get(BACKEND_ENV) == "figurewidget" else "plotly"
    if backend not in ("plotly", "figurewidget"):
        raise ValueError(f"chart backend must be 'plotly' or 'figurewidget', not {backend!r}")
    return backend


class LiveChart:
    """A chart whose traces keep their number and order between updates.

    ``widget`` is the DOM widget to place on the page; :meth:`update` copies the traces and the
    title of a new complete figure into it.
    """

    def __init__(self, figure: go.Figure, backend: Backend = "auto") -> None:
        self.backend = choose_backend(backend)
        self.widget: PlotlyChart | go.FigureWidget
        if self.backend == "plotly":
            self.widget = PlotlyChart.from_figure(figure)
        else:
            self.widget = go.FigureWidget(figure)
            self.widget.layout.autosize = True
        self.widget.add_class("dn-chart")

    @property
    def trace_count(self) -> int:
        return len(self.widget.data)

    def update(self, figure: go.Figure) -> None:
        """Copy the new figure's traces and title into the live chart, in one message."""
        if len(figure.data) != self.trace_count:
            raise ValueError(
                f"live chart has {self.trace_count} traces, new figure has {len(figure.data)}"
            )
        if isinstance(self.widget, PlotlyChart):
            self._update_plotly(self.widget, figure)
        else:
            self._update_figurewidget(self.widget, figure)

    @staticmethod
    def _update_plotly(widget: PlotlyChart, figure: go.Figure) -> None:
        spec = figure_json(figure)
        with widget.hold_sync():
            widget.data = spec["data"]
            title = _title(spec["layout"])
            if title != _title(widget.plot_layout):
                old = widget.plot_layout.get("title")
                new_title = {**old, "text": title} if isinstance(old, dict) else {"text": title}
                widget.plot_layout = {**widget.plot_layout, "title": new_title}

    @staticmethod
    def _update_figurewidget(widget: go.FigureWidget, figure: go.Figure) -> None:
        with widget.batch_update():
            for live, new in zip(widget.data, figure.data, strict=True):
                for field in ("x", "y", "name"):
                    setattr(live, field, getattr(new, field))
            widget.layout.title.text = figure.layout.title.text
