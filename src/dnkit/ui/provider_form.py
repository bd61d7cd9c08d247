"""A provider form built from the essential questions: one labelled control per provider field.

Controls hold the same text a CSV cell would, and the Provider model parses them, so the form,
file uploads and the CLI share one set of rules. An empty box means "not known yet".
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W

from dnkit.markup import esc
from dnkit.providers import SETTINGS, TECHNIQUES, Provider, provider_to_row
from dnkit.questions import questions
from dnkit.regulation import PROFESSIONS
from dnkit.render.citations import citations_html
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
LABELS: dict[str, str] = {
    "name": "Provider or clinic name",
    "profession": "Kind of provider",
    "license_state": "State of their license (like CO)",
    "license_number": "License number",
    "license_verified": "Did you check the license with the state board?",
    "dn_program": "Name of their dry needling course",
    "dn_hours_total": "Dry needling training hours in all",
    "dn_hours_in_person": "Of those, hours hands-on and in person",
    "supervised_sessions": "Sessions they did while a teacher watched",
    "years_licensed": "Years licensed",
    "years_dry_needling": "Years doing dry needling",
    "techniques": "Methods they use",
    "sterile_single_use_needles": "Sterile needles, used once and thrown away?",
    "written_consent": "Do they ask for your written consent?",
    "initial_assessment": "Do they check you fully before needling?",
    "side_effect_plan": "Do they have a plan for side effects?",
    "integrated_plan": "Is needling part of a wider treatment plan?",
    "setting": "Where they work",
    "price_per_session": "Price per session in dollars (like 75 or 60-90)",
    "first_visit_fee": "First visit fee in dollars",
    "packages": "Package deals (like 6:420 for 6 sessions for $420)",
    "in_network": "In your insurance network?",
    "insurance_notes": "Notes on insurance",
    "distance_miles": "Distance from you in miles",
    "notes": "Your notes",
}
SETTING_LABELS = {
    "outpatient_pt": "Physical therapy clinic",
    "sports_medicine": "Sports medicine",
    "pain_management": "Pain clinic",
    "chiropractic": "Chiropractic office",
    "other": "Other",
}
ANSWER_OPTIONS = [("Yes", "yes"), ("No", "no"), ("Not sure", "unknown")]
LONG_TEXT = ("notes", "insurance_notes")


class ProviderForm:
    """Questions with their controls; ``values()`` gives CSV-style texts for Provider."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self.controls: dict[str, W.Widget] = {}
        self._technique_boxes: dict[str, W.Checkbox] = {}
        basics = [self._control(f) for f in ("name", "profession", "setting")]
        sections: list[W.Widget] = [W.HTML("<h3>About the provider</h3>"), *basics]
        for q in questions():
            sections.append(
                W.HTML(
                    f'<h3 class="dn-question">Ask: {esc(q.question)}</h3>'
                    f"<details><summary>Why this matters</summary><p>{esc(q.why)}</p>"
                    f"<p><strong>A good answer:</strong> {esc(q.good_answer)}</p>"
                    f"{citations_html(q.sources, note=q.note)}</details>"
                )
            )
            sections.extend(self._control(f) for f in q.fields if f not in self.controls)
        sections += [
            self._control(f) for f in ("distance_miles", "notes") if f not in self.controls
        ]
        self.widget = W.VBox(sections, layout=W.Layout(width="100%")).add_class("dn-provider-form")

    def _control(self, field: str) -> W.Widget:
        label = LABELS[field]
        css = f"dn-field-{field}"
        if field == "profession":
            options = [(f"{name} ({code})", code) for code, name in PROFESSIONS.items()]
            w = labelled(W.Dropdown(options=options, value="PT"), label, css)
        elif field == "setting":
            options = [("Not sure", "")] + [(SETTING_LABELS.get(s, s), s) for s in SETTINGS]
            w = labelled(W.Dropdown(options=options, value=""), label, css)
        elif field in ANSWER_FIELDS:
            w = labelled(
                W.ToggleButtons(
                    options=ANSWER_OPTIONS, value="unknown", style={"button_width": "auto"}
                ),
                label,
                css,
            )
        elif field == "techniques":
            for t in TECHNIQUES:
                self._technique_boxes[t] = W.Checkbox(
                    value=False,
                    description=t.capitalize(),
                    indent=False,
                    layout=W.Layout(width="auto"),
                ).add_class(f"dn-technique-{t}")
                self._technique_boxes[t].observe(self._changed, "value")
            box = W.VBox(
                [
                    W.Label(label),
                    W.HBox(
                        list(self._technique_boxes.values()), layout=W.Layout(flex_flow="row wrap")
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
        self._on_change()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field, w in self.controls.items():
            if field == "techniques":
                out[field] = ";".join(t for t, b in self._technique_boxes.items() if b.value)
            else:
                out[field] = str(w.value)
        return out

    def load(self, provider: Provider | None) -> None:
        """Fill the form from a saved provider (or clear it for a new one)."""
        row = provider_to_row(provider) if provider else {}
        hold = self._on_change
        self._on_change = lambda: None
        try:
            for field, w in self.controls.items():
                text = row.get(field, "")
                if field == "techniques":
                    chosen = set(filter(None, text.split(";")))
                    for t, b in self._technique_boxes.items():
                        b.value = t in chosen
                elif field in ANSWER_FIELDS:
                    w.value = text or "unknown"
                elif field == "profession":
                    w.value = text or "PT"
                else:
                    w.value = text
        finally:
            self._on_change = hold
        self._on_change()
