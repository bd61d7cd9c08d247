"""The first screen's answer (issue 17.1), for every kind of rule the data holds: the rule in
words with a mark that is not colour alone, what it means for the person (a silent law is not
permission; a law waiting for its rules is not yet permission), and the three questions to ask
first where booking may go ahead."""

from __future__ import annotations

import csv
import re
from importlib.resources import files

import pytest

from dnkit.store import PlanStore
from dnkit.ui.start import ANSWER_WORDS, ASK_FIRST, StartView, answer_html


def _rows() -> list[dict[str, str]]:
    text = (files("dnkit") / "data" / "state_rules.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _one_per_status() -> list[tuple[str, str, str]]:
    seen: dict[str, tuple[str, str, str]] = {}
    for row in _rows():
        seen.setdefault(row["status"], (row["status"], row["jurisdiction"], row["profession"]))
    return sorted(seen.values())


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").strip()


def test_the_data_holds_every_kind_of_answer():
    assert {status for status, _, _ in _one_per_status()} == set(ANSWER_WORDS)


@pytest.mark.parametrize(("status", "code", "profession"), _one_per_status())
def test_each_kind_of_rule_gets_its_own_answer(status, code, profession):
    html = answer_html(code, profession)
    text = words(html)
    look, symbol, _ = ANSWER_WORDS[status]
    assert f"dn-answer-{look}" in html and symbol in text  # a mark, not colour alone
    asks = "Ask them first" in text
    if status in ("prohibited", "pending"):
        assert not asks  # no questions that would lead to booking
        assert "may not" in text or "outside" in text
    else:
        assert asks and "Training the state asks for" in text
        assert html.count("<li>") == len(ASK_FIRST)
    if status == "not_addressed":
        assert "not permission" in text and "state board" in text
    if status == "pending":
        assert "not ready" in text
    if status == "unknown":
        assert "no rule" in text.lower() and "state board" in text


def test_the_answer_follows_the_plan_in_place():
    store = PlanStore()
    view = StartView(store)
    assert "Choose your state" in view.answer.value
    store.update(jurisdiction="CT")
    assert "Not clear in Connecticut" in words(view.answer.value)
    store.update(jurisdiction="OR")
    assert "Not yet in Oregon" in words(view.answer.value)
    store.update(jurisdiction="CO")
    assert "Yes: a physical therapist may dry needle in Colorado." in words(view.answer.value)
    view.close()
