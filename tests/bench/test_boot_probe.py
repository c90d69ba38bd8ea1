"""The pre-registered probe's two pieces of arithmetic (bench/boot_probe.py), held to hand-worked
answers: which innovations enter the pool, and the innovations-form recursion's moments."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.backtest import Origin
from analysis.counterfactual import SCALE, ar1_level_draws, fit_model
from analysis.estimates import rng_for
from bench.boot_probe import N_SIMS, candidate_paths, innovation_pool, innovations_paths


def test_pool_leaves_out_gap_months_and_the_diffuse_start() -> None:
    months = pd.date_range("2015-01-01", periods=24, freq="MS")
    rng = np.random.default_rng(3)
    values = 1000.0 + np.cumsum(rng.normal(0, 20, 24)) + rng.normal(0, 10, 24)
    baseline = pd.Series(values * 1000.0, index=months)
    baseline.iloc[:5] = np.nan  # opens with gaps, as many backtest baselines do
    baseline.iloc[10:12] = np.nan
    res = fit_model(baseline, "ar1_level").res
    pool = innovation_pool(res, baseline)
    errors = np.asarray(res.standardized_forecasts_error[0])
    # 17 observed months, less the first observed one (the diffuse start)
    expected = [p for p in range(24) if p >= 6 and p not in (10, 11)]
    assert len(pool) == 16
    np.testing.assert_array_equal(pool, errors[expected])
    # statsmodels reports gap months as 0; none of them may enter the pool
    assert np.all(errors[[0, 1, 2, 3, 4, 10, 11]] == 0.0)
    assert not np.any(pool == 0.0)
    assert SCALE == 1000.0  # the fit's units: thousand b/d


def test_unit_shocks_give_the_state_space_mean_and_variance_of_a_two_month_sum() -> None:
    phi, q1, q2, h = 0.6, 4.0, 9.0, 25.0
    a1, a2, p1, p2 = 1200.0, -30.0, 16.0, 36.0
    t = np.diag([1.0, phi])
    rqr, p, a = np.diag([q1, q2]), np.diag([p1, p2]), np.array([a1, a2])
    # by hand: S = y1 + y2 with x1 = T x0 + e1, x2 = T x1 + e2, y = x[0] + x[1] + eps
    mean = 2 * a1 + (phi + phi**2) * a2
    var = 4 * p1 + (phi + phi**2) ** 2 * p2 + 4 * q1 + (1 + phi) ** 2 * q2 + q1 + q2 + 2 * h
    e = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # no shock, then a unit shock at each step
    rep = [np.repeat(x[None], 3, 0) for x in (t, rqr, np.array(h), a, p)]
    sums = innovations_paths(*rep, e).sum(axis=1)
    weights = sums[1:] - sums[0]
    assert np.isclose(sums[0], mean, rtol=1e-12)
    assert np.isclose((weights**2).sum(), var, rtol=1e-12)


def test_candidate_paths_draw_fresh_errors_per_path_after_the_parameter_draws() -> None:
    """The registration: ar1_level's screened draws from the backtest's seed key, then each
    path's errors drawn on from the same generator, independently over months and paths."""
    months = pd.date_range("2016-01-01", periods=24, freq="MS")
    rng = np.random.default_rng(5)
    baseline = pd.Series(1.1e6 + np.cumsum(rng.normal(0, 2e4, 24)), index=months)
    origin = Origin(pd.Timestamp("2018-01-01"), baseline, (1, 3))
    got_months, paths = candidate_paths(origin, seed=7)
    assert list(got_months) == list(pd.date_range("2018-01-01", periods=3, freq="MS"))
    assert paths.shape == (N_SIMS, 3)

    fitted = fit_model(baseline, "ar1_level")
    gen = rng_for(7, "backtest", "ar1_level", "2018-01")
    y = baseline.to_numpy() / SCALE
    _, system = ar1_level_draws(fitted, y, N_SIMS, gen)
    pool = innovation_pool(fitted.res, baseline)
    picks = gen.integers(0, len(pool), size=(3, N_SIMS))
    np.testing.assert_array_equal(paths, innovations_paths(*system, pool[picks]) * SCALE)
    assert len({tuple(col) for col in picks.T}) > N_SIMS // 2  # not one error series shared
