"""Lost barrels and lost value: daily rates times days, with intervals from simulated paths.

A loss rate (b/d) is only ever summed after multiplying by the days it applies to; here every
row is one day, so the cumulative sum of daily lost b/d is barrels. Intervals on cumulative sums
are quantiles of the cumulative sums of simulated counterfactual paths, never sums of pointwise
bounds (those would assume perfectly correlated errors and overstate the width).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.counterfactual import Counterfactual
from analysis.daily import month_positions


def _bounds(levels: tuple[float, ...]) -> np.ndarray:
    return np.array([q for lv in levels for q in ((1 - lv) / 2, (1 + lv) / 2)])


def quantiles(a: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """np.quantile(a, probs, axis=1) (linear method) for rows of draws; result (probs, rows)."""
    rows = np.sort(a, axis=1)
    pos = probs * (rows.shape[1] - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, rows.shape[1] - 1)
    frac = pos - lo
    return (rows[:, lo] * (1 - frac) + rows[:, hi] * frac).T


def episode_daily(
    actual: pd.Series,
    cf: Counterfactual,
    start: pd.Timestamp,
    end: pd.Timestamp,
    prices: dict[str, pd.Series],
    levels: tuple[float, ...],
) -> pd.DataFrame:
    """One row per day in [start, end] x price scenario x interval level.

    `actual` is daily b/d covering the episode; `prices` maps scenario to a daily price series
    covering the episode. Columns follow daily_impact.csv (without the episode/model keys and
    the reported figure).
    """
    days = pd.date_range(start, end, freq="D")
    act = actual.reindex(days).to_numpy(dtype=float)
    if np.isnan(act).any():
        raise ValueError("daily actual production does not cover the episode")
    pos = month_positions(cf.months, days)
    point = cf.mean[pos]
    lost = point - act
    # (days, simulations): one contiguous row of draws per day keeps cumsum and sort fast
    sim_lost = cf.paths[:, pos].T - act[:, None]
    cum_sim = np.cumsum(sim_lost, axis=0)
    probs = _bounds(levels)
    q_barrels = quantiles(cum_sim, probs)
    frames = []
    for scenario, price_series in prices.items():
        price = price_series.reindex(days).to_numpy(dtype=float)
        if np.isnan(price).any():
            raise ValueError(f"price scenario {scenario!r} does not cover the episode")
        q_usd = quantiles(np.cumsum(sim_lost * price[:, None], axis=0), probs)
        cum_usd = np.cumsum(lost * price)
        for i, level in enumerate(levels):
            frames.append(
                pd.DataFrame(
                    {
                        "price_scenario": scenario,
                        "interval_level": level,
                        "date": days,
                        "actual_bpd": act,
                        "counterfactual_bpd": point,
                        "counterfactual_lower_bpd": cf.lower[level][pos],
                        "counterfactual_upper_bpd": cf.upper[level][pos],
                        "lost_bpd": lost,
                        "price_usd_bbl": price,
                        "cum_lost_barrels": np.cumsum(lost),
                        "cum_lost_barrels_lower": q_barrels[2 * i],
                        "cum_lost_barrels_upper": q_barrels[2 * i + 1],
                        "cum_loss_usd": cum_usd,
                        "cum_loss_usd_lower": q_usd[2 * i],
                        "cum_loss_usd_upper": q_usd[2 * i + 1],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


RECOVERY_SHARE = 0.9


def recovery(
    monthly_actual: pd.Series,
    cf: Counterfactual,
    end: pd.Timestamp,
    share: float = RECOVERY_SHARE,
) -> tuple[pd.Timestamp | None, int | None]:
    """First month after the episode's end month whose actual output is at least `share` of the
    counterfactual point forecast, and the days from the episode's end to that month's first day.

    Measured against the point forecast, not an interval bound: a lower bound several years
    ahead is near zero and would call any output "recovered". None when output does not get
    back within the forecast horizon (or the data stop first).
    """
    end_month = end.to_period("M").to_timestamp()
    for month, expected in zip(cf.months, cf.mean, strict=True):
        if month <= end_month or month not in monthly_actual.index:
            continue
        if monthly_actual.loc[month] >= share * expected:
            return month, int((month - end).days)
    return None, None
