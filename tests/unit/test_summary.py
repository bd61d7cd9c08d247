"""The printed and saved summary carries what a person takes to the visit."""

from dnkit.cost_inputs import CostInputs
from dnkit.plan import Plan
from dnkit.providers import Provider
from dnkit.render.summary import build_report, summary_html, summary_markdown

ALPHA = Provider(
    name="Alpha Physio (fictional)", profession="PT", license_state="CO",
    license_verified="yes", dn_hours_total=60, dn_hours_in_person=50,
    sterile_single_use_needles="yes", price_per_session="80", first_visit_fee=100,
    packages="6:420", phone="303-555-0101", address="100 Main St, Denver, CO 80202",
)  # fmt: skip
BETA = Provider(
    name="Beta Chiropractic (fictional)", profession="DC", price_per_session="60-90",
    phone="303-555-0199",
)  # fmt: skip


def plan() -> Plan:
    return Plan(
        jurisdiction="CO",
        providers=[ALPHA, BETA],
        must_haves={},
        weights={
            "training": 50,
            "cost": 50,
            "experience": 0,
            "safety": 0,
            "insurance": 0,
            "setting": 0,
            "distance": 0,
        },
        costs=CostInputs(sessions=6, covered="yes", copay=30, profession="PT"),
    )


def test_the_summary_has_the_ranking_with_scores_weights_and_each_provider_s_details():
    text = summary_markdown(plan())
    assert "What I weigh: Training 50%, Cost 50%." in text
    assert "### 1\\. Alpha Physio (fictional) (Physical therapist (PT))" in text
    assert "- Score: " in text
    assert "- Phone: 303-555-0101" in text and "- Address: 100 Main St, Denver, CO 80202" in text
    # Six sessions at $80, a $100 first visit and a 6-for-$420 package: $520.
    assert "- Cost: $520 for 6 sessions: a 6-session package plus the $100 first-visit fee" in text
    assert "Checks: " in text and "Questions still to ask:" in text


def test_the_costs_say_the_conditions_behind_them():
    report = build_report(plan())
    # A $30 copay for each of 6 visits, and Alpha's $100 first-visit fee, which no plan is known
    # to pay: $280.
    assert report.headline.startswith("With your insurance you would pay about $280")
    assert "Who does the needling: Physical therapist (PT)." in report.conditions
    assert any(c.startswith("Insurance: your plan pays (copay $30") for c in report.conditions)
    assert report.conditions[0] == "Prices: Alpha Physio (fictional)'s."


def test_the_state_s_rules_for_each_profession_come_with_their_sources():
    report = build_report(plan())
    assert [r.profession for r in report.rules] == ["PT", "DC"]
    for rule in report.rules:
        assert set(rule.sources) <= set(report.sources)
    html = summary_html(plan())
    assert "The rules in Colorado" in html and "<h2>Sources</h2>" in html
    assert "Physical therapist (PT): Allowed." in html
