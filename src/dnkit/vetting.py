"""Vetting: does this provider meet the rules and good practice where the patient is treated?

``assess(provider, jurisdiction)`` runs one check per criterion and returns a finding for each,
with a plain message, the question to ask next when the answer is not known, and the source of
the rule or fact behind it. State rules come from :mod:`dnkit.regulation`; every other number is
in ``data/vetting_thresholds.toml`` with its source (see :func:`thresholds`).

Finding status: ``ok``, ``caution``, ``fail`` or ``unknown``. The verdict, worst first
(``VERDICT_ORDER``):

* ``does_not_meet`` - any finding failed;
* ``incomplete`` - else a critical answer is unknown (``CRITICAL``: the state allows the
  profession, dry needling training, sterile single-use needles), or more than
  ``max_unknowns`` answers are unknown;
* ``caution`` - else any finding is caution or unknown;
* ``meets`` - every finding is ok.

Below a state minimum fails; below an UNCONFIRMED state minimum is only a caution, because the
research could not confirm the number. A finding about the state rule cites that state's own
sources; a general check cites national guidance, and where its number is dnkit's own guide and
not a law, the message says so. Not medical advice: dnkit checks what the patient was told.

The checks are one table, :data:`CHECKS`: each record names its criterion, its plain label, the
function that judges it, and whether it rests on the state rule (so it cites the rule and is
skipped where the profession may not dry needle) and whether an unknown answer is critical.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from dnkit.providers import Answer, Provider
from dnkit.questions import question
from dnkit.regulation import (
    PROFESSIONS,
    Rule,
    normalize_jurisdiction,
    others_allowed,
    rule_for,
)
from dnkit.render.citations import mark_text
from dnkit.sources import Citation, cite

Verdict = Literal["meets", "caution", "does_not_meet", "incomplete"]
FindingStatus = Literal["ok", "caution", "fail", "unknown"]

VERDICT_ORDER: tuple[Verdict, ...] = ("does_not_meet", "incomplete", "caution", "meets")
VERDICT_LABELS: dict[str, str] = {
    "meets": "Meets the checks",
    "caution": "Ask before you book",
    "does_not_meet": "Does not meet the checks",
    "incomplete": "Not enough known yet",
}


@dataclass(frozen=True)
class Finding:
    criterion: str
    status: FindingStatus
    message: str
    ask: str | None = None
    source: Citation | None = None

    @property
    def label(self) -> str:
        return CRITERIA.get(self.criterion, self.criterion)

    def to_dict(self) -> dict[str, Any]:
        source = None
        if self.source is not None:
            source = self.source.to_dict() | {"label": self.source.label()}
        return {
            "criterion": self.criterion,
            "label": self.label,
            "status": self.status,
            "message": self.message,
            "ask": self.ask,
            "source": source,
        }


@dataclass(frozen=True)
class Assessment:
    provider: Provider
    jurisdiction: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    rule: Rule
    summary: str

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    def finding(self, criterion: str) -> Finding | None:
        return next((f for f in self.findings if f.criterion == criterion), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the verdict and every finding with its source, for scripts."""
        return {
            "provider": self.provider.name,
            "profession": self.provider.profession,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_name": self.rule.jurisdiction_name,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
            "rule": self.rule.to_dict(),
        }


ThresholdKind = Literal["guidance", "dnkit_choice"]


@dataclass(frozen=True)
class Threshold:
    """One number used by the checks, what it means, and where it comes from.

    ``kind`` says what the number is: ``guidance`` (from national guidance, never from one
    state's rule) or ``dnkit_choice`` (dnkit's own guide, not a law; the texts say so).
    ``source`` is the national guidance behind the check, or None when there is none.
    """

    name: str
    value: float
    meaning: str
    kind: ThresholdKind
    source: Citation | None


@cache
def thresholds() -> dict[str, Threshold]:
    """The numbers in ``data/vetting_thresholds.toml``, each with its kind and source."""
    raw = tomllib.loads((files("dnkit") / "data" / "vetting_thresholds.toml").read_text("utf-8"))
    out = {}
    for name, item in raw.items():
        kind = item.get("kind")
        if kind not in ("guidance", "dnkit_choice"):
            raise ValueError(
                f"vetting_thresholds.toml [{name}]: kind must be guidance or dnkit_choice"
            )
        if kind == "guidance" and "source" not in item:
            raise ValueError(f"vetting_thresholds.toml [{name}]: guidance needs a source")
        out[name] = Threshold(
            name=name,
            value=float(item["value"]),
            meaning=str(item["meaning"]),
            kind=kind,
            source=cite(item["source"]) if "source" in item else None,
        )
    return out


def verdict_rank(verdict: Verdict) -> int:
    """0 for the worst verdict (does_not_meet) up to 3 for meets."""
    return VERDICT_ORDER.index(verdict)


def verdict_for(findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
    """The verdict rule in the module docstring."""
    statuses = [f.status for f in findings]
    if "fail" in statuses:
        return "does_not_meet"
    unknown = [f for f in findings if f.status == "unknown"]
    if any(f.criterion in CRITICAL for f in unknown) or len(unknown) > _t("max_unknowns"):
        return "incomplete"
    if unknown or "caution" in statuses:
        return "caution"
    return "meets"


# ----------------------------------------------------------------------------- helpers


def _t(name: str) -> float:
    return thresholds()[name].value


def _ask(question_id: str) -> str:
    return question(question_id).question


def _qsource(question_id: str) -> Citation:
    return question(question_id).source


def _n(x: float) -> str:
    return f"{x:g}"


def _who(profession: str) -> str:
    if profession == "other":
        return "this kind of provider"
    name = PROFESSIONS[profession]
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _rule_source(rule: Rule, field: str = "") -> Citation | None:
    """The patient's own state rule as the source: its best source (tier A or B first), or,
    for a figure that comes only from a commercial summary, that summary. Marked UNCONFIRMED
    when ``field`` of the rule is unconfirmed."""
    if not rule.sources:
        return None
    source = rule.sources[0]
    if field and rule.unconfirmed_note(field):
        source = next((c for c in rule.sources if c.tier == "C"), source)
    return source.unconfirmed() if field and field in rule.unconfirmed else source


def _mark(rule: Rule, field: str) -> str:
    return mark_text(field not in rule.unconfirmed)


def _why_unconfirmed(rule: Rule, field: str) -> str:
    """Plain words on why a rule's figure is UNCONFIRMED (where it comes from), or ''."""
    note = rule.unconfirmed_note(field)
    return f" {note}" if note else ""


def _answer(
    criterion: str,
    value: Answer,
    *,
    yes: str,
    no: str,
    unknown: str,
    no_status: FindingStatus,
    question_id: str,
    source: Citation | None,
) -> Finding:
    if value is Answer.YES:
        return Finding(criterion, "ok", yes, None, source)
    if value is Answer.NO:
        return Finding(criterion, no_status, no, _ask(question_id), source)
    return Finding(criterion, "unknown", unknown, _ask(question_id), source)


def _training_hours(p: Provider) -> float | None:
    """Total hours, counting in-person hours when only those are known."""
    known = [h for h in (p.dn_hours_total, p.dn_hours_in_person) if h is not None]
    return max(known) if known else None


# ----------------------------------------------------------------------------- criteria


def _profession(p: Provider, rule: Rule) -> Finding:
    if p.profession == "other":
        return Finding(
            "profession",
            "caution",
            "We do not know which license they hold, so the state rules cannot be checked. "
            "Ask what license they have.",
            _ask("license"),
            None,
        )
    return Finding("profession", "ok", f"Holds a license as {_who(p.profession)}.", None, None)


def _others(rule: Rule) -> str:
    """Who else may dry needle in this place, where the research says so."""
    sure, unsure = [], []
    for other in others_allowed(rule.jurisdiction, rule.profession):
        (unsure if "status" in other.unconfirmed else sure).append(_who(other.profession))
    out = ""
    if sure:
        out += f" In {rule.jurisdiction_name}, {_or(sure)} may dry needle."
    if unsure:
        out += f" Sources we could not confirm say {_or(unsure)} may."
    return out


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _state_permission(p: Provider, rule: Rule) -> Finding:
    place, who, mark = rule.jurisdiction_name, _who(p.profession), _mark(rule, "status")
    source = _rule_source(rule, "status")
    if rule.status == "allowed":
        if "status" in rule.unconfirmed:
            why = rule.tier_note or "The research could not confirm it."
            message = f"{place} seems to let {who} dry needle{mark}. {why} Ask the state board."
            return Finding("state_permission", "caution", message, _ask("license"), source)
        return Finding("state_permission", "ok", f"{place} lets {who} dry needle.", None, source)
    if rule.status == "prohibited":
        message = (
            f"In {place}, dry needling is outside the license of {who}{mark}. Do not book "
            "dry needling with them there. If you are not sure, ask the state board."
            f"{_others(rule)}"
        )
        return Finding("state_permission", "fail", message, None, source)
    if rule.status == "pending":
        message = (
            f"{place} has a new law for {who}, but the rules that put it in place are not ready"
            f"{mark}. Until then, they may not dry needle there.{_others(rule)}"
        )
        return Finding("state_permission", "fail", message, None, source)
    if rule.status == "not_addressed":
        message = (
            f"{place}'s law is silent on dry needling by {who}{mark}. No rule allows it and "
            "none forbids it. That is not permission, so ask the state board before you book."
        )
        return Finding("state_permission", "caution", message, _ask("license"), source)
    message = (
        f"We found no rule on dry needling by {who} in {place}. Ask the state board before "
        "you book."
    )
    return Finding("state_permission", "unknown", message, _ask("license"), source)


def _license_state(p: Provider, rule: Rule) -> Finding | None:
    if p.license_state is None:
        return None
    if p.license_state == rule.jurisdiction:
        return Finding("license_state", "ok", "Their license is from this state.", None, None)
    message = (
        f"Their license is from {p.license_state}, but you would be treated in "
        f"{rule.jurisdiction_name}. A license counts only where it was given. Ask if they "
        f"hold a license in {rule.jurisdiction_name}."
    )
    return Finding("license_state", "caution", message, _ask("license"), None)


def _license_verified(p: Provider, rule: Rule) -> Finding:
    return _answer(
        "license_verified",
        p.license_verified,
        yes="The state board's website shows their license is active.",
        no="You could not find an active license. Do not book until the state board shows one.",
        unknown="The license has not been checked yet. Look it up on the state board's website.",
        no_status="fail",
        question_id="license",
        source=None,
    )


def _dn_training(p: Provider, rule: Rule) -> Finding:
    hours = _training_hours(p)
    source = _qsource("training")
    if hours == 0:
        return Finding(
            "dn_training",
            "fail",
            "Has no dry needling training beyond the basic license. Basic training does not "
            "cover all of dry needling.",
            None,
            source,
        )
    if hours is None and not p.dn_program:
        return Finding(
            "dn_training",
            "unknown",
            "We do not know what dry needling training they have.",
            _ask("training"),
            source,
        )
    parts = [p.dn_program] if p.dn_program else []
    if hours is not None:
        parts.append(f"{_n(hours)} hours")
    return Finding(
        "dn_training", "ok", f"Trained in dry needling: {', '.join(parts)}.", None, source
    )


def _minimum(
    criterion: str,
    rule: Rule,
    field: str,
    have: float | None,
    what: str,
    question_id: str,
) -> Finding | None:
    need = getattr(rule, field)
    if need is None:
        return None
    mark = _mark(rule, field)
    source = _rule_source(rule, field)
    wants = f"The state asks for at least {_n(need)} {what}{mark}"
    if have is None:
        message = f"{wants}. We do not know how many they have."
        return Finding(criterion, "unknown", message, _ask(question_id), source)
    if have >= need:
        return Finding(criterion, "ok", f"{wants}. They have {_n(have)}.", None, source)
    if field in rule.unconfirmed:
        why = _why_unconfirmed(rule, field) or " The research could not confirm it."
        message = f"{wants}. They have {_n(have)}.{why} Ask the state board."
        return Finding(criterion, "caution", message, _ask(question_id), source)
    message = f"{wants}. They have only {_n(have)}. That is less than the state asks for."
    return Finding(criterion, "fail", message, None, source)


def _state_min_hours(p: Provider, rule: Rule) -> Finding | None:
    return _minimum(
        "state_min_hours",
        rule,
        "min_hours_total",
        _training_hours(p),
        "hours of dry needling training",
        "training",
    )


def _state_min_in_person(p: Provider, rule: Rule) -> Finding | None:
    return _minimum(
        "state_min_in_person_hours",
        rule,
        "min_hours_in_person",
        p.dn_hours_in_person,
        "hours of in-person training",
        "training",
    )


def _state_supervised(p: Provider, rule: Rule) -> Finding | None:
    have = float(p.supervised_sessions) if p.supervised_sessions is not None else None
    return _minimum(
        "state_supervised_sessions",
        rule,
        "supervised_sessions",
        have,
        "patient sessions done with a trained person watching",
        "supervised",
    )


def _state_years(p: Provider, rule: Rule) -> Finding | None:
    need = rule.years_practice_before
    if need is None:
        return None
    mark = _mark(rule, "years_practice_before")
    source = _rule_source(rule, "years_practice_before")
    wants = f"The state asks for {_n(need)} years of practice before dry needling{mark}"
    if p.years_licensed is None:
        message = f"{wants}. We do not know how long they have been licensed."
        return Finding("state_years_practice", "unknown", message, _ask("experience"), source)
    if p.years_licensed < need:
        if "years_practice_before" in rule.unconfirmed:
            why = _why_unconfirmed(rule, "years_practice_before")
            message = (
                f"{wants}. They have been licensed {_n(p.years_licensed)} years."
                f"{why or ' The research could not confirm this rule.'} Ask the state board."
            )
            return Finding("state_years_practice", "caution", message, _ask("experience"), source)
        message = f"{wants}. They have been licensed only {_n(p.years_licensed)} years."
        return Finding("state_years_practice", "fail", message, None, source)
    if p.years_dry_needling is not None and p.years_licensed - p.years_dry_needling < need:
        message = (
            f"{wants}. They may have started dry needling sooner than that, or while licensed "
            "somewhere else. Ask when they started."
        )
        return Finding("state_years_practice", "caution", message, _ask("experience"), source)
    message = f"{wants}. They have been licensed {_n(p.years_licensed)} years."
    return Finding("state_years_practice", "ok", message, None, source)


def _written_consent(p: Provider, rule: Rule) -> Finding:
    if rule.consent:
        what = "written consent" if rule.consent == "written" else "the patient's consent"
        mark = _mark(rule, "consent")
        return _answer(
            "written_consent",
            p.written_consent,
            yes=f"They ask for written consent, as the state's rules say{mark}.",
            no=f"The state's rules call for {what}{mark}, and they do not ask for it.",
            unknown=f"The state's rules call for {what}{mark}. We do not know if they ask.",
            no_status="caution" if "consent" in rule.unconfirmed else "fail",
            question_id="consent",
            source=_rule_source(rule, "consent"),
        )
    return _answer(
        "written_consent",
        p.written_consent,
        yes="They explain the risks and ask for written consent.",
        no="They do not ask for written consent. You should hear the risks before you agree.",
        unknown="We do not know if they explain the risks and ask for written consent.",
        no_status="caution",
        question_id="consent",
        source=_qsource("consent"),
    )


def _state_other(p: Provider, rule: Rule) -> Finding | None:
    if not rule.requirements:
        return None
    items = "; ".join(f"{r.text}{mark_text(r.confirmed)}" for r in rule.requirements)
    message = (
        f"{rule.jurisdiction_name} also asks for: {items}. These are the provider's job; you "
        "can ask about any of them."
    )
    source = _rule_source(rule)
    if source is not None and not any(r.confirmed for r in rule.requirements):
        # read only in commercial summaries of the rule: cite the summary, marked
        source = next((c for c in rule.sources if c.tier == "C"), source).unconfirmed()
    return Finding("state_other_requirements", "ok", message, None, source)


def _hands_on(p: Provider, rule: Rule) -> Finding:
    """dnkit's general guide on hands-on hours; the state's own minimum is a separate check."""
    low, full = thresholds()["hands_on_hours_low"], thresholds()["hands_on_hours_full"]
    hours = p.dn_hours_in_person
    if hours is None:
        return Finding(
            "hands_on_hours",
            "unknown",
            "We do not know how many hours of their training were hands-on, in person.",
            _ask("training"),
            low.source,
        )
    if hours < low.value:
        message = (
            f"Only {_n(hours)} hands-on hours. dnkit's guide looks for at least {_n(low.value)}, "
            f"and {_n(full.value)} or more is better. This guide is not a law."
        )
        return Finding("hands_on_hours", "caution", message, _ask("training"), low.source)
    if hours < full.value:
        message = (
            f"{_n(hours)} hands-on hours meets dnkit's guide of {_n(low.value)}. "
            f"{_n(full.value)} or more would be better. This guide is not a law."
        )
        return Finding("hands_on_hours", "ok", message, None, low.source)
    message = (
        f"{_n(hours)} hands-on hours is at or above dnkit's guide of {_n(full.value)}. "
        "This guide is not a law."
    )
    return Finding("hands_on_hours", "ok", message, None, full.source)


def _sterile(p: Provider, rule: Rule) -> Finding:
    return _answer(
        "sterile_needles",
        p.sterile_single_use_needles,
        yes="They use sterile needles, each in its own pack, used once.",
        no="They do not use sterile single-use needles. Used needles can spread germs.",
        unknown="We do not know if they use sterile single-use needles.",
        no_status="fail",
        question_id="needles",
        source=_qsource("needles"),
    )


def _side_effects(p: Provider, rule: Rule) -> Finding:
    return _answer(
        "side_effect_plan",
        p.side_effect_plan,
        yes="They explain side effects like soreness or bleeding and what they do about them.",
        no="They have no clear plan for side effects like soreness, bruising or bleeding.",
        unknown="We do not know how they handle side effects like soreness or bleeding.",
        no_status="caution",
        question_id="side_effects",
        source=_qsource("side_effects"),
    )


def _assessment(p: Provider, rule: Rule) -> Finding:
    return _answer(
        "initial_assessment",
        p.initial_assessment,
        yes="They check your health and your problem before any needling.",
        no="They do not check your health before needling. That check finds reasons not to "
        "use needles, so skipping it is not safe.",
        unknown="We do not know if they check your health before needling.",
        no_status="fail",
        question_id="assessment",
        source=_qsource("assessment"),
    )


def _integrated(p: Provider, rule: Rule) -> Finding:
    return _answer(
        "integrated_plan",
        p.integrated_plan,
        yes="Needling is one part of a wider plan, not the whole plan.",
        no="Needling is offered alone, not as part of a wider plan.",
        unknown="We do not know how needling fits into a wider plan.",
        no_status="caution",
        question_id="treatment_plan",
        source=_qsource("treatment_plan"),
    )


def _experience(p: Provider, rule: Rule) -> Finding:
    least = thresholds()["min_years_dry_needling"]
    years = p.years_dry_needling
    if years is None:
        message = "We do not know how long they have done dry needling."
        return Finding("experience", "unknown", message, _ask("experience"), least.source)
    if years < least.value:
        message = (
            f"They have done dry needling for less than {_n(least.value)} year. dnkit's guide "
            f"is at least {_n(least.value)} year. It is not a law."
        )
        return Finding("experience", "caution", message, _ask("experience"), least.source)
    message = f"They have done dry needling for {_n(years)} years."
    return Finding("experience", "ok", message, None, least.source)


@dataclass(frozen=True)
class Check:
    """One criterion: its plain label, the function that judges it, and how it is used.

    ``cites_rule``: the finding rests on the state rule, cites the rule's sources, and is skipped
    where the profession may not dry needle at all (no training detail matters there).
    ``critical``: an unknown answer here leaves the verdict ``incomplete``.
    """

    criterion: str
    label: str
    judge: Callable[[Provider, Rule], Finding | None]
    cites_rule: bool = False
    critical: bool = False


# Every check, in the order findings are listed.
CHECKS: tuple[Check, ...] = (
    Check("profession", "Licensed profession", _profession),
    Check(
        "state_permission",
        "State lets this profession dry needle",
        _state_permission,
        cites_rule=True,
        critical=True,
    ),
    Check("license_state", "License is for your state", _license_state),
    Check("license_verified", "License checked with the state board", _license_verified),
    Check(
        "dn_training", "Dry needling training beyond the basic license", _dn_training, critical=True
    ),
    Check("state_min_hours", "State minimum training hours", _state_min_hours, cites_rule=True),
    Check(
        "state_min_in_person_hours",
        "State minimum in-person hours",
        _state_min_in_person,
        cites_rule=True,
    ),
    Check("hands_on_hours", "Hands-on training hours", _hands_on),
    Check(
        "state_supervised_sessions",
        "State minimum supervised sessions",
        _state_supervised,
        cites_rule=True,
    ),
    Check(
        "state_years_practice",
        "State minimum years of practice first",
        _state_years,
        cites_rule=True,
    ),
    Check("written_consent", "Written consent", _written_consent),
    Check("state_other_requirements", "Other state rules", _state_other, cites_rule=True),
    Check("sterile_needles", "Sterile single-use needles", _sterile, critical=True),
    Check("side_effect_plan", "Plan for side effects", _side_effects),
    Check("initial_assessment", "Health check before needling", _assessment),
    Check("integrated_plan", "Part of a whole treatment plan", _integrated),
    Check("experience", "Years of dry needling", _experience),
)
# Views of the table, for callers that only need names.
CRITERIA: dict[str, str] = {c.criterion: c.label for c in CHECKS}
RULE_CRITERIA: tuple[str, ...] = tuple(c.criterion for c in CHECKS if c.cites_rule)
CRITICAL: tuple[str, ...] = tuple(c.criterion for c in CHECKS if c.critical)


def _summary(verdict: Verdict, findings: tuple[Finding, ...], place: str) -> str:
    if verdict == "does_not_meet":
        first = next(f for f in findings if f.status == "fail")
        return f"Does not meet the checks for {place}. {first.message}"
    open_items = [f for f in findings if f.status in ("unknown", "caution")]
    if verdict == "incomplete":
        missing = [f.label.lower() for f in findings if f.status == "unknown"]
        return f"Not enough is known yet. Ask about: {', '.join(missing)}."
    if verdict == "caution":
        things = "thing" if len(open_items) == 1 else "things"
        return f"May be fine in {place}, but check {len(open_items)} {things} first."
    return f"Meets every check dnkit can make for {place}."


def assess(provider: Provider, jurisdiction: str) -> Assessment:
    """Check ``provider`` against the rules of ``jurisdiction`` (where the patient is treated).

    Raises ``UnknownJurisdictionError`` (a ValueError) for a place dnkit does not know.
    """
    code = normalize_jurisdiction(jurisdiction)
    rule = rule_for(code, provider.profession)
    skip_detail = rule.status in ("prohibited", "pending")
    findings = []
    for check in CHECKS:
        if skip_detail and check.cites_rule and check.criterion != "state_permission":
            continue
        finding = check.judge(provider, rule)
        if finding is not None:
            findings.append(finding)
    result = tuple(findings)
    verdict = verdict_for(result)
    return Assessment(
        provider=provider,
        jurisdiction=code,
        verdict=verdict,
        findings=result,
        rule=rule,
        summary=_summary(verdict, result, rule.jurisdiction_name),
    )
