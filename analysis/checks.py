"""The checks that need no counterfactual run: placebo starts, interrupted time series, regimes."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.episodes import Episode, its_window
from analysis.its import episode_month_mask, its_effects
from analysis.params import RunParams
from analysis.placebo import run_placebos
from analysis.progress import progress
from analysis.regimes import agreement, fit_regimes


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


def _stack(frames: Iterable[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """One frame of per-episode results, each row led by its episode_id."""
    parts = []
    for episode_id, frame in frames:
        frame.insert(0, "episode_id", episode_id)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    t = time.perf_counter()
    yield
    timings[step] = time.perf_counter() - t


def run_independent_checks(
    episodes: list[Episode],
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
) -> IndependentChecks:
    """Placebo runs, interrupted time series and regimes: none needs the counterfactual runs."""
    timings: dict[str, float] = {}
    with _timed(timings, "placebo"):
        placebo = _stack(
            (
                ep.episode_id,
                run_placebos(
                    ep.baseline, model, ep.days, params.placebo_min_fit_months, prices["brent"]
                ),
            )
            for ep in episodes
            for model in params.models
        )
    progress(f"placebo: {len(placebo)} fake episodes")

    with _timed(timings, "its"):
        its = _stack(
            (
                ep.episode_id,
                its_effects(
                    its_window(ep, monthly, episodes, params.its_post_months),
                    ep.start,
                    ep.end,
                    params.levels,
                ),
            )
            for ep in episodes
        )
    methods = its.drop_duplicates("episode_id")["se_method"].fillna("not fitted")
    progress(f"interrupted time series errors: {methods.value_counts().sort_index().to_dict()}")

    with _timed(timings, "regimes"):
        regimes, regime_summary = regime_table(monthly, episodes, params)
    progress(
        "regimes: {:.0%} of episode months flagged, {:.0%} of flagged months in an episode".format(
            regime_summary["share_episode_months_flagged"],
            regime_summary["share_flagged_months_in_episode"],
        )
    )
    return IndependentChecks(placebo, its, regimes, regime_summary, timings)
