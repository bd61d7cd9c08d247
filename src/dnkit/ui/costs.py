"""The costs step: sessions, prices, packages, insurance and Medicare in; one live chart, the
sentences and a table out.

Every control is bound to a field of the plan's cost inputs (:class:`dnkit.cost_inputs.CostInputs`)
and everything shown is drawn from the plan, never from the controls: a value the plan refuses
is explained under the box where it was typed, and the chart, the saved plan, the browser draft
and the printed summary keep showing the same, last good, numbers.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from dnkit.cost_inputs import INSURANCE_TERMS
from dnkit.costs import CostPlan, Pricing, course_cost, default_price
from dnkit.errors import CostInputError, InputError
from dnkit.figures import FigureResult, provider_costs_figure, routes_figure
from dnkit.labels import COST_LABELS, message, profession_options
from dnkit.limits import MAX_SESSIONS
from dnkit.money import money, money_range
from dnkit.plan import Plan
from dnkit.providers import Provider
from dnkit.render.citations import citations_html
from dnkit.render.html import alert, bullets, esc, paragraphs, table_html
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings, FieldMessage
from dnkit.ui.chart import LiveChart
from dnkit.ui.controls import labelled, standalone

PRICE_SLIDER_MAX = 400  # wide enough for most clinic prices; widened for a dearer saved price
COVERED_OPTIONS = (("Not sure", "unknown"), ("Yes", "yes"), ("No", "no"))
INSURANCE_FIELDS = ("covered", *INSURANCE_TERMS)
MEDICARE_FIELDS = (
    "medicare",
    "profession",
    "chronic_low_back_pain",
    "ncd_qualified",
    "improving",
    "part_b_met",
    "part_b_deductible_remaining",
    "approved_amount",
    "medicare_visits_used",
)
# Which Medicare a person has, and the two plan fields that say it.
MEDICARE_KINDS = (
    ("No Medicare", (False, False)),
    ("Original Medicare", (True, False)),
    ("Medicare Advantage (a Part C plan)", (False, True)),
)
AUTO = "__auto__"  # the "whose prices" choice that lets dnkit pick (costs.provider is None)
TYPED = ""  # the prices typed here
# What the cost step shows again when these parts of the plan change (whose prices depend on
# the ranking, so on the state, the weights and the must-haves too).
REDRAW_ON = {"costs", "providers", "jurisdiction", "weights", "must_haves", "preferred_settings"}
PRICE_FIELDS = ("first_visit_fee", "metro_factor", "packages")


def as_text(value: Any) -> str:
    """How a saved amount reads in a text box: "" for none, 30 not 30.0, a list with "; "."""
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def prices_html(provider: Provider | None, chosen: str | None) -> str:
    """Whose prices the costs use, in words (nothing when they are the typed ones)."""
    if provider is None:
        if chosen:
            return (
                f"<p>dnkit has no price for {esc(chosen)}, so it uses the prices below. Add "
                "their price in the Check step.</p>"
            )
        return ""
    price = provider.price_per_session
    parts = [f"{money_range(price.low, price.high)} a session"]
    if provider.first_visit_fee:
        parts.append(f"a first-visit fee of {money(provider.first_visit_fee)}")
    if provider.packages:
        parts.append("packages of " + "; ".join(pk.label() for pk in provider.packages))
    how = "" if chosen else " (the first in your ranking; you can choose another)"
    return (
        f"<p><strong>Prices from {esc(provider.name)}</strong>{esc(how)}: "
        f"{esc(', '.join(parts))}. To change them, edit the provider in the Check step.</p>"
    )


def provider_prices(plan: Plan) -> list[tuple[str, Pricing]]:
    """(name, Pricing) of each saved provider whose price is known."""
    out = []
    for p in plan.providers:
        if p.price_per_session is None:
            continue
        try:
            pricing = Pricing(
                p.price_per_session, p.first_visit_fee or 0.0, packages=tuple(p.packages)
            )
        except CostInputError:
            continue
        out.append((p.name, pricing))
    return out


class CostsView:
    """The costs step as one widget (``.widget``), bound to ``store`` (a new one if None)."""

    def __init__(self, store: PlanStore | None = None, with_style: bool = True) -> None:
        self.store = store if store is not None else PlanStore()
        self.bindings = Bindings()
        self.messages: dict[str, FieldMessage] = {}
        self.controls: dict[str, W.Widget] = {}
        self.message = W.HTML().add_class("dn-message")

        self.sessions = self._bind(
            "sessions",
            W.IntSlider(min=1, max=MAX_SESSIONS, step=1, continuous_update=False),
        )
        self.price = self._price_slider()
        self.first_visit_fee = self._text("first_visit_fee")
        self.metro_factor = self._text("metro_factor")
        self.packages = self._text("packages", placeholder="6:420; 10:650")
        self.covered = self._bind("covered", W.Dropdown(options=COVERED_OPTIONS))
        self.allowed_amount = self._text("allowed_amount")
        self.deductible = self._text("deductible_remaining")
        self.copay = self._text("copay")
        self.coinsurance = self._text("coinsurance")
        self.oop_max = self._text("oop_max_remaining")
        self.visit_cap = self._text("visit_cap")
        self.visits_used = self._text("visits_used")
        self.medicare = self._medicare_kind()
        self.profession = self._bind("profession", W.Dropdown(options=profession_options()))
        self.clbp = self._bind("chronic_low_back_pain", W.Checkbox(indent=False))
        self.ncd_qualified = self._bind("ncd_qualified", W.Checkbox(indent=False))
        self.improving = self._bind("improving", W.Checkbox(indent=False))
        self.part_b_met = self._bind("part_b_met", W.Checkbox(indent=False))
        self.part_b = self._text("part_b_deductible_remaining")
        self.approved = self._text("approved_amount")
        self.medicare_visits_used = self._text("medicare_visits_used")

        self.whose = self._whose_prices()
        self.prices_note = W.HTML().add_class("dn-prices-note")
        self.headline = W.HTML().add_class("dn-cost-headline")
        self.summary = W.HTML().add_class("dn-cost-summary")
        self.table = W.HTML().add_class("dn-cost-table")
        self.notes = W.HTML().add_class("dn-cost-notes")
        self.providers = W.HTML().add_class("dn-provider-costs")
        self.sources = W.HTML().add_class("dn-source")
        self.last: CostPlan | None = None
        self._engine_problem: tuple[FieldMessage, str] | None = None

        self.typed_prices = W.VBox(
            [self._boxed("price_low"), *(self._boxed(f) for f in PRICE_FIELDS)],
            layout=W.Layout(width="100%"),
        ).add_class("dn-typed-prices")
        plan, result = self._compute()
        self.chart = LiveChart(result.figure)
        self.chart.widget.add_class("dn-cost-chart")
        self._show(plan, result)
        self.bindings.add(self.store.subscribe(self._plan_changed))

        insurance_box = W.VBox(
            [
                W.HTML(
                    "<p>Ask your insurer whether it pays for CPT 20560 and 20561 (dry needling). "
                    "If you are not sure, dnkit leaves insurance out.</p>"
                ),
                *(self._boxed(f) for f in INSURANCE_FIELDS),
            ]
        )
        medicare_box = W.VBox([self._boxed(f) for f in MEDICARE_FIELDS])
        self.more = W.Accordion(
            children=[insurance_box, medicare_box],
            titles=("I have insurance", "I have Medicare"),
            selected_index=None,
            layout=W.Layout(width="100%", max_width="640px"),
        ).add_class("dn-cost-more")
        self.widget = standalone(
            W.VBox(
                [
                    W.HTML(
                        "<h2>What will it cost?</h2><p>Set how many sessions you expect and what "
                        "you know about prices and your insurance. Most courses are 3 to 6 "
                        "sessions.</p>"
                    ),
                    self._boxed("sessions"),
                    self._boxed("provider"),
                    self.prices_note,
                    self.headline,
                    self.typed_prices,
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
            ).add_class("dn-cost-planner"),
            with_style,
        )

    # ------------------------------------------------------------------ building controls
    def _bind(self, field: str, widget: W.Widget, **kw: Any) -> W.Widget:
        css = "dn-" + field.replace("_", "-")
        labelled(widget, COST_LABELS[field], css)
        message = FieldMessage()
        self.messages[field] = message
        self.controls[field] = widget
        self.bindings.bind(
            widget, "value", self.store.field(f"costs.{field}"), message=message, **kw
        )
        return widget

    def _whose_prices(self) -> W.Dropdown:
        """Whose prices the costs use: dnkit's pick, a saved provider, or the typed ones."""
        dropdown = W.Dropdown(options=self._whose_options(self.store.plan))
        return self._bind(
            "provider",
            dropdown,
            to_widget=lambda v: AUTO if v is None else v,
            from_widget=lambda v: None if v == AUTO else v,
        )

    @staticmethod
    def _whose_options(plan: Plan) -> list[tuple[str, str]]:
        saved = [p.name for p in plan.providers if p.price_per_session is not None]
        chosen = plan.costs.provider
        if chosen and chosen not in saved:
            saved.append(chosen)  # still shown: the plan keeps it until the person changes it
        # Until a saved provider has a price, dnkit's choice is the prices typed below.
        auto = "your first-ranked provider" if saved else "the prices below, for now"
        return (
            [(f"Let dnkit choose ({auto})", AUTO)]
            + [(f"{name}'s prices", name) for name in saved]
            + [("Prices I type in", TYPED)]
        )

    def _medicare_kind(self) -> W.Dropdown:
        kinds = dict(MEDICARE_KINDS)
        names = {v: k for k, v in MEDICARE_KINDS}
        dropdown = labelled(
            W.Dropdown(options=[k for k, _ in MEDICARE_KINDS]),
            COST_LABELS["medicare"],
            "dn-medicare",
        )
        message = FieldMessage()
        self.messages["medicare"] = self.messages["medicare_advantage"] = message
        self.controls["medicare"] = dropdown
        self.bindings.bind(
            dropdown,
            "value",
            self.store.field("costs.medicare", "costs.medicare_advantage"),
            to_widget=lambda v: names.get((bool(v[0]), bool(v[1])), MEDICARE_KINDS[1][0]),
            from_widget=lambda label: kinds[label],
            message=message,
        )
        return dropdown

    def _text(self, field: str, placeholder: str = "") -> W.Text:
        widget = W.Text(placeholder=placeholder, continuous_update=False)
        return self._bind(field, widget, to_widget=as_text)

    def _price_slider(self) -> W.FloatRangeSlider:
        slider = W.FloatRangeSlider(
            min=0, max=PRICE_SLIDER_MAX, step=5, readout_format="$.0f", continuous_update=False
        )
        prices = self.store.field("costs.price_high")

        def widen(high: float) -> None:
            if high > slider.max:
                slider.max = high

        widen(prices.value)
        self.bindings.add(prices.subscribe(widen))  # before the binding, so the value fits

        def from_widget(value: tuple[float, float]) -> tuple[float, float, float | None]:
            low, high = (float(v) for v in value)
            typical = self.store.plan.costs.price_typical
            keep = typical is not None and low <= typical <= high
            return low, high, typical if keep else None

        css = "dn-price"
        labelled(slider, COST_LABELS["price_low"], css)
        message = FieldMessage()
        for f in ("price_low", "price_high", "price_typical"):
            self.messages[f] = message
        self.controls["price_low"] = slider
        self.bindings.bind(
            slider,
            "value",
            self.store.field("costs.price_low", "costs.price_high", "costs.price_typical"),
            to_widget=lambda v: (v[0], v[1]),
            from_widget=from_widget,
            message=message,
        )
        return slider

    def _boxed(self, field: str) -> W.Widget:
        """The control with the place for its message right under it."""
        return W.VBox(
            [self.controls[field], self.messages[field].widget], layout=W.Layout(width="100%")
        ).add_class("dn-control")

    # ------------------------------------------------------------------ reading and showing
    def _compute(self) -> tuple[CostPlan, FigureResult]:
        plan = self.store.plan.cost_plan(MAX_SESSIONS)
        return plan, routes_figure(plan, self.store.plan.costs.sessions)

    def _plan_changed(self, plan: Plan, changed: frozenset[str]) -> None:
        if "providers" in changed:
            options = self._whose_options(plan)
            if options != list(self.whose.options):
                self.whose.options = options
                self.whose.value = AUTO if plan.costs.provider is None else plan.costs.provider
        if changed & REDRAW_ON:
            self._costs_changed()

    def _costs_changed(self, _value: object = None) -> None:
        try:
            plan, result = self._compute()
        except InputError as err:
            # Each input is usable, but together the engine needs one more answer: say so
            # under that answer's box (the chart keeps the last plan it could draw).
            target = self.messages.get(err.field)
            if target is None:
                self.message.value = alert(message(err.field, err.message))
            else:
                target.show(err)
                self._engine_problem = (target, target.text)
            return
        self.message.value = ""
        if self._engine_problem is not None:
            target, text = self._engine_problem
            if target.text == text:  # not replaced by a newer message since
                target.show(None)
            self._engine_problem = None
        # The chart goes first: it is what the eye follows after a slider move, and the text
        # updates travel right behind it.
        self.chart.update(result.figure)
        self._show(plan, result)

    def _show(self, plan: CostPlan, result: FigureResult) -> None:
        self.last = plan
        p = self.store.plan
        provider = p.cost_provider()
        whose = f" at {provider.name}'s prices" if provider else ""
        self.headline.value = (
            f'<p class="dn-headline" role="status"><strong>'
            f"{esc(plan.headline(p.costs.sessions, whose))}</strong></p>"
        )
        self.prices_note.value = prices_html(provider, p.costs.provider)
        self.typed_prices.layout.display = "none" if provider else None
        self.summary.value = f"<p>{esc(result.summary)}</p>" + paragraphs(plan.crossovers)
        self.table.value = table_html(
            result.table, caption="What you pay by number of sessions: typical (low to high)"
        )
        notes = [
            f"<h3>{esc(route.name)}</h3>{bullets(route.notes)}"
            for route in plan.routes
            if route.notes
        ]
        notes.append(paragraphs(plan.notes))
        self.notes.value = "".join(notes)
        self._show_providers()
        d = default_price()
        self.sources.value = (
            f'<p class="dn-source">Default price: {esc(d.note)}</p>{citations_html(plan.sources)}'
        )

    def _show_providers(self) -> None:
        prices = provider_prices(self.store.plan)
        if not prices:
            self.providers.value = ""
            return
        n = self.store.plan.costs.sessions
        # A provider the must-haves leave out (not allowed in the state, say) is never "the
        # cheapest": it is listed apart, with its cost and the reason, as Compare lists it.
        left_out = self.store.plan.left_out()
        kept = [(name, course_cost(n, p)) for name, p in prices if name not in left_out]
        html = ""
        if kept:
            result = provider_costs_figure(kept)
            html = f"<p>{esc(result.summary)}</p>" + table_html(
                result.table, caption=f"Cost of {n} sessions by provider, paying yourself"
            )
        apart = [
            f"<li><strong>{esc(name)}</strong>: about {money(course_cost(n, p).typical)}. "
            f"{esc(' '.join(left_out[name]))}</li>"
            for name, p in prices
            if name in left_out
        ]
        if apart:
            html += f"<p>Left out by your must-haves (see Compare):</p><ul>{''.join(apart)}</ul>"
        self.providers.value = html

    def close(self) -> None:
        """Let go of the plan (a view built again on the same store starts clean)."""
        self.bindings.close()
