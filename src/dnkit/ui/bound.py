"""Controls that several steps share, bound to the plan like every other control."""

from __future__ import annotations

import ipywidgets as W

from dnkit.labels import PLAN_LABELS
from dnkit.regulation import jurisdictions
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings, FieldMessage
from dnkit.ui.controls import labelled

NO_STATE = "Choose your state"


def state_dropdown(store: PlanStore, bindings: Bindings, css: str) -> tuple[W.Dropdown, W.Widget]:
    """ "Your state", bound to ``plan.jurisdiction`` (empty means not chosen); returns the
    dropdown and the box that holds it with its message."""
    places = [(NO_STATE, "")] + [
        (f"{name} ({code})", code) for code, name in jurisdictions().items()
    ]
    dropdown = labelled(W.Dropdown(options=places), PLAN_LABELS["jurisdiction"], css)
    message = FieldMessage()
    bindings.bind(
        dropdown,
        "value",
        store.field("jurisdiction"),
        to_widget=lambda code: code or "",
        from_widget=lambda value: value or None,
        message=message,
    )
    box = W.VBox([dropdown, message.widget], layout=W.Layout(width="100%")).add_class("dn-control")
    return dropdown, box
