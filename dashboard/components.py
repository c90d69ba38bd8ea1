"""Reusable layout pieces: labelled controls, the chart frame, KPIs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict
from urllib.parse import quote, urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard.figures import EVENT_STYLES
from dashboard.labels import EVENT_LABELS, MODEL_LABELS, label
from dashboard.state import Options, ViewState

# Plotly's own image button saves a bare chart and its share button uploads to Plotly Cloud:
# the chart frame's PNG/SVG buttons and "Copy link" replace both. The toolbar would sit on the
# labels above the plot, so it is hidden; drag still zooms and a double click resets.
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "displayModeBar": False,
}
# pattern-matching ids of the chart frame, wired once for every chart in dashboard/factory.py
FRAME_VIEW = "chart-view"  # the Chart / Table / Download switch
FRAME_PANEL = "chart-panel"
FRAME_EXPORT = "chart-export"  # PNG and SVG buttons
FRAME_COPY = "copy-link"
FRAME_COPIED = "copy-status"
FRAME_TABLE = "chart-table-data"  # the Table panel's rows, drawn by assets/clientside.js fillTable
PAGE_TABLE = "page-table-data"  # a page's own long table (page_table), drawn by fillTable on load
VIEWS = ("chart", "table", "download")
# "18 Jan 2020" in the date pickers at every width, whatever the browser's locale; the address
# and the callbacks keep ISO dates
DATE_FORMAT, MONTH_FORMAT = "D MMM YYYY", "MMM YYYY"
DATE_FIELDS = ("start", "end")


def control_prop(field: str) -> str:
    """The property a page control holds its value in (date pickers: `date`)."""
    return "date" if field in DATE_FIELDS else "value"


ASSUMPTIONS = {
    # field: (plain label, one line on what it changes)
    "model": (
        "Output without the blockade",
        "The model that estimates what Libya would have produced had nothing been shut.",
    ),
    "price": ("Price per barrel", "The price each barrel not produced is valued at."),
    "level": (
        "Certainty of the ranges",
        "A 95% range holds the true figure 95 times in 100 if the model's assumptions hold.",
    ),
}


def _select(cid: str, text: str, options: list[dict], value: str, hint: str = "") -> dbc.Col:
    parts = [
        dbc.Label(text, html_for=cid, className="small fw-semibold mb-1"),
        dbc.Select(id=cid, options=options, value=value),
    ]
    if hint:
        parts.append(html.P(hint, className="control-hint small mb-0"))
    return dbc.Col(parts, xs=12, sm=6, lg=3 if not hint else 4, className="mb-2")


def event_key(cid: str, categories: tuple[str, ...], shown: tuple[str, ...]) -> html.Fieldset:
    """The event categories as toggles that double as the chart's key (colour and symbol)."""
    options = []
    for cat in categories:
        colour, _, glyph = EVENT_STYLES[cat]
        swatch = html.Span(
            glyph, className="swatch", style={"color": colour}, **{"aria-hidden": "true"}
        )
        options.append({"label": html.Span([swatch, EVENT_LABELS[cat]]), "value": cat})
    return html.Fieldset(
        [
            html.Legend("Events (key; untick to hide)", className="small fw-semibold mb-1 fs-6"),
            dbc.Checklist(
                id=cid, options=options, value=list(shown), inline=True, className="event-toggles"
            ),
        ]
    )


def controls(prefix: str, state: ViewState, opts: Options, fields: tuple[str, ...]) -> html.Div:
    """The page's controls, each a native, labelled, keyboard-reachable input.

    On a page with a date range (the Overview), model, price and interval level sit under a
    "Change assumptions" disclosure, each with its one-line explanation; elsewhere they are
    in plain view.
    """
    choices = {
        "episode": [{"label": label(opts.episode_names, e), "value": e} for e in opts.episodes],
        "model": [{"label": label(MODEL_LABELS, m), "value": m} for m in opts.models],
        "price": [{"label": label(opts.price_labels, p), "value": p} for p in opts.prices],
        "level": [{"label": f"{float(v):.0%}", "value": v} for v in opts.levels],
    }
    plain = {"episode": "Episode", "model": "Counterfactual model", "price": "Price scenario",
             "level": "Interval level"}  # fmt: skip
    disclose = "start" in fields
    main, hidden = [], []
    for field in ("episode", "model", "price", "level"):
        if field not in fields:
            continue
        cid, value = f"{prefix}-{field}", getattr(state, field)
        if disclose and field in ASSUMPTIONS:
            text, hint = ASSUMPTIONS[field]
            hidden.append(_select(cid, text, choices[field], value, hint))
        else:
            main.append(_select(cid, plain[field], choices[field], value))
    if "start" in fields:
        lo, hi = (d.isoformat() for d in opts.bounds)
        main += [
            dbc.Col(
                [
                    dbc.Label(
                        text, html_for=f"{prefix}-{part}", className="small fw-semibold mb-1"
                    ),
                    dcc.DatePickerSingle(
                        id=f"{prefix}-{part}",
                        date=getattr(state, part).isoformat(),
                        min_date_allowed=lo,
                        max_date_allowed=hi,
                        display_format=DATE_FORMAT,
                        month_format=MONTH_FORMAT,
                        first_day_of_week=1,
                        placeholder=text,  # the picker's accessible name
                        className="date-picker",
                    ),
                ],
                xs=6,
                lg=3,
                className="mb-2 date-col",
            )
            for part, text in (("start", "From"), ("end", "To"))
        ]
    rows: list[Component] = [dbc.Row(main, className="g-2")]
    if hidden:
        rows.append(
            html.Details(
                [
                    html.Summary("Change assumptions", className="fw-semibold"),
                    dbc.Row(hidden, className="g-2 mt-2"),
                ],
                className="assumptions mb-2",
            )
        )
    if "events" in fields:
        rows.append(event_key(f"{prefix}-events", opts.categories, state.events))
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


def _panel(gid: str, view: str, children: object) -> html.Div:
    return html.Div(
        children,
        id={"type": FRAME_PANEL, "chart": gid, "view": view},
        hidden=view != "chart",
        role="tabpanel",
        className=f"chart-panel chart-panel-{view}",
    )


def _frame_button(text: str, cid: dict, hint: str) -> html.Button:
    return html.Button(
        text,
        id=cid,
        type="button",
        n_clicks=0,
        className="frame-button",
        title=hint,
        **{"aria-label": hint},
    )


def graph(gid: str, figure: dict | None, height: int) -> dcc.Graph:
    """The plotly graph of a chart frame, `height` pixels high."""
    return dcc.Graph(
        id=gid,
        figure=figure or {"data": [], "layout": {}},
        config=GRAPH_CONFIG,
        style={"height": f"{height}px"},
    )


def later_store(sid: str, after: str, graphs: Sequence[tuple[dcc.Graph, str | None]]) -> dcc.Store:
    """What `mount_later` mounts: each graph (with its config and height) and the name of its
    figure among the figures it is given, or None for the graph's own figure; `after` names the
    graph to wait for."""
    entries = [{"graph": g.to_plotly_json(), "figure": name} for g, name in graphs]
    return dcc.Store(id=sid, data={"after": after, "graphs": entries})


def mount_later(app: Dash, store: str, graphs: Sequence[str], inputs: Sequence[Input]) -> None:
    """Mount graphs in their frames' slots (chart_frame's `later`) once another has drawn.

    `store` is a `later_store`; the first of `inputs` holds the figures by name, drawn through
    applyView with the other inputs (range, event categories). The first call waits until the
    store's `after` graph is drawn and painted, so that chart is not held up by drawing the
    others in the same task; later calls (new figures, range or event toggles) hand the graphs
    their new figures at once.
    """
    app.clientside_callback(
        ClientsideFunction("blockade", "mountLater"),
        [Output(f"{gid}-slot", "children") for gid in graphs],
        Input(store, "data"),
        *inputs,
    )


def chart_frame(
    gid: str,
    title: str,
    subtitle: str,
    source: str,
    figure: dict | None = None,
    *,
    slug: str,
    height: int = 380,
    key: Component | None = None,
    links: Sequence[tuple[str, str, str]] = (),
    later: bool = False,
) -> html.Section:
    """A chart as a unit that stands alone: title, subtitle, Chart / Table / Download, source.

    The graph `gid` sits in the Chart panel; `register_table` fills the Table panel and the
    "CSV of this view" link from the same frame the figure is drawn from. A callback may
    change the title (`{gid}-title`) with the selection. Image exports and "Copy link" read
    the title from the heading, subtitle and source from this frame's data attributes, the view's
    settings from the page's controls and the URL from the address bar (assets/clientside.js);
    file names start with `libya-{slug}`. `links` adds (id, label, href) links to whole tables.
    With `later`, the Chart panel holds an empty slot of the graph's height (`{gid}-slot`)
    instead of the graph, which a callback mounts there with its figure (`mount_later`).
    """
    shown = (
        html.Div(id=f"{gid}-slot", style={"height": f"{height}px"})
        if later
        else graph(gid, figure, height)
    )
    switch = dbc.RadioItems(
        id={"type": FRAME_VIEW, "chart": gid},
        options=[{"label": v.capitalize(), "value": v} for v in VIEWS],
        value="chart",
        inline=True,
        className="view-switch",
        inputClassName="view-switch-input",
        labelClassName="view-switch-label",
    )
    table = [
        html.Div(id=f"{gid}-table", className="table-responsive chart-table", tabIndex="0"),
        dcc.Store(id={"type": FRAME_TABLE, "chart": gid}),
    ]
    download = [
        html.A(
            "CSV of this view",
            id=f"{gid}-csv",
            href="",
            download=f"libya-{slug}.csv",
            className="download-link",
        ),
        *[html.A(text, id=lid, href=href, className="download-link") for lid, text, href in links],
        *[
            _frame_button(
                fmt.upper(),
                {"type": FRAME_EXPORT, "chart": gid, "format": fmt},
                f"Download chart as {fmt.upper()}, with its title, source and link",
            )
            for fmt in ("png", "svg")
        ],
    ]
    foot = html.Div(
        [
            html.P(source, className="chart-source small mb-0"),
            html.Div(
                [
                    _frame_button(
                        "Copy link",
                        {"type": FRAME_COPY, "chart": gid},
                        "Copy a link to this view",
                    ),
                    html.Span(
                        id={"type": FRAME_COPIED, "chart": gid},
                        className="copy-status small",
                        role="status",
                    ),
                ],
                className="chart-share",
            ),
        ],
        className="chart-foot",
    )
    return html.Section(
        [
            html.H2(title, id=f"{gid}-title", className="chart-title"),
            html.P(subtitle, className="chart-subtitle"),
            html.Fieldset(
                [html.Legend("Show", className="visually-hidden"), switch],
                className="chart-switch",
            ),
            _panel(
                gid,
                "chart",
                [dcc.Loading(shown, type="default", delay_show=150), key or html.Div()],
            ),
            _panel(gid, "table", table),
            _panel(gid, "download", html.Div(download, className="chart-downloads")),
            foot,
        ],
        id=f"{gid}-frame",
        className="card mb-3 chart-frame",
        **{
            "data-subtitle": subtitle,
            "data-source": source,
            "data-slug": slug,
            "aria-labelledby": f"{gid}-title",
        },
    )


class TableData(TypedDict):
    """What `fillTable` in assets/clientside.js draws: one row of cells per table row, a cell
    being its text or, for a link, [text, http(s) URL]."""

    caption: str
    columns: list[str]
    rows: list[list[str | list[str]]]


def _cell(value: object) -> str | list[str]:
    """One cell for fillTable: text (a gap as empty), or [text, url] for a (text, url) pair
    whose URL is http(s) (the loader admits no other, and fillTable checks again)."""
    if isinstance(value, tuple):
        text, url = (str(v) for v in value)
        return [text, url] if url.lower().startswith(("https://", "http://")) else text
    return "" if value is None or pd.isna(value) else str(value)


def table_data(frame: pd.DataFrame, caption: str) -> TableData:
    """`frame` as the Table panel's caption, column names and rows of text (a gap as an empty
    cell), which the browser draws as one plain table (assets/clientside.js fillTable).

    Not as Dash components: Dash 4's renderer handles each of a table's thousands of cells as
    a component of its own, and a 360-row table held the page's main thread for 33 s.
    """
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    return TableData(caption=caption, columns=[str(c) for c in frame.columns], rows=rows)


def page_table(tid: str, rows: list[dict], columns: dict[str, str], caption: str) -> html.Div:
    """A page's long table (`columns`: key -> heading) as rows of text in a Store, drawn by
    `fillTable` as the page opens, in a scrolling box with id `tid`-table.

    Why not Dash components: the Data page's two tables were about 3,200 of them, and its load
    held the main thread for about 630 ms. A (text, url) pair becomes a link (_cell).
    """
    data = TableData(
        caption=caption,
        columns=list(columns.values()),
        rows=[[_cell(r[key]) for key in columns] for r in rows],
    )
    return html.Div(
        [
            html.Div(
                id=f"{tid}-table",
                className="table-scroll data-table",
                tabIndex="0",  # a scrolling box: reachable by keyboard, and named for readers
                role="region",
                **{"aria-label": caption},
            ),
            dcc.Store(id={"type": PAGE_TABLE, "chart": tid}, data=data),
        ]
    )


def csv_href(frame: pd.DataFrame) -> str:
    """`frame` as a CSV data URL, so the file is exactly the table shown."""
    return "data:text/csv;charset=utf-8," + quote(frame.to_csv(index=False, lineterminator="\n"))


def register_table(
    app: Dash,
    gid: str,
    inputs: Sequence[Input | State],
    build: Callable[..., tuple[pd.DataFrame, str, str]],
) -> None:
    """Fill the Table panel and the CSV link of chart `gid` when the reader opens either.

    `build(*values)` gets the values of `inputs` and returns (frame, caption, file name stem);
    nothing is computed while the Chart panel is shown, nor requested when the page opens
    (every frame opens on its Chart panel).
    """

    @app.callback(
        Output({"type": FRAME_TABLE, "chart": gid}, "data"),
        Output(f"{gid}-csv", "href"),
        Output(f"{gid}-csv", "download"),
        Input({"type": FRAME_VIEW, "chart": gid}, "value"),
        *inputs,
        prevent_initial_call=True,
    )
    def fill(view: str, *values: object) -> tuple[TableData, str, str]:
        if view == "chart":
            raise PreventUpdate
        frame, caption, stem = build(*values)
        return table_data(frame, caption), csv_href(frame), f"{stem}.csv"


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
