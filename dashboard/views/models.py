"""Models' view model: per selection, the model comparison, placebo runs and ITS terms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard import figures
from dashboard.data import Tables
from dashboard.labels import ITS_TERM_LABELS, MODEL_LABELS, label
from dashboard.state import Key, Options
from dashboard.views.selection import by_selection, episodes, in_order


class ItsTable(NamedTuple):
    """The interrupted time series terms of an episode and level, in time order."""

    rows: pd.DataFrame
    errors: str  # which standard errors and why, for the caption


class ModelsSelection(NamedTuple):
    """Everything on the Models page that a selection changes."""

    barrels: dict
    value: dict
    placebo: dict
    its: ItsTable


@dataclass(frozen=True, eq=False)
class ModelsView:
    """Each selection's figures and table, and the figures no selection changes."""

    selections: dict[Key, ModelsSelection]
    regimes: dict
    regimes_from: str  # first year the regime model covers
    revenue: dict
    revenue_level: dict


def interval_figure(
    frame: pd.DataFrame,
    labels: list[str],
    column: str,
    scale: float,
    title: str,
    unit: str,
    colour: str,
) -> dict:
    """Estimates of `column` with their interval, one row per label, in `unit` (÷ `scale`)."""
    vals = [
        [None if pd.isna(v) else round(v / scale, 3) for v in frame[c].tolist()]
        for c in (column, f"{column}_lower", f"{column}_upper")
    ]
    return figures.interval_points(labels, *vals, title, unit, colour)


def its_errors(its: pd.DataFrame) -> str:
    """The standard errors an episode's ITS used and the test result that chose them."""
    method, p = its["se_method"].iloc[0], its["autocorrelation_p_value"].iloc[0]
    if pd.isna(method):
        return "no term could be estimated (too few months)"
    if method == "HAC":
        lags = int(its["hac_maxlags"].iloc[0])
        return (
            f"Newey-West standard errors with {lags} lags, small-sample corrected, because the "
            f"residuals are autocorrelated (Breusch-Godfrey p = {p:.3f})"
        )
    return f"HC3 standard errors: no residual autocorrelation found (Breusch-Godfrey p = {p:.3f})"


def its_tables(its: pd.DataFrame) -> dict[tuple[str, ...], ItsTable]:
    """Per (episode, level): the terms in time order (unknown terms last), with their errors."""
    rows = in_order(its, "term", ITS_TERM_LABELS)
    rows = rows.assign(label=[label(ITS_TERM_LABELS, t) for t in rows["term"]])
    return {
        k: ItsTable(g, its_errors(g))
        for k, g in by_selection(rows, ["episode_id", "interval_level"]).items()
    }


def _comparison(mc: pd.DataFrame) -> tuple[dict, dict]:
    names = [label(MODEL_LABELS, m) for m in mc["model"]]
    return (
        interval_figure(
            mc, names, "lost_barrels", 1e6, "Lost barrels by model", "million barrels", figures.BLUE
        ),
        interval_figure(
            mc,
            names,
            "loss_usd",
            1e9,
            "Gross value forgone by model",
            "US$ billion",
            figures.VERMILLION,
        ),
    )


def build(tables: Tables, opts: Options, rows: dict[Key, dict]) -> ModelsView:
    """Every selection's figures and ITS table, and the regime and revenue figures."""
    mc = in_order(tables["model_comparison"], "model", opts.models)
    comparison = {
        k: _comparison(g)
        for k, g in by_selection(mc, ["episode_id", "price_scenario", "interval_level"]).items()
    }
    placebo = by_selection(tables["placebo"], ["episode_id", "model"])
    no_placebo = tables["placebo"].iloc[0:0]  # an episode whose baseline is too short for one
    its = its_tables(tables["its_effects"])
    no_its = ItsTable(tables["its_effects"].assign(label="").iloc[0:0], "no estimate")
    # a placebo chart depends on the episode, the model and the real estimate only
    drawn: dict[tuple[str, str, float], dict] = {}
    selections = {}
    for key, row in rows.items():
        barrels, value = comparison[(key.episode, key.price, key.level)]
        real = (key.episode, key.model, row["lost_barrels"])
        if real not in drawn:
            runs = placebo.get(real[:2], no_placebo)
            drawn[real] = figures.placebo_figure(runs, row["lost_barrels"])
        selections[key] = ModelsSelection(
            barrels=barrels,
            value=value,
            placebo=drawn[real],
            its=its.get((key.episode, key.level), no_its),
        )
    # the analysis writes the years from its `revenue_first_year` and `regime_start` on
    rev = tables["revenue_decomposition"].sort_values("year")
    regimes = tables["regimes"].sort_values("month")
    return ModelsView(
        selections=selections,
        regimes=figures.regime_figure(regimes, episodes(tables)),
        regimes_from=f"{regimes['month'].iloc[0]:%Y}",
        revenue=figures.revenue_figure(rev),
        revenue_level=figures.revenue_level_figure(rev),
    )
