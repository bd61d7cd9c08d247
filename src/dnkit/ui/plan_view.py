"""Step 6, your plan: the summary to take along, the SURE check again, save and load."""

from __future__ import annotations

import ipywidgets as W

from dnkit.errors import PlanLoadError
from dnkit.plan import load_plan, plan_to_json
from dnkit.render.html import alert, esc
from dnkit.render.summary import summary_body_html, summary_html, summary_markdown
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings
from dnkit.ui.controls import standalone
from dnkit.ui.downloads import download_link
from dnkit.ui.guard import guarded
from dnkit.ui.learn import END_TITLE, SureCheck


def uploaded_file(value) -> tuple[str, bytes] | None:
    """(name, bytes) of the first uploaded file, whatever shape ipywidgets hands over."""
    if not value:
        return None
    item = value[0] if isinstance(value, list | tuple) else next(iter(value.values()))
    name = str(item.get("name", "upload")) if hasattr(item, "get") else "upload"
    content = item.get("content", b"") if hasattr(item, "get") else b""
    return name, bytes(content)


class PlanView:
    def __init__(self, store: PlanStore | None = None, with_style: bool = True) -> None:
        self.store = store = store if store is not None else PlanStore()
        self.bindings = Bindings()
        self.message = W.HTML().add_class("dn-message")
        self.summary = W.HTML().add_class("dn-plan-summary")
        self.downloads = W.HTML().add_class("dn-plan-downloads")
        self.refresh = W.Button(description="Update my summary", icon="refresh").add_class(
            "dn-refresh-summary"
        )
        self.upload = W.FileUpload(
            accept=".json", multiple=False, description="Load a saved plan"
        ).add_class("dn-load-plan")
        self.upload_label = W.HTML(
            "<p><label>Load a plan you saved before (a .json file). "
            "Your current answers stay until the file checks out.</label>"
            "</p>"
        )
        self.refresh.on_click(guarded(self.message)(lambda _b: self._render()))
        self.upload.observe(guarded(self.message)(self._loaded), "value")
        self.sure = SureCheck(store, "sure_end", END_TITLE)
        # While the step is hidden, plan changes (every cost slider move) only mark the
        # summary stale; it is drawn again when the step is shown (see set_active).
        self.active = True
        self._stale = False
        self.bindings.add(store.subscribe(self._plan_changed))
        self.widget = standalone(
            W.VBox(
                [
                    W.HTML(
                        "<h2>Your plan</h2><p>Here is a summary to take to your first visit. "
                        "Print this page, or save the summary.</p>"
                    ),
                    self.sure.widget,
                    self.downloads,
                    self.refresh,
                    self.summary,
                    W.HTML(
                        "<h3>Save or load your plan</h3><p>Save your plan as a file to come back "
                        "to it later. dnkit keeps nothing on its server.</p>"
                    ).add_class("dn-no-print"),
                    self.upload_label,
                    self.upload,
                    self.message,
                ],
                layout=W.Layout(width="100%"),
            ).add_class("dn-plan"),
            with_style,
        )
        self._render()

    def set_active(self, active: bool) -> None:
        """Told by the app whether this step is on screen."""
        self.active = active
        if active and self._stale:
            self._render()

    def _plan_changed(self, _plan, _changed: set[str]) -> None:
        if self.active:
            self._render()
        else:
            self._stale = True

    def _render(self) -> None:
        self._stale = False
        plan = self.store.plan
        self.summary.value = summary_body_html(plan)
        self.downloads.value = (
            '<p class="dn-no-print">'
            + download_link(
                plan_to_json(plan),
                "my-dry-needling-plan.json",
                "application/json",
                "Save my plan (JSON file)",
                "dn-save-plan",
            )
            + " · "
            + download_link(
                summary_html(plan),
                "my-dry-needling-summary.html",
                "text/html",
                "Save the summary to print (HTML)",
                "dn-save-summary",
            )
            + " · "
            + download_link(
                summary_markdown(plan),
                "my-dry-needling-summary.md",
                "text/markdown",
                "Save the summary as text (Markdown)",
                "dn-save-markdown",
            )
            + "</p>"
        )

    def _loaded(self, change: dict) -> None:
        got = uploaded_file(change["new"])
        if got is None:
            return
        name, data = got
        try:
            plan = load_plan(data, name)
        except PlanLoadError as err:
            self.message.value = alert(f"Could not load {name}: {err}. Nothing was changed.")
            return
        self.store.replace(plan)
        self.message.value = (
            f'<p class="dn-ok" role="status">Loaded your plan from {esc(name)}.</p>'
        )

    def close(self) -> None:
        self.bindings.close()
        self.sure.close()
