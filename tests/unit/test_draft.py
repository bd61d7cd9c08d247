"""The browser draft, Python side: saved on every change, offered back, restored only if valid."""

import json
import re
from importlib.resources import files

import pytest
import traitlets
from support.readability import failures

from dnkit.plan import Plan, plan_to_json
from dnkit.providers import sample_providers
from dnkit.store import PlanStore
from dnkit.ui.draft import (
    CONNECTION_LOST_KEPT,
    CONNECTION_LOST_NOT_KEPT,
    OFFER,
    RELOAD_LABEL,
    STORAGE_KEY,
    SWITCH_LABEL,
    DraftKeeper,
    DraftStorage,
)


def filled_store() -> PlanStore:
    store = PlanStore()
    store.update(
        jurisdiction="CO", providers=[sample_providers()[0].model_dump(mode="json")], concern="neck"
    )
    return store


def sent_messages(widget: DraftStorage) -> list:
    sent = []
    widget.send = lambda content, buffers=None: sent.append(content)  # no frontend here
    return sent


def content(plan: Plan) -> dict:
    return plan.model_dump(mode="json", exclude={"saved_at"})


def test_every_change_is_saved_as_plan_json():
    store = PlanStore()
    keeper = DraftKeeper(store)
    assert keeper.storage.saved == ""  # nothing typed yet: an old draft is not overwritten
    store.update(jurisdiction="FL")
    assert json.loads(keeper.storage.saved)["jurisdiction"] == "FL"
    store.update(concern="knee")
    saved = json.loads(keeper.storage.saved)
    assert saved["concern"] == "knee" and saved["jurisdiction"] == "FL"


def test_the_widget_has_the_labelled_switch_and_the_clear_button():
    keeper = DraftKeeper(PlanStore())
    assert keeper.switch.description == SWITCH_LABEL and keeper.switch.value is True
    assert keeper.clear_button.description == "Clear my draft"
    assert keeper.storage in keeper.top.children
    assert keeper.top in keeper.widget.children and keeper.controls in keeper.widget.children
    assert STORAGE_KEY in str(DraftStorage._esm)
    assert not keeper.offered


def test_a_found_draft_is_offered_and_restored_exactly():
    old = filled_store().plan
    store = PlanStore()
    keeper = DraftKeeper(store)
    keeper.storage.found = plan_to_json(old)  # what the browser reports on page open
    assert keeper.offered
    assert OFFER in keeper.offer_text.value
    keeper.restore_button.click()
    assert content(store.plan) == content(old)
    assert not keeper.offered
    assert "Restored" in keeper.message.value


def test_start_fresh_drops_the_old_draft_and_keeps_the_plan():
    store = PlanStore()
    keeper = DraftKeeper(store)
    sent = sent_messages(keeper.storage)
    keeper.storage.found = plan_to_json(filled_store().plan)
    keeper.fresh_button.click()
    assert not keeper.offered
    assert sent == [{"type": "clear"}]
    assert content(store.plan) == content(Plan())


def test_nothing_is_offered_when_the_draft_is_empty_or_already_on_the_page():
    store = filled_store()
    keeper = DraftKeeper(store)
    keeper.storage.found = plan_to_json(store.plan)
    assert not keeper.offered
    keeper.storage.found = plan_to_json(Plan())
    assert not keeper.offered
    keeper.storage.found = "   "
    assert not keeper.offered


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ('{"schema_version": 1, "jurisdiction": "C', "not valid JSON"),
        ('{"schema_version": 99}', "newer dnkit"),
        ('{"jurisdiction": "Atlantis"}', "jurisdiction"),
        ('{"costs": {"sessions": 1e308}}', "costs.sessions"),
        ("[" * 100_000, "nested too deeply"),
        ('{"concern": "' + "x" * 6_000_000 + '"}', "at most 5,000,000 bytes"),
        ("<img src=x onerror=alert(1)>", "not valid JSON"),
    ],
)
def test_a_bad_or_tampered_draft_shows_a_message_and_changes_nothing(draft, fragment):
    store = filled_store()
    before = content(store.plan)
    keeper = DraftKeeper(store)
    keeper.storage.found = draft
    assert keeper.offered
    keeper.restore_button.click()
    assert content(store.plan) == before
    assert "Could not restore" in keeper.message.value and "Nothing was changed" in (
        keeper.message.value
    )
    assert fragment in keeper.message.value
    assert "<img" not in keeper.message.value  # the message escapes what it quotes
    assert keeper.restore_button.disabled


def test_restore_clicked_without_a_draft_changes_nothing():
    store = filled_store()
    before = content(store.plan)
    keeper = DraftKeeper(store)
    keeper.restore_button.click()  # a crafted click on a hidden button
    assert content(store.plan) == before
    assert "no draft" in keeper.message.value


def test_switching_off_stops_saving_and_hides_the_offer():
    store = PlanStore()
    keeper = DraftKeeper(store)
    keeper.storage.found = plan_to_json(filled_store().plan)
    keeper.switch.value = False
    assert keeper.storage.enabled is False  # the browser deletes the draft on this change
    assert not keeper.offered
    store.update(jurisdiction="TX")
    assert "TX" not in keeper.storage.saved
    keeper.restore_button.click()
    assert store.plan.jurisdiction == "TX"
    keeper.switch.value = True
    assert json.loads(keeper.storage.saved)["jurisdiction"] == "TX"


def test_browser_remembering_off_sets_the_switch():
    keeper = DraftKeeper(PlanStore())
    keeper.storage.enabled = False  # what the browser reports when the visitor turned it off
    assert keeper.switch.value is False


def test_clear_sends_the_clear_message():
    keeper = DraftKeeper(filled_store())
    sent = sent_messages(keeper.storage)
    keeper.clear_button.click()
    assert sent == [{"type": "clear"}]
    assert "removed" in keeper.message.value


def test_wrong_typed_traits_are_refused_by_the_widget():
    store = filled_store()
    before = content(store.plan)
    keeper = DraftKeeper(store)
    for name, value in (("found", 42), ("enabled", "yes please"), ("saved", ["x"])):
        with pytest.raises(traitlets.TraitError):
            setattr(keeper.storage, name, value)
    assert content(store.plan) == before


def test_a_browser_problem_is_shown_escaped():
    keeper = DraftKeeper(PlanStore())
    keeper.storage.problem = "<b>no room</b>"
    assert "&lt;b&gt;no room" in keeper.message.value
    keeper.storage.problem = ""
    assert keeper.message.value == ""


# -- the connection-lost banner (issue 17, point 6): words from Python, shown by the browser side

LOST_TRAITS = {
    "lost_kept": CONNECTION_LOST_KEPT,
    "lost_not_kept": CONNECTION_LOST_NOT_KEPT,
    "reload_label": RELOAD_LABEL,
}


def esm() -> str:
    return (files("dnkit") / "ui" / "_draft.js").read_text("utf-8")


def test_the_banner_words_go_to_the_browser_with_the_widget():
    storage = DraftKeeper(filled_store()).storage
    state = storage.get_state()
    for name, words in LOST_TRAITS.items():
        assert storage.trait_metadata(name, "sync") is True
        assert state[name] == words  # sent when the page opens, before any kernel is lost


def test_the_words_say_what_happened_and_only_the_kept_text_promises_a_draft():
    assert CONNECTION_LOST_KEPT == (
        "Connection lost. Your answers are kept in this browser: reload to go on."
    )
    for text in (CONNECTION_LOST_KEPT, CONNECTION_LOST_NOT_KEPT):
        assert text.startswith("Connection lost.") and "reload" in text.lower()
    # Said when the draft is off, blocked or failed: no promise, and the truth about the answers.
    assert "kept in this browser" not in CONNECTION_LOST_NOT_KEPT
    assert "not keeping your answers" in CONNECTION_LOST_NOT_KEPT
    assert "enter them again" in CONNECTION_LOST_NOT_KEPT
    assert RELOAD_LABEL == "Reload"


def test_the_banner_words_read_at_grade_8_or_below():
    texts = [("draft.connection_lost_kept", CONNECTION_LOST_KEPT)]
    texts.append(("draft.connection_lost_not_kept", CONNECTION_LOST_NOT_KEPT))
    assert failures(texts) == []


def test_the_browser_side_shows_the_python_words_as_text_and_picks_them_by_the_draft():
    js = esm()
    for name in LOST_TRAITS:
        assert f'm.get("{name}")' in js  # read from the trait, not written again in JavaScript
    for words in (CONNECTION_LOST_KEPT, CONNECTION_LOST_NOT_KEPT, "Connection lost"):
        assert words not in js
    assert 'state.keeping() ? m.get("lost_kept") : m.get("lost_not_kept")' in js
    assert "innerHTML" not in js  # the words are widget state: shown as text only
    assert 'setAttribute("role", "alert")' in js


def test_the_stylesheet_knows_the_classes_the_browser_side_sets():
    css = (files("dnkit") / "render" / "style.css").read_text("utf-8")
    constants = dict(re.findall(r'^const (\w+) = "([\w-]+)";', esm(), re.M))
    watched, banner = constants["WATCHED"], "dn-connection-banner"
    assert f'className = "{banner}"' in esm()
    # The broken-link icons are hidden only where the banner is there to say what happened.
    hide = re.search(rf"body\.{watched} \.{constants['DISCONNECTED']}::before \{{([^}}]*)\}}", css)
    assert hide and "display: none" in hide.group(1) and "content: none" in hide.group(1)
    rule = re.search(rf"\.{banner} \{{([^}}]*)\}}", css).group(1)
    assert "position: fixed" in rule and "top: 0" in rule and "font: 16px" in rule
    reload = re.search(r"\.dn-connection-reload \{([^}]*)\}", css).group(1)
    assert "min-width: 44px" in reload and "min-height: 44px" in reload
    assert f"body.{constants['LOST']} {{ padding-top: var({constants['HEIGHT_VAR']}" in css
