"""The plain-language guide: dry needling vs acupuncture, settings, what to expect, safety,
evidence, a glossary, the decision-aid frame and the SURE check.

Content lives in ``data/guide.toml`` so that it can be reviewed, dated and tested (sources,
reading grade) apart from the code; every item names its sources by id from the one source
registry (:mod:`dnkit.sources`). This module loads it once, gives typed access, and renders it as
accessible HTML (real tables, headings, lists, terms explained where they appear) and as Markdown
for the printed plan; citations are drawn by :mod:`dnkit.render.citations`. Pure Python: no
Jupyter imports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from dnkit.render.citations import citations_html, citations_md, note_html, note_md
from dnkit.render.html import esc
from dnkit.render.markdown import md
from dnkit.sources import Citation, SourceDataError, cites, only_tier_c, tier_c_note

SURE_KEYS = ("sure", "informed", "values", "support")
SECTIONS = ("decision", "comparison", "settings", "expectations", "safety", "evidence", "glossary")


class GuideDataError(ValueError):
    """The guide data file is malformed; the message names the entry and what is wrong."""


class GuideInputError(ValueError):
    """Answers from a person (SURE check) are unusable; ``field`` names which one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


# ------------------------------------------------------------------------------------ shapes
@dataclass(frozen=True)
class Sourced:
    """Anything shown with its sources. ``confirmed`` False shows the UNCONFIRMED mark."""

    sources: tuple[Citation, ...]
    confirmed: bool = True
    unconfirmed_note: str = ""


@dataclass(frozen=True)
class ComparisonRow(Sourced):
    aspect: str = ""
    dry_needling: str = ""
    acupuncture: str = ""


@dataclass(frozen=True)
class Setting(Sourced):
    name: str = ""
    who: str = ""
    why: str = ""


@dataclass(frozen=True)
class Expectation(Sourced):
    step: str = ""
    text: str = ""


@dataclass(frozen=True)
class SideEffect(Sourced):
    name: str = ""
    text: str = ""  # the rate for minor events, a description for serious ones


@dataclass(frozen=True)
class SideEffects(Sourced):
    intro: str = ""
    rate_summary: str = ""
    caveat: str = ""
    minor: tuple[SideEffect, ...] = ()
    serious: tuple[SideEffect, ...] = ()


@dataclass(frozen=True)
class Precaution(Sourced):
    text: str = ""


@dataclass(frozen=True)
class Precautions:
    intro: str
    do_not: tuple[Precaution, ...]
    tell_first: tuple[Precaution, ...]


@dataclass(frozen=True)
class Finding(Sourced):
    topic: str = ""
    finding: str = ""
    certainty: str = ""


@dataclass(frozen=True)
class Term(Sourced):
    term: str = ""
    definition: str = ""


@dataclass(frozen=True)
class Option(Sourced):
    key: str = ""
    name: str = ""
    what_it_is_like: str = ""
    benefits: tuple[str, ...] = ()
    harms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValuePrompt:
    key: str
    prompt: str


@dataclass(frozen=True)
class DecisionFrame(Sourced):
    statement: str = ""
    condition: str = ""
    natural_course: str = ""
    steps: tuple[str, ...] = ()
    change_mind: str = ""
    options: tuple[Option, ...] = ()
    values: tuple[ValuePrompt, ...] = ()


@dataclass(frozen=True)
class About(Sourced):
    aim: str = ""
    funding: str = ""
    update_policy: str = ""
    uncertainty: str = ""


@dataclass(frozen=True)
class SureQuestion:
    key: str
    text: str
    if_no: str


@dataclass(frozen=True)
class SureResult:
    """Where a person stands on the SURE check; ``score`` counts yes answers so far."""

    score: int
    complete: bool
    message: str
    work_on: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    title: str
    last_reviewed: dt.date
    about: About
    decision: DecisionFrame
    sure_intro: str
    sure_messages: dict[str, str]
    sure_sources: tuple[Citation, ...]
    sure_questions: tuple[SureQuestion, ...]
    comparison_intro: str
    comparison_labels: tuple[str, str]
    comparison: tuple[ComparisonRow, ...]
    settings_intro: str
    settings_note: str
    settings_sources: tuple[Citation, ...]
    settings: tuple[Setting, ...]
    expectations: tuple[Expectation, ...]
    side_effects: SideEffects
    precautions: Precautions
    evidence_intro: str
    evidence: tuple[Finding, ...]
    glossary: tuple[Term, ...]
    sources: dict[str, Citation]


# ------------------------------------------------------------------------------------ parsing
def _text(entry: Mapping, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GuideDataError(f"{where}.{key}: needs a non-empty text")
    return value.strip()


def _texts(entry: Mapping, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key)
    if not isinstance(value, list) or not value:
        raise GuideDataError(f"{where}.{key}: needs a non-empty list of texts")
    return tuple(_text({key: v}, key, f"{where}[{i}]") for i, v in enumerate(value))


# A guide fact that rests only on commercial or consumer pages is not confirmed by a study or an
# official source; this is what dnkit says instead, in plain words.
_NOT_FROM = "a study or an official source"


def _sources(entry: Mapping, where: str, used: dict[str, Citation]) -> dict:
    """An item's sources from the registry (tier A and B first), and its UNCONFIRMED state."""
    keys = entry.get("sources")
    if not isinstance(keys, list) or not keys:
        raise GuideDataError(f"{where}.sources: every item needs at least one source")
    try:
        found = cites(keys)
    except SourceDataError as err:
        raise GuideDataError(f"{where}.sources: {err}") from None
    confirmed = entry.get("confirmed", True)
    if not isinstance(confirmed, bool):
        raise GuideDataError(f"{where}.confirmed: must be true or false")
    note = str(entry.get("unconfirmed_note", "")).strip()
    if only_tier_c(found):
        if confirmed:
            raise GuideDataError(
                f"{where}.confirmed: every source is a commercial or consumer page (tier C), "
                "so the item must say confirmed = false"
            )
        note = note or tier_c_note(found, _NOT_FROM)
    if not confirmed and not note:
        raise GuideDataError(f"{where}.unconfirmed_note: say what is UNCONFIRMED")
    for c in found:
        used.setdefault(c.id, c)
    return {"sources": found, "confirmed": confirmed, "unconfirmed_note": note}


def _table(raw: Mapping, key: str, where: str = "") -> Mapping:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise GuideDataError(f"{where}{key}: missing section")
    return value


def _list(raw: Mapping, key: str, where: str = "") -> list:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise GuideDataError(f"{where}{key}: needs a non-empty list")
    return value


def parse(raw: Mapping) -> Guide:
    """Check and convert the raw guide data; errors name the entry that is wrong."""
    known: dict[str, Citation] = {}  # every source the guide cites, by id, in order of use
    try:
        reviewed = dt.date.fromisoformat(str(raw.get("last_reviewed", "")))
    except ValueError as err:
        raise GuideDataError("last_reviewed: must be a date like 2026-12-03") from err

    about_raw = _table(raw, "about")
    about = About(
        aim=_text(about_raw, "aim", "about"),
        funding=_text(about_raw, "funding", "about"),
        update_policy=_text(about_raw, "update_policy", "about"),
        uncertainty=_text(about_raw, "uncertainty", "about"),
        **_sources(about_raw, "about", known),
    )

    d = _table(raw, "decision")
    options = []
    for i, o in enumerate(_list(d, "options", "decision.")):
        w = f"decision.options[{i}]"
        options.append(
            Option(
                key=_text(o, "key", w),
                name=_text(o, "name", w),
                what_it_is_like=_text(o, "what_it_is_like", w),
                benefits=_texts(o, "benefits", w),
                harms=_texts(o, "harms", w),
                **_sources(o, w, known),
            )
        )
    values = tuple(
        ValuePrompt(_text(v, "key", f"decision.values[{i}]"), _text(v, "prompt", "decision.values"))
        for i, v in enumerate(_list(d, "values", "decision."))
    )
    decision = DecisionFrame(
        statement=_text(d, "statement", "decision"),
        condition=_text(d, "condition", "decision"),
        natural_course=_text(d, "natural_course", "decision"),
        steps=_texts(d, "steps", "decision"),
        change_mind=_text(d, "change_mind", "decision"),
        options=tuple(options),
        values=values,
        **_sources(d, "decision", known),
    )

    s = _table(raw, "sure")
    questions = tuple(
        SureQuestion(
            _text(q, "key", f"sure.questions[{i}]"),
            _text(q, "text", f"sure.questions[{i}]"),
            _text(q, "if_no", f"sure.questions[{i}]"),
        )
        for i, q in enumerate(_list(s, "questions", "sure."))
    )
    if tuple(q.key for q in questions) != SURE_KEYS:
        raise GuideDataError(f"sure.questions: keys must be {', '.join(SURE_KEYS)} in that order")

    c = _table(raw, "comparison")
    rows = tuple(
        ComparisonRow(
            aspect=_text(r, "aspect", f"comparison.rows[{i}]"),
            dry_needling=_text(r, "dry_needling", f"comparison.rows[{i}]"),
            acupuncture=_text(r, "acupuncture", f"comparison.rows[{i}]"),
            **_sources(r, f"comparison.rows[{i}]", known),
        )
        for i, r in enumerate(_list(c, "rows", "comparison."))
    )

    st = _table(raw, "settings")
    settings = tuple(
        Setting(
            name=_text(x, "name", f"settings.items[{i}]"),
            who=_text(x, "who", f"settings.items[{i}]"),
            why=_text(x, "why", f"settings.items[{i}]"),
            **_sources(x, f"settings.items[{i}]", known),
        )
        for i, x in enumerate(_list(st, "items", "settings."))
    )

    expectations = tuple(
        Expectation(
            step=_text(x, "step", f"expectations[{i}]"),
            text=_text(x, "text", f"expectations[{i}]"),
            **_sources(x, f"expectations[{i}]", known),
        )
        for i, x in enumerate(_list(raw, "expectations"))
    )

    se = _table(raw, "side_effects")

    def effects(kind: str, field: str) -> tuple[SideEffect, ...]:
        return tuple(
            SideEffect(
                name=_text(x, "name", f"side_effects.{kind}[{i}]"),
                text=_text(x, field, f"side_effects.{kind}[{i}]"),
                **_sources(x, f"side_effects.{kind}[{i}]", known),
            )
            for i, x in enumerate(_list(se, kind, "side_effects."))
        )

    side_effects = SideEffects(
        intro=_text(se, "intro", "side_effects"),
        rate_summary=_text(se, "rate_summary", "side_effects"),
        caveat=_text(se, "caveat", "side_effects"),
        minor=effects("minor", "rate"),
        serious=effects("serious", "text"),
        **_sources(se, "side_effects", known),
    )

    pr = _table(raw, "precautions")

    def cautions(kind: str) -> tuple[Precaution, ...]:
        return tuple(
            Precaution(
                text=_text(x, "text", f"precautions.{kind}[{i}]"),
                **_sources(x, f"precautions.{kind}[{i}]", known),
            )
            for i, x in enumerate(_list(pr, kind, "precautions."))
        )

    precautions = Precautions(
        _text(pr, "intro", "precautions"), cautions("do_not"), cautions("tell_first")
    )

    ev = _table(raw, "evidence")
    evidence = tuple(
        Finding(
            topic=_text(x, "topic", f"evidence.items[{i}]"),
            finding=_text(x, "finding", f"evidence.items[{i}]"),
            certainty=_text(x, "certainty", f"evidence.items[{i}]"),
            **_sources(x, f"evidence.items[{i}]", known),
        )
        for i, x in enumerate(_list(ev, "items", "evidence."))
    )

    glossary = tuple(
        Term(
            term=_text(x, "term", f"glossary[{i}]"),
            definition=_text(x, "definition", f"glossary[{i}]"),
            **_sources(x, f"glossary[{i}]", known),
        )
        for i, x in enumerate(_list(raw, "glossary"))
    )
    seen: set[str] = set()
    for t in glossary:
        if t.term.lower() in seen:
            raise GuideDataError(f"glossary: term {t.term!r} appears twice")
        seen.add(t.term.lower())

    return Guide(
        title=_text(raw, "title", "guide"),
        last_reviewed=reviewed,
        about=about,
        decision=decision,
        sure_intro=_text(s, "intro", "sure"),
        sure_messages={k: _text(s, k, "sure") for k in ("low_conflict", "talk_more", "incomplete")},
        sure_sources=_sources(s, "sure", known)["sources"],
        sure_questions=questions,
        comparison_intro=_text(c, "intro", "comparison"),
        comparison_labels=(
            _text(c, "dry_needling_label", "comparison"),
            _text(c, "acupuncture_label", "comparison"),
        ),
        comparison=rows,
        settings_intro=_text(st, "intro", "settings"),
        settings_note=_text(st, "note", "settings"),
        settings_sources=_sources(st, "settings", known)["sources"],
        settings=settings,
        expectations=expectations,
        side_effects=side_effects,
        precautions=precautions,
        evidence_intro=_text(ev, "intro", "evidence"),
        evidence=evidence,
        glossary=glossary,
        sources=known,
    )


@cache
def load() -> Guide:
    """The packaged guide, read and checked once per process."""
    text = (files("dnkit") / "data" / "guide.toml").read_text("utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise GuideDataError(f"data/guide.toml: {err}") from err
    return parse(raw)


# ------------------------------------------------------------------------------------ access
def comparison() -> tuple[ComparisonRow, ...]:
    return load().comparison


def settings() -> tuple[Setting, ...]:
    return load().settings


def expectations() -> tuple[Expectation, ...]:
    return load().expectations


def side_effects() -> SideEffects:
    return load().side_effects


def precautions() -> Precautions:
    return load().precautions


def evidence() -> tuple[Finding, ...]:
    return load().evidence


def glossary() -> tuple[Term, ...]:
    return load().glossary


def sure_questions() -> tuple[SureQuestion, ...]:
    return load().sure_questions


def decision_frame() -> DecisionFrame:
    return load().decision


def about() -> About:
    return load().about


def last_reviewed() -> dt.date:
    return load().last_reviewed


def user_texts(guide: Guide | None = None) -> Iterator[tuple[str, str]]:
    """Every text a person reads, as ``(where, text)``: what the reading-grade test checks.

    Source titles are left out: they are names of other people's works, shown as cited.
    """
    g = guide or load()
    yield "title", g.title
    for f in ("aim", "funding", "update_policy", "uncertainty"):
        yield f"about.{f}", getattr(g.about, f)
    d = g.decision
    for f in ("statement", "condition", "natural_course", "change_mind"):
        yield f"decision.{f}", getattr(d, f)
    for i, step in enumerate(d.steps):
        yield f"decision.steps[{i}]", step
    for o in d.options:
        yield f"decision.options.{o.key}.name", o.name
        yield f"decision.options.{o.key}.what_it_is_like", o.what_it_is_like
        for kind in ("benefits", "harms"):
            for i, t in enumerate(getattr(o, kind)):
                yield f"decision.options.{o.key}.{kind}[{i}]", t
        yield from _note(f"decision.options.{o.key}", o)
    for v in d.values:
        yield f"decision.values.{v.key}", v.prompt
    yield "sure.intro", g.sure_intro
    for k, t in g.sure_messages.items():
        yield f"sure.{k}", t
    for q in g.sure_questions:
        yield f"sure.{q.key}.text", q.text
        yield f"sure.{q.key}.if_no", q.if_no
    yield "comparison.intro", g.comparison_intro
    for r in g.comparison:
        yield f"comparison[{r.aspect}].aspect", r.aspect
        yield f"comparison[{r.aspect}].dry_needling", r.dry_needling
        yield f"comparison[{r.aspect}].acupuncture", r.acupuncture
        yield from _note(f"comparison[{r.aspect}]", r)
    yield "settings.intro", g.settings_intro
    yield "settings.note", g.settings_note
    for s in g.settings:
        for f in ("name", "who", "why"):
            yield f"settings[{s.name}].{f}", getattr(s, f)
        yield from _note(f"settings[{s.name}]", s)
    for e in g.expectations:
        yield f"expectations[{e.step}].step", e.step
        yield f"expectations[{e.step}].text", e.text
        yield from _note(f"expectations[{e.step}]", e)
    se = g.side_effects
    for f in ("intro", "rate_summary", "caveat"):
        yield f"side_effects.{f}", getattr(se, f)
    for kind in ("minor", "serious"):
        for x in getattr(se, kind):
            yield f"side_effects.{kind}[{x.name}].name", x.name
            yield f"side_effects.{kind}[{x.name}].text", x.text
            yield from _note(f"side_effects.{kind}[{x.name}]", x)
    yield "precautions.intro", g.precautions.intro
    for kind in ("do_not", "tell_first"):
        for i, p in enumerate(getattr(g.precautions, kind)):
            yield f"precautions.{kind}[{i}]", p.text
            yield from _note(f"precautions.{kind}[{i}]", p)
    yield "evidence.intro", g.evidence_intro
    for x in g.evidence:
        for f in ("topic", "finding", "certainty"):
            yield f"evidence[{x.topic}].{f}", getattr(x, f)
        yield from _note(f"evidence[{x.topic}]", x)
    for t in g.glossary:
        yield f"glossary[{t.term}].definition", t.definition
        yield from _note(f"glossary[{t.term}]", t)
    for field in dataclasses.fields(TEXTS):
        yield f"guide.texts.{field.name}", getattr(TEXTS, field.name)


def _note(where: str, item: Sourced) -> Iterator[tuple[str, str]]:
    if item.unconfirmed_note:
        yield f"{where}.unconfirmed_note", item.unconfirmed_note


# ------------------------------------------------------------------------------------ SURE
def _answer(key: str, value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower() == "yes"
    raise GuideInputError(f"sure.{key}", f"answer must be yes or no, got {value!r}")


def parse_sure_answers(answers: Mapping[str, object]) -> dict[str, bool | None]:
    """Check SURE answers (True/False, "yes"/"no" or None per question) from any source."""
    if not isinstance(answers, Mapping):
        raise GuideInputError("sure", f"answers must be a mapping, got {type(answers).__name__}")
    unknown = sorted(set(answers) - set(SURE_KEYS))
    if unknown:
        raise GuideInputError(f"sure.{unknown[0]}", f"not a SURE question ({', '.join(SURE_KEYS)})")
    return {k: _answer(k, answers.get(k)) for k in SURE_KEYS}


def sure_result(answers: Mapping[str, object]) -> SureResult:
    """Score the SURE check as far as it is answered (yes = 1 point; 4 = low conflict)."""
    parsed = parse_sure_answers(answers)
    g = load()
    score = sum(1 for v in parsed.values() if v)
    if any(v is None for v in parsed.values()):
        return SureResult(score, False, g.sure_messages["incomplete"], ())
    work_on = tuple(q.if_no for q in g.sure_questions if parsed[q.key] is False)
    key = "low_conflict" if score == len(SURE_KEYS) else "talk_more"
    return SureResult(score, True, f"Your score: {score} out of 4. {g.sure_messages[key]}", work_on)


def score_sure(answers: Mapping[str, object]) -> tuple[int, str]:
    """Score a fully answered SURE check: ``(score, message)``; 4 means low decisional conflict."""
    result = sure_result(answers)
    if not result.complete:
        missing = [k for k in SURE_KEYS if answers.get(k) is None]
        raise GuideInputError(f"sure.{missing[0]}", "not answered yet")
    return result.score, result.message


# ------------------------------------------------------------------------------------ HTML
@dataclass(frozen=True)
class GuideTexts:
    """The guide's own headings and labels, each named for where it is shown."""

    terms_in_section: str = "Words in this section"
    good_points: str = "Good points"
    bad_points: str = "Bad points"
    what_it_is_like: str = "What it is like"
    who_does_it: str = "Who does it there"
    why_it_suits: str = "Why it suits"
    how_often: str = "How often"
    serious_harms: str = "Serious harms to know about"
    do_not_have_if: str = "Do not have dry needling if"
    tell_first_if: str = "Tell the provider first if"
    how_sure: str = "How sure we are"


TEXTS = GuideTexts()
SECTION_TITLES = {
    "decision": "Your choice",
    "comparison": "Dry needling and acupuncture side by side",
    "settings": "Where dry needling is offered",
    "expectations": "What to expect",
    "safety": "Side effects and safety",
    "evidence": "What the research says",
    "glossary": "Words to know",
    "about": "About this guide",
}


class _Section:
    """Collects numbered sources and the glossary terms used while one section is rendered."""

    def __init__(self, key: str, explain: bool = True) -> None:
        self.key = key
        self.cites: list[Citation] = []
        self.terms: dict[str, Term] = {}
        self.explain = explain

    def cite(self, item: Sourced | tuple[Citation, ...]) -> str:
        sources = item if isinstance(item, tuple) else item.sources
        nums = []
        for c in sources:
            if c not in self.cites:
                self.cites.append(c)
            nums.append(str(self.cites.index(c) + 1))
        mark = ""
        if isinstance(item, Sourced) and not item.confirmed:
            mark = note_html(item.unconfirmed_note)
        label = "Source" if len(nums) == 1 else "Sources"
        return f'{mark} <span class="dn-cite">({label} {", ".join(nums)})</span>'

    def text(self, value: str) -> str:
        return explain_terms(value, self.terms) if self.explain else esc(value)

    def footer(self) -> str:
        out = ""
        if self.terms:
            items = "".join(
                f"<dt>{esc(t.term)}</dt><dd>{esc(t.definition)}</dd>" for t in self.terms.values()
            )
            out += (
                f'<details class="dn-terms"><summary>{esc(TEXTS.terms_in_section)}</summary>'
                f"<dl>{items}</dl></details>"
            )
        if self.cites:
            out += sources_html(self.cites, f"dn-src-{self.key}")
        return out


def _term_pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    names = sorted((t.term for t in terms), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w-])({alt})(?:s|es)?(?![\w-])", re.IGNORECASE)


@cache
def _terms_index() -> tuple[re.Pattern[str], dict[str, Term]]:
    terms = glossary()
    return _term_pattern(terms), {t.term.lower(): t for t in terms}


def explain_terms(text: str, seen: dict[str, Term] | None = None) -> str:
    """Escape ``text`` and explain each glossary term at its first use in a section.

    The term gets an ``<abbr title>`` (a tooltip on hover); ``seen`` collects the terms so that
    the section can also list them in a ``<details>`` note that works by keyboard and on touch.
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


def sources_html(cites: list[Citation] | tuple[Citation, ...], css_id: str = "") -> str:
    """A numbered list of sources in the order their numbers were given in the text."""
    return citations_html(cites, css_id=css_id, sort=False)


def _heading(key: str, level: int) -> str:
    return f'<h{level} id="dn-learn-{key}">{esc(SECTION_TITLES[key])}</h{level}>'


def _wrap(key: str, body: str, sec: _Section, level: int) -> str:
    return (
        f'<section class="dn-guide-section dn-guide-{key}" aria-labelledby="dn-learn-{key}">'
        f"{_heading(key, level)}{body}{sec.footer()}</section>"
    )


def _ul(items: list[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def decision_html(level: int = 3) -> str:
    g, sec = load(), _Section("decision")
    d = g.decision
    parts = [
        f'<p class="dn-decision"><strong>{sec.text(d.statement)}</strong></p>',
        f"<p>{sec.text(d.condition)}{sec.cite(d)}</p>",
        f"<p>{sec.text(d.natural_course)}</p>",
        "<ol>" + "".join(f"<li>{sec.text(s)}</li>" for s in d.steps) + "</ol>",
    ]
    for o in d.options:
        parts.append(
            f'<div class="dn-option dn-option-{esc(o.key)}">'
            f"<h{level + 1}>{esc(o.name)}</h{level + 1}>"
            f"<p><strong>{esc(TEXTS.what_it_is_like)}:</strong> {sec.text(o.what_it_is_like)}</p>"
            f'<div class="dn-pros-cons"><div><h{level + 2}>{esc(TEXTS.good_points)}</h{level + 2}>'
            + _ul([sec.text(b) for b in o.benefits], "dn-benefits")
            + f"</div><div><h{level + 2}>{esc(TEXTS.bad_points)}</h{level + 2}>"
            + _ul([sec.text(h) for h in o.harms], "dn-harms")
            + f"</div></div><p>{sec.cite(o).strip()}</p></div>"
        )
    parts.append(f"<p>{sec.text(d.change_mind)}</p>")
    return _wrap("decision", "".join(parts), sec, level)


def comparison_html(level: int = 3) -> str:
    """The side-by-side table: a caption, column headers and a row header per aspect."""
    g, sec = load(), _Section("comparison")
    dn, acu = g.comparison_labels
    intro = f"<p>{sec.text(g.comparison_intro)}</p>"  # first, so its terms are listed first
    head = (
        f'<th scope="col">Topic</th><th scope="col">{esc(dn)}</th>'
        f'<th scope="col">{esc(acu)}</th><th scope="col">Sources</th>'
    )
    rows = "".join(
        f'<tr><th scope="row">{esc(r.aspect)}</th><td>{sec.text(r.dry_needling)}</td>'
        f"<td>{sec.text(r.acupuncture)}</td><td>{sec.cite(r).strip()}</td></tr>"
        for r in g.comparison
    )
    table = (
        f'<div class="dn-table-wrap"><table class="dn-table dn-compare"><caption>'
        f"{esc(SECTION_TITLES['comparison'])}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
    return _wrap("comparison", intro + table, sec, level)


def settings_html(level: int = 3) -> str:
    g, sec = load(), _Section("settings")
    items = [
        f"<h{level + 1}>{esc(s.name)}</h{level + 1}>"
        f"<p><strong>{esc(TEXTS.who_does_it)}:</strong> {sec.text(s.who)}</p>"
        f"<p><strong>{esc(TEXTS.why_it_suits)}:</strong> {sec.text(s.why)}{sec.cite(s)}</p>"
        for s in g.settings
    ]
    body = (
        f"<p>{sec.text(g.settings_intro)}{sec.cite(g.settings_sources)}</p>"
        + "".join(items)
        + f'<p class="dn-note">{sec.text(g.settings_note)}</p>'
    )
    return _wrap("settings", body, sec, level)


def expectations_html(level: int = 3) -> str:
    g, sec = load(), _Section("expectations")
    body = "".join(
        f"<h{level + 1}>{esc(e.step)}</h{level + 1}><p>{sec.text(e.text)}{sec.cite(e)}</p>"
        for e in g.expectations
    )
    return _wrap("expectations", body, sec, level)


def safety_html(level: int = 3) -> str:
    """Side effects with their rates, the serious ones, and who should not have it."""
    g, sec = load(), _Section("safety")
    se, pr = g.side_effects, g.precautions
    minor = "".join(
        f'<tr><th scope="row">{esc(x.name)}</th><td>{sec.text(x.text)}</td>'
        f"<td>{sec.cite(x).strip()}</td></tr>"
        for x in se.minor
    )
    table = (
        '<div class="dn-table-wrap"><table class="dn-table dn-side-effects"><caption>Minor side '
        'effects and how often they happen</caption><thead><tr><th scope="col">Side effect</th>'
        f'<th scope="col">{esc(TEXTS.how_often)}</th><th scope="col">Sources</th></tr></thead>'
        f"<tbody>{minor}</tbody></table></div>"
    )
    serious = _ul(
        [f"<strong>{esc(x.name)}.</strong> {sec.text(x.text)}{sec.cite(x)}" for x in se.serious]
    )
    body = (
        f"<p>{sec.text(se.intro)}</p><p><strong>{sec.text(se.rate_summary)}</strong>"
        f"{sec.cite(se)}</p><p>{sec.text(se.caveat)}</p>{table}"
        f"<h{level + 1}>{esc(TEXTS.serious_harms)}</h{level + 1}>{serious}"
        f"<p>{sec.text(pr.intro)}</p>"
        f"<h{level + 1}>{esc(TEXTS.do_not_have_if)}</h{level + 1}>"
        + _ul([f"{sec.text(p.text)}{sec.cite(p)}" for p in pr.do_not])
        + f"<h{level + 1}>{esc(TEXTS.tell_first_if)}</h{level + 1}>"
        + _ul([f"{sec.text(p.text)}{sec.cite(p)}" for p in pr.tell_first])
    )
    return _wrap("safety", body, sec, level)


def evidence_html(level: int = 3) -> str:
    g, sec = load(), _Section("evidence")
    items = [
        f"<strong>{esc(x.topic)}.</strong> {sec.text(x.finding)} "
        f"<em>{esc(TEXTS.how_sure)}:</em> {sec.text(x.certainty)}{sec.cite(x)}"
        for x in g.evidence
    ]
    body = f"<p>{sec.text(g.evidence_intro)}</p>{_ul(items)}"
    return _wrap("evidence", body, sec, level)


def glossary_html(level: int = 3) -> str:
    g, sec = load(), _Section("glossary", explain=False)
    items = "".join(
        f'<dt id="dn-term-{esc(re.sub(r"[^a-z0-9]+", "-", t.term.lower()))}">{esc(t.term)}</dt>'
        f"<dd>{esc(t.definition)}{sec.cite(t)}</dd>"
        for t in g.glossary
    )
    return _wrap("glossary", f'<dl class="dn-glossary">{items}</dl>', sec, level)


def about_html(level: int = 3) -> str:
    """Aim, funding, update policy, uncertainty and the review date (IPDAS certifying items)."""
    g, sec = load(), _Section("about", explain=False)
    a = g.about
    body = (
        f"<p>{esc(a.aim)}</p>"
        f'<p class="dn-funding"><strong>Funding:</strong> {esc(a.funding)}</p>'
        f'<p class="dn-update-policy"><strong>Updates:</strong> {esc(a.update_policy)}</p>'
        f"<p>{esc(a.uncertainty)}{sec.cite(a)}</p>"
    )
    return _wrap("about", body, sec, level)


def notice_html() -> str:
    """The statement every view carries: not medical advice, and when content was reviewed."""
    from dnkit.render.notice import notice_html as note

    return note(reviewed_text())


def reviewed_text() -> str:
    d = last_reviewed()
    return f"This guide was last reviewed on {d.strftime('%B')} {d.day}, {d.year}."


RENDERERS = {
    "decision": decision_html,
    "comparison": comparison_html,
    "settings": settings_html,
    "expectations": expectations_html,
    "safety": safety_html,
    "evidence": evidence_html,
    "glossary": glossary_html,
    "about": about_html,
}


def section_html(key: str, level: int = 3) -> str:
    if key not in RENDERERS:
        raise KeyError(f"no guide section {key!r}; choose from {', '.join(RENDERERS)}")
    return RENDERERS[key](level)


def guide_html(level: int = 2) -> str:
    """The whole guide as one accessible HTML fragment (no scripts, no images)."""
    g = load()
    body = "".join(section_html(k, level + 1) for k in (*SECTIONS, "about"))
    return (
        f'<article class="dn-guide"><h{level}>{esc(g.title)}</h{level}>{notice_html()}'
        f"{body}</article>"
    )


# ------------------------------------------------------------------------------------ Markdown
def _md_cites(item: Sourced | tuple[Citation, ...], cites: list[Citation]) -> str:
    """'[1, 2]' for the item's sources, after the UNCONFIRMED mark when the item has one."""
    sources = item if isinstance(item, tuple) else item.sources
    nums = []
    for c in sources:
        if c not in cites:
            cites.append(c)
        nums.append(str(cites.index(c) + 1))
    mark = _md_mark(item).strip() + " " if isinstance(item, Sourced) else ""
    return f"{mark}[{', '.join(nums)}]"


def _md_mark(item: Sourced) -> str:
    return "" if item.confirmed else note_md(item.unconfirmed_note)


def guide_markdown() -> str:
    """The guide as Markdown for the printed plan: same content, sources numbered at the end."""
    g = load()
    cites: list[Citation] = []
    from dnkit.render.notice import notice_markdown

    out = [f"# {md(g.title)}", "", notice_markdown(reviewed_text()), ""]
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
    out += [f"- **{md(e.step)}.** {md(e.text)} {_md_cites(e, cites)}" for e in g.expectations] + [
        ""
    ]
    se, pr = g.side_effects, g.precautions
    out += [f"## {SECTION_TITLES['safety']}", "", md(se.intro), ""]
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
