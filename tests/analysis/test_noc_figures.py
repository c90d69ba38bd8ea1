"""NOC's running totals beside the estimates: per day and the latest one in the summary."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.noc_figures import reported_daily, with_latest_statement

T = pd.Timestamp


def statements() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statement_date": [T("2020-02-01"), T("2020-03-05"), T("2020-03-06")],
            "as_of_date": [pd.NaT, T("2020-03-01"), T("2020-03-01")],
            "cumulative_loss_usd": [1e9, 2e9, 2.5e9],
            "source_id": ["a", "b", "c"],
        }
    )


def test_reported_daily_puts_each_figure_on_its_effective_date() -> None:
    days = pd.date_range("2020-02-01", "2020-03-02")
    got = reported_daily(statements(), pd.DatetimeIndex(days))
    assert got[0] == 1e9
    # two statements refer to 1 March: the later statement wins
    assert got[list(days).index(T("2020-03-01"))] == 2.5e9
    assert np.isnan(got[1:-2]).all()


def summary() -> pd.DataFrame:
    return pd.DataFrame(
        {"model": ["mean"], "price_scenario": ["brent"], "interval_level": [0.95], "x": [1]}
    )


def test_latest_statement_joins_its_ratio_figure_and_date() -> None:
    comparison = statements().assign(
        model="mean", price_scenario="brent", interval_level=0.95, ratio=[0.5, 0.6, 0.7]
    )
    out = with_latest_statement(summary(), comparison, statements())
    row = out.iloc[0]
    assert row["reported_loss_usd"] == 2.5e9
    assert row["reported_as_of"] == T("2020-03-01")
    assert row["estimate_to_reported"] == 0.7


def test_without_statements_the_columns_are_empty() -> None:
    out = with_latest_statement(summary(), statements().iloc[:0], statements().iloc[:0])
    assert out[["reported_loss_usd", "reported_as_of", "estimate_to_reported"]].isna().all().all()
    assert len(out) == 1
