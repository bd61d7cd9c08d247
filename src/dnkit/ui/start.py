"""Step 1, start: where you will be treated and who offered dry needling, answered at once.

A worried patient with a phone and ten minutes wants one answer first: may this kind of provider
dry needle in my state, and what should I ask? This step asks two things (the state, and the
profession, preset to the most common one) and answers right under them, on the first screen:
the state's rule, the training it asks for, what the rule means for the person, and the three
questions to ask first, with ways on to the full check, the comparison and the costs. The
state's rules for every kind of provider, what brings the person here and the SURE check follow
below.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W

from dnkit.labels import PLAN_LABELS, profession_options
from dnkit.limits import MAX_CONCERN_CHARS, TEXT_LIMIT
from dnkit.providers import Provider
from dnkit.questions import question
from dnkit.regulation import PROFESSIONS, jurisdictions, rule_for, rules_for
from dnkit.render.first_screen import FIRST_QUESTION
from dnkit.render.html import esc
from dnkit.render.rules import rules_table_html, training_needed
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings, FieldMessage
from dnkit.ui.bound import state_dropdown
from dnkit.ui.controls import labelled, standalone
from dnkit.ui.guard import guarded
from dnkit.ui.learn import START_TITLE, SURE_BOX_TITLE, SureCheck
from dnkit.vetting import assess

# The three questions a patient should ask before anything else (ids in data/questions.toml).
ASK_FIRST = ("license", "training", "needles")
# The answer's first words, by the state's rule, and the look that goes with them (a symbol and
# a word as well as a colour: colour is never the only cue).
ANSWER_WORDS = {
    "allowed": ("yes", "\u2713", "Yes: a {who} may dry needle in {place}."),
    "prohibited": ("no", "\u2717", "No: not allowed in {place}."),
    "pending": ("no", "\u2717", "Not yet in {place}."),
    "not_addressed": ("unsure", "?", "Not clear in {place}."),
    "unknown": ("unsure", "?", "Not known for {place}."),
}
WAYS_ON = (
    ("vet", "Check this provider", "primary"),
    ("compare", "Compare providers", ""),
    ("costs", "See what it costs", ""),
)


def first_sentence(text: str) -> str:
    """A question's first sentence: the short form that fits the first screen."""
    cut = min((i for i in (text.find("?"), text.find(".")) if i >= 0), default=len(text) - 1)
    return text[: cut + 1]


def answer_html(jurisdiction: str, profession: str) -> str:
    """The first screen's answer: the rule in words, the training asked for, what it means for
    the person, and the three questions to ask first (the check's own wording and sources)."""
    rule = rule_for(jurisdiction, profession)
    place = jurisdictions()[jurisdiction]
    permission = assess(Provider(name="the provider", profession=profession), jurisdiction)
    finding = permission.finding("state_permission")
    look, symbol, words = ANSWER_WORDS[rule.status]
    head = words.format(who=PROFESSIONS.get(profession, profession), place=place)
    # The check's own words for what the rule means, when they add to the first line.
    meaning = f"<p>{esc(finding.message)}</p>" if finding and finding.status != "ok" else ""
    if rule.status in ("prohibited", "pending"):
        # Outside this licence: the check's own words say what to do (ask the state board)
        # and who may instead, where the research says so.
        next_step = ""
    else:
        asks = "".join(f"<li>{esc(first_sentence(question(q).question))}</li>" for q in ASK_FIRST)
        next_step = (
            f"<p><strong>Training the state asks for:</strong> {esc(training_needed(rule))}.</p>"
            f'<p class="dn-answer-asks"><strong>Ask them first:</strong></p><ol>{asks}</ol>'
        )
    return (
        f'<section class="dn-answer dn-answer-{look}" aria-live="polite">'
        f'<p class="dn-answer-head"><span class="dn-answer-mark" aria-hidden="true">{symbol}'
        f"</span> <strong>{esc(head)}</strong></p>{meaning}{next_step}</section>"
    )


class StartView:
    """The start step as one widget (``.widget``), bound to the plan in ``store``.

    ``go(step_key)`` is called by the buttons that lead on (the app opens that step).
    """

    def __init__(
        self,
        store: PlanStore | None = None,
        with_style: bool = True,
        go: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store if store is not None else PlanStore()
        self.bindings = Bindings()
        self.message = W.HTML().add_class("dn-message")
        self.go = go
        self.state, state_box = state_dropdown(self.store, self.bindings, "dn-state")
        self.profession = labelled(
            W.Dropdown(options=profession_options()), PLAN_LABELS["offered_by"], "dn-offered-by"
        )
        self.profession_message = FieldMessage()
        # The profession also says who does the needling in the cost step (Medicare asks).
        self.bindings.bind(
            self.profession,
            "value",
            self.store.field("offered_by", "costs.profession"),
            to_widget=lambda v: v[0],
            from_widget=lambda code: (code, code),
            message=self.profession_message,
        )
        self.answer = W.HTML().add_class("dn-first-answer")
        self.name = labelled(
            W.Text(continuous_update=False), PLAN_LABELS["offered_by_name"], "dn-offered-by-name"
        )
        self.name_message = FieldMessage()
        self.bindings.bind(
            self.name,
            "value",
            self.store.field("offered_by_name"),
            from_widget=lambda text: str(text).strip()[:TEXT_LIMIT],
            message=self.name_message,
        )
        self.ways = [self._way(*way) for way in WAYS_ON]
        self.rules = W.HTML().add_class("dn-state-rules")
        self.rules_box = W.Accordion(
            children=[self.rules], titles=("Rules for every kind of provider",), selected_index=None
        ).add_class("dn-rules-box")
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
        self.sure = SureCheck(self.store, "sure_start", START_TITLE)
        self.sure_box = W.Accordion(
            children=[self.sure.widget],
            titles=(SURE_BOX_TITLE,),
            selected_index=None,
        ).add_class("dn-sure-box")
        self.widget = standalone(
            W.VBox(
                [
                    W.HTML(f"<h2>{esc(FIRST_QUESTION)}</h2>"),
                    W.HBox(
                        [state_box, W.VBox([self.profession, self.profession_message.widget])]
                    ).add_class("dn-pickers"),
                    self.answer,
                    W.HBox(self.ways, layout=W.Layout(flex_flow="row wrap")).add_class("dn-ways"),
                    self.name,
                    self.name_message.widget,
                    self.rules_box,
                    self.concern,
                    self.concern_message.widget,
                    self.sure_box,
                    self.message,
                ],
                layout=W.Layout(width="100%"),
            ).add_class("dn-start"),
            with_style,
        )
        self.bindings.add(self.store.field("jurisdiction", "offered_by").subscribe(self._show))
        self._show((self.store.plan.jurisdiction, self.store.plan.offered_by))

    def _way(self, step: str, text: str, style: str) -> W.Button:
        button = W.Button(description=text, button_style=style).add_class(f"dn-go-{step}")
        button.on_click(guarded(self.message)(lambda _b: self.go and self.go(step)))
        return button

    def _show(self, values: tuple[str | None, str]) -> None:
        code, profession = values
        if not code:
            self.answer.value = (
                '<p class="dn-answer-wait">Choose your state, and the answer shows here.</p>'
            )
            self.rules.value = "<p>Choose your state to see its rules.</p>"
            return
        self.answer.value = answer_html(code, profession)
        self.rules.value = rules_table_html(rules_for(code))

    def close(self) -> None:
        self.bindings.close()
        self.sure.close()
