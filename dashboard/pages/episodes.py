"""Episodes: every blockade compared on one page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, html
from dash.exceptions import PreventUpdate

from dashboard import components
from dashboard import format as fmt
from dashboard.context import Context
from dashboard.pages.common import page_opening, register_query_sync
from dashboard.views.episodes import EpisodesSelection

PAGE = "episodes"
FIELDS = ("model", "price", "level")


def table(rows: list[dict], level: str) -> dbc.Table:
    """Duration, lost barrels and value with intervals, NOC's figure and recovery time."""
    lvl = float(level)
    cols = (
        "Episode",
        "Dates",
        "Duration",
        "Lost barrels",
        "Gross value forgone",
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
                        if pd.isna(r["recovery_days"])
                        else f"{fmt.days(r['recovery_days'])} after the end"
                    ),
                ]
            )
            for r in rows
        ]
    )
    return dbc.Table([head, body], hover=True, size="sm", responsive=True, className="episodes")


def select(ctx: Context, model: str, price: str, level: str) -> tuple[EpisodesSelection, str]:
    """The rows and figures of one model, price scenario and level, and their download link."""
    choice = (model, price, level)
    if choice not in ctx.episodes.selections:
        raise PreventUpdate
    href = components.download_href(
        "episode_summary", {"model": model, "price": price, "level": level}
    )
    return ctx.episodes.selections[choice], href


def layout(ctx: Context, **query: object) -> html.Div:
    """The comparison page for a query string."""
    state, head = page_opening(
        PAGE,
        query,
        ctx.opts,
        "Episodes compared",
        "Each blockade measured the same way: the same model, price scenario and "
        "interval level for all of them. Recovery counts the days from the end of the "
        "blockade until monthly production is back to 90% of the counterfactual "
        '(within two years; "not recovered" otherwise).',
        FIELDS,
    )
    view, href = select(ctx, state.model, state.price, state.level)
    return html.Div(
        [
            *head,
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(table(view.rows, state.level), id=f"{PAGE}-table"),
                        html.P(
                            html.A("Download CSV", id=f"{PAGE}-table-download", href=href),
                            className="source-note small mb-0",
                        ),
                    ]
                ),
                className="mb-3",
            ),
            components.side_by_side(
                components.chart_card(
                    f"{PAGE}-barrels",
                    "From episode_summary.csv.",
                    "episode_summary",
                    href,
                    figure=view.barrels,
                    height=320,
                ),
                components.chart_card(
                    f"{PAGE}-value",
                    "From episode_summary.csv.",
                    "episode_summary",
                    href,
                    figure=view.value,
                    height=320,
                ),
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
        view, href = select(ctx, model, price, level)
        return table(view.rows, level), view.barrels, view.value, href, href, href

    register_query_sync(app, ctx, PAGE, FIELDS)
