"""Fake blockades in every calm window a user might pick (issue 9): the sweep's rule is in
docs/methodology.md ("Fake-blockade sweep"), written before it was first run.

The windows that fail are recorded in FAILURES with the reason found for each, not tuned away:
the test fails when the set of failing windows changes in either direction.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis.backtest import read_default
from analysis.episodes import build_episodes, contamination_mask, monthly_series, price_table
from analysis.estimates import estimate_episode
from analysis.fits import FitCache
from analysis.load import RawTables, load_raw
from analysis.params import RunParams
from tests.analysis.rawcopy import copy_raw, read_rows, write_rows

FIRST_START = pd.Timestamp("2017-01-01")
LENGTHS = (1, 2, 3, 4)
BASELINE_MONTHS = 24
MIN_BASELINE = 12
SIMULATIONS = 1000

# (first month, length in months): the reason, found after the sweep ran (also in
# docs/methodology.md). Rerun on 30 November 2026 after January 2024 became episode 2024_01 (and
# R3's default became ar1_level): its windows left the sweep. Rerun on 1 December 2026 after
# ar1_level's parameter draws were screened by the likelihood: the 2024-11 (4 months) and 2024-12
# windows fail again, as they did under local_level; they had passed only on the unscreened
# draws' wide intervals. Rerun the same day after the December 2021-January 2022 shutdown of the
# western fields became episode 2021_12: the 13 windows that held or followed it are R1 gaps now.
AFTER_2024 = (
    "output from December 2024 (1,250,000 b/d, 1,230,000-1,310,000 to mid-2025) above any "
    "baseline month (1,110,000-1,200,000): growth after the 2024 shutdown, a 'gain' of 4.9-6.3% of "
    "baseline that the interval excludes"
)
FAILURES: dict[tuple[str, int], str] = {
    ("2018-09", 3): "point -10.8% of baseline (interval covers zero): the baseline is the ramp-up "
    "after 2013-16 (535,000 b/d in April 2017 to 1,005,000 a year later), the level lags it",
    ("2024-11", 4): AFTER_2024,
    ("2024-12", 1): AFTER_2024,
    ("2024-12", 2): AFTER_2024,
    ("2024-12", 3): AFTER_2024,
    ("2024-12", 4): AFTER_2024,
}


def fake_row(raw: RawTables, start: pd.Timestamp, months: int) -> pd.DataFrame:
    """episodes.csv's row for a fake blockade over `months` whole months from `start`."""
    row = raw.episodes.iloc[[0]].copy()
    row["episode_id"], row["name"] = "fake", "fake"
    row["start"] = start
    row["end"] = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    row["baseline_start"] = start - pd.DateOffset(months=BASELINE_MONTHS)
    row["baseline_end"] = start - pd.DateOffset(months=1)
    return row


def windows(monthly: pd.Series, gap: pd.Series) -> list[tuple[pd.Timestamp, int]]:
    """The sweep's windows: calm months throughout, a baseline with enough calm months."""
    last = monthly.dropna().index[-1]
    out = []
    for start in monthly.index[monthly.index >= FIRST_START]:
        base = gap[
            (gap.index >= start - pd.DateOffset(months=BASELINE_MONTHS)) & (gap.index < start)
        ]
        if (~base & monthly.reindex(base.index).notna()).sum() < MIN_BASELINE:
            continue
        for months in LENGTHS:
            span = pd.date_range(start, periods=months, freq="MS")
            if span[-1] <= last and not gap.reindex(span, fill_value=True).any():
                out.append((start, months))
    return out


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> RawTables:
    return load_raw(copy_raw(tmp_path_factory.mktemp("sweep")))


def test_a_fake_row_is_a_valid_input(raw: RawTables, tmp_path: Path) -> None:
    """The sweep adds rows in memory; the same row written to a copied episodes.csv loads."""
    raw_dir = copy_raw(tmp_path)
    header, rows = read_rows(raw_dir / "episodes.csv")
    row = fake_row(raw, pd.Timestamp("2021-06-01"), 4).iloc[0]
    cells = {
        **dict(zip(header, rows[0], strict=True)),
        "episode_id": "fake",
        "name": "fake",
        "start": row["start"].strftime("%Y-%m-%d"),
        "end": row["end"].strftime("%Y-%m-%d"),
        "baseline_start": row["baseline_start"].strftime("%Y-%m"),
        "baseline_end": row["baseline_end"].strftime("%Y-%m"),
    }
    write_rows(raw_dir / "episodes.csv", header, [*rows, [cells[c] for c in header]])
    loaded = load_raw(raw_dir).episodes.set_index("episode_id").loc["fake"]
    for column in ("start", "end", "baseline_start", "baseline_end"):
        assert loaded[column] == row[column], column


@pytest.mark.slow
def test_fake_blockade_sweep(raw: RawTables) -> None:
    monthly = monthly_series(raw, "eia_steo_copr")
    gap, _ = contamination_mask(monthly, raw.episodes)
    model = read_default().model
    params = RunParams(models=(model,), simulations=SIMULATIONS)
    found = windows(monthly, gap)
    assert len(found) >= 200  # the rule keeps most of the calm months since 2017
    fits = FitCache()  # the window lengths from one start share their baseline: one fit
    failed = {}
    for start, months in found:
        with_fake = replace(
            raw, episodes=pd.concat([raw.episodes, fake_row(raw, start, months)], ignore_index=True)
        )
        ep = {e.episode_id: e for e in build_episodes(with_fake, monthly)}["fake"]
        prices = price_table(with_fake, ep.baseline.index[0], ep.end)
        s = estimate_episode(ep, monthly, prices, params, fits=fits).summary
        row = s[(s["price_scenario"] == "brent") & (s["interval_level"] == 0.95)].iloc[0]
        covers = row["lost_barrels_lower"] <= 0 <= row["lost_barrels_upper"]
        near = abs(row["lost_barrels"]) <= 0.10 * row["baseline_bpd"] * ep.days
        if not (covers and near):
            failed[(start.strftime("%Y-%m"), months)] = (
                f"interval {row['lost_barrels_lower']:,.0f} to {row['lost_barrels_upper']:,.0f}, "
                f"point {row['lost_barrels'] / (row['baseline_bpd'] * ep.days):+.1%} of baseline"
            )
    print(f"{len(found)} windows, {len(failed)} fail:", *failed.items(), sep="\n")
    assert set(failed) == set(FAILURES), failed
