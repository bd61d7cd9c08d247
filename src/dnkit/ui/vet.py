"""Step 3, check a provider: the essential questions as a form, the assessment updating live."""

from __future__ import annotations

import ipywidgets as W
from pydantic import ValidationError

from dnkit.markup import esc
from dnkit.plan import PlanStore
from dnkit.providers import Provider
from dnkit.ui.assessment_html import assessment_html
from dnkit.ui.bound import state_dropdown
from dnkit.ui.controls import labelled
from dnkit.ui.guard import alert_html, guarded
from dnkit.ui.provider_form import LABELS, ProviderForm
from dnkit.vetting import assess

NEW = "__new__"


def saved_providers(store: PlanStore) -> list[Provider]:
    return [Provider.model_validate(p) for p in store.plan.providers]


def validation_message(err: ValidationError) -> str:
    first = err.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "form"
    label = LABELS.get(field, field)
    return f"{label}: {first['msg'].removeprefix('Value error, ')}"


class VetView:
    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self.message = W.HTML().add_class("dn-message")
        self.state = state_dropdown(store, "dn-vet-state", self.message)
        self.pick = labelled(W.Dropdown(), "Provider to check", "dn-pick")
        self.form = ProviderForm(on_change=guarded(self.message)(self._refresh))
        self.result = W.HTML().add_class("dn-vet-result")
        self.save = W.Button(
            description="Save to my list", icon="check", button_style="primary"
        ).add_class("dn-save-provider")
        self.remove = W.Button(description="Remove from my list", icon="trash").add_class(
            "dn-remove-provider"
        )
        self.saved_note = W.HTML().add_class("dn-saved-note")
        self.save.on_click(guarded(self.message)(self._save))
        self.remove.on_click(guarded(self.message)(self._remove))
        self.pick.observe(guarded(self.message)(self._picked), "value")
        store.subscribe(self._plan_changed)
        self._provider: Provider | None = None
        self._fill_pick()
        self.find = W.Accordion(
            children=[W.HTML("<p>Open this to search the public registry.</p>")],
            titles=("Find candidates near me (public NPI registry)",),
            selected_index=None,
            layout=W.Layout(width="100%", max_width="720px"),
        ).add_class("dn-find-box")
        self.find.observe(guarded(self.message)(self._open_find), "selected_index")
        self.widget = W.VBox(
            [
                W.HTML(
                    "<h2>Check a provider</h2><p>Ask the provider these questions, by phone "
                    "or at the first visit, and fill in what they say. Leave a box empty if "
                    "you do not know yet. The check below updates as you go.</p>"
                ),
                self.state,
                self.find,
                self.pick,
                self.form.widget,
                self.message,
                W.HTML("<h2>What we found</h2>"),
                self.result,
                W.HBox([self.save, self.remove], layout=W.Layout(flex_flow="row wrap")),
                self.saved_note,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-vet")
        self._refresh()

    # -- wiring
    def _open_find(self, change: dict) -> None:
        """Build the registry search the first time it is opened (it is rarely needed)."""
        if change["new"] is None or getattr(self, "_find_view", None) is not None:
            return
        from dnkit.ui.find import FindView

        self._find_view = FindView(on_add=self.add_found)
        self.find.children = [self._find_view.widget]

    def add_found(self, found: list[Provider]) -> None:
        """Add registry results to the list; a name already there is kept as it is."""
        names = {p["name"] for p in self.store.plan.providers}
        fresh = [p.model_dump(mode="json") for p in found if p.name not in names]
        self.store.update(providers=[*self.store.plan.providers, *fresh])
        self.saved_note.value = (
            f'<p class="dn-ok" role="status">Added {len(fresh)} from the registry to your list. '
            "Ask each one the questions below before you book.</p>"
        )

    def _fill_pick(self) -> None:
        names = [p["name"] for p in self.store.plan.providers]
        current = self.pick.value if self.pick.value in names else NEW
        self.pick.options = [("A new provider", NEW)] + [(n, n) for n in names]
        self.pick.value = current
        self.remove.disabled = current == NEW

    def _picked(self, change: dict) -> None:
        name = change["new"]
        self.remove.disabled = name in (NEW, None)
        match = next((p for p in saved_providers(self.store) if p.name == name), None)
        self.form.load(match)

    def _plan_changed(self, plan, changed: set[str]) -> None:
        if "jurisdiction" in changed:
            self._refresh()
        if "providers" in changed:
            self._fill_pick()

    def _refresh(self) -> None:
        try:
            self._provider = Provider.model_validate(self.form.values())
        except ValidationError as err:
            self._provider = None
            self.message.value = alert_html(validation_message(err))
            self.save.disabled = True
            return
        self.message.value = ""
        self.save.disabled = False
        code = self.store.plan.jurisdiction
        if not code:
            self.result.value = "<p>Choose your state above to check this provider.</p>"
            return
        self.result.value = assessment_html(assess(self._provider, code), self._provider.name)

    def _save(self, _button=None) -> None:
        # Check again here: a disabled button can still be clicked by a crafted message.
        provider = Provider.model_validate(self.form.values())
        others = [
            p
            for p in self.store.plan.providers
            if p["name"] not in (provider.name, self.pick.value)
        ]
        self.store.update(providers=[*others, provider.model_dump(mode="json")])
        self.pick.value = provider.name
        self.saved_note.value = (
            f'<p class="dn-ok" role="status">Saved {esc(provider.name)} to your list. '
            "It now shows in Compare and Costs.</p>"
        )

    def _remove(self, _button=None) -> None:
        name = self.pick.value
        if name in (NEW, None):
            return
        self.store.update(providers=[p for p in self.store.plan.providers if p["name"] != name])
        self.pick.value = NEW
        self.saved_note.value = f'<p role="status">Removed {esc(name)} from your list.</p>'
