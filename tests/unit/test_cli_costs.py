"""``dnkit costs``: the numbers, the JSON shape scripts rely on, and exit codes."""

import csv
import io
import json

import pytest

from dnkit.cli import main
from dnkit.costs import Package, PriceRange, Pricing, plan_costs


def run_json(capsys, *argv):
    assert main(["costs", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_gives_every_session_count_and_route(capsys):
    data = run_json(
        capsys,
        "--sessions", "1-12",
        "--price", "50-150",
        "--package", "6:420",
        "--package", "10:650",
        "--covered", "yes",
        "--allowed-amount", "100",
        "--deductible-remaining", "500",
        "--coinsurance", "20",
        "--medicare", "--profession", "PT", "--chronic-low-back-pain",
    )  # fmt: skip
    assert data["sessions"] == list(range(1, 13))
    assert [row["sessions"] for row in data["rows"]] == list(range(1, 13))
    for row in data["rows"]:
        assert set(row["routes"]) == {"self_pay", "package", "insurance", "medicare"}
        for route in row["routes"].values():
            for kind in ("total", "out_of_pocket"):
                band = route[kind]
                assert set(band) == {"low", "typical", "high"}
                assert band["low"] <= band["typical"] <= band["high"]
    six = data["rows"][5]["routes"]
    assert six["self_pay"]["out_of_pocket"] == {"low": 300, "typical": 600, "high": 900}
    assert six["package"]["out_of_pocket"]["high"] == 420
    # deductible $500 paid over visits 1-5, then 20% of $100
    assert six["insurance"]["out_of_pocket"]["typical"] == 520
    assert six["medicare"]["out_of_pocket"] == six["self_pay"]["out_of_pocket"]
    assert any("6-session package is cheaper" in s for s in data["crossovers"])
    assert data["good_faith_estimate"]["dispute_threshold"] == 400
    assert data["good_faith_estimate"]["sources"][0]["url"].startswith("https://")
    assert [r["key"] for r in data["routes"]] == ["self_pay", "package", "insurance", "medicare"]
    assert all("title" in s and "date" in s for s in data["sources"])


def test_cli_matches_the_engine(capsys):
    data = run_json(capsys, "--sessions", "8", "--price", "60-90", "--package", "6:420")
    engine = plan_costs(8, Pricing(PriceRange.between(60, 90), packages=(Package(6, 420),)))
    want = engine.route("package").at(8).out_of_pocket
    assert data["sessions"] == [8]
    got = data["rows"][0]["routes"]["package"]["out_of_pocket"]
    assert (got["low"], got["typical"], got["high"]) == (want.low, want.typical, want.high)


def test_default_price_is_the_sourced_range_and_typical_can_be_set(capsys):
    data = run_json(capsys, "--sessions", "1", "--typical", "120")
    assert data["rows"][0]["routes"]["self_pay"]["total"] == {
        "low": 50,
        "typical": 120,
        "high": 150,
    }
    assert any("UNCONFIRMED" in s["label"] for s in data["sources"])


def test_first_visit_fee_and_metro_factor(capsys):
    data = run_json(
        capsys, "--sessions", "2", "--price", "100", "--first-visit-fee", "120",
        "--metro-factor", "1.5",
    )  # fmt: skip
    # ($120 + 2 x $100) x 1.5
    assert data["rows"][0]["routes"]["self_pay"]["total"]["typical"] == 480


def test_csv_has_one_row_per_count_and_route(capsys):
    assert main(["costs", "--sessions", "1-3", "--package", "6:420", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["sessions"], r["route"]) for r in rows][:2] == [("1", "self_pay"), ("1", "package")]
    assert len(rows) == 6
    assert rows[0]["out_of_pocket_high"] == "150.00"


def test_table_lists_crossovers_and_sources(capsys):
    assert main(["costs", "--sessions", "6", "--price", "100", "--package", "6:420"]) == 0
    out = capsys.readouterr().out
    assert "$420" in out and "$600" in out
    assert "From 5 sessions on, the 6-session package is cheaper" in out
    assert "Good Faith Estimate" in out and "Sources:" in out


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--sessions", "0"], "--sessions"),
        (["--sessions", "a-b"], "--sessions"),
        (["--price", "-5"], "--price"),
        (["--price", "150-50"], "--price"),
        (["--price", "50-nan"], "--price"),
        (["--typical", "500", "--price", "50-150"], "--typical"),
        (["--first-visit-fee", "-1"], "--first-visit-fee"),
        (["--metro-factor", "12"], "--metro-factor"),
        (["--package", "6x420"], "--package"),
        (["--covered", "yes", "--coinsurance", "120"], "--coinsurance"),
        (["--covered", "yes", "--copay", "inf"], "--copay"),
        (["--covered", "yes", "--visit-cap", "2.5"], "--visit-cap"),
        (["--covered", "yes", "--visits-used", "-1"], "--visits-used"),
        (["--covered", "yes", "--oop-max-remaining", "x"], "--oop-max-remaining"),
        (["--copay", "30"], "--covered"),
        (["--medicare"], "--profession"),
        (["--medicare", "--profession", "plumber"], "--profession"),
        (
            ["--medicare", "--profession", "MD", "--part-b-deductible-remaining", "x"],
            "--part-b-deductible-remaining",
        ),
        (["--provider-file", "missing.csv"], "--provider"),
    ],
)
def test_bad_input_exits_2_naming_the_option(capsys, argv, option):
    assert main(["costs", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dnkit costs: {option}")


def test_unknown_format_is_refused_by_argparse(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["costs", "--format", "xml"])
    assert exit_.value.code == 2
    assert "--format" in capsys.readouterr().err


@pytest.fixture
def clinic_file(tmp_path):
    path = tmp_path / "clinics.csv"
    path.write_text(
        "name,profession,price_per_session,first_visit_fee,packages\n"
        "Alpha Physio (fictional),PT,80,100,6:420\n"
        "Doc Clinic (fictional),MD,120,,\n",
        encoding="utf-8",
    )
    return path


def test_a_providers_own_prices_and_the_person_s_case_come_first(capsys, clinic_file):
    # Six sessions at $80 with a $100 first visit and a 6-for-$420 package: $520, not $580.
    argv = ["costs", "--sessions", "6", "--provider-file", str(clinic_file)]
    assert main([*argv, "--provider", "alpha physio (fictional)"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        "Paying the clinic yourself costs about $520 for 6 sessions at Alpha Physio "
        "(fictional)'s prices (with the package)."
    )
    assert main([*argv, "--provider", "Alpha Physio (fictional)", "--medicare"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Medicare does not pay for dry needling by a physical therapist.")
    assert "about $520 for 6 sessions" in first
    assert main([*argv, "--provider", "Nobody", "--format", "json"]) == 2
    assert "no provider called 'Nobody'" in capsys.readouterr().err


def test_medicare_with_a_doctor_uses_the_year_s_deductible_unless_met(capsys, clinic_file):
    argv = ["costs", "--sessions", "6", "--provider-file", str(clinic_file)]
    argv += ["--provider", "Doc Clinic (fictional)", "--medicare", "--chronic-low-back-pain"]
    argv += ["--format", "json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    # $120 a visit, 6 visits: $283 deductible, then 20% of the other $437 = $87.40 -> $370.
    assert data["headline"].startswith("Medicare can pay for this. You would pay about $370")
    assert any("$283" in n for r in data["routes"] for n in r["notes"])
    assert main([*argv, "--part-b-met"]) == 0
    # Deductible met: 20% of $720 = $144.
    assert "about $144 for 6 sessions" in json.loads(capsys.readouterr().out)["headline"]
    assert main([*argv, "--medicare-advantage"]) == 0
    assert json.loads(capsys.readouterr().out)["headline"].startswith(
        "A Medicare Advantage plan sets what you pay."
    )
