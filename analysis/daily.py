"""Monthly averages to daily step series, and daily prices on every calendar day.

EIA publishes monthly averages; NOC counts losses by the day. The daily series must therefore
reproduce each month's average exactly, and put the break at the episode's start and end day
rather than smearing it across the month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def split_month(
    month: pd.Timestamp,
    month_mean: float,
    anchor_level: float,
    anchored: np.ndarray,
) -> np.ndarray:
    """Daily values for one month that keep `anchored` days at `anchor_level` and preserve the mean.

    The other days take the value that makes the month's average equal `month_mean`. If that
    value would be negative (or there are no free days), every day takes the month mean instead,
    so the average is still preserved and no day is negative.
    """
    n = month.days_in_month
    free = ~anchored
    n_free = int(free.sum())
    values = np.full(n, month_mean, dtype=float)
    if n_free == 0 or n_free == n:
        return values
    free_level = (month_mean * n - anchor_level * (n - n_free)) / n_free
    if free_level < 0:
        return values
    values[anchored] = anchor_level
    values[free] = free_level
    return values


def daily_actual(monthly: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Daily production (b/d) for every day of the months touched by the episode [start, end].

    `monthly` is indexed by first-of-month timestamps (regular, no gaps in the range used). Days
    in full months take the month's average. In the month the episode starts, days before the
    start keep the level before the episode (the previous month's average). In the month it ends,
    days up to and including the end keep the blockade level: the level of the day before the
    month, i.e. the previous step inside the episode, not the previous month's average (which,
    when the episode started that month, mixes in the days before the start). The remaining days
    of a split month take the value that preserves the month's average. A month holding both
    start and end keeps the days outside the episode at the previous month's level.
    """
    first = start.to_period("M").to_timestamp()
    last = end.to_period("M").to_timestamp()
    months = pd.date_range(first, last, freq="MS")
    missing = months.difference(pd.DatetimeIndex(monthly.index))
    if len(missing):
        raise ValueError(f"monthly production missing for {', '.join(missing.strftime('%Y-%m'))}")
    chunks: list[pd.Series] = []
    prev = first - pd.offsets.MonthBegin(1)
    # The level on the day before each month: the month before the episode's average, then
    # the last day of the month just built (the blockade level once the episode has started).
    level_before: float | None = float(monthly.loc[prev]) if prev in monthly.index else None
    for month in months:
        days = pd.date_range(month, periods=month.days_in_month, freq="D")
        mean = float(monthly.loc[month])
        if month == first == last:
            anchored = (days < start) | (days > end)
        elif month == first:
            anchored = days < start
        elif month == last:
            anchored = days <= end
        else:
            anchored = np.zeros(len(days), dtype=bool)
        if anchored.any() and level_before is not None:
            values = split_month(month, mean, level_before, anchored)
        else:
            values = np.full(len(days), mean)
        chunks.append(pd.Series(values, index=days))
        level_before = float(values[-1])
    return pd.concat(chunks).rename("actual_bpd")


def month_positions(months: pd.DatetimeIndex, days: pd.DatetimeIndex) -> np.ndarray:
    """Position in `months` of each day's month (computed once, reused for every series)."""
    idx = months.get_indexer(days.to_period("M").to_timestamp())
    if (idx < 0).any():
        raise ValueError("a day falls outside the months given")
    return idx


def step_daily(monthly_values: np.ndarray, months: pd.DatetimeIndex, days: pd.DatetimeIndex):
    """Map monthly values (last axis = months) onto days: each day takes its month's value."""
    return np.take(monthly_values, month_positions(months, days), axis=-1)


def daily_prices(brent: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    """Brent on every calendar day in [first, last].

    Weekends and holidays carry the last trading day's price forward (a loss on a Sunday is valued
    at Friday's price); days after the last published price carry it forward too.
    """
    s = brent.set_index("date")["brent_usd_bbl"].sort_index()
    s = s[s.index <= last]
    if s.empty or s.index[0] > first:
        raise ValueError(f"no Brent price on or before {first:%Y-%m-%d}")
    days = pd.date_range(first, last, freq="D")
    return s.reindex(s.index.union(days)).ffill().reindex(days).rename("price_usd_bbl")
