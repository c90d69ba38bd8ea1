"""Run every method on the validated raw tables and assemble the processed tables and manifest.

`run` reads as the list of steps; each step lives in a module of its own. It takes typed tables
and parameters and returns frames (no file is read or written here apart from the input
checksums in the manifest); writing is `analysis.outputs`. Every selectable combination (episode
x model x price scenario x interval level) is computed so the dashboard only looks tables up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.backtest import SUMMARY_FILE, read_default
from analysis.checks import run_independent_checks
from analysis.claims import check_claims
from analysis.contract import RAW_COPIES
from analysis.episodes import build_episodes, monthly_series, price_table
from analysis.estimates import default_estimate, estimate_all_episodes
from analysis.headline import headline
from analysis.load import RawTables, load_raw
from analysis.manifest import build_manifest, monte_carlo_error
from analysis.outputs import write_outputs
from analysis.params import RunParams
from analysis.progress import progress
from analysis.revenue import annual_value, decompose, noc_revenue


@dataclass(frozen=True)
class RunResult:
    """Processed tables by name, the manifest (without outputs), the headline and step seconds."""

    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any]
    summary: str
    timings: dict[str, float]


def run(raw: RawTables, params: RunParams | None = None) -> RunResult:
    """All methods on `raw`; returns the tables, the manifest parts and the headline."""
    params = params or RunParams()
    default = read_default(params.backtest_dir)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    monthly = monthly_series(raw, params.series)
    episodes = build_episodes(raw, monthly)
    if not episodes:
        raise ValueError("episodes.csv holds no episode inside the production data")
    first_day = max(min(ep.baseline.index[0] for ep in episodes), raw.brent_daily["date"].min())
    last_day = max(max(ep.end for ep in episodes), raw.brent_daily["date"].max())
    prices = price_table(raw, first_day, last_day)
    timings["prepare"] = time.perf_counter() - t
    progress(f"{len(episodes)} episodes, series {params.series}, {len(prices)} price scenarios")
    progress(f"default model {default.model} (rule R3 on the backtest summary)")

    t = time.perf_counter()
    estimates = estimate_all_episodes(raw, episodes, monthly, prices, params)
    timings["counterfactuals"] = time.perf_counter() - t
    checks = run_independent_checks(episodes, monthly, prices, params)
    timings.update(checks.timings)

    t = time.perf_counter()
    annual = decompose(annual_value(monthly.dropna(), raw.brent_daily, params.revenue_first_year))
    annual["noc_reported_revenue_usd"] = annual["year"].map(noc_revenue(raw.revenue))
    timings["revenue"] = time.perf_counter() - t

    t = time.perf_counter()
    claims = check_claims(
        raw.claims,
        raw.reported_losses,
        raw.events,
        monthly,
        raw.episodes,
        default_estimate(estimates.daily, params.level, default.model),
        params.claim_tolerance,
    )
    timings["claims"] = time.perf_counter() - t
    progress(f"claims: {claims['verdict'].value_counts().sort_index().to_dict()}")

    prices_long = pd.concat(
        [s.rename_axis("date").reset_index().assign(price_scenario=k) for k, s in prices.items()]
    )
    tables = {
        "daily_impact": estimates.daily,
        "episode_summary": estimates.summary,
        "reported_vs_estimated": estimates.reported,
        # The same frame: the contract picks model_comparison's columns from it.
        "model_comparison": estimates.summary,
        "placebo": checks.placebo,
        "its_effects": checks.its,
        "regimes": checks.regimes,
        "revenue_decomposition": annual,
        "claims_check": claims,
        "monthly_series": raw.production_monthly,
        "prices": prices_long,
        **{name: getattr(raw, name) for name in RAW_COPIES},
    }
    manifest = build_manifest(
        raw,
        params,
        estimates.convergence,
        checks.regime_summary,
        checks.placebo,
        estimates.summary,
        monte_carlo_error(estimates.daily, estimates.reported, params.simulations, estimates.paths),
        default,
    )
    summary = headline(estimates.summary, params.level, default.model)
    return RunResult(tables, manifest, summary, timings)


def run_and_write(
    data_dir: Path, out_dir: Path, *, seed: int, simulations: int, level: float
) -> int:
    """Load and validate, run, write atomically, print the summary; the CLI's `run` command.

    Raises analysis.errors.DataValidationError on bad input (before anything is written).
    """
    t = time.perf_counter()
    raw = load_raw(data_dir)
    progress(f"loaded and validated {data_dir} in {time.perf_counter() - t:.2f} s")
    # The backtest's summary beside the outputs when there is one, else the committed one.
    backtest_dir = out_dir if (Path(out_dir) / SUMMARY_FILE).exists() else None
    params = RunParams(
        seed=seed,
        simulations=simulations,
        level=level,
        data_dir=Path(data_dir),
        backtest_dir=backtest_dir,
    )
    result = run(raw, params)
    manifest = write_outputs(result.tables, result.manifest, out_dir)
    progress(f"wrote {len(manifest['outputs'])} tables and manifest.json to {out_dir}")
    print(result.summary)
    return 0
