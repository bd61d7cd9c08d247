"""What a person told dnkit about prices, insurance and Medicare: the one model of cost inputs.

The dashboard's cost step, the saved plan, the browser draft, the printed summary and the
``dnkit costs`` command all hold these inputs as a :class:`CostInputs`. Its checks are the cost
engine's own (:mod:`dnkit.costs`, bounds from :mod:`dnkit.limits`): a value is accepted here
exactly when the engine can use it, so what a chart shows and what the plan keeps never differ.

Amounts may be given as numbers or as the text a person typed ("$1,200", "" for none), so a text
box and a command-line option are read the same way.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dnkit.errors import CostInputError

Covered = Literal["yes", "no", "unknown"]

# Amounts that mean "none" when left empty, and those that mean 0.
OPTIONAL_AMOUNTS = (
    "price_typical",
    "allowed_amount",
    "oop_max_remaining",
    "part_b_deductible_remaining",
    "approved_amount",
)
ZERO_AMOUNTS = ("first_visit_fee", "deductible_remaining", "copay", "coinsurance")
COUNTS = ("visit_cap", "visits_used", "medicare_visits_used")
# What a person says about her insurance plan, in the order the dashboard and the CLI ask it
# (whether it covers dry needling at all is asked first, apart).
INSURANCE_TERMS = (
    "allowed_amount",
    "deductible_remaining",
    "copay",
    "coinsurance",
    "oop_max_remaining",
    "visit_cap",
    "visits_used",
)
SWITCHES = (
    "medicare",
    "medicare_advantage",
    "chronic_low_back_pain",
    "ncd_qualified",
    "improving",
    "part_b_met",
)


def _default_low() -> float:
    from dnkit.costs import default_price

    return default_price().price.low


def _default_high() -> float:
    from dnkit.costs import default_price

    return default_price().price.high


class CostInputs(BaseModel):
    """The cost planner's inputs, as the person gave them (checked by the cost engine)."""

    model_config = ConfigDict(extra="forbid", defer_build=True, frozen=True)

    sessions: int = 6
    # Until the person gives a price, the sourced (UNCONFIRMED) default range of cost_defaults.toml.
    price_low: float = Field(default_factory=_default_low)
    price_high: float = Field(default_factory=_default_high)
    price_typical: float | None = None
    first_visit_fee: float = 0.0
    packages: tuple[str, ...] = ()
    metro_factor: float = 1.0
    covered: Covered = "unknown"
    allowed_amount: float | None = None
    deductible_remaining: float = 0.0
    copay: float = 0.0
    coinsurance: float = 0.0
    oop_max_remaining: float | None = None
    visit_cap: int | None = None
    visits_used: int = 0
    # Whose prices: None, the first-ranked saved provider with a price (or the only one); "",
    # the prices typed here; a name, that saved provider's price, packages and first-visit fee.
    provider: str | None = None
    medicare: bool = False  # Original Medicare
    medicare_advantage: bool = False  # a Medicare Advantage plan instead
    profession: str = "PT"
    chronic_low_back_pain: bool = False
    ncd_qualified: bool = False
    improving: bool = False
    part_b_deductible_remaining: float | None = None  # None: not said (the year's full amount)
    part_b_met: bool = False  # "I have already met it this year"
    approved_amount: float | None = None
    medicare_visits_used: int = 0

    # -- reading what was typed
    @field_validator("*", mode="before")
    @classmethod
    def _typed(cls, v: Any, info: ValidationInfo) -> Any:
        """Read typed text with the engine's readers; refuse NaN and yes/no where a number goes."""
        from dnkit.costs import parse_amount, parse_count, parse_covered

        name = info.field_name or ""
        try:
            if isinstance(v, float) and not math.isfinite(v):
                raise CostInputError(name, "must be a finite number")
            if isinstance(v, bool) and name == "covered":
                return "yes" if v else "no"
            if isinstance(v, bool) and name not in SWITCHES:
                raise CostInputError(name, f"must be a number, not {str(v).lower()}")
            if name == "covered" and isinstance(v, str):
                answer = parse_covered(v)
                return "unknown" if answer is None else ("yes" if answer else "no")
            if name == "packages" and isinstance(v, str):
                return tuple(p.strip() for p in re.split(r"[;\n]", v) if p.strip())
            if not isinstance(v, str):
                return v
            if name in OPTIONAL_AMOUNTS:
                return parse_amount(v, name)
            if name in ZERO_AMOUNTS:
                return parse_amount(v, name) or 0.0
            if name in ("price_low", "price_high", "metro_factor"):
                value = parse_amount(v, name)
                if value is None:
                    raise CostInputError(name, "needs a number")
                return value
            if name in COUNTS or name == "sessions":
                value = parse_count(v, name, maximum=10**6)
                return 0 if value is None and name != "visit_cap" else value
        except CostInputError as err:
            raise ValueError(err.message) from None
        return v

    @field_validator("packages")
    @classmethod
    def _packages(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        """Each offer as the engine reads it; the message says which one is wrong."""
        from dnkit.costs import Package
        from dnkit.limits import MAX_PACKAGES

        if len(v) > MAX_PACKAGES:
            raise ValueError(f"give at most {MAX_PACKAGES} package offers")
        out = []
        for i, text in enumerate(v, start=1):
            try:
                p = Package.parse(text)
            except CostInputError as err:
                raise ValueError(f"package {i}: {err.message}") from None
            out.append(f"{p.sessions}:{p.price:g}")
        return tuple(out)

    @field_validator("profession")
    @classmethod
    def _profession(cls, v: str) -> str:
        from dnkit.costs import normalize_profession

        try:
            return normalize_profession(v)
        except CostInputError as err:
            raise ValueError(err.message) from None

    # -- the engine's checks, all of them, whatever applies today
    @model_validator(mode="after")
    def _engine_accepts(self) -> CostInputs:
        """Build every engine object (insurance and Medicare too, even when they do not apply
        yet), so a value the engine would refuse is refused here, naming its field."""
        from dnkit.costs import check_sessions

        try:
            check_sessions(self.sessions)
            self.pricing()
            self._insurance(covered=True)
            self._medicare()
        except CostInputError as err:
            raise PydanticCustomError(
                "cost_input", "{message}", {"field": err.field, "message": err.message}
            ) from None
        return self

    # -- the engine's objects
    def pricing(self) -> Any:
        """The clinic's prices as a :class:`dnkit.costs.Pricing`."""
        from dnkit.costs import Package, PriceRange, Pricing

        if self.price_typical is None:
            price = PriceRange.between(self.price_low, self.price_high)
        else:
            price = PriceRange(self.price_low, self.price_typical, self.price_high)
        return Pricing(
            price=price,
            first_visit_fee=self.first_visit_fee,
            metro_factor=self.metro_factor,
            packages=tuple(Package.parse(p) for p in self.packages),
        )

    def _insurance(self, covered: bool) -> Any:
        from dnkit.costs import InsurancePlan

        return InsurancePlan(
            covered=covered,
            allowed_amount=self.allowed_amount,
            deductible_remaining=self.deductible_remaining,
            copay=self.copay,
            coinsurance_pct=self.coinsurance,
            oop_max_remaining=self.oop_max_remaining,
            visit_cap=self.visit_cap,
            visits_used=self.visits_used,
        )

    def _medicare(self) -> Any:
        from dnkit.costs import MedicarePlan

        left = 0.0 if self.part_b_met else self.part_b_deductible_remaining
        return MedicarePlan(
            profession=self.profession,
            chronic_low_back_pain=self.chronic_low_back_pain,
            ncd_qualified=self.ncd_qualified,
            part_b_deductible_remaining=left,
            approved_amount=self.approved_amount,
            improving=self.improving,
            visits_used=self.medicare_visits_used,
            advantage=self.medicare_advantage,
        )

    def insurance(self) -> Any:
        """The commercial plan, or None while the person is not sure it pays (then dnkit leaves
        insurance out and says so; the typed figures are kept for when they find out)."""
        return None if self.covered == "unknown" else self._insurance(self.covered == "yes")

    def medicare_plan(self) -> Any:
        return self._medicare() if self.medicare or self.medicare_advantage else None

    def to_domain(self, pricing: Any = None) -> tuple[Any, Any, Any]:
        """(Pricing, InsurancePlan or None, MedicarePlan or None) for :func:`plan_costs`;
        ``pricing`` replaces the typed prices (a saved provider's, say)."""
        return pricing or self.pricing(), self.insurance(), self.medicare_plan()

    def plan_costs(self, max_sessions: int | None = None, pricing: Any = None) -> Any:
        """Every way of paying for 1..``max_sessions`` (default: the planned) sessions."""
        from dnkit.costs import plan_costs

        return plan_costs(max_sessions or self.sessions, *self.to_domain(pricing))
