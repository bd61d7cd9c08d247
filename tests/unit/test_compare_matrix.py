"""dnkit.compare.rank_matrix: ranking, dominance and sensitivity on constructed cases, checked
against brute force, and hypothesis properties of the ranking."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dnkit.compare import CompareInputError, rank_matrix

NAN = math.nan


# ----------------------------------------------------------------------------- constructed cases


def test_ranking_ties_go_to_fewer_unknowns_then_to_the_earlier_row():
    scores = np.array([[0.5, 0.0], [0.5, NAN], [0.5, 0.0], [0.9, 0.0]])
    result = rank_matrix(scores, np.array([1.0, 1.0]))
    assert list(result.order) == [3, 0, 2, 1]
    assert list(result.ranks) == [2, 4, 3, 1]
    assert list(result.unknown_counts) == [0, 1, 0, 0]


def test_dominance_on_a_known_case():
    scores = np.array(
        [
            [0.9, 0.8],  # 0: beats 1, 3 and 4
            [0.5, 0.8],  # 1: beaten by 0
            [1.0, 0.1],  # 2: best on the first criterion, beaten by nobody
            [0.5, 0.5],  # 3: beaten by 0 (the best-ranked of 0 and 1)
            [0.5, 0.8],  # 4: the same as 1; equal rows do not beat each other
        ]
    )
    result = rank_matrix(scores, np.array([1.0, 1.0]))
    assert list(result.beaten_by) == [-1, 0, -1, 0, 0]


def test_dominance_ignores_criteria_with_no_weight():
    scores = np.array([[0.9, 0.1], [0.5, 0.9]])
    assert list(rank_matrix(scores, np.array([1.0, 0.0])).beaten_by) == [-1, 0]
    assert list(rank_matrix(scores, np.array([1.0, 1.0])).beaten_by) == [-1, -1]


def test_dominance_counts_unknown_as_the_worst():
    scores = np.array([[0.0, 0.5], [NAN, 0.5]])
    # Equal totals; the known 0 goes first. Not "beaten": unknown counts as 0, the same as 0.
    result = rank_matrix(scores, np.array([1.0, 1.0]))
    assert list(result.order) == [0, 1]
    assert list(result.beaten_by) == [-1, -1]
    scores = np.array([[0.1, 0.5], [NAN, 0.5]])
    assert list(rank_matrix(scores, np.array([1.0, 1.0])).beaten_by) == [-1, 0]


def test_switch_points_on_a_known_case():
    # A = (1, 0), B = (0, 1), weights 60/40: A leads until the first criterion falls below 50%.
    scores = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = rank_matrix(scores, np.array([60.0, 40.0]))
    assert result.top == 0
    assert result.switch_down[0] == pytest.approx(0.5)
    assert result.switch_down_row[0] == 1
    assert math.isnan(result.switch_up[0]) and result.switch_up_row[0] == -1
    assert result.switch_up[1] == pytest.approx(0.5)
    assert result.switch_up_row[1] == 1
    assert math.isnan(result.switch_down[1])
    # ±20% can at worst bring the shares to 50/50, a tie, and a tie goes to the first row.
    assert result.holds == 1.0
    assert result.draw_winners == {0: 1000}


def test_switch_points_with_three_criteria_and_a_third_row():
    # Shares 0.5 / 0.3 / 0.2. Totals: A 0.5 + 0.06 = 0.56, B 0.3 + 0.2 = 0.5, C 0.45 + 0.12.
    scores = np.array([[1.0, 0.0, 0.3], [0.0, 1.0, 1.0], [0.9, 0.0, 0.6]])
    result = rank_matrix(scores, np.array([50.0, 30.0, 20.0]))
    assert result.top == 2  # C: 0.45 + 0.12 = 0.57
    # Criterion 3 at share t, the others keeping their 5:3 split: A = 0.3t + 0.625(1-t),
    # C = 0.6t + 0.5625(1-t), B = t + 0.375(1-t). Going up, B passes C at
    # 0.6t + 0.5625(1-t) = t + 0.375(1-t) -> t = 0.1875 / 0.5875, about 32%.
    assert result.switch_up[2] == pytest.approx(0.1875 / 0.5875)
    assert result.switch_up_row[2] == 1
    # Going down on criterion 3: A passes C where 0.3t + 0.625(1-t) = 0.6t + 0.5625(1-t).
    assert result.switch_down[2] == pytest.approx(0.0625 / 0.3625)
    assert result.switch_down_row[2] == 0
    _check_switches_by_scanning(scores, np.array([50.0, 30.0, 20.0]), result)


def test_random_shakes_match_a_worked_probability():
    # A = (1, 0), B = (0, 1), weights 55/45. B wins when 0.45 f1 > 0.55 f0, with f0 and f1
    # uniform on [0.8, 1.2]: the integral below, about 12.6% of the square.
    scores = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = rank_matrix(scores, np.array([55.0, 45.0]), draws=20_000, seed=3)
    ratio = 0.55 / 0.45
    hi = 1.2 / ratio
    p_b = ((1.2 * (hi - 0.8)) - ratio * (hi**2 - 0.8**2) / 2) / 0.16
    assert 0.12 < p_b < 0.13
    se = math.sqrt(p_b * (1 - p_b) / 20_000)
    assert abs((1 - result.holds) - p_b) < 4 * se
    assert result.draw_winners[1] == round((1 - result.holds) * 20_000)


def test_shakes_are_seeded():
    rng = np.random.default_rng(0)
    scores = rng.random((30, 5))
    a = rank_matrix(scores, np.ones(5), seed=7)
    b = rank_matrix(scores, np.ones(5), seed=7)
    assert a.holds == b.holds and a.draw_winners == b.draw_winners


def test_no_sensitivity_and_small_inputs():
    result = rank_matrix(np.empty((0, 3)), np.ones(3))
    assert result.order.size == 0 and math.isnan(result.holds)
    one = rank_matrix(np.array([[0.2, NAN]]), np.ones(2))
    assert one.holds == 1.0 and list(one.order) == [0]
    plain = rank_matrix(np.array([[0.2, 0.3], [0.4, 0.1]]), np.ones(2), sensitivity=False)
    assert math.isnan(plain.holds) and np.all(np.isnan(plain.switch_up))


def test_bad_matrix_inputs():
    ok = np.array([[0.5, 0.5]])
    with pytest.raises(CompareInputError, match="from 0 to 1"):
        rank_matrix(np.array([[1.5, 0.2]]), np.ones(2))
    with pytest.raises(CompareInputError, match="from 0 to 1"):
        rank_matrix(np.array([[math.inf, 0.2]]), np.ones(2))
    with pytest.raises(CompareInputError, match="every weight is 0"):
        rank_matrix(ok, np.zeros(2))
    with pytest.raises(CompareInputError, match="need 2 weights"):
        rank_matrix(ok, np.ones(3))
    with pytest.raises(CompareInputError):
        rank_matrix(ok, np.array([1.0, -1.0]))
    with pytest.raises(CompareInputError) as err:
        rank_matrix(ok, np.ones(2), draws=0)
    assert err.value.field == "draws"
    with pytest.raises(CompareInputError) as err:
        rank_matrix(ok, np.ones(2), spread=1.5)
    assert err.value.field == "spread"


# ----------------------------------------------------------------------------- brute force


def _brute_order(scores: np.ndarray, shares: np.ndarray) -> list[int]:
    filled = np.nan_to_num(scores, nan=0.0)
    totals = np.round(filled @ shares, 12)  # equal providers tie, whatever the float noise
    unknown = np.isnan(scores[:, shares > 0]).sum(axis=1)
    return sorted(range(len(scores)), key=lambda i: (-totals[i], unknown[i], i))


def _brute_beaten_by(scores: np.ndarray, shares: np.ndarray) -> list[int]:
    """For each row, the row with the highest total (then the best scores, column by column)
    that is no worse on every weighed criterion and better on one."""
    filled = np.nan_to_num(scores, nan=0.0)
    totals = filled @ shares
    used = filled[:, shares > 0]
    out = []
    for q in range(len(scores)):
        beats = [
            p
            for p in range(len(scores))
            if np.all(used[p] >= used[q]) and np.any(used[p] > used[q])
        ]
        key = lambda p: (-totals[p], *(-used[p]))  # noqa: E731
        out.append(min(beats, key=key) if beats else -1)
    return out


def _top_at(scores: np.ndarray, shares: np.ndarray, j: int, t: float) -> int:
    others = np.delete(shares, j)
    if not others.size:  # one criterion: it always holds all the weight
        return _brute_order(scores, np.ones(1))[0]
    rest = others / others.sum() if others.sum() > 0 else np.full(others.size, 1 / others.size)
    moved = np.insert(rest * (1 - t), j, t)
    return _brute_order(scores, moved)[0]


def _check_switches_by_scanning(scores: np.ndarray, weights: np.ndarray, result) -> None:
    shares = weights / weights.sum()
    top = result.top
    for j in range(scores.shape[1]):
        up, down = result.switch_up[j], result.switch_down[j]
        hi = 1.0 if math.isnan(up) else up
        lo = 0.0 if math.isnan(down) else down
        # Inside the range first place holds (checked a little way in from each end) ...
        for t in np.linspace(lo, hi, 9)[1:-1]:
            assert _top_at(scores, shares, j, t) == top, (j, t)
        # ... and just past each switch point someone else comes first.
        if not math.isnan(up) and up < 1 - 1e-6:
            assert _top_at(scores, shares, j, min(up + 1e-6, 1.0)) != top
        if not math.isnan(down) and down > 1e-6:
            assert _top_at(scores, shares, j, max(down - 1e-6, 0.0)) != top


scores_strategy = st.integers(2, 9).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda k: arrays(
            float,
            (n, k),
            elements=st.one_of(
                st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, NAN]),
                st.floats(0, 1, allow_nan=False),
            ),
        )
    )
)


def weights_for(k: int):
    return arrays(float, (k,), elements=st.sampled_from([0.0, 1.0, 5.0, 10.0, 30.0, 55.0, 100.0]))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_matches_brute_force(data):
    scores = data.draw(scores_strategy)
    weights = data.draw(weights_for(scores.shape[1]))
    assume(weights.sum() > 0)
    shares = weights / weights.sum()
    result = rank_matrix(scores, weights, draws=200, seed=1)
    order = _brute_order(scores, shares)
    assert list(result.order) == order
    assert list(result.beaten_by) == _brute_beaten_by(scores, shares)
    # The random shakes, redone over every row with the same draws.
    rng = np.random.default_rng(1)
    factors = rng.uniform(0.8, 1.2, size=(200, shares.size))
    shaken = shares * factors
    shaken /= shaken.sum(axis=1, keepdims=True)
    wins = [_brute_order(scores, w)[0] for w in shaken]  # the whole ranking, every row
    assert result.holds == pytest.approx(wins.count(order[0]) / 200)
    assert result.draw_winners == {i: wins.count(i) for i in set(wins)}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_switch_points_match_scanning(data):
    scores = data.draw(scores_strategy)
    weights = data.draw(weights_for(scores.shape[1]))
    assume(weights.sum() > 0)
    result = rank_matrix(scores, weights, draws=10)
    filled = np.nan_to_num(scores)
    shares = weights / weights.sum()
    totals = filled @ shares
    assume(np.sum(totals >= totals.max() - 1e-9) == 1)  # a clear first place
    _check_switches_by_scanning(scores, weights, result)


# ----------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_raising_a_score_never_lowers_the_rank(data):
    scores = data.draw(scores_strategy)
    n, k = scores.shape
    weights = data.draw(weights_for(k))
    assume(weights.sum() > 0)
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, k - 1))
    old = scores[i, j]
    floor = 0.0 if math.isnan(old) else old
    new = data.draw(st.floats(floor, 1.0))
    raised = scores.copy()
    raised[i, j] = new
    before = rank_matrix(scores, weights, sensitivity=False).ranks[i]
    after = rank_matrix(raised, weights, sensitivity=False).ranks[i]
    assert after <= before


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_all_weight_on_one_criterion_ranks_by_it(data):
    scores = data.draw(scores_strategy)
    k = scores.shape[1]
    j = data.draw(st.integers(0, k - 1))
    weights = np.zeros(k)
    weights[j] = data.draw(st.floats(0.5, 100))
    result = rank_matrix(scores, weights, sensitivity=False)
    column = scores[result.order, j]
    value = np.round(np.nan_to_num(column, nan=0.0), 12)  # below 1e-12 is float noise: a tie
    assert np.all(np.diff(value) <= 0)
    # Among equal values a known one comes before an unknown one.
    for a, b in itertools.pairwise(column):
        if round(np.nan_to_num(a), 12) == round(np.nan_to_num(b), 12) and math.isnan(a):
            assert math.isnan(b)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_unknowns_never_rank_above_a_known_best(data):
    scores = data.draw(scores_strategy)
    n, k = scores.shape
    weights = data.draw(weights_for(k))
    assume(weights.sum() > 0)
    # Forgetting an answer never helps: the provider with the answer ranks at least as high.
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, k - 1))
    assume(not math.isnan(scores[i, j]))
    forgotten = scores.copy()
    forgotten[i, j] = NAN
    known_rank = rank_matrix(scores, weights, sensitivity=False).ranks[i]
    unknown_rank = rank_matrix(forgotten, weights, sensitivity=False).ranks[i]
    assert unknown_rank >= known_rank
    # With all the weight on one criterion, first place has a known score there if anyone does.
    lone = np.zeros(k)
    lone[j] = 1.0
    top = rank_matrix(scores, lone, sensitivity=False).top
    assert not math.isnan(scores[top, j])


def test_large_inputs_stay_fast_enough_to_be_usable():
    # Not a timing test (see benchmarks/bench_compare.py): it checks the array path runs on
    # thousands of rows and agrees with a plain weighted sum.
    rng = np.random.default_rng(5)
    scores = rng.random((5000, 7))
    scores[rng.random(scores.shape) < 0.1] = NAN
    weights = rng.random(7) * 100
    result = rank_matrix(scores, weights)
    totals = np.nan_to_num(scores) @ (weights / weights.sum())
    assert np.allclose(np.sort(totals)[::-1], result.totals[result.order])
    assert result.beaten_by[result.top] == -1
    assert 0 <= result.holds <= 1
