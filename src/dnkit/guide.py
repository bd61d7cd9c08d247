"""The plain-language guide: dry needling vs acupuncture, settings, what to expect, safety,
evidence, a glossary, the decision-aid frame, its short summary and the SURE check.

Content lives in ``data/guide.toml`` so that it can be reviewed, dated and tested (sources,
reading grade) apart from the code; every item names its sources by id from the one source
registry (:mod:`dnkit.sources`). This module loads it once, checks it, gives typed access and
scores the SURE check; how the guide looks as HTML or Markdown is the job of
:mod:`dnkit.render.guide`. Pure Python: no Jupyter imports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from dnkit.errors import InputError
from dnkit.sources import Citation, SourceDataError, cites, only_tier_c, tier_c_note

SURE_KEYS = ("sure", "informed", "values", "support")
SECTIONS = ("decision", "comparison", "settings", "expectations", "safety", "evidence", "glossary")
# Every part of the guide, in the order it is shown: the sections, then "About this guide".
PARTS = (*SECTIONS, "about")


class GuideDataError(ValueError):
    """The guide data file is malformed; the message names the entry and what is wrong."""


class GuideInputError(InputError):
    """Answers from a person (SURE check) are unusable; ``field`` names which one."""


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
class SummaryPoint(Sourced):
    """One point of the short summary: a few sentences that stand for one part of the guide."""

    part: str = ""
    text: str = ""


@dataclass(frozen=True)
class Summary:
    """What the Learn step shows first: the guide in short, each point linked to its part."""

    intro: str
    points: tuple[SummaryPoint, ...]


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
    summary: Summary
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
    summary = _summary(raw, known)
    seen: set[str] = set()
    for t in glossary:
        if t.term.lower() in seen:
            raise GuideDataError(f"glossary: term {t.term!r} appears twice")
        seen.add(t.term.lower())

    return Guide(
        title=_text(raw, "title", "guide"),
        last_reviewed=reviewed,
        about=about,
        summary=summary,
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


def _summary(raw: Mapping, known: dict[str, Citation]) -> Summary:
    """The short summary: one point per part at most, each naming the part it stands for."""
    sm = _table(raw, "summary")
    points, parts = [], set()
    for i, x in enumerate(_list(sm, "points", "summary.")):
        w = f"summary.points[{i}]"
        part = _text(x, "part", w)
        if part not in PARTS:
            raise GuideDataError(f"{w}.part: {part!r} is not a part ({', '.join(PARTS)})")
        if part in parts:
            raise GuideDataError(f"{w}.part: {part!r} has a point already")
        parts.add(part)
        points.append(SummaryPoint(part=part, text=_text(x, "text", w), **_sources(x, w, known)))
    order = [PARTS.index(p.part) for p in points]
    if order != sorted(order):
        raise GuideDataError(f"summary.points: keep the order of the parts ({', '.join(PARTS)})")
    return Summary(_text(sm, "intro", "summary"), tuple(points))


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


def summary() -> Summary:
    return load().summary


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
    yield "summary.intro", g.summary.intro
    for p in g.summary.points:
        yield f"summary.points[{p.part}].text", p.text
        yield from _note(f"summary.points[{p.part}]", p)
    for key, title in SECTION_TITLES.items():
        yield f"guide.section_titles.{key}", title
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


# ------------------------------------------------------------------------------------ labels
@dataclass(frozen=True)
class GuideTexts:
    """The guide's own headings and labels, each named for where it is shown (the renderers in
    :mod:`dnkit.render.guide` use them; the reading-grade test reads them here)."""

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
    summary_heading: str = "In short"
    also_in_guide: str = "Also in this guide"
    sources_for_part: str = "Sources for this part"
    back_to_summary: str = "Back to the summary"
    parts_label: str = "Parts of this guide"
    parts_hint: str = "Tap or click a part to open it."


TEXTS = GuideTexts()
SECTION_TITLES = {
    "decision": "Your choice",
    "comparison": "Dry needling and acupuncture",
    "settings": "Where dry needling is offered",
    "expectations": "What to expect",
    "safety": "Side effects and safety",
    "evidence": "What the research says",
    "glossary": "Words to know",
    "about": "About this guide",
}


def reviewed_text() -> str:
    """When the guide was last checked, as a sentence for the notes that carry it."""
    d = last_reviewed()
    return f"This guide was last reviewed on {d.strftime('%B')} {d.day}, {d.year}."
