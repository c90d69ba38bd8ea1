"""Brent paths: the moving-block bootstrap keeps blocks of consecutive trading days, and the
projection's sums over pieces of days are the sums of those daily paths."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.price_paths import BLOCK_DAYS, BrentSums, block_starts, recent_log_returns


def test_block_starts_are_uniform_where_a_whole_block_fits() -> None:
    starts = block_starts(100, 3, 2000, np.random.default_rng(1))
    assert starts.shape == (3, 2000)
    assert starts.min() == 0 and starts.max() == 100 - BLOCK_DAYS
    # the blocks start at different places (the draws are not one fixed run)
    assert len(np.unique(starts[0])) > 50


def constructed_brent() -> pd.DataFrame:
    """Weekday prices whose log returns are all different: 1e-4 x (position + 1)."""
    days = pd.bdate_range("2016-01-01", "2020-06-30")
    log_price = np.log(50.0) + np.concatenate([[0.0], np.cumsum(1e-4 * np.arange(1, len(days)))])
    return pd.DataFrame({"date": days, "brent_usd_bbl": np.exp(log_price)})


def daily_paths(
    brent: pd.DataFrame, as_of: pd.Timestamp, days: int, n: int, seed: int
) -> np.ndarray:
    """(days, n) Brent on each calendar day after as_of: pieces of one day each."""
    sums = BrentSums(brent, as_of, np.arange(days + 1))
    return sums.draw(n, np.random.default_rng(seed))


def test_paths_are_blocks_of_the_centred_history() -> None:
    brent = constructed_brent()
    as_of = pd.Timestamp("2020-06-30")
    returns = recent_log_returns(brent, as_of)
    assert abs(returns.mean()) < 1e-12
    paths = daily_paths(brent, as_of, 60, 8, 2).T  # (paths, days)
    days = pd.date_range(as_of + pd.Timedelta(days=1), periods=60, freq="D")
    start = float(brent["brent_usd_bbl"].iloc[-1])
    moves = np.diff(np.log(np.column_stack([np.full(8, start), paths])), axis=1)
    weekend = days.day_of_week >= 5
    assert np.allclose(moves[:, weekend], 0.0)
    for row in moves[:, ~weekend]:
        # each weekday's move is one of the centred returns; blocks of 20 are consecutive ones
        pos = np.array([int(np.argmin(np.abs(returns - m))) for m in row])
        assert np.allclose(returns[pos], row)
        for b in range(0, len(pos), BLOCK_DAYS):
            assert (np.diff(pos[b : b + BLOCK_DAYS]) == 1).all()


def test_sums_over_pieces_are_sums_of_the_daily_paths() -> None:
    """The same draws summed over pieces of days: month ends, 5-day steps, and pieces that are
    only a weekend after a Friday (they carry Friday's price, the price on as_of)."""
    brent = constructed_brent()
    as_of = pd.Timestamp("2020-01-31")  # a Friday: days 0 and 1 after it are a weekend
    edges = np.array([0, 1, 2, 5, 10, 29, 30, 45, 60, 90])
    daily = daily_paths(brent, as_of, 90, 50, 7)
    sums = BrentSums(brent, as_of, edges).draw(50, np.random.default_rng(7))
    np.testing.assert_allclose(sums, np.add.reduceat(daily, edges[:-1], axis=0), rtol=1e-12)
    start = float(brent.set_index("date")["brent_usd_bbl"].loc[as_of])
    np.testing.assert_allclose(sums[:2], start)


def reference_daily(
    brent: pd.DataFrame, as_of: pd.Timestamp, days: int, starts: np.ndarray
) -> np.ndarray:
    """(days, paths) the moving-block bootstrap written out day by day, independently of
    BrentSums: each path's weekday moves are its blocks' consecutive centred returns, in
    order; a weekend day carries Friday's price; the path starts from the price on as_of."""
    s = brent.set_index("date")["brent_usd_bbl"].sort_index()
    start = float(s[s.index <= as_of].iloc[-1])
    returns = recent_log_returns(brent, as_of)
    future = pd.date_range(as_of + pd.Timedelta(days=1), periods=days, freq="D")
    out = np.empty((days, starts.shape[1]))
    for j in range(starts.shape[1]):
        moves = np.concatenate([returns[b : b + BLOCK_DAYS] for b in starts[:, j]])
        log_price, k = np.log(start), 0
        for i, day in enumerate(future):
            if day.day_of_week < 5:
                log_price += moves[k]
                k += 1
            out[i, j] = np.exp(log_price)
    return out


def test_sums_match_a_day_by_day_reference_bootstrap() -> None:
    """The same block starts give the same sums as the bootstrap written out day by day (the
    daily paths the projection used before it summed over pieces), on a Wednesday and a
    Friday, with pieces at month ends inside a 5-day step."""
    brent = constructed_brent()
    for as_of in (pd.Timestamp("2020-04-15"), pd.Timestamp("2020-05-29")):
        edges = np.array([0, 1, 3, 5, 10, 16, 20, 47, 50, 120])
        sums = BrentSums(brent, as_of, edges)
        drawn = sums.draw(6, np.random.default_rng(3))
        starts = block_starts(sums.n_returns, sums.n_blocks, 6, np.random.default_rng(3))
        daily = reference_daily(brent, as_of, int(edges[-1]), starts)
        expected = np.add.reduceat(daily, edges[:-1], axis=0)
        np.testing.assert_allclose(drawn, expected, rtol=1e-12)
