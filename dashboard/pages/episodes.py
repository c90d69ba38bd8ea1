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


# the two charts: name -> (subtitle, file name slug); their titles come with the selection
CHARTS = {
    "barrels": (
        "Oil not produced in each episode, million barrels, with its interval at the level "
        "chosen; one model and price scenario for all.",
        "episodes-barrels",
    ),
    "value": (
        "Gross value forgone in each episode, US$ billion, with its interval: lost barrels "
        "times the daily price of the scenario.",
        "episodes-value",
    ),
}
SOURCE = "Source: this project's estimates (episode_summary.csv), one row per episode."


def noc_said(r: dict) -> list | str:
    """NOC's figure, the day it refers to, who reported it and (disclosed) what it covers."""
    if pd.isna(r["reported_loss_usd"]):
        return "NOC published no figure"
    said: list = [
        fmt.usd(r["reported_loss_usd"]),
        html.Br(),
        html.Small(f"as of {fmt.date(r['reported_as_of'])}"),
    ]
    if isinstance(r["noc_publisher"], str):
        said[-1].children += f", reported by {r['noc_publisher']}"
    if isinstance(r["noc_note"], str) and r["noc_note"]:
        said.append(
            html.Details([html.Summary("What it covers", className="small"), r["noc_note"]])
        )
    return said


def dates(r: dict) -> str:
    """The episode's dates; an ongoing one says so, with the day its figures run to."""
    if r["status"] == "ongoing":
        return f"since {fmt.date(r['start'])}; ongoing, as of {fmt.date(r['as_of_date'])}"
    return f"{fmt.date(r['start'])} to {fmt.date(r['end'])}"


def so_far(r: dict) -> list:
    """After an ongoing episode's totals: the day they run to."""
    if r["status"] != "ongoing":
        return []
    return [html.Br(), html.Small(f"so far, as of {fmt.date(r['as_of_date'])}")]


def table(rows: list[dict], level: str) -> dbc.Table:
    """Duration, lost barrels and value with intervals, NOC's figure and recovery time."""
    lvl = float(level)
    cols = (
        "Episode",
        "Dates",
        "Duration",
        "Lost barrels",
        "Gross value forgone",
        "NOC said",
        "This project, same day",
        "Recovery",
    )
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in cols]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(r["name"], scope="row"),
                    html.Td(dates(r)),
                    html.Td([fmt.days(r["days"]), *so_far(r)]),
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
                            *so_far(r),
                        ]
                    ),
                    html.Td(
                        [
                            fmt.usd(r["loss_usd"]),
                            html.Br(),
                            html.Small(
                                fmt.interval(r["loss_usd_lower"], r["loss_usd_upper"], fmt.usd, lvl)
                            ),
                            *so_far(r),
                        ]
                    ),
                    html.Td(noc_said(r)),
                    html.Td(
                        [
                            fmt.usd(r["estimate_then"]),
                            html.Br(),
                            html.Small(
                                fmt.interval(
                                    r["estimate_then_lower"], r["estimate_then_upper"], fmt.usd, lvl
                                )
                            ),
                        ]
                        if pd.notna(r["estimate_then"])
                        else "no estimate for that day"
                    ),
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


def layout(ctx: Context, /, **query: object) -> html.Div:
    """The comparison page for a query string."""
    state, head = page_opening(
        PAGE,
        query,
        ctx.opts,
        "Episodes compared",
        "Each blockade measured the same way: the same model, price scenario and "
        "interval level for all of them. NOC's figure stands beside this project's estimate "
        "for the same day: NOC's running totals refer to the day they were given, not always "
        "to the whole episode. "
        "Recovery counts the days from the end of the "
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
                *[
                    components.chart_frame(
                        f"{PAGE}-{name}",
                        getattr(view, name).title,
                        subtitle,
                        SOURCE,
                        getattr(view, name).figure,
                        slug=slug,
                        height=400,  # eight episodes, each named above its row
                        links=((f"{PAGE}-{name}-download", "Whole table", href),),
                    )
                    for name, (subtitle, slug) in CHARTS.items()
                ]
            ),
        ]
    )


def register(app: Dash, ctx: Context) -> None:
    """One lookup per selection change; each chart's Table and CSV from its view-model table."""

    @app.callback(
        Output(f"{PAGE}-table", "children"),
        *[
            Output(f"{PAGE}-{name}{part}", prop)
            for name in CHARTS
            for part, prop in (("", "figure"), ("-title", "children"))
        ],
        Output(f"{PAGE}-table-download", "href"),
        *[Output(f"{PAGE}-{name}-download", "href") for name in CHARTS],
        [Input(f"{PAGE}-{f}", "value") for f in FIELDS],
        prevent_initial_call=True,
    )
    def on_select(model: str, price: str, level: str) -> tuple:
        view, href = select(ctx, model, price, level)
        charts = [getattr(view, name) for name in CHARTS]
        drawn = [part for chart in charts for part in (chart.figure, chart.title)]
        return (table(view.rows, level), *drawn, href, *[href for _ in CHARTS])

    for name, (subtitle, slug) in CHARTS.items():

        def rows(*values: str, name: str = name, subtitle: str = subtitle, slug: str = slug):
            view, _ = select(ctx, *values)
            return getattr(view, name).table, subtitle, f"libya-{slug}-{'-'.join(values)}"

        components.register_table(
            app, f"{PAGE}-{name}", [Input(f"{PAGE}-{f}", "value") for f in FIELDS], rows
        )
    register_query_sync(app, ctx, PAGE, FIELDS)
