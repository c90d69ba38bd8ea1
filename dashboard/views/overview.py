"""Overview's view model: each selection's lede, summary row, production table and figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from dashboard import figures
from dashboard import format as fmt
from dashboard.data import Tables
from dashboard.labels import ACRONYMS, label, publishers
from dashboard.state import Key, Options
from dashboard.views.selection import SELECTION, by_selection, episodes

EVENT_PAD = timedelta(days=365)


@dataclass(frozen=True, eq=False)
class OverviewView:
    """Per selection: figures (production, cumulative, price), the production and cumulative
    charts' tables, the KPI row and the lede; per episode, the production chart's event layer
    (its labels are placed again for a date range the reader picks); the exports figure and
    the price table are the same for all."""

    figures: dict[Key, dict[str, dict]]
    production: dict[Key, pd.DataFrame]
    cumulative: dict[Key, pd.DataFrame]
    layers: dict[str, figures.EventLayer]
    rows: dict[Key, dict]
    ledes: dict[Key, str]
    exports: dict
    prices: pd.DataFrame
    exports_table: pd.DataFrame


def production_series(tables: Tables) -> pd.DataFrame:
    """Monthly production of the series the analysis used (the manifest's `series`)."""
    monthly = tables["monthly_series"]
    series = tables.manifest["parameters"]["series"]
    return monthly[monthly["series"] == series].sort_values("month")


def spelled_out(text: str) -> str:
    """`text` with each acronym of labels.ACRONYMS written out at its first use only."""
    for short, long in ACRONYMS.items():
        if long.split(" (")[0] in text:
            continue
        text = re.sub(rf"\b{re.escape(short)}\b", long, text, count=1)
    return text


def lede(row: dict, description: str, price: str) -> str:
    """Two or three plain sentences: what happened and when, what it cost, NOC's figure.

    The first sentence of the episode's description in episodes.csv says what happened; the
    numbers are the selection's episode_summary row, each with its interval.
    """
    level = float(row["interval_level"])
    what = re.split(r"(?<=[a-z0-9)])\. ", description.strip(), maxsplit=1)[0].rstrip(".") + "."
    worth = (
        f"worth {fmt.usd(row['loss_usd'])} at {price} prices ({level:.0%} range: "
        f"{fmt.usd(row['loss_usd_lower'])} to {fmt.usd(row['loss_usd_upper'])}), a gross value "
        "forgone, not a loss to the budget."
    )
    if row["status"] == "ongoing":
        as_of = fmt.date(row["as_of_date"])
        cost = (
            f"The blockade is ongoing: as of {as_of} it has lasted {fmt.days(row['days'])}; "
            f"so far, as of {as_of}, Libya has produced an estimated "
            f"{fmt.barrels(row['lost_barrels'])} of crude less than it otherwise would have, "
            + worth
        )
    else:
        cost = (
            f"The blockade lasted {fmt.days(row['days'])}, to {fmt.date(row['end'])}; Libya "
            f"produced an estimated {fmt.barrels(row['lost_barrels'])} of crude less than it "
            "otherwise would have, " + worth
        )
    if pd.isna(row["reported_loss_usd"]):
        noc = "NOC published no running total for this episode that we could find."
    else:
        noc = (
            f"NOC said {fmt.usd(row['reported_loss_usd'])} as of "
            f"{fmt.date(row['reported_as_of'])}; both figures multiply barrels by a price, so "
            "comparing them checks shared arithmetic, not the estimate."
        )
    return spelled_out(" ".join((what, cost, noc)))


def build(tables: Tables, opts: Options, rows: dict[Key, dict]) -> OverviewView:
    """Figures, tables and ledes for every selection.

    Each episode's figures cover its window padded by EVENT_PAD, which keeps a response small;
    the production chart's table is the frame its figure is drawn from.
    """
    names = publishers(tables)
    monthly = production_series(tables)
    points = tables["production_reported"].sort_values("date")
    events, prices = tables["events"], tables["prices"]
    eps = episodes(tables).set_index("episode_id")
    described = tables["episodes"].set_index("episode_id")["description"]
    summary = tables["episode_summary"].drop_duplicates("episode_id")
    ongoing = set(summary.loc[summary["status"] == "ongoing", "episode_id"])
    layers, bands, near, month_cut, price = {}, {}, {}, {}, {}
    for ep, (lo, hi) in opts.windows.items():
        shown = (pd.Timestamp(lo), pd.Timestamp(hi))
        lo, hi = pd.Timestamp(lo - EVENT_PAD), pd.Timestamp(hi + EVENT_PAD)
        near[ep] = events[(events["date"] >= lo) & (events["date"] <= hi)]
        start, end = eps.loc[ep, "start"], eps.loc[ep, "end"]
        layers[ep] = figures.event_layer(
            near[ep], names, ep, shown, (start, end, eps.loc[ep, "name"]), ep in ongoing
        )
        bands[ep] = figures.label_band(layers[ep], shown, default=True)
        month_cut[ep] = monthly[(monthly["month"] >= lo) & (monthly["month"] <= hi)]
        price[ep] = figures.price_figure(
            prices[(prices["date"] >= lo) & (prices["date"] <= hi)], opts.price_labels
        )
    rve = tables["reported_vs_estimated"]
    reported = {k: g.sort_values("statement_date") for k, g in by_selection(rve, SELECTION).items()}
    no_reports = rve.iloc[0:0]
    out, frames, running, ledes = {}, {}, {}, {}
    for k, daily in by_selection(tables["daily_impact"], SELECTION).items():
        key = Key(*k)
        daily = daily.sort_values("date")
        ep, level = key.episode, float(key.level)
        pts = points[(points["date"] >= daily["date"].min() - EVENT_PAD)]
        frames[key] = figures.production_frame(daily, month_cut[ep], pts, near[ep], names)
        running[key] = figures.cumulative_frame(daily, reported.get(k, no_reports))
        out[key] = {
            "production": figures.production_figure(
                frames[key], layers[ep].strip, bands[ep], level
            ),
            "cumulative": figures.cumulative_figure(running[key], layers[ep].rects[0], level),
            "price": price[ep],
        }
        ledes[key] = lede(
            rows[key],
            described[ep],
            label(opts.price_labels, key.price),
        )
    exports = tables["exports"]
    return OverviewView(
        figures=out,
        production=frames,
        cumulative=running,
        layers=layers,
        rows=rows,
        ledes=ledes,
        exports=figures.exports_figure(exports),
        prices=prices,
        exports_table=exports,
    )
