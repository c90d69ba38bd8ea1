"""Pure figure builders: filtered frames in, plain plotly figure dicts out.

Plain dicts rather than `go.Figure`: no validation or template merge per build, so every selection
can be drawn at start-up in well under a second and served from memory. Tests validate the dicts
with `go.Figure` once. Event shapes and labels carry `name="evt:<category>"` so the browser can
toggle a category without a server round trip (assets/clientside.js).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.labels import EVENT_LABELS, label

# Okabe-Ito, safe for the common colour-vision deficiencies.
BLACK, ORANGE, SKY, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, PURPLE, GREY = "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#767676"

EVENT_STYLES: dict[str, tuple[str, str]] = {
    # category: (colour, line dash); dash differs too, so colour is never the only cue
    "blockade": (VERMILLION, "solid"),
    "force_majeure": (ORANGE, "dash"),
    "ceasefire": (GREEN, "solid"),
    "violation": (PURPLE, "dot"),
    "restart": (BLUE, "dashdot"),
    "political": (GREY, "dot"),
    "military": (BLACK, "dot"),
}
# hover-only markers, so the labels of the story's turning points stay readable when crowded
MINOR = {"political", "military", "force_majeure"}
LABEL_ROWS = 5
REGIME_LABEL_ROWS = 3
BAND = "rgba(230,159,0,0.25)"
SHADE = "rgba(213,94,0,0.12)"


def _dates(s: pd.Series) -> list[str]:
    return s.dt.strftime("%Y-%m-%d").tolist()


def _values(s: pd.Series, scale: float = 1.0, digits: int = 0) -> list[float | None]:
    """Numbers as JSON-ready floats, NaN as None (keeps plotly's encoder on its fast path)."""
    v = (s.to_numpy(dtype=float) / scale).round(digits)
    return [None if np.isnan(x) else float(x) for x in v]


def base_layout(title: str, ytitle: str, **extra: object) -> dict:
    """Shared look: left-aligned title, horizontal legend below, light grid, no template."""
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "margin": {"l": 64, "r": 16, "t": 48, "b": 40},
        "font": {"family": "system-ui, -apple-system, Segoe UI, sans-serif", "color": "#1a1a1a"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        "xaxis": {"type": "date", "gridcolor": "#e6e6e6", "linecolor": "#666"},
        "yaxis": {"title": {"text": ytitle}, "gridcolor": "#e6e6e6", "rangemode": "tozero"},
    }
    layout.update(extra)
    return layout


def _hover(ev: pd.Series, publisher: str) -> str:
    category = label(EVENT_LABELS, ev["category"])
    desc = "<br>".join(textwrap.wrap(str(ev["description"] or ""), 60)[:3])
    parts = [f"<b>{ev['title']}</b>", f"{ev['date']:%d %b %Y} · {category}", desc]
    parts.append(f"Source: {publisher}")
    return "<br>".join(p for p in parts if p)


def _short(title: str, width: int = 22) -> str:
    return textwrap.shorten(str(title), width=width, placeholder="…")


def event_marks(
    events: pd.DataFrame,
    publishers: dict[str, str],
    skip_episode: str | None = None,
    labels: bool = True,
) -> tuple[list[dict], list[dict]]:
    """Shapes and labels for dated events.

    Blockades with an end date are shaded spans (except the selected episode, shaded separately);
    other events are vertical lines. Labels of major categories are staggered over LABEL_ROWS rows;
    minor categories (and every category when `labels` is false) get a small hover-only marker
    at the foot of the chart.
    """
    shapes: list[dict] = []
    notes: list[dict] = []
    row = 0
    for _, ev in events.sort_values(["date", "event_id"]).iterrows():
        cat = ev["category"]
        colour, dash = EVENT_STYLES.get(cat, (GREY, "dot"))
        name = f"evt:{cat}"
        x0 = ev["date"].strftime("%Y-%m-%d")
        hover = _hover(ev, publishers[ev["source_id"]])
        span = cat == "blockade" and pd.notna(ev["end_date"])
        if span and ev["episode_id"] == skip_episode:
            continue
        if span:
            x1 = ev["end_date"].strftime("%Y-%m-%d")
            shapes.append(_rect(x0, x1, SHADE, name))
        else:
            shapes.append(_vline(x0, colour, dash, name))
        if cat in MINOR or not labels:
            text, y, yanchor, size = "◆", 0.0, "bottom", 9
        else:
            text, y, yanchor, size = _short(ev["title"]), 1 - row * 0.07, "top", 10
            row = (row + 1) % LABEL_ROWS
        notes.append(
            {
                "x": x0,
                "xref": "x",
                "y": y,
                "yref": "paper",
                "yanchor": yanchor,
                "xanchor": "left",
                "text": text,
                "hovertext": hover,
                "showarrow": False,
                "font": {"size": size, "color": colour if text == "◆" else "#1a1a1a"},
                "bgcolor": "rgba(255,255,255,0.85)",
                "bordercolor": colour,
                "borderwidth": 1,
                "name": name,
            }
        )
    return shapes, notes


def _rect(x0: str, x1: str, fill: str, name: str) -> dict:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": x0,
        "x1": x1,
        "y0": 0,
        "y1": 1,
        "fillcolor": fill,
        "line": {"width": 0},
        "layer": "below",
        "name": name,
    }


def _vline(x: str | float, colour: str, dash: str, name: str, width: float = 1.5) -> dict:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": width, "dash": dash},
        "name": name,
    }


def episode_shade(start: pd.Timestamp, end: pd.Timestamp, name: str) -> tuple[dict, dict]:
    """The selected blockade period as a shaded span with its label (always shown)."""
    x0, x1 = start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")
    note = {
        "x": x1,
        "xref": "x",
        "y": 0.0,
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "right",
        "text": f"{name} (shaded)",
        "showarrow": False,
        "font": {"size": 10, "color": VERMILLION},
        "name": "episode",
    }
    return _rect(x0, x1, SHADE, "episode"), note


def _band(x: list[str], lower: list, upper: list, level: float, group: str) -> list[dict]:
    """An interval band: the upper edge, then the lower edge filled up to it."""
    edge = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    return [
        {**edge, "y": upper, "showlegend": False, "legendgroup": group, "name": "upper"},
        {
            **edge,
            "y": lower,
            "fill": "tonexty",
            "fillcolor": BAND,
            "legendgroup": group,
            "name": f"{level:.0%} interval",
        },
    ]


def _estimate(
    daily: pd.DataFrame,
    columns: tuple[str, str, str],
    level: float,
    group: str,
    line: dict,
    scale: float = 1.0,
    digits: int = 0,
) -> list[dict]:
    """An estimate's line over its interval band; `columns` are (estimate, lower, upper)."""
    x = _dates(daily["date"])
    mid, lower, upper = (_values(daily[c], scale, digits) for c in columns)
    trace = {"type": "scatter", "x": x, "y": mid, "mode": "lines", "legendgroup": group, **line}
    return [*_band(x, lower, upper, level, group), trace]


def _reported(x: list[str], y: list, name: str, customdata: list, hover: str) -> dict:
    """Reported figures (NOC, press) as diamonds, set apart from the estimates' lines."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "markers",
        "name": name,
        "marker": {"symbol": "diamond", "size": 9, "color": VERMILLION},
        "customdata": customdata,
        "hovertemplate": hover,
    }


def _marked(layout: dict, marks: tuple[list[dict], list[dict]], shade: tuple[dict, dict]) -> dict:
    """The layout with the selected episode's shade first, then the event marks."""
    shapes, notes = marks
    layout["shapes"] = [shade[0], *shapes]
    layout["annotations"] = [shade[1], *notes]
    return layout


def production_figure(
    daily: pd.DataFrame,
    monthly: pd.DataFrame,
    reported: pd.DataFrame,
    marks: tuple[list[dict], list[dict]],
    shade: tuple[dict, dict],
    level: float,
) -> dict:
    """Monthly production, the counterfactual with its band, dated statements and events."""
    traces = _estimate(
        daily,
        ("counterfactual_bpd", "counterfactual_lower_bpd", "counterfactual_upper_bpd"),
        level,
        "cf",
        {
            "name": "Counterfactual (no blockade)",
            "line": {"color": ORANGE, "dash": "dash", "width": 2},
            "hovertemplate": "%{x|%d %b %Y}: %{y:,.0f} b/d<extra>Counterfactual</extra>",
        },
    )
    traces.append(
        {
            "type": "scatter",
            "x": _dates(monthly["month"]),
            "y": _values(monthly["production_bpd"]),
            "mode": "lines+markers",
            "line": {"shape": "hv", "color": BLUE, "width": 2},
            "marker": {"size": 4},
            "name": "Actual, monthly average",
            "hovertemplate": "%{x|%b %Y}: %{y:,.0f} b/d<extra>Monthly average</extra>",
        }
    )
    traces.append(
        _reported(
            _dates(reported["date"]),
            _values(reported["production_bpd"]),
            "Dated statements (NOC, press)",
            reported["publisher"].tolist(),
            "%{x|%d %b %Y}: %{y:,.0f} b/d<extra>%{customdata}</extra>",
        )
    )
    layout = base_layout("Production: actual against the counterfactual", "Barrels per day")
    layout["yaxis"]["tickformat"] = "~s"
    return {"data": traces, "layout": _marked(layout, marks, shade)}


def cumulative_figure(
    daily: pd.DataFrame,
    reported: pd.DataFrame,
    marks: tuple[list[dict], list[dict]],
    shade: tuple[dict, dict],
    level: float,
) -> dict:
    """Cumulative lost value with its band, against NOC's reported running totals.

    NOC's figures are placed on `effective_date`, which the analysis derives.
    """
    traces = _estimate(
        daily,
        ("cum_loss_usd", "cum_loss_usd_lower", "cum_loss_usd_upper"),
        level,
        "est",
        {
            "name": "Estimated cumulative loss",
            "line": {"color": BLUE, "width": 2},
            "hovertemplate": "%{x|%d %b %Y}: $%{y:.2f} bn<extra>Estimate</extra>",
        },
        scale=1e9,
        digits=3,
    )
    traces.append(
        _reported(
            _dates(reported["effective_date"]),
            _values(reported["reported_cum_loss_usd"], 1e9, 3),
            "NOC reported (cumulative)",
            _values(reported["ratio"], 1, 2),
            "%{x|%d %b %Y}: NOC $%{y:.2f} bn<br>estimate / reported %{customdata}×"
            "<extra>NOC</extra>",
        )
    )
    layout = base_layout("Cumulative lost value against NOC's reported figures", "US$ billion")
    return {"data": traces, "layout": _marked(layout, marks, shade)}


def price_figure(prices: pd.DataFrame, labels: Mapping[str, str]) -> dict:
    """Daily crude price per scenario."""
    colours = [BLACK, SKY, GREEN]
    traces = [
        {
            "type": "scatter",
            "x": _dates(g["date"]),
            "y": _values(g["price_usd_bbl"], 1, 2),
            "mode": "lines",
            "name": label(labels, name),
            "line": {"color": colours[i % len(colours)], "width": 1.5},
            "hovertemplate": "%{x|%d %b %Y}: $%{y:.2f}/bbl<extra></extra>",
        }
        for i, (name, g) in enumerate(prices.groupby("price_scenario", sort=True))
    ]
    return {"data": traces, "layout": base_layout("Crude price", "US$ per barrel")}


def exports_figure(exports: pd.DataFrame) -> dict:
    """Annual exports as bars, monthly and snapshot figures as labelled points; no gap filled."""
    annual = exports[exports["period_type"] == "year"]
    traces = [
        {
            "type": "bar",
            "x": [f"{p}-07-01" for p in annual["period"]],
            "y": _values(annual["exports_bpd"]),
            "name": "Annual average",
            "marker": {"color": SKY},
            "width": 300 * 86_400_000,
            "hovertemplate": "%{x|%Y}: %{y:,.0f} b/d<extra>Annual</extra>",
        }
    ]
    symbols = {"month": ("circle", BLUE, "Monthly average"), "snapshot": ("x", VERMILLION, None)}
    for kind, (symbol, colour, name) in symbols.items():
        pts = exports[exports["period_type"] == kind]
        when = pd.to_datetime(pts["period"], format="ISO8601")
        traces.append(
            {
                "type": "scatter",
                "x": _dates(when),
                "y": _values(pts["exports_bpd"]),
                "mode": "markers+text",
                "text": [f"{v / 1e3:,.0f}k" for v in pts["exports_bpd"]],
                "textposition": "top center",
                "name": name or "Snapshot (single day, not an average)",
                "marker": {"symbol": symbol, "size": 9, "color": colour},
                "customdata": pts["note"].fillna("").tolist(),
                "hovertemplate": "%{x|%b %Y}: %{y:,.0f} b/d<br>%{customdata}<extra></extra>",
            }
        )
    layout = base_layout("Exports: what has been published", "Barrels per day")
    layout["yaxis"]["tickformat"] = "~s"
    return {"data": traces, "layout": layout}


def interval_points(
    labels: list[str], est: list, lower: list, upper: list, title: str, unit: str, colour: str
) -> dict:
    """Point estimates with asymmetric error bars, one row per label (models, episodes)."""
    trace = {
        "type": "scatter",
        "x": est,
        "y": labels,
        "mode": "markers",
        "marker": {"size": 11, "color": colour},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [
                None if h is None or e is None else h - e for e, h in zip(est, upper, strict=False)
            ],
            "arrayminus": [
                None if lo is None or e is None else e - lo
                for e, lo in zip(est, lower, strict=False)
            ],
            "color": colour,
            "thickness": 2,
        },
        "hovertemplate": "%{y}: %{x:,.2f} " + unit + "<extra></extra>",
        "showlegend": False,
    }
    layout = base_layout(title, "")
    layout["xaxis"] = {"title": {"text": unit}, "gridcolor": "#e6e6e6", "rangemode": "tozero"}
    layout["yaxis"] = {"type": "category", "automargin": True, "autorange": "reversed"}
    layout["margin"] = {"l": 16, "r": 16, "t": 48, "b": 48}
    return {"data": [trace], "layout": layout}


def coverage_figure(labels: list[str], coverage: list[float], level: float) -> dict:
    """Share of backtest windows whose interval held the real output, one dot per model, against
    the share promised (the interval level)."""
    trace = {
        "type": "scatter",
        "x": [round(c * 100, 1) for c in coverage],
        "y": labels,
        "mode": "markers+text",
        "text": [f"{c:.0%}" for c in coverage],
        "textposition": "middle left",
        "marker": {"size": 12, "color": BLUE},
        "hovertemplate": "%{y}: %{x:.0f}% of windows<extra></extra>",
        "showlegend": False,
    }
    layout = base_layout(f"How often the {level:.0%} intervals held the real output", "")
    layout["xaxis"] = {
        "title": {"text": "% of test windows"},
        "range": [0, 105],
        "gridcolor": "#e6e6e6",
    }
    layout["yaxis"] = {"type": "category", "automargin": True, "autorange": "reversed"}
    layout["margin"] = {"l": 16, "r": 16, "t": 48, "b": 48}
    layout["shapes"] = [_vline(level * 100, VERMILLION, "dash", "nominal", width=2)]
    layout["annotations"] = [
        {
            "x": level * 100,
            "y": 1,
            "yref": "paper",
            "text": f"Promised: {level:.0%}",
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "bottom",
            "font": {"color": VERMILLION, "size": 11},
        }
    ]
    return {"data": [trace], "layout": layout}


def placebo_figure(placebo: pd.DataFrame, real: float) -> dict:
    """Placebo estimates (fake start dates in the baseline) with the real estimate marked."""
    layout = base_layout("Placebo estimates against the real one", "Placebo runs")
    layout["xaxis"] = {"title": {"text": "Million barrels"}, "gridcolor": "#e6e6e6"}
    layout["shapes"] = [_vline(real / 1e6, VERMILLION, "solid", "real", width=2.5)]
    layout["annotations"] = [
        {
            "x": real / 1e6,
            "y": 1,
            "yref": "paper",
            "text": "Real estimate",
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "top",
            "font": {"color": VERMILLION},
        }
    ]
    trace = {
        "type": "histogram",
        "x": _values(placebo["lost_barrels"], 1e6, 3),
        "marker": {"color": SKY, "line": {"color": BLUE, "width": 1}},
        "name": "Placebo runs",
        "hovertemplate": "%{x} million barrels: %{y} runs<extra></extra>",
    }
    return {"data": [trace], "layout": layout}


def regime_figure(regimes: pd.DataFrame, episodes: pd.DataFrame) -> dict:
    """Probability of the disrupted regime per month, annotated episodes shaded."""
    traces = [
        {
            "type": "scatter",
            "x": _dates(regimes["month"]),
            "y": _values(regimes["prob_disrupted"], 1, 3),
            "mode": "lines",
            "line": {"shape": "hv", "color": BLUE, "width": 2},
            "name": "P(disrupted regime)",
            "hovertemplate": "%{x|%b %Y}: %{y:.0%}<extra></extra>",
        }
    ]
    layout = base_layout("Regime model: probability of the disrupted regime", "Probability")
    layout["yaxis"].update({"range": [0, 1], "tickformat": ".0%", "rangemode": "normal"})
    layout["shapes"] = [
        _rect(f"{e.start:%Y-%m-%d}", f"{e.end:%Y-%m-%d}", SHADE, "episode")
        for e in episodes.itertuples()
        if pd.notna(e.end)
    ]
    # names in three staggered rows, so neighbouring episodes (2018, 2018-19) do not collide
    layout["annotations"] = [
        {
            "x": f"{e.start:%Y-%m-%d}",
            "y": 1 - 0.09 * (i % REGIME_LABEL_ROWS),
            "yref": "paper",
            "text": str(e.name),
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.8)",
            "font": {"size": 10, "color": VERMILLION},
        }
        for i, e in enumerate(episodes.itertuples())
    ]
    return {"data": traces, "layout": layout}


def revenue_figure(rev: pd.DataFrame) -> dict:
    """Year-on-year change in gross crude value split into volume, price and interaction."""
    parts = [
        ("volume_effect_usd", "Volume effect", BLUE),
        ("price_effect_usd", "Price effect", ORANGE),
        ("interaction_effect_usd", "Interaction", GREY),
    ]
    years = rev["year"].astype(int).astype(str).tolist()
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": _values(rev[col], 1e9, 2),
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": "%{x}: $%{y:.2f} bn<extra>" + name + "</extra>",
        }
        for col, name, colour in parts
    ]
    traces.append(
        {
            "type": "scatter",
            "x": years,
            "y": _values(rev["change_usd"], 1e9, 2),
            "mode": "markers",
            "marker": {"symbol": "line-ew-open", "size": 18, "color": BLACK, "line": {"width": 3}},
            "name": "Total change",
            "hovertemplate": "%{x}: $%{y:.2f} bn<extra>Total change</extra>",
        }
    )
    layout = base_layout("Change in gross crude value: volume against price", "US$ billion")
    layout.update({"barmode": "relative", "xaxis": {"type": "category"}})
    layout["yaxis"]["rangemode"] = "normal"
    return {"data": traces, "layout": layout}


def revenue_level_figure(rev: pd.DataFrame) -> dict:
    """Gross crude value (production x days x Brent) beside NOC's reported revenue."""
    years = rev["year"].astype(int).astype(str).tolist()
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": _values(rev["gross_value_usd"], 1e9, 2),
            "name": "Gross crude value (estimate)",
            "marker": {"color": SKY},
            "hovertemplate": "%{x}: $%{y:.1f} bn<extra>Gross value</extra>",
        },
        {
            "type": "bar",
            "x": years,
            "y": _values(rev["noc_reported_revenue_usd"], 1e9, 2),
            "name": "NOC reported revenue",
            "marker": {"color": VERMILLION},
            "hovertemplate": "%{x}: $%{y:.1f} bn<extra>NOC reported</extra>",
        },
    ]
    layout = base_layout("Gross crude value and NOC's reported revenue", "US$ billion")
    layout.update({"barmode": "group", "xaxis": {"type": "category"}})
    return {"data": traces, "layout": layout}
