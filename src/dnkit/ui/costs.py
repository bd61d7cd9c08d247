"""The cost planner view: sessions, prices, packages and insurance in; one live chart, the
sentences and a table out.

The view only reads controls, hands them to :mod:`dnkit.costs` (which validates every value
again) and shows the result. A bad value shows a message naming the field and leaves the last
good chart in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as W

from dnkit.costs import (
    PROFESSION_CODES,
    CostInputError,
    CostPlan,
    InsurancePlan,
    MedicarePlan,
    PriceRange,
    Pricing,
    course_cost,
    default_price,
    parse_amount,
    parse_count,
    parse_covered,
    parse_packages,
    plan_costs,
)
from dnkit.figures import FigureResult, provider_costs_figure, routes_figure
from dnkit.markup import esc, paragraphs, table_html
from dnkit.render.citations import citations_html
from dnkit.ui.chart import LiveChart
from dnkit.ui.controls import labelled

MAX_SESSIONS = 20
PRICE_SLIDER_MAX = 400

PROFESSION_LABELS = {
    "PT": "Physical therapist (PT)",
    "PTA": "Physical therapist assistant (PTA)",
    "DC": "Chiropractor (DC)",
    "MD": "Medical doctor (MD)",
    "DO": "Doctor of osteopathic medicine (DO)",
    "ATC": "Athletic trainer (ATC)",
    "OT": "Occupational therapist (OT)",
    "LAc": "Licensed acupuncturist (LAc)",
    "NP": "Nurse practitioner (NP)",
    "PA": "Physician assistant (PA)",
    "other": "Someone else",
}

# Visible labels; error messages use the same words so a person finds the field.
LABELS = {
    "sessions": "Number of sessions",
    "price": "Price per session (low to high)",
    "first-visit fee": "First-visit fee in dollars (0 if none)",
    "metro factor": "Area price factor (1 means no change)",
    "package": "Package offers (like 6:420; 10:650)",
    "covered": "Does your plan pay for dry needling?",
    "allowed amount": "Plan's allowed amount per visit ($, blank: clinic price)",
    "deductible remaining": "Deductible left this year ($)",
    "copay": "Copay per visit ($)",
    "coinsurance": "Coinsurance (%)",
    "out-of-pocket maximum remaining": "Out-of-pocket maximum left ($, blank: none)",
    "visit cap": "Visits the plan pays for a year (blank: no limit)",
    "visits used": "Visits used this year",
    "medicare": "I have Original Medicare",
    "profession": "Who does the needling?",
    "chronic low back pain": "It is for chronic low back pain (12 weeks or more)",
    "ncd qualified": "NP, PA or acupuncturist with the degree and license Medicare asks for",
    "improving": "My back pain is getting better",
    "Part B deductible remaining": "Part B deductible left this year ($)",
    "Medicare approved amount": "Medicare's approved amount per visit ($, if known)",
}
# Field names used by dnkit.costs that share a label above.
FIELD_ALIASES = {
    "price low": "price",
    "price high": "price",
    "price typical": "price",
    "package sessions": "package",
    "package price": "package",
}


def _text(field: str, css: str, value: str = "", placeholder: str = "") -> W.Text:
    return labelled(
        W.Text(value=value, placeholder=placeholder, continuous_update=False), LABELS[field], css
    )


def _check(field: str, css: str, value: bool = False) -> W.Checkbox:
    return labelled(W.Checkbox(value=value, indent=False), LABELS[field], css)


class CostPlannerView:
    """What a course of sessions costs by each way of paying; redraws in place on change.

    ``provider_prices`` is an optional list of ``(name, PriceRange or Pricing)``; when given,
    the view also tells what the planned sessions cost at each provider.
    """

    def __init__(
        self,
        sessions: int = 6,
        provider_prices: Sequence[tuple[str, PriceRange | Pricing]] | None = None,
    ) -> None:
        d = default_price()
        self._typical: tuple[tuple[float, float], float] | None = None
        self._provider_prices = list(provider_prices or [])
        self.sessions = labelled(
            W.IntSlider(value=sessions, min=1, max=MAX_SESSIONS, step=1, continuous_update=False),
            LABELS["sessions"],
            "dn-sessions",
        )
        self.price = labelled(
            W.FloatRangeSlider(
                value=(d.price.low, d.price.high),
                min=0,
                max=PRICE_SLIDER_MAX,
                step=5,
                readout_format="$.0f",
                continuous_update=False,
            ),
            LABELS["price"],
            "dn-price",
        )
        self.first_visit_fee = _text("first-visit fee", "dn-first-visit-fee", "0")
        self.metro_factor = _text("metro factor", "dn-metro-factor", "1")
        self.packages = _text("package", "dn-packages", placeholder="6:420; 10:650")
        self.covered = labelled(
            W.Dropdown(options=[("Not sure", "not sure"), ("Yes", "yes"), ("No", "no")]),
            LABELS["covered"],
            "dn-covered",
        )
        self.allowed_amount = _text("allowed amount", "dn-allowed-amount")
        self.deductible = _text("deductible remaining", "dn-deductible", "0")
        self.copay = _text("copay", "dn-copay", "0")
        self.coinsurance = _text("coinsurance", "dn-coinsurance", "0")
        self.oop_max = _text("out-of-pocket maximum remaining", "dn-oop-max")
        self.visit_cap = _text("visit cap", "dn-visit-cap")
        self.visits_used = _text("visits used", "dn-visits-used", "0")
        self.medicare = _check("medicare", "dn-medicare")
        self.profession = labelled(
            W.Dropdown(options=[(PROFESSION_LABELS[c], c) for c in PROFESSION_CODES], value="PT"),
            LABELS["profession"],
            "dn-profession",
        )
        self.clbp = _check("chronic low back pain", "dn-clbp")
        self.ncd_qualified = _check("ncd qualified", "dn-ncd-qualified")
        self.improving = _check("improving", "dn-improving")
        self.part_b = _text("Part B deductible remaining", "dn-part-b")
        self.approved = _text("Medicare approved amount", "dn-medicare-approved")

        self.message = W.HTML().add_class("dn-message")
        self.summary = W.HTML().add_class("dn-cost-summary")
        self.table = W.HTML().add_class("dn-cost-table")
        self.notes = W.HTML().add_class("dn-cost-notes")
        self.providers = W.HTML().add_class("dn-provider-costs")
        self.sources = W.HTML().add_class("dn-source")

        plan, result = self._compute()
        self.chart = LiveChart(result.figure)
        self.chart.widget.add_class("dn-cost-chart")
        self._show(plan, result)
        for control in self._controls():
            control.observe(self._changed, "value")

        insurance_box = W.VBox(
            [
                W.HTML(
                    "<p>Ask your insurer whether it pays for CPT 20560 and 20561 (dry needling). "
                    "If you are not sure, dnkit leaves insurance out.</p>"
                ),
                self.covered,
                self.allowed_amount,
                self.deductible,
                self.copay,
                self.coinsurance,
                self.oop_max,
                self.visit_cap,
                self.visits_used,
            ]
        )
        medicare_box = W.VBox(
            [
                self.medicare,
                self.profession,
                self.clbp,
                self.ncd_qualified,
                self.improving,
                self.part_b,
                self.approved,
            ]
        )
        self.more = W.Accordion(
            children=[insurance_box, medicare_box],
            titles=("I have insurance", "I have Medicare"),
            selected_index=None,
            layout=W.Layout(width="100%", max_width="640px"),
        ).add_class("dn-cost-more")
        self.widget = W.VBox(
            [
                self.sessions,
                self.price,
                self.first_visit_fee,
                self.metro_factor,
                self.packages,
                self.more,
                self.message,
                self.summary,
                self.chart.widget,
                self.table,
                self.notes,
                self.providers,
                self.sources,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-cost-planner")

    # --- reading controls ---------------------------------------------------------------------

    def _controls(self) -> list[W.DOMWidget]:
        return [
            self.sessions,
            self.price,
            self.first_visit_fee,
            self.metro_factor,
            self.packages,
            self.covered,
            self.allowed_amount,
            self.deductible,
            self.copay,
            self.coinsurance,
            self.oop_max,
            self.visit_cap,
            self.visits_used,
            self.medicare,
            self.profession,
            self.clbp,
            self.ncd_qualified,
            self.improving,
            self.part_b,
            self.approved,
        ]

    def _price(self) -> PriceRange:
        low, high = (float(v) for v in self.price.value)
        if self._typical and self._typical[0] == (low, high):
            return PriceRange(low, self._typical[1], high)
        return PriceRange.between(low, high)

    def _pricing(self) -> Pricing:
        return Pricing(
            self._price(),
            first_visit_fee=parse_amount(self.first_visit_fee.value, "first-visit fee") or 0.0,
            metro_factor=_required(self.metro_factor.value, "metro factor"),
            packages=parse_packages(self.packages.value),
        )

    def _insurance(self) -> InsurancePlan | None:
        covered = parse_covered(self.covered.value)
        if covered is None:
            return None
        return InsurancePlan(
            covered,
            allowed_amount=parse_amount(self.allowed_amount.value, "allowed amount"),
            deductible_remaining=parse_amount(self.deductible.value, "deductible remaining") or 0.0,
            copay=parse_amount(self.copay.value, "copay") or 0.0,
            coinsurance_pct=parse_amount(self.coinsurance.value, "coinsurance") or 0.0,
            oop_max_remaining=parse_amount(self.oop_max.value, "out-of-pocket maximum remaining"),
            visit_cap=parse_count(self.visit_cap.value, "visit cap"),
            visits_used=parse_count(self.visits_used.value, "visits used") or 0,
        )

    def _medicare(self) -> MedicarePlan | None:
        if not self.medicare.value:
            return None
        return MedicarePlan(
            self.profession.value,
            chronic_low_back_pain=bool(self.clbp.value),
            ncd_qualified=bool(self.ncd_qualified.value),
            part_b_deductible_remaining=parse_amount(
                self.part_b.value, "Part B deductible remaining"
            ),
            approved_amount=parse_amount(self.approved.value, "Medicare approved amount"),
            improving=bool(self.improving.value),
        )

    def _compute(self) -> tuple[CostPlan, FigureResult]:
        plan = plan_costs(MAX_SESSIONS, self._pricing(), self._insurance(), self._medicare())
        return plan, routes_figure(plan, int(self.sessions.value))

    # --- showing results ----------------------------------------------------------------------

    def _show(self, plan: CostPlan, result: FigureResult) -> None:
        self.summary.value = f"<p><strong>{esc(result.summary)}</strong></p>" + paragraphs(
            plan.crossovers
        )
        self.table.value = table_html(
            result.table, caption="What you pay by number of sessions: typical (low to high)"
        )
        notes = []
        for route in plan.routes:
            if route.notes:
                items = "".join(f"<li>{esc(n)}</li>" for n in route.notes)
                notes.append(f"<h3>{esc(route.name)}</h3><ul>{items}</ul>")
        notes.append(paragraphs(plan.notes))
        self.notes.value = "".join(notes)
        self.providers.value = self._provider_html()
        d = default_price()
        self.sources.value = (
            f'<p class="dn-source">Default price: {esc(d.note)}</p>{citations_html(plan.sources)}'
        )

    def _provider_html(self) -> str:
        if not self._provider_prices:
            return ""
        n = int(self.sessions.value)
        items = []
        for name, price in self._provider_prices:
            pricing = price if isinstance(price, Pricing) else Pricing(price)
            items.append((name, course_cost(n, pricing)))
        result = provider_costs_figure(items)
        return f"<p>{esc(result.summary)}</p>" + table_html(
            result.table, caption=f"Cost of {n} sessions by provider, paying yourself"
        )

    def _changed(self, _change=None) -> None:
        try:
            plan, result = self._compute()
            # The chart goes first: it is what the eye follows after a slider move, and the
            # text updates travel right behind it.
            self.chart.update(result.figure)
            self._show(plan, result)
        except CostInputError as err:
            field = FIELD_ALIASES.get(err.field, err.field)
            label = LABELS.get(field, field)
            self.message.value = (
                f'<p class="dn-error" role="alert">{esc(label)}: {esc(err.message)}</p>'
            )
            return
        self.message.value = ""

    # --- for the app and the plan file --------------------------------------------------------

    def set_price(self, price_range: PriceRange) -> None:
        """Use a chosen provider's price range (keeping its typical price)."""
        if not isinstance(price_range, PriceRange):
            raise TypeError("set_price needs a dnkit.costs.PriceRange")
        if price_range.high > self.price.max:
            self.price.max = float(price_range.high)
        self._typical = ((price_range.low, price_range.high), price_range.typical)
        if tuple(self.price.value) == (price_range.low, price_range.high):
            self._changed()
        else:
            self.price.value = (price_range.low, price_range.high)

    def set_provider_prices(self, provider_prices: Sequence[tuple[str, PriceRange | Pricing]]):
        self._provider_prices = list(provider_prices)
        self._changed()

    def state(self) -> dict:
        """The current inputs as plain values, as typed (for saving the user's plan)."""
        price = self._price_or_none()
        return {
            "sessions": int(self.sessions.value),
            "price": None
            if price is None
            else {"low": price.low, "typical": price.typical, "high": price.high},
            "first_visit_fee": self.first_visit_fee.value,
            "metro_factor": self.metro_factor.value,
            "packages": self.packages.value,
            "insurance": {
                "covered": self.covered.value,
                "allowed_amount": self.allowed_amount.value,
                "deductible_remaining": self.deductible.value,
                "copay": self.copay.value,
                "coinsurance": self.coinsurance.value,
                "oop_max_remaining": self.oop_max.value,
                "visit_cap": self.visit_cap.value,
                "visits_used": self.visits_used.value,
            },
            "medicare": {
                "enabled": bool(self.medicare.value),
                "profession": self.profession.value,
                "chronic_low_back_pain": bool(self.clbp.value),
                "ncd_qualified": bool(self.ncd_qualified.value),
                "improving": bool(self.improving.value),
                "part_b_deductible_remaining": self.part_b.value,
                "approved_amount": self.approved.value,
            },
        }

    def _price_or_none(self) -> PriceRange | None:
        try:
            return self._price()
        except CostInputError:
            return None


def _required(text: str, field: str) -> float:
    value = parse_amount(text, field)
    if value is None:
        raise CostInputError(field, "needs a number")
    return value
