import math

import pandas as pd
import pytest

from analysis.claims import check_claims, numeric_verdict

REPORTED = pd.DataFrame(
    {
        "statement_date": pd.to_datetime(["2020-08-13", "2020-08-12", "2020-08-20"]),
        "as_of_date": pd.to_datetime(["2020-08-12", "2020-08-12", None]),
        "cumulative_loss_usd": [8.2e9, 8.22e9, 8.6e9],
        "source_id": ["press_copy", "noc_a", "noc_b"],
    }
)
EVENTS = pd.DataFrame(
    {
        "event_id": ["E1", "E2"],
        "date": pd.to_datetime(["2020-08-21", "2020-08-28"]),
        "category": ["ceasefire", "violation"],
        "title": ["Cease-fire announced", "Rockets fired west of Sirte"],
    }
)
EPISODES = pd.DataFrame(
    {
        "episode_id": ["2020"],
        "start": pd.to_datetime(["2020-01-18"]),
        "end": pd.to_datetime(["2020-09-18"]),
    }
)
MONTHLY = pd.Series(
    [1_000_000.0] * 12 + [700_000.0] + [250_000.0] * 9,
    index=pd.date_range("2019-01", periods=22, freq="MS"),
)


def claim(cid, metric, value, unit, as_of):
    return {
        "claim_id": cid,
        "claim": "text",
        "metric": metric,
        "claimed_value": value,
        "unit": unit,
        "as_of": pd.Timestamp(as_of) if as_of else pd.NaT,
        "source_id": "seed",
    }


def run(rows):
    claims = pd.DataFrame(rows)
    out = check_claims(claims, REPORTED, EVENTS, MONTHLY, EPISODES, lambda d: 8.0e9, 0.15)
    return out.set_index("claim_id")


def test_million_for_billion_is_off_by_a_factor_of_1000():
    out = run([claim("C7", "noc_cumulative_loss_usd", 8.22e6, "USD", "2020-08-12")])
    assert out.loc["C7", "verdict"] == "off_by_factor"
    assert out.loc["C7", "factor"] == 1000
    # two statements refer to 12 August: the one published that day wins
    assert out.loc["C7", "measured_value"] == 8.22e9
    assert out.loc["C7", "verdict_text"] == (
        "The report wrote $8.22 million; NOC had said $8.22 billion on 12 Aug 2020: million "
        "written for billion. This project's estimate for that date: $8 billion."
    )


def test_loss_claims_confirmed_or_contradicted():
    out = run(
        [
            claim("a", "noc_cumulative_loss_usd", 8.5e9, "USD", "2020-08-19"),
            claim("b", "noc_cumulative_loss_usd", 3e9, "USD", "2020-08-12"),
        ]
    )
    assert out.loc["a", "verdict"] == "confirmed"
    assert out.loc["a", "measured_value"] == 8.6e9
    assert out.loc["b", "verdict"] == "contradicted"
    assert out.loc["b", "factor"] == pytest.approx(8.22 / 3)
    assert out.loc["a", "verdict_text"].startswith(
        "The report wrote $8.5 billion; NOC had said $8.6 billion on 20 Aug 2020: the same figure."
    )
    assert "12 Aug 2020: 2.7 times the report's figure." in out.loc["b", "verdict_text"]


def test_production_drop_share_against_monthly_data():
    out = run(
        [
            claim("yes", "production_drop_share", 0.75, "share", "2020-08-31"),
            claim("no", "production_drop_share", 0.4, "share", "2020-08-31"),
        ]
    )
    assert out.loc["yes", "measured_value"] == pytest.approx(0.75)
    assert out.loc["yes", "verdict"] == "confirmed"
    assert out.loc["no", "verdict"] == "contradicted"
    # 12 months at 1,000,000, then Jan 2020 (700,000) and Feb-Sep at 250,000; Jan is mostly
    # outside an episode starting on 18 Jan, so the episode months average 250,000: a 75% fall
    assert out.loc["no", "verdict_text"] == (
        "The report wrote a fall of 40%; the EIA's monthly figures show 75%, from 1,000,000 "
        "barrels a day on average in the 12 months before January 2020 to 250,000 in "
        "February 2020 to August 2020: the fall was larger than the report wrote."
    )


def test_event_dates_and_not_checkable():
    out = run(
        [
            claim("c", "event_date_ceasefire", math.nan, "", "2020-08-21"),
            claim("v", "event_date_violation", math.nan, "", "2020-08-27"),
            claim("r", "event_date_restart", math.nan, "", "2020-08-27"),
            claim("n", "not_checkable", 80, "vehicles", "2020-09-09"),
        ]
    )
    assert out.loc["c", "verdict"] == "confirmed"
    assert out.loc["v", "verdict"] == "contradicted" and "E2" in out.loc["v", "explanation"]
    assert out.loc["c", "verdict_text"] == (
        "The events on record confirm it: “Cease-fire announced”, on 21 Aug 2020."
    )
    assert out.loc["v", "verdict_text"] == (
        "No violation is on record on 27 Aug 2020; the nearest is "
        "“Rockets fired west of Sirte” on 28 Aug 2020."
    )
    assert "E2" not in out.loc["v", "verdict_text"]
    assert out.loc["r", "verdict"] == "not_checkable"
    assert out.loc["n", "verdict"] == "not_checkable"


def test_numeric_verdict_edges():
    assert numeric_verdict(1.1, 1.0, 0.15)[0] == "confirmed"
    assert numeric_verdict(1.2, 1.0, 0.15)[0] == "contradicted"
    assert numeric_verdict(9.5e9, 9.6e6, 0.15) == ("off_by_factor", 1000.0)
    assert numeric_verdict(-1.0, 1.0, 0.15)[0] == "contradicted"
    assert numeric_verdict(1.0, 0.0, 0.15)[0] == "not_checkable"
