"""Plain language is tested: each guide text reads at US grade 8 or below on two formulas."""

import tomllib
from importlib.resources import files

import pytest
from support.readability import (
    MAX_GRADE,
    build_nltk_cmudict,
    failures,
    grade,
    hard_words,
    is_label,
    problem,
)

from dnkit import guide

EASY = (
    "Dry needling uses thin needles. They go into tight spots in a muscle. The muscle may twitch."
)
HARD = (
    "Interdisciplinary administration of intramuscular neuromodulatory interventions necessitates "
    "comprehensive competency verification. Practitioners demonstrate proficiency through "
    "standardized examinations. Regulatory authorities subsequently authorize independent practice."
)


def test_every_guide_text_reads_at_grade_8_or_below():
    texts = list(guide.user_texts())
    explained = [t.term for t in guide.glossary()]
    bad = failures(texts, explained)
    assert bad == [], "texts above grade 8:\n" + "\n".join(bad)


def test_the_check_covers_glossary_definitions_and_frame_texts():
    where = [w for w, _ in guide.user_texts()]
    definitions = [w for w in where if w.startswith("glossary[") and w.endswith(".definition")]
    assert len(definitions) == len(guide.glossary())
    notes = [w for w in where if w.endswith(".unconfirmed_note")]
    assert len(notes) >= 5  # the UNCONFIRMED notes are read too, so they are checked too
    needed = ("about.funding", "about.update_policy", "decision.statement", "sure.sure.text")
    for name in (*needed, "guide.texts.terms_in_section", "guide.texts.how_sure"):
        assert name in where
    assert len(where) > 150


def test_an_easy_passage_passes_on_fk_and_smog():
    g = grade(EASY)
    assert g.second_name == "SMOG" and g.sentences == 3
    assert g.passes() and g.flesch_kincaid <= MAX_GRADE


def test_a_hard_passage_fails_and_is_named():
    g = grade(HARD)
    assert not g.passes()
    assert g.flesch_kincaid > 12 and g.second > 12
    lines = failures([("about.aim", HARD), ("about.funding", EASY)])
    assert len(lines) == 1 and lines[0].startswith("about.aim: Flesch-Kincaid")


def test_short_texts_use_coleman_liau_not_smog():
    # textstat gives SMOG 0 below three sentences, which would pass anything.
    one = "Acupuncture comes from traditional Chinese medicine."
    g = grade(one)
    assert g.second_name == "Coleman-Liau"
    assert not g.passes()
    assert problem(one) is not None


def test_labels_are_checked_for_unexplained_hard_words():
    assert is_label("Chiropractors' offices") and not is_label(EASY)
    assert problem("Chiropractors' offices") is not None
    assert problem("Chiropractors' offices", explained=["chiropractor"]) is None
    assert hard_words("Bruising") == []
    assert problem("Interdisciplinary administration") is not None


def test_the_offline_dictionary_is_in_nltk_format(tmp_path):
    path = build_nltk_cmudict(tmp_path)
    assert path == tmp_path / "corpora" / "cmudict" / "cmudict"
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) > 100_000
    natural = [ln for ln in lines if ln.startswith("NATURAL ")]
    assert natural[0].split()[:2] == ["NATURAL", "1"]
    assert any(ln.startswith("A 2 ") for ln in lines)  # "a(2)" became variant 2
    assert build_nltk_cmudict(tmp_path) == path  # built once, then reused


@pytest.mark.parametrize("section", ["glossary", "expectations"])
def test_raw_data_texts_match_what_is_checked(section):
    raw = tomllib.loads((files("dnkit") / "data" / "guide.toml").read_text("utf-8"))
    checked = {t for _, t in guide.user_texts()}
    field = "definition" if section == "glossary" else "text"
    for entry in raw[section]:
        assert entry[field].strip() in checked
