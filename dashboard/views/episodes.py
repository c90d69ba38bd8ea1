"""Episodes' view model: every episode's summary row and two comparison figures per choice.

Beside NOC's figure each row carries what it covers (the statement's note, its publisher) and
this project's estimate for the same day, from reported_vs_estimated, so the two compare like
for like rather than NOC's running total against the whole episode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard import figures
from dashboard import format as fmt
from dashboard.data import Tables
from dashboard.labels import publishers
from dashboard.state import Options
from dashboard.views.models import Chart, interval_chart
from dashboard.views.selection import by_selection, in_order


class EpisodesSelection(NamedTuple):
    """The table rows and the two charts of one model, price scenario and level."""

    rows: list[dict]
    barrels: Chart
    value: Chart


@dataclass(frozen=True, eq=False)
class EpisodesView:
    """Keyed by (model, price scenario, level): the page compares every episode."""

    selections: dict[tuple[str, ...], EpisodesSelection]


def _most(summary: pd.DataFrame, column: str, show: Callable[[float], str], what: str) -> str:
    """A title naming the episode with the largest `column`: "The 2020 blockade lost ..."."""
    top = summary.loc[summary[column].idxmax()]
    return f"The {top['name']} {what}: {show(top[column])}"


def _selection(summary: pd.DataFrame) -> EpisodesSelection:
    names = summary["name"].tolist()
    return EpisodesSelection(
        rows=summary.to_dict("records"),
        barrels=interval_chart(
            summary,
            names,
            "lost_barrels",
            (1e6, "million barrels", figures.BLUE),
            _most(summary, "lost_barrels", fmt.barrels, "lost the most oil"),
        ),
        value=interval_chart(
            summary,
            names,
            "loss_usd",
            (1e9, "US$ billion", figures.VERMILLION),
            _most(summary, "loss_usd", fmt.usd, "cost the most in value forgone"),
        ),
    )


STATEMENT = ["episode_id", "effective_date", "reported_cum_loss_usd"]


def noc_statements(tables: Tables) -> pd.DataFrame:
    """NOC's statements with their effective day, what they cover (note) and who published them."""
    rep = tables["reported_losses"]
    names = publishers(tables)
    return rep.assign(
        effective_date=rep["as_of_date"].fillna(rep["statement_date"]),
        reported_cum_loss_usd=rep["cumulative_loss_usd"],
        noc_note=rep["note"].fillna(""),
        noc_publisher=[names[s] for s in rep["source_id"]],
    ).drop_duplicates(STATEMENT)[[*STATEMENT, "noc_note", "noc_publisher"]]


def with_estimate_then(summary: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Each summary row with this project's estimate on the day NOC's figure refers to."""
    keys = ["model", "price_scenario", "interval_level"]
    then = tables["reported_vs_estimated"][
        [*keys, *STATEMENT, "cum_loss_usd", "cum_loss_usd_lower", "cum_loss_usd_upper"]
    ].drop_duplicates([*keys, *STATEMENT])
    then = then.merge(noc_statements(tables), on=STATEMENT, how="left")
    then = then.rename(
        columns={
            "effective_date": "reported_as_of",
            "reported_cum_loss_usd": "reported_loss_usd",
            "cum_loss_usd": "estimate_then",
            "cum_loss_usd_lower": "estimate_then_lower",
            "cum_loss_usd_upper": "estimate_then_upper",
        }
    )
    on = [*keys, "episode_id", "reported_as_of", "reported_loss_usd"]
    return summary.merge(then, on=on, how="left")


def build(tables: Tables, opts: Options) -> EpisodesView:
    """One selection per model, price scenario and level, episodes in date order."""
    summary = with_estimate_then(tables["episode_summary"], tables)
    summary = in_order(summary, "episode_id", opts.episodes)
    choices = by_selection(summary, ["model", "price_scenario", "interval_level"])
    return EpisodesView({k: _selection(g) for k, g in choices.items()})
