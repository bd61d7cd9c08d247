"""Provider model, CSV/JSON reading and writing, and the malformed-file corpus."""

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from support.strategies import providers

from dnkit.costs import Package, PriceRange
from dnkit.limits import MAX_PROVIDER_FILE_BYTES
from dnkit.providers import (
    CSV_COLUMNS,
    Answer,
    Problem,
    Provider,
    escape_cell,
    read_providers,
    sample_providers,
    template_csv,
    unescape_cell,
)
from dnkit.providers import providers_to_csv as to_csv
from dnkit.providers import providers_to_json as to_json

CORPUS = Path(__file__).parents[1] / "data" / "providers"

CONTRACT_COLUMNS = (
    "name", "profession", "license_state", "license_number", "license_verified", "dn_program",
    "dn_hours_total", "dn_hours_in_person", "supervised_sessions", "years_licensed",
    "years_dry_needling", "techniques", "sterile_single_use_needles", "written_consent",
    "initial_assessment", "side_effect_plan", "integrated_plan", "setting", "price_per_session",
    "first_visit_fee", "packages", "in_network", "insurance_notes", "distance_miles", "notes",
    "npi", "credential", "address", "phone", "registry_updated",
)  # fmt: skip


def make(**fields) -> Provider:
    return Provider(**{"name": "Example PT (fictional)", "profession": "PT", **fields})


def error_of(**fields) -> tuple[str, str]:
    """(field, message) of the first validation error."""
    with pytest.raises(ValidationError) as info:
        make(**fields)
    first = info.value.errors()[0]
    return str(first["loc"][0]), first["msg"]


def test_columns_are_the_contract_names_in_order():
    assert CSV_COLUMNS == CONTRACT_COLUMNS


# ----------------------------------------------------------------------------- answers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", Answer.YES), ("YES", Answer.YES), (" y ", Answer.YES), ("True", Answer.YES),
        (True, Answer.YES), ("no", Answer.NO), ("N", Answer.NO), ("false", Answer.NO),
        (False, Answer.NO), ("unknown", Answer.UNKNOWN), ("Unknown", Answer.UNKNOWN),
        ("", Answer.UNKNOWN), ("  ", Answer.UNKNOWN), (None, Answer.UNKNOWN),
    ],
)  # fmt: skip
def test_answers_read_yes_no_unknown(text, expected):
    assert Answer.parse(text) is expected
    assert make(sterile_single_use_needles=text).sterile_single_use_needles is expected


@pytest.mark.parametrize("text", ["maybe", "yes!", "1", "0", "nope"])
def test_other_answers_are_refused_not_guessed(text):
    field, message = error_of(written_consent=text)
    assert field == "written_consent"
    assert "yes, no or unknown" in message and repr(text) in message


def test_unknown_is_the_default_and_is_neither_yes_nor_no():
    p = make()
    for name in ("sterile_single_use_needles", "written_consent", "license_verified"):
        value = getattr(p, name)
        assert value is Answer.UNKNOWN and value not in (Answer.YES, Answer.NO)


# ----------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("dn_hours_total", "lots", "must be a number"),
        ("dn_hours_total", "-1", "cannot be negative"),
        ("dn_hours_total", -1, "cannot be negative"),
        ("dn_hours_total", "2000.5", "more than 2000"),
        ("dn_hours_total", float("nan"), "finite"),
        ("dn_hours_total", float("inf"), "finite"),
        ("dn_hours_total", "1e400", "finite"),
        ("dn_hours_total", True, "not True"),
        ("dn_hours_total", "27,5", "without commas"),
        ("dn_hours_in_person", "2001", "more than 2000"),
        ("years_licensed", "70.5", "more than 70"),
        ("years_dry_needling", "-0.5", "cannot be negative"),
        ("distance_miles", "1000.1", "more than 1000"),
        ("first_visit_fee", "5001", "more than 5000"),
        ("supervised_sessions", "2.5", "whole number"),
        ("price_per_session", "5001", "more than 5000"),
        ("price_per_session", "90-60", "above high"),
        ("price_per_session", "cheap", "like 75 or a range like 60-90"),
        ("packages", "6-420", "SESSIONS:PRICE"),
        ("packages", "0:100", "at least 1"),
        ("techniques", "deep;cupping", "'cupping' is not one of"),
        ("setting", "spa", "is not one of"),
        ("profession", "massage therapist", "not a profession"),
        ("profession", "", "is required"),
        ("name", "   ", "is required"),
        ("license_state", "Atlantis", "not a place"),
        ("npi", "12345", "10 digits"),
        ("notes", "x" * 2001, "keep it to 2000"),
        ("dn_program", "x" * 501, "keep it to 500"),
        ("name", "Bell\x07 clinic", "control character"),
    ],
)
def test_bad_values_name_the_field(field, value, fragment):
    got_field, message = error_of(**{field: value})
    assert got_field == field
    assert fragment in message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dn_hours_total", 2000),
        ("years_licensed", 70),
        ("distance_miles", 1000),
        ("first_visit_fee", "$5000"),
        ("price_per_session", "5000"),
        ("notes", "x" * 2000),
        ("dn_program", "x" * 500),
    ],
)
def test_upper_bounds_are_inclusive(field, value):
    make(**{field: value})


def test_in_person_hours_cannot_exceed_total():
    field, message = error_of(dn_hours_total=20, dn_hours_in_person=30)
    assert field == "dn_hours_in_person" and "dn_hours_total" in message
    assert make(dn_hours_total=None, dn_hours_in_person=30).dn_hours_in_person == 30


@pytest.mark.parametrize(
    ("text", "low", "typical", "high"),
    [
        ("75", 75, 75, 75),
        ("60-90", 60, 75, 90),
        (" $60 - $90 ", 60, 75, 90),
        ("60–90", 60, 75, 90),
        ("50-60-100", 50, 60, 100),
        ({"low": 60, "high": 90}, 60, 75, 90),
        ({"low": 50, "typical": 60, "high": 100}, 50, 60, 100),
        (80, 80, 80, 80),
    ],
)
def test_price_per_session_forms(text, low, typical, high):
    assert make(price_per_session=text).price_per_session == PriceRange(low, typical, high)


def test_empty_price_is_not_known():
    assert make(price_per_session="").price_per_session is None


def test_packages_and_techniques_lists():
    p = make(packages="6:420; 10:650;", techniques=" Deep;PISTONING ;deep;")
    assert p.packages == (Package(6, 420), Package(10, 650))
    assert p.techniques == ("deep", "pistoning")
    assert make(packages=[{"sessions": 6, "price": 420}]).packages == (Package(6, 420),)


def test_text_is_stripped_and_codes_are_normalised():
    p = make(
        name="  Example (fictional) ",
        profession="physical therapist",
        license_state=" florida ",
        setting="Outpatient_PT",
        dn_program="  ",
        notes="  hi \n there  ",
    )
    assert p.name == "Example (fictional)"
    assert (p.profession, p.license_state, p.setting) == ("PT", "FL", "outpatient_pt")
    assert p.dn_program is None
    assert p.notes == "hi \n there"


def test_replace_checks_again():
    p = make(dn_hours_total=50)
    assert p.replace(dn_hours_total=60).dn_hours_total == 60
    with pytest.raises(ValidationError):
        p.replace(dn_hours_total=-1)


def test_model_dump_round_trips_for_saved_plans():
    for p in sample_providers():
        assert Provider.model_validate(p.model_dump(mode="json")) == p


# ----------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("'=x", "''=x"),
        ("'plain", "'plain"),
        ("plain", "plain"),
        ("'", "'"),
        ("", ""),
    ],
)
def test_formula_cells_get_one_apostrophe_and_lose_exactly_it(cell, written):
    assert escape_cell(cell) == written
    assert unescape_cell(written) == cell


def test_csv_output_neutralises_formula_injection():
    p = make(name='=HYPERLINK("http://evil.example","click")', notes="@SUM(1)", phone="+1 555 0100")
    text = to_csv([p])
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and "'+1 555 0100" in text
    back = read_providers(text, "out.csv")
    assert back.problems == [] and back.providers == [p]


def test_template_loads_no_provider_by_mistake():
    # The header, then notes (a worked example and the allowed values) that the reader skips;
    # see test_providers_spreadsheets.py for the notes themselves.
    text = template_csv()
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    result = read_providers(text, "template.csv")
    assert result.providers == []
    assert [p.message for p in result.problems] == ["has a header but no provider rows under it"]


def test_sample_providers_are_fictional_and_mixed():
    samples = sample_providers()
    assert 4 <= len(samples) <= 6
    assert all("(fictional)" in p.name for p in samples)
    answers = {p.sterile_single_use_needles for p in samples}
    assert answers == {Answer.YES, Answer.NO, Answer.UNKNOWN}
    assert any(p.dn_hours_total is None for p in samples)
    assert len({p.profession for p in samples}) >= 3
    assert read_providers(to_csv(samples), "s.csv").providers == samples


# ----------------------------------------------------------------------------- round trip


@settings(max_examples=150, deadline=None)
@given(st.lists(providers(), min_size=1, max_size=4))
def test_csv_round_trip_is_exact(items):
    text = to_csv(items)
    for encoded in (text, text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        result = read_providers(encoded, "round.csv")
        assert result.problems == []
        assert result.providers == items


@settings(max_examples=150, deadline=None)
@given(st.lists(providers(), min_size=1, max_size=4))
def test_json_round_trip_is_exact(items):
    result = read_providers(to_json(items), "round.json")
    assert result.problems == []
    assert result.providers == items
    # and the same providers through CSV give the same JSON
    assert to_json(read_providers(to_csv(items), "r.csv").providers) == to_json(items)


# ----------------------------------------------------------------------------- corpus

GOOD = {
    "good_basic.csv": 2,
    "good_utf8_bom.csv": 1,
    "good_utf16.csv": 1,
    "good_semicolon.csv": 1,
    "good_quoted_newlines.csv": 2,
    "good_list.json": 1,
    "good_wrapped.json": 1,
}


@pytest.mark.parametrize(("name", "count"), GOOD.items())
def test_good_files_load_cleanly(name, count):
    result = read_providers(CORPUS / name)
    assert result.problems == []
    assert len(result.providers) == count


def test_encodings_keep_accented_letters():
    for name in ("good_utf8_bom.csv", "good_utf16.csv"):
        assert read_providers(CORPUS / name).providers[0].name == "Clínica Ejemplo (fictional)"
    latin = read_providers(CORPUS / "good_latin1.csv")
    assert latin.providers[0].name == "Café Physio (fictional)"
    assert [p.message for p in latin.problems] == [
        "is not UTF-8; read it as Windows-1252. Check that accented letters look right, "
        "or save the file as UTF-8."
    ]


def test_semicolon_file_keeps_quoted_lists():
    p = read_providers(CORPUS / "good_semicolon.csv").providers[0]
    assert p.packages == (Package(6, 420), Package(10, 650))
    assert p.techniques == ("deep", "pistoning")


def test_quoted_newlines_stay_inside_the_cell():
    first, second = read_providers(CORPUS / "good_quoted_newlines.csv").providers
    assert first.notes == "Line one.\r\nLine two, with a comma."
    assert second.name == "Second Example (fictional)"


def test_json_accepts_booleans_and_objects():
    p = read_providers(CORPUS / "good_list.json").providers[0]
    assert p.sterile_single_use_needles is Answer.YES
    assert p.price_per_session == PriceRange(60, 75, 90)


# (file, providers loaded, [(row, column, fragment of the message)])
MALFORMED = [
    ("bad_numbers.csv", 1, [
        (1, "dn_hours_total", "must be a number like 27 or 27.5 (got 'lots')"),
        (2, "dn_hours_total", "cannot be negative"),
        (3, "dn_hours_total", "without commas"),
        (4, "dn_hours_total", "5000 is more than 2000"),
        (5, "dn_hours_total", "(got 'inf')"),
    ]),
    ("bad_in_person_over_total.csv", 0, [(1, "dn_hours_in_person", "more than the 20 total")]),
    ("bad_missing_profession.csv", 0, [(None, "profession", "column is missing")]),
    ("bad_unknown_column.csv", 1, [
        (None, "dn_hours", "Did you mean 'dn_hours_total'?"),
        (None, "favourite_colour", "is not a column dnkit knows"),
    ]),
    ("bad_answers.csv", 0, [(1, "sterile_single_use_needles", "(got 'maybe')")]),
    ("bad_profession.csv", 0, [(1, "profession", "'massage therapist' is not a profession")]),
    ("bad_state.csv", 0, [(1, "license_state", "'Atlantis' is not a place")]),
    ("bad_extra_cells.csv", 1, [(1, None, "has 12 cells but the header has 10 columns")]),
    ("bad_unclosed_quote.csv", 1, [(2, None, "a quote mark may be missing")]),
    ("bad_price.csv", 0, [
        (1, "price_per_session", "low ($90) is above high ($60)"),
        (2, "price_per_session", "(got 'cheap')"),
    ]),
    ("bad_packages.csv", 0, [(1, "packages", "SESSIONS:PRICE")]),
    ("bad_techniques.csv", 0, [(1, "techniques", "'cupping' is not one of")]),
    ("bad_long_notes.csv", 0, [(1, "notes", "is 2001 characters long")]),
    ("bad_control_char.csv", 0, [(1, "name", "control character (code 7)")]),
    ("bad_missing_name.csv", 0, [(1, "name", "is required")]),
    ("empty.csv", 0, [(None, None, "is empty")]),
    ("header_only.csv", 0, [(None, None, "has a header but no provider rows")]),
    ("binary.xlsx", 0, [(None, None, "is not a readable Excel workbook")]),
    ("binary_nul.csv", 0, [(None, None, "binary data")]),
    ("bad_json_syntax.json", 0, [(None, None, "is not valid JSON: Expecting property name")]),
    ("bad_json_shape.json", 0, [(None, None, '{"providers": [...]}')]),
    ("bad_json_items.json", 2, [
        (2, None, "must be an object"),
        (3, "name", "is missing"),
        (4, "colour", "is not a column dnkit knows"),
    ]),
    ("bad_json_empty_list.json", 0, [(None, None, "holds no providers")]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "loaded", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_files_get_precise_messages(name, loaded, expected):
    result = read_providers(CORPUS / name)
    assert len(result.providers) == loaded
    got = [(p.row, p.column, p.message) for p in result.problems]
    assert len(got) == len(expected), got
    for (row, column, fragment), (g_row, g_column, g_message) in zip(expected, got, strict=True):
        assert (g_row, g_column) == (row, column)
        assert fragment in g_message
    assert all(p.source == name for p in result.problems)


def test_every_corpus_file_is_covered():
    names = {p.name for p in CORPUS.iterdir()}
    assert names == set(GOOD) | {m[0] for m in MALFORMED} | {"good_latin1.csv"}


def test_nothing_is_dropped_silently():
    """Every data row is either loaded or named in a problem."""
    for path in CORPUS.glob("bad_*.csv"):
        result = read_providers(path)
        if any(p.row is None for p in result.problems):
            continue  # a header problem: no row was read
        rows = len([ln for ln in path.read_text().splitlines()[1:] if ln.strip()])
        problem_rows = {p.row for p in result.problems}
        assert len(result.providers) + len(problem_rows) == rows, path.name


def test_problem_reads_as_one_line():
    assert str(Problem("a.csv", 3, "dn_hours_total", "is bad")) == (
        "a.csv, row 3, column dn_hours_total: is bad"
    )


def test_large_files_are_refused(tmp_path):
    big = b"name,profession\n" + b"x" * MAX_PROVIDER_FILE_BYTES
    for data in (big, tmp_path / "big.csv"):
        if isinstance(data, Path):
            data.write_bytes(big)
        result = read_providers(data, "big.csv")
        assert result.providers == []
        assert "larger than 5 MB" in result.problems[0].message


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    result = read_providers(tmp_path / "nope.csv")
    assert "cannot be opened" in result.problems[0].message


def test_format_is_sniffed_without_a_filename():
    text = json.dumps([{"name": "A (fictional)", "profession": "DC", "dn_hours_total": 1.5}])
    result = read_providers(text.encode())
    assert result.providers[0].dn_hours_total == 1.5
    assert result.problems == []
    assert math.isclose(read_providers(b"name,profession,dn_hours_total\nB,PT,2\n").providers[0]
                        .dn_hours_total, 2)  # fmt: skip
