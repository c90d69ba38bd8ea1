"""Episodes: every blockade compared on one page."""

from __future__ import annotations

from functools import cache

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html

from dashboard import components, figures
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.pages.common import register_query_sync
from dashboard.state import parse, serialise

PAGE = "episodes"
FIELDS = ("model", "price", "level")


def _rows(ctx: Context, model: str, price: str, level: str) -> list[dict]:
    return [
        ctx.summary[key]
        for ep in ctx.opts.episodes
        if (key := (ep, model, price, level)) in ctx.summary
    ]


def table(rows: list[dict], level: str) -> dbc.Table:
    """Duration, lost barrels and value with intervals, NOC's figure and recovery time."""
    lvl = float(level)
    cols = (
        "Episode",
        "Dates",
        "Duration",
        "Lost barrels",
        "Lost value",
        "NOC reported",
        "Recovery",
    )
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in cols]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(r["name"], scope="row"),
                    html.Td(f"{fmt.date(r['start'])} to {fmt.date(r['end'])}"),
                    html.Td(fmt.days(r["days"])),
                    html.Td(
                        [
                            fmt.barrels(r["lost_barrels"]),
                            html.Br(),
                            html.Small(
                                fmt.interval(
                                    r["lost_barrels_lower"],
                                    r["lost_barrels_upper"],
                                    fmt.barrels,
                                    lvl,
                                )
                            ),
                        ]
                    ),
                    html.Td(
                        [
                            fmt.usd(r["loss_usd"]),
                            html.Br(),
                            html.Small(
                                fmt.interval(r["loss_usd_lower"], r["loss_usd_upper"], fmt.usd, lvl)
                            ),
                        ]
                    ),
                    html.Td(fmt.usd(r["reported_loss_usd"])),
                    html.Td(
                        "not back to 90% within two years"
                        if r["recovery_days"] != r["recovery_days"]
                        else f"{fmt.days(r['recovery_days'])} after the end"
                    ),
                ]
            )
            for r in rows
        ]
    )
    return dbc.Table([head, body], hover=True, size="sm", responsive=True, className="episodes")


@cache
def views(ctx: Context, model: str, price: str, level: str) -> tuple:
    """Table, two comparison figures and the download link for one model and price scenario."""
    rows = _rows(ctx, model, price, level)
    labels = [r["name"] for r in rows]

    def points(col: str, scale: float, title: str, unit: str, colour: str) -> dict:
        vals = [
            [None if r[c] != r[c] else round(r[c] / scale, 3) for r in rows]
            for c in (col, f"{col}_lower", f"{col}_upper")
        ]
        return figures.interval_points(labels, *vals, title, unit, colour)

    href = components.download_href(
        "episode_summary", {"model": model, "price": price, "level": level}
    )
    return (
        table(rows, level),
        points("lost_barrels", 1e6, "Lost barrels by episode", "million barrels", figures.BLUE),
        points("loss_usd", 1e9, "Lost value by episode", "US$ billion", figures.VERMILLION),
        href,
    )


def layout(ctx: Context, **query: object) -> html.Div:
    """The comparison page for a query string."""
    state, messages = parse(query, ctx.opts)
    tab, barrels, value, href = views(ctx, state.model, state.price, state.level)
    return html.Div(
        [
            html.H1("Episodes compared", className="h3"),
            html.P(
                "Each blockade measured the same way: the same model, price scenario and "
                "interval level for all of them. Recovery counts the days from the end of the "
                "blockade until monthly production is back to 90% of the counterfactual "
                '(within two years; "not recovered" otherwise).',
                className="lead-text",
            ),
            components.notes(f"{PAGE}-notes", messages),
            html.Div(id=f"{PAGE}-input-notes", role="status"),
            components.controls(PAGE, state, ctx.opts, FIELDS),
            components.page_query_store(PAGE, serialise(state)),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(tab, id=f"{PAGE}-table"),
                        html.P(
                            html.A("Download CSV", id=f"{PAGE}-table-download", href=href),
                            className="source-note small mb-0",
                        ),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        components.chart_card(
                            f"{PAGE}-barrels",
                            "From episode_summary.csv.",
                            "episode_summary",
                            href,
                            figure=barrels,
                            height=320,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        components.chart_card(
                            f"{PAGE}-value",
                            "From episode_summary.csv.",
                            "episode_summary",
                            href,
                            figure=value,
                            height=320,
                        ),
                        lg=6,
                    ),
                ]
            ),
        ]
    )


def register(app: Dash, ctx: Context) -> None:
    """One lookup per selection change."""

    @app.callback(
        Output(f"{PAGE}-table", "children"),
        Output(f"{PAGE}-barrels", "figure"),
        Output(f"{PAGE}-value", "figure"),
        Output(f"{PAGE}-table-download", "href"),
        Output(f"{PAGE}-barrels-download", "href"),
        Output(f"{PAGE}-value-download", "href"),
        [Input(f"{PAGE}-{f}", "value") for f in FIELDS],
        prevent_initial_call=True,
    )
    def on_select(model: str, price: str, level: str) -> tuple:
        tab, barrels, value, href = views(ctx, model, price, level)
        return tab, barrels, value, href, href, href

    register_query_sync(app, ctx, PAGE, FIELDS)
