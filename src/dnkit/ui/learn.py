"""The Learn step: the plain-language guide, the decision-aid frame and the SURE check.

The content and its rendering come from :mod:`dnkit.guide`; this module only lays the HTML out
as widgets and wires the yes/no buttons to the guide's scoring. Every section is visible (no
tabs to find), with a list of links to jump to each one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as W

from dnkit import guide
from dnkit.markup import esc
from dnkit.ui.guard import alert_html, guarded

ANSWERS = (("Yes", "yes"), ("No", "no"))
VALUE_LEVELS = (("A little", "little"), ("Some", "some"), ("A lot", "lot"))
START_TITLE = "Before you start: how do you feel about this choice?"
END_TITLE = "Now that you have looked at everything: how do you feel about this choice?"
AFTER_DECISION = ("comparison", "settings", "expectations", "safety", "evidence", "glossary")
# Scoped to this view, so the notebook reads well without the dashboard's stylesheet. Links are
# underlined and the chosen answer is bold and underlined: colour is never the only cue.
STYLE = """<style>
.dn-learn, .dn-sure { overflow-wrap: break-word; }
.dn-learn .widget-html, .dn-sure .widget-html { max-width: 100%; min-width: 0; }
.dn-learn .widget-html-content, .dn-sure .widget-html-content { flex: 1 1 auto; min-width: 0;
  max-width: 100%; }
.dn-learn .dn-sources, .dn-learn .dn-source, .dn-sure .dn-sources { font-size: 0.9em;
  overflow-wrap: anywhere; }
.dn-learn a, .dn-sure a { color: #1f5fbf; text-decoration: underline; }
.dn-learn abbr.dn-term { text-decoration: underline dotted; cursor: help; }
.dn-learn .dn-table-wrap { overflow-x: auto; max-width: 100%; }
.dn-learn .dn-table { border-collapse: collapse; }
.dn-learn .dn-table th, .dn-learn .dn-table td { border-bottom: 1px solid #cbd2d9;
  padding: 4px 8px; text-align: left; vertical-align: top; }
.dn-learn .dn-unconfirmed { text-decoration: underline; }
.dn-sure .widget-toggle-button, .dn-values .widget-toggle-button { min-height: 44px; }
.dn-sure .widget-toggle-button.mod-active, .dn-values .widget-toggle-button.mod-active {
  font-weight: 700; text-decoration: underline; }
</style>"""


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

    ``answers`` maps question keys (sure, informed, values, support) to "yes", "no" or None.
    ``name`` prefixes the CSS classes (``dn-field-<name>-<key>``), so the check can be shown
    twice on one page: at the start and at the end of the journey.
    """

    def __init__(
        self,
        title: str = START_TITLE,
        answers: Mapping[str, object] | None = None,
        name: str = "sure-start",
    ) -> None:
        self.name = name
        self._callbacks: list[Callable[[dict[str, str | None]], None]] = []
        self.message = W.HTML().add_class("dn-message")
        self.score = W.HTML().add_class("dn-sure-score")
        self.buttons: dict[str, W.ToggleButtons] = {}
        self._echo: dict[str, W.HTML] = {}
        rows: list[W.Widget] = []
        for n, q in enumerate(guide.sure_questions(), 1):
            buttons = _choice(
                ANSWERS, [f"Yes: {q.text}", f"No: {q.text}"], f"dn-field-{name}-{q.key}"
            )
            self.buttons[q.key] = buttons
            self._echo[q.key] = W.HTML(_answer_text(f"Your answer to question {n}", None, ANSWERS))
            rows.append(
                W.VBox(
                    [
                        W.HTML(f'<p class="dn-sure-q"><strong>{n}.</strong> {esc(q.text)}</p>'),
                        buttons,
                        self._echo[q.key],
                    ]
                ).add_class("dn-sure-item")
            )
        g = guide.load()
        self.widget = W.VBox(
            [
                W.HTML(
                    f"{STYLE}<h3>{esc(title)}</h3><p>{esc(g.sure_intro)}</p>"
                    f"<p>It is based on the SURE test of decisional conflict.</p>"
                ),
                *rows,
                self.score,
                self.message,
                W.HTML(guide.sources_html(g.sure_sources)),
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-sure")
        self.widget.add_class(f"dn-{name}")
        self.set_answers(answers or {})
        for buttons in self.buttons.values():
            buttons.observe(guarded(self.message)(self._changed), "value")

    @property
    def answers(self) -> dict[str, str | None]:
        """The current answers, in the plan file's shape: "yes", "no" or None per question."""
        return {k: b.value for k, b in self.buttons.items()}

    def set_answers(self, answers: Mapping[str, object]) -> None:
        """Show saved answers (from a plan file); checked by the guide before they are shown."""
        try:
            parsed = guide.parse_sure_answers(answers)
        except guide.GuideInputError as err:
            self.message.value = alert_html(f"Saved SURE answers were not used. {err}")
            parsed = dict.fromkeys(guide.SURE_KEYS)
        for key, buttons in self.buttons.items():
            value = parsed[key]
            buttons.value = None if value is None else ("yes" if value else "no")
        self._show()

    def on_change(self, callback: Callable[[dict[str, str | None]], None]) -> None:
        """Call ``callback(answers)`` whenever an answer changes."""
        self._callbacks.append(callback)

    def _changed(self, _change=None) -> None:
        self._show()
        for callback in self._callbacks:
            callback(self.answers)

    def _show(self) -> None:
        result = guide.sure_result(self.answers)
        for n, (key, echo) in enumerate(self._echo.items(), 1):
            echo.value = _answer_text(f"Your answer to question {n}", self.answers[key], ANSWERS)
        tips = "".join(f"<li>{esc(t)}</li>" for t in result.work_on)
        tips_html = f"<p>Things that may help:</p><ul>{tips}</ul>" if tips else ""
        self.score.value = (
            f'<div role="status"><p><strong>{esc(result.message)}</strong></p>{tips_html}</div>'
        )


class ValuesCheck:
    """The values step: how much each feature matters to the person (a little, some, a lot)."""

    def __init__(self, answers: Mapping[str, str] | None = None) -> None:
        self.buttons: dict[str, W.ToggleButtons] = {}
        rows: list[W.Widget] = []
        for v in guide.decision_frame().values:
            tips = [f"{label}: {v.prompt}" for label, _ in VALUE_LEVELS]
            buttons = _choice(VALUE_LEVELS, tips, f"dn-field-values-{v.key}")
            saved = (answers or {}).get(v.key)
            buttons.value = saved if saved in {k for _, k in VALUE_LEVELS} else None
            self.buttons[v.key] = buttons
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

    @property
    def answers(self) -> dict[str, str | None]:
        return {k: b.value for k, b in self.buttons.items()}


class LearnView:
    """The whole Learn step: notice, contents, SURE check, the decision aid and the guide.

    ``sure_answers`` preloads the start SURE check; ``show_sure=False`` leaves it out (for a
    page that shows it elsewhere), and ``show_notice=False`` the not-medical-advice note (for a
    page whose header already carries it).
    """

    def __init__(
        self,
        sure_answers: Mapping[str, object] | None = None,
        show_sure: bool = True,
        values_answers: Mapping[str, str] | None = None,
        show_notice: bool = True,
    ) -> None:
        g = guide.load()
        links = "".join(
            f'<li><a href="#dn-learn-{k}">{esc(guide.SECTION_TITLES[k])}</a></li>'
            for k in (*guide.SECTIONS, "about")
        )
        header = W.HTML(
            f"{STYLE}<h2>{esc(g.title)}</h2>{guide.notice_html() if show_notice else ''}"
            f"<p>{esc(g.about.aim)}</p>"
            f'<nav aria-label="Parts of this guide"><p>In this guide:</p><ul>{links}</ul></nav>'
        ).add_class("dn-learn-header")
        self.sure = SureCheck(START_TITLE, sure_answers, "sure-start") if show_sure else None
        self.values = ValuesCheck(values_answers)
        parts: list[W.Widget] = [header]
        if self.sure is not None:
            parts.append(self.sure.widget)
        parts.append(W.HTML(guide.section_html("decision")).add_class("dn-learn-decision"))
        parts.append(self.values.widget)
        parts += [
            W.HTML(guide.section_html(k)).add_class(f"dn-learn-{k}")
            for k in (*AFTER_DECISION, "about")
        ]
        self.widget = W.VBox(parts, layout=W.Layout(width="100%")).add_class("dn-learn")

    @property
    def sure_answers(self) -> dict[str, str | None]:
        """The start SURE answers for the plan file (all None when the check is not shown)."""
        if self.sure is None:
            return dict.fromkeys(guide.SURE_KEYS)
        return self.sure.answers

    @property
    def values_answers(self) -> dict[str, str | None]:
        return self.values.answers
