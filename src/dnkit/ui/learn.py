"""The Learn step: the guide in short, each part on demand, the decision aid and the SURE check.

A phone shows the summary first (a few points, each linked to its part); every part of the guide
opens on demand, so the step stays a few screens tall until the person opens what she needs.
The content comes from :mod:`dnkit.guide` and its HTML from :mod:`dnkit.render.guide`; this
module lays the HTML out as widgets and binds the answer buttons to the plan (the SURE answers
and "what matters to you"), so they are saved, restored and printed like every other answer.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from dnkit import guide
from dnkit.render import guide as render
from dnkit.render.html import esc
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings
from dnkit.ui.controls import standalone

ANSWERS = (("Yes", "yes"), ("No", "no"))
VALUE_LEVELS = (("A little", "little"), ("Some", "some"), ("A lot", "lot"))
START_TITLE = "Before you start: how do you feel about this choice?"
END_TITLE = "Now that you have looked at everything: how do you feel about this choice?"
# The closed box the start check waits in, so the step opens on the summary (as on Start).
SURE_BOX_TITLE = "Before you start: how sure do you feel? (4 questions)"
AFTER_DECISION = guide.PARTS[guide.PARTS.index("decision") + 1 :]


def _choice(options, tooltips: list[str], css: str) -> W.ToggleButtons:
    buttons = W.ToggleButtons(options=options, value=None, tooltips=tooltips, description="")
    buttons.style.button_width = "auto"
    return buttons.add_class(css)


def _answer_text(label: str, value: str | None, options) -> str:
    shown = next((lab for lab, v in options if v == value), None)
    text = f"{label}: {shown}." if shown else f"{label}: not answered yet."
    return f'<p class="dn-answer">{esc(text)}</p>'


class SureCheck:
    """The four-question SURE check, as labelled Yes/No buttons with the score below.

    Bound to ``plan.<field>`` (``sure_start`` or ``sure_end``). ``name`` prefixes the CSS
    classes (``dn-field-<name>-<key>``), so the check can be shown twice on one page.
    """

    def __init__(
        self, store: PlanStore, field: str = "sure_start", title: str = START_TITLE
    ) -> None:
        self.store = store
        self.field = field
        self.name = field.replace("_", "-")
        self.bindings = Bindings()
        self.score = W.HTML().add_class("dn-sure-score")
        self.buttons: dict[str, W.ToggleButtons] = {}
        self._echo: dict[str, W.HTML] = {}
        rows: list[W.Widget] = []
        for n, q in enumerate(guide.sure_questions(), 1):
            buttons = _choice(
                ANSWERS, [f"Yes: {q.text}", f"No: {q.text}"], f"dn-field-{self.name}-{q.key}"
            )
            self.buttons[q.key] = buttons
            self._echo[q.key] = W.HTML()
            rows.append(
                W.VBox(
                    [
                        W.HTML(f'<p class="dn-sure-q"><strong>{n}.</strong> {esc(q.text)}</p>'),
                        buttons,
                        self._echo[q.key],
                    ]
                ).add_class("dn-sure-item")
            )
            self.bindings.bind(buttons, "value", store.field(f"{field}.{q.key}"))
        g = guide.load()
        self.widget = W.VBox(
            [
                W.HTML(
                    f"<h3>{esc(title)}</h3><p>{esc(g.sure_intro)}</p>"
                    f"<p>It is based on the SURE test of decisional conflict.</p>"
                ),
                *rows,
                self.score,
                W.HTML(render.sources_details(g.sure_sources)),
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-sure")
        self.widget.add_class(f"dn-{self.name}")
        self._show(getattr(store.plan, field))
        self.bindings.add(store.field(field).subscribe(self._show))

    @property
    def answers(self) -> dict[str, str | None]:
        """The saved answers: "yes", "no" or None per question."""
        return getattr(self.store.plan, self.field).model_dump()

    def _show(self, answers: Any) -> None:
        values = answers.model_dump()
        result = guide.sure_result(values)
        for n, (key, echo) in enumerate(self._echo.items(), 1):
            echo.value = _answer_text(f"Your answer to question {n}", values[key], ANSWERS)
        tips = "".join(f"<li>{esc(t)}</li>" for t in result.work_on)
        tips_html = f"<p>Things that may help:</p><ul>{tips}</ul>" if tips else ""
        self.score.value = (
            f'<div role="status"><p><strong>{esc(result.message)}</strong></p>{tips_html}</div>'
        )

    def close(self) -> None:
        self.bindings.close()


class ValuesCheck:
    """The values step: how much each feature matters to the person (a little, some, a lot),
    bound to ``plan.values``."""

    def __init__(self, store: PlanStore) -> None:
        self.bindings = Bindings()
        self.buttons: dict[str, W.ToggleButtons] = {}
        rows: list[W.Widget] = []
        for v in guide.decision_frame().values:
            tips = [f"{label}: {v.prompt}" for label, _ in VALUE_LEVELS]
            buttons = _choice(VALUE_LEVELS, tips, f"dn-field-values-{v.key}")
            self.buttons[v.key] = buttons
            self.bindings.bind(buttons, "value", store.field(f"values.{v.key}"))
            rows.append(
                W.VBox([W.HTML(f'<p class="dn-values-q">{esc(v.prompt)}</p>'), buttons]).add_class(
                    "dn-values-item"
                )
            )
        self.widget = W.VBox(
            [
                W.HTML(
                    "<h3>What matters most to you?</h3><p>For each one, choose how much it "
                    "matters to you. There are no right answers. You can share this with your "
                    "doctor.</p>"
                ),
                *rows,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-values")

    def close(self) -> None:
        self.bindings.close()


class LearnView:
    """The whole Learn step: the title, the note, the summary, the SURE check (closed until
    opened, as on the Start step), then each part of the guide closed until opened ("Your
    choice" holds the values buttons, so it is an Accordion; the others are ``<details>``).

    ``show_sure=False`` leaves the start SURE check out (for a page that shows it elsewhere),
    ``show_notice=False`` the not-medical-advice note (for a page whose header carries it), and
    ``with_style=False`` the stylesheet and the page helper that opens a part from a link (for
    a page that has both already).
    """

    def __init__(
        self,
        store: PlanStore | None = None,
        show_sure: bool = True,
        show_notice: bool = True,
        with_style: bool = True,
    ) -> None:
        self.store = store if store is not None else PlanStore()
        g = guide.load()
        header = W.HTML(
            f"<h2>{esc(g.title)}</h2>{render.notice_html() if show_notice else ''}"
            f"{render.summary_html(level=3)}"
        ).add_class("dn-learn-header")
        self.sure = SureCheck(self.store, "sure_start", START_TITLE) if show_sure else None
        self.values = ValuesCheck(self.store)
        parts: list[W.Widget] = [header]
        if self.sure is not None:
            box = W.Accordion(
                children=[self.sure.widget], titles=(SURE_BOX_TITLE,), selected_index=None
            )
            parts.append(box.add_class("dn-sure-box"))
        hint = f'<p class="dn-parts-hint">{esc(guide.TEXTS.parts_hint)}</p>'
        parts.append(W.HTML(hint).add_class("dn-learn-parts-hint"))
        self.decision = self._decision()
        parts.append(self.decision)
        parts += [
            W.HTML(render.section_html(k, level=3)).add_class(f"dn-learn-{k}")
            for k in AFTER_DECISION
        ]
        if with_style:
            from dnkit.ui.page import PageHelper

            parts.append(PageHelper())
        self.widget = standalone(
            W.VBox(parts, layout=W.Layout(width="100%")).add_class("dn-learn"), with_style
        )

    def _decision(self) -> W.Accordion:
        """The part "Your choice": the options, then the values buttons, then its words and
        sources. A link to ``#dn-learn-decision`` finds the part's body and opens the Accordion;
        the body repeats the title as a heading for screen readers (the Accordion's is not)."""
        p = render.part("decision", level=3)
        title = f'<h3 class="dn-visually-hidden">{esc(p.title)}</h3>'
        body = f'<div class="dn-guide-body" id="{render.part_id(p.key)}">{title}{p.body}</div>'
        content = W.VBox(
            [W.HTML(body), self.values.widget, W.HTML(p.footer)], layout=W.Layout(width="100%")
        )
        box = W.Accordion(children=[content], titles=(p.title,), selected_index=None)
        return box.add_class("dn-learn-decision").add_class("dn-guide-section")

    def close(self) -> None:
        if self.sure is not None:
            self.sure.close()
        self.values.close()
