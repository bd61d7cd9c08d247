"""The questions to ask a provider: complete, sourced, tied to provider fields, plain."""

import pytest
from support.readability import failures

from dnkit.providers import CSV_COLUMNS, Answer, Provider
from dnkit.questions import question, question_for_field, questions
from dnkit.regulation import all_rules
from dnkit.sources import registry

EXPECTED_ORDER = [
    "training",
    "supervised",
    "experience",
    "techniques",
    "needles",
    "side_effects",
    "assessment",
    "treatment_plan",
    "consent",
    "cost",
    "billing",
    "license",
]


def test_questions_come_in_order():
    assert [q.id for q in questions()] == EXPECTED_ORDER


@pytest.mark.parametrize("q", questions(), ids=lambda q: q.id)
def test_each_question_is_complete_and_sourced(q):
    assert q.question.endswith(("?", "."))
    assert q.why and q.good_answer
    assert q.fields and all(f in CSV_COLUMNS for f in q.fields)
    assert q.source.title and q.source.date
    assert q.source.url.startswith("https://")


@pytest.mark.parametrize(
    ("field", "qid"),
    [
        ("dn_program", "training"),
        ("dn_hours_in_person", "training"),
        ("supervised_sessions", "supervised"),
        ("years_dry_needling", "experience"),
        ("techniques", "techniques"),
        ("sterile_single_use_needles", "needles"),
        ("side_effect_plan", "side_effects"),
        ("initial_assessment", "assessment"),
        ("integrated_plan", "treatment_plan"),
        ("written_consent", "consent"),
        ("packages", "cost"),
        ("in_network", "billing"),
        ("license_verified", "license"),
    ],
)
def test_question_for_field(field, qid):
    assert question_for_field(field) == question(qid)


def test_every_yes_no_answer_has_a_question():
    answer_fields = [
        name for name, info in Provider.model_fields.items() if info.annotation is Answer
    ]
    assert len(answer_fields) == 7
    assert all(question_for_field(name) is not None for name in answer_fields)


def test_fields_without_a_question_and_typos():
    assert question_for_field("distance_miles") is None
    with pytest.raises(KeyError, match="not a provider field"):
        question_for_field("dn_hours")
    with pytest.raises(KeyError, match="ids are training"):
        question("nope")


def test_the_words_a_patient_needs_are_there():
    text = " ".join(f"{q.question} {q.why}" for q in questions()).lower()
    for word in ("hands-on", "years", "pistoning", "sterile", "bleeding", "soreness", "consent"):
        assert word in text
    for word in ("package", "bill", "license", "plan", "check"):
        assert word in text


def test_sources_come_from_the_registry_best_tier_first():
    rank = {"A": 0, "B": 1, "C": 2}
    for q in questions():
        assert q.sources and all(c.id in registry() for c in q.sources)
        assert [rank[c.tier] for c in q.sources] == sorted(rank[c.tier] for c in q.sources)
        assert q.source == q.sources[0] and q.source.tier in ("A", "B")
        assert q.confirmed and q.note == ""


def test_questions_name_no_states_rule_as_if_it_were_everyones():
    states = [r.jurisdiction_name for r in all_rules() if r.country == "US"]
    for q in questions():
        text = f"{q.question} {q.why} {q.good_answer}"
        assert not [name for name in states if name in text], q.id
        assert "27" not in text and "low end" not in text  # the corrected hours guidance
    state_sources = {c.id for r in all_rules() for c in r.sources} - {"apta-laws-by-state"}
    assert not {c.id for q in questions() for c in q.sources} & state_sources


def test_texts_read_at_grade_8_or_below():
    texts = [
        (f"{q.id}.{part}", getattr(q, part))
        for q in questions()
        for part in ("question", "why", "good_answer")
    ]
    assert failures(texts) == []
