import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnkit.readability import failures
from dnkit.regulation import (
    PROFESSIONS,
    STATUSES,
    RegulationDataError,
    Rule,
    UnknownJurisdictionError,
    UnknownProfessionError,
    all_rules,
    jurisdictions,
    normalize_jurisdiction,
    normalize_profession,
    parse_rules,
    rule_for,
    rules_for,
)

# One worked example per status; test_status_table_covers_the_data keeps it complete.
STATUS_CASES = [
    ("CA", "PT", "prohibited"),
    ("HI", "PT", "prohibited"),
    ("NY", "PT", "prohibited"),
    ("CO", "PT", "allowed"),
    ("NY", "LAc", "allowed"),
    ("CT", "PT", "not_addressed"),
    ("FL", "DC", "not_addressed"),
    ("OR", "PT", "pending"),
    ("GA", "OT", "unknown"),  # a row: a bill that did not pass
    ("OH", "LAc", "unknown"),  # no row at all
]


def test_status_table_covers_the_data():
    in_data = {r.status for r in all_rules()}
    assert in_data <= set(STATUSES)
    assert in_data <= {status for _, _, status in STATUS_CASES}


@pytest.mark.parametrize(("code", "profession", "status"), STATUS_CASES)
def test_rule_for_gives_the_status_of_the_data(code, profession, status):
    rule = rule_for(code, profession)
    assert rule.status == status
    assert rule.jurisdiction == code and rule.profession == profession
    assert rule.summary.strip()
    assert rule.status_label


@pytest.mark.parametrize(("code", "profession", "status"), STATUS_CASES)
def test_known_rules_have_dated_sources(code, profession, status):
    rule = rule_for(code, profession)
    if (code, profession) == ("OH", "LAc"):
        assert rule.sources == () and rule.source_date == ""
        return
    assert rule.sources, "a rule from the data always has sources"
    for citation in rule.sources:
        assert citation.url.startswith("http")
        assert citation.date == rule.source_date != ""
        assert citation.url in rule.citations_label()


def test_missing_pair_is_unknown_with_no_source_and_says_nothing_was_found():
    rule = rule_for("Ohio", "acupuncturist")
    assert rule.status == "unknown"
    assert rule.sources == ()
    assert "found no rule" in rule.summary and "Ohio" in rule.summary
    assert rule.min_hours_total is None and rule.requirements == ()
    assert rule.citations_label() == "No source found."


def test_unknown_summaries_are_readable_everywhere():
    texts = [(code, rule_for(code, "NP").summary) for code in jurisdictions()]
    assert all(rule_for(code, "NP").status == "unknown" for code in jurisdictions())
    assert failures(texts) == []


@pytest.mark.parametrize(
    ("code", "total", "in_person", "sessions", "years"),
    [
        ("FL", 50, 50, 25, 2),
        ("WA", 325, 75, 150, 1),
        ("UT", 300, 54, 250, 2),
        ("IL", 134, 54, 200, 1),
        ("DE", 54, 54, None, 2),
        ("AZ", 24, None, None, None),
    ],
)
def test_pt_minimums_match_the_research(code, total, in_person, sessions, years):
    rule = rule_for(code, "PT")
    assert (
        rule.min_hours_total,
        rule.min_hours_in_person,
        rule.supervised_sessions,
        rule.years_practice_before,
    ) == (total, in_person, sessions, years)
    assert rule.supervised_sessions is None or isinstance(rule.supervised_sessions, int)


def test_california_pt_is_prohibited_with_a_source():
    rule = rule_for("california", "physical therapist")
    assert rule.status == "prohibited"
    assert any("legalclarity.org" in c.url for c in rule.sources)


def test_unconfirmed_fields_and_confirmed_property():
    oh = rule_for("OH", "PT")
    assert not oh.confirmed
    assert not oh.is_confirmed("min_hours_total") and oh.is_confirmed("status")
    assert oh.min_hours_total is None
    wa = rule_for("WA", "PT")
    assert wa.confirmed and wa.unconfirmed == ()


def test_unconfirmed_status_marks_the_citations():
    rule = rule_for("IL", "PT")
    assert "status" in rule.unconfirmed
    assert all(not c.confirmed for c in rule.sources)
    assert "UNCONFIRMED" in rule.citations_label()
    assert all(c.confirmed for c in rule_for("CO", "PT").sources)


def test_jurisdictions_list_us_first_then_other_countries():
    codes = list(jurisdictions())
    countries = [rule_for(c, "PT").country for c in codes]
    first_other = countries.index(next(c for c in countries if c != "US"))
    assert set(countries[:first_other]) == {"US"}
    assert "US" not in countries[first_other:]
    assert first_other == 56  # 50 states, DC and the 5 territories (PR, GU, VI, AS, MP)
    assert jurisdictions()["DC"] == "District of Columbia"


def test_rules_for_lists_every_profession_found_pt_first():
    rules = rules_for("ny")
    assert [r.profession for r in rules] == ["PT", "DC", "MD", "ATC", "LAc"]
    assert all(r.jurisdiction == "NY" for r in rules)


def test_all_rules_are_rules_with_known_professions():
    rules = all_rules()
    assert len(rules) > 51
    assert all(isinstance(r, Rule) and r.profession in PROFESSIONS for r in rules)


def test_to_dict_is_json_ready_and_complete():
    data = json.loads(json.dumps(rule_for("FL", "PT").to_dict()))
    assert data["status"] == "allowed" and data["supervised_sessions"] == 25
    assert data["sources"][0].keys() == {"title", "url", "date", "confirmed"}
    for field in Rule.__dataclass_fields__:
        assert field in data


# --- normalization ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ca", "CA"),
        (" CA ", "CA"),
        ("California", "CA"),
        ("  new   YORK ", "NY"),
        ("District of Columbia", "DC"),
        ("Washington, D.C.", "DC"),
        ("d.c.", "DC"),
        ("washington", "WA"),
        ("Québec", "CA-QC"),
        ("ca_qc", "CA-QC"),
        ("ca qc", "CA-QC"),
        ("United Kingdom", "UK"),
        ("france", "FR"),
    ],
)
def test_normalize_jurisdiction_accepts_codes_and_names(text, code):
    assert normalize_jurisdiction(text) == code


@pytest.mark.parametrize("text", ["Californa", "XX", "", "   ", "Atlantis"])
def test_unknown_jurisdiction_lists_the_valid_codes(text):
    with pytest.raises(UnknownJurisdictionError) as err:
        normalize_jurisdiction(text)
    message = str(err.value)
    assert "jurisdiction" in message and "CA, CO" in message and "WY" in message


def test_unknown_jurisdiction_suggests_a_close_name():
    with pytest.raises(UnknownJurisdictionError, match="Did you mean CA"):
        normalize_jurisdiction("Californa")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pt", "PT"),
        ("Physical Therapist", "PT"),
        ("physical therapists", "PT"),
        ("physio", "PT"),
        ("PTA", "PTA"),
        ("physical therapist assistant", "PTA"),
        ("chiropractor", "DC"),
        ("dc", "DC"),
        ("acupuncturist", "LAc"),
        ("L.Ac.", "LAc"),
        ("lac", "LAc"),
        ("MD", "MD"),
        ("M.D.", "MD"),
        ("physician", "MD"),
        ("DO", "DO"),
        ("osteopath", "DO"),
        ("athletic trainer", "ATC"),
        ("AT", "ATC"),
        ("occupational therapist", "OT"),
        ("nurse practitioner", "NP"),
        ("physician assistant", "PA"),
        ("Other", "other"),
    ],
)
def test_normalize_profession_accepts_codes_and_common_names(text, code):
    assert normalize_profession(text) == code


@pytest.mark.parametrize("text", ["dentist", "", "massage therapist"])
def test_unknown_profession_lists_the_valid_codes(text):
    with pytest.raises(UnknownProfessionError) as err:
        normalize_profession(text)
    message = str(err.value)
    assert "profession" in message
    assert all(code in message for code in PROFESSIONS)


def test_rule_for_raises_on_unknown_inputs():
    with pytest.raises(UnknownJurisdictionError):
        rule_for("Narnia", "PT")
    with pytest.raises(UnknownProfessionError):
        rule_for("CA", "wizard")


_NAMES = [(code, name) for code, name in jurisdictions().items()]


@given(
    pair=st.sampled_from(_NAMES),
    use_name=st.booleans(),
    flips=st.lists(st.booleans(), min_size=40, max_size=40),
    left=st.text(" \t", max_size=3),
    right=st.text(" \t", max_size=3),
)
def test_normalize_jurisdiction_ignores_case_and_outer_space(pair, use_name, flips, left, right):
    code, name = pair
    text = name if use_name else code
    mixed = "".join(
        ch.upper() if flip else ch.lower() for ch, flip in zip(text, flips, strict=False)
    )
    mixed += text[len(flips) :]
    assert normalize_jurisdiction(left + mixed + right) == code


@given(code=st.sampled_from(list(PROFESSIONS)), upper=st.booleans())
def test_normalize_profession_round_trips_codes_in_any_case(code, upper):
    text = code.upper() if upper else code.lower()
    assert normalize_profession(f" {text} ") == code


# --- the parser's error messages -----------------------------------------------------------

HEADER = (
    "jurisdiction,jurisdiction_name,country,profession,status,min_hours_total,"
    "min_hours_in_person,supervised_sessions,years_practice_before,requirements,summary,"
    "source_urls,source_titles,source_date,unconfirmed"
)
GOOD = "XX,Exampleland,US,PT,allowed,50,40,25,2,consent,Fine.,https://example.org,,2024,"


def test_parse_rules_reads_a_good_row():
    (rule,) = parse_rules(HEADER + "\n" + GOOD + "\n")
    assert rule.min_hours_total == 50 and rule.supervised_sessions == 25
    assert rule.requirements == ("consent",)
    assert rule.sources[0].title == "example.org"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (GOOD.replace(",50,", ",fifty,"), "row 2, column min_hours_total"),
        (GOOD.replace(",25,", ",2.5,"), "row 2, column supervised_sessions"),
        (GOOD.replace(",allowed,", ",maybe,"), "row 2, column status"),
        (GOOD.replace(",PT,", ",Wizard,"), "row 2, column profession"),
        (GOOD.replace("https://example.org", ""), "row 2, column source_urls"),
        (GOOD.replace(",2024,", ",,"), "row 2, column source_date"),
        (GOOD + "hours", "row 2, column unconfirmed"),
        (GOOD.removesuffix(","), "row 2: expected 15 columns, got 14"),
        (GOOD + ",extra", "row 2: expected 15 columns, got 16"),
        (GOOD.replace(",Fine.,", ",,"), "row 2, column summary"),
        (GOOD.replace(",40,", ",-4,"), "row 2, column min_hours_in_person"),
    ],
)
def test_parse_rules_names_the_row_and_column_at_fault(row, expected):
    with pytest.raises(RegulationDataError, match=expected):
        parse_rules(HEADER + "\n" + row + "\n")


def test_parse_rules_rejects_duplicates_and_missing_columns():
    with pytest.raises(RegulationDataError, match="row 3: a second row for XX and PT"):
        parse_rules("\n".join([HEADER, GOOD, GOOD]))
    with pytest.raises(RegulationDataError, match="missing column"):
        parse_rules("jurisdiction,status\nXX,allowed\n")


def test_domain_module_does_not_import_jupyter_or_plotly():
    code = (
        "import sys, dnkit.regulation; "
        "bad = [m for m in ('ipywidgets', 'plotly', 'IPython') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
