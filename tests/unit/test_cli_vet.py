"""``dnkit vet``: exit codes, table/json/csv output, problems on stderr."""

import csv
import io
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from dnkit.cli import main
from dnkit.cli.vet import CSV_FIELDS
from dnkit.providers import providers_to_csv, sample_providers

SAMPLES = str(files("dnkit") / "data" / "sample_providers.csv")
CORPUS = Path(__file__).parents[1] / "data" / "providers"


def run(capsys, *argv):
    code = main(["vet", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_puts_the_verdict_first_and_says_what_to_ask(capsys):
    code, out, err = run(capsys, SAMPLES, "--state", "Florida")
    assert code == 0 and err == ""
    assert out.startswith("Dry needling check for Florida (FL).")
    assert "not medical advice" in out
    for p in sample_providers():
        assert p.name in out
    assert "Verdict: MEETS THE CHECKS." in out
    assert "Verdict: DOES NOT MEET THE CHECKS." in out
    assert 'Ask: "Are your needles sterile?' in out
    assert "Sources:" in out and "[1] " in out
    # a failing finding is listed before the provider's passing ones
    block = out.split("\n5. Example Wellness Studio (fictional)")[1]
    assert block.index("FAIL") < block.index("OK ")


def test_json_carries_every_finding_with_its_source(capsys):
    code, out, _ = run(capsys, SAMPLES, "--state", "fl", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["jurisdiction"] == "FL" and data["problems"] == []
    assert len(data["assessments"]) == len(sample_providers())
    verdicts = {a["verdict"] for a in data["assessments"]}
    assert verdicts <= {"meets", "caution", "incomplete", "does_not_meet"}
    assert {"meets", "does_not_meet"} <= verdicts
    for a in data["assessments"]:
        for f in a["findings"]:
            assert set(f) == {"criterion", "label", "status", "message", "ask", "source"}
            if f["criterion"].startswith("state_") and a["rule"]["sources"]:
                assert f["source"]["url"] in {s["url"] for s in a["rule"]["sources"]}
            if f["source"]:
                assert f["source"]["date"] and f["source"]["title"]


def test_csv_is_one_row_per_finding_and_formula_safe(capsys, tmp_path):
    risky = sample_providers()[0].replace(name="=HYPERLINK(1) (fictional)")
    path = tmp_path / "risky.csv"
    path.write_text(providers_to_csv([risky]), encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--state", "FL", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_FIELDS
    assert len(rows) > 10
    assert all(r[0] == "'=HYPERLINK(1) (fictional)" for r in rows[1:])
    assert {r[3] for r in rows[1:]} == {"meets"}


def test_bad_rows_are_reported_but_the_rest_is_checked(capsys):
    code, out, err = run(capsys, str(CORPUS / "bad_numbers.csv"), "--state", "FL")
    assert code == 0
    assert "Good Row (fictional)" in out
    assert "bad_numbers.csv, row 1, column dn_hours_total: must be a number" in err
    assert err.count("\n") == 5


def test_json_lists_the_problems_too(capsys):
    _, out, _ = run(capsys, str(CORPUS / "bad_numbers.csv"), "--state", "FL", "--format", "json")
    problems = json.loads(out)["problems"]
    assert problems[0]["row"] == 1 and problems[0]["column"] == "dn_hours_total"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([str(CORPUS / "bad_answers.csv"), "--state", "FL"], "no provider could be read"),
        ([str(CORPUS / "empty.csv"), "--state", "FL"], "is empty"),
        ([str(CORPUS / "binary.xlsx"), "--state", "FL"], "Excel workbook"),
        (["no-such-file.csv", "--state", "FL"], "no such file"),
        ([SAMPLES, "--state", "Atlantis"], "--state: 'Atlantis' is not a place"),
    ],
)
def test_nothing_usable_exits_2_with_a_message(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["vet", "--help"])
    out = capsys.readouterr().out
    assert "exit status:" in out and "0  the file was read" in out and "2  nothing" in out


def test_reads_standard_input():
    proc = subprocess.run(
        [sys.executable, "-m", "dnkit", "vet", "-", "--state", "TX", "--format", "json"],
        input=Path(SAMPLES).read_bytes(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["jurisdiction"] == "TX"
