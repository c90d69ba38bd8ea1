"""Episodes' view model: every episode's summary row and two comparison figures per choice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard import figures
from dashboard.data import Tables
from dashboard.state import Options
from dashboard.views.models import interval_figure
from dashboard.views.selection import by_selection, in_order


class EpisodesSelection(NamedTuple):
    """The table rows and the two figures of one model, price scenario and level."""

    rows: list[dict]
    barrels: dict
    value: dict


@dataclass(frozen=True, eq=False)
class EpisodesView:
    """Keyed by (model, price scenario, level): the page compares every episode."""

    selections: dict[tuple[str, ...], EpisodesSelection]


def _selection(summary: pd.DataFrame) -> EpisodesSelection:
    names = summary["name"].tolist()
    return EpisodesSelection(
        rows=summary.to_dict("records"),
        barrels=interval_figure(
            summary,
            names,
            "lost_barrels",
            1e6,
            "Lost barrels by episode",
            "million barrels",
            figures.BLUE,
        ),
        value=interval_figure(
            summary,
            names,
            "loss_usd",
            1e9,
            "Gross value forgone by episode",
            "US$ billion",
            figures.VERMILLION,
        ),
    )


def build(tables: Tables, opts: Options) -> EpisodesView:
    """One selection per model, price scenario and level, episodes in date order."""
    summary = in_order(tables["episode_summary"], "episode_id", opts.episodes)
    choices = by_selection(summary, ["model", "price_scenario", "interval_level"])
    return EpisodesView({k: _selection(g) for k, g in choices.items()})
