"""Rules that span rows or tables: references resolve, dates are ordered, loss totals behave.

The loss-series rules exist because running totals are copied by hand through several outlets:
a total that falls, or jumps by about 1000x between neighbouring statements, is almost always a
transcription slip (the seed report printed NOC's "$8.22 billion" as "$8.22 million").
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from analysis.errors import Problem
from analysis.reported import effective_date

LINE = "_line"
SLIP_FACTOR = 300.0
FALL_TOLERANCE = 0.10


def _line(row: pd.Series) -> int:
    return int(row[LINE])


def source_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    known = set(frames["sources"]["source_id"].dropna())
    problems = []
    for name, frame in frames.items():
        if "source_id" not in frame or name == "sources":
            continue
        for _, row in frame[
            ~frame["source_id"].isin(known) & frame["source_id"].notna()
        ].iterrows():
            problems.append(
                Problem(
                    f"{name}.csv",
                    _line(row),
                    "source_id",
                    f"'{row['source_id']}' does not resolve to a row of sources.csv",
                )
            )
    return problems


def episode_reference_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    known = set(frames["episodes"]["episode_id"].dropna())
    problems = []
    for name in ("events", "reported_losses"):
        frame = frames[name]
        bad = frame[frame["episode_id"].notna() & ~frame["episode_id"].isin(known)]
        for _, row in bad.iterrows():
            problems.append(
                Problem(
                    f"{name}.csv",
                    _line(row),
                    "episode_id",
                    f"'{row['episode_id']}' is not an episode_id in episodes.csv",
                )
            )
    return problems


def future_date_problems(frames: dict[str, pd.DataFrame], today: dt.date) -> list[Problem]:
    limit = pd.Timestamp(today)
    problems = []
    for name, frame in frames.items():
        for column in frame.columns:
            if column == LINE or not pd.api.types.is_datetime64_any_dtype(frame[column]):
                continue
            for _, row in frame[frame[column] > limit].iterrows():
                problems.append(
                    Problem(
                        f"{name}.csv",
                        _line(row),
                        column,
                        f"{row[column]:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})",
                    )
                )
    return problems


def order_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """end >= start, baseline before start, as-of no later than the statement."""
    rules = [
        ("episodes", "end", "start", lambda a, b: a >= b, "is before start"),
        (
            "episodes",
            "baseline_end",
            "baseline_start",
            lambda a, b: a >= b,
            "is before baseline_start",
        ),
        (
            "episodes",
            "baseline_end",
            "start",
            lambda a, b: a < b.to_period("M").to_timestamp(),
            "is not before the start month",
        ),
        ("events", "end_date", "date", lambda a, b: a >= b, "is before date"),
        (
            "reported_losses",
            "as_of_date",
            "statement_date",
            lambda a, b: a <= b,
            "is after statement_date",
        ),
    ]
    problems = []
    for table, column, other, ok, message in rules:
        frame = frames[table]
        both = frame[frame[column].notna() & frame[other].notna()]
        for _, row in both.iterrows():
            if not ok(row[column], row[other]):
                problems.append(
                    Problem(
                        f"{table}.csv",
                        _line(row),
                        column,
                        f"{row[column]:%Y-%m-%d} {message} ({row[other]:%Y-%m-%d})",
                    )
                )
    return problems


def period_problems(exports: pd.DataFrame) -> list[Problem]:
    """An export period must have the shape its period_type says."""
    shapes = {"year": (4,), "month": (7,), "snapshot": (7, 10)}
    problems = []
    for _, row in exports.dropna(subset=["period", "period_type"]).iterrows():
        allowed = shapes.get(row["period_type"], ())
        if len(row["period"]) not in allowed:
            problems.append(
                Problem(
                    "exports.csv",
                    _line(row),
                    "period",
                    f"'{row['period']}' does not match period_type '{row['period_type']}'",
                )
            )
    return problems


def loss_series_problems(losses: pd.DataFrame, tolerance: float = FALL_TOLERANCE) -> list[Problem]:
    """Flag running totals that fall by more than ``tolerance`` or jump about 1000x.

    Statements are ordered by the date they count to (as-of, else statement date). A slip is
    blamed on whichever of the pair sits farther from the episode's median, and later rows are
    compared with the last row that was not blamed.
    """
    problems = []
    frame = losses.dropna(subset=["cumulative_loss_usd", "statement_date"]).copy()
    frame["counted_to"] = effective_date(frame)
    for _, group in frame.groupby("episode_id"):
        ordered = group.sort_values(["counted_to", "cumulative_loss_usd"])
        median = ordered["cumulative_loss_usd"].median()
        previous = None
        for _, row in ordered.iterrows():
            value = row["cumulative_loss_usd"]
            if previous is None or value <= 0 or previous["cumulative_loss_usd"] <= 0:
                previous = row
                continue
            before = previous["cumulative_loss_usd"]
            ratio = value / before
            if ratio >= SLIP_FACTOR or ratio <= 1 / SLIP_FACTOR:
                distance = abs(math.log(value / median))
                blamed = row if distance >= abs(math.log(before / median)) else previous
                other = previous if blamed is row else row
                factor = max(ratio, 1 / ratio)
                problems.append(
                    Problem(
                        "reported_losses.csv",
                        _line(blamed),
                        "cumulative_loss_usd",
                        f"probable million/billion slip: {blamed['cumulative_loss_usd']:,.0f} is "
                        f"{factor:,.0f}x away from {other['cumulative_loss_usd']:,.0f} on line "
                        f"{_line(other)}",
                    )
                )
                if blamed is previous:
                    previous = row
                continue
            if ratio < 1 - tolerance:
                problems.append(
                    Problem(
                        "reported_losses.csv",
                        _line(row),
                        "cumulative_loss_usd",
                        f"running total falls {1 - ratio:.0%} from {before:,.0f} on line "
                        f"{_line(previous)} (tolerance {tolerance:.0%})",
                    )
                )
            previous = row
    return problems


def cross_table_problems(frames: dict[str, pd.DataFrame], today: dt.date) -> list[Problem]:
    return [
        *source_problems(frames),
        *episode_reference_problems(frames),
        *future_date_problems(frames, today),
        *order_problems(frames),
        *period_problems(frames["exports"]),
        *loss_series_problems(frames["reported_losses"]),
    ]
