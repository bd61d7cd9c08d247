"""The guide as HTML and as Markdown: the short summary first, then each part on demand.

A person on a phone reads the summary (a few points, each linked to its part) and opens only the
part she needs: every part is a ``<details>`` whose title is the tap target, and it ends with the
words it explained, its numbered sources (on demand too) and a link back to the summary. The
numbers in the text ("Sources 1, 2") count within one part, so each part's list is short.
Glossary terms are explained where they appear. The content and its labels come from
:mod:`dnkit.guide`; citations are drawn by :mod:`dnkit.render.citations`. No widgets here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dnkit.guide import (
    PARTS,
    SECTION_TITLES,
    TEXTS,
    Sourced,
    Term,
    glossary,
    load,
    reviewed_text,
)
from dnkit.render.citations import citations_html, citations_md, note_html, note_md
from dnkit.render.html import esc
from dnkit.render.markdown import md
from dnkit.render.notice import notice_html as _notice_html
from dnkit.render.notice import notice_markdown
from dnkit.sources import Citation

SUMMARY_ID = "dn-learn-summary"


def part_id(key: str) -> str:
    """The element id a link to a part points to ("#dn-learn-safety" opens that part)."""
    return f"dn-learn-{key}"


def _number(item: Sourced | tuple[Citation, ...], cites: list[Citation]) -> list[str]:
    """The numbers of an item's sources in ``cites`` (smallest first), adding the ones not
    numbered yet."""
    sources = item if isinstance(item, tuple) else item.sources
    for c in sources:
        if c not in cites:
            cites.append(c)
    return [str(n) for n in sorted(cites.index(c) + 1 for c in sources)]


# ------------------------------------------------------------------------------ terms
def _term_pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    names = sorted((t.term for t in terms), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w-])({alt})(?:s|es)?(?![\w-])", re.IGNORECASE)


@cache
def _terms_index() -> tuple[re.Pattern[str], dict[str, Term]]:
    terms = glossary()
    return _term_pattern(terms), {t.term.lower(): t for t in terms}


def explain_terms(text: str, seen: dict[str, Term] | None = None) -> str:
    """Escape ``text`` and explain each glossary term at its first use in a part.

    The term gets an ``<abbr title>`` (a tooltip on hover); ``seen`` collects the terms so that
    the part can also list them in a ``<details>`` note that works by keyboard and on touch.
    """
    pattern, index = _terms_index()
    seen = {} if seen is None else seen
    out, pos = [], 0
    for m in pattern.finditer(text):
        term = index[m.group(1).lower()]
        if term.term.lower() in seen:
            continue
        seen[term.term.lower()] = term
        out.append(esc(text[pos : m.start()]))
        out.append(f'<abbr class="dn-term" title="{esc(term.definition)}">{esc(m.group(0))}</abbr>')
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


# ------------------------------------------------------------------------------ one part
def sources_details(cites: list[Citation] | tuple[Citation, ...], key: str = "") -> str:
    """A part's numbered sources (in the order their numbers were given), shown on demand."""
    if not cites:
        return ""
    ident = f' id="dn-src-{esc(key)}"' if key else ""
    return (
        f'<details class="dn-sources-more"{ident}><summary>'
        f"{esc(TEXTS.sources_for_part)} ({len(cites)})</summary>"
        f"{citations_html(cites, heading='', sort=False)}</details>"
    )


def back_link() -> str:
    return f'<p class="dn-back-link"><a href="#{SUMMARY_ID}">{esc(TEXTS.back_to_summary)}</a></p>'


class _Part:
    """Collects numbered sources and the glossary terms used while one part is rendered."""

    def __init__(self, key: str, explain: bool = True) -> None:
        self.key = key
        self.cites: list[Citation] = []
        self.terms: dict[str, Term] = {}
        self.explain = explain

    def cite(self, item: Sourced | tuple[Citation, ...]) -> str:
        nums = _number(item, self.cites)
        mark = ""
        if isinstance(item, Sourced) and not item.confirmed:
            mark = note_html(item.unconfirmed_note)
        label = "Source" if len(nums) == 1 else "Sources"
        return f'{mark} <span class="dn-cite">({label} {", ".join(nums)})</span>'

    def text(self, value: str) -> str:
        return explain_terms(value, self.terms) if self.explain else esc(value)

    def footer(self, back: bool = True) -> str:
        """The words explained, the sources (on demand), and the way back to the summary."""
        out = ""
        if self.terms:
            items = "".join(
                f"<dt>{esc(t.term)}</dt><dd>{esc(t.definition)}</dd>" for t in self.terms.values()
            )
            out += (
                f'<details class="dn-terms"><summary>{esc(TEXTS.terms_in_section)}</summary>'
                f"<dl>{items}</dl></details>"
            )
        out += sources_details(self.cites, self.key)
        return out + (back_link() if back else "")


@dataclass(frozen=True)
class Part:
    """One part of the guide, rendered: its title, its body and its footer (the words it
    explained, its sources, the link back). A view that adds widgets to a part (the values
    buttons of "Your choice") places them between the body and the footer."""

    key: str
    title: str
    body: str
    footer: str


def _ul(items: list[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _decision(sec: _Part, level: int) -> str:
    d = load().decision
    h1, h2 = f"h{level + 1}", f"h{level + 2}"
    parts = [
        f'<p class="dn-decision"><strong>{sec.text(d.statement)}</strong></p>',
        f"<p>{sec.text(d.condition)}{sec.cite(d)}</p>",
        f"<p>{sec.text(d.natural_course)}</p>",
        "<ol>" + "".join(f"<li>{sec.text(s)}</li>" for s in d.steps) + "</ol>",
    ]
    for o in d.options:
        parts.append(
            f'<div class="dn-option dn-option-{esc(o.key)}">'
            f"<{h1}>{esc(o.name)}</{h1}>"
            f"<p><strong>{esc(TEXTS.what_it_is_like)}:</strong> {sec.text(o.what_it_is_like)}</p>"
            f'<div class="dn-pros-cons"><div><{h2}>{esc(TEXTS.good_points)}</{h2}>'
            + _ul([sec.text(b) for b in o.benefits], "dn-benefits")
            + f"</div><div><{h2}>{esc(TEXTS.bad_points)}</{h2}>"
            + _ul([sec.text(h) for h in o.harms], "dn-harms")
            + f"</div></div><p>{sec.cite(o).strip()}</p></div>"
        )
    parts.append(f"<p>{sec.text(d.change_mind)}</p>")
    return "".join(parts)


def _comparison(sec: _Part, level: int) -> str:
    """The side-by-side table: a caption, column headers and a row header per aspect. On a
    phone each row becomes a card (``dn-stack``), each cell named by its column."""
    g = load()
    dn, acu = g.comparison_labels
    intro = f"<p>{sec.text(g.comparison_intro)}</p>"  # first, so its terms are listed first
    head = (
        f'<th scope="col">Topic</th><th scope="col">{esc(dn)}</th>'
        f'<th scope="col">{esc(acu)}</th><th scope="col">Sources</th>'
    )
    rows = "".join(
        f'<tr><th scope="row">{esc(r.aspect)}</th>'
        f'<td data-label="{esc(dn)}">{sec.text(r.dry_needling)}</td>'
        f'<td data-label="{esc(acu)}">{sec.text(r.acupuncture)}</td>'
        f"<td>{sec.cite(r).strip()}</td></tr>"
        for r in g.comparison
    )
    return intro + (
        f'<div class="dn-table-wrap"><table class="dn-table dn-guide-compare dn-stack">'
        f'<caption class="dn-visually-hidden">{esc(SECTION_TITLES["comparison"])}</caption>'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _settings(sec: _Part, level: int) -> str:
    g = load()
    h = f"h{level + 1}"
    intro = f"<p>{sec.text(g.settings_intro)}{sec.cite(g.settings_sources)}</p>"  # numbered first
    items = [
        f"<{h}>{esc(s.name)}</{h}>"
        f"<p><strong>{esc(TEXTS.who_does_it)}:</strong> {sec.text(s.who)}</p>"
        f"<p><strong>{esc(TEXTS.why_it_suits)}:</strong> {sec.text(s.why)}{sec.cite(s)}</p>"
        for s in g.settings
    ]
    return intro + "".join(items) + f'<p class="dn-note">{sec.text(g.settings_note)}</p>'


def _expectations(sec: _Part, level: int) -> str:
    h = f"h{level + 1}"
    return "".join(
        f"<{h}>{esc(e.step)}</{h}><p>{sec.text(e.text)}{sec.cite(e)}</p>"
        for e in load().expectations
    )


def _safety(sec: _Part, level: int) -> str:
    """Side effects with their rates, the serious ones, and who should not have it (built in
    reading order, so the source numbers count up down the page)."""
    g = load()
    se, pr, h = g.side_effects, g.precautions, f"h{level + 1}"
    out = [
        f"<p>{sec.text(se.intro)}</p><p><strong>{sec.text(se.rate_summary)}</strong>"
        f"{sec.cite(se)}</p><p>{sec.text(se.caveat)}</p>"
    ]
    minor = "".join(
        f'<tr><th scope="row">{esc(x.name)}</th>'
        f'<td data-label="{esc(TEXTS.how_often)}">{sec.text(x.text)}</td>'
        f"<td>{sec.cite(x).strip()}</td></tr>"
        for x in se.minor
    )
    out.append(
        '<div class="dn-table-wrap"><table class="dn-table dn-side-effects dn-stack"><caption>'
        'Minor side effects and how often they happen</caption><thead><tr><th scope="col">'
        f'Side effect</th><th scope="col">{esc(TEXTS.how_often)}</th>'
        f'<th scope="col">Sources</th></tr></thead><tbody>{minor}</tbody></table></div>'
    )
    serious = [
        f"<strong>{esc(x.name)}.</strong> {sec.text(x.text)}{sec.cite(x)}" for x in se.serious
    ]
    out.append(f"<{h}>{esc(TEXTS.serious_harms)}</{h}>{_ul(serious)}<p>{sec.text(pr.intro)}</p>")
    for title, items in ((TEXTS.do_not_have_if, pr.do_not), (TEXTS.tell_first_if, pr.tell_first)):
        listed = [f"{sec.text(p.text)}{sec.cite(p)}" for p in items]
        out.append(f"<{h}>{esc(title)}</{h}>{_ul(listed)}")
    return "".join(out)


def _evidence(sec: _Part, level: int) -> str:
    g = load()
    items = [
        f"<strong>{esc(x.topic)}.</strong> {sec.text(x.finding)} "
        f"<em>{esc(TEXTS.how_sure)}:</em> {sec.text(x.certainty)}{sec.cite(x)}"
        for x in g.evidence
    ]
    return f"<p>{sec.text(g.evidence_intro)}</p>{_ul(items)}"


def _glossary(sec: _Part, level: int) -> str:
    items = "".join(
        f'<dt id="dn-term-{esc(re.sub(r"[^a-z0-9]+", "-", t.term.lower()))}">{esc(t.term)}</dt>'
        f"<dd>{esc(t.definition)}{sec.cite(t)}</dd>"
        for t in load().glossary
    )
    return f'<dl class="dn-glossary">{items}</dl>'


def _about(sec: _Part, level: int) -> str:
    """Aim, funding, update policy, uncertainty (IPDAS certifying items)."""
    a = load().about
    return (
        f"<p>{esc(a.aim)}</p>"
        f'<p class="dn-funding"><strong>Funding:</strong> {esc(a.funding)}</p>'
        f'<p class="dn-update-policy"><strong>Updates:</strong> {esc(a.update_policy)}</p>'
        f"<p>{esc(a.uncertainty)}{sec.cite(a)}</p>"
    )


# Each part's body; the glossary and "about" are plain words (nothing to explain in them).
_BODIES: dict[str, tuple[Callable[[_Part, int], str], bool]] = {
    "decision": (_decision, True),
    "comparison": (_comparison, True),
    "settings": (_settings, True),
    "expectations": (_expectations, True),
    "safety": (_safety, True),
    "evidence": (_evidence, True),
    "glossary": (_glossary, False),
    "about": (_about, False),
}


def part(key: str, level: int = 3, back: bool = True) -> Part:
    """One part of the guide; ``level`` is the level of its title (its inner headings follow)."""
    if key not in _BODIES:
        raise KeyError(f"no guide section {key!r}; choose from {', '.join(PARTS)}")
    body, explain = _BODIES[key]
    sec = _Part(key, explain)
    html = body(sec, level)
    return Part(key, SECTION_TITLES[key], html, sec.footer(back))


def section_html(key: str, level: int = 3, back: bool = True) -> str:
    """One part that opens on demand: its title (a heading) is the tap target; a link to
    ``#dn-learn-<key>`` opens it (the dashboard's page helper does that)."""
    p = part(key, level, back)
    return (
        f'<details class="dn-guide-section dn-guide-{key}" id="{part_id(key)}">'
        f'<summary><h{level} class="dn-guide-title">{esc(p.title)}</h{level}></summary>'
        f'<div class="dn-guide-body">{p.body}{p.footer}</div></details>'
    )


# ------------------------------------------------------------------------------ the summary
def summary_html(level: int = 3) -> str:
    """The guide in short: each point under a link to its part, the parts without a point
    linked last, the words explained and the sources on demand."""
    sm = load().summary
    sec = _Part("summary")
    h, h1 = f"h{level}", f"h{level + 1}"
    points = "".join(
        f'<li class="dn-point dn-point-{p.part}"><{h1}><a href="#{part_id(p.part)}">'
        f"{esc(SECTION_TITLES[p.part])}</a></{h1}><p>{sec.text(p.text)}{sec.cite(p)}</p></li>"
        for p in sm.points
    )
    covered = {p.part for p in sm.points}
    others = [
        f'<a href="#{part_id(k)}">{esc(SECTION_TITLES[k])}</a>' for k in PARTS if k not in covered
    ]
    also = ""
    if others:
        joined = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} and {others[-1]}"
        also = f'<p class="dn-also">{esc(TEXTS.also_in_guide)}: {joined}.</p>'
    return (
        f'<section class="dn-learn-summary" id="{SUMMARY_ID}" aria-labelledby="{SUMMARY_ID}-h">'
        f'<{h} id="{SUMMARY_ID}-h">{esc(TEXTS.summary_heading)}</{h}>'
        f'<p>{sec.text(sm.intro)}</p><ul class="dn-points">{points}</ul>{also}'
        f"{sec.footer(back=False)}</section>"
    )


# ------------------------------------------------------------------------------ the whole guide
def notice_html() -> str:
    """The statement every view carries: not medical advice, and when content was reviewed."""
    return _notice_html(reviewed_text())


def guide_html(level: int = 2) -> str:
    """The whole guide as one accessible HTML fragment (no scripts, no images): the title, the
    note, the summary, then each part, closed until opened."""
    g = load()
    body = "".join(section_html(k, level + 1) for k in PARTS)
    return (
        f'<article class="dn-guide"><h{level}>{esc(g.title)}</h{level}>{notice_html()}'
        f"{summary_html(level + 1)}{body}</article>"
    )


# ------------------------------------------------------------------------------ Markdown
def _md_cites(item: Sourced | tuple[Citation, ...], cites: list[Citation]) -> str:
    """'[1, 2]' for the item's sources, after the UNCONFIRMED mark when the item has one."""
    nums = _number(item, cites)
    mark = ""
    if isinstance(item, Sourced) and not item.confirmed:
        mark = note_md(item.unconfirmed_note).strip() + " "
    return f"{mark}[{', '.join(nums)}]"


def guide_markdown() -> str:
    """The guide as Markdown for the printed plan: the summary, then every part, with its
    sources numbered once for the whole guide and listed at the end."""
    g = load()
    cites: list[Citation] = []
    out = [f"# {md(g.title)}", "", notice_markdown(reviewed_text()), ""]
    out += [f"## {md(TEXTS.summary_heading)}", "", md(g.summary.intro), ""]
    out += [
        f"- **{md(SECTION_TITLES[p.part])}.** {md(p.text)} {_md_cites(p, cites)}"
        for p in g.summary.points
    ] + [""]
    d = g.decision
    out += [f"## {SECTION_TITLES['decision']}", "", f"**{md(d.statement)}**", ""]
    out += [f"{md(d.condition)} {_md_cites(d, cites)}", "", md(d.natural_course), ""]
    out += [f"{i}. {md(s)}" for i, s in enumerate(d.steps, 1)] + [""]
    for o in d.options:
        out += [f"### {md(o.name)}", "", f"{md(o.what_it_is_like)}", ""]
        out += ["Good points:"] + [f"- {md(b)}" for b in o.benefits] + [""]
        out += ["Bad points:"] + [f"- {md(h)}" for h in o.harms]
        out += ["", f"Sources {_md_cites(o, cites)}", ""]
    out += ["What matters to you:"] + [f"- {md(v.prompt)}" for v in d.values] + [""]
    dn, acu = g.comparison_labels
    out += [f"## {SECTION_TITLES['comparison']}", "", md(g.comparison_intro), ""]
    out += [f"| Topic | {dn} | {acu} | Sources |", "|---|---|---|---|"]
    out += [
        f"| {md(r.aspect)} | {md(r.dry_needling)} | {md(r.acupuncture)} | {_md_cites(r, cites)} |"
        for r in g.comparison
    ] + [""]
    out += ["## The SURE check", "", md(g.sure_intro), ""]
    out += [f"{i}. {md(q.text)} (yes or no)" for i, q in enumerate(g.sure_questions, 1)]
    out += ["", f"Four yes answers: {md(g.sure_messages['low_conflict'])}"]
    out += [f"Fewer: {md(g.sure_messages['talk_more'])} {_md_cites(g.sure_sources, cites)}", ""]
    out += [f"## {SECTION_TITLES['settings']}", ""]
    out += [f"{md(g.settings_intro)} {_md_cites(g.settings_sources, cites)}", ""]
    out += [
        f"- **{md(s.name)}** ({md(s.who)}): {md(s.why)} {_md_cites(s, cites)}" for s in g.settings
    ] + ["", md(g.settings_note), ""]
    out += [f"## {SECTION_TITLES['expectations']}", ""]
    out += [f"- **{md(e.step)}.** {md(e.text)} {_md_cites(e, cites)}" for e in g.expectations]
    se, pr = g.side_effects, g.precautions
    out += ["", f"## {SECTION_TITLES['safety']}", "", md(se.intro), ""]
    out += [f"{md(se.rate_summary)} {_md_cites(se, cites)}", "", md(se.caveat), ""]
    out += [f"- {md(x.name)}: {md(x.text)} {_md_cites(x, cites)}" for x in se.minor]
    out += ["", f"{TEXTS.serious_harms}:"]
    out += [f"- {md(x.name)}: {md(x.text)} {_md_cites(x, cites)}" for x in se.serious]
    for title, items in ((TEXTS.do_not_have_if, pr.do_not), (TEXTS.tell_first_if, pr.tell_first)):
        out += ["", f"{title}:"]
        out += [f"- {md(p.text)} {_md_cites(p, cites)}" for p in items]
    out += ["", f"## {SECTION_TITLES['evidence']}", "", md(g.evidence_intro), ""]
    out += [
        f"- **{md(x.topic)}.** {md(x.finding)} {TEXTS.how_sure}: {md(x.certainty)} "
        f"{_md_cites(x, cites)}"
        for x in g.evidence
    ]
    out += ["", f"## {SECTION_TITLES['glossary']}", ""]
    out += [f"- **{md(t.term)}**: {md(t.definition)} {_md_cites(t, cites)}" for t in g.glossary]
    a = g.about
    out += ["", f"## {SECTION_TITLES['about']}", "", md(a.aim), ""]
    out += [f"Funding: {md(a.funding)}", "", f"Updates: {md(a.update_policy)}", ""]
    out += [f"{md(a.uncertainty)} {_md_cites(a, cites)}", "", "## Sources", ""]
    out.append(citations_md(cites, sort=False))
    return "\n".join(out) + "\n"
