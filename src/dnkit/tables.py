"""A plain table: the text twin of every chart, and the shape HTML and Markdown tables take.

Kept free of plotly so pure modules (the guide, the summary) can build tables cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
