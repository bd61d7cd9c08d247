"""Controls that several steps share, each kept in step with the plan in both directions.

A change in the control updates the plan; a change in the plan (another step, a loaded file,
a restored draft) updates the control. Errors from the domain show in the ``message`` given.
"""

from __future__ import annotations

import ipywidgets as W

from dnkit.plan import Plan, PlanStore
from dnkit.regulation import jurisdictions
from dnkit.ui.controls import labelled
from dnkit.ui.guard import guarded

NO_STATE = "Choose your state"


def state_dropdown(store: PlanStore, css: str, message: W.HTML) -> W.Dropdown:
    """ "Your state", bound to ``plan.jurisdiction`` (empty means not chosen)."""
    places = [(NO_STATE, "")] + [
        (f"{name} ({code})", code) for code, name in jurisdictions().items()
    ]
    dropdown = labelled(
        W.Dropdown(options=places, value=store.plan.jurisdiction or ""), "Your state", css
    )

    def chosen(change: dict) -> None:
        if (store.plan.jurisdiction or "") != change["new"]:
            store.update(jurisdiction=change["new"] or None)

    def plan_changed(plan: Plan, changed: set[str]) -> None:
        if "jurisdiction" in changed and (plan.jurisdiction or "") != dropdown.value:
            dropdown.value = plan.jurisdiction or ""

    dropdown.observe(guarded(message)(chosen), "value")
    store.subscribe(plan_changed)
    return dropdown


def sure_check(store: PlanStore, field: str, title: str) -> W.Widget:
    """The SURE check bound to ``plan.<field>`` (``sure_start`` or ``sure_end``)."""
    from dnkit.ui.learn import SureCheck

    check = SureCheck(
        title=title, answers=getattr(store.plan, field).model_dump(), name=field.replace("_", "-")
    )

    def changed(answers: dict) -> None:
        if answers != getattr(store.plan, field).model_dump():
            store.update(**{field: answers})

    def plan_changed(plan: Plan, changed_fields: set[str]) -> None:
        saved = getattr(plan, field).model_dump()
        if field in changed_fields and saved != check.answers:
            check.set_answers(saved)

    check.on_change(changed)
    store.subscribe(plan_changed)
    return check.widget
