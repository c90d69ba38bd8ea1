"""The run's fit cache: one fit per model and baseline, reused only for the same baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.counterfactual import fit_counterfactual
from analysis.fits import FitCache

LEVELS = (0.8, 0.95)


def baseline(seed: int = 1, first: str = "2018-01") -> pd.Series:
    values = 1e6 + np.random.default_rng(seed).normal(0, 30_000, 24)
    return pd.Series(values, index=pd.date_range(first, periods=24, freq="MS"))


def test_the_same_months_and_values_reuse_one_fit_and_anything_else_fits_again():
    fits = FitCache()
    b = baseline()
    first = fits.get(b, "mean")
    assert fits.get(b.copy(), "mean") is first  # another Series, same months and values
    gap = b.copy()
    gap.iloc[5] = np.nan
    changed = b.copy()
    changed.iloc[-1] += 1.0
    others = [
        fits.get(b, "local_level"),
        fits.get(gap, "mean"),
        fits.get(changed, "mean"),
        fits.get(baseline(first="2017-01"), "mean"),  # same values, other months
    ]
    assert all(other is not first for other in others)
    assert len(fits) == 5


def test_draws_from_a_reused_fit_equal_those_of_a_fresh_fit():
    """What the projection and replay get from the estimates' fit: the numbers of fitting again."""
    b = baseline(seed=3)
    months = pd.date_range("2020-01", periods=14, freq="MS")
    fits = FitCache()
    fits.get(b, "ar1_level").counterfactual(months[:4], LEVELS, 500, np.random.default_rng(1))
    reused = fits.get(b, "ar1_level").counterfactual(months, LEVELS, 800, np.random.default_rng(2))
    fresh = fit_counterfactual(b, months, "ar1_level", LEVELS, 800, np.random.default_rng(2))
    assert np.array_equal(reused.paths, fresh.paths)
    assert np.array_equal(reused.mean, fresh.mean)
    assert all(np.array_equal(reused.lower[lv], fresh.lower[lv]) for lv in LEVELS)


def test_a_caller_editing_its_baseline_later_leaves_the_cached_fit_alone():
    """The fit keeps its own copy: a later in-place edit of the caller's Series must not reach
    the draws that another step, asking with the original values, gets from the cache."""
    months = pd.date_range("2020-01", periods=6, freq="MS")
    b = baseline(seed=4)
    original = b.copy()
    fits = FitCache()
    fits.get(b, "mean")
    b.iloc[-1] += 300_000.0
    cached = fits.get(original, "mean").counterfactual(
        months, LEVELS, 300, np.random.default_rng(5)
    )
    fresh = fit_counterfactual(original, months, "mean", LEVELS, 300, np.random.default_rng(5))
    assert np.array_equal(cached.paths, fresh.paths)
