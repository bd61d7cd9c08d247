"""A draft that survives a closed tab: the plan is kept in the visitor's own browser.

A patient who reloads the page or closes the tab by mistake should not have to type everything
again, and dnkit keeps nothing on its server. So the browser keeps the plan JSON in its
``localStorage`` (key ``dnkit-draft-v1``) and, when the dashboard opens again in the same
browser, offers it back. A restored draft goes through :func:`dnkit.plan.load_plan` like any plan
file, because whatever the browser sends back can be tampered with. A visible switch turns the
draft off (and deletes it) and a button clears it, for shared computers.

The browser side also watches the page's link to its kernel. When the kernel is gone (the server
restarted, the kernel stopped for lack of memory, the network down), every widget is dead but
still on screen; the draft keeper says so in words at the top of the page, with a Reload button,
and the draft is what brings the answers back after the reload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as W
import traitlets

from dnkit.errors import PlanLoadError
from dnkit.plan import Plan, load_plan, plan_to_json
from dnkit.render.html import alert, esc
from dnkit.store import PlanStore
from dnkit.ui.guard import guarded

STORAGE_KEY = "dnkit-draft-v1"
DRAFT_NAME = "the draft in this browser"
OFFER = "We found answers you entered before in this browser. Restore them?"
SWITCH_LABEL = "Keep a draft in this browser"
# Shown at the top of the page when the kernel is gone. Two texts, because the first one promises
# that the answers are kept: the browser shows it only while a draft is really being kept (the
# switch is on and the browser lets the page store it), and the second one otherwise.
CONNECTION_LOST_KEPT = "Connection lost. Your answers are kept in this browser: reload to go on."
CONNECTION_LOST_NOT_KEPT = (
    "Connection lost. Reload the page to go on. This browser is not keeping your answers, "
    "so you will need to enter them again."
)
RELOAD_LABEL = "Reload"


class DraftStorage(anywidget.AnyWidget):
    """The browser side: ``saved`` goes to localStorage, ``found`` comes back from it.

    The ``lost_*`` and ``reload_label`` traits carry the words of the connection-lost banner
    (defined once, above); the browser needs them before the kernel is gone, so they are sent
    with the widget.
    """

    _esm = Path(__file__).with_name("_draft.js")
    saved = traitlets.Unicode("").tag(sync=True)
    found = traitlets.Unicode("").tag(sync=True)
    enabled = traitlets.Bool(True).tag(sync=True)
    problem = traitlets.Unicode("").tag(sync=True)
    lost_kept = traitlets.Unicode(CONNECTION_LOST_KEPT).tag(sync=True)
    lost_not_kept = traitlets.Unicode(CONNECTION_LOST_NOT_KEPT).tag(sync=True)
    reload_label = traitlets.Unicode(RELOAD_LABEL).tag(sync=True)

    def clear(self) -> None:
        """Delete the stored draft in the browser."""
        self.send({"type": "clear"})


def _content(plan: Plan) -> dict[str, Any]:
    data = plan.model_dump(mode="json")
    data.pop("saved_at", None)
    return data


class DraftKeeper:
    """Keep ``store``'s plan as a browser draft and offer it back; ``widget`` goes on the page."""

    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self.storage = DraftStorage()
        self.message = W.HTML().add_class("dn-draft-message")
        self.offer_text = W.HTML(f'<p role="status">{esc(OFFER)}</p>')
        self.restore_button = W.Button(
            description="Restore", icon="undo", button_style="primary"
        ).add_class("dn-draft-restore")
        self.fresh_button = W.Button(description="Start fresh").add_class("dn-draft-fresh")
        self.offer = W.VBox(
            [self.offer_text, W.HBox([self.restore_button, self.fresh_button])],
            layout=W.Layout(display="none"),
        ).add_class("dn-draft-offer")
        self.switch = W.Checkbox(
            value=True,
            description=SWITCH_LABEL,
            indent=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        ).add_class("dn-draft-switch")
        self.clear_button = W.Button(description="Clear my draft", icon="trash").add_class(
            "dn-draft-clear"
        )
        self.note = W.HTML(
            "<p>Your answers are kept only in this browser, so they are still here if you "
            "reload the page. On a shared computer, turn this off or clear the draft.</p>"
        ).add_class("dn-draft-note")
        # ``top`` (the offer to restore) belongs at the top of a page; ``controls`` (the switch
        # and the clear button) can sit lower down; ``widget`` holds both, for a page of its own.
        self.top = W.VBox(
            [self.storage, self.offer, self.message], layout=W.Layout(width="100%")
        ).add_class("dn-draft")
        self.controls = W.VBox(
            [
                W.HBox([self.switch, self.clear_button], layout=W.Layout(flex_flow="row wrap")),
                self.note,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-draft-controls")
        self.widget = W.VBox([self.top, self.controls], layout=W.Layout(width="100%"))
        self.restore_button.on_click(guarded(self.message)(lambda _b: self.restore()))
        self.fresh_button.on_click(guarded(self.message)(lambda _b: self.start_fresh()))
        self.clear_button.on_click(guarded(self.message)(lambda _b: self.clear()))
        # The switch and the browser side hold the same on/off; traitlets keeps them in step.
        self._switch_link = traitlets.link((self.switch, "value"), (self.storage, "enabled"))
        self.storage.observe(guarded(self.message)(self._enabled_changed), "enabled")
        self.storage.observe(guarded(self.message)(self._found), "found")
        self.storage.observe(guarded(self.message)(self._problem), "problem")
        self._unsubscribe = store.subscribe(self._plan_changed)

    # -- saving
    def _plan_changed(self, plan: Plan, _changed: frozenset[str]) -> None:
        if self.storage.enabled:
            self.storage.saved = plan_to_json(plan)

    # -- the offer
    @property
    def offered(self) -> bool:
        return self.offer.layout.display != "none"

    def _found(self, change: dict) -> None:
        found = change["new"]
        if not isinstance(found, str) or not found.strip() or not self.storage.enabled:
            self._hide_offer()
            return
        try:
            draft = load_plan(found.encode("utf-8"), DRAFT_NAME)
        except PlanLoadError:
            pass  # offered all the same: Restore explains what is wrong and changes nothing
        else:
            if _content(draft) in (_content(self.store.plan), _content(Plan())):
                return  # nothing to restore that is not already on the page
        self.restore_button.disabled = False
        self.offer.layout.display = None

    def restore(self) -> bool:
        """Load the draft into the plan; a draft that does not check out changes nothing."""
        # The button may be clicked by a crafted message while hidden, so check everything here.
        found = self.storage.found
        if not self.storage.enabled or not found.strip():
            self.message.value = alert("There is no draft to restore.")
            self._hide_offer()
            return False
        try:
            plan = load_plan(found.encode("utf-8"), DRAFT_NAME)
        except PlanLoadError as err:
            self.message.value = alert(
                f"Could not restore {DRAFT_NAME}: {err}. Nothing was changed."
            )
            self.restore_button.disabled = True
            return False
        self._hide_offer()
        self.store.replace(plan)
        self.message.value = (
            '<p class="dn-ok" role="status">Restored the answers you entered before.</p>'
        )
        return True

    def start_fresh(self) -> None:
        """Drop the old draft; what is entered from now on becomes the new draft."""
        self._hide_offer()
        self.storage.clear()
        self.message.value = '<p role="status">Starting fresh. The old draft was removed.</p>'

    def _hide_offer(self) -> None:
        self.offer.layout.display = "none"

    # -- the switch and the clear button
    def clear(self) -> None:
        """Delete the draft in this browser (the answers on the page stay)."""
        self._hide_offer()
        self.storage.clear()
        self.message.value = (
            '<p class="dn-ok" role="status">Your draft was removed from this browser. '
            "The answers on this page stay until you close it.</p>"
        )

    def _enabled_changed(self, change: dict) -> None:
        if change["new"]:
            self.storage.saved = plan_to_json(self.store.plan)
            self.message.value = '<p role="status">A draft is kept in this browser.</p>'
        else:
            self._hide_offer()
            self.message.value = '<p role="status">No draft is kept in this browser.</p>'

    def _problem(self, change: dict) -> None:
        text = change["new"]
        self.message.value = alert(str(text)) if text else ""

    def close(self) -> None:
        self._unsubscribe()
        self._switch_link.unlink()
