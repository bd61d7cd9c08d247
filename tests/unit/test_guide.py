"""The guide's content: sources, the summary, the decision-aid frame, the SURE check, data checks.

How it is drawn (HTML, Markdown) is tested in test_render_guide.py."""

import copy
import datetime as dt
import re
import subprocess
import sys
import tomllib
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.guide_items import part_items, sourced_items
from support.readability import failures, grade

from dnkit import guide
from dnkit.guide import SURE_KEYS, GuideDataError, GuideInputError
from dnkit.sources import only_tier_c, registry

RAW = tomllib.loads((files("dnkit") / "data" / "guide.toml").read_text("utf-8"))


def all_items(raw):
    """Every table in the data that names sources, with a path for messages."""
    out = []

    def walk(node, path):
        if isinstance(node, dict):
            if "sources" in node and isinstance(node["sources"], list):
                out.append((path, node))
            for k, v in node.items():
                if k != "sources" or not isinstance(v, dict):
                    walk(v, f"{path}.{k}" if path else k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk({k: v for k, v in raw.items() if k != "sources"}, "")
    return out


# ------------------------------------------------------------------------- sources and dates
def test_every_item_names_sources_from_the_registry():
    items = all_items(RAW)
    assert len(items) > 60
    assert "sources" not in RAW, "sources live in data/sources.csv, not in the guide"
    for path, item in items:
        assert item["sources"], f"{path}: no source"
        for key in item["sources"]:
            assert key in registry(), f"{path}: unknown source {key}"


def test_every_cited_source_has_a_title_publisher_and_address():
    for c in guide.load().sources.values():
        assert c.title.strip() and c.publisher.strip(), c.id
        assert c.url.startswith(("http://", "https://")), c.id


def test_the_guide_lists_exactly_the_sources_it_cites():
    used = {k for _, item in all_items(RAW) for k in item["sources"]}
    assert set(guide.load().sources) == used


def test_items_resting_only_on_commercial_pages_are_unconfirmed_in_plain_words():
    c_only = [x for x in sourced_items() if only_tier_c(x.sources)]
    assert c_only, "the clinic contraindication lists at least rest only on tier C pages"
    for x in c_only:
        assert not x.confirmed and x.unconfirmed_note
    auto = [x for x in c_only if x.unconfirmed_note.startswith("This comes only from")]
    assert any("clinic's web page" in x.unconfirmed_note for x in auto)


def test_tier_a_and_b_sources_are_listed_first_in_every_item():
    rank = {"A": 0, "B": 1, "C": 2}
    for x in sourced_items():
        tiers = [rank[c.tier] for c in x.sources]
        assert tiers == sorted(tiers)


def test_last_reviewed_date_is_the_date_of_the_research_correction():
    assert guide.last_reviewed() == dt.date(2026, 12, 3)
    assert "December 3, 2026" in guide.reviewed_text()


# ------------------------------------------------------------------------- content coverage
def test_comparison_covers_every_aspect_the_issue_asks_for():
    aspects = [r.aspect.lower() for r in guide.comparison()]
    for word in ("idea", "aim", "needles", "who", "training", "rules", "visit", "evidence", "bill"):
        assert any(word in a for a in aspects), word
    for r in guide.comparison():
        assert r.dry_needling != r.acupuncture


def test_settings_are_the_four_named_places():
    names = " ".join(s.name.lower() for s in guide.settings())
    for place in ("physical therapy", "sports medicine", "pain management", "chiropractor"):
        assert place in names
    assert all(s.why and s.who for s in guide.settings())


def test_expectations_cover_first_visit_needling_twitch_and_soreness():
    text = " ".join(f"{e.step} {e.text}".lower() for e in guide.expectations())
    for word in ("first visit", "needling", "twitch", "sore", "consent"):
        assert word in text


def test_side_effect_rates_match_the_research():
    se = guide.side_effects()
    # Brady 2014: 19.18% of treatments; Boyce 2020: 36.7%; serious < 0.1%.
    assert "19%" in se.rate_summary and "37%" in se.rate_summary
    assert "1 in 5 to 1 in 3" in se.rate_summary
    assert "1 in 1,000" in se.rate_summary
    names = " ".join(x.name.lower() for x in se.serious)
    assert "pneumothorax" in names
    lung = next(x for x in se.serious if "pneumothorax" in x.name.lower())
    # a documented serious harm (case reports); only its rate is unknown
    assert lung.confirmed is True
    assert "known, serious harm" in lung.text and "No study has measured how often" in lung.text
    assert {"mintken2025", "patel2019", "brady2014", "boyce2020"} <= {c.id for c in lung.sources}


def test_works_best_claims_are_softened_to_what_the_reviews_say():
    texts = " ".join(t for _, t in guide.user_texts()).lower()
    assert "works best" not in texts
    added = next(x for x in guide.evidence() if x.topic == "Added to other care")
    assert "a bit more in the short term" in added.finding and "lasts" in added.finding
    assert {c.id for c in added.sources} == {"fernandez2021", "yang2024"}


def test_training_hours_give_the_range_boards_set_not_a_low_end_of_27():
    row = next(r for r in guide.comparison() if r.aspect == "Training hours")
    assert "24 to 325" in row.dry_needling and "40 to 54" in row.dry_needling
    assert "27" not in row.dry_needling


def test_precautions_have_both_lists():
    pr = guide.precautions()
    assert len(pr.do_not) >= 2 and len(pr.tell_first) >= 4
    assert any("blood thinner" in p.text for p in pr.tell_first)
    assert any("pregnant" in p.text for p in pr.tell_first)


def test_evidence_says_how_sure_each_finding_is():
    for x in guide.evidence():
        assert x.certainty and x.sources
    topics = " ".join(x.topic.lower() for x in guide.evidence())
    assert "short term" in topics and "long term" in topics


REQUIRED_TERMS = (
    "trigger point",
    "twitch response",
    "filiform needle",
    "pistoning",
    "deductible",
    "copay",
    "coinsurance",
    "out-of-pocket maximum",
    "CPT code",
    "in network",
    "Medicare Part B",
    "Good Faith Estimate",
    "sterile single-use needle",
    "informed consent",
    "scope of practice",
    "continuing education hours",
)


def test_glossary_has_every_required_term():
    terms = {t.term.lower() for t in guide.glossary()}
    missing = [t for t in REQUIRED_TERMS if t.lower() not in terms]
    assert missing == []


# ------------------------------------------------------------------------- decision frame
def test_decision_frame_meets_the_ipdas_qualifying_items():
    d = guide.decision_frame()
    assert d.statement.startswith("The choice:") and "?" in d.statement  # states the decision
    assert "trigger points" in d.condition  # describes the condition
    keys = [o.key for o in d.options]
    assert "dry_needling" in keys and "other_care" in keys and "wait" in keys
    for o in d.options:  # positive and negative features, what it is like
        assert o.benefits and o.harms and o.what_it_is_like


def test_benefits_and_harms_in_equal_detail():
    opts = guide.decision_frame().options
    counts = {(len(o.benefits), len(o.harms)) for o in opts}
    assert len(counts) == 1 and all(b == h for b, h in counts)


def test_values_step_and_certifying_items():
    d, a = guide.decision_frame(), guide.about()
    assert len(d.values) >= 4 and all(v.prompt.endswith("?") for v in d.values)
    assert "No one funds dnkit and no one profits from it." in a.funding
    assert "once a year" in a.update_policy
    assert "UNCONFIRMED" in a.uncertainty


# ------------------------------------------------------------------------- SURE check
def test_sure_has_four_yes_no_questions():
    qs = guide.sure_questions()
    assert tuple(q.key for q in qs) == SURE_KEYS
    assert all(q.text.endswith("?") and q.if_no for q in qs)


def test_all_yes_is_low_conflict():
    score, message = guide.score_sure(dict.fromkeys(SURE_KEYS, True))
    assert score == 4
    assert message.startswith("Your score: 4 out of 4.") and "ready" in message


def test_any_no_suggests_talking_it_through():
    answers = {**dict.fromkeys(SURE_KEYS, "yes"), "support": "No"}
    score, message = guide.score_sure(answers)
    assert score == 3 and "talk it through" in message
    result = guide.sure_result(answers)
    assert result.work_on == (guide.sure_questions()[3].if_no,)


@given(st.tuples(*(st.booleans() for _ in SURE_KEYS)))
def test_score_counts_yes_answers(values):
    answers = dict(zip(SURE_KEYS, values, strict=True))
    score, message = guide.score_sure(answers)
    assert score == sum(values)
    assert ("ready" in message) == (score == 4)
    assert len(guide.sure_result(answers).work_on) == 4 - score


def test_partial_answers_give_no_verdict():
    result = guide.sure_result({"sure": True, "informed": None})
    assert not result.complete and result.score == 1
    assert "all four" in result.message
    with pytest.raises(GuideInputError) as err:
        guide.score_sure({"sure": True})
    assert err.value.field == "sure.informed"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"sure": "maybe"}, "sure.sure"),
        ({"informed": 1}, "sure.informed"),
        ({"happy": True}, "sure.happy"),
    ],
)
def test_bad_answers_name_the_question(answers, field):
    with pytest.raises(GuideInputError) as err:
        guide.sure_result(answers)
    assert err.value.field == field
    assert field in str(err.value)


def test_answers_must_be_a_mapping():
    with pytest.raises(GuideInputError, match="mapping"):
        guide.sure_result([True, True, True, True])  # type: ignore[arg-type]


# ------------------------------------------------------------------------- data errors
def broken(mutate):
    raw = copy.deepcopy(RAW)
    mutate(raw)
    return raw


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["comparison"]["rows"][0].update(sources=[]), r"comparison\.rows\[0\]"),
        (lambda r: r["glossary"][2].update(sources=["nope"]), r"glossary\[2\].*'nope'"),
        (lambda r: r["expectations"][1].pop("text"), r"expectations\[1\]\.text"),
        (lambda r: r["settings"]["items"][0].update(confirmed=False), "unconfirmed_note"),
        (lambda r: r.update(last_reviewed="soon"), "last_reviewed"),
        (lambda r: r["sure"]["questions"].pop(), "sure.questions"),
        (lambda r: r["glossary"][0].update(sources=["clevelnd"]), r"glossary\[0\].*cleveland"),
        (lambda r: r["glossary"][1].update(confirmed=True), r"glossary\[1\].*tier C"),
        (lambda r: r["glossary"].append(dict(r["glossary"][0])), "appears twice"),
        (lambda r: r["summary"]["points"][0].update(part="costs"), r"summary\.points\[0\]\.part"),
        (lambda r: r["summary"]["points"][1].update(part="decision"), "has a point already"),
        (lambda r: r["summary"]["points"].reverse(), "order of the parts"),
        (lambda r: r["summary"]["points"][2].pop("sources"), r"summary\.points\[2\]\.sources"),
        (lambda r: r["summary"].pop("intro"), r"summary\.intro"),
    ],
)
def test_bad_data_names_the_entry(mutate, message):
    with pytest.raises(GuideDataError, match=message):
        guide.parse(broken(mutate))


# ------------------------------------------------------------------------- the summary
def _part_words(key):
    """Every text a person reads in a part, from the same list the reading-grade test reads."""
    prefix = {"safety": ("side_effects", "precautions"), "expectations": ("expectations[",)}
    starts = prefix.get(key, (key,))
    return " ".join(t for w, t in guide.user_texts() if w.startswith(starts))


def test_the_summary_covers_what_issue_17_asks_for():
    points = {p.part: p for p in guide.summary().points}
    # the decision, the difference from acupuncture, where it is offered, the risks, the research
    assert {"decision", "comparison", "settings", "safety", "evidence"} <= set(points)
    assert "acupuncture" in points["comparison"].text.lower()
    assert "1 in 5 to 1 in 3" in points["safety"].text  # the main risks with their rates
    assert "1 in 1,000" in points["safety"].text and "lung" in points["safety"].text
    assert "12 weeks" in points["evidence"].text
    assert [p.part for p in guide.summary().points] == [k for k in guide.PARTS if k in points], (
        "in the order of the parts"
    )


@pytest.mark.parametrize("point", guide.summary().points, ids=lambda p: p.part)
def test_a_summary_point_invents_no_figure(point):
    """Each number a point gives is one its part gives (the part's own words)."""
    words = _part_words(point.part)
    numbers = re.findall(r"\d[\d,]*(?: in \d[\d,]*)?", point.text)
    for n in numbers:
        assert n in words, f"{point.part}: {n!r} is not in the part"


@pytest.mark.parametrize("point", guide.summary().points, ids=lambda p: p.part)
def test_a_summary_point_cites_what_its_part_cites_and_keeps_unconfirmed(point):
    items = part_items(point.part)
    for c in point.sources:
        backing = [x for x in items if c in x.sources]
        assert backing, f"{point.part}: {c.id} is not cited in the part"
        if all(not x.confirmed for x in backing):
            assert not point.confirmed, f"{point.part}: {c.id} backs only UNCONFIRMED facts"


def test_the_summary_reads_at_grade_8_or_below_on_both_formulas():
    texts = [(w, t) for w, t in guide.user_texts() if w.startswith("summary.")]
    assert len(texts) == len(guide.summary().points) + 1  # the intro and every point
    assert failures(texts) == []
    for _, text in texts[1:]:  # running text, graded by formula, not passed as a label
        g = grade(text)
        assert g.sentences >= 2 and g.passes(), g.describe()


def test_a_point_resting_on_unconfirmed_facts_must_say_so():
    raw = broken(lambda r: r["summary"]["points"][0].update(sources=["physilife"]))
    with pytest.raises(GuideDataError, match=r"summary\.points\[0\]\.confirmed.*tier C"):
        guide.parse(raw)


def test_parse_of_the_packaged_data_round_trips():
    assert guide.parse(RAW) == guide.load()


def test_guide_module_imports_no_jupyter():
    code = "import sys, dnkit.guide; print(sorted({'ipywidgets','IPython'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
