"""Step 4, compare providers: the list (load a file, try the examples, remove), what matters to
you (weights and must-haves), then the ranking, one live chart, who was left out and why, and how
sure the first place is.

The view computes nothing itself: it reads the controls, hands them to :mod:`dnkit.compare`
(which checks every value again) and shows the result. The provider list and the weights live
in the plan (:class:`~dnkit.plan.PlanStore`), so providers saved in other steps appear here.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from dnkit.compare import (
    CRITERIA,
    Comparison,
    MustHaves,
    compare,
    criteria,
    default_weights,
    parse_limit,
    unknown_rule,
)
from dnkit.errors import InputError
from dnkit.figures.compare import bars_height, contributions_figure
from dnkit.labels import COMPARE_LABELS, message
from dnkit.plan import Plan
from dnkit.providers import (
    SETTING_LABELS,
    SETTINGS,
    providers_to_csv,
    providers_to_json,
    read_providers,
    sample_providers,
    template_csv,
)
from dnkit.render.citations import citations_html
from dnkit.render.compare import filtered_html, ranking_html
from dnkit.render.html import alert, esc, status, table_html
from dnkit.store import PlanStore
from dnkit.ui.bind import Bindings, FieldMessage
from dnkit.ui.bound import state_dropdown
from dnkit.ui.chart import LiveChart
from dnkit.ui.controls import labelled, standalone
from dnkit.ui.downloads import download_link
from dnkit.ui.guard import guarded

ACCEPTED_FILES = ".csv,.json,.xlsx,.ods"
CHART_ROWS = 5  # the chart's height fits this many providers; more make thinner bars
WATCHED = {"providers", "jurisdiction", "costs", "weights", "must_haves", "preferred_settings"}


def _problem_items(problems: list[Any]) -> str:
    return "".join(f"<li>{esc(str(p))}</li>" for p in problems)


class CompareView:
    """The compare step as one widget (``.widget``), bound to the plan in ``store``."""

    def __init__(self, store: PlanStore | None = None, with_style: bool = True) -> None:
        self.store = store if store is not None else PlanStore()
        self.bindings = Bindings()
        self.message = W.HTML().add_class("dn-message")
        guard = guarded(self.message)

        # -- the list of providers
        self.upload = labelled(
            W.FileUpload(accept=ACCEPTED_FILES, multiple=False),
            "Load a providers file (CSV, JSON, Excel or LibreOffice)",
            "dn-upload",
        )
        self.load_report = W.HTML().add_class("dn-load-report")
        self.downloads = W.HTML().add_class("dn-downloads")
        auto = W.Layout(width="auto", max_width="100%")
        self.sample = W.Button(description="Try with example providers", icon="magic", layout=auto)
        self.sample.add_class("dn-sample-providers")
        self.pick = labelled(W.Dropdown(), "Provider to remove", "dn-compare-pick")
        self.remove = W.Button(description="Remove from my list", icon="trash", layout=auto)
        self.remove.add_class("dn-compare-remove")
        self.upload.observe(guard(self._uploaded), "value")
        self.sample.on_click(guard(self._add_samples))
        self.remove.on_click(guard(self._remove))

        # -- the state the checks are made for, asked here too (bound like every control)
        self.state, self.state_box = state_dropdown(self.store, self.bindings, "dn-compare-state")

        # -- what matters: every control bound to the plan
        info = criteria()
        defaults = default_weights()
        self.weights_message = FieldMessage()
        self.sliders = {}
        for key in CRITERIA:
            slider = labelled(
                W.IntSlider(min=0, max=100, step=5, continuous_update=False),
                info[key].slider,
                f"dn-weight-{key}",
            )
            self.bindings.bind(
                slider,
                "value",
                self.store.field(f"weights.{key}"),
                to_widget=lambda v, d=defaults[key]: round(d if v is None else v),
                from_widget=float,
                message=self.weights_message,
            )
            self.sliders[key] = slider
        self.filter_message = FieldMessage()
        self.must_permitted = self._must(
            "permitted", "Only providers allowed to dry needle in my state (recommended)"
        )
        self.must_sterile = self._must("sterile_needles", "Must use sterile single-use needles")
        self.must_network = self._must("in_network", "Must be in my insurance network")
        self.max_distance = self._limit("max_distance")
        self.max_cost = self._limit("max_cost")
        self.settings = {key: self._setting(key) for key in SETTINGS}

        # -- results, drawn from the plan
        self.summary = W.HTML().add_class("dn-robustness")
        self.ranking = W.HTML().add_class("dn-ranking")
        self.filtered = W.HTML().add_class("dn-filtered")
        self.chart_text = W.HTML().add_class("dn-chart-text")
        self.how = W.HTML(self._how_html()).add_class("dn-compare-how")
        empty = compare([], None, 1, default_weights())
        self.chart = LiveChart(contributions_figure(empty, height=bars_height(CHART_ROWS)).figure)
        self.chart_box = W.VBox([self.chart.widget, self.chart_text]).add_class("dn-compare-chart")
        self.bindings.add(self.store.subscribe(self._plan_changed))

        self.widget = standalone(
            W.VBox(
                [
                    W.HTML(
                        "<h2>Compare providers</h2><p>Line up the providers you are thinking "
                        "about. Say what matters to you, and see who comes first, why, and how "
                        "sure that is.</p>"
                    ),
                    W.HTML("<h3>Your providers</h3>"),
                    W.HTML(
                        "<p>Providers you save when you check them show up here. You can also "
                        "load a file: start from the blank template.</p>"
                    ),
                    self.upload,
                    self.load_report,
                    self.downloads,
                    W.HBox([self.sample], layout=W.Layout(flex_flow="row wrap")),
                    self.pick,
                    self.remove,
                    W.HTML("<h3>Who comes first</h3>"),
                    self.state_box,
                    self.summary,
                    self.ranking,
                    self.chart_box,
                    W.HTML("<h3>Left out</h3>"),
                    self.filtered,
                    W.HTML(
                        "<h3>What matters to you</h3><p>Move a slider to the right if it "
                        "matters more. Only how the sliders compare to each other counts. The "
                        "ranking above updates as you go.</p>"
                    ),
                    *self.sliders.values(),
                    self.weights_message.widget,
                    W.HTML("<h3>Must-haves</h3><p>A provider that fails one is left out.</p>"),
                    self.must_permitted,
                    self.must_sterile,
                    self.must_network,
                    self.max_distance,
                    self.max_cost,
                    self.filter_message.widget,
                    self.message,
                    W.HTML(
                        "<h3>Kinds of clinic you prefer</h3><p>Tick none if any kind is fine. "
                        "This counts only if the setting slider is above 0.</p>"
                    ),
                    *self.settings.values(),
                    self.how,
                ],
                layout=W.Layout(width="100%"),
            ).add_class("dn-compare"),
            with_style,
        )
        self._fill_list()
        self._refresh()

    # ------------------------------------------------------------------ building controls
    def _must(self, key: str, text: str) -> W.Checkbox:
        box = labelled(W.Checkbox(indent=False), text, f"dn-must-{key.replace('_', '-')}")
        self.bindings.bind(
            box,
            "value",
            self.store.field(f"must_haves.{key}"),
            to_widget=bool,
            from_widget=lambda on: True if on else None,  # off is the same as never set
            message=self.filter_message,
        )
        return box

    def _limit(self, key: str) -> W.Text:
        box = labelled(
            W.Text(continuous_update=False), COMPARE_LABELS[key], f"dn-{key.replace('_', '-')}"
        )
        self.bindings.bind(
            box,
            "value",
            self.store.field(f"must_haves.{key}"),
            to_widget=lambda v: "" if v is None else f"{v:g}",
            from_widget=lambda text, k=key: parse_limit(text, k),
            message=self.filter_message,
        )
        return box

    def _setting(self, key: str) -> W.Checkbox:
        box = labelled(W.Checkbox(indent=False), SETTING_LABELS[key], f"dn-setting-{key}")
        field = self.store.field("preferred_settings")

        def from_widget(on: bool) -> tuple[str, ...]:
            chosen = set(self.store.plan.preferred_settings) | {key}
            if not on:
                chosen.discard(key)
            return tuple(s for s in SETTINGS if s in chosen)

        self.bindings.bind(
            box, "value", field, to_widget=lambda v: key in v, from_widget=from_widget,
            message=self.filter_message,
        )  # fmt: skip
        return box

    def controls(self) -> list[W.Widget]:
        """Every control a person can use (each has a visible label)."""
        return [
            self.upload,
            self.pick,
            *self.sliders.values(),
            self.must_permitted,
            self.must_sterile,
            self.must_network,
            self.max_distance,
            self.max_cost,
            *self.settings.values(),
        ]

    # ------------------------------------------------------------------ computing and showing
    def _compute(self) -> Comparison | None:
        """The comparison for the plan as it stands, or None with a message."""
        plan = self.store.plan
        try:
            result = compare(
                plan.providers,
                plan.jurisdiction,
                plan.costs.sessions,
                {**default_weights(), **plan.weights},
                MustHaves.from_mapping(plan.must_haves),
                preferred_settings=plan.preferred_settings,
            )
        except InputError as err:
            if err.field == "jurisdiction" and not plan.jurisdiction:
                self.message.value = ""
                self._show_waiting(plan)  # the state box sits right above: no alarm needed
            else:
                self.message.value = alert(message(err.field, err.message))
            return None
        self.message.value = ""
        return result

    def _refresh(self, _change: object = None) -> None:
        result = self._compute()
        if result is not None:
            self._show(result)

    def _show_waiting(self, plan: Plan) -> None:
        """Providers are listed but the state check cannot run yet: ask for the state here,
        list who will be ranked, and hide the chart until there is something to draw."""
        self.last = None
        count = len(plan.providers)
        if count:
            self.summary.value = status(
                "Choose your state just above to see who comes first. dnkit checks that each "
                "provider may dry needle there."
            )
            names = "".join(f"<li>{esc(p.name)}</li>" for p in plan.providers)
            self.ranking.value = (
                f"<p>Your {count} provider{'s' if count != 1 else ''}, not ranked yet:</p>"
                f"<ul>{names}</ul>"
            )
        else:
            self.summary.value = status(
                "Choose your state just above, and add providers to compare them."
            )
            self.ranking.value = ""
        self.filtered.value = "<p>Shown once your state is chosen.</p>"
        self.chart_box.layout.display = "none"

    def _show(self, result: Comparison) -> None:
        self.last = result
        self.summary.value = f'<p role="status">{esc(result.summary)}</p>'
        # With no one ranked the summary says why; the ranking and the chart would repeat it.
        self.ranking.value = (
            ranking_html(result, self.store.plan.costs.sessions) if result.ranked else ""
        )
        self.chart_box.layout.display = None if result.ranked else "none"
        figure = contributions_figure(result, height=bars_height(CHART_ROWS))
        self.chart.update(figure.figure)
        self.chart_text.value = (
            f"<p>{esc(figure.summary)}</p><details><summary>Show the scores as a table"
            f'</summary><div class="dn-table-wrap">'
            f"{table_html(figure.table, 'What each criterion adds to each score')}</div>"
            "</details>"
        )
        self.filtered.value = filtered_html(result)

    def _how_html(self) -> str:
        items = []
        for c in criteria().values():
            source_list = citations_html(c.sources, heading="") if c.sources else ""
            items.append(
                f"<li><strong>{esc(c.label)}</strong>: {esc(c.how)} {esc(c.unknown)}"
                f"{source_list}</li>"
            )
        return (
            "<details><summary>How the scores work</summary>"
            f"<p>{esc(unknown_rule())}</p><ul>{''.join(items)}</ul>"
            "<p>dnkit adds up each score times its share of your weights. It helps you "
            "choose; it is not medical advice.</p></details>"
        )

    def _fill_list(self) -> None:
        providers = self.store.plan.providers
        names = [p.name for p in providers]
        current = self.pick.value if self.pick.value in names else None
        self.pick.options = names
        self.pick.value = current if current is not None else (names[0] if names else None)
        self.remove.disabled = not names
        links = [
            download_link(template_csv(), "dnkit-providers-template.csv", "text/csv",
                      "Download the blank template (CSV)"),
        ]  # fmt: skip
        if providers:
            links += [
                download_link(providers_to_csv(providers), "dnkit-providers.csv", "text/csv",
                          f"Download your list of {len(providers)} (CSV)"),
                download_link(providers_to_json(providers), "dnkit-providers.json",
                          "application/json", "Download your list (JSON)"),
            ]  # fmt: skip
        self.downloads.value = "<p>" + " · ".join(links) + "</p>"

    # ------------------------------------------------------------------ events
    def _plan_changed(self, _plan: Plan, changed: frozenset[str]) -> None:
        if not changed & WATCHED:
            return
        if "providers" in changed:
            self._fill_list()
        self._refresh()

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            self.load_file(str(item.get("name", "")), bytes(item["content"]))
        finally:
            self.upload.value = ()

    def load_file(self, filename: str, data: bytes) -> int:
        """Add the valid providers in a file; list every problem. Returns how many were added.

        A provider with the same name as one in the list replaces it. If nothing in the file
        can be used, or the list would grow past the plan's limit, the list stays as it was.
        """
        result = read_providers(data, filename or "file")
        problems = _problem_items(result.problems)
        where = esc(filename or "The file")
        if not result.providers:
            self.load_report.value = (
                f'<div role="alert"><p class="dn-error">{where}: nothing was loaded, and your '
                f"list is unchanged.</p><ul>{problems}</ul></div>"
            )
            return 0
        try:
            added = self.store.plan.add_providers(result.providers)
        except InputError as err:
            self.load_report.value = alert(
                f"{filename or 'The file'}: nothing was loaded, and your list is unchanged: "
                f"{err.message}"
            )
            return 0
        self.store.replace(added.plan)
        count = len(result.providers)
        words = f"Loaded {count} provider{'s' if count != 1 else ''} from {filename or 'the file'}."
        if added.replaced:
            words += (
                f" {len(added.replaced)} had the same name as one in your list and replaced it."
            )
        report = status(words, ok=True)
        if result.problems:
            report += (
                f'<div role="alert"><p>These parts of the file were not loaded:</p>'
                f"<ul>{problems}</ul></div>"
            )
        self.load_report.value = report
        return count

    def _add_samples(self, _button: object = None) -> None:
        try:
            added = self.store.plan.add_providers(sample_providers(), replace=False)
        except InputError as err:
            self.load_report.value = alert(f"{err.message} Remove some to add the examples.")
            return
        self.store.replace(added.plan)
        self.load_report.value = status(
            f"Added {len(added.added)} example providers. They are made up, to show how the "
            "comparison works.",
            ok=True,
        )

    def _remove(self, _button: object = None) -> None:
        name = self.pick.value
        if name is None:
            return
        self.store.replace(self.store.plan.remove_provider(name))
        self.load_report.value = status(f"Removed {name} from your list.")

    def close(self) -> None:
        self.bindings.close()
