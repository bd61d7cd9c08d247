"""``dnkit compare``: rank the providers in a file as the dashboard does, for one state.

The ranking is :func:`dnkit.compare.compare`, the same call the dashboard makes, with the same
defaults: dnkit's starting weights, and the must-have "allowed to dry needle in my state" on
(``--keep-unconfirmed`` turns it off; each provider kept that way says why in its checks).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from dnkit import NOT_MEDICAL_ADVICE
from dnkit.cli import UsageError
from dnkit.compare import (
    CRITERIA,
    CompareInputError,
    Comparison,
    MustHaves,
    Ranked,
    compare,
    criteria,
    default_weights,
    parse_limit,
)
from dnkit.costs import CostInputError, check_sessions
from dnkit.money import money
from dnkit.providers import LoadResult, Problem, escape_cell, parse_setting, read_providers
from dnkit.regulation import UnknownJurisdictionError, jurisdictions, normalize_jurisdiction

MUST_HAVES = {
    "sterile-needles": "sterile_needles",
    "in-network": "in_network",
    "allowed-in-state": "permitted",
}
LIMITS = {"max-distance": "max_distance", "max-cost": "max_cost"}
# Which option a person should fix when the comparison rejects a field.
OPTION_FOR_FIELD = {
    "jurisdiction": "--state",
    "sessions": "--sessions",
    "weights": "--weight",
    "preferred_settings": "--prefer",
    "max_distance": "--must-have max-distance",
    "max_cost": "--must-have max-cost",
}
EXIT_TEXT = """\
exit status:
  0  the file was read and its providers were compared (even if every one was left out).
     Rows that could not be read are listed on stderr (file, row, column, what is wrong)
     and, with --format json, under "problems".
  2  nothing could be compared: the file is missing, empty or unreadable, no row is
     usable, or an option is wrong.

examples:
  dnkit compare providers.xlsx --state VA --sessions 8 --weight training=40 --weight cost=30
  dnkit compare list.csv --state CO --must-have sterile-needles --must-have max-cost=600
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="rank the providers in a file by what matters to you, as the dashboard does",
        description=(
            "Rank the providers in FILE for treatment in STATE: each one's score, its total "
            "for your sessions (the cheapest way to pay), what the checks say, who is left out "
            "and why, and how sure first place is. " + NOT_MEDICAL_ADVICE
        ),
        epilog=EXIT_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "file", metavar="FILE", help="providers as .csv, .json, .xlsx or .ods ('-' reads stdin)"
    )
    p.add_argument("--state", required=True, metavar="STATE", help="where you would be treated")
    p.add_argument("--sessions", default="6", help="how many sessions you plan (default 6)")
    p.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="CRITERION=N",
        help=f"how much a criterion matters, 0 to 100 (repeat); criteria: {', '.join(CRITERIA)}. "
        "Others keep dnkit's starting weights: "
        + ", ".join(f"{k}={v:g}" for k, v in default_weights().items()),
    )
    p.add_argument(
        "--must-have",
        action="append",
        default=[],
        metavar="RULE",
        help="leave out providers that fail it (repeat): sterile-needles, in-network, "
        "max-distance=MILES, max-cost=DOLLARS. Allowed-in-state is on unless "
        "--keep-unconfirmed",
    )
    p.add_argument(
        "--keep-unconfirmed",
        action="store_true",
        help="also rank providers not confirmed as allowed to dry needle in your state "
        "(each one says why)",
    )
    p.add_argument(
        "--prefer",
        action="append",
        default=[],
        metavar="SETTING",
        help="a kind of clinic you prefer (repeat), like 'Physical therapy clinic'",
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet to read in an .xlsx or .ods file (default: first)",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table for people (default); json or csv for scripts",
    )
    p.set_defaults(func=run)


# ----------------------------------------------------------------------------- reading options


def _load(file: str, sheet: str | None) -> LoadResult:
    if file == "-":
        return read_providers(sys.stdin.buffer.read(), "stdin", sheet=sheet)
    path = Path(file)
    if not path.is_file():
        raise UsageError(f"{file}: no such file")
    return read_providers(path, str(path), sheet=sheet)


def weights_from(items: list[str]) -> dict[str, float]:
    """dnkit's starting weights with ``CRITERION=N`` changes."""
    weights = default_weights()
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in CRITERIA:
            raise UsageError(
                f"--weight: write it as CRITERION=N with a criterion from "
                f"{', '.join(CRITERIA)} (got {item!r})"
            )
        try:
            weights[key] = float(value)
        except ValueError:
            raise UsageError(
                f"--weight {key}: must be a number from 0 to 100 (got {value!r})"
            ) from None
    return weights


def must_haves_from(items: list[str], keep_unconfirmed: bool) -> MustHaves:
    fields: dict[str, Any] = {"permitted": not keep_unconfirmed}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lower()
        if name in MUST_HAVES and not sep:
            fields[MUST_HAVES[name]] = True
        elif name in LIMITS and sep:
            try:
                fields[LIMITS[name]] = parse_limit(value, LIMITS[name])
            except CompareInputError as err:
                raise UsageError(f"--must-have {name}: {err.message}") from None
        else:
            rules = ", ".join([*MUST_HAVES, *(f"{k}=N" for k in LIMITS)])
            raise UsageError(f"--must-have: {item!r} is not one of: {rules}")
    if keep_unconfirmed and fields.get("permitted") is True and "allowed-in-state" in items:
        raise UsageError("--keep-unconfirmed and --must-have allowed-in-state contradict")
    try:
        return MustHaves(**fields)
    except CompareInputError as err:
        raise UsageError(f"--must-have: {err.message}") from None


def build(args: argparse.Namespace) -> tuple[Comparison, list[Problem]]:
    try:
        code = normalize_jurisdiction(args.state)
    except UnknownJurisdictionError as err:
        raise UsageError(f"--state: {err.message}") from None
    try:
        count = int(args.sessions)
    except ValueError:
        raise UsageError(
            f"--sessions: must be a whole number, like 6 (got {args.sessions!r})"
        ) from None
    try:
        sessions = check_sessions(count)
    except CostInputError as err:
        raise UsageError(f"--sessions: {err.message}") from None
    weights = weights_from(args.weight)
    must = must_haves_from(args.must_have, args.keep_unconfirmed)
    try:
        prefer = [s for s in (parse_setting(text) for text in args.prefer) if s]
    except ValueError as err:
        raise UsageError(f"--prefer: {err}") from None
    result = _load(args.file, args.sheet)
    for problem in result.problems:
        print(f"dnkit compare: {problem}", file=sys.stderr)
    if not result.providers:
        raise UsageError(f"{args.file}: no provider could be read, so nothing was compared")
    try:
        comparison = compare(
            result.providers, code, sessions, weights, must, preferred_settings=prefer
        )
    except CompareInputError as err:
        option = OPTION_FOR_FIELD.get(err.field, err.field)
        message = err.message.replace("move at least one slider", "give at least one --weight")
        raise UsageError(f"{option}: {message}") from None
    return comparison, result.problems


def run(args: argparse.Namespace) -> int:
    comparison, problems = build(args)
    if args.format == "json":
        text = json.dumps(to_json(comparison, problems), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        text = to_csv(comparison)
    else:
        text = to_table(comparison)
    sys.stdout.write(text)
    return 0


# ----------------------------------------------------------------------------- output


def _cost(r: Ranked) -> dict[str, Any] | None:
    if r.cost is None:
        return None
    c = r.cost
    return {"sessions": c.sessions, "low": c.low, "typical": c.typical, "high": c.high,
            "how": c.how, "text": c.text()}  # fmt: skip


def to_json(comparison: Comparison, problems: list[Problem]) -> dict[str, Any]:
    robust = comparison.robustness
    return {
        "jurisdiction": comparison.jurisdiction,
        "jurisdiction_name": jurisdictions()[comparison.jurisdiction or ""],
        "sessions": comparison.sessions,
        "weights": comparison.weights,
        "must_haves": dataclasses.asdict(comparison.must_haves),
        "preferred_settings": sorted(comparison.preferred_settings),
        "summary": comparison.summary,
        "not_medical_advice": NOT_MEDICAL_ADVICE,
        "ranked": [
            {
                "rank": r.rank,
                "provider": r.name,
                "score": r.total,
                "scores": {
                    s.criterion: {
                        "score": s.score,
                        "share": s.share,
                        "adds": s.contribution,
                        "detail": s.detail,
                    }
                    for s in r.scores
                },
                "unknown": list(r.unknowns),
                "cost": _cost(r),
                "verdict": r.verdict,
                "meets_checks": r.meets_checks,
                "check_note": r.check_note,
                "beaten_by": r.beaten_by,
                "phone": r.provider.phone,
                "address": r.provider.address,
            }
            for r in comparison.ranked
        ],
        "left_out": [{"provider": f.name, "reasons": list(f.reasons)} for f in comparison.filtered],
        "robustness": None
        if robust is None
        else {
            "sentence": robust.sentence,
            "holds": robust.holds,
            "draws": robust.draws,
            "spread": robust.spread,
        },
        "problems": [
            {"source": p.source, "row": p.row, "column": p.column, "message": p.message}
            for p in problems
        ],
    }


CSV_FIELDS = (
    "rank",
    "provider",
    "score",
    *CRITERIA,
    "unknown",
    "cost_sessions",
    "cost_low",
    "cost_typical",
    "cost_high",
    "cost_how",
    "verdict",
    "check_note",
    "beaten_by",
    "left_out_because",
)


def to_csv(comparison: Comparison) -> str:
    """One row per provider, ranked first, then those left out (no rank, with the reasons).
    Cells are formula-escaped so a spreadsheet shows them as text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    blank_scores = [""] * len(CRITERIA)
    for r in comparison.ranked:
        c = r.cost
        cost = [c.sessions, f"{c.low:.2f}", f"{c.typical:.2f}", f"{c.high:.2f}", c.how] if c else [
            comparison.sessions, "", "", "", ""
        ]  # fmt: skip
        scores = ["" if s.score is None else f"{s.score:.4f}" for s in r.scores]
        row = [r.rank, r.name, f"{r.total:.4f}", *scores, ";".join(r.unknowns), *cost,
               r.verdict or "", r.check_note, r.beaten_by or "", ""]  # fmt: skip
        writer.writerow([escape_cell(str(cell)) for cell in row])
    for f in comparison.filtered:
        row = ["", f.name, "", *blank_scores, "", comparison.sessions, "", "", "", "", "", "", "",
               " ".join(f.reasons)]  # fmt: skip
        writer.writerow([escape_cell(str(cell)) for cell in row])
    return buffer.getvalue()


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=first, subsequent_indent=rest) or [first]


def to_table(comparison: Comparison) -> str:
    """Plain text a person can act on: who comes first and why, then each provider."""
    code = comparison.jurisdiction or ""
    info = criteria()
    shares = ", ".join(
        f"{info[k].label.lower()} {v * 100:.0f}%" for k, v in comparison.weights.items() if v > 0
    )
    must = _must_words(comparison.must_haves)
    lines = [
        f"Providers compared for {jurisdictions()[code]} ({code}), {comparison.sessions} sessions.",
        NOT_MEDICAL_ADVICE,
        "",
        *_wrap(comparison.summary, "", ""),
        "",
        *_wrap(f"What counts: {shares}.", "", "  "),
        *_wrap(f"Must-haves: {must}.", "", "  "),
        "",
    ]
    for r in comparison.ranked:
        lines.append(f"{r.rank}. {r.name}: score {r.total:.2f} out of 1")
        cost = f"{r.cost.text()}." if r.cost else "not known: no price per session given"
        lines += _wrap(f"Cost:   {cost}", "   ", " " * 11)
        lines += _wrap(f"Checks: {r.check_note or _checked(r)}", "   ", " " * 11)
        unknown = [info[c].label.lower() for c in r.unknowns if comparison.weights[c] > 0]
        if unknown:
            lines += _wrap(f"Not known yet (counts as 0): {', '.join(unknown)}", "   ", " " * 5)
        if r.beaten_note:
            lines += _wrap(r.beaten_note, "   ", "   ")
        if r.provider.phone or r.provider.address:
            where = ", ".join(x for x in (r.provider.phone, r.provider.address) if x)
            lines += _wrap(f"Contact: {where}", "   ", " " * 12)
        lines.append("")
    if comparison.filtered:
        lines.append("Left out by your must-haves:")
        for f in comparison.filtered:
            lines += _wrap(f"{f.name}: {' '.join(f.reasons)}", "- ", "  ")
    else:
        lines.append("No provider is left out by your must-haves.")
    return "\n".join(lines) + "\n"


def _checked(r: Ranked) -> str:
    return "Meets the checks." if r.meets_checks else "Not checked."


def _must_words(must: MustHaves) -> str:
    words = []
    if must.permitted:
        words.append("allowed to dry needle in your state")
    if must.sterile_needles:
        words.append("sterile single-use needles")
    if must.in_network:
        words.append("in your insurance network")
    if must.max_distance is not None:
        words.append(f"at most {must.max_distance:g} miles away")
    if must.max_cost is not None:
        words.append(f"at most {money(must.max_cost)} for your sessions")
    return "; ".join(words) or "none"
