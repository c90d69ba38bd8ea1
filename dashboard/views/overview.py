"""Overview's view model: each selection's summary row and its three figures, drawn once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from dashboard import figures
from dashboard.data import Tables
from dashboard.labels import publishers
from dashboard.state import Key, Options
from dashboard.views.selection import SELECTION, by_selection, episodes

EVENT_PAD = timedelta(days=365)


@dataclass(frozen=True, eq=False)
class OverviewView:
    """Figures (production, cumulative, price) and the KPI row of every selection."""

    figures: dict[Key, dict[str, dict]]
    rows: dict[Key, dict]
    exports: dict


def production_series(tables: Tables) -> pd.DataFrame:
    """Monthly production of the series the analysis used (the manifest's `series`)."""
    monthly = tables["monthly_series"]
    series = tables.manifest["parameters"]["series"]
    return monthly[monthly["series"] == series].sort_values("month")


def build(tables: Tables, opts: Options, rows: dict[Key, dict]) -> OverviewView:
    """Production, cumulative-loss and price figures for every selection.

    Each episode's figures cover its window padded by EVENT_PAD, which keeps a response small;
    event labels go on the production chart, the cumulative chart repeats them hover-only.
    """
    names = publishers(tables)
    monthly = production_series(tables)
    points = tables["production_reported"].sort_values("date")
    points = points.assign(publisher=points["source_id"].map(names))
    events, prices = tables["events"], tables["prices"]
    eps = episodes(tables).set_index("episode_id")
    marks, quiet, shades, month_cut, price = {}, {}, {}, {}, {}
    for ep, (lo, hi) in opts.windows.items():
        lo, hi = pd.Timestamp(lo - EVENT_PAD), pd.Timestamp(hi + EVENT_PAD)
        near = events[(events["date"] >= lo) & (events["date"] <= hi)]
        marks[ep] = figures.event_marks(near, names, skip_episode=ep)
        quiet[ep] = figures.event_marks(near, names, skip_episode=ep, labels=False)
        shades[ep] = figures.episode_shade(
            eps.loc[ep, "start"], eps.loc[ep, "end"], eps.loc[ep, "name"]
        )
        month_cut[ep] = monthly[(monthly["month"] >= lo) & (monthly["month"] <= hi)]
        price[ep] = figures.price_figure(
            prices[(prices["date"] >= lo) & (prices["date"] <= hi)], opts.price_labels
        )
    rve = tables["reported_vs_estimated"]
    reported = {k: g.sort_values("statement_date") for k, g in by_selection(rve, SELECTION).items()}
    no_reports = rve.iloc[0:0]
    out = {}
    for k, daily in by_selection(tables["daily_impact"], SELECTION).items():
        key = Key(*k)
        daily = daily.sort_values("date")
        ep, level = key.episode, float(key.level)
        pts = points[(points["date"] >= daily["date"].min() - EVENT_PAD)]
        out[key] = {
            "production": figures.production_figure(
                daily, month_cut[ep], pts, marks[ep], shades[ep], level
            ),
            "cumulative": figures.cumulative_figure(
                daily, reported.get(k, no_reports), quiet[ep], shades[ep], level
            ),
            "price": price[ep],
        }
    return OverviewView(figures=out, rows=rows, exports=figures.exports_figure(tables["exports"]))
