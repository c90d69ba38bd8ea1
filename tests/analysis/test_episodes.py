"""R1 (contamination with recovery): a constructed series and the real 2020 baseline."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.episodes import build_episodes, contamination_mask, monthly_series
from analysis.its import episode_month_mask
from analysis.load import load_raw

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def months(mask: pd.Series) -> list[str]:
    return list(mask[mask].index.strftime("%Y-%m"))


def episodes(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    ids, starts, ends = zip(*rows, strict=True)
    return pd.DataFrame(
        {"episode_id": ids, "start": pd.to_datetime(starts), "end": pd.to_datetime(list(ends))}
    )


def series() -> pd.Series:
    """Flat at 100 b/d for two years, with two episodes and a slow recovery after the second."""
    y = pd.Series(100.0, index=pd.date_range("2020-01-01", periods=24, freq="MS"))
    y["2020-09-01"] = 50.0  # episode A: not part of B's pre-episode level
    y["2021-03-01":"2021-04-01"] = 10.0  # episode B
    y["2021-05-01"] = 90.0  # below 95% of 100: recovery
    y["2021-06-01"] = 94.9  # below: recovery
    y["2021-07-01"] = 95.0  # at 95%: recovered, not a gap
    return y


def test_end_month_and_recovery_below_95_percent_are_gaps():
    eps = episodes(("A", "2020-09-10", "2020-09-12"), ("B", "2021-03-20", "2021-04-02"))
    gap, details = contamination_mask(series(), eps)
    assert months(gap) == ["2020-09", "2021-03", "2021-04", "2021-05", "2021-06"]
    assert [d.recovery_months for d in details] == [0, 2]
    assert details[1].pre_level_bpd == 100.0


def test_pre_episode_level_skips_earlier_gaps():
    y = series()
    y["2020-08-01"] = 200.0
    y["2021-01-01":"2021-02-01"] = 200.0
    eps = episodes(("A", "2020-09-10", "2020-09-12"), ("B", "2021-03-20", "2021-04-02"))
    _, details = contamination_mask(y, eps)
    # B's six months: 2021-02, 01, 2020-12, 11, 10 and 08 (200, 200, 100, 100, 100, 200);
    # with September (50, episode A) in place of August the median would be 100
    assert details[1].pre_level_bpd == 150.0


def test_recovery_stops_six_months_after_the_end_month():
    y = series()
    y["2021-05-01":] = 10.0  # never recovers
    eps = episodes(
        ("B", "2021-03-20", "2021-04-02"),
    )
    gap, details = contamination_mask(y, eps)
    assert details[0].recovery_months == 6
    assert gap[pd.Timestamp("2021-10-01")] and not gap[pd.Timestamp("2021-11-01")]


def test_ongoing_episode_runs_to_the_end_of_the_data():
    gap, _ = contamination_mask(series(), episodes(("C", "2021-11-15", None)))
    assert months(gap) == ["2021-11", "2021-12"]


def test_july_2018_leaves_the_real_2020_baseline():
    raw = load_raw(RAW)
    monthly = monthly_series(raw, "eia_steo_copr")
    july = pd.Timestamp("2018-07-01")
    assert monthly[july] == 655_000  # published, and a blockade month
    # the old half-of-days rule kept it: only 11 of its 31 days are in the 2018 closure
    assert not episode_month_mask(
        pd.DatetimeIndex([july]), pd.Timestamp("2018-06-14"), pd.Timestamp("2018-07-11")
    )[0]
    baseline = {ep.episode_id: ep.baseline for ep in build_episodes(raw, monthly)}["2020"]
    assert months(baseline.isna()) == [
        "2018-06",
        "2018-07",
        "2018-12",
        "2019-01",
        "2019-02",
        "2019-03",
    ]
    assert baseline.index[0] == pd.Timestamp("2018-01-01") and len(baseline) == 24
