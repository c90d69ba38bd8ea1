import numpy as np
import pandas as pd
import pytest

from analysis import counterfactual
from analysis.counterfactual import (
    MODELS,
    _ar1_level_filter,
    _draws,
    _kalman_end_state_general,
    _state_space,
    ar1_level_draws,
    fit_counterfactual,
    fit_model,
    kalman_end_state,
    simulate_forward,
    transform_draws,
)

LEVELS = (0.8, 0.95)


def baseline(values, first="2018-01"):
    return pd.Series(values, index=pd.date_range(first, periods=len(values), freq="MS"))


def noisy(level, n=24, sd=20_000.0, seed=1):
    return level + np.random.default_rng(seed).normal(0, sd, n)


def after(b, h):
    return pd.date_range(b.index[-1] + pd.offsets.MonthBegin(1), periods=h, freq="MS")


@pytest.mark.parametrize("model", MODELS)
def test_flat_baseline_forecasts_its_level_with_nested_intervals(model):
    b = baseline(noisy(1_000_000))
    cf = fit_counterfactual(b, after(b, 6), model, LEVELS, 2000, np.random.default_rng(0))
    # white noise does not identify ar1_level's AR component next to its irregular term
    assert cf.converged or model == "ar1_level"
    assert np.all(np.abs(cf.mean - 1_000_000) < 60_000)
    assert np.all(cf.lower[0.95] <= cf.lower[0.8]) and np.all(cf.upper[0.8] <= cf.upper[0.95])
    assert cf.paths.shape == (2000, 6)
    # pointwise 95% band holds about 95% of simulated monthly values
    inside = (cf.paths >= cf.lower[0.95]) & (cf.paths <= cf.upper[0.95])
    assert 0.9 < inside.mean() <= 1.0


def test_trend_model_extends_a_linear_trend():
    b = baseline(800_000 + 10_000 * np.arange(24) + noisy(0, sd=2000))
    cf = fit_counterfactual(b, after(b, 3), "ols_trend", LEVELS, 500, np.random.default_rng(0))
    assert cf.mean == pytest.approx(800_000 + 10_000 * np.arange(24, 27), rel=0.01)


def test_gap_months_are_skipped_not_zero():
    values = noisy(1_000_000)
    values[5:8] = np.nan
    b = baseline(values)
    for model in MODELS:
        cf = fit_counterfactual(b, after(b, 2), model, LEVELS, 200, np.random.default_rng(0))
        assert np.all(np.abs(cf.mean - 1_000_000) < 80_000), model


def test_same_generator_seed_gives_same_paths():
    b = baseline(noisy(1e6))
    months = after(b, 4)
    a = fit_counterfactual(b, months, "local_level", LEVELS, 100, np.random.default_rng(7))
    c = fit_counterfactual(b, months, "local_level", LEVELS, 100, np.random.default_rng(7))
    assert np.array_equal(a.paths, c.paths)


def test_forecast_months_must_follow_the_baseline():
    b = baseline(noisy(1e6))
    with pytest.raises(ValueError):
        fit_counterfactual(b, b.index[-2:], "mean", LEVELS, 10, np.random.default_rng(0))


def test_batched_kalman_filter_matches_statsmodels():
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    rng = np.random.default_rng(1)
    y = 1000 + np.cumsum(rng.normal(0, 5, 24)) + rng.normal(0, 20, 24)
    y[[3, 10, 23]] = np.nan
    res = UnobservedComponents(y, level="llevel").fit(disp=False)
    s2_irregular, s2_level = res.params
    a, p = kalman_end_state(
        np.vstack([y, y]),
        np.ones(1),
        np.ones((2, 1, 1)),
        np.full((2, 1, 1), s2_level),
        np.full(2, s2_irregular),
        np.full((2, 1), y[0]),
        np.full((2, 1, 1), 1e6),
    )
    assert a[:, 0] == pytest.approx(res.filtered_state[0, -1], abs=1e-3)
    assert p[:, 0, 0] == pytest.approx(res.filtered_state_cov[0, 0, -1], rel=1e-3)


def test_parameter_uncertainty_widens_the_local_level_interval():
    """The paths' spread at 12 months exceeds statsmodels' interval at the estimated
    parameters (which ignores that the variances were estimated from 24 points)."""
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    b = baseline(noisy(1_000_000, seed=4))
    cf = fit_counterfactual(b, after(b, 12), "local_level", LEVELS, 4000, np.random.default_rng(0))
    res = UnobservedComponents(b.to_numpy() / 1000, level="llevel").fit(disp=False)
    plug_in = np.sqrt(res.get_forecast(12).var_pred_mean[-1]) * 1000
    assert cf.paths[:, -1].std() > 1.05 * plug_in


@pytest.mark.parametrize("model", MODELS)
def test_vectorised_transform_equals_statsmodels_draw_by_draw(model):
    """transform_draws replaces one transform_params call per draw; same numbers, bit for bit."""
    mod = _state_space(model, noisy(1_000.0, sd=20.0))
    u = np.random.default_rng(3).normal(0, 2, (50, len(mod.param_names)))
    expected = np.array([mod.transform_params(row) for row in u])
    assert np.array_equal(transform_draws(list(mod.param_names), u), expected)


def test_more_paths_from_one_fit_match_a_fresh_fit_with_the_same_seed():
    """The Monte Carlo rule redraws paths from a kept fit: as if fitted again with more paths."""
    b = baseline(noisy(1_000_000))
    months = after(b, 4)
    fitted = fit_model(b, "ar1_level")
    fitted.counterfactual(months, LEVELS, 300, np.random.default_rng(9))
    again = fitted.counterfactual(months, LEVELS, 900, np.random.default_rng(9))
    fresh = fit_counterfactual(b, months, "ar1_level", LEVELS, 900, np.random.default_rng(9))
    assert np.array_equal(again.paths, fresh.paths) and again.paths.shape == (900, 4)


@pytest.mark.parametrize("m", [1, 2])
def test_kalman_end_state_fast_paths_equal_the_general_loop(m, monkeypatch):
    """The (N,)-array versions for one state and for two with a diagonal transition give the
    general batched loop's numbers exactly (gaps included), the latter in chunks of systems."""
    monkeypatch.setattr(counterfactual, "DRAW_CHUNK", 64)  # 500 systems: 8 chunks, one partial
    rng = np.random.default_rng(4)
    n, obs = 500, 20
    y = rng.normal(1000, 30, (n, obs))
    y[:, [3, 11]] = np.nan
    t = np.zeros((n, m, m))
    t[:, 0, 0] = 1.0
    rqr = np.zeros((n, m, m))
    rqr[:, 0, 0] = rng.uniform(1, 50, n)
    p0 = np.zeros((n, m, m))
    p0[:, 0, 0] = 1e6
    if m == 2:
        t[:, 1, 1] = rng.uniform(-0.9, 0.9, n)
        rqr[:, 1, 1] = rng.uniform(1, 50, n)
        p0[:, 1, 1] = rqr[:, 1, 1] / (1 - t[:, 1, 1] ** 2)
    args = (y, np.ones(m), t, rqr, rng.uniform(1, 100, n), np.full((n, m), 1000.0), p0)
    fast, general = kalman_end_state(*args), _kalman_end_state_general(*args)
    assert np.array_equal(fast[0], general[0]) and np.array_equal(fast[1], general[1])
    assert fast[1].shape == (n, m, m)


@pytest.mark.parametrize("m", [1, 2])
def test_simulated_paths_do_not_depend_on_the_chunk_of_draws(m, monkeypatch):
    """simulate_forward steps DRAW_CHUNK paths at a time after drawing all the shocks: the same
    paths, bit for bit, as stepping all at once."""
    rng = np.random.default_rng(5)
    n = 300
    t = np.zeros((n, m, m))
    t[:, 0, 0] = 1.0
    rqr = np.zeros((n, m, m))
    rqr[:, 0, 0] = rng.uniform(1, 50, n)
    if m == 2:
        t[:, 1, 1] = rng.uniform(-0.9, 0.9, n)
        rqr[:, 1, 1] = rng.uniform(1, 50, n)
    p = rqr + 5.0 * np.eye(m)
    args = (rng.normal(1000, 30, (n, m)), p, np.ones(m), t, rqr, rng.uniform(1, 100, n), 12)
    whole = simulate_forward(*args, np.random.default_rng(8))
    monkeypatch.setattr(counterfactual, "DRAW_CHUNK", 7)
    chunked = simulate_forward(*args, np.random.default_rng(8))
    assert chunked.shape == (n, 12) and np.array_equal(chunked, whole)


# The backtest's July 2024 origin: its baseline July 2022 to June 2024 (EIA, b/d), R1 gaps (July
# 2022, January 2024) as NaN. ar1_level's estimate there has the irregular and the AR(1) (phi
# about 0) trading off along a ridge of the likelihood.
JULY_2024_BASELINE = [
    np.nan, 1120, 1150, 1160, 1110, 1150, 1130, 1160, 1140, 1140, 1150, 1150,
    1130, 1160, 1160, 1150, 1190, 1170, np.nan, 1140, 1140, 1180, 1180, 1200,
]  # fmt: skip
CHI2_4_999 = 18.4668  # chi-square 99.9% point, 4 degrees of freedom (tables)


def _lr_statistic(mod, res, theta):
    """2 (loglike(estimate) - loglike(draw)) by statsmodels' own filter, draw by draw."""
    best = mod.loglike(np.asarray(res.params))
    return np.array([2 * (best - mod.loglike(row)) for row in theta])


def test_batched_ar1_level_loglike_matches_statsmodels_differences():
    """The screen's batched log-likelihood (approximately diffuse first level, first observation
    left out) moves with statsmodels' exact-diffuse one from draw to draw."""
    b = baseline(noisy(1_000_000, sd=25_000.0, seed=5))
    fitted = fit_model(b, "ar1_level")
    y = b.to_numpy() / 1000
    theta = _draws(fitted.mod, fitted.u_hat, fitted.factor, 40, np.random.default_rng(2))
    names = list(fitted.mod.param_names)
    ours = _ar1_level_filter(names, theta, y)[-1]
    best = _ar1_level_filter(names, np.asarray(fitted.res.params)[None, :], y)[-1][0]
    theirs = _lr_statistic(fitted.mod, fitted.res, theta)
    assert 2 * (best - ours) == pytest.approx(theirs, abs=0.25)


def test_ar1_level_draws_stay_where_the_data_do_not_reject_them():
    """Known answer for the defect of 30 November 2026: on the July 2024 origin, most draws of the
    normal approximation lie outside the 99.9% likelihood-ratio region (statsmodels' likelihood,
    chi-square with 4 degrees of freedom), with noise variances the data never showed; every
    draw ar1_level keeps lies inside (a little slack for the approximately diffuse start), is a
    stationary AR(1) and has non-negative variances."""
    b = baseline([v * 1000 for v in JULY_2024_BASELINE], first="2022-07")
    fitted = fit_model(b, "ar1_level")
    y = b.to_numpy() / 1000
    names = list(fitted.mod.param_names)
    raw = _draws(fitted.mod, fitted.u_hat, fitted.factor, 300, np.random.default_rng(0))
    assert (_lr_statistic(fitted.mod, fitted.res, raw) > CHI2_4_999).mean() > 0.5
    assert raw[:, names.index("sigma2.irregular")].max() > 1e5  # sd over 300,000 b/d a month
    theta, _ = ar1_level_draws(fitted, y, 300, np.random.default_rng(0))
    assert theta.shape == (300, 4)
    assert (_lr_statistic(fitted.mod, fitted.res, theta) <= CHI2_4_999 + 0.5).all()
    assert (np.abs(theta[:, names.index("ar.L1")]) < 1).all()
    assert (theta[:, [names.index(n) for n in names if n.startswith("sigma2")]] >= 0).all()
    observed_variance = np.nanvar(np.diff(y))  # (thousand b/d)^2, month to month
    assert theta[:, names.index("sigma2.irregular")].max() < 10 * observed_variance


def test_ar1_level_twelve_month_sum_stays_near_the_baseline_level():
    """July 2024 origin: output had stayed within 1.11-1.20 million b/d for two years; the 95%
    interval of the next 12 months' barrels stays within 20% of that level's barrels (before the
    screen its lower end was 93 million barrels below zero)."""
    b = baseline([v * 1000 for v in JULY_2024_BASELINE], first="2022-07")
    cf = fit_counterfactual(b, after(b, 12), "ar1_level", LEVELS, 2000, np.random.default_rng(1))
    sums = cf.paths.sum(axis=1) * 365.25 / 12
    lo, hi = np.quantile(sums, [0.025, 0.975])
    level = 1_150_000 * 365.25
    assert 0.8 * level < lo < hi < 1.2 * level


def test_ar1_level_draws_fail_loudly_when_the_region_is_out_of_reach(monkeypatch):
    """No silent fallback to unscreened draws: too few candidates inside the region raise."""
    monkeypatch.setattr(counterfactual, "LR_REGION", 1e-12)
    monkeypatch.setattr(counterfactual, "MAX_CANDIDATES", 2)
    b = baseline([v * 1000 for v in JULY_2024_BASELINE], first="2022-07")
    fitted = fit_model(b, "ar1_level")
    with pytest.raises(ValueError, match="likelihood-ratio region"):
        ar1_level_draws(fitted, b.to_numpy() / 1000, 200, np.random.default_rng(0))


def test_ar1_level_draws_ask_for_at_least_one_draw():
    b = baseline([v * 1000 for v in JULY_2024_BASELINE], first="2022-07")
    fitted = fit_model(b, "ar1_level")
    with pytest.raises(ValueError, match="at least one draw"):
        ar1_level_draws(fitted, b.to_numpy() / 1000, 0, np.random.default_rng(0))
