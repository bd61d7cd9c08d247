"""``dnkit vet``: check every provider in a CSV or JSON file against one state's rules."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import textwrap
from pathlib import Path

from dnkit import NOT_MEDICAL_ADVICE
from dnkit.cli import UsageError
from dnkit.providers import LoadResult, Problem, escape_cell, read_providers
from dnkit.regulation import UnknownJurisdictionError, jurisdictions, normalize_jurisdiction
from dnkit.render.citations import citation_text
from dnkit.sources import Citation
from dnkit.vetting import Assessment, Finding, assess

EXIT_TEXT = """\
exit status:
  0  the file was read and at least one provider was checked, whatever the verdicts.
     Rows that could not be read are listed on stderr (file, row, column, what is wrong)
     and, with --format json, under "problems".
  2  nothing could be checked: the file is missing, empty or unreadable, no row is
     usable, or the state is unknown.

verdicts: meets, caution (check first), incomplete (ask more), does_not_meet.
Start a file from the template: python -c "import dnkit.providers as p; print(p.template_csv())"
"""

STATUS_TAGS = {"fail": "FAIL", "unknown": "ASK", "caution": "CHECK", "ok": "OK"}
SEVERITY = {"fail": 0, "unknown": 1, "caution": 2, "ok": 3}
CSV_FIELDS = (
    "provider",
    "profession",
    "jurisdiction",
    "verdict",
    "criterion",
    "status",
    "message",
    "ask",
    "source_title",
    "source_date",
    "source_url",
    "source_confirmed",
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "vet",
        help="check providers in a CSV or JSON file against a state's dry needling rules",
        description=(
            "Check each provider in FILE against the dry needling rules of STATE and good "
            "practice, and say what to ask next. " + NOT_MEDICAL_ADVICE
        ),
        epilog=EXIT_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="providers as .csv or .json ('-' reads stdin)")
    p.add_argument(
        "--state",
        required=True,
        metavar="STATE",
        help="where you would be treated: a code or name, e.g. FL or Florida",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table for people (default); json or csv (one row per finding) for scripts",
    )
    p.set_defaults(func=run)


def _load(file: str) -> LoadResult:
    if file == "-":
        return read_providers(sys.stdin.buffer.read(), "stdin")
    path = Path(file)
    if not path.is_file():
        raise UsageError(f"{file}: no such file")
    return read_providers(path, str(path))


def run(args: argparse.Namespace) -> int:
    try:
        code = normalize_jurisdiction(args.state)
    except UnknownJurisdictionError as err:
        raise UsageError(f"--state: {err.message}") from None
    result = _load(args.file)
    for problem in result.problems:
        print(f"dnkit vet: {problem}", file=sys.stderr)
    if not result.providers:
        raise UsageError(f"{args.file}: no provider could be read, so nothing was checked")
    assessments = [assess(p, code) for p in result.providers]
    if args.format == "json":
        text = to_json(assessments, result.problems, code)
    elif args.format == "csv":
        text = to_csv(assessments)
    else:
        text = to_table(assessments, code)
    sys.stdout.write(text)
    return 0


def to_json(assessments: list[Assessment], problems: list[Problem], code: str) -> str:
    data = {
        "jurisdiction": code,
        "jurisdiction_name": jurisdictions()[code],
        "not_medical_advice": NOT_MEDICAL_ADVICE,
        "assessments": [a.to_dict() for a in assessments],
        "problems": [
            {"source": p.source, "row": p.row, "column": p.column, "message": p.message}
            for p in problems
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(assessments: list[Assessment]) -> str:
    """One row per finding; cells are formula-escaped so a spreadsheet shows them as text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for a in assessments:
        for f in a.findings:
            s = f.source
            row = [
                a.provider.name,
                a.provider.profession,
                a.jurisdiction,
                a.verdict,
                f.criterion,
                f.status,
                f.message,
                f.ask or "",
                s.title if s else "",
                s.date if s else "",
                s.url if s else "",
                ("yes" if s.confirmed else "no") if s else "",
            ]
            writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=first, subsequent_indent=rest) or [first]


def to_table(assessments: list[Assessment], code: str) -> str:
    """Plain text a person can act on: verdict first, then problems, then what to ask."""
    lines = [f"Dry needling check for {jurisdictions()[code]} ({code}).", NOT_MEDICAL_ADVICE, ""]
    for number, a in enumerate(assessments, start=1):
        lines.append(f"{number}. {a.provider.name} ({a.rule.profession_name})")
        lines += _wrap(f"{a.verdict_label.upper()}. {a.summary}", "   Verdict: ", " " * 12)
        sources: list[Citation] = []
        for f in sorted(a.findings, key=lambda f: SEVERITY[f.status]):
            lines += _finding_lines(f, sources)
        if sources:
            lines.append("   Sources:")
            for i, s in enumerate(sources, start=1):
                lines += _wrap(citation_text(s), f"     [{i}] ", " " * 9)
        lines.append("")
    return "\n".join(lines)


def _finding_lines(f: Finding, sources: list[Citation]) -> list[str]:
    note = ""
    if f.source is not None:
        if f.source not in sources:
            sources.append(f.source)
        note = f" [{sources.index(f.source) + 1}]"
    tag = f"   {STATUS_TAGS[f.status]:<6}"
    out = _wrap(f"{f.label}: {f.message}{note}", tag, " " * len(tag))
    if f.ask and f.status != "ok":
        out += _wrap(f'"{f.ask}"', " " * len(tag) + "Ask: ", " " * (len(tag) + 5))
    return out
