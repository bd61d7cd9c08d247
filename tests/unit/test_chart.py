"""The live chart without a browser: what it sends to the page and how it changes in place."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
import pytest

from dnkit.ui.chart import CONFIG, LiveChart, PlotlyChart, choose_backend, figure_json

ASSET = Path(__file__).parents[2] / "src" / "dnkit" / "ui" / "_chart.js"


def fig(n: int, title: str = "Total cost", traces: int = 2) -> go.Figure:
    xs = list(range(1, 6))
    data = [go.Scatter(x=xs, y=[n * x + i for x in xs], name=f"t{i}") for i in range(traces)]
    return go.Figure(data, layout=dict(title=dict(text=title, x=0), height=360))


def sent(widget: W.Widget) -> dict:
    """The state the browser gets, as JSON, so nothing unserialisable slips through."""
    return json.loads(json.dumps(widget.get_state()))


def test_light_chart_sends_figure_json_but_no_plotly_js():
    chart = LiveChart(fig(2), backend="plotly")
    assert isinstance(chart.widget, PlotlyChart)
    state = sent(chart.widget)
    assert [t["y"] for t in state["data"]] == [[2, 4, 6, 8, 10], [3, 5, 7, 9, 11]]
    assert state["plot_layout"]["title"]["text"] == "Total cost"
    assert state["config"]["displaylogo"] is False and state["config"]["responsive"] is True
    # The whole widget, script included, stays small: plotly.js is not in it.
    size = len(json.dumps(state))
    assert size < 20_000, size
    assert "newPlot" not in state["_esm"] and "Plotly.react" not in json.dumps(state["data"])


def test_plotly_figurewidget_would_send_megabytes():
    # The reason for PlotlyChart: plotly's own widget carries all of plotly.js.
    heavy = LiveChart(fig(2), backend="figurewidget").widget
    assert len(heavy._esm) > 1_000_000


def test_update_replaces_traces_and_title_in_one_message():
    chart = LiveChart(fig(2), backend="plotly")
    widget = chart.widget
    messages = []
    original = widget.send_state
    widget.send_state = lambda key=None: (messages.append(set(key or ())), original(key))
    chart.update(fig(3, title="New title"))
    assert widget is chart.widget
    assert [t["y"] for t in widget.data] == [[3, 6, 9, 12, 15], [4, 7, 10, 13, 16]]
    assert widget.plot_layout["title"] == {"text": "New title", "x": 0}
    assert widget.plot_layout["height"] == 360
    assert messages == [{"data", "plot_layout"}]


def test_update_with_same_title_sends_only_the_traces():
    chart = LiveChart(fig(2), backend="plotly")
    layout_before = chart.widget.plot_layout
    keys = []
    original = chart.widget.send_state
    chart.widget.send_state = lambda key=None: (keys.append(set(key or ())), original(key))
    chart.update(fig(5))
    assert chart.widget.plot_layout is layout_before
    assert keys == [{"data"}]


@pytest.mark.parametrize("backend", ["plotly", "figurewidget"])
def test_trace_count_is_fixed(backend):
    chart = LiveChart(fig(2, traces=2), backend=backend)
    with pytest.raises(ValueError, match="live chart has 2 traces, new figure has 3"):
        chart.update(fig(2, traces=3))


def test_figurewidget_backend_keeps_the_same_interface():
    chart = LiveChart(fig(2), backend="figurewidget")
    chart.update(fig(4, title="Four"))
    assert list(chart.widget.data[0].y) == [4, 8, 12, 16, 20]
    assert chart.widget.layout.title.text == "Four"
    assert "dn-chart" in chart.widget._dom_classes


def test_numpy_arrays_travel_as_plotly_typed_arrays():
    f = go.Figure([go.Scatter(x=np.arange(3), y=np.array([1.5, 2.5, 3.5]))])
    spec = figure_json(f)
    state = sent(PlotlyChart.from_figure(f))
    assert state["data"] == spec["data"]
    y = state["data"][0]["y"]
    assert y == [1.5, 2.5, 3.5] or set(y) == {"dtype", "bdata"}


def test_backend_choice(monkeypatch):
    monkeypatch.delenv("DNKIT_CHART", raising=False)
    assert choose_backend() == "plotly"
    monkeypatch.setenv("DNKIT_CHART", "figurewidget")
    assert choose_backend() == "figurewidget"
    assert choose_backend("plotly") == "plotly"
    with pytest.raises(ValueError, match="'plotly' or 'figurewidget'"):
        choose_backend("svg")  # type: ignore[arg-type]


def test_chart_has_a_class_tests_and_styles_can_find():
    chart = LiveChart(fig(1), backend="plotly")
    chart.widget.add_class("dn-cost-chart")
    assert {"dn-chart", "dn-cost-chart"} <= set(chart.widget._dom_classes)
    assert CONFIG["modeBarButtonsToRemove"]


def test_browser_script_loads_plotly_once_reacts_in_place_and_never_shows_a_blank_box():
    js = ASSET.read_text("utf-8")
    assert "export default { render }" in js
    # one shared load per page, from the extension the page already has
    assert "window.__dnkitPlotly" in js and '"jupyterlab-plotly"' in js
    assert "plotly.react(" in js and "newPlot" not in js
    # accessible name from the title; words when plotly.js cannot be found
    # role "figure", not "img": "img" would hide the modebar's focusable buttons inside it
    assert 'setAttribute("role", "figure")' in js and '"aria-label"' in js
    assert "summary and the table" in js
    assert sent(PlotlyChart.from_figure(fig(1)))["_esm"] == js  # what the page gets
