"""EXPLORATORY probe, not part of the project's outputs: a pre-registered backtest of one
candidate interval method, `ar1_level_recal` (sequential PIT recalibration of ar1_level).
Its result was negative and is reported in docs/methodology.md ("A pre-registered candidate
that failed"); the script stays so that the result can be reproduced.

Nothing in analysis/ or data/ is changed or written. The windows, seed keys, 1,000 paths per
origin and the days x b/d sums are those of `python -m analysis backtest`: the script runs
analysis.backtest.backtest itself for ar1_level, recording the paths it simulates, and checks
its rows against the committed data/processed/backtest.csv before scoring the candidate.
Results: bench/results/recal_probe.md.

    .venv/bin/python -m bench.recal_probe

The pre-registration, written before the script existed and copied here verbatim (its time is
wrong: the file was written at 10:17-10:18 UTC, before any result existed; nothing was tuned):

    # Pre-registration (written 1 Dec 2026 10:22 UTC, before any result of this candidate
    # was computed)

    Candidate `ar1_level_recal`: ar1_level's fit, screened parameter draws and simulated
    paths, unchanged; only which quantiles of the simulated sums form each interval changes.

    - PIT of a backtest window: the share of the window's simulated sums (1,000 paths, as in
      the backtest) at or below the realised sum (ties counted half).
    - For an origin t, the calibration set is every window (origin s, horizon h) of the same
      model whose last realised month is before t's first forecast month (no look-ahead).
    - With fewer than 30 windows in the calibration set, the interval is the nominal one
      (quantiles (1-L)/2 and (1+L)/2).
    - Otherwise the interval at level L is the simulated sums' quantiles at probabilities
      (Q_pit((1-L)/2), Q_pit((1+L)/2)), where Q_pit is the empirical quantile function
      (linear interpolation, numpy default) of the calibration set's PITs.
    - Scored on the same 541 windows (R2 unchanged): coverage at 0.8/0.9/0.95, the mean
      interval score at 95%, and coverage by origin year.
    - Adoption rule (for a later session): it enters R3 as a fifth model; R3 unchanged
      (pooled 95% coverage nearest 0.95, ties by interval score). Whatever R3 picks is the
      default, whether or not it meets issue 9's 80% target. The result is reported either
      way.

Reading of the rules used here: a window (s, h) covers the months s .. s+h-1, so its last
realised month is before origin t's first forecast month (t itself) when s + h - 1 < t in
months. The calibration probabilities depend on the origin only, so every horizon of an origin
reads the same pair. Interval bounds are np.quantile of the sums (numpy default, as the
backtest does); coverage is lower <= realised <= upper, as in the backtest.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd

import analysis.backtest as bt
from analysis.episodes import contamination_mask, monthly_series
from analysis.load import load_raw
from analysis.params import RunParams

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "recal_probe.md"
MODEL = "ar1_level"
CANDIDATE = "ar1_level_recal"
N_SIMS = 1000
MIN_CALIBRATION = 30
PIT_BINS = 10


@dataclass(frozen=True)
class Window:
    """One backtest window: its origin, horizon, realised sum and the 1,000 simulated sums."""

    origin: pd.Timestamp
    horizon: int
    actual: float
    draws: np.ndarray


def pit(draws: np.ndarray, x: float) -> float:
    """Share of the draws at or below x, ties counted half."""
    return float((np.sum(draws < x) + 0.5 * np.sum(draws == x)) / len(draws))


def run_recorded(
    monthly: pd.Series, origins: list[bt.Origin], seed: int
) -> tuple[pd.DataFrame, dict[pd.Timestamp, Any]]:
    """analysis.backtest.backtest for MODEL, unchanged, with each origin's Counterfactual kept."""
    kept: dict[pd.Timestamp, Any] = {}
    real: Callable[..., Any] = bt.fit_counterfactual

    def recording(baseline: pd.Series, months: pd.DatetimeIndex, *args: Any) -> Any:
        cf = real(baseline, months, *args)
        kept[months[0]] = cf
        return cf

    with mock.patch.object(bt, "fit_counterfactual", recording):
        table, _ = bt.backtest(monthly, origins, (MODEL,), N_SIMS, seed)
    return table, kept


def origin_windows(
    monthly: pd.Series, o: bt.Origin, months: pd.DatetimeIndex, paths: np.ndarray
) -> list[Window]:
    """One origin's windows: days x b/d over each horizon's months, as backtest sums them."""
    days = np.asarray(months.days_in_month, dtype=float)
    cum_paths = np.cumsum(paths * days, axis=1)
    cum_actual = np.cumsum(monthly.reindex(months).to_numpy(dtype=float) * days)
    return [Window(o.origin, h, float(cum_actual[h - 1]), cum_paths[:, h - 1]) for h in o.horizons]


def windows_from(
    monthly: pd.Series, origins: list[bt.Origin], kept: dict[pd.Timestamp, Any]
) -> list[Window]:
    """Every origin's windows from the paths run_recorded kept."""
    return [
        w
        for o in origins
        for w in origin_windows(monthly, o, kept[o.origin].months, kept[o.origin].paths)
    ]


def recorded_backtest() -> tuple[RunParams, pd.Series, list[bt.Origin], pd.DataFrame, dict]:
    """The committed backtest's inputs (R1 gaps, R2 origins), and MODEL's run over them with
    each origin's paths kept: (params, monthly output, origins, rows, kept Counterfactuals)."""
    params = RunParams()
    raw = load_raw(ROOT / "data" / "raw")
    monthly = monthly_series(raw, params.series)
    gap, _ = contamination_mask(monthly, raw.episodes)
    horizons = tuple(sorted(set(bt.HORIZONS) | set(bt.episode_length_months(raw.episodes))))
    origins = bt.backtest_origins(monthly, gap, horizons)
    table, kept = run_recorded(monthly, origins, params.seed)
    return params, monthly, origins, table, kept


def check_committed(table: pd.DataFrame) -> str:
    """Compare the recomputed ar1_level rows with data/processed/backtest.csv (whole barrels)."""
    committed = pd.read_csv(ROOT / "data" / "processed" / "backtest.csv")
    committed = committed[committed["model"] == MODEL].copy()
    committed["origin"] = pd.to_datetime(committed["origin"])
    key = ["interval_level", "origin", "horizon_months"]
    m = table.merge(committed, on=key, suffixes=("", "_c"), validate="1:1", how="outer")
    cols = ["actual_sum_barrels", "forecast_sum_barrels", "lower_sum_barrels", "upper_sum_barrels"]
    lines = [f"rows recomputed {len(table)}, committed {len(committed)}, matched {len(m)}"]
    for c in [*cols, "interval_score", "crps_barrels"]:
        diff = (m[c].round(0) - m[f"{c}_c"]).abs()
        lines.append(f"{c}: max |recomputed rounded - committed| = {diff.max():.0f} barrels")
    cov = (m["covered"].astype(bool) == m["covered_c"].astype(bool)).all()
    lines.append(f"covered identical at every level: {bool(cov)}")
    return "; ".join(lines)


def score(
    windows: list[Window], pits: np.ndarray, recal: bool
) -> tuple[pd.DataFrame, dict[pd.Timestamp, int]]:
    """One row per window x level; and, per origin, the size of its calibration set."""
    ends = np.array([w.origin + pd.DateOffset(months=w.horizon - 1) for w in windows])
    n_cal: dict[pd.Timestamp, int] = {}
    rows = []
    for w in windows:
        cal = pits[ends < w.origin] if recal else pits[:0]
        n_cal[w.origin] = len(cal)
        for level in bt.LEVELS:
            nominal = [(1 - level) / 2, (1 + level) / 2]
            probs = np.quantile(cal, nominal) if len(cal) >= MIN_CALIBRATION else nominal
            lo, hi = np.quantile(w.draws, probs)
            rows.append(
                (level, w.origin, w.horizon, w.actual, lo, hi, bool(lo <= w.actual <= hi),
                 bt.interval_score(lo, hi, w.actual, 1 - level), len(cal) < MIN_CALIBRATION,
                 probs[0], probs[1])
            )  # fmt: skip
    cols = [
        "interval_level", "origin", "horizon_months", "actual_sum_barrels", "lower_sum_barrels",
        "upper_sum_barrels", "covered", "interval_score", "nominal", "p_lower", "p_upper",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=cols), n_cal


def md_table(frame: pd.DataFrame) -> str:
    """A plain markdown table (no tabulate dependency)."""
    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join([head, rule, *body])


def main() -> None:
    t0 = time.perf_counter()
    params, monthly, origins, table, kept = recorded_backtest()
    t_backtest = time.perf_counter() - t0
    check = check_committed(table)
    print(check)

    windows = windows_from(monthly, origins, kept)
    pits = np.array([pit(w.draws, w.actual) for w in windows])
    base, _ = score(windows, pits, recal=False)
    cand, n_cal = score(windows, pits, recal=True)
    # the nominal scoring here must equal backtest()'s own rows, bit for bit
    mine = base.sort_values(["interval_level", "origin", "horizon_months"], ignore_index=True)
    theirs = table.sort_values(["interval_level", "origin", "horizon_months"], ignore_index=True)
    same = all(
        np.array_equal(mine[c].to_numpy(), theirs[c].to_numpy())
        for c in ["lower_sum_barrels", "upper_sum_barrels", "covered", "interval_score"]
    )
    print(f"nominal intervals from recorded paths equal backtest()'s rows exactly: {same}")

    summary = []
    year_rows = []
    for name, t in ((MODEL, base), (CANDIDATE, cand)):
        row: dict[str, Any] = {"model": name, "windows": int((t["interval_level"] == 0.8).sum())}
        for level in bt.LEVELS:
            row[f"cov_{level}"] = f"{t.loc[t['interval_level'] == level, 'covered'].mean():.4f}"
        t95 = t[t["interval_level"] == 0.95]
        row["mean_IS_0.95 (Mbbl)"] = f"{t95['interval_score'].mean() / 1e6:.2f}"
        row["nominal_windows"] = int(t95["nominal"].sum()) if name == CANDIDATE else "all"
        summary.append(row)
        t80 = t[t["interval_level"] == 0.8]
        by_year = t80.groupby(t80["origin"].dt.year)["covered"].agg(["mean", "size"])
        for year, r in by_year.iterrows():
            year_rows.append((name, int(year), int(r["size"]), r["mean"]))
    summary_frame = pd.DataFrame(summary)
    years = (
        pd.DataFrame(year_rows, columns=["model", "year", "windows", "cov"])
        .pivot(index=["year", "windows"], columns="model", values="cov")
        .reset_index()
    )
    years["origins"] = [
        len({o.origin for o in origins if o.origin.year == y}) for y in years["year"]
    ]
    for c in (MODEL, CANDIDATE):
        years[c] = years[c].map(lambda v: f"{v:.3f}")
    years = years[["year", "origins", "windows", MODEL, CANDIDATE]]

    counts, edges = np.histogram(pits, bins=PIT_BINS, range=(0.0, 1.0))
    bins = itertools.pairwise(edges)
    hist = pd.DataFrame(
        {
            "PIT bin": [f"[{a:.1f}, {b:.1f}" + ("]" if b == 1 else ")") for a, b in bins],
            "windows": counts,
            "share": [f"{c / len(pits):.3f}" for c in counts],
        }
    )
    c95 = cand[cand["interval_level"] == 0.95]
    first_recal = min((o for o, n in n_cal.items() if n >= MIN_CALIBRATION), default=None)
    probs = (
        cand[~cand["nominal"]]
        .groupby("interval_level")[["p_lower", "p_upper"]]
        .agg(["min", "median", "max"])
        .round(3)
    )
    probs.columns = [f"{a}_{b}" for a, b in probs.columns]
    probs = probs.reset_index()
    runtime = time.perf_counter() - t0

    text = f"""# recal_probe: exploratory pre-registered backtest of `{CANDIDATE}`

Exploratory only: nothing in analysis/ or data/ changed. Script: bench/recal_probe.py (its
docstring holds the pre-registration text verbatim). Seed {params.seed}, {N_SIMS} paths per
origin, R2 windows unchanged.

## Reproduction of committed `backtest.csv` (ar1_level)

{check}.
Nominal intervals from the recorded paths equal backtest()'s in-memory rows exactly: {same}.

## Result

{md_table(summary_frame)}

Windows using nominal levels (calibration set < {MIN_CALIBRATION}): {int(c95["nominal"].sum())}
of {len(c95)} (origins before {first_recal:%Y-%m}). Mean interval score in millions of barrels.

Calibrated probabilities used (windows with a calibration set only):

{md_table(probs)}

## Coverage at 0.8 by origin year

{md_table(years)}

## PIT histogram of all {len(pits)} windows (ar1_level)

{md_table(hist)}

Runtime: {runtime:.0f} s wall (backtest fits and paths {t_backtest:.0f} s), 2-core machine.
"""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
