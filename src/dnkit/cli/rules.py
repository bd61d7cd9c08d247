"""``dnkit rules STATE``: who may dry needle in a state, and what training the law asks for."""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap

from dnkit.cli import UsageError
from dnkit.regulation import (
    PROFESSIONS,
    Rule,
    UnknownJurisdictionError,
    UnknownProfessionError,
    mark,
    normalize_jurisdiction,
    rule_for,
    rules_for,
)
from dnkit.render.citations import citation_text, mark_text

CONSENT_WORDS = {
    "written": "written consent from the patient is required",
    "required": "the patient's consent is required",
}

NOTICE = "Not medical or legal advice. Laws change: check the date of each source."


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules",
        help="who may dry needle in a state, and the training the law asks for",
        description="Show the dry needling rules for a US state, DC or another country. " + NOTICE,
    )
    p.add_argument("state", metavar="STATE", help="state code or name, e.g. CA or 'New York'")
    p.add_argument(
        "--profession",
        "-p",
        metavar="P",
        help=f"one profession, e.g. PT or chiropractor ({', '.join(PROFESSIONS)}); default: all",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def _rules(args: argparse.Namespace) -> list[Rule]:
    try:
        code = normalize_jurisdiction(args.state)
        if args.profession:
            return [rule_for(code, args.profession)]
        return rules_for(code)
    except (UnknownJurisdictionError, UnknownProfessionError) as err:
        raise UsageError(str(err)) from None


def _numbers(rule: Rule) -> list[str]:
    """Lines for the numeric minimums that are set or unconfirmed; never a made-up zero."""
    rows = [
        ("Training hours, total", "min_hours_total"),
        ("Training hours in person", "min_hours_in_person"),
        ("Supervised sessions", "supervised_sessions"),
        ("Years of practice first", "years_practice_before"),
    ]
    lines = []
    for label, field in rows:
        value = getattr(rule, field)
        if value is not None:
            lines.append(f"{label}: {value:g}{mark(rule, field)}")
        elif field in rule.unconfirmed:
            lines.append(f"{label}: not known{mark_text()}")
    if not lines and rule.status == "allowed":
        lines.append("Training hours: no number set in the rules found")
    notes = dict.fromkeys(rule.unconfirmed_note(f) for _, f in rows if rule.unconfirmed_note(f))
    return lines + list(notes)


def format_rule(rule: Rule, width: int = 88) -> str:
    """One rule as plain text for a terminal: status in words, numbers, requirements, sources."""
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="  ")
    item = textwrap.TextWrapper(width=width, initial_indent="  - ", subsequent_indent="    ")
    link = textwrap.TextWrapper(
        width=width,
        subsequent_indent="       ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    head = f"{rule.profession_name.capitalize()} ({rule.profession}): {rule.status_label.upper()}"
    out = [head + mark(rule, "status"), wrap.fill(rule.summary)]
    out += [wrap.fill(line) for line in _numbers(rule)]
    if rule.consent:
        out.append(wrap.fill(f"Consent: {CONSENT_WORDS[rule.consent]}{mark(rule, 'consent')}"))
        if rule.unconfirmed_note("consent"):
            out.append(wrap.fill(rule.unconfirmed_note("consent")))
    if rule.requirements:
        out.append("  Other requirements:")
        out += [item.fill(f"{r.text}{mark_text(r.confirmed)}") for r in rule.requirements]
    if rule.sources:
        out.append(f"  Sources (date of source: {rule.source_date}):")
        for i, c in enumerate(rule.sources, start=1):
            out.append(link.fill(f"  {i:>2}. {citation_text(c)}"))
        if rule.tier_note:
            out.append(wrap.fill(rule.tier_note))
    else:
        out.append("  Sources: none found.")
    return "\n".join(out)


def format_table(rules: list[Rule], width: int = 88) -> str:
    first = rules[0]
    title = f"Dry needling rules: {first.jurisdiction_name} ({first.jurisdiction}), "
    title += first.country_name
    parts = [title, NOTICE, ""]
    for rule in rules:
        parts += [format_rule(rule, width), ""]
    return "\n".join(parts).rstrip() + "\n"


def run(args: argparse.Namespace) -> int:
    rules = _rules(args)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False))
    else:
        width = max(60, min(100, shutil.get_terminal_size((88, 24)).columns))
        print(format_table(rules, width), end="")
    return 0
