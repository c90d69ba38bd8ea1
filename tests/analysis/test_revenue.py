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
