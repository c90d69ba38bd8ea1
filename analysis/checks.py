"""The checks that need no counterfactual run: placebo starts, interrupted time series, regimes."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.episodes import Episode, its_window
from analysis.its import episode_month_mask, its_effects
from analysis.params import RunParams
from analysis.placebo import run_placebos
from analysis.regimes import agreement, fit_regimes


def progress(message: str) -> None:
    print(f"analysis: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class IndependentChecks:
    """Tables of the three checks, the regimes' agreement summary and the seconds each took."""

    placebo: pd.DataFrame
    its: pd.DataFrame
    regimes: pd.DataFrame
    regime_summary: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def regime_table(
    monthly: pd.Series, episodes: list[Episode], params: RunParams
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Monthly regime probabilities beside the episode months, and how well the two agree."""
    y = monthly[monthly.index >= pd.Timestamp(params.regime_start)].dropna()
    fit = fit_regimes(y, params.regime_search_reps, params.seed)
    episode_id = pd.Series(pd.NA, index=y.index, dtype="str")
    for ep in episodes:
        episode_id[episode_month_mask(pd.DatetimeIndex(y.index), ep.start, ep.end)] = ep.episode_id
    flagged = fit.prob_disrupted > 0.5
    table = pd.DataFrame(
        {
            "month": y.index,
            "production_bpd": y.to_numpy(),
            "prob_disrupted": fit.prob_disrupted.to_numpy(),
            "flagged": flagged.to_numpy(),
            "episode_id": episode_id.to_numpy(),
        }
    )
    summary = {
        **agreement(flagged, episode_id.notna()),
        "regime_means_bpd": {"disrupted": fit.means_bpd[0], "normal": fit.means_bpd[1]},
        "converged": fit.converged,
        "search_reps": params.regime_search_reps,
        "episode_month_rule": "a month belongs to an episode when at least half its days do",
    }
    return table, summary


def run_independent_checks(
    episodes: list[Episode],
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
) -> IndependentChecks:
    """Placebo runs, interrupted time series and regimes: none needs the counterfactual runs."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    placebo_parts = []
    for ep in episodes:
        for model in params.models:
            p = run_placebos(
                ep.baseline, model, ep.days, params.placebo_min_fit_months, prices["brent"]
            )
            p.insert(0, "episode_id", ep.episode_id)
            placebo_parts.append(p)
    placebo = pd.concat(placebo_parts, ignore_index=True)
    timings["placebo"] = time.perf_counter() - t
    progress(f"placebo: {len(placebo)} fake episodes")

    t = time.perf_counter()
    its_parts = []
    for ep in episodes:
        y = its_window(ep, monthly, episodes, params.its_post_months)
        e = its_effects(y, ep.start, ep.end, params.hac_maxlags, params.levels)
        e.insert(0, "episode_id", ep.episode_id)
        its_parts.append(e)
    its = pd.concat(its_parts, ignore_index=True)
    timings["its"] = time.perf_counter() - t
    progress(f"interrupted time series: HAC maxlags {params.hac_maxlags}")

    t = time.perf_counter()
    regimes, regime_summary = regime_table(monthly, episodes, params)
    timings["regimes"] = time.perf_counter() - t
    progress(
        "regimes: {:.0%} of episode months flagged, {:.0%} of flagged months in an episode".format(
            regime_summary["share_episode_months_flagged"],
            regime_summary["share_flagged_months_in_episode"],
        )
    )
    return IndependentChecks(placebo, its, regimes, regime_summary, timings)
