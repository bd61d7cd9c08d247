"""The compare view without a browser: a real PlanStore, real widgets, real files."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dnkit.compare import CRITERIA, default_weights
from dnkit.figures.compare import BAR_TRACE_COUNT
from dnkit.plan import MAX_PROVIDERS, Plan
from dnkit.providers import Provider, providers_to_csv, read_providers, sample_providers
from dnkit.render.html import esc
from dnkit.store import PlanStore
from dnkit.ui.compare_view import CompareView

CORPUS = Path(__file__).parent.parent / "data" / "providers"


def store_with_samples() -> PlanStore:
    # The state must-have off, so every example is ranked (its default, on, is tested below).
    return PlanStore(Plan(jurisdiction="FL", providers=sample_providers(), must_haves={}))


@pytest.fixture
def store() -> PlanStore:
    return store_with_samples()


@pytest.fixture
def view(store: PlanStore) -> CompareView:
    return CompareView(store)


def ranked_names(view: CompareView) -> list[str]:
    return re.findall(r'<p class="dn-rank-head"><strong>\d+\. ([^<]+)</strong>', view.ranking.value)


def upload_value(name: str, data: bytes) -> tuple[dict, ...]:
    return (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        },
    )


def test_shows_the_saved_providers_ranked(view):
    assert ranked_names(view)[0] == "Example Physical Therapy (fictional)"
    assert len(ranked_names(view)) == 5
    assert "stayed first every time" in view.summary.value
    assert "dn-compare" in view.widget._dom_classes
    assert len(view.chart.widget.data) == BAR_TRACE_COUNT
    assert "No provider is left out" in view.filtered.value
    assert "<table" in view.chart_text.value and "Training (30%)" in view.chart_text.value


def test_css_classes_are_kept(view):
    classes = {
        "dn-ranking": view.ranking,
        "dn-compare-chart": view.chart_box,
        "dn-robustness": view.summary,
        "dn-filtered": view.filtered,
        "dn-upload": view.upload,
    }
    for css, widget in classes.items():
        assert css in widget._dom_classes


def test_every_control_has_a_visible_label(view):
    for control in view.controls():
        assert control.description, control
        assert control.style.description_width == "initial"
    assert view.sample.description == "Try with example providers"
    assert view.upload.accept == ".csv,.json,.xlsx,.ods" and view.upload.multiple is False


def test_moving_a_weight_slider_saves_it_and_reranks(view, store):
    before = view.ranking.value
    chart = view.chart.widget
    for key in CRITERIA:
        view.sliders[key].value = 0 if key != "cost" else view.sliders[key].value
    view.sliders["cost"].value = 100
    assert view.ranking.value != before
    assert ranked_names(view)[0] == "Example Wellness Studio (fictional)"  # the cheapest
    assert store.plan.weights["cost"] == 100
    assert store.plan.weights["training"] == 0
    assert view.chart.widget is chart and len(chart.data) == BAR_TRACE_COUNT


def test_all_weights_at_zero_is_a_clear_message(view, store):
    *first, last = view.sliders.values()
    for slider in first:
        slider.value = 0
    good = view.ranking.value
    assert view.weights_message.text == ""
    last.value = 0
    assert 'role="alert"' in view.weights_message.text
    assert "every weight is 0" in view.weights_message.text
    assert view.ranking.value == good  # the last good ranking stays
    used = {**default_weights(), **store.plan.weights}  # the weights the ranking uses
    assert any(v > 0 for v in used.values())


def test_a_malformed_upload_names_the_row_and_leaves_the_list_unchanged(view, store):
    before = store.plan.providers
    data = (CORPUS / "bad_price.csv").read_bytes()
    view.upload.value = upload_value("bad_price.csv", data)
    report = view.load_report.value
    assert "nothing was loaded" in report and "unchanged" in report
    assert "row 1" in report and "row 2" in report and "price_per_session" in report
    assert store.plan.providers == before
    assert view.upload.value == ()  # ready for the next file


def test_calling_the_handler_with_bytes_works_the_same(view, store):
    before = store.plan.providers
    assert (
        view.load_file("bad_missing_name.csv", (CORPUS / "bad_missing_name.csv").read_bytes()) == 0
    )
    assert "row 1" in view.load_report.value and "column name" in view.load_report.value
    assert store.plan.providers == before
    assert view.load_file("x.csv", b"\x00\x01binary") == 0
    assert store.plan.providers == before


def test_a_partial_file_loads_what_is_valid_and_lists_the_rest(view, store):
    data = (CORPUS / "bad_numbers.csv").read_bytes()
    expected = read_providers(data, "bad_numbers.csv")
    assert expected.providers and expected.problems
    added = view.load_file("bad_numbers.csv", data)
    assert added == len(expected.providers)
    names = [p.name for p in store.plan.providers]
    assert "Good Row (fictional)" in names and len(names) == 6
    report = view.load_report.value
    assert "Loaded 1 provider from bad_numbers.csv." in report
    for problem in expected.problems:  # nothing silently dropped
        assert f"row {problem.row}" in report
    assert "Good Row (fictional)" in ranked_names(view)
    assert "Good Row (fictional)" in view.pick.options


def test_loading_the_same_names_replaces_them(view, store):
    edited = [p.replace(distance_miles=1) for p in sample_providers()[:2]]
    assert view.load_file("mine.csv", providers_to_csv(edited).encode()) == 2
    assert len(store.plan.providers) == 5
    assert store.plan.providers[0].distance_miles == 1
    assert "2 had the same name" in view.load_report.value


def test_a_file_that_would_overfill_the_list_is_refused(view, store):
    many = [Provider(name=f"Clinic {i} (fictional)", profession="PT") for i in range(MAX_PROVIDERS)]
    before = store.plan.providers
    assert view.load_file("many.csv", providers_to_csv(many).encode()) == 0
    assert f"can hold {MAX_PROVIDERS}" in view.load_report.value
    assert store.plan.providers == before


def test_examples_remove_and_downloads():
    store = PlanStore(Plan(jurisdiction="FL", must_haves={}))
    view = CompareView(store)
    # Said once, in the summary: no ranking to list and no empty chart to draw.
    assert "Add providers to compare them." in view.summary.value
    assert view.ranking.value == "" and view.chart_box.layout.display == "none"
    assert view.remove.disabled
    assert "dnkit-providers-template.csv" in view.downloads.value
    assert "dnkit-providers.csv" not in view.downloads.value
    view.sample.click()
    assert len(store.plan.providers) == 5 and len(ranked_names(view)) == 5
    view.sample.click()  # no duplicates
    assert len(store.plan.providers) == 5
    match = re.search(r'download="dnkit-providers.csv" href="data:text/csv;charset=utf-8;base64,'
                      r'([^"]+)"', view.downloads.value)  # fmt: skip
    assert match
    back = read_providers(base64.b64decode(match.group(1)), "list.csv")
    assert [p.name for p in back.providers] == [p.name for p in sample_providers()]
    assert back.problems == []
    view.pick.value = "Demo Chiropractic (fictional)"
    view.remove.click()
    assert "Demo Chiropractic (fictional)" not in [p.name for p in store.plan.providers]
    assert "Demo Chiropractic (fictional)" not in ranked_names(view)
    assert "Removed Demo Chiropractic (fictional)" in view.load_report.value


def test_providers_saved_elsewhere_appear(view, store):
    extra = Provider(name="Saved In Step Three (fictional)", profession="PT", dn_hours_total=80,
                     dn_hours_in_person=80)  # fmt: skip
    store.update(providers=[*store.plan.providers, extra])
    assert "Saved In Step Three (fictional)" in ranked_names(view)
    store.update(weights={"training": 100})
    assert view.sliders["training"].value == 100
    assert view.sliders["cost"].value == 15  # not in the saved weights: the slider keeps its value


def test_must_haves_list_who_is_left_out_and_why(view):
    view.must_sterile.value = True
    assert "Example Wellness Studio (fictional)" in view.filtered.value
    assert "Does not use sterile single-use needles." in view.filtered.value
    assert "Not known if they use sterile single-use needles." in view.filtered.value
    assert "Example Wellness Studio (fictional)" not in ranked_names(view)
    view.max_distance.value = "5"
    assert "more than your limit of 5 miles" in view.filtered.value
    view.max_distance.value = "far"
    assert 'role="alert"' in view.filter_message.text
    assert "Longest trip, in miles" in view.filter_message.text  # under the boxes, by label
    view.max_distance.value = ""
    assert view.filter_message.text == ""


def test_permitted_needs_a_state():
    store = store_with_samples()
    store.update(jurisdiction=None)
    view = CompareView(store)
    view.must_permitted.value = True
    assert "Choose your state just above" in view.summary.value
    assert view.message.value == ""  # asked where the ranking goes, not as an error below
    store.update(jurisdiction="FL")
    assert "Choose your state" not in view.summary.value
    assert "Not confirmed as allowed in your state" in view.filtered.value


def test_setting_preference(view):
    view.sliders["setting"].value = 100
    for key, slider in view.sliders.items():
        if key != "setting":
            slider.value = 0
    view.settings["chiropractic"].value = True
    assert ranked_names(view)[0] == "Demo Chiropractic (fictional)"


def test_names_are_escaped(store):
    bad = Provider(name="<script>alert(1)</script>", profession="PT")
    store.update(providers=[*store.plan.providers, bad])
    view = CompareView(store)
    for html in (view.ranking.value, view.chart_text.value, view.summary.value):
        assert "<script>" not in html
    assert "&lt;script&gt;" in view.ranking.value
    view.load_file("<b>x</b>.csv", b"name\n")
    assert "<b>x</b>" not in view.load_report.value


def test_the_how_section_cites_sources(view):
    assert "How the scores work" in view.how.value
    assert ">Dry Needling Competencies Report Now Available</a>" in view.how.value
    assert "counts as 0" in view.how.value


def test_a_beaten_provider_gets_a_note(store):
    weak = Provider(
        name="Weaker Copy (fictional)", profession="PT", sterile_single_use_needles="yes"
    )
    store.update(providers=[*store.plan.providers, weak])
    view = CompareView(store)
    assert "<dt>Note</dt>" in view.ranking.value
    assert "is as good or better on everything you weigh" in view.ranking.value
    assert "<dt>Note</dt>" not in CompareView(store_with_samples()).ranking.value


def test_the_state_must_have_is_on_by_default_and_can_be_turned_off():
    store = PlanStore(Plan(jurisdiction="FL", providers=sample_providers()))
    view = CompareView(store)
    assert view.must_permitted.value is True
    left_out = view.filtered.value
    assert "Not confirmed as allowed in your state" in left_out
    kept = ranked_names(view)
    assert 0 < len(kept) < len(sample_providers())
    view.must_permitted.value = False  # the visible switch
    assert len(ranked_names(view)) == len(sample_providers())
    assert "permitted" not in store.plan.must_haves


def test_the_state_is_asked_in_place_and_each_card_says_cost_and_checks():
    store = PlanStore(Plan(providers=sample_providers(), must_haves={}))
    view = CompareView(store)
    assert view.state.value == ""  # no state yet: the step asks for it, right here
    assert "Not checked yet: choose your state." in view.ranking.value
    view.state.value = "CA"
    assert store.plan.jurisdiction == "CA"
    assert "dry needling is outside the license of a physical therapist" in view.ranking.value
    assert "for 6 sessions" in view.ranking.value  # each provider's total for the sessions


def test_with_no_state_the_comparison_waits_for_it_and_lists_who_will_be_ranked():
    """'Allowed in my state' is on by default: without a state, the step asks for it where
    the ranking would be, lists the providers waiting, and says nothing stale or twice."""
    store = PlanStore(Plan())
    view = CompareView(store)
    assert "Choose your state just above" in view.summary.value
    assert view.chart_box.layout.display == "none"
    assert view.message.value == ""  # not an error: a question
    view.sample.click()
    assert "Choose your state just above" in view.summary.value
    assert "Add providers" not in view.summary.value + view.ranking.value
    for p in store.plan.providers:
        assert esc(p.name) in view.ranking.value
    store.update(jurisdiction="FL")
    assert ranked_names(view)  # at least the one licensed in Florida
    assert len(ranked_names(view)) + view.filtered.value.count("<li>") == 5
    assert view.chart_box.layout.display is None
    assert "Choose your state" not in view.summary.value
