import numpy as np
import pandas as pd
import pytest

from analysis.counterfactual import MODELS, fit_counterfactual, simulate_local_level

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
    assert cf.converged
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


def test_local_level_paths_match_statsmodels_simulate_in_distribution():
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    y = np.cumsum(np.random.default_rng(3).normal(0, 0.05, 30)) + 1.0
    res = UnobservedComponents(y, level="local level").fit(disp=False)
    ours = simulate_local_level(res, 8, 20_000, np.random.default_rng(1))
    ref = res.simulate(8, anchor="end", repetitions=4000, rng=np.random.default_rng(2))
    ref = ref.reshape(8, 4000).T
    assert ours.mean(axis=0) == pytest.approx(ref.mean(axis=0), abs=0.02)
    assert ours.std(axis=0) == pytest.approx(ref.std(axis=0), rel=0.06)
    fc = res.get_forecast(8)
    assert ours.std(axis=0) == pytest.approx(np.sqrt(fc.var_pred_mean), rel=0.04)
