"""Each ranked provider carries its total for the planned sessions (the cheapest way, from the
cost planner) and, when it does not meet the checks, why; the robustness sentence in plain words.

Dollar figures are worked by hand in the comments.
"""

from __future__ import annotations

import pytest
from support.readability import failures

from dnkit.compare import CRITERIA, compare, course_for, default_weights, way_to_pay
from dnkit.costs import Package, PriceRange, Pricing, cheapest_mixes
from dnkit.providers import Provider, sample_providers
from dnkit.vetting import assess


def make(name: str, **fields) -> Provider:
    return Provider(name=name, profession=fields.pop("profession", "PT"), **fields)


def packaged() -> Provider:
    # $80 a visit, a $100 first visit, and 6 sessions for $420.
    return make(
        "Package Place (fictional)",
        price_per_session=PriceRange(80, 80, 80),
        first_visit_fee=100,
        packages=(Package(6, 420),),
    )


def per_visit() -> Provider:
    return make(
        "Per Visit Place (fictional)", price_per_session=PriceRange(80, 80, 80), first_visit_fee=100
    )


# ----------------------------------------------------------------------------- totals


def test_six_sessions_with_a_package_cost_520_not_580():
    # Per visit: 100 + 6 x 80 = 580. With the package: 100 + 420 = 520.
    result = compare([packaged(), per_visit()], None, 6, {"cost": 1})
    totals = {r.name: r.cost for r in result.ranked}
    package = totals["Package Place (fictional)"]
    assert (package.low, package.typical, package.high) == (520, 520, 520)
    assert package.how == "a 6-session package plus the $100 first-visit fee"
    assert package.text() == (
        "$520 for 6 sessions: a 6-session package plus the $100 first-visit fee"
    )
    plain = totals["Per Visit Place (fictional)"]
    assert plain.typical == 580
    assert plain.how == "paying per visit plus the $100 first-visit fee"
    # The cost score uses the same totals: 520 / 580.
    first = result.ranked[0]
    assert first.name == "Package Place (fictional)"
    assert result.ranked[1].score("cost").score == pytest.approx(520 / 580)


def test_the_total_follows_the_chosen_number_of_sessions():
    # 4 sessions: 4 visits (320) cost less than the 6-pack (420), so 100 + 320 = 420.
    four = compare([packaged()], None, 4, {"cost": 1}).ranked[0].cost
    assert four.typical == 420 and four.how == "paying per visit plus the $100 first-visit fee"
    # 8 sessions: 6-pack + 2 visits = 420 + 160 = 580, plus 100 = 680 (per visit: 740).
    eight = compare([packaged()], None, 8, {"cost": 1}).ranked[0].cost
    assert eight.typical == 680
    assert eight.how == "a 6-session package and 2 single visits plus the $100 first-visit fee"
    # 12 sessions: two 6-packs = 840, plus 100 = 940 (per visit: 1,060).
    twelve = compare([packaged()], None, 12, {"cost": 1}).ranked[0].cost
    assert twelve.typical == 940
    assert twelve.how.startswith("2 6-session packages")


def test_a_price_range_names_the_way_and_when_another_way_is_cheaper():
    # Example Physical Therapy: $60-90 (typical 75), $120 first visit, 6 for $420.
    # Typical: package 420 < 6 x 75 = 450, so 120 + 420 = 540. Low: 6 x 60 = 360 < 420, so
    # 120 + 360 = 480. High: 6 x 90 = 540 > 420, so 540.
    pt = next(p for p in sample_providers() if p.name.startswith("Example Physical"))
    cost = compare([pt], "FL", 6, default_weights()).ranked[0].cost
    assert (cost.low, cost.typical, cost.high) == (480, 540, 540)
    assert cost.total_text() == "$540 ($480 to $540)"
    assert cost.how == (
        "a 6-session package plus the $120 first-visit fee. "
        "At $60 a visit, paying per visit would cost less"
    )


def test_a_spare_session_is_named():
    # 8 sessions at $100 each = 800; a 10-pack for $650 beats it, with 2 left over.
    p = make("Ten Pack (fictional)", price_per_session=PriceRange(100, 100, 100),
             packages=(Package(10, 650),))  # fmt: skip
    cost = compare([p], None, 8, {"cost": 1}).ranked[0].cost
    assert cost.typical == 650 and cost.how == "a 10-session package (2 left over)"


def test_no_price_means_no_total():
    result = compare([make("No Price (fictional)")], None, 6, {"training": 1})
    assert result.ranked[0].cost is None
    assert result.ranked[0].score("cost").detail == "no price per session given"


def test_totals_agree_with_the_cost_engine():
    pricing = Pricing(PriceRange(55, 70, 95), first_visit_fee=40,
                      packages=(Package(5, 300), Package(12, 700)))  # fmt: skip
    for n in (1, 3, 5, 6, 11, 12, 20):
        cost = course_for(pricing, n)
        mix = cheapest_mixes(n, 70, pricing.packages)[-1]
        assert cost.typical == pytest.approx(40 + mix.cost)
        assert cost.how.startswith(way_to_pay(mix))


# ----------------------------------------------------------------------------- the checks


def test_a_provider_that_fails_the_checks_says_so_in_the_ranking():
    # California does not let a PT dry needle; with the state must-have off, the PT is still
    # ranked, but the ranking says why it does not meet the checks.
    pt = next(p for p in sample_providers() if p.name.startswith("Example Physical"))
    result = compare(sample_providers(), "CA", 6, default_weights())
    first = result.ranked[0]
    assert first.name == pt.name
    assert first.meets_checks is False and first.serious
    assert first.check_note.startswith("Does not meet the checks.")
    assert "In California, dry needling is outside the license of a physical therapist" in (
        first.check_note
    )
    assert "Note: Does not meet the checks." in result.summary
    wellness = next(r for r in result.ranked if r.name.startswith("Example Wellness"))
    assert "sterile single-use needles" in wellness.check_note
    assert "Also failed: health check before needling." in wellness.check_note


def test_a_state_not_confirmed_is_named_when_the_must_have_is_off():
    result = compare(sample_providers(), "FL", 6, default_weights())
    notes = {r.name: r for r in result.ranked}
    pt = notes["Example Physical Therapy (fictional)"]
    assert pt.meets_checks is True and pt.check_note == "" and not pt.serious
    assert "Note:" not in result.summary
    pain = notes["Placeholder Pain Center (fictional)"]
    assert pain.serious
    assert pain.check_note.startswith("Not confirmed as allowed in your state.")
    assert "medical doctor in Florida" in pain.check_note
    # With the must-have on, the same provider is left out with the same reason instead.
    on = compare(sample_providers(), "FL", 6, default_weights(), {"permitted": True})
    assert [r.name for r in on.ranked] == ["Example Physical Therapy (fictional)"]
    assert any("medical doctor in Florida" in " ".join(f.reasons) for f in on.filtered)


def test_open_questions_are_listed_and_no_state_means_no_note():
    # In Virginia the PT's license is from Florida: a caution, not a failure.
    pt = next(p for p in sample_providers() if p.name.startswith("Example Physical"))
    r = compare([pt], "VA", 6, default_weights()).ranked[0]
    assert r.verdict == "caution" and not r.serious
    assert (
        r.check_note == "May be fine, but ask 1 thing before you book: license is for your state."
    )
    blank = make("Blank (fictional)")
    r = compare([blank], "CO", 6, {"training": 1}).ranked[0]
    assert r.verdict == "incomplete"
    assert r.check_note.startswith("Not enough is known yet.")
    assert "Ask about: " in r.check_note and "sterile single-use needles" in r.check_note
    r = compare([pt], None, 6, default_weights()).ranked[0]
    assert r.meets_checks is None and r.check_note == ""


# ----------------------------------------------------------------------------- words


def test_robustness_says_how_often_first_place_held_in_plain_words():
    a = make("Alpha (fictional)", dn_hours_total=60, dn_hours_in_person=50,
             price_per_session=PriceRange(100, 100, 100))  # fmt: skip
    b = make("Bravo (fictional)", dn_hours_total=40, dn_hours_in_person=40,
             price_per_session=PriceRange(70, 70, 70))  # fmt: skip
    # Alpha: training 1, cost 0.7; Bravo: training 0.5 + 0.5 * 13/23, cost 1. With an even
    # split the totals are close, so random nudges of up to 20% sometimes put Bravo first.
    result = compare([a, b], None, 6, {"training": 50, "cost": 50})
    robust = result.robustness
    kept = round(robust.holds * robust.draws)
    assert 0 < kept < robust.draws
    top = result.ranked[0].name
    assert f"{top} stayed first {kept:,} times out of 1,000." in robust.sentence
    other = result.ranked[1].name
    assert f"In the other tries, {other} came first most often." in robust.sentence
    assert "100%" not in robust.sentence and "in which" not in robust.sentence


def test_beaten_note_is_plain():
    result = compare([packaged(), make("Blank (fictional)")], None, 6, {"cost": 1, "training": 1})
    blank = next(r for r in result.ranked if r.name == "Blank (fictional)")
    assert (
        blank.beaten_note
        == "Package Place (fictional) is as good or better on everything you weigh."
    )
    assert result.ranked[0].beaten_note == ""


def test_new_sentences_read_at_grade_8_or_below():
    """dnkit's own words here; the vetting findings quoted inside a check note are the
    vetting module's texts, graded with it, so they are taken out before grading."""
    a = make("Alpha Clinic", dn_hours_total=60, dn_hours_in_person=50,
             price_per_session=PriceRange(60, 75, 90), first_visit_fee=120,
             packages=(Package(6, 420),))  # fmt: skip
    b = make("Bravo Clinic", dn_hours_total=40, dn_hours_in_person=40,
             price_per_session=PriceRange(70, 70, 70))  # fmt: skip
    c = make("Charlie Clinic", profession="DC")
    texts = []
    for state in ("CA", "CO", "VA", "FL"):
        result = compare([a, b, c], state, 6, dict.fromkeys(CRITERIA, 10))
        texts.append((f"{state} robustness", result.robustness.sentence))
        for r in result.ranked:
            note = r.check_note
            for finding in assess(r.provider, state).findings:
                note = note.replace(finding.message, "")
            texts.append((f"{state} {r.name} check", note))
            texts.append((f"{r.name} cost", r.cost.text() if r.cost else ""))
            texts.append((f"{r.name} beaten", r.beaten_note))
    texts = [(where, text) for where, text in texts if text.strip()]
    assert len(texts) > 10
    assert failures(texts) == []
