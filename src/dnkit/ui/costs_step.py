"""Step 5, costs: the cost planner, kept in step with the shared plan.

The planner reads its own controls; this bridge copies its inputs into the plan (so they are
saved and printed) and, when a plan is loaded, puts the plan's inputs back into the controls.
Providers saved in the vetting step show up here with their prices.
"""

from __future__ import annotations

import ipywidgets as W
from pydantic import ValidationError

from dnkit.costs import (
    CostInputError,
    Package,
    Pricing,
    parse_amount,
    parse_count,
)
from dnkit.plan import CostInputs, Plan, PlanStore
from dnkit.providers import Provider
from dnkit.ui.costs import CostPlannerView

SESSIONS_MAX = 20


def _text(x: float | int | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if isinstance(x, float) else str(x)


def inputs_from_view(view: CostPlannerView) -> CostInputs:
    """The planner's controls as validated plan inputs; raises on a value it cannot use."""
    s = view.state()
    ins, med = s["insurance"], s["medicare"]
    pricing = view._pricing()  # the planner's own reading of its price controls, errors and all
    covered = {"yes": "yes", "no": "no"}.get(ins["covered"], "unknown")
    return CostInputs(
        sessions=s["sessions"],
        price_low=pricing.price.low,
        price_high=pricing.price.high,
        first_visit_fee=pricing.first_visit_fee,
        metro_factor=pricing.metro_factor,
        packages=[f"{p.sessions}:{p.price:g}" for p in pricing.packages],
        has_insurance=covered != "unknown",
        covered=covered,
        allowed_amount=parse_amount(ins["allowed_amount"], "allowed amount"),
        deductible_remaining=parse_amount(ins["deductible_remaining"], "deductible") or 0.0,
        copay=parse_amount(ins["copay"], "copay") or 0.0,
        coinsurance=parse_amount(ins["coinsurance"], "coinsurance") or 0.0,
        oop_max_remaining=parse_amount(ins["oop_max_remaining"], "out-of-pocket maximum"),
        visit_cap=parse_count(ins["visit_cap"], "visit cap"),
        visits_used=parse_count(ins["visits_used"], "visits used") or 0,
        medicare=med["enabled"],
        profession=med["profession"],
        chronic_low_back_pain=med["chronic_low_back_pain"],
        ncd_qualified=med["ncd_qualified"],
        improving=med["improving"],
        part_b_deductible_remaining=parse_amount(
            med["part_b_deductible_remaining"], "Part B deductible"
        ),
        approved_amount=parse_amount(med["approved_amount"], "Medicare approved amount"),
    )


def show_inputs(view: CostPlannerView, c: CostInputs) -> None:
    """Put saved plan inputs back into the planner's controls."""
    if c.price_high > view.price.max:
        view.price.max = c.price_high
    view.sessions.value = min(c.sessions, view.sessions.max)
    view.price.value = (c.price_low, c.price_high)
    view.first_visit_fee.value = _text(c.first_visit_fee)
    view.metro_factor.value = _text(c.metro_factor)
    view.packages.value = "; ".join(c.packages)
    view.covered.value = {"yes": "yes", "no": "no"}.get(c.covered, "not sure")
    view.allowed_amount.value = _text(c.allowed_amount)
    view.deductible.value = _text(c.deductible_remaining)
    view.copay.value = _text(c.copay)
    view.coinsurance.value = _text(c.coinsurance)
    view.oop_max.value = _text(c.oop_max_remaining)
    view.visit_cap.value = _text(c.visit_cap)
    view.visits_used.value = _text(c.visits_used)
    view.medicare.value = c.medicare
    view.profession.value = (
        c.profession
        if c.profession in dict((v, k) for k, v in view.profession.options)
        else view.profession.value
    )
    view.clbp.value = c.chronic_low_back_pain
    view.ncd_qualified.value = c.ncd_qualified
    view.improving.value = c.improving
    view.part_b.value = _text(c.part_b_deductible_remaining)
    view.approved.value = _text(c.approved_amount)


def provider_prices(plan: Plan) -> list[tuple[str, Pricing]]:
    out = []
    for raw in plan.providers:
        p = Provider.model_validate(raw)
        if p.price_per_session is None:
            continue
        try:
            out.append(
                (
                    p.name,
                    Pricing(
                        p.price_per_session, p.first_visit_fee or 0.0, packages=tuple(p.packages)
                    ),
                )
            )
        except CostInputError:
            continue
    return out


class CostsStep:
    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self._syncing = False
        self.view = CostPlannerView(
            sessions=min(store.plan.costs.sessions, SESSIONS_MAX),
            provider_prices=provider_prices(store.plan),
        )
        self._show_plan(store.plan)
        for control in self.view._controls():
            control.observe(self._view_changed, "value")
        store.subscribe(self._plan_changed)
        self.widget = W.VBox(
            [
                W.HTML(
                    "<h2>What will it cost?</h2><p>Set how many sessions you expect and what "
                    "you know about prices and your insurance. Most courses are 3 to 6 "
                    "sessions.</p>"
                ),
                self.view.widget,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-costs-step")

    def _show_plan(self, plan: Plan) -> None:
        self._syncing = True
        try:
            show_inputs(self.view, plan.costs)
        finally:
            self._syncing = False
        self.view._changed()

    def _view_changed(self, _change: dict) -> None:
        if self._syncing:
            return
        try:
            inputs = inputs_from_view(self.view)
        except (CostInputError, ValidationError, ValueError):
            return  # the planner already shows what is wrong; keep the last good plan
        if inputs != self.store.plan.costs:
            self.store.update(costs=inputs)

    def _plan_changed(self, plan: Plan, changed: set[str]) -> None:
        if "providers" in changed:
            self.view.set_provider_prices(provider_prices(plan))
        if "costs" in changed and plan.costs != self._current():
            self._show_plan(plan)

    def _current(self) -> CostInputs | None:
        try:
            return inputs_from_view(self.view)
        except (CostInputError, ValidationError, ValueError):
            return None


__all__ = ["CostsStep", "Package", "inputs_from_view", "show_inputs"]
