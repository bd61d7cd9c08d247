"""The guide: sourced content, the decision-aid frame, the SURE check and accessible rendering."""

import copy
import datetime as dt
import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnkit import NOT_MEDICAL_ADVICE, guide
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


def _sourced_items():
    g = guide.load()
    yield from (g.about, g.decision, *g.decision.options, *g.comparison, *g.settings)
    yield from (*g.expectations, g.side_effects, *g.side_effects.minor, *g.side_effects.serious)
    yield from (*g.precautions.do_not, *g.precautions.tell_first, *g.evidence, *g.glossary)


def test_items_resting_only_on_commercial_pages_are_unconfirmed_in_plain_words():
    c_only = [x for x in _sourced_items() if only_tier_c(x.sources)]
    assert c_only, "the clinic contraindication lists at least rest only on tier C pages"
    for x in c_only:
        assert not x.confirmed and x.unconfirmed_note
    auto = [x for x in c_only if x.unconfirmed_note.startswith("This comes only from")]
    assert any("clinic's web page" in x.unconfirmed_note for x in auto)


def test_tier_a_and_b_sources_are_listed_first_in_every_item():
    rank = {"A": 0, "B": 1, "C": 2}
    for x in _sourced_items():
        tiers = [rank[c.tier] for c in x.sources]
        assert tiers == sorted(tiers)


def test_unconfirmed_items_say_so_everywhere():
    unconfirmed = [x for x in _sourced_items() if not x.confirmed]
    assert len(unconfirmed) >= 5
    html, md = guide.guide_html(), guide.guide_markdown()
    for x in unconfirmed:
        assert guide.esc(x.unconfirmed_note) in html
    assert html.count("UNCONFIRMED:") >= len(unconfirmed)
    assert md.count("**UNCONFIRMED:**") >= len(unconfirmed)


def test_last_reviewed_date_is_the_date_of_the_research_correction():
    assert guide.last_reviewed() == dt.date(2026, 12, 3)
    assert "December 3, 2026" in guide.reviewed_text()


def test_no_screen_text_shows_a_bare_address():
    html = guide.guide_html()
    texts = re.sub(r"<[^>]+>", " ", html)  # what a person reads, without the tags
    assert "http" not in texts and "www." not in texts
    titles = {guide.esc(c.title).rstrip(".") for c in guide.load().sources.values()}
    links = re.findall(r"<a href=[^>]*>(.*?)</a>", html)
    assert len(links) > 50
    assert set(links) <= titles, "every link's text is its source's title"


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
    ],
)
def test_bad_data_names_the_entry(mutate, message):
    with pytest.raises(GuideDataError, match=message):
        guide.parse(broken(mutate))


def test_parse_of_the_packaged_data_round_trips():
    assert guide.parse(RAW) == guide.load()


# ------------------------------------------------------------------------- rendering
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class Checker(HTMLParser):
    """Checks nesting, and records headings, header cells and tags seen."""

    def __init__(self):
        super().__init__()
        self.stack, self.tags, self.th, self.headings = [], [], [], []
        self._in_h = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "th":
            self.th.append(dict(attrs).get("scope"))
        if tag in ("h2", "h3", "h4", "h5"):
            self._in_h = tag
            self.headings.append([tag, ""])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == self._in_h:
            self._in_h = None

    def handle_data(self, data):
        if self._in_h:
            self.headings[-1][1] += data


def check(html):
    c = Checker()
    c.feed(html)
    c.close()
    assert c.stack == [], f"unclosed {c.stack}"
    assert "script" not in c.tags and "img" not in c.tags and "style" not in c.tags
    return c


def test_comparison_is_a_real_table_with_header_cells():
    c = check(guide.section_html("comparison"))
    rows = len(guide.comparison())
    assert c.th.count("col") == 4 and c.th.count("row") == rows
    assert "caption" in c.tags


@pytest.mark.parametrize("key", [*guide.SECTIONS, "about"])
def test_each_section_is_well_formed_with_a_heading_and_sources(key):
    html = guide.section_html(key, level=3)
    c = check(html)
    assert c.headings[0] == ["h3", guide.SECTION_TITLES[key]]
    assert '<div class="dn-sources"' in html
    assert "Date of source:" in html or "No date given." in html


def test_heading_levels_follow_the_given_level():
    c = check(guide.section_html("decision", level=2))
    assert {h for h, _ in c.headings} == {"h2", "h3", "h4"}


def test_unknown_section_is_a_clear_error():
    with pytest.raises(KeyError, match="no guide section 'costs'"):
        guide.section_html("costs")


def test_whole_guide_carries_not_advice_and_review_date():
    html = guide.guide_html()
    check(html)
    assert guide.esc(NOT_MEDICAL_ADVICE) in html
    assert "last reviewed on December 3, 2026" in html
    assert 'class="dn-funding"' in html and 'class="dn-update-policy"' in html


def test_glossary_terms_are_explained_where_they_appear():
    seen = {}
    html = guide.explain_terms("A trigger point hurts. Trigger points are common.", seen)
    assert html.count("<abbr") == 1  # first use only
    assert 'title="A tight, sore knot in a muscle.' in html
    assert list(seen) == ["trigger point"]
    plural = guide.explain_terms("Ask about copays and coinsurance.")
    assert plural.count("<abbr") == 2 and ">copays</abbr>" in plural


def test_section_lists_the_terms_it_used_in_a_details_note():
    html = guide.section_html("comparison")
    assert '<details class="dn-terms"><summary>Words in this section</summary>' in html
    assert "<dt>qi</dt>" in html


def test_terms_inside_words_are_not_marked():
    assert "<abbr" not in guide.explain_terms("The copayment and the shamrock.")


def test_text_is_escaped():
    html = guide.explain_terms('<script>alert("x")</script> & a trigger point')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<abbr") == 1


def test_markdown_has_table_sources_and_notice():
    md = guide.guide_markdown()
    assert md.startswith("# Learn about dry needling")
    assert "not medical advice" in md and "December 3, 2026" in md
    assert "| Topic | Dry needling | Acupuncture | Sources |" in md
    assert "## Sources" in md and "Date of source: 2014-08." in md
    assert "[Adverse events following trigger point dry needling" in md  # title is the link
    last = md.split("## Sources")[1].strip().splitlines()
    assert len(last) == len({c for c in guide.load().sources.values()})


def test_guide_module_imports_no_jupyter():
    code = "import sys, dnkit.guide; print(sorted({'ipywidgets','IPython'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
