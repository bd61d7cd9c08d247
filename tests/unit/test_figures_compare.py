"""Comparison figures: fixed traces, patterns and shapes, unknowns marked, words and tables."""

from __future__ import annotations

import pytest

from dnkit.compare import CRITERIA, compare, default_weights
from dnkit.costs import PriceRange
from dnkit.figures import contributions_figure, scores_figure
from dnkit.figures.compare import (
    BAR_TRACE_COUNT,
    DOT_TRACE_COUNT,
    NAMES_NAME,
    UNKNOWN_NAME,
    UNKNOWN_X,
)
from dnkit.providers import Provider, sample_providers


def comparison(count: int):
    return compare(sample_providers()[:count], "FL", 6, default_weights())


@pytest.mark.parametrize("figure", [contributions_figure, scores_figure])
def test_trace_count_is_fixed_whatever_the_number_of_providers(figure):
    expected = BAR_TRACE_COUNT if figure is contributions_figure else DOT_TRACE_COUNT
    counts = {len(figure(comparison(n)).figure.data) for n in (0, 1, 2, 5)}
    assert counts == {expected}

    def names(n: int) -> list[str]:  # the criterion part; the weight share may follow
        return [t.name.split(" (")[0] for t in figure(comparison(n)).figure.data]

    assert names(5) == names(0)


def test_bars_stack_one_trace_per_criterion_with_distinct_patterns():
    result = contributions_figure(comparison(5))
    fig = result.figure
    assert fig.data[0].name == NAMES_NAME
    bars = fig.data[1:-1]
    assert len(bars) == len(CRITERIA)
    assert [b.name.split(" (")[0] for b in bars] == [
        "Training",
        "Experience",
        "Safety",
        "Cost",
        "Insurance",
        "Setting",
        "Distance",
    ]
    assert len({b.marker.pattern.shape for b in bars}) == len(CRITERIA)
    assert len({b.marker.color for b in bars}) == len(CRITERIA)
    assert fig.layout.barmode == "stack"
    # The stacked parts add up to each provider's total, best first.
    ranked = comparison(5).ranked
    for i, r in enumerate(ranked):
        assert sum(b.x[i] for b in bars) == pytest.approx(r.total)
    assert fig.data[0].text[0].startswith("1. Example Physical Therapy")


def test_unknown_answers_are_marked_not_drawn_as_scores():
    result = contributions_figure(comparison(5))
    marks = result.figure.data[-1]
    assert marks.name == UNKNOWN_NAME
    ranked = comparison(5).ranked
    with_unknowns = [r for r in ranked if r.unknowns]
    assert len(marks.x) == len(with_unknowns) == 3
    assert all(text.startswith("? ") for text in marks.text)
    assert "3 providers have unknown answers" in result.summary
    sports = next(r for r in ranked if r.name.startswith("Sample Sports"))
    row = next(row for row in result.table.rows if row[0].endswith(sports.name))
    assert "unknown" in row  # the insurance cell
    assert row[result.table.columns.index("Unknown")] == "insurance"


def test_bar_summary_and_table():
    result = contributions_figure(comparison(5))
    assert result.summary.startswith("Each bar is one provider's score out of 1")
    assert "Example Physical Therapy (fictional) comes first with 0.82." in result.summary
    assert result.table.columns[0] == "Provider"
    assert result.table.columns[2] == "Training (30%)"
    assert len(result.table.rows) == 5
    assert result.table.rows[0][0] == "1. Example Physical Therapy (fictional)"
    empty = contributions_figure(comparison(0))
    assert empty.summary.startswith("No providers to show yet.")
    assert empty.table.rows == ()


def test_dots_put_unknowns_in_their_own_column_with_a_question_mark():
    c = comparison(5)
    result = scores_figure(c)
    traces = result.figure.data[1:]
    assert [t.name for t in traces] == [c_.split(" (")[0] for c_ in (
        "Training", "Experience", "Safety", "Cost", "Insurance", "Setting", "Distance"
    )]  # fmt: skip
    assert len({t.marker.symbol[0].removesuffix("-open") for t in traces}) == len(CRITERIA)
    insurance = traces[CRITERIA.index("insurance")]
    sports = [r.name for r in c.ranked].index("Sample Sports Clinic (fictional)")
    assert insurance.x[sports] == UNKNOWN_X
    assert insurance.text[sports] == "?"
    assert insurance.marker.symbol[sports].endswith("-open")
    assert "unknown" in result.figure.layout.xaxis.ticktext
    assert "4 scores are unknown" in result.summary
    assert "Best on cost: Example Wellness Studio (fictional)." in result.summary
    assert result.table.rows[1][CRITERIA.index("insurance") + 1] == "unknown"


def test_names_are_escaped_in_the_chart():
    p = Provider(name='<a href="https://x.example">Click</a>', profession="PT",
                 price_per_session=PriceRange(50, 50, 50))  # fmt: skip
    c = compare([p], None, 6, {"cost": 1})
    for figure in (contributions_figure, scores_figure):
        fig = figure(c).figure
        text = str(fig.to_plotly_json()["data"])
        assert "<a href" not in text
        assert "&lt;a href" in text


def test_readable_on_a_phone():
    fig = contributions_figure(comparison(5)).figure
    assert fig.layout.yaxis.showticklabels is False  # names sit above the bars, full width
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.margin.l <= 16
    assert all(len(t) <= 44 for t in fig.data[0].text)


def test_bars_draw_their_colour_with_the_pattern_on_top():
    """A pattern replaces a bar's colour unless fillmode is "overlay" (then a white hatch on a
    transparent bar showed nothing); the browser test checks the painted pixels."""
    bars = contributions_figure(comparison(5)).figure.data[1:-1]
    for bar in bars:
        assert bar.marker.pattern.fillmode == "overlay"
        assert bar.marker.color.startswith("#") and bar.marker.color != bar.marker.pattern.fgcolor
        assert bar.marker.pattern.shape


def test_table_and_summary_carry_each_total_and_the_checks():
    # $80 a visit, $100 first visit, 6 for $420: 100 + 420 = 520 (not 100 + 6 x 80 = 580).
    p = Provider(name="Package Place (fictional)", profession="PT",
                 price_per_session=PriceRange(80, 80, 80), first_visit_fee=100,
                 packages=("6:420",))  # fmt: skip
    none = Provider(name="No Price (fictional)", profession="PT")
    result = contributions_figure(compare([p, none], None, 6, {"cost": 1}))
    columns = result.table.columns
    assert columns[-2:] == ("Cost of 6 sessions", "Checks")
    rows = {row[0]: row for row in result.table.rows}
    assert rows["1. Package Place (fictional)"][-2] == (
        "$520: a 6-session package plus the $100 first-visit fee"
    )
    assert rows["2. No Price (fictional)"][-2] == "not known: no price per session given"
    assert rows["1. Package Place (fictional)"][-1] == "not checked: choose your state"
    assert "There, $520 for 6 sessions: a 6-session package plus the $100 first-visit fee." in (
        result.summary
    )
    # In California a PT may not dry needle: the summary and the table say so.
    ca = contributions_figure(compare([p], "CA", 6, {"cost": 1}))
    assert ca.table.rows[0][-1].startswith("Does not meet the checks. In California, dry needling")
    assert "Does not meet the checks." in ca.summary
    fl = contributions_figure(comparison(5))
    assert fl.table.rows[0][-1] == "Meets the checks."  # Example Physical Therapy in Florida
