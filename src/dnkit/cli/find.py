"""``dnkit find``: list licensed professionals and clinics near a place from the NPI Registry.

Writes a providers file (CSV or JSON) that ``dnkit vet`` and the Compare view read. A listing is a
place to start calling, not a credential check, and the command says so every time. Each result
is printed with the same lines the dashboard's cards show (:mod:`dnkit.registry.listing`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dnkit.cli import UsageError
from dnkit.registry import (
    KINDS,
    LISTING_NOTE,
    MAX_LIMIT,
    MAX_REACHABLE,
    REGISTRY_PROFESSIONS,
    RegistryError,
    RegistryInputError,
    SearchResult,
    listings,
    result_heading,
    search,
)

FORMATS = ("table", "json", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    names = "; ".join(f"{k}: {p.label}" for k, p in REGISTRY_PROFESSIONS.items())
    p = sub.add_parser(
        "find",
        help="list licensed professionals near a ZIP code (NPI Registry; not a credential check)",
        description=(
            "Search the public US NPI Registry for licensed professionals and clinics near you "
            "and write a providers file for 'dnkit vet' and the dashboard. " + LISTING_NOTE
        ),
    )
    p.add_argument("--zip", dest="postal_code", help="5-digit ZIP, or its first 2-4 digits")
    p.add_argument("--city", help="city of the practice address")
    p.add_argument("--state", help="2-letter state or territory code, like CO or PR")
    p.add_argument("--profession", default="PT", help=f"who to look for: {names} (default PT)")
    p.add_argument(
        "--who",
        choices=KINDS,
        default=None,
        help="people (default), clinics (organizations), or both",
    )
    p.add_argument(
        "--include-organizations",
        action="store_true",
        help="the same as --who both",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=50,
        help=f"at most this many results, 1-{MAX_REACHABLE} (default 50)",
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


def _kind(args: argparse.Namespace) -> str:
    if args.include_organizations and args.who not in (None, "both"):
        raise UsageError("--include-organizations means --who both; give only one of them")
    if args.include_organizations:
        return "both"
    return args.who or "people"


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
            limit=min(args.limit, MAX_LIMIT),
            max_results=args.limit,
            kind=_kind(args),
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
        print(listing_text(result), file=notes)
    if result.left_out_note():
        print("", file=notes)
        print(result.left_out_note(), file=notes)
    if args.output is not None:
        print(
            f"Wrote {_count(len(result.providers), 'provider')} to {args.output}. "
            "Next: ask them the dry needling questions, then check them with 'dnkit vet'.",
            file=notes,
        )
    print("", file=notes)
    print(f"Please note: {LISTING_NOTE}", file=notes)
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


def listing_text(result: SearchResult) -> str:
    """Each listing as a numbered block of 'Label: value' lines, to read on a terminal."""
    if not result.records:
        return "No one matching this search was found in the NPI Registry."
    title = result_heading(result)
    if result.truncated:
        title += " (more may exist; narrow the search)"
    blocks = [title + ":"]
    for number, item in enumerate(listings(result), start=1):
        heading, *lines = item.text_lines()
        blocks.append("\n".join([f"{number}. {heading}", *(f"   {line}" for line in lines)]))
    return "\n\n".join(blocks)
