"""The what-if projection: hand arithmetic, the cost so far, and the 2020 check of issue 11."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.counterfactual import Counterfactual
from analysis.projection import DAYS_MORE, project, what_if_dates

ROOT = Path(__file__).resolve().parents[2]
PROCESSED = ROOT / "data" / "processed"
KEYS = ["episode_id", "model", "price_scenario", "interval_level"]


def constant_cf(level: float, months: pd.DatetimeIndex, paths: int = 3) -> Counterfactual:
    """A counterfactual with no uncertainty: every path is `level` b/d in every month."""
    flat = np.full(len(months), level)
    return Counterfactual(
        model="constant",
        months=months,
        mean=flat,
        lower={},
        upper={},
        paths=np.full((paths, len(months)), level),
        baseline_rmse_bpd=0.0,
        converged=True,
    )


def test_constant_counterfactual_at_a_flat_price_is_hand_arithmetic() -> None:
    days = pd.date_range("2020-01-30", "2020-02-02", freq="D")
    actual = pd.Series([100.0, 100.0, 40.0, 40.0], index=days)
    prices = {name: pd.Series(p, index=days) for name, p in (("brent", 50.0), ("disc", 48.0))}
    out = project(
        constant_cf(1000.0, pd.date_range("2020-01-01", "2020-02-01", freq="MS")),
        actual,
        days[0],
        days[-1],
        prices,
        {"brent": 0.0, "disc": 2.0},
        lambda as_of, edges: lambda n: np.repeat(50.0 * np.diff(edges)[:, None], n, axis=1),
        levels=(0.95,),
        days_more=np.array([0, 5, 10]),
    )
    # so far: 2 days x (1000 - 100) + 2 days x (1000 - 40) = 3720 barrels; then 960 b/d held
    barrels = [3720.0, 3720.0 + 5 * 960, 3720.0 + 10 * 960]
    for scenario, price in (("brent", 50.0), ("disc", 48.0)):
        rows = out[out["price_scenario"] == scenario]
        assert list(rows["end_date"]) == list(
            pd.to_datetime(["2020-02-02", "2020-02-07", "2020-02-12"])
        )
        for col in ("lost_barrels", "lost_barrels_lower", "lost_barrels_upper"):
            np.testing.assert_allclose(rows[col], barrels)
        for col in ("loss_usd", "loss_usd_lower", "loss_usd_upper"):
            np.testing.assert_allclose(rows[col], np.array(barrels) * price)


def test_what_if_dates_are_month_ends_then_the_end() -> None:
    dates = what_if_dates(pd.Timestamp("2020-01-18"), pd.Timestamp("2020-09-18"))
    expected = ["2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30", "2020-05-31"]
    expected += ["2020-06-30", "2020-07-31", "2020-08-31", "2020-09-18"]
    assert dates == list(pd.to_datetime(expected))
    # an episode ending on a month end does not list that day twice
    assert what_if_dates(pd.Timestamp("2020-01-18"), pd.Timestamp("2020-02-29"))[-1:] == [
        pd.Timestamp("2020-02-29")
    ]
    assert len(what_if_dates(pd.Timestamp("2020-01-18"), pd.Timestamp("2020-02-29"))) == 2


@pytest.fixture(scope="module")
def projection() -> pd.DataFrame:
    return pd.read_csv(PROCESSED / "projection.csv", dtype={"episode_id": str})


def test_grid_is_the_sliders_steps(projection: pd.DataFrame) -> None:
    assert sorted(projection["days_more"].unique()) == list(range(0, 366, 5))
    assert list(DAYS_MORE) == list(range(0, 366, 5))
    ends = pd.to_datetime(projection["projected_from"]) + pd.to_timedelta(
        projection["days_more"], unit="D"
    )
    assert (ends == pd.to_datetime(projection["end_date"])).all()
    assert (PROCESSED / "projection.csv").stat().st_size < 3_000_000


def test_cost_so_far_is_daily_impacts_running_total(projection: pd.DataFrame) -> None:
    """days_more 0 is the point estimate of daily_impact on the what-if date (same model)."""
    daily = pd.read_csv(PROCESSED / "daily_impact.csv", dtype={"episode_id": str})
    so_far = projection[projection["days_more"] == 0].rename(columns={"projected_from": "date"})
    both = so_far.merge(daily, on=[*KEYS, "date"], how="left")
    assert both["cum_lost_barrels"].notna().all()
    np.testing.assert_allclose(both["lost_barrels"], both["cum_lost_barrels"], atol=1)
    np.testing.assert_allclose(both["loss_usd"], both["cum_loss_usd"], atol=1)


def test_2020_stopped_at_30_june_covers_the_full_data_estimate(projection: pd.DataFrame) -> None:
    """Issue 11: 30 June 2020 + 80 days = 18 September; the 95% interval holds the full-data
    total of episode_summary (the default model), in barrels and in USD, for both scenarios."""
    summary = pd.read_csv(PROCESSED / "episode_summary.csv", dtype={"episode_id": str})
    rows = projection[
        (projection["episode_id"] == "2020")
        & (projection["projected_from"] == "2020-06-30")
        & (projection["days_more"] == 80)
        & (projection["interval_level"] == 0.95)
    ]
    assert set(rows["end_date"]) == {"2020-09-18"}
    both = rows.merge(summary, on=KEYS, suffixes=("", "_full"))
    assert len(both) == 2
    assert (both["lost_barrels_lower"] <= both["lost_barrels_full"]).all()
    assert (both["lost_barrels_full"] <= both["lost_barrels_upper"]).all()
    assert (both["loss_usd_lower"] <= both["loss_usd_full"]).all()
    assert (both["loss_usd_full"] <= both["loss_usd_upper"]).all()


def test_a_long_episode_has_quarter_ends() -> None:
    dates = what_if_dates(pd.Timestamp("2013-07-25"), pd.Timestamp("2016-09-21"))
    assert dates[:2] == [pd.Timestamp("2013-09-30"), pd.Timestamp("2013-12-31")]
    assert dates[-2:] == [pd.Timestamp("2016-06-30"), pd.Timestamp("2016-09-21")]
    assert len(dates) == 13
