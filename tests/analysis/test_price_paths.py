"""Brent paths: the moving-block bootstrap keeps blocks of consecutive trading days."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.price_paths import BLOCK_DAYS, block_indices, brent_paths, recent_log_returns


def test_block_indices_are_runs_of_consecutive_positions() -> None:
    idx = block_indices(100, 45, 50, 20, np.random.default_rng(1))
    assert idx.shape == (50, 45)
    for row in idx:
        for block in (row[:20], row[20:40], row[40:]):
            assert (np.diff(block) == 1).all()
            assert 0 <= block[0] <= 80
    # the blocks start at different places (the draws are not one fixed run)
    assert len(np.unique(idx[:, 0])) > 10


def constructed_brent() -> pd.DataFrame:
    """Weekday prices whose log returns are all different: 1e-4 x (position + 1)."""
    days = pd.bdate_range("2016-01-01", "2020-06-30")
    log_price = np.log(50.0) + np.concatenate([[0.0], np.cumsum(1e-4 * np.arange(1, len(days)))])
    return pd.DataFrame({"date": days, "brent_usd_bbl": np.exp(log_price)})


def test_paths_are_blocks_of_the_centred_history() -> None:
    brent = constructed_brent()
    as_of = pd.Timestamp("2020-06-30")
    returns = recent_log_returns(brent, as_of)
    assert abs(returns.mean()) < 1e-12
    paths = brent_paths(brent, as_of, 60, 8, np.random.default_rng(2)).T  # (paths, days)
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
