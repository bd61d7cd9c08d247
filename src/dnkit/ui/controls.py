"""Labelled controls: every control shows its full label, which is also its accessible name."""

from __future__ import annotations

import ipywidgets as W

FULL_WIDTH = W.Layout(width="100%", max_width="640px")


def labelled(widget: W.DOMWidget, label: str, css: str = "") -> W.DOMWidget:
    """Give ``widget`` a visible label that is never cut off (ipywidgets truncates by default)."""
    widget.description = label
    widget.style.description_width = "initial"
    widget.layout = W.Layout(width="100%", max_width="640px")
    if css:
        widget.add_class(css)
    return widget
