"""The not-medical-advice note, written once, in the forms each place needs."""

from __future__ import annotations

from dnkit import NOT_MEDICAL_ADVICE
from dnkit.render.html import esc


def notice_text(extra: str = "") -> str:
    return f"{NOT_MEDICAL_ADVICE} {extra}".strip()


def notice_html(extra: str = "") -> str:
    """A note box; ``extra`` adds a sentence (such as when the content was reviewed)."""
    return f'<p class="dn-not-advice" role="note">{esc(notice_text(extra))}</p>'


def notice_markdown(extra: str = "") -> str:
    from dnkit.render.markdown import md

    return f"> {md(notice_text(extra))}"
