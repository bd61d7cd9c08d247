"""Cost planning: what a course of dry needling sessions costs, as low / typical / high ranges.

Pure Python: no Jupyter or plotly imports, so the CLI, notebooks and dashboard share one engine.
(This first slice covers self-pay; packages and insurance build on the same shapes.)
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from dnkit.sources import Citation


class CostInputError(ValueError):
    """A cost input is unusable; ``field`` names which one so a form can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _check_amount(field: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CostInputError(field, f"must be a number, got {value!r}")
    if not math.isfinite(value):
        raise CostInputError(field, "must be a finite number")
    if value < 0:
        raise CostInputError(field, f"cannot be negative (got {value:g})")
    return float(value)


@dataclass(frozen=True)
class PriceRange:
    """Per-session price: low <= typical <= high, in US dollars."""

    low: float
    typical: float
    high: float

    def __post_init__(self) -> None:
        for name in ("low", "typical", "high"):
            _check_amount(f"price {name}", getattr(self, name))
        if self.low > self.high:
            raise CostInputError("price", f"low (${self.low:g}) is above high (${self.high:g})")
        if not self.low <= self.typical <= self.high:
            raise CostInputError(
                "price typical",
                f"${self.typical:g} must lie between low ${self.low:g} and high ${self.high:g}",
            )

    @classmethod
    def between(cls, low: float, high: float) -> PriceRange:
        """A range whose typical price is the midpoint."""
        _check_amount("price low", low)
        _check_amount("price high", high)
        return cls(low, (low + high) / 2 if low <= high else low, high)


@dataclass(frozen=True)
class CostBand:
    """Total cost for a given number of sessions, as a range."""

    sessions: int
    low: float
    typical: float
    high: float


@dataclass(frozen=True)
class DefaultPrice:
    price: PriceRange
    note: str
    source: Citation


@cache
def default_price() -> DefaultPrice:
    """The default per-session price range, with its source (from ``data/cost_defaults.toml``)."""
    raw = tomllib.loads((files("dnkit") / "data" / "cost_defaults.toml").read_text("utf-8"))
    p = raw["price_per_session"]
    return DefaultPrice(
        price=PriceRange(float(p["low"]), float(p["typical"]), float(p["high"])),
        note=str(p["note"]),
        source=Citation.from_mapping(p["source"]),
    )


def check_sessions(sessions: int, field: str = "sessions") -> int:
    if isinstance(sessions, bool) or not isinstance(sessions, int):
        raise CostInputError(field, f"must be a whole number, got {sessions!r}")
    if sessions < 1:
        raise CostInputError(field, f"must be at least 1 (got {sessions})")
    if sessions > 200:
        raise CostInputError(field, f"{sessions} is more sessions than a course of care plans for")
    return sessions


def self_pay_bands(max_sessions: int, price: PriceRange) -> list[CostBand]:
    """Self-pay totals for 1..max_sessions sessions."""
    check_sessions(max_sessions, "max sessions")
    return [
        CostBand(n, n * price.low, n * price.typical, n * price.high)
        for n in range(1, max_sessions + 1)
    ]


@dataclass(frozen=True)
class Package:
    """A clinic's package offer: ``sessions`` sessions for ``price`` dollars in total."""

    sessions: int
    price: float

    def __post_init__(self) -> None:
        check_sessions(self.sessions, "package sessions")
        _check_amount("package price", self.price)

    @classmethod
    def parse(cls, text: str) -> Package:
        """Read ``"6:420"`` (6 sessions for $420)."""
        parts = str(text).strip().split(":")
        if len(parts) != 2:
            raise CostInputError(
                "package", f"write it as SESSIONS:PRICE, like 6:420 (got {text!r})"
            )
        try:
            sessions, price = int(parts[0]), float(parts[1])
        except ValueError:
            raise CostInputError(
                "package", f"write it as SESSIONS:PRICE, like 6:420 (got {text!r})"
            ) from None
        return cls(sessions, price)
