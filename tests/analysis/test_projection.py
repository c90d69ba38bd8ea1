"""The what-if projection: hand arithmetic, the cost so far, the 2020 check of issue 11, and
the Monte Carlo rule (every bound's standard error below 1% of its scale)."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import projection as proj
from analysis.counterfactual import Counterfactual, fit_model
from analysis.daily import daily_prices
from analysis.episodes import Episode
from analysis.losses import MC_TARGET, worst_mc_se_to_scale
from analysis.params import RunParams
from analysis.price_paths import BrentSums
from analysis.projection import DAYS_MORE, LEVELS, project_episode, what_if, what_if_dates

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
    out = what_if(
        constant_cf(1000.0, pd.date_range("2020-01-01", "2020-02-01", freq="MS")),
        actual,
        days[0],
        days[-1],
        prices,
        {"brent": 0.0, "disc": 2.0},
        lambda as_of, edges: lambda n: np.repeat(50.0 * np.diff(edges)[:, None], n, axis=1),
        levels=(0.95,),
        days_more=np.array([0, 5, 10]),
    ).rows()
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


def test_manifest_records_the_rule_met_and_the_paths_of_every_what_if_date(
    projection: pd.DataFrame,
) -> None:
    entry = json.loads((PROCESSED / "manifest.json").read_text())["projection"]
    assert entry["monte_carlo_worst_se_to_scale"] <= MC_TARGET
    assert entry["target_met"] is True
    dates = projection.groupby("episode_id")["projected_from"].unique()
    assert {ep: sorted(d) for ep, d in dates.items()} == {
        ep: sorted(paths) for ep, paths in entry["paths"].items()
    }
    start = entry["simulations"]
    for paths in entry["paths"].values():
        assert all(start <= n <= proj.MAX_GROWTH * start for n in paths.values())


DIFFERENTIALS = {"brent": 0.0, "disc": 2.0}


def synthetic_case() -> tuple[SimpleNamespace, Episode, dict[str, pd.Series], pd.Series]:
    """A 42-day episode after two years of baseline, Brent with heavy-tailed returns, two price
    scenarios: the raw tables project_episode reads, the episode, past prices, daily output."""
    rng = np.random.default_rng(5)
    baseline = pd.Series(
        1e6 + rng.normal(0, 40_000, 24), index=pd.date_range("2018-01", periods=24, freq="MS")
    )
    start, end = pd.Timestamp("2020-01-10"), pd.Timestamp("2020-02-20")
    days = pd.bdate_range("2016-01-01", end)
    brent = pd.DataFrame(
        {"date": days, "brent_usd_bbl": 60 * np.exp(np.cumsum(rng.standard_t(4, len(days)) / 80))}
    )
    raw = SimpleNamespace(
        brent_daily=brent,
        price_scenarios=pd.DataFrame(
            {
                "price_scenario": list(DIFFERENTIALS),
                "differential_usd_bbl": list(DIFFERENTIALS.values()),
            }
        ),
    )
    price = daily_prices(brent, start, end)
    prices = {name: price - diff for name, diff in DIFFERENTIALS.items()}
    actual = pd.Series(3e5, index=pd.date_range(start, end))
    return raw, Episode("test", "test", start, end, baseline), prices, actual


def test_rule_adds_paths_until_every_bound_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 fixed paths leave bounds above 1% of their scale; the rule draws more, per what-if
    date, until none is (each date's paths recorded), within the cap (path_cap)."""
    raw, ep, prices, actual = synthetic_case()
    params = RunParams(models=("local_level",), simulations=300)
    out = project_episode(raw, ep, ep.baseline, prices, params, "local_level", actual)
    assert list(out.paths) == ["2020-01-31", "2020-02-20"]
    assert all(300 < n <= proj.path_cap(300) for n in out.paths.values())
    assert worst_mc_se_to_scale(out.rows, ("lost_barrels", "loss_usd")) < MC_TARGET
    monkeypatch.setattr(proj, "MAX_GROWTH", 1)  # the start's paths only
    monkeypatch.setattr(proj, "MAX_PATHS", 0)
    fixed = project_episode(raw, ep, ep.baseline, prices, params, "local_level", actual)
    assert set(fixed.paths.values()) == {300}
    assert worst_mc_se_to_scale(fixed.rows, ("lost_barrels", "loss_usd")) > MC_TARGET


def test_reported_error_matches_the_spread_across_seeds() -> None:
    """The order-statistic standard error of a bound against the standard deviation of that
    bound over 30 independent runs (counterfactual and Brent draws both reseeded)."""
    raw, ep, prices, actual = synthetic_case()
    fitted = fit_model(ep.baseline, "local_level")
    months = pd.date_range("2020-01", periods=15, freq="MS")
    as_of = pd.Timestamp("2020-01-31")
    picked = {"barrels": [], "brent": []}
    errors = {"barrels": [], "brent": []}
    for seed in range(30):
        cf = fitted.counterfactual(months, LEVELS, 1000, np.random.default_rng(seed))
        rng = np.random.default_rng(1000 + seed)

        def brent(day: pd.Timestamp, edges: np.ndarray, rng=rng):
            return partial(BrentSums(raw.brent_daily, day, edges).draw, rng=rng)

        run = what_if(cf, actual, ep.start, as_of, prices, DIFFERENTIALS, brent)
        for name, (_, q, se) in (("barrels", run.barrels), ("brent", run.usd["brent"])):
            # 95% lower and upper bounds (rows 2 and 3) at N = 0, 180 and 365 days
            picked[name].append(q[2:4][:, [0, 36, 73]])
            errors[name].append(se[2:4][:, [0, 36, 73]])
    for name in picked:
        spread = np.std(picked[name], axis=0, ddof=1)
        reported = np.mean(errors[name], axis=0)
        ratio = reported / spread
        assert np.all((ratio > 0.6) & (ratio < 1.6)), (name, ratio)
        assert np.mean(ratio) == pytest.approx(1.0, abs=0.2)


def test_path_cap_is_never_below_the_default_runs():
    # a run asked to start at 1,000 paths may still grow to 128,000 (at 32x it stopped at
    # 32,000, short of the 80,700 that 2020's 31 May date needs); a bigger start keeps 32x
    assert proj.path_cap(1_000) == 128_000
    assert proj.path_cap(4_000) == 128_000
    assert proj.path_cap(16_000) == 512_000
    assert proj.path_cap(3_000) == 42 * 3_000  # whole multiples of the start
