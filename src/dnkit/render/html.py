"""Small, escaping HTML builders shared by the dashboard, the notebooks and the printed plan.

Everything a person typed or loaded passes through :func:`esc` before it reaches a page, so
markup in a provider's name is shown as text and never run.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from dnkit.tables import Table


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def table_html(table: Table, caption: str = "", css_class: str = "dn-table") -> str:
    """A real table with header cells, so screen readers can navigate it."""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{esc(cell)}</th>' if i == 0 else f"<td>{esc(cell)}</td>")
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<table class="{esc(css_class)}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def paragraphs(texts: Iterable[str]) -> str:
    return "".join(f"<p>{esc(t)}</p>" for t in texts)


def bullets(texts: Iterable[str]) -> str:
    """A plain bulleted list of escaped texts."""
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in texts) + "</ul>"


def link(url: str, text: str) -> str:
    """A link whose words say where it goes (never a bare address); opens in a new tab."""
    return f'<a href="{esc(url)}" target="_blank" rel="noopener">{esc(text)}</a>'


def alert(text: str) -> str:
    """A problem the person should see at once (read out by screen readers)."""
    return f'<p class="dn-error" role="alert">{esc(text)}</p>'


def status(text: str, ok: bool = False) -> str:
    """A quiet message about what just happened (saved, loaded, removed)."""
    css = ' class="dn-ok"' if ok else ""
    return f'<p{css} role="status">{esc(text)}</p>'
