"""Sensitivity grid: each episode's loss under other baseline choices than the published ones.

The estimates use episodes.csv's baseline windows with rule R1. Here each episode is re-estimated
with the 12, 18, 24 and 36 months just before its start month, with R1 on (episode and recovery
months are gaps) and off (every published month is used), under every model, price scenario and
interval level. The daily arithmetic is the estimates' own (analysis.daily and analysis.losses):
lost barrels = sum over the episode's days of counterfactual minus actual b/d.
"""

from __future__ import annotations

import pandas as pd

from analysis.counterfactual import MODELS, fit_counterfactual
from analysis.daily import daily_actual, month_positions
from analysis.episodes import Episode, contamination_mask
from analysis.estimates import rng_for
from analysis.losses import bound_probs, quantiles_with_mc_se

BASELINE_LENGTHS = (12, 18, 24, 36)
LEVELS = (0.8, 0.9, 0.95)


def sensitivity_grid(
    episodes: list[Episode],
    raw_episodes: pd.DataFrame,
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    n_sims: int,
    seed: int,
    lengths: tuple[int, ...] = BASELINE_LENGTHS,
    models: tuple[str, ...] = MODELS,
) -> pd.DataFrame:
    """One row per episode x model x price scenario x baseline length x rule x interval level."""
    clean = monthly.where(~contamination_mask(monthly, raw_episodes)[0])
    probs = bound_probs(LEVELS)
    rows = []
    for ep in episodes:
        days = pd.date_range(ep.start, ep.end, freq="D")
        first = ep.start.to_period("M").to_timestamp()
        months = pd.date_range(first, ep.end.to_period("M").to_timestamp(), freq="MS")
        pos = month_positions(months, days)
        act = daily_actual(monthly, ep.start, ep.end).reindex(days).to_numpy(dtype=float)
        price = {k: s.reindex(days).to_numpy(dtype=float) for k, s in prices.items()}
        for length in lengths:
            window = pd.date_range(first - pd.DateOffset(months=length), periods=length, freq="MS")
            for rule, series in ((True, clean), (False, monthly)):
                baseline = series.reindex(window)
                if baseline.notna().sum() < 3:
                    continue
                for model in models:
                    rng = rng_for(seed, "sensitivity", ep.episode_id, model, str(length), str(rule))
                    cf = fit_counterfactual(baseline, months, model, (), n_sims, rng)
                    lost_point = cf.mean[pos] - act
                    lost_draws = cf.paths[:, pos] - act  # (simulations, days)
                    q_barrels = quantiles_with_mc_se(lost_draws.sum(axis=1)[None, :], probs)[0][
                        :, 0
                    ]
                    for scenario, p in price.items():
                        q_usd = quantiles_with_mc_se((lost_draws @ p)[None, :], probs)[0][:, 0]
                        for i, level in enumerate(LEVELS):
                            rows.append(
                                (ep.episode_id, model, scenario, length, rule, level,
                                 lost_point.sum(), q_barrels[2 * i], q_barrels[2 * i + 1],
                                 lost_point @ p, q_usd[2 * i], q_usd[2 * i + 1])
                            )  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=[
            "episode_id", "model", "price_scenario", "baseline_months", "contamination_rule",
            "interval_level", "lost_barrels", "lost_barrels_lower", "lost_barrels_upper",
            "loss_usd", "loss_usd_lower", "loss_usd_upper",
        ],
    )  # fmt: skip
