"""The patient's plan: everything they entered, saved to and loaded from one JSON file.

A plan file carries a schema version. Loading validates the whole file first and only then
replaces the current plan, so a bad file never leaves a half-loaded plan behind. Older versions
are migrated; newer ones are refused with a message that says so.

The plan holds typed values (providers are :class:`~dnkit.providers.Provider` objects, cost
inputs a :class:`~dnkit.cost_inputs.CostInputs`), so nobody downstream checks them again. The
rules for changing the list of providers (add, drop duplicate names, cap the list, remove) are
methods here, written once. :class:`dnkit.store.PlanStore` holds the current plan for views.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from dnkit.cost_inputs import CostInputs
from dnkit.errors import PlanInputError, PlanLoadError, first_problem
from dnkit.limits import (
    MAX_CONCERN_CHARS,
    MAX_PLAN_BYTES,
    MAX_PREFERRED_SETTINGS,
    MAX_PROVIDERS,
    MAX_WEIGHT,
    TEXT_LIMIT,
)
from dnkit.providers import Provider

if TYPE_CHECKING:
    from dnkit.compare import Comparison

SCHEMA_VERSION = 2
YesNo = Literal["yes", "no"] | None

__all__ = [
    "MAX_PROVIDERS",
    "SCHEMA_VERSION",
    "CostInputs",
    "Plan",
    "PlanLoadError",
    "ProvidersAdded",
    "SureAnswers",
    "load_plan",
    "plan_to_json",
]


class SureAnswers(BaseModel):
    """The four yes/no answers of the SURE check; None means not answered yet."""

    model_config = ConfigDict(extra="forbid", defer_build=True, frozen=True)

    sure: YesNo = None
    informed: YesNo = None
    values: YesNo = None
    support: YesNo = None


def name_key(name: str) -> str:
    """Two providers are the same entry when their names differ only in case or spacing."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class ProvidersAdded:
    """What adding providers did: the new plan and which names were new, replaced or kept."""

    plan: Plan
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    kept: tuple[str, ...]


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, frozen=True)

    schema_version: int = SCHEMA_VERSION
    saved_at: str = ""
    jurisdiction: str | None = None
    # Who offered dry needling (a profession code) and, if the person gave it, their name: the
    # first screen answers for them, and the provider check starts from them.
    offered_by: str = "PT"
    offered_by_name: str = Field("", max_length=TEXT_LIMIT)
    concern: str = Field("", max_length=MAX_CONCERN_CHARS)
    providers: tuple[Provider, ...] = Field(default=(), max_length=MAX_PROVIDERS)
    shortlist: tuple[str, ...] = Field(default=(), max_length=MAX_PROVIDERS)
    weights: dict[str, float] = Field(default_factory=dict)
    # On until the person turns it off: a provider their state does not allow is left out.
    must_haves: dict[str, Any] = Field(default_factory=lambda: {"permitted": True})
    preferred_settings: tuple[str, ...] = Field(default=(), max_length=MAX_PREFERRED_SETTINGS)
    costs: CostInputs = Field(default_factory=CostInputs)
    values: dict[str, Literal["little", "some", "lot"]] = Field(default_factory=dict)
    sure_start: SureAnswers = Field(default_factory=SureAnswers)
    sure_end: SureAnswers = Field(default_factory=SureAnswers)

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _known_jurisdiction(cls, v: object) -> str | None:
        if v is None or v == "":
            return None
        from dnkit.regulation import UnknownJurisdictionError, normalize_jurisdiction

        try:
            return normalize_jurisdiction(str(v))
        except UnknownJurisdictionError as err:
            raise ValueError(err.message) from None

    @field_validator("offered_by", mode="before")
    @classmethod
    def _known_profession(cls, v: object) -> str:
        from dnkit.regulation import UnknownProfessionError, normalize_profession

        try:
            return normalize_profession(v)  # type: ignore[arg-type]
        except UnknownProfessionError as err:
            raise ValueError(err.message) from None

    @field_validator("weights")
    @classmethod
    def _weights_usable(cls, v: dict[str, float]) -> dict[str, float]:
        """The comparison's own check, on the weights it will use (dnkit's start for any not
        set), so the plan never keeps weights the comparison refuses."""
        from dnkit.compare import check_weights, default_weights

        for key, w in v.items():
            if isinstance(w, bool) or not (
                isinstance(w, int | float) and math.isfinite(w) and 0 <= w <= MAX_WEIGHT
            ):
                raise ValueError(f"weight for {key!r} must be a number from 0 to {MAX_WEIGHT:g}")
        check_weights({**default_weights(), **v})
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
    def _settings_known(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        from dnkit.providers import SETTINGS

        bad = [s for s in v if s not in SETTINGS]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a setting ({', '.join(SETTINGS)})")
        return v

    @field_validator("providers", mode="before")
    @classmethod
    def _providers_valid(cls, v: object) -> object:
        """Check each provider on its own, so the message says which one is wrong."""
        if not isinstance(v, list | tuple):
            return v
        out = []
        for i, raw in enumerate(v, start=1):
            if isinstance(raw, Provider):
                out.append(raw)
                continue
            try:
                out.append(Provider.model_validate(raw))
            except ValidationError as err:
                field, text = first_problem(err)
                raise ValueError(f"provider {i}, {field}: {text}") from None
        return out

    # -- the list of providers, changed in one way everywhere
    def provider(self, name: str) -> Provider | None:
        key = name_key(name)
        return next((p for p in self.providers if name_key(p.name) == key), None)

    def add_providers(
        self, providers: Iterable[Provider], *, replace: bool = True
    ) -> ProvidersAdded:
        """The plan with ``providers`` added. A name already in the list (ignoring case and
        spacing) is replaced by the new details, or kept as it was when ``replace`` is False.
        Raises PlanInputError, changing nothing, when the list would pass its limit."""
        current = list(self.providers)
        index = {name_key(p.name): i for i, p in enumerate(current)}
        added: list[str] = []
        replaced: list[str] = []
        kept: list[str] = []
        for p in providers:
            key = name_key(p.name)
            if key not in index:
                index[key] = len(current)
                current.append(p)
                added.append(p.name)
            elif replace:
                current[index[key]] = p
                if p.name not in added:
                    replaced.append(p.name)
            else:
                kept.append(p.name)
        if len(current) > MAX_PROVIDERS:
            raise PlanInputError(
                "providers",
                f"your list can hold {MAX_PROVIDERS} providers, and this would make it "
                f"{len(current)}. Remove some first.",
            )
        plan = self.model_copy(update={"providers": tuple(current)})
        return ProvidersAdded(plan, tuple(added), tuple(replaced), tuple(kept))

    # -- whose prices the costs use
    def cost_provider(self) -> Provider | None:
        """The saved provider whose prices the cost step uses, or None for the typed prices.

        The person's choice (``costs.provider``) when that provider is saved with a price; by
        default the only provider with a price, or the first-ranked of several (ranked as the
        comparison ranks them, in the person's state, with their weights and must-haves).
        """
        chosen = self.costs.provider
        if chosen == "":
            return None
        priced = [p for p in self.providers if p.price_per_session is not None]
        if chosen:
            return next((p for p in priced if name_key(p.name) == name_key(chosen)), None)
        if len(priced) <= 1:
            return priced[0] if priced else None
        result = self.comparison(priced)
        ranked = result.ranked if result is not None else ()
        first = ranked[0].name if ranked else priced[0].name
        return next(p for p in priced if p.name == first)

    def left_out(self) -> dict[str, tuple[str, ...]]:
        """Saved providers the person's must-haves leave out, with the reasons (as Compare
        shows them); empty while the comparison cannot run (no state yet)."""
        result = self.comparison(list(self.providers))
        return {} if result is None else {f.name: f.reasons for f in result.filtered}

    def comparison(self, providers: list[Provider]) -> Comparison | None:
        """The comparison as the Compare step runs it, without the slow "how sure" part; None
        while it cannot run (for the costs step's pick and the printed summary alike)."""
        from dnkit.compare import MustHaves, compare, default_weights

        try:
            return compare(
                providers,
                self.jurisdiction,
                self.costs.sessions,
                {**default_weights(), **self.weights},
                MustHaves.from_mapping(self.must_haves) if self.jurisdiction else None,
                preferred_settings=self.preferred_settings,
                sensitivity=False,
            )
        except ValueError:
            return None

    def cost_plan(self, max_sessions: int | None = None) -> Any:
        """Every way of paying, at the prices of :meth:`cost_provider` (or the typed ones)."""
        from dnkit.costs import Pricing

        p = self.cost_provider()
        pricing = None
        if p is not None:
            pricing = Pricing(p.price_per_session, p.first_visit_fee or 0.0, packages=p.packages)
        return self.costs.plan_costs(max_sessions, pricing)

    def remove_provider(self, name: str) -> Plan:
        """The plan without the provider called ``name`` (and off the shortlist)."""
        key = name_key(name)
        return self.model_copy(
            update={
                "providers": tuple(p for p in self.providers if name_key(p.name) != key),
                "shortlist": tuple(n for n in self.shortlist if name_key(n) != key),
            }
        )


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
    raw = dict(raw)
    if version == 0:
        # Version 0 (early drafts) kept the state as "state" and sessions at the top level.
        if "state" in raw and "jurisdiction" not in raw:
            raw["jurisdiction"] = raw.pop("state")
        if "sessions" in raw:
            raw["costs"] = {**(raw.get("costs") or {}), "sessions": raw.pop("sessions")}
    if version <= 1 and isinstance(raw.get("costs"), dict):
        # Version 1 kept "has_insurance" beside "covered"; it always followed "covered".
        raw["costs"] = {k: v for k, v in raw["costs"].items() if k != "has_insurance"}
    raw["schema_version"] = SCHEMA_VERSION
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
        field, text = first_problem(err)
        raise PlanLoadError(field or filename, text) from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"contains {name}, which is not a number dnkit can use")
