"""How a citation looks: the one place that writes a source as text, HTML or Markdown.

Every screen, the printed plan and the command line show a source the same way: its title (in
HTML and Markdown, the title is the link text, so no page ever shows a bare address), its
publisher, the date of the source, and the UNCONFIRMED mark when the fact it backs could not be
confirmed. Lists are numbered notes, tier A and B sources first.
"""

from __future__ import annotations

from collections.abc import Iterable

from dnkit.render.html import esc
from dnkit.render.markdown import md
from dnkit.sources import UNCONFIRMED, Citation, ordered

MARK = f"[{UNCONFIRMED}]"
NO_DATE = "No date given"


# ----------------------------------------------------------------------------- the mark
def mark_text(confirmed: bool = False) -> str:
    """' [UNCONFIRMED]' after a fact that could not be confirmed, else ''."""
    return "" if confirmed else f" {MARK}"


def mark_html(confirmed: bool = False) -> str:
    return "" if confirmed else f' <strong class="dn-unconfirmed">{UNCONFIRMED}</strong>'


def mark_md(confirmed: bool = False) -> str:
    return "" if confirmed else f" **{UNCONFIRMED}**"


def note_text(note: str) -> str:
    """The mark with its reason, after a fact: ' UNCONFIRMED: <why>'."""
    return f" {UNCONFIRMED}: {note}"


def note_html(note: str) -> str:
    return f' <strong class="dn-unconfirmed">{UNCONFIRMED}:</strong> {esc(note)}'


def note_md(note: str) -> str:
    return f" **{UNCONFIRMED}:** {md(note)}"


# ----------------------------------------------------------------------------- one citation
def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def date_text(c: Citation) -> str:
    """'Date of source: 2014.', 'No date given.', or the day live data was fetched."""
    if c.accessed:
        return f"Data fetched {c.accessed}."
    return f"Date of source: {c.date}." if c.date else f"{NO_DATE}."


def _after_title(c: Citation) -> str:
    parts = [_sentence(c.publisher)] if c.publisher else []
    parts.append(date_text(c))
    return " ".join(parts)


def citation_text(c: Citation) -> str:
    """'Title. Publisher. Date of source: 2014. <address> [UNCONFIRMED]' on one line."""
    address = f" {c.url}" if c.url else ""
    return f"{_sentence(c.title)} {_after_title(c)}{address}{mark_text(c.confirmed)}"


def citation_html(c: Citation) -> str:
    """The title as a link (or plain text when the address was not kept), then the rest."""
    title = esc(c.title.strip().rstrip("."))
    if c.url:
        title = f'<a href="{esc(c.url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return f"{title}. {esc(_after_title(c))}{mark_html(c.confirmed)}"


def citation_md(c: Citation) -> str:
    title = md(c.title.strip().rstrip("."))
    if c.url:
        title = f"[{title}]({c.url.replace(')', '%29').replace(' ', '%20')})"
    return f"{title}. {md(_after_title(c))}{mark_md(c.confirmed)}"


# ----------------------------------------------------------------------------- lists
def _listed(citations: Iterable[Citation], sort: bool) -> tuple[Citation, ...]:
    """Tier A and B first, unless the numbers are already used in the text (``sort`` False)."""
    return ordered(citations) if sort else tuple(citations)


def citations_text(citations: Iterable[Citation], note: str = "", sort: bool = True) -> str:
    """Numbered lines, '1. Title. ...'; ``note`` (say, a tier C warning) goes last."""
    cs = _listed(citations, sort)
    lines = [f"{i}. {citation_text(c)}" for i, c in enumerate(cs, start=1)]
    if note:
        lines.append(note)
    return "\n".join(lines)


def citations_html(
    citations: Iterable[Citation],
    *,
    heading: str = "Sources",
    css_id: str = "",
    note: str = "",
    empty: str = "No source found.",
    sort: bool = True,
) -> str:
    """A numbered list of sources under a short heading, with an optional plain-words note."""
    cs = _listed(citations, sort)
    ident = f' id="{esc(css_id)}"' if css_id else ""
    head = f"<p>{esc(heading)}</p>" if heading else ""
    extra = f'<p class="dn-source-note">{esc(note)}</p>' if note else ""
    if not cs:
        return f'<div class="dn-sources"{ident}>{head}<p>{esc(empty)}</p>{extra}</div>'
    items = "".join(f"<li>{citation_html(c)}</li>" for c in cs)
    return f'<div class="dn-sources"{ident}>{head}<ol>{items}</ol>{extra}</div>'


def citations_md(citations: Iterable[Citation], note: str = "", sort: bool = True) -> str:
    cs = _listed(citations, sort)
    lines = [f"{i}. {citation_md(c)}" for i, c in enumerate(cs, start=1)]
    if note:
        lines += ["", md(note)]
    return "\n".join(lines)
