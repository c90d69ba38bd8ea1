"""Backtest (R2), default-model rule (R3), scores, fake blockades, and the committed outputs'
freshness. Nothing here runs the full backtest: synthetic series or a few real windows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.backtest import (
    Origin,
    backtest,
    backtest_origins,
    block_picks,
    coverage_ranges,
    crps_sample,
    episode_length_months,
    interval_score,
    read_default,
    select_default,
    summarise,
)
from analysis.backtest_outputs import CODE_FILES, INPUT_FILES
from analysis.episodes import build_episodes, monthly_series, price_table
from analysis.estimates import estimate_episode
from analysis.load import load_raw
from analysis.params import RunParams
from tests.analysis.rawcopy import copy_raw, read_rows, write_rows

ROOT = Path(__file__).resolve().parents[2]
RAW, PROCESSED = ROOT / "data" / "raw", ROOT / "data" / "processed"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summary(coverage: list[float], score: list[float], windows: int = 100) -> pd.DataFrame:
    n = len(coverage)
    return pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(n)],
            "interval_level": 0.95,
            "windows": windows,
            "coverage": coverage,
            "interval_score_barrels": score,
        }
    )


def test_r3_picks_coverage_nearest_95():
    assert select_default(summary([0.90, 0.97, 0.80], [1.0, 9.0, 0.5]))[0] == "m1"


def test_r3_tie_within_one_window_goes_to_the_lower_interval_score():
    # distances 0.01 and 0.005: within 1/100 of each other, so the lower score wins
    assert select_default(summary([0.94, 0.955], [5.0, 3.0]))[0] == "m1"
    assert select_default(summary([0.955, 0.94], [5.0, 3.0]))[0] == "m1"
    # 0.975 is 0.025 away, more than 0.005 + 0.01: no tie, the nearer one wins
    assert select_default(summary([0.955, 0.975], [5.0, 3.0]))[0] == "m0"
    # with 1,000 windows the same two no longer tie
    assert select_default(summary([0.94, 0.955], [3.0, 5.0], windows=1000))[0] == "m1"


def test_r3_ignores_other_levels():
    t = pd.concat([summary([0.95, 0.90], [9.0, 1.0]), summary([0.5, 0.8], [1.0, 1.0])])
    t.iloc[2:, t.columns.get_loc("interval_level")] = 0.8
    chosen, table = select_default(t)
    assert chosen == "m0" and len(table) == 2


def windows_table(covered: dict[str, list[bool]], per_origin: int = 1) -> pd.DataFrame:
    """One row per model x origin x window (level 0.95, horizon 1), origins monthly from
    2000-01."""
    rows = []
    for model, flags in covered.items():
        for i, flag in enumerate(flags):
            origin = f"{2000 + i // 12}-{i % 12 + 1:02d}"
            rows += [(model, 0.95, origin, 1, bool(flag))] * per_origin
    return pd.DataFrame(
        rows, columns=["model", "interval_level", "origin", "horizon_months", "covered"]
    )


def test_coverage_range_pools_windows_not_origins():
    # origin A: 10 windows, all held; B: 1 window, missed. Every resample with blocks of two
    # wrapping origins holds both, so the range is the pooled 10/11, not the origins' mean 1/2
    t = pd.concat(
        [windows_table({"m": [True]}, per_origin=10), windows_table({"m": [True, False]}).iloc[1:]]
    )
    r = coverage_ranges(t, np.random.default_rng(0), reps=50, block=2).iloc[0]
    assert r.coverage_lower == pytest.approx(10 / 11) and r.coverage_upper == pytest.approx(10 / 11)


def test_coverage_range_blocks_are_as_long_as_the_longest_horizon():
    # 24 origins, misses in one run of 6; with blocks of 24 (a 24-month horizon in the table)
    # every circular resample holds every origin once: the range is the pooled coverage
    t = windows_table({"m": [True] * 9 + [False] * 6 + [True] * 9})
    t.loc[0, "horizon_months"] = 24
    r = coverage_ranges(t, np.random.default_rng(0), reps=50).iloc[0]
    assert (r.coverage_lower, r.coverage_upper) == pytest.approx((18 / 24, 18 / 24))


def test_block_picks_draw_every_origin_equally_often():
    # circular blocks: the first and last origins are drawn as often as the middle ones (plain
    # moving blocks drew the ends less often, and 2024-25's misses sat near the end)
    picks = block_picks(83, 12, 20_000, np.random.default_rng(4))
    counts = np.bincount(picks.ravel(), minlength=83)
    assert picks.shape == (20_000, 83)
    assert counts.min() > 0.97 * counts.mean() and counts.max() < 1.03 * counts.mean()
    # each row is runs of 12 consecutive positions (mod 83), the last one cut
    row = picks[0]
    assert all((row[i + 1] - row[i]) % 83 == 1 for i in range(83) if (i + 1) % 12 and i < 82)


def test_coverage_range_widens_when_misses_come_in_runs():
    # the same 80% coverage, but the misses are 24 consecutive origins (a period the model got
    # wrong, as late 2024 to early 2025 was): blocks keep the run together, so the range is far
    # wider than the
    # binomial one of independent windows
    flags = [True] * 48 + [False] * 24 + [True] * 48
    runs = coverage_ranges(windows_table({"m": flags}), np.random.default_rng(2)).iloc[0]
    rng = np.random.default_rng(3)
    spread = coverage_ranges(windows_table({"m": list(rng.permutation(flags))}), rng).iloc[0]
    assert runs.coverage_lower <= 0.8 <= runs.coverage_upper
    width = runs.coverage_upper - runs.coverage_lower
    assert width > 1.5 * (spread.coverage_upper - spread.coverage_lower)


def test_coverage_range_is_a_point_when_every_window_is_held_and_models_share_resamples():
    t = windows_table({"a": [True] * 30, "b": [True, False] * 15, "c": [True, False] * 15}, 3)
    r = coverage_ranges(t, np.random.default_rng(0)).set_index("model")
    assert (r.loc["a", "coverage_lower"], r.loc["a", "coverage_upper"]) == (1.0, 1.0)
    # same covered flags, same resamples: the same range
    assert r.loc["b"].equals(r.loc["c"])


def test_interval_score_and_crps_known_values():
    assert interval_score(10.0, 20.0, 15.0, 0.05) == 10.0
    assert interval_score(10.0, 20.0, 22.0, 0.05) == pytest.approx(10.0 + 40 * 2.0)
    assert interval_score(10.0, 20.0, 9.0, 0.2) == pytest.approx(10.0 + 10 * 1.0)
    # draws {0, 1}: E|X - 0| = 0.5, E|X - X'| = 0.5, CRPS = 0.5 - 0.25
    assert crps_sample(np.array([1.0, 0.0]), 0.0) == pytest.approx(0.25)
    assert crps_sample(np.array([3.0, 3.0, 3.0]), 3.0) == 0.0


def test_origins_need_12_baseline_months_and_clean_horizons():
    idx = pd.date_range("2010-01-01", periods=60, freq="MS")
    monthly = pd.Series(1000.0, index=idx)
    monthly[pd.Timestamp("2014-12-01")] = np.nan  # unpublished
    gap = pd.Series(False, index=idx)
    gap[(idx >= "2011-06-01") & (idx <= "2012-06-01")] = True  # 13 gap months
    origins = {o.origin: o for o in backtest_origins(monthly, gap, (1, 3, 12))}
    # 2012-01's baseline (2010-01..2011-12) has 17 non-gap months, but its first month is a
    # gap; from 2012-07 to 2013-06 every baseline holds all 13 gap months (11 non-gap), so the
    # first origin is 2013-07, whose baseline (2011-07..2013-06) has 12
    assert min(origins) == pd.Timestamp("2013-07-01")
    # 2014-10: 1 and 3 months fit before December 2014, 12 do not
    assert origins[pd.Timestamp("2014-10-01")].horizons == (1,)
    assert origins[pd.Timestamp("2014-09-01")].horizons == (1, 3)
    assert pd.Timestamp("2014-12-01") not in origins


def test_episode_lengths_round_up_to_whole_months():
    eps = pd.DataFrame(
        {
            "start": pd.to_datetime(["2020-01-18", "2018-06-14", "2024-08-07"]),
            "end": pd.to_datetime(["2020-09-18", "2018-07-11", None]),
        }
    )
    # 245 days = 8.05 months -> 9; 28 days -> 1; the ongoing episode has no length
    assert episode_length_months(eps) == [1, 9]


def test_backtest_coverage_near_nominal_on_a_known_process():
    """Series simulated from AR(1) noise (phi 0.7) around a level, like the real residuals:
    the default model's intervals cover about as often as they claim. 48 independent windows
    (one origin per series, h = 1..12 from it): 95% should cover 90-100% of the 12-month sums
    and the 80% intervals 65-95% (about two binomial standard errors)."""
    origins, actual = [], {}
    for k in range(48):
        rng = np.random.default_rng([99, k])
        u = np.zeros(36)
        for t in range(1, 36):
            u[t] = 0.7 * u[t - 1] + rng.normal(0, 40_000)
        y = pd.Series(
            1_100_000 + u, index=pd.date_range(f"{2000 + k}-01-01", periods=36, freq="MS")
        )
        origins.append(Origin(y.index[24], y.iloc[:24], (12,)))
        actual.update(y.to_dict())
    table, fits = backtest(pd.Series(actual).sort_index(), origins, ("local_level",), 1000, 5)
    cov = summarise(table).set_index("interval_level")["coverage"]
    assert len(table) == 48 * 3 and fits["converged"].all()
    assert 0.90 <= cov[0.95] <= 1.0
    assert 0.65 <= cov[0.8] <= 0.95


def test_backtest_sums_are_days_times_rate():
    idx = pd.date_range("2019-01-01", periods=27, freq="MS")
    y = pd.Series(1_000_000.0, index=idx)
    y.iloc[24:] = [900_000.0, 800_000.0, 700_000.0]  # Jan, Feb, Mar 2021
    table, _ = backtest(y, [Origin(idx[24], y.iloc[:24], (1, 3))], ("mean",), 50, 1)
    got = table[table["interval_level"] == 0.95].set_index("horizon_months")
    assert got.loc[1, "actual_sum_barrels"] == 31 * 900_000
    assert got.loc[3, "actual_sum_barrels"] == 31 * 900_000 + 28 * 800_000 + 31 * 700_000
    assert not got.loc[3, "covered"]  # 25% below a flat baseline is not normal variation


@pytest.mark.parametrize("start,end", [("2021-06-01", "2021-09-30"), ("2023-03-01", "2023-06-30")])
def test_fake_blockade_in_calm_months_finds_no_loss(tmp_path, start, end):
    """A blockade that never happened, added to a copy of episodes.csv: the default model's 95%
    interval of lost barrels covers zero and the point is within 10% of baseline output."""
    raw_dir = copy_raw(tmp_path)
    header, rows = read_rows(raw_dir / "episodes.csv")
    base_start = (pd.Timestamp(start) - pd.DateOffset(months=24)).strftime("%Y-%m")
    base_end = (pd.Timestamp(start) - pd.DateOffset(months=1)).strftime("%Y-%m")
    fake = dict(zip(header, rows[0], strict=True)) | {
        "episode_id": "fake", "name": "fake", "start": start, "end": end,
        "baseline_start": base_start, "baseline_end": base_end,
    }  # fmt: skip
    write_rows(raw_dir / "episodes.csv", header, [*rows, [fake[c] for c in header]])
    raw = load_raw(raw_dir)
    monthly = monthly_series(raw, "eia_steo_copr")
    ep = {e.episode_id: e for e in build_episodes(raw, monthly)}["fake"]
    assert ep.baseline.notna().sum() >= 12
    model = read_default().model
    params = RunParams(models=(model,), simulations=1000, data_dir=raw_dir)
    prices = price_table(raw, ep.start, ep.end)
    s = estimate_episode(ep, monthly, prices, params).summary
    row = s[(s["price_scenario"] == "brent") & (s["interval_level"] == 0.95)].iloc[0]
    assert row["lost_barrels_lower"] <= 0 <= row["lost_barrels_upper"]
    baseline_output = row["baseline_bpd"] * ep.days
    assert abs(row["lost_barrels"]) <= 0.10 * baseline_output


def test_committed_backtest_outputs_are_fresh():
    """backtest_manifest.json records the inputs and code the tables came from; when this fails,
    run `python -m analysis backtest` (a few minutes), then `python -m analysis`."""
    meta = json.loads((PROCESSED / "backtest_manifest.json").read_text(encoding="utf-8"))
    assert meta["inputs"] == {name: sha256(RAW / name) for name in INPUT_FILES}
    assert meta["code"] == {name: sha256(ROOT / name) for name in CODE_FILES}
    for item in meta["outputs"]:
        assert sha256(PROCESSED / item["file"]) == item["sha256"], item["file"]


def test_run_applies_the_committed_r3_choice():
    manifest = json.loads((PROCESSED / "manifest.json").read_text(encoding="utf-8"))
    meta = json.loads((PROCESSED / "backtest_manifest.json").read_text(encoding="utf-8"))
    recorded = manifest["default_model"]
    assert recorded["summary_sha256"] == sha256(PROCESSED / "backtest_summary.csv")
    assert manifest["defaults"]["model"] == recorded["model"] == meta["default_model"]
    assert manifest["backtest"] == meta


def test_default_follows_the_summary_it_is_given(tmp_path):
    """The run reads R3's choice from the summary, not from a constant."""
    table = pd.read_csv(PROCESSED / "backtest_summary.csv")
    committed = read_default().model
    other = sorted(set(table["model"]) - {committed})[0]
    table.loc[table["model"] == other, "coverage"] = 0.95
    table.to_csv(tmp_path / "backtest_summary.csv", index=False)
    assert read_default(tmp_path).model == other
    assert replace(RunParams(), backtest_dir=tmp_path).backtest_dir == tmp_path
