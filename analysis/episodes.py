"""Episodes as the models see them: dates clipped to the data and a baseline free of episodes.

R1 (contamination, fixed before any result was seen; docs/methodology.md): a month is a gap when
any of its days lies inside an annotated episode or inside the recovery after one. Also the model
inputs every episode shares: the monthly production series and the daily prices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.daily import daily_prices
from analysis.its import episode_month_mask
from analysis.load import RawTables

# R1 constants, fixed before any result was seen: do not tune.
RECOVERY_SHARE = 0.95  # recovered once output is at least this share of the pre-episode level
RECOVERY_MAX_MONTHS = 6  # the recovery never runs more than this many months after the end month
PRE_LEVEL_MONTHS = 6  # pre-episode level: median of this many non-gap months before the start


@dataclass(frozen=True)
class Episode:
    """One blockade: its days and baseline months (b/d). An ongoing one (no end in episodes.csv)
    ends on the run's as-of date, or with the data when no as-of date is given."""

    episode_id: str
    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    baseline: pd.Series
    ongoing: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def monthly_series(raw: RawTables, series: str) -> pd.Series:
    """The production series as a regular monthly Series (b/d); gaps become explicit NaN."""
    rows = raw.production_monthly[raw.production_monthly["series"] == series]
    if rows.empty:
        raise ValueError(f"production_monthly.csv holds no rows of series {series!r}")
    s = rows.set_index("month")["production_bpd"].astype(float).sort_index()
    return s.asfreq("MS")


def price_table(raw: RawTables, first: pd.Timestamp, last: pd.Timestamp) -> dict[str, pd.Series]:
    """Daily price per scenario: Brent (last trading day carried forward) less the differential."""
    brent = daily_prices(raw.brent_daily, first, last)
    scenarios = raw.price_scenarios.sort_values("price_scenario")
    return {
        str(name): (brent - float(diff)).rename("price_usd_bbl")
        for name, diff in zip(
            scenarios["price_scenario"], scenarios["differential_usd_bbl"], strict=True
        )
    }


@dataclass(frozen=True)
class Contamination:
    """R1's reading of one episode: its first and last month, the pre-episode level (b/d; NaN
    when no earlier month is usable) and how many months after the end month are recovery."""

    episode_id: str
    start_month: pd.Timestamp
    end_month: pd.Timestamp
    pre_level_bpd: float
    recovery_months: int


def _touched_months(index: pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """Months with at least one day inside [start, end]."""
    return np.asarray((index <= end) & (index + pd.offsets.MonthEnd(0) >= start))


def contamination_mask(
    monthly: pd.Series, episodes: pd.DataFrame
) -> tuple[pd.Series, list[Contamination]]:
    """R1: True for every month of `monthly.index` that is a gap, and each episode's reading.

    Episodes are read in start order, and an episode's pre-episode level is taken before its own
    gaps are added, so it skips earlier episodes' months and recoveries: the median of the
    PRE_LEVEL_MONTHS most recent published non-gap months before the start month. Recovery months
    run from the month after the end month up to (not including) the first month with output at
    least RECOVERY_SHARE of that level, at most RECOVERY_MAX_MONTHS; an unpublished month cannot
    show recovery and stays a gap. The end month is always a gap. An ongoing episode (no end, or
    an end after the data) runs to the end of the data.
    """
    idx = pd.DatetimeIndex(monthly.index)
    data_end = monthly.dropna().index[-1] + pd.offsets.MonthEnd(0)
    gap = np.zeros(len(idx), dtype=bool)
    details = []
    for row in episodes.sort_values("start", kind="stable").to_dict("records"):
        start = pd.Timestamp(row["start"])
        end = data_end if pd.isna(row["end"]) or row["end"] > data_end else pd.Timestamp(row["end"])
        start_month, end_month = (
            start.to_period("M").to_timestamp(),
            end.to_period("M").to_timestamp(),
        )
        prior = monthly[(idx < start_month) & ~gap].dropna()
        pre = float(prior.iloc[-PRE_LEVEL_MONTHS:].median()) if len(prior) else float("nan")
        gap |= _touched_months(idx, start, end)
        recovery = 0
        for k in range(1, RECOVERY_MAX_MONTHS + 1):
            month = end_month + pd.DateOffset(months=k)
            value = monthly.get(month, np.nan)
            if not np.isnan(value) and not np.isnan(pre) and value >= RECOVERY_SHARE * pre:
                break
            recovery = k
        gap |= np.asarray((idx > end_month) & (idx <= end_month + pd.DateOffset(months=recovery)))
        details.append(Contamination(str(row["episode_id"]), start_month, end_month, pre, recovery))
    return pd.Series(gap, index=idx, name="gap"), details


def build_episodes(
    raw: RawTables, monthly: pd.Series, as_of: pd.Timestamp | None = None
) -> list[Episode]:
    """Episodes with their end and baseline window.

    An ongoing episode ends on `as_of` (its actual output past EIA's last month then comes from
    NOC's statements, analysis.actual), or with the data when `as_of` is None; an ended one past
    the data is clipped to the data.

    The window is episodes.csv's baseline_start..baseline_end (both required by the schema).
    Baseline months that R1 calls gaps (inside any episode or its recovery) become NaN: a
    counterfactual of normal output must not learn from a blockade or its aftermath.
    """
    data_end = monthly.dropna().index[-1] + pd.offsets.MonthEnd(0)
    clean = monthly.where(~contamination_mask(monthly, raw.episodes)[0])
    out = []
    for row in raw.episodes.sort_values("start").to_dict("records"):
        start = pd.Timestamp(row["start"])
        ongoing = bool(pd.isna(row["end"]))
        if ongoing and as_of is not None:
            end = as_of
        elif start > data_end:
            continue
        elif ongoing or row["end"] > data_end:
            end = data_end
        else:
            end = pd.Timestamp(row["end"])
        in_window = (clean.index >= row["baseline_start"]) & (clean.index <= row["baseline_end"])
        baseline = clean[in_window].copy()
        out.append(Episode(str(row["episode_id"]), str(row["name"]), start, end, baseline, ongoing))
    return out


def its_window(ep: Episode, monthly: pd.Series, others: list[Episode], post: int) -> pd.Series:
    """Baseline through `post` months after the end, without other episodes' months or gaps."""
    last = ep.end.to_period("M").to_timestamp() + pd.DateOffset(months=post)
    y = monthly[(monthly.index >= ep.baseline.index[0]) & (monthly.index <= last)].dropna()
    keep = np.ones(len(y), dtype=bool)
    for other in others:
        if other.episode_id != ep.episode_id:
            keep &= ~episode_month_mask(pd.DatetimeIndex(y.index), other.start, other.end)
    return y[keep]
