"""Reusable layout pieces: labelled controls, chart cards with source note and download, KPIs."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.labels import EVENT_LABELS, MODEL_LABELS, label
from dashboard.state import Options, ViewState

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToAdd": ["toImage"],
}
SVG_EXPORT = "svg-export"


def svg_button(gid: str) -> html.Button:
    """A keyboard-reachable button that saves the graph `gid` as SVG (assets/clientside.js)."""
    return html.Button(
        "SVG",
        id={"type": SVG_EXPORT, "graph": gid},
        type="button",
        n_clicks=0,
        className="download-link svg-export ms-2",
        title="Download chart as SVG",
        **{"aria-label": "Download chart as SVG"},
    )


def _select(cid: str, label: str, options: list[dict], value: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=cid, className="small fw-semibold mb-1"),
            dbc.Select(id=cid, options=options, value=value),
        ],
        xs=12,
        sm=6,
        lg=3,
        className="mb-2",
    )


def controls(prefix: str, state: ViewState, opts: Options, fields: tuple[str, ...]) -> html.Div:
    """The page's controls, each a native, labelled, keyboard-reachable input."""
    cols = []
    choices = {
        "episode": (
            "Episode",
            [{"label": label(opts.episode_names, e), "value": e} for e in opts.episodes],
        ),
        "model": (
            "Counterfactual model",
            [{"label": label(MODEL_LABELS, m), "value": m} for m in opts.models],
        ),
        "price": (
            "Price scenario",
            [{"label": label(opts.price_labels, p), "value": p} for p in opts.prices],
        ),
        "level": (
            "Interval level",
            [{"label": f"{float(v):.0%}", "value": v} for v in opts.levels],
        ),
    }
    for field in ("episode", "model", "price", "level"):
        if field in fields:
            text, options = choices[field]
            cols.append(_select(f"{prefix}-{field}", text, options, getattr(state, field)))
    rows = [dbc.Row(cols, className="g-2")]
    if "start" in fields:
        lo, hi = (d.isoformat() for d in opts.bounds)
        dates = [
            dbc.Col(
                [
                    dbc.Label(
                        text, html_for=f"{prefix}-{part}", className="small fw-semibold mb-1"
                    ),
                    dbc.Input(
                        id=f"{prefix}-{part}",
                        type="date",
                        value=getattr(state, part).isoformat(),
                        min=lo,
                        max=hi,
                        debounce=True,
                    ),
                ],
                xs=6,
                lg=3,
                className="mb-2",
            )
            for part, text in (("start", "From"), ("end", "To"))
        ]
        events = dbc.Col(
            html.Fieldset(
                [
                    html.Legend("Event markers", className="small fw-semibold mb-1 fs-6"),
                    dbc.Checklist(
                        id=f"{prefix}-events",
                        options=[{"label": EVENT_LABELS[c], "value": c} for c in opts.categories],
                        value=list(state.events),
                        inline=True,
                        className="event-toggles",
                    ),
                ]
            ),
            xs=12,
            lg=6,
            className="mb-2",
        )
        rows.append(dbc.Row([*dates, events], className="g-2"))
    return html.Section(rows, className="controls", **{"aria-label": "View controls"})


def notes(cid: str, messages: list[str]) -> html.Div:
    """A visible note for each URL value that fell back to its default."""
    if not messages:
        return html.Div(id=cid)
    return html.Div(
        dbc.Alert(
            [html.Strong("Some link settings were not understood: "), " ".join(messages)],
            color="warning",
            className="py-2 small",
        ),
        id=cid,
        role="status",
    )


def download_href(table: str, selection: dict[str, str] | None = None) -> str:
    """The stable download URL of a table, optionally filtered to a selection."""
    query = f"?{urlencode(selection)}" if selection else ""
    return f"/download/{table}.csv{query}"


def chart_card(
    gid: str,
    source: str,
    table: str,
    href: str,
    figure: dict | None = None,
    height: int = 380,
    extra: tuple[tuple[str, str, str], ...] = (),
) -> dbc.Card:
    """A graph in a loading wrapper, its source note, a link to exactly its table and SVG export.

    `extra` adds (id, label, href) links for a second table the chart also draws from.
    """
    graph = dcc.Graph(
        id=gid,
        figure=figure or {"data": [], "layout": {}},
        config=GRAPH_CONFIG,
        style={"height": f"{height}px"},
    )
    foot = html.P(
        [
            html.Span(source, className="me-2"),
            html.A(
                "Download CSV",
                id=f"{gid}-download",
                href=href,
                download=f"{table}.csv",
                className="download-link",
                **{"aria-label": f"Download CSV of {table}"},
            ),
            *[
                html.A(label, id=lid, href=link, className="download-link ms-2")
                for lid, label, link in extra
            ],
            svg_button(gid),
        ],
        className="source-note small mb-0",
    )
    return dbc.Card(
        dbc.CardBody([dcc.Loading(graph, type="default", delay_show=150), foot]),
        className="mb-3 chart-card",
    )


def side_by_side(left: dbc.Card, right: dbc.Card) -> dbc.Row:
    """Two cards in one row on wide screens, stacked on narrow ones."""
    return dbc.Row([dbc.Col(left, lg=6), dbc.Col(right, lg=6)])


def kpi_card(title: str, value: str, detail: str, cid: str) -> dbc.Col:
    """One headline number with its interval or context."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(title, className="kpi-title"),
                    html.P(value, className="kpi-value", id=cid),
                    html.P(detail, className="kpi-detail"),
                ]
            ),
            className="h-100 kpi",
        ),
        xs=12,
        sm=6,
        xl=3,
        className="mb-3",
    )


def page_query_store(page: str, query: str) -> dcc.Store:
    """The page's canonical query string; the shell copies it to the address bar and nav links."""
    return dcc.Store(id={"type": "page-query", "page": page}, data=query)
