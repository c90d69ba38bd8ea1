"""Run every method on the validated raw tables and assemble the processed tables and manifest.

`run` reads as the list of steps; each step lives in a module of its own. It takes typed tables
and parameters and returns frames (no file is read or written here apart from the input
checksums in the manifest); writing is `analysis.outputs`. Every selectable combination (episode
x model x price scenario x interval level) is computed so the dashboard only looks tables up.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.actual import default_as_of, live_actual
from analysis.backtest import SUMMARY_FILE, read_default
from analysis.checks import run_independent_checks
from analysis.claims import check_claims
from analysis.contract import RAW_COPIES
from analysis.episodes import build_episodes, monthly_series, price_table
from analysis.errors import DataValidationError
from analysis.estimates import default_estimate, estimate_all_episodes
from analysis.fits import FitCache
from analysis.headline import headline
from analysis.load import RawTables, default_data_dir, load_raw
from analysis.losses import MC_TARGET, worst_mc_se_to_scale
from analysis.manifest import build_manifest, live_manifest, monte_carlo_error
from analysis.outputs import write_outputs
from analysis.params import RunParams
from analysis.plausibility import as_of_problems
from analysis.progress import progress
from analysis.projection import manifest_entry, project_all
from analysis.replay import replay
from analysis.revenue import annual_value, decompose, noc_revenue
from analysis.vintages import read_vintages, snapshot_path


@dataclass(frozen=True)
class RunResult:
    """Processed tables by name, the manifest (without outputs), the headline and step seconds."""

    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any]
    summary: str
    timings: dict[str, float]


def run(raw: RawTables, params: RunParams | None = None, jobs: int = 1) -> RunResult:
    """All methods on `raw`; returns the tables, the manifest parts and the headline.

    jobs=2: the projection (the longest step, needing only the inputs and its own fits) runs in
    a second, forked process while this one runs the rest; the same tables (each step's draws
    are seeded by its own keys, and a fit depends on its baseline only). The worker is ended
    when the run ends, an error included, and its error is raised here.
    """
    params = params or RunParams()
    forked: list[Forked] = []
    try:
        return _run(raw, params, forked if jobs >= 2 else None)
    finally:
        for process in forked:
            process.end()


class ProjectionProcessError(RuntimeError):
    """The projection's process ended without an answer (killed, out of memory, a crash) or
    sent one this process cannot read."""


class Forked:
    """A call run in a forked process: `result()` returns its value or raises its error.

    A plain process and a pipe rather than a pool: a pool replaces a worker that dies and
    loses its task (the run waited for ever), and an answer it cannot unpickle stopped its
    result thread (the same). Here a dead process or an unreadable answer is an error.
    """

    def __init__(self, call: Callable[[], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(call, sender), daemon=True)
        self._process.start()
        sender.close()  # the child's end: once the child is gone, reading here meets its end

    def result(self) -> Any:
        """The call's value; its error raised here; ProjectionProcessError if none came."""
        try:
            kind, value = self._answer.recv()
        except EOFError:
            self._process.join()
            raise ProjectionProcessError(
                "the projection's process ended without an answer (exit code "
                f"{self._process.exitcode})"
            ) from None
        except Exception as error:  # an answer that does not unpickle here
            unread = f"the projection's answer was unreadable: {error}"
            raise ProjectionProcessError(unread) from error
        finally:
            self.end()
        if kind == "error":
            raise value
        return value

    def end(self) -> None:
        """Stop the process if it still runs (the run failed or was interrupted meanwhile)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._answer.close()


def _answer(call: Callable[[], Any], sender: Any) -> None:
    """In the child: send ("value", result) or ("error", the exception) back."""
    try:
        message: tuple[str, Any] = ("value", call())
    except Exception as error:  # every error goes back to the run
        message = ("error", error)
    try:
        sender.send(message)
    except Exception as error:  # an answer that does not pickle: its text goes instead
        text = f"{type(message[1]).__name__}: {message[1]}" if message[0] == "error" else error
        sender.send(("error", ProjectionProcessError(f"unsendable answer ({text})")))
    finally:
        sender.close()


def _run(raw: RawTables, params: RunParams, forked: list[Forked] | None) -> RunResult:
    """run's steps; the projection in a forked process (added to `forked`) when it is a list."""
    default = read_default(params.backtest_dir)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    monthly = monthly_series(raw, params.series)
    as_of = pd.Timestamp(params.as_of) if params.as_of else default_as_of(raw, monthly)
    episodes = build_episodes(raw, monthly, as_of)
    if not episodes:
        raise ValueError("episodes.csv holds no episode inside the production data")
    first_day = max(min(ep.baseline.index[0] for ep in episodes), raw.brent_daily["date"].min())
    last_day = max(max(ep.end for ep in episodes), raw.brent_daily["date"].max())
    prices = price_table(raw, first_day, last_day)
    timings["prepare"] = time.perf_counter() - t
    progress(f"{len(episodes)} episodes, series {params.series}, {len(prices)} price scenarios")
    progress(f"default model {default.model} (rule R3 on the backtest summary)")

    known = raw.production_reported[raw.production_reported["date"] <= as_of]
    actuals = {
        ep.episode_id: live_actual(monthly, known, ep.start, ep.end)
        for ep in episodes
        if ep.ongoing
    }

    project = partial(project_all, raw, episodes, monthly, prices, params, default.model, actuals)
    projecting = None
    if forked is not None:
        projecting = Forked(project)
        forked.append(projecting)

    # one fit per model and baseline, shared by the estimates, the replay and the projection
    fits = FitCache()
    t = time.perf_counter()
    estimates = estimate_all_episodes(raw, episodes, monthly, prices, params, actuals, fits)
    timings["counterfactuals"] = time.perf_counter() - t

    t = time.perf_counter()
    snapshot = snapshot_path(params.data_dir or default_data_dir())
    vintages = read_vintages(snapshot) if snapshot.is_file() else {}
    replayed = replay(
        raw,
        episodes,
        monthly,
        vintages,
        prices,
        estimates.daily,
        default.model,
        params,
        estimates.paths,
        fits,
    )
    timings["replay"] = time.perf_counter() - t
    progress(f"replay: {len(replayed.table)} rows, vintages from {len(vintages)} STEO releases")
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
        "replay": replayed.table,
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
    manifest |= live_manifest(as_of, episodes, replayed.skipped, snapshot, vintages)
    summary = headline(estimates.summary, params.level, default.model)

    t = time.perf_counter()
    projection = projecting.result() if projecting else project(fits=fits)
    tables["projection"] = projection.table
    manifest["projection"] = manifest_entry(
        default.model, params.seed, params.simulations, projection.paths
    )
    worst = worst_mc_se_to_scale(projection.table, ("lost_barrels", "loss_usd"))
    manifest["projection"]["monte_carlo_worst_se_to_scale"] = round(worst, 5)
    manifest["projection"]["target_met"] = worst < MC_TARGET
    manifest["replay"]["monte_carlo_worst_se_to_scale"] = (
        round(worst_mc_se_to_scale(replayed.table, ("replay_lost_barrels", "replay_loss_usd")), 5)
        if len(replayed.table)
        else None
    )
    timings["projection"] = time.perf_counter() - t
    shared = (
        "the replay and the projection" if projecting is None else "the replay (projection: own)"
    )
    progress(f"{len(fits)} model fits, shared by the estimates and {shared}")
    return RunResult(tables, manifest, summary, timings)


def run_and_write(
    data_dir: Path,
    out_dir: Path,
    *,
    seed: int,
    simulations: int,
    level: float,
    as_of: dt.date | None = None,
    jobs: int = 1,
) -> int:
    """Load and validate, run, write atomically, print the summary; the CLI's `run` command.

    Raises analysis.errors.DataValidationError on bad input, a bad `as_of` included (before
    anything is written).
    """
    t = time.perf_counter()
    today = dt.date.today()
    raw = load_raw(data_dir, today)
    if as_of is not None:
        problems = as_of_problems(raw.episodes, pd.Timestamp(as_of), pd.Timestamp(today))
        if problems:
            raise DataValidationError(problems)
    progress(f"loaded and validated {data_dir} in {time.perf_counter() - t:.2f} s")
    # The backtest's summary beside the outputs when there is one, else the committed one.
    backtest_dir = out_dir if (Path(out_dir) / SUMMARY_FILE).exists() else None
    params = RunParams(
        seed=seed,
        simulations=simulations,
        level=level,
        data_dir=Path(data_dir),
        backtest_dir=backtest_dir,
        as_of=None if as_of is None else f"{as_of:%Y-%m-%d}",
    )
    result = run(raw, params, jobs)
    manifest = write_outputs(result.tables, result.manifest, out_dir)
    progress(f"wrote {len(manifest['outputs'])} tables and manifest.json to {out_dir}")
    print(result.summary)
    return 0
