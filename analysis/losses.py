"""Lost barrels and lost value: daily rates times days, with intervals from simulated paths.

A loss rate (b/d) is only ever summed after multiplying by the days it applies to; here every
row is one day, so the cumulative sum of daily lost b/d is barrels. Intervals on cumulative sums
are quantiles of the cumulative sums of simulated counterfactual paths, never sums of pointwise
bounds (those would assume perfectly correlated errors and overstate the width).

A quantile of finitely many paths is itself uncertain; each bound carries its Monte Carlo standard
error (`mc_se_probs`), which the manifest summarises and the default number of paths is set by.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.counterfactual import Counterfactual
from analysis.daily import month_positions


def bound_probs(levels: tuple[float, ...]) -> np.ndarray:
    return np.array([q for lv in levels for q in ((1 - lv) / 2, (1 + lv) / 2)])


# episode_daily also returns the Monte Carlo standard error of each of these bounds, in columns
# named BOUND + MC_SE_SUFFIX; they are not written (the contract leaves them out), only summarised.
MC_SE_SUFFIX = "_mc_se"
MC_TARGET = 0.01  # each bound's Monte Carlo standard error below 1% of its scale (mc_se_to_scale)
BOUND_COLUMNS = (
    "cum_lost_barrels_lower",
    "cum_lost_barrels_upper",
    "cum_loss_usd_lower",
    "cum_loss_usd_upper",
)


def mc_se_probs(probs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities p - h and p + h, h = sqrt(p (1 - p) / n), bracketing each quantile p.

    The p-quantile of n draws has standard error sqrt(p (1 - p) / n) / f(q_p) (f the density at
    the quantile). The draws themselves estimate 1 / f by the slope of the quantile function, so
    SE ~ (Q(p + h) - Q(p - h)) / 2: half the distance between the order statistics one binomial
    standard deviation either side of the quantile's rank. No density estimate, no extra paths.
    """
    h = np.sqrt(probs * (1 - probs) / n)
    return np.clip(probs - h, 0, 1), np.clip(probs + h, 0, 1)


def quantiles_with_mc_se(a: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles of each row of draws (np.quantile's linear method) and their Monte Carlo
    standard errors; both (probs, rows).

    Reorders `a` in place (its rows are large, and the caller has no further use for the order).
    """
    below, above = mc_se_probs(probs, a.shape[1])
    q = _selected_quantiles(a, np.concatenate([probs, below, above]))
    k = len(probs)
    return q[:k], (q[2 * k :] - q[k : 2 * k]) / 2


def _selected_quantiles(rows: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """np.quantile(rows, probs, axis=1) (linear method), result (probs, rows); reorders `rows`.

    Only the order statistics the quantiles interpolate between are put in place (select_ranks),
    so the values are those of a full sort at a fraction of its cost.
    """
    n = rows.shape[1]
    pos = probs * (n - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    select_ranks(rows, np.unique(np.concatenate([lo, hi])))
    frac = pos - lo
    return (rows[:, lo] * (1 - frac) + rows[:, hi] * frac).T


def select_ranks(rows: np.ndarray, ranks: np.ndarray) -> None:
    """Reorder each row in place so that position r holds the row's r-th smallest value for every
    r in `ranks` (sorted, unique), as a full sort would.

    The published bounds are tail quantiles, so the ranks sit in two clusters: the rows are split
    (one single-rank partition each, numpy's fastest) at the highest rank of the lower half and
    at the lowest of the upper half, and only the two tails beyond are sorted. A full sort of
    rows of 4,000-57,000 paths cost a quarter of the run.
    """
    n = rows.shape[1]
    low, high = ranks[ranks < n // 2], ranks[ranks >= n // 2]
    start = 0
    if len(low):
        cut = int(low[-1])
        rows.partition(cut, axis=1)
        rows[:, :cut].sort(axis=1)
        start = cut + 1
    if len(high):
        cut = int(high[0])
        rows[:, start:].partition(cut - start, axis=1)
        rows[:, cut + 1 :].sort(axis=1)


def mc_se_to_scale(rows: pd.DataFrame, quantity: str, side: str) -> np.ndarray:
    """Monte Carlo standard error of `quantity`'s `side` bound over its scale, the larger of
    the bound's size and the interval's width (a bound near zero cannot be pinned to 1% of
    itself: its relative error has no bound). The rule the number of paths is set by."""
    width = rows[f"{quantity}_upper"] - rows[f"{quantity}_lower"]
    bound = rows[f"{quantity}_{side}"]
    se = rows[f"{quantity}_{side}{MC_SE_SUFFIX}"]
    return se_to_scale(se.to_numpy(), bound.to_numpy(), width.to_numpy())


def se_to_scale(se: np.ndarray, bound: np.ndarray, width: np.ndarray) -> np.ndarray:
    """The Monte Carlo rule's ratio on arrays: standard error over the larger of the bound's
    size and its interval's width."""
    return se / np.maximum(np.abs(bound), width)


def worst_mc_se_to_scale(
    rows: pd.DataFrame, quantities: tuple[str, ...] = ("cum_lost_barrels", "cum_loss_usd")
) -> float:
    """The largest mc_se_to_scale over both bounds of each of `quantities` (by default
    BOUND_COLUMNS, episode_daily's) in `rows`; the replay and projection pass their own."""
    ratios = [mc_se_to_scale(rows, q, side) for q in quantities for side in ("lower", "upper")]
    return float(np.nanmax(np.concatenate(ratios)))


# Days per block of the running sums: memory does not grow with the episode's length (2013-16:
# 1,155 days), and each block's arrays stay small (64 days of 46,300 paths made 24 MB of fresh
# memory per array; 16 days ran the running quantiles about a quarter faster, the same sums).
DAY_BLOCK = 16


def _running_quantiles(
    paths_t: np.ndarray,
    pos: np.ndarray,
    act: np.ndarray,
    prices: list[np.ndarray],
    probs: np.ndarray,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Quantiles and Monte Carlo standard errors (probs, days) of the running sums of lost
    barrels (first) and of lost barrels times each price, over the simulated paths.

    `paths_t` is (months, paths) in C order; day d's lost b/d on each path is
    paths_t[pos[d]] - act[d]. The sums run block by block of days, each block's first row
    adding the previous block's last: the same additions in the same order as one cumsum.
    """
    days, n = len(pos), paths_t.shape[1]
    carry = [np.zeros(n) for _ in range(1 + len(prices))]
    out = [(np.empty((len(probs), days)), np.empty((len(probs), days))) for _ in carry]
    for lo in range(0, days, DAY_BLOCK):
        hi = min(lo + DAY_BLOCK, days)
        lost = paths_t[pos[lo:hi]]
        lost -= act[lo:hi, None]
        blocks = [lost] + [lost * price[lo:hi, None] for price in prices]
        for block, prev, (q, se) in zip(blocks, carry, out, strict=True):
            block[0] += prev
            for i in range(1, hi - lo):
                np.add(block[i], block[i - 1], out=block[i])
            prev[:] = block[-1]
            q[:, lo:hi], se[:, lo:hi] = quantiles_with_mc_se(block, probs)
    return out


@dataclass(frozen=True)
class DailyBounds:
    """One counterfactual's days with the running bounds of its lost barrels and value: what
    episode_daily's rows hold, as arrays, so the Monte Carlo rule can judge a round (worst)
    without building rows it then discards."""

    days: pd.DatetimeIndex
    act: np.ndarray
    pos: np.ndarray
    cf: Counterfactual
    levels: tuple[float, ...]
    prices: dict[str, np.ndarray]
    # (quantiles, standard errors), each (bound_probs(levels), days): barrels, then each price
    barrels: tuple[np.ndarray, np.ndarray]
    by_price: list[tuple[np.ndarray, np.ndarray]]

    def worst(self) -> float:
        """worst_mc_se_to_scale of the rows, from the arrays: the same ratios, the same max."""
        ratios = []
        for q, se in (self.barrels, *self.by_price):
            width = np.repeat(q[1::2] - q[0::2], 2, axis=0)
            ratios.append(se_to_scale(se, q, width).ravel())
        return float(np.nanmax(np.concatenate(ratios)))

    def rows(self) -> pd.DataFrame:
        """One row per day x price scenario x interval level (episode_daily)."""
        cf, pos, act = self.cf, self.pos, self.act
        point = cf.mean[pos]
        lost = point - act
        q_barrels, se_barrels = self.barrels
        frames = []
        for (scenario, price), (q_usd, se_usd) in zip(
            self.prices.items(), self.by_price, strict=True
        ):
            cum_usd = np.cumsum(lost * price)
            for i, level in enumerate(self.levels):
                frames.append(
                    pd.DataFrame(
                        {
                            "price_scenario": scenario,
                            "interval_level": level,
                            "date": self.days,
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
                            "cum_lost_barrels_lower_mc_se": se_barrels[2 * i],
                            "cum_lost_barrels_upper_mc_se": se_barrels[2 * i + 1],
                            "cum_loss_usd_lower_mc_se": se_usd[2 * i],
                            "cum_loss_usd_upper_mc_se": se_usd[2 * i + 1],
                        }
                    )
                )
        return pd.concat(frames, ignore_index=True)


def daily_bounds(
    actual: pd.Series,
    cf: Counterfactual,
    start: pd.Timestamp,
    end: pd.Timestamp,
    prices: dict[str, pd.Series],
    levels: tuple[float, ...],
) -> DailyBounds:
    """The running bounds of every day in [start, end] (see episode_daily)."""
    days = pd.date_range(start, end, freq="D")
    act = actual.reindex(days).to_numpy(dtype=float)
    if np.isnan(act).any():
        raise ValueError("daily actual production does not cover the episode")
    pos = month_positions(cf.months, days)
    price_arrays = {}
    for scenario, price_series in prices.items():
        price_arrays[scenario] = price_series.reindex(days).to_numpy(dtype=float)
        if np.isnan(price_arrays[scenario]).any():
            raise ValueError(f"price scenario {scenario!r} does not cover the episode")
    barrels, *by_price = _running_quantiles(
        np.ascontiguousarray(cf.paths.T),
        pos,
        act,
        list(price_arrays.values()),
        bound_probs(levels),
    )
    return DailyBounds(days, act, pos, cf, levels, price_arrays, barrels, by_price)


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
    return daily_bounds(actual, cf, start, end, prices, levels).rows()


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
