"""Step 2, your situation: where you live (which rules apply), what brings you, the SURE check."""

from __future__ import annotations

import ipywidgets as W

from dnkit.markup import esc
from dnkit.plan import PlanStore
from dnkit.regulation import jurisdictions, rules_for
from dnkit.ui.controls import labelled
from dnkit.ui.guard import guarded
from dnkit.ui.rules_html import rules_table_html

NO_STATE = "Choose your state"


class SituationView:
    def __init__(self, store: PlanStore) -> None:
        self.store = store
        plan = store.plan
        places = [(NO_STATE, "")] + [
            (f"{name} ({code})", code) for code, name in jurisdictions().items()
        ]
        self.message = W.HTML().add_class("dn-message")
        self.state = labelled(
            W.Dropdown(options=places, value=plan.jurisdiction or ""), "Your state", "dn-state"
        )
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
        self.sure = _sure_check(
            store, "sure_start", "Before you start: how do you feel about this choice?"
        )
        if self.sure is not None:
            parts.append(self.sure)
        self.widget = W.VBox(parts, layout=W.Layout(width="100%")).add_class("dn-situation")
        self.state.observe(guarded(self.message)(self._state_changed), "value")
        self.concern.observe(guarded(self.message)(self._concern_changed), "value")
        store.subscribe(self._plan_changed)
        self._show_rules(plan.jurisdiction)

    def _state_changed(self, change: dict) -> None:
        self.store.update(jurisdiction=change["new"] or None)

    def _concern_changed(self, change: dict) -> None:
        self.store.update(concern=str(change["new"])[:500])

    def _plan_changed(self, plan, changed: set[str]) -> None:
        if "jurisdiction" in changed:
            if (plan.jurisdiction or "") != self.state.value:
                self.state.value = plan.jurisdiction or ""
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


def _sure_check(store: PlanStore, field: str, title: str) -> W.Widget | None:
    """The SURE check bound to ``store.plan.<field>``."""
    from dnkit.ui.learn import SureCheck

    check = SureCheck(
        title=title, answers=getattr(store.plan, field).model_dump(), name=field.replace("_", "-")
    )

    def changed(answers: dict) -> None:
        if answers != getattr(store.plan, field).model_dump():
            store.update(**{field: answers})

    def plan_changed(plan, changed_fields: set[str]) -> None:
        saved = getattr(plan, field).model_dump()
        if field in changed_fields and saved != check.answers:
            check.set_answers(saved)

    check.on_change(changed)
    store.subscribe(plan_changed)
    return check.widget
