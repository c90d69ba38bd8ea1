"""Everything the pages draw, precomputed once per process from the processed tables.

A selection (episode, model, price scenario, interval level) maps to ready figure dicts and KPI
values, so a callback is a dictionary lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from dashboard import figures
from dashboard.data import Tables
from dashboard.state import Options, level_key

Key = tuple[str, str, str, str]  # episode, model, price scenario, interval level

DEFAULT_SERIES = "eia_steo_copr"
MODEL_LABELS = {
    "mean": "Baseline mean",
    "ols_trend": "Linear trend (OLS)",
    "local_level": "Local level (structural time series)",
}
PRICE_LABELS = {
    "brent": "Brent",
    "brent_less_es_sider_diff": "Brent less the Es Sider differential",
}
EVENT_PAD = timedelta(days=365)


@dataclass(frozen=True, eq=False)
class Context:
    """Tables, options and the per-selection figures and summary rows."""

    tables: Tables
    opts: Options
    overview: dict[Key, dict]
    summary: dict[Key, dict]
    static: dict[str, dict]
    publishers: dict[str, str]


def _key(row: pd.Series | tuple) -> Key:
    ep, model, price, level = row
    return str(ep), str(model), str(price), level_key(level)


def episodes_frame(tables: Tables) -> pd.DataFrame:
    """One row per episode (id, name, start, end) in date order, from the summary table."""
    cols = ["episode_id", "name", "start", "end"]
    eps = tables["episode_summary"][cols].drop_duplicates("episode_id")
    return eps.sort_values("start").reset_index(drop=True)


def build_options(tables: Tables) -> Options:
    """Choices and defaults as the data and the manifest define them."""
    daily = tables["daily_impact"]
    eps = episodes_frame(tables)
    monthly = tables["monthly_series"]
    lo = min(monthly["month"].min(), daily["date"].min()).date()
    hi = max(monthly["month"].max() + pd.offsets.MonthEnd(0), daily["date"].max()).date()
    last = daily.groupby("episode_id")["date"].max()
    windows = {
        ep.episode_id: (
            max(lo, (ep.start - pd.Timedelta(days=183)).date()),
            min(hi, (last[ep.episode_id] + pd.Timedelta(days=122)).date()),  # shows the recovery
        )
        for ep in eps.itertuples()
    }
    summary = tables["episode_summary"]
    found = list(summary["model"].drop_duplicates())
    order = {m: i for i, m in enumerate(MODEL_LABELS)}
    models = tuple(sorted(found, key=lambda m: (order.get(m, len(order)), m)))
    prices = tuple(summary["price_scenario"].drop_duplicates())
    levels = tuple(level_key(v) for v in sorted(summary["interval_level"].unique()))
    present = set(tables["events"]["category"])
    categories = tuple(c for c in figures.CATEGORIES if c in present)
    d = tables.manifest.get("defaults", {})
    episode = str(d.get("episode_id", eps["episode_id"].iloc[-1]))
    level = level_key(d.get("interval_level", levels[-1]))
    return Options(
        episodes=tuple(eps["episode_id"]),
        episode_names=dict(zip(eps["episode_id"], eps["name"], strict=True)),
        models=models,
        prices=prices,
        levels=levels,
        categories=categories,
        windows=windows,
        bounds=(lo, hi),
        default_episode=episode if episode in windows else eps["episode_id"].iloc[-1],
        default_model=d.get("model", models[0]) if d.get("model") in models else models[0],
        default_price=d.get("price_scenario") if d.get("price_scenario") in prices else prices[0],
        default_level=level if level in levels else levels[-1],
    )


def _publishers(tables: Tables) -> dict[str, str]:
    src = tables["sources"]
    return dict(zip(src["source_id"], src["publisher"], strict=True))


def _overview(tables: Tables, opts: Options, publishers: dict[str, str]) -> dict[Key, dict]:
    """Production, cumulative-loss and price figures for every selection.

    Each episode's figures cover its window padded by EVENT_PAD, which keeps a response small;
    event labels go on the production chart, the cumulative chart repeats them hover-only.
    """
    monthly = tables["monthly_series"]
    series = DEFAULT_SERIES if DEFAULT_SERIES in set(monthly["series"]) else monthly["series"][0]
    monthly = monthly[monthly["series"] == series].sort_values("month")
    points = tables["production_reported"].sort_values("date")
    points = points.assign(
        publisher=points["source_id"].map(publishers).fillna(points["source_id"])
    )
    events = tables["events"]
    eps = episodes_frame(tables).set_index("episode_id")
    prices = tables["prices"]
    marks, quiet, shades, month_cut, price = {}, {}, {}, {}, {}
    for ep, (lo, hi) in opts.windows.items():
        lo, hi = pd.Timestamp(lo - EVENT_PAD), pd.Timestamp(hi + EVENT_PAD)
        near = events[(events["date"] >= lo) & (events["date"] <= hi)]
        marks[ep] = figures.event_marks(near, publishers, skip_episode=ep)
        quiet[ep] = figures.event_marks(near, publishers, skip_episode=ep, labels=False)
        shades[ep] = figures.episode_shade(
            eps.loc[ep, "start"], eps.loc[ep, "end"], eps.loc[ep, "name"]
        )
        month_cut[ep] = monthly[(monthly["month"] >= lo) & (monthly["month"] <= hi)]
        price[ep] = figures.price_figure(
            prices[(prices["date"] >= lo) & (prices["date"] <= hi)], PRICE_LABELS
        )
    rve = tables["reported_vs_estimated"]
    sel = ["episode_id", "model", "price_scenario", "interval_level"]
    reported = {_key(k): g.sort_values("statement_date") for k, g in rve.groupby(sel)}
    empty = rve.iloc[0:0]
    out = {}
    for k, daily in tables["daily_impact"].groupby(sel, sort=False):
        key = _key(k)
        daily = daily.sort_values("date")
        ep, level = key[0], float(key[3])
        pts = points[(points["date"] >= daily["date"].min() - EVENT_PAD)]
        out[key] = {
            "production": figures.production_figure(
                daily, month_cut[ep], pts, marks[ep], shades[ep], level
            ),
            "cumulative": figures.cumulative_figure(
                daily, reported.get(key, empty), quiet[ep], shades[ep], level
            ),
            "price": price[ep],
        }
    return out


def _static(tables: Tables) -> dict[str, dict]:
    """Figures that do not depend on the selection (the range is applied in the browser)."""
    eps = episodes_frame(tables)
    rev = tables["revenue_decomposition"]
    since_2010 = rev[rev["year"] >= 2010].sort_values("year")
    return {
        "exports": figures.exports_figure(tables["exports"]),
        "regimes": figures.regime_figure(tables["regimes"].sort_values("month"), eps),
        "revenue": figures.revenue_figure(since_2010),
        "revenue_level": figures.revenue_level_figure(since_2010),
    }


def build_context(tables: Tables) -> Context:
    """Precompute every selection's figures and summary rows (about a second for the real data)."""
    opts = build_options(tables)
    publishers = _publishers(tables)
    sel = ["episode_id", "model", "price_scenario", "interval_level"]
    summary = {
        _key(tuple(r[c] for c in sel)): r for r in tables["episode_summary"].to_dict("records")
    }
    return Context(
        tables=tables,
        opts=opts,
        overview=_overview(tables, opts, publishers),
        summary=summary,
        static=_static(tables),
        publishers=publishers,
    )
