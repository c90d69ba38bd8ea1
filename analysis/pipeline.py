"""Run every method on the validated raw tables and assemble the processed tables and manifest.

Pure apart from progress lines on stderr: `run` takes typed tables and parameters and returns
frames; writing them is `analysis.outputs`. Every selectable combination (episode x model x price
scenario x interval level) is computed here so the dashboard only looks tables up.
"""

from __future__ import annotations

import hashlib
import sys
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.claims import check_claims
from analysis.counterfactual import MODELS, fit_counterfactual
from analysis.daily import daily_actual, daily_prices
from analysis.its import episode_month_mask, its_effects
from analysis.losses import episode_daily, recovery
from analysis.outputs import RAW_COPIES, write_outputs
from analysis.placebo import run_placebos
from analysis.regimes import agreement, fit_regimes
from analysis.reported import compare_reported, effective_date, latest_statement
from analysis.revenue import annual_value, decompose, noc_revenue

DEFAULT_EPISODE = "2020"
DEFAULT_MODEL = "local_level"  # chosen a priori: adapts to the latest level, no trend extrapolation
DEFAULT_SCENARIO = "brent"
CUM_COLUMNS = [
    f"cum_{what}{bound}"
    for what in ("lost_barrels", "loss_usd")
    for bound in ("", "_lower", "_upper")
]


@dataclass(frozen=True)
class RunParams:
    """Everything that can change a result; recorded in the manifest."""

    seed: int = 20200118
    simulations: int = 1000
    interval_levels: tuple[float, ...] = (0.8, 0.9, 0.95)
    level: float = 0.95
    hac_maxlags: int = 6
    series: str = "eia_steo_copr"
    models: tuple[str, ...] = MODELS
    recovery_horizon_months: int = 24
    placebo_min_fit_months: int = 12
    its_post_months: int = 12
    regime_start: str = "2010-01"
    regime_search_reps: int = 10
    revenue_first_year: int = 2010
    claim_tolerance: float = 0.15
    data_dir: Path | None = field(default=None, compare=False)
    # Processes for the independent checks; changes speed only, so it is not in the manifest.
    workers: int = field(default=2, compare=False)

    @property
    def levels(self) -> tuple[float, ...]:
        """The standard interval levels plus the requested default level."""
        return tuple(sorted({*self.interval_levels, self.level}))


@dataclass(frozen=True)
class RunResult:
    tables: dict[str, pd.DataFrame]
    manifest: dict
    summary: str
    timings: dict[str, float]


@dataclass(frozen=True)
class Episode:
    episode_id: str
    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    baseline: pd.Series

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def progress(message: str) -> None:
    print(f"analysis: {message}", file=sys.stderr, flush=True)


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """A generator per (episode, model): results do not depend on the order things run in."""
    return np.random.default_rng([seed, *(zlib.crc32(k.encode()) for k in keys)])


def monthly_series(raw, series: str) -> pd.Series:
    """The production series as a regular monthly Series (b/d); gaps become explicit NaN."""
    rows = raw.production_monthly[raw.production_monthly["series"] == series]
    if rows.empty:
        raise ValueError(f"production_monthly.csv holds no rows of series {series!r}")
    s = rows.set_index("month")["production_bpd"].astype(float).sort_index()
    return s.asfreq("MS")


def price_table(raw, first: pd.Timestamp, last: pd.Timestamp) -> dict[str, pd.Series]:
    """Daily price per scenario: Brent (last trading day carried forward) less the differential."""
    brent = daily_prices(raw.brent_daily, first, last)
    return {
        row.price_scenario: (brent - float(row.differential_usd_bbl)).rename("price_usd_bbl")
        for row in raw.price_scenarios.sort_values("price_scenario").itertuples()
    }


def episodes_from(raw, monthly: pd.Series) -> list[Episode]:
    """Episodes with their end (an ongoing one ends with the data) and baseline window.

    The window is episodes.csv's baseline_start..baseline_end (both required by the schema).

    Baseline months mostly inside another episode become gaps (NaN): a counterfactual of normal
    output must not learn from another blockade.
    """
    data_end = monthly.dropna().index[-1] + pd.offsets.MonthEnd(0)
    out = []
    for row in raw.episodes.sort_values("start").itertuples():
        if row.start > data_end:
            continue
        end = data_end if pd.isna(row.end) or row.end > data_end else row.end
        in_window = (monthly.index >= row.baseline_start) & (monthly.index <= row.baseline_end)
        baseline = monthly[in_window].copy()
        out.append(Episode(str(row.episode_id), str(row.name), row.start, end, baseline))
    for ep in out:
        for other in out:
            if other is not ep:
                ep.baseline[episode_month_mask(ep.baseline.index, other.start, other.end)] = np.nan
    return out


def _episode_models(ep: Episode, monthly: pd.Series, prices, params: RunParams):
    """Daily rows, summary rows and convergence for every model of one episode."""
    actual = daily_actual(monthly, ep.start, ep.end)
    first = ep.start.to_period("M").to_timestamp()
    end_month = ep.end.to_period("M").to_timestamp()
    last = max(
        end_month,
        min(end_month + pd.DateOffset(months=params.recovery_horizon_months), monthly.index[-1]),
    )
    months = pd.date_range(first, last, freq="MS")
    daily, summary, convergence = [], [], {}
    for model in params.models:
        cf = fit_counterfactual(
            ep.baseline,
            months,
            model,
            params.levels,
            params.simulations,
            rng_for(params.seed, ep.episode_id, model),
        )
        convergence[model] = cf.converged
        d = episode_daily(actual, cf, ep.start, ep.end, prices, params.levels)
        d.insert(0, "model", model)
        daily.append(d)
        last = d.loc[d["date"] == ep.end, ["price_scenario", "interval_level", *CUM_COLUMNS]]
        last = last.rename(columns=lambda c: c.removeprefix("cum_"))
        rec_month, rec_days = recovery(monthly, cf, ep.end)
        last.insert(0, "model", model)
        last["baseline_bpd"] = d["counterfactual_bpd"].iloc[: ep.days].mean()
        last["baseline_rmse_bpd"] = cf.baseline_rmse_bpd
        last["recovery_month"] = rec_month
        last["recovery_days"] = rec_days
        last["converged"] = cf.converged
        summary.append(last)
    return pd.concat(daily, ignore_index=True), pd.concat(summary, ignore_index=True), convergence


def _reported_daily(reported: pd.DataFrame, days: pd.DatetimeIndex) -> np.ndarray:
    """NOC's figure on each effective date; several on one day: the latest statement's."""
    rep = reported[reported["cumulative_loss_usd"].notna()]
    rep = rep.assign(date=effective_date(rep)).sort_values(
        ["date", "statement_date"], kind="stable"
    )
    last = rep.groupby("date")["cumulative_loss_usd"].last()
    return last.reindex(days).to_numpy(dtype=float)


def _its_window(ep: Episode, monthly: pd.Series, others: list[Episode], post: int) -> pd.Series:
    """Baseline through `post` months after the end, without other episodes' months or gaps."""
    last = ep.end.to_period("M").to_timestamp() + pd.DateOffset(months=post)
    y = monthly[(monthly.index >= ep.baseline.index[0]) & (monthly.index <= last)].dropna()
    keep = np.ones(len(y), dtype=bool)
    for other in others:
        if other.episode_id != ep.episode_id:
            keep &= ~episode_month_mask(y.index, other.start, other.end)
    return y[keep]


def _independent_checks(episodes, monthly, prices, params: RunParams):
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
        y = _its_window(ep, monthly, episodes, params.its_post_months)
        e = its_effects(y, ep.start, ep.end, params.hac_maxlags, params.levels)
        e.insert(0, "episode_id", ep.episode_id)
        its_parts.append(e)
    its = pd.concat(its_parts, ignore_index=True)
    timings["its"] = time.perf_counter() - t
    progress(f"interrupted time series: HAC maxlags {params.hac_maxlags}")

    t = time.perf_counter()
    regimes, regime_summary = _regimes(monthly, episodes, params)
    timings["regimes"] = time.perf_counter() - t
    progress(
        "regimes: {:.0%} of episode months flagged, {:.0%} of flagged months in an episode".format(
            regime_summary["share_episode_months_flagged"],
            regime_summary["share_flagged_months_in_episode"],
        )
    )

    return placebo, its, regimes, regime_summary, timings


class _Done:
    """A finished computation with the interface of a future (used when running serially)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _start_checks(episodes, monthly, prices, params: RunParams):
    """Run the independent checks in a forked process beside the counterfactuals.

    Forked, the child inherits the imported modules (no second import cost) and the inputs; its
    results come back pickled, so they are the same as a serial run. Serial where fork is not
    available or `workers` is 1.
    """
    import multiprocessing

    if params.workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _Done(_independent_checks(episodes, monthly, prices, params))
    from concurrent.futures import ProcessPoolExecutor

    # Import the models before forking, or each process would pay the import (about 1.5 s).
    import statsmodels.regression.linear_model
    import statsmodels.tsa.regime_switching.markov_regression
    import statsmodels.tsa.statespace.structural  # noqa: F401

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(_independent_checks, episodes, monthly, prices, params)
    pool.shutdown(wait=False)
    return future


def run(raw, params: RunParams | None = None) -> RunResult:
    """All methods on `raw` (analysis.load.RawTables); returns tables, manifest parts, summary."""
    params = params or RunParams()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    monthly = monthly_series(raw, params.series)
    episodes = episodes_from(raw, monthly)
    if not episodes:
        raise ValueError("episodes.csv holds no episode inside the production data")
    first_day = min(ep.baseline.index[0] for ep in episodes)
    first_day = max(first_day, raw.brent_daily["date"].min())
    last_day = max(max(ep.end for ep in episodes), raw.brent_daily["date"].max())
    prices = price_table(raw, first_day, last_day)
    timings["prepare"] = time.perf_counter() - t0
    progress(f"{len(episodes)} episodes, series {params.series}, {len(prices)} price scenarios")

    checks = _start_checks(episodes, monthly, prices, params)
    t = time.perf_counter()
    daily_parts, summary_parts, reported_parts, convergence = [], [], [], {}
    for ep in episodes:
        daily, summary, conv = _episode_models(ep, monthly, prices, params)
        convergence[ep.episode_id] = conv
        rep = raw.reported_losses[raw.reported_losses["episode_id"] == ep.episode_id]
        daily["reported_cum_loss_usd"] = _reported_daily(rep, pd.DatetimeIndex(daily["date"]))
        daily.insert(0, "episode_id", ep.episode_id)
        daily_parts.append(daily)
        cmp = compare_reported(daily, rep, ep.end)
        reported_parts.append(cmp)
        latest = latest_statement(rep)
        if latest is not None:
            at = cmp[
                (cmp["statement_date"] == latest["statement_date"])
                & (cmp["source_id"] == latest["source_id"])
            ]
            at = at[["model", "price_scenario", "interval_level", "ratio"]]
            summary = summary.merge(at, on=["model", "price_scenario", "interval_level"])
            summary = summary.rename(columns={"ratio": "estimate_to_reported"})
            summary["reported_loss_usd"] = float(latest["cumulative_loss_usd"])
            summary["reported_as_of"] = latest["eff"]
        else:
            summary["reported_loss_usd"] = np.nan
            summary["reported_as_of"] = pd.NaT
            summary["estimate_to_reported"] = np.nan
        summary.insert(0, "episode_id", ep.episode_id)
        summary.insert(1, "name", ep.name)
        summary["start"], summary["end"], summary["days"] = ep.start, ep.end, ep.days
        summary_parts.append(summary)
        bad = [m for m, ok in conv.items() if not ok]
        progress(
            f"episode {ep.episode_id}: {ep.days} days, {len(params.models)} models"
            + (f" (NOT converged: {', '.join(bad)})" if bad else "")
        )
    summary_all = pd.concat(summary_parts, ignore_index=True)
    timings["counterfactuals"] = time.perf_counter() - t

    placebo, its, regimes, regime_summary, check_timings = checks.result()
    timings.update(check_timings)

    t = time.perf_counter()
    annual = decompose(annual_value(monthly.dropna(), raw.brent_daily, params.revenue_first_year))
    annual["noc_reported_revenue_usd"] = annual["year"].map(noc_revenue(raw.revenue))
    timings["revenue"] = time.perf_counter() - t

    t = time.perf_counter()
    daily_all = pd.concat(daily_parts, ignore_index=True)
    claims = check_claims(
        raw.claims,
        raw.reported_losses,
        raw.events,
        monthly,
        raw.episodes,
        _default_estimate(daily_all, params.level),
        params.claim_tolerance,
    )
    timings["claims"] = time.perf_counter() - t
    progress(f"claims: {claims['verdict'].value_counts().sort_index().to_dict()}")

    tables = {
        "daily_impact": daily_all,
        "episode_summary": summary_all,
        "reported_vs_estimated": pd.concat(reported_parts, ignore_index=True),
        "model_comparison": summary_all,
        "placebo": placebo,
        "its_effects": its,
        "regimes": regimes,
        "revenue_decomposition": annual,
        "claims_check": claims,
        "monthly_series": raw.production_monthly,
        "prices": pd.concat(
            [
                s.rename_axis("date").reset_index().assign(price_scenario=k)
                for k, s in prices.items()
            ]
        ),
    }
    tables.update({name: getattr(raw, name) for name in RAW_COPIES})
    manifest = _manifest(raw, params, convergence, regime_summary, placebo, summary_all)
    return RunResult(tables, manifest, _summary(summary_all, params), timings)


def _regimes(monthly: pd.Series, episodes: list[Episode], params: RunParams):
    y = monthly[monthly.index >= pd.Timestamp(params.regime_start)].dropna()
    fit = fit_regimes(y, params.regime_search_reps, params.seed)
    episode_id = pd.Series(pd.NA, index=y.index, dtype="str")
    for ep in episodes:
        episode_id[episode_month_mask(y.index, ep.start, ep.end)] = ep.episode_id
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


def _default_estimate(daily: pd.DataFrame, level: float):
    """Lookup of the default model's Brent cumulative loss on a day (clipped to its episode)."""
    d = daily[
        (daily["model"] == DEFAULT_MODEL)
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


def _versions() -> dict[str, str]:
    import platform

    import scipy
    import statsmodels

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
    }


def input_files(data_dir: Path, raw) -> list[dict]:
    """sha256 and row count of each raw CSV, so consumers can tell when outputs are stale."""
    out = []
    for name, frame in raw.items():
        path = data_dir / f"{name}.csv"
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        out.append({"file": path.name, "sha256": digest, "rows": len(frame)})
    return out


def _manifest(raw, params, convergence, regime_summary, placebo, summary) -> dict:
    p = asdict(params)
    p.pop("data_dir")
    p.pop("workers")
    p["interval_levels"] = list(params.levels)
    p["models"] = list(params.models)
    brent = summary[
        (summary["price_scenario"] == DEFAULT_SCENARIO)
        & (summary["interval_level"] == params.level)
    ]
    placebo_summary = {}
    for (ep, model), g in placebo.groupby(["episode_id", "model"], sort=True):
        real = brent[(brent["episode_id"] == ep) & (brent["model"] == model)]["lost_barrels"]
        placebo_summary.setdefault(ep, {})[model] = {
            "runs": len(g),
            "mean_lost_barrels": round(float(g["lost_barrels"].mean()), 0),
            "sd_lost_barrels": round(float(g["lost_barrels"].std(ddof=0)), 0),
            "mean_as_share_of_estimate": round(float(g["lost_barrels"].mean() / real.iloc[0]), 4)
            if len(real)
            else None,
        }
    return {
        "inputs": input_files(params.data_dir, raw) if params.data_dir else [],
        "parameters": p,
        "seed": params.seed,
        "simulations": params.simulations,
        "interval_levels": list(params.levels),
        "libraries": _versions(),
        "defaults": {
            "episode_id": DEFAULT_EPISODE,
            "model": DEFAULT_MODEL,
            "price_scenario": DEFAULT_SCENARIO,
            "interval_level": params.level,
        },
        "convergence": convergence,
        "regime_summary": regime_summary,
        "placebo_summary": placebo_summary,
        "methods": METHOD_NOTES,
    }


METHOD_NOTES = {
    "daily_split": (
        "Monthly averages become daily steps. In the month an episode starts, days before the "
        "start keep the previous month's level and the rest take the value that preserves the "
        "month's average; in the month it ends, days up to the end keep the previous month's "
        "level. If the preserving value would be negative the whole month takes its average."
    ),
    "prices": (
        "Brent (EIA RBRTE daily): weekends and holidays carry the last trading day's price "
        "forward; other scenarios subtract a fixed differential from it."
    ),
    "counterfactual": (
        "Fitted on the episode's baseline months; monthly forecasts become daily steps. "
        "Intervals on cumulative sums are quantiles of simulated paths (mean/ols_trend: "
        "parameters drawn from their sampling distribution plus residual noise; local_level: "
        "res.simulate(anchor='end')). baseline_bpd is the mean counterfactual over the episode."
    ),
    "recovery": (
        "recovery_month: first month after the end month whose output is at least 90% of the "
        "model's counterfactual point forecast (horizon 24 months); recovery_days: days from "
        "the end to that month's first day."
    ),
    "reported": (
        "Each NOC statement is compared at as_of_date (else statement_date); statements after "
        "the end use the total at the end. Reported figures enter no fit."
    ),
    "placebo": (
        "Fake starts at each baseline month after the first placebo_min_fit_months, same length "
        "as the episode where it fits, else the longest that fits; fitted on earlier months."
    ),
    "its": "Segmented OLS, HAC (Newey-West) errors; other episodes' months are left out.",
}


def _summary(summary: pd.DataFrame, params: RunParams) -> str:
    """One paragraph on the default episode under the default model, price and level."""
    s = summary[
        (summary["episode_id"] == DEFAULT_EPISODE)
        & (summary["model"] == DEFAULT_MODEL)
        & (summary["price_scenario"] == DEFAULT_SCENARIO)
        & (summary["interval_level"] == params.level)
    ]
    if s.empty:
        return f"no episode {DEFAULT_EPISODE} in the data"
    r = s.iloc[0]
    text = (
        f"{r['name']} ({r['start']:%Y-%m-%d} to {r['end']:%Y-%m-%d}, {r['days']} days; "
        f"{DEFAULT_MODEL}, {DEFAULT_SCENARIO}, {params.level:.0%} interval): "
        f"{r['lost_barrels'] / 1e6:.1f} million barrels lost "
        f"({r['lost_barrels_lower'] / 1e6:.1f} to {r['lost_barrels_upper'] / 1e6:.1f}), "
        f"${r['loss_usd'] / 1e9:.2f} bn ({r['loss_usd_lower'] / 1e9:.2f} to "
        f"{r['loss_usd_upper'] / 1e9:.2f})"
    )
    if pd.notna(r["reported_loss_usd"]):
        text += (
            f"; NOC's latest figure ${r['reported_loss_usd'] / 1e9:.2f} bn as of "
            f"{r['reported_as_of']:%Y-%m-%d}, estimate/reported {r['estimate_to_reported']:.2f}"
        )
    if not r["converged"]:
        text += "; WARNING: the model did not converge"
    return text


def run_and_write(
    data_dir: Path, out_dir: Path, *, seed: int, simulations: int, level: float
) -> int:
    """Load and validate, run, write atomically, print the summary; the CLI's `run` command.

    Raises analysis.errors.DataValidationError on bad input (before anything is written).
    """
    from analysis.load import load_raw

    t = time.perf_counter()
    raw = load_raw(data_dir)
    progress(f"loaded and validated {data_dir} in {time.perf_counter() - t:.2f} s")
    params = RunParams(seed=seed, simulations=simulations, level=level, data_dir=Path(data_dir))
    result = run(raw, params)
    manifest = write_outputs(result.tables, result.manifest, out_dir)
    progress(f"wrote {len(manifest['outputs'])} tables and manifest.json to {out_dir}")
    print(result.summary)
    return 0
