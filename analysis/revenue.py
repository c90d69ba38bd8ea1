"""Year-on-year change in gross crude value split into volume, price and interaction effects.

Gross value V = Q x P with Q the year's barrels (monthly b/d x days) and P the year's
production-weighted mean Brent: each trading day's price weighted by that day's output (its
month's b/d). A simple mean would give the months Libya hardly produced (in 2020, the blockade
months, when Brent also crashed) the same weight as the months it did, and misstate the value.
dV = dQ P0 (volume) + Q0 dP (price) + dQ dP (interaction): exact, so the three sum to the change.
This answers "was 2020 the blockade or the Covid price crash?" without a model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def annual_value(monthly: pd.Series, brent: pd.DataFrame, first_year: int) -> pd.DataFrame:
    """Complete years from `first_year`: b/d, days, weighted and simple mean Brent, gross value.

    A year counts when it has 12 months of production and Brent prices into December.
    """
    m = monthly[pd.DatetimeIndex(monthly.index).year >= first_year]
    months = pd.DatetimeIndex(m.index)
    barrels = m * months.days_in_month
    by_year = pd.DataFrame(
        {"barrels": barrels.groupby(months.year).sum(), "months": m.groupby(months.year).size()}
    )
    by_year = by_year[by_year["months"] == 12]
    b = brent.set_index("date")["brent_usd_bbl"]
    days_b = pd.DatetimeIndex(b.index)
    # each trading day's weight: its month's output (NaN outside the production data)
    weight = pd.Series(m.reindex(days_b.to_period("M").to_timestamp()).to_numpy(), index=days_b)
    weighted = (b * weight).groupby(days_b.year).sum() / weight.groupby(days_b.year).sum()
    last_month = pd.Series(days_b.month, index=days_b).groupby(days_b.year).max()
    years = by_year.index.intersection(last_month.index[last_month == 12])
    days = np.where(pd.to_datetime(years.astype(str) + "-01-01").is_leap_year, 366, 365)
    out = pd.DataFrame(
        {
            "year": years.astype(int),
            "production_bpd": by_year.loc[years, "barrels"].to_numpy() / days,
            "days": days,
            "brent_usd_bbl": weighted.loc[years].to_numpy(),
            "brent_simple_mean_usd_bbl": b.groupby(days_b.year).mean().loc[years].to_numpy(),
        }
    )
    out["gross_value_usd"] = out["production_bpd"] * out["days"] * out["brent_usd_bbl"]
    return out


def decompose(annual: pd.DataFrame) -> pd.DataFrame:
    """Add change, volume, price and interaction effects against the previous year."""
    q = annual["production_bpd"] * annual["days"]
    p = annual["brent_usd_bbl"]
    consecutive = annual["year"].diff() == 1
    dq, dp = q.diff(), p.diff()
    out = annual.copy()
    out["change_usd"] = annual["gross_value_usd"].diff()
    out["volume_effect_usd"] = dq * p.shift()
    out["price_effect_usd"] = q.shift() * dp
    out["interaction_effect_usd"] = dq * dp
    effects = ["change_usd", "volume_effect_usd", "price_effect_usd", "interaction_effect_usd"]
    out.loc[~consecutive, effects] = np.nan
    return out


def noc_revenue(revenue: pd.DataFrame) -> pd.Series:
    """NOC's reported annual revenue in USD by year (metric noc_revenue_annual)."""
    r = revenue[(revenue["metric"] == "noc_revenue_annual") & (revenue["unit"] == "USD")]
    years = r["period"].astype(str).str[:4].astype(int)
    return pd.Series(r["value"].to_numpy(dtype=float), index=years, name="noc_reported_revenue_usd")
