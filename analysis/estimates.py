"""Counterfactual estimates of every episode under every model, with NOC's figures beside them."""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.actual import BASIS_EIA
from analysis.counterfactual import Counterfactual, FittedModel
from analysis.daily import daily_actual
from analysis.episodes import Episode
from analysis.fits import FitCache
from analysis.load import RawTables
from analysis.losses import MC_TARGET, daily_bounds, recovery
from analysis.noc_figures import reported_daily, with_latest_statement
from analysis.params import DEFAULT_SCENARIO, RunParams
from analysis.progress import progress
from analysis.reported import compare_reported

# Episode totals are the running totals of daily_impact on the episode's last day.
TOTALS_FROM_RUNNING: dict[str, str] = {
    "lost_barrels": "cum_lost_barrels",
    "lost_barrels_lower": "cum_lost_barrels_lower",
    "lost_barrels_upper": "cum_lost_barrels_upper",
    "loss_usd": "cum_loss_usd",
    "loss_usd_lower": "cum_loss_usd_lower",
    "loss_usd_upper": "cum_loss_usd_upper",
}


@dataclass(frozen=True)
class EpisodeEstimates:
    """One episode under every model: daily rows, one summary row per selection, convergence,
    and the paths each model's bounds came from (set by the Monte Carlo rule)."""

    daily: pd.DataFrame
    summary: pd.DataFrame
    convergence: dict[str, bool]
    paths: dict[str, int] = field(default_factory=dict)


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """A generator per (episode, model): results do not depend on the order things run in."""
    return np.random.default_rng([seed, *(zlib.crc32(k.encode()) for k in keys)])


# The Monte Carlo rule's growth: the next round aims at 90% of the target (the standard error
# estimate is itself noisy), and paths never exceed MC_MAX_GROWTH times the starting number.
MC_AIM = 0.9
MC_MAX_GROWTH = 16


def paths_needed(n: int, worst: float, start: int, growth: int = MC_MAX_GROWTH) -> int:
    """Paths for the next round: a quantile's standard error falls as 1 / sqrt(paths), so
    n (worst / aim)^2, rounded up to a thousand (a hundred below 10,000), capped at `growth`
    times `start`."""
    step = 1000 if n >= 10_000 else 100
    want = math.ceil(n * (worst / (MC_AIM * MC_TARGET)) ** 2 / step) * step
    return min(max(want, n + step), growth * start)


def daily_by_mc_rule(
    fitted: FittedModel,
    actual: pd.Series,
    ep: Episode,
    months: pd.DatetimeIndex,
    prices: dict[str, pd.Series],
    params: RunParams,
) -> tuple[Counterfactual, pd.DataFrame, int]:
    """Simulate params.simulations paths; while some published bound's Monte Carlo standard
    error is 1% of its scale or more (every day, scenario and level), simulate again with more
    (paths_needed), from the same seed. Returns the counterfactual, its daily rows and paths.
    """
    n = params.simulations
    while True:
        rng = rng_for(params.seed, ep.episode_id, fitted.model)
        cf = fitted.counterfactual(months, params.levels, n, rng)
        bounds = daily_bounds(actual, cf, ep.start, ep.end, prices, params.levels)
        worst = bounds.worst()
        if worst < MC_TARGET or n >= MC_MAX_GROWTH * params.simulations:
            return cf, bounds.rows(), n
        n = paths_needed(n, worst, params.simulations)


def estimate_episode(
    ep: Episode,
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
    actual: pd.Series | None = None,
    fits: FitCache | None = None,
) -> EpisodeEstimates:
    """Daily rows, summary rows and convergence for every model of one episode.

    `actual`: daily output when it is not EIA's months alone (an ongoing episode, analysis.actual).
    `fits`: the run's fits, which the projection and replay reuse.
    """
    fits = FitCache() if fits is None else fits
    if actual is None:
        actual = daily_actual(monthly, ep.start, ep.end)
    first = ep.start.to_period("M").to_timestamp()
    end_month = ep.end.to_period("M").to_timestamp()
    last = max(
        end_month,
        min(end_month + pd.DateOffset(months=params.recovery_horizon_months), monthly.index[-1]),
    )
    months = pd.date_range(first, last, freq="MS")
    daily, summary, convergence, paths = [], [], {}, {}
    for model in params.models:
        cf, d, paths[model] = daily_by_mc_rule(
            fits.get(ep.baseline, model), actual, ep, months, prices, params
        )
        convergence[model] = cf.converged
        d.insert(0, "model", model)
        daily.append(d)
        at_end = d[d["date"] == ep.end]
        rec_month, rec_days = recovery(monthly, cf, ep.end)
        rows = pd.DataFrame(
            {
                "model": model,
                "price_scenario": at_end["price_scenario"],
                "interval_level": at_end["interval_level"],
                **{total: at_end[running] for total, running in TOTALS_FROM_RUNNING.items()},
            }
        )
        rows["baseline_bpd"] = d["counterfactual_bpd"].iloc[: ep.days].mean()
        rows["baseline_rmse_bpd"] = cf.baseline_rmse_bpd
        rows["recovery_month"] = rec_month
        rows["recovery_days"] = rec_days
        rows["converged"] = cf.converged
        summary.append(rows)
    return EpisodeEstimates(
        pd.concat(daily, ignore_index=True),
        pd.concat(summary, ignore_index=True),
        convergence,
        paths,
    )


def default_estimate(
    daily: pd.DataFrame, level: float, model: str
) -> Callable[[pd.Timestamp], float]:
    """Lookup of the default model's Brent cumulative loss on a day (clipped to its episode)."""
    d = daily[
        (daily["model"] == model)
        & (daily["price_scenario"] == DEFAULT_SCENARIO)
        & (daily["interval_level"] == level)
    ]

    def estimate_at(day: pd.Timestamp) -> float:
        started = d[d["date"] <= day]
        if started.empty:
            return float("nan")
        ep = started.iloc[-1]["episode_id"]
        return float(started[started["episode_id"] == ep].iloc[-1]["cum_loss_usd"])

    return estimate_at


@dataclass(frozen=True)
class EstimateTables:
    """The counterfactual estimates of every episode, with NOC's figures beside them."""

    daily: pd.DataFrame
    summary: pd.DataFrame
    reported: pd.DataFrame
    convergence: dict[str, dict[str, bool]]
    paths: dict[str, dict[str, int]] = field(default_factory=dict)


def estimate_all_episodes(
    raw: RawTables,
    episodes: list[Episode],
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
    actuals: dict[str, pd.DataFrame] | None = None,
    fits: FitCache | None = None,
) -> EstimateTables:
    """Every episode under every model, compared with NOC's statements for that episode.

    `actuals`: per ongoing episode, its daily `actual_bpd` and `basis` (analysis.actual); every
    other day's basis is EIA's monthly series. `fits`: the run's fits (analysis.fits).
    """
    actuals = actuals or {}
    fits = FitCache() if fits is None else fits
    daily_parts, summary_parts, reported_parts, convergence, paths = [], [], [], {}, {}
    for ep in episodes:
        live = actuals.get(ep.episode_id)
        actual = None if live is None else live["actual_bpd"]
        est = estimate_episode(ep, monthly, prices, params, actual, fits)
        convergence[ep.episode_id] = est.convergence
        paths[ep.episode_id] = est.paths
        rep = raw.reported_losses[raw.reported_losses["episode_id"] == ep.episode_id]
        daily = est.daily
        daily["reported_cum_loss_usd"] = reported_daily(rep, pd.DatetimeIndex(daily["date"]))
        daily["basis"] = (
            BASIS_EIA if live is None else live["basis"].reindex(daily["date"]).to_numpy()
        )
        daily.insert(0, "episode_id", ep.episode_id)
        daily_parts.append(daily)
        comparison = compare_reported(daily, rep, ep.end)
        reported_parts.append(comparison)
        summary = with_latest_statement(est.summary, comparison, rep)
        summary.insert(0, "episode_id", ep.episode_id)
        summary.insert(1, "name", ep.name)
        summary["start"], summary["end"], summary["days"] = ep.start, ep.end, ep.days
        summary["status"] = "ongoing" if ep.ongoing else "ended"
        summary["as_of_date"] = ep.end if ep.ongoing else pd.NaT
        summary_parts.append(summary)
        bad = [m for m, ok in est.convergence.items() if not ok]
        progress(
            f"episode {ep.episode_id}: {ep.days} days, {len(params.models)} models, paths "
            + ", ".join(f"{n:,}" for n in est.paths.values())
            + (f" (NOT converged: {', '.join(bad)})" if bad else "")
        )
    return EstimateTables(
        pd.concat(daily_parts, ignore_index=True),
        pd.concat(summary_parts, ignore_index=True),
        pd.concat(reported_parts, ignore_index=True),
        convergence,
        paths,
    )
