"""Pure figure builders: filtered frames in, plain plotly figure dicts out.

Plain dicts rather than `go.Figure`: no validation or template merge per build, so every selection
can be drawn at start-up in well under a second and served from memory. Tests validate the dicts
with `go.Figure` once. Event shapes and labels carry `name="evt:<category>"` so the browser can
toggle a category without a server round trip (assets/clientside.js).
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from dashboard.labels import EVENT_LABELS, label

# Okabe-Ito, safe for the common colour-vision deficiencies.
BLACK, ORANGE, SKY, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, PURPLE, GREY = "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#767676"

# Event categories: a colour and a symbol that no data series of the production chart uses
# (orange, blue and vermilion are its series), so each mark reads without a key, and the key
# (dashboard/components.event_key) repeats them as swatches.
EVENT_STYLES: dict[str, tuple[str, str, str]] = {
    # category: (colour, plotly marker symbol, the same symbol as a text glyph)
    "blockade": ("#882255", "square", "■"),
    "force_majeure": ("#8C6D00", "triangle-down", "▼"),
    "ceasefire": (GREEN, "star", "★"),
    "violation": (PURPLE, "x", "✖"),
    "restart": (SKY, "triangle-up", "▲"),
    "political": (GREY, "hexagon", "⬢"),
    "military": (BLACK, "cross", "✚"),
}
# The regime chart names episodes in rows placed for the narrowest plot (a 390-px phone leaves
# about 260 px for 16 years): a label needs REGIME_CHAR_PX per character at 10 px type.
REGIME_PLOT_PX = 260
REGIME_CHAR_PX = 6.5
BAND = "rgba(230,159,0,0.25)"
SHADE = "rgba(213,94,0,0.12)"
# An ongoing episode's band runs on past its as-of date in steps that fade out: open-ended.
ONGOING_FADE = ("rgba(213,94,0,0.08)", "rgba(213,94,0,0.05)", "rgba(213,94,0,0.025)")
ONGOING_STEP = pd.Timedelta(days=20)
# Key-event labels sit in rows in a band above the plot. Rows are chosen for the narrowest plot
# (a 390-px phone leaves about 260 px): a layout without overlap or clipping there stays so on any
# wider plot, because gaps between dates grow with the width while label widths do not.
NARROW_PLOT_PX = 250
CHAR_PX = 6.4  # a generous width of one 10-px character (digits and capitals included)
ROW_PX = 32  # two lines of 10-px text with padding and border
LABEL_CHARS = 24
# Value labels on scattered points (the exports chart) are placed for its narrowest plot: on a
# 390-px phone it is about 260 x 204 px, and a label clear of the others there stays so on any
# wider plot, for the same reason. Plotly writes a point's text `r / 0.8 + 1` px from its
# marker's centre (r the marker's radius), or centred on it; 12-px text is 14 px high.
POINT_PLOT_PX = (250.0, 195.0)
POINT_CHAR_PX = 8.0  # a generous width of one 12-px character (digits, "k", "M")
POINT_LINE_PX = 15.0
POINT_MARKER = 9  # marker size (diameter, px)
TEXT_PLACES = (
    "top center",
    "bottom center",
    "top left",
    "top right",
    "middle left",
    "middle right",
)
STRIP = [0.0, 0.07]  # the event strip's share of the plot height, under the main plot
MAIN = [0.13, 1.0]


def _dates(s: pd.Series) -> list[str]:
    return s.dt.strftime("%Y-%m-%d").tolist()


def _values(s: pd.Series, scale: float = 1.0, digits: int = 0) -> list[float | None]:
    """Numbers as JSON-ready floats, NaN as None (keeps plotly's encoder on its fast path)."""
    v = (s.to_numpy(dtype=float) / scale).round(digits)
    return [None if np.isnan(x) else float(x) for x in v]


def base_layout(title: str, ytitle: str, **extra: object) -> dict:
    """Shared look: left-aligned title (none when empty), horizontal legend below, no template."""
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
    if not title:  # the chart frame above the plot carries the title (components.chart_frame)
        del layout["title"]
        layout["margin"]["t"] = 12
    layout.update(extra)
    return layout


def _hover(ev: pd.Series, publisher: str) -> str:
    """The whole event (title, date, category, description, source), wrapped, never cut."""
    category = label(EVENT_LABELS, ev["category"])
    desc = "<br>".join(textwrap.wrap(str(ev["description"] or ""), 60))
    parts = [f"<b>{ev['title']}</b>", f"{ev['date'].day} {ev['date']:%b %Y} · {category}", desc]
    parts.append(f"Source: {publisher}")
    return "<br>".join(p for p in parts if p)


def _short(title: str, width: int = LABEL_CHARS) -> str:
    """A title cut at a word with an ellipsis; the full title is in the label's hover text."""
    return textwrap.shorten(str(title), width=width, placeholder="…")


def label_rows(
    xs: list[float], widths: list[float], plot_px: float = NARROW_PLOT_PX, gap: float = 6
) -> list[tuple[int, float]]:
    """(row, x shift in px) per label so that no two overlap and none leaves the plot's width.

    `xs` are the labels' anchor positions as fractions of the plot width, `widths` their widths
    in px. A label starts at its anchor, or is shifted left just enough to end at the plot's
    right edge; it takes the lowest row where it clears every other label by `gap` px.
    """
    placed: list[list[tuple[float, float]]] = []
    out = []
    for frac, width in zip(xs, widths, strict=True):
        left = frac * plot_px
        shift = min(0.0, plot_px - left - width)
        lo, hi = left + shift - gap, left + shift + width + gap
        row = next(
            (i for i, taken in enumerate(placed) if all(hi <= a or lo >= b for a, b in taken)),
            len(placed),
        )
        if row == len(placed):
            placed.append([])
        placed[row].append((lo, hi))
        out.append((row, shift))
    return out


def text_places(
    xs: list[float],
    ys: list[float],
    widths: list[float],
    plot_px: tuple[float, float] = POINT_PLOT_PX,
    gap: float = 2,
) -> list[str | None]:
    """Per point, the first of TEXT_PLACES where its label clears the labels placed before it
    by `gap` px and every other point's marker, inside the plot; None where none does.

    `xs` and `ys` are the points' positions as fractions of the plot's width and height (y from
    the bottom), `widths` their labels' widths in px. A point left without a label keeps its
    marker and its value in the hover text and the chart's Table.
    """
    w, h = plot_px
    half, off = POINT_MARKER / 2 + 1, POINT_MARKER / 2 / 0.8 + 1  # marker box: 1 px spare
    centres = [(x * w, (1 - y) * h) for x, y in zip(xs, ys, strict=True)]
    markers = [(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]
    placed: list[tuple[float, float, float, float]] = []
    out: list[str | None] = []
    for i, ((cx, cy), width) in enumerate(zip(centres, widths, strict=True)):
        others = markers[:i] + markers[i + 1 :]
        out.append(None)
        for place in TEXT_PLACES:
            box = _text_box(place, cx, cy, width, off)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= w and box[3] <= h
            clear = all(_apart(box, m, 0) for m in others)
            if inside and clear and all(_apart(box, b, gap) for b in placed):
                placed.append(box)
                out[-1] = place
                break
    return out


def _text_box(
    place: str, cx: float, cy: float, width: float, off: float
) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in px, y down, of a label plotly writes at `place`."""
    vertical, horizontal = place.split()
    left = {"left": cx - off - width, "center": cx - width / 2, "right": cx + off}[horizontal]
    top = {"top": cy - off - POINT_LINE_PX, "middle": cy - 8, "bottom": cy + off - 3}[vertical]
    return left, top, left + width, top + POINT_LINE_PX


def _apart(a: tuple[float, ...], b: tuple[float, ...], gap: float) -> bool:
    return a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]


def _band_label(x: str, text: str, colour: str, name: str, hover: str | None = None) -> dict:
    note = {
        "x": x,
        "xref": "x",
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "left",
        "align": "left",
        "text": text,
        "showarrow": False,
        "font": {"size": 10, "color": "#1a1a1a"},
        "bgcolor": "rgba(255,255,255,0.95)",
        "bordercolor": colour,
        "borderwidth": 1,
        "borderpad": 2,
        "name": name,
    }
    if hover:
        note["hovertext"] = hover
    return note


class Label(NamedTuple):
    """A label for the band above the production chart: the shaded period (`until` its end) or
    a key event (`until` equal to `when`, marked by a thin line at its date)."""

    when: pd.Timestamp
    until: pd.Timestamp
    text: str
    colour: str
    name: str
    hover: str | None


class EventLayer(NamedTuple):
    """One episode's production-chart layer: shaded periods, label candidates (the shaded
    period first, then key events by date), event-strip traces, and the label rows the default
    date range needs."""

    rects: list[dict]
    labels: list[Label]
    strip: list[dict]
    rows: int


def event_layer(
    events: pd.DataFrame,
    publishers: dict[str, str],
    episode: str,
    window: tuple[pd.Timestamp, pd.Timestamp],
    shade: tuple[pd.Timestamp, pd.Timestamp, str],
    ongoing: bool = False,
) -> EventLayer:
    """Shaded periods, label candidates and event-strip traces of one episode's production chart.

    The episode's blockade period is shaded and labelled; the episode's key events (the
    `priority` column) are label candidates (`placed_labels` picks those that fit a date range);
    every event is a hover-only mark in the strip under the plot. Other episodes' blockades are
    shaded without a label. `window` is the default date range, whose label rows are counted.
    An `ongoing` episode's `end` is its as-of date: its band runs on past it, fading
    (open-ended), and its label says so.
    """
    start, end, name = shade
    rects = [_rect(f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}", SHADE, "episode")]
    since = f"{start.day} {start:%b %Y}"
    until = f"{end.day} {end:%b %Y}"
    if ongoing:
        for k, fill in enumerate(ONGOING_FADE):
            x0, x1 = (end + ONGOING_STEP * i for i in (k, k + 1))
            rects.append(_rect(f"{x0:%Y-%m-%d}", f"{x1:%Y-%m-%d}", fill, "episode-ongoing"))
    text = f"ongoing since {since}, as of {until}" if ongoing else f"shaded, {since} to {until}"
    labels = [Label(start, end, f"<b>{name}</b><br>{text}", VERMILLION, "episode", None)]
    events = events.sort_values(["date", "event_id"])
    for _, ev in events.iterrows():
        cat = ev["category"]
        colour, _, _ = EVENT_STYLES[cat]
        if cat == "blockade" and pd.notna(ev["end_date"]):
            if ev["episode_id"] != episode:
                x0, x1 = (f"{ev[c]:%Y-%m-%d}" for c in ("date", "end_date"))
                rects.append(_rect(x0, x1, SHADE, f"evt:{cat}"))
            continue
        if ev["priority"] == "key" and ev["episode_id"] == episode:
            text = f"<b>{ev['date'].day} {ev['date']:%b %Y}</b><br>{_short(ev['title'])}"
            hover = _hover(ev, publishers[ev["source_id"]])
            labels.append(Label(ev["date"], ev["date"], text, colour, f"evt:{cat}", hover))
    # a point below the strip's range keeps its axis (and the date axis under it) laid out when
    # every category is toggled off; plotly draws a NaN axis line otherwise
    strip: list[dict] = [
        {
            "type": "scatter",
            "x": [f"{start:%Y-%m-%d}"],
            "y": [-1],
            "yaxis": "y2",
            "mode": "markers",
            "marker": {"opacity": 0},
            "hoverinfo": "skip",
            "showlegend": False,
            "name": "strip",
        }
    ]
    for cat, group in events.groupby("category", sort=False):
        colour, symbol, _ = EVENT_STYLES[cat]
        strip.append(
            {
                "type": "scatter",
                "x": _dates(group["date"]),
                "y": [0.5] * len(group),
                "yaxis": "y2",
                "mode": "markers",
                "marker": {"symbol": symbol, "color": colour, "size": 10, "line": {"width": 1}},
                "name": label(EVENT_LABELS, cat),
                "meta": f"evt:{cat}",
                "showlegend": False,
                "customdata": [
                    _hover(ev, publishers[ev["source_id"]]) for _, ev in group.iterrows()
                ],
                "hovertemplate": "%{customdata}<extra></extra>",
            }
        )
    _, _, rows = placed_labels(labels, window)
    return EventLayer(rects, labels, strip, rows)


def placed_labels(
    labels: list[Label], window: tuple[pd.Timestamp, pd.Timestamp], max_rows: int | None = None
) -> tuple[list[dict], list[dict], int]:
    """(lines, band labels, rows used) of the labels that fall inside the date range `window`.

    Each label is placed by `label_rows` for that range, so none overlaps or leaves the plot at
    any width; the shaded period's label starts at the range's start when the period began
    before it. With `max_rows`, a label that would need a further row is left out (its event
    stays in the strip): a wide range the reader picks keeps the band's height.
    """
    lo, hi = window
    span = max((hi - lo).total_seconds(), 1.0)
    inside = [(max(lb.when, lo), lb) for lb in labels if lb.until >= lo and lb.when <= hi]
    widths = [
        CHAR_PX * max(len(line) for line in _plain(lb.text).split("\n")) + 10 for _, lb in inside
    ]
    xs = [(at - lo).total_seconds() / span for at, _ in inside]
    lines, notes, used = [], [], 0
    for (at, lb), (row, shift) in zip(inside, label_rows(xs, widths), strict=True):
        if max_rows is not None and row >= max_rows:
            continue
        if lb.name != "episode":
            lines.append(_vline(f"{at:%Y-%m-%d}", lb.colour, "dot", lb.name, width=1.5))
        note = _band_label(f"{at:%Y-%m-%d}", lb.text, lb.colour, lb.name, lb.hover)
        note["xshift"] = round(shift, 1)
        note["yshift"] = 4 + row * ROW_PX
        notes.append(note)
        used = max(used, row + 1)
    return lines, notes, used


def label_band(layer: EventLayer, window: tuple[pd.Timestamp, pd.Timestamp], default: bool) -> dict:
    """The production layout's shapes, annotations and top margin for the date range `window`;
    off the default range (`default` False) the band keeps the default's rows at most."""
    lines, notes, rows = placed_labels(layer.labels, window, None if default else layer.rows)
    return {"shapes": [*layer.rects, *lines], "annotations": notes, "margin_t": 8 + rows * ROW_PX}


def _plain(text: str) -> str:
    """Label text without its markup, one line per <br>."""
    return text.replace("<br>", "\n").replace("<b>", "").replace("</b>", "")


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


ACTUAL = "Actual output, monthly average"
ACTUAL_STATEMENT = "Actual output past EIA's last month: NOC's statements, each until the next"
COUNTERFACTUAL = "Counterfactual (no blockade)"
STATEMENT = "Dated statement (NOC, press)"
EVENT = "Event"
PRODUCTION_COLUMNS = [
    "date", "series", "value_bpd", "lower_bpd", "upper_bpd", "detail", "category", "priority",
    "source",
]  # fmt: skip


def production_frame(
    daily: pd.DataFrame,
    monthly: pd.DataFrame,
    points: pd.DataFrame,
    events: pd.DataFrame,
    publishers: dict[str, str],
) -> pd.DataFrame:
    """Every series the production chart draws, one row per point: the chart's table and CSV.

    The figure is drawn from this frame (production_figure), so the table and the download
    can never hold less than the chart shows. Months are dated by their first day. Days whose
    actual output rests on NOC's statements (`basis`, an ongoing episode past EIA's last month)
    are a series of their own.
    """
    stepped = daily[daily["basis"] == "reported_statement"]
    parts = [
        pd.DataFrame(
            {
                "date": monthly["month"],
                "series": ACTUAL,
                "value_bpd": monthly["production_bpd"],
                "source": monthly["source_id"].map(publishers),
            }
        ),
        pd.DataFrame(
            {
                "date": daily["date"],
                "series": COUNTERFACTUAL,
                "value_bpd": daily["counterfactual_bpd"],
                "lower_bpd": daily["counterfactual_lower_bpd"],
                "upper_bpd": daily["counterfactual_upper_bpd"],
                "source": "this project's model",
            }
        ),
        pd.DataFrame(
            {
                "date": stepped["date"],
                "series": ACTUAL_STATEMENT,
                "value_bpd": stepped["actual_bpd"],
                "source": "NOC's production statements (production_reported.csv)",
            }
        ),
        pd.DataFrame(
            {
                "date": points["date"],
                "series": STATEMENT,
                "value_bpd": points["production_bpd"],
                "detail": points["source_id"].map(publishers),
                "source": points["source_id"].map(publishers),
            }
        ),
        pd.DataFrame(
            {
                "date": events["date"],
                "series": EVENT,
                "detail": events["title"],
                "category": events["category"],
                "priority": events["priority"],
                "source": events["source_id"].map(publishers),
            }
        ),
    ]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    frame = frame.reindex(columns=PRODUCTION_COLUMNS)
    series = (ACTUAL, ACTUAL_STATEMENT, COUNTERFACTUAL, STATEMENT, EVENT)
    order = {name: i for i, name in enumerate(series)}
    rank = frame["series"].map(order)
    return (
        frame.assign(_rank=rank)
        .sort_values(["_rank", "date"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def production_figure(frame: pd.DataFrame, strip: list[dict], band: dict, level: float) -> dict:
    """Monthly output, the counterfactual with its band, dated statements, the event layer.

    `frame` is production_frame's table; `strip` the event strip's traces (EventLayer) and
    `band` the shapes and labels of the date range shown (label_band). The events' own rows in
    `frame` are the strip and labels' source.
    """
    cf = frame[frame["series"] == COUNTERFACTUAL]
    traces = _estimate(
        cf.rename(columns={"value_bpd": "mid"}),
        ("mid", "lower_bpd", "upper_bpd"),
        level,
        "cf",
        {
            "name": COUNTERFACTUAL,
            "line": {"color": ORANGE, "dash": "dash", "width": 2},
            "hovertemplate": "%{x|%d %b %Y}: %{y:,.0f} b/d<extra>Counterfactual</extra>",
        },
    )
    actual = frame[frame["series"] == ACTUAL]
    traces.append(
        {
            "type": "scatter",
            "x": _dates(actual["date"]),
            "y": _values(actual["value_bpd"]),
            "mode": "lines+markers",
            "line": {"shape": "hv", "color": BLUE, "width": 2},
            "marker": {"size": 4},
            "name": ACTUAL,
            "hovertemplate": "%{x|%b %Y}: %{y:,.0f} b/d<extra>Monthly average</extra>",
        }
    )
    stepped = frame[frame["series"] == ACTUAL_STATEMENT]
    if len(stepped):
        traces.append(
            {
                "type": "scatter",
                "x": _dates(stepped["date"]),
                "y": _values(stepped["value_bpd"]),
                "mode": "lines",
                "line": {"shape": "hv", "color": BLUE, "width": 2, "dash": "dot"},
                "name": ACTUAL_STATEMENT,
                "hovertemplate": "%{x|%d %b %Y}: %{y:,.0f} b/d<extra>NOC's statement</extra>",
            }
        )
    said = frame[frame["series"] == STATEMENT]
    traces.append(
        _reported(
            _dates(said["date"]),
            _values(said["value_bpd"]),
            STATEMENT,
            said["detail"].tolist(),
            "%{x|%d %b %Y}: %{y:,.0f} b/d<extra>%{customdata}</extra>",
        )
    )
    layout = base_layout("", "Barrels per day")
    layout["yaxis"].update({"tickformat": "~s", "domain": MAIN})
    layout["xaxis"]["anchor"] = "y2"  # date ticks under the event strip, not across it
    layout["yaxis2"] = {
        "domain": STRIP,
        "range": [0, 1],
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
        "tickvals": [0.5],
        "ticktext": ["Events"],
        "tickfont": {"size": 10},
    }
    layout["margin"]["t"] = band["margin_t"]
    layout["legend"]["y"] = -0.08
    layout["shapes"], layout["annotations"] = band["shapes"], band["annotations"]
    return {"data": [*traces, *strip], "layout": layout}


ESTIMATE = "Gross value forgone (estimate)"
NOC_TOTAL = "NOC reported (cumulative)"
CUMULATIVE_COLUMNS = [
    "date", "series", "value_usd", "lower_usd", "upper_usd", "estimate_to_reported",
]  # fmt: skip


def cumulative_frame(daily: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """Every series the cumulative chart draws, one row per point: the chart's table and CSV.

    The running estimate with its interval, then NOC's running totals on their effective date
    (which the analysis derives) with the estimate's ratio to each.
    """
    parts = [
        pd.DataFrame(
            {
                "date": daily["date"],
                "series": ESTIMATE,
                "value_usd": daily["cum_loss_usd"],
                "lower_usd": daily["cum_loss_usd_lower"],
                "upper_usd": daily["cum_loss_usd_upper"],
            }
        ),
        pd.DataFrame(
            {
                "date": reported["effective_date"],
                "series": NOC_TOTAL,
                "value_usd": reported["reported_cum_loss_usd"],
                "estimate_to_reported": reported["ratio"],
            }
        ),
    ]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return frame.reindex(columns=CUMULATIVE_COLUMNS)


def cumulative_figure(frame: pd.DataFrame, shade: dict, level: float) -> dict:
    """Cumulative gross value forgone with its band, against NOC's reported running totals.

    `frame` is cumulative_frame's table. The episode is shaded (`shade`, the production chart's
    rectangle); the events are on the production chart.
    """
    est = frame[frame["series"] == ESTIMATE]
    traces = _estimate(
        est,
        ("value_usd", "lower_usd", "upper_usd"),
        level,
        "est",
        {
            "name": ESTIMATE,
            "line": {"color": BLUE, "width": 2},
            "hovertemplate": "%{x|%d %b %Y}: $%{y:.2f} bn<extra>Estimate</extra>",
        },
        scale=1e9,
        digits=3,
    )
    noc = frame[frame["series"] == NOC_TOTAL]
    traces.append(
        _reported(
            _dates(noc["date"]),
            _values(noc["value_usd"], 1e9, 3),
            NOC_TOTAL,
            _values(noc["estimate_to_reported"], 1, 2),
            "%{x|%d %b %Y}: NOC $%{y:.2f} bn<br>estimate / reported %{customdata}×"
            "<extra>NOC</extra>",
        )
    )
    layout = base_layout("", "US$ billion")
    layout["shapes"] = [shade]
    return {"data": traces, "layout": layout}


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
    return {"data": traces, "layout": base_layout("", "US$ per barrel")}


def exports_figure(exports: pd.DataFrame) -> dict:
    """Annual exports as bars, monthly and snapshot figures as points; no gap filled.

    A point's value is written beside it where `text_places` finds room at a phone's width (the
    ranges are fixed so the places hold in the browser); every value is in the hover text and
    the chart's Table.
    """
    annual = exports[exports["period_type"] == "year"]
    centres = pd.to_datetime(annual["period"].astype(str) + "-07-01")
    pts = exports[exports["period_type"] != "year"]
    pts = pts.assign(when=pd.to_datetime(pts["period"], format="ISO8601")).sort_values("when")
    if exports.empty:  # nothing to place: plotly's own ranges (a preview folder without exports)
        return {"data": [], "layout": base_layout("", "Barrels per day")}
    # half a bar (150 days) and a margin; a year each side of a point gives the latest point's
    # label room on the current data (text_places drops a label that still finds none)
    lo = min([*(centres - pd.Timedelta(days=180)), *(pts["when"] - pd.Timedelta(days=365))])
    hi = max([*(centres + pd.Timedelta(days=180)), *(pts["when"] + pd.Timedelta(days=365))])
    top = 1.05 * float(exports["exports_bpd"].max())
    span = (hi - lo).total_seconds()
    texts = [_thousands(v) for v in pts["exports_bpd"]]
    places = text_places(
        [(t - lo).total_seconds() / span for t in pts["when"]],
        [v / top for v in pts["exports_bpd"]],
        [POINT_CHAR_PX * len(t) for t in texts],
    )
    written = dict(zip(pts.index, zip(texts, places, strict=True), strict=True))
    traces = [
        {
            "type": "bar",
            "x": _dates(centres),
            "y": _values(annual["exports_bpd"]),
            "name": "Annual average",
            "marker": {"color": SKY},
            "width": 300 * 86_400_000,
            "hovertemplate": "%{x|%Y}: %{y:,.0f} b/d<extra>Annual</extra>",
        }
    ]
    symbols = {"month": ("circle", BLUE, "Monthly average"), "snapshot": ("x", VERMILLION, None)}
    for kind, (symbol, colour, name) in symbols.items():
        kind_pts = pts[pts["period_type"] == kind]
        said = [written[i] for i in kind_pts.index]
        traces.append(
            {
                "type": "scatter",
                "x": _dates(kind_pts["when"]),
                "y": _values(kind_pts["exports_bpd"]),
                "mode": "markers+text",
                "text": [t if p else "" for t, p in said],
                "textposition": [p or "top center" for _, p in said],
                "name": name or "Snapshot (single day, not an average)",
                "marker": {"symbol": symbol, "size": POINT_MARKER, "color": colour},
                "customdata": kind_pts["note"].fillna("").tolist(),
                "hovertemplate": "%{x|%b %Y}: %{y:,.0f} b/d<br>%{customdata}<extra></extra>",
            }
        )
    layout = base_layout("", "Barrels per day")
    layout["xaxis"]["range"] = [f"{lo:%Y-%m-%d}", f"{hi:%Y-%m-%d}"]
    layout["yaxis"].update(tickformat="~s", range=[0, top])
    return {"data": traces, "layout": layout}


def _thousands(v: float) -> str:
    """A value in b/d to three figures, as the axis writes it: 979k, 1.02M, 45.2k, 0.8k."""
    if v >= 999_500:
        return f"{v / 1e6:.2f}M"
    return f"{v / 1e3:.0f}k" if v >= 99_950 else f"{v / 1e3:.3g}k"


def _figure(v: float) -> str:
    """A chart value in its axis unit, to three significant figures or so: 1,904 / 256.8 / 0.44."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def _row_name(name: str, est: float | None) -> str:
    """A row's name and estimate; its interval is the bar (and in the hover text and table):
    with it, the longest name ran off a phone's screen."""
    return f"{name}: no estimate" if est is None else f"{name}: <b>{_figure(est)}</b>"


def _bars(est: list, lower: list, upper: list, colour: str, thickness: float, width: float) -> dict:
    """Plotly error bars from an estimate to each bound (none where a value is missing)."""
    return {
        "type": "data",
        "symmetric": False,
        "array": [
            None if h is None or e is None else h - e for e, h in zip(est, upper, strict=True)
        ],
        "arrayminus": [
            None if lo is None or e is None else e - lo for e, lo in zip(est, lower, strict=True)
        ],
        "color": colour,
        "thickness": thickness,
        "width": width,
    }


def interval_points(
    labels: list[str], est: list, lower: list, upper: list, title: str, unit: str, colour: str
) -> dict:
    """Point estimates with asymmetric error bars, one row per label (models, episodes).

    Each row's name and estimate are written above its dot across the plot's width,
    not as axis labels: those took most of a 390-px phone's width, squeezing the plot until its
    tick labels turned onto the axis title."""
    trace = {
        "type": "scatter",
        "x": est,
        "y": labels,
        "mode": "markers",
        "marker": {"size": 11, "color": colour},
        "error_x": _bars(est, lower, upper, colour, 2, 4),
        "customdata": [[lo, hi] for lo, hi in zip(lower, upper, strict=True)],
        "hovertemplate": "%{y}: %{x:,.2f} "
        + unit
        + " (%{customdata[0]:,.2f} to %{customdata[1]:,.2f})<extra></extra>",
        "showlegend": False,
    }
    layout = base_layout(title, "")
    layout["xaxis"] = {"title": {"text": unit}, "gridcolor": "#e6e6e6", "rangemode": "tozero"}
    layout["yaxis"] = {
        "type": "category",
        "range": [len(labels) - 0.5, -0.9],  # first row on top, room above it for its name
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
    }
    layout["annotations"] = [
        {
            "x": 0,
            "xref": "paper",
            "y": name,
            "yshift": 7,
            "text": _row_name(name, e),
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 11},
            "bgcolor": "rgba(255, 255, 255, 0.85)",
        }
        for name, e in zip(labels, est, strict=True)
    ]
    # in a chart frame (no title here) the frame's heading stands above the plot
    layout["margin"] = {"l": 16, "r": 16, "t": 48 if title else 12, "b": 48}
    return {"data": [trace], "layout": layout}


def specification_figure(
    labels: list[str],
    est: list[float],
    lower: list[float],
    upper: list[float],
    choices: list[tuple[str, list[bool]]],
    unit: str,
) -> dict:
    """A specification curve: every specification's estimate and interval, sorted (top), and
    below, one row per choice, a dot in the columns of the specifications that made it.

    `choices` is (row name, whether each specification made that choice) per row, top to
    bottom. Why this and not one labelled row per specification: 32 rows of long labels had half
    their labels dropped by plotly on a laptop and were cut off on a phone; here every column is
    read from its dots, and the full name is in the hover text."""
    ranks = list(range(1, len(est) + 1))
    top = {
        "type": "scatter",
        "x": ranks,
        "y": est,
        "mode": "markers",
        "marker": {"size": 7, "color": BLUE},
        "error_y": _bars(est, lower, upper, BLUE, 1.5, 0),
        "customdata": labels,
        "hovertemplate": "%{customdata}: %{y:,.1f} " + unit + "<extra></extra>",
        "showlegend": False,
    }
    rows = [name for name, _ in choices]
    marks = {
        "type": "scatter",
        "x": [r for _, made in choices for r, m in zip(ranks, made, strict=True) if m],
        "y": [name for name, made in choices for m in made if m],
        "yaxis": "y2",
        "mode": "markers",
        "marker": {"size": 6, "color": GREY},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    layout = base_layout("", "")
    layout["xaxis"] = {
        "title": {"text": "specifications, lowest to highest"},
        "anchor": "y2",  # under the rows of choices, not between them and the curve
        "range": [0.4, len(est) + 0.6],
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
    }
    layout["yaxis"] = {
        "title": {"text": unit},
        "domain": [0.42, 1],
        "gridcolor": "#e6e6e6",
        "rangemode": "tozero",
    }
    layout["yaxis2"] = {
        "domain": [0, 0.36],
        "type": "category",
        "categoryorder": "array",
        "categoryarray": rows,
        "autorange": "reversed",
        "automargin": True,
        "gridcolor": "#f0f0f0",
        "tickfont": {"size": 10},
        "anchor": "x",
    }
    layout["margin"] = {"l": 16, "r": 16, "t": 12, "b": 40}
    return {"data": [top, marks], "layout": layout}


def coverage_figure(
    labels: list[str], coverage: list[float], level: float, ranges: list[tuple[float, float]]
) -> dict:
    """Share of backtest windows whose interval held the real output, one dot per model with its
    sampling range as a bar, against the share promised (the interval level).

    Each model's name and share are written above its row across the plot's width, not as axis
    labels, so that on a 390-px phone the plot keeps the width for its dots and bars."""
    x = [round(c * 100, 1) for c in coverage]
    lows = [round(lo * 100, 1) for lo, _ in ranges]
    highs = [round(hi * 100, 1) for _, hi in ranges]
    rows = list(range(len(labels)))
    trace = {
        "type": "scatter",
        "x": x,
        "y": rows,
        "mode": "markers",
        "marker": {"size": 12, "color": BLUE},
        "error_x": _bars(x, lows, highs, BLUE, 1.5, 4),
        "customdata": [[name, lo, hi] for name, lo, hi in zip(labels, lows, highs, strict=True)],
        "hovertemplate": "%{customdata[0]}: %{x:.0f}% of windows (range %{customdata[1]:.0f}% "
        "to %{customdata[2]:.0f}%)<extra></extra>",
        "showlegend": False,
    }
    layout = base_layout("", "")
    layout["xaxis"] = {
        "title": {"text": "% of test windows"},
        "range": [0, 102],
        "gridcolor": "#e6e6e6",
    }
    layout["yaxis"] = {
        "range": [len(labels) - 0.5, -0.9],
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
    }
    layout["margin"] = {"l": 16, "r": 16, "t": 24, "b": 48}
    layout["shapes"] = [_vline(level * 100, VERMILLION, "dash", "nominal", width=2)]
    names = [
        {
            "x": 0,
            "xref": "paper",
            "y": row - 0.25,
            "text": f"{name}: <b>{c:.0%}</b> ({lo:.0%} to {hi:.0%})",
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 11},
            "bgcolor": "rgba(255, 255, 255, 0.85)",  # readable where the promise line crosses
        }
        for row, name, c, (lo, hi) in zip(rows, labels, coverage, ranges, strict=True)
    ]
    promised = {
        "x": level * 100,
        "y": 1,
        "yref": "paper",
        "text": f"Promised: {level:.0%}",
        "showarrow": False,
        "xanchor": "right",
        "yanchor": "bottom",
        "font": {"color": VERMILLION, "size": 11},
    }
    layout["annotations"] = [promised, *names]
    return {"data": [trace], "layout": layout}


def nice_bins(values: np.ndarray, target: int = 12, finest: float = 0.0) -> np.ndarray:
    """Bin edges for a histogram drawn as bars: a round width (1, 2, 2.5 or 5 times a power of
    ten, at least `finest`) giving about `target` bins over the values, edges on multiples of
    it. The bins are computed here because the vendored plotly.js (the basic bundle) has no
    histogram trace.

    Edges are whole multiples of the width rounded to its decimals, so a value written to those
    decimals that sits on an edge compares equal to it and falls in the bin it opens ([a, b));
    float products such as 3 x 0.1 = 0.30000000000000004 would drop it or move it a bin down.
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    raw = max(span / target, finest)
    power = 10.0 ** np.floor(np.log10(raw))
    width = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-12))
    decimals = max(0, int(-np.floor(np.log10(width))) + 1)
    first = int(np.floor(lo / width))
    while round(first * width, decimals) > lo:
        first -= 1
    last = int(np.ceil(hi / width))
    while round(last * width, decimals) <= hi:  # the top value opens the bin it sits on
        last += 1
    return np.round(np.arange(first, last + 1) * width, decimals)


def placebo_figure(placebo: pd.DataFrame, real: float) -> dict:
    """Placebo estimates (fake start dates in the baseline) binned as bars, with the real
    estimate marked."""
    layout = base_layout("", "Placebo runs")
    layout["xaxis"] = {"title": {"text": "Million barrels"}, "gridcolor": "#e6e6e6"}
    layout["bargap"] = 0
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
    runs = placebo["lost_barrels"].to_numpy(dtype=float) / 1e6
    runs = runs[np.isfinite(runs)].round(3)  # to the thousand barrels the table writes
    if runs.size == 0:
        return {"data": [], "layout": layout}
    edges = nice_bins(runs, finest=0.001)
    counts, _ = np.histogram(runs, bins=edges)
    trace = {
        "type": "bar",
        "x": [float(x) for x in (edges[:-1] + edges[1:]) / 2],
        "y": counts.tolist(),
        "width": float(edges[1] - edges[0]),
        "customdata": [
            [float(a), float(b), "1 run" if n == 1 else f"{n} runs"]
            for (a, b), n in zip(itertools.pairwise(edges), counts, strict=True)
        ],
        "marker": {"color": SKY, "line": {"color": BLUE, "width": 1}},
        "name": "Placebo runs",
        "hovertemplate": "%{customdata[0]:,.3~f} to %{customdata[1]:,.3~f} million barrels:"
        " %{customdata[2]}<extra></extra>",
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
    layout = base_layout("", "Probability")
    layout["yaxis"].update({"range": [0, 1], "tickformat": ".0%", "rangemode": "normal"})
    layout["shapes"] = [
        _rect(f"{e.start:%Y-%m-%d}", f"{e.end:%Y-%m-%d}", SHADE, "episode")
        for e in episodes.itertuples()
        if pd.notna(e.end)
    ]
    first = regimes["month"].min()
    last = regimes["month"].max() + pd.offsets.MonthEnd(0)
    layout["annotations"] = [
        {
            "x": f"{x:%Y-%m-%d}",
            "y": 1 - 0.09 * row,
            "yref": "paper",
            "text": text,
            "hovertext": str(e.name),
            "showarrow": False,
            "xanchor": anchor,
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.8)",
            "font": {"size": 10, "color": VERMILLION},
        }
        for e, text, x, anchor, row in _regime_labels(episodes, first, last)
    ]
    return {"data": traces, "layout": layout}


def period_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A short name for an episode on a crowded time axis: its month when it lasted two months
    or less ("Jun 2018"), else its years ("2013-16", "2020")."""
    if (end - start).days <= 62:
        return f"{start:%b %Y}"
    return f"{start.year}" if start.year == end.year else f"{start.year}-{end:%y}"


def _regime_labels(
    episodes: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp
) -> list[tuple[Any, str, pd.Timestamp, str, int]]:
    """(episode, label, x, anchor, row) for each episode: each label starts at its episode's
    start (or ends at the axis's end when it would run past it) in the first row where it
    clears the labels before it, widths estimated for the narrowest plot."""
    days_per_px = (last - first).days / REGIME_PLOT_PX
    ends: list[pd.Timestamp] = []
    out = []
    for e in episodes.sort_values("start").itertuples():
        text = period_label(e.start, e.end)
        width = pd.Timedelta(days=(len(text) * REGIME_CHAR_PX + 8) * days_per_px)
        left, x, anchor = e.start, e.start, "left"
        if left + width > last:
            left, x, anchor = last - width, last, "right"
        row = next((r for r, end in enumerate(ends) if end < left), len(ends))
        if row == len(ends):
            ends.append(left + width)
        else:
            ends[row] = left + width
        out.append((e, text, x, anchor, row))
    return out


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
    layout = base_layout("", "US$ billion")
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
    layout = base_layout("", "US$ billion")
    layout.update({"barmode": "group", "xaxis": {"type": "category"}})
    return {"data": traces, "layout": layout}
