"""Cost planning: what a course of dry needling sessions costs, as low / typical / high ranges.

Pure Python: no Jupyter or plotly imports, so the CLI, notebooks and dashboard share one engine.
Every number a person sees comes from their own inputs or from ``data/cost_defaults.toml``,
which keeps each fact with its source and date.

Four ways to pay, always in the same order (:data:`ROUTE_KEYS`), so charts can keep one trace
per route: paying per visit (self-pay), the cheapest mix of package offers and single visits,
commercial insurance, and Original Medicare. A route that does not apply to the inputs is still
present, with ``applies`` False and no costs.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Literal

from dnkit.errors import CostInputError
from dnkit.limits import (
    MAX_COINSURANCE_PCT,
    MAX_DEDUCTIBLE,
    MAX_FEE,
    MAX_METRO_FACTOR,
    MAX_OOP,
    MAX_PACKAGE_PRICE,
    MAX_PACKAGE_SESSIONS,
    MAX_SESSION_PRICE,
    MAX_SESSIONS,
    MAX_VISITS_PER_YEAR,
    MIN_METRO_FACTOR,
)
from dnkit.money import money
from dnkit.sources import Citation, cites

Level = Literal["low", "typical", "high"]
LEVELS: tuple[Level, ...] = ("low", "typical", "high")
RouteKey = Literal["self_pay", "package", "insurance", "medicare"]
ROUTE_KEYS: tuple[RouteKey, ...] = ("self_pay", "package", "insurance", "medicare")
ROUTE_NAMES: dict[str, str] = {
    "self_pay": "Pay per visit",
    "package": "Packages",
    "insurance": "Insurance",
    "medicare": "Medicare",
}
_TOL = 0.005  # half a cent: amounts closer than this are "the same"


def _check_amount(field: str, value: float, maximum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CostInputError(field, f"must be a number, got {value!r}")
    if not math.isfinite(value):
        raise CostInputError(field, "must be a finite number")
    if value < 0:
        raise CostInputError(field, f"cannot be negative (got {value:g})")
    if maximum is not None and value > maximum:
        raise CostInputError(
            field, f"{money(value)} is more than dnkit plans for (at most {money(maximum)})"
        )
    return float(value)


def _check_count(field: str, value: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CostInputError(field, f"must be a whole number, got {value!r}")
    if value < 0:
        raise CostInputError(field, f"cannot be negative (got {value})")
    if value > maximum:
        raise CostInputError(field, f"{value} is more than {maximum}")
    return value


@dataclass(frozen=True)
class PriceRange:
    """Per-session price: low <= typical <= high, in US dollars."""

    low: float
    typical: float
    high: float

    def __post_init__(self) -> None:
        for name in ("low", "typical", "high"):
            _check_amount(f"price_{name}", getattr(self, name), MAX_SESSION_PRICE)
        if self.low > self.high:
            raise CostInputError("price_low", f"low (${self.low:g}) is above high (${self.high:g})")
        if not self.low <= self.typical <= self.high:
            raise CostInputError(
                "price_typical",
                f"${self.typical:g} must lie between low ${self.low:g} and high ${self.high:g}",
            )

    @classmethod
    def between(cls, low: float, high: float) -> PriceRange:
        """A range whose typical price is the midpoint."""
        _check_amount("price_low", low, MAX_SESSION_PRICE)
        _check_amount("price_high", high, MAX_SESSION_PRICE)
        return cls(low, (low + high) / 2 if low <= high else low, high)

    def level(self, level: Level) -> float:
        return float(getattr(self, level))

    def scaled(self, factor: float) -> PriceRange:
        return PriceRange(self.low * factor, self.typical * factor, self.high * factor)


@dataclass(frozen=True)
class CostBand:
    """Total cost for a given number of sessions, as a range."""

    sessions: int
    low: float
    typical: float
    high: float

    def level(self, level: Level) -> float:
        return float(getattr(self, level))


@dataclass(frozen=True)
class DefaultPrice:
    price: PriceRange
    note: str
    source: Citation


def _raw_defaults() -> dict:
    return tomllib.loads((files("dnkit") / "data" / "cost_defaults.toml").read_text("utf-8"))


def _sources(entry: dict) -> tuple[Citation, ...]:
    """An entry's sources from the registry, marked UNCONFIRMED when the entry says so."""
    return cites(entry.get("sources", ()), confirmed=entry.get("confirmed", True))


def _fill(text: str, values: dict) -> str:
    """A data text with its {placeholders} filled from the numbers beside it, so a number is
    written once; ``{unconfirmed}`` is the UNCONFIRMED mark."""
    from dnkit.render.citations import mark_text

    numbers = {k: f"{v:g}" if isinstance(v, float) else v for k, v in values.items()}
    return str(text).format(**numbers, unconfirmed=mark_text())


@cache
def default_price() -> DefaultPrice:
    """The default per-session price range, with its source (from ``data/cost_defaults.toml``)."""
    p = _raw_defaults()["price_per_session"]
    return DefaultPrice(
        price=PriceRange(float(p["low"]), float(p["typical"]), float(p["high"])),
        note=_fill(p["note"], p),
        source=_sources(p)[0],
    )


def check_sessions(sessions: int, field: str = "sessions") -> int:
    if isinstance(sessions, bool) or not isinstance(sessions, int):
        raise CostInputError(field, f"must be a whole number, got {sessions!r}")
    if sessions < 1:
        raise CostInputError(field, f"must be at least 1 (got {sessions})")
    if sessions > MAX_SESSIONS:
        raise CostInputError(field, f"{sessions} is more sessions than a course of care plans for")
    return sessions


@dataclass(frozen=True)
class Package:
    """A clinic's package offer: ``sessions`` sessions for ``price`` dollars in total."""

    sessions: int
    price: float

    def __post_init__(self) -> None:
        _check_count("packages", self.sessions, MAX_PACKAGE_SESSIONS)
        if self.sessions < 1:
            raise CostInputError("packages", "a package holds at least 1 session")
        _check_amount("packages", self.price, MAX_PACKAGE_PRICE)

    @classmethod
    def parse(cls, text: str) -> Package:
        """Read ``"6:420"`` (6 sessions for $420)."""
        parts = str(text).strip().split(":")
        if len(parts) != 2:
            raise CostInputError(
                "packages", f"write it as SESSIONS:PRICE, like 6:420 (got {text!r})"
            )
        try:
            sessions, price = int(parts[0]), float(parts[1].strip().lstrip("$").replace(",", ""))
        except ValueError:
            raise CostInputError(
                "packages", f"write it as SESSIONS:PRICE, like 6:420 (got {text!r})"
            ) from None
        return cls(sessions, price)

    def label(self) -> str:
        return f"{self.sessions} sessions for {money(self.price)}"


# --- reading text input (CLI arguments and dashboard text boxes share these) -----------------


def parse_packages(text: str) -> tuple[Package, ...]:
    """Read ``"6:420; 10:650"`` (semicolons or new lines between offers; empty: none)."""
    items = [p for p in re.split(r"[;\n]", str(text)) if p.strip()]
    return tuple(Package.parse(p) for p in items)


def read_number(text: str) -> float | None:
    """The number a person typed ("25", "$1,200"); None when empty; ValueError when not a number.

    Shared by every box that takes an amount, so they all accept the same spellings.
    """
    raw = str(text).strip().lstrip("$").replace(",", "").strip()
    return float(raw) if raw else None


def parse_amount(text: str, field: str, maximum: float | None = None) -> float | None:
    """A dollar amount typed by a person; empty means "not given" (None)."""
    try:
        value = read_number(text)
    except ValueError:
        raise CostInputError(field, f"must be a number, like 100 (got {text!r})") from None
    return None if value is None else _check_amount(field, value, maximum)


def parse_count(text: str, field: str, maximum: int = MAX_VISITS_PER_YEAR) -> int | None:
    """A whole number typed by a person; empty means "not given" (None)."""
    raw = str(text).strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise CostInputError(field, f"must be a whole number, like 20 (got {text!r})") from None
    return _check_count(field, value, maximum)


def parse_price(text: str, typical: float | None = None) -> PriceRange:
    """Read ``"50-150"`` (low-high) or ``"75"`` (one price)."""
    parts = [p.strip().lstrip("$") for p in str(text).split("-")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise CostInputError(
            "price_low", f"write it as LOW-HIGH, like 50-150 (got {text!r})"
        ) from None
    if len(values) == 1:
        low = high = values[0]
    elif len(values) == 2:
        low, high = values
    else:
        raise CostInputError("price_low", f"write it as LOW-HIGH, like 50-150 (got {text!r})")
    if typical is None:
        return PriceRange.between(low, high)
    _check_amount("price_low", low, MAX_SESSION_PRICE)
    _check_amount("price_high", high, MAX_SESSION_PRICE)
    if low > high:
        raise CostInputError("price_low", f"low (${low:g}) is above high (${high:g})")
    return PriceRange(low, typical, high)


def parse_sessions(text: str) -> tuple[int, int]:
    """Read ``"1-12"`` (a range) or ``"6"`` (a count): the first and last session counts shown."""
    parts = [p.strip() for p in str(text).split("-")]
    try:
        values = [int(p) for p in parts]
    except ValueError:
        raise CostInputError(
            "sessions", f"write a count or a range, like 6 or 1-12 (got {text!r})"
        ) from None
    if len(values) == 1:
        n = check_sessions(values[0])
        return n, n
    if len(values) != 2:
        raise CostInputError("sessions", f"write a count or a range, like 6 or 1-12 (got {text!r})")
    first, last = (check_sessions(v) for v in values)
    if first > last:
        raise CostInputError("sessions", f"the range starts after it ends ({first}-{last})")
    return first, last


def parse_covered(text: str) -> bool | None:
    """``yes``/``no``; ``not sure`` (or empty) gives None: dnkit cannot tell and says so."""
    t = str(text).strip().lower()
    if t in ("yes", "y", "true"):
        return True
    if t in ("no", "n", "false"):
        return False
    if t in ("", "not sure", "unknown", "not_sure", "?"):
        return None
    raise CostInputError("covered", f"answer yes, no or not sure (got {text!r})")


def normalize_profession(text: str) -> str:
    """A profession code (PT, MD, ...) from a code or a name; the regulation module knows them."""
    from dnkit.regulation import UnknownProfessionError
    from dnkit.regulation import normalize_profession as known

    try:
        return known(str(text))
    except UnknownProfessionError as err:
        raise CostInputError("profession", err.message) from None


# --- sourced facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourcedNote:
    """A sentence for the person, with where it comes from."""

    text: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class MedicareRules:
    """Original Medicare's rules for acupuncture (which covers dry needling) from NCD 30.3.3,
    and the year's Part B deductible. ``notes`` are the texts a person reads, by name (pt,
    not_listed, clbp, conditional, limits, codes, advantage), filled from these numbers."""

    initial_visits: int
    initial_days: int
    extra_visits_if_improving: int
    max_visits_per_year: int
    coinsurance_pct: float
    clbp_min_weeks: int
    part_b_deductible: float
    part_b_deductible_year: int
    part_b_deductible_sources: tuple[Citation, ...]
    eligible: tuple[str, ...]
    conditional: tuple[str, ...]
    notes: dict[str, str]
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class CostFacts:
    metro: SourcedNote
    good_faith_estimate: SourcedNote
    gfe_threshold: float
    insurance: SourcedNote
    medicare: MedicareRules


@cache
def cost_facts() -> CostFacts:
    """The sourced facts behind the routes (from ``data/cost_defaults.toml``)."""
    raw = _raw_defaults()
    m, g, i, med = (
        raw["metro_factor"],
        raw["good_faith_estimate"],
        raw["insurance"],
        raw["medicare"],
    )

    return CostFacts(
        metro=SourcedNote(_fill(m["note"], m), _sources(m)),
        good_faith_estimate=SourcedNote(_fill(g["note"], g), _sources(g)),
        gfe_threshold=float(g["dispute_threshold"]),
        insurance=SourcedNote(_fill(i["note"], i), _sources(i)),
        medicare=MedicareRules(
            initial_visits=int(med["initial_visits"]),
            initial_days=int(med["initial_days"]),
            extra_visits_if_improving=int(med["extra_visits_if_improving"]),
            max_visits_per_year=int(med["max_visits_per_year"]),
            coinsurance_pct=float(med["coinsurance_pct"]),
            clbp_min_weeks=int(med["clbp_min_weeks"]),
            part_b_deductible=float(med["part_b_deductible"]),
            part_b_deductible_year=int(med["part_b_deductible_year"]),
            part_b_deductible_sources=cites(med["part_b_deductible_sources"]),
            eligible=tuple(med["eligible"]),
            conditional=tuple(med["conditional"]),
            notes={k[5:]: _fill(v, med) for k, v in med.items() if k.startswith("note_")},
            sources=_sources(med),
        ),
    )


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pricing:
    """What the clinic charges.

    ``metro_factor`` scales the per-session price and the first-visit fee for a costlier (or
    cheaper) area. It is 1.0 unless the person sets it: dnkit has no sourced regional prices.
    Package offers are a clinic's actual prices, so the factor does not touch them.
    """

    price: PriceRange
    first_visit_fee: float = 0.0
    metro_factor: float = 1.0
    packages: tuple[Package, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.price, PriceRange):
            raise CostInputError("price_low", "must be a price range")
        _check_amount("first_visit_fee", self.first_visit_fee, MAX_FEE)
        f = _check_amount("metro_factor", self.metro_factor)
        if not MIN_METRO_FACTOR <= f <= MAX_METRO_FACTOR:
            raise CostInputError(
                "metro_factor",
                f"{f:g} is outside {MIN_METRO_FACTOR:g} to {MAX_METRO_FACTOR:g} "
                "(1 means no change)",
            )
        for p in self.packages:
            if not isinstance(p, Package):
                raise CostInputError("packages", f"not a package offer: {p!r}")
        self.session_price()  # the scaled price must still be a sensible price

    def session_price(self) -> PriceRange:
        return self.price.scaled(self.metro_factor) if self.metro_factor != 1 else self.price

    def fee(self) -> float:
        return self.first_visit_fee * self.metro_factor


@dataclass(frozen=True)
class InsurancePlan:
    """A commercial plan, as the person knows it; unknown limits are None (no limit applied).

    ``allowed_amount`` is what the plan counts for one visit; None means "use the clinic's
    price". ``coinsurance_pct`` is a percent (20 means 20%).
    """

    covered: bool
    allowed_amount: float | None = None
    deductible_remaining: float = 0.0
    copay: float = 0.0
    coinsurance_pct: float = 0.0
    oop_max_remaining: float | None = None
    visit_cap: int | None = None
    visits_used: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.covered, bool):
            raise CostInputError("covered", "answer yes or no")
        if self.allowed_amount is not None:
            _check_amount("allowed_amount", self.allowed_amount, MAX_SESSION_PRICE)
        _check_amount("deductible_remaining", self.deductible_remaining, MAX_DEDUCTIBLE)
        _check_amount("copay", self.copay, MAX_SESSION_PRICE)
        c = _check_amount("coinsurance", self.coinsurance_pct)
        if c > MAX_COINSURANCE_PCT:
            raise CostInputError(
                "coinsurance", f"is a percent from 0 to {MAX_COINSURANCE_PCT:g} (got {c:g})"
            )
        if self.oop_max_remaining is not None:
            _check_amount("oop_max_remaining", self.oop_max_remaining, MAX_OOP)
        if self.visit_cap is not None:
            _check_count("visit_cap", self.visit_cap, MAX_VISITS_PER_YEAR)
        _check_count("visits_used", self.visits_used, MAX_VISITS_PER_YEAR)


@dataclass(frozen=True)
class MedicarePlan:
    """Medicare Part B for dry needling, which it treats as acupuncture.

    ``ncd_qualified`` says that an NP, PA or licensed acupuncturist meets the NCD's degree and
    licence conditions (the person has to ask; dnkit cannot check it). Only the person knows how
    much of this year's Part B deductible is left: until they say, dnkit uses the full amount for
    the year (:func:`cost_facts`) and says so. dnkit's research gives no confirmed Medicare amount
    for a session, so without ``approved_amount`` the share is shown across the clinic's price
    range, and the words say why. ``advantage``: a Medicare Advantage plan, which sets its own
    share: dnkit cannot work it out and says what to ask.
    """

    profession: str
    chronic_low_back_pain: bool = False
    ncd_qualified: bool = False
    part_b_deductible_remaining: float | None = None
    approved_amount: float | None = None
    improving: bool = False
    visits_used: int = 0
    advantage: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "profession", normalize_profession(self.profession))
        if self.part_b_deductible_remaining is not None:
            _check_amount(
                "part_b_deductible_remaining", self.part_b_deductible_remaining, MAX_DEDUCTIBLE
            )
        if self.approved_amount is not None:
            _check_amount("approved_amount", self.approved_amount, MAX_SESSION_PRICE)
        _check_count("medicare_visits_used", self.visits_used, MAX_VISITS_PER_YEAR)

    def reason(self) -> str:
        """Why Medicare can or cannot pay, as a key of the notes: pt, not_listed, clbp,
        conditional (it cannot) or limits (it can, within its limits)."""
        rules = cost_facts().medicare
        if self.profession in ("PT", "PTA"):
            return "pt"
        if self.profession not in rules.eligible + rules.conditional:
            return "not_listed"
        if not self.chronic_low_back_pain:
            return "clbp"
        if self.profession in rules.conditional and not self.ncd_qualified:
            return "conditional"
        return "limits"

    def eligibility(self) -> tuple[bool, str]:
        """Whether Medicare can pay for this practitioner and condition, and why, in words."""
        key = self.reason()
        return key == "limits", cost_facts().medicare.notes[key]


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteCost:
    """One route at one session count: the whole bill and the part the person pays."""

    sessions: int
    total: CostBand
    out_of_pocket: CostBand
    detail: str = ""


@dataclass(frozen=True)
class Route:
    key: RouteKey
    name: str
    applies: bool
    costs: tuple[RouteCost, ...]
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    # Session numbers where something changes, e.g. ("deductible met", 5), for the crossovers.
    milestones: tuple[tuple[str, int], ...] = ()

    def milestone(self, name: str) -> int | None:
        return next((n for m, n in self.milestones if m == name), None)

    def at(self, sessions: int) -> RouteCost | None:
        return next((c for c in self.costs if c.sessions == sessions), None)


@dataclass(frozen=True)
class CostPlan:
    max_sessions: int
    routes: tuple[Route, ...]
    crossovers: tuple[str, ...]
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = field(default=())
    insurance: InsurancePlan | None = None
    medicare: MedicarePlan | None = None

    def clinic(self, sessions: int) -> tuple[str, CostBand]:
        """Paying the clinic yourself, the cheapest way: ("self_pay" or "package", band)."""
        best = self.route("self_pay")
        package = self.route("package")
        if package.applies and package.at(sessions).out_of_pocket.typical < (
            best.at(sessions).out_of_pocket.typical - _TOL
        ):
            best = package
        return best.key, best.at(sessions).out_of_pocket

    def headline(self, sessions: int, prices: str = "") -> str:
        """The person's own case first, in a sentence or two: who pays, and about how much.

        ``prices`` says whose prices these are (" at Alpha Physio's prices"), when that helps.
        """
        n = check_sessions(sessions)
        way, band = self.clinic(n)
        how = " (with the package)" if way == "package" else ""
        clinic = f"about {_about(band)} for {_span(n, n)}{prices}{how}"
        m = self.medicare
        if m is not None and m.advantage:
            return (
                "A Medicare Advantage plan sets what you pay. Ask your plan before you start. "
                f"Paying the clinic yourself costs {clinic}."
            )
        if m is not None:
            key = m.reason()
            who = _profession_name(m.profession)
            if key in ("pt", "not_listed"):
                return (
                    f"Medicare does not pay for dry needling by a {who}. "
                    f"You would pay the clinic: {clinic}."
                )
            if key == "clbp":
                return (
                    "Medicare pays for dry needling only for low back pain that lasts. "
                    f"So you would pay the clinic: {clinic}."
                )
            if key == "conditional":
                return (
                    f"Medicare pays a {who} for this only with the degree and license it asks "
                    f"for. Ask them. If not, you would pay the clinic: {clinic}."
                )
            med = self.route("medicare").at(n).out_of_pocket
            rules = cost_facts().medicare
            words = (
                f"Medicare can pay for this. You would pay about {_about(med)} for "
                f"{_span(n, n)}: the Part B deductible, then {rules.coinsurance_pct:g}% of "
                "Medicare's price."
            )
            if m.approved_amount is None:
                words += " dnkit does not know Medicare's price, so it shows a range."
            return words
        if self.insurance is not None and self.insurance.covered:
            ins = self.route("insurance").at(n).out_of_pocket
            words = f"With your insurance you would pay about {_about(ins)} for {_span(n, n)}."
            if band.typical < ins.typical - _TOL:
                words += f" Paying the clinic yourself costs less: {clinic}."
            return words
        if self.insurance is not None:
            return f"Your plan does not pay for dry needling. You would pay the clinic: {clinic}."
        return f"Paying the clinic yourself costs {clinic}."

    def route(self, key: str) -> Route:
        for r in self.routes:
            if r.key == key:
                return r
        raise KeyError(key)

    def applying(self) -> list[Route]:
        return [r for r in self.routes if r.applies]


# --- the routes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageMix:
    """The cheapest way to get at least ``sessions`` sessions: package counts plus singles."""

    sessions: int
    cost: float
    packages: tuple[tuple[Package, int], ...]
    singles: int

    def covers(self) -> int:
        return self.singles + sum(p.sessions * k for p, k in self.packages)

    def describe(self) -> str:
        parts = [
            f"{k} × {p.sessions}-session package" + ("s" if k > 1 else "") for p, k in self.packages
        ]
        if self.singles:
            parts.append(f"{self.singles} single session" + ("s" if self.singles > 1 else ""))
        text = " + ".join(parts) or "nothing"
        spare = self.covers() - self.sessions
        return text + (f" ({spare} spare)" if spare else "")


def cheapest_mixes(
    max_sessions: int, single_price: float, packages: Sequence[Package]
) -> list[PackageMix]:
    """Exact cheapest mix for every count 1..max_sessions (unbounded covering knapsack).

    Buying more sessions than needed is allowed (a 10-pack can beat 8 singles), so best[k] is
    the cheapest way to get *at least* k sessions; that also makes it non-decreasing in k.
    """
    check_sessions(max_sessions, "max sessions")
    _check_amount("price", single_price, MAX_SESSION_PRICE)
    best: list[float] = [0.0] + [math.inf] * max_sessions
    choice: list[Package | None] = [None] * (max_sessions + 1)
    for k in range(1, max_sessions + 1):
        best[k] = best[k - 1] + single_price
        for p in packages:
            cost = best[max(0, k - p.sessions)] + p.price
            if cost < best[k] - 1e-9:
                best[k], choice[k] = cost, p
    mixes = []
    for n in range(1, max_sessions + 1):
        counts: dict[Package, int] = {}
        singles, k = 0, n
        while k > 0:
            p = choice[k]
            if p is None:
                singles += 1
                k -= 1
            else:
                counts[p] = counts.get(p, 0) + 1
                k = max(0, k - p.sessions)
        ordered = tuple(sorted(counts.items(), key=lambda pk: -pk[0].sessions))
        mixes.append(PackageMix(n, best[n], ordered, singles))
    return mixes


def _band(n: int, values: dict[Level, float]) -> CostBand:
    return CostBand(n, *(round(values[lv], 2) for lv in LEVELS))


def _self_pay(max_sessions: int, pricing: Pricing) -> Route:
    price, fee = pricing.session_price(), pricing.fee()
    costs = []
    for n in range(1, max_sessions + 1):
        band = _band(n, {lv: fee + n * price.level(lv) for lv in LEVELS})
        costs.append(RouteCost(n, band, band))
    facts = cost_facts()
    gfe = facts.good_faith_estimate
    notes = [gfe.text]
    sources = [*gfe.sources, default_price().source]
    if pricing.metro_factor != 1:
        notes.append(
            f"Prices are multiplied by your area factor of {pricing.metro_factor:g}. "
            + facts.metro.text
        )
        sources.extend(facts.metro.sources)
    return Route(
        "self_pay", ROUTE_NAMES["self_pay"], True, tuple(costs), tuple(notes), tuple(sources)
    )


def _packages(max_sessions: int, pricing: Pricing) -> Route:
    if not pricing.packages:
        return Route("package", ROUTE_NAMES["package"], False, (), ("No package offers entered.",))
    price, fee = pricing.session_price(), pricing.fee()
    by_level = {
        lv: cheapest_mixes(max_sessions, price.level(lv), pricing.packages) for lv in LEVELS
    }
    costs = []
    for i in range(max_sessions):
        n = i + 1
        # min() with per-visit cost only guards against float noise in the running sums.
        band = _band(n, {lv: fee + min(by_level[lv][i].cost, n * price.level(lv)) for lv in LEVELS})
        costs.append(RouteCost(n, band, band, by_level["typical"][i].describe()))
    offers = "; ".join(p.label() for p in pricing.packages)
    notes = (
        f"Offers: {offers}. dnkit finds the cheapest mix of packages and single visits. "
        "You may end up with spare sessions.",
        "You pay for a package yourself, so the Good Faith Estimate right holds too.",
    )
    return Route("package", ROUTE_NAMES["package"], True, tuple(costs), notes)


@dataclass(frozen=True)
class _Run:
    """Running totals of one covered-visits simulation, for one price level."""

    totals: list[float]
    oop: list[float]
    deductible_met_at: int | None
    oop_max_at: int | None
    uncovered_from: int | None


def _simulate(
    max_sessions: int,
    covered_visits: int | None,
    allowed: float,
    cash: float,
    deductible: float,
    copay: float,
    coinsurance: float,
    oop_max: float | None,
    fee: float,
) -> _Run:
    """Visit by visit: deductible, then copay + coinsurance, capped by the out-of-pocket maximum.

    Visits past ``covered_visits`` (None = no cap) are paid at the cash price and do not count
    toward the plan's out-of-pocket maximum. The first-visit fee is outside the plan.
    """
    total = paid = fee
    ded_left, oop_left = deductible, oop_max
    totals, oop = [], []
    ded_met = oop_at = uncovered_from = None
    if deductible <= 0:
        ded_met = 0
    for n in range(1, max_sessions + 1):
        if covered_visits is not None and n > covered_visits:
            uncovered_from = uncovered_from or n
            total += cash
            paid += cash
        else:
            total += allowed
            toward_deductible = min(allowed, ded_left)
            ded_left -= toward_deductible
            rest = allowed - toward_deductible
            share = toward_deductible + min(rest, copay + coinsurance / 100 * rest)
            if oop_left is not None:
                share = min(share, oop_left)
                oop_left -= share
                if oop_left <= _TOL and oop_at is None:
                    oop_at = n
            paid += share
            if ded_met is None and ded_left <= _TOL:
                ded_met = n
        totals.append(total)
        oop.append(paid)
    return _Run(totals, oop, ded_met, oop_at, uncovered_from)


def _runs_route(key: RouteKey, max_sessions: int, runs: dict[Level, _Run], notes, sources) -> Route:
    costs = tuple(
        RouteCost(
            n,
            _band(n, {lv: runs[lv].totals[n - 1] for lv in LEVELS}),
            _band(n, {lv: runs[lv].oop[n - 1] for lv in LEVELS}),
        )
        for n in range(1, max_sessions + 1)
    )
    t = runs["typical"]
    marks = (
        ("deductible met", t.deductible_met_at),
        ("out-of-pocket maximum", t.oop_max_at),
        ("not covered from", t.uncovered_from),
    )
    milestones = tuple((m, n) for m, n in marks if n)
    return Route(key, ROUTE_NAMES[key], True, costs, tuple(notes), tuple(sources), milestones)


def _insurance(max_sessions: int, pricing: Pricing, plan: InsurancePlan | None) -> Route:
    facts = cost_facts().insurance
    if plan is None:
        return Route(
            "insurance",
            ROUTE_NAMES["insurance"],
            False,
            (),
            ("You have not said whether your plan pays for dry needling. " + facts.text,),
            facts.sources,
        )
    price, fee = pricing.session_price(), pricing.fee()
    if plan.covered:
        slots = None if plan.visit_cap is None else max(0, plan.visit_cap - plan.visits_used)
    else:
        slots = 0
    runs = {
        lv: _simulate(
            max_sessions,
            slots,
            plan.allowed_amount if plan.allowed_amount is not None else price.level(lv),
            price.level(lv),
            plan.deductible_remaining,
            plan.copay,
            plan.coinsurance_pct,
            plan.oop_max_remaining,
            fee,
        )
        for lv in LEVELS
    }
    notes = [facts.text]
    if not plan.covered:
        notes.insert(0, "Your plan does not pay for dry needling, so you pay the clinic's price.")
    else:
        notes.append(_insurance_events(runs["typical"], plan, slots, price.typical))
        if plan.allowed_amount is None:
            notes.append(
                "You did not give your plan's allowed amount. So dnkit uses the clinic's price. "
                "In-network plans often allow less."
            )
    return _runs_route("insurance", max_sessions, runs, [n for n in notes if n], facts.sources)


def _insurance_events(run: _Run, plan: InsurancePlan, slots: int | None, cash: float) -> str:
    out = []
    if plan.deductible_remaining > 0:
        if run.deductible_met_at:
            out.append(
                f"You pay the full allowed amount until your {money(plan.deductible_remaining)} "
                f"deductible is met, at session {run.deductible_met_at}."
            )
        else:
            out.append(
                f"Your {money(plan.deductible_remaining)} deductible is not met in these "
                "sessions. So you pay the full allowed amount each time."
            )
    if run.oop_max_at:
        out.append(
            f"You reach your out-of-pocket maximum at session {run.oop_max_at}. After that, "
            "covered visits cost you nothing."
        )
    if slots is not None:
        if slots == 0:
            out.append(
                f"You have used all {plan.visit_cap} visits your plan allows this year. So each "
                f"session costs the clinic's price, about {money(cash)}."
            )
        else:
            out.append(
                f"Your plan pays for {slots} more visit{'s' if slots != 1 else ''} this year. "
                f"After that, each session costs the clinic's price, about {money(cash)}."
            )
    return " ".join(out)


def _medicare(max_sessions: int, pricing: Pricing, plan: MedicarePlan | None) -> Route:
    rules = cost_facts().medicare
    if plan is None:
        return Route("medicare", ROUTE_NAMES["medicare"], False, ())
    price, fee = pricing.session_price(), pricing.fee()
    eligible, why = plan.eligibility()
    if plan.advantage:
        # The plan sets the person's share: nothing to work out, only what to ask.
        notes = (rules.notes["advantage"], why, rules.notes["codes"])
        return Route("medicare", ROUTE_NAMES["medicare"], False, (), notes, rules.sources)
    deductible = plan.part_b_deductible_remaining
    if deductible is None:
        deductible = rules.part_b_deductible
    limit = rules.initial_visits + (rules.extra_visits_if_improving if plan.improving else 0)
    limit = min(limit, rules.max_visits_per_year)
    slots = max(0, limit - plan.visits_used) if eligible else 0
    runs = {
        lv: _simulate(
            max_sessions,
            slots,
            plan.approved_amount if plan.approved_amount is not None else price.level(lv),
            price.level(lv),
            deductible,
            0.0,
            rules.coinsurance_pct,
            None,
            fee,
        )
        for lv in LEVELS
    }
    notes = [why]
    if eligible:
        more = (
            f" It pays {rules.extra_visits_if_improving} more only if your back pain gets better."
        )
        window = (
            f"The first {rules.initial_visits} visits must fall within {rules.initial_days} days."
        )
        notes.append(
            f"Medicare can pay for {slots} more visit{'s' if slots != 1 else ''} here."
            + ("" if plan.improving else more)
            + f" {window} After that you pay the clinic's price."
        )
        if plan.part_b_deductible_remaining is None:
            notes.append(
                f"dnkit used the full Part B deductible for {rules.part_b_deductible_year}: "
                f"{money(rules.part_b_deductible)}. If you paid some of it this year, say how "
                "much is left. If you have met it, say so."
            )
        if plan.approved_amount is None:
            notes.append(
                "dnkit does not know Medicare's price for a visit, so your share is shown "
                "across the clinic's prices, as a range. Ask the clinic what Medicare allows. "
                "It is likely lower."
            )
    else:
        notes.append("So you pay the clinic's price for every session.")
    notes += [rules.notes["codes"], rules.notes["advantage"]]
    return _runs_route("medicare", max_sessions, runs, notes, rules.sources)


# --- crossovers in words ----------------------------------------------------------------------


def _about(band: CostBand) -> str:
    """``$600``, or ``$600 ($300 to $900)`` when low and high differ."""
    if abs(band.high - band.low) < 0.5:
        return money(band.typical)
    return f"{money(band.typical)} ({money(band.low)} to {money(band.high)})"


def _profession_name(code: str) -> str:
    from dnkit.regulation import PROFESSIONS

    return PROFESSIONS.get(code, "provider")


def _span(a: int, b: int) -> str:
    return f"{a} session{'s' if a != 1 else ''}" if a == b else f"{a} to {b} sessions"


def compare_in_words(
    a: str, a_costs: Sequence[float], b: str, b_costs: Sequence[float], first: int = 1
) -> str:
    """One or two sentences saying where route ``a`` costs less than, the same as, or more
    than route ``b`` (costs are for ``first``, ``first + 1``, ... sessions)."""
    if len(a_costs) != len(b_costs) or not a_costs:
        raise ValueError("compare_in_words needs two equal, non-empty cost lists")
    signs = [
        0 if abs(x - y) <= _TOL else (-1 if x < y else 1)
        for x, y in zip(a_costs, b_costs, strict=True)
    ]
    runs: list[tuple[int, int, int]] = []  # (sign, first n, last n)
    for i, s in enumerate(signs):
        n = first + i
        if runs and runs[-1][0] == s:
            runs[-1] = (s, runs[-1][1], n)
        else:
            runs.append((s, n, n))
    last = first + len(signs) - 1
    if len(runs) == 1:
        s = runs[0][0]
        span = f"{_span(first, last)}" if first != last else _span(first, first)
        if s == 0:
            return f"For {span}, {a} and {b} cost you the same."
        cheap, dear = (a, b) if s < 0 else (b, a)
        return f"For {span}, {cheap} is cheaper than {dear}."
    s_last, start, _ = runs[-1]
    if s_last != 0 and len(runs) == 2:
        cheap, dear = (a, b) if s_last < 0 else (b, a)
        before = "they cost the same" if runs[0][0] == 0 else f"{dear} is cheaper"
        return (
            f"From {start} sessions on, {cheap} is cheaper than {dear}. "
            f"For fewer sessions, {before}."
        )
    parts = []
    for i, (s, x, y) in enumerate(runs):
        if s == 0:
            who = f"{a} and {b} cost" if i == 0 else "they cost"
            parts.append(f"For {_span(x, y)}, {who} the same.")
        else:
            cheap = a if s < 0 else b
            rest = f" than {b if s < 0 else a}" if i == 0 else ""
            parts.append(f"For {_span(x, y)}, {cheap} is cheaper{rest}.")
    return " ".join(parts)


def _package_phrase(route: Route, start: int) -> str:
    """Name the package as the person would ("the 6-session package") when one offer does it."""
    mix_text = route.at(start).detail if route.at(start) else ""
    m = re.fullmatch(r"1 × (\d+)-session package(?: \(\d+ spare\))?", mix_text)
    return f"the {m.group(1)}-session package" if m else "buying packages"


def crossover_sentences(plan: CostPlan) -> tuple[str, ...]:
    """Where each way of paying becomes cheaper than paying per visit, in words."""
    base = plan.route("self_pay")
    base_oop = [c.out_of_pocket.typical for c in base.costs]
    out = []
    for route in plan.applying():
        if route.key == "self_pay":
            continue
        costs = [c.out_of_pocket.typical for c in route.costs]
        if route.key == "package":
            first_cheaper = next(
                (
                    i + 1
                    for i, (x, y) in enumerate(zip(costs, base_oop, strict=True))
                    if x < y - _TOL
                ),
                1,
            )
            name = _package_phrase(route, first_cheaper)
        else:
            name = {"insurance": "using your insurance", "medicare": "using Medicare"}[route.key]
        out.append(compare_in_words(name, costs, "paying per visit", base_oop))
        met = route.milestone("deductible met")
        if route.key == "insurance" and met and met > 1:
            before = [c - b for c, b in zip(costs[: met - 1], base_oop[: met - 1], strict=True)]
            if all(d > _TOL for d in before):
                out.append(
                    f"Insurance costs you more than paying cash until your deductible is met "
                    f"at session {met}."
                )
            elif all(abs(d) <= _TOL for d in before):
                out.append(
                    f"Insurance costs the same as cash until your deductible is met at "
                    f"session {met}."
                )
    if plan.route("package").applies and plan.route("insurance").applies:
        out.append(
            compare_in_words(
                "a package",
                [c.out_of_pocket.typical for c in plan.route("package").costs],
                "insurance",
                [c.out_of_pocket.typical for c in plan.route("insurance").costs],
            )
        )
    return tuple(out)


def plan_costs(
    max_sessions: int,
    pricing: Pricing,
    insurance: InsurancePlan | None = None,
    medicare: MedicarePlan | None = None,
) -> CostPlan:
    """Every route's total and out-of-pocket cost for 1..max_sessions sessions."""
    check_sessions(max_sessions, "sessions")
    if not isinstance(pricing, Pricing):
        raise CostInputError("price_low", "must be a Pricing")
    routes = (
        _self_pay(max_sessions, pricing),
        _packages(max_sessions, pricing),
        _insurance(max_sessions, pricing, insurance),
        _medicare(max_sessions, pricing, medicare),
    )
    notes = []
    if pricing.fee():
        notes.append(
            f"Each way of paying adds the first-visit fee of {money(pricing.fee())}. "
            "dnkit does not know if a plan pays for that visit."
        )
    sources: list[Citation] = []
    for r in routes:
        for s in r.sources:
            if s not in sources:
                sources.append(s)
    draft = CostPlan(max_sessions, routes, (), tuple(notes), tuple(sources))
    return CostPlan(
        max_sessions,
        routes,
        crossover_sentences(draft),
        tuple(notes),
        tuple(sources),
        insurance,
        medicare,
    )


def course_cost(sessions: int, pricing: Pricing) -> CostBand:
    """What ``sessions`` sessions cost paying yourself: per visit, or the cheapest package mix
    when the clinic offers packages (never more than per visit). For comparing providers."""
    n = check_sessions(sessions)
    plan = plan_costs(n, pricing)
    route = plan.route("package") if plan.route("package").applies else plan.route("self_pay")
    return route.at(n).out_of_pocket
