"""HTML for a provider check, read top down: the verdict in plain words, what is wrong, what to
ask next, then what is fine, with long lists folded after the first few.

Used by the check step and the printed plan. The verdict and every finding carry a word and a
symbol, so colour is never the only cue; sources are numbered notes, shown on demand.
"""

from __future__ import annotations

from dnkit.render.citations import citations_html
from dnkit.render.html import esc
from dnkit.sources import Citation
from dnkit.vetting import VERDICT_LABELS, Assessment, Finding

# A finding's look: a symbol and a word beside the colour.
STATUS_MARKS = {
    "ok": ("\u2713", "OK"),
    "caution": ("!", "Check"),
    "fail": ("\u2717", "Problem"),
    "unknown": ("?", "Unknown"),
}
VERDICT_MARKS = {"meets": "\u2713", "caution": "!", "does_not_meet": "\u2717", "incomplete": "?"}
SHOWN_FIRST = 3  # items shown before "Show N more"


def verdict_html(a: Assessment) -> str:
    return (
        f'<p class="dn-verdict-line"><span class="dn-verdict dn-verdict-{esc(a.verdict)}">'
        f'<span aria-hidden="true">{VERDICT_MARKS[a.verdict]}</span> '
        f"{esc(VERDICT_LABELS[a.verdict])}</span></p>"
    )


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def wrong(a: Assessment) -> list[Finding]:
    """Problems first, then what to check: the order a person should read them in."""
    order = {"fail": 0, "caution": 1}
    return sorted((f for f in a.findings if f.status in order), key=lambda f: order[f.status])


def to_ask(a: Assessment) -> list[str]:
    """Each question once, in the order of the findings that raise it."""
    asks = (f.ask for f in a.findings if f.ask and f.status in ("unknown", "caution", "fail"))
    return list(dict.fromkeys(asks))


def banner_html(a: Assessment) -> str:
    """One line that keeps its height while the person types: the verdict and the counts."""
    counts = [
        _counted(len([f for f in a.findings if f.status == "fail"]), "problem", "problems"),
        _counted(len(to_ask(a)), "question to ask", "questions to ask"),
    ]
    return (
        f'<div class="dn-banner dn-banner-{esc(a.verdict)}" role="status">'
        f'<span class="dn-verdict dn-verdict-{esc(a.verdict)}">'
        f'<span aria-hidden="true">{VERDICT_MARKS[a.verdict]}</span> '
        f"{esc(VERDICT_LABELS[a.verdict])}</span> "
        f'<span class="dn-banner-counts">{esc(" · ".join(counts))}</span></div>'
    )


def _folded(items: list[str], tag: str, more: str) -> str:
    """The first few items, and the rest behind "Show N more"."""
    first, rest = items[:SHOWN_FIRST], items[SHOWN_FIRST:]
    html = f"<{tag}>" + "".join(f"<li>{i}</li>" for i in first) + f"</{tag}>"
    if rest:
        start = f' start="{SHOWN_FIRST + 1}"' if tag == "ol" else ""
        html += (
            f"<details><summary>{esc(more.format(n=len(rest)))}</summary>"
            f"<{tag}{start}>" + "".join(f"<li>{i}</li>" for i in rest) + f"</{tag}></details>"
        )
    return html


class _Notes:
    """Numbers each source the first time a finding cites it."""

    def __init__(self) -> None:
        self.cites: list[Citation] = []

    def ref(self, f: Finding) -> str:
        if f.source is None:
            return ""
        if f.source not in self.cites:
            self.cites.append(f.source)
        n = self.cites.index(f.source) + 1
        return f' <sup class="dn-cite"><span class="dn-visually-hidden">source </span>{n}</sup>'


def _finding(f: Finding, notes: _Notes) -> str:
    symbol, word = STATUS_MARKS[f.status]
    return (
        f'<span class="dn-finding dn-finding-{esc(f.status)}"><span aria-hidden="true">'
        f"{symbol}</span> <strong>{word}:</strong> {esc(f.message)}{notes.ref(f)}</span>"
    )


def findings_html(a: Assessment) -> str:
    """What is wrong, what to ask next, and what is fine, in that order."""
    notes = _Notes()
    parts = []
    bad = wrong(a)
    if bad:
        parts.append(f"<h4>What is wrong ({len(bad)})</h4>")
        parts.append(_folded([_finding(f, notes) for f in bad], "ul", "Show {n} more"))
    asks = to_ask(a)
    if asks:
        parts.append(f"<h4>What to ask next ({len(asks)})</h4>")
        parts.append(_folded([esc(q) for q in asks], "ol", "Show {n} more questions"))
    unknown = [f for f in a.findings if f.status == "unknown"]
    if unknown:
        items = "".join(f"<li>{_finding(f, notes)}</li>" for f in unknown)
        parts.append(
            f"<details><summary>Not known yet ({len(unknown)})</summary><ul>{items}</ul></details>"
        )
    fine = [f for f in a.findings if f.status == "ok"]
    if fine:
        items = "".join(f"<li>{_finding(f, notes)}</li>" for f in fine)
        parts.append(
            f"<details><summary>What is fine ({len(fine)})</summary><ul>{items}</ul></details>"
        )
    if notes.cites:
        parts.append(
            f"<details><summary>Sources for this check ({len(notes.cites)})</summary>"
            + citations_html(notes.cites, heading="", sort=False)
            + "</details>"
        )
    return f'<div class="dn-findings">{"".join(parts)}</div>'


def assessment_html(a: Assessment, heading: str | None = None) -> str:
    title = f"<h3>{esc(heading)}</h3>" if heading else ""
    return (
        f'<section class="dn-assessment">{title}{verdict_html(a)}'
        f"<p>{esc(a.summary)}</p>{findings_html(a)}</section>"
    )
