"""Checks that the values make sense together, so that ``run`` never gives a silently wrong answer.

The per-table rules in ``schemas.py`` accept each value on its own; these look at values in
context: a number about 1000x (or 1e6, 1e9x) away from its neighbours in the same series, a NOC
loss figure hundreds of times away from what the production and the price say, a missing stretch
of prices or production inside a window the models use (never filled), a valued price at or below
zero, and whatever ``run`` needs (rows in every table, an end date, a long enough baseline).
Each problem names the file, line and column to fix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import Problem
from analysis.params import DEFAULT_SCENARIO, RunParams
from analysis.reported import effective_date
from analysis.schemas import RAW_SCHEMAS

LINE = "_line"
SLIP_FACTOR = 300.0  # between a plausible jump (a blockade: ~15x) and a unit slip (1000x)
NEIGHBOURS = 3  # values on each side a value is compared with
MIN_BASELINE_MONTHS = 6  # observed months; the models need 3, their intervals need more
# A stop of d days moves a month's average by d/30 of the loss: under two weeks that is within
# the month-to-month noise of the baseline, and one day is more likely a typed end than a stop.
MIN_EPISODE_DAYS = 14
MAX_PRICE_GAP_DAYS = 7  # weekends and holidays are carried over; a longer silence is a gap
MAX_DIFFERENTIAL = 10.0  # $/bbl; Libyan grades trade within a few dollars of Dated Brent


def empty_table_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every table feeds a step of ``run`` or a dashboard page: a header alone is an error."""
    return [
        Problem(RAW_SCHEMAS[name].file, None, None, "holds no rows (only a header)")
        for name, frame in frames.items()
        if frame.empty
    ]


def plausibility_problems(
    frames: dict[str, pd.DataFrame], series: str | None = None
) -> list[Problem]:
    """All checks of this module on typed, individually valid tables."""
    series = series or RunParams().series
    episodes = frames["episodes"]
    ended = episodes[episodes["end"].notna()]
    problems = overlap_problems(ended)
    problems += live_problems(episodes, frames["production_reported"])
    problems += claim_problems(frames["claims"])
    scenarios = frames["price_scenarios"]
    if DEFAULT_SCENARIO not in set(scenarios["price_scenario"]):
        problems.append(
            Problem(
                "price_scenarios.csv",
                None,
                "price_scenario",
                f"no row for '{DEFAULT_SCENARIO}', the scenario the headline values at",
            )
        )
    production = frames["production_monthly"]
    rows = production[production["series"] == series].sort_values("month")
    if rows.empty:
        problems.append(
            Problem(
                "production_monthly.csv",
                None,
                "series",
                f"holds no rows of series '{series}', the series the estimates use",
            )
        )
        return problems
    problems += production_window_problems(ended, rows, series)
    clean = r1_clean(rows, episodes)
    problems += baseline_problems(episodes, rows, clean, series)
    brent = frames["brent_daily"].sort_values("date")
    problems += price_gap_problems(ended, brent)
    problems += valued_price_problems(ended, brent, frames["price_scenarios"])
    problems += noc_scale_problems(ended, clean, brent, frames["reported_losses"])
    problems += neighbour_slip_problems(frames)
    return problems


# Claim metrics measured against a number, and those that need a date to look at.
NUMERIC_CLAIMS = ("noc_cumulative_loss_usd", "production_drop_share")


def claim_problems(claims: pd.DataFrame) -> list[Problem]:
    """A checkable claim needs its date, a numeric one a value above zero (it is divided by)."""
    problems = []
    for _, claim in claims[claims["metric"] != "not_checkable"].iterrows():
        line, metric = int(claim[LINE]), claim["metric"]
        if pd.isna(claim["as_of"]):
            problems.append(
                Problem(
                    "claims.csv",
                    line,
                    "as_of",
                    f"is empty, but a '{metric}' claim is checked at its date",
                )
            )
        if metric in NUMERIC_CLAIMS and not claim["claimed_value"] > 0:
            problems.append(
                Problem(
                    "claims.csv",
                    line,
                    "claimed_value",
                    f"must be a number above 0 for a '{metric}' claim (or use not_checkable)",
                )
            )
    return problems


def overlap_problems(episodes: pd.DataFrame) -> list[Problem]:
    """Two episodes sharing days: each model removes the other's months, leaving nothing."""
    problems = []
    ordered = episodes.sort_values("start").to_dict("records")
    for i, row in enumerate(ordered):
        for other in ordered[:i]:
            if row["start"] <= other["end"]:
                problems.append(
                    Problem(
                        "episodes.csv",
                        int(row[LINE]),
                        "start",
                        f"episode {row['episode_id']} starts on {row['start']:%Y-%m-%d}, "
                        f"before episode {other['episode_id']} (line {int(other[LINE])}) "
                        f"ends on {other['end']:%Y-%m-%d}; episodes must not overlap",
                    )
                )
    return problems


def live_problems(episodes: pd.DataFrame, statements: pd.DataFrame) -> list[Problem]:
    """What the live path needs (README "Live mode"): an ongoing episode overlaps no other, has
    a production statement dated on or after its start, and from the first ongoing start on the
    statements run in date order, one per date (each holds until the next, so order and a single
    figure per day must be unambiguous)."""
    ongoing = episodes[episodes["end"].isna()]
    problems = []
    for _, row in ongoing.iterrows():
        line, eid = int(row[LINE]), row["episode_id"]
        for _, other in episodes[episodes["episode_id"] != eid].iterrows():
            other_line, other_id = int(other[LINE]), other["episode_id"]
            if other["start"] >= row["start"]:
                # an ongoing episode runs on: whatever starts after it overlaps it
                problems.append(
                    Problem(
                        "episodes.csv",
                        line,
                        "end",
                        f"is empty (episode {eid} is ongoing), but episode {other_id} "
                        f"(line {other_line}) starts later, on {other['start']:%Y-%m-%d}; "
                        "episodes must not overlap: give the day this one ended",
                    )
                )
            elif pd.notna(other["end"]) and other["end"] >= row["start"]:
                problems.append(
                    Problem(
                        "episodes.csv",
                        line,
                        "start",
                        f"ongoing episode {eid} starts on {row['start']:%Y-%m-%d}, before "
                        f"episode {other_id} (line {other_line}) ends on "
                        f"{other['end']:%Y-%m-%d}; episodes must not overlap",
                    )
                )
        if not (statements["date"] >= row["start"]).any():
            problems.append(
                Problem(
                    "episodes.csv",
                    line,
                    "end",
                    f"is empty (episode {eid} is ongoing), but production_reported.csv has no "
                    f"statement dated on or after its start {row['start']:%Y-%m-%d}: add NOC's "
                    "latest production figure, cited",
                )
            )
    if ongoing.empty:
        return problems
    recent = statements[statements["date"] >= ongoing["start"].min()].sort_values(LINE)
    previous = None
    for _, row in recent.iterrows():
        if previous is not None and row["date"] <= previous["date"]:
            same = row["date"] == previous["date"]
            problems.append(
                Problem(
                    "production_reported.csv",
                    int(row[LINE]),
                    "date",
                    f"{row['date']:%Y-%m-%d} "
                    + ("repeats the date of" if same else "is before")
                    + f" line {int(previous[LINE])} ({previous['date']:%Y-%m-%d}): during an "
                    "ongoing episode each statement holds until the next, so statements must be "
                    "in date order with one per date",
                )
            )
        else:
            previous = row
    return problems


def as_of_problems(
    episodes: pd.DataFrame, as_of: pd.Timestamp, today: pd.Timestamp
) -> list[Problem]:
    """The as-of date must be no later than today and no earlier than any ongoing start."""
    problems = []
    if as_of > today:
        problems.append(
            Problem(
                "command line",
                None,
                "--as-of",
                f"{as_of:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})",
            )
        )
    for _, row in episodes[episodes["end"].isna() & (episodes["start"] > as_of)].iterrows():
        problems.append(
            Problem(
                "episodes.csv",
                int(row[LINE]),
                "start",
                f"ongoing episode {row['episode_id']} starts on {row['start']:%Y-%m-%d}, after "
                f"the as-of date {as_of:%Y-%m-%d}: give a later --as-of",
            )
        )
    return problems


def _month_range(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(
        first.to_period("M").to_timestamp(), last.to_period("M").to_timestamp(), freq="MS"
    )


def _runs(months: pd.DatetimeIndex) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Consecutive stretches of months, as (first, last)."""
    runs: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    for month in months.sort_values():
        if runs and month == runs[-1][1] + pd.offsets.MonthBegin(1):
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def r1_clean(rows: pd.DataFrame, episodes: pd.DataFrame) -> pd.Series:
    """The series as a regular monthly Series with R1's gaps (every episode's months and
    recoveries, ongoing ones included) as NaN: the months the run's baselines are built from
    (analysis.episodes.episodes), so what is checked here is what the models get."""
    # imported here: analysis.episodes imports analysis.load, which imports this module
    from analysis.episodes import contamination_mask

    monthly = rows.set_index("month")["production_bpd"].astype(float).sort_index().asfreq("MS")
    return monthly.where(~contamination_mask(monthly, episodes)[0])


def _baseline(row: pd.Series, clean: pd.Series) -> pd.Series:
    """The episode's baseline window of the R1-clean series."""
    return clean[(clean.index >= row["baseline_start"]) & (clean.index <= row["baseline_end"])]


def production_window_problems(
    episodes: pd.DataFrame, rows: pd.DataFrame, series: str
) -> list[Problem]:
    """Months missing in an episode or its baseline, and an episode too short to measure."""
    monthly = rows.set_index("month")["production_bpd"]
    lines = rows.set_index("month")[LINE]
    present = pd.DatetimeIndex(monthly.index)
    problems = []
    for _, row in episodes.iterrows():
        ep, line = row["episode_id"], int(row[LINE])
        baseline_label = f"baseline ({row['baseline_start']:%Y-%m} to {row['baseline_end']:%Y-%m})"
        windows = {
            baseline_label: _month_range(row["baseline_start"], row["baseline_end"]),
            f"episode ({row['start']:%Y-%m-%d} to {row['end']:%Y-%m-%d})": _month_range(
                row["start"], row["end"]
            ),
        }
        for label, months in windows.items():
            for first, last in _runs(months.difference(present)):
                # the row before the gap, else the one after it: where the rows should go
                before, after = present[present < first], present[present > last]
                beside = before[-1] if len(before) else after[0] if len(after) else None
                where = int(lines[beside]) if beside is not None else None
                span = f"{first:%Y-%m}" if first == last else f"{first:%Y-%m} to {last:%Y-%m}"
                problems.append(
                    Problem(
                        "production_monthly.csv",
                        where,
                        "month",
                        f"series '{series}' has no row for {span}, inside episode {ep}'s "
                        f"{label} (episodes.csv line {line}); gaps are never filled",
                    )
                )
        days = (row["end"] - row["start"]).days + 1
        if days < MIN_EPISODE_DAYS:
            problems.append(
                Problem(
                    "episodes.csv",
                    line,
                    "end",
                    f"episode {ep} ({row['start']:%Y-%m-%d} to {row['end']:%Y-%m-%d}) lasts "
                    f"{days} day(s); monthly averages cannot measure a stop shorter than "
                    f"{MIN_EPISODE_DAYS} days (an end typed as the start?)",
                )
            )
    return problems


def baseline_problems(
    episodes: pd.DataFrame, rows: pd.DataFrame, clean: pd.Series, series: str
) -> list[Problem]:
    """Too few baseline months once R1 has taken out other episodes and their recoveries (the
    run's rule), and baseline months of 0; for every episode, ongoing ones included."""
    lines = rows.set_index("month")[LINE]
    problems = []
    for _, row in episodes.iterrows():
        ep, line = row["episode_id"], int(row[LINE])
        baseline = _baseline(row, clean)
        if baseline.notna().sum() < MIN_BASELINE_MONTHS:
            problems.append(
                Problem(
                    "episodes.csv",
                    line,
                    "baseline_start",
                    f"the baseline {row['baseline_start']:%Y-%m} to {row['baseline_end']:%Y-%m} "
                    f"holds {int(baseline.notna().sum())} month(s) of '{series}' outside other "
                    f"episodes and their recoveries (rule R1); give at least "
                    f"{MIN_BASELINE_MONTHS}",
                )
            )
        for month in baseline.index[baseline == 0]:
            problems.append(
                Problem(
                    "production_monthly.csv",
                    int(lines[month]),
                    "production_bpd",
                    f"is 0 in {month:%Y-%m}, a baseline month of episode {ep} (normal output): "
                    "a missing value typed as 0?",
                )
            )
    return problems


def _windows(row: pd.Series) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    baseline_end = row["baseline_end"] + pd.offsets.MonthEnd(0)
    return [
        (f"episode {row['episode_id']}'s baseline", row["baseline_start"], baseline_end),
        (f"episode {row['episode_id']}", row["start"], row["end"]),
    ]


def price_gap_problems(episodes: pd.DataFrame, brent: pd.DataFrame) -> list[Problem]:
    """Stretches of more than a week without a Brent price inside any analysed window."""
    dates = pd.DatetimeIndex(brent["date"])
    lines = brent[LINE].to_numpy()
    problems = []
    for _, row in episodes.iterrows():
        for label, first, last in _windows(row):
            # the price on `first` is the last one published on or before it
            before = int(np.searchsorted(dates.to_numpy(), first.to_datetime64(), side="right")) - 1
            if before < 0:
                problems.append(
                    Problem(
                        "brent_daily.csv",
                        int(lines[0]),
                        "date",
                        f"prices start on {dates[0]:%Y-%m-%d}, after {label} starts "
                        f"({first:%Y-%m-%d}); prices are never filled backwards",
                    )
                )
                before = 0
            inside = dates[before:][dates[before:] <= last]
            if inside.empty:
                continue  # every price is after the window: reported just above
            stops = [*inside[1:], last + pd.Timedelta(days=1)]
            for i, (a, b) in enumerate(zip(inside, stops, strict=True)):
                if (b - a).days > MAX_PRICE_GAP_DAYS:
                    after = b > last
                    one = pd.Timedelta(days=1)
                    span = f"{a + one:%Y-%m-%d} to {b - one:%Y-%m-%d}"
                    problems.append(
                        Problem(
                            "brent_daily.csv",
                            int(lines[before + i]),
                            "date",
                            f"no price from {span} ({(b - a).days - 1} days"
                            f"{', the end of the table' if after else ''}), inside {label} "
                            f"({first:%Y-%m-%d} to {last:%Y-%m-%d}); gaps longer than "
                            f"{MAX_PRICE_GAP_DAYS} days are never filled",
                        )
                    )
    return problems


def _daily_brent(brent: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    s = brent.set_index("date")["brent_usd_bbl"]
    days = pd.date_range(first, last, freq="D")
    return s.reindex(s.index.union(days)).ffill().reindex(days).dropna()


def valued_price_problems(
    episodes: pd.DataFrame, brent: pd.DataFrame, scenarios: pd.DataFrame
) -> list[Problem]:
    """Differentials beyond a plausible range, and any episode day valued at or below zero."""
    problems = []
    for _, scenario in scenarios.iterrows():
        diff, line = float(scenario["differential_usd_bbl"]), int(scenario[LINE])
        if abs(diff) > MAX_DIFFERENTIAL:
            problems.append(
                Problem(
                    "price_scenarios.csv",
                    line,
                    "differential_usd_bbl",
                    f"{diff:g} $/bbl is outside the plausible range [0, {MAX_DIFFERENTIAL:g}] "
                    "(Libyan grades trade within a few dollars of Brent)",
                )
            )
        for _, row in episodes.iterrows():
            valued = _daily_brent(brent, row["start"], row["end"]) - diff
            bad = valued[valued <= 0]
            if len(bad):
                problems.append(
                    Problem(
                        "price_scenarios.csv",
                        line,
                        "differential_usd_bbl",
                        f"Brent less {diff:g} is at or below zero on {len(bad)} day(s) of "
                        f"episode {row['episode_id']} (lowest {bad.min():.2f} $/bbl on "
                        f"{bad.idxmin():%Y-%m-%d})",
                    )
                )
    return problems


def noc_scale_problems(
    episodes: pd.DataFrame, clean: pd.Series, brent: pd.DataFrame, losses: pd.DataFrame
) -> list[Problem]:
    """NOC figures against baseline mean x days x mean Brent: a rough upper bound, not a fit.

    Reported losses are partial losses, so they sit below this bound; a figure 300x away from it
    in either direction is a unit slip (millions for units, billions for units).
    """
    counted = effective_date(losses)
    problems = []
    for _, row in episodes.iterrows():
        baseline = _baseline(row, clean).dropna()
        mine = losses[
            (losses["episode_id"] == row["episode_id"]) & losses["cumulative_loss_usd"].notna()
        ]
        if baseline.empty or mine.empty:
            continue
        # each figure's days run from the episode's start: one daily series, cut per figure
        episode_prices = _daily_brent(brent, row["start"], row["end"])
        for index, loss in mine.iterrows():
            to = min(max(counted[index], row["start"]), row["end"])
            prices = episode_prices[episode_prices.index <= to]
            if prices.empty:
                continue
            days = (to - row["start"]).days + 1
            rough = float(baseline.mean()) * days * float(prices.mean())
            value = float(loss["cumulative_loss_usd"])
            ratio = value / rough if rough > 0 else np.inf
            if value > 0 and 1 / SLIP_FACTOR < ratio < SLIP_FACTOR:
                continue
            side = "above" if ratio >= 1 else "below"
            factor = f"{max(ratio, 1 / ratio):,.0f}x" if value > 0 else "far"
            problems.append(
                Problem(
                    "reported_losses.csv",
                    int(loss[LINE]),
                    "cumulative_loss_usd",
                    f"probable unit slip: {value:,.2f} USD is {factor} {side} a rough "
                    f"{rough:,.0f} USD (baseline {baseline.mean():,.0f} b/d x {days} days x "
                    f"Brent {prices.mean():.2f} $/bbl to {to:%Y-%m-%d})",
                )
            )
    return problems


# (table, value column, order column, group columns): every numeric series a user types in.
SERIES = (
    ("production_monthly", "production_bpd", "month", ("series",)),
    ("production_reported", "production_bpd", "date", ()),
    ("exports", "exports_bpd", "period", ("period_type",)),
    ("brent_daily", "brent_usd_bbl", "date", ()),
    ("revenue", "value", "period", ("metric", "unit")),
)


def neighbour_medians(values: np.ndarray) -> np.ndarray:
    """For each value, the median of the positive values among the NEIGHBOURS before and after
    it (NaN when there is none): all values at once, as thousands of np.median calls cost
    a quarter of the validation."""
    if len(values) == 0:
        return np.array([])
    pad = np.full(NEIGHBOURS, np.nan)
    padded = np.concatenate([pad, values, pad])
    window = np.lib.stride_tricks.sliding_window_view(padded, 2 * NEIGHBOURS + 1)
    near = np.delete(window, NEIGHBOURS, axis=1)  # the value itself is not its own neighbour
    near = np.sort(np.where(near > 0, near, np.nan), axis=1)  # NaN sort last
    count = (~np.isnan(near)).sum(axis=1)
    rows = np.arange(len(values))
    low = near[rows, np.maximum(count - 1, 0) // 2]
    high = near[rows, count // 2 - (count == 0)]
    return np.where(count > 0, (low + high) / 2, np.nan)


def neighbour_slip_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A value 300x (or more) away from the median of its neighbours in the same series."""
    problems = []
    for table, column, order, groups in SERIES:
        frame = frames[table].sort_values([*groups, order], kind="stable")
        grouped = frame.groupby(list(groups), sort=False) if groups else [(None, frame)]
        for _, group in grouped:
            values = group[column].to_numpy(dtype=float)
            lines = group[LINE].to_numpy()
            medians = neighbour_medians(values)
            for i, value in enumerate(values):
                median = float(medians[i])
                if value <= 0 or np.isnan(median):
                    continue
                ratio = value / median
                if 1 / SLIP_FACTOR < ratio < SLIP_FACTOR:
                    continue
                problems.append(
                    Problem(
                        f"{table}.csv",
                        int(lines[i]),
                        column,
                        f"probable unit slip: {value:,.6g} is {max(ratio, 1 / ratio):,.0f}x "
                        f"{'above' if ratio > 1 else 'below'} its neighbours in the series "
                        f"(median {median:,.6g})",
                    )
                )
    return problems
