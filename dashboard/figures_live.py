"""Figures of the "What if it lasts?" page: the fan chart's look and the replay chart.

The fan chart is drawn in the browser (assets/whatif.js) from the grid in the page's store, so
the slider answers without a server round trip; its layout and colours are built here, once, so
the look stays with the other figures. The replay chart is drawn here as a plain dict.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures import BAND, BLACK, BLUE, ORANGE, VERMILLION, base_layout

BAND_95 = "rgba(230,159,0,0.18)"
BAND_80 = BAND


def fan_style() -> dict:
    """What the browser needs to draw the fan chart: layout and trace colours."""
    return {
        "layout": base_layout(
            "",
            "US$ billion, running total",
            hovermode="x unified",
            margin={"l": 56, "r": 12, "t": 12, "b": 40},
            legend={"orientation": "h", "x": 0, "y": -0.14, "yanchor": "top"},
        ),
        "band95": BAND_95,
        "band80": BAND_80,
        "line": ORANGE,
        "marker": VERMILLION,
    }


def _dates(s: pd.Series) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in s]


def _billions(s: pd.Series) -> list[float]:
    return [round(float(v) / 1e9, 4) for v in s]


def replay_figure(frame: pd.DataFrame) -> dict:
    """At each NOC statement: the estimate made then (95% interval as error bars), NOC's running
    total, and the final full-data estimate for the same day with its interval."""
    x = _dates(frame["effective_date"])
    then = _billions(frame["replay_loss_usd"])
    final = _billions(frame["final_loss_usd"])
    edge = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    traces = [
        {**edge, "y": _billions(frame["final_loss_usd_upper"]), "showlegend": False, "name": "up"},
        {
            **edge,
            "y": _billions(frame["final_loss_usd_lower"]),
            "fill": "tonexty",
            "fillcolor": BAND_95,
            "name": "Final estimate, 95% interval",
        },
        {
            "type": "scatter",
            "x": x,
            "y": final,
            "mode": "lines",
            "line": {"color": ORANGE, "width": 2},
            "name": "Final estimate (all data)",
        },
        {
            "type": "scatter",
            "x": x,
            "y": then,
            "mode": "markers",
            "marker": {"color": BLUE, "size": 7, "symbol": "diamond"},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [
                    round(u - t, 4)
                    for u, t in zip(_billions(frame["replay_loss_usd_upper"]), then, strict=True)
                ],
                "arrayminus": [
                    round(t - lo, 4)
                    for lo, t in zip(_billions(frame["replay_loss_usd_lower"]), then, strict=True)
                ],
                "color": BLUE,
                "thickness": 1,
            },
            "name": "Estimate made then (95% interval)",
        },
        {
            "type": "scatter",
            "x": x,
            "y": _billions(frame["reported_cum_loss_usd"]),
            "mode": "markers",
            "marker": {"color": BLACK, "size": 6, "symbol": "circle-open"},
            "name": "NOC's running total",
        },
    ]
    layout = base_layout(
        "",
        "US$ billion, running total",
        margin={"l": 56, "r": 12, "t": 12, "b": 40},
        legend={"orientation": "h", "x": 0, "y": -0.14, "yanchor": "top"},
    )
    return {"data": traces, "layout": layout}
