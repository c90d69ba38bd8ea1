"""How reliable are the intervals? A rolling-origin backtest (R2) and the default-model rule (R3).

Both rules were fixed before any result was seen (docs/methodology.md) and are not tuned:

R2: an origin is any month from 2012-01 on. Its baseline is the 24 months before it with R1 gaps
as NaN, usable with at least 12 non-gap months; a horizon of h months (1..12 plus each episode's
length in whole months, rounded up) is usable when all its months are published and non-gap. One
window = (origin, h); each model is fitted once per origin and every horizon reads the same paths.
R3: the default model is the one whose pooled 95% coverage is nearest 0.95; models within
1/windows of the nearest tie, and the tie goes to the lowest mean 95% interval score.
How certain a pooled coverage is: a circular block bootstrap over the origins (blocks of at
least BOOTSTRAP_BLOCK consecutive origins), fixed before its results were seen and not used to
choose anything.

The backtest takes minutes, so it runs as `python -m analysis backtest`, which writes its tables
and backtest_manifest.json (input and code checksums) into data/processed; `python -m analysis`
reads the default model from the committed summary.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.counterfactual import MODELS, fit_counterfactual
from analysis.episodes import contamination_mask
from analysis.estimates import rng_for

FIRST_ORIGIN = pd.Timestamp("2012-01-01")
BASELINE_MONTHS = 24
MIN_BASELINE_MONTHS = 12
HORIZONS = tuple(range(1, 13))
LEVELS = (0.8, 0.9, 0.95)
DAYS_PER_MONTH = 365.25 / 12
R3_LEVEL = 0.95
# Coverage's sampling range: windows from one origin share their baseline and realised months,
# so origins are resampled in runs: blocks of at least 12 consecutive origins, and never fewer
# than the longest horizon scored (so origins a block apart share no realised month).
BOOTSTRAP_BLOCK = 12
BOOTSTRAP_REPS = 2_000
BOOTSTRAP_LEVEL = 0.95
BOOTSTRAP_METHOD = (
    f"circular block bootstrap (Politis and Romano 1992) over the origins in date order: "
    f"{BOOTSTRAP_REPS:,} resamples of blocks of max({BOOTSTRAP_BLOCK}, longest horizon scored) "
    "consecutive origins, wrapping from the last origin to the first so that every origin is "
    "drawn equally often (as many blocks as cover the origins, cut to their count), the same "
    "resamples for every model and level; coverage pooled as held windows over windows; "
    f"coverage_lower and coverage_upper are the {(1 - BOOTSTRAP_LEVEL) / 2:.1%} and "
    f"{(1 + BOOTSTRAP_LEVEL) / 2:.1%} quantiles of the pooled coverage over the resamples"
)

R3_RULE = (
    "R3: the default model is the one whose pooled 95% backtest coverage is nearest 0.95; models "
    "whose distance is within 1/windows of the nearest are tied, and the tie goes to the lowest "
    "mean interval score at 95%. Never chosen by agreement with NOC."
)


def episode_length_months(episodes: pd.DataFrame) -> list[int]:
    """Each finished episode's length in whole months, rounded up (days / (365.25 / 12))."""
    done = episodes.dropna(subset=["end"])
    days = (done["end"] - done["start"]).dt.days + 1
    return sorted({math.ceil(d / DAYS_PER_MONTH) for d in days})


@dataclass(frozen=True)
class Origin:
    """First forecast month, its baseline (R1 gaps as NaN) and the usable horizons (sorted)."""

    origin: pd.Timestamp
    baseline: pd.Series
    horizons: tuple[int, ...]


def backtest_origins(monthly: pd.Series, gap: pd.Series, horizons: tuple[int, ...]) -> list[Origin]:
    """R2: every origin from FIRST_ORIGIN with a usable baseline and a usable horizon."""
    clean = monthly.where(~gap)
    ok = clean.notna().to_numpy()
    out = []
    for pos in range(BASELINE_MONTHS, len(clean)):
        origin = clean.index[pos]
        base = clean.iloc[pos - BASELINE_MONTHS : pos]
        if origin < FIRST_ORIGIN or base.notna().sum() < MIN_BASELINE_MONTHS:
            continue
        run = int(np.argmin(ok[pos:])) if not ok[pos:].all() else len(ok) - pos
        usable = tuple(h for h in horizons if h <= run)
        if usable:
            out.append(Origin(origin, base, usable))
    return out


def interval_score(lower: float, upper: float, x: float, alpha: float) -> float:
    """Gneiting & Raftery (2007) score of a central (1 - alpha) interval: width plus 2/alpha
    times the miss; lower is better, and it rewards narrow intervals only when they cover."""
    return (upper - lower) + (2 / alpha) * (max(lower - x, 0.0) + max(x - upper, 0.0))


def crps_sample(draws: np.ndarray, x: float) -> float:
    """CRPS of the draws' empirical distribution at x: E|X - x| - E|X - X'| / 2 (sorted form)."""
    s = np.sort(draws)
    n = len(s)
    i = np.arange(1, n + 1)
    return float(np.mean(np.abs(s - x)) - np.sum((2 * i - n - 1) * s) / n**2)


def backtest(
    monthly: pd.Series,
    origins: list[Origin],
    models: tuple[str, ...],
    n_sims: int,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per model x level x window, and one row per fit (convergence, Hessian repair).

    Sums are days x b/d over the horizon's months, the estimates' daily arithmetic. The point is
    the forecast at the estimated parameters; bounds are equal-tailed quantiles of the paths.
    """
    rows, fits = [], []
    for model in models:
        for o in origins:
            months = pd.date_range(o.origin, periods=max(o.horizons), freq="MS")
            days = np.asarray(months.days_in_month, dtype=float)
            rng = rng_for(seed, "backtest", model, f"{o.origin:%Y-%m}")
            cf = fit_counterfactual(o.baseline, months, model, (), n_sims, rng)
            fits.append((model, o.origin, cf.converged, cf.hessian_repaired))
            cum_paths = np.cumsum(cf.paths * days, axis=1)
            cum_point = np.cumsum(cf.mean * days)
            cum_actual = np.cumsum(monthly.reindex(months).to_numpy(dtype=float) * days)
            used = int(o.baseline.notna().sum())
            for h in o.horizons:
                draws, x = cum_paths[:, h - 1], float(cum_actual[h - 1])
                crps = crps_sample(draws, x)
                for level in LEVELS:
                    lo, hi = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2])
                    rows.append(
                        (model, level, o.origin, h, used, x, cum_point[h - 1], lo, hi,
                         bool(lo <= x <= hi), interval_score(lo, hi, x, 1 - level), crps)
                    )  # fmt: skip
    table = pd.DataFrame(
        rows,
        columns=[
            "model", "interval_level", "origin", "horizon_months", "baseline_months_used",
            "actual_sum_barrels", "forecast_sum_barrels", "lower_sum_barrels",
            "upper_sum_barrels", "covered", "interval_score", "crps_barrels",
        ],
    )  # fmt: skip
    fit_table = pd.DataFrame(fits, columns=["model", "origin", "converged", "hessian_repaired"])
    return table, fit_table


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """Per model and level: windows, distinct origins, coverage, bias and MAPE of the point sum
    (% of the realised sum; negative bias = under-forecast), mean interval score and CRPS."""
    err = 100 * (table["forecast_sum_barrels"] / table["actual_sum_barrels"] - 1)
    t = table.assign(err=err, abs_err=err.abs())
    return (
        t.groupby(["model", "interval_level"], sort=True)
        .agg(
            windows=("covered", "size"),
            origins=("origin", "nunique"),
            coverage=("covered", "mean"),
            bias_pct=("err", "mean"),
            mape_pct=("abs_err", "mean"),
            interval_score_barrels=("interval_score", "mean"),
            crps_barrels=("crps_barrels", "mean"),
        )
        .reset_index()
    )


def block_picks(k: int, block: int, reps: int, rng: np.random.Generator) -> np.ndarray:
    """(reps, k) positions among k origins: each row is blocks of `block` consecutive
    positions from uniform starts, wrapping past the last to the first, cut to k."""
    starts = rng.integers(0, k, size=(reps, math.ceil(k / block)))
    return ((starts[:, :, None] + np.arange(block)) % k).reshape(reps, -1)[:, :k]


def coverage_ranges(
    table: pd.DataFrame,
    rng: np.random.Generator,
    reps: int = BOOTSTRAP_REPS,
    block: int = BOOTSTRAP_BLOCK,
) -> pd.DataFrame:
    """Per model and level, the BOOTSTRAP_LEVEL range of the pooled coverage (BOOTSTRAP_METHOD);
    blocks are `block` origins long, or the longest horizon in `table` if that is longer.

    Why: the windows overlap (every horizon of an origin, neighbouring origins), so a coverage
    from 541 windows is far less certain than 541 independent trials would make it; resampling
    whole runs of origins keeps that dependence. The blocks wrap around (circular) because
    plain moving blocks draw the first and last origins less often than the others. Every model
    and level reads the same resamples.
    """
    origins = np.sort(table["origin"].unique())
    k = len(origins)
    block = min(max(block, int(table["horizon_months"].max())), k)
    picks = block_picks(k, block, reps, rng)
    tails = [(1 - BOOTSTRAP_LEVEL) / 2, (1 + BOOTSTRAP_LEVEL) / 2]
    rows = []
    for (model, level), g in table.groupby(["model", "interval_level"], sort=True):
        per = g.groupby("origin")["covered"].agg(["sum", "size"]).reindex(origins, fill_value=0)
        held, windows = per["sum"].to_numpy(float), per["size"].to_numpy(float)
        resampled = held[picks].sum(axis=1) / windows[picks].sum(axis=1)
        lo, hi = np.quantile(resampled, tails)
        rows.append((model, level, lo, hi))
    return pd.DataFrame(
        rows, columns=["model", "interval_level", "coverage_lower", "coverage_upper"]
    )


def select_default(summary: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """R3 on a backtest summary: the chosen model and the table it was chosen from."""
    t = summary[np.isclose(summary["interval_level"], R3_LEVEL)].copy()
    if t.empty:
        raise ValueError("the backtest summary has no 95% rows")
    t["distance"] = (t["coverage"] - R3_LEVEL).abs()
    t["tied"] = t["distance"] <= t["distance"].min() + 1.0 / t["windows"] + 1e-12
    chosen = t[t["tied"]].sort_values(["interval_score_barrels", "model"]).iloc[0]["model"]
    cols = ["model", "windows", "coverage", "distance", "tied", "interval_score_barrels"]
    return str(chosen), t[cols].reset_index(drop=True)


def run_backtest(
    monthly: pd.Series, episodes: pd.DataFrame, n_sims: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """R1 gaps, R2 windows and every model: (windows table, summary with coverage ranges,
    fits)."""
    gap, _ = contamination_mask(monthly, episodes)
    horizons = tuple(sorted(set(HORIZONS) | set(episode_length_months(episodes))))
    table, fits = backtest(monthly, backtest_origins(monthly, gap, horizons), MODELS, n_sims, seed)
    ranges = coverage_ranges(table, rng_for(seed, "backtest", "coverage_ranges"))
    summary = summarise(table).merge(ranges, on=["model", "interval_level"], validate="1:1")
    return table, summary, fits


PROCESSED = Path(__file__).resolve().parents[1] / "data" / "processed"
SUMMARY_FILE = "backtest_summary.csv"
MANIFEST_FILE = "backtest_manifest.json"


@dataclass(frozen=True)
class DefaultChoice:
    """R3 applied to a backtest summary file: the model, the table it used, the file's sha256,
    and the backtest's own manifest (empty when the folder has none)."""

    model: str
    table: pd.DataFrame
    summary_sha256: str
    backtest_manifest: dict[str, Any]

    def for_manifest(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "rule": R3_RULE,
            "summary_file": SUMMARY_FILE,
            "summary_sha256": self.summary_sha256,
            "table": self.table.round(6).to_dict("records"),
        }


def read_default(folder: Path | None = None) -> DefaultChoice:
    """R3 on `folder`/backtest_summary.csv (default: the committed data/processed)."""
    folder = Path(folder) if folder is not None else PROCESSED
    path = folder / SUMMARY_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python -m analysis backtest` first")
    data = path.read_bytes()
    model, table = select_default(pd.read_csv(io.BytesIO(data)))
    side = folder / MANIFEST_FILE
    meta = json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}
    return DefaultChoice(model, table, hashlib.sha256(data).hexdigest(), meta)
