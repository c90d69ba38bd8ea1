"""manifest.json's content: inputs with checksums, parameters, versions, defaults and checks.

Consumers use it to tell when outputs are stale and to reproduce a run; the methods themselves
are described in docs/methodology.md, which the manifest points to.
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.backtest import DefaultChoice
from analysis.episodes import Episode
from analysis.estimates import MC_MAX_GROWTH
from analysis.load import RawTables
from analysis.losses import MC_SE_SUFFIX, MC_TARGET, mc_se_to_scale
from analysis.params import DEFAULT_EPISODE, DEFAULT_SCENARIO, RunParams
from analysis.vintages import RELEASE_DAY

METHODS_DOCUMENT = "docs/methodology.md"
_KEYS = ["episode_id", "model", "price_scenario", "interval_level"]


def library_versions() -> dict[str, str]:
    import scipy
    import statsmodels

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
    }


def input_files(data_dir: Path, raw: RawTables) -> list[dict[str, Any]]:
    """sha256 and row count of each raw CSV, so consumers can tell when outputs are stale."""
    out = []
    for name, frame in raw.items():
        path = data_dir / f"{name}.csv"
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        out.append({"file": path.name, "sha256": digest, "rows": len(frame)})
    return out


def placebo_summary(placebo: pd.DataFrame, summary: pd.DataFrame, level: float) -> dict:
    """Per episode and model: placebo runs, their mean and spread, the mean as share of the real
    Brent estimate."""
    brent = summary[
        (summary["price_scenario"] == DEFAULT_SCENARIO) & (summary["interval_level"] == level)
    ]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for (ep, model), g in placebo.groupby(["episode_id", "model"], sort=True):
        real = brent[(brent["episode_id"] == ep) & (brent["model"] == model)]["lost_barrels"]
        out.setdefault(str(ep), {})[str(model)] = {
            "runs": len(g),
            "mean_lost_barrels": round(float(g["lost_barrels"].mean()), 0),
            "sd_lost_barrels": round(float(g["lost_barrels"].std(ddof=0)), 0),
            "mean_as_share_of_estimate": round(float(g["lost_barrels"].mean() / real.iloc[0]), 4)
            if len(real)
            else None,
        }
    return out


def mc_error_table(rows: pd.DataFrame, quantities: tuple[str, ...]) -> dict[str, Any]:
    """How large the Monte Carlo standard errors of the bounds in `rows` are.

    `rows` holds each quantity's _lower/_upper bounds with their standard errors (columns
    ending MC_SE_SUFFIX). Two ratios per bound: to the bound itself, and to its scale, the larger
    of the bound's size and the interval's width. A bound near zero cannot be pinned to 1% of
    itself (its relative error has no bound), so the rule the default number of paths is chosen
    by uses the scale; both are recorded. The worst bound is named so it can be looked up.
    """
    parts = []
    for q in quantities:
        for side in ("lower", "upper"):
            bound = rows[f"{q}_{side}"]
            se = rows[f"{q}_{side}{MC_SE_SUFFIX}"]
            parts.append(
                rows[_KEYS].assign(
                    column=f"{q}_{side}",
                    to_bound=(se / bound.abs()).to_numpy(),
                    to_scale=mc_se_to_scale(rows, q, side),
                )
            )
    r = pd.concat(parts, ignore_index=True).dropna(subset=["to_scale"])
    worst = r.iloc[int(np.argmax(r["to_scale"].to_numpy()))]
    return {
        "bounds": len(r),
        "max_relative_mc_se": round(float(r["to_bound"].max()), 4),
        "share_below_target_relative_to_bound": round(float((r["to_bound"] < MC_TARGET).mean()), 4),
        "max_mc_se_to_scale": round(float(r["to_scale"].max()), 4),
        "share_below_target_relative_to_scale": round(float((r["to_scale"] < MC_TARGET).mean()), 4),
        "worst_bound_relative_to_scale": {
            **{k: worst[k] if k != "interval_level" else float(worst[k]) for k in _KEYS},
            "column": worst["column"],
        },
    }


def monte_carlo_error(
    daily: pd.DataFrame,
    reported: pd.DataFrame,
    simulations: int,
    paths: dict[str, dict[str, int]],
) -> dict:
    """The Monte Carlo error of every bound published from simulated paths, by table, and the
    paths each episode and model used (`simulations` to start with, more where the rule asked).

    daily_impact holds the running bounds of every day; episode_summary (and model_comparison,
    the same numbers) their values on each episode's last day; reported_vs_estimated their
    values on the days NOC's statements count to (clipped to the episode's end).
    """
    running = ("cum_lost_barrels", "cum_loss_usd")
    ends = daily.groupby("episode_id")["date"].max()
    # the episode totals, under episode_summary's column names
    last_day = daily[daily["date"] == daily["episode_id"].map(ends)]
    totals = last_day.rename(columns=lambda c: c.removeprefix("cum_"))
    rep = reported[_KEYS].assign(
        date=np.minimum(reported["effective_date"], reported["episode_id"].map(ends))
    )
    at_statements = rep.merge(daily, on=[*_KEYS, "date"], how="inner")
    tables = {
        "daily_impact": mc_error_table(daily, running),
        "episode_summary": mc_error_table(totals, ("lost_barrels", "loss_usd")),
        "reported_vs_estimated": mc_error_table(at_statements, ("cum_loss_usd",)),
    }
    return {
        "simulations": simulations,
        "paths": paths,
        "target": MC_TARGET,
        "rule": "the Monte Carlo standard error of every published bound (each day's running "
        "bounds, so the episode totals too, every model, price scenario and level) below 1% of "
        "the larger of the bound's size and its interval's width; each episode and model starts "
        f"at `simulations` paths and is simulated again with more (at most {MC_MAX_GROWTH}x) "
        "until its worst bound passes",
        "target_met": tables["daily_impact"]["max_mc_se_to_scale"] < MC_TARGET,
        "method": "SE of a quantile p of n paths ~ (Q(p + h) - Q(p - h)) / 2, "
        "h = sqrt(p (1 - p) / n): the order statistics one binomial standard deviation either side",
        "tables": tables,
    }


def build_manifest(
    raw: RawTables,
    params: RunParams,
    convergence: dict[str, dict[str, bool]],
    regime_summary: dict[str, Any],
    placebo: pd.DataFrame,
    summary: pd.DataFrame,
    mc_error: dict[str, Any],
    default: DefaultChoice,
) -> dict[str, Any]:
    """Everything but `outputs`, which `analysis.outputs.write_outputs` adds once files exist."""
    p = asdict(params)
    p.pop("data_dir")
    p.pop("backtest_dir")
    p["interval_levels"] = list(params.levels)
    p["models"] = list(params.models)
    return {
        "inputs": input_files(params.data_dir, raw) if params.data_dir else [],
        "parameters": p,
        "seed": params.seed,
        "simulations": params.simulations,
        "interval_levels": list(params.levels),
        "libraries": library_versions(),
        "defaults": {
            "episode_id": DEFAULT_EPISODE,
            "model": default.model,
            "price_scenario": DEFAULT_SCENARIO,
            "interval_level": params.level,
        },
        "default_model": default.for_manifest(),
        "backtest": default.backtest_manifest,
        "convergence": convergence,
        "regime_summary": regime_summary,
        "placebo_summary": placebo_summary(placebo, summary, params.level),
        "monte_carlo_error": mc_error,
        "methods": METHODS_DOCUMENT,
    }


def live_manifest(
    as_of: pd.Timestamp,
    episodes: list[Episode],
    replay_skipped: dict[str, dict[str, int]],
    snapshot: Path,
    vintages: dict[pd.Timestamp, pd.Series],
) -> dict[str, Any]:
    """The run's as-of date, each episode's status, the replay's rules and its snapshot input."""
    snapshots = []
    if snapshot.is_file():
        data = snapshot.read_bytes()
        snapshots.append(
            {
                "file": f"{snapshot.parent.name}/{snapshot.name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": data.count(b"\n") - 1,
            }
        )
    return {
        "as_of": f"{as_of:%Y-%m-%d}",
        "episode_status": {
            ep.episode_id: {"status": "ongoing", "as_of": f"{ep.end:%Y-%m-%d}"}
            if ep.ongoing
            else {"status": "ended", "end": f"{ep.end:%Y-%m-%d}"}
            for ep in episodes
        },
        "snapshots": snapshots,
        "replay": {
            "vintages": len(vintages),
            "release_rule": f"the STEO of month M counts as published from the "
            f"{RELEASE_DAY}th of M; when it is not in the snapshot, the final series' months "
            "before M (lag rule)",
            "skipped_statements": replay_skipped,
            "methods": f"{METHODS_DOCUMENT}#real-time-replay",
        },
    }
