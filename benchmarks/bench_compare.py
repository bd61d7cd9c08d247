"""Benchmark: rank 1,000, 10,000 and 100,000 generated providers with sensitivity on.

A script, not a test: it prints times and the ratio against a plain pandas weighted sum over the
same data, measured in the same run. The target is under 1 second for 10,000 providers.

    .venv/bin/python benchmarks/bench_compare.py            # all three sizes
    .venv/bin/python benchmarks/bench_compare.py 10000      # one size
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from dnkit.compare import CRITERIA, default_weights, rank_matrix

SIZES = (1_000, 10_000, 100_000)
TARGET_SIZE, TARGET_SECONDS = 10_000, 1.0
REPEATS = 3


def generate(n: int, seed: int = 1) -> np.ndarray:
    """Scores 0-1 on every criterion with about one answer in ten unknown (NaN)."""
    rng = np.random.default_rng(seed)
    scores = rng.random((n, len(CRITERIA)))
    scores[rng.random(scores.shape) < 0.1] = np.nan
    return scores


def best_of(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    sizes = tuple(int(a) for a in argv) or SIZES
    weights = np.array([default_weights()[key] for key in CRITERIA])
    shares = weights / weights.sum()
    print(f"{'providers':>10}  {'dnkit (s)':>10}  {'pandas sum (s)':>14}  {'ratio':>7}  front")
    failed = False
    for n in sizes:
        scores = generate(n)
        frame = pd.DataFrame(scores, columns=list(CRITERIA))

        def baseline(frame: pd.DataFrame = frame) -> None:
            (frame.fillna(0.0) * shares).sum(axis=1).sort_values(ascending=False)

        def ours(scores: np.ndarray = scores) -> None:
            rank_matrix(scores, weights, sensitivity=True, draws=1000, seed=0)

        ours()  # warm up
        t_ours = best_of(ours)
        t_base = best_of(baseline)
        result = rank_matrix(scores, weights)
        front = int((result.beaten_by < 0).sum())
        print(f"{n:>10,}  {t_ours:>10.3f}  {t_base:>14.4f}  {t_ours / t_base:>6.1f}x  {front:,}")
        if n == TARGET_SIZE and t_ours >= TARGET_SECONDS:
            failed = True
    if TARGET_SIZE in sizes:
        verdict = "missed" if failed else "met"
        print(f"target ({TARGET_SIZE:,} providers under {TARGET_SECONDS:g} s): {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
