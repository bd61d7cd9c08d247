"""The visit-ready summary: a page to print or save and take to the first appointment.

Built from the plan alone (pure), as HTML for the browser's print and as Markdown. It lists
the chosen providers with their checks, the questions still open for each, the cost of the
planned sessions by each way of paying, and every source with its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dnkit.costs import CostPlan
from dnkit.errors import CostInputError
from dnkit.money import money, money_range
from dnkit.plan import Plan
from dnkit.providers import Provider
from dnkit.regulation import jurisdictions
from dnkit.render.citations import citations_html, citations_md
from dnkit.render.html import bullets, esc, table_html
from dnkit.render.markdown import md, md_bullets, md_table
from dnkit.render.notice import notice_html, notice_markdown
from dnkit.render.style import style_tag
from dnkit.sources import Citation
from dnkit.tables import Table
from dnkit.vetting import Assessment, assess


@dataclass
class Report:
    """Everything the summary shows, gathered once for both HTML and Markdown."""

    made_on: str
    place: str
    concern: str
    assessments: list[Assessment]
    unassessed: list[Provider]
    sessions: int
    costs: CostPlan | None
    cost_error: str
    sure_start: str
    sure_end: str
    values: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Citation] = field(default_factory=list)


def _sure_text(answers: dict) -> str:
    from dnkit.guide import sure_result

    result = sure_result(answers)
    if not result.complete:
        return "Not answered yet."
    return result.message


def build_report(plan: Plan, today: date | None = None) -> Report:
    providers = list(plan.providers)
    if plan.shortlist:
        providers = [p for p in providers if p.name in plan.shortlist] or providers
    assessments = [assess(p, plan.jurisdiction) for p in providers] if plan.jurisdiction else []
    costs, cost_error = None, ""
    try:
        costs = plan.costs.plan_costs()
    except CostInputError as err:
        cost_error = str(err)
    sources: list[Citation] = []

    def add(c: Citation | None) -> None:
        if c is not None and c not in sources:
            sources.append(c)

    for a in assessments:
        for s in a.rule.sources:
            add(s)
        for f in a.findings:
            add(f.source)
    if costs:
        for s in costs.sources:
            add(s)
    return Report(
        made_on=(today or date.today()).isoformat(),
        place=jurisdictions().get(plan.jurisdiction or "", "Not chosen yet"),
        concern=plan.concern,
        assessments=assessments,
        unassessed=[] if plan.jurisdiction else providers,
        sessions=plan.costs.sessions,
        costs=costs,
        cost_error=cost_error,
        sure_start=_sure_text(plan.sure_start.model_dump()),
        sure_end=_sure_text(plan.sure_end.model_dump()),
        sources=sources,
        values=_values(plan),
    )


LEVEL_WORDS = {"little": "a little", "some": "some", "lot": "a lot"}


def _values(plan: Plan) -> list[tuple[str, str]]:
    """(prompt, how much it matters) for each "what matters to you" answer given."""
    from dnkit.guide import decision_frame

    return [
        (p.prompt, LEVEL_WORDS[plan.values[p.key]])
        for p in decision_frame().values
        if p.key in plan.values
    ]


def _cost_rows(report: Report) -> list[tuple[str, str, str]]:
    rows = []
    if report.costs:
        for route in report.costs.routes:
            at = route.at(report.sessions)
            if route.applies and at is not None:
                o = at.out_of_pocket
                rows.append((route.name, money(o.typical), money_range(o.low, o.high)))
    return rows


def _open_questions(a: Assessment) -> list[str]:
    """Each question once, in the order of the findings that raise it."""
    asks = (f.ask for f in a.findings if f.ask and f.status in ("unknown", "caution"))
    return list(dict.fromkeys(asks))


def _attention(a: Assessment) -> list[str]:
    return [f"{f.label}: {f.message}" for f in a.findings if f.status in ("fail", "caution")]


def summary_body_html(plan: Plan, today: date | None = None) -> str:
    """The summary's content, to show inside a page (the plan step) or as a page of its own."""
    r = build_report(plan, today)
    parts = [
        "<h1>My dry needling plan</h1>",
        f"<p>Made on {esc(r.made_on)} with dnkit. Where you will be treated: "
        f"<strong>{esc(r.place)}</strong>.</p>",
        notice_html(),
    ]
    if r.concern:
        parts.append(f"<p>What brings me: {esc(r.concern)}</p>")
    parts.append("<h2>Providers</h2>")
    if not r.assessments and not r.unassessed:
        parts.append("<p>No providers added yet.</p>")
    for a in r.assessments:
        parts.append(f"<h3>{esc(a.provider.name)} ({esc(a.provider.profession)})</h3>")
        parts.append(f"<p><strong>Check: {esc(a.verdict_label)}.</strong> {esc(a.summary)}</p>")
        attention = _attention(a)
        if attention:
            parts.append("<p>Points to look at:</p>" + bullets(attention))
        questions = _open_questions(a)
        if questions:
            parts.append("<p>Questions still to ask:</p>" + bullets(questions))
    for p in r.unassessed:
        parts.append(f"<h3>{esc(p.name)}</h3><p>Choose your state to check this provider.</p>")
    parts.append(f"<h2>Costs for {r.sessions} sessions</h2>")
    rows = _cost_rows(r)
    if rows:
        table = Table(("Way of paying", "About", "Range"), tuple(rows))
        parts.append(table_html(table, caption="What you pay yourself"))
    elif r.cost_error:
        parts.append(f"<p>Costs could not be worked out: {esc(r.cost_error)}</p>")
    if r.costs:
        parts.append(bullets((*r.costs.crossovers, *r.costs.notes)))
    if r.values:
        parts.append("<h2>What matters to me</h2><ul>")
        parts += [f"<li>{esc(q)} <strong>{esc(a)}</strong></li>" for q, a in r.values]
        parts.append("</ul>")
    parts.append("<h2>How sure I feel (SURE check)</h2>")
    parts.append(f"<p>At the start: {esc(r.sure_start)}</p><p>At the end: {esc(r.sure_end)}</p>")
    parts.append("<h2>Sources</h2>" + citations_html(r.sources, heading=""))
    return "".join(parts)


def summary_html(plan: Plan, today: date | None = None) -> str:
    """A whole HTML page that prints cleanly (the summary to save and print)."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>My dry needling plan</title>{style_tag()}</head><body class='dn-summary'>"
        f"{summary_body_html(plan, today)}</body></html>"
    )


def summary_markdown(plan: Plan, today: date | None = None) -> str:
    """The summary as Markdown text; everything typed or loaded is escaped."""
    r = build_report(plan, today)
    lines = [
        "# My dry needling plan",
        "",
        f"Made on {r.made_on} with dnkit. Where you will be treated: **{md(r.place)}**.",
        "",
        notice_markdown(),
        "",
    ]
    if r.concern:
        lines += [f"What brings me: {md(r.concern)}", ""]
    lines += ["## Providers", ""]
    for a in r.assessments:
        lines += [
            f"### {md(a.provider.name)} ({md(a.provider.profession)})",
            "",
            f"**Check: {md(a.verdict_label)}.** {md(a.summary)}",
            "",
        ]
        lines += md_bullets(_attention(a))
        questions = _open_questions(a)
        if questions:
            lines += ["", "Questions still to ask:", "", *md_bullets(questions)]
        lines.append("")
    for p in r.unassessed:
        lines += [f"### {md(p.name)}", "", "Choose your state to check this provider.", ""]
    lines += [f"## Costs for {r.sessions} sessions", ""]
    lines += md_table(Table(("Way of paying", "About", "Range"), tuple(_cost_rows(r))))
    if r.costs:
        lines += ["", *md_bullets((*r.costs.crossovers, *r.costs.notes))]
    if r.values:
        lines += ["", "## What matters to me", ""]
        lines += [f"- {md(q)} **{md(a)}**" for q, a in r.values]
    lines += [
        "",
        "## How sure I feel (SURE check)",
        "",
        f"- At the start: {md(r.sure_start)}",
        f"- At the end: {md(r.sure_end)}",
        "",
        "## Sources",
        "",
    ]
    lines.append(citations_md(r.sources))
    return "\n".join(lines) + "\n"
