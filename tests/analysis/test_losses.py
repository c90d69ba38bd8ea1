from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from analysis.counterfactual import Counterfactual, fit_counterfactual
from analysis.daily import daily_actual
from analysis.losses import (
    daily_bounds,
    episode_daily,
    quantiles_with_mc_se,
    recovery,
    select_ranks,
    worst_mc_se_to_scale,
)
from analysis.manifest import mc_error_table

LEVELS = (0.8, 0.95)


def constant_cf(months, level, sd=0.0, n=400, seed=0):
    """A counterfactual of known level; paths with independent monthly noise of `sd`."""
    paths = level + np.random.default_rng(seed).normal(0, sd, (n, len(months)))
    band = {lv: np.full(len(months), level) for lv in LEVELS}
    return Counterfactual("test", months, np.full(len(months), level), band, band, paths, 0, True)


def test_step_drop_of_known_size_and_length_gives_that_many_barrels():
    months = pd.date_range("2020-01", periods=5, freq="MS")
    monthly = pd.Series(1_000_000.0, index=months)
    monthly["2020-02":"2020-04"] = 400_000.0
    start, end = pd.Timestamp("2020-02-01"), pd.Timestamp("2020-04-30")
    actual = daily_actual(monthly, start, end)
    days = pd.date_range(start, end)
    price = pd.Series(50.0, index=days)
    out = episode_daily(actual, constant_cf(months, 1e6), start, end, {"flat": price}, LEVELS)
    last = out[out["date"] == end].iloc[0]
    n_days = (end - start).days + 1
    assert last["cum_lost_barrels"] == pytest.approx(600_000 * n_days)
    assert last["cum_loss_usd"] == pytest.approx(600_000 * n_days * 50)
    assert len(out) == n_days * len(LEVELS)


def test_value_uses_each_days_price_not_an_average_rate():
    months = pd.date_range("2020-01", periods=1, freq="MS")
    actual = pd.Series(0.0, index=pd.date_range("2020-01-01", "2020-01-31"))
    price = pd.Series(np.r_[np.full(10, 10.0), np.full(21, 100.0)], index=actual.index)
    start, end = pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-31")
    out = episode_daily(actual, constant_cf(months, 1.0), start, end, {"p": price}, LEVELS)
    assert out["cum_loss_usd"].iloc[30] == pytest.approx(10 * 10 + 21 * 100)


def test_cumulative_interval_comes_from_paths_and_is_narrower_than_summed_bounds():
    rng = np.random.default_rng(0)
    b = pd.Series(
        1e6 + rng.normal(0, 50_000, 24), index=pd.date_range("2018-01", periods=24, freq="MS")
    )
    months = pd.date_range("2020-01", periods=6, freq="MS")
    cf = fit_counterfactual(b, months, "mean", LEVELS, 4000, np.random.default_rng(1))
    actual = pd.Series(100_000.0, index=pd.date_range("2020-01-01", "2020-06-30"))
    start, end = actual.index[0], actual.index[-1]
    out = episode_daily(actual, cf, start, end, {"p": pd.Series(1.0, index=actual.index)}, LEVELS)
    last = out[(out["date"] == end) & (out["interval_level"] == 0.95)].iloc[0]
    summed_upper = (out[out["interval_level"] == 0.95]["counterfactual_upper_bpd"] - 100_000).sum()
    summed_lower = (out[out["interval_level"] == 0.95]["counterfactual_lower_bpd"] - 100_000).sum()
    assert (
        last["cum_lost_barrels_lower"] < last["cum_lost_barrels"] < last["cum_lost_barrels_upper"]
    )
    width = last["cum_lost_barrels_upper"] - last["cum_lost_barrels_lower"]
    assert width < 0.8 * (summed_upper - summed_lower)


def test_quantiles_match_numpy():
    a = np.random.default_rng(0).normal(size=(101, 7))
    probs = np.array([0.025, 0.1, 0.5, 0.975])
    expected = np.quantile(a, probs, axis=1)
    assert np.allclose(quantiles_with_mc_se(a, probs)[0], expected)


def test_recovery_is_first_month_back_at_90_percent_of_the_counterfactual():
    months = pd.date_range("2020-01", periods=6, freq="MS")
    cf = constant_cf(months, 1e6)
    actual = pd.Series([0, 0, 500_000, 880_000, 950_000, 1e6], index=months, dtype=float)
    month, days = recovery(actual, cf, pd.Timestamp("2020-02-20"))
    assert month == pd.Timestamp("2020-05-01") and days == 71
    assert recovery(actual, cf, pd.Timestamp("2020-02-20"), share=0.85)[0] == months[3]
    assert recovery(actual * 0, cf, pd.Timestamp("2020-02-20")) == (None, None)


@pytest.mark.parametrize("p", [0.025, 0.1, 0.9, 0.975])
def test_mc_se_of_a_quantile_matches_the_asymptotic_formula_on_known_distributions(p):
    # Normal: SE = sqrt(p (1 - p) / n) / phi(z_p). Exponential(1): the density at the
    # p-quantile is 1 - p, so SE = sqrt(p (1 - p) / n) / (1 - p).
    n = 40_000
    rng = np.random.default_rng(11)
    z = NormalDist().inv_cdf(p)
    cases = [
        (rng.normal(size=(1, n)), np.sqrt(p * (1 - p) / n) / NormalDist().pdf(z)),
        (rng.exponential(size=(1, n)), np.sqrt(p * (1 - p) / n) / (1 - p)),
    ]
    for draws, expected in cases:
        _, se = quantiles_with_mc_se(draws, np.array([p]))
        assert se[0, 0] == pytest.approx(expected, rel=0.15)


def test_mc_se_matches_the_spread_of_the_quantile_across_independent_runs():
    # 400 independent runs of 2,000 draws: the standard deviation of their 2.5% quantiles is
    # the Monte Carlo error itself, measured without the estimator.
    draws = np.random.default_rng(3).standard_t(5, size=(400, 2_000))
    q, se = quantiles_with_mc_se(draws, np.array([0.025]))
    assert np.mean(se) == pytest.approx(np.std(q, ddof=1), rel=0.15)


def test_mc_error_table_ratios_and_the_worst_bound():
    # Two rows worked by hand. Row a: bounds 100 and 300 (width 200), SEs 1 and 6: to the bound
    # 0.01 and 0.02; to the scale max(|bound|, width): 1/200 and 6/300. Row b: bounds -10 and
    # 10 (width 20), SEs 0.1 and 0.1: to the bound 0.01 and 0.01, to the scale 0.005 and 0.005.
    rows = pd.DataFrame(
        {
            "episode_id": ["a", "b"],
            "model": "m",
            "price_scenario": "s",
            "interval_level": 0.95,
            "x_lower": [100.0, -10.0],
            "x_upper": [300.0, 10.0],
            "x_lower_mc_se": [1.0, 0.1],
            "x_upper_mc_se": [6.0, 0.1],
        }
    )
    out = mc_error_table(rows, ("x",))
    assert out["bounds"] == 4
    assert out["max_relative_mc_se"] == pytest.approx(0.02)
    assert out["max_mc_se_to_scale"] == pytest.approx(0.02)
    assert out["share_below_target_relative_to_scale"] == pytest.approx(0.75)
    assert out["share_below_target_relative_to_bound"] == pytest.approx(0.0)
    assert out["worst_bound_relative_to_scale"]["episode_id"] == "a"
    assert out["worst_bound_relative_to_scale"]["column"] == "x_upper"


def test_running_bounds_by_blocks_equal_one_cumsum_over_all_days():
    """Blocks of DAY_BLOCK days carry the last running sum: same bounds as one cumsum."""
    months = pd.date_range("2020-01", periods=5, freq="MS")
    start, end = pd.Timestamp("2020-01-01"), pd.Timestamp("2020-05-31")  # 152 days: 10 blocks
    days = pd.date_range(start, end)
    actual = pd.Series(np.linspace(2e5, 4e5, len(days)), index=days)
    price = pd.Series(np.linspace(40, 80, len(days)), index=days)
    cf = constant_cf(months, 1e6, sd=1e5, n=300)
    out = episode_daily(actual, cf, start, end, {"p": price}, (0.95,))
    pos = days.month - 1
    lost = cf.paths[:, pos] - actual.to_numpy()
    barrels = np.quantile(np.cumsum(lost, axis=1), [0.025, 0.975], axis=0)
    usd = np.quantile(np.cumsum(lost * price.to_numpy(), axis=1), [0.025, 0.975], axis=0)
    assert np.allclose(out["cum_lost_barrels_lower"], barrels[0], rtol=1e-12)
    assert np.allclose(out["cum_lost_barrels_upper"], barrels[1], rtol=1e-12)
    assert np.allclose(out["cum_loss_usd_lower"], usd[0], rtol=1e-12)
    assert np.allclose(out["cum_loss_usd_upper"], usd[1], rtol=1e-12)


def test_worst_mc_se_to_scale_uses_the_larger_of_bound_and_width():
    rows = pd.DataFrame(
        {
            "cum_lost_barrels_lower": [1.0, 100.0],
            "cum_lost_barrels_upper": [11.0, 110.0],
            "cum_lost_barrels_lower_mc_se": [0.2, 0.5],  # 0.2 / max(1, 10); 0.5 / 100
            "cum_lost_barrels_upper_mc_se": [0.1, 0.3],  # 0.1 / 11; 0.3 / 110
            "cum_loss_usd_lower": [5.0, 5.0],
            "cum_loss_usd_upper": [6.0, 6.0],
            "cum_loss_usd_lower_mc_se": [0.0, 0.0],
            "cum_loss_usd_upper_mc_se": [0.0, 0.0],
        }
    )
    assert worst_mc_se_to_scale(rows) == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("n", "ranks"),
    [
        (4_000, [97, 98, 99, 100, 380, 381, 3_619, 3_620, 3_900, 3_901]),  # both tails
        (1_001, [10, 11, 25]),  # lower tail only
        (1_001, [900, 990, 1_000]),  # upper tail only
        (7, [0, 3, 6]),  # tiny rows, the middle included
        (1, [0]),
    ],
)
def test_select_ranks_puts_each_rank_where_a_full_sort_does(n, ranks):
    rng = np.random.default_rng(n)
    rows = np.round(rng.normal(size=(5, n)), 1)  # rounded: many ties
    expected = np.sort(rows, axis=1)[:, ranks]
    select_ranks(rows, np.array(ranks))
    assert np.array_equal(rows[:, ranks], expected)


def test_quantiles_by_selection_equal_those_of_a_full_sort_exactly():
    rows = np.random.default_rng(5).standard_t(4, size=(64, 12_345))
    probs = np.array([0.025, 0.05, 0.1, 0.9, 0.95, 0.975])
    # the linear method written out on fully sorted rows (the code before selection)
    s = np.sort(rows, axis=1)
    n = s.shape[1]
    h = np.sqrt(probs * (1 - probs) / n)
    p = np.concatenate([probs, probs - h, probs + h])
    pos = p * (n - 1)
    lo = np.floor(pos).astype(int)
    frac = pos - lo
    full = (s[:, lo] * (1 - frac) + s[:, np.minimum(lo + 1, n - 1)] * frac).T
    q, se = quantiles_with_mc_se(rows.copy(), probs)
    assert np.array_equal(q, full[:6])
    assert np.array_equal(se, (full[12:] - full[6:12]) / 2)


def test_a_rounds_worst_from_arrays_equals_the_worst_over_its_rows():
    months = pd.date_range("2020-01", periods=4, freq="MS")
    start, end = pd.Timestamp("2020-01-10"), pd.Timestamp("2020-04-20")
    days = pd.date_range(start, end)
    actual = pd.Series(np.linspace(1e5, 6e5, len(days)), index=days)
    prices = {"a": pd.Series(np.linspace(40, 90, len(days)), index=days), "b": actual * 0 + 55}
    cf = constant_cf(months, 8e5, sd=2e5, n=700)
    bounds = daily_bounds(actual, cf, start, end, prices, LEVELS)
    assert bounds.worst() == worst_mc_se_to_scale(bounds.rows())
    assert bounds.rows().equals(episode_daily(actual, cf, start, end, prices, LEVELS))
