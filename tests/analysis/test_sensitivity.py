"""Sensitivity grid on the real 2020 episode: the published choice reproduces the estimate,
and switching R1 off lets the 2018 and 2018-19 blockade months pull the baseline down."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.episodes import build_episodes, monthly_series, price_table
from analysis.estimates import estimate_episode
from analysis.load import load_raw
from analysis.params import RunParams
from analysis.sensitivity import sensitivity_grid

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def case():
    raw = load_raw(RAW)
    monthly = monthly_series(raw, "eia_steo_copr")
    ep = {e.episode_id: e for e in build_episodes(raw, monthly)}["2020"]
    prices = price_table(raw, ep.start, ep.end)
    grid = sensitivity_grid([ep], raw.episodes, monthly, prices, 400, 1, (24,), ("local_level",))
    return raw, monthly, ep, prices, grid


def test_grid_has_every_combination(case):
    *_, grid = case
    assert len(grid) == 2 * 2 * 3  # rule on/off x price scenarios x levels
    assert set(grid["contamination_rule"]) == {True, False}
    lo, hi = grid["lost_barrels_lower"], grid["lost_barrels_upper"]
    assert (lo <= grid["lost_barrels"]).all() and (grid["lost_barrels"] <= hi).all()


def test_published_choice_reproduces_the_estimate(case):
    """episodes.csv's 2020 baseline is the 24 months before the start month, with R1 on: the
    grid's point must equal the estimate's, which the daily_impact code computes separately."""
    _, monthly, ep, prices, grid = case
    params = RunParams(models=("local_level",), simulations=50)
    s = estimate_episode(ep, monthly, prices, params).summary
    want = s[(s["price_scenario"] == "brent") & (s["interval_level"] == 0.95)].iloc[0]
    got = grid[
        grid["contamination_rule"]
        & (grid["price_scenario"] == "brent")
        & np.isclose(grid["interval_level"], 0.95)
    ].iloc[0]
    assert got["lost_barrels"] == pytest.approx(want["lost_barrels"], rel=1e-9)
    assert got["loss_usd"] == pytest.approx(want["loss_usd"], rel=1e-9)


def test_without_r1_blockade_months_lower_the_counterfactual(case):
    *_, grid = case
    brent = grid[(grid["price_scenario"] == "brent") & np.isclose(grid["interval_level"], 0.95)]
    on = brent[brent["contamination_rule"]]["lost_barrels"].iloc[0]
    off = brent[~brent["contamination_rule"]]["lost_barrels"].iloc[0]
    assert off < on
