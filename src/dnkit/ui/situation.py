"""Step 2, your situation: where you live (which rules apply), what brings you, the SURE check."""

from __future__ import annotations

import ipywidgets as W

from dnkit.labels import PLAN_LABELS
from dnkit.limits import MAX_CONCERN_CHARS
from dnkit.regulation import jurisdictions, rules_for
from dnkit.render.html import esc
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings, FieldMessage
from dnkit.ui.bound import state_dropdown
from dnkit.ui.controls import labelled, standalone
from dnkit.ui.learn import SureCheck
from dnkit.ui.rules_html import rules_table_html


class SituationView:
    def __init__(self, store: PlanStore | None = None, with_style: bool = True) -> None:
        self.store = store if store is not None else PlanStore()
        self.bindings = Bindings()
        self.state, state_box = state_dropdown(self.store, self.bindings, "dn-state")
        self.concern = labelled(
            W.Textarea(placeholder="For example: neck pain after work", rows=2),
            f"{PLAN_LABELS['concern']} (optional)",
            "dn-concern",
        )
        self.concern_message = FieldMessage()
        self.bindings.bind(
            self.concern,
            "value",
            self.store.field("concern"),
            from_widget=lambda text: str(text)[:MAX_CONCERN_CHARS],
            message=self.concern_message,
        )
        self.rules = W.HTML().add_class("dn-state-rules")
        self.sure = SureCheck(
            self.store, "sure_start", "Before you start: how do you feel about this choice?"
        )
        self.widget = standalone(
            W.VBox(
                [
                    W.HTML(
                        "<h2>Your situation</h2><p>Rules for dry needling differ by state and "
                        "by the kind of provider. Tell us where you will be treated.</p>"
                    ),
                    state_box,
                    self.rules,
                    self.concern,
                    self.concern_message.widget,
                    self.sure.widget,
                ],
                layout=W.Layout(width="100%"),
            ).add_class("dn-situation"),
            with_style,
        )
        self.bindings.add(self.store.field("jurisdiction").subscribe(self._show_rules))
        self._show_rules(self.store.plan.jurisdiction)

    def _show_rules(self, code: str | None) -> None:
        if not code:
            self.rules.value = "<p>Choose your state to see its rules.</p>"
            return
        self.rules.value = f"<h3>Rules in {esc(jurisdictions()[code])}</h3>" + rules_table_html(
            rules_for(code)
        )

    def close(self) -> None:
        self.bindings.close()
        self.sure.close()
