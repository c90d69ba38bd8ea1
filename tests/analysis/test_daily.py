import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.daily import daily_actual, daily_prices, split_month, step_daily
from analysis.episodes import monthly_series
from analysis.load import default_data_dir, load_raw


def monthly(values, first="2020-01"):
    idx = pd.date_range(first, periods=len(values), freq="MS")
    return pd.Series(values, index=idx, dtype=float)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(0, 2_000_000), min_size=4, max_size=4),
    start_day=st.integers(1, 28),
    end_day=st.integers(1, 28),
)
def test_split_preserves_every_monthly_mean(values, start_day, end_day):
    m = monthly(values, "2019-12")
    start = pd.Timestamp(2020, 1, start_day)
    end = pd.Timestamp(2020, 3, end_day)
    daily = daily_actual(m, start, end)
    means = daily.groupby(daily.index.to_period("M")).mean()
    assert np.allclose(means.to_numpy(), values[1:], rtol=1e-9, atol=1e-6)
    assert (daily >= 0).all()


def test_days_before_start_keep_previous_level_and_rest_preserve_mean():
    m = monthly([1_150_000, 780_000, 150_000], "2019-12")
    daily = daily_actual(m, pd.Timestamp("2020-01-18"), pd.Timestamp("2020-02-29"))
    jan = daily["2020-01"]
    assert (jan[:"2020-01-17"] == 1_150_000).all()
    after = jan["2020-01-18":]
    assert after.nunique() == 1
    assert after.iloc[0] == pytest.approx((780_000 * 31 - 1_150_000 * 17) / 14)
    assert (daily["2020-02"] == 150_000).all()


def test_end_month_keeps_blockade_level_up_to_the_end():
    m = monthly([100_000, 100_000, 700_000])
    daily = daily_actual(m, pd.Timestamp("2020-02-01"), pd.Timestamp("2020-03-10"))
    mar = daily["2020-03"]
    assert (mar[:"2020-03-10"] == 100_000).all()
    assert mar["2020-03-11":].iloc[0] == pytest.approx((700_000 * 31 - 100_000 * 10) / 21)


def test_end_month_after_a_split_start_month_keeps_the_blockade_level_not_the_month_mean():
    # Worked by hand. March 1,000,000 b/d; April (30 days) averages 700,000 with the episode
    # from 11 April: 10 days at 1,000,000 leave 21,000,000 - 10,000,000 = 11,000,000 barrels
    # for 20 days, 550,000 b/d (the blockade level). May (31 days) averages 650,000 and the
    # episode ends on 11 May: 11 days at 550,000 = 6,050,000 barrels, leaving
    # 20,150,000 - 6,050,000 = 14,100,000 for 20 days, 705,000 b/d.
    m = monthly([1_000_000, 700_000, 650_000], "2020-03")
    daily = daily_actual(m, pd.Timestamp("2020-04-11"), pd.Timestamp("2020-05-11"))
    assert (daily["2020-04-01":"2020-04-10"] == 1_000_000).all()
    assert np.allclose(daily["2020-04-11":"2020-05-11"], 550_000)
    assert np.allclose(daily["2020-05-12":], 705_000)


def test_real_2018_closure_days_after_the_start_keep_the_blockade_level_into_july():
    raw = load_raw(default_data_dir())
    m = monthly_series(raw, "eia_steo_copr")
    may, june, july = (float(m[pd.Timestamp(x)]) for x in ("2018-05", "2018-06", "2018-07"))
    blockade = (june * 30 - may * 13) / 17  # 14-30 June after 13 days at May's level
    after = (july * 31 - blockade * 11) / 20  # 12-31 July
    daily = daily_actual(m, pd.Timestamp("2018-06-14"), pd.Timestamp("2018-07-11"))
    assert np.allclose(daily["2018-06-14":"2018-07-11"], blockade)
    assert np.allclose(daily["2018-07-12":], after)
    assert after > blockade  # output rose after the lifting, not fell below the blockade level


def test_negative_fill_falls_back_to_month_mean():
    out = split_month(pd.Timestamp("2020-01-01"), 100.0, 1000.0, np.arange(31) < 20)
    assert np.allclose(out, 100.0)


def test_missing_month_is_an_error():
    m = monthly([1.0, 2.0])
    with pytest.raises(ValueError, match="missing"):
        daily_actual(m, pd.Timestamp("2020-02-05"), pd.Timestamp("2020-04-01"))


def test_step_daily_gives_each_day_its_month_value():
    months = pd.date_range("2020-01", periods=2, freq="MS")
    days = pd.date_range("2020-01-30", "2020-02-02", freq="D")
    out = step_daily(np.array([[1.0, 2.0], [3.0, 4.0]]), months, days)
    assert out.tolist() == [[1, 1, 2, 2], [3, 3, 4, 4]]


def test_prices_carry_last_trading_day_forward():
    brent = pd.DataFrame(
        {"date": pd.to_datetime(["2020-01-03", "2020-01-06"]), "brent_usd_bbl": [68.6, 70.25]}
    )
    p = daily_prices(brent, pd.Timestamp("2020-01-03"), pd.Timestamp("2020-01-08"))
    assert p.tolist() == [68.6, 68.6, 68.6, 70.25, 70.25, 70.25]
    with pytest.raises(ValueError):
        daily_prices(brent, pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-08"))
