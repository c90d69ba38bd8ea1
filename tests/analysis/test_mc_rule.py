"""The Monte Carlo rule: paths per episode and model, drawn until every published bound's
Monte Carlo standard error is below 1% of its scale (analysis/estimates.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.counterfactual import fit_model
from analysis.daily import daily_actual
from analysis.episodes import Episode
from analysis.estimates import MC_MAX_GROWTH, daily_by_mc_rule, paths_needed
from analysis.losses import MC_TARGET, worst_mc_se_to_scale
from analysis.params import RunParams


def test_paths_needed_scales_with_the_square_of_the_error_and_is_capped():
    # twice the aim (0.9%) needs four times the paths
    assert paths_needed(4000, 0.018, 4000) == 16_000
    # rounded up to a thousand from 10,000 paths on
    assert paths_needed(12_000, 0.0095, 4000) == 14_000
    # always more than before, never past the cap
    assert paths_needed(4000, 0.00901, 4000) == 4100
    assert paths_needed(4000, 1.0, 4000) == MC_MAX_GROWTH * 4000
    # the projection's cap is its own (analysis.projection.MAX_GROWTH)
    assert paths_needed(4000, 1.0, 4000, 32) == 128_000


def test_rule_draws_more_paths_until_every_bound_passes():
    idx = pd.date_range("2018-01", periods=24, freq="MS")
    monthly = pd.Series(1e6 + np.random.default_rng(2).normal(0, 40_000, 24), index=idx)
    start, end = pd.Timestamp("2020-01-10"), pd.Timestamp("2020-03-20")
    months = pd.date_range("2020-01", periods=3, freq="MS")
    actual = daily_actual(pd.Series(3e5, index=months), start, end)
    ep = Episode("test", "test", start, end, monthly)
    prices = {"brent": pd.Series(60.0, index=pd.date_range(start, end))}
    params = RunParams(models=("local_level",), simulations=300)
    fitted = fit_model(monthly, "local_level")
    cf, daily, n = daily_by_mc_rule(fitted, actual, ep, months, prices, params)
    assert 300 < n <= MC_MAX_GROWTH * 300 and cf.paths.shape[0] == n
    assert worst_mc_se_to_scale(daily) < MC_TARGET or n == MC_MAX_GROWTH * 300
