"""Step 2, your situation: where you live (which rules apply), what brings you, the SURE check."""

from __future__ import annotations

import ipywidgets as W

from dnkit.markup import esc
from dnkit.plan import PlanStore
from dnkit.regulation import jurisdictions, rules_for
from dnkit.ui.bound import state_dropdown, sure_check
from dnkit.ui.controls import labelled
from dnkit.ui.guard import guarded
from dnkit.ui.rules_html import rules_table_html


class SituationView:
    def __init__(self, store: PlanStore) -> None:
        self.store = store
        plan = store.plan
        self.message = W.HTML().add_class("dn-message")
        self.state = state_dropdown(store, "dn-state", self.message)
        self.concern = labelled(
            W.Textarea(value=plan.concern, placeholder="For example: neck pain after work", rows=2),
            "What brings you here? (optional)",
            "dn-concern",
        )
        self.rules = W.HTML().add_class("dn-state-rules")
        parts = [
            W.HTML(
                "<h2>Your situation</h2><p>Rules for dry needling differ by state and by the "
                "kind of provider. Tell us where you will be treated.</p>"
            ),
            self.state,
            self.rules,
            self.concern,
            self.message,
        ]
        self.sure = sure_check(
            store, "sure_start", "Before you start: how do you feel about this choice?"
        )
        parts.append(self.sure)
        self.widget = W.VBox(parts, layout=W.Layout(width="100%")).add_class("dn-situation")
        self.concern.observe(guarded(self.message)(self._concern_changed), "value")
        store.subscribe(self._plan_changed)
        self._show_rules(plan.jurisdiction)

    def _concern_changed(self, change: dict) -> None:
        self.store.update(concern=str(change["new"])[:500])

    def _plan_changed(self, plan, changed: set[str]) -> None:
        if "jurisdiction" in changed:
            self._show_rules(plan.jurisdiction)
        if "concern" in changed and plan.concern != self.concern.value:
            self.concern.value = plan.concern

    def _show_rules(self, code: str | None) -> None:
        if not code:
            self.rules.value = "<p>Choose your state to see its rules.</p>"
            return
        self.rules.value = f"<h3>Rules in {esc(jurisdictions()[code])}</h3>" + rules_table_html(
            rules_for(code)
        )
