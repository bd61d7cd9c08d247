"""HTML for a comparison: the ranking as cards a phone can read, who was left out and why.

Each provider's card says, in this order: where it comes and its score, what the planned sessions
cost there (the cheapest way), whether it meets the checks (and if not, why), what is unknown, and
who is as good or better on everything the person weighs. The printed summary uses the same words.
"""

from __future__ import annotations

from dnkit.compare import Comparison, Ranked, criteria
from dnkit.render.assessment import VERDICT_MARKS
from dnkit.render.html import esc

NO_STATE = "Not checked yet: choose your state."


def check_text(r: Ranked) -> str:
    """Whether the provider meets the checks, and if not, why (worst first)."""
    if r.verdict is None:
        return NO_STATE
    return r.check_note or r.verdict_label + "."


def cost_text(r: Ranked, sessions: int) -> str:
    if r.cost is None:
        return f"Not known: no price per session given for {sessions} sessions."
    return r.cost.text()


def unknown_text(r: Ranked, result: Comparison) -> str:
    info = criteria()
    unknown = [info[c].label.lower() for c in r.unknowns if result.weights[c] > 0]
    return ", ".join(unknown) or "nothing you weigh"


def ranked_card(r: Ranked, result: Comparison, sessions: int) -> str:
    mark = VERDICT_MARKS.get(r.verdict or "", "?")
    look = r.verdict or "unchecked"
    rows = [
        ("Cost", cost_text(r, sessions)),
        ("Checks", check_text(r)),
        ("Not known", unknown_text(r, result)),
    ]
    if r.beaten_note:
        rows.append(("Note", r.beaten_note))
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return (
        f'<li class="dn-rank-card dn-rank-{esc(look)}">'
        f'<p class="dn-rank-head"><strong>{r.rank}. {esc(r.name)}</strong> '
        f'<span class="dn-rank-score">score {r.total:.2f} of 1</span> '
        f'<span class="dn-verdict dn-verdict-{esc(look)}"><span aria-hidden="true">{mark}</span> '
        f"{esc(r.verdict_label or 'Not checked')}</span></p>"
        f"<dl>{body}</dl></li>"
    )


def ranking_html(result: Comparison, sessions: int) -> str:
    """Every ranked provider as a card, then how each weight could change who comes first."""
    if not result.ranked:
        return f"<p>{esc(result.summary)}</p>"
    cards = "".join(ranked_card(r, result, sessions) for r in result.ranked)
    parts = [f'<ol class="dn-rank-cards" aria-label="Your ranking">{cards}</ol>']
    if result.robustness is not None:
        items = "".join(
            f"<li>{esc(s.sentence(result.ranked[0].name))}</li>"
            for s in result.robustness.switches
            if s.current > 0 or s.up is not None
        )
        parts.append(
            "<details><summary>How each weight could change who comes first</summary>"
            f"<ul>{items}</ul></details>"
        )
    return "".join(parts)


def filtered_html(result: Comparison) -> str:
    if not result.filtered:
        return "<p>No provider is left out by your must-haves.</p>"
    items = "".join(
        f"<li><strong>{esc(f.name)}</strong>: {esc(' '.join(f.reasons))}</li>"
        for f in result.filtered
    )
    return f"<ul>{items}</ul>"
