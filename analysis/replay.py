"""Real-time replay: at each dated NOC loss statement, the estimate made with only the data
published by that day, beside NOC's figure and the full-data estimate for the same day.

Rules (docs/methodology.md "Real-time replay", fixed before any result was seen): EIA's months
from the STEO release out by the statement date (analysis.vintages); after EIA's last month,
NOC's production statements dated up to the statement date (analysis.actual); Brent up to the
day (the daily prices never look ahead); the episode ongoing up to the day the statement counts
to (its effective date; a statement after the episode's end counts to the end). The default
model only; one fit per distinct baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.actual import live_actual
from analysis.contract import PROCESSED_TABLES
from analysis.counterfactual import Counterfactual
from analysis.daily import daily_actual, month_positions
from analysis.episodes import Episode, build_episodes
from analysis.estimates import MC_MAX_GROWTH, paths_needed, rng_for
from analysis.fits import FitCache
from analysis.load import RawTables
from analysis.losses import (
    MC_SE_SUFFIX,
    MC_TARGET,
    bound_probs,
    quantiles_with_mc_se,
    se_to_scale,
)
from analysis.params import RunParams
from analysis.reported import effective_date
from analysis.vintages import Published, due_release, published_on

QUANTITIES = ("lost_barrels", "loss_usd")
FINAL_FROM = {"lost_barrels": "cum_lost_barrels", "loss_usd": "cum_loss_usd"}


@dataclass(frozen=True)
class ReplayResult:
    """replay.csv's rows and, per episode, the statements that could not be replayed."""

    table: pd.DataFrame
    skipped: dict[str, dict[str, int]]


def significant_digits(value: float) -> int:
    """Digits of a whole number without its trailing zeros: 562,323,991 -> 9, 562,300,000 -> 4."""
    text = f"{abs(value):.0f}".rstrip("0")
    return len(text)


def statements(reported: pd.DataFrame, ep: Episode) -> tuple[pd.DataFrame, int]:
    """One row per distinct (statement_date, effective_date) and how many rows were unusable.

    Unusable: no figure, or an effective date before the episode's start. Repeats of one day
    keep the most precise figure (NOC publishes exact dollar totals, the press rounds them), the
    first in file order on a tie.
    """
    rep = reported.assign(effective_date=effective_date(reported))
    usable = rep["cumulative_loss_usd"].notna() & (rep["effective_date"] >= ep.start)
    rep = rep[usable].copy()
    rep["digits"] = rep["cumulative_loss_usd"].map(significant_digits)
    rep = rep.sort_values(
        ["statement_date", "effective_date", "digits", "_line"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    rep = rep.drop_duplicates(["statement_date", "effective_date"], keep="first")
    out = rep[["statement_date", "effective_date", "cumulative_loss_usd"]].rename(
        columns={"cumulative_loss_usd": "reported_cum_loss_usd"}
    )
    return out.reset_index(drop=True), int((~usable).sum())


def totals_at_end(
    actual: pd.Series, cf: Counterfactual, prices: dict[str, pd.Series], probs: np.ndarray
) -> dict[str, dict[str, np.ndarray]]:
    """Per price scenario: the point totals and bounds of barrels and value over `actual`'s days.

    A path's total is the sum over days of (its month's value - actual) (x price): a path's
    monthly values times each month's day count (or summed price), less the actual's sum.
    """
    days = pd.DatetimeIndex(actual.index)
    act = actual.to_numpy(dtype=float)
    pos = month_positions(cf.months, days)
    lost = cf.mean[pos] - act
    n = len(cf.months)
    barrels = cf.paths @ np.bincount(pos, minlength=n) - act.sum()
    out = {}
    for scenario, series in prices.items():
        price = series.reindex(days).to_numpy(dtype=float)
        usd = cf.paths @ np.bincount(pos, weights=price, minlength=n) - (act * price).sum()
        out[scenario] = {
            "lost_barrels": _point_and_bounds(lost.sum(), barrels, probs),
            "loss_usd": _point_and_bounds((lost * price).sum(), usd, probs),
        }
    return out


def _worst_se_to_scale(t: np.ndarray, k: int) -> float:
    """The largest Monte Carlo standard error over its scale (losses.mc_se_to_scale's rule: the
    larger of the bound's size and its interval's width) in one _point_and_bounds array."""
    q, se = t[1 : 1 + k], t[1 + k :]
    return float(np.max(se_to_scale(se, q, np.repeat(q[1::2] - q[0::2], 2))))


def _point_and_bounds(point: float, draws: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """[point, quantiles of `draws` at `probs`..., their Monte Carlo standard errors...]."""
    q, se = quantiles_with_mc_se(draws[None, :].copy(), probs)
    return np.concatenate([[point], q[:, 0], se[:, 0]])


def replay_episode(
    raw: RawTables,
    target: Episode,
    model: str,
    final_series: pd.Series,
    vintages: dict[pd.Timestamp, pd.Series],
    prices: dict[str, pd.Series],
    params: RunParams,
    n_paths: int,
    fits: FitCache | None = None,
) -> tuple[list[dict], dict[str, int]]:
    """Replay rows of one episode (before the final estimate is joined) and the statements
    skipped: no figure or no usable date, or no production figure yet for days past EIA's last
    month (no statement of NOC's production by then). `fits`: the run's fits (analysis.fits)."""
    fits = FitCache() if fits is None else fits
    rows, skipped = statements(
        raw.reported_losses[raw.reported_losses["episode_id"] == target.episode_id], target
    )
    if rows.empty:
        return [], {"no_usable_date": skipped, "no_production_data": 0}
    row = raw.episodes[raw.episodes["episode_id"] == target.episode_id].iloc[0]
    days = rows["effective_date"].clip(upper=target.end)  # type: ignore[call-overload]
    months = pd.date_range(
        target.start.to_period("M").to_timestamp(),
        days.max().to_period("M").to_timestamp(),
        freq="MS",
    )
    probs = bound_probs(params.levels)
    drawn: dict[tuple[tuple, int], Counterfactual] = {}
    # Statements out under one STEO release see the same series, so the same episode start and
    # baseline (the day counted to sets only an ongoing episode's end, not used here): built
    # once per release and whether the episode had ended, not once per statement.
    published: dict[pd.Timestamp, Published] = {}
    episode_at: dict[tuple[pd.Timestamp, bool], Episode] = {}
    out = []
    no_output = 0
    for rec, day in zip(rows.to_dict("records"), days, strict=True):
        cutoff = rec["statement_date"]
        due = due_release(cutoff)
        if due not in published:
            published[due] = published_on(cutoff, vintages, final_series)
        eia = published[due]
        ended = bool(pd.notna(row["end"]) and day >= row["end"] and cutoff >= row["end"])
        if (due, ended) not in episode_at:
            # only what had happened by then: earlier episodes, and this one ongoing to `day`
            earlier = raw.episodes[raw.episodes["start"] <= target.start].copy()
            if not ended:
                earlier.loc[earlier["episode_id"] == target.episode_id, "end"] = pd.NaT
            eps = build_episodes(replace(raw, episodes=earlier), eia.monthly, day)
            episode_at[due, ended] = next(e for e in eps if e.episode_id == target.episode_id)
        ep = episode_at[due, ended]
        known = raw.production_reported[raw.production_reported["date"] <= cutoff]
        if ended and eia.last_month >= day.to_period("M").to_timestamp():
            actual = daily_actual(eia.monthly, ep.start, day)[ep.start : day]
        else:
            try:
                actual = live_actual(eia.monthly, known, ep.start, day)["actual_bpd"]
            except ValueError:  # days past EIA's last month that no statement covers yet
                no_output += 1
                continue
        key = (tuple(ep.baseline.index), tuple(np.nan_to_num(ep.baseline.to_numpy(), nan=-1)))
        n = n_paths
        while True:  # the Monte Carlo rule, as for the full-data estimates (estimates.py)
            if (key, n) not in drawn:
                rng = rng_for(params.seed, target.episode_id, model, "replay")
                fitted = fits.get(ep.baseline, model)
                drawn[key, n] = fitted.counterfactual(months, params.levels, n, rng)
            totals = totals_at_end(actual, drawn[key, n], prices, probs)
            worst = max(
                _worst_se_to_scale(t, len(probs)) for s in totals.values() for t in s.values()
            )
            if worst < MC_TARGET or n >= MC_MAX_GROWTH * n_paths:
                break
            n = paths_needed(n, worst, n_paths)
        for scenario, t in totals.items():
            for i, level in enumerate(params.levels):
                r = {
                    "episode_id": target.episode_id,
                    "statement_date": cutoff,
                    "effective_date": rec["effective_date"],
                    "reported_cum_loss_usd": float(rec["reported_cum_loss_usd"]),
                    "eia_vintage": eia.label,
                    "eia_last_month": eia.last_month,
                    "model": model,
                    "price_scenario": scenario,
                    "interval_level": level,
                    "date": day,
                }
                k = len(probs)
                for q in QUANTITIES:
                    r[f"replay_{q}"] = t[q][0]
                    r[f"replay_{q}_lower"] = t[q][1 + 2 * i]
                    r[f"replay_{q}_upper"] = t[q][2 + 2 * i]
                    # Monte Carlo errors for the manifest (not written to replay.csv)
                    r[f"replay_{q}_lower{MC_SE_SUFFIX}"] = t[q][1 + k + 2 * i]
                    r[f"replay_{q}_upper{MC_SE_SUFFIX}"] = t[q][2 + k + 2 * i]
                out.append(r)
    return out, {"no_usable_date": skipped, "no_production_data": no_output}


def replay(
    raw: RawTables,
    episodes: list[Episode],
    monthly: pd.Series,
    vintages: dict[pd.Timestamp, pd.Series],
    prices: dict[str, pd.Series],
    daily: pd.DataFrame,
    model: str,
    params: RunParams,
    paths: dict[str, dict[str, int]] | None = None,
    fits: FitCache | None = None,
) -> ReplayResult:
    """replay.csv: every episode's replayed statements beside the full-data estimate.

    `paths`: per episode and model, the paths the Monte Carlo rule settled on for the full-data
    estimate (estimates.EstimateTables.paths); the replay simulates as many (else the run's
    starting number), so its bounds carry about the same Monte Carlo error. `fits`: the run's
    fits (analysis.fits).
    """
    fits = FitCache() if fits is None else fits
    rows, skipped = [], {}
    for ep in episodes:
        n_paths = (paths or {}).get(ep.episode_id, {}).get(model, params.simulations)
        part, skipped[ep.episode_id] = replay_episode(
            raw, ep, model, monthly, vintages, prices, params, n_paths, fits
        )
        rows += part
    if not rows:
        return ReplayResult(pd.DataFrame(columns=PROCESSED_TABLES["replay"].columns), skipped)
    table = pd.DataFrame(rows)
    keys = ["episode_id", "model", "price_scenario", "interval_level", "date"]
    final = daily[daily["model"] == model][
        keys + [f"{FINAL_FROM[q]}{s}" for q in QUANTITIES for s in ("", "_lower", "_upper")]
    ].rename(columns=lambda c: c.replace("cum_", "final_"))
    table = table.merge(final, on=keys, how="left").drop(columns="date")
    return ReplayResult(table, skipped)
