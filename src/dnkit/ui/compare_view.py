"""Step 4, compare providers: the list (load a file, try the examples, remove), what matters to
you (weights and must-haves), then the ranking, one live chart, who was left out and why, and how
sure the first place is.

The view computes nothing itself: it reads the controls, hands them to :mod:`dnkit.compare`
(which checks every value again) and shows the result. The provider list and the weights live
in the plan (:class:`~dnkit.plan.PlanStore`), so providers saved in other steps appear here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import ipywidgets as W
from pydantic import ValidationError

from dnkit.compare import (
    CRITERIA,
    SETTING_LABELS,
    CompareInputError,
    Comparison,
    MustHaves,
    check_weights,
    compare,
    criteria,
    default_weights,
    parse_limit,
    unknown_rule,
)
from dnkit.figures.base import Table
from dnkit.figures.compare import bars_height, contributions_figure
from dnkit.markup import esc, table_html
from dnkit.plan import MAX_PROVIDERS, Plan, PlanStore
from dnkit.providers import (
    SETTINGS,
    Provider,
    providers_to_csv,
    providers_to_json,
    read_providers,
    sample_providers,
    template_csv,
)
from dnkit.render.citations import citations_html
from dnkit.ui.chart import LiveChart
from dnkit.ui.controls import labelled
from dnkit.ui.downloads import download_link
from dnkit.ui.guard import alert_html, guarded

CHART_ROWS = 5  # the chart's height fits this many providers; more make thinner bars
WATCHED = {"providers", "jurisdiction", "costs", "weights", "must_haves", "preferred_settings"}
LIMIT_LABELS = {
    "max_distance": "Longest trip, in miles (empty: no limit)",
    "max_cost": "Most you will pay for your planned sessions, in $ (empty: no limit)",
}
FIELD_LABELS = {
    "jurisdiction": "Your state",
    "weights": "What matters to you",
    "sessions": "Planned sessions",
    **LIMIT_LABELS,
}


def _problem_items(problems: list[Any]) -> str:
    return "".join(f"<li>{esc(str(p))}</li>" for p in problems)


class CompareView:
    """The compare step as one widget (``.widget``), bound to the plan in ``store``."""

    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self._syncing = False
        self.message = W.HTML().add_class("dn-message")
        guard = guarded(self.message)

        # -- the list of providers
        self.upload = labelled(
            W.FileUpload(accept=".csv,.json", multiple=False),
            "Load a providers file (CSV or JSON)",
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

        # -- what matters
        saved = store.plan.weights
        start = {**default_weights(), **{k: v for k, v in saved.items() if k in CRITERIA}}
        info = criteria()
        self.sliders = {
            key: labelled(
                W.IntSlider(
                    value=round(start[key]), min=0, max=100, step=5, continuous_update=False
                ),
                info[key].slider,
                f"dn-weight-{key}",
            )
            for key in CRITERIA
        }
        for slider in self.sliders.values():
            slider.observe(guard(self._weight_changed), "value")
        self.must_permitted = labelled(
            W.Checkbox(value=False, indent=False), "Must be allowed to dry needle in my state"
        )
        self.must_sterile = labelled(
            W.Checkbox(value=False, indent=False), "Must use sterile single-use needles"
        )
        self.must_network = labelled(
            W.Checkbox(value=False, indent=False), "Must be in my insurance network"
        )
        self.max_distance = labelled(W.Text(value=""), LIMIT_LABELS["max_distance"])
        self.max_cost = labelled(W.Text(value=""), LIMIT_LABELS["max_cost"])
        self.settings = {
            key: labelled(W.Checkbox(value=False, indent=False), SETTING_LABELS[key])
            for key in SETTINGS
        }
        self._show_filters(store.plan)
        for control in self._filters():
            control.observe(guard(self._filter_changed), "value")

        # -- results
        self.summary = W.HTML().add_class("dn-robustness")
        self.ranking = W.HTML().add_class("dn-ranking")
        self.filtered = W.HTML().add_class("dn-filtered")
        self.chart_text = W.HTML().add_class("dn-chart-text")
        self.how = W.HTML(self._how_html()).add_class("dn-compare-how")
        first = self._compute() or compare([], None, 1, default_weights())
        self.chart = LiveChart(contributions_figure(first, height=bars_height(CHART_ROWS)).figure)
        self.chart_box = W.VBox([self.chart.widget, self.chart_text]).add_class("dn-compare-chart")
        store.subscribe(self._plan_changed)

        self.widget = W.VBox(
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
                W.HTML("<h3>Must-haves</h3><p>A provider that fails one is left out.</p>"),
                self.must_permitted,
                self.must_sterile,
                self.must_network,
                self.max_distance,
                self.max_cost,
                self.message,
                W.HTML(
                    "<h3>Kinds of clinic you prefer</h3><p>Tick none if any kind is fine. "
                    "This counts only if the setting slider is above 0.</p>"
                ),
                *self.settings.values(),
                self.how,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-compare")
        self._fill_list()
        self._show(first)

    # ------------------------------------------------------------------ reading the controls
    def _filters(self) -> list[W.Widget]:
        return [
            self.must_permitted,
            self.must_sterile,
            self.must_network,
            self.max_distance,
            self.max_cost,
            *self.settings.values(),
        ]

    def controls(self) -> list[W.Widget]:
        """Every control a person can use (each has a visible label)."""
        return [self.upload, self.pick, *self.sliders.values(), *self._filters()]

    def weights(self) -> dict[str, float]:
        return {key: float(slider.value) for key, slider in self.sliders.items()}

    def must_haves(self) -> MustHaves:
        return MustHaves(
            permitted=bool(self.must_permitted.value),
            sterile_needles=bool(self.must_sterile.value),
            in_network=bool(self.must_network.value),
            max_distance=parse_limit(self.max_distance.value, "max_distance"),
            max_cost=parse_limit(self.max_cost.value, "max_cost"),
        )

    def providers(self) -> list[Provider]:
        return [Provider.model_validate(p) for p in self.store.plan.providers]

    # ------------------------------------------------------------------ computing and showing
    def _compute(self) -> Comparison | None:
        """The comparison for the current controls and plan, or None with a message."""
        plan = self.store.plan
        try:
            result = compare(
                plan.providers,
                plan.jurisdiction,
                plan.costs.sessions,
                self.weights(),
                self.must_haves(),
                preferred_settings=[k for k, box in self.settings.items() if box.value],
            )
        except CompareInputError as err:
            label = FIELD_LABELS.get(err.field, err.field)
            self.message.value = alert_html(f"{label}: {err.message}")
            return None
        self.message.value = ""
        return result

    def _refresh(self, _change: object = None) -> None:
        result = self._compute()
        if result is not None:
            self._show(result)

    def _show(self, result: Comparison) -> None:
        self.last = result
        self.summary.value = f'<p role="status">{esc(result.summary)}</p>'
        self.ranking.value = self._ranking_html(result)
        figure = contributions_figure(result, height=bars_height(CHART_ROWS))
        self.chart.update(figure.figure)
        self.chart_text.value = (
            f"<p>{esc(figure.summary)}</p><details><summary>Show the scores as a table"
            f'</summary><div class="dn-table-wrap">'
            f"{table_html(figure.table, 'What each criterion adds to each score')}</div>"
            "</details>"
        )
        self.filtered.value = self._filtered_html(result)

    def _ranking_html(self, result: Comparison) -> str:
        if not result.ranked:
            return f"<p>{esc(result.summary)}</p>"
        info = criteria()
        beaten = any(r.beaten_by for r in result.ranked)  # a "Note" column only when needed
        rows = []
        for r in result.ranked:
            unknown = [info[c].label.lower() for c in r.unknowns if result.weights[c] > 0]
            row = (
                f"{r.rank}. {r.name}",
                f"{r.total:.2f}",
                r.verdict_label or "Choose your state to check",
                ", ".join(unknown) or "none",
            )
            if beaten:
                row += (f"Beaten on all you weigh by {r.beaten_by}" if r.beaten_by else "",)
            rows.append(row)
        columns = ("Provider", "Score (out of 1)", "Check result", "Unknown")
        table = Table(columns + (("Note",) if beaten else ()), tuple(rows))
        parts = [f'<div class="dn-table-wrap">{table_html(table, "Your ranking")}</div>']
        if result.robustness is not None:
            items = "".join(
                f"<li>{esc(s.sentence(result.ranked[0].name))}</li>"
                for s in result.robustness.switches
                if s.current > 0 or s.up is not None
            )
            parts.append(
                "<details><summary>How each weight could change who comes first</summary>"
                f"<ul>{items}</ul></details>"
            )
        return "".join(parts)

    def _filtered_html(self, result: Comparison) -> str:
        if not result.filtered:
            return "<p>No provider is left out by your must-haves.</p>"
        items = "".join(
            f"<li><strong>{esc(f.name)}</strong>: {esc(' '.join(f.reasons))}</li>"
            for f in result.filtered
        )
        return f"<ul>{items}</ul>"

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
        providers = self.providers()
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
    def _plan_changed(self, plan: Plan, changed: set[str]) -> None:
        if not changed & WATCHED:
            return
        if "weights" in changed:
            self._sync_sliders(plan.weights)
        if changed & {"must_haves", "preferred_settings"}:
            self._show_filters(plan)
        if "providers" in changed:
            self._fill_list()
        self._refresh()

    def _sync_sliders(self, weights: dict[str, float]) -> None:
        self._syncing = True
        try:
            for key, slider in self.sliders.items():
                if key in weights and slider.value != round(weights[key]):
                    slider.value = round(weights[key])
        finally:
            self._syncing = False

    def _show_filters(self, plan: Plan) -> None:
        """Put the plan's must-haves and preferred settings into the controls."""
        must = MustHaves.from_mapping(plan.must_haves)
        self._syncing = True
        try:
            self.must_permitted.value = must.permitted
            self.must_sterile.value = must.sterile_needles
            self.must_network.value = must.in_network
            self.max_distance.value = "" if must.max_distance is None else f"{must.max_distance:g}"
            self.max_cost.value = "" if must.max_cost is None else f"{must.max_cost:g}"
            for key, box in self.settings.items():
                box.value = key in plan.preferred_settings
        finally:
            self._syncing = False

    def _filter_changed(self, _change: object = None) -> None:
        """Save the must-haves in the plan (the store tells this view, which redraws)."""
        if self._syncing:
            return
        try:
            must = self.must_haves()
        except CompareInputError as err:
            label = FIELD_LABELS.get(err.field, err.field)
            self.message.value = alert_html(f"{label}: {err.message}")
            return
        chosen = [k for k, box in self.settings.items() if box.value]
        saved = {k: v for k, v in dataclasses.asdict(must).items() if v not in (False, None)}
        if saved == self.store.plan.must_haves and chosen == self.store.plan.preferred_settings:
            self._refresh()
            return
        self.store.update(must_haves=saved, preferred_settings=chosen)

    def _weight_changed(self, _change: object = None) -> None:
        if self._syncing:
            return
        try:
            checked = check_weights(self.weights())
        except CompareInputError as err:
            self.message.value = alert_html(f"{FIELD_LABELS['weights']}: {err.message}")
            return
        self.store.update(weights=checked)  # the store tells this view, which redraws

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
        current = list(self.store.plan.providers)
        index = {p["name"]: i for i, p in enumerate(current)}
        replaced = []
        for provider in result.providers:
            dumped = provider.model_dump(mode="json")
            if provider.name in index:
                current[index[provider.name]] = dumped
                replaced.append(provider.name)
            else:
                index[provider.name] = len(current)
                current.append(dumped)
        if len(current) > MAX_PROVIDERS:
            self.load_report.value = (
                f'<div role="alert"><p class="dn-error">{where}: your list can hold '
                f"{MAX_PROVIDERS} providers, and this file would make it {len(current)}. "
                "Nothing was loaded.</p></div>"
            )
            return 0
        try:
            self.store.update(providers=current)
        except (ValidationError, ValueError) as err:
            self.load_report.value = (
                f'<div role="alert"><p class="dn-error">{where}: nothing was loaded ({esc(err)}).'
                "</p></div>"
            )
            return 0
        added = len(result.providers)
        words = f"Loaded {added} provider{'s' if added != 1 else ''} from {filename or 'the file'}."
        if replaced:
            words += f" {len(replaced)} had the same name as one in your list and replaced it."
        report = f'<p class="dn-ok" role="status">{esc(words)}</p>'
        if result.problems:
            report += (
                f'<div role="alert"><p>These parts of the file were not loaded:</p>'
                f"<ul>{problems}</ul></div>"
            )
        self.load_report.value = report
        return added

    def _add_samples(self, _button: object = None) -> None:
        names = {p["name"] for p in self.store.plan.providers}
        fresh = [p.model_dump(mode="json") for p in sample_providers() if p.name not in names]
        if len(names) + len(fresh) > MAX_PROVIDERS:
            self.load_report.value = alert_html(
                f"Your list can hold {MAX_PROVIDERS} providers; remove some to add the examples."
            )
            return
        self.store.update(providers=[*self.store.plan.providers, *fresh])
        self.load_report.value = (
            f'<p class="dn-ok" role="status">Added {len(fresh)} example providers. They are '
            "made up, to show how the comparison works.</p>"
        )

    def _remove(self, _button: object = None) -> None:
        name = self.pick.value
        if name is None:
            return
        kept = [p for p in self.store.plan.providers if p["name"] != name]
        self.store.update(providers=kept)
        self.load_report.value = f'<p role="status">Removed {esc(name)} from your list.</p>'
