"""``dnkit find``: list licensed professionals near a ZIP code from the public NPI Registry.

Writes a providers file (CSV or JSON) that ``dnkit vet`` and the Compare view read. A listing is a
place to start calling, not a credential check, and the command says so every time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dnkit.cli import UsageError
from dnkit.registry import (
    LISTING_NOTE,
    MAX_REACHABLE,
    REGISTRY_PROFESSIONS,
    RegistryError,
    RegistryInputError,
    SearchResult,
    license_lookup_hint,
    search,
)

FORMATS = ("table", "json", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    names = "; ".join(f"{k}: {p.label}" for k, p in REGISTRY_PROFESSIONS.items())
    p = sub.add_parser(
        "find",
        help="list licensed professionals near a ZIP code (NPI Registry; not a credential check)",
        description=(
            "Search the public US NPI Registry for licensed professionals near you and write a "
            "providers file for 'dnkit vet' and the dashboard. " + LISTING_NOTE
        ),
    )
    p.add_argument("--zip", dest="postal_code", help="5-digit ZIP, or its first 2-4 digits")
    p.add_argument("--city", help="city of the practice address")
    p.add_argument("--state", help="2-letter state code of the practice address, like CO")
    p.add_argument("--profession", default="PT", help=f"who to look for: {names} (default PT)")
    p.add_argument(
        "--limit",
        type=int,
        default=50,
        help=f"at most this many results, 1-{MAX_REACHABLE} (default 50)",
    )
    p.add_argument(
        "--include-organizations",
        action="store_true",
        help="also list clinics and other organizations, not only individual people",
    )
    p.add_argument("--registry-url", help="registry API address (default: $DNKIT_NPI_URL or CMS)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait per request")
    p.add_argument(
        "--retries", type=int, default=3, help="tries again this many times (0-10) on errors"
    )
    p.add_argument("--no-cache", action="store_true", help="always ask the registry again")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table to read on screen; csv or json for a providers file",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        help="write the providers file here (CSV, or JSON when the name ends in .json)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.postal_code or args.city or args.state):
        raise UsageError("give --zip, --city or --state so the search has a place to look")
    if not 1 <= args.limit <= MAX_REACHABLE:
        raise UsageError(f"--limit must be from 1 to {MAX_REACHABLE}, not {args.limit}")
    try:
        result = search(
            postal_code=args.postal_code,
            city=args.city,
            state=args.state,
            profession=args.profession,
            limit=min(args.limit, 200),
            max_results=args.limit,
            individuals_only=not args.include_organizations,
            base_url=args.registry_url,
            timeout=args.timeout,
            retries=args.retries,
            use_cache=not args.no_cache,
        )
    except RegistryInputError as err:
        raise UsageError(str(err)) from None
    except RegistryError as err:
        print(f"dnkit find: {err}", file=sys.stderr)
        return 1

    data_format = _file_format(args)
    data = _render(result, data_format) if data_format else ""
    to_stdout = args.output is None and args.format != "table"
    notes = sys.stderr if to_stdout else sys.stdout
    if args.output is not None:
        try:
            args.output.write_text(data, encoding="utf-8")
        except OSError as err:
            print(f"dnkit find: could not write {args.output}: {err.strerror}", file=sys.stderr)
            return 1
    if to_stdout:
        sys.stdout.write(data)
    else:
        print(_table(result), file=notes)
    if args.output is not None:
        print(
            f"Wrote {_count(len(result.providers), 'provider')} to {args.output}. "
            "Next: ask them the dry needling questions, then check them with 'dnkit vet'.",
            file=notes,
        )
    print("", file=notes)
    print(f"Please note: {LISTING_NOTE}", file=notes)
    hint, source = license_lookup_hint(_profession_code(result))
    print(f"How to check: {hint}" + (f" ({source.label()})" if source else ""), file=notes)
    print(result.source_note, file=notes)
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _file_format(args: argparse.Namespace) -> str | None:
    if args.format in ("csv", "json"):
        return args.format
    if args.output is None:
        return None
    return "json" if args.output.suffix.lower() == ".json" else "csv"


def _render(result: SearchResult, data_format: str) -> str:
    from dnkit.providers import providers_to_csv, providers_to_json

    if data_format == "json":
        return providers_to_json(result.providers)
    return providers_to_csv(result.providers)


def _profession_code(result: SearchResult) -> str:
    return result.records[0].profession if result.records else ""


def _table(result: SearchResult) -> str:
    """A plain-text table: one row per provider, the address last because it is long."""
    if not result.records:
        return "No one matching this search was found in the NPI Registry."
    columns = ("NPI", "Name", "Credential", "License", "Phone", "Practice address")
    rows = [
        (
            r.npi,
            r.name,
            r.credential or "",
            " ".join(x for x in (r.license_state, r.license_number) if x) or "not listed",
            r.phone or "",
            r.address or "",
        )
        for r in result.records
    ]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(columns[:-1])]

    def line(cells: tuple[str, ...]) -> str:
        head = "  ".join(cell.ljust(w) for cell, w in zip(cells[:-1], widths, strict=True))
        return f"{head}  {cells[-1]}".rstrip()

    count = len(result.records)
    title = f"Found {count} {'listing' if count == 1 else 'listings'} in the NPI Registry"
    if result.truncated:
        title += " (more may exist; narrow the search)"
    return "\n".join([title + ":", line(columns), *(line(row) for row in rows)])
