"""The real-time replay: the STEO release rule, the statement rows, the totals, the 2020 check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.counterfactual import Counterfactual
from analysis.episodes import Episode
from analysis.replay import statements, totals_at_end
from analysis.vintages import due_release, published_on, read_vintages, release_month

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "data" / "snapshots" / "eia_steo_libya_vintages.csv"
PROCESSED = ROOT / "data" / "processed"
D = pd.Timestamp


def test_release_rule() -> None:
    assert release_month("steo_apr_20.xlsx") == D("2020-04-01")
    # a STEO counts as published from the 15th of its month
    assert due_release(D("2020-04-13")) == D("2020-03-01")
    assert due_release(D("2020-04-14")) == D("2020-03-01")
    assert due_release(D("2020-04-15")) == D("2020-04-01")
    assert due_release(D("2020-01-02")) == D("2019-12-01")


def test_vintage_history_and_lag_rule() -> None:
    vintages = read_vintages(SNAPSHOT)
    assert len(vintages) == 67
    final = pd.Series(np.arange(12.0), index=pd.date_range("2020-01-01", periods=12, freq="MS"))
    # 13 April 2020: STEO Mar 2020, whose history ends in February (its snapshot row: 0.15 mb/d)
    mar = published_on(D("2020-04-13"), vintages, final)
    assert mar.label == "STEO Mar 2020"
    assert mar.last_month == D("2020-02-01")
    assert mar.monthly.loc["2020-02-01"] == 0.15e6
    # 20 May 2020: STEO May 2020 is not in the snapshot, so the final series before May
    may = published_on(D("2020-05-20"), vintages, final)
    assert may.label == "final series before May 2020 (lag rule)"
    assert may.last_month == D("2020-04-01") and may.monthly.iloc[-1] == 3.0


def _episode() -> Episode:
    return Episode("x", "x", D("2020-01-18"), D("2020-09-18"), pd.Series(dtype=float))


def test_one_row_per_day_pair_keeping_noc_s_exact_figure() -> None:
    rep = pd.DataFrame(
        {
            "statement_date": pd.to_datetime(
                ["2020-01-28", "2020-01-28", "2020-01-28", "2020-01-29", "2020-01-10", "2020-02-01"]
            ),
            "as_of_date": pd.to_datetime(["2020-01-28", None, "2020-01-28", None, None, None]),
            "cumulative_loss_usd": [562_300_000.0, 562_323_991.0, 562_323_991.0, 5e8, 1e8, np.nan],
            "_line": [2, 3, 4, 5, 6, 7],
        }
    )
    rows, skipped = statements(rep, _episode())
    # the 28 Jan repeats collapse to the exact (unrounded) figure; 10 Jan is before the start
    # and 1 Feb has no figure: two skipped
    assert skipped == 2
    assert rows["reported_cum_loss_usd"].tolist() == [562_323_991.0, 5e8]
    assert rows["effective_date"].tolist() == [D("2020-01-28"), D("2020-01-29")]


def test_totals_are_sums_of_daily_losses_over_the_days() -> None:
    # two months, two paths; 3 days in January and 2 in February
    cf = Counterfactual(
        model="m",
        months=pd.date_range("2020-01-01", periods=2, freq="MS"),
        mean=np.array([10.0, 20.0]),
        lower={},
        upper={},
        paths=np.array([[9.0, 18.0], [11.0, 24.0]]),
        baseline_rmse_bpd=0.0,
        converged=True,
    )
    days = pd.to_datetime(["2020-01-29", "2020-01-30", "2020-01-31", "2020-02-01", "2020-02-02"])
    actual = pd.Series([1.0, 1.0, 1.0, 2.0, 2.0], index=days)
    price = pd.Series([1.0, 1.0, 1.0, 10.0, 10.0], index=days)
    out = totals_at_end(actual, cf, {"p": price}, np.array([0.0, 1.0]))["p"]
    # point: 3 x (10 - 1) + 2 x (20 - 2) = 63 barrels; value 27 x 1 + 36 x 10 = 387
    # path 1: 3 x 8 + 2 x 16 = 56 (value 24 + 320 = 344); path 2: 3 x 10 + 2 x 22 = 74 (470)
    # then the two bounds' Monte Carlo errors (probabilities 0 and 1: no spread beyond the ends)
    assert out["lost_barrels"].tolist()[:3] == [63.0, 56.0, 74.0]
    assert out["loss_usd"].tolist()[:3] == [387.0, 344.0, 470.0]
    assert len(out["loss_usd"]) == 5


def test_2020_replay_as_of_13_april() -> None:
    """The issue's check on the committed outputs (reported, not tuned to): within 10% of the
    full-data estimate for the same period and 15% of NOC's figure of that day."""
    replay = pd.read_csv(PROCESSED / "replay.csv", parse_dates=["statement_date"])
    row = replay[
        (replay["episode_id"] == "2020")
        & (replay["statement_date"] == D("2020-04-13"))
        & (replay["price_scenario"] == "brent")
        & (replay["interval_level"] == 0.95)
    ].iloc[0]
    assert row["eia_vintage"] == "STEO Mar 2020"
    assert abs(row["replay_loss_usd"] / row["final_loss_usd"] - 1) < 0.10
    assert abs(row["replay_loss_usd"] / row["reported_cum_loss_usd"] - 1) < 0.15
    assert row["replay_loss_usd_lower"] < row["replay_loss_usd"] < row["replay_loss_usd_upper"]
