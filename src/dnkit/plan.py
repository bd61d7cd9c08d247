"""The patient's plan: everything they entered, saved to and loaded from one JSON file.

A plan file carries a schema version. Loading validates the whole file first and only then
replaces the current plan, so a bad file never leaves a half-loaded plan behind. Older versions
are migrated; newer ones are refused with a message that says so.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

SCHEMA_VERSION = 1
MAX_PLAN_BYTES = 5_000_000
MAX_PROVIDERS = 50
YesNo = Literal["yes", "no"] | None


class PlanLoadError(ValueError):
    """A plan file cannot be used. ``where`` names the field (dotted path) or ``file``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


_YES_NO_FIELDS = {
    "has_insurance",
    "medicare",
    "chronic_low_back_pain",
    "ncd_qualified",
    "improving",
}


class CostInputs(BaseModel):
    """The cost planner's inputs, bounded so a tampered value cannot slip through."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    sessions: int = Field(6, ge=1, le=60)
    price_low: float = Field(50, ge=0, le=5000)
    price_high: float = Field(150, ge=0, le=5000)
    first_visit_fee: float = Field(0, ge=0, le=5000)
    packages: list[str] = Field(default_factory=list, max_length=10)
    metro_factor: float = Field(1.0, ge=0.5, le=3)
    has_insurance: bool = False
    covered: Literal["yes", "no", "unknown"] = "unknown"
    allowed_amount: float | None = Field(None, ge=0, le=5000)
    deductible_remaining: float = Field(0, ge=0, le=100_000)
    copay: float = Field(0, ge=0, le=5000)
    coinsurance: float = Field(0, ge=0, le=100)
    oop_max_remaining: float | None = Field(None, ge=0, le=1_000_000)
    visit_cap: int | None = Field(None, ge=0, le=365)
    visits_used: int = Field(0, ge=0, le=365)
    medicare: bool = False
    profession: str = "PT"
    chronic_low_back_pain: bool = False
    ncd_qualified: bool = False
    improving: bool = False
    part_b_deductible_remaining: float | None = Field(None, ge=0, le=100_000)
    approved_amount: float | None = Field(None, ge=0, le=5000)

    @field_validator("*", mode="before")
    @classmethod
    def _finite(cls, v: Any, info: ValidationInfo) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("must be a finite number")
        if isinstance(v, bool) and info.field_name not in _YES_NO_FIELDS:
            raise ValueError(f"must be a number, not {str(v).lower()}")
        return v

    @field_validator("packages")
    @classmethod
    def _packages_usable(cls, v: list[str]) -> list[str]:
        from dnkit.costs import CostInputError, Package

        for i, text in enumerate(v, start=1):
            try:
                Package.parse(text)
            except CostInputError as err:
                raise ValueError(f"package {i}: {err.message}") from None
        return v

    @field_validator("profession")
    @classmethod
    def _profession(cls, v: str) -> str:
        from dnkit.regulation import normalize_profession

        return normalize_profession(v)

    def to_domain(self) -> tuple[Any, Any, Any]:
        """(Pricing, InsurancePlan or None, MedicarePlan or None) for :func:`plan_costs`."""
        from dnkit.costs import (
            InsurancePlan,
            MedicarePlan,
            Package,
            PriceRange,
            Pricing,
        )

        pricing = Pricing(
            price=PriceRange.between(self.price_low, self.price_high),
            first_visit_fee=self.first_visit_fee,
            metro_factor=self.metro_factor,
            packages=tuple(Package.parse(p) for p in self.packages),
        )
        insurance = None
        if self.has_insurance and self.covered != "unknown":
            insurance = InsurancePlan(
                covered=self.covered == "yes",
                allowed_amount=self.allowed_amount,
                deductible_remaining=self.deductible_remaining,
                copay=self.copay,
                coinsurance_pct=self.coinsurance,
                oop_max_remaining=self.oop_max_remaining,
                visit_cap=self.visit_cap,
                visits_used=self.visits_used,
            )
        medicare = None
        if self.medicare:
            medicare = MedicarePlan(
                profession=self.profession,
                chronic_low_back_pain=self.chronic_low_back_pain,
                ncd_qualified=self.ncd_qualified,
                part_b_deductible_remaining=self.part_b_deductible_remaining,
                approved_amount=self.approved_amount,
                improving=self.improving,
            )
        return pricing, insurance, medicare


class SureAnswers(BaseModel):
    """The four yes/no answers of the SURE check; None means not answered yet."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    sure: YesNo = None
    informed: YesNo = None
    values: YesNo = None
    support: YesNo = None


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    schema_version: int = SCHEMA_VERSION
    saved_at: str = ""
    jurisdiction: str | None = None
    concern: str = Field("", max_length=500)
    providers: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_PROVIDERS)
    shortlist: list[str] = Field(default_factory=list, max_length=MAX_PROVIDERS)
    weights: dict[str, float] = Field(default_factory=dict)
    must_haves: dict[str, Any] = Field(default_factory=dict)
    preferred_settings: list[str] = Field(default_factory=list, max_length=10)
    costs: CostInputs = Field(default_factory=CostInputs)
    values: dict[str, Literal["little", "some", "lot"]] = Field(default_factory=dict)
    sure_start: SureAnswers = Field(default_factory=SureAnswers)
    sure_end: SureAnswers = Field(default_factory=SureAnswers)

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdiction(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        from dnkit.regulation import normalize_jurisdiction

        return normalize_jurisdiction(v)

    @field_validator("weights")
    @classmethod
    def _weights_in_range(cls, v: dict[str, float]) -> dict[str, float]:
        for key, w in v.items():
            if not (isinstance(w, int | float) and math.isfinite(w) and 0 <= w <= 100):
                raise ValueError(f"weight for {key!r} must be a number from 0 to 100")
        return v

    @field_validator("must_haves")
    @classmethod
    def _must_haves_valid(cls, v: dict[str, Any]) -> dict[str, Any]:
        from dnkit.compare import MustHaves

        MustHaves.from_mapping(v)  # raises a message naming the must-have
        return v

    @field_validator("values")
    @classmethod
    def _values_known(cls, v: dict[str, str]) -> dict[str, str]:
        from dnkit.guide import decision_frame

        known = [p.key for p in decision_frame().values]
        bad = [k for k in v if k not in known]
        if bad:
            raise ValueError(f"{bad[0]!r} is not one of the questions ({', '.join(known)})")
        return v

    @field_validator("preferred_settings")
    @classmethod
    def _settings_known(cls, v: list[str]) -> list[str]:
        from dnkit.providers import SETTINGS

        bad = [s for s in v if s not in SETTINGS]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a setting ({', '.join(SETTINGS)})")
        return v

    @field_validator("providers")
    @classmethod
    def _providers_valid(cls, v: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from dnkit.providers import Provider

        out = []
        for i, raw in enumerate(v, start=1):
            try:
                out.append(Provider.model_validate(raw).model_dump(mode="json"))
            except ValidationError as err:
                first = err.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                raise ValueError(f"provider {i}, {loc}: {_plain(first['msg'], ())}") from None
        return out


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older plan file up to the current schema."""
    version = raw.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanLoadError("schema_version", f"must be a whole number, got {version!r}")
    if version > SCHEMA_VERSION:
        raise PlanLoadError(
            "schema_version",
            f"this plan was saved by a newer dnkit (schema {version}); this dnkit reads up to "
            f"{SCHEMA_VERSION}. Please update dnkit.",
        )
    if version == 0:
        # Version 0 (early drafts) kept the state as "state" and sessions at the top level.
        raw = dict(raw)
        if "state" in raw and "jurisdiction" not in raw:
            raw["jurisdiction"] = raw.pop("state")
        if "sessions" in raw:
            raw.setdefault("costs", {})
            raw["costs"] = {**raw["costs"], "sessions": raw.pop("sessions")}
        raw["schema_version"] = 1
    return raw


def plan_to_json(plan: Plan) -> str:
    data = plan.model_dump(mode="json")
    data["saved_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def load_plan(data: bytes | str, filename: str = "plan file") -> Plan:
    """Parse and validate a plan file completely; raise PlanLoadError naming what is wrong."""
    if isinstance(data, bytes):
        if len(data) > MAX_PLAN_BYTES:
            raise PlanLoadError(
                filename, f"is {len(data):,} bytes; a plan file is at most {MAX_PLAN_BYTES:,} bytes"
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanLoadError(filename, "is not a text file (expected dnkit plan JSON)") from None
    if not data.strip():
        raise PlanLoadError(filename, "is empty")
    try:
        raw = json.loads(data, parse_constant=_reject_constant)
    except RecursionError:
        raise PlanLoadError(filename, "is nested too deeply to be a dnkit plan") from None
    except json.JSONDecodeError as err:
        raise PlanLoadError(
            filename, f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    except ValueError as err:
        raise PlanLoadError(filename, str(err)) from None
    if not isinstance(raw, dict):
        raise PlanLoadError(filename, "should hold one JSON object (a dnkit plan)")
    raw = _migrate(raw)
    try:
        return Plan.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or filename
        raise PlanLoadError(where, _plain(first["msg"], first["loc"])) from None


def _plain(message: str, loc: tuple) -> str:
    """Pydantic's message without its "Value error, " and without a repeat of the field name."""
    message = message.replace("Value error, ", "")
    last = str(loc[-1]) if loc else ""
    return message.removeprefix(f"{last}: ") if last else message


def _reject_constant(name: str) -> float:
    raise ValueError(f"contains {name}, which is not a number dnkit can use")


class PlanStore:
    """One source of truth for the plan; views subscribe and are told when it changes."""

    def __init__(self, plan: Plan | None = None) -> None:
        self._plan = plan or Plan()
        self._listeners: list[Callable[[Plan, set[str]], None]] = []

    @property
    def plan(self) -> Plan:
        return self._plan

    def subscribe(self, listener: Callable[[Plan, set[str]], None]) -> None:
        self._listeners.append(listener)

    def update(self, **changes: Any) -> Plan:
        """Validate the changed plan as a whole, then swap it in and notify."""
        candidate = Plan.model_validate({**self._plan.model_dump(mode="json"), **_dump(changes)})
        return self._replace(candidate, set(changes))

    def replace(self, plan: Plan) -> Plan:
        return self._replace(plan, set(Plan.model_fields))

    def _replace(self, plan: Plan, changed: set[str]) -> Plan:
        self._plan = plan
        for listener in list(self._listeners):
            listener(plan, changed)
        return plan


def _dump(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.model_dump(mode="json") if isinstance(v, BaseModel) else v)
        for k, v in changes.items()
    }
