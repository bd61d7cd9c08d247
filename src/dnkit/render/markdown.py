"""Markdown building for the saved summary and the guide: user text is always escaped.

A provider called ``**Best** [clinic](link)`` must print as those characters, not as bold
text and a link, so everything a person typed passes through :func:`md` first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dnkit.tables import Table

# Characters that make markup anywhere in a line (links, emphasis, code, HTML, table cells).
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# What makes markup only at the start of a line: a heading, a list item, a quote.
_LEADING = re.compile(r"^([#>+-])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def md(text: object) -> str:
    """Text on one line, with every character that could make Markdown markup escaped."""
    flat = " ".join(str(text).split())
    text = _LEADING.sub(r"\\\1", _INLINE.sub(r"\\\1", flat))
    return _NUMBERED.sub(r"\1\\\2", text)


def md_bullets(texts: Iterable[str]) -> list[str]:
    return [f"- {md(t)}" for t in texts]


def md_table(table: Table) -> list[str]:
    """A pipe table; cells are escaped, so a ``|`` in a name cannot break a row."""
    lines = [
        "| " + " | ".join(md(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in table.rows]
    return lines
