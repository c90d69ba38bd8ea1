import numpy as np
import pandas as pd
import pytest

from analysis.revenue import annual_value, decompose, noc_revenue


def test_effects_sum_to_the_total_change():
    annual = pd.DataFrame(
        {
            "year": [2019, 2020, 2021],
            "production_bpd": [1_100_000, 400_000, 1_200_000],
            "days": [365, 366, 365],
            "brent_usd_bbl": [64.0, 42.0, 71.0],
        }
    )
    annual["gross_value_usd"] = annual["production_bpd"] * annual["days"] * annual["brent_usd_bbl"]
    out = decompose(annual)
    parts = out[["volume_effect_usd", "price_effect_usd", "interaction_effect_usd"]].sum(axis=1)
    assert np.allclose(parts[1:], out["change_usd"][1:])
    q19, q20 = 1_100_000 * 365, 400_000 * 366
    assert out.loc[1, "volume_effect_usd"] == pytest.approx((q20 - q19) * 64.0)
    assert out.loc[1, "price_effect_usd"] == pytest.approx(q19 * (42.0 - 64.0))
    assert out[["change_usd"]].iloc[0].isna().all()


def test_annual_value_uses_barrels_and_complete_years_only():
    idx = pd.date_range("2019-01", "2020-06", freq="MS")
    monthly = pd.Series(1_000_000.0, index=idx)
    monthly["2019-02"] = 0.0
    days = pd.date_range("2019-01-01", "2020-12-31")
    brent = pd.DataFrame({"date": days, "brent_usd_bbl": 50.0})
    out = annual_value(monthly, brent, 2019)
    assert out["year"].tolist() == [2019]
    assert out.loc[0, "production_bpd"] == pytest.approx(1e6 * (365 - 28) / 365)
    assert out.loc[0, "gross_value_usd"] == pytest.approx(1e6 * (365 - 28) * 50)


def test_price_is_the_production_weighted_mean_of_daily_brent():
    # Worked by hand: 2019 January-June (181 days) at 1,000,000 b/d and $40, July-December
    # (184 days) at 500,000 b/d and $80. Weighted: (181 x 1.0 x 40 + 184 x 0.5 x 80) /
    # (181 x 1.0 + 184 x 0.5) = 14,600 / 273 = 53.48; the simple mean is 21,960 / 365 = 60.16.
    monthly = pd.Series(1_000_000.0, index=pd.date_range("2019-01", "2019-12", freq="MS"))
    monthly["2019-07":] = 500_000.0
    days = pd.date_range("2019-01-01", "2019-12-31")
    brent = pd.DataFrame({"date": days, "brent_usd_bbl": np.where(days.month <= 6, 40.0, 80.0)})
    out = annual_value(monthly, brent, 2019).iloc[0]
    assert out["brent_usd_bbl"] == pytest.approx(14_600 / 273)
    assert out["brent_simple_mean_usd_bbl"] == pytest.approx(21_960 / 365)
    barrels = 181 * 1_000_000 + 184 * 500_000
    assert out["gross_value_usd"] == pytest.approx(barrels * 14_600 / 273)
    assert out["gross_value_usd"] == pytest.approx(181e6 * 40 + 92e6 * 80)  # each day's value


def test_trading_days_only_carry_weight():
    # Three trading days in the year: 2 January at $10 (January 100 b/d), 2 July at $30 (July
    # 300 b/d) and 2 December at $20 (100 b/d): (1,000 + 9,000 + 2,000) / 500 = 24, whatever
    # the other months produced.
    monthly = pd.Series(100.0, index=pd.date_range("2019-01", "2019-12", freq="MS"))
    monthly["2019-07"] = 300.0
    brent = pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-01-02", "2019-07-02", "2019-12-02"]),
            "brent_usd_bbl": [10.0, 30.0, 20.0],
        }
    )
    out = annual_value(monthly, brent, 2019).iloc[0]
    assert out["brent_usd_bbl"] == pytest.approx(24.0)


def test_noc_revenue_picks_the_usd_annual_metric():
    rev = pd.DataFrame(
        {
            "period": ["2019", "2020", "2020"],
            "metric": ["noc_revenue_annual", "noc_revenue_annual", "cbl_oil_revenue_annual"],
            "value": [22.5e9, 5.9e9, 1.0],
            "unit": ["USD", "USD", "USD"],
        }
    )
    assert noc_revenue(rev).to_dict() == {2019: 22.5e9, 2020: 5.9e9}
