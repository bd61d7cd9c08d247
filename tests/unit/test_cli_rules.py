import json
import re

import pytest

from dnkit.cli import main
from dnkit.regulation import STATUS_LABELS, Rule, all_rules, rule_for, rules_for


def run(capsys, *argv):
    code = main(["rules", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_california_pt_says_no_with_its_source_and_date(capsys):
    code, out, err = run(capsys, "CA", "--profession", "PT")
    assert code == 0 and err == ""
    assert "California (CA)" in out
    assert "Physical therapist (PT): NOT ALLOWED" in out
    assert "may not dry needle in California" in out
    # the statute first, by its title and publisher, with its address after them
    assert "1. SB 1600 (Burton), Chapter 427, Statutes of 2000" in out
    assert "http://www.leginfo.ca.gov/pub/99-00/statute/ch_0401-0450/ch_427_st_2000_sb_1600" in out
    assert "date of source: 2000 statute; APTA list Jun 2023; pphc list Jan 2026" in out
    assert "Not medical or legal advice" in out


CASES = [
    ("CO", "PT", "allowed"),
    ("CA", "PT", "prohibited"),
    ("MO", "PT", "not_addressed"),
    ("OR", "PT", "pending"),
    ("UT", "OT", "unknown"),
    ("TX", "NP", "unknown"),
]


@pytest.mark.parametrize(("state", "profession", "status"), CASES)
def test_table_names_each_status_in_words(capsys, state, profession, status):
    code, out, _ = run(capsys, state, "-p", profession)
    assert code == 0
    assert f"({profession}): {STATUS_LABELS[status].upper()}" in out


def test_every_status_in_the_data_has_a_case_above():
    assert {r.status for r in all_rules()} <= {status for _, _, status in CASES}


def test_table_shows_hours_and_requirements(capsys):
    code, out, _ = run(capsys, "Washington", "--profession", "physical therapist")
    assert code == 0
    assert "Training hours, total: 325" in out
    assert "Training hours in person: 75" in out
    assert "Supervised sessions: 150" in out
    assert "Years of practice first: 1" in out
    assert "- get a dry needling endorsement from the Department of Health" in out


def test_table_marks_unconfirmed_fields(capsys):
    _, out, _ = run(capsys, "oh", "-p", "pt")
    assert "Training hours, total: not known [UNCONFIRMED]" in out
    _, out, _ = run(capsys, "IL", "-p", "ATC")
    assert "ALLOWED [UNCONFIRMED]" in out
    _, out, _ = run(capsys, "CO", "-p", "PT")
    assert "Training hours, total: 50 [UNCONFIRMED]" in out
    assert "This comes only from a compliance company's summary" in out
    assert "- all 50 hours finished within 4 years [UNCONFIRMED]" in out


# ------------------------------------------------------------------ the checks
def test_virginia_pt_shows_no_hour_number_and_no_referral_caveat(capsys):
    _, out, _ = run(capsys, "VA", "--profession", "PT")
    body = out.split("Sources (")[0]  # the rule itself, before the list of sources
    assert "Training hours: no number set in the rules found" in body
    assert not re.search(r"\b54\b", out)
    assert "referral" not in out.lower()


def test_maryland_shows_the_two_year_rule(capsys):
    _, out, _ = run(capsys, "MD")
    assert "Years of practice first: 2" in out and "after 2 years of practice" in out


def test_new_jersey_shows_written_consent(capsys):
    _, out, _ = run(capsys, "NJ")
    assert "Consent: written consent from the patient is required" in out


def test_illinois_shows_no_2026_sunset(capsys):
    _, out, _ = run(capsys, "IL")
    assert "2026" not in out and "until 2031" in " ".join(out.split())


def test_a_rule_resting_on_commercial_pages_says_so_in_words(capsys):
    _, out, _ = run(capsys, "AL", "-p", "OT")
    assert "ALLOWED [UNCONFIRMED]" in out
    assert "This comes only from a course seller's page, not the law itself." in out


def test_table_for_missing_pair_says_nothing_was_found(capsys):
    code, out, _ = run(capsys, "OH", "-p", "acupuncturist")
    assert code == 0
    assert "found no rule" in out and "Sources: none found." in out


def test_without_profession_all_rules_for_the_state_are_shown(capsys):
    code, out, _ = run(capsys, "New York")
    assert code == 0
    for label in ("(PT)", "(DC)", "(MD)", "(ATC)", "(LAc)"):
        assert label in out


def test_urls_are_never_broken_across_lines(capsys):
    _, out, _ = run(capsys, "CO")
    for citation in rule_for("CO", "PT").sources:
        assert citation.url in out


def test_every_address_shown_follows_its_title(capsys):
    for state in ("CO", "VA", "IL", "CA", "NY"):
        _, out, _ = run(capsys, state)
        flat = " ".join(out.split())
        for rule in rules_for(state):
            for c in rule.sources:
                assert c.title in flat
                assert flat.index(c.url) > flat.index(c.title)


def test_json_is_a_list_of_rules_with_every_field_and_sources(capsys):
    code, out, err = run(capsys, "FL", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == len(
        [r for r in all_rules() if r.jurisdiction == "FL"]
    )
    fields = set(Rule.__dataclass_fields__)
    for item in data:
        assert fields <= item.keys()
        assert item["sources"], "every rule from the data has sources"
        for source in item["sources"]:
            assert source.keys() == {"id", "title", "publisher", "date", "url", "tier", "confirmed"}
            assert source["url"].startswith("http") and source["date"] and source["title"]
    pt = next(i for i in data if i["profession"] == "PT")
    assert (pt["min_hours_total"], pt["supervised_sessions"]) == (50, 25)


def test_json_for_one_profession_has_one_item(capsys):
    code, out, _ = run(capsys, "ca", "-p", "pt", "--format", "json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["status"] == "prohibited" and item["jurisdiction"] == "CA"


def test_unknown_state_exits_2_and_lists_valid_values(capsys):
    code, out, err = run(capsys, "Atlantis")
    assert code == 2 and out == ""
    assert "dnkit rules:" in err and "'Atlantis'" in err
    assert "AL, AK" in err and "WY" in err


def test_unknown_profession_exits_2_and_lists_valid_values(capsys):
    code, _, err = run(capsys, "CA", "--profession", "wizard")
    assert code == 2
    assert "'wizard'" in err and "PT (physical therapist)" in err


def test_bad_format_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["rules", "CA", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
