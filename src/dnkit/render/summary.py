"""The visit-ready summary: a page to print or save and take to the first appointment.

Built from the plan alone (pure), as HTML for the browser's print and as Markdown. It carries
what a person takes to the visit: the state's rule with its sources; the ranking with its scores
and the weights behind it; for each provider, how to reach them, what the planned sessions cost
there, whether they meet the checks and the questions still open; the cost of the planned
sessions by each way of paying, with the conditions behind it (who needles, for what, which
insurance); what matters to the person; and every source with its date. Two providers fit on two
printed pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dnkit.compare import Comparison, criteria, default_weights
from dnkit.costs import CostPlan
from dnkit.errors import InputError
from dnkit.labels import profession_label
from dnkit.money import money, money_range
from dnkit.plan import Plan
from dnkit.providers import Provider
from dnkit.regulation import Rule, jurisdictions, rule_for
from dnkit.render.assessment import to_ask, wrong
from dnkit.render.citations import citations_html, citations_md
from dnkit.render.compare import check_text, cost_text
from dnkit.render.html import bullets, esc, table_html
from dnkit.render.markdown import md, md_bullets, md_table
from dnkit.render.notice import notice_html, notice_markdown
from dnkit.render.rules import training_needed
from dnkit.render.style import style_tag
from dnkit.sources import Citation
from dnkit.tables import Table
from dnkit.vetting import Assessment, assess

LEVEL_WORDS = {"little": "a little", "some": "some", "lot": "a lot"}


@dataclass
class Entry:
    """One provider as the summary shows it."""

    provider: Provider
    rank: int | None  # None: left out by a must-have
    score: float | None
    cost: str
    check: str
    assessment: Assessment | None
    left_out: str = ""  # why a must-have left them out


@dataclass
class Report:
    """Everything the summary shows, gathered once for both HTML and Markdown."""

    made_on: str
    place: str
    concern: str
    rules: list[Rule]
    weights: list[tuple[str, float]]  # (criterion, share of 100%) for those weighed
    entries: list[Entry]
    sessions: int
    costs: CostPlan | None
    headline: str
    conditions: list[str]
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


def _values(plan: Plan) -> list[tuple[str, str]]:
    """(prompt, how much it matters) for each "what matters to you" answer given."""
    from dnkit.guide import decision_frame

    return [
        (p.prompt, LEVEL_WORDS[plan.values[p.key]])
        for p in decision_frame().values
        if p.key in plan.values
    ]


def _ranking(plan: Plan, providers: list[Provider]) -> Comparison | None:
    return plan.comparison(providers) if providers else None


def _entries(plan: Plan, providers: list[Provider], ranking: Comparison | None) -> list[Entry]:
    n = plan.costs.sessions
    code = plan.jurisdiction

    def checked(p: Provider) -> Assessment | None:
        return assess(p, code) if code else None

    if ranking is None:
        return [Entry(p, None, None, "", "", checked(p)) for p in providers]
    out = [
        Entry(r.provider, r.rank, r.total, cost_text(r, n), check_text(r), checked(r.provider))
        for r in ranking.ranked
    ]
    out += [
        Entry(f.provider, None, None, "", "", checked(f.provider), " ".join(f.reasons))
        for f in ranking.filtered
    ]
    return out


def _conditions(plan: Plan, provider: Provider | None) -> list[str]:
    """The conditions behind the costs, in words: whose prices, who needles, for what, and
    which way the person pays (insurance or Medicare)."""
    c = plan.costs
    out = [
        f"Prices: {provider.name}'s."
        if provider
        else "Prices: the ones typed in, or dnkit's "
        f"usual range ({money_range(c.price_low, c.price_high)} a session).",
        f"Who does the needling: {profession_label(c.profession)}.",
    ]
    if c.medicare or c.medicare_advantage:
        kind = "Medicare Advantage" if c.medicare_advantage else "Original Medicare"
        pain = "for" if c.chronic_low_back_pain else "not for"
        out.append(f"Insurance: {kind}; the needling is {pain} chronic low back pain.")
    elif c.covered == "yes":
        out.append(
            f"Insurance: your plan pays (copay {money(c.copay)}, coinsurance {c.coinsurance:g}%, "
            f"deductible left {money(c.deductible_remaining)})."
        )
    elif c.covered == "no":
        out.append("Insurance: your plan does not pay for dry needling.")
    else:
        out.append("Insurance: not known yet, so it is left out.")
    return out


def build_report(plan: Plan, today: date | None = None) -> Report:
    providers = list(plan.providers)
    if plan.shortlist:
        providers = [p for p in providers if p.name in plan.shortlist] or providers
    ranking = _ranking(plan, providers)
    entries = _entries(plan, providers, ranking)
    costs, cost_error, headline = None, "", ""
    priced_by = plan.cost_provider()
    try:
        costs = plan.cost_plan()
        whose = f" at {priced_by.name}'s prices" if priced_by else ""
        headline = costs.headline(plan.costs.sessions, whose)
    except InputError as err:
        cost_error = str(err)
    rules: list[Rule] = []
    if plan.jurisdiction:
        for prof in dict.fromkeys([plan.offered_by, *(p.profession for p in providers)]):
            rules.append(rule_for(plan.jurisdiction, prof))
    sources: list[Citation] = []

    def add(c: Citation | None) -> None:
        if c is not None and c not in sources:
            sources.append(c)

    for r in rules:
        for s in r.sources:
            add(s)
    for e in entries:
        for f in e.assessment.findings if e.assessment else ():
            add(f.source)
    if costs:
        for s in costs.sources:
            add(s)
    info = criteria()
    weights = {**default_weights(), **plan.weights}
    total = sum(weights.values()) or 1.0
    return Report(
        made_on=(today or date.today()).isoformat(),
        place=jurisdictions().get(plan.jurisdiction or "", "Not chosen yet"),
        concern=plan.concern,
        rules=rules,
        weights=[(info[k].label, 100 * w / total) for k, w in weights.items() if w > 0],
        entries=entries,
        sessions=plan.costs.sessions,
        costs=costs,
        headline=headline,
        conditions=_conditions(plan, priced_by),
        cost_error=cost_error,
        sure_start=_sure_text(plan.sure_start.model_dump()),
        sure_end=_sure_text(plan.sure_end.model_dump()),
        sources=sources,
        values=_values(plan),
    )


def _cost_rows(report: Report) -> list[tuple[str, str, str]]:
    rows = []
    if report.costs:
        for route in report.costs.routes:
            at = route.at(report.sessions)
            if route.applies and at is not None:
                o = at.out_of_pocket
                rows.append((route.name, money(o.typical), money_range(o.low, o.high)))
    return rows


def _reach(p: Provider) -> list[str]:
    out = []
    if p.phone:
        out.append(f"Phone: {p.phone}")
    if p.address:
        out.append(f"Address: {p.address}")
    return out


def _rule_lines(r: Rule) -> tuple[str, str]:
    return (
        f"{profession_label(r.profession)}: {r.status_label}. Training asked for: "
        f"{training_needed(r)}.",
        r.summary,
    )


def _entry_title(e: Entry) -> str:
    head = f"{e.rank}. {e.provider.name}" if e.rank else e.provider.name
    return f"{head} ({profession_label(e.provider.profession)})"


def _entry_lines(e: Entry) -> list[str]:
    lines = _reach(e.provider)
    if e.rank is not None:
        lines.append(f"Score: {e.score:.2f} of 1.")
    if e.left_out:
        lines.append(f"Left out by your must-haves: {e.left_out}")
    if e.cost:
        lines.append(f"Cost: {e.cost}")
    if e.check:
        lines.append(f"Checks: {e.check}")
    return lines


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
    if r.rules:
        parts.append(f"<h2>The rules in {esc(r.place)}</h2>")
        parts += [
            f"<p><strong>{esc(a)}</strong> {esc(b)}</p>" for a, b in map(_rule_lines, r.rules)
        ]
    parts.append("<h2>My providers, ranked</h2>")
    if r.weights:
        weighed = ", ".join(f"{label} {share:.0f}%" for label, share in r.weights)
        parts.append(f"<p>What I weigh: {esc(weighed)}.</p>")
    if not r.entries:
        parts.append("<p>No providers added yet.</p>")
    for e in r.entries:
        parts.append(f'<section class="dn-summary-provider"><h3>{esc(_entry_title(e))}</h3>')
        parts.append(bullets(_entry_lines(e)))
        if e.assessment is not None:
            attention = [f"{f.label}: {f.message}" for f in wrong(e.assessment)]
            if attention:
                parts.append("<p>Points to look at:</p>" + bullets(attention))
            questions = to_ask(e.assessment)
            if questions:
                parts.append("<p>Questions still to ask:</p>" + bullets(questions))
        elif not plan.jurisdiction:
            parts.append("<p>Choose your state to check this provider.</p>")
        parts.append("</section>")
    parts.append(f"<h2>Costs for {r.sessions} sessions</h2>")
    if r.headline:
        parts.append(f"<p><strong>{esc(r.headline)}</strong></p>")
    parts.append(bullets(r.conditions))
    rows = _cost_rows(r)
    if rows:
        table = Table(("Way of paying", "About", "Range"), tuple(rows))
        parts.append(table_html(table, caption="What you pay yourself"))
    elif r.cost_error:
        parts.append(f"<p>Costs could not be worked out: {esc(r.cost_error)}</p>")
    if r.costs:
        parts.append(bullets(r.costs.crossovers))
    if r.values:
        parts.append("<h2>What matters to me</h2><ul>")
        parts += [f"<li>{esc(q)} <strong>{esc(a)}</strong></li>" for q, a in r.values]
        parts.append("</ul>")
    parts.append("<h2>How sure I feel (SURE check)</h2>")
    parts.append(f"<p>At the start: {esc(r.sure_start)}</p><p>At the end: {esc(r.sure_end)}</p>")
    parts.append(
        '<h2>Sources</h2><div class="dn-summary-sources">'
        + citations_html(r.sources, heading="")
        + "</div>"
    )
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
    if r.rules:
        lines += [f"## The rules in {md(r.place)}", ""]
        for a, b in map(_rule_lines, r.rules):
            lines += [f"- **{md(a)}** {md(b)}"]
        lines.append("")
    lines += ["## My providers, ranked", ""]
    if r.weights:
        weighed = ", ".join(f"{label} {share:.0f}%" for label, share in r.weights)
        lines += [f"What I weigh: {md(weighed)}.", ""]
    for e in r.entries:
        lines += [f"### {md(_entry_title(e))}", "", *md_bullets(_entry_lines(e))]
        if e.assessment is not None:
            attention = [f"{f.label}: {f.message}" for f in wrong(e.assessment)]
            if attention:
                lines += ["", "Points to look at:", "", *md_bullets(attention)]
            questions = to_ask(e.assessment)
            if questions:
                lines += ["", "Questions still to ask:", "", *md_bullets(questions)]
        elif not plan.jurisdiction:
            lines += ["", "Choose your state to check this provider."]
        lines.append("")
    lines += [f"## Costs for {r.sessions} sessions", ""]
    if r.headline:
        lines += [f"**{md(r.headline)}**", ""]
    lines += [*md_bullets(r.conditions), ""]
    lines += md_table(Table(("Way of paying", "About", "Range"), tuple(_cost_rows(r))))
    if r.costs:
        lines += ["", *md_bullets(r.costs.crossovers)]
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
