"""Everything the pages draw, prepared once per process from the processed tables.

Each page has its view model (dashboard/views/): a selection maps to ready figure dicts and rows,
so a callback is a dictionary lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import Tables
from dashboard.state import Options
from dashboard.views import claims, data_sources, episodes, models, overview, whatif
from dashboard.views.selection import build_options, summary_rows


@dataclass(frozen=True, eq=False)
class Context:
    """The tables (for downloads), the options, and one view model per page."""

    tables: Tables
    opts: Options
    overview: overview.OverviewView
    models: models.ModelsView
    episodes: episodes.EpisodesView
    claims: claims.ClaimsView
    data: data_sources.DataView
    whatif: whatif.WhatIfView


def build_context(tables: Tables) -> Context:
    """Prepare every page's view model (about a second for the real data)."""
    opts = build_options(tables)
    rows = summary_rows(tables)
    return Context(
        tables=tables,
        opts=opts,
        overview=overview.build(tables, opts, rows),
        models=models.build(tables, opts, rows),
        episodes=episodes.build(tables, opts),
        claims=claims.build(tables),
        data=data_sources.build(tables),
        whatif=whatif.build(tables, opts.default_model),
    )
