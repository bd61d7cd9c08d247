"""HTML for an assessment: the verdict in words, then each finding with what to ask next.

Used by the vetting step, the compare step and the printed plan. The verdict and every finding
carry a word and a symbol, so colour is never the only cue.
"""

from __future__ import annotations

from dnkit.render.citations import citation_html
from dnkit.render.html import esc
from dnkit.vetting import VERDICT_LABELS, Assessment

STATUS_MARKS = {
    "ok": ("\u2713", "OK"),
    "caution": ("!", "Check"),
    "fail": ("\u2717", "Problem"),
    "unknown": ("?", "Unknown"),
}


def verdict_html(a: Assessment) -> str:
    return (
        f'<p class="dn-verdict-line"><span class="dn-verdict dn-verdict-{esc(a.verdict)}">'
        f"{esc(VERDICT_LABELS[a.verdict])}</span></p>"
    )


def findings_html(a: Assessment) -> str:
    items = []
    for f in a.findings:
        symbol, word = STATUS_MARKS[f.status]
        ask = f"<br><em>Ask:</em> {esc(f.ask)}" if f.ask else ""
        src = (
            f'<br><span class="dn-source">Source: {citation_html(f.source)}</span>'
            if f.source
            else ""
        )
        items.append(
            f'<li class="dn-finding dn-finding-{esc(f.status)}">'
            f'<span aria-hidden="true">{symbol}</span> <strong>{word}:</strong> '
            f"{esc(f.message)}{ask}{src}</li>"
        )
    return f'<ul class="dn-findings">{"".join(items)}</ul>'


def assessment_html(a: Assessment, heading: str | None = None) -> str:
    title = f"<h3>{esc(heading)}</h3>" if heading else ""
    return (
        f'<section class="dn-assessment">{title}{verdict_html(a)}'
        f"<p>{esc(a.summary)}</p>{findings_html(a)}</section>"
    )
