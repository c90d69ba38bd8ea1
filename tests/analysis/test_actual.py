"""The live rule for actual output: EIA's months, then each NOC statement until the next."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.actual import BASIS_EIA, BASIS_STATEMENT, live_actual

D = pd.Timestamp


def monthly(values: dict[str, float]) -> pd.Series:
    s = pd.Series(values, dtype=float)
    s.index = pd.to_datetime(s.index, format="%Y-%m")
    return s.asfreq("MS")


STATEMENTS = pd.DataFrame(
    {
        # 20 Jan is before the episode: a pre-blockade level never counts
        "date": pd.to_datetime(["2021-01-20", "2021-02-25", "2021-03-10"]),
        "production_bpd": [999.0, 300.0, 200.0],
    }
)


def test_statements_step_from_the_day_after_eia_s_last_month() -> None:
    # EIA published January and February 2021; the episode started on 1 February.
    out = live_actual(
        monthly({"2021-01": 1000, "2021-02": 400}), STATEMENTS, D("2021-02-01"), D("2021-03-12")
    )
    assert len(out) == 28 + 12
    feb, march = out.loc["2021-02"], out.loc["2021-03"]
    # February: EIA's average on every day (the episode covers the whole month)
    assert (feb["actual_bpd"] == 400).all() and (feb["basis"] == BASIS_EIA).all()
    # 1-9 March: the 25 February statement, still the latest; from 10 March the next one
    assert (march.loc["2021-03-01":"2021-03-09", "actual_bpd"] == 300).all()
    assert (march.loc["2021-03-10":"2021-03-12", "actual_bpd"] == 200).all()
    assert (march["basis"] == BASIS_STATEMENT).all()


def test_eia_s_month_takes_over_when_published() -> None:
    eia = monthly({"2021-01": 1000, "2021-02": 400, "2021-03": 250})
    out = live_actual(eia, STATEMENTS, D("2021-02-01"), D("2021-03-12"))
    assert (out.loc["2021-03", "actual_bpd"] == 250).all()
    assert (out["basis"] == BASIS_EIA).all()


def test_split_month_keeps_eia_s_average_before_the_start() -> None:
    # Start on 11 Jan: days 1-10 keep December's level 1000, so 11-31 take (31*690 - 10*1000)/21.
    eia = monthly({"2020-12": 1000, "2021-01": 690})
    out = live_actual(eia, STATEMENTS.iloc[1:], D("2021-01-11"), D("2021-01-31"))
    assert len(out) == 21
    assert out["actual_bpd"].round(6).eq(round(11390 / 21, 6)).all()


def test_days_past_eia_before_the_first_statement_are_an_error() -> None:
    # EIA ends in January, NOC's first statement is of 25 February: 1-24 February have no figure
    eia = monthly({"2020-12": 1000, "2021-01": 690})
    with pytest.raises(ValueError, match="no production statement on or before 2021-02-01"):
        live_actual(eia, STATEMENTS.iloc[1:], D("2021-01-11"), D("2021-02-26"))


def test_no_statement_inside_the_episode_is_an_error() -> None:
    with pytest.raises(ValueError, match="2021-03-01"):
        live_actual(
            monthly({"2021-02": 400}), STATEMENTS.iloc[:1], D("2021-03-01"), D("2021-03-05")
        )
