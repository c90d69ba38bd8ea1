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
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.counterfactual import Counterfactual
from analysis.daily import daily_actual, month_positions
from analysis.episodes import Episode
from analysis.estimates import rng_for
from analysis.fits import FitCache
from analysis.load import RawTables
from analysis.losses import MC_SE_SUFFIX, bound_probs, quantiles_with_mc_se
from analysis.params import RunParams
from analysis.price_paths import BLOCK_DAYS, HISTORY_YEARS, METHOD, brent_paths

HORIZON_DAYS = 365
DAYS_STEP = 5
DAYS_MORE = np.arange(0, HORIZON_DAYS + 1, DAYS_STEP)
LEVELS = (0.8, 0.95)
LONG_EPISODE_DAYS = 366
# Paths per episode, at most: the quantiles of a what-if need less precision than the published
# totals (a 2.5% quantile of 4,000 paths sits within 0.25 percentage points of its rank), and
# each path is summed at every what-if date, so the run's 16,000 would quadruple this step.
SIMULATIONS = 4_000

# (as_of, days) -> Brent paths (days, n_paths) on the calendar days after as_of
PricePaths = Callable[[pd.Timestamp, int], np.ndarray]


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


def project(
    cf: Counterfactual,
    actual: pd.Series,
    start: pd.Timestamp,
    as_of: pd.Timestamp,
    past_prices: dict[str, pd.Series],
    differentials: dict[str, float],
    price_paths: PricePaths,
    levels: tuple[float, ...] = LEVELS,
    days_more: np.ndarray = DAYS_MORE,
) -> pd.DataFrame:
    """Rows per N in `days_more` x price scenario x level for the what-if date `as_of`.

    `actual` is daily b/d covering [start, as_of]; `cf` covers the months of [start, as_of +
    max(days_more)]; `past_prices` are the scenarios' daily prices covering [start, as_of];
    Brent paths from `price_paths` less a scenario's differential value the days after.
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
    # segments of the days after as_of between consecutive N; sums over them, then running sums,
    # give the totals at each N without a running sum over every day of every path. Arrays are
    # (days or N, paths): each day's draws are one contiguous row, so the sums run row by row.
    starts = np.concatenate([[0], ahead_n[:-1]])

    def at_n(per_day: np.ndarray) -> np.ndarray:
        sums = np.stack([per_day[a:b].sum(axis=0) for a, b in zip(starts, ahead_n, strict=True)])
        return running_rows(sums)

    def with_so_far(so_far: np.ndarray, ahead: np.ndarray) -> np.ndarray:
        so_far = np.asarray(so_far)[None, ...]
        return np.concatenate([so_far, so_far + ahead], axis=0)

    paths = np.ascontiguousarray(cf.paths.T)  # (months, paths)
    days_per_month = np.bincount(pos_past, minlength=n_months)
    # days of each month in each segment: (segments, months)
    segment = np.repeat(np.arange(len(ahead_n)), np.diff(np.concatenate([[0], ahead_n])))
    in_segment = np.zeros((len(ahead_n), n_months))
    np.add.at(in_segment, (segment, pos_future), 1.0)
    cf_ahead = running_rows(in_segment @ paths)  # sum of the paths after as_of
    mean_ahead = np.cumsum(in_segment @ cf.mean)
    held_ahead = (held * ahead_n)[:, None]
    barrels_so_far = days_per_month @ paths - act.sum()
    barrels_point = with_so_far(days_per_month @ cf.mean - act.sum(), mean_ahead - held * ahead_n)
    barrels_paths = with_so_far(barrels_so_far, cf_ahead - held_ahead)
    brent = price_paths(as_of, horizon)
    brent_ahead = at_n(brent)
    cf_brent_ahead = at_n(paths[pos_future] * brent)
    probs = bound_probs(levels)
    q_barrels, se_barrels = quantiles_with_mc_se(barrels_paths, probs)
    frames = []
    for scenario, series in past_prices.items():
        price = series.reindex(past).to_numpy(dtype=float)
        if np.isnan(price).any():
            raise ValueError(
                f"price scenario {scenario!r} does not cover the days to {as_of:%Y-%m-%d}"
            )
        weights = np.bincount(pos_past, weights=price, minlength=n_months)
        diff = differentials[scenario]
        # sum of (path - held) x (brent - diff) over the days after as_of, expanded
        usd_ahead = cf_brent_ahead - diff * cf_ahead - held * brent_ahead + diff * held_ahead
        usd_paths = with_so_far(weights @ paths - act @ price, usd_ahead)
        usd_point = with_so_far(
            weights @ cf.mean - act @ price, (mean_ahead - held * ahead_n) * price[-1]
        )
        q_usd, se_usd = quantiles_with_mc_se(usd_paths, probs)
        for i, level in enumerate(levels):
            frames.append(
                pd.DataFrame(
                    {
                        "price_scenario": scenario,
                        "interval_level": level,
                        "projected_from": as_of,
                        "days_more": days_more,
                        "end_date": as_of + pd.to_timedelta(days_more, unit="D"),
                        "lost_barrels": barrels_point,
                        "lost_barrels_lower": q_barrels[2 * i],
                        "lost_barrels_upper": q_barrels[2 * i + 1],
                        "loss_usd": usd_point,
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


def project_episode(
    raw: RawTables,
    ep: Episode,
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
    model: str,
    actual: pd.Series | None = None,
    fits: FitCache | None = None,
) -> pd.DataFrame:
    """Every what-if date of one episode under `model`, from one fit and one set of paths.

    `actual` is the episode's daily output when it is not EIA's months alone (an ongoing episode
    past EIA's last month: analysis.actual.live_actual); by default it comes from EIA's months.
    `fits`: the run's fits (the estimates have fitted `model` on this baseline already).
    """
    dates = what_if_dates(ep.start, ep.end)
    last = dates[-1] + pd.Timedelta(days=HORIZON_DAYS)
    months = pd.date_range(ep.start.to_period("M").to_timestamp(), last, freq="MS")
    fitted = (FitCache() if fits is None else fits).get(ep.baseline, model)
    cf = fitted.counterfactual(
        months,
        LEVELS,
        min(params.simulations, SIMULATIONS),
        rng_for(params.seed, "projection", ep.episode_id, model),
    )
    if actual is None:
        actual = daily_actual(monthly, ep.start, ep.end)
    differentials = dict(
        zip(
            raw.price_scenarios["price_scenario"].astype(str),
            raw.price_scenarios["differential_usd_bbl"].astype(float),
            strict=True,
        )
    )

    def paths(as_of: pd.Timestamp, days: int) -> np.ndarray:
        rng = rng_for(params.seed, "brent_paths", ep.episode_id, f"{as_of:%Y-%m-%d}")
        return brent_paths(raw.brent_daily, as_of, days, len(cf.paths), rng)

    parts = [project(cf, actual, ep.start, d, prices, differentials, paths) for d in dates]
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "episode_id", ep.episode_id)
    out.insert(1, "model", model)
    return out


def project_all(
    raw: RawTables,
    episodes: list[Episode],
    monthly: pd.Series,
    prices: dict[str, pd.Series],
    params: RunParams,
    model: str,
    actuals: dict[str, pd.DataFrame] | None = None,
    fits: FitCache | None = None,
) -> pd.DataFrame:
    """projection.csv: every episode's what-if dates under the default model; `actuals` holds
    the live daily output of ongoing episodes (column actual_bpd), keyed by episode id; `fits`
    the run's fits (analysis.fits)."""
    fits = FitCache() if fits is None else fits
    live = actuals or {}
    return pd.concat(
        [
            project_episode(
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
        ],
        ignore_index=True,
    )


def manifest_entry(model: str, seed: int, run_simulations: int) -> dict[str, object]:
    """The projection's method and seed, as recorded in manifest.json."""
    return {
        "what_if": "actual output after the what-if date held at its level on that date",
        "what_if_dates": "each month end inside the episode before its end (quarter end for an "
        "episode longer than a year), and its end",
        "model": model,
        "days_more": {"first": 0, "last": HORIZON_DAYS, "step": DAYS_STEP},
        "interval_levels": list(LEVELS),
        "simulations": min(run_simulations, SIMULATIONS),
        "price_paths": METHOD,
        "block_days": BLOCK_DAYS,
        "history_years": HISTORY_YEARS,
        "seed": seed,
        "seed_keys": "counterfactual: (seed, 'projection', episode, model); "
        "Brent: (seed, 'brent_paths', episode, what-if date)",
        "flat_price": "loss at a flat price p = lost_barrels (and its bounds) x p",
    }
