"""The packaged rules file against the corrected research, field by field, so they cannot drift.

``tests/data/research/state_rules.csv`` is the project's research (copied unchanged; see
docs/content.md). Every US state and DC has a physical therapist row in dnkit whose status,
numbers, consent rule, source date, UNCONFIRMED marks and sources follow that file; other
professions follow what its text says about them; US territories say that nothing was found.
"""

import csv
import re
from importlib.resources import files

import pytest
from support.readability import MAX_GRADE, ensure_cmudict, failures
from support.research import research_rules, research_sources

from dnkit.regulation import (
    CONFIRMABLE_FIELDS,
    CSV_COLUMNS,
    NUMERIC_FIELDS,
    STATUSES,
    UNCONFIRMED_PREFIX,
    all_rules,
    rule_for,
)
from dnkit.sources import only_tier_c, registry

RESEARCH = research_rules()
TERRITORIES = {
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}


def _rows() -> list[dict[str, str]]:
    text = (files("dnkit") / "data" / "state_rules.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


ROWS = _rows()
PT_US = {r["jurisdiction"]: r for r in ROWS if r["profession"] == "PT" and r["country"] == "US"}


def _where(row: dict[str, str]) -> str:
    return f"{row['jurisdiction']}/{row['profession']}"


def _ids(row: dict[str, str]) -> list[str]:
    return [i.strip() for i in row["source_ids"].split("|") if i.strip()]


def _unconfirmed(row: dict[str, str]) -> set[str]:
    return {n.strip() for n in row["unconfirmed"].split(";") if n.strip()}


# ------------------------------------------------------------------ the research's rules, mapped
def research_status(text: str) -> str:
    """The research's words for PTs ('Allowed (since 18 Apr 2022)') as dnkit's status code."""
    for start, status in (
        ("Allowed", "allowed"),
        ("Prohibited", "prohibited"),
        ("Unclear (law silent)", "not_addressed"),
        ("Not yet permitted", "pending"),
    ):
        if text.startswith(start):
            return status
    raise AssertionError(f"research status {text!r} has no dnkit status")


def research_consent(row: dict[str, str]) -> str:
    """'written', 'required' or '' from the research's description of the PT rule.

    A board that only 'encourages' consent (North Carolina) does not require it.
    """
    text = row["other_requirements"].lower()
    if "encourages" in text:
        return ""
    written = ("written informed consent", "signed informed consent", "consent with patient sig")
    if any(w in text for w in written):
        return "written"
    return "required" if re.search(r"informed consent|patient consent", text) else ""


def research_unconfirmed(row: dict[str, str]) -> set[str]:
    """dnkit's field names for what the research marks UNCONFIRMED about the PT rule.

    The research names unconfirmed things in words: 'hours' means the hour figures (total, and
    in person where a figure is given); '2-year prerequisite' and 'rule details' cover the years
    of practice; 'consent & other rule details' and 'rule details' cover the consent rule where
    the research gives one ('rest of consent list' is about what the form covers, not whether
    it is required).
    """
    words = row["unconfirmed_fields"].lower()
    hours_unsure = re.search(r"\bhours\b", words) or row["min_hours_detail"].startswith(
        "UNCONFIRMED"
    )
    out = set()
    if hours_unsure:
        out.add("min_hours_total")
        for field in ("min_in_person_hours", "supervised_sessions"):
            if row[field]:
                out.add({"min_in_person_hours": "min_hours_in_person"}.get(field, field))
    if re.search(r"2-year|rule details", words):
        out.add("years_practice_before")
    if research_consent(row) and re.search(r"consent &|rule details", words):
        out.add("consent")
    return out


NUMBERS = {
    "min_hours_total": "min_hours_total",
    "min_hours_in_person": "min_in_person_hours",
    "supervised_sessions": "supervised_sessions",
    "years_practice_before": "years_practice_before",
}


def test_header_is_the_documented_columns():
    text = (files("dnkit") / "data" / "state_rules.csv").read_text(encoding="utf-8")
    assert tuple(text.splitlines()[0].split(",")) == CSV_COLUMNS


def test_the_research_snapshot_has_every_state_and_dc():
    assert len(RESEARCH) == 51


def test_every_research_state_has_one_pt_row_and_nothing_else_is_a_state():
    assert set(PT_US) - set(TERRITORIES) == set(RESEARCH)


@pytest.mark.parametrize("code", sorted(RESEARCH))
def test_pt_rule_matches_the_research_field_by_field(code):
    research, row = RESEARCH[code], PT_US[code]
    assert row["jurisdiction_name"] == research["state"]
    assert row["status"] == research_status(research["pt_allowed"])
    for ours, theirs in NUMBERS.items():
        assert row[ours] == research[theirs], f"{code} {ours}"
    assert row["consent"] == research_consent(research)
    assert row["source_date"] == research["source_date"]
    assert _unconfirmed(row) == research_unconfirmed(research)
    research_urls = {u.strip() for u in research["source_url"].split("|")}
    cited = {registry()[i].url for i in _ids(row)}
    assert cited <= research_urls, f"{code} cites sources the research does not give"
    assert cited, f"{code} cites no source"


def _research_urls_for(code: str) -> set[str]:
    """Addresses the research gives for a state: its row, and sources used for that state."""
    urls = {u.strip() for u in RESEARCH[code]["source_url"].split("|")}
    mentions = re.compile(rf"\b{code}\b")
    return urls | {s["url"] for s in research_sources() if mentions.search(s["used_for"])}


def test_every_other_us_row_cites_its_states_research_sources():
    bad = []
    for row in ROWS:
        code = row["jurisdiction"]
        if code not in RESEARCH or row["profession"] == "PT":
            continue
        outside = {registry()[i].url for i in _ids(row)} - _research_urls_for(code)
        if outside:
            bad.append(f"{_where(row)}: {sorted(outside)}")
    assert bad == []


PROFESSION_WORDS = {
    "DC": r"chiropract|\bDCs?\b",
    "OT": r"\bOTs?\b",
    "ATC": r"athletic trainer|\bATs?\b",
    "PTA": r"\bPTAs?\b|assistant|delegable",
    "MD": r"\bMDs?\b|physician",
    "DO": r"\bDOs\b",
    "LAc": r"acupuncturist",
}


def test_other_professions_only_where_the_research_speaks_of_them():
    bad = []
    for row in ROWS:
        code, prof = row["jurisdiction"], row["profession"]
        if code not in RESEARCH or prof == "PT":
            continue
        text = RESEARCH[code]["other_professions"] + " " + RESEARCH[code]["other_requirements"]
        if not re.search(PROFESSION_WORDS[prof], text, re.IGNORECASE):
            bad.append(_where(row))
    assert bad == []


def test_illinois_occupational_therapists_follow_the_research():
    ot = rule_for("IL", "OT")
    assert ot.status == "allowed" and ot.confirmed
    assert (ot.min_hours_total, ot.supervised_sessions) == (134, 200)
    assert any("referral" in r.text for r in ot.requirements)
    assert {c.id for c in ot.sources} >= {"il-ot-act-3-7"}


def test_territories_are_rows_that_say_nothing_was_found():
    for code, name in TERRITORIES.items():
        row = PT_US[code]
        assert (row["jurisdiction_name"], row["status"]) == (name, "unknown")
        assert row["source_ids"] == "" and row["source_date"] == ""
        rule = rule_for(code, "PT")
        assert "no rule" in rule.summary and "licensing board" in rule.summary
        assert rule.sources == ()


# ------------------------------------------------------------------ what the issue corrected
def test_virginia_sets_no_hours_and_needs_no_referral():
    rule = rule_for("VA", "PT")
    assert not rule.has_numeric_minimum
    text = " ".join([rule.summary, *(r.text for r in rule.requirements)])
    assert "54" not in text and "referral" not in text.lower()
    assert "July 2023" in rule.summary and rule.consent == "written"


def test_illinois_pt_law_runs_to_2031_not_2026():
    rule = rule_for("IL", "PT")
    assert "status" not in rule.unconfirmed
    assert "2031" in rule.summary and "2026" not in rule.summary


def test_maryland_needs_two_years_first_and_notes_the_pending_proposal():
    rule = rule_for("MD", "PT")
    assert (rule.years_practice_before, rule.min_hours_total, rule.min_hours_in_person) == (
        2,
        80,
        40,
    )
    pending = [r for r in rule.requirements if "2025" in r.text]
    assert pending and not pending[0].confirmed


def test_new_jersey_requires_written_consent():
    assert rule_for("NJ", "PT").consent == "written"


def test_oregon_awaits_rules_and_silent_states_say_silence_is_not_permission():
    assert rule_for("OR", "PT").status == "pending" and "2027" in rule_for("OR", "PT").summary
    for code in ("CT", "MA", "MI", "MN", "MO", "OK", "PA"):
        rule = rule_for(code, "PT")
        assert rule.status == "not_addressed"
        assert "not permission" in rule.summary and "board" in rule.summary


def test_georgia_names_its_other_training_routes():
    text = " ".join(r.text for r in rule_for("GA", "PT").requirements)
    assert "training routes" in text


# ------------------------------------------------------------------ tiers, sources and marks
def test_a_row_resting_only_on_commercial_pages_is_unconfirmed_and_says_so():
    for rule in all_rules():
        if only_tier_c(rule.sources):
            assert "status" in rule.unconfirmed, f"{rule.jurisdiction}/{rule.profession}"
            assert rule.tier_note.startswith("This comes only from")


def test_tier_a_and_b_sources_come_first():
    rank = {"A": 0, "B": 1, "C": 2}
    for rule in all_rules():
        tiers = [rank[c.tier] for c in rule.sources]
        assert tiers == sorted(tiers), f"{rule.jurisdiction}/{rule.profession}"


def test_every_row_but_a_nothing_found_row_has_sources_and_a_date():
    bad = []
    for row in ROWS:
        if row["status"] == "unknown" and not _ids(row):
            continue
        if not _ids(row):
            bad.append(f"{_where(row)}: no source")
        if not row["source_date"].strip():
            bad.append(f"{_where(row)}: no source date")
        bad += [f"{_where(row)}: unknown id {i}" for i in _ids(row) if i not in registry()]
    assert bad == []


def test_no_duplicate_jurisdiction_and_profession():
    keys = [(r["jurisdiction"], r["profession"]) for r in ROWS]
    assert len(keys) == len(set(keys))


def test_statuses_and_unconfirmed_names_come_from_the_allowed_sets():
    assert {r["status"] for r in ROWS} <= set(STATUSES)
    for row in ROWS:
        assert _unconfirmed(row) <= set(CONFIRMABLE_FIELDS), _where(row)


def test_every_numeric_minimum_is_a_positive_number():
    for row in ROWS:
        for field in NUMERIC_FIELDS:
            if row[field].strip():
                assert float(row[field]) > 0, f"{_where(row)} {field}"
        if row["supervised_sessions"]:
            assert row["supervised_sessions"].isdigit()


def test_in_person_hours_never_exceed_total_hours():
    for row in ROWS:
        if row["min_hours_total"] and row["min_hours_in_person"]:
            assert float(row["min_hours_in_person"]) <= float(row["min_hours_total"]), _where(row)


def test_only_allowed_rows_carry_training_minimums():
    bad = [
        _where(r)
        for r in ROWS
        if r["status"] != "allowed" and any(r[f].strip() for f in NUMERIC_FIELDS)
    ]
    assert bad == []


def test_requirements_mark_unconfirmed_items_with_the_one_prefix():
    for row in ROWS:
        for item in (i.strip() for i in row["requirements"].split(";") if i.strip()):
            assert "UNCONFIRMED" not in item or item.startswith(UNCONFIRMED_PREFIX), item


# ------------------------------------------------------------------ plain language
def test_summaries_are_grade_8_or_below_on_flesch_kincaid():
    ensure_cmudict()
    import textstat

    too_hard = []
    for row in ROWS:
        grade = textstat.flesch_kincaid_grade(row["summary"])
        if grade > MAX_GRADE:
            too_hard.append(f"{_where(row)}: grade {grade:.1f}: {row['summary']!r}")
    assert too_hard == [], "\n".join(too_hard)


def test_summaries_and_notes_pass_the_project_two_formula_reading_check():
    texts = [(_where(r), r["summary"]) for r in ROWS]
    texts += [(f"{r.jurisdiction}/{r.profession} tier note", r.tier_note) for r in all_rules()]
    assert failures([t for t in texts if t[1]]) == []


def test_summaries_are_not_empty_and_end_as_sentences():
    bad = [_where(r) for r in ROWS if not r["summary"].strip().endswith(".")]
    assert bad == []
