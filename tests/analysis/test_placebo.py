import numpy as np
import pandas as pd

from analysis.placebo import placebo_windows, run_placebos


def months(n, first="2017-01"):
    return pd.date_range(first, periods=n, freq="MS")


def test_windows_keep_episode_length_where_it_fits_else_longest():
    idx = months(24)
    fits = placebo_windows(idx, 90, 12)
    assert [s for s, _ in fits] == list(idx[12:22])
    assert all((e - s).days + 1 == 90 for s, e in fits)
    assert fits[-1][1] <= pd.Timestamp("2018-12-31")
    (only,) = placebo_windows(idx, 1000, 12)
    assert only == (pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-31"))
    assert placebo_windows(months(10), 30, 12) == []


def test_placebo_on_a_series_without_break_centres_on_zero():
    rng = np.random.default_rng(5)
    idx = months(48)
    series = pd.Series(1_000_000 + rng.normal(0, 40_000, 48), index=idx)
    price = pd.Series(60.0, index=pd.date_range(idx[0], idx[-1] + pd.offsets.MonthEnd(0)))
    for model in ("mean", "local_level"):
        out = run_placebos(series, model, 61, 12, price)
        assert len(out) == 35
        mean, sd = out["lost_barrels"].mean(), out["lost_barrels"].std()
        # a real 61-day blockade of 600,000 b/d would lose 36.6m barrels
        assert abs(mean) < 0.05 * 36_600_000, model
        assert abs(mean) < sd, model
        assert np.allclose(out["loss_usd"], out["lost_barrels"] * 60.0)


def test_placebo_skips_windows_over_gaps():
    idx = months(24)
    series = pd.Series(1e6, index=idx)
    series.iloc[15] = np.nan
    price = pd.Series(1.0, index=pd.date_range(idx[0], "2018-12-31"))
    out = run_placebos(series, "mean", 40, 12, price)
    # 40-day windows start 2018-01..2018-11; those starting in March and April touch April
    starts = set(out["placebo_start"])
    assert starts.isdisjoint({pd.Timestamp("2018-03-01"), pd.Timestamp("2018-04-01")})
    assert len(out) == 9
