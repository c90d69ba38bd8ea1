"""Models' view model: per selection, the model comparison, placebo runs and ITS terms.

Where the analysis has no value (a baseline too short for a placebo run, an ITS term it could
not estimate) the view holds a sentence saying why instead of an empty chart or "nan".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard import figures
from dashboard import format as fmt
from dashboard.data import Tables
from dashboard.labels import (
    CONTAMINATION_LABELS,
    ITS_TERM_LABELS,
    MODEL_LABELS,
    MODEL_SHORT_LABELS,
    RULE_SHORT_LABELS,
    episode_names,
    label,
)
from dashboard.state import Key, Options
from dashboard.views.selection import by_selection, episodes, in_order


class ItsTable(NamedTuple):
    """The estimated interrupted time series terms of an episode and level, in time order, and
    a sentence for each term the analysis could not estimate."""

    rows: pd.DataFrame
    errors: str  # which standard errors and why, for the caption
    missing: tuple[str, ...] = ()


class Chart(NamedTuple):
    """A figure, the rows it draws (its Table and CSV, from the same frame) and a title that
    states what it shows for the selection."""

    figure: dict
    table: pd.DataFrame
    title: str


class Placebo(NamedTuple):
    """The placebo chart, or (chart None) the sentence saying why there is none."""

    chart: Chart | None
    note: str


class Panel(NamedTuple):
    """A chart, the rows it draws (its Table and CSV) and plain sentences; without a figure,
    `sentences` say why."""

    figure: dict | None
    sentences: tuple[str, ...]
    table: pd.DataFrame | None = None


class ModelsSelection(NamedTuple):
    """Everything on the Models page that a selection changes."""

    barrels: Chart
    value: Chart
    placebo: Placebo
    its: ItsTable
    reliability: Panel
    specifications: Panel


@dataclass(frozen=True, eq=False)
class ModelsView:
    """Each selection's figures and table, and the figures no selection changes."""

    selections: dict[Key, ModelsSelection]
    regimes: Chart
    regimes_from: str  # first year the regime model covers
    revenue: Chart
    revenue_level: Chart


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


def interval_chart(
    frame: pd.DataFrame,
    labels: list[str],
    column: str,
    unit: tuple[float, str, str],
    finding: str,
) -> Chart:
    """`interval_figure` in a chart frame (which carries the title); the table is the rows
    drawn: each label with `column` and its interval as the analysis wrote them.
    `unit` is (scale, axis title, colour)."""
    scale, axis, colour = unit
    columns = [column, f"{column}_lower", f"{column}_upper"]
    table = frame[columns].reset_index(drop=True).assign(label=labels)[["label", *columns]]
    return Chart(interval_figure(frame, labels, column, scale, "", axis, colour), table, finding)


def spread(values: pd.Series, show: Callable[[float], str]) -> str:
    """ "X" for one value, "X to Y" for several (lowest to highest)."""
    low, high = values.min(), values.max()
    return show(low) if low == high else f"{show(low)} to {show(high)}"


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
    """Per (episode, level): the estimated terms in time order (unknown terms last), the errors
    used, and why each term without an estimate has none (the analysis's `term_note`)."""
    rows = in_order(its, "term", ITS_TERM_LABELS)
    rows = rows.assign(label=[label(ITS_TERM_LABELS, t) for t in rows["term"]])
    tables = {}
    for k, g in by_selection(rows, ["episode_id", "interval_level"]).items():
        absent = g["estimate_bpd"].isna()
        missing = tuple(
            f"{r.label}: not estimated ({str(r.term_note).removeprefix('not estimated: ')})."
            for r in g[absent].itertuples()
        )
        tables[k] = ItsTable(g[~absent], its_errors(g), missing)
    return tables


def _verdict(coverage: float, level: float, low: float, high: float) -> str:
    """Plain words for a coverage against its promise (within 3 points counts as held), and
    whether its sampling range [low, high] still holds the promise."""
    if abs(coverage - level) <= 0.03:
        return "about as promised"
    verdict = "too narrow" if coverage < level else "wider than needed"
    if low <= level <= high:
        return f"{verdict}, though its range still includes {level:.0%}"
    return verdict


def reliability_panels(
    backtest: pd.DataFrame, written: pd.DataFrame, models: tuple[str, ...]
) -> dict[str, Panel]:
    """Per interval level: each model's backtest coverage, with its sampling range, against the
    level, in plain words; the table holds the rows drawn as the analysis wrote them
    (`written`)."""
    panels = {}
    for (level_text,), g in by_selection(backtest, ["interval_level"]).items():
        g = in_order(g, "model", models)
        level = float(level_text)
        names = [label(MODEL_LABELS, m) for m in g["model"]]
        sentences = tuple(
            f"{name}: its {level:.0%} intervals held the real output in {r.coverage:.0%} of "
            f"{int(r.windows)} test windows (range {r.coverage_lower:.0%} to "
            f"{r.coverage_upper:.0%}), "
            f"{_verdict(r.coverage, level, r.coverage_lower, r.coverage_upper)}."
            for name, r in zip(names, g.itertuples(), strict=True)
        )
        panels[level_text] = Panel(
            figures.coverage_figure(
                names,
                g["coverage"].tolist(),
                level,
                list(zip(g["coverage_lower"], g["coverage_upper"], strict=True)),
            ),
            sentences,
            written.loc[g.index],
        )
    return panels


def specification_label(model: str, months: int, rule: str) -> str:
    """A specification in words: "Baseline mean, 24 months, all months kept"."""
    return f"{label(MODEL_LABELS, model)}, {months} months, {label(CONTAMINATION_LABELS, rule)}"


def specification_panels(
    sens: pd.DataFrame, written: pd.DataFrame, names: dict[str, str]
) -> dict[tuple, Panel]:
    """Per (episode, price, level): every specification's lost barrels, sorted, and the range;
    the table holds the rows drawn, in the chart's order, as written."""
    panels = {}
    keys = ["episode_id", "price_scenario", "interval_level"]
    for key, g in by_selection(sens, keys).items():
        g = g.sort_values("lost_barrels", kind="stable")
        rules = g["contamination_rule"].astype(str).str.lower()
        labels = [
            specification_label(r.model, int(r.baseline_months), rule)
            for r, rule in zip(g.itertuples(), rules, strict=True)
        ]
        level = float(key[2])
        vals = [(g[c] / 1e6).round(3).tolist() for c in SPEC_COLUMNS]
        fig = figures.specification_figure(labels, *vals, _choices(g, rules), "million barrels")
        low, high = g.iloc[0], g.iloc[-1]
        sentence = (
            f"Across {len(g)} specifications the estimate runs from "
            f"{fmt.barrels(low.lost_barrels)} ({labels[0]}) to "
            f"{fmt.barrels(high.lost_barrels)} ({labels[-1]}); bars show {level:.0%} intervals."
        )
        panels[key] = Panel(fig, (sentence,), written.loc[g.index])
    return panels


SPEC_COLUMNS = ("lost_barrels", "lost_barrels_lower", "lost_barrels_upper")


def _choices(g: pd.DataFrame, rules: pd.Series) -> list[tuple[str, list[bool]]]:
    """The specification chart's rows: each model, baseline length and rule that appears in
    `g`, with which of its specifications (in `g`'s order) made it."""
    rows = [(label(MODEL_SHORT_LABELS, m), (g["model"] == m).tolist()) for m in MODEL_SHORT_LABELS]
    months = sorted(g["baseline_months"].astype(int).unique())
    rows += [(f"{n}-month baseline", (g["baseline_months"] == n).tolist()) for n in months]
    rows += [(label(RULE_SHORT_LABELS, r), (rules == r).tolist()) for r in RULE_SHORT_LABELS]
    return [(name, made) for name, made in rows if any(made)]


def placebo_note(tables: Tables, episode: str) -> str:
    """Why an episode has no placebo run: its baseline is too short, or crosses other episodes."""
    ep = tables["episodes"].set_index("episode_id").loc[episode]
    months = (ep["baseline_end"].to_period("M") - ep["baseline_start"].to_period("M")).n + 1
    min_fit = int(tables.manifest["parameters"]["placebo_min_fit_months"])
    name = episode_names(tables)[episode]
    if months <= min_fit:
        return (
            f"Too few months before the {name} for a placebo run: its baseline has {months} "
            f"months, and each fake start needs {min_fit} months before it to fit the model."
        )
    return (
        f"No placebo run for the {name}: every fake window inside its baseline would cross "
        "another episode's months, where there is no undisturbed output to compare with."
    )


def _comparison(mc: pd.DataFrame, price: str) -> tuple[Chart, Chart]:
    names = [label(MODEL_LABELS, m) for m in mc["model"]]
    many = f"The {len(mc)} models put" if len(mc) > 1 else "The model puts"
    return (
        interval_chart(
            mc,
            names,
            "lost_barrels",
            (1e6, "million barrels", figures.BLUE),
            f"{many} the oil not produced at {spread(mc['lost_barrels'], fmt.barrels)}",
        ),
        interval_chart(
            mc,
            names,
            "loss_usd",
            (1e9, "US$ billion", figures.VERMILLION),
            f"At {price} prices, that is {spread(mc['loss_usd'], fmt.usd)} forgone",
        ),
    )


def placebo_chart(runs: pd.DataFrame, real: float) -> Chart:
    """The placebo histogram, its runs as the table (with the real estimate's row), and how
    many fake starts found a smaller "loss" than the real one."""
    smaller = int((runs["lost_barrels"] < real).sum())
    table = pd.concat(
        [
            runs[["placebo_start", "placebo_end", "days", "lost_barrels"]].assign(run="placebo"),
            pd.DataFrame({"run": ["real estimate"], "lost_barrels": [real]}),
        ],
        ignore_index=True,
    )[["run", "placebo_start", "placebo_end", "days", "lost_barrels"]]
    title = (
        f"{smaller} of {len(runs)} fake start dates found a smaller 'loss' than the real "
        f"estimate of {fmt.barrels(real)}"
    )
    return Chart(figures.placebo_figure(runs, real), table, title)


def regime_chart(regimes: pd.DataFrame, eps: pd.DataFrame, names: dict[str, str]) -> Chart:
    """The regime probabilities with the named episodes shaded; how many of the episodes the
    model put in the disrupted regime (probability over one half in a month of the episode)."""
    shaded = eps[eps["end"].notna()]
    found = [
        e.episode_id
        for e in shaded.itertuples()
        if (
            regimes.loc[
                (regimes["month"] >= e.start.to_period("M").to_timestamp())
                & (regimes["month"] <= e.end),
                "prob_disrupted",
            ]
            > 0.5
        ).any()
    ]
    table = regimes[["month", "production_bpd", "prob_disrupted", "episode_id"]].assign(
        episode=regimes["episode_id"].map(names)
    )[["month", "production_bpd", "prob_disrupted", "episode"]]
    table = table.assign(month=table["month"].dt.strftime("%Y-%m"))
    title = (
        f"The model puts {len(found)} of the {len(shaded)} named episodes in the disrupted regime"
    )
    return Chart(figures.regime_figure(regimes, eps), table, title)


def revenue_charts(rev: pd.DataFrame) -> tuple[Chart, Chart]:
    """The decomposition (volume against price) and the gross value beside NOC's revenue."""
    parts = ["volume_effect_usd", "price_effect_usd", "interaction_effect_usd", "change_usd"]
    both = rev[rev["volume_effect_usd"].notna() & rev["price_effect_usd"].notna()]
    volume = int((both["volume_effect_usd"].abs() > both["price_effect_usd"].abs()).sum())
    decomposition = Chart(
        figures.revenue_figure(rev),
        rev[["year", *parts]].reset_index(drop=True),
        f"Volume moved the gross value more than price in {volume} of {len(both)} years",
    )
    noc = rev[rev["noc_reported_revenue_usd"].notna()]
    share = noc["noc_reported_revenue_usd"] / noc["gross_value_usd"]
    level_title = (
        f"In the {len(noc)} years NOC published, its revenue was "
        f"{spread(share, lambda x: f'{x:.0%}')} of the gross crude value"
        if len(noc)
        else "NOC published no yearly revenue to set beside the gross crude value"
    )
    level = Chart(
        figures.revenue_level_figure(rev),
        rev[["year", "gross_value_usd", "noc_reported_revenue_usd"]].reset_index(drop=True),
        level_title,
    )
    return decomposition, level


def build(tables: Tables, opts: Options, rows: dict[Key, dict]) -> ModelsView:
    """Every selection's figures and ITS table, and the regime and revenue figures."""
    mc = in_order(tables["model_comparison"], "model", opts.models)
    comparison = {
        k: _comparison(g, label(opts.price_labels, k[1]))
        for k, g in by_selection(mc, ["episode_id", "price_scenario", "interval_level"]).items()
    }
    placebo = by_selection(tables["placebo"], ["episode_id", "model"])
    its = its_tables(tables["its_effects"])
    no_its = ItsTable(
        tables["its_effects"].assign(label="").iloc[0:0],
        "no estimate",
        ("The analysis fitted no interrupted time series for this episode.",),
    )
    reliability = reliability_panels(
        tables["backtest_summary"], tables.text["backtest_summary"], opts.models
    )
    specs = specification_panels(
        tables["sensitivity"], tables.text["sensitivity"], opts.episode_names
    )
    # a placebo chart depends on the episode, the model and the real estimate only
    drawn: dict[tuple[str, str, float], Placebo] = {}
    no_level = Panel(None, ("The backtest did not test intervals at this level.",))
    no_spec = Panel(None, ("The sensitivity grid has no run for this episode and price.",))
    selections = {}
    for key, row in rows.items():
        barrels, value = comparison[(key.episode, key.price, key.level)]
        real = (key.episode, key.model, row["lost_barrels"])
        if real not in drawn:
            runs = placebo.get(real[:2])
            drawn[real] = (
                Placebo(None, placebo_note(tables, key.episode))
                if runs is None
                else Placebo(placebo_chart(runs, row["lost_barrels"]), "")
            )
        selections[key] = ModelsSelection(
            barrels=barrels,
            value=value,
            placebo=drawn[real],
            its=its.get((key.episode, key.level), no_its),
            reliability=reliability.get(key.level, no_level),
            specifications=specs.get((key.episode, key.price, key.level), no_spec),
        )
    # the analysis writes the years from its `revenue_first_year` and `regime_start` on
    rev = tables["revenue_decomposition"].sort_values("year")
    regimes = tables["regimes"].sort_values("month")
    revenue, revenue_level = revenue_charts(rev)
    return ModelsView(
        selections=selections,
        regimes=regime_chart(regimes, episodes(tables), opts.episode_names),
        regimes_from=f"{regimes['month'].iloc[0]:%Y}",
        revenue=revenue,
        revenue_level=revenue_level,
    )
