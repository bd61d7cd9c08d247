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

from dnkit.cost_inputs import CostInputs
from dnkit.costs import CostPlan, Pricing, course_cost, default_price
from dnkit.errors import CostInputError, InputError
from dnkit.figures import FigureResult, provider_costs_figure, routes_figure
from dnkit.labels import COST_LABELS, message, profession_options
from dnkit.limits import MAX_SESSIONS
from dnkit.plan import Plan
from dnkit.render.citations import citations_html
from dnkit.render.html import alert, bullets, esc, paragraphs, table_html
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings, FieldMessage
from dnkit.ui.chart import LiveChart
from dnkit.ui.controls import labelled, standalone

PRICE_SLIDER_MAX = 400  # wide enough for most clinic prices; widened for a dearer saved price
COVERED_OPTIONS = (("Not sure", "unknown"), ("Yes", "yes"), ("No", "no"))
INSURANCE_FIELDS = (
    "covered",
    "allowed_amount",
    "deductible_remaining",
    "copay",
    "coinsurance",
    "oop_max_remaining",
    "visit_cap",
    "visits_used",
)
MEDICARE_FIELDS = (
    "medicare",
    "profession",
    "chronic_low_back_pain",
    "ncd_qualified",
    "improving",
    "part_b_deductible_remaining",
    "approved_amount",
    "medicare_visits_used",
)
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
        self.medicare = self._bind("medicare", W.Checkbox(indent=False))
        self.profession = self._bind("profession", W.Dropdown(options=profession_options()))
        self.clbp = self._bind("chronic_low_back_pain", W.Checkbox(indent=False))
        self.ncd_qualified = self._bind("ncd_qualified", W.Checkbox(indent=False))
        self.improving = self._bind("improving", W.Checkbox(indent=False))
        self.part_b = self._text("part_b_deductible_remaining")
        self.approved = self._text("approved_amount")
        self.medicare_visits_used = self._text("medicare_visits_used")

        self.summary = W.HTML().add_class("dn-cost-summary")
        self.table = W.HTML().add_class("dn-cost-table")
        self.notes = W.HTML().add_class("dn-cost-notes")
        self.providers = W.HTML().add_class("dn-provider-costs")
        self.sources = W.HTML().add_class("dn-source")
        self.last: CostPlan | None = None
        self._engine_problem: tuple[FieldMessage, str] | None = None

        plan, result = self._compute(self.store.plan.costs)
        self.chart = LiveChart(result.figure)
        self.chart.widget.add_class("dn-cost-chart")
        self._show(plan, result)
        self.bindings.add(self.store.field("costs").subscribe(self._costs_changed))
        self.bindings.add(
            self.store.field("providers").subscribe(lambda _p: self._show_providers())
        )

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
                    self._boxed("price_low"),
                    *(self._boxed(f) for f in PRICE_FIELDS),
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
    def _compute(self, inputs: CostInputs) -> tuple[CostPlan, FigureResult]:
        plan = inputs.plan_costs(MAX_SESSIONS)
        return plan, routes_figure(plan, inputs.sessions)

    def _costs_changed(self, inputs: CostInputs) -> None:
        try:
            plan, result = self._compute(inputs)
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
        self.summary.value = f"<p><strong>{esc(result.summary)}</strong></p>" + paragraphs(
            plan.crossovers
        )
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
        result = provider_costs_figure([(name, course_cost(n, p)) for name, p in prices])
        self.providers.value = f"<p>{esc(result.summary)}</p>" + table_html(
            result.table, caption=f"Cost of {n} sessions by provider, paying yourself"
        )

    def close(self) -> None:
        """Let go of the plan (a view built again on the same store starts clean)."""
        self.bindings.close()
