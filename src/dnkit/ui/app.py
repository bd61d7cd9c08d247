"""The dashboard app: one shared plan, six steps, each view built when first opened.

Building views lazily keeps the first page light (charts and forms for later steps are not sent
until the visitor opens them), and one PlanStore means a provider entered in one step shows up
in the others without typing it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as W

from dnkit.render.first_screen import PURPOSE, TITLE, header_html
from dnkit.render.html import esc
from dnkit.render.style import style_tag
from dnkit.store import PlanStore
from dnkit.ui.guard import build_safely

__all__ = ["PURPOSE", "STEPS", "TITLE", "DashboardApp", "dashboard"]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    build: Callable[[DashboardApp], W.Widget]


def _learn(app: DashboardApp) -> W.Widget:
    from dnkit.ui.learn import LearnView

    return app.keep(LearnView(app.store, show_sure=False, show_notice=False, with_style=False))


def _start(app: DashboardApp) -> W.Widget:
    from dnkit.ui.start import StartView

    return app.keep(StartView(app.store, with_style=False, go=app.show))


def _vet(app: DashboardApp) -> W.Widget:
    from dnkit.ui.vet import VetView

    return app.keep(VetView(app.store, with_style=False))


def _compare(app: DashboardApp) -> W.Widget:
    from dnkit.ui.compare_view import CompareView

    return app.keep(CompareView(app.store, with_style=False))


def _costs(app: DashboardApp) -> W.Widget:
    from dnkit.ui.costs import CostsView

    return app.keep(CostsView(app.store, with_style=False))


def _plan(app: DashboardApp) -> W.Widget:
    from dnkit.ui.plan_view import PlanView

    view = PlanView(app.store, with_style=False)
    app.on_show["plan"] = view.set_active
    return app.keep(view)


# Short names, so the six fit a phone in two rows; each step's heading says more.
STEPS: tuple[Step, ...] = (
    Step("start", "Start", _start),
    Step("learn", "Learn", _learn),
    Step("vet", "Check", _vet),
    Step("compare", "Compare", _compare),
    Step("costs", "Costs", _costs),
    Step("plan", "Your plan", _plan),
)


class DashboardApp:
    """Assemble the steps around one PlanStore; navigation by buttons (keyboard friendly)."""

    def __init__(
        self, store: PlanStore | None = None, start: str = "start", header: bool = True
    ) -> None:
        self.store = store or PlanStore()
        self._built: dict[str, W.Widget] = {}
        self.views: list[Any] = []
        # Views that want to know when they are on screen (to skip work while hidden).
        self.on_show: dict[str, Callable[[bool], None]] = {}
        keys = [s.key for s in STEPS]
        self.nav = W.ToggleButtons(
            options=[(f"{i}. {s.label}", s.key) for i, s in enumerate(STEPS, 1)],
            value=start,
            description="Steps",
            style={"description_width": "initial", "button_width": "auto"},
            tooltips=[f"Step {i} of {len(STEPS)}: {s.label}" for i, s in enumerate(STEPS, 1)],
        ).add_class("dn-steps")
        self.stack = W.Stack([W.Box() for _ in STEPS], selected_index=keys.index(start))
        # No icons: an icon font's glyph would become part of the buttons' accessible names.
        self.back = W.Button(description="Back").add_class("dn-back")
        self.next = W.Button(description="Next", button_style="primary").add_class("dn-next")
        # Stays on screen while the person scrolls: where they are, and the way on.
        self.where = W.HTML().add_class("dn-where")
        self.stepbar = W.HBox([self.back, self.where, self.next]).add_class("dn-stepbar")
        self.back.on_click(lambda _b: self._move(-1))
        self.next.on_click(lambda _b: self._move(+1))
        # A crafted message can set any value; only a known step is followed.
        self.nav.observe(lambda ch: ch["new"] in keys and self.show(ch["new"]), "value")
        # Without ``header`` the page already shows it, as HTML (see dashboard()).
        heading = [W.HTML(style_tag() + header_html())] if header else []
        from dnkit.ui.draft import DraftKeeper
        from dnkit.ui.page import PageHelper

        # Keeps the plan in this browser's storage (never on the server) across a reload.
        self.draft = DraftKeeper(self.store)

        self.page = PageHelper()
        self.widget = W.VBox(
            [
                *heading,
                self.page,
                self.draft.top,
                self.nav,
                self.stepbar.add_class("dn-no-print"),
                self.stack,
                self.draft.controls.add_class("dn-no-print"),
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-app")
        self.widget.add_class("dn-widgets")
        self.show(start, scroll=False)

    def keep(self, view: Any) -> W.Widget:
        """Remember a step's view (so :meth:`close` can let go of it); returns its widget."""
        self.views.append(view)
        return view.widget

    def close(self) -> None:
        """Unbind every view from the plan and close the widgets (a page that is done)."""
        for view in self.views:
            view.close()
        self.views.clear()
        self.draft.close()
        self.widget.close()

    def show(self, key: str, scroll: bool = True) -> None:
        """Open a step, building its view the first time, and bring its top into view."""
        keys = [s.key for s in STEPS]
        index = keys.index(key)
        if key not in self._built:
            step = STEPS[index]
            view = build_safely(lambda: step.build(self), step.label.split(". ", 1)[-1])
            view.add_class(f"dn-step-{key}")
            self._built[key] = view
            children = list(self.stack.children)
            children[index] = view
            self.stack.children = children
        self.stack.selected_index = index
        for shown_key, tell in self.on_show.items():
            tell(shown_key == key)
        if self.nav.value != key:
            self.nav.value = key
        self.back.disabled = index == 0
        self.next.disabled = index == len(STEPS) - 1
        self.where.value = (
            f'<p class="dn-where-text">Step {index + 1} of {len(STEPS)}: '
            f"<strong>{esc(STEPS[index].label)}</strong></p>"
        )
        if scroll:
            self.page.bring_into_view(f".dn-step-{key}")

    def _move(self, delta: int) -> None:
        keys = [s.key for s in STEPS]
        index = keys.index(self.nav.value) + delta
        if 0 <= index < len(keys):
            self.show(keys[index])


def dashboard(start: str = "start") -> W.VBox:
    """Show the first screen as HTML, then return the whole dashboard as one widget (what the
    Voila notebook shows). The HTML paints before the widget scripts have loaded."""
    from IPython.display import HTML, display

    from dnkit.render.first_screen import METADATA, first_screen_html

    display(HTML(first_screen_html()), metadata=METADATA)
    return DashboardApp(start=start, header=False).widget
