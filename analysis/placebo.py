"""Placebo runs: the same estimate with fake start dates inside the baseline window.

With no blockade in the baseline, the estimated losses should scatter around zero; a model that
finds large placebo losses would find them in the real episode too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.counterfactual import point_forecast
from analysis.daily import step_daily


def placebo_windows(
    baseline: pd.DatetimeIndex, episode_days: int, min_fit: int
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(fake start, fake end) pairs: each baseline month from the `min_fit`-th on is a start.

    The fake episode has the real episode's length where it fits before the baseline ends;
    otherwise the longest that fits (from the earliest start), so there is one window.
    """
    if len(baseline) <= min_fit:
        return []
    last_day = baseline[-1] + pd.offsets.MonthEnd(0)
    starts = baseline[min_fit:]
    fits = [s for s in starts if s + pd.Timedelta(days=episode_days - 1) <= last_day]
    if fits:
        return [(s, s + pd.Timedelta(days=episode_days - 1)) for s in fits]
    return [(starts[0], last_day)]


def run_placebos(
    baseline: pd.Series,
    model: str,
    episode_days: int,
    min_fit: int,
    price: pd.Series,
) -> pd.DataFrame:
    """Lost barrels and value for each placebo window; fitted on baseline months before it.

    Windows overlapping a gap month (another episode) are skipped: there is no actual to compare.
    """
    rows = []
    for start, end in placebo_windows(pd.DatetimeIndex(baseline.index), episode_days, min_fit):
        fit = baseline[baseline.index < start]
        months = pd.date_range(start, end.to_period("M").to_timestamp(), freq="MS")
        if baseline.reindex(months).isna().any() or fit.notna().sum() < 3:
            continue
        days = pd.date_range(start, end, freq="D")
        cf = step_daily(point_forecast(fit, months, model), months, days)
        actual = step_daily(baseline.reindex(months).to_numpy(dtype=float), months, days)
        lost = cf - actual
        rows.append(
            {
                "model": model,
                "placebo_start": start,
                "placebo_end": end,
                "days": len(days),
                "lost_barrels": float(lost.sum()),
                "loss_usd": float(np.sum(lost * price.reindex(days).to_numpy(dtype=float))),
            }
        )
    return pd.DataFrame(
        rows, columns=["model", "placebo_start", "placebo_end", "days", "lost_barrels", "loss_usd"]
    )
