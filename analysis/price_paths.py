"""Brent price paths for the what-if projection: a moving-block bootstrap of daily log returns.

Oil returns are heavy-tailed and their volatility clusters (calm months, then weeks of large
moves), so drawing single days independently, or from a normal law, would give too narrow a
spread a few months out. Resampling whole blocks of 20 consecutive trading days (about a month)
keeps the clusters and the tails the market actually showed. The returns come from the three
years up to the what-if date (recent enough to reflect the market then, long enough to hold
several turbulent spells) and are centred: the paths carry the past's volatility, not its trend
(the projection does not forecast the direction of the oil price).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.daily import daily_prices

BLOCK_DAYS = 20
HISTORY_YEARS = 3
METHOD = (
    "moving-block bootstrap of centred daily Brent log returns from the 3 years up to the "
    "what-if date, blocks of 20 consecutive trading days; every weekday a trading day, weekends "
    "carry Friday's price"
)


def recent_log_returns(
    brent: pd.DataFrame, as_of: pd.Timestamp, years: int = HISTORY_YEARS
) -> np.ndarray:
    """Centred log returns between consecutive trading days in the `years` up to `as_of`."""
    s = brent.set_index("date")["brent_usd_bbl"].sort_index()
    s = s[(s.index > as_of - pd.DateOffset(years=years)) & (s.index <= as_of)]
    r = np.diff(np.log(s.to_numpy(dtype=float)))
    if len(r) < BLOCK_DAYS:
        raise ValueError(f"fewer than {BLOCK_DAYS} Brent returns before {as_of:%Y-%m-%d}")
    return r - r.mean()


def block_indices(
    n_returns: int, steps: int, n_paths: int, block: int, rng: np.random.Generator
) -> np.ndarray:
    """(n_paths, steps) positions into the returns: runs of `block` consecutive positions, each
    run starting at a uniform position where a whole block fits (the moving-block bootstrap)."""
    n_blocks = -(-steps // block)
    starts = rng.integers(0, n_returns - block + 1, size=(n_paths, n_blocks))
    return (starts[:, :, None] + np.arange(block)).reshape(n_paths, -1)[:, :steps]


def brent_paths(
    brent: pd.DataFrame,
    as_of: pd.Timestamp,
    days: int,
    n_paths: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """(days, n_paths) Brent on each calendar day after `as_of`, starting from its price on
    `as_of` (the last trading day's, carried forward); one row per day, as the projection sums."""
    start = float(daily_prices(brent, as_of, as_of).iloc[0])
    returns = recent_log_returns(brent, as_of)
    future = pd.date_range(as_of + pd.Timedelta(days=1), periods=days, freq="D")
    weekday = future.day_of_week < 5
    steps = int(weekday.sum())
    idx = block_indices(len(returns), steps, n_paths, BLOCK_DAYS, rng)
    level = np.zeros((steps + 1, n_paths))
    level[1:] = returns[idx.T]
    for i in range(2, steps + 1):  # running sums row by row (see projection.running_rows)
        np.add(level[i], level[i - 1], out=level[i])
    # the number of trading days so far on each calendar day picks its cumulative return
    return start * np.exp(level[np.cumsum(weekday)])
