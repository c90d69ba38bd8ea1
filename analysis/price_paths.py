"""Brent price paths for the what-if projection: a moving-block bootstrap of daily log returns.

Oil returns are heavy-tailed and their volatility clusters (calm months, then weeks of large
moves), so drawing single days independently, or from a normal law, would give too narrow a
spread a few months out. Resampling whole blocks of 20 consecutive trading days (about a month)
keeps the clusters and the tails the market actually showed. The returns come from the three
years up to the what-if date (recent enough to reflect the market then, long enough to hold
several turbulent spells) and are centred: the paths carry the past's volatility, not its trend
(the projection does not forecast the direction of the oil price).

The projection only ever needs each path's sums over runs of calendar days (the days between
two N of the grid inside one month), so `BrentSums` draws those sums directly: a block's prices
are the price before it times exp(the log returns from the block's start), and a sum over days
inside a block is a dot product of those growth factors with the days' counts, tabulated once
per what-if date for every possible block start. The paths' law is the bootstrap's (the same
block starts give the same sums as summing the daily paths), at a fraction of the work per path.
"""

from __future__ import annotations

from itertools import pairwise

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


def trading_steps(as_of: pd.Timestamp, days: int) -> np.ndarray:
    """For each of the `days` calendar days after `as_of`, the weekdays after `as_of` up to it:
    the trading step whose price the day carries (0: the price on `as_of`)."""
    future = pd.date_range(as_of + pd.Timedelta(days=1), periods=days, freq="D")
    return np.cumsum(future.day_of_week < 5)


def block_starts(
    n_returns: int, n_blocks: int, n_paths: int, rng: np.random.Generator
) -> np.ndarray:
    """(n_blocks, n_paths) positions into the returns where each path's blocks start, uniform
    over the positions where a whole block fits (the moving-block bootstrap)."""
    return rng.integers(0, n_returns - BLOCK_DAYS + 1, size=(n_blocks, n_paths))


class BrentSums:
    """Bootstrap Brent paths after `as_of`, summed over runs of calendar days: piece j is the
    days edges[j]..edges[j + 1] - 1 after `as_of` (0: the day after). `draw` gives
    (pieces, paths), what np.add.reduceat(daily paths, edges[:-1]) would for the same draws."""

    def __init__(self, brent: pd.DataFrame, as_of: pd.Timestamp, edges: np.ndarray) -> None:
        self.start = float(daily_prices(brent, as_of, as_of).iloc[0])
        returns = recent_log_returns(brent, as_of)
        self.n_returns = len(returns)
        cum = np.concatenate([[0.0], np.cumsum(returns)])
        first = np.arange(self.n_returns - BLOCK_DAYS + 1)[:, None]
        # log return from a block's start to each of its days: (block starts, BLOCK_DAYS)
        within = cum[first + np.arange(BLOCK_DAYS) + 1] - cum[first]
        self.block_total = within[:, -1]
        step = trading_steps(as_of, int(edges[-1]))
        self.n_blocks = -(-int(step[-1]) // BLOCK_DAYS)
        pieces = len(edges) - 1
        # calendar days of each piece carrying each step's price (step 0: the price on as_of)
        width = 1 + self.n_blocks * BLOCK_DAYS
        piece_of_day = np.repeat(np.arange(pieces), np.diff(edges))
        count = np.bincount(piece_of_day * width + step, minlength=pieces * width)
        count = count.reshape(pieces, width).astype(float)
        # days carrying the price on as_of: (pieces with any, their value)
        self.at_start = np.flatnonzero(count[:, 0]), self.start * count[count[:, 0] > 0, :1]
        by_block = count[:, 1:].reshape(pieces, self.n_blocks, BLOCK_DAYS)
        # (piece, block) pairs with days, the k-th pairs of all pieces together (k = 0, 1, ...);
        # a piece whose days all carry the price on as_of gets a pair of zeros, so the first
        # pairs are every piece in order. Each pair's sum of its days' prices, from every possible
        # block start, for a path at the price on as_of when the block starts: (pairs, starts)
        has: np.ndarray = np.asarray(by_block.any(axis=2))
        has[~has.any(axis=1), 0] = True
        piece, block = np.nonzero(has)
        kth = np.arange(len(piece)) - np.searchsorted(piece, piece)
        order = np.lexsort((piece, kth))
        self.pair_block = block[order]
        self.table = self.start * np.exp(within) @ by_block[piece[order], self.pair_block].T
        self.table = np.ascontiguousarray(self.table.T)
        ends = np.searchsorted(kth[order], np.arange(1, kth.max() + 2))
        self.pieces = pieces
        self.later_pairs = [(piece[order][a:b], slice(a, b)) for a, b in pairwise(ends)]

    def draw(self, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        """(pieces, n_paths) sums of Brent over each piece's days on `n_paths` bootstrap paths."""
        starts = block_starts(self.n_returns, self.n_blocks, n_paths, rng)
        # each block's growth factor from the price on as_of: the totals of the blocks before it
        before = np.zeros((self.n_blocks, n_paths))
        np.cumsum(self.block_total[starts[:-1]], axis=0, out=before[1:])
        growth = np.exp(before)
        terms = np.empty((len(self.table), n_paths))
        for table, block, term in zip(self.table, self.pair_block, terms, strict=True):
            np.take(table, starts[block], out=term)  # row by row: faster than one fancy index
            term *= growth[block]
        sums = terms[: self.pieces]
        for pieces, rows in self.later_pairs:
            sums[pieces] += terms[rows]
        sums[self.at_start[0]] += self.at_start[1]
        return sums
