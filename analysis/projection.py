"""What if the blockade lasts longer: the cost so far and the cost if it lasts N more days.

The what-if is stated plainly: the blockade goes on as it is, so actual output after the
what-if date d stays at its level on d, while the counterfactual keeps going. For each episode
the default model is fitted once, its simulated paths running from the episode's first month to
a year after its last what-if date, and every d reuses them: the cost so far and the cost to
come are sums over the SAME paths, so their correlation is kept in the intervals. Value comes
from those paths times Brent paths (analysis.price_paths) from the price on d, less each
scenario's differential; the point estimate prices the days after d at the price on d.

What-if dates: the last day of each month the episode covers before its end (of each quarter
for an episode longer than a year), and its last day (for an ongoing episode, the data's end).
N runs 0..365 in steps of DAYS_STEP (the dashboard's slider steps), at the 80% and 95% levels
the fan chart draws: the table stays under 2 MB. At a flat price the user chooses, the value is
barrels x price, bounds included (a positive constant keeps quantiles), so the dashboard
computes it from the barrels' columns.

Monte Carlo rule (the estimates' rule, analysis.estimates, per what-if date): every date starts
at the run's `simulations` paths; while one of its published bounds has a Monte Carlo standard
error of 1% of its scale or more, it is computed again with more paths (paths_needed), at most
MAX_GROWTH times the start or MAX_PATHS, whichever is more. The counterfactual paths are
simulated once for the most any date needs, and each date uses the first of them (a prefix of
independent draws is independent draws), with Brent paths of its own drawn again each round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import numpy as np
import pandas as pd

from analysis.counterfactual import Counterfactual
from analysis.daily import daily_actual, month_positions
from analysis.episodes import Episode
from analysis.estimates import paths_needed, rng_for
from analysis.fits import FitCache
from analysis.load import RawTables
from analysis.losses import MC_SE_SUFFIX, MC_TARGET, bound_probs, quantiles_with_mc_se, se_to_scale
from analysis.params import RunParams
from analysis.price_paths import BLOCK_DAYS, HISTORY_YEARS, METHOD, BrentSums
from analysis.progress import progress

HORIZON_DAYS = 365
DAYS_STEP = 5
DAYS_MORE = np.arange(0, HORIZON_DAYS + 1, DAYS_STEP)
LEVELS = (0.8, 0.95)
LONG_EPISODE_DAYS = 366
# The Monte Carlo rule's cap, in times the starting paths: twice the estimates' (16x), as the
# right tail of Brent x barrels a year out is the widest the run publishes (at 4,000 paths the
# worst what-if date's bound had a standard error of 3.9% of its scale: about 19x to reach 0.9%).
MAX_GROWTH = 32
# ... and never below this many paths (32 x the default 4,000), so that a run asked for fewer
# starting paths (--simulations 1000) can still reach the target instead of stopping at 32,000.
MAX_PATHS = 128_000


def path_cap(start: int) -> int:
    """The most paths the rule may give a what-if date that starts at `start`: MAX_GROWTH times
    it or MAX_PATHS, whichever is more, rounded down to a whole multiple of `start`."""
    return max(MAX_GROWTH, MAX_PATHS // start) * start


# (as_of, edges) -> a draw of n_paths: (pieces, n_paths) sums of Brent paths from the price on
# as_of over the calendar days edges[j]..edges[j + 1] - 1 after it (0: the day after); each call
# of the draw gives new paths
PriceSums = Callable[[pd.Timestamp, np.ndarray], Callable[[int], np.ndarray]]
# Paths per chunk of the sums over the days after a what-if date
CHUNK = 4096


def what_if_dates(start: pd.Timestamp, end: pd.Timestamp) -> list[pd.Timestamp]:
    """Month ends from the episode's start up to (not including) its end, then its end; quarter
    ends instead of month ends for an episode longer than a year (2013-16: 13 dates, not 39)."""
    freq = "ME" if (end - start).days < LONG_EPISODE_DAYS else "QE"
    ends = pd.date_range(start, end, freq=freq)
    return [*(d for d in ends if d < end), end]


def running_rows(a: np.ndarray) -> np.ndarray:
    """np.cumsum(a, axis=0) in place, row by row: the same sums, several times faster on a
    C-ordered (rows, paths) array, whose column-wise cumsum strides (as in analysis.losses)."""
    for i in range(1, a.shape[0]):
        np.add(a[i], a[i - 1], out=a[i])
    return a


@dataclass(frozen=True)
class WhatIf:
    """One what-if date's points, bounds and their Monte Carlo errors as arrays, so the Monte
    Carlo rule can judge them (`worst`) before any row is built.

    `barrels` and each of `usd`'s: the point (days_more,) and the quantiles and standard errors
    (bound_probs(levels), days_more)."""

    as_of: pd.Timestamp
    days_more: np.ndarray
    levels: tuple[float, ...]
    paths: int
    barrels: tuple[np.ndarray, np.ndarray, np.ndarray]
    usd: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]

    def worst(self) -> float:
        """worst_mc_se_to_scale of the rows, from the arrays (as losses.DailyBounds.worst)."""
        ratios = []
        for _, q, se in (self.barrels, *self.usd.values()):
            width = np.repeat(q[1::2] - q[0::2], 2, axis=0)
            ratios.append(se_to_scale(se, q, width).ravel())
        return float(np.nanmax(np.concatenate(ratios)))

    def rows(self) -> pd.DataFrame:
        """One row per N x price scenario x level, as projection.csv (with the errors)."""
        point_barrels, q_barrels, se_barrels = self.barrels
        frames = []
        for scenario, (point_usd, q_usd, se_usd) in self.usd.items():
            for i, level in enumerate(self.levels):
                frames.append(
                    pd.DataFrame(
                        {
                            "price_scenario": scenario,
                            "interval_level": level,
                            "projected_from": self.as_of,
                            "days_more": self.days_more,
                            "end_date": self.as_of + pd.to_timedelta(self.days_more, unit="D"),
                            "lost_barrels": point_barrels,
                            "lost_barrels_lower": q_barrels[2 * i],
                            "lost_barrels_upper": q_barrels[2 * i + 1],
                            "loss_usd": point_usd,
                            "loss_usd_lower": q_usd[2 * i],
                            "loss_usd_upper": q_usd[2 * i + 1],
                            # Monte Carlo errors for the manifest (not written to projection.csv)
                            f"lost_barrels_lower{MC_SE_SUFFIX}": se_barrels[2 * i],
                            f"lost_barrels_upper{MC_SE_SUFFIX}": se_barrels[2 * i + 1],
                            f"loss_usd_lower{MC_SE_SUFFIX}": se_usd[2 * i],
                            f"loss_usd_upper{MC_SE_SUFFIX}": se_usd[2 * i + 1],
                        }
                    )
                )
        return pd.concat(frames, ignore_index=True)


def what_if(
    cf: Counterfactual,
    actual: pd.Series,
    start: pd.Timestamp,
    as_of: pd.Timestamp,
    past_prices: dict[str, pd.Series],
    differentials: dict[str, float],
    price_sums: PriceSums,
    levels: tuple[float, ...] = LEVELS,
    days_more: np.ndarray = DAYS_MORE,
) -> WhatIf:
    """The what-if date `as_of` on all of `cf`'s paths: `.rows()` gives a row per N in
    `days_more` (0 first) x price scenario x level.

    `actual` is daily b/d covering [start, as_of]; `cf` covers the months of [start, as_of +
    max(days_more)]; `past_prices` are the scenarios' daily prices covering [start, as_of];
    Brent from `price_sums` less a scenario's differential values the days after.
    """
    horizon = int(days_more.max())
    past = pd.date_range(start, as_of, freq="D")
    future = pd.date_range(as_of + pd.Timedelta(days=1), periods=horizon, freq="D")
    act = actual.reindex(past).to_numpy(dtype=float)
    if np.isnan(act).any():
        raise ValueError(
            f"daily actual production does not cover {start:%Y-%m-%d}..{as_of:%Y-%m-%d}"
        )
    held = act[-1]  # the what-if: output stays at its level on the what-if date
    n_months = len(cf.months)
    pos_past = month_positions(cf.months, past)
    pos_future = month_positions(cf.months, future)
    ahead_n = days_more[days_more > 0]
    # Brent enters only through its sums over pieces: the days after as_of between consecutive
    # N inside one month (where each path is one month's value). Running sums over the pieces,
    # read at each N's last piece, give the totals at each N. Arrays are (rows, paths): each
    # row's draws are contiguous, so the sums run row by row.
    month_ends = np.flatnonzero(np.diff(pos_future)) + 1
    edges = np.unique(np.concatenate([[0], ahead_n, month_ends]))
    piece_month = pos_future[edges[:-1]]
    last_piece = np.searchsorted(edges, ahead_n) - 1
    paths = np.ascontiguousarray(cf.paths.T)  # (months, paths)
    n = paths.shape[1]
    so_far = paths[: pos_past[-1] + 1]  # the months up to as_of
    days_per_month = np.bincount(pos_past)
    # days of each month from the day after as_of up to each N: (N after 0, months)
    up_to_n = np.zeros((horizon + 1, n_months))
    up_to_n[np.arange(1, horizon + 1), pos_future] = 1.0
    mean_ahead = np.cumsum(up_to_n, axis=0)[ahead_n] @ cf.mean - held * ahead_n
    piece_days = np.diff(edges)[:, None]

    def point(so_far: float, ahead: np.ndarray) -> np.ndarray:
        return np.concatenate([[so_far], so_far + ahead])

    # (N, paths) totals of lost barrels and of each scenario's value: row 0 the cost so far
    barrels = np.empty((len(days_more), n))
    barrels[0] = days_per_month @ so_far - act.sum()
    points = {"barrels": point(days_per_month @ cf.mean[: len(so_far)] - act.sum(), mean_ahead)}
    usd = {}
    for scenario, series in past_prices.items():
        price = series.reindex(past).to_numpy(dtype=float)
        if np.isnan(price).any():
            raise ValueError(
                f"price scenario {scenario!r} does not cover the days to {as_of:%Y-%m-%d}"
            )
        weights = np.bincount(pos_past, weights=price)
        usd[scenario] = np.empty((len(days_more), n))
        usd[scenario][0] = weights @ so_far - act @ price
        so_far_point = weights @ cf.mean[: len(so_far)] - act @ price
        points[scenario] = point(so_far_point, mean_ahead * price[-1])
    draw = price_sums(as_of, edges)
    # the days after as_of, CHUNK paths at a time: the intermediate arrays stay in cache, and
    # each total is written once
    for lo in range(0, n, CHUNK):
        cut = slice(lo, min(lo + CHUNK, n))
        margin = paths[piece_month, cut]  # each piece's path less the held output
        margin -= held
        value = draw(cut.stop - cut.start)
        value *= margin  # (path - held) x Brent over each piece
        value_ahead = running_rows(value)[last_piece]
        margin *= piece_days
        barrels_ahead = running_rows(margin)[last_piece]
        np.add(barrels_ahead, barrels[0, cut], out=barrels[1:, cut])
        for scenario, totals in usd.items():
            # the scenario's price is Brent less its differential
            ahead = value_ahead
            if differentials[scenario]:
                ahead = barrels_ahead * -differentials[scenario]
                ahead += value_ahead
            np.add(ahead, totals[0, cut], out=totals[1:, cut])
    probs = bound_probs(levels)
    quantiles = {
        scenario: (points[scenario], *quantiles_with_mc_se(totals, probs))
        for scenario, totals in usd.items()
    }
    return WhatIf(
        as_of,
        days_more,
        levels,
        n,
        (points["barrels"], *quantiles_with_mc_se(barrels, probs)),
        quantiles,
    )


@dataclass(frozen=True)
class EpisodeProjection:
    """One episode's rows and the paths each what-if date's bounds came from."""

    rows: pd.DataFrame
    paths: dict[str, int]


def project_episode(
    raw: RawTables,
    ep: Episode,
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
    model: str,
    actual: pd.Series | None = None,
    fits: FitCache | None = None,
) -> EpisodeProjection:
    """Every what-if date of one episode under `model`, from one fit, by the Monte Carlo rule.

    `actual` is the episode's daily output when it is not EIA's months alone (an ongoing episode
    past EIA's last month: analysis.actual.live_actual); by default it comes from EIA's months.
    `fits`: the run's fits (the estimates have fitted `model` on this baseline already).
    """
    dates = what_if_dates(ep.start, ep.end)
    last = dates[-1] + pd.Timedelta(days=HORIZON_DAYS)
    months = pd.date_range(ep.start.to_period("M").to_timestamp(), last, freq="MS")
    fitted = (FitCache() if fits is None else fits).get(ep.baseline, model)
    if actual is None:
        actual = daily_actual(monthly, ep.start, ep.end)
    differentials = dict(
        zip(
            raw.price_scenarios["price_scenario"].astype(str),
            raw.price_scenarios["differential_usd_bbl"].astype(float),
            strict=True,
        )
    )
    # each date's tables of block sums, made once whatever the rounds
    samplers: dict[tuple[pd.Timestamp, bytes], BrentSums] = {}

    def brent(as_of: pd.Timestamp, edges: np.ndarray) -> Callable[[int], np.ndarray]:
        key = (as_of, edges.tobytes())
        if key not in samplers:
            samplers[key] = BrentSums(raw.brent_daily, as_of, edges)
        rng = rng_for(params.seed, "brent_paths", ep.episode_id, f"{as_of:%Y-%m-%d}")
        return partial(samplers[key].draw, rng=rng)

    start_n = params.simulations
    growth = path_cap(start_n) // start_n
    need = dict.fromkeys(dates, start_n)
    done: dict[pd.Timestamp, WhatIf] = {}
    cf: Counterfactual | None = None
    while True:
        if cf is None or max(need.values()) > len(cf.paths):
            # new draws for every date (a date judged on the old ones is judged again)
            rng = rng_for(params.seed, "projection", ep.episode_id, model)
            cf = fitted.counterfactual(months, LEVELS, max(need.values()), rng)
            done = {}
        for d in dates:
            if d not in done or done[d].paths != need[d]:
                first = replace(cf, paths=cf.paths[: need[d]])
                done[d] = what_if(first, actual, ep.start, d, prices, differentials, brent)
        worst = {d: done[d].worst() for d in dates}
        short = [d for d in dates if worst[d] >= MC_TARGET and need[d] < growth * start_n]
        if not short:
            break
        for d in short:
            need[d] = paths_needed(need[d], worst[d], start_n, growth)
    out = pd.concat([done[d].rows() for d in dates], ignore_index=True)
    out.insert(0, "episode_id", ep.episode_id)
    out.insert(1, "model", model)
    progress(
        f"projection {ep.episode_id}: {len(dates)} what-if dates, paths "
        + ", ".join(f"{need[d]:,}" for d in dates)
        + f", worst {max(worst.values()):.2%} of scale"
        + ("" if max(worst.values()) < MC_TARGET else " (Monte Carlo target NOT met)")
    )
    return EpisodeProjection(out, {f"{d:%Y-%m-%d}": need[d] for d in dates})


@dataclass(frozen=True)
class Projection:
    """projection.csv's rows (with the Monte Carlo errors) and the paths per episode and date."""

    table: pd.DataFrame
    paths: dict[str, dict[str, int]]


def project_all(
    raw: RawTables,
    episodes: list[Episode],
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
    model: str,
    actuals: dict[str, pd.DataFrame] | None = None,
    fits: FitCache | None = None,
) -> Projection:
    """projection.csv: every episode's what-if dates under the default model; `actuals` holds
    the live daily output of ongoing episodes (column actual_bpd), keyed by episode id; `fits`
    the run's fits (analysis.fits)."""
    fits = FitCache() if fits is None else fits
    live = actuals or {}
    parts = {
        ep.episode_id: project_episode(
            raw,
            ep,
            monthly,
            prices,
            params,
            model,
            live[ep.episode_id]["actual_bpd"] if ep.episode_id in live else None,
            fits,
        )
        for ep in episodes
    }
    return Projection(
        pd.concat([p.rows for p in parts.values()], ignore_index=True),
        {episode: p.paths for episode, p in parts.items()},
    )


def manifest_entry(
    model: str, seed: int, run_simulations: int, paths: dict[str, dict[str, int]]
) -> dict[str, object]:
    """The projection's method, seed and Monte Carlo rule, as recorded in manifest.json."""
    return {
        "what_if": "actual output after the what-if date held at its level on that date",
        "what_if_dates": "each month end inside the episode before its end (quarter end for an "
        "episode longer than a year), and its end",
        "model": model,
        "days_more": {"first": 0, "last": HORIZON_DAYS, "step": DAYS_STEP},
        "interval_levels": list(LEVELS),
        "simulations": run_simulations,
        "paths": paths,
        "target": MC_TARGET,
        "rule": "the Monte Carlo standard error of every published bound (both bounds of lost "
        "barrels and of the loss in USD, every N, price scenario and level) below 1% of the "
        "larger of the bound's size and its interval's width; each what-if date starts at "
        "`simulations` paths and is computed again with more (at most "
        f"{MAX_GROWTH}x the start or {MAX_PATHS:,}, whichever is more) until its worst bound's "
        "estimated standard error passes; an episode's counterfactual paths are "
        "simulated for the most any of its dates needs, each date using the first of them, "
        "with Brent paths of its own",
        "method": "SE of a quantile p of n paths ~ (Q(p + h) - Q(p - h)) / 2, "
        "h = sqrt(p (1 - p) / n): the order statistics one binomial standard deviation either side",
        "price_paths": METHOD,
        "block_days": BLOCK_DAYS,
        "history_years": HISTORY_YEARS,
        "seed": seed,
        "seed_keys": "counterfactual: (seed, 'projection', episode, model); "
        "Brent: (seed, 'brent_paths', episode, what-if date)",
        "flat_price": "loss at a flat price p = lost_barrels (and its bounds) x p",
    }
