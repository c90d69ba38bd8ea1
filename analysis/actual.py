"""Actual daily output of an ongoing episode: EIA's months, then NOC's dated statements.

EIA publishes a month one to two months late; during a blockade NOC's dated production
statements are the only timely figures. The rule (README "Live mode", docs/methodology.md): up to
the last day of EIA's last published month the daily series comes from EIA's monthly averages
(analysis.daily.daily_actual); from the day after, each NOC statement holds from its date until
the next one (a step), up to the as-of date. When EIA publishes a month, its figure takes over for
that whole month, because the split moves with EIA's last month.
"""

from __future__ import annotations

import pandas as pd

from analysis.daily import daily_actual
from analysis.load import RawTables

BASIS_EIA = "eia_monthly"
BASIS_STATEMENT = "reported_statement"


def statement_steps(statements: pd.DataFrame, days: pd.DatetimeIndex) -> pd.Series:
    """Each day's latest statement dated on or before it (b/d); NaN before the first.

    `statements` holds `date` and `production_bpd`. Statements of one date (press copies of one
    NOC table that differ by rounding; the live validator refuses them for an ongoing episode)
    are averaged so the step is defined.
    """
    by_day = statements.groupby("date")["production_bpd"].mean().astype(float).sort_index()
    by_day = by_day[by_day.index <= days[-1]]
    return by_day.reindex(by_day.index.union(days)).ffill().reindex(days)


def live_actual(
    monthly: pd.Series, statements: pd.DataFrame, start: pd.Timestamp, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Daily actual output (`actual_bpd`) and its `basis` for every day in [start, as_of].

    `monthly` is EIA's series (first-of-month index; unpublished months NaN or absent). Only
    statements dated inside the episode count (a level from before the blockade says nothing
    about output during it). Raises ValueError when a day after EIA's last month has no such
    statement on or before it.
    """
    published = monthly.dropna()
    days = pd.date_range(start, as_of, freq="D")
    eia_end = published.index[-1] + pd.offsets.MonthEnd(0) if len(published) else None
    actual = pd.Series(float("nan"), index=days)
    basis = pd.Series(BASIS_STATEMENT, index=days, dtype=object)
    if eia_end is not None and eia_end >= start:
        # the episode goes on past EIA's last month, so no day of it is split off as "after"
        stop = min(eia_end, as_of + pd.offsets.MonthEnd(0))
        eia = daily_actual(published, start, stop)
        covered = days[days <= stop]
        actual[covered] = eia.reindex(covered).to_numpy()
        basis[covered] = BASIS_EIA
    later = days[days > eia_end] if eia_end is not None else days
    if len(later):
        inside = statements[(statements["date"] >= start) & (statements["date"] <= as_of)]
        steps = statement_steps(inside, later)
        if steps.isna().any():
            raise ValueError(
                f"no production statement on or before {steps.index[steps.isna()][0]:%Y-%m-%d}"
            )
        actual[later] = steps.to_numpy()
    return pd.DataFrame({"actual_bpd": actual, "basis": basis})


def default_as_of(raw: RawTables, monthly: pd.Series) -> pd.Timestamp:
    """The latest day any production or price input covers: EIA's last month's last day, NOC's
    latest production statement or the latest Brent price."""
    days = [
        monthly.dropna().index[-1] + pd.offsets.MonthEnd(0),
        raw.production_reported["date"].max(),
        raw.brent_daily["date"].max(),
    ]
    return pd.Timestamp(max(d for d in days if pd.notna(d)))
