"""Estimate versus NOC's reported cumulative losses at each statement date.

Reported figures are only compared with, never fitted to: they enter no model and no parameter.
"""

from __future__ import annotations

import pandas as pd


def effective_date(reported: pd.DataFrame) -> pd.Series:
    """The day a statement's running total refers to: as_of_date when given, else statement_date."""
    return reported["as_of_date"].fillna(reported["statement_date"])


def compare_reported(
    daily: pd.DataFrame, reported: pd.DataFrame, end: pd.Timestamp
) -> pd.DataFrame:
    """Join each statement to the estimated cumulative loss on its effective date.

    `daily` holds one episode's rows (model/scenario/level keys, `date`, the cum_loss_usd
    columns); `reported` that episode's statements. Statements dated after the episode's end are
    compared with the total at the end (losses stop there); statements dated before its start get
    no estimate, and `covered` is then missing.
    """
    rep = reported[reported["cumulative_loss_usd"].notna()]
    # pandas clips datetimes by a Timestamp; pandas-stubs only list numeric bounds.
    rep = rep.assign(date=effective_date(rep).clip(upper=end))  # type: ignore[call-overload]
    cols = ["cum_loss_usd", "cum_loss_usd_lower", "cum_loss_usd_upper"]
    keys = [c for c in daily.columns if c in ("model", "price_scenario", "interval_level")]
    combos = daily[keys].drop_duplicates()
    out = rep.merge(combos, how="cross").merge(
        daily[[*keys, "date", *cols]], on=[*keys, "date"], how="left"
    )
    reported_usd = out["cumulative_loss_usd"].astype(float)
    out["reported_cum_loss_usd"] = reported_usd
    out["ratio"] = out["cum_loss_usd"] / reported_usd
    covered = (out["cum_loss_usd_lower"] <= reported_usd) & (
        reported_usd <= out["cum_loss_usd_upper"]
    )
    out["covered"] = covered.astype("boolean").mask(out["cum_loss_usd"].isna())
    out["effective_date"] = effective_date(out)
    return out.drop(columns="date")


def latest_statement(reported: pd.DataFrame) -> pd.Series | None:
    """The statement with the latest effective date (ties: latest statement, then file order)."""
    rep = reported[reported["cumulative_loss_usd"].notna()]
    if rep.empty:
        return None
    order = rep.assign(eff=effective_date(rep)).sort_values(
        ["eff", "statement_date"], kind="stable"
    )
    return order.iloc[-1]
