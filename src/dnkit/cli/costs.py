"""``dnkit costs``: what N sessions cost by each way of paying, as a table, JSON or CSV.

The numbers come from :func:`dnkit.costs.plan_costs`, the same engine the dashboard uses.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from typing import TypeVar

from dnkit.cli import UsageError
from dnkit.costs import (
    LEVELS,
    CostBand,
    CostInputError,
    CostPlan,
    InsurancePlan,
    MedicarePlan,
    Pricing,
    cost_facts,
    default_price,
    parse_amount,
    parse_count,
    parse_covered,
    parse_packages,
    parse_price,
    parse_sessions,
    plan_costs,
)
from dnkit.render.citations import citation_text, citations_text
from dnkit.sources import Citation

T = TypeVar("T")

# Which option a person should fix when the engine rejects a field.
OPTION_FOR_FIELD = {
    "sessions": "--sessions",
    "price": "--price",
    "price low": "--price",
    "price high": "--price",
    "price typical": "--typical",
    "first-visit fee": "--first-visit-fee",
    "metro factor": "--metro-factor",
    "package": "--package",
    "package sessions": "--package",
    "package price": "--package",
    "covered": "--covered",
    "allowed amount": "--allowed-amount",
    "deductible remaining": "--deductible-remaining",
    "copay": "--copay",
    "coinsurance": "--coinsurance",
    "out-of-pocket maximum remaining": "--oop-max-remaining",
    "visit cap": "--visit-cap",
    "visits used": "--visits-used",
    "profession": "--profession",
    "Part B deductible remaining": "--part-b-deductible-remaining",
    "Medicare approved amount": "--medicare-approved-amount",
}
INSURANCE_OPTIONS = (
    "allowed_amount",
    "deductible_remaining",
    "copay",
    "coinsurance",
    "oop_max_remaining",
    "visit_cap",
    "visits_used",
)


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
    med = p.add_argument_group("Medicare")
    med.add_argument("--medicare", action="store_true", help="add Original Medicare")
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


def _step(make: Callable[[], T], fields: dict[str, str] | None = None) -> T:
    """Run one parse step; a rejected field becomes a usage error that names the option."""
    try:
        return make()
    except CostInputError as err:
        option = (fields or {}).get(err.field) or OPTION_FOR_FIELD.get(err.field, err.field)
        raise UsageError(f"{option}: {err.message}") from None


def build(args: argparse.Namespace) -> tuple[CostPlan, int, int]:
    """Turn the options into a cost plan; the first and last session counts to show."""
    first, last = _step(lambda: parse_sessions(args.sessions))
    typical = _step(lambda: parse_amount(args.typical, "price typical")) if args.typical else None
    if args.price:
        price = _step(lambda: parse_price(args.price, typical))
    else:
        d = default_price().price
        price = _step(lambda: parse_price(f"{d.low:g}-{d.high:g}", typical or d.typical))
    packages = _step(lambda: tuple(p for text in args.package for p in parse_packages(text)))
    pricing = _step(
        lambda: Pricing(
            price,
            first_visit_fee=parse_amount(args.first_visit_fee, "first-visit fee") or 0.0,
            metro_factor=_number(args.metro_factor, "metro factor"),
            packages=packages,
        )
    )
    insurance = _step(lambda: _insurance(args))
    medicare = _step(lambda: _medicare(args), {"visits used": "--medicare-visits-used"})
    plan = _step(lambda: plan_costs(last, pricing, insurance, medicare))
    return plan, first, last


def _number(text: str, field: str) -> float:
    value = parse_amount(text, field)
    if value is None:
        raise CostInputError(field, "needs a number")
    return value


def _insurance(args: argparse.Namespace) -> InsurancePlan | None:
    given = [o for o in INSURANCE_OPTIONS if getattr(args, o) is not None]
    covered = parse_covered(args.covered or "")
    if covered is None:
        if given:
            option = "--" + given[0].replace("_", "-")
            raise CostInputError("covered", f"say yes or no when you give {option}")
        return None
    return InsurancePlan(
        covered,
        allowed_amount=parse_amount(args.allowed_amount or "", "allowed amount"),
        deductible_remaining=parse_amount(args.deductible_remaining or "", "deductible remaining")
        or 0.0,
        copay=parse_amount(args.copay or "", "copay") or 0.0,
        coinsurance_pct=parse_amount(args.coinsurance or "", "coinsurance") or 0.0,
        oop_max_remaining=parse_amount(
            args.oop_max_remaining or "", "out-of-pocket maximum remaining"
        ),
        visit_cap=parse_count(args.visit_cap or "", "visit cap"),
        visits_used=parse_count(args.visits_used or "", "visits used") or 0,
    )


def _medicare(args: argparse.Namespace) -> MedicarePlan | None:
    if not args.medicare:
        if args.profession or args.chronic_low_back_pain:
            raise CostInputError("profession", "add --medicare to work out Medicare")
        return None
    if not args.profession:
        raise CostInputError("profession", "say who does the needling, like PT or MD")
    return MedicarePlan(
        args.profession,
        chronic_low_back_pain=args.chronic_low_back_pain,
        ncd_qualified=args.ncd_qualified,
        part_b_deductible_remaining=parse_amount(
            args.part_b_deductible_remaining or "", "Part B deductible remaining"
        ),
        approved_amount=parse_amount(
            args.medicare_approved_amount or "", "Medicare approved amount"
        ),
        improving=args.improving,
        visits_used=parse_count(args.medicare_visits_used, "visits used") or 0,
    )


def _band(b: CostBand) -> dict[str, float]:
    return {lv: b.level(lv) for lv in LEVELS}


def _cite(c: Citation) -> dict:
    return c.to_dict() | {"label": citation_text(c)}


def to_json(plan: CostPlan, first: int, last: int) -> dict:
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
        return f"${b.typical:,.0f}"
    return f"${b.typical:,.0f} (${b.low:,.0f}-${b.high:,.0f})"


def to_table(plan: CostPlan, first: int, last: int) -> str:
    routes = plan.applying()
    header = ["Sessions", *(r.name for r in routes)]
    body = [
        [str(n), *(_cell(r.at(n).out_of_pocket) for r in routes)] for n in range(first, last + 1)
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = ["What you pay: typical (low-high)", ""]
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
    plan, first, last = build(args)
    if args.format == "json":
        json.dump(to_json(plan, first, last), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(to_csv(plan, first, last))
    else:
        sys.stdout.write(to_table(plan, first, last))
    return 0
