"""Compare providers side by side, weighted by what matters to the patient, and say how sure
the ranking is.

Three steps, each in plain numpy so that thousands of providers rank in well under a second:

1. **Must-haves** are hard filters (:class:`MustHaves`): allowed to dry needle in the patient's
   state, sterile single-use needles, in network, a longest trip, a highest total cost. Every
   provider left out gets its reasons in words.
2. **Scores**: each remaining provider gets a score from 0 (worst) to 1 (best) on each of the
   :data:`CRITERIA`. How each is scored, and the source of every number, is in one place:
   ``data/compare_criteria.toml`` (see :func:`criteria`). **Unknown answers** count as 0, the
   worst score, and are flagged ``unknown`` in the breakdown, so an unanswered question never
   helps a provider; on a tie, fewer unknown answers go first.
3. **Ranking** (:func:`rank_matrix`, the fast path over a score matrix): the weighted sum of the
   scores with the patient's weights as shares of 100%; **dominance** (a provider is *beaten* by
   another that is no worse on any criterion the patient weighs and better on at least one);
   **sensitivity**: for each criterion, the share of the weight at which the first place would
   change (exact, because the model is linear), and how often the first place holds when every
   weight is shaken at random by up to 20% (1,000 seeded draws).

Pure: no Jupyter or plotly imports. Not medical advice: dnkit ranks what the patient was told.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from dnkit.costs import (
    PackageMix,
    Pricing,
    cheapest_mixes,
    check_sessions,
    course_cost,
    read_number,
)
from dnkit.errors import CompareInputError, CostInputError
from dnkit.limits import MAX_COURSE_COST, MAX_DISTANCE_MILES, MAX_DRAWS, MAX_WEIGHT
from dnkit.money import money
from dnkit.providers import SETTING_LABELS, SETTINGS, Answer, Provider
from dnkit.questions import question
from dnkit.regulation import normalize_jurisdiction, rule_for

if TYPE_CHECKING:  # numpy is imported where it is used, so `import dnkit.compare` stays fast
    import numpy as np
from dnkit.sources import Citation
from dnkit.vetting import CRITICAL, VERDICT_LABELS, Assessment, assess, thresholds

CRITERIA: tuple[str, ...] = (
    "training",
    "experience",
    "safety",
    "cost",
    "insurance",
    "setting",
    "distance",
)
DEFAULT_DRAWS = 1000
DEFAULT_SPREAD = 0.2
_SAFETY_FIELDS = (
    ("sterile_single_use_needles", "sterile needles"),
    ("written_consent", "written consent"),
    ("side_effect_plan", "side-effect plan"),
    ("initial_assessment", "health check"),
)
_BLOCK = 512  # providers compared at once when looking for who beats whom


# ----------------------------------------------------------------------------- criteria


@dataclass(frozen=True)
class Criterion:
    """One criterion: its name, slider label, how it is scored, and the sources of its numbers."""

    key: str
    label: str
    slider: str
    default_weight: float
    how: str
    unknown: str
    sources: tuple[Citation, ...]


@cache
def _raw() -> dict[str, Any]:
    return tomllib.loads((files("dnkit") / "data" / "compare_criteria.toml").read_text("utf-8"))


def choice(name: str) -> float:
    """One of dnkit's own scoring choices (``[choices]`` in compare_criteria.toml)."""
    return float(_raw()["choices"][name])


@cache
def criteria() -> dict[str, Criterion]:
    """Every criterion in :data:`CRITERIA` order, with its texts filled in and its sources."""
    raw = _raw()
    numbers = {name: t.value for name, t in thresholds().items()}
    numbers |= {name: float(v) for name, v in raw["choices"].items()}
    out = {}
    for key in CRITERIA:
        item = raw["criteria"][key]
        sources: list[Citation] = []
        for name in item.get("thresholds", []):
            source = thresholds()[name].source
            if source is not None and source not in sources:
                sources.append(source)
        for qid in item.get("questions", []):
            source = question(qid).source
            if source not in sources:
                sources.append(source)
        out[key] = Criterion(
            key=key,
            label=str(item["label"]),
            slider=str(item["slider"]),
            default_weight=float(item["default_weight"]),
            how=str(item["how"]).format(**numbers),
            unknown=str(item["unknown"]),
            sources=tuple(sources),
        )
    if set(raw["criteria"]) != set(CRITERIA):
        raise ValueError("compare_criteria.toml must list exactly the criteria in CRITERIA")
    return out


def unknown_rule() -> str:
    """The rule for unknown answers, in words."""
    return str(_raw()["unknown"]["rule"])


def default_weights() -> dict[str, float]:
    """dnkit's starting weights (0-100 each); the patient changes them."""
    return {key: c.default_weight for key, c in criteria().items()}


def check_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Validate raw weights (0-100 each, any key of :data:`CRITERIA`; missing keys are 0)."""
    if not isinstance(weights, Mapping):
        raise CompareInputError("weights", "must map each criterion to a number from 0 to 100")
    out = dict.fromkeys(CRITERIA, 0.0)
    for key, value in weights.items():
        if key not in out:
            raise CompareInputError(
                "weights", f"{key!r} is not a criterion; use one of {', '.join(CRITERIA)}"
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CompareInputError(f"weight for {key}", f"must be a number, got {value!r}")
        if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
            raise CompareInputError(f"weight for {key}", f"must be from 0 to 100 (got {value!r})")
        out[key] = float(value)
    if sum(out.values()) <= 0:
        raise CompareInputError(
            "weights", "every weight is 0; move at least one slider above 0 to rank providers"
        )
    return out


def weight_shares(weights: Mapping[str, object]) -> dict[str, float]:
    """Weights as shares of the whole (they add up to 1), in :data:`CRITERIA` order."""
    checked = check_weights(weights)
    total = sum(checked.values())
    return {key: value / total for key, value in checked.items()}


# ----------------------------------------------------------------------------- must-haves


@dataclass(frozen=True)
class MustHaves:
    """Hard filters: a provider that fails any of these is left out, with the reason."""

    permitted: bool = False  # the state lets their profession dry needle (confirmed)
    sterile_needles: bool = False
    in_network: bool = False
    max_distance: float | None = None  # miles
    max_cost: float | None = None  # dollars for the planned sessions (typical)

    def __post_init__(self) -> None:
        for name in ("permitted", "sterile_needles", "in_network"):
            if not isinstance(getattr(self, name), bool):
                raise CompareInputError(name, f"must be true or false, got {getattr(self, name)!r}")
        _check_limit("max_distance", self.max_distance, MAX_DISTANCE_MILES)
        _check_limit("max_cost", self.max_cost, MAX_COURSE_COST)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> MustHaves:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise CompareInputError("must_haves", f"unknown must-have {sorted(unknown)[0]!r}")
        return cls(**data)

    @property
    def active(self) -> bool:
        return self != MustHaves()


def _check_limit(name: str, value: object, upper: float) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CompareInputError(name, f"must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise CompareInputError(name, f"must be a number of 0 or more (got {value!r})")
    if value > upper:
        raise CompareInputError(name, f"{value:g} is more than {upper:g}; check for a typo")


def parse_limit(text: str, name: str) -> float | None:
    """A limit typed into a box ("25", "$1,200"); empty means no limit."""
    try:
        value = read_number(text)
    except ValueError:
        raise CompareInputError(
            name, f"must be a number like 25, or empty (got {text!r})"
        ) from None
    if value is None:
        return None
    upper = MAX_DISTANCE_MILES if name == "max_distance" else MAX_COURSE_COST
    _check_limit(name, value, upper)
    return value


# ----------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class CourseCost:
    """What the planned sessions cost at one provider, paying yourself, the cheapest way.

    The totals are :func:`dnkit.costs.course_cost` (the cost planner's own numbers: first-visit
    fee included, packages used where they beat paying per visit). ``how`` names the way that
    gives the typical total, so a person sees why it is $520 and not $580.
    """

    sessions: int
    low: float
    typical: float
    high: float
    how: str  # e.g. "a 6-session package plus the $100 first-visit fee"

    @property
    def is_range(self) -> bool:
        return abs(self.high - self.low) >= 0.5

    def total_text(self) -> str:
        """``"$520"``, or ``"$540 ($480 to $540)"`` when the price is a range."""
        text = money(self.typical)
        if self.is_range:
            text += f" ({money(self.low)} to {money(self.high)})"
        return text

    def text(self) -> str:
        """``"$520 for 6 sessions: a 6-session package plus the $100 first-visit fee"``."""
        return f"{self.total_text()} for {self.sessions} sessions: {self.how}"


def way_to_pay(mix: PackageMix, first_visit_fee: float = 0.0) -> str:
    """The cheapest way to buy the sessions, in words: ``"a 6-session package plus the $100
    first-visit fee"``, ``"paying per visit"``, ``"a 10-session package (4 left over)"``."""
    parts = [
        f"a {package.sessions}-session package" if count == 1
        else f"{count} {package.sessions}-session packages"
        for package, count in mix.packages
    ]  # fmt: skip
    if mix.singles:
        singles = f"{mix.singles} single visit{'s' if mix.singles != 1 else ''}"
        parts.append(singles if parts else "paying per visit")
    text = " and ".join(parts) if parts else "paying per visit"
    spare = mix.covers() - mix.sessions
    if spare:
        text += f" ({spare} left over)"
    if first_visit_fee >= 0.005:
        text += f" plus the {money(first_visit_fee)} first-visit fee"
    return text


def course_for(pricing: Pricing, sessions: int) -> CourseCost:
    """The planned sessions' total at these prices, and the way to pay that gives it.

    The way named is the one for the typical price; if the low or high price would make another
    way cheaper (a package beats $90 visits but not $60 ones), ``how`` says so too.
    """
    band = course_cost(sessions, pricing)
    price = pricing.session_price()
    mixes = {
        level: cheapest_mixes(sessions, price.level(level), pricing.packages)[-1]
        for level in ("low", "typical", "high")
    }
    how = way_to_pay(mixes["typical"], pricing.fee())
    for level in ("low", "high"):
        if mixes[level].packages != mixes["typical"].packages:
            other = way_to_pay(mixes[level])
            how += f". At {money(price.level(level))} a visit, {other} would cost less"
            break
    return CourseCost(sessions, band.low, band.typical, band.high, how)


@dataclass(frozen=True)
class ProviderFacts:
    """What the scores are built from, for one provider, before normalising across providers."""

    provider: Provider
    cost: float | None  # typical total for the planned sessions
    cost_low: float | None
    cost_high: float | None
    cost_note: str
    verdict: str | None  # vetting verdict in the patient's state, or None without a state
    permitted_reason: str | None  # None when the state's permission is confirmed
    course: CourseCost | None = None  # the planned sessions' total and how, if a price is known
    check_note: str = ""  # why it does not meet the checks ("" when it does, or without a state)
    serious: bool = False  # "do not book", or not confirmed as allowed in the state


def _ramp(x: float, half: float, full: float) -> float:
    """0 at 0, 0.5 at ``half``, 1 at ``full`` and above, straight lines between."""
    if x <= 0:
        return 0.0
    if x < half:
        return 0.5 * x / half
    if x < full:
        return 0.5 + 0.5 * (x - half) / (full - half)
    return 1.0


def _training(p: Provider, jurisdiction: str | None) -> tuple[float, bool, bool, str]:
    """(score, unknown, partly unknown, detail)."""
    low = thresholds()["hands_on_hours_low"].value
    full = thresholds()["hands_on_hours_full"].value
    total = max(
        (h for h in (p.dn_hours_total, p.dn_hours_in_person) if h is not None), default=None
    )
    if total is None:
        return 0.0, True, False, "hours not known"
    partly = p.dn_hours_in_person is None
    if partly:
        score = min(_ramp(total, low, full), choice("total_hours_only_cap"))
        detail = f"{total:g} hours; hands-on hours not known"
    else:
        score = _ramp(p.dn_hours_in_person, low, full)
        detail = f"{p.dn_hours_in_person:g} hands-on hours"
        if p.dn_hours_total is not None and p.dn_hours_total > p.dn_hours_in_person:
            detail += f" ({p.dn_hours_total:g} in all)"
    if jurisdiction is not None:
        rule = rule_for(jurisdiction, p.profession)
        need = rule.min_hours_total
        if need is not None and "min_hours_total" not in rule.unconfirmed and total < need:
            score = min(score, choice("below_state_minimum_cap"))
            detail += f"; below the state minimum of {need:g}"
    return score, False, partly, detail


def _experience(p: Provider) -> tuple[float, bool, bool, str]:
    years = p.years_dry_needling
    if years is None:
        return 0.0, True, False, "years not known"
    half = thresholds()["min_years_dry_needling"].value
    score = _ramp(years, half, choice("experience_full_years"))
    unit = "year" if years == 1 else "years"
    return score, False, False, f"{years:g} {unit} of dry needling"


def _safety(p: Provider) -> tuple[float, bool, bool, str]:
    answers = [(getattr(p, name), label) for name, label in _SAFETY_FIELDS]
    unknown = [label for value, label in answers if value is Answer.UNKNOWN]
    yes = sum(value is Answer.YES for value, _ in answers)
    if len(unknown) == len(answers):
        return 0.0, True, False, "no answers yet"
    detail = f"{yes} of {len(answers)} safe habits"
    if unknown:
        detail += f"; not known: {', '.join(unknown)}"
    return yes / len(answers), False, bool(unknown), detail


def _answer_score(value: Answer, yes: str, no: str, unknown: str) -> tuple[float, bool, str]:
    if value is Answer.YES:
        return 1.0, False, yes
    if value is Answer.NO:
        return 0.0, False, no
    return 0.0, True, unknown


def provider_facts(provider: Provider, jurisdiction: str | None, sessions: int) -> ProviderFacts:
    """The cost of the planned sessions and the state check for one provider."""
    cost = low = high = course = None
    note = "no price per session given"
    if provider.price_per_session is not None:
        try:
            pricing = Pricing(
                provider.price_per_session,
                first_visit_fee=provider.first_visit_fee or 0.0,
                packages=provider.packages,
            )
            course = course_for(pricing, sessions)
        except CostInputError as err:
            note = f"cost could not be worked out: {err.message}"
        else:
            cost, low, high = course.typical, course.low, course.high
            note = f"{money(cost)} for {sessions} sessions"
            if course.is_range:
                note += f" ({money(low)} to {money(high)})"
    verdict = permitted_reason = None
    check_note, serious = "", False
    if jurisdiction is not None:
        assessment = assess(provider, jurisdiction)
        verdict = assessment.verdict
        finding = assessment.finding("state_permission")
        if finding is not None and finding.status != "ok":
            permitted_reason = finding.message
        check_note, serious = _check_note(assessment, permitted_reason)
    return ProviderFacts(
        provider, cost, low, high, note, verdict, permitted_reason, course, check_note, serious
    )


def _check_note(assessment: Assessment, permitted_reason: str | None) -> tuple[str, bool]:
    """Why a provider does not meet the checks, worst first, and whether it is serious (a
    "do not book" finding, or the state's permission not confirmed). ("", False) if it meets
    them. Shown in the ranking itself, so a high score never hides a failed check."""
    if assessment.verdict == "meets":
        return "", False
    failed = [f for f in assessment.findings if f.status == "fail"]
    if failed:
        note = f"Does not meet the checks. {failed[0].message}"
        if len(failed) > 1:
            note += f" Also failed: {_some([f.label.lower() for f in failed[1:]])}."
        return note, True
    if permitted_reason is not None:
        return f"Not confirmed as allowed in your state. {permitted_reason}", True
    # The answers that decide the verdict (CRITICAL) come first.
    findings = sorted(assessment.findings, key=lambda f: f.criterion not in CRITICAL)
    unknown = [f.label.lower() for f in findings if f.status == "unknown"]
    if assessment.verdict == "incomplete":
        count = len(unknown)
        missing = "1 answer is" if count == 1 else f"{count} answers are"
        return (
            f"Not enough is known yet. {missing} missing. Ask about: {_some(unknown)}.",
            False,
        )
    open_items = [f.label.lower() for f in findings if f.status != "ok"]
    count = len(open_items)
    return (
        f"May be fine, but ask {count} thing{'s' if count != 1 else ''} before you book: "
        f"{_some(open_items)}.",
        False,
    )


def _some(items: list[str], shown: int = 3) -> str:
    """``"a, b, c and 2 more"``: a reason stays short enough for a row of the ranking."""
    if len(items) <= shown:
        return ", ".join(items)
    return f"{', '.join(items[:shown])} and {len(items) - shown} more"


def filter_reasons(facts: ProviderFacts, must: MustHaves) -> tuple[str, ...]:
    """Why this provider fails the must-haves (empty when it passes all)."""
    p = facts.provider
    reasons = []
    if must.permitted and facts.permitted_reason is not None:
        reasons.append(f"Not confirmed as allowed in your state: {facts.permitted_reason}")
    if must.sterile_needles and p.sterile_single_use_needles is not Answer.YES:
        reasons.append(
            "Does not use sterile single-use needles."
            if p.sterile_single_use_needles is Answer.NO
            else "Not known if they use sterile single-use needles."
        )
    if must.in_network and p.in_network is not Answer.YES:
        reasons.append(
            "Not in your insurance network."
            if p.in_network is Answer.NO
            else "Not known if they are in your insurance network."
        )
    if must.max_distance is not None:
        if p.distance_miles is None:
            reasons.append("Distance not known.")
        elif p.distance_miles > must.max_distance:
            reasons.append(
                f"{p.distance_miles:g} miles away, more than your limit of "
                f"{must.max_distance:g} miles."
            )
    if must.max_cost is not None:
        if facts.cost is None:
            reasons.append(f"Cost not known ({facts.cost_note}).")
        elif facts.cost > must.max_cost:
            reasons.append(
                f"About {money(facts.cost)} for your sessions, more than your limit of "
                f"{money(must.max_cost)}."
            )
    return tuple(reasons)


@dataclass(frozen=True)
class ScoreMatrix:
    """Scores of n providers on the criteria: ``values`` (n, k), NaN where unknown."""

    values: np.ndarray
    partly: np.ndarray  # bool (n, k): a score built from some unknown answers
    details: tuple[tuple[str, ...], ...]  # one plain phrase per provider and criterion


def score_matrix(
    facts: list[ProviderFacts],
    jurisdiction: str | None,
    preferred_settings: Iterable[str] = (),
) -> ScoreMatrix:
    """Score each provider on each criterion (rules in ``data/compare_criteria.toml``).

    Cost and distance are relative: the cheapest and the nearest of these providers earn 1.
    """
    import numpy as np

    prefer = check_settings(preferred_settings)
    n, k = len(facts), len(CRITERIA)
    values = np.full((n, k), np.nan)
    partly = np.zeros((n, k), dtype=bool)
    details: list[list[str]] = [[""] * k for _ in range(n)]
    col = {key: j for j, key in enumerate(CRITERIA)}
    costs = [f.cost for f in facts if f.cost is not None]
    cheapest = min(costs) if costs else None
    miles = [f.provider.distance_miles for f in facts if f.provider.distance_miles is not None]
    nearest = min(miles) if miles else None
    smooth = choice("distance_smoothing_miles")
    for i, f in enumerate(facts):
        p = f.provider
        parts: dict[str, tuple[float, bool, bool, str]] = {
            "training": _training(p, jurisdiction),
            "experience": _experience(p),
            "safety": _safety(p),
        }
        score, unknown, text = _answer_score(
            p.in_network, "in network", "not in network", "network not known"
        )
        parts["insurance"] = (score, unknown, False, text)
        if f.cost is None or cheapest is None:
            parts["cost"] = (0.0, True, False, f.cost_note)
        else:
            relative = 1.0 if f.cost <= 0 else cheapest / f.cost
            parts["cost"] = (relative, False, False, f.cost_note)
        if not prefer:
            label = SETTING_LABELS.get(p.setting or "", "kind not known")
            parts["setting"] = (1.0, False, False, f"{label}; no preference set")
        elif p.setting is None:
            parts["setting"] = (0.0, True, False, "kind of clinic not known")
        else:
            match = p.setting in prefer
            label = SETTING_LABELS[p.setting]
            parts["setting"] = (float(match), False, False, label)
        if p.distance_miles is None or nearest is None:
            parts["distance"] = (0.0, True, False, "distance not known")
        else:
            near = (nearest + smooth) / (p.distance_miles + smooth)
            parts["distance"] = (near, False, False, f"{p.distance_miles:g} miles")
        for key, (score, unknown, part, text) in parts.items():
            j = col[key]
            values[i, j] = np.nan if unknown else score
            partly[i, j] = part
            details[i][j] = text
    return ScoreMatrix(values, partly, tuple(tuple(row) for row in details))


def check_settings(settings: Iterable[str]) -> frozenset[str]:
    if isinstance(settings, str):
        settings = [settings]
    out = set()
    for item in settings:
        if item not in SETTINGS:
            raise CompareInputError(
                "preferred_settings", f"{item!r} is not one of: {', '.join(SETTINGS)}"
            )
        out.add(item)
    return frozenset(out)


# ----------------------------------------------------------------------------- the fast path


@dataclass(frozen=True)
class MatrixRanking:
    """The ranking of a score matrix, and how robust its first place is.

    ``order`` lists row indices best first; ``ranks[i]`` is row i's place (1 = first).
    ``unknown_counts`` counts unknown answers on weighed criteria (the tie-break).
    ``beaten_by[i]`` is the row with the highest total that beats row i on every weighed
    criterion (no worse on any, better on one), or -1.
    Sensitivity (``switch_*``, one entry per criterion): the share of the weight at which another
    row would take first place when this one criterion's share moves up (``switch_up``) or down
    (``switch_down``) and the other shares keep their proportions; NaN when first place holds
    over the whole range. ``holds`` is the share of random draws in which first place held, and
    ``draw_winners`` counts how often each row came first (row index -> draws).
    """

    shares: np.ndarray
    totals: np.ndarray
    unknown_counts: np.ndarray
    order: np.ndarray
    ranks: np.ndarray
    beaten_by: np.ndarray
    switch_up: np.ndarray
    switch_up_row: np.ndarray
    switch_down: np.ndarray
    switch_down_row: np.ndarray
    draws: int
    spread: float
    holds: float
    draw_winners: dict[int, int]

    @property
    def top(self) -> int:
        return int(self.order[0])


def _as_shares(weights: np.ndarray | Mapping[str, object], k: int) -> np.ndarray:
    import numpy as np

    if isinstance(weights, Mapping):
        shares = np.array(list(weight_shares(weights).values()))
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != (k,):
            raise CompareInputError("weights", f"need {k} weights, one per criterion")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise CompareInputError("weights", "must be finite numbers of 0 or more")
        if w.sum() <= 0:
            raise CompareInputError("weights", "every weight is 0; set at least one above 0")
        shares = w / w.sum()
    if shares.shape != (k,):
        raise CompareInputError("weights", f"need {k} weights, one per criterion")
    return shares


def rank_matrix(
    scores: np.ndarray,
    weights: np.ndarray | Mapping[str, object],
    *,
    sensitivity: bool = True,
    draws: int = DEFAULT_DRAWS,
    spread: float = DEFAULT_SPREAD,
    seed: int = 0,
) -> MatrixRanking:
    """Rank the rows of ``scores`` (n providers x k criteria, 0-1, NaN = unknown).

    Unknown counts as 0; ties go to fewer unknowns, then to the earlier row. ``weights`` are
    k numbers of 0 or more (or a mapping by criterion name); they are used as shares.
    """
    import numpy as np

    values = np.asarray(scores, dtype=float)
    if values.ndim != 2:
        raise CompareInputError("scores", "must be a table: one row per provider")
    n, k = values.shape
    known = ~np.isnan(values)
    if np.any(values[known] < 0) or np.any(values[known] > 1) or np.any(np.isinf(values)):
        raise CompareInputError("scores", "every score must be from 0 to 1 (or unknown)")
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise CompareInputError("draws", f"must be a whole number from 1 to {MAX_DRAWS}")
    if not (isinstance(spread, int | float) and 0 <= spread < 1):
        raise CompareInputError("spread", "must be from 0 up to (not including) 1")
    shares = _as_shares(weights, k)
    filled = np.where(known, values, 0.0)
    totals = filled @ shares
    used = shares > 0
    unknown_counts = (~known[:, used]).sum(axis=1)
    order = np.lexsort((np.arange(n), unknown_counts, -_settled(totals)))
    ranks = np.empty(n, dtype=int)
    ranks[order] = np.arange(1, n + 1)
    empty = np.full(k, np.nan)
    no_row = np.full(k, -1)
    if n == 0:
        return MatrixRanking(
            shares, totals, unknown_counts, order, ranks, np.empty(0, int),
            empty, no_row, empty, no_row, draws, float(spread), math.nan, {},
        )  # fmt: skip
    beaten_by = _dominance(filled[:, used], totals)
    if not sensitivity or n == 1:
        holds = 1.0 if n == 1 else math.nan
        winners = {int(order[0]): draws} if n == 1 else {}
        return MatrixRanking(
            shares, totals, unknown_counts, order, ranks, beaten_by,
            empty, no_row, empty, no_row, draws, float(spread), holds, winners,
        )  # fmt: skip
    up, up_row, down, down_row = _switch_points(filled, totals, shares, int(order[0]))
    holds, winners = _shake(filled, ranks, shares, int(order[0]), draws, spread, seed)
    return MatrixRanking(
        shares, totals, unknown_counts, order, ranks, beaten_by,
        up, up_row, down, down_row, draws, float(spread), holds, winners,
    )  # fmt: skip


def _beats(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """[p, q]: row p of ``a`` is no worse than row q of ``b`` everywhere and better somewhere."""
    import numpy as np

    ge = np.ones((len(a), len(b)), dtype=bool)
    gt = np.zeros((len(a), len(b)), dtype=bool)
    for j in range(a.shape[1]):  # one column at a time: no (p, q, k) temporary
        left, right = a[:, j, None], b[None, :, j]
        ge &= left >= right
        gt |= left > right
    return ge & gt


def _dominance(filled: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """For each row, the first row (by total) that beats it, or -1: a sort-filter skyline.

    Rows go in order of total, highest first, equal totals by their scores column by column, so
    a row that beats another always comes before it. A row beaten by anyone is beaten by one
    that nobody beats (the "front"), so each block of rows is checked against the front so far,
    a slice at a time (dropping rows as soon as something beats them), then against itself.
    """
    import numpy as np

    n = len(totals)
    keys = [filled[:, j] for j in range(filled.shape[1] - 1, -1, -1)]
    order = np.lexsort((*[-key for key in keys], -totals))
    beaten_by = np.full(n, -1)
    front = np.empty(0, dtype=int)
    for start in range(0, n, _BLOCK):
        block = order[start : start + _BLOCK]
        for first in range(0, front.size, _BLOCK):
            if not block.size:
                break
            rows = front[first : first + _BLOCK]
            hit = _beats(filled[rows], filled[block])
            found = hit.any(axis=0)
            beaten_by[block[found]] = rows[hit.argmax(axis=0)[found]]
            block = block[~found]
        if not block.size:
            continue
        hit = _beats(filled[block], filled[block])
        found = hit.any(axis=0)
        beaten_by[block[found]] = block[hit.argmax(axis=0)[found]]
        front = np.concatenate([front, block[~found]])
    return beaten_by


def _switch_points(
    filled: np.ndarray, totals: np.ndarray, shares: np.ndarray, top: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact points where first place changes as one criterion's share t moves from 0 to 1.

    With the other shares scaled to fill 1 - t, every total is a straight line in t:
    total_i(t) = t * s_ij + (1 - t) * rest_ij. The gap to the top row is a line too, so the
    crossing is at t = gap_rest / (gap_rest - gap_j). The nearest crossing above the current
    share is the switch up; the nearest below, the switch down.
    """
    import numpy as np

    n, k = filled.shape
    others = 1.0 - shares  # (k,)
    # rest_ij: the score on the other criteria, weighed by their shares scaled to add up to 1.
    # If a criterion holds all the weight, the others count equally.
    lone = others <= 1e-12
    safe = np.where(lone, 1.0, others)
    rest = (totals[:, None] - filled * shares[None, :]) / safe[None, :]
    if lone.any():
        equal = (filled.sum(axis=1)[:, None] - filled) / max(k - 1, 1)
        rest = np.where(lone[None, :], equal, rest)
    gap_j = filled[top][None, :] - filled  # (n, k)
    gap_rest = rest[top][None, :] - rest
    slope = gap_j - gap_rest
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(np.abs(slope) > 1e-12, -gap_rest / slope, np.nan)
    t = np.where(np.arange(n)[:, None] == top, np.nan, t)
    eps = 1e-9
    current = shares[None, :]
    # Going up, a row overtakes when its gap shrinks as t grows (slope < 0).
    up_ok = (slope < 0) & (t >= current - eps) & (t < 1 - eps)
    down_ok = (slope > 0) & (t <= current + eps) & (t > eps)
    t_up = np.where(up_ok, t, np.inf)
    t_down = np.where(down_ok, t, -np.inf)
    up_row = t_up.argmin(axis=0)
    down_row = t_down.argmax(axis=0)
    up = t_up.min(axis=0)
    down = t_down.max(axis=0)
    up_row = np.where(np.isfinite(up), up_row, -1)
    down_row = np.where(np.isfinite(down), down_row, -1)
    up = np.where(np.isfinite(up), np.clip(up, 0, 1), np.nan)
    down = np.where(np.isfinite(down), np.clip(down, 0, 1), np.nan)
    return up, up_row, down, down_row


def _contenders(filled: np.ndarray, shares: np.ndarray, top: int, spread: float) -> np.ndarray:
    """The top row and every row that could beat it with some weights in the ±spread box.

    Row i beats the top only where sum_j w_j f_j (s_top,j - s_ij) < 0; the least that sum can
    be is with f_j = 1 + spread where the top is worse and 1 - spread where it is better.
    Exact, so the random draws need only these rows.
    """
    import numpy as np

    gap = filled[top][None, :] - filled
    factor = np.where(gap > 0, 1.0 - spread, 1.0 + spread)
    least = (gap * factor) @ shares
    can = least <= 1e-12
    can[top] = False
    return np.concatenate([[top], np.flatnonzero(can)])


def _settled(totals: np.ndarray) -> np.ndarray:
    """Totals rounded past float noise, so two equal providers tie (and the tie rule decides)
    whatever order the arithmetic added their scores in."""
    import numpy as np

    return np.round(totals, 12)


def _shake(
    filled: np.ndarray,
    ranks: np.ndarray,
    shares: np.ndarray,
    top: int,
    draws: int,
    spread: float,
    seed: int,
) -> tuple[float, dict[int, int]]:
    """Share of draws in which the top row keeps first place, each weight moved by up to
    ±``spread`` at random (seeded), and how often each row came first. A tie goes to the
    better-ranked row, as in the ranking."""
    import numpy as np

    rows = _contenders(filled, shares, top, spread)
    rows = rows[np.argsort(ranks[rows], kind="stable")]
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, shares.size))
    shaken = shares[None, :] * factors
    shaken /= shaken.sum(axis=1, keepdims=True)
    totals = _settled(shaken @ filled[rows].T)  # (draws, rows)
    winners = totals.argmax(axis=1)
    counts = np.bincount(winners, minlength=len(rows))
    found = {int(rows[i]): int(c) for i, c in enumerate(counts) if c}
    return float(counts[0] / draws), found


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CriterionScore:
    """One provider's score on one criterion, and what it adds to the total."""

    criterion: str
    score: float | None  # None: unknown
    share: float  # the criterion's share of the weight
    contribution: float  # share x score (0 when unknown)
    partly_unknown: bool
    detail: str

    @property
    def unknown(self) -> bool:
        return self.score is None

    @property
    def label(self) -> str:
        return criteria()[self.criterion].label


@dataclass(frozen=True)
class Ranked:
    rank: int
    provider: Provider
    total: float
    scores: tuple[CriterionScore, ...]
    beaten_by: str | None  # the best-ranked provider that beats this one on every criterion
    verdict: str | None  # the vetting verdict in the patient's state, if a state is set
    cost: CourseCost | None = None  # the planned sessions' total, the cheapest way
    check_note: str = ""  # why it does not meet the checks; "" when it does or without a state
    serious: bool = False  # "do not book", or not confirmed as allowed in the state

    @property
    def name(self) -> str:
        return self.provider.name

    @property
    def meets_checks(self) -> bool | None:
        """True or False in the patient's state; None when no state is chosen."""
        return None if self.verdict is None else self.verdict == "meets"

    @property
    def beaten_note(self) -> str:
        """Plain words for :attr:`beaten_by` ("" when nobody beats this provider)."""
        if self.beaten_by is None:
            return ""
        return f"{self.beaten_by} is as good or better on everything you weigh."

    @property
    def unknowns(self) -> tuple[str, ...]:
        return tuple(s.criterion for s in self.scores if s.unknown)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict or "", "")

    def score(self, criterion: str) -> CriterionScore:
        return next(s for s in self.scores if s.criterion == criterion)


@dataclass(frozen=True)
class Filtered:
    provider: Provider
    reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.provider.name


@dataclass(frozen=True)
class Switch:
    """Where one criterion's share would have to go for first place to change."""

    criterion: str
    current: float
    up: float | None
    up_winner: str | None
    down: float | None
    down_winner: str | None

    @property
    def distance(self) -> float:
        """How far the share must move for first place to change (inf: it never does)."""
        steps = [abs(x - self.current) for x in (self.up, self.down) if x is not None]
        return min(steps, default=math.inf)

    def sentence(self, top: str) -> str:
        label = criteria()[self.criterion].label.lower()
        now = _pct(self.current)
        if self.up is None and self.down is None:
            return f"{top} stays first however much {label} counts (now {now})."
        limits, winners = [], []
        if self.up is not None:
            limits.append(f"more than {_pct(self.up)}")
            winners.append(self.up_winner)
        if self.down is not None:
            limits.append(f"less than {_pct(self.down)}")
            if self.down_winner not in winners:
                winners.append(self.down_winner)
        who = " or ".join(str(w) for w in winners)
        return (
            f"{top} stays first unless {label} counts for {' or '.join(limits)} of your "
            f"choice (now {now}); then {who} would come first."
        )


@dataclass(frozen=True)
class Robustness:
    switches: tuple[Switch, ...]
    draws: int
    spread: float
    holds: float
    challengers: tuple[tuple[str, float], ...]  # other providers that came first, and how often
    sentence: str

    def switch(self, criterion: str) -> Switch:
        return next(s for s in self.switches if s.criterion == criterion)


@dataclass(frozen=True)
class Comparison:
    jurisdiction: str | None
    sessions: int
    weights: dict[str, float]  # shares, adding up to 1
    must_haves: MustHaves
    preferred_settings: frozenset[str]
    ranked: tuple[Ranked, ...]
    filtered: tuple[Filtered, ...]
    robustness: Robustness | None
    summary: str

    @property
    def top(self) -> Ranked | None:
        return self.ranked[0] if self.ranked else None

    @property
    def beaten(self) -> tuple[Ranked, ...]:
        return tuple(r for r in self.ranked if r.beaten_by is not None)

    def to_frame(self) -> Any:
        """The ranking as a pandas DataFrame: one row per provider, a column per criterion.

        pandas is optional (``pip install "dnkit[pandas]"``): nothing else in dnkit needs it.
        """
        try:
            import pandas as pd
        except ImportError as err:
            raise ImportError(
                "Comparison.to_frame needs pandas, which dnkit does not install by itself. "
                'Install it with: pip install "dnkit[pandas]" (or: pip install pandas).'
            ) from err

        rows = []
        for r in self.ranked:
            row: dict[str, Any] = {"rank": r.rank, "provider": r.name, "total": r.total}
            for s in r.scores:
                row[s.criterion] = s.score
            row["unknown"] = ", ".join(r.unknowns)
            row["beaten_by"] = r.beaten_by
            rows.append(row)
        columns = ["rank", "provider", "total", *CRITERIA, "unknown", "beaten_by"]
        return pd.DataFrame(rows, columns=columns)


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _robustness(result: MatrixRanking, names: list[str], shares: dict[str, float]) -> Robustness:
    top = names[result.top]
    switches = []
    for j, key in enumerate(CRITERIA):
        up = None if math.isnan(result.switch_up[j]) else float(result.switch_up[j])
        down = None if math.isnan(result.switch_down[j]) else float(result.switch_down[j])
        switches.append(
            Switch(
                key,
                shares[key],
                up,
                names[result.switch_up_row[j]] if up is not None else None,
                down,
                names[result.switch_down_row[j]] if down is not None else None,
            )
        )
    others = sorted(
        ((names[i], c / result.draws) for i, c in result.draw_winners.items() if i != result.top),
        key=lambda item: -item[1],
    )
    held = result.holds
    words = [_shake_sentence(top, held, result.draws, result.spread)]
    if others:
        words.append(f"In the other tries, {others[0][0]} came first most often.")
    nearest = min(switches, key=lambda s: s.distance)
    if math.isfinite(nearest.distance):
        words.append(nearest.sentence(top))
    else:
        words.append(f"No change to a single weight moves {top} out of first place.")
    return Robustness(
        tuple(switches), result.draws, result.spread, held, tuple(others), " ".join(words)
    )


def _shake_sentence(top: str, held: float, draws: int, spread: float) -> str:
    """How often first place held when every weight was nudged at random, in plain words."""
    tried = (
        f"We tried {draws:,} small changes to your weights, each one up or down by as much "
        f"as {spread * 100:.0f}%."
    )
    kept = round(held * draws)
    if kept == draws:
        return f"{tried} {top} stayed first every time."
    if kept == 0:
        return f"{tried} {top} never stayed first."
    return f"{tried} {top} stayed first {kept:,} times out of {draws:,}."


def _validate_providers(providers: Iterable[Provider | Mapping[str, Any]]) -> list[Provider]:
    out = []
    for i, item in enumerate(providers, start=1):
        if isinstance(item, Provider):
            out.append(item)
            continue
        try:
            out.append(Provider.model_validate(item))
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "provider"
            message = first["msg"].removeprefix("Value error, ")
            raise CompareInputError(f"provider {i}, {where}", message) from None
    return out


def compare(
    providers: Iterable[Provider | Mapping[str, Any]],
    jurisdiction: str | None,
    sessions: int,
    weights: Mapping[str, object],
    must_haves: MustHaves | Mapping[str, Any] | None = None,
    *,
    preferred_settings: Iterable[str] = (),
    sensitivity: bool = True,
    draws: int = DEFAULT_DRAWS,
    spread: float = DEFAULT_SPREAD,
    seed: int = 0,
) -> Comparison:
    """Filter by the must-haves, score, rank, and check how robust first place is.

    Every input is checked again here (a dashboard sends whatever a visitor sends); a bad one
    raises :class:`CompareInputError` naming it. Provider dicts (as saved in a plan) are
    validated as :class:`~dnkit.providers.Provider`.
    """
    import numpy as np

    items = _validate_providers(providers)
    code = None
    if jurisdiction not in (None, ""):
        try:
            code = normalize_jurisdiction(str(jurisdiction))
        except ValueError as err:
            raise CompareInputError("jurisdiction", str(err)) from None
    try:
        n_sessions = check_sessions(sessions)
    except CostInputError as err:
        raise CompareInputError("sessions", err.message) from None
    shares = weight_shares(weights)
    if must_haves is None:
        must = MustHaves()
    elif isinstance(must_haves, MustHaves):
        must = must_haves
    elif isinstance(must_haves, Mapping):
        must = MustHaves.from_mapping(must_haves)
    else:
        raise CompareInputError("must_haves", "must be a MustHaves or a mapping")
    if must.permitted and code is None:
        raise CompareInputError(
            "jurisdiction", "choose your state first: 'allowed in my state' needs it"
        )
    prefer = check_settings(preferred_settings)
    facts = [provider_facts(p, code, n_sessions) for p in items]
    kept, filtered = [], []
    for f in facts:
        reasons = filter_reasons(f, must)
        if reasons:
            filtered.append(Filtered(f.provider, reasons))
        else:
            kept.append(f)
    matrix = score_matrix(kept, code, prefer)
    share_vec = np.array([shares[key] for key in CRITERIA])
    result = rank_matrix(
        matrix.values, share_vec, sensitivity=sensitivity, draws=draws, spread=spread, seed=seed
    )
    names = [f.provider.name for f in kept]
    ranked = []
    for i in (int(x) for x in result.order):
        scores = tuple(
            CriterionScore(
                key,
                None if np.isnan(matrix.values[i, j]) else float(matrix.values[i, j]),
                float(share_vec[j]),
                0.0 if np.isnan(matrix.values[i, j]) else float(matrix.values[i, j] * share_vec[j]),
                bool(matrix.partly[i, j]),
                matrix.details[i][j],
            )
            for j, key in enumerate(CRITERIA)
        )
        by = int(result.beaten_by[i])
        ranked.append(
            Ranked(
                int(result.ranks[i]),
                kept[i].provider,
                float(result.totals[i]),
                scores,
                names[by] if by >= 0 else None,
                kept[i].verdict,
                kept[i].course,
                kept[i].check_note,
                kept[i].serious,
            )
        )
    robust = None
    if sensitivity and len(kept) > 1:
        robust = _robustness(result, names, shares)
    summary = _summary(ranked, filtered, robust)
    return Comparison(
        code, n_sessions, shares, must, prefer, tuple(ranked), tuple(filtered), robust, summary
    )


def _summary(ranked: list[Ranked], filtered: list[Filtered], robust: Robustness | None) -> str:
    left_out = ""
    if filtered:
        count = len(filtered)
        left_out = f" {count} provider{'s' if count != 1 else ''} left out by your must-haves."
    if not ranked:
        if filtered:
            return "No provider meets all your must-haves." + left_out
        return "Add providers to compare them."
    top = ranked[0]
    words = f"{top.name} comes first with {top.total:.2f} out of 1."
    if top.serious:
        words += f" Note: {top.check_note}"
    weighed = [c for c in top.unknowns if top.score(c).share > 0]
    if weighed:
        labels = ", ".join(criteria()[c].label.lower() for c in weighed)
        words += f" Some answers are still unknown ({labels}); they count as 0."
    if len(ranked) == 1:
        return words + " It is the only provider left to compare." + left_out
    if robust is not None:
        words += " " + robust.sentence
    return words + left_out


__all__ = [
    "CRITERIA",
    "CompareInputError",
    "Comparison",
    "CourseCost",
    "Criterion",
    "CriterionScore",
    "Filtered",
    "MatrixRanking",
    "MustHaves",
    "Ranked",
    "Robustness",
    "ScoreMatrix",
    "Switch",
    "check_weights",
    "compare",
    "course_for",
    "criteria",
    "default_weights",
    "parse_limit",
    "rank_matrix",
    "score_matrix",
    "unknown_rule",
    "way_to_pay",
    "weight_shares",
]
