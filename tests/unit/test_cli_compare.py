"""``dnkit compare``: the dashboard's ranking from the command line, for a care navigator with
a spreadsheet. Dollar figures are worked by hand in the comments."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dnkit.cli import VERBS, main
from dnkit.compare import compare, default_weights
from dnkit.providers import read_providers

# A Virginia navigator's list, in the app's words.
NAVIGATOR_CSV = (
    "name,profession,license_state,license_verified,dn_hours_total,dn_hours_in_person,"
    "years_dry_needling,sterile_single_use_needles,written_consent,initial_assessment,"
    "side_effect_plan,integrated_plan,setting,price_per_session,first_visit_fee,packages,phone\n"
    # 6 sessions: per visit 100 + 6 x 80 = 580; with the 6-pack 100 + 420 = 520.
    "Alpha Physio (fictional),Physical therapist (PT),VA,Yes,60,54,5,Yes,Yes,Yes,Yes,Yes,"
    "Physical therapy clinic,80,100,6:420,555-0111\n"
    # Virginia's rules found nothing on chiropractors: left out by the state must-have.
    "Beta Chiro (fictional),Chiropractor (DC),VA,Yes,40,30,3,Yes,Yes,Yes,Yes,Yes,"
    "Chiropractic office,55,,,555-0112\n"
    # $60-90 (typical 75), no fee; the 10-pack for $650 never beats 6 visits:
    # 6 x 75 = 450 (6 x 60 = 360 to 6 x 90 = 540).
    "Gamma Therapy (fictional),PT,VA,Not sure,30,20,1,Yes,Not sure,Yes,No,Yes,"
    "Pain clinic,60-90,,10:650,555-0113\n"
)


@pytest.fixture
def navigator_file(tmp_path):
    path = tmp_path / "navigator.csv"
    path.write_text(NAVIGATOR_CSV)
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_verb_exists_and_compare_is_one(capsys):
    assert "compare" in VERBS
    for verb in VERBS:  # each verb answers --help: none is missing
        with pytest.raises(SystemExit) as done:
            main([verb, "--help"])
        assert done.value.code == 0
        assert f"usage: dnkit {verb}" in capsys.readouterr().out


def test_json_ranks_as_the_dashboard_does_with_totals_and_who_is_left_out(capsys, navigator_file):
    code, out, err = run(capsys, str(navigator_file), "--state", "Virginia", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    # The same call the dashboard makes: default weights, the state must-have on.
    providers = read_providers(navigator_file).providers
    same = compare(providers, "VA", 6, default_weights(), {"permitted": True})
    assert [r["provider"] for r in data["ranked"]] == [r.name for r in same.ranked]
    assert [r["score"] for r in data["ranked"]] == [r.total for r in same.ranked]
    assert data["must_haves"]["permitted"] is True
    ranked = {r["provider"]: r for r in data["ranked"]}
    alpha, gamma = ranked["Alpha Physio (fictional)"], ranked["Gamma Therapy (fictional)"]
    assert (alpha["cost"]["typical"], alpha["cost"]["how"]) == (
        520, "a 6-session package plus the $100 first-visit fee",
    )  # fmt: skip
    assert (gamma["cost"]["low"], gamma["cost"]["typical"], gamma["cost"]["high"]) == (
        360, 450, 540,
    )  # fmt: skip
    assert gamma["cost"]["how"] == "paying per visit"
    assert alpha["phone"] == "555-0111"
    (left,) = data["left_out"]
    assert left["provider"] == "Beta Chiro (fictional)"
    assert "chiropractor in Virginia" in left["reasons"][0]
    assert data["robustness"]["sentence"].startswith("We tried 1,000 small changes")
    assert data["robustness"]["sentence"] in data["summary"]
    assert data["problems"] == []


def test_table_for_people_says_totals_checks_left_out_and_how_sure(capsys, navigator_file):
    code, out, _ = run(capsys, str(navigator_file), "--state", "VA", "--sessions", "6")
    assert code == 0
    assert out.startswith("Providers compared for Virginia (VA), 6 sessions.")
    assert "not medical advice" in out.lower()
    assert "We tried 1,000 small changes to your weights" in out
    assert "$520 for 6 sessions: a 6-session package plus the $100 first-visit fee." in out
    assert "$450 ($360 to $540) for 6 sessions: paying per visit." in out
    assert "Left out by your must-haves:\n- Beta Chiro (fictional): Not confirmed" in out
    assert "Must-haves: allowed to dry needle in your state." in out


def test_the_state_must_have_can_be_turned_off_and_then_the_check_says_why(capsys, navigator_file):
    code, out, _ = run(
        capsys, str(navigator_file), "--state", "VA", "--keep-unconfirmed", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["left_out"] == [] and data["must_haves"]["permitted"] is False
    beta = next(r for r in data["ranked"] if r["provider"] == "Beta Chiro (fictional)")
    assert beta["check_note"].startswith("Not confirmed as allowed in your state.")
    assert beta["meets_checks"] is False


def test_weights_sessions_and_must_haves_change_the_result(capsys, navigator_file):
    # Cost only, 12 sessions: Alpha 100 + 2 x 420 = 940; Gamma 650 + 2 x 75 = 800 (a 10-pack
    # and two visits beat 12 x 75 = 900), so Gamma is cheapest and comes first.
    code, out, _ = run(
        capsys, str(navigator_file), "--state", "VA", "--sessions", "12",
        *(f"--weight={k}=0" for k in default_weights() if k != "cost"), "--weight", "cost=100",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    first, second = data["ranked"]
    assert first["provider"] == "Gamma Therapy (fictional)" and first["cost"]["typical"] == 800
    assert first["cost"]["how"].startswith("a 10-session package and 2 single visits")
    assert second["cost"]["typical"] == 940
    assert data["weights"]["cost"] == 1.0
    code, out, _ = run(
        capsys, str(navigator_file), "--state", "VA", "--must-have", "max-cost=500",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert [r["provider"] for r in data["ranked"]] == ["Gamma Therapy (fictional)"]
    alpha = next(f for f in data["left_out"] if f["provider"] == "Alpha Physio (fictional)")
    assert "About $520 for your sessions, more than your limit of $500." in alpha["reasons"]


def test_csv_has_a_row_per_provider_and_neutralises_formulas(capsys, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("name,profession,price_per_session\n=HYPERLINK(1) (fictional),PT,80\n")
    code, out, _ = run(capsys, str(path), "--state", "CO", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["provider"] == "'=HYPERLINK(1) (fictional)"
    assert rows[0]["rank"] == "1" and rows[0]["cost_typical"] == "480.00"  # 6 x 80


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--state", "Atlantis"], "--state: 'Atlantis' is not a place"),
        (["--state", "VA", "--sessions", "lots"], "--sessions: must be a whole number"),
        (["--state", "VA", "--sessions", "0"], "--sessions: must be at least 1"),
        (["--state", "VA", "--weight", "speed=3"], "--weight: write it as CRITERION=N"),
        (["--state", "VA", "--weight", "cost=-5"], "weight for cost"),
        (["--state", "VA", "--must-have", "halal"], "--must-have: 'halal' is not one of"),
        (["--state", "VA", "--must-have", "max-cost=cheap"], "--must-have max-cost"),
        (["--state", "VA", "--prefer", "Spa"], "--prefer: 'Spa' is not one of"),
        (
            ["--state", "VA", *(f"--weight={k}=0" for k in default_weights())],
            "give at least one --weight above 0",
        ),
    ],
)
def test_bad_options_name_the_option(capsys, navigator_file, args, fragment):
    code, out, err = run(capsys, str(navigator_file), *args)
    assert code == 2 and out == ""
    assert err.startswith("dnkit compare: ") and fragment in err


def test_unreadable_files_exit_2_with_every_row_named(capsys, tmp_path):
    code, _, err = run(capsys, str(tmp_path / "missing.csv"), "--state", "VA")
    assert code == 2 and "no such file" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("name,profession\nOne (fictional),Wizard\n")
    code, out, err = run(capsys, str(bad), "--state", "VA")
    assert code == 2 and out == ""
    assert "row 1, column profession" in err and "nothing was compared" in err
