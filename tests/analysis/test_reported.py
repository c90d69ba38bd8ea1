import numpy as np
import pandas as pd

from analysis.reported import compare_reported, latest_statement


def test_statements_join_on_as_of_else_statement_date_and_clip_at_end():
    days = pd.date_range("2020-01-01", "2020-01-10")
    daily = pd.DataFrame(
        {
            "model": "m",
            "price_scenario": "p",
            "interval_level": 0.95,
            "date": days,
            "cum_loss_usd": np.arange(1, 11) * 100.0,
            "cum_loss_usd_lower": np.arange(1, 11) * 80.0,
            "cum_loss_usd_upper": np.arange(1, 11) * 120.0,
        }
    )
    reported = pd.DataFrame(
        {
            "statement_date": pd.to_datetime(
                ["2020-01-05", "2020-01-06", "2020-02-01", "2019-12-30"]
            ),
            "as_of_date": pd.to_datetime(["2020-01-03", None, None, None]),
            "cumulative_loss_usd": [300.0, 1000.0, 1000.0, 5.0],
            "source_id": ["a", "b", "c", "d"],
        }
    )
    out = compare_reported(daily, reported, pd.Timestamp("2020-01-10")).set_index("source_id")
    assert out.loc["a", "cum_loss_usd"] == 300 and out.loc["a", "ratio"] == 1.0
    assert bool(out.loc["a", "covered"])
    assert out.loc["b", "cum_loss_usd"] == 600 and not bool(out.loc["b", "covered"])
    assert out.loc["c", "cum_loss_usd"] == 1000
    assert np.isnan(out.loc["d", "cum_loss_usd"]) and pd.isna(out.loc["d", "covered"])
    assert latest_statement(reported)["source_id"] == "c"
