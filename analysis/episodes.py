"""Episodes as the models see them: dates clipped to the data and a baseline free of other episodes.

Also the model inputs every episode shares: the monthly production series and the daily prices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.daily import daily_prices
from analysis.its import episode_month_mask
from analysis.load import RawTables


@dataclass(frozen=True)
class Episode:
    """One blockade: its days (an ongoing one ends with the data) and baseline months (b/d)."""

    episode_id: str
    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    baseline: pd.Series

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


def build_episodes(raw: RawTables, monthly: pd.Series) -> list[Episode]:
    """Episodes with their end (an ongoing one ends with the data) and baseline window.

    The window is episodes.csv's baseline_start..baseline_end (both required by the schema).

    Baseline months mostly inside another episode become gaps (NaN): a counterfactual of normal
    output must not learn from another blockade.
    """
    data_end = monthly.dropna().index[-1] + pd.offsets.MonthEnd(0)
    out = []
    for row in raw.episodes.sort_values("start").to_dict("records"):
        start = pd.Timestamp(row["start"])
        if start > data_end:
            continue
        end = data_end if pd.isna(row["end"]) or row["end"] > data_end else pd.Timestamp(row["end"])
        in_window = (monthly.index >= row["baseline_start"]) & (
            monthly.index <= row["baseline_end"]
        )
        baseline = monthly[in_window].copy()
        out.append(Episode(str(row["episode_id"]), str(row["name"]), start, end, baseline))
    for ep in out:
        for other in out:
            if other is not ep:
                months = pd.DatetimeIndex(ep.baseline.index)
                ep.baseline[episode_month_mask(months, other.start, other.end)] = np.nan
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
