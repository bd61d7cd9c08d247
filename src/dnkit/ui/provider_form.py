"""A provider form built from the essential questions: one labelled control per provider field.

Controls hold the same text a CSV cell would, and the Provider model parses them, so the form,
file uploads and the CLI share one set of rules. An empty box means "not known yet".
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W

from dnkit.labels import PROVIDER_LABELS, profession_options
from dnkit.providers import (
    LICENSE_ANSWERS,
    SETTING_LABELS,
    SETTINGS,
    TECHNIQUES,
    Provider,
    provider_to_row,
)
from dnkit.questions import questions
from dnkit.render.citations import citations_html
from dnkit.render.html import esc
from dnkit.ui.controls import labelled

ANSWER_FIELDS = (
    "license_verified",
    "sterile_single_use_needles",
    "written_consent",
    "initial_assessment",
    "side_effect_plan",
    "integrated_plan",
    "in_network",
)
ANSWER_OPTIONS = [("Yes", "yes"), ("No", "no"), ("Not sure", "unknown")]
LONG_TEXT = ("notes", "insurance_notes")


# The questions in short sections a person can fill on a phone, one open at a time: a title,
# the fields asked without a question of their own, and the question ids (data/questions.toml).
FORM_SECTIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Who they are", ("name", "profession", "setting"), ()),
    ("Their license", (), ("license",)),
    ("Their training", (), ("training", "supervised")),
    ("Their experience", (), ("experience", "techniques")),
    ("Safety", (), ("needles", "side_effects", "assessment", "treatment_plan", "consent")),
    ("Prices and insurance", (), ("cost", "billing")),
    ("Anything else", ("distance_miles", "notes"), ()),
)


class ProviderForm:
    """Questions with their controls, in sections; ``values()`` gives CSV-style texts for
    Provider, and each section's title says how many of its questions are answered."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self.controls: dict[str, W.Widget] = {}
        self.technique_boxes: dict[str, W.Checkbox] = {}
        by_id = {q.id: q for q in questions()}
        self.section_fields: list[tuple[str, tuple[str, ...]]] = []
        boxes = []
        for title, fields, question_ids in FORM_SECTIONS:
            parts: list[W.Widget] = [self._control(f) for f in fields]
            names = list(fields)
            for qid in question_ids:
                q = by_id[qid]
                parts.append(
                    W.HTML(
                        f'<h3 class="dn-question">Ask: {esc(q.question)}</h3>'
                        f"<details><summary>Why this matters</summary><p>{esc(q.why)}</p>"
                        f"<p><strong>A good answer:</strong> {esc(q.good_answer)}</p>"
                        f"{citations_html(q.sources, note=q.note)}</details>"
                    )
                )
                parts.extend(self._control(f) for f in q.fields if f not in self.controls)
                names.extend(q.fields)
            self.section_fields.append((title, tuple(names)))
            boxes.append(W.VBox(parts, layout=W.Layout(width="100%")))
        self.progress = W.HTML().add_class("dn-form-progress")
        self.sections = W.Accordion(children=boxes, selected_index=0).add_class("dn-form-sections")
        self.widget = W.VBox(
            [self.progress, self.sections], layout=W.Layout(width="100%")
        ).add_class("dn-provider-form")
        self._show_progress()

    def answered(self, field: str) -> bool:
        """Whether the person has said something for this field (a box left empty has not)."""
        if field == "techniques":
            return any(b.value for b in self.technique_boxes.values())
        value = str(self.controls[field].value).strip()
        return bool(value) and value != "unknown"

    def _show_progress(self) -> None:
        done = total = 0
        titles = []
        for n, (title, fields) in enumerate(self.section_fields, 1):
            here = sum(self.answered(f) for f in fields)
            done, total = done + here, total + len(fields)
            titles.append(f"{n}. {title} ({here} of {len(fields)})")
        self.sections.titles = tuple(titles)
        self.progress.value = (
            f'<p role="status">You have answered {done} of {total} questions. '
            "Leave a box empty if you do not know yet.</p>"
        )

    def _control(self, field: str) -> W.Widget:
        label = PROVIDER_LABELS[field]
        css = f"dn-field-{field}"
        if field == "profession":
            w = labelled(W.Dropdown(options=profession_options(), value="PT"), label, css)
        elif field == "setting":
            options = [("Not sure", "")] + [(SETTING_LABELS.get(s, s), s) for s in SETTINGS]
            w = labelled(W.Dropdown(options=options, value=""), label, css)
        elif field in ANSWER_FIELDS:
            options = LICENSE_ANSWERS if field == "license_verified" else ANSWER_OPTIONS
            w = labelled(
                W.ToggleButtons(options=options, value="unknown", style={"button_width": "auto"}),
                label,
                css,
            )
        elif field == "techniques":
            for t in TECHNIQUES:
                self.technique_boxes[t] = W.Checkbox(
                    value=False,
                    description=t.capitalize(),
                    indent=False,
                    layout=W.Layout(width="auto"),
                ).add_class(f"dn-technique-{t}")
                self.technique_boxes[t].observe(self._changed, "value")
            box = W.VBox(
                [
                    W.Label(label),
                    W.HBox(
                        list(self.technique_boxes.values()), layout=W.Layout(flex_flow="row wrap")
                    ),
                ]
            )
            box.add_class(css)
            self.controls[field] = box
            return box
        elif field in LONG_TEXT:
            w = labelled(W.Textarea(rows=2, placeholder="optional"), label, css)
        else:
            w = labelled(W.Text(placeholder="not known yet"), label, css)
        w.observe(self._changed, "value")
        self.controls[field] = w
        return w

    def _changed(self, _change: dict) -> None:
        self._show_progress()
        self._on_change()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field, w in self.controls.items():
            if field == "techniques":
                out[field] = ";".join(t for t, b in self.technique_boxes.items() if b.value)
            else:
                out[field] = str(w.value)
        return out

    def load(self, provider: Provider | None) -> None:
        """Fill the form from a saved provider (or clear it for a new one)."""
        row = provider_to_row(provider) if provider else {}
        # Each box tells the step as it is filled; the last one leaves the check on the whole
        # provider (a half-filled moment may flash a message, which the last change clears).
        for field, w in self.controls.items():
            text = row.get(field, "")
            if field == "techniques":
                chosen = set(filter(None, text.split(";")))
                for t, b in self.technique_boxes.items():
                    b.value = t in chosen
            elif field in ANSWER_FIELDS:
                w.value = getattr(provider, field).value if provider else "unknown"
            elif field == "profession":
                w.value = text or "PT"
            else:
                w.value = text
        self._on_change()
