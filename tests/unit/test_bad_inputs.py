"""A corpus of bad inputs run through the Python API and the ``dnkit`` command.

Files live in ``tests/data/bad`` (and the providers corpus in ``tests/data/providers`` is reused);
the big and binary ones are made at test time by ``tests/data/bad/generate.py``. Every case must
end in a message that names the file, row, column or field and what is wrong, never a crash, and a
partial load must name exactly the rows it skipped.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dnkit import costs
from dnkit.cli import main
from dnkit.errors import InputError
from dnkit.guide import parse_sure_answers
from dnkit.plan import SCHEMA_VERSION, CostInputs, Plan, PlanLoadError, load_plan, plan_to_json
from dnkit.providers import (
    CSV_COLUMNS,
    LONG_TEXT_LIMIT,
    TEXT_LIMIT,
    Provider,
    providers_to_csv,
    providers_to_json,
    read_providers,
)
from dnkit.registry.query import normalize_postal_code, normalize_state
from dnkit.regulation import normalize_jurisdiction, normalize_profession, parse_rules
from dnkit.render.assessment import assessment_html
from dnkit.render.markdown import md
from dnkit.render.rules import rules_table_html
from dnkit.render.summary import summary_html, summary_markdown
from dnkit.vetting import assess

DATA = Path(__file__).parents[1] / "data"
BAD = DATA / "bad"
PROVIDERS = DATA / "providers"
PAYLOAD = "<img src=x onerror=alert(1)>"


def _generator():
    spec = importlib.util.spec_from_file_location("bad_generate", BAD / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def vet(capsys, path: Path | str, *extra: str) -> tuple[int, str, str]:
    code = main(["vet", str(path), "--state", "CO", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def cost_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["costs", "--sessions", "3", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------ CSV files

# (file, providers loaded, [(row, column, fragment of the message)])
CSV_CASES = [
    (PROVIDERS / "empty.csv", 0, [(None, None, "is empty")]),
    (PROVIDERS / "header_only.csv", 0, [(None, None, "header but no provider rows")]),
    (PROVIDERS / "bad_missing_profession.csv", 0, [(None, "profession", "column is missing")]),
    (
        PROVIDERS / "bad_unknown_column.csv",
        1,
        [
            (None, "dn_hours", "Did you mean 'dn_hours_total'?"),
            (None, "favourite_colour", "ignored"),
        ],
    ),
    (BAD / "pipe_delimited.csv", 0, [(None, None, "no column names dnkit knows")]),
    (
        BAD / "partial_load.csv",
        2,
        [
            (None, "favourite_colour", "ignored"),
            (2, "dn_hours_total", "must be a number"),
            (3, "profession", "'Wizard' is not a profession"),
            (4, None, "has 8 cells but the header has 7"),
            (6, "dn_hours_in_person", "more than the 20 total hours"),
        ],
    ),
    (
        BAD / "unknown_places.csv",
        1,
        [
            (1, "license_state", "'Atlantis' is not a place"),
            (2, "profession", "'Wizard' is not a profession"),
            (3, "license_state", "'ZZ' is not a place"),
        ],
    ),
    (PROVIDERS / "good_utf8_bom.csv", 1, []),
    (PROVIDERS / "good_latin1.csv", 1, [(None, None, "is not UTF-8")]),
    (PROVIDERS / "good_utf16.csv", 1, []),
    (PROVIDERS / "good_semicolon.csv", 1, []),
    (PROVIDERS / "good_quoted_newlines.csv", 2, []),
    (PROVIDERS / "binary_nul.csv", 0, [(None, None, "binary data")]),
    (PROVIDERS / "binary.xlsx", 0, [(None, None, "Excel workbook")]),
    (
        BAD / "providers_wrong_types.json",
        0,
        [
            (1, "name", "must be text"),
            (2, "dn_hours_total", "must be a number"),
            (3, "profession", "profession code"),
        ],
    ),
]


def _check_problems(result, path: Path, expected) -> None:
    got = [(p.row, p.column, p.message) for p in result.problems]
    assert len(got) == len(expected), got
    for (row, column, message), (want_row, want_column, fragment) in zip(
        got, expected, strict=True
    ):
        assert (row, column) == (want_row, want_column), got
        assert fragment in message
    for p in result.problems:
        assert str(p).startswith(path.name)  # every message names the file


@pytest.mark.parametrize(
    ("path", "loaded", "expected"), CSV_CASES, ids=lambda c: getattr(c, "name", "")
)
def test_files_through_the_api(path, loaded, expected):
    result = read_providers(path.read_bytes(), path.name)
    assert len(result.providers) == loaded
    _check_problems(result, path, expected)


@pytest.mark.parametrize(
    ("path", "loaded", "expected"), CSV_CASES, ids=lambda c: getattr(c, "name", "")
)
def test_files_through_the_cli(capsys, path, loaded, expected):
    code, out, err = vet(capsys, path, "--format", "json")
    lines = [ln for ln in err.splitlines() if ln]
    problem_lines = [ln for ln in lines if not ln.endswith("nothing was checked")]
    assert len(problem_lines) == len(expected)
    for line, (row, column, fragment) in zip(problem_lines, expected, strict=True):
        assert line.startswith(f"dnkit vet: {path}")
        assert fragment in line
        if row is not None:
            assert f"row {row}" in line
        if column is not None:
            assert f"column {column}" in line
    if loaded:
        assert code == 0
        assert len(json.loads(out)["assessments"]) == loaded
    else:
        assert code == 2
        assert out == ""
        assert lines[-1].endswith("no provider could be read, so nothing was checked")


def test_a_partial_load_names_exactly_the_rows_it_skipped():
    path = BAD / "partial_load.csv"
    result = read_providers(path)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    loaded = {p.name for p in result.providers}
    skipped = {i for i, r in enumerate(rows, start=1) if r["name"] not in loaded}
    named = {p.row for p in result.problems if p.row is not None}
    assert skipped == named == {2, 3, 4, 6}


def test_fifty_megabytes_is_refused_with_the_limit(tmp_path, capsys):
    path = gen.big_csv(tmp_path / "fifty.csv", 50)
    assert path.stat().st_size >= 50_000_000
    for result in (read_providers(path), read_providers(path.read_bytes(), "fifty.csv")):
        assert result.providers == []
        assert [str(p) for p in result.problems] == [
            "fifty.csv: is larger than 5 MB; split it into smaller files"
        ]
    code, out, err = vet(capsys, path)
    assert code == 2 and out == ""
    assert "is larger than 5 MB" in err


@pytest.mark.parametrize("kind", list(gen.BINARY_KINDS))
def test_a_binary_file_renamed_csv_is_refused(tmp_path, capsys, kind):
    path = gen.binary_as_csv(tmp_path / f"{kind}.csv", kind)
    result = read_providers(path)
    assert result.providers == []
    (problem,) = result.problems
    assert problem.source == str(path.name) or problem.source.endswith(f"{kind}.csv")
    assert gen.BINARY_KINDS[kind][1] in problem.message
    assert "Save the spreadsheet as CSV" in problem.message
    code, _out, err = vet(capsys, path)
    assert code == 2 and gen.BINARY_KINDS[kind][1] in err


def test_ten_thousand_rows_load_and_say_so(tmp_path, capsys):
    small = gen.many_rows_csv(tmp_path / "hundred.csv", 100)
    big = gen.many_rows_csv(tmp_path / "ten_thousand.csv", 10_000)
    start = time.perf_counter()
    read_providers(small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    result = read_providers(big)
    t_big = time.perf_counter() - start
    assert len(result.providers) == 10_000 and result.problems == []
    assert result.providers[-1].name == "Clinic 09999 (fictional)"
    # No wall-clock limit, but reading must grow about linearly (100x rows, well under 1000x time).
    assert t_big < 1000 * max(t_small, 1e-3)
    code, out, err = vet(capsys, big, "--format", "csv")
    assert code == 0 and err == ""
    names = {row["provider"] for row in csv.DictReader(io.StringIO(out))}
    assert len(names) == 10_000  # every row was checked


# ------------------------------------------------------------------------------ values


NUMERIC_FIELDS = {
    "dn_hours_total": "2000",
    "dn_hours_in_person": "2000",
    "supervised_sessions": "10000",
    "years_licensed": "70",
    "years_dry_needling": "70",
    "first_visit_fee": "5000",
    "distance_miles": "1000",
    "price_per_session": "5000",
}
BAD_NUMBERS = {
    "nan": "must be",
    "inf": "must be",
    "-1": "negative",
    "1e308": "is more than",
    "99999999": "is more than",
    "twelve": "must be",
}


@pytest.mark.parametrize("field", list(NUMERIC_FIELDS))
@pytest.mark.parametrize("value", list(BAD_NUMBERS))
def test_bad_numbers_in_every_numeric_provider_field(field, value):
    text = f"name,profession,{field}\nGood (fictional),PT,10\nBad (fictional),PT,{value}\n"
    result = read_providers(text, "numbers.csv")
    assert [p.name for p in result.providers] == ["Good (fictional)"]
    (problem,) = result.problems
    assert (problem.source, problem.row, problem.column) == ("numbers.csv", 2, field)
    if field == "price_per_session" and value in ("nan", "inf", "twelve", "-1"):
        assert "price" in problem.message
    else:
        assert BAD_NUMBERS[value] in problem.message


@pytest.mark.parametrize("field", list(NUMERIC_FIELDS))
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -1, 1e308, 10**30])
def test_bad_numbers_in_json_provider_files(field, value):
    item = {"name": "Bad (fictional)", "profession": "PT", field: value}
    result = read_providers(json.dumps([item]), "numbers.json")
    assert result.providers == []
    assert [(p.row, p.column) for p in result.problems] == [(1, field)]


def test_the_largest_allowed_numbers_still_load():
    values = ",".join(NUMERIC_FIELDS.values())
    text = f"name,profession,{','.join(NUMERIC_FIELDS)}\nTop (fictional),PT,{values}\n"
    result = read_providers(text, "top.csv")
    assert result.problems == [] and len(result.providers) == 1


COST_FIELDS = [
    name
    for name, info in CostInputs.model_fields.items()
    if info.annotation in (int, float, int | None, float | None)
]


@pytest.mark.parametrize("field", COST_FIELDS)
@pytest.mark.parametrize("value", [-1, 1e308, 10**30, "abc", [1], {"a": 1}])
def test_bad_cost_inputs_in_a_plan_name_the_field(field, value):
    data = json.dumps({"schema_version": 1, "costs": {field: value}})
    with pytest.raises(PlanLoadError) as err:
        load_plan(data, "plan.json")
    assert err.value.where == f"costs.{field}"


@pytest.mark.parametrize("field", COST_FIELDS)
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_cost_inputs_are_refused(field, literal):
    data = '{"schema_version": 1, "costs": {"%s": %s}}' % (field, literal)  # noqa: UP031
    with pytest.raises(PlanLoadError) as err:
        load_plan(data, "plan.json")
    assert err.value.where in ("plan.json", f"costs.{field}")
    assert "number" in err.value.message or "finite" in err.value.message


PARSE_AMOUNT_FIELDS = [
    "first_visit_fee",
    "allowed_amount",
    "deductible_remaining",
    "copay",
    "coinsurance",
    "oop_max_remaining",
    "part_b_deductible_remaining",
    "approved_amount",
]


@pytest.mark.parametrize("field", PARSE_AMOUNT_FIELDS)
@pytest.mark.parametrize(
    ("text", "fragment"),
    [("nan", "finite"), ("inf", "finite"), ("-5", "negative"), ("abc", "must be a number")],
)
def test_parse_amount_rejects_with_the_field_name(field, text, fragment):
    with pytest.raises(costs.CostInputError) as err:
        costs.parse_amount(text, field)
    assert err.value.field == field and fragment in err.value.message


@pytest.mark.parametrize("text", ["nan", "1.5", "-3", "1e3", "99999", "abc"])
def test_parse_count_rejects_with_the_field_name(text):
    with pytest.raises(costs.CostInputError) as err:
        costs.parse_count(text, "visit_cap")
    assert err.value.field == "visit_cap"


@pytest.mark.parametrize(
    ("fn", "text", "field"),
    [
        (costs.parse_price, "nan", "price_low"),
        (costs.parse_price, "inf-5", "price_low"),
        (costs.parse_price, "10-1e308", "price_high"),
        (costs.parse_price, "<b>", "price_low"),
        (costs.parse_sessions, "nan", "sessions"),
        (costs.parse_sessions, "0", "sessions"),
        (costs.parse_sessions, "1-100000", "sessions"),
        (costs.parse_packages, "6:nan", "packages"),
        (costs.parse_packages, "6:1e308", "packages"),
        (costs.parse_packages, "0:100", "packages"),
        (costs.parse_packages, "<img>", "packages"),
        (costs.parse_covered, "maybe", "covered"),
        (costs.normalize_profession, "Wizard", "profession"),
    ],
)
def test_cost_parsers_name_the_field(fn, text, field):
    with pytest.raises(costs.CostInputError) as err:
        fn(text)
    assert err.value.field == field


COST_OPTIONS = {
    "--price": ("nan", "inf", "-5", "1e308", "abc"),
    "--typical": ("nan", "inf", "1e308", "abc"),
    "--first-visit-fee": ("nan", "inf", "-5", "1e308", "abc"),
    "--metro-factor": ("nan", "inf", "-5", "1e308", "0", "abc"),
    "--package": ("6:nan", "6:inf", "6:-5", "6:1e308", "abc", "0:5"),
    "--sessions": ("nan", "-5", "100000", "abc"),
}
INSURANCE_OPTIONS = {
    "--allowed-amount": ("nan", "inf", "-5", "1e308", "abc"),
    "--deductible-remaining": ("nan", "inf", "-5", "1e308", "abc"),
    "--copay": ("nan", "inf", "-5", "1e308", "abc"),
    "--coinsurance": ("nan", "inf", "-5", "1e308", "101", "abc"),
    "--oop-max-remaining": ("nan", "inf", "-5", "1e308", "abc"),
    "--visit-cap": ("nan", "-5", "1e308", "1.5", "abc"),
    "--visits-used": ("nan", "-5", "1e308", "1.5", "abc"),
}
MEDICARE_OPTIONS = {
    "--part-b-deductible-remaining": ("nan", "inf", "-5", "1e308", "abc"),
    "--medicare-approved-amount": ("nan", "inf", "-5", "1e308", "abc"),
    "--medicare-visits-used": ("nan", "-5", "1e308", "abc"),
    "--profession": ("Wizard", "<b>PT</b>"),
}
CLI_CASES = (
    [(o, v, []) for o, vs in COST_OPTIONS.items() for v in vs]
    + [(o, v, ["--covered", "yes"]) for o, vs in INSURANCE_OPTIONS.items() for v in vs]
    + [
        (o, v, ["--medicare", "--profession", "PT"] if o != "--profession" else ["--medicare"])
        for o, vs in MEDICARE_OPTIONS.items()
        for v in vs
    ]
)


@pytest.mark.parametrize(("option", "value", "context"), CLI_CASES)
def test_every_cost_option_rejects_bad_numbers_naming_the_option(capsys, option, value, context):
    code, out, err = cost_cli(capsys, *context, f"{option}={value}")
    assert code == 2 and out == ""
    assert err.startswith(f"dnkit costs: {option}: ")
    assert "Traceback" not in err


def test_unknown_state_in_the_cli_names_the_option(capsys):
    code, _out, err = vet(capsys, PROVIDERS / "good_basic.csv", "--state", "Atlantis")
    assert code == 2 and "--state: 'Atlantis' is not a place" in err


# ------------------------------------------------------------------------------ text


def test_right_to_left_and_emoji_text_loads_and_round_trips():
    result = read_providers(BAD / "world_text.csv")
    assert result.problems == [] and len(result.providers) == 3
    assert result.providers[0].name.startswith("عيادة")
    assert "👩🏽‍⚕️" in result.providers[2].notes
    for write, name in ((providers_to_csv, "x.csv"), (providers_to_json, "x.json")):
        again = read_providers(write(result.providers), name)
        assert again.problems == [] and again.providers == result.providers


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", TEXT_LIMIT), ("dn_program", TEXT_LIMIT), ("notes", LONG_TEXT_LIMIT)],
)
def test_very_long_text_is_refused_naming_the_limit(field, limit):
    row = {"name": "Long (fictional)", "profession": "PT", field: "ي😀" * limit}
    result = read_providers(json.dumps([row], ensure_ascii=False), "long.json")
    (problem,) = result.problems
    assert (problem.row, problem.column) == (1, field)
    assert f"{limit * 2} characters long; keep it to {limit} or fewer" in problem.message
    ok = read_providers(json.dumps([{**row, field: "😀" * limit}]), "ok.json")
    assert ok.problems == []


def test_long_concern_in_a_plan_names_the_field():
    with pytest.raises(PlanLoadError) as err:
        load_plan(json.dumps({"concern": "ש" * 501}))
    assert err.value.where == "concern" and "500" in err.value.message


# ------------------------------------------------------------------------------ markup


TEXT_FIELDS = [
    "name",
    "license_number",
    "dn_program",
    "insurance_notes",
    "notes",
    "credential",
    "address",
    "phone",
    "registry_updated",
]


def markup_provider(field: str, payload: str = PAYLOAD) -> Provider:
    return Provider.model_validate(
        {"name": "Plain (fictional)", "profession": "PT", "dn_hours_total": 60, field: payload}
    )


def assert_inert(html: str, payload: str = PAYLOAD) -> None:
    assert payload not in html
    assert "<img" not in html and "<script" not in html and "<svg" not in html
    assert "onerror=alert(1)" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_markup_in_every_text_field_stays_text_in_html(field):
    provider = markup_provider(field)
    plan = Plan(jurisdiction="CO", concern=PAYLOAD, providers=[provider.model_dump(mode="json")])
    for html in (
        summary_html(plan),
        assessment_html(assess(provider, "CO"), provider.name),
        assessment_html(assess(provider, "CO"), PAYLOAD),
    ):
        assert_inert(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in summary_html(plan)
    text = summary_markdown(plan)
    assert PAYLOAD not in text  # Markdown would run it as HTML: user text is escaped
    assert md(PAYLOAD) in text


def test_the_markup_corpus_file_loads_as_text_and_renders_inert():
    result = read_providers(BAD / "markup_every_field.csv")
    assert result.problems == []
    (provider,) = result.providers
    assert provider.dn_program == "<script>alert(3)</script>"
    plan = Plan(jurisdiction="CO", providers=[provider.model_dump(mode="json")])
    html = summary_html(plan) + assessment_html(assess(provider, "CO"), provider.name)
    for tag in ("<script", "<img", "<iframe", "<svg", '<a href="javascript', "<b onmouseover"):
        assert tag not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html


def test_markup_in_a_plan_file_renders_inert():
    plan = load_plan((BAD / "plan_markup.json").read_bytes(), "plan_markup.json")
    html = summary_html(plan)
    assert "<img" not in html and "<script" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html or "alert(3)" not in html


def test_markup_in_rules_data_renders_inert():
    header = (BAD.parent.parent.parent / "src/dnkit/data/state_rules.csv").read_text("utf-8")
    first, second = header.splitlines()[:2]
    cells = next(csv.reader([second]))
    columns = next(csv.reader([first]))
    for i, name in enumerate(columns):
        if name in ("notes", "summary", "jurisdiction_name", "source_title"):
            cells[i] = PAYLOAD
    buffer = io.StringIO()
    csv.writer(buffer).writerows([columns, cells])
    rules = parse_rules(buffer.getvalue(), "tampered.csv")
    assert_inert(rules_table_html(rules))


# ------------------------------------------------------------------------------ formulas


FORMULAS = ["=1+1", "+1 555 0100", "-cmd|' /C calc'!A0", "@SUM(A1:A9)", '=HYPERLINK("x","y")']


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_neutralised_and_round_trip(field, formula):
    provider = markup_provider(field, formula)
    text = providers_to_csv([provider])
    header, row = list(csv.reader(io.StringIO(text)))
    cell = row[header.index(field)]
    assert cell == "'" + formula  # a spreadsheet shows it as text
    assert all(not c or c[0] not in "=+-@" for c in row)
    assert read_providers(text, "out.csv").providers == [provider]


def test_the_formula_corpus_file_round_trips(capsys):
    result = read_providers(BAD / "formulas.csv")
    assert result.problems == []
    (provider,) = result.providers
    assert provider.name.startswith("=HYPERLINK")
    text = providers_to_csv(result.providers)
    assert read_providers(text, "again.csv").providers == result.providers
    code, out, _err = vet(capsys, BAD / "formulas.csv", "--format", "csv")
    assert code == 0
    for row in csv.reader(io.StringIO(out)):
        assert all(not c or c[0] not in "=+-@" for c in row)


def test_every_column_is_exported_and_read_back():
    assert set(TEXT_FIELDS) <= set(CSV_COLUMNS)


# ------------------------------------------------------------------------------ plan files

PLAN_CASES = [
    ("plan_truncated.json", "plan_truncated.json", "is not valid JSON (line 1"),
    ("plan_wrong_types.json", "costs.sessions", "whole number"),
    ("plan_newer.json", "schema_version", "newer dnkit (schema 7)"),
    ("plan_huge_numbers.json", "costs.price_high", "finite"),
    ("plan_nan.json", "plan_nan.json", "contains NaN"),
]


@pytest.mark.parametrize(("name", "where", "fragment"), PLAN_CASES)
def test_bad_plan_files_name_the_field(name, where, fragment):
    with pytest.raises(PlanLoadError) as err:
        load_plan((BAD / name).read_bytes(), name)
    assert err.value.where == where
    assert fragment in err.value.message


def test_an_older_plan_is_migrated():
    plan = load_plan((BAD / "plan_v0.json").read_bytes(), "plan_v0.json")
    assert plan.schema_version == SCHEMA_VERSION
    assert plan.jurisdiction == "CO" and plan.costs.sessions == 8
    assert plan.concern == "low back pain"
    again = load_plan(plan_to_json(plan))
    assert again.model_dump(exclude={"saved_at"}) == plan.model_dump(exclude={"saved_at"})


@pytest.mark.parametrize("kind", ["list", "object"])
def test_deeply_nested_json_is_refused(kind):
    text = gen.deep_json(kind=kind)
    with pytest.raises(PlanLoadError) as err:
        load_plan(text, "deep.json")
    assert err.value.where == "deep.json" and "nested too deeply" in err.value.message
    result = read_providers(text, "deep.json")
    assert [str(p) for p in result.problems] == ["deep.json: is nested too deeply to read"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"costs": {"sessions": 1' + "0" * 5000 + "}}", "plan.json"),
        ('{"costs": {"sessions": 100000000000000000000}}', "costs.sessions"),
        ('{"weights": {"cost": 1e300}}', "weights"),
        (
            '{"providers": [{"name": "x", "profession": "PT", "distance_miles": 1e999}]}',
            "providers",
        ),
        ("[1, 2, 3]", "plan.json"),
        ('"just a string"', "plan.json"),
        ('{"schema_version": "1"}', "schema_version"),
        ('{"jurisdiction": "Atlantis"}', "jurisdiction"),
        ('{"costs": {"profession": "Wizard"}}', "costs.profession"),
        ('{"surprise": true}', "surprise"),
    ],
)
def test_huge_numbers_and_wrong_shapes_in_plans(text, where):
    with pytest.raises(PlanLoadError) as err:
        load_plan(text.encode(), "plan.json")
    assert err.value.where == where
    assert err.value.message


def test_a_bad_plan_upload_leaves_the_current_plan_unchanged():
    from dnkit.store import PlanStore
    from dnkit.ui.plan_view import PlanView

    store = PlanStore()
    store.update(jurisdiction="FL", concern="knee")
    before = store.plan.model_dump()
    view = PlanView(store)
    names = [n for n, *_ in PLAN_CASES]
    for name in names:
        data = (BAD / name).read_bytes()
        view.upload.value = (
            {
                "name": name,
                "type": "application/json",
                "size": len(data),
                "content": memoryview(data),
                "last_modified": datetime.now(UTC),
            },
        )
        assert store.plan.model_dump() == before
        assert f"Could not load {name}" in view.message.value
        assert "Nothing was changed" in view.message.value


@pytest.mark.parametrize(
    ("call", "field", "words"),
    [
        (lambda: normalize_jurisdiction("Atlantis"), "jurisdiction", "Atlantis"),
        (lambda: normalize_profession("wizard"), "profession", "wizard"),
        (lambda: normalize_postal_code("8O202"), "postal code", "ZIP"),
        (lambda: normalize_state("Narnia"), "state", "Narnia"),
        (lambda: costs.parse_sessions("12-1"), "sessions", "12-1"),
        (lambda: costs.parse_price("lots"), "price_low", "lots"),
        (lambda: parse_sure_answers({"sure": "maybe"}), "sure.sure", "yes or no"),
    ],
)
def test_every_layer_says_which_field_is_wrong_the_same_way(call, field: str, words: str) -> None:
    """One kind of error across layers: a view or the CLI reads ``field`` instead of parsing."""
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.field == field
    assert words in caught.value.message
    assert not caught.value.message.startswith(f"{field}:")
