"""``dnkit costs``: what N sessions cost by each way of paying, as a table, JSON or CSV.

The numbers come from :func:`dnkit.costs.plan_costs`, the same engine the dashboard uses.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from dnkit.cli import UsageError
from dnkit.cost_inputs import INSURANCE_TERMS, CostInputs
from dnkit.costs import (
    LEVELS,
    CostBand,
    CostPlan,
    cost_facts,
    parse_sessions,
)
from dnkit.costs import parse_price as costs_parse_price
from dnkit.errors import InputError, first_problem
from dnkit.labels import message
from dnkit.money import money
from dnkit.plan import Plan
from dnkit.providers import Provider, read_providers
from dnkit.render.citations import citation_text, citations_text
from dnkit.sources import Citation

# The option for each cost input, where it is not simply "--" plus the field's name.
OPTIONS = {
    "price_low": "--price",
    "price_high": "--price",
    "price_typical": "--typical",
    "packages": "--package",
    "approved_amount": "--medicare-approved-amount",
}


def option_for(field: str) -> str:
    """The command-line option a person should fix for a cost input."""
    name = field.removeprefix("costs.")
    return OPTIONS.get(name, "--" + name.replace("_", "-"))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "costs",
        help="what a course of sessions costs you, by each way of paying",
        description=(
            "Work out what 1 to N dry needling sessions cost by paying per visit, with package "
            "offers, with insurance and with Medicare, as low / typical / high ranges."
        ),
    )
    p.add_argument("--sessions", default="1-12", help="a count (6) or a range (1-12); default 1-12")
    p.add_argument("--price", help="price per session, LOW-HIGH (50-150) or one price (75)")
    p.add_argument("--typical", help="typical price per session (default: midpoint of --price)")
    p.add_argument("--first-visit-fee", default="0", help="one-time first-visit fee in dollars")
    p.add_argument(
        "--package",
        action="append",
        default=[],
        help="a package offer SESSIONS:PRICE, like 6:420 (repeat for more)",
    )
    p.add_argument(
        "--metro-factor",
        default="1",
        help="multiply prices for your area, like 1.2 (default 1: no sourced regional prices)",
    )
    ins = p.add_argument_group("insurance")
    ins.add_argument("--covered", choices=("yes", "no"), help="does your plan pay for it?")
    ins.add_argument("--allowed-amount", help="what the plan counts for one visit, in dollars")
    ins.add_argument("--deductible-remaining", help="deductible left this year, in dollars")
    ins.add_argument("--copay", help="copay per visit, in dollars")
    ins.add_argument("--coinsurance", help="your share after the deductible, in percent (20)")
    ins.add_argument("--oop-max-remaining", help="out-of-pocket maximum left this year")
    ins.add_argument("--visit-cap", help="visits the plan pays for in a year")
    ins.add_argument("--visits-used", help="visits already used this year")
    who = p.add_argument_group("a provider's own prices")
    who.add_argument(
        "--provider-file", help="a providers file (CSV, JSON, .xlsx or .ods) to take prices from"
    )
    who.add_argument("--provider", help="the provider in that file whose prices to use")
    who.add_argument("--sheet", help="the sheet to read in a spreadsheet (default: the first)")
    med = p.add_argument_group("Medicare")
    med.add_argument("--medicare", action="store_true", help="add Original Medicare")
    med.add_argument(
        "--medicare-advantage",
        action="store_true",
        help="you have a Medicare Advantage plan (it sets your share: dnkit says what to ask)",
    )
    med.add_argument(
        "--part-b-met", action="store_true", help="your Part B deductible is met this year"
    )
    med.add_argument("--profession", help="who does the needling: PT, DC, MD, DO, NP, PA, LAc...")
    med.add_argument(
        "--chronic-low-back-pain",
        action="store_true",
        help="the needling is for chronic low back pain (12 weeks or more)",
    )
    med.add_argument(
        "--ncd-qualified",
        action="store_true",
        help="an NP, PA or LAc meets the acupuncture degree and license conditions of NCD 30.3.3",
    )
    med.add_argument(
        "--improving",
        action="store_true",
        help="your back pain is getting better (Medicare may pay 8 more visits)",
    )
    med.add_argument(
        "--part-b-deductible-remaining", help="Part B deductible left this year (no default)"
    )
    med.add_argument("--medicare-approved-amount", help="Medicare's approved amount per visit")
    med.add_argument("--medicare-visits-used", default="0", help="acupuncture visits used")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=run)


def usage_error(err: InputError) -> UsageError:
    """A refused input as the message the person reads: the option, its label, what is wrong."""
    return UsageError(f"{option_for(err.field)}: {message(err.field, err.message)}")


def inputs_from_args(args: argparse.Namespace, sessions: int) -> CostInputs:
    """The options as the same :class:`CostInputs` the dashboard saves (checked the same way)."""
    given = [o for o in INSURANCE_TERMS if getattr(args, o) is not None]
    if args.covered is None and given:
        option = "--" + given[0].replace("_", "-")
        raise InputError("covered", f"say yes or no when you give {option}")
    medicare = args.medicare or args.medicare_advantage
    if not medicare and (args.profession or args.chronic_low_back_pain):
        raise InputError("profession", "add --medicare to work out Medicare")
    if medicare and not args.profession:
        raise InputError("profession", "say who does the needling, like PT or MD")
    typed: dict[str, object] = {
        "sessions": sessions,
        "first_visit_fee": args.first_visit_fee,
        "metro_factor": args.metro_factor,
        "packages": "; ".join(args.package),
        "covered": args.covered or "unknown",
        "medicare": args.medicare and not args.medicare_advantage,
        "medicare_advantage": args.medicare_advantage,
        "part_b_met": args.part_b_met,
        "chronic_low_back_pain": args.chronic_low_back_pain,
        "ncd_qualified": args.ncd_qualified,
        "improving": args.improving,
        "medicare_visits_used": args.medicare_visits_used,
        "part_b_deductible_remaining": args.part_b_deductible_remaining or "",
        "approved_amount": args.medicare_approved_amount or "",
        **{o: getattr(args, o) for o in given},
    }
    if args.profession:
        typed["profession"] = args.profession
    if args.price:
        low, high = parse_price(args.price)  # "50-150" or "75"
        typed.update(price_low=low, price_high=high)
    if args.typical:
        typed["price_typical"] = args.typical
    try:
        return CostInputs.model_validate(typed)
    except ValidationError as err:
        raise InputError(*first_problem(err)) from None


def parse_price(text: str) -> tuple[float, float]:
    """``"50-150"`` (low-high) or ``"75"`` (one price), as two amounts."""
    price = costs_parse_price(text)
    return price.low, price.high


def provider_from_file(args: argparse.Namespace) -> Provider:
    """The provider named by ``--provider`` in ``--provider-file`` (as the dashboard reads it)."""
    if not args.provider:
        raise UsageError("--provider: say whose prices to use from --provider-file")
    if args.price or args.typical or args.package:
        raise UsageError("--provider-file: the provider's prices are used; leave out --price")
    loaded = read_providers(Path(args.provider_file), sheet=args.sheet)
    if not loaded.providers:
        why = "; ".join(str(p) for p in loaded.problems[:3]) or "no provider in it"
        raise UsageError(f"--provider-file: nothing could be read ({why})")
    found = Plan().add_providers(loaded.providers).plan.provider(args.provider)
    if found is None:
        names = ", ".join(p.name for p in loaded.providers[:10])
        raise UsageError(f"--provider: no provider called {args.provider!r} (the file has {names})")
    if found.price_per_session is None:
        raise UsageError(f"--provider: the file gives no price per session for {found.name}")
    return found


def build(args: argparse.Namespace) -> tuple[CostPlan, int, int, str]:
    """Turn the options into a cost plan: the plan, the first and last session counts to show,
    and whose prices these are (for the headline)."""
    provider = provider_from_file(args) if args.provider_file else None
    if provider is not None and not args.profession and (args.medicare or args.medicare_advantage):
        args.profession = provider.profession  # who does the needling: that provider
    try:
        first, last = parse_sessions(args.sessions)
        inputs = inputs_from_args(args, last)
        if provider is None:
            return inputs.plan_costs(), first, last, ""
        plan = Plan(
            providers=[provider], costs=inputs.model_copy(update={"provider": provider.name})
        )
        return plan.cost_plan(last), first, last, f" at {provider.name}'s prices"
    except InputError as err:
        raise usage_error(err) from None


def _band(b: CostBand) -> dict[str, float]:
    return {lv: b.level(lv) for lv in LEVELS}


def _cite(c: Citation) -> dict:
    return c.to_dict() | {"label": citation_text(c)}


def to_json(plan: CostPlan, first: int, last: int, whose: str = "") -> dict:
    """For every session count, each applying route's total and out-of-pocket cost."""
    gfe = cost_facts().good_faith_estimate
    rows = []
    for n in range(first, last + 1):
        routes = {}
        for r in plan.applying():
            c = r.at(n)
            routes[r.key] = {
                "total": _band(c.total),
                "out_of_pocket": _band(c.out_of_pocket),
                **({"detail": c.detail} if c.detail else {}),
            }
        rows.append({"sessions": n, "routes": routes})
    return {
        "headline": plan.headline(last, whose),
        "sessions": list(range(first, last + 1)),
        "rows": rows,
        "routes": [
            {
                "key": r.key,
                "name": r.name,
                "applies": r.applies,
                "notes": list(r.notes),
                "sources": [_cite(s) for s in r.sources],
            }
            for r in plan.routes
        ],
        "crossovers": list(plan.crossovers),
        "notes": list(plan.notes),
        "good_faith_estimate": {
            "route": "self_pay",
            "dispute_threshold": cost_facts().gfe_threshold,
            "text": gfe.text,
            "sources": [_cite(s) for s in gfe.sources],
        },
        "sources": [_cite(s) for s in plan.sources],
    }


def to_csv(plan: CostPlan, first: int, last: int) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "sessions",
            "route",
            *(f"total_{lv}" for lv in LEVELS),
            *(f"out_of_pocket_{lv}" for lv in LEVELS),
        ]
    )
    for n in range(first, last + 1):
        for r in plan.applying():
            c = r.at(n)
            w.writerow(
                [
                    n,
                    r.key,
                    *(f"{c.total.level(lv):.2f}" for lv in LEVELS),
                    *(f"{c.out_of_pocket.level(lv):.2f}" for lv in LEVELS),
                ]
            )
    return out.getvalue()


def _cell(b: CostBand) -> str:
    if abs(b.high - b.low) < 0.5:
        return money(b.typical)
    return f"{money(b.typical)} ({money(b.low)}-{money(b.high)})"


def to_table(plan: CostPlan, first: int, last: int, whose: str = "") -> str:
    routes = plan.applying()
    header = ["Sessions", *(r.name for r in routes)]
    body = [
        [str(n), *(_cell(r.at(n).out_of_pocket) for r in routes)] for n in range(first, last + 1)
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = [plan.headline(last, whose), "", "What you pay: typical (low-high)", ""]
    for row in [header, *body]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    lines.append("")
    lines.extend(plan.crossovers)
    for r in plan.routes:
        if r.notes:
            lines.extend(["", f"{r.name}:", *(f"- {n}" for n in r.notes)])
    lines.extend(plan.notes)
    lines.extend(["", "Sources:", citations_text(plan.sources)])
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    plan, first, last, whose = build(args)
    if args.format == "json":
        json.dump(to_json(plan, first, last, whose), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(to_csv(plan, first, last))
    else:
        sys.stdout.write(to_table(plan, first, last, whose))
    return 0
