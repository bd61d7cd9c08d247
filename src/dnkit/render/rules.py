"""HTML for state rules, shared by the Situation step and the printed plan."""

from __future__ import annotations

from dnkit.regulation import Rule, mark
from dnkit.render.citations import citations_html
from dnkit.render.html import esc


def training_needed(rule: Rule) -> str:
    """The training a state asks for, in words (each number with its UNCONFIRMED mark)."""
    parts = []
    if rule.min_hours_total is not None:
        parts.append(f"{rule.min_hours_total:g} hours in all{mark(rule, 'min_hours_total')}")
    if rule.min_hours_in_person is not None:
        parts.append(f"{rule.min_hours_in_person:g} in person{mark(rule, 'min_hours_in_person')}")
    if rule.supervised_sessions is not None:
        parts.append(
            f"{rule.supervised_sessions} supervised sessions{mark(rule, 'supervised_sessions')}"
        )
    if rule.years_practice_before is not None:
        parts.append(
            f"{rule.years_practice_before:g} years in practice first"
            f"{mark(rule, 'years_practice_before')}"
        )
    return "; ".join(parts) or "No number set"


def rules_table_html(rules: list[Rule]) -> str:
    """One row per profession: may they dry needle, the minimums, and the sources with dates."""
    if not rules:
        return "<p>We found no rules for this place.</p>"
    rows = []
    for r in rules:
        dated = f"Date of the sources: {r.source_date}." if r.source_date else ""
        sources = citations_html(r.sources, heading=dated, note=r.source_note)
        rows.append(
            f'<tr><th scope="row">{esc(r.profession_name)}</th>'
            f'<td data-label="May they dry needle?">{esc(r.status_label)}'
            f"{esc(mark(r, 'status'))}</td>"
            f'<td data-label="Training needed">{esc(training_needed(r))}</td>'
            f'<td data-label="In short">{esc(r.summary)}</td>'
            f'<td class="dn-sources" data-label="Source and date">{sources}</td></tr>'
        )
    return (
        '<div class="dn-table-wrap"><table class="dn-table dn-rules dn-stack">'
        f"<caption>Dry needling rules in {esc(rules[0].jurisdiction_name)}</caption>"
        '<thead><tr><th scope="col">Provider</th><th scope="col">May they dry needle?</th>'
        '<th scope="col">Training needed</th><th scope="col">In short</th>'
        '<th scope="col">Source and date</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
