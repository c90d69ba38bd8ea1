"""NOC's published running totals beside the estimates: per day, and the latest in the summary.

Reported figures are only compared with, never fitted to (see `analysis.reported`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.reported import effective_date, latest_statement

SELECTION = ["model", "price_scenario", "interval_level"]


def reported_daily(reported: pd.DataFrame, days: pd.DatetimeIndex) -> np.ndarray:
    """NOC's figure on each effective date; several on one day: the latest statement's."""
    rep = reported[reported["cumulative_loss_usd"].notna()]
    rep = rep.assign(date=effective_date(rep)).sort_values(
        ["date", "statement_date"], kind="stable"
    )
    last = rep.groupby("date")["cumulative_loss_usd"].last()
    return last.reindex(days).to_numpy(dtype=float)


def with_latest_statement(
    summary: pd.DataFrame, comparison: pd.DataFrame, reported: pd.DataFrame
) -> pd.DataFrame:
    """`summary` plus NOC's latest total, its date and estimate/reported at that date.

    `comparison` is `compare_reported`'s output for the episode; without any statement the three
    columns are empty.
    """
    latest = latest_statement(reported)
    if latest is None:
        out = summary.copy()
        out["reported_loss_usd"] = np.nan
        out["reported_as_of"] = pd.NaT
        out["estimate_to_reported"] = np.nan
        return out
    at = comparison[
        (comparison["statement_date"] == latest["statement_date"])
        & (comparison["source_id"] == latest["source_id"])
    ]
    ratio = at[[*SELECTION, "ratio"]].rename(columns={"ratio": "estimate_to_reported"})
    out = summary.merge(ratio, on=SELECTION)
    out["reported_loss_usd"] = float(latest["cumulative_loss_usd"])
    out["reported_as_of"] = latest["eff"]
    return out
