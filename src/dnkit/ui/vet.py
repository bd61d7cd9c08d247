"""Step 3, check a provider: the essential questions as a form, the assessment updating live.

The form holds the provider being checked until the person saves it; the list of saved
providers lives in the plan and changes only through the plan's own methods.
"""

from __future__ import annotations

import ipywidgets as W
from pydantic import ValidationError

from dnkit.errors import InputError, first_problem
from dnkit.labels import label
from dnkit.providers import Provider
from dnkit.render.assessment import assessment_html, banner_html
from dnkit.render.html import alert, esc, status
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings
from dnkit.ui.bound import state_dropdown
from dnkit.ui.controls import labelled, standalone
from dnkit.ui.guard import guarded
from dnkit.ui.provider_form import ProviderForm
from dnkit.vetting import assess

NEW = "__new__"
UNNAMED = "This provider"
NAME_FIRST = "Type their name (or their clinic's) to save them to your list."


def validation_message(err: ValidationError) -> str:
    """The first problem in a provider's details, named by the form's label."""
    field, text = first_problem(err)
    return f"{label('providers.' + (field or 'name'))}: {text}"


class VetView:
    def __init__(self, store: PlanStore | None = None, with_style: bool = True) -> None:
        self.store = store if store is not None else PlanStore()
        self.bindings = Bindings()
        self.message = W.HTML().add_class("dn-message")
        self.state, state_box = state_dropdown(self.store, self.bindings, "dn-vet-state")
        self.pick = labelled(W.Dropdown(), "Provider to check", "dn-pick")
        self.form = ProviderForm(on_change=guarded(self.message)(self._refresh))
        # The verdict in one line that keeps its height, so the form never moves while the
        # person types; the whole check, read top down, follows the form.
        self.banner = W.HTML().add_class("dn-vet-banner")
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
        self.bindings.add(self.store.field("jurisdiction").subscribe(lambda _c: self._refresh()))
        self.bindings.add(self.store.field("providers").subscribe(lambda _p: self._fill_pick()))
        # A new provider starts as the one named on the first screen.
        self.bindings.add(
            self.store.field("offered_by", "offered_by_name").subscribe(self._offered)
        )
        self._provider: Provider | None = None
        self._find_view = None
        self._fill_pick()
        self._offered((self.store.plan.offered_by, self.store.plan.offered_by_name))
        self.find = W.Accordion(
            children=[W.HTML("<p>Open this to search the public registry.</p>")],
            titles=("Find candidates near me (public NPI registry)",),
            selected_index=None,
            layout=W.Layout(width="100%", max_width="720px"),
        ).add_class("dn-find-box")
        self.find.observe(guarded(self.message)(self._open_find), "selected_index")
        self.widget = standalone(
            W.VBox(
                [
                    W.HTML(
                        "<h2>Check a provider</h2><p>Ask the provider these questions, by phone "
                        "or at the first visit, and fill in what they say. Leave a box empty if "
                        "you do not know yet. The check below updates as you go.</p>"
                    ),
                    state_box,
                    self.find,
                    self.pick,
                    self.banner,
                    self.form.widget,
                    self.message,
                    W.HBox([self.save, self.remove], layout=W.Layout(flex_flow="row wrap")),
                    self.saved_note,
                    W.HTML("<h3>The check</h3>"),
                    self.result,
                ],
                layout=W.Layout(width="100%"),
            ).add_class("dn-vet"),
            with_style,
        )
        self._refresh()

    # -- the registry search, built the first time it is opened (it is rarely needed)
    def _open_find(self, change: dict) -> None:
        if change["new"] is None or self._find_view is not None:
            return
        from dnkit.ui.find import FindView

        self._find_view = FindView(on_add=self.add_found)
        self.find.children = [self._find_view.widget]

    def add_found(self, found: list[Provider]) -> None:
        """Add registry results to the list; a name already there is kept as it is."""
        try:
            result = self.store.plan.add_providers(found, replace=False)
        except InputError as err:
            self.saved_note.value = alert(err.message)
            return
        self.store.replace(result.plan)
        self.saved_note.value = status(
            f"Added {len(result.added)} from the registry to your list. "
            "Ask each one the questions below before you book.",
            ok=True,
        )

    # -- the list
    def _fill_pick(self) -> None:
        names = [p.name for p in self.store.plan.providers]
        current = self.pick.value if self.pick.value in names else NEW
        self.pick.options = [("A new provider", NEW)] + [(n, n) for n in names]
        self.pick.value = current
        self.remove.disabled = current == NEW

    def _picked(self, change: dict) -> None:
        name = change["new"]
        self.remove.disabled = name in (NEW, None)
        if name in (NEW, None):
            self.form.load(None)
            self._offered((self.store.plan.offered_by, self.store.plan.offered_by_name))
        else:
            self.form.load(self.store.plan.provider(name))

    def _offered(self, values: tuple[str, str]) -> None:
        """Fill a new provider's profession and name from what the first screen says."""
        profession, name = values
        if self.pick.value not in (NEW, None):
            return
        self.form.controls["profession"].value = profession
        if name and not self.form.controls["name"].value:
            self.form.controls["name"].value = name

    # -- the check
    def _refresh(self) -> None:
        values = self.form.values()
        # The check runs before the provider has a name; saving needs one.
        named = bool(values["name"].strip())
        if not named:
            values = {**values, "name": UNNAMED}
        try:
            self._provider = Provider.model_validate(values)
        except ValidationError as err:
            self._provider = None
            self.message.value = alert(validation_message(err))
            self.save.disabled = True
            return
        self.message.value = "" if named else f'<p class="dn-hint">{esc(NAME_FIRST)}</p>'
        self.save.disabled = not named
        code = self.store.plan.jurisdiction
        if not code:
            wait = "<p>Choose your state above to check this provider.</p>"
            self.banner.value = f'<div class="dn-banner" role="status">{wait}</div>'
            self.result.value = wait
            return
        check = assess(self._provider, code)
        self.banner.value = banner_html(check)
        self.result.value = assessment_html(check, self._provider.name)

    def _save(self, _button=None) -> None:
        # Check again here: a disabled button can still be clicked by a crafted message.
        provider = Provider.model_validate(self.form.values())
        plan = self.store.plan
        if self.pick.value not in (NEW, None, provider.name):
            plan = plan.remove_provider(self.pick.value)  # saved under a new name
        try:
            result = plan.add_providers([provider])
        except InputError as err:
            self.saved_note.value = alert(err.message)
            return
        self.store.replace(result.plan)
        self.pick.value = provider.name
        self.saved_note.value = status(
            f"Saved {provider.name} to your list. It now shows in Compare and Costs.", ok=True
        )

    def _remove(self, _button=None) -> None:
        name = self.pick.value
        if name in (NEW, None):
            return
        self.store.replace(self.store.plan.remove_provider(name))
        self.pick.value = NEW
        self.saved_note.value = status(f"Removed {name} from your list.")

    def close(self) -> None:
        self.bindings.close()
