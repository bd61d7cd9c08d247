"""Labelled controls: every control shows its full label, which is also its accessible name."""

from __future__ import annotations

import ipywidgets as W


def labelled(widget: W.DOMWidget, label: str, css: str = "") -> W.DOMWidget:
    """Give ``widget`` a visible label that is never cut off (ipywidgets truncates by default)."""
    widget.description = label
    widget.style.description_width = "initial"
    widget.layout = W.Layout(width="100%", max_width="640px")
    if css:
        widget.add_class(css)
    return widget


def standalone(box: W.Box, with_style: bool = True) -> W.Box:
    """A step view shown on its own (a notebook) carries the stylesheet and the app's class;
    inside the dashboard the app's header has them already."""
    if with_style:
        from dnkit.render.style import style_tag

        box.children = (W.HTML(style_tag()), *box.children)
        box.add_class("dn-app")
    return box
